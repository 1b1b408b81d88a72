using System;
using KernelGen;
using static KernelGen.Kernel;

namespace Demo.Imaging
{
    internal static partial class Filters
    {
        /// <summary>Every other pixel, backwards, with a private temporary and a local constant.</summary>
        [ParallelKernel(ChunkSize = 256)]
        internal static double Brighten(double[] pixels, double gain, int first)
        {
            const double Limit = 255.0;
            double before = pixels.Length > 0 ? pixels[0] : 0;
            foreach (var p in PRange(pixels.Length - 1, first - 1, -2))
            {
                double v = pixels[p] * gain;
                pixels[p] = Math.Min(v, Limit);
            }
            return before;
        }
    }
}
