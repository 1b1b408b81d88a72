using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Analysis
{
    /// <summary>
    /// Decides whether a unit-step PRange body can run on SIMD vectors, bitwise identical to the scalar loop, and
    /// translates it. Accepted: statements <c>T x = e;</c>, <c>x = e;</c>, <c>a[i + c] = e;</c>, <c>a[i + c] op= e;</c> and
    /// sum reductions <c>s += e;</c> / <c>s -= e;</c>, where every expression has the loop's one element type T
    /// (float, double, int, long) and is built from unit-stride reads <c>a[i + c]</c> of T[] arrays declared outside the
    /// loop, private locals, shared scalars and literals with <c>+ - *</c>, <c>/</c> (floating point only), unary minus,
    /// <c>c ? a : b</c> and <c>if/else</c> on comparisons of T (lane masks: both values and both branches are computed for
    /// every lane, nothing there can throw; assignments, stores and sums apply to the lanes taking the branch), and Math/MathF
    /// <c>Sqrt</c> and <c>Abs</c> (floating point only). Anything else is tried by <see cref="InnerLoopVectorizer"/>
    /// (one PRange iteration per lane with several types and branches, else an inner loop per lane), or keeps the scalar
    /// body, with the reason.
    /// No fused multiply-add is formed: each vector operation rounds like its scalar one.
    /// </summary>
    internal static class VectorAnalysis
    {
        /// <summary>The vector-type placeholder in translated code.</summary>
        public const string V = "{V}";

        public static VectorPlan Plan(ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model, bool unitStep, IReadOnlyList<ReductionSpec> reductions)
        {
            // The generator never throws: anything unexpected keeps the (always correct) scalar body.
            VectorPlan plan;
            try { plan = Translate(loop, analysis, model, unitStep, reductions); }
            catch (System.OperationCanceledException) { throw; }
            catch (System.Exception e) { plan = Scalar("internal: " + e.GetType().Name); }
            if (plan.Reason.Length == 0 || model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: true })
                return plan;
            // One PRange iteration per lane is out: one iteration of a loop inside the body per lane, then.
            if (reductions.Count > 0) return plan;
            // Then one PRange iteration per lane with the general translator (several types, branches, while loops)…
            if (unitStep && !analysis.Is64 && InnerLoopVectorizer.PlanByIndex(loop, model, out _) is { } byIndex)
                return byIndex;
            // …else one iteration of a loop inside the body per lane.
            if (InnerLoopVectorizer.Plan(loop, model, out string inner) is { } innerPlan)
                return innerPlan;
            return Scalar(plan.Reason + (loop.Statement.DescendantNodes().OfType<ForStatementSyntax>().Any() ? "; " + inner : ""));
        }

        private static VectorPlan Translate(ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model, bool unitStep, IReadOnlyList<ReductionSpec> reductions)
        {
            if (model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: true }) return Scalar("the project checks arithmetic overflow");
            if (!unitStep) return Scalar("the range's step is not the constant 1");
            var translator = new Translator(analysis, model, reductions);
            IEnumerable<StatementSyntax> statements = loop.Statement is BlockSyntax block ? block.Statements : new[] { loop.Statement };
            foreach (StatementSyntax statement in statements)
            {
                if (!translator.Statement(statement))
                    return Scalar(translator.Reason ?? "unsupported statement");
            }
            if (translator.Element is null) return Scalar("no array element is read or written");
            if (translator.Stores == 0 && translator.Accumulators.Count == 0) return Scalar("the body stores nothing");
            foreach (KeyValuePair<string, (int Min, int Max, bool Written)> array in translator.Arrays)
                if (array.Value.Written && array.Value.Min != array.Value.Max)
                    return Scalar($"'{array.Key}' is written and accessed at different offsets (a dependence between iterations)");
            if (reductions.Any(r => !translator.Accumulators.Contains(r.Name)))
                return Scalar("a reduction is not a vectorizable sum, int/long min or max");
            var setup = new List<string>();
            foreach (string name in translator.Broadcasts)
                setup.Add($"var __kg_b_{Bare(name)} = {V}.Create(({translator.Element})({name}));");
            foreach (string name in translator.Accumulators)
            {
                ReductionSpec reduction = reductions.First(r => r.Name == name);
                string start = reduction.Family == "sum" ? $"{V}<{translator.Element}>.Zero" : $"{V}.Create(({translator.Element})({reduction.Identity}))";
                for (int k = 0; k < Interleave; k++)
                    setup.Add($"var __kg_acc{k}_{Bare(name)} = {start};");
            }
            string summary = $"Vector512/Vector256/Vector128<{translator.Element}> (widest the hardware accelerates), interleave {(translator.Accumulators.Count > 0 ? Interleave : 1)}"
                + (translator.UsesMasks ? ", branches on lane masks" : "") + ", scalar tail"
                + (translator.Accumulators.Count == 0 ? ""
                    : reductions.All(r => r.Family == "sum") ? "; vector sum accumulators for " + string.Join(", ", translator.Accumulators)
                    : "; vector accumulators for " + string.Join(", ", translator.Accumulators.Select(n => $"{n} ({reductions.First(r => r.Name == n).Family})")))
                + "; taken per chunk when all subscripts are in bounds and written arrays alias no other array";
            return new VectorPlan("", translator.Element,
                translator.Arrays.Select(a => new VectorArray(a.Key, a.Value.Min, a.Value.Max, a.Value.Written)).ToEquatableArray(),
                setup.ToEquatableArray(), translator.Body.ToEquatableArray(), summary);
        }

        /// <summary>c in a unit-stride subscript i, i + c, i - c or c + i of the PRange index i (|c| &lt; 1,000,000), or null.</summary>
        internal static int? UnitOffset(ExpressionSyntax subscript, LoopAnalysis analysis, SemanticModel model)
        {
            bool IsIndex(ExpressionSyntax e) =>
                e is IdentifierNameSyntax id && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id).Symbol, analysis.Index);
            int? Constant(ExpressionSyntax e) =>
                model.GetConstantValue(e) is { HasValue: true, Value: int n } && n > -1_000_000 && n < 1_000_000 ? n : null;
            while (subscript is ParenthesizedExpressionSyntax p) subscript = p.Expression;
            if (IsIndex(subscript)) return 0;
            if (subscript is BinaryExpressionSyntax binary && binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression)
            {
                bool add = binary.IsKind(SyntaxKind.AddExpression);
                if (IsIndex(binary.Left) && Constant(binary.Right) is { } right) return add ? right : -right;
                if (add && IsIndex(binary.Right) && Constant(binary.Left) is { } left) return left;
            }
            return null;
        }

        /// <summary>The Vector method of a comparison (EqualsExpression and NotEqualsExpression both map to Equals), or null.</summary>
        internal static string? CompareMethod(SyntaxKind kind) => kind switch
        {
            SyntaxKind.LessThanExpression => "LessThan",
            SyntaxKind.LessThanOrEqualExpression => "LessThanOrEqual",
            SyntaxKind.GreaterThanExpression => "GreaterThan",
            SyntaxKind.GreaterThanOrEqualExpression => "GreaterThanOrEqual",
            SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression => "Equals",
            _ => null,
        };

        /// <summary>Independent accumulators per reduction in a vector loop (hides the add latency).</summary>
        public const int Interleave = 4;

        internal static string Bare(string name) => name.TrimStart('@');

        private static VectorPlan Scalar(string reason) =>
            new(reason, "", EquatableArray<VectorArray>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, "");

        /// <summary>Translates statements to vector code, one element type for the whole loop.</summary>
        private sealed class Translator
        {
            private readonly LoopAnalysis _analysis;
            private readonly SemanticModel _model;
            private readonly Dictionary<string, ReductionSpec> _reductions;
            private readonly HashSet<string> _locals = new();
            /// <summary>How many if-branches enclose each private's declaration, and the current statement.</summary>
            private readonly Dictionary<string, int> _levels = new();
            private int _level, _masks;
            /// <summary>Inside an if-branch: the lanes that run it (a mask of T).</summary>
            private string? _mask;

            /// <summary>Whether an if/else or ?: runs on lane masks.</summary>
            public bool UsesMasks { get; private set; }

            public Translator(LoopAnalysis analysis, SemanticModel model, IReadOnlyList<ReductionSpec> reductions)
            {
                _analysis = analysis; _model = model;
                _reductions = reductions.ToDictionary(r => r.Name);
            }

            public string? Element { get; private set; }
            public string? Reason { get; private set; }
            public int Stores { get; private set; }
            public Dictionary<string, (int Min, int Max, bool Written)> Arrays { get; } = new();
            public List<string> Broadcasts { get; } = new();
            public List<string> Accumulators { get; } = new();
            /// <summary>Lines of one vector step; "{k}" marks the interleave slot of accumulator updates.</summary>
            public List<string> Body { get; } = new();

            private bool Fail(string reason) { Reason ??= reason; return false; }

            private bool TakeType(ITypeSymbol? type, SyntaxNode at)
            {
                string? name = type?.SpecialType switch
                {
                    SpecialType.System_Single => "float",
                    SpecialType.System_Double => "double",
                    SpecialType.System_Int32 => "int",
                    SpecialType.System_Int64 => "long",
                    _ => null,
                };
                if (name is null) return Fail($"'{at}' has type {type?.ToDisplayString() ?? "?"} (vectors take float, double, int, long)");
                if (Element is null) { Element = name; return true; }
                return name == Element || Fail($"mixed element types {Element} and {name} ('{at}')");
            }

            private bool IsFloat => Element is "float" or "double";

            public bool Statement(StatementSyntax statement)
            {
                if (statement.DescendantNodesAndSelf().Any(n => n is CheckedExpressionSyntax or CheckedStatementSyntax))
                    return Fail("checked arithmetic");
                switch (statement)
                {
                    case LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } local
                        when !local.IsConst && local.UsingKeyword.IsKind(SyntaxKind.None) && local.Declaration.Variables[0].Initializer is { } init:
                    {
                        VariableDeclaratorSyntax variable = local.Declaration.Variables[0];
                        if (_model.GetDeclaredSymbol(variable) is not ILocalSymbol symbol || symbol.IsRef) return Fail("a ref local");
                        if (!TakeType(symbol.Type, variable)) return false;
                        if (Expression(init.Value) is not { } value) return false;
                        _locals.Add(symbol.Name);
                        _levels[symbol.Name] = _level;
                        Body.Add($"var __kg_v_{symbol.Name} = {value};");
                        return true;
                    }
                    case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }:
                        return Assignment(assignment);
                    case ExpressionStatementSyntax { Expression: PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax counted } postfix }:
                        return Count(counted, postfix.IsKind(SyntaxKind.PostIncrementExpression) ? "+" : "-");
                    case ExpressionStatementSyntax { Expression: PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax counted } prefix }
                        when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                        return Count(counted, prefix.IsKind(SyntaxKind.PreIncrementExpression) ? "+" : "-");
                    case ExpressionStatementSyntax { Expression: PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax }:
                        return Fail("'++'/'--' statements");
                    case EmptyStatementSyntax:
                        return true;
                    case BlockSyntax inner:
                        Body.Add("{");
                        foreach (StatementSyntax child in inner.Statements)
                            if (!Nested(child)) return false;
                        Body.Add("}");
                        return true;
                    case ForStatementSyntax inner:
                        return CountedLoop(inner);
                    case IfStatementSyntax branch:
                        return If(branch);
                    default:
                    {
                        string kind = statement.Kind().ToString().Replace("Statement", "").ToLowerInvariant();
                        return Fail($"{("aeiou".IndexOf(kind[0]) >= 0 ? "an" : "a")} '{kind}' statement");
                    }
                }
            }

            /// <summary>A statement inside a block or inner loop: its lines indented one level.</summary>
            private bool Nested(StatementSyntax statement)
            {
                int at = Body.Count;
                if (!Statement(statement)) return false;
                for (int n = at; n < Body.Count; n++) Body[n] = "    " + Body[n];
                return true;
            }

            /// <summary>
            /// if/else on lane masks: each branch runs for every lane (loads are in bounds, nothing throws) and updates,
            /// stores and sums only for the lanes that take it.
            /// </summary>
            private bool If(IfStatementSyntax branch)
            {
                if (Condition(branch.Condition) is not { } condition) return false;
                string taken = $"__kg_m{_masks++}";
                UsesMasks = true;
                Body.Add($"var {taken} = {(_mask is null ? condition : $"{_mask} & {condition}")}; // lanes where '{branch.Condition}' holds");
                if (!Branch(taken, branch.Statement)) return false;
                if (branch.Else is not { } otherwise) return true;
                string other = $"__kg_m{_masks++}";
                Body.Add($"var {other} = {(_mask is null ? $"~{taken}" : $"{_mask} & ~{taken}")}; // lanes taking 'else'");
                return Branch(other, otherwise.Statement);
            }

            private bool Branch(string mask, StatementSyntax body)
            {
                string? saved = _mask;
                _mask = mask; _level++;
                Body.Add("{");
                bool ok = body is BlockSyntax block ? block.Statements.All(Nested) : Nested(body);
                Body.Add("}");
                _mask = saved; _level--;
                return ok;
            }

            /// <summary>
            /// An inner 'for (int k = c0; k &lt; c1; k++)' with constant bounds whose body does not use k: runs as is
            /// around vector statements (outer-loop vectorization: each lane is one PRange iteration).
            /// </summary>
            private bool CountedLoop(ForStatementSyntax loop)
            {
                if (loop.Declaration is not { Variables.Count: 1 } declaration
                    || declaration.Variables[0].Initializer is not { } init || !_model.GetConstantValue(init.Value).HasValue
                    || loop.Initializers.Count != 0 || loop.Incrementors.Count != 1
                    || _model.GetDeclaredSymbol(declaration.Variables[0]) is not ILocalSymbol counter)
                    return Fail("an inner loop that is not 'for (int k = c0; k < c1; k++)' with constant bounds");
                bool IsCounter(ExpressionSyntax e) => e is IdentifierNameSyntax id && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(id).Symbol, counter);
                if (loop.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression or (int)SyntaxKind.LessThanOrEqualExpression } condition
                    || !IsCounter(condition.Left) || !_model.GetConstantValue(condition.Right).HasValue
                    || loop.Incrementors[0] is not (PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression }))
                    return Fail("an inner loop that is not 'for (int k = c0; k < c1; k++)' with constant bounds");
                ExpressionSyntax step = loop.Incrementors[0] is PostfixUnaryExpressionSyntax post ? post.Operand : ((PrefixUnaryExpressionSyntax)loop.Incrementors[0]).Operand;
                if (!IsCounter(step)) return Fail("an inner loop that is not 'for (int k = c0; k < c1; k++)' with constant bounds");
                if (loop.Statement.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(IsCounter))
                    return Fail($"the inner loop's counter '{counter.Name}' is used in its body");
                Body.Add($"for ({declaration}; {loop.Condition}; {loop.Incrementors[0]}) // inner loop, per vector of PRange iterations");
                if (loop.Statement is BlockSyntax)
                    return Statement(loop.Statement);
                Body.Add("{");
                if (!Nested(loop.Statement)) return false;
                Body.Add("}");
                return true;
            }

            /// <summary><c>s++;</c> / <c>s--;</c> on a sum reduction: each lane (in a branch: each lane taking it) adds ±1.</summary>
            private bool Count(IdentifierNameSyntax target, string op)
            {
                ISymbol? symbol = _model.GetSymbolInfo(target).Symbol;
                if (symbol is null || !_reductions.TryGetValue(Parsing.KernelParser.Escape(symbol.Name), out ReductionSpec? reduction) || reduction.Family != "sum")
                    return Fail("'++'/'--' statements");
                if (!TakeType(_model.GetTypeInfo(target).Type, target)) return false;
                string one = $"{V}.Create(({Element})1)";
                if (!Accumulators.Contains(reduction.Name)) Accumulators.Add(reduction.Name);
                Body.Add($"__kg_acc{{k}}_{Bare(reduction.Name)} {op}= {(_mask is null ? one : $"{V}.ConditionalSelect({_mask}, {one}, {V}<{Element}>.Zero)")};");
                return true;
            }

            /// <summary>
            /// <c>s = Math.Min(s, e);</c> / <c>Math.Max</c> on an int or long min/max reduction: lane-wise Min/Max accumulators
            /// (exact in any order for integers; floating-point min/max stays scalar: NaN and -0 ordering).
            /// </summary>
            private bool MinMax(ReductionSpec reduction, IdentifierNameSyntax target, ExpressionSyntax right)
            {
                if (reduction.Type is not ("int" or "long")) return Fail($"floating-point {reduction.Family} reduction '{reduction.Name}'");
                if (right is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } call
                    || _model.GetSymbolInfo(call).Symbol is not IMethodSymbol { Name: "Min" or "Max" } method
                    || method.ContainingType?.ToDisplayString() != "System.Math"
                    || (method.Name == "Min") != (reduction.Family == "min"))
                    return Fail($"reduction '{reduction.Name}' is not 's = Math.{(reduction.Family == "min" ? "Min" : "Max")}(s, e)'");
                bool IsTarget(ExpressionSyntax e) => e is IdentifierNameSyntax id && id.Identifier.ValueText == target.Identifier.ValueText;
                ExpressionSyntax? other = IsTarget(call.ArgumentList.Arguments[0].Expression) ? call.ArgumentList.Arguments[1].Expression
                    : IsTarget(call.ArgumentList.Arguments[1].Expression) ? call.ArgumentList.Arguments[0].Expression : null;
                if (other is null) return Fail($"reduction '{reduction.Name}' is not 's = Math.{method.Name}(s, e)'");
                if (!TakeType(_model.GetTypeInfo(target).Type, target)) return false;
                if (Expression(other) is not { } value) return false;
                string acc = $"__kg_acc{{k}}_{Bare(reduction.Name)}";
                string updated = $"{V}.{method.Name}({acc}, {value})";
                if (!Accumulators.Contains(reduction.Name)) Accumulators.Add(reduction.Name);
                Body.Add($"{acc} = {(_mask is null ? updated : $"{V}.ConditionalSelect({_mask}, {updated}, {acc})")};");
                return true;
            }

            private bool Assignment(AssignmentExpressionSyntax assignment)
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
                if (op == "/" && !IsFloat && Element is not null) return Fail("integer division");
                if (assignment.Left is IdentifierNameSyntax target)
                {
                    ISymbol? symbol = _model.GetSymbolInfo(target).Symbol;
                    if (symbol is ILocalSymbol && _locals.Contains(symbol.Name))
                    {
                        if (!TakeType(((ILocalSymbol)symbol).Type, target)) return false;
                        if (Expression(assignment.Right) is not { } value) return false;
                        string updated = op.Length == 0 ? value : $"__kg_v_{symbol.Name} {op} ({value})";
                        if (_mask is not null && _levels[symbol.Name] < _level)
                            updated = $"{V}.ConditionalSelect({_mask}, {updated}, __kg_v_{symbol.Name})"; // the lanes in the branch only
                        Body.Add($"__kg_v_{symbol.Name} = {updated};");
                        return true;
                    }
                    if (symbol is not null && _reductions.TryGetValue(Parsing.KernelParser.Escape(symbol.Name), out ReductionSpec? extreme)
                        && extreme.Family is "min" or "max" && op.Length == 0)
                        return MinMax(extreme, target, assignment.Right);
                    if (symbol is not null && _reductions.TryGetValue(Parsing.KernelParser.Escape(symbol.Name), out ReductionSpec? reduction))
                    {
                        if (reduction.Family != "sum" || op is not ("+" or "-")) return Fail($"reduction '{reduction.Name}' is not a '+=' / '-=' sum");
                        if (!TakeType(_model.GetTypeInfo(target).Type, target)) return false;
                        if (Expression(assignment.Right) is not { } value) return false;
                        string name = Bare(reduction.Name);
                        if (!Accumulators.Contains(reduction.Name)) Accumulators.Add(reduction.Name);
                        // In a branch the other lanes add zero (float sums are within rounding anyway; integer sums exact).
                        Body.Add(_mask is null ? $"__kg_acc{{k}}_{name} {op}= {value};" : $"__kg_acc{{k}}_{name} {op}= {V}.ConditionalSelect({_mask}, {value}, {V}<{Element}>.Zero);");
                        return true;
                    }
                    return Fail($"assignment to '{target}'");
                }
                if (assignment.Left is ElementAccessExpressionSyntax access)
                {
                    if (Access(access, written: true) is not { } slot) return false;
                    if (Expression(assignment.Right) is not { } value) return false;
                    string stored = op.Length == 0 ? value : $"{V}.LoadUnsafe({slot}) {op} ({value})";
                    if (_mask is not null) stored = $"{V}.ConditionalSelect({_mask}, {stored}, {V}.LoadUnsafe({slot}))"; // the other lanes store their element back
                    Body.Add($"{V}.StoreUnsafe({stored}, {slot});");
                    Stores++;
                    return true;
                }
                return Fail($"assignment to '{assignment.Left}'");
            }

            /// <summary>"ref __kg_r_a, (nuint)(__kg_i + c)" for a[i + c]; null when the subscript is not unit-stride.</summary>
            private string? Access(ElementAccessExpressionSyntax access, bool written)
            {
                if (access.Expression is not IdentifierNameSyntax arrayName || access.ArgumentList.Arguments.Count != 1)
                    { Fail($"'{access}' is not a one-dimensional array read a[i + c]"); return null; }
                ISymbol? array = _model.GetSymbolInfo(arrayName).Symbol;
                if (array is null || !_analysis.Captures.Contains(array, SymbolEqualityComparer.Default)
                    || (array is ILocalSymbol l ? l.Type : (array as IParameterSymbol)?.Type) is not IArrayTypeSymbol { IsSZArray: true } arrayType)
                    { Fail($"'{arrayName}' is not an array declared outside the loop"); return null; }
                if (!TakeType(arrayType.ElementType, access)) return null;
                if (Offset(access.ArgumentList.Arguments[0].Expression) is not { } offset)
                    { Fail($"subscript '{access.ArgumentList.Arguments[0]}' is not i or i ± constant"); return null; }
                string name = Parsing.KernelParser.Escape(array.Name);
                Arrays[name] = Arrays.TryGetValue(name, out var seen)
                    ? (System.Math.Min(seen.Min, offset), System.Math.Max(seen.Max, offset), seen.Written || written)
                    : (offset, offset, written);
                return $"ref __kg_r_{array.Name}, (nuint)(__kg_i{(offset == 0 ? "" : offset > 0 ? " + " + offset : " - " + (-(long)offset))})";
            }

            private int? Offset(ExpressionSyntax subscript) => UnitOffset(subscript, _analysis, _model);


            /// <summary>A lane mask of T (all bits set where <paramref name="e"/> holds) for a comparison of T values, or null.</summary>
            private string? Condition(ExpressionSyntax e)
            {
                while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
                switch (e)
                {
                    case PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression):
                        return Condition(not.Operand) is { } operand ? $"~({operand})" : null;
                    case BinaryExpressionSyntax logical when logical.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression:
                    {
                        string? left = Condition(logical.Left), right = left is null ? null : Condition(logical.Right);
                        return right is null ? null : $"({left} {(logical.IsKind(SyntaxKind.LogicalAndExpression) ? "&" : "|")} {right})";
                    }
                    case BinaryExpressionSyntax compare:
                    {
                        string? method = CompareMethod(compare.Kind());
                        if (method is null) break;
                        string? left = Expression(compare.Left), right = left is null ? null : Expression(compare.Right);
                        if (right is null) return null;
                        string mask = $"{V}.{method}({left}, {right})";
                        return compare.IsKind(SyntaxKind.NotEqualsExpression) ? $"~{mask}" : mask;
                    }
                }
                Fail($"the condition '{e}'");
                return null;
            }

            /// <summary>The vector expression for <paramref name="e"/>, or null (Reason set).</summary>
            private string? Expression(ExpressionSyntax e)
            {
                TypeInfo info = _model.GetTypeInfo(e);
                // Leaves: constants and shared scalars are broadcast (after their implicit conversion to T).
                if (_model.GetConstantValue(e) is { HasValue: true } && e is LiteralExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax
                    || e is PrefixUnaryExpressionSyntax { OperatorToken.RawKind: (int)SyntaxKind.MinusToken, Operand: LiteralExpressionSyntax })
                {
                    if (!TakeType(info.ConvertedType, e)) return null;
                    return $"{V}.Create(({Element})({e}))";
                }
                if (e is IdentifierNameSyntax id)
                {
                    ISymbol? symbol = _model.GetSymbolInfo(id).Symbol;
                    if (symbol is ILocalSymbol && _locals.Contains(symbol.Name))
                        return TakeType(info.Type, e) && TakeType(info.ConvertedType, e) ? $"__kg_v_{symbol.Name}" : null;
                    if (symbol is not null && _analysis.Captures.Contains(symbol, SymbolEqualityComparer.Default))
                    {
                        if (!TakeType(info.ConvertedType, e)) return null;
                        string name = Parsing.KernelParser.Escape(symbol.Name);
                        if (!Broadcasts.Contains(name)) Broadcasts.Add(name);
                        return $"__kg_b_{symbol.Name}";
                    }
                    Fail(SymbolEqualityComparer.Default.Equals(symbol, _analysis.Index) ? "the loop index is used as a value" : $"'{id}' cannot be vectorized");
                    return null;
                }
                // Everything else computes in T itself: no implicit conversion of a computed value.
                if (!TakeType(info.Type, e) || !TakeType(info.ConvertedType, e)) return null;
                if (e is ConditionalExpressionSyntax conditional)
                {
                    // Both values are computed for every lane (loads are in bounds, nothing here throws), then each lane takes its own.
                    string? condition = Condition(conditional.Condition), yes = condition is null ? null : Expression(conditional.WhenTrue),
                        no = yes is null ? null : Expression(conditional.WhenFalse);
                    UsesMasks = true;
                    return no is null ? null : $"{V}.ConditionalSelect({condition}, {yes}, {no})";
                }
                switch (e)
                {
                    case ParenthesizedExpressionSyntax p:
                        return Expression(p.Expression) is { } inner ? $"({inner})" : null;
                    case BinaryExpressionSyntax binary:
                    {
                        string? op = binary.Kind() switch
                        {
                            SyntaxKind.AddExpression => "+",
                            SyntaxKind.SubtractExpression => "-",
                            SyntaxKind.MultiplyExpression => "*",
                            SyntaxKind.DivideExpression when IsFloat => "/",
                            _ => null,
                        };
                        if (op is null) { Fail($"operator '{binary.OperatorToken}'{(binary.IsKind(SyntaxKind.DivideExpression) ? " on integers" : "")}"); return null; }
                        string? left = Expression(binary.Left), right = left is null ? null : Expression(binary.Right);
                        return right is null ? null : $"{left} {op} {right}";
                    }
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                        // Floating point: flip the sign bit, as scalar '-x' does (0 - x would turn 0 into +0, not -0).
                        return Expression(unary.Operand) is { } negated
                            ? IsFloat ? $"({V}.Create(({Element})(-0.0)) ^ ({negated}))" : $"-({negated})"
                            : null;
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                        return Expression(unary.Operand);
                    case ElementAccessExpressionSyntax access:
                        return Access(access, written: false) is { } slot ? $"{V}.LoadUnsafe({slot})" : null;
                    case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call
                        when IsFloat && _model.GetSymbolInfo(call).Symbol is IMethodSymbol { Name: "Sqrt" or "Abs" } method
                             && method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF"
                             && call.ArgumentList.Arguments[0].RefKindKeyword.IsKind(SyntaxKind.None):
                        return Expression(call.ArgumentList.Arguments[0].Expression) is { } argument ? $"{V}.{method.Name}({argument})" : null;
                    default:
                        Fail($"'{e}' has no exact vector counterpart");
                        return null;
                }
            }
        }
    }
}
