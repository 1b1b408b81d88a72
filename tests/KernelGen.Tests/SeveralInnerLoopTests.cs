using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A PRange body with several inner loops over a row, each running on vectors: the passes of a softmax, a layer norm,
    /// an RMS norm, a row's range. Shapes from nietras/Llm (src/Llm/Llm.cs: SoftmaxForward's max / exp-sum / divide
    /// passes, LayerNormForward's mean / variance / normalize passes; a C# port of llm.c), and the RmsNorm of a C# llama2
    /// port (llama.cs ForwardPass: sum of squares, then scale); written here in our own words, one row per PRange
    /// iteration. Before, the inner-loop plan took one loop per body (the last pass of softmax on vectors, the max scalar),
    /// and a row maximum written <c>m = MathF.Max(m, e)</c> had no vector form at all.
    /// </summary>
    public class SeveralInnerLoopTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class E
            {
                // llm.cs SoftmaxForward: max by the select idiom, exp-sum (exact only in order: scalar), divide.
                [ParallelKernel]
                public static void Softmax(float[] logits, float[] probs, int rows, int v)
                {
                    foreach (int r in PRange(rows))
                    {
                        int o = r * v;
                        float maxval = -10000f;
                        for (int i = 0; i < v; i++)
                        {
                            if (logits[o + i] > maxval)
                                maxval = logits[o + i];
                        }
                        float sum = 0f;
                        for (int i = 0; i < v; i++)
                        {
                            probs[o + i] = MathF.Exp(logits[o + i] - maxval);
                            sum += probs[o + i];
                        }
                        for (int i = 0; i < v; i++)
                            probs[o + i] /= sum;
                    }
                }

                // The max as MathF.Max, on rows of a jagged array.
                [ParallelKernel]
                public static void SoftmaxJagged(float[][] logits, float[][] probs)
                {
                    foreach (int r in PRange(logits.Length))
                    {
                        float[] x = logits[r], y = probs[r];
                        float max = float.NegativeInfinity;
                        for (int j = 0; j < x.Length; j++) max = MathF.Max(max, x[j]);
                        float sum = 0;
                        for (int j = 0; j < x.Length; j++) { y[j] = MathF.Exp(x[j] - max); sum += y[j]; }
                        float inv = 1f / sum;
                        for (int j = 0; j < x.Length; j++) y[j] *= inv;
                    }
                }

                // A row's range and its largest whole part: private min/max accumulators, NaN and signed zeros included.
                [ParallelKernel]
                public static void RowRange(double[,] x, double[] lo, double[] hi, int[] top, float[] spread)
                {
                    foreach (int r in PRange(x.GetLength(0)))
                    {
                        double a = double.PositiveInfinity, b = double.NegativeInfinity;
                        int m = int.MinValue;
                        for (int j = 0; j < x.GetLength(1); j++)
                        {
                            a = Math.Min(x[r, j], a);
                            b = Math.Max(b, x[r, j]);
                            m = Math.Max(m, (int)x[r, j]);
                        }
                        float f = float.PositiveInfinity;
                        for (int j = 0; j < x.GetLength(1); j++) f = MathF.Min(f, (float)(x[r, j] - a));
                        lo[r] = a; hi[r] = b; top[r] = m; spread[r] = f;
                    }
                }

                // llm.cs LayerNormForward with FastMath: the mean and variance sums reassociated, so all three passes on vectors.
                [ParallelKernel(FastMath = true)]
                public static void LayerNorm(float[] outp, float[] mean, float[] rstd, float[] inp, float[] weight, float[] bias, int rows, int c)
                {
                    foreach (int r in PRange(rows))
                    {
                        int o = r * c;
                        float m = 0f;
                        for (int i = 0; i < c; i++) m += inp[o + i];
                        m /= c;
                        float v = 0f;
                        for (int i = 0; i < c; i++)
                        {
                            float xshift = inp[o + i] - m;
                            v += xshift * xshift;
                        }
                        v /= c;
                        float s = 1f / MathF.Sqrt(v + 1e-5f);
                        for (int i = 0; i < c; i++)
                        {
                            float n = s * (inp[o + i] - m);
                            outp[o + i] = n * weight[i] + bias[i];
                        }
                        mean[r] = m;
                        rstd[r] = s;
                    }
                }

                // llama.cs RmsNorm per token, the scale pass under an if (a loop that is not a statement of a block).
                [ParallelKernel]
                public static void RmsNorm(float[] o, float[] x, float[] weight, int tokens, int size, bool scale)
                {
                    foreach (int t in PRange(tokens))
                    {
                        int at = t * size;
                        float peak = 0f;
                        for (int j = 0; j < size; j++) peak = MathF.Max(peak, MathF.Abs(x[at + j]));
                        float ss = 0f;
                        for (int j = 0; j < size; j++) ss += x[at + j] * x[at + j];
                        float k = 1f / MathF.Sqrt(ss / size + 1e-5f);
                        if (scale)
                            for (int j = 0; j < size; j++) o[at + j] = weight[j] * (k * x[at + j]);
                        else
                            for (int j = 0; j < size; j++) o[at + j] = x[at + j] / (peak == 0f ? 1f : peak);
                    }
                }
            }

            public static partial class Hoisted
            {
                // Passes over a grid row inside a loop of passes: the first loop's guard is checked once before the passes,
                // the second checks its own each time.
                [ParallelKernel]
                public static void Passes(double[,] g, double[] s, int passes)
                {
                    foreach (int i in PRange(g.GetLength(0)))
                        for (int r = 0; r < passes; r++)
                        {
                            for (int j = 0; j < g.GetLength(1); j++) g[i, j] += r;
                            double t = double.NegativeInfinity;
                            for (int j = 0; j < g.GetLength(1); j++) t = Math.Max(t, g[i, j]);
                            s[i] += t;
                        }
                }
            }

            public static partial class Causal
            {
                // llama2.c's attention over the positions so far: loops to an inclusive bound ('t <= pos'), one head per iteration.
                [ParallelKernel]
                public static void Scores(float[] att, float[] scores, int seq, int heads, int pos)
                {
                    foreach (int h in PRange(heads))
                    {
                        int o = h * seq;
                        float max = float.NegativeInfinity;
                        for (int t = 0; t <= pos; t++) max = MathF.Max(max, scores[o + t]);
                        for (int t = 0; t <= pos; t++) att[o + t] = scores[o + t] - max;
                    }
                }
            }

            // An instance kernel: the loops read fields (the spliced text reaches them through the chunk's copy of 'this').
            public partial class Normalizer
            {
                private readonly float _floor;
                private readonly float[] _gain;

                public Normalizer(float floor, float[] gain) { _floor = floor; _gain = gain; }

                [ParallelKernel]
                public void Run(float[] data, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                    {
                        int o = r * cols;
                        float hi = _floor;
                        for (int j = 0; j < cols; j++) hi = Math.Max(hi, data[o + j]);
                        for (int j = 0; j < cols; j++) data[o + j] = data[o + j] / hi * _gain[j];
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "E"));

        /// <summary>How many vector loops the report lists (the plan, then "; also" one per other loop).</summary>
        private static int VectorLoops(string report) => InMemory.VectorLine(report).Split("inner loop 'for").Length - 1;

        [Theory]
        [InlineData("Softmax", 2)] // max and divide; the exp-sum stays in order
        [InlineData("SoftmaxJagged", 2)]
        [InlineData("RowRange", 2)]
        [InlineData("LayerNorm", 3)]
        [InlineData("RmsNorm", 3)] // the peak and both branches' scale loops; the float sum stays in order
        public void Each_pass_gets_its_vector_loop(string kernel, int loops)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.Equal(loops, VectorLoops(generated));
            // Each vector loop sits in front of its own loop, in braces of its own where it shares a block.
            Assert.Equal(loops, generated.Split("// KernelGen vector loop:").Length - 1);
            Assert.Equal(loops, generated.Split("// Scalar remainder:").Length - 1);
        }

        [Fact]
        public void A_row_maximum_by_MathMax_is_an_exact_accumulator()
        {
            string line = InMemory.VectorLine(InMemory.Section(s_generated.Value("RowRange")));
            Assert.Contains("vector accumulators for a (min), b (max), m (max)", line);
            Assert.Contains("vector accumulators for f (min)", line);
            Assert.DoesNotContain("FastMath", line); // exact in any order: no reassociation to own up to
        }

        [Theory]
        [InlineData(0, 5, 2)]
        [InlineData(11, 37, 3)]
        [InlineData(5, 3, 0)]
        public void A_hoisted_guard_and_a_loop_of_its_own_agree_with_the_serial_loop(int rows, int cols, int passes)
        {
            string generated = InMemory.Section(InMemory.GeneratedFrom(Source, "Hoisted")("Passes"));
            Assert.Equal(2, VectorLoops(generated));
            Assert.Contains("checked once before 'for (int r = 0; r < passes; r++)'", generated);
            Assert.Equal(2, generated.Split("// KernelGen vector loop:").Length - 1);
            var random = new Random(rows + cols);
            var g = new double[rows, cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    g[r, c] = random.NextDouble() * 10 - 5;
            Differential.Same(s_built.Value, "Hoisted", "Passes", g, new double[rows], passes);
            // s one short: the last row's sum throws after its passes ran, in both.
            if (rows > 0) Differential.Same(s_built.Value, "Hoisted", "Passes", g, new double[rows - 1], passes);
        }

        [Fact]
        public void Loops_to_an_inclusive_bound_run_on_vectors() =>
            Assert.Equal(2, VectorLoops(InMemory.GeneratedFrom(Source, "Causal")("Scores")));

        [Theory]
        [InlineData(64, 40)]
        [InlineData(64, 63)]
        [InlineData(64, 46)] // 47 elements: one short of whole vectors of 16 and of 8, where a bound one too far would show
        [InlineData(64, 14)]
        [InlineData(64, -1)]
        [InlineData(64, 0)]
        [InlineData(7, 6)]
        [InlineData(33, 33)] // one past the rows: heads overlap (the launch's check keeps them in order), the last one throws
        [InlineData(33, int.MinValue)]
        public void Inclusive_bounds_are_the_serial_loops(int seq, int pos)
        {
            var random = new Random(seq);
            float[] scores = Enumerable.Range(0, seq * 6).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
            Differential.Same(s_built.Value, "Causal", "Scores", new float[scores.Length], scores, seq, 6, pos);
        }

        [Fact]
        public void The_instance_kernel_gets_both_loops() =>
            Assert.Equal(2, VectorLoops(InMemory.GeneratedFrom(Source, "Normalizer")("Run")));

        [Theory]
        [InlineData(0, 5)]
        [InlineData(3, 1)]
        [InlineData(7, 17)]
        [InlineData(40, 131)]
        [InlineData(9, 1000)]
        public void Results_are_the_serial_loops(int rows, int cols)
        {
            var random = new Random(rows * 31 + cols);
            float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
            float[] logits = Floats(rows * cols);
            Differential.Same(s_built.Value, "E", "Softmax", logits, new float[rows * cols], rows, cols);
            float[][] jagged = Enumerable.Range(0, rows).Select(_ => Floats(cols)).ToArray();
            Differential.Same(s_built.Value, "E", "SoftmaxJagged", jagged, jagged.Select(row => new float[row.Length]).ToArray());
            // Ties, signed zeros, infinities, and NaNs in every third row (one NaN makes a row's min and max NaN): min
            // and max are exact only if the lanes keep IEEE's rules.
            var grid = new double[rows, cols];
            float[] ties = Differential.TieFloats(random, rows * cols);
            for (int k = 0; k < ties.Length; k++)
                grid[k / cols, k % cols] = float.IsNaN(ties[k]) && k / cols % 3 != 0 ? random.Next(-9, 9) * 1e8 : k % 7 == 0 ? ties[k] : ties[k] * 1e9;
            Differential.Same(s_built.Value, "E", "RowRange", grid, new double[rows], new double[rows], new int[rows], new float[rows]);
            float[] weight = Floats(cols);
            foreach (bool scale in new[] { true, false })
                Differential.Same(s_built.Value, "E", "RmsNorm", new float[rows * cols], logits, weight, rows, cols, scale);
            float[] zeros = new float[rows * cols];
            Differential.Same(s_built.Value, "E", "RmsNorm", new float[rows * cols], zeros, weight, rows, cols, false);
        }

        [Fact]
        public void A_pass_past_the_row_throws_as_the_serial_loop_does()
        {
            // The last row's passes run past the array: each vector loop's guard fails there, and the scalar loop throws.
            var random = new Random(5);
            float[] logits = Enumerable.Range(0, 10 * 64 - 3).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "E", "Softmax", logits, new float[10 * 64], 10, 64);
            Assert.True(Differential.Throws(s_built.Value, "E", "Softmax", new object[] { logits, new float[10 * 64], 10, 64 }));
        }

        [Theory]
        [InlineData(13, 77)]
        [InlineData(4, 1024)]
        public void FastMath_layer_norm_is_the_serial_one_within_float_rounding(int rows, int c)
        {
            var random = new Random(rows + c);
            float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            float[] inp = Floats(rows * c), weight = Floats(c), bias = Floats(c);
            object[] Args() => new object[] { new float[rows * c], new float[rows], new float[rows], inp, weight, bias, rows, c };
            object[] serial = Args(), parallel = Args();
            InMemory.Call(s_built.Value, "E", "LayerNorm", serial);
            InMemory.Call(s_built.Value, "E", "LayerNormParallel", parallel);
            for (int k = 0; k < 3; k++)
            {
                float[] s = (float[])serial[k], p = (float[])parallel[k];
                for (int e = 0; e < s.Length; e++)
                    Assert.True(Math.Abs(s[e] - p[e]) <= 1e-4 * (1 + Math.Abs(s[e])), $"argument {k} element {e}: {s[e]:R} vs {p[e]:R}");
            }
        }

        [Fact]
        public void The_instance_kernel_agrees_with_its_serial_loop()
        {
            var random = new Random(3);
            float[] gain = Enumerable.Range(0, 45).Select(_ => (float)random.NextDouble()).ToArray();
            float[] data = Enumerable.Range(0, 23 * 45).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
            Type type = s_built.Value.GetType("Normalizer")!;
            object normalizer = Activator.CreateInstance(type, 0.5f, gain)!;
            float[] serial = (float[])data.Clone(), parallel = (float[])data.Clone();
            type.GetMethod("Run")!.Invoke(normalizer, new object[] { serial, 23, 45 });
            type.GetMethod("RunParallel")!.Invoke(normalizer, new object[] { parallel, 23, 45 });
            Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
