using System.Linq;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Writes (and reads) of shared array elements in forms the race analysis once did not see, found while checking
    /// what MPI ranks must share (a write the analysis misses is a race on threads and a lost row on ranks):
    /// spans made in the body over a shared array (<c>new Span&lt;float&gt;(r, 0, 1)</c> counted as a fresh object, and
    /// reads through <c>ReadOnlySpan&lt;float&gt; s = r;</c> were not paired with the writes of r), deconstruction
    /// targets (<c>(r[i], t) = …</c>), struct methods called on an element (<c>pts[i].Move(d)</c>), from-end indices
    /// (<c>r[^1] = …</c> was no access at all) and <c>Array.SetValue</c> (its receiver counted as read only).
    /// </summary>
    public class HiddenWriteTests
    {
        private const string Header = "using System; using KernelGen; using static KernelGen.Kernel;\npublic static partial class K {\n";

        [Theory]
        [InlineData("{ var s = new Span<float>(r); s[0] = a[i]; }")]
        [InlineData("{ var s = new Span<float>(ref r[0]); s[0] = a[i]; }")]
        [InlineData("{ ReadOnlySpan<float> s = r; r[i] = s[i + 1] + a[i]; }")]      // reads what iteration i + 1 writes
        [InlineData("{ var s = new ReadOnlySpan<float>(r); r[i] = s[i + 1] + a[i]; }")]
        public void A_span_over_a_written_array_keeps_the_loop_serial(string body)
        {
            var ids = InMemory.Analyze(Header + "[ParallelKernel] public static void F(float[] a, float[] r) { foreach (int i in PRange(a.Length - 1)) " + body + " } }")
                .Select(d => d.Id).ToList();
            Assert.Contains("KG1004", ids);
            Assert.DoesNotContain("KG3001", ids);
        }

        [Fact]
        public void A_window_every_iteration_writes_is_a_proven_race()
        {
            // A span window (r[0 + t], t < 1): every iteration writes r[0], reported where it is written (KG1002, an error).
            var ids = InMemory.Analyze(Header + "[ParallelKernel] public static void F(float[] a, float[] r) { foreach (int i in PRange(a.Length - 1)) { var s = new Span<float>(r, 0, 1); s[0] = a[i]; } } }")
                .Select(d => d.Id).ToList();
            Assert.Contains("KG1002", ids);
            Assert.DoesNotContain("KG3001", ids);
        }

        [Theory]
        [InlineData("{ Span<float> t = stackalloc float[4]; t[0] = a[i]; r[i] = t[0]; }")] // its own memory
        [InlineData("{ ReadOnlySpan<float> s = a; r[i] = s[i + 1] + a[i]; }")]           // a is never written
        public void A_span_over_fresh_or_unwritten_memory_stays_parallel(string body)
        {
            var ids = InMemory.Analyze(Header + "[ParallelKernel] public static void F(float[] a, float[] r) { foreach (int i in PRange(a.Length - 1)) " + body + " } }")
                .Select(d => d.Id).ToList();
            Assert.Contains("KG3001", ids);
            Assert.DoesNotContain(ids, id => id.StartsWith("KG1"));
        }

        /// <summary>
        /// Reads of elements the loop writes, where the race analysis sees no subscript: inside helpers (a static
        /// field, an instance field), lambdas declared before the loop or in it, local functions, BCL calls, and
        /// through a private alias of the array. Each was parallel with no diagnostic before (a race: iteration i reads
        /// r[i + 1], which iteration i + 1 writes).
        /// </summary>
        [Theory]
        [InlineData("static float[] s_r = new float[64]; static float Look(int k) => s_r[k];", "s_r[i] = a[i]; b[i] = Look(i + 1);", "KG1004")]
        [InlineData("", "r[i] = a[i]; b[i] = Get(r, i + 1);", "KG1001")] // (the accessor's read is r[i + 1] at the call: a proven dependence, HelperAccessTests)
        [InlineData("", "r[i] = a[i]; b[i] = Array.IndexOf(r, 2f);", "KG1004")]
        [InlineData("", "r[i] = a[i]; var t = new float[2]; Array.Copy(r, i, t, 0, 2); b[i] = t[1];", "KG1004")]
        [InlineData("", "r[i] = a[i]; b[i] = r.AsSpan(0, i).IndexOf(3f);", "KG1004")]
        [InlineData("", "Func<int, float> get = k => r[k]; r[i] = a[i]; b[i] = get(i + 1);", "KG1004")]
        [InlineData("", "float Get2(int k) => r[k]; r[i] = a[i]; b[i] = Get2(i + 1);", "KG1004")]
        [InlineData("", "Action<int> put = k => r[k] = a[k]; put(0);", "KG1004")]
        [InlineData("", "r[i] = a[i]; var q = r; b[i] = q[i + 1];", "KG1001")]
        [InlineData("", "void Put(int k) => r[k] = a[k]; Put(0);", "KG1004")]
        [InlineData("", "r[i] = a[i]; var q = i > 3 ? r : a; b[i] = q[i + 1];", "KG1004")]
        public void Reads_the_race_analysis_cannot_see_pair_with_the_writes(string members, string body, string expected)
            => Flagged(members, "", body, expected);

        /// <summary>A lambda declared before the loop that writes an element (its writes were dropped as the loop body's own).</summary>
        [Fact]
        public void An_outer_lambda_that_writes_elements_keeps_the_loop_serial() =>
            Flagged("", "Action<int> put = k => r[k] = a[k];", "put(0);", "KG1004");

        private static void Flagged(string members, string before, string body, string expected)
        {
            string source = Header + members + "\nstatic float Get(float[] x, int k) => x[k];\n"
                + $"[ParallelKernel] public static void F(float[] a, float[] r, float[] b) {{ {before} foreach (int i in PRange(a.Length - 1)) {{ {body} }} }} }}";
            var ids = InMemory.Analyze(source).Select(d => d.Id).ToList();
            Assert.Contains(expected, ids);
            Assert.DoesNotContain("KG3001", ids);
        }

        /// <summary>Whole rows and arrays read by foreach, by a helper given a row, or through a pointer made in the body.</summary>
        [Theory]
        [InlineData("r[i] = a[i]; float s = 0; foreach (var v in r) s += v; b[i] = s;", "KG1004")]
        [InlineData("g[i][0] = a[i]; float s = 0; foreach (var v in g[i + 1]) s += v; b[i] = s;", "KG1001")]
        [InlineData("g[i][0] = a[i]; b[i] = Sum(g[i + 1]);", "KG1001")]
        [InlineData("r[i] = a[i]; fixed (float* p = r) b[i] = p[i + 1];", "KG1004")]
        public void Whole_rows_and_pointers_pair_with_the_writes(string body, string expected)
        {
            string source = "using System; using KernelGen; using static KernelGen.Kernel;\npublic static unsafe partial class K {\n"
                + "static float Sum(float[] x) { float s = 0; for (int k = 0; k < x.Length; k++) s += x[k]; return s; }\n"
                + $"[ParallelKernel] public static void F(float[] a, float[] r, float[] b, float[][] g) {{ foreach (int i in PRange(a.Length - 1)) {{ {body} }} }} }}";
            var ids = InMemory.Analyze(source, unsafeCode: true).Select(d => d.Id).ToList();
            Assert.Contains(expected, ids);
            Assert.DoesNotContain("KG3001", ids);
        }

        [Theory]
        [InlineData("float s = 0; foreach (var v in g[i]) s += v; g[i][0] = s; b[i] = Sum(g[i]);")] // its own row
        [InlineData("g[i][0] = a[i]; b[i] = g[i + 1].Length;")]                                     // a length, not the elements
        [InlineData("float s = 0; foreach (var v in a) s += v; r[i] = s;")]                          // a is never written
        [InlineData("float* t = stackalloc float[2]; t[0] = a[i]; r[i] = t[0];")]                   // its own memory
        public void Own_rows_lengths_and_private_pointers_stay_parallel(string body)
        {
            string source = "using System; using KernelGen; using static KernelGen.Kernel;\npublic static unsafe partial class K {\n"
                + "static float Sum(float[] x) { float s = 0; for (int k = 0; k < x.Length; k++) s += x[k]; return s; }\n"
                + $"[ParallelKernel] public static void F(float[] a, float[] r, float[] b, float[][] g) {{ foreach (int i in PRange(a.Length - 1)) {{ {body} }} }} }}";
            var ids = InMemory.Analyze(source, unsafeCode: true).Select(d => d.Id).ToList();
            Assert.Contains("KG3001", ids);
            Assert.DoesNotContain(ids, id => id.StartsWith("KG1"));
        }

        [Theory]
        [InlineData("Func<int, float> sq = k => a[k] * a[k]; r[i] = sq(i);")]     // the lambda reads only a, never written
        [InlineData("var q = r; q[i] = a[i] * 2;")]                                // an alias of r, its own element
        [InlineData("b[i] = Get(a, i + 1); r[i] = b[i];")]                          // the helper reads a, never written
        [InlineData("var row = r.AsSpan(i, 1); row[0] = a[i];")]                    // a window of one element, its own
        public void Reads_of_unwritten_arrays_and_own_elements_stay_parallel(string body)
        {
            string source = Header + "static float Get(float[] x, int k) => x[k];\n"
                + $"[ParallelKernel] public static void F(float[] a, float[] r, float[] b) {{ foreach (int i in PRange(a.Length - 1)) {{ {body} }} }} }}";
            var ids = InMemory.Analyze(source).Select(d => d.Id).ToList();
            Assert.Contains("KG3001", ids);
            Assert.DoesNotContain(ids, id => id.StartsWith("KG1"));
        }

        private const string Point = "public struct P { public float X, Y; public void Set(float v) { X = v; } public readonly float Sum() => X + Y; }\n";

        [Theory]
        [InlineData("float[] a, float[] r", "(r[0], _) = (a[i], 0);", "KG1002")]
        [InlineData("float[] a, P[] pts", "pts[0].Set(a[i]);", "KG1002")]
        [InlineData("float[] a, float[] r", "r[^1] = a[i];", "KG1004")]                 // every iteration writes the last element
        [InlineData("float[] a, float[] r", "r.SetValue(a[i], 0);", "KG1006")]          // Array.SetValue writes its receiver
        [InlineData("float[] a, float[] r", "(r[i], _) = (a[i], 0);", "rows of r")]
        [InlineData("float[] a, P[] pts", "pts[i].Set(a[i]);", "rows of pts")]
        [InlineData("float[] a, P[] pts", "a[i] = pts[0].Sum();", "rows of a")] // a readonly method only reads
        public void Deconstruction_struct_methods_from_end_indices_and_SetValue_are_writes(string parameters, string body, string expected)
        {
            string source = Header.Replace("public static partial class K {", Point + "public static partial class K {")
                + $"[ParallelKernel] public static void F({parameters}) {{ foreach (int i in PRange(a.Length)) {{ {body} }} }} }}";
            if (expected.StartsWith("KG"))
            {
                Assert.Contains(expected, InMemory.Analyze(source).Select(d => d.Id));
                return;
            }
            (_, var run) = InMemory.Generate(InMemory.Compile(source));
            string report = string.Join("\n", run.GeneratedTrees.SelectMany(t => t.ToString().Split('\n')).Where(l => l.Contains("MPI ranks")));
            Assert.Contains(expected, report);
        }
    }
}
