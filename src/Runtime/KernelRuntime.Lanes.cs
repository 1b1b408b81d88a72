using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // One lane of a vector local, by reference: generated vector loops use it where an operation has no vector form
        // (a Math function without an exact vector counterpart, a helper, an integer division, an element read at a
        // subscript that is not consecutive) and each lane computes what the scalar code computes for its iteration.
        // A variable lane index into a register would spill it on every access; through a reference the local stays in
        // memory for the few lines that need it.

        /// <summary>Lane <paramref name="lane"/> of <paramref name="vector"/> (0 ≤ lane &lt; Count; not checked).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ref T Lane<T>(ref Vector128<T> vector, int lane) => ref Unsafe.Add(ref Unsafe.As<Vector128<T>, T>(ref vector), lane);

        /// <inheritdoc cref="Lane{T}(ref Vector128{T}, int)"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ref T Lane<T>(ref Vector256<T> vector, int lane) => ref Unsafe.Add(ref Unsafe.As<Vector256<T>, T>(ref vector), lane);

        /// <inheritdoc cref="Lane{T}(ref Vector128{T}, int)"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ref T Lane<T>(ref Vector512<T> vector, int lane) => ref Unsafe.Add(ref Unsafe.As<Vector512<T>, T>(ref vector), lane);

        /// <summary>Lane 0 of <paramref name="vector"/> (a register move; a first lane's value for subscripts).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T FirstLane<T>(Vector128<T> vector) => vector.ToScalar();

        /// <inheritdoc cref="FirstLane{T}(Vector128{T})"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T FirstLane<T>(Vector256<T> vector) => vector.ToScalar();

        /// <inheritdoc cref="FirstLane{T}(Vector128{T})"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T FirstLane<T>(Vector512<T> vector) => vector.ToScalar();

        /// <summary>
        /// One field of <c>Vector3.Lerp(a, b, t)</c> (Vector2/4 too): .NET 10 computes it as Vector128.Lerp, a multiply-add
        /// estimate (fused where the machine has FMA, as every VectorN.Lerp is), not as float.Lerp's two roundings.
        /// Generated code uses it where one field of a Numerics lerp is computed alone.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float NumericsLerp(float a, float b, float t) =>
            Vector128.Lerp(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b), Vector128.CreateScalarUnsafe(t)).ToScalar();
    }
}
