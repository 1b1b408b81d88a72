using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend
{
    // Arrays of flat structs (FlatStructs): particles[i].X is element Count·i + 0 of a span of the array's floats,
    // and a struct-valued statement of System.Numerics vectors (v[i] += g * dt) is one statement per field.
    internal sealed partial class Lowering
    {
        /// <summary>Arrays of flat structs read field by field, by their symbol (see <see cref="StructView"/>).</summary>
        private readonly Dictionary<ISymbol, (StructView View, Var Array)> _views = new(SymbolEqualityComparer.Default);

        /// <summary>Arrays that get no view: an earlier try found them used as whole structs too (see <see cref="Mixed"/>).</summary>
        private HashSet<ISymbol> _noViews = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// A place of a flat-struct array's element (<c>a[i]</c>, <c>a[i].Pos</c>, <c>a[i].Pos.X</c>): the view, the
        /// element's first scalar (Count·i) and the place's offset from it, its scalar count and its type. Null where the
        /// array is not a view's (a local of the body, one the body assigns, a long subscript, …).
        /// </summary>
        private (Var View, Expr Scaled, int Offset, int Count, ITypeSymbol Type)? FlatPlace(IOperation operation)
        {
            switch (operation)
            {
                case IArrayElementReferenceOperation { Indices.Length: 1 } element
                    when element.Indices[0].Type?.SpecialType == SpecialType.System_Int32 && ViewOf(element.ArrayReference) is { } view:
                {
                    return (view.View, Scaled(view, Expression(element.Indices[0])), 0, view.Count, element.Type!);
                }
                case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
                    when IsSpan(indexer.Instance?.Type) && indexer.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32 && ViewOf(indexer.Instance!) is { } spanView:
                {
                    return (spanView.View, Scaled(spanView, Expression(indexer.Arguments[0].Value)), 0, spanView.Count, indexer.Type);
                }
                case ILocalReferenceOperation { Local: { IsRef: true } alias } when RefAlias(alias) is { } aliased:
                    return FlatPlace(aliased); // ref var q = ref p[i]: q.X is p[i].X
                case IFieldReferenceOperation { Field: { IsStatic: false } field, Instance: { } instance }
                    when FlatStructs.Member(field) is { } member && FlatPlace(instance) is { } outer:
                    return (outer.View, outer.Scaled, outer.Offset + member.Offset, member.Count, field.Type);
                case IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } property, Instance: { } instance }
                    when FlatStructs.Member(property) is { } member && FlatPlace(instance) is { } outer:
                    return (outer.View, outer.Scaled, outer.Offset + member.Offset, member.Count, property.Type);
                default:
                    return null;
            }
        }

        /// <summary>
        /// <c>ref S q = ref p[i];</c> in the body (or <c>ref p[i].Pos</c>, or <c>ref float r = ref a[i]</c>), never ref-reassigned, its subscript reading
        /// nothing that changes while q lives: the place q names (its uses are that place's, <see cref="FlatPlace"/>); null
        /// for any other ref local (it stays opaque). Any other use of q (passed whole, in opaque code) makes its array
        /// mixed (<see cref="Mixed"/>).
        /// </summary>
        private IOperation? RefAlias(ILocalSymbol local)
        {
            if (_refAliases.TryGetValue(local, out IOperation? known)) return known;
            _refAliases[local] = null; // (no cycles)
            IOperation? target = null;
            if (!_inHelper && local is { IsRef: true, RefKind: RefKind.Ref or RefKind.RefReadOnly }
                && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax declarator
                && _region.Span.Contains(declarator.Span) && !Rebound(local) && Used(local)
                && _model.GetOperation(declarator) is IVariableDeclaratorOperation { Initializer.Value: { } init }
                && init.DescendantsAndSelf().OfType<IArrayElementReferenceOperation>().Concat<IOperation>(init.DescendantsAndSelf().OfType<IPropertyReferenceOperation>().Where(p => p.Property.IsIndexer))
                    .All(e => (e is IArrayElementReferenceOperation a ? a.Indices.AsEnumerable() : ((IPropertyReferenceOperation)e).Arguments.Select(x => x.Value)).All(i => Steady(i, declarator)))
                && (FlatPlace(init) is not null
                    // (An array the body re-points would move the alias: r stays on the element it was made to name.)
                    || ScalarElement(init) && (init is IArrayElementReferenceOperation { ArrayReference: var array } ? Steady(array, declarator)
                        : Steady(((IPropertyReferenceOperation)init).Instance!, declarator))))
                target = init;
            _refAliases[local] = target;
            return target;
        }

        private readonly Dictionary<ILocalSymbol, IOperation?> _refAliases = new(SymbolEqualityComparer.Default);

        /// <summary>An element of an array or span of numbers (<c>ref float r = ref a[i]</c>): its uses are the element's.</summary>
        private bool ScalarElement(IOperation place) => TypeOf(place.Type) is ScalarType
            && (place is IArrayElementReferenceOperation || place is IPropertyReferenceOperation { Property.IsIndexer: true } indexer && IsSpan(indexer.Instance?.Type));

        /// <summary>The element a ref local of numbers names (<see cref="RefAlias"/>), or null.</summary>
        private IOperation? ScalarAlias(ILocalSymbol local) => RefAlias(local) is { } place && ScalarElement(place) ? place : null;

        /// <summary>
        /// Whether the body uses a ref local at all. Its declaration reads the element's address, which throws where the
        /// subscript is out of bounds; an alias reads nothing there, so the vector path's bounds guard covers the
        /// subscript only through the alias's uses.
        /// </summary>
        private bool Used(ILocalSymbol local) => _region.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>()
            .Any(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(n).Symbol, local));

        /// <summary>Whether the body points a ref local elsewhere (<c>q = ref p[j];</c>); stores through it are no such thing.</summary>
        private bool Rebound(ILocalSymbol local) => _region.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax>()
            .Any(a => a.Right is Microsoft.CodeAnalysis.CSharp.Syntax.RefExpressionSyntax && a.Left is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax name
                && name.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name).Symbol, local));

        /// <summary>A scalar field of a flat-struct array's element: the view's element; null for anything else.</summary>
        private Element? FlatField(IOperation operation) =>
            operation is IFieldReferenceOperation or IPropertyReferenceOperation && FlatPlace(operation) is { Count: 1 } place
                && TypeOf(place.Type) is ScalarType scalar
                ? new Element(new Read(place.View), new[] { At(place.Scaled, place.Offset) }.ToEquatableArray(), scalar)
                : null;

        /// <summary>Element i's first scalar in the view: Count·i.</summary>
        private static Expr Scaled(StructView view, Expr index) =>
            view.Count == 1 ? index : new Binary(BinaryOp.Multiply, new Const(view.Count, IrType.Int), index, IrType.Int);

        private static Expr At(Expr scaled, int offset) =>
            offset == 0 ? scaled : new Binary(BinaryOp.Add, scaled, new Const(offset, IrType.Int), IrType.Int);

        /// <summary>The view of a flat-struct array the loop only reads from outside (a parameter or an outer local nothing in the body assigns).</summary>
        private StructView? ViewOf(IOperation array)
        {
            // (A span parameter is rebuilt in each chunk from its pinned pointer: the view is cast from that.)
            bool span = IsSpan(array.Type), readOnly = array.Type?.Name == "ReadOnlySpan";
            ITypeSymbol? element = array.Type is IArrayTypeSymbol { Rank: 1 } type ? type.ElementType
                : span ? ((INamedTypeSymbol)array.Type!).TypeArguments[0] : null;
            // (The layout first: ViewSymbol walks the body, once per variable.)
            if (_inHelper || FlatStructs.Layout(element) is not { } layout
                || ViewSymbol(array) is not { } symbol || _noViews.Contains(symbol) || symbol is IParameterSymbol p && _bindings.ContainsKey(p))
                return null;
            if (_views.TryGetValue(symbol, out var known)) return known.View;
            if ((symbol is IFieldSymbol or IPropertySymbol ? Expression(array) : new Read(VarOf(symbol))) is not Read { Variable: var raw }) return null;
            // (__kg_this.p: __kg_flat_this_p; a chain's local __kg_this_pm_positions: __kg_flat_this_pm_positions.)
            string name = raw.Name.StartsWith("__kg_", System.StringComparison.Ordinal) ? raw.Name.Substring(5).Replace('.', '_') : raw.Name;
            var view = new Var("__kg_flat_" + Printer.IdentifierPart(name), new SpanType(layout.Field, readOnly), VarKind.Shared, _nextId++);
            _shared.Add(view);
            var spec = new StructView(view, raw.Name, element!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), layout.Field, layout.Count)
                { Span = span, ReadOnly = readOnly };
            _views[symbol] = (spec, raw);
            return spec;
        }

        /// <summary>
        /// <c>target = value;</c> or <c>target op= value;</c> of a flat struct at an array element (<c>v[i] += g * dt</c>,
        /// <c>p[i] = new Vector3(x, y, z)</c>, <c>a[i].Pos = b[i].Pos</c>): one statement per scalar. Where a field's value
        /// reads another field of the target, every value goes to a temporary first (the serial loop computes the whole
        /// struct before it stores it). Null (the statement stays opaque) for any value <see cref="Component"/> cannot split.
        /// </summary>
        private Block? Spread(IOperation target, IOperation value, BinaryOperatorKind? compound, int line)
        {
            // (A struct local's fields are locals of their own: see LocalFields.)
            if (LocalPlace(target) is { Count: > 1 } local && FlatStructs.Layout(local.Type) is { } localLayout && localLayout.Count == local.Count)
                return SpreadInto(Enumerable.Range(0, local.Count).Select(c => (Expr)new Read(local.Fields[local.Offset + c])).ToList(), null, local.Type, localLayout.Field, value, compound, line);
            if (FlatPlace(target) is not { Count: > 1 } place || FlatStructs.Layout(place.Type) is not { } layout || layout.Count != place.Count) return null;
            var elements = Enumerable.Range(0, place.Count)
                .Select(c => (Expr)new Element(new Read(place.View), new[] { At(place.Scaled, place.Offset + c) }.ToEquatableArray(), layout.Field)).ToList();
            return SpreadInto(elements, place.View, place.Type, layout.Field, value, compound, line);
        }

        /// <summary>
        /// <see cref="Spread"/> into <paramref name="targets"/> (the fields of a view's element, or of a struct local),
        /// one per scalar of <paramref name="type"/>. <paramref name="view"/>: the view the targets are elements of, whose
        /// other reads in a value wait in temporaries (null for a local's fields: only reads of another target field do).
        /// </summary>
        private Block? SpreadInto(List<Expr> targets, Var? view, ITypeSymbol type, ScalarType field, IOperation value, BinaryOperatorKind? compound, int line) =>
            OncePerStatement(line, () => SpreadStatements(targets, view, type, field, value, compound, line));

        private List<Stmt>? SpreadStatements(List<Expr> targets, Var? view, ITypeSymbol type, ScalarType field, IOperation value, BinaryOperatorKind? compound, int line)
        {
            int count = targets.Count;
            BinaryOp? op = null;
            if (compound is { } kind)
            {
                // Only System.Numerics' vector operators (their fields are computed one by one, each as the scalar operator).
                op = kind switch { BinaryOperatorKind.Add => BinaryOp.Add, BinaryOperatorKind.Subtract => BinaryOp.Subtract, BinaryOperatorKind.Multiply => BinaryOp.Multiply, _ => null };
                if (kind == BinaryOperatorKind.Divide && SymbolEqualityComparer.Default.Equals(value.Type, type)) op = BinaryOp.Divide;
                if (op is null || !NumericsVector(type)) return null;
            }
            var values = new List<Expr>();
            for (int c = 0; c < count; c++)
            {
                Expr? v = compound is null || SymbolEqualityComparer.Default.Equals(value.Type, type) ? Component(value, c, type) : Scalar(value, field);
                if (v is null) return null;
                values.Add(v);
            }
            // A value that reads the target's view anywhere but at its own field (or another field of the target) waits
            // in a temporary.
            bool temps = Enumerable.Range(0, count).Any(c => Walk(values[c]).Any(e =>
                e is Element { Array: Read r } && view is not null && r.Variable.Equals(view) && !e.Equals(targets[c])
                || targets.Where((t, j) => j != c).Contains(e)));
            var statements = new List<Stmt>();
            for (int c = 0; c < count; c++)
            {
                if (!temps) continue;
                var temp = new Var($"__kg_field_{_nextId}", field, VarKind.Temp, _nextId++);
                statements.Add(new Declare(temp, values[c]) { SourceLine = line });
                values[c] = new Read(temp);
            }
            for (int c = 0; c < count; c++)
                statements.Add(op is { } o ? new Update(targets[c], o, values[c], field) { SourceLine = line } : new Assign(targets[c], values[c]) { SourceLine = line });
            return statements;
        }

        // ---- struct locals ---------------------------------------------------------------------------------------

        /// <summary>
        /// A local of the body of a flat struct type (<c>var q = p[i]; q.X += q.VX * dt; p[i] = q;</c>, the copy, update,
        /// write-back idiom): one local per field (<c>__kg_q_X</c>), declared where q is; its fields read and written
        /// as those, q whole as all of them (<see cref="Component"/>, <see cref="Spread"/>). Null for other locals.
        /// Any other use of q (passed whole, a method of it, in opaque code) leaves q itself in the IR, and the
        /// loop is lowered again without its fields (<see cref="Mixed"/>).
        /// </summary>
        private Var[]? LocalFields(ILocalSymbol local)
        {
            if (_localFields.TryGetValue(local, out Var[]? known)) return known;
            Var[]? fields = null;
            if (!_inHelper && !local.IsRef && !local.IsConst && !_noViews.Contains(local) && FlatStructs.Layout(local.Type) is { } layout
                && local.DeclaringSyntaxReferences.FirstOrDefault() is { } declared && declared.SyntaxTree == _region.SyntaxTree && _region.Span.Contains(declared.Span))
            {
                // In a body with loops the field locals are temporaries: a plan with PRange iterations on the lanes writes
                // the whole body and reads them (n-body's Vector3 pi = pos[i] and its acceleration summed over j); an
                // inner loop's vector code goes into the source text, which has no such locals, so it reads a field the
                // loop does not assign as the source names it (Source: t.X) and refuses the others.
                VarKind kind = HasLoops() ? VarKind.Temp : VarKind.Private;
                fields = new Var[layout.Count];
                // (Two blocks may each declare their own q: the second's locals get a number.)
                string prefix = $"__kg_{Printer.IdentifierPart(local.Name)}";
                if (!_fieldPrefixes.Add(prefix)) { prefix += "_" + _nextId; _fieldPrefixes.Add(prefix); }
                for (int k = 0; k < layout.Count; k++)
                {
                    string? path = FlatStructs.Path(local.Type, k);
                    fields[k] = new Var($"{prefix}_{path?.Replace('.', '_').Replace("@", "") ?? "f" + k}", layout.Field, kind, _nextId++)
                    {
                        Source = kind == VarKind.Temp && path is not null ? KernelParser.Escape(local.Name) + "." + path : null,
                    };
                }
            }
            _localFields[local] = fields;
            return fields;
        }

        private readonly Dictionary<ILocalSymbol, Var[]?> _localFields = new(SymbolEqualityComparer.Default);
        private readonly HashSet<string> _fieldPrefixes = new(System.StringComparer.Ordinal);

        private bool HasLoops() => _hasLoops ??= ((ForEachStatementSyntaxOf(_region)?.Statement.DescendantNodesAndSelf() ?? Enumerable.Empty<SyntaxNode>())
            .Any(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax
                or Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax));

        private static Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax? ForEachStatementSyntaxOf(SyntaxNode region) => region as Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax;

        private bool? _hasLoops;

        /// <summary>A place in a struct local (<c>q</c>, <c>q.Pos</c>, <c>q.Pos.X</c>): its field locals, offset, scalar count and type.</summary>
        private (Var[] Fields, int Offset, int Count, ITypeSymbol Type)? LocalPlace(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation { Local: var local } when LocalFields(local) is { } fields:
                    return (fields, 0, fields.Length, local.Type);
                case IFieldReferenceOperation { Field: { IsStatic: false } field, Instance: { } instance }
                    when FlatStructs.Member(field) is { } member && LocalPlace(instance) is { } outer:
                    return (outer.Fields, outer.Offset + member.Offset, member.Count, field.Type);
                case IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } property, Instance: { } instance }
                    when FlatStructs.Member(property) is { } member && LocalPlace(instance) is { } outer:
                    return (outer.Fields, outer.Offset + member.Offset, member.Count, property.Type);
                default:
                    return null;
            }
        }

        /// <summary>A scalar field of a struct local: its local; null for anything else.</summary>
        private Read? LocalField(IOperation operation) =>
            operation is IFieldReferenceOperation or IPropertyReferenceOperation && LocalPlace(operation) is { Count: 1 } place && TypeOf(place.Type) is ScalarType
                ? new Read(place.Fields[place.Offset]) : null;

        /// <summary><c>S q = value;</c> (or without a value) of a struct local with field locals: one declaration per field; null where a field's value has no form here.</summary>
        private Block? DeclareFields(ILocalSymbol local, IOperation? init, int line)
        {
            if (LocalFields(local) is not { } fields) return null;
            return OncePerStatement(line, () =>
            {
                var statements = new List<Stmt>();
                for (int c = 0; c < fields.Length; c++)
                {
                    Expr? value = null;
                    if (init is not null && (value = Component(init, c, local.Type)) is null) return null;
                    statements.Add(new Declare(fields[c], value) { SourceLine = line });
                }
                return statements;
            });
        }

        /// <summary>Temporaries of the struct-valued statement being split (<see cref="OncePerStatement"/>), and for what.</summary>
        private List<Stmt>? _once;
        private Dictionary<IOperation, Var>? _onceVars;
        private int _onceLine;

        /// <summary>
        /// A struct-valued statement split field by field (<paramref name="fields"/>), with the scalars it needs once
        /// rather than once per field (a length, a distance: <see cref="Once"/>) in temporaries declared before the
        /// fields' statements, as the serial statement computes them once before it stores. Null where a field is null.
        /// </summary>
        private Block? OncePerStatement(int line, System.Func<List<Stmt>?> fields)
        {
            (List<Stmt>? once, Dictionary<IOperation, Var>? vars, int onceLine) = (_once, _onceVars, _onceLine);
            (_once, _onceVars, _onceLine) = (new List<Stmt>(), new Dictionary<IOperation, Var>(), line);
            try
            {
                return fields() is { } statements ? new Block(_once.Concat(statements).ToEquatableArray()) : null;
            }
            finally { (_once, _onceVars, _onceLine) = (once, vars, onceLine); }
        }

        /// <summary>
        /// The value of <paramref name="key"/> in a temporary of the statement being split, lowered by
        /// <paramref name="lower"/> the first time (null where it has no form); outside such a statement, lowered in place.
        /// </summary>
        private Expr? Once(IOperation key, ScalarType type, System.Func<Expr?> lower)
        {
            if (_once is null || _onceVars is null) return lower();
            if (_onceVars.TryGetValue(key, out Var? known)) return new Read(known);
            if (lower() is not { } value) return null;
            var temp = new Var($"__kg_once_{_nextId}", type, VarKind.Temp, _nextId++);
            _once.Add(new Declare(temp, value) { SourceLine = _onceLine });
            _onceVars[key] = temp;
            return new Read(temp);
        }

        /// <summary>Whether <paramref name="value"/> computes a System.Numerics dot product, length or distance (<see cref="NumericsScalar"/>).</summary>
        private static bool HasNumericsScalar(IOperation value) =>
            value.DescendantsAndSelf().OfType<IInvocationOperation>().Any(call => IsNumericsScalar(call.TargetMethod));

        /// <summary>A System.Numerics vector's Dot, Length, LengthSquared, Distance or DistanceSquared (<see cref="NumericsScalar"/>).</summary>
        private static bool IsNumericsScalar(IMethodSymbol method) =>
            method is { Name: "Dot" or "Length" or "LengthSquared" or "Distance" or "DistanceSquared", ContainingType: { } owner } && NumericsVector(owner);

        /// <summary>
        /// Scalar <paramref name="c"/> of a flat-struct value: a view's element, a shared struct's field, a constant, or
        /// a System.Numerics vector operator, constructor or constant applied field by field; null for anything else.
        /// </summary>
        private Expr? Component(IOperation value, int c, ITypeSymbol type)
        {
            if (!SymbolEqualityComparer.Default.Equals(value.Type, type) || FlatStructs.Layout(type) is not { } layout) return null;
            switch (value)
            {
                case IParenthesizedOperation parenthesized:
                    return Component(parenthesized.Operand, c, type);
                case IDefaultValueOperation:
                    return new Const(System.Convert.ChangeType(0, ConstType(layout.Field), System.Globalization.CultureInfo.InvariantCulture), layout.Field);
                case ILocalReferenceOperation or IParameterReferenceOperation when Shared(value) is { } holder && FlatStructs.Path(type, c) is { } path:
                {
                    // A struct the loop only reads (gravity): its field, the same in every iteration.
                    return SharedNumber(KernelParser.Escape(holder.Name) + "." + path, layout.Field);
                }
                case IFieldReferenceOperation or IPropertyReferenceOperation when FlatStructs.Path(type, c) is { } path
                    && ThisStructField(value, path, layout.Field) is { } number:
                    return number; // a struct member of this the loop only reads (_gravity)
                case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsStatic: false }
                    when LocalPlace(value) is { } fields && fields.Count == layout.Count:
                    return new Read(fields.Fields[fields.Offset + c]);
                case IArrayElementReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsStatic: false }
                    when FlatPlace(value) is { } place && place.Count == layout.Count:
                    return new Element(new Read(place.View), new[] { At(place.Scaled, place.Offset + c) }.ToEquatableArray(), layout.Field);
            }
            if (value is IObjectCreationOperation { Initializer: null } made && FieldArgument(made, c) is { } fieldArgument)
                return Scalar(fieldArgument, layout.Field); // new Rgba32(r, g, b, a) of a constructor that assigns each field a parameter
            if (value is IObjectCreationOperation { Initializer: { } initializer, Arguments.Length: 0, Constructor.IsImplicitlyDeclared: true }
                && FlatStructs.Path(type, c) is { } initialized && !initialized.Contains('.'))
            {
                // new Rgba32 { R = r, G = g, B = b } (the implicit constructor: every field 0 first): the member's value,
                // or 0 for a field the initializer leaves alone. Only plain member assignments, each member once.
                IOperation? member = null;
                foreach (IOperation assignment in initializer.Initializers)
                {
                    if (assignment is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: var target, Instance: IInstanceReferenceOperation } } simple
                        || !SymbolEqualityComparer.Default.Equals(target.ContainingType, type)
                        // (A property only with its backing field in the struct: an auto-property. A setter with a body may
                        // write any field.)
                        || target is not IFieldSymbol && !(target is IPropertySymbol && type.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, target))))
                        return null;
                    if (KernelParser.Escape(target.Name) != initialized) continue;
                    if (member is not null) return null;
                    member = simple.Value;
                }
                return member is null ? new Const(System.Convert.ChangeType(0, ConstType(layout.Field), System.Globalization.CultureInfo.InvariantCulture), layout.Field)
                    : Scalar(member, layout.Field);
            }
            if (!NumericsVector(type)) return null;
            switch (value)
            {
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: var name } }:
                {
                    // Vector3.Zero, One, UnitX …
                    float? constant = name switch
                    {
                        "Zero" => 0f, "One" => 1f,
                        "UnitX" => c == 0 ? 1f : 0f, "UnitY" => c == 1 ? 1f : 0f, "UnitZ" => c == 2 ? 1f : 0f, "UnitW" => c == 3 ? 1f : 0f,
                        _ => null,
                    };
                    return constant is { } k ? new Const(k, IrType.Float) : null;
                }
                case IObjectCreationOperation { Constructor: { } constructor, Initializer: null } creation
                    when constructor.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Single)
                        && (constructor.Parameters.Length == layout.Count || constructor.Parameters.Length == 1):
                {
                    // new Vector3(x, y, z), new Vector3(s): the argument for this field.
                    IArgumentOperation? argument = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == (constructor.Parameters.Length == 1 ? 0 : c));
                    return argument is null ? null : Scalar(argument.Value, layout.Field);
                }
                case IInvocationOperation { TargetMethod: { Name: "Normalize", IsStatic: true } normalize, Arguments.Length: 1 } call
                    when SymbolEqualityComparer.Default.Equals(normalize.ContainingType, type):
                {
                    // Vector3.Normalize(v): v / v.Length(), each field divided by the length, computed once for the statement
                    // (NumericsOperatorTests).
                    IOperation v = call.Arguments[0].Value;
                    return Component(v, c, type) is { } field && Once(call, layout.Field, () => DotOf(v, v, type, difference: false) is { } squared ? Sqrt(squared) : null) is { } length
                        ? new Binary(BinaryOp.Divide, field, length, layout.Field) : null;
                }
                case IInvocationOperation { TargetMethod: { Name: "Abs" or "SquareRoot", IsStatic: true } function, Arguments.Length: 1 } call
                    when SymbolEqualityComparer.Default.Equals(function.ContainingType, type):
                {
                    // Vector3.Abs, Vector3.SquareRoot: MathF.Abs and MathF.Sqrt of each field (NumericsOperatorTests).
                    return Component(call.Arguments[0].Value, c, type) is { } field
                        ? new MathCall(function.Name == "Abs" ? MathFn.Abs : MathFn.Sqrt, new[] { field }.ToEquatableArray(), true, layout.Field) : null;
                }
                case IInvocationOperation { TargetMethod: { Name: "Lerp", IsStatic: true } lerp, Arguments.Length: 3 } call
                    when SymbolEqualityComparer.Default.Equals(lerp.ContainingType, type)
                        && SymbolEqualityComparer.Default.Equals(call.Arguments[0].Value.Type, type) && SymbolEqualityComparer.Default.Equals(call.Arguments[1].Value.Type, type):
                {
                    // Vector3.Lerp(a, b, t) (t a float or a vector): .NET 10's Vector128.Lerp per field, which the lanes'
                    // VectorN.Lerp computes alike (fused where the machine has FMA; NumericsOperatorTests).
                    IOperation amount = call.Arguments[2].Value;
                    Expr? t = SymbolEqualityComparer.Default.Equals(amount.Type, type) ? Component(amount, c, type)
                        : amount.Type?.SpecialType == SpecialType.System_Single ? Scalar(amount, layout.Field) : null;
                    return Component(call.Arguments[0].Value, c, type) is { } from && Component(call.Arguments[1].Value, c, type) is { } to && t is not null
                        ? new MathCall(MathFn.Lerp, new[] { from, to, t }.ToEquatableArray(), true, layout.Field) : null;
                }
                case IInvocationOperation { TargetMethod: { Name: "Max" or "Min" or "Clamp", IsStatic: true } function } call
                    when SymbolEqualityComparer.Default.Equals(function.ContainingType, type) && call.Arguments.Length == (function.Name == "Clamp" ? 3 : 2)
                        && call.Arguments.All(a => SymbolEqualityComparer.Default.Equals(a.Value.Type, type)):
                {
                    // Vector3.Max/Min/Clamp: .NET 10 runs them as Vector128.Max/Min/Clamp, with the IEEE rules of the vector
                    // Max/Min at every width (NaN propagates, -0 below +0; MathF.Max/Min's too), Clamp as Min(Max(v, min), max)
                    // with no check of min <= max: the same per field but for which NaN comes out, which the runtime's own
                    // Vector3.Max does not fix either (tier 0 and tier 1 differ; NumericsOperatorTests, with and without AVX-512).
                    var fields = call.Arguments.Select(a => Component(a.Value, c, type)).ToList();
                    if (fields.Any(f => f is null)) return null;
                    MathCall Of(MathFn fn, Expr a, Expr b) => new MathCall(fn, new[] { a, b }.ToEquatableArray(), true, layout.Field);
                    return function.Name switch
                    {
                        "Max" => Of(MathFn.Max, fields[0]!, fields[1]!),
                        "Min" => Of(MathFn.Min, fields[0]!, fields[1]!),
                        _ => Of(MathFn.Min, Of(MathFn.Max, fields[0]!, fields[1]!), fields[2]!),
                    };
                }
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Plus, OperatorMethod: { } method } unary
                    when method.ContainingType is { } owner && NumericsVector(owner):
                {
                    // -v flips each field's sign bit (NaN and 0 included), as scalar negation does (NumericsOperatorTests).
                    if (Component(unary.Operand, c, type) is not { } operand) return null;
                    return unary.OperatorKind == UnaryOperatorKind.Plus ? operand : new Unary(UnaryOp.Negate, operand, layout.Field);
                }
                case IBinaryOperation { OperatorMethod: { } method } binary when method.ContainingType is { } owner && NumericsVector(owner):
                {
                    BinaryOp? op = binary.OperatorKind switch
                    {
                        BinaryOperatorKind.Add => BinaryOp.Add, BinaryOperatorKind.Subtract => BinaryOp.Subtract, BinaryOperatorKind.Multiply => BinaryOp.Multiply,
                        // A vector by a scalar too: .NET 10's System.Numerics divides each field by it (no reciprocal; the
                        // runtime library targets net10.0, and NumericsOperatorTests checks it on the runtime).
                        BinaryOperatorKind.Divide => BinaryOp.Divide,
                        _ => null,
                    };
                    if (op is null) return null;
                    Expr? Side(IOperation side) => SymbolEqualityComparer.Default.Equals(side.Type, type) ? Component(side, c, type) : Scalar(side, layout.Field);
                    return Side(binary.LeftOperand) is { } left && Side(binary.RightOperand) is { } right ? new Binary(op.Value, left, right, layout.Field) : null;
                }
                default:
                    return null;
            }
        }

        /// <summary>
        /// The argument of <paramref name="creation"/> that ends in scalar <paramref name="c"/> of the struct: where the
        /// constructor is this compilation's, has no this(…)/base(…) initializer, and its body only assigns each field
        /// one of its by-value parameters of the field's type (<c>R = r; G = g;</c>, <c>this.B = b;</c>), every field once.
        /// Null for any other constructor (it stays a call).
        /// </summary>
        private IOperation? FieldArgument(IObjectCreationOperation creation, int c)
        {
            if (creation.Constructor is not { DeclaringSyntaxReferences.Length: 1 } constructor || creation.Type is not INamedTypeSymbol type
                || constructor.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams)
                || creation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit)
                || FlatStructs.Path(type, c) is not { } path || path.Contains('.')
                || constructor.DeclaringSyntaxReferences[0].GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax { Initializer: null, Body: { } body } syntax
                || !_model.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                return null;
            SemanticModel model = syntax.SyntaxTree == _model.SyntaxTree ? _model : SemanticModels.For(_model.Compilation, syntax.SyntaxTree);
            if (model.GetOperation(body) is not IBlockOperation block) return null;
            var assigned = new Dictionary<string, IParameterSymbol>(System.StringComparer.Ordinal);
            foreach (IOperation statement in block.Operations)
            {
                if (statement is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation
                    {
                        Target: IFieldReferenceOperation { Field: var field, Instance: IInstanceReferenceOperation },
                        Value: IParameterReferenceOperation { Parameter: var parameter },
                    } }
                    || !SymbolEqualityComparer.Default.Equals(field.ContainingType, type) || !SymbolEqualityComparer.Default.Equals(field.Type, parameter.Type)
                    || assigned.ContainsKey(KernelParser.Escape(field.AssociatedSymbol?.Name ?? field.Name)))
                    return null;
                assigned[KernelParser.Escape(field.AssociatedSymbol?.Name ?? field.Name)] = parameter;
            }
            if (assigned.Count != type.GetMembers().OfType<IFieldSymbol>().Count(f => !f.IsStatic && !f.IsConst)) return null;
            return assigned.TryGetValue(path, out IParameterSymbol? from) ? creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, from))?.Value : null;
        }

        /// <summary>Run-time conditions of the vector path (<see cref="LoopIr.VectorRequires"/>).</summary>
        private readonly List<string> _vectorRequires = new();

        /// <summary>
        /// <c>Vector3.Dot(a, b)</c>, <c>v.LengthSquared()</c>, <c>v.Length()</c>, <c>Vector3.DistanceSquared(a, b)</c>,
        /// <c>Vector3.Distance(a, b)</c> (Vector2 and Vector4 too) as the arithmetic .NET 10 does on x64: products summed
        /// as dpps sums them, (p0 + p1) + (p2 + p3) with the absent fields' products +0, so that a -0 sum stays as dpps
        /// leaves it; lengths and distances the square root of that (float.Sqrt), computed once for a struct-valued
        /// statement (<see cref="Once"/>): once per field, AVX2's element-by-element strided loads made a normalization
        /// run at 0.59× the serial loop's speed, measured on this machine with AVX-512 off. The order is the x64 JIT's, so the
        /// vector path also requires SSE4.1 (elsewhere the chunk runs the scalar loop); NumericsOperatorTests checks
        /// the premise bitwise on the runtime. Null for anything else.
        /// </summary>
        private Expr? NumericsScalar(IInvocationOperation call)
        {
            IMethodSymbol method = call.TargetMethod;
            if (!IsNumericsScalar(method) || method.ContainingType is not { } owner) return null;
            (IOperation A, IOperation B)? operands = (method.Name, method.IsStatic, call.Arguments.Length, call.Instance) switch
            {
                ("Dot" or "Distance" or "DistanceSquared", true, 2, _) => (Argument(0), Argument(1)),
                ("Length" or "LengthSquared", false, 0, { } self) => (self, self),
                _ => null,
            };
            if (operands is not { } pair || DotOf(pair.A, pair.B, owner, difference: method.Name.StartsWith("Distance", System.StringComparison.Ordinal)) is not { } dot) return null;
            return method.Name is "Length" or "Distance" ? Sqrt(dot) : dot;

            IOperation Argument(int ordinal) => call.Arguments.First(a => a.Parameter?.Ordinal == ordinal).Value;
        }

        private static Expr Sqrt(Expr value) => new MathCall(MathFn.Sqrt, new[] { value }.ToEquatableArray(), true, IrType.Float);

        /// <summary>a · b (with <paramref name="difference"/>: (a - b) · (a - b)) of two System.Numerics vectors, in dpps order (<see cref="NumericsScalar"/>).</summary>
        private Expr? DotOf(IOperation a, IOperation b, ITypeSymbol owner, bool difference)
        {
            if (FlatStructs.Layout(owner) is not { } layout || !SymbolEqualityComparer.Default.Equals(a.Type, owner) || !SymbolEqualityComparer.Default.Equals(b.Type, owner)) return null;
            var products = new Expr[4];
            bool squares = difference || ReferenceEquals(a, b);
            for (int c = 0; c < 4; c++)
            {
                if (c >= layout.Count) { products[c] = new Const(0f, IrType.Float); continue; }
                Expr? x = Component(a, c, owner), y = squares && !difference ? x : Component(b, c, owner);
                if (x is null || y is null) return null;
                if (!squares) { products[c] = new Binary(BinaryOp.Multiply, x, y, IrType.Float); continue; }
                // A square (v · v, or the difference's field for Distance): the factor computed once, as the runtime does.
                var factor = new Var($"__kg_f_{_nextId}", IrType.Float, VarKind.Temp, _nextId++);
                products[c] = new Let(factor, difference ? new Binary(BinaryOp.Subtract, x, y, IrType.Float) : x,
                    new Binary(BinaryOp.Multiply, new Read(factor), new Read(factor), IrType.Float));
            }
            static Expr Sum(Expr x, Expr y) => new Binary(BinaryOp.Add, x, y, IrType.Float);
            const string Dpps = "global::System.Runtime.Intrinsics.X86.Sse41.IsSupported";
            if (!_vectorRequires.Contains(Dpps)) _vectorRequires.Add(Dpps);
            return Sum(Sum(products[0], products[1]), Sum(products[2], products[3]));
        }

        /// <summary>A scalar operand used once per field: of the field's type and free of effects (it is computed again for each).</summary>
        private Expr? Scalar(IOperation value, ScalarType field)
        {
            if (!Equals(TypeOf(value.Type), field)) return null;
            Expr? Lower() => Expression(value) is var e && !Walk(e).Any(n => n is Opaque) ? e : null;
            // (A length or a distance once for the statement: per field it cost AVX2 its element-by-element strided loads again.)
            return HasNumericsScalar(value) ? Once(value, field, Lower) : Lower();
        }

        /// <summary>
        /// Scalar replacement of the element each iteration owns: where every access of a view in the body is a field of
        /// the element at the PRange index (<c>p[i].X</c>, <c>p[i].VY</c>, never another element), the fields become
        /// locals of the body: read at its top (those it reads, or does not assign first), the element stored whole
        /// at its end when the body writes any field. The vectorizer then loads each field once as a strided load and
        /// stores the element as one group (<c>p[i].VY -= g; p[i].Y += p[i].VY * dt; if (…) p[i].Y = floor;</c> read a
        /// held field and stored some twice, which group stores do not do). Storing back a field the body does not
        /// assign is invisible: the race analysis counts a field's store as a store of the whole element, so no other
        /// iteration touches it. Only for bodies without loops (an inner loop's vector code is spliced into the source
        /// text, which has no such locals), jumps or opaque statements, and for up to 4 fields (group stores' limit).
        /// </summary>
        private Block ScalarReplaced(Block body, Var index)
        {
            if (_views.Count == 0 || Statements(body).Any(st => st is For or While or Jump or OpaqueStmt)) return body;
            foreach (KeyValuePair<ISymbol, (StructView View, Var Array)> entry in _views.ToList())
            {
                ISymbol symbol = entry.Key;
                StructView view = entry.Value.View;
                if (view.Count is < 2 or > 4) continue;
                Expr own = Scaled(view, new Read(index));
                int? Field(Element e)
                {
                    if (e.Array is not Read r || !r.Variable.Equals(view.View)) return null;
                    if (e.Indices[0].Equals(own)) return 0;
                    return e.Indices[0] is Binary { Op: BinaryOp.Add, Right: Const { Value: int k } } b && b.Left.Equals(own) && k > 0 && k < view.Count ? k : -1;
                }
                // Every access a field of the owned element; which fields are read, assigned, assigned before any read;
                // whether it pays: a field read after a store, stored twice, or stored in a branch (else the plain
                // accesses are strided loads and group stores already, or rolled channels: a copy stays a copy).
                bool other = false, pays = false;
                var read = new HashSet<int>();
                var written = new HashSet<int>();
                var first = new HashSet<int>();
                var now = new HashSet<int>();
                void Reads(Expr? e)
                {
                    if (e is null) return;
                    foreach (Element el in Walk(e).OfType<Element>())
                        if (Field(el) is int k) { if (k < 0) other = true; else { read.Add(k); now.Add(k); } }
                }
                foreach (Stmt st in body.Statements)
                {
                    var before = new HashSet<int>(written);
                    now.Clear();
                    // (Top-level plain stores before any read of the field: that field needs no load.)
                    if (st is Assign { Target: Element target } plain && Field(target) is int k && k >= 0)
                    {
                        Reads(plain.Value);
                        foreach (Expr i in target.Indices) Reads(i);
                        if (!read.Contains(k)) first.Add(k);
                    }
                    foreach (Stmt inner in Statements(st))
                    {
                        int? stored = null;
                        switch (inner)
                        {
                            case Assign { Target: Element t } a when Field(t) is int f:
                                stored = f;
                                Reads(a.Value);
                                break;
                            case Update { Target: Element t } u when Field(t) is int f:
                                stored = f;
                                if (f >= 0) { read.Add(f); now.Add(f); }
                                Reads(u.Value);
                                break;
                            case Assign a: Reads(a.Target); Reads(a.Value); break;
                            case Update u: Reads(u.Target); Reads(u.Value); break;
                            case Declare d: Reads(d.Init); break;
                            case If f: Reads(f.Condition); break;
                            case Evaluate ev: Reads(ev.Expression); break;
                        }
                        if (stored is not int field) continue;
                        if (field < 0) { other = true; continue; }
                        pays |= !ReferenceEquals(inner, st) || before.Contains(field);
                        written.Add(field);
                    }
                    pays |= now.Overlaps(before);
                }
                if (other || !pays) continue;
                var fields = new Var[view.Count];
                var top = new List<Stmt>();
                int line = body.Statements.FirstOrDefault()?.SourceLine ?? 0;
                ITypeSymbol? element = SymbolType(symbol) switch { IArrayTypeSymbol a => a.ElementType, INamedTypeSymbol { Arity: 1 } span => span.TypeArguments[0], _ => null };
                for (int k = 0; k < view.Count; k++)
                {
                    string name = $"__kg_{(symbol is IFieldSymbol ? "this_" : "")}{Printer.IdentifierPart(symbol.Name)}_{(element is null ? null : FlatStructs.Path(element, k))?.Replace('.', '_').Replace("@", "") ?? "f" + k}";
                    fields[k] = new Var(name, view.Field, VarKind.Temp, _nextId++);
                    bool load = read.Contains(k) || written.Count > 0 && !first.Contains(k);
                    top.Add(new Declare(fields[k], load ? new Element(new Read(view.View), new[] { At(own, k) }.ToEquatableArray(), view.Field) : null) { SourceLine = line });
                }
                Expr? Held(Expr e) => e is Element el && Field(el) is int k && k >= 0 ? new Read(fields[k]) : null;
                var statements = top.Concat(body.Statements.Select(st => Rewrite.Statement(st, Held))).ToList();
                if (written.Count > 0)
                {
                    int last = body.Statements.LastOrDefault()?.SourceLine ?? line;
                    for (int k = 0; k < view.Count; k++)
                    {
                        statements.Add(new Assign(new Element(new Read(view.View), new[] { At(own, k) }.ToEquatableArray(), view.Field), new Read(fields[k])) { SourceLine = last });
                    }
                }
                body = new Block(statements.ToEquatableArray());
            }
            return body;
        }

        /// <summary>A statement and every statement inside it.</summary>
        private static IEnumerable<Stmt> Statements(Stmt s)
        {
            yield return s;
            IEnumerable<Stmt> inner = s switch
            {
                Block b => b.Statements.SelectMany(Statements),
                If f => Statements(f.Then).Concat(f.Else is null ? Enumerable.Empty<Stmt>() : Statements(f.Else)),
                For f => Statements(f.Body),
                While w => Statements(w.Body),
                _ => Enumerable.Empty<Stmt>(),
            };
            foreach (Stmt x in inner) yield return x;
        }

        /// <summary>
        /// The variable holding an array the loop only reads as a whole: a shared local or parameter, or an instance
        /// kernel's field or auto-property the loop does not assign (the same array for the whole loop, as a shared
        /// variable), or an array in a shared object's member (<see cref="ChainViewSymbol"/>); null for anything else.
        /// </summary>
        private ISymbol? ViewSymbol(IOperation array)
        {
            ISymbol? candidate = array switch
            {
                ILocalReferenceOperation l => l.Local,
                IParameterReferenceOperation p => p.Parameter,
                IFieldReferenceOperation { Field: { IsStatic: false } field, Instance: IInstanceReferenceOperation } when _thisNodes is not null && InvariantMember(field) => field,
                IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } property, Instance: IInstanceReferenceOperation } when _thisNodes is not null && InvariantMember(property) => property,
                _ => null,
            };
            if (candidate is null) return ChainViewSymbol(array);
            if (!_viewSymbols.TryGetValue(candidate, out bool shared))
                _viewSymbols[candidate] = shared = candidate is IFieldSymbol or IPropertySymbol || Shared(array) is not null;
            return shared ? candidate : null;
        }

        private readonly Dictionary<ISymbol, bool> _viewSymbols = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// An array in a shared object's member (<see cref="MemberChain"/>, <c>pm.positions</c>): views are keyed by
        /// symbol, so where two chains end in one member (<c>a.Pixels</c>, <c>b.Pixels</c>) neither gets a view
        /// (<see cref="Mixed"/> lowers the loop again without it).
        /// </summary>
        private ISymbol? ChainViewSymbol(IOperation array)
        {
            ISymbol? member = array switch
            {
                IFieldReferenceOperation { Instance: not IInstanceReferenceOperation } f => f.Field,
                IPropertyReferenceOperation { Instance: not IInstanceReferenceOperation, Property.IsIndexer: false } p => p.Property,
                _ => null,
            };
            if (member is null || MemberChain(array) is not Read { Variable: var local }) return null;
            if (_chainViews.TryGetValue(member, out Var? seen) && seen != local) { _chainConflicts.Add(member); return null; }
            _chainViews[member] = local;
            return member;
        }

        private readonly Dictionary<ISymbol, Var> _chainViews = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _chainConflicts = new(SymbolEqualityComparer.Default);

        /// <summary>The array (or span) symbol under a place of a view.</summary>
        private ISymbol? ArrayOf(IOperation place) => place switch
        {
            IArrayElementReferenceOperation e => ViewSymbol(e.ArrayReference),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } span } => ViewSymbol(span),
            IFieldReferenceOperation { Instance: { } inner } => ArrayOf(inner),
            IPropertyReferenceOperation { Instance: { } inner } => ArrayOf(inner),
            ILocalReferenceOperation { Local: { IsRef: true } l } when _refAliases.TryGetValue(l, out IOperation? t) && t is not null => ArrayOf(t),
            _ => null,
        };

        /// <summary>
        /// Why a statement that stores into a field of a struct array's element was not lowered (no view): the struct's
        /// layout (<see cref="FlatStructs.WhyNot"/>), the array read as whole structs too, or where the array comes from.
        /// Null where the statement stores no such field.
        /// </summary>
        private string? StructWhy(IOperation statement)
        {
            IOperation? target = statement switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            while (target is IFieldReferenceOperation { Instance: { } inner } || target is IPropertyReferenceOperation { Property.IsIndexer: false, Instance: { } })
                target = target is IFieldReferenceOperation f ? f.Instance : ((IPropertyReferenceOperation)target).Instance;
            ITypeSymbol? element = target switch
            {
                IArrayElementReferenceOperation e => e.Type,
                IPropertyReferenceOperation { Property.IsIndexer: true } span when IsSpan(span.Instance?.Type) => span.Type,
                _ => null,
            };
            if (element is null || target is null) return null;
            if (FlatStructs.WhyNot(element) is { } layout) return layout;
            IOperation array = target is IArrayElementReferenceOperation el ? el.ArrayReference : ((IPropertyReferenceOperation)target).Instance!;
            if (ViewSymbol(array) is not { } symbol) return $"'{array.Syntax}' is not a parameter, outer local or member of this that the loop only reads, so its {element.Name} fields get no view";
            if (_noViews.Contains(symbol)) return $"'{symbol.Name}' is also used as whole {element.Name} values (passed, copied or in code KernelGen does not model), so its fields get no view";
            return null;
        }

        /// <summary>Every node of an expression.</summary>
        private static List<Expr> Walk(Expr e)
        {
            var nodes = new List<Expr>();
            Rewrite.Expression(e, n => { nodes.Add(n); return null; });
            return nodes;
        }

        private static System.Type ConstType(ScalarType t) => t.Kind switch
        {
            ScalarKind.Float => typeof(float), ScalarKind.Double => typeof(double), ScalarKind.Long => typeof(long), ScalarKind.ULong => typeof(ulong),
            ScalarKind.UInt => typeof(uint), ScalarKind.Short => typeof(short), ScalarKind.UShort => typeof(ushort), ScalarKind.Byte => typeof(byte),
            ScalarKind.SByte => typeof(sbyte), _ => typeof(int),
        };

        /// <summary>System.Numerics' Vector2, Vector3, Vector4: operators that work field by field, as the scalar operators do.</summary>
        private static bool NumericsVector(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "Vector2" or "Vector3" or "Vector4", IsGenericType: false } named && named.ContainingNamespace?.ToDisplayString() == "System.Numerics"
            && FlatStructs.Layout(type) is { Field.Kind: ScalarKind.Float };

        /// <summary>
        /// The arrays with a view that the IR still names themselves (other than for their length): a whole struct read,
        /// passed, or kept in opaque code. Their elements would be reached two ways the vectorizer does not know are the
        /// same memory, so the loop is lowered again without their views.
        /// </summary>
        private HashSet<ISymbol> Mixed(Block body)
        {
            var raw = _views.ToDictionary(v => v.Value.Array, v => v.Key);
            // (A ref alias of an element appears in the IR only where it is used as something else than a place.)
            foreach (KeyValuePair<ILocalSymbol, IOperation?> alias in _refAliases)
                if (alias.Value is { } target && _vars.TryGetValue(alias.Key, out Var? held) && ArrayOf(target) is { } array && _views.ContainsKey(array))
                    raw[held] = array;
            // (A struct local with field locals appears itself only where it is used otherwise.)
            foreach (KeyValuePair<ILocalSymbol, Var[]?> local in _localFields)
                if (local.Value is not null && _vars.TryGetValue(local.Key, out Var? whole)) raw[whole] = local.Key;
            var mixed = new HashSet<ISymbol>(_chainConflicts, SymbolEqualityComparer.Default);
            if (raw.Count == 0) return mixed;
            void Uses(IEnumerable<Var> vars) { foreach (Var v in vars) if (raw.TryGetValue(v, out ISymbol? s)) mixed.Add(s); }
            Expr? Look(Expr e)
            {
                if (e is Length { Array: Read }) return e; // (not looked into)
                if (e is Read r) Uses(new[] { r.Variable });
                if (e is Opaque o) Uses(o.Uses);
                return null;
            }
            void Walk(Stmt s)
            {
                switch (s)
                {
                    case OpaqueStmt o: Uses(o.Uses); Uses(o.Writes); break;
                    case Block b: foreach (Stmt x in b.Statements) Walk(x); break;
                    case If f: Rewrite.Expression(f.Condition, Look); Walk(f.Then); if (f.Else is not null) Walk(f.Else); break;
                    case For f: Rewrite.Expression(f.Start, Look); Rewrite.Expression(f.Limit, Look); Walk(f.Body); break;
                    case While w: Rewrite.Expression(w.Condition, Look); Walk(w.Body); break;
                    default: Rewrite.Statement(s, Look); break;
                }
            }
            Walk(body);
            return mixed;
        }
    }
}
