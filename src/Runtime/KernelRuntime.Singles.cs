using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Floats beside doubles in one loop run in double lanes (the generator's "floats in double lanes"): a float is
        // exact as a double, and a float +, −, ×, ÷ or square root computed in double and rounded once to float is the
        // float operation's own result (double has more than twice float's 24 bits plus two), so rounding after each
        // float operation gives the scalar code's bits. Loads widen (exact), stores narrow values already rounded.

        /// <summary>Each lane rounded to float precision (to nearest even, overflow to ±∞), as a (float) cast rounds.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Round32(Vector128<double> x) =>
            Sse2.IsSupported ? Sse2.ConvertToVector128Double(Sse2.ConvertToVector128Single(x)) : Vector128.WidenLower(Vector128.Narrow(x, x));
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Round32(Vector256<double> x) =>
            Avx.IsSupported ? Avx.ConvertToVector256Double(Avx.ConvertToVector128Single(x)) : Vector256.WidenLower(Vector256.Narrow(x, x));
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Round32(Vector512<double> x) =>
            Avx512F.IsSupported ? Avx512F.ConvertToVector512Double(Avx512F.ConvertToVector256Single(x)) : Vector512.WidenLower(Vector512.Narrow(x, x));

        /// <summary>The lanes (floats held in doubles) stored as floats at <c>destination[index]</c> onward.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSingles(Vector128<double> x, ref float destination, nuint index) => Vector128.Narrow(x, x).GetLower().StoreUnsafe(ref destination, index);
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSingles(Vector256<double> x, ref float destination, nuint index) =>
            (Avx.IsSupported ? Avx.ConvertToVector128Single(x) : Vector256.Narrow(x, x).GetLower()).StoreUnsafe(ref destination, index);
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSingles(Vector512<double> x, ref float destination, nuint index) =>
            (Avx512F.IsSupported ? Avx512F.ConvertToVector256Single(x) : Vector512.Narrow(x, x).GetLower()).StoreUnsafe(ref destination, index);
    }
}
