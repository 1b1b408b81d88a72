using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Recognizes scalar reductions: a local (or by-value parameter) declared outside a PRange loop that the body
    /// only updates through statements of one operator family, never reading it otherwise:
    /// <c>s += e; s -= e; s++; s--; s = s + e; s = s - e</c> (sum), <c>s *= e; s = s * e</c> (product),
    /// <c>&amp;= |= ^=</c> and their <c>s = s op e</c> forms (bitwise, integers only),
    /// <c>s = Math.Min(s, e)</c> / <c>Math.Max</c> (and MathF). Types: int, long, float, double.
    /// Each chunk then accumulates from the operator's identity and the partials are combined in chunk order.
    /// </summary>
    internal static class Reductions
    {
        /// <summary>Classifies <paramref name="symbol"/> as a reduction of <paramref name="body"/>; null (with a reason) when it is not one.</summary>
        public static ReductionSpec? TryMatch(ISymbol symbol, StatementSyntax body, SemanticModel model, out string? whyNot)
        {
            // The generator never throws: anything unexpected keeps the loop serial (KG2006).
            try { return Match(symbol, body, model, out whyNot); }
            catch (System.OperationCanceledException) { throw; }
            catch (System.Exception e) { whyNot = "internal: " + e.GetType().Name; return null; }
        }

        private static ReductionSpec? Match(ISymbol symbol, StatementSyntax body, SemanticModel model, out string? whyNot)
        {
            whyNot = null;
            if (ByIndexAlone(symbol, body, model) is { } byIndex) return byIndex;
            ITypeSymbol? type = VariableType(symbol);
            // uint and ulong too (checksums, hashes folded with ^, bit masks): their sums and products wrap as the
            // serial loop's do, and Math.Min/Max pick their unsigned overloads when the partials are merged.
            string? typeName = ScalarTypeName(type) ?? (IsGenericNumber(type) ? type!.Name
                : type?.SpecialType switch { SpecialType.System_UInt32 => "uint", SpecialType.System_UInt64 => "ulong", _ => null });
            if (typeName is null)
            {
                whyNot = "reductions are supported on int, long, uint, ulong, float and double locals (and generic math T : INumberBase<T>) only";
                return null;
            }
            bool isFloat = typeName is "float" or "double";

            string? family = null;
            var operators = new List<string>();
            int updates = 0;
            var companions = new List<AssignmentExpressionSyntax>(); // argmin/argmax: the index assigned with the best value
            foreach (IdentifierNameSyntax name in SyntaxNodes.All(body).OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name) continue;
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol)) continue;
                if (name.Ancestors().Any(LoopAnalysis.IsFunctionBoundary))
                {
                    whyNot = $"'{symbol.Name}' is used inside a lambda or local function";
                    return null;
                }
                if (name.Ancestors().Any(a => a is CheckedExpressionSyntax { RawKind: (int)SyntaxKind.CheckedExpression } or CheckedStatementSyntax { RawKind: (int)SyntaxKind.CheckedStatement })
                    || !isFloat && model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: true })
                {
                    whyNot = $"'{symbol.Name}' is updated with checked arithmetic (overflow would surface at another point in parallel)";
                    return null;
                }
                (string? f, string? op, bool isTarget) = Classify(name, symbol, model);
                if (f is null)
                {
                    whyNot = $"'{symbol.Name}' is read or written outside a reduction statement ('s += e;', 's = Math.Min(s, e);' …)";
                    return null;
                }
                if (!isTarget) continue; // the 's' read inside 's = s op e' / 'Math.Min(s, e)': accounted for by its target
                if (family is not null && family != f)
                {
                    whyNot = $"'{symbol.Name}' is updated with mixed operators ({family} and {f})";
                    return null;
                }
                if (f is "and" or "or" or "xor" && isFloat)
                {
                    whyNot = $"bitwise reduction of floating-point '{symbol.Name}'";
                    return null;
                }
                family = f;
                if (!operators.Contains(op!)) operators.Add(op!);
                updates++;
                if (name.Parent is AssignmentExpressionSyntax target && IfForm(target, symbol, model)?.Companion is { } companion) companions.Add(companion);
            }
            if (family is null)
            {
                whyNot = $"'{symbol.Name}' is not updated by a reduction statement";
                return null;
            }
            if (IsGenericNumber(type) && family is not ("sum" or "product"))
            {
                whyNot = $"only sums and products of the generic '{typeName}' are reductions";
                return null;
            }
            var spec = new ReductionSpec(LoopAnalysisName(symbol), typeName, family, Identity(family, typeName), string.Join(" ", operators));
            if (companions.Count == 0) return spec;
            if (IndexOf(companions, updates, body, model, out whyNot) is not { } index) return null;
            return spec with { IndexName = KernelParser.Escape(index.Symbol.Name), IndexType = index.Type };
        }

        /// <summary>
        /// argmin/argmax of the PRange loop by index alone, <c>if (a[i] &gt; a[best]) best = i;</c> (also
        /// <c>Math.Abs(col[i]) &gt; Math.Abs(col[p])</c>, a pivot search): the element at best is the value the
        /// value-and-index form keeps, so it is that reduction with the value hidden. Each chunk starts from best as
        /// it was before the loop (the serial start: its first iteration reads the element there, with its range
        /// check, exactly as the serial loop's first one does) and notes whether it took an index; the chunks' picks
        /// are combined in chunk order by their elements, which gives the serial index: '&gt;' keeps the first of
        /// equal values, '&gt;=' the last, a NaN never wins and a NaN at the start is never beaten.
        /// <para>Only where the element keeps its value: the loop stores no element or member and calls nothing but
        /// Math/MathF, the element's expression reads locals and parameters declared before the loop that the loop
        /// does not assign, and best is read only there and assigned only by <c>best = i</c> (i the PRange index), as
        /// the whole statement of that else-less if. Null (not this form) otherwise.</para>
        /// </summary>
        private static ReductionSpec? ByIndexAlone(ISymbol symbol, StatementSyntax body, SemanticModel model)
        {
            if (body.Parent is not ForEachStatementSyntax loop || loop.Statement != body || model.GetDeclaredSymbol(loop) is not ILocalSymbol counter
                || VariableType(symbol) is not { SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 } indexType
                || symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == body.SyntaxTree && body.Span.Contains(r.Span))) return null;
            bool Is(SyntaxNode n, ISymbol s) => n is IdentifierNameSyntax id && id.Identifier.ValueText == s.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id).Symbol, s);
            var references = SyntaxNodes.All(body).OfType<IdentifierNameSyntax>().Where(n => Is(n, symbol)).ToList();
            // The one write: 'best = i;', the whole statement of an else-less if (or its block's one statement).
            var writes = references.Where(LoopAnalysis.IsWrite).ToList();
            if (writes.Count != 1 || writes[0].Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                || assignment.Left != writes[0] || !Is(Strip(assignment.Right), counter) || assignment.Parent is not ExpressionStatementSyntax statement) return null;
            IfStatementSyntax? guard = statement.Parent as IfStatementSyntax ?? (statement.Parent is BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax g } ? g : null);
            if (guard is null || guard.Else is not null || Strip(guard.Condition) is not BinaryExpressionSyntax compare
                || compare.Kind() is not (SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression)
                || references.Any(r => r != writes[0] && !compare.Span.Contains(r.Span))
                || references.Any(r => r.Ancestors().Any(LoopAnalysis.IsFunctionBoundary))) return null;
            // One side is the element at best; the other the same expression at the PRange index.
            ExpressionSyntax left = Strip(compare.Left), right = Strip(compare.Right);
            bool onRight = Mentions(right, symbol, model) && !Mentions(left, symbol, model);
            if (!onRight && !(Mentions(left, symbol, model) && !Mentions(right, symbol, model))) return null;
            ExpressionSyntax atBest = onRight ? right : left, atCounter = onRight ? left : right;
            if (Mentions(atBest, counter, model) || atBest.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))) return null;
            var bestNames = atBest.DescendantNodesAndSelf().Where(n => Is(n, symbol)).ToList();
            ExpressionSyntax moved = atBest.ReplaceNodes(bestNames, (o, _) => SyntaxFactory.IdentifierName(loop.Identifier).WithTriviaFrom(o));
            if (!SyntaxFactory.AreEquivalent(moved, atCounter)) return null;
            if (!IsStableValue(atBest, symbol, body, model) || !StoresNothing(body, model)) return null;
            if (model.GetTypeInfo(atBest).Type is not { } valueType || valueType.SpecialType is not (SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double)) return null;
            string op = compare.OperatorToken.Text;
            // The family with the kept value on the right ('a[i] > a[best]': "select>").
            string family = "select" + (onRight ? op : op switch { "<" => ">", "<=" => ">=", ">" => "<", _ => "<=" });
            string type = valueType.ToDisplayString();
            return new ReductionSpec("__kg_bv_" + symbol.Name, type, family, Identity(family, type), "if " + op)
            {
                IndexName = KernelParser.Escape(symbol.Name),
                IndexType = indexType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                ValueOf = atBest.WithoutTrivia().NormalizeWhitespace().ToFullString(),
            };
        }

        /// <summary>
        /// Whether <paramref name="value"/> (the element at <paramref name="index"/>) gives the same value wherever it is
        /// evaluated during and after the loop, without writing anything: element accesses, array lengths, fields,
        /// literals, casts, operators and Math/MathF calls over locals and parameters declared before the loop that
        /// the loop does not assign (index aside).
        /// </summary>
        private static bool IsStableValue(ExpressionSyntax value, ISymbol index, StatementSyntax body, SemanticModel model)
        {
            foreach (SyntaxNode node in value.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case ParenthesizedExpressionSyntax or LiteralExpressionSyntax or CastExpressionSyntax or PredefinedTypeSyntax
                        or BracketedArgumentListSyntax or ArgumentListSyntax or BinaryExpressionSyntax:
                        continue;
                    case PrefixUnaryExpressionSyntax unary when unary.Kind() is SyntaxKind.UnaryMinusExpression or SyntaxKind.UnaryPlusExpression or SyntaxKind.BitwiseNotExpression:
                        continue;
                    case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.None) && argument.NameColon is null && argument.Expression is not RangeExpressionSyntax:
                        continue;
                    case ElementAccessExpressionSyntax:
                        continue;
                    case InvocationExpressionSyntax call when model.GetSymbolInfo(call).Symbol is IMethodSymbol { IsStatic: true } method
                        && method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF":
                        continue;
                    case MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                        ISymbol? member = model.GetSymbolInfo(access).Symbol;
                        if (member is IMethodSymbol || member is IFieldSymbol { IsStatic: false } || member is IPropertySymbol { Name: "Length" or "LongLength", ContainingType.SpecialType: SpecialType.System_Array }
                            || member is IPropertySymbol { Name: "Length" } && model.GetTypeInfo(access.Expression).Type is IArrayTypeSymbol) continue;
                        return false;
                    case IdentifierNameSyntax name:
                        ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                        if (name.Parent is MemberAccessExpressionSyntax m && m.Name == name) continue; // (judged with its access)
                        if (symbol is INamedTypeSymbol type && type.ToDisplayString() is "System.Math" or "System.MathF") continue;
                        if (SymbolEqualityComparer.Default.Equals(symbol, index)) continue;
                        if (symbol is not (ILocalSymbol or IParameterSymbol) || symbol is ILocalSymbol { IsRef: true } or IParameterSymbol { RefKind: not RefKind.None and not RefKind.In }
                            || symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == body.SyntaxTree && body.Span.Contains(r.Span))
                            || SyntaxNodes.All(body).OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == name.Identifier.ValueText && LoopAnalysis.IsWrite(n)
                                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, symbol))) return false;
                        continue;
                    default:
                        return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Whether the loop body writes nothing but plain locals and parameters and runs no code of its own choosing:
        /// no element, member or pointer store, no call but Math/MathF, no property but an array's, span's or string's
        /// length and a span's element, no user-defined operator or conversion, no object creation or function.
        /// </summary>
        private static bool StoresNothing(StatementSyntax body, SemanticModel model)
        {
            if (model.GetOperation(body) is not { } root) return false;
            static bool IsMath(IMethodSymbol m) => m.IsStatic && m.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF";
            static bool Plain(IOperation target) => target is ILocalReferenceOperation { Local.IsRef: false } or IParameterReferenceOperation { Parameter.RefKind: RefKind.None };
            static bool Sequence(ITypeSymbol? type) => type is IArrayTypeSymbol || type?.SpecialType == SpecialType.System_String
                || type?.OriginalDefinition.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>";
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                bool ok = operation switch
                {
                    IInvocationOperation call => IsMath(call.TargetMethod),
                    IArgumentOperation argument => argument.Parameter?.RefKind is null or RefKind.None or RefKind.In || Plain(argument.Value), // (Math.DivRem's out)
                    IPropertyReferenceOperation property => Sequence(property.Instance?.Type) && (property.Property.IsIndexer || property.Property.Name is "Length" or "LongLength"),
                    IAssignmentOperation assignment => Plain(assignment.Target) && assignment is not ICompoundAssignmentOperation { OperatorMethod: not null },
                    IIncrementOrDecrementOperation step => Plain(step.Target) && step.OperatorMethod is null,
                    IBinaryOperation binary => binary.OperatorMethod is null,
                    IUnaryOperation unary => unary.OperatorMethod is null,
                    IConversionOperation conversion => conversion.OperatorMethod is null,
                    IObjectCreationOperation or IAnonymousFunctionOperation or ILocalFunctionOperation or IDelegateCreationOperation
                        or IAwaitOperation or IEventReferenceOperation or IDynamicInvocationOperation or IDynamicMemberReferenceOperation
                        or IDynamicIndexerAccessOperation or IFunctionPointerInvocationOperation or IInvalidOperation => false,
                    _ => true,
                };
                if (!ok) return false;
            }
            return true;
        }

        /// <summary>
        /// The argmin/argmax form: the variable every update of the select idiom assigns along with the best value
        /// ('if (d &lt; best) { best = d; bestIndex = i; }'), with its type's C# text. Every update must assign the same
        /// one, a local (or by-value parameter) declared outside the loop that the body uses nowhere else, of a
        /// primitive or enum type.
        /// </summary>
        private static (ISymbol Symbol, string Type)? IndexOf(List<AssignmentExpressionSyntax> companions, int updates, StatementSyntax body, SemanticModel model, out string? whyNot)
        {
            whyNot = null;
            ISymbol? index = model.GetSymbolInfo(Strip(companions[0].Left)).Symbol;
            ITypeSymbol? type = index is null ? null : VariableType(index);
            if (index is null || type is null || !(type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum)
                || index.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == body.SyntaxTree && body.Span.Contains(r.Span)))
            {
                whyNot = $"'{Strip(companions[0].Left)}', assigned with the best value, is not a primitive local declared before the loop";
                return null;
            }
            if (companions.Count != updates || companions.Any(c => !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(Strip(c.Left)).Symbol, index)))
            {
                whyNot = $"not every update of the best value also assigns '{index.Name}'";
                return null;
            }
            int uses = SyntaxNodes.All(body).OfType<IdentifierNameSyntax>().Count(n => n.Identifier.ValueText == index.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, index));
            if (uses != companions.Count)
            {
                whyNot = $"'{index.Name}' is used in the loop other than assigned with the best value";
                return null;
            }
            return (index, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        /// <summary>
        /// The statements of the argmin/argmax updates, each with its chunk's flag that it took a value: the copied body
        /// turns 'if (d &lt; best) { best = d; bestIndex = i; }' into '… bestIndex = i; __kg_took_best = true; }', and
        /// 'if (a[i] &gt; a[best]) best = i;' into '… { best = i; __kg_took_best = true; }', on the same line (the copied
        /// body keeps the user's line numbers; see <see cref="WithTakenFlag"/>). Empty when no reduction has an index.
        /// </summary>
        public static Dictionary<StatementSyntax, string> TakenFlagBlocks(StatementSyntax body, IReadOnlyList<ReductionSpec> reductions, SemanticModel model)
        {
            var blocks = new Dictionary<StatementSyntax, string>();
            var indexed = reductions.Where(r => r.HasIndex).ToDictionary(r => (r.IndexOnly ? r.IndexName : r.Name).TrimStart('@'), r => r);
            if (indexed.Count == 0) return blocks;
            foreach (IfStatementSyntax guard in SyntaxNodes.All(body).OfType<IfStatementSyntax>())
            {
                if (GuardedAssignments(guard) is not { } assignments || guard.Ancestors().Any(LoopAnalysis.IsFunctionBoundary)) continue; // (a lambda's own variables may have the same names)
                foreach (AssignmentExpressionSyntax assignment in assignments)
                    if (Strip(assignment.Left) is IdentifierNameSyntax target && indexed.TryGetValue(target.Identifier.ValueText, out ReductionSpec? spec)
                        && (spec.IndexOnly ? assignments.Count == 1 : assignments.Count == 2 && guard.Statement is BlockSyntax)
                        && model.GetSymbolInfo(target).Symbol is ILocalSymbol or IParameterSymbol)
                        blocks[guard.Statement] = spec.TakenFlag;
            }
            return blocks;
        }

        /// <summary>
        /// The statement of an argmin/argmax update (as rewritten so far) with '&lt;flag&gt; = true;' after its last
        /// statement, on the same line (a lone statement becomes a block of both).
        /// </summary>
        public static StatementSyntax WithTakenFlag(StatementSyntax statement, string flag)
        {
            if (statement is not BlockSyntax block)
                return SyntaxFactory.ParseStatement($"{{ {statement.WithoutTrivia().ToFullString()} {flag} = true; }}").WithTriviaFrom(statement);
            StatementSyntax last = block.Statements.Last();
            StatementSyntax set = SyntaxFactory.ParseStatement($" {flag} = true;").WithTrailingTrivia(last.GetTrailingTrivia());
            return block.WithStatements(block.Statements.Replace(last, last.WithoutTrailingTrivia()).Add(set));
        }

        /// <summary>
        /// The best value of the argmin/argmax reduction that <paramref name="symbol"/> is the index of (assigned only
        /// in its 'if (d &lt; best) { best = d; index = i; }' statements), or null.
        /// </summary>
        public static ISymbol? IndexedBy(ISymbol symbol, StatementSyntax body, SemanticModel model)
        {
            try
            {
                foreach (IdentifierNameSyntax name in SyntaxNodes.All(body).OfType<IdentifierNameSyntax>())
                {
                    if (name.Identifier.ValueText != symbol.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol)) continue;
                    if (name.Parent is not AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax { Parent: IfStatementSyntax guard } } } companion
                        || companion.Left != name || GuardedAssignments(guard) is not { Count: 2 } assignments) return null;
                    return assignments.First(a => a != companion).Left is IdentifierNameSyntax best ? model.GetSymbolInfo(best).Symbol : null;
                }
                return null;
            }
            catch (System.Exception e) when (e is not System.OperationCanceledException) { return null; }
        }

        /// <summary>The type of a plain local (not ref, not const) or by-value parameter; null for anything else.</summary>
        internal static ITypeSymbol? VariableType(ISymbol symbol) => symbol switch
        {
            ILocalSymbol { IsRef: false, IsConst: false } local => local.Type,
            IParameterSymbol { RefKind: RefKind.None } parameter => parameter.Type,
            _ => null,
        };

        /// <summary>"int", "long", "float" or "double"; null for other types.</summary>
        internal static string? ScalarTypeName(ITypeSymbol? type) => type?.SpecialType switch
        {
            SpecialType.System_Int32 => "int",
            SpecialType.System_Int64 => "long",
            SpecialType.System_Single => "float",
            SpecialType.System_Double => "double",
            _ => null,
        };

        private static string LoopAnalysisName(ISymbol symbol) => KernelParser.Escape(symbol.Name);

        /// <summary>
        /// For one reference of the variable: its operator family ("sum", "product", "and", "or", "xor", "min", "max"),
        /// the operator as written, and whether this reference is the statement's target. Null family: not a reduction use.
        /// </summary>
        private static (string? Family, string? Op, bool IsTarget) Classify(IdentifierNameSyntax name, ISymbol symbol, SemanticModel model)
        {
            // Interlocked.Increment(ref s); Interlocked.Add(ref s, e); … as whole statements: atomic updates of a shared
            // counter, which a per-chunk partial does exactly (and without contention).
            if (name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword } refArgument
                && refArgument.Parent is ArgumentListSyntax { Arguments: var arguments } && arguments[0] == refArgument
                && refArgument.Parent.Parent is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } call
                && model.GetSymbolInfo(call).Symbol is IMethodSymbol { ContainingType: { Name: "Interlocked" } type } atomic
                && type.ContainingNamespace?.ToDisplayString() == "System.Threading")
            {
                bool otherMentions = arguments.Skip(1).Any(a => Mentions(a, symbol, model));
                return atomic.Name switch
                {
                    "Increment" => ("sum", "Interlocked.Increment", true),
                    "Decrement" => ("sum", "Interlocked.Decrement", true),
                    "Add" when !otherMentions => ("sum", "Interlocked.Add", true),
                    "Or" when !otherMentions => ("or", "Interlocked.Or", true),
                    "And" when !otherMentions => ("and", "Interlocked.And", true),
                    _ => (null, null, false),
                };
            }
            // s++; s--; ++s; --s; as whole statements
            if (name.Parent is PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax && name.Parent.Parent is ExpressionStatementSyntax)
            {
                return name.Parent.Kind() switch
                {
                    SyntaxKind.PostIncrementExpression or SyntaxKind.PreIncrementExpression => ("sum", "++", true),
                    SyntaxKind.PostDecrementExpression or SyntaxKind.PreDecrementExpression => ("sum", "--", true),
                    _ => (null, null, false),
                };
            }
            if (name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name && assignment.Parent is ExpressionStatementSyntax)
            {
                if (IfForm(assignment, symbol, model) is { } guarded) return (guarded.Family, guarded.Op, true);
                if (Mentions(assignment.Right, symbol, model)) // s += s … : not a reduction
                {
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)) return (null, null, false);
                    return SimpleForm(assignment.Right, symbol, model) is { } simple ? (simple.Family, simple.Op, true) : (null, null, false);
                }
                return assignment.Kind() switch
                {
                    SyntaxKind.AddAssignmentExpression => ("sum", "+=", true),
                    SyntaxKind.SubtractAssignmentExpression => ("sum", "-=", true),
                    SyntaxKind.MultiplyAssignmentExpression => ("product", "*=", true),
                    SyntaxKind.AndAssignmentExpression => ("and", "&=", true),
                    SyntaxKind.OrAssignmentExpression => ("or", "|=", true),
                    SyntaxKind.ExclusiveOrAssignmentExpression => ("xor", "^=", true),
                    _ => (null, null, false),
                };
            }
            // The read of s in 'if (e < s) s = e;': valid when that if is the select idiom.
            if (name.Parent is BinaryExpressionSyntax { Parent: IfStatementSyntax guard } comparison && guard.Condition == comparison
                && GuardedAssignments(guard)?.FirstOrDefault(a => IsSelf(a.Left, symbol, model) is not null) is { } guarded2
                && IfForm(guarded2, symbol, model) is { } form2 && form2.Self == name)
                return (form2.Family, form2.Op, false);
            // The read of s inside 's = s op e' or 's = Math.Min(s, e)': valid when that statement's target is s.
            for (SyntaxNode? node = name.Parent; node is not null; node = node.Parent)
            {
                if (node is AssignmentExpressionSyntax outer)
                {
                    if (outer.IsKind(SyntaxKind.SimpleAssignmentExpression) && outer.Parent is ExpressionStatementSyntax
                        && outer.Left is IdentifierNameSyntax target && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target).Symbol, symbol)
                        && SimpleForm(outer.Right, symbol, model) is { } form && (form.Operand == name || form.Again == name))
                        return (form.Family, form.Op, false);
                    return (null, null, false);
                }
                if (node is StatementSyntax) break;
            }
            return (null, null, false);
        }

        /// <summary>
        /// 's op e', 'e op s' (commutative op), 'Math.Min/Max(s, e)' / '(e, s)', or the select idiom 'e &lt; s ? e : s'
        /// (also &lt;=, &gt;, &gt;=, and 's &gt; e ? e : s' …), with s not in e. <c>Again</c>: the select idiom's second read of s.
        /// </summary>
        private static (string Family, string Op, IdentifierNameSyntax Operand, IdentifierNameSyntax? Again)? SimpleForm(ExpressionSyntax right, ISymbol symbol, SemanticModel model)
        {
            right = Strip(right);
            if (right is ConditionalExpressionSyntax conditional) return SelectForm(conditional, symbol, model);
            if (right is BinaryExpressionSyntax binary)
            {
                (string family, string op, bool commutative)? kind = binary.Kind() switch
                {
                    SyntaxKind.AddExpression => ("sum", "+", true),
                    SyntaxKind.SubtractExpression => ("sum", "-", false),
                    SyntaxKind.MultiplyExpression => ("product", "*", true),
                    SyntaxKind.BitwiseAndExpression => ("and", "&", true),
                    SyntaxKind.BitwiseOrExpression => ("or", "|", true),
                    SyntaxKind.ExclusiveOrExpression => ("xor", "^", true),
                    _ => null,
                };
                if (kind is null) return null;
                if (IsSelf(binary.Left, symbol, model) is { } left && !Mentions(binary.Right, symbol, model))
                    return (kind.Value.family, kind.Value.op, left, null);
                if (kind.Value.commutative && IsSelf(binary.Right, symbol, model) is { } rightSelf && !Mentions(binary.Left, symbol, model))
                    return (kind.Value.family, kind.Value.op, rightSelf, null);
                return null;
            }
            if (right is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } call
                && model.GetSymbolInfo(call).Symbol is IMethodSymbol { Name: "Min" or "Max" } method
                && method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF"
                && call.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && a.NameColon is null))
            {
                string family = method.Name == "Min" ? "min" : "max";
                ExpressionSyntax a = call.ArgumentList.Arguments[0].Expression, b = call.ArgumentList.Arguments[1].Expression;
                if (IsSelf(a, symbol, model) is { } first && !Mentions(b, symbol, model)) return (family, method.ContainingType.Name + "." + method.Name, first, null);
                if (IsSelf(b, symbol, model) is { } second && !Mentions(a, symbol, model)) return (family, method.ContainingType.Name + "." + method.Name, second, null);
            }
            return null;
        }

        /// <summary>
        /// 's = e OP s ? e : s' (OP one of &lt; &lt;= &gt; &gt;=, or the comparison written the other way round, 's &gt; e'):
        /// each iteration keeps e when it compares OP against s. Folding chunks with the same comparison in chunk order
        /// gives the serial bits: a NaN e never compares true, so it is skipped everywhere; a NaN s stays; on ties '&lt;'
        /// keeps the earlier value and '&lt;=' the later, in every chunk and across them. e is evaluated twice, as written:
        /// it must be the same expression both times and free of calls and assignments. The family names the
        /// comparison ("select&lt;" …), <see cref="Model.ReductionSpec.Combine"/> repeats it.
        /// </summary>
        private static (string Family, string Op, IdentifierNameSyntax Operand, IdentifierNameSyntax? Again)? SelectForm(ConditionalExpressionSyntax conditional, ISymbol symbol, SemanticModel model)
        {
            if (IsSelf(conditional.WhenFalse, symbol, model) is not { } again) return null;
            return SelectFormParts(conditional.Condition, conditional.WhenTrue, symbol, model) is { } parts ? (parts.Family, parts.Op, parts.Self, again) : null;
        }

        /// <summary>The comparison 'e OP s' (or 's OP e') and the value taken when it holds, which must be that e.</summary>
        private static (string Family, string Op, IdentifierNameSyntax Self)? SelectFormParts(ExpressionSyntax condition, ExpressionSyntax whenTrue, ISymbol symbol, SemanticModel model)
        {
            condition = Strip(condition);
            if (condition is not BinaryExpressionSyntax compare) return null;
            string? op = compare.Kind() switch
            {
                SyntaxKind.LessThanExpression => "<",
                SyntaxKind.LessThanOrEqualExpression => "<=",
                SyntaxKind.GreaterThanExpression => ">",
                SyntaxKind.GreaterThanOrEqualExpression => ">=",
                _ => null,
            };
            if (op is null) return null;
            ExpressionSyntax value;
            IdentifierNameSyntax? self;
            if ((self = IsSelf(compare.Right, symbol, model)) is not null) value = compare.Left;             // e < s
            else if ((self = IsSelf(compare.Left, symbol, model)) is not null)                               // s > e: e < s
            {
                value = compare.Right;
                op = op switch { "<" => ">", "<=" => ">=", ">" => "<", _ => "<=" };
            }
            else return null;
            if (Mentions(value, symbol, model) || !SyntaxFactory.AreEquivalent(Strip(value), Strip(whenTrue))) return null;
            if (HasSideEffects(value) || value.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax)) return null;
            return ("select" + op, $"?: {op}", self);
        }

        /// <summary>
        /// The assignments an else-less if runs: one ('if (c) s = e;', 'if (c) { s = e; }'), or two, the argmin/argmax
        /// form 'if (c) { s = e; j = x; }' (either order). Null for any other body.
        /// </summary>
        private static List<AssignmentExpressionSyntax>? GuardedAssignments(IfStatementSyntax guard)
        {
            if (guard.Else is not null) return null;
            var assignments = new List<AssignmentExpressionSyntax>(2);
            foreach (StatementSyntax statement in guard.Statement is BlockSyntax block ? block.Statements : new SyntaxList<StatementSyntax>(guard.Statement))
            {
                if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)) return null;
                assignments.Add(assignment);
            }
            return assignments.Count is 1 or 2 ? assignments : null;
        }

        /// <summary>
        /// 'if (e &lt; s) s = e;' (any of &lt; &lt;= &gt; &gt;=, either way round, no else): the select idiom written as a
        /// statement, the same reduction as 's = e &lt; s ? e : s'. <c>Self</c>: the read of s in the condition.
        /// <c>Companion</c>: in the argmin/argmax form 'if (e &lt; s) { s = e; j = x; }', the assignment of the other
        /// variable j (which records where the best value was seen); x must not read s or j nor write anything.
        /// </summary>
        private static (string Family, string Op, IdentifierNameSyntax Self, AssignmentExpressionSyntax? Companion)? IfForm(AssignmentExpressionSyntax assignment, ISymbol symbol, SemanticModel model)
        {
            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || IsSelf(assignment.Left, symbol, model) is null) return null;
            SyntaxNode? statement = assignment.Parent;
            SyntaxNode? owner = statement?.Parent is BlockSyntax block ? block.Parent : statement?.Parent;
            if (owner is not IfStatementSyntax guard || GuardedAssignments(guard) is not { } assignments || !assignments.Contains(assignment)) return null;
            AssignmentExpressionSyntax? companion = assignments.FirstOrDefault(a => a != assignment);
            if (companion is not null)
            {
                if (Strip(companion.Left) is not IdentifierNameSyntax target || model.GetSymbolInfo(target).Symbol is not { } other
                    || SymbolEqualityComparer.Default.Equals(other, symbol)
                    || Mentions(companion.Right, symbol, model) || Mentions(companion.Right, other, model) || HasSideEffects(companion.Right))
                    return null;
            }
            // The same test as the conditional expression 'c ? e : s'.
            if (SelectFormParts(guard.Condition, assignment.Right, symbol, model) is not { } parts) return null;
            return (parts.Family, "if " + parts.Op.Substring(3), parts.Self, companion);
        }

        /// <summary>Whether evaluating the expression may write something (assignments, ++/--, object creation, await).</summary>
        private static bool HasSideEffects(ExpressionSyntax value) =>
            value.DescendantNodesAndSelf().Any(n => n is AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
                or PostfixUnaryExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or AwaitExpressionSyntax);

        /// <summary>The expression inside any parentheses.</summary>
        private static ExpressionSyntax Strip(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            return e;
        }

        private static IdentifierNameSyntax? IsSelf(ExpressionSyntax expression, ISymbol symbol, SemanticModel model)
        {
            expression = Strip(expression);
            return expression is IdentifierNameSyntax id && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id).Symbol, symbol) ? id : null;
        }

        private static bool Mentions(SyntaxNode node, ISymbol symbol, SemanticModel model) =>
            node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(id =>
                id.Identifier.ValueText == symbol.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id).Symbol, symbol));

        /// <summary>A type parameter with generic math (<c>T : INumberBase&lt;T&gt;</c>, e.g. through INumber&lt;T&gt;): its + and * reduce like the numeric types'.</summary>
        private static bool IsGenericNumber(ITypeSymbol? type) =>
            type is ITypeParameterSymbol parameter && parameter.ConstraintTypes.OfType<INamedTypeSymbol>()
                .SelectMany(c => c.AllInterfaces.Add(c))
                .Any(i => i.OriginalDefinition.ToDisplayString() == "System.Numerics.INumberBase<TSelf>" && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], parameter));

        /// <summary>The value each chunk starts from: combining it changes nothing.</summary>
        private static string Identity(string family, string type) => family switch
        {
            // A generic T: -T.Zero is -0.0 for the floating-point types (see below) and 0 for the others.
            "sum" when !IsKeyword(type) => $"(-{type}.Zero)",
            "product" when !IsKeyword(type) => $"{type}.One",
            // -0.0 + x is x for every x, -0.0 included (+0.0 would turn an empty or all -0.0 sum into +0.0).
            "sum" when type is "float" or "double" => $"({type})(-0.0)",
            "sum" or "or" or "xor" => $"({type})0",
            "product" => $"({type})1",
            "and" => type is "uint" or "ulong" ? $"{type}.MaxValue" : $"({type})(-1)", // (all ones: (uint)(-1) is no constant conversion)
            "min" => type is "float" or "double" ? $"{type}.PositiveInfinity" : $"{type}.MaxValue",
            "max" => type is "float" or "double" ? $"{type}.NegativeInfinity" : $"{type}.MinValue",
            "select<" or "select<=" => type is "float" or "double" ? $"{type}.PositiveInfinity" : $"{type}.MaxValue",
            "select>" or "select>=" => type is "float" or "double" ? $"{type}.NegativeInfinity" : $"{type}.MinValue",
            _ => "default",
        };

        private static bool IsKeyword(string type) => type is "int" or "long" or "uint" or "ulong" or "float" or "double";

        // ---- array reductions (histograms) -------------------------------------------------------------------------

        /// <summary>
        /// Classifies the shared array <paramref name="symbol"/> as an array reduction of <paramref name="body"/>: a
        /// one-dimensional array of int, long, uint, ulong, float or double whose every use in the body is either an
        /// update statement with one operator family (<c>a[k] += e; a[k] -= e; a[k]++; a[k]--</c> (sum),
        /// <c>a[k] *= e</c> (product), <c>&amp;= |= ^=</c> (integers)) or its <c>Length</c>. The subscript may be
        /// anything that does not read the array. Null (with a reason) when it is not one; then the race analysis
        /// judges its accesses as before.
        /// </summary>
        public static ArrayReductionSpec? TryMatchArray(ISymbol symbol, StatementSyntax body, SemanticModel model, out string? whyNot)
        {
            try { return MatchArray(symbol, body, model, out whyNot); }
            catch (System.OperationCanceledException) { throw; }
            catch (System.Exception e) { whyNot = "internal: " + e.GetType().Name; return null; }
        }

        private static ArrayReductionSpec? MatchArray(ISymbol symbol, StatementSyntax body, SemanticModel model, out string? whyNot)
        {
            whyNot = null;
            if (VariableType(symbol) is not IArrayTypeSymbol { Rank: 1 } array) { whyNot = "not a one-dimensional array"; return null; }
            string? element = array.ElementType.SpecialType switch
            {
                SpecialType.System_Int32 => "int",
                SpecialType.System_Int64 => "long",
                SpecialType.System_UInt32 => "uint",
                SpecialType.System_UInt64 => "ulong",
                SpecialType.System_Single => "float",
                SpecialType.System_Double => "double",
                _ => null,
            };
            if (element is null) { whyNot = "array reductions are supported on int, long, uint, ulong, float and double arrays"; return null; }
            bool isFloat = element is "float" or "double";
            bool checkedProject = model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: true };

            string? family = null;
            var operators = new List<string>();
            foreach (IdentifierNameSyntax name in SyntaxNodes.All(body).OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name) continue;
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol)) continue;
                if (name.Ancestors().Any(LoopAnalysis.IsFunctionBoundary)) { whyNot = $"'{symbol.Name}' is used inside a lambda or local function"; return null; }
                if (name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" or "LongLength" } length && length.Expression == name)
                    continue; // the length never changes
                (string? f, string? op) = ArrayUpdate(name);
                if (f is null) { whyNot = $"'{symbol.Name}' is read or written outside an update statement ('{symbol.Name}[k] += e;', '{symbol.Name}[k]++;' …)"; return null; }
                if (!isFloat && (checkedProject || name.Ancestors().Any(a => a is CheckedExpressionSyntax { RawKind: (int)SyntaxKind.CheckedExpression } or CheckedStatementSyntax { RawKind: (int)SyntaxKind.CheckedStatement })))
                { whyNot = $"'{symbol.Name}' is updated with checked arithmetic"; return null; }
                if (family is not null && family != f) { whyNot = $"'{symbol.Name}' is updated with mixed operators ({family} and {f})"; return null; }
                if (f is "and" or "or" or "xor" && isFloat) { whyNot = "bitwise update of a floating-point array"; return null; }
                family = f;
                if (!operators.Contains(op!)) operators.Add(op!);
            }
            if (family is null) { whyNot = $"'{symbol.Name}' is not updated"; return null; }
            // Interlocked has Add/Increment/Decrement and (.NET 5+) Or/And for 32- and 64-bit integers.
            bool hasOrAnd = model.Compilation.GetTypeByMetadataName("System.Threading.Interlocked")?.GetMembers("Or").Any() == true;
            bool atomic = !isFloat && (family == "sum" && (element is "int" or "long" || hasOrAnd) || family is "or" or "and" && hasOrAnd);
            string identity = family switch
            {
                "product" => $"({element})1",
                "and" => $"unchecked(({element})~0)",
                "sum" when isFloat => $"({element})(-0.0)", // merging -0.0 into a bin leaves it as it was, -0.0 included
                _ => $"({element})0",
            };
            return new ArrayReductionSpec(KernelParser.Escape(symbol.Name), element, family, identity, string.Join(" ", operators), atomic);
        }

        /// <summary>The update statement <paramref name="name"/> is the array of, as (family, operator); nulls when it is not one.</summary>
        private static (string? Family, string? Op) ArrayUpdate(IdentifierNameSyntax name)
        {
            if (name.Parent is not ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element || element.Expression != name
                || element.ArgumentList.Arguments[0].RefKindKeyword.RawKind != 0 || element.ArgumentList.Arguments[0].Expression is RangeExpressionSyntax)
                return (null, null);
            SyntaxNode parent = element.Parent!;
            if (parent.Parent is not ExpressionStatementSyntax) return (null, null); // the updated value must not be used
            switch (parent)
            {
                case PostfixUnaryExpressionSyntax post when post.Operand == element:
                    return post.IsKind(SyntaxKind.PostIncrementExpression) ? ("sum", "++") : post.IsKind(SyntaxKind.PostDecrementExpression) ? ("sum", "--") : (null, null);
                case PrefixUnaryExpressionSyntax pre when pre.Operand == element:
                    return pre.IsKind(SyntaxKind.PreIncrementExpression) ? ("sum", "++") : pre.IsKind(SyntaxKind.PreDecrementExpression) ? ("sum", "--") : (null, null);
                case AssignmentExpressionSyntax assignment when assignment.Left == element:
                    return assignment.Kind() switch
                    {
                        SyntaxKind.AddAssignmentExpression => ("sum", "+="),
                        SyntaxKind.SubtractAssignmentExpression => ("sum", "-="),
                        SyntaxKind.MultiplyAssignmentExpression => ("product", "*="),
                        SyntaxKind.AndAssignmentExpression => ("and", "&="),
                        SyntaxKind.OrAssignmentExpression => ("or", "|="),
                        SyntaxKind.ExclusiveOrAssignmentExpression => ("xor", "^="),
                        _ => (null, null),
                    };
                default:
                    return (null, null);
            }
        }

        /// <summary>
        /// The body with each update of an array reduction written as one Interlocked operation (for the atomic mode):
        /// <c>a[k] += e</c> → <c>Interlocked.Add(ref a[k], e)</c>, <c>a[k] -= e</c> → <c>Add(ref a[k], unchecked((T)(0 - (e))))</c>,
        /// <c>++/--</c> → Increment/Decrement, <c>|= &amp;=</c> → Or/And. The element access is evaluated first, then e,
        /// as in the compound assignment.
        /// </summary>
        public static StatementSyntax AtomicBody(StatementSyntax body, IReadOnlyList<ArrayReductionSpec> arrays, SemanticModel model)
        {
            var byName = arrays.ToDictionary(a => a.Name.TrimStart('@'), a => a);
            var updates = new List<ExpressionStatementSyntax>();
            foreach (ExpressionStatementSyntax statement in SyntaxNodes.All(body).OfType<ExpressionStatementSyntax>())
            {
                ExpressionSyntax? target = statement.Expression switch
                {
                    AssignmentExpressionSyntax a => a.Left,
                    PostfixUnaryExpressionSyntax p => p.Operand,
                    PrefixUnaryExpressionSyntax p => p.Operand,
                    _ => null,
                };
                if (target is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } && byName.ContainsKey(id.Identifier.ValueText)
                    && model.GetSymbolInfo(id).Symbol is ILocalSymbol or IParameterSymbol)
                    updates.Add(statement);
            }
            return body.ReplaceNodes(updates, (original, _) =>
            {
                const string I = "global::System.Threading.Interlocked.";
                string text;
                switch (original.Expression)
                {
                    case AssignmentExpressionSyntax a:
                    {
                        ArrayReductionSpec spec = byName[((IdentifierNameSyntax)((ElementAccessExpressionSyntax)a.Left).Expression).Identifier.ValueText];
                        string left = a.Left.WithoutTrivia().ToString(), right = a.Right.WithoutTrivia().ToString();
                        text = a.Kind() switch
                        {
                            SyntaxKind.AddAssignmentExpression => $"{I}Add(ref {left}, {right})",
                            SyntaxKind.SubtractAssignmentExpression => $"{I}Add(ref {left}, unchecked(({spec.ElementType})(0 - ({right}))))",
                            SyntaxKind.OrAssignmentExpression => $"{I}Or(ref {left}, {right})",
                            SyntaxKind.AndAssignmentExpression => $"{I}And(ref {left}, {right})",
                            _ => a.WithoutTrivia().ToString(),
                        };
                        break;
                    }
                    case PostfixUnaryExpressionSyntax p:
                        text = $"{I}{(p.IsKind(SyntaxKind.PostIncrementExpression) ? "Increment" : "Decrement")}(ref {p.Operand.WithoutTrivia()})";
                        break;
                    case PrefixUnaryExpressionSyntax p:
                        text = $"{I}{(p.IsKind(SyntaxKind.PreIncrementExpression) ? "Increment" : "Decrement")}(ref {p.Operand.WithoutTrivia()})";
                        break;
                    default:
                        return original;
                }
                return original.WithExpression(SyntaxFactory.ParseExpression(text).WithTriviaFrom(original.Expression));
            });
        }
    }
}
