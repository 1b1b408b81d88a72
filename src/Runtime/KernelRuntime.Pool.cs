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
                job.Start(body, plan.TripCount, plan.ChunkSize, plan.FirstChunk, plan.EndChunk);
                Volatile.Write(ref s_remaining, helpers);
                for (int w = 0; w < helpers; w++)
                    workers[w].Post(job);

                long started = Stopwatch.GetTimestamp();
                t_insideKernel++;
                try { job.Work(); }
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
                Judge(revoked == helpers, ownDone - started, Stopwatch.GetTimestamp() - ownDone);
                job.ThrowIfFailed();
            }
            finally
            {
                job?.Clear();
                Volatile.Write(ref s_poolBusy, 0);
            }
            return true;
        }

        // Back-off when the machine has no free core for the workers (other processes, other kernels): a parallel
        // call where no worker showed up before the caller had done every chunk, or where the caller then waited for
        // a late worker longer than half its own working time, was slower than running serially. After such a call
        // the next 2^k - 1 parallel calls run serially (k grows with each bad call, up to 6: one probe in 64 calls);
        // a good call resets k. Chunk boundaries (ChunkPlan) never change, so results do not depend on it.
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

        private static void Judge(bool nobodyCame, long ownTicks, long waitTicks)
        {
            if (nobodyCame || waitTicks * 2 > ownTicks)
            {
                int level = Math.Min(s_backoffLevel + 1, MaxBackoffLevel);
                s_backoffLevel = level;
                Volatile.Write(ref s_backoffLeft, (1 << level) - 1);
            }
            else
            {
                s_backoffLevel = 0;
            }
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
            public abstract void Work();
        }

        /// <summary>The state of one parallel loop, cached per body type (only the pool owner uses it).</summary>
        private sealed class PoolJob<TBody> : PoolJobBase where TBody : struct, IChunkBody
        {
            public static PoolJob<TBody>? Instance;

            private TBody _body;
            private long _tripCount, _chunk, _endChunk;
            private long _nextChunk;
            private long _failedChunk;
            private Exception? _failure;

            public void Start(TBody body, long tripCount, long chunk, long firstChunk, long endChunk)
            {
                _body = body; _tripCount = tripCount; _chunk = chunk; _endChunk = endChunk;
                _nextChunk = firstChunk - 1; _failedChunk = long.MaxValue; _failure = null;
            }

            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public override void Work()
            {
                while (true)
                {
                    long c = Interlocked.Increment(ref _nextChunk);
                    // Chunks are claimed in order, so every chunk before a failed one has started already:
                    // skipping the later ones cannot hide an exception of a lower iteration.
                    if (c >= _endChunk || c > Volatile.Read(ref _failedChunk))
                        return;
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
                        return;
                    }
                }
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

            public Worker(int index)
            {
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
                        job.Work(); // never throws: failures are recorded in the job
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
