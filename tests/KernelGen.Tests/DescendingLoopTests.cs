using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Inner loops that count down to a constant (<c>for (int k = c.Length - 1; k &gt;= 0; k--)</c>): Horner's rule from
    /// the top coefficient, as polyval and most polynomial code write it. They were while loops over lane masks whose
    /// c[k] was gathered lane by lane (0.95x the serial loop on one thread); now a counted loop over the iterations,
    /// k = start − t, the same for every lane. Order matters where the loop shifts an array in place: k descending reads
    /// row[k − 1] before it is stored (safe on lanes), row[k + 1] after (a chain: it must not run on lanes).
    /// </summary>
    public class DescendingLoopTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class D
            {
                [ParallelKernel]
                public static void Horner(double[] x, double[] c, double[] y)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double acc = 0;
                        for (int k = c.Length - 1; k >= 0; k--) acc = acc * x[i] + c[k];
                        y[i] = acc;
                    }
                }

                // Down to 1 with '>' and a float span of coefficients.
                [ParallelKernel]
                public static void HornerF(float[] x, ReadOnlySpan<float> c, float[] y)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        float acc = c[0];
                        for (int k = c.Length - 1; k > 0; k--) acc = acc * x[i] + c[k];
                        y[i] = acc;
                    }
                }

                // Each row shifted right by one in place, from the end: reads k - 1 before it is stored.
                [ParallelKernel]
                public static void ShiftRight(float[] rows, int width)
                {
                    foreach (int r in PRange(rows.Length / width))
                        for (int k = width - 1; k >= 1; k--)
                            rows[r * width + k] = rows[r * width + k - 1] * 0.5f + 1;
                }

                // Each row shifted left from the end: reads k + 1 after it is stored, a chain through the row.
                [ParallelKernel]
                public static void ChainLeft(int[] rows, int[] widths)
                {
                    foreach (int r in PRange(rows.Length / widths.Length))
                        for (int k = widths.Length - 2; k >= 0; k--)
                            rows[r * widths.Length + k] += rows[r * widths.Length + k + 1];
                }

                public delegate void HornerFFn(float[] x, ReadOnlySpan<float> c, float[] y);

                public static float[] RunHornerF(float[] x, float[] c, bool parallel)
                {
                    var y = new float[x.Length];
                    if (parallel) HornerF(x, c, y); else { HornerFFn serial = HornerF; serial(x, c, y); }
                    return y;
                }

                // A constant start.
                [ParallelKernel]
                public static void FromSeven(double[] x, double[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        double s = x[i];
                        for (int k = 7; k >= 2; k--) s = s * 0.5 + k;
                        y[i] = s;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source, unsafeCode: true));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "D", unsafeCode: true));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 8, 9, 17, 100, 1001 };

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Loops_counting_down_give_the_serial_bits(int n)
        {
            var random = new Random(n + 40);
            double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            foreach (int degree in new[] { 0, 1, 5, 13 })
            {
                double[] c = Enumerable.Range(0, degree).Select(_ => random.NextDouble() - 0.5).ToArray();
                Differential.Same(s_built.Value, "D", "Horner", x, c, new double[n]);
            }
            Differential.Same(s_built.Value, "D", "FromSeven", x, new double[n]);
            foreach (int width in new[] { 1, 2, 9, 40 })
            {
                float[] rows = Enumerable.Range(0, n * width).Select(_ => (float)random.NextDouble()).ToArray();
                Differential.Same(s_built.Value, "D", "ShiftRight", rows, width);
                int[] ints = Enumerable.Range(0, n * width).Select(_ => random.Next(-50, 50)).ToArray();
                Differential.Same(s_built.Value, "D", "ChainLeft", ints, new int[width]);
            }
        }

        [Fact]
        public void The_span_form_and_the_reports()
        {
            var random = new Random(41);
            float[] x = Enumerable.Range(0, 333).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            foreach (int degree in new[] { 1, 2, 9 })
            {
                float[] c = Enumerable.Range(0, degree).Select(_ => (float)random.NextDouble()).ToArray();
                var serial = (float[])InMemory.Call(s_built.Value, "D", "RunHornerF", x, c, false)!;
                var parallel = (float[])InMemory.Call(s_built.Value, "D", "RunHornerF", x, c, true)!;
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
            Assert.DoesNotContain("while loops", InMemory.VectorLine(s_generated.Value("Horner")));
            Assert.DoesNotContain("gathered", InMemory.VectorLine(s_generated.Value("Horner")));
            Assert.Contains("one PRange iteration per lane", InMemory.VectorLine(s_generated.Value("Horner")));
            Assert.Contains("one PRange iteration per lane", InMemory.VectorLine(s_generated.Value("HornerF")));
        }
    }
}
