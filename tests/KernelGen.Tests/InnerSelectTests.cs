using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The select idiom on an inner loop's lanes (Planner.InnerSelectOf): a row's minimum and maximum kept in locals of
    /// the PRange body (<c>if (v &lt; mn) mn = v;</c>, the min-max normalizers' first pass) and a row's argmax with its
    /// column (<c>if (s &gt; best) { best = s; at = c; }</c>, a classifier's prediction) were scalar bodies ('mn'
    /// cannot be vectorized); now per-lane pairs replayed into the locals in iteration order after the vector loop. The
    /// serial bits: '&lt;' keeps the first of equal values (-0 before +0 or after), '&lt;=' the last, NaN never wins.
    /// </summary>
    public class InnerSelectTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class I
            {
                [ParallelKernel]
                public static void RowsMinMax(float[,] img, float[] lo, float[] hi)
                {
                    foreach (int y in PRange(img.GetLength(0)))
                    {
                        float mn = float.MaxValue, mx = float.MinValue;
                        for (int x = 0; x < img.GetLength(1); x++)
                        {
                            float v = img[y, x];
                            if (v < mn) mn = v;
                            if (v > mx) mx = v;
                        }
                        lo[y] = mn;
                        hi[y] = mx;
                    }
                }

                // The last of equal values ('<=', the best on the left), a double row of a flat array, from its second column.
                [ParallelKernel]
                public static void LastMinimum(double[] m, double[] min, int[] at, int cols)
                {
                    foreach (int r in PRange(min.Length))
                    {
                        double best = m[r * cols];
                        int where = 0;
                        for (int c = 1; c < cols; c++)
                            if (best >= m[r * cols + c]) { where = c; best = m[r * cols + c]; }
                        min[r] = best;
                        at[r] = where;
                    }
                }

                [ParallelKernel]
                public static void ArgMaxRows(float[] scores, int[] predicted, int classes)
                {
                    foreach (int r in PRange(predicted.Length))
                    {
                        float best = float.NegativeInfinity;
                        int at = -1;
                        for (int c = 0; c < classes; c++)
                            if (scores[r * classes + c] > best) { best = scores[r * classes + c]; at = c; }
                        predicted[r] = at;
                    }
                }

                // Ints, over two runs of the inner loop per row (the locals carry from the first into the second).
                [ParallelKernel]
                public static void HalvesMax(int[] a, int[] r, int cols)
                {
                    foreach (int y in PRange(r.Length))
                    {
                        int mx = int.MinValue;
                        for (int h = 0; h < 2; h++)
                            for (int x = h * (cols / 2); x < (h + 1) * (cols / 2); x++)
                                if (a[y * cols + x] > mx) mx = a[y * cols + x];
                        r[y] = mx;
                    }
                }

                // The minimum also read in the loop (a running clamp): not the idiom, the loop as it was.
                [ParallelKernel]
                public static void ReadInside(float[] a, float[] r, int cols)
                {
                    foreach (int y in PRange(r.Length))
                    {
                        float mn = float.MaxValue, total = 0;
                        for (int x = 0; x < cols; x++)
                        {
                            if (a[y * cols + x] < mn) mn = a[y * cols + x];
                            total += mn;
                        }
                        r[y] = total;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "I"));

        [Fact]
        public void The_report_names_the_select_accumulators()
        {
            Assert.Contains("vector accumulators for mn (select<), mx (select>)", InMemory.Section(s_generated.Value("RowsMinMax")));
            Assert.Contains("vector accumulators for best (select<=)", InMemory.Section(s_generated.Value("LastMinimum")));
            Assert.Contains("vector accumulators for best (select>)", InMemory.Section(s_generated.Value("ArgMaxRows")));
            Assert.Contains("vector accumulators for mx (select>)", InMemory.Section(s_generated.Value("HalvesMax")));
            Assert.DoesNotContain("(select<)", InMemory.Section(s_generated.Value("ReadInside")));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(16)]
        [InlineData(33)]
        [InlineData(100)]
        [InlineData(301)] // several steps of every width (an inner select takes its vector path from 4 widest steps on)
        public void Results_are_the_serial_loops(int cols)
        {
            var random = new Random(cols);
            const int Rows = 23;
            float[] flat = Differential.TieFloats(random, Rows * cols);
            var grid = new float[Rows, cols];
            for (int y = 0; y < Rows; y++) for (int x = 0; x < cols; x++) grid[y, x] = flat[y * cols + x];
            Differential.Same(s_built.Value, "I", "RowsMinMax", grid, new float[Rows], new float[Rows]);
            Differential.Same(s_built.Value, "I", "LastMinimum", flat.Select(f => (double)f).ToArray(), new double[Rows], new int[Rows], cols);
            Differential.Same(s_built.Value, "I", "ArgMaxRows", flat, new int[Rows], cols);
            Differential.Same(s_built.Value, "I", "HalvesMax", Enumerable.Range(0, Rows * cols).Select(_ => random.Next(-5, 5)).ToArray(), new int[Rows], cols);
            Differential.Same(s_built.Value, "I", "ReadInside", flat, new float[Rows], cols);
        }
    }
}
