using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using KernelGen.Generator.Diagnostics;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A library's kernel called from an app (issue 14): the app's calls are intercepted to the parallel version the
    /// library's own build generated when it is reachable; otherwise KG2011 at the call says why the call runs serially.
    /// </summary>
    public class CrossProjectTests
    {
        private const string Library = @"using KernelGen; using static KernelGen.Kernel;
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(""Friend"")]
namespace Lib
{
    public static partial class Kernels
    {
        [ParallelKernel(ChunkSize = 100)]
        public static void Probe(int[] flags) { foreach (int i in PRange(flags.Length)) flags[i] = KernelRuntime.IsInsideKernel ? 1 : 0; }

        [ParallelKernel(ChunkSize = 100)]
        public static double Sum(double[] a, double scale = 1)
        {
            double s = 0;
            foreach (int i in PRange(a.Length)) s += a[i] * scale;
            return s;
        }

        [ParallelKernel(ChunkSize = 100)]
        internal static void Hidden(int[] flags) { foreach (int i in PRange(flags.Length)) flags[i] = KernelRuntime.IsInsideKernel ? 1 : 0; }

        [ParallelKernel]
        public static void Shift(float[] a) { foreach (int i in PRange(1, a.Length)) a[i] = a[i - 1]; }
    }
}";

        private static (byte[] Image, MetadataReference Reference) BuildLibrary()
        {
            (Compilation output, _) = InMemory.Generate(InMemory.Compile(Library, assemblyName: "KernelLib"));
            using var stream = new MemoryStream();
            var result = output.Emit(stream);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return (stream.ToArray(), MetadataReference.CreateFromImage(stream.ToArray()));
        }

        private static CSharpCompilation App(string source, MetadataReference library, string name = "App") =>
            CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source, InMemory.ParseOptions, path: "App.cs") },
                InMemory.References.Add(library), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));

        private static ImmutableArray<Diagnostic> KernelDiagnostics(CSharpCompilation app) =>
            app.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new KernelAnalyzer())).GetAnalyzerDiagnosticsAsync().Result;

        private const string Caller = @"public static class App
{
    public static int[] Probe() { var f = new int[1000]; Lib.Kernels.Probe(f); return f; }
    public static double Sum(double[] a) => Lib.Kernels.Sum(a);
    public static void Shift(float[] a) => Lib.Kernels.Shift(a);
}";

        [Fact]
        public void An_apps_calls_of_a_library_kernel_run_its_parallel_version()
        {
            (byte[] image, MetadataReference reference) = BuildLibrary();
            (Compilation output, GeneratorDriverRunResult run) = InMemory.Generate(App(Caller, reference));
            string interceptors = run.GeneratedTrees.Single(t => t.FilePath.EndsWith("KernelGen.Interceptors.g.cs", StringComparison.Ordinal)).ToString();
            Assert.Contains("global::Lib.Kernels.ProbeParallel(flags)", interceptors);
            Assert.Contains("global::Lib.Kernels.SumParallel(a, scale)", interceptors);
            Assert.DoesNotContain("ShiftParallel", interceptors); // serial in the library: nothing to call
            using var stream = new MemoryStream();
            Assert.True(output.Emit(stream).Success);

            var context = new AssemblyLoadContext("cross-project", isCollectible: true);
            context.LoadFromStream(new MemoryStream(image));
            Type app = context.LoadFromStream(new MemoryStream(stream.ToArray())).GetType("App")!;
            var flags = (int[])app.GetMethod("Probe")!.Invoke(null, null)!;
            Assert.All(flags, f => Assert.Equal(1, f)); // every iteration ran inside the parallel kernel
            double[] a = Enumerable.Range(0, 5000).Select(i => i * 0.5).ToArray();
            Assert.Equal(a.Sum(), (double)app.GetMethod("Sum")!.Invoke(null, new object[] { a })!, 6);

            // The library kernel that stays serial is named at the call.
            Diagnostic shift = Assert.Single(KernelDiagnostics(App(Caller, reference)));
            Assert.Equal("KG2011", shift.Id);
            Assert.Contains("'Kernels.Shift(float[])'", shift.GetMessage());
            Assert.Contains("runs serially in its own project", shift.GetMessage());
        }

        [Fact]
        public void An_internal_kernel_is_intercepted_in_a_friend_assembly()
        {
            // (Another assembly cannot call an internal kernel at all without InternalsVisibleTo.)
            (_, MetadataReference reference) = BuildLibrary();
            const string Source = "public static class App { public static void Run(int[] f) => Lib.Kernels.Hidden(f); }";
            (_, GeneratorDriverRunResult run) = InMemory.Generate(App(Source, reference, "Friend"));
            Assert.Contains(run.GeneratedTrees, t => t.ToString().Contains("global::Lib.Kernels.HiddenParallel(flags)", StringComparison.Ordinal));
            Assert.Empty(KernelDiagnostics(App(Source, reference, "Friend")));
        }
    }
}
