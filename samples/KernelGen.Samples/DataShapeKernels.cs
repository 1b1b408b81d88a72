using System;
using KernelGen;
using static KernelGen.Kernel;

namespace KernelGen.Samples
{
    /// <summary>
    /// Kernels over other data shapes: nested loops with a data-dependent inner loop (Mandelbrot), the naive matrix
    /// product flattened and on rectangular <c>float[,]</c> arrays, a 5-point stencil and a histogram (an array
    /// reduction). Mandelbrot, the flattened matmul and the stencil are the same kernels as in
    /// samples/KernelGen.Benchmarks/Kernels.cs.
    /// </summary>
    public static partial class DataShapeKernels
    {
        /// <summary>Mandelbrot escape counts on a w x h grid (rows in parallel; uneven work per row).</summary>
        [ParallelKernel]
        public static void Mandelbrot(int[] output, int w, int h, int maxIt)
        {
            foreach (int y in PRange(h))
            {
                for (int x = 0; x < w; x++)
                {
                    double cr = -2.0 + 3.0 * x / w, ci = -1.5 + 3.0 * y / h;
                    double zr = 0, zi = 0;
                    int n = 0;
                    while (n < maxIt && zr * zr + zi * zi <= 4.0)
                    {
                        double t = zr * zr - zi * zi + cr;
                        zi = 2.0 * zr * zi + ci;
                        zr = t;
                        n++;
                    }
                    output[y * w + x] = n;
                }
            }
        }

        /// <summary>numba's naive <c>matmul</c>: C = A B, n x n row-major f32 in flat arrays.</summary>
        [ParallelKernel]
        public static void MatMul(float[] a, float[] b, float[] c, int n)
        {
            foreach (int i in PRange(n))
            {
                for (int j = 0; j < n; j++)
                {
                    float acc = 0;
                    for (int p = 0; p < n; p++)
                        acc += a[i * n + p] * b[p * n + j];
                    c[i * n + j] = acc;
                }
            }
        }

        /// <summary>The same product on rectangular arrays: the race analysis reads both subscripts.</summary>
        [ParallelKernel]
        public static void MatMul2D(float[,] a, float[,] b, float[,] c)
        {
            int n = a.GetLength(0), m = b.GetLength(1), k = a.GetLength(1);
            foreach (int i in PRange(n))
            {
                for (int j = 0; j < m; j++)
                {
                    float acc = 0;
                    for (int p = 0; p < k; p++)
                        acc += a[i, p] * b[p, j];
                    c[i, j] = acc;
                }
            }
        }

        /// <summary>5-point stencil on the interior of an n x n grid.</summary>
        [ParallelKernel]
        public static void Stencil(float[] input, float[] output, int n)
        {
            foreach (int y in PRange(1, n - 1))
            {
                for (int x = 1; x < n - 1; x++)
                {
                    int k = y * n + x;
                    output[k] = 0.2f * (input[k] + input[k - 1] + input[k + 1] + input[k - n] + input[k + n]);
                }
            }
        }

        /// <summary>
        /// A 24 bpp bitmap inverted in place, rows at a stride (the layout Bitmap.LockBits hands out: each row padded to
        /// a multiple of 4 bytes). KernelGen cannot see that rows are apart (stride >= 3 * width), so the launch checks
        /// it and the loop runs serially where it fails; the three channel statements roll into one loop over the
        /// row's bytes (see the report: "channels rolled").
        /// </summary>
        [ParallelKernel]
        public static void InvertBitmap(byte[] pixels, int width, int height, int stride)
        {
            foreach (int y in PRange(height))
                for (int x = 0; x < width; x++)
                {
                    int o = y * stride + 3 * x;
                    pixels[o] = (byte)(255 - pixels[o]);
                    pixels[o + 1] = (byte)(255 - pixels[o + 1]);
                    pixels[o + 2] = (byte)(255 - pixels[o + 2]);
                }
        }

        /// <summary>
        /// Levels through a lookup table over a locked 32 bpp bitmap, in the pointer form of LockBits code (<c>byte* row =
        /// scan0 + y * stride</c>). The row pointer is tested as the <c>scan0[…]</c> it is, the launch checks that rows are
        /// apart (stride &gt;= 4 * width) and that the bitmap's bytes are not the table's, and each row's bytes run on
        /// vector lanes (see the report).
        /// </summary>
        [ParallelKernel]
        public static unsafe void LevelsThroughRowPointer(byte* scan0, int width, int height, int stride, byte[] table)
        {
            foreach (int y in PRange(height))
            {
                byte* row = scan0 + y * stride;
                for (int x = 0; x < 4 * width; x++)
                    row[x] = table[row[x]];
            }
        }

        /// <summary>The serial method on a pinned array (a function pointer: not intercepted).</summary>
        public static unsafe void LevelsSerial(byte[] pixels, int width, int height, int stride, byte[] table)
        {
            fixed (byte* p = pixels)
            {
                delegate*<byte*, int, int, int, byte[], void> original = &LevelsThroughRowPointer;
                original(p, width, height, stride, table);
            }
        }

        /// <summary>The parallel version on a pinned array (the call is intercepted).</summary>
        public static unsafe void Levels(byte[] pixels, int width, int height, int stride, byte[] table)
        {
            fixed (byte* p = pixels) LevelsThroughRowPointer(p, width, height, stride, table);
        }

        /// <summary>
        /// Histogram of values in [0, 1) into hist.Length bins. Repeated bins are no race: hist is an array
        /// reduction (private copies per chunk merged in chunk order, or Interlocked adds; see the report).
        /// </summary>
        [ParallelKernel]
        public static void Histogram(float[] values, int[] hist)
        {
            foreach (int i in PRange(values.Length))
                hist[(int)(values[i] * hist.Length)] += 1;
        }

        /// <summary>
        /// Gaussian elimination without pivoting (the L and U of a diagonally dominant n x n matrix, flat, row-major):
        /// for each pivot row k, the rows below it are updated in parallel. They read row k, which no iteration writes
        /// (the rows written start at k + 1: "pinned" in the report's terms), and each row's update is a vector loop
        /// where row i and row k share no element over the loop (checked before it, see the generated code).
        /// </summary>
        [ParallelKernel]
        public static void Eliminate(double[] a, double[] l, int n)
        {
            for (int k = 0; k < n - 1; k++)
            {
                double pivot = a[k * n + k];
                foreach (int i in PRange(k + 1, n))
                {
                    double f = a[i * n + k] / pivot;
                    l[i * n + k] = f;
                    for (int j = k; j < n; j++)
                        a[i * n + j] -= f * a[k * n + j];
                }
            }
        }
    }
}
