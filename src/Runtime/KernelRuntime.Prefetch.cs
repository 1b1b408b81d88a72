using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace KernelGen
{
    // Software prefetch for reads through an index array (x[idx[k]] in an inner loop: sparse matrix rows, gathers).
    // The core learns the address only when idx[k] arrives, so each read of a large x waits on memory in turn;
    // asking for x[idx[k + distance]] some iterations early overlaps those waits. The generator puts the call in the
    // loop's incrementors (Frontend/Prefetches.cs). Measured on CSR y = A·x, 10^6 rows, x 8 MB, 1 thread: about 1.5-2x
    // (samples/KernelGen.Benchmarks, CsrSpMV); with x in the caches the prefetch only costs, so small arrays skip it.
    public static partial class KernelRuntime
    {
        /// <summary>How many iterations ahead <see cref="PrefetchGather{T}"/> fetches (about two memory latencies of work).</summary>
        internal const int GatherDistance = 48;

        /// <summary>Arrays smaller than this (bytes) are taken to be in the caches: no prefetch.</summary>
        internal const long PrefetchAboveBytes = 1L << 20;

        /// <summary>
        /// Starts loading <c>data[index[at + 48]]</c> into the cache, when <paramref name="data"/> is over 1 MiB and
        /// that slot of <paramref name="index"/> exists. A hint only: it never throws (null arrays, any index value),
        /// never reads <paramref name="data"/> and changes nothing the program can see. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void PrefetchGather<T>(T[] data, int[] index, int at) where T : unmanaged
        {
            if (!Sse.IsSupported || data is null || index is null || (long)data.Length * sizeof(T) <= PrefetchAboveBytes)
                return;
            uint ahead = unchecked((uint)(at + GatherDistance));
            if (ahead >= (uint)index.Length)
                return;
            int slot = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(index), (nint)ahead);
            // An address, never a reference: an index outside data (the loop rejects it when it gets there) only
            // fetches a line nobody reads, and a prefetch does not fault. If the GC moves data meanwhile, the hint
            // is merely stale.
            nint address = unchecked((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data)) + (nint)slot * sizeof(T));
            Sse.Prefetch0((void*)address);
        }
    }
}
