using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Memory checks for what a span may view besides a 1-D array: a rectangular array (a caller's
        // MemoryMarshal.CreateSpan over arr[0, 0]) and the rows of a jagged array (a row passed as a span, or as the
        // 1-D array it is). The parallel proof takes them apart; the launch and the vector guard ask these and run
        // the loop as written where they meet. MemoryExtensions.Overlaps cannot take a rectangular array, and its
        // int lengths cannot hold every array's bytes: these compare byte offsets in native-sized integers.

        /// <summary>
        /// Whether the elements of <paramref name="array"/> (any rank, elements of <typeparamref name="TElem"/>) share
        /// a byte with <paramref name="view"/>. False for a null or empty array. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool ArrayOverlaps<TElem, TView>(Array? array, ReadOnlySpan<TView> view)
        {
            if (array is null) return false;
            return Overlap(ref MemoryMarshal.GetArrayDataReference(array), (nuint)array.LongLength * (nuint)Unsafe.SizeOf<TElem>(), view);
        }

        /// <summary>
        /// Whether a row of <paramref name="rows"/> (those in [<paramref name="first"/>, <paramref name="end"/>), all by
        /// default) shares a byte with <paramref name="view"/>: O(rows), null rows skipped. False for a null array of
        /// rows. The launch asks it of every row; a chunk's vector path of the rows it copies into tiles (a tile
        /// copied at the start of a step would miss what the step stores into a row). Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsOverlap<TRow, TView>(TRow[]?[]? rows, ReadOnlySpan<TView> view, long first = 0, long end = long.MaxValue)
        {
            if (rows is null || view.IsEmpty) return false;
            for (long r = Math.Max(first, 0), last = Math.Min(end, rows.LongLength); r < last; r++)
                if (rows[r] is { } row
                    && Overlap(ref Unsafe.As<TRow, byte>(ref MemoryMarshal.GetArrayDataReference(row)), (nuint)row.LongLength * (nuint)Unsafe.SizeOf<TRow>(), view))
                    return true;
            return false;
        }

        /// <summary>
        /// Whether <paramref name="array"/> is one of the rows of <paramref name="rows"/> (those in [<paramref name="first"/>,
        /// <paramref name="end"/>), all by default): <see cref="RowsOverlap{TRow, TView}(TRow[][], ReadOnlySpan{TView}, long, long)"/>
        /// for a 1-D array, which shares memory with a row only by being it. Compares references only (no row is read):
        /// O(rows) and cheap. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsHold<TRow>(TRow[]?[]? rows, object? array, long first = 0, long end = long.MaxValue)
        {
            if (rows is null || array is null) return false;
            for (long r = Math.Max(first, 0), last = Math.Min(end, rows.LongLength); r < last; r++)
                if (ReferenceEquals(rows[r], array)) return true;
            return false;
        }

        /// <summary>
        /// Whether rows [<paramref name="first"/>, <paramref name="end"/>) of <paramref name="rows"/> all exist (the range
        /// inside the array), are not null and hold at least <paramref name="length"/> elements: a chunk's vector path reads
        /// a row an inner loop's counter picks (<c>sources[s][n]</c>) without checks only then. True for an empty range. O(rows).
        /// Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsCover<TRow>(TRow[]?[]? rows, long first, long end, int length)
        {
            if (first >= end) return true;
            if (rows is null || first < 0 || end > rows.LongLength) return false;
            for (long r = first; r < end; r++)
                if (rows[r] is not { } row || row.Length < length) return false;
            return true;
        }

        /// <summary>
        /// Whether rows [<paramref name="first"/>, <paramref name="end"/>) of a rectangular array (clamped to its rows)
        /// share a byte with <paramref name="view"/>: O(1). False for a null grid. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsOverlap<T, TView>(T[,]? grid, ReadOnlySpan<TView> view, long first, long end)
        {
            if (grid is null) return false;
            long low = Math.Max(first, 0), high = Math.Min(end, grid.GetLength(0)), length = grid.GetLength(1);
            if (low >= high) return false;
            ref byte start = ref Unsafe.AddByteOffset(ref MemoryMarshal.GetArrayDataReference((Array)grid), (nint)(low * length * Unsafe.SizeOf<T>()));
            return Overlap(ref start, (nuint)((high - low) * length) * (nuint)Unsafe.SizeOf<T>(), view);
        }

        /// <summary>Whether <paramref name="bytes"/> bytes from <paramref name="start"/> share a byte with <paramref name="view"/>.</summary>
        private static bool Overlap<TView>(ref byte start, nuint bytes, ReadOnlySpan<TView> view)
        {
            nuint viewBytes = (nuint)view.Length * (nuint)Unsafe.SizeOf<TView>();
            if (bytes == 0 || viewBytes == 0) return false;
            nint offset = Unsafe.ByteOffset(ref start, ref Unsafe.As<TView, byte>(ref MemoryMarshal.GetReference(view)));
            // The view starts at start + offset: they meet when it starts inside [start, start + bytes), or starts
            // before and reaches past start.
            return offset >= 0 ? (nuint)offset < bytes : (nuint)(-offset) < viewBytes;
        }
    }
}
