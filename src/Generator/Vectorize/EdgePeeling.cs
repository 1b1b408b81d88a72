using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// The iterations of an inner loop before and after the interior where its clamps do nothing, run apart from it
    /// (index-set splitting): image code clamps its neighbours to the edge, <c>src[y * w + Math.Max(x - 1, 0)]</c>,
    /// <c>Math.Min(x + 1, w - 1)</c>, <c>Math.Clamp(x + d, 0, w - 1)</c>. On lanes a clamped subscript is a gather, one
    /// element per lane (measured on a 3-tap row blur: 7.9x the time of the same loop without clamps); for
    /// <c>x</c> in [max(L − c), min(U − c) + 1) every <c>Max(x + c, L)</c>, <c>Min(x + c, U)</c> and
    /// <c>Clamp(x + c, L, U)</c> is <c>x + c</c>, a whole-vector load.
    /// <para>
    /// The loop then runs in three parts, in its own order: the iterations before the interior, as written (a copy of
    /// the loop that stops at <c>__kg_edge</c>); the vector loop over the interior with those clamps taken as their
    /// argument (its guard checks that interior's subscripts); the loop itself restarted where the vector loop stopped
    /// (the interior's scalar remainder and the iterations after it, as written). Clamps whose bounds the interior
    /// cannot be computed from before the loop stay as they are.
    /// </para>
    /// </summary>
    internal static class EdgePeeling
    {
        /// <summary>
        /// The loop <paramref name="loop"/> of <paramref name="input"/> with the clamps of its counter replaced by their
        /// argument, and the interior's bounds in C# (Start: its first counter value, {first} standing for the loop's; End:
        /// one past its last, {limit} standing for the loop's limit). Null where nothing is clamped, or the loop is not a
        /// plain ascending int loop without jumps.
        /// </summary>
        public static (PlanInput Input, For Loop, string Start, string End, string What)? Split(PlanInput input, For loop, System.Func<Expr, string?> print)
        {
            if (loop.Inclusive || loop.Counter.Type != IrType.Int || loop.Resume is not null || loop.ResumeBefore is not null
                || Rewritten(loop.Body, loop.Counter, print) is not var (body, start, end, what)) return null;
            For peeled = loop with { Body = body };
            return (input with { Loop = input.Loop with { Body = (Block)Replaced(input.Loop.Body, loop, peeled) } }, peeled, start, end, what);
        }

        /// <summary>
        /// The PRange loop itself split the same way (<c>src[Math.Max(i - 1, 0)]</c> over PRange(n)): each chunk runs its
        /// iterations before the interior as written, then the vector steps, then the rest. {first} stands for the chunk's
        /// next iteration, {limit} for its end. Null where the index is not an int counted by 1 from its start.
        /// </summary>
        public static (PlanInput Input, string Start, string End, string What)? SplitIndex(PlanInput input, System.Func<Expr, string?> print)
        {
            if (!input.Loop.UnitStep || input.StepNormalized || input.Loop.Index.Type != IrType.Int
                || Rewritten(input.Loop.Body, input.Loop.Index, print) is not var (body, start, end, what)) return null;
            return (input with { Loop = input.Loop with { Body = body } }, start, end, what);
        }

        /// <summary>
        /// <paramref name="body"/> with the clamps of <paramref name="counter"/> replaced by their argument, and the interior
        /// (see <see cref="Split"/>); null where nothing is clamped or the body jumps.
        /// </summary>
        private static (Block Body, string Start, string End, string What)? Rewritten(Block original, Var counter, System.Func<Expr, string?> print)
        {
            if (HasJump(original)) return null;
            // (Splitting the PRange loop itself, its index is what varies: only shared values and constants are bounds.)
            bool index = counter.Kind != VarKind.Index;
            bool Invariant(Expr e) => EdgePeeling.Invariant(e, index);
            // The counters of the loops inside it whose bounds are known before it (a filter's taps: x + k, k in [−r, r]).
            var taps = new Dictionary<Var, For>();
            foreach (For inner in Loops(original))
                if (inner.Counter.Type == IrType.Int && Invariant(inner.Start) && Invariant(inner.Limit)) taps[inner.Counter] = inner;
            // And of those whose bounds move with it (a window around the pixel, for (sx = x - r; sx <= x + r; sx++)): the
            // counter plus the start's least offset up to the limit's largest (outer loops first: a window may be
            // bounded by another's counter).
            var scope = new Scope(counter, taps, new Dictionary<Var, (string, string)>(), print, index);
            foreach (For inner in Loops(original))
                if (inner.Counter.Type == IrType.Int && !taps.ContainsKey(inner.Counter)
                    && Reach(inner.Start, scope) is var (first, _) && Reach(inner.Limit, scope) is var (_, limit))
                    scope.Windows[inner.Counter] = (first, inner.Inclusive ? limit : $"{limit} - 1");
            var lows = new List<string>();
            var highs = new List<string>();
            var shown = new List<string>();
            Expr? Replace(Expr e)
            {
                if (e is Select select) return Branch(select);
                if (e is not MathCall { Fn: MathFn.Max or MathFn.Min or MathFn.Clamp } written || written.Type != IrType.Int
                    || written.Arguments.Count != (written.Fn == MathFn.Clamp ? 3 : 2)) return null;
                // Clamps inside first (Math.Min(Math.Max(x - 1, 0), w - 1): the Max is x - 1 in the interior, and then the Min's
                // argument reaches the counter too); where this one stays, it stays with its arguments rewritten.
                int inside = shown.Count;
                MathCall call = written with { Arguments = written.Arguments.Select(a => Rewrite.Expression(a, Replace)).ToEquatableArray() };
                // (Max and Min either way round; Clamp's value is its first argument.)
                int at = call.Fn == MathFn.Clamp || Reach(call.Arguments[0], scope) is not null ? 0 : 1;
                if (Reach(call.Arguments[at], scope) is not (string, string) reach) return call;
                var bounds = call.Arguments.Where((_, k) => k != at).ToList();
                if (!bounds.All(Invariant) || bounds.Select(print).Any(b => b is null)) return call;
                // x + c ≥ L for every c from x ≥ L − min c; x + c ≤ U up to x < U − max c + 1 (in long: no wrap).
                string L(Expr b) => $"(long)({print(b)}) - ({reach.Low})";
                string U(Expr b) => $"(long)({print(b)}) - ({reach.High}) + 1";
                switch (call.Fn)
                {
                    case MathFn.Max: lows.Add(L(bounds[0])); break;
                    case MathFn.Min: highs.Add(U(bounds[0])); break;
                    default: lows.Add(L(bounds[0])); highs.Add(U(bounds[1])); break;
                }
                shown.RemoveRange(inside, shown.Count - inside); // (the report names the outermost clamp)
                shown.Add(Printer.Dump(written).Replace("global::System.", ""));
                return call.Arguments[at];
            }
            // A clamp written as '?:' (x > 0 ? x - 1 : 0, x < w - 1 ? x + 1 : w - 1): where its condition compares the
            // counter plus a constant with a bound, the half of the range where the arm of the counter is taken. (The
            // other arm is not evaluated there, in the scalar loop either.) Clamps inside first, as for Math's: the
            // condition and the arm of x + dx < 0 ? 0 : x + dx >= w ? w - 1 : x + dx, or of the same in two steps (a
            // local clamped by two ifs), are x + dx in the interior.
            Expr? Branch(Select written)
            {
                if (written.Type != IrType.Int) return null;
                int inside = shown.Count;
                Select select = written with
                {
                    Condition = Rewrite.Expression(written.Condition, Replace),
                    WhenTrue = Rewrite.Expression(written.WhenTrue, Replace),
                    WhenFalse = Rewrite.Expression(written.WhenFalse, Replace),
                };
                if (select.Condition is not Compare { Op: not (CompareOp.Equal or CompareOp.NotEqual) } compare
                    || compare.Left.Type != IrType.Int || compare.Right.Type != IrType.Int) return select;
                bool taken = Reach(select.WhenTrue, scope) is not null;
                if (!taken && Reach(select.WhenFalse, scope) is null) return select;
                // counter + c OP bound, either way round, for the arm taken (its negation for the false arm).
                bool left = Moves(compare.Left, scope);
                Expr side = left ? compare.Left : compare.Right, bound = left ? compare.Right : compare.Left;
                if (Reach(side, scope) is not var (low, high) || !Invariant(bound) || print(bound) is not { } k) return select;
                CompareOp op = left ? compare.Op : CompareOps.Mirrored(compare.Op);
                if (!taken) op = CompareOps.Negated(op);
                // The counter's values where counter + c OP bound for every c (a tap's whole range): below the bound less
                // the largest c, from the bound less the least c.
                string below = $"(long)({k}) - ({high})", from = $"(long)({k}) - ({low})";
                switch (op)
                {
                    case CompareOp.Less: highs.Add(below); break;
                    case CompareOp.LessOrEqual: highs.Add(below + " + 1"); break;
                    case CompareOp.Greater: lows.Add(from + " + 1"); break;
                    default: lows.Add(from); break;
                }
                shown.RemoveRange(inside, shown.Count - inside); // (the report names the outermost clamp)
                // (A long chain, from a helper or folded ifs, by the value it keeps in range.)
                Expr kept = taken ? select.WhenTrue : select.WhenFalse;
                string text = Printer.Dump(written).Replace("global::System.", "");
                shown.Add(text.Length <= 60 ? text : $"the '?:' keeping {Printer.Dump(kept)} in range");
                return kept;
            }
            var body = (Block)Rewrite.Statement(original, Replace);
            if (shown.Count == 0) return null;
            string start = Fold("global::System.Math.Max", lows.Prepend("(long)({first})"));
            string end = Fold("global::System.Math.Min", highs.Prepend("(long)({limit})"));
            // (Inside int, and the start at most the loop's limit: the copy of the loop that runs the iterations before it
            // then stops at it alone, and runs none the loop would not.)
            return (body, $"(int)global::System.Math.Min({start}, (long)({{limit}}))", $"(int)global::System.Math.Max({end}, int.MinValue)",
                string.Join(", ", shown.Distinct()));

            static string Fold(string f, IEnumerable<string> items) => items.Aggregate((a, b) => $"{f}({a}, {b})");
        }

        /// <summary>
        /// What an offset may hold: the split loop's counter, the loops inside whose bounds are known before it (taps) and
        /// those whose bounds move with it (windows: their counter's least and largest offset from it), how to print.
        /// </summary>
        private sealed record Scope(Var Counter, Dictionary<Var, For> Taps, Dictionary<Var, (string Low, string High)> Windows,
            System.Func<Expr, string?> Print, bool Index);

        /// <summary>
        /// Where <paramref name="e"/> is the counter plus an offset c (constants, invariants, and counters of taps within
        /// their bounds, under + and −; or a window's counter): C# (long) for the least and the largest c.
        /// </summary>
        private static (string Low, string High)? Reach(Expr e, Scope scope)
        {
            switch (e)
            {
                case Read r when r.Variable.Equals(scope.Counter):
                    return ("0", "0");
                case Read r when scope.Windows.TryGetValue(r.Variable, out var window):
                    return window;
                case Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Checked: false } b when Moves(b.Left, scope) && !Moves(b.Right, scope):
                {
                    if (Reach(b.Left, scope) is not var (low, high) || Span(b.Right, scope) is not var (lo, hi)) return null;
                    return b.Op == BinaryOp.Add ? ($"{low} + {lo}", $"{high} + {hi}") : ($"{low} - ({hi})", $"{high} - ({lo})");
                }
                case Binary { Op: BinaryOp.Add, Checked: false } b when Moves(b.Right, scope) && !Moves(b.Left, scope):
                {
                    if (Reach(b.Right, scope) is not var (low, high) || Span(b.Left, scope) is not var (lo, hi)) return null;
                    return ($"{low} + {lo}", $"{high} + {hi}");
                }
                default:
                    return null;
            }
        }

        /// <summary>Whether <paramref name="e"/> reads the counter or a window's counter (which moves with it).</summary>
        private static bool Moves(Expr e, Scope scope) =>
            Planner.Translator.Nodes(e).Any(n => n is Read r && (r.Variable.Equals(scope.Counter) || scope.Windows.ContainsKey(r.Variable)));

        /// <summary>The least and largest value of an offset (C#, long): an invariant's own, a tap counter's bounds, their sums and differences.</summary>
        private static (string Low, string High)? Span(Expr e, Scope scope)
        {
            if (Invariant(e, scope.Index)) return scope.Print(e) is { } text ? ($"(long)({text})", $"(long)({text})") : null;
            switch (e)
            {
                case Read r when scope.Taps.TryGetValue(r.Variable, out For? tap):
                    if (scope.Print(tap.Start) is not { } first || scope.Print(tap.Limit) is not { } limit) return null;
                    return ($"(long)({first})", tap.Inclusive ? $"(long)({limit})" : $"(long)({limit}) - 1");
                case Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Checked: false, Type: var type } b when type == IrType.Int:
                    if (Span(b.Left, scope) is not var (l1, h1) || Span(b.Right, scope) is not var (l2, h2)) return null;
                    return b.Op == BinaryOp.Add ? ($"{l1} + {l2}", $"{h1} + {h2}") : ($"{l1} - ({h2})", $"{h1} - ({l2})");
                default:
                    return null;
            }
        }

        /// <summary>
        /// An int bound the loop never changes and whose evaluation cannot throw or do anything else (it is then not
        /// evaluated in the interior, and is evaluated once before the loop): constants, the PRange index (where the split
        /// loop is an inner one: <paramref name="index"/>) and the kernel's shared int variables under unchecked +, − and ×.
        /// </summary>
        private static bool Invariant(Expr e, bool index) => e.Type == IrType.Int && e switch
        {
            Const => true,
            Read { Variable.Kind: VarKind.Shared } => true,
            Read { Variable.Kind: VarKind.Index } => index,
            Unary { Op: UnaryOp.Negate or UnaryOp.Plus, Checked: false } u => Invariant(u.Operand, index),
            Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Checked: false } b => Invariant(b.Left, index) && Invariant(b.Right, index),
            _ => false,
        };

        private static IEnumerable<For> Loops(Stmt s) => PlanInput.Statements(s).OfType<For>();

        private static bool HasJump(Stmt s) => PlanInput.Statements(s).Any(x => x is Jump or OpaqueStmt);

        /// <summary><paramref name="s"/> with the statement <paramref name="old"/> (by reference) replaced.</summary>
        private static Stmt Replaced(Stmt s, Stmt old, Stmt replacement) => ReferenceEquals(s, old) ? replacement : s switch
        {
            Block b => b with { Statements = b.Statements.Select(x => Replaced(x, old, replacement)).ToEquatableArray() },
            If f => f with { Then = (Block)Replaced(f.Then, old, replacement), Else = f.Else is null ? null : (Block)Replaced(f.Else, old, replacement) },
            For f => f with { Body = (Block)Replaced(f.Body, old, replacement) },
            While w => w with { Body = (Block)Replaced(w.Body, old, replacement) },
            _ => s,
        };
    }
}
