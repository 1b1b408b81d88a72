using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// Channels rolled back into one loop (the re-rolling half of SLP vectorization): a loop body of c statements
    /// (c = 2 to 4) that do the same thing to each channel of a packed pixel,
    /// <code>d[3 * p] = (byte)(255 - s[3 * p]); d[3 * p + 1] = (byte)(255 - s[3 * p + 1]); d[3 * p + 2] = …;</code>
    /// is one statement run for k = c·p, c·p + 1, …: <c>d[k] = (byte)(255 - s[k])</c>. The planner plans that
    /// unit-stride loop instead (consecutive elements on the lanes: no de-interleaving loads, no interleaving stores),
    /// and the vector loop runs k over c times whole iterations (the emitter; <see cref="VectorPlan.Rolled"/>). The
    /// loop is the PRange loop (<see cref="Rolled"/>) or a counted loop inside its body, the row of a strided image,
    /// <c>d[y * stride + 3 * x + j]</c> (<see cref="RolledInner"/>).
    /// <para>
    /// Exact: statement j of iteration p is the one statement at k = c·p + j, and the rolled loop visits k in the
    /// order the loop runs those statements, so every element sees the same operations in the same order
    /// (exceptions included). The vector loop may run the rolled iterations on lanes because they are independent:
    /// every access of an array the body writes is at the statement's own element, and arrays that might be the same
    /// object are the plan's aliasing guard's business, as for any plan.
    /// </para>
    /// Only when the statements are the same tree apart from their subscripts, every subscript that moves with the
    /// loop is c·p plus a part that does not (the first statement's plus j in statement j), the targets run through c
    /// consecutive elements in statement order, and p appears nowhere else. An inner loop's body may declare int locals
    /// first (<c>int o = y * stride + 3 * x;</c>), read only in the subscripts: they are substituted.
    /// </summary>
    internal static class RolledChannels
    {
        public static PlanInput? Rolled(PlanInput input)
        {
            LoopIr loop = input.Loop;
            if (!loop.UnitStep || input.Is64 || input.Reductions.Count > 0 || input.ArrayReduction is not null || input.StepNormalized) return null;
            if (loop.Index.Type is not ScalarType { Kind: ScalarKind.Int }) return null;
            var k = new Var("__kg_rk", loop.Index.Type, VarKind.Index, -3);
            if (Roll(loop.Body.Statements.ToList(), loop.Index, k) is not (Stmt rolled, int c)) return null;
            return input with { Loop = loop with { Index = k, Body = new Block(new EquatableArray<Stmt>(new[] { rolled })) }, Rolled = c };
        }

        /// <summary>
        /// The PRange body with <paramref name="lane"/> (a counted loop at its top level, unit step) rolled: its counter
        /// becomes k over c·start … c·limit; the returned loop keeps the original's source positions (the emitter
        /// splices the vector loop in front of it and restarts it after the whole iterations the vector loop ran).
        /// </summary>
        public static (PlanInput Input, For Lane)? RolledInner(PlanInput input, For lane)
        {
            if (input.Reductions.Count > 0 || input.ArrayReduction is not null || lane.Inclusive) return null;
            if (lane.Counter.Type is not ScalarType { Kind: ScalarKind.Int } || !input.Loop.Body.Statements.Contains(lane)) return null;
            // Leading int locals of the row (int o = y * stride + 3 * x;), substituted into what follows.
            var statements = lane.Body.Statements.ToList();
            var values = new Dictionary<Var, Expr>();
            while (statements.Count > 0 && statements[0] is Declare { Variable: var local, Init: { } init } && local.Type is ScalarType { Kind: ScalarKind.Int })
            {
                values[local] = Substitute(init, values);
                statements.RemoveAt(0);
            }
            // (What follows may only store elements (Roll checks), so the locals keep their values: each read is its value.)
            if (values.Count > 0)
                statements = statements.Select(s => Rewrite.Statement(s, e => e is Read r && values.TryGetValue(r.Variable, out Expr? v) ? v : null)).ToList();
            var k = new Var("__kg_rk", lane.Counter.Type, VarKind.Counter, -3);
            if (Roll(statements, lane.Counter, k) is not (Stmt rolled, int c)) return null;
            For rolledLane = lane with { Counter = k, Body = new Block(new EquatableArray<Stmt>(new[] { rolled })) };
            Block body = new(input.Loop.Body.Statements.Select(s => ReferenceEquals(s, lane) ? rolledLane : s).ToEquatableArray());
            return (input with { Loop = input.Loop with { Body = body }, Rolled = c }, rolledLane);
        }

        private static Expr Substitute(Expr e, Dictionary<Var, Expr> values) =>
            Rewrite.Expression(e, x => x is Read r && values.TryGetValue(r.Variable, out Expr? v) ? v : null);

        /// <summary>The c statements as one statement over <paramref name="k"/> (= c·x + j in statement j), or null.</summary>
        private static (Stmt Rolled, int C)? Roll(IReadOnlyList<Stmt> statements, Var x, Var k)
        {
            int c = statements.Count;
            if (c is < 2 or > 4) return null;
            Stmt? first = null;
            var written = new HashSet<Var>();
            for (int j = 0; j < c; j++)
            {
                if (Target(statements[j]) is not Element { Array: Read { Variable: var array }, Indices.Count: 1 } target) return null;
                written.Add(array);
                bool spoiled = false;
                // Each c·x + rest + b subscript becomes k + rest + (b − j); anything else that reads x spoils it.
                Stmt shifted = Rewrite.Statement(statements[j] with { SourceLine = 0 }, e =>
                {
                    // (A subscript that is not linear in x is looked into: map[s[3 * p]] rolls as map[s[k]].)
                    if (e is Element { Indices.Count: 1 } element && Mentions(element.Indices[0], x) && Linear(element.Indices[0], x) is not null)
                    {
                        if (Linear(element.Indices[0], x) is not (long a, var rest, long b) || a != c || Mentions(element.Array, x)
                            || rest is not null && !rest.Type.Equals(k.Type) || b - j is < int.MinValue or > int.MaxValue) { spoiled = true; return e; }
                        Expr index = Plus(Plus(new Read(k), rest), b - j);
                        return element with { Indices = new EquatableArray<Expr>(new[] { index }) };
                    }
                    if (e is Read read && read.Variable.Equals(x) || e is Opaque or Let) { spoiled = true; return e; }
                    return null;
                });
                if (spoiled) return null;
                // Targets at c·x + rest + b0, b0 + 1, … in statement order.
                if (Linear(target.Indices[0], x) is not (_, _, long targetB) || j > 0 && targetB != Offset(statements[0], x) + j) return null;
                if (j == 0) first = shifted;
                else if (!shifted.Equals(first)) return null; // the same tree at every channel
            }
            // Arrays the body writes: accessed only at the statement's own element (the rolled iterations are independent).
            Expr own = ((Element)Target(first!)).Indices[0];
            bool ownOnly = true;
            Rewrite.Statement(first!, e =>
            {
                if (e is Element { Array: Read { Variable: var array }, Indices: var indices } && written.Contains(array) && !indices[0].Equals(own)) ownOnly = false;
                return null;
            });
            return ownOnly ? (first! with { SourceLine = statements[0].SourceLine }, c) : null;
        }

        private static Expr Target(Stmt s) => s switch { Assign a => a.Target, Update u => u.Target, _ => new Const(null, ScalarType.Int) };

        private static long? Offset(Stmt s, Var x) => Target(s) is Element { Indices.Count: 1 } e && Linear(e.Indices[0], x) is (_, _, long b) ? b : null;

        private static Expr Plus(Expr e, Expr? rest) => rest is null ? e : new Binary(BinaryOp.Add, e, rest, e.Type);

        private static Expr Plus(Expr e, long b) => b == 0 ? e : new Binary(BinaryOp.Add, e, new Const((int)b, e.Type), e.Type);

        private static bool Mentions(Expr e, Var x)
        {
            bool found = false;
            Rewrite.Expression(e, n => { if (n is Read r && r.Variable.Equals(x) || n is Opaque o && o.Uses.Contains(x)) found = true; return null; });
            return found;
        }

        /// <summary>
        /// <paramref name="e"/> as a·x + rest + b: a and b constant ints, rest the sum of the parts that do not mention x
        /// (as written, in order; null when none), or null when x is under anything but + − and a constant factor.
        /// </summary>
        private static (long A, Expr? Others, long B)? Linear(Expr e, Var x)
        {
            switch (e)
            {
                case Const { Value: int v }: return (0, null, v);
                case Read r when r.Variable.Equals(x): return (1, null, 0);
                case Binary { Op: BinaryOp.Add, Checked: false } add when Linear(add.Left, x) is { } l && Linear(add.Right, x) is { } r:
                    return (l.A + r.A, l.Others is null ? r.Others : r.Others is null ? l.Others : new Binary(BinaryOp.Add, l.Others, r.Others, add.Type), l.B + r.B);
                case Binary { Op: BinaryOp.Subtract, Checked: false } sub when Linear(sub.Left, x) is { } l && Linear(sub.Right, x) is { A: var ra, Others: null, B: var rb }:
                    return (l.A - ra, l.Others, l.B - rb);
                case Binary { Op: BinaryOp.Multiply, Checked: false } m when Mentions(m, x):
                    if (m.Left is Const { Value: int cl } && Linear(m.Right, x) is { Others: null } mr) return (cl * mr.A, null, cl * mr.B);
                    if (m.Right is Const { Value: int cr } && Linear(m.Left, x) is { Others: null } ml) return (cr * ml.A, null, cr * ml.B);
                    return null;
                default:
                    return Mentions(e, x) ? null : (0, e, 0);
            }
        }
    }
}
