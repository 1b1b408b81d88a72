using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// The nodes under a syntax node, listed once and reused: the analyses of one loop walk its body a dozen times
    /// (jumps, captures, races, reductions, the report), and walking an array is several times cheaper than
    /// re-running the tree iterator (a 10,000-statement body: about a sixth of the analysis). Syntax is immutable,
    /// so a list never goes stale; it lives as long as its node.
    /// </summary>
    internal static class SyntaxNodes
    {
        private static readonly ConditionalWeakTable<SyntaxNode, SyntaxNode[]> s_all = new();
        private static readonly ConditionalWeakTable<SyntaxNode, SyntaxNode[]> s_own = new();

        /// <summary><paramref name="root"/> and every node under it, in document order.</summary>
        public static SyntaxNode[] All(SyntaxNode root) => s_all.GetValue(root, r => r.DescendantNodesAndSelf().ToArray());

        /// <summary>The same without the insides of lambdas and local functions (the nodes themselves are listed).</summary>
        public static SyntaxNode[] Own(SyntaxNode root) =>
            s_own.GetValue(root, r => r.DescendantNodesAndSelf(n => !LoopAnalysis.IsFunctionBoundary(n)).ToArray());
    }
}
