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
//   --launch           Stopwatch probe of the scheduler's launch cost, no BenchmarkDotNet.
//   --stress [s]       scheduler stress: 6 threads launching kernels (nested, throwing, degree changes) for s seconds.
//   --short            CI mode: in-process, 1 warm-up + 3 short iterations, smaller sizes (env KERNELGEN_BENCH_SHORT=1 too).
//   --full-sizes       with --short: the short job at the full sizes.
//   (default)          full BenchmarkDotNet runs (separate processes, default job).
//   --report [path]    after the run, write the ratio report (default: docs/benchmarks.md at the repository root).
// Other arguments go to BenchmarkDotNet (--filter *AddF32*, --list flat, ...); without --filter everything runs.
if (args.Contains("--launch"))
{
    LaunchProbe.Run(trips: 16, calls: 20000);
    KernelGen.KernelRuntime.AdaptiveBackoff = true; // the size sweep shows what users get
    LaunchProbe.Sizes();
    LaunchProbe.Allocations();
    return;
}

if (args.Contains("--inner"))
{
    LaunchProbe.InnerLoops(rounds: 5);
    return;
}
if (args.Contains("--stress"))
{
    int i = Array.IndexOf(args, "--stress");
    double seconds = i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 10;
    Environment.Exit(Stress.Run(seconds));
}

var rest = new List<string>(args);
bool fullSizes = rest.Remove("--full-sizes");
bool shortMode = rest.Remove("--short") || Config.Short;
if (shortMode && !fullSizes) Environment.SetEnvironmentVariable(Config.ShortVariable, "1");
if (fullSizes) Environment.SetEnvironmentVariable(Config.ShortVariable, null);
string? reportPath = null;
int at = rest.IndexOf("--report");
if (at >= 0)
{
    reportPath = at + 1 < rest.Count && !rest[at + 1].StartsWith("-") ? rest[at + 1] : Report.DefaultPath();
    rest.RemoveRange(at, at + 1 < rest.Count && rest[at + 1] == reportPath ? 2 : 1);
}
if (!rest.Contains("--filter") && !rest.Contains("--list")) rest.AddRange(new[] { "--filter", "*" });

IConfig config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default).WithOptions(ConfigOptions.JoinSummary);
if (shortMode)
    config = config.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
        .WithIterationTime(TimeInterval.FromMilliseconds(40)).WithId("Short"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Kernels).Assembly).Run(rest.ToArray(), config).ToArray();
if (reportPath is not null)
    Report.Write(summaries, reportPath, shortMode);

namespace KernelGen.Benchmarks
{
    public static class Config
    {
        public const string ShortVariable = "KERNELGEN_BENCH_SHORT";
        public static bool Short => Environment.GetEnvironmentVariable(ShortVariable) == "1";
    }
}
