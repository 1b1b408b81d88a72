using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Memory a span or a 1-D array may share with an array the race analysis took apart from it: a rectangular
    /// array (a caller's <c>MemoryMarshal.CreateSpan</c> over <c>grid[0, 0]</c>) and the rows of a jagged array (a row
    /// passed as the 1-D array it is, or as a span). All three ran in parallel with another result than the serial
    /// loop: the launch compared only 1-D arrays and spans. Now it compares their memory
    /// (<see cref="KernelRuntime.ArrayOverlaps{TElem, TView}"/>, <see cref="KernelRuntime.RowsOverlap{TRow, TView}"/>)
    /// and the vector path's guard does the same for a rectangular array beside a span.
    /// </summary>
    public class MemoryViewTests
    {
        private const string Source = """
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class M
            {
                public delegate void GridFn(double[,] src, Span<double> dst, int rows, int cols);
                public delegate void RowsSpanFn(double[][] rows, ReadOnlySpan<double> scale, int cols);
                public delegate void FromRowFn(double[][] rows, double[] dst, int n);
                public delegate void FromRowSpanFn(double[][] rows, Span<float> dst, int n);

                // Each row of src, plus one, one element further on in dst.
                [ParallelKernel(ChunkSize = 2, MinParallelTripCount = 1)]
                public static void GridToSpan(double[,] src, Span<double> dst, int rows, int cols)
                {
                    foreach (int r in PRange(rows))
                        for (int c = 0; c < cols; c++)
                            dst[r * cols + c + 1] = src[r, c] + 1;
                }

                [ParallelKernel(ChunkSize = 2, MinParallelTripCount = 1)]
                public static void ScaleRows(double[][] rows, ReadOnlySpan<double> scale, int cols)
                {
                    foreach (int r in PRange(rows.Length))
                        for (int c = 0; c < cols; c++)
                            rows[r][c] = rows[r][c] * 0.5 + scale[c];
                }

                [ParallelKernel(ChunkSize = 5, MinParallelTripCount = 1)]
                public static void FromRow(double[][] rows, double[] dst, int n)
                {
                    foreach (int i in PRange(n))
                        dst[i] = rows[1][i + 1] * 0.5 + 1;
                }

                // A float span over a row of doubles' bytes.
                [ParallelKernel(ChunkSize = 5, MinParallelTripCount = 1)]
                public static void FromRowSpan(double[][] rows, Span<float> dst, int n)
                {
                    foreach (int i in PRange(n))
                        dst[i] = (float)rows[1][i] + 1;
                }

                // Rows of int read as uint: the same row objects after a cast through object.
                [ParallelKernel(ChunkSize = 2, MinParallelTripCount = 1)]
                public static void NextRow(int[][] dst, uint[][] src, int cols)
                {
                    foreach (int r in PRange(dst.Length - 1))
                        for (int c = 0; c < cols; c++)
                            dst[r][c] = (int)src[r + 1][c] + 1;
                }

                public delegate void NextRowFn(int[][] dst, uint[][] src, int cols);

                public static int[][] NextRowInPlace(int[][] rows, bool parallel)
                {
                    var view = new uint[rows.Length][];
                    for (int r = 0; r < rows.Length; r++) view[r] = (uint[])(object)rows[r];
                    if (parallel) NextRow(rows, view, rows[0].Length);
                    else { NextRowFn serial = NextRow; serial(rows, view, rows[0].Length); }
                    return rows;
                }

                // Rows one per lane, tiled per step (whole-vector reads in the inner loop).
                [ParallelKernel]
                public static void MatVec(double[][] a, double[] x, double[] y)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        double s = 0;
                        double[] row = a[i];
                        for (int j = 0; j < x.Length; j++) s += row[j] * x[j];
                        y[i] = s;
                    }
                }

                public delegate void MatVecFn(double[][] a, double[] x, double[] y);

                // The output is one of the rows: rows after it read what the iterations before stored.
                public static double[][] MatVecIntoRow(double[][] a, double[] x, int k, bool parallel)
                {
                    if (parallel) MatVec(a, x, a[k]);
                    else { MatVecFn serial = MatVec; serial(a, x, a[k]); }
                    return a;
                }

                public static Span<double> Elements(double[,] grid) =>
                    MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(grid)), grid.Length);

                // The grid through its own span: serially (a delegate: not intercepted) or through the intercepted call.
                public static double[,] GridInPlace(double[,] grid, bool parallel)
                {
                    int rows = grid.GetLength(0) - 1, cols = grid.GetLength(1);
                    if (parallel) GridToSpan(grid, Elements(grid), rows, cols);
                    else { GridFn serial = GridToSpan; serial(grid, Elements(grid), rows, cols); }
                    return grid;
                }

                public static double[][] ScaleByRow(double[][] rows, int k, bool parallel)
                {
                    if (parallel) ScaleRows(rows, rows[k], rows[k].Length);
                    else { RowsSpanFn serial = ScaleRows; serial(rows, rows[k], rows[k].Length); }
                    return rows;
                }

                public static double[][] ShiftRow(double[][] rows, bool parallel)
                {
                    int n = rows[1].Length - 1;
                    if (parallel) FromRow(rows, rows[1], n);
                    else { FromRowFn serial = FromRow; serial(rows, rows[1], n); }
                    return rows;
                }

                public static double[][] RowAsFloats(double[][] rows, bool parallel)
                {
                    Span<float> view = MemoryMarshal.Cast<double, float>(rows[1].AsSpan());
                    int n = rows[1].Length;
                    if (parallel) FromRowSpan(rows, view, n);
                    else { FromRowSpanFn serial = FromRowSpan; serial(rows, view, n); }
                    return rows;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source, unsafeCode: true));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "M", unsafeCode: true));

        private static double[,] Grid(int rows, int cols, int seed)
        {
            var random = new Random(seed);
            var grid = new double[rows, cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) grid[r, c] = random.Next(0, 1000);
            return grid;
        }

        private static double[][] Jagged(int rows, int cols, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, cols).Select(_ => (double)random.Next(0, 1000)).ToArray()).ToArray();
        }

        private static void SameBits(double[][] expected, double[][] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int r = 0; r < expected.Length; r++)
                Assert.Equal(expected[r].Select(BitConverter.DoubleToInt64Bits), actual[r].Select(BitConverter.DoubleToInt64Bits));
        }

        [Fact]
        public void A_span_over_a_rectangular_array_keeps_the_serial_order()
        {
            foreach ((int rows, int cols) in new[] { (3, 5), (9, 33), (40, 64) })
            {
                var serial = (double[,])InMemory.Call(s_built.Value, "M", "GridInPlace", Grid(rows, cols, rows), false)!;
                var parallel = (double[,])RuntimeSettings.Reversed(2, () => InMemory.Call(s_built.Value, "M", "GridInPlace", Grid(rows, cols, rows), true))!;
                Assert.Equal(serial.Cast<double>(), parallel.Cast<double>());
            }
            string grid = InMemory.Section(s_generated.Value("GridToSpan"));
            Assert.Contains("runs serially when dst overlaps the elements of src", grid);
            // The launch and the vector guard (its scalar loop keeps the chain dst[k + 1] = dst[k] + 1 in order).
            Assert.Contains("minParallelTrips: (global::KernelGen.KernelRuntime.ArrayOverlaps<double, double>(src, (global::System.ReadOnlySpan<double>)dst)", grid);
            Assert.Contains("&& !global::KernelGen.KernelRuntime.ArrayOverlaps<double, double>(src, (global::System.ReadOnlySpan<double>)dst)", grid);
        }

        [Fact]
        public void Without_the_launch_check_the_span_over_the_grid_gives_another_result()
        {
            const string check = "global::KernelGen.KernelRuntime.ArrayOverlaps<double, double>(src, (global::System.ReadOnlySpan<double>)dst)";
            Assembly mutant = InMemory.BuildMutant(Source, check, "false", unsafeCode: true);
            var serial = (double[,])InMemory.Call(s_built.Value, "M", "GridInPlace", Grid(40, 64, 7), false)!;
            var parallel = (double[,])RuntimeSettings.Reversed(2, () => InMemory.Call(mutant, "M", "GridInPlace", Grid(40, 64, 7), true))!;
            Assert.NotEqual(serial.Cast<double>(), parallel.Cast<double>());
            // With the launch check but not the vector guard: the loop runs on this thread, and its vector steps read a
            // row of src before they store into it.
            Assembly noGuard = InMemory.BuildMutant(Source, "&& !" + check, "&& true", unsafeCode: true);
            parallel = (double[,])InMemory.Call(noGuard, "M", "GridInPlace", Grid(40, 64, 7), true)!;
            Assert.NotEqual(serial.Cast<double>(), parallel.Cast<double>());
        }

        [Fact]
        public void A_row_of_a_jagged_array_as_a_span_or_an_array_keeps_the_serial_order()
        {
            foreach (int k in new[] { 0, 5, 11 })
            {
                var serial = (double[][])InMemory.Call(s_built.Value, "M", "ScaleByRow", Jagged(12, 37, k), k, false)!;
                var parallel = (double[][])RuntimeSettings.Reversed(2, () => InMemory.Call(s_built.Value, "M", "ScaleByRow", Jagged(12, 37, k), k, true))!;
                SameBits(serial, parallel);
            }
            foreach (int cols in new[] { 2, 30, 301 })
            {
                var serial = (double[][])InMemory.Call(s_built.Value, "M", "ShiftRow", Jagged(3, cols, cols), false)!;
                var parallel = (double[][])RuntimeSettings.Reversed(5, () => InMemory.Call(s_built.Value, "M", "ShiftRow", Jagged(3, cols, cols), true))!;
                SameBits(serial, parallel);
                serial = (double[][])InMemory.Call(s_built.Value, "M", "RowAsFloats", Jagged(3, cols, cols), false)!;
                parallel = (double[][])RuntimeSettings.Reversed(5, () => InMemory.Call(s_built.Value, "M", "RowAsFloats", Jagged(3, cols, cols), true))!;
                SameBits(serial, parallel);
            }
            Assert.Contains("runs serially when scale is (or overlaps) a row of rows", InMemory.Section(s_generated.Value("ScaleRows")));
            Assert.Contains("runs serially when dst is (or overlaps) a row of rows", InMemory.Section(s_generated.Value("FromRow")));
            Assert.Contains("RowsOverlap<double, float>(rows, (global::System.ReadOnlySpan<float>)dst)", s_generated.Value("FromRowSpan"));
        }

        [Fact]
        public void Rows_read_as_another_integer_type_are_compared_with_the_rows_written()
        {
            int[][] Rows() => Enumerable.Range(0, 9).Select(r => Enumerable.Range(0, 17).Select(c => r * 100 + c).ToArray()).ToArray();
            var serial = (int[][])InMemory.Call(s_built.Value, "M", "NextRowInPlace", Rows(), false)!;
            var parallel = (int[][])RuntimeSettings.Reversed(2, () => InMemory.Call(s_built.Value, "M", "NextRowInPlace", Rows(), true))!;
            Assert.Equal(serial, parallel);
            Assert.Contains("or one is also reached through src", InMemory.Section(s_generated.Value("NextRow")));
            Assembly mutant = InMemory.BuildMutant(Source, "global::KernelGen.KernelRuntime.RowsDisjoint(src)", "true", unsafeCode: true);
            Assert.NotEqual(serial, (int[][])RuntimeSettings.Reversed(2, () => InMemory.Call(mutant, "M", "NextRowInPlace", Rows(), true))!);
        }

        [Fact]
        public void A_tiled_row_that_is_the_output_keeps_the_chunk_off_the_vector_path()
        {
            double[] x = Enumerable.Range(0, 40).Select(c => (double)(c % 5 - 2)).ToArray();
            foreach (int k in new[] { 0, 5, 17, 39 })
            {
                var serial = (double[][])InMemory.Call(s_built.Value, "M", "MatVecIntoRow", Jagged(40, 40, k), x, k, false)!;
                var parallel = (double[][])InMemory.Call(s_built.Value, "M", "MatVecIntoRow", Jagged(40, 40, k), x, k, true)!;
                SameBits(serial, parallel);
            }
            string matVec = s_generated.Value("MatVec");
            Assert.Contains("tiled per step", InMemory.VectorLine(matVec));
            const string guard = "!global::KernelGen.KernelRuntime.RowsHold(a, y, __kg_x, __kg_xend)";
            Assert.Contains(guard, matVec);
            // Without the vector path's check (the launch still runs the chunks in order on one thread): the tile is stale.
            Assembly mutant = InMemory.BuildMutant(Source, guard, "true", unsafeCode: true);
            var expected = (double[][])InMemory.Call(s_built.Value, "M", "MatVecIntoRow", Jagged(40, 40, 5), x, 5, false)!;
            Assert.NotEqual(expected[5], ((double[][])InMemory.Call(mutant, "M", "MatVecIntoRow", Jagged(40, 40, 5), x, 5, true)!)[5]);
        }

        [Fact]
        public void Without_the_row_check_a_written_row_read_through_the_rows_gives_another_result()
        {
            const string check = "global::KernelGen.KernelRuntime.RowsHold(rows, dst)";
            Assembly mutant = InMemory.BuildMutant(Source, check, "false", unsafeCode: true);
            var serial = (double[][])InMemory.Call(s_built.Value, "M", "ShiftRow", Jagged(3, 301, 1), false)!;
            var parallel = (double[][])RuntimeSettings.Reversed(5, () => InMemory.Call(mutant, "M", "ShiftRow", Jagged(3, 301, 1), true))!;
            Assert.NotEqual(serial[1], parallel[1]);
        }

        [Fact]
        public void The_memory_checks_find_every_overlap_and_only_those()
        {
            var grid = new double[4, 5];
            ref double first = ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(grid));
            Span<double> all = MemoryMarshal.CreateSpan(ref first, grid.Length);
            Assert.True(KernelRuntime.ArrayOverlaps<double, double>(grid, all));
            Assert.True(KernelRuntime.ArrayOverlaps<double, double>(grid, all[19..]));
            Assert.True(KernelRuntime.ArrayOverlaps<double, byte>(grid, MemoryMarshal.AsBytes(all)[159..]));
            Assert.False(KernelRuntime.ArrayOverlaps<double, double>(grid, all[20..]));
            Assert.False(KernelRuntime.ArrayOverlaps<double, double>(grid, new double[20]));
            Assert.False(KernelRuntime.ArrayOverlaps<double, double>(null, all));
            Assert.False(KernelRuntime.ArrayOverlaps<double, double>(new double[0, 3], all));
            // A view that starts before the array and reaches into it.
            var wide = new double[30];
            var start = MemoryMarshal.CreateSpan(ref wide[0], 30);
            Assert.True(KernelRuntime.ArrayOverlaps<double, double>(wide, start[..1]));

            var rows = new[] { new double[3], null, new double[4] };
            Assert.True(KernelRuntime.RowsOverlap<double, double>(rows, rows[2]));
            Assert.True(KernelRuntime.RowsOverlap<double, int>(rows, MemoryMarshal.Cast<double, int>(rows[0].AsSpan(2))));
            Assert.False(KernelRuntime.RowsOverlap<double, double>(rows, new double[3]));
            Assert.False(KernelRuntime.RowsOverlap<double, double>(rows, rows[2].AsSpan(4)));
            Assert.False(KernelRuntime.RowsOverlap<double, double>(null, rows[2]));
            Assert.True(KernelRuntime.RowsHold(rows, rows[2]));
            Assert.True(KernelRuntime.RowsHold(rows, rows[2], 2, 3));
            Assert.False(KernelRuntime.RowsHold(rows, rows[2], 0, 2));
            Assert.False(KernelRuntime.RowsHold(rows, new double[4]));
            Assert.False(KernelRuntime.RowsHold(rows, null));
            Assert.False(KernelRuntime.RowsHold<double>(null, rows[0]));
            Assert.True(KernelRuntime.RowsOverlap(rows, rows[0].AsSpan(1), -5, 1));
            Assert.False(KernelRuntime.RowsOverlap(rows, rows[0].AsSpan(1), 1, 99));
        }
    }
}
