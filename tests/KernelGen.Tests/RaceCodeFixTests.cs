using System;
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
    }
}
