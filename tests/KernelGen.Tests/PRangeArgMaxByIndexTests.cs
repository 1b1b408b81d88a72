using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// argmax/argmin over the PRange index by index alone, <c>if (a[i] &gt; a[best]) best = i;</c> (Reductions.ByIndexAlone):
    /// how C# code usually finds the largest element (a BCL-style IndexOfMax, the pivot search of Gaussian elimination,
    /// <c>Math.Abs(m[r, col]) &gt; Math.Abs(m[p, col])</c>, as in Accord.NET's and Math.NET's LU decompositions, written
    /// here in our own words). It was KG1005 (every iteration reads the shared best); it now runs as the value-and-index
    /// reduction with the element at best as the value: each chunk starts from best as it was before the loop, and the
    /// chunks' picks are combined in chunk order. The serial index: '&gt;' keeps the first of equal values, '&gt;=' the
    /// last, a NaN never wins, a NaN at the start is never beaten, and a start out of range throws where the serial
    /// loop's first iteration does.
    /// </summary>
    public class PRangeArgMaxByIndexTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class X
            {
                // The first of equal maximums, from element 1 with best = 0.
                [ParallelKernel]
                public static int ArgMax(float[] a)
                {
                    int best = 0;
                    foreach (int i in PRange(1, a.Length))
                        if (a[i] > a[best]) best = i;
                    return best;
                }

                // The last of equal minimums, the test written the other way round, from the caller's start.
                [ParallelKernel]
                public static int LastArgMin(double[] d, int start)
                {
                    int at = start;
                    foreach (int i in PRange(d.Length))
                    {
                        if (d[at] >= d[i]) { at = i; }
                    }
                    return at;
                }

                // A pivot search down a column (the element's expression is a Math call: a scalar chunk body).
                [ParallelKernel]
                public static int Pivot(double[,] m, int col)
                {
                    int p = col;
                    foreach (int r in PRange(col + 1, m.GetLength(0)))
                        if (Math.Abs(m[r, col]) > Math.Abs(m[p, col])) p = r;
                    return p;
                }

                // A long index over bytes, beside a sum, on every third element.
                [ParallelKernel]
                public static long BrightestOfThird(byte[] b, double[] total)
                {
                    long best = 0;
                    double sum = 0;
                    foreach (int i in PRange(0, b.Length, 3))
                    {
                        sum += b[i];
                        if (b[i] > b[best]) best = i;
                    }
                    total[0] = sum;
                    return best;
                }

                // Both ends of one row of a jagged array at once.
                [ParallelKernel]
                public static int Range(int[][] rows, int k, int[] lowest)
                {
                    int hi = 0, lo = 0;
                    foreach (int i in PRange(rows[k].Length))
                    {
                        if (rows[k][i] >= rows[k][hi]) hi = i;
                        if (rows[k][i] < rows[k][lo]) lo = i;
                    }
                    lowest[0] = lo;
                    return hi;
                }

                // The loop also stores elements: the array stored may be the one compared, so the element at best could
                // change after best took it. Not the idiom: the race stays KG1005 and the loop serial.
                [ParallelKernel]
                public static int StoresToo(float[] a, float[] half)
                {
                    int best = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        half[i] = a[i] * 0.5f;
                        if (a[i] > a[best]) best = i;
                    }
                    return best;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "X"));

        [Fact]
        public void The_report_names_the_index_and_the_element_at_it()
        {
            string argMax = InMemory.Section(s_generated.Value("ArgMax"));
            Assert.Contains("reductions: best (argmax > by the element at it, a[best]: first of equal values)", argMax);
            Assert.Contains("vector accumulators for best (select>, by the element at best)", argMax);
            Assert.Contains("at (argmin <= by the element at it, d[at]: last of equal values)", InMemory.Section(s_generated.Value("LastArgMin")));
            Assert.Contains("p (argmax > by the element at it, Math.Abs(m[p, col])", InMemory.Section(s_generated.Value("Pivot")));
            Assert.Contains("hi (argmax >=", InMemory.Section(s_generated.Value("Range")));
            Assert.Contains("lo (argmin <", InMemory.Section(s_generated.Value("Range")));
            // StoresToo: serial (no parallel version is generated), with the race at its read of best.
            var race = Assert.Single(InMemory.Analyze(Source, InMemory.ParseOptions), d => d.Id == "KG1005");
            Assert.Contains("keep the value beside it", race.GetMessage());
            Assert.Null(s_built.Value.GetType("X")!.GetMethod("StoresTooParallel"));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(17)]
        [InlineData(100)]
        [InlineData(1001)] // (the normal schedule runs one chunk at these sizes, with vector steps; the reversed one chunks of 3)
        public void Results_are_the_serial_loops(int n)
        {
            var random = new Random(n);
            float[] a = Differential.TieFloats(random, n);
            Differential.Same(s_built.Value, "X", "ArgMax", a);
            double[] d = Differential.TieFloats(random, n).Select(f => (double)f).ToArray();
            foreach (int start in new[] { 0, n - 1, n / 2 })
                Differential.Same(s_built.Value, "X", "LastArgMin", d, start);
            var m = new double[n + 1, 3];
            for (int r = 0; r <= n; r++) m[r, 1] = random.Next(-3, 4) * (random.Next(9) == 0 ? double.NaN : 1);
            Differential.Same(s_built.Value, "X", "Pivot", m, 1);
            byte[] b = Enumerable.Range(0, n).Select(_ => (byte)random.Next(200, 256)).ToArray();
            Differential.Same(s_built.Value, "X", "BrightestOfThird", b, new double[1]);
            int[][] rows = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => random.Next(-5, 5)).ToArray()).ToArray();
            Differential.Same(s_built.Value, "X", "Range", rows, 1, new int[1]);
        }

        [Fact]
        public void Large_arrays_run_in_parallel_chunks_and_agree()
        {
            // Ties everywhere (values 0..15), so each chunk's pick competes with the others' on equal elements.
            var random = new Random(7);
            float[] a = Enumerable.Range(0, 1 << 18).Select(_ => (float)random.Next(16)).ToArray();
            double[] d = a.Select(f => (double)-f).ToArray();
            Assert.Equal(InMemory.Call(s_built.Value, "X", "ArgMax", a), InMemory.Call(s_built.Value, "X", "ArgMaxParallel", a));
            Assert.Equal(InMemory.Call(s_built.Value, "X", "LastArgMin", d, 5), InMemory.Call(s_built.Value, "X", "LastArgMinParallel", d, 5));
        }

        [Fact]
        public void A_start_out_of_the_array_throws_as_the_serial_loop_does()
        {
            double[] d = new double[40_000];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "X", "LastArgMin", d, 40_000));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "X", "LastArgMinParallel", d, 40_000));
            // No iterations: the start is never read, by either.
            Assert.Equal(-3, InMemory.Call(s_built.Value, "X", "LastArgMinParallel", new double[0], -3));
        }

        [Theory]
        // A span store (the span may be the array compared), a call of the kernel's own helper (which may write it), an
        // indexer of the user's type (whose getter may write anything), Math.DivRem's out into an element.
        [InlineData("Span<float> s = o; foreach (int i in PRange(a.Length)) { s[i] = 0; if (a[i] > a[best]) best = i; }")]
        [InlineData("foreach (int i in PRange(a.Length)) { if (a[i] > a[best]) best = i; Touch(a, i); }")]
        [InlineData("foreach (int i in PRange(a.Length)) { if (g[i] > g[best]) best = i; }")]
        [InlineData("foreach (int i in PRange(a.Length)) { if (a[i] > a[best]) best = i; Math.DivRem(i, 3, out q[i]); }")]
        public void Loops_that_may_change_the_element_at_best_keep_the_race(string loop)
        {
            string source = """
                using System;
                using KernelGen;
                using static KernelGen.Kernel;

                public sealed class Grid { public float[] Data = new float[1]; public float this[int i] { get { Data[0] = i; return Data[i]; } } }

                public static partial class Y
                {
                    static void Touch(float[] a, int i) => a[0] = i;

                    [ParallelKernel]
                    public static int Run(float[] a, float[] o, int[] q, Grid g)
                    {
                        int best = 0;
                        LOOP
                        return best;
                    }
                }
                """.Replace("LOOP", loop);
            var diagnostics = InMemory.Analyze(source, InMemory.ParseOptions);
            Assert.Contains(diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error && d.Id.StartsWith("KG1", StringComparison.Ordinal));
        }

        [Fact]
        public void A_combine_that_forgets_whether_a_chunk_moved_the_index_is_caught()
        {
            // '>=' keeps the last of equal values: a chunk that never moved 'at' still holds the start, whose element may
            // equal the running pick's; without the flag the combine would go back to the start.
            Assembly mutant = InMemory.BuildMutant(Source, "if (__kg_body0.__kg_taken___kg_bv_at[__kg_c] && ", "if (");
            double[] d = { 1, 0, 5, 0, 5, 5, 5, 5, 5, 5, 5, 5 };
            Assert.Equal(3, InMemory.Call(s_built.Value, "X", "LastArgMin", d, 1));
            Assert.Equal(3, RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "X", "LastArgMinParallel", d, 1)));
            Assert.NotEqual(3, RuntimeSettings.Reversed(3, () => InMemory.Call(mutant, "X", "LastArgMinParallel", d, 1)));
        }
    }
}
