using System;
using System.Threading;
using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class LongRunning
    {
        /// <summary>A long simulation step: the token is checked before each chunk, progress reported after each.</summary>
        [ParallelKernel]
        public static void Simulate(double[] state, double dt, CancellationToken cancellationToken, IProgress<long> progress)
        {
            foreach (int i in PRange(state.Length))
                state[i] = state[i] + dt * Math.Sin(state[i]);
        }
    }
}
