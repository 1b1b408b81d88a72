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

                // A filter's taps over jagged rows, lanes over x (an inner plan): the rows near y, y + dy.
                [ParallelKernel]
                public static void Taps(float[][] src, float[][] dst, int w, int h)
                {
                    foreach (int y in PRange(1, h - 1))
                    {
                        float[] o = dst[y];
                        for (int x = 0; x < w; x++)
                        {
                            float s = 0;
                            for (int dy = -1; dy <= 1; dy++)
                                s += src[y + dy][x] * (dy + 2);
                            o[x] = s;
                        }
                    }
                }

                static int Clamp(int v, int lo, int hi) => v < lo ? lo : v > hi ? hi : v;

                // The rows clamped to the image, through a helper and Math's (the rows near y, clamped: not every row).
                [ParallelKernel]
                public static void ClampedTaps(double[][] src, double[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            double s = 0;
                            for (int dy = -2; dy <= 2; dy++)
                                s += src[Clamp(y + dy, 0, h - 1)][x] - 0.5 * src[Math.Clamp(y - dy, 0, h - 1)][x];
                            dst[y * w + x] = s;
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

        public static TheoryData<int, int> Images()
        {
            var data = new TheoryData<int, int>();
            foreach (int w in new[] { 0, 1, 7, 16, 33, 64, 130 })
                data.Add(w, 1 + w % 6);
            return data;
        }

        /// <summary>
        /// Rows picked by a filter's taps (lanes over x): full images, a short row, a null row, a longer one, at the last
        /// row and in the middle; the serial loop throws (or not) where it reaches them, and so does the parallel one.
        /// </summary>
        [Theory]
        [MemberData(nameof(Images))]
        public void Rows_picked_by_taps_give_the_serial_bits_and_exceptions(int w, int h)
        {
            var random = new Random(w * 7 + h);
            float[][] src = Rows(random, h, w, r => (float)r.Next(-9, 10));
            double[][] wide = Rows(random, h, w, r => r.NextDouble());
            Differential.Same(s_built.Value, "P", "Taps", src, Rows(random, h, w, _ => 0f), w, h);
            Differential.Same(s_built.Value, "P", "ClampedTaps", wide, new double[w * h], w, h);
            foreach (int at in new[] { h - 1, h / 2 })
            {
                float[][] ragged = src.Select(r => r.ToArray()).ToArray();
                double[][] raggedWide = wide.Select(r => r.ToArray()).ToArray();
                foreach (int change in new[] { -4, 0, 9 })
                {
                    ragged[at] = new float[Math.Max(0, w + change)];
                    raggedWide[at] = new double[Math.Max(0, w + change)];
                    if (change == 0) { ragged[at] = null!; raggedWide[at] = null!; }
                    Differential.Same(s_built.Value, "P", "Taps", ragged, Rows(random, h, w, _ => 0f), w, h);
                    Differential.Same(s_built.Value, "P", "ClampedTaps", raggedWide, new double[w * h], w, h);
                }
            }
        }

        [Fact]
        public void Rows_picked_by_taps_are_read_whole_and_checked_before_the_vector_loop()
        {
            foreach (string kernel in new[] { "Taps", "ClampedTaps" })
            {
                Assert.Contains("an inner loop picks read whole (every row it may pick checked before the vector loop)", InMemory.VectorLine(s_generated.Value(kernel)));
                // The lane groups' loads of one tap read its row once (a ref local), not once a group.
                Assert.Contains("lane groups a step", InMemory.VectorLine(s_generated.Value(kernel)));
                Assert.Contains("// the row every group reads: once a step", s_generated.Value(kernel));
            }
            // (The rows near y, clamped: the clamp of the taps' least and largest row.)
            Assert.Contains("global::KernelGen.KernelRuntime.RowsCover(src, global::System.Math.Min(global::System.Math.Max(", s_generated.Value("ClampedTaps"));
        }

        /// <summary>
        /// Random taps over jagged rows (seeded): tap ranges, row subscripts moving with the taps (plain, reversed, scaled,
        /// clamped by Math, Min alone or '?:'), columns at x or x + 1, on images with a short, a null or a longer row
        /// anywhere; each kernel's parallel run against its serial loop, bits and exceptions.
        /// </summary>
        [Fact]
        public void Random_taps_over_jagged_rows_agree_with_the_serial_loop()
        {
            var random = new Random(20261208);
            var kernels = new System.Text.StringBuilder();
            const int count = 16;
            // Each kernel's topmost row as a function of h: a short row there is reached by one tap of one iteration only
            // (a short row in the middle is also reached by lower taps of later iterations, whose scalar loop throws first).
            var tops = new System.Collections.Generic.List<Func<int, int>>();
            for (int k = 0; k < count; k++)
            {
                int lo = -random.Next(3), hi = random.Next(3);
                int form = random.Next(6);
                string row = form switch
                {
                    0 => "y + dy",
                    1 => "y - dy",
                    2 => "Math.Clamp(y + dy, 0, h - 1)",
                    3 => "Math.Min(y + dy, h - 1)",
                    4 => "y + dy < 0 ? 0 : y + dy >= h ? h - 1 : y + dy",
                    _ => "dy + 2 * y",
                };
                string column = random.Next(2) == 0 ? "x" : "x + 1";
                // (Unclamped rows from 2 to h - 2 keep every tap in the image; x + 1 stays below w.)
                string range = form switch { 2 or 4 => "PRange(h)", 5 => "PRange(2, h / 2 - 1)", 3 => "PRange(2, h)", _ => "PRange(2, h - 2)" };
                tops.Add(form switch
                {
                    0 => h => h - 3 + hi,
                    1 => h => h - 3 - lo,
                    5 => h => 2 * (h / 2 - 2) + hi,
                    _ => h => h - 1,
                });
                kernels.Append("    [ParallelKernel]\n")
                    .Append($"    public static void K{k}(float[][] src, float[] dst, int w, int h)\n    {{\n")
                    .Append($"        foreach (int y in {range})\n")
                    .Append("            for (int x = 0; x < w - 1; x++)\n            {\n                float s = 0;\n")
                    .Append($"                for (int dy = {lo}; dy <= {hi}; dy++)\n")
                    .Append($"                    s += src[{row}][{column}] * (dy + 3);\n")
                    .Append("                dst[y * w + x] = s;\n            }\n    }\n");
            }
            string source = "using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\npublic static partial class R\n{\n" + kernels + "}\n";
            Assembly built = InMemory.Build(source);
            Func<string, string> generated = InMemory.GeneratedFrom(source, "R");
            int picked = Enumerable.Range(0, count).Count(k => InMemory.VectorLine(generated("K" + k)).Contains("an inner loop picks read whole"));
            Assert.True(picked >= count / 2, $"only {picked} of {count} kernels read their picked rows whole");
            foreach ((int w, int h) in new[] { (17, 6), (33, 9), (64, 7) })
                for (int k = 0; k < count; k++)
                {
                    float[][] src = Rows(random, h, w, r => (float)r.Next(-9, 10));
                    Differential.Same(built, "R", "K" + k, src, new float[w * h], w, h);
                    int at = random.Next(2) == 0 ? Math.Clamp(tops[k](h), 0, h - 1) : random.Next(h);
                    src[at] = random.Next(3) switch { 0 => null!, 1 => new float[w - 1 - random.Next(2)], _ => new float[w + 5] };
                    Differential.Same(built, "R", "K" + k, src, new float[w * h], w, h);
                }
        }

        /// <summary>
        /// Without RowsCover, the taps' vector loop reads a short last row past its end where the serial loop throws (a
        /// width of whole vectors: no scalar remainder to throw first).
        /// </summary>
        [Fact]
        public void The_rows_check_keeps_a_short_picked_row_off_the_vector_loop()
        {
            Assembly mutant = InMemory.BuildMutant(Source, "global::KernelGen.KernelRuntime.RowsCover(src,", "true || global::KernelGen.KernelRuntime.RowsCover(src,");
            const int w = 64, h = 5;
            double[][] rows = Enumerable.Range(0, h).Select(_ => Enumerable.Repeat(1.0, w).ToArray()).ToArray();
            rows[h - 1] = new double[w - 4];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "P", "ClampedTaps", rows, new double[w * h], w, h));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "P", "ClampedTapsParallel", rows, new double[w * h], w, h));
            Exception? thrown = Record.Exception(() => InMemory.Call(mutant, "P", "ClampedTapsParallel", rows, new double[w * h], w, h));
            Assert.False(thrown is IndexOutOfRangeException, "the mutant threw as the serial loop does: the check is not what matters");
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
