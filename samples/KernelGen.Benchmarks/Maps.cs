using KernelGen;

namespace KernelGen.Benchmarks
{
    /// <summary>The seed's per-element functions as [ParallelMap] functions: the suites time their generated overloads.</summary>
    public static partial class Maps
    {
        /// <summary>multiprocessing's <c>worker(number)</c>; <c>Worker(numbers, results)</c> is the generated overload.</summary>
        [ParallelMap]
        public static long Worker(int number) => (long)number * number;

        /// <summary>joblib's <c>square(x)</c>.</summary>
        [ParallelMap]
        public static double Square(double x) => x * x;
    }
}
