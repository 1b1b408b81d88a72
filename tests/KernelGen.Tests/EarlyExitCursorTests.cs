using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// An output cursor advanced on every path of a row's loop, one of them ending the pass early:
    /// <c>if (v &lt; 0) { o[d] = 0; d++; continue; } o[d] = v; d++;</c> — filters written with an early continue
    /// (written here in our own words). It was KG1004 and serial: the cursor walk refused any loop with a continue.
    /// Each block that ends with the loop's continue (or a bare <c>if (c) continue;</c>) is now a pass of its own,
    /// which must advance the cursor exactly as far as the whole body does; then every pass advances it the same and
    /// its values are known. A continue that skips an advance (stream compaction: <c>if (v &lt; 0) continue;
    /// o[d++] = v;</c>) leaves the cursor data-dependent: still serial.
    /// </summary>
    public class EarlyExitCursorTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class E
            {
                [ParallelKernel]
                public static void Clip(int[] a, int[] o, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int d = y * w;
                        for (int x = 0; x < w; x++)
                        {
                            int v = a[y * w + x];
                            if (v < 0) { o[d] = 0; d++; continue; }
                            o[d] = v * 2;
                            d++;
                        }
                    }
                }

                // The continue after the advance: nothing it skips moves the cursor.
                [ParallelKernel]
                public static void Late(float[] a, float[] o, float[] sums, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int d = y * w;
                        float s = 0;
                        for (int x = 0; x < w; x++)
                        {
                            float v = a[d];
                            o[d] = v * 0.5f;
                            d++;
                            if (v < 0) continue;
                            s += v;
                        }
                        sums[y] = s;
                    }
                }

                // A header cursor: the continue still runs the header's advance.
                [ParallelKernel]
                public static void Header(int[] a, int[] o, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int d = y * w;
                        for (int x = 0; x < w; x++, d++)
                        {
                            if (a[d] == 0) { o[d] = -1; continue; }
                            o[d] = 100 / a[d];
                        }
                    }
                }
            }

            public static partial class Races
            {
                // Stream compaction: the rows' outputs run together where negatives are skipped.
                [ParallelKernel]
                public static void Compact(int[] a, int[] o, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int d = y * w;
                        for (int x = 0; x < w; x++)
                        {
                            if (a[y * w + x] < 0) continue;
                            o[d] = a[y * w + x];
                            d++;
                        }
                    }
                }

                // The early pass advances twice.
                [ParallelKernel]
                public static void Twice(int[] a, int[] o, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int d = y * w;
                        for (int x = 0; x < w; x++)
                        {
                            if (a[y * w + x] < 0) { o[d] = 0; d += 2; continue; }
                            o[d] = 1;
                            d++;
                        }
                    }
                }

                // A continue nested deeper than the if's own block.
                [ParallelKernel]
                public static void Nested(int[] a, int[] o, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int d = y * w;
                        for (int x = 0; x < w; x++)
                        {
                            if (a[y * w + x] < 0) { if (x > 2) continue; o[d] = 0; d++; continue; }
                            o[d] = 1;
                            d++;
                        }
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Cursors_advanced_on_every_path_run_in_parallel()
        {
            foreach (string kernel in new[] { "Clip", "Late", "Header" })
                Assert.NotNull(s_built.Value.GetType("E")!.GetMethod(kernel + "Parallel"));
            foreach (string kernel in new[] { "Compact", "Twice", "Nested" })
                Assert.Null(s_built.Value.GetType("Races")!.GetMethod(kernel + "Parallel"));
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            Assert.Contains(diagnostics, d => d.Id == "KG1004" && d.GetMessage().Contains("`o[d]`"));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(9, 4)]
        [InlineData(64, 17)]
        [InlineData(200, 33)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w + 7 * h);
            int[] a = Enumerable.Range(0, w * h).Select(_ => random.Next(-5, 6)).ToArray();
            Differential.Same(s_built.Value, "E", "Clip", a, new int[w * h], w, h);
            Differential.Same(s_built.Value, "E", "Clip", a, new int[w * h - 1], w, h); // one short: throws as the serial loop does
            float[] f = Enumerable.Range(0, w * h).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            Differential.Same(s_built.Value, "E", "Late", f, new float[w * h], new float[h], w, h);
            Differential.Same(s_built.Value, "E", "Header", a, new int[w * h], w, h);
        }
    }
}
