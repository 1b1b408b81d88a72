using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Helpers that read and write the arrays they are given: <c>static void Set(float[] a, int w, int x, int y, float
    /// v) =&gt; a[y * w + x] = v;</c> called as <c>Set(img, w, x, y, …)</c>, the accessors image and grid code wraps its
    /// flat arrays in. The effect model knows only that the helper writes some element of <c>img</c> (KG1004, serial);
    /// here each element access of the helper's array parameters is the caller's access at the call, its subscript
    /// with the parameters replaced by the arguments' forms: <c>img[y·w + x]</c>, tested like one written in the loop.
    /// <para>
    /// Only where that is the whole story: a static, non-generic source method called with one argument per parameter
    /// (no named, optional or params arguments), whose array parameters (one dimension, by value) are never assigned
    /// and used only as <c>p[e]</c> or <c>p.Length</c>, and whose subscripts are sums and invariant multiples of its
    /// by-value int parameters (never assigned) and constants. A helper that passes its array on, walks it in a loop
    /// of its own or indexes it by anything else stays what the effect model says.
    /// </para>
    /// </summary>
    internal sealed partial class RaceAnalysis
    {
        /// <summary>For the report: the arrays described helpers read and write, as "a (in Set)", and whether written.</summary>
        public List<(string Text, bool Write)> HelperElements { get; } = new();

        /// <summary>Per call whose helper's accesses were described: the parameters whose arrays they are.</summary>
        private readonly Dictionary<InvocationExpressionSyntax, HashSet<IParameterSymbol>> _describedCalls = new();

        /// <summary>The accesses of the helpers called in the body (see the class remarks); false when there are too many.</summary>
        private bool DescribeHelperCalls(System.Func<Access, SyntaxNode, bool> collect)
        {
            foreach (InvocationExpressionSyntax call in SyntaxNodes.Own(_body).OfType<InvocationExpressionSyntax>())
            {
                if (HelperAccesses(call) is not { } described) continue;
                _describedCalls[call] = described.Parameters;
                foreach ((Access access, string text) in described.Accesses)
                {
                    if (!HelperElements.Contains((text, access.IsWrite))) HelperElements.Add((text, access.IsWrite));
                    if (!collect(access, call)) return false;
                }
            }
            return true;
        }

        private (List<(Access Access, string Text)> Accesses, HashSet<IParameterSymbol> Parameters)? HelperAccesses(InvocationExpressionSyntax call)
        {
            if (_model.GetSymbolInfo(call).Symbol is not IMethodSymbol { IsStatic: true, IsGenericMethod: false, MethodKind: MethodKind.Ordinary, ReducedFrom: null } method
                || method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
                || ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is not { } body
                || call.ArgumentList.Arguments.Count != method.Parameters.Length
                || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
                || method.Parameters.Any(p => p.IsParams || p.RefKind != RefKind.None)) return null;
            SemanticModel model = SemanticModels.For(_model.Compilation, declaration.SyntaxTree);
            var arguments = method.Parameters.ToDictionary(p => p, p => call.ArgumentList.Arguments[p.Ordinal].Expression, (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            // Every reference to a parameter: an array one only as p[e] or p.Length, any one never written.
            var arrays = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
            foreach (IdentifierNameSyntax name in SyntaxNodes.All(body).OfType<IdentifierNameSyntax>())
            {
                if (model.GetSymbolInfo(name).Symbol is not IParameterSymbol parameter || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)) continue;
                if (LoopAnalysis.IsWrite(name)) return null;
                if (parameter.Type is not IArrayTypeSymbol array) continue;
                bool element = name.Parent is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } e && e.Expression == name && array.Rank == 1;
                bool length = name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } m && m.Expression == name;
                if (!element && !length) return null;
                if (element) arrays.Add(parameter);
            }
            if (arrays.Count == 0) return null;
            var accesses = new List<(Access, string)>();
            foreach (ElementAccessExpressionSyntax element in SyntaxNodes.All(body).OfType<ElementAccessExpressionSyntax>())
            {
                if (model.GetSymbolInfo(element.Expression).Symbol is not IParameterSymbol parameter || !arrays.Contains(parameter)) continue;
                // (Through the element, a[i].X, or a ref to it handed on: not described here.)
                if (element.Parent is MemberAccessExpressionSyntax or RefExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }) return null;
                ExpressionSyntax subscript = element.ArgumentList.Arguments[0].Expression;
                if (model.GetTypeInfo(subscript).Type?.SpecialType is not SpecialType.System_Int32 || Substituted(subscript, model, method, arguments, 0) is not { } form)
                    return null;
                if (SharedArray(arguments[parameter]) is not ISymbol shared) continue; // the caller's private memory
                bool write = LoopAnalysis.IsWrite(element) || IsCompound(element);
                // (A write is taken as read too: what the helper does with the element before is not followed.)
                accesses.Add((new Access(call, shared, new List<ExpressionSyntax>(), write, true) { Window = form }, $"{arguments[parameter]} (in {method.Name})"));
            }
            return (accesses, arrays);
        }

        /// <summary>
        /// A helper's subscript as an affine form in the caller's terms: its int parameters replaced by the forms of the
        /// arguments (<see cref="Build"/> at the call), through +, −, negation, parentheses and products with a constant
        /// or loop-invariant side. Null for anything else.
        /// </summary>
        private AffineForm? Substituted(ExpressionSyntax e, SemanticModel model, IMethodSymbol method, Dictionary<IParameterSymbol, ExpressionSyntax> arguments, int depth)
        {
            if (depth > MaxDepth) return null;
            Optional<object?> constant = model.GetConstantValue(e);
            if (constant.HasValue) return constant.Value is int value ? AffineForm.Of(Poly.Constant(value)) : null;
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    return Substituted(p.Expression, model, method, arguments, depth + 1);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    return Substituted(unary.Operand, model, method, arguments, depth + 1)?.Times(Poly.Constant(-1));
                case IdentifierNameSyntax name when model.GetSymbolInfo(name).Symbol is IParameterSymbol { Type.SpecialType: SpecialType.System_Int32 } parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)
                    && _model.GetTypeInfo(arguments[parameter]).Type?.SpecialType == SpecialType.System_Int32:
                    return Build(arguments[parameter], 0);
                case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression:
                    if (Substituted(binary.Left, model, method, arguments, depth + 1) is not { } left
                        || Substituted(binary.Right, model, method, arguments, depth + 1) is not { } right) return null;
                    return binary.Kind() switch
                    {
                        SyntaxKind.AddExpression => left.Plus(right),
                        SyntaxKind.SubtractExpression => left.Plus(right, -1),
                        _ => !right.HasVariables ? left.Times(right.Constant) : !left.HasVariables ? right.Times(left.Constant) : null,
                    };
                default:
                    return null;
            }
        }

        /// <summary>Whether the effect model's element effect at <paramref name="at"/> is an argument whose helper's accesses were described.</summary>
        private bool DescribedByHelper(SyntaxNode at) =>
            (at as ArgumentSyntax ?? at.Parent as ArgumentSyntax) is { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } argument
            && _describedCalls.TryGetValue(call, out HashSet<IParameterSymbol>? parameters)
            && parameters.Any(p => p.Ordinal == call.ArgumentList.Arguments.IndexOf(argument));
    }
}
