using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A row-major matrix in a flat array, row i per lane (<c>w[i * n + j]</c>, j an inner loop's counter), tiled per step
    /// like jagged and rectangular rows (KernelRuntime.TileRows over a flat array): llama2.c's matmul as ported to C#
    /// (karpathy/llama2.c run.c, the corpus's llama2_matmul_rows) had a scalar body ("it would gather 1 element lane by
    /// lane"): lanes over i read elements n apart. Each lane keeps its row's order of additions, so the results are
    /// bitwise the serial loop's. The tile copies rows [i, i + lanes) whole (n elements each) only when they lie inside
    /// the array, in exact arithmetic: a product i * n that wraps in the scalar code, a negative stride, rows past the end
    /// or a loop that reads past a row's n elements leave the step to the scalar loop.
    /// </summary>
    public class FlatRowTileTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class T
            {
                [ParallelKernel]
                public static void MatVec(float[] xout, float[] x, float[] w, int n, int d)
                {
                    foreach (int i in PRange(d))
                    {
                        float val = 0.0f;
                        for (int j = 0; j < n; j++)
                            val += w[i * n + j] * x[j];
                        xout[i] = val;
                    }
                }

                // The other orders of the subscript's terms; a bias read beside the row.
                [ParallelKernel]
                public static void Dense(double[] a, double[] x, double[] bias, double[] y, int cols)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        double acc = bias[i];
                        for (int j = 0; j < cols; j++) acc += x[j] * a[j + cols * i];
                        y[i] = Math.Max(acc, 0);
                    }
                }

                // A loop bound that is not the stride: fewer elements than a row holds, or more (into the next row).
                [ParallelKernel]
                public static void Prefix(int[] w, int[] o, int n, int k)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        int s = 0;
                        for (int j = 0; j < k; j++) s += w[i * n + j] * (j + 1);
                        o[i] = s;
                    }
                }

                // The stored array is the matrix (in place: each row's first element), which is not tiled.
                [ParallelKernel]
                public static void FirstOfRow(float[] w, int n, int d)
                {
                    foreach (int i in PRange(d))
                    {
                        float s = 0;
                        for (int j = 1; j < n; j++) s += w[i * n + j];
                        w[i * n] = s;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "T"));

        public static readonly TheoryData<int, int> Shapes = new() { { 0, 3 }, { 1, 1 }, { 7, 5 }, { 17, 16 }, { 33, 40 }, { 100, 288 } };

        [Theory]
        [MemberData(nameof(Shapes))]
        public void Flat_rows_per_lane_give_the_serial_bits(int d, int n)
        {
            var random = new Random(d * 31 + n);
            float[] floats(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            double[] doubles(int count) => Enumerable.Range(0, count).Select(_ => random.NextDouble() - 0.5).ToArray();
            Differential.Same(s_built.Value, "T", "MatVec", new float[d], floats(n), floats(d * n), n, d);
            // (The last row short of the array's end: rows past it stay with the scalar loop, which throws there.)
            Differential.Same(s_built.Value, "T", "MatVec", new float[d], floats(n), floats(Math.Max(0, d * n - 1)), n, d);
            Differential.Same(s_built.Value, "T", "Dense", doubles(d * n), doubles(n), doubles(d), new double[d], n);
            int[] ints = Enumerable.Range(0, d * n + 8).Select(_ => random.Next(-50, 50)).ToArray();
            foreach (int k in new[] { 0, 1, n - 1, n, n + 3 })
                Differential.Same(s_built.Value, "T", "Prefix", ints, new int[d], n, k);
            // A negative stride, and one whose products i * n wrap (i * 2^30 is 0 again at i = 4).
            Differential.Same(s_built.Value, "T", "Prefix", ints, new int[d], -1, 2);
            Differential.Same(s_built.Value, "T", "Prefix", ints, new int[d], 1 << 30, 2);
            Differential.Same(s_built.Value, "T", "FirstOfRow", floats(d * n), n, d);
        }

        [Fact]
        public void Flat_rows_are_tiled_and_the_matrix_written_is_not()
        {
            foreach (string kernel in new[] { "MatVec", "Dense" })
                Assert.Contains("tiled per step", InMemory.VectorLine(s_generated.Value(kernel)));
            // (Prefix's int sum takes the lanes along j instead: an int sum is the same in any order.)
            Assert.DoesNotContain("tiled per step", InMemory.VectorLine(s_generated.Value("FirstOfRow")));
        }

        /// <summary>The output is the matrix itself: the launch compares them and the loop runs serially (the tile would be stale).</summary>
        [Fact]
        public void An_output_that_is_the_matrix_keeps_the_serial_order()
        {
            const int n = 8, d = 40;
            var random = new Random(5);
            float[] serial = Enumerable.Range(0, d * n).Select(_ => (float)random.Next(-4, 5)).ToArray(), parallel = (float[])serial.Clone();
            float[] x = Enumerable.Range(0, n).Select(_ => (float)random.Next(-4, 5)).ToArray();
            InMemory.Call(s_built.Value, "T", "MatVec", serial, x, serial, n, d);
            RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "T", "MatVecParallel", parallel, x, parallel, n, d));
            Assert.Equal(serial, parallel);
        }

        /// <summary>A tile filled from the wrong rows gives other sums: the differential test above would see it.</summary>
        [Fact]
        public void A_tile_of_the_wrong_rows_is_caught()
        {
            Assembly mutant = InMemory.BuildMutant(Source, "TileRows(w, n, i,", "TileRows(w, n, i + 1,");
            const int n = 24, d = 64;
            var random = new Random(9);
            float[] w = Enumerable.Range(0, d * n).Select(_ => (float)random.Next(-4, 5)).ToArray(), x = Enumerable.Range(0, n).Select(_ => 1f).ToArray();
            float[] serial = new float[d], parallel = new float[d];
            InMemory.Call(s_built.Value, "T", "MatVec", serial, x, w, n, d);
            InMemory.Call(mutant, "T", "MatVecParallel", parallel, x, w, n, d);
            Assert.NotEqual(serial, parallel);
        }
    }
}
