using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>Scalar reductions: per-chunk partials combined in chunk order. Integers exact; floats within tolerance; Deterministic bitwise.</summary>
    public class ReductionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class R
            {
                [ParallelKernel(ChunkSize = 5)]
                public static long IntForms(int[] a, int start, int stop)
                {
                    int sum = 7; long lsum = -3; int count = 2; int down = 100; int prod = 1; int and = -1; int or = 0x100; int xor = 5;
                    int min = 1000; int max = -1000; long sub = 11; int plain = 1;
                    foreach (int i in PRange(start, stop))
                    {
                        sum += a[i];
                        lsum = lsum + (long)a[i] * 3;
                        if (a[i] > 0) count++;
                        down--;
                        prod *= (a[i] & 3) + 1;
                        and &= a[i] | 0x10;
                        or |= a[i] & 0xF0F;
                        xor ^= a[i];
                        min = Math.Min(min, a[i]);
                        max = Math.Max(a[i], max);
                        sub -= a[i];
                        plain = a[i] + plain;
                    }
                    return sum * 31L + lsum * 37 + count * 41 + down * 43 + prod * 47L + and * 53L + or * 59L + xor * 61L + min * 67L + max * 71L + sub * 73 + plain * 79L;
                }

                [ParallelKernel]
                public static double FloatForms(float[] a, int start, int stop)
                {
                    float fs = 1.5f; double ds = -2.25; float fmin = float.PositiveInfinity; double dmax = double.NegativeInfinity; double dp = 1;
                    foreach (int i in PRange(start, stop))
                    {
                        fs += a[i];
                        ds -= a[i] * 0.5;
                        fmin = MathF.Min(fmin, a[i]);
                        dmax = Math.Max(dmax, a[i]);
                        dp *= 1.0 + a[i] * 1e-6;
                    }
                    return fs * 3.0 + ds * 5.0 + fmin * 7.0 + dmax * 11.0 + dp * 13.0;
                }

                [ParallelKernel(Deterministic = true)]
                public static double DeterministicSum(double[] a)
                {
                    double s = 0;
                    float f = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        s += a[i] * a[i];
                        f += (float)a[i];
                    }
                    return s + f;
                }

                [ParallelKernel(ChunkSize = 3)]
                public static int Keyword(int[] a)
                {
                    int @checked = 1;
                    foreach (int i in PRange(a.Length))
                        @checked += a[i];
                    return @checked;
                }

                [ParallelKernel]
                public static int Mixed(int[] a)
                {
                    int s = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        s += a[i];
                        s *= 2;
                    }
                    return s;
                }

                [ParallelKernel]
                public static int ReadElsewhere(int[] a, int[] b)
                {
                    int s = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        s += a[i];
                        b[i] = s;
                    }
                    return s;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 1000, 100_003 };

        private static int[] RandomInts(int n, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => random.Next(-1_000_000, 1_000_000)).ToArray();
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Integer_reductions_are_exact(int n)
        {
            int[] a = RandomInts(n, n);
            foreach ((int start, int stop) in new[] { (0, n), (Math.Min(3, n), Math.Max(Math.Min(3, n), n - 2)) })
            {
                object? serial = InMemory.Call(Built.Value, "R", "IntForms", a, start, stop);
                object? parallel = InMemory.Call(Built.Value, "R", "IntFormsParallel", a, start, stop);
                Assert.Equal(serial, parallel);
            }
            Assert.Equal(InMemory.Call(Built.Value, "R", "Keyword", a), InMemory.Call(Built.Value, "R", "KeywordParallel", a));
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Float_reductions_within_tolerance(int n)
        {
            var random = new Random(n);
            float[] a = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
            foreach ((int start, int stop) in new[] { (0, n), (Math.Min(3, n), Math.Max(Math.Min(3, n), n - 2)) })
            {
                double serial = (double)InMemory.Call(Built.Value, "R", "FloatForms", a, start, stop)!;
                double parallel = (double)InMemory.Call(Built.Value, "R", "FloatFormsParallel", a, start, stop)!;
                // Documented tolerance: relative 1e-4 of the magnitude (float partial sums reassociate).
                Assert.True(serial.Equals(parallel) || Math.Abs(serial - parallel) <= 1e-4 * Math.Max(1, Math.Abs(serial)), $"serial {serial} parallel {parallel}");
            }
        }

        [Fact]
        public void Deterministic_sums_are_bitwise_identical_across_degrees()
        {
            var random = new Random(5);
            double[] a = Enumerable.Range(0, 100_003).Select(_ => random.NextDouble() * 1000 - 500).ToArray();
            long[] results = new[] { 1, 2, 3, 4, 8 }.Select(degree => RuntimeSettings.With(degree, backoff: true,
                () => BitConverter.DoubleToInt64Bits((double)InMemory.Call(Built.Value, "R", "DeterministicSumParallel", a)!))).ToArray();
            Assert.All(results, bits => Assert.Equal(results[0], bits));
            double serial = (double)InMemory.Call(Built.Value, "R", "DeterministicSum", a)!;
            double parallel = (double)InMemory.Call(Built.Value, "R", "DeterministicSumParallel", a)!;
            Assert.True(Math.Abs(serial - parallel) <= 1e-6 * Math.Abs(serial));
        }

        [Fact]
        public void Unsupported_forms_stay_serial_with_KG2006()
        {
            var diagnostics = InMemory.Analyze(Source);
            Assert.Equal(1, diagnostics.Count(d => d.Id == "KG2006")); // Mixed
            // ReadElsewhere reads s while other iterations update it: a race on its value (race analysis).
            Assert.Equal(1, diagnostics.Count(d => d.Id == "KG1005"));
            // Still correct: the serial-only kernels have no parallel version (or run serially).
            Assert.Null(Built.Value.GetType("R")!.GetMethod("MixedParallel"));
        }

        [Fact]
        public void Report_lists_reductions()
        {
            (var output, var run) = InMemory.Generate(InMemory.Compile(Source));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("reductions: sum (int sum: +=)", text);
            Assert.Contains("min (int min: Math.Min)", text);
            Assert.Contains("deterministic:", text);
        }

        [Fact]
        public void Steady_state_reduction_calls_allocate_nothing_on_the_calling_thread()
        {
            // The per-chunk partials come from the runtime's per-thread cache (KernelRuntime.RentPartials), not a new array per call.
            var keyword = Built.Value.GetType("R")!.GetMethod("KeywordParallel", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
                .CreateDelegate<Func<int[], int>>();
            int[] a = RandomInts(3000, 3); // ChunkSize = 3: 1000 chunks, 1000 partials
            int expected = keyword(a);
            for (int i = 0; i < 5; i++) Assert.Equal(expected, keyword(a));
            // A partials array per call would show in every call. (At a degree no other test changes meanwhile: a
            // higher one would make the pool's job grow its cursors once more.)
            RuntimeSettings.With(2, backoff: true, () =>
                Allocations.AssertSteadyStateAllocatesNothing(Allocations.PerCall(() => keyword(a)), threads: 2));
        }

        [Fact]
        public void Rented_partials_are_not_shared_until_returned()
        {
            double[] outer = KernelRuntime.RentPartials<double>(10);
            double[] inner = KernelRuntime.RentPartials<double>(10); // e.g. a kernel called from inside a chunk
            Assert.NotSame(outer, inner);
            Assert.True(outer.Length >= 10 && inner.Length >= 10);
            KernelRuntime.ReturnPartials(inner);
            Assert.Same(inner, KernelRuntime.RentPartials<double>(5));
            Assert.Empty(KernelRuntime.RentPartials<double>(0));
            KernelRuntime.ReturnPartials(outer);
        }
    }
}
