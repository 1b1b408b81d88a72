using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static KernelGen.Kernel;

namespace KernelGen.Tests
{
    public class RuntimeTests
    {
        public static IEnumerable<object[]> Ranges() => new[]
        {
            new object[] { 0, 10, 1 }, new object[] { 0, 0, 1 }, new object[] { 5, 2, 1 }, new object[] { 0, 10, 3 },
            new object[] { 10, 0, -1 }, new object[] { 10, 0, -3 }, new object[] { -5, 5, 2 }, new object[] { 3, 3, -1 },
            new object[] { int.MaxValue - 5, int.MaxValue, 2 }, new object[] { int.MinValue + 5, int.MinValue, -2 },
        };

        [Theory, MemberData(nameof(Ranges))]
        public void PRange_iterates_like_the_for_loop(int start, int stop, int step)
        {
            var expected = new List<int>();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step) expected.Add((int)i);
            var actual = new List<int>();
            foreach (int i in PRange(start, stop, step)) actual.Add(i);
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count, PRange(start, stop, step).Count);

            var actual64 = new List<long>();
            foreach (long i in PRange((long)start, (long)stop, (long)step)) actual64.Add(i);
            Assert.Equal(expected.Select(i => (long)i), actual64);
        }

        [Fact]
        public void PRange_step_zero_throws_before_iterating()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => PRange(0, 10, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => PRange(0L, 10L, 0L));
        }

        [Fact]
        public void Trip_counts_do_not_overflow()
        {
            Assert.Equal((1L << 32) - 1, PRange(int.MinValue, int.MaxValue).Count);
            Assert.Equal(long.MaxValue, PRange(0, long.MaxValue).Count);
            Assert.Equal(2, PRange(long.MaxValue, long.MinValue, long.MinValue).Count); // long.MaxValue, then -1
            Assert.Equal(0, PRange(int.MaxValue, int.MinValue).Count);
            Assert.Throws<ArgumentOutOfRangeException>(() => PRange(long.MinValue, long.MaxValue).Count);
        }

        [Fact]
        public void Degree_of_parallelism_rejects_less_than_one_and_reads_the_environment()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => KernelRuntime.MaxDegreeOfParallelism = 0);
            string? old = Environment.GetEnvironmentVariable(KernelRuntime.NumThreadsVariable);
            try
            {
                Environment.SetEnvironmentVariable(KernelRuntime.NumThreadsVariable, "3");
                Assert.Equal(3, KernelRuntime.DefaultDegreeOfParallelism());
                Environment.SetEnvironmentVariable(KernelRuntime.NumThreadsVariable, "nonsense");
                Assert.Equal(Environment.ProcessorCount, KernelRuntime.DefaultDegreeOfParallelism());
            }
            finally { Environment.SetEnvironmentVariable(KernelRuntime.NumThreadsVariable, old); }
        }
    }
}
