using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A cursor declared before an inner loop and advanced in the loop's header, <c>int o = y * w; for (int x = 0; x &lt; w;
    /// x++, o++)</c>: the row walk of image code ported from pointer loops (AForge.NET's filters keep <c>ptr</c> and advance
    /// it per pixel; their array ports advance an index in the header instead), written here in our own words. It was
    /// KG1004 (the loop had two incrementors, so its counter was not counted, and the cursor's references had no value);
    /// the header's advance now runs after the body in each pass, as the cursor walk counts it (RaceAnalysis.Cursors),
    /// and in the IR the cursor is its start plus the iterations done (Lowering.HeaderCursors): a vector body.
    /// </summary>
    public class HeaderCursorTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class H
            {
                [ParallelKernel]
                public static void Scale(float[] a, float[] b, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int o = y * w;
                        for (int x = 0; x < w; x++, o++)
                            b[o] = a[o] * 2f + x;
                    }
                }

                // Three bytes a pixel in, one out; the output cursor advanced in the body, the input one in the header.
                [ParallelKernel]
                public static void Gray(byte[] src, byte[] dst, int w, int h, int stride)
                {
                    foreach (int y in PRange(h))
                    {
                        int s = y * stride, d = y * w;
                        for (int x = 0; x < w; x++, s += 3)
                        {
                            dst[d] = (byte)((src[s] + src[s + 1] + src[s + 2]) / 3);
                            d++;
                        }
                    }
                }

                // Two passes over a row with one cursor: the second goes on where the first stopped.
                [ParallelKernel]
                public static void TwoHalves(int[] a, int half, int rows)
                {
                    foreach (int r in PRange(rows))
                    {
                        int o = r * 2 * half;
                        for (int x = 0; x < half; x++, o++) a[o] = x;
                        for (int x = 0; x < half; x++, ++o) a[o] = -x;
                    }
                }

                // A column's taps, a row apart: PRange iterations on lanes, each summing its own column in order.
                [ParallelKernel]
                public static void Columns(float[] a, float[] b, int n, int taps)
                {
                    foreach (int i in PRange(n))
                    {
                        int o = i;
                        float acc = 0;
                        for (int k = 0; k < taps; k++, o += n) acc += a[o] * (k + 1);
                        b[i] = acc;
                    }
                }

                // The same with the cursor read after the loop (its value past the taps, the trips times the step).
                [ParallelKernel]
                public static void ColumnsPast(float[] a, float[] b, int n, int taps)
                {
                    foreach (int i in PRange(n))
                    {
                        int o = i;
                        float acc = 0;
                        for (int k = 0; k < taps; k++, o += n) acc += a[o] * (k + 1);
                        b[i] = acc + o;
                    }
                }

                // One past the row (x <= w): rows meet, a race; it must stay serial.
                [ParallelKernel]
                public static void OnePast(float[] b, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int o = y * w;
                        for (int x = 0; x <= w; x++, o++)
                            b[o] = y;
                    }
                }

                // The cursor stepped twice a pass, in the header and in the body: the rows are 2w apart, written 2w each.
                [ParallelKernel]
                public static void Pairs(float[] b, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int o = 2 * y * w;
                        for (int x = 0; x < w; x++, o++)
                        {
                            b[o] = x;
                            o++;
                            b[o] = -x;
                        }
                    }
                }

                // Stepped in the header by a little too much: rows 2w apart, but for w > 1 the last pairs reach into the next row.
                [ParallelKernel]
                public static void Overrun(float[] b, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int o = 2 * y * w;
                        for (int x = 0; x < w; x++, o += 3)
                        {
                            b[o] = x;
                            b[o + 1] = -x;
                        }
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Header_steps_are_counted_and_races_still_found()
        {
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            Type type = s_built.Value.GetType("H")!;
            foreach (string kernel in new[] { "Scale", "Gray", "TwoHalves", "Pairs" })
                Assert.NotNull(type.GetMethod(kernel + "Parallel"));
            Assert.Null(type.GetMethod("OnePastParallel"));
            // Vector bodies: the row on lanes (the cursor caught up before the scalar remainder), the taps per lane.
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "H");
            Assert.Contains("vector: inner loop 'for (int x = 0; x < w; x++, o++)'", InMemory.Section(generated("Scale")));
            Assert.Contains("o += unchecked(((__kg_x) - 0) * 1);", InMemory.Section(generated("Scale")));
            Assert.Contains("one PRange iteration per lane", InMemory.Section(generated("Columns")));
            // A cursor advanced by the statement that ends the body (d++), beside one in the header (s += 3): both move on.
            string gray = InMemory.Section(generated("Gray"));
            Assert.Contains("vector: inner loop 'for (int x = 0; x < w; x++, s += 3)'", gray);
            Assert.Contains("s += unchecked(((__kg_x) - 0) * (3)); d += unchecked(((__kg_x) - 0) * 1);", gray);
            Assert.Equal(1, diagnostics.Count(d => d.Id == "KG1004"));
            // The rows apart only where a row has one pixel: checked at the launch, else the chunks run in order.
            Assert.Contains("runs in parallel where 0 >= w - 1", InMemory.Section(InMemory.GeneratedFrom(Source, "H")("Overrun")));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(13, 7)]
        [InlineData(64, 33)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w * 5 + h);
            float[] a = Enumerable.Range(0, w * h).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "H", "Scale", a, new float[w * h], w, h);
            byte[] src = new byte[h * (3 * w + 5)];
            random.NextBytes(src);
            Differential.Same(s_built.Value, "H", "Gray", src, new byte[w * h], w, h, 3 * w + 5);
            Differential.Same(s_built.Value, "H", "TwoHalves", new int[2 * w * h], w, h);
            Differential.Same(s_built.Value, "H", "Pairs", new float[2 * w * h], w, h);
            Differential.Same(s_built.Value, "H", "Overrun", new float[2 * w * h + 3 * w], w, h);
            float[] column = Enumerable.Range(0, 5 * w).Select(_ => (float)random.NextDouble()).ToArray();
            foreach (int count in new[] { 5, 1, 0, -2 })
            {
                Differential.Same(s_built.Value, "H", "Columns", column, new float[w], w, count);
                Differential.Same(s_built.Value, "H", "ColumnsPast", column, new float[w], w, count);
            }
            // Taps past the array: the serial loop throws at the last lanes' reads, and so does the parallel one.
            Differential.Same(s_built.Value, "H", "Columns", column, new float[w], w, 6);
            // Rows of the input closer than a pixel's bytes: each row still reads only its own, and the output is its own.
            Differential.Same(s_built.Value, "H", "Gray", src, new byte[w * h], w, h, 3 * w);
        }
    }
}
