using System;
using KernelGen;
using static KernelGen.Kernel;

namespace KernelGen.Mpi.Sample
{
    /// <summary>
    /// Kernels of this sample that samples/KernelGen.Samples has no twin of: a descending band of rows, a
    /// deterministic sum, an argmin, and one that throws (the failure test). The seed's kernels, Mandelbrot, the 2-D
    /// matmul, the stencil, the float sum and the histogram come from KernelGen.Samples (calls of another project's
    /// kernels are intercepted too). Each is the serial reference as written; the generated report (obj/…/generated)
    /// says how each loop is split over ranks.
    /// </summary>
    public static partial class MpiKernels
    {
        /// <summary>Rows reversed into another array: iteration i writes row n - 1 - i (a descending band).</summary>
        [ParallelKernel]
        public static void ReverseRows(float[] source, float[] target, int width)
        {
            int n = source.Length / width;
            foreach (int i in PRange(n))
                for (int x = 0; x < width; x++)
                    target[(n - 1 - i) * width + x] = source[i * width + x];
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

        /// <summary>Divides by (i - bad): throws DivideByZeroException in the one iteration i == bad (the failure test).</summary>
        [ParallelKernel]
        public static void Divide(int[] output, int bad)
        {
            foreach (int i in PRange(output.Length))
                output[i] = 1000 / (i - bad);
        }
    }
}
