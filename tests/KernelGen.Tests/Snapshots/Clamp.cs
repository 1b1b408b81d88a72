using KernelGen;
using static KernelGen.Kernel;

namespace Demo.Imaging
{
    public static partial class Filters
    {
        /// <summary>Clamps each sample to [lo, hi] and keeps only what exceeds a noise floor: if/else chains that become vector selects.</summary>
        [ParallelKernel]
        public static void ClampAndGate(float[] input, float[] output, float lo, float hi, float floor)
        {
            foreach (int i in PRange(input.Length))
            {
                float v = input[i];
                if (v < lo) v = lo;
                else if (v > hi) v = hi;

                if (v > floor) output[i] = v;
                else output[i] = 0f;
            }
        }
    }
}
