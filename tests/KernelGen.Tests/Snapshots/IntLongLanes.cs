using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Kernels
    {
        /// <summary>
        /// Normalizes an image of int counts to doubles (int reads and double math in one loop: the ints ride in
        /// long lanes, as many as the double lanes), one row per iteration, one x per lane.
        /// </summary>
        [ParallelKernel]
        public static void Normalize(int[] counts, double[] image, int width, int height, double scale, int offset)
        {
            foreach (int y in PRange(height))
            {
                for (int x = 0; x < width; x++)
                {
                    int c = counts[y * width + x] - offset;
                    image[y * width + x] = c > 0 ? c * scale : 0.0;
                }
            }
        }
    }
}
