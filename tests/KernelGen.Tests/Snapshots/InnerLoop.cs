using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Grids
    {
        // The PRange body is not vectorizable as a whole (the loop over x); the loop over x is: one x per lane.
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
    }
}
