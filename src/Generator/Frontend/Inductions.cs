using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Recognizes induction variables (issue 12): an int or long local (or by-value parameter) declared before a PRange
    /// loop that the body only reads and advances by constants, every advance unconditional: <c>k++</c>, <c>++k</c>,
    /// <c>k--</c>, <c>--k</c>, <c>k += C</c>, <c>k -= C</c> (C a constant), each in a statement of the body's own block
    /// (an expression statement or a local declaration) and outside any <c>?:</c>, <c>&amp;&amp;</c>, <c>||</c>,
    /// <c>??</c>, <c>?.</c> or switch expression; no <c>continue</c> or <c>goto</c> in the body. The advances may
    /// instead all add (or subtract) one int or long local or parameter that nothing in the method assigns or takes the
    /// address of, other than its declaration (<c>ix += incX; iy += incY;</c>, BLAS's strided running indices): c is
    /// then a multiple of that value, and the offsets count it. Then every iteration
    /// advances k by the same c, so at the top of iteration number t (counted from 0) k is k0 + c·t, and after the loop
    /// k0 + c·count; each reference's value is that plus the advances before it in the statement order, which is the
    /// evaluation order here (C# evaluates operands left to right). Anything else is not an induction variable, and the
    /// loop keeps the diagnostic it had.
    /// </summary>
    internal static class Inductions
    {
        /// <summary>The induction variable, and for each reference the value its expression yields, as an offset from k0 + c·t; null (with a reason) when it is not one.</summary>
        public static (InductionSpec Spec, Dictionary<IdentifierNameSyntax, long> Offsets, ISymbol? Unit)? TryMatch(ISymbol symbol, StatementSyntax body, SemanticModel model, out string? whyNot)
        {
            // The generator never throws: anything unexpected keeps today's diagnostic.
            try { return Match(symbol, body, model, out whyNot); }
            catch (System.OperationCanceledException) { throw; }
            catch (System.Exception e) { whyNot = "internal: " + e.GetType().Name; return null; }
        }

        private static (InductionSpec Spec, Dictionary<IdentifierNameSyntax, long> Offsets, ISymbol? Unit)? Match(ISymbol symbol, StatementSyntax body, SemanticModel model, out string? whyNot)
        {
            whyNot = null;
            string? typeName = Reductions.ScalarTypeName(Reductions.VariableType(symbol));
            if (typeName is not ("int" or "long")) typeName = null;
            if (typeName is null) { whyNot = "induction variables are int or long"; return null; }
            var top = new HashSet<StatementSyntax>(body is BlockSyntax block ? block.Statements : new SyntaxList<StatementSyntax>(body));
            if (SyntaxNodes.Own(body).Any(n => n is GotoStatementSyntax or LabeledStatementSyntax || n is ContinueStatementSyntax c && ContinuesPRange(c, body)))
            {
                whyNot = "the body has a 'continue' or 'goto', so an iteration may skip an advance";
                return null;
            }
            bool checkedProject = model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: true };

            var offsets = new Dictionary<IdentifierNameSyntax, long>();
            var advances = new List<string>();
            long current = 0;
            ISymbol? unit = null; // the value every advance adds, where it is not a constant
            bool constants = false;
            foreach (IdentifierNameSyntax name in SyntaxNodes.All(body).OfType<IdentifierNameSyntax>().OrderBy(n => n.SpanStart))
            {
                if (name.Identifier.ValueText != symbol.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol)) continue;
                if (name.Ancestors().Any(LoopAnalysis.IsFunctionBoundary)) { whyNot = $"'{symbol.Name}' is used inside a lambda or local function"; return null; }
                long? delta = Advance(name, model, out bool after, out ISymbol? by);
                if (delta is null)
                {
                    if (LoopAnalysis.IsWrite(name)) { whyNot = $"'{symbol.Name}' is written other than advanced by a constant or a value the method never changes ('{name.Parent}')"; return null; }
                    offsets[name] = current; // a read
                    continue;
                }
                if (checkedProject || name.Ancestors().Any(a => a is CheckedExpressionSyntax { RawKind: (int)SyntaxKind.CheckedExpression } or CheckedStatementSyntax { RawKind: (int)SyntaxKind.CheckedStatement }))
                { whyNot = $"'{symbol.Name}' is advanced with checked arithmetic"; return null; }
                if (!Unconditional(name, top)) { whyNot = $"'{name.Parent}' does not run in every iteration (or not in the body's own statements)"; return null; }
                if (by is null ? unit is not null : constants || unit is not null && !SymbolEqualityComparer.Default.Equals(unit, by))
                { whyNot = $"'{symbol.Name}' is advanced by different values (constants and '{(by ?? unit)!.Name}', or two names)"; return null; }
                if (by is null) constants = true;
                else unit = by;
                if (!after) offsets[name] = current; // k++: the value before
                current = unchecked(current + delta.Value);
                if (after) offsets[name] = current;  // ++k, k += C: the value after
                advances.Add(name.Parent!.ToString());
            }
            if (advances.Count == 0) { whyNot = $"'{symbol.Name}' is not advanced"; return null; }
            if (unit is not null && !Unchanging(unit, body))
            { whyNot = $"'{unit.Name}' is assigned (or its address taken) in the method: the advance may change"; return null; }
            return (new InductionSpec(KernelParser.Escape(symbol.Name), typeName, current, string.Join(", ", advances), unit is null ? null : KernelParser.Escape(unit.Name)), offsets, unit);
        }

        /// <summary>
        /// Whether <paramref name="unit"/> keeps its value for the whole loop: a by-value parameter (not a primary
        /// constructor's) or a local declared outside <paramref name="body"/> (not a ref local) that nothing in the member
        /// around it assigns or takes the address of (its declaration's initializer aside), lambdas and local functions
        /// included.
        /// </summary>
        private static bool Unchanging(ISymbol unit, StatementSyntax body)
        {
            // (A primary constructor's parameter is a field other members may assign.)
            if (unit is not (IParameterSymbol { RefKind: RefKind.None, ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.Constructor } } or ILocalSymbol { IsRef: false })) return false;
            // Declared in the body, it would have each iteration's own value.
            if (unit.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == body.SyntaxTree && body.Span.Contains(r.Span))) return false;
            // The whole member: a local function's kernel may add a parameter of the method around it.
            SyntaxNode? method = body.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax);
            if (method is null) return false;
            return !method.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == unit.Name
                && (LoopAnalysis.IsWrite(n) || n.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression }));
        }

        /// <summary>
        /// How much the expression <paramref name="name"/> is the operand of advances it (null: not an advance), and
        /// whether its value is the one after; <paramref name="by"/>: the int or long local or parameter added (the
        /// delta is then ±1 of it), null for constants.
        /// </summary>
        private static long? Advance(IdentifierNameSyntax name, SemanticModel model, out bool after, out ISymbol? by)
        {
            after = false;
            by = null;
            switch (name.Parent)
            {
                case PostfixUnaryExpressionSyntax post when post.Operand == name:
                    return post.Kind() switch { SyntaxKind.PostIncrementExpression => 1, SyntaxKind.PostDecrementExpression => -1, _ => null };
                case PrefixUnaryExpressionSyntax pre when pre.Operand == name:
                    after = true;
                    return pre.Kind() switch { SyntaxKind.PreIncrementExpression => 1, SyntaxKind.PreDecrementExpression => -1, _ => null };
                case AssignmentExpressionSyntax assignment when assignment.Left == name
                    && assignment.Kind() is SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression:
                    after = true;
                    Optional<object?> constant = model.GetConstantValue(assignment.Right);
                    if (!constant.HasValue && assignment.Right is IdentifierNameSyntax value
                        && model.GetSymbolInfo(value).Symbol is (ILocalSymbol or IParameterSymbol) and var added
                        && Reductions.ScalarTypeName(Reductions.VariableType(added)) is "int" or "long"
                        && !SymbolEqualityComparer.Default.Equals(added, model.GetSymbolInfo(name).Symbol))
                    {
                        by = added;
                        return assignment.IsKind(SyntaxKind.AddAssignmentExpression) ? 1 : -1;
                    }
                    if (!constant.HasValue || constant.Value is not (int or long or short or sbyte or byte or ushort or uint)) return null;
                    long step = System.Convert.ToInt64(constant.Value);
                    return assignment.IsKind(SyntaxKind.AddAssignmentExpression) ? step : unchecked(-step);
                default:
                    return null;
            }
        }

        /// <summary>
        /// Whether the advance runs exactly once in every iteration: its statement is one of the body's own (an
        /// expression statement or a local declaration), and no conditional operator stands between them.
        /// </summary>
        internal static bool Unconditional(IdentifierNameSyntax name, HashSet<StatementSyntax> top)
        {
            SyntaxNode child = name;
            for (SyntaxNode? node = name.Parent; node is not null; child = node, node = node.Parent)
            {
                switch (node)
                {
                    case ConditionalExpressionSyntax conditional when child != conditional.Condition:
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression } binary when child == binary.Right:
                    case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } coalesce when child == coalesce.Right:
                    case ConditionalAccessExpressionSyntax access when child == access.WhenNotNull:
                    case SwitchExpressionSyntax switchExpression when child != switchExpression.GoverningExpression:
                    case IsPatternExpressionSyntax:
                        return false;
                    case StatementSyntax statement:
                        return statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax && top.Contains(statement);
                }
            }
            return false;
        }

        /// <summary>Whether a <c>continue</c> in the body goes to the PRange loop's next iteration (not an inner loop's).</summary>
        internal static bool ContinuesPRange(ContinueStatementSyntax statement, StatementSyntax body)
        {
            for (SyntaxNode? node = statement.Parent; node is not null && node != body.Parent; node = node.Parent)
                if (node is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax) return node == body.Parent;
            return true;
        }
    }
}
