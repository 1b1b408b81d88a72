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

        // Users get it too: KERNELGEN_REVERSED_CHUNKS=3 while their own tests run puts every kernel call of the process
        // on this schedule, so a dependence KernelGen missed in their loop is a wrong result in their tests. Slow (one
        // thread, small chunks): for test runs only.

        /// <summary>The environment variable that turns the reversed schedule on for every thread: a positive chunk size.</summary>
        public const string ReversedChunksVariable = "KERNELGEN_REVERSED_CHUNKS";

        /// <summary>The chunk size <see cref="ReversedChunksVariable"/> sets for every thread, 0 when unset or not a positive integer.</summary>
        private static readonly int s_reversedEverywhere =
            int.TryParse(Environment.GetEnvironmentVariable(ReversedChunksVariable), out int chunk) && chunk > 0 ? chunk : 0;

        /// <summary>Chunk size of the reversed schedule on this thread, 0 when off (then <see cref="s_reversedEverywhere"/>).</summary>
        [ThreadStatic] private static int t_reversedChunk;

        /// <summary>Threads with the reversed schedule on (or 1 for the variable): RunWhole's fast path reads this, not the thread-static.</summary>
        private static int s_reversedThreads = s_reversedEverywhere > 0 ? 1 : 0;

        /// <summary>
        /// The chunk size <c>KERNELGEN_REVERSED_CHUNKS</c> set at start-up, 0 when unset (or not a positive integer). While
        /// it is set, every kernel call of the process runs on the calling thread in chunks of that many iterations, the
        /// last chunk first (chunks a launch check keeps in order, and those of <see cref="ParallelKernelAttribute.Deterministic"/>
        /// kernels or a <see cref="ParallelKernelAttribute.ChunkSize"/>, keep theirs): every dependence between
        /// iterations of different chunks runs backwards on every call, so a loop KernelGen wrongly judged independent
        /// gives a wrong result in your own tests instead of once in many runs. Results of correct kernels are the same
        /// (float reductions within their documented rounding). For test runs only: one thread.
        /// </summary>
        public static int ReversedChunks => s_reversedEverywhere;

        /// <summary>This thread's chunk size of the reversed schedule, else the variable's, else 0.</summary>
        private static int ReversedChunk => t_reversedChunk > 0 ? t_reversedChunk : s_reversedEverywhere;

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
            if (Volatile.Read(ref s_reversedThreads) == 0 || ReversedChunk == 0 || tripCount < minParallelTrips) return false;
            degree = 1;
            if (chunkSize <= 0 && !deterministic) chunkSize = ReversedChunk;
            return true;
        }

        /// <summary>True when the reversed schedule is on for this thread and splits a loop of <paramref name="tripCount"/> iterations.</summary>
        private static bool SplitsReversed(long tripCount) => Volatile.Read(ref s_reversedThreads) > 0 && ReversedChunk > 0 && tripCount > ReversedChunk;

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
