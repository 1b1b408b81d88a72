using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>Race and loop-carried-dependence analysis (KG1xxx): exact diagnostics, the labelled corpus, and runs.</summary>
    public class RaceTests
    {
        private readonly ITestOutputHelper _output;
        public RaceTests(ITestOutputHelper output) => _output = output;

        private const string Parameters = "double[] a, double[] b, double[] r, int n, int[] idx, double[,] m, double[][] g";

        internal static string Kernel(string body, string parameters = Parameters, string attribute = "ParallelKernel") =>
            KernelUsings + KernelType(body, parameters, attribute, "K");

        private const string KernelUsings = "using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\n";

        private static string KernelType(string body, string parameters, string attribute, string type) => $@"public static partial class {type}
{{
    [{attribute}]
    public static void Run({parameters})
    {{
        {body}
    }}
}}
";

        /// <summary>KG1xxx diagnostics as "ID `text at the location`".</summary>
        private static List<string> Races(string source)
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099");
            return diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal))
                .Select(d => $"{d.Id} `{d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}`").ToList();
        }

        private static bool Parallelized(string source) => InMemory.Analyze(source).Any(d => d.Id == "KG3001");

        [Fact]
        public void A_counter_with_a_variable_one_step_behind_it_is_a_counter()
        {
            // for (j = 0, k = w - 1; j < w; k = j++): j is a counter with bounds (the rows' stores are apart), k is unknown.
            string rows = Kernel("foreach (int y in PRange(n)) for (int j = 0, k = 9; j < 10; k = j++) r[y * 10 + j] = a[y * 10 + k] - a[y * 10 + j];");
            Assert.Empty(Races(rows));
            Assert.True(Parallelized(rows));
            // A store through k: every iteration y stores r[0] (k is y in the first step, then 0).
            string shared = Kernel("foreach (int y in PRange(n)) for (int j = 0, k = y; j < 2; k = j++) r[k] = r[k] * 3 + y;");
            Assert.Equal(new[] { "KG1004 `r[k]`" }, Races(shared));
            Assert.False(Parallelized(shared));
            // k read where the loop writes: not affine, so not proved apart.
            string reads = Kernel("foreach (int y in PRange(n)) for (int j = 0, k = 9; j < 10; k = j++) r[y * 10 + j] = r[y * 10 + k] + 1;");
            Assert.NotEmpty(Races(reads));
            Assert.False(Parallelized(reads));
        }

        [Fact]
        public void Distance_one_read_is_reported_at_the_read()
        {
            string source = Kernel("foreach (int i in PRange(n - 1)) a[i] = a[i + 1];");
            Assert.Equal(new[] { "KG1001 `a[i + 1]`" }, Races(source));
            Diagnostic d = InMemory.Analyze(source).Single(x => x.Id == "KG1001");
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.StartsWith("`a[i + 1]` read in iteration i is written by iteration i + 1 (distance 1) at `a[i]`. A PRange loop asserts that its iterations are independent, so this stops the build. Fix:", d.GetMessage());
            Assert.Equal(9, d.Location.GetLineSpan().StartLinePosition.Line);
            Assert.False(Parallelized(source));
        }

        [Fact]
        public void A_race_after_hundreds_of_other_accesses_is_still_found()
        {
            // The analysis once stopped collecting accesses after the 256th: a race further down went unreported and
            // the loop ran in parallel. Repeated accesses are now analyzed once, and every one of them is reported.
            string reads = string.Concat(Enumerable.Repeat("s += b[i] * r[i];\n", 300));
            string source = Kernel($"foreach (int i in PRange(n - 1)) {{ double s = 0;\n{reads} a[i] = a[i + 1] + s; a[i] = a[i + 1] * 2; }}");
            Assert.Equal(new[] { "KG1001 `a[i + 1]`", "KG1001 `a[i + 1]`" }, Races(source));
            Assert.False(Parallelized(source));
        }

        [Fact]
        public void Subscripts_offset_by_long_MinValue_are_analyzed_without_overflow()
        {
            // Found by the random kernels: |long.MinValue| does not fit a long, and printing or testing such a
            // coefficient threw inside the analysis (KG2099, loop left serial).
            string source = Kernel("long lo = long.MinValue; const long Lo = long.MinValue; foreach (long i in PRange(long.MinValue, long.MinValue + n)) { r[i - lo] = r[i - lo] * 2; b[i - Lo] = b[i - Lo] + 1; }",
                "double[] r, double[] b, int n");
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099");
            Assert.Contains(diagnostics, d => d.Id == "KG3001");
            Assembly assembly = InMemory.Build(source);
            double[] r1 = Enumerable.Range(0, 1000).Select(x => (double)x).ToArray(), b1 = (double[])r1.Clone();
            double[] r2 = (double[])r1.Clone(), b2 = (double[])r1.Clone();
            InMemory.Call(assembly, "K", "Run", r1, b1, 1000);
            InMemory.Call(assembly, "K", "RunParallel", r2, b2, 1000);
            Assert.Equal(r1, r2);
            Assert.Equal(b1, b2);
        }

        [Fact]
        public void Flow_dependence_names_the_earlier_iteration()
        {
            Diagnostic d = InMemory.Analyze(Kernel("foreach (int i in PRange(1, n)) a[i] = a[i - 1] + 1;")).Single(x => x.Id == "KG1001");
            Assert.StartsWith("`a[i - 1]` read in iteration i is written by iteration i - 1 (distance 1)", d.GetMessage());
        }

        [Fact]
        public void Constant_and_modulo_writes_are_KG1002()
        {
            Assert.Equal(new[] { "KG1002 `a[0]`" }, Races(Kernel("foreach (int i in PRange(n)) a[0] = b[i];")));
            Assert.Equal(new[] { "KG1002 `r[i % 4]`" }, Races(Kernel("foreach (int i in PRange(n)) r[i % 4] = a[i];")));
        }

        [Fact]
        public void Index_array_write_warns_and_stays_parallel()
        {
            string source = Kernel("foreach (int i in PRange(n)) r[idx[i]] = a[i];");
            Assert.Equal(new[] { "KG1003 `r[idx[i]]`" }, Races(source));
            Diagnostic d = InMemory.Analyze(source).Single(x => x.Id == "KG1003");
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("permutation", d.GetMessage());
            Assert.True(Parallelized(source));
        }

        [Fact]
        public void Shared_temporary_written_then_read_is_KG1005()
        {
            Assert.Equal(new[] { "KG1005 `t`" }, Races(Kernel("double t = 0; foreach (int i in PRange(n)) { t = a[i] * 2; r[i] = t + 1; }")));
            // A counter advanced only in some iterations (stream compaction); advanced in every one it is an induction variable (InductionVariableTests).
            Assert.Equal(new[] { "KG1004 `r[c++]`", "KG1005 `c`" }, Races(Kernel("int c = 0; foreach (int i in PRange(n)) { if (a[i] > 0) r[c++] = a[i]; }")));
            Assert.Empty(Races(Kernel("int c = 0; foreach (int i in PRange(n)) r[c++] = a[i];")));
        }

        [Fact]
        public void Reduction_statements_are_not_races()
        {
            foreach (string body in new[] { "s += a[i];", "s = s + a[i];", "s = Math.Max(s, a[i]);" })
            {
                ImmutableArray<Diagnostic> d = InMemory.Analyze(Kernel($"double s = 0; foreach (int i in PRange(n)) {body} r[0] = s;"));
                Assert.DoesNotContain(d, x => x.Id.StartsWith("KG1", StringComparison.Ordinal));
                Assert.Contains(d, x => x.Id == "KG3001"); // a reduction (per-chunk partials)
            }
            // A reduction variable also read elsewhere in the loop is a race on its value.
            Assert.Equal(new[] { "KG1005 `s`" }, Races(Kernel("double s = 0; foreach (int i in PRange(n)) { s += a[i]; r[i] = s; }")));
        }

        [Fact]
        public void Inner_carried_is_fine_outer_carried_is_not()
        {
            Assert.Empty(Races(Kernel("foreach (int i in PRange(m.GetLength(0))) for (int j = 1; j < m.GetLength(1); j++) m[i, j] = m[i, j - 1] + 1;")));
            Assert.Equal(new[] { "KG1001 `m[i - 1, j]`" }, Races(Kernel("foreach (int i in PRange(1, m.GetLength(0))) for (int j = 0; j < m.GetLength(1); j++) m[i, j] = m[i - 1, j] + 1;")));
        }

        [Fact]
        public void Flattened_rows_are_independent()
        {
            string source = Kernel("foreach (int i in PRange(n)) for (int j = 0; j < n; j++) a[i * n + j] = a[i * n + j] * 2 + b[j];");
            Assert.Empty(Races(source));
            Assert.True(Parallelized(source));
        }

        [Fact]
        public void A_symbolic_coefficient_may_be_zero_but_the_step_may_not()
        {
            // n = 0 makes a[i * n] the same element in every iteration: parallel only where the launch finds n >= 1.
            string source = Kernel("foreach (int i in PRange(r.Length)) a[i * n] = r[i];");
            Assert.Empty(Races(source));
            Assert.Contains("runs in parallel where n >= 1 (checked at the launch", InMemory.Analyze(source).Single(d => d.Id == "KG3001").GetMessage());
            Assert.Empty(Races(Kernel("foreach (int i in PRange(0, n, idx[0])) a[i] = a[i] + 1;")));
        }

        [Fact]
        public void Pointers_that_may_overlap_run_in_parallel_only_where_the_launch_finds_them_apart()
        {
            // p = q + 1 makes this q[i] = q[i + 1]: the launch compares the bytes each pointer touches (p[1..n], q[0..n - 1]).
            foreach (string body in new[] { "q[i] = p[i + 1];", "q[i] = p[i] + q[i];" })
            {
                string source = Kernel($"foreach (int i in PRange(n)) {body}", "double* p, double* q, int n");
                Assert.Empty(Races(source));
                string message = InMemory.Analyze(source, unsafeCode: true).Single(d => d.Id == "KG3001").GetMessage();
                Assert.True(message.Contains("the memory p and q touch does not overlap", StringComparison.Ordinal), message);
            }
            // A subscript without bounds (through an index array): no range to compare, serial (q beside idx is checked).
            Assert.Equal(new[] { "KG1004 `p[idx[i]]`" }, Races(Kernel("foreach (int i in PRange(n)) q[i] = p[idx[i]];", "double* p, double* q, int n, int[] idx")));
            Assert.Empty(Races(Kernel("foreach (int i in PRange(n)) q[i] = q[i] * 2;", "double* p, double* q, int n")));
        }

        [Fact]
        public void Helpers_that_write_a_shared_array_keep_the_loop_serial()
        {
            const string Helpers = @"
public static partial class H
{
    public static void Bump(double[] x, int k) => x[k] += 1;
    public static double Sum(double[] x, int k) => x[k] + x.Length;
}";
            Assert.Equal(new[] { "KG1004 `r`" }, Races(Kernel("foreach (int i in PRange(n)) H.Bump(r, i % 3);") + Helpers));
            Assert.Empty(Races(Kernel("foreach (int i in PRange(n)) r[i] = H.Sum(a, i);") + Helpers));
        }

        [Fact]
        public void Deep_expressions_do_not_overflow()
        {
            string deep = string.Concat(Enumerable.Repeat("(i + ", 2000)) + "0" + new string(')', 2000);
            string sum = "i" + string.Concat(Enumerable.Repeat(" + 1", 2000));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            List<string> races = Races(Kernel($"foreach (int i in PRange(n)) {{ r[{sum}] = a[i]; b[{deep}] = 1; }}"));
            Assert.Contains(races, r => r.StartsWith("KG1004", StringComparison.Ordinal));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        }

        [Fact]
        public void Aliasing_arrays_run_serially_and_stay_correct()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Kernel("foreach (int i in PRange(n - 1)) r[i] = a[i + 1] + a[i];", "double[] a, double[] r, int n")));
            string generated = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("(global::System.Object.ReferenceEquals(a, r) || a is null || r is null) ? long.MaxValue", generated);
            // Same subscripts: no check needed (the same array would still be fine); only the null checks remain.
            (_, run) = InMemory.Generate(InMemory.Compile(Kernel("foreach (int i in PRange(n)) r[i] = a[i] * 2;", "double[] a, double[] r, int n")));
            Assert.DoesNotContain("ReferenceEquals(a, r)", string.Join("\n", run.GeneratedTrees.Select(t => t.ToString())));

            Assembly assembly = InMemory.Build(Kernel("foreach (int i in PRange(n - 1)) r[i] = a[i + 1] + a[i];", "double[] a, double[] r, int n"));
            MethodInfo parallel = assembly.GetType("K")!.GetMethod("RunParallel")!;
            const int N = 100_000;
            double[] serial = Enumerable.Range(0, N).Select(x => (double)x).ToArray();
            double[] same = (double[])serial.Clone();
            InMemory.Call(assembly, "K", "Run", serial, serial, N);
            parallel.Invoke(null, new object[] { same, same, N });
            Assert.Equal(serial, same);
            double[] input = Enumerable.Range(0, N).Select(x => (double)x).ToArray(), output = new double[N];
            parallel.Invoke(null, new object[] { input, output, N });
            Assert.Equal(2 * 5.0 + 1, output[5]);
        }

        [Fact]
        public void Corpus_precision_and_recall()
        {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            var misses = new List<string>();
            foreach (RaceCorpus.Case c in RaceCorpus.Cases)
            {
                string source = Kernel(c.Body);
                ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
                Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099" || d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("KG", StringComparison.Ordinal));
                bool flagged = diagnostics.Any(d => d.Id.StartsWith("KG1", StringComparison.Ordinal));
                if (flagged && c.Racy) tp++;
                else if (flagged) { fp++; misses.Add($"false positive {c.Name}: {string.Join("; ", diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).Select(d => d.GetMessage()))}"); }
                else if (c.Racy) { fn++; misses.Add($"false negative {c.Name}: {string.Join("; ", diagnostics.Select(d => d.Id))}"); }
                else
                {
                    tn++;
                    if (!diagnostics.Any(d => d.Id == "KG3001"))
                        misses.Add($"race-free but not parallelized {c.Name}: {string.Join("; ", diagnostics.Select(d => d.Id + " " + d.GetMessage()))}");
                }
            }
            double precision = tp / (double)Math.Max(1, tp + fp), recall = tp / (double)Math.Max(1, tp + fn);
            _output.WriteLine($"{RaceCorpus.Cases.Count} kernels: TP {tp}, FP {fp}, FN {fn}, TN {tn}; precision {precision:F3}, recall {recall:F3}");
            foreach (string miss in misses) _output.WriteLine(miss);
            Assert.True(RaceCorpus.Cases.Count >= 80);
            Assert.True(precision >= 0.97, $"precision {precision:F3}\n{string.Join("\n", misses)}");
            Assert.True(recall >= 0.95, $"recall {recall:F3}\n{string.Join("\n", misses)}");
            Assert.DoesNotContain(misses, m => m.StartsWith("race-free but not parallelized", StringComparison.Ordinal));
        }

        public static TheoryData<string> RaceFreeCases()
        {
            var data = new TheoryData<string>();
            foreach (RaceCorpus.Case c in RaceCorpus.Cases)
                if (!c.Racy && !c.Reduction) data.Add(c.Name); // reductions: floating-point sums regroup (their own tests); see s_raceFree
            return data;
        }

        /// <summary>The race-free corpus kernels (<see cref="RaceFreeCases"/>) built once, each its own class, found by case name.</summary>
        private static readonly Lazy<(Assembly Assembly, Dictionary<string, string> Types)> s_raceFree = new(() =>
        {
            List<RaceCorpus.Case> cases = RaceCorpus.Cases.Where(c => !c.Racy && !c.Reduction).ToList();
            var types = cases.Select((c, k) => (c.Name, Type: "K" + k)).ToDictionary(t => t.Name, t => t.Type, StringComparer.Ordinal);
            string source = KernelUsings + string.Concat(cases.Select(c => KernelType(c.Body, Parameters, "ParallelKernel(ChunkSize = 7)", types[c.Name])));
            return (InMemory.Build(source), types);
        });

        /// <summary>Every race-free corpus kernel, in small chunks so they really interleave: parallel == serial, bitwise.</summary>
        [Theory, MemberData(nameof(RaceFreeCases))]
        public void Race_free_corpus_kernels_run_in_parallel_like_serial(string name)
        {
            (Assembly assembly, Dictionary<string, string> types) = s_raceFree.Value;
            string type = types[name];
            const int N = 300;
            object[] Args()
            {
                var random = new Random(7);
                double[] Doubles(int count) => Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray();
                var m = new double[N, N];
                for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) m[i, j] = random.NextDouble();
                return new object[] { Doubles(N * N), Doubles(N * N), Doubles(N * N), N, Enumerable.Range(0, N).ToArray(), m, Enumerable.Range(0, N).Select(_ => Doubles(N)).ToArray() };
            }
            object[] serial = Args(), parallel = Args();
            InMemory.Call(assembly, type, "Run", serial);
            assembly.GetType(type)!.GetMethod("RunParallel")!.Invoke(null, parallel);
            for (int k = 0; k < serial.Length; k++)
                Assert.True(Differential.Bitwise(serial[k], parallel[k]), $"{name}: argument {k} differs from the serial run's");
        }
    }
}
