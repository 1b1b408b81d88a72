using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// KG1xxx through the Roslyn analyzer test framework: exact IDs and spans from markup. The reference assemblies
    /// are the running runtime's own (no package download), plus KernelGen.Runtime.
    /// </summary>
    public class RaceAnalyzerVerifierTests
    {
        private sealed class Test : CSharpAnalyzerTest<KernelAnalyzer, DefaultVerifier>
        {
            public Test(string body)
            {
                TestCode = RaceTests.Kernel(body);
                ReferenceAssemblies = new ReferenceAssemblies("local");
                foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll"))
                    TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(path));
                TestState.AdditionalReferences.Add(typeof(KernelGen.Kernel).Assembly);
                DisabledDiagnostics.AddRange(new[] { "KG3001", "KG2008", "KG2006" });
            }

            protected override ParseOptions CreateParseOptions() =>
                ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview)
                    .WithFeatures(new[] { new System.Collections.Generic.KeyValuePair<string, string>("InterceptorsNamespaces", "KernelGen.Generated") });
        }

        [Theory]
        [InlineData("foreach (int i in PRange(n - 1)) a[i] = {|KG1001:a[i + 1]|};")]
        [InlineData("foreach (int i in PRange(1, n)) a[i] = {|KG1001:a[i - 1]|} + 1;")]
        [InlineData("foreach (int i in PRange(n / 2 - 1)) a[2 * i] = {|KG1001:a[2 * i + 2]|};")]
        [InlineData("foreach (int i in PRange(n)) {|KG1002:a[0]|} = b[i];")]
        [InlineData("foreach (int i in PRange(n)) {|KG1002:r[i % 4]|} = a[i];")]
        [InlineData("foreach (int i in PRange(n)) {|KG1003:r[idx[i]]|} = a[i];")]
        [InlineData("foreach (int i in PRange(n)) a[i] = {|KG1004:a[idx[i]]|};")]
        [InlineData("double t = 0; foreach (int i in PRange(n)) { t = a[i] * 2; r[i] = {|KG1005:t|} + 1; }")]
        [InlineData("foreach (int i in PRange(1, m.GetLength(0))) for (int j = 0; j < m.GetLength(1); j++) m[i, j] = {|KG1001:m[i - 1, j]|} + 1;")]
        [InlineData("foreach (int i in PRange(m.GetLength(0))) for (int j = 1; j < m.GetLength(1); j++) m[i, j] = m[i, j - 1] + 1;")]
        [InlineData("foreach (int i in PRange(n)) for (int j = 0; j < n; j++) a[i * n + j] = a[i * n + j] + b[j];")]
        [InlineData("foreach (int i in PRange(n / 2)) a[2 * i] = a[2 * i + 1];")]
        public async Task Reports_exactly(string body)
        {
            await new Test(body).RunAsync();
        }

        [Fact]
        public async Task A_missing_expectation_fails()
        {
            // The harness really sees the analyzer: an unmarked KG1001 fails the test.
            await Assert.ThrowsAnyAsync<Exception>(() => new Test("foreach (int i in PRange(n - 1)) a[i] = a[i + 1];").RunAsync());
        }
    }
}
