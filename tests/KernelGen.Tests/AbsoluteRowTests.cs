using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Rows walked by their absolute index: <c>for (int j = i * n; j &lt; i * n + n; j++) c[j] = a[j] + b[j];</c>, the
    /// per-row matrix addition of GJDavila/AlgoritmosParalelos (cuda/prob1_sum_matriz.cu, MatrizAddKernel_C walks row
    /// i from n·i) as ports of it to plain loops write it, and <c>j &lt; (i + 1) * cols</c>, a start and end computed
    /// before the loop, a row walked down. The inner counter was bounded by [i·n, i·n + n − 1] alone, bounds in which the
    /// dependence tester cannot see i (it takes each access's counters as free copies), so `c[j]` "did not depend on i":
    /// KG1002, an error that stopped the build of a correct loop. RaceAnalysis.FindInnerLoops now writes such a counter as
    /// its start plus the iterations done (j = i·n + t, t in [0, n − 1]) where the span does not depend on i, and the
    /// rows are proven apart like <c>c[i * n + t]</c>. Rows that overlap keep their diagnostics or a launch check.
    /// </summary>
    public class AbsoluteRowTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class R
            {
                [ParallelKernel]
                public static void AddRows(float[] a, float[] b, float[] c, int n)
                {
                    foreach (int i in PRange(n))
                        for (int j = i * n; j < i * n + n; j++)
                            c[j] = a[j] + b[j];
                }

                // A row scaled by its own first element, the limit written as the next row's start.
                [ParallelKernel]
                public static void ScaleRows(double[] m, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                    {
                        double first = m[r * cols];
                        for (int k = r * cols + 1; k < (r + 1) * cols; k++)
                            m[k] /= first;
                    }
                }

                // Start and end computed before the loop.
                [ParallelKernel]
                public static void Offsets(int[] data, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                    {
                        int start = r * cols, end = start + cols;
                        for (int k = start; k < end; k++)
                            data[k] = data[k] * 3 + r;
                    }
                }

                // The limit declared in the header, from the start (it was an array reduction: private copies).
                [ParallelKernel]
                public static void HeaderLimit(int[] data, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                        for (int k = r * cols, end = k + cols; k < end; k++)
                            data[k] = data[k] * 2 - r;
                }

                // Walked down, from the row's last element to its first.
                [ParallelKernel]
                public static void Reverse(int[] data, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                        for (int k = (r + 1) * cols - 1; k >= r * cols; k--)
                            data[k] = k - r;
                }

                // Two rows at a time: iterations r and r + 1 both write row r + 1 (where cols > 0).
                [ParallelKernel]
                public static void TwoRows(int[] data, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                        for (int k = r * cols; k < (r + 2) * cols; k++)
                            data[k] = r;
                }

                // One past the row: the next row's first element is written by two iterations.
                [ParallelKernel]
                public static void OnePast(int[] data, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                        for (int k = r * cols; k <= (r + 1) * cols; k++)
                            data[k] = r;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "R"));

        [Fact]
        public void Rows_apart_run_in_parallel_and_overlapping_rows_do_not()
        {
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG1002");
            // The row one past its end: KG1004 at the write, serial.
            Diagnostic onePast = Assert.Single(diagnostics, d => d.Id == "KG1004");
            Assert.Contains("`data[k]`", onePast.GetMessage());
            Assert.Null(s_built.Value.GetType("R")!.GetMethod("OnePastParallel"));
            foreach (string kernel in new[] { "AddRows", "ScaleRows", "Offsets", "Reverse", "HeaderLimit" })
            {
                string report = InMemory.Section(s_generated.Value(kernel));
                Assert.Contains("parallel: chunks", report);
                Assert.DoesNotContain("runs in parallel where", report);
                // The row's length is the same in every iteration: even chunks.
                Assert.DoesNotContain("uneven iterations", report);
                Assert.DoesNotContain("array reductions", report);
            }
            Assert.Contains("vector: inner loop 'for (int j = i * n; j < i * n + n; j++)'", InMemory.Section(s_generated.Value("AddRows")));
            // Two rows at a time are apart only where a row is empty: checked at the launch (so serial on real input).
            Assert.Contains("runs in parallel where 0 >= cols", InMemory.Section(s_generated.Value("TwoRows")));
        }

        [Theory]
        // Rows that grow with i (i·n to i·n + i): both ends move, apart where i < n, not proven: a warning and the
        // serial loop, not KG1002's "every iteration writes the same element(s)" (it was, an error).
        [InlineData("for (int j = i * n; j < i * n + i; j++) a[j] = j;", "KG1004")]
        // Rows from an index array: both ends move; an assignment, not a reduction.
        [InlineData("for (int j = rowPtr[i]; j < rowPtr[i + 1]; j++) a[j] = i;", "KG1004")]
        // A triangle's j from i to n: every two iterations meet at n − 1, proven (an error, as before), and said as
        // "different iterations", not "the subscript does not depend on 'i'" (j's range does).
        [InlineData("for (int j = i; j < n; j++) a[j] = j;", "KG1002", "different iterations write the same element")]
        // A header's limit one past the row.
        [InlineData("for (int j = i * n, e = j + n + 1; j < e; j++) a[j] = j;", "KG1004")]
        // Every iteration writes the same row: proven.
        [InlineData("for (int j = 0; j < n; j++) a[j] = i;", "KG1002", "does not depend on 'i'")]
        public void A_range_moving_at_both_ends_is_not_called_the_same_for_every_iteration(string loop, string expected, string? why = null)
        {
            string source = $$"""
                using KernelGen;
                using static KernelGen.Kernel;
                public static partial class G
                {
                    [ParallelKernel]
                    public static void Run(float[] a, int[] rowPtr, int n)
                    {
                        foreach (int i in PRange(n))
                            {{loop}}
                    }
                }
                """;
            var diagnostics = InMemory.Analyze(source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            Assert.Equal(expected, Assert.Single(diagnostics).Id);
            if (why is not null) Assert.Contains(why, diagnostics[0].GetMessage());
        }

        [Theory]
        [InlineData(1, 0)]
        [InlineData(7, 5)]
        [InlineData(40, 33)]
        [InlineData(300, 257)]
        public void Results_are_the_serial_loops(int rows, int cols)
        {
            var random = new Random(rows * 31 + cols);
            int n = rows;
            float[] a = Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble()).ToArray();
            float[] b = Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "R", "AddRows", a, b, new float[n * n], n);
            double[] m = Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() + 0.5).ToArray();
            Differential.Same(s_built.Value, "R", "ScaleRows", m, rows, cols);
            int[] data = Enumerable.Range(0, rows * cols + cols + 1).Select(_ => random.Next(-100, 100)).ToArray();
            Differential.Same(s_built.Value, "R", "Offsets", data, rows, cols);
            Differential.Same(s_built.Value, "R", "Reverse", data, rows, cols);
            Differential.Same(s_built.Value, "R", "HeaderLimit", data, rows, cols);
            int[] twice = new int[(rows + 1) * cols + 1];
            Differential.Same(s_built.Value, "R", "TwoRows", twice, rows, cols);
            Differential.Same(s_built.Value, "R", "TwoRows", twice, rows, 0);
        }

        [Fact]
        public void A_row_short_of_its_end_throws_as_the_serial_loop_does()
        {
            // The last row runs past the array: the serial loop throws there, after writing the rows before it.
            object[] args = { new int[5 * 8 - 3], 5, 8 };
            Assert.True(Differential.Throws(s_built.Value, "R", "Offsets", args));
            Differential.Same(s_built.Value, "R", "Offsets", args);
        }
    }
}
