using System;
using System.Diagnostics;
using System.Linq;
using KernelGen;
using KernelGen.Samples;

// The seed examples. Each runs the serial original (through a delegate, which is never intercepted) and the
// parallel version (a plain call, intercepted by KernelGen), checks that both agree, and prints both times.
Console.WriteLine($"KernelGen samples: {KernelRuntime.MaxDegreeOfParallelism} thread(s) ({KernelRuntime.NumThreadsVariable} sets it), {Environment.ProcessorCount} processor(s)");
Console.WriteLine();
var random = new Random(42);
bool allOk = true;

// 1. multiprocessing Pool.map(worker, numbers)
{
    int[] numbers = Enumerable.Range(0, 1_000_000).Select(_ => random.Next(-46_000, 46_000)).ToArray();
    long[] serial = new long[numbers.Length], parallel = new long[numbers.Length];
    Action<int[], long[]> serialKernel = SeedKernels.MapWorker;
    double ts = Timing.Median(() => serialKernel(numbers, serial));
    double tp = Timing.Median(() => SeedKernels.MapWorker(numbers, parallel));
    bool ok = serial.SequenceEqual(parallel) && parallel[12345] == SeedKernels.Worker(numbers[12345]);
    allOk &= ok;
    Timing.Print("Pool.map(worker) squares, 1,000,000 ints", ok, ts, tp, $"sum of squares {parallel.Sum():N0}");
}

// 2. joblib parallel_square over 100,000 random doubles
{
    double[] values = Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()).ToArray();
    double[] serial = new double[values.Length], parallel = new double[values.Length];
    Action<double[], double[]> serialKernel = SeedKernels.ParallelSquare;
    double ts = Timing.Median(() => serialKernel(values, serial));
    double tp = Timing.Median(() => SeedKernels.ParallelSquare(values, parallel));
    bool ok = serial.SequenceEqual(parallel) && parallel.Select((v, i) => v == values[i] * values[i]).All(x => x);
    allOk &= ok;
    Timing.Print("joblib parallel_square, 100,000 doubles", ok, ts, tp, $"first squares {parallel[0]:F6}, {parallel[1]:F6}");
}

// 3. numba parallel_add over two arrays of 1,000,000 doubles
{
    double[] a = Enumerable.Range(0, 1_000_000).Select(_ => random.NextDouble()).ToArray();
    double[] b = Enumerable.Range(0, 1_000_000).Select(_ => random.NextDouble()).ToArray();
    Func<double[], double[], double[]> serialKernel = SeedKernels.ParallelAdd;
    double[] serial = [], parallel = [];
    double ts = Timing.Median(() => serial = serialKernel(a, b));
    double tp = Timing.Median(() => parallel = SeedKernels.ParallelAdd(a, b));
    bool ok = serial.SequenceEqual(parallel) && parallel[999_999] == a[999_999] + b[999_999];
    allOk &= ok;
    Timing.Print("numba parallel_add, 2 x 1,000,000 doubles", ok, ts, tp, $"result[0] = {parallel[0]:F6}");
}

Console.WriteLine();
Console.WriteLine(allOk ? "All samples agree with their serial originals." : "MISMATCH between serial and parallel results.");
return allOk ? 0 : 1;

static class Timing
{
    /// <summary>Median milliseconds of <paramref name="action"/> after warm-up runs.</summary>
    public static double Median(Action action, int runs = 21)
    {
        for (int i = 0; i < 3; i++) action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    public static void Print(string name, bool ok, double serialMs, double parallelMs, string detail)
    {
        Console.WriteLine($"{name}: {(ok ? "OK, parallel == serial" : "MISMATCH")}; {detail}");
        Console.WriteLine($"    serial {serialMs,8:F3} ms   parallel {parallelMs,8:F3} ms   speed-up {serialMs / parallelMs:F2}x (medians of 21 runs)");
    }
}
