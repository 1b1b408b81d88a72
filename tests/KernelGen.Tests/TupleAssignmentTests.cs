using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Tuple assignments, the way C# 7+ code swaps and rotates: <c>(px[3 * i], px[3 * i + 2]) = (px[3 * i + 2], px[3 * i])</c>
    /// (BGR to RGB in place), a compare-exchange <c>if (lo[i] &gt; hi[i]) (lo[i], hi[i]) = (hi[i], lo[i]);</c>, and a plane
    /// rotation of two vectors (BLAS's drot, <c>(x[i], y[i]) = (c * x[i] + s * y[i], c * y[i] - s * x[i])</c>). The IR took
    /// the deconstruction for an opaque expression statement, so each ran a scalar body; Lowering.Swapped now reads every
    /// value into a temporary, in order, then stores them in order, as C# does.
    /// </summary>
    public class TupleAssignmentTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class T
            {
                [ParallelKernel]
                public static void BgrToRgb(byte[] px)
                {
                    foreach (int i in PRange(px.Length / 3))
                        (px[3 * i], px[3 * i + 2]) = (px[3 * i + 2], px[3 * i]);
                }

                [ParallelKernel]
                public static void CompareExchange(float[] lo, float[] hi)
                {
                    foreach (int i in PRange(lo.Length))
                        if (lo[i] > hi[i]) (lo[i], hi[i]) = (hi[i], lo[i]);
                }

                [ParallelKernel]
                public static void Rotate(double[] x, double[] y, double c, double s)
                {
                    foreach (int i in PRange(x.Length))
                        (x[i], y[i]) = (c * x[i] + s * y[i], c * y[i] - s * x[i]);
                }

                // Three ways round, with a local among the targets.
                [ParallelKernel]
                public static void Cycle(int[] a, int[] b, int[] c, int[] last)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        int t = 0;
                        (a[i], b[i], c[i], t) = (b[i], c[i], a[i], a[i] + 1);
                        last[i] = t;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "T"));

        [Fact]
        public void Tuple_assignments_run_on_vectors()
        {
            foreach (string kernel in new[] { "BgrToRgb", "CompareExchange", "Rotate", "Cycle" })
                Assert.DoesNotContain("vector: scalar body", InMemory.Section(s_generated.Value(kernel)));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        [InlineData(100)]
        [InlineData(3001)]
        public void Results_are_the_serial_loops(int n)
        {
            var random = new Random(n + 3);
            byte[] px = new byte[3 * n + n % 3];
            random.NextBytes(px);
            Differential.Same(s_built.Value, "T", "BgrToRgb", px);
            float[] lo = Differential.TieFloats(random, n), hi = Differential.TieFloats(random, n);
            Differential.Same(s_built.Value, "T", "CompareExchange", lo, hi);
            double[] Doubles() => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            Differential.Same(s_built.Value, "T", "Rotate", Doubles(), Doubles(), Math.Cos(0.3), Math.Sin(0.3));
            int[] Ints() => Enumerable.Range(0, n).Select(_ => random.Next(-1000, 1000)).ToArray();
            Differential.Same(s_built.Value, "T", "Cycle", Ints(), Ints(), Ints(), new int[n]);
        }
    }
}
