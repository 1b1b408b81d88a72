using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Streaming stores (Vectorize/StreamingStores.cs, KernelRuntime.Streaming.cs): element-wise steps whose stored arrays
    /// they never read write outputs larger than the last-level cache with non-temporal stores, after one ordinary step
    /// and from the first aligned element. The tests force them on (<see cref="KernelRuntime.StreamingStoresAbove"/> 0)
    /// on chunks of odd sizes, so that every chunk starts at another alignment and repeats part of its first step, and
    /// compare bitwise with the serial kernel; steps that read what they store, branch or reduce must not stream.
    /// </summary>
    public class StreamingStoreTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Add(float[] a, float[] b, float[] r)
                {
                    foreach (int i in PRange(r.Length)) r[i] = a[i] + b[i];
                }

                // Two outputs of different element sizes and a select.
                [ParallelKernel(ChunkSize = 101, MinParallelTripCount = 1)]
                public static void Two(double[] a, double[] lengths, long[] signs)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        double x = a[i];
                        lengths[i] = x * x + 1.0;
                        signs[i] = x < 0 ? -1L : 1L;
                    }
                }

                // A call (vector Sqrt): the extra copies of the step would crowd the JIT's inlining; no streaming.
                [ParallelKernel(ChunkSize = 101, MinParallelTripCount = 1)]
                public static void Root(double[] a, double[] r)
                {
                    foreach (int i in PRange(a.Length)) r[i] = Math.Sqrt(a[i] * a[i] + 1.0);
                }

                // A range that does not start at 0, ints.
                [ParallelKernel(ChunkSize = 29, MinParallelTripCount = 1)]
                public static void Offset(int[] a, int[] r, int from)
                {
                    foreach (int i in PRange(from, a.Length)) r[i] = a[i] * 3 - a[i - from];
                }

                // Reads what it stores: repeating part of a step would add twice, so no streaming.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Accumulate(float[] a, float[] r)
                {
                    foreach (int i in PRange(r.Length)) r[i] = r[i] + a[i];
                }

                // A store in a branch (masked): no streaming.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Clip(float[] a, float[] r)
                {
                    foreach (int i in PRange(r.Length))
                        if (a[i] > 0) r[i] = a[i];
                }

                // An inner plan (a row at a time): no streaming (short runs; see Planner).
                [ParallelKernel(MinParallelTripCount = 1)]
                public static void Rows(float[,] a, float[,] r)
                {
                    int h = a.GetLength(0), w = a.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++) r[y, x] = a[y, x] * 2f;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static void Same(string kernel, params object[] args) => Differential.Same(Built.Value, "S", kernel, args);

        [Fact]
        public void The_report_says_which_loops_stream_their_stores()
        {
            Func<string, string> Vector = InMemory.VectorLines(Source, "S");
            Assert.Contains("streaming stores to r when it is larger than the last-level cache", Vector("Add"));
            Assert.Contains("streaming stores to lengths, signs when they are larger than the last-level cache", Vector("Two"));
            Assert.Contains("streaming stores to r when", Vector("Offset"));
            foreach (string kernel in new[] { "Accumulate", "Clip", "Rows", "Root" })
            {
                Assert.Contains("Vector", Vector(kernel)); // vectorized, but without streaming stores
                Assert.DoesNotContain("streaming", Vector(kernel));
            }
        }

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 15, 16, 17, 33, 100, 1001, 10_007 };

        [Theory, MemberData(nameof(Sizes))]
        public void Streaming_stores_match_serial_at_every_alignment(int n)
        {
            long before = KernelRuntime.StreamingStoresAbove;
            try
            {
                foreach (long above in new[] { 0L, long.MaxValue })
                {
                    KernelRuntime.StreamingStoresAbove = above;
                    var r = new Random(n);
                    float[] a = Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 4 - 2)).ToArray();
                    float[] b = Enumerable.Range(0, n).Select(k => k % 11 == 3 ? float.NaN : (float)r.NextDouble()).ToArray();
                    Same("Add", a, b, new float[n]);
                    Same("Add", a, b, new float[n + 1]); // r one longer: a[n] is out of range, both throw
                    double[] d = a.Select(f => (double)f).ToArray();
                    Same("Two", d, new double[n], new long[n]);
                    Same("Root", d, new double[n]);
                    int[] ints = Enumerable.Range(0, n).Select(_ => r.Next(-1000, 1000)).ToArray();
                    foreach (int from in new[] { 0, 1, 3, 9 })
                        Same("Offset", ints, new int[n], from);
                    Same("Accumulate", a, b.ToArray());
                    Same("Clip", a, new float[n]);
                    int h = Math.Min(n, 9);
                    var grid = new float[h, n];
                    for (int k = 0; k < grid.Length; k++) grid[k / Math.Max(1, n), k % Math.Max(1, n)] = k * 0.5f;
                    Same("Rows", grid, new float[h, n]);
                }
            }
            finally { KernelRuntime.StreamingStoresAbove = before; }
        }

        [Fact]
        public unsafe void The_peel_reaches_an_aligned_element()
        {
            foreach (int count in new[] { 4, 8, 16 })
            {
                var data = new double[100];
                for (int index = 0; index < 40; index++)
                {
                    int peel = KernelRuntime.StreamPeel(ref data[0], (nuint)index, count);
                    Assert.InRange(peel, 0, count - 1);
                    fixed (double* p = &data[index + peel])
                        // Doubles are 8-byte aligned, so an element aligned for the vector always exists.
                        Assert.Equal(0u, (nuint)p % (nuint)(count * sizeof(double)));
                }
            }
            var bytes = new byte[64];
            Assert.InRange(KernelRuntime.StreamPeel(ref bytes[0], 3, 32), 0, 31);
        }

        [Fact]
        public void The_threshold_is_a_setting_with_a_default_from_the_caches()
        {
            Assert.True(KernelRuntime.DefaultStreamingStoresAbove() > 0);
            Assert.Throws<ArgumentOutOfRangeException>(() => KernelRuntime.StreamingStoresAbove = -1);
            Assert.False(KernelRuntime.StreamingStores(0));
        }
    }
}
