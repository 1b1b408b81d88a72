using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Analysis
{
    /// <summary>
    /// The vector path of an array-reduction loop whose body is one update <c>h[s] op= v;</c> (or <c>h[s]++;</c>), the
    /// histogram: the subscripts <c>s</c> of a whole vector of iterations are computed on SIMD lanes (loads, arithmetic,
    /// the conversion to int), then the updates run one lane at a time, in iteration order, on the array the chunk
    /// updates (its private copy, or the array itself when the loop runs in place). A vector has no conflict-free
    /// scatter, so the updates stay scalar; they are the same updates, in the same order, as the scalar loop's.
    /// <para>
    /// The subscript may be <c>(int)(e)</c> with <c>e</c> float or double, or an int expression; <c>e</c> is built from
    /// unit-stride reads <c>a[i + c]</c> of arrays of one element type, loop-invariant scalars (locals, parameters,
    /// <c>x.Length</c>), literals, <c>+ - *</c>, <c>/</c> (floating point), unary minus and, on ints, <c>&amp; | ^</c>.
    /// The update's value must not depend on the iteration. Conversions round and saturate like the scalar ones
    /// (.NET 9 and later), so each lane's subscript is bitwise the scalar one.
    /// </para>
    /// </summary>
    internal static class ScatterVectorizer
    {
        private const string V = VectorAnalysis.V;

        public static VectorPlan? Plan(ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model, bool unitStep)
        {
            try { return Translate(loop, analysis, model, unitStep); }
            catch (System.OperationCanceledException) { throw; }
            catch (System.Exception) { return null; }
        }

        private static VectorPlan? Translate(ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model, bool unitStep)
        {
            if (!unitStep || analysis.Is64 || analysis.ArrayReductions.Count != 1) return null;
            if (model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: true }) return null;
            StatementSyntax statement = loop.Statement;
            while (statement is BlockSyntax { Statements.Count: 1 } block) statement = block.Statements[0];
            if (statement is not ExpressionStatementSyntax { Expression: var update }) return null;

            ElementAccessExpressionSyntax? target;
            string operation;
            switch (update)
            {
                case AssignmentExpressionSyntax assignment when !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left is ElementAccessExpressionSyntax left:
                    if (!IsInvariant(assignment.Right, analysis, model)) return null;
                    target = left;
                    operation = $"{assignment.OperatorToken.Text} {assignment.Right}";
                    break;
                case PostfixUnaryExpressionSyntax { Operand: ElementAccessExpressionSyntax operand } postfix:
                    target = operand;
                    operation = postfix.OperatorToken.Text;
                    break;
                case PrefixUnaryExpressionSyntax { Operand: ElementAccessExpressionSyntax operand } prefix:
                    target = operand;
                    operation = prefix.OperatorToken.Text;
                    break;
                default:
                    return null;
            }
            if (target.ArgumentList.Arguments.Count != 1 || target.Expression is not IdentifierNameSyntax array
                || array.Identifier.ValueText != analysis.ArrayReductions[0].Name.TrimStart('@'))
                return null;

            var translator = new Translator(analysis, model);
            string? subscript = translator.Subscript(target.ArgumentList.Arguments[0].Expression);
            if (subscript is null || translator.Element is null || translator.Arrays.Count == 0) return null;

            // The lanes are read from the vector's memory (a variable index into a vector register would spill it each time).
            const string lane = "global::System.Runtime.CompilerServices.Unsafe.Add(ref __kg_lanes, __kg_l)";
            string update_ = operation is "++" or "--" ? $"{target.Expression}[{lane}]{operation};"
                : $"{target.Expression}[{lane}] {operation};";
            var body = new List<string>
            {
                $"{V}<int> __kg_s = {subscript};",
                $"ref int __kg_lanes = ref global::System.Runtime.CompilerServices.Unsafe.As<{V}<int>, int>(ref __kg_s);",
                $"for (int __kg_l = 0; __kg_l < {V}<int>.Count; __kg_l++) {update_}",
            };
            // int lanes as wide as the element's: float and int subscripts only (double would need two int vectors).
            if (translator.Element is not ("float" or "int")) return null;
            string summary = $"subscripts of {array.Identifier.ValueText}[…] on Vector512/Vector256/Vector128<{translator.Element}> lanes (widest the hardware accelerates), "
                + "then the updates one lane at a time, in iteration order (no conflict-free vector scatter), scalar tail";
            return new VectorPlan("", translator.Element,
                translator.Arrays.Select(a => new VectorArray(a.Key, a.Value.Min, a.Value.Max, Written: false)).ToEquatableArray(),
                translator.Broadcasts.ToEquatableArray(), body.ToEquatableArray(), summary);
        }

        private static bool IsInvariant(ExpressionSyntax e, LoopAnalysis analysis, SemanticModel model)
        {
            foreach (SyntaxNode node in e.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax or ElementAccessExpressionSyntax or AssignmentExpressionSyntax
                    or PostfixUnaryExpressionSyntax or AwaitExpressionSyntax)
                    return false;
                if (node is PrefixUnaryExpressionSyntax prefix && (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)))
                    return false;
                if (node is IdentifierNameSyntax name && model.GetSymbolInfo(name).Symbol is ISymbol symbol
                    && (SymbolEqualityComparer.Default.Equals(symbol, analysis.Index) || analysis.Privates.Contains(symbol, SymbolEqualityComparer.Default)))
                    return false;
            }
            return true;
        }

        /// <summary>Translates the subscript to an expression of {V}&lt;int&gt;, one element type for the loads.</summary>
        private sealed class Translator
        {
            private readonly LoopAnalysis _analysis;
            private readonly SemanticModel _model;
            private int _broadcasts;

            public Translator(LoopAnalysis analysis, SemanticModel model) { _analysis = analysis; _model = model; }

            public string? Element { get; private set; }
            public Dictionary<string, (int Min, int Max)> Arrays { get; } = new();
            public List<string> Broadcasts { get; } = new();

            public string? Subscript(ExpressionSyntax e)
            {
                e = Strip(e);
                if (e is CastExpressionSyntax cast && _model.GetTypeInfo(cast.Type).Type?.SpecialType == SpecialType.System_Int32
                    && _model.GetTypeInfo(cast.Expression).Type?.SpecialType is SpecialType.System_Single)
                {
                    string? value = Expression(cast.Expression, "float");
                    return value is null ? null : $"{V}.ConvertToInt32({value})";
                }
                return _model.GetTypeInfo(e).Type?.SpecialType == SpecialType.System_Int32 ? Expression(e, "int") : null;
            }

            private static ExpressionSyntax Strip(ExpressionSyntax e)
            {
                while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
                return e;
            }

            private bool Take(string type)
            {
                if (Element is null) { Element = type; return true; }
                return Element == type;
            }

            /// <summary>An expression of {V}&lt;<paramref name="type"/>&gt;, or null.</summary>
            private string? Expression(ExpressionSyntax e, string type)
            {
                e = Strip(e);
                ITypeSymbol? actual = _model.GetTypeInfo(e).Type;
                string? actualName = actual?.SpecialType switch
                {
                    SpecialType.System_Single => "float",
                    SpecialType.System_Int32 => "int",
                    _ => null,
                };
                if (actualName is null) return null;
                // An int operand of a float expression (n * hist.Length): converted the way C# does, if invariant.
                if (actualName != type)
                    return actualName == "int" && type == "float" && IsInvariant(e, _analysis, _model) ? Broadcast(e.ToString(), type) : null;
                if (_model.GetConstantValue(e).HasValue || e is IdentifierNameSyntax or MemberAccessExpressionSyntax)
                    return IsInvariant(e, _analysis, _model) ? Broadcast(e.ToString(), type) : null;
                switch (e)
                {
                    case ElementAccessExpressionSyntax access:
                        return Load(access, type);
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                        return Expression(unary.Operand, type) is { } operand ? $"(-{operand})" : null;
                    case BinaryExpressionSyntax binary:
                    {
                        string? op = binary.Kind() switch
                        {
                            SyntaxKind.AddExpression => "+",
                            SyntaxKind.SubtractExpression => "-",
                            SyntaxKind.MultiplyExpression => "*",
                            SyntaxKind.DivideExpression when type == "float" => "/",
                            SyntaxKind.BitwiseAndExpression when type == "int" => "&",
                            SyntaxKind.BitwiseOrExpression when type == "int" => "|",
                            SyntaxKind.ExclusiveOrExpression when type == "int" => "^",
                            _ => null,
                        };
                        if (op is null) return null;
                        string? left = Expression(binary.Left, type);
                        string? right = left is null ? null : Expression(binary.Right, type);
                        return right is null ? null : $"({left} {op} {right})";
                    }
                    default:
                        return null;
                }
            }

            private string Broadcast(string value, string type)
            {
                string name = $"__kg_b{_broadcasts++}";
                Broadcasts.Add($"var {name} = {V}.Create(({type})({value}));");
                return name;
            }

            /// <summary>A unit-stride read a[i + c] of an array declared outside the loop.</summary>
            private string? Load(ElementAccessExpressionSyntax access, string type)
            {
                if (access.ArgumentList.Arguments.Count != 1 || access.Expression is not IdentifierNameSyntax arrayName) return null;
                if (_model.GetSymbolInfo(arrayName).Symbol is not ISymbol array || !_analysis.Captures.Contains(array, SymbolEqualityComparer.Default)
                    || (array is ILocalSymbol l ? l.Type : (array as IParameterSymbol)?.Type) is not IArrayTypeSymbol { Rank: 1 }
                    || _analysis.ReducedArrays.Contains(array, SymbolEqualityComparer.Default))
                    return null;
                if (Offset(access.ArgumentList.Arguments[0].Expression) is not int offset || !Take(type)) return null;
                string name = arrayName.Identifier.Text;
                Arrays[name] = Arrays.TryGetValue(name, out var range) ? (System.Math.Min(range.Min, offset), System.Math.Max(range.Max, offset)) : (offset, offset);
                return $"{V}.LoadUnsafe(ref __kg_r_{VectorAnalysis.Bare(name)}, (nuint)(__kg_i + ({offset})))";
            }

            private int? Offset(ExpressionSyntax e) => VectorAnalysis.UnitOffset(e, _analysis, _model);
        }
    }
}
