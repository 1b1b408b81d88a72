using KernelGen;
using static KernelGen.Kernel;

namespace KernelGen.Samples
{
    /// <summary>The seed's three examples, written as KernelGen kernels.</summary>
    public static partial class SeedKernels
    {
        /// <summary>multiprocessing's <c>worker(number)</c>: the work done for one element.</summary>
        public static long Worker(int number) => (long)number * number;

        /// <summary>multiprocessing <c>Pool.map(worker, numbers)</c>: apply <see cref="Worker"/> to every number.</summary>
        [ParallelKernel]
        public static void MapWorker(int[] numbers, long[] results)
        {
            foreach (int i in PRange(numbers.Length))
                results[i] = Worker(numbers[i]);
        }

        /// <summary>joblib <c>Parallel(n_jobs=2)(delayed(square)(x) for x in arr)</c>.</summary>
        [ParallelKernel]
        public static void ParallelSquare(double[] values, double[] squares)
        {
            foreach (int i in PRange(values.Length))
            {
                double x = values[i];
                squares[i] = x * x;
            }
        }

        /// <summary>numba's <c>parallel_add</c>: <c>@njit(parallel=True)</c> with <c>prange</c>, returning a new array.</summary>
        [ParallelKernel]
        public static double[] ParallelAdd(double[] a, double[] b)
        {
            var result = new double[a.Length];
            foreach (int i in PRange(a.Length))
                result[i] = a[i] + b[i];
            return result;
        }
    }
}
