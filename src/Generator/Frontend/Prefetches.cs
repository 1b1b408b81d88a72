using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Software prefetch for indirect reads in scalar inner loops: in <c>for (int k = …; …; k++) … x[idx[k]] …</c>
    /// (sparse rows, gathers through an index array) the read of x waits on memory at a random address when x is
    /// large, and the core cannot know the address before idx[k] is loaded. The copy of the loop asks
    /// <c>KernelRuntime.PrefetchGather(x, idx, k)</c> after each iteration (in the incrementors, so the body's text
    /// stays as written) to start loading x[idx[k + distance]] early: it never throws, never changes a value, and does
    /// nothing when x is small or the index is past idx's end (Ainsworth and Jones, "Software prefetching for
    /// indirect memory accesses", CGO 2017, is the technique; the distance is the runtime's). Where the loop's limit
    /// is read once (<see cref="InvariantLimits"/>), the copy instead calls <c>KernelRuntime.PrefetchGathers(x, idx,
    /// k, limit)</c> as it reads the limit, which fetches the same elements for the whole loop before it starts.
    /// </summary>
    internal static class Prefetches
    {
        /// <summary>What <see cref="Find"/> found: the inner loop, the call's arguments (x, idx, k) and the read, for the report.</summary>
        internal sealed record Site(ForStatementSyntax Loop, string Arrays, string Counter, string Read)
        {
            private string Arguments => $"{Arrays}, {Counter}";

            /// <summary>Whether the runtime prefetches these reads (x is large): the same for every row of a call.</summary>
            public string Test => $"global::KernelGen.KernelRuntime.PrefetchesGathers({Arrays})";

            /// <summary>The call after each iteration: fetches x[idx[k + distance]].</summary>
            public string Call => $"global::KernelGen.KernelRuntime.PrefetchGather({Arguments})";

            /// <summary>
            /// The call that reads a loop's limit once (<see cref="InvariantLimits"/>) and first fetches what every
            /// iteration up to it will ask for: x[idx[k + distance]] for k from the counter's start to the limit. In
            /// the incrementors the call keeps the JIT from cloning the loop without its range checks (measured: ~20%
            /// slower with the prefetch off, CSR y = A·x); before the loop it does not.
            /// </summary>
            public string CallWithLimit(string limit) => $"global::KernelGen.KernelRuntime.PrefetchGathers({Arguments}, {limit})";

            public string Note(bool beforeLoop) => beforeLoop
                ? $"prefetch: {Read}, {GatherDistance} iterations ahead, fetched for the whole loop as it starts (when the array is over KernelRuntime.PrefetchGatherAbove bytes)"
                : $"prefetch: {Read} fetched {GatherDistance} iterations ahead (when the array is over KernelRuntime.PrefetchGatherAbove bytes)";
        }

        /// <summary>
        /// Inner <c>for</c> loops of <paramref name="body"/> that count an int local up by one and read
        /// <c>x[idx[k]]</c>, with x and idx locals or parameters (arrays of one dimension, idx of int, x of a primitive
        /// numeric type). One site per loop: the first such read.
        /// </summary>
        public static List<Site> Find(StatementSyntax body, SemanticModel model)
        {
            var sites = new List<Site>();
            foreach (ForStatementSyntax loop in SyntaxNodes.All(body).OfType<ForStatementSyntax>())
            {
                if (Counter(loop, model) is not { } counter) continue;
                foreach (ElementAccessExpressionSyntax read in SyntaxNodes.All(loop.Statement).OfType<ElementAccessExpressionSyntax>())
                {
                    if (read.ArgumentList.Arguments.Count != 1 || read.ArgumentList.Arguments[0].Expression is not ElementAccessExpressionSyntax inner
                        || inner.ArgumentList.Arguments.Count != 1 || inner.ArgumentList.Arguments[0].Expression is not IdentifierNameSyntax k
                        || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(k).Symbol, counter)
                        || read.Expression is not IdentifierNameSyntax data || inner.Expression is not IdentifierNameSyntax index
                        || !IsArray(data, model, out ITypeSymbol? element) || !IsPrimitiveNumber(element!)
                        || !IsArray(index, model, out ITypeSymbol? indexElement) || indexElement!.SpecialType != SpecialType.System_Int32)
                        continue;
                    string x = KernelParser.Escape(data.Identifier.ValueText), idx = KernelParser.Escape(index.Identifier.ValueText);
                    string kName = KernelParser.Escape(counter.Name);
                    int line = loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    sites.Add(new Site(loop, $"{x}, {idx}", kName, $"{x}[{idx}[{kName}]] (inner loop, line {line})"));
                    break;
                }
            }
            return sites;
        }

        /// <summary>The distance KernelRuntime.PrefetchGather looks ahead (its GatherDistance), for the report.</summary>
        internal const int GatherDistance = 48;

        /// <summary>The copy of <paramref name="loop"/> with the prefetch call after its incrementors.</summary>
        public static ForStatementSyntax WithPrefetch(ForStatementSyntax loop, string call) =>
            loop.WithIncrementors(loop.Incrementors.Add(SyntaxFactory.ParseExpression(call).WithLeadingTrivia(SyntaxFactory.Space)));

        /// <summary>The loop's int counter k: declared in the loop, stepped only by k++, ++k or k += 1 in the incrementors.</summary>
        internal static ILocalSymbol? Counter(ForStatementSyntax loop, SemanticModel model)
        {
            if (loop.Declaration is not { Variables.Count: 1 } declaration || loop.Incrementors.Count != 1
                || model.GetDeclaredSymbol(declaration.Variables[0]) is not ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 } counter)
                return null;
            ExpressionSyntax step = loop.Incrementors[0];
            ExpressionSyntax? stepped = step switch
            {
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } post => post.Operand,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } pre => pre.Operand,
                AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression, Right: LiteralExpressionSyntax { Token.ValueText: "1" } } add => add.Left,
                _ => null,
            };
            return stepped is IdentifierNameSyntax name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, counter) ? counter : null;
        }

        /// <summary>A local or parameter holding a one-dimensional array; <paramref name="element"/> its element type.</summary>
        private static bool IsArray(IdentifierNameSyntax name, SemanticModel model, out ITypeSymbol? element)
        {
            ITypeSymbol? type = model.GetSymbolInfo(name).Symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter when parameter.RefKind == RefKind.None => parameter.Type,
                _ => null,
            };
            element = type is IArrayTypeSymbol { Rank: 1 } array ? array.ElementType : null;
            return element is not null;
        }

        internal static bool IsPrimitiveNumber(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte;
    }
}
