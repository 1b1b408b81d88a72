using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Products of long lanes that hold ints, sign-extended (a widened int load, (long)i, or C#'s int arithmetic
        // run in long lanes): the signed 32 x 32 -> 64-bit multiply of each lane's low halves (pmuldq) gives the exact
        // product in one instruction, where a 64-bit lane multiply is several on AVX2 (which has none) and slower than
        // pmuldq on AVX-512. Where the int product is wrapped to 32 bits afterwards, only the product's low half counts,
        // and it depends only on the operands' low halves. Without the instruction set: the plain 64-bit multiply.

        /// <summary>a · b of long lanes holding sign-extended ints (see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<long> MulInts(Vector128<long> a, Vector128<long> b) =>
            Sse41.IsSupported ? Sse41.Multiply(a.AsInt32(), b.AsInt32()) : a * b;

        /// <summary>a · b of long lanes holding sign-extended ints (see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<long> MulInts(Vector256<long> a, Vector256<long> b) =>
            Avx2.IsSupported ? Avx2.Multiply(a.AsInt32(), b.AsInt32()) : a * b;

        /// <summary>a · b of long lanes holding sign-extended ints (see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<long> MulInts(Vector512<long> a, Vector512<long> b) =>
            Avx512F.IsSupported ? Avx512F.Multiply(a.AsInt32(), b.AsInt32()) : a * b;
    }
}
