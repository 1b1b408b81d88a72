using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using KernelGen.Generator.Analysis;
using KernelGen.Generator.Diagnostics;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>What the parser found: the spec to emit (null when nothing runs in parallel) and every diagnostic.</summary>
    internal sealed class KernelParseResult
    {
        public KernelSpec? Spec { get; set; }
        public List<Diagnostic> Diagnostics { get; } = new();
    }

    /// <summary>
    /// Turns a <c>[ParallelKernel]</c> method into a <see cref="KernelSpec"/>: checks the method's shape, finds its
    /// outermost PRange loops, analyzes each and cuts the body text around the parallel ones.
    /// </summary>
    internal static class KernelParser
    {
        public const string AttributeName = "KernelGen.ParallelKernelAttribute";

        internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>A key that names the kernel the same way in the kernel and call-site pipelines.</summary>
        public static string KeyOf(IMethodSymbol method) =>
            method.OriginalDefinition.GetDocumentationCommentId() ?? method.OriginalDefinition.ToDisplayString();

        public static KernelParseResult Parse(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, bool interceptorsEnabled, CancellationToken cancellationToken)
        {
            var result = new KernelParseResult();
            if (!CheckMethodShape(syntax, method, result))
                return result;
            BlockSyntax body = syntax.Body!;

            // Outermost PRange loops of the method itself (not of lambdas or local functions inside it).
            var loops = new List<(ForEachStatementSyntax Loop, bool Is64)>();
            foreach (ForEachStatementSyntax loop in SyntaxNodes.All(body).OfType<ForEachStatementSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!LoopAnalysis.IsPRangeLoop(loop, model, out bool is64))
                    continue;
                if (loop.Ancestors().TakeWhile(a => a != body).Any(LoopAnalysis.IsFunctionBoundary))
                {
                    result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NestedPRange, loop.ForEachKeyword.GetLocation()));
                    continue;
                }
                if (loops.Any(outer => outer.Loop.Span.Contains(loop.Span)))
                    continue; // nested PRange: runs serially inside each chunk of the outer one
                loops.Add((loop, is64));
            }
            if (loops.Count == 0)
            {
                result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoPRangeLoop, syntax.Identifier.GetLocation(), method.Name));
                return result;
            }

            var parallel = new List<LoopSpec>();
            var parallelSyntax = new List<ForEachStatementSyntax>();
            var serialNotes = new List<string>();
            var unzeroed = new List<UnzeroedOutputs.Site>();
            int bodyColumn = ColumnOf(body.OpenBraceToken);
            (int chunkSize, int minTrips, bool deterministic) = ReadOptions(method);
            foreach ((ForEachStatementSyntax loop, bool is64) in loops)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int line = loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                if (model.GetDeclaredSymbol(loop) is not ILocalSymbol index)
                    continue;
                LoopAnalysis analysis = LoopAnalysis.Analyze(loop, index, is64, model);
                if (analysis.CanParallelize && !method.IsStatic && SyntaxNodes.All(loop.Statement).OfType<BaseExpressionSyntax>().FirstOrDefault() is { } @base)
                    analysis.Problems.Add(Diagnostic.Create(DiagnosticDescriptors.CaptureUnsupported, @base.GetLocation(),
                        "'base.' cannot be reached from the worker threads' copy of the loop body; call the member through 'this' (or a helper) instead"));
                // KG1003 warns about a parallel loop ("The loop runs in parallel"): a loop another problem keeps serial
                // gets that problem instead, which the build summary then names.
                if (analysis.CanParallelize) result.Diagnostics.AddRange(analysis.Warnings);
                if (!analysis.CanParallelize)
                {
                    result.Diagnostics.AddRange(analysis.Problems);
                    serialNotes.Add($"loop at line {line}: serial: {analysis.Problems[0].GetMessage()}");
                    continue;
                }
                LoopSpec spec = BuildLoop(parallel.Count, line, loop, analysis, model, bodyColumn, method)
                    with { AliasChecks = analysis.AliasChecks.ToEquatableArray(), ViewChecks = analysis.ViewChecks.ToEquatableArray(), RunTimeChecks = analysis.RunTimeChecks.ToEquatableArray() };
                List<UnzeroedOutputs.Site> outputs = UnzeroedOutputs.Find(loop, index, model, cancellationToken);
                if (outputs.Count > 0)
                {
                    unzeroed.AddRange(outputs);
                    spec = spec with { Notes = spec.Notes.Concat(outputs.Select(o => o.Note)).ToEquatableArray() };
                }
                parallel.Add(spec);
                parallelSyntax.Add(loop);
                result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ParallelReport, loop.ForEachKeyword.GetLocation(),
                    Report.Message(spec, chunkSize, minTrips, deterministic, CancellationName(method), ProgressName(method))));
            }
            if (parallel.Count == 0)
                return result;

            bool interceptable = IsInterceptable(method, out string? whyNot);
            if (interceptable && !interceptorsEnabled)
            {
                interceptable = false;
                whyNot = "interceptors are not enabled for namespace 'KernelGen.Generated' (the KernelGen package adds it to <InterceptorsNamespaces>; without the package, add it yourself). Call '" + method.Name + "Parallel' directly meanwhile";
            }
            if (!interceptable)
                result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NotIntercepted, syntax.Identifier.GetLocation(), method.Name, whyNot));

            result.Spec = new KernelSpec(
                Key: KeyOf(method),
                Namespace: method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString(),
                Usings: CollectUsings(syntax).ToEquatableArray(),
                ContainingTypes: ContainingTypes(syntax).ToEquatableArray(),
                DisplayName: $"{method.ContainingType.ToDisplayString()}.{method.Name}({string.Join(", ", method.Parameters.Select(p => RectangularAsWritten(p.Type.ToDisplayString()) + " " + p.Name))})",
                FileName: System.IO.Path.GetFileName(syntax.SyntaxTree.FilePath),
                Name: method.Name,
                ParallelName: ParallelNameOf(method),
                Accessibility: method.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                IsUnsafe: syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword) || syntax.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => t.Modifiers.Any(SyntaxKind.UnsafeKeyword)),
                ReturnType: method.ReturnType.ToDisplayString(TypeFormat),
                Parameters: method.Parameters.Select(ParameterOf).ToEquatableArray(),
                BodySegments: CutBody(body, parallelSyntax, bodyColumn, unzeroed).ToEquatableArray(),
                Loops: parallel.ToEquatableArray(),
                SerialNotes: serialNotes.ToEquatableArray(),
                ChunkSize: chunkSize,
                MinParallelTripCount: minTrips,
                Interceptable: interceptable,
                Deterministic: deterministic)
            {
                CancellationParameter = CancellationName(method),
                ProgressParameter = ProgressName(method),
                FilePath = syntax.SyntaxTree.FilePath,
                TypeParameters = syntax.TypeParameterList?.ToString() ?? "",
                ReceiverType = ReceiverOf(method),
                Constraints = string.Join(" ", syntax.ConstraintClauses.Select(c => c.ToString())),
            };
            return result;
        }

        /// <summary>
        /// The kernel's build-summary line from what <see cref="Parse"/> found: how many loops run in parallel, on which
        /// lanes, and where the first reason for a serial loop is.
        /// </summary>
        public static KernelSummary Summarize(IMethodSymbol method, KernelParseResult result)
        {
            string display = DisplayOf(method);
            Diagnostic? why = result.Diagnostics.FirstOrDefault(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != DiagnosticDescriptors.NotIntercepted.Id);
            string at = why is null ? "" : $"{why.Id} at {System.IO.Path.GetFileName(why.Location.SourceTree?.FilePath)}({why.Location.GetLineSpan().StartLinePosition.Line + 1})";
            if (result.Spec is not { } spec)
                return new KernelSummary(KeyOf(method), display, why is null ? "serial" : "serial: " + at, false, "");
            IEnumerable<string> lanes = spec.Loops.Select(l => l.Vector is { Vectorized: true } v ? v.Others.Select(o => o.Lanes).Prepend(v.Lanes) : Enumerable.Empty<string>()).SelectMany(l => l).Where(l => l.Length > 0).Distinct();
            string vector = string.Join("/", lanes) is { Length: > 0 } kinds ? $"SIMD {kinds} lanes" : "scalar body";
            string status = spec.SerialNotes.Count == 0
                ? $"parallel, {vector}"
                : $"{spec.Loops.Count} of {spec.Loops.Count + spec.SerialNotes.Count} loops parallel ({vector}), serial: {at}";
            Diagnostic? notIntercepted = result.Diagnostics.FirstOrDefault(d => d.Id == DiagnosticDescriptors.NotIntercepted.Id);
            return new KernelSummary(KeyOf(method), display, status, true, notIntercepted is null ? "" : $"{notIntercepted.Id} at {System.IO.Path.GetFileName(notIntercepted.Location.SourceTree?.FilePath)}({notIntercepted.Location.GetLineSpan().StartLinePosition.Line + 1})");
        }

        private static string CancellationName(IMethodSymbol method) => method.Parameters.FirstOrDefault(IsCancellationToken) is { } token ? Escape(token.Name) : "";

        private static string ProgressName(IMethodSymbol method) => method.Parameters.FirstOrDefault(IsProgress) is { } progress ? Escape(progress.Name) : "";

        /// <summary>A by-value <c>System.Threading.CancellationToken</c> parameter: the parallel loops stop between chunks when it is cancelled.</summary>
        private static bool IsCancellationToken(IParameterSymbol parameter) =>
            parameter.RefKind == RefKind.None && parameter.Type.ToDisplayString() == "System.Threading.CancellationToken";

        /// <summary>A by-value <c>System.IProgress&lt;long|int|double&gt;</c> parameter: told the loops' progress after each chunk.</summary>
        private static bool IsProgress(IParameterSymbol parameter) =>
            parameter.RefKind == RefKind.None && parameter.Type is INamedTypeSymbol { Arity: 1 } type
            && type.OriginalDefinition.ToDisplayString() == "System.IProgress<T>"
            && type.TypeArguments[0].SpecialType is SpecialType.System_Int64 or SpecialType.System_Int32 or SpecialType.System_Double;

        /// <summary>How the build summary names a kernel: <c>Kernels.Add(float[], float[,])</c>.</summary>
        public static string DisplayOf(IMethodSymbol method) =>
            RectangularAsWritten(method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));

        /// <summary>float[*,*] (how Roslyn displays a rectangular array here) as written: float[,].</summary>
        private static string RectangularAsWritten(string type) =>
            System.Text.RegularExpressions.Regex.Replace(type, @"\[\*(,\*)+\]", m => "[" + new string(',', m.Value.Count(c => c == ',')) + "]");

        /// <summary>The parallel entry point's name: <c>AddParallel</c> for <c>Add</c>. Callable directly, e.g. through a delegate.</summary>
        public static string ParallelNameOf(IMethodSymbol method) => method.Name + "Parallel";

        /// <summary>Method-level requirements; reports and returns false when the kernel must stay serial as a whole.</summary>
        private static bool CheckMethodShape(MethodDeclarationSyntax syntax, IMethodSymbol method, KernelParseResult result)
        {
            Location at = syntax.Identifier.GetLocation();
            // Instance kernels: the chunks share the object through a copy of the reference (a struct's 'this' is a
            // variable, which a copy would not update).
            if (!method.IsStatic && !(method.ContainingType.TypeKind == TypeKind.Class
                                      || method.ContainingType is { TypeKind: TypeKind.Struct, IsReadOnly: true, IsRefLikeType: false }))
            {
                result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.KernelNotStatic, at, method.Name));
                return false;
            }
            foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, at, type.Identifier.ValueText, method.Name));
                    return false;
                }
            }
            string? reason =
                syntax.Body is null ? (syntax.ExpressionBody is not null ? null : "it has no body")
                : method.IsAsync ? "async kernels are not supported"
                : method.ReturnsByRef || method.ReturnsByRefReadonly ? "ref returns are not supported"
                : method.ContainingType.TypeKind is not (TypeKind.Class or TypeKind.Struct) ? "kernels must be declared in a class or struct"
                : method.ContainingType.IsFileLocal ? "kernels in file-local types are not supported"
                : SyntaxNodes.Own(syntax.Body).OfType<YieldStatementSyntax>().Any() ? "iterator kernels (yield) are not supported"
                // (The generated copy re-indents every line of the body: a line inside a string would change the string.)
                : syntax.Body.DescendantTokens().FirstOrDefault(t => t.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.Utf8StringLiteralToken
                        or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken or SyntaxKind.InterpolatedStringTextToken
                        && t.Text.IndexOfAny(new[] { '\r', '\n' }) >= 0) is { RawKind: not 0 } text
                    ? $"a string literal in its body spans lines (line {text.GetLocation().GetLineSpan().StartLinePosition.Line + 1}), and the generated copy of the body re-indents every line; write it on one line with \\n escapes, or declare it outside the method"
                : null;
            if (syntax.Body is null && reason is null)
            {
                result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoPRangeLoop, at, method.Name));
                return false;
            }
            if (reason is not null)
            {
                result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.KernelShapeUnsupported, at, method.Name, reason));
                return false;
            }
            return true;
        }

        /// <summary>
        /// An instance kernel's receiver as its interceptor's 'this' parameter takes it: the class, or 'in' the readonly
        /// struct (a struct's 'this' is passed by reference); "" for a static kernel.
        /// </summary>
        public static string ReceiverOf(IMethodSymbol method) =>
            method.IsStatic ? "" : (method.ContainingType.IsValueType ? "in " : "") + method.ContainingType.ToDisplayString(TypeFormat);

        /// <summary>A generic method, or a method of a generic type (at any level of nesting).</summary>
        public static bool IsGeneric(IMethodSymbol method) => method.IsGenericMethod || IsInGenericType(method);

        /// <summary>Whether a constructed call's signature or type arguments still name a type parameter.</summary>
        public static bool MentionsTypeParameter(IMethodSymbol method)
        {
            static bool Open(ITypeSymbol type) => type switch
            {
                ITypeParameterSymbol => true,
                IArrayTypeSymbol array => Open(array.ElementType),
                IPointerTypeSymbol pointer => Open(pointer.PointedAtType),
                INamedTypeSymbol named => named.TypeArguments.Any(Open) || (named.ContainingType is { } outer && Open(outer)),
                _ => false,
            };
            return Open(method.ReturnType) || method.Parameters.Any(p => Open(p.Type)) || method.TypeArguments.Any(Open) || Open(method.ContainingType);
        }

        private static bool IsInGenericType(IMethodSymbol method)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
                if (type.IsGenericType) return true;
            return false;
        }

        /// <summary>The interceptor (in namespace KernelGen.Generated) must be able to call the parallel version.</summary>
        private static bool IsInterceptable(IMethodSymbol method, out string? whyNot)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    whyNot = $"'{type.Name}' is {SyntaxFacts.GetText(type.DeclaredAccessibility)}, so the generated interceptor cannot reach the parallel version. Make it internal, or call '{ParallelNameOf(method)}' directly";
                    return false;
                }
            }
            whyNot = null;
            return true;
        }

        /// <summary>[ParallelKernel(FastMath = true)]: floating-point sums may be reassociated (docs/fastmath.md).</summary>
        internal static bool FastMathOf(IMethodSymbol method) =>
            method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName)?.NamedArguments
                .Any(n => n.Key == "FastMath" && n.Value.Value is true) == true;

        private static (int ChunkSize, int MinTrips, bool Deterministic) ReadOptions(IMethodSymbol method)
        {
            int chunk = 0, min = 0;
            bool deterministic = false;
            AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName);
            if (attribute is null) return (0, 0, false);
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Deterministic" && named.Value.Value is bool flag) deterministic = flag;
                if (named.Value.Value is not int value) continue;
                if (named.Key == "ChunkSize") chunk = Math.Max(0, value);
                else if (named.Key == "MinParallelTripCount") min = Math.Max(0, value);
            }
            return (chunk, min, deterministic);
        }

        internal static ParameterSpec ParameterOf(IParameterSymbol parameter)
        {
            var modifiers = new StringBuilder();
            if (parameter.IsThis) modifiers.Append("this ");
            if (parameter.ScopedKind == ScopedKind.ScopedValue) modifiers.Append("scoped ");
            modifiers.Append(parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => "",
            });
            if (parameter.IsParams) modifiers.Insert(0, "params ");
            string defaultValue = "";
            if (parameter.HasExplicitDefaultValue && parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax { Default: { } clause })
                defaultValue = " = " + clause.Value.ToString();
            return new ParameterSpec(modifiers.ToString(), parameter.Type.ToDisplayString(TypeFormat), Escape(parameter.Name), defaultValue);
        }

        /// <summary>The copy of an inner loop with its prefetch (<see cref="Prefetches"/>) and its limit read once (<see cref="InvariantLimits"/>), where they apply.</summary>
        private static ForStatementSyntax InnerLoopCopy(ForStatementSyntax original, ForStatementSyntax current,
            Dictionary<ForStatementSyntax, Prefetches.Site> prefetched, Dictionary<ForStatementSyntax, InvariantLimits.Site> limited)
        {
            prefetched.TryGetValue(original, out Prefetches.Site? prefetch);
            if (limited.TryGetValue(original, out InvariantLimits.Site? limit))
                return InvariantLimits.WithLimitOnce(current, limit.Name, limit.CounterType, prefetch);
            return prefetch is null ? current : Prefetches.WithPrefetch(current, prefetch.Call);
        }

        /// <summary>Writes an identifier that is a C# keyword with its '@'.</summary>
        public static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
                ? "@" + name : name;

        private static LoopSpec BuildLoop(int ordinal, int line, ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model, int bodyColumn, IMethodSymbol method)
        {
            ITypeSymbol? declared = model.GetTypeInfo(loop.Type).Type;
            string indexType = loop.Type.IsVar || declared is null ? (analysis.Is64 ? "long" : "int") : declared.ToDisplayString(TypeFormat);
            var captures = analysis.Captures.Select(s => new CaptureSpec(
                (s is ILocalSymbol l ? l.Type : ((IParameterSymbol)s).Type).WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(TypeFormat), Escape(s.Name))).ToEquatableArray();
            var constants = analysis.Constants.Select(c => new ConstantSpec(
                c.Type.ToDisplayString(TypeFormat), Escape(c.Name), ConstantText(c))).ToEquatableArray();

            // A nested PRange loop with invariant bounds, alone in the body: one iteration space of both.
            (CollapseSpec? collapse, ForEachStatementSyntax? collapsed, string? whyNotCollapsed, int innerCost) = TryCollapse(loop, analysis, model);

            // The body's statements, without the braces of a block, dedented to column 0.
            StatementSyntax statement = collapsed?.Statement ?? loop.Statement;
            // One rewrite of the copied body, from facts found on the source (the semantic model knows only that):
            // an instance kernel's members of 'this' reached through the captured reference, and the argmin/argmax
            // updates noting that the chunk took a value.
            List<SyntaxNode> thisNodes = method.IsStatic ? new List<SyntaxNode>() : ThisNodes(statement, method.ContainingType, model);
            Dictionary<StatementSyntax, string> flagged = Reductions.TakenFlagBlocks(statement, analysis.Reductions, model);
            // And the inner loops that read through an index array, which prefetch those reads (Prefetches).
            Dictionary<ForStatementSyntax, Prefetches.Site> prefetched = Prefetches.Find(statement, model).ToDictionary(site => site.Loop);
            // And the inner loops whose limit can be read once (InvariantLimits).
            Dictionary<ForStatementSyntax, InvariantLimits.Site> limited = InvariantLimits.Find(statement, model, prefetched.Keys).ToDictionary(site => site.Loop);
            if (thisNodes.Count > 0)
                captures = captures.Append(new CaptureSpec(method.ContainingType.ToDisplayString(TypeFormat), ThisName)).ToEquatableArray();
            List<SyntaxNode> rewritten = thisNodes.Concat(flagged.Keys).Concat(prefetched.Keys).Concat(limited.Keys).Distinct().ToList();
            SyntaxNode Rewrite(SyntaxNode original, SyntaxNode current) =>
                original is StatementSyntax update && flagged.TryGetValue(update, out string? flag) ? Reductions.WithTakenFlag((StatementSyntax)current, flag)
                : original is ForStatementSyntax inner ? InnerLoopCopy(inner, (ForStatementSyntax)current, prefetched, limited)
                : ThroughThis(original);
            StatementSyntax copied = rewritten.Count == 0 ? statement : statement.ReplaceNodes(rewritten, Rewrite);
            string body = BodyText(copied, statement);
            // And the inner loops over an offsets table's rows whose reads can be checked once a chunk (OffsetRows):
            // a second copy of the body reads them without checks, run where the chunk's check holds.
            List<OffsetRows.Site> offsetRows = collapse is null && thisNodes.Count + flagged.Count == 0 && analysis.Inductions.Count == 0
                && IsUnitStep(loop.Expression, model) && model.GetDeclaredSymbol(loop) is ILocalSymbol row
                ? OffsetRows.Find(statement, row, model, loop.SpanStart, loop.Span.End, prefetched) : new List<OffsetRows.Site>();
            CheckedRowsSpec? checkedRows = null;
            if (offsetRows.Count > 0)
            {
                var reads = new HashSet<SyntaxNode>(offsetRows.SelectMany(site => site.Reads));
                // (The copy runs where the runtime does not prefetch: its loops go without the prefetch.)
                var unfetched = prefetched.Where(p => !offsetRows.Any(site => site.Loop == p.Key)).ToDictionary(p => p.Key, p => p.Value);
                StatementSyntax fast = statement.ReplaceNodes(rewritten.Concat(reads), (original, current) =>
                    reads.Contains(original) ? OffsetRows.Unchecked((ElementAccessExpressionSyntax)current)
                    : original is ForStatementSyntax inner && offsetRows.Any(site => site.Loop == inner) ? InnerLoopCopy(inner, (ForStatementSyntax)current, unfetched, limited)
                    : Rewrite(original, current));
                checkedRows = new CheckedRowsSpec(
                    offsetRows.SelectMany(site => site.Terms).Distinct().ToEquatableArray(),
                    offsetRows.SelectMany(site => site.Arrays).Distinct().ToEquatableArray(),
                    BodyText(fast, statement));
            }
            string atomicBody = "";
            // (The atomic body is rewritten from the source again, so it cannot also carry those rewrites; it goes without prefetches.)
            if (thisNodes.Count + flagged.Count == 0 && analysis.ArrayReductions.Count > 0 && analysis.ArrayReductions.All(r => r.Atomic))
                atomicBody = BodyText(Reductions.AtomicBody(statement, analysis.ArrayReductions, model), statement);

            // Collapsed: an iteration is one inner iteration, so the inner body's cost sizes the chunks.
            int cost = collapse is not null ? innerCost : analysis.CostPerIteration;
            long minChunk = Math.Max(1, 65536 / cost);
            var notes = new List<string>();
            if (collapse is not null)
                notes.Add($"nested PRange collapsed: {loop.Identifier.ValueText} × {collapse.IndexName} run as one iteration space ({collapse.Header} has bounds that do not depend on {loop.Identifier.ValueText})");
            else if (SyntaxNodes.All(loop.Statement).OfType<ForEachStatementSyntax>().Any(inner => LoopAnalysis.IsPRangeLoop(inner, model, out _)))
                notes.Add($"nested PRange loops run serially inside each chunk ({whyNotCollapsed})");
            notes.AddRange(analysis.EffectNotes);
            notes.AddRange(prefetched.Values.Select(site => site.Note(beforeLoop: limited.ContainsKey(site.Loop))));
            notes.AddRange(limited.Values.Select(site => site.Note).OfType<string>());
            // (Collapsed loops keep the scalar body: their chunks walk pairs of indices.)
            Vectorize.VectorPlan? plan = collapse is not null ? null : VectorPlanOf(loop, analysis, model, thisNodes);
            // (A vector path's scalar loop is its tail; the offsets' rows run only in scalar bodies.)
            if (plan is { Vectorized: true }) checkedRows = null;
            else notes.AddRange(offsetRows.Select(site => site.Note));
            var spans = analysis.Spans.Select(sym =>
            {
                var type = (INamedTypeSymbol)(sym is ILocalSymbol l ? l.Type : ((IParameterSymbol)sym).Type);
                return new SpanCaptureSpec(Escape(sym.Name), type.TypeArguments[0].ToDisplayString(TypeFormat), type.Name == "ReadOnlySpan");
            }).ToEquatableArray();
            return new LoopSpec(
                Ordinal: ordinal,
                Line: line,
                Header: $"foreach ({loop.Type} {loop.Identifier.ValueText} in {loop.Expression})",
                RangeExpression: loop.Expression.ToString(),
                Is64: analysis.Is64,
                UnitStep: IsUnitStep(loop.Expression, model),
                IndexDeclaration: indexType,
                IndexName: Escape(loop.Identifier.ValueText),
                Captures: captures,
                Constants: constants,
                Body: body,
                MinChunk: minChunk,
                CostPerIteration: cost,
                HasInnerLoops: collapse is not null ? cost >= 256 : analysis.HasInnerLoops,
                Column: Math.Max(0, ColumnOf(loop.ForEachKeyword) - bodyColumn),
                Reads: analysis.Reads.ToEquatableArray(),
                Writes: analysis.Writes.ToEquatableArray(),
                Notes: notes.ToEquatableArray(),
                Reductions: analysis.Reductions.ToEquatableArray(),
                Vector: plan)
            {
                ArrayReductions = analysis.ArrayReductions.ToEquatableArray(),
                Inductions = analysis.Inductions.ToEquatableArray(),
                AtomicBody = atomicBody,
                Spans = spans,
                Collapse = collapse,
                // Collapsed loops' iterations are inner iterations: their cost does not vary with the outer index.
                UnevenWork = collapse is null ? analysis.UnevenWork : "",
                BodyLine = FirstLineOf(statement),
                Shares = (analysis.Shares ?? new List<ShareSpec>()).ToEquatableArray(),
                WhyNotDistributed = DistributionOf(analysis, collapse, spans) ?? "",
                RowChecks = analysis.RowsWritten.Count == 0 ? null
                    : new RowCheckSpec(analysis.RowsWritten.ToEquatableArray(), analysis.RowsRead.ToEquatableArray(), analysis.RowFlats.ToEquatableArray()),
                CheckedRows = checkedRows,
                LocalFunctions = analysis.LocalFunctions.Select(f => Dedent(f)).ToEquatableArray(),
            };
        }

        /// <summary>A local function's declaration as written, its lines moved left by its own indentation.</summary>
        private static string Dedent(LocalFunctionStatementSyntax declaration)
        {
            int column = declaration.GetLocation().GetLineSpan().StartLinePosition.Character;
            string[] lines = declaration.ToString().Replace("\r\n", "\n").Split('\n');
            return string.Join("\n", lines.Select((l, k) => k == 0 ? l : l.Length >= column && string.IsNullOrWhiteSpace(l.Substring(0, column)) ? l.Substring(column) : l.TrimStart()));
        }

        /// <summary>Why the loop cannot be split over MPI ranks (null: it can; see <see cref="RaceAnalysis.Shares"/>).</summary>
        private static string? DistributionOf(LoopAnalysis analysis, CollapseSpec? collapse, EquatableArray<SpanCaptureSpec> spans) =>
            analysis.Shares is null ? (analysis.WhyNotDistributed.Length > 0 ? analysis.WhyNotDistributed : "its writes were not analyzed")
            : collapse is not null ? "a collapsed nested PRange is not split over ranks yet"
            : spans.Count > 0 ? "spans are not sent between ranks"
            : analysis.RowsWritten.Count > 0 ? "it writes through the rows an array holds"
            : analysis.ManagedPartials ? "a reduction's partials hold references" 
            : null;

        /// <summary>
        /// The loop's vector plan (<see cref="Vectorize.Planner"/>) from its IR; an inner plan gets the body's text with the
        /// vector loop's place marked and the loop restarted where the vector loop stopped (a source slice of the scalar path).
        /// </summary>
        private static Vectorize.VectorPlan VectorPlanOf(ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model, List<SyntaxNode> thisNodes)
        {
            Ir.LoopIr? ir = Frontend.Lowering.Lower(loop, model, thisNodes: thisNodes, analysis: analysis);
            if (ir is null) return Vectorize.VectorPlan.Scalar("the compiler gave no operation tree for the body");
            var input = new Vectorize.PlanInput(ir, analysis.Reductions.ToEquatableArray(),
                analysis.ArrayReductions.Count == 1 ? analysis.ArrayReductions[0] : null,
                CheckedArithmetic: model.Compilation.Options is CSharpCompilationOptions { CheckOverflow: true }, analysis.Is64)
            {
                FastMath = model.GetEnclosingSymbol(loop.SpanStart) is IMethodSymbol kernel && FastMathOf(kernel),
                RunTimeChecks = analysis.RunTimeChecks.Select(c => c.Condition).ToEquatableArray(),
            };
            if (analysis.ArrayReductions.Count > 1) return Vectorize.VectorPlan.Scalar("several array reductions");
            Vectorize.VectorPlan plan = Vectorize.Planner.Plan(input);
            if (plan.Vectorized)
            {
                // (A number read from an object holds the default where the object is null: the vector path then must not run.)
                var holders = ir.Members.Where(m => m.Holder.Length > 0).Select(m => (Vectorize.VGuard)new Vectorize.NotNull(m.Holder)).Distinct().ToList();
                plan = Named(plan) with
                {
                    InvariantMembers = ir.Shared.Select(v => v.Name).Where(name => name.IndexOf('.') > 0).ToEquatableArray(),
                    Members = ir.Members,
                };
                plan = Guarded(plan);

                // (The report names members as the source does: _dst, img.Pixels.)
                Vectorize.VectorPlan Named(Vectorize.VectorPlan p) => p with
                {
                    Summary = ir.Members.OrderByDescending(m => m.Local.Name.Length).Aggregate(p.Summary, (text, m) => text.Replace(m.Local.Name, m.Source)).Replace(ThisName + ".", ""),
                    Others = p.Others.Select(Named).ToEquatableArray(),
                };
                Vectorize.VectorPlan Guarded(Vectorize.VectorPlan p) => holders.Count == 0 ? p : p with
                {
                    Guards = holders.Concat(p.Guards).ToEquatableArray(),
                    HoistedGuards = p.HoistStart >= 0 ? holders.Concat(p.HoistedGuards).ToEquatableArray() : p.HoistedGuards,
                    Unswitch = p.Unswitch is { } u ? u with { Then = Guarded(u.Then), Else = Guarded(u.Else) } : null,
                    Others = p.Others.Select(Guarded).ToEquatableArray(),
                };
            }
            if (plan.Vectorized && ir.Views.Count > 0)
                plan = plan with
                {
                    Views = ir.Views,
                    Summary = plan.Summary + "; arrays of structs as their fields: "
                        + string.Join(", ", ir.Views.Select(v => $"{SourceName(ir, v.Array)} ({v.Count} {v.Field.Name}s an element)")),
                };
            if (!plan.Vectorized || plan.Source != Vectorize.LaneSource.Inner) return plan;
            // (The IR holds an induction variable's value per iteration; an inner plan's code runs inside the body's text,
            // where the variable is advanced as written.)
            if (analysis.Inductions.Count > 0) return Vectorize.VectorPlan.Scalar($"induction variable '{analysis.Inductions[0].Name}' with an inner vector loop");
            // (The scalar body marks where an argmin/argmax takes a value; the spliced source text would not.)
            if (analysis.Reductions.FirstOrDefault(r => r.HasIndex) is { } pair) return Vectorize.VectorPlan.Scalar($"argmin/argmax '{pair.Name}, {pair.IndexName}' with an inner vector loop");
            var inner = SyntaxNodes.All(loop.Statement).OfType<StatementSyntax>().FirstOrDefault(f => f is ForStatementSyntax or WhileStatementSyntax or ForEachStatementSyntax && f.SpanStart == plan.InnerLoopStart);
            if (inner is null || inner.Parent is LabeledStatementSyntax) return Vectorize.VectorPlan.Scalar("the vectorized loop has a label");
            // (The spliced source text reaches an instance kernel's members through the chunk's 'this', as the scalar body does.)
            var edits = thisNodes.OrderBy(n => n.SpanStart).Select(n => (n.Span, ThroughThis(n).ToString())).ToList();
            // The other vector loops: each a marker of its own in front of its loop (a labeled one stays scalar).
            var others = new List<Vectorize.VectorPlan>();
            var cuts = new List<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)>();
            foreach (Vectorize.VectorPlan other in plan.Others)
            {
                var at = SyntaxNodes.All(loop.Statement).OfType<StatementSyntax>().FirstOrDefault(f => f is ForStatementSyntax or WhileStatementSyntax or ForEachStatementSyntax && f.SpanStart == other.InnerLoopStart);
                if (at is null || at.Parent is LabeledStatementSyntax) continue;
                others.Add(other);
                cuts.Add((at.Span, Replacement(loop, at, other, edits, Emit.VectorEmitter.MarkerOf(others.Count), braces: true)));
            }
            plan = plan with { Others = others.ToEquatableArray() };
            return plan with { InnerBody = InnerBodyText(loop, inner, plan, edits, cuts) };
        }

        /// <summary>An array variable of the IR as the source names it: <c>pm.positions</c> for a member's local, <c>_p</c> for a field of this.</summary>
        private static string SourceName(Ir.LoopIr ir, string name) =>
            ir.Members.FirstOrDefault(m => m.Local.Name == name)?.Source
            ?? (name.StartsWith(ThisName + ".", StringComparison.Ordinal) ? name.Substring(ThisName.Length + 1) : name);

        /// <summary>The source text of <paramref name="span"/> with the <paramref name="edits"/> that lie in it applied (in order, none overlapping).</summary>
        private static string Edited(Microsoft.CodeAnalysis.Text.SourceText text, Microsoft.CodeAnalysis.Text.TextSpan span,
            IReadOnlyList<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)> edits)
        {
            var result = new StringBuilder();
            int at = span.Start;
            foreach ((Microsoft.CodeAnalysis.Text.TextSpan cut, string value) in edits)
            {
                if (cut.Start < at || cut.End > span.End) continue;
                result.Append(text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(at, cut.Start))).Append(value);
                at = cut.End;
            }
            return result.Append(text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(at, span.End))).ToString();
        }

        /// <summary>
        /// The PRange body with <paramref name="inner"/> replaced by the marker line and by itself, starting at <c>__kg_x</c>
        /// (and the other plans' loops by <paramref name="cuts"/>: <see cref="Replacement"/>s of their own).
        /// </summary>
        private static string InnerBodyText(ForEachStatementSyntax prange, StatementSyntax inner, Vectorize.VectorPlan plan,
            IReadOnlyList<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)> edits, List<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)> cuts)
        {
            var source = inner.SyntaxTree.GetText();
            // (Each vector loop declares __kg_x and its arrays' references where its marker is: in braces when there are several.)
            string replacement = Replacement(prange, inner, plan, edits, Emit.VectorEmitter.Marker, braces: inner != prange.Statement && cuts.Count > 0);
            var outer = plan.HoistStart < 0 ? null
                : SyntaxNodes.All(prange.Statement).OfType<ForStatementSyntax>().FirstOrDefault(f => f.SpanStart == plan.HoistStart);
            if (cuts.Count > 0)
            {
                // The other loops' replacements and the edits outside all the loops, in order (no two overlap: the plans'
                // loops nest in none of the others, so none holds the loop the guard is hoisted before either).
                edits = edits.Where(e => !inner.Span.Contains(e.Span) && !cuts.Any(c => c.Span.Contains(e.Span))).Concat(cuts).OrderBy(e => e.Span.Start).ToList();
                if (outer is null || outer == inner || !outer.Span.Contains(inner.Span))
                    return BodyText(prange, null, "", edits.Append((inner.Span, replacement)).OrderBy(e => e.Span.Start).ToList());
            }
            if (outer is null || outer == inner || !outer.Span.Contains(inner.Span)) return BodyText(prange, inner.Span, replacement, edits);
            // A hoisted guard: its line goes before the outer loop (in braces with it where that is not a statement of a block).
            string outerText = Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(outer.SpanStart, inner.SpanStart), edits) + replacement
                + Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(inner.Span.End, outer.Span.End), edits);
            string outerPad = new(' ', ColumnOf(outer.ForKeyword));
            var outerLine = source.Lines.GetLineFromPosition(outer.SpanStart).Start;
            bool outerOwnLine = string.IsNullOrWhiteSpace(Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(outerLine, outer.SpanStart), edits));
            bool outerWrap = outer.Parent is not BlockSyntax && outer != prange.Statement;
            string guarded = (outerOwnLine ? "" : "\n" + outerPad) + (outerWrap ? "{\n" + outerPad : "") + Emit.VectorEmitter.GuardMarker + "\n" + outerPad
                + outerText + (outerWrap ? "\n" + outerPad + "}" : "");
            return BodyText(prange, outer.Span, guarded, edits);
        }

        /// <summary>
        /// <paramref name="inner"/> as its marker line then itself, restarted at <c>__kg_x</c>. The marker takes a line of
        /// its own; where the loop is not a statement of a block (the body of an if or of another loop), or with
        /// <paramref name="braces"/>, braces keep the vector loop and the loop together.
        /// </summary>
        private static string Replacement(ForEachStatementSyntax prange, StatementSyntax inner, Vectorize.VectorPlan plan,
            IReadOnlyList<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)> edits, string marker, bool braces)
        {
            var source = inner.SyntaxTree.GetText();
            string resumed = plan.Rolled > 1 ? "__kg_xr" : "__kg_x";
            string loopText = Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(inner.SpanStart, plan.InnerInitStart), edits)
                + (plan.InnerResume?.Replace("{x}", resumed) ?? resumed)
                + Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(plan.InnerInitEnd, inner.Span.End), edits);
            string pad = new(' ', ColumnOf(inner.GetFirstToken()));
            // (A cursor the header advances, or a while loop's counter, catches up with the iterations the vector loop ran.)
            if (plan.InnerBefore is { } before) loopText = before.Replace("{x}", resumed) + "\n" + pad + loopText;
            var lineStart = source.Lines.GetLineFromPosition(inner.SpanStart).Start;
            bool ownLine = string.IsNullOrWhiteSpace(Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(lineStart, inner.SpanStart), edits));
            bool wrap = braces || inner.Parent is not BlockSyntax && inner != prange.Statement;
            // (A view the foreach made in place is made once, where the foreach made it, for both loops: braces keep it theirs.)
            string prelude = plan.InnerPrelude is { } made ? made + "\n" + pad : "";
            if (plan.Peel is { } peel) prelude += Peeled(source, inner, plan, peel, edits, pad);
            wrap |= prelude.Length > 0;
            return (ownLine ? "" : "\n" + pad) + (wrap ? "{\n" + pad : "") + prelude + marker + "\n" + pad + loopText + (wrap ? "\n" + pad + "}" : "");
        }

        /// <summary>
        /// A loop split at the interior where its clamps do nothing (Vectorize.EdgePeeling): the interior's bounds, then
        /// the iterations before it as written (the loop with its condition <c>x &lt; __kg_edge</c>; the interior's start
        /// is at most the loop's limit). Where the loop is not a for statement with a declared counter (which a split
        /// plan's loop always is), the interior is empty and the restarted loop runs everything.
        /// </summary>
        private static string Peeled(Microsoft.CodeAnalysis.Text.SourceText source, StatementSyntax inner, Vectorize.VectorPlan plan, Vectorize.VInnerPeel peel,
            IReadOnlyList<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)> edits, string pad)
        {
            if (inner is not ForStatementSyntax { Condition: { } condition, Declaration.Variables: { Count: 1 } variables })
                return $"int __kg_edge = {peel.LoopFirst}, __kg_edgeend = __kg_edge; // (not split: the loop runs as written)\n" + pad;
            string before = Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(inner.SpanStart, condition.SpanStart), edits)
                + $"{variables[0].Identifier.Text} < __kg_edge"
                + Edited(source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(condition.Span.End, inner.Span.End), edits);
            return "// Clamped to the edge: the iterations before the interior, where a clamp may change its value,\n" + pad
                + $"// run as written; in the interior the vector loop takes {peel.Clamps} as the argument.\n" + pad
                + $"int __kg_edge = {peel.Start};\n" + pad
                + $"int __kg_edgeend = {peel.End};\n" + pad
                + before + "\n" + pad;
        }

        private const string ThisName = KernelSpec.ThisCapture;

        /// <summary>
        /// The uses of the instance in an instance kernel's loop body: 'this' itself, and members of the kernel's type
        /// (or its bases) named without 'this.'; the copy reaches them through <see cref="ThisName"/> (<see cref="ThroughThis"/>).
        /// </summary>
        private static List<SyntaxNode> ThisNodes(StatementSyntax statement, INamedTypeSymbol type, SemanticModel model)
        {
            var nodes = new List<SyntaxNode>();
            foreach (SyntaxNode node in statement.DescendantNodesAndSelf())
            {
                if (node is ThisExpressionSyntax) { nodes.Add(node); continue; }
                if (node is not SimpleNameSyntax name || IsQualified(name)) continue;
                if (model.GetSymbolInfo(name).Symbol is { IsStatic: false } symbol
                    && symbol.Kind is SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event
                    && symbol.ContainingType is { } owner && InheritsFrom(type, owner))
                    nodes.Add(node);
            }
            return nodes;

            // x.Name, x?.Name, Name = … in an object initializer (a member of the new object), nameof(Name): not 'this'.
            static bool IsQualified(SimpleNameSyntax name) =>
                name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                || name.Parent is MemberBindingExpressionSyntax
                || name.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } init && init.Left == name
                || name.Parent is NameColonSyntax or NameEqualsSyntax
                || name.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } };

            static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol owner)
            {
                for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
                    if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, owner.OriginalDefinition)) return true;
                return false;
            }
        }

        /// <summary>'this' → the captured reference; a member named alone → the member through it (trivia kept).</summary>
        internal static SyntaxNode ThroughThis(SyntaxNode original) => original is ThisExpressionSyntax
            ? SyntaxFactory.IdentifierName(ThisName).WithTriviaFrom(original)
            : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName(ThisName), ((SimpleNameSyntax)original).WithoutTrivia()).WithTriviaFrom(original);

        /// <summary>The 1-based source line where <see cref="BodyText(StatementSyntax, StatementSyntax)"/>'s text starts (0 when it cannot be told).</summary>
        private static int FirstLineOf(StatementSyntax statement)
        {
            var text = statement.SyntaxTree.GetText();
            int start = statement.SpanStart;
            if (statement is BlockSyntax block)
            {
                start = block.OpenBraceToken.Span.End;
                while (start < block.CloseBraceToken.SpanStart && text[start] is '\r' or '\n' or ' ' or '\t') start++;
            }
            return text.Lines.GetLineFromPosition(start).LineNumber + 1;
        }

        /// <summary>A loop body's statements (without a block's braces), dedented to column 0; <paramref name="original"/> gives the columns.</summary>
        private static string BodyText(StatementSyntax statement, StatementSyntax original)
        {
            if (statement is BlockSyntax block && original is BlockSyntax originalBlock)
            {
                string inner = block.OpenBraceToken.TrailingTrivia.ToFullString() + block.Statements.ToFullString() + block.CloseBraceToken.LeadingTrivia.ToFullString();
                return Dedent(inner.Trim('\r', '\n', ' ', '\t'), ColumnOf(originalBlock.OpenBraceToken) + 4, firstLineIndented: false);
            }
            return Dedent(statement.ToString(), ColumnOf(original.GetFirstToken()), firstLineIndented: false);
        }

        /// <summary>
        /// Collapses <c>foreach (i in PRange(n)) foreach (j in PRange(m)) body</c> into one iteration space of n × m
        /// when the inner loop is the outer body's only statement, both are unit-step int ranges, the inner bounds do
        /// not depend on the outer iteration (parameters and locals the loop does not write, array Length/GetLength), and the
        /// inner loop is race-free on its own (so are the outer iterations: the caller's analysis). Null with the reason otherwise.
        /// </summary>
        private static (CollapseSpec?, ForEachStatementSyntax?, string?, int) TryCollapse(ForEachStatementSyntax loop, LoopAnalysis analysis, SemanticModel model)
        {
            StatementSyntax only = loop.Statement;
            while (only is BlockSyntax { Statements.Count: 1 } single) only = single.Statements[0];
            if (only is not ForEachStatementSyntax inner || !LoopAnalysis.IsPRangeLoop(inner, model, out bool innerIs64))
                return (null, null, "the inner loop is not the only statement of the outer body", 0);
            if (innerIs64 || analysis.Is64 || !IsUnitStep(loop.Expression, model) || !IsUnitStep(inner.Expression, model))
                return (null, null, "only unit-step int ranges are collapsed", 0);
            if (analysis.Reductions.Count > 0 || analysis.ArrayReductions.Count > 0)
                return (null, null, "the loop has reductions", 0);
            foreach (IdentifierNameSyntax name in inner.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                bool invariant = symbol switch
                {
                    IParameterSymbol or ILocalSymbol => !loop.Span.Contains(symbol.DeclaringSyntaxReferences.FirstOrDefault()?.Span ?? default)
                        && !SyntaxNodes.All(loop.Statement).OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == name.Identifier.ValueText
                            && LoopAnalysis.IsWrite(n) && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, symbol)),
                    IPropertySymbol { Name: "Length" or "LongLength", ContainingType.SpecialType: SpecialType.System_Array } => true,
                    IMethodSymbol { Name: "PRange", ContainingType.Name: "Kernel" } => true,
                    IMethodSymbol { Name: "GetLength" or "GetLongLength", ContainingType.SpecialType: SpecialType.System_Array } => true,
                    _ => false,
                };
                if (!invariant)
                    return (null, null, $"its bounds use '{name.Identifier.ValueText}', which may change with the outer iteration", 0);
            }
            if (model.GetDeclaredSymbol(inner) is not ILocalSymbol innerIndex)
                return (null, null, "the inner index is not a local", 0);
            LoopAnalysis innerAnalysis = LoopAnalysis.Analyze(inner, innerIndex, false, model);
            if (!innerAnalysis.CanParallelize || innerAnalysis.Warnings.Count > 0 || innerAnalysis.Reductions.Count > 0 || innerAnalysis.ArrayReductions.Count > 0 || innerAnalysis.AliasChecks.Count > 0 || innerAnalysis.ViewChecks.Count > 0
                || innerAnalysis.RunTimeChecks.Count > 0)
                return (null, null, "the inner loop is not race-free on its own", 0);
            ITypeSymbol? declared = model.GetTypeInfo(inner.Type).Type;
            string indexType = inner.Type.IsVar || declared is null ? "int" : declared.ToDisplayString(TypeFormat);
            return (new CollapseSpec(inner.Expression.ToString(), indexType, Escape(inner.Identifier.ValueText),
                $"foreach ({inner.Type} {inner.Identifier.ValueText} in {inner.Expression})"), inner, null, innerAnalysis.CostPerIteration);
        }

        /// <summary>
        /// A PRange loop's statements, without the braces of a block, dedented to column 0; with the text of
        /// <paramref name="replace"/> (a span inside the body) replaced by <paramref name="replacement"/> when given.
        /// </summary>
        internal static string BodyText(ForEachStatementSyntax loop, Microsoft.CodeAnalysis.Text.TextSpan? replace = null, string replacement = "",
            IReadOnlyList<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)>? edits = null)
        {
            var text = loop.SyntaxTree.GetText();
            edits ??= Array.Empty<(Microsoft.CodeAnalysis.Text.TextSpan, string)>();
            string Slice(Microsoft.CodeAnalysis.Text.TextSpan span) =>
                replace is not { } cut || !span.Contains(cut) ? Edited(text, span, edits)
                : Edited(text, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(span.Start, cut.Start), edits) + replacement
                  + Edited(text, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(cut.End, span.End), edits);
            if (loop.Statement is BlockSyntax block)
            {
                var inner = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(block.OpenBraceToken.Span.End, block.CloseBraceToken.SpanStart);
                return Dedent(Slice(inner).Trim('\r', '\n', ' ', '\t'), ColumnOf(block.OpenBraceToken) + 4, firstLineIndented: false);
            }
            return Dedent(Slice(loop.Statement.Span), ColumnOf(loop.Statement.GetFirstToken()), firstLineIndented: false);
        }

        internal static int ColumnOfToken(SyntaxToken token) => ColumnOf(token);

        /// <summary>PRange(stop), PRange(start, stop) or PRange(a, b, 1): a plain ascending loop can be emitted.</summary>
        private static bool IsUnitStep(ExpressionSyntax expression, SemanticModel model)
        {
            if (expression is not InvocationExpressionSyntax call || model.GetSymbolInfo(call).Symbol is not IMethodSymbol target
                || target.Name != "PRange" || target.ContainingType?.ToDisplayString() != "KernelGen.Kernel")
                return false;
            if (call.ArgumentList.Arguments.Count < 3) return true;
            Optional<object?> step = model.GetConstantValue(call.ArgumentList.Arguments[2].Expression);
            return step.HasValue && step.Value is int or long && Convert.ToInt64(step.Value) == 1;
        }

        private static string ConstantText(ILocalSymbol constant)
        {
            object? value = constant.ConstantValue;
            return value switch
            {
                null => "default",
                string s => SymbolDisplay.FormatLiteral(s, quote: true),
                char c => SymbolDisplay.FormatLiteral(c, quote: true),
                bool b => b ? "true" : "false",
                float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity" : f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
                double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
                decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
                _ when constant.Type.TypeKind == TypeKind.Enum => $"({constant.Type.ToDisplayString(TypeFormat)})({Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)})",
                _ => $"unchecked(({constant.Type.ToDisplayString(TypeFormat)}){Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)})",
            };
        }

        /// <summary>The method body's text around the parallel loops (each segment dedented to the body's column).</summary>
        private static List<string> CutBody(BlockSyntax body, List<ForEachStatementSyntax> loops, int bodyColumn, List<UnzeroedOutputs.Site> unzeroed)
        {
            var text = body.SyntaxTree.GetText();
            var segments = new List<string>();
            int start = body.OpenBraceToken.Span.End;
            foreach (ForEachStatementSyntax loop in loops)
            {
                segments.Add(Dedent(Between(start, loop.SpanStart), bodyColumn, firstLineIndented: false));
                start = loop.Span.End;
            }
            segments.Add(Dedent(Between(start, body.CloseBraceToken.SpanStart), bodyColumn, firstLineIndented: false));
            return segments;

            // The source text from one position to another, with the outputs allocated without zeroing rewritten (on one line each, so lines keep their numbers).
            string Between(int from, int to)
            {
                var piece = new StringBuilder();
                foreach (UnzeroedOutputs.Site site in unzeroed.Where(u => u.Creation.SpanStart >= from && u.Creation.Span.End <= to).OrderBy(u => u.Creation.SpanStart))
                {
                    piece.Append(text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(from, site.Creation.SpanStart))).Append(site.Replacement);
                    from = site.Creation.Span.End;
                }
                return piece.Append(text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(from, to))).ToString();
            }
        }

        private static int ColumnOf(SyntaxToken token) => token.GetLocation().GetLineSpan().StartLinePosition.Character;

        /// <summary>Removes up to <paramref name="columns"/> leading blanks from each line (the first too, when indented).</summary>
        internal static string Dedent(string text, int columns, bool firstLineIndented)
        {
            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            var result = new StringBuilder();
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (i > 0 || firstLineIndented)
                {
                    int strip = 0;
                    while (strip < columns && strip < line.Length && (line[strip] == ' ' || line[strip] == '\t')) strip++;
                    line = line.Substring(strip);
                }
                if (i > 0) result.Append('\n');
                result.Append(line.TrimEnd());
            }
            return result.ToString();
        }

        /// <summary>The using directives that bind names at the kernel: the file's and the enclosing namespaces'.</summary>
        internal static List<string> CollectUsings(SyntaxNode node)
        {
            var usings = new List<string>();
            foreach (SyntaxNode ancestor in node.Ancestors().Reverse())
            {
                SyntaxList<UsingDirectiveSyntax> list = ancestor switch
                {
                    CompilationUnitSyntax unit => unit.Usings,
                    BaseNamespaceDeclarationSyntax ns => ns.Usings,
                    _ => default,
                };
                foreach (UsingDirectiveSyntax directive in list)
                    if (!directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                        usings.Add(directive.ToString()); // ToString leaves out the outer trivia
            }
            return usings;
        }

        internal static List<ContainingTypeSpec> ContainingTypes(MethodDeclarationSyntax syntax)
        {
            var types = new List<ContainingTypeSpec>();
            foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>().Reverse())
            {
                string keyword = type switch
                {
                    RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                    _ => type.Keyword.ValueText,
                };
                types.Add(new ContainingTypeSpec(keyword, type.Identifier.ValueText + (type.TypeParameterList?.ToString() ?? ""), type.Modifiers.Any(SyntaxKind.StaticKeyword)));
            }
            return types;
        }
    }
}
