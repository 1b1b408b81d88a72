using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Inner loops whose neighbours are clamped to the row's edge (Vectorize.EdgePeeling): the interior runs on whole
    /// vectors, the edge iterations as written, in the loop's order. The shapes are image code's clamp-to-edge filters:
    /// a 3-tap row blur with Max/Min locals (as in ImageSharp-style box blurs), a 5-tap byte filter through
    /// Math.Clamp (OpenCV's BORDER_REPLICATE written by hand), a rectangular grid's horizontal gradient with the bounds
    /// either way round (a loop that starts past the edge), clamps to bounds given as arguments (crossing ones
    /// included), a separable filter's row pass whose taps are a loop inside the lanes' loop, a 2-D convolution
    /// with clamped rows too (the rows' clamp is the same for every lane: see UniformClampTests), and windows whose
    /// loop moves with x (for (ix = x - r; ix <= x + r; ix++), each source clamped; a Gaussian one whose weights are a
    /// function of the offset k - x, the same in every lane).
    /// </summary>
    public class EdgePeelingTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class E
            {
                [ParallelKernel]
                public static void Blur3(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int xl = Math.Max(x - 1, 0), xr = Math.Min(x + 1, w - 1);
                            dst[y * w + x] = (src[y * w + xl] + src[y * w + x] + src[y * w + xr]) / 3f;
                        }
                }

                [ParallelKernel]
                public static void Taps5(byte[] src, byte[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int row = y * w;
                        for (int x = 0; x < w; x++)
                        {
                            int s = src[row + Math.Clamp(x - 2, 0, w - 1)] + 4 * src[row + Math.Clamp(x - 1, 0, w - 1)] + 6 * src[row + x]
                                + 4 * src[row + Math.Clamp(x + 1, 0, w - 1)] + src[row + Math.Clamp(x + 2, 0, w - 1)];
                            dst[row + x] = (byte)(s >> 4);
                        }
                    }
                }

                [ParallelKernel]
                public static void Gradient(double[,] g, double[,] dx, int w)
                {
                    foreach (int y in PRange(g.GetLength(0)))
                        for (int x = 1; x < w; x++)
                            dx[y, x] = g[y, Math.Min(w - 1, x + 1)] - g[y, Math.Max(0, x - 1)];
                }

                [ParallelKernel]
                public static void Bounded(int[] src, int[] dst, int w, int h, int lo, int hi)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            dst[y * w + x] = src[y * w + Math.Clamp(x + 3, lo, hi)] - src[y * w + Math.Clamp(x - 3, lo, hi)];
                }

                // A 2-D convolution with clamped taps (alexChurkin/CGColorsAndFilters, CGFilters/testcode.cs: MatrixFilter's
                // CalculateNewPixelColor, Clamp(x + k, 0, Width - 1) for k in [-radius, radius], on a float plane here).
                [ParallelKernel]
                public static void Convolve(float[] src, float[] dst, float[] kernel, int w, int h, int r)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int l = -r; l <= r; l++)
                                for (int k = -r; k <= r; k++)
                                    s += src[Math.Clamp(y + l, 0, h - 1) * w + Math.Clamp(x + k, 0, w - 1)] * kernel[(l + r) * (2 * r + 1) + k + r];
                            dst[y * w + x] = s;
                        }
                }

                // The horizontal pass of a separable filter, the same clamp with the taps in a loop of their own.
                [ParallelKernel]
                public static void RowPass(float[] src, float[] dst, float[] taps, int w, int h, int r)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int k = -r; k <= r; k++)
                                s += src[y * w + Math.Clamp(x + k, 0, w - 1)] * taps[k + r];
                            dst[y * w + x] = s;
                        }
                }

                // A window around the pixel whose every source is clamped to the image (Ivan Kutskir's blur, algorithm 1, as
                // kochamdziekana/GaussianBlur_AsmCs BlurOne.BlurTarget ports it, with equal weights here): the loop over ix
                // moves with x, ix in [x - r, x + r].
                [ParallelKernel]
                public static void BoxWindow(float[] src, float[] dst, int w, int h, int r)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int iy = y - r; iy <= y + r; iy++)
                                for (int ix = x - r; ix <= x + r; ix++)
                                {
                                    int cx = Math.Min(w - 1, Math.Max(0, ix));
                                    int cy = Math.Min(h - 1, Math.Max(0, iy));
                                    s += src[cy * w + cx];
                                }
                            dst[y * w + x] = s;
                        }
                }

                // The same along a row, its limit exclusive; and a lopsided window (two before, one after) weighted by the offset.
                [ParallelKernel]
                public static void RowWindow(float[] src, float[] dst, int w, int h, int r)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int k = x - r; k < x + r + 1; k++)
                                s += src[y * w + Math.Clamp(k, 0, w - 1)];
                            dst[y * w + x] = s;
                        }
                }

                [ParallelKernel]
                public static void Lopsided(int[] src, int[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int s = 0;
                            for (int k = x - 2; k <= 1 + x; k++)
                                s += src[y * w + Math.Max(0, Math.Min(k, w - 1))] * (k - x);
                            dst[y * w + x] = s;
                        }
                }

                // A Gaussian window weighted per tap by Math.Exp of the offset from the pixel (as BlurTarget weights it): k - x
                // is the same in every lane, so each weight is one call a step; x - y is not (it stays per lane).
                [ParallelKernel]
                public static void GaussWindow(float[] src, float[] dst, int w, int h, int r)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            double total = 0, weights = 0;
                            for (int k = x - r; k <= x + r; k++)
                            {
                                int d = k - x;
                                double g = Math.Exp(-(d * d) / (2.0 * r * r + 1));
                                total += src[y * w + Math.Clamp(k, 0, w - 1)] * g;
                                weights += g;
                            }
                            dst[y * w + x] = (float)(total / weights) + (x - y);
                        }
                }

                // The offset computed checked: a lane's own intermediate could overflow where the first lane's does not.
                [ParallelKernel]
                public static void GaussChecked(float[] src, float[] dst, int w, int h, int r)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            double total = 0;
                            for (int k = x - r; k <= x + r; k++)
                                total += src[y * w + Math.Clamp(k, 0, w - 1)] * Math.Exp(-checked((k - x) * (k - x)));
                            dst[y * w + x] = (float)total;
                        }
                }

                // x cancels, but checked: lane x = 41 overflows where the first lane does not (the serial loop throws there).
                [ParallelKernel]
                public static void CheckedOffset(int[] src, int[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            dst[y * w + x] = src[y * w + x] + checked(x + (int.MaxValue - 40) - x);
                }

                // The clamps written as '?:', either arm the counter's and the bound either side (C ports write them so).
                [ParallelKernel]
                public static void Ternary(short[] src, int[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int xl = x > 0 ? x - 1 : 0, xr = w - 1 > x ? x + 1 : w - 1, xl2 = x - 2 < 0 ? 0 : x - 2;
                            dst[y * w + x] = src[y * w + xl2] + 2 * src[y * w + xl] - 2 * src[y * w + xr];
                        }
                }

                // One '?:' alone (each bound of the interior from one clamp; above, x - 2 < 0 … sets the start).
                [ParallelKernel]
                public static void TernaryLeft(short[] src, int[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            dst[y * w + x] = src[y * w + x] - src[y * w + (x > 0 ? x - 1 : 0)];
                }

                // x == 0 ? 0 : x - 1 is not a half of the range: not split (compared only).
                [ParallelKernel]
                public static void TernaryEquals(short[] src, int[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            dst[y * w + x] = src[y * w + (x == 0 ? 0 : x - 1)] - src[y * w + (x > 0 ? x - 1 : 0)];
                }

                // A clamping accessor (GetPixel with bounds): not split (a helper's reads are not the loop's), parallel since
                // src is only read, and the report names what it reads.
                static float At(float[] a, int w, int x, int y) => a[y * w + Math.Clamp(x, 0, w - 1)];

                [ParallelKernel]
                public static void ThroughAccessor(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            dst[y * w + x] = At(src, w, x - 1, y) - At(src, w, x + 1, y);
                }

                // The PRange loop's own index clamped (1-D smoothing of a signal): each chunk splits at the interior.
                [ParallelKernel]
                public static void Smooth(float[] src, float[] dst)
                {
                    int n = src.Length;
                    foreach (int i in PRange(n))
                        dst[i] = (src[Math.Max(i - 2, 0)] + src[i > 0 ? i - 1 : 0] + src[i] + src[Math.Min(i + 1, n - 1)]) * 0.25f;
                }

                // The same over a range that starts inside the array, clamped to the range (the array goes on past it).
                [ParallelKernel]
                public static void Window(double[] src, double[] dst, int from, int to)
                {
                    foreach (int i in PRange(from, to))
                        dst[i] = src[Math.Clamp(i + 3, from, to - 1)] - src[Math.Max(i - 1, from)];
                }

                // A bound from the index itself moves with it: not split.
                [ParallelKernel]
                public static void Moving(double[] src, double[] dst)
                {
                    foreach (int i in PRange(src.Length))
                        dst[i] = src[Math.Min(i + 1, i)] + src[i];
                }

                // The clamp's bound is read from an array: not split (it could not be computed before the loop).
                [ParallelKernel]
                public static void RowLimits(float[] src, float[] dst, int[] last, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            dst[y * w + x] = src[y * w + Math.Min(x + 1, last[y])];
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "E"));

        [Theory]
        [InlineData("Blur3"), InlineData("Taps5"), InlineData("Gradient"), InlineData("Bounded"), InlineData("RowPass")]
        [InlineData("Ternary"), InlineData("TernaryLeft"), InlineData("Smooth"), InlineData("Convolve")]
        [InlineData("BoxWindow"), InlineData("RowWindow"), InlineData("Lopsided"), InlineData("GaussWindow")]
        public void Clamped_loops_take_whole_vectors_in_the_interior(string kernel)
        {
            string section = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains("edges split off: where ", section);
            Assert.DoesNotContain("lane by lane", section);
            Assert.Contains("int __kg_edge = ", s_generated.Value(kernel));
        }

        [Fact]
        public void A_bound_read_from_an_array_is_not_split()
        {
            Assert.DoesNotContain("edges split off", InMemory.Section(s_generated.Value("RowLimits")));
            var random = new Random(5);
            foreach (int w in new[] { 1, 7, 40 })
                Differential.Same(s_built.Value, "E", "RowLimits", Floats(random, w * 3 + 1), new float[w * 3], Enumerable.Range(0, 3).Select(_ => random.Next(w)).ToArray(), w, 3);
        }

        [Fact]
        public void A_clamping_accessors_reads_are_in_the_report()
        {
            Assert.Contains("reads src (through At); writes dst[y * w + x]", InMemory.Section(s_generated.Value("ThroughAccessor")));
            var random = new Random(9);
            foreach (int w in new[] { 1, 2, 19, 70 })
                Differential.Same(s_built.Value, "E", "ThroughAccessor", Floats(random, w * 4), new float[w * 4], w, 4);
        }

        private static float[] Floats(Random random, int n) => Enumerable.Range(0, n).Select(_ => (float)random.Next(-50, 50) / 7f).ToArray();

        /// <summary>Widths around every vector width (no interior, one lane of it, a step and a remainder), 1-3 rows.</summary>
        public static TheoryData<int, int> Sizes()
        {
            var data = new TheoryData<int, int>();
            foreach (int w in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 18, 31, 33, 34, 63, 64, 65, 67, 130 })
                data.Add(w, 1 + w % 3);
            return data;
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Every_width_gives_the_serial_result(int w, int h)
        {
            var random = new Random(w * 31 + h);
            Assembly built = s_built.Value;
            Differential.Same(built, "E", "Blur3", Floats(random, w * h), new float[w * h], w, h);
            byte[] bytes = Enumerable.Range(0, w * h).Select(_ => (byte)random.Next(256)).ToArray();
            Differential.Same(built, "E", "Taps5", bytes, new byte[w * h], w, h);
            var g = new double[h, w + 1];
            for (int y = 0; y < h; y++) for (int x = 0; x <= w; x++) g[y, x] = random.NextDouble() * 8 - 4;
            Differential.Same(built, "E", "Gradient", g, new double[h, w + 1], w);
            short[] shorts = Enumerable.Range(0, w * h).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            Differential.Same(built, "E", "Ternary", shorts, new int[w * h], w, h);
            Differential.Same(built, "E", "TernaryEquals", shorts, new int[w * h], w, h);
            Differential.Same(built, "E", "TernaryLeft", shorts, new int[w * h], w, h);
            int[] ints = Enumerable.Range(0, w * h + 8).Select(_ => random.Next(-1000, 1000)).ToArray();
            foreach (int r in new[] { 0, 1, 3 })
            {
                float[] kernel = Floats(random, (2 * r + 1) * (2 * r + 1));
                Differential.Same(built, "E", "Convolve", Floats(random, w * h), new float[w * h], kernel, w, h, r);
                Differential.Same(built, "E", "RowPass", Floats(random, w * h), new float[w * h], kernel.Take(2 * r + 1).ToArray(), w, h, r);
                Differential.Same(built, "E", "BoxWindow", Floats(random, w * h), new float[w * h], w, h, r);
                Differential.Same(built, "E", "RowWindow", Floats(random, w * h), new float[w * h], w, h, r);
                Differential.Same(built, "E", "GaussWindow", Floats(random, w * h), new float[w * h], w, h, r);
                Differential.Same(built, "E", "GaussChecked", Floats(random, w * h), new float[w * h], w, h, r);
            }
            Differential.Same(built, "E", "Lopsided", ints, new int[w * h], w, h);
            Differential.Same(built, "E", "CheckedOffset", ints, new int[w * h], w, h);
            // Bounds inside the row, a narrower window, the whole row and one past it (the last row then throws on both sides).
            foreach ((int lo, int hi) in new[] { (0, w - 1), (2, w - 3), (0, w), (w / 2, w / 2) })
                Differential.Same(built, "E", "Bounded", ints, new int[w * h], w, h, lo, hi);
        }

        [Theory]
        [InlineData(0), InlineData(1), InlineData(2), InlineData(3), InlineData(17), InlineData(64), InlineData(1000), InlineData(40_003)]
        public void The_PRange_index_clamped_gives_the_serial_result(int n)
        {
            var random = new Random(n);
            Differential.Same(s_built.Value, "E", "Smooth", Floats(random, n), new float[n]);
            double[] doubles = Enumerable.Range(0, n + 5).Select(_ => random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "E", "Window", doubles, new double[n + 5], Math.Min(2, n), n);
            Differential.Same(s_built.Value, "E", "Moving", doubles, new double[n + 5]);
            Assert.Contains("edges split off", InMemory.Section(s_generated.Value("Window")));
            Assert.DoesNotContain("edges split off", InMemory.Section(s_generated.Value("Moving")));
        }

        /// <summary>The chunk's split is what the test sees: an interior one too wide reads past the clamp to the range.</summary>
        [Fact]
        public void A_chunks_interior_one_too_wide_is_caught()
        {
            Assembly mutant = InMemory.BuildMutant(Source, "int __kg_edgeend = (int)global::System.Math.Max(global::System.Math.Min((long)(__kg_last)",
                "int __kg_edgeend = 1 + (int)global::System.Math.Max(global::System.Math.Min((long)(__kg_last)");
            var random = new Random(4);
            const int n = 1000;
            double[] src = Enumerable.Range(0, n + 5).Select(_ => random.NextDouble()).ToArray(), serial = new double[n + 5], parallel = new double[n + 5];
            InMemory.Call(mutant, "E", "Window", src, serial, 2, n - 7);
            InMemory.Call(mutant, "E", "WindowParallel", src, parallel, 2, n - 7);
            Assert.NotEqual(serial, parallel);
        }

        [Fact]
        public void A_clamp_whose_bounds_cross_throws_as_the_serial_loop_does()
        {
            // Math.Clamp(v, 5, 2) throws ArgumentException: the interior is empty, every iteration runs as written.
            int w = 40, h = 3;
            object[] args = { new int[w * h + 8], new int[w * h], w, h, 5, 2 };
            Differential.Same(s_built.Value, "E", "Bounded", args);
            Assert.True(Differential.Throws(s_built.Value, "E", "Bounded", args));
        }

        /// <summary>The split is what the test sees: an interior one element too wide reads past the clamp at the edge.</summary>
        [Fact]
        public void An_interior_one_too_wide_is_caught()
        {
            Assembly mutant = InMemory.BuildMutant(Source, "int __kg_edgeend = (int)global::System.Math.Max(", "int __kg_edgeend = 1 + (int)global::System.Math.Max(");
            var random = new Random(3);
            const int w = 37, h = 3;
            float[] src = Floats(random, w * h), serial = new float[w * h], parallel = new float[w * h];
            InMemory.Call(mutant, "E", "Blur3", src, serial, w, h);
            Exception? error = Record.Exception(() => InMemory.Call(mutant, "E", "Blur3Parallel", src, parallel, w, h));
            Assert.True(error is not null || !serial.SequenceEqual(parallel), "the mutant gave the serial result");
        }
    }
}
