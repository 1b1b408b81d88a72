using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KernelGen.CodeFixes
{
    /// <summary>
    /// KG1005 / KG2006: "Declare 't' inside the loop" — when the shared variable is a temporary that each iteration
    /// assigns first (a top-level <c>t = …;</c> statement of the loop body before any other use) and that is used
    /// nowhere outside the loop, the outer declaration is removed and the assignment becomes a declaration.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclareInsideLoopFix)), Shared]
    public sealed class DeclareInsideLoopFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("KG1005", "KG2006");

        /// <summary>
        /// Fix All: one pass per document. Every plan is computed on the original tree (several diagnostics on one
        /// variable give one plan) and all are applied together on tracked nodes, so no edit is computed against text
        /// that another edit has already changed, and no merge of text changes can drop one.
        /// </summary>
        public override FixAllProvider? GetFixAllProvider() => DocumentFixAll.Instance;

        private sealed class DocumentFixAll : DocumentBasedFixAllProvider
        {
            public static readonly DocumentFixAll Instance = new();

            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            {
                SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                SemanticModel? model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                if (root is null || model is null) return document;
                var plans = new List<FixPlan>();
                foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
                {
                    if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not IdentifierNameSyntax name) continue;
                    if (Plan(name, model, fixAllContext.CancellationToken) is { } plan && !plans.Any(p => p.Outer == plan.Outer)) plans.Add(plan);
                }
                return plans.Count == 0 ? document : document.WithSyntaxRoot(Apply(root, plans));
            }
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not IdentifierNameSyntax name) continue;
                if (Plan(name, model, context.CancellationToken) is not { } plan) continue;
                context.RegisterCodeFix(CodeAction.Create($"Declare '{name.Identifier.ValueText}' inside the loop",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, new[] { plan }))), nameof(DeclareInsideLoopFix)), diagnostic);
            }
        }

        private sealed class FixPlan
        {
            public FixPlan(LocalDeclarationStatementSyntax outer, ExpressionStatementSyntax assignment, TypeSyntax type, string name)
            {
                Outer = outer; Assignment = assignment; Type = type; Name = name;
            }
            public LocalDeclarationStatementSyntax Outer { get; }
            public ExpressionStatementSyntax Assignment { get; }
            public TypeSyntax Type { get; }
            public string Name { get; }
        }

        private static FixPlan? Plan(IdentifierNameSyntax name, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is not ILocalSymbol local) return null;
            ForEachStatementSyntax? loop = name.Ancestors().OfType<ForEachStatementSyntax>().LastOrDefault();
            if (loop?.Statement is not BlockSyntax body) return null;
            if (local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
                || declaration.Parent is not LocalDeclarationStatementSyntax outer
                || loop.Span.Contains(outer.Span))
                return null;
            // Used nowhere outside the loop but its declaration (whose initializer must have no side effects).
            SyntaxNode scope = outer.Parent!;
            var references = scope.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local))
                .ToList();
            if (references.Any(r => !loop.Statement.Span.Contains(r.Span))) return null;
            if (declarator.Initializer is { Value: var init } && !(init is LiteralExpressionSyntax or DefaultExpressionSyntax)) return null;
            // The first use in the body is a top-level `t = …;` that does not read t.
            IdentifierNameSyntax first = references.OrderBy(r => r.SpanStart).First();
            if (first.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                || assignment.Left != first || assignment.Parent is not ExpressionStatementSyntax statement || statement.Parent != body
                || assignment.Right.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => references.Contains(n)))
                return null;
            // Only when nothing jumps back over the assignment inside the body (no labels before it).
            if (body.Statements.TakeWhile(s => s != statement).Any(s => s.DescendantNodesAndSelf().OfType<LabeledStatementSyntax>().Any() || s is LabeledStatementSyntax))
                return null;
            return new FixPlan(outer, statement, declaration.Type, local.Name);
        }

        /// <summary>Applies the plans (one per variable) in one pass: each assignment becomes a declaration, each outer declaration goes.</summary>
        private static SyntaxNode Apply(SyntaxNode root, IReadOnlyList<FixPlan> plans)
        {
            SyntaxNode tracked = root.TrackNodes(plans.SelectMany(p => new SyntaxNode[] { p.Outer, p.Assignment }));
            foreach (FixPlan plan in plans)
            {
                var statement = (ExpressionStatementSyntax)tracked.GetCurrentNode(plan.Assignment)!;
                var assignment = (AssignmentExpressionSyntax)statement.Expression;
                LocalDeclarationStatementSyntax declaration = SyntaxFactory.LocalDeclarationStatement(
                        SyntaxFactory.VariableDeclaration(plan.Type.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space),
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(plan.Name))
                                .WithInitializer(SyntaxFactory.EqualsValueClause(assignment.Right.WithoutTrivia())))))
                    .WithTriviaFrom(statement);
                tracked = tracked.ReplaceNode(statement, declaration);
            }
            foreach (FixPlan plan in plans)
                tracked = tracked.RemoveNode(tracked.GetCurrentNode(plan.Outer)!, SyntaxRemoveOptions.KeepNoTrivia)!;
            return tracked;
        }
    }

    /// <summary>KG1001, KG1002, KG1004, KG1005: "Turn this into a plain for loop" (a sequential loop, same iterations).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PlainForLoopFix)), Shared]
    public sealed class PlainForLoopFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("KG1001", "KG1002", "KG1004", "KG1005");

        /// <summary>
        /// Fix All: one pass per document that rewrites each PRange loop once, however many diagnostics it has. Not the
        /// batch fixer: its merge of the per-diagnostic text changes left loops unfixed (two loops, one diagnostic each,
        /// still needed a second Fix All), see RaceCodeFixTests.
        /// </summary>
        public override FixAllProvider? GetFixAllProvider() => DocumentFixAll.Instance;

        private sealed class DocumentFixAll : DocumentBasedFixAllProvider
        {
            public static readonly DocumentFixAll Instance = new();

            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            {
                SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                SemanticModel? model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                if (root is null || model is null) return document;
                var replacements = new Dictionary<ForEachStatementSyntax, ForStatementSyntax>();
                foreach (Diagnostic diagnostic in diagnostics)
                    if (LoopOf(root, model, diagnostic) is { } loop && !replacements.ContainsKey(loop) && Rewrite(loop, model) is { } replacement)
                        replacements.Add(loop, replacement);
                if (replacements.Count == 0) return document;
                // A loop inside another one being rewritten keeps its own rewrite: take the body from the rewritten node.
                return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys,
                    (original, rewritten) => replacements[original].WithStatement(rewritten.Statement)));
            }
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (LoopOf(root, model, diagnostic) is not { } loop || Rewrite(loop, model) is not { } replacement) continue;
                context.RegisterCodeFix(CodeAction.Create("Turn this into a plain for loop",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(loop, replacement))), nameof(PlainForLoopFix)), diagnostic);
            }
        }

        /// <summary>The outermost PRange loop around a diagnostic.</summary>
        private static ForEachStatementSyntax? LoopOf(SyntaxNode root, SemanticModel model, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<ForEachStatementSyntax>().LastOrDefault(l => IsPRange(l, model));

        private static bool IsPRange(ForEachStatementSyntax loop, SemanticModel model) =>
            model.GetTypeInfo(loop.Expression).Type is INamedTypeSymbol { Name: "PRangeEnumerable" or "PRangeEnumerable64" } type
            && type.ContainingNamespace?.ToDisplayString() == "KernelGen";

        private static ForStatementSyntax? Rewrite(ForEachStatementSyntax loop, SemanticModel model)
        {
            if (loop.Expression is not InvocationExpressionSyntax call) return null;
            var raw = call.ArgumentList.Arguments.Select(a => a.Expression).ToList();
            var args = raw.Select(a => a.WithoutTrivia()).ToList();
            string start, stop, op = "<", increment;
            string name = loop.Identifier.ValueText;
            switch (args.Count)
            {
                case 1: start = "0"; stop = args[0].ToString(); increment = name + "++"; break;
                case 2: start = args[0].ToString(); stop = args[1].ToString(); increment = name + "++"; break;
                case 3:
                    Optional<object?> step = model.GetConstantValue(raw[2]);
                    if (!step.HasValue || step.Value is not (int or long)) return null;
                    long value = System.Convert.ToInt64(step.Value);
                    if (value == 0) return null;
                    start = args[0].ToString(); stop = args[1].ToString();
                    op = value > 0 ? "<" : ">";
                    increment = value == 1 ? name + "++" : value == -1 ? name + "--" : value > 0 ? $"{name} += {value}" : $"{name} -= {-value}";
                    break;
                default: return null;
            }
            string type = loop.Type.IsVar ? (model.GetDeclaredSymbol(loop) is ILocalSymbol l ? l.Type.ToDisplayString() : "int") : loop.Type.ToString();
            ForStatementSyntax header = (ForStatementSyntax)SyntaxFactory.ParseStatement($"for ({type} {name} = {start}; {name} {op} {stop}; {increment}) {{ }}");
            return header.WithStatement(loop.Statement).WithTriviaFrom(loop).WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
