using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using KernelGen.Generator;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The build summary (issue 14): one "// KernelGen:" line per [ParallelKernel] method in KernelGen.BuildSummary.g.cs,
    /// which build/KernelGen.targets prints after the compile (the package test checks the printing end to end).
    /// </summary>
    public class BuildSummaryTests
    {
        private const string Source = @"using KernelGen; using static KernelGen.Kernel;
public static partial class Kernels
{
    [ParallelKernel]
    public static void Add(float[] a, float[] b, float[] r) { foreach (int i in PRange(r.Length)) r[i] = a[i] + b[i]; }

    [ParallelKernel]
    public static void Shift(float[] a)
    {
        foreach (int i in PRange(1, a.Length)) a[i] = a[i - 1];
    }

    [ParallelKernel]
    public static void Unused(double[,] g) { foreach (int i in PRange(g.GetLength(0))) g[i, 0] = i; }

    [ParallelKernel]
    public static void Mixed(float[] a, float[] b)
    {
        foreach (int i in PRange(b.Length)) b[i] = 2 * i;
        foreach (int i in PRange(1, a.Length)) a[i] = a[i - 1];
    }

    private static partial class Hidden
    {
        [ParallelKernel]
        public static void Fill(int[] a) { foreach (int i in PRange(a.Length)) a[i] = i; }
    }

    public static void Use(float[] x) { Add(x, x, x); Add(x, x, x); Shift(x); Mixed(x, x); Hidden.Fill(new int[3]); }

    // One-hot rows (yqwang2006/DLPFT onehot.h, in our own words): labels[i] is not bounded by classes, so the rows may
    // meet (KG1004, serial); KG1003's advice about a parallel loop does not apply and is not given.
    [ParallelKernel]
    public static void OneHot(int[] labels, float[] output, int classes)
    {
        foreach (int i in PRange(labels.Length))
        {
            if (labels[i] == classes) output[i * classes] = 1;
            else output[i * classes + labels[i]] = 1;
        }
    }
}";

        private static string[] SummaryLines(string source, string? setting)
        {
            CSharpCompilation compilation = InMemory.Compile(source);
            var options = new Options(setting is null ? new() : new() { ["build_property.KernelGenBuildSummary"] = setting });
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() },
                parseOptions: InMemory.ParseOptions, optionsProvider: options);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            SyntaxTree? summary = driver.GetRunResult().GeneratedTrees.SingleOrDefault(t => t.FilePath.EndsWith("KernelGen.BuildSummary.g.cs", StringComparison.Ordinal));
            return summary is null ? Array.Empty<string>()
                : summary.ToString().Split('\n').Where(l => l.StartsWith("// KernelGen: ", StringComparison.Ordinal)).Select(l => l.Substring(3).TrimEnd('\r')).ToArray();
        }

        [Fact]
        public void One_line_per_kernel_says_what_ran_in_parallel_and_what_was_intercepted()
        {
            string[] lines = SummaryLines(Source, "true");
            Assert.Equal(string.Join("\n", new[]
            {
                "KernelGen: Kernels.Add(float[], float[], float[]) → parallel, SIMD float lanes, intercepted 2 calls",
                "KernelGen: Kernels.Hidden.Fill(int[]) → parallel, SIMD int lanes, calls not intercepted: KG2008 at Kernels.cs(26)",
                "KernelGen: Kernels.Mixed(float[], float[]) → 1 of 2 loops parallel (SIMD float lanes), serial: KG1001 at Kernels.cs(20), intercepted 1 call",
                "KernelGen: Kernels.OneHot(int[], float[], int) → serial: KG1004 at Kernels.cs(38)",
                "KernelGen: Kernels.Shift(float[]) → serial: KG1001 at Kernels.cs(10)",
                "KernelGen: Kernels.Unused(double[,]) → parallel, scalar body, no calls in this project",
            }), string.Join("\n", lines));
            Assert.All(lines, l => Assert.DoesNotContain(";", l)); // MSBuild would split the line there
        }

        [Theory]
        [InlineData(null)]
        [InlineData("false")]
        public void No_summary_file_unless_the_build_asks_for_one(string? setting) =>
            Assert.Empty(SummaryLines(Source, setting));

        [Fact]
        public void A_project_without_kernels_says_so() =>
            Assert.Equal(new[] { "KernelGen: no [ParallelKernel] methods in this project" }, SummaryLines("public static class C { }", "high"));

        private sealed class Options : AnalyzerConfigOptionsProvider
        {
            private readonly Values _global;
            public Options(Dictionary<string, string> values) => _global = new Values(values);
            public override AnalyzerConfigOptions GlobalOptions => _global;
            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;
            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

            private sealed class Values : AnalyzerConfigOptions
            {
                private readonly Dictionary<string, string> _values;
                public Values(Dictionary<string, string> values) => _values = values;
                public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
            }
        }
    }
}
