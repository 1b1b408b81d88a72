using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// The nodes under a syntax node, listed once and reused: the analyses of one loop walk its body a dozen times
    /// (jumps, captures, races, reductions, the report), and walking an array is several times cheaper than
    /// re-running the tree iterator (a 10,000-statement body: about a sixth of the analysis). The nodes of a whole
    /// member are listed once, in document order; a node inside it gets the slice of that list its subtree occupies
    /// (descendants follow their node contiguously), so the method, its body and each loop share one walk. Syntax is
    /// immutable, so a list never goes stale; it lives as long as its node.
    /// </summary>
    internal static class SyntaxNodes
    {
        private static readonly ConditionalWeakTable<SyntaxNode, SyntaxNode[]> s_member = new();
        private static readonly ConditionalWeakTable<SyntaxNode, ArraySegmentBox> s_all = new();
        private static readonly ConditionalWeakTable<SyntaxNode, SyntaxNode[]> s_own = new();

        private sealed class ArraySegmentBox { public ArraySegment<SyntaxNode> Nodes; }

        /// <summary>
        /// Whether a reference to a variable uses its value or assigns it, and nothing more: not a ref to it (<c>ref v</c>,
        /// a ref, out or in argument) nor its address, so nothing else can reach its storage.
        /// </summary>
        public static bool ValueUse(IdentifierNameSyntax reference)
        {
            SyntaxNode node = reference;
            while (node.Parent is ParenthesizedExpressionSyntax) node = node.Parent;
            return node.Parent is not (RefExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
                && !(node.Parent is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AddressOfExpression));
        }

        /// <summary><paramref name="root"/> and every node under it, in document order.</summary>
        public static IReadOnlyList<SyntaxNode> All(SyntaxNode root) => s_all.GetValue(root, r => new ArraySegmentBox { Nodes = Slice(r) }).Nodes;

        /// <summary>The same without the insides of lambdas and local functions (the nodes themselves are listed).</summary>
        public static IReadOnlyList<SyntaxNode> Own(SyntaxNode root) => s_own.GetValue(root, r =>
        {
            var own = new List<SyntaxNode>();
            ArraySegment<SyntaxNode> all = Slice(r);
            int end = all.Offset + all.Count;
            SyntaxNode[] nodes = all.Array!;
            for (int k = all.Offset; k < end; k++)
            {
                SyntaxNode node = nodes[k];
                own.Add(node);
                if (LoopAnalysis.IsFunctionBoundary(node))
                    while (k + 1 < end && node.Span.Contains(nodes[k + 1].Span) && IsInside(nodes[k + 1], node)) k++; // skip its insides
            }
            return own.ToArray();
        });

        /// <summary>The slice of the enclosing member's list that is <paramref name="node"/> and its descendants.</summary>
        private static ArraySegment<SyntaxNode> Slice(SyntaxNode node)
        {
            SyntaxNode member = node;
            for (SyntaxNode? up = node; up is not null; up = up.Parent)
                if (up is MemberDeclarationSyntax) { member = up; break; }
            if (member is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax) member = node; // a type: list just the node
            SyntaxNode[] nodes = s_member.GetValue(member, m => System.Linq.Enumerable.ToArray(m.DescendantNodesAndSelf()));
            int start = IndexOf(nodes, node);
            if (start < 0) return new ArraySegment<SyntaxNode>(System.Linq.Enumerable.ToArray(node.DescendantNodesAndSelf()));
            int stop = start + 1;
            while (stop < nodes.Length && IsInside(nodes[stop], node)) stop++;
            return new ArraySegment<SyntaxNode>(nodes, start, stop - start);
        }

        /// <summary>Whether <paramref name="node"/> lies under <paramref name="ancestor"/> (by span, then by parents where spans touch).</summary>
        private static bool IsInside(SyntaxNode node, SyntaxNode ancestor)
        {
            if (node.SpanStart < ancestor.Span.End) return node.SpanStart >= ancestor.SpanStart;
            if (node.SpanStart > ancestor.Span.End) return false;
            for (SyntaxNode? up = node.Parent; up is not null; up = up.Parent) // a zero-width node at the end
                if (up == ancestor) return true;
            return false;
        }

        /// <summary>The position of <paramref name="node"/> in a document-order list: a binary search on start, then equal starts.</summary>
        private static int IndexOf(SyntaxNode[] nodes, SyntaxNode node)
        {
            int lo = 0, hi = nodes.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (nodes[mid].SpanStart < node.SpanStart) lo = mid + 1; else hi = mid;
            }
            for (int k = lo; k < nodes.Length && nodes[k].SpanStart == node.SpanStart; k++)
                if (nodes[k] == node) return k;
            return -1;
        }
    }
}
