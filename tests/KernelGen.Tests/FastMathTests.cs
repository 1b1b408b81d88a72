using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// <c>[ParallelKernel(FastMath = true)]</c> (docs/fastmath.md): sums accumulated in a local of the body run on vector
    /// accumulators, within the contract 2·(n − 1)·u·Σ|tᵢ| of the serial result; without FastMath the same loops stay
    /// bitwise (scalar, and the report says FastMath would allow it); integer sums are exact either way.
    /// </summary>
    public class FastMathTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class F
            {
                [ParallelKernel(FastMath = true)]
                public static void MatVec(double[,] a, double[] x, double[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        double s = 0;
                        for (int j = 0; j < x.Length; j++) s += a[i, j] * x[j];
                        y[i] = s;
                    }
                }

                [ParallelKernel(FastMath = true)]
                public static void RowSums(float[][] rows, float[] sums)
                {
                    foreach (int i in PRange(rows.Length))
                    {
                        float[] row = rows[i];
                        float s = 0;
                        for (int j = 0; j < row.Length; j++) s += row[j];
                        sums[i] = s;
                    }
                }

                [ParallelKernel]
                public static void MatVecExact(double[,] a, double[] x, double[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        double s = 0;
                        for (int j = 0; j < x.Length; j++) s += a[i, j] * x[j];
                        y[i] = s;
                    }
                }

                [ParallelKernel]
                public static void IntRowSums(int[,] m, long[] sums)
                {
                    foreach (int i in PRange(sums.Length))
                    {
                        long s = 0;
                        for (int j = 0; j < m.GetLength(1); j++) s += m[i, j];
                        sums[i] = s;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static string Report(ImmutableArray<Diagnostic> diagnostics, string kernel) =>
            diagnostics.Single(d => d.Id == "KG3001" && d.Location.GetLineSpan().StartLinePosition.Line > 0
                && d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line - 2].ToString().Contains($" {kernel}(")).GetMessage();

        [Fact]
        public void Sums_in_locals_are_vectorized_only_with_FastMath_or_when_exact()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.Contains("vector accumulators for s (sum) (floating-point sums reassociated: FastMath)", Report(diagnostics, "MatVec"));
            Assert.Contains("vector accumulators for s (sum) (floating-point sums reassociated: FastMath)", Report(diagnostics, "RowSums"));
            // Without FastMath the inner loop may not reassociate: rows on lanes, each lane's row copied into a tile per
            // step (a[i, j] would be gathered lane by lane otherwise), every lane summing in the serial order.
            string exact = Report(diagnostics, "MatVecExact");
            Assert.Contains("one PRange iteration per lane", exact);
            Assert.Contains("rows of a tiled per step", exact);
            Assert.DoesNotContain("vector accumulators", exact);
            string ints = Report(diagnostics, "IntRowSums");
            Assert.Contains("vector accumulators for s (sum)", ints);
            Assert.DoesNotContain("FastMath", ints);
        }

        [Theory]
        [InlineData(1, 1), InlineData(3, 7), InlineData(17, 33), InlineData(64, 257), InlineData(200, 1001)]
        public void Reassociated_sums_stay_within_the_contract(int rows, int cols)
        {
            var random = new Random(rows * 1000 + cols);
            double[,] a = new double[rows, cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i, j] = random.NextDouble() * 2 - 1;
            double[] x = Enumerable.Range(0, cols).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] serial = new double[rows], fast = new double[rows], exact = new double[rows];
            InMemory.Call(Built.Value, "F", "MatVec", a, x, serial);
            InMemory.Call(Built.Value, "F", "MatVecParallel", a, x, fast);
            InMemory.Call(Built.Value, "F", "MatVecExactParallel", a, x, exact);
            Assert.Equal(serial, exact); // without FastMath: bitwise
            for (int i = 0; i < rows; i++)
            {
                double magnitude = 0;
                for (int j = 0; j < cols; j++) magnitude += Math.Abs(a[i, j] * x[j]);
                double bound = 2 * Math.Max(cols - 1, 0) * Math.Pow(2, -53) * magnitude;
                Assert.True(Math.Abs(serial[i] - fast[i]) <= bound, $"row {i}: serial {serial[i]:R}, FastMath {fast[i]:R}, bound {bound:R}");
            }

            float[][] jagged = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
            float[] s1 = new float[rows], s2 = new float[rows];
            InMemory.Call(Built.Value, "F", "RowSums", jagged, s1);
            InMemory.Call(Built.Value, "F", "RowSumsParallel", jagged, s2);
            for (int i = 0; i < rows; i++)
            {
                double bound = 2 * Math.Max(cols - 1, 0) * Math.Pow(2, -24) * jagged[i].Sum(v => Math.Abs((double)v));
                Assert.True(Math.Abs(s1[i] - s2[i]) <= bound, $"row {i}: serial {s1[i]:R}, FastMath {s2[i]:R}, bound {bound:R}");
            }

            int[,] m = new int[rows, cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = random.Next(int.MinValue, int.MaxValue);
            long[] l1 = new long[rows], l2 = new long[rows];
            InMemory.Call(Built.Value, "F", "IntRowSums", m, l1);
            InMemory.Call(Built.Value, "F", "IntRowSumsParallel", m, l2);
            Assert.Equal(l1, l2); // integer sums: exact in any order
        }
    }
}
