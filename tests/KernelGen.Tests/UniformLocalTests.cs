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
