using System;
using System.Collections.Generic;
using System.Threading;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The reversed schedule (<see cref="KernelRuntime.ReversedChunkSize"/>), the test hook the differential tests and
    /// the random-kernel runs use: chunks last first on the calling thread, so that a dependence between iterations
    /// left parallel gives another result on every call.
    /// </summary>
    public class ReversedScheduleTests
    {
        /// <summary>Records the chunks in the order they ran, and the thread.</summary>
        private struct Recorder : IChunkBody
        {
            public List<(long Chunk, long Begin, long End)> Order;
            public int[] Threads;
            public void Run(long chunk, long begin, long end)
            {
                lock (Order) Order.Add((chunk, begin, end));
                if (Environment.CurrentManagedThreadId != Threads[0]) Interlocked.Increment(ref Threads[1]);
            }
        }

        /// <summary>a[i] = a[i − 1] + 1: a true dependence from each iteration to the next, which no analysis would let run in parallel.</summary>
        private struct Chain : IChunkBody
        {
            public long[] Data;
            public void Run(long chunk, long begin, long end)
            {
                for (long i = Math.Max(1, begin); i < end; i++) Data[i] = Data[i - 1] + 1;
            }
        }

        private sealed class ChunkFailure : Exception
        {
            public ChunkFailure(long chunk) : base("chunk " + chunk) { Chunk = chunk; }
            public long Chunk { get; }
        }

        private struct ThrowFrom : IChunkBody
        {
            public long From;
            public void Run(long chunk, long begin, long end)
            {
                if (chunk >= From) throw new ChunkFailure(chunk);
            }
        }

        [Fact]
        public void Chunks_run_last_first_on_the_calling_thread()
        {
            var body = new Recorder { Order = new(), Threads = new[] { Environment.CurrentManagedThreadId, 0 } };
            RuntimeSettings.Reversed(3, () =>
            {
                ChunkPlan plan = KernelRuntime.Plan(10, minChunk: 1000, chunkSize: 0, minParallelTrips: 1);
                Assert.False(plan.Parallel);
                KernelRuntime.Run(in plan, ref body);
                return 0;
            });
            Assert.Equal(new[] { (3L, 9L, 10L), (2L, 6L, 9L), (1L, 3L, 6L), (0L, 0L, 3L) }, body.Order);
            Assert.Equal(0, body.Threads[1]);
            Assert.Equal(0, KernelRuntime.ReversedChunkSize); // restored
        }

        [Fact]
        public void A_loop_of_one_chunk_is_split_and_a_users_chunk_size_kept()
        {
            // RunWhole (the generated code's path for a loop within one chunk) declines, so the plan splits it.
            var whole = new Recorder { Order = new(), Threads = new[] { Environment.CurrentManagedThreadId, 0 } };
            RuntimeSettings.Reversed(4, () => { KernelRuntime.For(8, ref whole, minChunk: 1000, chunkSize: 0, minParallelTrips: 1); return 0; });
            Assert.Equal(new[] { (1L, 4L, 8L), (0L, 0L, 4L) }, whole.Order);
            var users = new Recorder { Order = new(), Threads = new[] { Environment.CurrentManagedThreadId, 0 } };
            RuntimeSettings.Reversed(4, () => { KernelRuntime.For(8, ref users, minChunk: 1, chunkSize: 5, minParallelTrips: 1); return 0; });
            Assert.Equal(new[] { (1L, 5L, 8L), (0L, 0L, 5L) }, users.Order);
            // Off: one chunk, no plan.
            var off = new Recorder { Order = new(), Threads = new[] { Environment.CurrentManagedThreadId, 0 } };
            KernelRuntime.For(8, ref off, minChunk: 1000, chunkSize: 0, minParallelTrips: 1);
            Assert.Equal(new[] { (0L, 0L, 8L) }, off.Order);
        }

        [Fact]
        public void Deterministic_chunks_keep_their_boundaries()
        {
            ChunkPlan normal = KernelRuntime.Plan(1000, minChunk: 1, chunkSize: 0, minParallelTrips: 1, deterministic: true);
            ChunkPlan reversed = RuntimeSettings.Reversed(3, () => KernelRuntime.Plan(1000, minChunk: 1, chunkSize: 0, minParallelTrips: 1, deterministic: true));
            Assert.Equal(normal.ChunkSize, reversed.ChunkSize);
            Assert.False(reversed.Parallel);
        }

        [Fact]
        public void The_lowest_chunks_exception_is_thrown_after_every_chunk_ran()
        {
            var body = new ThrowFrom { From = 2 };
            var e = Assert.Throws<ChunkFailure>(() => RuntimeSettings.Reversed(1, () => { KernelRuntime.For(6, ref body, minChunk: 1, chunkSize: 0, minParallelTrips: 1); return 0; }));
            Assert.Equal(2, e.Chunk);
        }

        /// <summary>
        /// The point of the schedule: a dependence between iterations gives another result on every call. (On the pool
        /// it shows only when the threads' chunks overlap in time.)
        /// </summary>
        [Fact]
        public void A_dependence_between_iterations_shows_on_every_call()
        {
            for (int call = 0; call < 5; call++)
            {
                var body = new Chain { Data = new long[100] };
                RuntimeSettings.Reversed(7, () => { KernelRuntime.For(100, ref body, minChunk: 1000, chunkSize: 0, minParallelTrips: 1); return 0; });
                Assert.NotEqual(99, body.Data[99]); // serial: 99
            }
            var serial = new Chain { Data = new long[100] };
            RuntimeSettings.Reversed(100, () => { KernelRuntime.For(100, ref serial, minChunk: 1000, chunkSize: 0, minParallelTrips: 1); return 0; });
            Assert.Equal(99, serial.Data[99]); // one chunk: in order
        }

        [Fact]
        public void Other_threads_keep_the_normal_schedule()
        {
            RuntimeSettings.Reversed(3, () =>
            {
                int other = -1;
                var thread = new Thread(() => other = KernelRuntime.ReversedChunkSize);
                thread.Start();
                thread.Join();
                Assert.Equal(0, other);
                Assert.Equal(3, KernelRuntime.ReversedChunkSize);
                return 0;
            });
        }
    }
}
