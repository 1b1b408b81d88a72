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
    /// Random loop nests over one flat array and one rectangular array, for the dependence proofs the main random-kernel
    /// generator does not reach: rows of a run-time stride (<c>a[h + i*s + j]</c>, also <c>i*(s / 2)</c> with columns
    /// below <c>s / 2</c>), mirrored rows (<c>n − 1 − i</c>,
    /// PRange to <c>n / 2</c>), triangles (<c>j</c> from <c>i + 1</c>), transposes, columns walked down (<c>j*s + i</c>),
    /// inner counters stepped by 2 or 3, second variables advanced in the header (<c>o += c</c>), cursors through one or
    /// two loops (<c>a[t] = …; t += c</c>), rows walked by their absolute index (<c>for (j = i * s; j &lt; i * s + s; j++)</c>,
    /// up or down), cursors advanced in the header (<c>for (…; …; j++, t += c)</c>), cursors of a block (<c>{ int q = …; a[q++] = …; a[q] = …; }</c>), passes ended early by a continue, PRange indices split with / and %, while loops that count (<c>int j = 0; while (j &lt; m) { …; j++; }</c>), and swaps. Most of them race: the analysis must keep those serial. Those it
    /// lets run in parallel (at once or under a launch check) run against the serial method at sizes where the checks
    /// hold and where they fail (strides below, at and above the row's length), with the runtime's schedule and with the
    /// chunks run last first (<see cref="Differential.Same"/>): a proof that is wrong on these inputs is a wrong result
    /// on every run. <c>KERNELGEN_NEST_FUZZ_KERNELS</c> asks for more kernels than the default
    /// (<c>KERNELGEN_NEST_FUZZ_SEED</c> for another seed).
    /// </summary>
    public class AffineNestFuzzTests
    {
        private static int DefaultKernels => Harness.Scale.Count(full: 120, local: 60);
        private readonly ITestOutputHelper _output;
        public AffineNestFuzzTests(ITestOutputHelper output) => _output = output;

        private sealed class Builder
        {
            private readonly Random _r;
            public Builder(int seed) => _r = new Random(seed);
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];
            private bool Chance(double p) => _r.NextDouble() < p;

            /// <summary>The inner loop's variables: the counter, and the header's or cursor's second variable (or null).</summary>
            private string _j = "j", _second = null!;
            /// <summary>Whether the inner counter walks absolute indices (from i · s to (i + 1) · s, or down).</summary>
            private bool _absolute;

            /// <summary>A flat index: h + a row term + a column term + a constant (h is the array's middle: negative terms stay inside).</summary>
            private string Flat(bool inner)
            {
                var terms = new List<string> { "h" };
                if (inner && _absolute && Chance(0.7)) terms.Add(Pick("j", "j", "j + 1", "j - 1", "2 * j"));
                else if (inner && _second is not null && Chance(0.6)) terms.Add(_second);
                else
                {
                    string row = Pick("i * s", "i * s", "(i + 1) * s", "(n - 1 - i) * s", "i", "2 * i", "(n - 1 - i)", "i * m", "i * (s / 2)", "");
                    if (inner && Chance(0.2)) row = Pick("j * s + i", "j * s", "j * m + i");
                    // The index split with / and % (i back where they cancel; a race or an unproven form where not).
                    else if (Chance(0.1)) row = Pick("i / m * m + i % m", "i % m + (i / m) * m", "(i / m) * s + i % m", "i / m + i % m", "i % m", "(i - i % m)");
                    if (row.Length > 0) terms.Add(row);
                    if (inner && !row.Contains('j')) terms.Add(Pick("j", "j", "2 * j", "-j", "j + 1", "m - 1 - j", ""));
                }
                int c = Pick(0, 0, 0, 1, -1, 2);
                if (c != 0) terms.Add(c.ToString());
                return string.Join(" + ", terms.Where(t => t.Length > 0)).Replace("+ -", "- ");
            }

            /// <summary>A row or column of the rectangular array: i, j, mirrored, one on.</summary>
            private string Dim(bool inner) => inner ? Pick("i", "j", "j", "n - 1 - i", "i + 1", "j + 1", "m - 1 - j") : Pick("i", "n - 1 - i", "i + 1", "0", "2 * i");

            private string Value(bool inner) => Pick("3", "i", inner ? "j" : "7", "-1");

            private string Statement(bool inner, bool grid)
            {
                if (grid)
                {
                    string r1 = Dim(inner), c1 = Dim(inner), r2 = Chance(0.5) ? c1 : Dim(inner), c2 = Chance(0.5) ? r1 : Dim(inner);
                    // A cell of the index split with / and % (the grid tested as one combination of its subscripts).
                    if (Chance(0.15)) (r1, c1) = Pick(("i / m", "i % m"), ("i / m", "i % m"), ("i % m", "i / m"), ("i / m", "0"), ("i / m + 1", "i % m"), ("0", "i % m + i / m"));
                    return _r.Next(3) switch
                    {
                        0 => $"g[{r1}, {c1}] = g[{r2}, {c2}] + {Value(inner)};",
                        1 => $"{{ int t0 = g[{r1}, {c1}]; g[{r1}, {c1}] = g[{r2}, {c2}]; g[{r2}, {c2}] = t0; }}",
                        _ => $"g[{r1}, {c1}] += b[h + {Dim(inner)}] * 2;",
                    };
                }
                string w = Flat(inner), x = Chance(0.5) ? Flat(inner) : w;
                return _r.Next(6) switch
                {
                    0 => $"a[{w}] = b[{x}] + {Value(inner)};",
                    // A cursor of its own block, stepped between the stores (rgb[o++] = r; rgb[o++] = g;).
                    5 => $"{{ int q = {w}; a[q{Pick("++", "")}] = {Value(inner)}; {Pick("q++;", "q += 2;", "++q;", "q -= 1;", "")} a[{Pick("q", "q++", "++q")}] = b[{x}] + q; }}",
                    1 => $"a[{w}] += a[{x}];",
                    2 => $"{{ int t0 = a[{w}]; a[{w}] = a[{x}]; a[{x}] = t0; }}",
                    3 => $"a[{w}] = a[{x}] * 3 - {Value(inner)};",
                    _ => $"a[{w}] = {Value(inner)};",
                };
            }

            private string Body(bool grid)
            {
                int count = Pick(1, 1, 2);
                return string.Join(" ", Enumerable.Range(0, count).Select(_ => Statement(inner: true, grid)));
            }

            /// <summary>An inner loop, or two in a row for a cursor, or none.</summary>
            private string Inner(bool grid)
            {
                string start = Pick("0", "0", "1", "i", "i + 1"), limit = Pick("m", "m", "n", "s", "i", "m / 2", "n - i", "s / 2");
                int step = Pick(1, 1, 1, 2, 3);
                string advance = step == 1 ? "j++" : $"j += {step}";
                _second = null!;
                _absolute = false;
                switch (_r.Next(grid ? 2 : 5))
                {
                    case 4:
                    {
                        // A row walked by its absolute index: from a start that moves with i, a span that may not.
                        _absolute = true;
                        string from = Pick("i * s", "i * s", "i * m", "2 * i", "i * s + 1", "i", "(n - 1 - i) * s");
                        string span = Pick("s", "s", "m", "s / 2", "s + 1", "2 * s", "3", "i", "m - s");
                        if (Chance(0.25))
                            return $"{{ int j = {from}; int e = j + {span}; while (j < e) {{ {Body(grid)} j++; }} }}";
                        if (Chance(0.2))
                            return $"for (int j = {from}, e = j + {span}; j {Pick("<", "<=")} e; j++) {{ {Body(grid)} }}";
                        return Chance(0.6)
                            ? $"for (int j = {from}; j {Pick("<", "<", "<=")} {from} + {span}; j++) {{ {Body(grid)} }}"
                            : $"for (int j = {from} + {span} - 1; j {Pick(">=", ">=", ">")} {from}; j--) {{ {Body(grid)} }}";
                    }
                    case 0:
                        // (Or as the while loop C ports write: the same counter, its step ending the body.)
                        if (step == 1 && Chance(0.3))
                            return $"{{ int j = {start}; while ({Pick("j", "j", "j + 1")} < {limit}) {{ {Body(grid)} {Pick("j++;", "j += 1;", "j = j + 1;")} }} }}";
                        return $"for (int j = {start}; {Pick("j", "j", "j + 1", "j - 1")} < {limit}; {advance}) {{ {Body(grid)} }}";
                    case 1:
                        return Statement(inner: false, grid);
                    case 2:
                    {
                        // A second variable in the header, advanced by c a pass.
                        int c = Pick(1, 1, 2, 3, -1);
                        _second = "o";
                        string from = Pick("i * s", "i * s", "i", "(n - 1 - i) * s", "i * s + 1");
                        return $"for (int j = {start}, o = {from}; j < {limit}; {advance}, o {(c < 0 ? "-=" : "+=")} {Math.Abs(c)}) {{ {Body(grid)} }}";
                    }
                    default:
                    {
                        // A cursor: declared before the loop(s), advanced after the stores (one or two loops in turn).
                        int c = Pick(1, 1, 2, 3);
                        _second = "t";
                        string from = Pick("i * s", "i * s", "i * m", "i");
                        // (The advance in the header instead, after the body: for (…; …; j++, t += c).)
                        string loop = Chance(0.4) ? $"for (int j = 0; j < {limit}; j++, t += {c}) {{ {Body(grid)} }}"
                            // (Or a pass ended early: its own advance, the same as the body's or not, or a bare continue.)
                            : Chance(0.25) ? $"for (int j = 0; j < {limit}; j++) {{ if ({Pick("j % 3 == 0", "b[h + j] > 0", "j > 1")}) "
                                + Pick($"{{ {Body(grid)} t += {Pick(c, c, c + 1)}; continue; }}", "continue;") + $" {Body(grid)} t += {c}; }}"
                            : $"for (int j = 0; j < {limit}; j++) {{ {Body(grid)} t += {c}; }}";
                        string second = !Chance(0.4) ? ""
                            : Chance(0.5) ? $" for (int j = 0; j < {Pick("m", "s", "2")}; j++) {{ {Body(grid)} t{Pick("++", " += 2")}; }}"
                            : $" for (int j = 0; j {Pick("<", "<=")} {Pick("m", "s", "2")}; j++, {Pick("t++", "++t", "t += 2")}) {{ {Body(grid)} }}";
                        return $"{{ int t = {from}; {loop}{second} }}";
                    }
                }
            }

            public string Kernel(int id)
            {
                bool grid = Chance(0.3);
                string lo = Pick("0", "0", "1"), hi = Pick("n", "n", "n / 2", "n - 1", "(n + 1) / 2");
                return $"    [ParallelKernel(MinParallelTripCount = 1)]\n"
                       + $"    public static void K{id}(int[] a, int[] b, int[,] g, int n, int m, int s, int h)\n"
                       + $"    {{\n        foreach (int i in PRange({lo}, {hi}))\n        {{\n            {Inner(grid)}\n        }}\n    }}\n\n";
            }
        }

        /// <summary>Sizes: rows of m elements at strides below, at and above m (the launch checks fail and hold).</summary>
        private static IEnumerable<(int N, int M, int S)> Sizes()
        {
            foreach ((int n, int m) in new[] { (0, 3), (1, 4), (5, 3), (9, 8), (13, 5), (24, 17), (40, 7) })
                foreach (int s in new[] { 0, m - 1, m, m + 1, 2 * m + 3, n })
                    if (s >= 0) yield return (n, m, s);
        }

        private static object[] Arguments(int n, int m, int s, Random random)
        {
            // The flat arrays hold every index a term can reach from the middle (|terms| ≤ 3·(n + 1)·(s + m + 2) + 2m), so
            // what the kernels compute is the point, not where they throw; the grid is (n + 2) × (n + m + 2).
            int h = 3 * (n + 2) * (s + m + 3) + 3 * m + 8;
            int[] Values(int length) => Enumerable.Range(0, length).Select(_ => random.Next(-50, 50)).ToArray();
            var g = new int[n + 2, n + m + 2];
            for (int r = 0; r < g.GetLength(0); r++)
                for (int c = 0; c < g.GetLength(1); c++)
                    g[r, c] = random.Next(-50, 50);
            return new object[] { Values(2 * h + 1), Values(2 * h + 1), g, n, m, s, h };
        }

        [Fact]
        public void Random_affine_nests_left_parallel_match_serial_on_every_schedule()
        {
            int count = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_NEST_FUZZ_KERNELS"), out int asked) && asked > 0 ? asked : DefaultKernels;
            int seed = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_NEST_FUZZ_SEED"), out int s0) ? s0 : 20261205;
            var builder = new Builder(seed);
            var failures = new List<string>();
            int parallel = 0, conditional = 0, runs = 0, total = 0;
            // Batches of 100 kernels a compilation (one large compilation is slower than several).
            for (int first = 0; first < count; first += 100)
            {
                var source = new StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class Z\n{\n");
                var texts = new Dictionary<int, string>();
                for (int k = first; k < Math.Min(count, first + 100); k++)
                {
                    texts[k] = builder.Kernel(k);
                    source.Append(texts[k]);
                }
                source.Append("}\n");
                Assembly built = InMemory.Build(source.ToString());
                Func<string, string> whole = InMemory.GeneratedFrom(source.ToString(), "Z");
                string report(string kernel) => InMemory.Section(whole(kernel));
                Type z = built.GetType("Z")!;
                foreach ((int k, string text) in texts)
                {
                    total++;
                    if (z.GetMethod("K" + k + "Parallel") is null) continue;
                    parallel++;
                    if (report("K" + k).Contains("runs in parallel where", StringComparison.Ordinal)) conditional++;
                    if (Environment.GetEnvironmentVariable("KERNELGEN_NEST_FUZZ_SHOW") == "1")
                        _output.WriteLine(text + string.Join("\n", report("K" + k).Split('\n').Where(l => l.Contains("runs ") || l.Contains("vector:"))));
                    foreach ((int n, int m, int s) in Sizes())
                    {
                        runs++;
                        object[] args = Arguments(n, m, s, new Random(k * 7919 + n * 31 + m * 7 + s));
                        try { Differential.Same(built, "Z", "K" + k, args); }
                        catch (Xunit.Sdk.XunitException e)
                        {
                            failures.Add($"K{k} at n = {n}, m = {m}, s = {s}: {e.Message.Split('\n')[0]}\n{text}{report("K" + k).Split("\n#")[0]}");
                            break;
                        }
                    }
                }
            }
            string summary = $"{total} nests (seed {seed}): {parallel} run in parallel ({conditional} under launch checks), {total - parallel} kept serial; {runs} sizes compared on two schedules, {failures.Count} kernel(s) differ";
            _output.WriteLine(summary);
            Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n\n", failures.Take(5)));
            Assert.True(parallel > 0 && conditional > 0, summary); // the proofs under test are reached
        }
    }
}
