using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Analysis;
using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Races and loop-carried dependences of one PRange loop (KG1xxx): collects the element accesses of arrays shared
    /// by the iterations, turns their subscripts into <see cref="AffineForm"/>s over the PRange loop's normalized
    /// iteration number k (the index is start + step·k), inner <c>for</c> indices and loop-invariant symbols, and asks
    /// <see cref="DependenceTester"/> about every (write, write) and (write, read) pair of the same array. Also records
    /// the pairs of distinct array variables whose independence assumes they are not the same array at run time.
    /// </summary>
    internal sealed partial class RaceAnalysis
    {
        private const int MaxDepth = 48;
        private const int MaxAccesses = 256;
        private const string K = "$k";

        private readonly LoopAnalysis _loop;
        private readonly SemanticModel _model;
        private readonly StatementSyntax _body;
        private readonly HashSet<ISymbol> _writtenInside;
        private readonly HashSet<ISymbol> _declaredInside;
        private readonly Dictionary<string, LoopBounds> _bounds = new(StringComparer.Ordinal);
        /// <summary>Inner loops' indices (and the induction variables that step with them): each one's value as an affine form in a counter.</summary>
        private readonly Dictionary<ISymbol, AffineForm> _loopVariables = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, AffineForm?> _privateValues = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _resolving = new(SymbolEqualityComparer.Default);
        private AffineForm? _index;
        private Poly _step = Poly.Constant(1);
        private long? _tripCount;

        /// <summary>
        /// Conditions on loop-invariant integers the proof of independence needs and only the values at the launch decide
        /// (rows of a strided image apart: <c>stride &gt;= 3 * w</c>); the loop runs serially where one fails.
        /// </summary>
        public List<Model.RunTimeCheckSpec> RunTimeChecks { get; } = new();
        /// <summary>The locals and parameters <see cref="RunTimeChecks"/> name.</summary>
        public List<ISymbol> RunTimeCheckSymbols { get; } = new();
        private readonly Dictionary<string, ISymbol> _assumableSymbols = new(StringComparer.Ordinal);

        /// <summary>Symbols a run-time condition may name: invariant integer locals and parameters, with their C# names.</summary>
        private readonly Dictionary<string, string> _assumable = new(StringComparer.Ordinal);
        private readonly List<Poly> _assumed = new();

        public List<Diagnostic> Problems { get; } = new();
        public List<Diagnostic> Warnings { get; } = new();
        public List<string> AliasChecks { get; } = new();
        /// <summary>Spans and arrays that may view a rectangular array or a jagged array's rows: see <see cref="Model.ViewCheckSpec"/>.</summary>
        public List<Model.ViewCheckSpec> ViewChecks { get; } = new();

        /// <summary>Arrays of references written through (rows, objects) whose elements are checked distinct at run time; see <see cref="Model.RowCheckSpec"/>.</summary>
        public List<string> RowsWritten { get; } = new();
        public List<string> RowsRead { get; } = new();
        public List<string> RowFlats { get; } = new();

        /// <summary>
        /// What every rank must get after the loop when its iterations are split over MPI ranks (see
        /// <see cref="Model.ShareSpec"/>); null when the loop cannot be split, with the reason in <see cref="WhyNotDistributed"/>.
        /// </summary>
        public List<Model.ShareSpec>? Shares { get; private set; }
        public string WhyNotDistributed { get; private set; } = "";

        private readonly Frontend.Effects.LoopEffects? _effects;

        private RaceAnalysis(LoopAnalysis loop, SemanticModel model, RegionFlow flow, Frontend.Effects.LoopEffects? effects)
        {
            _loop = loop; _model = model; _body = loop.Loop.Statement; _effects = effects;
            _writtenInside = flow.Written;
            _declaredInside = flow.Declared;
        }

        public static RaceAnalysis Run(LoopAnalysis loop, SemanticModel model, RegionFlow flow, Frontend.Effects.LoopEffects? effects)
        {
            var analysis = new RaceAnalysis(loop, model, flow, effects);
            analysis.Analyze();
            analysis.CheckAssumptions();
            return analysis;
        }

        private sealed class Access
        {
            public Access(ExpressionSyntax syntax, ISymbol array, List<ExpressionSyntax> subscripts, bool isWrite, bool isRead)
            {
                Syntax = syntax; Array = array; Subscripts = subscripts; IsWrite = isWrite; IsRead = isRead;
            }
            public ExpressionSyntax Syntax { get; }
            /// <summary>An access through a span window (<see cref="FindSpanWindows"/>): its subscript, in place of the syntax's.</summary>
            public AffineForm? Window { get; init; }
            /// <summary>Its subscript has no affine form, whatever the syntax's subscripts say (a pointer window's element at a subscript that is not affine).</summary>
            public bool NoForm { get; init; }
            public ISymbol Array { get; }
            public List<ExpressionSyntax> Subscripts { get; }
            public bool IsWrite { get; }
            public bool IsRead { get; }
            /// <summary>Touches the object or row an element holds (rows[i][j], items[i].X), not the element itself.</summary>
            public bool Through { get; init; }
            /// <summary>The target of a commutative Interlocked update whose result is unused.</summary>
            public bool Atomic { get; init; }
            /// <summary>The field of the object an element holds that the access touches (items[i].X: "X"); null for the whole element.</summary>
            public string? Member { get; init; }
            public List<AffineForm>? Forms { get; set; }
            /// <summary>A rectangular array's access whose <see cref="Forms"/> are one combination of its subscripts (<see cref="CombineSplitSubscripts"/>).</summary>
            public bool Combined { get; set; }
            /// <summary>Later accesses identical to this one: reported with it.</summary>
            public List<Access> Repeats { get; } = new();
        }

        private readonly Dictionary<ISymbol, int> _symbolIds = new(SymbolEqualityComparer.Default);

        /// <summary>Identifies accesses that are the same test: null when the subscripts are not affine (each is reported on its own).</summary>
        private string? KeyOf(Access access)
        {
            if (access.Forms is null || access.Array is null) return null;
            if (!_symbolIds.TryGetValue(access.Array, out int id)) _symbolIds.Add(access.Array, id = _symbolIds.Count);
            return $"{id}|{access.IsWrite}|{access.IsRead}|{access.Through}|{access.Member}|{access.Syntax}|{string.Join(";", access.Forms)}";
        }

        private void Analyze()
        {
            SetUpIndex();
            FindInnerLoops();
            FindCursors();
            FindInnerPRangeLoops();
            FindSpanWindows();
            FindPointerWindows();

            // Every access is collected (a race may hide behind any number of harmless ones), but an access that
            // repeats an earlier one exactly (same array, text, subscripts, read/write) is tested once, through its
            // first occurrence, and reported wherever it occurs: the pairwise tests stay small on big kernels.
            var accesses = new List<Access>();
            var byKey = new Dictionary<string, Access>(StringComparer.Ordinal);
            var described = new HashSet<SyntaxNode>();
            bool Collect(Access access, SyntaxNode at)
            {
                access.Forms = access.NoForm ? null : access.Window is { } window ? new List<AffineForm> { window } : Forms(access.Subscripts);
                string? key = KeyOf(access);
                if (key is not null && byKey.TryGetValue(key, out Access? first))
                {
                    first.Repeats.Add(access);
                    return true;
                }
                if (key is not null) byKey.Add(key, access);
                if (accesses.Count == MaxAccesses)
                {
                    Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, at.GetLocation(), Text(at),
                        $"the loop body has more than {MaxAccesses} distinct array accesses, more than KernelGen's dependence tests take on; split the loop"));
                    return false;
                }
                accesses.Add(access);
                return true;
            }
            foreach (ElementAccessExpressionSyntax element in SyntaxNodes.Own(_body).OfType<ElementAccessExpressionSyntax>())
            {
                if (element.Parent is ElementAccessExpressionSyntax outer && outer.Expression == element)
                    continue; // the inner part of a[i][j]: handled with the outer access
                foreach (Access access in Describe(element))
                {
                    if (access.IsWrite) described.Add(element);
                    if (!Collect(access, element)) return;
                }
            }
            // Helpers handed the loop's arrays (Set(a, w, x, y, v)): their own element accesses, in the caller's terms.
            bool all = DescribeHelperCalls(Collect);
            foreach ((SyntaxNode at, DiagnosticDescriptor descriptor, object[] args) in _effects?.CallElementWrites ?? new())
                if (!DescribedByHelper(at) && !_effects!.Problems.Any(d => d.Location.SourceSpan == at.Span)) // (one report a place)
                    Problems.Add(Diagnostic.Create(descriptor, at.GetLocation(), args));
            if (!all) return;
            // A foreach over a span window (foreach (ref float v in row) v *= k; foreach (float v in row) s += v;): it reads
            // every element of the window, and writes them where the body writes its ref iteration variable.
            foreach (ForEachStatementSyntax each in SyntaxNodes.Own(_body).OfType<ForEachStatementSyntax>())
            {
                (ISymbol Array, AffineForm Form) window;
                if (Strip(each.Expression) is IdentifierNameSyntax viewName && _model.GetSymbolInfo(viewName).Symbol is ISymbol view && _windows.TryGetValue(view, out var held))
                    window = (held.Array, held.Form);
                // (Or the view itself: foreach (float v in a.AsSpan(y * w, w)), foreach (ref float v in a.AsSpan(y * w, w)).)
                else if (PlainItem(each) && WindowOf(Strip(each.Expression), $"foreach@window{each.SpanStart}") is { } inline)
                    window = inline;
                else
                {
                    // Written through its ref variable over a view of a shared array or span that is not a window.
                    if (_effects?.ViewLoops.Contains(each) == true)
                        Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, each.Expression.GetLocation(), Text(each.Expression),
                            $"its elements are written through '{each.Identifier.ValueText}', and KernelGen cannot tell which; a window a.AsSpan(start, length) with start affine in the loop indices and length invariant is one it can"));
                    continue;
                }
                bool writes = _model.GetDeclaredSymbol(each) is ILocalSymbol { RefKind: RefKind.Ref } item && PlainReferences(item) is { } uses && uses.Any(LoopAnalysis.IsWrite);
                _windowLoops.Add(Strip(each.Expression));
                if (!Collect(new Access(each.Expression, window.Array, new List<ExpressionSyntax>(), writes, true) { Window = window.Form }, each.Expression)) return;
            }
            // Memory through the * operator (*p, *(row + 1)): the elements of the pointer it reaches (the effect model
            // leaves these to this analysis inside the loop).
            foreach (PrefixUnaryExpressionSyntax deref in SyntaxNodes.Own(_body).OfType<PrefixUnaryExpressionSyntax>().Where(u => u.IsKind(SyntaxKind.PointerIndirectionExpression)))
                foreach (Access access in DescribeIndirection(deref))
                {
                    if (access.IsWrite) described.Add(deref);
                    if (!Collect(access, deref)) return;
                }
            // Objects and rows written through elsewhere: a field of an element's object, a row handed to a helper,
            // a private local that holds an element (var p = items[i]; p.X = …).
            if (_effects is not null)
            {
                foreach ((ElementAccessExpressionSyntax element, SyntaxNode at, bool isWrite, string? member) in _effects.ElementContents)
                {
                    // items[i].X (= …): described above, with its member.
                    if (element.Parent is MemberAccessExpressionSyntax direct && direct.Expression == element && at.Span.Contains(element.Span) && at.Span.Length <= direct.Span.Length) continue;
                    foreach (Access access in Describe(element, at as ExpressionSyntax ?? element, forceWrite: isWrite, through: true, member: member))
                        if (!Collect(access, at)) return;
                }
            }
            // Array.Copy/Fill/Clear in the body: the range each writes (and Copy reads) as a[start + t], 0 <= t < length.
            foreach (InvocationExpressionSyntax call in _effects?.RangedCalls ?? new List<InvocationExpressionSyntax>())
            {
                _rangedCalls.Add(call);
                foreach ((ExpressionSyntax arrayText, ExpressionSyntax start, ExpressionSyntax length, bool write) in Frontend.Effects.KnownMembers.Ranges(_model, call))
                {
                    if (SharedArray(arrayText) is not ISymbol array) continue; // private memory
                    if (Build(start, 0) is not { } first || Build(length, 0) is not { HasVariables: false } count)
                    {
                        // Which elements is not known: a write is the effect model's answer; a read pairs with every write.
                        if (write) Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, call.GetLocation(), Text(call),
                            $"'{Text(call.Expression)}' may write elements of the shared array '{array.Name}', and KernelGen cannot tell which (its start is not affine in the loop indices or its length changes in the loop)"));
                        else if (!Collect(new Access(call, array, new List<ExpressionSyntax>(), false, true), call)) return;
                        continue;
                    }
                    string counter = $"{array.Name}@range{call.SpanStart}{(write ? "w" : "r")}";
                    _bounds[counter] = new LoopBounds(Poly.Constant(0), count.Constant.Minus(Poly.Constant(1)));
                    var ranged = new Access(call, array, new List<ExpressionSyntax> { start }, write, !write)
                        { Window = first.Plus(AffineForm.Variable(counter, Poly.Constant(1), new Poly())) };
                    if (!Collect(ranged, call)) return;
                }
            }
            CombineSplitSubscripts(accesses);
            RequireDistinctRows(accesses);
            CheckRowViews(accesses);
            DropAtomicArrays(accesses);

            // Array reductions (h[k] += e …) are privatized or atomic, not races: their accesses are left out, but the
            // private copies assume the array is none of the other arrays the loop touches. An array whose updates are
            // proven independent anyway (r[i] += e: each iteration its own element) stays an ordinary array.
            foreach (ISymbol reduced in _loop.ReducedArrays.ToList())
            {
                var own = accesses.Where(a => SymbolEqualityComparer.Default.Equals(a.Array, reduced)).ToList();
                bool independent = own.All(a => a.Forms is not null)
                    && own.Where(a => a.IsWrite).All(w => own.All(o => o.Forms!.Count == w.Forms!.Count && Tester().Test(w.Forms!, o.Forms!).IsSafe));
                if (independent)
                {
                    _loop.ReducedArrays.Remove(reduced);
                    _loop.ArrayReductions.RemoveAll(r => r.Name == KernelParser.Escape(reduced.Name));
                    continue;
                }
                accesses.RemoveAll(own.Contains);
            }
            foreach (ISymbol reduced in _loop.ReducedArrays)
                foreach (ISymbol other in accesses.Select(a => a.Array).Concat(_loop.ReducedArrays).Where(a => a is not null).Distinct(SymbolEqualityComparer.Default))
                    if (!SymbolEqualityComparer.Default.Equals(reduced, other) && MayAlias(reduced, other))
                        AddAliasCheck(reduced, other);

            CheckWritesThroughCalls();
            CheckReadsThroughCalls(accesses);
            PlanDistribution(accesses);

            var reported = new HashSet<ExpressionSyntax>();
            var indirect = new List<Access>(); // writes through an index array that only warn (KG1003): the loop stays parallel
            foreach (Access write in accesses.Where(a => a.IsWrite))
            {
                if (reported.Contains(write.Syntax)) continue;
                // The write against itself in two different iterations.
                if (write.Forms is null)
                {
                    if (ReportUnanalyzableWrite(write) && write.Array is not null) indirect.Add(write);
                    reported.Add(write.Syntax);
                    continue;
                }
                DependenceResult self = Tester(ZeroBasedIndexes(write)).Test(write.Forms, write.Forms);
                if (!self.IsSafe)
                {
                    // (Equal combinations of subscripts prove no dependence: only distinct ones prove independence.)
                    if (write.Combined) self = new DependenceResult(DependenceKind.Maybe);
                    Report(self.Kind == DependenceKind.Carried ? DiagnosticDescriptors.SameElementWritten : DiagnosticDescriptors.MayDepend,
                        write, Text(write.Syntax),
                        self.Kind == DependenceKind.Carried
                            ? (self.AllIterations ? $"the subscript does not depend on '{_loop.Index.Name}', so every iteration writes the same element(s)" : "different iterations write the same element")
                            : "KernelGen cannot prove that different iterations write different elements");
                    reported.Add(write.Syntax);
                }
            }

            // KG1003 assumes the index array never repeats a value; then only the same subscript touches the written
            // element. Any other access of that array may be the element another iteration writes: KG1004.
            foreach (Access write in indirect)
            {
                foreach (Access other in accesses)
                {
                    if (other == write || reported.Contains(other.Syntax) || !SymbolEqualityComparer.Default.Equals(write.Array, other.Array)) continue;
                    if (other.Subscripts.Count == write.Subscripts.Count && other.Subscripts.Zip(write.Subscripts, (a, b) => SyntaxFactory.AreEquivalent(a, b)).All(x => x)) continue;
                    Report(DiagnosticDescriptors.MayDepend, other, Text(other.Syntax),
                        $"another iteration may write that element through the index array at `{Text(write.Syntax)}`");
                    reported.Add(other.Syntax);
                }
            }

            foreach (Access write in accesses.Where(a => a.IsWrite))
            {
                foreach (Access other in accesses)
                {
                    if (other == write || reported.Contains(other.Syntax) || reported.Contains(write.Syntax)) continue;
                    if (other.IsWrite && other.Syntax.SpanStart < write.Syntax.SpanStart) continue; // each write pair once
                    if (write.Member is not null && other.Member is not null && write.Member != other.Member) continue; // other fields of the objects
                    if (write.Through && !other.Through && !other.IsWrite) continue; // reading the reference in a slot, not the object written through it
                    bool sameArray = SymbolEqualityComparer.Default.Equals(write.Array, other.Array);
                    if (!sameArray && (TypeOf(write.Array) is IPointerTypeSymbol || TypeOf(other.Array) is IPointerTypeSymbol))
                    {
                        // Two pointers may point into the same memory at any offset (p = q + 1 turns q[i] = p[i] into
                        // q[i] = q[i + 1]), so even equal subscripts prove nothing, and no reference check can tell.
                        // What can: the launch compares the bytes each touches, where every access of both has a
                        // bounded subscript (a locked source bitmap and its destination).
                        if (PointersApart(write.Array, other.Array, accesses) || PointerApartFromArray(write.Array, other.Array, accesses))
                            continue;
                        {
                            bool bothPointers = TypeOf(write.Array) is IPointerTypeSymbol && TypeOf(other.Array) is IPointerTypeSymbol;
                            Report(DiagnosticDescriptors.MayDepend, other, Text(other.Syntax), bothPointers
                                ? $"'{other.Array.Name}' and '{write.Array.Name}' are pointers that may point into the same memory, and the loop writes `{Text(write.Syntax)}`"
                                : $"a pointer of '{(TypeOf(write.Array) is IPointerTypeSymbol ? write.Array.Name : other.Array.Name)}' may point into '{(TypeOf(write.Array) is IPointerTypeSymbol ? other.Array.Name : write.Array.Name)}', and the loop writes `{Text(write.Syntax)}`");
                            reported.Add(other.Syntax);
                        }
                        continue;
                    }
                    if (!sameArray)
                    {
                        // Two arrays that may be the same: the proof assumes they are not where their subscripts could
                        // meet. Two spans may overlap at any offset (src = b[0..], dst = b[1..]), so equal subscripts
                        // prove nothing for them: always checked (Overlaps) at the launch.
                        bool span = TypeOf(write.Array) is { } tw && IsSpanLike(tw) || TypeOf(other.Array) is { } to && IsSpanLike(to);
                        // A run-time condition on the sizes is the last resort here: where the launch can compare the
                        // references, that check costs nothing and keeps the loop parallel whatever the sizes.
                        // (A combination of subscripts says nothing about another array's elements.)
                        if (MayAlias(write.Array, other.Array)
                            && (span || write.Forms is null || other.Forms is null || write.Combined || other.Combined || !ApartWithoutAliasCheck(write, other)))
                            AddAliasCheck(write.Array, other.Array, other);
                        continue;
                    }
                    if (other.Forms is null)
                    {
                        Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, other.Syntax.GetLocation(), Text(other.Syntax),
                            $"its subscript is not an affine function of the loop indices, and the loop writes '{write.Array.Name}' at `{Text(write.Syntax)}`"));
                        reported.Add(other.Syntax);
                        continue;
                    }
                    // a[i][j] written, a[k] read: the read only reads the outer array, which the write leaves alone; unless
                    // it reads the whole row a[k] holds (foreach over it, a helper given it): then the rows are compared.
                    bool wholeRow = other.Through && other.Member is null && !other.IsWrite;
                    if (write.Forms!.Count > other.Forms.Count && !wholeRow) continue;
                    bool indexes = ZeroBasedIndexes(write) && ZeroBasedIndexes(other);
                    DependenceResult result = write.Forms.Count > other.Forms.Count
                        ? Tester(indexes).Test(Prefix(write.Forms, other.Forms.Count), other.Forms)
                        : Tester(indexes).Test(write.Forms, Prefix(other.Forms, write.Forms.Count));
                    if (result.IsSafe) continue;
                    string verb = other.IsWrite ? "written" : "read";
                    if (result.Kind == DependenceKind.Carried && !write.Combined && !other.Combined)
                    {
                        string detail;
                        if (result.Distance is long d)
                        {
                            // write at k1, other at k2, k1 − k2 = d: what `other` touches in iteration i is written by iteration i + d·step.
                            string step = StepText(d);
                            detail = $"`{Text(other.Syntax)}` {verb} in iteration {_loop.Index.Name} is {(other.IsWrite ? "also written" : "written")} by iteration {step} (distance {Math.Abs(d)}{(_step.IsConstant && _step.ConstantTerm == 1 ? "" : " iteration(s)")}) at `{Text(write.Syntax)}`";
                        }
                        else
                        {
                            detail = $"`{Text(other.Syntax)}` {verb} in one iteration is {(other.IsWrite ? "also written" : "written")} by another iteration at `{Text(write.Syntax)}`";
                        }
                        Report(DiagnosticDescriptors.LoopCarriedDependence, other, detail);
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.MayDepend, other, Text(other.Syntax),
                            $"KernelGen cannot prove that no other iteration writes it at `{Text(write.Syntax)}`");
                    }
                    reported.Add(other.Syntax);
                }
            }
        }

        // ---- distribution over ranks --------------------------------------------------------------------------------

        /// <summary>
        /// Whether a block of iterations writes a region every rank can be sent: each shared array the loop writes is
        /// a local or parameter array of unmanaged values, written only directly (not through rows, objects, helpers
        /// or Interlocked), and every write of it has the same first subscript, whose band of rows per iteration
        /// (<see cref="BandOf"/>) moves with k: a block of iterations then owns one run of rows that no other block
        /// writes. (The writes' independence itself is the race analysis's proof above.) Anything else keeps the loop
        /// whole on every rank.
        /// </summary>
        private void PlanDistribution(List<Access> accesses)
        {
            string? why = null;
            var shares = new List<Model.ShareSpec>();
            var firstForms = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
            if (_effects is null) why = "its effects were not analyzed";
            else if (_effects.ElementContents.Any(c => c.IsWrite)) why = "it writes through the rows or objects an array holds";
            else if (_effects.AtomicElements.Count > 0 || _effects.Notes.Count > 0) why = "it updates shared state with Interlocked";
            foreach (Access write in accesses.Where(a => a.IsWrite))
            {
                if (why is not null) break;
                string name = write.Array?.Name ?? "";
                if (write.Array is null) why = $"it writes through a reference KernelGen cannot follow at `{Text(write.Syntax)}`";
                else if (write.Through || write.Atomic || write.Member is not null) why = $"it writes through the elements of '{name}'";
                else if (write.Array is not (ILocalSymbol or IParameterSymbol)) why = $"'{name}' is a field (only local and parameter arrays are sent between ranks)";
                else if (TypeOf(write.Array) is not IArrayTypeSymbol { ElementType: { IsUnmanagedType: true } element } || element is IArrayTypeSymbol)
                    why = $"'{name}' is not an array of unmanaged values";
                else if (write.Forms is null || write.Combined || BandOf(write.Forms[0], flat: write.Forms.Count == 1) is not { } band)
                    why = $"`{Text(write.Syntax)}`: KernelGen cannot bound the elements one iteration writes";
                else if (firstForms.TryGetValue(write.Array, out string? seen)) { if (seen != write.Forms[0].ToString()) why = $"'{name}' is written at different rows in one iteration"; }
                else
                {
                    firstForms.Add(write.Array, write.Forms[0].ToString());
                    shares.Add(new Model.ShareSpec(KernelParser.Escape(name), element.ToDisplayString(KernelParser.TypeFormat), band.First, band.Stride, band.Width));
                }
            }
            if (why is null) Shares = shares;
            else WhyNotDistributed = why;
        }

        /// <summary>
        /// The band of rows (first dimension; elements of a one-dimensional array) iteration k may write: rows
        /// [First + Stride·k, First + Stride·k + Width). A multi-dimensional array's first subscript must be ±k + c (one
        /// whole row per iteration); a flat array's may be s·k + Σ cᵥ·v + c over inner loop indices v with known bounds
        /// (<c>output[y * w + x]</c>: First 0, Stride w, Width w). Null when it is neither. The launch checks
        /// Width ≤ |Stride| (bands of different iterations never overlap) before splitting the loop.
        /// </summary>
        private (string First, string Stride, string Width)? BandOf(AffineForm form, bool flat)
        {
            if (!form.Coefficients.TryGetValue(K, out Poly? stride) || PolyText(stride) is not { } strideText) return null;
            if (!flat && (form.Coefficients.Count != 1 || !stride.IsConstant || stride.ConstantTerm is not (1 or -1))) return null;
            Poly low = form.Constant, high = form.Constant;
            foreach (KeyValuePair<string, Poly> term in form.Coefficients)
            {
                if (term.Key == K) continue;
                if (!term.Value.IsConstant || !_bounds.TryGetValue(term.Key, out LoopBounds? bounds) || bounds.Lower is null || bounds.Upper is null) return null;
                long c = term.Value.ConstantTerm;
                low = low.Plus((c > 0 ? bounds.Lower : bounds.Upper).Scale(c));
                high = high.Plus((c > 0 ? bounds.Upper : bounds.Lower).Scale(c));
            }
            if (PolyText(low) is not { } first || PolyText(high.Minus(low).Plus(Poly.Constant(1))) is not { } width) return null;
            return (first, strideText, width);
        }

        /// <summary>
        /// A loop-invariant polynomial as a C# long expression at the launch ("$start": the range's start); null when it
        /// names something the launch cannot see. The launch evaluates it even when the loop has no iterations, so an
        /// array's length is read null-safely (a null array keeps the loop serial anyway).
        /// </summary>
        private string? PolyText(Poly poly)
        {
            var terms = new List<string>();
            foreach (KeyValuePair<string, long> term in poly.Terms)
            {
                if (term.Key.Length == 0) { terms.Add($"{term.Value}L"); continue; }
                var factors = new List<string>();
                foreach (string symbol in term.Key.Split('*'))
                {
                    // Locals and parameters, a.Length, a.GetLength(d), the range's start; not the stop, the step or an induction's start.
                    if (symbol == "$start") factors.Add("$start");
                    else if (symbol.Contains("$") || symbol.Contains("@")) return null;
                    else if (SyntaxFacts.IsValidIdentifier(symbol)) factors.Add(KernelParser.Escape(symbol));
                    else if (ArrayMember(symbol) is { } member) factors.Add(member);
                    else return null;
                }
                terms.Add((term.Value == 1 ? "" : $"{term.Value}L * ") + string.Join(" * ", factors.Select(f => $"(long){f}")));
            }
            return terms.Count == 0 ? "0L" : string.Join(" + ", terms);
        }

        /// <summary>"a.Length" or "a.GetLength(1)" of an array the loop captures, read null-safely; null for anything else.</summary>
        private string? ArrayMember(string text)
        {
            int dot = text.IndexOf('.');
            if (dot <= 0) return null;
            string receiver = text.Substring(0, dot), member = text.Substring(dot + 1);
            if (!_loop.Captures.Any(c => c.Name == receiver.TrimStart('@') && TypeOf(c) is IArrayTypeSymbol)) return null;
            if (member is not ("Length" or "LongLength") && !(member.StartsWith("GetLength(", StringComparison.Ordinal) && member.EndsWith(")", StringComparison.Ordinal))) return null;
            return $"({receiver}?.{member} ?? 0)";
        }

        /// <summary>Reports a problem at an access and at each of its repeats (the same text, so the same message).</summary>
        private void Report(DiagnosticDescriptor descriptor, Access at, params object?[] args)
        {
            Problems.Add(Diagnostic.Create(descriptor, at.Syntax.GetLocation(), args));
            foreach (Access repeat in at.Repeats)
                Problems.Add(Diagnostic.Create(descriptor, repeat.Syntax.GetLocation(), args));
        }

        private static List<AffineForm> Prefix(List<AffineForm> forms, int count) => forms.Count <= count ? forms : forms.GetRange(0, count);

        /// <summary>
        /// A writable span view over a shared array (<c>a.AsSpan()</c> not used as a ReadOnlySpan): the elements written
        /// through it are unknown, so the answer is KG1004. (Arrays handed to methods that write them are found by the
        /// effect model, <see cref="Frontend.Effects.LoopEffects"/>.)
        /// </summary>
        private void CheckWritesThroughCalls()
        {
            foreach (InvocationExpressionSyntax call in SyntaxNodes.Own(_body).OfType<InvocationExpressionSyntax>())
            {
                if (_model.GetSymbolInfo(call).Symbol is not IMethodSymbol method) continue;
                // x.AsSpan(...) / x.AsMemory(...) over a shared array, used as a writable span.
                if (method.Name is "AsSpan" or "AsMemory" && call.Expression is MemberAccessExpressionSyntax { Expression: var receiver }
                    && SharedArray(receiver) is ISymbol spanned && !_windows.Values.Any(w => w.View == call) && !_windowLoops.Contains(call))
                {
                    ITypeSymbol? converted = _model.GetTypeInfo(call).ConvertedType;
                    if (converted?.Name is not ("ReadOnlySpan" or "ReadOnlyMemory"))
                        Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, call.GetLocation(), Text(call),
                            $"it is a writable view of the shared array '{spanned.Name}', and KernelGen cannot tell which elements are written through it; use AsSpan only for reading (ReadOnlySpan), or index '{spanned.Name}' directly"));
                    continue;
                }
            }
        }

        /// <summary>
        /// A shared array (or span) the loop writes, handed to a call (an argument, the receiver of a method or an
        /// extension, through <c>AsSpan</c>): the callee may read any element of it, among them elements other
        /// iterations write (KG1004 at the reference). The effect model follows what calls write; this is what they
        /// read. Not reported: element accesses, lengths, span windows, views assigned to locals (their accesses are
        /// the loop's own), the destination of calls that only write it (Array.Fill, Array.Clear, Copy's destination,
        /// a span's Fill or Clear), and references at a call already reported.
        /// </summary>
        private void CheckReadsThroughCalls(List<Access> accesses)
        {
            var written = new HashSet<ISymbol>(accesses.Where(a => a.IsWrite && a.Array is not null).Select(a => a.Array), SymbolEqualityComparer.Default);
            if (written.Count == 0) return;
            // Elements read inside helpers, lambdas and local functions (the effect model): an array held by a variable
            // or static field the loop writes, or one reached from an object (this, a field) while the loop writes an
            // array held in a field, or anything at all.
            foreach ((Frontend.Effects.Base b, SyntaxNode at, string via) in _effects?.ElementsReadByCalls ?? new())
            {
                if (_windowLoops.Contains(at)) continue; // a foreach over a span window: an access of its own
                if (DescribedByHelper(at)) continue; // a helper's element accesses: accesses of their own
                ISymbol? hit = b.Kind switch
                {
                    // (An object, not an array: the elements of arrays it reaches, which may be any array the loop writes,
                    // through a field or not: dst.Px[i] = src.Sum() with src and dst one image, o[i] = model.Predict(i)
                    // with model.Weights == o. No run-time check can follow an object's arrays.)
                    Frontend.Effects.BaseKind.Root or Frontend.Effects.BaseKind.Static when b.Symbol is not null && TypeOf(b.Symbol) is not (IArrayTypeSymbol or null) && !IsSpanLike(TypeOf(b.Symbol)!)
                        => written.FirstOrDefault(w => !_declaredInside.Contains(w) && !IsFreshLocal(w)),
                    Frontend.Effects.BaseKind.Root or Frontend.Effects.BaseKind.Static => b.Symbol is not null && written.Contains(b.Symbol) ? b.Symbol : null,
                    Frontend.Effects.BaseKind.Unknown => written.First(),
                    _ => written.FirstOrDefault(w => w is IFieldSymbol),
                };
                if (b.Kind is Frontend.Effects.BaseKind.Root or Frontend.Effects.BaseKind.Static or Frontend.Effects.BaseKind.ElementOf && b.Symbol is not null
                    && TypeOf(b.Symbol) is IArrayTypeSymbol { ElementType: IArrayTypeSymbol rowType } holderType)
                {
                    // Rows of a jagged array handed to a call (RowDot(rows, i, x) reads rows[i], then its elements) while the
                    // loop writes a 1-D array that may be one of the rows (y = rows[5]): the launch compares the rows with it
                    // (RowsHold), as for the loop's own reads. (The effect model reports the rows' read, not the elements'.)
                    foreach (ISymbol w in written.Where(w => !SymbolEqualityComparer.Default.Equals(w, b.Symbol) && !_declaredInside.Contains(w) && !IsFreshLocal(w)
                                 && MayViewRow(rowType, TypeOf(w))))
                    {
                        if (holderType.Rank == 1 && rowType.ElementType is not IArrayTypeSymbol && CheckText(b.Symbol) is not null && CheckText(w) is not null
                            && ElementOf(TypeOf(w)) is not null)
                            AddViewCheck(true, b.Symbol, w, null);
                        else if (!Problems.Any(d => d.Location.SourceSpan.IntersectsWith(at.Span)))
                            Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, at.GetLocation(), Text(at),
                                $"{(via.Length > 0 ? Frontend.Effects.LoopEffects.First(via) : "it")} reads elements of the rows of '{b.Symbol.Name}', and '{w.Name}', which the loop writes, may be one of them (KernelGen cannot compare them at run time)"));
                    }
                }
                if (hit is null && b.Kind is Frontend.Effects.BaseKind.Root or Frontend.Effects.BaseKind.Static && b.Symbol is not null)
                {
                    // Another variable that may hold one of the written arrays at run time (o[i] = Window(v, i, 3) called with
                    // o and v the same array): the launch runs the loop serially when they are, as for the loop's own reads.
                    foreach (ISymbol w in written.Where(w => MayAlias(w, b.Symbol)))
                    {
                        if (CheckText(w) is not null && CheckText(b.Symbol) is not null) { AddAliasCheck(w, b.Symbol); continue; }
                        if (!Problems.Any(d => d.Location.SourceSpan.IntersectsWith(at.Span)))
                            Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, at.GetLocation(), Text(at),
                                $"{(via.Length > 0 ? Frontend.Effects.LoopEffects.First(via) : "it")} reads elements of '{b.Symbol.Name}', which may be '{w.Name}' (written by other iterations), and KernelGen cannot check that at run time"));
                    }
                    continue;
                }
                if (hit is null || Problems.Any(d => d.Location.SourceSpan.IntersectsWith(at.Span))) continue;
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, at.GetLocation(), Text(at),
                    $"{(via.Length > 0 ? Frontend.Effects.LoopEffects.First(via) : "it")} reads elements of {(b.Kind is Frontend.Effects.BaseKind.Root or Frontend.Effects.BaseKind.Static && SymbolEqualityComparer.Default.Equals(hit, b.Symbol) ? "'" + hit.Name + "'" : "an array that may be '" + hit.Name + "'")}, which other iterations write; read the elements in the loop body instead (or pass a copy)"));
            }
            foreach (IdentifierNameSyntax name in SyntaxNodes.Own(_body).OfType<IdentifierNameSyntax>())
            {
                if (_model.GetSymbolInfo(name).Symbol is not ISymbol symbol || !written.Contains(symbol) || _declaredInside.Contains(symbol)) continue;
                ExpressionSyntax value = name;
                while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax) value = (ExpressionSyntax)value.Parent;
                // x.AsSpan(…) / x.AsMemory(…): the view is what is used.
                if (value.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "AsMemory" } asSpan && asSpan.Expression == value
                    && asSpan.Parent is InvocationExpressionSyntax view && view.Expression == asSpan)
                {
                    if (_windows.Values.Any(w => w.View == view)) continue;
                    value = view;
                }
                // new Span<T>(x, …): likewise a view (assigned to a local, its accesses are the loop's own: see Describe).
                else if (value.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
                    && _model.GetTypeInfo(creation).Type is { } created && IsSpanLike(created))
                {
                    if (_windows.Values.Any(w => w.View == creation)) continue;
                    value = creation;
                }
                string? callee = null;
                if (value.Parent is ArgumentSyntax { Parent: BaseArgumentListSyntax { Parent: ExpressionSyntax call } } argument)
                {
                    if (_rangedCalls.Contains(call)) continue; // its ranges are accesses
                    if (DescribedByHelper(argument)) continue; // so are a described helper's element accesses
                    if (_model.GetSymbolInfo(call).Symbol is IMethodSymbol method)
                    {
                        IParameterSymbol? parameter = argument.NameColon is { } named
                            ? method.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                            : ((BaseArgumentListSyntax)argument.Parent!).Arguments.IndexOf(argument) is int at && at < method.Parameters.Length ? method.Parameters[at] : null;
                        if (parameter is not null && OnlyWrites(method, parameter.Name)) continue;
                        if (method.ContainingType?.SpecialType == SpecialType.System_Object && method.Name == "ReferenceEquals") continue;
                        callee = method.Name;
                    }
                    else callee = call is InvocationExpressionSyntax invocation ? invocation.Expression.ToString() : "a call";
                }
                else if (value.Parent is MemberAccessExpressionSyntax member && member.Expression == value && member.Parent is InvocationExpressionSyntax receiver
                    && receiver.Expression == member)
                {
                    string method = member.Name.Identifier.ValueText;
                    if (method is "GetLength" or "GetLongLength" or "GetLowerBound" or "GetUpperBound" or "Fill" or "Clear" or "GetType" or "GetHashCode") continue;
                    callee = method;
                }
                if (callee is null) continue;
                SyntaxNode site = value.Parent!;
                if (Problems.Concat(_effects?.Problems ?? Enumerable.Empty<Diagnostic>()).Any(d => d.Location.SourceSpan.IntersectsWith(site.Span))) continue;
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, name.GetLocation(), Text(value),
                    $"'{callee}' gets '{symbol.Name}' and may read any element of it, while other iterations write elements of '{symbol.Name}'; read the elements in the loop body instead (or pass a copy)"));
            }
        }

        /// <summary>Calls that write an array parameter without reading it: Array.Fill's and Array.Clear's array, Copy's destination.</summary>
        private static bool OnlyWrites(IMethodSymbol method, string parameter) =>
            method.ContainingType?.SpecialType == SpecialType.System_Array
            && (method.Name is "Fill" or "Clear" && parameter == "array" || method.Name is "Copy" or "ConstrainedCopy" && parameter == "destinationArray");

        private ISymbol? SharedArray(ExpressionSyntax expression)
        {
            ISymbol? symbol = _model.GetSymbolInfo(Strip(expression)).Symbol;
            if (symbol is not (ILocalSymbol or IParameterSymbol or IFieldSymbol) || _declaredInside.Contains(symbol)) return null;
            return TypeOf(symbol) is IArrayTypeSymbol ? symbol : null;
        }

        private string StepText(long d)
        {
            if (_step.IsConstant)
            {
                long delta = d * _step.ConstantTerm;
                return delta >= 0 ? $"{_loop.Index.Name} + {delta}" : $"{_loop.Index.Name} - {-delta}";
            }
            return d >= 0 ? $"{_loop.Index.Name} + {d}·step" : $"{_loop.Index.Name} - {-d}·step";
        }

        /// <summary>Whether two accesses of arrays that may be the same touch different elements, with a run-time condition only where no reference check can be made.</summary>
        private bool ApartWithoutAliasCheck(Access write, Access other)
        {
            IReadOnlyList<AffineForm> first = write.Forms!, second = Prefix(other.Forms!, write.Forms!.Count);
            if (new DependenceTester(K, _tripCount, _bounds, _step) { Quotients = _quotientFacts, NonNegative = IsNonNegative, StartsAfter = _startsAfter, EndsBefore = _endsBefore, OtherBounds = _otherBounds }.Test(first, second).IsSafe) return true;
            return (CheckText(write.Array) is null || CheckText(other.Array) is null) && Tester().Test(first, second).IsSafe;
        }

        /// <summary>Invariant quotients (E / c, c &gt; 0 not dividing E) as symbols: each one's E and c.</summary>
        private readonly Dictionary<string, (Poly E, long C)> _quotientValues = new(StringComparer.Ordinal);
        /// <summary>Those where c·(E / c) ≤ E holds whenever the loop runs (the PRange's stop): for <see cref="DependenceTester.Quotients"/>.</summary>
        private readonly Dictionary<string, (Poly E, long C)> _quotientFacts = new(StringComparer.Ordinal);

        /// <summary>
        /// A quotient whose dividend varies (<c>y = p / w</c> of a flattened PRange index p, w invariant): a symbol "$d…"
        /// that stands for it in forms only so that it can cancel. C# truncates so that (p / w)·w + p % w == p for every
        /// p and w ≠ 0 (w = 0 throws before any store), so <c>y * w + x</c> with <c>x = p % w</c> is p itself. A form
        /// where such a symbol is left is not affine in the counters (its value changes with them, yet it would pass
        /// for an invariant): <see cref="Build"/> refuses it at the top.
        /// </summary>
        private string Split(AffineForm dividend, Poly divisor)
        {
            string key = string.Join(" + ", dividend.Coefficients.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"({c.Value})*{c.Key}"))
                + " + " + dividend.Constant + " / " + divisor;
            if (!_splits.TryGetValue(key, out string? name)) _splits[key] = name = "$d" + _splits.Count;
            return name;
        }

        private readonly Dictionary<string, string> _splits = new(StringComparer.Ordinal);

        private string Quotient(Poly e, long c)
        {
            foreach (var known in _quotientValues) if (known.Value.E.Equals(e) && known.Value.C == c) return known.Key;
            string name = "$q" + _quotientValues.Count;
            _quotientValues[name] = (e, c);
            return name;
        }

        /// <summary>
        /// Whether an access's forms are indexes into zero-based memory, at least 0 wherever it runs without throwing
        /// (DependenceTester.IndexForms): one-dimensional arrays (jagged ones of them too) and spans; not pointers,
        /// rectangular arrays (Array.CreateInstance makes them with other lower bounds) or combined subscripts.
        /// </summary>
        private static bool ZeroBasedIndexes(Access access) =>
            !access.Combined && !access.NoForm && TypeOf(access.Array) switch
            {
                IArrayTypeSymbol array => RankOneThroughout(array),
                { } type => IsSpanLike(type),
                null => false,
            };

        private static bool RankOneThroughout(IArrayTypeSymbol array) =>
            array.Rank == 1 && (array.ElementType is not IArrayTypeSymbol inner || RankOneThroughout(inner));

        private DependenceTester Tester(bool indexForms = false) => new(K, _tripCount, _bounds, _step) { IndexForms = indexForms, Moving = _moving, Sliding = _sliding, Assumable = _assumable.ContainsKey, Assumed = _assumed, Quotients = _quotientFacts, NonNegative = IsNonNegative, StartsAfter = _startsAfter, EndsBefore = _endsBefore, OtherBounds = _otherBounds };

        /// <summary>
        /// Whether the launch can check that pointers <paramref name="p"/> and <paramref name="q"/> touch no byte in common
        /// over the whole loop, and a check that does so is added (once a pair): each pointer's accesses all have one affine
        /// subscript over counters with known bounds, whose extremes the launch computes (a coefficient of unknown sign
        /// takes the smaller and larger of its two ends), and <c>KernelRuntime.PointersApart</c> compares the byte ranges.
        /// </summary>
        private bool PointersApart(ISymbol p, ISymbol q, List<Access> accesses)
        {
            // (Variables of the method only: the launch reads them once, and no other thread can move them.)
            if (p is not (ILocalSymbol or IParameterSymbol { RefKind: RefKind.None }) || q is not (ILocalSymbol or IParameterSymbol { RefKind: RefKind.None })
                || TypeOf(p) is not IPointerTypeSymbol || TypeOf(q) is not IPointerTypeSymbol || _declaredInside.Contains(p) || _declaredInside.Contains(q))
                return false;
            if (string.CompareOrdinal(p.Name, q.Name) > 0) (p, q) = (q, p); // one check a pair, its names in order
            string pair = p.Name + "|" + q.Name;
            if (_pointerChecks.TryGetValue(pair, out bool known)) return known;
            bool apart = false;
            if (Extent(p, accesses) is { } pe && Extent(q, accesses) is { } qe)
            {
                apart = true;
                string pName = KernelParser.Escape(p.Name), qName = KernelParser.Escape(q.Name);
                AddLaunchCheck($"global::KernelGen.KernelRuntime.PointersApart({pName}, {pe.Low}, {pe.High}, {qName}, {qe.Low}, {qe.High})",
                    $"the memory {pName} and {qName} touch does not overlap", p, q);
            }
            _pointerChecks[pair] = apart;
            return apart;
        }

        /// <summary>
        /// A run-time check of the launch, with the variables it names (the extents' too): captured where a vector guard
        /// checks it again in the chunks.
        /// </summary>
        private void AddLaunchCheck(string condition, string text, params ISymbol[] named)
        {
            RunTimeChecks.Add(new Model.RunTimeCheckSpec(condition, text));
            foreach (ISymbol symbol in named.Concat(_extentFactors.Select(f => _assumableSymbols.TryGetValue(f, out ISymbol? s) ? s : null).OfType<ISymbol>()))
                if (!RunTimeCheckSymbols.Contains(symbol, SymbolEqualityComparer.Default)) RunTimeCheckSymbols.Add(symbol);
        }

        private readonly Dictionary<string, bool> _pointerChecks = new(StringComparer.Ordinal);

        /// <summary>
        /// Whether the launch can check that pointer and array (one each, in either order) share no byte, and a check that
        /// does so is added (once a pair): the pointer's accesses as in <see cref="PointersApart"/>, the array whole (a
        /// lookup table read while a locked bitmap is written). Sound although the GC may move the array after the check:
        /// it never moves an object onto pinned or unmanaged memory, where the pointer's bytes are, and a pointer into the
        /// array itself means the caller pinned it, so the check sees them meet.
        /// </summary>
        private bool PointerApartFromArray(ISymbol first, ISymbol second, List<Access> accesses)
        {
            (ISymbol? pointer, ISymbol? array) = TypeOf(first) is IPointerTypeSymbol ? (first, second) : (second, first);
            if (pointer is not (ILocalSymbol or IParameterSymbol { RefKind: RefKind.None }) || _declaredInside.Contains(pointer) || TypeOf(pointer) is not IPointerTypeSymbol
                || TypeOf(array) is not IArrayTypeSymbol { Rank: 1 or 2, ElementType.IsUnmanagedType: true } || _declaredInside.Contains(array!) || _writtenInside.Contains(array!))
                return false; // (an array of rows or objects: the pointer may point into one of those, which the array's bytes do not cover)
            // The launch names the array: a variable of the method, or a static readonly field by its full name.
            string? arrayText = array switch
            {
                ILocalSymbol or IParameterSymbol { RefKind: RefKind.None } => KernelParser.Escape(array.Name),
                IFieldSymbol { IsStatic: true, IsReadOnly: true } field => field.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + KernelParser.Escape(field.Name),
                _ => null,
            };
            if (arrayText is null) return false;
            string pair = pointer.Name + "|[]" + arrayText;
            if (_pointerChecks.TryGetValue(pair, out bool known)) return known;
            bool apart = false;
            if (Extent(pointer, accesses) is { } extent)
            {
                apart = true;
                string pointerName = KernelParser.Escape(pointer.Name);
                AddLaunchCheck($"global::KernelGen.KernelRuntime.PointerApartFrom({pointerName}, {extent.Low}, {extent.High}, {arrayText})",
                    $"the memory {pointerName} touches is not {array!.Name}'s", array is IFieldSymbol ? new[] { pointer } : new[] { pointer, array });
            }
            _pointerChecks[pair] = apart;
            return apart;
        }

        /// <summary>The variables the pointer extents name (see <see cref="Extent"/>).</summary>
        private readonly HashSet<string> _extentFactors = new(StringComparer.Ordinal);

        /// <summary>
        /// C# for the least and greatest subscript any access of <paramref name="pointer"/> makes in the loop (as Int128),
        /// or null where one has no bounded affine subscript or names what the launch cannot read.
        /// </summary>
        private (string Low, string High)? Extent(ISymbol pointer, List<Access> accesses)
        {
            const string Cast = "(global::System.Int128)";
            // Accesses that differ only in a constant (px[0], px[1], px[2]) share their extremes but for it: one term each.
            var groups = new Dictionary<string, (AffineForm Form, long Least, long Most)>(StringComparer.Ordinal);
            var lows = new List<string>();
            var highs = new List<string>();
            foreach (Access access in accesses.Where(a => SymbolEqualityComparer.Default.Equals(a.Array, pointer)))
            {
                if (access.Forms is not { Count: 1 } forms || !Readable(forms[0].Constant)) return null;
                AffineForm form = forms[0];
                if (!form.Constant.IsConstant)
                {
                    if (Ends(form, 0, 0) is not { } ends) return null;
                    lows.Add(ends.Low);
                    highs.Add(ends.High);
                    continue;
                }
                string key = string.Join(";", form.Coefficients.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "=" + c.Value));
                long constant = form.Constant.ConstantTerm;
                groups[key] = groups.TryGetValue(key, out var group)
                    ? (group.Form, Math.Min(group.Least, constant), Math.Max(group.Most, constant)) : (form, constant, constant);
            }
            foreach ((AffineForm form, long least, long most) in groups.Values)
            {
                if (Ends(form, least, most) is not { } ends) return null;
                lows.Add(ends.Low);
                highs.Add(ends.High);
            }
            if (lows.Count == 0) return null;
            static string Fold(List<string> items, string f) => items.Distinct().Aggregate((x, y) => $"global::System.Int128.{f}({x}, {y})");
            return (Fold(lows, "Min"), Fold(highs, "Max"));

            // The least and greatest value of the form's variable terms over their counters' bounds, plus the constant's
            // least and greatest (the form's own constant where it is not a number).
            (string Low, string High)? Ends(AffineForm form, long least, long most)
            {
                // The terms whose ends are known at compile time add up as polynomials; the others are Min/Max at the launch.
                Poly lowSum = form.Constant.IsConstant ? Poly.Constant(least) : form.Constant;
                Poly highSum = form.Constant.IsConstant ? Poly.Constant(most) : form.Constant;
                var low = new List<string>();
                var high = new List<string>();
                foreach (KeyValuePair<string, Poly> term in form.Coefficients.OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    if (!_bounds.TryGetValue(term.Key, out LoopBounds? bounds) || bounds.Lower is null || bounds.Upper is null
                        || term.Value.Times(bounds.Lower) is not { } atLower || term.Value.Times(bounds.Upper) is not { } atUpper
                        || !Readable(atLower) || !Readable(atUpper))
                        return null;
                    if (atLower.Equals(atUpper) || term.Value.IsConstant)
                    {
                        // The coefficient's sign is known: so is which end is which.
                        bool rising = !term.Value.IsConstant || term.Value.ConstantTerm >= 0;
                        lowSum = lowSum.Plus(rising ? atLower : atUpper);
                        highSum = highSum.Plus(rising ? atUpper : atLower);
                        continue;
                    }
                    string a = atLower.ToCSharp(_assumable, Cast), b = atUpper.ToCSharp(_assumable, Cast);
                    low.Add($"global::System.Int128.Min({a}, {b})");
                    high.Add($"global::System.Int128.Max({a}, {b})");
                }
                string Sum(Poly known, List<string> parts) =>
                    string.Join(" + ", (known.Terms.Count == 0 && parts.Count > 0 ? parts : parts.Prepend(known.ToCSharp(_assumable, Cast))));
                return (Sum(lowSum, low), Sum(highSum, high));
            }

            // Every symbol is a variable the launch has (no counter of an inner loop, no opaque start or stop).
            bool Readable(Poly poly)
            {
                if (!poly.Terms.All(t => t.Key.Length == 0 || t.Key.Split('*').All(_assumable.ContainsKey))) return false;
                foreach (var term in poly.Terms) if (term.Key.Length > 0) _extentFactors.UnionWith(term.Key.Split('*'));
                return true;
            }
        }

        /// <summary>Second upper bounds of counters, by their names in <see cref="_bounds"/> (see DependenceTester.OtherBounds).</summary>
        private readonly Dictionary<string, LoopBounds> _otherBounds = new(StringComparer.Ordinal);

        /// <summary>Counters of triangles: j of <c>for (j = i + c; …; j++)</c> with i the PRange index or an enclosing counter (see DependenceTester.StartsAfter).</summary>
        private readonly Dictionary<string, (string From, long Offset)> _startsAfter = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string From, long Offset)> _endsBefore = new(StringComparer.Ordinal);

        /// <summary>Counters of loops around the PRange loop that count up from 0 or more (and nothing else assigns), arrays' lengths.</summary>
        private readonly HashSet<string> _nonNegative = new(StringComparer.Ordinal);

        private bool IsNonNegative(string symbol) => _nonNegative.Contains(symbol)
            || symbol.EndsWith(".Length", StringComparison.Ordinal) || symbol.EndsWith(".LongLength", StringComparison.Ordinal) || symbol.Contains(".GetLength(");

        /// <summary>Whether <paramref name="symbol"/> is the counter of a for loop around the PRange loop that counts up from a constant ≥ 0.</summary>
        private bool EnclosingCountUp(ISymbol symbol) =>
            symbol is ILocalSymbol local && symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var init } declarator
            && declarator.Parent?.Parent is ForStatementSyntax { Incrementors.Count: 1 } loop && loop.Declaration!.Variables.Count == 1 && loop.Statement.Span.Contains(_loop.Loop.Span)
            && _model.GetConstantValue(init) is { HasValue: true, Value: int or long } first && Convert.ToInt64(first.Value) >= 0
            && Step(loop.Incrementors[0], local) is > 0 && !Assigned(local, BodyAndCondition(loop));

        private static IEnumerable<SyntaxNode> BodyAndCondition(ForStatementSyntax loop) =>
            SyntaxNodes.All(loop.Statement).Concat(loop.Condition is null ? Enumerable.Empty<SyntaxNode>() : SyntaxNodes.All(loop.Condition));

        /// <summary>Whether a reference to <paramref name="symbol"/> among <paramref name="nodes"/> assigns it or takes its address.</summary>
        private bool Assigned(ISymbol symbol, IEnumerable<SyntaxNode> nodes) => nodes.OfType<IdentifierNameSyntax>()
            .Any(n => n.Identifier.ValueText == symbol.Name && AssignsOrPoints(n) && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, symbol));

        private static bool AssignsOrPoints(IdentifierNameSyntax name) =>
            LoopAnalysis.IsWrite(name) || name.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression };

        /// <summary>
        /// The conditions the tests assumed (each P &gt; 0), the strongest of those that differ only in their constant, as
        /// run-time checks; a loop that has any stays whole on every MPI rank (its blocks of rows are apart only where they hold).
        /// </summary>
        private void CheckAssumptions()
        {
            if (_assumed.Count == 0 || Problems.Count > 0) return;
            foreach (Poly p in Strongest(_assumed.GroupBy(p => p.Minus(Poly.Constant(p.ConstantTerm)).ToString()).Select(g => g.OrderBy(p => p.ConstantTerm).First()).ToList()))
            {
                RunTimeChecks.Add(new Model.RunTimeCheckSpec(p.ToCSharp(_assumable, "(global::System.Int128)") + " > 0", Readable(p)));
                // The vector guards check them again in the chunks: what they name must be captured (a local's value may
                // name what the body never reads: widthInBytes = width * 3).
                foreach (string factor in p.Terms.SelectMany(t => t.Key.Length == 0 ? Array.Empty<string>() : t.Key.Split('*'))
                    .SelectMany(f => _quotientValues.TryGetValue(f, out var q) ? q.E.Terms.SelectMany(t => t.Key.Length == 0 ? Array.Empty<string>() : t.Key.Split('*')) : new[] { f }))
                    if (_assumableSymbols.TryGetValue(factor, out ISymbol? symbol) && !RunTimeCheckSymbols.Contains(symbol)) RunTimeCheckSymbols.Add(symbol);
            }
            if (Shares is not null)
            {
                Shares = null;
                WhyNotDistributed = $"its iterations are apart only where {string.Join(" and ", RunTimeChecks.Select(c => c.Text))} (checked at the launch)";
            }
        }

        /// <summary>
        /// The conditions without those the others imply: integers P, Q₁, Q₂ with Q₁, Q₂ ≥ 1 give λ₁Q₁ + λ₂Q₂ ≥ λ₁ + λ₂, so
        /// P ≥ 1 follows where P − λ₁Q₁ − λ₂Q₂ is a constant c with c + λ₁ + λ₂ ≥ 1 (λ from 0 to 3). Each one dropped is
        /// implied by those left at that point, which stay implied by the final set: the launch checks fewer, the same
        /// loops run in parallel (a box blur's eight conditions are two: r ≥ 0 and w ≥ 2r + 1).
        /// </summary>
        private static List<Poly> Strongest(List<Poly> conditions)
        {
            var kept = new List<Poly>(conditions);
            foreach (Poly p in conditions.OrderByDescending(c => c.Terms.Count).ThenByDescending(c => c.ToString(), StringComparer.Ordinal))
            {
                var others = kept.Where(q => !ReferenceEquals(q, p)).ToList();
                bool implied = false;
                for (int a = 0; a < others.Count && !implied; a++)
                    for (int b = a; b < others.Count && !implied; b++)
                        for (long l1 = 0; l1 <= 3 && !implied; l1++)
                            for (long l2 = 0; l2 <= 3 && !implied; l2++)
                            {
                                if (l1 + l2 == 0 || a == b && l2 > 0) continue;
                                Poly rest = p.Minus(others[a].Scale(l1)).Minus(others[b].Scale(l2));
                                implied = rest.IsConstant && rest.ConstantTerm + l1 + l2 >= 1;
                            }
                if (implied) kept.Remove(p);
            }
            return kept;
        }

        /// <summary>P &gt; 0 as <c>L &gt;= R + k</c> (L: P's positive terms, R: its negative ones): <c>stride &gt;= 3*w</c>.</summary>
        private string Readable(Poly p)
        {
            string Side(IEnumerable<KeyValuePair<string, long>> terms) => string.Join(" + ", terms.Select(t =>
                (Math.Abs(t.Value) == 1 ? "" : Math.Abs(t.Value) + "*") + string.Join("*", t.Key.Split('*').Select(f => f.StartsWith("$", StringComparison.Ordinal) && f.Contains(".") ? f.Substring(1) // a member as written: this.Width, bmp.Stride
                    : _assumable.TryGetValue(f, out string? n) ? n : f))));
            var left = p.Terms.Where(t => t.Key.Length > 0 && t.Value > 0).ToList();
            var right = p.Terms.Where(t => t.Key.Length > 0 && t.Value < 0).ToList();
            long k = 1 - p.ConstantTerm; // L − R + c > 0 ⇔ L ≥ R + 1 − c (the coefficients are ints: no overflow)
            string rightText = right.Count == 0 ? k.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : Side(right) + (k > 0 ? " + " + k : k < 0 ? " - " + (-k) : "");
            return $"{(left.Count == 0 ? "0" : Side(left))} >= {rightText}";
        }

        private static string Text(SyntaxNode node)
        {
            string text = node.ToString();
            return text.Length > 80 ? text.Substring(0, 77) + "..." : text;
        }

        /// <summary>Reports a write whose subscript is not affine; true when that is only the KG1003 warning (the loop stays parallel).</summary>
        private bool ReportUnanalyzableWrite(Access write)
        {
            ExpressionSyntax? subscript = write.Subscripts.FirstOrDefault(s => s.DescendantNodesAndSelf().OfType<ElementAccessExpressionSyntax>().Any());
            if (subscript is not null)
            {
                string indexArray = subscript.DescendantNodesAndSelf().OfType<ElementAccessExpressionSyntax>().First().Expression.ToString();
                Warnings.Add(Diagnostic.Create(DiagnosticDescriptors.IndirectWrite, write.Syntax.GetLocation(), Text(write.Syntax), indexArray));
                return true;
            }
            ExpressionSyntax? modulo = write.Subscripts.Select(Strip).FirstOrDefault(s => s is BinaryExpressionSyntax b
                && (b.IsKind(SyntaxKind.ModuloExpression) || b.IsKind(SyntaxKind.DivideExpression))
                && Build(b.Left, 0) is { HasVariables: true } && _model.GetConstantValue(b.Right) is { HasValue: true, Value: int or long } v
                && Math.Abs(Convert.ToInt64(v.Value)) > 1);
            if (modulo is not null)
            {
                Problems.Add(Diagnostic.Create(DiagnosticDescriptors.SameElementWritten, write.Syntax.GetLocation(), Text(write.Syntax),
                    $"`{modulo}` takes the same value in several iterations"));
                return false;
            }
            Problems.Add(Diagnostic.Create(DiagnosticDescriptors.MayDepend, write.Syntax.GetLocation(), Text(write.Syntax),
                write.Array is null ? "it writes through a reference KernelGen cannot follow" : "its subscript is not an affine function of the loop indices, so different iterations may write the same element"));
            return false;
        }

        private static ExpressionSyntax Strip(ExpressionSyntax e)
        {
            for (int i = 0; i < MaxDepth; i++)
            {
                if (e is ParenthesizedExpressionSyntax p) e = p.Expression;
                else if (e is CastExpressionSyntax c) e = c.Expression;
                else if (e is CheckedExpressionSyntax ch) e = ch.Expression;
                else break;
            }
            return e;
        }

        // ---- accesses ---------------------------------------------------------------------------------------------

        /// <summary>
        /// The accesses of shared arrays an element access stands for (a[…], a[…, …], a[…][…]; none for private arrays
        /// and non-arrays). A private local that holds elements of a shared array (<c>var row = rows[i]; row[j] = …</c>)
        /// stands for those elements: one access per element it may hold. <paramref name="reportAt"/> is where problems
        /// are reported (the element access itself, or where the effect model found the object written through).
        /// </summary>
        private IEnumerable<Access> Describe(ElementAccessExpressionSyntax element, ExpressionSyntax? reportAt = null, bool forceWrite = false, bool through = false, int aliasDepth = 0, string? member = null)
        {
            var subscripts = new List<ExpressionSyntax>();
            ExpressionSyntax current = element;
            int depth = 0;
            while (current is ElementAccessExpressionSyntax access && depth++ < 8)
            {
                subscripts.InsertRange(0, access.ArgumentList.Arguments.Select(a => a.Expression));
                current = Strip(access.Expression);
            }
            if (_model.GetTypeInfo(current).Type is not ITypeSymbol type) yield break;
            if (type is not (IArrayTypeSymbol or IPointerTypeSymbol) && !IsSpanLike(type)) yield break; // indexers of lists, strings, ...: not analyzed
            // (A from-end index or a range, r[^1], r[1..3], has no affine form: the access stays, without one.)

            ExpressionSyntax at = reportAt ?? element;
            bool isWrite = forceWrite || LoopAnalysis.IsWrite(element) || IsCompound(element) || MutatesInPlace(element);
            bool isRead = !isWrite || IsCompound(element) || forceWrite;
            // Through the element: a[i][j] (the row a[i] holds), items[i].X on objects (the object items[i] holds).
            if (depth == 1 && element.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Expression == element
                && _model.GetTypeInfo(element).Type is { IsReferenceType: true } held && held.SpecialType != SpecialType.System_String)
            {
                through = true;
                member ??= _model.GetSymbolInfo(memberAccess).Symbol is IFieldSymbol or IPropertySymbol ? memberAccess.Name.Identifier.ValueText : null;
            }
            through |= depth > 1;
            bool atomic = _effects?.AtomicElements.Contains(element) == true;
            if (_model.GetSymbolInfo(current).Symbol is not ISymbol symbol || symbol is not (ILocalSymbol or IParameterSymbol or IFieldSymbol))
            {
                if (isWrite) yield return new Access(at, null!, subscripts, true, isRead);
                yield break;
            }
            // A pointer window (row = p + start): row[e] is p[start + e] (a subscript that is not affine: no form).
            if (_pointerWindows.TryGetValue(symbol, out var pointerWindow))
            {
                // (No subscripts: their text is relative to the window, so it must not be compared with p's.)
                AffineForm? form = subscripts.Count == 1 && Build(subscripts[0], 0) is { } offset ? pointerWindow.Start.Plus(offset) : null;
                yield return new Access(at, pointerWindow.Pointer, new List<ExpressionSyntax>(), isWrite, isRead) { Window = form, NoForm = form is null, Atomic = atomic };
                yield break;
            }
            if (_windows.TryGetValue(symbol, out var window))
            {
                yield return new Access(at, window.Array, subscripts, isWrite, isRead) { Window = window.Form, Atomic = atomic };
                yield break;
            }
            if (_declaredInside.Contains(symbol))
            {
                // A private local: an element of a shared array it was given (a row, an object), something created in
                // the iteration, or something KernelGen cannot follow.
                // A pointer made in the body (fixed (double* p = r), p = &r[0]): its elements may be those of any captured
                // array of its element type (the effect model does not follow pointers), at subscripts not mapped here.
                if (TypeOf(symbol) is IPointerTypeSymbol { PointedAtType: var pointee })
                {
                    if (IsFreshlyCreated(symbol)) yield break; // double* t = stackalloc double[4]: its own memory
                    foreach (ISymbol array in _loop.Captures.Where(c => TypeOf(c) is IArrayTypeSymbol a && SymbolEqualityComparer.Default.Equals(a.ElementType, pointee)))
                        yield return new Access(at, array, new List<ExpressionSyntax>(), isWrite, isRead);
                    // Or those of any captured pointer (of any element type: a cast changes it), at an unknown place, so a
                    // read through it pairs with every write through those pointers (a write is the unknown one below).
                    if (!isWrite)
                        foreach (ISymbol captured in _loop.Captures.Where(c => TypeOf(c) is IPointerTypeSymbol))
                            yield return new Access(at, captured, new List<ExpressionSyntax>(), isWrite, isRead);
                    if (isWrite) yield return new Access(at, null!, new List<ExpressionSyntax>(), true, isRead);
                    yield break;
                }
                if (symbol is ILocalSymbol local && aliasDepth < 4 && _effects?.ElementsHeldBy(local) is { } held2)
                {
                    foreach (ElementAccessExpressionSyntax source in held2)
                        foreach (Access inner in Describe(source, at, isWrite, through: true, aliasDepth + 1))
                            yield return new Access(at, inner.Array, inner.Subscripts.Concat(subscripts).ToList(), isWrite, isRead)
                                { Through = true, Atomic = atomic, Member = member };
                    yield break;
                }
                // Another name for one shared array (var q = r;, never assigned again): its accesses are r's, at the same subscripts.
                if (symbol is ILocalSymbol { Type: IArrayTypeSymbol } aliasLocal && CountWrites(aliasLocal) == 0
                    && aliasLocal.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var aliased }
                    && SharedArray(aliased) is ISymbol target)
                {
                    yield return new Access(at, target, subscripts, isWrite, isRead) { Through = through, Atomic = atomic, Member = through ? member : null };
                    yield break;
                }
                // A span or array local viewing shared arrays (ReadOnlySpan<float> s = r;, var q = c ? r : a;): its
                // elements are theirs, at subscripts not mapped here, so it pairs with every write of them (its own writes
                // the effect model reports). One that may view anything pairs with every captured array of its element type.
                ITypeSymbol? viewedElement = TypeOf(symbol) switch
                {
                    INamedTypeSymbol { TypeArguments.Length: 1 } spanType when IsSpanLike(spanType) => spanType.TypeArguments[0],
                    IArrayTypeSymbol { Rank: 1 } arrayType => arrayType.ElementType,
                    _ => null,
                };
                if (symbol is ILocalSymbol view && viewedElement is not null && !IsFreshlyCreated(symbol))
                {
                    IEnumerable<ISymbol> viewed = _effects?.ArraysViewedBy(view) ?? _loop.Captures.Where(c =>
                        TypeOf(c) is IArrayTypeSymbol array && SymbolEqualityComparer.Default.Equals(array.ElementType, viewedElement));
                    foreach (ISymbol array in viewed)
                        yield return new Access(at, array, new List<ExpressionSyntax>(), isWrite, isRead);
                    yield break;
                }
                if (!isWrite || IsFreshlyCreated(symbol)) yield break;
                yield return new Access(at, null!, new List<ExpressionSyntax>(), true, isRead);
                yield break;
            }
            yield return new Access(at, symbol, subscripts, isWrite, isRead) { Through = through, Atomic = atomic, Member = through ? member : null };
        }

        /// <summary>
        /// A struct element (or a struct field of one) that an instance method or property setter of the struct is called
        /// on: <c>pts[i].Move(dx)</c> runs with <c>this</c> = the element itself, so it may write it.
        /// </summary>
        private bool MutatesInPlace(ElementAccessExpressionSyntax element)
        {
            SyntaxNode node = element;
            while (node.Parent is MemberAccessExpressionSyntax access && access.Expression == node)
            {
                if (_model.GetSymbolInfo(access).Symbol is IMethodSymbol { IsStatic: false, IsReadOnly: false, ContainingType.IsValueType: true } method
                    && !method.ContainingType.IsReadOnly && access.Parent is InvocationExpressionSyntax call && call.Expression == access)
                    return true;
                node = access;
            }
            return false;
        }

        private static bool IsSpanLike(ITypeSymbol type) => type.Name is "Span" or "ReadOnlySpan" && type.ContainingNamespace?.ToDisplayString() == "System";

        private static bool IsCompound(ExpressionSyntax e) => LoopAnalysis.IsCompoundTarget(e);

        private bool IsFreshlyCreated(ISymbol symbol)
        {
            if (_writtenInside.Contains(symbol) && CountWrites(symbol) > 0) return false;
            return symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value }
                && Strip(value) is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or StackAllocArrayCreationExpressionSyntax
                    or ImplicitStackAllocArrayCreationExpressionSyntax or CollectionExpressionSyntax;
        }

        private readonly Dictionary<ISymbol, int> _writeCounts = new(SymbolEqualityComparer.Default);

        /// <summary>Writes of a local in the body (cached: one scan of the body per symbol).</summary>
        private int CountWrites(ISymbol symbol)
        {
            if (_writeCounts.TryGetValue(symbol, out int count)) return count;
            count = SyntaxNodes.All(_body).OfType<IdentifierNameSyntax>().Count(n => n.Identifier.ValueText == symbol.Name && LoopAnalysis.IsWrite(n)
                && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, symbol));
            _writeCounts[symbol] = count;
            return count;
        }

        private bool MayAlias(ISymbol a, ISymbol b)
        {
            if (a is null || b is null) return false;
            ITypeSymbol? ta = TypeOf(a), tb = TypeOf(b);
            if (ta is null || tb is null) return false;
            if (IsSpanLike(ta) || IsSpanLike(tb))
            {
                // Spans (and an array a span may view) overlap when they share memory: checked with Overlaps at run time,
                // on their bytes where the element types differ (a caller's MemoryMarshal.Cast<float, int> views a float[]).
                ITypeSymbol? ea = ElementOf(ta), eb = ElementOf(tb);
                return ea is not null && eb is not null && (SymbolEqualityComparer.Default.Equals(ea, eb) || ea.IsUnmanagedType && eb.IsUnmanagedType)
                    && (_loop.Captures.Contains(a, SymbolEqualityComparer.Default) || _loop.Spans.Contains(a, SymbolEqualityComparer.Default))
                    && (_loop.Captures.Contains(b, SymbolEqualityComparer.Default) || _loop.Spans.Contains(b, SymbolEqualityComparer.Default));
            }
            if (ta is not IArrayTypeSymbol arrayA || tb is not IArrayTypeSymbol arrayB || !SameArrayPossible(arrayA, arrayB)) return false;
            // Arrays the loop creates are distinct from everything else; any two others may be the same array.
            if (_declaredInside.Contains(a) || _declaredInside.Contains(b)) return false;
            return !IsFreshLocal(a) && !IsFreshLocal(b);
        }

        /// <summary>
        /// Whether one array object can be both: the same type, or types .NET lets one array be cast to (an int[] is a
        /// uint[] after <c>(uint[])(object)ints</c>: integers of one size either signed or not, an enum and its underlying
        /// type, bool and char with the bytes and shorts; arrays of classes where one element type derives from the other).
        /// </summary>
        internal static bool SameArrayPossible(IArrayTypeSymbol a, IArrayTypeSymbol b)
        {
            if (SymbolEqualityComparer.Default.Equals(a, b)) return true;
            if (a.Rank != b.Rank) return false;
            ITypeSymbol ea = a.ElementType, eb = b.ElementType;
            if (ea.IsReferenceType && eb.IsReferenceType)
                return ea is ITypeParameterSymbol || eb is ITypeParameterSymbol || Derives(ea, eb) || Derives(eb, ea)
                    || ea.TypeKind == TypeKind.Interface || eb.TypeKind == TypeKind.Interface;
            return Storage(ea) is { } sa && sa == Storage(eb);

            static bool Derives(ITypeSymbol t, ITypeSymbol from)
            {
                for (ITypeSymbol? x = t; x is not null; x = x.BaseType)
                    if (SymbolEqualityComparer.Default.Equals(x, from)) return true;
                return false;
            }

            // Element types stored alike (size and kind), which the runtime's array casts treat as one.
            static SpecialType? Storage(ITypeSymbol t)
            {
                if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }) t = underlying;
                return t.SpecialType switch
                {
                    SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Boolean => SpecialType.System_Byte,
                    SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char => SpecialType.System_Int16,
                    SpecialType.System_Int32 or SpecialType.System_UInt32 => SpecialType.System_Int32,
                    SpecialType.System_Int64 or SpecialType.System_UInt64 => SpecialType.System_Int64,
                    SpecialType.System_IntPtr or SpecialType.System_UIntPtr => SpecialType.System_IntPtr,
                    SpecialType.None => null,
                    var other => other,
                };
            }
        }

        /// <summary>
        /// How generated code names an array variable at the launch (to compare references or check rows): a shared
        /// local or parameter by its name, a static field by its full name; null for what it cannot name there (an
        /// instance field of some object).
        /// </summary>
        private string? CheckText(ISymbol symbol) => symbol switch
        {
            ILocalSymbol or IParameterSymbol when _loop.Captures.Contains(symbol, SymbolEqualityComparer.Default)
                || _loop.Spans.Contains(symbol, SymbolEqualityComparer.Default) => KernelParser.Escape(symbol.Name),
            IFieldSymbol { IsStatic: true } field => field.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + KernelParser.Escape(field.Name),
            // An instance kernel's own field, reached only through 'this' in the loop: the launch (an instance method
            // too) reads it as the iterations would (they cannot assign it: a write to a field of 'this' is KG1006).
            IFieldSymbol { IsStatic: false } field when OnlyThroughThis(field) => "this." + KernelParser.Escape(field.Name),
            _ => null,
        };

        /// <summary>Whether every use of <paramref name="field"/> in the loop is <c>field</c> or <c>this.field</c> of an instance kernel.</summary>
        private bool OnlyThroughThis(IFieldSymbol field)
        {
            if (_loop.Loop.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } kernel
                || kernel.Modifiers.Any(SyntaxKind.StaticKeyword))
                return false;
            foreach (SimpleNameSyntax name in SyntaxNodes.All(_body).OfType<SimpleNameSyntax>())
            {
                if (name.Identifier.ValueText != field.Name || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name).Symbol, field)) continue;
                bool viaThis = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                    ? access.Expression is ThisExpressionSyntax
                    : name.Parent is not MemberBindingExpressionSyntax;
                if (!viaThis) return false;
            }
            return true;
        }

        // ---- rows and objects held in arrays ----------------------------------------------------------------------

        /// <summary>
        /// Accesses through the elements of an array of references (rows[i][j], items[i].X) assume that different
        /// slots hold different objects: the launch checks it (KernelRuntime.RowsDistinct; serial otherwise), unless
        /// every row written is created by the iteration itself first (rows[i] = new double[m];). A row or object
        /// also read through another array, or used directly, must not be one of the written ones (checked too).
        /// </summary>
        private void RequireDistinctRows(List<Access> accesses)
        {
            var written = accesses.Where(a => a.Through && a.IsWrite && a.Array is not null).Select(a => a.Array).Distinct(SymbolEqualityComparer.Default).ToList();
            foreach (ISymbol rows in written)
            {
                Access first = accesses.First(a => a.Through && a.IsWrite && SymbolEqualityComparer.Default.Equals(a.Array, rows));
                if (FreshRows(rows, accesses)) continue;
                string? text = CheckText(rows);
                if (TypeOf(rows) is not IArrayTypeSymbol { Rank: 1, ElementType: { IsReferenceType: true } element } || text is null)
                {
                    Report(DiagnosticDescriptors.MayDepend, first, Text(first.Syntax),
                        $"it writes through the objects held in '{rows.Name}', and KernelGen cannot check at run time that different elements hold different objects");
                    continue;
                }
                if (!RowsWritten.Contains(text)) RowsWritten.Add(text);
                foreach (ISymbol other in accesses.Where(a => a.Through && a.Array is not null).Select(a => a.Array).Distinct(SymbolEqualityComparer.Default))
                {
                    if (written.Contains(other, SymbolEqualityComparer.Default)) continue;
                    // (Rows of another type may be the same objects too: an int[] row is a uint[] after a cast through object.)
                    if (TypeOf(other) is not IArrayTypeSymbol { ElementType: var otherElement }
                        || !SymbolEqualityComparer.Default.Equals(otherElement, element)
                           && !(otherElement is IArrayTypeSymbol otherRow && element is IArrayTypeSymbol row && SameArrayPossible(otherRow, row)))
                        continue;
                    if (CheckText(other) is { } otherText) { if (!RowsRead.Contains(otherText)) RowsRead.Add(otherText); }
                    else Report(DiagnosticDescriptors.MayDepend, first, Text(first.Syntax),
                        $"'{other.Name}' may hold the same objects as '{rows.Name}', and KernelGen cannot check it at run time");
                }
                // Arrays (or objects) of the element type that the loop uses directly may be one of the rows.
                IEnumerable<ISymbol> direct = _loop.Captures.Concat(accesses.Where(a => a.Array is IFieldSymbol { IsStatic: true }).Select(a => a.Array));
                foreach (ISymbol flat in direct.Distinct(SymbolEqualityComparer.Default))
                    if (SymbolEqualityComparer.Default.Equals(TypeOf(flat), element) && CheckText(flat) is { } flatText && !RowFlats.Contains(flatText))
                        RowFlats.Add(flatText);
            }
        }

        /// <summary>
        /// Every row of <paramref name="rows"/> the loop writes through is created in the iteration first: the body starts
        /// (at its top level) with <c>rows[e] = new …;</c>, and every access through a row of it uses subscript e after that.
        /// </summary>
        private bool FreshRows(ISymbol rows, List<Access> accesses)
        {
            if (_body is not BlockSyntax block) return false;
            foreach (StatementSyntax statement in block.Statements)
            {
                if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assign }
                    || assign.Left is not ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } slot
                    || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(Strip(slot.Expression)).Symbol, rows)
                    || Strip(assign.Right) is not (ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or ObjectCreationExpressionSyntax
                        or ImplicitObjectCreationExpressionSyntax or CollectionExpressionSyntax))
                    continue;
                ExpressionSyntax subscript = slot.ArgumentList.Arguments[0].Expression;
                if (Build(subscript, 0) is null) return false;
                var own = accesses.Where(a => SymbolEqualityComparer.Default.Equals(a.Array, rows)).ToList();
                return own.All(a => a.Syntax == slot || a.Through && a.Subscripts.Count > 0 && SyntaxFactory.AreEquivalent(a.Subscripts[0], subscript)
                                                       && a.Syntax.SpanStart > statement.Span.End)
                       && own.Where(a => a.IsWrite && !a.Through).All(a => a.Syntax == slot);
            }
            return false;
        }

        /// <summary>
        /// A 1-D array or span the loop uses directly may be a row of a jagged array it reaches through (dst = rows[1],
        /// or a span over one): where either is written, the proof that takes them apart assumes it is not, and the
        /// launch compares the rows' memory with it (KernelRuntime.RowsOverlap). Arrays of the row type itself, with
        /// the rows written, are <see cref="RequireDistinctRows"/>'s (RowNotIn); rows the iteration creates are new.
        /// </summary>
        private void CheckRowViews(List<Access> accesses)
        {
            foreach (ISymbol rows in accesses.Where(a => a.Through && a.Array is not null).Select(a => a.Array).Distinct(SymbolEqualityComparer.Default).ToList())
            {
                if (TypeOf(rows) is not IArrayTypeSymbol { ElementType: IArrayTypeSymbol rowType } || FreshRows(rows, accesses)) continue;
                bool rowsWritten = accesses.Any(a => a.Through && a.IsWrite && SymbolEqualityComparer.Default.Equals(a.Array, rows));
                foreach (IGrouping<ISymbol, Access> direct in accesses.Where(a => !a.Through && a.Array is not null && !SymbolEqualityComparer.Default.Equals(a.Array, rows))
                             .GroupBy(a => a.Array, SymbolEqualityComparer.Default))
                {
                    ISymbol view = direct.Key;
                    if (!rowsWritten && !direct.Any(a => a.IsWrite) || _declaredInside.Contains(view) || IsFreshLocal(view)) continue;
                    if (!MayViewRow(rowType, TypeOf(view))) continue;
                    if (rowsWritten && CheckText(view) is { } flat && RowFlats.Contains(flat)) continue;
                    // Rows of rows (a[i][j][k]) have rows a view may be at the second level: not compared here.
                    if (TypeOf(rows) is not IArrayTypeSymbol { Rank: 1 } || rowType.ElementType is IArrayTypeSymbol)
                    {
                        Report(DiagnosticDescriptors.MayDepend, direct.First(), Text(direct.First().Syntax),
                            $"'{view.Name}' may be one of the rows reached through '{rows.Name}', and KernelGen compares only the rows of a one-dimensional array of arrays");
                        continue;
                    }
                    AddViewCheck(true, rows, view, direct.First());
                }
            }

        }

        /// <summary>A 1-D array of the row's storage (an int[] row may be a uint[]), or a span of its element type (or of any unmanaged type, over the same bytes).</summary>
        private static bool MayViewRow(IArrayTypeSymbol rowType, ITypeSymbol? view) => view switch
        {
            IArrayTypeSymbol array => SameArrayPossible(rowType, array),
            INamedTypeSymbol span when IsSpanLike(span) && ElementOf(span) is { } element =>
                SymbolEqualityComparer.Default.Equals(element, rowType.ElementType) || element.IsUnmanagedType && rowType.ElementType.IsUnmanagedType,
            _ => false,
        };

        /// <summary>
        /// The launch compares the memory of <paramref name="view"/> with <paramref name="holder"/>'s (a rectangular array,
        /// or the rows of a jagged one); KG1004 where one of them has no name at the launch.
        /// </summary>
        private void AddViewCheck(bool rows, ISymbol holder, ISymbol view, Access? at)
        {
            string? th = CheckText(holder), tv = CheckText(view);
            ITypeSymbol? holderElem = TypeOf(holder) is IArrayTypeSymbol array ? (rows ? (array.ElementType as IArrayTypeSymbol)?.ElementType : array.ElementType) : null;
            ITypeSymbol? viewElem = ElementOf(TypeOf(view));
            if (th is null || tv is null || holderElem is null || viewElem is null)
            {
                if (at is not null)
                    Report(DiagnosticDescriptors.MayDepend, at, Text(at.Syntax), rows
                        ? $"'{view.Name}' may be one of the rows of '{holder.Name}', and KernelGen cannot compare them at run time"
                        : $"'{view.Name}' may view the memory of '{holder.Name}', and KernelGen cannot compare them at run time");
                return;
            }
            var check = new Model.ViewCheckSpec(rows, th, holderElem.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                tv, viewElem.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), TypeOf(view) is IArrayTypeSymbol);
            if (!ViewChecks.Contains(check)) ViewChecks.Add(check);
        }

        /// <summary>
        /// Arrays the loop only updates atomically (Interlocked.Increment(ref hist[k])): any order gives the same
        /// elements, so their accesses are no race; like array reductions, they must not be another array the loop uses.
        /// </summary>
        private void DropAtomicArrays(List<Access> accesses)
        {
            foreach (ISymbol array in accesses.Where(a => a.Atomic && a.Array is not null).Select(a => a.Array).Distinct(SymbolEqualityComparer.Default).ToList())
            {
                var own = accesses.Where(a => SymbolEqualityComparer.Default.Equals(a.Array, array)).ToList();
                if (!own.All(a => a.Atomic)) continue;
                accesses.RemoveAll(own.Contains);
                foreach (ISymbol other in accesses.Select(a => a.Array).Where(a => a is not null).Distinct(SymbolEqualityComparer.Default))
                    if (MayAlias(array, other)) AddAliasCheck(array, other, own[0]);
            }
        }

        private static ITypeSymbol? ElementOf(ITypeSymbol? type) => type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } named when IsSpanLike(named) => named.TypeArguments[0],
            _ => null,
        };

        private static bool IsFreshLocal(ISymbol symbol) =>
            symbol is ILocalSymbol && symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value }
            && Strip(value) is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax;

        private static ITypeSymbol? TypeOf(ISymbol? s) => s switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, IFieldSymbol f => f.Type, _ => null };

        /// <summary>The loop runs serially when <paramref name="a"/> and <paramref name="b"/> are the same array at run time (KG1004 when that cannot be checked).</summary>
        private void AddAliasCheck(ISymbol a, ISymbol b, Access? at = null)
        {
            // A span may view a rectangular array's memory (MemoryMarshal.CreateSpan over grid[0, 0]): its bytes are compared.
            if (TypeOf(a) is IArrayTypeSymbol { Rank: > 1 } && TypeOf(b) is { } sb && IsSpanLike(sb)) { AddViewCheck(false, a, b, at); return; }
            if (TypeOf(b) is IArrayTypeSymbol { Rank: > 1 } && TypeOf(a) is { } sa && IsSpanLike(sa)) { AddViewCheck(false, b, a, at); return; }
            string? ta = CheckText(a), tb = CheckText(b);
            if (ta is null || tb is null)
            {
                if (at is not null && !(ta is null && tb is null && a.Name == b.Name))
                    Report(DiagnosticDescriptors.MayDepend, at, Text(at.Syntax),
                        $"'{a.Name}' and '{b.Name}' may be the same array, and KernelGen cannot check that at run time (an array in a field of an object)");
                return;
            }
            string first = string.CompareOrdinal(ta, tb) <= 0 ? ta : tb, second = first == ta ? tb : ta;
            string pair = first + "|" + second;
            if (!AliasChecks.Contains(pair)) AliasChecks.Add(pair);
        }

        // ---- affine forms -----------------------------------------------------------------------------------------

        private List<AffineForm>? Forms(List<ExpressionSyntax> subscripts)
        {
            if (subscripts.Count == 0) return null;
            var forms = new List<AffineForm>(subscripts.Count);
            foreach (ExpressionSyntax subscript in subscripts)
            {
                AffineForm? form = Build(subscript, 0);
                if (form is null) return null;
                forms.Add(form);
            }
            return forms;
        }

        private void SetUpIndex()
        {
            Poly start = Poly.Constant(0);
            _step = Poly.Constant(1);
            if (_loop.Loop.Expression is InvocationExpressionSyntax call)
            {
                var args = call.ArgumentList.Arguments.Select(a => a.Expression).ToList();
                Poly Invariant(ExpressionSyntax e, string opaque)
                {
                    AffineForm? f = Build(e, 0);
                    return f is not null && !f.HasVariables ? f.Constant : Poly.Symbol(opaque);
                }
                if (args.Count >= 2) start = Invariant(args[0], "$start");
                if (args.Count >= 3) _step = Invariant(args[2], "$step");
                ExpressionSyntax stop = args.Count == 1 ? args[0] : args.Count >= 2 ? args[1] : call;
                Poly stopPoly = args.Count >= 1 ? Invariant(stop, "$stop") : Poly.Symbol("$stop");
                if (start.IsConstant && stopPoly.IsConstant && _step.IsConstant && _step.ConstantTerm != 0)
                {
                    long s = start.ConstantTerm, e = stopPoly.ConstantTerm, st = _step.ConstantTerm;
                    long trips = st > 0 ? (e > s ? (e - s + st - 1) / st : 0) : (s > e ? (s - e - st - 1) / -st : 0);
                    _tripCount = trips;
                    _bounds[K] = new LoopBounds(Poly.Constant(0), Poly.Constant(Math.Max(0, trips - 1)));
                }
                else if (_step.IsConstant && _step.ConstantTerm == 1 && args.Count >= 1)
                {
                    _bounds[K] = new LoopBounds(Poly.Constant(0), stopPoly.Minus(start).Minus(Poly.Constant(1)));
                    // PRange(height / 2) from 0 or more: where it runs at all, height >= 2, so 2 * (height / 2) <= height.
                    if (start is { IsConstant: true, ConstantTerm: >= 0 } && stopPoly.Terms.Count == 1 && stopPoly.Terms[0].Value == 1
                        && _quotientValues.TryGetValue(stopPoly.Terms[0].Key, out var fact))
                        _quotientFacts[stopPoly.Terms[0].Key] = fact;
                }
            }
            else
            {
                start = Poly.Symbol("$start");
                _step = Poly.Symbol("$step");
            }
            _index = AffineForm.Variable(K, _step, start);
        }

        /// <summary>
        /// Inner sequential for loops with a simple header: their index becomes a loop variable with bounds. An index
        /// that steps by a constant s &gt; 1 from an invariant start, to a limit that leaves a whole number of steps
        /// (<c>for (x = 0; x &lt; 3 * w; x += 3)</c>), is start + s·t with a counter t over [0, (limit − start) / s − 1]:
        /// then <c>x + 2</c> is known to stay below 3·w. Other variables declared in the header and advanced by a
        /// constant in it, in step with the index (<c>for (int j = 0, o = y * stride; j &lt; n; ++j, ++o)</c>), are
        /// their start plus their step times the iterations done.
        /// </summary>
        /// <summary>
        /// Inner loops whose start and limit move with the PRange index by the same amount: their trip count does not
        /// (LoopAnalysis.FindUnevenWork, which judges by name, would call them uneven).
        /// </summary>
        public HashSet<StatementSyntax> EvenTrips { get; } = new();

        /// <summary>
        /// Counters whose range may move with the PRange index at both ends (<see cref="NoteMoving"/>): the tester then
        /// proves no element written by every iteration from equal counter values (DependenceTester.Moving).
        /// </summary>
        private readonly HashSet<string> _moving = new(StringComparer.Ordinal);

        /// <summary>Counters whose range moves with the index at one end (a triangle's j from i to n): DependenceTester.Sliding.</summary>
        private readonly HashSet<string> _sliding = new(StringComparer.Ordinal);

        /// <summary>
        /// Whether the ends of a counter's range may differ from one PRange iteration to the next: an end that is not affine
        /// (<c>rowPtr[i]</c>) or names the index or a counter that moves (<c>i * n</c> to <c>i * n + i</c>). Both: the
        /// counter moves. One (a triangle's <c>j</c> from <c>i + 1</c> to <c>n</c>): its range meets every other
        /// iteration's at the fixed end, but not at every value.
        /// </summary>
        private void NoteMoving(string counter, ExpressionSyntax? condition, ILocalSymbol variable, AffineForm? start)
        {
            bool Moves(AffineForm? form) => form is null || form.Coefficients.Keys.Any(v => v == K || _moving.Contains(v));
            bool from = Moves(start), to = Limit(condition, variable) is not ({ } other, _, _) || Moves(Build(other, 0));
            if (from && to) _moving.Add(counter);
            else if (from || to) _sliding.Add(counter);
        }

        private void FindInnerLoops()
        {
            foreach (SyntaxNode node in SyntaxNodes.Own(_body))
            {
                // (In document order: an enclosing loop's counter is known before the loops inside it.)
                if (node is WhileStatementSyntax counting)
                {
                    CountWhile(counting);
                    continue;
                }
                if (node is not ForStatementSyntax loop) continue;
                if (loop.Declaration is not { Variables.Count: >= 1 } declaration || declaration.Variables.Any(v => v.Initializer is null)) continue;
                var variables = declaration.Variables.Select(v => _model.GetDeclaredSymbol(v) as ILocalSymbol).ToList();
                if (variables.Any(v => v is null)) continue;
                if (Trailing(loop, variables!) is { } behind)
                {
                    // for (int j = 0, k = n - 1; j < n; k = j++): j a counter as any; k, one step behind it but for the first
                    // iteration, stays unknown (what it subscripts is not affine).
                    if (variables.Any(v => Assigned(v!, BodyAndCondition(loop)))) continue;
                    ILocalSymbol ahead = variables[0]!;
                    string counter = $"{ahead.Name}@{loop.SpanStart}";
                    _bounds[counter] = BoundsOf(loop.Condition, ahead, declaration.Variables[0].Initializer!.Value, 1, out LoopBounds? trailingExact);
                    NoteMoving(counter, loop.Condition, ahead, Build(declaration.Variables[0].Initializer!.Value, 0));
                    if (trailingExact is not null) _otherBounds[counter] = trailingExact;
                    _loopVariables[ahead] = AffineForm.Variable(counter, Poly.Constant(1), new Poly());
                    continue;
                }
                // The body and the condition must not write the variables (the incrementors do, once each).
                if (variables.Any(v => Assigned(v!, BodyAndCondition(loop)))) continue;
                // Each variable advanced by exactly one incrementor (for (…; …; j++, j++) is none of these), or by none and
                // assigned by none: a limit declared in the header (for (int j = start, end = start + n; j < end; j++)).
                var steps = variables.Select(v => loop.Incrementors.Select(e => Step(e, v!)).Where(s => s is not null).ToList()).ToList();
                var held = Enumerable.Range(0, variables.Count)
                    .Where(v => steps[v].Count == 0 && !Assigned(variables[v]!, loop.Incrementors.SelectMany(SyntaxNodes.All))).ToList();
                // Incrementors that advance a local declared before the loop (for (…; …; x++, o++)): a cursor's (FindCursors).
                int cursors = loop.Incrementors.Count(e => variables.All(v => Step(e, v!) is null) && CursorStep(e));
                if (held.Count == variables.Count || loop.Incrementors.Count - cursors != variables.Count - held.Count
                    || Enumerable.Range(0, variables.Count).Any(v => !held.Contains(v) && (steps[v].Count != 1 || steps[v][0] == 0))) continue;
                if (held.Count > 0) HeaderValues(declaration, variables!, held);
                // The index: the variable the condition tests (the first one where no condition names one).
                int index = 0;
                if (variables.Count > 1)
                {
                    index = Enumerable.Range(0, variables.Count).Where(v => !held.Contains(v) && loop.Condition is BinaryExpressionSyntax c
                        && (c.Left is IdentifierNameSyntax l && l.Identifier.ValueText == variables[v]!.Name || c.Right is IdentifierNameSyntax r && r.Identifier.ValueText == variables[v]!.Name))
                        .DefaultIfEmpty(-1).First();
                    if (index < 0) continue;
                }
                ILocalSymbol variable = variables[index]!;
                long step = steps[index][0]!.Value;
                ExpressionSyntax init = declaration.Variables[index].Initializer!.Value;
                AffineForm? done = Count(loop, loop.Condition, variable, init, step);
                for (int other = 0; other < variables.Count; other++)
                {
                    if (other == index || held.Contains(other) || done is null || Build(declaration.Variables[other].Initializer!.Value, 0) is not { } first) continue;
                    if (done.Times(Poly.Constant(steps[other][0]!.Value)) is { } advanced) _loopVariables[variables[other]!] = first.Plus(advanced);
                }
            }
        }

        /// <summary>
        /// Registers an inner loop's counter (its bounds, its form in subscripts); returns the iterations done as a form,
        /// for other variables advanced with it, or null.
        /// </summary>
        private AffineForm? Count(StatementSyntax loop, ExpressionSyntax? condition, ILocalSymbol variable, ExpressionSyntax init, long step)
        {
            string name = $"{variable.Name}@{loop.SpanStart}";
            LoopBounds bounds = BoundsOf(condition, variable, init, Math.Sign(step), out LoopBounds? exact);
            if (exact is not null && (step == 1 || step == -1)) _otherBounds[$"{variable.Name}@{loop.SpanStart}"] = exact;
            // The iterations done, t, and the index as start + step·t (null: the index itself is the counter).
            AffineForm? start = Build(init, 0);
            AffineForm? done = null;
            if ((step == 1 || step == -1) && start is { HasVariables: true } moving && LastOffset(condition, variable, moving, (int)step) is { } lastDone)
            {
                // A row walked by its absolute index (for (j = i * cols; j < (i + 1) * cols; j++)): j is its start, a
                // function of the PRange index or an enclosing counter, plus the iterations done t over [0, last], the
                // span not depending on them. As bounds alone, j in [i·cols, …] would say nothing of which iteration
                // touches which j (the tester takes each access's counters as free copies).
                _bounds[name] = new LoopBounds(Poly.Constant(0), lastDone);
                EvenTrips.Add(loop);
                _loopVariables[variable] = moving.Plus(AffineForm.Variable(name, Poly.Constant(step), new Poly()));
                done = AffineForm.Variable(name, Poly.Constant(1), new Poly());
            }
            else if (step != 1 && step != -1 && start is { HasVariables: false } && bounds is { Lower: { } lower, Upper: { } upper } && step > 0
                && upper.Minus(lower).Plus(Poly.Constant(1)).DivideExactly(Poly.Constant(step)) is { } trips)
            {
                _bounds[name] = new LoopBounds(Poly.Constant(0), trips.Minus(Poly.Constant(1)));
                NoteMoving(name, condition, variable, start);
                _loopVariables[variable] = AffineForm.Variable(name, Poly.Constant(step), start.Constant);
                done = AffineForm.Variable(name, Poly.Constant(1), new Poly());
            }
            else
            {
                _bounds[name] = bounds;
                NoteMoving(name, condition, variable, start);
                _loopVariables[variable] = AffineForm.Variable(name, Poly.Constant(1), new Poly());
                // A limit that may leave part of a step (x < widthInBytes; x += 4): x's last value is start + step·q,
                // q = (last − start) / step a quotient symbol (step·q ≤ last − start wherever the loop runs), a second
                // upper bound the tester tries where x ≤ last proves nothing. The launch can compute q where it can read
                // last and start, so a check may name it: rows apart where widthInBytes leaves no pixel's bytes in the
                // next row (widthInBytes >= 4*q + 4).
                if (step > 1 && start is { HasVariables: false } && bounds is { Lower: { } first, Upper: { } last } && first.Equals(start.Constant)
                    && last.Minus(first) is { IsConstant: false } span)
                {
                    string q = Quotient(span, step);
                    _quotientFacts[q] = (span, step);
                    if (span.Terms.All(t => t.Key.Length == 0 || t.Key.Split('*').All(_assumable.ContainsKey)))
                        _assumable[q] = $"(unchecked({span.ToCSharp(_assumable, "(long)")}) / {step})";
                    _otherBounds[name] = new LoopBounds(first, first.Plus(Poly.Symbol(q).Scale(step)));
                }
                // A triangle (j from i + c, counting up): j ≥ i + c wherever the body runs.
                if (step > 0 && start is { Coefficients.Count: 1 } from && from.Constant.IsConstant && from.Coefficients.First().Value is { IsConstant: true, ConstantTerm: 1 }
                    && (from.Coefficients.First().Key != K || _step is { IsConstant: true, ConstantTerm: > 0 }))
                    _startsAfter[name] = (from.Coefficients.First().Key, from.Constant.ConstantTerm);
                // A triangle below (j up to i + c, counting up: j < i, j <= i - 1): j ≤ i + c wherever the body runs.
                if (step > 0 && Limit(condition, variable) is ({ } other, long shift, SyntaxKind kind) && kind is SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression
                    && Build(other, 0) is { Coefficients.Count: 1 } to && to.Constant.IsConstant && to.Coefficients.First().Value is { IsConstant: true, ConstantTerm: 1 }
                    && (to.Coefficients.First().Key != K || _step is { IsConstant: true, ConstantTerm: > 0 }))
                    _endsBefore[name] = (to.Coefficients.First().Key, to.Constant.ConstantTerm - shift - (kind == SyntaxKind.LessThanExpression ? 1 : 0));
                // t = (index − start) / step: exact for the other variables when step divides theirs.
                if (start is not null && (step == 1 || step == -1))
                    done = AffineForm.Variable(name, Poly.Constant(step), new Poly()).Plus(start.Times(Poly.Constant(step))!, -1);
            }
            return done;
        }

        /// <summary>
        /// A while loop that counts, as code ported from C writes it: <c>int x = start; while (x &lt; limit) { …; x++; }</c>,
        /// x an int local named nowhere but in its declaration and in the loop, changed only by the step that ends the
        /// body (by one, towards the limit). Whenever the body runs x is in [start, limit − 1] (it only grows, from start,
        /// and the condition was just true), so it is counted like <c>for (int x = start; x &lt; limit; x++)</c>; a break,
        /// continue or throw only leaves values out.
        /// </summary>
        private void CountWhile(WhileStatementSyntax loop)
        {
            if (loop.Statement is not BlockSyntax { Statements: { Count: > 0 } statements } || statements.Last() is not ExpressionStatementSyntax { Expression: var advance }
                || loop.Condition is not BinaryExpressionSyntax test) return;
            foreach (ExpressionSyntax side in new[] { test.Left, test.Right })
            {
                ExpressionSyntax named = side is BinaryExpressionSyntax { Left: var shifted } ? shifted : side;
                if (named is not IdentifierNameSyntax || _model.GetSymbolInfo(named).Symbol is not ILocalSymbol { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } variable
                    || Step(advance, variable) is not long step || step is not (1 or -1)
                    || Limit(loop.Condition, variable) is not (_, _, SyntaxKind kind)
                    || (step > 0) != (kind is SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression)) continue;
                // Declared in the block that holds the loop, so that each pass of the block starts it afresh.
                if (variable.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } init } declarator
                    || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax declaration || loop.Parent is not BlockSyntax block
                    || declaration.Parent != block || !_body.Span.Contains(declarator.Span)) continue;
                // Written by the step alone; named in no lambda or local function (one may run after the loop).
                if (Assigned(variable, SyntaxNodes.All(_body).Where(n => !advance.Span.Contains(n.Span)))
                    || PlainReferences(variable) is not { } references) continue;
                // Read before the loop (int end = x + 4), in the statements between: there x is still its start.
                var before = references.Where(n => !loop.Span.Contains(n.Span)).ToList();
                if (before.Any(n => n.SpanStart < declaration.SpanStart || n.SpanStart > loop.SpanStart)) continue;
                if (before.Count > 0)
                {
                    if (Build(init, 0) is not { } first) continue;
                    foreach (IdentifierNameSyntax n in before) _cursorValues[n] = (first, new List<Poly>());
                }
                Count(loop, loop.Condition, variable, init, step);
                return;
            }
        }

        /// <summary>
        /// The header's variables that nothing advances or assigns (<paramref name="held"/>) keep their first values: those,
        /// computed with the header's earlier variables at their first values too (end = j + n reads j before the loop runs).
        /// </summary>
        private void HeaderValues(VariableDeclarationSyntax declaration, List<ILocalSymbol> variables, List<int> held)
        {
            var first = new List<AffineForm?>();
            for (int k = 0; k < variables.Count; k++)
            {
                ExpressionSyntax init = declaration.Variables[k].Initializer!.Value;
                foreach (IdentifierNameSyntax name in SyntaxNodes.All(init).OfType<IdentifierNameSyntax>())
                {
                    int earlier = variables.FindIndex(0, k, v => SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name).Symbol, v));
                    if (earlier >= 0 && first[earlier] is { } value) _cursorValues[name] = (value, new List<Poly>());
                }
                first.Add(Build(init, 0));
                if (held.Contains(k)) _privateValues[variables[k]] = first[k];
            }
        }

        /// <summary>The second variable of <c>for (int j = …, k = …; j &lt; …; k = j++)</c> (k), or null for another header.</summary>
        private static ILocalSymbol? Trailing(ForStatementSyntax loop, List<ILocalSymbol> variables) =>
            variables.Count == 2 && loop.Incrementors.Count == 1 && loop.Condition is BinaryExpressionSyntax { Left: IdentifierNameSyntax tested } condition
                && condition.IsKind(SyntaxKind.LessThanExpression) | condition.IsKind(SyntaxKind.LessThanOrEqualExpression) && tested.Identifier.ValueText == variables[0].Name
                && loop.Incrementors[0] is AssignmentExpressionSyntax { Left: IdentifierNameSyntax behind, Right: PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax ahead } step } assignment
                && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && step.IsKind(SyntaxKind.PostIncrementExpression)
                && behind.Identifier.ValueText == variables[1].Name && ahead.Identifier.ValueText == variables[0].Name
                ? variables[1] : null;

        /// <summary>
        /// Span windows: <c>var row = a.AsSpan(start, length)</c> (or <c>new Span&lt;T&gt;(a, start, length)</c>) declared
        /// in the body over a shared array, never assigned again, and used only as <c>row[…]</c> and <c>row.Length</c>.
        /// An access <c>row[e]</c> that does not throw touches <c>a[start + e]</c> with 0 ≤ e &lt; length (the span checks
        /// it), so it is described as <c>a[start + t]</c> with t a counter over [0, length − 1] (length invariant):
        /// rows of a bitmap taken as spans (<c>d.AsSpan(y * stride, 3 * w)</c>) are then tested like indexed rows.
        /// </summary>
        private void FindSpanWindows()
        {
            foreach (VariableDeclaratorSyntax declarator in SyntaxNodes.Own(_body).OfType<VariableDeclaratorSyntax>())
            {
                if (declarator.Initializer is null || _model.GetDeclaredSymbol(declarator) is not ILocalSymbol { IsRef: false } local
                    || !IsSpanLike(local.Type) || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax) continue;
                ExpressionSyntax value = Strip(declarator.Initializer.Value);
                if (CountWrites(local) > 0 || WindowOf(value, $"{local.Name}@window{declarator.SpanStart}") is not { } window) continue;
                // Every use: an element, the length, or the collection of a foreach whose iteration variable is only read or
                // assigned (a call on it, a ref to it, an argument: not a window).
                bool onlyElements = SyntaxNodes.All(_body).OfType<IdentifierNameSyntax>()
                    .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, local))
                    .All(n => n.Parent is ElementAccessExpressionSyntax e && e.Expression == n && e.ArgumentList.Arguments.Count == 1
                        || n.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } m && m.Expression == n
                        || n.Parent is ForEachStatementSyntax each && each.Expression == n && PlainItem(each));
                if (!onlyElements) continue;
                _windows[local] = (window.Array, window.Form, value);
            }
        }

        /// <summary>
        /// <c>a.AsSpan(start, length)</c> or <c>new Span&lt;T&gt;(a, start, length)</c> over a shared array, int start and
        /// length, the length invariant: the array and its elements as <c>a[start + t]</c>, t a counter named
        /// <paramref name="counter"/> over [0, length − 1] (its bounds recorded); null for anything else.
        /// </summary>
        private (ISymbol Array, AffineForm Form)? WindowOf(ExpressionSyntax value, string counter)
        {
            ExpressionSyntax? array = null, start = null, length = null;
            if (value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" } member } call
                && call.ArgumentList.Arguments.Count == 2 && _model.GetSymbolInfo(call).Symbol is IMethodSymbol { Parameters.Length: 3 or 2 })
                (array, start, length) = (member.Expression, call.ArgumentList.Arguments[0].Expression, call.ArgumentList.Arguments[1].Expression);
            else if (value is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 3 } creation && _model.GetTypeInfo(creation).Type is { } created && IsSpanLike(created))
                (array, start, length) = (creation.ArgumentList.Arguments[0].Expression, creation.ArgumentList.Arguments[1].Expression, creation.ArgumentList.Arguments[2].Expression);
            if (array is null || SharedArray(array) is not ISymbol shared) return null;
            if (_model.GetTypeInfo(start!).Type?.SpecialType != SpecialType.System_Int32 || _model.GetTypeInfo(length!).Type?.SpecialType != SpecialType.System_Int32) return null;
            if (Build(start!, 0) is not { } first || Build(length!, 0) is not { HasVariables: false } count) return null;
            _bounds[counter] = new LoopBounds(Poly.Constant(0), count.Constant.Minus(Poly.Constant(1)));
            return (shared, first.Plus(AffineForm.Variable(counter, Poly.Constant(1), new Poly())));
        }

        private readonly Dictionary<ISymbol, (ISymbol Array, AffineForm Form, ExpressionSyntax View)> _windows = new(SymbolEqualityComparer.Default);

        /// <summary>The collections of foreach loops over span windows (their elements are accesses of the window).</summary>
        private readonly HashSet<SyntaxNode> _windowLoops = new();

        /// <summary>
        /// A foreach whose iteration variable is a copy, or a ref the body only reads and assigns (<c>v *= k</c>, <c>v++</c>):
        /// never a ref or out argument, a ref to it, its address, or a name a lambda or local function sees.
        /// </summary>
        private bool PlainItem(ForEachStatementSyntax each)
        {
            if (_model.GetDeclaredSymbol(each) is not ILocalSymbol item) return false;
            if (item.RefKind == RefKind.None) return true;
            return PlainReferences(item) is { } uses && uses.All(SyntaxNodes.ValueUse);
        }

        /// <summary>
        /// Pointer windows: <c>T* row = p + start;</c> (or <c>start + p</c>, <c>p - start</c>, <c>&amp;p[start]</c>) declared in
        /// the body over a shared pointer p of the same element type, or over another window, never assigned again, and
        /// used only as <c>row[…]</c> or as the base of another window: <c>row[e]</c> is <c>p[start + e]</c>, exactly (a
        /// pointer has no bounds, so unlike a span window no counter is needed). The rows and pixels of a locked bitmap
        /// (<c>byte* row = scan0 + y * stride; byte* px = row + 4 * x;</c>) are then tested as <c>scan0[…]</c> is. A
        /// pointer local of any other shape stays what KernelGen cannot follow (its writes keep the loop serial).
        /// </summary>
        private void FindPointerWindows()
        {
            // (Source order: a window's base window is declared, so found, before it.)
            foreach (VariableDeclaratorSyntax declarator in SyntaxNodes.Own(_body).OfType<VariableDeclaratorSyntax>())
            {
                if (declarator.Initializer is null || _model.GetDeclaredSymbol(declarator) is not ILocalSymbol { IsRef: false, Type: IPointerTypeSymbol pointer } local
                    || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax || CountWrites(local) > 0 || !OnlyWindowUses(local))
                    continue;
                if (PointerOffset(declarator.Initializer.Value, pointer, 0) is not ({ } baseName, { } moved)) continue;
                ISymbol? over = _model.GetSymbolInfo(baseName).Symbol;
                if (over is null) continue;
                if (_pointerWindows.TryGetValue(over, out var inner))
                    _pointerWindows[local] = (inner.Pointer, inner.Start.Plus(moved));
                else if (over is ILocalSymbol or IParameterSymbol && !_declaredInside.Contains(over)
                    && TypeOf(over) is IPointerTypeSymbol shared && SymbolEqualityComparer.Default.Equals(shared.PointedAtType, pointer.PointedAtType))
                    _pointerWindows[local] = (over, moved);
            }
        }

        /// <summary>
        /// A pointer variable q of <paramref name="type"/> and the affine offset from it that <paramref name="value"/> is:
        /// <c>q</c>, <c>q + e</c>, <c>e + q</c>, <c>q - e</c>, chains of those (<c>q + i + 1</c>) and <c>&amp;q[e]</c>, e of
        /// int or long (no casts: another element type counts other units); (null, null) for anything else.
        /// </summary>
        private (IdentifierNameSyntax?, AffineForm?) PointerOffset(ExpressionSyntax value, IPointerTypeSymbol type, int depth)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized) value = parenthesized.Expression;
            if (depth > MaxDepth || !SymbolEqualityComparer.Default.Equals(_model.GetTypeInfo(value).Type, type)) return (null, null);
            AffineForm? Offset(ExpressionSyntax e) =>
                _model.GetTypeInfo(e).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 ? Build(e, 0) : null;
            (IdentifierNameSyntax?, AffineForm?) Moved((IdentifierNameSyntax?, AffineForm?) from, AffineForm? by, long sign) =>
                from is ({ } q, { } at) && by?.Times(Poly.Constant(sign)) is { } step ? (q, at.Plus(step)) : (null, null);
            switch (value)
            {
                case IdentifierNameSyntax name:
                    return (name, AffineForm.Of(new Poly()));
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add when _model.GetTypeInfo(add.Left).Type is IPointerTypeSymbol:
                    return Moved(PointerOffset(add.Left, type, depth + 1), Offset(add.Right), 1);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add when _model.GetTypeInfo(add.Right).Type is IPointerTypeSymbol:
                    return Moved(PointerOffset(add.Right, type, depth + 1), Offset(add.Left), 1);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.SubtractExpression } subtract when _model.GetTypeInfo(subtract.Left).Type is IPointerTypeSymbol
                    && _model.GetTypeInfo(subtract.Right).Type is not IPointerTypeSymbol:
                    return Moved(PointerOffset(subtract.Left, type, depth + 1), Offset(subtract.Right), -1);
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression, Operand: ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element }
                    when element.Expression is IdentifierNameSyntax q && _model.GetTypeInfo(q).Type is IPointerTypeSymbol of && SymbolEqualityComparer.Default.Equals(of, type):
                    return Offset(element.ArgumentList.Arguments[0].Expression) is { } at ? (q, at) : (null, null);
                default:
                    return (null, null);
            }
        }

        /// <summary>
        /// The accesses <c>*w</c> or <c>*(w + e)</c> stands for: w[0] or w[e] of a pointer window or a shared pointer, as
        /// <c>w[e]</c> would be; through any other pointer, a write KernelGen cannot follow or a read of what any captured
        /// pointer (or array of its element type) holds, at an unknown place.
        /// </summary>
        private IEnumerable<Access> DescribeIndirection(PrefixUnaryExpressionSyntax deref)
        {
            bool isWrite = LoopAnalysis.IsWrite(deref) || IsCompound(deref);
            bool isRead = !isWrite || IsCompound(deref);
            ExpressionSyntax operand = deref.Operand;
            while (operand is ParenthesizedExpressionSyntax parenthesized) operand = parenthesized.Expression;
            (IdentifierNameSyntax? name, AffineForm? at) = _model.GetTypeInfo(operand).Type is IPointerTypeSymbol type && operand is not PrefixUnaryExpressionSyntax
                ? PointerOffset(operand, type, 0) : (null, null);
            // (A base it names with an offset that is not affine: that pointer, at an unknown place.)
            if (name is null && operand is BinaryExpressionSyntax { Left: IdentifierNameSyntax left } && _model.GetTypeInfo(left).Type is IPointerTypeSymbol)
                name = left;
            ISymbol? symbol = name is null ? null : _model.GetSymbolInfo(name).Symbol;
            if (symbol is not null && _pointerWindows.TryGetValue(symbol, out var window))
            {
                AffineForm? form = at is null ? null : window.Start.Plus(at);
                yield return new Access(deref, window.Pointer, new List<ExpressionSyntax>(), isWrite, isRead) { Window = form, NoForm = form is null };
                yield break;
            }
            if (symbol is ILocalSymbol or IParameterSymbol && !_declaredInside.Contains(symbol) && TypeOf(symbol) is IPointerTypeSymbol)
            {
                yield return new Access(deref, symbol, new List<ExpressionSyntax>(), isWrite, isRead) { Window = at, NoForm = at is null };
                yield break;
            }
            if (isWrite)
            {
                yield return new Access(deref, null!, new List<ExpressionSyntax>(), true, isRead);
                yield break;
            }
            ITypeSymbol? pointee = (_model.GetTypeInfo(deref.Operand).Type as IPointerTypeSymbol)?.PointedAtType;
            foreach (ISymbol captured in _loop.Captures.Where(c => TypeOf(c) is IPointerTypeSymbol
                || TypeOf(c) is IArrayTypeSymbol a && SymbolEqualityComparer.Default.Equals(a.ElementType, pointee)))
                yield return new Access(deref, captured, new List<ExpressionSyntax>(), false, true);
        }

        /// <summary>
        /// Whether every use of <paramref name="local"/> reaches only elements: <c>w[e]</c> (not its address or a ref to
        /// it), <c>*w</c> or <c>*(w + e …)</c>, or another window's initializer (<c>w + e …</c>, <c>&amp;w[e]</c>).
        /// </summary>
        private bool OnlyWindowUses(ILocalSymbol local) => SyntaxNodes.All(_body).OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, local))
            .All(n =>
            {
                if (n.Parent is ElementAccessExpressionSyntax e && e.Expression == n)
                    return e.ArgumentList.Arguments.Count == 1 && !IsReference(e)
                        || e.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } address
                            && Unparenthesized(address).Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax };
                // Up the chain of pointer arithmetic it is the pointer side of (w + i + 1).
                SyntaxNode node = Unparenthesized(n);
                while (node.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression or (int)SyntaxKind.SubtractExpression } b
                    && _model.GetTypeInfo(b).Type is IPointerTypeSymbol)
                    node = Unparenthesized(b);
                return node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax }
                    || node.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PointerIndirectionExpression } deref && !IsReference(deref);
            });

        /// <summary>Whether the element is used as a place (its address taken, a ref to it, a ref or out argument), not a value.</summary>
        private static bool IsReference(ExpressionSyntax element) =>
            element.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } or RefExpressionSyntax
            || element.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 };

        private static SyntaxNode Unparenthesized(SyntaxNode node)
        {
            while (node.Parent is ParenthesizedExpressionSyntax) node = node.Parent;
            return node;
        }

        private readonly Dictionary<ISymbol, (ISymbol Pointer, AffineForm Start)> _pointerWindows = new(SymbolEqualityComparer.Default);

        /// <summary>Array.Copy/Fill/Clear calls whose ranges are accesses (their reads are not reads through a call).</summary>
        private readonly HashSet<SyntaxNode> _rangedCalls = new();

        private void FindInnerPRangeLoops()
        {
            foreach (ForEachStatementSyntax loop in SyntaxNodes.Own(_body).OfType<ForEachStatementSyntax>())
            {
                if (!LoopAnalysis.IsPRangeLoop(loop, _model, out _) || loop.Expression is not InvocationExpressionSyntax call) continue;
                if (_model.GetDeclaredSymbol(loop) is not ILocalSymbol variable) continue;
                var args = call.ArgumentList.Arguments.Select(a => a.Expression).ToList();
                if (args.Count is < 1 or > 2) continue;
                Poly? Invariant(ExpressionSyntax e) => Build(e, 0) is { HasVariables: false } f ? f.Constant : null;
                Poly? start = args.Count == 2 ? Invariant(args[0]) : Poly.Constant(0);
                Poly? stop = Invariant(args[args.Count - 1]);
                string name = $"{variable.Name}@{loop.SpanStart}";
                _loopVariables[variable] = AffineForm.Variable(name, Poly.Constant(1), new Poly());
                _bounds[name] = new LoopBounds(start, stop?.Minus(Poly.Constant(1)));
            }
        }

        /// <summary>An incrementor that advances an int local of the PRange body declared before its loop (<c>o++</c>, <c>o += 3</c>).</summary>
        private bool CursorStep(ExpressionSyntax incrementor) =>
            (incrementor switch
            {
                PostfixUnaryExpressionSyntax post => post.Operand,
                PrefixUnaryExpressionSyntax pre => pre.Operand,
                AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression or (int)SyntaxKind.SubtractAssignmentExpression } assign => assign.Left,
                _ => null,
            }) is IdentifierNameSyntax name && _model.GetSymbolInfo(name).Symbol is ILocalSymbol { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } local
            && _declaredInside.Contains(local) && CursorAdvance(name, out _) is not null;

        /// <summary>The constant an incrementor adds to <paramref name="variable"/> (<c>x++</c>, <c>x -= 2</c>, <c>x = x + c</c>), or null.</summary>
        private long? Step(ExpressionSyntax incrementor, ILocalSymbol variable)
        {
            bool Is(ExpressionSyntax e) => e is IdentifierNameSyntax id && id.Identifier.ValueText == variable.Name
                && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(id).Symbol, variable);
            long? Constant(ExpressionSyntax e) => _model.GetConstantValue(e) is { HasValue: true, Value: int or long } v ? Convert.ToInt64(v.Value) : null;
            switch (incrementor)
            {
                case PostfixUnaryExpressionSyntax post when Is(post.Operand):
                    return post.IsKind(SyntaxKind.PostIncrementExpression) ? 1 : -1;
                case PrefixUnaryExpressionSyntax pre when Is(pre.Operand):
                    return pre.IsKind(SyntaxKind.PreIncrementExpression) ? 1 : pre.IsKind(SyntaxKind.PreDecrementExpression) ? -1 : null;
                case AssignmentExpressionSyntax assign when Is(assign.Left) && assign.IsKind(SyntaxKind.AddAssignmentExpression):
                    return Constant(assign.Right) is long add and > int.MinValue and < int.MaxValue ? add : null;
                case AssignmentExpressionSyntax assign when Is(assign.Left) && assign.IsKind(SyntaxKind.SubtractAssignmentExpression):
                    return Constant(assign.Right) is long sub and > int.MinValue and < int.MaxValue ? -sub : null;
                // x = x + c, x = c + x, x = x - c
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: BinaryExpressionSyntax sum } assign when Is(assign.Left):
                    long? value = sum.Kind() switch
                    {
                        SyntaxKind.AddExpression when Is(sum.Left) => Constant(sum.Right),
                        SyntaxKind.AddExpression when Is(sum.Right) => Constant(sum.Left),
                        SyntaxKind.SubtractExpression when Is(sum.Left) => -Constant(sum.Right),
                        _ => null,
                    };
                    return value is > int.MinValue and < int.MaxValue ? value : null;
                default:
                    return null;
            }
        }

        /// <summary>The counter's bounds; <paramref name="exact"/>: another upper bound, for a limit E / c (see DependenceTester.OtherBounds).</summary>
        private LoopBounds BoundsOf(ExpressionSyntax? condition, ILocalSymbol variable, ExpressionSyntax init, int direction, out LoopBounds? exact)
        {
            exact = null;
            // Invariant, or affine in the counters of enclosing inner loops with constant coefficients (a triangle's
            // 'x = y'): the dependence tester widens those by the counters' own bounds.
            Poly? Invariant(ExpressionSyntax e)
            {
                if (Build(e, 0) is not { } f) return null;
                Poly bound = f.Constant;
                // (The PRange index too, a triangle's j = i + 1: the tester widens it by the index's own bounds, j ≥ 1,
                // and relates the two iterations' j and i through DependenceTester.StartsAfter.)
                foreach (var term in f.Coefficients)
                {
                    if (!_bounds.ContainsKey(term.Key) || !term.Value.IsConstant) return null;
                    bound = bound.Plus(Poly.Symbol(term.Key).Scale(term.Value.ConstantTerm));
                }
                return bound;
            }
            Poly? start = Invariant(init), limit = null;
            if (Limit(condition, variable) is ({ } other, long shift, SyntaxKind kind))
            {
                // x < E / c from a start of 0 or more (x < width / 2): where the loop runs, E ≥ c, so E / c ≤ E and x ≤ E − 1
                // (a weaker bound in plain polynomials, enough to keep a row's halves inside the row).
                if (shift == 0 && other is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.DivideExpression } quotient && kind == SyntaxKind.LessThanExpression && direction > 0
                    && start is { IsConstant: true, ConstantTerm: >= 0 } && _model.GetConstantValue(quotient.Right) is { HasValue: true, Value: int or long } divisor
                    && Convert.ToInt64(divisor.Value) >= 1 && Build(quotient.Left, 0) is { HasVariables: false } dividend && Build(quotient, 0) is { HasVariables: false } whole
                    && whole.Constant.Terms.Count == 1 && whole.Constant.Terms[0].Key.StartsWith("$q", StringComparison.Ordinal))
                {
                    exact = new LoopBounds(start, whole.Constant.Minus(Poly.Constant(1))); // x ≤ q − 1 (DependenceTester.OtherBounds)
                    return new LoopBounds(start, dividend.Constant.Minus(Poly.Constant(1)));
                }
                if (other is not null && Invariant(other) is Poly unshifted)
                {
                    Poly bound = unshifted.Minus(Poly.Constant(shift));
                    limit = (kind, direction) switch
                    {
                        (SyntaxKind.LessThanExpression, > 0) => bound.Minus(Poly.Constant(1)),
                        (SyntaxKind.LessThanOrEqualExpression, > 0) => bound,
                        (SyntaxKind.GreaterThanExpression, < 0) => bound.Plus(Poly.Constant(1)),
                        (SyntaxKind.GreaterThanOrEqualExpression, < 0) => bound,
                        _ => null,
                    };
                }
            }
            return direction > 0 ? new LoopBounds(start, limit) : new LoopBounds(limit, start);
        }

        /// <summary>
        /// The last value of t, the iterations done, for a unit-step counter written <paramref name="from"/> + step·t
        /// that the condition stops at a limit: null where the condition is another, or the span depends on a variable.
        /// </summary>
        private Poly? LastOffset(ExpressionSyntax? condition, ILocalSymbol variable, AffineForm from, int direction)
        {
            if (Limit(condition, variable) is not ({ } other, long shift, SyntaxKind kind) || Build(other, 0) is not { } limit) return null;
            long? adjust = (kind, direction) switch
            {
                (SyntaxKind.LessThanExpression, > 0) => -1,
                (SyntaxKind.LessThanOrEqualExpression, > 0) => 0,
                (SyntaxKind.GreaterThanExpression, < 0) => 1,
                (SyntaxKind.GreaterThanOrEqualExpression, < 0) => 0,
                _ => null,
            };
            if (adjust is null) return null;
            AffineForm lastValue = limit.Plus(AffineForm.Of(Poly.Constant(adjust.Value - shift)));
            AffineForm span = direction > 0 ? lastValue.Plus(from, -1) : from.Plus(lastValue, -1);
            return span.HasVariables ? null : span.Constant;
        }

        /// <summary>
        /// The limit a loop condition puts on <paramref name="variable"/>: <c>x &lt; E</c>, <c>E &gt; x</c> (as x &lt; E),
        /// <c>x + c &lt; E</c> (shift c); the comparison as if the variable were on the left; null for another condition.
        /// </summary>
        private (ExpressionSyntax Other, long Shift, SyntaxKind Kind)? Limit(ExpressionSyntax? test, ILocalSymbol variable)
        {
            if (test is not BinaryExpressionSyntax condition) return null;
            // The counter, or the counter plus or minus a constant (x + 1 < width: x < width − 1).
            bool Counter(ExpressionSyntax e, out long offset)
            {
                offset = 0;
                if (e is IdentifierNameSyntax id) return id.Identifier.ValueText == variable.Name;
                if (e is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression or (int)SyntaxKind.SubtractExpression, Left: IdentifierNameSyntax x } sum
                    || x.Identifier.ValueText != variable.Name || _model.GetConstantValue(sum.Right) is not { HasValue: true, Value: int or long } c) return false;
                offset = sum.IsKind(SyntaxKind.AddExpression) ? Convert.ToInt64(c.Value) : -Convert.ToInt64(c.Value);
                return true;
            }
            bool left = Counter(condition.Left, out long shift);
            bool right = !left && Counter(condition.Right, out shift);
            if (!left && !right) return null;
            SyntaxKind kind = condition.Kind();
            if (right) kind = kind switch
            {
                SyntaxKind.LessThanExpression => SyntaxKind.GreaterThanExpression,
                SyntaxKind.GreaterThanExpression => SyntaxKind.LessThanExpression,
                SyntaxKind.LessThanOrEqualExpression => SyntaxKind.GreaterThanOrEqualExpression,
                SyntaxKind.GreaterThanOrEqualExpression => SyntaxKind.LessThanOrEqualExpression,
                _ => kind,
            };
            return (left ? condition.Right : condition.Left, shift, kind);
        }

        /// <summary>The affine form of an integer expression, or null. Depth-capped: never deep recursion.</summary>
        private AffineForm? Build(ExpressionSyntax expression, int depth)
        {
            AffineForm? form = Term(expression, depth);
            // (A quotient of a varying dividend that did not cancel: see Split.)
            return depth == 0 && form is not null && MentionsSplit(form) ? null : form;
        }

        /// <summary>Whether a form names a quotient of a varying dividend (<see cref="Split"/>).</summary>
        private static bool MentionsSplit(AffineForm f) => f.Coefficients.Values.Append(f.Constant).Any(MentionsSplit);

        private static bool MentionsSplit(Poly p) => p.Terms.Any(t => t.Key.Split('*').Any(factor => factor.StartsWith("$d", StringComparison.Ordinal)));

        /// <summary>
        /// Subscripts of a rectangular array that split a flat index (<c>g[p / w, p % w]</c>, or through locals y and x):
        /// no one of them is affine, but where two accesses touch the same element every subscript is equal, so is any
        /// combination of them with loop-invariant factors, and <c>w·(p / w) + p % w</c> is p. The factors are found on
        /// the first such access, last subscript first (each cancels the quotient the ones after it leave: 1, then w);
        /// every access of the array is then tested as that one combination (<see cref="Access.Combined"/>), exact where
        /// the quotients cancel and not affine (as before) where they do not. Distinct combinations mean distinct
        /// elements; equal ones prove nothing, so the tests stay conservative.
        /// </summary>
        private void CombineSplitSubscripts(List<Access> accesses)
        {
            var groups = accesses.Where(a => a.Array is not null && a.Window is null && !a.NoForm && TypeOf(a.Array) is IArrayTypeSymbol { Rank: > 1 })
                .GroupBy(a => a.Array, SymbolEqualityComparer.Default);
            // (Only where an access has no forms: a split is not affine on its own.)
            foreach (var group in groups.Where(g => g.Any(a => a.Forms is null)))
            {
                int rank = ((IArrayTypeSymbol)TypeOf(group.Key!)!).Rank;
                var dims = group.ToDictionary(a => a, a => a.Subscripts.Count == rank ? a.Subscripts.Select(e => Term(e, 0)).ToList() : null);
                Access? split = group.FirstOrDefault(a => a.Forms is null && dims[a] is { } d && d.All(f => f is not null) && d.Any(f => MentionsSplit(f!)));
                if (split is null || Factors(dims[split]!) is not { } factors) continue;
                foreach (Access access in group)
                {
                    AffineForm? combined = AffineForm.Of(new Poly());
                    for (int k = 0; k < rank && combined is not null; k++)
                        combined = dims[access]?[k]?.Times(factors[k]) is { } term ? combined.Plus(term) : null;
                    access.Forms = combined is null || MentionsSplit(combined) ? null : new List<AffineForm> { combined };
                    access.Combined = true;
                }
            }

            // One subscript that names a quotient has factor 1, the last such first (those after it 0: g[y, x, c] is tested
            // as its pixel); each other one, last first, the factor that cancels the first quotient left (0 where none is).
            // The first choice that cancels every quotient (g[x, y] with x = p % h, y = p / h: y's factor h): null if none.
            static Poly[]? Factors(List<AffineForm?> forms)
            {
                for (int anchor = forms.Count - 1; anchor >= 0; anchor--)
                {
                    if (!MentionsSplit(forms[anchor]!)) continue;
                    var factors = forms.Select(_ => new Poly()).ToArray();
                    factors[anchor] = Poly.Constant(1);
                    AffineForm sum = forms[anchor]!;
                    for (int k = anchor - 1; k >= 0 || k < 0 && k + forms.Count > anchor; k--)
                    {
                        int at = k >= 0 ? k : k + forms.Count; // before the anchor, then after it (last first)
                        if (sum.Coefficients.Values.Any(MentionsSplit) || forms[at]!.Coefficients.Values.Any(MentionsSplit)) break;
                        string? left = sum.Constant.Terms.SelectMany(t => t.Key.Split('*')).FirstOrDefault(f => f.StartsWith("$d", StringComparison.Ordinal));
                        if (left is null) break;
                        Poly cancel = sum.Constant.CoefficientOf(left), per = forms[at]!.Constant.CoefficientOf(left);
                        if (per.IsZero || cancel.Scale(-1).DivideExactly(per) is not { } factor || forms[at]!.Times(factor) is not { } scaled) continue;
                        factors[at] = factor;
                        sum = sum.Plus(scaled);
                    }
                    if (!MentionsSplit(sum)) return factors;
                }
                return null;
            }
        }

        /// <summary><see cref="Build"/> without its final test: the form of an expression, varying quotients included.</summary>
        private AffineForm? Term(ExpressionSyntax expression, int depth)
        {
            if (depth > MaxDepth) return null;
            Optional<object?> constant = _model.GetConstantValue(expression);
            if (constant.HasValue)
                return constant.Value is int or long or short or byte or sbyte or ushort or uint or char
                    ? AffineForm.Of(Poly.Constant(Convert.ToInt64(constant.Value))) : null;
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p: return Build(p.Expression, depth + 1);
                case CheckedExpressionSyntax c: return Build(c.Expression, depth + 1);
                case CastExpressionSyntax cast:
                    return _model.GetTypeInfo(cast.Type).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_IntPtr
                        ? Build(cast.Expression, depth + 1) : null;
                // An induction variable's advance (k++, ++k, k += 2): the value the expression yields.
                case PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax advanced } when _loop.InductionOffsets.ContainsKey(advanced):
                    return Induction(advanced);
                case PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax advanced } when _loop.InductionOffsets.ContainsKey(advanced):
                    return Induction(advanced);
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax advanced } when _loop.InductionOffsets.ContainsKey(advanced):
                    return Induction(advanced);
                // A cursor's advance (dest[ti++]): the value the expression yields.
                case PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax advanced } when _cursorValues.ContainsKey(advanced):
                    return Cursor(advanced);
                case PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax advanced } when _cursorValues.ContainsKey(advanced):
                    return Cursor(advanced);
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax advanced } when _cursorValues.ContainsKey(advanced):
                    return Cursor(advanced);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    return Build(unary.Operand, depth + 1)?.Times(Poly.Constant(-1));
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                    return Build(unary.Operand, depth + 1);
                case BinaryExpressionSyntax binary:
                    return Binary(binary, depth);
                case IdentifierNameSyntax name:
                    return Identifier(name, depth);
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member when _model.GetSymbolInfo(member).Symbol is IFieldSymbol or IPropertySymbol:
                    return MemberValue(_model.GetSymbolInfo(member).Symbol!, null); // this.width
                case MemberAccessExpressionSyntax member when _model.GetSymbolInfo(member).Symbol is IFieldSymbol field
                    && (field.IsStatic || IsInvariantReceiver(member.Expression)):
                    return MemberValue(field, member.Expression); // b.columns: b is the same object for the loop
                case MemberAccessExpressionSyntax member when _model.GetSymbolInfo(member).Symbol is IPropertySymbol { IsIndexer: false } property
                    && Effects.EffectWalker.AutoPropertyField(property) is not null && (property.IsStatic || IsInvariantReceiver(member.Expression)):
                    return MemberValue(property, member.Expression); // bmp.Width, an auto-property: its backing field
                case MemberAccessExpressionSyntax member when member.Name.Identifier.ValueText is "Length" or "LongLength" && IsInvariantReceiver(member.Expression):
                    return AffineForm.Of(Poly.Symbol(AssumableLength(member.ToString().Replace(" ", ""), member.Expression)));
                case InvocationExpressionSyntax call when call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetLength" } m
                    && IsInvariantReceiver(m.Expression) && call.ArgumentList.Arguments.Count == 1 && _model.GetConstantValue(call.ArgumentList.Arguments[0].Expression).HasValue:
                    return AffineForm.Of(Poly.Symbol(AssumableLength(call.ToString().Replace(" ", ""), m.Expression)));
                default:
                    return null;
            }
        }

        /// <summary>
        /// An array length's symbol (<c>a.Length</c>, <c>m.GetLength(1)</c>), which a run-time condition may name where the
        /// array is a local or parameter the launch reads (<c>p[y * stride + x]</c> with <c>x &lt; m.GetLength(1)</c>: rows
        /// apart where stride &gt;= that length): read null-safely, since the null checks may come after it.
        /// </summary>
        private string AssumableLength(string symbol, ExpressionSyntax array)
        {
            if (_model.GetSymbolInfo(array).Symbol is ISymbol { Kind: SymbolKind.Local or SymbolKind.Parameter } owner && TypeOf(owner) is IArrayTypeSymbol
                && ArrayMember(symbol) is { } text)
            {
                _assumable[symbol] = text;
                _assumableSymbols[symbol] = owner;
            }
            return symbol;
        }

        /// <summary>
        /// Whether an array expression is the same array for the whole loop: a local or parameter the loop does not
        /// assign, or a field it does not assign (see <see cref="MemberValue"/>) of this, of a type, or of an object that is
        /// itself the same for the whole loop (pm.positions, not items[i].positions or a local declared in the body).
        /// </summary>
        private bool IsInvariantReceiver(ExpressionSyntax e)
        {
            ISymbol? symbol = _model.GetSymbolInfo(e).Symbol;
            if (symbol is not (ILocalSymbol or IParameterSymbol or IFieldSymbol { IsVolatile: false })
                || _declaredInside.Contains(symbol) || _writtenInside.Contains(symbol)) return false;
            return e switch
            {
                IdentifierNameSyntax => true,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } => true,
                MemberAccessExpressionSyntax when symbol is IFieldSymbol { IsStatic: true } => true,
                MemberAccessExpressionSyntax member => IsInvariantReceiver(member.Expression),
                _ => false,
            };
        }

        private AffineForm? Binary(BinaryExpressionSyntax binary, int depth)
        {
            AffineForm? left = Build(binary.Left, depth + 1);
            if (left is null) return null;
            AffineForm? right = Build(binary.Right, depth + 1);
            if (right is null) return null;
            switch (binary.Kind())
            {
                case SyntaxKind.AddExpression: return left.Plus(right);
                case SyntaxKind.SubtractExpression: return left.Plus(right, -1);
                case SyntaxKind.MultiplyExpression:
                    if (!right.HasVariables) return left.Times(right.Constant);
                    if (!left.HasVariables) return right.Times(left.Constant);
                    return null;
                case SyntaxKind.DivideExpression:
                    // Exact division ((i - start) / step when the index is start + step·k); else an invariant quotient
                    // (height / 2) is a value of its own, a symbol.
                    if (right.HasVariables) return null;
                    if (left.DivideExactly(right.Constant) is { } exact) return exact;
                    if (left.HasVariables && !right.Constant.IsZero) return AffineForm.Of(Poly.Symbol(Split(left, right.Constant)));
                    return !left.HasVariables && right.Constant is { IsConstant: true, ConstantTerm: > 0 } divisor
                        ? AffineForm.Of(Poly.Symbol(Quotient(left.Constant, divisor.ConstantTerm))) : null;
                case SyntaxKind.ModuloExpression:
                    // p % w is p - w·(p / w), C#'s identity for every p and w ≠ 0 (see Split).
                    if (right.HasVariables || !left.HasVariables || right.Constant.IsZero) return null;
                    return AffineForm.Of(Poly.Symbol(Split(left, right.Constant))).Times(right.Constant) is { } product ? left.Plus(product, -1) : null;
                case SyntaxKind.LeftShiftExpression:
                    if (right.HasVariables || !right.Constant.IsConstant || right.Constant.ConstantTerm is < 0 or > 30) return null;
                    return left.Times(Poly.Constant(1L << (int)right.Constant.ConstantTerm));
                default:
                    return left.HasVariables || right.HasVariables ? null : null;
            }
        }

        /// <summary>
        /// The value of an induction variable's reference: k0 + c·k + the advances before it in the iteration, with k0
        /// (its value before the loop) an opaque loop-invariant symbol.
        /// </summary>
        private AffineForm? Induction(IdentifierNameSyntax reference)
        {
            Model.InductionSpec? spec = _loop.Inductions.FirstOrDefault(s => s.Name == KernelParser.Escape(reference.Identifier.ValueText));
            if (spec is null || !_loop.InductionOffsets.TryGetValue(reference, out long offset)) return null;
            // A unit (ix += incX): the step and the offsets count it, a symbol launch checks may name (incX >= 1).
            Poly unit = Poly.Constant(1);
            if (spec.Unit is not null)
            {
                if (!_loop.InductionUnits.TryGetValue(spec.Name, out ISymbol? symbol)) return null;
                Assumable(symbol);
                unit = Poly.Symbol(symbol.Name);
            }
            return AffineForm.Variable(K, unit.Times(Poly.Constant(spec.Step)), Poly.Symbol(spec.Name + "$0").Plus(unit.Times(Poly.Constant(offset))));
        }

        /// <summary>Lets a run-time condition name <paramref name="symbol"/> (an int local or parameter read at the launch too, see CheckAssumptions).</summary>
        private void Assumable(ISymbol symbol)
        {
            if (symbol is ILocalSymbol { IsRef: false, Type.SpecialType: var local } && IsInteger(local)
                || symbol is IParameterSymbol { RefKind: RefKind.None, Type.SpecialType: var parameter } && IsInteger(parameter))
            {
                _assumable[symbol.Name] = KernelParser.Escape(symbol.Name);
                _assumableSymbols[symbol.Name] = symbol;
            }
        }

        private static bool IsInteger(SpecialType type) => type is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
            or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt32 or SpecialType.System_Char;

        /// <summary>The symbol of an integer member the loop does not assign (<c>$b.columns</c>, <c>$K.Size</c> for a static one); null for others.</summary>
        private string? MemberSymbol(ISymbol member, ITypeSymbol type, string receiver) =>
            member is IFieldSymbol { IsVolatile: true } or IFieldSymbol { IsConst: true } || _writtenInside.Contains(member) || !IsInteger(type.SpecialType) ? null
                : "$" + (member.IsStatic ? member.ContainingType.ToDisplayString() : receiver) + "." + member.Name;

        /// <summary>
        /// An integer field or auto-property read as one value for the whole loop (<c>b.columns</c>, <c>bmp.Width</c>,
        /// <c>this.stride</c>, <c>Settings.Size</c>): of this, of a type, or of an object the same for the whole loop
        /// (<paramref name="owner"/>, the receiver; null: this or the type, named without it), one symbol for the loop. A field
        /// must be readonly or one the loop does not assign: a loop that writes a field of a shared object, itself or
        /// through a call, stays serial (KG1006), and so does one that reads a field others update with Interlocked: in a
        /// loop that runs in parallel the field never changes. Volatile fields are read afresh at each use.
        /// <para>
        /// A run-time condition may name it where the launch and the chunks can read it alike: a member of this through
        /// <see cref="Model.KernelSpec.ThisCapture"/> (the launch's copy of the reference, which the chunks hold), a static
        /// one by its type's full name (not in a generic type), one of a local or parameter the loop captures null-safely,
        /// <c>(bmp?.Width ?? 0)</c> (where the object is null the serial loop throws at its first read of the member, and
        /// so do the chunks). An auto-property no condition can name stays unknown: a local holding it (<c>int w =
        /// bmp.Width</c>) is then its own symbol, which a condition can name.
        /// </para>
        /// </summary>
        private AffineForm? MemberValue(ISymbol member, ExpressionSyntax? owner)
        {
            ITypeSymbol? type = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol { IsIndexer: false } property when Effects.EffectWalker.AutoPropertyField(property) is not null => property.Type,
                _ => null,
            };
            string receiver = owner is null ? "this" : owner.ToString().Replace(" ", "");
            if (type is null || MemberSymbol(member, type, receiver) is not { } symbol) return null;
            string name = KernelParser.Escape(member.Name);
            if (member.IsStatic)
            {
                if (!IsInGenericType(member.ContainingType))
                    _assumable[symbol] = member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + name;
            }
            else if (owner is null or ThisExpressionSyntax)
                _assumable[symbol] = Model.KernelSpec.ThisCapture + "." + name;
            else if (owner is IdentifierNameSyntax && _model.GetSymbolInfo(owner).Symbol is ISymbol { Kind: SymbolKind.Local or SymbolKind.Parameter } holder
                && !_declaredInside.Contains(holder) && TypeOf(holder) is { } ownerType && _loop.Captures.Any(c => SymbolEqualityComparer.Default.Equals(c, holder)))
            {
                string text = KernelParser.Escape(holder.Name) + (ownerType.IsValueType ? "." : "?.") + name;
                _assumable[symbol] = ownerType.IsValueType ? text : $"({text} ?? 0)";
                _assumableSymbols[symbol] = holder;
            }
            if (member is IPropertySymbol && !_assumable.ContainsKey(symbol)) return null;
            return AffineForm.Of(Poly.Symbol(symbol));

            static bool IsInGenericType(INamedTypeSymbol? t)
            {
                for (; t is not null; t = t.ContainingType) if (t.IsGenericType) return true;
                return false;
            }
        }

        private AffineForm? Identifier(IdentifierNameSyntax name, int depth)
        {
            if (_loop.InductionOffsets.ContainsKey(name)) return Induction(name);
            if (_cursorValues.ContainsKey(name)) return Cursor(name);
            ISymbol? symbol = _model.GetSymbolInfo(name).Symbol;
            if (symbol is null) return null;
            if (SymbolEqualityComparer.Default.Equals(symbol, _loop.Index)) return _index;
            if (_loopVariables.TryGetValue(symbol, out AffineForm? counted)) return counted;
            if (symbol is IFieldSymbol or IPropertySymbol) return MemberValue(symbol, null); // this's, or the type's
            if (symbol is not (ILocalSymbol or IParameterSymbol)) return null;
            if (!_declaredInside.Contains(symbol))
            {
                if (_writtenInside.Contains(symbol)) return null;
                if (OuterValue(symbol, depth) is { } outer) return outer;
                if (EnclosingCountUp(symbol)) _nonNegative.Add(symbol.Name);
                Assumable(symbol); // read at the launch too, where a run-time condition on it is checked
                return AffineForm.Of(Poly.Symbol(symbol.Name));
            }
            // A private local assigned once, at its declaration: its value.
            if (_privateValues.TryGetValue(symbol, out AffineForm? known)) return known;
            if (!_resolving.Add(symbol)) return null;
            AffineForm? value = null;
            if (symbol is ILocalSymbol { IsRef: false } && CountWrites(symbol) == 0
                && symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var init } declarator
                && declarator.Parent?.Parent is LocalDeclarationStatementSyntax)
                value = Build(init, depth + 1);
            _resolving.Remove(symbol);
            _privateValues[symbol] = value;
            return value;
        }

        /// <summary>
        /// A local declared before the loop as a linear function of values the method never changes (<c>int
        /// widthInBytes = width * 3</c>, nothing assigning width or widthInBytes anywhere in the method): that function,
        /// so that a limit of <c>widthInBytes</c> is known to be a multiple of 3. Products of symbols stay opaque
        /// symbols (the polynomials' degree is capped). Null where it is not one.
        /// </summary>
        private AffineForm? OuterValue(ISymbol symbol, int depth)
        {
            if (symbol is not ILocalSymbol { IsRef: false, IsConst: false }
                || symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: var init } declarator
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax || !InMethod(symbol) || WrittenInMethod().Contains(symbol)) return null;
            if (_outerValues.TryGetValue(symbol, out AffineForm? known)) return known;
            if (!_resolving.Add(symbol)) return null;
            AffineForm? value = null;
            bool unchanged = SyntaxNodes.All(init).OfType<IdentifierNameSyntax>().All(n => _model.GetSymbolInfo(n).Symbol is not { } used
                || used is not (ILocalSymbol or IParameterSymbol) || InMethod(used) && !WrittenInMethod().Contains(used) && !_writtenInside.Contains(used));
            if (unchanged && Build(init, depth + 1) is { HasVariables: false } form && form.Constant.Terms.All(t => !t.Key.Contains('*')))
                value = form;
            _resolving.Remove(symbol);
            _outerValues[symbol] = value;
            return value;
        }

        private readonly Dictionary<ISymbol, AffineForm?> _outerValues = new(SymbolEqualityComparer.Default);
        private HashSet<ISymbol>? _writtenInMethod;

        private SyntaxNode? Method => _loop.Loop.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);

        /// <summary>A local or parameter of the method (or lambda) around the loop itself, not of one around that.</summary>
        private bool InMethod(ISymbol symbol) => Method is { } method
            && symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } declared && method.Span.Contains(declared.Span);

        /// <summary>Locals and parameters assigned (or whose address is taken) anywhere in the method around the loop, its lambdas included.</summary>
        private HashSet<ISymbol> WrittenInMethod()
        {
            if (_writtenInMethod is not null) return _writtenInMethod;
            _writtenInMethod = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IdentifierNameSyntax name in Method?.DescendantNodes().OfType<IdentifierNameSyntax>() ?? Enumerable.Empty<IdentifierNameSyntax>())
                if (AssignsOrPoints(name) && _model.GetSymbolInfo(name).Symbol is { } written) _writtenInMethod.Add(written);
            return _writtenInMethod;
        }

        // ---- shared scalars ---------------------------------------------------------------------------------------

        /// <summary>
        /// A shared scalar written by the loop in a way that is not a plain reduction statement, and whose value is
        /// also used in the loop: a race on the value (KG1005). Null when the writes are reduction-shaped or the
        /// variable is never read (those stay KG2006).
        /// </summary>
        internal static Diagnostic? SharedScalarRace(ISymbol symbol, StatementSyntax body, SemanticModel model, SyntaxNode? loop = null)
        {
            var references = SyntaxNodes.All(body).OfType<IdentifierNameSyntax>()
                .Where(n => n.Identifier.ValueText == symbol.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, symbol))
                .ToList();
            IdentifierNameSyntax? firstRead = null, firstValueUse = null;
            bool anyWrite = false;
            bool anyReductionWrite = false;
            foreach (IdentifierNameSyntax reference in references)
            {
                if (IsInReductionStatement(reference, symbol, model)) { anyReductionWrite = true; continue; }
                if (LoopAnalysis.IsWrite(reference))
                {
                    anyWrite = true;
                    // Interlocked.Increment(ref s) whose value is used: what each iteration gets depends on the order.
                    if (reference.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax atomic } }
                        && atomic.Parent is not ExpressionStatementSyntax
                        && model.GetSymbolInfo(atomic).Symbol is IMethodSymbol { ContainingType.Name: "Interlocked" })
                        return Diagnostic.Create(DiagnosticDescriptors.SharedScalarRace, reference.GetLocation(), symbol.Name,
                            $"the value of `{atomic}` is used, which depends on the order the iterations run in");
                    // n++ or (x = …) used as a value.
                    SyntaxNode node = reference.Parent!;
                    bool valueWrite = node is PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax
                        || (node is AssignmentExpressionSyntax assigned && assigned.Left == reference);
                    if (valueWrite
                        && node.Parent is not ExpressionStatementSyntax && node.Parent is not ForStatementSyntax)
                        firstValueUse ??= reference;
                    if (node is AssignmentExpressionSyntax compound && !compound.IsKind(SyntaxKind.SimpleAssignmentExpression))
                        firstRead ??= reference;
                }
                else firstRead ??= reference;
            }
            if (firstValueUse is not null)
                return Diagnostic.Create(DiagnosticDescriptors.SharedScalarRace, firstValueUse.GetLocation(), symbol.Name,
                    $"the value of `{firstValueUse.Parent}` is used, but other iterations update '{symbol.Name}' at the same time");
            if (anyWrite && firstRead is null && loop is not null && UsedAfter(symbol, loop, model) is IdentifierNameSyntax after)
                return Diagnostic.Create(DiagnosticDescriptors.SharedScalarRace, FirstWrite(references)!.GetLocation(), symbol.Name,
                    $"it is read after the loop (line {after.GetLocation().GetLineSpan().StartLinePosition.Line + 1}), where its value depends on which iteration happened to write it last");
            if ((anyWrite || anyReductionWrite) && firstRead is not null)
                return Diagnostic.Create(DiagnosticDescriptors.SharedScalarRace, firstRead.GetLocation(), symbol.Name,
                    $"this iteration reads '{symbol.Name}', which other iterations write at the same time" + ArgSelectByIndexHint(firstRead, symbol, model));
            return null;
        }

        /// <summary>
        /// argmax by index alone, <c>if (a[i] &gt; a[best]) best = i;</c> (the read is a subscript in the condition of
        /// an if that assigns the variable): the way to write it that runs in parallel, as text for KG1005's message.
        /// </summary>
        private static string ArgSelectByIndexHint(IdentifierNameSyntax read, ISymbol symbol, SemanticModel model)
        {
            if (read.Ancestors().OfType<ElementAccessExpressionSyntax>().FirstOrDefault() is not { } element
                || element.Ancestors().OfType<BinaryExpressionSyntax>().FirstOrDefault() is not { } test
                || !test.IsKind(SyntaxKind.LessThanExpression) && !test.IsKind(SyntaxKind.LessThanOrEqualExpression)
                    && !test.IsKind(SyntaxKind.GreaterThanExpression) && !test.IsKind(SyntaxKind.GreaterThanOrEqualExpression)
                || test.Parent is not IfStatementSyntax branch || branch.Condition != test
                || !branch.Statement.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().Any(a =>
                    a.Left is IdentifierNameSyntax target && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target).Symbol, symbol)))
                return "";
            ExpressionSyntax other = test.Left.Contains(element) ? test.Right : test.Left;
            string op = test.OperatorToken.Text;
            string value = $"{symbol.Name}Value";
            string condition = test.Left.Contains(element) ? $"{value} {op} {other}" : $"{other} {op} {value}";
            string index = branch.Statement.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().First(a =>
                a.Left is IdentifierNameSyntax target && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target).Symbol, symbol)).Right.ToString();
            return $" (in `{element}`: an argmin/argmax by index; keep the value beside it, `if ({condition}) {{ {value} = {other}; {symbol.Name} = {index}; }}`"
                + $" with {value} starting at the start's element, and it runs as an argmin/argmax reduction)";
        }

        private static IdentifierNameSyntax? FirstWrite(List<IdentifierNameSyntax> references) => references.FirstOrDefault(r => LoopAnalysis.IsWrite(r));

        /// <summary>A read of <paramref name="symbol"/> after the loop in the enclosing method (or lambda).</summary>
        private static IdentifierNameSyntax? UsedAfter(ISymbol symbol, SyntaxNode loop, SemanticModel model)
        {
            SyntaxNode? scope = loop.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            if (scope is null) return null;
            return scope.DescendantNodes().OfType<IdentifierNameSyntax>().FirstOrDefault(n => n.SpanStart > loop.Span.End
                && n.Identifier.ValueText == symbol.Name && !(LoopAnalysis.IsWrite(n) && n.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression })
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, symbol));
        }

        /// <summary>s += x; s++; s = s + x; s = Math.Max(s, x); as statements, where x does not use s.</summary>
        private static bool IsInReductionStatement(IdentifierNameSyntax reference, ISymbol symbol, SemanticModel model)
        {
            SyntaxNode? statement = reference.Parent;
            while (statement is not null and not StatementSyntax) statement = statement.Parent;
            if (statement is not ExpressionStatementSyntax { Expression: var e }) return false;
            bool IsSymbol(ExpressionSyntax x) => x is IdentifierNameSyntax id && id.Identifier.ValueText == symbol.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id).Symbol, symbol);
            int Uses(SyntaxNode x) => x.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Count(IsSymbol);
            switch (e)
            {
                case PostfixUnaryExpressionSyntax post when IsSymbol(post.Operand): return true;
                case PrefixUnaryExpressionSyntax pre when (pre.IsKind(SyntaxKind.PreIncrementExpression) || pre.IsKind(SyntaxKind.PreDecrementExpression)) && IsSymbol(pre.Operand): return true;
                case AssignmentExpressionSyntax assign when IsSymbol(assign.Left):
                    if (!assign.IsKind(SyntaxKind.SimpleAssignmentExpression)) return Uses(assign.Right) == 0;
                    ExpressionSyntax right = Strip(assign.Right);
                    if (right is BinaryExpressionSyntax binary && Uses(binary) == 1 && (IsSymbol(Strip(binary.Left)) || IsSymbol(Strip(binary.Right)))
                        && binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.MultiplyExpression or SyntaxKind.SubtractExpression
                            or SyntaxKind.BitwiseAndExpression or SyntaxKind.BitwiseOrExpression or SyntaxKind.ExclusiveOrExpression
                            or SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression)
                        return !(binary.IsKind(SyntaxKind.SubtractExpression) && !IsSymbol(Strip(binary.Left)));
                    if (right is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Max" or "Min" }
                        && call.ArgumentList.Arguments.Count == 2 && Uses(call) == 1 && call.ArgumentList.Arguments.Any(a => IsSymbol(Strip(a.Expression))))
                        return true;
                    return false;
                default:
                    return false;
            }
        }
    }
}
