using KernelGen;
using static KernelGen.Kernel;

namespace Demo.Fractals
{
    public static partial class Mandelbrot
    {
        /// <summary>Escape-time iteration counts: rows in parallel, a while loop per pixel, one x per lane.</summary>
        [ParallelKernel]
        public static void Render(int[] counts, int width, int height, int maxIterations)
        {
            foreach (int y in PRange(height))
            {
                for (int x = 0; x < width; x++)
                {
                    double cr = -2.0 + 3.0 * x / width;
                    double ci = -1.5 + 3.0 * y / height;
                    double zr = 0.0, zi = 0.0;
                    int n = 0;
                    while (n < maxIterations && zr * zr + zi * zi <= 4.0)
                    {
                        double t = zr * zr - zi * zi + cr;
                        zi = 2.0 * zr * zi + ci;
                        zr = t;
                        n++;
                    }
                    counts[y * width + x] = n;
                }
            }
        }
    }
}
