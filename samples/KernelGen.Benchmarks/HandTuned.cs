using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
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

        // ---- 2-D/3-D kernels. Rectangular arrays are row-major and contiguous: their data is read through a ref to the
        // first element (MemoryMarshal.GetArrayDataReference) with flat offsets, no bounds checks in the vector loops. ----

        private static ref double Data(Array a) => ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(a));
        private static ref float DataF32(Array a) => ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(a));

        /// <summary>Jacobi-2d rows [y0, y1) (clipped to the interior), x in Vector256&lt;double&gt;, the kernel's order of additions.</summary>
        public static void Jacobi2DRows(double[,] input, double[,] output, int y0, int y1)
        {
            int rows = input.GetLength(0), cols = input.GetLength(1);
            ref double pi = ref Data(input);
            ref double po = ref Data(output);
            var fifth = Vector256.Create(0.2);
            nuint stride = (nuint)cols;
            for (int y = Math.Max(1, y0); y < Math.Min(rows - 1, y1); y++)
            {
                nuint row = (nuint)y * stride;
                int x = 1;
                for (; x <= cols - 1 - 4; x += 4)
                {
                    nuint k = row + (nuint)x;
                    var s = Vector256.LoadUnsafe(ref pi, k) + Vector256.LoadUnsafe(ref pi, k - stride) + Vector256.LoadUnsafe(ref pi, k + stride)
                          + Vector256.LoadUnsafe(ref pi, k - 1) + Vector256.LoadUnsafe(ref pi, k + 1);
                    (fifth * s).StoreUnsafe(ref po, k);
                }
                for (; x < cols - 1; x++)
                    output[y, x] = 0.2 * (input[y, x] + input[y - 1, x] + input[y + 1, x] + input[y, x - 1] + input[y, x + 1]);
            }
        }

        /// <summary>7-point stencil, planes [z0, z1) (clipped to the interior) of a flat nx x ny x nz grid.</summary>
        public static void Stencil7Planes(double[] input, double[] output, int nx, int ny, int nz, int z0, int z1) =>
            Stencil7Planes(ref MemoryMarshal.GetArrayDataReference(input), ref MemoryMarshal.GetArrayDataReference(output), nx, ny, nz, z0, z1);

        /// <summary>The same on <c>double[,,]</c> [z, y, x] (the same memory layout as the flat grid).</summary>
        public static void Stencil7Planes(double[,,] input, double[,,] output, int z0, int z1) =>
            Stencil7Planes(ref Data(input), ref Data(output), input.GetLength(2), input.GetLength(1), input.GetLength(0), z0, z1);

        private static void Stencil7Planes(ref double pi, ref double po, int nx, int ny, int nz, int z0, int z1)
        {
            const double w = 1.0 / 7.0;
            var vw = Vector256.Create(w);
            nuint sx = (nuint)nx, plane = (nuint)nx * (nuint)ny;
            for (int z = Math.Max(1, z0); z < Math.Min(nz - 1, z1); z++)
                for (int y = 1; y < ny - 1; y++)
                {
                    nuint row = ((nuint)z * (nuint)ny + (nuint)y) * sx;
                    int x = 1;
                    for (; x <= nx - 1 - 4; x += 4)
                    {
                        nuint k = row + (nuint)x;
                        var s = Vector256.LoadUnsafe(ref pi, k) + Vector256.LoadUnsafe(ref pi, k - 1) + Vector256.LoadUnsafe(ref pi, k + 1)
                              + Vector256.LoadUnsafe(ref pi, k - sx) + Vector256.LoadUnsafe(ref pi, k + sx)
                              + Vector256.LoadUnsafe(ref pi, k - plane) + Vector256.LoadUnsafe(ref pi, k + plane);
                        (vw * s).StoreUnsafe(ref po, k);
                    }
                    for (; x < nx - 1; x++)
                    {
                        nuint k = row + (nuint)x;
                        Unsafe.Add(ref po, k) = w * (Unsafe.Add(ref pi, k) + Unsafe.Add(ref pi, k - 1) + Unsafe.Add(ref pi, k + 1)
                            + Unsafe.Add(ref pi, k - sx) + Unsafe.Add(ref pi, k + sx) + Unsafe.Add(ref pi, k - plane) + Unsafe.Add(ref pi, k + plane));
                    }
                }
        }

        /// <summary>y = A x for rows [i0, i1): one dot product per row, four Vector256 accumulators (reassociated sum).</summary>
        public static void MatVecRows(double[,] a, double[] x, double[] y, int i0, int i1)
        {
            int cols = a.GetLength(1);
            ref double pa = ref Data(a);
            ref double px = ref MemoryMarshal.GetArrayDataReference(x);
            for (int i = i0; i < i1; i++)
            {
                ref double row = ref Unsafe.Add(ref pa, (nint)i * cols);
                var s0 = Vector256<double>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
                int j = 0;
                for (; j <= cols - 16; j += 16)
                {
                    s0 += Vector256.LoadUnsafe(ref row, (nuint)j) * Vector256.LoadUnsafe(ref px, (nuint)j);
                    s1 += Vector256.LoadUnsafe(ref row, (nuint)(j + 4)) * Vector256.LoadUnsafe(ref px, (nuint)(j + 4));
                    s2 += Vector256.LoadUnsafe(ref row, (nuint)(j + 8)) * Vector256.LoadUnsafe(ref px, (nuint)(j + 8));
                    s3 += Vector256.LoadUnsafe(ref row, (nuint)(j + 12)) * Vector256.LoadUnsafe(ref px, (nuint)(j + 12));
                }
                for (; j <= cols - 4; j += 4)
                    s0 += Vector256.LoadUnsafe(ref row, (nuint)j) * Vector256.LoadUnsafe(ref px, (nuint)j);
                double s = Vector256.Sum((s0 + s1) + (s2 + s3));
                for (; j < cols; j++) s += Unsafe.Add(ref row, j) * Unsafe.Add(ref px, j);
                y[i] = s;
            }
        }

        /// <summary>
        /// y = A^T x (the column form) for the block [i0, i1) of y: every thread owns a block of y, so there is nothing to
        /// merge; it walks all rows j of A, four at a time, adding x[j] times the block of row j into y's block with
        /// Vector256 (the serial loop's order of additions per element, so the result equals it bitwise).
        /// </summary>
        public static void MatVecColumnsBlock(double[,] a, double[] x, double[] y, int i0, int i1)
        {
            int rows = a.GetLength(0), cols = a.GetLength(1);
            ref double pa = ref Data(a);
            ref double py = ref MemoryMarshal.GetArrayDataReference(y);
            y.AsSpan(i0, i1 - i0).Clear();
            int j = 0;
            for (; j <= rows - 4; j += 4)
            {
                ref double r0 = ref Unsafe.Add(ref pa, (nint)j * cols);
                ref double r1 = ref Unsafe.Add(ref r0, cols);
                ref double r2 = ref Unsafe.Add(ref r1, cols);
                ref double r3 = ref Unsafe.Add(ref r2, cols);
                double s0 = x[j], s1 = x[j + 1], s2 = x[j + 2], s3 = x[j + 3];
                var x0 = Vector256.Create(s0); var x1 = Vector256.Create(s1); var x2 = Vector256.Create(s2); var x3 = Vector256.Create(s3);
                int i = i0;
                for (; i <= i1 - 4; i += 4)
                {
                    nuint k = (nuint)i;
                    var acc = Vector256.LoadUnsafe(ref py, k) + Vector256.LoadUnsafe(ref r0, k) * x0;
                    acc += Vector256.LoadUnsafe(ref r1, k) * x1;
                    acc += Vector256.LoadUnsafe(ref r2, k) * x2;
                    acc += Vector256.LoadUnsafe(ref r3, k) * x3;
                    acc.StoreUnsafe(ref py, k);
                }
                for (; i < i1; i++)
                    Unsafe.Add(ref py, i) = Unsafe.Add(ref py, i) + Unsafe.Add(ref r0, i) * s0 + Unsafe.Add(ref r1, i) * s1 + Unsafe.Add(ref r2, i) * s2 + Unsafe.Add(ref r3, i) * s3;
            }
            for (; j < rows; j++)
                for (int i = i0; i < i1; i++)
                    y[i] += a[j, i] * x[j];
        }

        /// <summary>3x3 box blur rows [y0, y1) (clipped to the interior), x in Vector256&lt;float&gt;, the kernel's order of additions and its division by 9.</summary>
        public static void BoxBlurRows(float[,] src, float[,] dst, int y0, int y1)
        {
            int h = src.GetLength(0), w = src.GetLength(1);
            ref float ps = ref DataF32(src);
            ref float pd = ref DataF32(dst);
            var nine = Vector256.Create(9f);
            nuint stride = (nuint)w;
            for (int y = Math.Max(1, y0); y < Math.Min(h - 1, y1); y++)
            {
                nuint mid = (nuint)y * stride, up = mid - stride, down = mid + stride;
                int x = 1;
                for (; x <= w - 1 - 8; x += 8)
                {
                    nuint c = (nuint)x;
                    var s = Vector256.LoadUnsafe(ref ps, up + c - 1) + Vector256.LoadUnsafe(ref ps, up + c) + Vector256.LoadUnsafe(ref ps, up + c + 1)
                          + Vector256.LoadUnsafe(ref ps, mid + c - 1) + Vector256.LoadUnsafe(ref ps, mid + c) + Vector256.LoadUnsafe(ref ps, mid + c + 1)
                          + Vector256.LoadUnsafe(ref ps, down + c - 1) + Vector256.LoadUnsafe(ref ps, down + c) + Vector256.LoadUnsafe(ref ps, down + c + 1);
                    (s / nine).StoreUnsafe(ref pd, mid + c);
                }
                for (; x < w - 1; x++)
                {
                    float sum = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                            sum += src[y + dy, x + dx];
                    dst[y, x] = sum / 9f;
                }
            }
        }

        // Byte positions of R, G and B of 16 interleaved pixels (48 bytes) in each of their three 16-byte blocks; 0x80: none.
        private static readonly Vector128<byte> s_r0 = Vector128.Create((byte)0, 3, 6, 9, 12, 15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
        private static readonly Vector128<byte> s_r1 = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 2, 5, 8, 11, 14, 0x80, 0x80, 0x80, 0x80, 0x80);
        private static readonly Vector128<byte> s_r2 = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1, 4, 7, 10, 13);
        private static readonly Vector128<byte> s_g0 = Vector128.Create((byte)1, 4, 7, 10, 13, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
        private static readonly Vector128<byte> s_g1 = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 0, 3, 6, 9, 12, 15, 0x80, 0x80, 0x80, 0x80, 0x80);
        private static readonly Vector128<byte> s_g2 = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 2, 5, 8, 11, 14);
        private static readonly Vector128<byte> s_b0 = Vector128.Create((byte)2, 5, 8, 11, 14, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
        private static readonly Vector128<byte> s_b1 = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 1, 4, 7, 10, 13, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
        private static readonly Vector128<byte> s_b2 = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0, 3, 6, 9, 12, 15);

        /// <summary>Byte shuffle (pshufb on x86: 0x80 gives 0; Vector128.Shuffle elsewhere: an index past 15 gives 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<byte> Pick(Vector128<byte> v, Vector128<byte> indices) => Ssse3.IsSupported ? Ssse3.Shuffle(v, indices) : Vector128.Shuffle(v, indices);

        /// <summary>
        /// RGB to gray for rows [y0, y1) (contiguous pixels): 16 pixels a step, R/G/B separated with byte shuffles, the weighted
        /// sum in 16-bit lanes (77 + 150 + 29 = 256, so 255 * 256 fits), shifted and narrowed back to bytes; exact like the kernel.
        /// </summary>
        public static void RgbToGrayRows(byte[] rgb, byte[] gray, int width, int y0, int y1)
        {
            ref byte src = ref MemoryMarshal.GetArrayDataReference(rgb);
            ref byte dst = ref MemoryMarshal.GetArrayDataReference(gray);
            int p = y0 * width, end = y1 * width;
            if (Ssse3.IsSupported || AdvSimd.IsSupported)
            {
                var r0 = s_r0; var r1 = s_r1; var r2 = s_r2; var g0 = s_g0; var g1 = s_g1; var g2 = s_g2; var b0 = s_b0; var b1 = s_b1; var b2 = s_b2;
                for (; p <= end - 16; p += 16)
                {
                    ref byte s = ref Unsafe.Add(ref src, (nint)p * 3);
                    var v0 = Vector128.LoadUnsafe(ref s); var v1 = Vector128.LoadUnsafe(ref s, 16); var v2 = Vector128.LoadUnsafe(ref s, 32);
                    var r = Pick(v0, r0) | Pick(v1, r1) | Pick(v2, r2);
                    var g = Pick(v0, g0) | Pick(v1, g1) | Pick(v2, g2);
                    var b = Pick(v0, b0) | Pick(v1, b1) | Pick(v2, b2);
                    var (rl, rh) = Vector128.Widen(r); var (gl, gh) = Vector128.Widen(g); var (bl, bh) = Vector128.Widen(b);
                    var lo = Vector128.ShiftRightLogical(rl * (ushort)77 + gl * (ushort)150 + bl * (ushort)29, 8);
                    var hi = Vector128.ShiftRightLogical(rh * (ushort)77 + gh * (ushort)150 + bh * (ushort)29, 8);
                    Vector128.Narrow(lo, hi).StoreUnsafe(ref dst, (nuint)p);
                }
            }
            for (; p < end; p++)
            {
                int r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
                gray[p] = (byte)((77 * r + 150 * g + 29 * b) >> 8);
            }
        }

        /// <summary>Row sums of a jagged array for rows [i0, i1): four Vector256 accumulators per row (reassociated sum).</summary>
        public static void RowSumsRows(double[][] rows, double[] sums, int i0, int i1)
        {
            for (int i = i0; i < i1; i++)
            {
                double[] row = rows[i];
                ref double pr = ref MemoryMarshal.GetArrayDataReference(row);
                var s0 = Vector256<double>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
                int j = 0;
                for (; j <= row.Length - 16; j += 16)
                {
                    s0 += Vector256.LoadUnsafe(ref pr, (nuint)j); s1 += Vector256.LoadUnsafe(ref pr, (nuint)(j + 4));
                    s2 += Vector256.LoadUnsafe(ref pr, (nuint)(j + 8)); s3 += Vector256.LoadUnsafe(ref pr, (nuint)(j + 12));
                }
                for (; j <= row.Length - 4; j += 4) s0 += Vector256.LoadUnsafe(ref pr, (nuint)j);
                double s = Vector256.Sum((s0 + s1) + (s2 + s3));
                for (; j < row.Length; j++) s += row[j];
                sums[i] = s;
            }
        }
    }
}
