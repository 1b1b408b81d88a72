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

    /// <summary>
    /// A particle world as simulation code keeps one: the state in mutable Vector3[] fields of a class, stepped by an
    /// instance kernel. The loop assigns none of the fields (and nothing it calls does), so each is one array for the
    /// loop: the step reads them as float channels on vector lanes, like parameters.
    /// </summary>
    public sealed partial class ParticleWorld
    {
        private System.Numerics.Vector3[] _positions, _velocities, _forces;
        private float[] _inverseMass;
        public float Damping { get; set; } = 0.999f;

        public ParticleWorld(int n, int seed)
        {
            var random = new Random(seed);
            _positions = new System.Numerics.Vector3[n]; _velocities = new System.Numerics.Vector3[n]; _forces = new System.Numerics.Vector3[n]; _inverseMass = new float[n];
            for (int i = 0; i < n; i++)
            {
                _positions[i] = new System.Numerics.Vector3((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()) * 100;
                _velocities[i] = new System.Numerics.Vector3((float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f, 0);
                _forces[i] = new System.Numerics.Vector3(0, -9.81f, (float)random.NextDouble() - 0.5f);
                _inverseMass[i] = 1f / (1 + (float)random.NextDouble());
            }
        }

        /// <summary>The state, for comparing two worlds.</summary>
        public System.Numerics.Vector3[] Positions => _positions;
        public System.Numerics.Vector3[] Velocities => _velocities;

        [ParallelKernel]
        public void Integrate(float dt)
        {
            foreach (int i in PRange(_positions.Length))
            {
                _velocities[i] = _velocities[i] * Damping + _forces[i] * (_inverseMass[i] * dt);
                _positions[i] += _velocities[i] * dt;
            }
        }
    }
}
