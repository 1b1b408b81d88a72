using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace KernelGen
{
    // Software prefetch for reads through an index array (x[idx[k]] in an inner loop: sparse matrix rows, gathers).
    // The core learns the address only when idx[k] arrives, so each read of a large x waits on memory in turn;
    // asking for x[idx[k + distance]] some iterations early overlaps those waits. The generator puts the call in the
    // loop's incrementors (Frontend/Prefetches.cs). With x in the caches the prefetch only costs, so small arrays
    // skip it. Measured on CSR y = A·x (samples/KernelGen.Benchmarks' CsrSpMV loop, 10^6 rows of 5-15 non-zeros, an
    // EPYC with a 32 MiB last-level cache, 2 threads): with x at 8 MB the prefetch cost ~20% (1 thread: ~15%), near
    // 12 MB it broke even, from 16 MB on it gained 1.3-1.7x: the other arrays stream through the same cache, so x
    // stops fitting well before its size reaches the cache's. Hence the default of a third of the largest cache.
    public static partial class KernelRuntime
    {
        /// <summary>How many iterations ahead <see cref="PrefetchGather{T}"/> fetches (about two memory latencies of work).</summary>
        internal const int GatherDistance = 48;

        /// <summary>The environment variable read at start-up for <see cref="PrefetchGatherAbove"/> (bytes).</summary>
        public const string PrefetchGatherVariable = "KERNELGEN_PREFETCH_GATHER_ABOVE";

        // A plain field (not volatile): PrefetchGather reads it in inner loops, where the JIT may keep it in a register.
        private static long s_prefetchAbove = DefaultPrefetchGatherAbove();

        /// <summary>
        /// <see cref="PrefetchGather{T}"/> fetches ahead only in arrays of more bytes than this. Defaults to
        /// <c>KERNELGEN_PREFETCH_GATHER_ABOVE</c> when set, else a third of the largest cache the system reports
        /// (Linux), else 1 MiB. <see cref="long.MaxValue"/> turns the prefetch off; 0 prefetches in every array
        /// (tests). Results are the same either way; only the time differs. Set it before kernels run.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public static long PrefetchGatherAbove
        {
            get => s_prefetchAbove;
            set
            {
                if (value < 0)
                    throw new ArgumentOutOfRangeException(nameof(value), value, "PrefetchGatherAbove must be at least 0 bytes.");
                s_prefetchAbove = value;
            }
        }

        /// <summary>The variable's value, else a third of the largest cache in /sys (Linux), else 1 MiB.</summary>
        public static long DefaultPrefetchGatherAbove() =>
            BytesFrom(PrefetchGatherVariable) ?? (LargestCacheBytes() is long largest and > 0 ? largest / 3 : 1L << 20);

        /// <summary>
        /// Whether <see cref="PrefetchGathers{T}"/> fetches reads of <paramref name="data"/> through <paramref name="index"/>:
        /// the machine can, and data is over <see cref="PrefetchGatherAbove"/> bytes. Used by generated code, which runs
        /// its rows without range checks only where this says no (the prefetch's test in every row costs more than it saves there).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool PrefetchesGathers<T>(T[] data, int[] index) where T : unmanaged => Prefetches(data, index);

        /// <summary>Whether reads of <paramref name="data"/> through <paramref name="index"/> are prefetched: the machine can, and data is large.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe bool Prefetches<T>(T[] data, int[] index) where T : unmanaged =>
            Sse.IsSupported && data is not null && index is not null && (long)data.Length * sizeof(T) > s_prefetchAbove;

        /// <summary>
        /// Starts loading <c>data[index[at + 48]]</c> into the cache, when <paramref name="data"/> is over <see cref="PrefetchGatherAbove"/> bytes and
        /// that slot of <paramref name="index"/> exists. A hint only: it never throws (null arrays, any index value),
        /// never reads <paramref name="data"/> and changes nothing the program can see. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void PrefetchGather<T>(T[] data, int[] index, int at) where T : unmanaged
        {
            if (!Prefetches(data, index))
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

        /// <summary>
        /// Returns <paramref name="limit"/>, after starting to load <c>data[index[k + 48]]</c> for every k from
        /// <paramref name="from"/> up to <paramref name="limit"/> (those slots of <paramref name="index"/> that exist),
        /// when <paramref name="data"/> is over <see cref="PrefetchGatherAbove"/> bytes: the prefetches of
        /// <see cref="PrefetchGather{T}"/> for a whole inner loop, issued where the generated code reads the loop's limit
        /// once. There they leave the loop itself as written, which the JIT can then clone without its range checks.
        /// A hint only, like PrefetchGather: it never throws and never reads <paramref name="data"/>. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        // Inlined whole: a call here, even one not taken, makes the JIT keep a floating-point sum that is live across
        // it (the row's sum, declared before the loop) in memory for the whole loop (SysV saves no xmm register).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe int PrefetchGathers<T>(T[] data, int[] index, int from, int limit) where T : unmanaged
        {
            if (!Prefetches(data, index))
                return limit;
            long start = Math.Max(0L, (long)from + GatherDistance), stop = Math.Min((long)limit + GatherDistance, index.Length);
            ref int slots = ref MemoryMarshal.GetArrayDataReference(index);
            // An address, never a reference (see PrefetchGather).
            nint origin = unchecked((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data)));
            for (long at = start; at < stop; at++)
                Sse.Prefetch0((void*)unchecked(origin + (nint)Unsafe.Add(ref slots, (nint)at) * sizeof(T)));
            return limit;
        }
    }
}
