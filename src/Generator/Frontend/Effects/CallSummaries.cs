using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend.Effects
{
    /// <summary>What calling a method of this compilation may do, in terms of its parameters (see <see cref="EffectWalker"/>).</summary>
    internal sealed class Summary
    {
        public Summary(IReadOnlyList<Effect> effects, bool returnsFresh) { Effects = effects; ReturnsFresh = returnsFresh; }
        public IReadOnlyList<Effect> Effects { get; }
        /// <summary>Every value it returns is a new object (or immutable): the caller's private.</summary>
        public bool ReturnsFresh { get; }
        public static readonly Summary Empty = new(System.Array.Empty<Effect>(), true);
    }

    /// <summary>
    /// Interprocedural summaries of the methods of one compilation: transitive (a callee's callees are in its
    /// summary), cached per compilation (shared by the generator's and the analyzer's kernels, thread-safe), bounded
    /// (call depth and the total code walked per loop), and sound on recursion (a cycle is iterated until its summary
    /// stops growing).
    /// </summary>
    internal sealed class CallSummaries
    {
        /// <summary>Call chains deeper than this have unknown effects (the loop stays serial and says so).</summary>
        public const int MaxCallDepth = 96;
        /// <summary>Operations walked for one loop's calls (the loop's own body is not counted).</summary>
        public const int MaxOperations = 400_000;
        /// <summary>Distinct effects kept per summary; more make the summary unknown.</summary>
        public const int MaxEffects = 64;
        private const int MaxCycleRounds = 8;

        private static readonly ConditionalWeakTable<Compilation, CallSummaries> s_byCompilation = new();

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, Summary> _done = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

        private CallSummaries(Compilation compilation) => _compilation = compilation;

        public static CallSummaries For(Compilation compilation) => s_byCompilation.GetValue(compilation, c => new CallSummaries(c));

        /// <summary>The work one loop's analysis may spend on summaries, and the methods being summarized right now (cycles).</summary>
        internal sealed class Budget
        {
            private int _operations;
            public readonly List<IMethodSymbol> Stack = new();
            public readonly Dictionary<IMethodSymbol, Summary> Partial = new(SymbolEqualityComparer.Default);
            public readonly HashSet<IMethodSymbol> UsedPartially = new(SymbolEqualityComparer.Default);
            public bool Exhausted => _operations > MaxOperations;
            public void Spend(int operations) => _operations += operations;
        }

        public bool IsSourceType(ITypeSymbol type) =>
            type.OriginalDefinition.DeclaringSyntaxReferences.Any(r => _compilation.ContainsSyntaxTree(r.SyntaxTree));

        /// <summary>A method of this compilation with code to look into (or compiler-generated for a type of it).</summary>
        public bool IsSourceMethod(IMethodSymbol method)
        {
            IMethodSymbol definition = Definition(method);
            if (definition.IsAbstract || definition.IsExtern) return false;
            if (definition.ContainingType is { } type && !IsSourceType(type)) return false;
            return definition.IsImplicitlyDeclared || definition.DeclaringSyntaxReferences.Any(r => _compilation.ContainsSyntaxTree(r.SyntaxTree));
        }

        private static IMethodSymbol Definition(IMethodSymbol method)
        {
            IMethodSymbol definition = method.OriginalDefinition;
            if (definition.ReducedFrom is { } reduced) definition = reduced.OriginalDefinition; // extension method called as x.M()
            return definition.PartialImplementationPart ?? definition;
        }

        public bool ReturnsFresh(IMethodSymbol method, Budget budget) => Get(method, budget).ReturnsFresh;

        public Summary Get(IMethodSymbol method, Budget budget)
        {
            IMethodSymbol definition = Definition(method);
            if (_done.TryGetValue(definition, out Summary? done)) return done;
            if (budget.Stack.Contains(definition, SymbolEqualityComparer.Default))
            {
                // Recursion: the summary so far; the outer computation repeats until it stops growing.
                budget.UsedPartially.Add(definition);
                return budget.Partial.TryGetValue(definition, out Summary? partial) ? partial : Summary.Empty;
            }
            if (budget.Stack.Count >= MaxCallDepth)
                return Unknown(definition, $"its calls are nested more than {MaxCallDepth} deep, more than KernelGen follows");
            if (budget.Exhausted)
                return Unknown(definition, "the code it calls is too large for KernelGen to summarize");

            budget.Stack.Add(definition);
            int usedBefore = budget.UsedPartially.Count;
            Summary summary = Summary.Empty;
            bool dependsOnOuter = false;
            try
            {
                for (int round = 0; round < MaxCycleRounds; round++)
                {
                    budget.UsedPartially.Remove(definition);
                    summary = Compute(definition, budget);
                    bool recursive = budget.UsedPartially.Contains(definition);
                    if (!recursive || SameEffects(summary, budget.Partial.TryGetValue(definition, out Summary? previous) ? previous : Summary.Empty))
                        break;
                    budget.Partial[definition] = summary;
                    if (round == MaxCycleRounds - 1)
                        summary = Unknown(definition, "its recursion did not settle within KernelGen's bounds");
                }
                // Used a summary of a method still being computed further out: correct for this query, not for the cache.
                dependsOnOuter = budget.UsedPartially.Any(m => !SymbolEqualityComparer.Default.Equals(m, definition) && budget.Stack.Contains(m, SymbolEqualityComparer.Default));
            }
            finally
            {
                budget.Stack.RemoveAt(budget.Stack.Count - 1);
                budget.Partial.Remove(definition);
                budget.UsedPartially.Remove(definition);
            }
            _ = usedBefore;
            if (!dependsOnOuter && !budget.Exhausted) _done.TryAdd(definition, summary);
            return summary;
        }

        private static bool SameEffects(Summary a, Summary b) =>
            a.Effects.Count == b.Effects.Count && a.ReturnsFresh == b.ReturnsFresh;

        private static Summary Unknown(IMethodSymbol method, string why)
        {
            SyntaxNode at = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() ?? (SyntaxNode)Microsoft.CodeAnalysis.CSharp.SyntaxFactory.IdentifierName(method.Name);
            return new Summary(new[] { new Effect(AccessKind.Write, PlaceKind.UnknownCall, null, default, why, at, "") }, false);
        }

        private SemanticModel ModelOf(SyntaxTree tree) => _models.GetOrAdd(tree, t => SemanticModels.For(_compilation, t));

        private Summary Compute(IMethodSymbol method, Budget budget)
        {
            if (method.IsImplicitlyDeclared && method.DeclaringSyntaxReferences.Length == 0)
                return ImplicitMember(method, budget);
            var regions = new List<IOperation>();
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
                if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) continue;
                SemanticModel model = ModelOf(syntax.SyntaxTree);
                IOperation? body = model.GetOperation(syntax);
                if (body is null && syntax is ArrowExpressionClauseSyntax arrow) body = model.GetOperation(arrow.Expression);
                if (body is null) return Unknown(method, "KernelGen could not read its body");
                regions.Add(body);
                if (method.MethodKind == MethodKind.Constructor && syntax is ConstructorDeclarationSyntax { Initializer: not { ThisOrBaseKeyword.ValueText: "this" } })
                    regions.AddRange(InstanceInitializers(method.ContainingType));
            }
            if (regions.Count == 0) return Unknown(method, "it has no body KernelGen can read");
            return Walk(method, regions, budget);
        }

        /// <summary>Compiler-written members: a default constructor runs the field initializers; record members read fields.</summary>
        private Summary ImplicitMember(IMethodSymbol method, Budget budget)
        {
            if (method.MethodKind == MethodKind.Constructor)
                return Walk(method, InstanceInitializers(method.ContainingType).ToList(), budget);
            if (method.Name is "ToString" or "PrintMembers")
                return Unknown(method, "the record's generated ToString calls ToString on each member");
            return Summary.Empty; // Equals, GetHashCode, ==, !=, Deconstruct, <Clone>$, property accessors of records
        }

        private IEnumerable<IOperation> InstanceInitializers(INamedTypeSymbol type)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol)) continue;
                foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
                {
                    SyntaxNode syntax = reference.GetSyntax();
                    EqualsValueClauseSyntax? initializer = syntax switch
                    {
                        VariableDeclaratorSyntax variable => variable.Initializer,
                        PropertyDeclarationSyntax property => property.Initializer,
                        _ => null,
                    };
                    if (initializer is not null && ModelOf(syntax.SyntaxTree).GetOperation(initializer) is { } operation)
                        yield return operation;
                }
            }
        }

        private Summary Walk(IMethodSymbol method, List<IOperation> regions, Budget budget)
        {
            var walker = new EffectWalker(new CalleeScope(), this, budget);
            foreach (IOperation region in regions) walker.Walk(region);

            var effects = new List<Effect>();
            var keys = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (Effect effect in walker.Effects)
            {
                if (effect.Place == PlaceKind.Variable && effect.Base.Kind != BaseKind.This
                    && effect.Symbol is not IParameterSymbol { RefKind: not RefKind.None })
                    continue; // the callee's own locals
                if (effect.Place == PlaceKind.Contents && effect.Base.Kind == BaseKind.Root && effect.Base.Symbol is not IParameterSymbol)
                    continue; // objects held by the callee's locals that came from outside are Unknown, not Root
                string key = $"{(int)effect.Access}|{(int)effect.Place}|{effect.Symbol?.ToDisplayString()}|{(int)effect.Base.Kind}|{effect.Base.Symbol?.ToDisplayString()}|{effect.Member}|{effect.Via}";
                if (!keys.Add(key)) continue;
                if (effects.Count == MaxEffects)
                    return Unknown(method, $"it has more than {MaxEffects} distinct side effects, more than KernelGen tracks");
                // Reported at the call site later: keep the first place in the callee only for the chain's sake.
                effects.Add(effect);
            }
            bool fresh = true;
            foreach (IOperation region in regions)
                foreach (IReturnOperation ret in region.DescendantsAndSelf().OfType<IReturnOperation>())
                {
                    if (ret.ReturnedValue is null || ret.Syntax.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                        && !(region.Syntax is LocalFunctionStatementSyntax)) continue;
                    if (walker.OriginOf(ret.ReturnedValue, 0).Bases.Any(b => b.Kind != BaseKind.Fresh)) fresh = false;
                }
            return new Summary(effects, fresh);
        }

        /// <summary>A callee: its locals are its own; its parameters and <c>this</c> are the caller's objects.</summary>
        private sealed class CalleeScope : EffectWalker.Scope
        {
            public override bool IsLoop => false;
        }
    }
}
