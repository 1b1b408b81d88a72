using System.Linq;
using Xunit;

namespace KernelGen.Tests.Harness
{
    /// <summary>Steady-state allocation checks of kernel calls (GC.GetAllocatedBytesForCurrentThread around each call).</summary>
    internal static class Allocations
    {
        /// <summary>The calling thread's allocated bytes in each of <paramref name="calls"/> calls of <paramref name="call"/>.</summary>
        public static long[] PerCall(System.Action call, int calls = 20)
        {
            var perCall = new long[calls];
            for (int i = 0; i < calls; i++)
            {
                long before = System.GC.GetAllocatedBytesForCurrentThread();
                call();
                perCall[i] = System.GC.GetAllocatedBytesForCurrentThread() - before;
            }
            return perCall;
        }

        /// <summary>
        /// Zero bytes per call, with one exception allowed: the pool's job object for the kernel's body type (under
        /// 128 B) and its per-thread cursors (16 longs apart, one cache line each: 24 + threads × 128 B), made once,
        /// the first time the pool runs that kernel. While other work holds the pool or the back-off keeps calls
        /// serial, that first time can fall inside the measured calls. Anything made per call shows in every call.
        /// </summary>
        public static void AssertSteadyStateAllocatesNothing(long[] perCall, int threads)
        {
            long firstPoolUse = 128 + 24 + threads * 16L * sizeof(long);
            Assert.True(perCall.Count(b => b != 0) <= 1 && perCall.Sum() <= firstPoolUse,
                $"bytes per call: {string.Join(", ", perCall)} (allowed: once up to {firstPoolUse} B, the pool job at {threads} threads)");
        }
    }
}
