using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Lanes set in both masks. On AVX-512 hardware .NET 10's JIT keeps comparison results in mask registers and folds
        // the AND of a mask with a mask it proves all-false to the other mask (dotnet/runtime#123399): '(0 & a[i]) >= 200
        // && 16 + r[i] < 0' came out true wherever the right side was (random kernels, seed 816), in Vector128 code too.
        // There the AND is written as a select, which that fold does not touch (Mandelbrot's while mask: ~5% slower on
        // one thread); without AVX-512 the plain AND, which the select would cost ~10% on the same loop. (Through this
        // inlined helper even a plain AND escaped the fold in the regression tests; the select keeps it out of the fold's
        // reach whatever the JIT inlines first.)

        /// <summary>a &amp; b of two lane masks (see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> MaskAnd<T>(Vector128<T> a, Vector128<T> b) =>
            Avx512F.VL.IsSupported ? Vector128.ConditionalSelect(a, b, Vector128<T>.Zero) : a & b;

        /// <summary>a &amp; b of two lane masks (see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> MaskAnd<T>(Vector256<T> a, Vector256<T> b) =>
            Avx512F.VL.IsSupported ? Vector256.ConditionalSelect(a, b, Vector256<T>.Zero) : a & b;

        /// <summary>a &amp; b of two lane masks (see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> MaskAnd<T>(Vector512<T> a, Vector512<T> b) =>
            Avx512F.IsSupported ? Vector512.ConditionalSelect(a, b, Vector512<T>.Zero) : a & b;
    }
}
