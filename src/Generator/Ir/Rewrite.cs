using System;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Ir
{
    /// <summary>
    /// Rebuilds IR with some expressions replaced: <c>replace</c> returns the replacement of a node (not looked into
    /// again) or null to keep the node and rewrite its children. Opaque nodes keep their text (a replacement cannot
    /// reach into it: callers check <see cref="Opaque.Uses"/> first). Statements keep their other properties.
    /// </summary>
    internal static class Rewrite
    {
        public static Expr Expression(Expr e, Func<Expr, Expr?> replace)
        {
            if (replace(e) is { } replaced) return replaced;
            Expr R(Expr x) => Expression(x, replace);
            EquatableArray<Expr> All(EquatableArray<Expr> xs) => xs.Select(R).ToEquatableArray();
            return e switch
            {
                Element el => el with { Array = R(el.Array), Indices = All(el.Indices) },
                Length l => l with { Array = R(l.Array) },
                Unary u => u with { Operand = R(u.Operand) },
                Binary b => b with { Left = R(b.Left), Right = R(b.Right) },
                Compare c => c with { Left = R(c.Left), Right = R(c.Right) },
                Logical l => l with { Left = R(l.Left), Right = R(l.Right) },
                Select s => s with { Condition = R(s.Condition), WhenTrue = R(s.WhenTrue), WhenFalse = R(s.WhenFalse) },
                Convert c => c with { Operand = R(c.Operand) },
                MathCall m => m with { Arguments = All(m.Arguments) },
                Call c => c with { Arguments = All(c.Arguments) },
                Let let => let with { Value = R(let.Value), Body = R(let.Body) },
                _ => e, // Const, Read, Opaque
            };
        }

        public static Stmt Statement(Stmt s, Func<Expr, Expr?> replace)
        {
            Expr R(Expr x) => Expression(x, replace);
            Block B(Block b) => (Block)Statement(b, replace);
            return s switch
            {
                Block b => b with { Statements = b.Statements.Select(x => Statement(x, replace)).ToEquatableArray() },
                Declare d => d with { Init = d.Init is null ? null : R(d.Init) },
                Assign a => a with { Target = R(a.Target), Value = R(a.Value) },
                Update u => u with { Target = R(u.Target), Value = R(u.Value) },
                If f => f with { Condition = R(f.Condition), Then = B(f.Then), Else = f.Else is null ? null : B(f.Else) },
                For f => f with { Start = R(f.Start), Limit = R(f.Limit), Body = B(f.Body) },
                While w => w with { Condition = R(w.Condition), Body = B(w.Body) },
                Evaluate ev => ev with { Expression = R(ev.Expression) },
                _ => s, // Jump, OpaqueStmt
            };
        }
    }
}
