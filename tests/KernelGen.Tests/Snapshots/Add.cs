using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Kernels
    {
        [ParallelKernel]
        public static void Add(float[] a, float[] b, float[] r)
        {
            foreach (int i in PRange(a.Length))
                r[i] = a[i] + b[i];
        }
    }

    public static class Caller
    {
        public static void Run(float[] a, float[] b, float[] r) => Kernels.Add(a, b, r);
    }
}
