using System;
using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Statistics
    {
        /// <summary>How many samples exceed a threshold, and the smallest and largest: a count and int min/max on lane masks.</summary>
        [ParallelKernel]
        public static (int Above, int Min, int Max) Summarize(int[] samples, int threshold)
        {
            int above = 0;
            int min = int.MaxValue;
            int max = int.MinValue;
            foreach (int i in PRange(samples.Length))
            {
                int s = samples[i];
                if (s > threshold) above++;
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }
            return (above, min, max);
        }
    }
}
