using System;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Pixel loops that step over a row's bytes (<c>for (x = 0; x &lt; widthInBytes; x += 4)</c>) to a limit that may
    /// leave part of a step: the race analysis counts x = 4·t with t over [0, q], q = (widthInBytes − 1) / 4 a quotient
    /// the launch computes, so rows run in parallel where the last pixel's bytes stay in their row
    /// (<c>widthInBytes ≥ 4·q + 4</c>, a whole number of pixels) and serially, in order, where they reach into the next
    /// row. Before, every such loop was KG1004. Results are the serial loop's either way (Differential also runs the
    /// chunks in reverse order, which a missing check would show as the next row's bytes written first).
    /// </summary>
    public class SteppedRowTests
    {
        private const string Source = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                // trm2418/myIGME-206 ImageApp/Form1.cs (grayscaleExample1: a BGRA byte[] from LockBits, x stepping by 4
                // over each row's bytes, the average of B, G, R into the three channels, alpha copied), in our own words,
                // with the row loop a PRange.
                [ParallelKernel]
                public static void AverageGray(byte[] source, byte[] target, int widthInBytes, int height)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < widthInBytes; x += 4)
                        {
                            int index = y * widthInBytes + x;
                            byte average = (byte)((source[index] + source[index + 1] + source[index + 2]) / 3);
                            target[index] = average;
                            target[index + 1] = average;
                            target[index + 2] = average;
                            target[index + 3] = source[index + 3];
                        }
                }

                // 24 bpp in place, from 1 (x = 1, 4, 7, …): the row's first byte left alone.
                [ParallelKernel]
                public static void SwapRedBlue24(byte[] pixels, int stride, int height)
                {
                    foreach (int y in PRange(height))
                        for (int x = 1; x < stride; x += 3)
                        {
                            int i = y * stride + x;
                            byte t = pixels[i];
                            pixels[i] = pixels[i + 2];
                            pixels[i + 2] = t;
                        }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "S"));

        [Fact]
        public void Rows_run_in_parallel_where_the_last_step_stays_in_its_row()
        {
            string gray = InMemory.Section(s_generated.Value("AverageGray"));
            Assert.Contains("note: runs in parallel where widthInBytes >= 4*(", gray);
            Assert.DoesNotContain("KG1004", gray);
            Assert.Contains("vector: inner loop 'for (int x = 0; x < widthInBytes; x += 4)'", gray);
            Assert.Contains("note: runs in parallel where stride >= 3*(", InMemory.Section(s_generated.Value("SwapRedBlue24")));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(3, 5)]
        [InlineData(4, 5)]
        [InlineData(7, 9)]
        [InlineData(52, 17)]
        [InlineData(53, 17)]
        [InlineData(54, 17)]
        [InlineData(55, 17)]
        [InlineData(4 * 131, 23)]
        [InlineData(4 * 131 + 2, 23)]
        public void Results_are_the_serial_loops(int widthInBytes, int height)
        {
            var random = new Random(widthInBytes * 7 + height);
            // (Past the last row: the step may read up to 3 bytes beyond it, as the serial loop does.)
            byte[] source = new byte[widthInBytes * height + 3], target = new byte[source.Length];
            random.NextBytes(source);
            random.NextBytes(target);
            Differential.Same(s_built.Value, "S", "AverageGray", source, target, widthInBytes, height);
            Differential.Same(s_built.Value, "S", "SwapRedBlue24", source, widthInBytes, height);
        }
    }
}
