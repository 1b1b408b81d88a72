using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>Scheduler tests change the degree of parallelism and count allocations of the whole process: alone.</summary>
    [CollectionDefinition("Scheduler", DisableParallelization = true)]
    public sealed class SchedulerCollection { }

    [Collection("Scheduler")]
    public class SchedulerTests
    {
        private struct AddOne : IChunkBody
        {
            public long[] Data;
            public void Run(long chunk, long begin, long end)
            {
                for (long i = begin; i < end; i++) Data[i]++;
            }
        }

        private sealed class ChunkFailure : Exception
        {
            public ChunkFailure(long chunk) : base("chunk " + chunk) { Chunk = chunk; }
            public long Chunk { get; }
        }

        private struct Thrower : IChunkBody
        {
            public long[] ThrowAt;
            public int[] Ran;
            public void Run(long chunk, long begin, long end)
            {
                Interlocked.Increment(ref Ran[0]);
                if (Array.IndexOf(ThrowAt, chunk) >= 0)
                    Fail(chunk);
                Thread.SpinWait(2000);
            }

            public static void Fail(long chunk) => throw new ChunkFailure(chunk);
        }

        private struct Outer : IChunkBody
        {
            public long[][] Rows;
            public int[] NotInside;
            public void Run(long chunk, long begin, long end)
            {
                for (long r = begin; r < end; r++)
                {
                    if (!KernelRuntime.IsInsideKernel) Interlocked.Increment(ref NotInside[0]);
                    var inner = new AddOne { Data = Rows[r] };
                    // Forced parallel if it were allowed to be: nested kernels must run serially, correctly.
                    KernelRuntime.For(Rows[r].Length, ref inner, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
                }
            }
        }

        private struct RecordThreads : IChunkBody
        {
            public ConcurrentDictionary<int, bool> Threads;
            public void Run(long chunk, long begin, long end) => Threads[Environment.CurrentManagedThreadId] = true;
        }

        private struct Recorder : IChunkBody
        {
            public ConcurrentQueue<(long Chunk, long Begin, long End, bool Inside)> Calls;
            public long ThrowAt;
            public void Run(long chunk, long begin, long end)
            {
                Calls.Enqueue((chunk, begin, end, KernelRuntime.IsInsideKernel));
                if (end == ThrowAt) throw new ChunkFailure(chunk);
            }
        }

        /// <summary>
        /// RunWhole (generated code's path for a loop of one chunk) runs exactly what Plan + Run would: chunk 0 over the
        /// whole range inside the kernel, nothing for an empty range, and nothing (false) for a longer loop or while a
        /// cluster is bound; an exception leaves the thread outside the kernel.
        /// </summary>
        [Fact]
        public void A_loop_of_one_chunk_runs_whole_as_the_plan_would() => WithDegree(Math.Max(2, Environment.ProcessorCount), () =>
        {
            foreach (long n in new long[] { 0, 1, 7, 8, 9, 100 })
            {
                var whole = new Recorder { Calls = new(), ThrowAt = -1 };
                bool ran = KernelRuntime.RunWhole(n, minChunk: 8, ref whole);
                var planned = new Recorder { Calls = new(), ThrowAt = -1 };
                KernelGen.ChunkPlan plan = KernelRuntime.Plan(n, minChunk: 8, chunkSize: 0, minParallelTrips: 0);
                KernelRuntime.Run(in plan, ref planned);
                Assert.Equal(n <= 8, ran);
                if (ran)
                    Assert.Equal(planned.Calls.OrderBy(c => c.Chunk), whole.Calls);
                else
                    Assert.Empty(whole.Calls);
                Assert.All(whole.Calls, c => Assert.True(c.Inside));
                Assert.Equal(n is > 0 and <= 8 ? new[] { (0L, 0L, n, true) } : Array.Empty<(long, long, long, bool)>(), whole.Calls);
            }
            var thrower = new Recorder { Calls = new(), ThrowAt = 5 };
            Assert.Throws<ChunkFailure>(() => KernelRuntime.RunWhole(5, minChunk: 8, ref thrower));
            Assert.False(KernelRuntime.IsInsideKernel);

            // A cluster of several ranks may split even a short loop over them: RunWhole leaves it to the plan. (Outside
            // a simulated job the bound cluster has one rank: RunWhole runs the loop.)
            SimulatedCluster.Outcome outcome = SimulatedCluster.Run(2, _ =>
            {
                var bound = new Recorder { Calls = new(), ThrowAt = -1 };
                return (KernelRuntime.RunWhole(4, minChunk: 8, ref bound), bound.Calls.Count);
            });
            Assert.All(outcome.Errors, Assert.Null);
            Assert.All(outcome.Results, r => Assert.Equal((false, 0), r));
            var single = new Recorder { Calls = new(), ThrowAt = -1 };
            Assert.True(KernelRuntime.RunWhole(4, minChunk: 8, ref single));
            Assert.Single(single.Calls);
        });

        // Back-off off: exercise the pool even on a busy machine.
        private static void WithDegree(int degree, Action action) => RuntimeSettings.With(degree, backoff: false, action);

        [Fact]
        public void Steady_state_parallel_launch_allocates_nothing() => WithDegree(Math.Max(2, Environment.ProcessorCount), () =>
        {
            var body = new AddOne { Data = new long[64] };
            ChunkPlan plan = KernelRuntime.Plan(64, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
            Assert.True(plan.Parallel);
            for (int i = 0; i < 1000; i++) KernelRuntime.For(64, ref body, minChunk: 1, chunkSize: 1, minParallelTrips: 0);

            // Rounds: the first ones may see the JIT's tiering and the test runner allocate in the background; the
            // best round must allocate (next to) nothing. A launch used to cost ~1.7 KB.
            const int Calls = 20_000, Rounds = 5;
            long best = long.MaxValue;
            var seen = new long[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                long before = GC.GetTotalAllocatedBytes(true);
                for (int i = 0; i < Calls; i++) KernelRuntime.For(64, ref body, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
                seen[round] = GC.GetTotalAllocatedBytes(true) - before;
                best = Math.Min(best, seen[round]);
            }

            Assert.All(body.Data, v => Assert.Equal(1000 + Calls * Rounds, v));
            // The count is process-wide, and tests of other classes run meanwhile (a few hundred bytes seen in CI); an
            // allocation per call, even the smallest object (24 B), would be at least 24 x Calls bytes in every round.
            Assert.True(best < Calls, $"bytes allocated per round of {Calls} parallel calls: {string.Join(", ", seen)}");
        });

        [Fact]
        public void Lowest_chunk_exception_surfaces_as_itself_and_later_chunks_are_skipped() => WithDegree(4, () =>
        {
            for (int round = 0; round < 20; round++)
            {
                var body = new Thrower { ThrowAt = new long[] { 37, 5, 6, 400 }, Ran = new int[1] };
                var e = Assert.Throws<ChunkFailure>(() => KernelRuntime.For(1000, ref body, minChunk: 1, chunkSize: 1, minParallelTrips: 0));
                Assert.Equal(5, e.Chunk);
                Assert.Contains(nameof(Thrower.Fail), e.StackTrace);
                Assert.True(body.Ran[0] < 500, $"{body.Ran[0]} chunks ran after chunk 5 failed");
            }
            // The pool is usable again after a failure.
            var add = new AddOne { Data = new long[100] };
            KernelRuntime.For(100, ref add, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
            Assert.All(add.Data, v => Assert.Equal(1, v));
        });

        [Fact]
        public void Nested_kernels_run_serially_inside_and_give_correct_results() => WithDegree(4, () =>
        {
            long[][] rows = Enumerable.Range(0, 64).Select(r => new long[r + 1]).ToArray();
            var outer = new Outer { Rows = rows, NotInside = new int[1] };
            for (int round = 0; round < 10; round++)
                KernelRuntime.For(rows.Length, ref outer, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
            Assert.Equal(0, outer.NotInside[0]);
            Assert.All(rows, row => Assert.All(row, v => Assert.Equal(10, v)));
            Assert.False(KernelRuntime.IsInsideKernel);
        });

        [Theory, InlineData(false), InlineData(true)]
        public void Eight_threads_calling_kernels_at_once_get_correct_results(bool backoff) => WithDegree(4, () =>
        {
            KernelRuntime.AdaptiveBackoff = backoff;
            var failures = new ConcurrentQueue<string>();
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                try
                {
                    var rnd = new Random(t);
                    for (int call = 0; call < 200; call++)
                    {
                        int n = rnd.Next(1, 5000);
                        var body = new AddOne { Data = new long[n] };
                        KernelRuntime.For(n, ref body, minChunk: 1, chunkSize: rnd.Next(1, 64), minParallelTrips: 0);
                        KernelRuntime.For(n, ref body, minChunk: 16, chunkSize: 0, minParallelTrips: 0);
                        if (body.Data.Any(v => v != 2)) failures.Enqueue($"thread {t} call {call}: wrong result");

                        float[] x = Enumerable.Range(0, n).Select(i => (float)i).ToArray(), y = x.Reverse().ToArray();
                        double[] s = TestKernels.Saxpy(2, x, y);
                        for (int i = 0; i < n; i++)
                            if (s[i] != 3 * (2 * x[i] + y[i])) { failures.Enqueue($"thread {t} saxpy {i}"); break; }
                    }
                }
                catch (Exception e) { failures.Enqueue(e.ToString()); }
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) Assert.True(thread.Join(TimeSpan.FromMinutes(2)), "deadlock: a caller did not finish");
            Assert.Empty(failures);
        });

        private struct RecordOwners : IChunkBody
        {
            public int[] Owner;
            public void Run(long chunk, long begin, long end)
            {
                Owner[chunk] = Environment.CurrentManagedThreadId;
                Thread.SpinWait(200_000); // ~1 ms: a worker takes its own block long before it could steal the caller's
            }
        }

        [Fact]
        public void The_caller_runs_its_own_block_of_chunks_first_on_every_call() => WithDegree(2, () =>
        {
            // Participant blocks keep a chunk's data in the cache of the thread that ran it last call: the calling
            // thread always starts at chunk 0, a worker at the first chunk of its block.
            int me = Environment.CurrentManagedThreadId;
            var body = new RecordOwners { Owner = new int[8] };
            for (int call = 0; call < 10; call++)
            {
                Array.Clear(body.Owner);
                KernelRuntime.For(8, ref body, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
                // Chunks 0 and 1 are the caller's (chunks claimed in turn from one counter gave chunk 1 to the worker).
                Assert.Equal(me, body.Owner[0]);
                Assert.Equal(me, body.Owner[1]);
                Assert.DoesNotContain(0, body.Owner);
            }
        });

        [Theory]
        [InlineData(8, 8, 100, 101, 0)]    // no worker came: a post and a revoke, not a slowdown
        [InlineData(8, 8, 100, 130, -1)]   // no worker came and the caller waited for one that got a chunk late
        [InlineData(4, 8, 50, 55, 1)]      // half the chunks each: ~1.8x
        [InlineData(4, 8, 50, 150, -1)]    // a worker preempted inside a chunk: 1.5x slower than serial
        [InlineData(0, 8, 1, 80, 1)]       // the workers ran every chunk
        [InlineData(6, 8, 75, 95, 0)]      // a late worker: about as fast as serial
        public void Back_off_judges_a_parallel_call_by_its_speed_up(int ownChunks, long chunks, long ownTicks, long totalTicks, int verdict)
        {
            // The earlier rule (back off when no worker came) trapped loops in the back-off: sleeping workers woke too
            // late for every probe.
            Assert.Equal(verdict, KernelRuntime.Verdict(ownChunks, chunks, ownTicks, totalTicks));
        }

        [Fact]
        public void Degree_one_runs_every_chunk_on_the_calling_thread() => WithDegree(1, () =>
        {
            ChunkPlan plan = KernelRuntime.Plan(1000, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
            Assert.False(plan.Parallel);
            var body = new RecordThreads { Threads = new ConcurrentDictionary<int, bool>() };
            KernelRuntime.Run(in plan, ref body);
            Assert.Equal(new[] { Environment.CurrentManagedThreadId }, body.Threads.Keys.ToArray());
        });

        [Fact]
        public void Parallel_calls_use_at_most_the_degree_of_threads() => WithDegree(3, () =>
        {
            var body = new RecordThreads { Threads = new ConcurrentDictionary<int, bool>() };
            for (int i = 0; i < 200; i++)
                KernelRuntime.For(256, ref body, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
            Assert.InRange(body.Threads.Count, 1, 3);
        });
    }
}
