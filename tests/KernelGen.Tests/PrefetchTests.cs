using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Software prefetch of reads through an index array in scalar inner loops (Frontend/Prefetches.cs,
    /// KernelRuntime.PrefetchGather): where it is put, what the report says, and that it changes no result and no
    /// exception, with the prefetch forced on (<see cref="KernelRuntime.PrefetchGatherAbove"/> 0) and off.
    /// </summary>
    [Collection("PrefetchThreshold")] // tests here set KernelRuntime.PrefetchGatherAbove, a process-wide setting
    public class PrefetchTests
    {
        // Sparse matrix-vector products as sparse libraries write them (the CSR loop of MathNet.Numerics'
        // SparseCompressedRowMatrixStorage and of SciPy's csr_matvec, in our own words), one with a row mask.
        private const string Source = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class P
            {
                [ParallelKernel]
                public static void Csr(int[] rowPtr, int[] col, double[] values, double[] x, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                            sum += values[k] * x[col[k]];
                        y[row] = sum;
                    }
                }

                [ParallelKernel]
                public static void Masked(int[] rowPtr, int[] col, float[] x, bool[] use, float[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        float sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; ++k)
                        {
                            if (use[row]) sum += x[col[k]];
                        }
                        y[row] = sum;
                    }
                }

                // The limit read into a local first, as hand-tuned code does.
                [ParallelKernel]
                public static void HandHoisted(int[] rowPtr, int[] col, double[] values, double[] x, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        int end = rowPtr[row + 1];
                        for (int k = rowPtr[row]; k < end; k++)
                            sum += values[k] * x[col[k]];
                        y[row] = sum;
                    }
                }

                // Counts its non-zeros in an int array as it goes: the limit may change (InvariantLimits), so the
                // prefetch stays after each iteration.
                [ParallelKernel]
                public static void Counted(int[] rowPtr, int[] col, double[] x, int[] counts, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                        {
                            sum += x[col[k]];
                            counts[row]++;
                        }
                        y[row] = sum;
                    }
                }

                [ParallelKernel]
                public static void EveryOther(int[] rowPtr, int[] col, double[] x, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k += 2)
                            sum += x[col[k]];
                        y[row] = sum;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        /// <summary>Runs <paramref name="action"/> with <see cref="KernelRuntime.PrefetchGatherAbove"/> set to <paramref name="above"/> (0: the prefetch runs for arrays of any size).</summary>
        private static void Prefetching(long above, Action action)
        {
            long before = KernelRuntime.PrefetchGatherAbove;
            try
            {
                KernelRuntime.PrefetchGatherAbove = above;
                action();
            }
            finally { KernelRuntime.PrefetchGatherAbove = before; }
        }

        private static string Generated(string kernel)
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            return run.GeneratedTrees.Select(t => t.ToString()).Single(t => t.Contains($"partial class P") && t.Contains($"void {kernel}Parallel("));
        }

        [Fact]
        public void An_inner_loop_reading_through_an_index_array_prefetches_and_the_report_says_so()
        {
            // Where the limit is read once (InvariantLimits), the prefetch for the whole loop is made as it is read.
            string csr = Generated("Csr");
            Assert.Contains("for (int k = rowPtr[row], __kg_limit0 = global::KernelGen.KernelRuntime.PrefetchGathers(x, col, k, rowPtr[row + 1]); k < __kg_limit0; k++)", csr);
            Assert.Contains("//     note: prefetch: x[col[k]] (inner loop, line 12), 48 iterations ahead, fetched for the whole loop as it starts (when the array is over KernelRuntime.PrefetchGatherAbove bytes)", csr);
            Assert.Contains("__kg_limit0 = global::KernelGen.KernelRuntime.PrefetchGathers(x, col, k, rowPtr[row + 1]); k < __kg_limit0; ++k)", Generated("Masked"));
            Assert.Contains("for (int k = rowPtr[row], __kg_limit0 = global::KernelGen.KernelRuntime.PrefetchGathers(x, col, k, end); k < __kg_limit0; k++)", Generated("HandHoisted"));
            // Where it is not, after each iteration.
            string counted = Generated("Counted");
            Assert.Contains("for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++, global::KernelGen.KernelRuntime.PrefetchGather(x, col, k))", counted);
            Assert.Contains("//     note: prefetch: x[col[k]] (inner loop, line 54) fetched 48 iterations ahead (when the array is over KernelRuntime.PrefetchGatherAbove bytes)", counted);
            // A counter that steps by two is not the pattern: the call would fetch the wrong slots.
            Assert.DoesNotContain("PrefetchGather", Generated("EveryOther"));
        }

        /// <summary>A random CSR matrix: rows of 3-12 sorted random columns over <paramref name="columns"/>.</summary>
        private static (int[] RowPtr, int[] Col) Matrix(int rows, int columns, int seed)
        {
            var random = new Random(seed);
            int[] rowPtr = new int[rows + 1];
            for (int r = 0; r < rows; r++) rowPtr[r + 1] = rowPtr[r] + random.Next(3, 13);
            int[] col = new int[rowPtr[rows]];
            for (int r = 0; r < rows; r++)
            {
                for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) col[k] = random.Next(columns);
                Array.Sort(col, rowPtr[r], rowPtr[r + 1] - rowPtr[r]);
            }
            return (rowPtr, col);
        }

        [Theory]
        [InlineData(0L)] // the prefetch on for x of any size
        [InlineData(long.MaxValue)] // off
        public void Results_and_exceptions_are_the_serial_loops(long prefetchAbove) => Prefetching(prefetchAbove, () =>
        {
            const int Rows = 40_000, Columns = 300_000;
            var random = new Random(3);
            (int[] rowPtr, int[] col) = Matrix(Rows, Columns, 4);
            double[] values = col.Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] x = Enumerable.Range(0, Columns).Select(_ => random.NextDouble() * 10).ToArray();
            foreach (string kernel in new[] { "Csr", "HandHoisted" })
            {
                double[] serial = new double[Rows], parallel = new double[Rows];
                InMemory.Call(s_built.Value, "P", kernel, rowPtr, col, values, x, serial);
                InMemory.Call(s_built.Value, "P", kernel + "Parallel", rowPtr, col, values, x, parallel);
                Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));

                // A column index past x near the end (the prefetch saw it 48 iterations early and did not throw): both
                // loops throw IndexOutOfRangeException.
                int[] bad = (int[])col.Clone();
                bad[^5] = Columns + 7;
                Assert.IsType<IndexOutOfRangeException>(Thrown(() => InMemory.Call(s_built.Value, "P", kernel, rowPtr, bad, values, x, new double[Rows])));
                Assert.IsType<IndexOutOfRangeException>(Thrown(() => InMemory.Call(s_built.Value, "P", kernel + "Parallel", rowPtr, bad, values, x, new double[Rows])));
            }
            {
                double[] serial = new double[Rows], parallel = new double[Rows];
                int[] serialCounts = new int[Rows], parallelCounts = new int[Rows];
                InMemory.Call(s_built.Value, "P", "Counted", rowPtr, col, x, serialCounts, serial);
                InMemory.Call(s_built.Value, "P", "CountedParallel", rowPtr, col, x, parallelCounts, parallel);
                Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));
                Assert.Equal(serialCounts, parallelCounts);
            }
        });

        [Fact]
        public void A_read_the_loop_never_makes_is_not_made_by_the_prefetch_either() => Prefetching(0, () =>
        {
            const int Rows = 40_000, Columns = 400_000;
            (int[] rowPtr, int[] col) = Matrix(Rows, Columns, 5);
            var random = new Random(6);
            float[] x = Enumerable.Range(0, Columns).Select(_ => (float)random.NextDouble()).ToArray();
            bool[] use = Enumerable.Range(0, Rows).Select(_ => random.Next(3) == 0).ToArray();
            float[] serial = new float[Rows], parallel = new float[Rows];
            InMemory.Call(s_built.Value, "P", "Masked", rowPtr, col, x, use, serial);
            InMemory.Call(s_built.Value, "P", "MaskedParallel", rowPtr, col, x, use, parallel);
            Assert.Equal(serial, parallel);
            // No row used: the serial loop never reads x, so a null x throws nowhere.
            bool[] none = new bool[Rows];
            InMemory.Call(s_built.Value, "P", "Masked", rowPtr, col, null, none, serial);
            InMemory.Call(s_built.Value, "P", "MaskedParallel", rowPtr, col, null, none, parallel);
            Assert.All(parallel, v => Assert.Equal(0f, v));
        });

        [Fact]
        public void The_runtime_prefetch_never_throws() => Prefetching(0, () =>
        {
            double[] large = new double[1 << 18];
            int[] wild = { int.MinValue, -1, int.MaxValue, large.Length, 0 };
            int[] edges = { int.MinValue, -49, -48, -1, 0, 1, 3, 100, int.MaxValue - 47, int.MaxValue };
            foreach (int at in edges)
            {
                KernelRuntime.PrefetchGather(large, wild, at);
                KernelRuntime.PrefetchGather(large, Enumerable.Repeat(int.MaxValue, 100).ToArray(), at);
                KernelRuntime.PrefetchGather<double>(null!, wild, at);
                KernelRuntime.PrefetchGather(large, null!, at);
                KernelRuntime.PrefetchGather(new byte[10], wild, at);
                foreach (int limit in edges)
                {
                    // The whole-loop form returns the limit, whatever it is given.
                    Assert.Equal(limit, KernelRuntime.PrefetchGathers(large, wild, at, limit));
                    Assert.Equal(limit, KernelRuntime.PrefetchGathers<double>(null!, wild, at, limit));
                    Assert.Equal(limit, KernelRuntime.PrefetchGathers(large, null!, at, limit));
                }
            }
        });

        [Fact]
        public void The_threshold_is_a_setting_with_a_default_from_the_caches()
        {
            long largest = KernelRuntime.LargestCacheBytes();
            if (Environment.GetEnvironmentVariable(KernelRuntime.PrefetchGatherVariable) is null)
                Assert.Equal(largest > 0 ? largest / 3 : 1L << 20, KernelRuntime.DefaultPrefetchGatherAbove());
            Assert.Throws<ArgumentOutOfRangeException>(() => KernelRuntime.PrefetchGatherAbove = -1);
        }

        private static Exception? Thrown(Action action) => Record.Exception(action);
    }
}
