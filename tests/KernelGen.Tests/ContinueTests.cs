using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// <c>if (c) continue;</c> and <c>if (c) { …; continue; }</c> directly in a loop's body are the rest of the body
    /// under <c>else</c> (Lowering.SkipsRest): masked lanes on the vector path, where they kept the body scalar. The
    /// early-out that real loops write before their work (a mask, a threshold, a border) is the common case. Results,
    /// exceptions included, are the serial loop's.
    /// </summary>
    public class ContinueTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class C
            {
                // A masked gain (pixels outside a selection skipped), as image editors apply an adjustment.
                [ParallelKernel]
                public static void Masked(byte[] mask, float[] src, float[] dst, float gain)
                {
                    foreach (int i in PRange(dst.Length))
                    {
                        if (mask[i] == 0) continue;
                        dst[i] = src[i] * gain + 1f;
                    }
                }

                // Rows with an early-out that writes first (the pixel cleared, then skipped).
                [ParallelKernel]
                public static void MaskedRows(byte[] mask, float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int p = y * w + x;
                            if (mask[p] == 0)
                            {
                                dst[p] = 0;
                                continue;
                            }
                            dst[p] = src[p] * 0.5f;
                        }
                }

                // Two early-outs in a row, and a division the skipped lanes must not do.
                [ParallelKernel]
                public static void TwoSkips(int[] a, int[] d, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        if (a[i] < 0) continue;
                        if (d[i] == 0) { r[i] = -1; continue; }
                        r[i] = a[i] / d[i];
                    }
                }

                // A continue nested deeper before the last one: left as it was (scalar), still the serial results.
                [ParallelKernel]
                public static void Nested(int[] a, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        if (a[i] > 10)
                        {
                            if (a[i] > 20) continue;
                            r[i] = 1;
                            continue;
                        }
                        r[i] = 2;
                    }
                }

                // Domas709/Paint's ApplyInvert on BGRA, with transparent pixels skipped (our variant): the channel stores
                // in the branch were lane by lane (0.72-0.89x the serial loop on 2 threads, so the scalar body stayed, 1.7x);
                // now one group store on the lanes, the skipped pixels' channels stored back as they are (4.3-4.9x
                // serial on 2 threads at 1920x1080, 2.2-2.4x on one).
                [ParallelKernel]
                public static void InvertOpaque(byte[] bgra)
                {
                    foreach (int p in PRange(bgra.Length / 4))
                    {
                        int i = 4 * p;
                        if (bgra[i + 3] == 0) continue;
                        bgra[i] = (byte)(255 - bgra[i]);
                        bgra[i + 1] = (byte)(255 - bgra[i + 1]);
                        bgra[i + 2] = (byte)(255 - bgra[i + 2]);
                    }
                }

                // Early-outs inside the branches of the body's last statement (Alebarda410/LifeGame's 'if (n > 3) continue;'
                // in the dead-cell branch), an else-if among them: such a continue skips only the rest of its branch, so it is
                // that rest under else, as in the body itself.
                [ParallelKernel]
                public static void TailBranch(int[] a, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        int v = a[i];
                        if (v >= 0)
                        {
                            int n = v * 3;
                            if (n > 40) continue;
                            r[i] = n + 1;
                        }
                        else if (v < -20)
                        {
                            if (v < -25) continue;
                            r[i] = -v;
                        }
                        else
                            r[i] = 7;
                    }
                }

                // Not the last statement: the continue also skips the store after the if. Left as it was (scalar).
                [ParallelKernel]
                public static void NotTail(int[] a, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        if (a[i] >= 0)
                        {
                            if (a[i] > 20) continue;
                            r[i] = 1;
                        }
                        r[i] += 2;
                    }
                }

                // A sum that skips negative values.
                [ParallelKernel]
                public static long SumPositive(int[] a)
                {
                    long sum = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        if (a[i] < 0) continue;
                        sum += a[i];
                    }
                    return sum;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Theory]
        [InlineData("Masked")]
        [InlineData("MaskedRows")]
        [InlineData("TwoSkips")]
        [InlineData("TailBranch")]
        public void Early_outs_run_on_lane_masks(string kernel) =>
            Assert.DoesNotContain("scalar body", InMemory.VectorLines(Source, "C")(kernel));

        [Fact]
        public void A_continue_that_also_skips_later_statements_stays_a_jump() =>
            Assert.Contains("scalar body (a statement KernelGen does not vectorize", InMemory.VectorLines(Source, "C")("NotTail"));

        [Fact]
        public void Channel_stores_after_a_continue_are_one_group_store_on_the_lanes()
        {
            string line = InMemory.VectorLines(Source, "C")("InvertOpaque");
            Assert.DoesNotContain("scalar body", line);
            Assert.Contains("groups of up to 4 interleaved elements per lane stored together", line);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(17)]
        [InlineData(1_000)]
        public void Results_are_the_serial_loops(int n)
        {
            Assembly assembly = s_built.Value;
            var random = new Random(n);
            byte[] mask = Enumerable.Range(0, n).Select(_ => (byte)(random.Next(3) == 0 ? 0 : 255)).ToArray();
            float[] src = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() * 10f).ToArray();
            Differential.Same(assembly, "C", "Masked", mask, src, Enumerable.Repeat(-3f, n).ToArray(), 1.5f);
            Differential.Same(assembly, "C", "MaskedRows", mask, src, Enumerable.Repeat(-3f, n).ToArray(), n, 1);
            int[] a = Enumerable.Range(0, n).Select(_ => random.Next(-30, 30)).ToArray();
            int[] d = Enumerable.Range(0, n).Select(_ => random.Next(0, 4)).ToArray();
            Differential.Same(assembly, "C", "TwoSkips", a, d, new int[n]);
            Differential.Same(assembly, "C", "Nested", a, new int[n]);
            Differential.Same(assembly, "C", "TailBranch", a, Enumerable.Repeat(-5, n).ToArray());
            Differential.Same(assembly, "C", "NotTail", a, Enumerable.Repeat(-5, n).ToArray());
            Differential.Same(assembly, "C", "SumPositive", a);
            byte[] bgra = new byte[4 * n];
            random.NextBytes(bgra);
            for (int k = 3; k < bgra.Length; k += 8) bgra[k] = 0;
            Differential.Same(assembly, "C", "InvertOpaque", bgra);
            // Rows: a 2-D selection.
            if (n >= 17)
                Differential.Same(assembly, "C", "MaskedRows", mask, src, Enumerable.Repeat(-3f, n).ToArray(), n / 17, 17);
        }
    }
}
