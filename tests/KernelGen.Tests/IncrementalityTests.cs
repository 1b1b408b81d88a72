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

        [Fact]
        public void Editing_a_helper_in_another_file_re_judges_the_kernel_that_calls_it()
        {
            // The effect model reads helpers' bodies in any file: when a helper gains a side effect, the kernel that
            // calls it must stop running in parallel at the next build, though the kernel's own file did not change.
            const string Kernel = @"using KernelGen; using static KernelGen.Kernel;
public static partial class K
{
    [ParallelKernel]
    public static void Scale(float[] a) { foreach (int i in PRange(a.Length)) a[i] = Helpers.Twice(a[i]); }
}";
            const string Pure = "public static class Helpers { public static float Twice(float v) => v * 2; }";
            const string Racy = "public static class Helpers { public static int Calls; public static float Twice(float v) { Calls++; return v * 2; } }";
            CSharpCompilation compilation = InMemory.Compile(Kernel)
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText(Pure, InMemory.ParseOptions, path: "Helpers.cs"));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() },
                parseOptions: InMemory.ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.ToString().Contains("ScaleParallel"));

            SyntaxTree helpers = compilation.SyntaxTrees.Last();
            driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(helpers, helpers.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Racy))));
            Assert.DoesNotContain(driver.GetRunResult().GeneratedTrees, t => t.ToString().Contains("ScaleParallel"));
        }
    }
}
