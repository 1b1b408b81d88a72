using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// Hand-written references: a chunked Parallel.For (about four chunks per thread, never below a minimum chunk)
    /// with Vector512/Vector256 bodies, interleaved where there is a dependency chain. The level to reach.
    /// </summary>
    public static class HandTuned
    {
        public static readonly int Threads = Environment.ProcessorCount;

        /// <summary>Runs body(begin, end) over [0, n) in chunks of at least <paramref name="minChunk"/>.</summary>
        public static void Chunked(int n, int minChunk, Action<int, int> body)
        {
            int chunk = Math.Max(minChunk, (n + Threads * 4 - 1) / (Threads * 4));
            int chunks = (n + chunk - 1) / chunk;
            if (chunks <= 1) { body(0, n); return; }
            Parallel.For(0, chunks, c => body(c * chunk, Math.Min(n, (c + 1) * chunk)));
        }

        public static void AddChunk(float[] a, float[] b, float[] r, int begin, int end)
        {
            ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref float pb = ref MemoryMarshal.GetArrayDataReference(b);
            ref float pr = ref MemoryMarshal.GetArrayDataReference(r);
            int i = begin;
            if (Vector512.IsHardwareAccelerated)
                for (; i <= end - 16; i += 16)
                    (Vector512.LoadUnsafe(ref pa, (nuint)i) + Vector512.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pr, (nuint)i);
            for (; i <= end - 8; i += 8)
                (Vector256.LoadUnsafe(ref pa, (nuint)i) + Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pr, (nuint)i);
            for (; i < end; i++) r[i] = a[i] + b[i];
        }

        public static void AddChunk(double[] a, double[] b, double[] r, int begin, int end)
        {
            ref double pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref double pb = ref MemoryMarshal.GetArrayDataReference(b);
            ref double pr = ref MemoryMarshal.GetArrayDataReference(r);
            int i = begin;
            if (Vector512.IsHardwareAccelerated)
                for (; i <= end - 8; i += 8)
                    (Vector512.LoadUnsafe(ref pa, (nuint)i) + Vector512.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pr, (nuint)i);
            for (; i <= end - 4; i += 4)
                (Vector256.LoadUnsafe(ref pa, (nuint)i) + Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pr, (nuint)i);
            for (; i < end; i++) r[i] = a[i] + b[i];
        }

        public static void SquareChunk(double[] a, double[] r, int begin, int end)
        {
            ref double pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref double pr = ref MemoryMarshal.GetArrayDataReference(r);
            int i = begin;
            for (; i <= end - 4; i += 4)
            {
                var x = Vector256.LoadUnsafe(ref pa, (nuint)i);
                (x * x).StoreUnsafe(ref pr, (nuint)i);
            }
            for (; i < end; i++) r[i] = a[i] * a[i];
        }

        public static void SquareWidenChunk(int[] a, long[] r, int begin, int end)
        {
            ref int pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref long pr = ref MemoryMarshal.GetArrayDataReference(r);
            int i = begin;
            for (; i <= end - 8; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref pa, (nuint)i));
                (lo * lo).StoreUnsafe(ref pr, (nuint)i);
                (hi * hi).StoreUnsafe(ref pr, (nuint)(i + 4));
            }
            for (; i < end; i++) r[i] = (long)a[i] * a[i];
        }

        /// <summary>Poly20 with four interleaved vectors (four independent dependency chains).</summary>
        public static void Poly20Chunk(float[] a, float[] r, int begin, int end)
        {
            ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref float pr = ref MemoryMarshal.GetArrayDataReference(r);
            int i = begin;
            var half = Vector256.Create(0.5f); var quarter = Vector256.Create(0.25f);
            for (; i <= end - 32; i += 32)
            {
                var x0 = Vector256.LoadUnsafe(ref pa, (nuint)i);
                var x1 = Vector256.LoadUnsafe(ref pa, (nuint)(i + 8));
                var x2 = Vector256.LoadUnsafe(ref pa, (nuint)(i + 16));
                var x3 = Vector256.LoadUnsafe(ref pa, (nuint)(i + 24));
                for (int k = 0; k < 20; k++)
                {
                    x0 = x0 * x0 * half + quarter; x1 = x1 * x1 * half + quarter;
                    x2 = x2 * x2 * half + quarter; x3 = x3 * x3 * half + quarter;
                }
                x0.StoreUnsafe(ref pr, (nuint)i); x1.StoreUnsafe(ref pr, (nuint)(i + 8));
                x2.StoreUnsafe(ref pr, (nuint)(i + 16)); x3.StoreUnsafe(ref pr, (nuint)(i + 24));
            }
            for (; i < end; i++)
            {
                float x = a[i];
                for (int k = 0; k < 20; k++) x = x * x * 0.5f + 0.25f;
                r[i] = x;
            }
        }

        /// <summary>Mandelbrot rows [y0, y1), four pixels at a time in Vector256&lt;double&gt;.</summary>
        public static void MandelbrotRows(int[] output, int w, int h, int maxIt, int y0, int y1)
        {
            var four = Vector256.Create(4.0); var two = Vector256.Create(2.0);
            var lane = Vector256.Create(0.0, 1.0, 2.0, 3.0);
            for (int y = y0; y < y1; y++)
            {
                var ci = Vector256.Create(-1.5 + 3.0 * y / h);
                int x = 0;
                for (; x <= w - 4; x += 4)
                {
                    var cr = Vector256.Create(-2.0) + Vector256.Create(3.0) * (Vector256.Create((double)x) + lane) / Vector256.Create((double)w);
                    var zr = Vector256<double>.Zero; var zi = Vector256<double>.Zero; var count = Vector256<long>.Zero;
                    for (int n = 0; n < maxIt; n++)
                    {
                        var zr2 = zr * zr; var zi2 = zi * zi;
                        var inside = Vector256.LessThanOrEqual(zr2 + zi2, four);
                        if (inside == Vector256<double>.Zero) break;
                        count -= inside.AsInt64(); // -1 per lane still iterating
                        var t = zr2 - zi2 + cr;
                        zi = Vector256.ConditionalSelect(inside, two * zr * zi + ci, zi);
                        zr = Vector256.ConditionalSelect(inside, t, zr);
                    }
                    for (int k = 0; k < 4; k++) output[y * w + x + k] = (int)count[k];
                }
                for (; x < w; x++)
                {
                    double cr = -2.0 + 3.0 * x / w, cis = -1.5 + 3.0 * y / h, zr = 0, zi = 0; int n = 0;
                    while (n < maxIt && zr * zr + zi * zi <= 4.0) { double t = zr * zr - zi * zi + cr; zi = 2.0 * zr * zi + cis; zr = t; n++; }
                    output[y * w + x] = n;
                }
            }
        }

        /// <summary>One Mandelbrot row, scalar (the naive Parallel.For body).</summary>
        public static void MandelbrotRowsScalar(int[] output, int w, int h, int maxIt, int y)
        {
            for (int x = 0; x < w; x++)
            {
                double cr = -2.0 + 3.0 * x / w, ci = -1.5 + 3.0 * y / h, zr = 0, zi = 0; int n = 0;
                while (n < maxIt && zr * zr + zi * zi <= 4.0) { double t = zr * zr - zi * zi + cr; zi = 2.0 * zr * zi + ci; zr = t; n++; }
                output[y * w + x] = n;
            }
        }

        /// <summary>Rows [i0, i1) of C = A B in i-p-j order, j vectorized.</summary>
        public static void MatMulRows(float[] a, float[] b, float[] c, int n, int i0, int i1) =>
            MatMulRows(ref MemoryMarshal.GetArrayDataReference(a), ref MemoryMarshal.GetArrayDataReference(b), ref MemoryMarshal.GetArrayDataReference(c), n, i0, i1);

        /// <summary>The same on <c>float[,]</c> (row-major, contiguous: the same memory layout as the flattened arrays).</summary>
        public static void MatMulRows(float[,] a, float[,] b, float[,] c, int n, int i0, int i1) =>
            MatMulRows(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(a)), ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(b)),
                ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(c)), n, i0, i1);

        private static void MatMulRows(ref float pa, ref float pb, ref float pc, int n, int i0, int i1)
        {
            for (int i = i0; i < i1; i++)
            {
                MemoryMarshal.CreateSpan(ref Unsafe.Add(ref pc, i * n), n).Clear();
                for (int p = 0; p < n; p++)
                {
                    float s = Unsafe.Add(ref pa, i * n + p);
                    var aip = Vector256.Create(s);
                    int j = 0;
                    for (; j <= n - 8; j += 8)
                        (Vector256.LoadUnsafe(ref pc, (nuint)(i * n + j)) + aip * Vector256.LoadUnsafe(ref pb, (nuint)(p * n + j))).StoreUnsafe(ref pc, (nuint)(i * n + j));
                    for (; j < n; j++) Unsafe.Add(ref pc, i * n + j) += s * Unsafe.Add(ref pb, p * n + j);
                }
            }
        }

        public static void StencilRows(float[] input, float[] output, int n, int y0, int y1)
        {
            ref float pi = ref MemoryMarshal.GetArrayDataReference(input);
            ref float po = ref MemoryMarshal.GetArrayDataReference(output);
            var fifth = Vector256.Create(0.2f);
            for (int y = Math.Max(1, y0); y < Math.Min(n - 1, y1); y++)
            {
                int x = 1;
                for (; x <= n - 1 - 8; x += 8)
                {
                    nuint k = (nuint)(y * n + x);
                    var s = Vector256.LoadUnsafe(ref pi, k) + Vector256.LoadUnsafe(ref pi, k - 1) + Vector256.LoadUnsafe(ref pi, k + 1)
                          + Vector256.LoadUnsafe(ref pi, k - (nuint)n) + Vector256.LoadUnsafe(ref pi, k + (nuint)n);
                    (fifth * s).StoreUnsafe(ref po, k);
                }
                for (; x < n - 1; x++)
                {
                    int k = y * n + x;
                    output[k] = 0.2f * (input[k] + input[k - 1] + input[k + 1] + input[k - n] + input[k + n]);
                }
            }
        }

        public static void HistogramChunk(float[] values, int[] hist, int begin, int end)
        {
            int bins = hist.Length;
            Span<int> local = bins <= 1024 ? stackalloc int[bins] : new int[bins];
            local.Clear();
            for (int i = begin; i < end; i++) local[(int)(values[i] * bins)]++;
            for (int k = 0; k < bins; k++)
                if (local[k] != 0) System.Threading.Interlocked.Add(ref hist[k], local[k]);
        }

        public static float SumChunk(float[] a, int begin, int end)
        {
            ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
            var s0 = Vector256<float>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
            int i = begin;
            for (; i <= end - 32; i += 32)
            {
                s0 += Vector256.LoadUnsafe(ref pa, (nuint)i); s1 += Vector256.LoadUnsafe(ref pa, (nuint)(i + 8));
                s2 += Vector256.LoadUnsafe(ref pa, (nuint)(i + 16)); s3 += Vector256.LoadUnsafe(ref pa, (nuint)(i + 24));
            }
            float s = Vector256.Sum((s0 + s1) + (s2 + s3));
            for (; i < end; i++) s += a[i];
            return s;
        }

        public static void TriadChunk(float[] a, float[] b, float[] c, float scalar, int begin, int end)
        {
            ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref float pb = ref MemoryMarshal.GetArrayDataReference(b);
            ref float pc = ref MemoryMarshal.GetArrayDataReference(c);
            var s = Vector256.Create(scalar);
            int i = begin;
            for (; i <= end - 8; i += 8)
                (Vector256.LoadUnsafe(ref pb, (nuint)i) + s * Vector256.LoadUnsafe(ref pc, (nuint)i)).StoreUnsafe(ref pa, (nuint)i);
            for (; i < end; i++) a[i] = b[i] + scalar * c[i];
        }
    }
}
