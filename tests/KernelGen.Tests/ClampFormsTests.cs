using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Clamps to the image edge as users write them, not only as Math.Clamp/Min/Max: a helper of their own
    /// (<c>Clamp(x + k, 0, Width - 1)</c>, expression-bodied '?:' as in vitaliyvoroshilov/CG_Lab1 Ingray.cs, or early
    /// returns), nested '?:' locals, and a coordinate clamped by ifs or assignments after its declaration
    /// (Kornelos/Computer-Graphics-1 CG1/Convolution.cs: <c>sourceX = x + matrixX; sourceY = y + matrixY; if (sourceX
    /// &lt; 0) sourceX = 0; …</c>). Each
    /// is the clamp the planner knows (<see cref="KernelGen.Generator.Vectorize.Canonical"/>: helper arguments put in
    /// place, ifs folded into the declaration): rows clamped alike for all lanes, columns split at the image's edges.
    /// And the forms that are not clamps, which must keep the serial result: a bound that lets one value past the last
    /// row, and ifs reading a value assigned between the declaration and them.
    /// </summary>
    public class ClampFormsTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class C
            {
                static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;

                static int ClampReturns(int value, int min, int max)
                {
                    if (value < min) return min;
                    if (value > max) return max;
                    return value;
                }

                // A 3x3 blur through the user's own clamp helper.
                [ParallelKernel]
                public static void Helper(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int dy = -1; dy <= 1; dy++)
                                for (int dx = -1; dx <= 1; dx++)
                                    s += src[Clamp(y + dy, 0, h - 1) * w + Clamp(x + dx, 0, w - 1)];
                            dst[y * w + x] = s / 9f;
                        }
                }

                // The same helper with early returns, over a 5x5 window of ints.
                [ParallelKernel]
                public static void Returns(int[] src, int[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int s = 0;
                            for (int dy = -2; dy <= 2; dy++)
                                for (int dx = -2; dx <= 2; dx++)
                                    s += src[ClampReturns(y + dy, 0, h - 1) * w + ClampReturns(x + dx, 0, w - 1)];
                            dst[y * w + x] = s;
                        }
                }

                // Nested '?:' locals, each written another way round.
                [ParallelKernel]
                public static void Ternaries(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int dy = -1; dy <= 1; dy++)
                            {
                                int yy = y + dy >= h ? h - 1 : 0 > y + dy ? 0 : y + dy;
                                for (int dx = -1; dx <= 1; dx++)
                                {
                                    int xx = x + dx <= 0 ? 0 : (x + dx > w - 1 ? w - 1 : x + dx);
                                    int xr = x - dx >= 0 ? (w - 1 < x - dx ? w - 1 : x - dx) : 0;
                                    s += src[yy * w + xx] - 0.5f * src[yy * w + xr];
                                }
                            }
                            dst[y * w + x] = s;
                        }
                }

                // Both coordinates declared, then each clamped by ifs (the second one's else-if), weights read beside them.
                [ParallelKernel]
                public static void Ifs(float[] src, float[] dst, float[] k3, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int my = -1; my <= 1; my++)
                                for (int mx = -1; mx <= 1; mx++)
                                {
                                    int sourceX = x + mx;
                                    int sourceY = y + my;
                                    if (sourceX < 0)
                                        sourceX = 0;
                                    if (sourceX >= w)
                                        sourceX = w - 1;
                                    if (sourceY < 0) sourceY = 0;
                                    else if (sourceY >= h) sourceY = h - 1;
                                    s += src[sourceY * w + sourceX] * k3[(my + 1) * 3 + mx + 1];
                                }
                            dst[y * w + x] = s;
                        }
                }

                // Each coordinate clamped by assignments after its declaration, Math's and '?:'.
                [ParallelKernel]
                public static void Assignments(double[] src, double[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            double s = 0;
                            for (int dy = -2; dy <= 2; dy++)
                            {
                                int yy = y + dy;
                                yy = Math.Max(yy, 0);
                                yy = Math.Min(yy, h - 1);
                                for (int dx = -1; dx <= 1; dx++)
                                {
                                    int xx = x + dx;
                                    xx = xx < 0 ? 0 : xx;
                                    xx = xx > w - 1 ? w - 1 : xx;
                                    s += src[yy * w + xx] * (dx + 2);
                                }
                            }
                            dst[y * w + x] = s;
                        }
                }

                // Not a clamp: one row past the last passes the upper test (y + dy == h), where the serial loop throws.
                [ParallelKernel]
                public static void PastTheEdge(int[] src, int[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int s = 0;
                            for (int dy = -1; dy <= 1; dy++)
                            {
                                int yy = y + dy < 0 ? 0 : y + dy >= h + 1 ? h - 1 : y + dy;
                                s += src[yy * w + x];
                            }
                            dst[y * w + x] = s;
                        }
                }

                // Ifs reading a bound declared or changed after the declaration: folded into it, they would read the
                // bound before it is there, or before it changes.
                [ParallelKernel]
                public static void BoundBetween(float[] src, float[] dst, int w, int h, int cut)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int sx = x + dx;
                                int last = w - 1 - cut;
                                if (sx < 0) sx = 0;
                                if (sx > last) sx = last;
                                s += src[y * w + sx];
                            }
                            dst[y * w + x] = s;
                        }
                }

                [ParallelKernel]
                public static void BoundChanged(int[] dst, int w, int h, int cut)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int s = 0;
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int bound = w - 1;
                                int sx = x + dx;
                                bound -= cut;
                                if (sx < 0) sx = 0;
                                if (sx > bound) sx = bound;
                                s += sx * (y + 1);
                            }
                            dst[y * w + x] = s;
                        }
                }

                // The bound stepped between, declared outside the block (so no fold of its own absorbs the step): folded
                // over the step, the ifs would read the bound before it (a mutant without the check gave other results).
                [ParallelKernel]
                public static void BoundStepped(int[] dst, int w, int h, int cut)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int s = 0;
                            int bound = w - 1;
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int sx = x + dx;
                                bound -= cut;
                                if (sx < 0) sx = 0;
                                if (sx > bound) sx = bound;
                                s += sx * (y + 1);
                            }
                            dst[y * w + x] = s;
                        }
                }

                // A helper over an element (which may throw): its argument stays computed once, before the helper.
                [ParallelKernel]
                public static void Lookup(float[] src, int[] at, float[] dst, int n)
                {
                    foreach (int i in PRange(n))
                        dst[i] = src[Clamp(at[i], 0, n - 1)] * 2f;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "C"));

        [Theory]
        [InlineData("Helper"), InlineData("Returns"), InlineData("Ternaries"), InlineData("Ifs"), InlineData("Assignments")]
        public void Clamps_as_users_write_them_run_on_whole_vectors(string kernel)
        {
            string section = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains("rows clamped alike for all lanes", section);
            Assert.Contains("edges split off", section);
            Assert.DoesNotContain("lane by lane", section);
            Assert.DoesNotContain("scalar body", section);
        }

        [Fact]
        public void A_bound_one_row_past_the_edge_is_not_a_clamp()
        {
            // (Widths of whole vectors at every width too: no scalar remainder whose bounds-checked reads would throw
            // where a vector loop read past the last row.)
            var random = new Random(5);
            foreach (int w in new[] { 32, 40 })
            {
                int h = 3;
                object[] args = { Ints(random, w * h), new int[w * h], w, h };
                Assert.True(Differential.Throws(s_built.Value, "C", "PastTheEdge", args));
                Differential.Same(s_built.Value, "C", "PastTheEdge", args);
            }
        }

        private static float[] Floats(Random random, int n) => Enumerable.Range(0, n).Select(_ => (float)random.Next(-50, 50) / 7f).ToArray();

        private static int[] Ints(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.Next(-1000, 1000)).ToArray();

        [Fact]
        public void A_bound_stepped_between_runs_on_whole_vectors()
        {
            // (So that Every_size_gives_the_serial_result compares the vector loop, where the fold happens, with serial.)
            Assert.DoesNotContain("scalar body", InMemory.Section(s_generated.Value("BoundStepped")));
        }

        public static TheoryData<int, int> Sizes()
        {
            var data = new TheoryData<int, int>();
            foreach (int w in new[] { 0, 1, 2, 3, 7, 8, 9, 16, 17, 31, 33, 64, 65, 130 })
                data.Add(w, w % 5);
            return data;
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Every_size_gives_the_serial_result(int w, int h)
        {
            var random = new Random(w * 31 + h);
            Assembly built = s_built.Value;
            Differential.Same(built, "C", "Helper", Floats(random, w * h), new float[w * h], w, h);
            Differential.Same(built, "C", "Returns", Ints(random, w * h), new int[w * h], w, h);
            Differential.Same(built, "C", "Ternaries", Floats(random, w * h), new float[w * h], w, h);
            Differential.Same(built, "C", "Ifs", Floats(random, w * h), new float[w * h], Floats(random, 9), w, h);
            Differential.Same(built, "C", "Assignments", Floats(random, w * h).Select(f => (double)f).ToArray(), new double[w * h], w, h);
            Differential.Same(built, "C", "PastTheEdge", Ints(random, w * h), new int[w * h], w, h);
            foreach (int cut in new[] { 0, 1, w })
            {
                Differential.Same(built, "C", "BoundBetween", Floats(random, w * h), new float[w * h], w, h, cut);
                Differential.Same(built, "C", "BoundChanged", new int[w * h], w, h, cut);
            }
            foreach (int cut in new[] { 0, 2, 5 })
                Differential.Same(built, "C", "BoundStepped", new int[w * h], w, h, cut);
            int n = w * (h + 1);
            int[] at = Enumerable.Range(0, n).Select(_ => random.Next(-3, n + 3)).ToArray();
            Differential.Same(built, "C", "Lookup", Floats(random, n), at, new float[n], n);
        }
    }
}
