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
    /// Random kernels for the vector shapes of issue 12 the main random-kernel generator does not write: groups of elements
    /// per lane (stores at c·i + o … c·i + o + c − 1 for c = 2, 3, 4 in any order, some compound, sometimes one read back in between; in-place pairs of a
    /// step-2 loop; steps of 3 and −2), and rows per lane tiled per step (a jagged row read in inner loops whose bounds
    /// are the row's length, another array's length or a parameter, from starts 0..2, sometimes only in a branch; rows of
    /// one length, of different lengths, null, or fewer than the iterations), or a rectangular array's rows (grid[i, d]; fewer
    /// rows than the iterations, or not zero-based). Each kernel runs serial and parallel on the
    /// same inputs at sizes around the vector widths: the same values bitwise, or the same exception. The default run
    /// writes <see cref="DefaultKernels"/> kernels; <c>KERNELGEN_PAIR_FUZZ_KERNELS</c> asks for more.
    /// </summary>
    public class PairAndTileFuzzTests
    {
        private static int DefaultKernels => Harness.Scale.Count(full: 48, local: 24);
        private readonly ITestOutputHelper _output;
        public PairAndTileFuzzTests(ITestOutputHelper output) => _output = output;

        private static readonly string[] Types = { "float", "double", "int", "long" };

        private sealed class Builder
        {
            private readonly Random _r, _flat, _picked;
            // (Whether a jagged kernel's rows are a flat array instead comes from a stream of its own: the other kernels keep their text.)
            public Builder(int seed) { _r = new Random(seed); _flat = new Random(seed ^ 0x7F4A7C15); _picked = new Random(seed ^ 0x3243F6A8); }
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];
            private bool Chance(double p) => _r.NextDouble() < p;

            /// <summary>An expression of type <paramref name="t"/> over the given values: + − *, constants, and for floating point Math.Abs and /.</summary>
            public string Expr(string t, string[] values, int depth = 2)
            {
                if (depth == 0 || Chance(0.3))
                    return Chance(0.7) ? Pick(values) : Constant(t);
                string l = Expr(t, values, depth - 1), r = Expr(t, values, depth - 1);
                bool floating = t is "float" or "double";
                string e = _r.Next(floating ? 6 : 5) switch
                {
                    0 => $"({l} + {r})",
                    1 => $"({l} - {r})",
                    2 => $"({l} * {r})",
                    3 => $"({l} * {Constant(t)})",
                    4 => floating ? $"Math.Abs({l})" : $"({l} ^ {r})",
                    _ => $"({l} / {Constant(t)})",
                };
                // (Integer constants alone can overflow, which C# rejects at compile time unless unchecked.)
                return floating ? e : $"unchecked{e}";
            }

            private string Constant(string t) => t switch
            {
                "float" => Pick("0.5f", "3f", "-1.25f", "1e-3f"),
                "double" => Pick("0.5", "3.0", "-1.25", "1e-3"),
                "long" => Pick("3L", "-7L", "1000000007L", "2L"),
                _ => Pick("3", "-7", "65537", "2"),
            };

            public string Kernel(int id, out string kind)
            {
                string t = Pick(Types);
                string chunk = $"[ParallelKernel(ChunkSize = {Pick(37, 5, 64, 200)}, MinParallelTripCount = 1)]";
                var s = new StringBuilder();
                int form = _r.Next(5);
                if (form == 4)
                {
                    // The same statement for each of c channels (RolledChannels: one loop over consecutive elements), in
                    // place or not, compound or not, reading the next pixel's channel; sometimes spoiled (channels in
                    // reverse order, one channel computed otherwise, another channel read) so that it must not roll.
                    int c = Pick(2, 3, 4), o = _r.Next(3), next = Chance(0.3) ? c : 0;
                    kind = "rolled" + c;
                    string template = Expr(t, Chance(0.5) ? new[] { "@A", "@B", "@Z" } : new[] { "@A", "@B" });
                    int spoil = Chance(0.3) ? _r.Next(3) : -1;
                    bool compound = Chance(0.25);
                    var order = Enumerable.Range(0, c).ToList();
                    if (spoil == 0) order.Reverse();
                    // Half of them as rows of a strided image: the inner loop over x rolls (o = y * stride + c * x + o0).
                    bool rows = Chance(0.5);
                    string At(int j) => rows ? (j + o == 0 ? "q" : $"q + {j + o}") : j + o == 0 ? $"{c} * i" : $"{c} * i + {j + o}";
                    s.Append($"    {chunk}\n    public static void K{id}({t}[] a, {t}[] b, {t}[] z, {t}[] copy)\n    {{\n");
                    string pad = "            ";
                    int column = -1;
                    if (rows)
                    {
                        int width = Pick(1, 5, 13, 40), extra = Pick(0, 0, 2, 7);
                        s.Append($"        int w = {width}, stride = {c * width + extra};\n");
                        s.Append($"        foreach (int y in PRange(z.Length / stride))\n        {{\n");
                        // The column as image code counts it too: by the bytes of a pixel, or as an offset advanced in the header.
                        int x0 = Pick(0, 0, 1);
                        column = _r.Next(4);
                        switch (column)
                        {
                            case 0:
                                s.Append($"            for (int x = {x0}; x < w; x++)\n            {{\n");
                                s.Append($"                int q = y * stride + {c} * x;\n");
                                break;
                            case 1:
                                kind = $"rolled stepped {c}";
                                s.Append(Chance(0.5) ? $"            for (int x = {c * x0}; x < {c} * w; x += {c})\n            {{\n" : $"            for (int x = {c * x0}; x < {c} * w; x = x + {c})\n            {{\n");
                                s.Append($"                int q = y * stride + x;\n");
                                break;
                            case 3:
                                // A cursor advanced at the end of each pass (the race analysis' cursors; no vector loop).
                                kind = $"rolled cursor {c}";
                                s.Append($"            int q = y * stride + {c * x0};\n");
                                s.Append($"            for (int x = {x0}; x < w; x++)\n            {{\n");
                                break;
                            default:
                                kind = $"rolled header {c}";
                                s.Append($"            for (int x = {x0}, q = y * stride + {c * x0}; x < w; x++, q += {c})\n            {{\n");
                                break;
                        }
                        pad = "                ";
                    }
                    else s.Append($"        foreach (int i in PRange({Pick($"z.Length / {c}", $"0, z.Length / {c}", $"1, z.Length / {c}")}))\n        {{\n");
                    foreach (int j in order)
                    {
                        string value = (spoil == 1 && j == 1 ? Expr(t, new[] { "@A", "@B" }) : template)
                            .Replace("@A", $"a[{At(j + next)}]").Replace("@B", $"b[{At(j)}]").Replace("@Z", spoil == 2 ? $"z[{At((j + 1) % c)}]" : $"z[{At(j)}]");
                        s.Append(compound ? $"{pad}z[{At(j)}] += ({t})({value});\n" : $"{pad}z[{At(j)}] = ({t})({value});\n");
                    }
                    if (rows && column == 3) s.Append($"{pad}q += {c};\n");
                    if (rows) s.Append("            }\n");
                    s.Append("        }\n    }\n");
                }
                else if (form == 0)
                {
                    // A group of c elements per iteration (pairs, xyz triples, RGBA quads), stored in any order, sometimes
                    // as compound assignments, sometimes one read back after it was stored (no group then).
                    int c = Pick(2, 2, 3, 4), o = _r.Next(3);
                    kind = "group" + c;
                    bool readBetween = Chance(0.2);
                    var order = Enumerable.Range(0, c).ToList();
                    if (Chance(0.4)) order.Reverse();
                    else if (Chance(0.3)) order = order.OrderBy(_ => _r.Next()).ToList();
                    string At(int j) => j + o == 0 ? $"{c} * i" : $"{c} * i + {j + o}";
                    s.Append($"    {chunk}\n    public static void K{id}({t}[] a, {t}[] b, {t}[] z, {t}[] copy)\n    {{\n");
                    s.Append($"        foreach (int i in PRange({Pick("a.Length", "0, a.Length", "1, a.Length")}))\n        {{\n");
                    s.Append($"            {t} x = a[i], y = b[i];\n");
                    foreach (int j in order)
                    {
                        s.Append(Chance(0.25) ? $"            z[{At(j)}] += ({t})({Expr(t, new[] { "x", "y" })});\n" : $"            z[{At(j)}] = ({t})({Expr(t, new[] { "x", "y" })});\n");
                        if (readBetween && j == order[0]) s.Append($"            copy[i] = z[{At(j)}];\n");
                    }
                    s.Append("        }\n    }\n");
                }
                else if (form == 1)
                {
                    kind = "steps";
                    string range = Pick("PRange(0, z.Length - 1, 2)", "PRange(1, z.Length - 1, 2)", "PRange(0, z.Length - 2, 3)", "PRange(z.Length - 2, -1, -2)");
                    s.Append($"    {chunk}\n    public static void K{id}({t}[] a, {t}[] b, {t}[] z, {t}[] copy)\n    {{\n");
                    s.Append($"        foreach (int i in {range})\n        {{\n");
                    s.Append($"            {t} x = z[i], y = z[i + 1];\n");
                    s.Append($"            z[i] = ({t})({Expr(t, new[] { "x", "y" })});\n");
                    s.Append($"            z[i + 1] = ({t})({Expr(t, new[] { "x", "y" })});\n");
                    s.Append("        }\n    }\n");
                }
                else
                {
                    // Jagged rows, a rectangular array's rows (grid[i, d]), or a flat array's rows of s elements (rows[i * s + d]).
                    bool grid = Chance(0.4), flat = !grid && _flat.NextDouble() < 0.35;
                    kind = grid ? "gridtiles" : flat ? "flattiles" : "tiles";
                    if (!grid && !flat && _picked.NextDouble() < 0.3)
                    {
                        // Rows an inner loop's counter picks, read at the index: rows[c][i] (mixing sources).
                        string from = new[] { "0", "0", "1" }[_picked.Next(3)], to = new[] { "rows.Length", "rows.Length", "m" }[_picked.Next(3)];
                        string at = new[] { "rows[c][i]", "rows[c][i]", "rows[c][i + 1]" }[_picked.Next(3)];
                        s.Append($"    {chunk}\n    public static void K{id}({t}[][] rows, {t}[] w, {t}[] r, int m)\n    {{\n");
                        s.Append("        foreach (int i in PRange(r.Length))\n        {\n");
                        s.Append($"            {t} acc = ({t})i;\n");
                        s.Append($"            for (int c = {from}; c < {to}; c++)\n");
                        s.Append($"                acc = ({t})(acc + {Expr(t, new[] { at, "w[c]" })});\n");
                        s.Append("            r[i] = acc;\n        }\n    }\n");
                        kind = "picked";
                        return s.ToString();
                    }
                    string start = Pick("0", "0", "1", "2");
                    string limit = Pick("p.Length", "p.Length", "w.Length", "m");
                    if (grid && limit == "p.Length") limit = "rows.GetLength(1)";
                    if (flat && limit == "p.Length") limit = "s";
                    bool branch = Chance(0.3), outer = Chance(0.5);
                    s.Append($"    {chunk}\n    public static void K{id}({t}{(grid ? "[,]" : flat ? "[]" : "[][]")} rows, {(flat ? "int s, " : "")}{t}[] w, {t}[] r, int m)\n    {{\n");
                    s.Append("        foreach (int i in PRange(r.Length))\n        {\n");
                    s.Append($"            {t} acc = ({t})i;\n");
                    string pad = "            ";
                    if (branch) { s.Append($"            if (i < m * 3)\n            {{\n"); pad += "    "; }
                    if (!grid && !flat) s.Append($"{pad}{t}[] p = rows[i];\n");
                    if (outer) { s.Append($"{pad}for (int c = 0; c < 3; c++)\n"); }
                    s.Append($"{pad}{(outer ? "    " : "")}for (int d = {start}; d < {limit}; d++)\n");
                    string row = grid ? "rows[i, d]" : flat ? new[] { "rows[i * s + d]", "rows[d + i * s]", "rows[s * i + d]" }[_flat.Next(3)] : "p[d]";
                    string[] values = outer ? new[] { row, "w[d]", $"({t})c" } : new[] { row, "w[d]" };
                    s.Append($"{pad}{(outer ? "        " : "    ")}acc = ({t})(acc + {Expr(t, values)});\n");
                    if (branch) s.Append("            }\n");
                    s.Append("            r[i] = acc;\n        }\n    }\n");
                }
                return s.ToString();
            }
        }

        private static Array Values(string t, int n, Random r) => t switch
        {
            "float" => Enumerable.Range(0, n).Select(_ => r.Next(9) == 0 ? new[] { float.NaN, -0f, float.PositiveInfinity, 1e-40f }[r.Next(4)] : (float)(r.NextDouble() * 8 - 4)).ToArray(),
            "double" => Enumerable.Range(0, n).Select(_ => r.Next(9) == 0 ? new[] { double.NaN, -0.0, double.NegativeInfinity, 1e-310 }[r.Next(4)] : r.NextDouble() * 8 - 4).ToArray(),
            "long" => Enumerable.Range(0, n).Select(_ => r.Next(5) == 0 ? long.MaxValue - r.Next(3) : r.NextInt64(-1000, 1000)).ToArray(),
            _ => Enumerable.Range(0, n).Select(_ => r.Next(5) == 0 ? int.MinValue + r.Next(3) : r.Next(-1000, 1000)).ToArray(),
        };

        private static Type ElementType(string t) => t switch { "float" => typeof(float), "double" => typeof(double), "long" => typeof(long), _ => typeof(int) };

        /// <summary>Arguments for a kernel at size n: pair and step kernels take a, b, z (twice n or so), copy; tile kernels rows, w, r, m.</summary>
        private static object[] Arguments(string kind, string t, int n, Random r)
        {
            if (kind.StartsWith("rolled", StringComparison.Ordinal))
            {
                // a and b cover the next pixel's channels too (sometimes one short: both sides throw).
                int c = kind[^1] - '0', zLength = Math.Max(0, c * n + 3 - r.Next(4));
                return new object[] { Values(t, zLength + 2 * c + 2 - r.Next(2), r), Values(t, zLength + 2 - r.Next(2), r), Values(t, zLength, r), Values(t, n, r) };
            }
            if (kind == "picked")
            {
                // Rows of about n + 1 elements (sometimes a short or null row: both sides throw), w one per row or so.
                var picked = Array.CreateInstance(ElementType(t).MakeArrayType(), r.Next(0, 6));
                for (int k = 0; k < picked.Length; k++)
                    picked.SetValue(r.Next(30) == 0 ? null : Values(t, Math.Max(0, n + 1 - (r.Next(8) == 0 ? r.Next(1, 4) : 0)), r), k);
                return new object[] { picked, Values(t, picked.Length + r.Next(-1, 2) is var wl && wl > 0 ? wl : 0, r), Values(t, n, r), r.Next(0, picked.Length + 2) };
            }
            if (kind is not ("tiles" or "gridtiles" or "flattiles"))
            {
                int zLength = kind == "steps" ? n : (kind[^1] - '0') * n + 3 - r.Next(4); // sometimes one short: both sides throw
                return new object[] { Values(t, n, r), Values(t, n, r), Values(t, Math.Max(0, zLength), r), Values(t, n, r) };
            }
            int length = r.Next(1, 9);
            if (kind == "gridtiles")
            {
                // Sometimes fewer rows than iterations, or not zero-based: both sides throw.
                int count = Math.Max(0, n - (r.Next(6) == 0 ? 3 : 0));
                Array grid = r.Next(12) == 0 ? Array.CreateInstance(ElementType(t), new[] { count, length }, new[] { 1, 0 }) : Array.CreateInstance(ElementType(t), count, length);
                Array cells = Values(t, count * length, r);
                for (int k = 0; k < count * length; k++) grid.SetValue(cells.GetValue(k), grid.GetLowerBound(0) + k / length, k % length);
                int gridW = r.Next(4) == 0 ? length - 1 : length + r.Next(3);
                int gridM = r.Next(4) == 0 ? length + 1 : r.Next(0, length + 1);
                return new object[] { grid, Values(t, Math.Max(0, gridW), r), Values(t, n, r), gridM };
            }
            if (kind == "flattiles")
            {
                // Rows of s elements end to end (sometimes a few elements short, or a negative stride: both sides throw).
                // (A stride whose products wrap is FlatRowTileTests': here a loop to s might not read the rows at all.)
                int stride = r.Next(12) == 0 ? -1 : length;
                int cells = Math.Max(0, n * length - (r.Next(6) == 0 ? r.Next(1, 4) : 0));
                int flatW = r.Next(4) == 0 ? length - 1 : length + r.Next(3);
                int flatM = r.Next(4) == 0 ? length + 1 : r.Next(0, length + 1);
                return new object[] { Values(t, cells, r), stride, Values(t, Math.Max(0, flatW), r), Values(t, n, r), flatM };
            }
            var rows = Array.CreateInstance(ElementType(t).MakeArrayType(), Math.Max(0, n - (r.Next(6) == 0 ? 3 : 0)));
            for (int k = 0; k < rows.Length; k++)
            {
                int roll = r.Next(40);
                rows.SetValue(roll == 0 ? null : Values(t, roll == 1 ? length + 1 : roll == 2 ? Math.Max(0, length - 1) : length, r), k);
            }
            int wLength = r.Next(4) == 0 ? length - 1 : length + r.Next(3);
            int m = r.Next(4) == 0 ? length + 1 : r.Next(0, length + 1);
            return new object[] { rows, Values(t, Math.Max(0, wLength), r), Values(t, n, r), m };
        }

        private static readonly int[] Sizes = { 0, 1, 3, 8, 16, 17, 33, 100, 257 };

        [Fact]
        public void Random_pair_step_and_tile_kernels_match_serial()
        {
            int count = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_PAIR_FUZZ_KERNELS"), out int asked) && asked > 0 ? asked : DefaultKernels;
            var builder = new Builder(20261202);
            var source = new StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class Z\n{\n");
            var kinds = new List<(string Kind, string Type)>();
            for (int k = 0; k < count; k++)
            {
                string text = builder.Kernel(k, out string kind);
                source.Append(text);
                string t = text.Substring(text.IndexOf('(', text.IndexOf("void K", StringComparison.Ordinal)) + 1).Split('[')[0];
                kinds.Add((kind, t));
            }
            source.Append("}\n");
            Assembly built = InMemory.Build(source.ToString());
            (_, var run) = InMemory.Generate(InMemory.Compile(source.ToString()));
            string generated = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            int pairs = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("pairs of elements"));
            int tiles = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("tiled per step"));
            int groups = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("lane groups a step"));
            int channels = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("interleaved elements per lane stored together"));
            int rolled = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("channels rolled"));
            int picked = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("an inner loop picks read whole"));
            // (Flat rows tiled: the reports of the flattiles kernels that tile.)
            int flatTiles = generated.Split("// KernelGen parallel report — Z.K").Skip(1)
                .Count(r => int.TryParse(r[..r.IndexOf('(')], out int id) && kinds[id].Kind == "flattiles" && r.Split('\n').Any(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("tiled per step")));
            var failures = new List<string>();
            int runs = 0, threw = 0;
            for (int k = 0; k < count; k++)
                foreach (int n in Sizes)
                {
                    var random = new Random(k * 1000 + n);
                    object[] args = Arguments(kinds[k].Kind, kinds[k].Type, n, random);
                    runs++;
                    try { Differential.Same(built, "Z", "K" + k, args); }
                    catch (Exception e) when (e is Xunit.Sdk.XunitException) { failures.Add($"K{k} ({kinds[k].Kind}, {kinds[k].Type}) at n = {n}: {e.Message.Split('\n')[0]}"); }
                    if (args.Any(a => a is Array { Length: > 0 }) && Differential.Throws(built, "Z", "K" + k, args)) threw++;
                }
            string summary = $"{count} kernels ({string.Join(", ", kinds.GroupBy(x => x.Kind).Select(g => $"{g.Count()} {g.Key}"))}); vector loops with pairs {pairs}, with groups of 3 or 4 elements {channels}, with channels rolled {rolled}, with tiled rows {tiles} ({flatTiles} of a flat array), with rows an inner loop picks {picked}, with lane groups {groups}; {runs} runs ({threw} threw on both sides), {failures.Count} mismatches";
            _output.WriteLine(summary);
            Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(10)) + "\n" + source);
            Assert.True(pairs > 0 && channels > 0 && tiles > 0 && flatTiles > 0, summary); // the shapes under test are generated and take their vector paths
        }
    }
}
