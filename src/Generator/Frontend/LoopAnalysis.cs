using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Classifies what one PRange loop body touches (loop index, private, shared read-only, shared written) and
    /// finds what keeps it from running in parallel. Shared by the generator (which parallelizes only a loop with
    /// no problems) and the analyzer (which reports the problems).
    /// </summary>
    internal sealed class LoopAnalysis
    {
        public LoopAnalysis(ForEachStatementSyntax loop, ILocalSymbol index, bool is64)
        {
            Loop = loop; Index = index; Is64 = is64;
        }

        public ForEachStatementSyntax Loop { get; }
        public ILocalSymbol Index { get; }
        public bool Is64 { get; }

        /// <summary>Locals and parameters declared outside the loop that the body reads (shared, read-only).</summary>
        public List<ISymbol> Captures { get; } = new();

        /// <summary>Local constants declared outside the loop that the body uses.</summary>
        public List<ILocalSymbol> Constants { get; } = new();

        /// <summary>
        /// Static local functions of the kernel declared outside the loop that the body calls: they capture nothing, so
        /// each chunk declares its own copy (their text) and calls it as the body does.
        /// </summary>
        public List<LocalFunctionStatementSyntax> LocalFunctions { get; } = new();

        /// <summary>Locals declared inside the body: private to each iteration.</summary>
        public List<ISymbol> Privates { get; } = new();

        /// <summary>Why the loop must stay serial; empty when it can run in parallel.</summary>
        public List<Diagnostic> Problems { get; } = new();

        /// <summary>Diagnostics to report that do not keep the loop serial (KG1003).</summary>
        public List<Diagnostic> Warnings { get; } = new();

        /// <summary>"a|b" pairs of array variables that must not be the same array for the loop to run in parallel.</summary>
        public List<string> AliasChecks { get; } = new();

        /// <summary>Spans and arrays that may view a rectangular array or a jagged array's rows (see <see cref="Model.ViewCheckSpec"/>).</summary>
        public List<Model.ViewCheckSpec> ViewChecks { get; } = new();

        /// <summary>Conditions the independence proof needs, checked at the launch (see <see cref="RaceAnalysis.RunTimeChecks"/>).</summary>
        public List<Model.RunTimeCheckSpec> RunTimeChecks { get; } = new();

        /// <summary>Shared scalars updated only by reduction statements (see <see cref="Frontend.Reductions"/>).</summary>
        public List<Model.ReductionSpec> Reductions { get; } = new();

        /// <summary>Induction variables (see <see cref="Frontend.Inductions"/>); they are also in <see cref="Captures"/>, for their value before the loop.</summary>
        public List<Model.InductionSpec> Inductions { get; } = new();

        /// <summary>For each reference of an induction variable, the value its expression yields as an offset from k0 + c·t (the race analysis's affine forms).</summary>
        public Dictionary<IdentifierNameSyntax, long> InductionOffsets { get; } = new();
        /// <summary>The value an induction variable advances by, where it is not a constant (<see cref="Model.InductionSpec.Unit"/>), by the variable's name.</summary>
        public Dictionary<string, ISymbol> InductionUnits { get; } = new();

        /// <summary>Shared arrays updated only by reduction statements (histograms; see <see cref="Frontend.Reductions.TryMatchArray"/>).</summary>
        public List<Model.ArrayReductionSpec> ArrayReductions { get; } = new();

        /// <summary>The array variables of <see cref="ArrayReductions"/>: the race analysis leaves their accesses alone.</summary>
        public List<ISymbol> ReducedArrays { get; } = new();

        /// <summary>Span and ReadOnlySpan variables the body uses (pinned, passed as pointer and length).</summary>
        public List<ISymbol> Spans { get; } = new();

        /// <summary>Arrays of references written through whose elements the launch checks distinct (see <see cref="RaceAnalysis.RowsWritten"/>).</summary>
        public List<string> RowsWritten { get; } = new();
        public List<string> RowsRead { get; } = new();
        public List<string> RowFlats { get; } = new();

        /// <summary>What every rank gets after the loop when it is split over ranks (null: it runs whole on each; see <see cref="RaceAnalysis.Shares"/>).</summary>
        public List<Model.ShareSpec>? Shares { get; private set; }
        public string WhyNotDistributed { get; private set; } = "";

        /// <summary>A reduction's partials (or an argmin's index) hold references: they cannot be sent between ranks as bytes.</summary>
        public bool ManagedPartials { get; private set; }

        /// <summary>What the effect model found fine (atomic updates …), for the report.</summary>
        public List<string> EffectNotes { get; } = new();

        public List<string> Reads { get; } = new();
        public List<string> Writes { get; } = new();

        public int CostPerIteration { get; private set; } = 1;
        public bool HasInnerLoops { get; private set; }

        /// <summary>
        /// Why iterations cost different amounts, for the report ("" when nothing says so): an inner loop whose bounds
        /// or condition read the index or a local computed from it (see <see cref="FindUnevenWork"/>).
        /// </summary>
        public string UnevenWork { get; private set; } = "";

        public bool CanParallelize => Problems.Count == 0;

        /// <summary>Whether <paramref name="loop"/> iterates a KernelGen PRange; tells whether it is the 64-bit one.</summary>
        public static bool IsPRangeLoop(ForEachStatementSyntax loop, SemanticModel model, out bool is64)
        {
            is64 = false;
            if (model.GetTypeInfo(loop.Expression).Type is not INamedTypeSymbol type
                || type.ContainingNamespace?.ToDisplayString() != "KernelGen")
                return false;
            if (type.Name == "PRangeEnumerable") return true;
            if (type.Name == "PRangeEnumerable64") { is64 = true; return true; }
            return false;
        }

        public static LoopAnalysis Analyze(ForEachStatementSyntax loop, ILocalSymbol index, bool is64, SemanticModel model)
        {
            var result = new LoopAnalysis(loop, index, is64);
            result.Run(model);
            return result;
        }

        private void Run(SemanticModel model)
        {
            StatementSyntax body = Loop.Statement;
            FindJumpsOut(body);

            // Which variables the body declares, uses and writes (RegionFlow: the compiler's region data flow without
            // its definite-assignment passes).
            if (model.GetOperation(body) is not { } operation)
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.CaptureUnsupported, Loop.ForEachKeyword.GetLocation(),
                    "the compiler gave no operation tree for the body"));
                return;
            }
            RegionFlow flow = RegionFlow.Of(operation);
            HashSet<ISymbol> declaredInside = flow.Declared;
            var privates = flow.Declared.Where(s => s is ILocalSymbol).ToList();
            RegionFlow.SortByDeclaration(privates);
            Privates.AddRange(privates);

            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (ISymbol symbol in flow.Used)
            {
                if (declaredInside.Contains(symbol) || SymbolEqualityComparer.Default.Equals(symbol, Index) || !seen.Add(symbol))
                    continue;
                if (symbol is not (ILocalSymbol or IParameterSymbol))
                    continue;
                if (symbol is ILocalSymbol { IsConst: true })
                    continue;
                CheckCapture(symbol, flow, body, model);
            }

            // Local constants and local functions do not show in data flow: find them by name. Only names that the
            // method declares as such (or any name, when the file declares file-local types) need binding.
            var constants = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            HashSet<string>? candidates = NamesNeedingSymbols(Loop);
            foreach (IdentifierNameSyntax name in SyntaxNodes.All(body).OfType<IdentifierNameSyntax>())
            {
                if (candidates is not null && !candidates.Contains(name.Identifier.ValueText)) continue;
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                if (symbol is ILocalSymbol { IsConst: true } constant && !declaredInside.Contains(constant) && !IsDeclaredInside(constant, body))
                {
                    if (constants.Add(constant)) Constants.Add(constant);
                }
                else if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function && !IsDeclaredInside(function, body))
                {
                    if (seen.Add(function))
                    {
                        if (CopyableLocalFunction(function, model, out string? why) is { } declaration) LocalFunctions.Add(declaration);
                        else Problems.Add(Diagnostic.Create(DiagnosticDescriptors.CaptureUnsupported, name.GetLocation(),
                            $"it calls local function '{function.Name}', declared outside the loop, {why}; make it static, declare it inside the loop body or make it a static method of the class"));
                    }
                }
                else if (symbol is INamedTypeSymbol { IsFileLocal: true } || symbol?.ContainingType is { IsFileLocal: true })
                {
                    if (seen.Add(symbol!))
                        Problems.Add(Diagnostic.Create(DiagnosticDescriptors.CaptureUnsupported, name.GetLocation(),
                            $"'{name.Identifier.Text}' is file-local, so the generated code (in another file) cannot use it"));
                }
            }

            Frontend.Effects.LoopEffects? effects = CheckEffects(model, flow);
            CheckRaces(model, flow, effects);
            Summarize(body, model);
        }

        /// <summary>Whether a file declares file-local types (one scan per file, not per loop).</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, System.Runtime.CompilerServices.StrongBox<bool>> s_declaresFileLocalTypes = new();

        /// <summary>
        /// Names of the local constants and local functions declared in the loop's method (a syntax-only scan), or
        /// null when the file declares file-local types, whose uses can only be found by binding every name.
        /// </summary>
        private static HashSet<string>? NamesNeedingSymbols(SyntaxNode loop)
        {
            SyntaxNode root = loop.SyntaxTree.GetRoot();
            if (s_declaresFileLocalTypes.GetValue(loop.SyntaxTree, _ => new System.Runtime.CompilerServices.StrongBox<bool>(
                    root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                        .Any(t => t is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax && ((MemberDeclarationSyntax)t).Modifiers.Any(SyntaxKind.FileKeyword)))).Value)
                return null;
            SyntaxNode method = loop.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax) ?? root;
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (SyntaxNode node in SyntaxNodes.All(method))
            {
                if (node is LocalDeclarationStatementSyntax { IsConst: true } constant)
                    foreach (VariableDeclaratorSyntax variable in constant.Declaration.Variables) names.Add(variable.Identifier.ValueText);
                else if (node is LocalFunctionStatementSyntax function)
                    names.Add(function.Identifier.ValueText);
            }
            return names;
        }

        /// <summary>Captured arrays that the body only updates with one commutative operator (h[k] += e …).</summary>
        private List<(ISymbol Array, Model.ArrayReductionSpec Reduction)> ArrayReductionCandidates(StatementSyntax body, SemanticModel model)
        {
            var candidates = new List<(ISymbol, Model.ArrayReductionSpec)>();
            foreach (ISymbol symbol in Captures)
            {
                if ((symbol is ILocalSymbol l ? l.Type : (symbol as IParameterSymbol)?.Type) is not IArrayTypeSymbol { Rank: 1 }) continue;
                if (Frontend.Reductions.TryMatchArray(symbol, body, model, out _) is { } reduction)
                    candidates.Add((symbol, reduction));
            }
            return candidates;
        }

        /// <summary>
        /// KG1xxx: loop-carried dependences and races on shared arrays (see <see cref="RaceAnalysis"/>). Arrays updated
        /// like reductions are privatized (or updated atomically) only when the plain analysis finds a problem or a
        /// warning: <c>r[i] += x</c> is independent per element already and stays a plain (vectorizable) update.
        /// </summary>
        /// <summary>
        /// The effect model (see <see cref="Frontend.Effects.LoopEffects"/>): static fields, objects, by-ref parameters,
        /// calls (KG1006, KG1007, KG1004 for arrays handed to helpers that write them). Null when it failed (then KG2099).
        /// </summary>
        private Frontend.Effects.LoopEffects? CheckEffects(SemanticModel model, RegionFlow flow)
        {
            try
            {
                var effects = Frontend.Effects.LoopEffects.Analyze(Loop, model, flow.Written, System.Threading.CancellationToken.None);
                Problems.AddRange(effects.Problems);
                EffectNotes.AddRange(effects.Notes);
                return effects;
            }
            catch (System.Exception e) when (e is not System.OperationCanceledException)
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.InternalError, Loop.ForEachKeyword.GetLocation(),
                    "this PRange loop", "effect analysis: " + e.GetType().Name + ": " + e.Message));
                return null;
            }
        }

        /// <summary>Inner loops with the same trip count in every iteration (<see cref="RaceAnalysis.EvenTrips"/>).</summary>
        private HashSet<StatementSyntax> _evenTrips = new();

        private void CheckRaces(SemanticModel model, RegionFlow flow, Frontend.Effects.LoopEffects? effects)
        {
            try
            {
                RaceAnalysis races = RaceAnalysis.Run(this, model, flow, effects);
                if (races.Problems.Count + races.Warnings.Count > 0)
                {
                    var candidates = ArrayReductionCandidates(Loop.Statement, model);
                    if (candidates.Count > 0)
                    {
                        foreach ((ISymbol array, Model.ArrayReductionSpec reduction) in candidates)
                        {
                            ArrayReductions.Add(reduction);
                            ReducedArrays.Add(array);
                        }
                        races = RaceAnalysis.Run(this, model, flow, effects);
                    }
                }
                Problems.AddRange(races.Problems);
                Warnings.AddRange(races.Warnings);
                AliasChecks.AddRange(races.AliasChecks);
                ViewChecks.AddRange(races.ViewChecks);
                RunTimeChecks.AddRange(races.RunTimeChecks);
                foreach (ISymbol symbol in races.RunTimeCheckSymbols)
                    if (!Captures.Contains(symbol, SymbolEqualityComparer.Default)) Captures.Add(symbol);
                RowsWritten.AddRange(races.RowsWritten);
                RowsRead.AddRange(races.RowsRead);
                RowFlats.AddRange(races.RowFlats);
                Shares = races.Shares;
                _evenTrips = races.EvenTrips;
                foreach ((string text, bool write) in races.HelperElements)
                    foreach (List<string> list in write ? new[] { Reads, Writes } : new[] { Reads })
                        if (!list.Contains(text) && list.Count < 12) list.Add(text);
                // Arrays a helper reads as a whole (an accessor that clamps its coordinates, a Sum): "src (through At)",
                // not "reads no arrays".
                foreach ((Frontend.Effects.Base b, SyntaxNode _, string via) in effects?.ElementsReadByCalls ?? new())
                {
                    if (b.Kind is not (Frontend.Effects.BaseKind.Root or Frontend.Effects.BaseKind.Static) || via.Length == 0
                        || b.Symbol is not (ILocalSymbol { Type: IArrayTypeSymbol } or IParameterSymbol { Type: IArrayTypeSymbol } or IFieldSymbol { Type: IArrayTypeSymbol })) continue;
                    string first = via.Split(new[] { " → " }, System.StringSplitOptions.None)[0];
                    string helper = first.Substring(first.LastIndexOf('.') + 1);
                    string text = $"{KernelParser.Escape(b.Symbol.Name)} (through {helper})";
                    if (!Reads.Contains(text) && !Reads.Contains($"{KernelParser.Escape(b.Symbol.Name)} (in {helper})") && Reads.Count < 12) Reads.Add(text);
                }
                WhyNotDistributed = races.WhyNotDistributed;
            }
            catch (System.Exception e) when (e is not System.OperationCanceledException)
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.InternalError, Loop.ForEachKeyword.GetLocation(),
                    "this PRange loop", "race analysis: " + e.GetType().Name + ": " + e.Message));
            }
        }

        private void CheckCapture(ISymbol symbol, RegionFlow flow, StatementSyntax body, SemanticModel model)
        {
            ITypeSymbol? type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            // Only a problem needs a location: finding the first reference walks the whole body.
            Location Location() => FirstReference(symbol, body, model, writesOnly: false) ?? Loop.ForEachKeyword.GetLocation();

            if (flow.Written.Contains(symbol))
            {
                if (symbol is IParameterSymbol { RefKind: RefKind.Ref or RefKind.Out } or ILocalSymbol { IsRef: true })
                {
                    // The caller's variable (or whatever the ref local refers to): every iteration writes the same storage.
                    Location at = FirstReference(symbol, body, model, writesOnly: true) ?? Location();
                    Problems.Add(Diagnostic.Create(DiagnosticDescriptors.SharedStateWritten, at, symbol.Name,
                        symbol is IParameterSymbol p ? $"writes the {(p.RefKind == RefKind.Out ? "out" : "ref")} parameter '{symbol.Name}' (the caller's variable)" : $"writes through the ref local '{symbol.Name}'",
                        "Accumulate into a local declared before the loop with a reduction statement ('t += …;') and assign the parameter after the loop."));
                    return;
                }
                if (Frontend.Reductions.TryMatch(symbol, body, model, out _) is { } reduction)
                {
                    Reductions.Add(reduction); // per-chunk partials, combined after the loop
                    ManagedPartials |= type?.IsUnmanagedType != true;
                    if (reduction.IndexOnly) Captures.Add(symbol); // argmax by index alone: each chunk starts from its value before the loop
                    return;
                }
                // The index of an argmin/argmax: a partial of its best value's reduction (added with that variable).
                if (Frontend.Reductions.IndexedBy(symbol, body, model) is { } best && !IsDeclaredInside(best, body)
                    && Frontend.Reductions.TryMatch(best, body, model, out _) is { HasIndex: true } pair && pair.IndexName == KernelParser.Escape(symbol.Name))
                {
                    ManagedPartials |= type?.IsUnmanagedType != true;
                    return;
                }
                // An induction variable: each iteration computes its value from the iteration's number.
                if (Frontend.Inductions.TryMatch(symbol, body, model, out _) is { } induction)
                {
                    Inductions.Add(induction.Spec);
                    foreach (var offset in induction.Offsets) InductionOffsets[offset.Key] = offset.Value;
                    if (induction.Unit is { } unit) InductionUnits[induction.Spec.Name] = unit;
                    Captures.Add(symbol); // its value before the loop, k0
                    return;
                }
                Location write = FirstReference(symbol, body, model, writesOnly: true) ?? Location();
                Diagnostic? race = null;
                try { race = RaceAnalysis.SharedScalarRace(symbol, body, model, Loop); }
                catch (System.Exception e) when (e is not System.OperationCanceledException) { race = null; }
                Problems.Add(race ?? Diagnostic.Create(DiagnosticDescriptors.SharedVariableWritten, write, symbol.Name));
                return;
            }
            if (symbol is ILocalSymbol { IsRef: true })
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.CaptureUnsupported, Location(),
                    $"'{symbol.Name}' is a ref local, which cannot be copied to worker threads"));
                return;
            }
            if (type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span && span.ContainingNamespace?.ToDisplayString() == "System"
                && span.TypeArguments[0].IsUnmanagedType && IsNameable(span.TypeArguments[0]))
            {
                if (model.Compilation.Options is not CSharpCompilationOptions { AllowUnsafe: true })
                {
                    Problems.Add(Diagnostic.Create(DiagnosticDescriptors.SpanNeedsUnsafe, Location(), symbol.Name));
                    return;
                }
                Spans.Add(symbol); // pinned for the launch; each chunk rebuilds the span from pointer and length
                return;
            }
            if (type is null || type.IsRefLikeType)
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.CaptureUnsupported, Location(),
                    $"'{symbol.Name}' has the ref-like type '{type?.ToDisplayString()}', which cannot be copied to worker threads; use an array"));
                return;
            }
            if (!IsNameable(type))
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.CaptureUnsupported, Location(),
                    $"'{symbol.Name}' has a type that generated code cannot name ('{type.ToDisplayString()}')"));
                return;
            }
            Captures.Add(symbol);
        }

        /// <summary>Anonymous, file-local and inaccessible types cannot be written in the generated struct.</summary>
        private static bool IsNameable(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => IsNameable(array.ElementType),
            IPointerTypeSymbol pointer => IsNameable(pointer.PointedAtType),
            INamedTypeSymbol named => named.TypeKind != TypeKind.Error && !named.IsAnonymousType && !named.IsFileLocal
                && named.TypeArguments.All(IsNameable)
                && (named.ContainingType is null || IsNameable(named.ContainingType)),
            _ => type.TypeKind != TypeKind.Error,
        };

        /// <summary>
        /// The declaration of a local function the chunks can copy: static (it captures nothing), not generic nor in a
        /// generic method, calling no other local function declared outside it; else null with why not.
        /// </summary>
        private static LocalFunctionStatementSyntax? CopyableLocalFunction(IMethodSymbol function, SemanticModel model, out string? why)
        {
            why = null;
            if (function.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not LocalFunctionStatementSyntax declaration
                || declaration.SyntaxTree != model.SyntaxTree)
            {
                why = "whose declaration KernelGen cannot see";
                return null;
            }
            if (!declaration.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                why = "which is not static (it may use the method's variables)";
                return null;
            }
            if (function.IsGenericMethod || function.ContainingSymbol is IMethodSymbol { IsGenericMethod: true })
            {
                why = "which is generic or in a generic method";
                return null;
            }
            foreach (IdentifierNameSyntax inner in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                ISymbol? used = model.GetSymbolInfo(inner).Symbol;
                if (used is IMethodSymbol { MethodKind: MethodKind.LocalFunction } other && !SymbolEqualityComparer.Default.Equals(other, function) && !IsDeclaredInside(other, declaration))
                {
                    why = $"which calls local function '{other.Name}', declared outside it";
                    return null;
                }
                // (A static local function may read the method's constants, which the copy would not see.)
                if (used is ILocalSymbol { IsConst: true } constant && !IsDeclaredInside(constant, declaration))
                {
                    why = $"which reads the method's constant '{constant.Name}'";
                    return null;
                }
            }
            return declaration;
        }

        private static bool IsDeclaredInside(ISymbol symbol, SyntaxNode region) =>
            symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == region.SyntaxTree && region.Span.Contains(r.Span));

        /// <summary>The first identifier in the body bound to <paramref name="symbol"/> (the first write, when asked).</summary>
        private static Location? FirstReference(ISymbol symbol, SyntaxNode body, SemanticModel model, bool writesOnly)
        {
            foreach (IdentifierNameSyntax name in SyntaxNodes.All(body).OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name) continue;
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol)) continue;
                if (!writesOnly || IsWrite(name)) return name.GetLocation();
            }
            return null;
        }

        /// <summary>
        /// Whether the expression (or the struct it is a field of) is written: assigned (also as a deconstruction target,
        /// <c>(r[i], t) = …</c>), ++/--, or passed by ref/out.
        /// </summary>
        internal static bool IsWrite(ExpressionSyntax expression)
        {
            SyntaxNode node = expression;
            while (node.Parent is MemberAccessExpressionSyntax access && access.Expression == node)
                node = access;
            return node.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == node,
                ArgumentSyntax { Parent: TupleExpressionSyntax tuple } => IsDeconstructionTarget(tuple),
                PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
                PostfixUnaryExpressionSyntax postfix => postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression),
                ArgumentSyntax argument => argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword),
                RefExpressionSyntax => true,
                _ => false,
            };
        }

        /// <summary>Whether a tuple expression is (part of) the left side of a deconstruction: <c>(a, (b, c)) = …</c>.</summary>
        private static bool IsDeconstructionTarget(TupleExpressionSyntax tuple)
        {
            while (tuple.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax outer })
                tuple = outer;
            return tuple.Parent is AssignmentExpressionSyntax assignment && assignment.Left == tuple;
        }

        /// <summary>break/return/goto/yield/await that leave the PRange loop.</summary>
        private void FindJumpsOut(StatementSyntax body)
        {
            var labels = new HashSet<string>(SyntaxNodes.All(body).OfType<LabeledStatementSyntax>().Select(l => l.Identifier.ValueText));
            foreach (SyntaxNode node in SyntaxNodes.Own(body))
            {
                string? jump = node switch
                {
                    ReturnStatementSyntax => "return",
                    YieldStatementSyntax => "yield",
                    AwaitExpressionSyntax => "await",
                    BreakStatementSyntax brk when BreakTarget(brk) == Loop => "break",
                    GotoStatementSyntax { CaseOrDefaultKeyword.RawKind: 0 } go when go.Expression is IdentifierNameSyntax label && !labels.Contains(label.Identifier.ValueText) => "goto",
                    _ => null,
                };
                if (jump is not null)
                    Problems.Add(Diagnostic.Create(DiagnosticDescriptors.LoopJumpsOut, node.GetFirstToken().GetLocation(), jump));
            }
        }

        internal static bool IsFunctionBoundary(SyntaxNode node) =>
            node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

        /// <summary>The loop or switch a break leaves (null: it is not inside one in its function).</summary>
        internal static SyntaxNode? BreakTarget(BreakStatementSyntax statement)
        {
            for (SyntaxNode? node = statement.Parent; node is not null; node = node.Parent)
            {
                if (node is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or SwitchStatementSyntax)
                    return node;
                if (IsFunctionBoundary(node)) return null;
            }
            return null;
        }

        /// <summary>Element accesses read and written (for the report) and a rough cost per iteration (for the cost model).</summary>
        private void Summarize(StatementSyntax body, SemanticModel model)
        {
            int cost = 0;
            InvocationExpressionSyntax? loopingCall = null;
            var looping = new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default); // (a helper called from many statements: looked at once)
            foreach (SyntaxNode node in SyntaxNodes.All(body))
            {
                switch (node)
                {
                    case ElementAccessExpressionSyntax access:
                        cost += 1;
                        string text = access.ToString();
                        List<string> list = IsWrite(access) || IsCompoundTarget(access) ? Writes : Reads;
                        if (!list.Contains(text) && list.Count < 12) list.Add(text);
                        if (IsCompoundTarget(access) && !Reads.Contains(text) && Reads.Count < 12) Reads.Add(text);
                        break;
                    case BinaryExpressionSyntax or AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                        cost += 1;
                        break;
                    case ForEachStatementSyntax each when model.GetTypeInfo(each.Expression).Type is IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" }:
                        // The elements of an array or a span (foreach (ref float v in a.AsSpan(s, n)) v *= k): read, and
                        // written where the body assigns its ref variable.
                        string view = each.Expression.ToString();
                        bool written = each.Type is RefTypeSyntax && SyntaxNodes.All(each.Statement).OfType<IdentifierNameSyntax>()
                            .Any(n => n.Identifier.ValueText == each.Identifier.ValueText && IsWrite(n));
                        if (!Reads.Contains(view) && Reads.Count < 12) Reads.Add(view);
                        if (written && !Writes.Contains(view) && Writes.Count < 12) Writes.Add(view);
                        HasInnerLoops = true;
                        break;
                    case ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                        HasInnerLoops = true;
                        break;
                    case InvocationExpressionSyntax call:
                        cost += 8;
                        // A helper of this compilation that loops (y[i] = Dot(rows[i], x)): its work is an inner loop's.
                        if (loopingCall is null && model.GetSymbolInfo(call).Symbol is IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } callee
                            && (looping.TryGetValue(callee, out bool known) ? known : looping[callee] = Loops(callee, 3)))
                        {
                            loopingCall = call;
                            HasInnerLoops = true;
                        }
                        break;
                }
            }
            // Inner loops: unknown trip counts; assume they multiply the work (the issue on the cost model refines this).
            CostPerIteration = System.Math.Max(1, HasInnerLoops ? cost * 256 : cost);
            if (HasInnerLoops) FindUnevenWork(body);
            // (Its trip count may follow the arguments, a row's length: over-approximated, as FindUnevenWork does.)
            if (loopingCall is not null && UnevenWork.Length == 0)
                UnevenWork = $"'{(loopingCall.Expression.ToString() is { Length: <= 40 } name ? name : "a helper")}' (line {loopingCall.GetLocation().GetLineSpan().StartLinePosition.Line + 1}) loops, maybe more or less from one iteration to the next";
        }

        /// <summary>
        /// Whether <paramref name="method"/> (declared in source: a helper of this compilation) has a loop in its body, or
        /// calls, up to <paramref name="depth"/> calls deep, a helper that has one. Methods from references count as
        /// calls (their cost is unknown to the cost model).
        /// </summary>
        private static bool Loops(IMethodSymbol? method, int depth)
        {
            if (method is null || depth == 0) return false;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax();
                if (SyntaxNodes.All(declaration).Any(n => n is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)) return true;
                if (depth == 1) continue;
                // Calls inside it: resolved by name against the helper's own type (no semantic model of its tree here).
                foreach (InvocationExpressionSyntax inner in SyntaxNodes.All(declaration).OfType<InvocationExpressionSyntax>())
                {
                    string? name = inner.Expression switch
                    {
                        IdentifierNameSyntax id => id.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner, Name: var member } when owner.Identifier.ValueText == method.ContainingType.Name => member.Identifier.ValueText,
                        _ => null,
                    };
                    if (name is null) continue;
                    foreach (IMethodSymbol callee in method.ContainingType.GetMembers(name).OfType<IMethodSymbol>())
                        if (!SymbolEqualityComparer.Default.Equals(callee, method) && Loops(callee, depth - 1)) return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Finds the first inner loop whose trip count can differ between iterations: its initializer, condition or
        /// collection names the index or a local of the body computed from it (directly or through other locals, by
        /// name, to a fixpoint). A triangular <c>for (j = 0; j &lt; i; j++)</c>, a CSR row's <c>rowPtr[i] … rowPtr[i + 1]</c>,
        /// a jagged row's <c>row.Length</c> and an escape-time <c>while</c> on values computed from the index all qualify.
        /// Only the chunk count depends on it (more, smaller chunks), never what the loop computes, so an
        /// over-approximation by name is safe.
        /// </summary>
        private void FindUnevenWork(StatementSyntax body)
        {
            // (Loops the race analysis found to run the same trips in every iteration, j from i·n to i·n + n, are even.)
            string index = Loop.Identifier.ValueText;
            var varying = new HashSet<string> { index };
            static bool Names(SyntaxNode? node, HashSet<string> names) =>
                node is not null && SyntaxNodes.All(node).OfType<IdentifierNameSyntax>().Any(n => names.Contains(n.Identifier.ValueText));
            for (bool grew = true; grew;)
            {
                grew = false;
                foreach (SyntaxNode node in SyntaxNodes.All(body))
                {
                    (string? name, SyntaxNode? value) = node switch
                    {
                        VariableDeclaratorSyntax { Initializer: { } init } declarator => (declarator.Identifier.ValueText, ViewLength(init.Value)),
                        AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment => (target.Identifier.ValueText, assignment.Right),
                        ForEachStatementSyntax each => (each.Identifier.ValueText, each.Expression),
                        _ => (null, null),
                    };
                    if (name is not null && !varying.Contains(name) && Names(value, varying))
                        grew = varying.Add(name);
                }
            }
            foreach (SyntaxNode node in SyntaxNodes.All(body))
            {
                IEnumerable<SyntaxNode?> control = node switch
                {
                    // (Of the header's variables, those the condition reads: o = i * w beside x < w moves no trip.)
                    ForStatementSyntax f => f.Initializers.Cast<SyntaxNode?>().Append(f.Condition)
                        .Concat(f.Declaration?.Variables.Where(v => f.Condition is null || Names(f.Condition, new HashSet<string> { v.Identifier.ValueText })) ?? Enumerable.Empty<SyntaxNode>()),
                    WhileStatementSyntax w => new SyntaxNode?[] { w.Condition },
                    DoStatementSyntax d => new SyntaxNode?[] { d.Condition },
                    CommonForEachStatementSyntax e => new SyntaxNode?[] { ViewLength(e.Expression) },
                    _ => System.Array.Empty<SyntaxNode?>(),
                };
                if (control.Any(c => Names(c, varying)) && !(node is StatementSyntax even && _evenTrips.Contains(even)))
                {
                    string header = node switch
                    {
                        ForStatementSyntax f => $"for ({f.Declaration}{string.Join(", ", f.Initializers)}; {f.Condition}; {string.Join(", ", f.Incrementors)})",
                        WhileStatementSyntax w => $"while ({w.Condition})",
                        DoStatementSyntax d => $"do … while ({d.Condition})",
                        CommonForEachStatementSyntax e => $"foreach (… in {e.Expression})",
                        _ => "",
                    };
                    int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    UnevenWork = $"the trip count of '{header}' (line {line}) depends on {index}";
                    return;
                }
            }
        }

        /// <summary>
        /// What fixes the length of a view made in place: n of <c>a.AsSpan(s, n)</c>, <c>x.Slice(s, n)</c> or <c>new
        /// Span&lt;T&gt;(a, s, n)</c> (a row at y·w has w elements whatever y is); the expression itself otherwise.
        /// </summary>
        private static SyntaxNode ViewLength(ExpressionSyntax value) => value switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "AsMemory" or "Slice" }, ArgumentList.Arguments: { Count: 2 } arguments } => arguments[1].Expression,
            BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 3 } arguments } => arguments[2].Expression,
            ParenthesizedExpressionSyntax parenthesized => ViewLength(parenthesized.Expression),
            _ => value,
        };

        /// <summary>
        /// The target of a compound update (<c>x += e</c>, <c>x ??= e</c>, <c>x++</c>, <c>--x</c>): read and written. Not
        /// <c>-x</c>, <c>!x</c>, <c>~x</c> or <c>x!</c>, which only read.
        /// </summary>
        internal static bool IsCompoundTarget(ExpressionSyntax expression) =>
            expression.Parent is AssignmentExpressionSyntax assignment && assignment.Left == expression && !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            || expression.Parent is PrefixUnaryExpressionSyntax prefix && (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression))
            || expression.Parent is PostfixUnaryExpressionSyntax postfix && (postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression));
    }
}
