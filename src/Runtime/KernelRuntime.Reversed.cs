using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // The reversed schedule, a test hook. On two threads a loop-carried dependence the analysis missed shows only
        // when the two threads' chunks happen to overlap in time, which on small inputs they rarely do: the chunks of a
        // 1,000-element call are done before a worker wakes. Run last chunk first instead, and every dependence that
        // crosses a chunk boundary runs backwards on every call: a read before the write it should see, the earlier of
        // two writes last. The differential tests and the random-kernel runs compare this schedule with the serial
        // method too, so a race the analysis misses is a wrong result they see every time, not once in many runs.

        /// <summary>Chunk size of the reversed schedule on this thread, 0 when off.</summary>
        [ThreadStatic] private static int t_reversedChunk;

        /// <summary>Threads with the reversed schedule on: RunWhole's fast path reads this, not the thread-static.</summary>
        private static int s_reversedThreads;

        /// <summary>
        /// Test hook: while positive, every kernel called on this thread runs on it alone, in chunks of this many
        /// iterations (a <see cref="ParallelKernelAttribute.ChunkSize"/> of the user's and the chunks of
        /// <see cref="ParallelKernelAttribute.Deterministic"/> kernels stay as they are), the last chunk first. An
        /// exception is the lowest chunk's, as on the worker pool. 0 turns it off. Other threads are not affected.
        /// </summary>
        internal static int ReversedChunkSize
        {
            get => t_reversedChunk;
            set
            {
                if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "A chunk size is positive, or 0 for off.");
                if ((t_reversedChunk > 0) != (value > 0)) Interlocked.Add(ref s_reversedThreads, value > 0 ? 1 : -1);
                t_reversedChunk = value;
            }
        }

        /// <summary>
        /// The chunk size and degree the reversed schedule plans with, and whether it applies: on for this thread, and
        /// the loop one that may run in parallel (not below its serial threshold, which the generated code also sets
        /// to long.MaxValue where a launch check fails: those chunks must run in order).
        /// </summary>
        private static bool Reversed(long tripCount, long minParallelTrips, ref long chunkSize, ref int degree, bool deterministic)
        {
            if (Volatile.Read(ref s_reversedThreads) == 0 || t_reversedChunk == 0 || tripCount < minParallelTrips) return false;
            degree = 1;
            if (chunkSize <= 0 && !deterministic) chunkSize = t_reversedChunk;
            return true;
        }

        /// <summary>True when the reversed schedule is on for this thread and splits a loop of <paramref name="tripCount"/> iterations.</summary>
        private static bool SplitsReversed(long tripCount) => Volatile.Read(ref s_reversedThreads) > 0 && t_reversedChunk > 0 && tripCount > t_reversedChunk;

        /// <summary>The chunks of <paramref name="plan"/> last first, on this thread (inside the kernel already).</summary>
        private static void RunReversed<TBody>(in ChunkPlan plan, ref TBody body) where TBody : struct, IChunkBody
        {
            ExceptionDispatchInfo? lowest = null;
            for (long c = plan.EndChunk - 1; c >= plan.FirstChunk; c--)
            {
                TBody local = body;
                try { local.Run(c, c * plan.ChunkSize, Math.Min((c + 1) * plan.ChunkSize, plan.TripCount)); }
                catch (Exception e) { lowest = ExceptionDispatchInfo.Capture(e); } // a lower chunk's replaces it
            }
            lowest?.Throw();
        }
    }
}
