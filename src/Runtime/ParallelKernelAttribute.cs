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

        /// <summary>
        /// Allows floating-point reassociation: a sum or dot product accumulated in a local of the loop body
        /// (<c>double s = 0; for (int j …) s += a[i, j] * x[j];</c>) runs on vector accumulators, so its last bits may
        /// differ from the serial loop's, within the contract of docs/fastmath.md (the error of any summation order);
        /// and Math.Exp/Log/Sin/Cos/Tan (MathF's too) run as vector functions within 2 ULP of Math's result (Tan: 4; 1 ULP of MathF's).
        /// False by default: then every element the kernel computes is bitwise the serial one.
        /// </summary>
        public bool FastMath { get; set; }
    }
}
