using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Ref locals to elements of number arrays, as performance-minded C# writes its loops (<c>ref byte p = ref px[i];
    /// p = lut[p];</c>, the <c>ref var</c> element idiom of ImageSharp's pixel loops and of .NET's own span code). Two
    /// gaps: the effect model took a store through the ref local (<c>r = r * 2 + 1</c>) for a new target of r, so the
    /// loop was KG1006 ("writes memory KernelGen cannot trace") and serial; and the IR kept the ref local opaque (a scalar
    /// body). A store through r now writes what r refers to (only <c>r = ref e</c> re-points it), and a ref local that
    /// is never re-pointed, whose subscript reads nothing that changes while it lives, is its element in the IR
    /// (Lowering.RefAlias, which already did this for arrays of flat structs).
    /// </summary>
    public class RefLocalTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class F
            {
                [ParallelKernel]
                public static void Affine(float[] a)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        ref float r = ref a[i];
                        r = r * 2 + 1;
                    }
                }

                // A lookup table over the bytes of an image, in place.
                [ParallelKernel]
                public static void Gamma(byte[] px, byte[] lut)
                {
                    foreach (int i in PRange(px.Length))
                    {
                        ref byte p = ref px[i];
                        p = lut[p];
                    }
                }

                [ParallelKernel]
                public static void Clip(double[,] g, double s)
                {
                    foreach (int y in PRange(g.GetLength(0)))
                        for (int x = 0; x < g.GetLength(1); x++)
                        {
                            ref double v = ref g[y, x];
                            v *= s;
                            if (v > 1) v = 1;
                        }
                }

                // The row is re-pointed after the ref is taken: x stays on the first row's element (RefAlias requires the
                // array steady too; today the plan refuses a re-pointed private row anyway, so this checks the results).
                [ParallelKernel]
                public static void Repointed(float[][] rows, float[][] others)
                {
                    foreach (int r in PRange(rows.Length))
                    {
                        float[] row = rows[r];
                        for (int j = 0; j < row.Length; j++)
                        {
                            ref float x = ref row[j];
                            row = others[r];
                            x = row[j] + 1;
                        }
                    }
                }

                // The subscript moves after the ref is taken: r stays a[2i] (not an alias of a[k]).
                [ParallelKernel]
                public static void Moved(float[] a, float[] b)
                {
                    foreach (int i in PRange(a.Length / 2))
                    {
                        int k = 2 * i;
                        ref float r = ref a[k];
                        k++;
                        r = b[k] + a[k];
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "F"));

        [Fact]
        public void Ref_locals_to_elements_run_in_parallel_on_vectors()
        {
            Assert.DoesNotContain(InMemory.Analyze(Source, InMemory.ParseOptions), d => d.Id.StartsWith("KG1", StringComparison.Ordinal));
            foreach (string kernel in new[] { "Affine", "Gamma", "Clip", "Moved" })
                Assert.Contains("parallel: chunks", InMemory.Section(s_generated.Value(kernel)));
            foreach (string kernel in new[] { "Affine", "Gamma", "Clip" })
                Assert.DoesNotContain("vector: scalar body", InMemory.Section(s_generated.Value(kernel)));
            Assert.Contains("vector: scalar body (a statement KernelGen does not vectorize (a ref local))", InMemory.Section(s_generated.Value("Moved")));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        [InlineData(67)]
        [InlineData(5000)]
        public void Results_are_the_serial_loops(int n)
        {
            var random = new Random(n + 11);
            Differential.Same(s_built.Value, "F", "Affine", Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray());
            byte[] lut = Enumerable.Range(0, 256).Select(v => (byte)(255 * Math.Pow(v / 255.0, 0.45))).ToArray();
            byte[] px = new byte[n];
            random.NextBytes(px);
            Differential.Same(s_built.Value, "F", "Gamma", px, lut);
            var g = new double[n / 7 + 1, 13];
            for (int y = 0; y < g.GetLength(0); y++) for (int x = 0; x < 13; x++) g[y, x] = random.NextDouble() * 2;
            Differential.Same(s_built.Value, "F", "Clip", g, 0.9);
            float[] a = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "F", "Moved", a, Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray());
            float[][] Rows() => Enumerable.Range(0, n / 5 + 1).Select(_ => Enumerable.Range(0, 9).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
            Differential.Same(s_built.Value, "F", "Repointed", Rows(), Rows());
            // A short table: the serial loop throws at the first byte past it; so does the parallel one.
            if (n > 0) Differential.Same(s_built.Value, "F", "Gamma", px.Select(b => (byte)(b | 0x80)).ToArray(), new byte[100]);
        }
    }
}
