using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Lowers a PRange loop from Roslyn's IOperation tree to the loop IR (<see cref="LoopIr"/>): statements and
    /// expressions the IR models become IR nodes, everything else an <see cref="Opaque"/> / <see cref="OpaqueStmt"/>
    /// that keeps its text and the variables it uses. Static helpers of the compilation whose body is one expression
    /// (<c>=&gt; e</c> or <c>{ return e; }</c>) are inlined (<see cref="Let"/> binds each argument once, in order).
    /// Never throws for valid code; depth-capped.
    /// </summary>
    internal sealed partial class Lowering
    {
        private const int MaxDepth = 200;
        private const int MaxInlining = 4;

        private readonly SemanticModel _model;
        private readonly SyntaxNode _region;
        private readonly Dictionary<ISymbol, Var> _vars = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IParameterSymbol, Var> _bindings = new(SymbolEqualityComparer.Default);
        /// <summary>An inlined block-bodied helper's locals: the value each holds at this point of its body.</summary>
        private readonly Dictionary<ILocalSymbol, Var> _localBindings = new(SymbolEqualityComparer.Default);
        private readonly List<Var> _shared = new();
        /// <summary>Numbers in shared structs (m.TopLeft), by their text.</summary>
        private readonly Dictionary<string, Var> _members = new(System.StringComparer.Ordinal);
        private int _nextId, _inlining, _depth;
        /// <summary>Calls of looping helpers whose value a variable already holds (<see cref="HoistedHelper"/>).</summary>
        private readonly Dictionary<IOperation, Var> _hoisted = new();
        /// <summary>Fresh names of a looping helper's locals (its text is from another scope, where names may repeat).</summary>
        private readonly Dictionary<ISymbol, string> _renames = new(SymbolEqualityComparer.Default);
        /// <summary>Locals holding a copied helper's arguments for the parameters it assigns.</summary>
        private readonly HashSet<Var> _assignable = new();
        /// <summary>Inside an inlined helper: only its parameters and constants may appear (its text is from another scope).</summary>
        private bool _inHelper, _helperFailed;
        /// <summary>Inside an inlined helper called on the kernel's own 'this': its members of 'this' are the kernel's.</summary>
        private bool _helperOnThis;

        /// <summary>An instance kernel's uses of 'this' in the loop body (see KernelParser.ThisNodes); null for a static kernel.</summary>
        private readonly IReadOnlyCollection<SyntaxNode>? _thisNodes;

        private Lowering(SemanticModel model, SyntaxNode region, IReadOnlyCollection<SyntaxNode>? thisNodes) { _model = model; _region = region; _thisNodes = thisNodes; }

        /// <summary>
        /// The IR of a PRange loop, or null when Roslyn gives no operation tree for it. An instance kernel passes the
        /// body's uses of 'this' (<paramref name="thisNodes"/>): source text copied into the IR reaches them through the
        /// chunk's <c>__kg_this</c>, and its fields the loop does not assign are shared variables read through it.
        /// </summary>
        public static LoopIr? Lower(ForEachStatementSyntax loop, SemanticModel model, System.Threading.CancellationToken cancellationToken = default,
            IReadOnlyCollection<SyntaxNode>? thisNodes = null, LoopAnalysis? analysis = null)
        {
            if (model.GetDeclaredSymbol(loop) is not ILocalSymbol index) return null;
            if (model.GetOperation(loop.Statement, cancellationToken) is not { } body) return null;
            // Arrays of flat structs read both field by field and as whole structs get no view: lowered again without
            // theirs until none is mixed (each try drops at least one, so this ends).
            var noViews = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            while (true)
            {
                var lowering = new Lowering(model, loop, thisNodes is { Count: > 0 } ? thisNodes : null) { _noViews = noViews };
                LoopIr ir = lowering.LowerLoop(loop, body, index, model, cancellationToken, analysis);
                HashSet<ISymbol> mixed = lowering.Mixed(ir.Body);
                if (mixed.Count == 0)
                    return ir with
                    {
                        Body = lowering.ScalarReplaced(ir.Body, ir.Index),
                        Views = lowering._views.Values.Select(v => v.View).ToEquatableArray(),
                        // (Not those only the PRange call's arguments read: see _rangeOnlyMembers.)
                        Members = lowering._memberLocals.Where(m => !lowering._rangeOnlyMembers.Contains(m.Local)).ToEquatableArray(),
                        VectorRequires = lowering._vectorRequires.ToEquatableArray(),
                    };
                noViews.UnionWith(mixed);
            }
        }

        /// <summary>
        /// Member locals made while lowering the PRange call's arguments (<c>PRange(bmp.Height)</c>) and not asked for again
        /// by the body. The launch evaluates those arguments as written, so such a local is not needed, and declaring it in
        /// the chunk would read an object the chunk does not hold (the generated code did not compile: 'bmp' does not exist
        /// in the current context; MemberRangeTests).
        /// </summary>
        private readonly HashSet<Var> _rangeOnlyMembers = new();
        private bool _inRange;

        private LoopIr LowerLoop(ForEachStatementSyntax loop, IOperation body, ILocalSymbol index, SemanticModel model,
            System.Threading.CancellationToken cancellationToken, LoopAnalysis? analysis)
        {
            Lowering lowering = this;
            Var indexVar = lowering.Declare(index, VarKind.Index);
            Expr start, stop, step;
            IrType indexType = indexVar.Type;
            if (loop.Expression is InvocationExpressionSyntax call && model.GetOperation(call, cancellationToken) is IInvocationOperation range)
            {
                lowering._inRange = true;
                var args = range.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => lowering.Expression(a.Value)).ToList();
                lowering._inRange = false;
                start = args.Count >= 2 ? args[0] : new Const(indexType == IrType.Long ? 0L : (object)0, indexType);
                stop = args.Count == 1 ? args[0] : args.Count >= 2 ? args[1] : new Opaque(loop.Expression.ToString(), EquatableArray<Var>.Empty, indexType, "range");
                step = args.Count >= 3 ? args[2] : new Const(indexType == IrType.Long ? 1L : (object)1, indexType);
            }
            else
            {
                start = stop = step = new Opaque(loop.Expression.ToString(), EquatableArray<Var>.Empty, indexType, "range");
            }
            bool unitStep = step is Const { Value: int or long } c && System.Convert.ToInt64(c.Value) == 1;
            // (Induction variables advance per iteration: i − start counts iterations only for a unit step. Other steps
            // keep them as written, and the planner refuses the loop, as the random kernels showed it must.)
            List<Stmt> top = analysis is { Inductions.Count: > 0 } && unitStep ? lowering.Inductions(analysis, indexVar, start) : new List<Stmt>();
            lowering.BlockCursors(loop.Statement);
            Block block = lowering.BlockOf(body);
            if (top.Count > 0) block = new Block(top.Concat(block.Statements).ToEquatableArray());
            return new LoopIr(indexVar, start, stop, step, unitStep, block, lowering._shared.ToEquatableArray());
        }

        // ---- induction variables -----------------------------------------------------------------------------------

        /// <summary>Each induction variable's value at the top of the iteration (a private variable), and its value before the loop.</summary>
        private readonly Dictionary<ISymbol, (Var AtTop, IrType Type)> _inductions = new(SymbolEqualityComparer.Default);
        private IReadOnlyDictionary<IdentifierNameSyntax, long> _inductionOffsets = new Dictionary<IdentifierNameSyntax, long>();
        /// <summary>The value an induction variable advances by, where it is not a constant (ix += incX).</summary>
        private readonly Dictionary<ISymbol, Var> _inductionUnits = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// Induction variables (<see cref="Frontend.Inductions"/>) become values, not state: at the top of iteration
        /// i, k is k0 + c·(i − start) (a private variable declared first in the body; its type's arithmetic wraps as the
        /// serial advances do), each reference is that plus the advances before it in the body, and the advances
        /// themselves are no statements. k0 is the chunk's copy of k's value before the loop (<c>this.k</c>, as the
        /// chunk's scalar loop reads it). Only where k has the index's type and c fits it; else k stays a variable
        /// the body writes (and the planner refuses it).
        /// </summary>
        private List<Stmt> Inductions(LoopAnalysis analysis, Var index, Expr start)
        {
            var declarations = new List<Stmt>();
            if (index.Type is not ScalarType { Kind: ScalarKind.Int or ScalarKind.Long } indexType || start.Type != index.Type) return declarations;
            bool is64 = indexType.Kind == ScalarKind.Long;
            foreach (IdentifierNameSyntax name in analysis.InductionOffsets.Keys)
            {
                if (_model.GetSymbolInfo(name).Symbol is not { } symbol || _inductions.ContainsKey(symbol)) continue;
                Model.InductionSpec? spec = analysis.Inductions.FirstOrDefault(k => k.Name == KernelParser.Escape(symbol.Name));
                if (spec is null || TypeOf(SymbolType(symbol)) != index.Type || !is64 && spec.Step is < int.MinValue or > int.MaxValue) return new List<Stmt>();
                var before = new Var("this." + spec.Name, index.Type, VarKind.Shared, _nextId++);
                var atTop = new Var("__kg_" + symbol.Name + "_at", index.Type, VarKind.Private, _nextId++);
                Expr step = new Const(is64 ? spec.Step : (object)(int)spec.Step, index.Type);
                if (spec.Unit is not null)
                {
                    // ix += incX: the step is Step·incX, each offset a multiple of incX (incX of the index's type).
                    if (!analysis.InductionUnits.TryGetValue(spec.Name, out ISymbol? unitSymbol) || TypeOf(SymbolType(unitSymbol)) != index.Type) return new List<Stmt>();
                    Var unit = VarOf(unitSymbol);
                    _inductionUnits[symbol] = unit;
                    step = new Binary(BinaryOp.Multiply, step, new Read(unit), index.Type);
                }
                Expr iteration = new Binary(BinaryOp.Subtract, new Read(index), start, index.Type);
                declarations.Add(new Declare(atTop, new Binary(BinaryOp.Add, new Read(before),
                    new Binary(BinaryOp.Multiply, step, iteration, index.Type), index.Type)));
                _inductions[symbol] = (atTop, index.Type);
                _shared.Add(before);
            }
            _inductionOffsets = analysis.InductionOffsets;
            return declarations;
        }

        /// <summary>
        /// Cursors of a block (<c>int o = i * 3; rgb[o++] = r; rgb[o++] = g; rgb[o++] = b;</c>): an int or long local
        /// declared in a block of the body that only that block's own statements advance, by constants or one unchanging
        /// value, every advance unconditional (<see cref="Frontend.Inductions"/>'s rules with the block for the body).
        /// Each reference is then the local's initial value plus the advances before it, and the advances are no
        /// statements, as for the PRange loop's induction variables: the local keeps one value, so its subscripts are
        /// polynomials. (Its scope is the block: nothing after the block reads it.) Only blocks without loops.
        /// </summary>
        private void BlockCursors(StatementSyntax body)
        {
            var offsets = _inductionOffsets.ToDictionary(p => p.Key, p => p.Value);
            // (Not a block with a loop in it: an inner loop's vector code is spliced into the body's source text, where
            // the cursor is the variable the source advances, not its initial value. Blocks without loops are whole
            // inside whatever runs on vectors.)
            foreach (BlockSyntax block in SyntaxNodes.Own(body).OfType<BlockSyntax>()
                         .Where(b => !SyntaxNodes.Own(b).Any(n => n is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax)))
                foreach (LocalDeclarationStatementSyntax declaration in block.Statements.OfType<LocalDeclarationStatementSyntax>())
                    foreach (VariableDeclaratorSyntax declarator in declaration.Declaration.Variables)
                    {
                        if (declarator.Initializer is null || _model.GetDeclaredSymbol(declarator) is not ILocalSymbol { IsRef: false } local
                            || _inductions.ContainsKey(local) || _blockCursors.ContainsKey(local)
                            || Frontend.Inductions.TryMatch(local, block, _model, out _) is not { } match)
                            continue;
                        if (match.Unit is { } unit && !(unit is ILocalSymbol or IParameterSymbol && TypeOf(SymbolType(unit)) == TypeOf(local.Type))) continue;
                        _blockCursors[local] = match.Unit;
                        foreach (KeyValuePair<IdentifierNameSyntax, long> offset in match.Offsets) offsets[offset.Key] = offset.Value;
                    }
            _inductionOffsets = offsets;
        }

        /// <summary>Block cursors (<see cref="BlockCursors"/>) and what their advances add where that is not a constant.</summary>
        private readonly Dictionary<ILocalSymbol, ISymbol?> _blockCursors = new(SymbolEqualityComparer.Default);

        /// <summary>The value of a reference to an induction variable, or of an advance of one (null: it is not one).</summary>
        private Expr? InductionValue(IOperation reference)
        {
            if (_inductions.Count + _blockCursors.Count == 0 || _inHelper || reference.Syntax is not IdentifierNameSyntax name || !_inductionOffsets.TryGetValue(name, out long offset)) return null;
            ISymbol? symbol = reference switch { ILocalReferenceOperation l => l.Local, IParameterReferenceOperation p => p.Parameter, _ => null };
            (Var AtTop, IrType Type) k;
            Var? unit = null;
            if (symbol is ILocalSymbol local && _blockCursors.TryGetValue(local, out ISymbol? blockUnit))
            {
                // (A block cursor: its own variable, declared with its initial value before any reference.)
                k = (VarOf(local), TypeOf(local.Type));
                if (blockUnit is not null) unit = VarOf(blockUnit);
            }
            else if (symbol is null || !_inductions.TryGetValue(symbol, out k)) return null;
            else _inductionUnits.TryGetValue(symbol, out unit);
            if (offset == 0) return new Read(k.AtTop);
            bool is64 = k.Type is ScalarType { Kind: ScalarKind.Long };
            Expr by = new Const(is64 ? offset : (object)unchecked((int)offset), k.Type);
            if (unit is not null) by = new Binary(BinaryOp.Multiply, by, new Read(unit), k.Type);
            return new Binary(BinaryOp.Add, new Read(k.AtTop), by, k.Type);
        }

        // ---- variables ---------------------------------------------------------------------------------------------

        private Var Declare(ISymbol symbol, VarKind kind, string? name = null)
        {
            name ??= _renames.TryGetValue(symbol, out string? renamed) ? renamed : KernelParser.Escape(symbol.Name);
            // Locals of one name in sibling blocks ({ int t = …; } { int t = …; }) are two variables; a vector step runs
            // its statements in one scope, so the second gets a name of its own, and keeps the source's (Source) for an
            // inner loop's vector code, which reads it from the source text. A loop's counter keeps its for's scope, so
            // it is renamed only after a local of its name ({ int j = …; } for (int j = 0; …): the step declares that j
            // where the loop's would be nested in it, CS0136; found by the random kernels).
            string? source = null;
            if (kind is VarKind.Private or VarKind.Counter && _vars.Any(p => p.Value.Name == name && !SymbolEqualityComparer.Default.Equals(p.Key, symbol)
                    && (kind == VarKind.Private || p.Value.Kind == VarKind.Private)))
                (source, name) = (name, $"__kg_{name.TrimStart('@')}_{_nextId}");
            var v = new Var(name, TypeOf(SymbolType(symbol)), kind, _nextId++) { Source = source };
            _vars[symbol] = v;
            return v;
        }

        private static ITypeSymbol? SymbolType(ISymbol symbol) => symbol switch
        {
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            IFieldSymbol f => f.Type,
            _ => null,
        };

        /// <summary>A by-value local or parameter declared outside the loop that nothing in it assigns (nor any of its fields): its symbol, else null.</summary>
        private ISymbol? Shared(IOperation reference)
        {
            ISymbol? symbol = reference switch
            {
                ILocalReferenceOperation { Local.IsRef: false } l => l.Local,
                IParameterReferenceOperation { Parameter.RefKind: RefKind.None or RefKind.In } p => p.Parameter,
                _ => null,
            };
            if (symbol is null || symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == _region.SyntaxTree && _region.Span.Contains(r.Span))) return null;
            return WrittenInLoop(symbol) ? null : symbol;
        }

        /// <summary>Whether the loop names the variable as a target (m = …, m.X = …, ref m, ref m.X, this.m = …).</summary>
        private bool WrittenInLoop(ISymbol symbol)
        {
            foreach (SyntaxNode node in _region.DescendantNodes())
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == symbol.Name)
                {
                    SyntaxNode place = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? qualified : name;
                    if (LoopAnalysis.IsWrite((ExpressionSyntax)place)) return true; // (IsWrite also sees m.X = … on a struct)
                }
            return false;
        }

        /// <summary>
        /// Whether a member of an object holds one value for the whole loop: a readonly field, or a field or auto-property
        /// the loop never assigns. Only loops that run in parallel are lowered, and the effect model keeps a loop that
        /// writes a field of a shared object, itself or through a call, serial (KG1006); the syntactic check here does not
        /// rest on that alone. A volatile field is read afresh at every use, as written; a property with accessor bodies
        /// (or virtual) is a call.
        /// </summary>
        private bool InvariantMember(ISymbol member)
        {
            if (member is IFieldSymbol { IsReadOnly: true }) return true;
            if (member is IFieldSymbol { IsVolatile: true }) return false;
            if (member is IPropertySymbol property && Effects.EffectWalker.AutoPropertyField(property) is null) return false;
            if (member is not (IFieldSymbol or IPropertySymbol)) return false;
            if (!_invariantMembers.TryGetValue(member, out bool invariant))
                _invariantMembers[member] = invariant = !WrittenInLoop(member);
            return invariant;
        }

        private readonly Dictionary<ISymbol, bool> _invariantMembers = new(SymbolEqualityComparer.Default);

        /// <summary>An instance kernel's field or auto-property the loop does not assign: a shared variable read through the chunk's 'this'.</summary>
        private Read ThisMember(ISymbol member, ITypeSymbol type) =>
            SharedOf(member, Model.KernelSpec.ThisCapture + "." + KernelParser.Escape(member.Name), TypeOf(type));

        /// <summary>The shared variable (one per symbol) of a value the same in every iteration, read as <paramref name="text"/>.</summary>
        private Read SharedOf(ISymbol symbol, string text, IrType type)
        {
            if (!_vars.TryGetValue(symbol, out Var? v))
            {
                _vars[symbol] = v = new Var(text, type, VarKind.Shared, _nextId++);
                _shared.Add(v);
            }
            return new Read(v);
        }

        /// <summary>The shared variable (one per text) of a number the same in every iteration: <c>m.TopLeft</c>, <c>__kg_this._gravity.Y</c>.</summary>
        private Read SharedNumber(string text, IrType type)
        {
            if (!_members.TryGetValue(text, out Var? v))
            {
                _members[text] = v = new Var(text, type, VarKind.Shared, _nextId++);
                _shared.Add(v);
            }
            return new Read(v);
        }

        /// <summary>
        /// An array or a number held by a member of a shared object (<c>img.Pixels</c>, <c>b.columns</c>, <c>pm.positions</c>
        /// in an instance kernel; an array in a struct: <c>view.Pixels</c>), where the loop assigns neither the object's
        /// variable nor the member: a local of the chunk read once (<see cref="MemberLocal"/>), null (an array) or the default (a number, and the vector path then
        /// checks the object) where the object is null, so that the scalar loop runs and throws where the serial loop
        /// would. Null for anything else.
        /// </summary>
        private Expr? MemberChain(IOperation operation)
        {
            (ISymbol? member, IOperation? instance, ITypeSymbol? type) = operation switch
            {
                IFieldReferenceOperation { Field.IsStatic: false } f => (f.Field, f.Instance, f.Field.Type),
                IPropertyReferenceOperation { Property.IsStatic: false, Property.IsIndexer: false } p => ((ISymbol?)p.Property, p.Instance, p.Property.Type),
                _ => default,
            };
            bool array = type is IArrayTypeSymbol;
            // (An array in a struct the loop only reads, view.Pixels: the chunk's copy of the struct is never null.)
            bool byValue = instance?.Type is { IsValueType: true };
            if (member is null || instance is null or IInstanceReferenceOperation || instance.Type is not { IsReferenceType: true } && !(byValue && array)
                || !array && TypeOf(type) is not ScalarType || !InvariantMember(member))
                return null;
            if (InvariantHolder(instance) is not { } holder) return null;
            // (A number: the default where the object is null, and the vector path checks the object; see MemberLocal.)
            string path = holder.Name + (byValue ? "." : "?.") + KernelParser.Escape(member.Name);
            return MemberLocalOf(array ? path : path + " ?? default", path, TypeOf(type), operation.Syntax.ToString(), array ? "" : holder.Name);
        }

        /// <summary>The shared variable of an object the loop reads members of, where it is the same object for the whole loop; null otherwise.</summary>
        private Var? InvariantHolder(IOperation instance)
        {
            bool invariant = instance switch
            {
                ILocalReferenceOperation or IParameterReferenceOperation => Shared(instance) is not null,
                IFieldReferenceOperation { Instance: IInstanceReferenceOperation } f => _thisNodes is not null && InvariantMember(f.Field),
                IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } p => _thisNodes is not null && InvariantMember(p.Property),
                IFieldReferenceOperation or IPropertyReferenceOperation => true, // a chain: checked by its own MemberChain
                _ => false,
            };
            return invariant && Lower(instance) is Read { Variable: { Kind: VarKind.Shared } holder } ? holder : null;
        }

        /// <summary>The chunk's local (<see cref="MemberLocal"/>) holding <paramref name="value"/>, named after <paramref name="path"/>.</summary>
        private Read MemberLocalOf(string value, string path, IrType type, string source, string holder)
        {
            if (_members.TryGetValue(value, out Var? known))
            {
                if (!_inRange) _rangeOnlyMembers.Remove(known);
                return new Read(known);
            }
            string name = "__kg_" + path.Replace("__kg_", "").Replace("?.", "_").Replace(".", "_").Replace("@", "");
            while (_members.Values.Any(v => v.Name == name)) name += "_";
            var local = new Var(name, type, VarKind.Shared, _nextId++);
            _members[value] = local;
            _shared.Add(local);
            _memberLocals.Add(new MemberLocal(local, value, source) { Holder = holder });
            if (_inRange) _rangeOnlyMembers.Add(local);
            return new Read(local);
        }

        /// <summary>
        /// The elements of a List of numbers the loop only reads (<c>xs[i]</c>, <c>xs.Count</c>), where it is the same list
        /// for the whole loop: a span over them, taken once a chunk (<c>CollectionsMarshal.AsSpan</c>: Count elements,
        /// empty for a null list, so every bounds guard fails and the scalar loop throws where the serial one does). A
        /// loop that changes the list is serial by the effect model (KG1006). Null for anything else.
        /// </summary>
        private Read? ListSpan(IOperation? list)
        {
            if (_inHelper || list?.Type is not INamedTypeSymbol { Arity: 1 } named
                || named.OriginalDefinition.ToDisplayString() != "System.Collections.Generic.List<T>"
                || TypeOf(named.TypeArguments[0]) is not ScalarType element || InvariantHolder(list) is not { } holder)
                return null;
            return MemberLocalOf($"global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan({holder.Name})", holder.Name + ".items",
                new SpanType(element, ReadOnly: true), list.Syntax + "'s elements", "");
        }

        private readonly List<MemberLocal> _memberLocals = new();

        /// <summary>
        /// A number in a struct-typed field or auto-property of this that the loop does not assign (<c>_gravity.Y</c>,
        /// <paramref name="path"/> "Y"): the same in every iteration, read through the chunk's 'this'. Null for anything else.
        /// </summary>
        private Expr? ThisStructField(IOperation holder, string path, IrType type)
        {
            if (_thisNodes is null || _inHelper && !_helperOnThis || holder.Type is not { IsValueType: true }) return null;
            // (_settings.Wind.X: the path runs down struct fields from the member of this.)
            while (holder is IFieldReferenceOperation { Field.IsStatic: false, Instance: { Type.IsValueType: true } inner } nested
                   && inner is not IInstanceReferenceOperation)
            {
                path = KernelParser.Escape(nested.Field.Name) + "." + path;
                holder = inner;
            }
            ISymbol? member = holder switch
            {
                IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation } f => f.Field,
                IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } p, Instance: IInstanceReferenceOperation } => p,
                _ => null,
            };
            if (member is null || !InvariantMember(member)) return null;
            return SharedNumber(Model.KernelSpec.ThisCapture + "." + KernelParser.Escape(member.Name) + "." + path, type);
        }

        /// <summary>The variable for a local or parameter: declared in the loop (private) or outside it (shared, listed once).</summary>
        private Var VarOf(ISymbol symbol)
        {
            if (_vars.TryGetValue(symbol, out Var? known)) return known;
            bool inside = symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == _region.SyntaxTree && _region.Span.Contains(r.Span));
            Var v = Declare(symbol, inside ? VarKind.Private : VarKind.Shared);
            if (!inside) _shared.Add(v);
            return v;
        }

        internal static IrType TypeOf(ITypeSymbol? type)
        {
            switch (type)
            {
                case null: return new OtherType("?", true);
                case IArrayTypeSymbol array: return new ArrayType(TypeOf(array.ElementType), array.Rank);
                case IPointerTypeSymbol pointer: return new PointerType(TypeOf(pointer.PointedAtType));
                case INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1 } span when span.ContainingNamespace?.ToDisplayString() == "System":
                    return new SpanType(TypeOf(span.TypeArguments[0]), span.Name == "ReadOnlySpan");
            }
            ScalarKind kind = type.SpecialType switch
            {
                SpecialType.System_Boolean => ScalarKind.Bool,
                SpecialType.System_SByte => ScalarKind.SByte,
                SpecialType.System_Byte => ScalarKind.Byte,
                SpecialType.System_Int16 => ScalarKind.Short,
                SpecialType.System_UInt16 => ScalarKind.UShort,
                SpecialType.System_Char => ScalarKind.Char,
                SpecialType.System_Int32 => ScalarKind.Int,
                SpecialType.System_UInt32 => ScalarKind.UInt,
                SpecialType.System_Int64 => ScalarKind.Long,
                SpecialType.System_UInt64 => ScalarKind.ULong,
                SpecialType.System_IntPtr => ScalarKind.NInt,
                SpecialType.System_UIntPtr => ScalarKind.NUInt,
                SpecialType.System_Single => ScalarKind.Float,
                SpecialType.System_Double => ScalarKind.Double,
                _ => ScalarKind.Other,
            };
            return kind == ScalarKind.Other
                ? new OtherType(type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), type.IsReferenceType)
                : new ScalarType(kind);
        }

        // ---- statements --------------------------------------------------------------------------------------------

        private Block BlockOf(IOperation operation)
        {
            var statements = new List<Stmt>();
            Add(statements, operation);
            return new Block(statements.ToEquatableArray());
        }

        private void Add(List<Stmt> statements, IOperation operation)
        {
            if (operation is IBlockOperation block)
            {
                AddSequence(statements, block.Operations, block.Parent as ILoopOperation ?? TailLoop(block));
                return;
            }
            if (HoistedHelper(statements, operation)) return;
            Stmt? statement = Statement(operation);
            // int a = 1, b = 2; declares both in the enclosing scope: not a block of its own.
            // (So do a chain's stores, a = b = v: see Chained.)
            if (operation is IVariableDeclarationGroupOperation or IExpressionStatementOperation && statement is Block declarations) statements.AddRange(declarations.Statements);
            else if (statement is not null) statements.Add(statement);
        }

        /// <summary>The statements of a block, in order; in the body of <paramref name="loop"/>, early-outs (<see cref="SkipsRest"/>) turned into else.</summary>
        private void AddSequence(List<Stmt> statements, IReadOnlyList<IOperation> operations, ILoopOperation? loop)
        {
            for (int k = 0; k < operations.Count; k++)
            {
                if (loop is null || SkipsRest(loop, operations[k]) is not { } skip)
                {
                    Add(statements, operations[k]);
                    continue;
                }
                // if (c) { …; continue; } rest  →  if (c) { … } else { rest } (if (!c) { rest } when nothing comes before the continue).
                var before = new List<Stmt>();
                AddSequence(before, skip.Before, null);
                var rest = new List<Stmt>();
                AddSequence(rest, operations.Skip(k + 1).ToList(), loop);
                int line = skip.If.Syntax.SyntaxTree.GetText().Lines.GetLinePosition(skip.If.Syntax.SpanStart).Line + 1;
                Expr condition = Expression(skip.If.Condition);
                statements.Add((before.Count == 0
                    ? new If(new Unary(UnaryOp.Not, condition, IrType.Bool), new Block(rest.ToEquatableArray()), null)
                    : new If(condition, new Block(before.ToEquatableArray()), new Block(rest.ToEquatableArray()))) with { SourceLine = line });
                return;
            }
        }

        /// <summary>
        /// The loop whose body ends where <paramref name="block"/> ends: a branch of an <c>if</c> that is the last
        /// statement of the loop's body (or of such a branch, or the else of such an if). A <c>continue</c> there skips
        /// only the rest of the branch, so early-outs in it are the rest under else as in the body itself (Game of
        /// Life's <c>if (n > 3) continue;</c> inside the dead-cell branch).
        /// </summary>
        private static ILoopOperation? TailLoop(IBlockOperation block)
        {
            IOperation current = block;
            while (current.Parent is IConditionalOperation branch)
            {
                current = branch;
                // An else-if chain: the inner if is its parent's else, itself in tail position when the parent is.
                while (current.Parent is IConditionalOperation { WhenFalse: var whenFalse } outer && ReferenceEquals(whenFalse, current)) current = outer;
                if (current.Parent is not IBlockOperation enclosing || !ReferenceEquals(enclosing.Operations.LastOrDefault(), current)) return null;
                if (enclosing.Parent is ILoopOperation loop) return loop;
                current = enclosing;
            }
            return null;
        }

        /// <summary>
        /// <c>if (c) continue;</c> or <c>if (c) { …; continue; }</c> (no else) directly in the body of the loop the
        /// continue goes to, with no other break or continue of that loop in it: the statements before the continue.
        /// </summary>
        private static (IConditionalOperation If, IReadOnlyList<IOperation> Before)? SkipsRest(ILoopOperation loop, IOperation statement)
        {
            if (statement is not IConditionalOperation { WhenFalse: null } branch) return null;
            IOperation[] then = branch.WhenTrue is IBlockOperation b ? b.Operations.ToArray() : new[] { branch.WhenTrue };
            if (then.Length == 0 || then[then.Length - 1] is not IBranchOperation { BranchKind: BranchKind.Continue } last
                || !SymbolEqualityComparer.Default.Equals(last.Target, loop.ContinueLabel)) return null;
            IOperation[] before = then.Take(then.Length - 1).ToArray();
            bool JumpsOut(IBranchOperation jump) => SymbolEqualityComparer.Default.Equals(jump.Target, loop.ContinueLabel)
                || SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel);
            if (before.SelectMany(o => o.DescendantsAndSelf()).OfType<IBranchOperation>().Any(JumpsOut)) return null;
            return (branch, before);
        }

        private static int LineOf(IOperation operation) => operation.Syntax.SyntaxTree.GetText().Lines.GetLinePosition(operation.Syntax.SpanStart).Line + 1;

        private Stmt? Statement(IOperation operation)
        {
            Stmt? statement = StatementOf(operation);
            return statement is null or Block ? statement
                : statement with { SourceLine = operation.Syntax.SyntaxTree.GetText().Lines.GetLinePosition(operation.Syntax.SpanStart).Line + 1 };
        }

        private Stmt? StatementOf(IOperation operation)
        {
            if (++_depth > MaxDepth) { _depth--; return OpaqueStatement(operation, "nested too deeply"); }
            try
            {
                switch (operation)
                {
                    case IEmptyOperation:
                        return null;
                    case IBlockOperation block:
                        return BlockOf(block);
                    case IVariableDeclarationGroupOperation group:
                    {
                        var declarations = new List<Stmt>();
                        foreach (IVariableDeclarationOperation declaration in group.Declarations)
                            foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                            {
                                // ref var q = ref p[i] of a flat struct's array: q's uses are p[i]'s fields (RefAlias).
                                if (declarator.Symbol.IsRef && RefAlias(declarator.Symbol) is not null) continue;
                                if (declarator.Symbol.IsRef || declarator.Symbol.IsConst && declarator.GetVariableInitializer() is null)
                                    return OpaqueStatement(operation, declarator.Symbol.IsRef ? "a ref local" : "a constant");
                                // A pointer window (row = scan0 + y * stride): its elements are the base's (PointerElement).
                                if (Window(declarator.Symbol) is not null) continue;
                                // A struct local with a local per field (var q = p[i]).
                                if (DeclareFields(declarator.Symbol, declarator.GetVariableInitializer()?.Value, LineOf(declarator)) is { } fields)
                                {
                                    declarations.AddRange(fields.Statements);
                                    continue;
                                }
                                Var v = Declare(declarator.Symbol, VarKind.Private);
                                IOperation? init = declarator.GetVariableInitializer()?.Value;
                                declarations.Add(new Declare(v, init is null ? null : Expression(init)));
                            }
                        return declarations.Count == 1 ? declarations[0] : new Block(declarations.ToEquatableArray());
                    }
                    case IExpressionStatementOperation statement:
                        return ExpressionStatement(statement.Operation);
                    case IConditionalOperation conditional:
                        return new If(Expression(conditional.Condition), BlockOf(conditional.WhenTrue),
                            conditional.WhenFalse is null ? null : BlockOf(conditional.WhenFalse));
                    case IForLoopOperation loop:
                        return ForLoop(loop);
                    case IForEachLoopOperation each when ArrayForEach(each) is { } counted:
                        return counted;
                    case IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition, IgnoredCondition: null } loop:
                        return (Stmt?)CountedWhile(loop) ?? new While(Expression(condition), BlockOf(loop.Body));
                    case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } branch when InsideRegionLoop(branch):
                        return new Jump(branch.BranchKind == BranchKind.Break);
                    default:
                        return OpaqueStatement(operation, operation.Kind.ToString());
                }
            }
            finally { _depth--; }
        }

        /// <summary>A break/continue whose target loop is inside the PRange body (one out of the body is KG2005).</summary>
        private bool InsideRegionLoop(IBranchOperation branch)
        {
            for (IOperation? o = branch.Parent; o is not null; o = o.Parent)
            {
                if (o is ILoopOperation loop && (loop.ExitLabel.Equals(branch.Target, SymbolEqualityComparer.Default) || loop.ContinueLabel.Equals(branch.Target, SymbolEqualityComparer.Default)))
                    return _region.Span.Contains(loop.Syntax.Span) && loop.Syntax != _region;
                if (o is ISwitchOperation) return false;
            }
            return false;
        }

        private Stmt? ExpressionStatement(IOperation e)
        {
            switch (e)
            {
                case IIncrementOrDecrementOperation step when InductionValue(step.Target) is not null:
                    return null; // an induction variable's advance: every reference already holds its value
                case ICompoundAssignmentOperation compound when InductionValue(compound.Target) is not null:
                    return null;
                case ISimpleAssignmentOperation { IsRef: false } whole when Spread(whole.Target, whole.Value, null, LineOf(e)) is { } fields:
                    return fields;
                case ICompoundAssignmentOperation { OperatorMethod: not null } whole when Spread(whole.Target, whole.Value, whole.OperatorKind, LineOf(e)) is { } fields:
                    return fields;
                case ISimpleAssignmentOperation { IsRef: false, Value: ISimpleAssignmentOperation } chain when Chained(chain) is { } stores:
                    return stores;
                case IDeconstructionAssignmentOperation tuple when Swapped(tuple) is { } swapped:
                    return swapped;
                case ISimpleAssignmentOperation { IsRef: false } assignment when Target(assignment.Target) is { } target:
                    return new Assign(target, Expression(assignment.Value));
                case ICompoundAssignmentOperation compound when compound.OperatorMethod is null && Target(compound.Target) is { } target
                    && BinaryOpOf(compound.OperatorKind) is { } op:
                {
                    // b += x on a byte runs in int (InConversion) and is narrowed back (OutConversion).
                    IrType result = compound.InConversion.IsIdentity || compound.InConversion.Exists == false ? target.Type : TypeOf(compound.Value.Type);
                    if (!compound.InConversion.IsIdentity && compound.InConversion.IsUserDefined) break;
                    Expr value = Expression(compound.Value);
                    return new Update(target, op, value, result, compound.IsChecked);
                }
                case IIncrementOrDecrementOperation step when step.OperatorMethod is null && Target(step.Target) is { } target:
                {
                    IrType type = target.Type;
                    object one = type is ScalarType { Kind: ScalarKind.Long } ? 1L : type is ScalarType { Kind: ScalarKind.Double } ? 1.0
                        : type is ScalarType { Kind: ScalarKind.Float } ? 1.0f : (object)1;
                    return new Update(target, step.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract,
                        new Const(one, one is int ? IrType.Int : type), type, step.IsChecked);
                }
            }
            // A struct array's field the IR does not model: say why, in the report's words.
            if (StructWhy(e) is { } why) return OpaqueStatement(e, why);
            return new Evaluate(Expression(e));
        }

        /// <summary>
        /// <c>a = b = c = v</c> (the grayscale idiom <c>p[0] = p[1] = p[2] = gray</c>) with targets of one type: the value
        /// once into a temporary, then the stores innermost first, as C# makes them; null (an ordinary assignment of
        /// an opaque value) where a target is not a local or an element at a subscript that can neither throw nor change
        /// anything, whose evaluation C# does before the value's (then the order would show).
        /// </summary>
        private Block? Chained(ISimpleAssignmentOperation outer)
        {
            var targets = new List<Expr>();
            IOperation value = outer;
            while (value is ISimpleAssignmentOperation { IsRef: false } assignment)
            {
                if (!SymbolEqualityComparer.Default.Equals(assignment.Target.Type, outer.Target.Type) || Target(assignment.Target) is not { } target) return null;
                if (target is Element element && !(element.Array is Read && element.Indices.All(Harmless))) return null;
                targets.Add(target);
                value = assignment.Value;
            }
            var temp = new Var($"__kg_chain_{_nextId}", TypeOf(outer.Target.Type), VarKind.Temp, _nextId++);
            int line = outer.Syntax.SyntaxTree.GetText().Lines.GetLinePosition(outer.Syntax.SpanStart).Line + 1;
            var statements = new List<Stmt> { new Declare(temp, Expression(value)) { SourceLine = line } };
            for (int k = targets.Count - 1; k >= 0; k--) statements.Add(new Assign(targets[k], new Read(temp)) { SourceLine = line });
            return new Block(statements.ToEquatableArray());

        }

        /// <summary>Whether evaluating <paramref name="value"/> may change something: an assignment, a step, a call (but Math's where allowed).</summary>
        private static bool Changes(IOperation value, bool mathCalls) => value.DescendantsAndSelf().Any(o => o is IAssignmentOperation or IIncrementOrDecrementOperation
            || o is IInvocationOperation call && !(mathCalls && call.TargetMethod.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF"));

        /// <summary>Locals, constants and + - * of them: nothing to throw or to change.</summary>
        private static bool Harmless(Expr e) => e switch
        {
            Read or Const => true,
            Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Checked: false } b => Harmless(b.Left) && Harmless(b.Right),
            Convert { Checked: false } c => Harmless(c.Operand),
            _ => false,
        };

        /// <summary>
        /// <c>(a[i], b[i]) = (b[i], a[i])</c>, a swap or a rotation written as a tuple: every value into a temporary, in
        /// order, then the stores in order, as C# makes them. Only where the values change nothing (no assignment, step or
        /// call but Math's) and each target is a local or an element at a harmless subscript (C# evaluates targets first:
        /// then the order cannot show), each value of its target's type; null for anything else.
        /// </summary>
        private Block? Swapped(IDeconstructionAssignmentOperation deconstruction)
        {
            if (deconstruction.Target is not ITupleOperation targets || deconstruction.Value is not ITupleOperation values
                || targets.Elements.Length != values.Elements.Length || targets.Elements.Length is < 2 or > 8) return null;
            var places = new List<Expr>();
            for (int k = 0; k < targets.Elements.Length; k++)
            {
                IOperation target = targets.Elements[k], value = values.Elements[k];
                if (!SymbolEqualityComparer.Default.Equals(target.Type, value.Type) || TypeOf(value.Type) is not ScalarType
                    || Changes(value, mathCalls: true)
                    || Target(target) is not { } place || place is Element element && !(element.Array is Read && element.Indices.All(Harmless))) return null;
                places.Add(place);
            }
            // (C# reads a target's subscript before any store: (t, a[t]) = (5, 1) stores into a[old t]. Not modelled.)
            var assigned = new HashSet<Var>(places.OfType<Read>().Select(r => r.Variable));
            bool reads = false;
            foreach (Element element in places.OfType<Element>())
                foreach (Expr index in element.Indices)
                    Rewrite.Expression(index, e => { if (e is Read r && assigned.Contains(r.Variable)) reads = true; return null; });
            if (reads) return null;
            int line = LineOf(deconstruction);
            var statements = new List<Stmt>();
            var temps = new List<Var>();
            foreach (IOperation value in values.Elements)
            {
                var temp = new Var($"__kg_tuple_{_nextId}", TypeOf(value.Type), VarKind.Temp, _nextId++);
                temps.Add(temp);
                statements.Add(new Declare(temp, Expression(value)) { SourceLine = line });
            }
            for (int k = 0; k < places.Count; k++) statements.Add(new Assign(places[k], new Read(temps[k])) { SourceLine = line });
            return new Block(statements.ToEquatableArray());
        }

        /// <summary>An assignable place the IR models: a local (or parameter) or an element; null otherwise.</summary>
        private Expr? Target(IOperation target) => target switch
        {
            ILocalReferenceOperation { Local.IsRef: false } local => new Read(VarOf(local.Local)),
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter when !_bindings.ContainsKey(parameter.Parameter) => new Read(VarOf(parameter.Parameter)),
            // A copied helper's parameter it assigns: the fresh local that holds its argument (HoistedHelper).
            IParameterReferenceOperation parameter when _bindings.TryGetValue(parameter.Parameter, out Var? held) && _assignable.Contains(held) => new Read(held),
            IArrayElementReferenceOperation element => Expression(element),
            ILocalReferenceOperation { Local: { IsRef: true } alias } when ScalarAlias(alias) is { } element => Expression(element),
            ILocalReferenceOperation { Local: { IsRef: true } item } when _itemAliases.TryGetValue(item, out Expr? place) => place,
            IFieldReferenceOperation or IPropertyReferenceOperation when FlatField(target) is { } field => field,
            IFieldReferenceOperation or IPropertyReferenceOperation when LocalField(target) is { } held => held,
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer when IsSpan(indexer.Instance?.Type) => Expression(indexer),
            _ when PointerElement(target) is { } element => element,
            _ => null,
        };

        /// <summary>
        /// <c>p[i]</c> of a pointer parameter or local (Roslyn gives it no operation kind of its own): an element of the
        /// pointer; null for anything else (<c>*p</c>, <c>p-&gt;f</c>, an element of a pointer expression).
        /// </summary>
        private Element? PointerElement(IOperation operation)
        {
            // *(q + e …) and *w: q's element at the offset (as a window's start is found).
            if (operation.Kind == OperationKind.None && operation.Syntax is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PointerIndirectionExpression } deref
                && operation.ChildOperations.Count == 1 && operation.Type is not null && operation.ChildOperations.First() is { Type: IPointerTypeSymbol pointed } address)
                return Split(address, pointed, deref) is { } at
                    ? new Element(Expression(at.Base), new[] { at.Start }.ToEquatableArray(), TypeOf(operation.Type)) : null;
            if (operation.Kind != OperationKind.None || operation.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 }
                || operation.ChildOperations.Count != 2 || operation.Type is null)
                return null;
            IOperation pointer = operation.ChildOperations.First(), index = operation.ChildOperations.Last();
            if (pointer is not (ILocalReferenceOperation { Local.IsRef: false } or IParameterReferenceOperation { Parameter.RefKind: RefKind.None })
                || pointer.Type is not IPointerTypeSymbol || index.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
                return null;
            if (pointer is ILocalReferenceOperation { Local: var local } && Window(local) is { } window)
            {
                // w[i] of a window w = q + start: q[start + i].
                if (index.Type.SpecialType != SpecialType.System_Int32) return null;
                return new Element(Expression(window.Base), new Expr[] { new Binary(BinaryOp.Add, window.Start, Expression(index), IrType.Int) }.ToEquatableArray(), TypeOf(operation.Type));
            }
            return new Element(Expression(pointer), new[] { Expression(index) }.ToEquatableArray(), TypeOf(operation.Type));
        }

        /// <summary>
        /// A pointer window: a pointer local declared in the body as <c>q + e</c> (chains of + and -, a plain copy of q)
        /// over a pointer parameter or outer local q (or another window), never assigned again, whose offset reads only
        /// values that cannot change while the local lives (the PRange index, counters of the loops around it, variables
        /// nothing in the body assigns, locals assigned once where declared): its base and its start (an int). Null for
        /// any other local; those keep their pointer type, which no vector step takes.
        /// </summary>
        private (IOperation Base, Expr Start)? Window(ILocalSymbol local)
        {
            if (_windows.TryGetValue(local, out var known)) return known;
            _windows[local] = null; // (no cycles)
            (IOperation Base, Expr Start)? window = null;
            if (local is { IsRef: false, Type: IPointerTypeSymbol } && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax declarator
                && _region.Span.Contains(declarator.Span) && !Written(local)
                && _model.GetOperation(declarator) is IVariableDeclaratorOperation { Initializer.Value: { } init })
                window = Split(init, local.Type, declarator);
            _windows[local] = window;
            return window;
        }

        private readonly Dictionary<ILocalSymbol, (IOperation Base, Expr Start)?> _windows = new(SymbolEqualityComparer.Default);

        private (IOperation Base, Expr Start)? Split(IOperation value, ITypeSymbol type, SyntaxNode at)
        {
            while (value is IParenthesizedOperation p) value = p.Operand;
            if (!SymbolEqualityComparer.Default.Equals(value.Type, type)) return null;
            switch (value)
            {
                case IParameterReferenceOperation { Parameter.RefKind: RefKind.None }:
                    return (value, new Const(0, IrType.Int));
                case ILocalReferenceOperation { Local: var q } when !_region.Span.Contains(q.DeclaringSyntaxReferences.FirstOrDefault()?.Span ?? default) && !Written(q):
                    return (value, new Const(0, IrType.Int));
                case ILocalReferenceOperation { Local: var q } when Window(q) is { } inner:
                    return inner;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary:
                {
                    bool leftPointer = binary.LeftOperand.Type is IPointerTypeSymbol;
                    IOperation basePart = leftPointer ? binary.LeftOperand : binary.RightOperand, offset = leftPointer ? binary.RightOperand : binary.LeftOperand;
                    if (offset.Type is IPointerTypeSymbol || binary.OperatorKind == BinaryOperatorKind.Subtract && !leftPointer
                        || offset.Type?.SpecialType != SpecialType.System_Int32 || !Steady(offset, at) || Split(basePart, type, at) is not { } from)
                        return null;
                    Expr step = Expression(offset);
                    return (from.Base, new Binary(binary.OperatorKind == BinaryOperatorKind.Add ? BinaryOp.Add : BinaryOp.Subtract, from.Start, step, IrType.Int));
                }
                default:
                    return null;
            }
        }

        /// <summary>Whether nothing in the body assigns <paramref name="symbol"/> (or takes its address or a ref to it) after its declaration.</summary>
        private bool Written(ISymbol symbol) => _region.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Any(n => n.Identifier.ValueText == symbol.Name && (LoopAnalysis.IsWrite(n) || n.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression })
                && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, symbol));

        /// <summary>Whether every variable <paramref name="offset"/> reads keeps its value while a window declared at <paramref name="at"/> lives.</summary>
        private bool Steady(IOperation offset, SyntaxNode at) => offset.DescendantsAndSelf().All(o => o switch
        {
            IParameterReferenceOperation { Parameter: var p } => p.RefKind == RefKind.None && !Written(p),
            ILocalReferenceOperation { Local: var l } => !l.IsRef && (
                // A local of the body assigned only where declared, or one from outside the loop nothing in it assigns.
                !Written(l)
                // The counter of a for loop around the window: it changes only between that loop's iterations.
                || l.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Parent.Parent: ForStatementSyntax around } d
                    && around.Statement.Span.Contains(at.Span) && !around.Statement.DescendantNodes().OfType<IdentifierNameSyntax>()
                        .Any(n => n.Identifier.ValueText == l.Name && LoopAnalysis.IsWrite(n) && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, l))),
            IInvocationOperation or IPropertyReferenceOperation or IFieldReferenceOperation or IArrayElementReferenceOperation or IConditionalOperation => false,
            { Kind: OperationKind.None } => false,
            _ => true,
        });

        /// <summary>
        /// <c>for (int c = start; c &lt; limit; c++)</c> (also <c>++c</c>, <c>c += 1</c>) whose body does not assign c: a
        /// counted loop; so are the two shapes of <see cref="Counted"/>. Other for loops are a while loop after their
        /// initializers (when the body has no continue, which would skip the increment), else opaque.
        /// </summary>
        private Stmt ForLoop(IForLoopOperation loop)
        {
            // (Cursors first: a loop whose body ends by advancing one counts as well, with the cursor left as an update.)
            if (HeaderCursors(loop) is { } stepped) return stepped;
            if (Counted(loop) is { } counted) return counted;
            if (TrailingOutside(loop) is { } trailing) return trailing;
            if (loop.Condition is not null && !loop.Body.DescendantsAndSelf().OfType<IBranchOperation>().Any(b => b.BranchKind == BranchKind.Continue && b.Target.Equals(loop.ContinueLabel, SymbolEqualityComparer.Default)))
            {
                var statements = new List<Stmt>();
                foreach (IOperation before in loop.Before) Add(statements, before);
                var body = new List<Stmt>();
                Add(body, loop.Body);
                foreach (IOperation after in loop.AtLoopBottom) Add(body, after);
                statements.Add(new While(Expression(loop.Condition), new Block(body.ToEquatableArray())));
                return new Block(statements.ToEquatableArray());
            }
            return OpaqueStatement(loop, "a for loop KernelGen does not model");
        }

        /// <summary>
        /// A counted loop: its header declares the counter c (and maybe more variables), tests <c>c &lt; limit</c> (or
        /// <c>&lt;=</c>), and advances each variable it declares by a constant, once (<c>c++</c>, <c>c += 3</c>,
        /// <c>c = c + 3</c>); the body and the limit assign none of them. Besides a unit step: an int counter stepping by
        /// s ≥ 2 from a constant c0 ≥ 0 (<c>for (x = 0; x &lt; widthInBytes; x += 3)</c>) counts its iterations t over
        /// [0, ⌈(limit − c0) / s⌉) and declares c = c0 + s·t first in the body; other int variables of the header, with a
        /// unit-step counter from a constant c0 (<c>for (int j = 0, offset = i * stride; j &lt; n; ++j, ++offset)</c>), are
        /// declared first in the body as their start (read once, so it must not change in the loop) plus their step
        /// times c − c0. <see cref="For.Resume"/> says how the header restarts at a later iteration (the frontend's
        /// scalar remainder after a vector loop). Null for anything else.
        /// </summary>
        private For? Counted(IForLoopOperation loop)
        {
            if (loop.Before.Length != 1 || loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group) return null;
            var declarators = group.Declarations[0].Declarators;
            if (declarators.Length == 0 || declarators[0].Symbol is not { IsRef: false, Type.SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 } counter
                || declarators[0].GetVariableInitializer()?.Value is not { } init) return null;
            if (Descending(loop, declarators, init) is { } down) return down;
            if (Trailing(loop, declarators, init) is { } trailing) return trailing;
            if (loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual, LeftOperand: ILocalReferenceOperation left, RightOperand: { } limit, OperatorMethod: null } condition
                || !SymbolEqualityComparer.Default.Equals(left.Local, counter) || loop.AtLoopBottom.Length != declarators.Length) return null;
            var steps = new long[declarators.Length];
            for (int d = 0; d < declarators.Length; d++)
            {
                ILocalSymbol variable = declarators[d].Symbol;
                long?[] advances = loop.AtLoopBottom.Select(o => StepOf(o, variable)).ToArray();
                if (advances.Count(a => a is not null) != 1 || Writes(loop.Body, variable) || Writes(limit, variable)) return null;
                steps[d] = advances.First(a => a is not null)!.Value;
            }
            var syntax = (ForStatementSyntax)loop.Syntax;
            string header = $"for ({syntax.Declaration}; {syntax.Condition}; {string.Join(", ", syntax.Incrementors)})";
            int line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            bool inclusive = condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual;
            if (declarators.Length == 1 && steps[0] == 1)
            {
                Var v = Declare(counter, VarKind.Counter);
                return new For(v, Expression(init), Expression(limit), BlockOf(loop.Body), header, line)
                    { Inclusive = inclusive, SpanStart = syntax.SpanStart, InitStart = init.Syntax.SpanStart, InitEnd = init.Syntax.Span.End };
            }
            if (counter.Type.SpecialType != SpecialType.System_Int32 || inclusive || init.ConstantValue is not { HasValue: true, Value: int first } || first is < 0 or > 1 << 20) return null;
            if (declarators.Length == 1 && steps[0] is >= 2 and <= 1 << 20)
            {
                // t < ⌈(limit − c0) / s⌉, in long (no wrap; none or fewer iterations than the loop runs only leave more to the
                // scalar loop that resumes after them), then in int: at most (2^31 + s) / s ≤ 2^30 + 1.
                long s = steps[0];
                var t = new Var($"__kg_t{_nextId}", IrType.Int, VarKind.Counter, _nextId++);
                Var x = Declare(counter, VarKind.Private);
                Expr wide = new Binary(BinaryOp.Add, new Convert(Expression(limit), IrType.Long, false), new Const(s - 1 - first, IrType.Long), IrType.Long);
                Expr trips = new Convert(new Binary(BinaryOp.Divide, wide, new Const(s, IrType.Long), IrType.Long), IrType.Int, false);
                Stmt value = new Declare(x, new Binary(BinaryOp.Add, new Const(first, IrType.Int),
                    new Binary(BinaryOp.Multiply, new Const((int)s, IrType.Int), new Read(t), IrType.Int), IrType.Int));
                return new For(t, new Const(0, IrType.Int), trips, new Block(new[] { value }.Concat(BlockOf(loop.Body).Statements).ToEquatableArray()), header, line)
                {
                    SpanStart = syntax.SpanStart, InitStart = init.Syntax.SpanStart, InitEnd = init.Syntax.Span.End,
                    Resume = $"{first} + {s} * ({{x}})",
                };
            }
            if (declarators.Length == 1 || steps[0] != 1) return null;
            {
                Var v = Declare(counter, VarKind.Counter);
                var prologue = new List<Stmt>();
                var resume = new List<string> { "{x}" };
                for (int d = 1; d < declarators.Length; d++)
                {
                    if (declarators[d].GetVariableInitializer()?.Value is not { } start || !Invariant(start, loop.Body) || steps[d] is < -(1 << 20) or > 1 << 20) return null;
                    Expr done = new Binary(BinaryOp.Multiply, new Binary(BinaryOp.Subtract, new Read(v), new Const(first, IrType.Int), IrType.Int),
                        new Const((int)steps[d], IrType.Int), IrType.Int);
                    prologue.Add(new Declare(Declare(declarators[d].Symbol, VarKind.Private), new Binary(BinaryOp.Add, Expression(start), done, IrType.Int)));
                    resume.Add($"{KernelParser.Escape(declarators[d].Symbol.Name)} = ({start.Syntax}) + unchecked(({{x}} - {first}) * {steps[d]})");
                }
                return new For(v, Expression(init), Expression(limit), new Block(prologue.Concat(BlockOf(loop.Body).Statements).ToEquatableArray()), header, line)
                {
                    SpanStart = syntax.SpanStart, InitStart = init.Syntax.SpanStart, InitEnd = declarators[declarators.Length - 1].GetVariableInitializer()!.Value.Syntax.Span.End,
                    Resume = string.Join(", ", resume),
                };
            }
        }

        /// <summary>
        /// A counted loop whose header also advances locals of the PRange body declared before it, <c>int o = y * w;
        /// for (int x = 0; x &lt; w; x++, o++)</c> (image code's row cursor): each such cursor is, in iteration x, its value
        /// at the loop's start plus s·(x − x0) (a variable of its own in the body), and after the loop its start plus s
        /// times the trips. Only with a unit-step int counter from a constant x0 (0 to 2^20), a limit the body leaves alone
        /// and that does not read a cursor, no break, return or goto in the body, and cursors the body does not assign. A
        /// vector loop over it leaves the cursor where the loop started: <see cref="For.ResumeBefore"/> moves it on before
        /// the loop resumes. Null for anything else.
        /// </summary>
        private Stmt? HeaderCursors(IForLoopOperation loop)
        {
            if (loop.Before.Length != 1 || loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                || group.Declarations[0].Declarators is not { Length: 1 } declarators
                || declarators[0].Symbol is not { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } counter
                || declarators[0].GetVariableInitializer()?.Value.ConstantValue is not { HasValue: true, Value: int first } || first is < 0 or > 1 << 20
                || loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual, LeftOperand: ILocalReferenceOperation left, RightOperand: { } limit, OperatorMethod: null } condition
                || !SymbolEqualityComparer.Default.Equals(left.Local, counter) || limit.Type?.SpecialType != SpecialType.System_Int32
                || loop.AtLoopBottom.Count(o => StepOf(o, counter) is not null) != 1
                || loop.AtLoopBottom.First(o => StepOf(o, counter) is not null) is var step && StepOf(step, counter) != 1
                || Writes(loop.Body, counter) || Writes(limit, counter) || !Invariant(limit, loop.Body)
                || loop.Body.DescendantsAndSelf().Any(o => o is IReturnOperation || o is IBranchOperation { BranchKind: BranchKind.Break or BranchKind.GoTo }))
                return null;
            // The advances that end the body (for (…) { dst[d] = …; d++; }) count too where nothing skips them: no
            // continue in the body (a header's advances run after a continue as well).
            var body = loop.Body is IBlockOperation block ? block.Operations.ToList() : new List<IOperation> { loop.Body };
            int kept = body.Count;
            if (!loop.Body.DescendantsAndSelf().Any(o => o is IBranchOperation { BranchKind: BranchKind.Continue }))
                while (kept > 0 && CursorOf(body[kept - 1], loop.Body) is { } local && !local.DeclaringSyntaxReferences.Any(r => loop.Syntax.Span.Contains(r.Span))) kept--;
            var advances = loop.AtLoopBottom.Where(o => o != step).Concat(body.Skip(kept)).ToList();
            if (advances.Count == 0) return null;
            // Each cursor: o++ / o-- (a step of ±1), o += e / o -= e with e an int the body leaves alone, computed with
            // unchecked + - * only (it is evaluated again where the loop resumes, where it must not throw).
            var cursors = new List<(ILocalSymbol Local, Expr Step, string Text)>();
            foreach (IOperation bottom in advances)
            {
                (IOperation? target, IOperation? by, bool down) = Advance(bottom);
                if (target is not ILocalReferenceOperation { Local: { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } cursor }
                    || !cursor.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == _region.SyntaxTree && _region.Span.Contains(r.Span) && !loop.Syntax.Span.Contains(r.Span))
                    || cursors.Any(c => SymbolEqualityComparer.Default.Equals(c.Local, cursor)) || body.Take(kept).Any(o => Writes(o, cursor))
                    || limit.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(l => SymbolEqualityComparer.Default.Equals(l.Local, cursor)))
                    return null;
                if (by is not null && (by.Type?.SpecialType != SpecialType.System_Int32 || !Invariant(by, loop.Body)
                        || by.DescendantsAndSelf().Any(o => o is IBinaryOperation { OperatorKind: not (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply) }
                            or IBinaryOperation { IsChecked: true } or IUnaryOperation { IsChecked: true } or IConversionOperation { IsImplicit: false }
                            || o is ILocalReferenceOperation l && cursors.Select(c => c.Local).Append(cursor).Contains(l.Local, SymbolEqualityComparer.Default))))
                    return null;
                Expr amount = by is null ? new Const(1, IrType.Int) : Expression(by);
                string text = by is null ? "1" : $"({by.Syntax})";
                cursors.Add((cursor, down ? new Unary(UnaryOp.Negate, amount, IrType.Int) : amount, down ? $"-{text}" : text));
            }
            var syntax = (ForStatementSyntax)loop.Syntax;
            Var x = Declare(counter, VarKind.Counter);
            // In the body each cursor is a variable of its own (the source's stays at the loop's start).
            var outer = cursors.Select(c => VarOf(c.Local)).ToList();
            var prologue = new List<Stmt>();
            Expr done = new Binary(BinaryOp.Subtract, new Read(x), new Const(first, IrType.Int), IrType.Int);
            for (int k = 0; k < cursors.Count; k++)
            {
                Var inLoop = Declare(cursors[k].Local, VarKind.Private, $"__kg_{cursors[k].Local.Name}_{_nextId}");
                prologue.Add(new Declare(inLoop, new Binary(BinaryOp.Add, new Read(outer[k]),
                    new Binary(BinaryOp.Multiply, done, cursors[k].Step, IrType.Int), IrType.Int)));
            }
            var lowered = new List<Stmt>();
            foreach (IOperation o in body.Take(kept)) Add(lowered, o);
            for (int k = 0; k < cursors.Count; k++) _vars[cursors[k].Local] = outer[k];
            bool inclusive = condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual;
            Expr last = Expression(limit);
            // Trips: limit − x0 (+ 1 with '<='), or none.
            Expr trips = new Select(new Compare(inclusive ? CompareOp.LessOrEqual : CompareOp.Less, new Const(first, IrType.Int), last),
                new Binary(BinaryOp.Add, new Binary(BinaryOp.Subtract, last, new Const(first, IrType.Int), IrType.Int), new Const(inclusive ? 1 : 0, IrType.Int), IrType.Int),
                new Const(0, IrType.Int), IrType.Int);
            var statements = new List<Stmt>
            {
                new For(x, new Const(first, IrType.Int), last, new Block(prologue.Concat(lowered).ToEquatableArray()),
                    $"for ({syntax.Declaration}; {syntax.Condition}; {string.Join(", ", syntax.Incrementors)})", syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1)
                {
                    Inclusive = inclusive, SpanStart = syntax.SpanStart,
                    InitStart = declarators[0].GetVariableInitializer()!.Value.Syntax.SpanStart, InitEnd = declarators[0].GetVariableInitializer()!.Value.Syntax.Span.End,
                    ResumeBefore = string.Join(" ", cursors.Select(c => $"{KernelParser.Escape(c.Local.Name)} += unchecked((({{x}}) - {first}) * {c.Text});")),
                },
            };
            // Each cursor's value after the loop, where anything outside the loop reads it (else the cursor stays an
            // affine value of the body: its declaration is its only other use).
            for (int k = 0; k < cursors.Count; k++)
                if (_region.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == cursors[k].Local.Name && !syntax.Span.Contains(n.Span)
                        && SymbolEqualityComparer.Default.Equals(ModelFor(syntax).GetSymbolInfo(n).Symbol, cursors[k].Local)))
                    statements.Add(new Assign(new Read(outer[k]), new Binary(BinaryOp.Add, new Read(outer[k]),
                        new Binary(BinaryOp.Multiply, trips, cursors[k].Step, IrType.Int), IrType.Int)));
            return new Block(statements.ToEquatableArray());
        }

        /// <summary>
        /// The int local an advance statement steps (<c>d++;</c>, <c>d += c;</c> with c an int <paramref name="body"/>
        /// leaves alone: a sum of elements is no cursor), or null.
        /// </summary>
        private static ILocalSymbol? CursorOf(IOperation statement, IOperation body) =>
            Advance(statement) is (ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Int32 } local }, var by, _)
            && (by is null || by.Type?.SpecialType == SpecialType.System_Int32 && Invariant(by, body)) ? local : null;

        /// <summary>An unchecked <c>v++</c>, <c>v--</c>, <c>v += e</c> or <c>v -= e</c> (a statement or an incrementor): v, e (null for ±1), whether it goes down.</summary>
        private static (IOperation? Target, IOperation? By, bool Down) Advance(IOperation statement) =>
            (statement is IExpressionStatementOperation e ? e.Operation : statement) switch
            {
                IIncrementOrDecrementOperation { IsChecked: false, OperatorMethod: null } i => (i.Target, null, i.Kind == OperationKind.Decrement),
                ICompoundAssignmentOperation { IsChecked: false, OperatorMethod: null, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } a
                    => (a.Target, a.Value, a.OperatorKind == BinaryOperatorKind.Subtract),
                _ => (null, null, false),
            };

        /// <summary>
        /// A while loop that counts, as C ports write it: <c>int x = start; while (x &lt; limit) { …; x++; }</c> (or
        /// <c>&lt;=</c>), x an int local declared in the same block before the loop, whose statements between only read it,
        /// named nowhere after the loop, assigned in the loop only by the step that ends the body (by one, unchecked); the
        /// limit an int the body leaves alone; no break, continue, return or goto in the body. A counted loop from x's
        /// value before it, its counter a variable of its own (the source's x stays put); an inner plan sets x to where
        /// the vector loop stopped before the loop resumes (<see cref="For.ResumeBefore"/>). Null for anything else.
        /// </summary>
        private For? CountedWhile(IWhileLoopOperation loop)
        {
            if (loop.Syntax is not WhileStatementSyntax { Parent: BlockSyntax block } syntax
                || loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual, OperatorMethod: null,
                    LeftOperand: ILocalReferenceOperation { Local: { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } x }, RightOperand: { Type.SpecialType: SpecialType.System_Int32 } limit } condition
                || loop.Body is not IBlockOperation { Operations.Length: >= 2 } body
                || (body.Operations[body.Operations.Length - 1] is IExpressionStatementOperation { Operation: var last } ? last : null) is not { } step
                || StepOf(step, x) != 1 || step is IIncrementOrDecrementOperation { IsChecked: true } or ICompoundAssignmentOperation { IsChecked: true } or ISimpleAssignmentOperation { Value: IBinaryOperation { IsChecked: true } }
                || body.Operations.Take(body.Operations.Length - 1).Any(o => Writes(o, x)) || Writes(limit, x) || !Invariant(limit, loop.Body)
                || limit.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(l => SymbolEqualityComparer.Default.Equals(l.Local, x))
                || loop.Body.DescendantsAndSelf().Any(o => o is IReturnOperation || o is IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue or BranchKind.GoTo }))
                return null;
            // Declared in this block before the loop, read only in between, named nowhere after it nor in a lambda.
            if (x.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax { Initializer: not null } declarator
                || declarator.Ancestors().OfType<LocalDeclarationStatementSyntax>().FirstOrDefault()?.Parent != block || declarator.SpanStart > syntax.SpanStart)
                return null;
            SemanticModel model = ModelFor(syntax);
            foreach (IdentifierNameSyntax n in block.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == x.Name))
            {
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, x)) continue;
                if (n.SpanStart > syntax.Span.End || n.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)) return null;
                if (n.SpanStart < syntax.SpanStart && (LoopAnalysis.IsWrite(n) || n.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 })) return null;
            }
            Var outer = VarOf(x);
            Var counter = Declare(x, VarKind.Counter, $"__kg_{x.Name}_{_nextId}");
            var statements = new List<Stmt>();
            foreach (IOperation o in body.Operations.Take(body.Operations.Length - 1)) Add(statements, o);
            _vars[x] = outer;
            return new For(counter, new Read(outer), Expression(limit), new Block(statements.ToEquatableArray()),
                $"while ({syntax.Condition})", syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1)
            {
                Inclusive = condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual,
                SpanStart = syntax.SpanStart, InitStart = syntax.SpanStart, InitEnd = syntax.SpanStart, Resume = "",
                ResumeBefore = $"{KernelParser.Escape(x.Name)} = {{x}};",
            };
        }

        /// <summary>
        /// A loop down to a constant, <c>for (int k = c.Length - 1; k &gt;= 0; k--)</c> (Horner's rule from the top
        /// coefficient): a counted loop over its iterations t in [0, start − last + 1) that declares k = start − t first in
        /// the body, so its counter is the same for every lane and c[k] one read for all of them (it was a while loop
        /// over lane masks that gathered c[k] lane by lane: slower than the scalar loop). The start is a constant, or the
        /// length of an array or span the body leaves alone minus a constant of at least 1, and the last value a constant
        /// ≥ 0 (each at most 2^20): then the number of iterations is an int without wrapping. Null for anything else.
        /// </summary>
        private For? Descending(IForLoopOperation loop, System.Collections.Immutable.ImmutableArray<IVariableDeclaratorOperation> declarators, IOperation init)
        {
            if (declarators.Length != 1 || declarators[0].Symbol is not { Type.SpecialType: SpecialType.System_Int32 } counter) return null;
            if (loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.GreaterThan, LeftOperand: ILocalReferenceOperation left,
                    RightOperand.ConstantValue: { HasValue: true, Value: int low }, OperatorMethod: null } condition
                || !SymbolEqualityComparer.Default.Equals(left.Local, counter))
                return null;
            int last = condition.OperatorKind == BinaryOperatorKind.GreaterThanOrEqual ? low : low + 1; // the smallest k the body sees
            if (last is < 0 or > 1 << 20 || loop.AtLoopBottom.Length != 1 || StepOf(loop.AtLoopBottom[0], counter) != -1 || Writes(loop.Body, counter)) return null;
            bool fits = init.ConstantValue is { HasValue: true, Value: int }
                || init is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract, OperatorMethod: null,
                        LeftOperand: IPropertyReferenceOperation { Property.Name: "Length", Instance: { Type: IArrayTypeSymbol { Rank: 1 } or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" } } instance },
                        RightOperand.ConstantValue: { HasValue: true, Value: int minus } }
                    && minus is >= 1 and <= 1 << 20 && instance is ILocalReferenceOperation or IParameterReferenceOperation && Invariant(instance, loop.Body);
            if (!fits) return null;
            var syntax = (ForStatementSyntax)loop.Syntax;
            var t = new Var($"__kg_t{_nextId}", IrType.Int, VarKind.Counter, _nextId++);
            Var k = Declare(counter, VarKind.Private);
            Expr trips = new Binary(BinaryOp.Add, new Binary(BinaryOp.Subtract, Expression(init), new Const(last, IrType.Int), IrType.Int), new Const(1, IrType.Int), IrType.Int);
            Stmt value = new Declare(k, new Binary(BinaryOp.Subtract, Expression(init), new Read(t), IrType.Int));
            return new For(t, new Const(0, IrType.Int), trips, new Block(new[] { value }.Concat(BlockOf(loop.Body).Statements).ToEquatableArray()),
                $"for ({syntax.Declaration}; {syntax.Condition}; {string.Join(", ", syntax.Incrementors)})", syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1)
            {
                SpanStart = syntax.SpanStart, InitStart = init.Syntax.SpanStart, InitEnd = init.Syntax.Span.End,
                Resume = $"({init.Syntax}) - ({{x}})",
            };
        }

        /// <summary>
        /// A counter with a second variable one step behind it, <c>for (int j = 0, k = n - 1; j &lt; n; k = j++)</c> (the
        /// edges of a polygon: W. R. Franklin's point-in-polygon test and its many ports): a counted loop over j that
        /// declares <c>k = j == start ? first : j - 1</c> first in the body, so k is computed alike for every lane and
        /// what it subscripts is one read for all of them (as a while loop, k's value carried from one iteration to the
        /// next, it was lane-by-lane work). The body assigns neither; j starts at a constant; k's first value is computed
        /// from constants, parameters and locals the body leaves alone with unchecked + - * (it cannot throw: the loop
        /// reads it only when it runs, the header even when it does not), or is the limit's <c>a.Length</c> minus a
        /// constant. Null for anything else.
        /// </summary>
        private For? Trailing(IForLoopOperation loop, System.Collections.Immutable.ImmutableArray<IVariableDeclaratorOperation> declarators, IOperation init)
        {
            if (declarators.Length != 2 || declarators[0].Symbol is not { Type.SpecialType: SpecialType.System_Int32 } counter
                || declarators[1].Symbol is not { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } behind
                || declarators[1].GetVariableInitializer()?.Value is not { } first
                || init.ConstantValue is not { HasValue: true, Value: int start } || start is < -(1 << 20) or > 1 << 20
                || loop.AtLoopBottom.Length != 1)
                return null;
            if (TrailingHeader(loop) is not ({ } tested, { } trailing, { } limit, bool inclusive)
                || !SymbolEqualityComparer.Default.Equals(tested, counter) || !SymbolEqualityComparer.Default.Equals(trailing, behind)
                || !SafeFirst(first, loop.Body, limit))
                return null;
            var syntax = (ForStatementSyntax)loop.Syntax;
            return TrailingFor(loop, Declare(counter, VarKind.Counter), Declare(behind, VarKind.Private), start, first, limit, inclusive,
                    $"for ({syntax.Declaration}; {syntax.Condition}; {string.Join(", ", syntax.Incrementors)})")
                with
                {
                    SpanStart = syntax.SpanStart, InitStart = init.Syntax.SpanStart, InitEnd = first.Syntax.Span.End,
                    Resume = $"{{x}}, {KernelParser.Escape(behind.Name)} = {{x}} == {start} ? ({first.Syntax}) : {{x}} - 1",
                };
        }

        /// <summary>
        /// The header <c>…; j &lt; limit; k = j++</c> (or <c>&lt;=</c>) of two int locals, neither assigned by the body or the
        /// limit: j, k, the limit and whether it is inclusive. Null for another header.
        /// </summary>
        private static (ILocalSymbol Counter, ILocalSymbol Behind, IOperation Limit, bool Inclusive)? TrailingHeader(IForLoopOperation loop)
        {
            if (loop.AtLoopBottom.Length != 1
                || loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual, LeftOperand: ILocalReferenceOperation { Local: { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } counter }, RightOperand: { } limit, OperatorMethod: null } condition)
                return null;
            IOperation bottom = loop.AtLoopBottom[0] is IExpressionStatementOperation statement ? statement.Operation : loop.AtLoopBottom[0];
            if (bottom is not ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: { IsRef: false, Type.SpecialType: SpecialType.System_Int32 } behind }, Value: IIncrementOrDecrementOperation { Kind: OperationKind.Increment, IsPostfix: true, IsChecked: false, OperatorMethod: null, Target: ILocalReferenceOperation stepped } }
                || !SymbolEqualityComparer.Default.Equals(stepped.Local, counter) || SymbolEqualityComparer.Default.Equals(behind, counter)
                || Writes(loop.Body, counter) || Writes(loop.Body, behind) || Writes(limit, counter) || Writes(limit, behind))
                return null;
            return (counter, behind, limit, condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual);
        }

        /// <summary>The counted loop over j from <paramref name="start"/> whose body first declares <c>k = j == start ? first : j - 1</c>.</summary>
        private For TrailingFor(IForLoopOperation loop, Var j, Var k, int start, IOperation first, IOperation limit, bool inclusive, string header)
        {
            Expr atStart = new Compare(CompareOp.Equal, new Read(j), new Const(start, IrType.Int));
            Stmt value = new Declare(k, new Select(atStart, Expression(first), new Binary(BinaryOp.Subtract, new Read(j), new Const(1, IrType.Int), IrType.Int), IrType.Int));
            return new For(j, new Const(start, IrType.Int), Expression(limit), new Block(new[] { value }.Concat(BlockOf(loop.Body).Statements).ToEquatableArray()),
                header, loop.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1) { Inclusive = inclusive };
        }

        /// <summary>
        /// <see cref="Trailing"/>'s loop with its two variables declared before it, as C and its ports write Franklin's
        /// test: <c>int i, j; for (i = 0, j = n - 1; i &lt; n; j = i++)</c>, or <c>int i = 0; int j = n - 1; … for (; i &lt; n; j = i++)</c>
        /// (nothing between the declarations and the loop assigns them or what j's first value reads). Neither may be
        /// used after the loop (their values there are not modelled) nor captured; the loop's counter and j are fresh
        /// variables of the IR (the declarations before it stay, unused), and it is never the lanes (its header is not
        /// the declaration form an inner plan restarts). Null for anything else.
        /// </summary>
        private For? TrailingOutside(IForLoopOperation loop)
        {
            if (loop.Syntax is not ForStatementSyntax { Declaration: null } syntax || TrailingHeader(loop) is not ({ } counter, { } behind, { } limit, bool inclusive))
                return null;
            IOperation? start = null, first = null;
            if (loop.Before.Length == 2)
            {
                // for (i = S, j = E; …)
                IOperation? Assigned(IOperation o, ILocalSymbol local) => (o is IExpressionStatementOperation e ? e.Operation : o) is ISimpleAssignmentOperation { Target: ILocalReferenceOperation t, Value: var v }
                    && SymbolEqualityComparer.Default.Equals(t.Local, local) ? v : null;
                start = Assigned(loop.Before[0], counter);
                first = Assigned(loop.Before[1], behind);
            }
            else if (loop.Before.Length == 0 && syntax.Parent is BlockSyntax block)
            {
                // int i = S; int j = E; … for (; …): the initializers, if nothing between assigns i, j or what E reads.
                IOperation? Initial(ILocalSymbol local) => local.DeclaringSyntaxReferences.Length == 1
                    && local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: { } init } declarator
                    && declarator.Ancestors().OfType<LocalDeclarationStatementSyntax>().FirstOrDefault()?.Parent == block
                    && declarator.SyntaxTree == syntax.SyntaxTree ? ModelFor(syntax).GetOperation(init.Value) : null;
                start = Initial(counter);
                first = Initial(behind);
                if (start is null || first is null) return null;
                var names = new HashSet<string>(first.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Select(l => l.Local.Name)
                    .Concat(first.DescendantsAndSelf().OfType<IParameterReferenceOperation>().Select(p => p.Parameter.Name))) { counter.Name, behind.Name };
                int from = System.Math.Min(counter.DeclaringSyntaxReferences[0].Span.End, behind.DeclaringSyntaxReferences[0].Span.End);
                bool touched = block.Statements.Where(st => st.SpanStart >= from && st.Span.End <= syntax.SpanStart)
                    .SelectMany(st => st.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                    .Any(n => names.Contains(n.Identifier.ValueText) && (LoopAnalysis.IsWrite(n) || n.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } or ArgumentSyntax { RefKindKeyword.RawKind: not 0 }));
                if (touched) return null;
            }
            if (start?.ConstantValue is not { HasValue: true, Value: int s } || s is < -(1 << 20) or > 1 << 20 || first is null) return null;
            if (!SafeFirst(first, loop.Body, limit)) return null;
            // Neither read after the loop (their last values are not modelled), nor captured by a lambda or local function.
            SyntaxNode? method = syntax.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            if (method is null) return null;
            SemanticModel model = ModelFor(syntax);
            bool Escapes(ILocalSymbol local) => method.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == local.Name
                && (n.SpanStart >= syntax.Span.End || n.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax && a.SpanStart > method.SpanStart))
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, local));
            if (Escapes(counter) || Escapes(behind)) return null;
            Var j = Declare(counter, VarKind.Counter, $"__kg_{KernelParser.Escape(counter.Name)}_{_nextId}");
            Var k = Declare(behind, VarKind.Private, $"__kg_{KernelParser.Escape(behind.Name)}_{_nextId}");
            return TrailingFor(loop, j, k, s, first, limit, inclusive, $"for ({string.Join(", ", syntax.Initializers)}; {syntax.Condition}; {string.Join(", ", syntax.Incrementors)})");
        }

        /// <summary>
        /// <c>foreach (float w in weights)</c> over a one-dimensional array or span of numbers held by a local or parameter
        /// the region never assigns: a counted loop over its elements (<c>w = weights[t]</c> first in the body), as the
        /// compiler lowers it; <c>foreach (ref float v in row)</c> over a span, v being row[t] itself where nothing but its
        /// value and assignments reach it. As the lanes of an inner plan, the scalar loop restarts at element {x} as
        /// <c>for (int t = {x}; t &lt; row.Length; t++) foreach (ref float v in row.Slice(t, 1)) …</c>: the body once for
        /// each element left, as written (a continue ends its one-element pass; a break would not end the loop, so none
        /// may target it). Null for anything else.
        /// </summary>
        private Stmt? ArrayForEach(IForEachLoopOperation each)
        {
            IOperation collection = each.Collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : each.Collection;
            // A view made in place (foreach (ref float v in a.AsSpan(y * w, w))): made once into a variable of its own, as
            // the foreach makes it once; the loop is then one over that variable.
            IInvocationOperation? view = InPlaceView(collection);
            bool byRef = each.LoopControlVariable is IVariableDeclaratorOperation { Symbol: { IsRef: true } refItem } && collection.Type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" }
                && each.Syntax is ForEachStatementSyntax { Type: RefTypeSyntax } && References(refItem, each.Syntax).All(SyntaxNodes.ValueUse);
            if (each.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var item } || item.IsRef && !byRef || each.IsAsynchronous
                || view is null && collection is not (ILocalReferenceOperation { Local.IsRef: false } or IParameterReferenceOperation { Parameter.RefKind: RefKind.None })
                || collection.Type is not (IArrayTypeSymbol { Rank: 1 } or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" })
                || TypeOf(item.Type) is not ScalarType || !SymbolEqualityComparer.Default.Equals(ElementType(collection.Type), item.Type)) return null;
            Var? made = null;
            if (view is not null) made = new Var($"__kg_view_{_nextId}", TypeOf(collection.Type), VarKind.Private, _nextId++);
            else if (Written(collection is ILocalReferenceOperation l ? l.Local : ((IParameterReferenceOperation)collection).Parameter)) return null;
            Expr items = made is null ? Expression(collection) : new Read(made);
            var t = new Var($"__kg_{KernelParser.Escape(item.Name).TrimStart('@')}_{_nextId}", IrType.Int, VarKind.Counter, _nextId++);
            int line = each.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var element = new Element(items, new[] { (Expr)new Read(t) }.ToEquatableArray(), TypeOf(item.Type));
            string header = each.Syntax is ForEachStatementSyntax syntax ? $"foreach ({syntax.Type} {syntax.Identifier} in {syntax.Expression})" : "foreach";
            Block body;
            if (byRef)
            {
                _itemAliases[item] = element;
                body = BlockOf(each.Body);
            }
            else
            {
                Var value = Declare(item, VarKind.Private);
                body = new Block(new Stmt[] { new Declare(value, element) { SourceLine = line } }.Concat(BlockOf(each.Body).Statements).ToEquatableArray());
            }
            var loop = new For(t, new Const(0, IrType.Int), new Length(items, -1, IrType.Int), body, header, line);
            // Restartable at element {x} where no break leaves it and the collection is written plainly (a local or
            // parameter, or the view made before the loop).
            if (each.Syntax is not ForEachStatementSyntax statement || statement.Expression is not IdentifierNameSyntax && made is null
                || SyntaxNodes.All(statement.Statement).OfType<BreakStatementSyntax>().Any(b => LoopAnalysis.BreakTarget(b) == statement))
                return made is null ? loop : new Block(new Stmt[] { new Declare(made, OpaqueOf(collection, "a view")), loop }.ToEquatableArray());
            string held = made?.Name ?? statement.Expression.ToString();
            string text = statement.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statement.SpanStart, statement.Expression.SpanStart));
            string one = collection.Type is IArrayTypeSymbol ? $"{held}.AsSpan({t.Name}, 1)" : $"{held}.Slice({t.Name}, 1)";
            loop = loop with
            {
                SpanStart = statement.SpanStart, InitStart = statement.SpanStart, InitEnd = statement.Expression.Span.End,
                Resume = $"for (int {t.Name} = {{x}}; {t.Name} < {held}.Length; {t.Name}++) /* the elements left, one a pass */ {text}{one}",
                Prelude = made is null ? null : $"{collection.Type!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} {made.Name} = {statement.Expression}; // the view, made once as the foreach makes it",
            };
            return made is null ? loop : new Block(new Stmt[] { new Declare(made, OpaqueOf(collection, "a view")), loop }.ToEquatableArray());

            static ITypeSymbol? ElementType(ITypeSymbol? type) => type is IArrayTypeSymbol array ? array.ElementType
                : type is INamedTypeSymbol { TypeArguments.Length: 1 } span ? span.TypeArguments[0] : null;
        }

        /// <summary>
        /// <c>a.AsSpan(s, n)</c>, <c>a.AsSpan()</c>, <c>row.Slice(s, n)</c>, <c>rows[y].AsSpan()</c> as a foreach's collection:
        /// a span over a local or parameter (or a jagged row of one), whose arguments read only locals, parameters and constants (the text means the same where it is
        /// copied before the loop). Null for anything else.
        /// </summary>
        private static IInvocationOperation? InPlaceView(IOperation collection)
        {
            if (collection is not IInvocationOperation { TargetMethod.Name: "AsSpan" or "Slice", Type: INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" } } call) return null;
            IOperation? source = call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
            if (source is IConversionOperation { IsImplicit: true } c) source = c.Operand;
            if (source is IArrayElementReferenceOperation { Indices.Length: 1 } row) source = row.ArrayReference;
            if (source is not (ILocalReferenceOperation { Local.IsRef: false } or IParameterReferenceOperation { Parameter.RefKind: RefKind.None })) return null;
            bool plain = call.Descendants().All(o => o is IArgumentOperation or ILocalReferenceOperation or IParameterReferenceOperation or ILiteralOperation
                or IBinaryOperation or IUnaryOperation or IConversionOperation or IParenthesizedOperation or IArrayElementReferenceOperation);
            return plain ? call : null;
        }

        /// <summary>The elements ref items of a foreach over a span stand for (<see cref="ArrayForEach"/>).</summary>
        private readonly Dictionary<ILocalSymbol, Expr> _itemAliases = new(SymbolEqualityComparer.Default);

        /// <summary>The references to <paramref name="local"/> in <paramref name="scope"/>.</summary>
        private IEnumerable<IdentifierNameSyntax> References(ILocalSymbol local, SyntaxNode scope) => SyntaxNodes.All(scope).OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(ModelFor(n).GetSymbolInfo(n).Symbol, local));

        /// <summary>The semantic model of <paramref name="node"/>'s tree (a helper's may be another file's).</summary>
        private SemanticModel ModelFor(SyntaxNode node) => node.SyntaxTree == _model.SyntaxTree ? _model : SemanticModels.For(_model.Compilation, node.SyntaxTree);

        /// <summary>
        /// Whether k's first value in <see cref="Trailing"/>'s loops may be computed only when the loop runs: from constants,
        /// parameters and locals the body leaves alone with unchecked + - * (nothing that throws), or the limit's
        /// <c>a.Length</c> minus a constant.
        /// </summary>
        private static bool SafeFirst(IOperation first, IOperation body, IOperation limit)
        {
            bool safe = Invariant(first, body) && first.DescendantsAndSelf().All(o => o is not IBinaryOperation b || !b.IsChecked && b.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply)
                && !first.DescendantsAndSelf().Any(o => o is IUnaryOperation { IsChecked: true } or IConversionOperation { IsChecked: true });
            bool lengthMinus = first is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract, OperatorMethod: null, IsChecked: false,
                    LeftOperand: IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation or IParameterReferenceOperation } length, RightOperand.ConstantValue.HasValue: true }
                && limit is IPropertyReferenceOperation { Property.Name: "Length", Instance: { } limitOf } && SameVariable(length.Instance!, limitOf) && Invariant(length.Instance!, body);
            return safe || lengthMinus;
        }

        private static bool SameVariable(IOperation a, IOperation b) => (a, b) switch
        {
            (ILocalReferenceOperation x, ILocalReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Local, y.Local),
            (IParameterReferenceOperation x, IParameterReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter),
            _ => false,
        };

        /// <summary>The constant an operation at the loop's bottom adds to <paramref name="variable"/> (<c>v++</c>, <c>v += 3</c>, <c>v = v + 3</c>), or null.</summary>
        private static long? StepOf(IOperation step, ILocalSymbol variable)
        {
            if (step is IExpressionStatementOperation statement) step = statement.Operation;
            bool Is(IOperation o) => o is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, variable);
            long? Constant(IOperation o) => o.ConstantValue is { HasValue: true, Value: int or long } c ? System.Convert.ToInt64(c.Value) : null;
            return step switch
            {
                IIncrementOrDecrementOperation i when Is(i.Target) => i.Kind == OperationKind.Increment ? 1 : -1,
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } a when Is(a.Target) => Constant(a.Value),
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Subtract } a when Is(a.Target) => -Constant(a.Value),
                ISimpleAssignmentOperation { Value: IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum } a when Is(a.Target) =>
                    Is(sum.LeftOperand) ? Constant(sum.RightOperand) : Is(sum.RightOperand) ? Constant(sum.LeftOperand) : null,
                _ => null,
            };
        }

        /// <summary>Whether <paramref name="value"/> reads only constants, parameters and locals, with arithmetic, and nothing <paramref name="body"/> assigns.</summary>
        private static bool Invariant(IOperation value, IOperation body) => value.DescendantsAndSelf().All(o => o switch
        {
            ILiteralOperation or IParenthesizedOperation => true,
            IConversionOperation { OperatorMethod: null, IsTryCast: false } => true,
            IBinaryOperation { OperatorMethod: null } => true,
            IUnaryOperation { OperatorMethod: null } => true,
            ILocalReferenceOperation { Local.IsRef: false } l => !Writes(body, l.Local),
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None } p => !body.DescendantsAndSelf().Any(w => w is IParameterReferenceOperation q
                && SymbolEqualityComparer.Default.Equals(q.Parameter, p.Parameter) && w.Parent is IAssignmentOperation { Target: var t } && t == w
                    || w is IParameterReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Parameter, p.Parameter) && w.Parent is IIncrementOrDecrementOperation or IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } or IAddressOfOperation),
            _ => o.ConstantValue.HasValue,
        });

        private static bool Writes(IOperation body, ILocalSymbol local) =>
            body.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local) && o.Parent switch
            {
                IAssignmentOperation a => a.Target == o,
                IIncrementOrDecrementOperation i => i.Target == o,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
                IAddressOfOperation => true,
                _ => false,
            } || o is IAnonymousFunctionOperation or ILocalFunctionOperation);

        private OpaqueStmt OpaqueStatement(IOperation operation, string why)
        {
            var uses = new List<Var>();
            var writes = new List<Var>();
            foreach (IOperation o in operation.DescendantsAndSelf())
            {
                ISymbol? symbol = o switch
                {
                    ILocalReferenceOperation l => l.Local,
                    IParameterReferenceOperation p => p.Parameter,
                    _ => null,
                };
                if (symbol is null) continue;
                Var v = VarOf(symbol);
                if (!uses.Contains(v)) uses.Add(v);
                if (IsWritten(o) && !writes.Contains(v)) writes.Add(v);
            }
            foreach (IOperation o in operation.DescendantsAndSelf())
                if (o is IVariableDeclaratorOperation d && !_vars.ContainsKey(d.Symbol)) Declare(d.Symbol, VarKind.Private);
            if (_inHelper) _helperFailed = true;
            return new OpaqueStmt(Text(operation.Syntax), uses.ToEquatableArray(), writes.ToEquatableArray(), why);
        }

        private static bool IsWritten(IOperation o) => o.Parent switch
        {
            IAssignmentOperation a => a.Target == o,
            IIncrementOrDecrementOperation i => i.Target == o,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            IDeclarationExpressionOperation => true,
            _ => false,
        };

        // ---- expressions -------------------------------------------------------------------------------------------

        private Expr Expression(IOperation operation)
        {
            if (++_depth > MaxDepth) { _depth--; return OpaqueOf(operation, "nested too deeply"); }
            try { return Lower(operation); }
            finally { _depth--; }
        }

        private Expr Lower(IOperation operation)
        {
            if (_hoisted.TryGetValue(operation, out Var? hoisted)) return new Read(hoisted);
            IrType type = TypeOf(operation.Type);
            if (operation.ConstantValue.HasValue && operation.Type is not null && type is ScalarType or OtherType { Display: "string" })
                return new Const(operation.ConstantValue.Value, type);
            switch (operation)
            {
                case IIncrementOrDecrementOperation step when InductionValue(step.Target) is { } advanced:
                    return advanced;
                case ICompoundAssignmentOperation compound when InductionValue(compound.Target) is { } advanced:
                    return advanced;
                case ILocalReferenceOperation or IParameterReferenceOperation when InductionValue(operation) is { } induction:
                    return induction;
                case ILocalReferenceOperation local when _localBindings.TryGetValue(local.Local, out Var? held):
                    return new Read(held);
                case ILocalReferenceOperation { Local.IsRef: false } local when !_inHelper:
                    return new Read(VarOf(local.Local));
                // ref float r = ref a[i]: r is a[i] (RefAlias); foreach (ref float v in row): v is row[t] (ArrayForEach).
                case ILocalReferenceOperation { Local: { IsRef: true } alias } when ScalarAlias(alias) is { } element:
                    return Expression(element);
                case ILocalReferenceOperation { Local: { IsRef: true } item } when _itemAliases.TryGetValue(item, out Expr? place):
                    return place;
                case IParameterReferenceOperation parameter when _bindings.TryGetValue(parameter.Parameter, out Var? bound):
                    return new Read(bound);
                case IParameterReferenceOperation { Parameter.RefKind: RefKind.None or RefKind.In or RefKind.RefReadOnlyParameter } parameter when !_inHelper:
                    return new Read(VarOf(parameter.Parameter));
                case IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation } field
                    when (!_inHelper || _helperOnThis) && _thisNodes is not null && InvariantMember(field.Field):
                    return ThisMember(field.Field, field.Field.Type); // the same value in every iteration, read through the chunk's 'this'
                case IPropertyReferenceOperation { Property.IsStatic: false, Property.IsIndexer: false, Instance: IInstanceReferenceOperation } property
                    when (!_inHelper || _helperOnThis) && _thisNodes is not null && InvariantMember(property.Property):
                    return ThisMember(property.Property, property.Property.Type); // an auto-property: its backing field
                case IFieldReferenceOperation or IPropertyReferenceOperation when !_inHelper && MemberChain(operation) is { } chained:
                    return chained; // an array in a shared object's member
                case IFieldReferenceOperation { Field.IsStatic: false, Instance: IFieldReferenceOperation or IPropertyReferenceOperation } member
                    when TypeOf(member.Field.Type) is ScalarType && ThisStructField(member.Instance!, KernelParser.Escape(member.Field.Name), TypeOf(member.Field.Type)) is { } number:
                    return number; // a number in a struct-typed member of this (_gravity.Y)
                case IFieldReferenceOperation { Field.IsStatic: false, Instance: ILocalReferenceOperation or IParameterReferenceOperation } member
                    when !_inHelper && member.Instance.Type is { IsValueType: true } && Shared(member.Instance) is ISymbol holder
                        && TypeOf(member.Field.Type) is ScalarType:
                {
                    // A number in a struct the loop only reads (a convolution's weights in a ConvMatrix parameter): the
                    // same value in every iteration, read from the chunk's copy of the struct.
                    return SharedNumber(KernelParser.Escape(holder.Name) + "." + KernelParser.Escape(member.Field.Name), TypeOf(member.Field.Type));
                }
                case IFieldReferenceOperation { Field.IsStatic: true } field when !_inHelper && InvariantMember(field.Field):
                {
                    // A static field the loop does not assign (a lookup table, a size): the same value in every iteration.
                    return SharedOf(field.Field, field.Syntax.ToString(), TypeOf(field.Field.Type));
                }
                case IPropertyReferenceOperation { Property: { IsStatic: true, IsIndexer: false } } property when !_inHelper && InvariantMember(property.Property):
                    return SharedOf(property.Property, property.Syntax.ToString(), TypeOf(property.Property.Type)); // a static auto-property: its backing field
                case IFieldReferenceOperation or IPropertyReferenceOperation when FlatField(operation) is { } field:
                    return field; // a field of a flat struct's array element: the element of its view
                case IFieldReferenceOperation or IPropertyReferenceOperation when LocalField(operation) is { } held:
                    return held; // a field of a struct local: its own local
                case IArrayElementReferenceOperation element:
                    return new Element(Expression(element.ArrayReference), element.Indices.Select(Expression).ToEquatableArray(), type);
                case { Kind: OperationKind.None } when PointerElement(operation) is { } pointerElement:
                    return pointerElement;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Arguments.Length == 1 && ListSpan(indexer.Instance) is { } items:
                    return new Element(items, new[] { Expression(indexer.Arguments[0].Value) }.ToEquatableArray(), type); // a List's element, from its span
                case IPropertyReferenceOperation { Property.Name: "Count" } count when ListSpan(count.Instance) is { } items:
                    return new Length(items, -1, type);
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when IsSpan(indexer.Instance?.Type) && indexer.Arguments.Length == 1:
                    return new Element(Expression(indexer.Instance!), new[] { Expression(indexer.Arguments[0].Value) }.ToEquatableArray(), type);
                case IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" } length
                    when length.Instance?.Type is IArrayTypeSymbol || IsSpan(length.Instance?.Type):
                    return new Length(Expression(length.Instance!), -1, type);
                case IInvocationOperation call:
                    return Call(call, type);
                case IBinaryOperation binary when binary.OperatorMethod is null:
                    return BinaryOf(binary, type);
                case IUnaryOperation unary when unary.OperatorMethod is null:
                {
                    UnaryOp? op = unary.OperatorKind switch
                    {
                        UnaryOperatorKind.Minus => UnaryOp.Negate,
                        UnaryOperatorKind.Plus => UnaryOp.Plus,
                        UnaryOperatorKind.Not => UnaryOp.Not,
                        UnaryOperatorKind.BitwiseNegation => UnaryOp.Complement,
                        _ => null,
                    };
                    if (op is null || type is not ScalarType) break;
                    return new Unary(op.Value, Expression(unary.Operand), type, unary.IsChecked);
                }
                case IConversionOperation conversion when conversion.OperatorMethod is null:
                {
                    Expr operand = Expression(conversion.Operand);
                    if (operand.Type.Equals(type)) return operand;
                    if (type is ScalarType && operand.Type is ScalarType) return new Convert(operand, type, conversion.IsChecked);
                    if (conversion.Conversion.IsIdentity || conversion.Conversion.IsReference && conversion.Conversion.IsImplicit) return operand;
                    break;
                }
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return new Select(Expression(conditional.Condition), Expression(conditional.WhenTrue), Expression(whenFalse), type);
                case ISwitchExpressionOperation switchExpression when SwitchSelect(switchExpression, type) is { } selected:
                    return selected;
                // x is > 0 and < 10 on a number that the test reads without changing anything.
                case IIsPatternOperation test when TypeOf(test.Value.Type) is ScalarType
                    && !Changes(test.Value, mathCalls: false)
                    && Matches(test.Pattern, Expression(test.Value), 0) is { } matched:
                    return matched;
                case IParenthesizedOperation parenthesized:
                    return Expression(parenthesized.Operand);
            }
            return OpaqueOf(operation, operation.Kind.ToString());
        }

        /// <summary>
        /// <c>v switch { &lt; 0 =&gt; -1, 0 =&gt; 0, _ =&gt; 1 }</c>: the arms as nested selects, in order, on a number the switch
        /// reads without changing anything (so it may be read once per arm), with the patterns <see cref="Matches"/> knows;
        /// no guards; the last arm a discard (else the switch may throw). Null for anything else.
        /// </summary>
        private Expr? SwitchSelect(ISwitchExpressionOperation switchExpression, IrType type)
        {
            var arms = switchExpression.Arms;
            if (arms.Length is < 2 or > 16 || arms[arms.Length - 1] is not { Pattern: IDiscardPatternOperation, Guard: null } last
                || TypeOf(switchExpression.Value.Type) is not ScalarType || arms.Any(a => a.Guard is not null)
                || Changes(switchExpression.Value, mathCalls: false)) return null;
            Expr input = Expression(switchExpression.Value);
            Expr result = Expression(last.Value);
            for (int k = arms.Length - 2; k >= 0; k--)
            {
                if (Matches(arms[k].Pattern, input, 0) is not { } condition) return null;
                result = new Select(condition, Expression(arms[k].Value), result, type);
            }
            return result;
        }

        /// <summary>
        /// Whether <paramref name="input"/>, a number, matches a pattern of constants (not NaN, which a pattern matches and ==
        /// does not), relations, and, or, not; null for any other pattern.
        /// </summary>
        private Expr? Matches(IPatternOperation pattern, Expr input, int depth)
        {
            if (depth > 8) return null;
            switch (pattern)
            {
                case IConstantPatternOperation { Value: { ConstantValue.HasValue: true } value }
                    when value.ConstantValue.Value is not (double.NaN or float.NaN):
                    return new Compare(CompareOp.Equal, input, Constant(value));
                case IRelationalPatternOperation { Value.ConstantValue.HasValue: true } relation:
                    CompareOp? op = relation.OperatorKind switch
                    {
                        BinaryOperatorKind.LessThan => CompareOp.Less,
                        BinaryOperatorKind.LessThanOrEqual => CompareOp.LessOrEqual,
                        BinaryOperatorKind.GreaterThan => CompareOp.Greater,
                        BinaryOperatorKind.GreaterThanOrEqual => CompareOp.GreaterOrEqual,
                        _ => null,
                    };
                    return op is null ? null : new Compare(op.Value, input, Constant(relation.Value));
                case IBinaryPatternOperation both:
                    return Matches(both.LeftPattern, input, depth + 1) is { } left && Matches(both.RightPattern, input, depth + 1) is { } right
                        ? new Logical(both.OperatorKind == BinaryOperatorKind.And, left, right) : null;
                case INegatedPatternOperation negated:
                    return Matches(negated.Pattern, input, depth + 1) is { } inner ? new Unary(UnaryOp.Not, inner, IrType.Bool, false) : null;
                default:
                    return null;
            }

            // (A pattern's constant converts to the input's type, exactly: the compiler checks that it can.)
            Expr Constant(IOperation value) => Expression(value) is var c && c.Type.Equals(input.Type) ? c : new Convert(c, input.Type, false);
        }

        private Expr OpaqueOf(IOperation operation, string why)
        {
            if (_inHelper) _helperFailed = true;
            var uses = new List<Var>();
            foreach (IOperation o in operation.DescendantsAndSelf())
            {
                ISymbol? symbol = o switch
                {
                    ILocalReferenceOperation l => l.Local,
                    IParameterReferenceOperation p => p.Parameter,
                    _ => null,
                };
                if (symbol is null || symbol is IParameterSymbol p2 && _bindings.ContainsKey(p2)) continue;
                Var v = VarOf(symbol);
                if (!uses.Contains(v)) uses.Add(v);
            }
            foreach (IOperation o in operation.DescendantsAndSelf())
                if (o is IVariableDeclaratorOperation d && !_vars.ContainsKey(d.Symbol)) Declare(d.Symbol, VarKind.Private);
            return new Opaque(Text(operation.Syntax), uses.ToEquatableArray(), TypeOf(operation.Type), why);
        }

        /// <summary>Source text copied into the IR: an instance kernel's uses of 'this' go through the chunk's reference.</summary>
        private string Text(SyntaxNode node)
        {
            if (_thisNodes is null) return node.ToString();
            var inside = _thisNodes.Where(n => n.SyntaxTree == node.SyntaxTree && node.Span.Contains(n.Span)).ToList();
            return inside.Count == 0 ? node.ToString() : node.ReplaceNodes(inside, (original, _) => KernelParser.ThroughThis(original)).ToString();
        }

        private static bool IsSpan(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1 } named && named.ContainingNamespace?.ToDisplayString() == "System";

        private static BinaryOp? BinaryOpOf(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => BinaryOp.Add,
            BinaryOperatorKind.Subtract => BinaryOp.Subtract,
            BinaryOperatorKind.Multiply => BinaryOp.Multiply,
            BinaryOperatorKind.Divide => BinaryOp.Divide,
            BinaryOperatorKind.Remainder => BinaryOp.Remainder,
            BinaryOperatorKind.And => BinaryOp.And,
            BinaryOperatorKind.Or => BinaryOp.Or,
            BinaryOperatorKind.ExclusiveOr => BinaryOp.Xor,
            BinaryOperatorKind.LeftShift => BinaryOp.ShiftLeft,
            BinaryOperatorKind.RightShift => BinaryOp.ShiftRight,
            BinaryOperatorKind.UnsignedRightShift => BinaryOp.UnsignedShiftRight,
            _ => null,
        };

        private Expr BinaryOf(IBinaryOperation binary, IrType type)
        {
            CompareOp? compare = binary.OperatorKind switch
            {
                BinaryOperatorKind.LessThan => CompareOp.Less,
                BinaryOperatorKind.LessThanOrEqual => CompareOp.LessOrEqual,
                BinaryOperatorKind.GreaterThan => CompareOp.Greater,
                BinaryOperatorKind.GreaterThanOrEqual => CompareOp.GreaterOrEqual,
                BinaryOperatorKind.Equals => CompareOp.Equal,
                BinaryOperatorKind.NotEquals => CompareOp.NotEqual,
                _ => null,
            };
            Expr left = Expression(binary.LeftOperand), right = Expression(binary.RightOperand);
            if (compare is not null && left.Type is ScalarType && right.Type is ScalarType) return new Compare(compare.Value, left, right);
            if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
                return new Logical(binary.OperatorKind == BinaryOperatorKind.ConditionalAnd, left, right);
            if (BinaryOpOf(binary.OperatorKind) is { } op && type is ScalarType)
                return new Binary(op, left, right, type, binary.IsChecked);
            return OpaqueOf(binary, "operator " + binary.OperatorKind);
        }

        private Expr Call(IInvocationOperation call, IrType type)
        {
            IMethodSymbol method = call.TargetMethod;
            string? owner = method.ContainingType?.ToDisplayString();
            if (owner is "System.Math" or "System.MathF" && System.Enum.TryParse(method.Name, out MathFn fn) && type is ScalarType
                && call.Arguments.All(a => a.Parameter?.RefKind == RefKind.None) && call.Arguments.All(a => a.Value.Type?.SpecialType != SpecialType.None)
                && !(fn == MathFn.Round && call.Arguments.Length != 1))
                return new MathCall(fn, call.Arguments.OrderBy(a => a.Parameter!.Ordinal).Select(a => Expression(a.Value)).ToEquatableArray(), owner == "System.MathF", type);
            // float.Max(a, b), double.Sqrt(x) (generic math's statics): the Math/MathF functions they forward to.
            if (method.IsStatic && (method.ContainingType?.SpecialType is SpecialType.System_Single or SpecialType.System_Double && s_numberMath.Contains(method.Name)
                    || method.ContainingType?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 && s_integerMath.Contains(method.Name))
                && System.Enum.TryParse(method.Name, out MathFn same) && type is ScalarType
                && call.Arguments.All(a => a.Parameter?.RefKind == RefKind.None && SymbolEqualityComparer.Default.Equals(a.Parameter.Type, method.ContainingType)))
                return new MathCall(same, call.Arguments.OrderBy(a => a.Parameter!.Ordinal).Select(a => Expression(a.Value)).ToEquatableArray(),
                    // (MathF has no Clamp: float.Clamp is Math.Clamp's float overload.)
                    method.ContainingType.SpecialType == SpecialType.System_Single && same != MathFn.Clamp, type);
            if (method.IsStatic && method.ContainingType?.SpecialType is SpecialType.System_Single or SpecialType.System_Double
                && call.Arguments.Length == 1 && FloatClass(method.Name, call.Arguments[0].Value) is { } test)
                return test;
            if (NumericsScalar(call) is { } numerics) return numerics;
            if (method.Name is "GetLength" or "GetLongLength" && call.Instance?.Type is IArrayTypeSymbol && call.Arguments.Length == 1
                && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int dimension })
                return new Length(Expression(call.Instance), dimension, type);
            if (Helper(call) is { } body && Inline(call, body) is var inlined && inlined is not Opaque) return inlined;
            if (LaneFunction(call, type) is { } pure) return pure;
            return OpaqueOf(call, "a call of " + method.Name);
        }

        /// <summary>
        /// A call of a static helper of this compilation that touches nothing but its by-value scalar parameters and
        /// locals (its effect summary is empty): a <see cref="Call"/> the vectorizer may run once per lane. Null otherwise.
        /// </summary>
        private Expr? LaneFunction(IInvocationOperation call, IrType type)
        {
            IMethodSymbol method = call.TargetMethod;
            // System.Convert's numeric conversions (pure; they round to nearest and throw on overflow): called as written.
            if (method.ContainingType?.ToDisplayString() == "System.Convert" && method.Name.StartsWith("To", System.StringComparison.Ordinal)
                && type is ScalarType { Kind: not ScalarKind.Other } && call.Arguments.Length == 1 && call.Arguments[0].Parameter?.RefKind == RefKind.None
                && TypeOf(call.Arguments[0].Parameter!.Type) is ScalarType { Kind: not (ScalarKind.Other or ScalarKind.Char or ScalarKind.Bool) } parameterType
                && call.Arguments[0].Value.Type?.SpecialType != SpecialType.System_Object)
            {
                Expr value = Expression(call.Arguments[0].Value);
                if (!value.Type.Equals(parameterType) && value.Type is ScalarType) value = new Convert(value, parameterType, false);
                return new Call("global::System.Convert." + method.Name, new[] { value }.ToEquatableArray(), type);
            }
            if (!method.IsStatic || method.IsGenericMethod || method.MethodKind != MethodKind.Ordinary || method.ReturnsByRef || method.ReturnsVoid
                || type is not ScalarType || method.ContainingType is not { IsFileLocal: false } owner
                || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || TypeOf(p.Type) is not ScalarType)
                || call.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit))
                return null;
            var summaries = Effects.CallSummaries.For(_model.Compilation);
            if (!summaries.IsSourceMethod(method) || summaries.Get(method, new Effects.CallSummaries.Budget()).Effects.Count != 0) return null;
            var arguments = new List<Expr>();
            foreach (IArgumentOperation argument in call.Arguments.OrderBy(a => a.Parameter!.Ordinal))
            {
                Expr value = Expression(argument.Value);
                IrType parameter = TypeOf(argument.Parameter!.Type);
                arguments.Add(value.Type.Equals(parameter) || value.Type is not ScalarType ? value : new Convert(value, parameter, false));
            }
            string name = owner.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + KernelParser.Escape(method.Name);
            return new Call(name, arguments.ToEquatableArray(), type);
        }

        /// <summary>
        /// <c>y[i] = Dot(rows[i], x);</c> or <c>float d = Dot(…);</c>, where Dot is a static helper of this compilation that
        /// loops (<see cref="LoopingHelper"/>): its statements are lowered in front of the statement, with its parameters
        /// bound to the arguments (a variable as it is, anything else in a fresh local) and its locals renamed, and the call
        /// reads the local that holds its returned value. Exact: C# computes the call before the store (or the
        /// declaration), and the helper writes nothing but its own locals. Its loops are the vector plan's like the
        /// body's own, except as the lanes (the plan splices an inner vector loop into the kernel's text, where the
        /// helper's loop is not). False (nothing added) for any other statement.
        /// </summary>
        private bool HoistedHelper(List<Stmt> statements, IOperation operation)
        {
            // (A compound assignment reads its target first: only a local's, which cannot throw.)
            IOperation? value = operation switch
            {
                // (The target's array and subscripts are computed before the value: only ones that cannot throw.)
                IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation element } assignment }
                    when CannotThrow(element.ArrayReference) && element.Indices.All(CannotThrow) => assignment.Value,
                IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment } => assignment.Value,
                IExpressionStatementOperation { Operation: ICompoundAssignmentOperation { Target: ILocalReferenceOperation, OperatorMethod: null } compound } => compound.Value,
                IVariableDeclarationGroupOperation { Declarations.Length: 1 } group when group.Declarations[0].Declarators.Length == 1 => group.Declarations[0].Declarators[0].GetVariableInitializer()?.Value,
                IConditionalOperation { IsRef: false, Type: null } branch when branch.Syntax is IfStatementSyntax => branch.Condition, // if (Dot(a[i], n) > 0) …: computed first
                _ => null,
            };
            var spills = new List<IOperation>();
            if (value is null || _inHelper || _inlining >= MaxInlining || FirstCall(value, spills) is not { } call || LoopingHelper(call) is not { } helper) return false;
            IMethodSymbol method = call.TargetMethod;
            int line = LineOf(operation);
            var added = new List<Stmt>();
            // What C# computes before the call and may throw (bias[i] in bias[i] + Dot(w[i], x)): into locals first, in order.
            foreach (IOperation spill in spills)
            {
                Expr spilled = Expression(spill);
                var temp = new Var($"__kg_before_{method.Name}_{_nextId}", spilled.Type, VarKind.Private, _nextId++);
                added.Add(new Declare(temp, spilled));
                _hoisted[spill] = temp;
            }
            foreach (IArgumentOperation argument in call.Arguments.OrderBy(a => a.Parameter!.Ordinal))
            {
                Expr bound = Expression(argument.Value);
                IrType parameter = TypeOf(argument.Parameter!.Type);
                if (bound is Read { Variable: var same } && same.Type.Equals(parameter) && !Assigns(helper, argument.Parameter)) { _bindings[argument.Parameter] = same; continue; }
                var temp = new Var($"__kg_{method.Name}_{argument.Parameter.Name}_{_nextId}", parameter, VarKind.Private, _nextId++);
                added.Add(new Declare(temp, bound.Type.Equals(parameter) || bound.Type is not ScalarType || parameter is not ScalarType ? bound : new Convert(bound, parameter, false)));
                _bindings[argument.Parameter] = temp;
                if (Assigns(helper, argument.Parameter)) _assignable.Add(temp);
            }
            foreach (ILocalSymbol local in helper.Descendants().OfType<IVariableDeclaratorOperation>().Select(d => d.Symbol))
                _renames[local] = $"__kg_{method.Name}_{local.Name}_{_nextId++}";
            _inlining++;
            var operations = helper.Operations;
            for (int k = 0; k < operations.Length - 1; k++) Add(added, operations[k]);
            Expr returned = Expression(((IReturnOperation)operations[operations.Length - 1]).ReturnedValue!);
            _inlining--;
            foreach (IParameterSymbol parameter in method.Parameters) _bindings.Remove(parameter);
            IrType type = TypeOf(method.ReturnType);
            var result = new Var($"__kg_{method.Name}_{_nextId}", type, VarKind.Private, _nextId++);
            added.Add(new Declare(result, returned.Type.Equals(type) || returned.Type is not ScalarType || type is not ScalarType ? returned : new Convert(returned, type, false)));
            statements.AddRange(added.Select(st => Relocated(st, line)));
            _hoisted[call] = result;
            Add(statements, operation);
            _hoisted.Remove(call);
            foreach (IOperation spill in spills) _hoisted.Remove(spill);
            return true;
        }

        /// <summary>
        /// The first call in <paramref name="value"/>, in C#'s order of evaluation, of a helper that loops (not yet copied),
        /// where it is always computed (not behind ?:, &amp;&amp;, ||, ??); <paramref name="spills"/> gets what C# computes
        /// before it and may throw, in order (left operands, earlier arguments of a call around it), so that copying the
        /// helper's statements in front keeps the order of everything that may throw. Null where there is none.
        /// </summary>
        private IInvocationOperation? FirstCall(IOperation value, List<IOperation> spills)
        {
            switch (value)
            {
                case IParenthesizedOperation p: return FirstCall(p.Operand, spills);
                case IConversionOperation { OperatorMethod: null } c: return FirstCall(c.Operand, spills); // (converted after the call)
                case IUnaryOperation { OperatorMethod: null } u: return FirstCall(u.Operand, spills);
                case IInvocationOperation call when !_hoisted.ContainsKey(call):
                {
                    if (call.Arguments.Any(a => a.Syntax is not ArgumentSyntax { NameColon: null })) return null;
                    if (!MathCall(call) && LoopingHelper(call) is not null) return call;
                    // Another call around it (Math, an expression helper): its arguments before the one that holds it.
                    int mark = spills.Count;
                    foreach (IArgumentOperation argument in call.Arguments)
                    {
                        if (FirstCall(argument.Value, spills) is { } inner) return inner;
                        if (!CannotThrow(argument.Value)) spills.Add(argument.Value);
                    }
                    spills.RemoveRange(mark, spills.Count - mark);
                    return null;
                }
                case IBinaryOperation { OperatorMethod: null, OperatorKind: not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr) } b:
                {
                    if (FirstCall(b.LeftOperand, spills) is { } left) return left;
                    int mark = spills.Count;
                    if (!CannotThrow(b.LeftOperand)) spills.Add(b.LeftOperand);
                    if (FirstCall(b.RightOperand, spills) is { } right) return right;
                    spills.RemoveRange(mark, spills.Count - mark);
                    return null;
                }
                default: return null;
            }
        }

        private static bool MathCall(IInvocationOperation call) => call.TargetMethod.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF";

        /// <summary>Whether computing <paramref name="operation"/> cannot throw (a hoisted call: its local's value).</summary>
        private bool CannotThrow(IOperation operation) => operation switch
        {
            IInvocationOperation call when _hoisted.ContainsKey(call) => true,
            IInvocationOperation call when MathCall(call) => call.Arguments.All(a => CannotThrow(a.Value)),
            ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation => true,
            IParenthesizedOperation p => CannotThrow(p.Operand),
            IBinaryOperation { OperatorMethod: null, IsChecked: false } b => (b.OperatorKind is not (BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder)
                || b.Type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double) && CannotThrow(b.LeftOperand) && CannotThrow(b.RightOperand),
            IUnaryOperation { OperatorMethod: null, IsChecked: false } u => CannotThrow(u.Operand),
            IConversionOperation { OperatorMethod: null, IsChecked: false } c => Numeric(c.Type) && Numeric(c.Operand.Type) && CannotThrow(c.Operand),
            _ => operation.ConstantValue.HasValue,
        };

        /// <summary>A type whose unchecked conversions to and from each other cannot throw (not decimal, not nullable).</summary>
        private static bool Numeric(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
            or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double;

        /// <summary>Whether <paramref name="body"/> assigns <paramref name="parameter"/> (x = …, x += …, x++).</summary>
        private static bool Assigns(IOperation body, IParameterSymbol parameter) => body.Descendants().Any(o => o switch
        {
            IAssignmentOperation { Target: IParameterReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Parameter, parameter),
            IIncrementOrDecrementOperation { Target: IParameterReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Parameter, parameter),
            _ => false,
        });

        /// <summary>A helper's statement placed at the call's line, its loops no longer pointing into the source (see <see cref="HoistedHelper"/>).</summary>
        private static Stmt Relocated(Stmt statement, int line)
        {
            Block B(Block b) => b with { Statements = b.Statements.Select(x => Relocated(x, line)).ToEquatableArray() };
            Stmt moved = statement switch
            {
                Block b => B(b),
                If f => f with { Then = B(f.Then), Else = f.Else is null ? null : B(f.Else) },
                For f => f with { Body = B(f.Body), SpanStart = -1, InitStart = -1, InitEnd = -1, Resume = null },
                While w => w with { Body = B(w.Body) },
                _ => statement,
            };
            return moved is Block ? moved : moved with { SourceLine = line };
        }

        /// <summary>
        /// The body of a static helper of this compilation, called with value arguments, that has a loop and nothing
        /// but what <see cref="HoistedHelper"/> may copy: locals, loops, ifs, element reads of its parameters and
        /// locals, Length, Math calls, assignments to its own locals, one return, its last statement. Null otherwise.
        /// </summary>
        private IBlockOperation? LoopingHelper(IInvocationOperation call)
        {
            IMethodSymbol method = call.TargetMethod;
            if (!method.IsStatic || method.IsGenericMethod || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.ReturnsByRef || method.ReturnsVoid
                || TypeOf(method.ReturnType) is not ScalarType || method.DeclaringSyntaxReferences.Length != 1
                || call.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit || a.Parameter is null)
                || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || TypeOf(p.Type) is not (ScalarType or ArrayType { Rank: 1 })))
                return null;
            SyntaxNode syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            BlockSyntax? body = syntax switch
            {
                MethodDeclarationSyntax m => m.Body,
                LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.StaticKeyword) => f.Body,
                _ => null,
            };
            if (body is null || body.Statements.Count > 24 || !_model.Compilation.ContainsSyntaxTree(syntax.SyntaxTree)) return null;
            SemanticModel model = syntax.SyntaxTree == _model.SyntaxTree ? _model : SemanticModels.For(_model.Compilation, syntax.SyntaxTree);
            if (model.GetOperation(body) is not IBlockOperation block || block.Operations.Length < 2
                || block.Operations[block.Operations.Length - 1] is not IReturnOperation { ReturnedValue: not null }) return null;
            var locals = new HashSet<ILocalSymbol>(block.Descendants().OfType<IVariableDeclaratorOperation>().Select(d => d.Symbol), SymbolEqualityComparer.Default);
            // (Its parameters are its own too: a copy binds an assigned one to a fresh local, see HoistedHelper.)
            bool Own(IOperation target) => target is ILocalReferenceOperation { Local: var l } && locals.Contains(l)
                || target is IParameterReferenceOperation { Parameter: var p } && SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, method);
            bool loops = false;
            foreach (IOperation o in block.Descendants())
            {
                bool ok = o switch
                {
                    IForLoopOperation or IWhileLoopOperation => loops = true,
                    IBlockOperation or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation or IVariableInitializerOperation
                        or IExpressionStatementOperation or IConditionalOperation or ILiteralOperation or IParenthesizedOperation
                        or IBinaryOperation { OperatorMethod: null } or IUnaryOperation { OperatorMethod: null } or IConversionOperation { OperatorMethod: null }
                        or IArrayElementReferenceOperation or IParameterReferenceOperation or IArgumentOperation => true,
                    IReturnOperation r => r == block.Operations[block.Operations.Length - 1],
                    ILocalReferenceOperation l => locals.Contains(l.Local),
                    IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } => true,
                    IPropertyReferenceOperation { Property.Name: "Length", Instance: { Type: IArrayTypeSymbol } } => true,
                    IInvocationOperation c => c.TargetMethod.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF",
                    ISimpleAssignmentOperation a => Own(a.Target),
                    ICompoundAssignmentOperation a => Own(a.Target),
                    IIncrementOrDecrementOperation a => Own(a.Target),
                    _ => false,
                };
                if (!ok) return null;
            }
            return loops ? block : null;
        }

        /// <summary>A static helper of this compilation whose body is one expression, with value parameters: inlined.</summary>
        private IOperation? Helper(IInvocationOperation call)
        {
            IMethodSymbol method = call.TargetMethod;
            if (!method.IsStatic && !OwnMethod(call)) return null;
            if (method.IsGenericMethod || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.ReturnsByRef || method.ReturnsVoid
                || _inlining >= MaxInlining || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams)
                || method.DeclaringSyntaxReferences.Length != 1 || call.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit))
                return null;
            SyntaxNode syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            // A method, or a static local function of the kernel (it captures nothing: its body reads only its parameters).
            (ArrowExpressionClauseSyntax? arrow, BlockSyntax? declaredBody) = syntax switch
            {
                MethodDeclarationSyntax m => (m.ExpressionBody, m.Body),
                LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.StaticKeyword) => (f.ExpressionBody, f.Body),
                _ => (null, null),
            };
            if (!_model.Compilation.ContainsSyntaxTree(syntax.SyntaxTree) || arrow is null && declaredBody is null) return null;
            ExpressionSyntax? expression = arrow?.Expression
                ?? (declaredBody is { Statements.Count: 1 } block && block.Statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);
            SemanticModel model = syntax.SyntaxTree == _model.SyntaxTree ? _model : SemanticModels.For(_model.Compilation, syntax.SyntaxTree);
            // A block body of locals, ifs and returns (see BlockValue) that calls nothing but Math: a leaf, whose inlined
            // copy stays small (a helper that calls helpers stays a call, summarized once by the effect model).
            if (expression is null)
                return declaredBody is { Statements.Count: <= 16 } body0 && model.GetOperation(body0) is IBlockOperation statements
                    && statements.Descendants().OfType<IInvocationOperation>().All(c => c.TargetMethod.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF")
                    ? statements : null;
            IOperation? body = model.GetOperation(expression);
            // The returned value converted to the return type, as the return statement does.
            return body;
        }

        /// <summary>
        /// float's and double's statics that forward to the Math/MathF function of the name, with its arguments (checked
        /// bitwise against MathF/Math on special values and random bits: FloatClassTests).
        /// </summary>
        private static readonly HashSet<string> s_numberMath = new(System.StringComparer.Ordinal)
        {
            "Abs", "Sqrt", "Floor", "Ceiling", "Truncate", "Max", "Min", "CopySign", "MaxMagnitude", "MinMagnitude", "Exp", "Clamp",
        };

        /// <summary>int's and long's statics that forward to Math's (int.Clamp is Math.Clamp, int.Abs throws as Math.Abs does).</summary>
        private static readonly HashSet<string> s_integerMath = new(System.StringComparer.Ordinal) { "Abs", "Max", "Min", "Clamp" };

        /// <summary>
        /// float/double.IsNaN, IsFinite, IsInfinity, IsPositiveInfinity and IsNegativeInfinity as comparisons, exact for
        /// every value: NaN is the one value unequal to itself; x - x is 0 exactly for the finite values (NaN for NaN and
        /// the infinities); |x| is +∞ exactly for the infinities. The argument is computed once (a temporary). Null for
        /// other methods.
        /// </summary>
        private Expr? FloatClass(string name, IOperation argument)
        {
            if (name is not ("IsNaN" or "IsFinite" or "IsInfinity" or "IsPositiveInfinity" or "IsNegativeInfinity")
                || TypeOf(argument.Type) is not ScalarType { IsFloatingPoint: true } t) return null;
            var x = new Var($"__kg_x_{_nextId}", t, VarKind.Temp, _nextId++);
            Expr v = new Read(x);
            Expr infinity = new Const(t.Kind == ScalarKind.Float ? float.PositiveInfinity : (object)double.PositiveInfinity, t);
            Expr test = name switch
            {
                "IsNaN" => new Compare(CompareOp.NotEqual, v, v),
                "IsFinite" => new Compare(CompareOp.Equal, new Binary(BinaryOp.Subtract, v, v, t), new Const(t.Kind == ScalarKind.Float ? 0f : (object)0d, t)),
                "IsInfinity" => new Compare(CompareOp.Equal, new MathCall(MathFn.Abs, new[] { v }.ToEquatableArray(), t.Kind == ScalarKind.Float, t), infinity),
                "IsPositiveInfinity" => new Compare(CompareOp.Equal, v, infinity),
                _ => new Compare(CompareOp.Equal, v, new Const(t.Kind == ScalarKind.Float ? float.NegativeInfinity : (object)double.NegativeInfinity, t)),
            };
            return new Let(x, Expression(argument), test);
        }

        /// <summary>
        /// An instance method of the kernel's own type called on 'this' (<c>Curve(v)</c>, <c>this.Lerp(a, b)</c>) that no
        /// subclass can replace: its members of 'this' are the kernel's, reachable from the generated code (which lives
        /// in that type), so it inlines like a static helper.
        /// </summary>
        private bool OwnMethod(IInvocationOperation call)
        {
            IMethodSymbol method = call.TargetMethod;
            if (_thisNodes is null || _inHelper && !_helperOnThis || call.Instance is not IInstanceReferenceOperation
                || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern)
                return false;
            return _model.GetEnclosingSymbol(_region.SpanStart) is IMethodSymbol { ContainingType: { } kernelType }
                && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, kernelType.OriginalDefinition);
        }

        /// <summary>
        /// The value a helper's block body returns, from statement <paramref name="at"/> on, as one expression: locals
        /// (<c>T v = e;</c>) and assignments to them bind a fresh temporary each (<see cref="Let"/>); <c>if (c) v = e;</c>
        /// (an else too, assignments to locals only, each local at most once per branch, reading no local the branch
        /// assigns) gives each assigned local <c>c ? e : v</c>; <c>if (c) return e;</c> is <c>c ? e : rest</c>; the last
        /// <c>return e;</c> ends it. Null for anything else (the call then stays a call).
        /// </summary>
        private Expr? BlockValue(System.Collections.Immutable.ImmutableArray<IOperation> operations, int at, IrType returnType)
        {
            if (at >= operations.Length || _helperFailed) return null;
            Expr Returned(IOperation value)
            {
                Expr e = Expression(value);
                return e.Type.Equals(returnType) || e.Type is not ScalarType || returnType is not ScalarType ? e : new Convert(e, returnType, false);
            }
            Expr Stored(ILocalSymbol local, IOperation value)
            {
                Expr e = Expression(value);
                IrType type = TypeOf(local.Type);
                return e.Type.Equals(type) || e.Type is not ScalarType || type is not ScalarType ? e : new Convert(e, type, false);
            }
            Var Fresh(ILocalSymbol local) => new($"__kg_{local.Name}_{_nextId}", TypeOf(local.Type), VarKind.Temp, _nextId++);
            switch (operations[at])
            {
                case IVariableDeclarationGroupOperation group:
                {
                    var bound = new List<(Var, Expr)>();
                    foreach (IVariableDeclaratorOperation declarator in group.Declarations.SelectMany(d => d.Declarators))
                    {
                        if (declarator.Symbol.IsConst) continue; // its uses are constants
                        if (declarator.Symbol.IsRef || declarator.GetVariableInitializer()?.Value is not { } init || TypeOf(declarator.Symbol.Type) is not ScalarType) return null;
                        Expr value = Stored(declarator.Symbol, init);
                        Var v = Fresh(declarator.Symbol);
                        _localBindings[declarator.Symbol] = v;
                        bound.Add((v, value));
                    }
                    Expr? rest = BlockValue(operations, at + 1, returnType);
                    if (rest is null) return null;
                    for (int k = bound.Count - 1; k >= 0; k--) rest = new Let(bound[k].Item1, bound[k].Item2, rest);
                    return rest;
                }
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var value } }
                    when _localBindings.ContainsKey(target.Local):
                {
                    Expr stored = Stored(target.Local, value);
                    Var v = Fresh(target.Local);
                    _localBindings[target.Local] = v;
                    return BlockValue(operations, at + 1, returnType) is { } rest ? new Let(v, stored, rest) : null;
                }
                case IReturnOperation { ReturnedValue: { } value }:
                    return Returned(value);
                case IConditionalOperation { WhenTrue: var whenTrue, WhenFalse: var whenFalse } conditional:
                {
                    Expr condition = Expression(conditional.Condition);
                    if (whenFalse is null && Single(whenTrue) is IReturnOperation { ReturnedValue: { } early })
                    {
                        Expr yes = Returned(early);
                        return BlockValue(operations, at + 1, returnType) is { } no ? new Select(condition, yes, no, returnType) : null;
                    }
                    var thenValues = Assignments(whenTrue);
                    var elseValues = whenFalse is null ? new List<(ILocalSymbol, Expr)>() : Assignments(whenFalse);
                    if (thenValues is null || elseValues is null) return null;
                    var held = new Var($"__kg_if_{_nextId}", IrType.Bool, VarKind.Temp, _nextId++);
                    var merged = new List<(ILocalSymbol Local, Var Held, Expr Value)>();
                    foreach (ILocalSymbol local in thenValues.Select(a => a.Item1).Concat(elseValues.Select(a => a.Item1)).Distinct<ILocalSymbol>(SymbolEqualityComparer.Default))
                    {
                        Expr current = new Read(_localBindings[local]);
                        Expr yes = thenValues.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Item1, local)).Item2 ?? current;
                        Expr no = elseValues.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Item1, local)).Item2 ?? current;
                        Var v = Fresh(local);
                        merged.Add((local, v, new Select(new Read(held), yes, no, v.Type)));
                    }
                    // Rebound after every value is computed (they read the locals as they were before the if).
                    foreach ((ILocalSymbol local, Var v, _) in merged) _localBindings[local] = v;
                    Expr? rest = BlockValue(operations, at + 1, returnType);
                    if (rest is null) return null;
                    for (int k = merged.Count - 1; k >= 0; k--) rest = new Let(merged[k].Held, merged[k].Value, rest);
                    return new Let(held, condition, rest);
                }
                default:
                    return null;
            }

            static IOperation? Single(IOperation branch) => branch is IBlockOperation { Operations.Length: 1 } b ? b.Operations[0] : branch is IBlockOperation ? null : branch;

            // A branch of locals assigned once each, by values that read no local the branch assigns; null otherwise.
            List<(ILocalSymbol, Expr)>? Assignments(IOperation branch)
            {
                IEnumerable<IOperation> statements = branch is IBlockOperation b ? b.Operations : new[] { branch };
                var result = new List<(ILocalSymbol, Expr)>();
                foreach (IOperation statement in statements)
                {
                    if (statement is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var value } }
                        || !_localBindings.ContainsKey(target.Local) || result.Any(a => SymbolEqualityComparer.Default.Equals(a.Item1, target.Local))
                        || value.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(r => result.Any(a => SymbolEqualityComparer.Default.Equals(a.Item1, r.Local))))
                        return null;
                    result.Add((target.Local, Stored(target.Local, value)));
                }
                return result;
            }
        }

        /// <summary>
        /// The helper's body with its parameters bound to the arguments (each computed once, in order, by <see cref="Let"/>);
        /// when the body uses anything but its parameters and constants, the call stays opaque.
        /// </summary>
        private Expr Inline(IInvocationOperation call, IOperation body)
        {
            IMethodSymbol method = call.TargetMethod;
            var arguments = call.Arguments.OrderBy(a => a.Parameter!.Ordinal).Select(a => Expression(a.Value)).ToList();
            var temps = new List<Var>();
            bool wasInHelper = _inHelper, wasFailed = _helperFailed, wasOnThis = _helperOnThis;
            _inHelper = true; _helperFailed = false; _helperOnThis = !method.IsStatic;
            _inlining++;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                var temp = new Var($"__kg_{method.Name}_{parameter.Name}_{_nextId}", TypeOf(parameter.Type), VarKind.Temp, _nextId++);
                _bindings[parameter] = temp;
                temps.Add(temp);
            }
            IrType returnType = TypeOf(method.ReturnType);
            Expr result;
            if (body is IBlockOperation block)
            {
                // (A helper inlined inside another keeps the outer one's locals for after it.)
                var outerLocals = new Dictionary<ILocalSymbol, Var>(_localBindings, SymbolEqualityComparer.Default);
                _localBindings.Clear();
                result = BlockValue(block.Operations, 0, returnType) ?? new Opaque("", EquatableArray<Var>.Empty, returnType, "a statement of the helper");
                if (result is Opaque) _helperFailed = true;
                _localBindings.Clear();
                foreach (KeyValuePair<ILocalSymbol, Var> local in outerLocals) _localBindings[local.Key] = local.Value;
            }
            else result = Expression(body);
            if (!result.Type.Equals(returnType) && result.Type is ScalarType && returnType is ScalarType) result = new Convert(result, returnType, false);
            _inlining--;
            foreach (IParameterSymbol parameter in method.Parameters) _bindings.Remove(parameter);
            bool failed = _helperFailed;
            _inHelper = wasInHelper; _helperFailed = wasFailed; _helperOnThis = wasOnThis;
            if (failed) return OpaqueOf(call, $"the helper {method.Name} uses more than its parameters");
            for (int k = temps.Count - 1; k >= 0; k--)
            {
                Expr argument = arguments[k];
                if (!argument.Type.Equals(temps[k].Type) && argument.Type is ScalarType && temps[k].Type is ScalarType) argument = new Convert(argument, temps[k].Type, false);
                result = new Let(temps[k], argument, result);
            }
            return result;
        }
    }
}
