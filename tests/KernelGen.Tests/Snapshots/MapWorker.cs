using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Pool
    {
        /// <summary>The worker of a Pool.map: an expression-bodied static helper, inlined into the vector body.</summary>
        public static long Worker(int number) => (long)number * number + 1;

        [ParallelKernel]
        public static void Map(int[] numbers, long[] results)
        {
            foreach (int i in PRange(numbers.Length))
                results[i] = Worker(numbers[i]);
        }
    }
}
