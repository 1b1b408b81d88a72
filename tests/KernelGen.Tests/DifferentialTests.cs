using System;
using System.Linq;
using KernelGen.Samples;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>Parallel results equal serial results, bitwise, for every sample kernel and every kind of range.</summary>
    public class DifferentialTests
    {
        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 7, 8, 9, 1000, 100_003 };

        private static double[] RandomDoubles(int n, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 200 - 100).ToArray();
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Seed_map_worker(int n)
        {
            var random = new Random(n);
            int[] numbers = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
            long[] serial = new long[n], parallel = new long[n];
            SeedKernels.MapWorker(numbers, serial); // another assembly: not intercepted, the serial original
            SeedKernels.MapWorkerParallel(numbers, parallel);
            Assert.Equal(serial, parallel);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Seed_parallel_square(int n)
        {
            double[] values = RandomDoubles(n, n);
            double[] serial = new double[n], parallel = new double[n];
            SeedKernels.ParallelSquare(values, serial);
            SeedKernels.ParallelSquareParallel(values, parallel);
            Assert.Equal(serial, parallel);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Seed_parallel_add(int n)
        {
            double[] a = RandomDoubles(n, n), b = RandomDoubles(n, n + 1);
            Assert.Equal(SeedKernels.ParallelAdd(a, b), SeedKernels.ParallelAddParallel(a, b));
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Saxpy_with_private_temporary_and_constant(int n)
        {
            var random = new Random(n);
            float[] x = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            float[] y = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            Func<float, float[], float[], double[]> serial = TestKernels.Saxpy; // a delegate is never intercepted
            Assert.Equal(serial(1.5f, x, y), TestKernels.Saxpy(1.5f, x, y));
        }

        [Theory]
        [InlineData(1), InlineData(2), InlineData(3), InlineData(-1), InlineData(-2)]
        public void Steps_and_empty_ranges(int step)
        {
            Action<int[], int, int, int> serial = TestKernels.StepFill;
            Action<long[], long, long, long> serial64 = TestKernels.StepFill64;
            foreach (int n in new[] { 0, 1, 2, 7, 8, 9, 1000, 100_003 })
            {
                foreach ((int start, int stop) in new[] { (0, n), (n, 0), (-n / 2, n / 3), (n / 3, -n / 2), (5, 5) })
                {
                    int count = (int)Kernel.PRange(start, stop, step).Count;
                    int[] expected = Enumerable.Repeat(-1, count + 1).ToArray(), actual = (int[])expected.Clone();
                    serial(expected, start, stop, step);
                    TestKernels.StepFill(actual, start, stop, step);
                    Assert.Equal(expected, actual);
                    Assert.Equal(-1, actual[count]); // nothing written past the range

                    long[] expected64 = Enumerable.Repeat(-1L, count + 1).ToArray(), actual64 = (long[])expected64.Clone();
                    serial64(expected64, start, stop, step);
                    TestKernels.StepFill64(actual64, start, stop, step);
                    Assert.Equal(expected64, actual64);
                }
            }
        }

        [Fact]
        public void Step_zero_throws_like_the_serial_loop_before_any_work()
        {
            int[] r = { -1, -1 };
            Assert.Throws<ArgumentOutOfRangeException>(() => TestKernels.StepFill(r, 0, 2, 0));
            Assert.Equal(new[] { -1, -1 }, r);
        }

        [Fact]
        public void Calls_in_the_project_are_intercepted()
        {
            int[] flags = new int[10_000];
            TestKernels.Probe(flags); // intercepted: runs inside the parallel runtime
            Assert.All(flags, f => Assert.Equal(1, f));
            Action<int[]> serial = TestKernels.Probe; // a delegate reaches the serial original
            serial(flags);
            Assert.All(flags, f => Assert.Equal(0, f));
        }

        [Fact]
        public void The_lowest_failing_iteration_surfaces_as_its_own_exception()
        {
            int[] data = new int[1000];
            for (int run = 0; run < 20; run++)
            {
                var e = Assert.Throws<InvalidOperationException>(() => TestKernels.ThrowAt(data, new[] { 977, 411, 412, 998 }));
                Assert.Equal("iteration 411", e.Message);
                Assert.Contains(nameof(TestKernels.ThrowAt), e.StackTrace);
            }
        }
    }
}
