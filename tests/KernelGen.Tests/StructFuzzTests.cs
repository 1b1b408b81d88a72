using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Random kernels over arrays of structs (System.Numerics vectors, and structs of 2 to 5 float, double or int
    /// fields): field updates, fields read after their stores and stored twice, conditional stores, ref locals,
    /// whole-struct copies, vector operators and struct locals in bodies with inner loops, against the serial method with the chunks in order and reversed. Each
    /// body also runs over arrays an object in a local holds (h.A[i]) and as an instance kernel over mutable fields.
    /// They exercise the struct views (Lowering.Structs.cs): spans of the fields' scalar, statements split field by
    /// field, fields held in locals, and the fallback where an array is also used whole. KERNELGEN_STRUCT_FUZZ_KERNELS
    /// and KERNELGEN_STRUCT_FUZZ_SEED set a longer or another run.
    /// </summary>
    public class StructFuzzTests
    {
        private static readonly int Kernels = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_STRUCT_FUZZ_KERNELS"), out int asked) && asked > 0 ? asked : Harness.Scale.Count(full: 40, local: 20);
        private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_STRUCT_FUZZ_SEED"), out int seed) ? seed : 20261206;

        private static readonly string[] Numerics = { "Vector2", "Vector3", "Vector4" };

        private sealed record Shape(string Name, string Field, string[] Fields, bool IsNumerics);

        private static readonly Lazy<(string Source, Assembly Assembly, Shape[] Shapes)> Built = new(() =>
        {
            var r = new Random(Seed);
            var text = new StringBuilder("using System;\nusing System.Numerics;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\n");
            var shapes = new Shape[Kernels];
            var kernels = new StringBuilder("public static partial class F\n{\n");
            for (int k = 0; k < Kernels; k++)
            {
                Shape shape;
                if (r.Next(3) == 0)
                {
                    string v = Numerics[r.Next(Numerics.Length)];
                    shape = new Shape(v, "float", new[] { "X", "Y", "Z", "W" }.Take(v[^1] - '0').ToArray(), true);
                }
                else
                {
                    string t = new[] { "float", "double", "int" }[r.Next(3)];
                    string[] fields = Enumerable.Range(0, r.Next(2, 6)).Select(f => "F" + f).ToArray();
                    shape = new Shape("S" + k, t, fields, false);
                    text.Append($"public struct S{k} {{ public {t} {string.Join(", ", fields)}; }}\n");
                }
                shapes[k] = shape;
                kernels.Append(Kernel(k, shape, r));
            }
            kernels.Append("}\n");
            string source = text.Append('\n').Append(kernels).ToString();
            return (source, InMemory.Build(source), shapes);
        });

        private static string Kernel(int k, Shape s, Random r)
        {
            string t = s.Field;
            string Field() => s.Fields[r.Next(s.Fields.Length)];
            string Constant() => t switch { "int" => r.Next(-9, 10).ToString(), "float" => $"{r.Next(-4, 5)}.5f", _ => $"{r.Next(-4, 5)}.25" };
            string Expr() => r.Next(6) switch
            {
                0 => $"a[i].{Field()}",
                1 => $"b[i].{Field()}",
                2 => "s",
                3 => Constant(),
                4 => $"a[i].{Field()} * s",
                _ => $"b[i].{Field()} + a[i].{Field()}",
            };
            string Op() => r.Next(4) switch { 0 => "=", 1 => "+=", 2 => "-=", _ => t == "int" ? "^=" : "*=" };
            var statements = new List<string>();
            int count = r.Next(1, 5);
            for (int n = 0; n < count; n++)
            {
                int kind = r.Next(s.IsNumerics ? 9 : 8);
                if (kind >= 6 && !s.IsNumerics) kind++; // (6: Numerics operators only)
                statements.Add(kind switch
                {
                    // A struct local in a body with an inner loop (field temporaries): updated by the inner loop's
                    // iterations, or read by them.
                    7 => $"{{ {s.Name} c = a[i]; for (int j = 0; j < 4; j++) c.{Field()} {Op()} b[i].{Field()}; a[i] = c; }}",
                    8 => $"{{ {s.Name} c = b[i]; for (int j = 0; j < 3; j++) a[i].{Field()} {Op()} c.{Field()} + {Constant()}; }}",
                    0 or 1 => $"a[i].{Field()} {Op()} {Expr()};",
                    2 => r.Next(2) == 0
                        ? $"if (a[i].{Field()} < {Expr()}) a[i].{Field()} = {Expr()};"
                        : $"if (b[i].{Field()} >= a[i].{Field()}) {{ a[i].{Field()} {Op()} {Expr()}; }} else {{ a[i].{Field()} = {Expr()}; }}",
                    3 => $"{{ ref {s.Name} q = ref a[i]; q.{Field()} {Op()} q.{Field()} + {Expr()}; }}",
                    4 => r.Next(3) == 0 ? "a[i] = b[i];" : $"a[i].{Field()} = b[i].{Field()};",
                    5 => $"{{ var c = a[i]; c.{Field()} {Op()} c.{Field()} + {Expr()}; if (c.{Field()} > {Constant()}) c.{Field()} = {Expr()}; a[i] = c; }}",
                    _ => r.Next(9) switch
                    {
                        8 => $"a[i] = {s.Name}.Lerp(a[i], b[i], s);",
                        5 => $"a[i] = {s.Name}.Max(a[i], b[i] * s);",
                        6 => $"a[i] = {s.Name}.Min(a[i] - b[i], {s.Name}.Zero);",
                        7 => $"a[i] = {s.Name}.Clamp(a[i], b[i], {s.Name}.One);", // (b[i] may be above One: Clamp checks nothing)
                        4 => $"{{ {s.Name} c = b[i]; c = new {s.Name}({string.Join(", ", s.Fields.Select(_ => $"c.{Field()}"))}); a[i] = c - a[i]; }}",
                        0 => "a[i] = a[i] * s + b[i];",
                        1 => "a[i] += b[i] * s;",
                        2 => $"a[i] = new {s.Name}({string.Join(", ", s.Fields.Select(_ => r.Next(2) == 0 ? $"a[i].{Field()}" : $"b[i].{Field()}"))});",
                        _ => $"a[i] -= {s.Name}.One;",
                    },
                });
            }
            // The same body three ways: over parameters, over arrays held by an object in a local (h.A, h.B: member
            // chains read once a chunk), and as an instance kernel over mutable fields (_a, _b), called through wrappers.
            string Body(string a, string b) => string.Join("\n            ", statements).Replace("a[i]", a + "[i]").Replace("b[i]", b + "[i]");
            return $$"""
                [ParallelKernel]
                public static void K{{k}}({{s.Name}}[] a, {{s.Name}}[] b, {{t}} s)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        {{Body("a", "b")}}
                    }
                }

                public sealed class H{{k}} { public {{s.Name}}[] A = null!, B = null!; }

                [ParallelKernel]
                public static void K{{k}}H({{s.Name}}[] a, {{s.Name}}[] b, {{t}} s)
                {
                    var h = new H{{k}} { A = a, B = b };
                    foreach (int i in PRange(h.A.Length))
                    {
                        {{Body("h.A", "h.B")}}
                    }
                }

                public sealed partial class W{{k}}
                {
                    private {{s.Name}}[] _a, _b;
                    public W{{k}}({{s.Name}}[] a, {{s.Name}}[] b) { _a = a; _b = b; }

                    [ParallelKernel]
                    public void Run({{t}} s)
                    {
                        foreach (int i in PRange(_a.Length))
                        {
                            {{Body("_a", "_b")}}
                        }
                    }
                }

                public static void K{{k}}I({{s.Name}}[] a, {{s.Name}}[] b, {{t}} s) { Action<{{t}}> serial = new W{{k}}(a, b).Run; serial(s); } // a delegate: not intercepted
                public static void K{{k}}IParallel({{s.Name}}[] a, {{s.Name}}[] b, {{t}} s) => new W{{k}}(a, b).RunParallel(s);

            """;
        }

        [Fact]
        public void Random_struct_kernels_match_serial()
        {
            (string source, Assembly assembly, Shape[] shapes) = Built.Value;
            Func<string, string> generated = InMemory.GeneratedFrom(source, "F");
            var random = new Random(Seed + 1);
            int vector = 0, viewed = 0, heldVector = 0;
            for (int k = 0; k < Kernels; k++)
            {
                string section = InMemory.Section(generated("K" + k));
                if (!InMemory.VectorLine(section).Contains("scalar body", StringComparison.Ordinal)) vector++;
                if (section.Contains("MemoryMarshal.Cast<", StringComparison.Ordinal)) viewed++;
                Type type = shapes[k].IsNumerics ? typeof(Vector2).Assembly.GetType("System.Numerics." + shapes[k].Name)! : assembly.GetType(shapes[k].Name)!;
                object Value(Type t) => t == typeof(float) ? (random.Next(9) == 0 ? -0f : random.Next(-8, 8) * 0.5f)
                    : t == typeof(double) ? (object)(random.Next(-8, 8) * 0.25) : random.Next(-1000, 1000);
                Array Fill(int n)
                {
                    Array array = Array.CreateInstance(type, n);
                    for (int e = 0; e < n; e++)
                    {
                        object element = Activator.CreateInstance(type)!;
                        foreach (FieldInfo f in type.GetFields(BindingFlags.Instance | BindingFlags.Public)) f.SetValue(element, Value(f.FieldType));
                        array.SetValue(element, e);
                    }
                    return array;
                }
                object scalar = shapes[k].Field switch { "float" => 1.5f, "double" => (object)0.75, _ => 3 };
                foreach (string variant in new[] { "", "H", "I" })
                    foreach (int n in new[] { 1, 7, 64, 333 })
                        Differential.Same(assembly, "F", "K" + k + variant, Fill(n), Fill(n), scalar);
                string held = InMemory.Section(generated("K" + k + "H"));
                if (!InMemory.VectorLine(held).Contains("scalar body", StringComparison.Ordinal)) heldVector++;
            }
            Console.WriteLine($"StructFuzz: {Kernels} kernels (seed {Seed}), {vector} with a vector body, {viewed} through struct views;"
                + $" over arrays an object holds, {heldVector} with a vector body; each also run as an instance kernel over its fields");
            Assert.True(vector >= Kernels / 3, $"{vector} of {Kernels} kernels with a vector body");
        }
    }
}
