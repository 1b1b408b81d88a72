using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// argmin/argmax (issue 12): 'if (d &lt; best) { best = d; bestIndex = i; }' (any of &lt; &lt;= &gt; &gt;=, either way
    /// round, the two assignments in either order, the index any expression of i) was a KG1005 build error; it is the
    /// select-idiom reduction carrying an index. Each chunk keeps its pair and whether it took any value (a chunk of NaNs
    /// under '&lt;=' must not tie with an infinite start); the pairs fold in chunk order with the loop's comparison. The
    /// serial bits: '&lt;' keeps the first of equal values, '&lt;=' the last, NaN never wins, a NaN start stays.
    /// ChunkSize = 7 puts ties, NaNs and infinities across chunk boundaries.
    /// </summary>
    public class ArgSelectReductionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                [ParallelKernel(ChunkSize = 7)]
                public static (float, int) ArgMinF(float[] a, float start, int startIndex)
                {
                    float best = start;
                    int bestIndex = startIndex;
                    foreach (int i in PRange(a.Length))
                    {
                        if (a[i] < best)
                        {
                            best = a[i];
                            bestIndex = i;
                        }
                    }
                    return (best, bestIndex);
                }

                // '<=': the last of equal values; the assignments the other way round.
                [ParallelKernel(ChunkSize = 7)]
                public static (float, int) LastArgMinF(float[] a, float start)
                {
                    float best = start;
                    int at = -1;
                    foreach (int i in PRange(a.Length))
                        if (a[i] <= best) { at = i; best = a[i]; }
                    return (best, at);
                }

                // The comparison written the other way round ('best < e' is argmax '>'), an index expression of i.
                [ParallelKernel(ChunkSize = 7)]
                public static (double, long) ArgMaxD(double[] a, double start)
                {
                    double best = start;
                    long where = -5;
                    foreach (int i in PRange(a.Length))
                    {
                        double v = a[i] * 2;
                        if (best < v) { best = v; where = 3L * i + 1; }
                    }
                    return (best, where);
                }

                [ParallelKernel(ChunkSize = 7)]
                public static (double, int) LastArgMaxD(double[] a, double start)
                {
                    double best = start;
                    int bestIndex = int.MinValue;
                    foreach (int i in PRange(1, a.Length + 1))
                        if (a[i - 1] >= best) { best = a[i - 1]; bestIndex = i; }
                    return (best, bestIndex);
                }

                [ParallelKernel(ChunkSize = 7)]
                public static (int, int) ArgMinI(int[] a, int start)
                {
                    int best = start, bestIndex = -1;
                    foreach (int i in PRange(a.Length))
                        if (a[i] < best) { best = a[i]; bestIndex = i; }
                    return (best, bestIndex);
                }

                // With other reductions in the same loop, and an index that is an induction variable.
                [ParallelKernel(ChunkSize = 7)]
                public static (float, int) Mixed(float[] a, float start)
                {
                    float best = start, low = float.MaxValue, sum = 0;
                    int at = -1, k = 100;
                    foreach (int i in PRange(a.Length))
                    {
                        if (a[i] < low) low = a[i];
                        if (best <= a[i]) { best = a[i]; at = k; }
                        sum += 1;
                        k += 2;
                    }
                    return (best + low + sum, at + k);
                }

                [ParallelKernel(ChunkSize = 7)]
                public static (int, int) LastArgMaxI(int[] a, int start)
                {
                    int best = start, bestIndex = -1;
                    foreach (int i in PRange(a.Length))
                        if (best <= a[i]) { best = a[i]; bestIndex = i; }
                    return (best, bestIndex);
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void The_pair_is_one_reduction_in_the_report()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
            string[] reports = diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage()).ToArray();
            Assert.Equal(7, reports.Length);
            Assert.Contains(reports, r => r.Contains("best, bestIndex (argmin <: first of equal values)"));
            Assert.Contains(reports, r => r.Contains("low (float select<: if <)") && r.Contains("best, at (argmax >=: last of equal values)") && r.Contains("sum (float sum: +=)")
                && r.Contains("induction: k advances 2"));
            Assert.Contains(reports, r => r.Contains("best, at (argmin <=: last of equal values)"));
            Assert.Contains(reports, r => r.Contains("best, where (argmax >: first of equal values)"));
            Assert.Contains(reports, r => r.Contains("best, bestIndex (argmax >=: last of equal values)"));
        }

        [Theory]
        [InlineData("if (a[i] < m) { m = a[i]; j = i; k = i; }")]         // a third assignment
        [InlineData("if (a[i] < m) { m = a[i]; j = i; } else j = 0;")]    // an else
        [InlineData("if (a[i] < m) { m = a[i]; j = i; } r[i] = j;")]      // the index read elsewhere
        [InlineData("if (a[i] < m) { m = a[i]; j = i; } j++;")]           // the index written elsewhere
        [InlineData("if (a[i] < m) { m = a[i]; j = (int)m; }")]           // the index reads the value
        [InlineData("if (a[i] < m) { m = a[i]; j = j + 1; }")]            // the index reads itself
        [InlineData("if (a[i] < m) { m = a[i]; j = i; } if (a[i] * 2 < m) m = a[i] * 2;")] // an update without the index
        [InlineData("if (a[i] < m) { m = a[i] + 1; j = i; }")]            // stores another value than it compared
        [InlineData("if (a[i] < m) { m = a[i]; j = r[i]++; }")]          // the index expression writes
        public void Other_shapes_are_still_not_reductions(string statement)
        {
            string source = "using KernelGen; using static KernelGen.Kernel; public static partial class T { [ParallelKernel] public static float F(float[] a, int[] r) { float m = 0; int j = 0, k = 0; foreach (int i in PRange(a.Length)) { " + statement + " } return m + j + k; } }";
            Assert.Contains(InMemory.Analyze(source), d => d.Id is "KG1005" or "KG2006" or "KG1001" or "KG1002" or "KG1004");
        }

        internal static float[] Floats(int n, int seed)
        {
            var r = new Random(seed);
            float[] pool = { float.NaN, 0f, -0f, 1f, -1f, float.PositiveInfinity, float.NegativeInfinity, 3.5f, float.MaxValue };
            return Enumerable.Range(0, n).Select(_ => r.Next(3) == 0 ? pool[r.Next(pool.Length)] : r.Next(-5, 6)).ToArray(); // many ties
        }

        private static (float[] F, double[] D, int[] I) Inputs(int n, int seed)
        {
            float[] f = Floats(n, seed);
            if (seed % 4 == 3) Array.Fill(f, float.NaN);                             // nothing ever wins
            if (seed % 4 == 2) for (int k = 0; k < n; k++) if (k % 5 != 0) f[k] = float.NaN; // NaN-only chunks between values
            double[] d = f.Select(x => (double)x).ToArray();
            int[] ints = f.Select(x => float.IsFinite(x) ? (int)x : x > 0 ? int.MaxValue : int.MinValue).ToArray();
            return (f, d, ints);
        }

        private static string Bits(object? tuple) => tuple switch
        {
            ValueTuple<float, int> t => $"{BitConverter.SingleToInt32Bits(t.Item1):x8}@{t.Item2}",
            ValueTuple<double, long> t => $"{BitConverter.DoubleToInt64Bits(t.Item1):x16}@{t.Item2}",
            ValueTuple<double, int> t => $"{BitConverter.DoubleToInt64Bits(t.Item1):x16}@{t.Item2}",
            ValueTuple<int, int> t => $"{t.Item1}@{t.Item2}",
            _ => throw new InvalidOperationException("unexpected result " + tuple),
        };

        /// <summary>Every kernel, serial against parallel, on the inputs of one size: the differences found.</summary>
        internal static int Mismatches(Assembly assembly, int n)
        {
            int differences = 0;
            void Check(string name, params object[] args)
            {
                string serial = Bits(InMemory.Call(assembly, "S", name, args)), parallel = Bits(InMemory.Call(assembly, "S", name + "Parallel", args));
                if (serial != parallel) differences++;
            }
            for (int seed = 0; seed < 8; seed++)
            {
                (float[] f, double[] d, int[] ints) = Inputs(n, n * 10 + seed);
                foreach (float start in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 2f, -0f, 0f, float.MaxValue })
                {
                    Check("ArgMinF", f, start, -7);
                    Check("LastArgMinF", f, start);
                    Check("ArgMaxD", d, (double)start);
                    Check("LastArgMaxD", d, (double)start);
                    Check("Mixed", f, start);
                }
                foreach (int start in new[] { int.MaxValue, int.MinValue, 0, 3 })
                {
                    Check("ArgMinI", ints, start);
                    Check("LastArgMaxI", ints, start);
                }
            }
            return differences;
        }

        [Theory]
        [InlineData(0), InlineData(1), InlineData(6), InlineData(7), InlineData(8), InlineData(9), InlineData(29), InlineData(1000)]
        public void Matches_serial_bitwise(int n) => Assert.Equal(0, Mismatches(Built.Value, n));

        [Fact]
        public void Ties_keep_the_first_or_the_last_index_across_chunks()
        {
            var a = new float[100];
            Array.Fill(a, 4f);
            a[3] = a[20] = a[97] = -1f; // three chunks hold the minimum
            Assert.Equal((-1f, 3), ((float, int))InMemory.Call(Built.Value, "S", "ArgMinFParallel", a, float.PositiveInfinity, -1)!);
            Assert.Equal((-1f, 97), ((float, int))InMemory.Call(Built.Value, "S", "LastArgMinFParallel", a, float.PositiveInfinity)!);
            // All NaN: nothing wins, the start (value and index) stays, also an infinite start under '<='.
            Array.Fill(a, float.NaN);
            Assert.Equal((float.PositiveInfinity, -1), ((float, int))InMemory.Call(Built.Value, "S", "LastArgMinFParallel", a, float.PositiveInfinity)!);
        }

        /// <summary>
        /// The differential test above catches a wrong combine: the generated code with its chunk-combining step mutated
        /// (the flag that a chunk took a value ignored; ties taken the other way) gives other results than the serial loop.
        /// </summary>
        [Theory]
        [InlineData("__kg_body0.__kg_taken_best[__kg_c] && ", "")]                                       // a chunk that took nothing competes
        [InlineData("__kg_partials_best[__kg_c] < __kg_total_best", "__kg_partials_best[__kg_c] <= __kg_total_best")] // '<' ties across chunks
        [InlineData("__kg_partials_best[__kg_c] >= __kg_total_best", "__kg_partials_best[__kg_c] > __kg_total_best")] // '>=' ties across chunks
        [InlineData("__kg_total_best <= best", "__kg_total_best < best")]                                     // '<=' ties with the start
        [InlineData("__kg_total_at = __kg_body0.__kg_partials_at[__kg_c]", "__kg_total_at = __kg_body0.__kg_partials_at[0]")] // the wrong chunk's index
        public void A_mutated_combine_is_caught(string original, string mutated)
        {
            Assembly mutant = InMemory.BuildMutant(Source, original, mutated);
            Assert.True(new[] { 8, 9, 29, 1000 }.Sum(n => Mismatches(mutant, n)) > 0, "the differential test did not notice the mutation");
        }
    }
}
