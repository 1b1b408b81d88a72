using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Rows split (Planner's RowSplit, Report.RowSplit): an interchanged column-order loop whose rows write their own
    /// elements has its chunks split the rows instead of the columns; each chunk runs every column on its band of the
    /// rows. The kernels are column-order image and grid passes as ports from Fortran/MATLAB-style code write them
    /// (x outer, y inner: e.g. the vertical passes of separable filters in ImageSharp-style processors, PolyBench's
    /// "for j, for i" kernels), in our own words; plus the shapes the split must refuse. Small chunk sizes and odd
    /// sizes make many bands, empty ones and vector tails: every result must be the serial loop's, bit for bit.
    /// </summary>
    public class RowSplitTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                // The benchmark's 5-point blur on a flat n x n image, by columns: the row's element is y * n + x, distinct
                // from row to row while n != 0 (checked when the chunk starts).
                [ParallelKernel(ChunkSize = 3)]
                public static void FlatColumns(float[] input, float[] output, int n)
                {
                    foreach (int x in PRange(1, n - 1))
                        for (int y = 1; y < n - 1; y++)
                        {
                            int k = y * n + x;
                            output[k] = 0.2f * (input[k] + input[k - 1] + input[k + 1] + input[k - n] + input[k + n]);
                        }
                }

                // The stored row's stride from the caller: 0 makes every row of a column write one element (the last row
                // wins in the serial loop), so the split must not run then.
                [ParallelKernel(ChunkSize = 2)]
                public static void StridedRows(double[,] src, double[,] dst, int stride)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int x in PRange(w))
                        for (int y = 0; y < h; y++)
                            dst[y * stride, x] = src[y, x] * 0.5 + y;
                }

                // A T[,] vertical gradient with a row computed before the loop (the same for every row).
                [ParallelKernel(ChunkSize = 4)]
                public static void GradientGrid(int[,] img, int[,] grad)
                {
                    int h = img.GetLength(0), w = img.GetLength(1);
                    foreach (int x in PRange(w))
                    {
                        int bias = x & 3;
                        for (int y = 1; y < h; y++)
                            grad[y, x] = img[y, x] - img[y - 1, x] + bias;
                    }
                }

                // Default chunks: the cost model decides how many.
                [ParallelKernel]
                public static void ScaleGrid(double[,] src, double[,] dst, double s)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int x in PRange(w))
                        for (int y = 0; y < h; y++)
                            dst[y, x] = src[y, x] * s + dst[y, x];
                }

                // Ported in our own words from "The Nature of Code" 2-D noise sketch (Example I.6; e.g.
                // enniofranco/nature-of-code 00_Introduction/Example_I_06, and its C# ports): x outer, y inner, pixel
                // x + y * width. The running offsets are written in closed form, noise() as a smooth arithmetic stand-in.
                [ParallelKernel(ChunkSize = 5)]
                public static void NoiseColumns(float[] pixels, int width, int height, float inc)
                {
                    foreach (int x in PRange(width))
                    {
                        float xoff = x * inc;
                        for (int y = 0; y < height; y++)
                        {
                            float yoff = y * inc;
                            float v = xoff * 0.7f + yoff * 0.3f;
                            pixels[x + y * width] = v * v * 255f / (1f + v * v);
                        }
                    }
                }

                // Refused: a running sum down the column reads the row above, which another band would write.
                [ParallelKernel(ChunkSize = 2)]
                public static void PrefixGrid(double[,] a)
                {
                    int h = a.GetLength(0), w = a.GetLength(1);
                    foreach (int x in PRange(w))
                        for (int y = 1; y < h; y++)
                            a[y, x] = a[y, x] + a[y - 1, x];
                }

                // Refused: the stored element does not move with the row (top[x] carries the rows' order).
                [ParallelKernel(ChunkSize = 2)]
                public static void DecayTop(float[,] src, float[] top)
                {
                    int h = src.GetLength(0);
                    foreach (int x in PRange(top.Length))
                        for (int y = 0; y < h; y++)
                            top[x] = top[x] * 0.5f + src[y, x];
                }

                // Refused: the row counter in two terms (y * a + y * b is the same element for every row when a == -b).
                [ParallelKernel(ChunkSize = 2)]
                public static void TwoTerms(double[,] src, double[,] dst, int a, int b)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int x in PRange(w))
                        for (int y = 0; y < h; y++)
                            dst[y * a + y * b, x] = src[y, x] + y;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void The_report_says_which_loops_split_their_rows()
        {
            Func<string, string> all = InMemory.GeneratedFrom(Source, "S");
            string generated(string kernel) => InMemory.Section(all(kernel));
            Assert.Contains("rows split when n != 0", generated("FlatColumns"));
            Assert.Contains("rows split when stride != 0", generated("StridedRows"));
            Assert.Contains("rows split when width != 0", generated("NoiseColumns"));
            Assert.Contains("if (!(stride != 0))", generated("StridedRows"));
            foreach (string kernel in new[] { "GradientGrid", "ScaleGrid" })
            {
                Assert.Contains("(loop interchange, rows split)", generated(kernel));
                Assert.DoesNotContain("wide: true", generated(kernel));
                Assert.Contains("MPI ranks (KernelGen.Mpi): runs whole on every rank", generated(kernel));
            }
            // The chunks' line (with the cost model's chunks only: a ChunkSize says the rest).
            Assert.Contains("rows split (loop interchange): a chunk's share of the iterations is its band of the rows", generated("ScaleGrid"));
            foreach (string kernel in new[] { "PrefixGrid", "DecayTop", "TwoTerms" })
                Assert.DoesNotContain("rows split", generated(kernel));
            // Interchanged without the split: bands of columns, one a thread.
            Assert.Contains("rows outer: 'for (int y = 0; y < h; y++)'", generated("DecayTop"));
            Assert.Contains("wide: true", generated("DecayTop"));
        }

        public static readonly TheoryData<int, int, int> Cases = new()
        {
            { 3, 3, 2 }, { 4, 19, 2 }, { 9, 9, 3 }, { 37, 53, 8 }, { 130, 70, 2 }, { 2, 300, 8 }, { 300, 2, 4 },
        };

        [Theory, MemberData(nameof(Cases))]
        public void Split_rows_match_serial(int h, int w, int threads)
        {
            RuntimeSettings.With(threads, backoff: false, () =>
            {
                var r = new Random(h * 977 + w);
                double[,] grid = new double[h, w], grid2 = new double[h, w];
                int[,] ints = new int[h, w];
                float[,] floats = new float[h, w];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        grid[y, x] = r.NextDouble(); grid2[y, x] = r.NextDouble();
                        ints[y, x] = r.Next(-1000, 1000); floats[y, x] = (float)r.NextDouble();
                    }
                int n = Math.Min(h, w);
                float[] square = Enumerable.Range(0, n * n).Select(_ => (float)r.NextDouble()).ToArray();
                Differential.Same(Built.Value, "S", "FlatColumns", square, new float[n * n], n);
                Differential.Same(Built.Value, "S", "FlatColumns", square, new float[n * n], n + 1); // reads past the end: throws
                Differential.Same(Built.Value, "S", "StridedRows", grid, new double[h, w], 1);
                Differential.Same(Built.Value, "S", "StridedRows", grid, new double[h, w], 0); // every row writes dst[0, x]: the last wins
                Differential.Same(Built.Value, "S", "StridedRows", grid, new double[2 * h, w], 2);
                Differential.Same(Built.Value, "S", "StridedRows", grid, new double[h, w], -1); // row -1: throws
                Differential.Same(Built.Value, "S", "GradientGrid", ints, new int[h, w]);
                Differential.Same(Built.Value, "S", "NoiseColumns", new float[h * w], w, h, 0.01f);
                Differential.Same(Built.Value, "S", "NoiseColumns", new float[h * w], w, h + 1, 0.37f); // one row past: throws
                Differential.Same(Built.Value, "S", "ScaleGrid", grid, grid2, 1.5);
                Differential.Same(Built.Value, "S", "PrefixGrid", grid);
                Differential.Same(Built.Value, "S", "DecayTop", floats, Enumerable.Range(0, w).Select(k => (float)k).ToArray());
                Differential.Same(Built.Value, "S", "TwoTerms", grid, new double[h, w], 2, -2);
                Differential.Same(Built.Value, "S", "TwoTerms", grid, new double[h, w], 1, 0);
                return 0;
            });
        }
    }
}
