using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A cursor declared inside the loop that walks a pixel's channels: <c>int o = (y * w + x) * 3; rgb[o++] = r;
    /// rgb[o++] = g; rgb[o++] = b;</c>. Image decoders and YUV-to-RGB converters write their output this way (C ports,
    /// and the C# code ported from them); written here in our own words. It was KG1004 and serial: the race analysis
    /// followed cursors declared in the PRange body's own block only. Every block of the body now counts
    /// (RaceAnalysis.FindCursors), and in the IR such a local is its initial value plus the advances before each
    /// reference, the advances no statements (Lowering.BlockCursors, the induction variables' rules with the block for
    /// the body), so the stores are a group of 3 per lane.
    /// </summary>
    public class BlockCursorTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class B
            {
                // Planes to packed RGB, the cursor declared per pixel in the inner loop.
                [ParallelKernel]
                public static void Pack(byte[] rgb, float[] r, float[] g, float[] b, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        for (int x = 0; x < w; x++)
                        {
                            int i = y * w + x;
                            int o = i * 3;
                            rgb[o++] = (byte)(r[i] * 255f);
                            rgb[o++] = (byte)(g[i] * 255f);
                            rgb[o++] = (byte)(b[i] * 255f);
                        }
                    }
                }

                // YUV to RGB, one pixel per PRange iteration: pre-increments and a += 2 step, reads of the cursor between.
                [ParallelKernel]
                public static void Yuv(int[] rgba, int[] yuv, int n)
                {
                    foreach (int p in PRange(n))
                    {
                        int s = p * 3;
                        int c = yuv[s] - 16;
                        int d = yuv[++s] - 128;
                        int e = yuv[++s] - 128;
                        int o = p * 4 - 1;
                        rgba[++o] = Math.Clamp((298 * c + 409 * e + 128) >> 8, 0, 255);
                        rgba[++o] = Math.Clamp((298 * c - 100 * d - 208 * e + 128) >> 8, 0, 255);
                        rgba[++o] = Math.Clamp((298 * c + 516 * d + 128) >> 8, 0, 255);
                        o += 1;
                        rgba[o] = 255 + o - o;
                    }
                }

                // The cursor read in the same statement after its advance (C# evaluates left to right: the index first).
                [ParallelKernel]
                public static void Order(int[] a, int n)
                {
                    foreach (int i in PRange(n))
                    {
                        int o = 2 * i;
                        a[o++] = o;
                        a[o] = o++ + o;
                    }
                }

                // A PRange body without braces, the cursor stepped after its last use (a dead step).
                [ParallelKernel]
                public static void Unbraced(int[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int d = y * w + x;
                            a[d] = x - y;
                            d++;
                        }
                }

                // Advanced by a stride the method never changes (each pixel's channels a stride apart, planar).
                [ParallelKernel]
                public static void Planar(float[] planes, float[] gray, int plane, int n)
                {
                    foreach (int i in PRange(n))
                    {
                        int o = i;
                        float sum = planes[o];
                        o += plane;
                        sum += planes[o];
                        o += plane;
                        sum += planes[o];
                        gray[i] = sum / 3f;
                    }
                }
            }

            public static partial class M
            {
                // A cursor moved between two inner loops: each loop's vector code runs inside the body's source text,
                // where o is the variable the source moves (a block with loops keeps its cursors as variables).
                [ParallelKernel]
                public static void TwoRows(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int o = y * (2 * w + 8);
                        o += 1;
                        for (int x = 0; x < w; x++) a[o + x] = x + 0.5f * y;
                        o += 4;
                        for (int x = 0; x < w; x++) a[o + w + x] = -x;
                    }
                }
            }

            public static partial class Races
            {
                // Each iteration writes its element and the next one: iterations overlap (KG1001).
                [ParallelKernel]
                public static void Overlap(int[] a, int n)
                {
                    foreach (int i in PRange(n))
                    {
                        int o = i;
                        a[o++] = 1;
                        a[o++] = 2;
                    }
                }

                // An advance that not every pass makes: the later values are unknown (serial, as before).
                [ParallelKernel]
                public static void Sometimes(int[] a, int[] flags, int n)
                {
                    foreach (int i in PRange(n))
                    {
                        int o = 2 * i;
                        if (flags[i] > 0) o++;
                        a[o] = i;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "B"));

        [Fact]
        public void Cursors_of_a_block_run_in_parallel_on_vectors()
        {
            foreach (string kernel in new[] { "Pack", "Yuv", "Order", "Planar", "Unbraced" })
                Assert.Contains("parallel: chunks", InMemory.Section(s_generated.Value(kernel)));
            Assert.Contains("groups of up to 3 interleaved elements per lane stored together", InMemory.Section(s_generated.Value("Pack")));
            Assert.Contains("groups of up to 4 interleaved elements per lane stored together", InMemory.Section(s_generated.Value("Yuv")));
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            Assert.Null(s_built.Value.GetType("Races")!.GetMethod("OverlapParallel"));
            Assert.Null(s_built.Value.GetType("Races")!.GetMethod("SometimesParallel"));
            // The overlap is proven now (a build error at the access, as for any PRange loop whose iterations provably
            // collide); the conditional advance leaves the cursor unknown, a warning.
            Assert.Contains(diagnostics, d => d.Id == "KG1001" && d.GetMessage().Contains("`a[o++]` written in iteration i is also written by iteration i + 1"));
            Assert.Contains(diagnostics, d => d.Id == "KG1004" && d.GetMessage().Contains("`a[o]`"));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(5, 3)]
        [InlineData(16, 7)]
        [InlineData(67, 13)]
        [InlineData(200, 9)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w * 13 + h);
            int n = w * h;
            float[] Floats(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "B", "Pack", new byte[3 * n], Floats(n), Floats(n), Floats(n), w, h);
            // One row short of output: the serial loop throws partway, so does the parallel one.
            Differential.Same(s_built.Value, "B", "Pack", new byte[3 * n - 1], Floats(n), Floats(n), Floats(n), w, h);
            int[] yuv = Enumerable.Range(0, 3 * n).Select(_ => random.Next(256)).ToArray();
            Differential.Same(s_built.Value, "B", "Yuv", new int[4 * n], yuv, n);
            Differential.Same(s_built.Value, "B", "Order", new int[2 * n], n);
            Differential.Same(s_built.Value, "B", "Unbraced", new int[n], w, h);
            Differential.Same(s_built.Value, "B", "Planar", Floats(3 * n), new float[n], n, n);
            Differential.Same(s_built.Value, "B", "Planar", Floats(3 * n + 5), new float[n], n + 2, n);
            Differential.Same(s_built.Value, "M", "TwoRows", new float[h * (2 * w + 8)], w, h);
        }
    }
}
