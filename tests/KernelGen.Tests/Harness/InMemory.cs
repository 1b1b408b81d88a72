using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using KernelGen.Generator;
using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// Compiles C# source in memory with the KernelGen generator (and analyzer), the way a user's build does, and
    /// loads the result so tests can run serial and parallel versions side by side.
    /// </summary>
    public static class InMemory
    {
        public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
            .WithLanguageVersion(LanguageVersion.Preview)
            .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "KernelGen.Generated") });

        public static ImmutableArray<MetadataReference> References => s_references.Value;

        private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .ToList();
            paths.Add(typeof(KernelGen.Kernel).Assembly.Location);
            return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        });

        public static CSharpCompilation Compile(string source, bool unsafeCode = false, string assemblyName = "KernelTests", CSharpParseOptions? options = null) =>
            CSharpCompilation.Create(assemblyName,
                new[] { CSharpSyntaxTree.ParseText(source, options ?? ParseOptions, path: "Kernels.cs") },
                s_references.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: unsafeCode,
                    optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

        /// <summary>Runs the generator; returns the output compilation, generated sources and generator diagnostics.</summary>
        public static (Compilation Output, GeneratorDriverRunResult Run) Generate(CSharpCompilation compilation)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() },
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false)); // (IncrementalityTests track their own runs)
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            return (output, driver.GetRunResult());
        }

        /// <summary>The analyzer's diagnostics for <paramref name="source"/>.</summary>
        public static ImmutableArray<Diagnostic> Analyze(string source, CSharpParseOptions? options = null, bool unsafeCode = false) =>
            options is null
                ? s_analyzed.GetOrAdd((source, unsafeCode), k => new Lazy<ImmutableArray<Diagnostic>>(() => AnalyzeNow(k.Source, null, k.Unsafe))).Value
                : AnalyzeNow(source, options, unsafeCode);

        /// <summary>
        /// Analyzer results by source: many tests ask twice about one source (the races, then whether it ran in parallel),
        /// and the corpus tests and their census analyze the same cases. The analyzer is deterministic, so the second
        /// answer is the first one (diagnostics keep only their syntax tree alive).
        /// </summary>
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Source, bool Unsafe), Lazy<ImmutableArray<Diagnostic>>> s_analyzed = new();

        private static ImmutableArray<Diagnostic> AnalyzeNow(string source, CSharpParseOptions? options, bool unsafeCode)
        {
            CSharpCompilation compilation = Compile(source, unsafeCode, options: options);
            return compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new KernelAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().Result
                .OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        }

        /// <summary>
        /// Generates <paramref name="source"/> (no compile errors allowed) and returns, by a kernel of
        /// <paramref name="type"/>'s name, the generated text from that kernel's parallel report on.
        /// </summary>
        public static Func<string, string> GeneratedFrom(string source, string type, bool unsafeCode = false)
        {
            (Compilation output, var run) = Generate(Compile(source, unsafeCode));
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Xunit.Assert.True(errors.Count == 0, string.Join("\n", errors));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            return kernel =>
            {
                int at = text.IndexOf($"// KernelGen parallel report — {type}.{kernel}(", StringComparison.Ordinal);
                Xunit.Assert.True(at >= 0, kernel);
                return text[at..];
            };
        }

        /// <summary>A kernel's own generated file out of <see cref="GeneratedFrom"/>'s text: up to the next kernel's report.</summary>
        public static string Section(string from)
        {
            int next = from.IndexOf("// KernelGen parallel report", 10, StringComparison.Ordinal);
            return next < 0 ? from : from[..next];
        }

        /// <summary>The report's "vector:" line of a kernel of <paramref name="type"/>, by the kernel's name (see <see cref="GeneratedFrom"/>).</summary>
        public static Func<string, string> VectorLines(string source, string type)
        {
            Func<string, string> generated = GeneratedFrom(source, type);
            return kernel => VectorLine(generated(kernel));
        }

        /// <summary>The report's "vector:" line of a kernel's generated file.</summary>
        public static string VectorLine(string generated) =>
            generated.Split('\n').First(l => l.TrimStart().StartsWith("//     vector:", StringComparison.Ordinal));

        /// <summary>Generates, checks that everything compiles without errors, and loads the assembly.</summary>
        public static Assembly Build(string source, bool unsafeCode = false)
        {
            (Compilation output, GeneratorDriverRunResult run) = Generate(Compile(source, unsafeCode));
            var generatorErrors = run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (generatorErrors.Count > 0)
                throw new InvalidOperationException("Generator diagnostics:\n" + string.Join("\n", generatorErrors));
            using var stream = new MemoryStream();
            var result = output.Emit(stream);
            if (!result.Success)
            {
                string generated = string.Join("\n\n", run.GeneratedTrees.Select(t => t.ToString()));
                throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n\nGenerated:\n" + generated);
            }
            stream.Position = 0;
            return new AssemblyLoadContext("kernels", isCollectible: true).LoadFromStream(stream);
        }

        /// <summary>
        /// Generates, replaces <paramref name="original"/> with <paramref name="mutated"/> in the generated sources (a
        /// mutant, for showing that a differential test catches a wrong generated step), compiles and loads the result.
        /// </summary>
        public static Assembly BuildMutant(string source, string original, string mutated, bool unsafeCode = false)
        {
            (Compilation output, GeneratorDriverRunResult run) = Generate(Compile(source, unsafeCode));
            int replaced = 0;
            foreach (SyntaxTree tree in run.GeneratedTrees)
            {
                string text = tree.ToString();
                if (!text.Contains(original, StringComparison.Ordinal)) continue;
                output = output.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(original, mutated, StringComparison.Ordinal))));
                replaced++;
            }
            if (replaced == 0) throw new InvalidOperationException("the mutation found nothing to change: " + original);
            using var stream = new MemoryStream();
            var result = output.Emit(stream);
            if (!result.Success) throw new InvalidOperationException("the mutant does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            stream.Position = 0;
            return new AssemblyLoadContext("mutant", isCollectible: true).LoadFromStream(stream);
        }

        /// <summary>Calls a static method by type and name (reflection calls are never intercepted: this is the serial original).</summary>
        public static object? Call(Assembly assembly, string type, string method, params object?[] args)
        {
            MethodInfo info = assembly.GetType(type, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new MissingMethodException(type, method);
            try { return info.Invoke(null, args); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
