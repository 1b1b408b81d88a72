using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Loop limits read once: in the copy of a scalar inner loop <c>for (int k = a[r]; k &lt; a[r + 1]; k++)</c> (the
    /// row loop of a CSR matrix, of any offsets table) the condition loads <c>a[r + 1]</c>, with its range check, on
    /// every iteration, and a limit the JIT cannot prove invariant also keeps it from cloning the loop without the
    /// range checks of <c>values[k]</c> and <c>col[k]</c>. Where nothing in the loop can change the limit, the copy
    /// reads it once, as <c>for (int k = a[r], __kg_limit0 = a[r + 1]; k &lt; __kg_limit0; k++)</c>: the same
    /// reads in the same order (the initializer, then the limit, as the first test did) and the same exception when
    /// the limit cannot be read. Measured on CSR y = A·x (10^6 rows, 2 threads): ~15-20% less time with x in the cache.
    /// <para>
    /// "Nothing can change it" is decided on the loop's own text, conservatively: the limit is an element of a local or
    /// parameter array of the counter's type at an index made of locals, parameters and constants; in the loop no
    /// variable of those is assigned or passed by reference, no element of an integer array of the limit's size is
    /// written (int[] and uint[] can be one array), and nothing runs that the text does not show (only operators, array
    /// elements and lengths, and System.Math/MathF calls; no lambdas, pointers or ref locals). Other iterations of the
    /// PRange loop cannot write the element either: that would be a race the analysis already refuses.
    /// </para>
    /// </summary>
    internal static class InvariantLimits
    {
        /// <summary>One loop whose limit is read once: the loop, the limit's variable name and type, and a line for the report (null: the prefetch's note says it).</summary>
        internal sealed record Site(ForStatementSyntax Loop, string Name, string CounterType, string? Note);

        /// <summary>
        /// The inner <c>for</c> loops of <paramref name="body"/> whose limit, an array element, can be read once; and of
        /// <paramref name="prefetched"/>, also those whose limit is a variable or an array's length (the JIT reads those
        /// once by itself, but the prefetch for the whole loop needs the limit before the loop starts: <see cref="Prefetches"/>).
        /// </summary>
        public static List<Site> Find(StatementSyntax body, SemanticModel model, ICollection<ForStatementSyntax> prefetched)
        {
            var sites = new List<Site>();
            foreach (ForStatementSyntax loop in SyntaxNodes.All(body).OfType<ForStatementSyntax>())
            {
                if (loop.Declaration is not { Variables.Count: 1 } declaration
                    || model.GetDeclaredSymbol(declaration.Variables[0]) is not ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 } counter
                    || loop.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression or (int)SyntaxKind.LessThanOrEqualExpression } test
                    || test.Left is not IdentifierNameSyntax k || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(k).Symbol, counter)
                    || !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(test.Right).Type, counter.Type))
                    continue;
                var variables = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                ITypeSymbol? element = null; // the element type of the limit's array, when the limit is an element
                if (test.Right is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } limit
                    && limit.ArgumentList.Arguments[0].RefKindKeyword.RawKind == 0
                    && limit.Expression is IdentifierNameSyntax array && VariableOf(array, model) is { } arrayVariable
                    && TypeOf(arrayVariable) is IArrayTypeSymbol { Rank: 1 } arrayType)
                {
                    variables.Add(arrayVariable);
                    element = arrayType.ElementType;
                    if (!IsPlainIndex(limit.ArgumentList.Arguments[0].Expression, model, variables))
                        continue;
                }
                // Read once only for the prefetch: a variable, or the length of an array variable.
                else if (prefetched.Contains(loop) && test.Right is IdentifierNameSyntax variable && VariableOf(variable, model) is { } limitVariable)
                    variables.Add(limitVariable);
                else if (prefetched.Contains(loop) && test.Right is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax measured }
                    && VariableOf(measured, model) is { } measuredVariable && TypeOf(measuredVariable) is IArrayTypeSymbol)
                    variables.Add(measuredVariable);
                else
                    continue;
                if (variables.Contains(counter) || !Unchanged(loop, variables, element, model))
                    continue;
                string name = $"__kg_limit{sites.Count}";
                int line = loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                sites.Add(new Site(loop, name, counter.Type.SpecialType == SpecialType.System_Int32 ? "int" : "long",
                    element is null ? null : $"limit: {test.Right} (inner loop, line {line}) read once before the loop: nothing in the loop can change it"));
            }
            return sites;
        }

        /// <summary>
        /// The copy of <paramref name="loop"/> that reads its limit once, into <paramref name="name"/>; with
        /// <paramref name="prefetch"/>, through the call that also prefetches for the whole loop (<see cref="Prefetches"/>).
        /// </summary>
        public static ForStatementSyntax WithLimitOnce(ForStatementSyntax loop, string name, string counterType, Prefetches.Site? prefetch = null)
        {
            var test = (BinaryExpressionSyntax)loop.Condition!;
            VariableDeclarationSyntax declaration = loop.Declaration!;
            // 'var' cannot declare two variables: the counter's type, which is the limit's (Find checks it), written out.
            TypeSyntax type = !declaration.Type.IsVar ? declaration.Type
                : SyntaxFactory.ParseTypeName(counterType).WithTriviaFrom(declaration.Type);
            VariableDeclaratorSyntax limit = SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                .WithInitializer(SyntaxFactory.EqualsValueClause(
                    SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                    prefetch is null ? test.Right.WithoutTrivia() : SyntaxFactory.ParseExpression(prefetch.CallWithLimit(test.Right.WithoutTrivia().ToString()))));
            return loop
                .WithDeclaration(declaration.WithType(type).AddVariables(limit.WithLeadingTrivia(SyntaxFactory.Space)))
                .WithCondition(test.WithRight(SyntaxFactory.IdentifierName(name).WithTriviaFrom(test.Right)));
        }

        /// <summary>A local or by-value parameter named by <paramref name="name"/>.</summary>
        private static ISymbol? VariableOf(IdentifierNameSyntax name, SemanticModel model) => model.GetSymbolInfo(name).Symbol switch
        {
            ILocalSymbol { RefKind: RefKind.None, IsConst: false } local => local,
            IParameterSymbol { RefKind: RefKind.None } parameter => parameter,
            _ => null,
        };

        private static ITypeSymbol? TypeOf(ISymbol variable) => variable switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };

        /// <summary>
        /// Whether <paramref name="index"/> is made of integer locals, parameters, constants and + - * only (reading it
        /// runs nothing); the variables it reads are added to <paramref name="variables"/>.
        /// </summary>
        private static bool IsPlainIndex(ExpressionSyntax index, SemanticModel model, HashSet<ISymbol> variables)
        {
            switch (index)
            {
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression }:
                    return true;
                case ParenthesizedExpressionSyntax parenthesized:
                    return IsPlainIndex(parenthesized.Expression, model, variables);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression or (int)SyntaxKind.SubtractExpression or (int)SyntaxKind.MultiplyExpression } binary:
                    return IsPlainIndex(binary.Left, model, variables) && IsPlainIndex(binary.Right, model, variables)
                        && model.GetTypeInfo(binary).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;
                case IdentifierNameSyntax name:
                    if (model.GetSymbolInfo(name).Symbol is ILocalSymbol { IsConst: true } or IFieldSymbol { IsConst: true })
                        return true;
                    if (VariableOf(name, model) is not { } variable || TypeOf(variable)?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
                        return false;
                    variables.Add(variable);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether nothing in <paramref name="scope"/> (a loop: its condition, incrementors and body) can assign one of
        /// <paramref name="variables"/> or an element of an array that may be one of <paramref name="element"/> (the limit's).
        /// </summary>
        internal static bool Unchanged(SyntaxNode scope, HashSet<ISymbol> variables, ITypeSymbol? element, SemanticModel model)
        {
            foreach (SyntaxNode node in SyntaxNodes.All(scope))
            {
                switch (node)
                {
                    // What runs code the loop's text does not show, or changes memory past the names.
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or RefExpressionSyntax or RefTypeSyntax
                        or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression or (int)SyntaxKind.PointerIndirectionExpression }
                        or MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.PointerMemberAccessExpression } or FixedStatementSyntax
                        or GotoStatementSyntax or TryStatementSyntax or UsingStatementSyntax or LockStatementSyntax or ConditionalAccessExpressionSyntax
                        or DeclarationExpressionSyntax or IsPatternExpressionSyntax or TupleExpressionSyntax or SwitchExpressionSyntax:
                        return false;
                    // Values of other types may have user-defined operators and conversions (code the text does not show).
                    case ExpressionSyntax expression when !PrimitiveValue(expression, model):
                        return false;
                    case InvocationExpressionSyntax call:
                        if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol { IsStatic: true } method
                            || method.ContainingType?.ToDisplayString() is not ("System.Math" or "System.MathF")
                            || call.ArgumentList.Arguments.Any(a => a.RefKindKeyword.RawKind != 0))
                            return false;
                        break;
                    case MemberAccessExpressionSyntax access:
                        // A property may run a getter; array lengths and constants run nothing.
                        if (model.GetSymbolInfo(access).Symbol is IPropertySymbol property
                            && !(property.Name is "Length" or "LongLength" && model.GetTypeInfo(access.Expression).Type is IArrayTypeSymbol))
                            return false;
                        break;
                    case ElementAccessExpressionSyntax access:
                        // Indexers of other types run code; arrays do not.
                        if (model.GetTypeInfo(access.Expression).Type is not IArrayTypeSymbol)
                            return false;
                        break;
                    case ArgumentSyntax argument when argument.RefKindKeyword.RawKind != 0:
                        return false;
                    case AssignmentExpressionSyntax assignment when !Harmless(assignment.Left, variables, element, model):
                        return false;
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } pre
                        when !Harmless(pre.Operand, variables, element, model):
                        return false;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } post
                        when !Harmless(post.Operand, variables, element, model):
                        return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Whether <paramref name="expression"/> names a type, namespace or method, or has (and converts to) a primitive
        /// number, bool or char, or an array of them: the values whose operators and conversions are the language's own.
        /// </summary>
        private static bool PrimitiveValue(ExpressionSyntax expression, SemanticModel model)
        {
            if (model.GetSymbolInfo(expression).Symbol is ITypeSymbol or INamespaceSymbol or IMethodSymbol { MethodKind: MethodKind.Ordinary })
                return true;
            TypeInfo info = model.GetTypeInfo(expression);
            return IsPrimitive(info.Type) && IsPrimitive(info.ConvertedType);

            static bool IsPrimitive(ITypeSymbol? type) => type is null
                || type is IArrayTypeSymbol array && IsPrimitive(array.ElementType) && array.ElementType is not null
                || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double;
        }

        /// <summary>Whether writing <paramref name="target"/> leaves the limit alone.</summary>
        private static bool Harmless(ExpressionSyntax target, HashSet<ISymbol> variables, ITypeSymbol? element, SemanticModel model) => target switch
        {
            IdentifierNameSyntax name => model.GetSymbolInfo(name).Symbol is ILocalSymbol { RefKind: RefKind.None } or IParameterSymbol { RefKind: RefKind.None }
                && !variables.Contains(model.GetSymbolInfo(name).Symbol!),
            // An element of another array: it may be the limit's array only when its elements are integers of the same size.
            ElementAccessExpressionSyntax access => model.GetTypeInfo(access).Type is { } written
                && model.GetTypeInfo(access.Expression).Type is IArrayTypeSymbol && (element is null || !MayShareArray(written, element)),
            _ => false,
        };

        private static bool MayShareArray(ITypeSymbol written, ITypeSymbol element) =>
            written.TypeKind is TypeKind.Enum or TypeKind.TypeParameter || SizeOf(written) is int size && size == SizeOf(element);

        /// <summary>
        /// Bytes of an integer type (the CLR lets an int[] be read as a uint[], and nint[] as long[] on 64-bit);
        /// null for every other type: float, double, bool and char arrays are never an integer array.
        /// </summary>
        private static int? SizeOf(ITypeSymbol type) => type.SpecialType switch
        {
            SpecialType.System_Byte or SpecialType.System_SByte => 1,
            SpecialType.System_Int16 or SpecialType.System_UInt16 => 2,
            SpecialType.System_Int32 or SpecialType.System_UInt32 => 4,
            SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr => 8,
            _ => null,
        };
    }
}
