using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator;
using KernelGen.Tests.Harness;
using KernelGen.Tests.RandomKernels;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// The generator's cost at compile time (issue 5), on 200 random kernels: time per kernel (the incremental cache on
    /// the same kernels: <see cref="IncrementalEditTests"/>).
    /// </summary>
    [Collection("Timing")]
    public class CompileTimeTests
    {
        internal const int KernelCount = 200;
        private readonly ITestOutputHelper _output;

        public CompileTimeTests(ITestOutputHelper output) => _output = output;

        /// <summary>The kernels (one file), their callers (another) and an unrelated file.</summary>
        internal static CSharpCompilation Project(int seed, int count)
        {
            List<FuzzKernel> kernels = Enumerable.Range(0, count).Select(id => KernelFuzzer.Generate(id, KernelFuzzer.SeedOf(seed, id))).ToList();
            string header = "using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\nnamespace Fuzz\n{\n";
            string kernelFile = header + string.Concat(kernels.Select(k => k.KernelText)) + "}\n";
            string callerFile = header + "    public static class Calls\n    {\n" + string.Concat(kernels.Select(k => k.CallerText)) + "    }\n}\n";
            return InMemory.Compile(kernelFile)
                .AddSyntaxTrees(
                    CSharpSyntaxTree.ParseText(callerFile, InMemory.ParseOptions, path: "Calls.cs"),
                    CSharpSyntaxTree.ParseText("namespace Fuzz { public static class Unrelated { public static int Answer() => 42; } }\n", InMemory.ParseOptions, path: "Unrelated.cs"));
        }

        /// <summary>The driver; <paramref name="track"/>: record each step's outputs (the incremental tests read them; a
        /// compiler build does not, so the timing runs without).</summary>
        internal static GeneratorDriver Driver(bool track = true) => CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() },
            parseOptions: InMemory.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        /// <summary>CPU time of the calling thread (Linux), which a loaded machine does not inflate; else wall time.</summary>
        private static TimeSpan ThreadTime(out bool isCpu)
        {
            isCpu = false;
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    if (clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out Timespec t) == 0)
                    {
                        isCpu = true;
                        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
                    }
                }
                catch (DllNotFoundException) { }
                catch (EntryPointNotFoundException) { }
            }
            return TimeSpan.FromTicks(System.Diagnostics.Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency);
        }

        private struct Timespec { public long Seconds; public long Nanoseconds; }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
        private static extern int clock_gettime(int clock, out Timespec time);

        private static CSharpCompilation Fresh(CSharpCompilation project) =>
            project.RemoveAllSyntaxTrees().AddSyntaxTrees(project.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.ToString(), InMemory.ParseOptions, path: t.FilePath)));

        [SlowFact, Trait("Category", "Slow")]
        public void Generator_time_per_kernel_is_small()
        {
            // Warm up (JIT of the generator and of Roslyn's binder, up to its optimized tier) on other kernels. The
            // compiler server of a real build stays warm between builds. Six rounds of 60 kernels left the measured
            // runs still falling run after run (2.4 ms by the seventh, from 4 at the first): the runtime delays tier-up
            // while new methods keep being compiled. Ten rounds of 200 reach the steady state.
            for (int warm = 0; warm < 10; warm++) Driver(track: false).RunGenerators(Project(seed: 1 + warm, count: KernelCount));

            CSharpCompilation project = Project(seed: 20261126, count: KernelCount);
            var generator = new List<double>();
            var generatorWall = new List<double>();
            var binding = new List<double>();
            bool isCpu = false;
            // Best of six: thread CPU time still varies by a third between runs on this VM (the compiler's own
            // binding below varies as much); each run starts from a collected heap.
            for (int run = 0; run < 6; run++)
            {
                // A fresh compilation each time: nothing bound or cached from the run before. The driver runs the
                // generator on this thread, so this thread's CPU time is the generator's (binding it asks for included).
                CSharpCompilation fresh = Fresh(project);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                TimeSpan before = ThreadTime(out isCpu);
                GeneratorDriver driver = Driver(track: false).RunGenerators(fresh);
                generator.Add((ThreadTime(out _) - before).TotalMilliseconds / KernelCount);
                generatorWall.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds / KernelCount);
                Assert.True(driver.GetRunResult().GeneratedTrees.Length > KernelCount / 2);

                // For scale: the compiler's own binding of the same project (all diagnostics, no generator), on this thread.
                fresh = Fresh(project).WithOptions(project.Options.WithConcurrentBuild(false));
                before = ThreadTime(out _);
                fresh.GetDiagnostics();
                binding.Add((ThreadTime(out _) - before).TotalMilliseconds / KernelCount);
            }
            double best = generator.Min();
            string clock = isCpu ? "thread CPU time" : "wall time";
            string line = $"KernelGen generator: {best:F2} ms per kernel ({clock}, best of {generator.Count}: {string.Join(", ", generator.Select(s => s.ToString("F2")))}; "
                + $"driver's wall clock {generatorWall.Min():F2} ms) over {KernelCount} random kernels in one compilation; the compiler's own binding of the same files: {binding.Min():F2} ms per kernel; target 1 ms";
            _output.WriteLine(line);
            Console.WriteLine("CompileTime: " + line);
            // Generous: a loaded CI machine must not flake; the measured value above is what counts.
            Assert.True(best <= 20, line);
        }
    }

    /// <summary>
    /// The incremental cache on <see cref="CompileTimeTests"/>' 200 random kernels: an edit that touches no kernel re-runs
    /// no kernel emission. It times nothing, so it runs beside the other tests, not in the Timing collection.
    /// </summary>
    public class IncrementalEditTests
    {
        private const int KernelCount = CompileTimeTests.KernelCount;
        private readonly ITestOutputHelper _output;

        public IncrementalEditTests(ITestOutputHelper output) => _output = output;

        private static CSharpCompilation Project(int seed, int count) => CompileTimeTests.Project(seed, count);

        private static GeneratorDriver Driver() => CompileTimeTests.Driver();

        [Fact]
        public void Unrelated_edits_re_run_no_kernel_emission()
        {
            CSharpCompilation project = Project(seed: 20261126, count: KernelCount);
            GeneratorDriver driver = Driver().RunGenerators(project);
            GeneratorRunResult first = driver.GetRunResult().Results.Single();
            int files = first.GeneratedSources.Length;
            Assert.True(files > KernelCount / 2);

            // 1. An edit of a file with no kernel and no kernel call: nothing is re-emitted.
            SyntaxTree unrelated = project.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
            CSharpCompilation edited = project.ReplaceSyntaxTree(unrelated,
                unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("// edited\n" + unrelated + "namespace Fuzz { static class More { static int X() => Unrelated.Answer() + 1; } }\n")));
            driver = driver.RunGenerators(edited);
            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            AssertCached(run.TrackedSteps[KernelGenerator.KernelStep], "kernel specs");
            AssertCached(run.TrackedOutputSteps.SelectMany(s => s.Value), "source outputs");
            Assert.Equal(files, run.GeneratedSources.Length);

            // 2. An edit of the calling file moves every call: only the interceptors file is re-emitted.
            SyntaxTree calls = edited.SyntaxTrees.Single(t => t.FilePath == "Calls.cs");
            edited = edited.ReplaceSyntaxTree(calls, calls.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("// edited\n" + calls)));
            driver = driver.RunGenerators(edited);
            run = driver.GetRunResult().Results.Single();
            AssertCached(run.TrackedSteps[KernelGenerator.KernelStep], "kernel specs");
            var outputs = run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(step => step.Outputs).ToList();
            var redone = outputs.Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified).ToList();
            _output.WriteLine($"caller edit: {outputs.Count} source outputs, {redone.Count} re-run");
            Assert.Single(redone); // the interceptors
            Assert.Contains(IncrementalStepRunReason.Modified, run.TrackedSteps[KernelGenerator.CallSiteStep].SelectMany(s => s.Outputs).Select(o => o.Reason));
        }

        private static void AssertCached(IEnumerable<IncrementalGeneratorRunStep> steps, string what)
        {
            var reasons = steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{what}: {reason}"));
        }
    }
}
