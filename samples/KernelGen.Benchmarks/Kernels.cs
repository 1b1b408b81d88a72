using KernelGen;
using static KernelGen.Kernel;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// The benchmarked kernels as a user writes them. Plain calls from this project are intercepted (parallel);
    /// calls through a delegate run the method as written (the serial original). Some repeat kernels of
    /// samples/KernelGen.Samples on purpose: calls into another assembly are not intercepted, so the benchmarks keep
    /// their own copies to measure the intercepted path a user gets.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>numba's <c>add_into</c>: r = a + b, f32.</summary>
        [ParallelKernel]
        public static void AddF32(float[] a, float[] b, float[] r)
        {
            foreach (int i in PRange(a.Length))
                r[i] = a[i] + b[i];
        }

        /// <summary>The seed's numba <c>parallel_add</c>, f64, returning a new array.</summary>
        [ParallelKernel]
        public static double[] ParallelAdd(double[] a, double[] b)
        {
            var result = new double[a.Length];
            foreach (int i in PRange(a.Length))
                result[i] = a[i] + b[i];
            return result;
        }

        /// <summary>multiprocessing <c>Pool.map(worker, numbers)</c> with worker(x) = x * x.</summary>
        [ParallelKernel]
        public static void MapWorker(int[] numbers, long[] results)
        {
            foreach (int i in PRange(numbers.Length))
                results[i] = (long)numbers[i] * numbers[i];
        }

        /// <summary>joblib <c>parallel_square</c>.</summary>
        [ParallelKernel]
        public static void ParallelSquare(double[] values, double[] squares)
        {
            foreach (int i in PRange(values.Length))
            {
                double x = values[i];
                squares[i] = x * x;
            }
        }

        /// <summary>numba's <c>sum</c>: a sum reduction.</summary>
        [ParallelKernel]
        public static float SumF32(float[] a)
        {
            float sum = 0;
            foreach (int i in PRange(a.Length))
                sum += a[i];
            return sum;
        }

        /// <summary>numba's <c>poly</c>: 20 rounds of x = x*x*0.5 + 0.25.</summary>
        [ParallelKernel]
        public static void Poly20(float[] a, float[] r)
        {
            foreach (int i in PRange(a.Length))
            {
                float x = a[i];
                for (int k = 0; k < 20; k++)
                    x = x * x * 0.5f + 0.25f;
                r[i] = x;
            }
        }

        /// <summary>numba's <c>mandel</c>: escape counts of a w x h grid, row-major.</summary>
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

        /// <summary>numba's naive <c>matmul</c>: C = A B, n x n row-major f32.</summary>
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
        /// The naive matmul on 2-D arrays, numba's <c>matmul</c> as written there (<c>A[i, p] * B[p, j]</c>): C = A B,
        /// n x n f32.
        /// </summary>
        [ParallelKernel]
        public static void MatMul2D(float[,] a, float[,] b, float[,] c, int n)
        {
            foreach (int i in PRange(n))
                for (int j = 0; j < n; j++) { float acc = 0; for (int p = 0; p < n; p++) acc += a[i, p] * b[p, j]; c[i, j] = acc; }
        }

        /// <summary>
        /// Histogram of values in [0, 1) into hist.Length bins, written as a user writes it: repeated bins make it an
        /// array reduction (private copies merged in chunk order, or atomic updates; the report header says which rule).
        /// </summary>
        [ParallelKernel]
        public static void Histogram(float[] values, int[] hist)
        {
            foreach (int i in PRange(values.Length))
                hist[(int)(values[i] * hist.Length)] += 1;
        }
    }
}
