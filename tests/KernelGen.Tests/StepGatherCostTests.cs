using System;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A step that would move far more elements lane by lane than on whole vectors keeps the scalar body (Planner:
    /// _laneMemoryInStep against _vectorMemoryInStep). A 2× BGRA downscale written with one statement per channel reads
    /// 16 bytes a lane at a stride of 8 for one group store of 4: that vector body ran at 0.59× the serial loop's speed
    /// on 2 threads, the scalar body at 1.89× (one process, this machine's AVX-512). Results are the serial loop's.
    /// </summary>
    public class StepGatherCostTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class D
            {
                // A 2×2 block average of RGBA pixels into an image of half the size (Stetsed/p5js-school-project
                // blockified, the four channels written out), in our own words.
                [ParallelKernel]
                public static void Downscale(byte[] src, byte[] dst, int srcWidth, int dstWidth, int dstHeight)
                {
                    foreach (int by in PRange(dstHeight))
                    {
                        for (int bx = 0; bx < dstWidth; bx++)
                        {
                            int s = (2 * by * srcWidth + 2 * bx) * 4, s2 = s + 4 * srcWidth;
                            int d = (by * dstWidth + bx) * 4;
                            dst[d] = (byte)((src[s] + src[s + 4] + src[s2] + src[s2 + 4] + 2) >> 2);
                            dst[d + 1] = (byte)((src[s + 1] + src[s + 5] + src[s2 + 1] + src[s2 + 5] + 2) >> 2);
                            dst[d + 2] = (byte)((src[s + 2] + src[s + 6] + src[s2 + 2] + src[s2 + 6] + 2) >> 2);
                            dst[d + 3] = (byte)((src[s + 3] + src[s + 7] + src[s2 + 3] + src[s2 + 7] + 2) >> 2);
                        }
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void A_step_of_mostly_gathers_keeps_the_scalar_body()
        {
            string vector = InMemory.VectorLines(Source, "D")("Downscale");
            Assert.Contains("scalar body", vector);
            Assert.Contains("it would read or store 16 element(s) lane by lane against 4 on whole vectors, slower than the scalar loop", vector);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(19, 7)]
        [InlineData(64, 33)]
        public void Results_are_the_serial_loops(int dstWidth, int dstHeight)
        {
            Assembly assembly = s_built.Value;
            var random = new Random(dstWidth + 100 * dstHeight);
            var src = new byte[16 * dstWidth * dstHeight];
            random.NextBytes(src);
            Differential.Same(assembly, "D", "Downscale", src, new byte[4 * dstWidth * dstHeight], 2 * dstWidth, dstWidth, dstHeight);
        }
    }
}
