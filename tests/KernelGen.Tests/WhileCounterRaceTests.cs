using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// While loops that count, storing as they go (<c>int x = 0; while (x &lt; w) { a[y * w + x] = …; x++; }</c>), as
    /// code ported from C writes its inner loops (the counter-and-step while of marzxxx90/BloodPlus's
    /// Get_N_DaysMovingAverage, there reading, here storing). The race analysis bounded only for loops, so every such
    /// store was "not an affine function of the loop indices": KG1004, serial. RaceAnalysis.CountWhile now counts them like
    /// the for loop they spell, where the counter is named only in its declaration's block before the loop and in the
    /// loop, and changed only by the step that ends the body. Anything else stays KG1004. Counting up, they are counted
    /// loops in the IR too (stop 59): an inner vector loop.
    /// </summary>
    public class WhileCounterRaceTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class W
            {
                [ParallelKernel]
                public static void Rows(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int x = 0;
                        while (x < w) { a[y * w + x] = x * 0.5f + y; x++; }
                    }
                }

                // Adding in place: an element run twice (the vector loop, then the remainder from the start) would show.
                [ParallelKernel]
                public static void Add(int[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int x = 0;
                        while (x < w) { a[y * w + x] += y + 1; x++; }
                    }
                }

                // From the row's absolute start to an end computed from it.
                [ParallelKernel]
                public static void Blocks(float[] a, float[] b, int n)
                {
                    foreach (int y in PRange(n))
                    {
                        int k = y * 4;
                        int end = k + 4;
                        while (k < end) { a[k] = b[k] * 2; k = k + 1; }
                    }
                }

                // Down the row, from its last element.
                [ParallelKernel]
                public static void Down(int[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        int x = w - 1;
                        while (x >= 0) { a[y * w + x] = a[y * w + x] * 2 + x; x--; }
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Counted_whiles_run_in_parallel()
        {
            Assert.DoesNotContain(InMemory.Analyze(Source, InMemory.ParseOptions), d => d.Id.StartsWith("KG1", StringComparison.Ordinal));
            Type w = s_built.Value.GetType("W")!;
            foreach (string kernel in new[] { "Rows", "Blocks", "Down" }) Assert.NotNull(w.GetMethod(kernel + "Parallel"));
        }

        [Fact]
        public void Counted_whiles_up_run_on_vectors()
        {
            // The IR counts them (Lowering.CountedWhile); the scalar remainder sets the counter to where the vector loop
            // stopped before the loop resumes.
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "W");
            foreach ((string kernel, string header) in new[] { ("Rows", "while (x < w)"), ("Add", "while (x < w)"), ("Blocks", "while (k < end)") })
            {
                string text = InMemory.Section(generated(kernel));
                Assert.Contains($"vector: inner loop '{header}'", text);
                Assert.Contains(header.Substring(7, 1) + " = __kg_x;", text);
            }
        }

        [Theory]
        [InlineData(0, 0)]
        [InlineData(3, 1)]
        [InlineData(17, 9)]
        [InlineData(257, 130)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w * 7 + h);
            Differential.Same(s_built.Value, "W", "Rows", new float[w * h + 3], w, h);
            Differential.Same(s_built.Value, "W", "Add", Enumerable.Range(0, w * h).ToArray(), w, h);
            float[] b = Enumerable.Range(0, 4 * h).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "W", "Blocks", new float[4 * h], b, h);
            Differential.Same(s_built.Value, "W", "Down", Enumerable.Range(0, w * h).Select(_ => random.Next(-9, 9)).ToArray(), w, h);
            // Too short: the serial loop throws partway, and so does the parallel one.
            Differential.Same(s_built.Value, "W", "Blocks", new float[4 * h], new float[Math.Max(0, 4 * h - 2)], h);
        }

        [Theory]
        // One past the row: the next row's first element is stored by two iterations.
        [InlineData("int x = 0; while (x <= w) { a[y * w + x] = x; x++; }")]
        // Two steps a pass.
        [InlineData("int x = 0; while (x < w) { a[y * w + x] = x; x++; x++; }")]
        // The step before the store: x runs from 1 to w.
        [InlineData("int x = 0; while (x < w) { x++; a[y * w + x] = x; }")]
        // Read after the loop (x is w there, or 0).
        [InlineData("int x = 0; while (x < w) { a[y * w + x] = x; x++; } a[y * w + x] = 0;")]
        // Changed in the body besides its step.
        [InlineData("int x = 0; while (x < w) { a[y * w + x] = x; if (a[0] > 5) x += 2; x++; }")]
        // Declared outside the block that holds the loop: the second pass of c goes on from where the first stopped.
        [InlineData("int x = 0; for (int c = 0; c < 2; c++) { while (x < w) { a[y * w + x - c] = x; x++; } }")]
        public void Whiles_that_do_not_count_keep_their_diagnostic(string body)
        {
            string source = $$"""
                using KernelGen;
                using static KernelGen.Kernel;
                public static partial class G
                {
                    [ParallelKernel]
                    public static void Run(float[] a, int w, int h)
                    {
                        foreach (int y in PRange(h))
                        {
                            {{body}}
                        }
                    }
                }
                """;
            Assert.Contains(InMemory.Analyze(source, InMemory.ParseOptions), d => d.Id is "KG1004" or "KG1002");
        }
    }
}
