using KernelGen;

namespace KernelGen.Samples
{
    /// <summary>
    /// numba's <c>@stencil</c> in C#: a function of a cell's neighbourhood, read at relative offsets; KernelGen generates
    /// <c>Blur(float[,] input, float[,] output, Border border = Border.Unchanged, float value = default)</c> and runs the
    /// interior in parallel on vectors, the border by the chosen policy.
    /// </summary>
    public static partial class StencilSamples
    {
        /// <summary>numba's stencil example: the average of the four neighbours.</summary>
        [ParallelStencil]
        public static float Blur(Neighbourhood2D<float> a) => (a[-1, 0] + a[1, 0] + a[0, -1] + a[0, 1]) / 4;

        /// <summary>The 5-point Laplacian of a grid of doubles.</summary>
        [ParallelStencil]
        public static double Laplacian(Neighbourhood2D<double> u) => u[-1, 0] + u[1, 0] + u[0, -1] + u[0, 1] - 4 * u[0, 0];
    }
}
