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
    /// Random [ParallelMap] functions (issue 16): one to three parameters of int, long, float, double, byte and short
    /// (some [Broadcast]), an expression or block body with arithmetic, Math calls, comparisons and casts, any of those
    /// as the result. Each function's generated overloads (array-returning and array-filling) must equal a plain loop
    /// calling the function element by element, bitwise, at sizes around the vector widths. The default run is small
    /// (CI); <c>KERNELGEN_MAP_FUZZ_KERNELS=1000</c> is the long run.
    /// </summary>
    public class MapFuzzTests
    {
        private readonly ITestOutputHelper _output;
        public MapFuzzTests(ITestOutputHelper output) => _output = output;

        private static readonly string[] Types = { "int", "long", "float", "double", "byte", "short" };
        private static readonly int[] Sizes = { 0, 1, 7, 8, 9, 33, 100, 1001 };

        private sealed class Gen
        {
            private readonly Random _r;
            public Gen(Random r) => _r = r;
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];

            /// <summary>An expression of type <paramref name="c"/> (int, long, float or double) over the parameters.</summary>
            public string Expr(string c, int depth, (string Name, string Type)[] ps)
            {
                bool fp = c is "float" or "double";
                string M = c == "float" ? "MathF" : "Math";
                if (depth <= 0 || _r.Next(4) == 0)
                {
                    if (_r.Next(3) > 0) { var p = Pick(ps); return $"(({c}){p.Name})"; }
                    return Const(c);
                }
                string a = Expr(c, depth - 1, ps), b = Expr(c, depth - 1, ps);
                switch (_r.Next(fp ? 9 : 10))
                {
                    case 0: case 1: return $"({a} {Pick("+", "-", "*")} {b})";
                    case 2: return $"({a} < {b} ? {Expr(c, depth - 1, ps)} : {a})";
                    case 3: return $"{(fp ? M : "Math")}.Min({a}, {b})";
                    case 4: return $"{(fp ? M : "Math")}.Max({a}, {b})";
                    case 5: return $"Math.Clamp({a}, {Const(c, -50)}, {Const(c, 60)})";
                    case 6: return fp ? $"{M}.Sqrt({M}.Abs({a}))" : $"({a} / {Pick("3", "4", "-7", "16")})";
                    case 7: return fp ? $"({a} / {b})" : $"({a} {Pick("&", "|", "^")} {b})";
                    case 8: return fp ? $"{M}.Floor({a})" : $"({a} >> {_r.Next(1, 5)})";
                    default: return $"({a} == {b} ? {a} : {b})";
                }
            }

            private string Const(string c, int? fixedValue = null)
            {
                int v = fixedValue ?? _r.Next(-9, 10);
                return c switch
                {
                    "float" => (fixedValue is null ? v + 0.25 * _r.Next(4) : v).ToString(System.Globalization.CultureInfo.InvariantCulture) + "f",
                    "double" => (fixedValue is null ? v + 0.5 * _r.Next(2) : v).ToString(System.Globalization.CultureInfo.InvariantCulture) + "d",
                    "long" => v + "L",
                    _ => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }

            public static string Compute(string t) => t is "byte" or "short" ? "int" : t;

            /// <summary>A value of the compute type converted to the result type as C# code does it (unchecked).</summary>
            public static string ToResult(string value, string result) => $"unchecked(({result})({value}))";
        }

        private sealed record Kernel(int Id, string Result, (string Name, string Type, bool Broadcast)[] Parameters, string Text);

        private static Kernel Make(int id, Random r)
        {
            var g = new Gen(r);
            int count = r.Next(1, 4);
            var ps = Enumerable.Range(0, count).Select(k => ($"p{k}", Types[r.Next(Types.Length)], k > 0 && r.Next(3) == 0)).ToArray();
            string result = Types[r.Next(Types.Length)];
            string c = Gen.Compute(Types[r.Next(4)]);
            var scope = ps.Select(p => (p.Item1, p.Item2)).ToArray();
            string body;
            if (r.Next(3) == 0)
            {
                // A block body: a local, an early return.
                string t = g.Expr(c, 2, scope), cond = g.Expr(c, 1, scope);
                body = $"\n    {{\n        {c} t = {t};\n        if (t > {cond}) return {Gen.ToResult(g.Expr(c, 2, scope.Append(("t", c)).ToArray()), result)};\n"
                       + $"        return {Gen.ToResult("t", result)};\n    }}";
            }
            else body = $" => {Gen.ToResult(g.Expr(c, 3, scope), result)};";
            string parameters = string.Join(", ", ps.Select(p => $"{(p.Item3 ? "[Broadcast] " : "")}{p.Item2} {p.Item1}"));
            string text = $"    [ParallelMap]\n    public static {result} F{id}({parameters}){body}\n";
            // The reference: the function called element by element in a plain loop.
            string arrays = string.Join(", ", ps.Select(p => p.Item3 ? $"{p.Item2} {p.Item1}" : $"{p.Item2}[] {p.Item1}"));
            string first = ps.First(p => !p.Item3).Item1;
            string args = string.Join(", ", ps.Select(p => p.Item3 ? p.Item1 : $"{p.Item1}[i]"));
            text += $"    public static {result}[] Ref{id}({arrays}) {{ var r = new {result}[{first}.Length]; for (int i = 0; i < r.Length; i++) r[i] = F{id}({args}); return r; }}\n";
            return new Kernel(id, result, ps, text);
        }

        private static object Argument(string type, int n, Random r, bool broadcast) => type switch
        {
            "int" => broadcast ? r.Next(-100, 100) : Enumerable.Range(0, n).Select(_ => r.Next(3) == 0 ? r.Next() - int.MaxValue / 2 : r.Next(-100, 100)).ToArray(),
            "long" => broadcast ? (long)r.Next(-100, 100) : Enumerable.Range(0, n).Select(_ => r.Next(3) == 0 ? r.NextInt64() : r.Next(-100, 100)).ToArray(),
            "float" => broadcast ? (float)(r.NextDouble() * 10 - 5) : Enumerable.Range(0, n).Select(k => k % 17 == 3 ? float.NaN : k % 17 == 5 ? -0f : (float)(r.NextDouble() * 200 - 100)).ToArray(),
            "double" => broadcast ? r.NextDouble() * 10 - 5 : Enumerable.Range(0, n).Select(k => k % 19 == 4 ? double.PositiveInfinity : r.NextDouble() * 200 - 100).ToArray(),
            "byte" => broadcast ? (byte)r.Next(256) : Enumerable.Range(0, n).Select(_ => (byte)r.Next(256)).ToArray(),
            _ => broadcast ? (short)r.Next(short.MinValue, short.MaxValue) : Enumerable.Range(0, n).Select(_ => (short)r.Next(short.MinValue, short.MaxValue)).ToArray(),
        };

        private static object[] Keys(Array a) => a.Cast<object>().Select(x => x switch
        {
            float f => float.IsNaN(f) ? (object)"NaN" : BitConverter.SingleToInt32Bits(f),
            double d => double.IsNaN(d) ? "NaN" : BitConverter.DoubleToInt64Bits(d),
            _ => x,
        }).ToArray();

        private sealed record Stencil(int Id, int Rank, string Type, int[] Low, int[] High, string Text);

        /// <summary>A random stencil: reads at offsets in -2..2 combined with arithmetic, Min/Max and comparisons.</summary>
        private static Stencil MakeStencil(int id, Random r)
        {
            int rank = r.Next(1, 3);
            string type = new[] { "float", "double", "int" }[r.Next(3)];
            int[] low = new int[rank], high = new int[rank];
            string Read()
            {
                int[] o = Enumerable.Range(0, rank).Select(_ => r.Next(-2, 3)).ToArray();
                for (int d = 0; d < rank; d++) { low[d] = Math.Min(low[d], o[d]); high[d] = Math.Max(high[d], o[d]); }
                return $"a[{string.Join(", ", o)}]";
            }
            string Const() => type switch { "float" => $"{r.Next(-3, 4)}.5f", "double" => $"{r.Next(-3, 4)}.25", _ => r.Next(-3, 4).ToString() };
            string Expr(int depth)
            {
                if (depth <= 0 || r.Next(4) == 0) return r.Next(4) > 0 ? Read() : Const();
                string x = Expr(depth - 1), y = Expr(depth - 1);
                return r.Next(6) switch
                {
                    0 or 1 or 2 => $"({x} {new[] { "+", "-", "*" }[r.Next(3)]} {y})",
                    3 => $"Math.Min({x}, {y})",
                    4 => $"Math.Max({x}, {y})",
                    _ => $"({x} < {y} ? {Expr(depth - 1)} : {x})",
                };
            }
            string body = Read() + " + " + Expr(3);
            string neighbourhood = rank == 1 ? $"Neighbourhood1D<{type}>" : $"Neighbourhood2D<{type}>";
            return new Stencil(id, rank, type, low, high, $"    [ParallelStencil]\n    public static {type} S{id}({neighbourhood} a) => {body};\n");
        }

        [Fact]
        public void Random_stencils_equal_the_function_on_every_neighbourhood()
        {
            int count = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_MAP_FUZZ_KERNELS"), out int c) ? c / 2 : Harness.Scale.Count(full: 30, local: 16);
            int seed = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_MAP_FUZZ_SEED"), out int s) ? s : 20261202;
            var failures = new List<string>();
            int runs = 0, vectorized = 0;
            Border[] policies = { Border.Unchanged, Border.Constant, Border.Clamp, Border.Wrap };
            for (int batch = 0; batch * 100 < count; batch++)
            {
                var stencils = Enumerable.Range(batch * 100, Math.Min(100, count - batch * 100)).Select(id => MakeStencil(id, new Random(seed + 7919 * id))).ToList();
                string source = "using System;\nusing KernelGen;\npublic static partial class Y\n{\n" + string.Concat(stencils.Select(k => k.Text)) + "}\n";
                (var output, var run) = InMemory.Generate(InMemory.Compile(source));
                var errors = output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5)) + "\n" + source);
                vectorized += run.GeneratedTrees.Where(t => t.FilePath.Contains("__kg_Stencil_")).Count(t => !t.ToString().Contains("//     vector: scalar body"));
                Type y = InMemory.Build(source).GetType("Y")!;
                foreach (Stencil k in stencils)
                {
                    Type elem = k.Type switch { "float" => typeof(float), "double" => typeof(double), _ => typeof(int) };
                    var shapes = k.Rank == 1 ? new[] { new[] { 0 }, new[] { 1 }, new[] { 2 }, new[] { 5 }, new[] { 8 }, new[] { 33 }, new[] { 257 } }
                                             : new[] { new[] { 0, 0 }, new[] { 1, 1 }, new[] { 2, 5 }, new[] { 3, 3 }, new[] { 9, 7 }, new[] { 33, 17 } };
                    foreach (int[] shape in shapes)
                        foreach (Border policy in policies)
                        {
                            runs++;
                            var random = new Random(seed + k.Id * 31 + shape.Sum() * 7 + (int)policy);
                            object Value() => k.Type switch
                            {
                                // (Each arm boxed: the switch's common type would be double.)
                                "float" => (object)(random.Next(19) == 0 ? float.NaN : (float)(random.NextDouble() * 20 - 10)),
                                "double" => (object)(random.Next(23) == 0 ? -0.0 : random.NextDouble() * 20 - 10),
                                _ => (object)random.Next(-1000, 1000),
                            };
                            Array input = Array.CreateInstance(elem, shape), initial = Array.CreateInstance(elem, shape);
                            int[] at = new int[k.Rank];
                            int cells = shape.Aggregate(1, (a, b) => a * b);
                            int[] Index(int cell) => k.Rank == 1 ? new[] { cell } : new[] { cell / shape[1], cell % shape[1] };
                            for (int cell = 0; cell < cells; cell++) { input.SetValue(Value(), Index(cell)); initial.SetValue(Value(), Index(cell)); }
                            object value = Value();
                            var expected = (Array)initial.Clone();
                            MethodInfo function = y.GetMethod("S" + k.Id, BindingFlags.Public | BindingFlags.Static, new[] { (k.Rank == 1 ? typeof(Neighbourhood1D<>) : typeof(Neighbourhood2D<>)).MakeGenericType(elem) })!;
                            for (int cell = 0; cell < cells; cell++)
                            {
                                int[] ix = Index(cell);
                                bool inside = Enumerable.Range(0, k.Rank).All(d => ix[d] + k.Low[d] >= 0 && ix[d] + k.High[d] < shape[d]);
                                if (!inside && policy == Border.Unchanged) continue;
                                object neighbourhood = k.Rank == 1
                                    ? Activator.CreateInstance(typeof(Neighbourhood1D<>).MakeGenericType(elem), input, ix[0], policy, value)!
                                    : Activator.CreateInstance(typeof(Neighbourhood2D<>).MakeGenericType(elem), input, ix[0], ix[1], policy, value)!;
                                expected.SetValue(function.Invoke(null, new[] { neighbourhood }), ix);
                            }
                            var actual = (Array)initial.Clone();
                            y.GetMethod("S" + k.Id, new[] { input.GetType(), input.GetType(), typeof(Border), elem })!.Invoke(null, new[] { input, actual, policy, value });
                            if (!Keys(expected).SequenceEqual(Keys(actual)))
                                failures.Add($"S{k.Id} shape {string.Join("x", shape)} {policy}: differs\n{k.Text}");
                            if (k.Rank == 2 && shape[1] > 0)
                            {
                                // The image stored flat, row by row: the same cells.
                                Array flatInput = Array.CreateInstance(elem, cells), flatOutput = Array.CreateInstance(elem, cells);
                                for (int cell = 0; cell < cells; cell++) { flatInput.SetValue(input.GetValue(Index(cell)), cell); flatOutput.SetValue(initial.GetValue(Index(cell)), cell); }
                                y.GetMethod("S" + k.Id, new[] { flatInput.GetType(), flatInput.GetType(), typeof(int), typeof(Border), elem })!.Invoke(null, new[] { flatInput, flatOutput, shape[1], policy, value });
                                if (!Keys(expected).SequenceEqual(Keys(flatOutput)))
                                    failures.Add($"S{k.Id} flat shape {string.Join("x", shape)} {policy}: differs\n{k.Text}");
                            }
                        }
                }
            }
            string summary = $"{count} stencils: {vectorized} with a vector loop; {runs} runs (shapes x border policies), {failures.Count} mismatches (seed {seed})";
            _output.WriteLine(summary);
            Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(5)));
            Assert.True(vectorized > count / 4, summary);
        }

        [Fact]
        public void Random_map_functions_equal_their_element_by_element_loops()
        {
            int count = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_MAP_FUZZ_KERNELS"), out int c) ? c : Harness.Scale.Count(full: 60, local: 30);
            int seed = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_MAP_FUZZ_SEED"), out int s) ? s : 20261202;
            var failures = new List<string>();
            int runs = 0, threw = 0, vectorized = 0, parallel = 0;
            for (int batch = 0; batch * 100 < count; batch++)
            {
                var kernels = Enumerable.Range(batch * 100, Math.Min(100, count - batch * 100)).Select(id => Make(id, new Random(seed + id))).ToList();
                string source = "using System;\nusing KernelGen;\npublic static partial class Z\n{\n" + string.Concat(kernels.Select(k => k.Text)) + "}\n";
                (var output, var run) = InMemory.Generate(InMemory.Compile(source));
                var errors = output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5)) + "\n" + source);
                string generated = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
                parallel += run.GeneratedTrees.Count(t => t.FilePath.Contains("__kg_Map_"));
                vectorized += generated.Split('\n').Count(l => l.StartsWith("//     vector: Vector", StringComparison.Ordinal));
                Assembly built = InMemory.Build(source);
                Type z = built.GetType("Z")!;
                foreach (Kernel k in kernels)
                    foreach (int n in Sizes)
                    {
                        var random = new Random(seed * 7 + k.Id * 1000 + n);
                        object[] args = k.Parameters.Select(p => Argument(p.Type, n, random, p.Broadcast)).ToArray();
                        runs++;
                        object? expected, actual, filled;
                        try { expected = z.GetMethod("Ref" + k.Id)!.Invoke(null, args); }
                        catch (TargetInvocationException e)
                        {
                            // The function throws for some element: the overload must throw the same.
                            threw++;
                            Type type = e.InnerException!.GetType();
                            try { z.GetMethod("F" + k.Id, args.Select(a => a.GetType()).ToArray())!.Invoke(null, args); failures.Add($"F{k.Id} n={n}: serial threw {type.Name}, the map did not"); }
                            catch (TargetInvocationException p) when (p.InnerException!.GetType() == type) { }
                            catch (TargetInvocationException p) { failures.Add($"F{k.Id} n={n}: serial threw {type.Name}, the map {p.InnerException!.GetType().Name}"); }
                            continue;
                        }
                        Type[] types = args.Select(a => a.GetType()).ToArray();
                        actual = z.GetMethod("F" + k.Id, types)!.Invoke(null, args);
                        Array result = Array.CreateInstance(((Array)expected!).GetType().GetElementType()!, n);
                        z.GetMethod("F" + k.Id, types.Append(result.GetType()).ToArray())!.Invoke(null, args.Append(result).ToArray());
                        filled = result;
                        if (!Keys((Array)expected).SequenceEqual(Keys((Array)actual!)) || !Keys((Array)expected).SequenceEqual(Keys((Array)filled)))
                            failures.Add($"F{k.Id} n={n}: differs\n{k.Text}");
                    }
            }
            string summary = $"{count} map functions: {parallel} map kernels parallel, {vectorized} with a vector loop; {runs} runs ({threw} threw on both sides), {failures.Count} mismatches (seed {seed})";
            _output.WriteLine(summary);
            Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(5)));
            Assert.True(vectorized > count / 4, summary); // the vector paths are exercised
        }
    }
}
