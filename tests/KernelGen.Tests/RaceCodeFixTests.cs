using System;
using System.Threading;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelGen.CodeFixes;
using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>The KG1xxx code fixes, through the Roslyn code-fix test framework.</summary>
    public class RaceCodeFixTests
    {
        private sealed class Test<TFix> : CSharpCodeFixTest<KernelAnalyzer, TFix, DefaultVerifier> where TFix : CodeFixProvider, new()
        {
            public Test(string before, string after)
            {
                TestCode = RaceTests.Kernel(before);
                FixedCode = RaceTests.Kernel(after);
                ReferenceAssemblies = new ReferenceAssemblies("local");
                foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll"))
                    TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(path));
                TestState.AdditionalReferences.Add(typeof(KernelGen.Kernel).Assembly);
                DisabledDiagnostics.AddRange(new[] { "KG3001", "KG2008", "KG2004" });
            }

            /// <summary>How many Fix All operations the framework started: it silently skips Fix All when the fixer has no FixAllProvider.</summary>
            public int FixAllRuns => Volatile.Read(ref _fixAllRuns);
            private int _fixAllRuns;

            protected override FixAllContext CreateFixAllContext(Document? document, Microsoft.CodeAnalysis.Text.TextSpan? diagnosticSpan, Project project,
                CodeFixProvider codeFixProvider, FixAllScope scope, string? codeActionEquivalenceKey, System.Collections.Generic.IEnumerable<string> diagnosticIds,
                DiagnosticSeverity minimumSeverity, FixAllContext.DiagnosticProvider fixAllDiagnosticProvider, System.Threading.CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _fixAllRuns);
                return base.CreateFixAllContext(document, diagnosticSpan, project, codeFixProvider, scope, codeActionEquivalenceKey, diagnosticIds,
                    minimumSeverity, fixAllDiagnosticProvider, cancellationToken);
            }

            /// <summary>Runs the test with one Fix All pass expected (document, project and solution scopes) and checks that it did run.</summary>
            public async Task RunFixAllAsync(int diagnostics)
            {
                NumberOfIncrementalIterations = diagnostics;
                NumberOfFixAllIterations = 1;
                await RunAsync();
                // Normally once per scope (document, project, solution); under a loaded full run the framework has been
                // seen to start only two, so the check is that Fix All ran at all (a fixer without one gives 0).
                Assert.True(FixAllRuns >= 1, $"Fix All ran {FixAllRuns} time(s): the fixer offers no Fix All");
            }

            protected override ParseOptions CreateParseOptions() =>
                ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview)
                    .WithFeatures(new[] { new System.Collections.Generic.KeyValuePair<string, string>("InterceptorsNamespaces", "KernelGen.Generated") });
        }

        [Fact]
        public async Task Declares_the_temporary_inside_the_loop()
        {
            await new Test<DeclareInsideLoopFix>(
                "double t = 0;\n        foreach (int i in PRange(n))\n        {\n            t = a[i] * 2;\n            r[i] = {|KG1005:t|} + 1;\n        }",
                "foreach (int i in PRange(n))\n        {\n            double t = a[i] * 2;\n            r[i] = t + 1;\n        }").RunAsync();
        }

        [Fact]
        public async Task Turns_a_carried_loop_into_a_plain_for_loop()
        {
            await new Test<PlainForLoopFix>(
                "foreach (int i in PRange(1, n)) a[i] = {|KG1001:a[i - 1]|} + 1;",
                "for (int i = 1; i < n; i++) a[i] = a[i - 1] + 1;").RunAsync();
        }

        [Fact]
        public async Task Turns_a_stepped_loop_into_a_plain_for_loop()
        {
            await new Test<PlainForLoopFix>(
                "foreach (int i in PRange(n, 0, -2)) {|KG1002:a[0]|} = b[i];",
                "for (int i = n; i > 0; i -= 2) a[0] = b[i];").RunAsync();
        }

        // Fix All (in document, project and solution: the framework runs each scope) must fix every diagnostic of the
        // document in one pass; one at a time takes one iteration per diagnostic.

        [Fact]
        public async Task Fix_all_declares_every_temporary_inside_its_loop()
        {
            await new Test<DeclareInsideLoopFix>(
                "double t = 0;\n        foreach (int i in PRange(n))\n        {\n            t = a[i] * 2;\n            r[i] = {|KG1005:t|} + 1;\n        }\n" +
                "        double u = 0;\n        foreach (int i in PRange(n))\n        {\n            u = b[i] * 3;\n            a[i] = {|KG1005:u|} - 1;\n        }\n" +
                "        double v = 0;\n        foreach (int i in PRange(n))\n        {\n            v = r[i];\n            b[i] = {|KG1005:v|} * v;\n        }",
                "foreach (int i in PRange(n))\n        {\n            double t = a[i] * 2;\n            r[i] = t + 1;\n        }\n" +
                "        foreach (int i in PRange(n))\n        {\n            double u = b[i] * 3;\n            a[i] = u - 1;\n        }\n" +
                "        foreach (int i in PRange(n))\n        {\n            double v = r[i];\n            b[i] = v * v;\n        }").RunFixAllAsync(3);
        }

        [Fact]
        public async Task Fix_all_declares_every_written_variable_inside_its_loop()
        {
            await new Test<DeclareInsideLoopFix>(
                "int last = 0;\n        foreach (int i in PRange(n))\n        {\n            {|KG2006:last|} = idx[i];\n        }\n" +
                "        double first = 0;\n        foreach (int i in PRange(n))\n        {\n            {|KG2006:first|} = a[i];\n        }",
                "foreach (int i in PRange(n))\n        {\n            int last = idx[i];\n        }\n" +
                "        foreach (int i in PRange(n))\n        {\n            double first = a[i];\n        }").RunFixAllAsync(2);
        }

        [Fact]
        public async Task Fix_all_turns_every_racy_loop_into_a_plain_for_loop()
        {
            await new Test<PlainForLoopFix>(
                "foreach (int i in PRange(1, n)) a[i] = {|KG1001:a[i - 1]|} + 1;\n" +
                "        foreach (int i in PRange(n - 1)) b[i] = {|KG1001:b[i + 1]|} * 2;\n" +
                "        foreach (int i in PRange(2, n)) r[i] = {|KG1001:r[i - 2]|} + {|KG1001:r[i - 1]|};",
                "for (int i = 1; i < n; i++) a[i] = a[i - 1] + 1;\n" +
                "        for (int i = 0; i < n - 1; i++) b[i] = b[i + 1] * 2;\n" +
                "        for (int i = 2; i < n; i++) r[i] = r[i - 2] + r[i - 1];").RunFixAllAsync(3);
        }

        [Fact]
        public async Task Fix_all_turns_loops_with_different_races_into_plain_for_loops()
        {
            await new Test<PlainForLoopFix>(
                "foreach (int i in PRange(n, 0, -2)) {|KG1002:a[0]|} = b[i];\n" +
                "        foreach (int i in PRange(n)) {|KG1002:r[1]|} = a[i];",
                "for (int i = n; i > 0; i -= 2) a[0] = b[i];\n" +
                "        for (int i = 0; i < n; i++) r[1] = a[i];").RunFixAllAsync(2);
        }
    }
}
