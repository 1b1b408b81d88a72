using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Kernels of other projects: a library's <c>[ParallelKernel]</c> method called from an app. The library's own
    /// build generated its <c>&lt;Name&gt;Parallel</c>; calls in this project are intercepted to that when it is
    /// there and reachable from here (public, or internal with InternalsVisibleTo), else KG2011 says why not.
    /// </summary>
    internal static class ReferencedKernels
    {
        /// <summary>Per referenced assembly: the names of its [ParallelKernel] methods (assembly symbols are shared across compilations).</summary>
        private static readonly ConditionalWeakTable<IAssemblySymbol, HashSet<string>> s_names = new();

        /// <summary>Whether some assembly this compilation references declares a kernel called <paramref name="name"/>.</summary>
        public static bool MayBeKernel(Compilation compilation, string name)
        {
            foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                if (UsesKernelGen(assembly) && s_names.GetValue(assembly, KernelNamesOf).Contains(name))
                    return true;
            return false;
        }

        /// <summary>Only assemblies built against the KernelGen runtime can hold kernels: the rest are never walked.</summary>
        private static bool UsesKernelGen(IAssemblySymbol assembly) =>
            assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "KernelGen"));

        private static HashSet<string> KernelNamesOf(IAssemblySymbol assembly)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                foreach (ISymbol member in pending.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container) pending.Push(container);
                    else if (member is IMethodSymbol method && IsKernel(method)) names.Add(method.Name);
                }
            }
            return names;
        }

        public static bool IsKernel(IMethodSymbol method) =>
            method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KernelParser.AttributeName);

        /// <summary>
        /// The parallel version of another assembly's kernel that a call in <paramref name="compilation"/> can be
        /// redirected to, or null with the reason.
        /// </summary>
        public static IMethodSymbol? ParallelVersion(IMethodSymbol kernel, Compilation compilation, out string whyNot)
        {
            string name = KernelParser.ParallelNameOf(kernel);
            if (kernel.IsGenericMethod || kernel.ContainingType.IsGenericType)
            {
                whyNot = "calls of generic kernels of another project are not intercepted yet; call '" + name + "' directly";
                return null;
            }
            IMethodSymbol? parallel = kernel.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.IsStatic == kernel.IsStatic && m.Parameters.Length == kernel.Parameters.Length
                && SymbolEqualityComparer.Default.Equals(m.ReturnType, kernel.ReturnType)
                && m.Parameters.Zip(kernel.Parameters, (a, b) => a.RefKind == b.RefKind && SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same));
            if (parallel is null)
            {
                whyNot = $"'{kernel.ContainingAssembly.Name}' has no '{name}' for it: the kernel runs serially in its own project (its build summary and KG1xxx/KG2xxx diagnostics say why), or that project was built without the KernelGen generator";
                return null;
            }
            if (!compilation.IsSymbolAccessibleWithin(parallel, compilation.Assembly))
            {
                whyNot = $"its parallel version '{name}' is {SyntaxFacts(parallel.DeclaredAccessibility)} to '{kernel.ContainingAssembly.Name}'; make the kernel public, or add [assembly: InternalsVisibleTo(\"{compilation.AssemblyName}\")] there";
                return null;
            }
            whyNot = "";
            return parallel;
        }

        private static string SyntaxFacts(Accessibility accessibility) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetText(accessibility);
    }
}
