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

// 4. Showcase: SIMD bodies and reductions (ShowcaseKernels.cs). "1 thread" runs the parallel version with
//    MaxDegreeOfParallelism = 1, so its ratio to serial is the vector body's own gain.
{
    const int N = 1_000_000;
    float[] a = Enumerable.Range(0, N).Select(_ => (float)random.NextDouble()).ToArray();
    float[] b = Enumerable.Range(0, N).Select(_ => (float)random.NextDouble()).ToArray();
    double[] da = a.Select(x => (double)x).ToArray(), db = b.Select(x => (double)x).ToArray();
    int[] ints = Enumerable.Range(0, N).Select(_ => random.Next(-1000, 1000)).ToArray();
    float[] serialOut = new float[N], parallelOut = new float[N];

    Action<float[], float[], float[]> addSerial = ShowcaseKernels.AddF32;
    allOk &= Showcase.Run("add f32, 1,000,000", () => addSerial(a, b, serialOut), () => ShowcaseKernels.AddF32(a, b, parallelOut), () => serialOut.SequenceEqual(parallelOut));

    Func<float[], float> sumSerial = ShowcaseKernels.SumF32;
    float s1 = 0, s2 = 0;
    allOk &= Showcase.Run("sum f32, 1,000,000", () => s1 = sumSerial(a), () => s2 = ShowcaseKernels.SumF32(a), () => Math.Abs(s1 - s2) <= 1e-3 * N);

    Action<float[], float[]> polySerial = ShowcaseKernels.Poly20;
    allOk &= Showcase.Run("poly20 f32, 1,000,000", () => polySerial(a, serialOut), () => ShowcaseKernels.Poly20(a, parallelOut), () => serialOut.SequenceEqual(parallelOut));

    Func<double[], double[], double> dotSerial = ShowcaseKernels.Dot;
    double d1 = 0, d2 = 0;
    allOk &= Showcase.Run("dot f64 (Deterministic), 1,000,000", () => d1 = dotSerial(da, db), () => d2 = ShowcaseKernels.Dot(da, db), () => Math.Abs(d1 - d2) <= 1e-9 * N);

    Func<int[], (int, int, int)> statsSerial = ShowcaseKernels.Stats;
    (int, int, int) t1 = default, t2 = default;
    allOk &= Showcase.Run("stats (count/min/max) i32, 1,000,000", () => t1 = statsSerial(ints), () => t2 = ShowcaseKernels.Stats(ints), () => t1 == t2);
}

Console.WriteLine();
Console.WriteLine(allOk ? "All samples agree with their serial originals." : "MISMATCH between serial and parallel results.");
return allOk ? 0 : 1;

static class Showcase
{
    /// <summary>Times serial, parallel on 1 thread (vector gain) and parallel on all threads; checks agreement.</summary>
    public static bool Run(string name, Action serial, Action parallel, Func<bool> agree)
    {
        double ts = Timing.Median(serial);
        int saved = KernelRuntime.MaxDegreeOfParallelism;
        KernelRuntime.MaxDegreeOfParallelism = 1;
        double t1;
        try { t1 = Timing.Median(parallel); }
        finally { KernelRuntime.MaxDegreeOfParallelism = saved; }
        double tp = Timing.Median(parallel);
        bool ok = agree();
        Console.WriteLine($"{name}: {(ok ? "OK, parallel agrees with serial" : "MISMATCH")}");
        Console.WriteLine($"    serial {ts,8:F3} ms   1 thread {t1,8:F3} ms ({ts / t1:F2}x)   parallel {tp,8:F3} ms ({ts / tp:F2}x)");
        return ok;
    }
}

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
