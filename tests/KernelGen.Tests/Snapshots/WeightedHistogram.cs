using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Kernels
    {
        /// <summary>Sums float weights into bins: a float array reduction (private copies merged in chunk order).</summary>
        [ParallelKernel]
        public static void WeightedHistogram(int[] bin, float[] weight, float[] sums)
        {
            foreach (int i in PRange(bin.Length))
                sums[bin[i]] += weight[i];
        }
    }
}
