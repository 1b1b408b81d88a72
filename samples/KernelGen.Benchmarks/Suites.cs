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
    // KernelGen (the intercepted call). Sizes: the issue's sizes in full mode; the short mode (Config.Short) shrinks some.
    // Validate(): the check pass (Program.cs, before timing) runs Serial and KernelGen once at each size and returns
    // null when KernelGen's result equals the serial one (sums: within the serial sum's own rounding error), else why not.

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
        public string? Validate() { Serial(); var expected = (float[])_r.Clone(); Array.Clear(_r); KernelGen(); return Check.Same(expected, _r); }
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
        public string? Validate() => Check.Same(Serial(), KernelGen());
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
        public string? Validate() => Check.Sum(_a, Serial(), KernelGen());
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
        public string? Validate() { Serial(); var expected = (float[])_r.Clone(); Array.Clear(_r); KernelGen(); return Check.Same(expected, _r); }
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
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.Mandelbrot(_out, W, H, 256));
        public string? Validate() { Serial(); var expected = (int[])_out.Clone(); Array.Clear(_out); KernelGen(); return Check.Same(expected, _out); }
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
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.MatMul(_a, _b, _c, N));
        public string? Validate() { Serial(); var expected = (float[])_c.Clone(); Array.Clear(_c); KernelGen(); return Check.Same(expected, _c); }
        public static long Bytes(int n) => 0;
    }

    /// <summary>The naive matmul on <c>float[,]</c>, as numba's matmul indexes <c>A[i, p]</c>.</summary>
    [MemoryDiagnoser]
    public class MatMul2D
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 128 } : new[] { 256 };
        private float[,] _a = new float[0, 0], _b = new float[0, 0], _c = new float[0, 0];
        private static readonly Action<float[,], float[,], float[,], int> s_serial = Kernels.MatMul2D;

        [GlobalSetup] public void Setup() { var rnd = new Random(5); _a = Data.F32(N, N, rnd); _b = Data.F32(N, N, rnd); _c = new float[N, N]; }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _b, _c, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            for (int j = 0; j < N; j++) { float acc = 0; for (int p = 0; p < N; p++) acc += _a[i, p] * _b[p, j]; _c[i, j] = acc; }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4, (s, e) => global::KernelGen.Benchmarks.HandTuned.MatMulRows(_a, _b, _c, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.MatMul2D(_a, _b, _c, N);
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.MatMul2D(_a, _b, _c, N));
        public string? Validate() { Serial(); var expected = (float[,])_c.Clone(); Array.Clear(_c); KernelGen(); return Check.Same(expected, _c); }
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
        public string? Validate()
        {
            Serial(); var expected = (long[])_results.Clone(); Array.Clear(_results); KernelGen();
            string? map = Check.Same(expected, _results);
            SquareSerial(); var squares = (double[])_squares.Clone(); Array.Clear(_squares); SquareKernelGen();
            string? square = Check.Same(squares, _squares);
            return map is null && square is null ? null : $"PoolMap: {map ?? "ok"}; JoblibSquare: {square ?? "ok"}";
        }
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
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.Stencil(_in, _out, N));
        public string? Validate() { Serial(); var expected = (float[])_out.Clone(); Array.Clear(_out); KernelGen(); return Check.Same(expected, _out); }
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
        public string? Validate() { Serial(); var expected = (int[])_hist.Clone(); KernelGen(); return Check.Same(expected, _hist); }
        public static long Bytes(int n) => 4L * n;
    }

    /// <summary>
    /// Memory-bandwidth references: copy and STREAM-like triad (a = b + s c), f32, at the size of the streaming kernels'
    /// bandwidth target (1e7 elements in full mode, 1e6 in short mode), in the same run.
    /// </summary>
    [MemoryDiagnoser]
    public class Bandwidth
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 1_000_000 } : new[] { 10_000_000 };
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
        /// <summary>Values in [0, 1): a double just below 1 rounds to 1f, which would index past the histogram's last bin.</summary>
        public static float[] F32(int n, Random rnd) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = Math.Min((float)rnd.NextDouble(), MathF.BitDecrement(1f)); return a; }
        public static double[] F64(int n, Random rnd) { var a = new double[n]; for (int i = 0; i < n; i++) a[i] = rnd.NextDouble(); return a; }
        public static float[,] F32(int rows, int columns, Random rnd)
        {
            var a = new float[rows, columns];
            for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) a[i, j] = Math.Min((float)rnd.NextDouble(), MathF.BitDecrement(1f));
            return a;
        }
    }

    /// <summary>
    /// KernelGenOneThread rows (the kernels with inner loops, where misses against serial showed up): the generated chunk
    /// code alone, on the calling thread (MaxDegreeOfParallelism 1). Against Serial it tells the generated code's speed
    /// from the threads' contribution; the report's cause column uses it. Calls are long (ms), so the lambda costs nothing.
    /// </summary>
    internal static class OneThread
    {
        public static void Run(Action kernel)
        {
            int degree = KernelRuntime.MaxDegreeOfParallelism;
            KernelRuntime.MaxDegreeOfParallelism = 1;
            try { kernel(); }
            finally { KernelRuntime.MaxDegreeOfParallelism = degree; }
        }
    }

    /// <summary>Result comparisons of the check pass: null when equal, else a short description of the first difference.</summary>
    internal static class Check
    {
        /// <summary>Element-wise kernels: the same bits as the serial loop (same operations in the same order per element).</summary>
        public static string? Same<T>(T[] expected, T[] actual) where T : IEquatable<T>
        {
            if (expected.Length != actual.Length) return $"length {actual.Length}, serial {expected.Length}";
            int bad = 0, first = -1;
            for (int i = 0; i < expected.Length; i++)
                if (!expected[i].Equals(actual[i])) { bad++; if (first < 0) first = i; }
            return bad == 0 ? null : $"{bad} of {expected.Length} elements differ from serial (first [{first}]: {actual[first]} vs {expected[first]})";
        }

        public static string? Same(float[,] expected, float[,] actual)
        {
            var e = new float[expected.Length]; var a = new float[actual.Length];
            Buffer.BlockCopy(expected, 0, e, 0, e.Length * sizeof(float)); Buffer.BlockCopy(actual, 0, a, 0, a.Length * sizeof(float));
            return Same(e, a);
        }

        /// <summary>
        /// A float sum in another order rounds differently: KernelGen passes when it is at most twice as far from the exact
        /// (double) sum as the serial loop is, or within 1e-5 of it relatively.
        /// </summary>
        public static string? Sum(float[] a, float serial, float kernelGen)
        {
            double exact = 0; foreach (float x in a) exact += x;
            double allowed = Math.Max(2 * Math.Abs(serial - exact), 1e-5 * Math.Abs(exact));
            return Math.Abs(kernelGen - exact) <= allowed ? null : $"sum {kernelGen} vs serial {serial} (exact {exact:G9}, allowed error {allowed:G3})";
        }
    }
}
