using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A jagged row that an inner loop's counter picks, read at the PRange index: <c>sum += sources[s][n]</c> (NAudio's
    /// MixingSampleProvider, the corpus's mix_sources_jagged; planar audio channels, weighted sums of signals). The row is
    /// the same for every lane, so lanes over n read it whole; it had a scalar body ("it would gather 1 element lane by
    /// lane": the row changes inside the loop over the lanes). Now the step reads <c>sources[s]</c> where it uses it and
    /// loads whole vectors from it; once a chunk, KernelRuntime.RowsCover checks that every row of the counter's range is
    /// there, not null and long enough, and RowsHold that none is a stored array. Each lane adds its rows in the serial
    /// order: bitwise the serial loop's results and exceptions.
    /// </summary>
    public class PickedRowTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class P
            {
                [ParallelKernel]
                public static void Mix(float[][] sources, float[] output)
                {
                    foreach (int n in PRange(output.Length))
                    {
                        float sum = 0;
                        for (int s = 0; s < sources.Length; s++)
                            sum += sources[s][n];
                        output[n] = sum;
                    }
                }

                // Gains per source, a difference of neighbouring samples, a count given apart from the rows.
                [ParallelKernel]
                public static void Weighted(double[][] ch, double[] gain, double[] output, int first, int count)
                {
                    foreach (int n in PRange(1, output.Length))
                    {
                        double sum = 0;
                        for (int s = first; s < count; s++)
                            sum += gain[s] * (ch[s][n] - ch[s][n - 1]);
                        output[n] = sum;
                    }
                }

                // Two loops with the same counter's name over different rows.
                [ParallelKernel]
                public static void TwoRanges(int[][] a, int[] o, int k)
                {
                    foreach (int n in PRange(o.Length))
                    {
                        int t = 0;
                        for (int s = 0; s < k; s++) t += a[s][n];
                        for (int s = k; s < a.Length; s++) t -= 2 * a[s][n];
                        o[n] = t;
                    }
                }

                // A picked row stored into: not on lanes.
                [ParallelKernel]
                public static void Scale(float[][] rows, float[] o, float g)
                {
                    foreach (int n in PRange(o.Length))
                    {
                        for (int s = 0; s < rows.Length; s++) rows[s][n] *= g;
                        o[n] = g;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "P"));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 16, 17, 100, 1001 };

        private static T[][] Rows<T>(Random random, int count, int length, Func<Random, T> value) =>
            Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length).Select(_ => value(random)).ToArray()).ToArray();

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Picked_rows_give_the_serial_bits_and_exceptions(int n)
        {
            var random = new Random(n + 3);
            float[][] sources = Rows(random, 5, n, r => (float)(r.NextDouble() - 0.5));
            Differential.Same(s_built.Value, "P", "Mix", sources, new float[n]);
            Differential.Same(s_built.Value, "P", "Mix", Array.Empty<float[]>(), new float[n]);
            // A short row, a null row, a longer one: the scalar loop throws (or not) where it reaches them.
            float[][] ragged = sources.Select(r => r.ToArray()).ToArray();
            ragged[3] = ragged[3].Take(Math.Max(0, n - 5)).ToArray();
            Differential.Same(s_built.Value, "P", "Mix", ragged, new float[n]);
            ragged[3] = null!;
            Differential.Same(s_built.Value, "P", "Mix", ragged, new float[n]);
            ragged[3] = Enumerable.Range(0, n + 9).Select(_ => 1f).ToArray();
            Differential.Same(s_built.Value, "P", "Mix", ragged, new float[n]);
            double[][] ch = Rows(random, 4, n, r => r.NextDouble());
            double[] gain = { 0.5, -0.25, 2, 1 };
            foreach ((int first, int count) in new[] { (0, 4), (1, 3), (2, 2), (0, 5), (-1, 2) })
                Differential.Same(s_built.Value, "P", "Weighted", ch, gain, new double[n], first, count);
            int[][] ints = Rows(random, 6, n, r => r.Next(-100, 100));
            foreach (int k in new[] { 0, 2, 6, 7 })
                Differential.Same(s_built.Value, "P", "TwoRanges", ints, new int[n], k);
            Differential.Same(s_built.Value, "P", "Scale", Rows(random, 3, n, r => (float)r.NextDouble()), new float[n], 1.5f);
        }

        [Fact]
        public void Picked_rows_are_read_whole_and_stored_ones_are_not()
        {
            foreach (string kernel in new[] { "Mix", "Weighted", "TwoRanges" })
                Assert.Contains("an inner loop picks read whole", InMemory.VectorLine(s_generated.Value(kernel)));
            Assert.DoesNotContain("an inner loop picks read whole", InMemory.VectorLine(s_generated.Value("Scale")));
        }

        /// <summary>The output is one of the sources: the launch and the chunk compare them, and the loop keeps the serial order.</summary>
        [Fact]
        public void An_output_that_is_a_source_keeps_the_serial_order()
        {
            var random = new Random(7);
            float[][] serial = Rows(random, 4, 300, r => (float)r.Next(-4, 5)), parallel = serial.Select(r => r.ToArray()).ToArray();
            InMemory.Call(s_built.Value, "P", "Mix", serial, serial[2]);
            RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "P", "MixParallel", parallel, parallel[2]));
            Assert.Equal(serial.SelectMany(r => r), parallel.SelectMany(r => r));
        }

        /// <summary>
        /// Without RowsCover the vector path reads a short row past its end where the serial loop throws: the mutant's
        /// outcome differs (it reads 4 elements past the row, inside the managed heap).
        /// </summary>
        [Fact]
        public void The_rows_check_is_what_keeps_short_rows_on_the_scalar_loop()
        {
            Assembly mutant = InMemory.BuildMutant(Source, "global::KernelGen.KernelRuntime.RowsCover(", "true || global::KernelGen.KernelRuntime.RowsCover(");
            const int n = 64;
            float[][] rows = Enumerable.Range(0, 3).Select(_ => Enumerable.Repeat(1f, n).ToArray()).ToArray();
            rows[1] = new float[n - 4];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "P", "Mix", rows, new float[n]));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "P", "MixParallel", rows, new float[n]));
            Exception? thrown = null;
            try { InMemory.Call(mutant, "P", "MixParallel", rows, new float[n]); }
            catch (Exception e) { thrown = e; }
            Assert.False(thrown is IndexOutOfRangeException, "the mutant threw as the serial loop does: the check is not what matters");
        }
    }
}
