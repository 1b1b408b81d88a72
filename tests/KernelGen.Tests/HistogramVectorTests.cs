using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The histogram's vector path: bin subscripts computed on SIMD lanes, updates one lane at a time in iteration
    /// order. Bitwise the serial result, at every size and tail, for edge values too; out-of-range bins throw like serial.
    /// </summary>
    public class HistogramVectorTests
    {
        internal const string SourceText = Source;

        private const string Source = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class H
            {
                [ParallelKernel]
                public static void Histogram(float[] values, int[] hist)
                {
                    foreach (int i in PRange(values.Length))
                        hist[(int)(values[i] * hist.Length)] += 1;
                }

                [ParallelKernel]
                public static void Keys(int[] keys, long[] counts, int start, int stop)
                {
                    foreach (int i in PRange(start, stop))
                        counts[(keys[i - 1] ^ keys[i]) & 63]++;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_assembly = new(() => InMemory.Build(Source));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 1000, 100_003 };

        [Theory, MemberData(nameof(Sizes))]
        public void Float_bins_are_bitwise_serial(int n)
        {
            var random = new Random(n);
            // Edge values: 0, -0, the largest float below 1, tiny and subnormal values, NaN (bin 0: conversions saturate), tiny negatives.
            float[] edges = { 0f, -0f, 0.99999994f, 1e-45f, 1e-30f, 0.5f, 0.0625f, float.NaN, -1e-10f };
            float[] values = Enumerable.Range(0, n).Select(k => k % 11 == 0 ? edges[k % edges.Length] : (float)random.NextDouble()).ToArray();
            foreach (int bins in new[] { 1, 7, 64, 1000 })
            {
                int[] serial = new int[bins], parallel = new int[bins];
                InMemory.Call(s_assembly.Value, "H", "Histogram", values, serial);
                InMemory.Call(s_assembly.Value, "H", "HistogramParallel", values, parallel);
                Assert.Equal(serial, parallel);
                Assert.Equal(serial.Sum(), parallel.Sum());
            }
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Int_bins_with_offsets_are_exact(int n)
        {
            var random = new Random(n + 1);
            int[] keys = Enumerable.Range(0, n + 1).Select(_ => random.Next()).ToArray();
            long[] serial = new long[64], parallel = new long[64];
            InMemory.Call(s_assembly.Value, "H", "Keys", keys, serial, 1, n + 1);
            InMemory.Call(s_assembly.Value, "H", "KeysParallel", keys, parallel, 1, n + 1);
            Assert.Equal(serial, parallel);
        }

        [Fact]
        public void A_bin_out_of_range_throws_like_serial_after_the_same_updates()
        {
            // Value 1.0 (bin == Length) at position 40: the serial loop counts 40 values, then throws.
            float[] values = Enumerable.Range(0, 100).Select(k => k == 40 ? 1f : 0.25f).ToArray();
            int[] serial = new int[4], parallel = new int[4];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_assembly.Value, "H", "Histogram", values, serial));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_assembly.Value, "H", "HistogramParallel", values, parallel));
            Assert.Equal(serial, parallel);
            Assert.Equal(40, parallel[1]);

            // A negative bin (-0.5 * 4 = -2) in the middle of a step, and the first lane of one; bins of 1,000 elements.
            foreach (int at in new[] { 37, 48, 999 })
            {
                values = Enumerable.Range(0, 1000).Select(k => k == at ? -0.5f : (k % 4) * 0.25f).ToArray();
                serial = new int[4]; parallel = new int[4];
                Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_assembly.Value, "H", "Histogram", values, serial));
                Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_assembly.Value, "H", "HistogramParallel", values, parallel));
                Assert.Equal(serial, parallel);
                Assert.Equal(at, parallel.Sum());
            }
        }

        [Fact]
        public void Report_says_the_subscripts_run_on_vectors()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("vector: subscripts of hist[…] on Vector512/Vector256/Vector128<float> lanes", text);
            Assert.Contains("vector: subscripts of counts[…] on Vector512/Vector256/Vector128<int> lanes", text);
            Assert.Contains("Interlocked", text); // the atomic body stays scalar
        }
    }

    /// <summary>Histograms with private copies: steady-state calls allocate nothing (copies kept in rented holders).</summary>
    [Collection("Scheduler")]
    public class HistogramAllocationTests
    {
        [Fact]
        public void Steady_state_private_histograms_allocate_nothing_on_the_calling_thread()
        {
            RuntimeSettings.With(2, backoff: true, () =>
            {
                Assembly assembly = InMemory.Build(HistogramVectorTests.SourceText);
                var parallel = assembly.GetType("H")!.GetMethod("HistogramParallel")!.CreateDelegate<Action<float[], int[]>>();
                var random = new Random(5);
                float[] values = Enumerable.Range(0, 400_000).Select(_ => (float)random.NextDouble()).ToArray();
                int[] hist = new int[16];
                ChunkPlan plan = KernelRuntime.Plan(values.Length, minChunk: 16384, chunkSize: 0, minParallelTrips: 0);
                Assert.Equal(ArrayReductionMode.Private, KernelRuntime.PlanArrayReduction(ref plan, hist.Length, atomics: true, deterministic: false, inPlace: false));
                for (int i = 0; i < 5; i++) parallel(values, hist);
                // Private copies would cost chunks × 88 B on every call.
                Allocations.AssertSteadyStateAllocatesNothing(Allocations.PerCall(() => parallel(values, hist)), threads: 2);
                Assert.Equal(25L * values.Length, hist.Sum(h => (long)h));
            });
        }
    }
}
