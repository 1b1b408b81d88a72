using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Analysis
{
    /// <summary>
    /// The general vector translator, for what <see cref="VectorAnalysis"/> (one element type, straight-line bodies) refuses.
    /// It runs one x per lane, where x is either the PRange index itself (<see cref="PlanByIndex"/>: lanes = consecutive
    /// iterations of the chunk, scalar tail) or, when that fails too, the counter of a loop
    /// <c>for (int x = lo; x &lt; hi; x++)</c> inside the PRange body (<see cref="Plan"/>, bounds invariant in the loop). Each PRange
    /// iteration then runs that loop as vector steps of consecutive x plus a scalar remainder, and every lane computes
    /// exactly what the scalar loop computes for its x, with the same operations in the same order (bitwise identical):
    /// <list type="bullet">
    /// <item>Subscripts are polynomials in x, the counters of inner loops and loop-invariant ints, with x at
    /// coefficient 1 (consecutive x read consecutive elements: one vector load or store) or 0 (the same element for
    /// every lane: an ordinary, bounds-checked scalar read, broadcast). Their first-lane value is computed by the
    /// original text, with <c>x</c> and the private ints (<c>int k = y * n + x</c>) declared as scalars for the first lane.</item>
    /// <item>Sub-expressions that do not depend on x are computed once per step in scalar code (the original text) and broadcast.</item>
    /// <item>Inner <c>for</c> loops with invariant bounds run in order inside each step (each lane accumulates in the serial order).</item>
    /// <item><c>while</c> loops run while any lane is active; only active lanes are updated (ConditionalSelect), so each
    /// lane leaves with its own scalar result.</item>
    /// <item><c>if/else</c> runs each branch when some lane takes it, updating (and storing) only the lanes that do;
    /// <c>c ? a : b</c> computes both values and selects. Both sides of <c>&amp;&amp;</c>, <c>||</c> and <c>?:</c> run for
    /// every lane, so they may not read shared elements or divide integers (which may throw where the scalar code skips them).</item>
    /// <item>Expression-bodied static helpers of the compilation are inlined (arguments computed once, in order).</item>
    /// <item>Ints in a loop that also computes doubles or longs live in long lanes (same lane count), wrapped to 32 bits
    /// after each operation (not a while loop's counter bounded by its condition), widened when loaded and narrowed when stored.</item>
    /// <item>No dependence is carried by x: only private locals of the loop body are assigned, and arrays are stored only
    /// at the top level of the body at one and the same subscript <c>base + x</c>; they are not read at any other
    /// subscript, and at run time they must not alias any other array the loop touches.</item>
    /// </list>
    /// The vector loop runs only when every subscript is in bounds at the extreme values of x and the inner-loop
    /// counters (the subscripts are multilinear in them, so the extremes bound every lane); otherwise the scalar loop runs
    /// the whole range and throws like the serial loop.
    /// </summary>
    internal static class InnerLoopVectorizer
    {
        /// <summary>The line of the inner-plan body text where the vector loop goes.</summary>
        public const string Marker = "{KG_VECTOR_LOOP}";

        /// <summary>The half-width vector placeholder (Vector256 for Vector512, …, Vector64 for Vector128).</summary>
        public const string VH = "{VH}";

        private const string V = VectorAnalysis.V;
        private const string I128 = "(global::System.Int128)";

        /// <summary>
        /// A plan with one PRange iteration per lane (the PRange index plays x's part), or null with the reason. Taken where
        /// the plain PRange vectorization (<see cref="VectorAnalysis"/>) is not: several types, branches, while loops,
        /// inner loops whose counters index arrays.
        /// </summary>
        public static VectorPlan? PlanByIndex(ForEachStatementSyntax prange, SemanticModel model, out string reason)
        {
            var translator = new Translator(null, prange, model);
            VectorPlan? plan;
            try { plan = translator.Run(); }
            catch (System.OperationCanceledException) { throw; }
            catch (System.Exception e) { plan = null; translator.Fail("internal: " + e.GetType().Name); }
            reason = translator.Reason ?? "unsupported";
            return plan;
        }

        /// <summary>A plan for the first loop (outermost first) that vectorizes, or null with the first loop's reason.</summary>
        public static VectorPlan? Plan(ForEachStatementSyntax prange, SemanticModel model, out string reason)
        {
            reason = "no inner 'for' loop to vectorize";
            bool first = true;
            foreach (ForStatementSyntax candidate in prange.Statement.DescendantNodesAndSelf(n => !LoopAnalysis.IsFunctionBoundary(n)).OfType<ForStatementSyntax>())
            {
                var translator = new Translator(candidate, prange, model);
                VectorPlan? plan;
                try { plan = translator.Run(); }
                catch (System.OperationCanceledException) { throw; }
                catch (System.Exception e) { plan = null; translator.Fail("internal: " + e.GetType().Name); }
                if (plan is not null) return plan;
                if (first)
                    reason = $"inner loop at line {candidate.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {translator.Reason ?? "unsupported"}";
                first = false;
            }
            return null;
        }

        /// <summary>A translated expression: vector code and its C# type (double, float, long, int, or bool for a lane mask).</summary>
        private readonly struct Value
        {
            public Value(string code, string type) { Code = code; Type = type; }
            public string Code { get; }
            public string Type { get; }
        }

        /// <summary>What the loop does with one array.</summary>
        private sealed class ArrayUse
        {
            public string Element = "";
            public bool Vector, Written;
            public string? StorePoly;
            /// <summary>Vector subscripts grouped by their non-constant part: extreme constants.</summary>
            public readonly Dictionary<string, (Poly Base, long Min, long Max)> Groups = new(System.StringComparer.Ordinal);
        }

        private sealed class Translator
        {
            /// <summary>The loop over x, or null when x is the PRange index itself (lanes = consecutive PRange iterations).</summary>
            private readonly ForStatementSyntax? _loop;
            private readonly SyntaxNode _scope;
            private readonly StatementSyntax _statement;
            private readonly ForEachStatementSyntax _prange;
            private SemanticModel _model;
            private readonly ISymbol? _kernel;
            /// <summary>Parameters of the helpers being inlined, bound to their arguments' vectors.</summary>
            private readonly Dictionary<ISymbol, Value> _bindings = new(SymbolEqualityComparer.Default);
            private int _inlining, _temps;
            private ILocalSymbol? _x;
            private bool _wide, _intsInLongLanes, _usesWhile, _usesInnerLoops, _usesBranches, _usesInlining;
            private readonly HashSet<ISymbol> _assigned = new(SymbolEqualityComparer.Default);
            private readonly HashSet<string> _stored = new(System.StringComparer.Ordinal);
            private readonly Dictionary<ISymbol, Poly> _shadows = new(SymbolEqualityComparer.Default);
            private readonly Dictionary<ISymbol, (string Type, int Level)> _vectors = new(SymbolEqualityComparer.Default);
            private readonly Dictionary<string, (string Lo, string Hi)> _counters = new(System.StringComparer.Ordinal);
            private readonly HashSet<ISymbol> _counterSymbols = new(SymbolEqualityComparer.Default);
            private readonly Dictionary<string, ArrayUse> _arrays = new(System.StringComparer.Ordinal);
            private readonly List<string> _nullChecks = new();
            private readonly List<string> _body = new();
            private int _indent, _depth, _level, _masks;
            private readonly HashSet<ISymbol> _bounded = new(SymbolEqualityComparer.Default);
            /// <summary>How many computed-once scalar expressions may throw (element reads, integer division).</summary>
            private int _risky;
            private string? _mask;

            public Translator(ForStatementSyntax? loop, ForEachStatementSyntax prange, SemanticModel model)
            {
                _loop = loop; _prange = prange; _model = model;
                _scope = (SyntaxNode?)loop ?? prange;
                _kernel = model.GetEnclosingSymbol(prange.SpanStart);
                _statement = loop?.Statement ?? prange.Statement;
            }

            public string? Reason { get; private set; }

            public bool Fail(string reason) { Reason ??= reason; return false; }

            private string Lane => _wide ? "long" : "int";
            private string? Elem(string type) => type switch { "double" => "double", "float" => "float", "long" => "long", "int" or "bool" => Lane, _ => null };

            private void Add(string line) => _body.Add(new string(' ', 4 * _indent) + line);

            private static string N(ISymbol symbol) => Parsing.KernelParser.Escape(symbol.Name);

            public VectorPlan? Run()
            {
                string lo = "__kg_i", hi = "__kg_last";
                if (_loop is null)
                {
                    if (_model.GetDeclaredSymbol(_prange) is not ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 } index)
                        { Fail("the PRange index is not an int"); return null; }
                    _x = index;
                }
                else if (!Header(out lo, out hi)) return null;
                else if (_loop.Parent is LabeledStatementSyntax) { Fail("the loop has a label"); return null; }
                if (!Prescan()) return null;
                Add($"int {N(_x!)} = __kg_x; // the first lane's {_x!.Name}: the lanes run {_x.Name}, {_x.Name} + 1, …");
                if (!Statement(_statement, top: true)) return null;
                if (!_arrays.Values.Any(a => a.Written)) { Fail("the loop stores no array element"); return null; }

                var guard = new List<string>();
                foreach (KeyValuePair<string, ArrayUse> array in _arrays.Where(a => a.Value.Vector))
                    guard.Add($"{array.Key} is not null");
                foreach (string name in _nullChecks.Where(n => !_arrays.TryGetValue(n, out ArrayUse? use) || !use.Vector))
                    guard.Add($"{name} is not null");
                foreach (KeyValuePair<string, ArrayUse> array in _arrays.Where(a => a.Value.Vector))
                    foreach ((Poly @base, long min, long max) in array.Value.Groups.Values)
                        foreach (Dictionary<string, string> corner in Corners(@base))
                        {
                            corner[N(_x!)] = "__kg_x";
                            guard.Add($"{Evaluate(@base, corner)}{Plus(min)} >= 0");
                            corner[N(_x)] = "__kg_xend - 1";
                            guard.Add($"{Evaluate(@base, corner)}{Plus(max)} < {array.Key}.Length");
                        }
                foreach (KeyValuePair<string, ArrayUse> written in _arrays.Where(a => a.Value.Written))
                    foreach (KeyValuePair<string, ArrayUse> other in _arrays.Where(a => a.Key != written.Key && (!a.Value.Written || string.CompareOrdinal(a.Key, written.Key) > 0)))
                        guard.Add($"!global::System.Object.ReferenceEquals({written.Key}, {other.Key})");

                string lanes = _wide ? (_arrays.Values.Any(a => a.Element == "double") || _vectors.Values.Any(v => v.Type == "double") ? "double" : "long")
                                     : (_arrays.Values.Any(a => a.Element == "float") || _vectors.Values.Any(v => v.Type == "float") ? "float" : "int");
                string features = (_intsInLongLanes ? ", ints in long lanes" : "")
                    + (_usesInnerLoops ? ", inner loops in order per step" : "")
                    + (_usesWhile ? ", while loops on active-lane masks" : "")
                    + (_usesBranches ? ", if/else on lane masks" : "")
                    + (_usesInlining ? ", helpers inlined" : "");
                var arrays = _arrays.Select(a => new VectorArray(a.Key, 0, 0, a.Value.Written, a.Value.Vector ? a.Value.Element : "")).ToEquatableArray();
                if (_loop is null)
                {
                    string perChunk = $"Vector512/Vector256/Vector128<{lanes}> (widest the hardware accelerates), one PRange iteration per lane{features}, scalar tail; "
                        + "taken per chunk when the extreme subscripts are in bounds and written arrays alias no other array";
                    var chunkSetup = new List<string> { $"int __kg_x = {lo}; // the chunk's first {_x!.Name}", $"int __kg_xend = {hi};" };
                    return new VectorPlan("", lanes, arrays, chunkSetup.ToEquatableArray(), _body.ToEquatableArray(), perChunk, "", guard.ToEquatableArray(), ByIndex: true);
                }
                string header = $"for ({_loop.Declaration}; {_loop.Condition}; {string.Join(", ", _loop.Incrementors)})";
                int line = _loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                string summary = $"inner loop '{header}' (line {line}) on Vector512/Vector256/Vector128<{lanes}> (widest the hardware accelerates), one {_x!.Name} per lane"
                    + features + ", scalar remainder; taken when the extreme subscripts are in bounds and written arrays alias no other array";

                // The body text: the loop replaced by the marker and by itself, restarted where the vector loop stopped.
                ExpressionSyntax init = _loop.Declaration!.Variables[0].Initializer!.Value;
                var source = _loop.SyntaxTree.GetText();
                string loopText = source.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(_loop.SpanStart, init.SpanStart)) + "__kg_x"
                    + source.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(init.Span.End, _loop.Span.End));
                // The marker takes a line of its own; where the loop is not a statement of a block (the body of an if or
                // of another loop), braces keep the vector loop and the loop together.
                string pad = new(' ', Parsing.KernelParser.ColumnOfToken(_loop.ForKeyword));
                var lineStart = source.Lines.GetLineFromPosition(_loop.SpanStart).Start;
                bool ownLine = string.IsNullOrWhiteSpace(source.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(lineStart, _loop.SpanStart)));
                bool wrap = _loop.Parent is not BlockSyntax && _loop != _prange.Statement;
                string replacement = (ownLine ? "" : "\n" + pad) + (wrap ? "{\n" + pad : "") + Marker + "\n" + pad + loopText + (wrap ? "\n" + pad + "}" : "");
                string innerBody = Parsing.KernelParser.BodyText(_prange, _loop.Span, replacement);

                var setup = new List<string>
                {
                    $"int __kg_x = {lo}; // the loop's first {_x.Name}",
                    $"int __kg_xend = {hi}; // its bound, invariant in the loop",
                };
                return new VectorPlan("", lanes, arrays, setup.ToEquatableArray(), _body.ToEquatableArray(), summary, innerBody, guard.ToEquatableArray());
            }

            // ---- the loop and its shape ----

            private bool Header(out string lo, out string hi)
            {
                lo = hi = "";
                const string shape = "not 'for (int x = lo; x < hi; x++)' with bounds invariant in the loop";
                if (_loop!.Declaration is not { Variables.Count: 1 } declaration || declaration.Variables[0].Initializer is not { } init
                    || _loop.Initializers.Count != 0 || _loop.Incrementors.Count != 1
                    || _model.GetDeclaredSymbol(declaration.Variables[0]) is not ILocalSymbol x || x.Type.SpecialType != SpecialType.System_Int32)
                    return Fail(shape);
                _x = x;
                if (_loop.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression } condition
                    || !Is(condition.Left, x) || !IsIncrement(_loop.Incrementors[0], x))
                    return Fail(shape);
                if (!Bound(init.Value) || !Bound(condition.Right)) return Fail(shape);
                lo = init.Value.ToString();
                hi = condition.Right.ToString();
                return true;
            }

            private bool Is(ExpressionSyntax e, ISymbol symbol) =>
                e is IdentifierNameSyntax id && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(id).Symbol, symbol);

            private bool IsIncrement(ExpressionSyntax e, ISymbol counter) => e switch
            {
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } post => Is(post.Operand, counter),
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } pre => Is(pre.Operand, counter),
                _ => false,
            };

            /// <summary>
            /// A loop bound evaluated once before the loop: an int built from literals, ints declared outside the loop
            /// over x and lengths of arrays declared outside it, with + - * (no side effects; a null array is checked first).
            /// </summary>
            private bool Bound(ExpressionSyntax e)
            {
                if (_model.GetTypeInfo(e).Type?.SpecialType != SpecialType.System_Int32) return false;
                return Pure(e);

                bool Pure(ExpressionSyntax node)
                {
                    switch (node)
                    {
                        case ParenthesizedExpressionSyntax p: return Pure(p.Expression);
                        case LiteralExpressionSyntax: return true;
                        case IdentifierNameSyntax id:
                            return _model.GetConstantValue(id).HasValue || (OutsideSymbol(id) is { } s && TypeOf(s)?.SpecialType == SpecialType.System_Int32);
                        case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax array }
                            when OutsideSymbol(array) is { } arraySymbol && TypeOf(arraySymbol) is IArrayTypeSymbol { IsSZArray: true }:
                            if (!_nullChecks.Contains(array.ToString())) _nullChecks.Add(array.ToString());
                            return true;
                        case BinaryExpressionSyntax b when b.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression:
                            return Pure(b.Left) && Pure(b.Right);
                        case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression): return Pure(u.Operand);
                        default: return _model.GetConstantValue(node).HasValue;
                    }
                }
            }

            /// <summary>A local or parameter declared outside the loop over x (not written in it: assignments are checked), else null.</summary>
            private ISymbol? OutsideSymbol(IdentifierNameSyntax id)
            {
                ISymbol? symbol = _model.GetSymbolInfo(id).Symbol;
                if (symbol is not (ILocalSymbol or IParameterSymbol) || !SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, _kernel)) return null;
                if (symbol is IParameterSymbol { RefKind: not RefKind.None } || symbol is ILocalSymbol { IsRef: true }) return null;
                if (symbol.DeclaringSyntaxReferences.Any(r => _scope.Span.Contains(r.Span))) return null;
                return _assigned.Contains(symbol) ? null : symbol;
            }

            private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null };

            private static string? TypeName(ITypeSymbol? type) => type?.SpecialType switch
            {
                SpecialType.System_Double => "double",
                SpecialType.System_Single => "float",
                SpecialType.System_Int64 => "long",
                SpecialType.System_Int32 => "int",
                SpecialType.System_Boolean => "bool",
                _ => null,
            };

            /// <summary>What is assigned and stored in the loop, and the lane width (8-byte lanes when a double or long is computed).</summary>
            private bool Prescan()
            {
                bool hasFloat = false;
                foreach (SyntaxNode node in _statement.DescendantNodesAndSelf())
                {
                    if (LoopAnalysis.IsFunctionBoundary(node)) return Fail("a lambda or local function");
                    if (node is CheckedExpressionSyntax or CheckedStatementSyntax) return Fail("checked arithmetic");
                    ExpressionSyntax? target = node switch
                    {
                        AssignmentExpressionSyntax a => a.Left,
                        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } p => p.Operand,
                        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } p => p.Operand,
                        ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } arg => arg.Expression,
                        _ => null,
                    };
                    if (target is IdentifierNameSyntax id && _model.GetSymbolInfo(id).Symbol is { } assigned) _assigned.Add(assigned);
                    if (target is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax array } && _model.GetSymbolInfo(array).Symbol is { } stored) _stored.Add(N(stored));
                    if (node is ExpressionSyntax e)
                    {
                        // (Every expression counts: a double anywhere means 8-byte lanes.)
                        TypeInfo info = _model.GetTypeInfo(e);
                        foreach (ITypeSymbol? t in new[] { info.Type, info.ConvertedType })
                        {
                            string? name = TypeName(t);
                            if (name is "double" or "long") _wide = true;
                            if (name == "float") hasFloat = true;
                        }
                    }
                }
                if (_assigned.Contains(_x!)) return Fail($"the loop assigns its counter '{_x!.Name}'");
                if (_wide && hasFloat) return Fail("it computes both float and double (or long) values");
                return true;
            }

            // ---- statements ----

            private bool Statement(StatementSyntax statement, bool top = false)
            {
                switch (statement)
                {
                    case BlockSyntax block:
                        if (!top) { Add("{"); _indent++; }
                        foreach (StatementSyntax child in block.Statements)
                            if (!Statement(child)) return false;
                        if (!top) { _indent--; Add("}"); }
                        return true;
                    case LocalDeclarationStatementSyntax local when local.IsConst:
                        Add(local.ToString());
                        return true;
                    case LocalDeclarationStatementSyntax local when local.UsingKeyword.IsKind(SyntaxKind.None) && local.AwaitKeyword.IsKind(SyntaxKind.None):
                        foreach (VariableDeclaratorSyntax variable in local.Declaration.Variables)
                            if (!Declare(variable)) return false;
                        return true;
                    case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }:
                        return Assign(assignment);
                    case ExpressionStatementSyntax { Expression: PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax } step:
                        return Increment(step.Expression);
                    case ForStatementSyntax inner:
                        return InnerLoop(inner);
                    case WhileStatementSyntax loop:
                        return While(loop);
                    case IfStatementSyntax branch:
                        return If(branch);
                    case EmptyStatementSyntax:
                        return true;
                    default:
                    {
                        string kind = statement.Kind().ToString().Replace("Statement", "").ToLowerInvariant();
                        return Fail($"{("aeiou".IndexOf(kind[0]) >= 0 ? "an" : "a")} '{kind}' statement");
                    }
                }
            }

            /// <summary>A nested statement, one level in, in braces.</summary>
            private bool Nested(StatementSyntax statement)
            {
                if (statement is BlockSyntax) return Statement(statement);
                Add("{");
                _indent++;
                bool ok = Statement(statement);
                _indent--;
                Add("}");
                return ok;
            }

            private bool Declare(VariableDeclaratorSyntax variable)
            {
                if (_model.GetDeclaredSymbol(variable) is not ILocalSymbol symbol || symbol.IsRef) return Fail("a ref local");
                string? type = TypeName(symbol.Type);
                if (type is null or "bool") return Fail($"local '{symbol.Name}' has type {symbol.Type.ToDisplayString()} (vectors take float, double, int, long)");
                ExpressionSyntax? init = variable.Initializer?.Value;
                // An int never assigned again whose value is a polynomial in x (coefficient 0 or 1): a scalar for the first lane.
                if (type == "int" && init is not null && !_assigned.Contains(symbol) && Affine(init) is { } poly && XCoefficient(poly) is 0 or 1)
                {
                    _shadows[symbol] = poly;
                    Add($"int {N(symbol)} = {init}; // the first lane's value");
                    return true;
                }
                string name = "__kg_v_" + VectorAnalysis.Bare(symbol.Name);
                if (init is null)
                {
                    _vectors[symbol] = (type, _level);
                    Add($"var {name} = {V}<{Elem(type)}>.Zero; // assigned before it is read");
                    return true;
                }
                if (Expression(init) is not { } value) return false;
                if (value.Type != type) return Fail($"'{variable}' converts {value.Type} to {type}");
                _vectors[symbol] = (type, _level);
                Add($"var {name} = {value.Code};");
                return true;
            }

            private bool Assign(AssignmentExpressionSyntax assignment)
            {
                string? op = assignment.Kind() switch
                {
                    SyntaxKind.SimpleAssignmentExpression => "",
                    SyntaxKind.AddAssignmentExpression => "+",
                    SyntaxKind.SubtractAssignmentExpression => "-",
                    SyntaxKind.MultiplyAssignmentExpression => "*",
                    SyntaxKind.DivideAssignmentExpression => "/",
                    _ => null,
                };
                if (op is null) return Fail($"the operator of '{assignment}'");
                if (assignment.Left is ElementAccessExpressionSyntax access) return Store(access, op, assignment.Right);
                if (assignment.Left is not IdentifierNameSyntax target || _model.GetSymbolInfo(target).Symbol is not { } symbol
                    || !_vectors.TryGetValue(symbol, out var variable))
                    return Fail($"it assigns '{assignment.Left}', which is not a local of the loop's body");
                if (Expression(assignment.Right) is not { } value) return false;
                if (value.Type != variable.Type) return Fail($"'{assignment}' mixes {variable.Type} and {value.Type}");
                if (op == "/" && variable.Type is "int" or "long") return Fail("integer division");
                string name = "__kg_v_" + VectorAnalysis.Bare(symbol.Name);
                string updated = op.Length == 0 ? value.Code : Arithmetic($"{name} {op} ({value.Code})", variable.Type);
                Update(name, variable, updated);
                return true;
            }

            private bool Increment(ExpressionSyntax step)
            {
                (ExpressionSyntax operand, string op) = step switch
                {
                    PostfixUnaryExpressionSyntax post => (post.Operand, post.IsKind(SyntaxKind.PostIncrementExpression) ? "+" : "-"),
                    PrefixUnaryExpressionSyntax pre => (pre.Operand, pre.IsKind(SyntaxKind.PreIncrementExpression) ? "+" : "-"),
                    _ => (step, ""),
                };
                if (op.Length == 0 || !step.Kind().ToString().Contains("crement")) return Fail($"'{step}'");
                if (operand is not IdentifierNameSyntax target || _model.GetSymbolInfo(target).Symbol is not { } symbol
                    || !_vectors.TryGetValue(symbol, out var variable))
                    return Fail($"'{step}' changes a variable that is not a local of the loop's body");
                string name = "__kg_v_" + VectorAnalysis.Bare(symbol.Name);
                string updated = $"{name} {op} {V}.Create(({Elem(variable.Type)})1)";
                // A counter of a while loop 'while (n < bound && …) { …; n++; }' never passes int.MaxValue in an active lane.
                Update(name, variable, op == "+" && _bounded.Contains(symbol) ? updated : Arithmetic(updated, variable.Type));
                return true;
            }

            /// <summary>
            /// The int locals v of a while loop's condition 'v &lt; e &amp;&amp; …' (e an int) that its body changes only by one
            /// 'v++' among its own statements: v + 1 ≤ e there, so the increment needs no 32-bit wrap-around.
            /// </summary>
            private IEnumerable<ISymbol> BoundedCounters(WhileStatementSyntax loop)
            {
                var terms = new List<ExpressionSyntax> { loop.Condition };
                for (int k = 0; k < terms.Count; k++)
                {
                    ExpressionSyntax term = terms[k];
                    while (term is ParenthesizedExpressionSyntax p) term = p.Expression;
                    if (term is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and)
                    {
                        terms.Add(and.Left);
                        terms.Add(and.Right);
                        continue;
                    }
                    if (term is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression, Left: IdentifierNameSyntax counter } less
                        || _model.GetTypeInfo(less.Right).Type?.SpecialType != SpecialType.System_Int32
                        || _model.GetSymbolInfo(counter).Symbol is not ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 } symbol
                        || !_vectors.ContainsKey(symbol))
                        continue;
                    IEnumerable<StatementSyntax> own = loop.Statement is BlockSyntax block ? block.Statements : new[] { loop.Statement };
                    bool Increments(SyntaxNode n) => n is ExpressionStatementSyntax { Expression: var step } && step switch
                    {
                        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } post => Is(post.Operand, symbol),
                        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } pre => Is(pre.Operand, symbol),
                        _ => false,
                    };
                    int writes = loop.Statement.DescendantNodesAndSelf().Count(n => n switch
                    {
                        AssignmentExpressionSyntax w => Is(w.Left, symbol),
                        PostfixUnaryExpressionSyntax w => Is(w.Operand, symbol),
                        PrefixUnaryExpressionSyntax w => w.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression && Is(w.Operand, symbol),
                        _ => false,
                    });
                    if (writes == 1 && own.Count(Increments) == 1) yield return symbol;
                }
            }

            /// <summary>Assigns a vector local; inside a while loop that began after its declaration, only the active lanes.</summary>
            private void Update(string name, (string Type, int Level) variable, string updated)
            {
                if (_mask is null || variable.Level == _level)
                {
                    Add($"{name} = {updated};");
                    return;
                }
                Add($"{name} = {V}.ConditionalSelect({MaskAs(variable.Type, _mask)}, {updated}, {name}); // active lanes only");
            }

            /// <summary>A lane mask (all bits set or clear per lane) as a vector of <paramref name="type"/>'s lanes.</summary>
            private string MaskAs(string type, string mask)
            {
                string elem = Elem(type)!;
                return elem == Lane ? mask : $"{V}.As{(elem == "double" ? "Double" : "Single")}({mask})";
            }

            /// <summary>if/else on lane masks: each branch runs when some lane takes it, updating only the lanes that do.</summary>
            private bool If(IfStatementSyntax branch)
            {
                if (Expression(branch.Condition) is not { } condition) return false;
                if (condition.Type != "bool") return Fail($"the condition '{branch.Condition}'");
                string taken = $"__kg_m{_masks++}";
                _usesBranches = true;
                Add($"var {taken} = {(_mask is null ? condition.Code : $"{_mask} & {condition.Code}")}; // lanes where '{branch.Condition}' holds");
                if (!Branch(taken, branch.Statement)) return false;
                if (branch.Else is not { } otherwise) return true;
                string other = $"__kg_m{_masks++}";
                Add($"var {other} = {(_mask is null ? $"~{taken}" : $"{_mask} & ~{taken}")}; // lanes taking 'else'");
                return Branch(other, otherwise.Statement);
            }

            private bool Branch(string mask, StatementSyntax body)
            {
                Add($"if (!{V}.EqualsAll({mask}, {V}<{Lane}>.Zero)) // some lane runs the branch");
                string? saved = _mask;
                _mask = mask; _level++;
                bool ok = Nested(body);
                _mask = saved; _level--;
                return ok;
            }

            private bool Store(ElementAccessExpressionSyntax access, string op, ExpressionSyntax right)
            {
                if (_depth > 0) return Fail($"'{access}' is stored inside an inner loop (lanes would store in another order)");
                if (Access(access, written: true) is not { } slot) return false;
                string element = _arrays[slot.Array].Element;
                if (Expression(right) is not { } value) return false;
                if (value.Type != element) return Fail($"'{access} = {right}' converts {value.Type} to {element}");
                if (element == "int" && _wide)
                {
                    if (_mask is not null) return Fail($"'{access}' is stored in a branch, as ints from long lanes");
                    if (op.Length > 0) return Fail($"'{access} {op}=' on an int array in a loop with long lanes");
                    Add($"{VH}.StoreUnsafe({V}.GetLower({V}.Narrow({value.Code}, {value.Code})), ref __kg_r_{VectorAnalysis.Bare(slot.Array)}, (nuint)({slot.Index})); // long lanes narrowed to int");
                    return true;
                }
                string old = $"{V}.LoadUnsafe(ref __kg_r_{VectorAnalysis.Bare(slot.Array)}, (nuint)({slot.Index}))";
                string stored = op.Length == 0 ? value.Code : Arithmetic($"{old} {op} ({value.Code})", element);
                if (op == "/" && element is "int" or "long") return Fail("integer division");
                // In a branch: the other lanes store their element's value back (the element is theirs alone: no array aliases it).
                if (_mask is not null) stored = $"{V}.ConditionalSelect({MaskAs(element, _mask)}, {stored}, {old})";
                Add($"{V}.StoreUnsafe({stored}, ref __kg_r_{VectorAnalysis.Bare(slot.Array)}, (nuint)({slot.Index}));");
                return true;
            }

            /// <summary>An inner 'for (int p = lo; p &lt; hi; p++)' with bounds invariant in the loop over x: runs as is in each step.</summary>
            private bool InnerLoop(ForStatementSyntax inner)
            {
                const string shape = "an inner loop that is not 'for (int p = lo; p < hi; p++)' with bounds invariant in the loop over x";
                if (inner.Declaration is not { Variables.Count: 1 } declaration || declaration.Variables[0].Initializer is not { } init
                    || inner.Initializers.Count != 0 || inner.Incrementors.Count != 1
                    || _model.GetDeclaredSymbol(declaration.Variables[0]) is not ILocalSymbol counter || counter.Type.SpecialType != SpecialType.System_Int32
                    || inner.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression } condition
                    || !Is(condition.Left, counter) || !IsIncrement(inner.Incrementors[0], counter)
                    || !Bound(init.Value) || !Bound(condition.Right))
                    return Fail(shape);
                if (inner.Statement.DescendantNodesAndSelf().Any(n => n switch
                    {
                        AssignmentExpressionSyntax a => Is(a.Left, counter),
                        PostfixUnaryExpressionSyntax p => Is(p.Operand, counter),
                        PrefixUnaryExpressionSyntax p => p.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression && Is(p.Operand, counter),
                        ArgumentSyntax arg => !arg.RefKindKeyword.IsKind(SyntaxKind.None) && Is(arg.Expression, counter),
                        _ => false,
                    }))
                    return Fail($"the inner loop assigns its counter '{counter.Name}'");
                if (_counters.Count >= 3) return Fail("more than three inner loops");
                _counters[N(counter)] = (init.Value.ToString(), condition.Right.ToString());
                _counterSymbols.Add(counter);
                _usesInnerLoops = true;
                Add($"for (int {N(counter)} = {init.Value}; {N(counter)} < {condition.Right}; {N(counter)}++) // in order, the same for every lane");
                _depth++;
                bool ok = Nested(inner.Statement);
                _depth--;
                return ok;
            }

            /// <summary>A while loop over lane masks: it runs while any lane's condition holds; the others keep their values.</summary>
            private bool While(WhileStatementSyntax loop)
            {
                string mask = $"__kg_m{_masks++}";
                _usesWhile = true;
                Add($"var {mask} = {_mask ?? $"{V}<{Lane}>.AllBitsSet"}; // lanes still in the while loop");
                Add("while (true)");
                Add("{");
                _indent++;
                // Translated inside the loop: values it computes first (inlined calls' arguments) are computed every time.
                if (Expression(loop.Condition) is not { } condition) return false;
                if (condition.Type != "bool") return Fail($"the condition '{loop.Condition}'");
                Add($"{mask} &= {condition.Code};");
                Add($"if ({V}.EqualsAll({mask}, {V}<{Lane}>.Zero)) break; // every lane has left the loop");
                string? saved = _mask;
                var bounded = BoundedCounters(loop).Where(_bounded.Add).ToList();
                _mask = mask; _level++; _depth++;
                bool ok = Nested(loop.Statement);
                _mask = saved; _level--; _depth--;
                foreach (ISymbol counter in bounded) _bounded.Remove(counter);
                _indent--;
                Add("}");
                return ok;
            }

            // ---- subscripts ----

            /// <summary>A subscript as a polynomial over x, the inner-loop counters and invariant ints; null when it is not one.</summary>
            private Poly? Affine(ExpressionSyntax e)
            {
                switch (e)
                {
                    case ParenthesizedExpressionSyntax p: return Affine(p.Expression);
                    case BinaryExpressionSyntax b when b.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression:
                    {
                        if (_model.GetTypeInfo(b).Type?.SpecialType != SpecialType.System_Int32) return null;
                        Poly? left = Affine(b.Left), right = left is null ? null : Affine(b.Right);
                        if (right is null) return null;
                        return b.Kind() switch
                        {
                            SyntaxKind.AddExpression => left!.Plus(right),
                            SyntaxKind.SubtractExpression => left!.Minus(right),
                            _ => left!.Times(right),
                        };
                    }
                    case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression):
                        return Affine(u.Operand)?.Scale(-1);
                }
                Optional<object?> constant = _model.GetConstantValue(e);
                if (constant.HasValue) return constant.Value is int n ? Poly.Constant(n) : null;
                if (e is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax array }
                    && OutsideSymbol(array) is { } a && TypeOf(a) is IArrayTypeSymbol { IsSZArray: true })
                {
                    if (!_nullChecks.Contains(array.ToString())) _nullChecks.Add(array.ToString());
                    return Poly.Symbol(array + ".Length");
                }
                if (e is not IdentifierNameSyntax id || _model.GetSymbolInfo(id).Symbol is not { } symbol) return null;
                if (SymbolEqualityComparer.Default.Equals(symbol, _x) || _counterSymbols.Contains(symbol)) return Poly.Symbol(N(symbol));
                if (_shadows.TryGetValue(symbol, out Poly? shadow)) return shadow;
                return OutsideSymbol(id) is { } outside && TypeOf(outside)?.SpecialType == SpecialType.System_Int32 ? Poly.Symbol(N(outside)) : null;
            }

            /// <summary>x's coefficient when it is a constant and no other term holds x or a counter twice; else null.</summary>
            private int? XCoefficient(Poly poly)
            {
                int coefficient = 0;
                foreach (KeyValuePair<string, long> term in poly.Terms)
                {
                    string[] factors = term.Key.Length == 0 ? System.Array.Empty<string>() : term.Key.Split('*');
                    if (factors.GroupBy(f => f).Any(g => g.Count() > 1 && (g.Key == N(_x!) || _counters.ContainsKey(g.Key)))) return null;
                    if (!factors.Contains(N(_x!))) continue;
                    if (factors.Length != 1 || term.Value is < int.MinValue or > int.MaxValue) return null;
                    coefficient = (int)term.Value;
                }
                return coefficient;
            }

            /// <summary>A vector access a[base + x]: its array (registered) and the first lane's subscript text.</summary>
            private (string Array, string Index)? Access(ElementAccessExpressionSyntax access, bool written)
            {
                if (access.Expression is not IdentifierNameSyntax arrayName || access.ArgumentList.Arguments.Count != 1
                    || OutsideSymbol(arrayName) is not { } array || TypeOf(array) is not IArrayTypeSymbol { IsSZArray: true } arrayType)
                    { Fail($"'{access}' is not an element of a one-dimensional array declared outside the loop"); return null; }
                string? element = TypeName(arrayType.ElementType);
                if (element is null or "bool") { Fail($"'{access}' has type {arrayType.ElementType.ToDisplayString()}"); return null; }
                ExpressionSyntax subscript = access.ArgumentList.Arguments[0].Expression;
                if (_model.GetTypeInfo(subscript).Type?.SpecialType != SpecialType.System_Int32
                    || Affine(subscript) is not { } poly || XCoefficient(poly) != 1)
                    { Fail($"subscript '{subscript}' is not {_x!.Name} plus a polynomial in loop-invariant ints and inner-loop counters"); return null; }
                string name = N(array);
                ArrayUse use = Use(name, element);
                use.Vector = true;
                if (_stored.Contains(name))
                {
                    string text = poly.ToString();
                    use.StorePoly ??= text;
                    if (use.StorePoly != text) { Fail($"'{name}' is stored and accessed at different subscripts (a dependence between iterations)"); return null; }
                    use.Written |= written;
                }
                var @base = poly.Minus(Poly.Constant(poly.ConstantTerm));
                string key = @base.ToString();
                use.Groups[key] = use.Groups.TryGetValue(key, out var seen)
                    ? (@base, System.Math.Min(seen.Min, poly.ConstantTerm), System.Math.Max(seen.Max, poly.ConstantTerm))
                    : (@base, poly.ConstantTerm, poly.ConstantTerm);
                return (name, subscript.ToString());
            }

            private ArrayUse Use(string name, string element)
            {
                if (!_arrays.TryGetValue(name, out ArrayUse? use)) _arrays[name] = use = new ArrayUse { Element = element };
                return use;
            }

            /// <summary>Every choice of each counter in <paramref name="poly"/> at its first or last value.</summary>
            private IEnumerable<Dictionary<string, string>> Corners(Poly poly)
            {
                string[] counters = poly.Terms.SelectMany(t => t.Key.Split('*')).Where(_counters.ContainsKey).Distinct().ToArray();
                for (int mask = 0; mask < 1 << counters.Length; mask++)
                {
                    var corner = new Dictionary<string, string>(System.StringComparer.Ordinal);
                    for (int k = 0; k < counters.Length; k++)
                        corner[counters[k]] = (mask & (1 << k)) == 0 ? _counters[counters[k]].Lo : $"{_counters[counters[k]].Hi} - 1";
                    yield return corner;
                }
            }

            private static string Plus(long constant) => constant == 0 ? "" : constant > 0 ? $" + {constant}" : $" - {(ulong)(-(constant + 1)) + 1}";

            /// <summary>The polynomial's value in exact 128-bit arithmetic, with the given texts for x and the counters.</summary>
            private static string Evaluate(Poly poly, Dictionary<string, string> values)
            {
                var text = new System.Text.StringBuilder();
                foreach (KeyValuePair<string, long> term in poly.Terms)
                {
                    long coefficient = term.Value;
                    string[] factors = term.Key.Split('*').Select(f => values.TryGetValue(f, out string? v) ? v : f).ToArray();
                    string product = I128 + "(" + factors[0] + ")" + string.Concat(factors.Skip(1).Select(f => " * (" + f + ")"));
                    if (text.Length > 0)
                    {
                        text.Append(coefficient < 0 ? " - " : " + ");
                        // The magnitude, as an unsigned literal where it is |long.MinValue| (no long holds it).
                        ulong magnitude = coefficient < 0 ? (ulong)(-(coefficient + 1)) + 1 : (ulong)coefficient;
                        text.Append(magnitude == 1 ? product : magnitude + " * " + product);
                    }
                    else
                        text.Append(coefficient == 1 ? product : coefficient == -1 ? "-" + product : I128 + "(" + coefficient + ") * " + product);
                }
                return text.Length == 0 ? I128 + "0" : text.ToString();
            }

            // ---- expressions ----

            /// <summary>Whether <paramref name="e"/> has the same value in every lane (computed once per step by its own text).</summary>
            private bool Uniform(ExpressionSyntax e)
            {
                switch (e)
                {
                    case LiteralExpressionSyntax: return true;
                    case ParenthesizedExpressionSyntax p: return Uniform(p.Expression);
                    case CastExpressionSyntax c: return c.Type is PredefinedTypeSyntax && Uniform(c.Expression);
                    case PrefixUnaryExpressionSyntax u when u.Kind() is SyntaxKind.UnaryMinusExpression or SyntaxKind.UnaryPlusExpression or SyntaxKind.LogicalNotExpression:
                        return Uniform(u.Operand);
                    case BinaryExpressionSyntax b when !b.IsKind(SyntaxKind.CoalesceExpression) && !b.IsKind(SyntaxKind.AsExpression) && !b.IsKind(SyntaxKind.IsExpression):
                        return Uniform(b.Left) && Uniform(b.Right);
                    case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax array, ArgumentList.Arguments.Count: 1 } access:
                        // An element every lane reads: an ordinary (bounds-checked) read; never of an array the loop stores.
                        return OutsideSymbol(array) is { } a && TypeOf(a) is IArrayTypeSymbol { IsSZArray: true }
                            && !_stored.Contains(N(a))
                            && Uniform(access.ArgumentList.Arguments[0].Expression);
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax array }
                        when OutsideSymbol(array) is { } lengthOf && TypeOf(lengthOf) is IArrayTypeSymbol:
                        return true;
                    case IdentifierNameSyntax id:
                    {
                        if (_model.GetConstantValue(id).HasValue) return true;
                        ISymbol? symbol = _model.GetSymbolInfo(id).Symbol;
                        if (symbol is null) return false;
                        if (_counterSymbols.Contains(symbol)) return true;
                        if (_shadows.TryGetValue(symbol, out Poly? poly)) return XCoefficient(poly) == 0;
                        return OutsideSymbol(id) is not null && !(TypeOf(symbol) is IArrayTypeSymbol);
                    }
                    default:
                        return e is MemberAccessExpressionSyntax && _model.GetConstantValue(e).HasValue;
                }
            }

            /// <summary>The vector value of <paramref name="e"/>, converted as C# converts it implicitly; null (reason set) when there is none.</summary>
            private Value? Expression(ExpressionSyntax e)
            {
                TypeInfo info = _model.GetTypeInfo(e);
                string? type = TypeName(info.Type), converted = TypeName(info.ConvertedType);
                if (type is null || converted is null) { Fail($"'{e}' has type {info.Type?.ToDisplayString() ?? "?"} (vectors take float, double, int, long)"); return null; }
                if (_wide && (type == "int" || converted == "int")) _intsInLongLanes = true;
                if (!_wide && converted is "double" or "long" || _wide && converted == "float")
                    { Fail($"'{e}' computes in {converted} in a loop with {Lane} lanes"); return null; }
                if (_inlining > 0 && _model.GetConstantValue(e) is { HasValue: true, Value: { } constant } && Literal(constant) is { } literal)
                    return new Value($"{V}.Create(({Elem(converted)})({literal}))", converted); // a constant of the helper, by value
                if (Uniform(e) && (_inlining == 0 || !e.DescendantNodesAndSelf().Any(n => n is IdentifierNameSyntax)))
                {
                    // Elements every lane reads still count for the aliasing check.
                    foreach (ElementAccessExpressionSyntax read in e.DescendantNodesAndSelf().OfType<ElementAccessExpressionSyntax>())
                        if (read.Expression is IdentifierNameSyntax array && _model.GetSymbolInfo(array).Symbol is { } a && TypeOf(a) is IArrayTypeSymbol t)
                            Use(N(a), TypeName(t.ElementType) ?? "");
                    if (e.DescendantNodesAndSelf().Any(n => n is ElementAccessExpressionSyntax
                            || n is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.DivideExpression or (int)SyntaxKind.ModuloExpression } division
                               && TypeName(_model.GetTypeInfo(division).Type) is "int" or "long"))
                        _risky++; // may throw
                    string elem = Elem(converted)!;
                    if (converted == "bool") return new Value($"{V}.Create(({elem})(({e}) ? -1 : 0))", "bool");
                    return new Value($"{V}.Create(({elem})({e}))", converted);
                }
                // x where a double is wanted: exact in double lanes (an int is exactly representable).
                if (e is IdentifierNameSyntax self && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(self).Symbol, _x) && converted == "double")
                    return new Value($"({V}.Create((double){self}) + {V}<double>.Indices)", "double");
                if (Raw(e, type) is not { } value) return null;
                return Convert(value, converted, e);
            }

            private Value? Convert(Value value, string to, SyntaxNode at)
            {
                if (value.Type == to) return value;
                switch (value.Type, to)
                {
                    case ("int", "long") when _wide: return new Value(value.Code, "long"); // long lanes hold the int already
                    // (Not long to double: exact here, where a long lane holds an int; a real long may round differently off AVX-512.)
                    case ("int", "double"): return new Value($"{V}.ConvertToDouble({value.Code})", "double");
                    case ("int", "float") when !_wide: return new Value($"{V}.ConvertToSingle({value.Code})", "float");
                    default: Fail($"'{at}' converts {value.Type} to {to}"); return null;
                }
            }

            /// <summary>Keeps an int's 32-bit wrap-around in long lanes (sign-extends the low half).</summary>
            private string Arithmetic(string code, string type) =>
                type == "int" && _wide ? $"{V}.ShiftRightArithmetic({V}.ShiftLeft({code}, 32), 32)" : code;

            private Value? Raw(ExpressionSyntax e, string type)
            {
                switch (e)
                {
                    case ParenthesizedExpressionSyntax p:
                        return Expression(p.Expression) is { } inner ? new Value($"({inner.Code})", inner.Type) : null;
                    case IdentifierNameSyntax id:
                    {
                        ISymbol? symbol = _model.GetSymbolInfo(id).Symbol;
                        if (symbol is not null && _bindings.TryGetValue(symbol, out Value bound))
                            return bound;
                        if (symbol is not null && _vectors.TryGetValue(symbol, out var variable))
                            return new Value("__kg_v_" + VectorAnalysis.Bare(symbol.Name), variable.Type);
                        if (SymbolEqualityComparer.Default.Equals(symbol, _x) || (symbol is not null && _shadows.TryGetValue(symbol, out Poly? _)))
                        {
                            // The first lane's value plus the lane number (x and privates k = base + x).
                            int coefficient = symbol is not null && _shadows.TryGetValue(symbol, out Poly? poly) ? XCoefficient(poly) ?? -1 : 1;
                            if (coefficient != 1) { Fail($"'{id}' is used as a value"); return null; }
                            return new Value(Arithmetic($"({V}.Create(({Lane}){id}) + {V}<{Lane}>.Indices)", "int"), "int");
                        }
                        Fail($"'{id}' cannot be vectorized");
                        return null;
                    }
                    case CastExpressionSyntax cast when TypeName(_model.GetTypeInfo(cast.Type).Type) is { } to && to != "bool":
                        return Expression(cast.Expression) is { } castOperand ? Convert(castOperand, to, cast) : null;
                    case BinaryExpressionSyntax binary:
                        return Binary(binary, type);
                    case ConditionalExpressionSyntax conditional:
                    {
                        // Both values are computed for every lane, then each lane takes its own: neither may throw.
                        if (Expression(conditional.Condition) is not { } condition) return null;
                        int risky = _risky;
                        Value? yes = Expression(conditional.WhenTrue), no = yes is null ? null : Expression(conditional.WhenFalse);
                        if (no is null) return null;
                        if (_risky > risky) { Fail($"a branch of '{conditional}' may throw where the scalar code skips it"); return null; }
                        if (condition.Type != "bool" || yes!.Value.Type != type || no.Value.Type != type) { Fail($"the types of '{conditional}'"); return null; }
                        return new Value($"{V}.ConditionalSelect({MaskAs(type, condition.Code)}, {yes.Value.Code}, {no.Value.Code})", type);
                    }
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    {
                        if (Expression(unary.Operand) is not { } operand) return null;
                        // Floating point: flip the sign bit, as scalar '-x' does (0 - x would turn 0 into +0, not -0).
                        return operand.Type is "double" or "float"
                            ? new Value($"({V}.Create(({operand.Type})(-0.0)) ^ ({operand.Code}))", operand.Type)
                            : new Value(Arithmetic($"-({operand.Code})", operand.Type), operand.Type);
                    }
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                        return Expression(unary.Operand);
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.LogicalNotExpression):
                        return Expression(unary.Operand) is { } not ? new Value($"~({not.Code})", "bool") : null;
                    case ElementAccessExpressionSyntax access:
                    {
                        if (Access(access, written: false) is not { } slot) return null;
                        string load = $"LoadUnsafe(ref __kg_r_{VectorAnalysis.Bare(slot.Array)}, (nuint)({slot.Index}))";
                        // Ints for long lanes: a half-width load, sign-extended.
                        return new Value(type == "int" && _wide ? $"{V}.WidenLower({V}.Create({VH}.{load}, {VH}<int>.Zero))" : $"{V}.{load}", type);
                    }
                    case InvocationExpressionSyntax call when Helper(call) is { } helper:
                        return Inline(call, helper.Method, helper.Body);
                    case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call
                        when type is "double" or "float" && _model.GetSymbolInfo(call).Symbol is IMethodSymbol { Name: "Sqrt" or "Abs" } method
                             && method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF"
                             && call.ArgumentList.Arguments[0].RefKindKeyword.IsKind(SyntaxKind.None):
                        return Expression(call.ArgumentList.Arguments[0].Expression) is { } argument ? new Value($"{V}.{method.Name}({argument.Code})", type) : null;
                    default:
                        Fail($"'{e}' has no exact vector counterpart");
                        return null;
                }
            }

            /// <summary>A static helper of this compilation with an expression body and value parameters (inlined), or null.</summary>
            private (IMethodSymbol Method, ExpressionSyntax Body)? Helper(InvocationExpressionSyntax call)
            {
                if (_model.GetSymbolInfo(call).Symbol is not IMethodSymbol { IsStatic: true, IsGenericMethod: false, MethodKind: MethodKind.Ordinary, ReturnsByRef: false } method
                    || method.DeclaringSyntaxReferences.Length != 1
                    || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax { ExpressionBody: { } body, Body: null }
                    || method.Parameters.Length != call.ArgumentList.Arguments.Count
                    || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || TypeName(p.Type) is null or "bool")
                    || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
                    || _inlining >= 3)
                    return null;
                return (method, body.Expression);
            }

            /// <summary>
            /// Inlines a helper: its arguments are computed into vectors (in order, once each), then its expression body is
            /// translated with the parameters standing for them. The body is code of its own file: only its constants
            /// (by value) and its parameters are used, never its text.
            /// </summary>
            private Value? Inline(InvocationExpressionSyntax call, IMethodSymbol method, ExpressionSyntax body)
            {
                var arguments = new List<Value>();
                for (int k = 0; k < method.Parameters.Length; k++)
                {
                    if (Expression(call.ArgumentList.Arguments[k].Expression) is not { } argument) return null;
                    if (argument.Type != TypeName(method.Parameters[k].Type)) { Fail($"argument '{call.ArgumentList.Arguments[k]}' of '{call}'"); return null; }
                    string temp = $"__kg_a{_temps++}";
                    Add($"var {temp} = {argument.Code}; // {method.Name}'s '{method.Parameters[k].Name}'");
                    arguments.Add(new Value(temp, argument.Type));
                }
                SemanticModel saved = _model;
                _model = body.SyntaxTree == saved.SyntaxTree ? saved : saved.Compilation.GetSemanticModel(body.SyntaxTree);
                for (int k = 0; k < arguments.Count; k++) _bindings[method.Parameters[k]] = arguments[k];
                _inlining++;
                Value? result = Expression(body);
                _inlining--;
                foreach (IParameterSymbol parameter in method.Parameters) _bindings.Remove(parameter);
                _model = saved;
                if (result is { } value && value.Type != TypeName(method.ReturnType)) { Fail($"the result of '{call}'"); return null; }
                if (result is not null) _usesInlining = true;
                return result;
            }

            /// <summary>A constant as a C# literal of its own type, or null.</summary>
            private static string? Literal(object constant) => constant switch
            {
                int n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L",
                double d when !double.IsNaN(d) && !double.IsInfinity(d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
                float f when !float.IsNaN(f) && !float.IsInfinity(f) => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
                _ => null,
            };

            private Value? Binary(BinaryExpressionSyntax binary, string type)
            {
                SyntaxKind kind = binary.Kind();
                if (kind is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression)
                {
                    // Both sides are evaluated for every lane: the right one must not throw where the scalar code skips it.
                    Value? l = Expression(binary.Left);
                    int risky = _risky;
                    Value? r = l is null ? null : Expression(binary.Right);
                    if (_risky > risky) { Fail($"the right side of '{binary.OperatorToken}' may throw where the scalar code skips it"); return null; }
                    return r is { } right ? new Value($"({l!.Value.Code} {(kind == SyntaxKind.LogicalAndExpression ? "&" : "|")} {right.Code})", "bool") : null;
                }
                string? compare = VectorAnalysis.CompareMethod(kind);
                if (compare is not null)
                {
                    Value? l = Expression(binary.Left), r = l is null ? null : Expression(binary.Right);
                    if (r is not { } right) return null;
                    if (l!.Value.Type != right.Type || right.Type == "bool") { Fail($"the comparison '{binary}'"); return null; }
                    string code = $"{V}.{compare}({l.Value.Code}, {right.Code})";
                    if (Elem(right.Type) != Lane) code = $"{V}.AsInt{(_wide ? "64" : "32")}({code})";
                    return new Value(kind == SyntaxKind.NotEqualsExpression ? $"~{code}" : code, "bool");
                }
                string? op = kind switch
                {
                    SyntaxKind.AddExpression => "+",
                    SyntaxKind.SubtractExpression => "-",
                    SyntaxKind.MultiplyExpression => "*",
                    SyntaxKind.DivideExpression when type is "double" or "float" => "/",
                    _ => null,
                };
                if (op is null) { Fail($"operator '{binary.OperatorToken}'{(kind == SyntaxKind.DivideExpression ? " on integers" : "")}"); return null; }
                Value? left = Expression(binary.Left), rightValue = left is null ? null : Expression(binary.Right);
                if (rightValue is not { } r2) return null;
                if (left!.Value.Type != type || r2.Type != type) { Fail($"'{binary}' mixes {left.Value.Type} and {r2.Type}"); return null; }
                return new Value(Arithmetic($"{left.Value.Code} {op} {r2.Code}", type), type);
            }
        }
    }
}
