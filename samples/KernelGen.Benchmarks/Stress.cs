using System;
using System.Diagnostics;
using System.Threading;
using KernelGen;

namespace KernelGen.Benchmarks
{
    /// <summary>`-- --stress [seconds]`: many threads launching kernels (nested, throwing, changing the degree) at once.</summary>
    public static class Stress
    {
        private struct Fill : IChunkBody
        {
            public int[] Data; public int Value; public long ThrowAt;
            public void Run(long chunk, long begin, long end)
            {
                if (chunk == ThrowAt) throw new ArithmeticException("chunk " + chunk);
                for (long i = begin; i < end; i++) Data[i] = Value;
            }
        }

        private struct Nest : IChunkBody
        {
            public int[][] Rows;
            public void Run(long chunk, long begin, long end)
            {
                for (long r = begin; r < end; r++)
                {
                    var inner = new Fill { Data = Rows[r], Value = (int)r, ThrowAt = -1 };
                    KernelRuntime.For(Rows[r].Length, ref inner, 1, 3, 0);
                }
            }
        }

        public static int Run(double seconds)
        {
            KernelRuntime.AdaptiveBackoff = false;
            long errors = 0, calls = 0;
            var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var threads = new Thread[6];
            for (int t = 0; t < threads.Length; t++)
            {
                int seed = t;
                threads[t] = new Thread(() =>
                {
                    var rnd = new Random(seed);
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        int n = rnd.Next(1, 3000), value = rnd.Next();
                        long throwAt = rnd.Next(4) == 0 ? rnd.Next(0, 40) : -1;
                        var body = new Fill { Data = new int[n], Value = value, ThrowAt = throwAt };
                        long chunk = rnd.Next(1, 100);
                        long chunks = (n - 1) / chunk + 1;
                        try
                        {
                            KernelRuntime.For(n, ref body, 1, chunk, 0);
                            if (throwAt >= 0 && throwAt < chunks) Interlocked.Increment(ref errors); // should have thrown
                            else if (Array.Exists(body.Data, v => v != value)) Interlocked.Increment(ref errors);
                        }
                        catch (ArithmeticException e)
                        {
                            if (e.Message != "chunk " + throwAt) Interlocked.Increment(ref errors);
                        }
                        if (rnd.Next(8) == 0)
                        {
                            var rows = new int[rnd.Next(1, 20)][];
                            for (int r = 0; r < rows.Length; r++) rows[r] = new int[rnd.Next(1, 50)];
                            var nest = new Nest { Rows = rows };
                            KernelRuntime.For(rows.Length, ref nest, 1, 1, 0);
                            for (int r = 0; r < rows.Length; r++)
                                if (Array.Exists(rows[r], v => v != r)) Interlocked.Increment(ref errors);
                        }
                        if (seed == 0 && rnd.Next(50) == 0) KernelRuntime.MaxDegreeOfParallelism = rnd.Next(1, 6);
                        Interlocked.Increment(ref calls);
                    }
                });
                threads[t].Start();
            }
            foreach (var thread in threads)
                if (!thread.Join(TimeSpan.FromSeconds(seconds + 60))) { Console.WriteLine("stress: a thread hung (deadlock?)"); return 2; }
            Console.WriteLine($"stress: {calls:N0} kernel calls from {threads.Length} threads, {errors} wrong results");
            return errors == 0 ? 0 : 1;
        }
    }
}
