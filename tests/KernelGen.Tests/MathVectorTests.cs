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
    /// Math and MathF calls with exact vector counterparts (issue 12, math): Floor, Ceiling, Truncate, Round (to even),
    /// CopySign, Min, Max (NaN propagates, -0 below +0) and FusedMultiplyAdd (one rounding) run on lanes and give the
    /// scalar bits, on inputs with NaN, ±0, ±infinity, halves, subnormals and large values. The kernels follow common
    /// code: pixel quantization (Round, Min/Max clamps), sign transfer in audio DSP, Horner steps with FMA.
    /// </summary>
    public class MathVectorTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class M
            {
                [ParallelKernel]
                public static void Rounding(double[] a, double[] floor, double[] ceiling, double[] trunc, double[] round)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        floor[i] = Math.Floor(a[i]);
                        ceiling[i] = Math.Ceiling(a[i]);
                        trunc[i] = Math.Truncate(a[i]);
                        round[i] = Math.Round(a[i]);
                    }
                }

                [ParallelKernel]
                public static void RoundingF(float[] a, float[] floor, float[] ceiling, float[] trunc, float[] round)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        floor[i] = MathF.Floor(a[i]);
                        ceiling[i] = MathF.Ceiling(a[i]);
                        trunc[i] = MathF.Truncate(a[i]);
                        round[i] = MathF.Round(a[i]);
                    }
                }

                // Quantize to 1/8 steps and clamp to [lo, hi] with Min/Max.
                [ParallelKernel]
                public static void Quantize(float[] a, float[] q, float lo, float hi)
                {
                    foreach (int i in PRange(a.Length))
                        q[i] = MathF.Min(MathF.Max(MathF.Round(a[i] * 8f) / 8f, lo), hi);
                }

                [ParallelKernel]
                public static void MinMax(double[] a, double[] b, double[] min, double[] max)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        min[i] = Math.Min(a[i], b[i]);
                        max[i] = Math.Max(a[i], b[i]);
                    }
                }

                [ParallelKernel]
                public static void Signs(double[] magnitude, double[] sign, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = Math.CopySign(magnitude[i], sign[i]);
                }

                // One Horner step per element, fused as written.
                [ParallelKernel]
                public static void Fma(float[] x, float[] c, float[] acc)
                {
                    foreach (int i in PRange(acc.Length))
                        acc[i] = MathF.FusedMultiplyAdd(acc[i], x[i], c[i]);
                }

                [ParallelKernel]
                public static void FmaD(double[] x, double[] c, double[] acc)
                {
                    foreach (int i in PRange(acc.Length))
                        acc[i] = Math.FusedMultiplyAdd(acc[i], x[i], 0.5 * c[i]);
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void Every_kernel_runs_on_vectors()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            string[] reports = diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage()).ToArray();
            Assert.Equal(7, reports.Length);
            foreach (string report in reports) Assert.DoesNotContain("scalar body", report);
        }

        private static readonly double[] Specials =
        {
            double.NaN, -double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5,
            0.49999999999999994, 4503599627370495.5, -4503599627370497.0, double.Epsilon, -double.Epsilon, 1e308, -1e-310, 3.0, -7.25,
        };

        private static double[] Doubles(int n, int seed)
        {
            var r = new Random(seed);
            return Enumerable.Range(0, n).Select(k => k % 3 == 0 ? Specials[r.Next(Specials.Length)] : (r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-3, 6))).ToArray();
        }

        private static float[] Floats(int n, int seed) => Doubles(n, seed).Select(d => (float)d).ToArray();

        // Bits equal, except that any NaN equals any NaN (which NaN comes out of two NaN operands is the hardware's choice).
        private static long Key(double d) => double.IsNaN(d) ? long.MinValue : BitConverter.DoubleToInt64Bits(d);
        private static long Key(float f) => float.IsNaN(f) ? long.MinValue : BitConverter.SingleToInt32Bits(f);

        private static void Same(string kernel, params object[] args)
        {
            object[] serial = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            object[] parallel = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            InMemory.Call(Built.Value, "M", kernel, serial);
            InMemory.Call(Built.Value, "M", kernel + "Parallel", parallel);
            for (int k = 0; k < args.Length; k++)
            {
                if (serial[k] is double[] ds) Assert.Equal(ds.Select(Key), ((double[])parallel[k]).Select(Key));
                else if (serial[k] is float[] fs) Assert.Equal(fs.Select(Key), ((float[])parallel[k]).Select(Key));
            }
        }

        [Theory]
        [InlineData(0), InlineData(1), InlineData(7), InlineData(8), InlineData(9), InlineData(17), InlineData(100), InlineData(1001)]
        public void Math_calls_match_serial(int n)
        {
            Same("Rounding", Doubles(n, n), new double[n], new double[n], new double[n], new double[n]);
            Same("RoundingF", Floats(n, n), new float[n], new float[n], new float[n], new float[n]);
            Same("Quantize", Floats(n, n + 1), new float[n], -2.5f, 3.25f);
            Same("Quantize", Floats(n, n + 1), new float[n], float.NaN, -0f);
            Same("MinMax", Doubles(n, n + 2), Doubles(n, n + 3), new double[n], new double[n]);
            Same("Signs", Doubles(n, n + 4), Doubles(n, n + 5), new double[n]);
            Same("Fma", Floats(n, n + 6), Floats(n, n + 7), Floats(n, n + 8));
            Same("FmaD", Doubles(n, n + 6), Doubles(n, n + 7), Doubles(n, n + 8));
        }
    }
}
