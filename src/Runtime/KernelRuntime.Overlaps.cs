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
        /// Whether a row of <paramref name="rows"/> shares a byte with <paramref name="view"/>: O(rows), null rows
        /// skipped. False for a null array of rows. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsOverlap<TRow, TView>(TRow[]?[]? rows, ReadOnlySpan<TView> view)
        {
            if (rows is null || view.IsEmpty) return false;
            foreach (TRow[]? row in rows)
                if (row is not null
                    && Overlap(ref Unsafe.As<TRow, byte>(ref MemoryMarshal.GetArrayDataReference(row)), (nuint)row.LongLength * (nuint)Unsafe.SizeOf<TRow>(), view))
                    return true;
            return false;
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
