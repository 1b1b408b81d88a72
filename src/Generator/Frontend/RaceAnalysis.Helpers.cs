using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Helpers that read and write the arrays they are given: <c>static void Set(float[] a, int w, int x, int y, float
    /// v) =&gt; a[y * w + x] = v;</c> called as <c>Set(img, w, x, y, …)</c>, the accessors image and grid code wraps its
    /// flat arrays in. The effect model knows only that the helper writes some element of <c>img</c> (KG1004, serial);
    /// here each element access of the helper's array parameters is the caller's access at the call, its subscript
    /// with the parameters replaced by the arguments' forms: <c>img[y·w + x]</c>, tested like one written in the loop.
    /// <para>
    /// Only where that is the whole story: a static, non-generic source method called with one argument per parameter
    /// (no named, optional or params arguments), whose array parameters (one dimension, by value) are never assigned
    /// and used only as <c>p[e]</c> or <c>p.Length</c>, and whose subscripts are sums and invariant multiples of its
    /// by-value int parameters (never assigned) and constants. A helper that passes its array on, walks it in a loop
    /// of its own or indexes it by anything else stays what the effect model says.
    /// </para>
    /// <para>
    /// An instance member of a class (a method, or an indexer's accessors: <c>img[x, y]</c>, <c>img.Set(x, y, v)</c>,
    /// <c>this[x, y]</c>) is read the same way for its class's array fields (named F or this.F), its int fields being
    /// the receiver's: where it cannot be overridden, its receiver is a local or parameter the loop does not assign (or
    /// this), and it does nothing else to memory (no calls, no writes but those elements and its own locals, no element
    /// of anything else), since the effect model reports its writes as the receiver's, whichever array they reach.
    /// </para>
    /// </summary>
    internal sealed partial class RaceAnalysis
    {
        /// <summary>For the report: the arrays described helpers read and write, as "a (in Set)", and whether written.</summary>
        public List<(string Text, bool Write)> HelperElements { get; } = new();

        /// <summary>Per call whose helper's accesses were described: the parameters whose arrays they are.</summary>
        private readonly Dictionary<ExpressionSyntax, HashSet<IParameterSymbol>> _describedCalls = new();

        /// <summary>The accesses of the helpers called in the body (see the class remarks); false when there are too many.</summary>
        private bool DescribeHelperCalls(System.Func<Access, SyntaxNode, bool> collect)
        {
            foreach (ExpressionSyntax site in SyntaxNodes.Own(_body).Where(n => n is InvocationExpressionSyntax or ElementAccessExpressionSyntax).Cast<ExpressionSyntax>())
            {
                var described = new List<(Access Access, string Text)>();
                var parameters = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
                bool ok;
                if (site is InvocationExpressionSyntax call)
                {
                    ok = _model.GetSymbolInfo(call).Symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, ReducedFrom: null } method
                        && call.ArgumentList.Arguments.All(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None))
                        && Receiver(call.Expression, method) is var (receiver, fine) && fine
                        && HelperAccesses(method, call.ArgumentList.Arguments.Select(a => (ExpressionSyntax?)a.Expression).ToList(), receiver, call, described, parameters);
                }
                else
                {
                    // An indexer of a class of the project (img[x, y]): its get accessor where read, its set accessor where written.
                    var element = (ElementAccessExpressionSyntax)site;
                    ok = _model.GetSymbolInfo(element).Symbol is IPropertySymbol { IsIndexer: true } indexer
                        && element.ArgumentList.Arguments.All(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None))
                        && (element.Expression is ThisExpressionSyntax || element.Expression is IdentifierNameSyntax receiver && IsInvariantReceiver(receiver)) && !IsVirtual(indexer);
                    if (ok)
                    {
                        var indexerSymbol = (IPropertySymbol)_model.GetSymbolInfo(element).Symbol!;
                        var arguments = element.ArgumentList.Arguments.Select(a => (ExpressionSyntax?)a.Expression).ToList();
                        bool written = LoopAnalysis.IsWrite(element) || IsCompound(element), read = !written || IsCompound(element);
                        if (read) ok &= indexerSymbol.GetMethod is { } getter && HelperAccesses(getter, arguments, element.Expression, element, described, parameters);
                        // (The set accessor's value parameter has no argument: a subscript that reads it is not described.)
                        if (written) ok &= indexerSymbol.SetMethod is { } setter && HelperAccesses(setter, arguments.Append(null).ToList(), element.Expression, element, described, parameters);
                    }
                }
                if (!ok || described.Count == 0) continue;
                _describedCalls[site] = parameters;
                if (_model.GetSymbolInfo(site).Symbol is { IsStatic: false }) _describedReceivers.Add(site);
                foreach ((Access access, string text) in described)
                {
                    if (!HelperElements.Contains((text, access.IsWrite))) HelperElements.Add((text, access.IsWrite));
                    if (!collect(access, site)) return false;
                }
            }
            return true;

            // The receiver of an instance method (img.Set(…): a local or parameter the loop does not assign; this, named
            // or not, in an instance kernel), or null for a static one.
            (ExpressionSyntax? Receiver, bool Fine) Receiver(ExpressionSyntax callee, IMethodSymbol method) =>
                method.IsStatic ? (null, true)
                : IsVirtual(method) ? (null, false)
                : callee is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } && IsInvariantReceiver(receiver) ? (receiver, true)
                : callee is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax self } ? (self, true)
                : callee is IdentifierNameSyntax ? (SyntaxFactory.ThisExpression(), true)
                : (null, false);
        }

        /// <summary>Whether a member may run an override (not sealed, in a class that is not sealed), or belongs to anything but a class.</summary>
        private static bool IsVirtual(ISymbol member) =>
            member.ContainingType is not { TypeKind: TypeKind.Class } owner || (member.IsVirtual || member.IsAbstract || member.IsOverride) && !member.IsSealed && !owner.IsSealed;

        /// <summary>
        /// The element accesses of a helper (a method or an accessor) called at <paramref name="site"/> with
        /// <paramref name="arguments"/> (null: no argument to name) on <paramref name="receiver"/> (null: static), added
        /// to <paramref name="accesses"/>: those of its one-dimensional array parameters and of its class's array fields.
        /// False where that is not all it does to memory: a reference to one of those arrays other than <c>p[e]</c> or
        /// <c>p.Length</c>, a subscript that is not affine in its int parameters and int fields, a parameter written, or
        /// an instance member that calls anything, creates an object, writes anything but those elements and its own
        /// locals, or touches an element of any other array (another object's field of the same name included).
        /// </summary>
        private bool HelperAccesses(IMethodSymbol method, List<ExpressionSyntax?> arguments, ExpressionSyntax? receiver, ExpressionSyntax site,
            List<(Access, string)> accesses, HashSet<IParameterSymbol> described)
        {
            if (method.IsGenericMethod || method.DeclaringSyntaxReferences.Length != 1 || arguments.Count != method.Parameters.Length
                || method.Parameters.Any(p => p.IsParams || p.RefKind != RefKind.None)
                || method.DeclaringSyntaxReferences[0].GetSyntax() switch
                {
                    MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                    AccessorDeclarationSyntax a => (SyntaxNode?)a.Body ?? a.ExpressionBody,
                    ArrowExpressionClauseSyntax arrow => arrow, // an indexer's get written as => e
                    _ => null,
                } is not { } body) return false;
            SemanticModel model = SemanticModels.For(_model.Compilation, body.SyntaxTree);
            var map = new Dictionary<IParameterSymbol, ExpressionSyntax?>(SymbolEqualityComparer.Default);
            foreach (IParameterSymbol parameter in method.Parameters) map[parameter] = arguments[parameter.Ordinal];
            bool instance = !method.IsStatic;
            // The arrays: parameters, and (of an instance helper) fields of its object, each used only as p[e] or p.Length.
            var arrays = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode node in SyntaxNodes.All(body))
            {
                if (instance && node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AnonymousFunctionExpressionSyntax
                    or LocalFunctionStatementSyntax or ThrowExpressionSyntax or ThrowStatementSyntax) return false;
                if (node is not IdentifierNameSyntax name) continue;
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                // (this.F names F as F does; x.F is a member of another object: the writes below keep to the elements.)
                bool viaThis = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == name;
                bool qualified = !viaThis && name.Parent is MemberAccessExpressionSyntax { Name: var member } && member == name;
                ExpressionSyntax reference = viaThis ? (ExpressionSyntax)name.Parent! : name;
                bool own = symbol is IParameterSymbol p && SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, method)
                    || instance && !qualified && symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false, IsIndexer: false };
                if (!own) continue;
                if (LoopAnalysis.IsWrite(reference)) return false;
                ITypeSymbol? type = symbol switch { IParameterSymbol q => q.Type, IFieldSymbol f => f.Type, IPropertySymbol q => q.Type, _ => null };
                if (type is not IArrayTypeSymbol array) continue;
                bool element = reference.Parent is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } e && e.Expression == reference && array.Rank == 1;
                bool length = reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } m && m.Expression == reference;
                if (!element && !length || symbol is IPropertySymbol) return false;
                if (element) arrays.Add(symbol!);
            }
            if (arrays.Count == 0) return false;
            // An instance helper writes nothing but the elements and its own locals.
            if (instance)
                foreach (SyntaxNode node in SyntaxNodes.All(body))
                {
                    ExpressionSyntax? target = node switch
                    {
                        AssignmentExpressionSyntax a => a.Left,
                        PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PreIncrementExpression) || u.IsKind(SyntaxKind.PreDecrementExpression) => u.Operand,
                        PostfixUnaryExpressionSyntax u => u.Operand,
                        _ => null,
                    };
                    if (target is null) continue;
                    bool fine = target is ElementAccessExpressionSyntax e && OwnArray(e.Expression) is not null
                        || target is IdentifierNameSyntax local && model.GetSymbolInfo(local).Symbol is ILocalSymbol;
                    if (!fine) return false;
                }
            // One of those arrays named as the helper names its own (p, F, this.F; not other.F, the same field of another object).
            ISymbol? OwnArray(ExpressionSyntax e) =>
                (e is IdentifierNameSyntax || e is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }) && model.GetSymbolInfo(e).Symbol is ISymbol held && arrays.Contains(held) ? held : null;
            foreach (ElementAccessExpressionSyntax element in SyntaxNodes.All(body).OfType<ElementAccessExpressionSyntax>())
            {
                if (OwnArray(element.Expression) is not ISymbol held)
                {
                    if (instance) return false; // (elements of something else: a local array, a span)
                    continue;
                }
                // (Through the element, a[i].X or a[i][j], or a ref to it handed on: not described here.)
                if (element.Parent is MemberAccessExpressionSyntax or RefExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }
                    || element.Parent is ElementAccessExpressionSyntax outer && outer.Expression == element) return false;
                ExpressionSyntax subscript = element.ArgumentList.Arguments[0].Expression;
                if (model.GetTypeInfo(subscript).Type?.SpecialType is not SpecialType.System_Int32 || Substituted(subscript, model, method, map, receiver, 0) is not { } form)
                    return false;
                ISymbol? shared;
                string text;
                if (held is IParameterSymbol parameter)
                {
                    if (map[parameter] is not { } argument) return false;
                    shared = SharedArray(argument);
                    described.Add(parameter);
                    text = $"{argument} (in {method.Name})";
                }
                else
                {
                    shared = held; // a field of the receiver, as receiver.field would be
                    text = $"{receiver}.{held.Name} (in {(method.AssociatedSymbol is IPropertySymbol { IsIndexer: true } ? "its indexer" : method.Name)})";
                }
                if (shared is null) continue; // the caller's private memory
                bool write = LoopAnalysis.IsWrite(element) || IsCompound(element);
                // (A write is taken as read too: what the helper does with the element before is not followed.)
                accesses.Add((new Access(site, shared, new List<ExpressionSyntax>(), write, true) { Window = form }, text));
            }
            return true;
        }

        /// <summary>
        /// A helper's subscript as an affine form in the caller's terms: its int parameters replaced by the forms of the
        /// arguments (<see cref="Build"/> at the call) and its object's int fields by the receiver's
        /// (<see cref="MemberValue"/>), through +, −, negation, parentheses and products with a loop-invariant side.
        /// Null for anything else.
        /// </summary>
        private AffineForm? Substituted(ExpressionSyntax e, SemanticModel model, IMethodSymbol method, Dictionary<IParameterSymbol, ExpressionSyntax?> arguments, ExpressionSyntax? receiver, int depth)
        {
            if (depth > MaxDepth) return null;
            Optional<object?> constant = model.GetConstantValue(e);
            if (constant.HasValue) return constant.Value is int value ? AffineForm.Of(Poly.Constant(value)) : null;
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    return Substituted(p.Expression, model, method, arguments, receiver, depth + 1);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    return Substituted(unary.Operand, model, method, arguments, receiver, depth + 1)?.Times(Poly.Constant(-1));
                case IdentifierNameSyntax name when model.GetSymbolInfo(name).Symbol is IParameterSymbol { Type.SpecialType: SpecialType.System_Int32 } parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method) && arguments.TryGetValue(parameter, out ExpressionSyntax? argument) && argument is not null
                    && _model.GetTypeInfo(argument).Type?.SpecialType == SpecialType.System_Int32:
                    return Build(argument, 0);
                // The object's int field (W, this.W): the receiver's (img.W), the same for the whole loop.
                case IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } when receiver is not null
                    && model.GetSymbolInfo(e).Symbol is IFieldSymbol { IsStatic: false, Type.SpecialType: SpecialType.System_Int32 } or IPropertySymbol { IsStatic: false, IsIndexer: false, Type.SpecialType: SpecialType.System_Int32 }:
                    return MemberValue(model.GetSymbolInfo(e).Symbol!, receiver);
                case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression:
                    if (Substituted(binary.Left, model, method, arguments, receiver, depth + 1) is not { } left
                        || Substituted(binary.Right, model, method, arguments, receiver, depth + 1) is not { } right) return null;
                    return binary.Kind() switch
                    {
                        SyntaxKind.AddExpression => left.Plus(right),
                        SyntaxKind.SubtractExpression => left.Plus(right, -1),
                        _ => !right.HasVariables ? left.Times(right.Constant) : !left.HasVariables ? right.Times(left.Constant) : null,
                    };
                default:
                    return null;
            }
        }

        /// <summary>
        /// Whether the effect model's element effect at <paramref name="at"/> is one a described helper's accesses stand
        /// for: an argument for one of its array parameters, or the call (or indexer access) of an instance helper, all
        /// of whose element accesses were described.
        /// </summary>
        private bool DescribedByHelper(SyntaxNode at) =>
            at is ExpressionSyntax site && _describedReceivers.Contains(site)
            || (at as ArgumentSyntax ?? at.Parent as ArgumentSyntax) is { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } argument
            && _describedCalls.TryGetValue(call, out HashSet<IParameterSymbol>? parameters)
            && parameters.Any(p => p.Ordinal == call.ArgumentList.Arguments.IndexOf(argument));

        /// <summary>Calls and indexer accesses of instance helpers whose element accesses were all described.</summary>
        private readonly HashSet<ExpressionSyntax> _describedReceivers = new();
    }
}
