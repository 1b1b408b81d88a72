using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// The semantic models the generator asks its questions of: one per syntax tree and compilation, with nullable
    /// analysis off. In a project with &lt;Nullable&gt;enable&lt;/Nullable&gt; the first question about a method makes
    /// Roslyn run its nullable walker over the whole body (a third of the generator's time on the random kernels);
    /// KernelGen never reads nullability from method bodies (types it writes come from declarations, stripped of
    /// annotations), so that work is skipped. The analyzer keeps the compiler's own model (whose nullable analysis
    /// the build does anyway).
    /// </summary>
    internal static class SemanticModels
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> s_models = new();

        public static SemanticModel For(Compilation compilation, SyntaxTree tree) =>
            s_models.GetValue(compilation, _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>())
#pragma warning disable RSEXPERIMENTAL001 // SemanticModelOptions: shipped in Roslyn 4.9, marked experimental
                .GetOrAdd(tree, t => compilation.GetSemanticModel(t, SemanticModelOptions.DisableNullableAnalysis));
#pragma warning restore RSEXPERIMENTAL001
    }
}
