using System.Threading;
using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Counters
    {
        private static long s_total;

        private static bool IsPrime(int n)
        {
            if (n < 2) return false;
            for (int d = 2; d * d <= n; d++)
                if (n % d == 0) return false;
            return true;
        }

        /// <summary>Counts primes with Interlocked.Increment on a local: an atomic counter, exact after the loop.</summary>
        [ParallelKernel]
        public static int CountPrimes(int[] candidates)
        {
            int count = 0;
            foreach (int i in PRange(candidates.Length))
                if (IsPrime(candidates[i]))
                    Interlocked.Increment(ref count);
            return count;
        }

        /// <summary>Adds every size into a static running total with Interlocked.Add (the result unused: not a race).</summary>
        [ParallelKernel]
        public static void AddSizes(int[] sizes)
        {
            foreach (int i in PRange(sizes.Length))
                Interlocked.Add(ref s_total, sizes[i]);
        }

        public static long Total => Interlocked.Read(ref s_total);
    }
}
