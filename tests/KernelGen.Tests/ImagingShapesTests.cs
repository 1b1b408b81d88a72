using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Two more shapes of imaging loops that were scalar bodies: a half-size image's rows at <c>y * (w / 2)</c> (a quotient
    /// of loop invariants in a subscript: now a symbol of its own, 'not x plus a polynomial' before), and compound bitwise
    /// stores on int and long elements (<c>px[i] ^= 0x00FFFFFF</c>, an ARGB invert keeping alpha; <c>&amp;=</c>, <c>|=</c>).
    /// </summary>
    public class ImagingShapesTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class M
            {
                // A 2x2 box downsample: each output pixel the rounded mean of four.
                [ParallelKernel]
                public static void Downsample2x(byte[] src, byte[] dst, int w, int h)
                {
                    foreach (int y in PRange(h / 2))
                        for (int x = 0; x < w / 2; x++)
                            dst[y * (w / 2) + x] = (byte)((src[2 * y * w + 2 * x] + src[2 * y * w + 2 * x + 1]
                                + src[(2 * y + 1) * w + 2 * x] + src[(2 * y + 1) * w + 2 * x + 1] + 2) >> 2);
                }

                // Rows of a third of the width, from an offset that is itself a quotient.
                [ParallelKernel]
                public static void ThirdColumns(float[] a, float[] r, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w / 3; x++)
                            r[y * (w / 3) + x] = a[y * w + w % 3 + x] * 0.5f;
                }

                [ParallelKernel]
                public static void InvertArgb(int[] px)
                {
                    foreach (int i in PRange(px.Length)) px[i] ^= 0x00FFFFFF;
                }

                [ParallelKernel]
                public static void Masks(long[] a, long[] b, long keep, long set)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        a[i] &= keep;
                        a[i] |= set ^ b[i];
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "M"));

        [Theory]
        [InlineData("Downsample2x")]
        [InlineData("ThirdColumns")]
        [InlineData("InvertArgb")]
        [InlineData("Masks")]
        public void The_loops_take_vector_bodies(string kernel)
        {
            string line = InMemory.VectorLine(s_generated.Value(kernel));
            Assert.DoesNotContain("scalar body", line);
            Assert.DoesNotContain("lane by lane", line);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(3, 5)]
        [InlineData(34, 9)]
        [InlineData(67, 12)]
        [InlineData(257, 31)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w * 13 + h);
            byte[] pixels = new byte[w * h];
            random.NextBytes(pixels);
            Differential.Same(s_built.Value, "M", "Downsample2x", pixels, new byte[(w / 2) * (h / 2) + 1], w, h);
            float[] a = Enumerable.Range(0, w * h).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "M", "ThirdColumns", a, new float[(w / 3) * h], w, h);
            // (Too small an output: both throw, the serial loop at its first element past the end.)
            Differential.Same(s_built.Value, "M", "Downsample2x", pixels, new byte[Math.Max(0, (w / 2) * (h / 2) - 3)], w, h);
            int n = w * h;
            Differential.Same(s_built.Value, "M", "InvertArgb", Enumerable.Range(0, n).Select(_ => random.Next()).ToArray());
            long[] longs = Enumerable.Range(0, n).Select(_ => random.NextInt64()).ToArray();
            Differential.Same(s_built.Value, "M", "Masks", longs, longs.Reverse().ToArray(), 0x0F0F_F0F0_1234_5678L, 1L << 40);
        }
    }
}
