using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Counting (<c>s++</c>, in branches too) and int/long min/max reductions on vector accumulators: exact, the
    /// same as the serial loop at every size and tail.
    /// </summary>
    public class ReductionVectorTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
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

                [ParallelKernel]
                public static (long Count, long Low, long High) Wide(long[] a, long t, int start, int stop)
                {
                    long count = 10, low = long.MaxValue - 1, high = 0;
                    foreach (int i in PRange(start, stop))
                    {
                        --count;
                        if (a[i + 1] < t) { low = Math.Min(a[i + 1] * 3, low); } else { ++count; count++; high = Math.Max(high, a[i - 1] - t); }
                    }
                    return (count, low, high);
                }
            }
            """;

        private static readonly Lazy<Assembly> s_assembly = new(() => InMemory.Build(Source));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 1000, 100_003 };

        [Theory, MemberData(nameof(Sizes))]
        public void Count_min_max_are_exact(int n)
        {
            var random = new Random(n);
            int[] a = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
            Assert.Equal(InMemory.Call(s_assembly.Value, "S", "Stats", a), InMemory.Call(s_assembly.Value, "S", "StatsParallel", a));

            long[] b = Enumerable.Range(0, n + 2).Select(_ => random.NextInt64(long.MinValue / 4, long.MaxValue / 4)).ToArray();
            Assert.Equal(InMemory.Call(s_assembly.Value, "S", "Wide", b, 17L, 1, n + 1), InMemory.Call(s_assembly.Value, "S", "WideParallel", b, 17L, 1, n + 1));
        }

        [Fact]
        public void Report_says_the_accumulators_are_vectors()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("vector: Vector512/Vector256/Vector128<int> (widest the hardware accelerates), one PRange iteration per lane, interleave 4, if/else on lane masks, scalar tail; vector accumulators for positives (sum), min (min), max (max)", text);
            Assert.Contains("vector accumulators for count (sum), low (min), high (max)", text);
        }
    }
}
