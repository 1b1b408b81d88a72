using KernelGen;
using static KernelGen.Kernel;

namespace KernelGen.Tests
{
    /// <summary>Kernels compiled into the test project itself: calls from the tests are intercepted like a user's.</summary>
    public static partial class TestKernels
    {
        /// <summary>Writes every index of PRange(start, stop, step) at its position k, as r[k] = i * 7 + 1.</summary>
        [ParallelKernel(ChunkSize = 3)]
        public static void StepFill(int[] r, int start, int stop, int step)
        {
            foreach (int i in PRange(start, stop, step))
                r[(i - start) / step] = i * 7 + 1;
        }

        /// <summary>The same over a 64-bit range.</summary>
        [ParallelKernel(ChunkSize = 3)]
        public static void StepFill64(long[] r, long start, long stop, long step)
        {
            foreach (long i in PRange(start, stop, step))
                r[(i - start) / step] = i * 7 + 1;
        }

        /// <summary>Records whether each iteration ran inside the parallel runtime: 1 only when the call was intercepted.</summary>
        [ParallelKernel(ChunkSize = 16)]
        public static void Probe(int[] flags)
        {
            foreach (int i in PRange(flags.Length))
                flags[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
        }

        /// <summary>Small chunks, a private temporary, a shared scalar, a local constant and a returned value.</summary>
        [ParallelKernel(ChunkSize = 2)]
        public static double[] Saxpy(float alpha, float[] x, float[] y)
        {
            const int Scale = 3;
            var result = new double[x.Length];
            foreach (int i in PRange(x.Length))
            {
                float t = alpha * x[i];
                result[i] = Scale * (t + y[i]);
            }
            return result;
        }

        /// <summary>Throws at every index listed in <paramref name="throwAt"/>; the lowest one must surface.</summary>
        [ParallelKernel(ChunkSize = 1)]
        public static void ThrowAt(int[] data, int[] throwAt)
        {
            foreach (int i in PRange(data.Length))
            {
                if (System.Array.IndexOf(throwAt, i) >= 0)
                    throw new System.InvalidOperationException("iteration " + i);
                data[i] = i;
            }
        }
    }
}
