using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Lane-by-lane calls that cannot throw, each lane's together (Vectorize/PerLaneGroups): lane 0 of every call, then
    /// lane 1, ... The kernels are the shapes users write: sin² + cos² (the benchmark's row), polar to Cartesian with
    /// MathF and the angle in a local (an element store between the calls), a rotation only where a weight is positive
    /// (the calls on a lane mask), a haversine distance (four calls together, Asin of their result after them), and two
    /// whose second call must stay where it is: an angle changed between the calls, an element stored between them and
    /// read by the second. Results are the serial loop's bits (any NaN equals any NaN, the README's contract), on data
    /// with NaN, ±0, ±∞, multiples of π/2 and huge arguments.
    /// </summary>
    public class PerLaneGroupTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                [ParallelKernel]
                public static void Squares(double[] x, double[] y)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double s = Math.Sin(x[i]), c = Math.Cos(x[i]);
                        y[i] = s * s + c * c;
                    }
                }

                [ParallelKernel]
                public static void Polar(float[] r, float[] theta, float[] px, float[] py)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        float t = theta[i];
                        px[i] = r[i] * MathF.Cos(t);
                        py[i] = r[i] * MathF.Sin(t);
                    }
                }

                [ParallelKernel]
                public static void RotateWhere(double[] x, double[] y, double[] angle, double[] w)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        if (w[i] > 0)
                        {
                            double c = Math.Cos(angle[i]), s = Math.Sin(angle[i]);
                            double xi = x[i];
                            x[i] = xi * c - y[i] * s;
                            y[i] = xi * s + y[i] * c;
                        }
                    }
                }

                [ParallelKernel]
                public static void Different(double[] a, double[] b, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = Math.Sin(a[i]) * Math.Cos(b[i]);
                }

                [ParallelKernel]
                public static void Haversine(double[] lat1, double[] lon1, double[] lat2, double[] lon2, double[] km)
                {
                    const double ToRad = Math.PI / 180;
                    foreach (int i in PRange(km.Length))
                    {
                        double dLat = (lat2[i] - lat1[i]) * ToRad, dLon = (lon2[i] - lon1[i]) * ToRad;
                        double h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                            + Math.Cos(lat1[i] * ToRad) * Math.Cos(lat2[i] * ToRad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
                        km[i] = 12742 * Math.Asin(Math.Sqrt(h));
                    }
                }

                [ParallelKernel]
                public static void Changed(double[] a, double[] r, double[] q)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        double t = a[i];
                        double s = Math.Sin(t);
                        t = t * 2 + 1;
                        r[i] = s;
                        q[i] = Math.Cos(t);
                    }
                }

                [ParallelKernel]
                public static void StoreBetween(double[] a, double[] r, double[] q)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        r[i] = Math.Sin(a[i]);
                        a[i] = a[i] * 0.5;
                        q[i] = Math.Cos(a[i]);
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "S"));

        [Theory]
        [InlineData("Squares", 2), InlineData("Polar", 2), InlineData("RotateWhere", 2), InlineData("Different", 2), InlineData("Haversine", 4),
         InlineData("Changed", 0), InlineData("StoreBetween", 0)]
        public void Groups_calls_that_keep_their_arguments(string kernel, int together)
        {
            string code = InMemory.Section(s_generated.Value(kernel));
            string vector = InMemory.VectorLine(code);
            Assert.DoesNotContain("scalar body", vector);
            Assert.Contains("lane by lane: Math", vector);
            if (together == 0) Assert.DoesNotContain("interleaved", vector);
            else Assert.Contains($", {together} lane-by-lane calls interleaved (each lane's in turn)", vector);
            // Each lane's value of each call on a line of its own, at every width: 8 + 4 + 2 lanes of doubles, 16 + 8 + 4 of floats.
            int lanes = kernel == "Polar" ? 28 : 14;
            Assert.Equal(together * lanes, code.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+(double|float) __kg_p\d+_l\d+ = ")));
            if (kernel == "RotateWhere") Assert.Contains("(each active lane computes what the scalar code does)", code);
        }

        private static readonly double[] Specials =
        {
            double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, Math.PI / 2, -Math.PI, 3 * Math.PI / 2, 1e22, -1e300,
            double.Epsilon, 1e-310, 105414350.0, 6381956970095103.0 * Math.Pow(2, 797), 0.7853981633974483,
        };

        private static double[] Doubles(int n, int seed)
        {
            var r = new Random(seed);
            return Enumerable.Range(0, n).Select(k => k % 4 == 0 ? Specials[r.Next(Specials.Length)] : (r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-4, 8))).ToArray();
        }

        private static float[] Floats(int n, int seed) => Doubles(n, seed).Select(d => (float)d).ToArray();

        private static void Same(string kernel, params object[] args) => Differential.Same(s_built.Value, "S", kernel, args);

        [Theory]
        [InlineData(0), InlineData(1), InlineData(7), InlineData(9), InlineData(17), InlineData(100), InlineData(4099)]
        public void Groups_match_serial(int n)
        {
            Same("Squares", Doubles(n, n), new double[n]);
            Same("Polar", Floats(n, n + 1), Floats(n, n + 2), new float[n], new float[n]);
            Same("RotateWhere", Doubles(n, n + 3), Doubles(n, n + 4), Doubles(n, n + 5), Doubles(n, n + 6));
            Same("Different", Doubles(n, n + 7), Doubles(n, n + 8), new double[n]);
            Same("Haversine", Doubles(n, n + 11), Doubles(n, n + 12), Doubles(n, n + 13), Doubles(n, n + 14), new double[n]);
            Same("Changed", Doubles(n, n + 9), new double[n], new double[n]);
            Same("StoreBetween", Doubles(n, n + 10), new double[n], new double[n]);
        }
    }
}
