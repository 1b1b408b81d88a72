using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace KernelGen
{
    // The worker pool behind KernelRuntime.Run: a fixed set of background threads owned by the runtime (at most
    // MaxDegreeOfParallelism - 1, created lazily; the calling thread works too). One kernel call owns the pool at a
    // time; a concurrent caller that finds it busy runs its kernel serially instead of waiting, so there is no
    // deadlock and no oversubscription. A launch allocates nothing in steady state: the loop state is one cached
    // object per body type, handed to each worker through its mailbox; idle workers spin briefly, then sleep on a
    // semaphore.
    public static partial class KernelRuntime
    {
        /// <summary>1 while some kernel call owns the worker pool.</summary>
        private static int s_poolBusy;
        private static Worker[] s_workers = Array.Empty<Worker>();

        /// <summary>Remaining participants of the current pool job (workers that have not finished it).</summary>
        private static int s_remaining;
        /// <summary>1 while the caller sleeps on <see cref="s_doneSignal"/> waiting for the last worker.</summary>
        private static int s_callerSleeping;
        private static readonly SemaphoreSlim s_doneSignal = new(0);

        /// <summary>How long an idle worker (or a caller waiting for workers) spins before it sleeps.</summary>
        private static readonly long s_spinTicks = Stopwatch.Frequency / 20_000; // 50 microseconds

        /// <summary>Threads of the pool now (for tests and diagnostics).</summary>
        internal static int PoolThreadCount => Volatile.Read(ref s_workers).Length;

        private static bool TryRunOnPool<TBody>(in ChunkPlan plan, ref TBody body) where TBody : struct, IChunkBody
        {
            int helpers = (int)Math.Min(s_maxDegree - 1L, plan.EndChunk - plan.FirstChunk - 1);
            if (helpers <= 0 || Interlocked.CompareExchange(ref s_poolBusy, 1, 0) != 0)
                return false;
            if (BackingOff())
            {
                Volatile.Write(ref s_poolBusy, 0);
                return false;
            }
            PoolJob<TBody>? job = null;
            try
            {
                Worker[] workers = s_workers.Length >= helpers ? s_workers : GrowPool(helpers);
                job = PoolJob<TBody>.Instance ??= new PoolJob<TBody>();
                job.Start(body, plan.TripCount, plan.ChunkSize, plan.FirstChunk, plan.EndChunk, helpers + 1);
                Volatile.Write(ref s_remaining, helpers);
                for (int w = 0; w < helpers; w++)
                    workers[w].Post(job);

                long started = Stopwatch.GetTimestamp();
                int ownChunks;
                t_insideKernel++;
                try { ownChunks = job.Work(0); }
                finally { t_insideKernel--; }
                long ownDone = Stopwatch.GetTimestamp();

                // Workers that have not picked the job up yet have nothing left to do: take it back from them.
                int revoked = 0;
                for (int w = 0; w < helpers; w++)
                    if (workers[w].Revoke(job))
                        revoked++;
                if (revoked > 0)
                    Interlocked.Add(ref s_remaining, -revoked);
                WaitForWorkers();
                Judge(ownChunks, plan.EndChunk - plan.FirstChunk, ownDone - started, Stopwatch.GetTimestamp() - started);
                job.ThrowIfFailed();
            }
            finally
            {
                job?.Clear();
                Volatile.Write(ref s_poolBusy, 0);
            }
            return true;
        }

        // Back-off when the machine has no free core for the workers (other processes, other kernels). A parallel call
        // is judged by its speed-up: the caller's own time per chunk × the chunk count estimates the serial call. A call
        // more than 10% slower than that (the caller waited for a worker that got a core late, or was preempted inside a
        // chunk) was worse than running serially: the next 2^k - 1 parallel calls run serially (k grows with each bad
        // call, up to 6: one probe in 64 calls). A call more than 10% faster resets k; one in between (typically: no
        // worker picked the job up before the caller had claimed every chunk, which cost only a post and a revoke)
        // changes nothing. Counting a missed job as bad trapped loops of ~0.03-1 ms a call in the back-off for good:
        // the workers slept through the serial calls, and on this VM a sleeping thread takes 0.03-2 ms to wake, so
        // every probe missed them too (measured: add f32 at 3e5 and 1e6 floats, 2 threads as slow as 1).
        // Chunk boundaries (ChunkPlan) never change, so results do not depend on it.
        private static int s_backoffLevel, s_backoffLeft;
        private const int MaxBackoffLevel = 6;

        /// <summary>False turns the back-off off (tests and the launch-cost probe force parallel runs).</summary>
        internal static bool AdaptiveBackoff { get; set; } = true;

        private static bool BackingOff()
        {
            if (!AdaptiveBackoff || Volatile.Read(ref s_backoffLeft) <= 0)
                return false;
            s_backoffLeft--; // only the pool owner gets here
            return true;
        }

        private static void Judge(int ownChunks, long chunks, long ownTicks, long totalTicks)
        {
            int verdict = Verdict(ownChunks, chunks, ownTicks, totalTicks);
            if (verdict < 0)
            {
                int level = Math.Min(s_backoffLevel + 1, MaxBackoffLevel);
                s_backoffLevel = level;
                Volatile.Write(ref s_backoffLeft, (1 << level) - 1);
            }
            else if (verdict > 0)
            {
                s_backoffLevel = 0;
            }
        }

        /// <summary>
        /// -1: the parallel call was more than 10% slower than the caller alone would have been (its own time per chunk
        /// × the chunk count); 1: more than 10% faster, or the workers ran every chunk; 0: in between.
        /// </summary>
        internal static int Verdict(int ownChunks, long chunks, long ownTicks, long totalTicks)
        {
            if (ownChunks == 0)
                return 1;
            Int128 parallel = (Int128)totalTicks * ownChunks * 10, serial = (Int128)ownTicks * chunks;
            return parallel > serial * 11 ? -1 : parallel < serial * 9 ? 1 : 0;
        }

        private static void WaitForWorkers()
        {
            if (Volatile.Read(ref s_remaining) == 0)
                return;
            long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            var spinner = new SpinWait();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                if (Volatile.Read(ref s_remaining) == 0)
                    return;
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            Interlocked.Exchange(ref s_callerSleeping, 1);
            if (Volatile.Read(ref s_remaining) == 0 && Interlocked.Exchange(ref s_callerSleeping, 0) == 1)
                return; // the last worker finished before it could see us sleeping: no release is coming
            s_doneSignal.Wait();
        }

        /// <summary>Called by a worker when it is done with the current job.</summary>
        private static void WorkerFinished()
        {
            if (Interlocked.Decrement(ref s_remaining) == 0 && Interlocked.Exchange(ref s_callerSleeping, 0) == 1)
                s_doneSignal.Release();
        }

        /// <summary>Adds threads up to <paramref name="count"/> (called while owning the pool).</summary>
        private static Worker[] GrowPool(int count)
        {
            Worker[] old = s_workers;
            var grown = new Worker[count];
            Array.Copy(old, grown, old.Length);
            for (int i = old.Length; i < count; i++)
                grown[i] = new Worker(i);
            Volatile.Write(ref s_workers, grown);
            return grown;
        }

        /// <summary>What a worker runs: the chunks of one loop.</summary>
        private abstract class PoolJobBase
        {
            /// <summary>Runs chunks until none is left; returns how many this thread ran.</summary>
            public abstract int Work(int participant);
        }

        /// <summary>The state of one parallel loop, cached per body type (only the pool owner uses it).</summary>
        /// <remarks>
        /// Participant p (0: the caller, w + 1: worker w) first runs its own block of consecutive chunks, the same block
        /// on every call, so that a chunk's data stays in the cache of the core that touched it last call (the caller's
        /// first chunks are often still in its cache from the code before the call); measured: with chunks claimed in
        /// turn from one counter, an add of 0.1-0.3 million floats (in the two cores' L2 together) got nothing from a
        /// second thread. A participant done with its block takes chunks from the front of the others' (a late or
        /// absent worker's block is run by the others), so the work still balances.
        /// </remarks>
        private sealed class PoolJob<TBody> : PoolJobBase where TBody : struct, IChunkBody
        {
            public static PoolJob<TBody>? Instance;

            /// <summary>Cursors 16 longs apart (128 bytes): participants claiming chunks do not share cache lines.</summary>
            private const int Stride = 16;

            private TBody _body;
            private long _tripCount, _chunk;
            private int _participants;
            /// <summary>Participant p's next chunk - 1 at [p * Stride], its block's end at [p * Stride + 1].</summary>
            private long[] _cursors = Array.Empty<long>();
            private long _failedChunk;
            private Exception? _failure;

            public void Start(TBody body, long tripCount, long chunk, long firstChunk, long endChunk, int participants)
            {
                _body = body; _tripCount = tripCount; _chunk = chunk; _participants = participants;
                _failedChunk = long.MaxValue; _failure = null;
                if (_cursors.Length < participants * Stride)
                    _cursors = new long[participants * Stride];
                long chunks = endChunk - firstChunk;
                for (int p = 0; p < participants; p++)
                {
                    _cursors[p * Stride] = firstChunk + chunks * p / participants - 1;
                    _cursors[p * Stride + 1] = firstChunk + chunks * (p + 1) / participants;
                }
            }

            /// <summary>Claims the next chunk of participant <paramref name="p"/>'s block, or -1 when it has none left.</summary>
            private long Claim(int p)
            {
                ref long cursor = ref _cursors[p * Stride];
                long end = _cursors[p * Stride + 1];
                if (Volatile.Read(ref cursor) + 1 >= end)
                    return -1; // do not push a finished cursor further
                long c = Interlocked.Increment(ref cursor);
                return c < end ? c : -1;
            }

            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public override int Work(int participant)
            {
                int ran = 0;
                for (int k = 0; k < _participants; k++)
                {
                    int p = (participant + k) % _participants; // own block first, then the others'
                    long c;
                    while ((c = Claim(p)) >= 0)
                    {
                        // Every chunk below a failed one still runs (only later ones are skipped), so the exception of
                        // the lowest iteration is the one reported, whatever order the chunks were claimed in.
                        if (c > Volatile.Read(ref _failedChunk))
                            break;
                        ran++;
                        long begin = c * _chunk;
                        long end = Math.Min(begin + _chunk, _tripCount);
                        try
                        {
                            TBody body = _body; // each chunk runs on its own copy of the body
                            body.Run(c, begin, end);
                        }
                        catch (Exception e)
                        {
                            lock (this)
                            {
                                if (c < _failedChunk) { _failure = e; Volatile.Write(ref _failedChunk, c); }
                            }
                            break; // this block's later chunks are skipped; lower chunks of other blocks still run
                        }
                    }
                }
                return ran;
            }

            public void ThrowIfFailed()
            {
                if (_failure is { } failure)
                {
                    _failure = null;
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }
            }

            /// <summary>Drops the references the body holds, so that the cache keeps no arrays alive.</summary>
            public void Clear()
            {
                _body = default;
                _failure = null;
            }
        }

        /// <summary>A pool thread with a one-job mailbox.</summary>
        private sealed class Worker
        {
            private PoolJobBase? _job;
            private int _sleeping;
            private readonly SemaphoreSlim _wake = new(0);

            private readonly int _participant;

            public Worker(int index)
            {
                _participant = index + 1; // participant 0 is the calling thread
                var thread = new Thread(Loop, maxStackSize: 0)
                {
                    IsBackground = true,
                    Name = "KernelGen worker " + (index + 1),
                };
                thread.Start();
            }

            /// <summary>Hands <paramref name="job"/> to this worker and wakes it if it sleeps.</summary>
            public void Post(PoolJobBase job)
            {
                Interlocked.Exchange(ref _job, job);
                if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                    _wake.Release();
            }

            /// <summary>Takes <paramref name="job"/> back if the worker has not started it.</summary>
            public bool Revoke(PoolJobBase job) => Interlocked.CompareExchange(ref _job, null, job) == job;

            private void Loop()
            {
                t_insideKernel = 1; // kernels called from a chunk on this thread run serially
                while (true)
                {
                    PoolJobBase? job = Volatile.Read(ref _job);
                    if (job is not null && Interlocked.CompareExchange(ref _job, null, job) == job)
                    {
                        job.Work(_participant); // never throws: failures are recorded in the job
                        WorkerFinished();
                        continue;
                    }
                    WaitForJob();
                }
            }

            private void WaitForJob()
            {
                long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
                var spinner = new SpinWait();
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    if (Volatile.Read(ref _job) is not null)
                        return;
                    spinner.SpinOnce(sleep1Threshold: -1);
                }
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _job) is not null)
                {
                    // A job arrived: if the poster already saw us sleeping, its release is coming; consume it.
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                        _wake.Wait();
                    return;
                }
                _wake.Wait();
            }
        }
    }
}
