using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// The loop body in the forms the planner reads, computing the same values: ways users write one thing, made one.
    /// <list type="bullet">
    /// <item>An inlined helper's argument (a <see cref="Let"/>) that cannot throw and does nothing else, put in place of
    /// its parameter: the user's <c>Clamp(y + dy, 0, h - 1)</c> is then the <c>?:</c> it computes, with <c>y + dy</c>
    /// in it, as if written in place (where a subscript is a polynomial, or a clamp the planner knows).</item>
    /// <item>An int local clamped by ifs after its declaration (<c>int yy = y + dy; if (yy &lt; 0) yy = 0; if (yy &gt;=
    /// h) yy = h - 1;</c>, or <c>yy = Math.Max(yy, 0);</c>) declared with the value they leave, one <c>?:</c> per if:
    /// it is then assigned once.</item>
    /// </list>
    /// Only values that cannot throw and read no element are moved or copied (computing one again, or not at all where
    /// a branch does not need it, changes nothing); copies are kept small.
    /// </summary>
    internal static class Canonical
    {
        /// <summary>The most nodes a copied value may have (the JIT computes a repeated small int expression once).</summary>
        private const int MaxCopied = 12;

        /// <summary>The most nodes a folded local's value may grow to.</summary>
        private const int MaxFolded = 48;

        public static PlanInput Of(PlanInput input)
        {
            Block body = Folded((Block)Rewrite.Statement(input.Loop.Body, Substituted));
            return input with { Loop = input.Loop with { Body = body } };
        }

        /// <summary>A helper's argument in place of its parameter, where that is the same computation (see the class).</summary>
        private static Expr? Substituted(Expr e)
        {
            if (e is not Let let) return null;
            Expr value = Rewrite.Expression(let.Value, Substituted), body = Rewrite.Expression(let.Body, Substituted);
            int uses = Planner.Translator.Nodes(body).Count(n => n is Read r && r.Variable.Equals(let.Variable));
            bool copy = value is Const or Read || uses <= 1 || value.Type is ScalarType { IsInteger: true } && Planner.Translator.Nodes(value).Count() <= MaxCopied;
            if (!copy || !Total(value)) return let with { Value = value, Body = body };
            return Replaced(body, let.Variable, value);
        }

        /// <summary>The blocks of <paramref name="block"/> with their clamped int locals folded into their declarations.</summary>
        private static Block Folded(Block block)
        {
            var statements = block.Statements.Select(s => s switch
            {
                Block b => Folded(b),
                If f => f with { Then = Folded(f.Then), Else = f.Else is null ? null : Folded(f.Else) },
                For f => f with { Body = Folded(f.Body) },
                While w => w with { Body = Folded(w.Body) },
                var other => other,
            }).ToList();
            for (int k = 0; k < statements.Count; k++)
            {
                if (statements[k] is not Declare { Init: { } init, Variable: { Type: ScalarType { Kind: ScalarKind.Int or ScalarKind.Long } } v } declare
                    || !Total(init)) continue;
                // The ifs after it that assign it alone (and its plain assignments: yy = Math.Max(yy, 0)), each folded
                // while the value stays small, up to the first other statement that uses it. Statements between are passed over where they write nothing the if reads (both
                // coordinates declared, then each clamped: the second's declaration lies between the first's and its ifs).
                var written = new HashSet<Var>();
                for (int j = k + 1; j < statements.Count; j++)
                {
                    Stmt next = statements[j];
                    if (next is If or Assign { Target: Read } && After(next, v, init) is { } value && Planner.Translator.Nodes(value).Count() <= MaxFolded
                        && !PlanInput.Expressions(next).SelectMany(e => Planner.Translator.Nodes(e)).Any(n => n is Read r && written.Contains(r.Variable)))
                    {
                        init = value;
                        statements.RemoveAt(j--);
                        continue;
                    }
                    if (Mentions(next, v)) break;
                    foreach (Var w in Writes(next)) written.Add(w);
                }
                statements[k] = declare with { Init = init };
            }
            return block with { Statements = statements.ToEquatableArray() };
        }

        /// <summary>Whether <paramref name="s"/> reads or writes <paramref name="v"/> (or does what the IR cannot look into).</summary>
        private static bool Mentions(Stmt s, Var v) => PlanInput.Statements(s).Any(x => x is OpaqueStmt || x is For f && f.Counter.Equals(v) || x is Declare d && d.Variable.Equals(v))
            || PlanInput.Expressions(s).SelectMany(e => Planner.Translator.Nodes(e)).Any(n => n is Read r && r.Variable.Equals(v) || n is Opaque);

        /// <summary>The variables <paramref name="s"/> declares or assigns.</summary>
        private static IEnumerable<Var> Writes(Stmt s) => PlanInput.Statements(s).SelectMany(x => x switch
        {
            Declare d => new[] { d.Variable },
            Assign { Target: Read r } => new[] { r.Variable },
            Update { Target: Read r } => new[] { r.Variable },
            For f => new[] { f.Counter },
            _ => System.Array.Empty<Var>(),
        });

        /// <summary>
        /// The value <paramref name="v"/> holds after <paramref name="s"/> where it held <paramref name="current"/> before:
        /// s assigns v alone (<c>v = e</c>, ifs and elses of those), with values and conditions that cannot throw. Null otherwise.
        /// </summary>
        private static Expr? After(Stmt s, Var v, Expr current)
        {
            switch (s)
            {
                case Assign { Target: Read { Variable: var target }, Value: var value } when target.Equals(v) && Total(value):
                    return Replaced(value, v, current);
                case Block { Statements.Count: 1 } b:
                    return After(b.Statements[0], v, current);
                case If f when Total(f.Condition):
                {
                    Expr? then = After(f.Then, v, current), otherwise = f.Else is null ? current : After(f.Else, v, current);
                    if (then is null || otherwise is null) return null;
                    return new Select(Replaced(f.Condition, v, current), then, otherwise, v.Type);
                }
                default:
                    return null;
            }
        }

        /// <summary>Whether computing <paramref name="e"/> cannot throw and does nothing but compute: no element, call or checked operation.</summary>
        private static bool Total(Expr e) => Planner.Translator.Nodes(e).All(n => n switch
        {
            Const or Read or Compare or Logical or Select => true,
            Unary { Checked: false } => true,
            Binary { Checked: false } b => b.Op is not (BinaryOp.Divide or BinaryOp.Remainder) || b.Type is ScalarType { IsFloatingPoint: true },
            Convert { Checked: false, Type: ScalarType { Kind: not ScalarKind.Other }, Operand.Type: ScalarType { Kind: not ScalarKind.Other } } => true,
            MathCall { Fn: MathFn.Min or MathFn.Max, Type: ScalarType { IsInteger: true } } => true,
            _ => false,
        });

        private static Expr Replaced(Expr e, Var v, Expr value) =>
            Rewrite.Expression(e, n => n is Read r && r.Variable.Equals(v) ? value : null);
    }
}
