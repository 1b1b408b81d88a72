using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Whether an invoked name can be a kernel: some method of the project, or of a referenced assembly built with
    /// KernelGen, with that name carries [ParallelKernel]. The call-site step asks this before binding an invocation, so that the thousands of calls that
    /// cannot be kernels (Math.Abs, list.Add, …) are never bound: binding every invocation of the project cost as much
    /// as analysing the kernels. The answer comes from the compilation's declaration table (a name lookup) and is kept
    /// per compilation and name.
    /// </summary>
    internal static class KernelNames
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, bool>> s_names = new();

        public static bool MayBeKernel(Compilation compilation, string name) =>
            s_names.GetValue(compilation, _ => new ConcurrentDictionary<string, bool>(System.StringComparer.Ordinal))
                .GetOrAdd(name, n => compilation.GetSymbolsWithName(n, SymbolFilter.Member)
                    .OfType<IMethodSymbol>()
                    .Any(ReferencedKernels.IsKernel)
                    || ReferencedKernels.MayBeKernel(compilation, n));
    }
}
