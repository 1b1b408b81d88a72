using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Cursors: an int local of the PRange body that walks a row through a sequence of inner loops, as image code
    /// ported from pointer loops writes it (superfastblur's box blur: <c>int ti = i * w, li = ti, ri = ti + r;</c>, then
    /// <c>for (j = 0; j &lt;= r; j++) { val += src[ri++] - fv; dst[ti++] = … }</c>, then the next loop goes on from
    /// there). Each reference's value is affine: the start, plus for each loop before it that advances the cursor its
    /// trip count times the advance per iteration, plus within a loop the iterations done times that advance, plus the
    /// advances before the reference in the same iteration.
    /// <para>
    /// Only where every step can be counted: the cursor is advanced only by <c>++</c>, <c>--</c>, <c>+=</c> or
    /// <c>-=</c> a value the loop does not change, each advance runs exactly once per pass of the statements that hold
    /// it (<see cref="Inductions.Unconditional"/>): statements of the body's own block, or of the block of a counted
    /// for loop that is one of them (unit step, bounds known, no break, continue, goto or return in it, the cursor not
    /// in its header). A loop's trip count, limit − start (+ 1 for <c>&lt;=</c>), is what the later values rest on:
    /// where it could be negative (the loop would run 0 times, not a negative number) it becomes a run-time condition
    /// (<see cref="DependenceTester.Assumed"/>), checked at the launch like the rows' conditions. Anything else leaves
    /// the cursor's later references without a value: not affine, as before.
    /// </para>
    /// </summary>
    internal sealed partial class RaceAnalysis
    {
        /// <summary>Per reference of a cursor: the value its expression yields (ti++: before; ++ti, ti += w: after), and the trip conditions it rests on.</summary>
        private readonly Dictionary<IdentifierNameSyntax, (AffineForm Value, List<Poly> Conditions)> _cursorValues = new();

        /// <summary>A local's references in the body, or null where a lambda or local function names it (one may run later).</summary>
        private List<IdentifierNameSyntax>? PlainReferences(ILocalSymbol local)
        {
            var references = SyntaxNodes.All(_body).OfType<IdentifierNameSyntax>()
                .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, local)).ToList();
            return references.Any(n => n.Ancestors().TakeWhile(a => a != _body).Any(LoopAnalysis.IsFunctionBoundary)) ? null : references;
        }

        private AffineForm? Cursor(IdentifierNameSyntax reference)
        {
            (AffineForm value, List<Poly> conditions) = _cursorValues[reference];
            foreach (Poly condition in conditions) if (!_assumed.Contains(condition)) _assumed.Add(condition);
            return value;
        }

        private void FindCursors()
        {
            if (SyntaxNodes.Own(_body).Any(n => n is GotoStatementSyntax or LabeledStatementSyntax)) return;
            // The body's block and each block in it: a cursor declared in an inner loop's body (int o = i * 3; rgb[o++] = r;
            // rgb[o++] = g; …) has all its references there, its values from its declaration in each pass.
            var blocks = SyntaxNodes.Own(_body).OfType<BlockSyntax>();
            foreach (BlockSyntax block in (_body is BlockSyntax body ? blocks.Prepend(body) : blocks).Distinct())
            foreach (LocalDeclarationStatementSyntax declaration in block.Statements.OfType<LocalDeclarationStatementSyntax>())
                foreach (VariableDeclaratorSyntax declarator in declaration.Declaration.Variables)
                    if (declarator.Initializer is not null && _model.GetDeclaredSymbol(declarator) is ILocalSymbol { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } local
                        && CountWrites(local) > 0)
                        Walk(local, declarator, block);
        }

        /// <summary>The values of <paramref name="cursor"/>'s references, statement by statement from its declaration; stops at the first step it cannot count.</summary>
        private void Walk(ILocalSymbol cursor, VariableDeclaratorSyntax declarator, BlockSyntax block)
        {
            if (PlainReferences(cursor) is not { } references) return;
            if (Build(declarator.Initializer!.Value, 0) is not { } current) return;
            var conditions = new List<Poly>();
            var found = new Dictionary<IdentifierNameSyntax, (AffineForm, List<Poly>)>();
            int at = block.Statements.IndexOf((StatementSyntax)declarator.Parent!.Parent!);
            for (int k = at; k < block.Statements.Count; k++)
            {
                StatementSyntax statement = block.Statements[k];
                var inside = references.Where(n => statement.Span.Contains(n.Span) && (k > at || n.SpanStart > declarator.Span.End)).ToList();
                if (inside.Count == 0) continue;
                if (statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
                {
                    if (Pass(inside, new HashSet<StatementSyntax>(block.Statements), current, new List<Poly>(conditions), found) is not { } after) break;
                    current = current.Plus(after);
                    continue;
                }
                if (statement is ForStatementSyntax loop && Counted(loop, out string? counter, out LoopBounds? bounds)
                    && inside.All(n => loop.Statement.Span.Contains(n.Span) || Stepped(loop, n)))
                {
                    // One pass of the loop's body: its advance D, the references' offsets from the value at its top.
                    var perPass = new Dictionary<IdentifierNameSyntax, (AffineForm, List<Poly>)>();
                    var passTop = new HashSet<StatementSyntax>(loop.Statement is BlockSyntax loopBlock ? loopBlock.Statements : new SyntaxList<StatementSyntax>(loop.Statement));
                    var inBody = inside.Where(n => loop.Statement.Span.Contains(n.Span)).ToList();
                    // Early exits (if (c) { …; o++; continue; }): each such block is a pass of its own, which must advance
                    // the cursor as far as the whole body does; any other continue of the loop, and the walk stops here.
                    if (EarlyExits(loop, passTop) is not { } exits) break;
                    var onPath = inBody.Where(n => !exits.Any(b => b.Span.Contains(n.Span))).ToList();
                    if (Pass(onPath, passTop, AffineForm.Of(new Poly()), conditions, perPass) is not { } advance
                        || advance.HasVariables) break;
                    bool agree = true;
                    foreach (StatementSyntax exit in exits)
                    {
                        // The advances before its if, then its own: the same as the whole body's.
                        var before = new Dictionary<IdentifierNameSyntax, (AffineForm, List<Poly>)>();
                        AffineForm? atIf = Pass(onPath.Where(n => n.SpanStart < exit.Parent!.SpanStart).ToList(), passTop, AffineForm.Of(new Poly()), conditions, before);
                        AffineForm? taken = atIf is null ? null : Pass(inBody.Where(n => exit.Span.Contains(n.Span)).ToList(), ExitStatements(exit), atIf, conditions, perPass);
                        if (taken is null || taken.HasVariables || !atIf!.Plus(taken).Plus(advance, -1).Constant.IsZero) { agree = false; break; }
                    }
                    if (!agree) break;
                    // Then the header's advances of it (for (…; …; x++, o++)), after the body in every pass: Counted leaves
                    // no break (a continue still runs them), and each is a whole incrementor.
                    foreach (IdentifierNameSyntax step in inside.Except(inBody).OrderBy(n => n.SpanStart))
                    {
                        Poly delta = CursorAdvance(step, out bool after)!;
                        advance = advance.Plus(AffineForm.Of(delta));
                        perPass[step] = (after ? advance : advance.Plus(AffineForm.Of(delta), -1), conditions);
                    }
                    Poly d = advance.Constant;
                    // At the top of the pass where the counter is c: current + D·(c − start).
                    AffineForm done = AffineForm.Variable(counter!, Poly.Constant(1), new Poly()).Plus(AffineForm.Of(bounds!.Lower!), -1);
                    if (done.Times(d) is not { } moved) break;
                    var loopConditions = new List<Poly>(conditions);
                    foreach (var entry in perPass) found[entry.Key] = (current.Plus(moved).Plus(entry.Value.Item1), loopConditions);
                    // After the loop: current + D·trips, where trips = upper − lower + 1 must not be negative.
                    Poly trips = bounds.Upper!.Minus(bounds.Lower!).Plus(Poly.Constant(1));
                    if (d.IsZero) continue;
                    Poly notNegative = trips.Plus(Poly.Constant(1));
                    if (!notNegative.IsConstant)
                    {
                        if (notNegative.Terms.Any(t => t.Key.Length > 0 && !t.Key.Split('*').All(_assumable.ContainsKey))) break;
                        conditions = new List<Poly>(conditions) { notNegative };
                    }
                    else if (notNegative.ConstantTerm <= 0) break;
                    if (AffineForm.Of(trips).Times(d) is not { } total) break;
                    current = current.Plus(total);
                    continue;
                }
                break; // an if, a while, a nested loop, a loop it cannot count: later references keep no value
            }
            foreach (var entry in found) _cursorValues[entry.Key] = entry.Value;
        }

        /// <summary>
        /// The references of one pass of the statements <paramref name="top"/> (in order): each one's value from
        /// <paramref name="start"/>, into <paramref name="values"/>; returns the pass's total advance, or null where an
        /// advance is not a loop-invariant amount or may not run exactly once.
        /// </summary>
        private AffineForm? Pass(List<IdentifierNameSyntax> references, HashSet<StatementSyntax> top, AffineForm start, List<Poly> conditions,
            Dictionary<IdentifierNameSyntax, (AffineForm, List<Poly>)> values)
        {
            AffineForm offset = AffineForm.Of(new Poly());
            foreach (IdentifierNameSyntax name in references.OrderBy(n => n.SpanStart))
            {
                Poly? delta = CursorAdvance(name, out bool after);
                if (delta is null)
                {
                    if (LoopAnalysis.IsWrite(name)) return null;
                    values[name] = (start.Plus(offset), conditions);
                    continue;
                }
                if (!Inductions.Unconditional(name, top)) return null;
                if (!after) values[name] = (start.Plus(offset), conditions);
                offset = offset.Plus(AffineForm.Of(delta));
                if (after) values[name] = (start.Plus(offset), conditions);
            }
            return offset;
        }

        /// <summary>What an advance adds (<c>c++</c>: 1, <c>c -= w</c>: −w, w loop-invariant), whether its value is the one after; null: not an advance.</summary>
        private Poly? CursorAdvance(IdentifierNameSyntax name, out bool after)
        {
            after = false;
            switch (name.Parent)
            {
                case PostfixUnaryExpressionSyntax post when post.Operand == name && !post.Ancestors().Any(a => a is CheckedExpressionSyntax or CheckedStatementSyntax):
                    return Poly.Constant(post.IsKind(SyntaxKind.PostIncrementExpression) ? 1 : -1);
                case PrefixUnaryExpressionSyntax pre when pre.Operand == name && pre.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression
                    && !pre.Ancestors().Any(a => a is CheckedExpressionSyntax or CheckedStatementSyntax):
                    after = true;
                    return Poly.Constant(pre.IsKind(SyntaxKind.PreIncrementExpression) ? 1 : -1);
                case AssignmentExpressionSyntax assignment when assignment.Left == name && assignment.Kind() is SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression
                    && _model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: false } && !assignment.Ancestors().Any(a => a is CheckedExpressionSyntax or CheckedStatementSyntax):
                    after = true;
                    if (Build(assignment.Right, 0) is not { HasVariables: false } amount) return null;
                    return assignment.IsKind(SyntaxKind.AddAssignmentExpression) ? amount.Constant : amount.Constant.Scale(-1);
                default:
                    return null;
            }
        }

        /// <summary>A reference that is a whole incrementor of <paramref name="loop"/> advancing a cursor (the o++ of <c>for (…; …; x++, o++)</c>).</summary>
        private bool Stepped(ForStatementSyntax loop, IdentifierNameSyntax reference) =>
            loop.Incrementors.Contains(reference.Parent as ExpressionSyntax) && CursorAdvance(reference, out _) is not null;

        /// <summary>
        /// The blocks that end a pass of <paramref name="loop"/> early: each continue of the loop must be the last statement
        /// of the block of an if without else that is one of the body's own statements (<paramref name="top"/>); null
        /// where one is not (a continue deeper in, or in the middle of a block, could skip advances no pass counts).
        /// </summary>
        private static List<StatementSyntax>? EarlyExits(ForStatementSyntax loop, HashSet<StatementSyntax> top)
        {
            var exits = new List<StatementSyntax>();
            foreach (ContinueStatementSyntax c in SyntaxNodes.All(loop.Statement).OfType<ContinueStatementSyntax>())
            {
                // (A continue of a loop inside this one ends that loop's pass, not this one's.)
                if (c.Ancestors().TakeWhile(a => a != loop).Any(a => a is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax)) continue;
                // if (c) continue; or if (c) { …; continue; }
                StatementSyntax exit = c.Parent is BlockSyntax block && block.Statements.Last() == c ? block : c;
                if (exit.Parent is not IfStatementSyntax { Else: null } branch || branch.Statement != exit || !top.Contains(branch)) return null;
                exits.Add(exit);
            }
            return exits;
        }

        /// <summary>An early exit's own statements (see <see cref="EarlyExits"/>): a block's, or none for a bare continue.</summary>
        private static HashSet<StatementSyntax> ExitStatements(StatementSyntax exit) =>
            new(exit is BlockSyntax block ? block.Statements : new SyntaxList<StatementSyntax>());

        /// <summary>
        /// A for loop FindInnerLoops counts with its own counter (unit step up, both bounds known) that nothing leaves
        /// early; its other incrementors advance locals declared before it (cursors).
        /// </summary>
        private bool Counted(ForStatementSyntax loop, out string? counter, out LoopBounds? bounds)
        {
            counter = null; bounds = null;
            if (loop.Declaration is not { Variables.Count: 1 } declaration || _model.GetDeclaredSymbol(declaration.Variables[0]) is not ILocalSymbol variable
                || !_loopVariables.TryGetValue(variable, out AffineForm? form) || form.Coefficients.Count != 1 || !form.Constant.IsZero
                || form.Coefficients.First().Value is not { IsConstant: true, ConstantTerm: 1 }) return false;
            if (loop.Incrementors.Count(e => Step(e, variable) is not null) != 1 || Step(loop.Incrementors[0], variable) != 1) return false;
            // (A continue may end a pass early: the header's advances still run; the body's are EarlyExits'.)
            if (SyntaxNodes.All(loop.Statement).Any(n => n is BreakStatementSyntax or ReturnStatementSyntax or YieldStatementSyntax or GotoStatementSyntax)) return false;
            counter = form.Coefficients.First().Key;
            // Bounds of loop-invariant symbols only (not a triangle's i + 1: the trip count must be the same in every use).
            return _bounds.TryGetValue(counter, out bounds) && bounds.Lower is not null && bounds.Upper is not null
                && bounds.Lower.Terms.Concat(bounds.Upper.Terms).All(t => t.Key.Length == 0 || !t.Key.Split('*').Any(_bounds.ContainsKey));
        }
    }
}
