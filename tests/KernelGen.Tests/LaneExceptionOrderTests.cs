using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A vector step runs each piece of lane-by-lane work for every lane before the next, so where two of them may throw
    /// different exceptions a later lane's could come first. Such steps keep the scalar body, and every kernel here throws
    /// what the serial loop throws (found by the pair fuzz: a row index out of range at lane 30 thrown before the serial
    /// loop's NullReferenceException at row 27).
    /// </summary>
    public class LaneExceptionOrderTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class E
            {
                // A row per iteration (fewer rows than iterations, or a null row): its length, then the row itself.
                [ParallelKernel(ChunkSize = 64, MinParallelTripCount = 1)]
                public static void RowLengths(float[][] rows, float[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        float acc = i;
                        float[] p = rows[i];
                        for (int d = 1; d < p.Length; d++)
                            acc += 0.5f;
                        r[i] = acc;
                    }
                }

                // A divisor that changes from lane to lane, then a gather.
                [ParallelKernel(MinParallelTripCount = 1)]
                public static void DivideThenGather(int[] d, int[] table, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        int k = 100 / d[i];
                        r[i] = table[k + i] * 3 + 1;
                    }
                }

                // ML.NET's min-max normalizer (NormalizeColumnDbl.cs) on a flat batch: the remainder by the feature count
                // throws in every lane or in none, before the gathers, so it keeps its vector body.
                [ParallelKernel(MinParallelTripCount = 1)]
                public static void MinMax(float[] data, int features, float[] min, float[] max)
                {
                    foreach (int i in PRange(data.Length))
                    {
                        int f = i % features;
                        float range = max[f] - min[f];
                        data[i] = range == 0 ? 0 : (data[i] - min[f]) / range;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_vector = new(() => InMemory.VectorLines(Source, "E"));

        [Fact]
        public void Steps_whose_lane_work_may_throw_different_exceptions_keep_the_scalar_body()
        {
            Assert.Contains("the lanes would not throw in iteration order", s_vector.Value("RowLengths"));
            Assert.Contains("the lanes would not throw in iteration order", s_vector.Value("DivideThenGather"));
            Assert.DoesNotContain("scalar body", s_vector.Value("MinMax"));
        }

        [Fact]
        public void Every_kernel_throws_what_the_serial_loop_throws()
        {
            var random = new Random(27);
            for (int trial = 0; trial < 300; trial++)
            {
                int n = random.Next(0, 70), length = random.Next(1, 5);
                float[][] rows = Enumerable.Range(0, Math.Max(0, n - (random.Next(4) == 0 ? 3 : 0)))
                    .Select(_ => random.Next(30) == 0 ? null! : new float[random.Next(4) == 0 ? length + 1 : length]).ToArray();
                Differential.Same(s_built.Value, "E", "RowLengths", rows, new float[n]);

                int[] d = Enumerable.Range(0, n).Select(_ => random.Next(40) == 0 ? 0 : random.Next(1, 60)).ToArray();
                int[] table = new int[random.Next(60, 180)];
                Differential.Same(s_built.Value, "E", "DivideThenGather", d, table, new int[n]);

                int features = random.Next(6) == 0 ? 0 : random.Next(1, 9);
                float[] data = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
                float[] min = new float[random.Next(3) == 0 ? Math.Max(0, features - 1) : features], max = min.Select(m => m + 1).ToArray();
                Differential.Same(s_built.Value, "E", "MinMax", data, features, min, max);
            }
        }
    }
}
