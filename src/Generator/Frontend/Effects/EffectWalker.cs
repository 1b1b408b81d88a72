using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend.Effects
{
    /// <summary>
    /// Collects the memory effects of a region of code (a PRange body, or a callee's body) from Roslyn's
    /// <see cref="IOperation"/> tree: writes of variables, static fields and the contents of objects, atomic updates,
    /// reads that may conflict with them, and calls, whose effects come from <see cref="CallSummaries"/> (methods of
    /// this compilation), <see cref="KnownMembers"/> (the BCL) or are unknown. A <see cref="Scope"/> says which
    /// variables are private to the region and what the others refer to.
    /// <para>
    /// Flow-insensitive and conservative: a private local may refer to anything any of its assignments gives it; an
    /// object reached from a shared one is shared; what cannot be traced is <see cref="BaseKind.Unknown"/>.
    /// </para>
    /// </summary>
    internal sealed class EffectWalker
    {
        private const int MaxDepth = 32;

        private readonly Scope _scope;
        private readonly CallSummaries _summaries;
        private readonly CallSummaries.Budget _budget;
        private readonly List<Effect> _effects = new();
        private readonly HashSet<string> _seen = new(System.StringComparer.Ordinal);
        /// <summary>Values assigned to each private local of the region (null: a value KernelGen cannot trace).</summary>
        private readonly Dictionary<ILocalSymbol, List<IOperation?>> _assignments = new(SymbolEqualityComparer.Default);
        /// <summary>Locals declared in the region, and local functions and lambdas declared in it (their calls add nothing: their bodies are walked).</summary>
        private readonly HashSet<ISymbol> _declared = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILocalSymbol, Origin> _localOrigins = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ILocalSymbol> _resolving = new(SymbolEqualityComparer.Default);

        public EffectWalker(Scope scope, CallSummaries summaries, CallSummaries.Budget budget)
        {
            _scope = scope; _summaries = summaries; _budget = budget;
        }

        public IReadOnlyList<Effect> Effects => _effects;

        /// <summary>The scope's idea of the walked code: what is private, what outer variables refer to.</summary>
        internal abstract class Scope
        {
            /// <summary>True inside a loop (element accesses of shared arrays are the race analysis's), false in a callee.</summary>
            public abstract bool IsLoop { get; }
            /// <summary>The object a variable declared outside the region refers to (a parameter of a callee, a shared variable of a loop).</summary>
            public virtual Base RootOf(ISymbol variable) => new(BaseKind.Root, variable);
            /// <summary>A callee's <c>this</c>.</summary>
            public virtual Origin ThisOrigin => Origin.Of(Base.This);
            /// <summary>Values a delegate-typed variable declared outside the region may hold (lambdas, method groups); null when unknown.</summary>
            public virtual IReadOnlyList<IOperation>? DelegateValues(ISymbol variable) => null;
        }

        // ---- the walk --------------------------------------------------------------------------------------------

        /// <summary>Walks a region; may be called for several (a loop body and the lambdas it calls).</summary>
        public void Walk(IOperation region)
        {
            _region = region;
            var operations = region.DescendantsAndSelf().ToList();
            _budget.Spend(operations.Count);
            foreach (IOperation operation in operations) Index(operation);
            foreach (IOperation operation in operations)
            {
                if (_budget.Exhausted)
                {
                    Add(AccessKind.Write, PlaceKind.UnknownCall, null, default, "the code it calls is too large for KernelGen to summarize", region.Syntax, "");
                    return;
                }
                Visit(operation);
            }
        }

        /// <summary>First pass: declarations and the values assigned to private locals.</summary>
        private void Index(IOperation operation)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    _declared.Add(declarator.Symbol);
                    if (declarator.GetVariableInitializer()?.Value is { } init) Assign(declarator.Symbol, init);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                    // (r = v through a ref local writes what r refers to; only r = ref e makes it refer elsewhere.)
                    if (!local.Local.IsRef || assignment.IsRef) Assign(local.Local, assignment.Value);
                    break;
                case IDeclarationExpressionOperation declaration:
                    foreach (ILocalReferenceOperation local in declaration.Expression.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                    {
                        _declared.Add(local.Local);
                        Assign(local.Local, null); // out var, deconstruction: not traced
                    }
                    break;
                case IArgumentOperation { Value: ILocalReferenceOperation local, Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                    Assign(local.Local, null);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (ILocalReferenceOperation local in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                        Assign(local.Local, null);
                    break;
                case IForEachLoopOperation loop:
                    foreach (ILocalSymbol local in loop.Locals)
                    {
                        _declared.Add(local);
                        // The iteration variable holds elements of the collection.
                        Assign(local, loop.Collection);
                        _elementsOf.Add(local);
                    }
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    _declared.Add(local);
                    Assign(local, null);
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    _declared.Add(local);
                    Assign(local, null);
                    break;
                case IAnonymousFunctionOperation function:
                    _declared.Add(function.Symbol);
                    break;
                case ILocalFunctionOperation function:
                    _declared.Add(function.Symbol);
                    break;
            }
        }

        private readonly HashSet<ILocalSymbol> _elementsOf = new(SymbolEqualityComparer.Default);

        private void Assign(ILocalSymbol local, IOperation? value)
        {
            if (!_assignments.TryGetValue(local, out List<IOperation?>? values)) _assignments.Add(local, values = new List<IOperation?>());
            values.Add(value);
        }

        /// <summary>A lambda declared before the loop and called in it: its element reads are not in the body the race analysis reads.</summary>
        private bool _outsideBody;
        private IOperation? _region;

        /// <summary>
        /// Whether an element access is one the race analysis does not see with its subscripts: in a callee, in a lambda
        /// declared before the loop, or in a lambda or local function inside the loop body (SyntaxNodes.Own skips those).
        /// </summary>
        private bool Unseen(IOperation operation)
        {
            if (!_scope.IsLoop || _outsideBody) return true;
            for (IOperation? up = operation.Parent; up is not null && up != _region; up = up.Parent)
                if (up is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
            return false;
        }

        private void Visit(IOperation operation)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment:
                    if (!assignment.IsRef) Write(assignment.Target, AccessKind.Write, assignment.Target.Syntax);
                    break;
                case ICompoundAssignmentOperation compound:
                    Write(compound.Target, AccessKind.Write, compound.Target.Syntax);
                    if (compound.OperatorMethod is { } op) CallMethod(op, null, null, compound.Syntax);
                    break;
                case ICoalesceAssignmentOperation coalesce:
                    Write(coalesce.Target, AccessKind.Write, coalesce.Target.Syntax);
                    break;
                case IIncrementOrDecrementOperation increment:
                    Write(increment.Target, AccessKind.Write, increment.Target.Syntax);
                    if (increment.OperatorMethod is { } op2) CallMethod(op2, null, null, increment.Syntax);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (IOperation target in Leaves(deconstruction.Target)) Write(target, AccessKind.Write, target.Syntax);
                    if (deconstruction.Value.Type is INamedTypeSymbol { IsTupleType: false } source && !KnownMembers.IsImmutableOrValue(source))
                        Unknown($"deconstructs a '{source.Name}' (its Deconstruct method)", deconstruction.Syntax);
                    break;
                case IInvocationOperation invocation:
                    Invocation(invocation);
                    break;
                case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                    CallMethod(constructor, Origin.Fresh, creation.Arguments, creation.Syntax);
                    break;
                case IPropertyReferenceOperation property:
                    if (IsSpanIndexer(property.Property) && !IsWriteTarget(property) && property.Instance is not null && Unseen(property))
                        Contents(OriginOf(property.Instance, 0), AccessKind.Read, "elements", null, property.Syntax);
                    PropertyAccess(property);
                    break;
                case IFieldReferenceOperation field when !IsWriteTarget(field):
                    Read(field);
                    break;
                // Elements read in a callee (a helper, a lambda, a local function): which elements is not known, so the
                // race analysis pairs them with every write of that array in the loop. (In the loop's own body it has
                // the element accesses with their subscripts.)
                case IArrayElementReferenceOperation element when !IsWriteTarget(element) && Unseen(element):
                    Contents(OriginOf(element.ArrayReference, 0), AccessKind.Read, "elements", null, element.Syntax);
                    break;
                case IBinaryOperation { OperatorMethod: { } method } binary:
                    CallMethod(method, null, null, binary.Syntax);
                    break;
                case IUnaryOperation { OperatorMethod: { } method } unary:
                    CallMethod(method, null, null, unary.Syntax);
                    break;
                case IConversionOperation { OperatorMethod: { } method } conversion:
                    CallMethod(method, null, null, conversion.Syntax);
                    break;
                case IEventAssignmentOperation eventAssignment:
                {
                    IEventReferenceOperation reference = (IEventReferenceOperation)eventAssignment.EventReference;
                    if (reference.Event.IsStatic) Add(AccessKind.Write, PlaceKind.StaticField, reference.Event, default, "", eventAssignment.Syntax, "");
                    else Contents(OriginOf(reference.Instance, 0), AccessKind.Write, $"event '{reference.Event.Name}'", reference.Event, eventAssignment.Syntax);
                    break;
                }
                case IDelegateCreationOperation { Target: IMethodReferenceOperation reference } creation:
                    // Whoever gets the delegate may call it: its effects count here (the arguments are unknown).
                    CallMethod(reference.Method, reference.Method.IsStatic ? null : OriginOf(reference.Instance, 0), null, creation.Syntax, argumentsUnknown: true);
                    break;
                case IMethodReferenceOperation reference when reference.Parent is not IDelegateCreationOperation:
                    CallMethod(reference.Method, reference.Method.IsStatic ? null : OriginOf(reference.Instance, 0), null, reference.Syntax, argumentsUnknown: true);
                    break;
                case IForEachLoopOperation loop:
                    ForEachCollection(loop);
                    break;
                case IUsingOperation or IUsingDeclarationOperation:
                    Disposal(operation);
                    break;
                case IInterpolationOperation hole:
                    Formatted(hole.Expression, hole.Syntax);
                    break;
                case IRecursivePatternOperation { DeconstructSymbol: IMethodSymbol deconstruct } pattern:
                    CallMethod(deconstruct, null, null, pattern.Syntax, argumentsUnknown: true);
                    break;
                case IAddressOfOperation address:
                    // The address may be written through later: count it as a write of what it points at.
                    Write(address.Reference, AccessKind.Write, address.Syntax, addressTaken: true);
                    break;
                case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation or IDynamicObjectCreationOperation:
                    Unknown("uses 'dynamic', whose members are bound at run time", operation.Syntax);
                    break;
                case IFunctionPointerInvocationOperation:
                    Unknown("calls through a function pointer", operation.Syntax);
                    break;
                case ICollectionExpressionOperation { ConstructMethod: IMethodSymbol construct } collection:
                    CallMethod(construct, null, null, collection.Syntax, argumentsUnknown: true);
                    break;
            }
        }

        private static IEnumerable<IOperation> Leaves(IOperation target) => target switch
        {
            ITupleOperation tuple => tuple.Elements.SelectMany(Leaves),
            IDeclarationExpressionOperation declaration => Leaves(declaration.Expression),
            _ => new[] { target },
        };

        // ---- writes and reads ------------------------------------------------------------------------------------

        private static bool IsWriteTarget(IOperation operation) => operation.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == operation,
            IIncrementOrDecrementOperation increment => increment.Target == operation,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            _ => false,
        };

        /// <summary>A write (or atomic update) of the storage <paramref name="target"/> denotes.</summary>
        private void Write(IOperation target, AccessKind access, SyntaxNode at, bool addressTaken = false, int depth = 0)
        {
            if (depth > MaxDepth) { Contents(Origin.Unknown, access, "memory", null, at); return; }
            switch (target)
            {
                case ILocalReferenceOperation local:
                    if (local.Local.IsRef)
                    {
                        // Through a ref local: what it was made to refer to.
                        foreach (IOperation? value in AssignedValues(local.Local))
                        {
                            if (value is null) Contents(Origin.Unknown, access, "memory through ref local '" + local.Local.Name + "'", null, at);
                            // The ref variable of a foreach over a view made in place (a.AsSpan(s, n), rows[i].AsSpan()):
                            // an element of what the view shows, written at the collection (where the race analysis
                            // knows the loop as a window over the array, or reports it).
                            else if (_elementsOf.Contains(local.Local) && Unwrapped(value) is IInvocationOperation view && IsViewCall(view))
                                Contents(OriginOf(view, 0), access, "elements", null, value.Syntax);
                            else Write(value, access, at, addressTaken, depth + 1);
                        }
                        return;
                    }
                    if (!_declared.Contains(local.Local)) Add(access, PlaceKind.Variable, local.Local, default, "", at, "");
                    return;
                case IParameterReferenceOperation parameter:
                    if (IsRegionParameter(parameter.Parameter))
                    {
                        if (parameter.Parameter.RefKind != RefKind.None) Contents(Origin.Unknown, access, $"a variable passed by reference to '{parameter.Parameter.Name}'", null, at);
                        return; // a lambda's by-value parameter: its own copy
                    }
                    if (!_scope.IsLoop && parameter.Parameter.RefKind == RefKind.None) return; // a callee's by-value parameter: its own copy
                    Add(access, PlaceKind.Variable, parameter.Parameter, default, "", at, "");
                    return;
                case IFieldReferenceOperation field:
                    if (field.Field.IsStatic)
                    {
                        Add(access, PlaceKind.StaticField, field.Field, default, "", at, "");
                        return;
                    }
                    if (field.Instance is null) { Contents(Origin.Unknown, access, FieldText(field.Field), field.Field, at); return; }
                    if (field.Instance.Type?.IsValueType == true)
                    {
                        // A field of a struct: writes the struct's storage (a variable, an element, a field of an object).
                        if (field.Instance is IInstanceReferenceOperation) { Add(access, PlaceKind.Variable, null, Base.This, "", at, ""); return; }
                        Write(field.Instance, access, at, addressTaken, depth + 1);
                        return;
                    }
                    Contents(OriginOf(field.Instance, 0), access, FieldText(field.Field), field.Field, at);
                    return;
                case IArrayElementReferenceOperation element:
                    if (!Unseen(element))
                    {
                        // The race analysis tests element accesses with their subscripts; it needs to know which are atomic.
                        if (access == AccessKind.AtomicUpdate) Add(access, PlaceKind.Contents, null, new Base(BaseKind.ElementAt, null, element.Syntax), "element", at, "");
                        return;
                    }
                    Contents(OriginOf(element.ArrayReference, 0), access, "elements", null, at);
                    return;
                case IPropertyReferenceOperation property:
                    if (IsSpanIndexer(property.Property))
                    {
                        if (!Unseen(property)) return; // span elements: the race analysis's too
                        Contents(OriginOf(property.Instance, 0), access, "elements", null, at);
                        return;
                    }
                    if (AutoPropertyField(property.Property) is { } backing)
                    {
                        if (backing.IsStatic) { Add(access, PlaceKind.StaticField, property.Property, default, "", at, ""); return; }
                        if (property.Instance?.Type?.IsValueType == true)
                        {
                            if (property.Instance is IInstanceReferenceOperation) { Add(access, PlaceKind.Variable, null, Base.This, "", at, ""); return; }
                            Write(property.Instance, access, at, addressTaken, depth + 1);
                            return;
                        }
                        Contents(OriginOf(property.Instance, 0), access, $"property '{property.Property.Name}'", property.Property, at);
                        return;
                    }
                    // A ref-returning property or indexer: writes what it refers to (unknown); setters are calls (PropertyAccess).
                    if (property.Property.ReturnsByRef)
                        Contents(property.Instance is null ? Origin.Unknown : OriginOf(property.Instance, 0).Reach(), access, $"what '{property.Property.Name}' refers to", null, at);
                    return;
                case IImplicitIndexerReferenceOperation indexer:
                    if (_scope.IsLoop && IsSpanType(indexer.Instance.Type)) return;
                    Contents(OriginOf(indexer.Instance, 0), access, "elements", null, at);
                    return;
                case IInlineArrayAccessOperation inline:
                    Write(inline.Instance, access, at, addressTaken, depth + 1);
                    return;
                case IInstanceReferenceOperation:
                    Add(access, PlaceKind.Variable, null, Base.This, "", at, "");
                    return;
                case IConversionOperation conversion:
                    Write(conversion.Operand, access, at, addressTaken, depth + 1);
                    return;
                case IParenthesizedOperation parenthesized:
                    Write(parenthesized.Operand, access, at, addressTaken, depth + 1);
                    return;
                case IConditionalOperation conditional when conditional.WhenFalse is not null:
                    Write(conditional.WhenTrue, access, at, addressTaken, depth + 1);
                    Write(conditional.WhenFalse, access, at, addressTaken, depth + 1);
                    return;
                case IDiscardOperation or IDeclarationExpressionOperation:
                    return;
                case IInvocationOperation { TargetMethod.ReturnsByRef: true } call:
                    Contents(call.Instance is null ? Origin.Unknown : OriginOf(call.Instance, 0).Reach(), access, $"what '{call.TargetMethod.Name}' returns a reference to", null, at);
                    return;
                case IEventReferenceOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation:
                    return; // reported by Visit
                default:
                    // p[i] and *p on a pointer are the race analysis's; p->f and the like: memory KernelGen cannot trace.
                    if (_scope.IsLoop && target.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax
                        or Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.PointerIndirectionExpression }) return;
                    Contents(Origin.Unknown, access, target.Kind == OperationKind.None ? "memory through a pointer" : "memory KernelGen cannot trace", null, at);
                    return;
            }
        }

        /// <summary>Reads of static fields, and of fields of shared objects, matter against atomic updates of the same place.</summary>
        private void Read(IFieldReferenceOperation field)
        {
            if (field.Field.IsConst) return;
            if (field.Field.IsStatic && field.Field.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ThreadStaticAttribute"))
            {
                // Each thread has its own: the chunks that run on other threads would not read the caller's value.
                Unknown($"reads [ThreadStatic] field '{field.Field.Name}', of which each thread has its own (the chunks on other threads would not read the caller's)", field.Syntax);
                return;
            }
            if (field.Field.IsStatic)
            {
                if (!field.Field.IsReadOnly) Add(AccessKind.Read, PlaceKind.StaticField, field.Field, default, "", field.Syntax, "");
                return;
            }
            if (field.Instance is null || field.Instance.Type?.IsValueType == true || field.Field.IsReadOnly) return;
            Contents(OriginOf(field.Instance, 0), AccessKind.Read, FieldText(field.Field), field.Field, field.Syntax);
        }

        /// <summary>A field as the user wrote it: an auto-property's backing field by the property's name.</summary>
        private static string FieldText(IFieldSymbol field) =>
            field.AssociatedSymbol is IPropertySymbol property ? $"property '{property.Name}'" : $"field '{field.Name}'";

        private void Contents(Origin origin, AccessKind access, string member, ISymbol? symbol, SyntaxNode at)
        {
            foreach (Base b in origin.Bases)
                if (b.Kind != BaseKind.Fresh)
                    Add(access, PlaceKind.Contents, symbol, b, member, at, "");
        }

        private void Unknown(string why, SyntaxNode at) => Add(AccessKind.Write, PlaceKind.UnknownCall, null, default, why, at, "");

        private void Add(AccessKind access, PlaceKind place, ISymbol? symbol, Base b, string member, SyntaxNode at, string via) =>
            Add(new Effect(access, place, symbol, b, member, at, via));

        private void Add(Effect effect)
        {
            // One effect per (kind, place, site): a loop over the same statement adds nothing new.
            string key = $"{(int)effect.Access}|{(int)effect.Place}|{effect.Symbol?.ToDisplayString()}|{(int)effect.Base.Kind}|{effect.Base.Symbol?.ToDisplayString()}|{effect.Base.Syntax?.SpanStart}|{effect.Member}|{effect.At.SpanStart}|{effect.At.Span.Length}";
            if (_seen.Add(key)) _effects.Add(effect);
        }

        private bool IsRegionParameter(IParameterSymbol parameter) =>
            parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } owner && _declared.Contains(owner);

        // ---- origins -----------------------------------------------------------------------------------------------

        /// <summary>System.Span/ReadOnlySpan/Memory/ReadOnlyMemory/ArraySegment: views of another object's elements.</summary>
        private static bool IsArrayView(INamedTypeSymbol type) =>
            type.Name is "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory" or "ArraySegment"
            && type.ContainingNamespace?.ToDisplayString() == "System";

        /// <summary>What objects a reference-typed expression may refer to.</summary>
        public Origin OriginOf(IOperation? operation, int depth)
        {
            if (operation is null || depth > MaxDepth) return Origin.Unknown;
            if (KnownMembers.IsImmutableOrValue(operation.Type) && operation is not (IConversionOperation or IParenthesizedOperation))
                return Origin.Fresh; // copied or immutable: nothing shared can be written through it
            switch (operation)
            {
                // A span, memory or segment made over an array views that array's elements: writing through it writes
                // them (new Span<T>(r, 0, 1) is not a fresh object). Over a ref or a pointer: anything.
                case IObjectCreationOperation { Type: INamedTypeSymbol view } creation when IsArrayView(view):
                {
                    var viewed = new Origin();
                    foreach (IArgumentOperation argument in creation.Arguments)
                    {
                        if (argument.Parameter?.RefKind is not (null or RefKind.None) || argument.Value.Type is IPointerTypeSymbol) return Origin.Unknown;
                        if (argument.Value.Type is IArrayTypeSymbol || argument.Value.Type is INamedTypeSymbol { IsRefLikeType: true })
                            viewed.Add(OriginOf(argument.Value, depth + 1));
                    }
                    return viewed.Bases.Count == 0 ? Origin.Unknown : viewed;
                }
                case IObjectCreationOperation or IArrayCreationOperation or IAnonymousObjectCreationOperation or ICollectionExpressionOperation
                    or IDelegateCreationOperation or IAnonymousFunctionOperation or ILiteralOperation or IDefaultValueOperation
                    or ITypeOfOperation or INameOfOperation or IInterpolatedStringOperation or IWithOperation or ITypeParameterObjectCreationOperation:
                    return Origin.Fresh;
                case IConversionOperation conversion:
                    return conversion.OperatorMethod is null ? OriginOf(conversion.Operand, depth + 1) : Origin.Unknown;
                case IParenthesizedOperation parenthesized:
                    return OriginOf(parenthesized.Operand, depth + 1);
                case IConditionalOperation conditional:
                    return OriginOf(conditional.WhenTrue, depth + 1).Add(OriginOf(conditional.WhenFalse, depth + 1));
                case ICoalesceOperation coalesce:
                    return OriginOf(coalesce.Value, depth + 1).Add(OriginOf(coalesce.WhenNull, depth + 1));
                case ISwitchExpressionOperation @switch:
                {
                    var origin = new Origin();
                    foreach (ISwitchExpressionArmOperation arm in @switch.Arms) origin.Add(OriginOf(arm.Value, depth + 1));
                    return origin;
                }
                case ISimpleAssignmentOperation assignment:
                    return OriginOf(assignment.Value, depth + 1);
                case ILocalReferenceOperation local:
                    return OriginOfLocal(local.Local, depth);
                case IParameterReferenceOperation parameter:
                    return IsRegionParameter(parameter.Parameter) ? Origin.Unknown : Origin.Of(_scope.RootOf(parameter.Parameter));
                case IInstanceReferenceOperation:
                    return _scope.ThisOrigin;
                case IFieldReferenceOperation field:
                    if (field.Field.IsStatic) return Origin.Of(new Base(BaseKind.Static, field.Field));
                    return OriginOf(field.Instance, depth + 1).Reach();
                case IArrayElementReferenceOperation element:
                    return ElementOrigin(element, depth);
                case IPropertyReferenceOperation property:
                    if (property.Property.IsStatic) return Origin.Of(new Base(BaseKind.Static, property.Property));
                    return OriginOf(property.Instance, depth + 1).Reach();
                case IInvocationOperation call:
                    return CallResultOrigin(call, depth);
                case IAwaitOperation or IInvalidOperation:
                    return Origin.Unknown;
                // stackalloc (the compiler gives it no operation kind of its own): this iteration's own memory.
                case { Kind: OperationKind.None, Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitStackAllocArrayCreationExpressionSyntax }:
                    return Origin.Fresh;
                default:
                    return Origin.Unknown;
            }
        }

        /// <summary>
        /// An element of an array: in a loop, an element of a shared array held in a variable is <see cref="BaseKind.ElementAt"/>
        /// (the race analysis knows its subscripts and checks that the elements are distinct objects); anything else is reached from the array.
        /// </summary>
        private Origin ElementOrigin(IArrayElementReferenceOperation element, int depth)
        {
            Origin array = OriginOf(element.ArrayReference, depth + 1);
            if (_scope.IsLoop && array.Bases.Count == 1 && array.Bases[0].Kind == BaseKind.Root
                && element.ArrayReference is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation)
                return Origin.Of(new Base(BaseKind.ElementAt, array.Bases[0].Symbol, element.Syntax));
            return array.Reach();
        }

        /// <summary>What a local may refer to: a variable declared outside the region is a root; a private one, whatever it is assigned.</summary>
        public Origin OriginOfLocal(ILocalSymbol local, int depth)
        {
            if (!_declared.Contains(local)) return Origin.Of(_scope.RootOf(local));
            if (_localOrigins.TryGetValue(local, out Origin? known)) return known;
            if (!_resolving.Add(local)) return new Origin(); // a cycle of assignments adds nothing new
            var origin = new Origin();
            foreach (IOperation? value in AssignedValues(local))
            {
                if (value is null) { origin.Add(Origin.Unknown); continue; }
                Origin of = OriginOf(value, depth + 1);
                // A foreach variable holds the collection's elements: reached from the collection.
                origin.Add(_elementsOf.Contains(local) ? ElementsOfCollection(value, of) : of);
            }
            _resolving.Remove(local);
            _localOrigins[local] = origin;
            return origin;
        }

        private static Origin ElementsOfCollection(IOperation collection, Origin of)
        {
            var elements = new Origin();
            foreach (Base b in of.Bases)
                elements.Add(Origin.Of(b.Kind is BaseKind.Root or BaseKind.Static && b.Symbol is not null ? new Base(BaseKind.ElementOf, b.Symbol) : Base.Unknown));
            return elements;
        }

        private IReadOnlyList<IOperation?> AssignedValues(ILocalSymbol local) =>
            _assignments.TryGetValue(local, out List<IOperation?>? values) ? values : new IOperation?[] { null };

        /// <summary>AsSpan, AsMemory, Slice, AsReadOnly: a view of its source (the receiver, or an extension's first argument).</summary>
        private static bool IsViewCall(IInvocationOperation call) => call.TargetMethod.Name is "AsSpan" or "AsMemory" or "Slice" or "AsReadOnly";

        private static IOperation Unwrapped(IOperation value) => value is IConversionOperation { OperatorMethod: null } c ? c.Operand : value;

        private Origin CallResultOrigin(IInvocationOperation call, int depth)
        {
            IMethodSymbol method = call.TargetMethod;
            if (KnownMembers.IsImmutableOrValue(method.ReturnType)) return Origin.Fresh;
            // Views of their source: AsSpan, Slice, AsMemory.
            if (IsViewCall(call))
                return call.Instance is not null ? OriginOf(call.Instance, depth + 1) : call.Arguments.Length > 0 ? OriginOf(call.Arguments[0].Value, depth + 1) : Origin.Unknown;
            if (method.Name is "ToArray" or "ToList" or "Clone" or "ToString" or "ToHashSet" or "ToDictionary" && KnownMembers.Classify(method) != KnownCall.Unknown)
                return Origin.Fresh;
            if (_summaries.IsSourceMethod(method) && _summaries.ReturnsFresh(method, _budget)) return Origin.Fresh;
            return Origin.Unknown;
        }

        // ---- calls -----------------------------------------------------------------------------------------------

        private void Invocation(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (method.MethodKind == MethodKind.DelegateInvoke)
            {
                DelegateCall(invocation.Instance, invocation.Syntax);
                ArgumentRules(method, invocation.Arguments, invocation.Syntax);
                return;
            }
            Origin? receiver = method.IsStatic || invocation.Instance is null ? null : OriginOf(invocation.Instance, 0);
            if (!method.IsStatic && invocation.Instance?.Type?.IsValueType == true)
            {
                // A struct method changes the receiver's storage: mapped through Variable(this) below.
                receiver = Origin.Fresh;
            }
            CallMethod(method, receiver, invocation.Arguments, invocation.Syntax, receiverOperation: invocation.Instance, isVirtual: invocation.IsVirtual);
        }

        /// <summary>The effects of calling <paramref name="method"/> at <paramref name="at"/>.</summary>
        private void CallMethod(IMethodSymbol method, Origin? receiver, IReadOnlyList<IArgumentOperation>? arguments, SyntaxNode at,
            IOperation? receiverOperation = null, bool isVirtual = false, bool argumentsUnknown = false)
        {
            if (method.MethodKind == MethodKind.LocalFunction && _declared.Contains(method.OriginalDefinition)) return; // its body is walked
            if (method.MethodKind == MethodKind.AnonymousFunction) return;
            string name = Describe(method);

            if (KnownMembers.IsMarkedPure(method))
            {
                if (arguments is not null) ByRefArguments(arguments, at);
                return;
            }
            if (_summaries.IsSourceMethod(method))
            {
                if (isVirtual && !IsDispatchKnown(method, receiverOperation))
                {
                    Unknown($"'{name}' is virtual, so KernelGen cannot tell which override runs; make it non-virtual or sealed, or mark it [Pure] if it has no side effects", at);
                    return;
                }
                Summary summary = _summaries.Get(method, _budget);
                foreach (Effect effect in summary.Effects)
                    MapCalleeEffect(effect, method, receiver, receiverOperation, arguments, at, name, argumentsUnknown);
                return;
            }
            if (IsNumericInterfaceMember(method)) return; // generic math on a type parameter: the numeric types' own operators

            KnownCall known = KnownMembers.Classify(method);
            if (isVirtual && known is KnownCall.Pure && !IsBclReceiver(method, receiverOperation))
            {
                Unknown($"'{name}' is a virtual method called on a '{receiverOperation?.Type?.Name}', whose override may run code KernelGen cannot see", at);
                return;
            }
            switch (known)
            {
                case KnownCall.Pure:
                case KnownCall.ReadsReceiver:
                    if (arguments is not null) ArgumentRules(method, arguments, at);
                    return;
                case KnownCall.WritesReceiver:
                    if (receiver is not null) Contents(receiver, AccessKind.Write, $"state ({name})", null, at);
                    if (arguments is not null) ArgumentRules(method, arguments, at);
                    return;
                case KnownCall.Interlocked:
                    AtomicCall(method, arguments, at);
                    return;
                case KnownCall.VolatileRead:
                    return;
                case KnownCall.VolatileWrite:
                    if (arguments is { Count: > 0 }) Write(arguments[0].Value, AccessKind.Write, at);
                    return;
                case KnownCall.ThreadDependent:
                    Unknown($"'{name}' gives a different value on each thread (or runs a callback once per thread), so the parallel loop would not match the serial one", at);
                    return;
                default:
                    Unknown($"'{name}' is a method of another assembly ({method.ContainingAssembly?.Name}) that KernelGen does not know to be free of side effects; if it is, call it from a helper marked [System.Diagnostics.Contracts.Pure]", at);
                    return;
            }
        }

        /// <summary>Interlocked.X(ref location, …): an atomic update when commutative and its result is unused, else an ordered one.</summary>
        private void AtomicCall(IMethodSymbol method, IReadOnlyList<IArgumentOperation>? arguments, SyntaxNode at)
        {
            if (arguments is null || arguments.Count == 0) return;
            if (method.Name == "Read") return;
            bool unused = arguments[0].Parent?.Parent is IExpressionStatementOperation
                || arguments[0].Parent?.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation };
            bool commutative = method.Name is "Add" or "Increment" or "Decrement" or "And" or "Or";
            Write(arguments[0].Value, commutative && unused ? AccessKind.AtomicUpdate : AccessKind.AtomicOrdered, at);
        }

        /// <summary>What known (BCL) methods do with their arguments: by-ref ones are written, writable spans and filled arrays too; callbacks run.</summary>
        private void ArgumentRules(IMethodSymbol method, IReadOnlyList<IArgumentOperation> arguments, SyntaxNode at)
        {
            foreach (IArgumentOperation argument in arguments)
            {
                IParameterSymbol? parameter = argument.Parameter;
                if (parameter is null) continue;
                if (parameter.RefKind is RefKind.Ref or RefKind.Out)
                {
                    Write(argument.Value, AccessKind.Write, at);
                    continue;
                }
                ITypeSymbol type = parameter.Type;
                if (IsWritableSpan(type))
                {
                    // A writable span (or Memory) may be written anywhere in it.
                    WriteElementsThrough(argument.Value, at, Describe(method));
                    continue;
                }
                // (System.Array parameters too: Array.Copy(Array, int, Array, int, int), Array.Clear(Array, int, int),
                // Buffer.BlockCopy write the array they get as one.)
                if ((type is IArrayTypeSymbol || type.SpecialType == SpecialType.System_Array) && KnownMembers.WritesArrayArgument(method, parameter))
                {
                    WriteElementsThrough(argument.Value, at, Describe(method));
                    continue;
                }
                if (type.TypeKind == TypeKind.Delegate)
                {
                    DelegateCall(argument.Value, at);
                    continue;
                }
                if (type.TypeKind == TypeKind.Interface || type.SpecialType == SpecialType.System_Object)
                {
                    // The BCL may call the object's interface methods (Compare, ToString, Equals): user code.
                    IOperation value = argument.Value is IConversionOperation conversion ? conversion.Operand : argument.Value;
                    if (value is ILiteralOperation or IDefaultValueOperation || value.ConstantValue.HasValue) continue;
                    if (KnownMembers.HasBclBehaviour(value.Type) || value.Type?.SpecialType == SpecialType.System_Object && argument.Value is not IConversionOperation) continue;
                    if (value.Type is { } vt && KnownMembers.TypeName(vt).StartsWith("System.", System.StringComparison.Ordinal)) continue;
                    if (method.Name is "Add" or "Enqueue" or "Push" or "Insert" or "TryAdd" or "set_Item" or "Contains" or "Remove"
                        && value.Type?.TypeKind is TypeKind.Class && KnownMembers.Classify(method) is KnownCall.WritesReceiver or KnownCall.ReadsReceiver
                        && !(method.ContainingType?.Name.Contains("Dictionary") == true || method.ContainingType?.Name.Contains("Set") == true))
                        continue; // stored, not called
                    Unknown($"passes '{value.Syntax}' to '{Describe(method)}', which may call its methods (ToString, Equals, Compare …), code KernelGen does not follow", at);
                }
            }
        }

        private void ByRefArguments(IReadOnlyList<IArgumentOperation> arguments, SyntaxNode at)
        {
            foreach (IArgumentOperation argument in arguments)
                if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                    Write(argument.Value, AccessKind.Write, at);
        }

        /// <summary>A callee writes the elements of an array or span it was given.</summary>
        private void WriteElementsThrough(IOperation value, SyntaxNode at, string callee)
        {
            IOperation inner = Unwrapped(value);
            // AsSpan(x) and friends view x.
            if (inner is IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" } view)
                inner = view.Instance ?? (view.Arguments.Length > 0 ? view.Arguments[0].Value : inner);
            if (_scope.IsLoop && inner is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation
                && OriginOf(inner, 0).Bases is { Count: 1 } only && only[0].Kind == BaseKind.Root)
            {
                // A shared array handed to a method that fills it: which elements is not known.
                Add(AccessKind.Write, PlaceKind.Contents, null, only[0], "elements", at, callee);
                return;
            }
            Contents(OriginOf(inner, 0), AccessKind.Write, "elements", null, at);
        }

        /// <summary>A delegate is called (directly, or by a method it is passed to).</summary>
        private void DelegateCall(IOperation? target, SyntaxNode at, int depth = 0)
        {
            IOperation? value = target is null ? null : Unwrapped(target);
            switch (value)
            {
                case null:
                    return;
                case IAnonymousFunctionOperation or IDelegateCreationOperation or IMethodReferenceOperation:
                    return; // a lambda here is walked with the region; a method group's effects are counted where it is created
                case ILiteralOperation or IDefaultValueOperation:
                    return;
                case ILocalReferenceOperation local when _declared.Contains(local.Local):
                    if (depth > 4) break;
                    foreach (IOperation? assigned in AssignedValues(local.Local))
                    {
                        if (assigned is null) { Unknown($"calls the delegate '{local.Local.Name}', whose code KernelGen cannot see", at); return; }
                        DelegateCall(assigned, at, depth + 1);
                    }
                    return;
                case ILocalReferenceOperation or IParameterReferenceOperation when _scope.DelegateValues(((value as ILocalReferenceOperation)?.Local as ISymbol) ?? ((IParameterReferenceOperation)value).Parameter) is { } values:
                {
                    foreach (IOperation lambda in values) DelegateBody(lambda, at);
                    return;
                }
            }
            string what = value switch
            {
                ILocalReferenceOperation l => $"the delegate '{l.Local.Name}'",
                IParameterReferenceOperation p => $"the delegate parameter '{p.Parameter.Name}'",
                IFieldReferenceOperation f => $"the delegate in field '{f.Field.Name}'",
                IPropertyReferenceOperation p => $"the delegate in property '{p.Property.Name}'",
                _ => $"the delegate '{value.Syntax}'",
            };
            Unknown($"calls {what}, whose code KernelGen cannot see; call a static method of this project instead (its effects are checked)", at);
        }

        /// <summary>A lambda or method group assigned outside the region and called in it: its body's effects happen here.</summary>
        private void DelegateBody(IOperation value, SyntaxNode at)
        {
            IOperation inner = Unwrapped(value);
            if (inner is IDelegateCreationOperation creation) inner = creation.Target;
            switch (inner)
            {
                case IAnonymousFunctionOperation function:
                {
                    var walker = new EffectWalker(_scope, _summaries, _budget) { _outsideBody = true };
                    walker._declared.Add(function.Symbol);
                    walker.Walk(function.Body);
                    foreach (Effect effect in walker.Effects) Add(effect.Through(at, "the lambda at line " + (function.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1)));
                    return;
                }
                case IMethodReferenceOperation reference:
                    CallMethod(reference.Method, reference.Method.IsStatic ? null : OriginOf(reference.Instance, 0), null, at, argumentsUnknown: true);
                    return;
                default:
                    Unknown($"calls a delegate whose code KernelGen cannot see ('{value.Syntax}')", at);
                    return;
            }
        }

        /// <summary>Maps an effect of a callee (in terms of its parameters) to this call site.</summary>
        private void MapCalleeEffect(Effect effect, IMethodSymbol method, Origin? receiver, IOperation? receiverOperation,
            IReadOnlyList<IArgumentOperation>? arguments, SyntaxNode at, string name, bool argumentsUnknown)
        {
            string via = effect.Via.Length == 0 ? name : name + " → " + effect.Via;
            switch (effect.Place)
            {
                case PlaceKind.Variable:
                {
                    if (effect.Base.Kind == BaseKind.This)
                    {
                        // A struct method changed its receiver: the receiver's storage is written.
                        if (receiverOperation is not null) WriteThrough(receiverOperation, effect.Access, at, via);
                        else if (argumentsUnknown) Add(effect.WithPlace(PlaceKind.Contents, null, Base.Unknown, at, via));
                        return;
                    }
                    IArgumentOperation? argument = ArgumentFor(effect.Symbol as IParameterSymbol, arguments);
                    if (argument is not null) WriteThrough(argument.Value, effect.Access, ArgumentSite(argument, at), via);
                    else if (argumentsUnknown) Add(effect.WithPlace(PlaceKind.Contents, null, Base.Unknown, at, via));
                    return;
                }
                case PlaceKind.Contents:
                {
                    Origin origin;
                    if (effect.Base.Kind == BaseKind.Root && effect.Base.Symbol is IParameterSymbol parameter)
                    {
                        IArgumentOperation? argument = ArgumentFor(parameter, arguments);
                        origin = argument is not null ? OriginOf(argument.Value, 0) : argumentsUnknown ? Origin.Unknown : Origin.Fresh;
                        if (argument is not null) at = ArgumentSite(argument, at);
                    }
                    else if (effect.Base.Kind == BaseKind.This)
                        origin = receiver ?? (argumentsUnknown ? Origin.Unknown : Origin.Fresh);
                    else if (effect.Base.Kind is BaseKind.Static or BaseKind.Unknown)
                        origin = Origin.Of(effect.Base);
                    else
                        origin = Origin.Unknown; // the callee's own elements of shared things: untraced here
                    foreach (Base b in origin.Bases)
                        if (b.Kind != BaseKind.Fresh)
                            Add(effect.WithPlace(PlaceKind.Contents, effect.Symbol, b, at, via));
                    return;
                }
                default:
                    Add(effect.WithPlace(effect.Place, effect.Symbol, effect.Base, at, via));
                    return;
            }
        }

        /// <summary>A callee writes the variable (or storage) an argument denotes: by-ref arguments, struct receivers.</summary>
        private void WriteThrough(IOperation storage, AccessKind access, SyntaxNode at, string via)
        {
            int before = _effects.Count;
            Write(storage, access, at);
            for (int i = before; i < _effects.Count; i++)
                if (_effects[i].Via.Length == 0) _effects[i] = _effects[i].WithPlace(_effects[i].Place, _effects[i].Symbol, _effects[i].Base, at, via);
        }

        /// <summary>Where an effect through an argument is reported: the argument as written (the call when it is implicit).</summary>
        private static SyntaxNode ArgumentSite(IArgumentOperation argument, SyntaxNode call) =>
            argument.IsImplicit || !call.Span.Contains(argument.Syntax.Span) ? call : argument.Syntax;

        private static IArgumentOperation? ArgumentFor(IParameterSymbol? parameter, IReadOnlyList<IArgumentOperation>? arguments)
        {
            if (parameter is null || arguments is null) return null;
            foreach (IArgumentOperation argument in arguments)
                if (argument.Parameter is { } p && p.Ordinal == parameter.Ordinal) return argument;
            return null;
        }

        private void PropertyAccess(IPropertyReferenceOperation property)
        {
            if (IsSpanIndexer(property.Property) || AutoPropertyField(property.Property) is not null)
            {
                if (AutoPropertyField(property.Property) is { } backing && !IsWriteTarget(property) && !backing.IsReadOnly)
                {
                    if (backing.IsStatic) Add(AccessKind.Read, PlaceKind.StaticField, property.Property, default, "", property.Syntax, "");
                    else if (property.Instance is not null && property.Instance.Type?.IsValueType != true)
                        Contents(OriginOf(property.Instance, 0), AccessKind.Read, $"property '{property.Property.Name}'", property.Property, property.Syntax);
                }
                return;
            }
            bool assigned = property.Parent is ISimpleAssignmentOperation simple && simple.Target == property;
            bool compound = IsWriteTarget(property) && !assigned;
            Origin? receiver = property.Property.IsStatic || property.Instance is null ? null
                : property.Instance.Type?.IsValueType == true ? Origin.Fresh : OriginOf(property.Instance, 0);
            if ((!assigned || compound) && property.Property.GetMethod is { } getter)
                CallMethod(getter, receiver, property.Arguments, property.Syntax, property.Instance, IsVirtualAccess(property));
            if ((assigned || compound) && property.Property.SetMethod is { } setter)
                CallMethod(setter, receiver, property.Arguments, property.Syntax, property.Instance, IsVirtualAccess(property));
        }

        private static bool IsVirtualAccess(IPropertyReferenceOperation property) =>
            !property.Property.IsStatic && (property.Property.IsVirtual || property.Property.IsAbstract || property.Property.IsOverride
                || property.Property.ContainingType?.TypeKind == TypeKind.Interface) && !property.Property.IsSealed;

        private void ForEachCollection(IForEachLoopOperation loop)
        {
            ITypeSymbol? type = loop.Collection is IConversionOperation c ? c.Operand.Type : loop.Collection.Type;
            if (type is IArrayTypeSymbol || type is not null && IsSpanType(type))
            {
                // Every element read, at no subscript the race analysis sees (foreach (var v in r), in g[i + 1]).
                Contents(OriginOf(loop.Collection, 0), AccessKind.Read, "elements", null, loop.Collection.Syntax);
                return;
            }
            if (type is null || type.SpecialType == SpecialType.System_String) return;
            string name = KnownMembers.TypeName(type);
            if (name.StartsWith("KernelGen.", System.StringComparison.Ordinal)) return;
            if (name.StartsWith("System.Collections.", System.StringComparison.Ordinal) && type.TypeKind != TypeKind.Interface) return;
            if (type.TypeKind == TypeKind.TypeParameter || type.TypeKind == TypeKind.Interface || !_summaries.IsSourceType(type))
            {
                Unknown($"enumerates a '{type.ToDisplayString()}', whose enumerator may run code KernelGen cannot see", loop.Collection.Syntax);
                return;
            }
            foreach (string member in new[] { "GetEnumerator" })
                if (type.GetMembers(member).OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0) is { } getEnumerator)
                    CallMethod(getEnumerator, OriginOf(loop.Collection, 0), null, loop.Collection.Syntax, argumentsUnknown: true);
            if (type.GetMembers("GetEnumerator").OfType<IMethodSymbol>().FirstOrDefault()?.ReturnType is INamedTypeSymbol enumerator
                && _summaries.IsSourceType(enumerator))
                foreach (string member in new[] { "MoveNext", "get_Current", "Dispose" })
                    if (enumerator.GetMembers(member).OfType<IMethodSymbol>().FirstOrDefault() is { } m)
                        CallMethod(m, Origin.Fresh, null, loop.Collection.Syntax, argumentsUnknown: true);
        }

        private void Disposal(IOperation usingOperation)
        {
            IEnumerable<IOperation> resources = usingOperation switch
            {
                IUsingOperation u => new[] { u.Resources },
                IUsingDeclarationOperation d => new IOperation[] { d.DeclarationGroup },
                _ => System.Array.Empty<IOperation>(),
            };
            foreach (IOperation resource in resources)
            {
                foreach (IOperation value in resource.DescendantsAndSelf().Where(o => o is IVariableDeclaratorOperation || o.Parent == resource && o is not IVariableDeclarationOperation))
                {
                    ITypeSymbol? type = value is IVariableDeclaratorOperation declarator ? declarator.Symbol.Type : value.Type;
                    if (type is null) continue;
                    if (_summaries.IsSourceType(type))
                    {
                        if (type.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0) is { } dispose)
                            CallMethod(dispose, Origin.Fresh, null, usingOperation.Syntax, argumentsUnknown: true);
                    }
                    else if (!KnownMembers.TypeName(type).StartsWith("System.", System.StringComparison.Ordinal))
                        Unknown($"disposes a '{type.Name}', whose Dispose method KernelGen cannot see", usingOperation.Syntax);
                }
            }
        }

        /// <summary>String formatting calls the value's ToString: user code for user types.</summary>
        private void Formatted(IOperation value, SyntaxNode at)
        {
            ITypeSymbol? type = value is IConversionOperation c ? c.Operand.Type : value.Type;
            if (type is null || KnownMembers.HasBclBehaviour(type) || KnownMembers.TypeName(type).StartsWith("System.", System.StringComparison.Ordinal)) return;
            if (_summaries.IsSourceType(type) && type.IsValueType
                && type.GetMembers("ToString").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0) is { } toString)
            {
                CallMethod(toString, Origin.Fresh, null, at, argumentsUnknown: true);
                return;
            }
            if (_summaries.IsSourceType(type) && type.IsSealed && type.GetMembers("ToString").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0) is { } sealedToString)
            {
                CallMethod(sealedToString, OriginOf(value, 0), null, at, argumentsUnknown: true);
                return;
            }
            Unknown($"formats '{value.Syntax}' as text, which calls its ToString (code KernelGen cannot see for a '{type.Name}')", at);
        }

        // ---- helpers ---------------------------------------------------------------------------------------------

        /// <summary>A virtual call whose target is known: the receiver's type (or the method) is sealed, or a struct.</summary>
        private static bool IsDispatchKnown(IMethodSymbol method, IOperation? receiver)
        {
            if (method.IsSealed || method.ContainingType?.IsValueType == true) return true;
            if (receiver is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } && method.ContainingType?.IsSealed == true) return true;
            ITypeSymbol? type = receiver?.Type;
            return type is not null && type.IsSealed && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, method.ContainingType?.OriginalDefinition);
        }

        /// <summary>A virtual BCL method called on a receiver whose type is the BCL's own (int.ToString, not a user override).</summary>
        private static bool IsBclReceiver(IMethodSymbol method, IOperation? receiver)
        {
            ITypeSymbol? type = receiver is IConversionOperation c ? c.Operand.Type : receiver?.Type;
            if (type is null) return false;
            if (KnownMembers.HasBclBehaviour(type)) return true;
            // Stateful BCL types (Random, List): their own implementation unless a user subclass overrides it.
            return KnownMembers.TypeName(type).StartsWith("System.", System.StringComparison.Ordinal) && type.IsSealed
                || KnownMembers.Classify(method) == KnownCall.Pure && KnownMembers.TypeName(type).StartsWith("System.", System.StringComparison.Ordinal)
                   && method.Name is not ("ToString" or "Equals" or "GetHashCode" or "CompareTo");
        }

        /// <summary>Static abstract members of the generic math interfaces (T + T, T.Zero) called on a type parameter.</summary>
        private static bool IsNumericInterfaceMember(IMethodSymbol method) =>
            method.IsStatic && method.ContainingType?.TypeKind == TypeKind.Interface
            && method.ContainingType.ContainingNamespace?.ToDisplayString() is "System.Numerics" or "System";

        private static bool IsSpanType(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1 } named && named.ContainingNamespace?.ToDisplayString() == "System";

        private static bool IsWritableSpan(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "Span" or "Memory", Arity: 1 } named && named.ContainingNamespace?.ToDisplayString() == "System";

        private static bool IsSpanIndexer(IPropertySymbol property) =>
            property.IsIndexer && IsSpanType(property.ContainingType);

        /// <summary>The backing field of an auto-property declared in this compilation (reads and writes of it are field accesses).</summary>
        internal static IFieldSymbol? AutoPropertyField(IPropertySymbol property)
        {
            if (property.IsIndexer || property.IsAbstract || property.IsVirtual || property.IsOverride) return null;
            // A property with a backing field whose accessors have bodies (C# 14's 'field': get => field ??= new …, or a
            // setter that also counts) runs that code: its accessors are calls. So do partial properties (one part has bodies).
            foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
                if (reference.GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } declaration
                    || declaration.Modifiers.Any(m => m.ValueText == "partial")
                    || accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null))
                    return null;
            foreach (ISymbol member in property.ContainingType.GetMembers())
                if (member is IFieldSymbol { AssociatedSymbol: IPropertySymbol owner } field && SymbolEqualityComparer.Default.Equals(owner, property.OriginalDefinition))
                    return field;
            return null;
        }

        internal static string Describe(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.Constructor) return "new " + method.ContainingType.Name;
            if (method.AssociatedSymbol is IPropertySymbol property) return (method.ContainingType?.Name is { } owner ? owner + "." : "") + property.Name;
            if (method.MethodKind is MethodKind.UserDefinedOperator or MethodKind.Conversion) return method.ContainingType?.Name + "." + method.Name;
            return (method.ContainingType?.Name is { } type ? type + "." : "") + method.Name;
        }
    }
}
