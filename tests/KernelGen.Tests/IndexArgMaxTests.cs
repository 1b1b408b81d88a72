using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// argmax/argmin by index alone on an inner loop's lanes (Planner.IndexOnlySelectOf): <c>if (a[r, c] &gt; a[r, best])
    /// best = c;</c>, the way C# code usually finds a row's predicted class (mackeprm/Skandium's k-means ExpectationSteps,
    /// the classifiers' Predict loops over their outputs with a maxIndex), had a scalar inner loop ('best' cannot be
    /// vectorized). The element at best is the value the value-and-index form keeps, so the same per-lane pairs apply,
    /// starting from that element. The serial bits: '&gt;' keeps the first of equal values, '&gt;=' the last, NaN never
    /// wins and a NaN at best is never beaten; a best that starts out of range throws as the serial loop's first
    /// iteration does.
    /// </summary>
    public class IndexArgMaxTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class X
            {
                // A row's predicted class (first of equal scores), from column 1 with best = 0.
                [ParallelKernel]
                public static void Predict(double[,] scores, int[] predicted)
                {
                    int classes = scores.GetLength(1);
                    foreach (int r in PRange(scores.GetLength(0)))
                    {
                        int best = 0;
                        for (int c = 1; c < classes; c++)
                            if (scores[r, c] > scores[r, best]) best = c;
                        predicted[r] = best;
                    }
                }

                // The last of equal minimums, the comparison written the other way round, on a flat float array.
                [ParallelKernel]
                public static void LastArgMin(float[] a, int[] at, int cols)
                {
                    foreach (int r in PRange(at.Length))
                    {
                        int where = 0;
                        for (int c = 0; c < cols; c++)
                            if (a[r * cols + where] >= a[r * cols + c]) where = c;
                        at[r] = where;
                    }
                }

                // The start comes from the caller and may be out of the row (or of the array): the serial loop throws
                // at its first iteration, or compares with another row's element.
                [ParallelKernel]
                public static void FromStart(int[] a, int[] at, int cols, int start)
                {
                    foreach (int r in PRange(at.Length))
                    {
                        int best = start;
                        for (int c = 0; c < cols; c++)
                            if (a[r * cols + c] < a[r * cols + best]) best = c;
                        at[r] = best;
                    }
                }

                // Jagged rows: the row is a local of the PRange body.
                [ParallelKernel]
                public static void JaggedArgMax(long[][] rows, int[] at)
                {
                    foreach (int r in PRange(rows.Length))
                    {
                        long[] row = rows[r];
                        int best = 0;
                        for (int c = 1; c < row.Length; c++)
                            if (row[c] > row[best]) best = c;
                        at[r] = best;
                    }
                }

                // The loop also stores elements (half of each score). The array stored might be the one compared (then
                // the element at best could change after best took it), so this is not taken as the idiom; storing into
                // the compared array itself keeps the whole loop serial (KG1004: 'a[r * cols + best]' is not affine).
                [ParallelKernel]
                public static void StoresToo(float[] a, float[] half, int[] at, int cols)
                {
                    foreach (int r in PRange(at.Length))
                    {
                        int best = 0;
                        for (int c = 1; c < cols; c++)
                        {
                            if (a[r * cols + c] > a[r * cols + best]) best = c;
                            half[r * cols + c] = a[r * cols + c] * 0.5f;
                        }
                        at[r] = best;
                    }
                }

                // Compared with another array's element at best: not the element the lanes would start from.
                [ParallelKernel]
                public static void OtherArray(float[] a, float[] b, int[] at, int cols)
                {
                    foreach (int r in PRange(at.Length))
                    {
                        int best = 0;
                        for (int c = 1; c < cols; c++)
                            if (a[r * cols + c] > b[r * cols + best]) best = c;
                        at[r] = best;
                    }
                }

                // best also read elsewhere in the loop (the sum of the running minimum): not the idiom.
                [ParallelKernel]
                public static void BestReadInside(int[] a, int[] at, int cols)
                {
                    foreach (int r in PRange(at.Length))
                    {
                        int best = 0, seen = 0;
                        for (int c = 0; c < cols; c++)
                        {
                            if (a[r * cols + c] < a[r * cols + best]) best = c;
                            seen += a[r * cols + best];
                        }
                        at[r] = seen;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "X"));

        [Fact]
        public void The_report_names_the_index_and_the_element_at_it()
        {
            Assert.Contains("vector accumulators for best (select>, by the element at best)", InMemory.Section(s_generated.Value("Predict")));
            Assert.Contains("vector accumulators for where (select<=, by the element at where)", InMemory.Section(s_generated.Value("LastArgMin")));
            Assert.Contains("vector accumulators for best (select<, by the element at best)", InMemory.Section(s_generated.Value("FromStart")));
            Assert.Contains("vector accumulators for best (select>, by the element at best)", InMemory.Section(s_generated.Value("JaggedArgMax")));
            Assert.DoesNotContain("by the element", InMemory.Section(s_generated.Value("StoresToo")));
            Assert.DoesNotContain("by the element", InMemory.Section(s_generated.Value("OtherArray")));
            Assert.DoesNotContain("by the element", InMemory.Section(s_generated.Value("BestReadInside")));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
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
            var grid = new double[Rows, cols];
            for (int y = 0; y < Rows; y++) for (int x = 0; x < cols; x++) grid[y, x] = flat[y * cols + x];
            Differential.Same(s_built.Value, "X", "Predict", grid, new int[Rows]);
            Differential.Same(s_built.Value, "X", "LastArgMin", flat, new int[Rows], cols);
            int[] ints = Enumerable.Range(0, Rows * cols).Select(_ => random.Next(-4, 4)).ToArray();
            foreach (int start in new[] { 0, cols - 1, cols, -1, Rows * cols })
                Differential.Same(s_built.Value, "X", "FromStart", ints, new int[Rows], cols, start);
            long[][] rows = Enumerable.Range(0, Rows).Select(r => Enumerable.Range(0, cols + r % 5).Select(_ => (long)random.Next(-4, 4) << 33).ToArray()).ToArray();
            Differential.Same(s_built.Value, "X", "JaggedArgMax", rows, new int[Rows]);
            Differential.Same(s_built.Value, "X", "StoresToo", flat, new float[Rows * cols], new int[Rows], cols);
            Differential.Same(s_built.Value, "X", "BestReadInside", ints, new int[Rows], cols);
            float[] other = flat.Select(f => f + 0.25f).Reverse().ToArray();
            Differential.Same(s_built.Value, "X", "OtherArray", flat, other, new int[Rows], cols);
        }

        [Fact]
        public void A_start_out_of_the_array_throws_as_the_serial_loop_does()
        {
            // Row 0 compares with a[-1] at its first iteration: IndexOutOfRangeException from both.
            int[] ints = Enumerable.Range(0, 64 * 40).Select(k => k % 9).ToArray();
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "X", "FromStart", ints, new int[40], 64, -1));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "X", "FromStartParallel", ints, new int[40], 64, -1));
        }
    }
}
