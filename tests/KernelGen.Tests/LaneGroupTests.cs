using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Lane groups (unroll-and-jam of the lane loop): a step whose inner loops carry a chain of vector operations runs two
    /// or four vectors of PRange iterations, its inner loops fused, every group's locals renamed. Chunks of 150 iterations
    /// run the fused loop (4 × 16 lanes with Vector512) and leave one-group steps and scalar tails; rows of different
    /// lengths make a group's tile refuse the fused step; plans over an inner loop (a naive 2-D product along j, a box
    /// blur along x) take groups of that loop's iterations. Every result is compared bitwise with the serial kernel.
    /// </summary>
    public class LaneGroupTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class G
            {
                // poly20's chain: one vector local, eight groups (they fit 16 vector registers too).
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void Poly(float[] a, float[] r, int rounds)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        float x = a[i];
                        for (int k = 0; k < rounds; k++)
                            x = x * x * 0.5f + 0.25f;
                        r[i] = x;
                    }
                }

                // Horner's rule with coefficients from an array, doubles, a long index.
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void Horner(double[] a, double[] r, double[] coef)
                {
                    foreach (long i in PRange((long)a.Length))
                    {
                        double x = a[i], y = 0;
                        for (int k = 0; k < coef.Length; k++) y = y * x + coef[k];
                        r[i] = y;
                    }
                }

                // k-means assignment: a row tile per group, the rows' lengths checked equal.
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void Nearest(float[][] points, float[][] centroids, int[] assignment)
                {
                    foreach (int i in PRange(points.Length))
                    {
                        float[] p = points[i];
                        int best = 0;
                        float bestDist = float.MaxValue;
                        for (int c = 0; c < centroids.Length; c++)
                        {
                            float[] centroid = centroids[c];
                            float dist = 0;
                            for (int d = 0; d < p.Length; d++)
                            {
                                float diff = p[d] - centroid[d];
                                dist += diff * diff;
                            }
                            if (dist < bestDist) { bestDist = dist; best = c; }
                        }
                        assignment[i] = best;
                    }
                }

                // Branches on lane masks inside the fused loop (a Collatz walk of a fixed number of steps).
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void Walk(int[] a, int[] r, int steps)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        int x = a[i], odd = 0;
                        for (int k = 0; k < steps; k++)
                        {
                            if ((x & 1) != 0) { x = 3 * x + 1; odd++; }
                            else x = x >> 1;
                        }
                        r[i] = x * 1000 + odd;
                    }
                }

                // A reduction over the PRange loop whose terms come from an inner loop: one accumulator per group.
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static int Energy(int[] a, int taps)
                {
                    int total = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        int s = 0;
                        for (int k = 0; k < taps; k++) s = s * 3 + (a[i] ^ k);
                        total += s;
                    }
                    return total;
                }

                // A first-lane value (j) read inside the fused loop, a window of loads per lane.
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void Window(float[] a, float[] r, int width)
                {
                    foreach (int i in PRange(a.Length - width))
                    {
                        int j = i + 1;
                        float m = 0;
                        for (int k = 0; k < width; k++) m = m * 0.5f + a[j + k - 1];
                        r[i] = m;
                    }
                }

                // Strided loads in groups: packed RGB bytes (3 a lane) and every other float (2 a lane), each lane then
                // running a chain. A group's loads start stride · lanes elements after the group before it.
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void Tone(byte[] rgb, int[] r, int rounds)
                {
                    foreach (int p in PRange(r.Length))
                    {
                        int v = rgb[3 * p] * 3 + rgb[3 * p + 1] * 5 + rgb[3 * p + 2];
                        for (int k = 0; k < rounds; k++) v = (v * 7 + 3) & 0xFFFF;
                        r[p] = v;
                    }
                }

                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void EvenPoly(float[] a, float[] r, int rounds)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        float x = a[2 * i];
                        for (int k = 0; k < rounds; k++) x = x * x * 0.5f + 0.25f;
                        r[i] = x;
                    }
                }

                // Two loops deep.
                [ParallelKernel(ChunkSize = 150, MinParallelTripCount = 1)]
                public static void Nested(float[] a, float[] r, int n1, int n2)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        float x = a[i];
                        for (int p = 0; p < n1; p++)
                            for (int q = 0; q < n2; q++)
                                x = x * 0.75f + q;
                        r[i] = x;
                    }
                }

                // Groups over an inner loop's lanes: the naive i-j-p product along j (each lane's dot product a chain).
                [ParallelKernel(ChunkSize = 3, MinParallelTripCount = 1)]
                public static void MatMul2D(float[,] a, float[,] b, float[,] c, int n)
                {
                    foreach (int i in PRange(n))
                        for (int j = 0; j < n; j++)
                        {
                            float acc = 0;
                            for (int p = 0; p < n; p++) acc += a[i, p] * b[p, j];
                            c[i, j] = acc;
                        }
                }

                // A 3x3 box blur with the nested dy/dx loops image code writes (two loops deep inside the lane loop).
                [ParallelKernel(ChunkSize = 5, MinParallelTripCount = 1)]
                public static void Blur(double[,] src, double[,] dst)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int y in PRange(1, h - 1))
                        for (int x = 1; x < w - 1; x++)
                        {
                            double sum = 0;
                            for (int dy = -1; dy <= 1; dy++)
                                for (int dx = -1; dx <= 1; dx++)
                                    sum += src[y + dy, x + dx];
                            dst[y, x] = sum / 9;
                        }
                }

                // The default chunking (large chunks): the fused loop runs many steps.
                [ParallelKernel]
                public static void PolyDefault(float[] a, float[] r)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        float x = a[i];
                        for (int k = 0; k < 20; k++)
                            x = x * x * 0.5f + 0.25f;
                        r[i] = x;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static void Same(string kernel, params object[] args) => Differential.Same(Built.Value, "G", kernel, args);

        [Fact]
        public void The_report_says_how_many_lane_groups_a_step_runs()
        {
            Func<string, string> Vector = InMemory.VectorLines(Source, "G");
            void Says(string kernel, string what) => Assert.True(Vector(kernel).Contains(what), $"{kernel}: {Vector(kernel)}");
            foreach (string kernel in new[] { "Poly", "Nested", "PolyDefault" })
                Says(kernel, "8 lane groups a step (their inner loops fused)");
            // Two vector locals a group: 8 groups fill 16 of AVX-512's 32 registers, 4 fill 8 of AVX2's 16.
            Says("Horner", "8 lane groups a step on Vector512 (32 registers), 4 on narrower vectors");
            foreach (string kernel in new[] { "Nearest", "Walk", "Energy", "Window", "Tone", "EvenPoly" })
                Says(kernel, "lane groups a step");
            Says("Nearest", "2 lane groups a step"); // row tiles: two groups
            // Plans over an inner loop take groups of its iterations the same way.
            Says("MatMul2D", "inner loop 'for (int j = 0; j < n; j++)'");
            Says("MatMul2D", "8 lane groups a step");
            Says("Blur", "inner loop 'for (int x = 1; x < w - 1; x++)'");
            // a[i, p] is the same for the eight groups: read and broadcast once a step, where nothing else can throw.
            Func<string, string> code = InMemory.GeneratedFrom(Source, "G");
            string product = InMemory.Section(code("MatMul2D"));
            Assert.Contains("= global::System.Runtime.Intrinsics.Vector512.Create((float)(a[i, p])); // the same in every group: once a step", product);
            Assert.DoesNotContain(product.Split('\n'), l => l.Contains("__kg_v_acc__kg_g7 =", StringComparison.Ordinal) && l.Contains("a[i, p]", StringComparison.Ordinal));
            Says("Blur", "lane groups a step");
        }

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 31, 64, 65, 130, 151, 1001, 10_007 };

        private static float[] Floats(int n, int seed, double scale = 2)
        {
            var r = new Random(seed);
            float[] specials = { float.NaN, -0f, float.PositiveInfinity, 1e-40f };
            return Enumerable.Range(0, n).Select(k => k % 13 == 5 ? specials[r.Next(specials.Length)] : (float)((r.NextDouble() * 2 - 1) * scale)).ToArray();
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Chains_in_inner_loops_match_serial(int n)
        {
            foreach (int rounds in new[] { 0, 1, 5, 20 })
                Same("Poly", Floats(n, n, 1.5), new float[n], rounds);
            Same("Poly", Floats(n, n), new float[Math.Max(0, n - 1)], 3); // r one short: both throw
            Same("PolyDefault", Floats(n, n + 1, 1.5), new float[n]);
            double[] x = Floats(n, n + 2).Select(f => (double)f).ToArray();
            Same("Horner", x, new double[n], new[] { 1.0, -0.5, 0.25, 3.0, -0.0 });
            Same("Horner", x, new double[n], Array.Empty<double>());
            Same("Nested", Floats(n, n + 3), new float[n], 3, 4);
            Same("Nested", Floats(n, n + 3), new float[n], 0, 4);
            foreach (int width in new[] { 0, 1, 3, 8 })
                Same("Window", Floats(n + width, n + 4), new float[n + width], width);
            var bytes = new byte[3 * n];
            new Random(n + 5).NextBytes(bytes);
            Same("Tone", bytes, new int[n], 4);
            Same("Tone", bytes, new int[n + 1], 4); // one pixel past the bytes: both throw
            Same("EvenPoly", Floats(2 * n, n + 6, 1.5), new float[n], 5);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Groups_of_inner_loop_lanes_match_serial(int n)
        {
            // Sizes around 4 × 16 lanes: fused steps, one-group steps and the scalar remainder in every row.
            int m = Math.Min(n, 151);
            float[,] Square(int seed)
            {
                float[] values = Floats(m * m, seed);
                var square = new float[m, m];
                for (int k = 0; k < values.Length; k++) square[k / m, k % m] = values[k];
                return square;
            }
            Same("MatMul2D", Square(n), Square(n + 1), new float[m, m], m);
            Same("MatMul2D", Square(n), Square(n + 1), new float[m, Math.Max(0, m - 1)], m); // c one column short: both throw
            // a one column short: the broadcast of a[i, p] the groups share throws, as the serial loop's read does.
            float[,] narrow = new float[m, Math.Max(0, m - 1)];
            Same("MatMul2D", narrow, Square(n + 1), new float[m, m], m);
            int h = Math.Min(n, 40) + 2, w = m + 2;
            var src = new double[h, w];
            var r = new Random(n);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    src[y, x] = (y * 7 + x) % 11 == 3 ? double.NaN : r.NextDouble() * 100 - 50;
            Same("Blur", src, new double[h, w]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Branches_and_accumulators_in_fused_loops_match_serial(int n)
        {
            var r = new Random(n + 5);
            int[] a = Enumerable.Range(0, n).Select(_ => r.Next(-100_000, 100_000)).ToArray();
            foreach (int steps in new[] { 0, 1, 7, 40 })
            {
                Same("Walk", a, new int[n], steps);
                Same("Energy", a, steps);
            }
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Row_tiles_per_group_match_serial(int n)
        {
            var r = new Random(n + 6);
            float[][] centroids = Enumerable.Range(0, 5).Select(_ => Floats(6, r.Next(), 3)).ToArray();
            float[][] Points(int ragged) => Enumerable.Range(0, n).Select(k => Floats(ragged > 0 && k % ragged == ragged - 1 ? 7 : 6, r.Next(), 3)).ToArray();
            Same("Nearest", Points(0), centroids, new int[n]);
            Same("Nearest", Points(97), centroids, new int[n]); // now and then a longer row: that group's step is refused
            Same("Nearest", Points(40), centroids, new int[n]);
            float[][] points = Points(0);
            if (n > 70) points[70] = null!; // a null row in the second group of a step: the scalar loop throws like the serial one
            Same("Nearest", points, centroids, new int[n]);
            float[][] shortCentroids = centroids.Select(c => c[..5]).ToArray(); // shorter than the points: both throw
            Same("Nearest", Points(0), shortCentroids, new int[n]);
        }
    }
}
