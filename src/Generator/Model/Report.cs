using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Generator.Model
{
    /// <summary>One line of the parallel report, with the finer lines under it (shown in the file header only).</summary>
    internal sealed record ReportLine(string Text, IReadOnlyList<string> Details);

    /// <summary>
    /// The parallel report of a loop, built once: the generated file's header shows every line (with details, in the
    /// spirit of the Regex generator's explanation), KG3001 the same lines joined on one line, for the IDE.
    /// </summary>
    internal static class Report
    {
        /// <summary>
        /// Whether the loop's vector steps run with its rows outside them (<see cref="Vectorize.VectorPlan.Interchange"/>):
        /// its chunks are bands of columns, one a thread (KernelRuntime.Plan's <c>wide</c>). A 5-point float blur written
        /// by columns, 2048² on 2 threads: 1.6× faster with chunks of 4 KB a row than with 4 chunks a thread (1 KB).
        /// </summary>
        public static bool Wide(LoopSpec loop) => loop.UnevenWork.Length == 0 && loop.Vector is { Vectorized: true, Interchange: not null };

        /// <summary>
        /// Whether the chunks of an interchanged loop (<see cref="Wide"/>) split its rows instead of the columns
        /// (<see cref="Vectorize.VectorPlan.RowSplit"/>): each chunk runs every column on its band of the rows, so each
        /// thread reads one stream of whole rows. A 5-point float blur written by columns, 2048² on 2 threads: 1.4-1.6×
        /// faster than bands of columns. Only for plain loops: unit step, no reductions or inductions (their per-chunk
        /// state follows the iterations), not collapsed.
        /// </summary>
        public static bool RowSplit(LoopSpec loop) => Wide(loop) && loop.Vector is { RowSplit: not null, Source: Vectorize.LaneSource.Index }
            && loop.UnitStep && loop.Collapse is null && loop.Reductions.Count == 0 && loop.ArrayReductions.Count == 0 && loop.Inductions.Count == 0;

        /// <summary>The loop's report lines, in order.</summary>
        public static List<ReportLine> Lines(LoopSpec loop, int chunkSize, int minParallelTrips, bool deterministic, string cancellation, string progress)
        {
            var lines = new List<ReportLine>();
            void Add(string text, params string[] details) => lines.Add(new ReportLine(text, details));

            Add(chunkSize > 0
                ? $"parallel: chunks of {chunkSize} iterations ([ParallelKernel(ChunkSize)]) on the KernelGen worker pool"
                : $"parallel: chunks on the KernelGen worker pool (cost model: ~{loop.CostPerIteration} op(s)/iteration{(loop.HasInnerLoops ? " with inner loops" : "")}, at least {loop.MinChunk} iterations a chunk)",
                    // Details (the file header only): why the chunks are smaller than usual (not with the user's chunk size,
                    // nor with Deterministic, whose chunks must not depend on anything but the trip count).
                    chunkSize > 0 || deterministic ? System.Array.Empty<string>()
                    : loop.UnevenWork.Length > 0 ? new[] { $"uneven iterations: {loop.UnevenWork}: 16 chunks a thread, not 4" }
                    : RowSplit(loop) ? new[] { "rows split (loop interchange): a chunk's share of the iterations is its band of the rows, run across every column, so each thread reads whole rows in memory order" }
                    : Wide(loop) ? new[] { "rows outer (loop interchange): one chunk a thread, not 4, so that each reads the longest piece of every row it can" }
                    : System.Array.Empty<string>());
            if (minParallelTrips > 0) Add($"serial below {minParallelTrips} iterations ([ParallelKernel(MinParallelTripCount)])");
            Add($"index: {loop.IndexName} ({(loop.UnitStep ? "unit step: plain ascending loop per chunk" : "any step: normalized trip count")})");
            Add($"reads {(loop.Reads.Count == 0 ? "no arrays" : string.Join(", ", loop.Reads))}; writes {(loop.Writes.Count == 0 ? "no arrays" : string.Join(", ", loop.Writes))}");
            var shared = loop.Captures.Where(c => !loop.Inductions.Any(k => k.Name == c.Name) && !loop.Reductions.Any(r => r.IndexOnly && r.IndexName == c.Name)).ToList(); // an induction variable's value before the loop is passed too, named below
            Add($"shared read-only: {(shared.Count == 0 ? "none" : string.Join(", ", shared.Select(c => c.Name == KernelSpec.ThisCapture ? "this (its members)" : c.Name)))}");
            Add(Vector(loop));
            Add(Reductions(loop));
            foreach (InductionSpec induction in loop.Inductions)
                Add($"induction: {induction.Name} advances {induction.StepText} per iteration ({induction.Advances}): each iteration starts at {induction.Name}₀ + {Times(induction.StepText)}t, and the loop leaves {induction.Name}₀ + {Times(induction.StepText)}count");
            if (loop.ArrayReductions.Count > 0)
            {
                var details = new List<string>
                {
                    "cost model at run time (KernelRuntime.PlanArrayReduction): private copies per chunk, merged in chunk order, when",
                    $"chunks × array length ≤ iterations × {loop.CostPerIteration} (the work per iteration; else one copy per thread, if that fits); "
                        + (loop.AtomicBody.Length > 0 ? "else Interlocked updates of the shared array; " : "") + "else the serial loop",
                };
                if (loop.ArrayReductions.Any(r => r.ElementType is "float" or "double"))
                    details.Add(deterministic
                        ? "floating point: merged as a[e] = ((a[e] + copy0[e]) + copy1[e]) + …; chunks fixed by [ParallelKernel(Deterministic = true)]: the same bits for any thread count"
                        : "floating point: merged as a[e] = ((a[e] + copy0[e]) + copy1[e]) + …; the chunks depend on the thread count, so the last bits may too (Deterministic = true fixes them)");
                Add(ArrayReductions(loop), details.ToArray());
            }
            if (loop.Spans.Count > 0)
                Add($"spans pinned, passed as pointer + length: {string.Join(", ", loop.Spans.Select(sp => sp.Name))} (each chunk rebuilds the span, with the same bounds checks)");
            string whole = loop.WhyWholeOnEachRank(progress, deterministic);
            Add(whole.Length > 0 ? $"MPI ranks (KernelGen.Mpi): runs whole on every rank ({whole})"
                : "MPI ranks (KernelGen.Mpi): one block of chunks per rank, then every rank gets "
                  + string.Join(" and ", new[] { loop.Shares.Count == 0 ? "" : "the rows of " + string.Join(", ", loop.Shares.Select(s => s.Array)) + " the other blocks wrote",
                      loop.Reductions.Count == 0 ? "" : "the other blocks' partials (combined in chunk order)",
                      loop.ArrayReductions.Count == 0 ? "" : "the other ranks' merges of " + string.Join(", ", loop.ArrayReductions.Select(r => r.Name)) + " (applied in rank order)" }
                  .Where(t => t.Length > 0).DefaultIfEmpty("nothing (the loop writes no arrays)")));
            if (deterministic) Add("deterministic: chunk boundaries do not depend on the degree of parallelism ([ParallelKernel(Deterministic = true)])");
            if (cancellation.Length > 0) Add($"cancellation: {cancellation} is checked before the loop and before each chunk (OperationCanceledException)");
            if (progress.Length > 0) Add($"progress: {progress} is told the completed iterations after each chunk");
            if (loop.Captures.Any(c => c.Type.EndsWith("]", System.StringComparison.Ordinal)))
                Add("note: runs serially when an array it uses is null (it then throws like the serial loop)");
            foreach (string note in loop.Notes) Add("note: " + note);
            foreach (string pair in loop.AliasChecks)
                Add(loop.Spans.Any(sp => pair.Split('|').Contains(sp.Name))
                    ? $"note: runs serially when {pair.Replace("|", " and ")} overlap"
                    : $"note: runs serially when {pair.Replace("|", " and ")} are the same array");
            foreach (ViewCheckSpec view in loop.ViewChecks)
                Add(view.Rows
                    ? $"note: runs serially when {view.View} is (or overlaps) a row of {view.Holder} (checked at the launch, KernelRuntime.RowsOverlap)"
                    : $"note: runs serially when {view.View} overlaps the elements of {view.Holder}");
            foreach (RunTimeCheckSpec check in loop.RunTimeChecks)
                Add($"note: runs in parallel where {check.Text} (checked at the launch: the proof that iterations touch different elements needs it); else serially");
            if (loop.RowChecks is { } rows)
                Add($"note: writes through the elements of {string.Join(", ", rows.Written)}: runs serially when two of them hold the same object"
                    + (rows.Read.Count + rows.Flats.Count > 0 ? $", or one is also reached through {string.Join(", ", rows.Read.Concat(rows.Flats))}" : "")
                    + " (checked at the launch, KernelRuntime.RowsDistinct)");
            return lines;
        }

        /// <summary>KG3001's message: the loop and its report lines on one line.</summary>
        /// <summary>"2·", "incX·", "(-incX)·": a step written before a factor.</summary>
        private static string Times(string step) => (step.Length > 1 && step[0] == '-' && !char.IsDigit(step[1]) ? $"({step})" : step) + "·";

        public static string Message(LoopSpec loop, int chunkSize, int minParallelTrips, bool deterministic, string cancellation, string progress) =>
            $"PRange loop parallelized: {loop.Header}; "
            + string.Join("; ", Lines(loop, chunkSize, minParallelTrips, deterministic, cancellation, progress).Select(l => l.Text));

        public static string Vector(LoopSpec loop) =>
            loop.Vector is null ? "vector: none (scalar body)"
            : loop.Vector.Reason.Length > 0 ? "vector: scalar body (" + loop.Vector.Reason + ")"
            : "vector: " + loop.Vector.Summary + string.Concat(loop.Vector.Others.Select(o => "; also " + o.Summary));

        public static string Reductions(LoopSpec loop) =>
            loop.Reductions.Count == 0 ? "reductions: none"
            : "reductions: " + string.Join(", ", loop.Reductions.Select(r => r.Describe()))
              + (loop.Reductions.All(r => r.IndexOnly) ? " (each chunk from the index before the loop, the chunks' picks combined in chunk order)"
                  : " (per-chunk partials from the identity, combined in chunk order)");

        public static string ArrayReductions(LoopSpec loop) =>
            loop.ArrayReductions.Count == 0 ? "array reductions: none"
            : "array reductions: " + string.Join(", ", loop.ArrayReductions.Select(r => $"{r.Name}[…] ({r.ElementType} {r.Family}: {r.Operators})"))
              + " (private copies per chunk merged in chunk order, " + (loop.AtomicBody.Length > 0 ? "Interlocked updates, " : "") + "or the serial loop: the run-time cost model picks from array length vs trip count; never a race)";
    }
}
