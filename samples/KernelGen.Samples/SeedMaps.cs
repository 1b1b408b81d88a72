using KernelGen;

namespace KernelGen.Samples
{
    /// <summary>
    /// The seed's three examples once more, as <c>[ParallelMap]</c> functions: the element's work is written once and
    /// KernelGen generates the overloads over whole arrays (<c>long[] Worker(int[] numbers)</c>, …), parallel and
    /// vectorized like the PRange versions in <see cref="SeedKernels"/>.
    /// </summary>
    public static partial class SeedMaps
    {
        /// <summary>multiprocessing's <c>worker(number)</c>; <c>Pool.map(worker, numbers)</c> is <c>Worker(numbers)</c>.</summary>
        [ParallelMap]
        public static long Worker(int number) => (long)number * number;

        /// <summary>joblib's <c>square(x)</c>; <c>Parallel(n_jobs=2)(delayed(square)(x) for x in arr)</c> is <c>Square(arr)</c>.</summary>
        [ParallelMap]
        public static double Square(double x) => x * x;

        /// <summary>numba's <c>parallel_add</c> element: two inputs of one length, <c>Add(a, b)</c>.</summary>
        [ParallelMap]
        public static double Add(double a, double b) => a + b;
    }
}
