using System;
using System.Collections.Immutable;
using System.Linq;
using KernelGen.Generator.Frontend;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KernelGen.Generator.Diagnostics
{
    /// <summary>
    /// Reports what the generator decided for each kernel (KG2xxx why something stays serial, KG3001 the parallel
    /// report). Diagnostics come from an analyzer, not the generator, so #pragma and .editorconfig work and the
    /// generator's cache is not disturbed; both run the same <see cref="KernelParser"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KernelAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.LoopCarriedDependence,
            DiagnosticDescriptors.SameElementWritten,
            DiagnosticDescriptors.IndirectWrite,
            DiagnosticDescriptors.MayDepend,
            DiagnosticDescriptors.SharedScalarRace,
            DiagnosticDescriptors.SharedStateWritten,
            DiagnosticDescriptors.UnknownEffects,
            DiagnosticDescriptors.KernelNotStatic,
            DiagnosticDescriptors.TypeNotPartial,
            DiagnosticDescriptors.KernelShapeUnsupported,
            DiagnosticDescriptors.NoPRangeLoop,
            DiagnosticDescriptors.LoopJumpsOut,
            DiagnosticDescriptors.SharedVariableWritten,
            DiagnosticDescriptors.CaptureUnsupported,
            DiagnosticDescriptors.NotIntercepted,
            DiagnosticDescriptors.NestedPRange,
            DiagnosticDescriptors.SpanNeedsUnsafe,
            DiagnosticDescriptors.ReferencedKernelNotIntercepted,
            DiagnosticDescriptors.MapShapeUnsupported,
            DiagnosticDescriptors.MapRunsSerially,
            DiagnosticDescriptors.InternalError,
            DiagnosticDescriptors.ParallelReport);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration);
            context.RegisterCompilationStartAction(start =>
            {
                // Calls of other projects' kernels: only where some reference was built with KernelGen.
                if (!start.Compilation.SourceModule.ReferencedAssemblySymbols.Any(a => a.Name == "KernelGen"))
                    return;
                start.RegisterOperationAction(AnalyzeCall, OperationKind.Invocation);
            });
        }

        /// <summary>KG2011: a call of a referenced assembly's kernel that the generator cannot redirect to its parallel version.</summary>
        private static void AnalyzeCall(OperationAnalysisContext context)
        {
            IMethodSymbol target = ((Microsoft.CodeAnalysis.Operations.IInvocationOperation)context.Operation).TargetMethod;
            Compilation compilation = context.Compilation;
            if (SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, compilation.Assembly)
                || !ReferencedKernels.MayBeKernel(compilation, target.Name) || !ReferencedKernels.IsKernel(target))
                return;
            var options = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (options.TryGetValue("build_property.KernelGenEnabled", out string? enabled) && string.Equals(enabled.Trim(), "false", StringComparison.OrdinalIgnoreCase))
                return; // every kernel runs serially by the project's own choice
            string? why = ReferencedKernels.ParallelVersion(target, compilation, out string whyNot) is null ? whyNot
                : !KernelGenerator.InterceptorsEnabled(context.Operation.Syntax.SyntaxTree.Options)
                    ? $"interceptors are not enabled for namespace 'KernelGen.Generated' in this project (a PackageReference to KernelGen adds it); call '{KernelParser.ParallelNameOf(target)}' directly meanwhile"
                    : null;
            if (why is not null)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReferencedKernelNotIntercepted, context.Operation.Syntax.GetLocation(),
                    KernelParser.DisplayOf(target), why));
        }

        private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0
                || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
                return;
            bool map = MapKernels.IsMap(method), stencil = StencilKernels.IsStencil(method);
            if (!map && !stencil && !method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KernelParser.AttributeName))
                return;
            try
            {
                bool interceptors = KernelGenerator.InterceptorsEnabled(syntax.SyntaxTree.Options);
                foreach (Diagnostic diagnostic in map ? MapKernels.Parse(syntax, method, context.SemanticModel, context.CancellationToken).Diagnostics
                             : stencil ? StencilKernels.Parse(syntax, method, context.SemanticModel, context.CancellationToken).Diagnostics
                             : KernelParser.Parse(syntax, method, context.SemanticModel, interceptors, context.CancellationToken).Diagnostics)
                    context.ReportDiagnostic(diagnostic);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(),
                    method.Name, e.GetType().Name + ": " + e.Message));
            }
        }
    }
}
