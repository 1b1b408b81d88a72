using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KernelGen.Generator;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Generated code, compared exactly with the files checked in under Snapshots/ (input X.cs, outputs
    /// X.&lt;hint name&gt;). After an intended change of the output, refresh them with
    /// <c>KERNELGEN_UPDATE_SNAPSHOTS=1 dotnet test tests/KernelGen.Tests --filter SnapshotTests</c> and review the diff.
    /// </summary>
    public class SnapshotTests
    {
        [Theory]
        [InlineData("Add")]
        [InlineData("Stepped")]
        [InlineData("Mixed")]
        [InlineData("Histogram")]
        [InlineData("Nested")]
        [InlineData("InnerLoop")]
        [InlineData("DotProduct")]
        [InlineData("CountMinMax")]
        [InlineData("Clamp")]
        [InlineData("Mandelbrot")]
        [InlineData("MapWorker")]
        [InlineData("IntLongLanes")]
        [InlineData("WeightedHistogram")]
        [InlineData("BitSet")]
        [InlineData("Interlocked")]
        [InlineData("SpanSaxpy")]
        [InlineData("LongRange")]
        [InlineData("Jacobi2D")]
        [InlineData("Stencil3D")]
        [InlineData("SteppedPairs")]
        [InlineData("Cancellation")]
        [InlineData("JaggedRows")]
        [InlineData("Flattened3D")]
        public async Task Generated_code_matches_snapshot(string name)
        {
            string directory = SourceDirectory();
            string input = File.ReadAllText(Path.Combine(directory, name + ".cs"));
            // Span parameters are pinned and passed as pointer + length: those inputs need unsafe code (else KG2010).
            bool unsafeCode = name.StartsWith("Span", StringComparison.Ordinal);

            if (Environment.GetEnvironmentVariable("KERNELGEN_UPDATE_SNAPSHOTS") == "1")
            {
                foreach (string stale in Directory.GetFiles(directory, name + ".*.g.cs")) File.Delete(stale);
                (_, GeneratorDriverRunResult run) = InMemory.Generate(InMemory.Compile(input, unsafeCode));
                foreach (GeneratedSourceResult generated in run.Results.Single().GeneratedSources)
                    File.WriteAllText(Path.Combine(directory, $"{name}.{generated.HintName}"), generated.SourceText.ToString());
            }

            var test = new Test(unsafeCode);
            test.TestState.Sources.Add(("Kernels.cs", input));
            string[] expected = Directory.GetFiles(directory, name + ".*.g.cs").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(expected);
            foreach (string file in expected)
            {
                string hint = Path.GetFileName(file).Substring(name.Length + 1);
                test.TestState.GeneratedSources.Add((typeof(KernelGenerator), hint, SourceText.From(File.ReadAllText(file), Encoding.UTF8)));
            }
            await test.RunAsync(CancellationToken.None);
        }

        private static string SourceDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Snapshots");

        /// <summary>The Roslyn source-generator test with .NET 10 references and interceptors enabled.</summary>
        private sealed class Test : CSharpSourceGeneratorTest<KernelGenerator, DefaultVerifier>
        {
            private readonly bool _unsafeCode;

            public Test(bool unsafeCode = false)
            {
                _unsafeCode = unsafeCode;
                TestReferences.Configure(TestState, this);
            }

            protected override ParseOptions CreateParseOptions() => InMemory.ParseOptions;

            protected override CompilationOptions CreateCompilationOptions() =>
                ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(_unsafeCode);
        }
    }

    /// <summary>
    /// References for the Roslyn testing library: the running .NET 10 framework and the KernelGen runtime, taken
    /// from this machine (the library's own NuGet download of reference packs cannot be relied on offline).
    /// </summary>
    internal static class TestReferences
    {
        public static void Configure<TVerifier>(SolutionState state, AnalyzerTest<TVerifier> test) where TVerifier : IVerifier, new()
        {
            test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            state.AdditionalReferences.AddRange(InMemory.References);
        }
    }
}
