using System;
using System.Diagnostics;
using System.Threading;
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

        public static void Main(int trips, int calls)
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
                Console.WriteLine($"launch probe: trips {trips}, {KernelRuntime.MaxDegreeOfParallelism} threads: parallel {par:F2} us/call, serial {ser:F3} us/call, ratio {par / ser:F1}x, {(double)alloc / calls:F1} B/call");
            }
        }
    }
}
