using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using KernelGen.Generator.Diagnostics;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelGen.Tests.RandomKernels
{
    /// <summary>Counts of one fuzzing run, for the summary line.</summary>
    internal sealed partial class FuzzStats
    {
        public int RankRuns, RankSplit, RankThrowing, RankDeterministic;
        public int SerialDrift, Overflowed, Kernels, Compilations, Runs, ReversedRuns, Throwing, Mismatches, GeneratorExceptions, CompileErrors, MissingDiagnostics;
        public int Parallelized, LeftSerial, LoopsParallel, LoopsSerial, Vectorized, Deterministic, Intercepted, LaneByLane, LaneTogether, SelectChains;
        // Induction variables and argmin/argmax pairs (KernelFuzzer.Counters): kernels with one, and those parallel with it.
        public int CounterKernels, CounterParallel, ArgKernels, ArgParallel;
        /// <summary>Vector loops with: a counter or argmin pair on lanes, a uint hash, pairs of elements.</summary>
        public int CounterVector, ArgVector, UintKernels, UintVector, PairVector, TileVector, GroupVector, StreamVector, RowsOuter, RowsSplit, LimitsOnce, PrefetchWhole, UnevenLoops, WindowVector, FastKernels, FastVector, FastBatched, FloatsInDouble, ByteTables, ChannelGroups;
        public TimeSpan Compile, Execute, Generate, Analyze, Emit, EffectExecute;
        // Kernels over rectangular arrays (KernelFuzzer.Shapes.cs), by rank (index 2 or 3).
        public int[] ShapeKernels = new int[4], ShapeParallelized = new int[4], ShapeVectorized = new int[4], ShapeLastDimension = new int[4];
        public int ShapeRuns, ShapeAliasedRuns, ShapeThrowing;
        // Side-effect constructs (FuzzRunner.Effects.cs).
        public int EffectKernels, EffectRuns, RacyUnflagged, RacyMismatches, BenignFalseAlarms, StrictFalseAlarms;
        public SortedDictionary<EffectKind, EffectCounts> Effects = new();
        /// <summary>One line each: what flagged a racy construct, a benign false alarm that does not fail the test, a construct not judged.</summary>
        public List<string> Notes = new();

        public EffectCounts Effect(EffectKind kind) => Effects.TryGetValue(kind, out EffectCounts? counts) ? counts : Effects[kind] = new EffectCounts();

        public void Add(FuzzStats o)
        {
            SerialDrift += o.SerialDrift; Overflowed += o.Overflowed; Kernels += o.Kernels; Compilations += o.Compilations; Runs += o.Runs; ReversedRuns += o.ReversedRuns; Throwing += o.Throwing; Mismatches += o.Mismatches;
            GeneratorExceptions += o.GeneratorExceptions; CompileErrors += o.CompileErrors; MissingDiagnostics += o.MissingDiagnostics;
            Parallelized += o.Parallelized; LeftSerial += o.LeftSerial; LoopsParallel += o.LoopsParallel; LoopsSerial += o.LoopsSerial;
            Vectorized += o.Vectorized; Deterministic += o.Deterministic; Intercepted += o.Intercepted; LaneByLane += o.LaneByLane; LaneTogether += o.LaneTogether; SelectChains += o.SelectChains;
            CounterKernels += o.CounterKernels; CounterParallel += o.CounterParallel; ArgKernels += o.ArgKernels; ArgParallel += o.ArgParallel;
            CounterVector += o.CounterVector; ArgVector += o.ArgVector; UintKernels += o.UintKernels; UintVector += o.UintVector; PairVector += o.PairVector; TileVector += o.TileVector; GroupVector += o.GroupVector; StreamVector += o.StreamVector; RowsOuter += o.RowsOuter; RowsSplit += o.RowsSplit; LimitsOnce += o.LimitsOnce; PrefetchWhole += o.PrefetchWhole; UnevenLoops += o.UnevenLoops; WindowVector += o.WindowVector; FastKernels += o.FastKernels; FastVector += o.FastVector; FastBatched += o.FastBatched; FloatsInDouble += o.FloatsInDouble; ByteTables += o.ByteTables; ChannelGroups += o.ChannelGroups;
            Compile += o.Compile; Execute += o.Execute; Generate += o.Generate; Analyze += o.Analyze; Emit += o.Emit; EffectExecute += o.EffectExecute;
            EffectKernels += o.EffectKernels; EffectRuns += o.EffectRuns; RacyUnflagged += o.RacyUnflagged; RacyMismatches += o.RacyMismatches;
            BenignFalseAlarms += o.BenignFalseAlarms; StrictFalseAlarms += o.StrictFalseAlarms;
            for (int rank = 0; rank < 4; rank++)
            {
                ShapeKernels[rank] += o.ShapeKernels[rank]; ShapeParallelized[rank] += o.ShapeParallelized[rank];
                ShapeVectorized[rank] += o.ShapeVectorized[rank]; ShapeLastDimension[rank] += o.ShapeLastDimension[rank];
            }
            ShapeRuns += o.ShapeRuns; ShapeAliasedRuns += o.ShapeAliasedRuns; ShapeThrowing += o.ShapeThrowing;
            foreach ((EffectKind kind, EffectCounts counts) in o.Effects) Effect(kind).Add(counts);
            RankRuns += o.RankRuns; RankSplit += o.RankSplit; RankThrowing += o.RankThrowing; RankDeterministic += o.RankDeterministic;
            AddNarrow(o);
            Notes.AddRange(o.Notes);
        }

        private int Sum(EffectLabel label, Func<EffectCounts, int> part) => Effects.Where(e => FuzzEffect.LabelOf(e.Key) == label).Sum(e => part(e.Value));

        /// <summary>The effect constructs in one line: racy ones flagged or not, benign ones parallel or false alarms.</summary>
        public string EffectSummary() =>
            $"effects: {EffectKernels} kernels with side-effect constructs ({EffectRuns} runs at 1/2/3/8 threads, {EffectExecute.TotalSeconds:F1} s with their serial runs and inputs); "
            + $"racy {Sum(EffectLabel.Racy, c => c.Total)}: flagged {Sum(EffectLabel.Racy, c => c.Flagged)} ({Sum(EffectLabel.Racy, c => c.FlaggedHere)} with the diagnostic on the construct), unflagged {RacyUnflagged} ({RacyMismatches} of their kernels also gave other results); "
            + $"benign {Sum(EffectLabel.Benign, c => c.Total)}: parallel {Sum(EffectLabel.Benign, c => c.Parallel)}, flagged by them (false alarms) {BenignFalseAlarms}, serial for another reason {Sum(EffectLabel.Benign, c => c.NotJudged)}; "
            + $"must-stay-parallel false alarms {StrictFalseAlarms} (strict {(FuzzRunner.StrictEffectFalseAlarms ? "on" : "off")}); "
            + $"either {Sum(EffectLabel.Either, c => c.Total)}: parallel {Sum(EffectLabel.Either, c => c.Parallel)}, flagged {Sum(EffectLabel.Either, c => c.Flagged)}";

        /// <summary>One line per construct kind: label, count, parallel / flagged.</summary>
        public string EffectTable() => string.Join("\n", Effects.Select(e =>
            $"  {e.Key,-22} {FuzzEffect.LabelOf(e.Key),-6} {e.Value.Total,4} constructs: parallel {e.Value.Parallel,4}, flagged {e.Value.Flagged,4} ({e.Value.FlaggedHere} on the construct, {e.Value.NotJudged} serial for another reason)"));

        /// <summary>The kernels over rectangular arrays in one line: per rank, parallelized, with a vector loop.</summary>
        public string ShapeSummary() =>
            "shapes: " + string.Join("; ", new[] { 2, 3 }.Select(rank => $"{rank}-D {ShapeKernels[rank]} kernels: parallelized {ShapeParallelized[rank]}, "
                + $"with a vector loop {ShapeVectorized[rank]} ({ShapeLastDimension[rank]} along the last dimension of a rectangular array), left serial {ShapeKernels[rank] - ShapeParallelized[rank]}"))
            + $"; {ShapeRuns} runs, {ShapeAliasedRuns} with one array for two parameters, {ShapeThrowing} threw the same exception on both sides";

        public string Summary(TimeSpan total) =>
            $"RandomKernels: {Kernels} kernels in {Compilations} compilations, {Runs} serial/parallel runs compared ({ReversedRuns} of them with the chunks run last first on one thread; {Throwing} threw the same exception on both sides; {SerialDrift} float sums where the serial accumulation drifted past the tolerance and the parallel one was closer to the exact sum; {Overflowed} whose Σ|terms| passed the type's largest value, where the bound says nothing and only the signs (or ±∞ against NaN) are compared); "
            + $"mismatches {Mismatches}, generator exceptions {GeneratorExceptions}, generated code not compiling {CompileErrors}, serial loops without a diagnostic {MissingDiagnostics}; "
            + $"parallelized {Parallelized} ({Vectorized} with a vector loop, {LaneByLane} of them with lane-by-lane work ({LaneTogether} with calls interleaved lane by lane), {SelectChains} with if/else chains as selects, {Intercepted} intercepted, {Deterministic} deterministic), left serial {LeftSerial}; "
            + $"loops parallel {LoopsParallel}, serial {LoopsSerial}; induction variables in {CounterKernels} kernels ({CounterParallel} parallel with one, {CounterVector} of them with a vector loop), argmin/argmax in {ArgKernels} ({ArgParallel}, {ArgVector} on vector lanes), uint hashes in {UintKernels} ({UintVector} with a vector loop), pairs of elements per lane in {PairVector}, rows tiled per step in {TileVector}, lane groups fused in {GroupVector}, streaming stores in {StreamVector} (taken at every size when KERNELGEN_STREAMING_STORES_ABOVE=0), 256-entry byte tables on vectors in {ByteTables}, interleaved channels stored together in {ChannelGroups}, rows outer (loop interchange) in {RowsOuter} ({RowsSplit} with their rows split across the chunks), inner-loop limits read once in {LimitsOnce} ({PrefetchWhole} with the prefetch for the whole loop; it runs at every size when KERNELGEN_PREFETCH_GATHER_ABOVE=0), floats in double lanes in {FloatsInDouble}, uneven iterations (16 chunks a thread) in {UnevenLoops}, windows moving with the lanes or counted while loops in {WindowVector}, FastMath kernels {FastKernels} ({FastVector} calling the vector functions, {FastBatched} with Exp calls evaluated together); simulated MPI ranks: {RankRuns} runs on 2 or 3 ranks, {RankSplit} with loops split over them ({RankDeterministic} deterministic, bitwise one process's bits), {RankThrowing} where the serial loop threw; {total.TotalSeconds:F1} s (compile, summed over threads, {Compile.TotalSeconds:F1} s: generator {Generate.TotalSeconds:F1}, analyzer {Analyze.TotalSeconds:F1}, emit {Emit.TotalSeconds:F1}; run {Execute.TotalSeconds:F1} s)";
    }

    /// <summary>
    /// Compiles batches of random kernels with the generator and the analyzer in memory and compares each kernel's
    /// serial original (called by reflection, never intercepted) with its parallel version.
    /// <para>
    /// Comparisons: arrays bitwise; integer results exactly; floating-point min/max results bitwise (their order does not
    /// matter); floating-point sums within <see cref="FloatTolerance"/> (float accumulators) or
    /// <see cref="DoubleTolerance"/> (double) times (1 + Σ|terms|), where Σ|terms| comes from the kernel's magnitude twin;
    /// a <c>Deterministic = true</c> kernel's parallel results bitwise identical from one call to the next; an exception
    /// thrown by the serial code thrown with the same type by the parallel code, and none where the serial code throws
    /// none.
    /// </para>
    /// </summary>
    internal static partial class FuzzRunner
    {
        /// <summary>Documented tolerance of float sums (as in VectorTests): relative to 1 + the sum of the terms' magnitudes.</summary>
        public const double FloatTolerance = 1e-3;
        /// <summary>Documented tolerance of double sums (as in VectorTests' dot product).</summary>
        public const double DoubleTolerance = 1e-9;

        /// <summary>Sizes tried for each kernel: 0, 1, small, about 1000, and 100,003 for some kernels.</summary>
        public static List<int> Sizes(Random random, double bigShare)
        {
            var sizes = new List<int> { 0, 1, random.Next(2, 40), random.Next(900, 1100) };
            if (random.NextDouble() < bigShare) sizes.Add(100_003);
            return sizes;
        }

        /// <summary>A compiled batch: the assembly image (null when it did not compile) and what the checks found.</summary>
        internal sealed class Prepared
        {
            public IReadOnlyList<FuzzKernel> Kernels = Array.Empty<FuzzKernel>();
            public int Batch;
            public byte[]? Image;
            public Dictionary<int, string> Generated = new();
            public Dictionary<int, int> ParallelLoops = new();
            public FuzzStats Stats = new();
            public List<string> Failures = new();
            /// <summary>Racy constructs left unflagged, benign ones that must stay parallel flagged (see FuzzRunner.Effects.cs).</summary>
            public List<string> EffectFindings = new();
            /// <summary>Kernels with a racy construct that was not flagged: their wrong results are expected.</summary>
            public HashSet<int> RacyUnflagged = new();
        }

        /// <summary>Compiles a batch and checks the generator's and analyzer's output (thread-safe: batches compile in parallel).</summary>
        public static Prepared Prepare(IReadOnlyList<FuzzKernel> kernels, int batch)
        {
            var prepared = new Prepared { Kernels = kernels, Batch = batch };
            FuzzStats stats = prepared.Stats;
            List<string> failures = prepared.Failures;
            var generated = prepared.Generated;
            var parallelLoops = prepared.ParallelLoops;
            var clock = Stopwatch.StartNew();
            string source = KernelFuzzer.Batch(kernels);
            // KERNELGEN_FUZZ_DUMP=<folder>: keep each batch's source, to read or minimize a failing kernel.
            if (Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_DUMP") is { Length: > 0 } dump)
                File.WriteAllText(Path.Combine(dump, $"batch{batch}.cs"), source);
            CSharpCompilation compilation = InMemory.Compile(source, assemblyName: "Fuzz" + batch);
            var phase = Stopwatch.StartNew();
            (Compilation output, GeneratorDriverRunResult run) = InMemory.Generate(compilation);
            stats.Generate += phase.Elapsed; phase.Restart();
            foreach (GeneratorRunResult result in run.Results.Where(r => r.Exception is not null))
            {
                stats.GeneratorExceptions++;
                failures.Add($"batch {batch}: generator threw {result.Exception}");
            }
            foreach (Diagnostic d in run.Diagnostics.Where(d => d.Id == "CS8785" || d.Severity == DiagnosticSeverity.Error))
            {
                stats.GeneratorExceptions++;
                failures.Add($"batch {batch}: generator diagnostic {d}");
            }

            // The analyzer's diagnostics of the kernels' file only (not the generated code, which the emit below checks).
            var analyzerExceptions = new List<string>();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (e, _, _) => { lock (analyzerExceptions) analyzerExceptions.Add(e.ToString()); },
                concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            var analyzed = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new KernelAnalyzer()), options);
            ImmutableArray<Diagnostic> all = analyzed.GetAnalyzerSemanticDiagnosticsAsync(
                analyzed.Compilation.GetSemanticModel(compilation.SyntaxTrees.First()), null, default).Result;
            stats.Analyze += phase.Elapsed;
            ImmutableArray<Diagnostic> diagnostics = all.Where(d => d.Id.StartsWith("KG", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray();
            foreach (string e in analyzerExceptions)
            {
                stats.GeneratorExceptions++;
                failures.Add($"batch {batch}: analyzer threw {e}");
            }
            foreach (Diagnostic d in diagnostics.Where(d => d.Id is "AD0001" or "KG2099"))
            {
                stats.GeneratorExceptions++;
                failures.Add($"batch {batch}: {d}\n{Excerpt(source, d)}");
            }

            // Generated code per kernel, and the interceptors.
            string interceptors = "";
            foreach (SyntaxTree tree in run.GeneratedTrees)
            {
                string file = Path.GetFileName(tree.FilePath);
                if (file.EndsWith("KernelGen.Interceptors.g.cs", StringComparison.Ordinal)) { interceptors = tree.ToString(); continue; }
                FuzzKernel? owner = kernels.FirstOrDefault(k => file.StartsWith("Fuzz." + k.Class + ".", StringComparison.Ordinal));
                if (owner is null) continue;
                generated[owner.Id] = tree.ToString();
                // "array reductions: r[…] (double sum: += -=), …": reassociated, within rounding of the serial values. Products
                // too: two updates of one element in one chunk are multiplied together first (seed 877, kernel 342:
                // r[i - 2] *= a[i] and r[i + 2] *= i, float, 1 ulp apart on simulated ranks).
                foreach (Match m in Regex.Matches(Regex.Match(generated[owner.Id], @"//     array reductions: [^\n]*").Value, @"(\w+)\[…\] \((float|double) (sum|product)"))
                    owner.FloatArrayReductions.Add(m.Groups[1].Value);
            }

            if (Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_DUMP") is { Length: > 0 } folder) // and the generated code, to read a kernel's plan
                File.WriteAllText(Path.Combine(folder, $"batch{batch}.g.cs"), string.Join("\n", run.GeneratedTrees.Select(t => $"// ---- {Path.GetFileName(t.FilePath)}\n{t}")));

            // Which loops run in parallel; every loop left serial must say why.
            SyntaxTree kernelsTree = compilation.SyntaxTrees.First();
            Dictionary<string, ClassDeclarationSyntax> classes = kernelsTree.GetRoot().DescendantNodes(n => n is not ClassDeclarationSyntax)
                .OfType<ClassDeclarationSyntax>().ToDictionary(c => c.Identifier.ValueText);
            foreach (FuzzKernel kernel in kernels)
            {
                MethodDeclarationSyntax method = classes[kernel.Class].Members.OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == FuzzKernel.Method);
                var loops = method.Body!.DescendantNodes().OfType<ForEachStatementSyntax>()
                    .Where(l => l.Expression.ToString().StartsWith("PRange", StringComparison.Ordinal)
                                && !l.Ancestors().OfType<ForEachStatementSyntax>().Any(o => o.Expression.ToString().StartsWith("PRange", StringComparison.Ordinal)))
                    .ToList();
                int parallel = 0;
                var loopParallel = new List<bool>();
                foreach (ForEachStatementSyntax loop in loops)
                {
                    loopParallel.Add(diagnostics.Any(d => d.Id == "KG3001" && d.Location.SourceSpan.Start == loop.ForEachKeyword.SpanStart));
                    if (loopParallel[^1]) { parallel++; continue; }
                    stats.LoopsSerial++;
                    bool explained = diagnostics.Any(d => d.Id.StartsWith("KG", StringComparison.Ordinal) && d.Id is not ("KG3001" or "KG1003" or "KG2008")
                                                          && loop.Span.Contains(d.Location.SourceSpan));
                    if (!explained)
                    {
                        stats.MissingDiagnostics++;
                        failures.Add($"kernel {kernel.Id} (seed {kernel.Seed}): the loop at line {loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1} stays serial without a KG1xxx/KG2xxx diagnostic in it\n{kernel.KernelText}");
                    }
                }
                stats.LoopsParallel += parallel;
                parallelLoops[kernel.Id] = parallel;
                if (JudgeEffects(kernel, method, loops, loopParallel, diagnostics, stats, prepared.EffectFindings)) prepared.RacyUnflagged.Add(kernel.Id);
                if (kernel.Narrow is not null) CountNarrow(kernel, parallel, generated.GetValueOrDefault(kernel.Id), stats);
                else if (kernel.Rank > 1)
                {
                    stats.ShapeKernels[kernel.Rank]++;
                    if (parallel > 0) stats.ShapeParallelized[kernel.Rank]++;
                    // A vector loop: lanes over PRange iterations, or over an inner loop (the rectangular arrays' usual one).
                    if (parallel > 0 && generated.TryGetValue(kernel.Id, out string? code) && (code.Contains("//     vector: Vector512") || code.Contains("//     vector: inner loop")))
                    {
                        stats.ShapeVectorized[kernel.Rank]++;
                        if (code.Contains("rectangular arrays along their last dimension")) stats.ShapeLastDimension[kernel.Rank]++;
                    }
                }
                bool hasCounter = System.Text.RegularExpressions.Regex.IsMatch(kernel.KernelText, @"int k\d+ = 0;"), hasArg = kernel.KernelText.Contains("long at", StringComparison.Ordinal);
                if (hasCounter) stats.CounterKernels++;
                if (hasArg) stats.ArgKernels++;
                bool hasUint = kernel.KernelText.Contains("0x3FFFu", StringComparison.Ordinal) || kernel.KernelText.Contains("0x85EBCA6Bu", StringComparison.Ordinal);
                if (hasUint) stats.UintKernels++;
                if (kernel.FastMath) stats.FastKernels++;
                if (parallel > 0 && generated.TryGetValue(kernel.Id, out string? report))
                {
                    if (hasCounter && report.Contains("induction: k", StringComparison.Ordinal)) stats.CounterParallel++;
                    if (hasArg && (report.Contains("(argmin", StringComparison.Ordinal) || report.Contains("(argmax", StringComparison.Ordinal))) stats.ArgParallel++;
                    bool vector = report.Contains("//     vector: Vector512", StringComparison.Ordinal);
                    if (vector && hasCounter && report.Contains("induction: k", StringComparison.Ordinal)) stats.CounterVector++;
                    if (vector && hasArg && report.Contains("(select", StringComparison.Ordinal)) stats.ArgVector++;
                    if (vector && hasUint) stats.UintVector++;
                    if (report.Contains("pairs of elements per lane", StringComparison.Ordinal)) stats.PairVector++;
                    if (report.Contains("tiled per step", StringComparison.Ordinal)) stats.TileVector++;
                    if (report.Contains("lane groups a step", StringComparison.Ordinal)) stats.GroupVector++;
                    if (report.Contains("streaming stores to", StringComparison.Ordinal)) stats.StreamVector++;
                    if (report.Contains("byte tables looked up on vectors", StringComparison.Ordinal)) stats.ByteTables++;
                    if (report.Contains("interleaved elements per lane stored together", StringComparison.Ordinal)) stats.ChannelGroups++;
                    if (report.Contains(", rows outer: ", StringComparison.Ordinal)) stats.RowsOuter++;
                    if (report.Contains("rows split", StringComparison.Ordinal)) stats.RowsSplit++;
                    if (report.Contains("read once before the loop", StringComparison.Ordinal)) stats.LimitsOnce++;
                    if (report.Contains("fetched for the whole loop", StringComparison.Ordinal)) stats.PrefetchWhole++;
                    if (report.Contains("uneven iterations:", StringComparison.Ordinal)) stats.UnevenLoops++;
                    if (report.Contains("moving with the lanes", StringComparison.Ordinal) || report.Contains("while loop counted", StringComparison.Ordinal)
                        || report.Contains("while loops counted", StringComparison.Ordinal)) stats.WindowVector++;
                    if (report.Contains("FastMath vector", StringComparison.Ordinal)) stats.FastVector++;
                    if (report.Contains("of a step evaluated together", StringComparison.Ordinal)) stats.FastBatched++;
                    if (report.Contains("floats in double lanes (", StringComparison.Ordinal)) stats.FloatsInDouble++;
                }
                if (parallel > 0)
                {
                    stats.Parallelized++;
                    if (generated.TryGetValue(kernel.Id, out string? text) && text.Contains("//     vector: Vector512"))
                    {
                        stats.Vectorized++;
                        if (text.Split('\n').Any(line => line.StartsWith("//     vector: ", StringComparison.Ordinal) && line.Contains("lane by lane"))) stats.LaneByLane++;
                        if (text.Split('\n').Any(line => line.StartsWith("//     vector: ", StringComparison.Ordinal) && line.Contains("lane-by-lane calls interleaved"))) stats.LaneTogether++;
                        if (text.Split('\n').Any(line => line.StartsWith("//     vector: ", StringComparison.Ordinal) && line.Contains("if/else chains as selects"))) stats.SelectChains++;
                    }
                    if (kernel.Deterministic) stats.Deterministic++;
                    if (interceptors.Contains($"global::Fuzz.{kernel.Class}.KernParallel(")) stats.Intercepted++;
                    else failures.Add($"kernel {kernel.Id}: parallelized, but its call in Calls.C{kernel.Id} is not intercepted");
                }
                else stats.LeftSerial++;
            }

            // The generated code must compile.
            using var stream = new MemoryStream();
            phase.Restart();
            var emitted = output.Emit(stream);
            stats.Emit += phase.Elapsed;
            stats.Compilations++;
            stats.Compile += clock.Elapsed;
            if (!emitted.Success)
            {
                var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                stats.CompileErrors++;
                if (errors.Any(e => e.Location.SourceTree == compilation.SyntaxTrees.First()))
                {
                    // The fuzzer's own bug: it must write valid C#.
                    Diagnostic first = errors.First(e => e.Location.SourceTree == compilation.SyntaxTrees.First());
                    failures.Add($"batch {batch}: the fuzzer wrote invalid C#:\n{string.Join("\n", errors.Take(5))}\n{Excerpt(source, first)}");
                    return prepared;
                }
                failures.Add($"batch {batch}: the generated code does not compile:\n{string.Join("\n", errors.Take(5))}\n--- generated ---\n{errors[0].Location.SourceTree}");
                return prepared;
            }
            prepared.Image = stream.ToArray();
            return prepared;
        }

        /// <summary>Loads a prepared batch and compares every kernel's serial and parallel runs (one batch at a time: the runs use the worker pool).</summary>
        public static void Execute(Prepared prepared, FuzzStats stats, List<string> failures, List<string> effectFindings, double bigShare)
        {
            stats.Add(prepared.Stats);
            failures.AddRange(prepared.Failures);
            effectFindings.AddRange(prepared.EffectFindings);
            if (prepared.Image is null) return;
            var clock = Stopwatch.StartNew();
            int drift = System.Threading.Volatile.Read(ref s_serialDrift), overflowed = System.Threading.Volatile.Read(ref s_overflowed);
            IReadOnlyList<FuzzKernel> kernels = prepared.Kernels;
            var context = new AssemblyLoadContext("fuzz" + prepared.Batch, isCollectible: true);
            try
            {
                Assembly assembly = context.LoadFromStream(new MemoryStream(prepared.Image));
                foreach (FuzzKernel kernel in kernels)
                {
                    stats.Kernels++;
                    MethodInfo? parallel = assembly.GetType("Fuzz." + kernel.Class)!.GetMethod("KernParallel");
                    if ((parallel is not null) != (prepared.ParallelLoops[kernel.Id] > 0))
                        failures.Add($"kernel {kernel.Id}: {prepared.ParallelLoops[kernel.Id]} loop(s) reported parallel (KG3001) but KernParallel {(parallel is null ? "is missing" : "exists")}");
                    string? problem = RunKernel(assembly, kernel, parallel, stats, bigShare);
                    if (problem is not null && prepared.RacyUnflagged.Contains(kernel.Id))
                    {
                        // The consequence of a racy construct left parallel (already a finding): not a failure of its own.
                        stats.RacyMismatches++;
                        effectFindings.Add($"kernel {kernel.Id} (seed {kernel.Seed}): with its racy construct in a parallel loop, the results differ: {Truncate(problem, 400)}");
                    }
                    else if (problem is not null)
                    {
                        stats.Mismatches++;
                        prepared.Generated.TryGetValue(kernel.Id, out string? text);
                        failures.Add($"kernel {kernel.Id} (seed {kernel.Seed}): {problem}\n--- kernel ---\n{kernel.KernelText}--- generated ---\n{Truncate(text ?? "(none)", 6000)}");
                    }
                }
            }
            finally
            {
                context.Unload();
                stats.Execute += clock.Elapsed;
                stats.SerialDrift += System.Threading.Volatile.Read(ref s_serialDrift) - drift;
                stats.Overflowed += System.Threading.Volatile.Read(ref s_overflowed) - overflowed;
            }
        }

        private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length) + "\n…";

        private static string Excerpt(string source, Diagnostic d)
        {
            string[] lines = source.Split('\n');
            int line = d.Location.GetLineSpan().StartLinePosition.Line;
            return string.Join("\n", lines.Skip(Math.Max(0, line - 12)).Take(24));
        }

        /// <summary>
        /// Runs one kernel at several sizes; returns what differed, or null. Kernels with effect constructs run their
        /// parallel version at 1, 2, 3 and 8 threads at one size where loops split (20,000 to 40,000, or 100,003); their
        /// static fields are reset before every call and compared after it, with the extra arguments (objects, lists,
        /// jagged rows, ref values).
        /// </summary>
        private static string? RunKernel(Assembly assembly, FuzzKernel kernel, MethodInfo? parallel, FuzzStats stats, double bigShare)
        {
            Type type = assembly.GetType("Fuzz." + kernel.Class)!;
            MethodInfo serial = type.GetMethod(FuzzKernel.Method)!;
            MethodInfo caller = assembly.GetType("Fuzz.Calls")!.GetMethod("C" + kernel.Id)!;
            Type? twin = assembly.GetType("Fuzz." + kernel.MagnitudeClass);
            MethodInfo? magnitude = twin?.GetMethod(FuzzKernel.Method);
            Type? support = assembly.GetType("Fuzz." + kernel.SupportClass);
            var random = new Random(kernel.Seed ^ 0x5bd1e995);
            List<int> sizes = kernel.Narrow is not null ? NarrowSizes(random, bigShare) : Sizes(random, bigShare);
            bool effects = kernel.Effects.Count > 0;
            // Effect kernels: the thread counts are tried at the last size, one where loops split into several chunks
            // (the cost model's chunks hold hundreds to thousands of iterations: at ~1000 most loops are one chunk).
            if (effects && sizes[^1] != 100_003) sizes.Add(random.Next(20_000, 40_000));
            var clock = new Stopwatch();
            try
            {
                for (int s = 0; s < sizes.Count; s++)
                {
                    if (effects && s == sizes.Count - 1) clock.Start();
                    object?[] args = Inputs(kernel, sizes[s], random);
                    if (kernel.Extras.Count > 0) args = WithExtras(args, kernel, support!, random);
                    // Parallel: the generated method, or the intercepted call (every other size).
                    MethodInfo target = parallel is null || s % 2 == 1 ? caller : parallel;
                    ResetStatics(type, kernel);
                    (object? expected, Exception? expectedError, object?[] expectedArgs) = Invoke(serial, args);
                    object?[] expectedStatics = Statics(type, kernel);
                    double[]? scale = null;
                    double[] Scale()
                    {
                        if (scale is null)
                        {
                            object?[] copy = Clone(args);
                            ResetStatics(twin, kernel);
                            magnitude!.Invoke(null, copy);
                            scale = (double[])copy[5]!;
                        }
                        return scale;
                    }
                    (object? Result, object?[] Args, int Degree)? first = null; // Deterministic = true: every thread count gives these bits
                    foreach (int degree in effects && s == sizes.Count - 1 ? EffectDegrees : DefaultDegrees(s))
                    {
                        ResetStatics(type, kernel);
                        (object? actual, Exception? actualError, object?[] actualArgs) = Invoke(target, args, degree);
                        object?[] actualStatics = Statics(type, kernel);
                        stats.Runs++;
                        if (degree > 0) stats.EffectRuns++;
                        if (degree < 0) stats.ReversedRuns++;
                        if (kernel.Narrow is not null)
                        {
                            stats.NarrowRuns++;
                            if (Aliases(args).Length > 0) stats.NarrowAliasedRuns++;
                            if (expectedError is not null && expectedError.GetType() == actualError?.GetType()) stats.NarrowThrowing++;
                        }
                        else if (kernel.Rank > 1)
                        {
                            stats.ShapeRuns++;
                            if (Aliases(args).Length > 0) stats.ShapeAliasedRuns++;
                            if (expectedError is not null && expectedError.GetType() == actualError?.GetType()) stats.ShapeThrowing++;
                        }
                        string where = $"{Size(args)}, w = {args[6]}, m = {args[7]}, k = {args[8]}{Aliases(args)}, via {target.DeclaringType!.Name}.{target.Name}{(degree > 0 ? $", {degree} thread(s)" : degree < 0 ? $", chunks of {-degree} last first" : "")}";
                        if (expectedError is not null || actualError is not null)
                        {
                            if (expectedError?.GetType() != actualError?.GetType())
                                return $"{where}: serial {Describe(expectedError)}, parallel {Describe(actualError)}";
                            stats.Throwing++;
                            continue; // the arrays hold whatever the iterations before the exception wrote
                        }
                        string? difference = Compare(kernel, expected, expectedArgs, actual, actualArgs, Scale)
                                             ?? CompareEffects(kernel, expectedStatics, actualStatics, expectedArgs, actualArgs);
                        if (difference is not null) return $"{where}: {difference}";

                        if (kernel.Deterministic && parallel is not null)
                        {
                            ResetStatics(type, kernel);
                            (object? again, Exception? againError, object?[] againArgs) = Invoke(parallel, args, degree);
                            if (againError is not null) return $"{where}: the second parallel call threw {againError}";
                            string? unstable = Compare(kernel, actual, actualArgs, again, againArgs, scale: null);
                            if (unstable is not null) return $"{where}: Deterministic = true, but two parallel calls differ: {unstable}";
                            if (first is { } f && Compare(kernel, f.Result, f.Args, actual, actualArgs, scale: null) is { } moved)
                                return $"{where}: Deterministic = true, but {degree} thread(s) give other bits than {f.Degree}: {moved}";
                            first ??= (actual, actualArgs, degree);
                        }
                    }
                }
                return RunRanks(kernel, serial, parallel, stats, a =>
                {
                    object?[] copy = Clone(a);
                    ResetStatics(twin, kernel);
                    magnitude!.Invoke(null, copy);
                    return (double[])copy[5]!;
                });
            }
            finally { stats.EffectExecute += clock.Elapsed; }
        }

        private static string Describe(Exception? e) => e is null ? "returned normally" : $"threw {e.GetType().Name} ({e.Message})";

        /// <summary>Fresh inputs: four arrays of one length (2-D: h rows of width w), ires/fres, scalars.</summary>
        private static object?[] Inputs(FuzzKernel kernel, int size, Random random)
        {
            if (kernel.Narrow is not null) return InputsNarrow(kernel, size, random);
            if (kernel.Rank > 1) return InputsShaped(kernel, size, random);
            int w = kernel.TwoD ? new[] { 1, 2, 3, 7, 16 }[random.Next(5)] : 1 + random.Next(4);
            int n = kernel.TwoD ? size / w * w : size;
            var arrays = new Array[4];
            for (int a = 0; a < 4; a++) arrays[a] = RandomArray(kernel.Arrays[a], n, random);
            if (kernel.Arrays[2] == kernel.Arrays[3] && random.NextDouble() < 0.1) arrays[3] = arrays[2]; // r and q alias
            int m = random.Next(1, 6);
            double k = Math.Round(random.NextDouble() * 8 - 4, 3);
            return new object?[] { arrays[0], arrays[1], arrays[2], arrays[3], new long[8], new double[8], w, m, k };
        }

        private static readonly int[] SpecialInts = { int.MinValue, int.MaxValue, 0, -1, 1 };
        private static readonly long[] SpecialLongs = { long.MinValue, long.MaxValue, int.MinValue, 0, -1 };
        private static readonly float[] SpecialFloats = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue };
        private static readonly double[] SpecialDoubles = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue };

        /// <summary>Random elements; in one array of ten, one element in fifty is an extreme value (NaN, ±∞, MinValue …).</summary>
        private static Array RandomArray(Elem type, int n, Random random)
        {
            bool wide = random.NextDouble() < 0.1;
            bool special = random.NextDouble() < 0.1;
            bool Special() => special && random.Next(50) == 0;
            // Plain loops rather than LINQ: the same draws in the same order (the same inputs as before), less overhead per element.
            switch (type)
            {
                case Elem.Int:
                {
                    var values = new int[n];
                    for (int i = 0; i < n; i++) values[i] = Special() ? SpecialInts[random.Next(SpecialInts.Length)] : wide ? random.Next(int.MinValue, int.MaxValue) : random.Next(-1000, 1001);
                    return values;
                }
                case Elem.Long:
                {
                    var values = new long[n];
                    for (int i = 0; i < n; i++) values[i] = Special() ? SpecialLongs[random.Next(SpecialLongs.Length)] : wide ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-1000, 1001);
                    return values;
                }
                case Elem.Float:
                {
                    var values = new float[n];
                    for (int i = 0; i < n; i++) values[i] = Special() ? SpecialFloats[random.Next(SpecialFloats.Length)] : random.Next(50) == 0 ? 0f : (float)(random.NextDouble() * 200 - 100);
                    return values;
                }
                default:
                {
                    var values = new double[n];
                    for (int i = 0; i < n; i++) values[i] = Special() ? SpecialDoubles[random.Next(SpecialDoubles.Length)] : random.Next(50) == 0 ? -0.0 : random.NextDouble() * 200 - 100;
                    return values;
                }
            }
        }

        /// <summary>Deep copy of the arguments, keeping which arguments are the same array; extra arguments made fresh.</summary>
        private static object?[] Clone(object?[] args)
        {
            var copies = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
            return args.Select(a => a switch
            {
                Array array => copies.TryGetValue(array, out object? copy) ? copy : copies[array] = array.Clone(),
                Recipe recipe => recipe.Make(),
                _ => a,
            }).ToArray();
        }

        /// <summary>
        /// Calls <paramref name="method"/> on a copy of the arguments; <paramref name="degree"/> > 0: at that many threads,
        /// with the scheduler's back-off off (on a busy machine it would run these calls serially, and a construct that
        /// gives other results only when chunks overlap, such as shared jagged rows, would pass unseen); &lt; 0: the
        /// reversed schedule, chunks of −<paramref name="degree"/> iterations last first.
        /// </summary>
        private static (object? Result, Exception? Error, object?[] Args) Invoke(MethodInfo method, object?[] args, int degree = 0)
        {
            object?[] copy = Clone(args);
            try
            {
                object? result = degree < 0
                    ? RuntimeSettings.Reversed(-degree, () => method.Invoke(null, copy))
                    : RuntimeSettings.With(degree, backoff: degree <= 0, () => method.Invoke(null, copy));
                Settle(copy);
                return (result, null, copy);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null) { return (null, e.InnerException, copy); }
        }

        /// <summary>What differs between two runs' results, or null. <paramref name="scale"/> null: everything bitwise.</summary>
        private static string? Compare(FuzzKernel kernel, object? expected, object?[] expectedArgs, object? actual, object?[] actualArgs, Func<double[]>? scale)
        {
            string[] names = { "a", "b", "r", "q" };
            for (int a = 0; a < 4; a++)
            {
                // An array reduction of floats (scale: a serial/parallel comparison) within the sums' relative tolerance,
                // under its own name or another's (r and q the same array: q's elements are r's merged sums).
                bool reduced = Enumerable.Range(0, 4).Any(b => kernel.FloatArrayReductions.Contains(names[b]) && ReferenceEquals(expectedArgs[a], expectedArgs[b]));
                double tolerance = scale is null || !reduced ? 0
                    : expectedArgs[a] is float[] or float[,] or float[,,] ? FloatTolerance : DoubleTolerance;
                int at = FirstDifference((Array)expectedArgs[a]!, (Array)actualArgs[a]!, tolerance);
                if (at >= 0)
                    return $"array {names[a]} differs at [{Position((Array)expectedArgs[a]!, at)}]: serial {Show((Array)expectedArgs[a]!, at)}, parallel {Show((Array)actualArgs[a]!, at)}";
            }
            long[] ires = (long[])expectedArgs[4]!, ires2 = (long[])actualArgs[4]!;
            for (int n = 0; n < ires.Length; n++)
                if (ires[n] != ires2[n]) return $"ires[{n}] (integer reduction) serial {ires[n]}, parallel {ires2[n]}";
            double[] fres = (double[])expectedArgs[5]!, fres2 = (double[])actualArgs[5]!;
            foreach (FuzzReduction red in kernel.Reductions.Where(r => r.InFres))
            {
                string? problem = CompareFloat(red, fres[red.Slot], fres2[red.Slot], scale);
                if (problem is not null) return $"reduction {red.Name} ({KernelFuzzer.Name(red.Type)} {red.Family}): {problem}";
            }
            if (kernel.Returns is { } returned)
            {
                if (returned.InFres)
                {
                    string? problem = CompareFloat(returned, Convert.ToDouble(expected), Convert.ToDouble(actual), scale);
                    if (problem is not null) return $"return value {returned.Name}: {problem}";
                }
                else if (!Equals(expected, actual)) return $"return value {returned.Name}: serial {expected}, parallel {actual}";
            }
            return null;
        }

        /// <summary>
        /// A floating-point sum: |serial − parallel| ≤ tolerance · (1 + Σ|terms|). Where the serial float accumulation
        /// itself drifts further than that from the exact sum (many terms of one sign added one by one into a large
        /// float: the rounding errors pile up, the serial result is the inaccurate one), the parallel result must instead
        /// be at least as close to the exact sum (the same float terms accumulated in double by the twin) as the serial
        /// result, give or take the same tolerance. A lost, doubled or wrongly combined chunk fails both.
        /// </summary>
        /// <para>
        /// Where Σ|terms| itself passes the type's largest value, the documented bound (relative to Σ|terms|) says nothing: the
        /// partial sums of one order may overflow to ±∞ where the other order's did not (seed 820, kernel 1628: serial
        /// −3.95e307, parallel −∞ on 2 threads, the last bit apart on 8), or two partial sums to opposite infinities,
        /// whose sum is NaN (seed 831, kernel 1966: a float sum of products of longs, Σ|terms| 1.95e41 past the largest
        /// float, serial +∞, parallel NaN). Accepted when the two results have the same sign or one is not finite; the
        /// type's own largest value decides (float sums overflow at 3.4e38); counted in the summary.
        /// </para>
        private static int s_serialDrift, s_overflowed;

        private static string? CompareFloat(FuzzReduction red, double serial, double parallel, Func<double[]>? scale)
        {
            if (BitConverter.DoubleToInt64Bits(serial) == BitConverter.DoubleToInt64Bits(parallel)) return null;
            if (double.IsNaN(serial) && double.IsNaN(parallel)) return null; // NaN payloads: see FirstDifference
            if (scale is null || !red.FloatSum) return $"serial {serial:R}, parallel {parallel:R} (must be bitwise equal)";
            double magnitude = scale()[red.Slot], exact = scale()[red.Slot + KernelFuzzer.ExactSlot];
            double largest = red.Type == Elem.Float ? float.MaxValue : double.MaxValue;
            bool sameSign = !double.IsNaN(serial) && !double.IsNaN(parallel) && Math.Sign(serial) == Math.Sign(parallel);
            if (magnitude > largest && (sameSign || !double.IsFinite(serial) || !double.IsFinite(parallel)))
            {
                System.Threading.Interlocked.Increment(ref s_overflowed);
                return null;
            }
            if (!double.IsFinite(serial) || !double.IsFinite(parallel) || !double.IsFinite(magnitude))
                return $"serial {serial:R}, parallel {parallel:R} (Σ|terms| = {magnitude:R})";
            double tolerance = (red.Type == Elem.Float ? FloatTolerance : DoubleTolerance) * (1 + magnitude);
            double difference = Math.Abs(serial - parallel);
            if (difference <= tolerance) return null;
            if (Math.Abs(parallel - exact) <= Math.Abs(serial - exact) + tolerance)
            {
                System.Threading.Interlocked.Increment(ref s_serialDrift);
                return null;
            }
            return $"serial {serial:R}, parallel {parallel:R}, difference {difference:R} > tolerance {tolerance:R} (Σ|terms| = {magnitude:R}), "
                + $"and the parallel result is further from the exact sum {exact:R} than the serial one";
        }

        /// <summary>
        /// The first index where two arrays differ, or -1: bitwise, except that any two NaNs are equal: the JIT orders
        /// the operands of commutative vector and scalar operations differently, and x64 keeps the first operand's NaN
        /// (RandomKernelRegressionTests, NaN_bits_in_a_vector_map_match_the_serial_loop). Signed zeros and every other
        /// bit still count. Bitwise-equal arrays (nearly all) take one vectorized comparison.
        /// </summary>
        private static int FirstDifference(Array x, Array y, double tolerance = 0)
        {
            if (x.GetType() != y.GetType() || x.Length != y.Length || !SameShape(x, y)) return 0;
            // Any rank: the elements in storage order.
            switch (x)
            {
                case float[] or float[,] or float[,,]:
                {
                    Span<float> a = Flat<float>(x), b = Flat<float>(y);
                    if (MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b))) return -1;
                    for (int i = 0; i < a.Length; i++)
                        if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i]) && !(float.IsNaN(a[i]) && float.IsNaN(b[i]))
                            && !Close(a[i], b[i], tolerance)) return i;
                    return -1;
                }
                case double[] or double[,] or double[,,]:
                {
                    Span<double> a = Flat<double>(x), b = Flat<double>(y);
                    if (MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b))) return -1;
                    for (int i = 0; i < a.Length; i++)
                        if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]) && !(double.IsNaN(a[i]) && double.IsNaN(b[i]))
                            && !Close(a[i], b[i], tolerance)) return i;
                    return -1;
                }
                case int[] or int[,] or int[,,]: return Prefix(Flat<int>(x).CommonPrefixLength(Flat<int>(y)), x.Length);
                case long[] or long[,] or long[,,]: return Prefix(Flat<long>(x).CommonPrefixLength(Flat<long>(y)), x.Length);
                case byte[] or byte[,] or sbyte[] or sbyte[,]: return Prefix(Flat<byte>(x).CommonPrefixLength(Flat<byte>(y)), x.Length);
                case short[] or short[,] or ushort[] or ushort[,] or char[] or char[,]: return Prefix(Flat<short>(x).CommonPrefixLength(Flat<short>(y)), x.Length);
                case uint[]: return Prefix(Flat<int>(x).CommonPrefixLength(Flat<int>(y)), x.Length);
                case ulong[]: return Prefix(Flat<long>(x).CommonPrefixLength(Flat<long>(y)), x.Length);
                default: return 0;
            }
            static int Prefix(int equal, int length) => equal == length ? -1 : equal;
            // Finite and within tolerance · (1 + |x|) (0: bitwise only); infinities must match exactly.
            static bool Close(double p, double q, double tolerance) =>
                tolerance > 0 && double.IsFinite(p) && double.IsFinite(q) && Math.Abs(p - q) <= tolerance * (1 + Math.Abs(p));
        }

        private static string Show(Array array, int at) => (array.Rank == 1 ? array.GetValue(at) : array.GetValue(Indices(array, at))) switch
        {
            float f => $"{f:R} (0x{BitConverter.SingleToInt32Bits(f):x8})",
            double d => $"{d:R} (0x{BitConverter.DoubleToInt64Bits(d):x16})",
            var v => v?.ToString() ?? "null",
        };
    }
}
