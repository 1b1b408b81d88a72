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
    /// Rows that a row's multiple pins down (DependenceTester.Pinned): a flip in place swaps row y with row h − 1 − y
    /// for y &lt; h / 2 (rows y1 + y2 = h − 1 never both in the lower half: 2·(h / 2) ≤ h); elimination below a pivot
    /// reads row k while rows k + 1 … n − 1 are written (the pivot's counter k counts up from 0); a mirror inside each
    /// row swaps pixel x with pixel w − 1 − x for x &lt; w / 2 (x ≤ w − 1 keeps both halves inside the row). Each was
    /// KG1004; now parallel with the serial loop's results, and the look-alikes whose rows do meet stay flagged.
    /// </summary>
    public class PinnedRowTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                // Samcho276/Projects ImgFlip.FlipHorizontal (rows swapped top for bottom, in place, 4 bytes a pixel), in our
                // own words.
                [ParallelKernel]
                public static void FlipRows(byte[] px, int width, int height)
                {
                    int rowBytes = width * 4;
                    foreach (int y in PRange(height / 2))
                    {
                        int top = y * rowBytes, bottom = (height - 1 - y) * rowBytes;
                        for (int x = 0; x < rowBytes; x++)
                        {
                            byte t = px[top + x];
                            px[top + x] = px[bottom + x];
                            px[bottom + x] = t;
                        }
                    }
                }

                // Its FlipVertical (pixels swapped left for right inside each row).
                [ParallelKernel]
                public static void Mirror(byte[] px, int width, int height)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width / 2; x++)
                        {
                            int a = (y * width + x) * 4, b = (y * width + (width - 1 - x)) * 4;
                            for (int c = 0; c < 4; c++)
                            {
                                byte t = px[a + c];
                                px[a + c] = px[b + c];
                                px[b + c] = t;
                            }
                        }
                }

                // MarceloBristot/Reducao-LU-OpenMPI's LU (the rows below each pivot updated in parallel), in our own words.
                [ParallelKernel]
                public static void Lu(double[] a, double[] l, int n)
                {
                    for (int k = 0; k < n - 1; k++)
                    {
                        double pivot = a[k * n + k];
                        foreach (int i in PRange(k + 1, n))
                        {
                            double f = a[i * n + k] / pivot;
                            l[i * n + k] = f;
                            for (int j = k + 1; j < n; j++)
                                a[i * n + j] -= f * a[k * n + j];
                        }
                    }
                }

                // A row updated from the same row d elements on (d any int): the vector loop only where the two ranges share
                // no element (|d| >= the loop's length), else the scalar loop, which chains the updates.
                [ParallelKernel]
                public static void Shift(int[] a, int w, int h, int s, int d, int o)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            a[o + y * s + x + d] = a[o + y * s + x] * 3 + 1;
                }

                // abhimishraofficial/DSA-codes transposeSquare (in place: m[i, j] swapped with m[j, i] for j > i), in our own words.
                [ParallelKernel]
                public static void Transpose(double[,] m)
                {
                    int n = m.GetLength(0);
                    foreach (int i in PRange(n))
                        for (int j = i + 1; j < n; j++)
                        {
                            double t = m[i, j];
                            m[i, j] = m[j, i];
                            m[j, i] = t;
                        }
                }

                // A 2× downscale of RGBA bytes (Stetsed/p5js-school-project blockified, a 2×2 block average into a separate
                // image, in our own words): the output rows are width / 2 pixels, x < width / 2, so x ≤ q − 1 for the
                // quotient q that is also the rows' stride (DependenceTester.OtherBounds).
                [ParallelKernel]
                public static void Downscale(byte[] src, byte[] dst, int width, int height)
                {
                    foreach (int by in PRange(height / 2))
                    {
                        for (int bx = 0; bx < width / 2; bx++)
                        {
                            int s = (2 * by * width + 2 * bx) * 4;
                            int d = (by * (width / 2) + bx) * 4;
                            for (int c = 0; c < 4; c++)
                                dst[d + c] = (byte)((src[s + c] + src[s + 4 + c] + src[s + 4 * width + c] + src[s + 4 * width + 4 + c] + 2) >> 2);
                        }
                    }
                }

                // 2×2 blocks averaged in place (Stetsed/p5js-school-project blockified, in our own words): block row by
                // touches pixel rows 2by and 2by + 1 only, as x + 1 ≤ width − 1; apart wherever the x loop runs, which
                // needs width ≥ 2 (DependenceTester.Running: a counter's range is not empty where an access names it).
                [ParallelKernel]
                public static void Blocks(byte[] p, int width, int height)
                {
                    foreach (int by in PRange(height / 2))
                        for (int x = 0; x < width - 1; x += 2)
                        {
                            int index = (x + 2 * by * width) * 4, below = index + 4 * width;
                            for (int c = 0; c < 4; c++)
                            {
                                int v = (p[index + c] + p[below + c] + p[index + 4 + c] + p[below + 4 + c] + 2) >> 2;
                                p[index + c] = (byte)v; p[index + 4 + c] = (byte)v; p[below + c] = (byte)v; p[below + 4 + c] = (byte)v;
                            }
                        }
                }

                // The same blocks as the source writes the loop: while x + 1 < width (x < width - 1).
                [ParallelKernel]
                public static void BlocksAsWritten(byte[] p, int width, int height)
                {
                    foreach (int by in PRange(height / 2))
                    {
                        int y = 2 * by;
                        for (int x = 0; x + 1 < width; x += 2)
                        {
                            int index = (x + y * width) * 4, below = index + 4 * width;
                            for (int c = 0; c < 4; c++)
                            {
                                int v = (p[index + c] + p[below + c] + p[index + 4 + c] + p[below + 4 + c] + 2) >> 2;
                                p[index + c] = (byte)v; p[index + 4 + c] = (byte)v; p[below + c] = (byte)v; p[below + 4 + c] = (byte)v;
                            }
                        }
                    }
                }

                // Gauss-Jordan on a double[,] with the augmented column, the pivot row read by every other row below it.
                [ParallelKernel]
                public static void Eliminate(double[,] m)
                {
                    int n = m.GetLength(0), cols = m.GetLength(1);
                    for (int p = 0; p < n; p++)
                    {
                        double pivot = m[p, p];
                        foreach (int r in PRange(p + 1, n))
                        {
                            double f = m[r, p] / pivot;
                            for (int c = p; c < cols; c++)
                                m[r, c] -= f * m[p, c];
                        }
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Pinned_rows_are_parallel_without_a_diagnostic()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099" || d.Id.StartsWith("KG1", StringComparison.Ordinal));
            Assert.Equal(9, diagnostics.Count(d => d.Id == "KG3001")); // FlipRows, Mirror, Lu, Shift, Transpose, Downscale, Blocks, BlocksAsWritten, Eliminate
            // Two rows of one array on an inner loop's lanes: vector loops, guarded by the rows' distance.
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "S");
            foreach (string kernel in new[] { "FlipRows", "Lu", "Shift" })
            {
                string text = generated(kernel);
                Assert.Contains("//     vector: inner loop", text);
                Assert.Contains("global::System.Int128.Abs(", text);
            }
        }

        [Theory]
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x < w; x++) { int t = a[y * w + x]; a[y * w + x] = a[(h - 1 - y) * w + x]; a[(h - 1 - y) * w + x] = t; }")]     // every row: they cross
        [InlineData("foreach (int y in PRange(h / 2 + 1)) for (int x = 0; x < w; x++) { int t = a[y * w + x]; a[y * w + x] = a[(h - 1 - y) * w + x]; a[(h - 1 - y) * w + x] = t; }")] // one row past the half
        [InlineData("foreach (int y in PRange((h + 1) / 2)) for (int x = 0; x < w + 1; x++) { int t = a[y * w + x]; a[y * w + x] = a[(h - 1 - y) * w + x]; a[(h - 1 - y) * w + x] = t; }")] // a row and a bit
        [InlineData("for (int k = 0; k < h; k++) foreach (int i in PRange(k, h)) for (int j = 0; j < w; j++) a[i * w + j] -= a[k * w + j];")]  // the pivot row among the written
        [InlineData("for (int k = -3; k < h - 1; k++) foreach (int i in PRange(k + 1, h)) for (int j = k + 1; j < w; j++) a[i * w + j] -= a[k * w + j];")] // k from -3: j's range may pass a row
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x < w; x++) { int t = a[y * w + x]; a[y * w + x] = a[(h - 1 - y) * w + w - 1 - x]; a[(h - 1 - y) * w + w - 1 - x] = t; }")] // a half turn over every row
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x < w / 2; x++) { int t = a[y * w + x]; a[y * w + x] = a[y * w + w - x]; a[y * w + w - x] = t; }")]  // one past the row's end
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x < w / 2 + 1; x++) a[y * (w / 2) + x] = x;")]          // a pixel past the half row
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x <= w / 2; x++) a[y * (w / 2) + x] = x;")]             // the same, inclusive
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x < w / 2; x++) a[y * (w / 3) + x] = x;")]              // rows of a third, columns of a half
        [InlineData("foreach (int y in PRange(h)) for (int x = -1; x < w / 2; x++) a[y * (w / 2) + x] = x;")]             // from -1: into the row before
        [InlineData("foreach (int y in PRange(h / 2)) for (int x = 0; x < w; x += 2) { a[2 * y * w + x + 1] = 1; a[(2 * y + 1) * w + x] = 2; }")] // x + 1 reaches the next row at odd w
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x < w; x++) { a[2 * w * y + x] = 1; a[2 * w * y + x + w + 1] = 2; }")]       // one past the row pair
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x < w + 1; x++) { a[2 * w * y + x] = 1; a[2 * w * y + x + w] = 2; }")]       // a pixel past the row
        [InlineData("foreach (int y in PRange(h / 2)) for (int x = 0; x + 1 <= w; x += 2) { a[2 * y * w + x + 1] = 1; a[(2 * y + 1) * w + x] = 2; }")] // x + 1 <= w: x + 1 may be w
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; x - 1 < w; x++) { a[y * w + x] = 1; }")]                                  // x - 1 < w: x up to w, the next row's first
        [InlineData("foreach (int y in PRange(h)) for (int x = 0; w > x + 1 - 2; x++) { a[y * w + x] = 1; }")]                               // not a constant offset: unread, flagged
        public void Rows_that_meet_are_still_flagged(string body)
        {
            string source = RaceTests.Kernel(body, "int[] a, int w, int h");
            Assert.Contains(InMemory.Analyze(source), d => d.Id.StartsWith("KG1", StringComparison.Ordinal));
        }

        private static void Same(string kernel, Func<object[]> arguments, int degree) =>
            RuntimeSettings.With(degree, backoff: false, () => Differential.Same(s_built.Value, "S", kernel, arguments()));

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public void Results_are_the_serial_loops(int degree)
        {
            var random = new Random(870 + degree);
            foreach ((int width, int height) in new[] { (1, 1), (3, 2), (7, 5), (64, 33), (253, 193), (0, 4) })
            {
                var px = new byte[width * height * 4];
                random.NextBytes(px);
                Same("FlipRows", () => new object[] { px.ToArray(), width, height }, degree);
                Same("Mirror", () => new object[] { px.ToArray(), width, height }, degree);
            }
            foreach ((int width, int height) in new[] { (1, 1), (2, 2), (3, 5), (8, 6), (65, 33), (0, 4) })
            {
                var src = new byte[width * height * 4];
                random.NextBytes(src);
                Same("Downscale", () => new object[] { src, new byte[width / 2 * (height / 2) * 4], width, height }, degree);
                Same("Downscale", () => new object[] { src, new byte[Math.Max(0, width / 2 * (height / 2) * 4 - 1)], width, height }, degree); // one short: both throw
            }
            foreach ((int width, int height) in new[] { (1, 1), (2, 2), (3, 5), (8, 6), (65, 33), (0, 4), (2, 9) })
            {
                var px = new byte[width * height * 4];
                random.NextBytes(px);
                Same("Blocks", () => new object[] { px.ToArray(), width, height }, degree);
                Same("BlocksAsWritten", () => new object[] { px.ToArray(), width, height }, degree);
            }
            foreach ((int w, int h, int stride, int d) in new[] { (64, 9, 200, 100), (64, 9, 200, 64), (64, 9, 200, 63), (64, 9, 200, 1), (64, 9, 200, 0),
                (64, 9, 200, -1), (64, 9, 200, -64), (40, 7, 45, 3), (100, 3, 100, 5), (37, 5, 80, -37) })
            {
                int[] a = Enumerable.Range(0, h * stride + w + 200).Select(_ => random.Next(-50, 50)).ToArray();
                Same("Shift", () => new object[] { a.ToArray(), w, h, stride, d, 64 }, degree); // rows from 64 on: x + d stays in the array
            }
            foreach (int n in new[] { 1, 2, 5, 40, 131 })
            {
                var a = new double[n * n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = random.NextDouble() + (i == j ? n : 0);
                Same("Lu", () => new object[] { a.ToArray(), new double[n * n], n }, degree);
                var m = new double[n, n + 1];
                for (int i = 0; i < n; i++) for (int j = 0; j <= n; j++) m[i, j] = random.NextDouble() + (i == j ? n : 0);
                Same("Eliminate", () => new object[] { m.Clone() }, degree);
                var square = new double[n, n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) square[i, j] = random.NextDouble();
                Same("Transpose", () => new object[] { square.Clone() }, degree);
            }
        }
    }
}
