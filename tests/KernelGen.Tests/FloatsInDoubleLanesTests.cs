using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Loops that compute with floats and doubles together run in double lanes: float elements widened, each float
    /// operation rounded to float after it (as C# computes it), float stores narrowed; the results are the serial loop's
    /// bits, special values and overflow to infinity included.
    /// </summary>
    public class FloatsInDoubleLanesTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class M
            {
                // A depth frame to meters (brenocq/KinectMeshGeneration's rawDepthToMeters, in C#): double arithmetic,
                // a float result, an if/else.
                [ParallelKernel]
                public static void DepthToMeters(ushort[] raw, float[] meters)
                {
                    foreach (int i in PRange(raw.Length))
                    {
                        int depth = raw[i];
                        if (depth < 2047)
                            meters[i] = (float)(1.0 / (depth * -0.0030711016 + 3.3309495161));
                        else
                            meters[i] = 0.0f;
                    }
                }

                // Float samples scaled by double gains, with float arithmetic between (audio code's shape).
                [ParallelKernel]
                public static void Mixed(float[] s, double[] d, float[] o, double[] e)
                {
                    foreach (int i in PRange(s.Length))
                    {
                        float half = s[i] * 0.5f + 0.25f;
                        float g = (float)(d[i] * 1.7) / (half + 3f);
                        float root = MathF.Sqrt(Math.Abs(g));
                        o[i] = g * half - root;
                        e[i] = half * d[i] + Math.Max(g, root);
                    }
                }

                // A lone if: the float store in a branch (the other lanes keep their elements).
                [ParallelKernel]
                public static void Clip(double[] d, float[] o, int k)
                {
                    foreach (int i in PRange(d.Length))
                    {
                        if (d[i] > 0.5)
                            o[i] = (float)(d[i] * k) - 1f;
                    }
                }

                // Compound updates of float locals (t *= …, t += …, t++): each rounded to float like the operator.
                // Found by the random-kernel run (seed 805, kernel 323): 't1 *= MathF.Sqrt(…)' was left unrounded.
                [ParallelKernel]
                public static void Compound(float[] s, double[] d, float[] o)
                {
                    foreach (int i in PRange(s.Length))
                    {
                        float t = s[i] * 1.3f;
                        t *= MathF.Sqrt(Math.Abs(s[i]) + 0.7f);
                        t += (float)d[i];
                        t -= s[i] * 0.1f;
                        t /= 1.9f + Math.Abs(s[i]);
                        t++;
                        o[i] = t * 0.75f;
                    }
                }

                // Gathered floats in double lanes (linear resampling, UCRBrainGameCenter/BGC_Tools' Resample shape): each
                // lane reads input[i0] as a float and its double lane holds it exactly; MathF.Sin of a float held in a
                // double lane runs lane by lane on that float.
                [ParallelKernel]
                public static void Resample(float[] input, float[] output, double step)
                {
                    foreach (int j in PRange(output.Length))
                    {
                        double pos = j * step;
                        int i0 = (int)pos;
                        float near = input[i0];
                        output[j] = (float)((i0 + 1 - pos) * near + (pos - i0) * input[i0 + 1]) + MathF.Sin(near * 0.5f);
                    }
                }

                // A fused multiply-add of floats would round twice in double lanes: no vector body.
                [ParallelKernel]
                public static void Fused(float[] s, double[] d, float[] o)
                {
                    foreach (int i in PRange(s.Length))
                        o[i] = MathF.FusedMultiplyAdd(s[i], s[i], (float)d[i]);
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void The_report_says_floats_run_in_double_lanes()
        {
            Func<string, string> all = InMemory.GeneratedFrom(Source, "M");
            foreach (string kernel in new[] { "DepthToMeters", "Mixed", "Clip", "Compound", "Resample" })
                Assert.Contains("floats in double lanes (each float operation rounded to float", InMemory.Section(all(kernel)));
            Assert.Contains("StoreSingles(", InMemory.Section(all("Mixed")));
            Assert.Contains("scalar body (MathF.FusedMultiplyAdd on floats in double lanes)", InMemory.Section(all("Fused")));
            Assert.Contains("lane by lane: MathF.Sin, gathered elements", InMemory.Section(all("Resample")));
        }

        [Fact]
        public void Gathered_floats_past_the_end_throw_as_the_serial_loop_does()
        {
            // The last output reads input[i0 + 1] one past the end: both loops throw IndexOutOfRangeException.
            float[] input = Enumerable.Range(0, 1000).Select(i => i * 0.25f).ToArray();
            int n = (int)(999 / 0.75) + 2;
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "M", "Resample", input, new float[n], 0.75));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "M", "ResampleParallel", input, new float[n], 0.75));
        }

        private static readonly double[] Specials =
        {
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e300, -1e300, 3.5e38, 1e-45, 1e-310,
            float.MaxValue, float.Epsilon, 16777217.0, 0.1,
        };

        // Bitwise, except that any two NaNs are equal (README, "Vector bodies"): which NaN an operation on two NaNs gives
        // follows the operand order, which the JIT may swap in one tier of a method and not another. Seen here: serial
        // 0xFFC00000, parallel 0x7FC00000 at compound[7] of the 10,007-element case, at the same generated code.
        private static void SameBits(float[] expected, float[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]) || float.IsNaN(expected[i]) && float.IsNaN(actual[i]),
                    $"{what}[{i}]: serial {expected[i]:R}, parallel {actual[i]:R}");
        }

        private static void SameBits(double[] expected, double[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]) || double.IsNaN(expected[i]) && double.IsNaN(actual[i]),
                    $"{what}[{i}]: serial {expected[i]:R}, parallel {actual[i]:R}");
        }

        [Theory]
        [InlineData(1, 0), InlineData(2, 3), InlineData(3, 9), InlineData(4, 37), InlineData(5, 10_007)]
        public void Mixed_float_and_double_loops_give_the_serial_bits(int seed, int n)
        {
            var random = new Random(seed);
            double Any() => random.Next(12) == 0 ? Specials[random.Next(Specials.Length)] : (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 4));
            ushort[] raw = Enumerable.Range(0, n).Select(_ => (ushort)random.Next(0, 2300)).ToArray();
            float[] s = Enumerable.Range(0, n).Select(_ => (float)Any()).ToArray();
            double[] d = Enumerable.Range(0, n).Select(_ => Any()).ToArray();

            float[] m1 = new float[n], m2 = new float[n];
            InMemory.Call(Built.Value, "M", "DepthToMeters", raw, m1);
            InMemory.Call(Built.Value, "M", "DepthToMetersParallel", raw, m2);
            SameBits(m1, m2, "meters");

            float[] o1 = new float[n], o2 = new float[n];
            double[] e1 = new double[n], e2 = new double[n];
            InMemory.Call(Built.Value, "M", "Mixed", s, d, o1, e1);
            InMemory.Call(Built.Value, "M", "MixedParallel", s, d, o2, e2);
            SameBits(o1, o2, "o");
            SameBits(e1, e2, "e");

            float[] c1 = Enumerable.Range(0, n).Select(i => (float)i).ToArray(), c2 = (float[])c1.Clone();
            InMemory.Call(Built.Value, "M", "Clip", d, c1, 3);
            InMemory.Call(Built.Value, "M", "ClipParallel", d, c2, 3);
            SameBits(c1, c2, "clip");

            float[] k1 = new float[n], k2 = new float[n];
            InMemory.Call(Built.Value, "M", "Compound", s, d, k1);
            InMemory.Call(Built.Value, "M", "CompoundParallel", s, d, k2);
            SameBits(k1, k2, "compound");

            // Steps below and above 1 (upsampling, downsampling), the input long enough for the last output.
            foreach (double step in new[] { 44100.0 / 48000.0, 1.37, 0.001 })
            {
                int outputs = (int)((n - 2) / step);
                if (outputs <= 0) continue;
                float[] r1 = new float[outputs], r2 = new float[outputs];
                InMemory.Call(Built.Value, "M", "Resample", s, r1, step);
                InMemory.Call(Built.Value, "M", "ResampleParallel", s, r2, step);
                SameBits(r1, r2, $"resample {step}");
            }

            float[] f1 = new float[n], f2 = new float[n];
            InMemory.Call(Built.Value, "M", "Fused", s, d, f1);
            InMemory.Call(Built.Value, "M", "FusedParallel", s, d, f2);
            SameBits(f1, f2, "fused");
        }
    }
}
