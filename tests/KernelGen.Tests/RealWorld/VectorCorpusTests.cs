using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.RealWorld
{
    /// <summary>
    /// The vector corpus (<see cref="VectorCorpus"/>, issue 12): loops ported from public imaging, audio, ML,
    /// simulation and linear-algebra code. Each case must compile before and after generation, its generated
    /// <c>RunParallel</c> must compute what the serial <c>Run</c> computes (bitwise, or within the case's documented
    /// tolerance for floating-point reductions), and the census of what each loop got (parallel? vector body?) is
    /// checked in as <c>vector-corpus-census.txt</c>: a loop may gain, never lose. Run with
    /// <c>dotnet test tests/KernelGen.Tests --filter FullyQualifiedName~VectorCorpus</c>; take gains into the file with
    /// <c>KERNELGEN_UPDATE_CENSUS=1</c>.
    /// </summary>
    public class VectorCorpusTests
    {
        private readonly ITestOutputHelper _output;
        public VectorCorpusTests(ITestOutputHelper output) => _output = output;

        internal static string CensusPath => Path.Combine(PackageTests.RepositoryRoot(), "tests", "KernelGen.Tests", "RealWorld", "vector-corpus-census.txt");

        public static TheoryData<string> AllCases()
        {
            var data = new TheoryData<string>();
            foreach (VectorCorpus.Case c in VectorCorpus.Cases) data.Add(c.Name);
            return data;
        }

        /// <summary>Built images by source text: the compile test and the differential test share them.</summary>
        private static readonly ConcurrentDictionary<string, Lazy<EffectCorpusTests.Image>> s_images = new(StringComparer.Ordinal);

        internal static EffectCorpusTests.Image ImageOf(string source) =>
            s_images.GetOrAdd(source, s => new Lazy<EffectCorpusTests.Image>(() => EffectCorpusTests.Image.Build(s))).Value;

        /// <summary>The case with small chunks (several per thread, vector bodies with tails in each), parallel from one iteration on.</summary>
        internal static string Chunked(string source, int chunk)
        {
            string settings = $"ChunkSize = {chunk}, MinParallelTripCount = 1";
            return source.Replace("[ParallelKernel]", $"[ParallelKernel({settings})]", StringComparison.Ordinal)
                         .Replace("[ParallelKernel(", $"[ParallelKernel({settings}, ", StringComparison.Ordinal)
                         .Replace($"[ParallelKernel({settings}, {settings})]", $"[ParallelKernel({settings})]", StringComparison.Ordinal);
        }

        private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
            string.Join("\n", diagnostics.Select(d => $"  {d.Id} {d.GetMessage(CultureInfo.InvariantCulture)}")) is { Length: > 0 } s ? s : "  (no KernelGen diagnostics)";

        private static bool IsRaceError(Diagnostic d) => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("KG1", StringComparison.Ordinal);

        [Theory, MemberData(nameof(AllCases))]
        public void VectorCorpus_case_compiles_and_generated_code_compiles(string name)
        {
            VectorCorpus.Case c = VectorCorpus.Get(name);
            EffectCorpusTests.Image image = ImageOf(c.Source);
            if (image.Bytes is null)
            {
                // Which side fails: the case's own source (bound alone only here: a built image proves it compiles), or the generated code.
                var errors = InMemory.Compile(c.Source).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, $"{name}: the corpus source does not compile:\n{string.Join("\n", errors)}");
            }
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(c.Source);
            _output.WriteLine($"{name} ({c.Citation})\n{Describe(diagnostics)}");
            Assert.True(!diagnostics.Any(d => d.Id == "KG2099"), $"{name}: the analyzer failed:\n{Describe(diagnostics)}");
            if (c.KnownIssue is null)
                Assert.True(!diagnostics.Any(IsRaceError), $"{name} is race-free but KernelGen reports a race Error:\n{Describe(diagnostics)}");
            else if (c.KnownIssue.StartsWith("false race", StringComparison.Ordinal))
                Assert.True(diagnostics.Any(IsRaceError), $"{name}: known issue ({c.KnownIssue}) no longer reproduces — remove KnownIssue:\n{Describe(diagnostics)}");
            Assert.True(image.Bytes is not null, $"{name}: {image.Failure}");
        }

        /// <summary>Bitwise comparison of results (tolerance 0), or relative within the case's tolerance for float/double values.</summary>
        internal static class Results
        {
            public static void Compare(object? expected, object? actual, string path, double tolerance, List<string> diffs)
            {
                if (diffs.Count > 20) return;
                switch (expected)
                {
                    case null:
                        if (actual is not null) diffs.Add($"{path}: null vs {actual}");
                        return;
                    case float e:
                        if (!Same(e, (float)actual!, tolerance)) diffs.Add($"{path}: {e:R} vs {(float)actual!:R}");
                        return;
                    case double e:
                        if (!Same(e, (double)actual!, tolerance)) diffs.Add($"{path}: {e:R} vs {(double)actual!:R}");
                        return;
                    case Array ea when actual is Array aa:
                        if (ea.Rank != aa.Rank || Enumerable.Range(0, ea.Rank).Any(r => ea.GetLength(r) != aa.GetLength(r))) { diffs.Add($"{path}: array shape differs"); return; }
                        int index = 0;
                        IEnumerator ae = aa.GetEnumerator();
                        foreach (object? item in ea)
                        {
                            ae.MoveNext();
                            Compare(item, ae.Current, $"{path}[{index++}]", tolerance, diffs);
                        }
                        return;
                }
                if (expected.GetType().IsPrimitive)
                {
                    if (!expected.Equals(actual)) diffs.Add($"{path}: {expected} vs {actual}");
                    return;
                }
                EffectCorpusTests.Compare.Values(expected, actual, path, diffs);
            }

            // Both NaN counts as equal: which NaN comes out may differ between vector and scalar paths (see README).
            private static bool Same(double e, double a, double tolerance) =>
                BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a) || double.IsNaN(e) && double.IsNaN(a)
                || tolerance > 0 && Math.Abs(e - a) <= tolerance * Math.Max(1.0, Math.Max(Math.Abs(e), Math.Abs(a)));

            private static bool Same(float e, float a, double tolerance) =>
                BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a) || float.IsNaN(e) && float.IsNaN(a)
                || tolerance > 0 && Math.Abs((double)e - a) <= tolerance * Math.Max(1.0, Math.Max(Math.Abs(e), Math.Abs(a)));
        }

        // ───────────────────────────── census ─────────────────────────────

        /// <summary>One case's census entry: its plan, and (not compared) why it is serial or has no vector body.</summary>
        internal sealed record Entry(string Name, PlanCensusTests.Plan Plan, string Detail)
        {
            /// <summary>
            /// The reason a loop is serial (the diagnostic) or has no vector body (the planner's first reason: the
            /// loop body's, before any "; inner loop …"), with quoted code elided so that loops blocked by the same
            /// construct group together in the summary.
            /// </summary>
            public string Blocker => !Plan.Parallel ? "serial, " + Generalize(Detail) : !Plan.Vectorized ? "no vector body: " + Generalize(FirstReason(Plan.Why)) : "";

            private static string FirstReason(string why)
            {
                int inner = why.IndexOf("; inner loop", StringComparison.Ordinal);
                return inner < 0 ? why : why.Substring(0, inner);
            }

            private static string Generalize(string reason)
            {
                reason = System.Text.RegularExpressions.Regex.Replace(reason, "`[^`]*`", "`…`");
                reason = System.Text.RegularExpressions.Regex.Replace(reason, "'[^']*[A-Za-z0-9][^']*'", "'…'"); // code, not operators
                return System.Text.RegularExpressions.Regex.Replace(reason, @"is not \w+ plus", "is not the index plus");
            }
        }

        internal static List<Entry> CurrentCensus()
        {
            var entries = new List<Entry>();
            foreach (VectorCorpus.Case c in VectorCorpus.Cases)
            {
                var plans = PlanCensusTests.Plans("vector", c.Source).ToList();
                Assert.True(plans.Count == 1, $"{c.Name}: expected exactly one outermost PRange loop, found {plans.Count}");
                PlanCensusTests.Plan plan = plans[0].Plan;
                string detail = "";
                if (!plan.Parallel)
                {
                    ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(c.Source);
                    Diagnostic? first = diagnostics.FirstOrDefault(d => d.Id == plan.SerialReason);
                    detail = plan.SerialReason + (first is null ? "" : ": " + OneLine(first.GetMessage(CultureInfo.InvariantCulture)));
                }
                entries.Add(new Entry(c.Name, plan, detail));
            }
            return entries;
        }

        private static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");

        internal static string Write(List<Entry> census)
        {
            var text = new StringBuilder();
            text.Append("# Vector corpus census (VectorCorpusTests): each case's PRange loop, parallel (with the vector kind and lane type)\n");
            text.Append("# or serial (with the first diagnostic). A change may improve a line, never lose a parallel loop or a vector body.\n");
            text.Append("# The text after '  # ' is information (the diagnostic's message, or why there is no vector body); it is not compared.\n");
            text.Append("# Regenerate: KERNELGEN_UPDATE_CENSUS=1 dotnet test tests/KernelGen.Tests --filter FullyQualifiedName~VectorCorpus\n");
            int n = census.Count, parallel = census.Count(e => e.Plan.Parallel), vector = census.Count(e => e.Plan.Vectorized);
            text.Append(CultureInfo.InvariantCulture, $"# {n} loops: {parallel} parallel ({Percent(parallel, n)}), {vector} with a vector body ({Percent(vector, n)}), {n - parallel} serial\n");
            foreach (Entry e in census.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                text.Append(e.Name).Append(" = ").Append(e.Plan);
                string note = !e.Plan.Parallel ? e.Detail : !e.Plan.Vectorized ? e.Plan.Why : "";
                if (note.Length > 0) text.Append("  # ").Append(OneLine(note));
                text.Append('\n');
            }
            text.Append("#\n# What blocks a parallel loop or a vector body, most loops first:\n");
            foreach (var group in census.Where(e => e.Blocker.Length > 0).GroupBy(e => e.Blocker)
                         .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
                text.Append("#   ").Append(group.Count()).Append(" × ").Append(OneLine(group.Key)).Append(" — ")
                    .Append(string.Join(", ", group.Select(e => e.Name).OrderBy(x => x, StringComparer.Ordinal))).Append('\n');
            return text.ToString();
        }

        private static string Percent(int k, int n) => n == 0 ? "0%" : (100.0 * k / n).ToString("F1", CultureInfo.InvariantCulture) + "%";

        private static Dictionary<string, PlanCensusTests.Plan> Read(string path)
        {
            var census = new Dictionary<string, PlanCensusTests.Plan>(StringComparer.Ordinal);
            foreach (string raw in File.ReadAllLines(path))
            {
                if (raw.Length == 0 || raw.StartsWith("#", StringComparison.Ordinal)) continue;
                int note = raw.IndexOf("  # ", StringComparison.Ordinal);
                string line = note < 0 ? raw : raw.Substring(0, note);
                int separator = line.IndexOf(" = ", StringComparison.Ordinal);
                census[line.Substring(0, separator)] = PlanCensusTests.Plan.Parse(line.Substring(separator + 3));
            }
            return census;
        }

        [Fact]
        public void VectorCorpus_census_keeps_every_parallel_loop_and_vector_body()
        {
            Assert.Equal(VectorCorpus.Cases.Count, VectorCorpus.Cases.Select(c => c.Name).Distinct().Count());
            Assert.DoesNotContain(VectorCorpus.Cases, c => string.IsNullOrWhiteSpace(c.Citation));
            List<Entry> current = CurrentCensus();
            string written = Write(current);
            _output.WriteLine(written);
            if (Environment.GetEnvironmentVariable("KERNELGEN_UPDATE_CENSUS") == "1" || !File.Exists(CensusPath))
            {
                File.WriteAllText(CensusPath, written);
                _output.WriteLine("census written to " + CensusPath);
            }
            else
                AssertNothingLost(current, Read(CensusPath));
            Assert.True(VectorCorpus.Cases.Count >= 45, "the vector corpus should hold at least 45 kernels");
        }

        private void AssertNothingLost(List<Entry> current, Dictionary<string, PlanCensusTests.Plan> floor)
        {
            var lost = new List<string>();
            foreach (KeyValuePair<string, PlanCensusTests.Plan> entry in floor)
            {
                Entry? now = current.FirstOrDefault(e => e.Name == entry.Key);
                if (now is null) { lost.Add($"{entry.Key}: missing (was {entry.Value})"); continue; }
                if (entry.Value.Parallel && !now.Plan.Parallel) lost.Add($"{entry.Key}: was {entry.Value}, now {now.Plan} ({now.Detail})");
                else if (entry.Value.Vectorized && !now.Plan.Vectorized) lost.Add($"{entry.Key}: was {entry.Value}, now {now.Plan} ({now.Plan.Why})");
                else if (now.Plan.VectorLoops < entry.Value.VectorLoops) lost.Add($"{entry.Key}: was {entry.Value}, now {now.Plan} (fewer vector loops)");
            }
            var added = current.Where(e => !floor.ContainsKey(e.Name)).Select(e => e.Name).ToList();
            int gained = current.Count(e => floor.TryGetValue(e.Name, out PlanCensusTests.Plan? was) && (!was.Parallel && e.Plan.Parallel || !was.Vectorized && e.Plan.Vectorized));
            _output.WriteLine($"against the census: {lost.Count} lost, {gained} gained, {added.Count} not in the file");
            Assert.True(lost.Count == 0, $"{lost.Count} loop(s) lost their plan:\n" + string.Join("\n", lost));
            Assert.True(added.Count == 0, "cases missing from the census file (run with KERNELGEN_UPDATE_CENSUS=1): " + string.Join(", ", added));
        }
    }

    /// <summary>
    /// The vector corpus's differential runs, a class of their own so that the test runner can run them beside the
    /// compile checks of <see cref="VectorCorpusTests"/> (one class's tests run one after the other); the two share the
    /// built images.
    /// </summary>
    public class VectorCorpusRunTests
    {
        private readonly ITestOutputHelper _output;
        public VectorCorpusRunTests(ITestOutputHelper output) => _output = output;

        /// <summary>
        /// Serial <c>Run</c> (by reflection: never intercepted) against the generated <c>RunParallel</c>, each on its own
        /// inputs from <c>K.Args()</c> in a fresh load: at the case's own settings, with chunks of 3 run last first, and
        /// (in CI and with KERNELGEN_SLOW_TESTS=1: a second build of every case, a fifth of the default run's time) with
        /// chunks of 37 iterations.
        /// </summary>
        [Theory, MemberData(nameof(VectorCorpusTests.AllCases), MemberType = typeof(VectorCorpusTests))]
        public void VectorCorpus_parallel_equals_serial(string name)
        {
            VectorCorpus.Case c = VectorCorpus.Get(name);
            var diffs = new List<string>();
            bool ranParallel = false;
            // The serial method's results by source: the reversed schedule changes only how RunParallel runs.
            var serialRuns = new Dictionary<string, EffectCorpusTests.Run>(StringComparer.Ordinal);
            // Reversed: the case's own settings, chunks of 3 iterations run last first on one thread, so that a dependence
            // between iterations left parallel shows on every run (see KernelRuntime.ReversedChunkSize).
            foreach ((string label, string source, bool reversed) in new[] { ("own settings", c.Source, false), ("chunks of 37", VectorCorpusTests.Chunked(c.Source, 37), false), ("chunks of 3 last first", c.Source, true) })
            {
                if (label == "chunks of 37" && !SlowFactAttribute.Enabled) continue;
                EffectCorpusTests.Image image = VectorCorpusTests.ImageOf(source);
                if (image.Bytes is null)
                {
                    // A build failure is the compile test's to report (or the known issue's).
                    Assert.True(c.KnownIssue is not null, $"{name} ({label}): {image.Failure}");
                    return;
                }
                if (!serialRuns.TryGetValue(source, out EffectCorpusTests.Run? serial)) serialRuns[source] = serial = image.Invoke("Run");
                Assert.True(serial.Found, $"{name}: no Run method");
                Assert.False(serial.Return is string s && s.StartsWith("threw", StringComparison.Ordinal), $"{name}: the serial method {serial.Return}");
                EffectCorpusTests.Run parallel = reversed ? RuntimeSettings.Reversed(3, () => image.Invoke("RunParallel")) : image.Invoke("RunParallel");
                if (!parallel.Found) continue; // stays serial: nothing to compare (the census records why)
                ranParallel = true;
                VectorCorpusTests.Results.Compare(serial.Return, parallel.Return, $"{label}: return", c.Tolerance, diffs);
                for (int k = 0; k < serial.Args.Length; k++)
                    VectorCorpusTests.Results.Compare(serial.Args[k], parallel.Args[k], $"{label}: argument {k}", c.Tolerance, diffs);
            }
            _output.WriteLine($"{name}: {(ranParallel ? "RunParallel compared" : "no RunParallel")}, {diffs.Count} difference(s)");
            if (c.KnownIssue is not null && c.KnownIssue.StartsWith("wrong result", StringComparison.Ordinal))
            {
                Assert.True(diffs.Count > 0, $"{name}: known issue ({c.KnownIssue}) no longer reproduces — remove KnownIssue");
                return;
            }
            Assert.True(diffs.Count == 0, $"{name}: the parallel version differs from the serial method:\n  {string.Join("\n  ", diffs.Take(10))}");
        }
    }
}
