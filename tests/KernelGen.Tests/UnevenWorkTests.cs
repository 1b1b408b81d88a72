using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Uneven iterations (LoopAnalysis.FindUnevenWork, KernelRuntime.Plan's <c>uneven</c>): a PRange loop with an inner
    /// loop whose trip count depends on the index (triangular, CSR rows, escape-time) gets 16 chunks a thread instead of 4,
    /// so the chunks left at the end, taken by whichever thread is free, are small. Only the chunking changes: the
    /// results must stay the serial loop's, at any thread count.
    /// </summary>
    public class UnevenWorkTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class U
            {
                // Lower triangle of a distance matrix: row i does i pairs.
                [ParallelKernel]
                public static void Triangle(double[] xs, double[,] d)
                {
                    foreach (int i in PRange(xs.Length))
                        for (int j = 0; j < i; j++)
                            d[i, j] = Math.Abs(xs[i] - xs[j]);
                }

                // The bound through a local computed from the index (CSR rows).
                [ParallelKernel]
                public static void Csr(int[] rowPtr, double[] values, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        int start = rowPtr[row], end = rowPtr[row + 1];
                        double s = 0;
                        for (int k = start; k < end; k++) s += values[k];
                        y[row] = s;
                    }
                }

                // An escape-time while: its condition reads values computed from the index, two locals away.
                [ParallelKernel]
                public static void Escape(int[] counts, double scale)
                {
                    foreach (int i in PRange(counts.Length))
                    {
                        double c = i * scale;
                        double z = c;
                        int n = 0;
                        while (n < 200 && z < 1e6) { z = z * z + c; n++; }
                        counts[i] = n;
                    }
                }

                // Rectangular: every row does w iterations.
                [ParallelKernel]
                public static void Rect(double[,] a, double[] sums)
                {
                    int w = a.GetLength(1);
                    foreach (int i in PRange(sums.Length))
                    {
                        double s = 0;
                        for (int j = 0; j < w; j++) s += a[i, j];
                        sums[i] = s;
                    }
                }

                // The loop inside a helper (a dot product per row, as ML code writes a dense layer), two calls deep: it
                // was costed as one call (11 op(s) an iteration, 5957 iterations a chunk), so a 1000-row matrix ran
                // as one chunk on one thread.
                [ParallelKernel]
                public static void Rows(float[][] m, float[] x, float[] y)
                {
                    foreach (int i in PRange(m.Length)) y[i] = Scaled(m[i], x);
                }

                static float Scaled(float[] a, float[] b) => 0.5f * Dot(a, b);

                static float Dot(float[] a, float[] b)
                {
                    float s = 0;
                    for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
                    return s;
                }

                // The user's chunk size wins: the report does not promise smaller chunks.
                [ParallelKernel(ChunkSize = 5)]
                public static void Sized(double[] xs, double[,] d)
                {
                    foreach (int i in PRange(xs.Length))
                        for (int j = 0; j < i; j++)
                            d[i, j] = xs[i] * xs[j];
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void The_report_and_the_plan_name_the_loop_whose_trip_count_varies()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "U");
            Assert.Contains("uneven iterations: the trip count of 'for (int j = 0; j < i; j++)' (line 12) depends on i: 16 chunks a thread, not 4", generated("Triangle"));
            Assert.Contains("uneven iterations: the trip count of 'for (int k = start; k < end; k++)' (line 24) depends on row", generated("Csr"));
            Assert.Contains("uneven iterations: the trip count of 'while (n < 200 && z < 1e6)' (line 38) depends on i", generated("Escape"));
            foreach (string kernel in new[] { "Triangle", "Csr", "Escape" })
                Assert.Contains("uneven: true", InMemory.Section(generated(kernel)));
            Assert.DoesNotContain("uneven", InMemory.Section(generated("Rect")));
            Assert.Contains("with inner loops", generated("Rows"));
            Assert.Contains("uneven iterations: 'Scaled' (line 62) loops", generated("Rows"));
            // ChunkSize: the argument is passed (the runtime ignores it), the report says nothing of smaller chunks.
            Assert.DoesNotContain("uneven iterations", InMemory.Section(generated("Sized")));
        }

        [Fact]
        public void Uneven_loops_get_sixteen_chunks_a_thread_except_where_the_chunks_are_fixed()
        {
            RuntimeSettings.With(2, backoff: false, () =>
            {
                Assert.Equal(8, KernelRuntime.Plan(100_000, minChunk: 1, chunkSize: 0, minParallelTrips: 0).ChunkCount);
                Assert.Equal(32, KernelRuntime.Plan(100_000, minChunk: 1, chunkSize: 0, minParallelTrips: 0, uneven: true).ChunkCount);
                // The cost model's smallest chunk still holds.
                Assert.Equal(10, KernelRuntime.Plan(100_000, minChunk: 10_000, chunkSize: 0, minParallelTrips: 0, uneven: true).ChunkCount);
                // The user's chunk size, and Deterministic's chunks (independent of everything but the trip count), stay.
                Assert.Equal(1000, KernelRuntime.Plan(100_000, minChunk: 1, chunkSize: 100, minParallelTrips: 0, uneven: true).ChunkCount);
                Assert.Equal(KernelRuntime.Plan(100_000, 1, 0, 0, deterministic: true).ChunkCount,
                    KernelRuntime.Plan(100_000, 1, 0, 0, deterministic: true, uneven: true).ChunkCount);
                return 0;
            });
        }

        public static readonly TheoryData<int, int> Cases = new() { { 0, 2 }, { 1, 2 }, { 7, 8 }, { 64, 2 }, { 333, 8 }, { 1000, 3 } };

        [Theory, MemberData(nameof(Cases))]
        public void Uneven_loops_match_serial(int n, int threads)
        {
            RuntimeSettings.With(threads, backoff: false, () =>
            {
                var r = new Random(n);
                double[] xs = Enumerable.Range(0, n).Select(_ => r.NextDouble() * 100).ToArray();
                Differential.Same(Built.Value, "U", "Triangle", xs, new double[n, n]);
                Differential.Same(Built.Value, "U", "Sized", xs, new double[n, n]);
                int[] rowPtr = new int[n + 1];
                for (int k = 0; k < n; k++) rowPtr[k + 1] = rowPtr[k] + r.Next(0, 2 * k / 10 + 2); // longer rows further on
                double[] values = Enumerable.Range(0, rowPtr[n]).Select(_ => r.NextDouble()).ToArray();
                Differential.Same(Built.Value, "U", "Csr", rowPtr, values, new double[n]);
                Differential.Same(Built.Value, "U", "Escape", new int[n], 0.5 / Math.Max(1, n));
                float[][] m = Enumerable.Range(0, n).Select(k => Enumerable.Range(0, 37).Select(_ => (float)r.NextDouble()).ToArray()).ToArray();
                Differential.Same(Built.Value, "U", "Rows", m, Enumerable.Range(0, 37).Select(_ => (float)r.NextDouble()).ToArray(), new float[n]);
                return 0;
            });
        }
    }
}
