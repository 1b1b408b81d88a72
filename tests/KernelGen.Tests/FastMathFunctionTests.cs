using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// FastMath's vector Exp, Log, Sin, Cos, Tan, Asin (docs/fastmath.md): within 2 ULP of Math's result for double (Tan 4) and 1 ULP of
    /// MathF's for float, the same special values (NaN, ±Inf, ±0), on every width; kernels with FastMath call them on
    /// vector lanes, kernels without it keep the scalar call per lane and stay bitwise.
    /// </summary>
    public class FastMathFunctionTests
    {
        private const int DoubleUlps = 2, FloatUlps = 1;
        /// <summary>Tan is a quotient of the Sin and Cos kernels: one more rounding (docs/fastmath.md).</summary>
        private static int DoubleBound(string fn) => fn == "Tan" ? 4 : DoubleUlps;

        internal static long Ulps(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
            if (a == b) return BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) ? 0 : long.MaxValue; // ±0
            long x = BitConverter.DoubleToInt64Bits(a), y = BitConverter.DoubleToInt64Bits(b);
            if (x < 0) x = long.MinValue - x;
            if (y < 0) y = long.MinValue - y;
            return Math.Abs(x - y);
        }

        internal static long Ulps(float a, float b)
        {
            if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
            if (a == b) return BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) ? 0 : long.MaxValue;
            long x = BitConverter.SingleToInt32Bits(a), y = BitConverter.SingleToInt32Bits(b);
            if (x < 0) x = int.MinValue - x;
            if (y < 0) y = int.MinValue - y;
            return Math.Abs(x - y);
        }

        private static readonly double[] Specials =
        {
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, -double.Epsilon,
            double.MaxValue, double.MinValue, 2.2250738585072014e-308, 1e-310, 709.782712893384, 709.7827128933841,
            -708.3964185322641, -745.1332191019411, -745.1332191019412, 710, -746, 1, -1, Math.PI, Math.PI / 2, -Math.PI / 4,
            1048576, 1048577, -1048577, 1e22, 7.450580596923828e-09, 1e-9, Math.Sqrt(2), Math.Sqrt(0.5),
        };

        /// <summary>Inputs of one function: random over its useful range, values near multiples of π/2 for Sin and Cos, the special values.</summary>
        private static double[] Inputs(string fn, int seed)
        {
            var random = new Random(seed);
            var values = new System.Collections.Generic.List<double>(Specials);
            for (int k = 0; k < 40_000; k++)
            {
                values.Add(fn switch
                {
                    "Exp" => random.NextDouble() * 1456 - 746,
                    "Log" => Math.Pow(2, random.NextDouble() * 2098 - 1074) * (1 + random.NextDouble()),
                    // Asin: the whole domain, each branch's edges (0.5, 0.975, 1), tiny and just-outside arguments.
                    "Asin" => (k % 6) switch
                    {
                        0 => random.NextDouble() * 2 - 1,
                        1 => (random.Next(2) * 2 - 1) * (1 - Math.Pow(2, -random.NextDouble() * 52)),
                        2 => (random.Next(2) * 2 - 1) * (0.5 + (random.NextDouble() - 0.5) * 1e-3),
                        3 => (random.Next(2) * 2 - 1) * (0.975 + (random.NextDouble() - 0.5) * 1e-3),
                        4 => (random.Next(2) * 2 - 1) * Math.Pow(2, -random.NextDouble() * 1074),
                        _ => (random.Next(2) * 2 - 1) * (1 + random.NextDouble() * 1e-10),
                    },
                    _ => k % 4 == 0 ? random.Next(-660_000, 660_000) * (Math.PI / 2) // near the points where r cancels
                        : k % 4 == 1 ? random.NextDouble() * 20 - 10 : random.NextDouble() * 2.2e6 - 1.1e6,
                });
                if (fn == "Exp" && k % 8 == 0) values.Add(random.NextDouble() * 2 - 1);
                if (fn == "Log" && k % 8 == 0) values.Add(0.5 + random.NextDouble() * 1.5);   // near 1: log's relative error
            }
            while (values.Count % 16 != 0) values.Add(1.0);
            return values.ToArray();
        }

        private static double Scalar(string fn, double x) => fn switch { "Exp" => Math.Exp(x), "Log" => Math.Log(x), "Sin" => Math.Sin(x), "Tan" => Math.Tan(x), "Asin" => Math.Asin(x), _ => Math.Cos(x) };
        private static float Scalar(string fn, float x) => fn switch { "Exp" => MathF.Exp(x), "Log" => MathF.Log(x), "Sin" => MathF.Sin(x), "Tan" => MathF.Tan(x), "Asin" => MathF.Asin(x), _ => MathF.Cos(x) };

        private static Vector128<double> V(string fn, Vector128<double> x) => fn switch { "Exp" => KernelRuntime.FastExp(x), "Log" => KernelRuntime.FastLog(x), "Sin" => KernelRuntime.FastSin(x), "Tan" => KernelRuntime.FastTan(x), "Asin" => KernelRuntime.FastAsin(x), _ => KernelRuntime.FastCos(x) };
        private static Vector256<double> V(string fn, Vector256<double> x) => fn switch { "Exp" => KernelRuntime.FastExp(x), "Log" => KernelRuntime.FastLog(x), "Sin" => KernelRuntime.FastSin(x), "Tan" => KernelRuntime.FastTan(x), "Asin" => KernelRuntime.FastAsin(x), _ => KernelRuntime.FastCos(x) };
        private static Vector512<double> V(string fn, Vector512<double> x) => fn switch { "Exp" => KernelRuntime.FastExp(x), "Log" => KernelRuntime.FastLog(x), "Sin" => KernelRuntime.FastSin(x), "Tan" => KernelRuntime.FastTan(x), "Asin" => KernelRuntime.FastAsin(x), _ => KernelRuntime.FastCos(x) };
        private static Vector128<float> V(string fn, Vector128<float> x) => fn switch { "Exp" => KernelRuntime.FastExp(x), "Log" => KernelRuntime.FastLog(x), "Sin" => KernelRuntime.FastSin(x), "Tan" => KernelRuntime.FastTan(x), "Asin" => KernelRuntime.FastAsin(x), _ => KernelRuntime.FastCos(x) };
        private static Vector256<float> V(string fn, Vector256<float> x) => fn switch { "Exp" => KernelRuntime.FastExp(x), "Log" => KernelRuntime.FastLog(x), "Sin" => KernelRuntime.FastSin(x), "Tan" => KernelRuntime.FastTan(x), "Asin" => KernelRuntime.FastAsin(x), _ => KernelRuntime.FastCos(x) };
        private static Vector512<float> V(string fn, Vector512<float> x) => fn switch { "Exp" => KernelRuntime.FastExp(x), "Log" => KernelRuntime.FastLog(x), "Sin" => KernelRuntime.FastSin(x), "Tan" => KernelRuntime.FastTan(x), "Asin" => KernelRuntime.FastAsin(x), _ => KernelRuntime.FastCos(x) };

        [Theory]
        [InlineData("Exp"), InlineData("Log"), InlineData("Sin"), InlineData("Cos"), InlineData("Tan"), InlineData("Asin")]
        public void Vector_functions_stay_within_the_contract_on_every_width(string fn)
        {
            // (A seed fixed per function: string.GetHashCode differs from run to run, and one seed in many gave Exp's
            // float lanes no input off by an ULP, failing the check below by chance.)
            double[] xs = Inputs(fn, fn.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF);
            float[] fs = xs.Select(x => (float)x).ToArray();
            double[] r128 = new double[xs.Length], r256 = new double[xs.Length], r512 = new double[xs.Length];
            float[] f128 = new float[fs.Length], f256 = new float[fs.Length], f512 = new float[fs.Length];
            for (int i = 0; i < xs.Length; i += 16)
            {
                for (int j = 0; j < 16; j += 2) V(fn, Vector128.Create(xs.AsSpan(i + j, 2))).CopyTo(r128.AsSpan(i + j));
                for (int j = 0; j < 16; j += 4) V(fn, Vector256.Create(xs.AsSpan(i + j, 4))).CopyTo(r256.AsSpan(i + j));
                for (int j = 0; j < 16; j += 8) V(fn, Vector512.Create(xs.AsSpan(i + j, 8))).CopyTo(r512.AsSpan(i + j));
                for (int j = 0; j < 16; j += 4) V(fn, Vector128.Create(fs.AsSpan(i + j, 4))).CopyTo(f128.AsSpan(i + j));
                V(fn, Vector256.Create(fs.AsSpan(i, 8))).CopyTo(f256.AsSpan(i));
                V(fn, Vector256.Create(fs.AsSpan(i + 8, 8))).CopyTo(f256.AsSpan(i + 8));
                V(fn, Vector512.Create(fs.AsSpan(i, 16))).CopyTo(f512.AsSpan(i));
            }
            long worstDouble = 0, worstFloat = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double expected = Scalar(fn, xs[i]);
                foreach (double got in new[] { r128[i], r256[i], r512[i] })
                {
                    long u = Ulps(expected, got);
                    Assert.True(u <= DoubleBound(fn), $"{fn}({xs[i]:R}): Math {expected:R}, vector {got:R}, {u} ULP");
                    worstDouble = Math.Max(worstDouble, u);
                }
                float expectedF = Scalar(fn, fs[i]);
                foreach (float got in new[] { f128[i], f256[i], f512[i] })
                {
                    long u = Ulps(expectedF, got);
                    Assert.True(u <= FloatUlps, $"{fn}({fs[i]:R}f): MathF {expectedF:R}, vector {got:R}, {u} ULP");
                    worstFloat = Math.Max(worstFloat, u);
                }
            }
            // The bound is not met by accident of the data: the random inputs reach the rounding boundaries.
            Assert.True(worstDouble >= 1 && worstFloat >= 1, $"{fn}: worst {worstDouble}/{worstFloat} ULP: the inputs never differ from Math");
        }

        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class M
            {
                [ParallelKernel(FastMath = true)]
                public static void All(double[] x, double[] e, double[] l, double[] s, double[] c)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        e[i] = Math.Exp(x[i]);
                        l[i] = Math.Log(x[i]);
                        s[i] = Math.Sin(x[i]);
                        c[i] = Math.Cos(x[i]);
                    }
                }

                [ParallelKernel(FastMath = true)]
                public static void AllF(float[] x, float[] e, float[] l, float[] s, float[] c)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        e[i] = MathF.Exp(x[i]);
                        l[i] = MathF.Log(x[i]);
                        s[i] = MathF.Sin(x[i]);
                        c[i] = MathF.Cos(x[i]);
                    }
                }

                [ParallelKernel]
                public static void AllExact(double[] x, double[] e, double[] l, double[] s, double[] c)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        e[i] = Math.Exp(x[i]);
                        l[i] = Math.Log(x[i]);
                        s[i] = Math.Sin(x[i]);
                        c[i] = Math.Cos(x[i]);
                    }
                }

                // sin² + cos², the issue's FastMath benchmark row, and a Gaussian weight under a condition.
                [ParallelKernel(FastMath = true)]
                public static void Pythagoras(double[] x, double[] y)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double s = Math.Sin(x[i]), c = Math.Cos(x[i]);
                        y[i] = s * s + c * c;
                    }
                }

                // The haversine distance's last step (RosettaCode's haversine formula): 2 R asin(√a).
                [ParallelKernel(FastMath = true)]
                public static void ArcSine(double[] x, double[] y)
                {
                    foreach (int i in PRange(x.Length))
                        y[i] = 2 * 6371.0 * Math.Asin(Math.Sqrt(x[i]));
                }

                [ParallelKernel(FastMath = true)]
                public static void ArcSineF(float[] x, float[] y)
                {
                    foreach (int i in PRange(x.Length))
                        y[i] = MathF.Asin(x[i]);
                }

                [ParallelKernel(FastMath = true)]
                public static void Tangent(double[] x, double[] y)
                {
                    foreach (int i in PRange(x.Length))
                        y[i] = Math.Tan(x[i]);
                }

                [ParallelKernel(FastMath = true)]
                public static void Gauss(float[] x, float[] w, float sigma)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        float d = x[i] / sigma;
                        w[i] = d > 3 ? 0 : MathF.Exp(-0.5f * d * d);
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static string Report(ImmutableArray<Diagnostic> diagnostics, string kernel) =>
            diagnostics.Single(d => d.Id == "KG3001" && d.Location.GetLineSpan().StartLinePosition.Line > 0
                && d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line - 2].ToString().Contains($" {kernel}(")).GetMessage();

        [Fact]
        public void FastMath_kernels_call_the_vector_functions_and_others_the_scalar_ones()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.Contains("FastMath vector Cos/Exp/Log/Sin", Report(diagnostics, "All"));
            Assert.Contains("FastMath vector Cos/Exp/Log/Sin", Report(diagnostics, "AllF"));
            Assert.Contains("FastMath vector Cos/Sin", Report(diagnostics, "Pythagoras"));
            Assert.Contains("FastMath vector Exp", Report(diagnostics, "Gauss"));
            Assert.Contains("FastMath vector Tan", Report(diagnostics, "Tangent"));
            Assert.Contains("FastMath vector Asin", Report(diagnostics, "ArcSine"));
            Assert.Contains("FastMath vector Asin", Report(diagnostics, "ArcSineF"));
            string exact = Report(diagnostics, "AllExact");
            Assert.DoesNotContain("FastMath", exact);
            Assert.Contains("lane by lane", exact);
        }

        [Theory]
        [InlineData(0), InlineData(1), InlineData(7), InlineData(8), InlineData(9), InlineData(33), InlineData(10_007)]
        public void FastMath_kernels_equal_serial_within_the_contract(int n)
        {
            var random = new Random(n + 5);
            double[] x = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? random.NextDouble() * 1400 - 700 : random.NextDouble() * 20 - 5).ToArray();
            if (n > 8) { x[3] = double.NaN; x[4] = -0.0; x[5] = double.PositiveInfinity; x[6] = -1; }
            double[][] serial = Enumerable.Range(0, 4).Select(_ => new double[n]).ToArray(), fast = Enumerable.Range(0, 4).Select(_ => new double[n]).ToArray();
            double[][] exact = Enumerable.Range(0, 4).Select(_ => new double[n]).ToArray();
            InMemory.Call(Built.Value, "M", "All", x, serial[0], serial[1], serial[2], serial[3]);
            InMemory.Call(Built.Value, "M", "AllParallel", x, fast[0], fast[1], fast[2], fast[3]);
            InMemory.Call(Built.Value, "M", "AllExactParallel", x, exact[0], exact[1], exact[2], exact[3]);
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal(serial[k].Select(BitConverter.DoubleToInt64Bits), exact[k].Select(BitConverter.DoubleToInt64Bits)); // without FastMath: bitwise
                for (int i = 0; i < n; i++)
                    Assert.True(Ulps(serial[k][i], fast[k][i]) <= DoubleUlps, $"output {k}, x[{i}] = {x[i]:R}: serial {serial[k][i]:R}, FastMath {fast[k][i]:R}");
            }

            float[] xf = x.Select(v => (float)(v / 8)).ToArray();
            float[][] sf = Enumerable.Range(0, 4).Select(_ => new float[n]).ToArray(), ff = Enumerable.Range(0, 4).Select(_ => new float[n]).ToArray();
            InMemory.Call(Built.Value, "M", "AllF", xf, sf[0], sf[1], sf[2], sf[3]);
            InMemory.Call(Built.Value, "M", "AllFParallel", xf, ff[0], ff[1], ff[2], ff[3]);
            for (int k = 0; k < 4; k++)
                for (int i = 0; i < n; i++)
                    Assert.True(Ulps(sf[k][i], ff[k][i]) <= FloatUlps, $"float output {k}, x[{i}] = {xf[i]:R}: serial {sf[k][i]:R}, FastMath {ff[k][i]:R}");

            // Composed: sin² + cos² from two functions within 2 ULP each is within a few ULP of 1's neighbourhood.
            double[] p1 = new double[n], p2 = new double[n];
            InMemory.Call(Built.Value, "M", "Pythagoras", x, p1);
            InMemory.Call(Built.Value, "M", "PythagorasParallel", x, p2);
            for (int i = 0; i < n; i++)
                Assert.True(double.IsNaN(p1[i]) ? double.IsNaN(p2[i]) : Math.Abs(p1[i] - p2[i]) <= 8 * Math.Pow(2, -52), $"x[{i}] = {x[i]:R}: serial {p1[i]:R}, FastMath {p2[i]:R}");

            double[] t1 = new double[n], t2 = new double[n];
            InMemory.Call(Built.Value, "M", "Tangent", x, t1);
            InMemory.Call(Built.Value, "M", "TangentParallel", x, t2);
            for (int i = 0; i < n; i++)
                Assert.True(Ulps(t1[i], t2[i]) <= DoubleBound("Tan"), $"x[{i}] = {x[i]:R}: serial {t1[i]:R}, FastMath {t2[i]:R}");

            // Asin of [-1.25, 1.25] (NaN outside [-1, 1]) and of √ of [0, 1.1], double and float lanes.
            double[] ax = x.Select(v => double.IsFinite(v) ? Math.IEEERemainder(v, 2.5) : v).ToArray();
            float[] axf = ax.Select(v => (float)v).ToArray();
            double[] a1 = new double[n], a2 = new double[n];
            float[] af1 = new float[n], af2 = new float[n];
            double[] root = ax.Select(v => Math.Abs(v) * 0.44).ToArray();
            InMemory.Call(Built.Value, "M", "ArcSine", root, a1);
            InMemory.Call(Built.Value, "M", "ArcSineParallel", root, a2);
            InMemory.Call(Built.Value, "M", "ArcSineF", axf, af1);
            InMemory.Call(Built.Value, "M", "ArcSineFParallel", axf, af2);
            for (int i = 0; i < n; i++)
            {
                // 2 R asin(√a): the bound of Asin, scaled by the multiplication (exact powers aside, one more rounding).
                Assert.True(Ulps(a1[i], a2[i]) <= DoubleUlps + 1, $"a[{i}] = {root[i]:R}: serial {a1[i]:R}, FastMath {a2[i]:R}");
                Assert.True(Ulps(af1[i], af2[i]) <= FloatUlps, $"x[{i}] = {axf[i]:R}: serial {af1[i]:R}, FastMath {af2[i]:R}");
            }

            float[] w1 = new float[n], w2 = new float[n];
            InMemory.Call(Built.Value, "M", "Gauss", xf, w1, 0.7f);
            InMemory.Call(Built.Value, "M", "GaussParallel", xf, w2, 0.7f);
            for (int i = 0; i < n; i++)
                Assert.True(Ulps(w1[i], w2[i]) <= FloatUlps, $"x[{i}] = {xf[i]:R}: serial {w1[i]:R}, FastMath {w2[i]:R}");
        }
    }
}
