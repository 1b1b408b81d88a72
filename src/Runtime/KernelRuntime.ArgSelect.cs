using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // argmin/argmax on vector lanes (`if (d < best) { best = d; bestIndex = i; }`): each lane keeps the value and the
        // index it took last, exactly as the scalar loop would over that lane's iterations, and whether it took any. After
        // the vector loop the lanes that took are replayed into the chunk's scalar pair in the order of their indices (the
        // iteration order), with the loop's own comparison: for '<' the first of equal values wins, for '<=' the last, as
        // in the serial loop, since every other value a lane saw lost to its own winner under the same comparison.

        /// <summary>Replays the lanes that took a value into (<paramref name="best"/>, <paramref name="index"/>).</summary>
        /// <param name="family">0: '&lt;', 1: '&lt;=', 2: '&gt;', 3: '&gt;='.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void FoldArgSelect<T, TLane, TIndex>(Vector128<T> values, Vector128<TLane> indices, Vector128<TLane> taken, int family, ref T best, ref TIndex index, ref bool took)
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex> =>
            Replay(Lanes<Vector128<T>, T>(ref values, Vector128<T>.Count), Lanes<Vector128<TLane>, TLane>(ref indices, Vector128<TLane>.Count),
                Lanes<Vector128<TLane>, TLane>(ref taken, Vector128<TLane>.Count), family, ref best, ref index, ref took);

        /// <inheritdoc cref="FoldArgSelect{T, TLane, TIndex}(Vector128{T}, Vector128{TLane}, Vector128{TLane}, int, ref T, ref TIndex, ref bool)"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void FoldArgSelect<T, TLane, TIndex>(Vector256<T> values, Vector256<TLane> indices, Vector256<TLane> taken, int family, ref T best, ref TIndex index, ref bool took)
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex> =>
            Replay(Lanes<Vector256<T>, T>(ref values, Vector256<T>.Count), Lanes<Vector256<TLane>, TLane>(ref indices, Vector256<TLane>.Count),
                Lanes<Vector256<TLane>, TLane>(ref taken, Vector256<TLane>.Count), family, ref best, ref index, ref took);

        /// <inheritdoc cref="FoldArgSelect{T, TLane, TIndex}(Vector128{T}, Vector128{TLane}, Vector128{TLane}, int, ref T, ref TIndex, ref bool)"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void FoldArgSelect<T, TLane, TIndex>(Vector512<T> values, Vector512<TLane> indices, Vector512<TLane> taken, int family, ref T best, ref TIndex index, ref bool took)
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex> =>
            Replay(Lanes<Vector512<T>, T>(ref values, Vector512<T>.Count), Lanes<Vector512<TLane>, TLane>(ref indices, Vector512<TLane>.Count),
                Lanes<Vector512<TLane>, TLane>(ref taken, Vector512<TLane>.Count), family, ref best, ref index, ref took);

        private static ReadOnlySpan<TLane> Lanes<TVector, TLane>(ref TVector vector, int count) =>
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TVector, TLane>(ref vector), count);

        private static void Replay<T, TLane, TIndex>(ReadOnlySpan<T> values, ReadOnlySpan<TLane> indices, ReadOnlySpan<TLane> taken, int family, ref T best, ref TIndex index, ref bool took)
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex>
        {
            ulong left = 0; // lanes still to replay (at most 64)
            for (int l = 0; l < values.Length; l++)
                if (taken[l] != TLane.Zero) left |= 1UL << l;
            while (left != 0)
            {
                int pick = -1;
                for (int l = 0; l < values.Length; l++)
                    if ((left >> l & 1) != 0 && (pick < 0 || indices[l] < indices[pick])) pick = l;
                left &= ~(1UL << pick);
                T value = values[pick];
                bool takes = family switch { 0 => value < best, 1 => value <= best, 2 => value > best, _ => value >= best };
                if (!takes) continue;
                best = value;
                index = TIndex.CreateTruncating(indices[pick]);
                took = true;
            }
        }
    }
}
