using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using KernelGen.Benchmarks;

// Modes (docs/benchmarks.md):
//   --launch           Stopwatch probe of the scheduler's launch cost and bytes per call, no BenchmarkDotNet.
//   --stress [s]       scheduler stress: 6 threads launching kernels (nested, throwing, degree changes) for s seconds.
//   --check            only the correctness check: KernelGen against serial at the sizes of both modes; exit 1 on a difference.
//   --short            CI mode: check, then in-process, 1 warm-up + 3 short iterations, smaller sizes (env KERNELGEN_BENCH_SHORT=1 too).
//   --full-sizes       with --short: the short job at the full sizes.
//   (default)          full mode: check, then one process per case, the Full job below (about 200 cases, 30 of them C/OpenMP twins; aimed at <= 20 min on 2 cores).
//   --report [path]    after the run, write the report (default: docs/benchmarks.md and docs/benchmarks.svg at the repository root).
//   --numba file       with --report: numba_bench.py's output (saved stdout) beside KernelGen's rows.
//   --from file.json   with --report: re-render the report from a saved run (every run saves its rows, see Report.Save).
//   --note "text"      with --report: a line for the Results section (e.g. "4 other builds ran at the same time").
//   --no-paired        full mode: skip the paired stage (KernelGen and C/OpenMP in alternating processes for the rows
//                      with a C twin, after BenchmarkDotNet, then again with one thread each; Paired.cs).
//                      --time-one Suite Method N: one such process.
// Other arguments go to BenchmarkDotNet (--filter *AddF32*, --list flat, ...); without --filter everything runs.
// Every mode that times also checks first, and exits 1 when a KernelGen result differs from the serial one.
// C/OpenMP twins (c/kernels.c, the report's "vs C/OpenMP" column): the check and every timing mode first build them with
// gcc into a shared library (COmp.Prepare; the full mode's child processes load the parent's library); without gcc, or
// when it fails, the COpenMP benchmarks are left out and the report says why.
if (args.Contains("--launch"))
{
    LaunchProbe.Run(trips: 16, calls: 20000);
    KernelGen.KernelRuntime.AdaptiveBackoff = true; // the size sweep shows what users get
    LaunchProbe.Sizes();
    LaunchProbe.Allocations();
    return 0;
}

if (args.Length == 4 && args[0] == Paired.Mode)
    return Paired.TimeOne(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));

if (args.Contains("--inner"))
{
    LaunchProbe.InnerLoops(rounds: 5);
    return 0;
}
if (args.Contains("--stress"))
{
    int i = Array.IndexOf(args, "--stress");
    double seconds = i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 10;
    return Stress.Run(seconds);
}

var rest = new List<string>(args);
bool fullSizes = rest.Remove("--full-sizes");
bool shortMode = rest.Remove("--short") || Config.Short;
bool checkOnly = rest.Remove("--check");
bool noPaired = rest.Remove("--no-paired");
if (shortMode && !fullSizes) Environment.SetEnvironmentVariable(Config.ShortVariable, "1");
if (fullSizes) Environment.SetEnvironmentVariable(Config.ShortVariable, null);
string? TakeValue(string name)
{
    int at = rest.IndexOf(name);
    if (at < 0) return null;
    string? value = at + 1 < rest.Count && !rest[at + 1].StartsWith("-") ? rest[at + 1] : null;
    rest.RemoveRange(at, value is null ? 1 : 2);
    return value ?? "";
}
string? reportPath = TakeValue("--report");
if (reportPath == "") reportPath = Report.DefaultPath();
string? numbaPath = TakeValue("--numba");
string? fromPath = TakeValue("--from");
string? note = TakeValue("--note"); // one line for the report's Results section, e.g. what else ran on the machine

if (fromPath is not null)
{
    // Re-render only: no check, no timing.
    Report.Render(Report.Load(fromPath), reportPath ?? Report.DefaultPath(), numbaPath, note);
    return 0;
}

var watch = System.Diagnostics.Stopwatch.StartNew();
bool haveC = COmp.Prepare();
Console.WriteLine("C/OpenMP twins: " + COmp.Description);
int reversedChunks = global::KernelGen.KernelRuntime.ReversedChunks;
if (reversedChunks > 0)
    Console.WriteLine($"check: on the reversed schedule (KERNELGEN_REVERSED_CHUNKS={reversedChunks}: chunks run last first on the calling thread)");
var checks = CheckPass.Run();
int wrong = checks.Count(c => c.Problem is not null);
Console.WriteLine($"check: {checks.Count - wrong} of {checks.Count} kernel/size pairs (KernelGen and C/OpenMP twins) equal serial ({watch.Elapsed.TotalSeconds:F0} s)");
if (checkOnly) return wrong == 0 ? 0 : 1;

if (!rest.Contains("--filter") && !rest.Contains("--list")) rest.AddRange(new[] { "--filter", "*" });
IConfig config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default).WithOptions(ConfigOptions.JoinSummary);
config = config.AddJob(shortMode ? Jobs.Short : Jobs.Full);
// No library: leave the COpenMP benchmarks out (a no-op method would record a fake time). Filters of the config and of
// --filter must all pass, so this narrows whatever --filter selects.
if (!haveC) config = config.AddFilter(new BenchmarkDotNet.Filters.SimpleFilter(b => b.Descriptor.WorkloadMethod.Name != "COpenMP"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Kernels).Assembly).Run(rest.ToArray(), config).ToArray();
var run = Report.Collect(summaries, checks, shortMode, shortMode ? Jobs.ShortDescription : Jobs.FullDescription, watch.Elapsed);
if (!shortMode && haveC && !noPaired)
{
    // Every row with a C twin: four pairs where the data streams from memory (the noisiest), two elsewhere.
    var twinRows = run.Rows.Where(r => r.Role == "COpenMP" && run.Rows.Any(g => g.Suite == r.Suite && g.N == r.N && g.Role == "KernelGen"))
        .Select(r => (r.Suite, r.N, Rounds: Report.StreamsFromMemory(r.Suite, r.N) ? 4 : 2)).Distinct().ToList();
    Console.WriteLine($"paired: KernelGen and C/OpenMP in alternating processes for {twinRows.Count} row(s)");
    var paired = Paired.Run(twinRows);
    // Then one thread each, two pairs a row: whether a gap is the generated loop's or the threads' (the report's causes).
    Console.WriteLine($"paired: the same rows with one thread each (KernelGen and libgomp)");
    var oneThread = Paired.Run(twinRows.Select(r => (r.Suite, r.N, 2)).ToList(), threads: 1);
    run = run with { Paired = paired, PairedOneThread = oneThread, Minutes = watch.Elapsed.TotalMinutes };
}
if (!shortMode && !noPaired)
{
    // KernelGen against the hand-tuned C# the same way: BenchmarkDotNet times the two minutes apart too (a stop's run read
    // SinCos at 1.29x hand-tuned, where its pairs read about 0.8x: that run's hand-tuned process was slow).
    var handRows = run.Rows.Where(r => r.Role == "HandTuned" && run.Rows.Any(g => g.Suite == r.Suite && g.N == r.N && g.Role == "KernelGen"))
        .Select(r => (r.Suite, r.N, Rounds: Report.StreamsFromMemory(r.Suite, r.N) ? 4 : 2)).Distinct().ToList();
    Console.WriteLine($"paired: KernelGen and the hand-tuned C# in alternating processes for {handRows.Count} row(s)");
    run = run with { PairedHand = Paired.Run(handRows, other: "HandTuned"), Minutes = watch.Elapsed.TotalMinutes };
}
Report.Save(run);
if (reportPath is not null)
    Report.Render(run, reportPath, numbaPath, note);
Console.WriteLine($"benchmarks: {watch.Elapsed.TotalMinutes:F1} min in all (check + runs); {wrong} wrong result(s)");
if (wrong > 0)
    Console.WriteLine("benchmarks: FAILED, differs from serial: " + string.Join(", ", checks.Where(c => c.Problem is not null).Select(c => $"{c.Of} {c.Suite} n={c.N}")));
bool failedCases = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
if (failedCases) Console.WriteLine("benchmarks: FAILED, some cases did not run (see above)");
return wrong == 0 && !failedCases ? 0 : 1;

namespace KernelGen.Benchmarks
{
    public static class Config
    {
        public const string ShortVariable = "KERNELGEN_BENCH_SHORT";
        public static bool Short => Environment.GetEnvironmentVariable(ShortVariable) == "1";
    }

    /// <summary>The two jobs. Both are stated in the report (the job line), so that a reader knows how little was sampled.</summary>
    public static class Jobs
    {
        /// <summary>
        /// Full mode: one process per case (own JIT and pool state), 1 launch, 3 warm-ups, 10 iterations of ~100 ms.
        /// BenchmarkDotNet's default job decides its iteration counts itself (up to 100 iterations per case, more on a
        /// noisy machine): over the ~200 cases that is far beyond 20 minutes on 2 cores. This one fixes the counts.
        /// </summary>
        public static readonly Job Full = Job.Default
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("Full");

        public const string FullDescription = "Full job: one process per case, 1 launch, 3 warm-up + 10 measured iterations of ~100 ms (BenchmarkDotNet 0.15.8)";

        /// <summary>Short mode: in-process, 1 warm-up + 3 iterations of ~40 ms (CI; ratios are rough).</summary>
        public static readonly Job Short = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithIterationTime(TimeInterval.FromMilliseconds(40)).WithId("Short");

        public const string ShortDescription = "Short job: in-process, 1 launch, 1 warm-up + 3 measured iterations of ~40 ms, smaller sizes";
    }
}
