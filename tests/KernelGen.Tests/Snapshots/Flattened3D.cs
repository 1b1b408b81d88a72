using KernelGen;
using static KernelGen.Kernel;

namespace Demo.Grids
{
    public static partial class Flat
    {
        /// <summary>The 7-point stencil on a flattened nz × ny × nx grid: subscripts (z * ny + y) * nx + x.</summary>
        [ParallelKernel]
        public static void Stencil7(double[] input, double[] output, int nx, int ny, int nz)
        {
            foreach (int z in PRange(1, nz - 1))
            {
                for (int y = 1; y < ny - 1; y++)
                {
                    for (int x = 1; x < nx - 1; x++)
                    {
                        int k = (z * ny + y) * nx + x;
                        output[k] = (input[k - nx * ny] + input[k + nx * ny]
                                   + input[k - nx] + input[k + nx]
                                   + input[k - 1] + input[k + 1]) * (1.0 / 6.0);
                    }
                }
            }
        }
    }
}
