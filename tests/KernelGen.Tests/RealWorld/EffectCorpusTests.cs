using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.RealWorld
{
    /// <summary>
    /// The effect corpus (<see cref="EffectCorpus"/>) against the generator and analyzer: racy loops must be flagged
    /// (a KG1xxx or KG2xxx diagnostic and no KG3001), benign loops must compute what the serial method computes
    /// (arguments, return value and static fields afterwards), and the benign kinds the effect model must not raise
    /// false alarms on must stay parallel. Run with <c>dotnet test tests/KernelGen.Tests --filter FullyQualifiedName~RealWorld</c>.
    /// </summary>
    public class EffectCorpusTests
    {
        private readonly ITestOutputHelper _output;
        public EffectCorpusTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<string> RacyCases() => Names(c => c.Racy);
        public static TheoryData<string> BenignCases() => Names(c => !c.Racy);
        public static TheoryData<string> AllCases() => Names(_ => true);

        private static TheoryData<string> Names(Func<EffectCorpus.Case, bool> which)
        {
            var data = new TheoryData<string>();
            foreach (EffectCorpus.Case c in EffectCorpus.Cases.Where(which)) data.Add(c.Name);
            return data;
        }

        private static bool IsSafetyOrUnsupported(Diagnostic d) => d.Id.StartsWith("KG1", StringComparison.Ordinal) || d.Id.StartsWith("KG2", StringComparison.Ordinal);

        /// <summary>Flagged: the loop stays serial and KernelGen says why (every case has exactly one PRange loop).</summary>
        internal static bool Flagged(ImmutableArray<Diagnostic> diagnostics) =>
            diagnostics.Any(IsSafetyOrUnsupported) && !diagnostics.Any(d => d.Id == "KG3001");

        private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
            string.Join("\n", diagnostics.Select(d => $"  {d.Id} {d.GetMessage(CultureInfo.InvariantCulture)}")) is { Length: > 0 } s ? s : "  (no KernelGen diagnostics)";

        /// <summary>The case's source compiles on its own (before generation), so a failure below is KernelGen's.</summary>
        private static void AssertSourceCompiles(EffectCorpus.Case c)
        {
            var errors = InMemory.Compile(c.Source).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{c.Name}: the corpus source does not compile:\n{string.Join("\n", errors)}");
        }

        [Theory, MemberData(nameof(AllCases))]
        public void Case_compiles_and_generated_code_compiles(string name)
        {
            EffectCorpus.Case c = EffectCorpus.Get(name);
            AssertSourceCompiles(c);
            ImmutableArray<Diagnostic> analyzer = InMemory.Analyze(c.Source);
            Assert.True(!analyzer.Any(d => d.Id == "KG2099"), $"{name}: the analyzer failed:\n{Describe(analyzer)}");
            Image image = Image.Build(c.Source);
            Assert.True(image.Bytes is not null, $"{name}: {image.Failure}");
        }

        [Theory, MemberData(nameof(RacyCases))]
        public void Racy_loop_is_flagged(string name)
        {
            EffectCorpus.Case c = EffectCorpus.Get(name);
            AssertSourceCompiles(c);
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(c.Source);
            _output.WriteLine($"{name} ({c.Citation})\n  effect: {c.Effect}\n{Describe(diagnostics)}");
            Assert.True(!diagnostics.Any(d => d.Id == "KG2099"), $"{name}: the analyzer failed:\n{Describe(diagnostics)}");
            Assert.True(Flagged(diagnostics),
                $"{name} is racy ({c.Effect}) but its loop is not flagged (needs a KG1xxx/KG2xxx diagnostic and no KG3001):\n{Describe(diagnostics)}");
        }

        /// <summary>
        /// Serial method (by reflection: never intercepted) in one load of the assembly, generated <c>RunParallel</c> in
        /// two fresh loads, with small chunks so iterations interleave; arguments, return value and every static field
        /// must match. MustStayParallel cases must also be parallelized (KG3001), checked after the results.
        /// </summary>
        [Theory, MemberData(nameof(BenignCases))]
        public void Benign_loop_runs_like_serial(string name)
        {
            EffectCorpus.Case c = EffectCorpus.Get(name);
            AssertSourceCompiles(c);
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(c.Source);
            bool parallelized = diagnostics.Any(d => d.Id == "KG3001");
            _output.WriteLine($"{name} ({c.Citation})\n  effect: {c.Effect}\n  {(parallelized ? "parallelized" : "stays serial")}\n{Describe(diagnostics)}");
            Assert.True(!diagnostics.Any(d => d.Id == "KG2099"), $"{name}: the analyzer failed:\n{Describe(diagnostics)}");

            // Same kernel, small chunks: the iterations of even short loops run on several threads.
            string chunked = c.Source.Replace("[ParallelKernel]", "[ParallelKernel(ChunkSize = 7, MinParallelTripCount = 1)]", StringComparison.Ordinal);
            Image image = Image.Build(chunked);
            Assert.True(image.Bytes is not null, $"{name}: {image.Failure}");

            Run serial = image.Invoke("Run");
            // The second run: the chunks last first on one thread (KernelRuntime.ReversedChunkSize), where a dependence
            // between iterations left parallel gives another result every time.
            for (int repeat = 0; repeat < 2; repeat++)
            {
                Run parallel = repeat == 1 ? RuntimeSettings.Reversed(7, () => image.Invoke("RunParallel")) : image.Invoke("RunParallel");
                if (!parallel.Found)
                {
                    _output.WriteLine("  no RunParallel was generated: the serial method is compared with itself");
                    parallel = image.Invoke("Run");
                }
                var diffs = new List<string>();
                Compare.Values(serial.Return, parallel.Return, "return", diffs);
                for (int k = 0; k < serial.Args.Length; k++)
                    Compare.Values(serial.Args[k], parallel.Args[k], $"argument {k}", diffs);
                foreach ((string field, object? value) in serial.Statics)
                    Compare.Values(value, parallel.Statics.Single(s => s.Field == field).Value, field, diffs);
                Assert.True(diffs.Count == 0, $"{name}: the parallel version differs from the serial method (run {repeat + 1}):\n  {string.Join("\n  ", diffs.Take(10))}");
            }

            if (c.MustStayParallel)
                Assert.True(parallelized, $"{name} is benign ({c.Effect}) and must stay parallel, but it is not parallelized (no KG3001):\n{Describe(diagnostics)}");
        }

        [Fact]
        public void Corpus_precision_and_recall()
        {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            var lines = new List<string>();
            var analyzerFailures = new List<string>();
            foreach (EffectCorpus.Case c in EffectCorpus.Cases)
            {
                ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(c.Source);
                if (diagnostics.Any(d => d.Id == "KG2099")) analyzerFailures.Add($"{c.Name}:\n{Describe(diagnostics)}");
                bool flagged = Flagged(diagnostics);
                string ids = string.Join(",", diagnostics.Select(d => d.Id).Distinct());
                if (c.Racy && flagged) tp++;
                else if (c.Racy) { fn++; lines.Add($"racy, not flagged:   {c.Name} [{ids}] — {c.Effect}"); }
                else if (flagged) { fp++; lines.Add($"benign, flagged{(c.MustStayParallel ? " (MustStayParallel)" : "")}: {c.Name} [{ids}] — {c.Effect}"); }
                else tn++;
            }
            double precision = tp / (double)Math.Max(1, tp + fp), recall = tp / (double)Math.Max(1, tp + fn);
            int racy = EffectCorpus.Cases.Count(c => c.Racy), benign = EffectCorpus.Cases.Count - racy;
            _output.WriteLine($"{EffectCorpus.Cases.Count} kernels ({racy} racy, {benign} benign, {EffectCorpus.Cases.Count(c => c.MustStayParallel)} must stay parallel): " +
                $"TP {tp}, FP {fp}, FN {fn}, TN {tn}; flagged-vs-racy precision {precision:F3}, recall {recall:F3}");
            foreach (string line in lines.OrderBy(l => l, StringComparer.Ordinal)) _output.WriteLine(line);

            // The harness itself: the corpus is of the intended size and balance, every name is unique, every case
            // cites a source, and the analyzer ran on every kernel. The per-case theories carry the expectations.
            Assert.True(EffectCorpus.Cases.Count >= 30, "the corpus should hold about 30 or more kernels");
            Assert.InRange(racy, EffectCorpus.Cases.Count / 3, 2 * EffectCorpus.Cases.Count / 3);
            Assert.Equal(EffectCorpus.Cases.Count, EffectCorpus.Cases.Select(c => c.Name).Distinct().Count());
            Assert.DoesNotContain(EffectCorpus.Cases, c => string.IsNullOrWhiteSpace(c.Citation));
            Assert.DoesNotContain(EffectCorpus.Cases, c => c.Racy && c.MustStayParallel);
            Assert.True(analyzerFailures.Count == 0, "analyzer failures (KG2099):\n" + string.Join("\n", analyzerFailures));
        }

        /// <summary>A generated and emitted case, loaded afresh (own statics) for every run.</summary>
        internal sealed class Image
        {
            public byte[]? Bytes { get; private init; }
            public string Failure { get; private init; } = "";

            public static Image Build(string source)
            {
                (Compilation output, GeneratorDriverRunResult run) = InMemory.Generate(InMemory.Compile(source));
                foreach (GeneratorRunResult result in run.Results)
                    if (result.Exception is not null)
                        return new Image { Failure = $"the generator threw {result.Exception}" };
                using var stream = new MemoryStream();
                var emit = output.Emit(stream);
                if (!emit.Success)
                {
                    string generated = string.Join("\n\n", run.GeneratedTrees.Select(t => t.ToString()));
                    return new Image { Failure = "the generated code does not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n\nGenerated:\n" + generated };
                }
                return new Image { Bytes = stream.ToArray() };
            }

            /// <summary>Loads a fresh copy, builds the arguments with K.Args() there and calls K.<paramref name="method"/>.</summary>
            public Run Invoke(string method)
            {
                Assembly assembly = new AssemblyLoadContext("effect-corpus", isCollectible: true).LoadFromStream(new MemoryStream(Bytes!));
                Type k = assembly.GetType("K", throwOnError: true)!;
                MethodInfo? info = k.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
                if (info is null) return new Run(false, null, Array.Empty<object?>(), new List<(string, object?)>());
                object?[] args = (object?[])InMemory.Call(assembly, "K", "Args")!;
                object? result;
                try { result = info.Invoke(null, args); }
                catch (TargetInvocationException e) when (e.InnerException is not null) { result = "threw " + e.InnerException.GetType().Name + ": " + e.InnerException.Message; }
                return new Run(true, result, args, StaticFields(assembly));
            }

            /// <summary>Every static field of the case's own types (not generated chunk structs or compiler-generated types).</summary>
            private static List<(string Field, object? Value)> StaticFields(Assembly assembly)
            {
                var fields = new List<(string, object?)>();
                foreach (Type type in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
                {
                    if (type.Name.StartsWith("__", StringComparison.Ordinal) || type.Name.Contains('<') || type.Namespace == "KernelGen.Generated"
                        || type.IsDefined(typeof(CompilerGeneratedAttribute), false))
                        continue;
                    foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => f.Name, StringComparer.Ordinal))
                        if (!field.IsLiteral)
                            fields.Add(($"{type.FullName}.{field.Name}", field.GetValue(null)));
                }
                return fields;
            }
        }

        internal sealed record Run(bool Found, object? Return, object?[] Args, List<(string Field, object? Value)> Statics);

        /// <summary>Structural comparison of values from two loads of the same assembly (types match by name).</summary>
        internal static class Compare
        {
            public static void Values(object? expected, object? actual, string path, List<string> diffs, int depth = 0)
            {
                if (diffs.Count > 20 || depth > 8) return;
                if (expected is null || actual is null)
                {
                    if (expected is not null || actual is not null) diffs.Add($"{path}: {Show(expected)} vs {Show(actual)}");
                    return;
                }
                Type type = expected.GetType();
                if (type.FullName != actual.GetType().FullName) { diffs.Add($"{path}: type {type.FullName} vs {actual.GetType().FullName}"); return; }
                if (Skipped(type)) return;

                switch (expected)
                {
                    case double e: { double a = (double)actual; if (!Close(e, a, 1e-9)) diffs.Add($"{path}: {e:R} vs {a:R}"); return; }
                    case float e: { float a = (float)actual; if (!Close(e, a, 1e-5)) diffs.Add($"{path}: {e:R} vs {a:R}"); return; }
                    case string or decimal or bool or char or Enum:
                        if (!expected.Equals(actual)) diffs.Add($"{path}: {Show(expected)} vs {Show(actual)}");
                        return;
                    case StringBuilder e:
                        if (e.ToString() != actual.ToString()) diffs.Add($"{path}: \"{Clip(e.ToString())}\" vs \"{Clip(actual.ToString()!)}\"");
                        return;
                }
                if (type.IsPrimitive)
                {
                    if (!expected.Equals(actual)) diffs.Add($"{path}: {expected} vs {actual}");
                    return;
                }
                if (expected is Array ea)
                {
                    var aa = (Array)actual;
                    if (ea.Rank != aa.Rank || Enumerable.Range(0, ea.Rank).Any(r => ea.GetLength(r) != aa.GetLength(r)))
                    { diffs.Add($"{path}: array shape differs"); return; }
                    int index = 0;
                    IEnumerator ae = aa.GetEnumerator();
                    foreach (object? item in ea)
                    {
                        ae.MoveNext();
                        Values(item, ae.Current, $"{path}[{index++}]", diffs, depth + 1);
                    }
                    return;
                }
                if (expected is IDictionary ed)
                {
                    var ad = (IDictionary)actual;
                    if (ed.Count != ad.Count) diffs.Add($"{path}: {ed.Count} entries vs {ad.Count}");
                    var actualByKey = new Dictionary<string, object?>();
                    foreach (DictionaryEntry entry in Entries(ad)) actualByKey[Show(entry.Key)] = entry.Value;
                    foreach (DictionaryEntry entry in Entries(ed).OrderBy(x => Show(x.Key), StringComparer.Ordinal))
                    {
                        if (!actualByKey.TryGetValue(Show(entry.Key), out object? value)) { diffs.Add($"{path}[{Show(entry.Key)}]: missing"); continue; }
                        Values(entry.Value, value, $"{path}[{Show(entry.Key)}]", diffs, depth + 1);
                    }
                    return;
                }
                if (expected is IList el)
                {
                    var al = (IList)actual;
                    if (el.Count != al.Count) { diffs.Add($"{path}: {el.Count} items vs {al.Count}"); return; }
                    for (int k = 0; k < el.Count; k++) Values(el[k], al[k], $"{path}[{k}]", diffs, depth + 1);
                    return;
                }
                if (expected is IEnumerable eu && type.Namespace is not null && type.Namespace.StartsWith("System.Collections", StringComparison.Ordinal))
                {
                    // Unordered collections (ConcurrentBag, HashSet, ...): compared as multisets.
                    List<string> e = eu.Cast<object?>().Select(Show).OrderBy(s => s, StringComparer.Ordinal).ToList();
                    List<string> a = ((IEnumerable)actual).Cast<object?>().Select(Show).OrderBy(s => s, StringComparer.Ordinal).ToList();
                    if (!e.SequenceEqual(a)) diffs.Add($"{path}: multisets differ ({e.Count} vs {a.Count} items)");
                    return;
                }
                // Objects and structs of the case (or other types): every instance field. The two values come from
                // different loads of the assembly, so each side's fields are looked up in its own type.
                const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
                for (Type? t = type, u = actual.GetType(); t is not null && u is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType, u = u.BaseType)
                    foreach (FieldInfo field in t.GetFields(Instance))
                    {
                        FieldInfo? other = u.GetField(field.Name, Instance);
                        if (other is null) { diffs.Add($"{path}.{field.Name}: missing"); continue; }
                        Values(field.GetValue(expected), other.GetValue(actual), $"{path}.{field.Name}", diffs, depth + 1);
                    }
            }

            /// <summary>A dictionary's entries (IDictionary's own enumerator: the generic one yields KeyValuePairs).</summary>
            private static List<DictionaryEntry> Entries(IDictionary dictionary)
            {
                var entries = new List<DictionaryEntry>();
                IDictionaryEnumerator e = dictionary.GetEnumerator();
                while (e.MoveNext()) entries.Add(e.Entry);
                return entries;
            }

            /// <summary>Locks, random generators and delegates: their state is not a result.</summary>
            private static bool Skipped(Type type) =>
                type == typeof(object) || type == typeof(Random) || type.FullName == "System.Threading.Lock" || typeof(Delegate).IsAssignableFrom(type)
                || type.FullName?.StartsWith("System.Random", StringComparison.Ordinal) == true;

            private static bool Close(double e, double a, double relative) =>
                e.Equals(a) || Math.Abs(e - a) <= relative * Math.Max(1.0, Math.Max(Math.Abs(e), Math.Abs(a)));

            private static string Show(object? value) => value switch
            {
                null => "null",
                string s => "\"" + Clip(s) + "\"",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };

            private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
        }
    }
}
