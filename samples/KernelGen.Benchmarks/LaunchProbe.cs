using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KernelGen;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// Stopwatch probe of the scheduler's launch cost (no BenchmarkDotNet): an almost empty body over a tiny trip
    /// count, forced parallel with chunk size 1, against the same body run serially. `-- --launch`.
    /// </summary>
    public static class LaunchProbe
    {
        public struct TouchBody : IChunkBody
        {
            public long[] Hits;
            public void Run(long chunk, long begin, long end)
            {
                for (long i = begin; i < end; i++) Hits[i]++;
            }
        }

        /// <summary>The scheduler as it was before the worker pool (a class and a Parallel.For per call), for the ratio.</summary>
        private static void OldScheduler(int trips, TouchBody body)
        {
            var loop = new OldLoop { Body = body, Trips = trips, Next = -1 };
            Parallel.For(0, Math.Min(KernelRuntime.MaxDegreeOfParallelism, trips), loop.Work);
        }

        private sealed class OldLoop
        {
            public TouchBody Body;
            public long Trips, Next;
            public void Work(int worker)
            {
                long c;
                while ((c = Interlocked.Increment(ref Next)) < Trips)
                    Body.Run(c, c, c + 1);
            }
        }

        public static void Run(int trips, int calls)
        {
            var body = new TouchBody { Hits = new long[trips] };
            for (int i = 0; i < 2000; i++) KernelRuntime.For(trips, ref body, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
            for (int round = 0; round < 3; round++)
            {
                long alloc0 = GC.GetTotalAllocatedBytes(true);
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < calls; i++) KernelRuntime.For(trips, ref body, minChunk: 1, chunkSize: 1, minParallelTrips: 0);
                double par = sw.Elapsed.TotalMicroseconds / calls;
                long alloc = GC.GetTotalAllocatedBytes(true) - alloc0;
                sw.Restart();
                for (int i = 0; i < calls; i++) KernelRuntime.For(trips, ref body, minChunk: 1, chunkSize: trips, minParallelTrips: 0);
                double ser = sw.Elapsed.TotalMicroseconds / calls;
                alloc0 = GC.GetTotalAllocatedBytes(true);
                sw.Restart();
                for (int i = 0; i < calls; i++) OldScheduler(trips, body);
                double old = sw.Elapsed.TotalMicroseconds / calls;
                long oldAlloc = GC.GetTotalAllocatedBytes(true) - alloc0;
                Console.WriteLine($"launch probe: trips {trips}, {KernelRuntime.MaxDegreeOfParallelism} threads: KernelRuntime parallel {par:F2} us/call ({(double)alloc / calls:F1} B/call), " +
                    $"serial {ser:F3} us/call, previous Parallel.For scheduler {old:F2} us/call ({(double)oldAlloc / calls:F1} B/call); parallel/serial {par / ser:F1}x, new/previous {par / old:F2}x");
            }
        }
    }
}
