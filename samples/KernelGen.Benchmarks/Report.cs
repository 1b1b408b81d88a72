using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace KernelGen.Benchmarks
{
    /// <summary>Writes docs/benchmarks.md: per kernel and size, KernelGen against serial and hand-tuned, and GB/s.</summary>
    public static class Report
    {
        public static string DefaultPath()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KernelGen.sln")))
                    return Path.Combine(dir.FullName, "docs", "benchmarks.md");
            return Path.Combine(Directory.GetCurrentDirectory(), "benchmarks.md");
        }

        private sealed record Row(string Suite, int N, string Role, double Ns, long? Allocated);

        /// <summary>Bytes read + written per call, for GB/s (0: compute-bound, no GB/s column).</summary>
        private static long Bytes(string suite, int n) => suite switch
        {
            "AddF32" => 12L * n,
            "ParallelAddF64" => 24L * n,
            "SumF32" => 4L * n,
            "Poly20" => 8L * n,
            "Stencil" => 8L * n * n,
            "Histogram" => 4L * n,
            "SeedSquares/PoolMap" => 12L * n,
            "SeedSquares/JoblibSquare" => 16L * n,
            "Bandwidth/Copy" => 8L * n,
            "Bandwidth/Triad" => 12L * n,
            _ => 0,
        };

        public static void Write(IReadOnlyList<Summary> summaries, string path, bool shortMode)
        {
            var rows = new List<Row>();
            foreach (var summary in summaries)
                foreach (var report in summary.Reports)
                {
                    if (report.ResultStatistics is null) continue;
                    var bc = report.BenchmarkCase;
                    string type = bc.Descriptor.Type.Name, method = bc.Descriptor.WorkloadMethod.Name;
                    string suite = type, role = method;
                    if (type == "SeedSquares")
                    {
                        bool square = method.StartsWith("Square");
                        suite = square ? "SeedSquares/JoblibSquare" : "SeedSquares/PoolMap";
                        role = square ? method.Substring("Square".Length) : method;
                    }
                    else if (type == "Bandwidth")
                    {
                        bool isCopy = method.StartsWith("Copy");
                        suite = isCopy ? "Bandwidth/Copy" : "Bandwidth/Triad";
                        role = method.Substring(isCopy ? 4 : 5);
                    }
                    int n = bc.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value is int v ? v : 0;
                    rows.Add(new Row(suite, n, role, report.ResultStatistics.Median, report.GcStats.GetBytesAllocatedPerOperation(bc)));
                }

            double GBs(Row r) => Bytes(r.Suite, r.N) / r.Ns; // bytes per ns = GB/s
            var triad = rows.Where(r => r.Suite == "Bandwidth/Triad" && r.Role == "Parallel").Select(GBs).DefaultIfEmpty(double.NaN).Max();
            var copy = rows.Where(r => r.Suite == "Bandwidth/Copy" && r.Role == "Parallel").Select(GBs).DefaultIfEmpty(double.NaN).Max();

            var text = new StringBuilder();
            text.AppendLine("# KernelGen benchmarks");
            text.AppendLine();
            text.AppendLine("Written by `samples/KernelGen.Benchmarks` (`--report`). Ratios of medians from one run; on a shared or");
            text.AppendLine("small machine they are noisy: compare ratios of one run, repeat, and never read absolute times as facts.");
            text.AppendLine();
            text.AppendLine("## How to run");
            text.AppendLine();
            text.AppendLine("    # short mode (CI, under ~2 minutes): in-process, 1 warm-up + 3 iterations of ~40 ms, smaller sizes");
            text.AppendLine("    dotnet run -c Release --project samples/KernelGen.Benchmarks -- --short --report");
            text.AppendLine("    # full mode (BenchmarkDotNet default job, one process per case; tens of minutes)");
            text.AppendLine("    dotnet run -c Release --project samples/KernelGen.Benchmarks -- --report");
            text.AppendLine("    # one suite, e.g. add f32:   ... -- --filter '*AddF32*'");
            text.AppendLine("    # launch-cost probe (Stopwatch; parallel launch vs serial vs the former Parallel.For scheduler, bytes per call,");
            text.AppendLine("    # then KernelGen vs serial around the parallel threshold):   ... -- --launch");
            text.AppendLine("    # scheduler stress (6 threads: nested, throwing, degree changes):   ... -- --stress 20");
            text.AppendLine();
            text.AppendLine("KERNELGEN_NUM_THREADS sets the kernels' thread count. The numba reference numbers and the hand-written level to");
            text.AppendLine("reach are in ../shared/anchors (run numba_bench.py in the same sitting and compare ratios).");
            text.AppendLine();
            text.AppendLine("Rows per kernel: Serial (the kernel as written, called through a delegate so it is not intercepted),");
            text.AppendLine("NaiveParallelFor (Parallel.For per element, per row for 2-D kernels), HandTuned (chunked Parallel.For +");
            text.AppendLine("Vector256/512, interleaved where there is a dependency chain), TensorPrimitives (System.Numerics.Tensors");
            text.AppendLine("11.0.0, where one applies) and KernelGen (the intercepted call). No chart is produced.");
            text.AppendLine();
            text.AppendLine(FormattableString.Invariant($"## Results ({(shortMode ? "short" : "full")} mode, {Environment.ProcessorCount} processors, KernelGen threads {KernelRuntime.MaxDegreeOfParallelism}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)"));
            text.AppendLine();
            text.AppendLine(FormattableString.Invariant($"Bandwidth reference (parallel, hand-written): triad {triad:F1} GB/s, copy {copy:F1} GB/s."));
            text.AppendLine();
            text.AppendLine("| kernel | n | KernelGen speed-up vs serial | KernelGen time / hand-tuned | KernelGen time / TensorPrimitives | KernelGen GB/s (% of triad) | KernelGen B/op | hand-tuned vs serial | naive Parallel.For vs serial |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var group in rows.GroupBy(r => (r.Suite, r.N)).OrderBy(g => g.Key.Suite, StringComparer.Ordinal).ThenBy(g => g.Key.N))
            {
                Row? Get(string role) => group.FirstOrDefault(r => r.Role == role);
                Row? serial = Get("Serial"), gen = Get("KernelGen"), hand = Get("HandTuned"), tp = Get("TensorPrimitives"), naive = Get("NaiveParallelFor");
                if (group.Key.Suite.StartsWith("Bandwidth"))
                {
                    var s = group.FirstOrDefault(r => r.Role == "Serial"); var p = group.FirstOrDefault(r => r.Role == "Parallel");
                    text.AppendLine(FormattableString.Invariant($"| {group.Key.Suite} (reference) | {group.Key.N:N0} | — | — | — | serial {(s is null ? double.NaN : GBs(s)):F1}, parallel {(p is null ? double.NaN : GBs(p)):F1} | — | — | — |"));
                    continue;
                }
                string Ratio(Row? a, Row? b, bool speedup) => a is null || b is null ? "—" : (speedup ? b.Ns / a.Ns : a.Ns / b.Ns).ToString("F2", CultureInfo.InvariantCulture) + "×";
                string gbs = gen is null ? "pending (reductions)" : Bytes(gen.Suite, gen.N) == 0 ? "compute-bound" : FormattableString.Invariant($"{GBs(gen):F1} ({100 * GBs(gen) / triad:F0}%)");
                text.AppendLine(FormattableString.Invariant(
                    $"| {group.Key.Suite} | {group.Key.N:N0} | {(gen is null ? "pending" : Ratio(gen, serial, true))} | {Ratio(gen, hand, false)} | {Ratio(gen, tp, false)} | {gbs} | {(gen?.Allocated?.ToString(CultureInfo.InvariantCulture) ?? "—")} | {Ratio(hand, serial, true)} | {Ratio(naive, serial, true)} |"));
            }
            text.AppendLine();
            text.AppendLine("Speed-up vs serial: serial time / time (above 1 is faster). Time / hand-tuned: above 1 is slower than the hand-written code.");
            text.AppendLine("Sum's KernelGen kernel is a sum reduction; Histogram's KernelGen kernel uses Interlocked.Increment on shared bins.");
            text.AppendLine("B/op: in short mode (in-process, one warm-up) kernels of a few milliseconds can show a few hundred bytes that are not");
            text.AppendLine("the scheduler's (warm-up/tiering); `-- --launch` measures the steady state over whole-process allocations: 0 B/call.");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, text.ToString());
            Console.WriteLine($"Report written to {path}");
        }
    }
}
