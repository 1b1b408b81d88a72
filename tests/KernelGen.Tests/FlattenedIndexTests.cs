using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// One PRange over a flattened index space, split back with <c>/</c> and <c>%</c>: the way C# code writes OpenMP's
    /// <c>collapse(2)</c> (llm.c's encoder and layer norm over (b, t); nietras/Llm ports them as one loop over B·T with
    /// <c>b = bt / T, t = bt % T</c>), and image code's one loop over every pixel (<c>x = p % width, y = p / width</c>);
    /// written here in our own words. Each was KG1004 (a subscript "not affine") and ran serially. The race analysis
    /// now writes <c>p / w</c> as a symbol and <c>p % w</c> as <c>p − w·(p / w)</c> (C#'s identity for truncating
    /// division), so that <c>y·w + x</c> is p itself; a subscript where the quotient does not cancel stays unproven. A
    /// rectangular array's subscripts <c>g[y, x]</c> are tested as one combination of them, <c>w·y + x</c> (equal elements
    /// have equal combinations, so distinct combinations prove distinct elements).
    /// </summary>
    public class FlattenedIndexTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class F
            {
                // Every pixel of an image, one loop.
                [ParallelKernel]
                public static void Pixels(float[] src, float[] dst, int width, int height)
                {
                    foreach (int p in PRange(width * height))
                    {
                        int x = p % width, y = p / width;
                        float left = x > 0 ? src[y * width + x - 1] : 0f;
                        dst[y * width + x] = 0.5f * src[y * width + x] + 0.25f * left + 0.01f * y;
                    }
                }

                // llm.c's encoder: out[b, t, :] = wte[token] + wpe[t], one iteration per (b, t).
                [ParallelKernel]
                public static void Encoder(float[] output, int[] tokens, float[] wte, float[] wpe, int B, int T, int C)
                {
                    foreach (int bt in PRange(B * T))
                    {
                        int b = bt / T, t = bt % T;
                        int o = b * T * C + t * C;
                        int ix = tokens[b * T + t];
                        for (int i = 0; i < C; i++)
                            output[o + i] = wte[ix * C + i] + wpe[t * C + i];
                    }
                }

                // Three levels: (b, t, c) from one index, c fastest.
                [ParallelKernel]
                public static void Bias(double[] y, double[] bias, int B, int T, int C)
                {
                    foreach (int n in PRange(B * T * C))
                    {
                        int c = n % C;
                        int bt = n / C;
                        int t = bt % T, b = bt / T;
                        y[(b * T + t) * C + c] += bias[c] * (t + 1);
                    }
                }

                // A rectangular grid, one loop over its cells: Conway's Life, the neighbours read at [y + dy, x + dx].
                [ParallelKernel]
                public static void Life(byte[,] next, byte[,] cur, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                    {
                        int x = p % w, y = p / w;
                        int n = 0;
                        for (int dy = -1; dy <= 1; dy++)
                            for (int dx = -1; dx <= 1; dx++)
                                if ((dx != 0 || dy != 0) && y + dy >= 0 && y + dy < h && x + dx >= 0 && x + dx < w)
                                    n += cur[y + dy, x + dx];
                        next[y, x] = (byte)(n == 3 || n == 2 && cur[y, x] == 1 ? 1 : 0);
                    }
                }

                // The split written into the subscripts, and a channel after the pixel (tested as the pixel).
                [ParallelKernel]
                public static void Planes(float[,,] rgb, float[,] gray, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                    {
                        float sum = 0;
                        for (int c = 0; c < 3; c++)
                        {
                            rgb[p / w, p % w, c] *= 0.5f;
                            sum += rgb[p / w, p % w, c];
                        }
                        gray[p / w, p % w] = sum / 3;
                    }
                }

                // Column-major over a grid: x = p % h is the row, y = p / h the column (tested as x + h·y).
                [ParallelKernel]
                public static void ColumnMajor(int[,] g, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                        g[p % h, p / h] = p;
                }

                // The index split by a divisor that can be zero (the serial loop throws at its first iteration).
                [ParallelKernel]
                public static void Columns(int[] a, int n, int w)
                {
                    foreach (int p in PRange(n))
                        a[p / w * w + p % w] = p % w;
                }
            }

            // Pixel loops whose lanes need their coordinates: p % w and p / w on vectors, one division a step
            // (KernelRuntime.ConsecutiveQuotients), and y * w + x put back together as p (consecutive elements).
            public static partial class Q
            {
                // A test pattern from the coordinates alone (a UV map, a gradient).
                [ParallelKernel]
                public static void Gradient(float[] img, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                    {
                        int x = p % w, y = p / w;
                        img[p] = x * 0.5f + y * 0.25f;
                    }
                }

                // The column from the row (x = p - y * w), bytes and doubles in one loop (its ints in long lanes).
                [ParallelKernel]
                public static void Checker(byte[] img, double[] shade, int w)
                {
                    foreach (int p in PRange(img.Length))
                    {
                        int y = p / w;
                        int x = p - y * w;
                        img[p] = (byte)((x / 8 + y / 8) & 1);
                        shade[y * w + x] = 0.5 * x - y;
                    }
                }

                // A box filter's neighbours through the coordinates: row above and below, flat.
                [ParallelKernel]
                public static void Vertical(float[] src, float[] dst, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                    {
                        int x = p % w, y = p / w;
                        if (y == 0 || y == h - 1) { dst[p] = src[p]; continue; }
                        dst[y * w + x] = (src[(y - 1) * w + x] + src[y * w + x] + src[(y + 1) * w + x]) / 3f;
                    }
                }

                // A chain over the lanes in an inner loop: several lane groups a step, each with its own coordinates.
                [ParallelKernel]
                public static void Chain(float[] src, float[] dst, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                    {
                        int x = p % w, y = p / w;
                        float s = 0;
                        for (int k = 0; k < 5; k++) s = s * 0.5f + src[y * w + x] * k + y;
                        dst[p] = s + x;
                    }
                }

                // A counter's lanes are consecutive too: a row's columns wrapped into tiles.
                [ParallelKernel]
                public static void Tiles(int[] t, int rows, int n, int tile)
                {
                    foreach (int r in PRange(rows))
                        for (int j = 0; j < n; j++)
                            t[r * n + j] = j / tile * 100 + j % tile + r;
                }

                // Only some lanes divide (masked: lane by lane, as before; by zero only where a lane divides).
                [ParallelKernel]
                public static void Masked(float[] a, int[] o, int w)
                {
                    foreach (int p in PRange(a.Length))
                        o[p] = a[p] > 0.5f ? p % w : -p;
                }

                [ParallelKernel]
                public static void Branch(float[] a, int[] o, int w)
                {
                    foreach (int p in PRange(a.Length))
                    {
                        int v = -p;
                        if (a[p] > 0.5f) v = p / w + 1;
                        o[p] = v;
                    }
                }

                // A grid's row from the quotient: g[y, x] changes its row within a vector (not consecutive: lane by lane).
                [ParallelKernel]
                public static void Grid(float[,] g, float[] flat, int w)
                {
                    foreach (int p in PRange(flat.Length))
                    {
                        int x = p % w, y = p / w;
                        g[y, x] = flat[p] * 2f + x;
                    }
                }
            }

            public static partial class Races
            {
                // Only the column: every row writes it (an array reduction, never a race).
                [ParallelKernel]
                public static void Column(float[] counts, float[] x, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                        counts[p % w] += x[p];
                }

                // Row plus column: (1, 0) and (0, 1) meet; the quotient does not cancel.
                [ParallelKernel]
                public static void Diagonal(float[] d, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                    {
                        int x = p % w, y = p / w;
                        d[y + x] = p;
                    }
                }

                // The row alone: every iteration of a row writes it.
                [ParallelKernel]
                public static void Row(float[] r, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                        r[p / w] = p;
                }

                // A grid's row alone, and a cell with its left neighbour: races. Equal combinations of the subscripts prove
                // nothing, so these are warnings (serial), never a build error.
                [ParallelKernel]
                public static void GridRow(float[,] g, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                        g[p / w, 0] = p;
                }

                // Column plus row, in a grid: (1, 0) and (0, 1) meet again.
                [ParallelKernel]
                public static void GridDiagonal(float[,] g, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                        g[0, p % w + p / w] = p;
                }

                [ParallelKernel]
                public static void LeftNeighbour(float[,] g, int w, int h)
                {
                    foreach (int p in PRange(w * h))
                    {
                        int x = p % w, y = p / w;
                        g[y, x] += 1;
                        if (x > 0) g[y, x - 1] += 1;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "F"));

        [Fact]
        public void Split_indices_run_in_parallel()
        {
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            foreach (string kernel in new[] { "Pixels", "Encoder", "Bias", "Columns", "Life", "Planes", "ColumnMajor" })
            {
                Assert.NotNull(s_built.Value.GetType("F")!.GetMethod(kernel + "Parallel"));
                Assert.Contains("parallel: chunks", InMemory.Section(s_generated.Value(kernel)));
            }
            // The encoder's rows on vectors, as with two nested loops.
            Assert.Contains("vector: inner loop 'for (int i = 0; i < C; i++)'", InMemory.Section(s_generated.Value("Encoder")));
            // Where the quotient does not cancel, nothing is proven: the loops that race stay serial (or private copies).
            Assert.Null(s_built.Value.GetType("Races")!.GetMethod("DiagonalParallel"));
            Assert.Null(s_built.Value.GetType("Races")!.GetMethod("RowParallel"));
            Assert.Null(s_built.Value.GetType("Races")!.GetMethod("GridRowParallel"));
            Assert.Null(s_built.Value.GetType("Races")!.GetMethod("GridDiagonalParallel"));
            Assert.Null(s_built.Value.GetType("Races")!.GetMethod("LeftNeighbourParallel"));
            Assert.DoesNotContain(diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            Assert.Contains(diagnostics, d => d.Id == "KG1004" && d.GetMessage().Contains("`d[y + x]`"));
            Assert.Contains("array reductions: counts", InMemory.Section(InMemory.GeneratedFrom(Source, "Races")("Column")));
        }

        [Fact]
        public void Coordinates_from_the_index_run_on_vectors()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "Q");
            const string Stepped = "integer '/' and '%' of the consecutive index by a divisor the same in every lane (one division a step)";
            foreach (string kernel in new[] { "Gradient", "Checker", "Vertical", "Tiles", "Chain" })
                Assert.Contains(Stepped, InMemory.Section(generated(kernel)));
            Assert.Contains("lane groups a step", InMemory.Section(generated("Chain")));
            Assert.Contains(Stepped, InMemory.Section(s_generated.Value("Pixels")));
            Assert.Contains(Stepped, InMemory.Section(s_generated.Value("Columns")));
            // y * w + x is p: whole-vector loads and stores, no gathers; the coordinates' first lane for the subscripts.
            Assert.DoesNotContain("lane by lane", InMemory.Section(s_generated.Value("Pixels")));
            Assert.Contains("KernelRuntime.FirstLane(__kg_v_y)", generated("Vertical"));
            Assert.Contains("ints in long lanes", InMemory.Section(generated("Checker")));
        }

        [Theory]
        [InlineData(1, 40)]
        [InlineData(3, 33)]
        [InlineData(7, 19)]
        [InlineData(15, 9)]
        [InlineData(16, 9)]
        [InlineData(17, 11)]
        [InlineData(100, 37)]
        [InlineData(1023, 5)]
        public void Coordinates_agree_with_the_serial_loops(int width, int height)
        {
            var random = new Random(width * 31 + height);
            int n = width * height;
            Differential.Same(s_built.Value, "Q", "Gradient", new float[n], width, height);
            Differential.Same(s_built.Value, "Q", "Checker", new byte[n], new double[n], width);
            // An image whose length is not whole rows, and a negative width (C# truncates toward zero).
            Differential.Same(s_built.Value, "Q", "Checker", new byte[n + width / 2], new double[n + width / 2], width);
            Differential.Same(s_built.Value, "Q", "Checker", new byte[n], new double[n], -width);
            float[] src = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "Q", "Vertical", src, new float[n], width, height);
            Differential.Same(s_built.Value, "Q", "Chain", src, new float[n], width, height);
            Differential.Same(s_built.Value, "Q", "Tiles", new int[height * (width + 5)], height, width + 5, width % 7 + 1);
            Differential.Same(s_built.Value, "Q", "Tiles", new int[height * (width + 5)], height, width + 5, -(width % 19) - 1);
            Differential.Same(s_built.Value, "Q", "Masked", src, new int[n], width);
            Differential.Same(s_built.Value, "Q", "Branch", src, new int[n], width);
            Differential.Same(s_built.Value, "Q", "Grid", new float[height, width], src, width);
            // The grid a column short: the serial loop throws at the first row's last pixel, so does the parallel one.
            if (width > 1) Differential.Same(s_built.Value, "Q", "Grid", new float[height, width - 1], src, width);
        }

        [Fact]
        public void Coordinates_by_a_zero_width_throw_as_the_serial_loop_does()
        {
            Assert.True(Differential.Throws(s_built.Value, "Q", "Checker", new object[] { new byte[40], new double[40], 0 }));
            Differential.Same(s_built.Value, "Q", "Checker", new byte[40], new double[40], 0);
            Differential.Same(s_built.Value, "Q", "Tiles", new int[90], 3, 30, 0);
            Differential.Same(s_built.Value, "Q", "Masked", new float[50], new int[50], 0);
            float[] one = new float[50];
            one[37] = 1f;
            Assert.True(Differential.Throws(s_built.Value, "Q", "Masked", new object[] { one, new int[50], 0 }));
            Differential.Same(s_built.Value, "Q", "Masked", one, new int[50], 0);
            Differential.Same(s_built.Value, "Q", "Branch", new float[50], new int[50], 0);
            Assert.True(Differential.Throws(s_built.Value, "Q", "Branch", new object[] { one, new int[50], 0 }));
            Differential.Same(s_built.Value, "Q", "Branch", one, new int[50], 0);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(7, 5)]
        [InlineData(64, 3)]
        [InlineData(131, 97)]
        public void Results_are_the_serial_loops(int width, int height)
        {
            var random = new Random(width * 7 + height);
            float[] src = Enumerable.Range(0, width * height).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "F", "Pixels", src, new float[src.Length], width, height);
            int B = height, T = width % 9 + 2, C = 37, vocab = 50;
            int[] tokens = Enumerable.Range(0, B * T).Select(_ => random.Next(vocab)).ToArray();
            float[] wte = Enumerable.Range(0, vocab * C).Select(_ => (float)random.NextDouble()).ToArray();
            float[] wpe = Enumerable.Range(0, T * C).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "F", "Encoder", new float[B * T * C], tokens, wte, wpe, B, T, C);
            double[] y = Enumerable.Range(0, B * T * C).Select(_ => random.NextDouble()).ToArray();
            double[] bias = Enumerable.Range(0, C).Select(_ => random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "F", "Bias", y, bias, B, T, C);
            Differential.Same(s_built.Value, "F", "Columns", new int[width * height], width * height, width);
            var cur = new byte[height, width];
            for (int r = 0; r < height; r++)
                for (int c = 0; c < width; c++)
                    cur[r, c] = (byte)random.Next(2);
            Differential.Same(s_built.Value, "F", "Life", new byte[height, width], cur, width, height);
            var rgb = new float[height, width, 3];
            for (int r = 0; r < height; r++)
                for (int c = 0; c < width; c++)
                    for (int k = 0; k < 3; k++)
                        rgb[r, c, k] = (float)random.NextDouble();
            Differential.Same(s_built.Value, "F", "Planes", rgb, new float[height, width], width, height);
            Differential.Same(s_built.Value, "F", "ColumnMajor", new int[height, width], width, height);
            if (height > 1) Differential.Same(s_built.Value, "F", "ColumnMajor", new int[height - 1, width], width, height);
            // A grid narrower than the split (w past its columns): the serial loop throws, and so does the parallel one.
            if (width > 1) Differential.Same(s_built.Value, "F", "Life", new byte[height, width - 1], cur, width, height);
            // A negative divisor: C# truncates, and (p / w)·w + p % w is still p.
            Differential.Same(s_built.Value, "F", "Columns", new int[width * height], width * height, -width);
        }

        [Fact]
        public void A_zero_divisor_throws_as_the_serial_loop_does()
        {
            Differential.Same(s_built.Value, "F", "Columns", new int[40], 40, 0);
            Assert.True(Differential.Throws(s_built.Value, "F", "Columns", new object[] { new int[40], 40, 0 }));
        }
    }
}
