using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using KernelGen.Generator.Diagnostics;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// What the IDE sees while someone types: the sample and test kernels with random token deletions, insertions and
    /// truncations go through the generator and the analyzer; neither may ever throw (no CS8785, no AD0001, no
    /// KG2099). And pathological sizes stay bounded in time and stack.
    /// </summary>
    public class RobustnessTests
    {
        private readonly ITestOutputHelper _output;

        public RobustnessTests(ITestOutputHelper output) => _output = output;

        /// <summary>Number of mutants; KERNELGEN_FUZZ_COUNT raises it for a long run.</summary>
        private static int MutantCount => int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_COUNT"), out int n) && n > 0 ? n : Scale.Count(full: 300, local: 150);

        [Fact]
        public void Malformed_kernels_never_crash_the_generator_or_analyzer()
        {
            string root = PackageTests.RepositoryRoot();
            string[] seeds = new[]
            {
                Path.Combine(root, "samples", "KernelGen.Samples", "SeedKernels.cs"),
                Path.Combine(root, "tests", "KernelGen.Tests", "TestKernels.cs"),
                Path.Combine(root, "tests", "KernelGen.Tests", "Snapshots", "Stepped.cs"),
                Path.Combine(root, "tests", "KernelGen.Tests", "Snapshots", "Mixed.cs"),
            }.Where(File.Exists).Select(File.ReadAllText).ToArray();
            Assert.NotEmpty(seeds);

            var random = new Random(20261126);
            var failures = new List<string>();
            int mutants = MutantCount;
            for (int m = 0; m < mutants; m++)
            {
                string seed = seeds[m % seeds.Length];
                string mutant = Mutate(seed, random);
                try
                {
                    foreach (string problem in Problems(mutant))
                        failures.Add($"mutant {m}: {problem}\n---\n{mutant}\n---");
                }
                catch (Exception e)
                {
                    failures.Add($"mutant {m}: {e}\n---\n{mutant}\n---");
                }
                if (failures.Count > 3) break;
            }
            _output.WriteLine($"{mutants} mutants, {failures.Count} failure(s)");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        /// <summary>Generator exceptions (CS8785) and analyzer exceptions (AD0001, or our own KG2099).</summary>
        private static IEnumerable<string> Problems(string source)
        {
            CSharpCompilation compilation = InMemory.Compile(source);
            (Compilation _, GeneratorDriverRunResult run) = InMemory.Generate(compilation);
            foreach (GeneratorRunResult result in run.Results)
                if (result.Exception is not null) yield return "generator threw " + result.Exception;
            foreach (Diagnostic d in run.Diagnostics.Where(d => d.Id is "CS8785"))
                yield return "generator: " + d;

            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            var analyzed = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new KernelAnalyzer()), options);
            foreach (Diagnostic d in analyzed.GetAllDiagnosticsAsync().Result.Where(d => d.Id is "AD0001" or "KG2099"))
                yield return "analyzer: " + d;
        }

        /// <summary>1–3 random edits at token granularity: delete a token, duplicate one elsewhere, or truncate.</summary>
        private static string Mutate(string source, Random random)
        {
            List<SyntaxToken> tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToList();
            var text = new StringBuilder(source);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits && tokens.Count > 0; e++)
            {
                SyntaxToken token = tokens[random.Next(tokens.Count)];
                int kind = random.Next(10);
                if (kind < 5) // delete
                {
                    if (token.Span.End <= text.Length) text.Remove(token.SpanStart, token.Span.Length);
                }
                else if (kind < 9) // insert a copy of another token
                {
                    SyntaxToken other = tokens[random.Next(tokens.Count)];
                    if (token.SpanStart <= text.Length) text.Insert(token.SpanStart, other.Text + " ");
                }
                else // truncate, as if typing stopped mid-file
                {
                    if (token.SpanStart <= text.Length) text.Length = token.SpanStart;
                }
                tokens = CSharpSyntaxTree.ParseText(text.ToString()).GetRoot().DescendantTokens().ToList();
            }
            return text.ToString();
        }

        /// <summary>
        /// Statements in the big kernel: 2,000 in CI; KERNELGEN_FUZZ_COUNT set (the long mode) uses 10,000. This test
        /// checks crashes and stack depth with the compiler's binding included; KernelGen's own time on a
        /// 10,000-statement kernel is measured, and bounded, by <see cref="AnalysisCostTests"/>.
        /// </summary>
        private static int BigKernelStatements => Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_COUNT") is null ? 2_000 : 10_000;

        [Fact]
        public void Big_kernels_and_deep_expressions_never_crash()
        {
            var big = new StringBuilder("using KernelGen; using static KernelGen.Kernel;\npublic static partial class Big {\n[ParallelKernel]\npublic static void Run(double[] a, double[] r) {\nforeach (int i in PRange(a.Length)) {\ndouble x = a[i];\n");
            for (int s = 0; s < BigKernelStatements; s++) big.Append("x = x * 1.0000001 + ").Append(s % 7).Append(";\n");
            big.Append("r[i] = x;\n}\n}\n}\n");
            AssertBounded(big.ToString(), $"{BigKernelStatements} statements");

            // Deeply nested parentheses and a long chain of additions (2,000 levels).
            string deep = "using KernelGen; using static KernelGen.Kernel;\npublic static partial class Deep {\n[ParallelKernel]\npublic static void Run(int[] a, int[] r) {\nforeach (int i in PRange(a.Length)) r[i] = "
                + new string('(', 2000) + "a[i]" + string.Concat(Enumerable.Repeat(" + 1)", 2000)) + ";\n}\n}\n";
            AssertBounded(deep, "2,000-deep expression");
        }

        private void AssertBounded(string source, string what)
        {
            // Run on a thread of a known stack size (16 MiB): a recursion that grows without bound with the expression
            // depth shows up here. (A smaller stack would test Roslyn's own binder rather than KernelGen.)
            Exception? failure = null;
            TimeSpan generate = default;
            var thread = new System.Threading.Thread(() =>
            {
                try
                {
                    var clock = Stopwatch.StartNew();
                    foreach (string problem in Problems(source)) throw new InvalidOperationException(problem);
                    generate = clock.Elapsed;
                }
                catch (Exception e) { failure = e; }
            }, 16 * 1024 * 1024);
            thread.Start();
            thread.Join();
            Assert.Null(failure);
            _output.WriteLine($"{what}: generator + analyzer + compiler binding in {generate.TotalMilliseconds:F0} ms");
        }
    }
}
