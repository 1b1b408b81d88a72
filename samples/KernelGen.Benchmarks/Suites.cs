using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace KernelGen.Benchmarks
{
    // Rows of every suite: Serial (the kernel as written, through a delegate: not intercepted), NaiveParallelFor
    // (Parallel.For per element, or per row for 2-D kernels), HandTuned, TensorPrimitives (where one applies),
    // KernelGen (the intercepted call) and COpenMP (the kernel's C twin in c/kernels.c, called through COmp; not in
    // SeedSquares, MapWorker, MapSquare and Bandwidth). Sizes: the issue's sizes in full mode; the short mode (Config.Short) shrinks some.
    // Validate(): the check pass (Program.cs, before timing) runs Serial and KernelGen once at each size and returns
    // null when KernelGen's result equals the serial one (sums: within the serial sum's own rounding error), else why not.
    // ValidateC(): the same for the C twin (the check pass runs it when the library is available).
    // COpenMP is declared first in each suite, so the in-process short mode times it before the C# rows rather than right
    // after one: OpenMP's static split and spinning barrier on 2 cores were slowed for ~0.2 s by what a preceding row left
    // running (Poly20: 0.68 ms a call alone, 0.9-1.3 ms right after HandTuned or KernelGen). The full mode's one process
    // per case has no such neighbour.

    [MemoryDiagnoser]
    public class AddF32
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 1_000, 100_000, 1_000_000 } : new[] { 1_000, 100_000, 1_000_000, 10_000_000 };
        private float[] _a = [], _b = [], _r = [];
        private static readonly Action<float[], float[], float[]> s_serial = Kernels.AddF32;

        [GlobalSetup] public void Setup() { var rnd = new Random(1); _a = Data.F32(N, rnd); _b = Data.F32(N, rnd); _r = new float[N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* a = _a, b = _b, r = _r) COmp.kg_add_f32(a, b, r, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _b, _r);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => _r[i] = _a[i] + _b[i]);
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.AddChunk(_a, _b, _r, s, e));
        [Benchmark] public void TensorPrimitives() => TP.Add(_a, _b, _r);
        [Benchmark] public void KernelGen() => Kernels.AddF32(_a, _b, _r);
        public string? ValidateC() { Serial(); var expected = (float[])_r.Clone(); Array.Clear(_r); COpenMP(); return Check.Same(expected, _r); }
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
        /// <summary>The C/OpenMP twin (c/kernels.c), returning a new array as the others do.</summary>
        [Benchmark] public unsafe double[] COpenMP() { var r = new double[N]; fixed (double* a = _a, b = _b, p = r) COmp.kg_add_f64(a, b, p, N); return r; }
        [Benchmark(Baseline = true)] public double[] Serial() => s_serial(_a, _b);
        [Benchmark] public double[] NaiveParallelFor() { var r = new double[N]; Parallel.For(0, N, i => r[i] = _a[i] + _b[i]); return r; }
        [Benchmark] public double[] HandTuned() { var r = new double[N]; global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.AddChunk(_a, _b, r, s, e)); return r; }
        [Benchmark] public double[] TensorPrimitives() { var r = new double[N]; TP.Add(_a, _b, r); return r; }
        [Benchmark] public double[] KernelGen() => Kernels.ParallelAdd(_a, _b);
        public string? ValidateC() => Check.Same(Serial(), COpenMP());
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
        /// <summary>The C/OpenMP twin (c/kernels.c): a parallel for simd reduction(+:s).</summary>
        [Benchmark] public unsafe float COpenMP() { fixed (float* a = _a) return COmp.kg_sum_f32(a, N); }
        [Benchmark(Baseline = true)] public float Serial() => s_serial(_a);
        [Benchmark] public float KernelGen() => Kernels.SumF32(_a);
        public string? ValidateC() => Check.Sum(_a, Serial(), COpenMP());
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
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* a = _a, r = _r) COmp.kg_poly20(a, r, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _r);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => { float x = _a[i]; for (int k = 0; k < 20; k++) x = x * x * 0.5f + 0.25f; _r[i] = x; });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4096, (s, e) => global::KernelGen.Benchmarks.HandTuned.Poly20Chunk(_a, _r, s, e));
        [Benchmark] public void KernelGen() => Kernels.Poly20(_a, _r);
        public string? ValidateC() { Serial(); var expected = (float[])_r.Clone(); Array.Clear(_r); COpenMP(); return Check.Same(expected, _r); }
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
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (int* o = _out) COmp.kg_mandelbrot(o, W, H, 256); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_out, W, H, 256);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, H, y => global::KernelGen.Benchmarks.HandTuned.MandelbrotRowsScalar(_out, W, H, 256, y));
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(H, 4, (s, e) => global::KernelGen.Benchmarks.HandTuned.MandelbrotRows(_out, W, H, 256, s, e));
        [Benchmark] public void KernelGen() => Kernels.Mandelbrot(_out, W, H, 256);
        public string? ValidateC() { Serial(); var expected = (int[])_out.Clone(); Array.Clear(_out); COpenMP(); return Check.Same(expected, _out); }
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
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* a = _a, b = _b, c = _c) COmp.kg_matmul(a, b, c, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _b, _c, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            for (int j = 0; j < N; j++) { float acc = 0; for (int p = 0; p < N; p++) acc += _a[i * N + p] * _b[p * N + j]; _c[i * N + j] = acc; }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4, (s, e) => global::KernelGen.Benchmarks.HandTuned.MatMulRows(_a, _b, _c, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.MatMul(_a, _b, _c, N);
        public string? ValidateC() { Serial(); var expected = (float[])_c.Clone(); Array.Clear(_c); COpenMP(); return Check.Same(expected, _c); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.MatMul(_a, _b, _c, N));
        public string? Validate() { Serial(); var expected = (float[])_c.Clone(); Array.Clear(_c); KernelGen(); return Check.Same(expected, _c); }
        public static long Bytes(int n) => 0;
    }

    /// <summary>The naive matmul on <c>float[,]</c>, as numba's matmul indexes <c>A[i, p]</c>.</summary>
    [MemoryDiagnoser]
    public class MatMul2D
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 128 } : new[] { 256, 512 };
        private float[,] _a = new float[0, 0], _b = new float[0, 0], _c = new float[0, 0];
        private static readonly Action<float[,], float[,], float[,], int> s_serial = Kernels.MatMul2D;

        [GlobalSetup] public void Setup() { var rnd = new Random(5); _a = Data.F32(N, N, rnd); _b = Data.F32(N, N, rnd); _c = new float[N, N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* a = &COmp.Data<float>(_a), b = &COmp.Data<float>(_b), c = &COmp.Data<float>(_c)) COmp.kg_matmul(a, b, c, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _b, _c, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            for (int j = 0; j < N; j++) { float acc = 0; for (int p = 0; p < N; p++) acc += _a[i, p] * _b[p, j]; _c[i, j] = acc; }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4, (s, e) => global::KernelGen.Benchmarks.HandTuned.MatMulRows(_a, _b, _c, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.MatMul2D(_a, _b, _c, N);
        public string? ValidateC() { Serial(); var expected = (float[,])_c.Clone(); Array.Clear(_c); COpenMP(); return Check.Same(expected, _c); }
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

    /// <summary>
    /// The seed's Pool.map worker as a [ParallelMap] function (Maps.Worker): KernelGen is the generated overload
    /// Worker(numbers, results) at the issue's sizes, against the same hand-tuned chunks as SeedSquares/PoolMap.
    /// </summary>
    [MemoryDiagnoser]
    public class MapWorker
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 100_000, 1_000_000 };
        private int[] _numbers = []; private long[] _results = [];
        private static readonly System.Func<int, long> s_worker = Maps.Worker;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(21);
            _numbers = Enumerable.Range(0, N).Select(_ => rnd.Next(-46_000, 46_000)).ToArray(); _results = new long[N];
        }
        /// <summary>The function called once per element, as the seed's loop does.</summary>
        [Benchmark(Baseline = true)] public void Serial() { for (int i = 0; i < _numbers.Length; i++) _results[i] = s_worker(_numbers[i]); }
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => _results[i] = Maps.Worker(_numbers[i]));
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.SquareWidenChunk(_numbers, _results, s, e));
        [Benchmark] public void KernelGen() => Maps.Worker(_numbers, _results);
        public string? Validate() { Serial(); var expected = (long[])_results.Clone(); Array.Clear(_results); KernelGen(); return Check.Same(expected, _results); }
        public static long Bytes(int n) => 12L * n;
    }

    /// <summary>joblib's square as a [ParallelMap] function (Maps.Square): the generated overload Square(values, squares).</summary>
    [MemoryDiagnoser]
    public class MapSquare
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 100_000, 1_000_000 };
        private double[] _values = [], _squares = [];
        private static readonly System.Func<double, double> s_square = Maps.Square;

        [GlobalSetup] public void Setup() { _values = Data.F64(N, new Random(22)); _squares = new double[N]; }
        [Benchmark(Baseline = true)] public void Serial() { for (int i = 0; i < _values.Length; i++) _squares[i] = s_square(_values[i]); }
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => _squares[i] = Maps.Square(_values[i]));
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.SquareChunk(_values, _squares, s, e));
        [Benchmark] public void TensorPrimitives() => TP.Multiply(_values, _values, _squares);
        [Benchmark] public void KernelGen() => Maps.Square(_values, _squares);
        public string? Validate() { Serial(); var expected = (double[])_squares.Clone(); Array.Clear(_squares); KernelGen(); return Check.Same(expected, _squares); }
        public static long Bytes(int n) => 16L * n;
    }

    /// <summary>Jacobi-2d as a [ParallelStencil] function (Stencils.Jacobi): the generated overload against Jacobi2D's serial loop and hand-tuned rows.</summary>
    [MemoryDiagnoser]
    public class StencilJacobi
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 256 } : new[] { 2000 };
        private double[,] _in = new double[0, 0], _out = new double[0, 0];
        private static readonly Action<double[,], double[,]> s_serial = Kernels.Jacobi2D;

        [GlobalSetup] public void Setup() { _in = Data.F64(N, N, new Random(23)); _out = new double[N, N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* i = &COmp.Data<double>(_in), o = &COmp.Data<double>(_out)) COmp.kg_jacobi2d(i, o, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_in, _out);
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.Jacobi2DRows(_in, _out, s, e));
        [Benchmark] public void KernelGen() => Stencils.Jacobi(_in, _out);
        public string? ValidateC() { Serial(); var expected = (double[,])_out.Clone(); Array.Clear(_out); COpenMP(); return Check.Same(expected, _out); }
        public string? Validate() { Serial(); var expected = (double[,])_out.Clone(); Array.Clear(_out); KernelGen(); return Check.Same(expected, _out); }
        public static long Bytes(int n) => 16L * n * n;
    }

    /// <summary>The 3x3 box blur as a [ParallelStencil] function (Stencils.Box) against BoxBlur3x3's serial loop and hand-tuned rows.</summary>
    [MemoryDiagnoser]
    public class StencilBox
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 4096 };
        private float[,] _src = new float[0, 0], _dst = new float[0, 0];
        private static readonly Action<float[,], float[,]> s_serial = Kernels.BoxBlur3x3;

        [GlobalSetup] public void Setup() { _src = Data.F32(N, N, new Random(24)); _dst = new float[N, N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* s = &COmp.Data<float>(_src), d = &COmp.Data<float>(_dst)) COmp.kg_box_blur3x3(s, d, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_src, _dst);
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.BoxBlurRows(_src, _dst, s, e));
        [Benchmark] public void KernelGen() => Stencils.Box(_src, _dst);
        public string? ValidateC() { Serial(); var expected = (float[,])_dst.Clone(); Array.Clear(_dst); COpenMP(); return Check.Same(expected, _dst); }
        public string? Validate() { Serial(); var expected = (float[,])_dst.Clone(); Array.Clear(_dst); KernelGen(); return Check.Same(expected, _dst); }
        public static long Bytes(int n) => 8L * n * n;
    }

    /// <summary>
    /// <see cref="Stencil"/>'s 5-point stencil written column by column (Kernels.StencilColumns). The hand-tuned row is
    /// what a hand-tuner writes for it: the row-order vector loop (HandTuned.StencilRows); the C twin keeps the column order.
    /// </summary>
    [MemoryDiagnoser]
    public class StencilColumns
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 2048 };
        private float[] _in = [], _out = [];
        private static readonly Action<float[], float[], int> s_serial = Kernels.StencilColumns;

        [GlobalSetup] public void Setup() { _in = Data.F32(N * N, new Random(25)); _out = new float[N * N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* i = _in, o = _out) COmp.kg_stencil5_columns_f32(i, o, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_in, _out, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, x =>
        {
            for (int y = 1; y < N - 1; y++) { int k = y * N + x; _out[k] = 0.2f * (_in[k] + _in[k - 1] + _in[k + 1] + _in[k - N] + _in[k + N]); }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.StencilRows(_in, _out, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.StencilColumns(_in, _out, N);
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.StencilColumns(_in, _out, N));
        public string? ValidateC() { Serial(); var expected = (float[])_out.Clone(); Array.Clear(_out); COpenMP(); return Check.Same(expected, _out); }
        public string? Validate() { Serial(); var expected = (float[])_out.Clone(); Array.Clear(_out); KernelGen(); return Check.Same(expected, _out); }
        public static long Bytes(int n) => 8L * n * n;
    }

    [MemoryDiagnoser]
    public class Stencil
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 2048 };
        private float[] _in = [], _out = [];
        private static readonly Action<float[], float[], int> s_serial = Kernels.Stencil;

        [GlobalSetup] public void Setup() { _in = Data.F32(N * N, new Random(7)); _out = new float[N * N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* i = _in, o = _out) COmp.kg_stencil5_f32(i, o, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_in, _out, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, y =>
        {
            for (int x = 1; x < N - 1; x++) { int k = y * N + x; _out[k] = 0.2f * (_in[k] + _in[k - 1] + _in[k + 1] + _in[k - N] + _in[k + N]); }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.StencilRows(_in, _out, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.Stencil(_in, _out, N);
        public string? ValidateC() { Serial(); var expected = (float[])_out.Clone(); Array.Clear(_out); COpenMP(); return Check.Same(expected, _out); }
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
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { Array.Clear(_hist); fixed (float* v = _values) fixed (int* h = _hist) COmp.kg_histogram(v, h, N, _hist.Length); }
        [Benchmark(Baseline = true)] public void Serial() { Array.Clear(_hist); s_serial(_values, _hist); }
        [Benchmark] public void NaiveParallelFor() { Array.Clear(_hist); Parallel.For(0, N, i => Interlocked.Increment(ref _hist[(int)(_values[i] * 256)])); }
        [Benchmark] public void HandTuned() { Array.Clear(_hist); global::KernelGen.Benchmarks.HandTuned.Chunked(N, 65536, (s, e) => global::KernelGen.Benchmarks.HandTuned.HistogramChunk(_values, _hist, s, e)); }
        [Benchmark] public void KernelGen() { Array.Clear(_hist); Kernels.Histogram(_values, _hist); }
        public string? ValidateC() { Serial(); var expected = (int[])_hist.Clone(); COpenMP(); return Check.Same(expected, _hist); }
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

    // ---- 2-D/3-D kernels (the loop IR issue's benchmark list): natural data shapes (T[,], T[,,], flattened 3-D, jagged,
    // interleaved bytes), each with a hand-tuned version (chunked Parallel.For + Vector256/Vector128 inner loops on refs). ----

    /// <summary>Jacobi-2d 5-point sweep on a <c>double[,]</c> N x N grid (interior).</summary>
    [MemoryDiagnoser]
    public class Jacobi2D
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 256 } : new[] { 2000 };
        private double[,] _in = new double[0, 0], _out = new double[0, 0];
        private static readonly Action<double[,], double[,]> s_serial = Kernels.Jacobi2D;

        [GlobalSetup] public void Setup() { _in = Data.F64(N, N, new Random(10)); _out = new double[N, N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* i = &COmp.Data<double>(_in), o = &COmp.Data<double>(_out)) COmp.kg_jacobi2d(i, o, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_in, _out);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, y =>
        {
            for (int x = 1; x < N - 1; x++) _out[y, x] = 0.2 * (_in[y, x] + _in[y - 1, x] + _in[y + 1, x] + _in[y, x - 1] + _in[y, x + 1]);
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.Jacobi2DRows(_in, _out, s, e));
        [Benchmark] public void KernelGen() => Kernels.Jacobi2D(_in, _out);
        public string? ValidateC() { Serial(); var expected = (double[,])_out.Clone(); Array.Clear(_out); COpenMP(); return Check.Same(expected, _out); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.Jacobi2D(_in, _out));
        public string? Validate() { Serial(); var expected = (double[,])_out.Clone(); Array.Clear(_out); KernelGen(); return Check.Same(expected, _out); }
        public static long Bytes(int n) => 16L * n * n;
    }

    /// <summary>7-point stencil on a flattened N x N x N <c>double[]</c> grid, index (z * ny + y) * nx + x (interior).</summary>
    [MemoryDiagnoser]
    public class Stencil7Flat
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 48 } : new[] { 200 };
        private double[] _in = [], _out = [];
        private static readonly Action<double[], double[], int, int, int> s_serial = Kernels.Stencil7Flat;

        [GlobalSetup] public void Setup() { _in = Data.F64(N * N * N, new Random(11)); _out = new double[N * N * N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* i = _in, o = _out) COmp.kg_stencil7(i, o, N, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_in, _out, N, N, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, z =>
        {
            const double w = 1.0 / 7.0;
            int nx = N, plane = N * N;
            for (int y = 1; y < N - 1; y++)
                for (int x = 1; x < N - 1; x++)
                {
                    int k = (z * N + y) * nx + x;
                    _out[k] = w * (_in[k] + _in[k - 1] + _in[k + 1] + _in[k - nx] + _in[k + nx] + _in[k - plane] + _in[k + plane]);
                }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 2, (s, e) => global::KernelGen.Benchmarks.HandTuned.Stencil7Planes(_in, _out, N, N, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.Stencil7Flat(_in, _out, N, N, N);
        public string? ValidateC() { Serial(); var expected = (double[])_out.Clone(); Array.Clear(_out); COpenMP(); return Check.Same(expected, _out); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.Stencil7Flat(_in, _out, N, N, N));
        public string? Validate() { Serial(); var expected = (double[])_out.Clone(); Array.Clear(_out); KernelGen(); return Check.Same(expected, _out); }
        public static long Bytes(int n) => 16L * n * n * n;
    }

    /// <summary>The 7-point stencil on a <c>double[,,]</c> N x N x N grid [z, y, x] (interior).</summary>
    [MemoryDiagnoser]
    public class Stencil7Array3D
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 48 } : new[] { 200 };
        private double[,,] _in = new double[0, 0, 0], _out = new double[0, 0, 0];
        private static readonly Action<double[,,], double[,,]> s_serial = Kernels.Stencil7Array3D;

        [GlobalSetup] public void Setup() { _in = Data.F64(N, N, N, new Random(11)); _out = new double[N, N, N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* i = &COmp.Data<double>(_in), o = &COmp.Data<double>(_out)) COmp.kg_stencil7(i, o, N, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_in, _out);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, z =>
        {
            const double w = 1.0 / 7.0;
            for (int y = 1; y < N - 1; y++)
                for (int x = 1; x < N - 1; x++)
                    _out[z, y, x] = w * (_in[z, y, x] + _in[z, y, x - 1] + _in[z, y, x + 1] + _in[z, y - 1, x] + _in[z, y + 1, x] + _in[z - 1, y, x] + _in[z + 1, y, x]);
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 2, (s, e) => global::KernelGen.Benchmarks.HandTuned.Stencil7Planes(_in, _out, s, e));
        [Benchmark] public void KernelGen() => Kernels.Stencil7Array3D(_in, _out);
        public string? ValidateC() { Serial(); var expected = (double[,,])_out.Clone(); Array.Clear(_out); COpenMP(); return Check.Same(expected, _out); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.Stencil7Array3D(_in, _out));
        public string? Validate() { Serial(); var expected = (double[,,])_out.Clone(); Array.Clear(_out); KernelGen(); return Check.Same(expected, _out); }
        public static long Bytes(int n) => 16L * n * n * n;
    }

    /// <summary>y = A x on a <c>double[,]</c> N x N matrix, row order (a dot product of a contiguous row per PRange iteration).</summary>
    [MemoryDiagnoser]
    public class MatVecRows
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 4000 };
        private double[,] _a = new double[0, 0];
        private double[] _x = [], _y = [];
        private static readonly Action<double[,], double[], double[]> s_serial = Kernels.MatVecRows;

        [GlobalSetup] public void Setup() { var rnd = new Random(12); _a = Data.F64(N, N, rnd); _x = Data.F64(N, rnd); _y = new double[N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* a = &COmp.Data<double>(_a), x = _x, y = _y) COmp.kg_matvec_rows(a, x, y, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _x, _y);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => { double acc = 0; for (int j = 0; j < N; j++) acc += _a[i, j] * _x[j]; _y[i] = acc; });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16, (s, e) => global::KernelGen.Benchmarks.HandTuned.MatVecRows(_a, _x, _y, s, e));
        [Benchmark] public void KernelGen() => Kernels.MatVecRows(_a, _x, _y);
        public string? ValidateC() { Serial(); var expected = (double[])_y.Clone(); Array.Clear(_y); COpenMP(); return Check.Sums(expected, _y, N); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.MatVecRows(_a, _x, _y));
        public string? Validate() { Serial(); var expected = (double[])_y.Clone(); Array.Clear(_y); KernelGen(); return Check.Sums(expected, _y, N); }
        public static long Bytes(int n) => 8L * n * n;
    }

    /// <summary>
    /// y = A^T x in the column (axpy) form users write: the PRange over the rows j of A, every iteration adding x[j] times
    /// row j into all of y (an array reduction for KernelGen; the hand-tuned code gives each thread a block of y instead).
    /// </summary>
    [MemoryDiagnoser]
    public class MatVecColumns
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 4000 };
        private double[,] _a = new double[0, 0];
        private double[] _x = [], _y = [];
        private static readonly Action<double[,], double[], double[]> s_serial = Kernels.MatVecColumns;

        [GlobalSetup] public void Setup() { var rnd = new Random(13); _a = Data.F64(N, N, rnd); _x = Data.F64(N, rnd); _y = new double[N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* a = &COmp.Data<double>(_a), x = _x, y = _y) COmp.kg_matvec_columns(a, x, y, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_a, _x, _y);
        /// <summary>Parallel.For over the loop a user can split without a race: per element of y, walking a column of A (stride N).</summary>
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => { double acc = 0; for (int j = 0; j < N; j++) acc += _a[j, i] * _x[j]; _y[i] = acc; });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 256, (s, e) => global::KernelGen.Benchmarks.HandTuned.MatVecColumnsBlock(_a, _x, _y, s, e));
        [Benchmark] public void KernelGen() => Kernels.MatVecColumns(_a, _x, _y);
        public string? ValidateC() { Serial(); var expected = (double[])_y.Clone(); Array.Fill(_y, double.NaN); COpenMP(); return Check.Sums(expected, _y, N); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.MatVecColumns(_a, _x, _y));
        public string? Validate() { Serial(); var expected = (double[])_y.Clone(); Array.Clear(_y); KernelGen(); return Check.Sums(expected, _y, N); }
        public static long Bytes(int n) => 8L * n * n;
    }

    /// <summary>3x3 box blur on a <c>float[,]</c> N x N image (interior), the kernel written with nested dy/dx loops.</summary>
    [MemoryDiagnoser]
    public class BoxBlur3x3
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 4096 };
        private float[,] _src = new float[0, 0], _dst = new float[0, 0];
        private static readonly Action<float[,], float[,]> s_serial = Kernels.BoxBlur3x3;

        [GlobalSetup] public void Setup() { _src = Data.F32(N, N, new Random(14)); _dst = new float[N, N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* s = &COmp.Data<float>(_src), d = &COmp.Data<float>(_dst)) COmp.kg_box_blur3x3(s, d, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_src, _dst);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, y =>
        {
            for (int x = 1; x < N - 1; x++)
            {
                float sum = 0;
                for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) sum += _src[y + dy, x + dx];
                _dst[y, x] = sum / 9f;
            }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.BoxBlurRows(_src, _dst, s, e));
        [Benchmark] public void KernelGen() => Kernels.BoxBlur3x3(_src, _dst);
        public string? ValidateC() { Serial(); var expected = (float[,])_dst.Clone(); Array.Clear(_dst); COpenMP(); return Check.Same(expected, _dst); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.BoxBlur3x3(_src, _dst));
        public string? Validate() { Serial(); var expected = (float[,])_dst.Clone(); Array.Clear(_dst); KernelGen(); return Check.Same(expected, _dst); }
        public static long Bytes(int n) => 8L * n * n;
    }

    /// <summary>RGB to gray on an N x N image: interleaved RGB bytes (3 a pixel) in, one byte a pixel out.</summary>
    [MemoryDiagnoser]
    public class RgbToGray
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 4096 };
        private byte[] _rgb = [], _gray = [];
        private static readonly Action<byte[], byte[], int, int> s_serial = Kernels.RgbToGray;

        [GlobalSetup] public void Setup() { _rgb = new byte[3 * N * N]; new Random(15).NextBytes(_rgb); _gray = new byte[N * N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (byte* rgb = _rgb, gray = _gray) COmp.kg_rgb_to_gray(rgb, gray, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_rgb, _gray, N, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, y =>
        {
            for (int x = 0; x < N; x++) { int p = y * N + x; _gray[p] = (byte)((77 * _rgb[3 * p] + 150 * _rgb[3 * p + 1] + 29 * _rgb[3 * p + 2]) >> 8); }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.RgbToGrayRows(_rgb, _gray, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.RgbToGray(_rgb, _gray, N, N);
        public string? ValidateC() { Serial(); var expected = (byte[])_gray.Clone(); Array.Clear(_gray); COpenMP(); return Check.Same(expected, _gray); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.RgbToGray(_rgb, _gray, N, N));
        public string? Validate() { Serial(); var expected = (byte[])_gray.Clone(); Array.Clear(_gray); KernelGen(); return Check.Same(expected, _gray); }
        public static long Bytes(int n) => 4L * n * n;
    }

    /// <summary>Row sums of a jagged <c>double[][]</c>, N rows of N.</summary>
    [MemoryDiagnoser]
    public class RowSums
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 4000 };
        private double[][] _rows = [];
        private double[] _sums = [];
        /// <summary>The C twin's input: a contiguous copy of _rows made in Setup (a C user keeps a matrix in one flat array).</summary>
        private double[] _flat = [];
        private static readonly Action<double[][], double[]> s_serial = Kernels.RowSums;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(16); _rows = new double[N][]; for (int i = 0; i < N; i++) _rows[i] = Data.F64(N, rnd); _sums = new double[N];
            _flat = new double[N * N]; for (int i = 0; i < N; i++) _rows[i].CopyTo(_flat, i * N);
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* m = _flat, s = _sums) COmp.kg_row_sums(m, s, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_rows, _sums);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => { double[] row = _rows[i]; double s = 0; for (int j = 0; j < row.Length; j++) s += row[j]; _sums[i] = s; });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16, (s, e) => global::KernelGen.Benchmarks.HandTuned.RowSumsRows(_rows, _sums, s, e));
        [Benchmark] public void KernelGen() => Kernels.RowSums(_rows, _sums);
        public string? ValidateC() { Serial(); var expected = (double[])_sums.Clone(); Array.Clear(_sums); COpenMP(); return Check.Sums(expected, _sums, N); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.RowSums(_rows, _sums));
        public string? Validate() { Serial(); var expected = (double[])_sums.Clone(); Array.Clear(_sums); KernelGen(); return Check.Sums(expected, _sums, N); }
        public static long Bytes(int n) => 8L * n * n;
    }

    // ---- Issue 12's real-world rows: loops as C# code in the wild writes them (Kernels.cs says where each shape comes
    // from), each with a hand-tuned version that gives the serial bits (HandTuned.cs). ----

    /// <summary>3x3 integer sharpen (/16, clamped) of an N x N 8-bit grayscale image (interior; the border stays 0).</summary>
    [MemoryDiagnoser]
    public class Conv3x3Byte
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 512 } : new[] { 2048 };
        private byte[] _src = [], _dst = [];
        private static readonly Action<byte[], byte[], int, int> s_serial = Kernels.Conv3x3Byte;

        [GlobalSetup] public void Setup() { _src = Data.Image(N, N, new Random(17)); _dst = new byte[N * N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (byte* s = _src, d = _dst) COmp.kg_conv3x3_byte(s, d, N, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_src, _dst, N, N);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(1, N - 1, y =>
        {
            for (int x = 1; x < N - 1; x++)
            {
                int p = y * N + x;
                int sum = 28 * _src[p] - 2 * (_src[p - 1] + _src[p + 1] + _src[p - N] + _src[p + N])
                          - (_src[p - N - 1] + _src[p - N + 1] + _src[p + N - 1] + _src[p + N + 1]);
                _dst[p] = (byte)Math.Clamp((sum + 8) / 16, 0, 255);
            }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 8, (s, e) => global::KernelGen.Benchmarks.HandTuned.Conv3x3ByteRows(_src, _dst, N, N, s, e));
        [Benchmark] public void KernelGen() => Kernels.Conv3x3Byte(_src, _dst, N, N);
        public string? ValidateC() { Serial(); var expected = (byte[])_dst.Clone(); Array.Clear(_dst); COpenMP(); return Check.Same(expected, _dst); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.Conv3x3Byte(_src, _dst, N, N));
        public string? Validate() { Serial(); var expected = (byte[])_dst.Clone(); Array.Clear(_dst); KernelGen(); return Check.Same(expected, _dst); }
        public static long Bytes(int n) => 2L * n * n; // 1 byte read (the neighbours come from cache), 1 written per pixel
    }

    /// <summary>Interleaved stereo shorts to mono with volumes and hard limiting (both limits hit: volumes 1.5 and 0.9).</summary>
    [MemoryDiagnoser]
    public class StereoToMono16
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => new[] { 1_000_000 };
        private short[] _stereo = [], _mono = [];
        private const float Left = 1.5f, Right = 0.9f;
        private static readonly Action<short[], short[], float, float> s_serial = Kernels.StereoToMono16;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(24);
            _stereo = new short[2 * N];
            for (int i = 0; i < _stereo.Length; i++) _stereo[i] = (short)rnd.Next(short.MinValue, short.MaxValue + 1);
            _mono = new short[N];
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (short* s = _stereo, m = _mono) COmp.kg_stereo_to_mono16(s, m, Left, Right, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_stereo, _mono, Left, Right);
        [Benchmark] public void KernelGen() => Kernels.StereoToMono16(_stereo, _mono, Left, Right);
        public string? ValidateC() { Serial(); var expected = (short[])_mono.Clone(); Array.Clear(_mono); COpenMP(); return Check.Same(expected, _mono); }
        public string? Validate() { Serial(); var expected = (short[])_mono.Clone(); Array.Clear(_mono); KernelGen(); return Check.Same(expected, _mono); }
        public static long Bytes(int n) => 6L * n;
    }

    /// <summary>An 8-bit plane blended over another (alpha 77 of 255); dst is reset from a copy before each call.</summary>
    [MemoryDiagnoser]
    public class AlphaBlend
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => new[] { 1_000_000 };
        private byte[] _src = [], _dst = [], _original = [];
        private const int Alpha = 77;
        private static readonly Action<byte[], byte[], int> s_serial = Kernels.AlphaBlend;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(25);
            _src = new byte[N]; _original = new byte[N];
            rnd.NextBytes(_src); rnd.NextBytes(_original);
            _dst = (byte[])_original.Clone();
        }
        // Each call blends into dst again (the values change, the work does not); the checks start from the original.
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (byte* s = _src, d = _dst) COmp.kg_alpha_blend(s, d, Alpha, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_src, _dst, Alpha);
        [Benchmark] public void KernelGen() => Kernels.AlphaBlend(_src, _dst, Alpha);
        private string? Same(Action blend)
        {
            Array.Copy(_original, _dst, N); Serial(); var expected = (byte[])_dst.Clone();
            Array.Copy(_original, _dst, N); blend();
            return Check.Same(expected, _dst);
        }
        public string? ValidateC() => Same(COpenMP);
        public string? Validate() => Same(KernelGen);
        public static long Bytes(int n) => 3L * n;
    }

    /// <summary>Float features to standardized doubles (each float read into a double lane; in the caches at 10^6).</summary>
    [MemoryDiagnoser]
    public class Standardize
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 1_000_000 };
        private float[] _x = [];
        private double[] _z = [];
        private const double Mean = 0.4375, Scale = 1.7;
        private static readonly Action<float[], double[], double, double> s_serial = Kernels.Standardize;

        [GlobalSetup] public void Setup() { var rnd = new Random(23); _x = Data.F32(N, rnd); _z = new double[N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* x = _x) fixed (double* z = _z) COmp.kg_standardize(x, z, Mean, Scale, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_x, _z, Mean, Scale);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => _z[i] = (_x[i] - Mean) / Scale);
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.StandardizeChunk(_x, _z, Mean, Scale, s, e));
        [Benchmark] public void KernelGen() => Kernels.Standardize(_x, _z, Mean, Scale);
        public string? ValidateC() { Serial(); var expected = (double[])_z.Clone(); Array.Clear(_z); COpenMP(); return Check.Same(expected, _z); }
        public string? Validate() { Serial(); var expected = (double[])_z.Clone(); Array.Clear(_z); KernelGen(); return Check.Same(expected, _z); }
        public static long Bytes(int n) => 12L * n;
    }

    /// <summary>Float samples (about 10% beyond ±1, so both clips happen) to clipped 16-bit PCM.</summary>
    [MemoryDiagnoser]
    public class PcmClip
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 1_000_000 } : new[] { 10_000_000 };
        private float[] _samples = [], _scratch = [];
        private short[] _pcm = [];
        private static readonly Action<float[], short[]> s_serial = Kernels.PcmClip;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(18);
            _samples = new float[N];
            for (int i = 0; i < N; i++) _samples[i] = (float)(rnd.NextDouble() * 2.2 - 1.1);
            _pcm = new short[N]; _scratch = new float[N];
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* s = _samples) fixed (short* p = _pcm) COmp.kg_pcm_clip(s, p, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_samples, _pcm);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            float s = _samples[i] * 32767f;
            if (s > 32767f) s = 32767f;
            else if (s < -32768f) s = -32768f;
            _pcm[i] = (short)s;
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.PcmClipChunk(_samples, _pcm, s, e));
        /// <summary>Three TensorPrimitives passes through a float scratch array: scale, clamp, truncating conversion.</summary>
        [Benchmark] public void TensorPrimitives()
        {
            TP.Multiply(_samples, 32767f, _scratch);
            TP.Clamp(_scratch, -32768f, 32767f, _scratch);
            TP.ConvertTruncating<float, short>(_scratch, _pcm);
        }
        [Benchmark] public void KernelGen() => Kernels.PcmClip(_samples, _pcm);
        public string? ValidateC() { Serial(); var expected = (short[])_pcm.Clone(); Array.Clear(_pcm); COpenMP(); return Check.Same(expected, _pcm); }
        public string? Validate() { Serial(); var expected = (short[])_pcm.Clone(); Array.Clear(_pcm); KernelGen(); return Check.Same(expected, _pcm); }
        public static long Bytes(int n) => 6L * n;
    }

    /// <summary>Black-Scholes call and put prices of N options (the CUDA sample's ranges: S 5..30, X 1..100, T 0.25..10, r 2%, σ 30%).</summary>
    [MemoryDiagnoser]
    public class BlackScholes
    {
        private const double RiskFree = 0.02, Volatility = 0.30;
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 500_000 };
        private double[] _spot = [], _strike = [], _years = [], _call = [], _put = [];
        private static readonly Action<double[], double[], double[], double[], double[], double, double> s_serial = Kernels.BlackScholes;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(19);
            _spot = Data.F64(N, rnd, 5, 30); _strike = Data.F64(N, rnd, 1, 100); _years = Data.F64(N, rnd, 0.25, 10);
            _call = new double[N]; _put = new double[N];
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* s = _spot, x = _strike, t = _years, c = _call, p = _put) COmp.kg_black_scholes(s, x, t, c, p, RiskFree, Volatility, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_spot, _strike, _years, _call, _put, RiskFree, Volatility);
        /// <summary>Per element, calling the serial kernel's body through a one-element slice would not be the kernel; this is its body inline.</summary>
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            double s = _spot[i], x = _strike[i], t = _years[i];
            double sqrtT = Math.Sqrt(t);
            double d1 = (Math.Log(s / x) + (RiskFree + 0.5 * Volatility * Volatility) * t) / (Volatility * sqrtT);
            double d2 = d1 - Volatility * sqrtT;
            double cndD1 = Cnd(d1), cndD2 = Cnd(d2);
            double expRT = Math.Exp(-RiskFree * t);
            _call[i] = s * cndD1 - x * expRT * cndD2;
            _put[i] = x * expRT * (1.0 - cndD2) - s * (1.0 - cndD1);
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 1024, (s, e) => global::KernelGen.Benchmarks.HandTuned.BlackScholesChunk(_spot, _strike, _years, _call, _put, RiskFree, Volatility, s, e));
        [Benchmark] public void KernelGen() => Kernels.BlackScholes(_spot, _strike, _years, _call, _put, RiskFree, Volatility);
        /// <summary>[ParallelKernel(FastMath = true)]: vector Exp and Log (docs/fastmath.md).</summary>
        [Benchmark] public void KernelGenFastMath() => Kernels.BlackScholesFast(_spot, _strike, _years, _call, _put, RiskFree, Volatility);
        public string? ValidateC()
        {
            Serial(); var call = (double[])_call.Clone(); var put = (double[])_put.Clone();
            Array.Clear(_call); Array.Clear(_put); COpenMP();
            string? c = Check.Same(call, _call), p = Check.Same(put, _put);
            return c is null && p is null ? null : $"call: {c ?? "ok"}; put: {p ?? "ok"}";
        }
        public string? Validate()
        {
            Serial(); var call = (double[])_call.Clone(); var put = (double[])_put.Clone();
            Array.Clear(_call); Array.Clear(_put); KernelGen();
            string? c = Check.Same(call, _call), p = Check.Same(put, _put);
            // FastMath: every function within 2 ULP; the prices, sums of products of them, within 1e-13 of S + X.
            Array.Clear(_call); Array.Clear(_put); KernelGenFastMath();
            string? fc = Check.Within(call, _call, i => 1e-13 * (_spot[i] + _strike[i])), fp = Check.Within(put, _put, i => 1e-13 * (_spot[i] + _strike[i]));
            return c is null && p is null && fc is null && fp is null ? null : $"call: {c ?? "ok"}; put: {p ?? "ok"}; FastMath call: {fc ?? "ok"}; FastMath put: {fp ?? "ok"}";
        }
        public static long Bytes(int n) => 40L * n; // three doubles in, two out

        private static double Cnd(double d)
        {
            double k = 1.0 / (1.0 + 0.2316419 * Math.Abs(d));
            double cnd = 0.39894228040143267793994605993438 * Math.Exp(-0.5 * d * d) * (k * (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429)))));
            return d > 0 ? 1.0 - cnd : cnd;
        }
    }

    /// <summary>k-means assignment: N points of 16 dimensions (jagged float[][]) to the nearest of 16 centroids.</summary>
    [MemoryDiagnoser]
    public class KMeansAssign
    {
        public const int Dims = 16, K = 16;
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 20_000 } : new[] { 100_000 };
        private float[][] _points = [], _centroids = [];
        private int[] _assignment = [];
        /// <summary>The C twin's inputs: contiguous copies of _points and _centroids made in Setup (C users would use flat arrays).</summary>
        private float[] _pointsFlat = [], _centroidsFlat = [];
        private static readonly Action<float[][], float[][], int[]> s_serial = Kernels.KMeansAssign;

        /// <summary>Points scattered around 16 random centres (so that distances differ), centroids near those centres.</summary>
        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(20);
            var centres = new float[K][];
            for (int c = 0; c < K; c++) centres[c] = Data.F32(Dims, rnd);
            _centroids = new float[K][];
            for (int c = 0; c < K; c++) { _centroids[c] = new float[Dims]; for (int d = 0; d < Dims; d++) _centroids[c][d] = centres[c][d] + (float)(rnd.NextDouble() - 0.5) * 0.1f; }
            _points = new float[N][];
            for (int i = 0; i < N; i++)
            {
                float[] centre = centres[rnd.Next(K)], p = _points[i] = new float[Dims];
                for (int d = 0; d < Dims; d++) p[d] = centre[d] + (float)(rnd.NextDouble() - 0.5) * 0.5f;
            }
            _assignment = new int[N];
            _pointsFlat = _points.SelectMany(p => p).ToArray(); _centroidsFlat = _centroids.SelectMany(c => c).ToArray();
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (float* p = _pointsFlat, c = _centroidsFlat) fixed (int* a = _assignment) COmp.kg_kmeans_assign(p, c, a, N, K, Dims); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_points, _centroids, _assignment);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            float[] p = _points[i];
            int best = 0; float bestDist = float.MaxValue;
            for (int c = 0; c < _centroids.Length; c++)
            {
                float[] centroid = _centroids[c]; float dist = 0;
                for (int d = 0; d < p.Length; d++) { float diff = p[d] - centroid[d]; dist += diff * diff; }
                if (dist < bestDist) { bestDist = dist; best = c; }
            }
            _assignment[i] = best;
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 256, (s, e) => global::KernelGen.Benchmarks.HandTuned.KMeansAssignChunk(_points, _centroids, _assignment, s, e));
        [Benchmark] public void KernelGen() => Kernels.KMeansAssign(_points, _centroids, _assignment);
        public string? ValidateC() { Serial(); var expected = (int[])_assignment.Clone(); Array.Fill(_assignment, -1); COpenMP(); return Check.Same(expected, _assignment); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.KMeansAssign(_points, _centroids, _assignment));
        /// <summary>Exact: each distance is summed over the dimensions in the serial order (no FastMath), so the indices are the serial ones.</summary>
        public string? Validate() { Serial(); var expected = (int[])_assignment.Clone(); Array.Fill(_assignment, -1); KernelGen(); return Check.Same(expected, _assignment); }
        public static long Bytes(int n) => (4L * Dims + 4) * n; // the points and the assignment; the centroids stay in cache
    }

    /// <summary>
    /// CSR sparse matrix (N x N, 5 to 15 non-zeros a row, 10 on average, at random sorted columns; values in [0, 1))
    /// times a dense vector.
    /// </summary>
    [MemoryDiagnoser]
    public class CsrSpMV
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 1_000_000 };
        private int[] _rowPtr = [], _colIndex = [];
        private double[] _values = [], _x = [], _y = [];
        private static readonly Action<int[], int[], double[], double[], double[]> s_serial = Kernels.CsrSpMV;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(21);
            _rowPtr = new int[N + 1];
            for (int r = 0; r < N; r++) _rowPtr[r + 1] = _rowPtr[r] + rnd.Next(5, 16);
            int nnz = _rowPtr[N];
            _colIndex = new int[nnz];
            for (int r = 0; r < N; r++)
            {
                int begin = _rowPtr[r], end = _rowPtr[r + 1];
                for (int k = begin; k < end; k++) _colIndex[k] = rnd.Next(N);
                Array.Sort(_colIndex, begin, end - begin);
            }
            _values = Data.F64(nnz, rnd); _x = Data.F64(N, rnd); _y = new double[N];
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (int* rp = _rowPtr, ci = _colIndex) fixed (double* v = _values, x = _x, y = _y) COmp.kg_csr_spmv(rp, ci, v, x, y, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_rowPtr, _colIndex, _values, _x, _y);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, row =>
        {
            double sum = 0;
            for (int k = _rowPtr[row]; k < _rowPtr[row + 1]; k++) sum += _values[k] * _x[_colIndex[k]];
            _y[row] = sum;
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4096, (s, e) => global::KernelGen.Benchmarks.HandTuned.CsrRows(_rowPtr, _colIndex, _values, _x, _y, s, e));
        [Benchmark] public void KernelGen() => Kernels.CsrSpMV(_rowPtr, _colIndex, _values, _x, _y);
        public string? ValidateC() { Serial(); var expected = (double[])_y.Clone(); Array.Clear(_y); COpenMP(); return Check.Same(expected, _y); }
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.CsrSpMV(_rowPtr, _colIndex, _values, _x, _y));
        /// <summary>Exact: each row's sum is a serial chain in column order (no FastMath), so y has the serial bits.</summary>
        public string? Validate() { Serial(); var expected = (double[])_y.Clone(); Array.Clear(_y); KernelGen(); return Check.Same(expected, _y); }
        public static long Bytes(int n) => 140L * n; // ~10 non-zeros a row × (8 B value + 4 B column) + row pointer 4 + x 8 + y 8
    }

    /// <summary>
    /// An Euler step over N particles stored as an array of structs (x, y, vx, vy floats), bouncing on a floor: the
    /// fields are strided loads and one group store per particle. dt is small enough that no particle reaches the
    /// floor while it is timed (every method sees the same branch), and the check pass starts each from the same state.
    /// </summary>
    [MemoryDiagnoser]
    public class Particles
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 100_000, 2_000_000 };
        private Particle[] _p = [];
        private const float Dt = 1e-6f, Floor = 0f;
        private static readonly Action<Particle[], float, float> s_serial = Kernels.Particles;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(23);
            _p = new Particle[N];
            for (int i = 0; i < N; i++)
                _p[i] = new Particle { X = rnd.NextSingle(), Y = 0.5f + rnd.NextSingle(), VX = rnd.NextSingle() - 0.5f, VY = rnd.NextSingle() - 0.5f };
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (Particle* p = _p) COmp.kg_particles(p, Dt, Floor, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_p, Dt, Floor);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            ref Particle p = ref _p[i];
            p.VY -= 9.81f * Dt; p.X += p.VX * Dt; p.Y += p.VY * Dt;
            if (p.Y < Floor) { p.Y = Floor; p.VY = -0.5f * p.VY; }
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 16384, (s, e) => global::KernelGen.Benchmarks.HandTuned.ParticlesChunk(_p, Dt, Floor, s, e));
        [Benchmark] public void KernelGen() => Kernels.Particles(_p, Dt, Floor);

        /// <summary>Serial and <paramref name="other"/> from the same state (with bounces: a floor above some particles), compared bitwise.</summary>
        private string? Against(Action other)
        {
            Particle[] start = (Particle[])_p.Clone();
            for (int i = 0; i < N; i += 3) start[i].Y = -start[i].Y; // a third below the floor
            _p = (Particle[])start.Clone(); Serial();
            int[] expected = System.Runtime.InteropServices.MemoryMarshal.Cast<Particle, int>(_p).ToArray(); // bits: -0 is not +0
            _p = (Particle[])start.Clone(); other();
            string? problem = Check.Same(expected, System.Runtime.InteropServices.MemoryMarshal.Cast<Particle, int>(_p).ToArray());
            Setup();
            return problem;
        }
        public string? ValidateC() => Against(COpenMP);
        public string? Validate() => Against(KernelGen) ?? Against(HandTuned);
        public static long Bytes(int n) => 32L * n; // 16 bytes read and written per particle
    }

    /// <summary>Haversine distances of N coordinate pairs (latitudes in [-90, 90), longitudes in [-180, 180) degrees).</summary>
    [MemoryDiagnoser]
    public class Haversine
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 500_000 };
        private double[] _lat1 = [], _lon1 = [], _lat2 = [], _lon2 = [], _km = [];
        private static readonly Action<double[], double[], double[], double[], double[]> s_serial = Kernels.Haversine;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(22);
            _lat1 = Data.F64(N, rnd, -90, 90); _lon1 = Data.F64(N, rnd, -180, 180);
            _lat2 = Data.F64(N, rnd, -90, 90); _lon2 = Data.F64(N, rnd, -180, 180);
            _km = new double[N];
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* a = _lat1, b = _lon1, c = _lat2, d = _lon2, k = _km) COmp.kg_haversine(a, b, c, d, k, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_lat1, _lon1, _lat2, _lon2, _km);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            const double DegToRad = Math.PI / 180.0;
            double dLat = (_lat2[i] - _lat1[i]) * DegToRad, dLon = (_lon2[i] - _lon1[i]) * DegToRad;
            double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(_lat1[i] * DegToRad) * Math.Cos(_lat2[i] * DegToRad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
            _km[i] = 2 * 6371.0 * Math.Asin(Math.Sqrt(a));
        });
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 1024, (s, e) => global::KernelGen.Benchmarks.HandTuned.HaversineChunk(_lat1, _lon1, _lat2, _lon2, _km, s, e));
        [Benchmark] public void KernelGen() => Kernels.Haversine(_lat1, _lon1, _lat2, _lon2, _km);
        /// <summary>[ParallelKernel(FastMath = true)]: vector Sin, Cos and Asin (docs/fastmath.md).</summary>
        [Benchmark] public void KernelGenFastMath() => Kernels.HaversineFast(_lat1, _lon1, _lat2, _lon2, _km);
        public string? ValidateC() { Serial(); var expected = (double[])_km.Clone(); Array.Clear(_km); COpenMP(); return Check.Same(expected, _km); }
        public string? Validate()
        {
            Serial(); var expected = (double[])_km.Clone();
            Array.Clear(_km); KernelGen(); string? exact = Check.Same(expected, _km);
            // FastMath: each call within 2 ULP, so a = sin² + cos·cos·sin² within ~4e-15; km = 2R asin √a moves by
            // 2R Δa / |sin θ| (θ = km / R: asin √a is steep near antipodal points), plus 1e-12 of 2R for the rest.
            Array.Clear(_km); KernelGenFastMath();
            string? fast = Check.Within(expected, _km, i => 2 * 6371.0 * (1e-12 + 4e-15 / Math.Max(Math.Abs(Math.Sin(expected[i] / 6371.0)), 1e-8)));
            return exact is null && fast is null ? null : $"KernelGen: {exact ?? "ok"}; FastMath: {fast ?? "ok"}";
        }
        public static long Bytes(int n) => 40L * n; // four doubles in, one out
    }

    /// <summary>sin² x + cos² x over N doubles in [-100, 100): FastMath's vector Sin and Cos against the scalar calls per lane.</summary>
    [MemoryDiagnoser]
    public class SinCos
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 100_000 } : new[] { 1_000_000 };
        private double[] _x = [], _y = [];
        private static readonly Action<double[], double[]> s_serial = Kernels.SinCosSquares;

        [GlobalSetup] public void Setup() { _x = Data.F64(N, new Random(23), -100, 100); _y = new double[N]; }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* x = _x, y = _y) COmp.kg_sincos(x, y, N); }
        public string? ValidateC() { Serial(); var expected = (double[])_y.Clone(); Array.Clear(_y); COpenMP(); return Check.Same(expected, _y); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_x, _y);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i => { double s = Math.Sin(_x[i]), c = Math.Cos(_x[i]); _y[i] = s * s + c * c; });
        /// <summary>What a hand-tuner writes: chunks, .NET's own Vector Sin/Cos (not within Math's bits either).</summary>
        [Benchmark] public void HandTuned() => global::KernelGen.Benchmarks.HandTuned.Chunked(N, 4096, (s, e) => global::KernelGen.Benchmarks.HandTuned.SinCosChunk(_x, _y, s, e));
        [Benchmark] public void KernelGen() => Kernels.SinCosSquares(_x, _y);
        [Benchmark] public void KernelGenFastMath() => Kernels.SinCosSquaresFast(_x, _y);
        public string? Validate()
        {
            Serial(); var expected = (double[])_y.Clone();
            Array.Clear(_y); KernelGen(); string? exact = Check.Same(expected, _y);
            Array.Clear(_y); KernelGenFastMath(); string? fast = Check.Within(expected, _y, _ => 8 * Math.Pow(2, -52));
            return exact is null && fast is null ? null : $"KernelGen: {exact ?? "ok"}; FastMath: {fast ?? "ok"}";
        }
        public static long Bytes(int n) => 16L * n;
    }

    internal static class Data
    {
        /// <summary>Values in [0, 1): a double just below 1 rounds to 1f, which would index past the histogram's last bin.</summary>
        public static float[] F32(int n, Random rnd) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = Math.Min((float)rnd.NextDouble(), MathF.BitDecrement(1f)); return a; }
        public static double[] F64(int n, Random rnd) { var a = new double[n]; for (int i = 0; i < n; i++) a[i] = rnd.NextDouble(); return a; }
        /// <summary>Values in [lo, hi).</summary>
        public static double[] F64(int n, Random rnd, double lo, double hi) { var a = new double[n]; for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rnd.NextDouble(); return a; }
        /// <summary>An 8-bit grayscale test image: smooth diagonal gradients with noise, so that a sharpen both clips and does not.</summary>
        public static byte[] Image(int width, int height, Random rnd)
        {
            var a = new byte[width * height];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    a[y * width + x] = (byte)Math.Clamp(((x + 2 * y) % 512 < 256 ? (x + 2 * y) % 256 : 255 - (x + 2 * y) % 256) + rnd.Next(-24, 25), 0, 255);
            return a;
        }
        public static double[,] F64(int rows, int columns, Random rnd)
        {
            var a = new double[rows, columns];
            for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) a[i, j] = rnd.NextDouble();
            return a;
        }
        public static double[,,] F64(int planes, int rows, int columns, Random rnd)
        {
            var a = new double[planes, rows, columns];
            for (int z = 0; z < planes; z++) for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) a[z, i, j] = rnd.NextDouble();
            return a;
        }
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
        /// <summary>FastMath kernels: every element within <paramref name="bound"/>(i) of the serial one (NaN where serial is NaN).</summary>
        public static string? Within(double[] expected, double[] actual, Func<int, double> bound)
        {
            if (expected.Length != actual.Length) return $"length {actual.Length}, serial {expected.Length}";
            int bad = 0, first = -1;
            for (int i = 0; i < expected.Length; i++)
                if (double.IsNaN(expected[i]) ? !double.IsNaN(actual[i]) : !(Math.Abs(expected[i] - actual[i]) <= bound(i))) { bad++; if (first < 0) first = i; }
            return bad == 0 ? null : $"{bad} of {expected.Length} elements outside FastMath's bound (first [{first}]: {actual[first]:R} vs {expected[first]:R})";
        }

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

        public static string? Same(double[,] expected, double[,] actual)
        {
            var e = new double[expected.Length]; var a = new double[actual.Length];
            Buffer.BlockCopy(expected, 0, e, 0, e.Length * sizeof(double)); Buffer.BlockCopy(actual, 0, a, 0, a.Length * sizeof(double));
            return Same(e, a);
        }

        public static string? Same(double[,,] expected, double[,,] actual)
        {
            var e = new double[expected.Length]; var a = new double[actual.Length];
            Buffer.BlockCopy(expected, 0, e, 0, e.Length * sizeof(double)); Buffer.BlockCopy(actual, 0, a, 0, a.Length * sizeof(double));
            return Same(e, a);
        }

        /// <summary>
        /// Element-wise sums of <paramref name="terms"/> non-negative terms each (an array reduction or a FastMath sum, in another order
        /// than the serial loop): each element within 2 n u of the serial one relatively (u = 2^-53), the bound of two
        /// recursive sums of the same non-negative terms in different orders. A lost or doubled term is far outside it.
        /// </summary>
        public static string? Sums(double[] expected, double[] actual, int terms)
        {
            if (expected.Length != actual.Length) return $"length {actual.Length}, serial {expected.Length}";
            double bound = 2.0 * terms * Math.Pow(2, -53);
            int bad = 0, first = -1;
            for (int i = 0; i < expected.Length; i++)
                if (!(Math.Abs(actual[i] - expected[i]) <= bound * Math.Abs(expected[i]))) { bad++; if (first < 0) first = i; }
            return bad == 0 ? null : $"{bad} of {expected.Length} sums differ from serial by more than {bound:G3} relatively (first [{first}]: {actual[first]:R} vs {expected[first]:R})";
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

    /// <summary>
    /// Lower-triangle distance matrix of N random 2-D points (row i does i pairs): uneven iterations, which KernelGen
    /// splits into more, smaller chunks (the report's "uneven iterations" line) and the C twin schedules dynamically.
    /// </summary>
    [MemoryDiagnoser]
    public class PairDistances
    {
        [ParamsSource(nameof(Sizes))] public int N;
        public static int[] Sizes => Config.Short ? new[] { 800 } : new[] { 3000 };
        private double[] _xs = [], _ys = [];
        private double[,] _dist = new double[0, 0];
        private static readonly Action<double[], double[], double[,]> s_serial = Kernels.PairDistances;

        [GlobalSetup] public void Setup()
        {
            var rnd = new Random(23);
            _xs = Data.F64(N, rnd, 0, 1000); _ys = Data.F64(N, rnd, 0, 1000); _dist = new double[N, N];
        }
        /// <summary>The C/OpenMP twin (c/kernels.c), on the same data; filtered out when the library is not available (COmp).</summary>
        [Benchmark] public unsafe void COpenMP() { fixed (double* x = _xs, y = _ys, d = _dist) COmp.kg_pair_distances(x, y, d, N); }
        [Benchmark(Baseline = true)] public void Serial() => s_serial(_xs, _ys, _dist);
        [Benchmark] public void NaiveParallelFor() => Parallel.For(0, N, i =>
        {
            double xi = _xs[i], yi = _ys[i];
            for (int j = 0; j < i; j++) { double dx = xi - _xs[j], dy = yi - _ys[j]; _dist[i, j] = Math.Sqrt(dx * dx + dy * dy); }
        });
        /// <summary>Blocks of 16 rows handed out by Parallel.For (dynamic), as a hand-tuner balances a triangular loop.</summary>
        [Benchmark] public void HandTuned() => Parallel.For(0, (N + 15) / 16, b => global::KernelGen.Benchmarks.HandTuned.PairDistanceRows(_xs, _ys, _dist, b * 16, Math.Min(N, b * 16 + 16)));
        [Benchmark] public void KernelGen() => Kernels.PairDistances(_xs, _ys, _dist);
        [Benchmark] public void KernelGenOneThread() => OneThread.Run(() => Kernels.PairDistances(_xs, _ys, _dist));
        public string? ValidateC() { Serial(); var expected = (double[,])_dist.Clone(); Array.Clear(_dist); COpenMP(); return Check.Same(expected, _dist); }
        public string? Validate() { Serial(); var expected = (double[,])_dist.Clone(); Array.Clear(_dist); KernelGen(); return Check.Same(expected, _dist); }
        public static long Bytes(int n) => 4L * n * (n - 1);
    }
}
