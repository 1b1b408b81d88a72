using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using KernelGen.Generator.Emit;
using KernelGen.Generator.Model;
using KernelGen.Generator.Frontend;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    /// <summary>
    /// The KernelGen source generator. Two pipelines:
    /// <list type="number">
    /// <item>kernels: each <c>[ParallelKernel]</c> method → <see cref="KernelSpec"/> → its parallel version (one file
    /// per kernel; only re-emitted when the kernel itself changes);</item>
    /// <item>call sites: each call of a kernel → <see cref="CallSiteSpec"/> → one interceptors file (its location data
    /// changes with every edit of a calling file, so it is kept apart from kernel emission).</item>
    /// </list>
    /// Diagnostics come from <see cref="Diagnostics.KernelAnalyzer"/>, which runs the same parser.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class KernelGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
        public const string KernelStep = "KernelSpecs", CallSiteStep = "CallSites";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<bool> interceptorsAllowed = context.ParseOptionsProvider
                .Select((options, _) => InterceptorsEnabled(options));
            IncrementalValueProvider<bool> enabled = context.AnalyzerConfigOptionsProvider
                .Select((options, _) => !(options.GlobalOptions.TryGetValue("build_property.KernelGenEnabled", out string? value)
                                          && string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase)));

            IncrementalValuesProvider<KernelOutcome> outcomes = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KernelParser.AttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ParseKernel(ctx, ct))
                .Where(static outcome => outcome is not null)!
                .WithTrackingName(KernelStep)!;
            IncrementalValuesProvider<KernelSpec> kernels = outcomes
                .Where(static outcome => outcome.Spec is not null)
                .Select(static (outcome, _) => outcome.Spec!);
            IncrementalValueProvider<string> summaryImportance = context.AnalyzerConfigOptionsProvider
                .Select((options, _) => options.GlobalOptions.TryGetValue("build_property.KernelGenBuildSummary", out string? value) ? value.Trim().ToLowerInvariant() : "");

            IncrementalValueProvider<bool> intercepting = enabled.Combine(interceptorsAllowed)
                .Select(static (pair, _) => pair.Left && pair.Right);

            context.RegisterSourceOutput(kernels.Combine(intercepting), static (spc, pair) =>
                spc.AddSource(KernelEmitter.HintName(pair.Left), KernelEmitter.Emit(pair.Left, pair.Right)));

            // [ParallelMap] and [ParallelStencil] functions: their overloads and the kernels KernelGen writes for them
            // (one file each), parsed like the user's kernels.
            foreach ((string attribute, Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, SyntheticResult> parse) in
                     new (string, Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, SyntheticResult>)[]
                     { (MapKernels.AttributeName, MapKernels.Parse), (StencilKernels.AttributeName, StencilKernels.Parse) })
            {
                IncrementalValuesProvider<SyntheticOutput> outputs = context.SyntaxProvider
                    .ForAttributeWithMetadataName(
                        attribute,
                        static (node, _) => node is MethodDeclarationSyntax,
                        (ctx, ct) => ParseSynthetic(ctx, parse, ct))
                    .Where(static output => output is not null)!;
                context.RegisterSourceOutput(outputs.Combine(enabled), static (spc, pair) =>
                {
                    (SyntheticOutput output, bool on) = pair;
                    spc.AddSource(output.HintName, output.Source.Replace(SyntheticKernels.ParallelSuffix, on ? "Parallel" : ""));
                    for (int k = 0; k < output.KernelHints.Count; k++)
                        spc.AddSource(output.KernelHints[k], output.KernelTexts[k]);
                });
            }

            IncrementalValuesProvider<CallSiteSpec> calls = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => node is InvocationExpressionSyntax { Expression: SimpleNameSyntax or MemberAccessExpressionSyntax },
                    static (ctx, ct) => ToCallSite(ctx, ct))
                .Where(static call => call is not null)!
                .WithTrackingName(CallSiteStep)!;

            IncrementalValueProvider<((ImmutableArray<CallSiteSpec> Calls, ImmutableArray<KernelSpec> Kernels) Left, bool Intercepting)> interceptorInput =
                calls.Collect().Combine(kernels.Collect()).Combine(intercepting);
            context.RegisterSourceOutput(interceptorInput, static (spc, input) =>
            {
                if (!input.Intercepting) return;
                var targets = new List<(InterceptorEmitter.Target, List<CallSiteSpec>)>();
                foreach (KernelSpec kernel in input.Left.Kernels.Where(k => k.Interceptable).OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    // Calls of a generic kernel: one interceptor per constructed signature.
                    foreach (IGrouping<CallTarget?, CallSiteSpec> sites in input.Left.Calls
                                 .Where(c => c.KernelKey == kernel.Key && c.Target is not { Assembly.Length: > 0 }).GroupBy(c => c.Target))
                        targets.Add((sites.Key is null ? InterceptorEmitter.Of(kernel) : InterceptorEmitter.Of(sites.Key), sites.ToList()));
                }
                foreach (IGrouping<CallTarget, CallSiteSpec> external in input.Left.Calls.Where(c => c.Target is { Assembly.Length: > 0 })
                             .GroupBy(c => c.Target!).OrderBy(g => g.First().KernelKey, StringComparer.Ordinal))
                    targets.Add((InterceptorEmitter.Of(external.Key), external.ToList()));
                if (targets.Count > 0)
                    spc.AddSource(InterceptorEmitter.HintName, InterceptorEmitter.Emit(targets));
            });

            // The build summary: a comment-only file whose "// KernelGen:" lines the package's MSBuild target prints
            // after the compile (generators cannot write to the build log; Info diagnostics are not shown there).
            context.RegisterSourceOutput(outcomes.Select(static (o, _) => o.Summary).Collect().Combine(calls.Collect()).Combine(intercepting).Combine(summaryImportance),
                static (spc, input) =>
                {
                    (((ImmutableArray<KernelSummary> summaries, ImmutableArray<CallSiteSpec> sites), bool on), string setting) = input;
                    if (setting is "" or "false") return;
                    spc.AddSource(SummaryEmitter.HintName, SummaryEmitter.Emit(summaries, sites, on));
                });
        }

        private static KernelOutcome? ParseKernel(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
                return null;
            try
            {
                SemanticModel model = SemanticModels.For(context.SemanticModel.Compilation, syntax.SyntaxTree);
                KernelParseResult result = KernelParser.Parse(syntax, method, model, interceptorsEnabled: true, cancellationToken);
                return new KernelOutcome(result.Spec, KernelParser.Summarize(method, result));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never throw from the generator: the kernel keeps running serially; the analyzer reports KG2099.
                return new KernelOutcome(null, new KernelSummary(KernelParser.KeyOf(method), KernelParser.DisplayOf(method), "serial: KG2099 (KernelGen failed on this kernel)", false, ""));
            }
        }

        /// <summary>A map or stencil function's generated files (strings: the pipeline caches them by value).</summary>
        private sealed record SyntheticOutput(string HintName, string Source, EquatableArray<string> KernelHints, EquatableArray<string> KernelTexts);

        private static SyntheticOutput? ParseSynthetic(GeneratorAttributeSyntaxContext context,
            Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, SyntheticResult> parse, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
                return null;
            try
            {
                SemanticModel model = SemanticModels.For(context.SemanticModel.Compilation, syntax.SyntaxTree);
                SyntheticResult result = parse(syntax, method, model, cancellationToken);
                if (result.Source.Length == 0) return null; // KG2012 says why
                return new SyntheticOutput(result.HintName, result.Source, result.Kernels.Select(KernelEmitter.HintName).ToEquatableArray(),
                    result.Kernels.Select(k => KernelEmitter.Emit(k, intercepting: false, calledBy: method.Name)).ToEquatableArray());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return null; // never throw from the generator: the analyzer reports KG2099
            }
        }

        private static CallSiteSpec? ToCallSite(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            string? name = invocation.Expression switch
            {
                SimpleNameSyntax simple => simple.Identifier.ValueText, // Add(…), Scale<int>(…)
                MemberAccessExpressionSyntax { Name: var member } => member.Identifier.ValueText,
                _ => null,
            };
            // A name no [ParallelKernel] method of the project has: not a kernel call, and not worth binding.
            if (name is null || !KernelNames.MayBeKernel(context.SemanticModel.Compilation, name))
                return null;
            SemanticModel model = SemanticModels.For(context.SemanticModel.Compilation, invocation.SyntaxTree);
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || method.MethodKind != MethodKind.Ordinary || !ReferencedKernels.IsKernel(method))
                return null;
            CallTarget? target = null;
            bool external = !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, model.Compilation.Assembly);
            // Another project's kernel: intercepted to the parallel version its own build generated, where reachable.
            if (external && ReferencedKernels.ParallelVersion(method, model.Compilation, out _) is null)
                return null;
            if (external || KernelParser.IsGeneric(method))
            {
                // The call's constructed signature; a call whose types still name a type parameter of the caller
                // cannot be intercepted (an interceptor cannot be generic).
                if (KernelParser.MentionsTypeParameter(method))
                    return null;
                string parallel = method.ContainingType.ToDisplayString(KernelParser.TypeFormat) + "." + KernelParser.ParallelNameOf(method)
                    + (method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(KernelParser.TypeFormat))) + ">" : "");
                target = new CallTarget(KernelParser.DisplayOf(method), external ? method.ContainingAssembly.Name : "", method.Name, parallel,
                    method.ReturnType.ToDisplayString(KernelParser.TypeFormat), method.Parameters.Select(KernelParser.ParameterOf).ToEquatableArray())
                {
                    Receiver = KernelParser.ReceiverOf(method),
                };
            }
#pragma warning disable RSEXPERIMENTAL002 // GetInterceptableLocation is the supported way to intercept
            var location = model.GetInterceptableLocation(invocation, cancellationToken);
#pragma warning restore RSEXPERIMENTAL002
            if (location is null)
                return null;
            return new CallSiteSpec(KernelParser.KeyOf(method), location.Version, location.Data, System.IO.Path.GetFileName(location.GetDisplayLocation()))
            {
                Target = target,
            };
        }

        /// <summary>Whether the project lets interceptors live in KernelGen.Generated.</summary>
        internal static bool InterceptorsEnabled(ParseOptions options)
        {
            foreach (string key in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
            {
                if (options.Features.TryGetValue(key, out string? value)
                    && value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Any(n => n.Trim() == "KernelGen.Generated"))
                    return true;
            }
            return false;
        }
    }
}
