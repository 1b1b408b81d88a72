using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The vector loop's guard hoisted out of the loops around it (VectorPlan.HoistStart): a 3-D stencil checks its
    /// subscripts once per plane instead of once per row. Where the hoisted check fails (a branch keeps the rows a wider
    /// subscript would leave, a loop that runs past the array), each row checks its own guard, so the result and the
    /// exception are the serial loop's. Loops whose bounds move with an outer counter keep the per-row guard.
    /// </summary>
    public class GuardHoistingTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class H
            {
                // The benchmark's flat 7-point stencil: the guard moves before the y loop.
                [ParallelKernel]
                public static void Flat(double[] input, double[] output, int nx, int ny, int nz)
                {
                    int plane = nx * ny;
                    foreach (int z in PRange(1, nz - 1))
                        for (int y = 1; y < ny - 1; y++)
                            for (int x = 1; x < nx - 1; x++)
                            {
                                int k = (z * ny + y) * nx + x;
                                output[k] = (input[k] + input[k - 1] + input[k + 1] + input[k - nx] + input[k + nx] + input[k - plane] + input[k + plane]) / 7.0;
                            }
                }

                // A batch of images, boundary rows copied, interior rows averaged: at y = 0 the subscript y - 1 is out of
                // range, so the hoisted check fails and every row checks its own (the interior rows still run on vectors).
                [ParallelKernel]
                public static void Bordered(float[,,] src, float[,,] dst)
                {
                    int h = src.GetLength(1), w = src.GetLength(2);
                    foreach (int b in PRange(src.GetLength(0)))
                        for (int y = 0; y < h; y++)
                        {
                            if (y == 0 || y == h - 1)
                            {
                                for (int x = 0; x < w; x++) dst[b, y, x] = src[b, y, x];
                            }
                            else
                            {
                                for (int x = 0; x < w; x++) dst[b, y, x] = (src[b, y - 1, x] + src[b, y, x] + src[b, y + 1, x]) / 3f;
                            }
                        }
                }

                // An inclusive outer loop and two loops between the PRange and the lanes.
                [ParallelKernel]
                public static void Blocks(float[] a, float[] r, int bw, int bh, int nb)
                {
                    foreach (int b in PRange(nb))
                        for (int y = 0; y <= bh - 1; y++)
                            for (int c = 0; c < 2; c++)
                                for (int x = 0; x < bw; x++)
                                    r[((b * bh + y) * 2 + c) * bw + x] = a[((b * bh + y) * 2 + c) * bw + x] * 0.5f + c;
                }

                // Triangular (a batch of upper triangles): the lane loop starts at y, so its guard stays per row.
                [ParallelKernel]
                public static void Upper(double[] m, double[] r, int n, int batches)
                {
                    foreach (int b in PRange(batches))
                        for (int y = 0; y < n; y++)
                            for (int x = y; x < n; x++)
                                r[(b * n + y) * n + x] = m[(b * n + y) * n + x] * 2.0;
                }

                // The row count comes from a caller who may pass too many: the serial loop throws at the first bad row.
                [ParallelKernel]
                public static void Rows(float[] a, float[] r, int w, int rows, int batches)
                {
                    foreach (int b in PRange(batches))
                        for (int y = 0; y < rows; y++)
                            for (int x = 0; x < w; x++)
                                r[(b * rows + y) * w + x] = a[(b * rows + y) * w + x] + 1f;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static string Report(ImmutableArray<Diagnostic> diagnostics, string kernel) =>
            diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage())
                .Single(m => m.Contains($"PRange", StringComparison.Ordinal) && Line(m) == kernel);

        private static string? Line(string message)
        {
            // The report's header names the loop; the kernels differ in their loop headers.
            if (message.Contains("PRange(1, nz - 1)")) return "Flat";
            if (message.Contains("PRange(nb)")) return "Blocks";
            if (message.Contains("dst[b, y, x]")) return "Bordered";
            if (message.Contains("x = y")) return "Upper";
            if (message.Contains("r[(b * rows + y) * w + x]")) return "Rows";
            return null;
        }

        [Fact]
        public void The_report_says_where_the_guard_is_checked()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.Contains("checked once before 'for (int y = 1; y < ny - 1; y++)'", Report(diagnostics, "Flat"));
            Assert.Contains("checked once before 'for (int y = 0; y < h; y++)'", Report(diagnostics, "Bordered"));
            Assert.Contains("checked once before 'for (int y = 0; y <= bh - 1; y++)'", Report(diagnostics, "Blocks"));
            Assert.Contains("checked once before 'for (int y = 0; y < rows; y++)'", Report(diagnostics, "Rows"));
            string upper = Report(diagnostics, "Upper");
            Assert.Contains("inner loop 'for (int x = y; x < n; x++)'", upper);
            Assert.DoesNotContain("checked once", upper);
        }

        private static double[] Doubles(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => r.NextDouble() * 2 - 1).ToArray(); }
        private static float[] Floats(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray(); }

        private static void Same(string kernel, params object[] args)
        {
            object[] serial = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            object[] parallel = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            InMemory.Call(Built.Value, "H", kernel, serial);
            InMemory.Call(Built.Value, "H", kernel + "Parallel", parallel);
            for (int k = 0; k < args.Length; k++)
            {
                if (serial[k] is float[] fs) Assert.Equal(fs.Select(BitConverter.SingleToInt32Bits), ((float[])parallel[k]).Select(BitConverter.SingleToInt32Bits));
                else if (serial[k] is double[] ds) Assert.Equal(ds.Select(BitConverter.DoubleToInt64Bits), ((double[])parallel[k]).Select(BitConverter.DoubleToInt64Bits));
                else if (serial[k] is float[,,] f3) Assert.Equal(f3.Cast<float>().Select(BitConverter.SingleToInt32Bits), ((float[,,])parallel[k]).Cast<float>().Select(BitConverter.SingleToInt32Bits));
            }
        }

        [Theory]
        [InlineData(3, 3, 3), InlineData(4, 5, 6), InlineData(17, 3, 4), InlineData(33, 9, 5), InlineData(64, 10, 7), InlineData(10, 33, 3)]
        public void Flat_stencil_matches_serial(int nx, int ny, int nz)
        {
            int n = nx * ny * nz;
            Same("Flat", Doubles(n, nx), new double[n], nx, ny, nz);
            Same("Flat", Doubles(n, ny), Doubles(n, nz), nx, ny, nz); // the output keeps its border
        }

        [Theory]
        [InlineData(1, 1), InlineData(2, 7), InlineData(3, 8), InlineData(5, 17), InlineData(40, 33), InlineData(9, 100)]
        public void Bordered_rows_match_serial(int h, int w)
        {
            var src = new float[3, h, w];
            float[] values = Floats(3 * h * w, h * 31 + w);
            for (int b = 0; b < 3; b++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) src[b, y, x] = values[(b * h + y) * w + x];
            Same("Bordered", src, new float[3, h, w]);
        }

        [Theory]
        [InlineData(1, 1, 1), InlineData(8, 2, 3), InlineData(17, 3, 5), InlineData(33, 1, 4), InlineData(5, 4, 9)]
        public void Blocks_and_triangles_match_serial(int bw, int bh, int nb)
        {
            int n = bw * bh * 2 * nb;
            Same("Blocks", Floats(n, bw), new float[n], bw, bh, nb);
            int m = bw + bh;
            Same("Upper", Doubles(nb * m * m, m), new double[nb * m * m], m, nb);
        }

        [Theory]
        [InlineData(16, 4), InlineData(33, 3), InlineData(8, 10)]
        public void A_row_past_the_end_throws_like_the_serial_loop_after_the_same_rows(int w, int rows)
        {
            // One batch, 'a' one row short: the hoisted check fails, the rows before still run on vectors, and the last row
            // throws where the serial loop throws, after the same writes.
            float[] a = Floats(w * (rows - 1), w), serialOut = new float[w * rows], parallelOut = new float[w * rows];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "H", "Rows", a, serialOut, w, rows, 1));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "H", "RowsParallel", a, parallelOut, w, rows, 1));
            Assert.Equal(serialOut.Select(BitConverter.SingleToInt32Bits), parallelOut.Select(BitConverter.SingleToInt32Bits));
            Same("Rows", Floats(3 * w * rows, rows), new float[3 * w * rows], w, rows, 3); // and with enough rows, equal
        }
    }
}
