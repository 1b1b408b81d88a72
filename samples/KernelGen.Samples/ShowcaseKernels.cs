using System;
using KernelGen;
using static KernelGen.Kernel;

namespace KernelGen.Samples
{
    /// <summary>Kernels that show SIMD chunk bodies and reductions (see the generated report of each).</summary>
    public static partial class ShowcaseKernels
    {
        /// <summary>c = a + b over floats: a vector body (Vector512/256/128 by hardware) with a scalar tail.</summary>
        [ParallelKernel]
        public static void AddF32(float[] a, float[] b, float[] c)
        {
            foreach (int i in PRange(a.Length))
                c[i] = a[i] + b[i];
        }

        /// <summary>Sum of floats: a sum reduction, vectorized with four accumulators per chunk.</summary>
        [ParallelKernel]
        public static float SumF32(float[] a)
        {
            float sum = 0;
            foreach (int i in PRange(a.Length))
                sum += a[i];
            return sum;
        }

        /// <summary>20 steps of x = x*x/2 + 1/4 per element: the inner loop runs per vector of elements (outer-loop vectorization).</summary>
        [ParallelKernel]
        public static void Poly20(float[] a, float[] r)
        {
            foreach (int i in PRange(a.Length))
            {
                float x = a[i];
                for (int k = 0; k < 20; k++)
                    x = x * x * 0.5f + 0.25f;
                r[i] = x;
            }
        }

        /// <summary>Dot product; Deterministic: the same bits whatever the number of threads.</summary>
        [ParallelKernel(Deterministic = true)]
        public static double Dot(double[] a, double[] b)
        {
            double dot = 0;
            foreach (int i in PRange(a.Length))
                dot += a[i] * b[i];
            return dot;
        }

        /// <summary>Several reductions in one loop: count, min and max stay scalar per chunk (exact).</summary>
        [ParallelKernel]
        public static (int Positives, int Min, int Max) Stats(int[] a)
        {
            int positives = 0, min = int.MaxValue, max = int.MinValue;
            foreach (int i in PRange(a.Length))
            {
                if (a[i] > 0) positives++;
                min = Math.Min(min, a[i]);
                max = Math.Max(max, a[i]);
            }
            return (positives, min, max);
        }

        /// <summary>
        /// One Euler step of particles held as an array of structs, in the copy, update, write-back idiom: the struct's
        /// four floats are read as interleaved channels of one float array (strided loads, one group store a particle).
        /// </summary>
        [ParallelKernel]
        public static void Step(Particle[] from, Particle[] to, float dt)
        {
            foreach (int i in PRange(from.Length))
            {
                Particle p = from[i];
                p.VY -= 9.81f * dt;
                p.X += p.VX * dt;
                p.Y += p.VY * dt;
                if (p.Y < 0) { p.Y = -p.Y; p.VY = -0.9f * p.VY; } // a bounce off the floor
                to[i] = p;
            }
        }
    }

    /// <summary>A particle of <see cref="ShowcaseKernels.Step"/>: position and velocity.</summary>
    public struct Particle { public float X, Y, VX, VY; }
}
