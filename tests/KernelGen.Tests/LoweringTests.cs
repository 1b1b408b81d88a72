using System.Linq;
using KernelGen.Generator.Frontend;
using KernelGen.Generator.Ir;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>The frontend's lowering of PRange bodies to the loop IR (<see cref="Lowering"/>), checked through the IR's dump.</summary>
    public class LoweringTests
    {
        private readonly ITestOutputHelper _output;
        public LoweringTests(ITestOutputHelper output) => _output = output;

        internal static LoopIr Lower(string members, string loopOf = "Run")
        {
            string source = "using System; using KernelGen; using static KernelGen.Kernel;\npublic static partial class K {\n" + members + "\n}\n";
            CSharpCompilation compilation = InMemory.Compile(source);
            SyntaxTree tree = compilation.SyntaxTrees.Single();
            SemanticModel model = compilation.GetSemanticModel(tree);
            MethodDeclarationSyntax method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == loopOf);
            ForEachStatementSyntax loop = method.DescendantNodes().OfType<ForEachStatementSyntax>().First();
            return Lowering.Lower(loop, model)!;
        }

        private string Dump(string members)
        {
            string dump = Printer.Dump(Lower(members));
            _output.WriteLine(dump);
            return dump;
        }

        [Fact]
        public void Element_wise_body_with_promotions_made_explicit()
        {
            string dump = Dump("public static void Run(float[] a, byte[] b, float[] r, float k) { foreach (int i in PRange(1, a.Length)) r[i] = a[i - 1] * k + b[i]; }");
            Assert.StartsWith("prange i in [1, a.Length) step 1; shared ", dump);
            Assert.Contains("r[i] = ((a[(i - 1)] * k) + unchecked((float)(b[i])))", dump);
        }

        [Fact]
        public void Helpers_are_inlined_with_each_argument_bound_once_and_unknown_calls_stay_opaque()
        {
            string dump = Dump(@"static double Sq(double v) => v * v;
static double Twice(double v) { return v + v; }
public static void Run(double[] a, double[] r) { foreach (int i in PRange(a.Length)) r[i] = Sq(a[i] + 1) + Twice(a[i]) + a[i].CompareTo(0); }");
            Assert.Contains("(let __kg_Sq_v_", dump);
            Assert.Contains("(let __kg_Twice_v_", dump);
            Assert.Contains("(a[i].CompareTo(0))", dump); // opaque, kept as text
        }

        [Fact]
        public void Fields_of_flat_struct_arrays_are_elements_of_a_view_unless_the_array_is_also_read_whole()
        {
            const string particle = "public struct P { public float X, Y, VX, VY; }\n";
            string fields = Printer.Dump(Lower(particle.Replace("public struct", "public struct") + "public static void Run(P[] p, float dt) { foreach (int i in PRange(p.Length)) p[i].X += p[i].VX * dt; }"));
            _output.WriteLine(fields);
            Assert.Contains("__kg_flat_p[(4 * i)] += (__kg_flat_p[((4 * i) + 2)] * dt)", fields);
            Assert.Equal("p", Lower(particle + "public static void Run(P[] p, float dt) { foreach (int i in PRange(p.Length)) p[i].X += p[i].VX * dt; }").Views.Single().Array);
            // Read whole by a helper as well: the same memory two ways, so no view at all (the loop is lowered again).
            LoopIr whole = Lower(particle + "static float S(P q) => q.X + q.Y;\npublic static void Run(P[] p) { foreach (int i in PRange(p.Length)) { p[i].X = 1f; p[i].Y = S(p[i]); } }");
            _output.WriteLine(Printer.Dump(whole));
            Assert.Empty(whole.Views);
            Assert.DoesNotContain("__kg_flat_p", Printer.Dump(whole));
            // A ref local of the element is the element; passed whole, the array gets no view either.
            Assert.Contains("__kg_flat_p[(4 * i)] += (__kg_flat_p[((4 * i) + 2)] * dt)",
                Printer.Dump(Lower(particle + "public static void Run(P[] p, float dt) { foreach (int i in PRange(p.Length)) { ref P q = ref p[i]; q.X += q.VX * dt; } }")));
            Assert.Empty(Lower(particle + "static float S(P q) => q.X + q.Y;\npublic static void Run(P[] p) { foreach (int i in PRange(p.Length)) { ref P q = ref p[i]; q.Y = S(q); } }").Views);
            // A struct local copied from the element: a local per field; passed whole, none (q itself).
            string copied = Printer.Dump(Lower(particle + "public static void Run(P[] p, float dt) { foreach (int i in PRange(p.Length)) { var q = p[i]; q.X += q.VX * dt; p[i] = q; } }"));
            _output.WriteLine(copied);
            Assert.Contains("__kg_q_X = __kg_flat_p[(4 * i)]", copied);
            Assert.Contains("__kg_flat_p[((4 * i) + 3)] = __kg_q_VY", copied);
            string passed = Printer.Dump(Lower(particle + "static float S(P q) => q.X + q.Y;\npublic static void Run(P[] p, float[] o) { foreach (int i in PRange(p.Length)) { var q = p[i]; q.X += 1; o[i] = S(q); } }"));
            Assert.DoesNotContain("__kg_q_", passed);
            // A field stored twice: the element's fields are locals, loaded first (all: each is stored back), stored last.
            string held = Printer.Dump(Lower(particle + "public static void Run(P[] p, float dt) { foreach (int i in PRange(p.Length)) { p[i].X += dt; p[i].X *= 0.5f; } }"));
            _output.WriteLine(held);
            Assert.Contains("__kg_p_VY = __kg_flat_p[((4 * i) + 3)]", held);
            Assert.Contains("__kg_flat_p[((4 * i) + 3)] = __kg_p_VY", held);
        }

        [Fact]
        public void Counted_inner_loops_while_loops_and_branches_lower_to_structured_statements()
        {
            string dump = Dump(@"public static void Run(int[] o, int w) { foreach (int y in PRange(4)) { for (int x = 0; x < w; x++) { int n = 0; while (n < 10 && x > n) n++; if (n > 3) o[y * w + x] = n; else o[y * w + x] = -n; } } }");
            Assert.Contains("for x in [0, w)", dump);
            Assert.Contains("while ((n < 10) && (x > n))", dump);
            Assert.Contains("n += 1", dump);
            Assert.Contains("if (n > 3)", dump);
            Assert.Contains("o[((y * w) + x)] = (-n)", dump);
        }
    }
}
