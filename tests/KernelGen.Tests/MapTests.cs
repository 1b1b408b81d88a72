using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// <c>[ParallelMap]</c> (issue 16): a static scalar function gets overloads over whole inputs (arrays, and spans in a
    /// project with unsafe code), which must equal calling the function on every element, bitwise, at every size; reject
    /// inputs of different lengths before any work; and run serially, with KG2013 naming the effect, for a function with
    /// side effects.
    /// </summary>
    public class MapTests
    {
        private const string Source = """
            using System;
            using KernelGen;

            namespace Maps
            {
                public static partial class M
                {
                    // The README's example.
                    [ParallelMap] public static float Gain(float s, [Broadcast] float g) => Math.Clamp(s * g, -1f, 1f);

                    // The seed's worker and joblib's square.
                    [ParallelMap] public static float Square(float x) => x * x + 1;

                    // A scale the same for every element.
                    [ParallelMap] public static double Scale(double x, [Broadcast] double factor) => x * factor - 0.5;

                    // Two inputs of different types and a broadcast shift.
                    [ParallelMap] public static int Mix(int a, short b, [Broadcast] int shift) => (a << shift) ^ b;

                    // A block body with early returns (a clip), internal.
                    [ParallelMap]
                    internal static float Clip(float s)
                    {
                        if (s > 1f) return 1f;
                        if (s < -1f) return -1f;
                        return s;
                    }

                    // A Math call without a bitwise vector form.
                    [ParallelMap] public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

                    [ParallelMap] public static bool Positive(float x) => x > 0;

                    // Pixels: a byte in, a byte out, saturated.
                    [ParallelMap] public static byte Brighten(byte p, [Broadcast] int add) => (byte)Math.Clamp(p + add, 0, 255);

                    // Throws for some elements, as the serial loop does.
                    [ParallelMap] public static int Inverse(int x) => 1000 / x;

                    // A parameter named like the generated ones.
                    [ParallelMap] public static long Offset(long result, long i) => result * 3 + i;

                    // Side effects: the overloads run serially, and KG2013 says why.
                    private static int s_calls;
                    [ParallelMap] public static int Counted(int x) { s_calls++; return x + s_calls * 0; }
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source + SpanCaller, unsafeCode: true));

        private static MethodInfo Overload(string name, params Type[] parameters) =>
            Built.Value.GetType("Maps.M")!.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, parameters)
            ?? throw new InvalidOperationException($"no overload {name}({string.Join(", ", parameters.Select(p => p.Name))})");

        private static object? Invoke(MethodInfo method, params object?[] args)
        {
            try { return method.Invoke(null, args); }
            catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
        }

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 8, 9, 31, 100_003 };

        private static float[] Floats(int n, int seed)
        {
            var r = new Random(seed);
            float[] specials = { float.NaN, -0f, float.PositiveInfinity, float.NegativeInfinity, 1e-40f, 1.5f, -1f };
            return Enumerable.Range(0, n).Select(k => k % 7 == 3 ? specials[r.Next(specials.Length)] : (float)(r.NextDouble() * 6 - 3)).ToArray();
        }

        /// <summary>The function called element by element, against the generated overload that returns an array and the one that fills one.</summary>
        private static void Same<TIn, TOut>(string name, TIn[] input, object[] broadcast, Func<TOut, long> key, params Type[] scalarTypes)
        {
            MethodInfo scalar = Overload(name, scalarTypes);
            var expected = new TOut[input.Length];
            for (int k = 0; k < input.Length; k++)
                expected[k] = (TOut)Invoke(scalar, new object?[] { input[k] }.Concat(broadcast).ToArray())!;
            Type[] arrays = new[] { typeof(TIn[]) }.Concat(scalarTypes.Skip(1)).ToArray();
            var returned = (TOut[])Invoke(Overload(name, arrays), new object?[] { input }.Concat(broadcast).ToArray())!;
            Assert.Equal(expected.Select(key), returned.Select(key));
            var filled = new TOut[input.Length];
            Invoke(Overload(name, arrays.Append(typeof(TOut[])).ToArray()), new object?[] { input }.Concat(broadcast).Append(filled).ToArray());
            Assert.Equal(expected.Select(key), filled.Select(key));
        }

        private static long Bits(float f) => float.IsNaN(f) ? long.MinValue : BitConverter.SingleToInt32Bits(f);
        private static long Bits(double d) => double.IsNaN(d) ? long.MinValue : BitConverter.DoubleToInt64Bits(d);

        [Theory, MemberData(nameof(Sizes))]
        public void Map_overloads_equal_the_function_on_every_element(int n)
        {
            float[] f = Floats(n, n);
            double[] d = Floats(n, n + 1).Select(x => (double)x).ToArray();
            Same<float, float>("Square", f, Array.Empty<object>(), Bits, typeof(float));
            Same<double, double>("Scale", d, new object[] { 2.5 }, Bits, typeof(double), typeof(double));
            Same<float, float>("Clip", f, Array.Empty<object>(), Bits, typeof(float));
            Same<float, float>("Gain", f, new object[] { 0.7f }, Bits, typeof(float), typeof(float));
            Same<double, double>("Sigmoid", d, Array.Empty<object>(), Bits, typeof(double));
            Same<float, bool>("Positive", f, Array.Empty<object>(), b => b ? 1 : 0, typeof(float));
            var r = new Random(n + 2);
            byte[] pixels = Enumerable.Range(0, n).Select(_ => (byte)r.Next(256)).ToArray();
            foreach (int add in new[] { 0, 40, -300, 1000 })
                Same<byte, byte>("Brighten", pixels, new object[] { add }, b => b, typeof(byte), typeof(int));
            long[] longs = Enumerable.Range(0, n).Select(_ => r.NextInt64(-1_000_000, 1_000_000)).ToArray();

            // Two inputs, a broadcast in the middle, and the parameter names the generator would use itself.
            int[] a = Enumerable.Range(0, n).Select(_ => r.Next()).ToArray();
            short[] b = Enumerable.Range(0, n).Select(_ => (short)r.Next(short.MinValue, short.MaxValue)).ToArray();
            foreach (int shift in new[] { 0, 3, 33 })
            {
                int[] expected = Enumerable.Range(0, n).Select(k => (a[k] << shift) ^ b[k]).ToArray();
                Assert.Equal(expected, (int[])Invoke(Overload("Mix", typeof(int[]), typeof(short[]), typeof(int)), a, b, shift)!);
            }
            long[] offsets = Enumerable.Range(0, n).Select(k => (long)k).ToArray();
            Assert.Equal(longs.Select((x, k) => x * 3 + k), (long[])Invoke(Overload("Offset", typeof(long[]), typeof(long[])), longs, offsets)!);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Span_overloads_equal_the_array_overloads(int n)
        {
            // (Spans cannot go through reflection: a small generated caller compares them inside the assembly.)
            float[] f = Floats(n, n + 3);
            float[] viaArrays = (float[])Invoke(Overload("Square", typeof(float[])), f)!;
            float[] viaSpans = new float[n];
            Invoke(Built.Value.GetType("Maps.SpanCalls")!.GetMethod("Square")!, f, viaSpans);
            Assert.Equal(viaArrays.Select(Bits), viaSpans.Select(Bits));
        }

        private const string SpanCaller = """
            namespace Maps
            {
                public static class SpanCalls
                {
                    public static void Square(float[] x, float[] result) => M.Square(new System.ReadOnlySpan<float>(x), new System.Span<float>(result));
                }
            }
            """;

        [Fact]
        public void Lengths_that_differ_throw_before_any_work_and_null_arrays_throw()
        {
            var result = new double[] { 7, 7, 7 };
            MethodInfo scale = Overload("Scale", typeof(double[]), typeof(double), typeof(double[]));
            var e = Assert.Throws<ArgumentException>(() => Invoke(scale, new double[] { 1, 2 }, 2.0, result));
            Assert.Equal("result", e.ParamName);
            Assert.Equal(new double[] { 7, 7, 7 }, result); // nothing written
            MethodInfo mix = Overload("Mix", typeof(int[]), typeof(short[]), typeof(int));
            Assert.Throws<ArgumentException>(() => Invoke(mix, new int[3], new short[4], 1));
            Assert.Throws<ArgumentNullException>(() => Invoke(mix, null, new short[4], 1));
            Assert.Throws<ArgumentNullException>(() => Invoke(scale, new double[2], 2.0, null));
            // An element the function throws for: the overload throws the same exception.
            int[] values = Enumerable.Range(1, 5000).ToArray();
            values[4321] = 0;
            Assert.Throws<DivideByZeroException>(() => Invoke(Overload("Inverse", typeof(int[])), values));
        }

        /// <summary>
        /// Python multiprocessing's <c>worker(number)</c>, <c>(long)number * number</c>: its argument is bound to a local
        /// when the helper is inlined, and the product of two ints in long lanes is still one signed 32 x 32 -> 64
        /// multiply (KernelRuntime.MulInts), exact at the extremes (int.MinValue², int.MaxValue²).
        /// </summary>
        [Fact]
        public void A_widened_product_of_a_helper_argument_is_one_multiply_and_exact()
        {
            const string worker = """
                using KernelGen;
                public static partial class P
                {
                    [ParallelMap] public static long Worker(int number) => (long)number * number - number;
                }
                """;
            (Compilation _, GeneratorDriverRunResult run) = InMemory.Generate(InMemory.Compile(worker));
            Assert.Contains(run.GeneratedTrees, t => t.ToString().Contains("global::KernelGen.KernelRuntime.MulInts(__kg_a0, __kg_a0)"));
            MethodInfo map = InMemory.Build(worker).GetType("P")!.GetMethod("Worker", new[] { typeof(int[]), typeof(long[]) })!;
            var random = new Random(5);
            int[] numbers = Enumerable.Range(0, 10_007).Select(i => i % 97 == 0 ? int.MinValue : i % 89 == 0 ? int.MaxValue : random.Next(int.MinValue, int.MaxValue)).ToArray();
            long[] results = new long[numbers.Length];
            Invoke(map, numbers, results);
            Assert.Equal(numbers.Select(n => (long)n * n - n), results);
        }

        [Fact]
        public void Effects_keep_the_overloads_serial_and_the_report_says_what_ran_in_parallel()
        {
            var diagnostics = InMemory.Analyze(Source, unsafeCode: true);
            Diagnostic counted = Assert.Single(diagnostics, d => d.Id == "KG2013");
            Assert.Contains("Counted", counted.GetMessage());
            Assert.Contains("s_calls", counted.GetMessage());
            Assert.Equal("Counted", counted.Location.SourceTree!.GetText().ToString(counted.Location.SourceSpan));
            string Report(string name) => Assert.Single(diagnostics, d => d.Id == "KG3001" && d.GetMessage().Contains($"map overloads of {name}:")).GetMessage();
            foreach (string name in new[] { "Gain", "Square", "Scale", "Mix", "Clip", "Sigmoid", "Brighten", "Inverse" })
            {
                Assert.Contains("vector: Vector", Report(name));
                Assert.DoesNotContain("scalar body", Report(name));
            }
            Assert.Contains("byte elements in int lanes", Report("Brighten"));
            // Counted still gives the serial results (its overloads call the loop as written).
            int[] x = Enumerable.Range(0, 1000).ToArray();
            Assert.Equal(x, (int[])Invoke(Overload("Counted", typeof(int[])), x)!);

            (Compilation output, _) = InMemory.Generate(InMemory.Compile(Source, unsafeCode: true));
            var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        [Theory]
        [InlineData("public float Instance(float x) => x;", "is not static")]
        [InlineData("public static void Nothing(float x) { }", "returns nothing")]
        [InlineData("public static string Text(float x) => \"\";", "returns 'string'")]
        [InlineData("public static float Ref(ref float x) => x;", "by reference")]
        [InlineData("public static float Name(string s) => 0;", "has type 'string'")]
        [InlineData("public static float All([Broadcast] float a) => a;", "every parameter is [Broadcast]")]
        [InlineData("public static float None() => 1;", "no parameter")]
        [InlineData("public static T Generic<T>(T x) => x;", "generic")]
        public void Functions_that_cannot_be_mapped_get_KG2012(string member, string why) => Refused("ParallelMap", member, why);

        /// <summary>
        /// A [ParallelMap] or [ParallelStencil] <paramref name="member"/> gets KG2012 saying <paramref name="why"/>, and no
        /// generated code that fails to compile (only the member's own errors, e.g. an instance member of a static class).
        /// </summary>
        internal static void Refused(string attribute, string member, string why)
        {
            string source = $"using KernelGen;\npublic static partial class Bad\n{{\n    [{attribute}] {member}\n}}\n";
            Diagnostic d = Assert.Single(InMemory.Analyze(source), x => x.Id == "KG2012");
            Assert.Contains(why, d.GetMessage());
            (Compilation output, _) = InMemory.Generate(InMemory.Compile(source));
            Assert.DoesNotContain(output.GetDiagnostics(), x => x.Severity == DiagnosticSeverity.Error && !x.GetMessage().Contains("static class"));
        }

        [Fact]
        public void Maps_and_stencils_in_nested_generic_and_struct_types_with_overloads_and_keyword_names_compile_and_run()
        {
            const string source = """
                using System;
                using KernelGen;
                namespace Edge.Cases
                {
                    public partial class Outer<TTag>
                    {
                        internal static partial class Inner
                        {
                            [ParallelMap] public static float F(float @class) => @class * 2;
                            [ParallelMap] public static double F(double x, [Broadcast] double @in) => x + @in;
                            [ParallelStencil] private static int S(Neighbourhood1D<int> @event) => @event[-1] + @event[1];
                            public static int[] CallS(int[] a) { var r = new int[a.Length]; S(a, r, Border.Wrap); return r; }
                        }
                    }
                    public partial struct Pixel
                    {
                        [ParallelMap] internal static byte Dim(byte p) => (byte)(p / 2);
                        public static byte[] CallDim(byte[] a) => Dim(a);
                    }
                }
                """;
            (Compilation output, _) = InMemory.Generate(InMemory.Compile(source));
            var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            Assert.DoesNotContain(InMemory.Analyze(source), d => d.Severity >= DiagnosticSeverity.Warning);
            Assembly built = InMemory.Build(source);
            Type inner = built.GetType("Edge.Cases.Outer`1+Inner")!.MakeGenericType(typeof(int));
            float[] f = Floats(1000, 5);
            Assert.Equal(f.Select(x => Bits(x * 2)), ((float[])inner.GetMethod("F", new[] { typeof(float[]) })!.Invoke(null, new object[] { f })!).Select(Bits));
            double[] d = f.Select(x => (double)x).ToArray();
            Assert.Equal(d.Select(x => Bits(x + 0.5)), ((double[])inner.GetMethod("F", new[] { typeof(double[]), typeof(double) })!.Invoke(null, new object[] { d, 0.5 })!).Select(Bits));
            int[] a = Enumerable.Range(0, 100).ToArray();
            Assert.Equal(a.Select(i => a[(i + 99) % 100] + a[(i + 1) % 100]), (int[])inner.GetMethod("CallS")!.Invoke(null, new object[] { a })!);
            byte[] px = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
            Assert.Equal(px.Select(p => (byte)(p / 2)), (byte[])built.GetType("Edge.Cases.Pixel")!.GetMethod("CallDim")!.Invoke(null, new object[] { px })!);
        }

        [Fact]
        public void A_type_that_is_not_partial_or_declares_an_overload_itself_is_respected()
        {
            string notPartial = "using KernelGen;\npublic static class Plain\n{\n    [ParallelMap] public static float F(float x) => x;\n}\n";
            Assert.Contains(InMemory.Analyze(notPartial), d => d.Id == "KG2012" && d.GetMessage().Contains("not partial"));
            (Compilation output, _) = InMemory.Generate(InMemory.Compile(notPartial));
            Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

            // The type already has F(float[]): the generator leaves that overload out (no CS0111) and writes the others.
            string own = "using KernelGen;\npublic static partial class Own\n{\n    [ParallelMap] public static float F(float x) => x + 1;\n    public static float[] F(float[] x) => x;\n}\n";
            (output, var run) = InMemory.Generate(InMemory.Compile(own));
            Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(run.GeneratedTrees, t => t.ToString().Contains("static void F(float[] x, float[] result)"));
        }
    }
}
