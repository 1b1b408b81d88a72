using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Output arrays the PRange loop fills whole, allocated without zeroing. In
    /// <c>var result = new double[n]; foreach (int i in PRange(n)) { … result[i] = …; … }</c> (numba's
    /// <c>np.empty</c> + <c>prange</c>, written in C#) the runtime first clears the n elements on the calling thread,
    /// then the loop overwrites every one of them: for a loop that streams memory the clearing is a whole extra pass
    /// (measured: an f64 add of 10^6 elements returning a new array, ~15% of the call on 2 threads). The parallel copy
    /// of the method allocates such an array with <c>GC.AllocateUninitializedArray</c> where the source proves no one
    /// can see an element before the loop writes it:
    /// <list type="bullet">
    /// <item>the declaration <c>T[] v = new T[size]</c> (T a primitive number, one dimension, no initializer) is a
    /// statement of the block the PRange loop is in, before it, and nothing between them (nor any lambda or local
    /// function anywhere) mentions v other than by <c>v.Length</c>; the method has no <c>goto</c> (which could jump
    /// past the loop);</item>
    /// <item>the loop is <c>PRange(stop)</c> or <c>PRange(0, stop)</c> with stop <c>v.Length</c> or the same text as
    /// size, made only of literals, constants, <c>.Length</c> and unwritten locals and by-value parameters (so it has
    /// the same value at both places);</item>
    /// <item>a top-level statement of the body is <c>v[i] = expression;</c> (i the loop's index, expression not
    /// mentioning v), every iteration reaches it (no <c>continue</c> of the PRange loop before it; the loop has no
    /// <c>goto</c>), and the body mentions v nowhere else but as <c>v[i]</c> after it.</item>
    /// </list>
    /// An iteration that throws leaves elements unwritten, but the exception then leaves the block that declares v,
    /// so nothing can read them. The method as written (the serial reference) keeps <c>new T[size]</c>.
    /// </summary>
    internal static class UnzeroedOutputs
    {
        /// <summary>What <see cref="Find"/> found: the array creation, the text that replaces it, and the report's note.</summary>
        internal sealed record Site(ArrayCreationExpressionSyntax Creation, string Replacement, string Note);

        /// <summary>The outputs of <paramref name="loop"/> (index <paramref name="index"/>) that may be allocated without zeroing.</summary>
        public static List<Site> Find(ForEachStatementSyntax loop, ILocalSymbol index, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            // The generator never throws: anything unexpected keeps the zeroing allocation.
            try { return Sites(loop, index, model, cancellationToken); }
            catch (System.OperationCanceledException) { throw; }
            catch (System.Exception) { return new List<Site>(); }
        }

        private static List<Site> Sites(ForEachStatementSyntax loop, ILocalSymbol index, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var sites = new List<Site>();
            if (loop.Parent is not BlockSyntax block || Stop(loop, model) is not { } stop
                || loop.Ancestors().OfType<BaseMethodDeclarationSyntax>().FirstOrDefault()?.Body is not { } method
                || SyntaxNodes.All(method).Any(n => n is GotoStatementSyntax { CaseOrDefaultKeyword.RawKind: 0 }))
                return sites;
            int at = block.Statements.IndexOf(loop);
            for (int s = 0; s < at; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (block.Statements[s] is not LocalDeclarationStatementSyntax { IsConst: false, UsingKeyword.RawKind: 0 } declaration)
                    continue;
                foreach (VariableDeclaratorSyntax declarator in declaration.Declaration.Variables)
                {
                    if (declarator.Initializer?.Value is not ArrayCreationExpressionSyntax { Initializer: null } creation
                        || creation.Type.RankSpecifiers is not { Count: 1 } ranks || ranks[0].Sizes is not { Count: 1 } sizes
                        || model.GetDeclaredSymbol(declarator) is not ILocalSymbol { RefKind: RefKind.None } output
                        || model.GetTypeInfo(creation).Type is not IArrayTypeSymbol { Rank: 1 } array
                        || !Prefetches.IsPrimitiveNumber(array.ElementType)
                        || sizes[0] is not { } size
                        || model.GetTypeInfo(size).Type?.SpecialType != SpecialType.System_Int32
                        || !(IsLengthOf(stop, output, model) || SyntaxFactory.AreEquivalent(stop, size) && Stable(size, model, method))
                        || !FilledFirst(output, loop, index, model, method))
                        continue;
                    string element = array.ElementType.ToDisplayString(KernelParser.TypeFormat);
                    int line = loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    sites.Add(new Site(creation,
                        $"global::System.GC.AllocateUninitializedArray<{element}>({size})",
                        $"{declarator.Identifier.ValueText} = {creation} is allocated without zeroing (GC.AllocateUninitializedArray): "
                        + $"the loop writes every element before anything reads it"));
                }
            }
            return sites;
        }

        /// <summary>The stop of <c>PRange(stop)</c> or <c>PRange(0, stop)</c> (int), else null.</summary>
        private static ExpressionSyntax? Stop(ForEachStatementSyntax loop, SemanticModel model)
        {
            if (loop.Expression is not InvocationExpressionSyntax call
                || model.GetSymbolInfo(call).Symbol is not IMethodSymbol { Name: "PRange" } method
                || method.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Int32))
                return null;
            SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
            return arguments.Count == 1 ? arguments[0].Expression
                : arguments.Count == 2 && arguments[0].Expression is LiteralExpressionSyntax { Token.ValueText: "0" } ? arguments[1].Expression
                : null;
        }

        /// <summary><c>v.Length</c>.</summary>
        private static bool IsLengthOf(ExpressionSyntax expression, ILocalSymbol output, SemanticModel model) =>
            expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax name }
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, output);

        /// <summary>
        /// An int expression with the same value wherever it is evaluated in the method: literals, constants,
        /// arithmetic, and locals and by-value parameters nothing in the method writes after their declaration (or
        /// their arrays' Length).
        /// </summary>
        private static bool Stable(ExpressionSyntax expression, SemanticModel model, BlockSyntax method)
        {
            if (model.GetConstantValue(expression).HasValue) return true;
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Stable(parenthesized.Expression, model, method);
                case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression
                    or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression
                    or SyntaxKind.LeftShiftExpression or SyntaxKind.RightShiftExpression:
                    return Stable(binary.Left, model, method) && Stable(binary.Right, model, method);
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax array }:
                    return model.GetTypeInfo(array).Type is IArrayTypeSymbol && Unwritten(array, model, method);
                case IdentifierNameSyntax name:
                    return Unwritten(name, model, method);
                default:
                    return false;
            }
        }

        /// <summary>A local or by-value parameter that nothing in the method assigns, steps or passes by reference.</summary>
        private static bool Unwritten(IdentifierNameSyntax name, SemanticModel model, BlockSyntax method)
        {
            ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
            if (symbol is not (ILocalSymbol { RefKind: RefKind.None } or IParameterSymbol { RefKind: RefKind.None }))
                return false;
            return !SyntaxNodes.All(method).OfType<IdentifierNameSyntax>().Any(use => use.Identifier.ValueText == name.Identifier.ValueText
                && LoopAnalysis.IsWrite(use) && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use).Symbol, symbol));
        }

        /// <summary>Whether every iteration writes <c>v[i]</c> before anything reads an element of v (see the class).</summary>
        private static bool FilledFirst(ILocalSymbol output, ForEachStatementSyntax loop, ILocalSymbol index, SemanticModel model, BlockSyntax method)
        {
            SyntaxList<StatementSyntax> statements = loop.Statement is BlockSyntax body ? body.Statements : new SyntaxList<StatementSyntax>(loop.Statement);
            int first = -1;
            for (int s = 0; s < statements.Count && first < 0; s++)
                if (statements[s] is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
                    && IsOwnElement(assignment.Left, output, index, model))
                    first = s;
                else if (SyntaxNodes.All(statements[s]).Any(n => n is ContinueStatementSyntax c && Inductions.ContinuesPRange(c, loop.Statement)))
                    return false; // an iteration may skip the write
            if (first < 0)
                return false;
            var write = (AssignmentExpressionSyntax)((ExpressionStatementSyntax)statements[first]).Expression;
            foreach (IdentifierNameSyntax use in SyntaxNodes.All(method).OfType<IdentifierNameSyntax>())
            {
                if (use.Identifier.ValueText != output.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use).Symbol, output))
                    continue;
                if (use.Ancestors().TakeWhile(a => a != method).Any(LoopAnalysis.IsFunctionBoundary))
                    return false; // a lambda or local function may run at another time
                if (use.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } length && length.Expression == use)
                    continue; // the length is there from the start
                if (use.SpanStart >= loop.Span.End)
                    continue; // after the loop: every element is written
                if (!loop.Statement.Span.Contains(use.Span))
                    return false; // between the declaration and the loop (or in the loop's header)
                if (use == ((ElementAccessExpressionSyntax)write.Left).Expression)
                    continue;
                bool afterWrite = use.SpanStart >= statements[first].Span.End;
                if (!afterWrite || use.Parent is not ElementAccessExpressionSyntax element || !IsOwnElement(element, output, index, model))
                    return false;
            }
            return true;
        }

        /// <summary><c>v[i]</c>: the output at the loop's own index.</summary>
        private static bool IsOwnElement(ExpressionSyntax expression, ILocalSymbol output, ILocalSymbol index, SemanticModel model) =>
            expression is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax array, ArgumentList.Arguments: { Count: 1 } arguments }
            && arguments[0] is { RefKindKeyword.RawKind: 0, Expression: IdentifierNameSyntax at }
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(array).Symbol, output)
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(at).Symbol, index);
    }
}
