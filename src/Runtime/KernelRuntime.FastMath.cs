using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen
{
    // Vector Exp, Log, Sin, Cos, Tan and Asin for [ParallelKernel(FastMath = true)] (docs/fastmath.md states and tests check the
    // bound: within 2 ULP of Math.Exp/Log/Sin/Cos for double, 1 ULP of MathF's for float, and the same special values).
    // .NET's own Vector256.Exp/Log (double) measured no faster than the scalar call per lane on this project's machines,
    // so these are KernelGen's: fdlibm-style reductions and polynomials, written once over the width (IWidth below) and
    // specialised by the JIT per Vector128/256/512. float runs in double lanes (widened, computed, narrowed): one
    // rounding to float of a result within 2 double ULPs, so within 1 float ULP of MathF.
    public static partial class KernelRuntime
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> FastExp(Vector128<double> x) => VectorMath<Vector128<double>, Vector128<long>, W128>.Exp(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> FastExp(Vector256<double> x) => VectorMath<Vector256<double>, Vector256<long>, W256>.Exp(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> FastExp(Vector512<double> x) => VectorMath<Vector512<double>, Vector512<long>, W512>.Exp(x);
        // Two or three Exp calls of one step evaluated together (the generator batches independent FastExp calls, see
        // docs/fastmath.md): the same values as one call each, with the polynomial's steps interleaved.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FastExp(Vector128<double> a, Vector128<double> b, out Vector128<double> ea, out Vector128<double> eb) => VectorMath<Vector128<double>, Vector128<long>, W128>.Exp(a, b, out ea, out eb);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FastExp(Vector256<double> a, Vector256<double> b, out Vector256<double> ea, out Vector256<double> eb) => VectorMath<Vector256<double>, Vector256<long>, W256>.Exp(a, b, out ea, out eb);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FastExp(Vector512<double> a, Vector512<double> b, out Vector512<double> ea, out Vector512<double> eb) => VectorMath<Vector512<double>, Vector512<long>, W512>.Exp(a, b, out ea, out eb);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FastExp(Vector128<double> a, Vector128<double> b, Vector128<double> c, out Vector128<double> ea, out Vector128<double> eb, out Vector128<double> ec)
            => VectorMath<Vector128<double>, Vector128<long>, W128>.Exp(a, b, c, out ea, out eb, out ec);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FastExp(Vector256<double> a, Vector256<double> b, Vector256<double> c, out Vector256<double> ea, out Vector256<double> eb, out Vector256<double> ec)
            => VectorMath<Vector256<double>, Vector256<long>, W256>.Exp(a, b, c, out ea, out eb, out ec);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FastExp(Vector512<double> a, Vector512<double> b, Vector512<double> c, out Vector512<double> ea, out Vector512<double> eb, out Vector512<double> ec)
            => VectorMath<Vector512<double>, Vector512<long>, W512>.Exp(a, b, c, out ea, out eb, out ec);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> FastLog(Vector128<double> x) => VectorMath<Vector128<double>, Vector128<long>, W128>.Log(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> FastLog(Vector256<double> x) => VectorMath<Vector256<double>, Vector256<long>, W256>.Log(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> FastLog(Vector512<double> x) => VectorMath<Vector512<double>, Vector512<long>, W512>.Log(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> FastSin(Vector128<double> x) => VectorMath<Vector128<double>, Vector128<long>, W128>.Trig(x, KernelGen.Trig.Sin);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> FastSin(Vector256<double> x) => VectorMath<Vector256<double>, Vector256<long>, W256>.Trig(x, KernelGen.Trig.Sin);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> FastSin(Vector512<double> x) => VectorMath<Vector512<double>, Vector512<long>, W512>.Trig(x, KernelGen.Trig.Sin);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> FastCos(Vector128<double> x) => VectorMath<Vector128<double>, Vector128<long>, W128>.Trig(x, KernelGen.Trig.Cos);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> FastCos(Vector256<double> x) => VectorMath<Vector256<double>, Vector256<long>, W256>.Trig(x, KernelGen.Trig.Cos);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> FastCos(Vector512<double> x) => VectorMath<Vector512<double>, Vector512<long>, W512>.Trig(x, KernelGen.Trig.Cos);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> FastTan(Vector128<double> x) => VectorMath<Vector128<double>, Vector128<long>, W128>.Trig(x, KernelGen.Trig.Tan);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> FastTan(Vector256<double> x) => VectorMath<Vector256<double>, Vector256<long>, W256>.Trig(x, KernelGen.Trig.Tan);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> FastTan(Vector512<double> x) => VectorMath<Vector512<double>, Vector512<long>, W512>.Trig(x, KernelGen.Trig.Tan);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FastExp(Vector128<float> x) { var (lo, hi) = Vector128.Widen(x); return Vector128.Narrow(FastExp(lo), FastExp(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FastExp(Vector256<float> x) { var (lo, hi) = Vector256.Widen(x); return Vector256.Narrow(FastExp(lo), FastExp(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FastExp(Vector512<float> x) { var (lo, hi) = Vector512.Widen(x); return Vector512.Narrow(FastExp(lo), FastExp(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FastLog(Vector128<float> x) { var (lo, hi) = Vector128.Widen(x); return Vector128.Narrow(FastLog(lo), FastLog(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FastLog(Vector256<float> x) { var (lo, hi) = Vector256.Widen(x); return Vector256.Narrow(FastLog(lo), FastLog(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FastLog(Vector512<float> x) { var (lo, hi) = Vector512.Widen(x); return Vector512.Narrow(FastLog(lo), FastLog(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FastSin(Vector128<float> x) { var (lo, hi) = Vector128.Widen(x); return Vector128.Narrow(FastSin(lo), FastSin(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FastSin(Vector256<float> x) { var (lo, hi) = Vector256.Widen(x); return Vector256.Narrow(FastSin(lo), FastSin(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FastSin(Vector512<float> x) { var (lo, hi) = Vector512.Widen(x); return Vector512.Narrow(FastSin(lo), FastSin(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FastCos(Vector128<float> x) { var (lo, hi) = Vector128.Widen(x); return Vector128.Narrow(FastCos(lo), FastCos(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FastCos(Vector256<float> x) { var (lo, hi) = Vector256.Widen(x); return Vector256.Narrow(FastCos(lo), FastCos(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FastCos(Vector512<float> x) { var (lo, hi) = Vector512.Widen(x); return Vector512.Narrow(FastCos(lo), FastCos(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FastTan(Vector128<float> x) { var (lo, hi) = Vector128.Widen(x); return Vector128.Narrow(FastTan(lo), FastTan(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FastTan(Vector256<float> x) { var (lo, hi) = Vector256.Widen(x); return Vector256.Narrow(FastTan(lo), FastTan(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FastTan(Vector512<float> x) { var (lo, hi) = Vector512.Widen(x); return Vector512.Narrow(FastTan(lo), FastTan(hi)); }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> FastAsin(Vector128<double> x) => VectorMath<Vector128<double>, Vector128<long>, W128>.Asin(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> FastAsin(Vector256<double> x) => VectorMath<Vector256<double>, Vector256<long>, W256>.Asin(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> FastAsin(Vector512<double> x) => VectorMath<Vector512<double>, Vector512<long>, W512>.Asin(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FastAsin(Vector128<float> x) { var (lo, hi) = Vector128.Widen(x); return Vector128.Narrow(FastAsin(lo), FastAsin(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FastAsin(Vector256<float> x) { var (lo, hi) = Vector256.Widen(x); return Vector256.Narrow(FastAsin(lo), FastAsin(hi)); }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FastAsin(Vector512<float> x) { var (lo, hi) = Vector512.Widen(x); return Vector512.Narrow(FastAsin(lo), FastAsin(hi)); }
    }

    /// <summary>Which function <see cref="VectorMath{D, L, W}.Trig"/> computes.</summary>
    internal enum Trig { Sin, Cos, Tan }

    /// <summary>The operations the algorithms need, per width (D: double lanes, L: long lanes of the same width).</summary>
    internal interface IWidth<D, L>
    {
        static abstract D Splat(double value);
        static abstract L SplatLong(long value);
        static abstract D Fma(D a, D b, D c);           // a * b + c, one rounding (every AVX2 and AVX-512 CPU has FMA)
        static abstract D Add(D a, D b);
        static abstract D Sub(D a, D b);
        static abstract D Mul(D a, D b);
        static abstract D Div(D a, D b);
        static abstract D Sqrt(D a);                    // correctly rounded, as Math.Sqrt
        static abstract D Min(D a, D b);
        static abstract D Max(D a, D b);
        static abstract D Abs(D a);
        static abstract D Less(D a, D b);               // all-ones lanes where a < b (false for NaN)
        static abstract D Equal(D a, D b);
        static abstract D Select(D mask, D yes, D no);
        static abstract D Xor(D a, D b);
        static abstract bool Any(D mask);
        static abstract L Bits(D a);
        static abstract D FromBits(L a);
        static abstract L AddLong(L a, L b);
        static abstract L SubLong(L a, L b);
        static abstract L AndLong(L a, L b);
        static abstract L OrLong(L a, L b);
        static abstract L ShiftLeft(L a, int count);
        static abstract L ShiftRightLogical(L a, int count);
        /// <summary>f applied lane by lane (the rare lanes the vector algorithm does not cover).</summary>
        static abstract D PerLane(D a, Func<double, double> f);
    }

    internal static class VectorMath<D, L, W> where W : IWidth<D, L>
    {
        private const double Shifter = 6755399441055744.0;                  // 1.5 * 2^52: x + Shifter rounds x to an integer
        private const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;

        // e^r's Taylor coefficients 1/k!, k = 13 … 2.
        private const double E13 = 1.0 / 6227020800.0, E12 = 1.0 / 479001600.0, E11 = 1.0 / 39916800.0, E10 = 1.0 / 3628800.0,
                             E9 = 1.0 / 362880.0, E8 = 1.0 / 40320.0, E7 = 1.0 / 5040.0, E6 = 1.0 / 720.0, E5 = 1.0 / 120.0,
                             E4 = 1.0 / 24.0, E3 = 1.0 / 6.0, E2 = 0.5;

        /// <summary>e^x: x = n ln2 + r, |r| ≤ ln2/2, e^r by its Taylor series to r^13 (error below 2^-60), times 2^n.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static D Exp(D x)
        {
            D xc = W.Min(W.Max(x, W.Splat(-746.0)), W.Splat(710.0));        // beyond: 0 and +Inf (NaN is restored below)
            D t = W.Fma(xc, W.Splat(1.4426950408889634), W.Splat(Shifter));
            D n = W.Sub(t, W.Splat(Shifter));
            L k = W.SubLong(W.Bits(t), W.Bits(W.Splat(Shifter)));           // n as an integer
            D r = W.Fma(n, W.Splat(-Ln2Hi), xc);
            r = W.Fma(n, W.Splat(-Ln2Lo), r);
            D p = W.Fma(W.Splat(E13), r, W.Splat(E12));
            p = W.Fma(p, r, W.Splat(E11));
            p = W.Fma(p, r, W.Splat(E10));
            p = W.Fma(p, r, W.Splat(E9));
            p = W.Fma(p, r, W.Splat(E8));
            p = W.Fma(p, r, W.Splat(E7));
            p = W.Fma(p, r, W.Splat(E6));
            p = W.Fma(p, r, W.Splat(E5));
            p = W.Fma(p, r, W.Splat(E4));
            p = W.Fma(p, r, W.Splat(E3));
            p = W.Fma(p, r, W.Splat(E2));
            p = W.Add(W.Fma(p, W.Mul(r, r), r), W.Splat(1.0));              // r + r²(1/2 + …): the small part first
            // |n| ≤ 1000 in every lane (the usual case): 2^n is one exponent field, and p · 2^n the product the general
            // path below gives (its second factor is then 2^0).
            if (!W.Any(W.Less(W.Splat(1000.0), W.Abs(n))))
                return W.Select(W.Equal(x, x), W.Mul(p, W.FromBits(W.ShiftLeft(W.AddLong(k, W.SplatLong(1023)), 52))), x);
            // 2^n as 2^(n - a) · 2^a, a = ±1000 beyond the normal exponents, so that results near overflow and in the
            // subnormal range are one rounding of the exact product.
            D big = W.Less(W.Splat(1000.0), n), small = W.Less(n, W.Splat(-1000.0));
            L a = W.Bits(W.Select(big, W.FromBits(W.SplatLong(1000)), W.Select(small, W.FromBits(W.SplatLong(-1000)), W.FromBits(W.SplatLong(0)))));
            D scale = W.FromBits(W.ShiftLeft(W.AddLong(W.SubLong(k, a), W.SplatLong(1023)), 52));
            D extra = W.FromBits(W.ShiftLeft(W.AddLong(a, W.SplatLong(1023)), 52));
            D e = W.Mul(W.Mul(p, scale), extra);
            return W.Select(W.Equal(x, x), e, x);                           // NaN stays NaN
        }

        /// <summary>
        /// e^a and e^b as two <see cref="Exp(D)"/> calls give them, the two evaluations interleaved step by step: one
        /// step's FastExp calls batched by the generator. A lone call in a long step measured twice its cost in a loop of
        /// its own (the JIT keeps its constants live across the step and spills them); side by side, each constant is
        /// used at once and the independent chains overlap. Lanes with |n| ≤ 1000 take Exp's usual path, where its clamp
        /// and NaN select change nothing (NaN stays NaN through the polynomial); otherwise every argument goes through
        /// <see cref="Exp(D)"/> itself.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Exp(D a, D b, out D ea, out D eb)
        {
            D ta = W.Fma(a, W.Splat(1.4426950408889634), W.Splat(Shifter)), tb = W.Fma(b, W.Splat(1.4426950408889634), W.Splat(Shifter));
            D na = W.Sub(ta, W.Splat(Shifter)), nb = W.Sub(tb, W.Splat(Shifter));
            if (W.Any(W.Less(W.Splat(1000.0), W.Max(W.Abs(na), W.Abs(nb))))) { ea = ExpApart(a); eb = ExpApart(b); return; }
            D ra = W.Fma(na, W.Splat(-Ln2Lo), W.Fma(na, W.Splat(-Ln2Hi), a)), rb = W.Fma(nb, W.Splat(-Ln2Lo), W.Fma(nb, W.Splat(-Ln2Hi), b));
            D k = W.Splat(E12), pa = W.Fma(W.Splat(E13), ra, k), pb = W.Fma(W.Splat(E13), rb, k);
            k = W.Splat(E11); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E10); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E9); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E8); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E7); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E6); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E5); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E4); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E3); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            k = W.Splat(E2); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k);
            ea = Scale(W.Fma(pa, W.Mul(ra, ra), ra), ta);
            eb = Scale(W.Fma(pb, W.Mul(rb, rb), rb), tb);
        }

        /// <summary>e^a, e^b and e^c together: <see cref="Exp(D, D, out D, out D)"/> with three.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Exp(D a, D b, D c, out D ea, out D eb, out D ec)
        {
            D ta = W.Fma(a, W.Splat(1.4426950408889634), W.Splat(Shifter)), tb = W.Fma(b, W.Splat(1.4426950408889634), W.Splat(Shifter));
            D tc = W.Fma(c, W.Splat(1.4426950408889634), W.Splat(Shifter));
            D na = W.Sub(ta, W.Splat(Shifter)), nb = W.Sub(tb, W.Splat(Shifter)), nc = W.Sub(tc, W.Splat(Shifter));
            if (W.Any(W.Less(W.Splat(1000.0), W.Max(W.Max(W.Abs(na), W.Abs(nb)), W.Abs(nc)))))
                { ea = ExpApart(a); eb = ExpApart(b); ec = ExpApart(c); return; }
            D ra = W.Fma(na, W.Splat(-Ln2Lo), W.Fma(na, W.Splat(-Ln2Hi), a)), rb = W.Fma(nb, W.Splat(-Ln2Lo), W.Fma(nb, W.Splat(-Ln2Hi), b));
            D rc = W.Fma(nc, W.Splat(-Ln2Lo), W.Fma(nc, W.Splat(-Ln2Hi), c));
            D k = W.Splat(E12), pa = W.Fma(W.Splat(E13), ra, k), pb = W.Fma(W.Splat(E13), rb, k), pc = W.Fma(W.Splat(E13), rc, k);
            k = W.Splat(E11); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E10); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E9); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E8); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E7); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E6); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E5); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E4); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E3); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            k = W.Splat(E2); pa = W.Fma(pa, ra, k); pb = W.Fma(pb, rb, k); pc = W.Fma(pc, rc, k);
            ea = Scale(W.Fma(pa, W.Mul(ra, ra), ra), ta);
            eb = Scale(W.Fma(pb, W.Mul(rb, rb), rb), tb);
            ec = Scale(W.Fma(pc, W.Mul(rc, rc), rc), tc);
        }

        /// <summary>(1 + q) · 2^n, n the integer in t's low bits (|n| ≤ 1000): Exp's usual last step.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static D Scale(D q, D t) =>
            W.Mul(W.Add(q, W.Splat(1.0)), W.FromBits(W.ShiftLeft(W.AddLong(W.SubLong(W.Bits(t), W.Bits(W.Splat(Shifter))), W.SplatLong(1023)), 52)));

        /// <summary>A batch with a lane beyond |n| ≤ 1000 (or ±∞): each argument alone, out of the step's code.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static D ExpApart(D x) => Exp(x);

        /// <summary>ln x: x = m 2^e, √½ ≤ m &lt; √2, f = m − 1, ln(1 + f) from s = f / (2 + f) as in fdlibm's log.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static D Log(D x)
        {
            D subnormal = W.Less(x, W.Splat(2.2250738585072014e-308));       // and 0, negatives: replaced below
            D xs = W.Select(subnormal, W.Mul(x, W.Splat(18014398509481984.0)), x); // · 2^54
            L bits = W.Bits(xs);
            L exponent = W.ShiftRightLogical(bits, 52);                      // biased, 1..2046 for positive normals
            D m = W.FromBits(W.OrLong(W.AndLong(bits, W.SplatLong(0x000F_FFFF_FFFF_FFFF)), W.SplatLong(0x3FF0_0000_0000_0000)));
            // The exponent as a double, exactly: 2^52 + e read as a double, minus 2^52.
            D e = W.Sub(W.FromBits(W.OrLong(exponent, W.SplatLong(0x4330_0000_0000_0000))), W.Splat(4503599627370496.0 + 1023.0));
            e = W.Sub(e, W.Select(subnormal, W.Splat(54.0), W.Splat(0.0)));
            D high = W.Less(W.Splat(1.4142135623730951), m);
            m = W.Select(high, W.Mul(m, W.Splat(0.5)), m);
            e = W.Add(e, W.Select(high, W.Splat(1.0), W.Splat(0.0)));
            D f = W.Sub(m, W.Splat(1.0));
            D s = W.Div(f, W.Add(W.Splat(2.0), f));
            D z = W.Mul(s, s), w = W.Mul(z, z);
            D t1 = W.Mul(w, W.Fma(w, W.Fma(w, W.Splat(1.531383769920937332e-01), W.Splat(2.222219843214978396e-01)), W.Splat(3.999999999940941908e-01)));
            D t2 = W.Mul(z, W.Fma(w, W.Fma(w, W.Fma(w, W.Splat(1.479819860511658591e-01), W.Splat(1.818357216161805012e-01)), W.Splat(2.857142874366239149e-01)), W.Splat(6.666666666666735130e-01)));
            D rr = W.Add(t2, t1);
            D hfsq = W.Mul(W.Splat(0.5), W.Mul(f, f));
            // e·ln2hi − ((hfsq − (s·(hfsq + R) + e·ln2lo)) − f)
            D inner = W.Fma(s, W.Add(hfsq, rr), W.Mul(e, W.Splat(Ln2Lo)));
            D result = W.Fma(e, W.Splat(Ln2Hi), W.Sub(f, W.Sub(hfsq, inner)));
            // 0 → −Inf, negative → NaN, +Inf and NaN → themselves.
            D finite = W.Less(W.Abs(x), W.Splat(double.PositiveInfinity));
            D positive = W.Less(W.Splat(0.0), x);
            D special = W.Select(W.Equal(x, W.Splat(0.0)), W.Splat(double.NegativeInfinity), W.Select(W.Less(x, W.Splat(0.0)), W.Splat(double.NaN), x));
            return W.Select(W.FromBits(W.AndLong(W.Bits(finite), W.Bits(positive))), result, special);
        }

        /// <summary>
        /// asin x as fdlibm's: |x| &lt; 0.5: x + x·R(x²) (R a rational approximation); else ±(π/2 − 2 asin √t), t = (1 − |x|)/2,
        /// with √t split into its high 32 bits and a correction below |x| = 0.975 so that the subtraction from π/2 loses
        /// nothing. |x| &gt; 1 and NaN give NaN (√ of a negative t), ±1 gives ±π/2, ±0 keeps its sign.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static D Asin(D x)
        {
            const double Pio2Hi = 1.57079632679489655800e+00, Pio2Lo = 6.12323399573676603587e-17, Pio4Hi = 7.85398163397448278999e-01;
            D ax = W.Abs(x);
            D small = W.Less(ax, W.Splat(0.5));
            D t = W.Select(small, W.Mul(x, x), W.Mul(W.Sub(W.Splat(1.0), ax), W.Splat(0.5)));
            D p = W.Fma(t, W.Splat(3.47933107596021167570e-05), W.Splat(7.91534994289814532176e-04));
            p = W.Fma(t, p, W.Splat(-4.00555345006794114027e-02));
            p = W.Fma(t, p, W.Splat(2.01212532134862925881e-01));
            p = W.Fma(t, p, W.Splat(-3.25565818622400915405e-01));
            p = W.Fma(t, p, W.Splat(1.66666666666666657415e-01));
            p = W.Mul(t, p);
            D q = W.Fma(t, W.Splat(7.70381505559019352791e-02), W.Splat(-6.88283971605453293030e-01));
            q = W.Fma(t, q, W.Splat(2.02094576023350569471e+00));
            q = W.Fma(t, q, W.Splat(-2.40339491173441421878e+00));
            q = W.Fma(t, q, W.Splat(1.0));
            D r = W.Div(p, q);
            D nearZero = W.Fma(x, r, x);
            D s = W.Sqrt(t);
            // |x| ≥ 0.975: π/2 − (2(s + s·r) − pio2_lo)
            D nearOne = W.Sub(W.Splat(Pio2Hi), W.Sub(W.Mul(W.Splat(2.0), W.Fma(s, r, s)), W.Splat(Pio2Lo)));
            // else: s = df + c exactly enough (df: s with its low 32 bits cleared, df² exact), π/4 − ((2 s r − (pio2_lo − 2c)) − (π/4 − 2 df))
            D df = W.FromBits(W.AndLong(W.Bits(s), W.SplatLong(unchecked((long)0xFFFF_FFFF_0000_0000UL))));
            D c = W.Div(W.Sub(t, W.Mul(df, df)), W.Add(s, df));
            D pp = W.Sub(W.Mul(W.Mul(W.Splat(2.0), s), r), W.Sub(W.Splat(Pio2Lo), W.Mul(W.Splat(2.0), c)));
            D qq = W.Sub(W.Splat(Pio4Hi), W.Mul(W.Splat(2.0), df));
            D middle = W.Sub(W.Splat(Pio4Hi), W.Sub(pp, qq));
            D big = W.Select(W.Less(ax, W.Splat(0.975)), middle, nearOne);
            big = W.Xor(big, W.FromBits(W.AndLong(W.Bits(x), W.SplatLong(long.MinValue)))); // the sign of x
            return W.Select(small, nearZero, big);
        }

        /// <summary>
        /// sin x, cos x or tan x (<paramref name="fn"/>): x = q π/2 + r, |r| ≤ π/4 (π/2 in three parts, fused), fdlibm's
        /// kernels for sin r and cos r, chosen and signed by q mod 4 (tan: sin r / cos r, or −cos r / sin r for odd q).
        /// |x| > 2^20 (where the three parts lose bits) and ±Inf go to Math per lane.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static D Trig(D x, Trig fn)
        {
            D ax = W.Abs(x);
            if (W.Any(W.Less(W.Splat(1048576.0), ax)))
                return W.PerLane(x, fn == KernelGen.Trig.Sin ? Math.Sin : fn == KernelGen.Trig.Cos ? Math.Cos : Math.Tan);
            D t = W.Fma(x, W.Splat(0.63661977236758134308), W.Splat(Shifter)); // 2/π
            D q = W.Sub(t, W.Splat(Shifter));
            L qi = W.Bits(t);                                                // low bits: q mod 4 (two's complement)
            D r = W.Fma(q, W.Splat(-1.5707963267948966), x);
            r = W.Fma(q, W.Splat(-6.123233995736766e-17), r);
            r = W.Fma(q, W.Splat(1.4973849048591698e-33), r);
            D z = W.Mul(r, r);
            // sin r = r + r³ (S1 + z S2 + …)
            D ps = W.Fma(z, W.Splat(1.58969099521155010221e-10), W.Splat(-2.50507602534068634195e-08));
            ps = W.Fma(z, ps, W.Splat(2.75573137070700676789e-06));
            ps = W.Fma(z, ps, W.Splat(-1.98412698298579493134e-04));
            ps = W.Fma(z, ps, W.Splat(8.33333333332248946124e-03));
            ps = W.Fma(z, ps, W.Splat(-1.66666666666666324348e-01));
            D sin = W.Fma(W.Mul(z, r), ps, r);
            // cos r = 1 − z/2 + z² (C1 + z C2 + …), the 1 − z/2 split as fdlibm does to keep its rounding error small
            D pc = W.Fma(z, W.Splat(-1.13596475577881948265e-11), W.Splat(2.08757232129817482790e-09));
            pc = W.Fma(z, pc, W.Splat(-2.75573143513906633035e-07));
            pc = W.Fma(z, pc, W.Splat(2.48015872894767294178e-05));
            pc = W.Fma(z, pc, W.Splat(-1.38888888888741095749e-03));
            pc = W.Fma(z, pc, W.Splat(4.16666666666666019037e-02));
            D hz = W.Mul(W.Splat(0.5), z);
            D one = W.Sub(W.Splat(1.0), hz);
            D cos = W.Add(one, W.Fma(W.Mul(z, z), pc, W.Sub(W.Sub(W.Splat(1.0), one), hz)));
            D tiny = W.Less(ax, W.Splat(7.450580596923828e-09));
            if (fn == KernelGen.Trig.Tan)
            {
                // tan x = sin r / cos r for even q, −cos r / sin r for odd q (tan(r + π/2) = −cot r); tiny x: x itself.
                D odd = W.FromBits(W.SubLong(W.SplatLong(0), W.AndLong(qi, W.SplatLong(1))));
                D tan = W.Div(W.Select(odd, W.Xor(cos, W.Splat(-0.0)), sin), W.Select(odd, sin, cos));
                return W.Select(tiny, x, tan);
            }
            // sin x = [sin r, cos r, −sin r, −cos r][q mod 4]; cos x = the same list from one place further on.
            L quadrant = fn == KernelGen.Trig.Cos ? W.AddLong(qi, W.SplatLong(1)) : qi;
            D swap = W.FromBits(W.SubLong(W.SplatLong(0), W.AndLong(quadrant, W.SplatLong(1)))); // all ones when odd
            D sign = W.FromBits(W.ShiftLeft(W.ShiftRightLogical(quadrant, 1), 63));             // bit 1 to the sign bit
            D result = W.Xor(W.Select(swap, cos, sin), sign);
            // Tiny x: sin x = x (keeps −0), cos x = 1.
            return W.Select(tiny, fn == KernelGen.Trig.Cos ? W.Splat(1.0) : x, result);
        }
    }

    // The three widths below are the same forwarding list on purpose: .NET 10 has no public interface over
    // Vector128/256/512 (ISimdVector is internal), so each width names its own static methods once, and the algorithms
    // above are written once against IWidth.
    internal readonly struct W128 : IWidth<Vector128<double>, Vector128<long>>
    {
        public static Vector128<double> Splat(double value) => Vector128.Create(value);
        public static Vector128<long> SplatLong(long value) => Vector128.Create(value);
        public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
        public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
        public static Vector128<double> Sub(Vector128<double> a, Vector128<double> b) => a - b;
        public static Vector128<double> Mul(Vector128<double> a, Vector128<double> b) => a * b;
        public static Vector128<double> Div(Vector128<double> a, Vector128<double> b) => a / b;
        public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);
        public static Vector128<double> Min(Vector128<double> a, Vector128<double> b) => Vector128.MinNative(a, b);
        public static Vector128<double> Max(Vector128<double> a, Vector128<double> b) => Vector128.MaxNative(a, b);
        public static Vector128<double> Abs(Vector128<double> a) => Vector128.Abs(a);
        public static Vector128<double> Less(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);
        public static Vector128<double> Equal(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);
        public static Vector128<double> Select(Vector128<double> mask, Vector128<double> yes, Vector128<double> no) => Vector128.ConditionalSelect(mask, yes, no);
        public static Vector128<double> Xor(Vector128<double> a, Vector128<double> b) => a ^ b;
        public static bool Any(Vector128<double> mask) => mask != Vector128<double>.Zero;
        public static Vector128<long> Bits(Vector128<double> a) => a.AsInt64();
        public static Vector128<double> FromBits(Vector128<long> a) => a.AsDouble();
        public static Vector128<long> AddLong(Vector128<long> a, Vector128<long> b) => a + b;
        public static Vector128<long> SubLong(Vector128<long> a, Vector128<long> b) => a - b;
        public static Vector128<long> AndLong(Vector128<long> a, Vector128<long> b) => a & b;
        public static Vector128<long> OrLong(Vector128<long> a, Vector128<long> b) => a | b;
        public static Vector128<long> ShiftLeft(Vector128<long> a, int count) => Vector128.ShiftLeft(a, count);
        public static Vector128<long> ShiftRightLogical(Vector128<long> a, int count) => Vector128.ShiftRightLogical(a, count);
        public static Vector128<double> PerLane(Vector128<double> a, Func<double, double> f)
        {
            for (int i = 0; i < Vector128<double>.Count; i++) a = a.WithElement(i, f(a.GetElement(i)));
            return a;
        }
    }

    internal readonly struct W256 : IWidth<Vector256<double>, Vector256<long>>
    {
        public static Vector256<double> Splat(double value) => Vector256.Create(value);
        public static Vector256<long> SplatLong(long value) => Vector256.Create(value);
        public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
        public static Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => a - b;
        public static Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;
        public static Vector256<double> Div(Vector256<double> a, Vector256<double> b) => a / b;
        public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
        public static Vector256<double> Min(Vector256<double> a, Vector256<double> b) => Vector256.MinNative(a, b);
        public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.MaxNative(a, b);
        public static Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);
        public static Vector256<double> Less(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
        public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
        public static Vector256<double> Select(Vector256<double> mask, Vector256<double> yes, Vector256<double> no) => Vector256.ConditionalSelect(mask, yes, no);
        public static Vector256<double> Xor(Vector256<double> a, Vector256<double> b) => a ^ b;
        public static bool Any(Vector256<double> mask) => mask != Vector256<double>.Zero;
        public static Vector256<long> Bits(Vector256<double> a) => a.AsInt64();
        public static Vector256<double> FromBits(Vector256<long> a) => a.AsDouble();
        public static Vector256<long> AddLong(Vector256<long> a, Vector256<long> b) => a + b;
        public static Vector256<long> SubLong(Vector256<long> a, Vector256<long> b) => a - b;
        public static Vector256<long> AndLong(Vector256<long> a, Vector256<long> b) => a & b;
        public static Vector256<long> OrLong(Vector256<long> a, Vector256<long> b) => a | b;
        public static Vector256<long> ShiftLeft(Vector256<long> a, int count) => Vector256.ShiftLeft(a, count);
        public static Vector256<long> ShiftRightLogical(Vector256<long> a, int count) => Vector256.ShiftRightLogical(a, count);
        public static Vector256<double> PerLane(Vector256<double> a, Func<double, double> f)
        {
            for (int i = 0; i < Vector256<double>.Count; i++) a = a.WithElement(i, f(a.GetElement(i)));
            return a;
        }
    }

    internal readonly struct W512 : IWidth<Vector512<double>, Vector512<long>>
    {
        public static Vector512<double> Splat(double value) => Vector512.Create(value);
        public static Vector512<long> SplatLong(long value) => Vector512.Create(value);
        public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
        public static Vector512<double> Sub(Vector512<double> a, Vector512<double> b) => a - b;
        public static Vector512<double> Mul(Vector512<double> a, Vector512<double> b) => a * b;
        public static Vector512<double> Div(Vector512<double> a, Vector512<double> b) => a / b;
        public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
        public static Vector512<double> Min(Vector512<double> a, Vector512<double> b) => Vector512.MinNative(a, b);
        public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.MaxNative(a, b);
        public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);
        public static Vector512<double> Less(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
        public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
        public static Vector512<double> Select(Vector512<double> mask, Vector512<double> yes, Vector512<double> no) => Vector512.ConditionalSelect(mask, yes, no);
        public static Vector512<double> Xor(Vector512<double> a, Vector512<double> b) => a ^ b;
        public static bool Any(Vector512<double> mask) => mask != Vector512<double>.Zero;
        public static Vector512<long> Bits(Vector512<double> a) => a.AsInt64();
        public static Vector512<double> FromBits(Vector512<long> a) => a.AsDouble();
        public static Vector512<long> AddLong(Vector512<long> a, Vector512<long> b) => a + b;
        public static Vector512<long> SubLong(Vector512<long> a, Vector512<long> b) => a - b;
        public static Vector512<long> AndLong(Vector512<long> a, Vector512<long> b) => a & b;
        public static Vector512<long> OrLong(Vector512<long> a, Vector512<long> b) => a | b;
        public static Vector512<long> ShiftLeft(Vector512<long> a, int count) => Vector512.ShiftLeft(a, count);
        public static Vector512<long> ShiftRightLogical(Vector512<long> a, int count) => Vector512.ShiftRightLogical(a, count);
        public static Vector512<double> PerLane(Vector512<double> a, Func<double, double> f)
        {
            for (int i = 0; i < Vector512<double>.Count; i++) a = a.WithElement(i, f(a.GetElement(i)));
            return a;
        }
    }
}
