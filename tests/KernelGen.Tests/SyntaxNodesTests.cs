using System.Linq;
using KernelGen.Generator.Frontend;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// SyntaxNodes' slices of one member-wide list equal the tree iterator's answer for every method, body, statement,
    /// lambda and expression of the plan census sources (the analyses' walks depend on it).
    /// </summary>
    public class SyntaxNodesTests
    {
        [Fact]
        public void Slices_equal_the_tree_walk_for_every_node_of_the_census_sources()
        {
            int checkedNodes = 0;
            foreach ((string set, string source) in PlanCensusTests.Sources().Where((_, k) => k % 6 == 0))
            {
                SyntaxNode root = CSharpSyntaxTree.ParseText(source).GetRoot();
                foreach (SyntaxNode node in root.DescendantNodesAndSelf().Where(n => n is MemberDeclarationSyntax or StatementSyntax or ExpressionSyntax or CompilationUnitSyntax))
                {
                    Assert.True(node.DescendantNodesAndSelf().SequenceEqual(SyntaxNodes.All(node)), $"{set}: All({node.Kind()} at {node.SpanStart})");
                    Assert.True(node.DescendantNodesAndSelf(n => !LoopAnalysis.IsFunctionBoundary(n)).SequenceEqual(SyntaxNodes.Own(node)), $"{set}: Own({node.Kind()} at {node.SpanStart})");
                    checkedNodes++;
                }
            }
            Assert.True(checkedNodes > 10_000, $"only {checkedNodes} nodes");
        }
    }
}
