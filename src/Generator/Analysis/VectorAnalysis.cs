using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Analysis
{
    internal static partial class VectorAnalysis
    {
        public static VectorPlan Plan(ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model) =>
            Scalar("not analyzed yet");

        private static VectorPlan Scalar(string reason) =>
            new(reason, "", EquatableArray<VectorArray>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, "");
    }
}
