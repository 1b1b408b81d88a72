using System;
using KernelGen;
using static KernelGen.Kernel;

namespace KernelGen.Mpi.Sample
{
    /// <summary>
    /// Kernels the sample runs over MPI ranks: the seed's three examples, Mandelbrot (flat rows), a Jacobi step on a
    /// rectangular grid, reductions (a float sum, a deterministic double sum, an argmin) and a histogram (an array
    /// reduction, which runs whole on every rank). Each is the serial reference as written; the generated report
    /// (obj/…/generated) says how each loop is split over ranks.
    /// </summary>
    public static partial class MpiKernels
    {
        public static long Worker(int number) => (long)number * number;

        /// <summary>multiprocessing <c>Pool.map(worker, numbers)</c>.</summary>
        [ParallelKernel]
        public static void MapWorker(int[] numbers, long[] results)
        {
            foreach (int i in PRange(numbers.Length))
                results[i] = Worker(numbers[i]);
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

        /// <summary>numba's <c>parallel_add</c>, returning a new array (every rank allocates it; the ranks fill it together).</summary>
        [ParallelKernel]
        public static double[] ParallelAdd(double[] a, double[] b)
        {
            var result = new double[a.Length];
            foreach (int i in PRange(a.Length))
                result[i] = a[i] + b[i];
            return result;
        }

        /// <summary>Mandelbrot escape counts, row-major in a flat array: rows y of w pixels.</summary>
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

        /// <summary>One Jacobi step on the interior of a rectangular grid.</summary>
        [ParallelKernel]
        public static void Jacobi(double[,] u, double[,] next)
        {
            int rows = u.GetLength(0), cols = u.GetLength(1);
            foreach (int i in PRange(1, rows - 1))
                for (int j = 1; j < cols - 1; j++)
                    next[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]);
        }

        /// <summary>Rows reversed into another array: iteration i writes row n - 1 - i (a descending band).</summary>
        [ParallelKernel]
        public static void ReverseRows(float[] source, float[] target, int width)
        {
            int n = source.Length / width;
            foreach (int i in PRange(n))
                for (int x = 0; x < width; x++)
                    target[(n - 1 - i) * width + x] = source[i * width + x];
        }

        /// <summary>A float sum (rounding may differ from the serial loop's; the same for any rank count with Deterministic).</summary>
        [ParallelKernel]
        public static float SumSquares(float[] a)
        {
            float sum = 0f;
            foreach (int i in PRange(a.Length))
                sum += a[i] * a[i];
            return sum;
        }

        /// <summary>A double sum with chunk boundaries fixed: bitwise the same for any ranks × threads.</summary>
        [ParallelKernel(Deterministic = true)]
        public static double DeterministicSum(double[] a)
        {
            double sum = 0;
            foreach (int i in PRange(a.Length))
                sum += Math.Sqrt(a[i]) * 1.000001;
            return sum;
        }

        /// <summary>argmin: the smallest value and where it is first seen.</summary>
        [ParallelKernel]
        public static int ArgMin(double[] a)
        {
            double best = double.PositiveInfinity;
            int where = -1;
            foreach (int i in PRange(a.Length))
            {
                if (a[i] < best)
                {
                    best = a[i];
                    where = i;
                }
            }
            return where;
        }

        /// <summary>A histogram: an array reduction, which runs whole on every rank (the report says so).</summary>
        [ParallelKernel]
        public static void Histogram(byte[] data, int[] bins)
        {
            foreach (int i in PRange(data.Length))
                bins[data[i]]++;
        }

        /// <summary>Divides by (i - bad): throws DivideByZeroException in the one iteration i == bad (the failure test).</summary>
        [ParallelKernel]
        public static void Divide(int[] output, int bad)
        {
            foreach (int i in PRange(output.Length))
                output[i] = 1000 / (i - bad);
        }
    }
}
