using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// Streaming (non-temporal) stores for large write-only outputs. A store to a line not in the cache first reads the
    /// line (write-allocate), so an output larger than the last-level cache costs its bytes twice on the memory bus and
    /// evicts the inputs; a non-temporal store writes the line without reading it. Measured on a 10^7-element float add
    /// (AMD EPYC, AVX2, in-process A/B): 1.10-1.20× faster on 1 and 2 threads; at 10^6 elements (12 MB, in the cache)
    /// 0.55-0.78×: slower, hence the run-time test of the output's size (<c>KernelRuntime.StreamingStoresAbove</c>).
    /// <para>
    /// Non-temporal vector stores must be aligned, and an array's elements are not: the step that starts the streaming
    /// loop runs with ordinary stores, and the loop then resumes at the first aligned element, which repeats part of that
    /// step. Repeating is exact only when the step computes the same values again: so only steps whose stored arrays
    /// are not read anywhere in the step (the alias guards already make them distinct from every array read), with
    /// plain stores at the step's top level, no accumulators, tiles, masks, lane-by-lane work or branches; and only
    /// steps over PRange iterations, whose chunks are long runs of contiguous elements (Planner says why).
    /// </para>
    /// </summary>
    internal static class StreamingStores
    {
        /// <summary>The stored arrays' holders when <paramref name="body"/> may stream its stores, else empty.</summary>
        public static IReadOnlyList<VArray> Eligible(IReadOnlyList<VStmt> body, IEnumerable<VArray> arrays, IEnumerable<VRowRef> rows)
        {
            var written = arrays.Where(a => a.Written).ToList();
            if (written.Count == 0 || !body.Any(s => s is VStore) || !body.All(s => Top(s))) return new List<VArray>();
            // (A pointer has no length to size the output by.)
            if (written.Any(a => a.Kind == ArrayRefKind.Pointer)) return new List<VArray>();
            // Each width gets two more copies of the step: a step with calls (FastMath's vector Exp/Log, inlined) or
            // many operations crowded the JIT's inlining budget (FastMath Black-Scholes ran 3.7-4x slower, streaming or
            // not), and such steps are not limited by memory anyway.
            if (body.SelectMany(Texts).Count() > MaxTexts) return new List<VArray>();
            // Every name that reaches a stored array: its source and holder names, its data reference, its row references.
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (VArray a in written)
            {
                names.Add(a.Source); names.Add(a.Holder); names.Add(a.Ref);
                foreach (VRowRef r in rows.Where(r => r.Ref == a.Ref)) names.Add(r.Name);
            }
            names.Add(Unknown);
            var mentions = new Regex(@"(?<![\w.@])(?:" + string.Join("|", names.OrderByDescending(n => n.Length).Select(Regex.Escape)) + @")(?!\w)");
            // Stores name their array only as the place they write; every other text of the step must not name it.
            foreach (string text in body.SelectMany(Texts))
                if (mentions.IsMatch(text)) return new List<VArray>();
            return written;
        }

        private static bool Top(VStmt s) => s switch
        {
            VStore st => st.Mask is null && st.Narrow is null && st.Rest.Count == 0 && !st.NarrowLongToInt && !st.NarrowToFloat,
            VScalar x => x.Declares is not null,
            VDeclare or VDeclareZero or VAssign { Mask: null } => true,
            VFor f => f.Body.All(Inner),
            VBlock b => b.Body.All(Inner),
            _ => false,
        };

        // Inside loops: computation only (a store there would be repeated per iteration of that loop).
        private static bool Inner(VStmt s) => s switch
        {
            VScalar x => x.Declares is not null,
            VDeclare or VDeclareZero or VAssign { Mask: null } => true,
            VFor f => f.Body.All(Inner),
            VBlock b => b.Body.All(Inner),
            _ => false,
        };

        /// <summary>The C# texts of a statement other than a store's destination (its value's texts are included).</summary>
        private static IEnumerable<string> Texts(VStmt s) => s switch
        {
            VStore st => Texts(st.Value),
            VScalar x => new[] { x.Code },
            VDeclare d => Texts(d.Value),
            VAssign a => Texts(a.Value),
            VFor f => new[] { f.Start, f.Limit }.Concat(f.Body.SelectMany(Texts)),
            VBlock b => b.Body.SelectMany(Texts),
            _ => System.Array.Empty<string>(),
        };

        private static IEnumerable<string> Texts(VExpr e) => e switch
        {
            VBroadcast b => new[] { b.Scalar },
            VIndices i => new[] { i.First },
            VLoad l => new[] { l.Ref, l.Index },
            VTileLoad t => new[] { t.Ref, t.Index },
            VShift sh => Texts(sh.Operand).Append(sh.Count),
            VBinary b => Texts(b.Left).Concat(Texts(b.Right)),
            VNegate n => Texts(n.Operand),
            VNot n => Texts(n.Operand),
            VCompare c => Texts(c.Left).Concat(Texts(c.Right)),
            VSelect s => Texts(s.Mask).Concat(Texts(s.WhenTrue)).Concat(Texts(s.WhenFalse)),
            VConvert c => Texts(c.Operand),
            VCall => new[] { Unknown }, // (not for steps with calls: see Eligible)
            VLocal => System.Array.Empty<string>(),
            _ => new[] { Unknown }, // an expression this list does not know: as if it named a stored array
        };

        private const string Unknown = "__kg_unknown_expression";

        /// <summary>At most this many texts (loads, scalars, declarations) in a streamed step: memory-bound steps are short.</summary>
        private const int MaxTexts = 24;
    }
}
