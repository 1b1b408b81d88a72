using System;
using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Blas
    {
        /// <summary>y = alpha * x + y on spans (pinned, passed to the chunks as pointer + length; needs AllowUnsafeBlocks).</summary>
        [ParallelKernel]
        public static void Saxpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
        {
            foreach (int i in PRange(y.Length))
                y[i] = alpha * x[i] + y[i];
        }
    }
}
