using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace KernelGen
{
    // Streaming (non-temporal) stores for outputs larger than the last-level cache: the generator's side is
    // src/Generator/Vectorize/StreamingStores.cs (which steps may stream, and why repeating part of a step is exact).
    public static partial class KernelRuntime
    {
        /// <summary>The environment variable read at start-up for <see cref="StreamingStoresAbove"/> (bytes).</summary>
        public const string StreamingStoresVariable = "KERNELGEN_STREAMING_STORES_ABOVE";

        private static long s_streamAbove = DefaultStreamingStoresAbove();

        /// <summary>
        /// Vector loops whose stored arrays together hold more bytes than this write them with non-temporal stores
        /// (around the cache, without first reading each line), where the generated code's report says it may.
        /// Defaults to <c>KERNELGEN_STREAMING_STORES_ABOVE</c> when set, else the size of the largest cache the
        /// system reports (Linux), else 32 MiB. <see cref="long.MaxValue"/> turns streaming stores off; 0 streams
        /// every eligible loop (tests). The results are the same either way; only the time differs.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public static long StreamingStoresAbove
        {
            get => Volatile.Read(ref s_streamAbove);
            set
            {
                if (value < 0)
                    throw new ArgumentOutOfRangeException(nameof(value), value, "StreamingStoresAbove must be at least 0 bytes.");
                Volatile.Write(ref s_streamAbove, value);
            }
        }

        /// <summary>The variable's value, else the largest cache in /sys (Linux), else 32 MiB.</summary>
        public static long DefaultStreamingStoresAbove() =>
            BytesFrom(StreamingStoresVariable) ?? (LargestCacheBytes() is long largest and > 0 ? largest : 32L << 20);

        /// <summary>A byte count from an environment variable: null when it is unset, not a number, or negative.</summary>
        internal static long? BytesFrom(string variable) =>
            long.TryParse(Environment.GetEnvironmentVariable(variable), out long bytes) && bytes >= 0 ? bytes : null;

        /// <summary>The size in bytes of the largest cache the system reports (Linux: /sys), or 0 where none is known.</summary>
        /// <remarks>Read once (both thresholds ask): the reads cost a few milliseconds of start-up, mostly the file API's JIT.</remarks>
        internal static long LargestCacheBytes() => CacheSizes.Largest;

        private static class CacheSizes
        {
            internal static readonly long Largest = ReadLargestCacheBytes();
        }

        private static long ReadLargestCacheBytes()
        {
            long largest = 0;
            try
            {
                for (int index = 0; index < 8; index++)
                {
                    string file = $"/sys/devices/system/cpu/cpu0/cache/index{index}/size";
                    if (!File.Exists(file))
                        break;
                    string text = File.ReadAllText(file).Trim(); // "32768K"
                    long scale = text.EndsWith("K", StringComparison.Ordinal) ? 1024 : text.EndsWith("M", StringComparison.Ordinal) ? 1024 * 1024 : 1;
                    if (long.TryParse(text.TrimEnd('K', 'M'), out long size))
                        largest = Math.Max(largest, size * scale);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return largest;
        }

        /// <summary>Whether stored arrays of <paramref name="bytes"/> in all are streamed. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool StreamingStores(long bytes) => bytes > Volatile.Read(ref s_streamAbove);

        /// <summary>
        /// Elements from <c>at[index]</c> to the next element aligned for a vector of <paramref name="count"/> of them
        /// (0 when it is aligned, or when no element of the array is). Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static unsafe int StreamPeel<T>(ref T at, nuint index, int count) where T : unmanaged
        {
            nuint bytes = (nuint)(count * sizeof(T));
            fixed (T* p = &Unsafe.Add(ref at, index))
            {
                nuint gap = (bytes - (nuint)p % bytes) % bytes;
                return gap % (nuint)sizeof(T) == 0 ? (int)(gap / (nuint)sizeof(T)) : 0;
            }
        }

        // A non-temporal store where the address is aligned (inside the fixed block: the GC cannot move the array
        // between the test and the store), else an ordinary one. Used by generated code.
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void StreamStore<T>(Vector128<T> value, ref T at, nuint index) where T : unmanaged
        {
            fixed (T* p = &Unsafe.Add(ref at, index))
            {
                if (((nuint)p & 15) == 0) Vector128.StoreAlignedNonTemporal(value, p);
                else Vector128.Store(value, p);
            }
        }

        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void StreamStore<T>(Vector256<T> value, ref T at, nuint index) where T : unmanaged
        {
            fixed (T* p = &Unsafe.Add(ref at, index))
            {
                if (((nuint)p & 31) == 0) Vector256.StoreAlignedNonTemporal(value, p);
                else Vector256.Store(value, p);
            }
        }

        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void StreamStore<T>(Vector512<T> value, ref T at, nuint index) where T : unmanaged
        {
            fixed (T* p = &Unsafe.Add(ref at, index))
            {
                if (((nuint)p & 63) == 0) Vector512.StoreAlignedNonTemporal(value, p);
                else Vector512.Store(value, p);
            }
        }

        /// <summary>
        /// After a loop of streaming stores: they are weakly ordered, so they are made visible before anything the
        /// thread does next (the join that publishes the chunk's results). Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void StreamFence()
        {
            if (System.Runtime.Intrinsics.X86.Sse.IsSupported) System.Runtime.Intrinsics.X86.Sse.StoreFence();
            else Interlocked.MemoryBarrier();
        }
    }
}
