using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Range checks made once a chunk for the rows of an offsets table. In a PRange loop over rows with an inner loop
    /// <c>for (int k = a[row]; k &lt; a[row + 1]; k++) … values[k] … x[col[k]] …</c> (CSR y = A·x, graph pulls, ragged
    /// rows) the scalar copy checks every <c>values[k]</c>, <c>col[k]</c> and <c>x[col[k]]</c>: three compares and
    /// branches for each non-zero, where the loop's work is one multiply-add, so the core holds fewer of x's cache
    /// misses in flight than gcc's loop without checks (measured, CSR at 10^6 rows, one thread: 0.78× the C twin with
    /// the checks, 1.00× without).
    /// <para>
    /// The proof is made per chunk, at run time, before its rows run: <c>a[first..last]</c> never falls, starts at 0 or
    /// more and ends within every array indexed by k (<c>KernelRuntime.RowsWithin</c>), so every k of every row of the
    /// chunk is a valid index of those arrays; and the entries of <c>col</c> at those k are inside <c>x</c>
    /// (<c>KernelRuntime.IndexesBelow</c>, one vector scan of the chunk's entries, which the loop then finds in the
    /// cache). Where it holds, a copy of the rows reads those elements through <c>Unsafe.Add</c>; where it does not, the
    /// loop as written runs with every check and throws where the serial loop throws.
    /// </para>
    /// <para>
    /// What the proof assumes is checked on the text, conservatively: the counter is stepped only by its incrementor
    /// and starts at <c>a[row]</c> with <c>row</c> the PRange index; nothing in the PRange body assigns the arrays, writes
    /// an element of an integer array of int's size (a, col, or an int[] that is one of them as a uint[]), or runs code
    /// the text does not show (<see cref="InvariantLimits.Unchanged"/>); every array is a variable of the method, so
    /// each chunk sees the same arrays the proof read. Only reads are made unchecked: a store through Unsafe.Add would
    /// also skip the covariance check of an array of references.
    /// </para>
    /// </summary>
    internal static class OffsetRows
    {
        /// <summary>
        /// The reads one inner loop makes without checks: each access with its replacement text, the guard's terms, the
        /// arrays needing a reference to their first element, and a line for the report.
        /// </summary>
        internal sealed record Site(
            ForStatementSyntax Loop,
            HashSet<ElementAccessExpressionSyntax> Reads,
            List<string> Terms,
            List<string> Arrays,
            string Note);

        /// <summary>The loops of <paramref name="body"/> (the PRange loop's statement, index <paramref name="row"/>) whose reads can be checked once a chunk.</summary>
        /// <paramref name="prefetched"/>: the loops whose reads the runtime may prefetch; their copy runs without the
        /// prefetch, where the runtime does not prefetch (x fits in the cache: measured, the prefetch's test in every row
        /// costs ~8% there), and the loop as written, with its checks and prefetch, where it does.
        public static List<Site> Find(StatementSyntax body, ILocalSymbol row, SemanticModel model, int scopeStart, int scopeEnd,
            IReadOnlyDictionary<ForStatementSyntax, Prefetches.Site> prefetched)
        {
            var sites = new List<Site>();
            if (row.Type.SpecialType != SpecialType.System_Int32) return sites;
            foreach (ForStatementSyntax loop in SyntaxNodes.All(body).OfType<ForStatementSyntax>())
            {
                if (Prefetches.Counter(loop, model) is not { } counter
                    || loop.Declaration!.Variables[0].Initializer?.Value is not ElementAccessExpressionSyntax start
                    || !IsRowRead(start, row, 0, model, out ISymbol? offsets)
                    || loop.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression, Left: IdentifierNameSyntax k } test
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(k).Symbol, counter)
                    || test.Right is not ElementAccessExpressionSyntax end || !IsRowRead(end, row, 1, model, out ISymbol? endOffsets)
                    || !SymbolEqualityComparer.Default.Equals(offsets, endOffsets) || !IsOuter(offsets!, scopeStart, scopeEnd))
                    continue;
                // The reads: a[k] (any array a of the method) and x[col[k]] (col an int[]), not written.
                var plain = new List<(ElementAccessExpressionSyntax Access, ISymbol Array)>();
                var gathers = new List<(ElementAccessExpressionSyntax Access, ISymbol Data, ISymbol Index)>();
                foreach (ElementAccessExpressionSyntax access in SyntaxNodes.All(loop.Statement).OfType<ElementAccessExpressionSyntax>())
                {
                    if (IsWritten(access) || !IsCounterRead(access, counter, model, scopeStart, scopeEnd, out ISymbol? array)) continue;
                    plain.Add((access, array!));
                    if (access.Parent is ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: BracketedArgumentListSyntax { Arguments.Count: 1, Parent: ElementAccessExpressionSyntax outer } }
                        && !IsWritten(outer) && ((IArrayTypeSymbol)TypeOf(array!)!).ElementType.SpecialType == SpecialType.System_Int32
                        && outer.Expression is IdentifierNameSyntax dataName && ArrayOf(dataName, model, scopeStart, scopeEnd) is { } source)
                        gathers.Add((outer, source, array!));
                }
                if (plain.Count == 0) continue;
                // Nothing may change the arrays, the offsets, the col entries or the counter while the rows run.
                var arrays = new HashSet<ISymbol>(plain.Select(p => p.Array).Concat(gathers.Select(g => g.Data)).Append(offsets!), SymbolEqualityComparer.Default);
                ITypeSymbol intType = model.Compilation.GetSpecialType(SpecialType.System_Int32);
                if (!InvariantLimits.Unchanged(body, arrays, intType, model)
                    || !InvariantLimits.Unchanged(loop.Statement, new HashSet<ISymbol>(arrays.Append(counter), SymbolEqualityComparer.Default), intType, model))
                    continue;

                string a = Name(offsets!);
                var terms = new List<string>();
                List<string> indexed = plain.Select(p => Name(p.Array)).Distinct().ToList();
                List<string> data = gathers.Select(g => Name(g.Data)).Distinct().ToList();
                terms.AddRange(indexed.Concat(data).Distinct().Select(n => $"{n} is not null"));
                if (prefetched.TryGetValue(loop, out Prefetches.Site? prefetch)) terms.Add("!" + prefetch.Test);
                string length = indexed.Skip(1).Aggregate($"{indexed[0]}.Length", (min, n) => $"global::System.Math.Min({min}, {n}.Length)");
                terms.Add($"global::KernelGen.KernelRuntime.RowsWithin({a}, __kg_first, __kg_last, {length})");
                foreach ((string dataArray, string index) in gathers.Select(g => (Name(g.Data), Name(g.Index))).Distinct())
                    terms.Add($"global::KernelGen.KernelRuntime.IndexesBelow({index}, {a}[__kg_first], {a}[__kg_last], {dataArray}.Length)");

                var reads = new HashSet<ElementAccessExpressionSyntax>(plain.Select(p => p.Access).Concat(gathers.Select(g => g.Access)));
                int line = loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                IEnumerable<string> texts = plain.Select(p => p.Access.ToString()).Concat(gathers.Select(g => g.Access.ToString())).Distinct();
                string gathered = gathers.Count == 0 ? ""
                    : $", and {Join(gathers.Select(g => Name(g.Index)).Distinct())}'s entries there index {Join(data)}";
                string unless = prefetch is null ? "" : $" (when {prefetch.Read.Substring(0, prefetch.Read.IndexOf(' '))} is not prefetched)";
                sites.Add(new Site(loop, reads, terms, indexed.Concat(data).Distinct().ToList(),
                    $"range checks: {Join(texts)} (inner loop, line {line}) made once a chunk{unless}: {a} rises over the chunk's rows and bounds them{gathered}; where not, the chunk runs with every check"));
            }
            return sites;
        }

        /// <summary>
        /// <paramref name="current"/> (the rewritten copy of a read that <see cref="Find"/> listed) as a read without a range check:
        /// <c>Unsafe.Add(ref __kg_at_a, index)</c> with the index as rewritten (a gather's inner read is one too).
        /// </summary>
        public static ExpressionSyntax Unchecked(ElementAccessExpressionSyntax current)
        {
            string array = ((IdentifierNameSyntax)current.Expression).Identifier.Text;
            string index = current.ArgumentList.Arguments[0].Expression.ToString();
            return SyntaxFactory.ParseExpression($"global::System.Runtime.CompilerServices.Unsafe.Add(ref {CheckedRowsSpec.RefName(array)}, {index})")
                .WithTriviaFrom(current);
        }

        private static string Join(IEnumerable<string> items)
        {
            List<string> list = items.ToList();
            return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[list.Count - 1];
        }

        private static string Name(ISymbol symbol) => KernelParser.Escape(symbol.Name);

        /// <summary><c>a[row]</c> (<paramref name="plus"/> 0) or <c>a[row + 1]</c> (1), a an int[] variable.</summary>
        private static bool IsRowRead(ElementAccessExpressionSyntax access, ILocalSymbol row, int plus, SemanticModel model, out ISymbol? array)
        {
            array = null;
            if (access.ArgumentList.Arguments.Count != 1 || access.ArgumentList.Arguments[0].RefKindKeyword.RawKind != 0
                || access.Expression is not IdentifierNameSyntax name)
                return false;
            ExpressionSyntax index = access.ArgumentList.Arguments[0].Expression;
            if (plus == 1)
            {
                if (index is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression, Right: LiteralExpressionSyntax { Token.Value: 1 } } add)
                    return false;
                index = add.Left;
            }
            if (index is not IdentifierNameSyntax r || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(r).Symbol, row))
                return false;
            array = model.GetSymbolInfo(name).Symbol;
            return array is ILocalSymbol or IParameterSymbol
                && TypeOf(array) is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Int32 };
        }

        /// <summary><c>a[k]</c>, a a one-dimensional array variable of the method; <paramref name="array"/> its symbol.</summary>
        private static bool IsCounterRead(ElementAccessExpressionSyntax access, ILocalSymbol counter, SemanticModel model, int scopeStart, int scopeEnd, out ISymbol? array)
        {
            array = null;
            if (access.ArgumentList.Arguments.Count != 1 || access.ArgumentList.Arguments[0] is not { RefKindKeyword.RawKind: 0, Expression: IdentifierNameSyntax k }
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(k).Symbol, counter) || access.Expression is not IdentifierNameSyntax name)
                return false;
            array = ArrayOf(name, model, scopeStart, scopeEnd);
            return array is not null;
        }

        /// <summary>A by-value parameter or a local declared outside the PRange loop, of a one-dimensional array type.</summary>
        private static ISymbol? ArrayOf(IdentifierNameSyntax name, SemanticModel model, int scopeStart, int scopeEnd)
        {
            ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
            return symbol is ILocalSymbol { RefKind: RefKind.None } or IParameterSymbol { RefKind: RefKind.None }
                && IsOuter(symbol, scopeStart, scopeEnd) && TypeOf(symbol) is IArrayTypeSymbol { Rank: 1 } ? symbol : null;
        }

        /// <summary>Declared outside the PRange loop (a parameter, or a local before it): one value for every chunk.</summary>
        private static bool IsOuter(ISymbol symbol, int scopeStart, int scopeEnd) => symbol is IParameterSymbol { RefKind: RefKind.None }
            || symbol is ILocalSymbol { RefKind: RefKind.None } && symbol.DeclaringSyntaxReferences.All(r => r.Span.Start < scopeStart || r.Span.Start >= scopeEnd);

        private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };

        /// <summary>Whether the access is a place the code writes or passes by reference (not a plain read).</summary>
        private static bool IsWritten(ExpressionSyntax access) => access.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == access,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => true,
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } => true,
            ArgumentSyntax argument => argument.RefKindKeyword.RawKind != 0,
            RefExpressionSyntax => true,
            _ => false,
        };
    }
}
