using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Array reductions (histograms): an array a PRange loop only updates with one commutative compound operator is
    /// privatized per chunk (merged in chunk order), updated atomically, or left to the serial loop. Integers exact;
    /// floats within a documented tolerance, Deterministic bitwise for any thread count.
    /// </summary>
    public class ArrayReductionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class H
            {
                // The benchmark kernel: values in [0, 1).
                [ParallelKernel]
                public static void Histogram(float[] values, int[] hist)
                {
                    foreach (int i in PRange(values.Length))
                        hist[(int)(values[i] * hist.Length)] += 1;
                }

                [ParallelKernel(ChunkSize = 7)]
                public static void Forms(int[] keys, int[] inc, long[] sub, uint[] bits, ulong[] ands, int[] xors, long[] prod)
                {
                    foreach (int i in PRange(keys.Length))
                    {
                        int k = keys[i];
                        inc[k % inc.Length]++;
                        ++inc[(k >> 3) % inc.Length];
                        sub[k % sub.Length] -= k;
                        sub[(k + 1) % sub.Length]--;
                        bits[k % bits.Length] |= 1u << (k & 31);
                        ands[k % ands.Length] &= ~(1ul << (k & 63));
                        xors[k % xors.Length] ^= k * 31;
                        prod[k % prod.Length] *= (k & 3) + 1;
                    }
                }

                [ParallelKernel]
                public static void FloatHist(float[] values, int[] keys, double[] sums, float[] fsums)
                {
                    foreach (int i in PRange(values.Length))
                    {
                        sums[keys[i]] += values[i];
                        fsums[keys[i]] -= values[i] * 0.5f;
                    }
                }

                [ParallelKernel(Deterministic = true)]
                public static void FloatHistDeterministic(float[] values, int[] keys, double[] sums, float[] fsums)
                {
                    foreach (int i in PRange(values.Length))
                    {
                        sums[keys[i]] += values[i];
                        fsums[keys[i]] += values[i];
                    }
                }

                // Same element type as the keys: may be the same array, checked at run time (then serial).
                [ParallelKernel]
                public static void MaybeAliased(int[] keys, int[] hist)
                {
                    foreach (int i in PRange(keys.Length))
                        hist[keys[i]] += 1;
                }

                // Not array reductions: read elsewhere, assigned, mixed operators. KG1003 stays for the plain write.
                [ParallelKernel]
                public static void ReadToo(int[] keys, int[] hist, int[] r)
                {
                    foreach (int i in PRange(keys.Length))
                    {
                        hist[keys[i]] += 1;
                        r[i] = hist[0];
                    }
                }

                [ParallelKernel]
                public static void Scatter(int[] idx, int[] r)
                {
                    foreach (int i in PRange(idx.Length))
                        r[idx[i]] = i;
                }

                [ParallelKernel]
                public static void MixedOps(int[] keys, int[] hist)
                {
                    foreach (int i in PRange(keys.Length))
                    {
                        hist[keys[i]] += 1;
                        hist[keys[i]] *= 2;
                    }
                }

                // Each iteration its own element: an ordinary (vectorizable) loop, not an array reduction.
                [ParallelKernel]
                public static void Own(int[] r, int[] a)
                {
                    foreach (int i in PRange(a.Length))
                        r[i] += a[i];
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source.Replace("[ParallelKernel]\n    public static void ReadToo", "[ParallelKernel]\n#pragma warning disable KG1004\n    public static void ReadToo")));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 1000, 100_003 };

        private static T[] Run<T>(Func<T[]> make, Action<T[]> kernel) { T[] a = make(); kernel(a); return a; }

        [Theory, MemberData(nameof(Sizes))]
        public void Benchmark_histogram_is_exact(int n)
        {
            var random = new Random(n);
            float[] values = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            foreach (int bins in new[] { 1, 7, 256, 5000, 200_000 }) // small (private copies) … large against the work (atomic)
            {
                int[] serial = new int[bins], parallel = new int[bins];
                serial[0] = parallel[0] = 3; // updates add to what is there
                InMemory.Call(Built.Value, "H", "Histogram", values, serial);
                InMemory.Call(Built.Value, "H", "HistogramParallel", values, parallel);
                Assert.Equal(serial, parallel);
                Assert.Equal(n + 3, parallel.Sum());
            }
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Integer_forms_are_exact(int n)
        {
            var random = new Random(n + 1);
            int[] keys = Enumerable.Range(0, n).Select(_ => random.Next(0, 1_000_000)).ToArray();
            foreach (int len in new[] { 1, 3, 64, 100_000 })
            {
                object[] Make() => new object[] { keys, new int[len], Enumerable.Repeat(5L, len).ToArray(), new uint[len], Enumerable.Repeat(ulong.MaxValue, len).ToArray(), new int[len], Enumerable.Repeat(1L, len).ToArray() };
                object[] serial = Make(), parallel = Make();
                InMemory.Call(Built.Value, "H", "Forms", serial);
                InMemory.Call(Built.Value, "H", "FormsParallel", parallel);
                for (int a = 1; a < serial.Length; a++)
                    Assert.Equal(serial[a], parallel[a]);
            }
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Float_histograms_within_tolerance(int n)
        {
            var random = new Random(n + 2);
            float[] values = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
            foreach (int bins in new[] { 1, 16, 50_000 })
            {
                int[] keys = Enumerable.Range(0, n).Select(_ => random.Next(bins)).ToArray();
                double[] s1 = new double[bins], s2 = new double[bins];
                float[] f1 = new float[bins], f2 = new float[bins];
                InMemory.Call(Built.Value, "H", "FloatHist", values, keys, s1, f1);
                InMemory.Call(Built.Value, "H", "FloatHistParallel", values, keys, s2, f2);
                // Documented tolerance: the private copies reassociate the sums; relative 1e-4 of the bin's absolute mass (float), 1e-12 (double).
                double[] masses = new double[bins]; // one pass (a pass per bin was 5·10⁹ steps at 50,000 bins)
                for (int i = 0; i < n; i++) masses[keys[i]] += Math.Abs((double)values[i]);
                for (int b = 0; b < bins; b++)
                {
                    double mass = masses[b] + 1;
                    Assert.True(Math.Abs(s1[b] - s2[b]) <= 1e-12 * mass, $"double bin {b}: {s1[b]} vs {s2[b]}");
                    Assert.True(Math.Abs(f1[b] - f2[b]) <= 1e-4 * mass, $"float bin {b}: {f1[b]} vs {f2[b]}");
                }
            }
        }

        [Fact]
        public void Deterministic_float_histograms_are_bitwise_identical_across_degrees()
        {
            var random = new Random(9);
            const int N = 100_003;
            float[] values = Enumerable.Range(0, N).Select(_ => (float)(random.NextDouble() * 1000 - 500)).ToArray();
            int[] keys = Enumerable.Range(0, N).Select(_ => random.Next(64)).ToArray();
            var results = new[] { 1, 2, 3, 4, 8 }.Select(degree => RuntimeSettings.With(degree, backoff: true, () =>
            {
                double[] sums = new double[64];
                float[] fsums = new float[64];
                InMemory.Call(Built.Value, "H", "FloatHistDeterministicParallel", values, keys, sums, fsums);
                return (Sums: sums.Select(BitConverter.DoubleToInt64Bits).ToArray(), Floats: fsums.Select(BitConverter.SingleToInt32Bits).ToArray());
            })).ToArray();
            Assert.All(results, r => { Assert.Equal(results[0].Sums, r.Sums); Assert.Equal(results[0].Floats, r.Floats); });
        }

        [Fact]
        public void Aliased_arrays_run_serially_and_agree()
        {
            int[] a = Enumerable.Range(0, 1000).Select(i => i % 10).ToArray(), b = (int[])a.Clone();
            InMemory.Call(Built.Value, "H", "MaybeAliased", a, a);
            InMemory.Call(Built.Value, "H", "MaybeAliasedParallel", b, b);
            Assert.Equal(a, b);
        }

        [Fact]
        public void Out_of_range_bins_throw_like_serial()
        {
            float[] values = Enumerable.Range(0, 10_000).Select(i => i == 9_000 ? 1.5f : 0.5f).ToArray();
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "H", "Histogram", values, new int[4]));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "H", "HistogramParallel", values, new int[4]));
        }

        [Fact]
        public void Diagnostics_array_reductions_are_not_races()
        {
            var diagnostics = InMemory.Analyze(Source);
            // Scatter's plain write through an index array stays KG1003. The histogram updates are no race, no warning;
            // with mixed operators (MixedOps) they are no array reduction and warn as before. Read elsewhere (ReadToo)
            // the loop is serial (KG1004 below), and KG1003, a warning about a parallel loop, is not given there.
            Assert.Equal(new[] { "`r[idx[i]]` (line 75)", "`hist[keys[i]]` (line 83)", "`hist[keys[i]]` (line 84)" },
                diagnostics.Where(d => d.Id == "KG1003").Select(d => d.GetMessage().Split(" writes")[0] + $" (line {d.Location.GetLineSpan().StartLinePosition.Line + 1})").ToArray());
            // ReadToo reads hist[0], which another iteration may write through the index array: serial (KG1004).
            Assert.Contains(diagnostics, d => d.Id == "KG1004" && d.GetMessage().Contains("`hist[0]`"));
            string[] reports = diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage()).ToArray();
            Assert.Contains(reports, r => r.Contains("array reductions: hist[…] (int sum: +=)"));
            string own = reports.Single(r => r.Contains("writes r[i]"));
            Assert.DoesNotContain("array reductions", own);
            Assert.Contains("vector: Vector512/Vector256/Vector128<int>", own);
        }

        [Fact]
        public void Report_says_how_the_array_is_reduced()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("array reductions: hist[…] (int sum: +=) (private copies per chunk merged in chunk order, Interlocked updates, or the serial loop", text);
            Assert.Contains("chunks fixed by [ParallelKernel(Deterministic = true)]: the same bits for any thread count", text);
            Assert.Contains("global::System.Threading.Interlocked.Add(ref hist[(int)(values[i] * hist.Length)], 1);", text);
        }
    }

    /// <summary>
    /// The run-time cost model of array reductions. It reads MaxDegreeOfParallelism, which other tests change: runs in
    /// the non-parallel "Scheduler" collection.
    /// </summary>
    [Collection("Scheduler")]
    public class ArrayReductionCostModelTests
    {
        [Fact]
        public void Cost_model_picks_private_copies_atomics_or_the_serial_loop()
        {
            RuntimeSettings.With(4, backoff: true, () =>
            {
                ChunkPlan Plan() => new(tripCount: 1_000_000, chunkSize: 10_000, chunkCount: 100, parallel: true);
                (ArrayReductionMode Mode, ChunkPlan Plan) Pick(long elements, bool atomics, bool deterministic = false, bool inPlace = false, ChunkPlan? start = null)
                {
                    ChunkPlan plan = start ?? Plan();
                    ArrayReductionMode mode = KernelRuntime.PlanArrayReduction(ref plan, elements, atomics, deterministic, inPlace);
                    return (mode, plan);
                }
                // 100 copies of 256 bins: small against a million iterations.
                Assert.Equal((ArrayReductionMode.Private, 100L), (Pick(256, true).Mode, Pick(256, true).Plan.ChunkCount));
                // 100 copies of 100,000 are too many; one per thread (4) fits.
                Assert.Equal((ArrayReductionMode.Private, 4L), (Pick(100_000, false).Mode, Pick(100_000, false).Plan.ChunkCount));
                // Large against the work: integers go atomic, floats run the serial loop (and the plan says serial).
                Assert.Equal(ArrayReductionMode.Atomic, Pick(500_000, true).Mode);
                Assert.Equal((ArrayReductionMode.InPlace, false), (Pick(500_000, false).Mode, Pick(500_000, false).Plan.Parallel));
                // The arrays may alias another array of the loop: in place, serially.
                Assert.Equal((ArrayReductionMode.InPlace, false), (Pick(8, true, inPlace: true).Mode, Pick(8, true, inPlace: true).Plan.Parallel));
                // A serial plan updates in place (exactly the serial loop) unless Deterministic needs the same chunks as in parallel.
                var serialPlan = new ChunkPlan(1_000_000, 10_000, 100, parallel: false);
                Assert.Equal(ArrayReductionMode.InPlace, Pick(8, true, start: serialPlan).Mode);
                Assert.Equal(ArrayReductionMode.Private, Pick(8, false, deterministic: true, start: serialPlan).Mode);
                // Deterministic: 16 fixed chunks, whatever the degree.
                foreach (int degree in new[] { 1, 2, 3, 4, 8 })
                {
                    KernelRuntime.MaxDegreeOfParallelism = degree;
                    Assert.Equal((ArrayReductionMode.Private, 16L), (Pick(50_000, false, deterministic: true).Mode, Pick(50_000, false, deterministic: true).Plan.ChunkCount));
                }
            });
        }
    }
}
