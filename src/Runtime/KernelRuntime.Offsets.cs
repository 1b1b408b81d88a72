using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Range checks made once a chunk for the rows of an offsets table (CSR row pointers): the generated chunk
        // asks these before it runs its rows' inner loops without the checks of values[k] and x[col[k]], and runs the
        // loop as written, with every check, when one says no. Both only read, never throw, and scan with vectors:
        // the scan costs about one more read of the chunk's col entries, which the loop then finds in the cache.

        /// <summary>
        /// Whether rows [<paramref name="first"/>, <paramref name="last"/>) of an offsets table span only valid
        /// positions: <c>offsets[first..last]</c> exist, never fall, start at 0 or more and end at
        /// <paramref name="length"/> or less. Then every k with <c>offsets[r] ≤ k &lt; offsets[r + 1]</c> for a row r
        /// of the range lies in [0, <paramref name="length"/>). False for a null table. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsWithin(int[]? offsets, int first, int last, int length)
        {
            if (offsets is null || first < 0 || first > last || last >= offsets.Length
                || offsets[first] < 0 || offsets[last] > length)
                return false;
            // Rising: offsets[i] ≤ offsets[i + 1] for i in [first, last), compared a vector of pairs at a time.
            ReadOnlySpan<int> low = offsets.AsSpan(first, last - first), high = offsets.AsSpan(first + 1, last - first);
            int at = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // (The falls are gathered and tested once: a branch per vector would cost more than the compares.)
                Vector<int> falls = Vector<int>.Zero;
                for (; at + Vector<int>.Count <= low.Length; at += Vector<int>.Count)
                    falls |= Vector.GreaterThan(new Vector<int>(low.Slice(at)), new Vector<int>(high.Slice(at)));
                if (falls != Vector<int>.Zero)
                    return false;
            }
            for (; at < low.Length; at++)
                if (low[at] > high[at])
                    return false;
            return true;
        }

        /// <summary>
        /// Whether the elements <c>p[pLow..pHigh]</c> and <c>q[qLow..qHigh]</c> share no byte (the extremes of the
        /// subscripts a loop makes through two pointers, computed at its launch); an empty range shares none. The
        /// generated launch runs the loop in parallel only where this holds (two locked bitmaps, a source and a
        /// destination, are then apart). Never reads through the pointers. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static unsafe bool PointersApart<TP, TQ>(TP* p, Int128 pLow, Int128 pHigh, TQ* q, Int128 qLow, Int128 qHigh)
            where TP : unmanaged where TQ : unmanaged
        {
            if (pLow > pHigh || qLow > qHigh) return true;
            // Byte addresses as 128-bit integers: no product or sum here can wrap.
            Int128 pFirst = (Int128)(nint)p + pLow * sizeof(TP), pEnd = (Int128)(nint)p + (pHigh + 1) * sizeof(TP);
            Int128 qFirst = (Int128)(nint)q + qLow * sizeof(TQ), qEnd = (Int128)(nint)q + (qHigh + 1) * sizeof(TQ);
            return pEnd <= qFirst || qEnd <= pFirst;
        }

        /// <summary>
        /// Whether the elements <c>p[low..high]</c> share no byte with <paramref name="array"/>'s elements (a null array
        /// has none). The generated launch runs the loop in parallel only where this holds (a lookup table beside a locked
        /// bitmap). The GC never moves an array onto pinned or unmanaged memory, so an answer of yes stays true. Never
        /// reads through the pointer. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static unsafe bool PointerApartFrom<TP, TA>(TP* p, Int128 low, Int128 high, TA[]? array) where TP : unmanaged =>
            array is null || ApartFromData(p, low, high, ref Unsafe.As<TA, byte>(ref MemoryMarshal.GetArrayDataReference(array)), array.LongLength * Unsafe.SizeOf<TA>());

        /// <inheritdoc cref="PointerApartFrom{TP, TA}(TP*, Int128, Int128, TA[])"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static unsafe bool PointerApartFrom<TP, TA>(TP* p, Int128 low, Int128 high, TA[,]? array) where TP : unmanaged =>
            array is null || ApartFromData(p, low, high, ref MemoryMarshal.GetArrayDataReference(array), array.LongLength * Unsafe.SizeOf<TA>());

        private static unsafe bool ApartFromData<TP>(TP* p, Int128 low, Int128 high, ref byte data, long bytes) where TP : unmanaged
        {
            if (low > high || bytes == 0) return true;
            Int128 first = (Int128)(nint)p + low * sizeof(TP), end = (Int128)(nint)p + (high + 1) * sizeof(TP);
            // The array's address now (an address, not a reference: only compared).
            Int128 start = (nint)Unsafe.AsPointer(ref data);
            return end <= start || start + bytes <= first;
        }

        /// <summary>
        /// Whether every entry of <c>index[from..to)</c> is a valid position of an array of <paramref name="bound"/>
        /// elements (0 ≤ entry &lt; bound); false when the slice is not inside <paramref name="index"/> (or it is null)
        /// and the slice is not empty. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool IndexesBelow(int[]? index, int from, int to, int bound)
        {
            if (from == to) return true;
            if (index is null || from < 0 || from > to || to > index.Length || bound <= 0)
                return false;
            // Unsigned: a negative entry reads as 2^31 or more, past any bound.
            ReadOnlySpan<uint> entries = MemoryMarshal.Cast<int, uint>(index.AsSpan(from, to - from));
            int at = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // (The largest entry is tested once, after the loop: a branch per vector would cost more than the max.)
                Vector<uint> largest = Vector<uint>.Zero;
                for (; at + Vector<uint>.Count <= entries.Length; at += Vector<uint>.Count)
                    largest = Vector.Max(largest, new Vector<uint>(entries.Slice(at)));
                if (Vector.GreaterThanOrEqualAny(largest, new Vector<uint>((uint)bound)))
                    return false;
            }
            for (; at < entries.Length; at++)
                if (entries[at] >= (uint)bound)
                    return false;
            return true;
        }
    }
}
