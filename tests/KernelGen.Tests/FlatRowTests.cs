using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// 1-D rows addressed once (Planner.FlatRow): a flat subscript <c>y * w + x + c</c> is read as a row fixed before the
    /// vector loop, at the element of its first x, plus <c>(uint)(x - __kg_xa)</c> and the constant's difference. The rows
    /// here start at element 0 (the first x's subscript is 0), share a row between subscripts whose constants differ in
    /// both directions, come from a local the PRange body computes, and run out of bounds (the scalar loop then throws like
    /// the serial one). Image code is written this way (OpenCV-style row offsets <c>y * stride + x</c>, in our own words).
    /// </summary>
    public class FlatRowTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class F
            {
                // Three taps of one row, the first one read at +1: the row is anchored at +1, the others at -1 and -2 from it.
                [ParallelKernel]
                public static void Taps(float[] src, float[] dst, int w, int h, int shift)
                {
                    foreach (int y in PRange(h))
                        for (int x = 1; x < w - 1; x++)
                            dst[y * w + x - 1] = src[y * w + x + 1 + shift] - 0.5f * src[y * w + x + shift] + 0.25f * src[y * w + x - 1 + shift];
                }

                // The row's start from a table the body reads (ragged rows packed into one array).
                [ParallelKernel]
                public static void Packed(int[] starts, double[] data, double[] outp, int w)
                {
                    foreach (int y in PRange(starts.Length))
                    {
                        int row = starts[y];
                        for (int x = 0; x < w; x++)
                            outp[y * w + x] = data[row + x] * 2.0 + data[row + x + 1];
                    }
                }

                // A 3-tap blur whose edge columns are written apart from the inner loop (clamped to the edge), as image code
                // writes them: a row's last column a[y·w + w − 1] is never the next row's first a[(y + 1)·w], since an index
                // at least 0 makes w ≥ 1 (w·(y + 1) − 1 ≥ 0).
                [ParallelKernel]
                public static void Edges(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        dst[y * w] = (2 * src[y * w] + src[y * w + 1]) / 3f;
                        for (int x = 1; x < w - 1; x++)
                            dst[y * w + x] = (src[y * w + x - 1] + src[y * w + x] + src[y * w + x + 1]) / 3f;
                        dst[y * w + w - 1] = (src[y * w + w - 2] + 2 * src[y * w + w - 1]) / 3f;
                    }
                }

                // One past the last column is the next row's first: a race (KG1001/KG1004).
                [ParallelKernel]
                public static void PastTheEdge(float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        dst[y * w] = 1;
                        dst[y * w + w] = 2;
                    }
                }
            }
            """;

        [Fact]
        public void A_rows_edge_columns_written_apart_keep_the_loop_parallel()
        {
            var diagnostics = InMemory.Analyze(Source);
            Assert.DoesNotContain(diagnostics, d => d.Id is "KG1001" or "KG1004" && d.GetMessage().Contains("w - 1]"));
            Assert.Contains(diagnostics, d => d.Id is "KG1001" or "KG1004" && d.GetMessage().Contains("dst[y * w + w]"));
            Assert.Contains("parallel: chunks", s_generated.Value("Edges"));
            // w = 1: the first column is the last (the same iteration writes it twice); w = 0 and w < 0 throw on both sides.
            foreach ((int w, int h) in new[] { (40, 9), (2, 7), (1, 5), (0, 3), (-1, 4), (-3, 2), (17, 1) })
                Same(s_built.Value, "Edges", () => new object[] { Floats(Math.Max(w * h, 2) + 3, w + h), new float[Math.Max(w * h, 2) + 3], w, h }, a => (Array)a[1]);
        }

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "F"));

        private static float[] Floats(int n, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        }

        private static void Same(Assembly built, string method, Func<object[]> arguments, Func<object[], Array> output)
        {
            object[] serial = arguments(), parallel = arguments();
            Exception? serialError = Record.Exception(() => InMemory.Call(built, "F", method, serial));
            Exception? parallelError = Record.Exception(() => InMemory.Call(built, "F", method + "Parallel", parallel));
            Assert.Equal(serialError?.GetType(), parallelError?.GetType());
            Array a = output(serial), b = output(parallel);
            Assert.True(a.Cast<object>().SequenceEqual(b.Cast<object>()), method + ": the parallel result differs from the serial one");
        }

        [Fact]
        public void The_kernels_take_flat_rows()
        {
            foreach (string kernel in new[] { "Taps", "Packed" })
                Assert.Contains("1-D rows addressed once from the first x", InMemory.Section(s_generated.Value(kernel)));
            string taps = s_generated.Value("Taps");
            Assert.Contains("int __kg_xa = __kg_x;", taps);
            Assert.Contains("(nuint)((nint)(uint)(x - __kg_xa) - 2)", taps); // src[… + x - 1 + shift], two before the row's +1
        }

        [Theory]
        [InlineData(40, 9, 0), InlineData(40, 9, 1), InlineData(37, 5, -1), InlineData(19, 3, 2), InlineData(64, 8, -2)]
        public void Flat_rows_give_the_serial_result_and_exceptions(int w, int h, int shift)
        {
            // shift 0 reads element 0 at the first x of row 0 and the last element at the last x of the last row; a
            // negative shift reads before element 0 on row 0, a positive one past the end on the last row (both sides throw).
            Same(s_built.Value, "Taps", () => new object[] { Floats(w * h, w + h), new float[w * h], w, h, shift }, a => (Array)a[1]);
            int[] starts = Enumerable.Range(0, h).Select(y => (y * 7 + shift * 3 + w) % (w * h)).ToArray();
            Same(s_built.Value, "Packed", () => new object[] { (int[])starts.Clone(), Floats(w * h + 1, 3).Select(f => (double)f).ToArray(), new double[w * h], w }, a => (Array)a[2]);
        }

        /// <summary>The behavioural test can tell: rows anchored one element late give another result.</summary>
        [Fact]
        public void A_row_anchored_one_element_late_is_caught()
        {
            Assembly mutant = InMemory.BuildMutant(Source, "(int)(__kg_xa))", "(int)(__kg_xa) + 1)");
            const int w = 40, h = 9;
            float[] src = Floats(w * h, 1), serial = new float[w * h], parallel = new float[w * h];
            InMemory.Call(mutant, "F", "Taps", src, serial, w, h, 0);
            InMemory.Call(mutant, "F", "TapsParallel", src, parallel, w, h, 0);
            Assert.NotEqual(serial, parallel);
        }
    }
}
