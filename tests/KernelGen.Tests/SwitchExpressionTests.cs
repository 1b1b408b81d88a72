using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Switch expressions and is-patterns on a number, and generic math's statics (float.Clamp, int.Max), the way C# 9+ code classifies and clamps (<c>x switch { &lt; 0 =&gt; -1, 0 =&gt; 0,
    /// _ =&gt; 1 }</c>, buckets with <c>and</c>/<c>or</c>/<c>not</c> patterns, a soft-knee gain). The IR kept them opaque
    /// (a scalar body); Lowering.SwitchSelect makes the arms nested selects, in order. NaN matches no constant or relation
    /// but a negated one, as in C#; the tests feed NaN, infinities, signed zeros and the ends of the int range.
    /// </summary>
    public class SwitchExpressionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                [ParallelKernel]
                public static void Sign(int[] a, int[] o)
                {
                    foreach (int i in PRange(a.Length))
                        o[i] = a[i] switch { < 0 => -1, 0 => 0, _ => 1 };
                }

                [ParallelKernel]
                public static void Bucket(double[] x, byte[] b)
                {
                    foreach (int i in PRange(x.Length))
                        b[i] = x[i] switch { 2.0 => 9, < 0.25 => 0, >= 0.25 and < 0.5 => 1, < 0.75 or 1.5 => 2, not > 1.0 => 3, _ => 4 };
                }

                // The same patterns after 'is'.
                [ParallelKernel]
                public static void InRange(double[] x, int[] o)
                {
                    foreach (int i in PRange(x.Length))
                        o[i] = x[i] is > 0.25 and < 0.75 or 2.0 ? 1 : x[i] is not < 1.0 ? 2 : 0;
                }

                // Generic math's statics: Math's functions (float.Clamp is Math.Clamp, int.Max is Math.Max).
                [ParallelKernel]
                public static void Statics(float[] a, float[] b, int[] c, float[] o, int[] p, float lo, float hi)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        o[i] = float.Clamp(float.Max(a[i], b[i]), lo, hi);
                        p[i] = int.Clamp(int.Max(c[i], -500), -100, 100) + int.Min(c[i], 7);
                    }
                }

                [ParallelKernel]
                public static void Knee(float[] x, float[] y, float k)
                {
                    foreach (int i in PRange(x.Length))
                        y[i] = x[i] switch { > 1f => 1f + (x[i] - 1f) * k, < -1f => -1f + (x[i] + 1f) * k, _ => x[i] };
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "S"));

        [Fact]
        public void Switch_expressions_run_on_vectors()
        {
            foreach (string kernel in new[] { "Sign", "Bucket", "Knee", "InRange", "Statics" })
                Assert.DoesNotContain("vector: scalar body", InMemory.Section(s_generated.Value(kernel)));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(9)]
        [InlineData(130)]
        [InlineData(4099)]
        public void Results_are_the_serial_loops(int n)
        {
            var random = new Random(n + 5);
            int[] ints = Enumerable.Range(0, n).Select(k => k % 7 == 0 ? int.MinValue : k % 11 == 0 ? int.MaxValue : k % 5 == 0 ? 0 : random.Next(-9, 9)).ToArray();
            Differential.Same(s_built.Value, "S", "Sign", ints, new int[n]);
            double[] special = { double.NaN, 0.0, -0.0, 2.0, 1.5, 1.0, 0.25, 0.5, 0.75, double.PositiveInfinity, double.NegativeInfinity };
            double[] x = Enumerable.Range(0, n).Select(k => k % 3 == 0 ? special[random.Next(special.Length)] : random.NextDouble() * 2.5 - 0.5).ToArray();
            Differential.Same(s_built.Value, "S", "Bucket", x, new byte[n]);
            Differential.Same(s_built.Value, "S", "InRange", x, new int[n]);
            float[] f = x.Select(v => (float)(v * 3 - 1)).ToArray();
            float[] g = x.Reverse().Select(v => (float)(v * 2 - 1)).ToArray();
            Differential.Same(s_built.Value, "S", "Statics", f, g, ints, new float[n], new int[n], -0.5f, 0.5f);
            // min > max: Math.Clamp throws ArgumentException in the serial loop; so must the parallel one (when it runs at all).
            Differential.Same(s_built.Value, "S", "Statics", f, g, ints, new float[n], new int[n], 0.5f, -0.5f);
            Differential.Same(s_built.Value, "S", "Knee", f, new float[n], 0.25f);
        }
    }
}
