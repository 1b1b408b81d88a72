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
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex>
        {
            if (taken == Vector128<TLane>.Zero) return; // no lane took a value (a narrower width that ran no step)
            Replay(Lanes<Vector128<T>, T>(ref values, Vector128<T>.Count), Lanes<Vector128<TLane>, TLane>(ref indices, Vector128<TLane>.Count),
                Lanes<Vector128<TLane>, TLane>(ref taken, Vector128<TLane>.Count), family, ref best, ref index, ref took);
        }

        /// <inheritdoc cref="FoldArgSelect{T, TLane, TIndex}(Vector128{T}, Vector128{TLane}, Vector128{TLane}, int, ref T, ref TIndex, ref bool)"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void FoldArgSelect<T, TLane, TIndex>(Vector256<T> values, Vector256<TLane> indices, Vector256<TLane> taken, int family, ref T best, ref TIndex index, ref bool took)
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex>
        {
            if (taken == Vector256<TLane>.Zero) return; // no lane took a value (a narrower width that ran no step)
            Replay(Lanes<Vector256<T>, T>(ref values, Vector256<T>.Count), Lanes<Vector256<TLane>, TLane>(ref indices, Vector256<TLane>.Count),
                Lanes<Vector256<TLane>, TLane>(ref taken, Vector256<TLane>.Count), family, ref best, ref index, ref took);
        }

        /// <inheritdoc cref="FoldArgSelect{T, TLane, TIndex}(Vector128{T}, Vector128{TLane}, Vector128{TLane}, int, ref T, ref TIndex, ref bool)"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void FoldArgSelect<T, TLane, TIndex>(Vector512<T> values, Vector512<TLane> indices, Vector512<TLane> taken, int family, ref T best, ref TIndex index, ref bool took)
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex>
        {
            if (taken == Vector512<TLane>.Zero) return; // no lane took a value (a narrower width that ran no step)
            Replay(Lanes<Vector512<T>, T>(ref values, Vector512<T>.Count), Lanes<Vector512<TLane>, TLane>(ref indices, Vector512<TLane>.Count),
                Lanes<Vector512<TLane>, TLane>(ref taken, Vector512<TLane>.Count), family, ref best, ref index, ref took);
        }

        /// <summary>
        /// The fewest iterations for which an inner loop's lanes pay off for a select (argmin/argmax): 4 steps of the
        /// widest width the hardware accelerates (the JIT folds it to a constant). Below that the fold after the vector
        /// loop costs more than the scalar loop saves: a row's argmax, one thread, ran 0.6-0.9x the serial loop at 8-24
        /// doubles in Vector512 lanes and 1.1x at 32; 0.7x at 8 in Vector256 lanes and 1.25x at 16; floats the same at
        /// twice the columns.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int SelectMinTrips<T>() =>
            4 * (Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256.IsHardwareAccelerated ? Vector256<T>.Count : Vector128<T>.Count);

        private static ReadOnlySpan<TLane> Lanes<TVector, TLane>(ref TVector vector, int count) =>
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TVector, TLane>(ref vector), count);

        private static void Replay<T, TLane, TIndex>(ReadOnlySpan<T> values, ReadOnlySpan<TLane> indices, ReadOnlySpan<TLane> taken, int family, ref T best, ref TIndex index, ref bool took)
            where T : INumber<T> where TLane : IBinaryInteger<TLane> where TIndex : IBinaryInteger<TIndex>
        {
            // Replaying the lanes in iteration order ends where one pass over them ends: at the extreme value among the
            // lanes that took one, with the first index holding an equal value for '<' and '>' (a later equal value does
            // not pass the test) or the last for '<=' and '>=' (IEEE equality: -0 and +0 tie; no lane takes a NaN), taken
            // when it passes the loop's own test against best. One pass instead of a replay: an inner loop of a few dozen
            // elements folds once per row (a replay of 8 lanes cost more than the row's scalar loop).
            int pick = -1;
            for (int l = 0; l < values.Length; l++)
            {
                if (taken[l] == TLane.Zero) continue;
                if (pick >= 0)
                {
                    T v = values[l], w = values[pick];
                    bool beyond = family < 2 ? v < w : v > w;
                    bool tie = v == w && (family is 0 or 2 ? indices[l] < indices[pick] : indices[l] > indices[pick]);
                    if (!beyond && !tie) continue;
                }
                pick = l;
            }
            if (pick < 0) return;
            T value = values[pick];
            bool takes = family switch { 0 => value < best, 1 => value <= best, 2 => value > best, _ => value >= best };
            if (!takes) return;
            best = value;
            index = TIndex.CreateTruncating(indices[pick]);
            took = true;
        }
    }
}
