using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using KernelGen.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// Random PRange argmin/argmax loops by index alone (<c>if (F(i) op F(best)) best = i;</c>, Reductions.ByIndexAlone):
    /// F an element of one or two arrays of int, long, float or double at the index (or one past it, or mirrored),
    /// through + − *, Math.Abs and Math.Max; the test either way round with &lt; &lt;= &gt; &gt;=; ranges forward, from 1,
    /// by 2 or backwards; a start from the caller that is in range, at the ends or out of range; sometimes a second
    /// search and a sum beside it, a local of the body, braces. Values have many ties, NaNs and infinities (floats)
    /// and int.MinValue (whose Math.Abs throws). Each kernel runs serial and parallel (and on the reversed schedule,
    /// chunks of 3) at sizes around the vector widths: the same index and sum, or the same exception.
    /// <c>KERNELGEN_ARGMAX_FUZZ_KERNELS</c> asks for more than the default.
    /// </summary>
    public class ArgMaxByIndexFuzzTests
    {
        // 20 in the local default run (it is near its 3-minute budget), 40 in CI (CI=true).
        private static int DefaultKernels => SlowFactAttribute.Enabled ? 40 : 20;
        private readonly ITestOutputHelper _output;
        public ArgMaxByIndexFuzzTests(ITestOutputHelper output) => _output = output;

        private static readonly string[] Types = { "int", "long", "float", "double" };
        private static readonly int[] Sizes = { 0, 1, 2, 5, 17, 40, 131, 1000 };

        private sealed class Builder
        {
            private readonly Random _r;
            public Builder(int seed) => _r = new Random(seed);
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];
            private bool Chance(double p) => _r.NextDouble() < p;

            /// <summary>F at the index X (a placeholder the caller replaces): an expression of elements of a and b at X.</summary>
            private string Value(string t, string at)
            {
                string A = $"a[{at}]", B = $"b[{at}]";
                bool floating = t is "float" or "double";
                return _r.Next(8) switch
                {
                    0 or 1 => A,
                    2 => B,
                    3 => $"{A} + {B}",
                    4 => $"Math.Abs({A})",
                    5 => floating ? $"Math.Abs({A} - {B})" : $"{A} - {B}",
                    6 => floating ? $"{A} * {B}" : $"Math.Max({A}, {B})",
                    _ => $"({A} * 3)",
                };
            }

            public string Kernel(int k, out string type, out string form)
            {
                type = Pick(Types);
                string index = Chance(0.8) ? "int" : "long";
                // The range and how F reads around the index: a[i], a[i + 1] (one short), a[n - 1 - i] (mirrored).
                int shape = _r.Next(3);
                string at(string x) => shape switch { 0 => x, 1 => $"{x} + 1", _ => $"n - 1 - {x}" };
                string range = _r.Next(5) switch
                {
                    0 or 1 => shape == 1 ? "PRange(n - 1)" : "PRange(n)",
                    2 => shape == 1 ? "PRange(1, n - 1)" : "PRange(1, n)",
                    3 => shape == 1 ? "PRange(0, n - 1, 2)" : "PRange(0, n, 2)",
                    _ => shape == 1 ? "PRange(n - 2, -1, -1)" : "PRange(n - 1, -1, -1)",
                };
                string op = Pick("<", "<=", ">", ">=");
                string f = Value(type, "@");
                string atI = f.Replace("@", at("i")), atBest = f.Replace("@", at("best"));
                bool second = Chance(0.3), sum = Chance(0.3), local = Chance(0.2), braces = Chance(0.5);
                form = $"{type} {op}{(shape == 1 ? " +1" : shape == 2 ? " mirrored" : "")}{(range.Contains("-1)") ? " backwards" : range.Contains(", 2)") ? " by 2" : "")}";
                var body = new StringBuilder();
                if (local) body.Append($"            {type} seen = a[{at("i")}];\n");
                if (sum) body.Append($"            total += {(local ? "seen" : $"a[{at("i")}]")};\n");
                string test = Chance(0.5) ? $"{atI} {op} {atBest}" : $"{atBest} {Mirror(op)} {atI}";
                body.Append(braces ? $"            if ({test}) {{ best = i; }}\n" : $"            if ({test}) best = i;\n");
                if (second)
                {
                    string g = Value(type, "@");
                    body.Append($"            if ({g.Replace("@", at("i"))} {Pick("<", "<=", ">", ">=")} {g.Replace("@", at("other"))}) other = i;\n");
                }
                return $$"""
                        [ParallelKernel]
                        public static long K{{k}}({{type}}[] a, {{type}}[] b, int start, double[] sums)
                        {
                            int n = a.Length;
                            {{index}} best = start, other = start;
                            double total = 0;
                            foreach (int i in {{range}})
                            {
                    {{body}}        }
                            sums[0] = total;
                            return best * 1_000_003L + other;
                        }

                    """;
            }

            private static string Mirror(string op) => op switch { "<" => ">", "<=" => ">=", ">" => "<", _ => "<=" };
        }

        /// <summary>Values with ties: few distinct ones, and for floats NaN, ±0 and infinities; ints sometimes MinValue.</summary>
        private static Array Values(string t, int n, Random r)
        {
            float[] f = Differential.TieFloats(r, n);
            return t switch
            {
                "float" => f,
                "double" => f.Select(x => (double)x).ToArray(),
                "int" => Enumerable.Range(0, n).Select(_ => r.Next(60) == 0 ? int.MinValue : r.Next(-4, 5)).ToArray(),
                _ => Enumerable.Range(0, n).Select(_ => r.Next(60) == 0 ? long.MinValue : (long)r.Next(-4, 5) << 31).ToArray(),
            };
        }

        [Fact]
        public void Random_argmax_by_index_loops_match_serial()
        {
            int count = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_ARGMAX_FUZZ_KERNELS"), out int asked) && asked > 0 ? asked : DefaultKernels;
            var builder = new Builder(20261207);
            var source = new StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class Z\n{\n");
            var kinds = new List<(string Type, string Form)>();
            for (int k = 0; k < count; k++)
            {
                source.Append(builder.Kernel(k, out string type, out string form));
                kinds.Add((type, form));
            }
            source.Append("}\n");
            Assembly built = InMemory.Build(source.ToString());
            (_, var run) = InMemory.Generate(InMemory.Compile(source.ToString()));
            string generated = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            int searches = generated.Split('\n').Count(l => l.StartsWith("//     reductions: ", StringComparison.Ordinal) && l.Contains("by the element at it"));
            int vector = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("by the element at"));
            var failures = new List<string>();
            int runs = 0, threw = 0;
            for (int k = 0; k < count; k++)
                foreach (int n in Sizes)
                {
                    var random = new Random(k * 1000 + n);
                    string t = kinds[k].Type;
                    int start = random.Next(6) switch { 0 => 0, 1 => n - 1, 2 => n, 3 => -1, _ => n == 0 ? 0 : random.Next(n) };
                    object[] args = { Values(t, n, random), Values(t, n, random), start, new double[1] };
                    runs++;
                    try { Differential.Same(built, "Z", "K" + k, args); }
                    catch (Exception e) when (e is Xunit.Sdk.XunitException) { failures.Add($"K{k} ({kinds[k].Form}) at n = {n}, start {start}: {e.Message.Split('\n')[0]}"); }
                    if (Differential.Throws(built, "Z", "K" + k, args)) threw++;
                }
            string summary = $"{count} kernels, {searches} searches by index alone parallel, {vector} loops with them on vector lanes; {runs} runs ({threw} threw on both sides), {failures.Count} mismatches";
            _output.WriteLine(summary);
            Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(10)) + "\n" + source);
            // Every search is taken as the reduction (none left KG1005), and some run on vector lanes.
            Assert.True(searches >= count && vector > 0 && threw > 0, summary);
        }
    }
}
