using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// <c>[ParallelStencil]</c> (issue 16): the generated overload must equal the function called on the neighbourhood of
    /// every cell (the border as the policy says; Unchanged leaves the output's cells), bitwise, for every border policy,
    /// at 1-D sizes 0, 1, 7, 8, 9, 100,003 and odd 2-D shapes; offsets that are not constants get KG2012.
    /// </summary>
    public class StencilTests
    {
        private const string Source = """
            using System;
            using KernelGen;

            namespace Stencils
            {
                public static partial class S
                {
                    // numba's @stencil example: the average of the four neighbours.
                    [ParallelStencil] public static float Blur(Neighbourhood2D<float> a) => (a[-1, 0] + a[1, 0] + a[0, -1] + a[0, 1]) / 4;

                    // The 5-point Laplacian.
                    [ParallelStencil] public static double Laplacian(Neighbourhood2D<double> u) => u[-1, 0] + u[1, 0] + u[0, -1] + u[0, 1] - 4 * u[0, 0];

                    // An extent that is not symmetric (two ahead, one behind, one row down).
                    [ParallelStencil] public static int Forward(Neighbourhood2D<int> g) => g[0, 2] - g[0, 0] + 3 * g[1, -1];

                    // 1-D smoothing.
                    [ParallelStencil] public static float Smooth(Neighbourhood1D<float> s) => (s[-1] + 2 * s[0] + s[1]) * 0.25f;

                    // A block body.
                    [ParallelStencil]
                    public static double Edge(Neighbourhood1D<double> s)
                    {
                        double d = s[1] - s[-2];
                        if (d < 0) return -d;
                        return d;
                    }

                    // Math from the file's usings (the body is copied into generated code: the random stencils found
                    // it compiled without them).
                    [ParallelStencil] public static float Peak(Neighbourhood1D<float> s) => Math.Max(s[-1], Math.Max(s[0], s[1]));

                    // A 3x3 box blur of bytes.
                    [ParallelStencil]
                    public static byte Box(Neighbourhood2D<byte> p) =>
                        (byte)((p[-1, -1] + p[-1, 0] + p[-1, 1] + p[0, -1] + p[0, 0] + p[0, 1] + p[1, -1] + p[1, 0] + p[1, 1]) / 9);
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));
        private static Type S => Built.Value.GetType("Stencils.S")!;

        private static object? Invoke(MethodInfo m, params object?[] args)
        {
            try { return m.Invoke(null, args); }
            catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
        }

        private static readonly Border[] Policies = { Border.Unchanged, Border.Constant, Border.Clamp, Border.Wrap };

        private static long Key(object v) => v switch
        {
            float f => float.IsNaN(f) ? long.MinValue : BitConverter.SingleToInt32Bits(f),
            double d => double.IsNaN(d) ? long.MinValue : BitConverter.DoubleToInt64Bits(d),
            _ => Convert.ToInt64(v),
        };

        /// <summary>2-D: the overload against the function on every cell's neighbourhood; <paramref name="extent"/> (low y, high y, low x, high x) says which cells have a whole one.</summary>
        private static void Same2D<T>(string name, int h, int w, Func<Random, T> next, T value, (int Ly, int Hy, int Lx, int Hx) extent)
        {
            var r = new Random(h * 1000 + w);
            var input = new T[h, w];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) input[y, x] = next(r);
            MethodInfo function = S.GetMethod(name, new[] { typeof(Neighbourhood2D<T>) })!;
            MethodInfo overload = S.GetMethod(name, new[] { typeof(T[,]), typeof(T[,]), typeof(Border), typeof(T) })!;
            foreach (Border policy in Policies)
            {
                var expected = new T[h, w];
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) expected[y, x] = next(r); // what Unchanged keeps
                var actual = (T[,])expected.Clone();
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        bool inside = y + extent.Ly >= 0 && y + extent.Hy < h && x + extent.Lx >= 0 && x + extent.Hx < w;
                        if (inside || policy != Border.Unchanged)
                            expected[y, x] = (T)Invoke(function, new Neighbourhood2D<T>(input, y, x, policy, value))!;
                    }
                T[] initial = actual.Cast<T>().ToArray(); // (row by row)
                Invoke(overload, input, actual, policy, value);
                Assert.True(expected.Cast<object>().Select(Key).SequenceEqual(actual.Cast<object>().Select(Key)), $"{name} {h}x{w} {policy}");
                if (w == 0) continue;
                // The same image stored flat, w cells a row: the same cells.
                MethodInfo flat = S.GetMethod(name, new[] { typeof(T[]), typeof(T[]), typeof(int), typeof(Border), typeof(T) })!;
                T[] flatInput = input.Cast<T>().ToArray(), flatOutput = initial;
                Invoke(flat, flatInput, flatOutput, w, policy, value);
                Assert.True(expected.Cast<object>().Select(Key).SequenceEqual(flatOutput.Select(v => Key(v!))), $"{name} flat {h}x{w} {policy}");
            }
        }

        private static void Same1D<T>(string name, int n, Func<Random, T> next, T value, (int Low, int High) extent)
        {
            var r = new Random(n);
            T[] input = Enumerable.Range(0, n).Select(_ => next(r)).ToArray();
            MethodInfo function = S.GetMethod(name, new[] { typeof(Neighbourhood1D<T>) })!;
            MethodInfo overload = S.GetMethod(name, new[] { typeof(T[]), typeof(T[]), typeof(Border), typeof(T) })!;
            foreach (Border policy in Policies)
            {
                T[] expected = Enumerable.Range(0, n).Select(_ => next(r)).ToArray();
                T[] actual = (T[])expected.Clone();
                for (int i = 0; i < n; i++)
                    if (i + extent.Low >= 0 && i + extent.High < n || policy != Border.Unchanged)
                        expected[i] = (T)Invoke(function, new Neighbourhood1D<T>(input, i, policy, value))!;
                Invoke(overload, input, actual, policy, value);
                Assert.True(expected.Select(v => Key(v!)).SequenceEqual(actual.Select(v => Key(v!))), $"{name} n={n} {policy}");
            }
        }

        private static float F(Random r) => r.Next(23) == 0 ? float.NaN : (float)(r.NextDouble() * 8 - 4);
        private static double D(Random r) => r.Next(29) == 0 ? -0.0 : r.NextDouble() * 8 - 4;

        public static readonly TheoryData<int, int> Shapes = new() { { 0, 0 }, { 1, 1 }, { 0, 5 }, { 2, 3 }, { 3, 3 }, { 4, 2 }, { 7, 9 }, { 17, 33 }, { 64, 65 }, { 301, 257 } };

        [Theory, MemberData(nameof(Shapes))]
        public void Stencils_2D_equal_the_function_on_every_neighbourhood(int h, int w)
        {
            Same2D("Blur", h, w, F, 1.5f, (-1, 1, -1, 1));
            Same2D("Laplacian", h, w, D, -2.0, (-1, 1, -1, 1));
            Same2D("Forward", h, w, r => r.Next(), 7, (0, 1, -1, 2));
            Same2D("Box", h, w, r => (byte)r.Next(256), (byte)200, (-1, 1, -1, 1));
        }

        public static readonly TheoryData<int> Lengths = new() { 0, 1, 2, 3, 7, 8, 9, 33, 100_003 };

        [Theory, MemberData(nameof(Lengths))]
        public void Stencils_1D_equal_the_function_on_every_neighbourhood(int n)
        {
            Same1D("Smooth", n, F, -1f, (-1, 1));
            Same1D("Edge", n, D, 0.5, (-2, 1));
            Same1D("Peak", n, F, 3f, (-1, 1));
        }

        [Fact]
        public void Bad_arguments_throw_before_any_work()
        {
            MethodInfo blur = S.GetMethod("Blur", new[] { typeof(float[,]), typeof(float[,]), typeof(Border), typeof(float) })!;
            var a = new float[4, 4];
            var e = Assert.Throws<ArgumentException>(() => Invoke(blur, a, a, Border.Clamp, 0f));
            Assert.Contains("another array", e.Message);
            var output = new float[4, 5];
            output[0, 0] = 9;
            Assert.Throws<ArgumentException>(() => Invoke(blur, a, output, Border.Clamp, 0f));
            Assert.Equal(9, output[0, 0]);
            Assert.Throws<ArgumentNullException>(() => Invoke(blur, null, a, Border.Clamp, 0f));
            MethodInfo flat = S.GetMethod("Blur", new[] { typeof(float[]), typeof(float[]), typeof(int), typeof(Border), typeof(float) })!;
            Assert.Equal("width", Assert.Throws<ArgumentException>(() => Invoke(flat, new float[10], new float[10], 3, Border.Clamp, 0f)).ParamName);
            Assert.Throws<ArgumentException>(() => Invoke(flat, new float[12], new float[10], 3, Border.Clamp, 0f));
        }

        [Fact]
        public void The_report_shows_parallel_vector_stencils_and_generated_code_compiles()
        {
            var diagnostics = InMemory.Analyze(Source);
            Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
            string Report(string name) => Assert.Single(diagnostics, d => d.Id == "KG3001" && d.GetMessage().Contains($"stencil overload of {name}:")).GetMessage();
            (Compilation compiled, var run) = InMemory.Generate(InMemory.Compile(Source));
            foreach (string name in new[] { "Blur", "Laplacian", "Forward", "Box" })
            {
                // The flat layout's kernel too: parallel, with a vector loop.
                string flat = Assert.Single(run.GeneratedTrees, t => t.FilePath.Contains($"__kg_StencilFlat_{name}.")).ToString();
                Assert.DoesNotContain("scalar body", flat);
                Assert.Contains("Vector512/Vector256/Vector128", flat);
            }
            foreach (string name in new[] { "Blur", "Laplacian", "Forward", "Smooth", "Edge", "Box" })
            {
                Assert.Contains("parallelized", Report(name));
                Assert.Contains("Vector512/Vector256/Vector128", Report(name));
                Assert.DoesNotContain("scalar body", Report(name));
                Assert.DoesNotContain("lane by lane", Report(name));
            }
            var errors = compiled.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        [Fact]
        public void A_stencil_with_effects_runs_serially_with_KG2013_and_still_gives_its_results()
        {
            const string source = """
                using KernelGen;
                public static partial class Counting
                {
                    public static int Reads;
                    [ParallelStencil]
                    public static float Mean(Neighbourhood1D<float> a) { Reads += 2; return (a[-1] + a[1]) / 2; }
                }
                """;
            Diagnostic d = Assert.Single(InMemory.Analyze(source), x => x.Id == "KG2013");
            Assert.Contains("Reads", d.GetMessage());
            Type type = InMemory.Build(source).GetType("Counting")!;
            float[] input = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray(), output = new float[1000];
            type.GetMethod("Mean", new[] { typeof(float[]), typeof(float[]), typeof(Border), typeof(float) })!.Invoke(null, new object[] { input, output, Border.Unchanged, 0f });
            Assert.Equal(Enumerable.Range(1, 998).Select(i => (float)i), output.Skip(1).Take(998));
            Assert.Equal(2 * 998, (int)type.GetField("Reads")!.GetValue(null)!); // every interior cell once, serially
        }

        [Theory]
        [InlineData("public static float F(Neighbourhood2D<float> a, int k) => a[0, k];", "one parameter")]
        [InlineData("public static float F(Neighbourhood1D<float> a) { int k = 1; return a[k]; }", "not a constant")]
        [InlineData("public static float F(Neighbourhood1D<float> a) => G(a);\n    static float G(Neighbourhood1D<float> a) => a[0];", "other than as")]
        [InlineData("public static double F(Neighbourhood1D<float> a) => a[0];", "not the neighbourhood's element type")]
        [InlineData("public float F(Neighbourhood1D<float> a) => a[0];", "not static")]
        [InlineData("public static float F(float[] a) => a[0];", "Neighbourhood1D<T> or Neighbourhood2D<T>")]
        public void Stencils_that_cannot_be_generated_get_KG2012(string member, string why) => MapTests.Refused("ParallelStencil", member, why);
    }
}
