using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// <c>[ParallelStencil]</c>: a static function of a <c>Neighbourhood1D&lt;T&gt;</c> or <c>Neighbourhood2D&lt;T&gt;</c>
    /// read at constant offsets gets an overload over an input and an output. The cells whose whole neighbourhood lies
    /// inside the input (known from the offsets' extent) run a stencil kernel: a PRange loop over them whose body is the
    /// function with each <c>a[dy, dx]</c> rewritten to <c>input[y + dy, x + dx]</c>, through the same analysis, vectorizer
    /// and emitter as a user's kernel. The other cells (the border) call the function itself on a neighbourhood that
    /// applies the border policy, or keep the output's value (<c>Border.Unchanged</c>).
    /// </summary>
    internal static class StencilKernels
    {
        public const string AttributeName = "KernelGen.ParallelStencilAttribute";

        public static bool IsStencil(IMethodSymbol method) => SyntheticKernels.Has(method, AttributeName);

        public static SyntheticResult Parse(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            var result = new SyntheticResult();
            void Refuse(string why) => result.Diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MapShapeUnsupported, syntax.Identifier.GetLocation(), method.Name, why));
            string? why = ShapeProblem(syntax, method, out int rank) ?? SyntheticKernels.NotPartial(syntax);
            if (why is not null) { Refuse(why); return result; }
            IParameterSymbol a = method.Parameters[0];
            string element = method.ReturnType.ToDisplayString(KernelParser.TypeFormat);
            SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!.Expression;

            // Every use of the neighbourhood: an element at constant offsets (their extent decides the interior).
            var offsets = new Dictionary<ElementAccessExpressionSyntax, int[]>();
            foreach (IdentifierNameSyntax use in body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use, cancellationToken).Symbol, a)) continue;
                if (use.Parent is not ElementAccessExpressionSyntax access || access.Expression != use || access.ArgumentList.Arguments.Count != rank)
                    { Refuse($"'{use.Parent}' uses the neighbourhood '{a.Name}' other than as {(rank == 1 ? $"{a.Name}[offset]" : $"{a.Name}[dy, dx]")}"); return result; }
                var values = new int[rank];
                for (int d = 0; d < rank; d++)
                {
                    ArgumentSyntax argument = access.ArgumentList.Arguments[d];
                    if (model.GetConstantValue(argument.Expression, cancellationToken) is not { HasValue: true, Value: int offset } || offset is < -1024 or > 1024)
                        { Refuse($"the offset '{argument}' in '{access}' is not a constant int (from -1024 to 1024): the stencil's extent must be known at compile time"); return result; }
                    values[d] = offset;
                }
                offsets[access] = values;
            }
            if (offsets.Count == 0) { Refuse($"it never reads its neighbourhood '{a.Name}'"); return result; }
            int[] low = Enumerable.Range(0, rank).Select(d => System.Math.Min(0, offsets.Values.Min(o => o[d]))).ToArray();
            int[] high = Enumerable.Range(0, rank).Select(d => System.Math.Max(0, offsets.Values.Max(o => o[d]))).ToArray();

            // Names the function's body does not use (it keeps its own identifiers).
            var taken = new HashSet<string>(body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText)) { method.Name };
            string input = SyntheticKernels.Free("input", taken), output = SyntheticKernels.Free("output", taken);
            taken.Add(input); taken.Add(output);
            string[] at = rank == 1 ? new[] { SyntheticKernels.Free("i", taken) } : new[] { SyntheticKernels.Free("y", taken), SyntheticKernels.Free("x", taken) };
            taken.UnionWith(at);
            string[] from = at.Select(c => SyntheticKernels.Free(c + "0", taken)).ToArray(), to = at.Select(c => SyntheticKernels.Free(c + "1", taken)).ToArray();

            string policy = SyntheticKernels.Free("border", taken), value = SyntheticKernels.Free("value", taken);
            string width = SyntheticKernels.Free("width", taken);
            string Offset(string c, int o) => o == 0 ? c : $"{c} {(o < 0 ? "-" : "+")} {System.Math.Abs(o).ToString(CultureInfo.InvariantCulture)}";

            // Each layout: its kernel (the function at a cell of the input: each a[…] becomes the input's element at
            // the cell + offset) and its overload. 2-D stencils also take images stored flat, row by row, with a width.
            var layouts = new List<(string Suffix, string Array, bool Flat)> { ("", rank == 1 ? element + "[]" : element + "[,]", false) };
            if (rank == 2) layouts.Add(("Flat", element + "[]", true));
            var members = new List<string>();
            foreach ((string suffix, string array, bool flat) in layouts)
            {
                string Element(string name, string[] cell) => flat ? $"{name}[{(cell[0].Contains(' ') ? $"({cell[0]})" : cell[0])} * {width} + {cell[1]}]" : $"{name}[{string.Join(", ", cell)}]";
                SyntaxNode rewritten = body.ReplaceNodes(offsets.Keys, (original, _) =>
                    SyntaxFactory.ParseExpression(Element(input, offsets[original].Select((o, d) => Offset(at[d], o)).ToArray())).WithTriviaFrom(original));
                string kernelName = $"__kg_Stencil{suffix}_{method.Name}", cellName = $"__kg_StencilCell{suffix}_{method.Name}";
                string extra = flat ? $", int {width}" : "";
                // (Flat: the columns' bounds written against the width, which shows the dependence test that rows do not overlap.)
                string columns = rank == 1 ? "" : flat ? $"{-low[1]}; {at[1]} < {width} - {high[1]}" : $"{from[1]}; {at[1]} < {to[1]}";
                string loops = rank == 1
                    ? $"    foreach (int {at[0]} in global::KernelGen.Kernel.PRange({from[0]}, {to[0]}))\n"
                    : $"    foreach (int {at[0]} in global::KernelGen.Kernel.PRange({from[0]}, {to[0]}))\n        for (int {at[1]} = {columns}; {at[1]}++)\n";
                string bounds = string.Join(", ", Enumerable.Range(0, flat ? 1 : rank).SelectMany(d => new[] { $"int {from[d]}", $"int {to[d]}" }));
                string signature = $"private static void {kernelName}({array} {input}, {array} {output}{extra}, {bounds})";
                string indent = rank == 1 ? "        " : "            ", target = Element(output, at);
                string text = syntax.ExpressionBody is not null
                    ? $"{signature}\n{{\n{loops}{indent}{target} = {rewritten.ToString().Trim()};\n}}\n"
                    // A block body: the function at a cell as a helper (the kernel inlines it where it can).
                    : $"{signature}\n{{\n{loops}{indent}{target} = {cellName}({input}{(flat ? ", " + width : "")}, {string.Join(", ", at)});\n}}\n\n"
                      + $"private static {element} {cellName}({array} {input}{extra}, {string.Join(", ", at.Select(c => "int " + c))})\n{rewritten.ToString().Trim()}\n";
                members.Add($"/// <summary>The serial meaning of a stencil overload of <see cref=\"{method.Name}\"/> inside the border, in order.</summary>\n" + text);
            }
            HashSet<string> parallel = SyntheticKernels.Parse(string.Join("\n", members), syntax, method, model, result, "stencil overload", cancellationToken);

            // The overloads: checks, the interior (the kernel), then the border by the policy.
            var overloads = new List<string>();
            foreach ((string suffix, string array, bool flat) in layouts)
            {
                string kernelName = $"__kg_Stencil{suffix}_{method.Name}";
                if (SyntheticKernels.Declared(method, $"{array}, {array}{(flat ? ", int" : "")}, global::KernelGen.Border, {element}")) continue;
                string Length(int d) => rank == 1 || flat && d == 0 ? $"{input}.Length{(flat ? $" / {width}" : "")}" : flat ? width : $"{input}.GetLength({d})";
                string cell = flat ? $"{output}[{at[0]} * {width} + {at[1]}]" : rank == 1 ? $"{output}[{at[0]}]" : $"{output}[{at[0]}, {at[1]}]";
                var lines = new List<string>
                {
                    "/// <summary>",
                    $"/// <see cref=\"{method.Name}\"/> at every cell of <paramref name=\"{input}\"/>{(flat ? $" (stored flat, <paramref name=\"{width}\"/> cells a row)" : "")}, into <paramref name=\"{output}\"/>: the cells whose",
                    $"/// neighbourhood (offsets {string.Join(" × ", Enumerable.Range(0, rank).Select(d => $"{low[d]}..{high[d]}"))}) lies inside the input in parallel (generated by KernelGen",
                    $"/// from [ParallelStencil]), the others as <paramref name=\"{policy}\"/> says (Unchanged: the output keeps them).",
                    "/// </summary>",
                    "/// <exception cref=\"global::System.ArgumentNullException\">An array is null.</exception>",
                    $"/// <exception cref=\"global::System.ArgumentException\">The arrays' shapes differ{(flat ? " or are not whole rows" : "")}, or they are one array (the stencil would read cells it wrote).</exception>",
                    "[global::System.CodeDom.Compiler.GeneratedCode(\"KernelGen\", \"0.1.0\")]",
                    $"{SyntheticKernels.Accessibility(method)} static void {method.Name}({array} {input}, {array} {output}{(flat ? $", int {width}" : "")}, global::KernelGen.Border {policy} = global::KernelGen.Border.Unchanged, {element} {value} = default)",
                    "{",
                    $"    if ({input} is null) throw new global::System.ArgumentNullException(nameof({input}));",
                    $"    if ({output} is null) throw new global::System.ArgumentNullException(nameof({output}));",
                };
                if (flat)
                    lines.Add($"    if ({width} <= 0 || {input}.Length % {width} != 0) throw new global::System.ArgumentException($\"'{input}' has {{{input}.Length}} cells, not a whole number of rows of {{{width}}}.\", nameof({width}));");
                lines.Add($"    if ({(rank == 1 || flat ? $"{output}.Length != {input}.Length" : $"{output}.GetLength(0) != {input}.GetLength(0) || {output}.GetLength(1) != {input}.GetLength(1)")})");
                lines.Add($"        throw new global::System.ArgumentException(\"'{output}' must have the shape of '{input}'.\", nameof({output}));");
                lines.Add($"    if (global::System.Object.ReferenceEquals({input}, {output}))");
                lines.Add($"        throw new global::System.ArgumentException(\"A stencil reads cells around the one it writes: '{output}' must be another array than '{input}'.\", nameof({output}));");
                for (int d = 0; d < rank; d++)
                    lines.Add($"    int {from[d]} = {-low[d]}, {to[d]} = {Length(d)} - {high[d]}; // the cells with a whole neighbourhood along dimension {d}");
                lines.Add($"    if ({string.Join(" && ", Enumerable.Range(0, rank).Select(d => $"{to[d]} > {from[d]}"))})");
                lines.Add($"        {kernelName}{(parallel.Contains(kernelName) ? SyntheticKernels.ParallelSuffix : "")}({input}, {output}{(flat ? ", " + width : "")}, {string.Join(", ", Enumerable.Range(0, flat ? 1 : rank).SelectMany(d => new[] { from[d], to[d] }))});");
                lines.Add($"    if ({policy} == global::KernelGen.Border.Unchanged) return;");
                lines.Add("    // The border: the function on a neighbourhood that reads outside the input as the policy says.");
                if (rank == 1)
                {
                    lines.Add($"    for (int {at[0]} = 0; {at[0]} < {Length(0)}; {at[0]}++)");
                    lines.Add($"        if ({at[0]} < {from[0]} || {at[0]} >= {to[0]})");
                    lines.Add($"            {cell} = {method.Name}(new global::KernelGen.Neighbourhood1D<{element}>({input}, {at[0]}, {policy}, {value}));");
                }
                else
                {
                    lines.Add($"    for (int {at[0]} = 0; {at[0]} < {Length(0)}; {at[0]}++)");
                    lines.Add($"        for (int {at[1]} = 0; {at[1]} < {Length(1)}; {at[1]}++)");
                    lines.Add("        {");
                    lines.Add($"            if ({at[0]} >= {from[0]} && {at[0]} < {to[0]} && {at[1]} >= {from[1]} && {at[1]} < {to[1]}) {{ {at[1]} = {to[1]} - 1; continue; }} // the interior: done");
                    lines.Add($"            {cell} = {method.Name}(new global::KernelGen.Neighbourhood2D<{element}>({input}{(flat ? ", " + width : "")}, {at[0]}, {at[1]}, {policy}, {value}));");
                    lines.Add("        }");
                }
                lines.Add("}");
                overloads.Add(string.Join("\n", lines) + "\n");
            }
            result.Source = SyntheticKernels.File(syntax, method,
                $"KernelGen stencil overload of {method.ContainingType.ToDisplayString()}.{method.Name} ([ParallelStencil]): the interior\n"
                + "runs the stencil kernel below (its parallel version …Parallel is in its own generated file), the border the policy.",
                string.Join("\n", overloads.Concat(members)));
            result.HintName = SyntheticKernels.HintName(syntax, method, ".stencil");
            return result;
        }

        /// <summary>Why a function cannot be a stencil, or null; <paramref name="rank"/>: 1 or 2.</summary>
        private static string? ShapeProblem(MethodDeclarationSyntax syntax, IMethodSymbol method, out int rank)
        {
            rank = 0;
            if (!method.IsStatic) return "it is not static (a stencil computes a cell from its neighbourhood alone)";
            if (method.IsGenericMethod) return "generic stencil functions are not supported";
            if (syntax.Body is null && syntax.ExpressionBody is null) return "it has no body";
            if (method.ContainingType.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return "it is not declared in a class or struct";
            if (method.ContainingType.IsFileLocal) return "stencil functions in file-local types are not supported";
            if (method.Parameters.Length != 1
                || method.Parameters[0].RefKind != RefKind.None
                || method.Parameters[0].Type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } neighbourhood
                || neighbourhood.ContainingNamespace?.ToDisplayString() != "KernelGen"
                || neighbourhood.Name is not ("Neighbourhood1D" or "Neighbourhood2D"))
                return "its one parameter must be a Neighbourhood1D<T> or Neighbourhood2D<T> (more parameters are not supported yet)";
            rank = neighbourhood.Name == "Neighbourhood1D" ? 1 : 2;
            if (!SymbolEqualityComparer.Default.Equals(neighbourhood.TypeArguments[0], method.ReturnType) || method.ReturnsByRef || method.ReturnsByRefReadonly)
                return $"it returns '{method.ReturnType.ToDisplayString()}', not the neighbourhood's element type '{neighbourhood.TypeArguments[0].ToDisplayString()}'";
            if (!SyntheticKernels.Elements.Contains(method.ReturnType.SpecialType))
                return $"its element type '{method.ReturnType.ToDisplayString()}' is not bool or a primitive number type";
            return null;
        }
    }
}
