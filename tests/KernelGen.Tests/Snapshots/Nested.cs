using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Grids
    {
        /// <summary>Nested PRange with invariant inner bounds: one collapsed iteration space.</summary>
        [ParallelKernel]
        public static void Outer(float[,] m, float[] row, float[] col)
        {
            foreach (int i in PRange(row.Length))
                foreach (int j in PRange(col.Length))
                    m[i, j] = row[i] * col[j];
        }
    }
}
