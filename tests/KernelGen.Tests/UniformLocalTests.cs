using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Locals assigned once with a value every lane computes alike (inner counters, invariants, elements of arrays the
    /// loop does not store) are scalars beside their broadcast: a point-in-polygon test over a polygon's edges (the
    /// crossing-number test as W. R. Franklin's PNPOLY writes it, with the previous vertex k = j == 0 ? m - 1 : j - 1 and
    /// its coordinates in locals) gathered py[k] and px[k] lane by lane because k was a vector of copies; now they are one
    /// read for all lanes. 2^18 points against a 40-gon, one thread, this machine: 4.8x the serial loop.
    /// </summary>
    public class UniformLocalTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class U
            {
                [ParallelKernel]
                public static void Inside(float[] x, float[] y, float[] px, float[] py, bool[] result)
                {
                    int m = px.Length;
                    foreach (int i in PRange(x.Length))
                    {
                        bool inside = false;
                        for (int j = 0; j < m; j++)
                        {
                            int k = j == 0 ? m - 1 : j - 1;
                            float yj = py[j], yk = py[k];
                            if ((yj > y[i]) != (yk > y[i]))
                            {
                                float xc = (px[k] - px[j]) * (y[i] - yj) / (yk - yj) + px[j];
                                if (x[i] < xc) inside = !inside;
                            }
                        }
                        result[i] = inside;
                    }
                }

                // The test as Franklin wrote it: the previous vertex carried in the header (k = j++), both conditions in
                // one '&&'. (Ported in own words from W. Randolph Franklin's PNPOLY, and its C# ports such as
                // MonoGame.Extended's and NetTopologySuite's crossing tests.)
                [ParallelKernel]
                public static void Franklin(float[] x, float[] y, float[] px, float[] py, bool[] result)
                {
                    int m = px.Length;
                    foreach (int i in PRange(x.Length))
                    {
                        bool c = false;
                        for (int j = 0, k = m - 1; j < m; k = j++)
                            if (((py[j] > y[i]) != (py[k] > y[i])) && (x[i] < (px[k] - px[j]) * (y[i] - py[j]) / (py[k] - py[j]) + px[j]))
                                c = !c;
                        result[i] = c;
                    }
                }

                // The same on doubles, the header bounded by the array itself, a count in an int.
                [ParallelKernel]
                public static void FranklinLength(double[] x, double[] y, double[] px, double[] py, int[] result)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        int c = 0;
                        double tx = x[i], ty = y[i];
                        for (int a = 0, b = px.Length - 1; a < px.Length; b = a++)
                        {
                            if (((py[a] > ty) != (py[b] > ty)) && (tx < (px[b] - px[a]) * (ty - py[a]) / (py[b] - py[a]) + px[a]))
                                c ^= 1;
                        }
                        result[i] = c;
                    }
                }

                // '&&' whose right side reads an element alike for every lane that may be out of the table: the serial
                // loop reads it only where a[i] > 100; and a trailing variable the body reads after a continue.
                [ParallelKernel]
                public static void AndGuarded(double[] a, double[] table, int[] at, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        double s = a[i];
                        for (int j = 1, k = 0; j < at.Length; k = j++)
                        {
                            if (s > 100 && table[at[k]] >= 0) s = s * 0.5 + table[at[j]];
                            if (s < 50) continue;
                            s += k;
                        }
                        r[i] = s;
                    }
                }

                // As C writes it (and its ports): the counters declared before the loop, set in the header.
                [ParallelKernel]
                public static void FranklinC(float[] x, float[] y, float[] px, float[] py, bool[] result)
                {
                    int nvert = px.Length;
                    foreach (int p in PRange(x.Length))
                    {
                        int i, j;
                        bool c = false;
                        for (i = 0, j = nvert - 1; i < nvert; j = i++)
                        {
                            if (((py[i] > y[p]) != (py[j] > y[p])) && (x[p] < (px[j] - px[i]) * (y[p] - py[i]) / (py[j] - py[i]) + px[i]))
                                c = !c;
                        }
                        result[p] = c;
                    }
                }

                // Declared with their first values before a 'for (; …)' header, the limit a local of the body.
                [ParallelKernel]
                public static void FranklinDeclared(float[] x, float[] y, float[] px, float[] py, bool[] result)
                {
                    foreach (int p in PRange(x.Length))
                    {
                        int count = px.Length;
                        int i = 0;
                        int j = count - 1;
                        bool c = false;
                        for (; i < count; j = i++)
                        {
                            if (((py[i] > y[p]) != (py[j] > y[p])) && (x[p] < (px[j] - px[i]) * (y[p] - py[i]) / (py[j] - py[i]) + px[i]))
                                c = !c;
                        }
                        result[p] = c;
                    }
                }

                // The counters read after the loop: not the counted form (their last values), still the serial bits.
                [ParallelKernel]
                public static void FranklinAfter(float[] x, float[] y, float[] px, float[] py, bool[] result)
                {
                    foreach (int p in PRange(x.Length))
                    {
                        int i = 0, j = px.Length - 1;
                        bool c = false;
                        for (; i < px.Length; j = i++)
                            if (((py[i] > y[p]) != (py[j] > y[p])) && (x[p] < (px[j] - px[i]) * (y[p] - py[i]) / (py[j] - py[i]) + px[i]))
                                c = !c;
                        result[p] = c ^ (j + i < 0);
                    }
                }

                // Stores in the trailing header's loop: the edges of each polygon (a ragged row each), lanes over the vertices.
                [ParallelKernel]
                public static void EdgeVectors(double[][] xs, double[][] edges)
                {
                    foreach (int p in PRange(xs.Length))
                    {
                        double[] x = xs[p], e = edges[p];
                        for (int i = 0, j = x.Length - 1; i < x.Length; j = i++) e[i] = x[i] - x[j];
                    }
                }

                // A uniform local under a branch that may throw: it is read only where a lane takes the branch.
                [ParallelKernel]
                public static void Guarded(double[] a, double[] table, int[] at, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        double s = a[i];
                        for (int j = 0; j < at.Length; j++)
                        {
                            if (s > 100)
                            {
                                double t = table[at[j]];
                                s = s * 0.5 + t;
                            }
                            else s += 1;
                        }
                        r[i] = s;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "U"));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 8, 9, 17, 100, 1001 };

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Points_in_a_polygon_match_serial(int n)
        {
            var random = new Random(n + 60);
            float[] x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] y = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            foreach (int m in new[] { 3, 4, 40 })
            {
                float[] px = new float[m], py = new float[m];
                for (int j = 0; j < m; j++)
                {
                    double angle = 2 * Math.PI * j / m, radius = 0.3 + 0.6 * random.NextDouble();
                    px[j] = (float)(radius * Math.Cos(angle));
                    py[j] = (float)(radius * Math.Sin(angle));
                }
                Differential.Same(s_built.Value, "U", "Inside", x, y, px, py, new bool[n]);
            }
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void A_uniform_read_under_a_branch_throws_only_where_the_serial_loop_does(int n)
        {
            var random = new Random(n + 61);
            double[] a = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 300).ToArray();
            double[] table = Enumerable.Range(0, 5).Select(k => k * 1.5).ToArray();
            Differential.Same(s_built.Value, "U", "Guarded", a, table, new[] { 0, 4, 2 }, new double[n]);
            // An index out of the table: the serial loop throws only where some a[i] > 100 takes the branch.
            Differential.Same(s_built.Value, "U", "Guarded", a, table, new[] { 1, 9 }, new double[n]);
            Differential.Same(s_built.Value, "U", "Guarded", a.Select(v => v % 100).ToArray(), table, new[] { 1, 9 }, new double[n]);
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Franklins_test_with_its_header_matches_serial(int n)
        {
            var random = new Random(n + 62);
            float[] x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] y = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            foreach (int m in new[] { 0, 1, 3, 4, 40 })
            {
                float[] px = new float[m], py = new float[m];
                for (int j = 0; j < m; j++)
                {
                    double angle = 2 * Math.PI * j / m, radius = 0.3 + 0.6 * random.NextDouble();
                    px[j] = (float)(radius * Math.Cos(angle));
                    py[j] = (float)(radius * Math.Sin(angle));
                }
                Differential.Same(s_built.Value, "U", "Franklin", x, y, px, py, new bool[n]);
                Differential.Same(s_built.Value, "U", "FranklinC", x, y, px, py, new bool[n]);
                Differential.Same(s_built.Value, "U", "FranklinDeclared", x, y, px, py, new bool[n]);
                Differential.Same(s_built.Value, "U", "FranklinAfter", x, y, px, py, new bool[n]);
                Differential.Same(s_built.Value, "U", "FranklinLength", x.Select(v => (double)v).ToArray(), y.Select(v => (double)v).ToArray(),
                    px.Select(v => (double)v).ToArray(), py.Select(v => (double)v).ToArray(), new int[n]);
            }
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void A_uniform_read_on_the_right_of_and_throws_only_where_the_serial_loop_does(int n)
        {
            var random = new Random(n + 63);
            double[] a = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 300).ToArray();
            double[] table = Enumerable.Range(0, 5).Select(k => k * 1.5 - 2).ToArray();
            Differential.Same(s_built.Value, "U", "AndGuarded", a, table, new[] { 0, 4, 2, 3 }, new double[n]);
            // at[1] = 9 is out of the table: read (and thrown) only where some s > 100 takes the left side.
            Differential.Same(s_built.Value, "U", "AndGuarded", a, table, new[] { 1, 9, 2 }, new double[n]);
            Differential.Same(s_built.Value, "U", "AndGuarded", a.Select(v => v % 100).ToArray(), table, new[] { 1, 9, 2 }, new double[n]);
        }

        [Fact]
        public void Without_its_branch_the_right_of_and_throws_where_the_serial_loop_does_not()
        {
            // The mutant reads table[at[k]] in every step, taken or not: with every s ≤ 100 the serial loop never reads
            // it, the mutant throws.
            string generated = s_generated.Value("AndGuarded");
            Assert.Contains("// some lane runs the branch", generated);
            Assembly mutant = InMemory.BuildMutant(Source, "if (!global::System.Runtime.Intrinsics.Vector512.EqualsAll(__kg_m0,",
                "if (true || !global::System.Runtime.Intrinsics.Vector512.EqualsAll(__kg_m0,");
            double[] a = Enumerable.Range(0, 1000).Select(i => i % 100 * 1.0).ToArray();
            double[] table = { 1, 2, 3 };
            int[] at = { 1, 9, 2 };
            Differential.Same(s_built.Value, "U", "AndGuarded", a, table, at, new double[1000]);
            Exception? fromMutant = Record.Exception(() => InMemory.Call(mutant, "U", "AndGuardedParallel", a, table, at, new double[1000]));
            if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
                Assert.IsType<IndexOutOfRangeException>(fromMutant);
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Edges_of_ragged_polygons_match_serial(int n)
        {
            var random = new Random(n + 64);
            double[][] xs = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.NextDouble()).ToArray()).ToArray();
            Differential.Same(s_built.Value, "U", "EdgeVectors", xs, xs.Select(x => new double[x.Length]).ToArray());
        }

        [Fact]
        public void Franklins_loops_read_the_vertices_once_for_all_lanes()
        {
            foreach (string kernel in new[] { "Franklin", "FranklinLength", "AndGuarded", "FranklinC", "FranklinDeclared" })
            {
                string line = InMemory.VectorLine(s_generated.Value(kernel));
                Assert.Contains("one PRange iteration per lane", line);
                Assert.DoesNotContain("lane by lane", line);
            }
            // The stores of the edges: parallel, lanes over the vertices (the header restarts the remainder at k = i - 1).
            string edges = s_generated.Value("EdgeVectors");
            Assert.Contains("inner loop 'for (int i = 0, j = x.Length - 1; i < x.Length; j = i++)'", InMemory.VectorLine(edges));
            Assert.Contains("j = ", edges);
        }

        [Fact]
        public void The_polygon_loop_reads_the_vertices_once_for_all_lanes()
        {
            string line = InMemory.VectorLine(s_generated.Value("Inside"));
            Assert.Contains("one PRange iteration per lane", line);
            Assert.DoesNotContain("gathered", line);
            Assert.Contains("float yj = py[j]", s_generated.Value("Inside"));
        }
    }
}
