using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// <c>foreach</c> over an array inside the PRange body, the idiomatic C# inner loop: Horner's rule over a polynomial's
    /// coefficients (Waher.Script.Fractals' NewtonFractal, PeterWaher/IoTGateway, evaluates f and f' per pixel with
    /// <c>foreach (double C in Coefficients)</c>; written here in our own words), a dot product over a weight array, a
    /// count of thresholds passed. The IR kept the foreach opaque, so the body ran scalar; it is now the counted loop the
    /// compiler lowers it to (Lowering.ArrayForEach: the element read first in the body), the same for every lane.
    /// </summary>
    public class ForEachInnerTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class E
            {
                [ParallelKernel]
                public static void Horner(double[] y, double[] x, double[] coefficients)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        double sum = 0;
                        foreach (double c in coefficients) sum = sum * x[i] + c;
                        y[i] = sum;
                    }
                }

                // f(z) at z = (re[i], im[i]) for real coefficients, highest power first.
                [ParallelKernel]
                public static void ComplexPoly(double[] re, double[] im, double[] outRe, double[] outIm, double[] coefficients)
                {
                    foreach (int i in PRange(re.Length))
                    {
                        double zr = re[i], zi = im[i], fr = 0, fi = 0;
                        foreach (double c in coefficients)
                        {
                            double t = fr * zr - fi * zi + c;
                            fi = fr * zi + fi * zr;
                            fr = t;
                        }
                        outRe[i] = fr;
                        outIm[i] = fi;
                    }
                }

                [ParallelKernel]
                public static void Dot(float[] y, float[] x, float[] weights)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        float s = 0;
                        foreach (float w in weights) s += w * x[i];
                        y[i] = s;
                    }
                }

                [ParallelKernel]
                public static void Passed(int[] counts, float[] x, float[] levels)
                {
                    foreach (int i in PRange(counts.Length))
                    {
                        int n = 0;
                        foreach (float level in levels)
                        {
                            if (x[i] < level) continue;
                            n++;
                        }
                        counts[i] = n;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "E"));

        [Fact]
        public void The_lanes_run_the_foreach_together()
        {
            foreach (string kernel in new[] { "Horner", "ComplexPoly", "Dot", "Passed" })
            {
                string report = InMemory.Section(s_generated.Value(kernel));
                Assert.Contains("one PRange iteration per lane", report);
                Assert.Contains("inner loops in order per step", report);
            }
        }

        [Theory]
        [InlineData(0, 3)]
        [InlineData(7, 0)]
        [InlineData(45, 1)]
        [InlineData(1000, 9)]
        public void Results_are_the_serial_loops(int n, int degree)
        {
            var random = new Random(n * 17 + degree);
            double[] Doubles(int m) => Enumerable.Range(0, m).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] coefficients = Doubles(degree);
            Differential.Same(s_built.Value, "E", "Horner", new double[n], Doubles(n), coefficients);
            Differential.Same(s_built.Value, "E", "ComplexPoly", Doubles(n), Doubles(n), new double[n], new double[n], coefficients);
            float[] Floats(int m) => Enumerable.Range(0, m).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "E", "Dot", new float[n], Floats(n), Floats(degree));
            Differential.Same(s_built.Value, "E", "Passed", new int[n], Floats(n), Floats(degree));
            // No coefficients at all: the serial loop throws at its first foreach, and so does the parallel one.
            if (n > 0) Differential.Same(s_built.Value, "E", "Horner", new double[n], Doubles(n), null!);
        }
    }
}
