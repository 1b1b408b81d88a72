using System;
using System.Numerics;
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

        /// <summary>
        /// <see cref="Kernels.Particles"/> for [begin, end): two particles per Vector256 (x, y, vx, vy, x, y, vx, vy),
        /// velocities moved onto the position lanes by a shuffle, the bounce as blends; the same operations per field.
        /// </summary>
        public static void ParticlesChunk(Particle[] particles, float dt, float floor, int begin, int end)
        {
            Span<float> f = MemoryMarshal.Cast<Particle, float>(particles.AsSpan());
            int i = begin;
            if (Vector256.IsHardwareAccelerated)
            {
                float g = 9.81f * dt;
                Vector256<float> gravity = Vector256.Create(0f, 0f, 0f, g, 0f, 0f, 0f, g), step = Vector256.Create(dt), floors = Vector256.Create(floor), half = Vector256.Create(-0.5f);
                Vector256<float> positions = Vector256.Create(-1, -1, 0, 0, -1, -1, 0, 0).AsSingle(), ys = Vector256.Create(0, -1, 0, 0, 0, -1, 0, 0).AsSingle();
                Vector256<float> yAndVy = Vector256.Create(0, -1, 0, -1, 0, -1, 0, -1).AsSingle();
                Vector256<int> velocity = Vector256.Create(2, 3, 2, 3, 6, 7, 6, 7), y = Vector256.Create(1, 1, 1, 1, 5, 5, 5, 5);
                ref float at = ref MemoryMarshal.GetReference(f);
                for (; i + 2 <= end; i += 2)
                {
                    Vector256<float> a = Vector256.LoadUnsafe(ref at, (nuint)(4 * i));
                    a -= gravity; // vy -= g (x - 0 is x, -0 included)
                    Vector256<float> moved = a + Vector256.Shuffle(a, velocity) * step;
                    a = Vector256.ConditionalSelect(positions, moved, a); // x += vx * dt, y += vy * dt
                    Vector256<float> below = Vector256.LessThan(Vector256.Shuffle(a, y), floors) & yAndVy;
                    a = Vector256.ConditionalSelect(below, Vector256.ConditionalSelect(ys, floors, half * a), a);
                    a.StoreUnsafe(ref at, (nuint)(4 * i));
                }
            }
            for (; i < end; i++)
            {
                ref Particle p = ref particles[i];
                p.VY -= 9.81f * dt;
                p.X += p.VX * dt;
                p.Y += p.VY * dt;
                if (p.Y < floor) { p.Y = floor; p.VY = -0.5f * p.VY; }
            }
        }

        /// <summary>Runs body(begin, end) over [0, n) in chunks of at least <paramref name="minChunk"/>.</summary>
        public static void Chunked(int n, int minChunk, Action<int, int> body)
        {
            int chunk = Math.Max(minChunk, (n + Threads * 4 - 1) / (Threads * 4));
            int chunks = (n + chunk - 1) / chunk;
            if (chunks <= 1) { body(0, n); return; }
            Parallel.For(0, chunks, c => body(c * chunk, Math.Min(n, (c + 1) * chunk)));
        }

        /// <summary>sin² + cos² with .NET's Vector512/256 Sin and Cos, the widest the hardware accelerates.</summary>
        public static void SinCosChunk(double[] x, double[] y, int begin, int end)
        {
            ref double px = ref MemoryMarshal.GetArrayDataReference(x);
            ref double py = ref MemoryMarshal.GetArrayDataReference(y);
            int i = begin;
            if (Vector512.IsHardwareAccelerated)
                for (; i <= end - 8; i += 8)
                {
                    var v = Vector512.LoadUnsafe(ref px, (nuint)i);
                    var (s, c) = Vector512.SinCos(v);
                    (s * s + c * c).StoreUnsafe(ref py, (nuint)i);
                }
            for (; i <= end - 4; i += 4)
            {
                var v = Vector256.LoadUnsafe(ref px, (nuint)i);
                var (s, c) = Vector256.SinCos(v);
                (s * s + c * c).StoreUnsafe(ref py, (nuint)i);
            }
            for (; i < end; i++) { double s = Math.Sin(x[i]), c = Math.Cos(x[i]); y[i] = s * s + c * c; }
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

        /// <summary>
        /// Rows [i0, i1) of the lower-triangle distance matrix, Vector512/Vector256 over j; √ is correctly rounded in
        /// both, so the bits are the serial loop's. The caller hands out blocks of 16 rows dynamically (triangular work).
        /// </summary>
        public static void PairDistanceRows(double[] xs, double[] ys, double[,] dist, int i0, int i1)
        {
            ref double px = ref MemoryMarshal.GetArrayDataReference(xs);
            ref double py = ref MemoryMarshal.GetArrayDataReference(ys);
            int n = dist.GetLength(1);
            ref double pd = ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(dist));
            for (int i = i0; i < i1; i++)
            {
                double xi = xs[i], yi = ys[i];
                ref double row = ref Unsafe.Add(ref pd, (nint)i * n);
                int j = 0;
                if (Vector512.IsHardwareAccelerated)
                    for (var vx = Vector512.Create(xi); j <= i - 8; j += 8)
                    {
                        var dx = vx - Vector512.LoadUnsafe(ref px, (nuint)j);
                        var dy = Vector512.Create(yi) - Vector512.LoadUnsafe(ref py, (nuint)j);
                        Vector512.Sqrt(dx * dx + dy * dy).StoreUnsafe(ref row, (nuint)j);
                    }
                for (var vx = Vector256.Create(xi); j <= i - 4; j += 4)
                {
                    var dx = vx - Vector256.LoadUnsafe(ref px, (nuint)j);
                    var dy = Vector256.Create(yi) - Vector256.LoadUnsafe(ref py, (nuint)j);
                    Vector256.Sqrt(dx * dx + dy * dy).StoreUnsafe(ref row, (nuint)j);
                }
                for (; j < i; j++)
                {
                    double dx = xi - xs[j], dy = yi - ys[j];
                    Unsafe.Add(ref row, j) = Math.Sqrt(dx * dx + dy * dy);
                }
            }
        }

        // ---- Issue 12's real-world rows. Each gives the serial kernel's results bit for bit: the same operations in
        // the same order per element; where the kernel calls Math.Log/Exp/Sin/Cos/Asin (no bitwise vector counterpart)
        // those calls stay scalar, one per element, and only the arithmetic around them is vectorized. ----

        /// <summary>
        /// The 3x3 sharpen for rows [y0, y1) (clipped to the interior), 64 (Vector512) or 32 (Vector256) pixels a step:
        /// bytes widened to 16-bit lanes (the sum lies in [-3060, 7140]), the taps summed exactly, then (sum + 8) &gt;&gt; 4
        /// and a clamp to 0..255. The shift floors where the kernel's division truncates toward zero; they differ only for
        /// negative sum + 8, where both results are at most 0 and the clamp makes them 0, so the bytes are the kernel's.
        /// </summary>
        public static void Conv3x3ByteRows(byte[] src, byte[] dst, int width, int height, int y0, int y1)
        {
            ref byte ps = ref MemoryMarshal.GetArrayDataReference(src);
            ref byte pd = ref MemoryMarshal.GetArrayDataReference(dst);
            nuint w = (nuint)width;
            for (int y = Math.Max(1, y0); y < Math.Min(height - 1, y1); y++)
            {
                nuint row = (nuint)y * w;
                int x = 1;
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; x <= width - 1 - 64; x += 64)
                    {
                        nuint k = row + (nuint)x;
                        var (lo, hi) = Sharpen64(ref ps, k, w);
                        Vector512.Narrow(lo.AsUInt16(), hi.AsUInt16()).StoreUnsafe(ref pd, k);
                    }
                }
                for (; x <= width - 1 - 32; x += 32)
                {
                    nuint k = row + (nuint)x;
                    var (lo, hi) = Sharpen32(ref ps, k, w);
                    Vector256.Narrow(lo.AsUInt16(), hi.AsUInt16()).StoreUnsafe(ref pd, k);
                }
                for (; x < width - 1; x++)
                {
                    int p = y * width + x;
                    int sum = 28 * src[p] - 2 * (src[p - 1] + src[p + 1] + src[p - width] + src[p + width])
                              - (src[p - width - 1] + src[p - width + 1] + src[p + width - 1] + src[p + width + 1]);
                    dst[p] = (byte)Math.Clamp((sum + 8) / 16, 0, 255);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector512<short> Lo, Vector512<short> Hi) Sharpen64(ref byte ps, nuint k, nuint w)
        {
            var (cl, ch) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k));
            var (el, eh) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k - 1));
            var (t1l, t1h) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k + 1));
            el += t1l; eh += t1h;
            (t1l, t1h) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k - w)); el += t1l; eh += t1h;
            (t1l, t1h) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k + w)); el += t1l; eh += t1h;
            var (ol, oh) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k - w - 1));
            (t1l, t1h) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k - w + 1)); ol += t1l; oh += t1h;
            (t1l, t1h) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k + w - 1)); ol += t1l; oh += t1h;
            (t1l, t1h) = Vector512.Widen(Vector512.LoadUnsafe(ref ps, k + w + 1)); ol += t1l; oh += t1h;
            var eight = Vector512.Create((short)8); var zero = Vector512<short>.Zero; var max = Vector512.Create((short)255);
            var lo = cl.AsInt16() * 28 - (el.AsInt16() << 1) - ol.AsInt16();
            var hi = ch.AsInt16() * 28 - (eh.AsInt16() << 1) - oh.AsInt16();
            lo = Vector512.Min(Vector512.Max(Vector512.ShiftRightArithmetic(lo + eight, 4), zero), max);
            hi = Vector512.Min(Vector512.Max(Vector512.ShiftRightArithmetic(hi + eight, 4), zero), max);
            return (lo, hi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector256<short> Lo, Vector256<short> Hi) Sharpen32(ref byte ps, nuint k, nuint w)
        {
            var (cl, ch) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k));
            var (el, eh) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k - 1));
            var (t1l, t1h) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k + 1));
            el += t1l; eh += t1h;
            (t1l, t1h) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k - w)); el += t1l; eh += t1h;
            (t1l, t1h) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k + w)); el += t1l; eh += t1h;
            var (ol, oh) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k - w - 1));
            (t1l, t1h) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k - w + 1)); ol += t1l; oh += t1h;
            (t1l, t1h) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k + w - 1)); ol += t1l; oh += t1h;
            (t1l, t1h) = Vector256.Widen(Vector256.LoadUnsafe(ref ps, k + w + 1)); ol += t1l; oh += t1h;
            var eight = Vector256.Create((short)8); var zero = Vector256<short>.Zero; var max = Vector256.Create((short)255);
            var lo = cl.AsInt16() * 28 - (el.AsInt16() << 1) - ol.AsInt16();
            var hi = ch.AsInt16() * 28 - (eh.AsInt16() << 1) - oh.AsInt16();
            lo = Vector256.Min(Vector256.Max(Vector256.ShiftRightArithmetic(lo + eight, 4), zero), max);
            hi = Vector256.Min(Vector256.Max(Vector256.ShiftRightArithmetic(hi + eight, 4), zero), max);
            return (lo, hi);
        }

        /// <summary>
        /// (x - mean) / scale of floats into doubles for [begin, end): a float vector widened into two double vectors
        /// (vcvtps2pd), then the subtraction and division per double lane; 16 elements a step with Vector512, 8 with Vector256.
        /// </summary>
        public static void StandardizeChunk(float[] x, double[] z, double mean, double scale, int begin, int end)
        {
            ref float px = ref MemoryMarshal.GetArrayDataReference(x);
            ref double pz = ref MemoryMarshal.GetArrayDataReference(z);
            int i = begin;
            if (Vector512.IsHardwareAccelerated)
            {
                var m = Vector512.Create(mean); var s = Vector512.Create(scale);
                for (; i <= end - 16; i += 16)
                {
                    var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref px, (nuint)i));
                    ((lo - m) / s).StoreUnsafe(ref pz, (nuint)i);
                    ((hi - m) / s).StoreUnsafe(ref pz, (nuint)(i + 8));
                }
            }
            {
                var m = Vector256.Create(mean); var s = Vector256.Create(scale);
                for (; i <= end - 8; i += 8)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref px, (nuint)i));
                    ((lo - m) / s).StoreUnsafe(ref pz, (nuint)i);
                    ((hi - m) / s).StoreUnsafe(ref pz, (nuint)(i + 4));
                }
            }
            for (; i < end; i++) z[i] = (x[i] - mean) / scale;
        }

        /// <summary>
        /// Float samples to clipped 16-bit PCM for [begin, end): the scale, the two clip comparisons as selects (in the
        /// kernel's order, so a NaN passes through both like in the scalar code), a truncating conversion to int (NaN
        /// gives 0, like the scalar cast) and a narrowing to short; 32 samples a step with Vector512, 16 with Vector256.
        /// </summary>
        public static void PcmClipChunk(float[] samples, short[] pcm, int begin, int end)
        {
            ref float px = ref MemoryMarshal.GetArrayDataReference(samples);
            ref short pp = ref MemoryMarshal.GetArrayDataReference(pcm);
            int i = begin;
            if (Vector512.IsHardwareAccelerated)
            {
                var scale = Vector512.Create(32767f); var hi = Vector512.Create(32767f); var lo = Vector512.Create(-32768f);
                for (; i <= end - 32; i += 32)
                {
                    var s0 = Vector512.LoadUnsafe(ref px, (nuint)i) * scale;
                    var s1 = Vector512.LoadUnsafe(ref px, (nuint)(i + 16)) * scale;
                    s0 = Vector512.ConditionalSelect(Vector512.GreaterThan(s0, hi), hi, Vector512.ConditionalSelect(Vector512.LessThan(s0, lo), lo, s0));
                    s1 = Vector512.ConditionalSelect(Vector512.GreaterThan(s1, hi), hi, Vector512.ConditionalSelect(Vector512.LessThan(s1, lo), lo, s1));
                    Vector512.Narrow(Vector512.ConvertToInt32(s0), Vector512.ConvertToInt32(s1)).StoreUnsafe(ref pp, (nuint)i);
                }
            }
            {
                var scale = Vector256.Create(32767f); var hi = Vector256.Create(32767f); var lo = Vector256.Create(-32768f);
                for (; i <= end - 16; i += 16)
                {
                    var s0 = Vector256.LoadUnsafe(ref px, (nuint)i) * scale;
                    var s1 = Vector256.LoadUnsafe(ref px, (nuint)(i + 8)) * scale;
                    s0 = Vector256.ConditionalSelect(Vector256.GreaterThan(s0, hi), hi, Vector256.ConditionalSelect(Vector256.LessThan(s0, lo), lo, s0));
                    s1 = Vector256.ConditionalSelect(Vector256.GreaterThan(s1, hi), hi, Vector256.ConditionalSelect(Vector256.LessThan(s1, lo), lo, s1));
                    Vector256.Narrow(Vector256.ConvertToInt32(s0), Vector256.ConvertToInt32(s1)).StoreUnsafe(ref pp, (nuint)i);
                }
            }
            for (; i < end; i++)
            {
                float s = samples[i] * 32767f;
                if (s > 32767f) s = 32767f;
                else if (s < -32768f) s = -32768f;
                pcm[i] = (short)s;
            }
        }

        private const int TranscendentalBlock = 256;

        /// <summary>
        /// Black-Scholes for [begin, end) in blocks of 256 options: Math.Log and Math.Exp stay scalar (one call per
        /// element and argument, the kernel's calls; no vector Exp/Log gives their bits), in tight loops over small stack
        /// buffers, so that no vector register lives across a call; d1, d2, the polynomial CND and the prices run on
        /// Vector256&lt;double&gt; in the kernel's order of operations (Sqrt and division are exact in both).
        /// </summary>
        public static void BlackScholesChunk(double[] spot, double[] strike, double[] years, double[] call, double[] put,
            double riskFree, double volatility, int begin, int end)
        {
            const double A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429;
            const double RSqrt2Pi = 0.39894228040143267793994605993438;
            Span<double> logRatio = stackalloc double[TranscendentalBlock], discount = stackalloc double[TranscendentalBlock];
            Span<double> d1s = stackalloc double[TranscendentalBlock], d2s = stackalloc double[TranscendentalBlock];
            Span<double> g1 = stackalloc double[TranscendentalBlock], g2 = stackalloc double[TranscendentalBlock];
            double mu = riskFree + 0.5 * volatility * volatility, negR = -riskFree;
            var vMu = Vector256.Create(mu); var vVol = Vector256.Create(volatility); var vHalf = Vector256.Create(-0.5);
            var one = Vector256.Create(1.0); var zero = Vector256<double>.Zero;
            var a1 = Vector256.Create(A1); var a2 = Vector256.Create(A2); var a3 = Vector256.Create(A3); var a4 = Vector256.Create(A4); var a5 = Vector256.Create(A5);
            var gamma = Vector256.Create(0.2316419); var rs = Vector256.Create(RSqrt2Pi);
            ref double pS = ref MemoryMarshal.GetArrayDataReference(spot);
            ref double pX = ref MemoryMarshal.GetArrayDataReference(strike);
            ref double pT = ref MemoryMarshal.GetArrayDataReference(years);
            ref double pC = ref MemoryMarshal.GetArrayDataReference(call);
            ref double pP = ref MemoryMarshal.GetArrayDataReference(put);
            ref double bLog = ref MemoryMarshal.GetReference(logRatio), bDisc = ref MemoryMarshal.GetReference(discount);
            ref double bD1 = ref MemoryMarshal.GetReference(d1s), bD2 = ref MemoryMarshal.GetReference(d2s);
            ref double bG1 = ref MemoryMarshal.GetReference(g1), bG2 = ref MemoryMarshal.GetReference(g2);
            for (int b = begin; b < end; b += TranscendentalBlock)
            {
                int n = Math.Min(TranscendentalBlock, end - b);
                // 1. scalar calls: log(S / X) and the discount exp(-r T)
                for (int j = 0; j < n; j++)
                {
                    logRatio[j] = Math.Log(Unsafe.Add(ref pS, b + j) / Unsafe.Add(ref pX, b + j));
                    discount[j] = Math.Exp(negR * Unsafe.Add(ref pT, b + j));
                }
                // 2. vector: d1, d2 and the Gaussian exponents -0.5 d d
                int v = 0;
                for (; v <= n - 4; v += 4)
                {
                    var t = Vector256.LoadUnsafe(ref pT, (nuint)(b + v));
                    var volSqrtT = vVol * Vector256.Sqrt(t);
                    var d1 = (Vector256.LoadUnsafe(ref bLog, (nuint)v) + vMu * t) / volSqrtT;
                    var d2 = d1 - volSqrtT;
                    d1.StoreUnsafe(ref bD1, (nuint)v); d2.StoreUnsafe(ref bD2, (nuint)v);
                    (vHalf * d1 * d1).StoreUnsafe(ref bG1, (nuint)v); (vHalf * d2 * d2).StoreUnsafe(ref bG2, (nuint)v);
                }
                for (; v < n; v++)
                {
                    double t = Unsafe.Add(ref pT, b + v), volSqrtT = volatility * Math.Sqrt(t);
                    double d1 = (logRatio[v] + mu * t) / volSqrtT, d2 = d1 - volSqrtT;
                    d1s[v] = d1; d2s[v] = d2; g1[v] = -0.5 * d1 * d1; g2[v] = -0.5 * d2 * d2;
                }
                // 3. scalar calls: the Gaussian density's exp, in place
                for (int j = 0; j < n; j++)
                {
                    g1[j] = Math.Exp(g1[j]);
                    g2[j] = Math.Exp(g2[j]);
                }
                // 4. vector: the CND polynomials, the reflection for d > 0, the prices
                v = 0;
                for (; v <= n - 4; v += 4)
                {
                    var d1 = Vector256.LoadUnsafe(ref bD1, (nuint)v); var d2 = Vector256.LoadUnsafe(ref bD2, (nuint)v);
                    var k1 = one / (one + gamma * Vector256.Abs(d1));
                    var k2 = one / (one + gamma * Vector256.Abs(d2));
                    var c1 = rs * Vector256.LoadUnsafe(ref bG1, (nuint)v) * (k1 * (a1 + k1 * (a2 + k1 * (a3 + k1 * (a4 + k1 * a5)))));
                    var c2 = rs * Vector256.LoadUnsafe(ref bG2, (nuint)v) * (k2 * (a1 + k2 * (a2 + k2 * (a3 + k2 * (a4 + k2 * a5)))));
                    c1 = Vector256.ConditionalSelect(Vector256.GreaterThan(d1, zero), one - c1, c1);
                    c2 = Vector256.ConditionalSelect(Vector256.GreaterThan(d2, zero), one - c2, c2);
                    var s = Vector256.LoadUnsafe(ref pS, (nuint)(b + v));
                    var xDisc = Vector256.LoadUnsafe(ref pX, (nuint)(b + v)) * Vector256.LoadUnsafe(ref bDisc, (nuint)v);
                    (s * c1 - xDisc * c2).StoreUnsafe(ref pC, (nuint)(b + v));
                    (xDisc * (one - c2) - s * (one - c1)).StoreUnsafe(ref pP, (nuint)(b + v));
                }
                for (; v < n; v++)
                {
                    double c1 = CndFromExp(d1s[v], g1[v]), c2 = CndFromExp(d2s[v], g2[v]);
                    double s = spot[b + v], xDisc = strike[b + v] * discount[v];
                    call[b + v] = s * c1 - xDisc * c2;
                    put[b + v] = xDisc * (1.0 - c2) - s * (1.0 - c1);
                }
            }

            static double CndFromExp(double d, double gauss)
            {
                double k = 1.0 / (1.0 + 0.2316419 * Math.Abs(d));
                double cnd = RSqrt2Pi * gauss * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5)))));
                return d > 0 ? 1.0 - cnd : cnd;
            }
        }

        /// <summary>
        /// Haversine distances for [begin, end) in blocks of 256: the degree differences, halvings and radian conversions
        /// on Vector256&lt;double&gt;, then Math.Sin/Math.Cos per element (scalar: the kernel's calls; sin(dLat / 2) is
        /// called once and squared, the same value the kernel's two calls give), the sum of products and Sqrt on vectors,
        /// Math.Asin per element, in the kernel's order of operations.
        /// </summary>
        public static void HaversineChunk(double[] lat1, double[] lon1, double[] lat2, double[] lon2, double[] km, int begin, int end)
        {
            const double EarthRadiusKm = 6371.0;
            const double DegToRad = Math.PI / 180.0;
            Span<double> hLat = stackalloc double[TranscendentalBlock], hLon = stackalloc double[TranscendentalBlock];
            Span<double> r1 = stackalloc double[TranscendentalBlock], r2 = stackalloc double[TranscendentalBlock];
            ref double pLat1 = ref MemoryMarshal.GetArrayDataReference(lat1), pLon1 = ref MemoryMarshal.GetArrayDataReference(lon1);
            ref double pLat2 = ref MemoryMarshal.GetArrayDataReference(lat2), pLon2 = ref MemoryMarshal.GetArrayDataReference(lon2);
            ref double bLat = ref MemoryMarshal.GetReference(hLat), bLon = ref MemoryMarshal.GetReference(hLon);
            ref double bR1 = ref MemoryMarshal.GetReference(r1), bR2 = ref MemoryMarshal.GetReference(r2);
            var d2r = Vector256.Create(DegToRad); var two = Vector256.Create(2.0);
            for (int b = begin; b < end; b += TranscendentalBlock)
            {
                int n = Math.Min(TranscendentalBlock, end - b);
                // 1. vector: half differences and latitudes in radians
                int v = 0;
                for (; v <= n - 4; v += 4)
                {
                    nuint k = (nuint)(b + v);
                    var la1 = Vector256.LoadUnsafe(ref pLat1, k); var la2 = Vector256.LoadUnsafe(ref pLat2, k);
                    ((la2 - la1) * d2r / two).StoreUnsafe(ref bLat, (nuint)v);
                    ((Vector256.LoadUnsafe(ref pLon2, k) - Vector256.LoadUnsafe(ref pLon1, k)) * d2r / two).StoreUnsafe(ref bLon, (nuint)v);
                    (la1 * d2r).StoreUnsafe(ref bR1, (nuint)v); (la2 * d2r).StoreUnsafe(ref bR2, (nuint)v);
                }
                for (; v < n; v++)
                {
                    hLat[v] = (lat2[b + v] - lat1[b + v]) * DegToRad / 2; hLon[v] = (lon2[b + v] - lon1[b + v]) * DegToRad / 2;
                    r1[v] = lat1[b + v] * DegToRad; r2[v] = lat2[b + v] * DegToRad;
                }
                // 2. scalar calls, in place
                for (int j = 0; j < n; j++)
                {
                    hLat[j] = Math.Sin(hLat[j]); hLon[j] = Math.Sin(hLon[j]);
                    r1[j] = Math.Cos(r1[j]); r2[j] = Math.Cos(r2[j]);
                }
                // 3. vector: a = sLat sLat + cos1 cos2 sLon sLon, then its square root (into hLat)
                v = 0;
                for (; v <= n - 4; v += 4)
                {
                    var sLat = Vector256.LoadUnsafe(ref bLat, (nuint)v); var sLon = Vector256.LoadUnsafe(ref bLon, (nuint)v);
                    var a = sLat * sLat + Vector256.LoadUnsafe(ref bR1, (nuint)v) * Vector256.LoadUnsafe(ref bR2, (nuint)v) * sLon * sLon;
                    Vector256.Sqrt(a).StoreUnsafe(ref bLat, (nuint)v);
                }
                for (; v < n; v++) hLat[v] = Math.Sqrt(hLat[v] * hLat[v] + r1[v] * r2[v] * hLon[v] * hLon[v]);
                // 4. scalar calls: asin, scaled by the diameter
                for (int j = 0; j < n; j++)
                    km[b + j] = 2 * EarthRadiusKm * Math.Asin(hLat[j]);
            }
        }

        /// <summary>
        /// k-means assignment for points [begin, end): the centroids transposed once per chunk into [dimension][centroid]
        /// rows (padded to whole vectors), so that one vector holds a dimension of 16 (Vector512) or 8 (Vector256)
        /// centroids; four points at a time (four independent accumulator chains) sum their squared differences over the
        /// dimensions in the kernel's order, per centroid lane, so every distance has the kernel's bits. The nearest
        /// centroid: the vector minimum, then the first lane equal to it (the kernel's first-on-ties). A point whose
        /// minimum is not below float.MaxValue (NaN, infinity) or whose length differs takes the kernel's scalar loop.
        /// </summary>
        public static void KMeansAssignChunk(float[][] points, float[][] centroids, int[] assignment, int begin, int end)
        {
            int k = centroids.Length;
            if (k == 0) { for (int i = begin; i < end; i++) assignment[i] = 0; return; }
            int dims = centroids[0].Length;
            int lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
            int blocks = (k + lanes - 1) / lanes, stride = blocks * lanes;
            Span<float> transposed = dims * stride <= 4096 ? stackalloc float[dims * stride] : new float[dims * stride];
            transposed.Clear();
            for (int c = 0; c < k; c++)
            {
                float[] centroid = centroids[c];
                if (centroid.Length < dims) { KMeansScalar(points, centroids, assignment, begin, end); return; }
                for (int d = 0; d < dims; d++) transposed[d * stride + c] = centroid[d];
            }
            ref float pt = ref MemoryMarshal.GetReference(transposed);
            if (Vector512.IsHardwareAccelerated) KMeans512(points, centroids, assignment, ref pt, k, dims, blocks, begin, end);
            else KMeans256(points, centroids, assignment, ref pt, k, dims, blocks, begin, end);
        }

        private static void KMeans512(float[][] points, float[][] centroids, int[] assignment, ref float pt, int k, int dims, int blocks, int begin, int end)
        {
            int stride = blocks * 16;
            var inf = Vector512.Create(float.PositiveInfinity);
            Span<float> dist = stackalloc float[4 * stride];
            ref float pdist = ref MemoryMarshal.GetReference(dist);
            int i = begin;
            for (; i <= end - 4; i += 4)
            {
                float[] p0 = points[i], p1 = points[i + 1], p2 = points[i + 2], p3 = points[i + 3];
                if (p0.Length != dims || p1.Length != dims || p2.Length != dims || p3.Length != dims) { KMeansScalar(points, centroids, assignment, i, i + 4); continue; }
                ref float r0 = ref MemoryMarshal.GetArrayDataReference(p0), r1 = ref MemoryMarshal.GetArrayDataReference(p1);
                ref float r2 = ref MemoryMarshal.GetArrayDataReference(p2), r3 = ref MemoryMarshal.GetArrayDataReference(p3);
                for (int b = 0; b < blocks; b++)
                {
                    var s0 = Vector512<float>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
                    ref float col = ref Unsafe.Add(ref pt, b * 16);
                    for (int d = 0; d < dims; d++)
                    {
                        var c = Vector512.LoadUnsafe(ref col, (nuint)(d * stride));
                        var e0 = Vector512.Create(Unsafe.Add(ref r0, d)) - c; var e1 = Vector512.Create(Unsafe.Add(ref r1, d)) - c;
                        var e2 = Vector512.Create(Unsafe.Add(ref r2, d)) - c; var e3 = Vector512.Create(Unsafe.Add(ref r3, d)) - c;
                        s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
                    }
                    // lanes past the last centroid never win
                    int valid = Math.Min(16, k - b * 16);
                    if (valid < 16)
                    {
                        var keep = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(valid)).AsSingle();
                        s0 = Vector512.ConditionalSelect(keep, s0, inf); s1 = Vector512.ConditionalSelect(keep, s1, inf);
                        s2 = Vector512.ConditionalSelect(keep, s2, inf); s3 = Vector512.ConditionalSelect(keep, s3, inf);
                    }
                    s0.StoreUnsafe(ref pdist, (nuint)(b * 16)); s1.StoreUnsafe(ref pdist, (nuint)(stride + b * 16));
                    s2.StoreUnsafe(ref pdist, (nuint)(2 * stride + b * 16)); s3.StoreUnsafe(ref pdist, (nuint)(3 * stride + b * 16));
                }
                for (int q = 0; q < 4; q++)
                {
                    int best = Nearest512(ref Unsafe.Add(ref pdist, q * stride), blocks);
                    assignment[i + q] = best >= 0 ? best : KMeansScalarOne(points[i + q], centroids);
                }
            }
            if (i < end) KMeansScalar(points, centroids, assignment, i, end);
        }

        /// <summary>The first index of the minimum of blocks x 16 distances, or -1 when the minimum is not below float.MaxValue.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Nearest512(ref float dist, int blocks)
        {
            var m = Vector512.LoadUnsafe(ref dist);
            for (int b = 1; b < blocks; b++) m = Vector512.Min(m, Vector512.LoadUnsafe(ref dist, (nuint)(b * 16)));
            float min = HorizontalMin(Vector256.Min(m.GetLower(), m.GetUpper()));
            if (!(min < float.MaxValue)) return -1;
            var vmin = Vector512.Create(min);
            for (int b = 0; b < blocks; b++)
            {
                ulong bits = Vector512.Equals(Vector512.LoadUnsafe(ref dist, (nuint)(b * 16)), vmin).ExtractMostSignificantBits();
                if (bits != 0) return b * 16 + BitOperations.TrailingZeroCount(bits);
            }
            return -1;
        }

        private static void KMeans256(float[][] points, float[][] centroids, int[] assignment, ref float pt, int k, int dims, int blocks, int begin, int end)
        {
            int stride = blocks * 8;
            var inf = Vector256.Create(float.PositiveInfinity);
            Span<float> dist = stackalloc float[4 * stride];
            ref float pdist = ref MemoryMarshal.GetReference(dist);
            int i = begin;
            for (; i <= end - 4; i += 4)
            {
                float[] p0 = points[i], p1 = points[i + 1], p2 = points[i + 2], p3 = points[i + 3];
                if (p0.Length != dims || p1.Length != dims || p2.Length != dims || p3.Length != dims) { KMeansScalar(points, centroids, assignment, i, i + 4); continue; }
                ref float r0 = ref MemoryMarshal.GetArrayDataReference(p0), r1 = ref MemoryMarshal.GetArrayDataReference(p1);
                ref float r2 = ref MemoryMarshal.GetArrayDataReference(p2), r3 = ref MemoryMarshal.GetArrayDataReference(p3);
                for (int b = 0; b < blocks; b++)
                {
                    var s0 = Vector256<float>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
                    ref float col = ref Unsafe.Add(ref pt, b * 8);
                    for (int d = 0; d < dims; d++)
                    {
                        var c = Vector256.LoadUnsafe(ref col, (nuint)(d * stride));
                        var e0 = Vector256.Create(Unsafe.Add(ref r0, d)) - c; var e1 = Vector256.Create(Unsafe.Add(ref r1, d)) - c;
                        var e2 = Vector256.Create(Unsafe.Add(ref r2, d)) - c; var e3 = Vector256.Create(Unsafe.Add(ref r3, d)) - c;
                        s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
                    }
                    int valid = Math.Min(8, k - b * 8);
                    if (valid < 8)
                    {
                        var keep = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(valid)).AsSingle();
                        s0 = Vector256.ConditionalSelect(keep, s0, inf); s1 = Vector256.ConditionalSelect(keep, s1, inf);
                        s2 = Vector256.ConditionalSelect(keep, s2, inf); s3 = Vector256.ConditionalSelect(keep, s3, inf);
                    }
                    s0.StoreUnsafe(ref pdist, (nuint)(b * 8)); s1.StoreUnsafe(ref pdist, (nuint)(stride + b * 8));
                    s2.StoreUnsafe(ref pdist, (nuint)(2 * stride + b * 8)); s3.StoreUnsafe(ref pdist, (nuint)(3 * stride + b * 8));
                }
                for (int q = 0; q < 4; q++)
                {
                    ref float dq = ref Unsafe.Add(ref pdist, q * stride);
                    var m = Vector256.LoadUnsafe(ref dq);
                    for (int b = 1; b < blocks; b++) m = Vector256.Min(m, Vector256.LoadUnsafe(ref dq, (nuint)(b * 8)));
                    float min = HorizontalMin(m);
                    int best = -1;
                    if (min < float.MaxValue)
                    {
                        var vmin = Vector256.Create(min);
                        for (int b = 0; b < blocks && best < 0; b++)
                        {
                            uint bits = Vector256.Equals(Vector256.LoadUnsafe(ref dq, (nuint)(b * 8)), vmin).ExtractMostSignificantBits();
                            if (bits != 0) best = b * 8 + BitOperations.TrailingZeroCount(bits);
                        }
                    }
                    assignment[i + q] = best >= 0 ? best : KMeansScalarOne(points[i + q], centroids);
                }
            }
            if (i < end) KMeansScalar(points, centroids, assignment, i, end);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float HorizontalMin(Vector256<float> v)
        {
            var x = Vector128.Min(v.GetLower(), v.GetUpper());
            x = Vector128.Min(x, Vector128.Shuffle(x, Vector128.Create(2, 3, 0, 1)));
            x = Vector128.Min(x, Vector128.Shuffle(x, Vector128.Create(1, 0, 3, 2)));
            return x.ToScalar();
        }

        private static void KMeansScalar(float[][] points, float[][] centroids, int[] assignment, int begin, int end)
        {
            for (int i = begin; i < end; i++) assignment[i] = KMeansScalarOne(points[i], centroids);
        }

        /// <summary>The kernel's loop body for one point.</summary>
        private static int KMeansScalarOne(float[] p, float[][] centroids)
        {
            int best = 0;
            float bestDist = float.MaxValue;
            for (int c = 0; c < centroids.Length; c++)
            {
                float[] centroid = centroids[c];
                float dist = 0;
                for (int d = 0; d < p.Length; d++) { float diff = p[d] - centroid[d]; dist += diff * diff; }
                if (dist < bestDist) { bestDist = dist; best = c; }
            }
            return best;
        }

        /// <summary>
        /// CSR y = A x for rows [r0, r1): per row the kernel's chain of multiply-adds in column order (so every y has the
        /// serial bits), without bounds checks (the row pointers and column indices are checked once per row and per
        /// index). A vector form does not pay here: an AVX2 gather of four x values measured slower than four scalar loads
        /// (1 thread, 1e6 rows: ~115 ms against ~82 ms), and summing the lanes in order leaves the chain as it was. What
        /// the kernel waits for is the random x reads: rows run back to back, so the out-of-order core overlaps them, and
        /// when x is larger than a core's L2 (1 MiB here), x is prefetched <see cref="CsrPrefetchDistance"/> non-zeros
        /// ahead (1 thread, 1e6 rows, x 8 MB: ~40-50 ms against ~60-110 ms; at 1e5 rows, x in L2, it cost ~50%).
        /// <paramref name="prefetch"/> overrides the choice (measurements).
        /// </summary>
        public static unsafe void CsrRows(int[] rowPtr, int[] colIndex, double[] values, double[] x, double[] y, int r0, int r1, bool? prefetch = null)
        {
            ref int pc = ref MemoryMarshal.GetArrayDataReference(colIndex);
            ref double pv = ref MemoryMarshal.GetArrayDataReference(values);
            ref double px = ref MemoryMarshal.GetArrayDataReference(x);
            uint xLength = (uint)x.Length;
            int nnz = Math.Min(values.Length, colIndex.Length);
            bool sse = Sse.IsSupported && (prefetch ?? 8L * x.Length > CsrPrefetchAbove);
            fixed (double* xp = x)
            {
                for (int row = r0; row < r1; row++)
                {
                    int k = rowPtr[row], end = rowPtr[row + 1];
                    if (k < 0 || end > nnz) throw new IndexOutOfRangeException();
                    double sum = 0;
                    for (; k < end; k++)
                    {
                        if (sse && k + CsrPrefetchDistance < nnz) Sse.Prefetch0(xp + Unsafe.Add(ref pc, k + CsrPrefetchDistance)); // a prefetch never faults
                        uint c = (uint)Unsafe.Add(ref pc, k);
                        if (c >= xLength) throw new IndexOutOfRangeException();
                        sum += Unsafe.Add(ref pv, k) * Unsafe.Add(ref px, c);
                    }
                    y[row] = sum;
                }
            }
        }

        public const int CsrPrefetchDistance = 48;
        public const long CsrPrefetchAbove = 1L << 20;
    }
}
