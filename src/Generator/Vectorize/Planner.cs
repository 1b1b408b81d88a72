using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Analysis;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>What the planner needs to know about a loop besides its IR.</summary>
    /// <param name="Reductions">The loop's scalar reductions (name, type, family).</param>
    /// <param name="ArrayReduction">The one array reduction of a histogram loop, or null.</param>
    /// <param name="CheckedArithmetic">The project checks overflow: vector arithmetic would not throw where the scalar code does.</param>
    internal sealed record PlanInput(
        LoopIr Loop,
        EquatableArray<ReductionSpec> Reductions,
        ArrayReductionSpec? ArrayReduction,
        bool CheckedArithmetic,
        bool Is64)
    {
        /// <summary>[ParallelKernel(FastMath = true)]: floating-point sums in locals of the body may be reassociated.</summary>
        public bool FastMath { get; init; }

        /// <summary>The loop's step is not 1: its iteration numbers (<c>__kg_k</c>) are the lanes (see Planner.Normalized).</summary>
        public bool StepNormalized { get; init; }

        /// <summary>The body's c channel statements rolled into one loop over k = c·i + j (<see cref="RolledChannels"/>); 0: not rolled.</summary>
        public int Rolled { get; init; }

        /// <summary>
        /// Conditions (C#) the race analysis's proof needs, checked at the launch: where one fails the chunks run
        /// serially, in order, and so must not run iterations on lanes either (every plan's guard holds them too).
        /// </summary>
        public EquatableArray<string> RunTimeChecks { get; init; }

        /// <summary>
        /// The body reads or writes a pointer's element where the serial loop may not: in an if's or a while's body, a
        /// '?:' arm, the right side of &amp;&amp; or ||, or anywhere in a body with a jump or code KernelGen does not
        /// translate. A vector step evaluates those for every lane, so it would touch elements the loop may not touch,
        /// and a pointer has no bounds to check them against: pointers then stay off the lanes. Elements read where every
        /// iteration reads them (a condition's own operands: a threshold's <c>row[x] &gt; t ? (byte)255 : (byte)0</c>, a
        /// clamp of a value already read) do not count.
        /// </summary>
        public bool ConditionalPointers => _conditionalPointers ??= PointerElements(Loop.Body) && PointerUnderCondition(Loop.Body);

        private bool? _conditionalPointers;

        internal static IEnumerable<Expr> Expressions(Stmt s) => s switch
        {
            Declare { Init: { } init } => new[] { init },
            Assign a => new[] { a.Target, a.Value },
            Update u => new[] { u.Target, u.Value },
            If i => new[] { i.Condition }.Concat(Expressions(i.Then)).Concat(i.Else is null ? Enumerable.Empty<Expr>() : Expressions(i.Else)),
            For f => new[] { f.Start, f.Limit }.Concat(Expressions(f.Body)),
            While w => new[] { w.Condition }.Concat(Expressions(w.Body)),
            Block b => b.Statements.SelectMany(Expressions),
            Evaluate e => new[] { e.Expression },
            _ => Enumerable.Empty<Expr>(),
        };

        internal static IEnumerable<Stmt> Statements(Stmt s) => new[] { s }.Concat(s switch
        {
            If i => Statements(i.Then).Concat(i.Else is null ? Enumerable.Empty<Stmt>() : Statements(i.Else)),
            For f => Statements(f.Body),
            While w => Statements(w.Body),
            Block b => b.Statements.SelectMany(Statements),
            _ => Enumerable.Empty<Stmt>(),
        });

        private static bool PointerElements(Block body) =>
            Expressions(body).SelectMany(e => Planner.Translator.Nodes(e)).Any(n => n is Element { Array: Read { Variable.Type: PointerType } });

        private static bool PointerUnderCondition(Block body)
        {
            // (After a jump, which statements run is not tracked here: any pointer element counts.)
            if (Statements(body).Any(s => s is Jump or OpaqueStmt)) return true;
            bool found = false;
            void Visit(Expr e, bool conditional)
            {
                switch (e)
                {
                    case Element { Array: Read { Variable.Type: PointerType } } when conditional:
                    case Call call when call.Arguments.Any(a => a.Type is PointerType):
                        found = true;
                        return;
                    case Select select:
                        Visit(select.Condition, conditional);
                        Visit(select.WhenTrue, true);
                        Visit(select.WhenFalse, true);
                        return;
                    case Logical logical:
                        Visit(logical.Left, conditional);
                        Visit(logical.Right, true);
                        return;
                }
                foreach (Expr child in Planner.Translator.Children(e)) Visit(child, conditional);
            }
            void Walk(Stmt statement, bool conditional)
            {
                switch (statement)
                {
                    case If branch:
                        Visit(branch.Condition, conditional);
                        Walk(branch.Then, true);
                        if (branch.Else is not null) Walk(branch.Else, true);
                        return;
                    case While loop:
                        Visit(loop.Condition, true); // (later tests run on lane masks, for lanes that have stopped too)
                        Walk(loop.Body, true);
                        return;
                    case For loop:
                        // (An inner loop's bounds are the same for every lane: the step runs the iterations its lanes run.)
                        Visit(loop.Start, conditional);
                        Visit(loop.Limit, conditional);
                        Walk(loop.Body, conditional);
                        return;
                    case Block block:
                        foreach (Stmt inner in block.Statements) Walk(inner, conditional);
                        return;
                    default:
                        foreach (Expr e in Expressions(statement)) Visit(e, conditional);
                        return;
                }
            }
            Walk(body, false);
            return found;
        }
    }

    /// <summary>
    /// The vectorizer (legality and plan; <see cref="Emit.VectorEmitter"/> writes the code). Lane candidates, in order:
    /// the PRange index itself (consecutive iterations of a chunk on the lanes; unit step), then each counted loop
    /// inside the body, outermost first (consecutive values of its counter on the lanes, for each PRange iteration).
    /// Every lane computes exactly what the scalar code computes for its iteration, with the same operations in the
    /// same order, so the result is bitwise the serial one (float reductions: lane partials, within rounding):
    /// <list type="bullet">
    /// <item>Subscripts are polynomials in the lane variable x, counters of loops inside the step and invariant ints,
    /// with x at coefficient 1 (consecutive elements: one vector load or store) or 0 (one element for every lane: an
    /// ordinary, bounds-checked scalar read, broadcast). Rectangular arrays: every index but the last is the same for
    /// all lanes. The guard checks every subscript at the extreme values of x and the counters (the polynomials are
    /// multilinear in them) and that no stored array aliases another.</item>
    /// <item>What does not depend on x is computed once per step (its IR printed as C#) and broadcast.</item>
    /// <item>Counted loops inside the step run in order (each lane sees the serial order); while loops run on active-lane
    /// masks; if/else on lane masks (a branch runs when some lane takes it and updates only those lanes); both sides of
    /// <c>&amp;&amp;</c>, <c>||</c>, <c>?:</c> run for every lane, so they must not throw where the scalar code skips them.</item>
    /// <item>Ints in a loop that also computes doubles or longs live in long lanes (wrapped to 32 bits after each
    /// operation); float and double together are not vectorized (different lane counts).</item>
    /// <item>Reductions of the PRange loop (sums, counts, int/long min and max) run on vector accumulators.</item>
    /// <item>Stores happen at the step's top level (or in its branches), at one subscript per array; stored arrays are
    /// not read at another subscript.</item>
    /// </list>
    /// </summary>
    internal static class Planner
    {
        public static VectorPlan Plan(PlanInput input)
        {
            try
            {
                input = Canonical.Of(input);
                VectorPlan plan = PlanUnchecked(input);
                if (plan is { Vectorized: true, Source: LaneSource.Inner }) return WithOthers(input, plan);
                return plan is { Vectorized: true, LaneByLane: 0 } ? plan : Unswitched(input, plan) ?? plan;
            }
            catch (System.Exception e) when (e is not System.OperationCanceledException)
            {
                return VectorPlan.Scalar("internal: " + e.GetType().Name);
            }
        }

        /// <summary>
        /// The loop unswitched (<see cref="VUnswitch"/>) on its body's first top-level if whose condition reads only shared
        /// values and cannot throw, where a side then has a plain vector loop (per PRange iteration, nothing lane by lane,
        /// nothing the chunk sets up around the loop) and the other side one too or none (one too where the whole body
        /// has a plan, with lane-by-lane work); null otherwise. (Per iteration the branch would store to different
        /// elements, lane by lane; on one side alone the stores are whole vectors.)
        /// </summary>
        private static VectorPlan? Unswitched(PlanInput input, VectorPlan whole)
        {
            if (input.ArrayReduction is not null || input.Reductions.Count > 0 || input.Rolled > 0) return null;
            var statements = input.Loop.Body.Statements;
            int at = -1;
            for (int k = 0; k < statements.Count && at < 0; k++)
                if (statements[k] is If branch && Uniform(branch.Condition)) at = k;
            if (at < 0 || Printer.Expression(((If)statements[at]).Condition) is not { } condition) return null;
            If split = (If)statements[at];
            VectorPlan Side(Block? chosen)
            {
                var body = statements.Take(at).Concat(chosen?.Statements ?? EquatableArray<Stmt>.Empty).Concat(statements.Skip(at + 1));
                VectorPlan plan = PlanUnchecked(input with { Loop = input.Loop with { Body = new Block(body.ToEquatableArray()) } });
                return plan is { Vectorized: true, Source: LaneSource.Index, LaneByLane: 0, Unswitch: null, Interchange: null, RowSplit: null, Jam: 1,
                    HoistStart: < 0, Rolled: <= 1 } && plan.Accumulators.Count == 0 && plan.Tiles.Count == 0 && plan.Streamed.Count == 0
                    ? plan : VectorPlan.Scalar(plan.Reason.Length > 0 ? plan.Reason : "not a plain vector loop");
            }
            VectorPlan then = Side(split.Then), otherwise = Side(split.Else);
            // (A side without a vector loop would lose the lanes a plan of the whole body with lane-by-lane work has.)
            if (!then.Vectorized && !otherwise.Vectorized || whole.Vectorized && !(then.Vectorized && otherwise.Vectorized)) return null;
            VectorPlan shown = then.Vectorized ? then : otherwise;
            string Text(VectorPlan side) => side.Vectorized ? side.Summary : "scalar (" + side.Reason + ")";
            return shown with
            {
                Unswitch = new VUnswitch(condition, then, otherwise),
                ParallelChecks = then.ParallelChecks.Concat(otherwise.ParallelChecks).Distinct().ToEquatableArray(),
                Summary = $"unswitched on `{condition}` (the same for every iteration): when true, {Text(then)}; when false, {Text(otherwise)}",
            };

            // Reads of shared values, constants and operators on them that cannot throw.
            static bool Uniform(Expr e) => e switch
            {
                Const => true,
                Read { Variable.Kind: VarKind.Shared, Variable.Type: ScalarType } => true,
                Unary { Checked: false } u => Uniform(u.Operand),
                Binary { Checked: false } b => !(b.Op is BinaryOp.Divide or BinaryOp.Remainder && b.Type is ScalarType { IsFloatingPoint: false })
                    && Uniform(b.Left) && Uniform(b.Right),
                Compare c => Uniform(c.Left) && Uniform(c.Right),
                Logical l => Uniform(l.Left) && Uniform(l.Right),
                Convert { Checked: false } c => Uniform(c.Operand),
                Select s => Uniform(s.Condition) && Uniform(s.WhenTrue) && Uniform(s.WhenFalse),
                _ => false,
            };
        }

        /// <summary>
        /// An inner plan with the body's other counted loops that run on whole vectors on their own (nothing lane by
        /// lane): softmax's max, exp-sum and scale loops over one row each get a vector loop. Each plan stands alone: it
        /// is spliced in front of its own loop, checks its own guards when it is reached and leaves its loop to finish
        /// what it did not run, so the loops run in their order with the values the ones before them left, as written.
        /// Not beside a plan that jams PRange iterations (a pass runs the rows' remainders as text of their own); the others
        /// neither jam nor hoist their guards (their own guards, checked at each run, are the whole proof).
        /// </summary>
        private static VectorPlan WithOthers(PlanInput input, VectorPlan first)
        {
            if (first.Jam > 1) return first;
            var loops = Loops(input.Loop.Body).ToList();
            if (loops.FirstOrDefault(l => l.SpanStart == first.InnerLoopStart) is not { } taken) return first;
            var busy = new List<For> { taken };
            var others = new List<VectorPlan>();
            foreach (For candidate in loops)
            {
                if (candidate.SpanStart < 0 || busy.Any(b => Nested(b, candidate) || Nested(candidate, b))) continue;
                VectorPlan? plan = RolledChannels.RolledInner(input, candidate) is { } rolled && Translate(rolled.Input, rolled.Lane, out _) is { LaneByLane: 0 } flat
                    ? flat : Translate(input, candidate, out _);
                if (plan is not { LaneByLane: 0 }) continue;
                others.Add(plan with
                {
                    Jam = 1, JamIndex = "", JamGuards = EquatableArray<VGuard>.Empty, JamSetup = EquatableArray<VStmt>.Empty, JamForward = EquatableArray<VForward>.Empty,
                    HoistStart = -1, HoistedGuards = EquatableArray<VGuard>.Empty,
                });
                busy.Add(candidate);
            }
            if (others.Count == 0) return first;
            // (Source order, as the report lists them.)
            others.Sort((a, b) => a.InnerLoopStart.CompareTo(b.InnerLoopStart));
            return first with
            {
                Others = others.ToEquatableArray(),
                ParallelChecks = first.ParallelChecks.Concat(others.SelectMany(o => o.ParallelChecks)).Distinct().ToEquatableArray(),
            };

            // The same loop, or one inside it.
            static bool Nested(For outer, For inner) => ReferenceEquals(outer, inner) || Loops(outer.Body).Any(l => ReferenceEquals(l, inner));
        }

        private static VectorPlan PlanUnchecked(PlanInput input)
        {
            if (input.CheckedArithmetic) return VectorPlan.Scalar("the project checks arithmetic overflow");
            string? reason = null;
            // The first candidate that vectorizes without lane-by-lane operations wins; else the first that vectorizes
            // (an inner loop on whole vectors beats PRange iterations on lanes that gather their rows one by one).
            VectorPlan? fallback = null;
            if (input.ArrayReduction is not null)
            {
                // A histogram alone in the body: its subscripts on lanes. Else an inner loop of each iteration may still
                // run on lanes over the chunk's copy of the array (y[i] += a[j, i] * x[j] along i).
                VectorPlan scatter = ScatterPlan(input);
                if (scatter.Vectorized) return scatter;
                reason = scatter.Reason;
            }
            else if (input.Loop.UnitStep)
            {
                // Channels that do the same thing rolled into one unit-stride loop: no de-interleaving at all.
                if (RolledChannels.Rolled(input) is { } rolled && Translate(rolled, null, out _) is { LaneByLane: 0 } flat) return flat;
                // (Rows tiled per step cost a copy of each element: an inner loop on whole vectors, where one is exact or
                // FastMath allows it, reads them in place and is not limited by the tile's size.)
                if (Translate(input, null, out string why) is { } plan)
                {
                    if (plan.LaneByLane == 0 && plan.Tiles.Count == 0) return plan;
                    fallback = plan;
                }
                else reason = why;
                // Clamped to the edge (src[Math.Max(i - 1, 0)]): each chunk's interior on whole vectors, its edges as written.
                if (PeeledIndex(input) is { } peeled) return peeled;
            }
            else if (Normalized(input) is { } normalized)
            {
                if (Translate(normalized, null, out string why) is { } plan)
                {
                    if (plan.LaneByLane == 0) return plan;
                    fallback = plan;
                }
                else reason = why;
            }
            else reason = "the range's step is not a constant";
            foreach (For candidate in Loops(input.Loop.Body))
            {
                // (An inner plan's loop is spliced into the kernel's text: a helper's loop copied into the body is not there.)
                if (candidate.SpanStart < 0) { reason += $"; inner loop '{candidate.Header}': its header cannot restart at a lane (a helper's loop, or counters declared before it)"; continue; }
                // A row's channels that do the same thing, rolled into one loop over the row's consecutive elements.
                if (RolledChannels.RolledInner(input, candidate) is { } rolledRow && Translate(rolledRow.Input, rolledRow.Lane, out _) is { LaneByLane: 0 } flatRow)
                    return flatRow;
                VectorPlan? plan = Translate(input, candidate, out string why);
                if (plan is { LaneByLane: 0 }) return plan;
                // Clamped to the edge: the interior on whole vectors, the edges as written.
                if (Peeled(input, candidate) is { } peeled) return peeled;
                if (plan is not null) fallback ??= plan;
                else reason += $"; inner loop at line {candidate.Line}: {why}";
            }
            return fallback ?? VectorPlan.Scalar(reason ?? "unsupported");
        }

        /// <summary>C# for an expression as the user's text reads it (a struct field's temporary as <c>t.X</c>), before a loop.</summary>
        private static string? AsWritten(Expr e) => Printer.Expression(Rewrite.Expression(e,
            n => n is Read { Variable: { Source: { } source } v } ? new Read(v with { Name = source, Source = null }) : null));

        /// <summary>
        /// The inner plan of <paramref name="loop"/> split at the interior where its clamps do nothing
        /// (<see cref="EdgePeeling"/>), where that plan has nothing lane by lane; else null. It neither jams PRange
        /// iterations (a jammed pass runs its rows' vector steps before their remainders, and the edge before the
        /// interior is such a remainder) nor hoists its guard (the interior is known only where the loop starts).
        /// </summary>
        private static VectorPlan? Peeled(PlanInput input, For loop)
        {
            if (input.Rolled > 0 || loop.SpanStart < 0
                || EdgePeeling.Split(input, loop, AsWritten) is not { } split
                || Translate(split.Input, split.Loop, out _) is not { LaneByLane: 0, Rolled: <= 1 } plan) return null;
            string start = split.Start.Replace("{first}", plan.First).Replace("{limit}", plan.Limit);
            string end = split.End.Replace("{first}", plan.First).Replace("{limit}", plan.Limit);
            return plan with
            {
                First = "__kg_edge",
                Limit = "__kg_edgeend",
                Peel = new VInnerPeel(start, end, plan.First, split.What),
                Summary = plan.Summary.Replace("; taken when", $"; edges split off: where {split.What} may clamp, the loop runs as written, and in between on vectors with each clamp its argument; taken when"),
                Jam = 1, JamIndex = "", JamGuards = EquatableArray<VGuard>.Empty, JamSetup = EquatableArray<VStmt>.Empty, JamForward = EquatableArray<VForward>.Empty,
                HoistStart = -1, HoistedGuards = EquatableArray<VGuard>.Empty,
            };
        }

        /// <summary>
        /// The index plan of the PRange loop split at the interior where its clamps of the index do nothing
        /// (<see cref="EdgePeeling.SplitIndex"/>): each chunk runs its iterations before the interior as written, then the
        /// vector steps up to the interior's end, then the rest. Only a plain plan: nothing lane by lane, no
        /// accumulators (their partials would fold in another order), nothing unswitched, interchanged, tiled or rolled.
        /// </summary>
        private static VectorPlan? PeeledIndex(PlanInput input)
        {
            if (input.Is64 || input.Rolled > 0 || input.ArrayReduction is not null || input.Reductions.Count > 0
                || EdgePeeling.SplitIndex(input, AsWritten) is not { } split
                || Translate(split.Input, null, out _) is not { LaneByLane: 0, Rolled: <= 1, Unswitch: null, Interchange: null, RowSplit: null } plan
                || plan.Accumulators.Count > 0 || plan.Tiles.Count > 0 || plan.First != "__kg_i" || plan.Limit != "__kg_last") return null;
            return plan with
            {
                Limit = "__kg_edgeend",
                Peel = new VInnerPeel(split.Start.Replace("{first}", "__kg_i").Replace("{limit}", "__kg_last"),
                    split.End.Replace("{first}", "__kg_i").Replace("{limit}", "__kg_last"), "__kg_i", split.What),
                Summary = plan.Summary.Replace("; taken per chunk when", $"; edges split off: where {split.What} may clamp, the chunk runs its iterations as written, and in between on vectors with each clamp its argument; taken per chunk when"),
            };
        }

        /// <summary>
        /// A loop with a constant step s other than 1 as a loop over its iteration numbers t (the chunk's <c>__kg_k</c>,
        /// consecutive on the lanes) whose body starts with <c>i = __kg_start + s·t</c>: the index becomes a strided local
        /// (subscripts 2·t + b take a pair of elements per lane). The same int arithmetic as the chunk's scalar loop
        /// (wrapping alike; i lies inside the range, so it does not wrap at all).
        /// </summary>
        private static PlanInput? Normalized(PlanInput input)
        {
            LoopIr loop = input.Loop;
            if (loop.Step is not Const { Value: int or long } step || System.Convert.ToInt64(step.Value) == 0) return null;
            if (loop.Index.Type is not ScalarType { Kind: ScalarKind.Int or ScalarKind.Long } type || step.Type != loop.Index.Type) return null;
            IrType counter = input.Is64 ? IrType.Long : IrType.Int;
            var t = new Var("__kg_t", counter, VarKind.Index, -1);
            var index = loop.Index with { Kind = VarKind.Private };
            Expr iteration = input.Is64 == (type.Kind == ScalarKind.Long) ? new Read(t) : new Convert(new Read(t), type, false);
            var start = new Var("__kg_start", type, VarKind.Shared, -2);
            var first = new Declare(index, new Binary(BinaryOp.Add, new Read(start), new Binary(BinaryOp.Multiply, step, iteration, type), type));
            // (Opaque nodes list the variables they use: the index there becomes the new one too. Opaque statements
            // are not vectorized at all.)
            if (HasOpaqueStatement(loop.Body)) return null;
            var body = (Block)Rewrite.Statement(loop.Body, e => e switch
            {
                Read r when r.Variable.Equals(loop.Index) => new Read(index),
                Opaque o => o with { Uses = o.Uses.Select(v => v.Equals(loop.Index) ? index : v).ToEquatableArray() },
                _ => null,
            });
            return input with
            {
                Loop = new LoopIr(t, new Const(input.Is64 ? 0L : (object)0, counter), new Opaque("__kg_end", EquatableArray<Var>.Empty, counter, "the chunk's end"),
                    new Const(input.Is64 ? 1L : (object)1, counter), true, new Block(new Stmt[] { first }.Concat(body.Statements).ToEquatableArray()),
                    loop.Shared.Append(start).ToEquatableArray()),
                StepNormalized = true,
            };
        }

        /// <summary>
        /// The plan with <paramref name="lane"/>'s iterations on lanes: 16-bit lanes first where the region reads or
        /// writes byte-sized elements (twice the lanes of ints, when every value whose size matters provably fits), else
        /// the ordinary lanes; <paramref name="reason"/> is the ordinary translation's failure.
        /// </summary>
        private static VectorPlan? Translate(PlanInput input, For? lane, out string reason)
        {
            if (HasByteElements(lane?.Body ?? input.Loop.Body) && new Translator(input, lane) { Lanes16 = true }.Run() is { } narrow)
            {
                reason = "";
                return narrow;
            }
            var translator = new Translator(input, lane);
            VectorPlan? plan = translator.Run();
            reason = translator.Reason ?? "unsupported";
            return plan;
        }

        private static bool HasByteElements(Stmt statement)
        {
            bool found = false;
            void Visit(Expr e) => found |= Translator.Nodes(e).Any(n => n is Element { Type: ScalarType { Kind: ScalarKind.Byte or ScalarKind.SByte } });
            void Walk(Stmt st)
            {
                switch (st)
                {
                    case Block block: foreach (Stmt inner in block.Statements) Walk(inner); break;
                    case Declare d: if (d.Init is not null) Visit(d.Init); break;
                    case Assign a: Visit(a.Target); Visit(a.Value); break;
                    case Update u: Visit(u.Target); Visit(u.Value); break;
                    case If f: Visit(f.Condition); Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                    case For loop: Walk(loop.Body); break;
                    case While w: Visit(w.Condition); Walk(w.Body); break;
                    case Evaluate ev: Visit(ev.Expression); break;
                }
            }
            Walk(statement);
            return found;
        }

        private static bool HasOpaqueStatement(Stmt statement) => statement switch
        {
            OpaqueStmt => true,
            Block b => b.Statements.Any(HasOpaqueStatement),
            If f => HasOpaqueStatement(f.Then) || f.Else is not null && HasOpaqueStatement(f.Else),
            For f => HasOpaqueStatement(f.Body),
            While w => HasOpaqueStatement(w.Body),
            _ => false,
        };

        /// <summary>Counted loops of a body, outermost first.</summary>
        private static IEnumerable<For> Loops(Stmt statement)
        {
            switch (statement)
            {
                case For loop:
                    yield return loop;
                    foreach (For inner in Loops(loop.Body)) yield return inner;
                    break;
                case Block block:
                    foreach (Stmt s in block.Statements)
                        foreach (For inner in Loops(s)) yield return inner;
                    break;
                case If branch:
                    foreach (For inner in Loops(branch.Then)) yield return inner;
                    if (branch.Else is not null) foreach (For inner in Loops(branch.Else)) yield return inner;
                    break;
                case While loop:
                    foreach (For inner in Loops(loop.Body)) yield return inner;
                    break;
            }
        }

        /// <summary>
        /// A histogram <c>h[s] op= v;</c> (or <c>h[s]++</c>) alone in the body: the subscripts of a vector of iterations
        /// on lanes, then the updates one lane at a time, in iteration order (no conflict-free vector scatter).
        /// </summary>
        private static VectorPlan ScatterPlan(PlanInput input)
        {
            LoopIr loop = input.Loop;
            if (!loop.UnitStep || input.Is64) return VectorPlan.Scalar("array reduction with a step other than 1");
            Stmt only = loop.Body;
            while (only is Block { Statements.Count: 1 } block) only = block.Statements[0];
            if (only is not Update { Target: Element { Array: Read array, Indices.Count: 1 } target } update
                || array.Variable.Name != input.ArrayReduction!.Name)
                return VectorPlan.Scalar("the body is more than one update of the array reduction");
            var translator = new Translator(input, null) { ScatterMode = true };
            return translator.RunScatter(update, target, array.Variable) ?? VectorPlan.Scalar(translator.Reason ?? "unsupported subscript");
        }

        /// <summary>A translated vector value and its scalar type ("int", "long", "float", "double", "bool").</summary>
        private readonly struct Value
        {
            public Value(VExpr code, string type) { Code = code; Type = type; }
            public VExpr Code { get; }
            public string Type { get; }
        }

        /// <summary>One array or row the step touches.</summary>
        /// <summary>
        /// m and s with <c>(x·m) &gt;&gt; s == x / d</c> for every int x in [0, <paramref name="max"/>] and x·m ≤ int.MaxValue
        /// (so an int lane holds the product), or null where none exists. Why it is exact: with m = ⌈2^s / d⌉ and
        /// e = m·d − 2^s (0 ≤ e &lt; d), x·m / 2^s = x / d + x·e / (d·2^s); writing x = q·d + r (0 ≤ r &lt; d), the floor is
        /// q + ⌊(r + x·e / 2^s) / d⌋, which is q for every r exactly when x·e &lt; 2^s — checked at the largest x.
        /// The smallest such s is taken (the smallest m). Granlund and Montgomery, "Division by invariant integers
        /// using multiplication" (PLDI 1994), section 4, is the general form.
        /// <paramref name="high16"/>: for 16-bit lanes, where the multiply keeps the high half of the 32-bit product of
        /// unsigned 16-bit values (vpmulhuw) and a shift by s − 16 follows: x up to 65,535, m up to 65,535, s ≥ 16.
        /// </summary>
        internal static (long M, int S)? MagicDivisor(long d, long max, bool high16 = false)
        {
            if (d < 2 || d > int.MaxValue || max < 0 || max > (high16 ? ushort.MaxValue : int.MaxValue)) return null;
            for (int s = high16 ? 16 : 0; s < (high16 ? 32 : 62); s++)
            {
                long m = ((1L << s) + d - 1) / d, e = m * d - (1L << s);
                if (high16 ? m > ushort.MaxValue : m > int.MaxValue / System.Math.Max(1, max)) return null; // m only grows with s
                if (max * e < 1L << s) return (m, s); // max < 2^31 and e < d < 2^31: no overflow
            }
            return null;
        }

        /// <summary>
        /// For an int x and a constant 2 ≤ d &lt; 2^31 that is not a power of two: m (2^31 &lt; m &lt; 2^32) and s with
        /// x / d (truncated, as C# divides) == ((⌊x·(m − 2^32) / 2^32⌋ + x) &gt;&gt; s) − (x &gt;&gt; 31) for every int x:
        /// Granlund and Montgomery, "Division by invariant integers using multiplication" (PLDI 1994), theorem 5.1 and
        /// figure 5.2 (N = 32, ℓ = ⌈log2 d⌉, m = 1 + ⌊2^(N+ℓ−1) / d⌋, s = ℓ − 1). Null for other d.
        /// </summary>
        internal static (long M, int S)? SignedMagic(long d)
        {
            if (d < 3 || d > int.MaxValue || (d & (d - 1)) == 0) return null;
            int l = 0;
            while ((1L << l) < d) l++;
            return (1 + (1L << (31 + l)) / d, l - 1);
        }

        private sealed class ArrayUse
        {
            public string Source = "", Holder = "", Ref = "", Elem = "";
            /// <summary>The array's own element type where the lanes hold its bits as <see cref="Elem"/> (uint in int lanes); "" else.</summary>
            public string Holds = "";
            /// <summary>The element type as C# declares the array.</summary>
            public string Declared => Holds.Length > 0 ? Holds : Elem;
            public ArrayRefKind Kind;
            public int Rank = 1;
            public bool Vector, Written;
            public string? StoreKey;
            /// <summary>A stored 1-D array's subscripts when they interleave (c·x + b + k, see <see cref="Translator.Interleaved"/>).</summary>
            public readonly List<Poly> Keys = new();
            /// <summary>A stored rectangular array's subscripts (per dimension) when they are planes apart (see <see cref="Translator.Interleaved"/>).</summary>
            public readonly List<Poly[]> Planes = new();
            /// <summary>Vector subscripts (per dimension) grouped by their non-constant part, with extreme constants.</summary>
            public readonly Dictionary<string, (Poly[] Bases, long[] Min, long[] Max)> Groups = new(System.StringComparer.Ordinal);
            /// <summary>The groups with a subscript that is not an int in some dimension (their guards stay in 128 bits).</summary>
            public readonly HashSet<string> WideGroups = new(System.StringComparer.Ordinal);
            /// <summary>For Multi arrays: the locals holding the dimension lengths after the first.</summary>
            public string[] Dims = System.Array.Empty<string>();
            /// <summary>
            /// A jagged row that an inner loop's counter picks (<c>sources[s]</c>, the same for every lane): read afresh
            /// where the step uses it (<see cref="Ref"/> is the expression), its rows checked once a chunk
            /// (<see cref="Translator.RowsCover"/>): the jagged array, the counter's first value and end.
            /// </summary>
            public (string Rows, string First, string End)? PerIteration;
        }

        internal sealed class Translator
        {
            private const string I128 = "(global::System.Int128)";

            private readonly PlanInput _input;
            private readonly LoopIr _loop;
            /// <summary>The loop whose counter is x, or null when x is the PRange index.</summary>
            private readonly For? _lane;
            private Block _region;
            private Var _x = null!;
            private bool _wide, _intsInLongLanes, _floatsInDouble, _usesWhile, _usesInnerLoops, _usesBranches, _usesInlining, _usesStrides;
            /// <summary>The lane loop's range before rolling (rolled channels: the emitter's c·first … c·limit).</summary>
            private (string First, string Limit) _rolledRange;
            /// <summary>The widest group of elements a lane stores together (2: pairs; 0: none).</summary>
            private int _groupStride;
            private readonly HashSet<Var> _assigned = new();
            /// <summary>Rows of rectangular arrays fixed for the whole run of the vector loop, by array ref and offset.</summary>
            private readonly Dictionary<string, VRowRef> _rowRefs = new(System.StringComparer.Ordinal);
            private readonly HashSet<string> _stored = new(System.StringComparer.Ordinal);
            private readonly HashSet<Var> _declaredInRegion = new();
            private readonly Dictionary<Var, Poly> _shadows = new();
            /// <summary>Locals assigned once with a value every lane computes alike: scalars (see <see cref="Declare"/>).</summary>
            private readonly HashSet<Var> _uniformLocals = new();
            /// <summary>Locals of the body assigned only where declared: their values (see <see cref="Defined"/>).</summary>
            private readonly Dictionary<Var, Expr> _definitions = new();
            private readonly Dictionary<Var, (string Type, int Level)> _vectors = new();
            private readonly Dictionary<Var, Value> _bindings = new();
            private readonly Dictionary<string, (string Lo, string Hi)> _counters = new(System.StringComparer.Ordinal);
            private readonly HashSet<Var> _counterVars = new();
            /// <summary>The counted loops directly in the step (not nested in another), for <see cref="Interchange"/>.</summary>
            private readonly List<For> _stepLoops = new();
            /// <summary>A vector access whose row (or flat subscript's multiple of a length) moves with an inner loop's counter.</summary>
            private bool _walksRows;
            private readonly Dictionary<string, ArrayUse> _arrays = new(System.StringComparer.Ordinal);
            private readonly Dictionary<string, ReductionSpec> _reductions;
            private readonly List<VAccumulator> _accumulators = new();
            private readonly List<string> _nullChecks = new();
            private readonly HashSet<Var> _bounded = new();
            private int _depth, _level, _masks, _temps, _risky, _rows;
            private string? _mask;

            public bool ScatterMode { get; init; }

            public Translator(PlanInput input, For? lane)
            {
                _input = input; _loop = input.Loop; _lane = lane;
                _region = lane?.Body ?? input.Loop.Body;
                _reductions = input.Reductions.ToDictionary(r => r.Name);
            }

            public string? Reason { get; private set; }

            private bool Fail(string reason) { Reason ??= reason; return false; }

            private string Lane => Lanes16 ? "short" : _wide ? "long" : "int";

            /// <summary>
            /// Ints in 16-bit lanes: each lane holds the low 16 bits of the int the scalar code computes. +, -, *, &lt;&lt;,
            /// &amp;, |, ^ keep those bits exact whatever the int; right shifts, comparisons and min/max need the whole
            /// value, so they are allowed only where <see cref="RangeOf"/> proves it fits 16 bits (signed or unsigned).
            /// Only byte-, sbyte-, short- and ushort-element arrays, no floating point, no reductions.
            /// </summary>
            public bool Lanes16 { get; init; }

            /// <remarks>
            /// A uint lives in int lanes as its bits (only where the lanes are ints): +, −, *, &amp;, |, ^, &lt;&lt; and
            /// the conversions to and from int give the same bits either way; &gt;&gt; shifts logically; comparisons,
            /// division and conversions to wider or floating types are refused (a conversion to float only where the
            /// value provably lies in 0 … int.MaxValue, where it is the int conversion).
            /// </remarks>
            private string? Elem(string type) => type switch { "double" => "double", "float" => _floatsInDouble ? "double" : "float", "long" => "long", "int" or "bool" or "uint" => Lane, "ulong" when _wide && !Lanes16 => "long", _ => null };

            private static string? TypeName(IrType type) => type is ScalarType s ? s.Kind switch
            {
                ScalarKind.Double => "double",
                ScalarKind.Float => "float",
                ScalarKind.Long => "long",
                ScalarKind.Int => "int",
                ScalarKind.UInt => "uint",
                ScalarKind.ULong => "ulong",
                ScalarKind.Bool => "bool",
                _ => null,
            } : null;

            /// <summary>An element type as stored: one name for the types an array cast lets one array be (byte and sbyte …).</summary>
            private static string Stored(string elem) => elem switch { "sbyte" or "bool" => "byte", "ushort" => "short", _ => elem };

            /// <summary>Element types C# computes with as ints: loaded widened into int lanes, stored narrowed.</summary>
            private static bool NarrowElem(string elem) => elem is "byte" or "sbyte" or "short" or "ushort";

            private static string? NarrowName(IrType type) => type is ScalarType s ? s.Kind switch
            {
                ScalarKind.Byte => "byte",
                ScalarKind.SByte => "sbyte",
                ScalarKind.Short => "short",
                ScalarKind.UShort => "ushort",
                ScalarKind.Char => "ushort", // (a char is a ushort's bits: its array read through Holds = "char")
                _ => null,
            } : null;

            // ---- the plan --------------------------------------------------------------------------------------

            public VectorPlan? Run()
            {
                string first, limit;
                if (_lane is null)
                {
                    _x = _loop.Index;
                    if (TypeName(_x.Type) is not ("int" or "long")) { Fail("the PRange index is not an int or long"); return null; }
                    // A loop with another step counts its iterations in a long __kg_k (an int when the range is 32-bit).
                    first = !_input.StepNormalized ? "__kg_i" : _input.Is64 ? "__kg_k" : "(int)__kg_k";
                    limit = !_input.StepNormalized ? "__kg_last" : _input.Is64 ? "__kg_end" : "(int)__kg_end";
                }
                else
                {
                    _x = _lane.Counter;
                    if (TypeName(_x.Type) != "int") { Fail("its counter is not an int"); return null; }
                    if (!Bound(_lane.Start) || !Bound(_lane.Limit)) { Fail("its bounds are not invariant in the loop"); return null; }
                    first = Print(_lane.Start)!;
                    limit = Print(_lane.Limit)!;
                    if (_lane.Inclusive)
                    {
                        // 'c <= L' runs to L + 1. At L = int.MaxValue that wraps (the loop as written never ends: c wraps and
                        // a subscript throws): the vector loop's count is then negative, and only the loop itself runs.
                        if (TypeName(_lane.Limit.Type) != "int") { Fail("its inclusive bound is not an int"); return null; }
                        limit = $"unchecked(({limit}) + 1)";
                    }
                }
                // Rolled channels: the vector loop runs k over c times whole iterations of that range (VectorEmitter.WriteRolledRange).
                _rolledRange = (first, limit);
                if (_input.Rolled > 1) (first, limit) = ("__kg_rfirst", "__kg_rlast");
                _region = (Block)CountedWhiles(_region);
                _region = RowAliases(_region);
                _region = RowTiles(_region);
                _region = Unrolled(_region);
                if (!Prescan(_region, inRegion: true)) return null;
                var body = new List<VStmt> { new VScalar($"{_x.Type.Name} {_x.Name} = __kg_x; // the first lane's {_x.Name}: the lanes run {_x.Name}, {_x.Name} + 1, …") { Declares = _x.Name } };
                if (!Statements(_region, body)) return null;
                // (Stores of a step land after its tiles are copied: see TileGuards. A pointer has no length to compare.)
                if (_tiles.Values.Any(t => t.Used) && _arrays.Values.Any(a => a.Written && a.Kind == ArrayRefKind.Pointer))
                    { Fail("it stores through a pointer, which may point into the rows it tiles"); return null; }
                var tiles = _tiles.Values.Where(t => t.Used).Select(t => new VRowTile(t.Rows, _x.Name, t.Elem, t.Ref, t.Length.Name,
                    t.Limits.Where(l => !(l is Read r && r.Variable.Equals(t.Length))).Select(l => Print(l)!).Distinct().ToEquatableArray()) { Stride = t.Stride }).ToList();
                body.InsertRange(1, tiles);
                _tileStatements = tiles;
                if (!_arrays.Values.Any(a => a.Written) && _accumulators.Count == 0) { Fail("the loop stores no array element"); return null; }
                if (_arrays.Values.FirstOrDefault(a => a.Written && a.PerIteration is not null) is { } rowStored)
                    { Fail($"it stores into '{rowStored.Source}', a row an inner loop picks"); return null; }
                if (_laneMemoryInLoops > _vectorMemoryInLoops)
                    { Fail($"inside its loops it would gather {_laneMemoryInLoops} element(s) lane by lane against {_vectorMemoryInLoops} on whole vectors, slower than the scalar loop"); return null; }
                // (A tile costs a copy of every element it reads: with elements also stored lane by lane as deep in the loops
                // as the tile is read, the step was slower than the scalar loop, 0.55x on one thread for a row stored per
                // lane 5 times.)
                if (tiles.Count > 0 && _laneStoreDepth > 0 && _laneStoreDepth >= _tileDepth)
                    { Fail("it tiles rows per lane but would also store elements lane by lane in the loops that read the tile, slower than the scalar loop"); return null; }
                // Every element gathered or stored one lane at a time: the lanes would do the scalar loop's work and more.
                if (_laneByLane > 0 && !_arrays.Values.Any(a => a.Vector) && !_tiles.Values.Any(t => t.Used)) // (tiles are read on whole vectors)
                    { Fail($"no element is read or stored on whole vectors (lane by lane: {string.Join(", ", _perLane)}), so vectors gain nothing"); return null; }
                // Every store one lane at a time, and nothing summed on lanes: the lanes only load and compute what
                // each lane then stores as the scalar loop would (after reading it back out of the vector), unless the
                // computing is costly (a Math call, a division) the vectors gain nothing (AForge's LevelsLinear maps on
                // interleaved RGB, stores at stride 3: 1.4x slower than the scalar loop).
                if (_laneByLane > 0 && (!_arrays.Values.Any(a => a.Vector && a.Written) || !StoresVectors(body) && HasBranches(body))
                    && _accumulators.Count == 0 && !CostlyOnLanes(body))
                    { Fail($"every element is stored lane by lane ({string.Join(", ", _perLane)}) after cheap vector work, so vectors gain nothing"); return null; }
                // Every stored value an element gathered lane by lane, stored as it is (16-bit lookup tables applied to RGB
                // channels, AForge's LevelsLinear16bpp; r[i] = a[idx[i]]): the lanes gather one by one what the scalar loop
                // reads, then build vectors of them. Measured, 2^18 elements: 16-bit LUT on RGB with the channels stored as
                // one group 1.8x slower than the scalar loop; a double gather r[i] = a[idx[i]] 1.0-1.2x slower, a ushort
                // LUT 1.35x slower.
                if (_laneByLane > 0 && _accumulators.Count == 0 && !CostlyOnLanes(body) && StoresOnlyGathered(body))
                    { Fail($"every stored value is an element gathered lane by lane ({string.Join(", ", _perLane)}), stored as it is, so vectors gain nothing"); return null; }
                // Far more elements read or stored lane by lane than on whole vectors in the step itself (see _laneMemoryInStep).
                if (_laneMemoryInStep > 2 * _vectorMemoryInStep)
                    { Fail($"it would read or store {_laneMemoryInStep} element(s) lane by lane against {_vectorMemoryInStep} on whole vectors, slower than the scalar loop"); return null; }
                // Two pieces of lane-by-lane work that may throw, one of them something other than IndexOutOfRangeException:
                // the step runs each for every lane before the next, so a later lane's exception in the first could come
                // before an earlier lane's in the second, of another type than the serial loop throws (rows[i] out of range
                // at lane 30 before rows[27].Length on a null row). Bounds-checked reads alone throw the same exception
                // whichever lane comes first.
                if (_laneRisky > 1 && _laneRiskyOther > 0)
                    { Fail($"{_laneRisky} lane-by-lane operations may throw ({string.Join(", ", _perLane.Distinct())}), not all of them only out of range: the lanes would not throw in iteration order"); return null; }
                if (_groups.Values.FirstOrDefault() is { } partial)
                    { Fail($"'{partial.Use.Source}' is stored at {partial.Slots.Count} of the {partial.Stride} elements of each group only"); return null; }
                foreach (KeyValuePair<string, ReductionSpec> reduction in _reductions)
                    if (UsedInRegion(reduction.Key) && !_accumulators.Any(a => a.Reduction == reduction.Key))
                        { Fail($"reduction '{reduction.Key}' is not a vectorizable sum, count, int/long min or max"); return null; }
                return Finish(SharedLoads.Hoist(body), first, limit);
            }

            /// <summary>Whether an if-branch on lane masks is left in <paramref name="body"/> (SelectChains folds some away).</summary>
            /// <summary>
            /// Whether the vector part of <paramref name="body"/> does work worth lanes: loops on lane masks, square roots,
            /// FastMath and other runtime functions (not the mask and table helpers), divisions.
            /// </summary>
            private static bool CostlyOnLanes(IEnumerable<VStmt> body) => body.Any(s => s switch
            {
                VFor or VWhile or VCallBatch => true,
                VBlock b => CostlyOnLanes(b.Body),
                VIfAny i => CostlyOnLanes(i.Body),
                VPerLane p => p.Inputs.Any(Costly),
                VDeclare d => Costly(d.Value),
                VAssign a => Costly(a.Value),
                VStore st => Costly(st.Value),
                VMask m => Costly(m.Value),
                _ => false,
            });

            /// <summary>
            /// Whether the step stores a whole vector anywhere (in a branch or loop too). An array read on vectors and
            /// written lane by lane in a branch (BGRA inverted where alpha is not 0: the stores in a branch, not a group)
            /// stores none: each lane's store then tests its mask too, and the step ran 0.55-0.98x the serial loop's speed
            /// on 2 threads where the scalar body runs about 2x.
            /// </summary>
            private static bool StoresVectors(IEnumerable<VStmt> body) => body.Any(s => s switch
            {
                VStore => true,
                VIfAny i => StoresVectors(i.Body),
                VBlock b => StoresVectors(b.Body),
                VFor f => StoresVectors(f.Body),
                VWhile w => StoresVectors(w.Setup) || StoresVectors(w.Body),
                _ => false,
            });

            /// <summary>Whether every value the step's top-level stores write is a lane-by-lane gather's result, directly or through locals.</summary>
            private static bool StoresOnlyGathered(List<VStmt> body)
            {
                var gathered = new HashSet<string>(body.OfType<VPerLane>().Where(p => !p.Store && (p.What == "gathered elements" || p.What.EndsWith(" elements read one by one", System.StringComparison.Ordinal)))
                    .Select(p => p.Name), System.StringComparer.Ordinal);
                var copies = new Dictionary<string, string>(System.StringComparer.Ordinal);
                foreach (VDeclare d in body.OfType<VDeclare>())
                    if (d.Value is VLocal source) copies[d.Name] = source.Name;
                string Root(string name) { while (copies.TryGetValue(name, out string? from)) name = from; return name; }
                List<VStore> stores = body.OfType<VStore>().ToList();
                return stores.Count > 0 && stores.All(s => s.Rest.Prepend(s.Value).All(v => v is VLocal l && gathered.Contains(Root(l.Name))));
            }

            private static bool Costly(VExpr e) => VExprs.Descendants(e).Any(x =>
                x is VCall { Runtime: true, Method: not ("MaskAnd" or "LookupByte") } or VCall { Method: "Sqrt" } or VBinary { Op: "/" or "%" });

            private static bool HasBranches(IEnumerable<VStmt> body) => body.Any(s => s switch
            {
                VIfAny => true,
                VWhile w => HasBranches(w.Setup) || HasBranches(w.Body),
                VFor f => HasBranches(f.Body),
                VBlock b => HasBranches(b.Body),
                _ => false,
            });

            private VectorPlan Finish(List<VStmt> body, string first, string limit)
            {
                int folded = 0;
                body = SelectChains.Fold(body, ref folded);
                List<VGuard> guards = Guards("__kg_x", "__kg_xend - 1", new Dictionary<string, (string, string)>(), new List<string>());
                // (A tile's row length is known inside a step only: a guard before the loop cannot use it.)
                if (_tileStatements.Count > 0 && guards.Any(g => _tileStatements.Any(t => g.ToString().Contains(t.Length))))
                    return VectorPlan.Scalar("a subscript bounded by a tiled row's length");
                // (A pointer has no bounds to check a vector's elements against: its lanes may touch only memory the loop
                // touches. Strided loads and pair loads read from their first lane's element to their last one's (the
                // runtime's contract), a gapless group stores exactly the loop's elements, and every byte in between lies
                // on a page of one of them. Inactive lanes of a lane mask would read elements the loop does not; a group's
                // gaps past the last lane are kept in range by LastLaneScalar.)
                bool pointers = _arrays.Values.Any(a => a.Kind == ArrayRefKind.Pointer);
                if (pointers && _usesWhile)
                    return VectorPlan.Scalar("a pointer's elements are read on lane masks (lanes that have stopped would read elements the loop does not), and a pointer has no bounds to check them against");
                // Hoisted: the same guard evaluated once before the loop H, at the extreme values of the counters from H
                // inward, with the lane loop's bounds written out (the same for every run of it inside H).
                // (Rows an inner counter picks are checked where the vector loop starts: their range moves with the
                // PRange iteration and the counters around it.)
                bool picksRows = _arrays.Values.Any(a => a.PerIteration is not null);
                (For Loop, Dictionary<string, (string Lo, string Hi)> Counters, List<string> Arrays)? hoist = _lane is null || _rows > 0 || _input.Rolled > 1 || _rowDistances.Count > 0 || picksRows ? null : HoistLevel();
                List<VGuard> hoisted = hoist is { } h ? Guards($"({first})", $"({limit}) - 1", h.Counters, h.Arrays) : new List<VGuard>();
                string lanes = Lanes16 ? "short" : _wide ? (_arrays.Values.Any(a => a.Elem == "double") || _vectors.Values.Any(v => v.Type == "double") || _accumulators.Any(a => a.Elem == "double") ? "double" : "long")
                                     : (_arrays.Values.Any(a => a.Elem == "float") || _vectors.Values.Any(v => v.Type == "float") || _accumulators.Any(a => a.Elem == "float") ? "float" : "int");
                string features = (_intsInLongLanes ? ", ints in long lanes" : "")
                    + (_uintsZeroExtended ? ", uints zero-extended into long lanes" : "")
                    + (_floatsInDouble ? ", floats in double lanes (each float operation rounded to float, as C# computes it)" : "")
                    + (_usesInnerLoops ? ", inner loops in order per step" : "")
                    + (_arrays.Values.FirstOrDefault(a => a.PerIteration is not null) is { } picked ? $", rows of {picked.PerIteration!.Value.Rows} an inner loop picks read whole (every row it may pick checked {(_lane is null ? "once a chunk" : "before the vector loop")})" : "")
                    + (_windows.Count > _countedWhiles ? $", {(_windows.Count - _countedWhiles == 1 ? "a window" : _windows.Count - _countedWhiles + " windows")} moving with the lanes (whole-vector reads from the first lane's start)" : "")
                    + (_countedWhiles > 0 ? $", {(_countedWhiles == 1 ? "a while loop" : _countedWhiles + " while loops")} counted (the counter and what steps beside it from the trip count)" : "")
                    + (_usesWhile ? ", while loops on active-lane masks" : "")
                    + (folded > 0 ? ", if/else chains as selects" : "")
                    + (_usesBranches && HasBranches(body) ? ", if/else on lane masks" : "")
                    + (_usesInlining ? ", helpers inlined" : "")
                    + (_arrays.Values.Any(a => a.Vector && NarrowElem(a.Elem)) ? $", {string.Join("/", _arrays.Values.Where(a => a.Vector && NarrowElem(a.Elem)).Select(a => a.Declared).Distinct())} elements in {(Lanes16 ? "16-bit" : _wide ? "long" : "int")} lanes" : "")
                    + (_usesStrides ? ", strided loads (interleaved channels)" : "")
                    + string.Concat(_channels.Where(c => c.Value > 0 && _arrays.Values.Any(a => a.Source == c.Key && a.Vector)).Select(c => $", {c.Key} as pixels of {c.Value} channels (taken where its last dimension is {c.Value}, else the scalar loop)"))
                    + (_groupStride == 2 ? ", pairs of elements per lane (every other element)" : _groupStride > 2 ? $", groups of up to {_groupStride} interleaved elements per lane stored together" : "")
                    + (_groupGaps ? " (elements between the stored ones, which no iteration writes, stored back as they are)" : "")
                    + (pointers && _groupGaps ? ", the last iteration on the scalar loop (its gaps could lie past the pointer's last pixel)" : "")
                    + (_tileStatements.Count > 0 ? $", rows of {string.Join(", ", _tileStatements.Select(t => t.Rows))} tiled per step (a row per lane, read on whole vectors in inner loops)" : "")
                    + (Lanes16 ? ", int arithmetic on its low 16 bits (right shifts and comparisons only where the values provably fit)" : "")
                    + (_arrays.Values.Any(a => a.Vector && a.Kind == ArrayRefKind.Multi) ? ", rectangular arrays along their last dimension" : "")
                    + (_rowRefs.Values.Any(r => r.Anchor is not null) ? ", 1-D rows addressed once from the first " + Shown(_x) : "")
                    + (ClampsRead() is { Count: > 0 } clamps ? $", rows clamped alike for all lanes ({string.Join(", ", clamps.Select(c => _clamps[c].Shown.Replace("global::System.", "")))}: read whole, checked at both bounds)" : "")
                    + (_rows > 0 ? ", jagged rows along j" : "")
                    + (_tables.Count > 0 ? $", {_tableEntries}-entry byte tables looked up on vectors ({string.Join(", ", _tables)}; where the machine has AVX-512 VBMI and the table {_tableEntries} elements)" : "")
                    + (_perLane.Count > 0 ? $", lane by lane: {string.Join(", ", _perLane)}" : "")
                    + (_consecutiveQuotients > 0 ? ", integer '/' and '%' of the consecutive index by a divisor the same in every lane (one division a step)" : "")
                    + (_fastMath.Count > 0 ? $", FastMath vector {string.Join("/", _fastMath)} (docs/fastmath.md's ULP bound)" : "")
                    + (_input.Loop.VectorRequires.Count > 0 ? ", System.Numerics dot products and lengths in the order x64 computes them (where the machine has SSE4.1)" : "");
                if (_input.Rolled > 1)
                    features += $", channels rolled: the {_input.Rolled} statements of an iteration, one per channel, as one loop over consecutive elements";
                string accumulators = _accumulators.Count > 0 ? "; vector accumulators for " + string.Join(", ", _accumulators.Select(a =>
                        a.ValueOf is null ? $"{a.Reduction} ({a.Family})" : $"{a.IndexName} ({a.Family}, by the element at {a.IndexName})"))
                    + (_privateAccumulators.Any(v => TypeName(v.Type) is "float" or "double" && _accumulators.Any(a => a.Reduction == v.Name && a.Family == "sum"))
                        ? " (floating-point sums reassociated: FastMath)" : "") : "";
                var arrays = _arrays.Values.Select(a => new VArray(a.Source, a.Holder, a.Ref, a.Elem, a.Kind, a.Rank, a.Vector, a.Written) { Holds = a.Holds, PerIteration = a.PerIteration is not null }).ToEquatableArray();
                bool simple = !_usesInnerLoops && !_usesWhile;
                int interleave = _accumulators.Count > 0 && simple && !_accumulators.Any(a => a.Select) ? 4 : 1;
                // Inner loops that carry a chain over PRange lanes: 2-8 lane groups a step, per register file, their loops fused (LaneGroups).
                // (An inner loop's lanes are as independent as the PRange iterations: the vectorizer admits no dependence
                // between its iterations but an accumulator's, and inner plans here have none.)
                bool grouped = (_lane is null || _accumulators.Count == 0) && !simple && !_accumulators.Any(a => a.Select) && LaneGroups.Worth(body);
                int groups = grouped ? LaneGroups.Count(body, registers: 16) : 1, wideGroups = grouped ? LaneGroups.Count(body, registers: 32) : 1;
                if (groups > 1)
                    features += wideGroups == groups ? $", {groups} lane groups a step (their inner loops fused)"
                        : $", {wideGroups} lane groups a step on Vector512 (32 registers), {groups} on narrower vectors (their inner loops fused)";
                // Unroll-and-jam of the PRange loop: rows that share a vector array run one vector loop together.
                (List<VGuard> Guards, List<VStmt> Setup, List<string> Shared, List<VForward> Forward)? jam = hoist is null && groups == 1 && _input.Rolled <= 1 && _lane?.Resume is null && _rowDistances.Count == 0 && !(picksRows && _lane is not null) ? Jam(body, arrays, guards) : null;
                if (jam is { } j)
                    features += $", {OuterJam.Rows} iterations of {_loop.Index.Name} a pass (unroll-and-jam: they share {string.Join(", ", j.Shared)}"
                        + (j.Forward.Count > 0 ? ", handed from row to row in registers" : "") + "; each element sees them in order)";
                // Streaming stores for outputs beyond the cache: steps over PRange iterations that only compute and store
                // (StreamingStores). Not for inner plans: per run of the loop (a row of 198 doubles of a 7-point stencil)
                // the partial lines at its ends and the fence made it 0.41-0.50× as fast (box blur 4096², 0.66×).
                IReadOnlyList<VArray> streamed = _lane is null && groups == 1 && jam is null && _accumulators.Count == 0 && _tileStatements.Count == 0 && _laneByLane == 0
                    && _perLane.Count == 0 && !_usesWhile ? StreamingStores.Eligible(body, arrays, _rowRefs.Values) : System.Array.Empty<VArray>();
                if (streamed.Count > 0)
                    features += $", streaming stores to {string.Join(", ", streamed.Select(a => a.Source))} when {(streamed.Count == 1 ? "it is" : "they are")} larger than the last-level cache";
                string? interchange = _lane is null && groups == 1 && jam is null && streamed.Count == 0 ? Interchange(body, arrays) : null;
                string? rowSplit = interchange is null ? null : RowSplit();
                if (interchange is not null)
                    features += rowSplit is null
                        ? $", rows outer: {interchange} runs outside the steps, each row across the chunk's columns (loop interchange)"
                        : $", rows outer: {interchange} runs outside the steps, each chunk a band of its rows across every column (loop interchange, rows split{(rowSplit.Length > 0 ? $" when {rowSplit}" : "")})";
                // Lane-by-lane calls that cannot throw, each lane's together (PerLaneGroups).
                int together = 0;
                if (_laneByLane > 1)
                    body = PerLaneGroups.Group(body, ref together);
                if (together > 0)
                    features += $", {together} lane-by-lane calls interleaved (each lane's in turn)";
                // FastMath calls of one function side by side (CallBatches): not where lane groups, jam or interchange
                // already rearrange the step (their passes know the statements above only).
                var batches = new List<int>();
                if (_fastMath.Count > 0 && groups == 1 && jam is null && interchange is null)
                    body = CallBatches.Batch(body, batches);
                if (batches.Count > 0)
                    features += $", {string.Join(" and ", batches.Select(n => $"{n} Exp calls"))} of a step evaluated together";
                string widths = $"Vector512/Vector256/Vector128<{lanes}> (widest the hardware accelerates)";
                string summary = _lane is null
                    ? $"{widths}, {(_input.Rolled > 1 ? "one channel of an iteration" : "one PRange iteration")} per lane, interleave {interleave}{features}, scalar tail{accumulators}; "
                      + "taken per chunk when the extreme subscripts are in bounds and stored arrays alias no other array"
                    : $"inner loop '{_lane.Header}' (line {_lane.Line}) on {widths}, {(_input.Rolled > 1 ? "one channel of an iteration" : _x.Name.StartsWith("__kg_t", System.StringComparison.Ordinal) ? "one iteration" : $"one {Shown(_x)}")} per lane"
                      + features + ", scalar remainder" + accumulators + "; taken when the extreme subscripts are in bounds and stored arrays alias no other array"
                      + (hoist is { } where ? $" (checked once before '{where.Loop.Header}', line {where.Loop.Line}, for all its iterations)" : "");
                // The chunk counts PRange iterations in int (long for a 64-bit range), whatever the index is declared as.
                string counterType = _lane is null ? (_input.Is64 ? "long" : "int") : _x.Type.Name;
                return new VectorPlan("", _lane is null ? LaneSource.Index : LaneSource.Inner, lanes, counterType, _x.Name, first, limit,
                    arrays, guards.ToEquatableArray(), body.ToEquatableArray(), _accumulators.ToEquatableArray(), summary)
                {
                    InnerLoopStart = _lane?.SpanStart ?? -1,
                    InnerInitStart = _lane?.InitStart ?? -1,
                    InnerInitEnd = _lane?.InitEnd ?? -1,
                    InnerResume = _lane?.Resume,
                    InnerBefore = _lane?.ResumeBefore,
                    InnerPrelude = _lane?.Prelude,
                    HoistStart = hoist?.Loop.SpanStart ?? -1,
                    HoistedGuards = hoisted.ToEquatableArray(),
                    Interleave = interleave,
                    Groups = groups,
                    WideGroups = wideGroups,
                    Streamed = streamed.ToEquatableArray(),
                    LaneByLane = _laneByLane,
                    Rolled = _input.Rolled,
                    RolledRange = _input.Rolled > 1 ? _rolledRange : default,
                    Interchange = interchange,
                    RowSplit = rowSplit,
                    LastLaneScalar = pointers && _groupGaps,
                    ParallelChecks = _parallelChecks.ToEquatableArray(),
                    Tiles = _tileStatements.ToEquatableArray(),
                    Rows = _rowRefs.Values.ToEquatableArray(),
                    Jam = jam is null ? 1 : OuterJam.Rows,
                    JamIndex = jam is null ? "" : Print(new Read(_loop.Index)) ?? "",
                    JamGuards = jam?.Guards.ToEquatableArray() ?? EquatableArray<VGuard>.Empty,
                    JamSetup = jam?.Setup.ToEquatableArray() ?? EquatableArray<VStmt>.Empty,
                    JamForward = jam?.Forward.ToEquatableArray() ?? EquatableArray<VForward>.Empty,
                };
            }

            /// <summary>A variable as the report names it: the source's name of one the IR renamed (<c>__kg_x_3</c>: x).</summary>
            private static string Shown(Var v) =>
                v.Name.StartsWith("__kg_", System.StringComparison.Ordinal) && v.Name.LastIndexOf('_') is int cut and > 5
                && v.Name.Substring(cut + 1) is { Length: > 0 } id && id.All(char.IsDigit) ? v.Name.Substring(5, cut - 5) : v.Name;

            /// <summary>
            /// Loop interchange (<see cref="VectorPlan.Interchange"/>): where the step is the index's declaration and one
            /// counted loop whose accesses move down rows with its counter (a column-order stencil, <c>for y … a[y, x]</c>
            /// with x on the lanes), that loop may run outside the steps. Legal: the lanes' PRange iterations are
            /// independent (no element one touches is written by another), so only each iteration's own order counts, and
            /// for each column the rows still run in order; its bounds are invariant, so every step runs the same rows.
            /// Nothing in the step may throw once the guards hold (no lane-by-lane operation), no accumulators, row tiles
            /// or while loops (their state is per step). What the step declares before the loop runs again for every row:
            /// only vector values that read no array the step stores and that the loop does not assign (the same value
            /// each time). The loop's header and line, or null.
            /// </summary>
            private string? Interchange(List<VStmt> body, EquatableArray<VArray> arrays)
            {
                if (!_walksRows || _stepLoops.Count != 1 || body.Count < 2 || body[0] is not VScalar { Declares: not null } || body[body.Count - 1] is not VFor inner
                    || _accumulators.Count > 0 || _tileStatements.Count > 0 || _laneByLane > 0 || _perLane.Count > 0 || _usesWhile)
                    return null;
                var stored = new HashSet<string>(arrays.Where(a => a.Written).Select(a => a.Ref), System.StringComparer.Ordinal);
                foreach (VRowRef row in _rowRefs.Values)
                    if (stored.Contains(row.Ref)) stored.Add(row.Name);
                for (int k = 1; k < body.Count - 1; k++)
                    if (body[k] is not VDeclare value || OuterJam.Loads(value.Value).Any(load => stored.Contains(load.Ref)) || Assigns(inner.Body, value.Name))
                        return null;
                For loop = _stepLoops[0];
                return $"'{loop.Header}' (line {loop.Line})";
            }

            /// <summary>
            /// Whether an interchanged loop's rows may also be split across the chunks (<see cref="VectorPlan.RowSplit"/>):
            /// each chunk then runs a band of the rows across every column, reading memory in one stream (rows are
            /// contiguous) instead of a piece of each row. Interchange keeps each column's rows in order; running them in
            /// any order, at once, is legal only when no row of a column sees another row's effects: nothing is carried
            /// from row to row in locals (Interchange allows no accumulators, and the values before the loop are not
            /// assigned in it), no array reduction, and every array the step stores is read and written at one subscript,
            /// an element that differs from row to row: the row counter in exactly one term, to the first power, times
            /// loop invariants that are not zero, and no other inner-loop counter (jagged rows may be one array: never).
            /// The condition, as C# over those invariants ("" when it always holds), or null.
            /// </summary>
            private string? RowSplit()
            {
                if (_input.ArrayReduction is not null || _stepLoops.Count != 1 || _stepLoops[0].Inclusive) return null;
                string counter = _stepLoops[0].Counter.Name;
                var nonZero = new SortedSet<string>(System.StringComparer.Ordinal);
                foreach (ArrayUse use in _arrays.Values.Where(a => a.Written))
                {
                    if (use.Source != use.Holder || use.Groups.Count != 1) return null;
                    var (bases, min, max) = use.Groups.Values.First();
                    if (!min.SequenceEqual(max)) return null; // read or stored at two subscripts
                    int terms = 0;
                    foreach (Poly poly in bases)
                        foreach (var term in poly.Terms)
                        {
                            string[] factors = term.Key.Split('*');
                            if (factors.Any(f => f != counter && _counters.ContainsKey(f))) return null;
                            int power = factors.Count(f => f == counter);
                            if (power == 0) continue;
                            if (power > 1 || ++terms > 1) return null;
                            foreach (string f in factors.Where(f => f != counter))
                            {
                                if (f == _x.Name || !System.Text.RegularExpressions.Regex.IsMatch(f, @"^[A-Za-z_][A-Za-z0-9_]*(\.Length|\.GetLength\([0-9]\))?$")) return null;
                                nonZero.Add($"{f} != 0");
                            }
                        }
                    if (terms != 1) return null;
                }
                return string.Join(" && ", nonZero);
            }

            /// <summary>Whether <paramref name="body"/> (nested statements included) assigns the vector local <paramref name="name"/>.</summary>
            private static bool Assigns(IEnumerable<VStmt> body, string name) => body.Any(s => s switch
            {
                VAssign a => a.Name == name,
                VFor f => Assigns(f.Body, name),
                VBlock b => Assigns(b.Body, name),
                VIfAny i => Assigns(i.Body, name),
                VWhile w => Assigns(w.Setup, name) || Assigns(w.Body, name),
                _ => false,
            });

            /// <summary>
            /// Whether consecutive PRange iterations may share a run of the inner vector loop (<see cref="OuterJam"/>), and
            /// what a pass then checks and declares per row: the PRange body is the loop after declarations of values of
            /// the row (<see cref="Pure"/>), unit step, the loop's bounds
            /// the same for every row, a step <see cref="OuterJam.Supported"/> copies, an array the rows share, and nothing
            /// that may throw once the guards hold but broadcast element reads of 1-D arrays, whose subscripts the pass
            /// checks for every row first (where that fails, the rows run one by one as before).
            /// </summary>
            private (List<VGuard> Guards, List<VStmt> Setup, List<string> Shared, List<VForward> Forward)? Jam(List<VStmt> body, EquatableArray<VArray> arrays, List<VGuard> guards)
            {
                EquatableArray<Stmt> statements = _loop.Body.Statements;
                if (_lane is null || !_loop.UnitStep || _input.StepNormalized || statements.Count == 0 || !ReferenceEquals(statements[statements.Count - 1], _lane))
                    return null;
                // Before the loop, only declarations of the row's own values (double xj = x[j];): each row of a pass
                // gets its copy once its guard holds; the remainder's text declares them again.
                var setup = new List<VStmt>();
                var perRow = new HashSet<Var>();
                var checks = new List<VGuard>();
                foreach (Stmt statement in statements.Take(statements.Count - 1))
                {
                    if (statement is not Declare { Init: { } init } declare || declare.Variable.Kind != VarKind.Private || _assigned.Contains(declare.Variable)
                        || !Pure(init, perRow) || !ReadsInBounds(init, checks) || Print(init) is not { } value || TypeName(declare.Variable.Type) is null)
                        return null;
                    string name = Print(new Read(declare.Variable))!;
                    setup.Add(new VScalar($"{declare.Variable.Type.Name} {name} = {value};") { Declares = name });
                    perRow.Add(declare.Variable);
                }
                if (_accumulators.Count > 0 || _laneByLane > 0 || _laneRisky > 0 || _tileStatements.Count > 0 || _rows > 0 || _usesInnerLoops || _usesWhile
                    || _arrays.Values.Any(a => a.Source != a.Holder) || _risky != _riskyUniforms.Count || !OuterJam.Supported(body))
                    return null;
                if (!SameForEveryRow(_lane.Start, perRow) || !SameForEveryRow(_lane.Limit, perRow) || Print(new Read(_loop.Index)) is not { } index) return null;
                // (The guard is checked before the rows' copies are declared: it may not name them.)
                var named = new Renamer(perRow.Select(v => Print(new Read(v))!), null, "__kg_named");
                if (guards.Any(g => !named.Guard(g).Equals(g))) return null;
                foreach (Expr e in _riskyUniforms)
                    if (!ReadsInBounds(e, checks)) return null;
                var rows = _rowRefs.Values.ToList();
                var perRowNames = perRow.Select(v => Print(new Read(v))!).Append(index);
                var forward = new List<VForward>();
                return OuterJam.Shared(body, arrays, rows, perRowNames, _input.ArrayReduction?.Name, forward) is { } shared ? (checks, setup, shared, forward) : null;
            }

            /// <summary>
            /// Computed alike for every PRange iteration, without effects: constants, invariant variables (not the index, nor
            /// the values each row declares, <paramref name="perRow"/>), lengths, arithmetic.
            /// </summary>
            private bool SameForEveryRow(Expr e, HashSet<Var> perRow) => Nodes(e).All(n => n switch
            {
                Const or Unary or Convert => true,
                Binary b => !(b.Op is BinaryOp.Divide or BinaryOp.Remainder && TypeName(b.Type) is "int" or "long"),
                Length { Array: Read a } => Outside(a.Variable) && !a.Variable.Equals(_loop.Index) && !perRow.Contains(a.Variable),
                Read r => Outside(r.Variable) && !r.Variable.Equals(_loop.Index) && !perRow.Contains(r.Variable) && !_reductions.ContainsKey(r.Variable.Name),
                _ => false,
            });

            /// <summary>
            /// A row's value computed again for each row of a pass: arithmetic, Math functions and element reads (checked by
            /// <see cref="ReadsInBounds"/>) of invariant variables, the index and the values declared before it.
            /// </summary>
            private bool Pure(Expr e, HashSet<Var> before) => Nodes(e).All(n => n switch
            {
                Const or Unary or Convert or Binary or Compare or Logical or Select or MathCall or Element => true,
                Read r => r.Variable.Equals(_loop.Index) || before.Contains(r.Variable) || Outside(r.Variable) && r.Variable.Kind != VarKind.Private && !_reductions.ContainsKey(r.Variable.Name),
                _ => false,
            });

            /// <summary>
            /// Guards under which <paramref name="e"/> (a broadcast value, or a row's value declared before the loop) cannot
            /// throw: it reads elements of invariant 1-D arrays the loop does not store (a row of a pass reads them before
            /// the earlier rows' stores), at int subscripts that cannot throw themselves, and nothing else that may throw.
            /// </summary>
            private bool ReadsInBounds(Expr e, List<VGuard> checks)
            {
                foreach (Expr node in Nodes(e))
                {
                    if (node is Call || node is Binary { Op: BinaryOp.Divide or BinaryOp.Remainder } d && TypeName(d.Type) is "int" or "long") return false;
                    if (node is not Element el) continue;
                    if (el.Array is not Read { Variable: { Type: ArrayType { Rank: 1 } } array } || !Outside(array) || el.Indices.Count != 1 || _stored.Contains(array.Name)
                        || TypeName(el.Indices[0].Type) != "int" || MayThrow(el.Indices[0]) || Print(el.Array) is not { } name || Print(el.Indices[0]) is not { } subscript)
                        return false;
                    checks.Add(new NotNull(name));
                    checks.Add(new AtLeast($"{I128}({subscript})", "0"));
                    checks.Add(new Below($"{I128}({subscript})", $"{name}.Length"));
                }
                return true;
            }

            public VectorPlan? RunScatter(Update update, Element target, Var array)
            {
                _x = _loop.Index;
                if (TypeName(_x.Type) != "int") { Fail("the PRange index is not an int"); return null; }
                // Only the subscript runs on lanes (the updates are scalar): it alone sets the lane width.
                if (Nodes(target.Indices[0], skipSubscripts: true).Any(n => TypeName(n.Type) is "double" or "long"))
                    { Fail("the subscript computes in double or long (two int vectors per step)"); return null; }
                if (!Uniform(update.Value)) { Fail("the update's value depends on the iteration"); return null; }
                Expr subscript = target.Indices[0];
                // (int)(float e) converts on lanes as C# does (saturating, .NET 9 and later); int subscripts as they are.
                Value? lanes;
                var setup = new List<VStmt>();
                if (subscript is Convert { Operand.Type: ScalarType { Kind: ScalarKind.Float } } cast && TypeName(cast.Type) == "int")
                {
                    if (Expression(cast.Operand, setup) is not { } floats) return null;
                    lanes = new Value(new VConvert(floats.Code, "float", "int"), "int");
                }
                else if (TypeName(subscript.Type) == "int") lanes = Expression(subscript, setup);
                else { Fail("the subscript is not an int or (int) of a float"); return null; }
                if (lanes is null) return null;
                if (_arrays.Count == 0 || !_arrays.Values.All(a => a.Elem is "float" or "int")) { Fail("the subscript reads no float or int array"); return null; }
                string value = update.Value is Const { Value: 1 } && update.Op is BinaryOp.Add or BinaryOp.Subtract && update.Value.Type == IrType.Int
                    ? (update.Op == BinaryOp.Add ? "++" : "--")
                    : $" {PrinterOp(update.Op)}= {Print(update.Value)}";
                var body = new List<VStmt> { new VScalar($"int {_x.Name} = __kg_x;") };
                body.AddRange(setup);
                body.Add(new VScatter(lanes.Value.Code, array.Name, value + ";"));
                string element = _arrays.Values.First().Elem;
                var arrays = _arrays.Values.Select(a => new VArray(a.Source, a.Holder, a.Ref, a.Elem, a.Kind, a.Rank, a.Vector, false) { Holds = a.Holds, PerIteration = a.PerIteration is not null }).ToEquatableArray();
                VectorPlan plan = Finish(body, "__kg_i", "__kg_last");
                return plan with
                {
                    Lanes = element,
                    Arrays = arrays,
                    Summary = $"subscripts of {array.Name}[…] on Vector512/Vector256/Vector128<{element}> lanes (widest the hardware accelerates), "
                        + "then the updates one lane at a time, in iteration order (no conflict-free vector scatter), scalar tail",
                };
            }

            private static string PrinterOp(BinaryOp op) => Printer.Op(op);

            // ---- prescan -----------------------------------------------------------------------------------------

            /// <summary>What the region assigns and stores, and its lane width (8-byte lanes when a double or long is computed).</summary>
            private bool Prescan(Stmt statement, bool inRegion)
            {
                bool hasFloat = false, hasDouble = false;
                bool ok = true;
                void Expression(Expr e)
                {
                    // Subscripts and lengths are scalars (the first lane's element number): they do not widen the lanes.
                    foreach (Expr node in Nodes(e, skipSubscripts: true))
                    {
                        if (!inRegion) continue;
                        string? name = TypeName(node.Type);
                        if (name is "double" or "long" or "ulong") _wide = true; // (a ulong is its bits in a long lane)
                        if (name == "double") hasDouble = true;
                        if (name == "float") hasFloat = true;
                    }
                }
                void Walk(Stmt s)
                {
                    switch (s)
                    {
                        case Block block: foreach (Stmt inner in block.Statements) Walk(inner); break;
                        case Declare d:
                            if (inRegion) _declaredInRegion.Add(d.Variable);
                            if (d.Init is not null) Expression(d.Init);
                            if (inRegion && TypeName(d.Variable.Type) is "double" or "long" or "ulong") _wide = true;
                            if (inRegion && TypeName(d.Variable.Type) == "double") hasDouble = true;
                            if (inRegion && TypeName(d.Variable.Type) == "float") hasFloat = true;
                            break;
                        case Assign a:
                            Target(a.Target);
                            Expression(a.Target); Expression(a.Value);
                            break;
                        case Update u:
                            Target(u.Target);
                            Expression(u.Target); Expression(u.Value);
                            break;
                        case If f:
                            Expression(f.Condition);
                            Walk(f.Then);
                            if (f.Else is not null) Walk(f.Else);
                            break;
                        case For loop:
                            if (inRegion) _declaredInRegion.Add(loop.Counter);
                            Expression(loop.Start); Expression(loop.Limit);
                            Walk(loop.Body);
                            break;
                        case While w:
                            Expression(w.Condition);
                            Walk(w.Body);
                            break;
                        case Evaluate ev: Expression(ev.Expression); break;
                        case OpaqueStmt o:
                            foreach (Var v in o.Writes) _assigned.Add(v);
                            break;
                    }
                }
                void Target(Expr target)
                {
                    if (target is Read r) _assigned.Add(r.Variable);
                    else if (target is Element element && BaseKey(element) is { } key) _stored.Add(key);
                }
                Walk(statement);
                if (inRegion)
                {
                    foreach (ReductionSpec reduction in _reductions.Values)
                        if (UsedInRegion(reduction.Name) && reduction.Type is "double" or "long" or "ulong") _wide = true;
                    bool floatReduction = false;
                    foreach (ReductionSpec reduction in _reductions.Values)
                        if (UsedInRegion(reduction.Name) && reduction.Type == "float") hasFloat = floatReduction = true;
                    if (_assigned.Contains(_x)) return Fail($"the loop assigns its counter '{_x.Name}'");
                    // Floats beside doubles: double lanes, each float value exact in its lane, each float operation
                    // rounded to float after it (Round32), loads widened and stores narrowed. Not float sums.
                    if (_wide && hasFloat && hasDouble && !floatReduction && !Lanes16) _floatsInDouble = true;
                    else if (_wide && hasFloat) return Fail("it computes both float and double (or long) values");
                    // (16-bit lanes hold the low bits of ints: a double or long value has no place in them.)
                    if (Lanes16 && (_wide || hasFloat)) return Fail("it computes floating-point or long values (16-bit lanes)");
                }
                return ok;
            }

            /// <summary>Every expression node of <paramref name="e"/> (iterative); without subscripts and lengths when asked.</summary>
            public static IEnumerable<Expr> Nodes(Expr e, bool skipSubscripts = false)
            {
                var stack = new Stack<Expr>(16); // sized: growing it was a sixth of the planner's time on big bodies
                stack.Push(e);
                while (stack.Count > 0)
                {
                    Expr node = stack.Pop();
                    yield return node;
                    ForEachChild(node, skipSubscripts, stack, static (s, child) => s.Push(child));
                }
            }

            /// <summary>An expression's operands (its array and subscripts for an element; none with <paramref name="skipSubscripts"/>).</summary>
            public static List<Expr> Children(Expr node, bool skipSubscripts = false)
            {
                var children = new List<Expr>(4);
                ForEachChild(node, skipSubscripts, children, static (list, child) => list.Add(child));
                return children;
            }

            private static void ForEachChild<TState>(Expr node, bool skipSubscripts, TState state, System.Action<TState, Expr> add)
            {
                switch (node)
                {
                    case Element el:
                        add(state, el.Array);
                        if (!skipSubscripts) foreach (Expr i in el.Indices) add(state, i);
                        break;
                    case Length l: if (!skipSubscripts) add(state, l.Array); break;
                    case Unary u: add(state, u.Operand); break;
                    case Binary b: add(state, b.Left); add(state, b.Right); break;
                    case Compare c: add(state, c.Left); add(state, c.Right); break;
                    case Logical l: add(state, l.Left); add(state, l.Right); break;
                    case Select s: add(state, s.Condition); add(state, s.WhenTrue); add(state, s.WhenFalse); break;
                    case Convert c: add(state, c.Operand); break;
                    case MathCall m: foreach (Expr a in m.Arguments) add(state, a); break;
                    case Call c: foreach (Expr a in c.Arguments) add(state, a); break;
                    case Let let: add(state, let.Value); add(state, let.Body); break;
                }
            }

            /// <summary>Whether the lane region reads the shared variable (or an opaque statement uses the name).</summary>
            private bool UsedInRegion(string name) => (_sharedInRegion ??= SharedNames(_region)).Contains(name);

            private HashSet<string>? _sharedInRegion;

            /// <summary>The shared variables a statement reads and the names its opaque statements use: one walk, then lookups.</summary>
            private static HashSet<string> SharedNames(Stmt statement)
            {
                var names = new HashSet<string>(System.StringComparer.Ordinal);
                void Check(Expr? e)
                {
                    if (e is null) return;
                    foreach (Expr n in Nodes(e)) if (n is Read r && r.Variable.Kind == VarKind.Shared) names.Add(r.Variable.Name);
                }
                void Walk(Stmt s)
                {
                    switch (s)
                    {
                        case Block b: foreach (Stmt inner in b.Statements) Walk(inner); break;
                        case Declare d: Check(d.Init); break;
                        case Assign a: Check(a.Target); Check(a.Value); break;
                        case Update u: Check(u.Target); Check(u.Value); break;
                        case If f: Check(f.Condition); Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                        case For l: Check(l.Start); Check(l.Limit); Walk(l.Body); break;
                        case While w: Check(w.Condition); Walk(w.Body); break;
                        case Evaluate ev: Check(ev.Expression); break;
                        case OpaqueStmt o: foreach (Var v in o.Uses) names.Add(v.Name); break;
                    }
                }
                Walk(statement);
                return names;
            }

            // ---- statements --------------------------------------------------------------------------------------

            private bool Statements(Block block, List<VStmt> output)
            {
                foreach (Stmt statement in block.Statements)
                    if (!Statement(statement, output)) return false;
                return true;
            }

            /// <summary>The user's line of the statement being translated (0: unknown).</summary>
            private int _line;

            private bool Statement(Stmt statement, List<VStmt> output)
            {
                if (statement.SourceLine > 0) _line = statement.SourceLine;
                _laneValues.Clear(); // (values of one statement: the next may change what they read)
                switch (statement)
                {
                    case Block block:
                    {
                        var inner = new List<VStmt>();
                        if (!Statements(block, inner)) return false;
                        output.Add(new VBlock(inner.ToEquatableArray()));
                        return true;
                    }
                    case Declare declare:
                        return Declare(declare, output);
                    case Assign assign:
                        return Assign(assign, output);
                    case Update update:
                        return UpdateOf(update, output);
                    case If branch:
                        return If(branch, output);
                    case For loop:
                        return InnerLoop(loop, output);
                    case While loop:
                        return While(loop, output);
                    case Jump jump:
                        return Fail($"a '{(jump.IsBreak ? "break" : "continue")}' statement");
                    case Evaluate:
                        return Fail("a call or expression statement");
                    case OpaqueStmt opaque:
                        return Fail($"a statement KernelGen does not vectorize ({opaque.Why})");
                    default:
                        return Fail("an unsupported statement");
                }
            }

            /// <summary>
            /// Locals holding a row of a jagged array declared outside the loop (<c>double[] w = weights[i];</c>), never
            /// assigned again and not named by code the IR keeps as text: each use reads the row through its expression
            /// (<c>weights[i][j]</c>), which the planner gathers lane by lane, or reads once when it is the same for every
            /// lane. The declaration still reads the row where the scalar code does (see <see cref="Declare"/>).
            /// </summary>
            private Block RowAliases(Block region)
            {
                var assigned = new HashSet<Var>();
                var named = new HashSet<Var>();
                var candidates = new List<Declare>();
                void Walk(Stmt s)
                {
                    switch (s)
                    {
                        case Block b: foreach (Stmt inner in b.Statements) Walk(inner); break;
                        case Declare d when d.Variable.Type is ArrayType { Rank: 1 } && d.Init is Element { Indices.Count: 1, Array: Read { Variable.Type: ArrayType { Rank: 1, Element: ArrayType { Rank: 1 } } } }:
                            candidates.Add(d);
                            break;
                        case Assign { Target: Read r }: assigned.Add(r.Variable); break;
                        case Update { Target: Read r }: assigned.Add(r.Variable); break;
                        case If f: Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                        case For f: Walk(f.Body); break;
                        case While w: Walk(w.Body); break;
                        case OpaqueStmt o: foreach (Var v in o.Writes) assigned.Add(v); foreach (Var v in o.Uses) named.Add(v); break;
                    }
                }
                Walk(region);
                Rewrite.Statement(region, e => { if (e is Opaque o) foreach (Var v in o.Uses) named.Add(v); return null; });
                foreach (Declare d in candidates)
                    if (!assigned.Contains(d.Variable) && !named.Contains(d.Variable) && Nodes(d.Init!).OfType<Read>().All(r => !assigned.Contains(r.Variable)))
                        _rowAliases[d.Variable] = (Element)d.Init!;
                if (_rowAliases.Count == 0) return region;
                return (Block)Rewrite.Statement(region, e => e is Read r && _rowAliases.TryGetValue(r.Variable, out Element? row) ? row : null);
            }

            private readonly Dictionary<Var, Element> _rowAliases = new();

            /// <summary>A jagged array whose rows, one per lane, are tiled per step (<see cref="RowTiles"/>).</summary>
            private sealed class Tile
            {
                public string Rows = "", Elem = "", Ref = "";
                /// <summary>The tile's key in <see cref="_tiles"/>: the rows' name, or for a flat array its name and stride.</summary>
                public string Key = "";
                /// <summary>Rows laid end to end in the one array <see cref="Rows"/> (<c>w[x * n + d]</c>), this far apart (C#); else null.</summary>
                public string? Stride;
                public Var Length = null!;
                /// <summary>The rows of a rectangular array (<c>grid[x, d]</c>), not a jagged one's.</summary>
                public bool Grid;
                /// <summary>The bounds of the loops whose counters subscript the rows.</summary>
                public readonly List<Expr> Limits = new();
                public bool Used;
            }

            private readonly Dictionary<string, Tile> _tiles = new(System.StringComparer.Ordinal);
            private List<VRowTile> _tileStatements = new();

            /// <summary>
            /// Rows one per lane (<c>rows[x]</c>, x the PRange index on the lanes) read only at the counter of a loop inside
            /// the step that starts at a constant ≥ 0 (<c>p[d]</c> in <c>for (d = 0; d &lt; p.Length; d++)</c>) and asked
            /// for their length: the step copies them into a tile first (<see cref="VRowTile"/>), and those loops read
            /// whole vectors from it instead of gathering an element per lane per iteration (k-means, dense layers over
            /// jagged weights, rows of a matrix-vector product). The copy checks that the rows have one length and that
            /// every such loop stays below it (else the scalar loop runs the step), so the tile holds exactly the elements
            /// the scalar code would read; <c>rows[x].Length</c> becomes that length, a value of the step. Rows that
            /// are stored to, or used any other way, keep today's path.
            /// </summary>
            /// <summary>
            /// Loops of 1 to 4 constant iterations at the step's top level whose body is only element stores and updates
            /// (<c>for (int c = 0; c &lt; 3; c++) px[o + c] = …</c>: a pixel's channels), written out, the counter a constant
            /// in each copy, in the loop's order: the stores are then the step's own (a group of channels) instead of
            /// stores inside an inner loop, which kept the lanes on the 3-iteration loop (PhotoToolsDotNet's posterize).
            /// </summary>
            private static Block Unrolled(Block region)
            {
                if (!region.Statements.Any(Small)) return region;
                var statements = new List<Stmt>();
                foreach (Stmt statement in region.Statements)
                {
                    if (statement is not For loop || !Small(loop)) { statements.Add(statement); continue; }
                    int first = (int)((Const)loop.Start).Value, end = (int)((Const)loop.Limit).Value + (loop.Inclusive ? 1 : 0);
                    for (int c = first; c < end; c++)
                    {
                        int value = c;
                        foreach (Stmt inner in loop.Body.Statements)
                            statements.Add(Rewrite.Statement(inner, e => e is Read { Variable: var v } && v.Equals(loop.Counter) ? new Const(value, IrType.Int) : null));
                    }
                }
                return region with { Statements = statements.ToEquatableArray() };

                static bool Small(Stmt st) => st is For { Start: Const { Value: int lo }, Limit: Const { Value: int hi } } loop
                    && loop.Counter.Type == IrType.Int && (loop.Inclusive ? (long)hi + 1 : hi) - lo is >= 1 and <= 4
                    && loop.Body.Statements.All(s => s is Assign { Target: Element } or Update { Target: Element })
                    && !loop.Body.Statements.Any(s => s is Assign { Target: Element { Array: Read { Variable: var a } } } && a.Equals(loop.Counter));
            }

            private Block RowTiles(Block region)
            {
                // (KernelRuntime.TileRows takes an int first row: a long index, PRange over longs, keeps today's path.)
                if (_lane is not null || Lanes16 || TypeName(_x.Type) != "int") return region;
                var loops = new Dictionary<Var, For>();
                foreach (For f in Loops(region)) loops[f.Counter] = f;
                var reads = new Dictionary<string, List<For>>(System.StringComparer.Ordinal);
                var bad = new HashSet<string>(System.StringComparer.Ordinal);
                var rowVars = new Dictionary<string, Var>(System.StringComparer.Ordinal);
                var strides = new Dictionary<string, string>(System.StringComparer.Ordinal);
                bool IsRow(Expr e, out Var rows)
                {
                    rows = null!;
                    if (e is not Element { Array: Read { Variable: var v }, Indices.Count: 1 } row || row.Indices[0] is not Read { Variable: var i } || !i.Equals(_x)) return false;
                    if (v.Type is not ArrayType { Rank: 1, Element: ArrayType { Rank: 1 } } || !Outside(v)) return false;
                    rows = v;
                    return true;
                }
                // Constants, invariants and the counters of loops inside the step (every lane runs them alike).
                bool SameForEveryLane(Expr index) => Nodes(index).All(n => n switch
                {
                    Const or Unary or Binary or Convert => true,
                    Read { Variable: var v } => loops.ContainsKey(v) || !v.Equals(_x) && Outside(v),
                    _ => false,
                });
                // A rectangular array's row per lane: grid[x, d], read-only (its rows lie apart, one length).
                bool IsGrid(Expr e, out Var grid)
                {
                    grid = null!;
                    if (e is not Read { Variable: { Type: ArrayType { Rank: 2, Element: not ArrayType } } v } || !Outside(v)) return false;
                    grid = v;
                    return true;
                }
                void Visit(Expr root)
                {
                    Rewrite.Expression(root, e =>
                    {
                        switch (e)
                        {
                            case Element { Indices.Count: 2 } cell when IsGrid(cell.Array, out Var grid):
                                rowVars[grid.Name] = grid;
                                if (cell.Indices[0] is Read { Variable: var gi } && gi.Equals(_x) && cell.Indices[1] is Read { Variable: var gc }
                                    && loops.TryGetValue(gc, out For? gridLoop) && !gridLoop.Inclusive && gridLoop.Start is Const { Value: int gridStart } && gridStart >= 0)
                                    (reads.TryGetValue(grid.Name, out var gridList) ? gridList : reads[grid.Name] = new List<For>()).Add(gridLoop);
                                // (A read every lane makes alike, at inner counters and invariants — a[j, k] beside the tiled
                                // a[i, k] of a distance matrix — is an ordinary read of the same read-only grid.)
                                else if (!cell.Indices.All(SameForEveryLane)) bad.Add(grid.Name);
                                return null;
                            case Element { Indices.Count: 1 } el when IsRow(el.Array, out Var rows):
                                rowVars[rows.Name] = rows;
                                if (el.Indices[0] is Read { Variable: var c } && loops.TryGetValue(c, out For? loop) && !loop.Inclusive
                                    && loop.Start is Const { Value: int start } && start >= 0)
                                    (reads.TryGetValue(rows.Name, out var list) ? list : reads[rows.Name] = new List<For>()).Add(loop);
                                else bad.Add(rows.Name);
                                return e;
                            case Length { Dimension: < 0 } length when IsRow(length.Array, out Var rows):
                                rowVars[rows.Name] = rows;
                                return e;
                            case Element { Array: Read { Variable: var flat }, Indices.Count: 1 } el when FlatRow(flat, el.Indices[0], loops.ContainsKey) is { } at
                                && loops[at.Counter] is { Inclusive: false, Start: Const { Value: int flatStart } } flatLoop && flatStart >= 0:
                            {
                                // A row-major matrix in a flat array, w[x * n + d]: row x one per lane, like rows[x][d].
                                string key = FlatKey(flat, at.Stride);
                                rowVars[key] = flat;
                                strides[key] = at.Stride;
                                (reads.TryGetValue(key, out var flatList) ? flatList : reads[key] = new List<For>()).Add(flatLoop);
                                return e;
                            }
                            default:
                                if (IsRow(e, out Var other)) bad.Add(other.Name); // the row itself, passed or held
                                return null;
                        }
                    });
                }
                void Walk(Stmt st)
                {
                    switch (st)
                    {
                        case Block b: foreach (Stmt inner in b.Statements) Walk(inner); break;
                        case Declare d when _rowAliases.ContainsKey(d.Variable): break; // the row's local (its uses are the rows now)
                        case Declare d: if (d.Init is not null) Visit(d.Init); break;
                        case Assign a: MarkStore(a.Target); Visit(a.Target); Visit(a.Value); break;
                        case Update u: MarkStore(u.Target); Visit(u.Target); Visit(u.Value); break;
                        case If f: Visit(f.Condition); Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                        case For f: Visit(f.Start); Visit(f.Limit); Walk(f.Body); break;
                        case While w: Visit(w.Condition); Walk(w.Body); break;
                        case Evaluate ev: Visit(ev.Expression); break;
                        case OpaqueStmt o: foreach (Var v in o.Uses.Concat(o.Writes)) bad.Add(v.Name); break;
                    }
                }
                void MarkStore(Expr target)
                {
                    // A store into a row, or into the jagged array itself.
                    if (target is Element { Array: var array })
                        foreach (Expr n in Nodes(array)) if (n is Read { Variable: var v }) bad.Add(v.Name);
                }
                Walk(region);
                Rewrite.Statement(region, e => { if (e is Opaque o) foreach (Var v in o.Uses) bad.Add(v.Name); return null; });
                foreach (KeyValuePair<string, List<For>> read in reads)
                {
                    if (bad.Contains(read.Key) || bad.Contains(rowVars[read.Key].Name)) continue;
                    bool grid = rowVars[read.Key].Type is ArrayType { Rank: 2 };
                    IrType? element = rowVars[read.Key].Type switch
                    {
                        ArrayType { Rank: 2, Element: var cell } => cell,
                        ArrayType { Rank: 1, Element: ArrayType { Rank: 1, Element: var cell } } => cell,
                        ArrayType { Rank: 1, Element: var cell } when strides.ContainsKey(read.Key) => cell,
                        _ => null,
                    };
                    if (element is null || TypeName(element) is not ("float" or "double" or "int" or "long") || TypeName(element) is not { } elem) continue;
                    int n = _tiles.Count;
                    var tile = new Tile
                    {
                        Rows = rowVars[read.Key].Name, Key = read.Key, Stride = strides.TryGetValue(read.Key, out string? stride) ? stride : null,
                        Elem = elem, Grid = grid, Ref = $"__kg_tile{n}", Length = new Var($"__kg_tile{n}_length", IrType.Int, VarKind.Shared, -2000 - n),
                    };
                    _tiles[read.Key] = tile;
                    foreach (For loop in read.Value.Distinct()) tile.Limits.Add(loop.Limit);
                }
                if (_tiles.Count == 0) return region;
                // rows[x].Length is the tile's length; a loop's bound that is some other expression must be computable at the
                // step's start (checked there against the length).
                Block rewritten = (Block)Rewrite.Statement(region, e => e is Length { Dimension: < 0 } length && IsRow(length.Array, out Var rows) && _tiles.TryGetValue(rows.Name, out Tile? t)
                    ? new Read(t.Length) : null);
                foreach (Tile t in _tiles.Values.ToList())
                {
                    for (int k = 0; k < t.Limits.Count; k++)
                        t.Limits[k] = Rewrite.Expression(t.Limits[k], e => e is Length { Dimension: < 0 } length && IsRow(length.Array, out Var rows) && rows.Name == t.Rows ? new Read(t.Length) : null);
                    if (t.Limits.Any(l => !(l is Read r && r.Variable.Equals(t.Length)) && (!Bound(l) || Print(l) is null))) _tiles.Remove(t.Key);
                }
                return _tiles.Count == 0 ? region : rewritten;
            }

            /// <summary>
            /// A step copies its rows into tiles before it stores: a row that is also an array (or span) the loop stores to
            /// (y = a[5], a span over the grid) would be stale in the tile. The vector path is taken where none of the rows
            /// the chunk tiles, [first, end), is one (compared once a chunk: a 1-D array by reference, only where it can
            /// be a row at all; a span by memory, O(1) against a grid's rows), and a stored grid is not the tiled grid.
            /// </summary>
            private IEnumerable<VGuard> TileGuards()
            {
                const string R = "global::KernelGen.KernelRuntime.";
                foreach (Tile tile in _tiles.Values.Where(t => t.Used))
                    foreach (ArrayUse stored in _arrays.Values.Where(a => a.Written))
                    {
                        bool sameStorage = Stored(stored.Elem) == Stored(tile.Elem);
                        if (tile.Stride is not null)
                        {
                            // A flat array's rows: the stored array is not that array (a span: does not overlap it).
                            if (stored.Kind == ArrayRefKind.Array && sameStorage) yield return new NotAliased(stored.Holder, tile.Rows, null);
                            else if (stored.Kind == ArrayRefKind.Span) yield return new NotAliased(stored.Holder, tile.Rows, stored.Declared) { SecondElem = tile.Elem };
                            continue;
                        }
                        switch (stored.Kind)
                        {
                            case ArrayRefKind.Multi when tile.Grid && sameStorage && stored.Rank == 2:
                                yield return new Holds($"!global::System.Object.ReferenceEquals({tile.Rows}, {stored.Holder})");
                                break;
                            case ArrayRefKind.Array when !tile.Grid && sameStorage:
                                yield return new Holds($"!{R}RowsHold({tile.Rows}, {stored.Holder}, __kg_x, __kg_xend)");
                                break;
                            case ArrayRefKind.Span:
                                yield return new Holds($"!{R}RowsOverlap({tile.Rows}, (global::System.ReadOnlySpan<{stored.Declared}>){stored.Holder}, __kg_x, __kg_xend)");
                                break;
                        }
                    }
            }

            /// <summary>
            /// <c>x * stride + c</c> (in either order, either product's order) with c the counter of a loop inside the step
            /// (<paramref name="isCounter"/>) and the stride a positive int constant or an int the loop over the lanes leaves
            /// alone: a flat array's row x at element c. Null for anything else.
            /// </summary>
            private (Var Counter, string Stride)? FlatRow(Var array, Expr index, System.Func<Var, bool> isCounter)
            {
                if (array.Type is not ArrayType { Rank: 1, Element: not ArrayType } || !Outside(array)) return null;
                if (index is not Binary { Op: BinaryOp.Add, Checked: false, Left: var left, Right: var right } || TypeName(index.Type) != "int") return null;
                foreach ((Expr counter, Expr product) in new[] { (left, right), (right, left) })
                {
                    if (counter is not Read { Variable: var c } || !isCounter(c)
                        || product is not Binary { Op: BinaryOp.Multiply, Checked: false, Left: var a, Right: var b }) continue;
                    Expr stride = a is Read { Variable: var ax } && ax.Equals(_x) ? b : b is Read { Variable: var bx } && bx.Equals(_x) ? a : null!;
                    if (stride is Const { Value: int k } && k >= 1 || stride is Read { Variable: var s } && TypeName(s.Type) == "int" && !s.Equals(_x) && !isCounter(s) && Outside(s))
                        return Print(stride) is { } text ? (c, text) : null;
                }
                return null;
            }

            private static string FlatKey(Var array, string stride) => $"{array.Name}[x * {stride}]";

            /// <summary>The tile an element read of a row per lane comes from (rows[x][d], grid[x, d] or flat[x * n + d]), or null; <paramref name="index"/>: the element in the row.</summary>
            private Tile? TileOf(Element access, out string index)
            {
                index = "";
                if (_tiles.Count == 0) return null;
                if (access is { Array: Read { Variable: var flat }, Indices.Count: 1 } && FlatRow(flat, access.Indices[0], _counterVars.Contains) is { } flatAt)
                {
                    index = flatAt.Counter.Name;
                    return _tiles.TryGetValue(FlatKey(flat, flatAt.Stride), out Tile? flatTile) ? flatTile : null;
                }
                if (access.Indices[access.Indices.Count - 1] is not Read { Variable: var c } || !_counterVars.Contains(c)) return null;
                index = Print(access.Indices[access.Indices.Count - 1])!;
                (Expr holder, Expr at, bool grid) = access switch
                {
                    { Indices.Count: 1, Array: Element { Indices.Count: 1 } row } => (row.Array, row.Indices[0], false),
                    { Indices.Count: 2 } => (access.Array, access.Indices[0], true),
                    _ => (null!, null!, false),
                };
                return holder is Read { Variable: var rows } && at is Read { Variable: var i } && i.Equals(_x)
                    && _tiles.TryGetValue(rows.Name, out Tile? tile) && tile.Grid == grid ? tile : null;
            }

            private bool Declare(Declare declare, List<VStmt> output)
            {
                Var v = declare.Variable;
                if (declare.Init is not null && !_assigned.Contains(v)) _definitions[v] = declare.Init;
                if (_rowAliases.TryGetValue(v, out Element? row))
                {
                    // The row read where the scalar code reads it (it throws there when its index is out of range).
                    if (Uniform(row) && Print(row) is { } rowText)
                    {
                        output.Add(new VScalar($"_ = {rowText}; // {v.Name}: used through this expression"));
                        return true;
                    }
                    // A tiled row: the step's copy read every lane's row, in range and not null, or the step did not run.
                    if (row.Array is Read { Variable: var tiled } && _tiles.TryGetValue(tiled.Name, out Tile? tile) && row.Indices[0] is Read { Variable: var at } && at.Equals(_x))
                        return tile.Used = true;
                    var inputs = new List<VExpr>();
                    if (LaneCode(row, inputs, output, top: true) is not { } code) return false;
                    _perLane.Add("rows read one by one");
                    _laneByLane++;
                    _laneRisky++; // (bounds-checked, as the scalar read)
                    output.Add(new VPerLane($"__kg_p{_temps++}", Lane, inputs.ToEquatableArray(), $"_ = {code}", _mask, $"{v.Name}: its row") { Line = _line, Store = true });
                    return true;
                }
                string? type = TypeName(v.Type);
                if (NarrowName(v.Type) is { } narrow && !Lanes16)
                {
                    // A byte, sbyte, short or ushort local: int lanes holding its value (C# computes with it as an int).
                    Value? initial = declare.Init is null ? new Value(new VBroadcast("0", Lane), "int") : NarrowValue(declare.Init, output);
                    if (initial is not { } held) return false;
                    _narrowVars[v] = narrow;
                    _vectors[v] = ("int", _level);
                    output.Add(new VDeclare("__kg_v_" + Bare(v.Name), held.Code));
                    return true;
                }
                if (type is null) return Fail($"local '{v.Name}' has type {v.Type.Name} (vectors take float, double, int, long)");
                // (A bool local is a mask: all bits set in the lanes where it is true.)
                // 16-bit lanes: the bounds of an int assigned once (a constant, a weighted sum of pixels …).
                if (type is "int" or "uint" && declare.Init is not null && !_assigned.Contains(v) && RangeOf(declare.Init) is { } range) _ranges[v] = range;
                // An int never assigned again whose value is a polynomial in x with a constant coefficient (0, 1, or a stride
                // such as 3 for packed pixels): a scalar, the first lane's value; lane l holds it plus coefficient · l.
                if (type == "int" && declare.Init is not null && (!_assigned.Contains(v) || OnlyStepped(v)) && Affine(declare.Init, clamps: true) is { } poly && XCoefficient(poly) is not null
                    && Print(declare.Init) is { } text)
                {
                    _shadows[v] = poly;
                    output.Add(new VScalar($"int {v.Name} = {text}; // the first lane's value") { Declares = v.Name });
                    return true;
                }
                // An int assigned only here from the index's quotients (x = p % w, y = p / w, x = p - y * w): its lanes (see
                // ConsecutiveQuotient) for what computes with it, and the first lane's value, a scalar, for subscripts that put
                // the index back together (y * w + x is p: consecutive elements). Unmasked: its scalar divides in every step.
                if (type == "int" && declare.Init is not null && !_assigned.Contains(v) && _mask is null && AffineTerms(declare.Init) is { } split
                    && split.Terms.Any(t => QuotientTerm(t.Key)) && !split.Terms.Any(t => ClampTerm(t.Key)))
                {
                    if (Expression(declare.Init, output) is not { } lanes) return false;
                    if (lanes.Type != "int") return Fail($"'{v.Name}' is initialized with a {lanes.Type}");
                    _splits[v] = split;
                    _vectors[v] = (type, _level);
                    output.Add(new VDeclare("__kg_v_" + Bare(v.Name), lanes.Code));
                    output.Add(new VScalar($"int {v.Name} = {(_wide ? "(int)" : "")}global::KernelGen.KernelRuntime.FirstLane(__kg_v_{Bare(v.Name)}); // the first lane's value") { Declares = v.Name });
                    return true;
                }
                // Assigned only here, with a value every lane computes alike (inner counters, invariants, elements of arrays the
                // loop does not store: a polygon's py[j], k = j == 0 ? m - 1 : j - 1): a scalar every lane reads, not a
                // vector of copies, so that what it subscripts stays one read for all lanes instead of a gather. Under a mask
                // only when it cannot throw (no lane might run it).
                if (declare.Init is not null && !_assigned.Contains(v) && type is "int" or "long" or "float" or "double" && Uniform(declare.Init)
                    && (_mask is null || !MayThrow(declare.Init)) && Print(declare.Init) is { } same)
                {
                    RegisterReads(declare.Init);
                    if (MayThrow(declare.Init)) { _risky++; _riskyUniforms.Add(declare.Init); }
                    _uniformLocals.Add(v);
                    output.Add(new VScalar($"{type} {v.Name} = {same}; // the same in every lane") { Declares = v.Name });
                    // And its lanes once, for the vector expressions that read it (broadcast at each use, the broadcast would
                    // stay inside inner loops: Mandelbrot's ci in its escape loop).
                    if (!(!_wide && type is "double" or "long" || _wide && type == "float" && !_floatsInDouble || Lanes16 && type == "float"))
                    {
                        _vectors[v] = (type, _level);
                        output.Add(new VDeclare("__kg_v_" + Bare(v.Name), new VBroadcast(v.Name, Elem(type)!)));
                    }
                    return true;
                }
                string name = "__kg_v_" + Bare(v.Name);
                if (declare.Init is null)
                {
                    _vectors[v] = (type, _level);
                    output.Add(new VDeclareZero(name, Elem(type)!));
                    return true;
                }
                if (Expression(declare.Init, output) is not { } value) return false;
                if (value.Type != type) return Fail($"'{v.Name}' is initialized with a {value.Type}");
                _vectors[v] = (type, _level);
                output.Add(new VDeclare(name, value.Code));
                return true;
            }

            private bool Assign(Assign assign, List<VStmt> output)
            {
                if (assign.Target is Element element) return Store(element, null, assign.Value, output);
                if (assign.Target is not Read { Variable: var v }) return Fail("an assignment KernelGen does not vectorize");
                if (_reductions.TryGetValue(v.Name, out ReductionSpec? reduction) && v.Kind == VarKind.Shared)
                {
                    // s = Math.Min(s, e) / Math.Max; s = s + e, s = e + s, s = s - e.
                    if (assign.Value is MathCall { Fn: MathFn.Min or MathFn.Max, Arguments.Count: 2 } call && reduction.Family is "min" or "max"
                        && (call.Fn == MathFn.Min) == (reduction.Family == "min"))
                    {
                        Expr? other = IsVar(call.Arguments[0], v) ? call.Arguments[1] : IsVar(call.Arguments[1], v) ? call.Arguments[0] : null;
                        if (other is null) return Fail($"reduction '{v.Name}' is not 's = Math.{call.Fn}(s, e)'");
                        return Accumulate(reduction, reduction.Family, other, output);
                    }
                    // m = v < m ? v : m (the select idiom, no index): as an argmin whose index the loop does not keep.
                    if (assign.Value is Select { Condition: Compare test, WhenFalse: Read { Variable: var kept } } choice && kept.Equals(v) && !reduction.HasIndex)
                        return SelectOf(reduction, test, choice.WhenTrue, null, output);
                    if (assign.Value is Binary { Op: BinaryOp.Add or BinaryOp.Subtract } sum && reduction.Family == "sum")
                    {
                        if (IsVar(sum.Left, v)) return Accumulate(reduction, sum.Op == BinaryOp.Add ? "+" : "-", sum.Right, output);
                        if (sum.Op == BinaryOp.Add && IsVar(sum.Right, v)) return Accumulate(reduction, "+", sum.Left, output);
                    }
                    // h = h ^ e, m = e | m …: as h ^= e.
                    if (assign.Value is Binary bits && BitwiseOp(bits.Op, reduction.Family) is { } bitOp)
                    {
                        if (IsVar(bits.Left, v)) return Accumulate(reduction, bitOp, bits.Right, output);
                        if (IsVar(bits.Right, v)) return Accumulate(reduction, bitOp, bits.Left, output);
                    }
                    return Fail($"reduction '{v.Name}' is not a vectorizable sum, count, int/long min or max, or integer ^ | &");
                }
                // m = Math.Max(m, e) / Math.Min into a local of the body (a row's maximum): exact in any order.
                if (assign.Value is MathCall { Fn: MathFn.Min or MathFn.Max, Arguments.Count: 2 } extreme && Accumulator(v, extreme.Fn) is { } private0)
                    return Accumulate(private0, private0.Family, IsVar(extreme.Arguments[0], v) ? extreme.Arguments[1] : extreme.Arguments[0], output);
                if (Accumulator(v) is { } private1 && assign.Value is Binary { Op: BinaryOp.Add or BinaryOp.Subtract } sum1)
                {
                    if (IsVar(sum1.Left, v)) return Accumulate(private1, sum1.Op == BinaryOp.Add ? "+" : "-", sum1.Right, output);
                    if (sum1.Op == BinaryOp.Add && IsVar(sum1.Right, v)) return Accumulate(private1, "+", sum1.Left, output);
                }
                if (!_vectors.TryGetValue(v, out var variable)) return Fail($"it assigns '{v.Name}', {NotLaneLocal(v)}");
                if ((_narrowVars.ContainsKey(v) ? NarrowValue(assign.Value, output) : Expression(assign.Value, output)) is not { } value) return false;
                if (value.Type != variable.Type) return Fail($"'{v.Name} = …' mixes {variable.Type} and {value.Type}");
                Set("__kg_v_" + Bare(v.Name), variable, value.Code, output);
                return true;
            }

            /// <summary>Why a variable the step assigns has no lanes: declared before the inner loop whose iterations are the lanes (its value goes from one iteration to the next), or outside the PRange loop.</summary>
            private string NotLaneLocal(Var v) => _lane is not null && v.Kind is VarKind.Private or VarKind.Counter
                ? $"declared before the loop whose iterations are the lanes (each iteration would need the value the one before it left)"
                : "which is not a local of the loop's body";

            private static bool IsVar(Expr e, Var v) => e is Read r && r.Variable.Equals(v)
                || e is Convert { Operand: Read r2 } && r2.Variable.Equals(v) && false;

            /// <summary>
            /// Whether every write of <paramref name="v"/> (declared at the step's top level) is a top-level <c>++v</c>,
            /// <c>v += c</c> or <c>v -= c</c> with a constant c (a cursor through a pixel's channels, <c>bottom[j] = …; ++j;</c>):
            /// its value stays a polynomial in x, moved by c at each step (<see cref="UpdateOf"/>).
            /// </summary>
            private bool OnlyStepped(Var v)
            {
                if (_depth > 0 || _mask is not null || !_region.Statements.Any(st => st is Declare d && d.Variable.Equals(v))) return false;
                int stepped = _region.Statements.Count(st => CursorStep(st) is { } step && step.Cursor.Equals(v));
                return stepped > 0 && Writes(_region, v) == stepped;

                static int Writes(Stmt st, Var v) => st switch
                {
                    Block b => b.Statements.Sum(x => Writes(x, v)),
                    Assign { Target: Read { Variable: var t } } when t.Equals(v) => 1,
                    Update { Target: Read { Variable: var t } } when t.Equals(v) => 1,
                    If f => Writes(f.Then, v) + (f.Else is null ? 0 : Writes(f.Else, v)),
                    For l => Writes(l.Body, v) + (l.Counter.Equals(v) ? 1 : 0),
                    While w => Writes(w.Body, v),
                    OpaqueStmt o => o.Writes.Contains(v) ? 1 : 0,
                    _ => 0,
                };
            }

            /// <summary>A cursor's step: <c>++v</c>, <c>v += c</c> or <c>v -= c</c>, c a constant int, unchecked, in v's type; the variable and how far.</summary>
            private static (Var Cursor, long Delta)? CursorStep(Stmt statement) =>
                statement is Update { Target: Read { Variable: var v }, Op: BinaryOp.Add or BinaryOp.Subtract, Value: Const { Value: int c }, Checked: false } u && u.Result.Equals(v.Type)
                    ? (v, u.Op == BinaryOp.Add ? c : -(long)c) : null;

            private bool UpdateOf(Update update, List<VStmt> output)
            {
                // A stepped cursor (OnlyStepped): the first lane's value moves by c, and so does the polynomial.
                if (CursorStep(update) is { } step && _shadows.TryGetValue(step.Cursor, out Poly? at) && _depth == 0 && _mask is null)
                {
                    _shadows[step.Cursor] = at.Plus(Poly.Constant(step.Delta));
                    string moved = step.Delta < 0 ? $"-= {-step.Delta}" : $"+= {step.Delta}";
                    output.Add(new VScalar($"{step.Cursor.Name} {moved}; // the first lane's value moves on"));
                    return true;
                }
                if (update.Checked && update.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply && TypeName(update.Result) is "int" or "long" or "uint")
                    return Fail(CheckedWhy);
                if (update.Target is Element element) return Store(element, update.Op, update.Value, output);
                if (update.Target is not Read { Variable: var v }) return Fail("an update KernelGen does not vectorize");
                if (!update.Result.Equals(v.Type)) return Fail($"'{v.Name}' is updated in another type");
                if (_reductions.TryGetValue(v.Name, out ReductionSpec? reduction) && v.Kind == VarKind.Shared)
                {
                    if (BitwiseOp(update.Op, reduction.Family) is { } bitOp) return Accumulate(reduction, bitOp, update.Value, output);
                    if (reduction.Family != "sum" || update.Op is not (BinaryOp.Add or BinaryOp.Subtract))
                        return Fail($"reduction '{v.Name}' is not a '+=' / '-=' sum or an integer '^=' / '|=' / '&='");
                    return Accumulate(reduction, update.Op == BinaryOp.Add ? "+" : "-", update.Value, output);
                }
                if (Accumulator(v) is { } private2 && update.Op is BinaryOp.Add or BinaryOp.Subtract)
                    return private2.Type == "float" && _floatsInDouble
                        ? Fail($"'{v.Name}' sums floats in double lanes (each addition would need rounding to float)")
                        : Accumulate(private2, update.Op == BinaryOp.Add ? "+" : "-", update.Value, output);
                if (!_vectors.TryGetValue(v, out var variable))
                    return Fail(TypeName(v.Type) is "float" or "double" && _lane is not null && !_declaredInRegion.Contains(v)
                        ? $"it sums into '{v.Source ?? v.Name}' across the lanes, which reorders floating-point additions; [ParallelKernel(FastMath = true)] allows it"
                        : $"it changes '{v.Source ?? v.Name}', {NotLaneLocal(v)}");
                string op = update.Op switch { BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/", _ => "" };
                if (op.Length == 0)
                {
                    // &=, |=, ^=, <<=, >>=, %=: the binary operator's vector form (or its refusal), assigned back.
                    if (Expression(new Binary(update.Op, new Read(v), update.Value, v.Type, update.Checked), output) is not { } result) return false;
                    Set("__kg_v_" + Bare(v.Name), variable, result.Code, output);
                    return true;
                }
                if (op == "/" && variable.Type is "int" or "long") return Fail("integer division");
                if (Expression(update.Value, output) is not { } value) return false;
                if (value.Type != variable.Type) return Fail($"'{v.Name} {op}= …' mixes {variable.Type} and {value.Type}");
                string name = "__kg_v_" + Bare(v.Name);
                bool wrap = variable.Type == "int" && _wide;
                // A while loop's counter 'n < bound' incremented by one never wraps in an active lane.
                if (op == "+" && _bounded.Contains(v) && update.Value is Const { Value: 1 }) wrap = false;
                VExpr updated = new VBinary(op, new VLocal(name, Elem(variable.Type)!), value.Code, Elem(variable.Type)!, wrap);
                // A float in a double lane: the operation rounded to float, as C# computes 'f op= e' (see Binary).
                Set(name, variable, variable.Type == "float" && _floatsInDouble ? Round32(updated) : updated, output);
                return true;
            }

            /// <summary>Assigns a vector local; inside a branch or while loop that began after its declaration, only the active lanes.</summary>
            private void Set(string name, (string Type, int Level) variable, VExpr value, List<VStmt> output) =>
                output.Add(new VAssign(name, value, _mask is not null && variable.Level < _level ? _mask : null));

            /// <summary>
            /// A local of the PRange body declared before the loop over the lanes, that the loop only sums into
            /// (<c>s += e</c>, <c>s -= e</c>, <c>s = s + e</c>): it runs on vector accumulators, folded back after the vector
            /// loop (the scalar remainder then adds the rest in order). Exact for ints and longs; floating point reorders
            /// the additions, so only with FastMath. Null when <paramref name="v"/> is not one.
            /// </summary>
            /// <remarks>
            /// With <paramref name="extreme"/> (Min or Max): a local the loop only folds into with <c>m = Math.Max(m, e)</c>
            /// (or <c>Math.Max(e, m)</c>, MathF's alike), each use; exact for floating point too, in any order (see
            /// <see cref="Accumulate"/>), so without FastMath.
            /// </remarks>
            private ReductionSpec? Accumulator(Var v, MathFn? extreme = null)
            {
                if (_lane is null || _declaredInRegion.Contains(v) || v.Kind is not (VarKind.Private or VarKind.Counter)) return null;
                string? type = TypeName(v.Type);
                if (type is not ("int" or "long" or "float" or "double")) return null;
                if (type is "float" or "double" && !_input.FastMath && extreme is null) return null;
                if (!OnlySummedInto(_region, v, extreme)) return null;
                if (!_privateAccumulators.Contains(v)) _privateAccumulators.Add(v);
                return extreme is null ? new ReductionSpec(v.Name, type, "sum", "0", "+=")
                    : new ReductionSpec(v.Name, type, extreme == MathFn.Min ? "min" : "max", "", "");
            }

            private readonly List<Var> _privateAccumulators = new();

            /// <summary>
            /// Every use of <paramref name="v"/> in the statement is a sum update of it (s += e, s -= e, s = s ± e with e not
            /// using s), or with <paramref name="extreme"/> a fold <c>s = Math.Min(s, e)</c> (Max; either argument order).
            /// </summary>
            private static bool OnlySummedInto(Stmt statement, Var v, MathFn? extreme = null)
            {
                bool ok = true;
                bool Uses(Expr? e) => e is not null && Nodes(e).Any(n => n is Read r && r.Variable.Equals(v));
                void Walk(Stmt s)
                {
                    switch (s)
                    {
                        case Block b: foreach (Stmt inner in b.Statements) Walk(inner); break;
                        case Declare d: if (Uses(d.Init)) ok = false; break;
                        case Update { Target: Read r } u when r.Variable.Equals(v):
                            if (extreme is not null || u.Op is not (BinaryOp.Add or BinaryOp.Subtract) || Uses(u.Value) || !u.Result.Equals(v.Type)) ok = false;
                            break;
                        case Assign { Target: Read r } a when r.Variable.Equals(v) && extreme is not null:
                            if (!(a.Value is MathCall { Arguments.Count: 2 } call && call.Fn == extreme && call.Type.Equals(v.Type)
                                  && (IsVar(call.Arguments[0], v) && !Uses(call.Arguments[1]) || IsVar(call.Arguments[1], v) && !Uses(call.Arguments[0]))))
                                ok = false;
                            break;
                        case Assign { Target: Read r } a when r.Variable.Equals(v):
                            if (!(a.Value is Binary { Op: BinaryOp.Add or BinaryOp.Subtract } sum
                                  && (IsVar(sum.Left, v) && !Uses(sum.Right) || sum.Op == BinaryOp.Add && IsVar(sum.Right, v) && !Uses(sum.Left))))
                                ok = false;
                            break;
                        case Assign a: if (Uses(a.Target) || Uses(a.Value)) ok = false; break;
                        case Update u: if (Uses(u.Target) || Uses(u.Value)) ok = false; break;
                        case If f: if (Uses(f.Condition)) ok = false; Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                        case For l: if (Uses(l.Start) || Uses(l.Limit)) ok = false; Walk(l.Body); break;
                        case While w: if (Uses(w.Condition)) ok = false; Walk(w.Body); break;
                        case Evaluate e: if (Uses(e.Expression)) ok = false; break;
                        case OpaqueStmt o: if (o.Uses.Contains(v)) ok = false; break;
                    }
                }
                Walk(statement);
                return ok;
            }

            /// <summary>The C# operator of an xor, or or and reduction's update (<c>^</c>, <c>|</c>, <c>&amp;</c>); null for any other.</summary>
            private static string? BitwiseOp(BinaryOp op, string family) => (op, family) switch
            {
                (BinaryOp.Xor, "xor") => "^",
                (BinaryOp.Or, "or") => "|",
                (BinaryOp.And, "and") => "&",
                _ => null,
            };

            private bool Accumulate(ReductionSpec reduction, string op, Expr value, List<VStmt> output)
            {
                if (Lanes16) return Fail($"reduction '{reduction.Name}' (16-bit lanes)");
                string? type = TypeName(value.Type);
                // Floating-point s = Math.Min/Max(s, e) (only that form gets here): Math.Max is associative and commutative
                // (NaN wins, +0 above -0), so lane partials folded in any order give the serial bits; the vector Min/Max
                // (.NET 9 and later) have the same rules.
                // uint and ulong sums, bitwise folds and min/max: their bits in int and long lanes add, xor, or and and as
                // they do (sums wrapping), min/max compare them as unsigned (VAccumulate.Unsigned), and the fold casts the
                // lanes' result back. Not in lanes of another width. (An int in long lanes: its sign-extended bits, whose
                // low 32 bits add and fold alike.)
                bool unsigned = reduction.Type is "uint" or "ulong";
                if (unsigned && Elem(reduction.Type) != (reduction.Type == "uint" ? "int" : "long"))
                    return Fail($"{reduction.Type} {reduction.Family} reduction '{reduction.Name}' in {Lane} lanes");
                if (reduction.Family is "min" or "max" && reduction.Type is not ("int" or "long" or "uint" or "ulong" or "float" or "double"))
                    return Fail($"{reduction.Type} {reduction.Family} reduction '{reduction.Name}'");
                if (type != reduction.Type) return Fail($"reduction '{reduction.Name}' adds a {type}");
                if (Expression(value, output) is not { } vector) return false;
                if (!_accumulators.Any(a => a.Reduction == reduction.Name))
                    _accumulators.Add(new VAccumulator(reduction.Name, reduction.Family, Elem(reduction.Type)!, reduction.Type));
                output.Add(new VAccumulate(reduction.Name, op, vector.Code, Elem(reduction.Type)!, _mask) { Unsigned = unsigned });
                return true;
            }

            private bool If(If branch, List<VStmt> output)
            {
                if (ArgSelectOf(branch, output) is { } pair) return pair;
                if (InnerSelectOf(branch, output) is { } inner) return inner;
                // if (a && b) s, where b reads an element alike for every lane (a polygon's vertex, px[k]): if (a) { if (b) s }.
                // The read runs once for all lanes, so it may run only when some lane takes the right side, as in the
                // scalar code: a branch tests that (whole-vector reads and lane-by-lane work need no branch: OnlyWhere).
                if (branch.Else is null && branch.Condition is Logical { And: true } both && Nodes(both.Right).Any(n => n is Element el && Uniform(el)))
                    return If(new If(both.Left, new Block(new Stmt[] { new If(both.Right, branch.Then, null) { SourceLine = branch.SourceLine } }.ToEquatableArray()), null) { SourceLine = branch.SourceLine }, output);
                if (Expression(branch.Condition, output) is not { } condition) return false;
                if (condition.Type != "bool") return Fail("the condition of an if");
                string taken = $"__kg_m{_masks++}";
                _usesBranches = true;
                output.Add(new VMask(taken, _mask is null ? condition.Code : MaskAnd(new VLocal(_mask, Lane), condition.Code)));
                if (!Branch(taken, branch.Then, output)) return false;
                if (branch.Else is null) return true;
                string other = $"__kg_m{_masks++}";
                VExpr not = new VNot(new VLocal(taken, Lane), Lane);
                output.Add(new VMask(other, _mask is null ? not : MaskAnd(new VLocal(_mask, Lane), not)));
                return Branch(other, branch.Else, output);
            }

            /// <summary>
            /// argmin/argmax of the PRange loop, <c>if (value test best) { best = value; index = i; }</c> (test '&lt;', '&lt;=',
            /// '&gt;' or '&gt;=' as the reduction's family says; the value an expression of best's type, the index the
            /// PRange index): per-lane pairs (<see cref="VArgSelect"/>), replayed into the chunk's pair in iteration order
            /// after the vector loop (KernelRuntime.FoldArgSelect), which gives the serial pair exactly. Null where the
            /// branch is not one (reason untouched).
            /// </summary>
            private bool? ArgSelectOf(If branch, List<VStmt> output)
            {
                if (_lane is not null || branch.Else is not null || branch.Condition is not Compare compare) return null;
                ReductionSpec? reduction = null;
                foreach (Expr side in new[] { compare.Left, compare.Right })
                    if (side is Read { Variable: { Kind: VarKind.Shared } v } && _reductions.TryGetValue(v.Name, out ReductionSpec? r) && r.Family.StartsWith("select", System.StringComparison.Ordinal))
                        reduction = r;
                if (reduction is null)
                {
                    // By index alone, 'if (a[i] > a[best]) best = i;': the element at best is the pair's value.
                    if (branch.Then.Statements.Count != 1 || branch.Then.Statements[0] is not Assign { Target: Read { Variable: { Kind: VarKind.Shared } best } }
                        || _reductions.Values.FirstOrDefault(r => r.IndexOnly && r.IndexName == best.Name) is not { } byIndex) return null;
                    return IndexOnlySelectOf(branch, compare, v => v.Equals(best), output, byIndex)
                        ?? Fail($"argmin/argmax '{byIndex.IndexName}' by the element at it: lanes take it where the test compares an int, long, float or double of elements at the PRange index and at '{byIndex.IndexName}' read directly (no gather)");
                }
                if (branch.Then.Statements.Count != (reduction.HasIndex ? 2 : 1)) return null;
                string name = reduction.Name;
                Assign? take = branch.Then.Statements.OfType<Assign>().FirstOrDefault(a => a.Target is Read t && t.Variable.Name == name);
                Assign? at = !reduction.HasIndex ? null : branch.Then.Statements.OfType<Assign>().FirstOrDefault(a => a.Target is Read t && t.Variable.Name == reduction.IndexName);
                if (take is null || reduction.HasIndex && at is null)
                    return Fail($"argmin/argmax '{name}' is not 'if (value test {name}) {{ {name} = value;{(reduction.HasIndex ? $" {reduction.IndexName} = index;" : "")} }}'");
                return SelectOf(reduction, compare, take.Value, at?.Value, output);
            }

            /// <summary>
            /// The select idiom on an inner loop's lanes, into locals of the PRange body declared before that loop:
            /// <c>if (v &lt; min) min = v;</c> (a row's minimum; '&lt;=', '&gt;', '&gt;=' too), or with the lane's counter,
            /// <c>if (v &gt; best) { best = v; at = j; }</c>. The same per-lane pairs as the PRange loop's (<see cref="SelectOf"/>),
            /// each run of the inner loop starting from the locals' values and replayed into them in iteration order after
            /// the vector loop, so the scalar remainder goes on from exactly what the serial loop held there. Only where the
            /// branch is the locals' one use in the loop (the test reads the value, the branch assigns it). Null where the
            /// branch is not one (reason untouched).
            /// </summary>
            private bool? InnerSelectOf(If branch, List<VStmt> output)
            {
                if (_lane is null || _mask is not null || _depth > 0 || branch.Else is not null || branch.Condition is not Compare compare
                    || compare.Op is not (CompareOp.Less or CompareOp.LessOrEqual or CompareOp.Greater or CompareOp.GreaterOrEqual)) return null;
                bool Local(Var v) => v.Kind == VarKind.Private && !_declaredInRegion.Contains(v) && !v.Equals(_x);
                Var best;
                if (compare.Right is Read { Variable: var right } && Local(right)) best = right;
                else if (compare.Left is Read { Variable: var left } && Local(left)) best = left;
                else return IndexOnlySelectOf(branch, compare, Local, output);
                if (TypeName(best.Type) is not ("int" or "long" or "float" or "double")) return null;
                var assigns = branch.Then.Statements.OfType<Assign>().ToList();
                if (assigns.Count != branch.Then.Statements.Count || assigns.Count is < 1 or > 2) return null;
                Assign? take = assigns.FirstOrDefault(a => a.Target is Read { Variable: var t } && t.Equals(best));
                Assign? at = assigns.FirstOrDefault(a => !ReferenceEquals(a, take));
                if (take is null) return null;
                Var? index = null;
                if (at is not null)
                {
                    if (at.Target is not Read { Variable: var i } || !Local(i) || TypeName(i.Type) is not ("int" or "long")
                        || at.Value is not Read { Variable: var counter } || !counter.Equals(_x)) return null;
                    index = i;
                }
                // The branch is the locals' only use in the loop: one read (the test) and one assignment each.
                int Uses(Var v) => PlanInput.Expressions(_region).SelectMany(e => Nodes(e)).Count(n => n is Read r && r.Variable.Equals(v));
                if (Uses(best) != 2 || index is not null && Uses(index) != 1) return null;
                bool onRight = compare.Right is Read { Variable: var b } && b.Equals(best);
                string family = SelectFamily(onRight ? compare.Op : CompareOps.Mirrored(compare.Op));
                var reduction = new ReductionSpec(Print(new Read(best))!, TypeName(best.Type)!, family, "", "")
                    { IndexName = index is null ? "" : Print(new Read(index))!, IndexType = index is null ? "" : TypeName(index.Type)! };
                return SelectOf(reduction, compare, take.Value, at?.Value, output);
            }

            /// <summary>The select family of a test with the kept value on its right (v &lt; best: "select&lt;").</summary>
            private static string SelectFamily(CompareOp op) =>
                op switch { CompareOp.Less => "select<", CompareOp.LessOrEqual => "select<=", CompareOp.Greater => "select>", _ => "select>=" };

            /// <summary>
            /// argmax/argmin by index alone on an inner loop's lanes, <c>if (a[r, c] &gt; a[r, best]) best = c;</c> (how C#
            /// code usually writes a row's argmax): the element at best is the value that the value-and-index form keeps
            /// (<see cref="InnerSelectOf"/>), as long as the loop stores no element and changes nothing else the subscript
            /// reads. Each width's lanes start from that element, read with its range check where the serial loop's first
            /// remaining iteration reads it (the vector path runs only with iterations left), and the lanes' winners are
            /// replayed into it and best after the vector loop; the scalar remainder then goes on from best. Null where the
            /// branch is not one.
            /// </summary>
            /// <param name="prange">The PRange loop's argmax by index alone (its index a shared variable, the frontend's
            /// reduction); null for an inner loop's.</param>
            private bool? IndexOnlySelectOf(If branch, Compare compare, System.Func<Var, bool> local, List<VStmt> output, ReductionSpec? prange = null)
            {
                if (branch.Then.Statements.Count != 1 || branch.Then.Statements[0] is not Assign { Target: Read { Variable: var best }, Value: Read { Variable: var counter } }
                    || !counter.Equals(_x) || !local(best) || !best.Type.Equals(_x.Type)) return null;
                bool ReadsVar(Expr e, Var v) => Nodes(e).Any(n => n is Read r && r.Variable.Equals(v));
                // The element at best: the other side with best where the counter is.
                Expr AtCounter(Expr e) => Rewrite.Expression(e, n => n is Read { Variable: var v } && v.Equals(best) ? new Read(_x) : null);
                // (An element, or an expression of elements such as Math.Abs(col[best]): a pivot search.)
                bool Matches(Expr atBest, Expr value) => Nodes(atBest).Any(n => n is Element) && ReadsVar(atBest, best) && !ReadsVar(atBest, _x) && !ReadsVar(value, best) && AtCounter(atBest).Equals(value);
                bool onRight = Matches(compare.Right, compare.Left);
                if (!onRight && !Matches(compare.Left, compare.Right)) return null;
                Expr element = onRight ? compare.Right : compare.Left;
                Expr value = onRight ? compare.Left : compare.Right;
                if (TypeName(value.Type) is not ("int" or "long" or "float" or "double")) return null;
                // best is read only in that subscript and assigned only here.
                int uses = PlanInput.Expressions(_region).SelectMany(e => Nodes(e)).Count(n => n is Read r && r.Variable.Equals(best));
                if (uses != Nodes(element).Count(n => n is Read r && r.Variable.Equals(best)) + 1) return null;
                // The element keeps the value best took with it: the loop stores no element and calls nothing that might,
                // and the subscript's other variables are not assigned inside the loop (nor declared there).
                if (PlanInput.Statements(_region).Any(st => st is Assign { Target: not Read } or Update { Target: not Read } or Evaluate or OpaqueStmt)
                    || PlanInput.Expressions(_region).SelectMany(e => Nodes(e)).Any(n => n is Call or Opaque)) return null;
                var assigned = new HashSet<Var>(PlanInput.Statements(_region).Select(st => st switch { Assign { Target: Read t } => t, Update { Target: Read t } => t, _ => null })
                    .OfType<Read>().Select(t => t.Variable));
                if (Nodes(element).Any(n => n is Read { Variable: var v } && !v.Equals(best) && (assigned.Contains(v) || _declaredInRegion.Contains(v)))) return null;
                if (Print(element) is not { } valueOf || Print(new Read(best)) is not { } index) return null;
                string type = TypeName(value.Type)!;
                var held = new Var(prange?.Name ?? "__kg_bv_" + Bare(index), value.Type, VarKind.Private, -3000 - best.Id);
                Expr heldRead = new Read(held);
                Compare test = onRight ? compare with { Right = heldRead } : compare with { Left = heldRead };
                string family = SelectFamily(onRight ? compare.Op : CompareOps.Mirrored(compare.Op));
                if (prange is not null && (prange.Type != type || prange.Family != family)) return null;
                var reduction = prange ?? new ReductionSpec(held.Name, type, family, "", "") { IndexName = index, IndexType = TypeName(best.Type)! };
                return SelectOf(reduction, test, value, new Read(_x), output, valueOf);
            }

            /// <summary>
            /// A select reduction (argmin/argmax, or the <c>m = v &lt; m ? v : m</c> idiom) of the PRange loop: where
            /// <paramref name="test"/> (value against the reduction, in the family's direction) holds, the lane takes
            /// <paramref name="value"/> and the iteration's index (<paramref name="index"/>: the PRange index, the index
            /// variable's value; null: kept only to order the lanes). Per-lane pairs (<see cref="VArgSelect"/>) are
            /// replayed into the chunk's value in iteration order after the vector loop (KernelRuntime.FoldArgSelect),
            /// which gives the serial result exactly, ties (±0 included) to the same iteration.
            /// </summary>
            /// <param name="valueOf">Index-only argmax (<see cref="IndexOnlySelectOf"/>): the C# of the element at the index, which the reduction's value local starts from.</param>
            private bool SelectOf(ReductionSpec reduction, Compare test, Expr value, Expr? index, List<VStmt> output, string? valueOf = null)
            {
                string name = reduction.Name;
                bool inner = _lane is not null; // (InnerSelectOf: locals of the PRange body, the lane counter as the index)
                if (Lanes16) return Fail($"select reduction '{name}' in 16-bit lanes");
                CompareOp op = test.Op;
                Expr tested = test.Left;
                if (test.Right is not Read { Variable: var right } || right.Name != name)
                {
                    if (test.Left is not Read { Variable: var left } || left.Name != name) return Fail($"select reduction '{name}': the test does not compare with it");
                    tested = test.Right;
                    op = CompareOps.Mirrored(op);
                }
                string? method = (reduction.Family, op) switch
                {
                    ("select<", CompareOp.Less) => "LessThan",
                    ("select<=", CompareOp.LessOrEqual) => "LessThanOrEqual",
                    ("select>", CompareOp.Greater) => "GreaterThan",
                    ("select>=", CompareOp.GreaterOrEqual) => "GreaterThanOrEqual",
                    _ => null,
                };
                if (method is null || !tested.Equals(value)) return Fail($"select reduction '{name}': the value tested is not the value taken");
                // (The index as it is, or widened to a long index variable: the lanes hold it exactly either way.)
                if (index is Convert { Checked: false, Operand: Read { Variable: var widened } } c && widened.Equals(_x) && TypeName(c.Type) == "long") index = c.Operand;
                if (index is not null && (index is not Read { Variable: var i } || !i.Equals(_x) || !inner && !_input.Loop.UnitStep))
                    return Fail($"argmin/argmax index '{reduction.IndexName}' is not the {(inner ? "lanes' counter" : "PRange index")}");
                if (_accumulators.Any(a => a.Reduction == name)) return Fail($"select reduction '{name}' is taken in two places");
                if (Expression(value, output) is not { } lanes) return false;
                if (lanes.Type != reduction.Type || lanes.Code.Elem != reduction.Type) return Fail($"select reduction '{name}' compares a {lanes.Type} in {lanes.Code.Elem} lanes");
                if (Expression(new Read(_x), output) is not { } iterations) return false;
                _accumulators.Add(new VAccumulator(name, reduction.Family, reduction.Type, reduction.Type)
                    { IndexName = reduction.IndexName, TakenFlag = reduction.HasIndex && !inner ? reduction.TakenFlag : "", ValueOf = valueOf });
                output.Add(new VArgSelect(name, method, lanes.Code, iterations.Code, reduction.Type, _mask));
                return true;
            }

            private bool Branch(string mask, Block body, List<VStmt> output)
            {
                string? saved = _mask;
                Block? savedBlock = _branchBlock;
                _mask = mask; _level++; _branchBlock = body;
                var inner = new List<VStmt>();
                bool ok = Statements(body, inner);
                _mask = saved; _level--; _branchBlock = savedBlock;
                output.Add(new VIfAny(mask, inner.ToEquatableArray()));
                return ok;
            }

            private bool Store(Element access, BinaryOp? op, Expr right, List<VStmt> output)
            {
                // Lanes that are PRange iterations touch elements no other iteration touches (the race analysis proved it), so
                // they may store anywhere in the step. Lanes of an inner loop store only at its top level: deeper, a lane
                // could store where another lane reads in a later step of the loop inside.
                if (_depth > 0 && _lane is not null) return Fail($"'{Print(access) ?? "an element"}' is stored inside an inner loop (lanes would store in another order)");
                // An array reduction is updated by many PRange iterations (the race analysis left it to the private copies).
                if (_lane is null && access.Array is Read { Variable: var reduced } && reduced.Name == _input.ArrayReduction?.Name)
                    return Fail($"'{reduced.Name}' is an array reduction: PRange iterations on lanes would update the same elements");
                if (TypeName(access.Type) == "bool") return StoreBool(access, op, right, output);
                string? before = Reason;
                if (Access(access, written: true) is not { } slot)
                {
                    // Not consecutive from lane to lane (a stride, a scatter) or of a type lanes do not hold (bool): lane by lane.
                    string? why = Reason;
                    Reason = before;
                    if (_floatsInDouble && TypeName(access.Type) == "float") return Fail(why ?? $"'{Print(access)}': a float store in double lanes that is not consecutive");
                    if (GroupStore(access, op, right, output) is { } grouped) return grouped;
                    Reason = before;
                    return StoreLaneByLane(access, op, right, consecutive: false, output) || Fail(why ?? "unsupported store");
                }
                string element = slot.Use.Elem, holds = slot.Use.Declared; // (a uint array: int lanes)
                if (Lanes16 && !NarrowElem(element)) return Fail($"'{Print(access)}' stores a {element} (16-bit lanes)");
                if (NarrowElem(element))
                {
                    // 'b[i] = (byte)(int expression)' (or a copy of an element of the same type): int lanes, low bits stored;
                    // in a branch, the other lanes store back what they hold. Else (a compound assignment, another value)
                    // lane by lane, as C# converts it.
                    if (op is not null) return StoreLaneByLane(access, op, right, consecutive: true, output) || Fail($"'{Print(access)} {PrinterOp(op.Value)}=' on a {element} array");
                    if (NarrowLanes(right, element) is not { } lanesOf)
                        return StoreLaneByLane(access, op, right, consecutive: true, output) || Fail($"'{Print(access)} = …' is not a cast of an int value to {element}");
                    Value? lanes = lanesOf(output);
                    if (lanes is not { } held) return false;
                    if (held.Type != "int") return Fail($"'{Print(access)} = …' converts {held.Type} to {element}");
                    output.Add(new VStore(slot.Ref, slot.Index, held.Code, Lane, _mask, false) { Narrow = element });
                    return true;
                }
                if (Expression(right, output) is not { } value) return false;
                string opText = op switch
                {
                    null => "", BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/",
                    // (Integer elements only, as C# allows them: bit by bit, exact on lanes.)
                    BinaryOp.And => "&", BinaryOp.Or => "|", BinaryOp.Xor => "^",
                    _ => "?",
                };
                if (opText == "?") return Fail($"the operator of '{Print(access)} {PrinterOp(op!.Value)}='");
                if (value.Type != holds) return Fail($"'{Print(access)} = …' converts {value.Type} to {holds}");
                if (element == "float" && _floatsInDouble)
                {
                    // Double lanes narrowed to float (each value already rounded to float: exact).
                    if (opText.Length > 0) return Fail($"'{Print(access)} {PrinterOp(op!.Value)}=' on floats in double lanes");
                    output.Add(new VStore(slot.Ref, slot.Index, value.Code, "double", _mask, false) { NarrowToFloat = true });
                    return true;
                }
                if (element == "int" && _wide)
                {
                    if (_mask is not null || opText.Length > 0) return StoreLaneByLane(access, op, right, consecutive: true, output)
                        || Fail($"'{Print(access)}' is stored in a branch or updated, as ints from long lanes");
                    output.Add(new VStore(slot.Ref, slot.Index, value.Code, "long", null, NarrowLongToInt: true));
                    return true;
                }
                if (opText == "/" && holds is "int" or "long" or "uint") return StoreLaneByLane(access, op, right, consecutive: true, output) || Fail("integer division");
                VExpr stored = opText.Length == 0 ? value.Code
                    : new VBinary(opText, new VLoad(slot.Ref, slot.Index, element, false), value.Code, element, false);
                output.Add(new VStore(slot.Ref, slot.Index, stored, element, _mask, false));
                return true;
            }

            /// <summary>
            /// The int lanes whose low bits <c>a[…] = right</c> keeps in a byte/sbyte/short/ushort element, evaluated when
            /// called: a cast of an int value, a copy of an element or local of the same type, a constant, a cast of a float or
            /// double (C# converts to int, saturating, NaN to 0, and keeps the low bits; of a long, lane by lane), an inlined
            /// helper returning the element type (a map function's pixel). Null where the value is another one (stored lane
            /// by lane, as C# converts it); nothing is planned before the call.
            /// </summary>
            private System.Func<List<VStmt>, Value?>? NarrowLanes(Expr right, string element)
            {
                Expr? wide = right switch
                {
                    Convert { Checked: false, Operand: var inner } when TypeName(inner.Type) == "int" && NarrowName(right.Type) == element => inner,
                    // Another narrow value ((char)b[i], (byte)s[i]): its int promotion's low bits are the conversion's.
                    Convert { Checked: false, Operand: var inner } when NarrowName(inner.Type) is not null && NarrowName(right.Type) == element => new Convert(inner, ScalarType.Int, false),
                    Element or Read when NarrowName(right.Type) == element => new Convert(right, ScalarType.Int, false),
                    Const { Value: var constant } when NarrowName(right.Type) == element => new Const(System.Convert.ToInt32(constant, System.Globalization.CultureInfo.InvariantCulture), ScalarType.Int),
                    _ => null,
                };
                if (wide is not null) return output => Expression(wide, output);
                if (right is Convert { Checked: false, Operand: var source } cast && TypeName(source.Type) is "float" or "double" or "long")
                    return output =>
                    {
                        if (Expression(source, output) is not { } operand) return null;
                        string? kept = Reason;
                        Value? lanes = operand.Type != "long" ? ConvertValue(operand, "int") : null;
                        if (lanes is null) { Reason = kept; lanes = ConvertByLane(cast, operand, output); }
                        return lanes;
                    };
                // (A helper's result, or a '?:' of narrow values: a threshold's 'v > t ? (byte)255 : (byte)0'.)
                if (right is Let or Select && NarrowName(right.Type) == element) return output => NarrowValue(right, output);
                return null;
            }

            /// <summary>A group store waiting for its last value: the array, the subscript without its constant, the values by constant.</summary>
            private sealed record PendingGroup(ArrayUse Use, Poly Base, int Stride, SortedDictionary<long, (string Index, VLocal Value)> Slots, List<long> Gaps)
            {
                /// <summary>The lane mask its stores run under (all of them: one branch), or null.</summary>
                public string? Mask { get; init; }
            }

            /// <summary>The block of the branch being translated on a lane mask (<see cref="Branch"/>), or null at the step's top level.</summary>
            private Block? _branchBlock;

            /// <summary>The groups whose last store has not come yet (key: array and subscript without its constant).</summary>
            private readonly Dictionary<string, PendingGroup> _groups = new(System.StringComparer.Ordinal);

            /// <summary>A group store writes back elements in its gaps (for the report).</summary>
            private bool _groupGaps;

            private bool PendingGroupOf(string source) => _groups.Values.Any(g => g.Use.Source == source);

            /// <summary>
            /// Whether a read of <paramref name="source"/> at <paramref name="poly"/> could need an element a pending group
            /// holds back: only a read at the group's subscript plus a constant not yet stored is exact (the element still
            /// has the value the serial loop reads there; other lanes' elements are never this lane's, see Interleaved).
            /// </summary>
            private bool ReadsHeldElement(string source, Poly? poly, Element? channel = null) => _groups.Any(g => g.Value.Use.Source == source
                && !(poly is not null && poly.Minus(g.Value.Base) is { IsConstant: true } d && !g.Value.Slots.ContainsKey(d.ConstantTerm))
                && !(channel is not null && PixelKey(channel) is { } pixel && pixel == g.Key
                     && Affine(channel.Indices[channel.Indices.Count - 1]) is { IsConstant: true } c && !g.Value.Slots.ContainsKey(c.ConstantTerm)));

            /// <summary>
            /// An element a pending group store holds (<c>hwc[y, x, 0] = a; … hwc[y, x, 2] = hwc[y, x, 0] + b;</c>, or
            /// <c>p[3 * i] += …</c> after <c>p[3 * i] = …</c>): the held vector is what the element will hold, of the element's
            /// own type (the group's values are, outside narrow channels), so it is read from there. Not under a lane mask
            /// (the held lanes are only the taken ones). Null where the element is not held.
            /// </summary>
            private Value? HeldValue(Element access, string type)
            {
                if (_groups.Count == 0 || access.Array is not Read { Variable: var array } || TypeName(access.Type) != type) return null;
                foreach (KeyValuePair<string, PendingGroup> g in _groups)
                {
                    if (g.Value.Use.Source != array.Name || g.Value.Mask is not null) continue;
                    long? k = access.Indices.Count > 1
                        ? (PixelKey(access) == g.Key && Affine(access.Indices[access.Indices.Count - 1]) is { IsConstant: true } c ? c.ConstantTerm : null)
                        : (Affine(access.Indices[0]) is { } poly && poly.Minus(g.Value.Base) is { IsConstant: true } d ? d.ConstantTerm : null);
                    if (k is long slot && g.Value.Slots.TryGetValue(slot, out var held) && held.Value.Elem == Elem(type))
                        return new Value(held.Value, type);
                }
                return null;
            }

            /// <summary>A rectangular array's element as its channel group's key: the array and the subscripts before the last.</summary>
            private string? PixelKey(Element access) =>
                access.Array is Read { Variable: var array } && access.Indices.Count > 1
                && access.Indices.Take(access.Indices.Count - 1).Select(i => Affine(i)?.ToString()).ToList() is var parts && parts.All(p => p is not null)
                    ? array.Name + ":" + string.Join(";", parts) : null;

            /// <summary>
            /// The elements of the group (array, subscript without its constant) that the step's top-level statements do not
            /// store: none where they store each of the c elements once; with <paramref name="updates"/>, compound assignments
            /// count as stores. Null where they are no group. A group with gaps (BGRA with alpha left alone) is stored whole
            /// only where <see cref="GapsNeverWritten"/> holds: the gaps are written back with the values they hold.
            /// </summary>
            private List<long>? Gaps(string array, Poly bare, int c, bool updates)
            {
                var constants = new List<long>();
                // (Replayed in order: a stepped cursor's polynomial at each statement, as UpdateOf moves it.)
                var shadows = new Dictionary<Var, Poly>(_shadows);
                try
                {
                    foreach (Stmt statement in _mask is null ? _region.Statements : _branchBlock?.Statements ?? EquatableArray<Stmt>.Empty)
                    {
                        if (statement is Declare { Init: { } init } d && shadows.ContainsKey(d.Variable) && Affine(init) is { } first)
                            _shadows[d.Variable] = first;
                        else if (CursorStep(statement) is { } step && shadows.ContainsKey(step.Cursor) && _shadows.TryGetValue(step.Cursor, out Poly? at))
                            _shadows[step.Cursor] = at.Plus(Poly.Constant(step.Delta));
                        if ((statement switch { Assign a => a.Target, Update u when updates => u.Target, _ => null }) is Element { Array: Read { Variable: var v }, Indices.Count: 1 } e && v.Name == array
                            && Affine(e.Indices[0]) is { } p && p.Minus(Poly.Constant(p.ConstantTerm)).Equals(bare))
                            constants.Add(p.ConstantTerm);
                    }
                }
                finally
                {
                    _shadows.Clear();
                    foreach (var kept in shadows) _shadows[kept.Key] = kept.Value;
                }
                if (constants.Count == 0 || constants.Distinct().Count() != constants.Count || constants.Max() - constants.Min() > c - 1) return null;
                long min = constants.Min();
                var gaps = Enumerable.Range(0, c).Select(k => min + k).Where(k => !constants.Contains(k)).ToList();
                return gaps.Count == 0 || GapsNeverWritten(array, bare, constants.Count, c, min, constants.Max()) ? gaps : null;
            }

            /// <summary>
            /// A rectangular array's channel group (<c>rgb[y, x, 0] = …; rgb[y, x, 1] = …; rgb[y, x, 2] = …;</c>): its
            /// channel count where the step's top-level statements store each channel 0 … c − 1 once at the same pixel
            /// (<paramref name="key"/>: the array and the subscripts before the channel), 2 to 4; else 0 (no gaps here). With
            /// <paramref name="updates"/>, compound assignments count as stores (<c>p[i, 0] += v[i, 0] * dt</c>).
            /// </summary>
            private int ChannelGroup(string array, string key, bool updates)
            {
                var channels = new List<long>();
                foreach (Stmt statement in _region.Statements)
                    if ((statement switch { Assign a => a.Target, Update u when updates => u.Target, _ => null }) is Element { Array: Read { Variable: var v } } e && v.Name == array && e.Indices.Count > 1
                        && PixelKey(e) == key
                        && Affine(e.Indices[e.Indices.Count - 1]) is { IsConstant: true } channel)
                        channels.Add(channel.ConstantTerm);
                int c = channels.Count;
                return c is >= 2 and <= 4 && channels.Distinct().Count() == c && channels.Min() == 0 && channels.Max() == c - 1 ? c : 0;
            }

            /// <summary>
            /// Whether no iteration of the PRange loop writes an element in a gap of a group of <paramref name="c"/> at
            /// subscripts c·x + R + k (<paramref name="bare"/> = c·x + R, the stored constants k within c of each other).
            /// Every store into the array in the whole loop body is one of the group's <paramref name="stores"/> in the
            /// step, no opaque code uses the array, and no store anywhere in the body is outside the step; R's terms are
            /// the same in every iteration (loop-invariant factors only) or multiples of c (statically, or by a guard on
            /// the vector path: 'stride % 4 == 0' for BGRA rows at a stride). Then every store of every iteration is at
            /// a subscript ≡ R0 + k (mod c) and a gap's element is ≡ R0 + m with m none of the k. c = 2 or 4 divides
            /// 2^32 and 2^64, so wrapped int or long subscripts keep their residues. Writing the gaps back with the values
            /// read just before is then invisible: no other thread writes them, and this one only rewrites what it read.
            /// c = 3 (RGB pixels: R and B swapped, G left alone) does not divide 2^32: a wrapped subscript 3·x + k - 2^32
            /// could be a gap's element. There the residues are those of the exact subscripts, so the plan carries a check
            /// of the launch (<see cref="VectorPlan.ParallelChecks"/>, <see cref="NoWrap"/>): every store's subscript is an
            /// int for every iteration of the whole loop (the PRange index between its first and last value, the lanes'
            /// counter between its bounds, the rest loop-invariant). Where it fails the chunks run one after another on one
            /// thread, where a write-back within a step is invisible too. A row's term (y·stride) then needs 'stride % 3 == 0'.
            /// </summary>
            private bool GapsNeverWritten(string array, Poly bare, int stores, int c, long kMin, long kMax)
            {
                if (_input.Rolled > 1 || c is not (2 or 3 or 4)) return false;
                if (c == 3 && (_input.StepNormalized || _input.Is64 || _loop.Index.Type != IrType.Int || _lane is { Resume: not null })) return false;
                (Dictionary<string, int> region, _, _) = StoresIn(_region);
                // (Stores of the loop's body outside the lanes' loop: none. The region itself may be rewritten: see Unrolled.)
                int outside = _lane is null ? 0 : StoresIn(_loop.Body, skip: _lane).Total;
                HashSet<string> opaque = StoresIn(_loop.Body).Opaque;
                if (!region.TryGetValue(array, out int counted) || counted != stores || outside != 0 || opaque.Contains(array)) return false;
                var guards = new List<VGuard>();
                // (A row's start in a local of the body, int row = y * stride: its residue is its definition's.)
                if (Defined(bare) is not { } expanded) return false;
                foreach (KeyValuePair<string, long> term in expanded.Terms)
                {
                    string[] factors = term.Key.Length == 0 ? System.Array.Empty<string>() : term.Key.Split('*');
                    if (factors.Length == 1 && factors[0] == _x.Name) continue; // c·x
                    if (factors.All(Invariant) || term.Value % c == 0) continue;
                    string[] invariant = factors.Where(Invariant).ToArray();
                    if (invariant.Length == 0) return false;
                    if (c == 3)
                    {
                        // (Exact: no subscript wraps where the chunks run apart.)
                        guards.Add(new Holds($"{Int128Text(invariant.Aggregate(Poly.Constant(term.Value), (p, f) => p.Times(Poly.Symbol(f))!), f => f)} % 3 == 0"));
                        continue;
                    }
                    // (The low bits of a wrapped product are those of the exact one.)
                    var product = invariant.Select(f => $"(long)({f})");
                    if (term.Value != 1) product = product.Prepend($"{term.Value}L");
                    guards.Add(new Holds($"(unchecked({string.Join(" * ", product)}) & {c - 1}) == 0"));
                }
                if (c == 3)
                {
                    if (NoWrap(array, expanded, kMin, kMax) is not { } check) return false;
                    if (!_parallelChecks.Contains(check)) _parallelChecks.Add(check);
                }
                _runtimeGuards.AddRange(guards.Where(g => !_runtimeGuards.Contains(g)));
                return true;
            }

            private bool Invariant(string symbol) => _invariantSymbols.Contains(symbol) && !_varyingSymbols.Contains(symbol);

            /// <summary>
            /// The launch's check that <paramref name="poly"/> + k (k from <paramref name="kMin"/> to <paramref name="kMax"/>)
            /// is an int for every iteration of the whole loop, or null where its terms name something else than the PRange
            /// index, the lanes' counter (with bounds the launch can read) and loop-invariant variables of the method. Its
            /// terms are products with one varying factor each at most, so its extremes lie at the corners of the box of
            /// the index's and the counter's values: each corner is computed exactly (Int128).
            /// </summary>
            private Model.RunTimeCheckSpec? NoWrap(string array, Poly poly, long kMin, long kMax)
            {
                var box = new Dictionary<string, (string Low, string High)>(System.StringComparer.Ordinal)
                {
                    [_loop.Index.Name] = ("{range}.Start", "({range}.Start + {range}.Count - 1)"),
                };
                if (_lane is not null)
                {
                    if (_lane.Counter.Name != _x.Name || LaunchText(_lane.Start) is not { } low || LaunchText(_lane.Limit) is not { } limit) return null;
                    box[_x.Name] = (low, _lane.Inclusive ? limit : $"({limit} - 1)");
                }
                // (Invariant symbols the launch can read: the loop's shared variables, by the names the method gives them, and
                // members of its objects by what the chunk reads them from.)
                foreach (string f in poly.Terms.Select(t => t.Key).Where(k => k.Length > 0).SelectMany(k => k.Split('*')).Distinct())
                    if (!box.ContainsKey(f) && !(Invariant(f) && (LaunchName(f) && _loop.Shared.Any(v => v.Name == f) || LaunchMember(f) is not null))) return null;
                string[] varying = box.Keys.Where(v => poly.Terms.Any(t => t.Key.Split('*').Contains(v))).ToArray();
                // (Multilinear: no term multiplies a varying symbol by itself, so the extremes are at the corners.)
                if (varying.Length == 0 || poly.Terms.Any(t => varying.Any(v => t.Key.Split('*').Count(f => f == v) > 1))) return null;
                var corners = new List<string>();
                for (int corner = 0; corner < 1 << varying.Length; corner++)
                {
                    string Value(string f) => System.Array.IndexOf(varying, f) is int at and >= 0 ? ((corner >> at & 1) == 0 ? box[f].Low : box[f].High) : LaunchMember(f) ?? f;
                    corners.Add(Int128Text(poly, Value));
                }
                return new Model.RunTimeCheckSpec($"global::KernelGen.KernelRuntime.IntSubscripts({kMin}, {kMax}, {string.Join(", ", corners)})",
                    $"the subscripts of '{array}' stay in the int range for every {string.Join(" and ", varying)} (its group's stores then never reach the elements between them)");
            }

            /// <summary><paramref name="poly"/>'s exact value (Int128: no product overflows) with each symbol's C# from <paramref name="value"/>.</summary>
            private static string Int128Text(Poly poly, System.Func<string, string> value) => poly.Terms.Count == 0 ? "0" : string.Join(" + ", poly.Terms.Select(t =>
            {
                var factors = (t.Key.Length == 0 ? System.Array.Empty<string>() : t.Key.Split('*')).Select(value).ToList();
                string product = factors.Count == 0 ? $"(global::System.Int128){t.Value}" : $"(global::System.Int128)({string.Join(") * (", factors)})";
                return t.Value == 1 || factors.Count == 0 ? product : $"{t.Value} * {product}";
            }));

            /// <summary>
            /// A loop-invariant variable the launch reads by the same name: a parameter or local of the method, or a member of
            /// an instance kernel's object read through <see cref="Model.KernelSpec.ThisCapture"/>, which the launch declares too.
            /// </summary>
            private static bool LaunchName(string name) =>
                (name.StartsWith(Model.KernelSpec.ThisCapture + ".", System.StringComparison.Ordinal) ? name.Substring(Model.KernelSpec.ThisCapture.Length + 1) : name) is var own
                && !own.StartsWith("__kg", System.StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(own, @"^[A-Za-z_]\w*$");

            /// <summary>
            /// The launch's C# for a chunk local holding a number read from an object (<c>bmp.Width</c>: <c>(bmp?.Width ??
            /// default)</c>, as the chunk reads it, so the same value), where the method has that object by the same name
            /// (not through the chunk's <c>__kg_this</c>); null for anything else.
            /// </summary>
            private string? LaunchMember(string name) =>
                _loop.Members.FirstOrDefault(m => m.Local.Name == name) is { Holder.Length: > 0 } member && member.Local.Type is ScalarType { Kind: ScalarKind.Int or ScalarKind.Long }
                    && !member.Value.Contains("__kg") ? "(" + member.Value + ")" : null;

            /// <summary>C# for <paramref name="e"/> at the launch: constants and such variables, added, subtracted or multiplied; else null.</summary>
            private string? LaunchText(Expr e) => e switch
            {
                Const { Value: int or long } k => System.Convert.ToString(k.Value, System.Globalization.CultureInfo.InvariantCulture),
                Read { Variable: { Kind: VarKind.Shared, Type: ScalarType { Kind: ScalarKind.Int or ScalarKind.Long } } v } when LaunchName(v.Name) => v.Name,
                Read { Variable: { Kind: VarKind.Shared } v } when LaunchMember(v.Name) is { } member => member,
                Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply } b when LaunchText(b.Left) is { } l && LaunchText(b.Right) is { } r
                    => $"((global::System.Int128)({l}) {(b.Op == BinaryOp.Add ? "+" : b.Op == BinaryOp.Subtract ? "-" : "*")} {r})",
                _ => null,
            };

            /// <summary>
            /// <paramref name="poly"/> with each local of the PRange body that the lanes' loop only reads (declared once
            /// outside it, with an int subscript's form, never assigned: <c>int row = y * stride;</c>) replaced by its
            /// definition, recursively (a few levels): the value the local holds wherever the lanes' loop runs, since
            /// nothing it is made of is assigned either (<see cref="Affine"/> reads only such variables). Null where a
            /// product would overflow.
            /// </summary>
            private Poly? Defined(Poly poly, int depth = 0)
            {
                if (_lane is null || depth > 3) return poly;
                var result = new Poly();
                foreach (KeyValuePair<string, long> term in poly.Terms)
                {
                    Poly? product = Poly.Constant(term.Value);
                    foreach (string f in term.Key.Length == 0 ? System.Array.Empty<string>() : term.Key.Split('*'))
                    {
                        Poly factor = Poly.Symbol(f);
                        var declarations = PlanInput.Statements(_loop.Body).OfType<Declare>().Where(d => d.Variable.Name == f).Take(2).ToList();
                        // (Never assigned anywhere in the body, nor what its value is made of: the value at the lanes' loop
                        // is the one its declaration gave it. Outside() looks at the lanes' loop only.)
                        if (declarations.Count == 1 && declarations[0] is { Init: { } init, Variable: { Kind: VarKind.Private } v } && Outside(v) && _varyingSymbols.Contains(f)
                            && !AssignedInBody(v) && !Nodes(init).OfType<Read>().Any(r => AssignedInBody(r.Variable))
                            && Affine(init) is { } definition && Defined(definition, depth + 1) is { } inner)
                            factor = inner;
                        product = product?.Times(factor);
                    }
                    if (product is null) return null;
                    result = result.Plus(product);
                }
                return result;
            }

            /// <summary>Whether the PRange loop's body assigns <paramref name="v"/> anywhere (a statement, or code KernelGen does not translate).</summary>
            private bool AssignedInBody(Var v) => (_assignedInBody ??= new HashSet<Var>(PlanInput.Statements(_loop.Body).SelectMany(st => st switch
            {
                Assign { Target: Read r } => new[] { r.Variable },
                Update { Target: Read r } => new[] { r.Variable },
                OpaqueStmt o => o.Writes.ToArray(),
                _ => System.Array.Empty<Var>(),
            }))).Contains(v);

            private HashSet<Var>? _assignedInBody;

            /// <summary>Element stores in a statement, by array (or row) key, their total, and the variables opaque code uses; without <paramref name="skip"/>'s.</summary>
            private (Dictionary<string, int> ByArray, int Total, HashSet<string> Opaque) StoresIn(Stmt statement, For? skip = null)
            {
                var counts = new Dictionary<string, int>(System.StringComparer.Ordinal);
                var opaque = new HashSet<string>(System.StringComparer.Ordinal);
                int total = 0;
                void Check(Expr? e)
                {
                    if (e is null) return;
                    foreach (Expr n in Nodes(e)) if (n is Opaque o) foreach (Var v in o.Uses) opaque.Add(v.Name);
                }
                void Target(Expr target)
                {
                    Check(target);
                    if (target is not Element element) return;
                    total++;
                    string key = BaseKey(element) ?? "?";
                    counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
                }
                void Walk(Stmt st)
                {
                    switch (st)
                    {
                        case Block b: foreach (Stmt inner in b.Statements) Walk(inner); break;
                        case Declare d: Check(d.Init); break;
                        case Assign a: Target(a.Target); Check(a.Value); break;
                        case Update u: Target(u.Target); Check(u.Value); break;
                        case If f: Check(f.Condition); Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                        case For l when ReferenceEquals(l, skip): break;
                        case For l: Check(l.Start); Check(l.Limit); Walk(l.Body); break;
                        case While w: Check(w.Condition); Walk(w.Body); break;
                        case Evaluate ev: Check(ev.Expression); break;
                        case OpaqueStmt o: foreach (Var v in o.Uses.Concat(o.Writes)) opaque.Add(v.Name); total++; break;
                    }
                }
                Walk(statement);
                return (counts, total, opaque);
            }

            /// <summary>
            /// <c>a[c·x + b + k] = v</c> for every k of c consecutive constants (c = 2, 3, 4: stereo frames, complex pairs,
            /// packed RGB, BGRA, xyz triples): each value is held in a vector local and all are written together at the
            /// group's last store (lane k's elements c·k … c·k + c − 1). Channels of the lanes' own type (float, int, double,
            /// long; compound assignments too: 'p[3·i] += v[3·i] * dt'), or of a byte/sbyte/short/ushort array from int
            /// lanes or long lanes (their low bits, as the cast keeps them; byte/sbyte from 16-bit lanes too).
            /// Moving the earlier stores later is exact: no read sees a held element (checked at every read), no other
            /// array aliases it (the guard), and the lanes' elements are their own (the keys interleave). Only plain
            /// assignments at the step's top level, outside branches. Null where it does not apply (reason untouched).
            /// </summary>
            private bool? GroupStore(Element access, BinaryOp? op, Expr right, List<VStmt> output)
            {
                // (On a lane mask: the stores of one branch, no cursor moving under them; see the blend below.)
                if (_depth > 0 || access.Indices.Count != 1 && (access.Indices.Count == 0 || _mask is not null) || _mask is not null && (_branchBlock is null || _shadows.Keys.Any(_assigned.Contains))) return null;
                string? element = TypeName(access.Type);
                string? narrow = element is null ? NarrowName(access.Type) : null;
                // 'a[…] op= v' of the lanes' own type: the element read (not yet stored: checked at the read), then stored.
                if (op is { } update)
                {
                    if (narrow is not null || element is null) return null;
                    right = new Binary(update, access, right, access.Type);
                }
                // (16-bit lanes: byte or sbyte channels only.)
                if (Lanes16 && narrow is not ("byte" or "sbyte")) return null;
                if (narrow is null && (element is null or "bool" or "uint" || element == "int" && _wide)) return null;
                System.Func<List<VStmt>, Value?>? lanesOf = null;
                if (narrow is not null && (lanesOf = NarrowLanes(right, narrow)) is null) return null;
                // Only groups the step completes, or whose gaps no iteration writes (BGRA with alpha left alone: see Gaps).
                // A rectangular array's channels (rgb[y, x, 0..2], see Channels): every channel stored, no gaps.
                if (access.Array is not Read { Variable: var array }) return null;
                Poly? poly;
                int c;
                long k;
                string key;
                List<long>? gaps = null;
                if (access.Indices.Count > 1)
                {
                    if (Affine(access.Indices[access.Indices.Count - 1]) is not { IsConstant: true } channel) return null;
                    poly = Affine(access.Indices[access.Indices.Count - 2]);
                    k = channel.ConstantTerm;
                    if (PixelKey(access) is not { } pixel) return null;
                    key = pixel;
                    if (poly is null || (c = _groups.TryGetValue(key, out PendingGroup? pending) ? pending.Stride : ChannelGroup(array.Name, key, updates: narrow is null)) < 2) return null;
                    gaps = new List<long>();
                }
                else
                {
                    if (Affine(access.Indices[0]) is not { } flat || XCoefficient(flat) is not int coefficient || coefficient < 2 || coefficient > 4) return null;
                    poly = flat;
                    c = coefficient;
                    k = flat.ConstantTerm;
                    Poly flatBare = flat.Minus(Poly.Constant(k));
                    key = array.Name + ":" + flatBare;
                    if (!_groups.ContainsKey(key) && (gaps = Gaps(array.Name, flatBare, c, updates: narrow is null)) is null) return null;
                }
                Poly bare = poly.Minus(Poly.Constant(poly.ConstantTerm));
                if (StridedAccess(access, written: true, strided: false, groups: c) is not { Stride: >= 2 } slot || slot.Stride != c) return null;
                if ((lanesOf is not null ? lanesOf(output) : Expression(right, output)) is not { } value) return false;
                if (value.Type != (narrow is null ? element : "int")) return Fail($"'{Print(access)} = …' converts {value.Type} to {narrow ?? element}");
                string temp = $"__kg_group{_temps++}";
                output.Add(new VDeclare(temp, value.Code));
                var held = new VLocal(temp, value.Code.Elem);
                if (!_groups.TryGetValue(key, out PendingGroup? group))
                    _groups[key] = group = new PendingGroup(slot.Use, bare, slot.Stride, new SortedDictionary<long, (string, VLocal)>(), gaps!) { Mask = _mask };
                if (group.Mask != _mask)
                    return Fail($"'{Print(access)}' and an earlier store of {slot.Use.Source} in its group run under different conditions");
                if (group.Slots.ContainsKey(k) || System.Math.Max(group.Slots.Keys.DefaultIfEmpty(k).Max(), k) - System.Math.Min(group.Slots.Keys.DefaultIfEmpty(k).Min(), k) >= slot.Stride)
                    return Fail($"'{Print(access)}' and an earlier store of {slot.Use.Source} are not elements of one group of {slot.Stride}");
                group.Slots[k] = (slot.Index, held);
                if (group.Slots.Count < slot.Stride - group.Gaps.Count) return true;
                _groups.Remove(key);
                if (group.Mask is { } mask)
                {
                    // On a lane mask: the lanes whose condition fails store back what each element holds (read here, before
                    // any of the group's stores), so the whole group is written as one. Invisible, as a gap's write-back:
                    // the race analysis counts the conditional store as a write, so no other iteration touches these
                    // elements, and the lanes' groups are their own (Interleaved).
                    foreach (long stored in group.Slots.Keys.ToList())
                    {
                        var offset = new Binary(BinaryOp.Add, access.Indices[0], new Const((int)(stored - k), ScalarType.Int), access.Indices[0].Type);
                        Expr storedElement = new Element(access.Array, new Expr[] { offset }.ToEquatableArray(), access.Type);
                        if (Expression(narrow is null ? storedElement : new Convert(storedElement, ScalarType.Int, false), output) is not { } before) return false;
                        (string at0, VLocal kept) = group.Slots[stored];
                        string blended = $"__kg_group{_temps++}";
                        output.Add(new VDeclare(blended, new VSelect(new VLocal(mask, Lane), kept, before.Code, kept.Elem)) { Comment = "lanes whose condition fails keep the element as it is" });
                        group.Slots[stored] = (at0, new VLocal(blended, kept.Elem));
                    }
                }
                foreach (long gap in group.Gaps)
                {
                    _groupGaps = true;
                    // The gap's elements as they are (no iteration writes them: GapsNeverWritten), to store back unchanged.
                    var offset = new Binary(BinaryOp.Add, access.Indices[0], new Const((int)(gap - k), ScalarType.Int), access.Indices[0].Type);
                    Expr gapElement = new Element(access.Array, new Expr[] { offset }.ToEquatableArray(), access.Type);
                    if (Expression(narrow is null ? gapElement : new Convert(gapElement, ScalarType.Int, false), output) is not { } kept) return false;
                    string gapTemp = $"__kg_group{_temps++}";
                    output.Add(new VDeclare(gapTemp, kept.Code) { Comment = "a gap of the group, stored back as it is (no iteration writes it)" });
                    group.Slots[gap] = (slot.Index, new VLocal(gapTemp, kept.Code.Elem));
                }
                var values = group.Slots.Values.ToList();
                // The group's first element from this (the last) store's subscript, whose text means here what it says: an
                // earlier store's may name a cursor that has moved since (bottom[j] = …; ++j; …).
                long first = group.Slots.Keys.Min();
                string at = k == first ? slot.Index : $"(nint)({slot.Index}) - {k - first}";
                output.Add(new VStore(slot.Use.Ref, at, values[0].Value, narrow is null ? element! : Lane, null, false)
                    { Narrow = narrow, Rest = values.Skip(1).Select(v => (VExpr)v.Value).ToEquatableArray() });
                return true;
            }

            /// <summary>
            /// A store lane by lane, in iteration order (<see cref="VPerLane.Store"/>): <c>a[s] = v</c> or <c>a[s] op= v</c>
            /// as C# writes it for each lane, with that lane's subscripts and value (a bounds-checked store). Only where the
            /// lanes are PRange iterations: the race analysis proved that no two of them touch the same element, and each
            /// lane's statements run in their order. <paramref name="consecutive"/>: the subscripts are consecutive (the
            /// array is registered already, its key set); else no vector access of the array may see another element. False
            /// (reason untouched) where it does not apply.
            /// </summary>
            private bool StoreLaneByLane(Element access, BinaryOp? op, Expr right, bool consecutive, List<VStmt> output)
            {
                if (_lane is not null || Lanes16 || access.Array is not Read { Variable: var v } || !Outside(v) || RegisterArray(v) is not { } use) return false;
                IrType elementType = access.Type;
                if (!consecutive)
                {
                    // Affine: the same subscript as every other access of the array, or interleaved with them; else its own.
                    Poly? poly = access.Indices.Count == 1 && TypeName(access.Indices[0].Type) is "int" or "long" ? Affine(access.Indices[0]) : null;
                    string key = poly?.ToString() ?? "lane by lane: " + (Print(access) ?? "?");
                    if (!(poly is null ? (use.StoreKey ??= key) == key : Interleaved(use, new[] { poly }, key)))
                        return Fail($"'{v.Name}' is stored and accessed at different subscripts (a dependence between iterations)");
                }
                use.Written = true;
                var inputs = new List<VExpr>();
                var indices = new List<string>();
                foreach (Expr index in access.Indices)
                {
                    if (LaneCode(index, inputs, output, top: false) is not { } code) return false;
                    indices.Add(code);
                }
                if (LaneCode(right, inputs, output, top: true) is not { } value) return false;
                // (A store bounds-checked as the scalar one; what else it computes may throw too.)
                _laneRisky++;
                if (!(OutsideArray(access.Array) && access.Indices.Append(right).All(OnlyOutOfRange))) _laneRiskyOther++;
                string what = consecutive ? $"{elementType.Name} stores" : "stores at subscripts that are not consecutive";
                CountMemory(laneByLane: true);
                _laneStoreDepth = System.Math.Max(_laneStoreDepth, _depth);
                _perLane.Add(what);
                _laneByLane++;
                // A compound update of a char takes a char on the right (C# converts no int to char implicitly, not even
                // a constant): the value, an int here, came from a char, so the cast back is exact. (Shift counts are ints.)
                if (op is not (null or BinaryOp.ShiftLeft or BinaryOp.ShiftRight or BinaryOp.UnsignedShiftRight) && elementType is ScalarType { Kind: ScalarKind.Char })
                    value = $"unchecked((char)({value}))";
                output.Add(new VPerLane($"__kg_p{_temps++}", Lane, inputs.ToEquatableArray(),
                    $"{v.Name}[{string.Join(", ", indices)}] {(op is { } o ? PrinterOp(o) : "")}= {value}", _mask, what) { Line = _line, Store = true });
                return true;
            }

            /// <summary>A counted loop inside the step: runs as is, in order, for every lane at once (its bounds invariant in the step).</summary>
            private bool InnerLoop(For loop, List<VStmt> output)
            {
                if (_whileBounds.Count > 0 && _whileBounds.TryGetValue(loop, out var counted)) // (a record's hash walks its body)
                {
                    // A while loop that counts (CountedWhiles): its trip count is the terms of the difference that do not
                    // cancel, exact where start and limit are ints at every lane (the guard).
                    (Expr high, Expr low) = counted.Down ? (counted.Start, counted.Limit) : (counted.Limit, counted.Start);
                    if (Width(high, low) is not { } trips || Affine(counted.Start) is not { } first || Affine(counted.Limit) is not { } last
                        || XCoefficient(first) is null || XCoefficient(last) is null)
                        return Fail($"a while loop ({loop.Header}) whose bounds differ from lane to lane by different amounts");
                    _windows.Add((first, last, loop.Inclusive, counted.Down));
                    _countedWhiles++;
                    loop = loop with { Limit = trips };
                }
                loop = loop with { Start = Defined(loop.Start), Limit = Defined(loop.Limit) };
                if (Window(loop) is { } window) loop = window;
                if (!(Bound(loop.Start) && Bound(loop.Limit)) && !Nodes(loop.Limit).Any(n => n is Read r && r.Variable.Equals(loop.Counter))
                    && TypeName(loop.Counter.Type) == "int" && !_assigned.Contains(loop.Counter))
                {
                    // Bounds that differ from lane to lane (a row's length, a CSR row's range): the loop as the while loop
                    // it is, on lane masks, its counter a vector.
                    _assigned.Add(loop.Counter);
                    var counter = new Read(loop.Counter);
                    var asWhile = new Block(new Stmt[]
                    {
                        new Declare(loop.Counter, loop.Start),
                        new While(new Compare(loop.Inclusive ? CompareOp.LessOrEqual : CompareOp.Less, counter, loop.Limit),
                            new Block(loop.Body.Statements.Append(new Update(counter, BinaryOp.Add, new Const(1, ScalarType.Int), ScalarType.Int)).ToEquatableArray())),
                    }.ToEquatableArray());
                    return Statement(asWhile, output);
                }
                if (!Bound(loop.Start) || !Bound(loop.Limit)) return Fail("an inner loop whose bounds are not invariant in the loop over the lanes");
                if (_counters.Count >= 3) return Fail("more than three inner loops");
                string lo = Print(loop.Start)!, hi = Print(loop.Limit)!;
                // The counter's last value: limit - 1, or the limit itself for 'c <= limit'.
                _counters[loop.Counter.Name] = (lo, loop.Inclusive ? $"({hi}) + 1" : hi);
                // 'c <= limit' at the type's maximum never ends (c wraps, and the scalar loop then throws at a subscript out
                // of bounds): the vector code, which checks no subscript, runs only when the limit is below it.
                if (loop.Inclusive && TypeName(loop.Counter.Type) is "int" or "long")
                    _inclusiveLimits.Add(new Below($"{I128}({hi})", $"{TypeName(loop.Counter.Type)}.MaxValue"));
                _counterVars.Add(loop.Counter);
                _usesInnerLoops = true;
                if (_depth == 0) _stepLoops.Add(loop);
                _depth++;
                var body = new List<VStmt>();
                bool ok = Statements(loop.Body, body);
                _depth--;
                output.Add(new VFor(loop.Counter.Type.Name, loop.Counter.Name, lo, hi, body.ToEquatableArray()) { Inclusive = loop.Inclusive });
                return ok;
            }

            /// <summary>
            /// A window that moves with the lanes, <c>for (int k = i - r; k &lt;= i + r; k++)</c> (a moving average, a FIR's
            /// taps, a helper's <c>Count(a, i, i + 5)</c>): its start and limit differ from lane to lane by the same amount, so
            /// its trip count W = limit - start does not. It runs as <c>for (int t = 0; t &lt; W; t++) { int k = start + t; … }</c>,
            /// where k is the first lane's value plus the lane and <c>a[k]</c> one whole-vector read; as written it is a while
            /// loop on lane masks that gathers. W is what is left of limit - start once the terms both have cancel (the
            /// same IR, the same sign), and must be invariant. Exact where the start and the limit, computed in int as C# does,
            /// are their true values at every lane (<see cref="_windows"/>: the chunk's guard); nothing in the body may
            /// assign what they read, nor the counter. Null where the loop is not such a window.
            /// </summary>
            private For? Window(For loop)
            {
                if (TypeName(loop.Counter.Type) != "int" || _assigned.Contains(loop.Counter) || CountWrites(loop.Body, loop.Counter, out _) > 0
                    || Bound(loop.Start) || TypeName(loop.Start.Type) != "int" || TypeName(loop.Limit.Type) != "int")
                    return null;
                if (Nodes(loop.Start).Concat(Nodes(loop.Limit)).Any(n => n is Read { Variable: var v } && CountWrites(loop.Body, v, out _) > 0)) return null;
                if (Width(loop.Limit, loop.Start) is not { } width || Affine(loop.Start) is not { } start || Affine(loop.Limit) is not { } limit
                    || XCoefficient(start) is null || XCoefficient(limit) is null)
                    return null;
                _windows.Add((start, limit, loop.Inclusive, false));
                var offset = new Var($"__kg_{Bare(loop.Counter.Name)}_off", ScalarType.Int, VarKind.Counter, int.MinValue + _temps++);
                _declaredInRegion.Add(offset);
                var at0 = new Declare(loop.Counter, new Binary(BinaryOp.Add, loop.Start, new Read(offset), ScalarType.Int)) { SourceLine = loop.Line };
                return loop with
                {
                    Counter = offset, Start = new Const(0, ScalarType.Int), Limit = width,
                    Body = new Block(loop.Body.Statements.Prepend(at0).ToEquatableArray()),
                };

            }

            /// <summary>
            /// <paramref name="high"/> − <paramref name="low"/> as the terms over + and − that do not cancel (the same IR
            /// with the same sign on both sides), where every such term is invariant (<see cref="Bound"/>, no element
            /// read): <c>(i + r) - (i - r)</c> is <c>r + r</c>. Ints declared once from what nothing assigns are expanded
            /// first (a copied helper's <c>hi</c> holding <c>i + 5</c>). Null where a term that is not invariant is left.
            /// </summary>
            private Expr? Width(Expr high, Expr low)
            {
                var lows = new List<(int Sign, Expr Term)>();
                var highs = new List<(int Sign, Expr Term)>();
                Terms(Expand(low), 1, lows);
                Terms(Expand(high), 1, highs);
                foreach (var term in lows.ToList())
                {
                    int at = highs.IndexOf(term);
                    if (at < 0) continue;
                    highs.RemoveAt(at);
                    lows.Remove(term);
                }
                var rest = highs.Concat(lows.Select(t => (Sign: -t.Sign, t.Term))).Where(t => t.Term is not Const { Value: 0 }).ToList();
                if (rest.Any(t => !Bound(t.Term) || Nodes(t.Term).Any(n => n is Element))) return null;
                Expr width = new Const(0, ScalarType.Int);
                foreach ((int sign, Expr term) in rest)
                    width = width is Const { Value: 0 } && sign > 0 ? term
                        : new Binary(sign > 0 ? BinaryOp.Add : BinaryOp.Subtract, width, term, ScalarType.Int);
                return width;

                Expr Expand(Expr e) => Rewrite.Expression(e, n => n is Read { Variable: var v } && TypeName(v.Type) == "int" && !_assigned.Contains(v)
                    && _definitions.TryGetValue(v, out Expr? value) && Nodes(value).All(m => m is not Read r || !_assigned.Contains(r.Variable)) ? Expand(value) : null);

                static void Terms(Expr e, int sign, List<(int, Expr)> terms)
                {
                    switch (e)
                    {
                        case Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Checked: false } b when TypeName(b.Type) == "int":
                            Terms(b.Left, sign, terms);
                            Terms(b.Right, b.Op == BinaryOp.Add ? sign : -sign, terms);
                            break;
                        case Unary { Op: UnaryOp.Negate, Checked: false } u when TypeName(u.Type) == "int":
                            Terms(u.Operand, -sign, terms);
                            break;
                        case Unary { Op: UnaryOp.Plus } u:
                            Terms(u.Operand, sign, terms);
                            break;
                        default:
                            terms.Add((sign, e));
                            break;
                    }
                }
            }

            /// <summary>
            /// While loops that count, as the for loops they are: <c>int x = i; while (x &gt; i - period) { …; x--; }</c> (a
            /// for loop walking a window down, lowered to this) and <c>int k = 0, at = i; while (k &lt; n) { … at[…]; k++; at++; }</c>
            /// (ported C): the condition compares a local c with a limit L the body leaves alone, the body ends with c
            /// stepped by one towards L and maybe other int locals stepped by constants, each changed there only, declared
            /// earlier in the same block from ints and + − × alone, read nowhere after the loop; no break or continue.
            /// They become <c>for (t = 0; t &lt; W; t++) { int c = start ± t; int v = v0 + step·t; … }</c> with W the
            /// terms of L − start (or start − L) that do not cancel; <see cref="_whileBounds"/> keeps start and L for
            /// the guard (<see cref="InnerLoop"/>: both ints at every lane, so that W counts the iterations the loop runs).
            /// As while loops on lane masks their elements were gathered.
            /// </summary>
            private Stmt CountedWhiles(Stmt statement)
            {
                switch (statement)
                {
                    case Block block:
                    {
                        var statements = block.Statements.Select(CountedWhiles).ToList();
                        for (int k = 0; k < statements.Count; k++)
                            if (statements[k] is While loop && CountedWhile(statements, k, loop) is { } counted)
                            {
                                statements[k] = counted.Loop;
                                foreach (int at in counted.Declarations.OrderByDescending(d => d)) statements.RemoveAt(at);
                                k -= counted.Declarations.Count;
                            }
                        return block with { Statements = statements.ToEquatableArray() };
                    }
                    case If branch:
                        return branch with { Then = (Block)CountedWhiles(branch.Then), Else = branch.Else is null ? null : (Block)CountedWhiles(branch.Else) };
                    case For loop:
                        return loop with { Body = (Block)CountedWhiles(loop.Body) };
                    case While loop:
                        return loop with { Body = (Block)CountedWhiles(loop.Body) };
                    default:
                        return statement;
                }
            }

            private (For Loop, List<int> Declarations)? CountedWhile(List<Stmt> statements, int k, While loop)
            {
                if (loop.Condition is not Compare { Op: CompareOp.Less or CompareOp.LessOrEqual or CompareOp.Greater or CompareOp.GreaterOrEqual, Left: Read { Variable: var c }, Right: var limit } test
                    || TypeName(c.Type) != "int" || TypeName(limit.Type) != "int") return null;
                bool down = test.Op is CompareOp.Greater or CompareOp.GreaterOrEqual;
                // The steps at the body's end, each variable's only change in the body.
                var body = loop.Body.Statements.ToList();
                var steps = new Dictionary<Var, int>();
                // (c += 1, c++, and c = c + 1 as written out: the same step.)
                static (Var Variable, int Delta)? Step(Stmt statement) => statement switch
                {
                    Update { Target: Read { Variable: var v }, Op: BinaryOp.Add or BinaryOp.Subtract, Value: Const { Value: int delta }, Checked: false } u
                        => (v, u.Op == BinaryOp.Add ? delta : -delta),
                    Assign { Target: Read { Variable: var v }, Value: Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Checked: false, Left: Read { Variable: var same }, Right: Const { Value: int delta } } b }
                        when same.Equals(v) => (v, b.Op == BinaryOp.Add ? delta : -delta),
                    _ => null,
                };
                while (body.Count > 0 && Step(body[body.Count - 1]) is { } step
                    && TypeName(step.Variable.Type) == "int" && !steps.ContainsKey(step.Variable) && step.Delta is >= -(1 << 20) and <= 1 << 20)
                {
                    steps[step.Variable] = step.Delta;
                    body.RemoveAt(body.Count - 1);
                }
                if (!steps.TryGetValue(c, out int unit) || unit != (down ? -1 : 1)) return null;
                var rest = new Block(body.ToEquatableArray());
                var changed = new HashSet<string>(System.StringComparer.Ordinal);
                Changed(rest, changed);
                if (steps.Keys.Any(v => changed.Contains(v.Name)) || HasJumpOrOpaque(rest)) return null;
                // (The limit is evaluated before every iteration, the first too: a.Length of an array the body leaves alone
                // throws there or nowhere, and the vector path runs only where a is not null.)
                if (Nodes(limit).Any(n => n is not (Const or Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Checked: false } or Unary { Op: UnaryOp.Negate, Checked: false }
                            or Length { Array: Read, Dimension: < 0 })
                        && !(n is Read r && !changed.Contains(r.Variable.Name) && !steps.ContainsKey(r.Variable))))
                    return null;
                // Each stepped variable's declaration earlier in this block, from ints and + − × (nothing that may throw:
                // it now runs only where the loop does), nothing between changing it or what it reads.
                var declarations = new List<int>();
                var starts = new Dictionary<Var, Expr>();
                foreach (Var v in steps.Keys)
                {
                    int at = statements.FindLastIndex(k - 1, st => st is Declare d && d.Variable.Equals(v));
                    if (at < 0 || statements[at] is not Declare { Init: { } init }) return null;
                    if (Nodes(init).Any(n => n is not (Const or Read or Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Checked: false } or Unary { Op: UnaryOp.Negate, Checked: false })))
                        return null;
                    var between = new HashSet<string>(System.StringComparer.Ordinal);
                    for (int b = at + 1; b < k; b++) Changed(statements[b], between);
                    if (between.Contains(v.Name) || Nodes(init).Any(n => n is Read r && (between.Contains(r.Variable.Name) || steps.ContainsKey(r.Variable)))
                        || Nodes(limit).Any(n => n is Read r && between.Contains(r.Variable.Name)))
                        return null;
                    declarations.Add(at);
                    starts[v] = init;
                }
                // Read nowhere after the loop (in this block: they are declared in it).
                for (int after = k + 1; after < statements.Count; after++)
                    if (HasJumpOrOpaque(statements[after]) || Mentions(statements[after], steps.Keys)) return null;
                var t = new Var($"__kg_{Bare(c.Name)}_step", ScalarType.Int, VarKind.Counter, int.MinValue / 2 + _temps++);
                Expr Plus(Expr a, Expr b) => new Binary(BinaryOp.Add, a, b, ScalarType.Int);
                var prologue = steps.Select(step => (Stmt)new Declare(step.Key, step.Value == 1 ? Plus(starts[step.Key], new Read(t))
                    : step.Value == -1 ? new Binary(BinaryOp.Subtract, starts[step.Key], new Read(t), ScalarType.Int)
                    : Plus(starts[step.Key], new Binary(BinaryOp.Multiply, new Const(step.Value, ScalarType.Int), new Read(t), ScalarType.Int))) { SourceLine = loop.SourceLine });
                Expr start = starts[c];
                Expr width = down ? new Binary(BinaryOp.Subtract, start, limit, ScalarType.Int) : new Binary(BinaryOp.Subtract, limit, start, ScalarType.Int);
                var counted = new For(t, new Const(0, ScalarType.Int), width, new Block(prologue.Concat(body).ToEquatableArray()),
                    $"while ({Print(loop.Condition) ?? "…"})", loop.SourceLine) { Inclusive = test.Op is CompareOp.LessOrEqual or CompareOp.GreaterOrEqual, SourceLine = loop.SourceLine };
                _whileBounds[counted] = (start, limit, down);
                return (counted, declarations);

                static bool HasJumpOrOpaque(Stmt st) => st switch
                {
                    Jump or OpaqueStmt => true,
                    Block b => b.Statements.Any(HasJumpOrOpaque),
                    If f => HasJumpOrOpaque(f.Then) || f.Else is not null && HasJumpOrOpaque(f.Else),
                    For f => HasJumpOrOpaque(f.Body),
                    While w => HasJumpOrOpaque(w.Body),
                    _ => false,
                };
                static bool Mentions(Stmt st, IEnumerable<Var> vars)
                {
                    var set = new HashSet<Var>(vars);
                    bool found = false;
                    Rewrite.Statement(st, e => { if (e is Read r && set.Contains(r.Variable) || e is Opaque) found = true; return null; });
                    if (st is Declare d && set.Contains(d.Variable)) found = true;
                    return found;
                }
            }

            /// <summary>The counted whiles' start and limit (<see cref="CountedWhiles"/>), by the for loop each became.</summary>
            private readonly Dictionary<For, (Expr Start, Expr Limit, bool Down)> _whileBounds = new();
            /// <summary>How many of <see cref="_windows"/> are counted while loops (for the report).</summary>
            private int _countedWhiles;

            /// <summary>
            /// The windows' start and limit (<see cref="Window"/>) as polynomials: the guard checks that both are ints at the
            /// chunk's first and last lanes (and the limit below int.MaxValue where inclusive: the loop as written would not
            /// end), and that their difference is one, so that W computed in int is the trip count.
            /// </summary>
            private readonly List<(Poly Start, Poly Limit, bool Inclusive, bool Down)> _windows = new();

            /// <summary>A while loop over lane masks: it runs while any lane's condition holds; the others keep their values.</summary>
            private bool While(While loop, List<VStmt> output)
            {
                string mask = $"__kg_m{_masks++}";
                _usesWhile = true;
                var body = new List<VStmt>();
                // The condition is translated inside the loop: what it computes first (inlined helpers' arguments) runs every time.
                if (Expression(loop.Condition, body) is not { } condition) return false;
                if (condition.Type != "bool") return Fail("the condition of a while loop");
                var conditionSteps = body.ToList();
                body.Clear();
                string? saved = _mask;
                var bounded = BoundedCounters(loop).Where(_bounded.Add).ToList();
                _mask = mask; _level++; _depth++;
                bool ok = Statements(loop.Body, body);
                _mask = saved; _level--; _depth--;
                foreach (Var counter in bounded) _bounded.Remove(counter);
                output.Add(new VWhile(mask, saved, conditionSteps.ToEquatableArray(), condition.Code, body.ToEquatableArray()));
                return ok;
            }

            /// <summary>
            /// The int locals v of a while loop's condition <c>v &lt; e &amp;&amp; …</c> (e an int) that its body changes only by one
            /// <c>v++</c> among its own statements: v + 1 ≤ e there, so the increment needs no 32-bit wrap-around.
            /// </summary>
            private IEnumerable<Var> BoundedCounters(While loop)
            {
                var terms = new List<Expr> { loop.Condition };
                for (int k = 0; k < terms.Count; k++)
                {
                    if (terms[k] is Logical { And: true } and) { terms.Add(and.Left); terms.Add(and.Right); continue; }
                    if (terms[k] is not Compare { Op: CompareOp.Less, Left: Read { Variable: var counter }, Right: var bound }
                        || TypeName(bound.Type) != "int" || TypeName(counter.Type) != "int" || !_vectors.ContainsKey(counter))
                        continue;
                    int writes = CountWrites(loop.Body, counter, out int ownIncrements);
                    if (writes == 1 && ownIncrements == 1) yield return counter;
                }
            }

            private static int CountWrites(Block body, Var v, out int ownIncrements)
            {
                int writes = 0;
                ownIncrements = body.Statements.Count(s => s is Update { Target: Read r, Op: BinaryOp.Add, Value: Const { Value: 1 } } && r.Variable.Equals(v));
                void Walk(Stmt s)
                {
                    switch (s)
                    {
                        case Block b: foreach (Stmt inner in b.Statements) Walk(inner); break;
                        case Assign { Target: Read r } when r.Variable.Equals(v): writes++; break;
                        case Update { Target: Read r } when r.Variable.Equals(v): writes++; break;
                        case If f: Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                        case For l: Walk(l.Body); break;
                        case While w: Walk(w.Body); break;
                        case OpaqueStmt o when o.Writes.Contains(v): writes += 2; break;
                    }
                }
                Walk(body);
                return writes;
            }

            // ---- bounds, subscripts -------------------------------------------------------------------------------

            /// <summary>
            /// A loop bound evaluated once, before the loop over the lanes: an int built from constants, ints declared outside
            /// that loop and not assigned in it, and lengths of arrays declared outside it, with + - * (a null array is checked first).
            /// </summary>
            /// <summary>Guards that the vector code's inclusive inner loops end (their limit below the counter type's maximum).</summary>
            private readonly List<VGuard> _inclusiveLimits = new();

            /// <summary>Byte tables looked up on vectors (<see cref="ByteTable"/>), for the report, and their guards (256 elements at least).</summary>
            private readonly List<string> _tables = new();
            /// <summary>The most entries a table lookup of the step keeps in registers (64, 128 or 256; for the report).</summary>
            private int _tableEntries;
            /// <summary>Run-time conditions of the vector path besides bounds and aliasing: the tables' lengths and the machine's VBMI, a group's stride residue (GapsNeverWritten).</summary>
            private readonly List<VGuard> _runtimeGuards = new();

            /// <summary>Conditions of the launch under which the chunks may run apart (<see cref="VectorPlan.ParallelChecks"/>).</summary>
            private readonly List<Model.RunTimeCheckSpec> _parallelChecks = new();

            /// <summary>
            /// <paramref name="e"/> with each local of the body assigned only where declared, to a value of invariants
            /// (<see cref="Bound"/>), replaced by that value: <c>int count = v.Length;</c> (a helper's, copied into the body)
            /// then bounds a loop as <c>v.Length</c> does, and the chunk's guards can compute its extremes.
            /// </summary>
            private Expr Defined(Expr e) => Rewrite.Expression(e, n => n is Read { Variable: var v } && _definitions.TryGetValue(v, out Expr? value)
                && !Nodes(value).Any(m => m is Read { Variable: var inner } && _definitions.ContainsKey(inner)) && Bound(value) ? value : null);

            private bool Bound(Expr e)
            {
                if (TypeName(e.Type) is not ("int" or "long")) return false;
                foreach (Expr node in Nodes(e))
                {
                    switch (node)
                    {
                        case Const or Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply } or Unary { Op: UnaryOp.Negate or UnaryOp.Plus } or Convert:
                            continue;
                        case Binary { Op: BinaryOp.Divide, Right: Const { Value: int or long } divisor } when System.Convert.ToInt64(divisor.Value) > 0:
                            continue; // a stepped counter's trip count (Lowering.Counted)
                        case Read r when Outside(r.Variable) && TypeName(r.Variable.Type) is "int" or "long":
                            continue;
                        case Length { Array: Read a } when Outside(a.Variable) && a.Variable.Type is ArrayType or SpanType:
                            if (a.Variable.Type is ArrayType && !_nullChecks.Contains(a.Variable.Name)) _nullChecks.Add(a.Variable.Name);
                            continue;
                        case Length { Array: Element { Array: Read rows, Indices.Count: 1 } row } when Outside(rows.Variable) && InvariantOverLanes(row):
                            continue; // a jagged row's length (rows[i].Length), read once like the row
                        case Element { Array: Read rows, Indices.Count: 1 } when Outside(rows.Variable):
                            continue; // the row of such a Length
                        case Read { Variable.Type: ArrayType or SpanType } r when Outside(r.Variable) && node is not null:
                            continue; // the array of a Length
                        default:
                            return false;
                    }
                }
                return Print(e) is not null;
            }

            /// <summary>Declared outside the loop over the lanes and not assigned in it: invariant there.</summary>
            private bool Outside(Var v) =>
                !v.Equals(_x) && v.Kind is VarKind.Shared or VarKind.Index && !_assigned.Contains(v)
                || (v.Kind is VarKind.Private or VarKind.Counter || v is { Kind: VarKind.Temp, Source: not null })
                    && _lane is not null && !_declaredInRegion.Contains(v) && !_assigned.Contains(v) && !v.Equals(_x);

            /// <summary>Symbols of <see cref="Affine"/>'s polynomials that are the same in every PRange iteration (shared variables, their lengths), and the others.</summary>
            private readonly HashSet<string> _invariantSymbols = new(System.StringComparer.Ordinal), _varyingSymbols = new(System.StringComparer.Ordinal);

            /// <summary>A subscript as a polynomial over x, the inner-loop counters and invariant ints; null when it is not one.</summary>
            /// <remarks>
            /// A quotient of the index stands for a symbol of its own (<see cref="AffineTerms"/>): a polynomial where one is
            /// left over is not one (its value changes from lane to lane in steps, not by a coefficient), so where a split
            /// index is put back together (<c>y * w + x</c> with <c>y = p / w</c>, <c>x = p % w</c>) the subscript is p.
            /// </remarks>
            /// <remarks>
            /// <paramref name="clamps"/>: the subscript of an array the loop reads and does not store may hold clamps of
            /// lane-uniform values (<see cref="UniformClamp"/>); nothing else may (their symbols have no value of their own).
            /// </remarks>
            private Poly? Affine(Expr e, bool clamps = false) =>
                AffineTerms(e) is { } poly && !poly.Terms.Any(t => QuotientTerm(t.Key) || !clamps && ClampTerm(t.Key)) ? poly : null;

            private static bool QuotientTerm(string term) => term.IndexOf('$') >= 0;

            private static bool ClampTerm(string term) => term.IndexOf('#') >= 0;

            /// <summary>Whether <paramref name="e"/> computes anything checked (which throws where a wrapping lane would not).</summary>
            private static bool HasChecked(Expr e) => Nodes(e).Any(n => n is Binary { Checked: true } or Unary { Checked: true } or Convert { Checked: true });

            /// <summary>Symbols standing for lane-uniform clamps (<see cref="UniformClamp"/>), by symbol.</summary>
            private readonly Dictionary<string, UniformClampSymbol> _clamps = new(System.StringComparer.Ordinal);

            /// <summary>The uniform clamps in the subscripts of the vector loop's accesses.</summary>
            private List<string> ClampsRead() => _arrays.Values.Where(a => a.Vector).SelectMany(a => a.Groups.Values.SelectMany(g => g.Bases))
                .SelectMany(p => p.Terms.SelectMany(t => t.Key.Split('*'))).Where(_clamps.ContainsKey).Distinct().ToList();

            /// <summary>A clamp's C# text, the C# of its bounds (ints, unchecked) and whether its value reads the step's own ints (inner counters).</summary>
            private sealed record UniformClampSymbol(string Text, string Lo, string Hi, bool Moves, string? Check = null, Poly? Value = null)
            {
                /// <summary>How the report names it: as written, or for a '?:' chain (long, from a helper or folded ifs) its value and range.</summary>
                public string Shown { get; init; } = Text;
            }

            /// <summary>
            /// A clamp of a value the same in every lane: <c>Math.Clamp(v, L, H)</c>, or <c>Math.Min(Math.Max(v, L), H)</c> and
            /// <c>Math.Max(Math.Min(v, H), L)</c> either way round, which equal it where L ≤ H (a 2-D filter's row,
            /// <c>Math.Clamp(y + dy, 0, h - 1)</c>). A symbol of its own (one per text: the same text is the same value, its
            /// variables being ones the lanes do not assign), whose value lies in [L, H]: the guard checks L ≤ H and every
            /// subscript with the symbol at L and at H, as for a counter (<see cref="Corners"/>). Then the row term of
            /// <c>src[Math.Clamp(y + dy, 0, h - 1) * w + x + dx]</c> is one row for all lanes, a whole-vector load, where a
            /// term that is not a polynomial made it a gather. v: unchecked + − × of ints outside the lanes and of inner
            /// counters (not x); L and H: shared ints and constants (known before the loop, the same in every iteration).
            /// Null for anything else.
            /// </summary>
            private string? UniformClamp(Expr clamp)
            {
                if (clamp.Type != IrType.Int) return null;
                // Max, Min and '?:' of the loop's own ints alone (a row above clamped to the image, Math.Max(y - 1, 0) * w,
                // y > 0 ? y - 1 : 0): the value is fixed for the whole vector loop, and its text, which cannot throw, is its
                // only corner.
                if (clamp is MathCall { Fn: MathFn.Max or MathFn.Min } or Select && Nodes(clamp).All(n => n switch
                    {
                        Const => true,
                        Read r => r.Type == IrType.Int && Outside(r.Variable),
                        Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Checked: false } b => b.Type == IrType.Int,
                        Unary { Op: UnaryOp.Negate or UnaryOp.Plus, Checked: false } u => u.Type == IrType.Int,
                        MathCall { Fn: MathFn.Max or MathFn.Min, Arguments.Count: 2 } m => m.Type == IrType.Int,
                        Select c => c.Type == IrType.Int,
                        Compare c => c.Left.Type == IrType.Int && c.Right.Type == IrType.Int,
                        Logical => true,
                        _ => false,
                    }) && Print(clamp) is { } fixedText)
                    return Symbol(new UniformClampSymbol(fixedText, fixedText, fixedText, Moves: false));
                if (ClampParts(clamp) is not var (value, lo, hi)) return null;
                if (HasChecked(value) || Nodes(value).Any(n => n is Read r && !Outside(r.Variable) && !_counterVars.Contains(r.Variable))) return null;
                if (AffineTerms(value) is not { } poly || poly.Terms.Any(t => QuotientTerm(t.Key) || ClampTerm(t.Key) || t.Key.Split('*').Contains(_x.Name))) return null;
                if (Print(clamp) is not { } text || Print(lo) is not { } low || Print(hi) is not { } high) return null;
                string l = lo is Const ? low : $"unchecked({low})", h = hi is Const ? high : $"unchecked({high})";
                bool ordered = lo is Const { Value: int a } && hi is Const { Value: int b } && a <= b;
                return Symbol(new UniformClampSymbol(text, l, h, Moves: Nodes(value).Any(n => n is Read r && !Outside(r.Variable)),
                    Check: ordered ? null : $"{l} <= {h}", Value: poly)
                    { Shown = clamp is Select && Print(value) is { } shownValue ? $"{shownValue} kept in [{low}, {high}] by '?:'" : text });

                string Symbol(UniformClampSymbol clamp)
                {
                    foreach (KeyValuePair<string, UniformClampSymbol> known in _clamps)
                        if (known.Value.Text == clamp.Text) return known.Key;
                    string symbol = "#c" + _clamps.Count;
                    _clamps[symbol] = clamp;
                    return symbol;
                }

                // A bound: an int the same in every iteration of the kernel, whose evaluation cannot throw.
                bool Bound(Expr e) => e.Type == IrType.Int && !HasChecked(e)
                    && AffineTerms(e) is { } p && p.Terms.All(t => t.Key.Length == 0 || t.Key.Split('*').All(f => _invariantSymbols.Contains(f) && !_varyingSymbols.Contains(f)));
                (Expr Value, Expr Lo, Expr Hi)? ClampParts(Expr e)
                {
                    if (e is Select select) return Levels(select) is (var v, { } l, { } u) ? (v, l, u) : null;
                    if (e is not MathCall c) return null;
                    if (c.Fn == MathFn.Clamp && c.Arguments.Count == 3)
                        return Bound(c.Arguments[1]) && Bound(c.Arguments[2]) ? (c.Arguments[0], c.Arguments[1], c.Arguments[2]) : null;
                    if (c.Fn is not (MathFn.Min or MathFn.Max) || c.Arguments.Count != 2) return null;
                    // The inner call and the outer bound, either way round: Min's inner call is a Max, and Max's a Min.
                    MathFn inner = c.Fn == MathFn.Min ? MathFn.Max : MathFn.Min;
                    for (int k = 0; k < 2; k++)
                    {
                        if (c.Arguments[k] is not MathCall { Fn: var fn, Arguments.Count: 2, Type: var type } call || fn != inner || type != IrType.Int
                            || !Bound(c.Arguments[1 - k])) continue;
                        int at = Bound(call.Arguments[1]) ? 0 : Bound(call.Arguments[0]) ? 1 : -1;
                        if (at < 0) continue;
                        Expr bound = call.Arguments[1 - at], outer = c.Arguments[1 - k];
                        return c.Fn == MathFn.Min ? (call.Arguments[at], bound, outer) : (call.Arguments[at], outer, bound);
                    }
                    return null;
                }
                // A clamp written as '?:' (v < 0 ? 0 : v >= h ? h - 1 : v, or the same in two steps, each comparing the
                // value the step before left): at most one level taking a lower bound L where the value compared is below it
                // (v < L ? L, v <= L ? L or L + 1) and one an upper bound H (v > H ? H, v >= H ? H or H - 1), either way round.
                // Each level leaves the value compared where it does not take its bound, so with L ≤ H every result lies in
                // [L, H]. (Where H - 1 wraps, v >= int.MinValue always takes it: there is nothing else to bound.)
                (Expr Value, Expr? Lo, Expr? Hi)? Levels(Expr e)
                {
                    if (e is not Select { Condition: Compare { Op: not (CompareOp.Equal or CompareOp.NotEqual) } test } s
                        || test.Left.Type != IrType.Int || test.Right.Type != IrType.Int) return (e, null, null);
                    for (int arm = 0; arm < 2; arm++)
                    {
                        Expr taken = arm == 0 ? s.WhenTrue : s.WhenFalse, passed = arm == 0 ? s.WhenFalse : s.WhenTrue;
                        if (!Bound(taken) || Levels(passed) is not var (value, lo, hi)) continue;
                        for (int side = 0; side < 2; side++)
                        {
                            Expr compared = side == 0 ? test.Left : test.Right, bound = side == 0 ? test.Right : test.Left;
                            if (!(compared.Equals(value) || compared.Equals(passed)) || !Bound(bound)
                                || AffineTerms(taken)?.Minus(AffineTerms(bound)!) is not { IsConstant: true } difference) continue;
                            // compared OP bound, where the bound is taken.
                            CompareOp op = side == 0 ? test.Op : CompareOps.Mirrored(test.Op);
                            if (arm == 1) op = CompareOps.Negated(op);
                            long d = difference.ConstantTerm;
                            if (lo is null && (op == CompareOp.Less && d == 0 || op == CompareOp.LessOrEqual && d is 0 or 1)) return (value, taken, hi);
                            if (hi is null && (op == CompareOp.Greater && d == 0 || op == CompareOp.GreaterOrEqual && d is 0 or -1)) return (value, lo, taken);
                        }
                    }
                    return null;
                }
            }

            /// <summary>Symbols standing for the index's quotients, by dividend and divisor.</summary>
            private readonly Dictionary<string, string> _quotientSymbols = new(System.StringComparer.Ordinal);

            /// <summary>Ints of the body computed from the index's quotients (<c>x = p % w</c>): their polynomials, with the quotients' symbols.</summary>
            private readonly Dictionary<Var, Poly> _splits = new();

            /// <summary><see cref="Affine"/>, where the index's quotients may be left over.</summary>
            private Poly? AffineTerms(Expr e)
            {
                switch (e)
                {
                    case Const { Value: int n }: return Poly.Constant(n);
                    case Const { Value: long n }: return Poly.Constant(n);
                    case Convert { Operand: var operand } c when TypeName(c.Type) is "int" or "long" && TypeName(operand.Type) is "int" or "long"
                        && !(TypeName(c.Type) == "int" && TypeName(operand.Type) == "long"):
                        return AffineTerms(operand);
                    case Binary b when b.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply && TypeName(b.Type) is "int" or "long":
                    {
                        Poly? left = AffineTerms(b.Left), right = left is null ? null : AffineTerms(b.Right);
                        if (right is null) return null;
                        return b.Op switch
                        {
                            BinaryOp.Add => left!.Plus(right),
                            BinaryOp.Subtract => left!.Minus(right),
                            _ => left!.Times(right),
                        };
                    }
                    case Binary { Op: BinaryOp.Divide or BinaryOp.Remainder, Checked: false } b when TypeName(b.Type) == "int" && IndexQuotient(b) is { } split:
                        return split;
                    case Binary { Op: BinaryOp.Divide or BinaryOp.Remainder, Checked: false, Right: Const { Value: int d } } b when d is not (0 or -1) && TypeName(b.Type) == "int":
                    {
                        // A quotient of values the same in every PRange iteration (a half-size image's row length, w / 2): a
                        // symbol of its own, its C# text, the same in every iteration too. (Not by -1: int.MinValue / -1
                        // throws, and a guard would throw it before the iterations the serial loop runs first.)
                        if (Affine(b.Left) is not { } dividend || Print(b) is not { } text || text.Contains("*")) return null;
                        foreach (KeyValuePair<string, long> term in dividend.Terms)
                            if (term.Key.Length > 0 && term.Key.Split('*').Any(f => !_invariantSymbols.Contains(f) || _varyingSymbols.Contains(f))) return null;
                        _invariantSymbols.Add(text);
                        return Poly.Symbol(text);
                    }
                    case MathCall or Select when UniformClamp(e) is { } clamp: return Poly.Symbol(clamp);
                    case Unary { Op: UnaryOp.Negate } u: return AffineTerms(u.Operand)?.Scale(-1);
                    case Unary { Op: UnaryOp.Plus } u: return AffineTerms(u.Operand);
                    case Length { Array: Read a, Dimension: var d } when Outside(a.Variable) && a.Variable.Type is ArrayType or SpanType:
                        if (a.Variable.Type is ArrayType && !_nullChecks.Contains(a.Variable.Name)) _nullChecks.Add(a.Variable.Name);
                        string lengthSymbol = d < 0 ? a.Variable.Name + ".Length" : $"{a.Variable.Name}.GetLength({d})";
                        (a.Variable.Kind == VarKind.Shared ? _invariantSymbols : _varyingSymbols).Add(lengthSymbol);
                        return Poly.Symbol(lengthSymbol);
                    case Length { Array: Element { Array: Read rows, Indices.Count: 1 } row, Dimension: < 0 } when Outside(rows.Variable) && InvariantOverLanes(row) && Print(row) is { } rowText && !rowText.Contains("*"):
                        { _varyingSymbols.Add(rowText + ".Length"); return Poly.Symbol(rowText + ".Length"); }
                    case Read r:
                    {
                        Var v = r.Variable;
                        if (v.Equals(_x) || _counterVars.Contains(v)) { _varyingSymbols.Add(v.Name); return Poly.Symbol(v.Name); }
                        if (_shadows.TryGetValue(v, out Poly? shadow)) return shadow;
                        if (_splits.TryGetValue(v, out Poly? split)) return split;
                        if (!Outside(v) || TypeName(v.Type) is not ("int" or "long")) return null;
                        (v.Kind == VarKind.Shared ? _invariantSymbols : _varyingSymbols).Add(v.Name);
                        return Poly.Symbol(v.Name);
                    }
                    default:
                        return null;
                }
            }

            /// <summary>
            /// <c>x / d</c> as a symbol of its own and <c>x % d</c> as <c>x − d·(x / d)</c> (C#'s identity for its truncating
            /// division, any d ≠ 0), for x the index (its lanes consecutive) and d invariant over the lanes (no counter, no
            /// quotient, not a constant 0 or −1); null otherwise.
            /// </summary>
            private Poly? IndexQuotient(Binary b)
            {
                if (_input.Rolled > 1 || _lane is null && !_input.Loop.UnitStep || b.Left is not Read { Variable: var v } || !v.Equals(_x)) return null;
                if (Affine(b.Right) is not { } divisor || divisor.IsConstant && divisor.ConstantTerm is 0 or -1) return null;
                foreach (string term in divisor.Terms.Select(t => t.Key))
                    if (term.Length > 0 && term.Split('*').Any(f => f == _x.Name || _counters.ContainsKey(f) || QuotientTerm(f)))
                        return null;
                string key = v.Name + "/" + divisor;
                if (!_quotientSymbols.TryGetValue(key, out string? symbol)) _quotientSymbols[key] = symbol = "$q" + _quotientSymbols.Count;
                Poly quotient = Poly.Symbol(symbol);
                return b.Op == BinaryOp.Divide ? quotient : Poly.Symbol(v.Name).Minus(divisor.Times(quotient));
            }

            /// <summary>x's coefficient when it is a constant and no other term holds x or a counter twice; else null.</summary>
            private int? XCoefficient(Poly poly)
            {
                int coefficient = 0;
                foreach (KeyValuePair<string, long> term in poly.Terms)
                {
                    string[] factors = term.Key.Length == 0 ? System.Array.Empty<string>() : term.Key.Split('*');
                    // (A clamp twice in a term is not multilinear in it either: its corners would not bound the term.)
                    if (factors.GroupBy(f => f).Any(g => g.Count() > 1 && (g.Key == _x.Name || _counters.ContainsKey(g.Key) || _clamps.ContainsKey(g.Key)))) return null;
                    if (!factors.Contains(_x.Name)) continue;
                    if (factors.Length != 1 || term.Value is < int.MinValue or > int.MaxValue) return null;
                    coefficient = (int)term.Value;
                }
                return coefficient;
            }

            /// <summary>The array (or row) an element access reads or writes: a key naming it, or null when it is not one the step can address.</summary>
            private string? BaseKey(Element element) => element.Array switch
            {
                Read r => r.Variable.Name,
                Element row => Print(row),
                _ => null,
            };

            /// <summary>A vector access: the element's array (registered) and the first lane's element number (exact C#).</summary>
            private (ArrayUse Use, string Index, string Ref)? Access(Element access, bool written) =>
                StridedAccess(access, written, strided: false) is { } slot ? (slot.Use, slot.Index, slot.Ref) : null;

            /// <summary>
            /// <see cref="Access"/>, and where <paramref name="strided"/> (narrow reads) the last subscript may also step by
            /// 2, 3 or 4 elements from lane to lane (packed pixels, interleaved channels): the stride is returned.
            /// </summary>
            /// <paramref name="groups"/>: a 1-D subscript may step by 2 up to this many elements (a group of elements per
            /// lane, stored together: <see cref="GroupStore"/>).
            private (ArrayUse Use, string Index, int Stride, string Ref)? StridedAccess(Element access, bool written, bool strided, int groups = 0, bool boolBytes = false, bool zeroExtended = false)
            {
                string? element = TypeName(access.Type) ?? NarrowName(access.Type);
                // (A bool element is read or stored as its byte: see BoolElement and StoreBool.)
                if (element is null || element == "bool" && written && !boolBytes) { Fail($"'{Print(access) ?? "an element"}' has type {access.Type.Name}"); return null; }
                // A uint element is its bits in an int lane (ARGB pixels, hashes): read and stored through the array's data as
                // ints; in long lanes only where it is converted to a long (zeroExtended: the load widens it, see WidenedUint).
                if (element == "uint" && (_wide && !zeroExtended || Lanes16)) { Fail($"'{Print(access) ?? "an element"}' is a uint (its bits live in int lanes only)"); return null; }
                if (element == "ulong" && (!_wide || Lanes16)) { Fail($"'{Print(access) ?? "an element"}' is a ulong (its bits live in long lanes only)"); return null; }
                ArrayUse? use = Use(access, element);
                if (use is null) return null;
                var polys = new Poly[access.Indices.Count];
                int stride = 1;
                // A channel of a rectangular array whose last dimension holds each pixel's channels (pixels[y, x, c], c
                // constant): along x its elements are that dimension's length apart, read as a flat array's 3 * x + c.
                int channels = use.Kind == ArrayRefKind.Multi ? Channels(access, use, !written && strided ? 4 : groups) : 0;
                // (Clamps of lane-uniform rows only in what the loop reads and never stores: no dependence test sees them.)
                bool clamps = !written && !_stored.Contains(use.Source);
                for (int d = 0; d < polys.Length; d++)
                {
                    Poly? poly = TypeName(access.Indices[d].Type) is "int" or "long" ? Affine(access.Indices[d], clamps) : null;
                    int? coefficient = poly is null ? null : XCoefficient(poly);
                    bool last = d == polys.Length - 1;
                    if (channels > 0 && d == polys.Length - 2 && coefficient == 1) { }
                    else if (channels > 0 && last && poly is { IsConstant: true })
                    {
                        stride = channels;
                        if (written) _groupStride = System.Math.Max(_groupStride, stride);
                        else _usesStrides = true;
                    }
                    else if (last && strided && !written && coefficient is 2 or 3 or 4) { stride = coefficient.Value; _usesStrides = true; }
                    else if (last && polys.Length == 1 && coefficient >= 2 && coefficient <= groups)
                    {
                        stride = coefficient.Value;
                        if (written || stride == 2) _groupStride = System.Math.Max(_groupStride, stride);
                        else _usesStrides = true;
                    }
                    else if (poly is null || coefficient != (last ? 1 : 0))
                    {
                        Fail(last ? $"subscript '{Print(access.Indices[d]) ?? "?"}' is not {_x.Name} plus a polynomial in loop-invariant ints and inner-loop counters"
                            : $"'{Print(access) ?? "an element"}' changes its dimension {d} from lane to lane");
                        return null;
                    }
                    polys[d] = poly!; // set: a coefficient was found
                }
                if (!written && ReadsHeldElement(use.Source, polys.Length == 1 ? polys[0] : null, polys.Length > 1 ? access : null)) { Fail($"'{use.Source}' is read at an element held for a group store"); return null; }
                // A row that moves with an inner counter (a[y, x], a[y * w + x]): the step walks down columns.
                bool Moves(Poly poly, bool scaled) => poly.Terms.Any(t => t.Key.Split('*') is var f && f.Any(_counters.ContainsKey) && (!scaled || f.Length > 1));
                if (_depth > 0 && (use.Kind == ArrayRefKind.Multi ? polys.Take(polys.Length - 1).Any(p => Moves(p, false)) : Moves(polys[0], true)))
                    _walksRows = true;
                use.Vector = true;
                CountMemory(laneByLane: false);
                string key = string.Join(";", polys.Select(p => p.ToString()));
                if (_stored.Contains(use.Source))
                {
                    if (!Interleaved(use, polys, key)) { Fail($"'{use.Source}' is stored and accessed at different subscripts (a dependence between iterations)"); return null; }
                    use.Written |= written;
                }
                Poly[] bases = polys.Select(p => p.Minus(Poly.Constant(p.ConstantTerm))).ToArray();
                string group = string.Join(";", bases.Select(b => b.ToString()));
                long[] constants = polys.Select(p => p.ConstantTerm).ToArray();
                if (access.Indices.Any(i => i.Type != IrType.Int)) use.WideGroups.Add(group);
                use.Groups[group] = use.Groups.TryGetValue(group, out var seen)
                    ? (bases, seen.Min.Zip(constants, System.Math.Min).ToArray(), seen.Max.Zip(constants, System.Math.Max).ToArray())
                    : (bases, constants, constants);
                string index;
                if (use.Kind == ArrayRefKind.Multi && stride > 1)
                {
                    // Channels: the pixel (the dimensions before the last, x along the one before it) times the channel
                    // count (the last dimension's length, checked at run time) plus the channel.
                    int pixelDim = access.Indices.Count - 2;
                    string pixel = $"(nint)({Print(access.Indices[pixelDim])}) * {stride} + {polys[pixelDim + 1].ConstantTerm}";
                    if (pixelDim == 0) return (use, pixel, stride, use.Ref);
                    string rows = $"(nint)({Print(access.Indices[0])})";
                    for (int d = 1; d < pixelDim; d++)
                        rows = $"({rows} * {use.Dims[d - 1]} + (nint)({Print(access.Indices[d])}))";
                    return (use, $"({rows} * {use.Dims[pixelDim - 1]} * {stride} + {pixel})", stride, use.Ref);
                }
                if (use.Kind == ArrayRefKind.Multi)
                {
                    // Row-major: ((i0 * d1) + i1) * d2 + i2, in nint (lengths are ints: no overflow below 2^63).
                    string row = $"(nint)({Print(access.Indices[0])})";
                    for (int d = 1; d < access.Indices.Count - 1; d++)
                        row = $"({row} * {use.Dims[d - 1]} + (nint)({Print(access.Indices[d])}))";
                    int lastDim = access.Indices.Count - 1;
                    string last = LaneOffset(polys[lastDim]) ?? NintSum(access.Indices[lastDim]) ?? $"(nint)({Print(access.Indices[lastDim])})";
                    if (access.Indices.Take(lastDim).All(InvariantOverLanes))
                    {
                        // The row is the same for the whole vector loop: its address once before it, then row + last
                        // subscript per access (measured: a 7-point 3-D stencil 16-21% faster than the whole
                        // row-major sum per access, which the JIT did not hoist).
                        string offset = $"{row} * {use.Dims[lastDim - 1]}";
                        string rowKey = use.Ref + "|" + offset;
                        if (!_rowRefs.TryGetValue(rowKey, out VRowRef? rowRef))
                        {
                            string what = $"{use.Source}[{string.Join(", ", access.Indices.Take(lastDim).Select(i => Print(i)))}, …]";
                            rowRef = new VRowRef($"__kg_row_{Bare(use.Holder.Replace("__kg_", ""))}{_rowRefs.Count}", use.Ref, use.Elem, offset, what);
                            _rowRefs[rowKey] = rowRef;
                        }
                        return (use, last, stride, rowRef.Name);
                    }
                    index = $"({row} * {use.Dims[lastDim - 1]} + {last})";
                }
                else if (stride == 1 && FlatRow(use, access.Indices[0], polys[0]) is { } flat) return (use, flat.Index, stride, flat.Ref);
                else index = LaneOffset(polys[0]) ?? NintSum(access.Indices[0]) ?? Unsigned(use, access.Indices[0], Print(access.Indices[0])!);
                return (use, index, stride, use.Ref);
            }

            /// <summary>
            /// The channel count of <paramref name="access"/>'s array when it is accessed as pixels of channels
            /// (<c>rgb[y, x, 0]</c>, <c>rgb[y, x, 1]</c>, <c>rgb[y, x, 2]</c>; <c>points[i, 0..2]</c>): every access of the
            /// array in the region (reads and stores) has a constant last subscript, the largest plus one is 2 to
            /// <paramref name="groups"/>, and this access has its lane variable in the dimension before the last. Its
            /// elements along x are then that many apart where the last dimension is that long, which the vector loop's
            /// guard checks (else the scalar loop runs). 0 otherwise. Stores go out as whole groups only (GroupStore,
            /// ChannelGroup); a stored array's accesses must be apart from its stores (Interleaved: another channel, or
            /// the same element).
            /// </summary>
            private int Channels(Element access, ArrayUse use, int groups)
            {
                int most = groups;
                if (most < 2 || access.Array is not Read { Variable: var array } || access.Indices.Count < 2
                    || Affine(access.Indices[access.Indices.Count - 1]) is not { IsConstant: true }) return 0;
                if (!_channels.TryGetValue(array.Name, out int count))
                {
                    count = 0;
                    foreach (Element other in PlanInput.Expressions(_region).SelectMany(e => Nodes(e)).OfType<Element>())
                    {
                        if (other.Array is not Read { Variable: var v } || !v.Equals(array)) continue;
                        if (Affine(other.Indices[other.Indices.Count - 1]) is not { IsConstant: true } channel || channel.ConstantTerm < 0) { count = -1; break; }
                        count = (int)System.Math.Min(System.Math.Max(count, channel.ConstantTerm + 1), 64);
                    }
                    if (count is < 2 or > 4) count = -1;
                    _channels[array.Name] = count;
                    if (count > 0)
                        _runtimeGuards.Add(new Holds($"{use.Holder}.GetLength({access.Indices.Count - 1}) == {count}")); // (the channel count)
                }
                return count <= most ? System.Math.Max(count, 0) : 0;
            }

            private readonly Dictionary<string, int> _channels = new();

            /// <summary>
            /// A 1-D int subscript that is the lane variable plus terms the vector loop does not change (<c>y * w + x - 1</c>;
            /// <c>k + n</c> with <c>k = y * n + x</c>): the row is addressed once before the loop, at its element for the loop's
            /// first x (<c>__kg_xa</c>), and each access is the row + <c>(uint)(x - __kg_xa)</c> + a constant the JIT folds into
            /// the address, where the whole sum costs adds and an extension per access (the rows of rectangular arrays get
            /// the same, <see cref="VRowRef"/>). Subscripts that differ by a constant share one row. Exact: the vector loop runs
            /// only where every subscript is in bounds at the first and the last x, so the int value at the first x (exact
            /// modulo 2^32) is the element's number, and x - __kg_xa ≥ 0. No reference points outside the array (the GC
            /// needs that): the row is an element the guard checked, and each address formed from it is one the loop
            /// reads or writes. Measured on the 5-point stencil's row loop (one thread, AVX2): 1.04-1.10× at 512² (in
            /// cache), 1.00-1.12× at 2048². Null for any other subscript (a term with x times something, an inner counter).
            /// </summary>
            private (string Index, string Ref)? FlatRow(ArrayUse use, Expr index, Poly poly)
            {
                if (index.Type != IrType.Int || TypeName(_x.Type) != "int" || Print(new Read(_x)) is not { } lane) return null;
                bool rowTerm = false;
                foreach (KeyValuePair<string, long> term in poly.Terms)
                {
                    if (term.Value is < -int.MaxValue or > int.MaxValue) return null; // printed as int constants below
                    if (term.Key.Length == 0) continue;
                    if (term.Key == _x.Name) { if (term.Value != 1) return null; continue; }
                    if (term.Key.Split('*').Any(f => f == _x.Name || _counters.ContainsKey(f) || _clamps.TryGetValue(f, out var c) && c.Moves)) return null;
                    rowTerm = true;
                }
                if (!rowTerm) return null;
                string key = use.Ref + "|flat|" + poly.Minus(Poly.Constant(poly.ConstantTerm));
                if (!_rowRefs.TryGetValue(key, out VRowRef? row))
                {
                    var first = new Dictionary<string, string>(System.StringComparer.Ordinal) { [_x.Name] = "__kg_xa" };
                    // (A clamp of the loop's own ints is its value: computed once before the vector loop, as the row is.)
                    foreach (KeyValuePair<string, UniformClampSymbol> clamp in _clamps) first[clamp.Key] = clamp.Value.Text;
                    // (A pointer's element number may be negative, a bottom-up bitmap's rows: sign-extended, as C# does.)
                    string offset = $"(nint){(use.Kind == ArrayRefKind.Pointer ? "" : "(uint)")}unchecked((int)({EvaluatePoly(poly, first, "(int)")}))";
                    row = new VRowRef($"__kg_row_{Bare(use.Holder.Replace("__kg_", ""))}{_rowRefs.Count}", use.Ref, use.Elem, offset,
                        $"{use.Source}[{Print(index)}] at the first {lane}") { Anchor = poly.ConstantTerm };
                    _rowRefs[key] = row;
                }
                long d = poly.ConstantTerm - row.Anchor!.Value;
                string from = $"(uint)({lane} - __kg_xa)";
                return (d == 0 ? from : $"(nint){from} {(d < 0 ? "-" : "+")} {System.Math.Abs(d)}", row.Name);
            }

            /// <summary>
            /// Any other int subscript as <c>(uint)(k - n)</c>: its (nuint) is then a zero extension, which x64 gets free
            /// from the 32-bit arithmetic, where <c>(nuint)(k - n)</c> costs a sign extension per access. The same value:
            /// the vector loop runs only where the subscript's exact value is in bounds, so it is in [0, 2^31), and the int
            /// arithmetic (exact modulo 2^32, even where an intermediate wrapped) leaves that value's bits. Measured on a
            /// 5-point stencil row loop (two of five loads and the store): 1.06-1.09× at 512² (in L2), 1.00× at 2048².
            /// Not the lane variable by itself: the JIT already widens a loop counter used as a subscript. Not a pointer's
            /// subscript, which no guard bounds and may be negative (p[y * stride + x] with a bottom-up bitmap's negative
            /// stride): sign-extended, as C# extends it, so the (nuint) the step adds wraps to the element below.
            /// </summary>
            private string Unsigned(ArrayUse use, Expr index, string printed) =>
                index.Type != IrType.Int || index is Read r && r.Variable.Equals(_x) ? printed
                    : use.Kind == ArrayRefKind.Pointer ? $"(nint)({printed})" : $"(uint)({printed})";

            /// <summary>
            /// A subscript that is the lane variable times its stride plus a constant (<c>x - 1</c>, <c>3 * p + 2</c>),
            /// written in nint: <c>(nint)(x) * 3 + 2</c>, whose constant the JIT folds into the address, where
            /// <c>(nint)(3 * p + 2)</c> costs an int multiply-add and a sign extension per access (three taps of a
            /// stencil row). The same value: x is exact (a loop counter), and the vector loop runs only where the
            /// subscript is in bounds, so the int arithmetic did not wrap. Null for any other subscript.
            /// </summary>
            private string? LaneOffset(Poly poly)
            {
                long coefficient = 0, constant = 0;
                foreach (KeyValuePair<string, long> term in poly.Terms)
                {
                    if (term.Key.Length == 0) constant = term.Value;
                    else if (term.Key == _x.Name) coefficient = term.Value;
                    else return null;
                }
                if (constant is 0 or < -int.MaxValue or > int.MaxValue || coefficient is < 1 or > 4 || Print(new Read(_x)) is not { } lane) return null;
                string scaled = coefficient == 1 ? $"(nint)({lane})" : $"(nint)({lane}) * {coefficient}";
                return $"({scaled} {(constant < 0 ? "-" : "+")} {System.Math.Abs(constant)})";
            }

            /// <summary>
            /// A subscript that is one int variable plus or minus int constants, unchecked (<c>k - 1</c>, <c>k + 1</c> around a
            /// flat index k), written in nint: <c>(nint)(k) - 1</c>, whose constant the JIT folds into the address, where
            /// <c>(nint)(k - 1)</c> costs an add and a sign extension per access. The same value: the vector loop runs only
            /// where the subscript's exact value is in bounds, hence in int range, and then the int sum (exact modulo 2^32)
            /// equals it, as does the nint sum (exact). Not with products inside (an int product that wraps would differ from
            /// its nint value), nor checked arithmetic (which throws where the serial loop's intermediate overflows), nor
            /// with a second variable (<c>k + nx</c>: measured slower, the JIT then sign-extends the invariant per access).
            /// A/B on the flat 7-point stencil at 64³: 1.06-1.07× (1 and 2 threads, 8 of 8 rounds). Null for any other
            /// subscript.
            /// </summary>
            private string? NintSum(Expr index)
            {
                string? variable = null;
                bool negated = false;
                long constant = 0; // the constants' sum: exact in long (at most a few terms of int)
                bool Walk(Expr e, bool minus)
                {
                    switch (e)
                    {
                        case Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Checked: false } b when b.Type == IrType.Int:
                            return Walk(b.Left, minus) && Walk(b.Right, b.Op == BinaryOp.Subtract ? !minus : minus);
                        case Read r when r.Type == IrType.Int && variable is null && Print(r) is { } name:
                            (variable, negated) = (name, minus);
                            return true;
                        case Const { Value: int c }:
                            constant += minus ? -(long)c : c;
                            return true;
                        default:
                            return false;
                    }
                }
                if (!Walk(index, false) || variable is null || constant == 0) return null;
                string c = System.Math.Abs(constant).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return negated ? $"({constant} - (nint)({variable}))" : $"((nint)({variable}) {(constant < 0 ? "-" : "+")} {c})";
            }

            /// <summary>
            /// Whether an access of a stored array at <paramref name="polys"/> keeps every lane to elements no other lane
            /// (or iteration) touches: the same subscript as every other access, or, for 1-D arrays, subscripts c·x + b + k
            /// with one c (|c| ≥ 2), one b and constants k that span less than |c| (the channels of interleaved pixels or
            /// samples: 3p, 3p + 1, 3p + 2): lane x touches c·x + b + k only, and c·x' + b + k' differs for x' ≠ x. Each lane's
            /// own accesses keep their order (statements run in order).
            /// </summary>
            private bool Interleaved(ArrayUse use, Poly[] polys, string key)
            {
                if (use.StoreKey is null)
                {
                    use.StoreKey = key;
                    if (polys.Length == 1) use.Keys.Add(polys[0]);
                    else use.Planes.Add(polys);
                    return true;
                }
                if (use.StoreKey == key) return true;
                if (polys.Length > 1)
                {
                    // A rectangular array's planes (chw[0, y, x], chw[1, y, x], chw[2, y, x]: an image's channels stored
                    // as planes): subscripts that differ by a nonzero constant in a dimension the lanes do not move along
                    // (only the last one holds x) name other elements, whatever the lanes.
                    // (Any dimension without x: the pixel's dimensions of a channel array hold x, its channel does not.)
                    bool Apart(Poly[] other) => other.Length == polys.Length
                        && Enumerable.Range(0, polys.Length).Any(d => other[d].Minus(polys[d]) is { IsConstant: true } gap && gap.ConstantTerm != 0
                            && XCoefficient(polys[d]) == 0 && XCoefficient(other[d]) == 0);
                    if (use.Planes.Count == 0 || !use.Planes.All(p => Apart(p) || string.Join(";", p.Select(q => q.ToString())) == key)) return false;
                    use.Planes.Add(polys);
                    return true;
                }
                if (polys.Length != 1 || use.Keys.Count == 0) return false;
                int? c = XCoefficient(polys[0]);
                if (c is null || c == 0 || use.Keys.Any(p => XCoefficient(p) != c)) return false;
                if (!use.Keys.All(p => p.Equals(polys[0]) || Apart(p.Minus(polys[0]), System.Math.Abs(c.Value)))) return false;
                use.Keys.Add(polys[0]);
                return true;
            }

            /// <summary>
            /// Whether c·x + b and c·x' + b + d (d: <paramref name="difference"/>, free of x) differ for all lanes x ≠ x'
            /// and for x = x' (d ≠ 0): c·(x − x') = d needs d a multiple of c, so a constant d with 0 &lt; |d| &lt; |c| never
            /// meets (interleaved channels 3p, 3p + 1, 3p + 2); and |x − x'| &lt; N (the PRange's trip count, when its
            /// iterations are the lanes), so d = m·|c|·N + e with m ≥ 1 and e ≥ 0 never meets either (the planes of an image
            /// tensor: p, plane + p, 2·plane + p over PRange(plane); N ≥ 1 whenever a lane runs, so d ≠ 0).
            /// </summary>
            private bool Apart(Poly difference, int c)
            {
                if (difference.IsConstant) return difference.ConstantTerm != 0 && System.Math.Abs(difference.ConstantTerm) < c;
                if (_lane is not null) return RowsApart(difference, c);
                if (!_loop.UnitStep || Affine(_loop.Stop) is not { } stop || Affine(_loop.Start) is not { } start) return false;
                Poly trips = stop.Minus(start).Scale(c);
                foreach (Poly d in new[] { difference, difference.Scale(-1) })
                    for (int m = 1; m <= 4; m++)
                        if (d.Minus(trips.Scale(m)) is { IsConstant: true } rest && rest.ConstantTerm >= 0) return true;
                return false;
            }

            /// <summary>
            /// An inner loop's lanes over two rows of one array (c·x + b and c·x + b + d, d fixed for the whole loop: a row
            /// written from another row of the same array, rows swapped in place): the vector loop may run where the rows
            /// share no element over the loop's range, |d| ≥ |c|·(limit − first) (then no element has two subscripts, and
            /// every lane does what the scalar loop does to it), checked before the loop (<see cref="_rowDistances"/>);
            /// else the scalar loop runs. Not where d moves inside the vector loop (counters of loops in it).
            /// </summary>
            private bool RowsApart(Poly difference, int c)
            {
                if (difference.Terms.Any(t => t.Key.Split('*').Any(f => f == _x.Name || _counters.ContainsKey(f) || f.Contains('$')))) return false;
                // A loop of a few constant iterations (a pixel's 4 channels) does not pay for the check: measured 0.48x the
                // scalar loop (a mirror swapping pixels channel by channel, one thread).
                if (_lane!.Start is Const { Value: int or long } from && _lane.Limit is Const { Value: int or long } to
                    && System.Convert.ToInt64(to.Value) - System.Convert.ToInt64(from.Value) < 16) return false;
                // (__kg_x … __kg_xend: the vector loop's range, in the lanes' own units, rolled channels included.)
                _rowDistances.Add($"global::System.Int128.Abs({EvaluatePoly(difference, new Dictionary<string, string>())}) >= {c} * ({I128}__kg_xend - __kg_x)");
                return true;
            }

            /// <summary>Conditions of <see cref="RowsApart"/>: guards of the vector loop; they keep it where it is (no hoisting, no jam).</summary>
            private readonly List<string> _rowDistances = new();

            /// <summary>Registers the array (or row) of an element access; null (reason set) when the step cannot address it.</summary>
            private ArrayUse? Use(Element access, string element)
            {
                ArrayUse? use = AsBits(UseOf(access, element), access.Type);
                // (A row read afresh is addressed through its own data: not as the bits of another type.)
                if (use is { PerIteration: not null, Holds.Length: > 0 }) { Fail($"'{use.Source}' holds {use.Holds}s, read afresh each iteration"); return null; }
                return use;
            }

            /// <summary>
            /// An array whose elements the lanes hold as the bits of another type (<see cref="ArrayUse.Holds"/>): a uint
            /// array's as ints, a char array's as ushorts. The one place either is set.
            /// </summary>
            private static ArrayUse? AsBits(ArrayUse? use, IrType element)
            {
                if (use is null || element is not ScalarType { Kind: ScalarKind.UInt or ScalarKind.ULong or ScalarKind.Char } bits) return use;
                use.Elem = bits.Kind switch { ScalarKind.UInt => "int", ScalarKind.ULong => "long", _ => "ushort" };
                use.Holds = bits.Kind switch { ScalarKind.UInt => "uint", ScalarKind.ULong => "ulong", _ => "char" };
                return use;
            }

            private ArrayUse? UseOf(Element access, string element)
            {
                switch (access.Array)
                {
                    case Read { Variable: var v } when Outside(v) && v.Type is ArrayType { Rank: 1 }:
                        return Register(v.Name, v.Name, ArrayRefKind.Array, 1, element);
                    case Read { Variable: var v } when Outside(v) && v.Type is ArrayType { Rank: > 1 } multi:
                        return Register(v.Name, v.Name, ArrayRefKind.Multi, multi.Rank, element);
                    case Read { Variable: var v } when Outside(v) && v.Type is SpanType:
                        return Register(v.Name, v.Name, ArrayRefKind.Span, 1, element);
                    case Read { Variable: var v } when Outside(v) && v.Type is PointerType:
                        if (_input.ConditionalPointers) { Fail($"'{v.Name}' is read under a condition: a vector would read lanes the loop does not, and a pointer has no bounds to check them against"); return null; }
                        return Register(v.Name, v.Name, ArrayRefKind.Pointer, 1, element);
                    case Element { Array: Read { Variable: var rows }, Indices.Count: 1 } row when Outside(rows) && rows.Type is ArrayType { Rank: 1, Element: ArrayType { Rank: 1 } }
                        && Uniform(row) && Print(row) is { } text && !_stored.Contains(rows.Name):
                    {
                        // A jagged row the same for every lane and for the whole loop over the lanes: held in a local before it.
                        (string First, string End)? rowRange = null;
                        if (!rows.Name.Contains("."))
                            rowRange = row.Indices[0] is Read { Variable: var counter } && _counterVars.Contains(counter) && _counters.TryGetValue(counter.Name, out var range)
                                ? (_lane is null ? (range.Lo, range.Hi) : null) : PickedRows(row.Indices[0]);
                        if (_arrays.TryGetValue(text, out ArrayUse? known))
                        {
                            // (The same text under another loop of the same counter's name: its rows are another range.)
                            if (known.PerIteration is { } picked && rowRange != (picked.First, picked.End))
                                { Fail($"the row '{text}' is read in two loops over different rows"); return null; }
                            return known;
                        }
                        if (rowRange is var (first, end))
                        {
                            // A row per iteration of an inner loop (mixing sources[s][n] over s): read where used, whole
                            // vectors from it; RowsCover checks every row of the counter's range once a chunk. (Only rows
                            // held by a local or parameter: a field could be given another array between that check and
                            // the unchecked reads.)
                            ArrayUse perIteration = Register(text, text, ArrayRefKind.Array, 1, element);
                            perIteration.Ref = $"global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference({text})";
                            perIteration.PerIteration = (rows.Name, first, end);
                            return perIteration;
                        }
                        if (!InvariantOverLanes(row)) { Fail($"the row '{text}' changes inside the loop over the lanes"); return null; }
                        _rows++;
                        return Register(text, $"__kg_row{_rows - 1}", ArrayRefKind.Array, 1, element);
                    }
                    default:
                        Fail($"'{Print(access) ?? "an element"}' is not an element of an array declared outside the loop over the lanes");
                        return null;
                }
            }

            /// <summary>
            /// The rows a jagged array's row subscript picks in the loop over the lanes, [First, End) in C# (long), where it
            /// moves with inner counters but not with x (a filter's taps, <c>src[y + dy][x]</c>): its least and largest value
            /// at the counters' first and last values (it is multilinear in them); or a lone uniform clamp of such a value
            /// (<c>src[Math.Clamp(y + dy, 0, h - 1)][x]</c>) at its value's extremes, clamped (a clamp is monotone where its
            /// bounds are in order, which the guard checks): the rows near y, not the image's. Null otherwise.
            /// </summary>
            private (string First, string End)? PickedRows(Expr subscript)
            {
                if (Affine(subscript, clamps: true) is not { } poly || XCoefficient(poly) != 0) return null;
                string[] factors = poly.Terms.SelectMany(t => t.Key.Length == 0 ? System.Array.Empty<string>() : t.Key.Split('*')).Distinct().ToArray();
                if (factors.Contains(_x.Name) || !factors.Any(f => _counters.ContainsKey(f) || _clamps.ContainsKey(f))) return null;
                if (poly.Terms.Count == 1 && poly.Terms[0].Value == 1 && _clamps.TryGetValue(poly.Terms[0].Key, out UniformClampSymbol? clamp))
                {
                    if (clamp.Value is not { } value || XCoefficient(value) != 0 || Extremes(value) is not var (low, high)) return null;
                    string Clamped(string v) => $"global::System.Math.Min(global::System.Math.Max({v}, (long)({clamp.Lo})), (long)({clamp.Hi}))";
                    return (Clamped(low), Clamped(high) + " + 1");
                }
                if (factors.Any(_clamps.ContainsKey) || Extremes(poly) is not var (least, largest)) return null;
                return (least, largest + " + 1");

                // (Long arithmetic: exact for sums of ints and products of two.)
                (string, string)? Extremes(Poly p)
                {
                    if (!FitsInLong(p, 0, 0)) return null;
                    var values = Corners(p, new Dictionary<string, (string Lo, string Hi)>()).Select(c => EvaluatePoly(p, c, "(long)")).Distinct().ToList();
                    return (Fold("global::System.Math.Min", values), Fold("global::System.Math.Max", values));
                }
                static string Fold(string f, List<string> items) => items.Aggregate((a, b) => $"{f}({a}, {b})");
            }

            /// <summary>Whether an expression depends only on what is fixed for the whole loop over the lanes (not on counters of loops inside it).</summary>
            private bool InvariantOverLanes(Expr e) =>
                Nodes(e).All(n => n is not Read r || Outside(r.Variable));

            private ArrayUse Register(string source, string holder, ArrayRefKind kind, int rank, string element)
            {
                if (!_arrays.TryGetValue(source, out ArrayUse? use))
                {
                    string bare = Bare(holder.Replace("__kg_", ""));
                    use = new ArrayUse
                    {
                        Source = source, Holder = holder, Ref = "__kg_r_" + bare, Elem = element, Kind = kind, Rank = rank,
                        Dims = Enumerable.Range(1, rank - 1).Select(d => $"__kg_d{d}_{bare}").ToArray(),
                    };
                    _arrays[source] = use;
                }
                return use;
            }

            /// <summary>
            /// The vector loop's guard: arrays not null and zero-based, every subscript in bounds at the extreme values of x
            /// (<paramref name="xFirst"/>, <paramref name="xLast"/>) and of the counters (the step's inner loops and
            /// <paramref name="outer"/>), no stored array aliasing another. <paramref name="boundArrays"/>: arrays whose
            /// lengths the bounds read, checked for null first.
            /// </summary>
            private List<VGuard> Guards(string xFirst, string xLast, Dictionary<string, (string Lo, string Hi)> outer, List<string> boundArrays)
            {
                var guards = new List<VGuard>();
                foreach (string array in boundArrays) guards.Add(new NotNull(array));
                foreach (ArrayUse array in _arrays.Values.Where(a => a.Vector && a.Kind is not (ArrayRefKind.Span or ArrayRefKind.Pointer) && a.PerIteration is null))
                    guards.Add(new NotNull(array.Holder));
                foreach (string name in _nullChecks.Where(n => !_arrays.Values.Any(a => a.Vector && a.Holder == n)))
                    guards.Add(new NotNull(name));
                foreach (ArrayUse array in _arrays.Values.Where(a => a.Vector && a.Kind == ArrayRefKind.Multi))
                    guards.Add(new ZeroBased(array.Holder, array.Rank));
                guards.AddRange(_inclusiveLimits);
                guards.AddRange(_runtimeGuards);
                foreach (string required in _input.Loop.VectorRequires) guards.Add(new Holds(required));
                // (A pointer has no bounds: its accesses are unchecked in the serial loop too, and the vector reads no
                // lane the loop does not: ConditionalPointers keeps pointers read under a condition off the lanes.)
                foreach (ArrayUse array in _arrays.Values.Where(a => a.Vector && a.Kind != ArrayRefKind.Pointer))
                    foreach (KeyValuePair<string, (Poly[] Bases, long[] Min, long[] Max)> group in array.Groups)
                        for (int d = 0; d < group.Value.Bases.Length; d++)
                        {
                            string length = array.Kind == ArrayRefKind.Multi ? $"{array.Holder}.GetLength({d})" : $"{array.Holder}.Length";
                            (Poly[] bases, long[] min, long[] max) = group.Value;
                            bool last = d == bases.Length - 1;
                            string cast = !array.WideGroups.Contains(group.Key) && FitsInLong(bases[d], min[d], max[d]) ? "(long)" : I128;
                            foreach (Dictionary<string, string> corner in Corners(bases[d], outer))
                            {
                                corner[_x.Name] = xFirst;
                                guards.Add(new AtLeast($"{EvaluatePoly(bases[d], corner, cast)}{Plus(min[d])}", "0"));
                                // (x, with coefficient 1, is in the last dimension, or in the one before it for a channel: see Channels.)
                                if (last || bases[d].Terms.Any(t => t.Key.Split('*').Contains(_x.Name))) corner[_x.Name] = xLast;
                                string highest = $"{EvaluatePoly(bases[d], corner, cast)}{Plus(max[d])}";
                                if (array.PerIteration is { } rows)
                                    // Every row the inner loop picks: there, not null, and holding the highest element.
                                    guards.Add(new Holds($"{highest} < int.MaxValue && {RowsCover}({rows.Rows}, {rows.First}, {rows.End}, (int)({highest}) + 1)"));
                                else guards.Add(new Below(highest, length));
                            }
                        }
                // Every uniform clamp the step may evaluate (in a subscript or an int local) has its bounds in order: else
                // its value is not in [L, H], the range the corners above took, and Math.Clamp throws (in a step, after
                // stores of lanes the serial loop had not reached).
                foreach (string check in _clamps.Values.Select(c => c.Check).OfType<string>().Distinct())
                    guards.Add(new Holds(check));
                foreach (ArrayUse written in _arrays.Values.Where(a => a.Written))
                    foreach (ArrayUse other in _arrays.Values.Where(a => a.Holder != written.Holder && (!a.Written || string.CompareOrdinal(a.Holder, written.Holder) > 0)))
                    {
                        if (other.PerIteration is { } picked && written.Kind != ArrayRefKind.Pointer)
                        {
                            // The stored array is none of the rows the inner loop picks (a span: overlaps none).
                            if (written.Kind == ArrayRefKind.Span)
                                guards.Add(new Holds($"!global::KernelGen.KernelRuntime.RowsOverlap({picked.Rows}, (global::System.ReadOnlySpan<{written.Declared}>){written.Holder}, {picked.First}, {picked.End})"));
                            else if (written.Kind == ArrayRefKind.Array && Stored(written.Elem) == Stored(other.Elem))
                                guards.Add(new Holds($"!global::KernelGen.KernelRuntime.RowsHold({picked.Rows}, {written.Holder}, {picked.First}, {picked.End})"));
                            continue;
                        }
                        // Pointers: the launch compared their bytes with every other pointer's and array's (the race
                        // analysis's run-time checks, below), and the loop runs serially where they meet.
                        if (written.Kind == ArrayRefKind.Pointer || other.Kind == ArrayRefKind.Pointer) continue;
                        if (written.Kind == ArrayRefKind.Span || other.Kind == ArrayRefKind.Span)
                        {
                            // Spans of other element types may view the same memory too (MemoryMarshal.Cast in the caller):
                            // their bytes are compared; a rectangular array's elements with the span's.
                            if (written.Kind == ArrayRefKind.Multi || other.Kind == ArrayRefKind.Multi)
                            {
                                (ArrayUse grid, ArrayUse span) = written.Kind == ArrayRefKind.Multi ? (written, other) : (other, written);
                                guards.Add(new GridApart(grid.Holder, grid.Declared, span.Holder, span.Declared));
                                continue;
                            }
                            string first = written.Declared, second = other.Declared;
                            guards.Add(new NotAliased(written.Holder, other.Holder, first) { SecondElem = first == second ? null : second });
                            continue;
                        }
                        // Arrays of element types stored differently are never the same object; a byte[] may be an sbyte[]
                        // (and an int[] a uint[], in int lanes both): .NET casts one to the other.
                        if (Stored(written.Elem) == Stored(other.Elem) && written.Rank == other.Rank) guards.Add(new NotAliased(written.Holder, other.Holder, null));
                    }
                foreach ((Poly start, Poly limit, bool inclusive, bool down) in _windows)
                {
                    // (The limit inclusive: below int.MaxValue going up, above int.MinValue going down, or the loop as
                    // written would not end.)
                    string min = down && inclusive ? "int.MinValue + 1" : "int.MinValue", max = !down && inclusive ? "int.MaxValue - 1" : "int.MaxValue";
                    foreach ((Poly bound, string low, string high) in new[] { (start, "int.MinValue", "int.MaxValue"), (limit, min, max),
                        (down ? start.Minus(limit) : limit.Minus(start), "int.MinValue", "int.MaxValue") })
                        foreach (Dictionary<string, string> corner in Corners(bound, outer))
                            foreach (string x in Trivial(bound, low == "int.MinValue" && high == "int.MaxValue") ? System.Array.Empty<string>() : new[] { xFirst, xLast })
                            {
                                corner[_x.Name] = x;
                                string value = EvaluatePoly(bound, corner);
                                guards.Add(new Holds($"{value} >= {low} && {value} <= {high}"));
                            }
                }
                foreach (string condition in _input.RunTimeChecks) guards.Add(new Holds(condition));
                foreach (string condition in _rowDistances) guards.Add(new Holds(condition));
                // (A constant strictly inside int's range, or one int variable (x or not) where any int will do: nothing to check.)
                static bool Trivial(Poly p, bool anyInt) => p.IsConstant ? p.ConstantTerm is > int.MinValue and < int.MaxValue
                    : anyInt && p.Terms.Count == 1 && p.Terms[0].Value == 1 && !p.Terms[0].Key.Contains("*");
                guards.AddRange(TileGuards());
                return guards.Distinct().ToList();
            }

            /// <summary>
            /// Loop versioning one level up: the outermost counted loop H that encloses the lane loop through blocks and
            /// counted loops only, such that the guard depends on nothing H changes but the counters of H and of the loops
            /// between (each at most once per term: the subscripts stay multilinear in them, so their extreme values bound
            /// every run), and the bounds of those loops and of the lane loop are invariant in H and cannot throw (ints,
            /// + − ×, lengths of arrays the guard checks for null first). Those counters join the guard's corners; the
            /// caller writes the lane loop's bounds in place of __kg_x and __kg_xend. Null when no loop qualifies.
            /// </summary>
            private (For Loop, Dictionary<string, (string Lo, string Hi)> Counters, List<string> Arrays)? HoistLevel()
            {
                List<For>? chain = Enclosing(_loop.Body, new List<For>());
                if (chain is null || chain.Count == 0) return null;
                for (int h = 0; h < chain.Count; h++)
                {
                    For loop = chain[h];
                    List<For> between = chain.Skip(h).ToList();
                    var changed = new HashSet<string>(System.StringComparer.Ordinal) { loop.Counter.Name };
                    Changed(loop.Body, changed);
                    var arrays = new List<string>();
                    bool Invariant(string name) => !changed.Contains(name);
                    bool Safe(Expr e) => Nodes(e).All(n => n switch
                    {
                        Const => true,
                        Read r => (TypeName(r.Type) is "int" or "long" || r.Type is ArrayType) && Invariant(r.Variable.Name),
                        Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Checked: false } => true,
                        Unary { Op: UnaryOp.Negate or UnaryOp.Plus, Checked: false } => true,
                        Convert { Checked: false } c => TypeName(c.Type) is "int" or "long" && TypeName(c.Operand.Type) is "int" or "long",
                        Length { Array: Read a } when a.Variable.Type is ArrayType => Remember(arrays, a.Variable.Name),
                        _ => false,
                    });
                    if (!Safe(_lane!.Start) || !Safe(_lane.Limit) || between.Any(l => !Safe(l.Start) || !Safe(l.Limit))) continue;
                    var counters = new HashSet<string>(between.Select(l => l.Counter.Name), System.StringComparer.Ordinal);
                    bool ok = true;
                    foreach (ArrayUse array in _arrays.Values)
                        if (!Invariant(array.Holder)) ok = false;
                    // (The subscripts' polynomials and the windows' bounds: the guard's terms.)
                    var polys = _arrays.Values.SelectMany(a => a.Groups.Values.SelectMany(g => g.Bases))
                        .Concat(_windows.SelectMany(w => new[] { w.Start, w.Limit }));
                    foreach (Poly poly in polys)
                        foreach (KeyValuePair<string, long> term in poly.Terms)
                        {
                            string[] factors = term.Key.Length == 0 ? System.Array.Empty<string>() : term.Key.Split('*');
                            if (factors.Where(counters.Contains).GroupBy(f => f).Any(g => g.Count() > 1)) ok = false;
                            foreach (string factor in factors)
                            {
                                if (factor == _x.Name || _counters.ContainsKey(factor) || counters.Contains(factor)) continue;
                                string name = factor.EndsWith(".Length", System.StringComparison.Ordinal) ? factor.Substring(0, factor.Length - 7)
                                    : factor.IndexOf(".GetLength(", System.StringComparison.Ordinal) is int at and > 0 ? factor.Substring(0, at) : factor;
                                if (!IsIdentifier(name) || !Invariant(name)) ok = false;
                            }
                        }
                    if (_nullChecks.Any(n => !Invariant(n)) || !ok) continue;
                    var outer = new Dictionary<string, (string Lo, string Hi)>(System.StringComparer.Ordinal);
                    foreach (For l in between)
                        outer[l.Counter.Name] = (Print(l.Start)!, l.Inclusive ? $"({Print(l.Limit)}) + 1" : Print(l.Limit)!);
                    return (loop, outer, arrays);
                }
                return null;

                static bool Remember(List<string> list, string name) { if (!list.Contains(name)) list.Add(name); return true; }
                static bool IsIdentifier(string name) => name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '@');
            }

            /// <summary>
            /// The counted loops around the lane loop, outermost first. Branches and while loops between are transparent:
            /// they only skip or repeat runs of the lane loop, and what they change is excluded by the invariance test.
            /// </summary>
            private List<For>? Enclosing(Stmt statement, List<For> chain)
            {
                switch (statement)
                {
                    case For loop when ReferenceEquals(loop, _lane): return chain;
                    case For loop:
                        chain.Add(loop);
                        if (Enclosing(loop.Body, chain) is { } found) return found;
                        chain.RemoveAt(chain.Count - 1);
                        return null;
                    case Block block:
                        foreach (Stmt inner in block.Statements)
                            if (Enclosing(inner, chain) is { } inBlock) return inBlock;
                        return null;
                    case If branch:
                        return Enclosing(branch.Then, chain) ?? (branch.Else is null ? null : Enclosing(branch.Else, chain));
                    case While loop:
                        return Enclosing(loop.Body, chain);
                    default: return null;
                }
            }

            /// <summary>The names <paramref name="statement"/> declares or assigns (its locals, counters, targets, opaque writes).</summary>
            private static void Changed(Stmt statement, HashSet<string> names)
            {
                switch (statement)
                {
                    case Block block: foreach (Stmt s in block.Statements) Changed(s, names); break;
                    case Declare d: names.Add(d.Variable.Name); break;
                    case Assign { Target: Read r }: names.Add(r.Variable.Name); break;
                    case Update { Target: Read r }: names.Add(r.Variable.Name); break;
                    case If f: Changed(f.Then, names); if (f.Else is not null) Changed(f.Else, names); break;
                    case For l: names.Add(l.Counter.Name); Changed(l.Body, names); break;
                    case While w: Changed(w.Body, names); break;
                    case OpaqueStmt o: foreach (Var v in o.Writes) names.Add(v.Name); break;
                }
            }

            /// <summary>Every choice of each counter in <paramref name="poly"/> at its first or last value.</summary>
            private IEnumerable<Dictionary<string, string>> Corners(Poly poly, Dictionary<string, (string Lo, string Hi)> outer)
            {
                // (A counter's range is [Lo, Hi); a uniform clamp's [Lo, Hi], where the guard has checked Lo ≤ Hi.)
                (string Lo, string Hi) Range(string counter) => _clamps.TryGetValue(counter, out var clamp) ? (clamp.Lo, clamp.Hi)
                    : _counters.TryGetValue(counter, out var range) ? (range.Lo, $"{range.Hi} - 1") : (outer[counter].Lo, $"{outer[counter].Hi} - 1");
                string[] counters = poly.Terms.SelectMany(t => t.Key.Split('*')).Where(f => _counters.ContainsKey(f) || outer.ContainsKey(f) || _clamps.ContainsKey(f)).Distinct().ToArray();
                for (int mask = 0; mask < 1 << counters.Length; mask++)
                {
                    var corner = new Dictionary<string, string>(System.StringComparer.Ordinal);
                    for (int k = 0; k < counters.Length; k++)
                        corner[counters[k]] = (mask & (1 << k)) == 0 ? Range(counters[k]).Lo : Range(counters[k]).Hi;
                    yield return corner;
                }
            }

            /// <summary>
            /// Whether an int subscript's value (every symbol an int: an int subscript admits no long inside it) is exact in
            /// long arithmetic: the sum of |coefficient| · 2^(31 · factors) over its terms and its largest constant stays
            /// below 2^63 (one product of two ints and a few more terms do). A guard then compares in long, where 128-bit products (<c>(Int128)(n) * (y)</c>: a call per
            /// product) cost a stencil ~10 ns a row for each of its subscripts.
            /// </summary>
            /// <summary>KernelRuntime.RowsCover: rows [first, end) of a jagged array there, not null, each at least this long.</summary>
            internal const string RowsCover = "global::KernelGen.KernelRuntime.RowsCover";

            private static bool FitsInLong(Poly poly, long min, long max)
            {
                double bound = System.Math.Max(System.Math.Abs((double)min), System.Math.Abs((double)max));
                foreach (KeyValuePair<string, long> term in poly.Terms)
                    bound += System.Math.Abs((double)term.Value) * System.Math.Pow(2, 31 * (term.Key.Length == 0 ? 0 : term.Key.Split('*').Length));
                return bound < 0.999 * System.Math.Pow(2, 63); // every partial sum then fits (a margin for the double's rounding)
            }

            private static string Plus(long constant) => constant == 0 ? "" : constant > 0 ? $" + {constant}" : $" - {(ulong)(-(constant + 1)) + 1}";

            /// <summary>The polynomial's value in exact 128-bit arithmetic, with the given texts for x and the counters.</summary>
            private static string EvaluatePoly(Poly poly, Dictionary<string, string> values, string cast = I128) => poly.ToCSharp(values, cast);

            // ---- expressions -------------------------------------------------------------------------------------

            /// <summary>C# for an IR expression the step computes as a scalar (null: it holds a Let).</summary>
            /// <summary>
            /// The C# of <paramref name="e"/> for the generated code; an inner loop's plan, which goes into the source
            /// text, reads field temporaries declared before it as the source does (<see cref="Var.Source"/>).
            /// </summary>
            // (An inner plan's code goes into the source text: a variable from outside its loop is read as the source
            // names it; one its step declares, by the name the step gives it.)
            private string? Print(Expr e) => Printer.Expression(_lane is null ? e : Rewrite.Expression(e,
                n => n is Read { Variable: { Source: { } source } v } && !_declaredInRegion.Contains(v) ? new Read(v with { Name = source, Source = null }) : null));

            /// <summary>
            /// Whether <paramref name="e"/> has the same value in every lane: computed once per step (its IR printed) and
            /// broadcast. Elements it reads must be of arrays the loop does not store.
            /// </summary>
            private bool Uniform(Expr e)
            {
                switch (e)
                {
                    // An int difference or product in which x cancels (a window's offset from the lane, sx - col, and what
                    // is computed from it): the first lane's value, which the step's scalars give, is every lane's (the
                    // same polynomial in wrapping int arithmetic). Unchecked only: a lane's own intermediate could overflow.
                    case Binary { Op: BinaryOp.Subtract or BinaryOp.Multiply } when e.Type == IrType.Int && Affine(e) is { } poly
                        && !poly.Terms.Any(t => t.Key.Split('*').Contains(_x.Name)) && !HasChecked(e):
                        return true;
                    case Const:
                        return true;
                    case Unary or Binary or Compare or Logical or Select or Convert or MathCall or Call:
                        return Children(e).All(Uniform);
                    case Length { Array: Read a } when Outside(a.Variable) || _counterVars.Contains(a.Variable):
                        return true;
                    case Element el when BaseKey(el) is { } key && !_stored.Contains(key):
                        return Children(el).All(Uniform);
                    case Read r:
                    {
                        Var v = r.Variable;
                        if (_counterVars.Contains(v) || _uniformLocals.Contains(v)) return true;
                        if (_shadows.TryGetValue(v, out Poly? poly)) return XCoefficient(poly) == 0;
                        return Outside(v);
                    }
                    default:
                        return false;
                }
            }

            /// <summary>Whether a uint element was loaded zero-extended into long lanes (for the report).</summary>
            private bool _uintsZeroExtended;

            /// <summary>
            /// A uint element where a long, ulong or double is wanted, in long lanes (<c>total += pixels[i]</c> into a long,
            /// <c>a[i] * 3L</c>): its 32 bits zero-extended by the load (vpmovzxdq), as C# converts a uint; to double
            /// through that long, exact (below 2^32). Consecutive elements only. Null (reason kept) otherwise.
            /// </summary>
            private Value? WidenedUint(Convert c, string type)
            {
                if (c.Operand is not Element { Type: ScalarType { Kind: ScalarKind.UInt } } bits || !_wide || Lanes16 || type is not ("long" or "ulong" or "double")) return null;
                string? before = Reason;
                if (StridedAccess(bits, written: false, strided: false, zeroExtended: true) is not { Stride: 1 } word) { Reason = before; return null; }
                _uintsZeroExtended = true;
                var load = new VLoad(word.Ref, word.Index, "long", false) { Narrow = "uint" };
                return type == "double" ? new Value(new VConvert(load, "long", "double"), "double") : new Value(load, type);
            }

            /// <summary>The vector value of <paramref name="e"/>; statements it needs first (inlined helpers' arguments) go to <paramref name="output"/>.</summary>
            private Value? Expression(Expr e, List<VStmt> output)
            {
                string? type = TypeName(e.Type);
                if (type is null) { Fail($"'{Printer.Dump(e)}' has type {e.Type.Name} (vectors take float, double, int, long)"); return null; }
                if (_wide && type == "int") _intsInLongLanes = true;
                if (type == "uint" && (_wide || Lanes16)) { Fail($"'{Printer.Dump(e)}' is a uint (its bits live in int lanes only)"); return null; }
                if (!_wide && type is "double" or "long" or "ulong" || _wide && type == "float" && !_floatsInDouble || Lanes16 && type is "float" or "ulong")
                    { Fail($"'{Printer.Dump(e)}' computes in {type} in a loop with {Lane} lanes"); return null; }
                if (e is not Read { Variable: { Kind: VarKind.Temp, Source: null } } && !(e is Read { Variable: var uniformLocal } && _uniformLocals.Contains(uniformLocal) && _vectors.ContainsKey(uniformLocal))
                    && Uniform(e) && Print(e) is { } scalar)
                {
                    // Elements every lane reads (ordinary, bounds-checked scalar reads) still count for the aliasing guard:
                    // a stored array that is this one at run time would change them under the lanes.
                    RegisterReads(e);
                    if (MayThrow(e)) { _risky++; _riskyUniforms.Add(e); }
                    string elem = Elem(type)!;
                    if (type == "bool") return new Value(new VBroadcast($"(({scalar}) ? -1 : 0)", elem), "bool");
                    if (type == "uint") return new Value(new VBroadcast($"unchecked((int)({scalar}))", elem), type); // its bits
                    if (type == "ulong") return new Value(new VBroadcast($"unchecked((long)({scalar}))", elem), type); // its bits
                    return new Value(new VBroadcast(scalar, elem), type);
                }
                switch (e)
                {
                    case Read r:
                    {
                        Var v = r.Variable;
                        if (_bindings.TryGetValue(v, out Value bound)) return bound;
                        if (_vectors.TryGetValue(v, out var variable)) return new Value(new VLocal("__kg_v_" + Bare(v.Name), Elem(variable.Type)!), variable.Type);
                        if (v.Equals(_x) || _shadows.ContainsKey(v))
                        {
                            // The first lane's value plus the lane number (x, and privates k = base + x), or plus c times it (k = c·x + base).
                            int coefficient = v.Equals(_x) ? 1 : XCoefficient(_shadows[v]) ?? 0;
                            if (type == "long" && !_wide) { Fail($"'{v.Name}' is used as a long value"); return null; }
                            string elem = Elem(type)!;
                            if (coefficient == 1) return new Value(new VIndices(v.Name, elem, type == "int" && _wide), type);
                            var steps = new VBinary("*", new VIndices("0", elem, false), new VBroadcast(coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture), elem), elem, false);
                            return new Value(new VBinary("+", new VBroadcast(v.Name, elem), steps, elem, type == "int" && _wide), type);
                        }
                        Fail(_reductions.ContainsKey(v.Name) ? $"reduction '{v.Name}' is read" : $"'{v.Source ?? v.Name}' cannot be vectorized");
                        return null;
                    }
                    case Convert c:
                    {
                        // x where a double is wanted: exact in double lanes (an int is exactly representable).
                        if (c.Operand is Read rx && rx.Variable.Equals(_x) && type == "double" && TypeName(_x.Type) == "int")
                            return new Value(new VIndices($"(double){_x.Name}", "double", false), "double");
                        // A byte/sbyte/short/ushort element: loaded widened into int lanes (then to float where asked, exactly);
                        // where it cannot be (long lanes, a subscript that is not consecutive), read lane by lane.
                        if (c.Operand is not Element && NarrowName(c.Operand.Type) is not null && !Lanes16)
                        {
                            // A narrow local, cast or helper result: its int lanes, then converted as C# converts an int.
                            if (NarrowValue(c.Operand, output) is not { } held) return null;
                            string? kept = Reason;
                            if (ConvertValue(held, type) is { } value) return value;
                            Reason = kept;
                            return ConvertByLane(c, held, output);
                        }
                        if (WidenedUint(c, type) is { } widened) return widened;
                        if (c.Operand is Element narrow && NarrowName(narrow.Type) is { } from)
                        {
                            string? before = Reason;
                            // (To uint or ulong: the int or long it widens to, as bits: a checksum's sum += bytes[i].)
                            if ((_wide ? type is "int" or "long" or "double" or "ulong" : type is "int" or "float" or "uint")
                                && StridedAccess(narrow, written: false, strided: !Lanes16 || from is "byte" or "sbyte") is { } slot)
                                return ConvertValue(new Value(new VLoad(slot.Ref, slot.Index, Lane, false) { Narrow = from, Stride = slot.Stride }, "int"), type);
                            Reason = before;
                            if (ByteTable(narrow, from, output) is { } looked) return ConvertValue(looked, type);
                            Reason = before;
                            return PerLane(c, $"{from} elements read one by one", output);
                        }
                        if (Expression(c.Operand, output) is not { } operand) return null;
                        // A uint in 0 … int.MaxValue converts to float or double as that int does.
                        if (operand.Type == "uint" && type is "float" or "double" && RangeOf(c.Operand) is { Lo: >= 0, Hi: <= int.MaxValue })
                            operand = new Value(operand.Code, "int");
                        // A ulong below 2^53 (x >> 11 and more, x & mask: a random number's top bits) is a double exactly,
                        // as the same bits as a long are, whichever way the hardware converts: on lanes.
                        if (operand.Type == "ulong" && type == "double" && Below53(c.Operand))
                            return new Value(new VConvert(operand.Code, "long", "double"), "double");
                        string? reason = Reason;
                        if (ConvertValue(operand, type) is { } converted) return converted;
                        // float/double to int or long, long to double: each lane converts as C# does (saturating, NaN to 0).
                        Reason = reason;
                        if (_floatsInDouble && (operand.Type == "float" || type == "float")) { Fail($"'{Printer.Dump(c)}' converts a float in double lanes"); return null; }
                        return ConvertByLane(c, operand, output);
                    }
                    case Binary b:
                        return BinaryOf(b, type, output);
                    case Compare c:
                    {
                        Value? l = Expression(c.Left, output), r = l is null ? null : Expression(c.Right, output);
                        if (r is not { } right) return null;
                        // bool == bool, bool != bool on masks (all bits set or clear): equal where the masks agree.
                        if (l!.Value.Type == "bool" && right.Type == "bool" && c.Op is CompareOp.Equal or CompareOp.NotEqual)
                        {
                            VExpr differ = new VBinary("^", l.Value.Code, right.Code, Lane, false);
                            return new Value(c.Op == CompareOp.NotEqual ? differ : new VNot(differ, Lane), "bool");
                        }
                        if (l.Value.Type != right.Type || right.Type == "bool") { Fail("a comparison of different types"); return null; }
                        string method = c.Op switch
                        {
                            CompareOp.Less => "LessThan",
                            CompareOp.LessOrEqual => "LessThanOrEqual",
                            CompareOp.Greater => "GreaterThan",
                            CompareOp.GreaterOrEqual => "GreaterThanOrEqual",
                            _ => "Equals",
                        };
                        bool unsigned = right.Type is "uint" or "ulong"; // (lanes holding uint or ulong bits: compared unsigned)
                        if (Lanes16 && l.Value.Type == "int")
                        {
                            // The whole values must fit 16 bits, both signed or both unsigned.
                            if (Fits16(c.Left, c.Right) is not { } signedness) { Fail($"'{Printer.Dump(c)}' compares ints that may not fit 16 bits"); return null; }
                            unsigned = !signedness;
                        }
                        return new Value(new VCompare(method, l.Value.Code, right.Code, c.Op == CompareOp.NotEqual, Lane) { Unsigned = unsigned }, "bool");
                    }
                    case Logical l:
                    {
                        // The right side runs in the lanes that need it (where the left one is true for &&, false for ||).
                        if (Expression(l.Left, output) is not { } left) return null;
                        VExpr when = l.And ? left.Code : new VNot(left.Code, Lane);
                        Value? right = OnlyWhere(l.Right, when, output, $"the right side of '{(l.And ? "&&" : "||")}' may throw or compute where the scalar code skips it");
                        return right is { } r ? new Value(l.And ? MaskAnd(left.Code, r.Code) : new VBinary("|", left.Code, r.Code, Lane, false), "bool") : null;
                    }
                    case Select s:
                    {
                        // Each value for the lanes that take it; then each lane takes its own.
                        if (Expression(s.Condition, output) is not { } condition) return null;
                        const string Why = "a branch of '?:' may throw or compute where the scalar code skips it";
                        Value? yes = OnlyWhere(s.WhenTrue, condition.Code, output, Why);
                        Value? no = yes is null ? null : OnlyWhere(s.WhenFalse, new VNot(condition.Code, Lane), output, Why);
                        if (no is null) return null;
                        if (condition.Type != "bool" || yes!.Value.Type != type || no.Value.Type != type) { Fail("the types of '?:'"); return null; }
                        return new Value(new VSelect(condition.Code, yes.Value.Code, no.Value.Code, Elem(type)!), type);
                    }
                    case Unary { Op: UnaryOp.Negate } u:
                    {
                        if (u.Checked && type is "int" or "long") { Fail(CheckedWhy); return null; }
                        if (Expression(u.Operand, output) is not { } operand) return null;
                        return new Value(new VNegate(operand.Code, Elem(operand.Type)!, operand.Type == "int" && _wide), operand.Type);
                    }
                    case Unary { Op: UnaryOp.Plus } u:
                        return Expression(u.Operand, output);
                    case Unary { Op: UnaryOp.Not } u:
                        return Expression(u.Operand, output) is { } not ? new Value(new VNot(not.Code, Lane), "bool") : null;
                    case Unary { Op: UnaryOp.Complement } u when type is "int" or "uint" or "long" or "ulong":
                    {
                        // ~x flips every bit: of an int sign-extended in a long lane, the sign-extended ~x; of 16-bit lanes, the low bits of ~x.
                        if (Expression(u.Operand, output) is not { } operand) return null;
                        return operand.Type == type ? new Value(new VNot(operand.Code, Elem(type)!), type) : null;
                    }
                    case Element access:
                    {
                        if (Lanes16) { Fail($"'{Print(access) ?? "an element"}' is a {type} (16-bit lanes)"); return null; }
                        string? before = Reason;
                        bool widen = type == "int" && _wide;
                        if (type == "bool") return BoolElement(access, output);
                        if (TileOf(access, out string inRow) is { } tile)
                        {
                            if (Elem(type) != tile.Elem || type != tile.Elem) { Fail($"the tiled row of '{tile.Rows}' holds {tile.Elem} in {Elem(type)} lanes"); return null; }
                            tile.Used = true;
                            _tileDepth = System.Math.Max(_tileDepth, _depth);
                            CountMemory(laneByLane: false);
                            return new Value(new VTileLoad(tile.Ref, inRow, tile.Elem), type);
                        }
                        if (HeldValue(access, type) is { } held) return held;
                        if (StridedAccess(access, written: false, strided: false, groups: 4) is not { } slot)
                        {
                            // Not consecutive from lane to lane (a lookup table, a stride, a row per lane): a gather.
                            Reason = before;
                            return PerLane(access, "gathered elements", output);
                        }
                        if (type == "float" && _floatsInDouble)
                        {
                            // Floats widened into double lanes (exact): a half-width load (strided: a channel, every other one).
                            return new Value(new VLoad(slot.Ref, slot.Index, "double", false) { WidenFloat = true, Stride = slot.Stride }, type);
                        }
                        return new Value(new VLoad(slot.Ref, slot.Index, widen ? "long" : slot.Use.Elem, widen) { Stride = slot.Stride }, type);
                    }
                    case MathCall { Fn: MathFn.Sqrt or MathFn.Abs or MathFn.Floor or MathFn.Ceiling or MathFn.Truncate or MathFn.Round, Arguments.Count: 1 } when type is "double" or "float":
                    case MathCall { Fn: MathFn.CopySign or MathFn.Min or MathFn.Max, Arguments.Count: 2 } when type is "double" or "float":
                    case MathCall { Fn: MathFn.FusedMultiplyAdd, Arguments.Count: 3 } when type is "double" or "float":
                    case MathCall { Fn: MathFn.Lerp, Arguments.Count: 3 } when type is "float" && !_floatsInDouble:
                    case MathCall { Fn: MathFn.Exp or MathFn.Log or MathFn.Sin or MathFn.Cos or MathFn.Tan or MathFn.Asin, Arguments.Count: 1 }
                        when _input.FastMath && type is "double" or "float":
                    {
                        // Exact vector counterparts (.NET 9 and later): the same IEEE operation per lane (Round: to nearest
                        // even, as Math.Round(x); Min/Max: NaN propagates and -0 < +0, as Math.Min/Max; FusedMultiplyAdd:
                        // one rounding, as Math.FusedMultiplyAdd; Lerp: a Numerics vector's lerp, the same VectorN.Lerp). With FastMath, Exp/Log/Sin/Cos/Tan/Asin: KernelGen's vector
                        // functions (KernelRuntime.FastMath.cs) within docs/fastmath.md's ULP bound of the scalar function,
                        // instead of the scalar call lane by lane.
                        var math = (MathCall)e;
                        var arguments = new List<VExpr>();
                        foreach (Expr argument in math.Arguments)
                        {
                            if (Expression(argument, output) is not { } value) return null;
                            if (value.Type != type) { Fail($"'{Printer.Dump(math)}' mixes {value.Type} and {type}"); return null; }
                            arguments.Add(value.Code);
                        }
                        bool fast = math.Fn is MathFn.Exp or MathFn.Log or MathFn.Sin or MathFn.Cos or MathFn.Tan or MathFn.Asin;
                        // A float in double lanes: Abs, Min, Max, CopySign and the roundings to integers are exact on it;
                        // Sqrt and the FastMath functions computed in double and rounded once to float (the float forms
                        // do the same); a fused multiply-add would round twice.
                        if (type == "float" && _floatsInDouble && math.Fn == MathFn.FusedMultiplyAdd) { Fail("MathF.FusedMultiplyAdd on floats in double lanes"); return null; }
                        if (fast) _fastMath.Add(math.Fn.ToString());
                        VExpr call = new VCall((fast ? "Fast" : "") + math.Fn, arguments.ToEquatableArray(), Elem(type)!) { Runtime = fast };
                        return new Value(type == "float" && _floatsInDouble && (fast || math.Fn == MathFn.Sqrt) ? Round32(call) : call, type);
                    }
                    case MathCall { Fn: MathFn.Clamp, Arguments.Count: 3 } clamp when clamp.Arguments[1] is Const { Value: var lo } && clamp.Arguments[2] is Const { Value: var hi }
                        && System.Convert.ToDouble(lo, System.Globalization.CultureInfo.InvariantCulture) <= System.Convert.ToDouble(hi, System.Globalization.CultureInfo.InvariantCulture):
                    {
                        if (type is "int" or "long")
                        {
                            // Integers: Math.Min(Math.Max(x, lo), hi), exactly. A quotient x / 2^k clamped at lo >= 0 may be
                            // the shift x >> k: the two differ only for negative x (truncation toward zero against floor),
                            // where both are at most 0 <= lo and clamp to lo alike (the pixel code's '(sum + 8) / 16').
                            Expr value = clamp.Arguments[0];
                            // (int)f clamped, f a float (int8 quantization): clamped as a float, then converted without
                            // the saturation fixups (see KernelRuntime.ClampToInt).
                            if (type == "int" && !_wide && !Lanes16 && value is Convert { Checked: false, Operand: var f } && TypeName(f.Type) == "float"
                                && lo is int l && hi is int h && System.Math.Abs((long)l) <= 1 << 24 && System.Math.Abs((long)h) <= 1 << 24)
                            {
                                if (Expression(f, output) is not { } single) return null;
                                string Bound(int b) => b.ToString(System.Globalization.CultureInfo.InvariantCulture) + "f";
                                return new Value(new VCall("ClampToInt", new VExpr[] { single.Code, new VBroadcast(Bound(l), "float"), new VBroadcast(Bound(h), "float") }.ToEquatableArray(), "int") { Runtime = true }, "int");
                            }
                            if (value is Binary { Op: BinaryOp.Divide, Checked: false, Right: Const { Value: int or long } divisor } quotient
                                && System.Convert.ToInt64(divisor.Value, System.Globalization.CultureInfo.InvariantCulture) is long d and > 1 && (d & (d - 1)) == 0
                                && System.Convert.ToInt64(lo, System.Globalization.CultureInfo.InvariantCulture) >= 0)
                                value = new Binary(BinaryOp.ShiftRight, quotient.Left, new Const(Log2(d), IrType.Int), quotient.Type);
                            var bounded = new MathCall(MathFn.Max, new[] { value, clamp.Arguments[1] }.ToEquatableArray(), false, clamp.Type);
                            return Expression(new MathCall(MathFn.Min, new Expr[] { bounded, clamp.Arguments[2] }.ToEquatableArray(), false, clamp.Type), output);
                        }
                        // Math.Clamp(x, lo, hi) with constant bounds (lo <= hi: it cannot throw) is, by its definition,
                        // x < lo ? lo : x > hi ? hi : x (NaN and -0 kept as they are): compares and selects lane by lane.
                        var held = new Var($"__kg_clamp{_temps}", clamp.Arguments[0].Type, VarKind.Temp, -1000 - _temps);
                        var x = new Read(held);
                        Expr select = new Select(new Compare(CompareOp.Less, x, clamp.Arguments[1]), clamp.Arguments[1],
                            new Select(new Compare(CompareOp.Greater, x, clamp.Arguments[2]), clamp.Arguments[2], x, clamp.Type), clamp.Type);
                        return Expression(new Let(held, clamp.Arguments[0], select), output);
                    }
                    case MathCall { Fn: MathFn.Min or MathFn.Max, Arguments.Count: 2 } call when type is "int" || type == "long" && _wide:
                    {
                        if (Lanes16 && Fits16(call.Arguments[0], call.Arguments[1]) != true) { Fail($"'{Printer.Dump(call)}' on ints that may not fit 16 signed bits"); return null; }
                        // Integers: exact lane by lane.
                        Value? a = Expression(call.Arguments[0], output), b = a is null ? null : Expression(call.Arguments[1], output);
                        return b is { } second ? new Value(new VCall(call.Fn.ToString(), new[] { a!.Value.Code, second.Code }.ToEquatableArray(), Elem(type)!), type) : null;
                    }
                    case MathCall { Fn: MathFn.Abs, Arguments.Count: 1 } abs when type is "int" && RangeOf(abs.Arguments[0]) is { Lo: > int.MinValue } range:
                    {
                        // Math.Abs(int) throws only for int.MinValue, which the operand's range leaves out (a Sobel
                        // gradient's |gx| + |gy| over bytes): there the vector Abs, which wraps, is exact lane by lane.
                        if (Lanes16 && (range.Lo < -short.MaxValue || range.Hi > short.MaxValue)) { Fail($"'{Printer.Dump(abs)}' on ints that may not fit 16 signed bits"); return null; }
                        return Expression(abs.Arguments[0], output) is { } operand
                            ? new Value(new VCall("Abs", new[] { operand.Code }.ToEquatableArray(), Elem(type)!), type) : null;
                    }
                    case Let let:
                        return Inlined(let, output, body => Expression(body, output));
                    case MathCall math:
                        // Not bitwise the scalar function on vector lanes (Exp, Log, Sin, Pow …): the scalar function per lane.
                        return PerLane(math, Printer.MathName(math).Replace("global::System.", ""), output);
                    case Call call:
                        return PerLane(call, call.Method.Substring(call.Method.LastIndexOf('.') + 1), output);
                    case Length length:
                        // The length of a row that changes from lane to lane.
                        return PerLane(length, "row lengths", output);
                    default:
                        Fail($"'{Printer.Dump(e)}' has no exact vector counterpart");
                        return null;
                }
            }

            /// <summary>Elements <paramref name="e"/> reads of arrays outside the loop: they count for the aliasing guard (a stored array that is one of them at run time would change them under the lanes).</summary>
            private void RegisterReads(Expr e)
            {
                foreach (Element read in Nodes(e).OfType<Element>())
                    if (read.Array is Read { Variable: var array } && Outside(array)) RegisterArray(array);
            }

            /// <summary>
            /// <c>t[k]</c> of a byte or sbyte array the loop does not store, with k an int provably in 0 … 255 (a byte
            /// element, k &amp; 255, …): every lane's element at once by <c>KernelRuntime.LookupByte</c> (see there), as an
            /// int. The vector loop is taken only when t holds 256 elements (a guard), so no lane can be out of bounds and
            /// the lookup cannot throw; with fewer, the scalar loop runs (and throws where the serial one does). It is
            /// taken only on machines with AVX-512 VBMI too (another guard): elsewhere no vector form measured faster than
            /// the scalar loop. Null (the caller reads lane by lane) for anything else.
            /// </summary>
            private Value? ByteTable(Element access, string from, List<VStmt> output)
            {
                if (from is not ("byte" or "sbyte") || _wide || access.Indices.Count != 1 || access.Array is not Read { Variable: var table }
                    || table.Type is not ArrayType { Rank: 1 } || !Outside(table) || _stored.Contains(table.Name)
                    || RangeOf(access.Indices[0]) is not { Lo: >= 0, Hi: <= 255 } range || Print(access.Array) is not { } name)
                    return null;
                // The table's first 64, 128 or 256 entries in registers (every lane's index below that: one vpermb for
                // base64's alphabet of 64); the guard asks the table to hold them.
                int entries = range.Hi <= 63 ? 64 : range.Hi <= 127 ? 128 : 256;
                if (Expression(access.Indices[0], output) is not { } index || index.Type != "int" || RegisterArray(table) is null)
                    return null;
                if (!_nullChecks.Contains(table.Name)) _nullChecks.Add(table.Name);
                if (_tables.Count == 0) _runtimeGuards.Add(new Holds("global::KernelGen.KernelRuntime.VectorByteTables"));
                if (!_tables.Contains(name)) _tables.Add(name);
                _tableEntries = System.Math.Max(_tableEntries, entries);
                var holds = new Below((entries - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{name}.Length");
                if (!_runtimeGuards.Contains(holds)) _runtimeGuards.Add(holds);
                // (The entry count is a constant the JIT folds: a local's text, as the table's name is.)
                var arguments = entries == 256 ? new VExpr[] { index.Code, new VLocal(name, Lane) }
                    : new VExpr[] { index.Code, new VLocal(name, Lane), new VLocal(entries.ToString(System.Globalization.CultureInfo.InvariantCulture), Lane) };
                return new Value(new VCall("LookupByte", arguments.ToEquatableArray(), Lane) { Runtime = true }, "int");
            }

            /// <summary>Registers an array (or span) variable declared outside the loop by its name; null when its elements are not scalars.</summary>
            private ArrayUse? RegisterArray(Var v)
            {
                IrType? element = v.Type switch { ArrayType at => at.Element, SpanType st => st.Element, PointerType pt => pt.Element, _ => null };
                if (element is not ScalarType) return null;
                return AsBits(Register(v.Name, v.Name, v.Type switch
                    {
                        SpanType => ArrayRefKind.Span, PointerType => ArrayRefKind.Pointer, ArrayType { Rank: > 1 } => ArrayRefKind.Multi, _ => ArrayRefKind.Array,
                    },
                    v.Type is ArrayType rank ? rank.Rank : 1, TypeName(element) ?? NarrowName(element) ?? element.Name), element);
            }

            /// <summary>Whether computing <paramref name="e"/> may throw: an element read, an integer division, a helper.</summary>
            private static bool MayThrow(Expr e) => Nodes(e).Any(Throws);

            private static bool Throws(Expr n) => n is Element or Call || n is Binary { Op: BinaryOp.Divide or BinaryOp.Remainder } d && TypeName(d.Type) is "int" or "long"
                && d.Right is not Const { Value: int and not (0 or -1) or long and not (0L or -1L) };

            /// <summary>
            /// Whether <paramref name="e"/> can throw nothing but IndexOutOfRangeException: whatever in it may throw reads an
            /// element of an array from outside the loop (the kernel runs serially when one of those is null), and it takes
            /// no length of a row or local array.
            /// </summary>
            private bool OnlyOutOfRange(Expr e) => Nodes(e).All(n => (!Throws(n) || n is Element { Array: var a } && OutsideArray(a))
                && !(n is Length { Array: var rowOrLocal } && !OutsideArray(rowOrLocal))); // (the length of a row or local array: it may be null)

            private bool OutsideArray(Expr a) => a is Read { Variable: var v } && Outside(v);

            /// <summary>
            /// An integer division or remainder by a divisor invariant in the loop, of a dividend that cannot throw and cannot
            /// be the type's minimum (the PRange index from a start ≥ 0, or an interval above it): it throws
            /// DivideByZeroException in every lane (a zero divisor) or in none (ML.NET's min-max normalizer, i % features).
            /// </summary>
            private bool ThrowsInAllLanesOrNone(Expr e) =>
                e is Binary { Op: BinaryOp.Divide or BinaryOp.Remainder, Left: var dividend, Right: var divisor } d && TypeName(d.Type) is "int" or "long"
                && Bound(divisor) && !Nodes(divisor).Any(Throws) && !Nodes(dividend).Any(Throws)
                && (dividend is Read { Variable: var v } && v.Equals(_x) && _lane is null && Affine(_loop.Start) is { IsConstant: true, ConstantTerm: >= 0 }
                    || RangeOf(dividend) is { Lo: > int.MinValue });

            /// <summary>Both masks' lanes (<see cref="VExprs.And"/>: never a plain <c>a &amp; b</c>, which .NET 10 misfolds on AVX-512).</summary>
            private VExpr MaskAnd(VExpr a, VExpr b) => VExprs.And(a, b, Lane);

            /// <summary>
            /// What has no vector form, lane by lane (<see cref="VPerLane"/>): each lane evaluates the scalar C# of
            /// <paramref name="e"/> with its own values, exactly as the scalar code does for its iteration, so the result is
            /// bitwise the serial one. <paramref name="e"/> is a Math function without an exact vector counterpart, a helper
            /// without effects, an integer division or remainder, a conversion of an element, or an element read at a
            /// subscript that is not consecutive (a gather: ordinary, bounds-checked reads); its operands that have a vector
            /// form are computed as vectors first. Lanes outside the current mask skip it (it may throw where they would not run).
            /// </summary>
            /// <summary>
            /// A bool element (a mask array: <c>if (fixed[i]) continue;</c>) at a consecutive subscript: its byte widened
            /// into the lanes and compared with 0, true for any byte but 0 as the JIT tests a bool; else lane by lane.
            /// </summary>
            private Value? BoolElement(Element access, List<VStmt> output)
            {
                string? before = Reason;
                if (StridedAccess(access, written: false, strided: false) is not { Stride: 1 } slot)
                {
                    Reason = before;
                    return PerLane(access, "gathered elements", output);
                }
                var bytes = new VLoad(BoolBytes(slot.Ref), slot.Index, Lane, false) { Narrow = "byte", Stride = 1 };
                return new Value(new VCompare("Equals", bytes, new VBroadcast("0", Lane), true, Lane), "bool");
            }

            /// <summary>A bool array's data reference as its bytes (a bool is one byte: 1 for true as C# stores it, 0 for false).</summary>
            private static string BoolBytes(string reference) => $"global::System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref {reference})";

            /// <summary>
            /// <c>mask[i] = x[i] > t;</c> at a consecutive subscript: each lane's mask (all bits or none) and 1, stored as
            /// the low byte, the 1 or 0 C# stores for a bool; in a branch the other lanes store back their bytes. Else lane by lane.
            /// </summary>
            private bool StoreBool(Element access, BinaryOp? op, Expr right, List<VStmt> output)
            {
                string? before = Reason;
                if (op is not null || Lanes16 || StridedAccess(access, written: true, strided: false, boolBytes: true) is not { Stride: 1 } slot)
                {
                    Reason = before;
                    return StoreLaneByLane(access, op, right, consecutive: false, output) || Fail($"'{Print(access)}' stores a bool lane by lane");
                }
                if (Expression(right, output) is not { } value) return false;
                if (value.Type != "bool") return Fail($"'{Print(access)} = …' converts {value.Type} to bool");
                var bit = new VBinary("&", value.Code, new VBroadcast("1", Lane), Lane, false);
                output.Add(new VStore(BoolBytes(slot.Ref), slot.Index, bit, Lane, _mask, false) { Narrow = "byte" });
                return true;
            }

            private Value? PerLane(Expr e, string what, List<VStmt> output)
            {
                // (A float in double lanes: the lane computes the float as the scalar code does, and its double lane holds it
                // exactly; LaneCode gives operands held in double lanes back as floats.)
                string? type = TypeName(e.Type);
                if (type is null) { Fail($"'{Printer.Dump(e)}' has type {e.Type.Name} (vectors take float, double, int, long)"); return null; }
                if (Lanes16) { Fail($"'{Printer.Dump(e)}' has no vector form (16-bit lanes)"); return null; }
                // The same Math call twice in a statement (Math.Sin(d / 2) * Math.Sin(d / 2)): computed once.
                if (e is MathCall && _laneValues.TryGetValue((e, _mask, output), out Value known)) return known;
                string name = $"__kg_p{_temps++}";
                var inputs = new List<VExpr>();
                bool outer = _laneMayThrow; // (an operand's own lane-by-lane code nests here)
                _laneMayThrow = false;
                string? code = LaneCode(e, inputs, output, top: true);
                bool mayThrow = _laneMayThrow;
                _laneMayThrow = outer;
                if (code is null) return null;
                // (Operands computed as vectors count for themselves.) Masked, only lanes the scalar code runs compute it.
                if (mayThrow)
                {
                    // (The first risky work of an unmasked step that throws in every lane or in none: its exception, if
                    // any, is the first lane's, before anything else the step could throw, as in the serial loop.)
                    if (!OnlyOutOfRange(e) && !(_laneRisky == 0 && _mask is null && ThrowsInAllLanesOrNone(e))) _laneRiskyOther++;
                    _laneRisky++;
                    if (_mask is null) _risky++;
                }
                _perLane.Add(what);
                _laneByLane++;
                output.Add(new VPerLane(name, Elem(type)!, inputs.ToEquatableArray(), type switch { "bool" => $"({code}) ? -1 : 0", "uint" => $"unchecked((int)({code}))", "ulong" => $"unchecked((long)({code}))", _ => code }, _mask, what)
                {
                    Line = mayThrow ? _line : 0,
                    Traps = Nodes(e).Any(n => n is Binary { Op: BinaryOp.Divide or BinaryOp.Remainder } d && TypeName(d.Type) is not ("float" or "double")),
                });
                var result = new Value(new VLocal(name, Elem(type)!), type);
                if (e is MathCall) _laneValues[(e, _mask, output)] = result;
                return result;
            }

            /// <summary>
            /// <paramref name="e"/>, which the scalar code evaluates only in the lanes of <paramref name="when"/> (a side of
            /// ?:, &amp;&amp;, ||): computed for every lane when nothing in it can throw; else, when what may throw is lane-by-lane
            /// work, again with that work limited to those lanes (a mask); else refused with <paramref name="why"/>.
            /// <paramref name="narrow"/>: e is of a byte, sbyte, short or ushort type, held in int lanes (<see cref="NarrowValue"/>).
            /// </summary>
            private Value? OnlyWhere(Expr e, VExpr when, List<VStmt> output, string why, bool narrow = false)
            {
                int risky = _risky, laneRisky = _laneRisky;
                var everyLane = new List<VStmt>();
                Value? value = narrow ? NarrowValue(e, everyLane) : Expression(e, everyLane);
                if (value is null) return null;
                // (Temporaries of inlined helpers are plain vector values: computing them in every lane changes nothing.)
                bool onlyLaneWork = everyLane.All(st => st is VPerLane or VMask or VDeclare);
                if (_risky == risky && _laneRisky == laneRisky && onlyLaneWork) { output.AddRange(everyLane); return value; }
                if (!onlyLaneWork || _risky > risky + (_laneRisky - laneRisky)) { Fail(why); return null; }
                // Again, the lane-by-lane work masked to the lanes that take this side.
                _risky = risky;
                string mask = $"__kg_m{_masks++}";
                output.Add(new VMask(mask, _mask is null ? when : MaskAnd(new VLocal(_mask, Lane), when)));
                string? saved = _mask;
                _mask = mask;
                var masked = new List<VStmt>();
                value = narrow ? NarrowValue(e, masked) : Expression(e, masked);
                _mask = saved;
                if (value is null) return null;
                if (_risky > risky || !masked.All(st => st is VPerLane or VMask or VDeclare)) { Fail(why); return null; }
                output.AddRange(masked);
                return value;
            }

            /// <summary>Lane-by-lane work that may throw, masked or not (<see cref="_risky"/> counts only the unmasked).</summary>
            private int _laneRisky;

            /// <summary>Of <see cref="_laneRisky"/>, the work that may throw something other than IndexOutOfRangeException.</summary>
            private int _laneRiskyOther;

            /// <summary>Broadcast values that may throw (an element read), each counted in <see cref="_risky"/>.</summary>
            private readonly List<Expr> _riskyUniforms = new();

            /// <summary>Lane-by-lane Math calls of the statement being translated, by expression, mask and statement list.</summary>
            private readonly Dictionary<(Expr, string?, List<VStmt>), Value> _laneValues = new();

            /// <summary>
            /// Element accesses inside the step's loops (for, while), lane by lane and on whole vectors: a plan that gathers
            /// more than it loads inside its loops runs slower than the scalar loop (each gathered element costs several
            /// scalar loads' time: measured 3-4× the serial loop on k-means and CSR rows).
            /// </summary>
            private int _laneMemoryInLoops, _vectorMemoryInLoops;

            /// <summary>
            /// The same at the step's top level: a step that moves more than twice as many elements lane by lane as it loads
            /// and stores on whole vectors ran slower than the scalar loop (a 2× BGRA downscale reading 16 bytes a lane at a
            /// stride of 8 for one group store of 4: 0.59× the serial loop's time on 2 threads, against 1.89× scalar). At
            /// 4 against 3 (min-max scaling, 4 reads of a small per-feature table) the vector body is kept.
            /// </summary>
            private int _laneMemoryInStep, _vectorMemoryInStep;

            /// <summary>
            /// The deepest loop nesting of a store made lane by lane, and of a read from a tile: a step that stores lane by lane
            /// as deep as it reads its tiles is refused (a tile costs a copy of every element; a matrix product's one store per
            /// row of dot products is fine, a store per element read is not).
            /// </summary>
            private int _laneStoreDepth, _tileDepth;

            private void CountMemory(bool laneByLane)
            {
                if (_depth > 0) { if (laneByLane) _laneMemoryInLoops++; else _vectorMemoryInLoops++; }
                else if (laneByLane) _laneMemoryInStep++;
                else _vectorMemoryInStep++;
            }

            /// <summary>Operations done lane by lane (for the report).</summary>
            private readonly SortedSet<string> _perLane = new(System.StringComparer.Ordinal);
            /// <summary>The FastMath vector functions the step calls (Exp, Log …), for the report.</summary>
            private readonly SortedSet<string> _fastMath = new(System.StringComparer.Ordinal);
            private int _laneByLane;
            /// <summary>What <see cref="LaneCode"/> wrote may throw: a gather, a helper, an integer division, a uniform part that may.</summary>
            private bool _laneMayThrow;

            /// <summary>
            /// The scalar C# of <paramref name="e"/> for one lane: what is the same in every lane printed as is, elements
            /// read by their subscripts, the operation at the top written out, anything else a vector operand
            /// (<c>{lane:k}</c>, converted back to its C# type).
            /// </summary>
            private string? LaneCode(Expr e, List<VExpr> inputs, List<VStmt> output, bool top)
            {
                if (e is not Read { Variable: { Kind: VarKind.Temp, Source: null } } && Uniform(e) && Print(e) is { } scalar)
                {
                    RegisterReads(e);
                    _laneMayThrow |= MayThrow(e);
                    return "(" + scalar + ")";
                }
                switch (e)
                {
                    // (An operand element of a lane type is a vector operand: one load when consecutive, else its own gather.)
                    case Element element when top || TypeName(element.Type) is null or "bool":
                    {
                        _laneMayThrow = true; // bounds-checked, as the scalar read
                        CountMemory(laneByLane: true);
                        // A stored array read at an affine subscript: the same as its other accesses, or interleaved with them.
                        bool storedChecked = false;
                        if (element.Array is Read { Variable: var stored } && _stored.Contains(stored.Name) && Outside(stored) && element.Indices.Count == 1
                            && TypeName(element.Indices[0].Type) is "int" or "long" && Affine(element.Indices[0]) is { } poly && RegisterArray(stored) is { } use)
                        {
                            if (!Interleaved(use, new[] { poly }, poly.ToString())) { Fail($"'{stored.Name}' is stored and accessed at different subscripts (a dependence between iterations)"); return null; }
                            storedChecked = true;
                        }
                        if (element.Array is Read { Variable: var pending } && PendingGroupOf(pending.Name)) { Fail($"'{pending.Name}' is read between the stores of a group"); return null; }
                        if (ArrayCode(element.Array, inputs, output, storedChecked) is not { } array) return null;
                        var indices = new List<string>();
                        foreach (Expr index in element.Indices)
                        {
                            if (LaneCode(index, inputs, output, top: false) is not { } code) return null;
                            indices.Add(code);
                        }
                        return $"{array}[{string.Join(", ", indices)}]";
                    }
                    case MathCall math when top:
                        return Arguments(Printer.MathName(math), math.Arguments);
                    case Call call when top || TypeName(call.Type) is null:
                        _laneMayThrow = true;
                        return Arguments(call.Method, call.Arguments);
                    case Binary b when top:
                    {
                        // Integer division throws for a zero divisor (and MinValue / -1): not for any other constant.
                        _laneMayThrow |= b.Right is not Const { Value: int and not (0 or -1) or long and not (0L or -1L) };
                        string? left = LaneCode(b.Left, inputs, output, top: false), right = left is null ? null : LaneCode(b.Right, inputs, output, top: false);
                        return right is null ? null : $"unchecked({left} {PrinterOp(b.Op)} {right})";
                    }
                    case Length length when top:
                    {
                        _laneMayThrow = true; // a null row
                        CountMemory(laneByLane: true);
                        if (ArrayCode(length.Array, inputs, output) is not { } array) return null;
                        return length.Dimension < 0 ? $"{array}.Length" : $"{array}.GetLength({length.Dimension})";
                    }
                    case Convert c when top || TypeName(c.Type) is null:
                        return LaneCode(c.Operand, inputs, output, top: false) is { } operand ? $"unchecked(({c.Type.Name}){operand})" : null;
                }
                // A byte, sbyte, short or ushort value (a clamp helper's result): its int lanes, cast back for the lane.
                // (Only forms NarrowValue computes itself: for the others it comes back here, lane by lane.)
                if (NarrowName(e.Type) is { } narrowType && !Lanes16
                    && (e is Select or Let || e is Read { Variable: var held } && (_narrowVars.ContainsKey(held) || _bindings.ContainsKey(held))))
                {
                    if (NarrowValue(e, output) is not { } lanes) return null;
                    string laneOf = $"{{lane:{inputs.Count}}}";
                    inputs.Add(lanes.Code);
                    return $"unchecked(({e.Type.Name}){laneOf})"; // (a char as char)
                }
                if (Expression(e, output) is not { } value) return null;
                string lane = $"{{lane:{inputs.Count}}}";
                inputs.Add(value.Code);
                return value.Type switch
                {
                    "bool" => $"({lane} != 0)",
                    "int" when value.Code.Elem != "int" => $"unchecked((int){lane})",
                    "uint" => $"unchecked((uint){lane})", // its bits
                    "ulong" => $"unchecked((ulong){lane})", // its bits
                    "float" when value.Code.Elem == "double" => $"((float){lane})", // a float in a double lane: exact
                    _ => lane,
                };

                string? Arguments(string method, EquatableArray<Expr> arguments)
                {
                    var codes = new List<string>();
                    foreach (Expr argument in arguments)
                    {
                        if (LaneCode(argument, inputs, output, top: false) is not { } code) return null;
                        codes.Add(code);
                    }
                    return $"{method}({string.Join(", ", codes)})";
                }
            }

            /// <summary>The array a lane reads from: one declared outside the loop, or a row of such a jagged array (lane-varying too); never one the loop stores into.</summary>
            /// <param name="storedChecked">A read of a stored array already shown not to touch another lane's elements (<see cref="Interleaved"/>).</param>
            private string? ArrayCode(Expr array, List<VExpr> inputs, List<VStmt> output, bool storedChecked = false)
            {
                switch (array)
                {
                    case Read { Variable: var v } when Outside(v) && v.Type is ArrayType or SpanType or PointerType:
                    {
                        if (v.Type is PointerType && _input.ConditionalPointers) { Fail($"'{v.Name}' is read under a condition (a pointer has no bounds)"); return null; }
                        if (!storedChecked && _stored.Any(k => k == v.Name || k.StartsWith(v.Name + "[", System.StringComparison.Ordinal)))
                            { Fail($"'{v.Name}' is stored and accessed at different subscripts (a dependence between iterations)"); return null; }
                        RegisterArray(v);
                        return v.Name;
                    }
                    case Element { Indices.Count: 1 } row when row.Type is ArrayType { Rank: 1 }:
                    {
                        if (ArrayCode(row.Array, inputs, output) is not { } rows || LaneCode(row.Indices[0], inputs, output, top: false) is not { } index) return null;
                        return $"{rows}[{index}]";
                    }
                    default:
                        Fail($"'{Print(array) ?? "an array"}' is not an array declared outside the loop over the lanes");
                        return null;
                }
            }

            /// <summary>Whether a ulong expression is below 2^53: a right shift by a constant of at least 11, an and with a constant below 2^53.</summary>
            private static bool Below53(Expr e) => e switch
            {
                Binary { Op: BinaryOp.ShiftRight or BinaryOp.UnsignedShiftRight, Right: Const { Value: int n } } => (n & 63) >= 11,
                Binary { Op: BinaryOp.And, Right: Const { Value: ulong mask } } => mask < 1UL << 53,
                Binary { Op: BinaryOp.And, Left: Const { Value: ulong mask } } => mask < 1UL << 53,
                _ => false,
            };

            /// <summary>A conversion without a vector form, lane by lane, of a value already on lanes.</summary>
            private Value? ConvertByLane(Convert c, Value operand, List<VStmt> output)
            {
                // (To a byte, sbyte, short or ushort: int lanes holding the converted value.)
                string? type = TypeName(c.Type) ?? (NarrowName(c.Type) is null ? null : "int");
                if (type is null or "bool" || operand.Type == "bool" || Lanes16) { Fail($"a conversion from {operand.Type} to {c.Type.Name}"); return null; }
                string lane = operand.Type == "int" && operand.Code.Elem != "int" ? "unchecked((int){lane:0})" : operand.Type == "uint" ? "unchecked((uint){lane:0})"
                    : operand.Type == "ulong" ? "unchecked((ulong){lane:0})" : "{lane:0}";
                string what = $"({c.Type.Name}) of a {operand.Type}";
                string name = $"__kg_p{_temps++}";
                if (c.Checked) { _laneRisky++; _laneRiskyOther++; if (_mask is null) _risky++; }
                _perLane.Add(what);
                _laneByLane++;
                output.Add(new VPerLane(name, Elem(type)!, new[] { operand.Code }.ToEquatableArray(),
                    type == "uint" ? $"unchecked((int){(c.Checked ? "checked" : "unchecked")}(({c.Type.Name}){lane}))" // its bits
                        : type == "ulong" ? $"unchecked((long){(c.Checked ? "checked" : "unchecked")}(({c.Type.Name}){lane}))" // its bits
                        : $"{(c.Checked ? "checked" : "unchecked")}(({c.Type.Name}){lane})", _mask, what) { Line = c.Checked ? _line : 0 });
                return new Value(new VLocal(name, Elem(type)!), type);
            }

            /// <summary>
            /// An inlined helper (<see cref="Let"/>): its argument computed once, in order, then <paramref name="body"/>
            /// with the parameter standing for it. A byte, sbyte, short or ushort argument lives in int lanes, as C# widens it.
            /// </summary>
            private Value? Inlined(Let let, List<VStmt> output, System.Func<Expr, Value?> body)
            {
                // A constant or a variable (a [Broadcast] argument, a literal, the loop's index, an array) is read where the
                // parameter is, so the body sees what it is: uniform (a shift count, a divisor), the index (consecutive
                // elements), an array. (IR expressions assign nothing, and opaque text could not be rewritten.)
                if ((let.Value is Const || let.Value is Read) && let.Value.Type.Equals(let.Variable.Type) && !Nodes(let.Body).Any(n => n is Opaque))
                    return body(Rewrite.Expression(let.Body, x => x is Read { Variable: var v } && v.Equals(let.Variable) ? let.Value : null));
                bool narrow = NarrowName(let.Variable.Type) is not null;
                if (narrow && NarrowName(let.Value.Type) != NarrowName(let.Variable.Type)) { Fail($"an argument of a helper converts to {let.Variable.Type.Name}"); return null; }
                if ((narrow ? NarrowValue(let.Value, output) : Expression(let.Value, output)) is not { } bound) return null;
                if (!narrow && bound.Type != TypeName(let.Variable.Type)) { Fail($"an argument of a helper converts {bound.Type}"); return null; }
                if (RangeOf(let.Value) is { } known) _ranges[let.Variable] = known;
                string temp = $"__kg_a{_temps++}";
                output.Add(new VDeclare(temp, bound.Code));
                _bindings[let.Variable] = new Value(new VLocal(temp, bound.Code.Elem), bound.Type);
                Value? result = body(let.Body);
                _bindings.Remove(let.Variable);
                if (result is not null) _usesInlining = true;
                return result;
            }

            /// <summary>Locals of byte, sbyte, short or ushort type, held in int lanes.</summary>
            private readonly Dictionary<Var, string> _narrowVars = new();

            /// <summary>
            /// The int lanes holding the value of <paramref name="e"/>, an expression of a byte, sbyte, short or ushort type:
            /// an element (widened as C# converts it), a local held in int lanes, a constant, or a conversion to that type
            /// (its low bits, sign-extended for sbyte and short, as the unchecked cast keeps them).
            /// </summary>
            private Value? NarrowValue(Expr e, List<VStmt> output)
            {
                string? narrow = NarrowName(e.Type);
                if (narrow is null || Lanes16) { Fail($"'{Printer.Dump(e)}' has type {e.Type.Name} (vectors take float, double, int, long)"); return null; }
                switch (e)
                {
                    case Read { Variable: var v } when _narrowVars.ContainsKey(v):
                        return new Value(new VLocal("__kg_v_" + Bare(v.Name), Lane), "int");
                    case Read { Variable: var v } when _bindings.TryGetValue(v, out Value bound):
                        return bound; // a helper's narrow parameter, in int lanes
                    case Let let:
                        return Inlined(let, output, body => NarrowValue(body, output));
                    case Const { Value: var constant }:
                        return new Value(new VBroadcast(System.Convert.ToInt32(constant, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture), Lane), "int");
                    case Element:
                        return Expression(new Convert(e, ScalarType.Int, false), output);
                    case Convert { Checked: false, Operand: var inner } when TypeName(inner.Type) == "int" || NarrowName(inner.Type) is not null:
                    {
                        Value? value = TypeName(inner.Type) == "int" ? Expression(inner, output) : NarrowValue(inner, output);
                        if (value is not { } v) return null;
                        if (v.Type != "int") { Fail($"'{Printer.Dump(e)}' converts a {v.Type}"); return null; }
                        return LowBits(v, narrow);
                    }
                    case Convert { Checked: false, Operand: var source } when TypeName(source.Type) is "float" or "double":
                    {
                        // C# converts to int (saturating, NaN to 0) and keeps the low bits: those of the int lanes.
                        if (Expression(source, output) is not { } operand) return null;
                        string? kept = Reason;
                        if (ConvertValue(operand, "int") is not { } lanes) { Reason = kept; break; }
                        return LowBits(lanes, narrow);
                    }
                    case Select s:
                    {
                        // A clamp helper's 'v >= 255f ? (byte)255 : v <= 0f ? (byte)0 : (byte)v': both sides in int lanes
                        // (each the value C# holds for it), then each lane takes its own, as in Expression.
                        if (Expression(s.Condition, output) is not { } condition || condition.Type != "bool") return null;
                        const string Why = "a branch of '?:' may throw or compute where the scalar code skips it";
                        Value? yes = OnlyWhere(s.WhenTrue, condition.Code, output, Why, narrow: true);
                        Value? no = yes is null ? null : OnlyWhere(s.WhenFalse, new VNot(condition.Code, Lane), output, Why, narrow: true);
                        if (no is null) return null;
                        return new Value(new VSelect(condition.Code, yes!.Value.Code, no.Value.Code, Lane), "int");
                    }
                }
                // Anything else of that type (a helper's or Convert.ToByte's result, a cast of a long): lane by lane.
                return PerLane(new Convert(e, ScalarType.Int, false), $"{narrow} values", output);
            }

            /// <summary>
            /// The value an unchecked cast of the int lanes <paramref name="v"/> to <paramref name="narrow"/> holds, in int lanes:
            /// the low 8 or 16 bits, masked (unsigned) or shifted up and arithmetically back (signed).
            /// </summary>
            private Value LowBits(Value v, string narrow)
            {
                int bits = narrow is "byte" or "sbyte" ? 8 : 16, laneBits = Lane == "long" ? 64 : 32;
                if (narrow is "byte" or "ushort")
                    return new Value(new VBinary("&", v.Code, new VBroadcast(narrow == "byte" ? "255" : "65535", Lane), Lane, false), "int");
                string shift = (laneBits - bits).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new Value(new VShift("ShiftRightArithmetic", new VShift("ShiftLeft", v.Code, shift, Lane, false), shift, Lane, false), "int");
            }

            private Value? ConvertValue(Value value, string to)
            {
                if (value.Type == to) return value;
                switch (value.Type, to)
                {
                    // Long lanes hold the int already (emitted as the operand itself); the node keeps "an int" visible to
                    // the emitter, whose product of two such values is one pmuldq (MulInts) where a long product is six
                    // instructions on AVX2: a [ParallelMap] helper's (long)n * n reads its argument from a local.
                    case ("int", "long") when _wide: return new Value(value.Code is VConvert { From: "int", Elem: "long" } ? value.Code : new VConvert(value.Code, "int", "long"), "long");
                    // Floats in double lanes: a float is exact as a double; to float, one rounding (of an int: exact in
                    // double first, so still one rounding of the exact value).
                    case ("float", "double") when _floatsInDouble: return new Value(value.Code, "double");
                    case ("double", "float") when _floatsInDouble: return new Value(Round32(value.Code), "float");
                    case ("int", "float") when _floatsInDouble: return new Value(Round32(new VConvert(value.Code, "long", "double")), "float");
                    case ("int", "uint") or ("uint", "int") when !_wide && !Lanes16: return new Value(value.Code, to); // the same bits
                    case ("long", "ulong") or ("ulong", "long") when _wide: return new Value(value.Code, to); // the same bits
                    // (An int in a long lane is sign-extended, as C#'s unchecked (ulong) of an int.)
                    case ("int", "ulong") when _wide: return ConvertValue(value, "long") is { } asLong ? new Value(asLong.Code, "ulong") : null;
                    // (Not long to double: exact here, where a long lane holds an int; a real long may round differently off AVX-512.)
                    case ("int", "double"): return new Value(new VConvert(value.Code, "long", "double"), "double");
                    case ("int", "float") when !_wide && !Lanes16: return new Value(new VConvert(value.Code, "int", "float"), "float");
                    // Floating point to integers: truncation toward zero, saturating, NaN to 0 (.NET 9 and later, scalar
                    // casts and vector conversions alike); a double to int saturates to the int range first.
                    case ("float", "int") when !_wide && !Lanes16: return new Value(new VConvert(value.Code, "float", "int"), "int");
                    case ("double", "long") when _wide: return new Value(new VConvert(value.Code, "double", "long"), "long");
                    // A float in a double lane is that double exactly, and C# truncates both alike.
                    case ("float", "int") when _floatsInDouble: return ConvertValue(new Value(value.Code, "double"), "int");
                    case ("double", "int") when _wide:
                    {
                        VExpr wide = new VConvert(value.Code, "double", "long");
                        VExpr low = new VCall("Max", new[] { wide, new VBroadcast("int.MinValue", "long") }.ToEquatableArray(), "long");
                        return new Value(new VCall("Min", new[] { low, new VBroadcast("int.MaxValue", "long") }.ToEquatableArray(), "long"), "int");
                    }
                    default: Fail($"a conversion from {value.Type} to {to}"); return null;
                }
            }

            /// <summary>A double-lane value rounded to float precision, as a float operation or (float) cast rounds it.</summary>
            private static VExpr Round32(VExpr value) => new VCall("Round32", new[] { value }.ToEquatableArray(), "double") { Runtime = true };

            private static int Log2(long power) { int k = 0; while ((1L << k) != power) k++; return k; }

            /// <summary>Integer +, −, * and negation in a checked context throw on overflow; vector lanes wrap.</summary>
            private const string CheckedWhy = "checked integer arithmetic (vector lanes would wrap where the scalar code throws)";

            private Value? BinaryOf(Binary b, string type, List<VStmt> output)
            {
                if (b.Checked && b.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply && type is "int" or "long" or "uint" or "ulong") { Fail(CheckedWhy); return null; }
                string? op = b.Op switch
                {
                    BinaryOp.Add => "+",
                    BinaryOp.Subtract => "-",
                    BinaryOp.Multiply => "*",
                    BinaryOp.Divide when type is "double" or "float" => "/",
                    // Bitwise operators are exact lane by lane (on ints in long lanes too: both stay sign-extended; on bools'
                    // masks, all bits set or clear, too: C#'s non-short-circuit &, | and ^ evaluate both sides, as lanes do).
                    BinaryOp.And when type is "int" or "uint" or "bool" || type is "long" or "ulong" && _wide => "&",
                    BinaryOp.Or when type is "int" or "uint" or "bool" || type is "long" or "ulong" && _wide => "|",
                    BinaryOp.Xor when type is "int" or "uint" or "bool" || type is "long" or "ulong" && _wide => "^",
                    _ => null,
                };
                if (b.Op is BinaryOp.ShiftLeft or BinaryOp.ShiftRight or BinaryOp.UnsignedShiftRight && type is "int" or "long" or "uint" or "ulong")
                    return ShiftOf(b, type, output);
                // Integer division and remainder (no vector instruction): by a constant exactly with shifts or through
                // floating point where that is exact, else per lane, exactly as C# divides (and throws).
                if (op is null && b.Op is BinaryOp.Divide or BinaryOp.Remainder && type is "int" or "long")
                {
                    string? before = Reason;
                    if (b.Right is Const { Value: int or long } divisor && DivideByConstant(b, System.Convert.ToInt64(divisor.Value, System.Globalization.CultureInfo.InvariantCulture), type, output) is { } quotient)
                        return quotient;
                    Reason = before;
                    if (ConsecutiveQuotient(b, output) is { } stepped) return stepped;
                    Reason = before;
                    return PerLane(b, $"integer '{PrinterOp(b.Op)}'", output);
                }
                // A uint in 0 … int.MaxValue divided by such a constant: the int division of the same bits.
                if (op is null && b.Op is BinaryOp.Divide or BinaryOp.Remainder && type == "uint" && b.Right is Const { Value: uint d } && d is > 0 and <= int.MaxValue
                    && RangeOf(b.Left) is { Lo: >= 0, Hi: <= int.MaxValue })
                    return BinaryOf(new Binary(b.Op, new Convert(b.Left, ScalarType.Int, false), new Const((int)d, ScalarType.Int), ScalarType.Int), "int", output) is { } asInt
                        ? new Value(asInt.Code, "uint") : null;
                // A floating-point remainder (C#'s fmod: exact, no vector instruction): per lane, as the scalar code computes it.
                if (op is null && b.Op == BinaryOp.Remainder && type is "float" or "double")
                    return PerLane(b, "floating-point '%'", output);
                if (op is null) { Fail($"operator '{PrinterOp(b.Op)}'{(b.Op == BinaryOp.Divide ? " on integers" : "")}"); return null; }
                // An integer times 2^k is its shift left by k, the same low bits (vector multiplies are slower, 64-bit ones
                // much slower where the hardware has none).
                if (op == "*" && type is "int" or "long" or "uint" && (b.Right is Const { Value: int or long or uint } ? b.Right : b.Left) is Const { Value: int or long or uint } factor
                    && System.Convert.ToInt64(factor.Value, System.Globalization.CultureInfo.InvariantCulture) is long f and > 1 && (f & (f - 1)) == 0 && !(Lanes16 && f > 1 << 15))
                    return ShiftOf(new Binary(BinaryOp.ShiftLeft, ReferenceEquals(factor, b.Right) ? b.Left : b.Right, new Const(Log2(f), IrType.Int), b.Type), type, output);
                Value? left = Expression(b.Left, output), right = left is null ? null : Expression(b.Right, output);
                if (right is not { } r) return null;
                if (left!.Value.Type != type || r.Type != type) { Fail($"'{Printer.Dump(b)}' mixes {left.Value.Type} and {r.Type}"); return null; }
                if (type == "bool" && op == "&") return new Value(MaskAnd(left.Value.Code, r.Code), type);
                var binary = new VBinary(op, left.Value.Code, r.Code, Elem(type)!, type == "int" && _wide && op is "+" or "-" or "*");
                return new Value(type == "float" && _floatsInDouble && op is "+" or "-" or "*" or "/" ? Round32(binary) : binary, type);
            }

            /// <summary>
            /// <c>x / d</c> or <c>x % d</c> (C#: truncating toward zero) for a constant d, exactly: for d = ±2^k, the
            /// arithmetic shift of x plus 2^k − 1 when x is negative; for other d and an int known to be non-negative and
            /// small enough, a multiply and a shift (<see cref="MagicDivisor"/>; pixel math's / 255, luma's / 1000);
            /// for other d, an int in long lanes through double
            /// (every int and the quotient's distance to the next integer are exact enough: |x|/|d|·2^-53 &lt; 1/|d|), an
            /// int known to lie within ±2^24 through float (the same argument with 2^-24). The remainder is x − (x / d)·d.
            /// Null (reason set) where none applies: the caller divides lane by lane.
            /// </summary>
            private Value? DivideByConstant(Binary b, long d, string type, List<VStmt> output)
            {
                if (d is 0 or -1 or 1 || b.Checked) { Fail("a division by 0, 1 or -1"); return null; }
                long magnitude = System.Math.Abs(d);
                bool power = (magnitude & (magnitude - 1)) == 0;
                int k = 0;
                while (power && (1L << k) < magnitude) k++;
                string elem = Elem(type)!;
                int signShift = Lanes16 ? 15 : elem == "long" ? 63 : 31;
                (long Lo, long Hi)? range = RangeOf(b.Left);
                // 16-bit lanes: a power of two by the shift; another divisor of a dividend known to lie in [0, 65535] by the
                // high half of an unsigned multiply and a shift (the quotient and a remainder below d fit 16 signed bits).
                (long M, int S)? high = Lanes16 && !power && magnitude <= short.MaxValue && range is { Lo: >= 0 } rh ? MagicDivisor(magnitude, rh.Hi, high16: true) : null;
                if (Lanes16 && high is null && !(power && range is { } r16 && r16.Lo >= short.MinValue && r16.Hi + magnitude - 1 <= short.MaxValue))
                    { Fail($"'{Printer.Dump(b)}' in 16-bit lanes"); return null; }
                (long M, int S)? magic = !power && !Lanes16 && !_wide && type == "int" && range is { Lo: >= 0 } rm ? MagicDivisor(magnitude, rm.Hi) : null;
                bool viaFloat = !power && magic is null && high is null && !_wide && type == "int" && range is { } r && r.Lo > -(1L << 24) && r.Hi < 1L << 24 && magnitude < 1L << 24;
                bool viaDouble = !power && _wide && type == "int";
                // Any other int in int lanes: the signed multiply-high form (SignedMagic), exact for every int.
                (long M, int S)? signedMagic = !power && magic is null && high is null && !viaFloat && !Lanes16 && !_wide && type == "int" ? SignedMagic(magnitude) : null;
                if (!power && magic is null && high is null && !viaFloat && !viaDouble && signedMagic is null) { Fail($"'{Printer.Dump(b)}' divides by a constant that is not a power of two"); return null; }
                if (Expression(b.Left, output) is not { } left) return null;
                if (left.Type != type) { Fail($"'{Printer.Dump(b)}' mixes {left.Type} and {type}"); return null; }
                string x = $"__kg_a{_temps++}";
                output.Add(new VDeclare(x, left.Code));
                VExpr held = new VLocal(x, elem);
                VExpr Constant(long c) => new VBroadcast(c.ToString(System.Globalization.CultureInfo.InvariantCulture), elem);
                VExpr quotient;
                if (power)
                {
                    // Round toward zero: add 2^k - 1 to negative values before the arithmetic shift.
                    VExpr bias = new VBinary("&", new VShift("ShiftRightArithmetic", held, signShift.ToString(System.Globalization.CultureInfo.InvariantCulture), elem, false), Constant(magnitude - 1), elem, false);
                    quotient = new VShift("ShiftRightArithmetic", new VBinary("+", held, bias, elem, false), k.ToString(System.Globalization.CultureInfo.InvariantCulture), elem, false);
                    if (d < 0) quotient = new VNegate(quotient, elem, false);
                }
                else if (high is { } hi)
                {
                    // The lanes hold x's 16 bits; the multiplier is written as the short with m's bits.
                    VExpr product = new VCall("MultiplyHighUnsigned", new[] { held, Constant(unchecked((short)hi.M)) }.ToEquatableArray(), elem) { Runtime = true };
                    quotient = hi.S == 16 ? product : new VShift("ShiftRightLogical", product, (hi.S - 16).ToString(System.Globalization.CultureInfo.InvariantCulture), elem, false);
                    if (d < 0) quotient = new VNegate(quotient, elem, false);
                }
                else if (signedMagic is { } sm)
                {
                    // ((mulhs(x, m − 2^32) + x) >> s) − (x >> 31): the high half of the 64-bit product, the sign's correction.
                    VExpr high32 = new VCall("MultiplyHighSigned", new[] { held, Constant(sm.M - (1L << 32)) }.ToEquatableArray(), elem) { Runtime = true };
                    VExpr sum = new VBinary("+", high32, held, elem, false);
                    VExpr shifted = sm.S == 0 ? sum : new VShift("ShiftRightArithmetic", sum, sm.S.ToString(System.Globalization.CultureInfo.InvariantCulture), elem, false);
                    quotient = new VBinary("-", shifted, new VShift("ShiftRightArithmetic", held, "31", elem, false), elem, false);
                    if (d < 0) quotient = new VNegate(quotient, elem, false);
                }
                else if (magic is { } mul)
                {
                    // x·m fits an int lane (MagicDivisor checked it for the largest x), so one multiply and one shift.
                    quotient = new VShift("ShiftRightLogical", new VBinary("*", held, Constant(mul.M), elem, false), mul.S.ToString(System.Globalization.CultureInfo.InvariantCulture), elem, false);
                    if (d < 0) quotient = new VNegate(quotient, elem, false);
                }
                else if (viaFloat)
                    quotient = new VConvert(new VBinary("/", new VConvert(held, "int", "float"), new VBroadcast($"{d}f", "float"), "float", false), "float", "int");
                else
                    quotient = new VConvert(new VBinary("/", new VConvert(held, "long", "double"), new VBroadcast($"{d}d", "double"), "double", false), "double", "long");
                if (b.Op == BinaryOp.Divide) return new Value(quotient, type);
                // x - q·d: exact in wrapping integer arithmetic (|q·d| <= |x|).
                return new Value(new VBinary("-", held, new VBinary("*", quotient, Constant(d), elem, false), elem, false), type);
            }

            /// <summary>
            /// <c>x / d</c> or <c>x % d</c> on ints, x the lanes' consecutive index (x0, x0 + 1, …: the PRange index, a counter,
            /// a private stepping with it) and d the same in every lane (a pixel loop's <c>p % w</c>, <c>p / w</c>):
            /// <c>KernelRuntime.ConsecutiveQuotients</c> divides the first lane once and gives the others the same quotient or
            /// the next (a compare a step instead of a division a lane; where |d| is below the lane count, or x0 is
            /// negative, it divides lane by lane). The remainder is x − q·d. Unmasked steps only: a zero divisor throws at
            /// the first lane, as the serial loop's first iteration of the step would, so it counts as lane-by-lane work
            /// that throws in every lane or in none (see <see cref="PerLane"/>). Null (nothing emitted) where it does not apply.
            /// </summary>
            private Value? ConsecutiveQuotient(Binary b, List<VStmt> output)
            {
                if (TypeName(b.Type) != "int" || Lanes16 || _mask is not null || _input.Rolled > 1 || _lane is null && !_input.Loop.UnitStep
                    || b.Left is not Read { Variable: var v }
                    || !(v.Equals(_x) || _shadows.TryGetValue(v, out Poly? shadow) && XCoefficient(shadow) == 1)
                    || !Uniform(b.Right) || Nodes(b.Right).Any(Throws))
                    return null;
                // (A quotient of the index by a divisor of values from outside the loop is the same all step long.)
                bool keep = v.Equals(_x) && Nodes(b.Right).All(n => n is not Read r || Outside(r.Variable));
                (string, string, List<VStmt>) key = (v.Name, Printer.Dump(b.Right), output);
                if (!keep || !_quotients.TryGetValue(key, out Value quotient))
                {
                    if (Expression(b.Left, output) is not { Code: VIndices } dividend || Expression(b.Right, output) is not { } divisor) return null;
                    if (_laneRisky > 0) _laneRiskyOther++;
                    _laneRisky++;
                    _risky++;
                    string name = $"__kg_q{_temps++}";
                    output.Add(new VDeclare(name, new VCall("ConsecutiveQuotients", new[] { dividend.Code, divisor.Code }.ToEquatableArray(), Lane) { Runtime = true })
                        { Comment = $"{Print(b.Left)} / {Print(b.Right)}: one division a step" });
                    quotient = new Value(new VLocal(name, Lane), "int");
                    if (keep) _quotients[key] = quotient;
                    _consecutiveQuotients++;
                }
                if (b.Op == BinaryOp.Divide) return quotient;
                if (Expression(b.Left, output) is not { } x || Expression(b.Right, output) is not { } d) return null;
                // x − q·d: exact in wrapping arithmetic (|q·d| ≤ |x|).
                return new Value(new VBinary("-", x.Code, new VBinary("*", quotient.Code, d.Code, Lane, false), Lane, false), "int");
            }

            /// <summary>Quotients of the lanes' index by divisors from outside the loop (<see cref="ConsecutiveQuotient"/>), per place.</summary>
            private readonly Dictionary<(string, string, List<VStmt>), Value> _quotients = new();

            private int _consecutiveQuotients;

            /// <summary>
            /// <c>x &lt;&lt; n</c>, <c>x &gt;&gt; n</c>, <c>x &gt;&gt;&gt; n</c> with n the same for every lane, masked as C# masks it (31 for
            /// int, 63 for long). Ints in long lanes are sign-extended: '&gt;&gt;' is exact there, '&lt;&lt;' wraps to 32 bits,
            /// '&gt;&gt;&gt;' would shift in the extension's ones and is left to the scalar loop.
            /// </summary>
            private Value? ShiftOf(Binary b, string type, List<VStmt> output)
            {
                bool intInLong = type == "int" && _wide;
                if (type == "long" && !_wide) { Fail($"'{Printer.Dump(b)}' computes in long in a loop with int lanes"); return null; }
                if (intInLong && b.Op == BinaryOp.UnsignedShiftRight) { Fail($"'>>>' on an int in a loop with long lanes"); return null; }
                if (!Uniform(b.Right) || TypeName(b.Right.Type) != "int" || Print(b.Right) is not { } count) { Fail($"'{Printer.Dump(b)}' shifts by a count that changes from lane to lane"); return null; }
                // (A uint's >> is logical.)
                string method = b.Op switch { BinaryOp.ShiftLeft => "ShiftLeft", BinaryOp.ShiftRight when type is not ("uint" or "ulong") => "ShiftRightArithmetic", _ => "ShiftRightLogical" };
                if (Lanes16)
                {
                    // A constant count below 16 (vector shifts mask the count to the lane size, C# to 32 bits); a right
                    // shift sees the whole value: it must fit 16 bits (arithmetic when signed, logical when unsigned).
                    if (b.Right is not Const { Value: int n } || n is < 0 or > 15) { Fail($"'{Printer.Dump(b)}' shifts by a count that is not a constant below 16"); return null; }
                    if (b.Op != BinaryOp.ShiftLeft)
                    {
                        bool? signed = Fits16(b.Left);
                        if (signed is null || b.Op == BinaryOp.UnsignedShiftRight && RangeOf(b.Left) is not { Lo: >= 0 }) { Fail($"'{Printer.Dump(b)}' shifts right an int that may not fit 16 bits"); return null; }
                        method = signed == true ? "ShiftRightArithmetic" : "ShiftRightLogical";
                    }
                    if (Expression(b.Left, output) is not { } shifted) return null;
                    return new Value(new VShift(method, shifted.Code, n.ToString(System.Globalization.CultureInfo.InvariantCulture), Lane, false), type);
                }
                if (Nodes(b.Right).Any(n => n is Element || n is Binary { Op: BinaryOp.Divide or BinaryOp.Remainder })) _risky++;
                if (Expression(b.Left, output) is not { } left) return null;
                if (left.Type != type) { Fail($"'{Printer.Dump(b)}' mixes {left.Type} and {type}"); return null; }
                string masked = $"({count}) & {(type is "long" or "ulong" ? 63 : 31)}";
                return new Value(new VShift(method, left.Code, masked, Elem(type)!, intInLong && b.Op == BinaryOp.ShiftLeft), type);
            }

            /// <summary>
            /// Whether the whole int values of <paramref name="values"/> fit 16 bits: true when all fit a short, false when
            /// all fit a ushort (and not all a short), null when unknown.
            /// </summary>
            private bool? Fits16(params Expr[] values)
            {
                long lo = long.MaxValue, hi = long.MinValue;
                foreach (Expr value in values)
                {
                    if (RangeOf(value) is not { } r) return null;
                    lo = System.Math.Min(lo, r.Lo); hi = System.Math.Max(hi, r.Hi);
                }
                if (lo >= short.MinValue && hi <= short.MaxValue) return true;
                if (lo >= 0 && hi <= ushort.MaxValue) return false;
                return null;
            }

            /// <summary>
            /// Bounds of an int expression's value as the scalar code computes it, or null when unknown (or when the int
            /// could wrap): elements of byte-sized types by their type, constants, locals assigned once, + − × &amp; and
            /// shifts by constants, ?: and min/max.
            /// </summary>
            private (long Lo, long Hi)? RangeOf(Expr e)
            {
                (long Lo, long Hi)? Checked(long lo, long hi) => lo >= int.MinValue && hi <= int.MaxValue ? (lo, hi) : null;
                switch (e)
                {
                    case Const { Value: int c }: return (c, c);
                    case Const { Value: uint c } when c <= int.MaxValue: return (c, c);
                    // int ↔ uint: the same bits, the same number where it is in 0 … int.MaxValue.
                    case Convert { Checked: false, Operand: var operand } when TypeName(e.Type) is "int" or "uint" && TypeName(operand.Type) is "int" or "uint"
                        && RangeOf(operand) is { Lo: >= 0 } same:
                        return same;
                    case Convert { Operand: var operand } when NarrowName(operand.Type) is { } narrow:
                        return narrow switch { "byte" => (0, 255), "sbyte" => (-128, 127), "short" => (short.MinValue, short.MaxValue), _ => (0, ushort.MaxValue) };
                    case Read { Variable: var v } when _ranges.TryGetValue(v, out var known): return known;
                    // A uint masked by a constant: 0 … that constant (as a number, not as int bits).
                    case Binary { Op: BinaryOp.And, Right: Const { Value: uint mask } } b when TypeName(b.Type) == "uint": return (0, mask);
                    case Binary { Op: BinaryOp.And, Left: Const { Value: uint mask } } b when TypeName(b.Type) == "uint": return (0, mask);
                    // (A uint's range only where every value is in 0 … int.MaxValue: there it is the int with its bits.)
                    case Binary { Op: BinaryOp.ShiftRight or BinaryOp.UnsignedShiftRight, Right: Const { Value: int n } } b when TypeName(b.Type) == "uint" && n is >= 1 and <= 31:
                        return (0, RangeOf(b.Left) is { } shifted ? shifted.Hi >> n : (1L << (32 - n)) - 1); // a logical shift: the top n bits clear
                    case Binary { Checked: false } b when TypeName(b.Type) == "uint":
                        return RangeOf(b with { Type = ScalarType.Int }) is { Lo: >= 0 } positive ? positive : null;
                    case Binary { Checked: false } b when TypeName(b.Type) == "int":
                    {
                        if (b.Op is BinaryOp.ShiftLeft or BinaryOp.ShiftRight or BinaryOp.UnsignedShiftRight)
                        {
                            if (b.Right is not Const { Value: int n } || n is < 0 or > 31 || RangeOf(b.Left) is not { } x) return null;
                            if (b.Op == BinaryOp.ShiftLeft) return Checked(x.Lo << n, x.Hi << n);
                            if (b.Op == BinaryOp.UnsignedShiftRight && x.Lo < 0) return null;
                            return (x.Lo >> n, x.Hi >> n);
                        }
                        (long Lo, long Hi)? left = RangeOf(b.Left), right = RangeOf(b.Right);
                        if (b.Op == BinaryOp.And && (left is { Lo: >= 0 } || right is { Lo: >= 0 }))
                            return (0, System.Math.Min(left is { Lo: >= 0 } l ? l.Hi : long.MaxValue, right is { Lo: >= 0 } r ? r.Hi : long.MaxValue));
                        if (left is not { } a || right is not { } c) return null;
                        switch (b.Op)
                        {
                            case BinaryOp.Add: return Checked(a.Lo + c.Lo, a.Hi + c.Hi);
                            case BinaryOp.Subtract: return Checked(a.Lo - c.Hi, a.Hi - c.Lo);
                            case BinaryOp.Multiply:
                            {
                                long[] p = { a.Lo * c.Lo, a.Lo * c.Hi, a.Hi * c.Lo, a.Hi * c.Hi };
                                return Checked(p.Min(), p.Max());
                            }
                            // By a constant (truncating toward zero: monotone in x); the remainder keeps x's sign, |r| < |d|.
                            case BinaryOp.Divide when c.Lo == c.Hi && c.Lo > 0: return (a.Lo / c.Lo, a.Hi / c.Lo);
                            case BinaryOp.Divide when c.Lo == c.Hi && c.Lo < -1: return (a.Hi / c.Lo, a.Lo / c.Lo);
                            case BinaryOp.Remainder when c.Lo == c.Hi && c.Lo != 0 && c.Lo != long.MinValue:
                            {
                                long m = System.Math.Abs(c.Lo) - 1;
                                return (a.Lo < 0 ? -System.Math.Min(m, -a.Lo) : 0, a.Hi > 0 ? System.Math.Min(m, a.Hi) : 0);
                            }
                            case BinaryOp.Or or BinaryOp.Xor when a.Lo >= 0 && c.Lo >= 0:
                            {
                                long top = 1;
                                while (top <= System.Math.Max(a.Hi, c.Hi)) top <<= 1;
                                return (0, top - 1);
                            }
                            default: return null;
                        }
                    }
                    case Select s when RangeOf(s.WhenTrue) is { } t && RangeOf(s.WhenFalse) is { } f:
                        return (System.Math.Min(t.Lo, f.Lo), System.Math.Max(t.Hi, f.Hi));
                    case MathCall { Fn: MathFn.Min or MathFn.Max, Arguments.Count: 2 } m when RangeOf(m.Arguments[0]) is { } x && RangeOf(m.Arguments[1]) is { } y:
                        return m.Fn == MathFn.Min ? (System.Math.Min(x.Lo, y.Lo), System.Math.Min(x.Hi, y.Hi)) : (System.Math.Max(x.Lo, y.Lo), System.Math.Max(x.Hi, y.Hi));
                    case Unary { Op: UnaryOp.Negate, Checked: false } u when RangeOf(u.Operand) is { } x:
                        return Checked(-x.Hi, -x.Lo);
                    case MathCall { Fn: MathFn.Abs, Arguments.Count: 1 } a when TypeName(a.Type) == "int" && RangeOf(a.Arguments[0]) is { Lo: > int.MinValue } x:
                        return (x.Lo >= 0 ? x.Lo : x.Hi <= 0 ? -x.Hi : 0, System.Math.Max(System.Math.Abs(x.Lo), System.Math.Abs(x.Hi)));
                    default: return null;
                }
            }

            /// <summary>Ranges of int locals declared in the region with a value and never assigned again (16-bit lanes).</summary>
            private readonly Dictionary<Var, (long Lo, long Hi)> _ranges = new();

            private static string Bare(string name) => Printer.IdentifierPart(name);
        }
    }
}
