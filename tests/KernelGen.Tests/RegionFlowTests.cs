using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Frontend;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// <see cref="RegionFlow"/> against the compiler's region data flow, on every PRange loop body of the plan census
    /// (samples, benchmarks, snapshots, the race and effect corpora, 500 random kernels): the same locals declared, and
    /// never a variable the compiler sees used or written that RegionFlow misses (a missed write would let a race through).
    /// </summary>
    public class RegionFlowTests
    {
        private readonly ITestOutputHelper _output;
        public RegionFlowTests(ITestOutputHelper output) => _output = output;

        private static string Names(IEnumerable<ISymbol> symbols) => string.Join(", ", symbols.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal));

        /// <summary>The ways C# writes a variable, each in its own loop, the variables declared outside.</summary>
        private const string Writes = """
            using System;
            using System.Threading;
            using KernelGen;
            using static KernelGen.Kernel;

            public struct P { public int X; public int Y { get; set; } public void Bump() => X++; }

            public static class W
            {
                static void Set(out int v) => v = 1;
                static void Add(ref int v) => v++;
                static int Read(in int v) => v;

                public static void All(int[] a, int n, ref int byRef, out int byOut)
                {
                    int s = 0, t = 0, u = 0, v = 0, w = 0, x = 0, y = 0, z = 0, q = 0;
                    P p = default, r = default, pp = default;
                    (int, int) pair = default;
                    int? maybe = null;
                    byOut = 0;
                    foreach (int i in PRange(n)) s = i;
                    foreach (int i in PRange(n)) t += i;
                    foreach (int i in PRange(n)) u++;
                    foreach (int i in PRange(n)) --v;
                    foreach (int i in PRange(n)) (w, x) = (i, i);
                    foreach (int i in PRange(n)) Set(out y);
                    foreach (int i in PRange(n)) Add(ref z);
                    foreach (int i in PRange(n)) a[i] = Read(in q);
                    foreach (int i in PRange(n)) p.X = i;
                    foreach (int i in PRange(n)) r.Y = i;
                    foreach (int i in PRange(n)) pp.Bump();
                    foreach (int i in PRange(n)) a[i] = r.Y + p.X + pair.Item2 + a.AsSpan().Slice(0, 1)[0] + n.CompareTo(i) + maybe.GetValueOrDefault();
                    foreach (int i in PRange(n)) pair.Item1 = i;
                    foreach (int i in PRange(n)) maybe ??= i;
                    foreach (int i in PRange(n)) byRef = i;
                    foreach (int i in PRange(n)) byOut += i;
                    foreach (int i in PRange(n)) Interlocked.Add(ref s, i);
                    foreach (int i in PRange(n)) { ref int alias = ref t; alias = i; }
                    foreach (int i in PRange(n)) { Func<int, int> f = k => k + u; Action g = () => v = i; a[i] = f(i); g(); }
                    foreach (int i in PRange(n)) { int Local(int k) { w = k; return k; } a[i] = Local(i); }
                    foreach (int i in PRange(n)) { if (a[i] is int m && m > x) a[i] = m; }
                    foreach (int i in PRange(n)) { var (c, d) = (i, y); a[i] = c + d; }
                    foreach (int i in PRange(n)) { try { a[i] = 1; } catch (Exception e) when (e.Message.Length > z) { q = 1; } }
                    foreach (int i in PRange(n)) { for (int j = 0; j < i; j++) s += j; foreach (int k in a) t += k; }
                    foreach (int i in PRange(n)) { switch (a[i]) { case int m when m > 0: u = m; break; } a[i] = a[i] switch { int m2 => m2 + v }; }
                    foreach (int i in PRange(n)) { using var cts = new CancellationTokenSource(); a[i] = cts.IsCancellationRequested ? 1 : 0; }
                }
            }
            """;

        [Fact]
        public void Agrees_with_the_compilers_data_flow_on_every_way_to_write_a_variable()
        {
            (int loops, List<string> problems, _) = Compare(new[] { ("writes", Writes) });
            Assert.True(loops >= 25, $"only {loops} loops");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void Agrees_with_the_compilers_data_flow_on_every_census_loop()
        {
            (int loops, List<string> problems, int moreWrites) = Compare(PlanCensusTests.Sources());
            _output.WriteLine($"{loops} loops; {moreWrites} with writes the compiler does not list");
            Assert.True(loops > 600, $"only {loops} loops");
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
        }

        private static (int Loops, List<string> Problems, int MoreWrites) Compare(IEnumerable<(string Set, string Source)> sources)
        {
            int loops = 0, moreWrites = 0;
            var problems = new List<string>();
            foreach ((string set, string source) in sources)
            {
                CSharpCompilation compilation = InMemory.Compile(source, unsafeCode: true);
                SyntaxTree tree = compilation.SyntaxTrees.Single();
                SemanticModel model = compilation.GetSemanticModel(tree);
                foreach (ForEachStatementSyntax loop in tree.GetRoot().DescendantNodes().OfType<ForEachStatementSyntax>())
                {
                    if (!LoopAnalysis.IsPRangeLoop(loop, model, out _)) continue;
                    DataFlowAnalysis? compiler = model.AnalyzeDataFlow(loop.Statement);
                    if (compiler is null || !compiler.Succeeded || model.GetOperation(loop.Statement) is not { } body) continue;
                    loops++;
                    RegionFlow ours = RegionFlow.Of(body);
                    string where = $"{set} line {loop.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
                    var declared = compiler.VariablesDeclared.ToHashSet(SymbolEqualityComparer.Default);
                    if (!declared.SetEquals(ours.Declared))
                        problems.Add($"{where}: declared {{{Names(declared)}}} vs ours {{{Names(ours.Declared)}}}");
                    var used = ours.Used.ToHashSet(SymbolEqualityComparer.Default);
                    // ('this' is not RegionFlow's: an instance kernel reaches its members through KernelParser.ThisNodes.)
                    foreach (ISymbol s in compiler.ReadInside.Concat(compiler.WrittenInside).Where(s => s is ILocalSymbol or IParameterSymbol { IsThis: false }))
                        if (!used.Contains(s)) problems.Add($"{where}: the compiler sees '{s.Name}' used, RegionFlow does not");
                    foreach (ISymbol s in compiler.WrittenInside)
                        if (!ours.Written.Contains(s)) problems.Add($"{where}: the compiler sees '{s.Name}' written, RegionFlow does not");
                    if (ours.Written.Any(s => !compiler.WrittenInside.Contains(s, SymbolEqualityComparer.Default))) moreWrites++;
                }
            }
            return (loops, problems, moreWrites);
        }
    }
}
