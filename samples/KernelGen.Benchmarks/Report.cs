using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Reports;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// The report of a run: docs/benchmarks.md (ratios, GB/s, the issue's targets with pass/miss and a cause per miss,
    /// numba beside KernelGen when its output is given) and docs/benchmarks.svg (the chart the README shows).
    /// Every run also saves its rows (<see cref="Save"/>) so that the report can be re-rendered without re-running.
    /// </summary>
    public static class Report
    {
        public sealed record Row(string Suite, int N, string Role, double Ns, long? Allocated);

        /// <summary>
        /// What a run measured, and what the build said about each kernel (the generated report header). COpenMP: the
        /// C/OpenMP twins' compiler, flags and threads, or why they did not run (COmp.Description; null in runs saved before
        /// the twins).
        /// </summary>
        public sealed record RunData(
            bool Short, string Job, int Processors, int Threads, string Machine, string DateUtc, double Minutes,
            List<Row> Rows, List<CheckPass.Result> Checks, Dictionary<string, string[]> KernelReports, string? COpenMP = null,
            List<Paired.Ratio>? Paired = null, List<Paired.Ratio>? PairedOneThread = null, List<Paired.Ratio>? PairedHand = null);

        private const double HandTunedTarget = 0.9, SerialTarget = 1.0, BandwidthTarget = 0.85, FastMathTarget = 2.0, NumbaTarget = 2.0;

        /// <summary>KernelGen against the C/OpenMP twin: at least as fast; 0.95× where the data streams from memory (both then wait on DRAM).</summary>
        private const double COpenMPTarget = 1.0, COpenMPMemoryTarget = 0.95;

        /// <summary>The suites without a C/OpenMP twin, and why (the report lists them; lines of the Markdown source).</summary>
        private static readonly string[] s_noTwin =
        {
            "No C twin: SeedSquares, MapWorker and MapSquare (they measure the C# call forms of the seed's Pool.map and joblib",
            "squares and of [ParallelMap] functions; their loops are element-wise maps like AddF32, which has a twin), Bandwidth",
            "(itself the hand-written reference streams) and the KernelGenOneThread rows. The twins have no `if` clause: at small",
            "n OpenMP still wakes its team, where KernelGen's cost model may run the loop on the calling thread. libgomp's",
            "default wait policy spins between regions: with other processes on the cores its times swing far more than",
            "KernelGen's (milliseconds instead of microseconds a call were seen at AddF32 1e3 while a test run used both cores),",
            "so read that column from a quiet machine.",
        };

        public static string DefaultPath() => Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "docs", "benchmarks.md");

        private static string? RepositoryRoot()
        {
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "KernelGen.sln")))
                        return dir.FullName;
            return null;
        }

        /// <summary>The [ParallelKernel] method behind each suite (for the generated report header).</summary>
        private static readonly Dictionary<string, string> s_kernelOf = new()
        {
            ["AddF32"] = "AddF32", ["ParallelAddF64"] = "ParallelAdd", ["SumF32"] = "SumF32", ["Poly20"] = "Poly20",
            ["Mandelbrot"] = "Mandelbrot", ["MatMul"] = "MatMul", ["MatMul2D"] = "MatMul2D", ["Stencil"] = "Stencil",
            ["Histogram"] = "Histogram", ["SeedSquares/PoolMap"] = "MapWorker", ["SeedSquares/JoblibSquare"] = "ParallelSquare",
            ["Jacobi2D"] = "Jacobi2D", ["Stencil7Flat"] = "Stencil7Flat", ["Stencil7Array3D"] = "Stencil7Array3D",
            ["MatVecRows"] = "MatVecRows", ["MatVecColumns"] = "MatVecColumns", ["BoxBlur3x3"] = "BoxBlur3x3",
            ["RgbToGray"] = "RgbToGray", ["RowSums"] = "RowSums",
            ["Conv3x3Byte"] = "Conv3x3Byte", ["PcmClip"] = "PcmClip", ["Standardize"] = "Standardize", ["StereoToMono16"] = "StereoToMono16", ["AlphaBlend"] = "AlphaBlend", ["BlackScholes"] = "BlackScholes",
            ["KMeansAssign"] = "KMeansAssign", ["CsrSpMV"] = "CsrSpMV", ["Haversine"] = "Haversine", ["SinCos"] = "SinCosSquares",
            ["PairDistances"] = "PairDistances", ["StencilColumns"] = "StencilColumns",
            ["MapWorker"] = "__kg_Map_Worker", ["MapSquare"] = "__kg_Map_Square",
            ["StencilJacobi"] = "__kg_Stencil_Jacobi", ["StencilBox"] = "__kg_Stencil_Box",
        };

        /// <summary>Bytes read + written per call, for GB/s (0: compute-bound, no GB/s).</summary>
        private static long Bytes(string suite, int n) => suite switch
        {
            "AddF32" => 12L * n,
            "ParallelAddF64" => 24L * n,
            "SumF32" => 4L * n,
            "Poly20" => 8L * n,
            "Stencil" or "StencilColumns" => 8L * n * n,
            "Histogram" => 4L * n,
            "SeedSquares/PoolMap" or "MapWorker" => 12L * n,
            "SeedSquares/JoblibSquare" or "MapSquare" => 16L * n,
            "Bandwidth/Copy" => 8L * n,
            "Bandwidth/Triad" => 12L * n,
            "Jacobi2D" or "StencilJacobi" => 16L * n * n,
            "Stencil7Flat" or "Stencil7Array3D" => 16L * n * n * n,
            "MatVecRows" or "MatVecColumns" => 8L * n * n, // the matrix; x and y are n each
            "BoxBlur3x3" or "StencilBox" => 8L * n * n,
            "RgbToGray" => 4L * n * n, // 3 bytes in, 1 out per pixel
            "RowSums" => 8L * n * n,
            "Conv3x3Byte" => 2L * n * n, // 1 byte read (neighbours from cache), 1 written per pixel
            "PcmClip" => 6L * n,
            "Standardize" => 12L * n, // a float in, a double out
            "StereoToMono16" => 6L * n, // two shorts in, one out
            "AlphaBlend" => 3L * n, // src and dst read, dst written
            "BlackScholes" => 40L * n, // 3 doubles in, 2 out
            "KMeansAssign" => (4L * KMeansAssign.Dims + 4) * n, // the points and the assignment; centroids stay in cache
            "CsrSpMV" => 140L * n, // ~10 non-zeros a row × 12 B + row pointer 4 + x 8 + y 8 per row
            "Haversine" => 40L * n, // 4 doubles in, 1 out
            "PairDistances" => 4L * n * (n - 1), // n(n - 1)/2 doubles written; the points stay in cache
            _ => 0,
        };

        /// <summary>Iterations of the PRange loop (rows for the 2-D kernels).</summary>
        private static long Trips(string suite, int n) => suite switch
        {
            "Mandelbrot" => n * 2 / 3,
            "Stencil" or "StencilColumns" or "Jacobi2D" or "Stencil7Flat" or "Stencil7Array3D" or "BoxBlur3x3" or "Conv3x3Byte" => n - 2,
            _ => n,
        };

        /// <summary>The fewest iterations of a hand-tuned chunk (Suites.cs: HandTuned.Chunked's minChunk, Sum's 65536).</summary>
        private static long HandTunedMinChunk(string suite) => suite switch
        {
            "AddF32" or "ParallelAddF64" or "SeedSquares/PoolMap" or "SeedSquares/JoblibSquare" or "PcmClip" or "Standardize" or "MapWorker" or "MapSquare" => 16384,
            "SumF32" or "Histogram" => 65536,
            "Poly20" => 4096,
            "Mandelbrot" or "MatMul" or "MatMul2D" => 4,
            "Stencil" or "StencilColumns" or "Jacobi2D" or "BoxBlur3x3" or "RgbToGray" or "Conv3x3Byte" or "StencilJacobi" or "StencilBox" => 8,
            "Stencil7Flat" or "Stencil7Array3D" => 2,
            "MatVecRows" or "RowSums" => 16,
            "MatVecColumns" => 256, // blocks of y's elements, not rows
            "BlackScholes" or "Haversine" => 1024,
            "SinCos" => 4096,
            "KMeansAssign" => 256,
            "CsrSpMV" => 4096,
            "PairDistances" => 16,
            _ => 1,
        };

        /// <summary>The streaming kernels of the bandwidth target and the reference each is held to (same access pattern).</summary>
        private static string? BandwidthReference(string suite) => suite switch
        {
            "AddF32" => "Bandwidth/Triad", // 2 loads + 1 store per element, like the triad
            "SumF32" => "Bandwidth/Copy",  // a read stream; copy is the simplest stream reference
            _ => null,
        };

        // ---- collect, save, load ----

        public static RunData Collect(IReadOnlyList<Summary> summaries, List<CheckPass.Result> checks, bool shortMode, string job, TimeSpan elapsed)
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
            string cpu = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU" : "unknown CPU";
            string machine = $"{cpu}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                $"Vector512 {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}";
            return new RunData(shortMode, job, Environment.ProcessorCount, KernelRuntime.MaxDegreeOfParallelism, machine,
                DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), elapsed.TotalMinutes, rows, checks, ReadKernelReports(),
                COmp.Description);
        }

        /// <summary>The benchmark class and method of a report row (the inverse of <see cref="Collect"/>'s naming).</summary>
        internal static (string Type, string Method) Case(string suite, string role) => suite switch
        {
            "SeedSquares/JoblibSquare" => ("SeedSquares", "Square" + role),
            "SeedSquares/PoolMap" => ("SeedSquares", role),
            "Bandwidth/Copy" => ("Bandwidth", "Copy" + role),
            "Bandwidth/Triad" => ("Bandwidth", "Triad" + role),
            _ => (suite, role),
        };

        /// <summary>The "KernelGen parallel report" header of each benchmark kernel's generated file (this build's obj/ folder).</summary>
        private static Dictionary<string, string[]> ReadKernelReports()
        {
            var reports = new Dictionary<string, string[]>();
            string? root = RepositoryRoot();
            string obj = root is null ? "" : Path.Combine(root, "samples", "KernelGen.Benchmarks", "obj");
            if (!Directory.Exists(obj)) return reports;
            // The kernels' files, and the map kernels' ([ParallelMap] functions of Maps.cs: KernelGen.Benchmarks.Maps.__kg_Map_Worker.….g.cs).
            var files = Directory.GetFiles(obj, "KernelGen.Benchmarks.Kernels.*.g.cs", SearchOption.AllDirectories)
                .Concat(Directory.GetFiles(obj, "KernelGen.Benchmarks.Maps.__kg_Map_*.g.cs", SearchOption.AllDirectories))
                .Concat(Directory.GetFiles(obj, "KernelGen.Benchmarks.Stencils.__kg_Stencil_*.g.cs", SearchOption.AllDirectories))
                .OrderByDescending(f => f.Contains("Release", StringComparison.Ordinal)).ThenByDescending(File.GetLastWriteTimeUtc);
            foreach (string file in files)
            {
                string kernel = Path.GetFileName(file).Split('.')[3];
                if (reports.ContainsKey(kernel)) continue;
                reports[kernel] = File.ReadLines(file).Skip(1).TakeWhile(l => l.StartsWith("//")).Select(l => l.TrimStart('/', ' ')).ToArray();
            }
            return reports;
        }

        private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

        /// <summary>Saves the run's rows to BenchmarkDotNet.Artifacts/kernelgen-run.json (re-render with --report --from).</summary>
        public static void Save(RunData run)
        {
            string path = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "kernelgen-run.json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(run, s_json));
            Console.WriteLine($"Run saved to {path}");
        }

        public static RunData Load(string path) => JsonSerializer.Deserialize<RunData>(File.ReadAllText(path), s_json)!;

        // ---- analysis ----

        /// <param name="C">The C/OpenMP twin's row (null: no twin, or not run).</param>
        /// <param name="CProblem">The check's finding on the twin (null: equal to serial, or not checked).</param>
        /// <param name="Paired">The paired ratio against the C twin (Paired.cs; null: not measured).</param>
        /// <param name="PairedOne">The same with one thread each (null: not measured).</param>
        /// <param name="PairedHand">The paired ratio against the hand-tuned C# (null: not measured).</param>
        private sealed record Line(string Suite, int N, Row? Serial, Row? Gen, Row? Hand, Row? Tp, Row? Naive, Row? One, string? Problem, Row? C, string? CProblem,
            Paired.Ratio? Paired = null, Paired.Ratio? PairedOne = null, Paired.Ratio? PairedHand = null)
        {
            public double? VsSerial => Serial is null || Gen is null ? null : Serial.Ns / Gen.Ns;
            public double? VsHand => Hand is null || Gen is null ? null : Hand.Ns / Gen.Ns;
            public double? VsC => C is null || Gen is null ? null : C.Ns / Gen.Ns;
        }

        private sealed record Target(string Name, string Suite, int N, string Value, bool Pass, string Cause);

        private static List<Line> Lines(RunData run)
        {
            var lines = new List<Line>();
            foreach (var group in run.Rows.Where(r => !r.Suite.StartsWith("Bandwidth")).GroupBy(r => (r.Suite, r.N))
                         .OrderBy(g => g.Key.Suite, StringComparer.Ordinal).ThenBy(g => g.Key.N))
            {
                Row? Get(string role) => group.FirstOrDefault(r => r.Role == role);
                string checkSuite = group.Key.Suite.Split('/')[0];
                string? problem = run.Checks.FirstOrDefault(c => c.Suite == checkSuite && c.N == group.Key.N && c.Of == CheckPass.KernelGenResult)?.Problem;
                string? cProblem = run.Checks.FirstOrDefault(c => c.Suite == checkSuite && c.N == group.Key.N && c.Of == CheckPass.COpenMPResult)?.Problem;
                if (problem is not null && checkSuite == "SeedSquares")
                    problem = problem.Split("; ").FirstOrDefault(p => p.StartsWith(group.Key.Suite.Split('/')[1]) && !p.EndsWith(": ok"));
                lines.Add(new Line(group.Key.Suite, group.Key.N, Get("Serial"), Get("KernelGen"), Get("HandTuned"), Get("TensorPrimitives"), Get("NaiveParallelFor"), Get("KernelGenOneThread"), problem,
                    Get("COpenMP"), cProblem, run.Paired?.FirstOrDefault(p => p.Suite == group.Key.Suite && p.N == group.Key.N),
                    run.PairedOneThread?.FirstOrDefault(p => p.Suite == group.Key.Suite && p.N == group.Key.N),
                    run.PairedHand?.FirstOrDefault(p => p.Suite == group.Key.Suite && p.N == group.Key.N)));
            }
            return lines;
        }

        private static double GBs(Row r) => Bytes(r.Suite, r.N) / r.Ns; // bytes per ns = GB/s

        /// <summary>The reference stream's bandwidth: the better of its serial and parallel rows (on a busy machine the serial one can win).</summary>
        private static double Reference(RunData run, string suite) =>
            run.Rows.Where(r => r.Suite == suite && (r.Role == "Parallel" || r.Role == "Serial")).Select(GBs).DefaultIfEmpty(double.NaN).Max();

        /// <summary>
        /// From the KernelGenOneThread row: whether the generated chunk code alone is slower than the serial loop (a code
        /// generation matter) or the threads did not pay (a scheduling matter).
        /// </summary>
        private static string OneThreadCause(RunData run, Line line)
        {
            if (line.One is null || line.Serial is null || line.Gen is null) return "";
            double alone = line.One.Ns / line.Serial.Ns, threads = line.One.Ns / line.Gen.Ns;
            string measured = FormattableString.Invariant($"measured: the generated chunk code on 1 thread takes {alone:F2}× the serial loop's time; {run.Threads} threads take {1 / threads:F2}× the 1-thread time");
            if (alone > 1.1) return measured + " — the generated loop itself is slower than the serial one (why: not yet analysed)";
            if (threads < 1.3) return measured + " — the threads barely help (why: not yet analysed; a busy machine does this too)";
            return measured;
        }

        private static string? ReportLine(RunData run, string suite, string prefix)
        {
            if (!s_kernelOf.TryGetValue(suite, out string? kernel) || !run.KernelReports.TryGetValue(kernel, out string[]? lines)) return null;
            return lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        }

        /// <summary>
        /// The numba target's compute-bound rows: no memory traffic counted (Bytes 0), or the generator's cost model gives
        /// at least one operation per byte a PRange iteration moves (Black-Scholes ~1.7, a vector add ~0.1).
        /// </summary>
        private static bool ComputeBound(RunData run, string suite, int n)
        {
            long bytes = Bytes(suite, n);
            if (bytes == 0) return true;
            var m = Regex.Match(ReportLine(run, suite, "parallel:") ?? "", @"~(\d+) op\(s\)/iteration");
            return m.Success && double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= (double)bytes / Trips(suite, n);
        }

        /// <summary>The minimum chunk of the generator's cost model ("at least N iterations a chunk"), or null.</summary>
        private static long? MinChunk(RunData run, string suite)
        {
            var m = Regex.Match(ReportLine(run, suite, "parallel:") ?? "", @"at least (\d+) iterations a chunk");
            return m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }

        /// <summary>True when the runtime plans one chunk (KernelRuntime.Plan/ChooseChunk): the call runs on the calling thread.</summary>
        private static bool OneChunk(RunData run, string suite, int n, out string why)
        {
            long trips = Trips(suite, n);
            long? minChunk = MinChunk(run, suite);
            why = "";
            if (minChunk is null) return false;
            long chunk = Math.Max((trips - 1) / (run.Threads * 4L) + 1, Math.Max(1, minChunk.Value));
            if ((trips - 1) / chunk + 1 > 1 && run.Threads > 1) return false;
            why = FormattableString.Invariant($"{trips:N0} iterations are one chunk (cost model: at least {minChunk:N0} a chunk)");
            return true;
        }

        private static string VectorCause(RunData run, string suite)
        {
            string vector = ReportLine(run, suite, "vector:") ?? "";
            if (vector.StartsWith("vector: scalar body", StringComparison.Ordinal))
                return "not vectorized per the KernelGen report (" + vector.Substring("vector: scalar body".Length).Trim(' ', '(', ')') + "); the hand-tuned code uses Vector256";
            if (vector.StartsWith("vector: none", StringComparison.Ordinal))
                return "not vectorized per the KernelGen report (" + vector.Substring("vector: none".Length).Trim(' ', '(', ')') + "); the hand-tuned code uses Vector256";
            return "";
        }

        /// <summary>A suite whose kernel has no generated file: the generator left its loop serial (the build's KG warning says why).</summary>
        private static string NotParallelCause(RunData run, string suite) =>
            run.KernelReports.Count > 0 && s_kernelOf.TryGetValue(suite, out string? kernel) && !run.KernelReports.ContainsKey(kernel)
                ? "KernelGen generated no parallel version of " + kernel + " (no generated file: the loop runs serially; the build's KG warning says why)"
                : "";

        /// <summary>Elements of the array a suite's kernel reduces into (hist, y), for the array-reduction cost model; 0: none.</summary>
        private static long ReducedElements(string suite, int n) => suite switch
        {
            "Histogram" => 256,
            "MatVecColumns" => n,
            _ => 0,
        };

        /// <summary>
        /// KernelRuntime.PlanArrayReduction: private copies when chunks (or, fewer, the threads) × array length ≤ the PRange
        /// trips, else Interlocked updates for integer sums, else the serial loop. Inner-loop work per trip is not counted.
        /// </summary>
        private static string ArrayReductionCause(RunData run, string suite, int n)
        {
            long elements = ReducedElements(suite, n), trips = Trips(suite, n);
            string reductions = ReportLine(run, suite, "array reductions:") ?? "";
            // The runtime's rule (KernelRuntime.PlanArrayReduction): private copies when threads × elements ≤ trips × cost.
            var m = Regex.Match(ReportLine(run, suite, "parallel:") ?? "", @"~(\d+) op\(s\)/iteration");
            long cost = m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            if (elements == 0 || reductions.Length == 0 || run.Threads <= trips * cost / elements) return "";
            if (!reductions.Contains("double sum", StringComparison.Ordinal) && !reductions.Contains("float sum", StringComparison.Ordinal)) return "";
            return FormattableString.Invariant($"serial by the array-reduction cost model: {trips:N0} PRange iterations of ~{cost:N0} operations against a reduced array of {elements:N0} elements leave no room for private copies (threads × length > iterations × cost) and floating-point sums have no Interlocked form, so the loop runs serially");
        }

        private static string HistogramCause(RunData run, string suite)
        {
            string reads = ReportLine(run, suite, "reads") ?? "";
            string reductions = ReportLine(run, suite, "reductions:") ?? "";
            // (Array reductions have their own line: without one, the chunks would share hist.)
            if (suite == "Histogram" && reads.Contains("writes hist[(int)", StringComparison.Ordinal) && reductions == "reductions: none"
                && ReportLine(run, suite, "array reductions:") is null)
                return "bins written through a computed index with no array reduction (KG1003 in the build): parallel chunks share hist, where the hand-tuned code counts into a private histogram per chunk";
            return "";
        }

        private static List<Target> Targets(RunData run, List<Line> lines)
        {
            var targets = new List<Target>();
            foreach (Line line in lines)
            {
                if (line.Gen is null) continue;
                string wrong = line.Problem is null ? "" : "wrong result (" + line.Problem + ")";
                bool single = OneChunk(run, line.Suite, line.N, out string oneChunk);
                string vector = VectorCause(run, line.Suite), histogram = HistogramCause(run, line.Suite), serialLoop = First(NotParallelCause(run, line.Suite), ArrayReductionCause(run, line.Suite, line.N));

                bool handSingle = Trips(line.Suite, line.N) <= HandTunedMinChunk(line.Suite);
                if (line.VsHand is double bdnHand)
                {
                    // The paired value where the run has one, as for C below.
                    double h = line.PairedHand?.Median ?? bdnHand;
                    // One thread for KernelGen but several chunks for the hand-tuned code explains a gap; one thread for both does not.
                    string threads = single && !handSingle ? "serial by design: " + oneChunk + ", so KernelGen runs on the calling thread, where the hand-tuned code splits it across threads"
                                   : single ? FormattableString.Invariant($"not yet analysed: both run on the calling thread at this size (KernelGen: {oneChunk}; hand-tuned: below its {HandTunedMinChunk(line.Suite):N0}-iteration chunk)") : "";
                    Row? fast = run.Rows.FirstOrDefault(r => r.Suite == line.Suite && r.N == line.N && r.Role == "KernelGenFastMath");
                    string fastMath = fast is null || line.Hand is null || !HandTunedVectorMath.Contains(line.Suite) ? "" : FormattableString.Invariant(
                        $"by design: the hand-tuned code calls .NET's vector Sin/Cos, which do not give Math's bits; KernelGen keeps Math's bits unless [ParallelKernel(FastMath = true)], which runs {line.Hand.Ns / fast.Ns:F2}× hand-tuned here");
                    string cause = First(wrong, serialLoop, histogram, fastMath, vector, MemoryBound(run, line), threads);
                    string one = OneThreadCause(run, line);
                    if (one.Length > 0) cause = cause.Length > 0 ? cause + "; " + one : one;
                    string value = line.PairedHand is { } q
                        ? FormattableString.Invariant($"{Times(q.Median)} paired ({Times(q.Min)}–{Times(q.Max)} over {q.Rounds} pairs; BenchmarkDotNet {Times(bdnHand)})")
                        : Times(h);
                    targets.Add(new Target("KernelGen ≥ 0.9× hand-tuned", line.Suite, line.N, value, h >= HandTunedTarget && line.Problem is null, cause));
                }
                if (line.VsSerial is double s)
                {
                    // The serial loop is scalar RyuJIT code; KernelGen's chunk code is the same or vectorized, so only the
                    // thread question and the kernels' known problems are causes here.
                    string cause = First(wrong, serialLoop, histogram, single ? "not yet analysed: KernelGen runs on the calling thread here (" + oneChunk + ")" : "",
                        OneThreadCause(run, line), MemoryBound(run, line));
                    targets.Add(new Target("KernelGen ≥ 1.0× serial", line.Suite, line.N, Times(s), s >= SerialTarget && line.Problem is null, cause));
                }
                if (line.VsC is double bdn)
                {
                    bool memory = StreamsFromMemory(line.Suite, line.N);
                    // The paired value where the run has one (both versions timed side by side).
                    double c = line.Paired is { } p ? p.Median : bdn;
                    bool pass = c >= (memory ? COpenMPMemoryTarget : COpenMPTarget) && line.Problem is null && line.CProblem is null;
                    string cause = pass ? "" : COpenMPCause(run, line, wrong, serialLoop, histogram, vector, single ? oneChunk : null);
                    string value = line.Paired is { } q
                        ? FormattableString.Invariant($"{Times(q.Median)} paired ({Times(q.Min)}–{Times(q.Max)} over {q.Rounds} pairs; BenchmarkDotNet {Times(bdn)})") + (memory ? " (memory-bound)" : "")
                        : Times(c) + (memory ? " (memory-bound)" : "");
                    targets.Add(new Target("KernelGen ≥ 1.0× C/OpenMP (memory-bound ≥ 0.95×)", line.Suite, line.N, value, pass, cause));
                }
            }
            // FastMath (docs/fastmath.md): the same kernel with [ParallelKernel(FastMath = true)] against without it.
            foreach (Line line in lines)
            {
                Row? fast = run.Rows.FirstOrDefault(r => r.Suite == line.Suite && r.N == line.N && r.Role == "KernelGenFastMath");
                if (fast is null || line.Gen is null) continue;
                double x = line.Gen.Ns / fast.Ns;
                string cause = line.Problem is not null ? "wrong result (" + line.Problem + ")"
                    : "the non-vector work between the calls (divisions, the polynomial, selects) is a larger share than the scalar calls it replaces";
                targets.Add(new Target("FastMath ≥ 2× the kernel without it", line.Suite, line.N, Times(x), x >= FastMathTarget && line.Problem is null, cause));
            }
            // Bandwidth: the streaming kernels at their largest size of the run (1e7 in full mode), against the reference of the same run.
            foreach (var group in lines.Where(l => BandwidthReference(l.Suite) is not null && l.Gen is not null).GroupBy(l => l.Suite))
            {
                Line line = group.OrderBy(l => l.N).Last();
                string refSuite = BandwidthReference(line.Suite)!;
                double reference = Reference(run, refSuite);
                double gbs = GBs(line.Gen!), share = gbs / reference;
                int refN = run.Rows.FirstOrDefault(r => r.Suite == refSuite)?.N ?? 0;
                string value = FormattableString.Invariant($"{gbs:F1} GB/s = {100 * share:F0}% of {refSuite.Split('/')[1].ToLowerInvariant()} {reference:F1} GB/s (n {refN:N0})");
                string cause = "";
                if (share < BandwidthTarget)
                {
                    double? hand = line.Hand is null ? null : GBs(line.Hand) / reference;
                    cause = First(line.Problem is null ? "" : "wrong result (" + line.Problem + ")",
                        hand is double hs && hs < BandwidthTarget
                            ? FormattableString.Invariant($"the hand-tuned code reaches only {100 * hs:F0}% too: this run's {line.Suite} does not reach the reference stream's bandwidth; why not yet analysed")
                            : "");
                }
                targets.Add(new Target("streaming kernel ≥ 0.85× bandwidth reference" + (line.N < 10_000_000 ? " (short mode: largest size of the run)" : ""),
                    line.Suite, line.N, value, share >= BandwidthTarget && line.Problem is null, cause));
            }
            return targets;
        }

        /// <summary>
        /// The C/OpenMP target's memory-bound rows: the bytes a call must move are beyond the caches (≥ 32 MiB, the
        /// threshold of <see cref="MemoryBound"/>), so both versions stream from DRAM and the target is 0.95×.
        /// </summary>
        internal static bool StreamsFromMemory(string suite, int n) => Bytes(suite, n) >= 32L << 20;

        /// <summary>Why KernelGen is slower than the C twin, from this run's numbers and the generator's report; first match wins.</summary>
        private static string COpenMPCause(RunData run, Line line, string wrong, string serialLoop, string histogram, string vector, string? oneChunk)
        {
            string I(FormattableString f) => FormattableString.Invariant(f);
            Row c = line.C!, gen = line.Gen!;
            string cWrong = line.CProblem is null ? "" : "the C twin's result differs from serial (" + line.CProblem + ")";
            string memory = "";
            if (StreamsFromMemory(line.Suite, line.N))
            {
                double triad = Reference(run, "Bandwidth/Triad"), g = GBs(gen) / triad, cs = GBs(c) / triad;
                if (g >= 0.8 && cs >= 0.8)
                    memory = I($"memory-bound: KernelGen {100 * g:F0}% and C/OpenMP {100 * cs:F0}% of the triad reference; the gap is within the bandwidth limit's noise");
            }
            string threads = oneChunk is null ? "" : "serial by design: " + oneChunk + ", so KernelGen runs on the calling thread, where OpenMP's static schedule splits the loop across its threads";
            string launch = c.Ns < 20_000
                ? I($"a short call ({c.Ns / 1000:F1} µs in C): start and join costs weigh (KernelGen's launch: `-- --launch`; libgomp's threads spin a while between regions); not yet analysed further")
                : "";
            string hand = line.Hand is not null && line.Hand.Ns > c.Ns
                ? I($"the hand-tuned C# takes {line.Hand.Ns / c.Ns:F2}× the C twin's time too: the gap is not KernelGen's alone (gcc -O3 -march=native code against RyuJIT's; not yet analysed)")
                : "";
            // Kernels whose time is their Math calls (the suites with a FastMath row): lane by lane, as the serial loop calls them.
            Row? fast = run.Rows.FirstOrDefault(r => r.Suite == line.Suite && r.N == line.N && r.Role == "KernelGenFastMath");
            // gcc (and LLVM) merge sin(x) and cos(x) into one sincos call; glibc's sincos is not bitwise sin and cos
            // (LaneByLaneTests.Sin_and_cos_of_one_argument_keep_their_own_bits), so KernelGen keeps the two calls.
            string merged = line.Suite == "SinCos"
                ? "; gcc merges sin and cos of one argument into one sincos call (c/kernels.c's assembly has one), which glibc computes apart from sin and cos: 1 ULP off at 0x1.ad1fb54442d18p+0, so KernelGen keeps both calls"
                : "";
            string calls = fast is null ? "" : I($"the time is the Math calls, made lane by lane as the serial loop makes them (bitwise{merged}); with [ParallelKernel(FastMath = true)] KernelGen runs {c.Ns / fast.Ns:F2}× the C twin");
            // CSR: a row's sum is one chain of additions, so neither side has a vector loop (gcc would need -ffast-math).
            string scalarBoth = line.Suite == "CsrSpMV" && vector.Length > 0
                ? "both run the row loop scalar (a row's sum is one chain of additions: gcc vectorizes it only with -ffast-math, KernelGen only with FastMath); KernelGen's loop keeps the range checks of rowPtr[row], x[col[k]] and y[row] that the C loop does not make, and the JIT tests per row that its copy of the inner loop without the checks of values[k] and col[k] may run (one thread in separate processes: ~0.83× C)"
                : "";
            // Stereo frames: both channels come from the same bytes (measured from gcc's assembly and the JIT's).
            string channels = line.Suite == "StereoToMono16"
                ? "gcc deinterleaves both channels from one pair of 64-byte loads (32 frames a step); KernelGen's strided loads take each channel apart (two 32-byte loads and one vpermt2w a channel for 16 frames): twice the loads and permutes a frame"
                : "";
            string cause = First(wrong, cWrong, serialLoop, histogram, memory, threads, calls, scalarBoth, channels, vector, launch, hand);
            string alone = AloneAgainstC(line);
            if (alone.Length > 0) cause = cause.Length > 0 ? alone + "; " + cause : alone;
            string one = OneThreadCause(run, line);
            return one.Length == 0 ? cause : cause.Length > 0 ? cause + "; " + one : one;
        }

        /// <summary>
        /// From the one-thread pairs (KernelGen and the C twin each on one thread, alternating processes): whether the
        /// generated loop itself is behind gcc's, or keeps up alone and the gap is in running on several threads.
        /// </summary>
        private static string AloneAgainstC(Line line)
        {
            if (line.PairedOne is not { } one) return "";
            string I(FormattableString f) => FormattableString.Invariant(f);
            string value = I($"one thread each: KernelGen {Times(one.Median)} C ({Times(one.Min)}–{Times(one.Max)} over {one.Rounds} pairs)");
            if (one.Min >= 0.97)
                return value + " — the generated loop keeps up with gcc's alone; the gap is in the threads (start and join, the schedule, the shared memory bus) or the machine's drift";
            if (one.Max < 0.95)
                return value + " — the generated loop itself is slower than gcc's";
            return value + " — alone within the pairs' spread of gcc's";
        }

        /// <summary>Both KernelGen and hand-tuned at ≥ 80% of the triad reference beyond the caches: a memory-bound pair.</summary>
        private static string MemoryBound(RunData run, Line line)
        {
            if (line.Gen is null || line.Hand is null || Bytes(line.Suite, line.N) < 32L << 20) return "";
            double triad = Reference(run, "Bandwidth/Triad");
            double gen = GBs(line.Gen) / triad, hand = GBs(line.Hand) / triad;
            if (gen < 0.8 || hand < 0.8) return "";
            return FormattableString.Invariant($"memory-bound: KernelGen {100 * gen:F0}% and hand-tuned {100 * hand:F0}% of the triad reference; the gap is within the bandwidth limit's noise");
        }

        /// <summary>Suites whose hand-tuned code calls .NET's vector transcendental functions (Suites.cs: SinCos).</summary>
        private static readonly HashSet<string> HandTunedVectorMath = new() { "SinCos" };

        private static string First(params string[] causes) => causes.FirstOrDefault(c => c.Length > 0) ?? "";

        private static string Times(double x) => x.ToString(x >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture) + "×";

        // ---- numba ----

        private sealed record NumbaRow(string Name, string Suite, int N, double? SerialMs, double ParallelMs, double? Speedup, string Note);

        /// <summary>Parses numba_bench.py's printed lines (its only output format).</summary>
        private static (string Header, List<NumbaRow> Rows) ReadNumba(string path)
        {
            var rows = new List<NumbaRow>();
            string header = "";
            var culture = CultureInfo.InvariantCulture;
            foreach (string raw in File.ReadLines(path))
            {
                string text = raw.Trim();
                if (text.StartsWith("numba ", StringComparison.Ordinal) && text.Contains("threads")) { header = text; continue; }
                var m = Regex.Match(text, @"^(?<name>.+?)\s+serial\s+(?<s>[\d.]+) ms\s+parallel\s+(?<p>[\d.]+) ms\s+speedup\s+(?<x>[\d.]+)x");
                if (m.Success)
                {
                    string name = m.Groups["name"].Value.Trim();
                    (string suite, int n) = NumbaKernel(name);
                    rows.Add(new NumbaRow(name, suite, n, double.Parse(m.Groups["s"].Value, culture), double.Parse(m.Groups["p"].Value, culture),
                        double.Parse(m.Groups["x"].Value, culture), "")); // numba's own speed-up: its ms columns have 3 decimals only
                    continue;
                }
                m = Regex.Match(text, @"^matmul naive (?<n>\d+) f32 parallel (?<p>[\d.]+) ms\s+GFLOP/s (?<g>[\d.]+)");
                if (m.Success)
                {
                    int n = int.Parse(m.Groups["n"].Value, culture);
                    foreach (string suite in new[] { "MatMul", "MatMul2D" })
                        rows.Add(new NumbaRow("matmul naive " + n + " f32 (2-D arrays)", suite, n, null, double.Parse(m.Groups["p"].Value, culture), null, m.Groups["g"].Value + " GFLOP/s"));
                    continue;
                }
                m = Regex.Match(text, @"^seed joblib parallel_square 1e5: joblib (?<j>[\d.]+) ms\s+plain python list (?<l>[\d.]+) ms");
                if (m.Success)
                    rows.Add(new NumbaRow("joblib parallel_square (not numba)", "SeedSquares/JoblibSquare", 100_000,
                        double.Parse(m.Groups["l"].Value, culture), double.Parse(m.Groups["j"].Value, culture), null, "serial: plain Python list; parallel: joblib n_jobs=2"));
            }
            return (header, rows);
        }

        private static (string Suite, int N) NumbaKernel(string name)
        {
            int SizeAfter(string marker)
            {
                string t = name.Substring(name.IndexOf(marker, StringComparison.Ordinal) + marker.Length).Replace(",", "");
                return int.Parse(t, CultureInfo.InvariantCulture);
            }
            if (name.StartsWith("add_into f32 n=")) return ("AddF32", SizeAfter("n="));
            if (name.StartsWith("sum f32 n=")) return ("SumF32", SizeAfter("n="));
            if (name.StartsWith("seed parallel_add f64")) return ("ParallelAddF64", 1_000_000);
            if (name.StartsWith("poly20")) return ("Poly20", 1_000_000);
            if (name.StartsWith("mandelbrot")) return ("Mandelbrot", 768);
            // numba_twins.py (samples/KernelGen.Benchmarks/numba): "kg <suite>[ fastmath] n=<n>".
            var kg = Regex.Match(name, @"^kg (?<suite>\w+)(?: fastmath)? n=(?<n>\d+)$");
            if (kg.Success) return (kg.Groups["suite"].Value, int.Parse(kg.Groups["n"].Value, CultureInfo.InvariantCulture));
            return ("", 0);
        }

        // ---- rendering ----

        public static void Render(RunData run, string path, string? numbaPath, string? note = null)
        {
            List<Line> lines = Lines(run);
            List<Target> targets = Targets(run, lines);
            double triad = Reference(run, "Bandwidth/Triad"), copy = Reference(run, "Bandwidth/Copy");
            string I(FormattableString f) => FormattableString.Invariant(f);
            string Ms(double ns) => (ns / 1e6).ToString(ns >= 1e7 ? "F1" : ns >= 1e5 ? "F3" : "F4", CultureInfo.InvariantCulture);

            var text = new StringBuilder();
            void L(string s = "") => text.Append(s).Append('\n');
            L("# KernelGen benchmarks");
            L();
            L("Written by `samples/KernelGen.Benchmarks` (`--report`); the chart is [benchmarks.svg](benchmarks.svg). Ratios of");
            L("medians from one run: on a shared or small machine they are noisy. Compare ratios of one run, repeat, and never");
            L("read absolute times as facts.");
            L();
            L("## How to run");
            L();
            L("    # short mode (CI, about 1-2 minutes): correctness check, then in-process, 1 warm-up + 3 iterations of ~40 ms,");
            L("    # smaller sizes; exits 1 when a KernelGen result differs from the serial one. CI runs it without --report.");
            L("    dotnet run -c Release --project samples/KernelGen.Benchmarks -- --short --report");
            L("    # full mode (the issue's sizes; one process per case, 1 launch, 3 warm-up + 10 iterations of ~100 ms;");
            L("    # about 200 cases, 30 of them C/OpenMP twins, then the paired timings: about 21 minutes on 2 cores; the Results line says how long");
            L("    # it took): check, run, write");
            L("    # docs/benchmarks.md and docs/benchmarks.svg");
            L("    dotnet run -c Release --project samples/KernelGen.Benchmarks -- --report");
            L("    # numba beside KernelGen: run numba_bench.py in the same sitting, save its output, give it to the report");
            L("    apt-get update && apt-get install -y python3-numba python3-joblib      # Debian packages, once");
            L("    /usr/bin/python3 ../shared/anchors/numba_bench.py | tee numba.txt      # from the repository root");
            L("    dotnet run -c Release --project samples/KernelGen.Benchmarks -- --report --numba numba.txt");
            L("    # re-render the report from the last run (saved in BenchmarkDotNet.Artifacts/kernelgen-run.json), e.g. with numba:");
            L("    dotnet run -c Release --project samples/KernelGen.Benchmarks -- --report --from BenchmarkDotNet.Artifacts/kernelgen-run.json --numba numba.txt");
            L("    # only the correctness check (seconds; the sizes of both modes, 5 rounds, at least 8 threads so that races show;");
            L("    # a pass does not prove the absence of a race):");
            L("    #   ... -- --check        one suite:   ... -- --filter '*AddF32*'        short job at the full sizes:   ... -- --short --full-sizes");
            L("    # launch cost and bytes per call (Stopwatch, steady state):   ... -- --launch     scheduler stress:   ... -- --stress 20");
            L();
            L("The C/OpenMP twins (`samples/KernelGen.Benchmarks/c/kernels.c`, the \"vs C/OpenMP\" column): every mode above");
            L("that times or checks first compiles them with the machine's gcc, once per source text, beside the benchmark");
            L("assembly: `gcc " + COmp.Flags + "`. The library is loaded by absolute path, in the");
            L("full mode's child processes too; OMP_NUM_THREADS is set to KernelGen's thread count. The check holds each twin to");
            L("the serial C# result as it holds KernelGen (bitwise for element-wise kernels). Without gcc, or when it fails, the");
            L("COpenMP cases are left out and the Results section says why.");
            L();
            L("KERNELGEN_NUM_THREADS sets the kernels' thread count (numba: NUMBA_NUM_THREADS; its script uses all cores).");
            L("numba_bench.py prints text (median seconds per call over 15 calls, 5 for Mandelbrot and matmul); the report reads");
            L("those lines. The numba reference numbers seen before and the hand-written level to reach are in ../shared/anchors.");
            L();
            L("Rows per kernel: Serial (the kernel as written, called through a delegate so it is not intercepted),");
            L("NaiveParallelFor (Parallel.For per element, per row for 2-D kernels), HandTuned (chunked Parallel.For +");
            L("Vector256/512, interleaved where there is a dependency chain; per-chunk private histograms), TensorPrimitives");
            L("(System.Numerics.Tensors 11.0.0, where one applies), KernelGen (the intercepted call) and COpenMP (the kernel's C twin:");
            L("the same arithmetic in the same order, `#pragma omp parallel for` on the PRange loop, `simd`/`reduction` where idiomatic;");
            L("a T[,] passed as its row-major data, jagged arrays as a flat copy made in the setup).");
            foreach (string line in s_noTwin) L(line);
            L();
            L(I($"## Results ({(run.Short ? "short" : "full")} mode, {run.DateUtc} UTC)"));
            L();
            L(I($"{run.Processors} processors, KernelGen threads {run.Threads}; {run.Machine}."));
            L(I($"{run.Job}; the whole run (check + benchmarks) took {run.Minutes:F1} minutes."));
            L("C/OpenMP twins: " + (run.COpenMP ?? "not run (this run was saved before the twins existed)") + ".");
            if (!string.IsNullOrWhiteSpace(note)) L("Note: " + note);
            L();
            var genChecks = run.Checks.Where(c => c.Of == CheckPass.KernelGenResult).ToList();
            var cChecks = run.Checks.Where(c => c.Of == CheckPass.COpenMPResult).ToList();
            int wrong = genChecks.Count(c => c.Problem is not null), cWrong = cChecks.Count(c => c.Problem is not null);
            L(wrong == 0
                ? I($"Correctness check before timing: KernelGen equals serial for all {genChecks.Count} kernel/size pairs (sums: within the serial sum's rounding error).")
                : I($"Correctness check before timing: **{wrong} of {genChecks.Count} kernel/size pairs differ from serial**: ") + string.Join("; ", genChecks.Where(c => c.Problem is not null).Select(c => I($"{c.Suite} n={c.N:N0}: {c.Problem}"))) + ".");
            if (cChecks.Count > 0)
                L(cWrong == 0
                    ? I($"The C/OpenMP twins equal serial for all {cChecks.Count} kernel/size pairs (the same comparison).")
                    : I($"**{cWrong} of {cChecks.Count} C/OpenMP twin/size pairs differ from serial** (their column is marked): ") + string.Join("; ", cChecks.Where(c => c.Problem is not null).Select(c => I($"{c.Suite} n={c.N:N0}: {c.Problem}"))) + ".");
            L();
            L(I($"Bandwidth reference (hand-written, same run, the better of serial and parallel): triad {triad:F1} GB/s, copy {copy:F1} GB/s (f32, n = {run.Rows.FirstOrDefault(r => r.Suite.StartsWith("Bandwidth"))?.N ?? 0:N0})."));
            L();
            L("| kernel | n | KernelGen ms | vs serial | vs hand-tuned | vs TensorPrimitives | vs C/OpenMP | KernelGen GB/s (% of triad) | B/op | KernelGen 1 thread vs serial | hand-tuned vs serial | naive Parallel.For vs serial | check |");
            L("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (Line line in lines)
            {
                string Speed(Row? a, Row? over) => a is null || over is null ? "—" : Times(over.Ns / a.Ns);
                string gbs = line.Gen is null ? "—" : Bytes(line.Suite, line.N) == 0 ? "compute-bound" : I($"{GBs(line.Gen):F1} ({100 * GBs(line.Gen) / triad:F0}%)");
                string vsHand = Speed(line.Gen, line.Hand) + (line.PairedHand is { } handPairs ? I($" (paired {Times(handPairs.Median)})") : "");
                string vsC = Speed(line.Gen, line.C) + (line.Paired is { } paired ? I($" (paired {Times(paired.Median)})") : "")
                    + (line.PairedOne is { } alone ? I($" (1 thread {Times(alone.Median)})") : "")
                    + (line.C is not null && line.CProblem is not null ? " (C twin **wrong**)" : "");
                L(I($"| {line.Suite} | {line.N:N0} | {(line.Gen is null ? "—" : Ms(line.Gen.Ns))} | {Speed(line.Gen, line.Serial)} | {vsHand} | {Speed(line.Gen, line.Tp)} | {vsC} | {gbs} | {line.Gen?.Allocated?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {Speed(line.One, line.Serial)} | {Speed(line.Hand, line.Serial)} | {Speed(line.Naive, line.Serial)} | {(line.Problem is null ? "ok" : "**wrong**")} |"));
            }
            foreach (string suite in new[] { "Bandwidth/Copy", "Bandwidth/Triad" })
            {
                Row? s = run.Rows.FirstOrDefault(r => r.Suite == suite && r.Role == "Serial"), p = run.Rows.FirstOrDefault(r => r.Suite == suite && r.Role == "Parallel");
                if (p is null) continue;
                L(I($"| {suite} (reference) | {p.N:N0} | {Ms(p.Ns)} (parallel) | — | — | — | — | parallel {GBs(p):F1}, serial {(s is null ? double.NaN : GBs(s)):F1} | — | — | — | — | — |"));
            }
            L();
            L("vs serial / vs hand-tuned / vs TensorPrimitives / vs C/OpenMP: that row's time / KernelGen's time (above 1: KernelGen is");
            L("faster); \"—\": no such row (no C twin: see Rows per kernel above).");
            L("GB/s: bytes the kernel must read and write once / time (add 12 B/element, sum 4, stencil 8 per point, ...); in-cache");
            L("sizes exceed the DRAM reference. B/op: BenchmarkDotNet's MemoryDiagnoser (ParallelAddF64 returns a new array, as");
            L("numba's parallel_add does). Kernels of tens of ms run one call per iteration, and a few hundred bytes from elsewhere in");
            L("the process (tiering, other threads) can land in it; `-- --launch` counts whole-process bytes over many calls (0 B/call for");
            L("Mandelbrot, Histogram and SumF32 1e3/1e6/1e7 when this was written). KernelGen 1 thread: the kernels with inner loops also run");
            L("with MaxDegreeOfParallelism 1, the generated chunk code alone.");
            L();
            L("## Targets");
            L();
            int misses = targets.Count(t => !t.Pass);
            L(I($"{targets.Count - misses} of {targets.Count} pass. Targets (the performance issue): KernelGen ≥ 0.9× hand-tuned on every kernel and size;"));
            L("KernelGen ≥ 1.0× serial at every size; the streaming kernels (add f32, sum f32) at 1e7 ≥ 0.85× of the bandwidth");
            L("reference measured in the same run at the same n (add against triad: the same 2 loads + 1 store; sum against copy);");
            L("KernelGen ≥ 1.0× its C/OpenMP twin (gcc, same data and job), ≥ 0.95× where the call moves ≥ 32 MiB (beyond the caches:");
            L("both wait on memory; the value says \"memory-bound\"). The full run also times KernelGen and each C twin side by side");
            L("(Paired.cs): in alternating processes, A B B A, four pairs for the memory-bound rows and two for the others, each process");
            L("warmed up and timed for about half a second; the target uses the median of the pairs' ratios (\"paired\"), since");
            L("BenchmarkDotNet times the two minutes apart and this VM drifts by more than the gaps between them. Both values are shown.");
            L("Then the same rows again with one thread each (two pairs; `KERNELGEN_NUM_THREADS=1`, which the C twins' OMP_NUM_THREADS");
            L("follows): \"1 thread\" in the vs C/OpenMP column, and a miss's cause says whether the generated loop alone keeps up with gcc's.");
            L("KernelGen and the hand-tuned C# are paired the same way (four pairs memory-bound, two elsewhere): the hand-tuned target");
            L("uses that median too (\"paired\" in the vs hand-tuned column).");
            L("Causes are derived from this run's numbers and the generated report header of each kernel (obj/…/generated);");
            L("\"not yet analysed\" where neither explains the miss.");
            L();
            L("| target | kernel | n | value | result | cause |");
            L("|---|---|---|---|---|---|");
            foreach (Target t in targets.OrderBy(t => t.Pass).ThenBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Suite, StringComparer.Ordinal).ThenBy(t => t.N))
                L(I($"| {t.Name} | {t.Suite} | {t.N:N0} | {t.Value} | {(t.Pass ? "pass" : "**miss**")} | {(t.Pass ? "" : t.Cause.Length > 0 ? t.Cause : "cause: not yet analysed")} |"));
            L();
            L("## What the generator reported for each kernel (this build)");
            L();
            foreach (var pair in run.KernelReports.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                string? vector = pair.Value.FirstOrDefault(l => l.StartsWith("vector:")), parallel = pair.Value.FirstOrDefault(l => l.StartsWith("parallel:"));
                L($"- {pair.Key}: {parallel ?? "no parallel line"}; {vector ?? "no vector line"}");
            }
            L();

            if (numbaPath is not null)
            {
                var (header, numba) = ReadNumba(numbaPath);
                L("## numba beside KernelGen");
                L();
                L(I($"From `{Path.GetFileName(numbaPath)}` ({(header.Length > 0 ? header : "no version line")}), run on the same machine; KernelGen columns from this run"));
                L("(only where the sizes match: full mode). numba serial is `@njit`, parallel `@njit(parallel=True)` + `prange`.");
                L();
                L("| numba line | KernelGen row | n | numba serial ms | numba parallel ms | numba speed-up | KernelGen serial ms | KernelGen ms | KernelGen speed-up | numba parallel time / KernelGen time | ≥ 2× numba (compute-bound rows: no memory traffic counted or ≥ 1 op a byte by the cost model) |");
                L("|---|---|---|---|---|---|---|---|---|---|---|");
                foreach (NumbaRow row in numba)
                {
                    Line? ours = lines.FirstOrDefault(l => l.Suite == row.Suite && l.N == row.N);
                    // numba's fastmath=True line against KernelGen's FastMath kernel where the suite has one.
                    Row? fastRow = run.Rows.FirstOrDefault(r => r.Suite == row.Suite && r.N == row.N && r.Role == "KernelGenFastMath");
                    double? numbaFast = numba.FirstOrDefault(o => o.Suite == row.Suite && o.N == row.N && o.Name.Contains(" fastmath", StringComparison.Ordinal))?.ParallelMs;
                    Row? gen = row.Name.Contains(" fastmath", StringComparison.Ordinal)
                        ? run.Rows.FirstOrDefault(r => r.Suite == row.Suite && r.N == row.N && r.Role == "KernelGenFastMath") ?? ours?.Gen : ours?.Gen;
                    string kgSerial = ours?.Serial is null ? "—" : Ms(ours.Serial.Ns), kg = gen is null ? "—" : Ms(gen.Ns) + (gen.Role == "KernelGenFastMath" ? " (FastMath)" : "");
                    double? vsNumba = gen is null ? null : row.ParallelMs * 1e6 / gen.Ns;
                    string ratio = vsNumba is double r ? Times(r) : "—";
                    string numbaSpeedup = row.Speedup is double x ? Times(x) : row.SerialMs is double sm && row.ParallelMs > 0 ? Times(sm / row.ParallelMs) : "—";
                    string target = vsNumba is not double t || !ComputeBound(run, row.Suite, row.N) ? "—" : t >= NumbaTarget ? "pass"
                        : fastRow is null ? "**miss**" : I($"**miss**: the Math calls run lane by lane as the serial loop makes them (bitwise); the FastMath kernel is {(numbaFast ?? row.ParallelMs) * 1e6 / fastRow.Ns:F2}× numba's fastmath line");
                    L(I($"| {row.Name}{(row.Note.Length > 0 ? " (" + row.Note + ")" : "")} | {row.Suite} | {row.N:N0} | {(row.SerialMs is double s ? s.ToString("F3", CultureInfo.InvariantCulture) : "—")} | {row.ParallelMs.ToString("F3", CultureInfo.InvariantCulture)} | {numbaSpeedup} | {kgSerial} | {kg} | {(gen is not null && ours?.Serial is not null ? Times(ours.Serial.Ns / gen.Ns) : "—")} | {ratio} | {target} |"));
                }
                L();
                L("numba parallel time / KernelGen time above 1: KernelGen is faster. numba's serial baseline is compiled numba, ours the");
                L("C# loop as written (RyuJIT), so the speed-up columns have different denominators. numba_bench.py prints ms with three");
                L("decimals: below ~0.01 ms its times (and this ratio) are coarse; its speed-up column is its own (from seconds).");
                L();
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, text.ToString());
            string svg = Path.ChangeExtension(Path.GetFullPath(path), ".svg");
            File.WriteAllText(svg, Chart.Svg(run, lines.Where(l => l.Gen is not null).Select(l =>
                new Chart.Bar(I($"{l.Suite} {Chart.Size(l.Suite, l.N)}"), l.VsSerial, l.PairedHand?.Median ?? l.VsHand, l.Problem is not null, l.Paired?.Median ?? l.VsC,
                    StreamsFromMemory(l.Suite, l.N) ? COpenMPMemoryTarget : COpenMPTarget)).ToList(), misses, targets.Count, note));
            Console.WriteLine($"Report written to {path} and {svg}");
        }
    }
}
