using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Rows clamped to the image, the same for every lane of the x loop (the planner's uniform clamps): a 2-D filter's
    /// <c>src[Math.Clamp(y + dy, 0, h - 1) * w + x + dx]</c> reads one row for all lanes, a whole-vector load where the
    /// guard has checked the subscripts with the clamp at both of its bounds. Shapes from image code: a 3×3 blur whose
    /// taps clamp inside their loops (the textbook convolution with BORDER_REPLICATE), the same with Min(Max()) locals
    /// (C ports), a rectangular grid, a Sobel filter whose rows above and below are clamped in the x loop
    /// (<c>Math.Max(y - 1, 0) * w</c>: a value fixed for the whole vector loop). And the cases that must keep the serial
    /// result where the clamp does not stay in the array: bounds past the rows, crossing bounds (Math.Clamp throws),
    /// a clamp under a condition never true, a clamp squared (not multilinear: no corners bound it).
    /// </summary>
    public class UniformClampTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class U
            {
                // Min(Max()) in locals, rows and columns alike (a C port's 3x3 box blur, CLAMP(y + ky, 0, h - 1)).
                [ParallelKernel]
                public static void BlurLocals(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int ky = -1; ky <= 1; ky++)
                            {
                                int yy = Math.Min(Math.Max(y + ky, 0), h - 1);
                                for (int kx = -1; kx <= 1; kx++)
                                {
                                    int xx = Math.Max(0, Math.Min(w - 1, x + kx));
                                    s += src[yy * w + xx];
                                }
                            }
                            dst[y * w + x] = s / 9f;
                        }
                }

                // A rectangular grid, its rows clamped in the subscript (the heat-map smoothing of a game's influence map).
                [ParallelKernel]
                public static void Grid(double[,] src, double[,] dst)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            double s = 0;
                            for (int dy = -2; dy <= 2; dy++)
                                s += src[Math.Clamp(y + dy, 0, h - 1), x];
                            dst[y, x] = s * 0.2;
                        }
                }

                // Sobel on bytes, the rows above and below clamped inside the x loop (Math.Max(y - 1, 0) * w and a '?:': fixed
                // for the whole vector loop), the columns by Max/Min locals.
                [ParallelKernel]
                public static void Sobel(byte[] src, byte[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int xm = Math.Max(x - 1, 0), xp = Math.Min(x + 1, w - 1);
                            int up = Math.Max(y - 1, 0) * w, dn = (y < h - 1 ? y + 1 : h - 1) * w, me = y * w;
                            int gx = src[up + xp] + 2 * src[me + xp] + src[dn + xp] - src[up + xm] - 2 * src[me + xm] - src[dn + xm];
                            int gy = src[dn + xm] + 2 * src[dn + x] + src[dn + xp] - src[up + xm] - 2 * src[up + x] - src[up + xp];
                            dst[me + x] = (byte)Math.Min(255, Math.Abs(gx) + Math.Abs(gy));
                        }
                }

                // Bounds from the caller: past the last row (the serial loop throws there), below the first, crossing.
                [ParallelKernel]
                public static void Bounds(int[] src, int[] dst, int w, int h, int lo, int hi)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int s = 0;
                            for (int dy = -1; dy <= 1; dy++)
                                s += src[Math.Clamp(y + dy, lo, hi) * w + x];
                            dst[y * w + x] = s;
                        }
                }

                // A clamp in a local under a condition: where the condition never holds, crossing bounds throw nowhere.
                [ParallelKernel]
                public static void Masked(float[] src, float[] dst, int w, int h, int lo, int hi)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float v = src[y * w + x];
                            if (v > 100f)
                            {
                                int r = Math.Clamp(y + 1, lo, hi);
                                v *= r;
                            }
                            dst[y * w + x] = v;
                        }
                }

                // A clamp squared: its extreme values need not bound the square (-1..1 squares to 0..1); not a vector row.
                [ParallelKernel]
                public static void Squared(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int dy = -2; dy <= 2; dy++)
                                s += src[(Math.Clamp(dy, -1, 1) * Math.Clamp(dy, -1, 1) + y) * w + x];
                            dst[y * w + x] = s;
                        }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "U"));

        [Theory]
        [InlineData("BlurLocals"), InlineData("Grid"), InlineData("Sobel"), InlineData("Bounds")]
        public void Clamped_rows_are_read_on_whole_vectors(string kernel)
        {
            string section = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains("rows clamped alike for all lanes", section);
            Assert.DoesNotContain("lane by lane", section);
            Assert.DoesNotContain("scalar body", section);
        }

        /// <summary>
        /// A clamp in a local under a condition is one scalar for all lanes, evaluated in every step where some lane takes
        /// its branch: the guard checks its bounds in order first (crossing bounds run the scalar loop, which throws
        /// ArgumentException where the serial loop does; see Every_size_gives_the_serial_result).
        /// </summary>
        [Fact]
        public void A_clamp_in_a_masked_local_has_its_bounds_checked()
        {
            string generated = s_generated.Value("Masked");
            Assert.DoesNotContain("scalar body", InMemory.Section(generated));
            Assert.Contains("&& unchecked(lo) <= unchecked(hi)", generated);
        }

        [Fact]
        public void A_clamp_squared_is_not_a_row()
        {
            Assert.DoesNotContain("rows clamped alike", InMemory.Section(s_generated.Value("Squared")));
            var random = new Random(2);
            foreach (int w in new[] { 1, 16, 37 })
                Differential.Same(s_built.Value, "U", "Squared", Floats(random, w * 5), new float[w * 5], w, 4);
        }

        private static float[] Floats(Random random, int n) => Enumerable.Range(0, n).Select(_ => (float)random.Next(-50, 50) / 7f).ToArray();

        public static TheoryData<int, int> Sizes()
        {
            var data = new TheoryData<int, int>();
            foreach (int w in new[] { 0, 1, 2, 3, 7, 8, 9, 16, 17, 31, 33, 64, 65, 130 })
                data.Add(w, 1 + w % 4);
            return data;
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Every_size_gives_the_serial_result(int w, int h)
        {
            var random = new Random(w * 17 + h);
            Assembly built = s_built.Value;
            Differential.Same(built, "U", "BlurLocals", Floats(random, w * h), new float[w * h], w, h);
            var g = new double[h, w];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) g[y, x] = random.NextDouble() * 8 - 4;
            Differential.Same(built, "U", "Grid", g, new double[h, w]);
            byte[] bytes = Enumerable.Range(0, w * h).Select(_ => (byte)random.Next(256)).ToArray();
            Differential.Same(built, "U", "Sobel", bytes, new byte[w * h], w, h);
            int[] ints = Enumerable.Range(0, w * h).Select(_ => random.Next(-1000, 1000)).ToArray();
            // In the rows, one row only, one past the last (throws at the last row), one below the first, crossing (throws).
            foreach ((int lo, int hi) in new[] { (0, h - 1), (h / 2, h / 2), (0, h), (-1, h - 1), (1, 0) })
                Differential.Same(built, "U", "Bounds", ints, new int[w * h], w, h, lo, hi);
            float[] floats = Floats(random, w * h);
            // Never above 100: the crossing clamp is never evaluated; then some are.
            Differential.Same(built, "U", "Masked", floats, new float[w * h], w, h, 3, 1);
            if (w * h > 0) floats[random.Next(w * h)] = 200f;
            Differential.Same(built, "U", "Masked", floats, new float[w * h], w, h, 0, h - 1);
            Differential.Same(built, "U", "Masked", floats, new float[w * h], w, h, 3, 1);
        }

        [Fact]
        public void Bounds_past_the_rows_throw_as_the_serial_loop_does()
        {
            int w = 40, h = 3;
            object[] past = { new int[w * h], new int[w * h], w, h, 0, h };
            Assert.True(Differential.Throws(s_built.Value, "U", "Bounds", past));
            Differential.Same(s_built.Value, "U", "Bounds", past);
            object[] crossing = { new int[w * h], new int[w * h], w, h, 2, 1 };
            Assert.True(Differential.Throws(s_built.Value, "U", "Bounds", crossing));
            Differential.Same(s_built.Value, "U", "Bounds", crossing);
        }

        /// <summary>
        /// The guard is what the tests see: with the clamp's upper bound taken as its lower one in the guard, a bound one
        /// past the last row runs the vector loop there, reading past the array where the serial loop throws.
        /// </summary>
        [Fact]
        public void A_guard_without_the_upper_bound_is_caught()
        {
            Assert.Contains("(long)(unchecked(hi)) * (w)", s_generated.Value("Bounds"));
            Assembly mutant = InMemory.BuildMutant(Source, "(long)(unchecked(hi)) * (w)", "(long)(unchecked(lo)) * (w)");
            // (A width of whole vectors at every width: no scalar remainder, whose bounds-checked reads would throw. The
            // mutant's reads past the array's end stay in this process's heap, a row of 32 ints.)
            int w = 32, h = 3;
            int[] src = Enumerable.Range(0, w * h).ToArray(), parallel = new int[w * h];
            Exception? error = Record.Exception(() => InMemory.Call(mutant, "U", "BoundsParallel", src, parallel, w, h, 0, h));
            Assert.Null(error); // the serial loop throws IndexOutOfRangeException at the last row
        }
    }
}
