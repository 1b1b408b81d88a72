using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Kernels
    {
        /// <summary>Histogram of values in [0, 1) into hist.Length bins: an array reduction.</summary>
        [ParallelKernel]
        public static void Histogram(float[] values, int[] hist)
        {
            foreach (int i in PRange(values.Length))
                hist[(int)(values[i] * hist.Length)] += 1;
        }

        public static void Use(float[] values, int[] hist) => Histogram(values, hist);
    }
}
