using KernelGen;
using static KernelGen.Kernel;

namespace Demo.Grids
{
    public static partial class Heat
    {
        /// <summary>One explicit heat step on a double[,,] grid: the 7-point Laplacian on the interior.</summary>
        [ParallelKernel]
        public static void Step(double[,,] t, double[,,] next, double alpha)
        {
            int nz = t.GetLength(0), ny = t.GetLength(1), nx = t.GetLength(2);
            foreach (int z in PRange(1, nz - 1))
            {
                for (int y = 1; y < ny - 1; y++)
                {
                    for (int x = 1; x < nx - 1; x++)
                    {
                        double c = t[z, y, x];
                        double laplacian = t[z - 1, y, x] + t[z + 1, y, x]
                                         + t[z, y - 1, x] + t[z, y + 1, x]
                                         + t[z, y, x - 1] + t[z, y, x + 1]
                                         - 6.0 * c;
                        next[z, y, x] = c + alpha * laplacian;
                    }
                }
            }
        }
    }
}
