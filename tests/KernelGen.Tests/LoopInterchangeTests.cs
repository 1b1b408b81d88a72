using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Loop interchange (Planner's Interchange, VectorEmitter.Interchanged): a column-order loop, PRange over x with the
    /// rows in an inner loop, runs its rows outside the vector steps, so each chunk of columns is read row after row.
    /// Code written x-first is common in ports from Fortran, MATLAB and image code that thinks in (x, y): e.g.
    /// the column-major blur and gradient loops of ImageSharp-style processors and the "for x, for y" stencils of
    /// PolyBench's C ports. The kernels below are written in our own words after those shapes.
    /// The results must stay the serial loop's, bit for bit, at any size (tails of every width) and thread count.
    /// </summary>
    public class LoopInterchangeTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class C
            {
                // A 5-point blur written column by column.
                [ParallelKernel]
                public static void BlurColumns(float[,] src, float[,] dst)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int x in PRange(1, w - 1))
                        for (int y = 1; y < h - 1; y++)
                            dst[y, x] = (src[y - 1, x] + src[y, x - 1] + src[y, x] + src[y, x + 1] + src[y + 1, x]) * 0.2f;
                }

                // A flat image, index y * w + x, walked down each column; the vertical gradient of one channel.
                [ParallelKernel]
                public static void GradientColumns(double[] img, double[] grad, int w, int h)
                {
                    foreach (int x in PRange(w))
                        for (int y = 1; y < h; y++)
                            grad[y * w + x] = img[y * w + x] - img[(y - 1) * w + x];
                }

                // A running sum down each column: row y reads what the same column's row y - 1 stored, so each column's
                // rows must stay in order (they do: only the columns are interleaved).
                [ParallelKernel]
                public static void PrefixColumns(double[,] a)
                {
                    int h = a.GetLength(0), w = a.GetLength(1);
                    foreach (int x in PRange(w))
                        for (int y = 1; y < h; y++)
                            a[y, x] = a[y, x] + a[y - 1, x] * 0.5;
                }

                // Each column's value decays row after row (an exponential moving average down the column, as a
                // vertical IIR smoothing pass does): the element top[x] carries the rows' order, which interchange keeps.
                [ParallelKernel]
                public static void DecayColumns(float[,] src, float[] top)
                {
                    int h = src.GetLength(0);
                    foreach (int x in PRange(top.Length))
                        for (int y = 0; y < h; y++)
                            top[x] = top[x] * 0.5f + src[y, x];
                }

                // The same in a local declared before the loop: state of the step, which would restart per row if the
                // loop ran outside the steps, so the steps keep their loop.
                [ParallelKernel]
                public static void CarriedColumns(float[,] src, float[,] dst)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int x in PRange(w))
                    {
                        float acc = 0;
                        for (int y = 0; y < h; y++)
                        {
                            acc = acc * 0.5f + src[y, x];
                            dst[y, x] = acc;
                        }
                    }
                }

                // Column sums with the total cleared before the loop: that store is part of the step, once per column,
                // so the steps keep their loop (run per row it would clear the sum again).
                [ParallelKernel]
                public static void ColumnSums(double[,] a, double[] sums)
                {
                    int h = a.GetLength(0);
                    foreach (int x in PRange(sums.Length))
                    {
                        sums[x] = 0;
                        for (int y = 0; y < h; y++)
                            sums[x] += a[y, x];
                    }
                }

                // A value read before the loop from an array the loop stores: it changes from row to row, so the steps keep
                // their loop (read again per row it would see the rows before it).
                [ParallelKernel]
                public static void RescaledTop(float[,] src, float[] top)
                {
                    int h = src.GetLength(0);
                    foreach (int x in PRange(top.Length))
                    {
                        float t0 = top[x] * 2f;
                        for (int y = 0; y < h; y++)
                            top[x] = top[x] * 0.5f + src[y, x] * t0;
                    }
                }

                // A value of the column computed before the loop (pure, read only in the loop): run again per row, the same.
                [ParallelKernel]
                public static void ScaledColumns(float[,] src, float[,] dst)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int x in PRange(w))
                    {
                        float s = x * 0.25f;
                        for (int y = 0; y < h; y++)
                            dst[y, x] = src[y, x] * s;
                    }
                }

                // A 64-bit PRange (its step counts in long) and a loop to its last row inclusive.
                [ParallelKernel]
                public static void WideColumns(double[] img, double[] outp, int w, int last)
                {
                    foreach (long x in PRange((long)w))
                        for (int y = 1; y <= last; y++)
                            outp[y * w + x] = img[y * w + x] * 0.5 + img[(y - 1) * w + x];
                }

                // Row order already: the inner loop runs on the lanes, nothing to interchange.
                [ParallelKernel]
                public static void BlurRows(float[,] src, float[,] dst)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int y in PRange(1, h - 1))
                        for (int x = 1; x < w - 1; x++)
                            dst[y, x] = (src[y - 1, x] + src[y, x - 1] + src[y, x] + src[y, x + 1] + src[y + 1, x]) * 0.2f;
                }

                // An inclusive row loop to int.MaxValue never ends: y wraps, and the serial loop throws once a subscript
                // leaves the array. The vector code checks no subscript, so it must not run then (it wrote past the
                // array and crashed the process before the guard on the limit).
                [ParallelKernel]
                public static void InclusiveToMax(int[,] src, int[,] dst, int lo, int hi)
                {
                    int w = src.GetLength(1);
                    foreach (int x in PRange(w))
                        for (int y = lo; y <= hi; y++)
                            dst[y - lo, x] = src[y - lo, x] + 1;
                }

                // The same in a step that keeps its loop (a store before it): the loop runs inside each vector step.
                [ParallelKernel]
                public static void InclusiveSums(int[,] src, int[] sums, int lo, int hi)
                {
                    foreach (int x in PRange(sums.Length))
                    {
                        sums[x] = 0;
                        for (int y = lo; y <= hi; y++)
                            sums[x] += src[y - lo, x];
                    }
                }

                // The rows' count from the caller: more than the array has throws, as the serial loop does.
                [ParallelKernel]
                public static void CopyColumns(int[,] src, int[,] dst, int rows)
                {
                    foreach (int x in PRange(src.GetLength(1)))
                        for (int y = 0; y < rows; y++)
                            dst[y, x] = src[y, x] * 3 + y;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void The_report_says_which_loop_runs_outside_the_steps_and_why()
        {
            Func<string, string> all = InMemory.GeneratedFrom(Source, "C");
            string generated(string kernel) => InMemory.Section(all(kernel));
            Assert.Contains("rows outer: 'for (int y = 1; y < h - 1; y++)' (line 13) runs outside the steps", generated("BlurColumns"));
            Assert.Contains("rows outer: 'for (int y = 1; y < h; y++)' (line 22)", generated("GradientColumns"));
            Assert.Contains("rows outer", generated("CopyColumns"));
            Assert.Contains("rows outer: 'for (int y = 1; y <= last; y++)'", generated("WideColumns"));
            Assert.Contains("rows outer", generated("DecayColumns"));
            // The emitted loops: the row loop around the steps. Each row writes its own elements: the chunks split the
            // rows (RowSplitTests); where a column's rows share an element (top[x]), one chunk a thread (bands of columns
            // as wide as they can be).
            Assert.Contains("for (__kg_x = __kg_x0; __kg_x < __kg_xv; __kg_x += ", generated("BlurColumns"));
            Assert.Contains("rows split (loop interchange)", generated("BlurColumns"));
            Assert.DoesNotContain("wide: true", generated("BlurColumns"));
            Assert.Contains("rows outer (loop interchange): one chunk a thread, not 4", generated("DecayColumns"));
            Assert.Contains("wide: true", generated("DecayColumns"));
            Assert.DoesNotContain("wide: true", generated("BlurRows"));
            Assert.Contains("rows outer", generated("ScaledColumns"));
            foreach (string kernel in new[] { "RescaledTop", "CarriedColumns", "ColumnSums", "BlurRows" })
                Assert.DoesNotContain("rows outer", generated(kernel));
        }

        [Fact]
        public void An_inclusive_loop_to_the_counters_maximum_throws_like_serial_instead_of_running_past_the_array()
        {
            RuntimeSettings.With(2, backoff: false, () =>
            {
                var src = new int[8, 64];
                for (int y = 0; y < 8; y++) for (int x = 0; x < 64; x++) src[y, x] = y * 100 + x;
                Assert.Contains("< int.MaxValue", InMemory.Section(InMemory.GeneratedFrom(Source, "C")("InclusiveToMax")));
                // In bounds for the four rows up to int.MaxValue; then y wraps and the serial loop throws.
                Differential.Same(Built.Value, "C", "InclusiveToMax", src, new int[8, 64], int.MaxValue - 3, int.MaxValue);
                Differential.Same(Built.Value, "C", "InclusiveSums", src, new int[64], int.MaxValue - 3, int.MaxValue);
                // Below the maximum the vector code runs and matches.
                Differential.Same(Built.Value, "C", "InclusiveToMax", src, new int[8, 64], 5, 12);
                Differential.Same(Built.Value, "C", "InclusiveSums", src, new int[64], 5, 12);
                return 0;
            });
        }

        [Fact]
        public void Interchanged_loops_get_one_chunk_a_thread_unless_the_chunks_are_fixed()
        {
            RuntimeSettings.With(2, backoff: false, () =>
            {
                Assert.Equal(8, KernelRuntime.Plan(100_000, minChunk: 1, chunkSize: 0, minParallelTrips: 0).ChunkCount);
                Assert.Equal(2, KernelRuntime.Plan(100_000, minChunk: 1, chunkSize: 0, minParallelTrips: 0, wide: true).ChunkCount);
                // Uneven iterations keep their small chunks; the user's chunk size and Deterministic's chunks stay.
                Assert.Equal(32, KernelRuntime.Plan(100_000, 1, 0, 0, uneven: true, wide: true).ChunkCount);
                Assert.Equal(1000, KernelRuntime.Plan(100_000, 1, chunkSize: 100, 0, wide: true).ChunkCount);
                Assert.Equal(KernelRuntime.Plan(100_000, 1, 0, 0, deterministic: true).ChunkCount,
                    KernelRuntime.Plan(100_000, 1, 0, 0, deterministic: true, wide: true).ChunkCount);
                return 0;
            });
        }

        public static readonly TheoryData<int, int, int> Cases = new()
        {
            { 3, 3, 2 }, { 5, 17, 2 }, { 37, 53, 3 }, { 129, 200, 2 }, { 64, 1000, 8 }, { 300, 71, 2 },
        };

        [Theory, MemberData(nameof(Cases))]
        public void Interchanged_loops_match_serial(int h, int w, int threads)
        {
            RuntimeSettings.With(threads, backoff: false, () =>
            {
                var r = new Random(h * 1000 + w);
                float[,] f = new float[h, w];
                double[,] d = new double[h, w];
                int[,] n = new int[h, w];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        f[y, x] = (float)(r.NextDouble() * 2 - 1);
                        d[y, x] = r.NextDouble() * 2 - 1;
                        n[y, x] = r.Next(-1000, 1000);
                    }
                double[] flat = Enumerable.Range(0, h * w).Select(_ => r.NextDouble()).ToArray();
                Differential.Same(Built.Value, "C", "BlurColumns", f, new float[h, w]);
                Differential.Same(Built.Value, "C", "GradientColumns", flat, new double[h * w], w, h);
                Differential.Same(Built.Value, "C", "WideColumns", flat, new double[h * w], w, h - 1);
                Differential.Same(Built.Value, "C", "WideColumns", flat, new double[h * w], w, h); // one row past: throws
                Differential.Same(Built.Value, "C", "PrefixColumns", d);
                Differential.Same(Built.Value, "C", "ScaledColumns", f, new float[h, w]);
                Differential.Same(Built.Value, "C", "RescaledTop", f, Enumerable.Range(0, w).Select(k => (float)k - 3).ToArray());
                Differential.Same(Built.Value, "C", "DecayColumns", f, Enumerable.Range(0, w).Select(k => (float)k).ToArray());
                Differential.Same(Built.Value, "C", "CarriedColumns", f, new float[h, w]);
                Differential.Same(Built.Value, "C", "ColumnSums", d, Enumerable.Repeat(double.NaN, w).ToArray());
                Differential.Same(Built.Value, "C", "BlurRows", f, new float[h, w]);
                Differential.Same(Built.Value, "C", "CopyColumns", n, new int[h, w], h);
                Differential.Same(Built.Value, "C", "CopyColumns", n, new int[h, w], h - 1);
                // One row too many: IndexOutOfRangeException from both.
                Differential.Same(Built.Value, "C", "CopyColumns", n, new int[h, w], h + 1);
                return 0;
            });
        }
    }
}

namespace KernelGen.Tests
{
    /// <summary>
    /// Random column-order kernels (a small fuzz of its own, fixed seed): taps a[y + dy, x + dx] of one element type,
    /// stores to one output row offset, values carried down a column in an element (top[x]), locals of the row, a value
    /// of the column declared before the loop (run again per row once interchanged); row
    /// ranges passed at run time, in bounds or one row past them (an exception from both sides). Each must match the
    /// serial loop bit for bit, and most must be interchanged (else the test would not test the interchange).
    /// </summary>
    public class LoopInterchangeRandomTests
    {
        private static readonly int Kernels = Harness.Scale.Count(full: 40, local: 20);

        private static readonly Lazy<(string Source, Assembly Assembly)> Built = new(() =>
        {
            var r = new Random(20261203);
            var text = new System.Text.StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class R\n{\n");
            for (int k = 0; k < Kernels; k++) text.Append(Kernel(k, r));
            text.Append("}\n");
            string source = text.ToString();
            return (source, InMemory.Build(source));
        });

        private static string TypeOf(int k) => (k % 3) switch { 0 => "float", 1 => "double", _ => "int" };

        private static string Kernel(int k, Random r)
        {
            string t = TypeOf(k);
            int minDx = 0, maxDx = 0;
            string Tap()
            {
                int dy = r.Next(-2, 3), dx = r.Next(-2, 3);
                minDx = Math.Min(minDx, dx); maxDx = Math.Max(maxDx, dx);
                return $"a[y{(dy == 0 ? "" : dy > 0 ? $" + {dy}" : $" - {-dy}")}, x{(dx == 0 ? "" : dx > 0 ? $" + {dx}" : $" - {-dx}")}]";
            }
            string Constant() => t == "int" ? r.Next(-5, 6).ToString() : t == "float" ? $"{r.Next(-8, 9) * 0.25:0.##}f" : $"{r.Next(-8, 9) * 0.125:0.###}";
            var locals = new System.Collections.Generic.List<string>();
            string Term() => locals.Count > 0 && r.Next(4) == 0 ? locals[r.Next(locals.Count)] : r.Next(5) == 0 ? Constant() : Tap();
            string Expr()
            {
                string e = Term();
                for (int n = r.Next(0, 4); n > 0; n--)
                    e = r.Next(3) switch { 0 => $"({e} + {Term()})", 1 => $"({e} - {Term()})", _ => $"({e} * {Term()})" };
                return e;
            }
            // A value of the column before the loop, from a row every column has (row 0 of a; a is never stored).
            string prefix = "";
            if (r.Next(3) == 0)
            {
                prefix = $"            {t} p = a[0, x] * {Constant()};\n";
                locals.Add("p");
            }
            var body = new System.Text.StringBuilder();
            int outRow = r.Next(-1, 2);
            string outAt = $"b[y{(outRow == 0 ? "" : outRow > 0 ? " + 1" : " - 1")}, x]";
            for (int s = r.Next(1, 4); s > 0; s--)
            {
                switch (r.Next(4))
                {
                    case 0:
                        string name = "v" + locals.Count;
                        body.Append($"            {t} {name} = {Expr()};\n");
                        locals.Add(name);
                        break;
                    case 1:
                        body.Append($"            top[x] = top[x] * {Constant()} + {Expr()};\n");
                        break;
                    default:
                        body.Append($"            {outAt} {(r.Next(3) == 0 ? "+=" : "=")} {Expr()};\n");
                        break;
                }
            }
            body.Append($"            {outAt} = {outAt} + {Expr()};\n");
            return $$"""
                [ParallelKernel]
                public static void K{{k}}({{t}}[,] a, {{t}}[,] b, {{t}}[] top, int y0, int y1)
                {
                    int w = a.GetLength(1);
                    foreach (int x in PRange({{-minDx}}, w - {{maxDx}}))
                    {
            {{prefix}}            for (int y = y0; y < y1; y++)
                        {
            {{body}}            }
                    }
                }

            """;
        }

        [Fact]
        public void Most_random_column_kernels_are_interchanged()
        {
            Func<string, string> vector = InMemory.VectorLines(Built.Value.Source, "R");
            int interchanged = Enumerable.Range(0, Kernels).Count(k => vector("K" + k).Contains("rows outer", StringComparison.Ordinal));
            Assert.True(interchanged >= Kernels / 2, $"{interchanged} of {Kernels} interchanged");
        }

        public static readonly TheoryData<int, int, int> Cases = new() { { 6, 9, 2 }, { 23, 37, 3 }, { 70, 130, 2 }, { 40, 300, 8 } };

        [Theory, MemberData(nameof(Cases))]
        public void Random_column_kernels_match_serial(int h, int w, int threads)
        {
            RuntimeSettings.With(threads, backoff: false, () =>
            {
                var r = new Random(h * 7919 + w);
                for (int k = 0; k < Kernels; k++)
                {
                    Array a = Filled(TypeOf(k), h, w, r), b = Filled(TypeOf(k), h, w, r);
                    Array top = Array.CreateInstance(a.GetType().GetElementType()!, w);
                    for (int x = 0; x < w; x++) top.SetValue(System.Convert.ChangeType(r.Next(-3, 4), top.GetType().GetElementType()!), x);
                    // Rows 2 .. h - 2 keep every tap in bounds; one row more reads past the array and throws on both sides.
                    foreach ((int y0, int y1) in new[] { (2, h - 2), (2, h - 1), (3, 3) })
                        Differential.Same(Built.Value.Assembly, "R", "K" + k, a, b, top, y0, y1);
                }
                return 0;
            });
        }

        private static Array Filled(string type, int h, int w, Random r)
        {
            Array array = type switch { "float" => new float[h, w], "double" => new double[h, w], _ => new int[h, w] };
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    array.SetValue(type switch
                    {
                        "float" => (object)(float)(r.NextDouble() * 4 - 2),
                        "double" => r.NextDouble() * 4 - 2,
                        _ => r.Next(-1000, 1000),
                    }, y, x);
            return array;
        }
    }
}
