using System;
using KernelGen;
using static KernelGen.Kernel;

namespace Demo.Signals
{
    public static partial class Complex
    {
        /// <summary>Magnitudes of interleaved complex samples (re, im, re, im, …): PRange(0, n, 2), a positive step.</summary>
        [ParallelKernel]
        public static void Magnitudes(float[] interleaved, float[] magnitude)
        {
            int n = interleaved.Length;
            foreach (int i in PRange(0, n, 2))
            {
                float re = interleaved[i];
                float im = interleaved[i + 1];
                magnitude[i / 2] = MathF.Sqrt(re * re + im * im);
            }
        }
    }
}
