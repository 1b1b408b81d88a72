using KernelGen;
using static KernelGen.Kernel;

namespace Demo.Grids
{
    public static partial class Solvers
    {
        /// <summary>One Jacobi sweep on the interior of a double[,] grid: the 5-point average of the neighbours.</summary>
        [ParallelKernel]
        public static void Jacobi(double[,] u, double[,] next)
        {
            int rows = u.GetLength(0), cols = u.GetLength(1);
            foreach (int i in PRange(1, rows - 1))
            {
                for (int j = 1; j < cols - 1; j++)
                    next[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]);
            }
        }
    }
}
