using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace KernelGen.Benchmarks
{
    // Rows of every suite: Serial (the kernel as written, through a delegate: not intercepted), NaiveParallelFor
    // (Parallel.For per element, or per row for 2-D kernels), HandTuned, TensorPrimitives (where one applies) and
    // KernelGen (the intercepted call). Sizes come from Config.Sizes so that the short mode can shrink them.

    [MemoryDiagnoser]
    public class AddF32
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 1_000, 100_000, 1_000_000 } : new[] { 1_000, 100_000, 1_000_000, 10_000_000 };
        private float[] _a = [], _b = [], _r = [];
        private static readonly Action<float[], float[], float[]> s_serial = Kernels.AddF32;

        [GlobalSetup] public void Setup() { var rnd = new Random(1); _a = Data.F32(N, rnd); _b = Data.F32(N, rnd); _r = new float[N]; }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _b, _r);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => _r[i] = _a[i] + _b[i]);
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.AddChunk(_a, _b, _r, s, e));
        [Benchmark] public void TensorPrimitives() => TP.Add(_a, _b, _r);
        [Benchmark] public void KernelGen() => Kernels.AddF32(_a, _b, _r);
        public static long Bytes(int n) => 12L * n;
    }

    [MemoryDiagnoser]
    public class ParallelAddF64
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => new[] { 1_000_000 };
        private double[] _a = [], _b = [];
        private static readonly Func<double[], double[], double[]> s_serial = Kernels.ParallelAdd;

        [GlobalSetup] public void Setup() { var rnd = new Random(2); _a = Data.F64(N, rnd); _b = Data.F64(N, rnd); }
        [Benchmark(Baseline = true)] public double[] Serial() => s_serial(_a, _b);
        [Benchmark] public double[] NaiveParallelFor() { var r = new double[N]; Parallel.For(0, N, i => r[i] = _a[i] + _b[i]); return r; }
        [Benchmark] public double[] HandTuned() { var r = new double[N]; global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.AddChunk(_a, _b, r, s, e)); return r; }
        [Benchmark] public double[] TensorPrimitives() { var r = new double[N]; TP.Add(_a, _b, r); return r; }
        [Benchmark] public double[] KernelGen() => Kernels.ParallelAdd(_a, _b);
        public static long Bytes(int n) => 24L * n;
    }

    [MemoryDiagnoser]
    public class SumF32
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 1_000, 1_000_000 } : new[] { 1_000, 10_000_000 };
        private float[] _a = [];
        private static readonly Func<float[], float> s_serial = Kernels.SumF32;

        [GlobalSetup] public void Setup() => _a = Data.F32(N, new Random(3));
        [Benchmark(Baseline = true)] public float Serial() => s_serial(_a);
        [Benchmark] public float KernelGen() => Kernels.SumF32(_a);
        [Benchmark] public float NaiveParallelFor()
        {
            float total = 0; object gate = new();
            Parallel.For(0, N, () => 0f, (i, _, s) => s + _a[i], s => { lock (gate) total += s; });
            return total;
        }
        [Benchmark] public float HandTuned()
        {
            int chunk = Math.Max(65536, (N + global::KernelGen.Benchmarks.HandTuned.Threads * 4 - 1) / (global::KernelGen.Benchmarks.HandTuned.Threads * 4));
            int chunks = (N + chunk - 1) / chunk;
            var partial = new float[chunks];
            if (chunks == 1) partial[0] = TP.Sum(_a);
            else Parallel.For(0, chunks, c => partial[c] = TP.Sum(_a.AsSpan(c * chunk, Math.Min(N, (c + 1) * chunk) - c * chunk)));
            return partial.Sum();
        }
        [Benchmark] public float TensorPrimitives() => TP.Sum(_a);
        public static long Bytes(int n) => 4L * n;
    }

    [MemoryDiagnoser]
    public class Poly20
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => new[] { 1_000_000 };
        private float[] _a = [], _r = [];
        private static readonly Action<float[], float[]> s_serial = Kernels.Poly20;

        [GlobalSetup] public void Setup() { _a = Data.F32(N, new Random(4)); _r = new float[N]; }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _r);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => { float x = _a[i]; for (int k = 0; k < 20; k++) x = x * x * 0.5f + 0.25f; _r[i] = x; });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4096, (s, e) => global::KernelGen.Benchmarks.HandTuned.Poly20Chunk(_a, _r, s, e));
        [Benchmark] public void KernelGen() => Kernels.Poly20(_a, _r);
        public static long Bytes(int n) => 8L * n;
    }

    [MemoryDiagnoser]
    public class Mandelbrot
    {
        [ParamsSource(nameof(Sizes))] public int N; // width; height = 2/3 of it, 256 iterations
        public static int[] Sizes => Config.Short ? new[] { 192 } : new[] { 768 };
        private int W => N; private int H => N * 2 / 3;
        private int[] _out = [];
        private static readonly Action<int[], int, int, int> s_serial = Kernels.Mandelbrot;

        [GlobalSetup] public void Setup() => _out = new int[W * H];
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_out, W, H, 256);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, H, y => global::KernelGen.Benchmarks.HandTuned.MandelbrotRowsScalar(_out, W, H, 256, y));
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(H, 4, (s, e) => global::KernelGen.Benchmarks.HandTuned.MandelbrotRows(_out, W, H, 256, s, e));
        [Benchmark] public void KernelGen() => Kernels.Mandelbrot(_out, W, H, 256);
        public static long Bytes(int n) => 0;
    }

    [MemoryDiagnoser]
    public class MatMul
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 128 } : new[] { 256 };
        private float[] _a = [], _b = [], _c = [];
        private static readonly Action<float[], float[], float[], int> s_serial = Kernels.MatMul;

        [GlobalSetup] public void Setup() { var rnd = new Random(5); _a = Data.F32(N * N, rnd); _b = Data.F32(N * N, rnd); _c = new float[N * N]; }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _b, _c, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            for (int j = 0; j < N; j++) { float acc = 0; for (int p = 0; p < N; p++) acc += _a[i * N + p] * _b[p * N + j]; _c[i * N + j] = acc; }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4, (s, e) => global::KernelGen.Benchmarks.HandTuned.MatMulRows(_a, _b, _c, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.MatMul(_a, _b, _c, N);
        public static long Bytes(int n) => 0;
    }

    /// <summary>The seed's multiprocessing Pool.map squares and joblib parallel_square.</summary>
    [MemoryDiagnoser, CategoriesColumn, GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
    public class SeedSquares
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => new[] { 100_000 };
        private int[] _numbers = []; private long[] _results = [];
        private double[] _values = [], _squares = [];
        private static readonly Action<int[], long[]> s_map = Kernels.MapWorker;
        private static readonly Action<double[], double[]> s_square = Kernels.ParallelSquare;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(6);
            _numbers = Enumerable.Range(0, N).Select(_ => rnd.Next(-46_000, 46_000)).ToArray(); _results = new long[N];
            _values = Data.F64(N, rnd); _squares = new double[N];
        }
        [Benchmark(Baseline = true), BenchmarkCategory("PoolMap")] public void Serial() => s_map(_numbers, _results);
        [Benchmark, BenchmarkCategory("PoolMap")] public void NaiveParallelFor() => Parallel.For(0, N, i => _results[i] = (long)_numbers[i] * _numbers[i]);
        [Benchmark, BenchmarkCategory("PoolMap")] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.SquareWidenChunk(_numbers, _results, s, e));
        [Benchmark, BenchmarkCategory("PoolMap")] public void KernelGen() => Kernels.MapWorker(_numbers, _results);

        [Benchmark(Baseline = true), BenchmarkCategory("JoblibSquare")] public void SquareSerial() => s_square(_values, _squares);
        [Benchmark, BenchmarkCategory("JoblibSquare")] public void SquareNaiveParallelFor() => Parallel.For(0, N, i => _squares[i] = _values[i] * _values[i]);
        [Benchmark, BenchmarkCategory("JoblibSquare")] public void SquareHandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.SquareChunk(_values, _squares, s, e));
        [Benchmark, BenchmarkCategory("JoblibSquare")] public void SquareTensorPrimitives() => TP.Multiply(_values, _values, _squares);
        [Benchmark, BenchmarkCategory("JoblibSquare")] public void SquareKernelGen() => Kernels.ParallelSquare(_values, _squares);
        public static long Bytes(int n) => 12L * n; // PoolMap: 4 read + 8 written; JoblibSquare: 8 + 8 (see report)
    }

    [MemoryDiagnoser]
    public class Stencil
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 2048 };
        private float[] _in = [], _out = [];
        private static readonly Action<float[], float[], int> s_serial = Kernels.Stencil;

        [GlobalSetup] public void Setup() { _in = Data.F32(N * N, new Random(7)); _out = new float[N * N]; }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_in, _out, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, y =>
        {
            for (int x = 1; x < N - 1; x++) { int k = y * N + x; _out[k] = 0.2f * (_in[k] + _in[k - 1] + _in[k + 1] + _in[k - N] + _in[k + N]); }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.StencilRows(_in, _out, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.Stencil(_in, _out, N);
        public static long Bytes(int n) => 8L * n * n;
    }

    [MemoryDiagnoser]
    public class Histogram
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 1_000_000 } : new[] { 10_000_000 };
        private float[] _values = []; private readonly int[] _hist = new int[256];
        private static readonly Action<float[], int[]> s_serial = Kernels.Histogram;

        [GlobalSetup] public void Setup() => _values = Data.F32(N, new Random(8));
        [Benchmark(Baseline = true)] public void Serial() { Array.Clear(_hist); s_serial(_values, _hist); }
        [Benchmark] public void NaiveParallelFor() { Array.Clear(_hist); Parallel.For(0, N, i => Interlocked.Increment(ref _hist[(int)(_values[i] * 256)])); }
        [Benchmark] public void HandTuned() { Array.Clear(_hist); global::KernelGen.Benchmarks.HandTuned.Chunked(N, 65536, (s, e) => global::KernelGen.Benchmarks.HandTuned.HistogramChunk(_values, _hist, s, e)); }
        [Benchmark] public void KernelGen() { Array.Clear(_hist); Kernels.Histogram(_values, _hist); }
        public static long Bytes(int n) => 4L * n;
    }

    /// <summary>Memory-bandwidth references: copy and STREAM-like triad (a = b + s c), f32, well beyond the caches.</summary>
    [MemoryDiagnoser]
    public class Bandwidth
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 4_000_000 } : new[] { 16_000_000 };
        private float[] _a = [], _b = [], _c = [];

        [GlobalSetup] public void Setup() { var rnd = new Random(9); _a = new float[N]; _b = Data.F32(N, rnd); _c = Data.F32(N, rnd); }
        [Benchmark(Baseline = true)] public void CopySerial() => _b.AsSpan().CopyTo(_a);
        [Benchmark] public void CopyParallel() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 65536, (s, e) => _b.AsSpan(s, e - s).CopyTo(_a.AsSpan(s, e - s)));
        [Benchmark] public void TriadSerial() => global::KernelGen.Benchmarks.HandTuned.TriadChunk(_a, _b, _c, 3f, 0, N);
        [Benchmark] public void TriadParallel() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 65536, (s, e) => global::KernelGen.Benchmarks.HandTuned.TriadChunk(_a, _b, _c, 3f, s, e));
        public static long Bytes(int n) => 8L * n; // copy; triad moves 12 n
    }

    internal static class Data
    {
        public static float[] F32(int n, Random rnd) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)rnd.NextDouble(); return a; }
        public static double[] F64(int n, Random rnd) { var a = new double[n]; for (int i = 0; i < n; i++) a[i] = rnd.NextDouble(); return a; }
    }
}
