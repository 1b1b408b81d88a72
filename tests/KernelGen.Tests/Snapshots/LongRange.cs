using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Kernels
    {
        /// <summary>Fills a large buffer with a ramp: a 64-bit range, PRange(0L, n), and a long index used as a value.</summary>
        [ParallelKernel]
        public static void Ramp(double[] buffer, long n, double start, double step)
        {
            foreach (long i in PRange(0L, n))
                buffer[i] = start + step * i;
        }

        /// <summary>Scales the first n samples of a large buffer in place, indexed by a long.</summary>
        [ParallelKernel]
        public static void ScaleLong(double[] samples, long n, double gain)
        {
            foreach (long i in PRange(0L, n))
                samples[i] *= gain;
        }
    }
}
