using System.Linq;
using KernelGen.Generator;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>The generator's cache: an edit that does not touch a kernel re-runs no kernel emission.</summary>
    public class IncrementalityTests
    {
        private const string Kernels = @"using KernelGen; using static KernelGen.Kernel;
public static partial class K
{
    [ParallelKernel]
    public static void Add(float[] a, float[] b, float[] r) { foreach (int i in PRange(a.Length)) r[i] = a[i] + b[i]; }
}";

        [Fact]
        public void Editing_a_calling_file_leaves_kernel_specs_cached()
        {
            CSharpCompilation compilation = InMemory.Compile(Kernels)
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText("static class Caller { static void Go(float[] a) => K.Add(a, a, a); }", InMemory.ParseOptions, path: "Caller.cs"));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() },
                parseOptions: InMemory.ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length); // the kernel and the interceptors

            // Edit the caller: a new line shifts the call, so only the call-site pipeline has new work.
            SyntaxTree caller = compilation.SyntaxTrees.Last();
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(caller,
                caller.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("// edited\n" + caller.ToString())));
            driver = driver.RunGenerators(edited);

            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            var kernelSteps = run.TrackedSteps[KernelGenerator.KernelStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(kernelSteps);
            Assert.All(kernelSteps, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
            var callSteps = run.TrackedSteps[KernelGenerator.CallSiteStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.Contains(IncrementalStepRunReason.Modified, callSteps); // the call moved: its interceptor location is new
        }
    }
}
