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

        /// <summary>
        /// KernelGen call against the serial original around the parallel threshold: best of several interleaved
        /// rounds (the least disturbed by other load), on one thread (the chunk code alone) and on all threads.
        /// </summary>
        public static void Sizes()
        {
            Action<float[], float[], float[]> serial = Kernels.AddF32;
            Action<double[], double[]> serialSquare = Kernels.ParallelSquare;
            int degree = KernelRuntime.MaxDegreeOfParallelism;
            foreach (int n in new[] { 1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000 })
            {
                float[] a = new float[n], b = new float[n], r = new float[n];
                double[] x = new double[n], y = new double[n];
                int calls = (int)Math.Max(20, 5_000_000L / n);
                double ts = double.MaxValue, t1 = double.MaxValue, tk = double.MaxValue;
                double ss = double.MaxValue, s1 = double.MaxValue, sk = double.MaxValue;
                for (int round = 0; round < 7; round++)
                {
                    ts = Math.Min(ts, Time(() => serial(a, b, r), calls));
                    ss = Math.Min(ss, Time(() => serialSquare(x, y), calls));
                    KernelRuntime.MaxDegreeOfParallelism = 1;
                    t1 = Math.Min(t1, Time(() => Kernels.AddF32(a, b, r), calls));
                    s1 = Math.Min(s1, Time(() => Kernels.ParallelSquare(x, y), calls));
                    KernelRuntime.MaxDegreeOfParallelism = degree;
                    tk = Math.Min(tk, Time(() => Kernels.AddF32(a, b, r), calls));
                    sk = Math.Min(sk, Time(() => Kernels.ParallelSquare(x, y), calls));
                }
                Console.WriteLine($"n {n,9:N0}: add f32 KernelGen vs serial: {ts / tk:F2}x ({degree} threads), {ts / t1:F2}x (1 thread); square f64: {ss / sk:F2}x, {ss / s1:F2}x (1 thread)");
            }
        }

        /// <summary>Inner-loop kernels: KernelGen against the serial original, best of interleaved rounds.</summary>
        public static void InnerLoops(int rounds)
        {
            int n = 256; var a = new float[n * n]; var b = new float[n * n]; var c = new float[n * n];
            var rnd = new Random(2); for (int i = 0; i < a.Length; i++) { a[i] = (float)rnd.NextDouble(); b[i] = (float)rnd.NextDouble(); }
            int w = 768, h = 512; var output = new int[w * h];
            Action<float[], float[], float[], int> mm = Kernels.MatMul;
            Action<int[], int, int, int> mb = Kernels.Mandelbrot;
            int degree = KernelRuntime.MaxDegreeOfParallelism;
            double ms = double.MaxValue, mk1 = double.MaxValue, mk = double.MaxValue, bs = double.MaxValue, bk1 = double.MaxValue, bk = double.MaxValue;
            for (int r = 0; r < rounds; r++)
            {
                ms = Math.Min(ms, Time(() => mm(a, b, c, n), 5)); bs = Math.Min(bs, Time(() => mb(output, w, h, 256), 3));
                KernelRuntime.MaxDegreeOfParallelism = 1;
                mk1 = Math.Min(mk1, Time(() => Kernels.MatMul(a, b, c, n), 5)); bk1 = Math.Min(bk1, Time(() => Kernels.Mandelbrot(output, w, h, 256), 3));
                KernelRuntime.MaxDegreeOfParallelism = degree;
                mk = Math.Min(mk, Time(() => Kernels.MatMul(a, b, c, n), 5)); bk = Math.Min(bk, Time(() => Kernels.Mandelbrot(output, w, h, 256), 3));
            }
            Console.WriteLine($"matmul 256: KernelGen vs serial {ms / mk:F2}x ({degree} threads), {ms / mk1:F2}x (1 thread); mandelbrot 768x512: {bs / bk:F2}x, {bs / bk1:F2}x (1 thread)");
        }

        /// <summary>Bytes allocated per call (whole process) of kernels that take longer (inner loops, atomics).</summary>
        public static void Allocations()
        {
            int w = 768, h = 512; var output = new int[w * h];
            var values = new float[1_000_000]; var rnd = new Random(1); for (int i = 0; i < values.Length; i++) values[i] = (float)rnd.NextDouble();
            var hist = new int[256];
            var small = new float[1_000]; var large = new float[10_000_000];
            float sink = 0;
            for (int i = 0; i < 10; i++) { Kernels.Mandelbrot(output, w, h, 256); Kernels.Histogram(values, hist); sink += Kernels.SumF32(small) + Kernels.SumF32(values) + Kernels.SumF32(large); }
            for (int round = 0; round < 3; round++)
            {
                long a0 = GC.GetTotalAllocatedBytes(true);
                for (int i = 0; i < 20; i++) Kernels.Mandelbrot(output, w, h, 256);
                long a1 = GC.GetTotalAllocatedBytes(true);
                for (int i = 0; i < 200; i++) Kernels.Histogram(values, hist);
                long a2 = GC.GetTotalAllocatedBytes(true);
                // Reductions (per-chunk partials rented from the runtime's per-thread cache): serial 1e3, parallel 1e6 and 1e7.
                for (int i = 0; i < 2000; i++) sink += Kernels.SumF32(small);
                long a3 = GC.GetTotalAllocatedBytes(true);
                for (int i = 0; i < 200; i++) sink += Kernels.SumF32(values);
                long a4 = GC.GetTotalAllocatedBytes(true);
                for (int i = 0; i < 20; i++) sink += Kernels.SumF32(large);
                long a5 = GC.GetTotalAllocatedBytes(true);
                Console.WriteLine($"allocations: Mandelbrot {(a1 - a0) / 20.0:F1} B/call, Histogram {(a2 - a1) / 200.0:F1} B/call, " +
                    $"SumF32 1e3 {(a3 - a2) / 2000.0:F1} B/call, 1e6 {(a4 - a3) / 200.0:F1} B/call, 1e7 {(a5 - a4) / 20.0:F1} B/call");
            }
            GC.KeepAlive(sink);
        }

        private static double Time(Action action, int calls)
        {
            for (int i = 0; i < Math.Min(calls, 200); i++) action();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++) action();
            return sw.Elapsed.TotalMicroseconds / calls;
        }

        public static void Run(int trips, int calls)
        {
            KernelRuntime.AdaptiveBackoff = false; // measure the launch itself, even when the machine is busy
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
                Thread.Sleep(20); // let the pool's workers stop spinning and sleep: they would slow the Parallel.For workers
                for (int i = 0; i < 200; i++) OldScheduler(trips, body);
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
