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
    /// exception, with the arrays large enough (over 1 MiB) that the prefetch really runs.
    /// </summary>
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

        private static string Generated(string kernel)
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            return run.GeneratedTrees.Select(t => t.ToString()).Single(t => t.Contains($"partial class P") && t.Contains($"void {kernel}Parallel("));
        }

        [Fact]
        public void An_inner_loop_reading_through_an_index_array_prefetches_and_the_report_says_so()
        {
            string csr = Generated("Csr");
            Assert.Contains("k++, global::KernelGen.KernelRuntime.PrefetchGather(x, col, k))", csr);
            Assert.Contains("//     note: prefetch: x[col[k]] (inner loop, line 12) fetched 48 iterations ahead when x is over 1 MiB", csr);
            Assert.Contains("++k, global::KernelGen.KernelRuntime.PrefetchGather(x, col, k))", Generated("Masked"));
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

        [Fact]
        public void Results_and_exceptions_are_the_serial_loops()
        {
            // x of 300,000 doubles (2.4 MB): over the 1 MiB the prefetch needs.
            const int Rows = 40_000, Columns = 300_000;
            var random = new Random(3);
            (int[] rowPtr, int[] col) = Matrix(Rows, Columns, 4);
            double[] values = col.Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] x = Enumerable.Range(0, Columns).Select(_ => random.NextDouble() * 10).ToArray();
            double[] serial = new double[Rows], parallel = new double[Rows];
            InMemory.Call(s_built.Value, "P", "Csr", rowPtr, col, values, x, serial);
            InMemory.Call(s_built.Value, "P", "CsrParallel", rowPtr, col, values, x, parallel);
            Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));

            // A column index past x near the end (the prefetch saw it 48 iterations early and did not throw): both
            // loops throw IndexOutOfRangeException.
            int[] bad = (int[])col.Clone();
            bad[^5] = Columns + 7;
            Assert.IsType<IndexOutOfRangeException>(Thrown(() => InMemory.Call(s_built.Value, "P", "Csr", rowPtr, bad, values, x, new double[Rows])));
            Assert.IsType<IndexOutOfRangeException>(Thrown(() => InMemory.Call(s_built.Value, "P", "CsrParallel", rowPtr, bad, values, x, new double[Rows])));
        }

        [Fact]
        public void A_read_the_loop_never_makes_is_not_made_by_the_prefetch_either()
        {
            const int Rows = 40_000, Columns = 400_000; // x of 1.6 MB
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
        }

        [Fact]
        public void The_runtime_prefetch_never_throws()
        {
            double[] large = new double[1 << 18]; // 2 MiB
            int[] wild = { int.MinValue, -1, int.MaxValue, large.Length, 0 };
            foreach (int at in new[] { int.MinValue, -49, -48, -1, 0, 1, int.MaxValue - 47, int.MaxValue })
            {
                KernelRuntime.PrefetchGather(large, wild, at);
                KernelRuntime.PrefetchGather(large, Enumerable.Repeat(int.MaxValue, 100).ToArray(), at);
                KernelRuntime.PrefetchGather<double>(null!, wild, at);
                KernelRuntime.PrefetchGather(large, null!, at);
                KernelRuntime.PrefetchGather(new byte[10], wild, at);
            }
        }

        private static Exception? Thrown(Action action) => Record.Exception(action);
    }
}
