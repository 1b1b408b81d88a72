using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A rectangular array's row per lane (<c>a[i, j]</c> with i the PRange index, j an inner loop's counter), tiled per
    /// step like jagged rows: a matrix-vector product on <c>double[,]</c> had a scalar body ("it would gather 1 element
    /// lane by lane"), and its inner loop cannot take the lanes without reordering the sum. Each lane keeps its row's
    /// order of additions, so the results are bitwise the serial loop's. Shapes: mlnet-style dense layers and the
    /// textbook <c>y = A·x</c> (e.g. Math.NET's naive reference loop, written here in our own words).
    /// </summary>
    public class GridRowTileTests
    {
        private const string Source = """
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class G
            {
                [ParallelKernel]
                public static void MatVec(double[,] a, double[] x, double[] y)
                {
                    int n = a.GetLength(0), m = a.GetLength(1);
                    foreach (int i in PRange(n))
                    {
                        double s = 0;
                        for (int j = 0; j < m; j++) s += a[i, j] * x[j];
                        y[i] = s;
                    }
                }

                // A dense layer: weights w[o, k], a bias and a ReLU.
                [ParallelKernel]
                public static void Dense(float[,] w, float[] input, float[] bias, float[] output)
                {
                    foreach (int o in PRange(output.Length))
                    {
                        float s = bias[o];
                        for (int k = 0; k < input.Length; k++) s += w[o, k] * input[k];
                        output[o] = s > 0 ? s : 0;
                    }
                }

                // A long index over an int range (seed 933 of the random kernels): the tile takes int rows, so no tile, and
                // code that compiles (it passed the long index to TileRows: CS1503).
                [ParallelKernel]
                public static long Sums64(long[,] g, int[] r)
                {
                    long total = 0;
                    foreach (long i in PRange(r.Length))
                    {
                        for (int d = 0; d < g.GetLength(1); d++)
                        {
                            long t = g[i, d] * 3;
                        }
                        total += 2;
                    }
                    return total;
                }

                // A distance matrix: row i tiled, row j read alike by every lane, each distance stored lane by lane (a column).
                [ParallelKernel]
                public static void Distances(double[,] a, double[,] d)
                {
                    int n = a.GetLength(0), dim = a.GetLength(1);
                    foreach (int i in PRange(n))
                        for (int j = 0; j < n; j++)
                        {
                            double s = 0;
                            for (int k = 0; k < dim; k++) { double t = a[i, k] - a[j, k]; s += t * t; }
                            d[i, j] = Math.Sqrt(s);
                        }
                }

                // Row sums into row 1 of another grid: b may be a itself (then rows after the first read sums stored before).
                [ParallelKernel]
                public static void SumsDown(double[,] a, double[,] b)
                {
                    int n = a.GetLength(0), m = a.GetLength(1);
                    foreach (int i in PRange(n))
                    {
                        double s = 0;
                        for (int j = 0; j < m; j++) s += a[i, j];
                        b[1, i] = s;
                    }
                }

                // The output a span: over the grid itself, it lands in rows later iterations read.
                [ParallelKernel]
                public static void MatVecSpan(double[,] a, double[] x, Span<double> y, int n)
                {
                    int m = a.GetLength(1);
                    foreach (int i in PRange(n))
                    {
                        double s = 0;
                        for (int j = 0; j < m; j++) s += a[i, j] * x[j];
                        y[i] = s;
                    }
                }

                public delegate void DistancesFn(double[,] a, double[,] d);
                public delegate void MatVecFn(double[,] a, double[] x, double[] y);
                public delegate void DenseFn(float[,] w, float[] input, float[] bias, float[] output);
                public delegate void SumsFn(double[,] a, double[,] b);
                public delegate void SpanFn(double[,] a, double[] x, Span<double> y, int n);

                public static double[] RunMatVec(double[,] a, double[] x, bool parallel)
                {
                    var y = new double[a.GetLength(0)];
                    if (parallel) MatVec(a, x, y); else { MatVecFn serial = MatVec; serial(a, x, y); }
                    return y;
                }

                public static float[] RunDense(float[,] w, float[] input, float[] bias, bool parallel)
                {
                    var output = new float[w.GetLength(0)];
                    if (parallel) Dense(w, input, bias, output); else { DenseFn serial = Dense; serial(w, input, bias, output); }
                    return output;
                }

                public static double[,] RunDistances(double[,] a, bool parallel)
                {
                    var d = new double[a.GetLength(0), a.GetLength(0)];
                    if (parallel) Distances(a, d); else { DistancesFn serial = Distances; serial(a, d); }
                    return d;
                }

                public static double[,] RunSumsInPlace(double[,] a, bool parallel)
                {
                    if (parallel) SumsDown(a, a); else { SumsFn serial = SumsDown; serial(a, a); }
                    return a;
                }

                public static double[,] RunSpanInPlace(double[,] a, double[] x, int skipRows, bool parallel)
                {
                    int m = a.GetLength(1);
                    Span<double> all = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length);
                    Span<double> y = all.Slice(skipRows * m);
                    int n = Math.Min(a.GetLength(0), y.Length);
                    if (parallel) MatVecSpan(a, x, y, n); else { SpanFn serial = MatVecSpan; serial(a, x, y, n); }
                    return a;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source, unsafeCode: true));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "G", unsafeCode: true));

        private static T[,] Grid<T>(int rows, int cols, Random random, Func<Random, T> next)
        {
            var grid = new T[rows, cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) grid[r, c] = next(random);
            return grid;
        }

        // Sizes around the lane counts, and rows too long for the tile (the scalar loop runs them).
        private static readonly (int Rows, int Cols)[] s_sizes = { (0, 4), (1, 1), (7, 3), (33, 17), (100, 64), (64, 300), (19, 1100) };

        [Fact]
        public void Rectangular_rows_per_lane_give_the_serial_bits()
        {
            var random = new Random(71);
            foreach ((int rows, int cols) in s_sizes)
            {
                double[,] a = Grid(rows, cols, random, r => r.NextDouble() * 2 - 1);
                double[] x = Enumerable.Range(0, cols).Select(_ => random.NextDouble() * 4 - 2).ToArray();
                var serial = (double[])InMemory.Call(s_built.Value, "G", "RunMatVec", a, x, false)!;
                var parallel = (double[])InMemory.Call(s_built.Value, "G", "RunMatVec", a, x, true)!;
                Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));

                float[,] w = Grid(rows, cols, random, r => (float)(r.NextDouble() - 0.5));
                float[] input = Enumerable.Range(0, cols).Select(_ => (float)random.NextDouble()).ToArray();
                float[] bias = Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
                var denseSerial = (float[])InMemory.Call(s_built.Value, "G", "RunDense", w, input, bias, false)!;
                var denseParallel = (float[])InMemory.Call(s_built.Value, "G", "RunDense", w, input, bias, true)!;
                Assert.Equal(denseSerial.Select(BitConverter.SingleToInt32Bits), denseParallel.Select(BitConverter.SingleToInt32Bits));
            }
            Assert.Contains("rows of a tiled per step", InMemory.VectorLine(s_generated.Value("MatVec")));
            Assert.Contains("rows of w tiled per step", InMemory.VectorLine(s_generated.Value("Dense")));
        }

        [Fact]
        public void A_long_index_over_rows_compiles_and_matches_serial()
        {
            var random = new Random(74);
            foreach (int n in new[] { 0, 1, 9, 40 })
            {
                long[,] g = Grid(n, 7, random, r => r.NextInt64(-1000, 1000));
                Differential.Same(s_built.Value, "G", "Sums64", g, new int[n]);
            }
        }

        [Fact]
        public void A_distance_matrix_tiles_row_i_and_reads_row_j_alike_in_every_lane()
        {
            var random = new Random(73);
            foreach ((int rows, int dim) in new[] { (1, 3), (9, 5), (40, 24), (67, 1) })
            {
                double[,] a = Grid(rows, dim, random, r => r.Next(8) == 0 ? double.NaN : r.NextDouble() * 10 - 5);
                var serial = (double[,])InMemory.Call(s_built.Value, "G", "RunDistances", a, false)!;
                var parallel = (double[,])InMemory.Call(s_built.Value, "G", "RunDistances", a, true)!;
                Assert.Equal(serial.Cast<double>().Select(BitConverter.DoubleToInt64Bits), parallel.Cast<double>().Select(BitConverter.DoubleToInt64Bits));
            }
            // It was a scalar body: a[j, k] beside the tiled a[i, k] kept the grid off the tile.
            string line = InMemory.VectorLine(s_generated.Value("Distances"));
            Assert.Contains("rows of a tiled per step", line);
            Assert.Contains("lane by lane: stores at subscripts that are not consecutive", line);
        }

        [Fact]
        public void A_grid_that_is_not_zero_based_throws_as_the_serial_loop()
        {
            var a = (double[,])Array.CreateInstance(typeof(double), new[] { 20, 8 }, new[] { 1, 0 });
            var x = new double[8];
            var serial = Assert.ThrowsAny<Exception>(() => InMemory.Call(s_built.Value, "G", "RunMatVec", a, x, false));
            var parallel = Assert.ThrowsAny<Exception>(() => InMemory.Call(s_built.Value, "G", "RunMatVec", a, x, true));
            Assert.Equal(serial.GetType(), parallel.GetType());
        }

        [Fact]
        public void A_stored_grid_or_span_that_is_the_tiled_grid_keeps_the_serial_order()
        {
            var random = new Random(72);
            foreach ((int rows, int cols) in new[] { (9, 12), (40, 48), (70, 80) })
            {
                double[,] a = Grid(rows, cols, random, r => Math.Round(r.NextDouble() * 8));
                var serial = (double[,])InMemory.Call(s_built.Value, "G", "RunSumsInPlace", a.Clone(), false)!;
                var parallel = (double[,])InMemory.Call(s_built.Value, "G", "RunSumsInPlace", a.Clone(), true)!;
                Assert.Equal(serial.Cast<double>(), parallel.Cast<double>());

                double[] x = Enumerable.Range(0, cols).Select(_ => Math.Round(random.NextDouble() * 4)).ToArray();
                foreach (int skip in new[] { 0, 1, 4 })
                {
                    serial = (double[,])InMemory.Call(s_built.Value, "G", "RunSpanInPlace", a.Clone(), x, skip, false)!;
                    parallel = (double[,])InMemory.Call(s_built.Value, "G", "RunSpanInPlace", a.Clone(), x, skip, true)!;
                    Assert.Equal(serial.Cast<double>(), parallel.Cast<double>());
                }
            }
            string sums = s_generated.Value("SumsDown"), span = s_generated.Value("MatVecSpan");
            const string sameGrid = "!global::System.Object.ReferenceEquals(a, b)";
            const string spanOverRows = "!global::KernelGen.KernelRuntime.RowsOverlap(a, (global::System.ReadOnlySpan<double>)y, __kg_x, __kg_xend)";
            Assert.Contains(sameGrid, sums);
            Assert.Contains(spanOverRows, span);
            // Without the vector path's checks the tiles are stale (the launch's checks alone run the chunks in order).
            Assembly mutant = InMemory.BuildMutant(Source, spanOverRows, "true", unsafeCode: true);
            double[,] b = Grid(40, 16, new Random(5), r => Math.Round(r.NextDouble() * 8));
            double[] y = Enumerable.Range(0, 16).Select(k => (double)(k % 3 + 1)).ToArray();
            Assert.NotEqual(((double[,])InMemory.Call(s_built.Value, "G", "RunSpanInPlace", b.Clone(), y, 4, false)!).Cast<double>(),
                ((double[,])InMemory.Call(mutant, "G", "RunSpanInPlace", b.Clone(), y, 4, true)!).Cast<double>());
            mutant = InMemory.BuildMutant(Source, sameGrid, "true", unsafeCode: true);
            double[,] c = Grid(40, 48, new Random(6), r => Math.Round(r.NextDouble() * 8));
            Assert.NotEqual(((double[,])InMemory.Call(s_built.Value, "G", "RunSumsInPlace", c.Clone(), false)!).Cast<double>(),
                ((double[,])InMemory.Call(mutant, "G", "RunSumsInPlace", c.Clone(), true)!).Cast<double>());
        }
    }
}
