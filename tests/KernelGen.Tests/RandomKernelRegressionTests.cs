using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// What the random kernels (RandomKernelTests) found, minimized by hand. Each test names the run, kernel and seed
    /// it came from.
    /// </summary>
    public class RandomKernelRegressionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class Found
            {
                // Seed 7, kernels 199 and 1411 (float sums of ~300,000 to 2,000,000 terms of one sign): the serial float
                // accumulator drifts by more than the documented tolerance; the chunked sum is the accurate one.
                [ParallelKernel]
                public static float Drift(float[] a)
                {
                    float s = 0;
                    foreach (int i in PRange(a.Length))
                        s -= 0.56622776f + a[i];
                    return s;
                }

                // Long run (seed 20261126), kernel 8765, called with r and q the same array: the alias makes iteration i
                // read what iteration i - 1 wrote, so the chunks must run in order and the vector path must not be taken.
                // The values soon overflow to ±inf and NaN; the parallel result differed from the serial one only in the
                // sign of NaNs (see below).
                [ParallelKernel(Deterministic = true)]
                public static void Aliased(float[] a, float[] b, float[] r, float[] q)
                {
                    int n = a.Length;
                    foreach (long i in PRange((long)(1), n - 1))
                    {
                        r[i + 1] += -((a[i]) * (q[i])) + MathF.Sqrt(Math.Abs(q[i]));
                        r[i + 1] += Math.Abs((b[i]) * (r[i + 1])) - (a[i]) * (-(q[i + 1]));
                    }
                }

                // Long run (seed 20261126), kernel 8652: an int Math.Min reduction in a loop with long lanes (it also
                // computes longs) started its vector accumulators at long.MaxValue; an accumulator no step updated (fewer
                // iterations than the widest vector, or the interleaved ones) folded back as (int)long.MaxValue = -1.
                [ParallelKernel]
                public static int MinInLongLanes(long[] q, int start)
                {
                    int s = start;
                    foreach (int i in PRange(q.Length))
                    {
                        q[i] = q[i] * 3 + 1;
                        s = Math.Min(s, (int)(q[i] & 0xFFFF));
                    }
                    return s;
                }

                [ParallelKernel]
                public static int MaxInLongLanes(long[] q, int start)
                {
                    int s = start;
                    foreach (int i in PRange(q.Length))
                        s = Math.Max(s, (int)(q[i] >> 3) - 5);
                    return s;
                }

                // Seed 816, kernel 1989 (sbyte/byte elements in int lanes): '(0 & a[i]) >= 200' is false in every lane, and
                // .NET 10's JIT on AVX-512 folds a mask ANDed with a mask it proves all-false to the other mask
                // (dotnet/runtime#123399), so the && was true wherever '16 + r[i] < 0' was. The generator ANDs masks as
                // ConditionalSelect(a, b, 0).
                [ParallelKernel]
                public static void FalseAnd(sbyte[] a, sbyte[] r, int m)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        int t0 = (0 & a[i]) >= 200 && 16 + r[i] < 0 ? 1000 : m;
                        r[i] = (sbyte)(t0 >> 2);
                    }
                }

                // The same fold in a while loop's lane mask would keep lanes in the loop that the condition ends.
                [ParallelKernel]
                public static void FalseWhile(int[] a, int[] steps)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        int x = a[i], n = 0;
                        while (x > 0 && (0 & x) > 5)
                        {
                            x -= 3;
                            n++;
                        }
                        steps[i] = n + x;
                    }
                }

                // Seed 11, kernels 5 and 269 (a vectorized double map with NaN inputs): NaN + NaN where one NaN had its
                // sign cleared by Math.Abs. x64 returns the first operand's NaN; the JIT orders the operands of the
                // commutative vector add differently from the scalar one, so the sign bit of the NaN differs.
                [ParallelKernel]
                public static void NaNSum(double[] a, double[] b, double[] r)
                {
                    foreach (int i in PRange(a.Length))
                        r[i] = b[i] + Math.Abs(a[i]);
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static (double[] Serial, double[] Parallel) NaNSums()
        {
            double[] a = Enumerable.Repeat(double.NaN, 64).ToArray(), b = Enumerable.Repeat(double.NaN, 64).ToArray();
            double[] serial = new double[64], parallel = new double[64];
            InMemory.Call(Built.Value, "Found", "NaNSum", a, b, serial);
            InMemory.Call(Built.Value, "Found", "NaNSumParallel", a, b, parallel);
            return (serial, parallel);
        }

        [Fact]
        public void NaN_in_a_vector_map_stays_NaN()
        {
            (double[] serial, double[] parallel) = NaNSums();
            Assert.All(serial, x => Assert.True(double.IsNaN(x)));
            Assert.All(parallel, x => Assert.True(double.IsNaN(x)));
        }

        [Fact(Skip = "NaN sign/payload differs between the vector path and the scalar loop: b[i] + Math.Abs(a[i]) with both NaN gives "
            + "0xFFF8000000000000 (b's NaN) serially and 0x7FF8000000000000 (|a|'s NaN) on Vector128/256/512, because the JIT orders the "
            + "operands of a commutative vector add differently and x64 returns the first operand's NaN. Not fixable in the generator "
            + "(the emitted code keeps the source order); the README's 'bitwise identical to the serial loop' holds except for NaN "
            + "payloads, and the random kernels compare any two NaNs as equal.")]
        public void NaN_bits_in_a_vector_map_match_the_serial_loop()
        {
            (double[] serial, double[] parallel) = NaNSums();
            for (int i = 0; i < serial.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(serial[i]).ToString("x16"), BitConverter.DoubleToInt64Bits(parallel[i]).ToString("x16"));
        }

        [Theory, InlineData(17), InlineData(1017), InlineData(100_003)]
        public void Aliased_arrays_in_a_vector_kernel_run_like_the_serial_loop(int n)
        {
            var random = new Random(8765);
            float[] Floats() => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
            float[] a = Floats(), b = Floats(), r = Floats();
            float[] serial = (float[])r.Clone(), parallel = (float[])r.Clone();
            InMemory.Call(Built.Value, "Found", "Aliased", a, b, serial, serial);
            InMemory.Call(Built.Value, "Found", "AliasedParallel", a, b, parallel, parallel);
            int nans = 0;
            for (int i = 0; i < n; i++)
            {
                if (float.IsNaN(serial[i]) && float.IsNaN(parallel[i])) { nans++; continue; }
                Assert.True(BitConverter.SingleToInt32Bits(serial[i]) == BitConverter.SingleToInt32Bits(parallel[i]), $"[{i}]: serial {serial[i]}, parallel {parallel[i]}");
            }
            // Without the alias the same kernel is vectorized and parallel, and still agrees.
            float[] q = Floats();
            serial = (float[])r.Clone(); parallel = (float[])r.Clone();
            float[] q1 = (float[])q.Clone(), q2 = (float[])q.Clone();
            InMemory.Call(Built.Value, "Found", "Aliased", a, b, serial, q1);
            InMemory.Call(Built.Value, "Found", "AliasedParallel", a, b, parallel, q2);
            for (int i = 0; i < n; i++)
                Assert.True(BitConverter.SingleToInt32Bits(serial[i]) == BitConverter.SingleToInt32Bits(parallel[i]) || float.IsNaN(serial[i]) && float.IsNaN(parallel[i]), $"[{i}] not aliased");
        }

        [Theory, InlineData(3), InlineData(4), InlineData(16), InlineData(37), InlineData(200)]
        public void A_mask_and_with_a_false_comparison_is_false(int n)
        {
            var random = new Random(1989 + n);
            sbyte[] a = Enumerable.Range(0, n).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
            sbyte[] r = Enumerable.Range(0, n).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
            sbyte[] serial = (sbyte[])r.Clone(), parallel = (sbyte[])r.Clone();
            InMemory.Call(Built.Value, "Found", "FalseAnd", a, serial, 1418);
            InMemory.Call(Built.Value, "Found", "FalseAndParallel", a, parallel, 1418);
            Assert.Equal(serial, parallel);
            Assert.All(parallel, v => Assert.Equal(unchecked((sbyte)(1418 >> 2)), v));

            int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-50, 50)).ToArray();
            int[] stepsSerial = new int[n], stepsParallel = new int[n];
            InMemory.Call(Built.Value, "Found", "FalseWhile", x, stepsSerial);
            InMemory.Call(Built.Value, "Found", "FalseWhileParallel", x, stepsParallel);
            Assert.Equal(stepsSerial, stepsParallel);
        }

        [Theory, InlineData(1), InlineData(2), InlineData(5), InlineData(8), InlineData(9), InlineData(33), InlineData(1000)]
        public void Int_min_and_max_in_long_lanes_fold_only_what_the_lanes_saw(int n)
        {
            var random = new Random(8652);
            long[] Longs() => Enumerable.Range(0, n).Select(_ => (long)random.Next(0, 100_000)).ToArray();
            foreach (int start in new[] { int.MaxValue, 70_000, int.MinValue, -3 })
            {
                long[] q = Longs();
                long[] serialQ = (long[])q.Clone(), parallelQ = (long[])q.Clone();
                Assert.Equal(InMemory.Call(Built.Value, "Found", "MinInLongLanes", serialQ, start), InMemory.Call(Built.Value, "Found", "MinInLongLanesParallel", parallelQ, start));
                Assert.Equal(serialQ, parallelQ);
                Assert.Equal(InMemory.Call(Built.Value, "Found", "MaxInLongLanes", q, start), InMemory.Call(Built.Value, "Found", "MaxInLongLanesParallel", q, start));
            }
        }

        [Fact]
        public void Float_sum_of_one_sign_parallel_is_at_least_as_accurate_as_serial()
        {
            var random = new Random(1411);
            float[] a = Enumerable.Range(0, 1_000_003).Select(_ => (float)(random.NextDouble() * 0.01)).ToArray();
            double exact = -a.Sum(x => 0.56622776f + (double)x); // the same float terms, added in double
            double magnitude = -exact;
            float serial = (float)InMemory.Call(Built.Value, "Found", "Drift", a)!;
            float parallel = (float)InMemory.Call(Built.Value, "Found", "DriftParallel", a)!;
            // The serial reference is the inaccurate one here: it misses the fuzzer's 1e-3 · Σ|terms| tolerance …
            Assert.True(Math.Abs(serial - exact) > 1e-3 * magnitude, $"serial {serial} exact {exact}");
            // … so the parallel sum is held to being at least as close to the exact sum (FuzzRunner.CompareFloat).
            Assert.True(Math.Abs(parallel - exact) <= Math.Abs(serial - exact) + 1e-3 * magnitude, $"serial {serial} parallel {parallel} exact {exact}");
        }
    }
}
