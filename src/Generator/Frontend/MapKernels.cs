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
    /// <summary>
    /// <c>[ParallelMap]</c>: a static scalar function gets overloads over whole inputs. Each overload checks its
    /// arguments and calls a map kernel, an ordinary PRange loop written here as C#
    /// (<c>foreach (int i in PRange(result.Length)) result[i] = Worker(x[i], factor);</c>), which goes through the same
    /// parser, effect model, vectorizer and emitter as a user's kernel: the function is inlined into the vector step
    /// where it can be, and a function with effects keeps the loop serial with the reason (KG2013). The kernel text is
    /// parsed against the user's compilation with that tree added, so its calls bind to the user's function.
    /// </summary>
    internal static class MapKernels
    {
        public const string AttributeName = "KernelGen.ParallelMapAttribute";
        private const string BroadcastName = "KernelGen.BroadcastAttribute";

        public static bool IsMap(IMethodSymbol method) => SyntheticKernels.Has(method, AttributeName);

        private sealed record Parameter(string Name, string Type, bool Broadcast);

        public static SyntheticResult Parse(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            var result = new SyntheticResult();
            string? why = ShapeProblem(syntax, method) ?? SyntheticKernels.NotPartial(syntax);
            if (why is not null)
            {
                result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MapShapeUnsupported, syntax.Identifier.GetLocation(), method.Name, why));
                return result;
            }

            var parameters = method.Parameters.Select(p => new Parameter(p.Name, p.Type.ToDisplayString(KernelParser.TypeFormat),
                p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == BroadcastName))).ToList();
            string element = method.ReturnType.ToDisplayString(KernelParser.TypeFormat);
            var taken = new HashSet<string>(parameters.Select(p => p.Name));
            // (Names of the user's own style: the emitter's locals start with __kg_.)
            string output = SyntheticKernels.Free("result", taken), index = SyntheticKernels.Free("i", taken);
            string first = parameters.First(p => !p.Broadcast).Name;
            bool spans = model.Compilation.Options is CSharpCompilationOptions { AllowUnsafe: true };

            // The map kernels: PRange loops over the result, parsed as the user's kernels are.
            string arraysKernel = "__kg_Map_" + method.Name, spansKernel = "__kg_MapSpan_" + method.Name;
            string call = $"{method.Name}({string.Join(", ", parameters.Select(p => p.Broadcast ? Escape(p.Name) : $"{Escape(p.Name)}[{index}]"))})";
            // The parameters of a kernel or an overload: inputs as arrays or read-only spans, broadcasts as they are, the result.
            List<(string Type, string Name)> Signature(bool overSpans, bool withOutput) => parameters
                .Select(p => (p.Broadcast ? p.Type : overSpans ? $"global::System.ReadOnlySpan<{p.Type}>" : p.Type + "[]", Escape(p.Name)))
                .Concat(withOutput ? new[] { (overSpans ? $"global::System.Span<{element}>" : element + "[]", output) } : new (string, string)[0]).ToList();
            string Parameters(bool overSpans, bool withOutput) => string.Join(", ", Signature(overSpans, withOutput).Select(p => $"{p.Type} {p.Name}"));
            string Kernel(string name, bool overSpans) =>
                $"private static void {name}({Parameters(overSpans, true)})\n"
                + "{\n"
                + $"    foreach (int {index} in global::KernelGen.Kernel.PRange({output}.Length))\n"
                + $"        {output}[{index}] = {call};\n"
                + "}\n";
            var kernels = new List<(string Name, string Text)> { (arraysKernel, Kernel(arraysKernel, false)) };
            if (spans) kernels.Add((spansKernel, Kernel(spansKernel, true)));

            HashSet<string> parallel = SyntheticKernels.Parse(string.Join("\n", kernels.Select(k => k.Text)), syntax, method, model, result, "map overloads", cancellationToken);

            // The overloads, unless the type already declares a method of that signature.
            var written = new List<string>();
            string Callee(string kernel) => kernel + (parallel.Contains(kernel) ? SyntheticKernels.ParallelSuffix : "");
            string arguments = string.Join(", ", parameters.Select(p => Escape(p.Name)));
            string access = SyntheticKernels.Accessibility(method);
            string doc = Summary(method, parameters, output, index);
            string Checks(bool arrays, bool withOutput)
            {
                var lines = new List<string>();
                if (arrays)
                    foreach (string name in parameters.Where(p => !p.Broadcast).Select(p => p.Name).Concat(withOutput ? new[] { output } : new string[0]))
                        lines.Add($"    if ({Escape(name)} is null) throw new global::System.ArgumentNullException(nameof({Escape(name)}));");
                foreach (string name in parameters.Where(p => !p.Broadcast).Select(p => p.Name).Skip(1).Concat(withOutput ? new[] { output } : new string[0]))
                    lines.Add($"    if ({Escape(name)}.Length != {Escape(first)}.Length) throw new global::System.ArgumentException("
                              + $"$\"'{name}' has {{{Escape(name)}.Length}} elements and '{first}' {{{Escape(first)}.Length}}: a map needs arguments of one length.\", nameof({Escape(name)}));");
                return string.Join("\n", lines);
            }
            void Overload(bool overSpans, bool withOutput, string text)
            {
                if (SyntheticKernels.Declared(method, string.Join(", ", Signature(overSpans, withOutput).Select(p => p.Type)))) return;
                written.Add(doc + text);
            }
            string attribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"KernelGen\", \"0.1.0\")]\n";
            Overload(false, false, attribute
                + $"{access} static {element}[] {method.Name}({Parameters(false, false)})\n{{\n{Checks(true, false)}\n"
                + $"    var {output} = new {element}[{Escape(first)}.Length];\n"
                + $"    {Callee(arraysKernel)}({arguments}, {output});\n    return {output};\n}}\n");
            Overload(false, true, attribute
                + $"{access} static void {method.Name}({Parameters(false, true)})\n{{\n{Checks(true, true)}\n"
                + $"    {Callee(arraysKernel)}({arguments}, {output});\n}}\n");
            if (spans)
                Overload(true, true, attribute
                    + $"{access} static void {method.Name}({Parameters(true, true)})\n{{\n{Checks(false, true)}\n"
                    + $"    {Callee(spansKernel)}({arguments}, {output});\n}}\n");
            result.Source = SyntheticKernels.File(syntax, method,
                $"KernelGen map overloads of {method.ContainingType.ToDisplayString()}.{method.Name} ([ParallelMap]): each checks its\n"
                + "arguments and runs a map kernel below, whose parallel version (…Parallel) is in its own generated file.",
                string.Join("\n", written.Concat(kernels.Select(k =>
                    $"/// <summary>The serial meaning of the map overloads of <see cref=\"{method.Name}\"/>: one call per element, in order.</summary>\n" + k.Text))));
            result.HintName = SyntheticKernels.HintName(syntax, method, ".map");
            return result;
        }

        /// <summary>Why a function cannot be mapped, or null.</summary>
        private static string? ShapeProblem(MethodDeclarationSyntax syntax, IMethodSymbol method)
        {
            if (!method.IsStatic) return "it is not static (a map function computes an element from its arguments alone)";
            if (method.IsGenericMethod) return "generic map functions are not supported";
            if (syntax.Body is null && syntax.ExpressionBody is null) return "it has no body";
            if (method.ContainingType.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return "it is not declared in a class or struct";
            if (method.ContainingType.IsFileLocal) return "map functions in file-local types are not supported";
            if (method.ReturnsVoid) return "it returns nothing (a map function returns the element of its result)";
            if (method.ReturnsByRef || method.ReturnsByRefReadonly || !SyntheticKernels.Elements.Contains(method.ReturnType.SpecialType))
                return $"it returns '{method.ReturnType.ToDisplayString()}' (map functions return bool or a primitive number type)";
            if (method.Parameters.Length == 0) return "it has no parameter to map over";
            foreach (IParameterSymbol p in method.Parameters)
            {
                if (p.RefKind != RefKind.None || p.IsParams) return $"parameter '{p.Name}' is passed by reference or as params (map functions take values)";
                if (!SyntheticKernels.Elements.Contains(p.Type.SpecialType)) return $"parameter '{p.Name}' has type '{p.Type.ToDisplayString()}' (map functions take bool or primitive numbers)";
            }
            if (method.Parameters.All(p => p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == BroadcastName)))
                return "every parameter is [Broadcast]: there is no input to map over";
            return null;
        }

        private static string Escape(string name) => KernelParser.Escape(name);

        private static string Summary(IMethodSymbol method, List<Parameter> parameters, string output, string index)
        {
            string inputs = string.Join(", ", parameters.Where(p => !p.Broadcast).Select(p => $"<paramref name=\"{p.Name}\"/>"));
            string cref = $"{method.Name}({string.Join(", ", parameters.Select(p => p.Type))})";
            string element = $"{output}[{index}] = {method.Name}({string.Join(", ", parameters.Select(p => p.Broadcast ? p.Name : $"{p.Name}[{index}]"))})";
            return "/// <summary>\n"
                + $"/// <see cref=\"{cref}\"/> applied to every element of {inputs}: <c>{element}</c>, in parallel chunks\n"
                + "/// and on vectors where the function allows (generated by KernelGen from [ParallelMap]; bitwise the serial results).\n"
                + "/// </summary>\n"
                + "/// <exception cref=\"global::System.ArgumentNullException\">An array is null.</exception>\n"
                + "/// <exception cref=\"global::System.ArgumentException\">The arguments' lengths differ.</exception>\n";
        }
    }
}
