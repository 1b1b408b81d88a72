using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Kernels
    {
        /// <summary>Marks which values occur in a bit set of 32-bit words: an int array reduction with |=.</summary>
        [ParallelKernel]
        public static void MarkSeen(int[] values, int[] seen)
        {
            foreach (int i in PRange(values.Length))
            {
                int v = values[i];
                seen[v >> 5] |= 1 << (v & 31);
            }
        }
    }
}
