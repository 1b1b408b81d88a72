using System;
using System.Linq;
using System.Reflection;
using KernelGen.Generator.Model;
using KernelGen.Generator.Vectorize;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Unroll-and-jam of the PRange loop around an inner vector loop (Vectorize/OuterJam.cs): four PRange iterations
    /// share one run of the vector loop where they share a stored array (<c>y[i] += a[j, i] * x[j]</c>). The report says
    /// so; the result is the serial one bit for bit (each element of <c>y</c> sees the rows in order); row counts that
    /// leave iterations over, short rows and failing guards run as before; an element read that throws throws as the
    /// serial loop does; the shapes it must not touch keep one row a pass.
    /// </summary>
    public class OuterJamTests
    {
        private const string Source = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class C
            {
                // y = Aᵀx over the rows of a row-major matrix: the column-oriented GEMV update (y += x[j] · A[j, :]) of
                // managed BLAS ports such as Math.NET Numerics' managed provider, in our own words.
                [ParallelKernel]
                public static void ColumnsGemv(double[,] a, double[] x, double[] y)
                {
                    System.Array.Clear(y);
                    foreach (int j in PRange(a.GetLength(0)))
                        for (int i = 0; i < a.GetLength(1); i++)
                            y[i] += a[j, i] * x[j];
                }

                // The same on a flat float matrix (rows of n), as image and ML code keeps a matrix in one array.
                [ParallelKernel]
                public static void FlatColumns(float[] a, float[] x, float[] y, int rows, int n)
                {
                    foreach (int j in PRange(rows))
                        for (int i = 0; i < n; i++)
                            y[i] += a[j * n + i] * x[j];
                }

                // Column counts of pixels above a level (a vertical projection profile, as OCR line finders compute it).
                [ParallelKernel]
                public static void ColumnCounts(int[,] image, int[] counts, int level)
                {
                    foreach (int r in PRange(image.GetLength(0)))
                        for (int c = 0; c < image.GetLength(1); c++)
                            counts[c] += image[r, c] > level ? 1 : 0;
                }

                // The product and a copy of each row: the copy is per row, y shared (a jam keeps both).
                [ParallelKernel]
                public static void GemvAndCopy(double[,] a, double[] x, double[] y, double[,] copy)
                {
                    foreach (int j in PRange(a.GetLength(0)))
                        for (int i = 0; i < a.GetLength(1); i++)
                        {
                            y[i] += a[j, i] * x[j];
                            copy[j, i] = a[j, i];
                        }
                }

                // As it is usually written: the row's factor read once, before the loop (each row of a pass declares its own).
                [ParallelKernel]
                public static void HoistedGemv(double[,] a, double[] x, double[] y)
                {
                    int n = a.GetLength(1);
                    foreach (int j in PRange(a.GetLength(0)))
                    {
                        double xj = x[j] * 0.5;
                        for (int i = 0; i < n; i++)
                            y[i] += a[j, i] * xj;
                    }
                }

                // Positive parts only: the update may be a masked store, which is not handed on in registers.
                [ParallelKernel]
                public static void PositiveColumns(double[,] a, double[] y)
                {
                    int n = a.GetLength(1);
                    foreach (int j in PRange(a.GetLength(0)))
                        for (int i = 0; i < n; i++)
                            if (a[j, i] > 0)
                                y[i] += a[j, i];
                }

                // Not jammed: the guard names a value the body declares (the row checked is a local of each row).
                [ParallelKernel]
                public static void RowLocal(double[,] a, double[] x, double[] y)
                {
                    int n = a.GetLength(1);
                    foreach (int j in PRange(a.GetLength(0)))
                    {
                        int row = j;
                        for (int i = 0; i < n; i++)
                            y[i] += a[row, i] * x[j];
                    }
                }

                // Not jammed: the reduced array's subscript goes through a local computed from the row (k = j + i), so
                // rows of a pass would meet at the same elements in another order.
                [ParallelKernel]
                public static void Skewed(double[] a, double[] x, double[] y, int rows, int n)
                {
                    foreach (int j in PRange(rows))
                        for (int i = 0; i < n; i++)
                        {
                            int k = j + i;
                            y[k] += a[j * n + i] * x[j];
                        }
                }

                // Not jammed: a triangle (the inner bounds depend on the row).
                [ParallelKernel]
                public static void Triangle(double[,] a, double[] x, double[] y)
                {
                    int n = a.GetLength(1);
                    foreach (int j in PRange(a.GetLength(0)))
                        for (int i = j; i < n; i++)
                            y[i] += a[j, i] * x[j];
                }

                // Not jammed: rows that share no stored array (each writes its own row).
                [ParallelKernel]
                public static void ScaleRows(float[,] a, float[] w, float[,] o)
                {
                    int n = a.GetLength(1);
                    foreach (int j in PRange(a.GetLength(0)))
                        for (int i = 0; i < n; i++)
                            o[j, i] = a[j, i] * w[i];
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        private static string Generated(string kernel)
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            return run.GeneratedTrees.Select(t => t.ToString()).Single(t => t.Contains($"KernelGen parallel report — C.{kernel}("));
        }

        [Fact]
        public void The_report_says_which_loops_are_jammed()
        {
            Assert.Contains("4 iterations of j a pass (unroll-and-jam: they share y, handed from row to row in registers; each element sees them in order)", Generated("ColumnsGemv"));
            Assert.Contains("4 iterations of j a pass (unroll-and-jam: they share y, handed from row to row in registers; each element sees them in order)", Generated("FlatColumns"));
            Assert.Contains("4 iterations of r a pass (unroll-and-jam: they share counts, handed from row to row in registers; each element sees them in order)", Generated("ColumnCounts"));
            // The guard of a jammed pass checks x[j] for each of its rows: the broadcast read cannot throw inside the pass.
            string gemv = Generated("ColumnsGemv");
            Assert.Contains("(global::System.Int128)(j__kg_r3) < x.Length", gemv);
            // Values declared before the loop: one copy per row, declared once the guard holds.
            string hoisted = Generated("HoistedGemv");
            Assert.Contains("4 iterations of j a pass (unroll-and-jam: they share y, handed from row to row in registers; each element sees them in order)", hoisted);
            Assert.Contains("double xj__kg_r2 = (x[j__kg_r2] * 0.5d); // this row's value, as the body declares it", hoisted);
            Assert.Contains("(global::System.Int128)(j__kg_r2) < x.Length", hoisted);
            Assert.DoesNotContain("unroll-and-jam", Generated("Skewed"));
            Assert.DoesNotContain("unroll-and-jam", Generated("RowLocal"));
            foreach (string kernel in new[] { "Triangle", "ScaleRows" })
            {
                string text = Generated(kernel);
                Assert.Contains("vector: inner loop", text);
                Assert.DoesNotContain("unroll-and-jam", text);
            }
        }

        [Fact]
        public void Rows_hand_the_shared_element_on_in_registers()
        {
            // y[i]: each row of a pass keeps its sum in a local, the next row adds to it, only the last row stores.
            string gemv = Generated("ColumnsGemv");
            Assert.Contains("var __kg_fw0__kg_r0 = (global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref __kg_r_y, (nuint)(i__kg_r0)) + ", gemv);
            Assert.Contains("var __kg_fw0__kg_r2 = (__kg_fw0__kg_r1 + ", gemv);
            Assert.Contains("var __kg_fw0__kg_r3 = (__kg_fw0__kg_r2 + ", gemv);
            Assert.Contains("global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(__kg_fw0__kg_r3, ref __kg_r_y, (nuint)(i__kg_r3));", gemv);
            // The per-row copy keeps its store in every row; only y is handed on.
            string copy = Generated("GemvAndCopy");
            Assert.Contains("they share y, handed from row to row in registers", copy);
            Assert.Contains("var __kg_fw0__kg_r2 = ", copy);
            Assert.DoesNotContain("__kg_fw1", copy);
            for (int k = 0; k < 4; k++)
                Assert.Contains($"ref __kg_row_copy1__kg_r{k}, (nuint)", copy);
        }

        [Fact]
        public void A_load_after_the_store_in_the_same_row_reads_that_rows_value()
        {
            // OuterJam.Pass on a step that stores y[i] and then reads it (z[i] = y[i]). The analysis leaves such loops
            // serial today (y read beside its update is not an array reduction), so this is checked on the plan itself:
            // each row's load after its store must read its own row's local, the last row's included.
            VExpr y = new VLoad("__kg_r_y", "i", "double", false);
            var body = new VStmt[]
            {
                new VScalar("int i = __kg_x;") { Declares = "i" },
                new VStore("__kg_r_y", "i", new VBinary("+", y, new VBroadcast("x[j]", "double"), "double", false), "double", null, false),
                new VStore("__kg_r_z", "i", y, "double", null, false),
            }.ToEquatableArray();
            var plan = new VectorPlan("", LaneSource.Inner, "double", "int", "i", "0", "n", EquatableArray<VArray>.Empty,
                EquatableArray<VGuard>.Empty, body, EquatableArray<VAccumulator>.Empty, "")
            { Jam = 4, JamIndex = "j", JamForward = new[] { new VForward("__kg_r_y", "i") }.ToEquatableArray() };
            var rows = Enumerable.Range(0, 4).Select(k => OuterJam.Row(plan, "j", k).Body).ToList();
            var step = OuterJam.Pass(plan, rows).Single().ToList();
            var zStores = step.OfType<VStore>().Where(st => st.Ref == "__kg_r_z").ToList();
            Assert.Equal(Enumerable.Range(0, 4).Select(k => $"__kg_fw0__kg_r{k}"), zStores.Select(st => ((VLocal)st.Value).Name));
            var yStores = step.OfType<VStore>().Where(st => st.Ref == "__kg_r_y").ToList();
            Assert.Equal("__kg_fw0__kg_r3", ((VLocal)Assert.Single(yStores).Value).Name);
            // Row 0 reads memory; rows 1-3 add to the row before.
            var declares = step.OfType<VDeclare>().ToList();
            Assert.IsType<VLoad>(((VBinary)declares[0].Value).Left);
            for (int k = 1; k < 4; k++)
                Assert.Equal($"__kg_fw0__kg_r{k - 1}", ((VLocal)((VBinary)declares[k].Value).Left).Name);
        }

        [Fact]
        public void A_masked_update_is_jammed_as_before_and_exact()
        {
            string text = Generated("PositiveColumns");
            Assert.DoesNotContain("__kg_fw", text);
            var random = new Random(11);
            double[,] a = Matrix(45, 37, random);
            double[] serial = new double[37], parallel = new double[37];
            InMemory.Call(s_built.Value, "C", "PositiveColumns", a, serial);
            RuntimeSettings.With(1, false, () => InMemory.Call(s_built.Value, "C", "PositiveColumnsParallel", a, parallel));
            Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));
        }

        [Fact]
        public void A_row_that_skipped_the_handed_on_value_is_caught()
        {
            // Mutant: row 2 adds to row 0's value instead of row 1's, so row 1's contribution is lost. The exactness
            // check of the tests above must see it.
            Assembly mutant = InMemory.BuildMutant(Source, "(__kg_fw0__kg_r1 + ", "(__kg_fw0__kg_r0 + ");
            var random = new Random(3);
            double[,] a = Matrix(12, 40, random);
            double[] x = Enumerable.Range(0, 12).Select(_ => random.NextDouble() + 1).ToArray();
            double[] serial = new double[40], parallel = new double[40];
            InMemory.Call(mutant, "C", "ColumnsGemv", a, x, serial);
            RuntimeSettings.With(1, false, () => InMemory.Call(mutant, "C", "ColumnsGemvParallel", a, x, parallel));
            Assert.NotEqual(serial, parallel);
        }

        private static double[,] Matrix(int rows, int cols, Random random)
        {
            var a = new double[rows, cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    a[r, c] = random.NextDouble() * 2 - 1;
            return a;
        }

        [Theory]
        [InlineData(1, 1), InlineData(3, 17), InlineData(4, 8), InlineData(9, 3), InlineData(37, 61), InlineData(130, 257), InlineData(1021, 33)]
        public void One_thread_gives_the_serial_bits(int rows, int cols)
        {
            // One thread, one chunk: the chunk's copy of y sums each element's rows in the serial order, so a pass that ran
            // its rows in another order would change the last bits of some elements.
            var random = new Random(rows * 1000 + cols);
            double[,] a = Matrix(rows, cols, random);
            double[] x = Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 100).ToArray();
            double[] serial = new double[cols], parallel = new double[cols];
            InMemory.Call(s_built.Value, "C", "ColumnsGemv", a, x, serial);
            RuntimeSettings.With(1, false, () => InMemory.Call(s_built.Value, "C", "ColumnsGemvParallel", a, x, parallel));
            Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));

            float[] flat = Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] fx = Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() * 10)).ToArray();
            float[] fs = Enumerable.Repeat(0.25f, cols).ToArray(), fp = (float[])fs.Clone();
            InMemory.Call(s_built.Value, "C", "FlatColumns", flat, fx, fs, rows, cols);
            RuntimeSettings.With(1, false, () => InMemory.Call(s_built.Value, "C", "FlatColumnsParallel", flat, fx, fp, rows, cols));
            Assert.Equal(fs.Select(BitConverter.SingleToInt32Bits), fp.Select(BitConverter.SingleToInt32Bits));
        }

        [Theory]
        [InlineData(5, 9), InlineData(64, 40), InlineData(301, 77), InlineData(2000, 100)]
        public void Any_thread_count_gives_the_serial_result(int rows, int cols)
        {
            var random = new Random(rows + cols);
            double[,] a = Matrix(rows, cols, random);
            double[] x = Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray();
            double[] serial = new double[cols], parallel = new double[cols];
            InMemory.Call(s_built.Value, "C", "ColumnsGemv", a, x, serial);
            InMemory.Call(s_built.Value, "C", "ColumnsGemvParallel", a, x, parallel);
            for (int i = 0; i < cols; i++) Assert.Equal(serial[i], parallel[i], 1e-12 * rows);

            var image = new int[rows, cols];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    image[r, c] = random.Next(256);
            int[] counts = Enumerable.Range(0, cols).ToArray(), countsParallel = (int[])counts.Clone();
            InMemory.Call(s_built.Value, "C", "ColumnCounts", image, counts, 100);
            InMemory.Call(s_built.Value, "C", "ColumnCountsParallel", image, countsParallel, 100);
            Assert.Equal(counts, countsParallel);

            double[] hs = new double[cols], hp = new double[cols];
            InMemory.Call(s_built.Value, "C", "HoistedGemv", a, x, hs);
            InMemory.Call(s_built.Value, "C", "HoistedGemvParallel", a, x, hp);
            for (int i = 0; i < cols; i++) Assert.Equal(hs[i], hp[i], 1e-12 * rows);
            RuntimeSettings.With(1, false, () => InMemory.Call(s_built.Value, "C", "HoistedGemvParallel", a, x, hp = new double[cols]));
            Assert.Equal(hs.Select(BitConverter.DoubleToInt64Bits), hp.Select(BitConverter.DoubleToInt64Bits));

            double[] flat = Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble()).ToArray();
            double[] ks = new double[rows + cols], kp = new double[rows + cols];
            InMemory.Call(s_built.Value, "C", "Skewed", flat, x, ks, rows, cols);
            RuntimeSettings.With(1, false, () => InMemory.Call(s_built.Value, "C", "SkewedParallel", flat, x, kp, rows, cols));
            Assert.Equal(ks.Select(BitConverter.DoubleToInt64Bits), kp.Select(BitConverter.DoubleToInt64Bits));

            double[] ts = new double[cols], tp = new double[cols];
            double[,] square = Matrix(cols, cols, random);
            double[] sx = Enumerable.Range(0, cols).Select(_ => random.NextDouble()).ToArray();
            InMemory.Call(s_built.Value, "C", "Triangle", square, sx, ts);
            InMemory.Call(s_built.Value, "C", "TriangleParallel", square, sx, tp);
            for (int i = 0; i < cols; i++) Assert.Equal(ts[i], tp[i], 1e-12 * cols);
        }

        [Fact]
        public void A_short_x_throws_like_the_serial_loop()
        {
            // x has fewer elements than a has rows: the jammed pass's guard fails for the last rows, which then run one
            // by one and throw at x[j] as the serial loop does.
            var random = new Random(5);
            double[,] a = Matrix(40, 24, random);
            double[] x = new double[37];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "C", "ColumnsGemv", a, x, new double[24]));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "C", "ColumnsGemvParallel", a, x, new double[24]));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "C", "HoistedGemvParallel", a, x, new double[24]));
            RuntimeSettings.With(1, false, () =>
                Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "C", "ColumnsGemvParallel", a, x, new double[24])));

            // On one thread the chunks run in order, so what was written before the throw is the serial loop's: rows
            // 0 … 36 copied whole, nothing of row 37. (A pass that ran rows 36 … 39 together would have copied only the
            // first vector of row 36 when x[37] threw.)
            Assert.Contains("4 iterations of j a pass", Generated("GemvAndCopy"));
            double[,] serialCopy = new double[40, 24], parallelCopy = new double[40, 24];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "C", "GemvAndCopy", a, x, new double[24], serialCopy));
            RuntimeSettings.With(1, false, () => Assert.Throws<IndexOutOfRangeException>(
                () => InMemory.Call(s_built.Value, "C", "GemvAndCopyParallel", a, x, new double[24], parallelCopy)));
            Assert.Equal(serialCopy.Cast<double>(), parallelCopy.Cast<double>());
            Assert.Equal(a[36, 23], parallelCopy[36, 23]);
        }
    }
}
