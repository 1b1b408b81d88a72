using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Locals of one name in sibling blocks (<c>{ int t = …; } { int t = …; }</c>: two swaps in a row, each with its
    /// temporary, as the nest fuzz wrote them). The vector step's statements share one scope, and both were declared
    /// <c>__kg_v_t</c> (a first-lane int <c>k</c> alike): the generated code did not compile (CS0128). The IR now gives
    /// the second a name of its own (Lowering.Declare).
    /// </summary>
    public class SiblingBlockTests
    {
        private const string Source = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class B
            {
                [ParallelKernel]
                public static void Two(float[] a, float[] b)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        { float t = a[i] * 2; b[i] = t; }
                        { float t = a[i] + 1; b[i] += t; }
                    }
                }

                [ParallelKernel]
                public static void Cells(float[] a, float[] b, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            { int k = y * w + x; float t = a[k]; float f = 2; b[k] = t * f; }
                            { int k = y * w + (w - 1 - x); float t = a[k] * 2; float f = y + 3; b[y * w + x] += t * f; }
                        }
                }

                // The second s is read by an inner loop's vector code, which goes into the source text: by its own name there.
                [ParallelKernel]
                public static void Scaled(float[] a, float[] b, float[] c, int m)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        { float s = a[i]; b[i] = s; }
                        {
                            float s = a[i] * 2;
                            for (int j = 0; j < m; j++) c[i * m + j] = s * j;
                        }
                    }
                }

                [ParallelKernel]
                public static void Swaps(int[] a, int n, int s)
                {
                    foreach (int i in PRange(n))
                        for (int j = 0, o = i * s; j < s; j++, o += 1)
                        {
                            { int t0 = a[o]; a[o] = a[o] + 1; a[o] = t0 * 3; }
                            { int t0 = a[o]; a[o] = -a[o]; a[o] += t0; }
                        }
                }

                // A block's local, then a loop whose counter has its name (the random kernels, seed 1017: the step declared
                // the block's j where the loop's j is nested in it, CS0136). The counter is renamed; the while counts too.
                [ParallelKernel]
                public static void CounterAfter(float[] q, float[] r, int n)
                {
                    foreach (int i in PRange(1, n - 3))
                    {
                        float t = 0;
                        { int j = i - 1; while (j < i + 3) { t += q[j] * j; j++; } }
                        for (int j = 0; j < 3; j++) t += q[i + j];
                        { int j = i + 2; t -= q[j]; }
                        r[i] = t;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Theory]
        [InlineData(0, 4)]
        [InlineData(37, 19)]
        [InlineData(200, 64)]
        public void Both_run_on_vectors_and_agree_with_the_serial_loops(int n, int s)
        {
            Func<string, string> vector = InMemory.VectorLines(Source, "B");
            Assert.DoesNotContain("scalar body", vector("Two"));
            Assert.DoesNotContain("scalar body", vector("Swaps"));
            var random = new Random(n + s);
            float[] a = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "B", "Two", a, new float[n]);
            Assert.DoesNotContain("scalar body", vector("Cells"));
            Assert.Contains("inner loop 'for (int j = 0; j < m; j++)'", vector("Scaled"));
            Differential.Same(s_built.Value, "B", "Scaled", a, new float[n], new float[n * s], s);
            float[] cells = Enumerable.Range(0, n * s).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "B", "Cells", cells, new float[n * s], s, n);
            Differential.Same(s_built.Value, "B", "Swaps", Enumerable.Range(0, n * s).Select(_ => random.Next(-99, 99)).ToArray(), n, s);
            Assert.DoesNotContain("scalar body", vector("CounterAfter"));
            Differential.Same(s_built.Value, "B", "CounterAfter", a, new float[n], n);
        }
    }
}
