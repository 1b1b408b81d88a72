using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KernelGen.Generator.Diagnostics;
using KernelGen.Generator.Emit;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>What a <c>[ParallelMap]</c> or <c>[ParallelStencil]</c> function becomes.</summary>
    internal sealed class SyntheticResult
    {
        /// <summary>Diagnostics on the user's function (its shape; why the overloads run serially; the parallel report).</summary>
        public List<Diagnostic> Diagnostics { get; } = new();

        /// <summary>
        /// The generated file: the kernels' serial text and the overloads, which call a kernel's parallel version through
        /// <see cref="SyntheticKernels.ParallelSuffix"/> (empty when there is no overload to write).
        /// </summary>
        public string Source { get; set; } = "";

        /// <summary>The kernels that run in parallel, for <see cref="KernelEmitter"/>.</summary>
        public List<KernelSpec> Kernels { get; } = new();

        public string HintName { get; set; } = "";
    }

    /// <summary>
    /// Kernels KernelGen writes itself for a user's function (maps, stencils): PRange loops as C# text, parsed against the
    /// user's compilation with that text added as a tree, so their calls bind to the user's code and they go through the
    /// same parser, effect model, vectorizer and emitter as a user's kernel.
    /// </summary>
    internal static class SyntheticKernels
    {
        /// <summary>After the name of a kernel that has a parallel version, in <see cref="SyntheticResult.Source"/>:
        /// "Parallel", or "" when the project turned KernelGen off (KernelGenEnabled=false: the serial loops run).</summary>
        public const string ParallelSuffix = "{KG_PARALLEL}";

        public static readonly SpecialType[] Elements =
        {
            SpecialType.System_Boolean, SpecialType.System_SByte, SpecialType.System_Byte, SpecialType.System_Int16,
            SpecialType.System_UInt16, SpecialType.System_Int32, SpecialType.System_UInt32, SpecialType.System_Int64,
            SpecialType.System_UInt64, SpecialType.System_Single, SpecialType.System_Double,
        };

        public static bool Has(IMethodSymbol method, string attribute) =>
            method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);

        /// <summary>Why the function's type cannot take generated members, or null (every enclosing type must be partial).</summary>
        public static string? NotPartial(MethodDeclarationSyntax syntax) =>
            syntax.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)) is { } type
                ? $"its type '{type.Identifier.ValueText}' is not partial (the overloads are generated into it: declare it 'partial')"
                : null;

        /// <summary>
        /// Parses <paramref name="members"/> (the kernels, inside the function's namespace and types) against the user's
        /// compilation; adds each parallel kernel to <paramref name="result"/>, the parallel report or the reason it stays
        /// serial (the first kernel's only: the others are variants of it) to the diagnostics at <paramref name="at"/>.
        /// Returns the names of the kernels that run in parallel.
        /// </summary>
        public static HashSet<string> Parse(string members, MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model,
            SyntheticResult result, string what, CancellationToken cancellationToken)
        {
            Location at = syntax.Identifier.GetLocation();
            string text = Usings(syntax) + Wrap(Namespace(method), KernelParser.ContainingTypes(syntax), members);
            SyntaxTree tree = CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)syntax.SyntaxTree.Options, "", cancellationToken: cancellationToken);
            Compilation compilation = model.Compilation.AddSyntaxTrees(tree);
            SemanticModel kernelModel = compilation.GetSemanticModel(tree);
            var parallel = new HashSet<string>();
            bool first = true;
            foreach (MethodDeclarationSyntax kernel in tree.GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (kernelModel.GetDeclaredSymbol(kernel, cancellationToken) is not IMethodSymbol symbol
                    || !SyntaxNodes.All(kernel).OfType<ForEachStatementSyntax>().Any()) continue; // (helpers)
                KernelParseResult parsed = KernelParser.Parse(kernel, symbol, kernelModel, interceptorsEnabled: false, cancellationToken);
                if (parsed.Spec is { } spec)
                {
                    parallel.Add(symbol.Name);
                    result.Kernels.Add(spec);
                    if (first && parsed.Diagnostics.FirstOrDefault(d => d.Id == DiagnosticDescriptors.ParallelReport.Id) is { } report)
                        result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ParallelReport, at, $"{what} of {method.Name}: {report.GetMessage()}"));
                }
                else if (first)
                {
                    // Why (the first problem the loop analysis found: an effect of the function, a construct it cannot model).
                    Diagnostic? problem = parsed.Diagnostics.FirstOrDefault(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != DiagnosticDescriptors.NotIntercepted.Id);
                    result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MapRunsSerially, at, method.Name,
                        problem?.GetMessage() ?? "KernelGen found no parallel form of the loop"));
                }
                first = false;
            }
            return parallel;
        }

        public static string Namespace(IMethodSymbol method) =>
            method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString();

        /// <summary>The generated file: a header, then the members inside the function's namespace and types.</summary>
        public static string File(MethodDeclarationSyntax syntax, IMethodSymbol method, string header, string members)
        {
            var file = new IndentedWriter();
            file.Line("// <auto-generated/>");
            foreach (string line in header.Split('\n')) file.Line("// " + line);
            file.Line("#nullable enable annotations");
            file.Line("#nullable disable warnings");
            file.Line();
            return file + Usings(syntax) + Wrap(Namespace(method), KernelParser.ContainingTypes(syntax), members);
        }

        /// <summary>The usings of the function's file (a stencil's body is copied: its names must bind as they did there).</summary>
        private static string Usings(MethodDeclarationSyntax syntax)
        {
            List<string> usings = KernelParser.CollectUsings(syntax);
            return usings.Count == 0 ? "" : string.Join("\n", usings) + "\n\n";
        }

        public static string HintName(MethodDeclarationSyntax syntax, IMethodSymbol method, string kind)
        {
            string ns = Namespace(method);
            return KernelEmitter.HintName((ns.Length > 0 ? ns + "." : "") + string.Join(".", KernelParser.ContainingTypes(syntax).Select(t => t.Name)) + "." + method.Name,
                KernelParser.KeyOf(method), kind);
        }

        /// <summary>A name of the user's style not among <paramref name="taken"/>: <paramref name="name"/>, name1, name2 …</summary>
        public static string Free(string name, ICollection<string> taken) =>
            Enumerable.Range(0, taken.Count + 1).Select(n => n == 0 ? name : name + n).First(n => !taken.Contains(n));

        public static string Accessibility(IMethodSymbol method) => method.DeclaredAccessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
            Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
            Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };

        /// <summary>Whether the function's type already declares a method of its name with these parameter types.</summary>
        public static bool Declared(IMethodSymbol method, string parameterTypes) =>
            method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
                .Any(m => string.Join(", ", m.Parameters.Select(p => p.Type.ToDisplayString(KernelParser.TypeFormat))) == parameterTypes);

        private static string Wrap(string ns, List<ContainingTypeSpec> types, string members)
        {
            var w = new IndentedWriter();
            if (ns.Length > 0) w.Open($"namespace {ns}");
            foreach (ContainingTypeSpec type in types)
                w.Open($"{(type.IsStatic ? "static " : "")}partial {type.Keyword} {type.Name}");
            w.Lines(members.TrimEnd('\n'));
            foreach (ContainingTypeSpec _ in types) w.Close();
            if (ns.Length > 0) w.Close();
            return w.ToString();
        }
    }
}
