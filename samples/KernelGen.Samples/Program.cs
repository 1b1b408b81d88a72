using System;
using System.Diagnostics;
using System.Linq;
using KernelGen;
using KernelGen.Samples;

// The seed examples. Each runs the serial original (through a delegate, which is never intercepted) and the
// parallel version (a plain call, intercepted by KernelGen), checks that both agree, and prints both times.
Console.WriteLine($"KernelGen samples: {KernelRuntime.MaxDegreeOfParallelism} thread(s) ({KernelRuntime.NumThreadsVariable} sets it), {Environment.ProcessorCount} processor(s)");
Console.WriteLine("Columns (median ms): serial = the method as written; 1 thread = the generated version on one thread (its SIMD gain alone); parallel = the generated version on all threads; Nx = serial time / that time.");
if (Environment.ProcessorCount == 1 || KernelRuntime.MaxDegreeOfParallelism == 1)
    Console.WriteLine("Warning: only one thread can run the kernels here, so parallel cannot beat serial by more than the SIMD gain.");
var load = MachineLoad.Start();
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
    // The same as a [ParallelMap] function (SeedMaps.cs): Worker(numbers, results) is a generated overload
    // (Worker(numbers) returns a new array; see 3 for that form).
    long[] mapped = new long[numbers.Length];
    double tm = Timing.Median(() => SeedMaps.Worker(numbers, mapped));
    ok = serial.SequenceEqual(mapped) && SeedMaps.Worker(numbers).SequenceEqual(serial);
    allOk &= ok;
    Timing.Print("  as [ParallelMap] Worker(numbers, results)", ok, ts, tm, "a map overload of SeedMaps.Worker");
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
    double[] mapped = new double[values.Length];
    double tm = Timing.Median(() => SeedMaps.Square(values, mapped));
    ok = serial.SequenceEqual(mapped);
    allOk &= ok;
    Timing.Print("  as [ParallelMap] Square(values, squares)", ok, ts, tm, "a map overload of SeedMaps.Square");
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
    double[] mapped = [];
    double tm = Timing.Median(() => mapped = SeedMaps.Add(a, b));
    ok = serial.SequenceEqual(mapped);
    allOk &= ok;
    Timing.Print("  as [ParallelMap] Add(a, b)", ok, ts, tm, "a map overload of SeedMaps.Add (returns a new array)");
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

    // Arrays of structs: Particle[] read as float channels (the report's "arrays of structs as their fields").
    var particles = Enumerable.Range(0, N).Select(_ => new Particle { X = (float)random.NextDouble(), Y = (float)random.NextDouble() - 0.1f,
        VX = (float)random.NextDouble() - 0.5f, VY = (float)random.NextDouble() - 0.5f }).ToArray();
    Particle[] serialStep = new Particle[N], parallelStep = new Particle[N];
    Action<Particle[], Particle[], float> stepSerial = ShowcaseKernels.Step;
    allOk &= Showcase.Run("particles (Particle[] Euler step with a bounce), 1,000,000", () => stepSerial(particles, serialStep, 0.01f),
        () => ShowcaseKernels.Step(particles, parallelStep, 0.01f),
        () => System.Runtime.InteropServices.MemoryMarshal.Cast<Particle, int>(serialStep).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<Particle, int>(parallelStep))); // bitwise

    // State held in an object: an instance kernel over mutable Vector3[] fields (one array each for the loop).
    // (Timed on worlds of their own: the runs step them different numbers of times. Checked on two fresh worlds, three steps each.)
    ParticleWorld timedSerial = new(N, 7), timedParallel = new(N, 7);
    Action<float> integrateSerial = timedSerial.Integrate; // a delegate: not intercepted, the serial original
    allOk &= Showcase.Run("particle world (instance kernel over Vector3[] fields), 1,000,000", () => integrateSerial(0.001f),
        () => timedParallel.Integrate(0.001f),
        () =>
        {
            ParticleWorld serialWorld = new(N, 8), parallelWorld = new(N, 8);
            Action<float> step = serialWorld.Integrate;
            for (int k = 0; k < 3; k++) { step(0.01f); parallelWorld.Integrate(0.01f); }
            return System.Runtime.InteropServices.MemoryMarshal.Cast<System.Numerics.Vector3, int>(serialWorld.Positions)
                       .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<System.Numerics.Vector3, int>(parallelWorld.Positions))
                   && System.Runtime.InteropServices.MemoryMarshal.Cast<System.Numerics.Vector3, int>(serialWorld.Velocities)
                       .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<System.Numerics.Vector3, int>(parallelWorld.Velocities));
        }); // bitwise
}

// 5. Data shapes (DataShapeKernels.cs): nested loops, rectangular arrays, a stencil, strided bitmaps (an array, a locked bitmap's row pointers) and a histogram.
{
    const int W = 800, H = 600, MaxIt = 200;
    int[] serial = new int[W * H], parallel = new int[W * H];
    Action<int[], int, int, int> serialKernel = DataShapeKernels.Mandelbrot;
    double ts = Timing.Median(() => serialKernel(serial, W, H, MaxIt), runs: 5);
    double tp = Timing.Median(() => DataShapeKernels.Mandelbrot(parallel, W, H, MaxIt), runs: 5);
    bool ok = serial.SequenceEqual(parallel);
    allOk &= ok;
    Timing.Print($"Mandelbrot {W} x {H}, {MaxIt} iterations", ok, ts, tp, $"points inside {parallel.Count(n => n == MaxIt):N0}", runs: 5);
}
{
    const int N = 256;
    float[] a = Enumerable.Range(0, N * N).Select(_ => (float)random.NextDouble()).ToArray();
    float[] b = Enumerable.Range(0, N * N).Select(_ => (float)random.NextDouble()).ToArray();
    float[] serial = new float[N * N], parallel = new float[N * N];
    Action<float[], float[], float[], int> serialKernel = DataShapeKernels.MatMul;
    double ts = Timing.Median(() => serialKernel(a, b, serial, N), runs: 5);
    double tp = Timing.Median(() => DataShapeKernels.MatMul(a, b, parallel, N), runs: 5);
    bool ok = serial.SequenceEqual(parallel); // each element sums in the same order: bitwise
    allOk &= ok;
    Timing.Print($"naive matmul (flat) {N} x {N} f32", ok, ts, tp, $"c[0] = {parallel[0]:F4}", runs: 5);

    float[,] a2 = new float[N, N], b2 = new float[N, N], s2 = new float[N, N], p2 = new float[N, N];
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { a2[i, j] = a[i * N + j]; b2[i, j] = b[i * N + j]; }
    Action<float[,], float[,], float[,]> serial2D = DataShapeKernels.MatMul2D;
    ts = Timing.Median(() => serial2D(a2, b2, s2), runs: 5);
    tp = Timing.Median(() => DataShapeKernels.MatMul2D(a2, b2, p2), runs: 5);
    ok = s2.Cast<float>().SequenceEqual(p2.Cast<float>()) && p2[7, 9] == parallel[7 * N + 9];
    allOk &= ok;
    Timing.Print($"naive matmul (float[,]) {N} x {N} f32", ok, ts, tp, "same values as the flat product", runs: 5);
}
{
    const int N = 1024;
    float[] input = Enumerable.Range(0, N * N).Select(_ => (float)random.NextDouble()).ToArray();
    float[] serial = new float[N * N], parallel = new float[N * N];
    Action<float[], float[], int> serialKernel = DataShapeKernels.Stencil;
    double ts = Timing.Median(() => serialKernel(input, serial, N));
    double tp = Timing.Median(() => DataShapeKernels.Stencil(input, parallel, N));
    bool ok = serial.SequenceEqual(parallel);
    allOk &= ok;
    Timing.Print($"5-point stencil {N} x {N} f32", ok, ts, tp, $"output[{N + 1}] = {parallel[N + 1]:F4}");
}
{
    const int W = 1921, H = 1080, Stride = (3 * W + 3) / 4 * 4; // rows padded to 4 bytes, as Bitmap.LockBits gives them
    byte[] image = new byte[Stride * H];
    random.NextBytes(image);
    byte[] serial = (byte[])image.Clone(), parallel = (byte[])image.Clone();
    Action<byte[], int, int, int> serialKernel = DataShapeKernels.InvertBitmap;
    // In place: both timings invert their copy the same number of times (3 warm-up runs and 21 timed), so both end alike.
    double ts = Timing.Median(() => serialKernel(serial, W, H, Stride));
    double tp = Timing.Median(() => DataShapeKernels.InvertBitmap(parallel, W, H, Stride));
    bool ok = serial.SequenceEqual(parallel);
    allOk &= ok;
    Timing.Print($"24 bpp bitmap {W} x {H}, stride {Stride}, inverted in place", ok, ts, tp, $"first pixel {parallel[0]}, {parallel[1]}, {parallel[2]}");
}
{
    const int W = 1920, H = 1080, Stride = 4 * W; // a locked 32 bpp bitmap, walked through a row pointer
    byte[] image = new byte[Stride * H];
    random.NextBytes(image);
    byte[] table = Enumerable.Range(0, 256).Select(v => (byte)Math.Round(255 * Math.Pow(v / 255.0, 0.8))).ToArray();
    byte[] serial = (byte[])image.Clone(), parallel = (byte[])image.Clone();
    // In place and not idempotent: both timings map their copy the same number of times, so both end alike.
    double ts = Timing.Median(() => DataShapeKernels.LevelsSerial(serial, W, H, Stride, table));
    double tp = Timing.Median(() => DataShapeKernels.Levels(parallel, W, H, Stride, table));
    bool ok = serial.SequenceEqual(parallel);
    allOk &= ok;
    Timing.Print($"32 bpp bitmap {W} x {H} through byte* rows, levels by a table", ok, ts, tp, $"first pixel {parallel[0]}, {parallel[1]}, {parallel[2]}");
}
{
    // In [0, 1) as floats: NextSingle (a double below 1 may round to 1.0f, one bin past the last).
    float[] values = Enumerable.Range(0, 4_000_000).Select(_ => random.NextSingle()).ToArray();
    int[] serial = new int[256], parallel = new int[256];
    Action<float[], int[]> serialKernel = DataShapeKernels.Histogram;
    // Each run adds to the counts: clear them first, in both timings alike.
    double ts = Timing.Median(() => { Array.Clear(serial); serialKernel(values, serial); });
    double tp = Timing.Median(() => { Array.Clear(parallel); DataShapeKernels.Histogram(values, parallel); });
    bool ok = serial.SequenceEqual(parallel) && parallel.Sum() == values.Length;
    allOk &= ok;
    Timing.Print("histogram, 4,000,000 floats into 256 bins", ok, ts, tp, $"fullest bin {parallel.Max():N0}");
}
{
    const int N = 400;
    double[] matrix = new double[N * N];
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) matrix[i * N + j] = random.NextDouble() + (i == j ? N : 0);
    double[] serial = new double[N * N], parallel = new double[N * N], ls = new double[N * N], lp = new double[N * N];
    Action<double[], double[], int> serialKernel = DataShapeKernels.Eliminate;
    // In place: each run starts from the same matrix.
    double ts = Timing.Median(() => { Array.Copy(matrix, serial, matrix.Length); serialKernel(serial, ls, N); });
    double tp = Timing.Median(() => { Array.Copy(matrix, parallel, matrix.Length); DataShapeKernels.Eliminate(parallel, lp, N); });
    bool ok = serial.SequenceEqual(parallel) && ls.SequenceEqual(lp);
    allOk &= ok;
    Timing.Print($"Gaussian elimination {N} x {N} f64 (rows below each pivot)", ok, ts, tp, $"last pivot {parallel[N * N - 1]:F4}");
}

// 6. Stencils ([ParallelStencil], StencilSamples.cs): the serial meaning is the function on every cell's neighbourhood.
{
    const int H = 1500, W = 1999;
    float[,] image = new float[H, W];
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) image[y, x] = (float)random.NextDouble();
    foreach (Border border in new[] { Border.Unchanged, Border.Clamp, Border.Wrap })
    {
        float[,] serial = new float[H, W], parallel = new float[H, W];
        void Serial()
        {
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                    if (border != Border.Unchanged || y > 0 && y < H - 1 && x > 0 && x < W - 1)
                        serial[y, x] = StencilSamples.Blur(new Neighbourhood2D<float>(image, y, x, border));
        }
        double ts = Timing.Median(Serial);
        double tp = Timing.Median(() => StencilSamples.Blur(image, parallel, border));
        bool ok = serial.Cast<float>().SequenceEqual(parallel.Cast<float>());
        allOk &= ok;
        Timing.Print($"[ParallelStencil] 4-neighbour blur {H} x {W} f32, border {border}", ok, ts, tp, $"corner {parallel[0, 0]:F4}; serial = the function on each cell's Neighbourhood2D (bounds-checked reads)");
    }
    double[,] grid = new double[H, W], lap = new double[H, W], expected = new double[H, W];
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) grid[y, x] = System.Math.Sin(0.01 * x) * System.Math.Cos(0.02 * y);
    StencilSamples.Laplacian(grid, lap, Border.Constant, 0.0);
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) expected[y, x] = StencilSamples.Laplacian(new Neighbourhood2D<double>(grid, y, x, Border.Constant, 0.0));
    bool same = expected.Cast<double>().SequenceEqual(lap.Cast<double>());
    allOk &= same;
    Console.WriteLine($"[ParallelStencil] 5-point Laplacian {H} x {W} f64, border Constant 0: {(same ? "OK, parallel == serial" : "MISMATCH")}; centre {lap[H / 2, W / 2]:E3}");
}

Console.WriteLine();
if (load.OtherProcessesCores() is double others && others >= Math.Max(0.5, Environment.ProcessorCount / 4.0))
    Console.WriteLine($"Warning: other processes kept {others:F1} of {Environment.ProcessorCount} cores busy while the samples ran: the timings are unreliable (a slowdown is the machine's, not the kernel's).");
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

    public static void Print(string name, bool ok, double serialMs, double parallelMs, string detail, int runs = 21)
    {
        Console.WriteLine($"{name}: {(ok ? "OK, parallel == serial" : "MISMATCH")}; {detail}");
        Console.WriteLine($"    serial {serialMs,8:F3} ms   parallel {parallelMs,8:F3} ms   speed-up {serialMs / parallelMs:F2}x (medians of {runs} runs)");
    }
}

/// <summary>
/// How busy the rest of the machine was while the samples ran: all CPU time (Linux /proc/stat) minus this process's
/// own. Measured over the run rather than from the load average, which still counts the build `dotnet run` just did.
/// </summary>
sealed class MachineLoad
{
    private readonly long _busy, _total, _cpus;
    private readonly TimeSpan _own;
    private readonly long _start;

    private MachineLoad(long busy, long total, long cpus)
    {
        _busy = busy; _total = total; _cpus = cpus;
        _own = Process.GetCurrentProcess().TotalProcessorTime;
        _start = Stopwatch.GetTimestamp();
    }

    public static MachineLoad Start() => Read() is var (busy, total, cpus) ? new MachineLoad(busy, total, cpus) : new MachineLoad(-1, -1, 0);

    /// <summary>Average number of cores other processes used since <see cref="Start"/>; null where /proc/stat cannot be read.</summary>
    public double? OtherProcessesCores()
    {
        if (_total < 0 || Read() is not var (busy, total, _) || total <= _total) return null;
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        if (seconds <= 0) return null;
        double allCores = (double)(busy - _busy) / (total - _total) * _cpus; // /proc/stat counts every CPU of the host
        double ownCores = (Process.GetCurrentProcess().TotalProcessorTime - _own).TotalSeconds / seconds;
        return Math.Max(0, allCores - ownCores);
    }

    /// <summary>Busy and total jiffies of all CPUs (the "cpu" line of /proc/stat) and the number of CPUs, or null.</summary>
    private static (long Busy, long Total, long Cpus)? Read()
    {
        try
        {
            string[] lines = System.IO.File.ReadAllLines("/proc/stat");
            string? line = lines.FirstOrDefault();
            long cpus = lines.Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsDigit(l[3]));
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal) || cpus == 0) return null;
            long[] v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            if (v.Length < 5) return null;
            long total = v.Sum(), idle = v[3] + v[4]; // idle + iowait
            return (total - idle, total, cpus);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
