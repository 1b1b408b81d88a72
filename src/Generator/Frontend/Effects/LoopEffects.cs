using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend.Effects
{
    /// <summary>
    /// The effect model of one PRange body: every effect outside the loop's own array elements and locals (static
    /// fields, fields of shared objects, by-ref parameters, the state of objects, calls with unknown effects) judged
    /// against the loop's promise of independent iterations. Element accesses of shared arrays stay with the race
    /// analysis, which also gets the elements this model finds written through (jagged rows, objects in arrays, rows
    /// handed to helpers) as extra accesses, and the private locals that alias such elements.
    /// </summary>
    internal sealed class LoopEffects
    {
        private readonly ForEachStatementSyntax _loop;
        private readonly SemanticModel _model;
        private readonly ISet<ISymbol> _writtenInside;
        private EffectWalker? _walker;

        private LoopEffects(ForEachStatementSyntax loop, SemanticModel model, ISet<ISymbol> writtenInside)
        {
            _loop = loop; _model = model; _writtenInside = writtenInside;
        }

        /// <summary>Why the loop must stay serial (KG1006, KG1007, KG1004 for arrays handed to helpers that fill them).</summary>
        public List<Diagnostic> Problems { get; } = new();

        /// <summary>What the report says about effects that are fine: atomic updates, helpers whose effects were checked.</summary>
        public List<string> Notes { get; } = new();

        /// <summary>
        /// Elements written or read through: an element access in the body (the object or row it holds), where it
        /// happens, and which field when known (null: any part of the object).
        /// </summary>
        public List<(ElementAccessExpressionSyntax Element, SyntaxNode At, bool IsWrite, string? Member)> ElementContents { get; } = new();

        /// <summary>
        /// Elements read inside calls (helpers, lambdas, local functions) of something shared, at the loop's call site:
        /// which elements is not known (see RaceAnalysis.CheckReadsThroughCalls, which pairs them with the loop's writes).
        /// </summary>
        public List<(Base Base, SyntaxNode At, string Via)> ElementsReadByCalls { get; } = new();

        /// <summary>Calls of Array.Copy/Fill/Clear in the body whose element ranges the race analysis tests (KnownMembers.Ranges).</summary>
        public List<InvocationExpressionSyntax> RangedCalls { get; } = new();

        /// <summary>
        /// foreach loops in the body that write a shared array's elements through their ref variable over a view made
        /// in place (<c>foreach (ref float v in a.AsSpan(s, n))</c>): the race analysis describes the window or reports it.
        /// </summary>
        public List<ForEachStatementSyntax> ViewLoops { get; } = new();

        /// <summary>
        /// Elements written by a helper the body calls (of a shared array, at the argument; of its object, at the call),
        /// with the diagnostic: the race analysis reports them unless it describes the helper's accesses
        /// (RaceAnalysis.DescribeHelperCalls).
        /// </summary>
        public List<(SyntaxNode At, DiagnosticDescriptor Descriptor, object[] Args)> CallElementWrites { get; } = new();

        /// <summary>Element accesses that are the target of a commutative Interlocked update whose result is unused.</summary>
        public HashSet<SyntaxNode> AtomicElements { get; } = new();

        public static LoopEffects Analyze(ForEachStatementSyntax loop, SemanticModel model, ISet<ISymbol> writtenInside, System.Threading.CancellationToken cancellationToken)
        {
            var result = new LoopEffects(loop, model, writtenInside);
            result.Run(cancellationToken);
            return result;
        }

        /// <summary>
        /// The element accesses a private local may hold (<c>var row = rows[i];</c>): null when it may hold anything
        /// else (then writes through it are not traced). Only meaningful for locals declared in the loop body.
        /// </summary>
        public IReadOnlyList<ElementAccessExpressionSyntax>? ElementsHeldBy(ILocalSymbol local)
        {
            if (_walker is null) return null;
            Origin origin = _walker.OriginOfLocal(local, 0);
            var elements = new List<ElementAccessExpressionSyntax>();
            foreach (Base b in origin.Bases)
            {
                if (b.Kind == BaseKind.ElementAt && b.Syntax is ElementAccessExpressionSyntax element) elements.Add(element);
                else if (b.Kind != BaseKind.Fresh) return null;
            }
            return elements;
        }

        /// <summary>
        /// The shared arrays a private span local may view (<c>ReadOnlySpan&lt;float&gt; s = r;</c>,
        /// <c>new Span&lt;float&gt;(r, i, 1)</c>): empty when it only holds fresh memory (stackalloc, a new array), null
        /// when it may view something KernelGen cannot name.
        /// </summary>
        public IReadOnlyList<ISymbol>? ArraysViewedBy(ILocalSymbol local)
        {
            if (_walker is null) return null;
            var arrays = new List<ISymbol>();
            foreach (Base b in _walker.OriginOfLocal(local, 0).Bases)
            {
                if (b.Kind == BaseKind.Fresh) continue;
                if (b.Kind == BaseKind.Root && b.Symbol is ILocalSymbol { Type: IArrayTypeSymbol } or IParameterSymbol { Type: IArrayTypeSymbol } or IFieldSymbol { Type: IArrayTypeSymbol })
                    arrays.Add(b.Symbol);
                else return null;
            }
            return arrays;
        }

        private void Run(System.Threading.CancellationToken cancellationToken)
        {
            IOperation? body = _model.GetOperation(_loop.Statement, cancellationToken);
            if (body is null)
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownEffects, _loop.ForEachKeyword.GetLocation(), _loop.Identifier.ValueText,
                    "cannot be analyzed: the compiler gave no operation tree for the loop body"));
                return;
            }
            var budget = new CallSummaries.Budget();
            _walker = new EffectWalker(new LoopScope(this), CallSummaries.For(_model.Compilation), budget);
            _walker.Walk(body);
            Judge(_walker.Effects);
        }

        /// <summary>A loop body: variables declared outside it are shared; delegates assigned outside it can be looked into.</summary>
        private sealed class LoopScope : EffectWalker.Scope
        {
            private readonly LoopEffects _owner;
            public LoopScope(LoopEffects owner) => _owner = owner;
            public override bool IsLoop => true;
            public override Origin ThisOrigin => Origin.Unknown;
            public override IReadOnlyList<IOperation>? DelegateValues(ISymbol variable) => _owner.DelegateValues(variable);
        }

        /// <summary>Lambdas and method groups assigned to a local of the kernel declared outside the loop (and nothing else).</summary>
        private IReadOnlyList<IOperation>? DelegateValues(ISymbol variable)
        {
            if (variable is not ILocalSymbol local) return null;
            SyntaxNode? method = _loop.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax);
            if (method is null) return null;
            var values = new List<IOperation>();
            foreach (SyntaxNode node in SyntaxNodes.All(method))
            {
                ExpressionSyntax? value = node switch
                {
                    VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == local.Name
                        && SymbolEqualityComparer.Default.Equals(_model.GetDeclaredSymbol(declarator), local) => declarator.Initializer?.Value,
                    AssignmentExpressionSyntax assignment when assignment.Left is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                        && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name).Symbol, local) => assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) ? assignment.Right : null,
                    _ => null,
                };
                if (node is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } arg && arg.Expression is IdentifierNameSyntax refName && refName.Identifier.ValueText == local.Name)
                    return null; // passed by reference: may be set to anything
                if (value is null) continue;
                IOperation? operation = _model.GetOperation(value);
                IOperation? inner = operation is IConversionOperation { OperatorMethod: null } c ? c.Operand : operation;
                if (inner is not (IAnonymousFunctionOperation or IDelegateCreationOperation or IMethodReferenceOperation)) return null;
                values.Add(inner);
            }
            if (values.Count == 0) return null;
            return values;
        }

        // ---- judgement -------------------------------------------------------------------------------------------

        private void Judge(IReadOnlyList<Effect> effects)
        {
            var reported = new HashSet<(int, int)>();
            void Report(DiagnosticDescriptor descriptor, SyntaxNode at, params object[] args)
            {
                if (reported.Add((at.SpanStart, at.Span.Length)))
                    Problems.Add(Diagnostic.Create(descriptor, at.GetLocation(), args));
            }

            // Places updated atomically: fine as long as the loop does nothing else with them.
            var atomicPlaces = new Dictionary<string, List<Effect>>(System.StringComparer.Ordinal);
            var otherUses = new Dictionary<string, List<Effect>>(System.StringComparer.Ordinal);
            foreach (Effect effect in effects)
            {
                string? place = PlaceKey(effect);
                if (place is null) continue;
                var map = effect.Access == AccessKind.AtomicUpdate ? atomicPlaces : otherUses;
                if (!map.TryGetValue(place, out List<Effect>? list)) map.Add(place, list = new List<Effect>());
                list.Add(effect);
            }
            // Fields updated atomically, whatever object holds them: two references may be one object, and an object
            // KernelGen cannot trace (this, in a loop) has no place key at all.
            var atomicFields = new HashSet<ISymbol>(effects.Where(e => e.Access == AccessKind.AtomicUpdate && e.Place == PlaceKind.Contents
                && e.Symbol is IFieldSymbol).Select(e => e.Symbol!), SymbolEqualityComparer.Default);

            foreach (Effect effect in effects)
            {
                if (effect.Place == PlaceKind.UnknownCall)
                {
                    Report(DiagnosticDescriptors.UnknownEffects, effect.At, Text(effect.At),
                        effect.Via.Length == 0 ? effect.Member : $"calls {First(effect.Via)}, which (through {effect.Via}) {Lower(effect.Member)}");
                    continue;
                }
                string? key = PlaceKey(effect);
                if (effect.Access == AccessKind.Read)
                {
                    if (effect.Place == PlaceKind.Contents && effect.Member == "elements" && effect.Base.Kind is not (BaseKind.Fresh or BaseKind.ElementAt))
                        ElementsReadByCalls.Add((effect.Base, effect.At, effect.Via));
                    // A field of the object an element holds (var q = items[i + 1]; … q.X): the race analysis pairs it with the writes.
                    if (effect.Place == PlaceKind.Contents && effect.Base.Kind == BaseKind.ElementAt && effect.Base.Symbol is not null
                        && effect.Base.Syntax is ElementAccessExpressionSyntax read)
                        ElementContents.Add((read, effect.At, false, MemberOf(effect)));
                    // A read of something other iterations update atomically: its value depends on the timing.
                    if (key is not null && atomicPlaces.ContainsKey(key)
                        || effect.Place == PlaceKind.Contents && effect.Symbol is IFieldSymbol && atomicFields.Contains(effect.Symbol))
                        Report(DiagnosticDescriptors.SharedStateWritten, effect.At, Text(effect.At),
                            $"reads {PlaceText(effect)}{ViaText(effect)} while other iterations update it (Interlocked)", "Read it after the loop, or keep a per-iteration value in an array.");
                    continue;
                }
                if (effect.Access == AccessKind.AtomicUpdate)
                {
                    if (effect.Place == PlaceKind.Contents && effect.Base.Kind == BaseKind.ElementAt)
                    {
                        // Interlocked on an array element: the race analysis leaves the array alone if all its updates are atomic.
                        if (effect.Base.Symbol is null) { if (effect.Base.Syntax is not null) AtomicElements.Add(effect.Base.Syntax); }
                        else ContentsWrite(effect, Report);
                        continue;
                    }
                    if (IsOwnedByCaptureAnalysis(effect)) continue; // a local counter: a reduction
                    if (key is not null && otherUses.TryGetValue(key, out List<Effect>? mixed) && mixed.Any(m => m.Access != AccessKind.Read))
                        continue; // the plain write is reported
                    string note = $"{PlaceText(effect)} is updated atomically{ViaText(effect)} (Interlocked): any order of the iterations gives the same value";
                    if (!Notes.Contains(note)) Notes.Add(note);
                    continue;
                }
                switch (effect.Place)
                {
                    case PlaceKind.Variable:
                        VariableWrite(effect, Report);
                        break;
                    case PlaceKind.StaticField:
                        Report(DiagnosticDescriptors.SharedStateWritten, effect.At, Text(effect.At),
                            $"{Verb(effect)} {PlaceText(effect)}{ViaText(effect)}", StaticFix(effect));
                        break;
                    case PlaceKind.Contents:
                        ContentsWrite(effect, Report);
                        break;
                }
            }
        }

        private void VariableWrite(Effect effect, System.Action<DiagnosticDescriptor, SyntaxNode, object[]> report)
        {
            if (effect.Symbol is null || IsOwnedByCaptureAnalysis(effect)) return;
            string what = effect.Symbol is IParameterSymbol { RefKind: not RefKind.None } p
                ? $"{Verb(effect)} the {RefText(p.RefKind)} parameter '{p.Name}' (the caller's variable){ViaText(effect)}"
                : $"{Verb(effect)} '{effect.Symbol.Name}', declared outside the loop{ViaText(effect)}";
            report(DiagnosticDescriptors.SharedStateWritten, effect.At, new object[] { Text(effect.At), what,
                "Accumulate into a local declared before the loop with a reduction statement ('t += …;') and assign it after the loop, or declare the variable inside the loop." });
        }

        private void ContentsWrite(Effect effect, System.Action<DiagnosticDescriptor, SyntaxNode, object[]> report)
        {
            Base b = effect.Base;
            switch (b.Kind)
            {
                case BaseKind.Fresh:
                    return;
                case BaseKind.ElementAt when b.Syntax is ElementAccessExpressionSyntax element:
                    // The object or row at one element access: the race analysis has its subscripts.
                    ElementContents.Add((element, effect.At, true, MemberOf(effect)));
                    return;
                case BaseKind.Root when b.Symbol is not null && TypeOf(b.Symbol) is IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "Memory" } && effect.Member == "elements":
                    // Array.Copy/Fill/Clear in the body itself: the race analysis tests their element ranges.
                    if (effect.At is InvocationExpressionSyntax ranged && KnownMembers.Ranges(_model, ranged).Count > 0)
                    {
                        if (!RangedCalls.Contains(ranged)) RangedCalls.Add(ranged);
                        return;
                    }
                    // foreach (ref float v in a.AsSpan(s, n)) v = …: the race analysis tests the window (or reports it).
                    if (effect.At.Parent is ForEachStatementSyntax each && each.Expression == effect.At && effect.Via.Length == 0)
                    {
                        if (!ViewLoops.Contains(each)) ViewLoops.Add(each);
                        return;
                    }
                    string why = $"{(effect.Via.Length > 0 ? First(effect.Via) : "it")} may write elements of the shared array '{b.Symbol.Name}', and KernelGen cannot tell which";
                    // A helper called in the body (not through another): the race analysis may describe its accesses.
                    if (effect.Via.Length > 0 && !effect.Via.Contains("→")) CallElementWrites.Add((effect.At, DiagnosticDescriptors.MayDepend, new object[] { Text(effect.At), why }));
                    else report(DiagnosticDescriptors.MayDepend, effect.At, new object[] { Text(effect.At), why });
                    return;
                default:
                    var args = new object[] { Text(effect.At), $"{Verb(effect)} {PlaceText(effect)}{ViaText(effect)}", ContentsFix(effect) };
                    // Elements an instance helper writes through its object (img.Set(x, y, v), img[x, y] = v): the same.
                    if (b.Kind is BaseKind.Root or BaseKind.Unknown && effect.Member == "elements" && effect.Via.Length > 0 && !effect.Via.Contains("→")
                        && effect.At is InvocationExpressionSyntax or ElementAccessExpressionSyntax)
                        CallElementWrites.Add((effect.At, DiagnosticDescriptors.SharedStateWritten, args));
                    else report(DiagnosticDescriptors.SharedStateWritten, effect.At, args);
                    return;
            }
        }

        /// <summary>A variable written in the body itself: the capture analysis (reductions, KG1005, KG2006, by-ref parameters) has it.</summary>
        private bool IsOwnedByCaptureAnalysis(Effect effect) =>
            effect.Place == PlaceKind.Variable && effect.Symbol is not null && effect.Via.Length == 0
            && _loop.Statement.Span.Contains(effect.At.Span) && _writtenInside.Contains(effect.Symbol);

        /// <summary>The field (or auto-property) an effect touches in an object, when it is one (else null: any part).</summary>
        private static string? MemberOf(Effect effect) => effect.Symbol is IFieldSymbol or IPropertySymbol ? effect.Symbol.Name : null;

        // ---- texts -----------------------------------------------------------------------------------------------

        private static string? PlaceKey(Effect effect) => effect.Place switch
        {
            PlaceKind.StaticField => "S|" + effect.Symbol?.ToDisplayString(),
            PlaceKind.Variable => "V|" + effect.Symbol?.ToDisplayString(),
            PlaceKind.Contents when effect.Base.Kind is BaseKind.Root or BaseKind.Static => $"C|{(int)effect.Base.Kind}|{effect.Base.Symbol?.ToDisplayString()}|{effect.Member}",
            _ => null,
        };

        private static string Verb(Effect effect) => effect.Via.Length > 0 ? $"calls {First(effect.Via)}, which writes" : effect.Access == AccessKind.AtomicOrdered ? "uses the result of an atomic update of" : "writes";

        private static string ViaText(Effect effect) =>
            effect.Via.Contains("→") ? $" (through {effect.Via})" : "";

        internal static string First(string via)
        {
            int arrow = via.IndexOf(" → ", System.StringComparison.Ordinal);
            return "'" + (arrow < 0 ? via : via.Substring(0, arrow)) + "'";
        }

        private static string Lower(string text) => text.Length > 0 && char.IsUpper(text[0]) && !(text.Length > 1 && char.IsUpper(text[1])) ? char.ToLowerInvariant(text[0]) + text.Substring(1) : text;

        private static string RefText(RefKind kind) => kind switch { RefKind.Out => "out", RefKind.In => "in", _ => "ref" };

        private static string PlaceText(Effect effect)
        {
            switch (effect.Place)
            {
                case PlaceKind.StaticField:
                    return $"static {(effect.Symbol is IPropertySymbol ? "property" : effect.Symbol is IEventSymbol ? "event" : "field")} '{effect.Symbol?.ContainingType?.Name}.{effect.Symbol?.Name}'";
                case PlaceKind.Variable:
                    return effect.Symbol is null ? "the receiver" : $"'{effect.Symbol.Name}'";
                case PlaceKind.Contents:
                    string member = effect.Member;
                    return effect.Base.Kind switch
                    {
                        BaseKind.Root => member.StartsWith("state", System.StringComparison.Ordinal)
                            ? $"the {member} of '{effect.Base.Symbol?.Name}'" : $"{member} of '{effect.Base.Symbol?.Name}'",
                        BaseKind.Static => $"{member} of the object in static {(effect.Base.Symbol is IPropertySymbol ? "property" : "field")} '{effect.Base.Symbol?.ContainingType?.Name}.{effect.Base.Symbol?.Name}'",
                        BaseKind.ElementOf => $"{member} of an object held in '{effect.Base.Symbol?.Name}' that more than one iteration may reach",
                        _ => $"{member} of an object KernelGen cannot trace (it may be one that other iterations use)",
                    };
                default:
                    return effect.Member;
            }
        }

        private static string StaticFix(Effect effect)
        {
            if (effect.Access == AccessKind.AtomicOrdered)
                return OrderedFix;
            ITypeSymbol? type = effect.Symbol switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
            bool integer = type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;
            bool number = integer || type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double;
            if (number)
                return "Accumulate into a local declared before the loop ('int n = 0; … n++;' is a reduction) and add it to the field after the loop"
                    + (integer ? ", or update the field with Interlocked.Add/Increment (atomic: the total does not depend on the order)." : ".");
            return "Write per-iteration results into an array indexed by the loop index and combine them after the loop, or use a plain 'for' loop.";
        }

        private const string OrderedFix = "The value an atomic exchange or increment returns depends on the order the iterations run in: compute it from the loop index instead (for output slots: count in a first loop, fill in a second).";

        private static string ContentsFix(Effect effect)
        {
            if (effect.Access == AccessKind.AtomicOrdered)
                return OrderedFix;
            if (effect.Member.Contains("Random"))
                return "Give each iteration its own generator (e.g. new Random(seed + i)), or draw the numbers into an array before the loop.";
            // (List<T>'s indexer also counts the list's version up on every store: the stores race on that count.)
            if (effect.Member is "state (List.this[])")
                return "Store the elements through a span instead: make the kernel take a Span<T> (callers pass CollectionsMarshal.AsSpan(list)) or an array, indexed by the loop index.";
            if (effect.Member.StartsWith("state", System.StringComparison.Ordinal))
                return "Create the object inside the loop (one per iteration), or write the results into an array indexed by the loop index and build the collection after the loop.";
            if (effect.Base.Kind == BaseKind.ElementOf)
                return "Index the array with the loop index (items[i].X = …) so each iteration writes its own element, or use a plain 'for' loop.";
            return "Accumulate into a local declared before the loop (a reduction) and store it after the loop, update an integer field with Interlocked, or use a plain 'for' loop.";
        }

        private static string Text(SyntaxNode node)
        {
            string text = node.ToString().Replace("\r", "").Replace("\n", " ");
            return text.Length > 80 ? text.Substring(0, 77) + "..." : text;
        }

        private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
        {
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            IFieldSymbol f => f.Type,
            _ => null,
        };
    }
}
