using System;

namespace KernelGen
{
    /// <summary>
    /// Marks a static method as a parallel kernel. The method as written stays the serial reference; at compile
    /// time KernelGen generates a parallel version of each outermost <c>foreach (int i in PRange(...))</c> loop in
    /// it and redirects (intercepts) the calls in the project to that version.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class ParallelKernelAttribute : Attribute
    {
        /// <summary>
        /// Iterations per chunk. 0 (the default) lets the cost model choose.
        /// </summary>
        public int ChunkSize { get; set; }

        /// <summary>
        /// Loops with fewer iterations than this run serially on the calling thread. 0 (the default) lets the
        /// cost model choose.
        /// </summary>
        public int MinParallelTripCount { get; set; }

        /// <summary>
        /// Split loops into chunks independently of the degree of parallelism, so floating-point reductions give
        /// bitwise-identical results whatever <see cref="KernelRuntime.MaxDegreeOfParallelism"/> is (on one machine:
        /// vectorized sums follow the widest vector the hardware accelerates). False by default.
        /// </summary>
        public bool Deterministic { get; set; }
    }
}
