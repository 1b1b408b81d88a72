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
    /// Operations with no vector form inside an otherwise vector step (issue 12): Math functions without an exact vector
    /// counterpart (Exp, Log, Tanh, Pow, Asin …), block-bodied helpers without effects, integer division and remainder,
    /// element reads at subscripts that are not consecutive (lookup tables, strides, a row per lane, a diagonal). Each
    /// lane computes the scalar C# for its iteration, so results are bitwise the serial ones, exceptions are the serial
    /// ones, and lanes a branch does not take never compute (a gather or a helper there could throw where the scalar
    /// code never runs).
    /// </summary>
    public class LaneByLaneTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class L
            {
                [ParallelKernel]
                public static void Transcendental(double[] a, double[] b, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = Math.Exp(-a[i] * a[i]) * Math.Log(Math.Abs(b[i]) + 1) + Math.Tanh(a[i]) - Math.Pow(Math.Sin(b[i] / 2), 2);
                }

                // sin and cos of one argument, as sin² + cos² and apart: C compilers merge the pair into one sincos call.
                [ParallelKernel]
                public static void SinAndCos(double[] x, double[] s, double[] c, double[] one)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double si = Math.Sin(x[i]), co = Math.Cos(x[i]);
                        s[i] = si;
                        c[i] = co;
                        one[i] = si * si + co * co;
                    }
                }

                [ParallelKernel]
                public static void TranscendentalF(float[] a, float[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = MathF.Atan2(a[i], 1.5f) + MathF.Cbrt(a[i]) * MathF.Cosh(a[i] * 0.01f);
                }

                // A normal CDF with locals and an if, as option pricers write it.
                static double Cnd(double d)
                {
                    double k = 1.0 / (1.0 + 0.2316419 * Math.Abs(d));
                    double cnd = 0.3989422804014327 * Math.Exp(-0.5 * d * d) * (k * (0.31938153 + k * (-0.356563782 + k * 1.781477937)));
                    if (d > 0) cnd = 1.0 - cnd;
                    return cnd;
                }

                [ParallelKernel]
                public static void Helper(double[] x, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = x[i] * Cnd(x[i]) - Cnd(-x[i]);
                }

                static int Checked(int v)
                {
                    if (v < 0) throw new ArgumentOutOfRangeException(nameof(v));
                    return v * 3 + 1;
                }

                // The helper throws for negative values: lanes that do not take the branch must not call it.
                [ParallelKernel]
                public static void HelperInBranch(int[] a, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        if (a[i] >= 0) r[i] = Checked(a[i]);
                        else r[i] = -1;
                    }
                }

                [ParallelKernel]
                public static void Lookup(byte[] src, byte[] lut, byte[] dst)
                {
                    foreach (int i in PRange(dst.Length))
                        dst[i] = lut[src[i]];
                }

                [ParallelKernel]
                public static void Gather(float[] table, int[] index, float[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = table[index[i]] * 2f + 1f;
                }

                // Out-of-range indices in the lanes a branch skips must not be read.
                [ParallelKernel]
                public static void GatherInBranch(float[] table, int[] index, float[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        if (index[i] >= 0 && index[i] < table.Length) r[i] = table[index[i]];
                        else r[i] = -1f;
                    }
                }

                [ParallelKernel]
                public static void Divide(int[] a, int[] b, int[] q, int[] m)
                {
                    foreach (int i in PRange(q.Length))
                    {
                        q[i] = a[i] / b[i] + 1;
                        m[i] = a[i] % 7 - a[i] / 3;
                    }
                }

                [ParallelKernel]
                public static void Downmix(float[] stereo, float[] mono)
                {
                    foreach (int i in PRange(mono.Length))
                        mono[i] = (stereo[2 * i] + stereo[2 * i + 1]) * 0.5f;
                }

                [ParallelKernel]
                public static void Column(double[][] rows, int k, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = rows[i][k] * 0.5 + 1;
                }

                [ParallelKernel]
                public static double Trace(double[,] m)
                {
                    double trace = 0;
                    foreach (int i in PRange(m.GetLength(0)))
                        trace += Math.Tanh(m[i, i]);
                    return trace;
                }

                // Peak meters: exact with any lane order (Math.Max: NaN wins, +0 above -0).
                [ParallelKernel]
                public static float Peak(float[] x)
                {
                    float max = float.NegativeInfinity;
                    foreach (int i in PRange(x.Length))
                        max = MathF.Max(max, MathF.Abs(x[i]));
                    return max;
                }

                [ParallelKernel]
                public static double Low(double[] x)
                {
                    double min = double.PositiveInfinity;
                    foreach (int i in PRange(x.Length))
                        min = Math.Min(min, x[i]);
                    return min;
                }

                // The gather runs only in lanes whose index is in range (&& and ?: evaluate their right side lazily).
                [ParallelKernel]
                public static void SafeLookup(float[] table, int[] k, float[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = k[i] >= 0 && k[i] < table.Length && table[k[i]] > 0 ? table[k[i]] : -1f;
                }

                // 16-bit PCM from little-endian bytes through a short local.
                [ParallelKernel]
                public static void Pcm16(byte[] source, float[] r)
                {
                    foreach (int n in PRange(r.Length))
                    {
                        short sample = (short)(source[2 * n] | (source[2 * n + 1] << 8));
                        r[n] = sample / 32768f;
                    }
                }

                // Doubles to bytes: the cast saturates (NaN to 0) as the scalar cast does.
                [ParallelKernel]
                public static void ToBytes(double[] d, byte[] b)
                {
                    foreach (int i in PRange(b.Length))
                        b[i] = (byte)(d[i] * 255.0);
                }

                // In-place packed RGB: each pixel's three channels read, then written (interleaved, stride 3).
                [ParallelKernel]
                public static void Sepia(byte[] rgb)
                {
                    foreach (int p in PRange(rgb.Length / 3))
                    {
                        int i = p * 3;
                        int r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
                        rgb[i] = (byte)Math.Min(255, (int)(0.393 * r + 0.769 * g + 0.189 * b));
                        rgb[i + 1] = (byte)Math.Min(255, (int)(0.349 * r + 0.686 * g + 0.168 * b));
                        rgb[i + 2] = (byte)Math.Min(255, (int)(0.272 * r + 0.534 * g + 0.131 * b));
                    }
                }

                [ParallelKernel]
                public static int SignChanges(float[] x)
                {
                    int changes = 0;
                    foreach (int i in PRange(1, x.Length))
                        if ((x[i - 1] >= 0) != (x[i] >= 0)) changes++;
                    return changes;
                }

                [ParallelKernel]
                public static void Clamps(float[] x, float[] r, int[] a, int[] c)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        r[i] = Math.Clamp(x[i], -1f, 1f);
                        c[i] = Math.Clamp(a[i], -100, 100);
                    }
                }

                // Division by constants on vectors: shifts for powers of two, a signed multiply-high for other divisors of
                // any int, float for small ints, double in long lanes.
                [ParallelKernel]
                public static void DivideByConstants(int[] a, int[] q, int[] m)
                {
                    foreach (int i in PRange(q.Length))
                    {
                        q[i] = a[i] / 8 + a[i] / -4 + a[i] / -7 + a[i] / 1_000_003;
                        m[i] = a[i] % -16 + a[i] % 2 + a[i] % 1000 + a[i] % int.MaxValue;
                    }
                }

                [ParallelKernel]
                public static void DivideInLongLanes(int[] a, double[] d, int[] q)
                {
                    foreach (int i in PRange(q.Length))
                    {
                        d[i] = a[i] * 0.5;
                        q[i] = a[i] / 7 + a[i] % 10;
                    }
                }

                [ParallelKernel]
                public static void DivideBytes(byte[] b, int[] q)
                {
                    foreach (int i in PRange(q.Length))
                        q[i] = (b[i] * 300 - 40000 + 7) / 255 - (b[i] * 7) % 9;
                }

                // A block-bodied helper with an early return, a local and an if/else: inlined as selects.
                static double Piece(double x)
                {
                    if (x < 0) return -x * 0.5;
                    double y = x * x;
                    if (y > 4) y = 4;
                    else y = y + 1;
                    return y;
                }

                [ParallelKernel]
                public static void Pieces(double[] a, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = Piece(a[i]) + Piece(a[i] - 1);
                }

                // Floating-point remainders (C#'s fmod): no vector form, so per lane; one under a branch, as RGB-to-HSV's
                // hue takes ((g - b) / delta) % 6 only where the red channel is the largest.
                [ParallelKernel]
                public static void Remainders(double[] a, double[] b, float[] f, double[] r, float[] rf)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        r[i] = a[i] % b[i] + a[i] % 2.5;
                        rf[i] = f[i] > 0 ? (f[i] * 3) % 6f : f[i];
                    }
                }

                // Both sides of '?:' run for every lane: allowed because neither can throw.
                [ParallelKernel]
                public static void SelectMath(double[] a, double[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = a[i] > 0 ? Math.Log(a[i]) : Math.Exp(a[i]);
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void Every_kernel_runs_on_vectors_and_the_report_names_what_runs_lane_by_lane()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            string[] reports = diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage()).ToArray();
            Assert.True(reports.Length == 26, string.Join("\n", diagnostics.Select(d => $"{d.Id}: {d.GetMessage()}")));
            // Trace reads only a gathered diagonal: every lane would do the scalar loop's work, so it keeps the scalar body.
            Assert.Single(reports, r => r.Contains("scalar body (no element is read or stored on whole vectors (lane by lane: Math.Tanh, gathered elements), so vectors gain nothing)"));
            Assert.True(reports.Count(r => !r.Contains("scalar body")) == 25, string.Join("\n", reports.Where(r => r.Contains("scalar body"))));
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("lane by lane: Math.Exp, Math.Log, Math.Pow, Math.Sin, Math.Tanh", text);
            Assert.Contains("helpers inlined", text); // Cnd: locals and an if, inlined (selects)
            Assert.Contains("lane by lane: Checked", text); // it throws: called per lane
            Assert.Contains("lane by lane: gathered elements", text);
            // a[i] / b[i] divides lane by lane; a[i] % 7 and a[i] / 3 take the multiply-high form on whole vectors.
            Assert.Contains("lane by lane: integer '/'", text);
            Assert.DoesNotContain("integer '%'", text);
            Assert.Contains("lane by lane: floating-point '%'", text); // it was "scalar body (operator '%')"
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Floating_point_remainders_match_serial_bitwise(int n)
        {
            double[] a = Doubles(n, n + 90), b = Doubles(n, n + 91);
            float[] f = Doubles(n, n + 92).Select(x => (float)x).ToArray();
            Same("Remainders", a, b, f, new double[n], new float[n]);
        }

        private static double[] Doubles(int n, int seed)
        {
            var r = new Random(seed);
            double[] specials = { double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, 1e-310, 700, -745, 0.5 };
            return Enumerable.Range(0, n).Select(k => k % 5 == 0 ? specials[r.Next(specials.Length)] : (r.NextDouble() - 0.5) * 20).ToArray();
        }

        /// <summary>Serial against parallel on copies of the arguments (<see cref="Differential"/>); Trace's float sum within rounding.</summary>
        private static void Same(string kernel, params object[] args) =>
            Differential.SameWithin(Built.Value, "L", kernel, kernel == "Trace" ? (s, p) => Math.Abs(s - p) <= 1e-12 * Math.Max(1, Math.Abs(s)) : null, args);

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 8, 9, 17, 100, 1001, 10_007 };

        /// <summary>
        /// Math.Sin and Math.Cos of one argument stay two calls: gcc and LLVM merge sin(x), cos(x) into one sincos call
        /// (the C twins of the benchmarks do), but glibc's sincos is not bitwise sin and cos. Its path for
        /// 0.855 ≤ |x| &lt; 2.426 splits hp0 - |x| + hp1 into a head and tail of its own; where the head crosses a
        /// rounding boundary of its table index, the sine is 1 ULP apart: sin(0x1.ad1fb54442d18p+0) is ...550dc,
        /// sincos gives ...550db (found probing those boundaries; .NET's Math.SinCos calls sincos on Linux and gives the
        /// same bits). A merged pair here would fail this test on glibc machines.
        /// </summary>
        [Fact]
        public void Sin_and_cos_of_one_argument_keep_their_own_bits()
        {
            double edge = BitConverter.Int64BitsToDouble(0x3FFAD1FB54442D18);
            double[] x = Enumerable.Range(0, 67).Select(k => k % 3 == 0 ? edge : k % 3 == 1 ? -edge : k * 0.05).ToArray();
            Same("SinAndCos", x, new double[x.Length], new double[x.Length], new double[x.Length]);
            Same("SinAndCos", Doubles(1001, 77), new double[1001], new double[1001], new double[1001]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Math_functions_and_helpers_match_serial(int n)
        {
            Same("Transcendental", Doubles(n, n), Doubles(n, n + 1), new double[n]);
            Same("TranscendentalF", Doubles(n, n + 2).Select(d => (float)d).ToArray(), new float[n]);
            Same("Helper", Doubles(n, n + 3), new double[n]);
            Same("SelectMath", Doubles(n, n + 4), new double[n]);
            // The trace reads the diagonal only; an n x n matrix at n = 10,007 is 800 MB cloned and compared (a minute of
            // the default run) for nothing the sizes up to 1,001 do not already cover.
            int t = Math.Min(n, 1001);
            var m = new double[t, t];
            double[] diagonal = Doubles(t, n + 5);
            for (int k = 0; k < t; k++) m[k, k] = diagonal[k];
            Same("Trace", m);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Narrow_values_conversions_reductions_and_lazy_sides_match_serial(int n)
        {
            var r = new Random(n + 30);
            float[] specials = { float.NaN, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 1e-40f, -3.5f, 2f };
            float[] x = Enumerable.Range(0, n).Select(k => k % 7 == 3 ? specials[r.Next(specials.Length)] : (float)(r.NextDouble() * 4 - 2)).ToArray();
            Same("Peak", x);
            Same("Peak", x.Select(v => float.IsNaN(v) ? 0f : v).ToArray()); // without NaN: the largest magnitude, +0 over -0
            Same("Low", x.Select(v => (double)v).ToArray());
            Same("Low", x.Select(v => float.IsNaN(v) ? -0.0 : v).ToArray());
            Same("SignChanges", x);
            float[] table = Enumerable.Range(0, 50).Select(k => k % 3 == 0 ? -k : k * 0.5f).ToArray();
            int[] keys = Enumerable.Range(0, n).Select(_ => r.Next(-100, 100)).ToArray();
            Same("SafeLookup", table, keys, new float[n]);
            byte[] bytes = new byte[2 * n];
            r.NextBytes(bytes);
            Same("Pcm16", bytes, new float[n]);
            double[] d = Enumerable.Range(0, n).Select(k => k % 5 == 0 ? new[] { double.NaN, -1.0, 2.0, double.PositiveInfinity, -0.0 }[k % 25 / 5] : r.NextDouble() * 1.2 - 0.1).ToArray();
            Same("ToBytes", d, new byte[n]);
            byte[] rgb = new byte[3 * n];
            r.NextBytes(rgb);
            Same("Sepia", rgb);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Clamps_divisions_by_constants_and_inlined_helpers_match_serial(int n)
        {
            var r = new Random(n + 40);
            float[] specials = { float.NaN, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f, 0.999f };
            float[] x = Enumerable.Range(0, n).Select(k => k % 3 == 0 ? specials[r.Next(specials.Length)] : (float)(r.NextDouble() * 6 - 3)).ToArray();
            int[] edges = { int.MinValue, int.MinValue + 1, int.MaxValue, -1, 0, 1, -7, 7, -8, 8, -15, 15, -16, 16, 100, -101 };
            int[] a = Enumerable.Range(0, n).Select(k => k % 2 == 0 ? edges[r.Next(edges.Length)] : r.Next(int.MinValue, int.MaxValue)).ToArray();
            Same("Clamps", x, new float[n], a, new int[n]);
            Same("DivideByConstants", a, new int[n], new int[n]);
            Same("DivideInLongLanes", a, new double[n], new int[n]);
            byte[] b = new byte[n];
            r.NextBytes(b);
            Same("DivideBytes", b, new int[n]);
            Same("Pieces", Doubles(n, n + 41), new double[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Helpers_that_throw_run_only_in_the_lanes_that_call_them(int n)
        {
            var r = new Random(n);
            int[] a = Enumerable.Range(0, n).Select(_ => r.Next(-50, 50)).ToArray();
            Same("HelperInBranch", a, new int[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Gathers_match_serial(int n)
        {
            var r = new Random(n + 10);
            byte[] src = new byte[n], lut = new byte[256];
            r.NextBytes(src); r.NextBytes(lut);
            Same("Lookup", src, lut, new byte[n]);
            float[] table = Enumerable.Range(0, 97).Select(k => k * 0.25f - 3).ToArray();
            int[] index = Enumerable.Range(0, n).Select(_ => r.Next(0, 97)).ToArray();
            Same("Gather", table, index, new float[n]);
            int[] wild = Enumerable.Range(0, n).Select(_ => r.Next(-200, 200)).ToArray();
            Same("GatherInBranch", table, wild, new float[n]);
            float[] stereo = Enumerable.Range(0, 2 * n).Select(k => (float)Math.Sin(k * 0.1)).ToArray();
            Same("Downmix", stereo, new float[n]);
            double[][] rows = Enumerable.Range(0, n).Select(k => Doubles(5, k)).ToArray();
            Same("Column", rows, 3, new double[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Gathers_out_of_range_throw_like_serial(int n)
        {
            if (n == 0) return;
            float[] table = new float[10];
            int[] index = Enumerable.Range(0, n).Select(k => k == n / 2 ? 10 : k % 10).ToArray();
            Same("Gather", table, index, new float[n]);
            Same("Downmix", new float[2 * n - 1], new float[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Integer_division_matches_serial_and_throws_like_it(int n)
        {
            var r = new Random(n + 20);
            int[] a = Enumerable.Range(0, n).Select(_ => r.Next(int.MinValue, int.MaxValue)).ToArray();
            int[] b = Enumerable.Range(0, n).Select(_ => r.Next(1, 1000) * (r.Next(2) * 2 - 1)).ToArray();
            Same("Divide", a, b, new int[n], new int[n]);
            if (n == 0) return;
            int[] zero = (int[])b.Clone();
            zero[n / 2] = 0;
            Same("Divide", a, zero, new int[n], new int[n]); // DivideByZeroException on both sides
            int[] min = (int[])a.Clone(), minusOne = (int[])b.Clone();
            min[n - 1] = int.MinValue; minusOne[n - 1] = -1;
            Same("Divide", min, minusOne, new int[n], new int[n]); // OverflowException on both sides
        }
    }
}
