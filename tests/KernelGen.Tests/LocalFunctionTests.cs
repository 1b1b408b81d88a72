using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Static local functions of a kernel declared after its loop (<c>static float Smooth(float v) =&gt; …</c>), as modern
    /// C# writes small helpers: each chunk declares a copy (they capture nothing, so the copy is the same function) and an
    /// expression-bodied one inlines on the vector lanes like a static method. Before, every such call kept the loop serial
    /// (KG2007). A local function that is not static, reads the method's constants or calls another one declared outside
    /// it still does, and one that writes shared state is flagged as a static method would be (KG1006).
    /// </summary>
    public class LocalFunctionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class L
            {
                static int s_calls;

                [ParallelKernel]
                public static void Smoothstep(float[] a, float[] b)
                {
                    foreach (int i in PRange(a.Length))
                        b[i] = Smooth(Math.Clamp(a[i], 0f, 1f));

                    static float Smooth(float v) => v * v * (3 - 2 * v);
                }

                [ParallelKernel]
                public static void Horner(double[] a, double[] b, double k)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        b[i] = Poly(a[i], k) + Twice(a[i]);
                    }

                    static double Poly(double x, double k)
                    {
                        double s = 0;
                        for (int j = 0; j < 3; j++)
                            s = s * x + k * j;
                        return s;
                    }

                    static double Twice(double x)
                    {
                        return Add(x, x);
                        static double Add(double p, double q) => p + q;
                    }
                }

                [ParallelKernel]
                public static void Counted(float[] a)
                {
                    foreach (int i in PRange(a.Length)) a[i] = Count(a[i]);
                    static float Count(float v) { s_calls++; return v; }
                }

                [ParallelKernel]
                public static void Capturing(float[] a, float g)
                {
                    foreach (int i in PRange(a.Length)) a[i] = Scale(a[i]);
                    float Scale(float v) => v * g;
                }

                [ParallelKernel]
                public static void WithConstant(float[] a)
                {
                    const float Gain = 2.5f;
                    foreach (int i in PRange(a.Length)) a[i] = Amplify(a[i]);
                    static float Amplify(float v) => v * Gain;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Static_local_functions_run_in_the_chunks_with_the_serial_results()
        {
            Assembly assembly = s_built.Value;
            var random = new Random(35);
            foreach (int n in new[] { 0, 1, 7, 33, 1001, 20_011 })
            {
                Differential.Same(assembly, "L", "Smoothstep", Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 1.4 - 0.2)).ToArray(), new float[n]);
                Differential.Same(assembly, "L", "Horner", Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray(), new double[n], 0.75);
            }
        }

        [Fact]
        public void Which_local_functions_run_in_parallel_and_why_the_others_do_not()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "L");
            Assert.Contains("helpers inlined", InMemory.VectorLine(generated("Smoothstep")));
            Assert.Contains("static double Poly(double x, double k)", InMemory.Section(generated("Horner"))); // the chunk's copy
            var diagnostics = InMemory.Analyze(Source).Select(d => $"{d.Id} {d.GetMessage()}").ToList();
            Assert.Contains(diagnostics, d => d.StartsWith("KG1006", StringComparison.Ordinal) && d.Contains("s_calls", StringComparison.Ordinal));
            Assert.Contains(diagnostics, d => d.StartsWith("KG2007", StringComparison.Ordinal) && d.Contains("'Scale'", StringComparison.Ordinal) && d.Contains("not static", StringComparison.Ordinal));
            Assert.Contains(diagnostics, d => d.StartsWith("KG2007", StringComparison.Ordinal) && d.Contains("constant 'Gain'", StringComparison.Ordinal));
            Assert.DoesNotContain(diagnostics, d => d.Contains("'Smooth'", StringComparison.Ordinal) || d.Contains("'Poly'", StringComparison.Ordinal) || d.Contains("'Twice'", StringComparison.Ordinal));
        }
    }
}
