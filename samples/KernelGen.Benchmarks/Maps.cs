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

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// Jacobi-2d and the 3x3 box blur as [ParallelStencil] functions: the suites time their generated overloads (interior
    /// only, Border.Unchanged, like the PRange kernels they are compared with; the same sums in the same order, so the
    /// same bits).
    /// </summary>
    public static partial class Stencils
    {
        /// <summary>PolyBench's jacobi-2d point: the mean of a point and its four neighbours.</summary>
        [ParallelStencil]
        public static double Jacobi(Neighbourhood2D<double> a) => 0.2 * (a[0, 0] + a[-1, 0] + a[1, 0] + a[0, -1] + a[0, 1]);

        /// <summary>The 3x3 box blur, summed from 0 in row order as Kernels.BoxBlur3x3's loops do.</summary>
        [ParallelStencil]
        public static float Box(Neighbourhood2D<float> a) =>
            (0f + a[-1, -1] + a[-1, 0] + a[-1, 1] + a[0, -1] + a[0, 0] + a[0, 1] + a[1, -1] + a[1, 0] + a[1, 1]) / 9f;
    }
}
