using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Kernels
    {
        /// <summary>Dot product: a float sum reduction on interleaved vector accumulators.</summary>
        [ParallelKernel]
        public static float Dot(float[] a, float[] b)
        {
            float sum = 0f;
            foreach (int i in PRange(a.Length))
                sum += a[i] * b[i];
            return sum;
        }
    }
}
