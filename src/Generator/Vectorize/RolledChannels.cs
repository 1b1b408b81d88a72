using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// Channels rolled back into one loop (the re-rolling half of SLP vectorization): a body of c statements (c = 2 to
    /// 4) that do the same thing to each channel of a packed pixel,
    /// <code>d[3 * p] = (byte)(255 - s[3 * p]); d[3 * p + 1] = (byte)(255 - s[3 * p + 1]); d[3 * p + 2] = …;</code>
    /// is one statement run for k = c·p, c·p + 1, …: <c>d[k] = (byte)(255 - s[k])</c>. The planner plans that
    /// unit-stride loop instead (consecutive elements on the lanes: no de-interleaving loads, no interleaving stores),
    /// and the chunk runs it over k from c·first to c·last (the emitter; <see cref="VectorPlan.Rolled"/>).
    /// <para>
    /// Exact: statement j of iteration p is the one statement at k = c·p + j, and the rolled loop visits k in the
    /// order the serial loop runs those statements, so every element sees the same operations in the same order
    /// (exceptions included). The vector loop may run the rolled iterations on lanes because they are independent:
    /// every access of an array the body writes is at the statement's own element (k plus the target's offset), and
    /// arrays that might be the same object are the plan's aliasing guard's business, as for any plan.
    /// </para>
    /// Only when the statements are the same tree apart from their subscripts, every subscript is c·p + b with b the
    /// first statement's plus j, the targets run through c consecutive elements in statement order, and p appears
    /// nowhere else (no other variable of the body either: the statements are all of it).
    /// </summary>
    internal static class RolledChannels
    {
        public static PlanInput? Rolled(PlanInput input)
        {
            LoopIr loop = input.Loop;
            if (!loop.UnitStep || input.Is64 || input.Reductions.Count > 0 || input.ArrayReduction is not null || input.StepNormalized) return null;
            if (loop.Index.Type is not ScalarType { Kind: ScalarKind.Int }) return null;
            var statements = loop.Body.Statements;
            int c = statements.Count;
            if (c is < 2 or > 4) return null;
            var k = new Var("__kg_rk", loop.Index.Type, VarKind.Index, -3);
            Stmt? first = null;
            var written = new HashSet<Var>();
            long[]? firstOffsets = null;
            for (int j = 0; j < c; j++)
            {
                if (statements[j] is not (Assign { Target: Element { Array: Read, Indices.Count: 1 } } or Update { Target: Element { Array: Read, Indices.Count: 1 } }))
                    return null;
                var offsets = new List<long>();
                bool other = false;
                // Each c·p + b subscript becomes k + (b − j); anything else that reads p spoils it.
                Stmt shifted = Rewrite.Statement(statements[j] with { SourceLine = 0 }, e =>
                {
                    if (e is Element { Indices.Count: 1 } element && Linear(element.Indices[0], loop.Index) is (long coefficient, long b) && coefficient == c)
                    {
                        offsets.Add(b);
                        Expr index = b - j == 0 ? new Read(k) : new Binary(BinaryOp.Add, new Read(k), new Const((int)(b - j), loop.Index.Type), loop.Index.Type);
                        return element with { Array = Rewrite.Expression(element.Array, x => x is Read r && r.Variable.Equals(loop.Index) ? Spoil(ref other) : null), Indices = new EquatableArray<Expr>(new[] { index }) };
                    }
                    if (e is Read read && read.Variable.Equals(loop.Index)) return Spoil(ref other);
                    if (e is Opaque or Let) return Spoil(ref other);
                    return null;
                });
                if (other || offsets.Count == 0) return null;
                if (j == 0) { first = shifted; firstOffsets = offsets.ToArray(); }
                // The same tree at every channel, subscripts moved by j (the rewrite subtracted j: equal trees).
                else if (!shifted.Equals(first) || offsets.Count != firstOffsets!.Length) return null;
                if (((Element)Target(statements[j])).Array is Read { Variable: var array }) written.Add(array);
                // Targets at c·p + b0, b0 + 1, … in statement order.
                if (j > 0 && Offset(statements[j], loop.Index) != Offset(statements[0], loop.Index) + j) return null;
            }
            // Arrays the body writes: read only at the statement's own element (the rolled iterations are independent).
            long own = Offset(statements[0], loop.Index)!.Value;
            bool ownOnly = true;
            Rewrite.Statement(first!, e =>
            {
                if (e is Element { Array: Read { Variable: var array }, Indices: var indices } && written.Contains(array)
                    && !(indices[0] is Read r0 && r0.Variable.Equals(k) && own == 0
                         || indices[0] is Binary { Op: BinaryOp.Add, Left: Read r1, Right: Const { Value: int b } } && r1.Variable.Equals(k) && b == own))
                    ownOnly = false;
                return null;
            });
            if (!ownOnly) return null;
            return input with
            {
                Loop = loop with { Index = k, Body = new Block(new EquatableArray<Stmt>(new[] { first! with { SourceLine = statements[0].SourceLine } })) },
                Rolled = c,
            };
        }

        private static Expr? Spoil(ref bool spoiled) { spoiled = true; return null; }

        private static Expr Target(Stmt s) => s switch { Assign a => a.Target, Update u => u.Target, _ => null! };

        private static long? Offset(Stmt s, Var index) =>
            Target(s) is Element { Indices.Count: 1 } e && Linear(e.Indices[0], index) is (_, long b) ? b : null;

        /// <summary><paramref name="e"/> as a·index + b with constant ints a and b, or null.</summary>
        private static (long A, long B)? Linear(Expr e, Var index)
        {
            switch (e)
            {
                case Const { Value: int v }: return (0, v);
                case Read r when r.Variable.Equals(index): return (1, 0);
                case Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Checked: false } b
                    when Linear(b.Left, index) is { } l && Linear(b.Right, index) is { } r:
                    return b.Op == BinaryOp.Add ? (l.A + r.A, l.B + r.B) : (l.A - r.A, l.B - r.B);
                case Binary { Op: BinaryOp.Multiply, Checked: false } m when Linear(m.Left, index) is { } l && Linear(m.Right, index) is { } r:
                    if (l.A == 0) return (l.B * r.A, l.B * r.B);
                    if (r.A == 0) return (r.B * l.A, r.B * l.B);
                    return null;
                default: return null;
            }
        }
    }
}
