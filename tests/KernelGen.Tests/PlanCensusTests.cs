using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using KernelGen.Generator.Analysis;
using KernelGen.Generator.Model;
using KernelGen.Generator.Frontend;
using KernelGen.Tests.Harness;
using KernelGen.Tests.RandomKernels;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// The plan census: for every kernel of the samples, the benchmarks, the snapshot inputs, the race and effect
    /// corpora and the fixed-seed random kernels, each outermost PRange loop's plan (parallel or serial with the first
    /// diagnostic, and the vector kind and lane type). The checked-in census (Census/plan-census.txt) is the floor a
    /// rewrite of the analysis must keep: no loop that was parallel may become serial, no loop that had a vector body
    /// may lose it. Improvements pass (and are taken into the file with <c>KERNELGEN_UPDATE_CENSUS=1</c>).
    /// </summary>
    public class PlanCensusTests
    {
        private readonly ITestOutputHelper _output;
        public PlanCensusTests(ITestOutputHelper output) => _output = output;

        /// <summary>How many of the fixed-seed random kernels (seed 20261126, the CI run's) the census holds.</summary>
        private const int RandomKernels = 500;

        internal static string CensusPath => Path.Combine(PackageTests.RepositoryRoot(), "tests", "KernelGen.Tests", "Census", "plan-census.txt");

        /// <summary>One loop's plan: "parallel" or "serial KGxxxx", and the vector kind ("scalar", "body", "inner", "index", "scatter", "+jam" after it) with its lane type.</summary>
        internal sealed record Plan(bool Parallel, string SerialReason, string VectorKind, string Lane)
        {
            /// <summary>Why the loop has no vector body (not part of the census: shown when a loop loses its plan).</summary>
            public string Why { get; init; } = "";

            public bool Vectorized => VectorKind != "scalar";

            /// <summary>Vector loops in the body: "inner×3" where an inner plan's other loops run on vectors too (VectorPlan.Others).</summary>
            public int VectorLoops => !Vectorized ? 0 : VectorKind.IndexOf('×') is int at and > 0 ? int.Parse(VectorKind.Substring(at + 1)) : 1;
            public override string ToString() => (Parallel ? "parallel" : "serial " + SerialReason) + (Parallel ? $" vector={VectorKind}{(Lane.Length > 0 ? ":" + Lane : "")}" : "");

            public static Plan Parse(string text)
            {
                if (text.StartsWith("serial", StringComparison.Ordinal)) return new Plan(false, text.Substring(6).Trim(), "scalar", "");
                string vector = text.Substring(text.IndexOf("vector=", StringComparison.Ordinal) + 7);
                int colon = vector.IndexOf(':');
                return new Plan(true, "", colon < 0 ? vector : vector.Substring(0, colon), colon < 0 ? "" : vector.Substring(colon + 1));
            }
        }

        /// <summary>Every kernel source the census covers, as (set name, source text).</summary>
        internal static IEnumerable<(string Set, string Source)> Sources()
        {
            string root = PackageTests.RepositoryRoot();
            foreach (string project in new[] { "KernelGen.Samples", "KernelGen.Benchmarks" })
            {
                // One compilation per project's kernel files (they may share helpers).
                var files = Directory.GetFiles(Path.Combine(root, "samples", project), "*.cs")
                    .Where(f => File.ReadAllText(f).Contains("[ParallelKernel")).OrderBy(f => f, StringComparer.Ordinal);
                foreach (string file in files)
                    yield return ($"samples/{project}/{Path.GetFileName(file)}", File.ReadAllText(file));
            }
            foreach (string file in Directory.GetFiles(Path.Combine(root, "tests", "KernelGen.Tests", "Snapshots"), "*.cs")
                         .Where(f => !f.EndsWith(".g.cs", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
                yield return ("snapshots/" + Path.GetFileName(file), File.ReadAllText(file));
            foreach (RaceCorpus.Case c in RaceCorpus.Cases)
                yield return ("race/" + c.Name, RaceTests.Kernel(c.Body));
            foreach (RealWorld.EffectCorpus.Case c in RealWorld.EffectCorpus.Cases)
                yield return ("effects/" + c.Name, c.Source);
            const int Batch = 50;
            for (int first = 0; first < RandomKernels; first += Batch)
            {
                var kernels = Enumerable.Range(first, Batch).Select(id => KernelFuzzer.Generate(id, KernelFuzzer.SeedOf(20261126, id))).ToList();
                yield return ($"random/{first}-{first + Batch - 1}", KernelFuzzer.Batch(kernels));
            }
        }

        /// <summary>The plans of every kernel's outermost PRange loops in <paramref name="source"/>, keyed "set/Type.Method/line N".</summary>
        internal static IEnumerable<(string Key, Plan Plan)> Plans(string set, string source)
        {
            CSharpCompilation compilation = InMemory.Compile(source, unsafeCode: true);
            SyntaxTree tree = compilation.SyntaxTrees.Single();
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (MethodDeclarationSyntax syntax in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (syntax.AttributeLists.Count == 0 || model.GetDeclaredSymbol(syntax) is not IMethodSymbol method
                    || !method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KernelParser.AttributeName))
                    continue;
                KernelParseResult result = KernelParser.Parse(syntax, method, model, interceptorsEnabled: true, CancellationToken.None);
                string name = $"{set}/{method.ContainingType.Name}.{method.Name}";
                if (syntax.Body is null) continue;
                foreach (ForEachStatementSyntax loop in syntax.Body.DescendantNodes().OfType<ForEachStatementSyntax>())
                {
                    if (!LoopAnalysis.IsPRangeLoop(loop, model, out _)) continue;
                    if (loop.Ancestors().OfType<ForEachStatementSyntax>().Any(outer => LoopAnalysis.IsPRangeLoop(outer, model, out _))) continue;
                    int line = loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    LoopSpec? spec = result.Spec?.Loops.FirstOrDefault(l => l.Line == line);
                    if (spec is null)
                    {
                        string reason = result.Diagnostics
                            .Where(d => d.Id != "KG3001" && (loop.Span.Contains(d.Location.SourceSpan) || d.Location.SourceSpan.Contains(syntax.Identifier.Span)))
                            .Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).FirstOrDefault() ?? "none";
                        yield return ($"{name}/line {line}", new Plan(false, reason, "scalar", ""));
                        continue;
                    }
                    yield return ($"{name}/line {line}", new Plan(true, "", VectorKind(spec), spec.Vector is { Reason.Length: 0 } v ? v.Lanes : "") { Why = spec.Vector?.Reason ?? "" });
                }
            }
        }

        /// <summary>The vector kind; "+jam" where PRange iterations share runs of an inner vector loop (OuterJam).</summary>
        private static string VectorKind(LoopSpec loop) =>
            loop.Vector is null || loop.Vector.Reason.Length > 0 ? "scalar"
            : (loop.ArrayReductions.Count > 0 ? "scatter"
                : loop.Vector.Source == Generator.Vectorize.LaneSource.Inner ? "inner" + (loop.Vector.Others.Count > 0 ? $"×{loop.Vector.Others.Count + 1}" : "")
                : "index") + (loop.Vector.Jam > 1 ? "+jam" : "");

        internal static SortedDictionary<string, Plan> Current()
        {
            var census = new SortedDictionary<string, Plan>(StringComparer.Ordinal);
            foreach ((string set, string source) in Sources())
                foreach ((string key, Plan plan) in Plans(set, source))
                    census[key] = plan;
            return census;
        }

        private static SortedDictionary<string, Plan> Read(string path)
        {
            var census = new SortedDictionary<string, Plan>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(path))
            {
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                int separator = line.LastIndexOf(" = ", StringComparison.Ordinal);
                census[line.Substring(0, separator)] = Plan.Parse(line.Substring(separator + 3));
            }
            return census;
        }

        private static string Write(SortedDictionary<string, Plan> census)
        {
            var text = new StringBuilder();
            text.Append("# Plan census (PlanCensusTests): each outermost PRange loop of the samples, benchmarks, snapshot inputs,\n");
            text.Append("# race and effect corpora and the first ").Append(RandomKernels).Append(" fixed-seed random kernels: parallel (with the vector kind and lane\n");
            text.Append("# type) or serial (with the first diagnostic). A change may improve a line, never lose a parallel loop or a vector body.\n");
            text.Append("# Regenerate: KERNELGEN_UPDATE_CENSUS=1 dotnet test tests/KernelGen.Tests --filter PlanCensusTests\n");
            int parallel = census.Values.Count(p => p.Parallel), vector = census.Values.Count(p => p.Vectorized);
            text.Append($"# {census.Count} loops: {parallel} parallel ({vector} with a vector body), {census.Count - parallel} serial\n");
            foreach (KeyValuePair<string, Plan> entry in census) text.Append(entry.Key).Append(" = ").Append(entry.Value).Append('\n');
            return text.ToString();
        }

        [Fact]
        public void No_loop_loses_its_parallel_plan_or_vector_body()
        {
            SortedDictionary<string, Plan> current = Current();
            _output.WriteLine($"{current.Count} loops: {current.Values.Count(p => p.Parallel)} parallel ({current.Values.Count(p => p.Vectorized)} vectorized)");
            if (Environment.GetEnvironmentVariable("KERNELGEN_UPDATE_CENSUS") == "1" || !File.Exists(CensusPath))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(CensusPath)!);
                File.WriteAllText(CensusPath, Write(current));
                _output.WriteLine("census written to " + CensusPath);
                return;
            }
            SortedDictionary<string, Plan> floor = Read(CensusPath);
            var lost = new List<string>();
            foreach (KeyValuePair<string, Plan> entry in floor)
            {
                if (!current.TryGetValue(entry.Key, out Plan? now)) { lost.Add($"{entry.Key}: missing (was {entry.Value})"); continue; }
                if (entry.Value.Parallel && !now.Parallel) lost.Add($"{entry.Key}: was {entry.Value}, now {now}");
                else if (entry.Value.Vectorized && !now.Vectorized) lost.Add($"{entry.Key}: was {entry.Value}, now {now} ({now.Why})");
                else if (now.VectorLoops < entry.Value.VectorLoops) lost.Add($"{entry.Key}: was {entry.Value}, now {now} (fewer vector loops)");
            }
            int gained = current.Count(e => floor.TryGetValue(e.Key, out Plan? was) && (!was.Parallel && e.Value.Parallel || !was.Vectorized && e.Value.Vectorized));
            _output.WriteLine($"against the census: {lost.Count} lost, {gained} gained");
            foreach (string line in lost) _output.WriteLine(line);
            Assert.True(lost.Count == 0, $"{lost.Count} loop(s) lost their plan:\n" + string.Join("\n", lost.Take(20)));
        }
    }
}
