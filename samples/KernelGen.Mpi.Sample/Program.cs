using System;
using System.Diagnostics;
using System.Linq;
using KernelGen;
using KernelGen.Mpi.Sample;
using KernelGen.Samples;

// KernelGen over MPI ranks. Start with: mpirun -np 3 dotnet KernelGen.Mpi.Sample.dll   (see the README)
// Every rank runs this same program on the same inputs; each distributable loop gives each rank one block of its
// iterations, and every rank leaves the loop with the whole result. Each kernel's result is checked on every rank
// against the serial original (the method as written, called through a delegate, which is never intercepted).
//   --quick   inputs a tenth the size (the tests' setting; loops still split into several chunks)
//   --throw   one rank's block throws: the whole job must end with that exception's message
//   --time    time Mandelbrot (for the ranks × threads grid in docs/mpi.md)
MpiSession mpi;
try
{
    mpi = KernelMpi.Start();
}
catch (DllNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
using (mpi)
{
    bool root = mpi.Rank == 0;
    if (root)
        Console.WriteLine($"KernelGen MPI sample: {mpi.Size} rank(s) × {KernelRuntime.MaxDegreeOfParallelism} thread(s) each");

    if (args.Contains("--throw"))
    {
        int[] output = new int[1_000_000];
        Console.WriteLine($"rank {mpi.Rank}: calling Divide (iteration {output.Length - 1} divides by zero)");
        MpiKernels.Divide(output, output.Length - 1);
        Console.WriteLine($"rank {mpi.Rank}: Divide returned (it should not have)");
        return 1;
    }

    var random = new Random(7); // the same inputs on every rank
    int n1 = args.Contains("--quick") ? 100_000 : 1_000_000; // the size of most inputs
    if (args.Contains("--time"))
    {
        // Median of 5 calls after a warm-up, all ranks starting together: a compute-bound kernel (Mandelbrot, 7.7 MB
        // of pixels gathered) and a streaming one (parallel_add of 4,000,000 doubles, 32 MB gathered).
        double Median(Action call)
        {
            call();
            var times = new double[5];
            for (int t = 0; t < times.Length; t++)
            {
                mpi.Barrier();
                long start = Stopwatch.GetTimestamp();
                call();
                times[t] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(times);
            return times[2];
        }
        int[] image = new int[1600 * 1200];
        double mandelbrot = Median(() => DataShapeKernels.Mandelbrot(image, 1600, 1200, 500));
        double[] a = Enumerable.Range(0, 4_000_000).Select(_ => random.NextDouble()).ToArray(), b = a.Reverse().ToArray();
        double add = Median(() => SeedKernels.ParallelAdd(a, b));
        if (root)
            Console.WriteLine($"time ranks={mpi.Size} threads={KernelRuntime.MaxDegreeOfParallelism} mandelbrot_1600x1200_ms={mandelbrot:F1} parallel_add_4M_ms={add:F2}");
        return 0;
    }

    bool allOk = true;
    void Check(string name, bool ok)
    {
        // Every rank's verdict, gathered: one byte per rank.
        byte[] verdicts = new byte[mpi.Size];
        verdicts[mpi.Rank] = ok ? (byte)1 : (byte)0;
        mpi.Share(ref verdicts[0], Enumerable.Range(0, mpi.Size).Select(r => (long)r).ToArray(), Enumerable.Repeat(1L, mpi.Size).ToArray());
        bool all = verdicts.All(v => v == 1);
        allOk &= all;
        if (root)
            Console.WriteLine(all ? $"OK      {name}" : $"FAILED  {name} (ranks {string.Join(", ", verdicts.Select((v, r) => (v, r)).Where(p => p.v == 0).Select(p => p.r))})");
    }

    {
        int[] numbers = Enumerable.Range(0, n1).Select(_ => random.Next(-46_000, 46_000)).ToArray();
        long[] serial = new long[numbers.Length], parallel = new long[numbers.Length];
        Action<int[], long[]> reference = SeedKernels.MapWorker;
        reference(numbers, serial);
        SeedKernels.MapWorker(numbers, parallel);
        Check($"Pool.map(worker), {n1:N0} ints", serial.SequenceEqual(parallel));
    }
    {
        double[] values = Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()).ToArray();
        double[] serial = new double[values.Length], parallel = new double[values.Length];
        Action<double[], double[]> reference = SeedKernels.ParallelSquare;
        reference(values, serial);
        SeedKernels.ParallelSquare(values, parallel);
        Check("joblib parallel_square, 100,000 doubles", serial.SequenceEqual(parallel));
    }
    {
        double[] a = Enumerable.Range(0, n1).Select(_ => random.NextDouble()).ToArray();
        double[] b = Enumerable.Range(0, n1).Select(_ => random.NextDouble()).ToArray();
        Func<double[], double[], double[]> reference = SeedKernels.ParallelAdd;
        Check($"numba parallel_add, {n1:N0} doubles", reference(a, b).SequenceEqual(SeedKernels.ParallelAdd(a, b)));
    }
    {
        int[] serial = new int[640 * 480], parallel = new int[640 * 480];
        Action<int[], int, int, int> reference = DataShapeKernels.Mandelbrot;
        reference(serial, 640, 480, 200);
        DataShapeKernels.Mandelbrot(parallel, 640, 480, 200);
        Check("Mandelbrot 640x480 (flat rows)", serial.SequenceEqual(parallel));
    }
    {
        var a = new float[150, 70];
        var b = new float[70, 90];
        foreach (var m in new[] { a, b })
            for (int i = 0; i < m.GetLength(0); i++)
                for (int j = 0; j < m.GetLength(1); j++)
                    m[i, j] = (float)random.NextDouble();
        float[,] serial = new float[150, 90], parallel = new float[150, 90];
        Action<float[,], float[,], float[,]> reference = DataShapeKernels.MatMul2D;
        reference(a, b, serial);
        DataShapeKernels.MatMul2D(a, b, parallel);
        Check("matmul on float[150, 70] x float[70, 90] (rows of a T[,])", serial.Cast<float>().SequenceEqual(parallel.Cast<float>()));
    }
    {
        int n = 513;
        float[] input = Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble()).ToArray();
        float[] serial = new float[n * n], parallel = new float[n * n];
        Action<float[], float[], int> reference = DataShapeKernels.Stencil;
        reference(input, serial, n);
        DataShapeKernels.Stencil(input, parallel, n);
        Check("5-point stencil on a flat 513 x 513 grid (interior rows)", serial.SequenceEqual(parallel));
    }
    {
        float[] source = Enumerable.Range(0, 333 * 97).Select(_ => (float)random.NextDouble()).ToArray();
        float[] serial = new float[source.Length], parallel = new float[source.Length];
        Action<float[], float[], int> reference = MpiKernels.ReverseRows;
        reference(source, serial, 97);
        MpiKernels.ReverseRows(source, parallel, 97);
        Check("rows reversed (descending band), 333 x 97 floats", serial.SequenceEqual(parallel));
    }
    {
        float[] a = Enumerable.Range(0, 2 * n1).Select(_ => (float)random.NextDouble()).ToArray();
        Func<float[], float> reference = ShowcaseKernels.SumF32;
        float serial = reference(a), parallel = ShowcaseKernels.SumF32(a);
        double exact = a.Sum(x => (double)x);
        // Float sums round differently in other orders (the serial loop's own error over millions of terms is about
        // 1e-4 relative): the split sum must be no farther from the exact sum than the serial one, give or take 1e-6.
        Check($"float sum, {2 * n1:N0} floats ({parallel}; serial {serial})", Math.Abs(parallel - exact) <= Math.Abs(serial - exact) + 1e-6 * exact);
    }
    {
        double[] a = Enumerable.Range(0, 3 * n1 + 1).Select(_ => random.NextDouble() * 100).ToArray();
        Func<double[], double> reference = MpiKernels.DeterministicSum;
        double serial = reference(a), parallel = MpiKernels.DeterministicSum(a);
        Check($"deterministic double sum ({parallel:R})", Math.Abs(serial - parallel) <= 1e-9 * Math.Abs(serial));
        // The same bits for any ranks × threads (MpiTests compare this line across rank counts).
        if (root) Console.WriteLine($"bits DeterministicSum {BitConverter.DoubleToInt64Bits(parallel):X16}");
    }
    {
        double[] a = Enumerable.Range(0, n1).Select(_ => random.NextDouble()).ToArray();
        int first = n1 * 7 / 9, second = n1 * 8 / 9;
        a[first] = -1; a[second] = -1; // two equal minima: the first wins, as in the serial loop
        Func<double[], int> reference = MpiKernels.ArgMin;
        Check($"argmin, {n1:N0} doubles", reference(a) == MpiKernels.ArgMin(a) && MpiKernels.ArgMin(a) == first);
    }
    {
        // In [0, 1) as floats: NextDouble just below 1 would round to 1f, one past the last bin.
        float[] values = Enumerable.Range(0, n1).Select(_ => (float)(random.NextDouble() * 0.999)).ToArray();
        int[] serial = new int[256], parallel = new int[256];
        Action<float[], int[]> reference = DataShapeKernels.Histogram;
        reference(values, serial);
        DataShapeKernels.Histogram(values, parallel);
        Check($"histogram (an array reduction: ranks merge their chunks, then each other's), {n1:N0} floats", serial.SequenceEqual(parallel));
    }
    if (root)
        Console.WriteLine(allOk ? $"All kernels agree with their serial originals on {mpi.Size} rank(s)" : "Some kernels FAILED");
    return allOk ? 0 : 1;
}
