using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The effect model (issue "Never a silent race"): every side effect of a PRange body outside its own array
    /// elements and locals is either flagged at the exact place (KG1005/KG1006/KG1007, the loop stays serial) or shown
    /// harmless (atomic updates, pure helpers, distinct rows and objects), and then the parallel loop gives the serial
    /// result. One test per construct of the issue.
    /// </summary>
    public class EffectTests
    {
        private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using KernelGen; using static KernelGen.Kernel;\n";

        private static string Source(string members, string types = "") =>
            Usings + types + "\npublic static partial class K\n{\n" + members + "\n}\n";

        /// <summary>KG1xxx diagnostics as "ID `text at the location`", and whether any loop was parallelized.</summary>
        private static (List<string> Flags, bool Parallel) Analyze(string source)
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099");
            return (diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal))
                        .Select(d => $"{d.Id} `{d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}`").ToList(),
                    diagnostics.Any(d => d.Id == "KG3001"));
        }

        private static void Flagged(string members, string expected, string types = "")
        {
            (List<string> flags, bool parallel) = Analyze(Source(members, types));
            Assert.Equal(new[] { expected }, flags);
            Assert.False(parallel, "a flagged loop must stay serial");
        }

        private static Diagnostic Single(string members, string id, string types = "") =>
            InMemory.Analyze(Source(members, types)).Single(d => d.Id == id);

        // ---- the four loops of the issue ------------------------------------------------------------------------

        [Fact]
        public void A_static_field_updated_in_the_loop_is_flagged_at_the_update()
        {
            Flagged("static int Counter;\n[ParallelKernel] public static void A(int[] x) { foreach (int i in PRange(x.Length)) if (x[i] > 0) Counter++; }",
                "KG1006 `Counter`");
            Diagnostic d = Single("static int Counter;\n[ParallelKernel] public static void A(int[] x) { foreach (int i in PRange(x.Length)) if (x[i] > 0) Counter++; }", "KG1006");
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("writes static field 'K.Counter'", d.GetMessage());
            Assert.Contains("Interlocked", d.GetMessage()); // the fix for an integer counter
        }

        [Fact]
        public void A_static_updated_by_a_helper_at_any_depth_is_flagged_at_the_call()
        {
            const string Helpers = "static int Seen, Last;\nstatic void Note(int v) { Seen++; Last = v; }\nstatic void Middle(int v) { if (v > 3) Note(v); }\nstatic void Outer(int v) => Middle(v);\n";
            Flagged(Helpers + "[ParallelKernel] public static void B(int[] x) { foreach (int i in PRange(x.Length)) Note(x[i]); }", "KG1006 `Note(x[i])`");
            Flagged(Helpers + "[ParallelKernel] public static void B(int[] x) { foreach (int i in PRange(x.Length)) Outer(x[i]); }", "KG1006 `Outer(x[i])`");
            string message = Single(Helpers + "[ParallelKernel] public static void B(int[] x) { foreach (int i in PRange(x.Length)) Outer(x[i]); }", "KG1006").GetMessage();
            Assert.Contains("K.Outer → K.Middle → K.Note", message);
        }

        [Fact]
        public void A_list_written_by_index_is_flagged_with_the_span_fix()
        {
            const string Kernel = "[ParallelKernel] public static void L(List<float> xs) { foreach (int i in PRange(xs.Count)) xs[i] = xs[i] * 2; }";
            Flagged(Kernel, "KG1006 `xs[i]`");
            string message = Single(Kernel, "KG1006").GetMessage();
            Assert.Contains("CollectionsMarshal.AsSpan(list)", message);
            // The span the fix names is no race.
            Assert.Empty(Analyze(Source("[ParallelKernel] public static void S(Span<float> xs) { foreach (int i in PRange(xs.Length)) xs[i] = xs[i] * 2; }")).Flags);
        }

        [Fact]
        public void A_delegate_with_effects_the_kernel_cannot_see_is_flagged_at_the_call()
        {
            Flagged("[ParallelKernel] public static void C(int[] x, Action<int> visit) { foreach (int i in PRange(x.Length)) visit(x[i]); }", "KG1007 `visit(x[i])`");
            Flagged("[ParallelKernel] public static void C(int[] x, Func<int, int> f, int[] r) { foreach (int i in PRange(x.Length)) r[i] = f(x[i]); }", "KG1007 `f(x[i])`");
            Assert.Contains("delegate parameter 'visit'", Single("[ParallelKernel] public static void C(int[] x, Action<int> visit) { foreach (int i in PRange(x.Length)) visit(x[i]); }", "KG1007").GetMessage());
        }

        [Fact]
        public void Jagged_rows_are_checked_distinct_at_the_launch_and_shared_rows_run_serially()
        {
            string source = Source("[ParallelKernel] public static void D(double[][] rows) { foreach (int i in PRange(rows.Length)) rows[i][0] += 1; }");
            Assert.True(Analyze(source).Parallel);
            Assembly assembly = InMemory.Build(source);
            // Distinct rows: parallel, the serial result.
            double[][] distinct = Enumerable.Range(0, 100_003).Select(i => new double[] { i, -i }).ToArray();
            double[][] expected = distinct.Select(r => (double[])r.Clone()).ToArray();
            InMemory.Call(assembly, "K", "D", new object[] { expected });
            InMemory.Call(assembly, "K", "DParallel", new object[] { distinct });
            Assert.Equal(expected, distinct);
            // One row in every slot: every iteration updates the same element; only the serial loop gets n.
            double[] shared = new double[2];
            double[][] same = Enumerable.Repeat(shared, 100_003).ToArray();
            InMemory.Call(assembly, "K", "DParallel", new object[] { same });
            Assert.Equal(100_003, shared[0]);
        }

        // ---- the other constructs of the issue ------------------------------------------------------------------

        [Fact]
        public void An_instance_field_of_an_object_passed_in_is_flagged()
        {
            const string Types = "public sealed class Acc { public double Total; public double Scale = 1; }\n";
            Flagged("[ParallelKernel] public static void E(double[] x, Acc acc) { foreach (int i in PRange(x.Length)) acc.Total += x[i] * acc.Scale; }", "KG1006 `acc.Total`", Types);
            // Only read: parallel.
            Assert.True(Analyze(Source("[ParallelKernel] public static void E(double[] x, double[] r, Acc acc) { foreach (int i in PRange(x.Length)) r[i] = x[i] * acc.Scale; }", Types)).Parallel);
        }

        [Fact]
        public void Fields_of_a_static_struct_are_flagged()
        {
            Flagged("public struct P { public int X, Y; }\nstatic P Pos;\n[ParallelKernel] public static void E(int[] x) { foreach (int i in PRange(x.Length)) Pos.X += x[i]; }", "KG1006 `Pos.X`");
        }

        [Fact]
        public void A_lambda_that_updates_a_captured_local_is_flagged_where_the_loop_calls_it()
        {
            Flagged("[ParallelKernel] public static int E(int[] x) { int count = 0; Action inc = () => count++; foreach (int i in PRange(x.Length)) inc(); return count; }", "KG1006 `inc()`");
            // A lambda that only computes, assigned once before the loop: its body is checked, the loop stays parallel.
            Assert.True(Analyze(Source("[ParallelKernel] public static void E(int[] x, int[] r) { Func<int, int> twice = v => v * 2; foreach (int i in PRange(x.Length)) r[i] = twice(x[i]); }")).Parallel);
        }

        [Fact]
        public void Collections_and_a_shared_Random_are_flagged()
        {
            Flagged("[ParallelKernel] public static void E(int[] x, List<int> list) { foreach (int i in PRange(x.Length)) list.Add(x[i]); }", "KG1006 `list.Add(x[i])`");
            Flagged("[ParallelKernel] public static void E(int[] x, Dictionary<int, int> d) { foreach (int i in PRange(x.Length)) d[x[i]] = i; }", "KG1006 `d[x[i]]`");
            Flagged("[ParallelKernel] public static void E(int[] x, Random rng) { foreach (int i in PRange(x.Length)) x[i] = rng.Next(); }", "KG1006 `rng.Next()`");
            Flagged("static readonly Random Shared = new Random(1);\n[ParallelKernel] public static void E(int[] x) { foreach (int i in PRange(x.Length)) x[i] = Shared.Next(100); }", "KG1006 `Shared.Next(100)`");
            // Created inside the iteration: private, parallel.
            Assert.True(Analyze(Source("[ParallelKernel] public static void E(int[] x) { foreach (int i in PRange(x.Length)) { var tmp = new List<int>(); tmp.Add(x[i]); var g = new Random(i); x[i] = tmp.Count + g.Next(10); } }")).Parallel);
        }

        [Fact]
        public void A_helper_with_an_out_parameter_that_also_writes_a_static_is_flagged()
        {
            const string Helper = "static int Hits;\nstatic int Split(int v, out int rest) { Hits++; rest = v % 10; return v / 10; }\nstatic int Pure(int v, out int rest) { rest = v % 10; return v / 10; }\n";
            Flagged(Helper + "[ParallelKernel] public static void E(int[] x, int[] y) { foreach (int i in PRange(x.Length)) { x[i] = Split(x[i], out int r); y[i] = r; } }", "KG1006 `Split(x[i], out int r)`");
            Assert.True(Analyze(Source(Helper + "[ParallelKernel] public static void E(int[] x, int[] y) { foreach (int i in PRange(x.Length)) { x[i] = Pure(x[i], out int r); y[i] = r; } }")).Parallel);
        }

        [Fact]
        public void A_ref_parameter_updated_in_the_loop_is_a_race_diagnostic()
        {
            Flagged("[ParallelKernel] public static void E(double[] x, ref double total) { foreach (int i in PRange(x.Length)) total += x[i]; }", "KG1006 `total`");
            Assert.Contains("ref parameter 'total'", Single("[ParallelKernel] public static void E(double[] x, ref double total) { foreach (int i in PRange(x.Length)) total += x[i]; }", "KG1006").GetMessage());
        }

        [Fact]
        public void Virtual_interface_and_unknown_external_calls_are_flagged()
        {
            const string Types = "public abstract class Shape { public abstract double Area(); }\npublic interface IScale { double Apply(double v); }\n";
            Flagged("[ParallelKernel] public static void E(Shape[] s, double[] r) { foreach (int i in PRange(s.Length)) r[i] = s[i].Area(); }", "KG1007 `s[i].Area()`", Types);
            Flagged("[ParallelKernel] public static void E(double[] x, IScale f) { foreach (int i in PRange(x.Length)) x[i] = f.Apply(x[i]); }", "KG1007 `f.Apply(x[i])`", Types);
            Flagged("[ParallelKernel] public static void E(int[] x) { foreach (int i in PRange(x.Length)) Console.WriteLine(x[i]); }", "KG1007 `Console.WriteLine(x[i])`");
        }

        [Fact]
        public void Recursion_is_summarized_and_an_effect_anywhere_in_the_cycle_is_found()
        {
            const string Helpers = "static int Depth;\nstatic int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);\n"
                + "static int Ping(int n) => n <= 0 ? 0 : Pong(n - 1) + 1;\nstatic int Pong(int n) { if (n == 7) Depth++; return n <= 0 ? 0 : Ping(n - 1); }\n";
            Assert.True(Analyze(Source(Helpers + "[ParallelKernel] public static void E(int[] x) { foreach (int i in PRange(x.Length)) x[i] = Fib(x[i] & 15); }")).Parallel);
            Flagged(Helpers + "[ParallelKernel] public static void E(int[] x) { foreach (int i in PRange(x.Length)) x[i] = Ping(x[i] & 15); }", "KG1006 `Ping(x[i] & 15)`");
        }

        // ---- what must stay parallel ----------------------------------------------------------------------------

        [Fact]
        public void Linq_over_rows_of_numbers_and_stackalloc_scratch_stay_parallel()
        {
            // A row summed with LINQ (Enumerable calls nothing of a float's but the runtime's) and a median of three in
            // a stackalloc'd span sorted in place (this iteration's own memory): both were serial (KG1007, KG1006).
            string source = Source(@"
[ParallelKernel] public static void RowSums(float[][] rows, float[] sums) { foreach (int i in PRange(rows.Length)) sums[i] = rows[i].Sum(); }
[ParallelKernel] public static void Median3(float[] a, float[] o)
{
    foreach (int i in PRange(1, a.Length - 1))
    {
        Span<float> t = stackalloc float[3];
        t[0] = a[i - 1]; t[1] = a[i]; t[2] = a[i + 1];
        t.Sort();
        o[i] = t[1];
    }
}").Replace("using System;", "using System; using System.Linq;");
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)));
            Assembly assembly = InMemory.Build(source);
            var random = new Random(5);
            float[][] rows = Enumerable.Range(0, 301).Select(r => Enumerable.Range(0, r % 17).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
            Differential.Same(assembly, "K", "RowSums", rows, new float[rows.Length]);
            Differential.Same(assembly, "K", "Median3", Enumerable.Range(0, 5003).Select(_ => (float)random.NextDouble()).ToArray(), new float[5003]);
            // Still flagged: the elements' own comparison is user code, and a span over a shared array is not scratch.
            const string Types = "public sealed class Score : IComparable<Score> { public int V; public int CompareTo(Score? o) => V.CompareTo(o!.V); }\n";
            Flagged("[ParallelKernel] public static void M(Score[][] s, Score[] best) { foreach (int i in PRange(s.Length)) best[i] = System.Linq.Enumerable.Max(s[i])!; }",
                "KG1007 `System.Linq.Enumerable.Max(s[i])`", Types);
            Flagged("[ParallelKernel] public static void M(float[] a) { foreach (int i in PRange(a.Length)) { Span<float> t = i > 0 ? stackalloc float[3] : a; t.Sort(); } }",
                "KG1004 `t.Sort()`");
        }

        [Fact]
        public void Interlocked_counters_stay_parallel_and_count_exactly()
        {
            string source = Source(@"
static int Total;
static bool IsPrime(int n) { if (n < 2) return false; for (int d = 2; d * d <= n; d++) if (n % d == 0) return false; return true; }
[ParallelKernel] public static int Primes(int[] x) { int count = 0; foreach (int i in PRange(x.Length)) if (IsPrime(x[i])) Interlocked.Increment(ref count); return count; }
[ParallelKernel] public static int AddAll(int[] x) { Total = 0; foreach (int i in PRange(x.Length)) Interlocked.Add(ref Total, x[i]); return Total; }
[ParallelKernel] public static void Hist(int[] x, int[] hist) { foreach (int i in PRange(x.Length)) Interlocked.Increment(ref hist[x[i] & 15]); }");
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)));
            Assert.Equal(3, diagnostics.Count(d => d.Id == "KG3001"));
            Assembly assembly = InMemory.Build(source);
            int[] x = Enumerable.Range(0, 200_003).Select(i => (i * 7919) % 100_000).ToArray();
            Assert.Equal(InMemory.Call(assembly, "K", "Primes", x), InMemory.Call(assembly, "K", "PrimesParallel", x));
            Assert.Equal(InMemory.Call(assembly, "K", "AddAll", x), InMemory.Call(assembly, "K", "AddAllParallel", x));
            int[] h1 = new int[16], h2 = new int[16];
            InMemory.Call(assembly, "K", "Hist", x, h1);
            InMemory.Call(assembly, "K", "HistParallel", x, h2);
            Assert.Equal(h1, h2);
        }

        [Fact]
        public void Using_the_result_of_an_atomic_update_is_flagged()
        {
            Assert.Equal("KG1005", Single("[ParallelKernel] public static void E(int[] x, int[] r) { int next = 0; foreach (int i in PRange(x.Length)) if (x[i] > 0) r[Interlocked.Increment(ref next) - 1] = x[i]; }", "KG1005").Id);
            Flagged("static int Next;\n[ParallelKernel] public static void E(int[] x, int[] r) { foreach (int i in PRange(x.Length)) r[i] = Interlocked.Increment(ref Next); }", "KG1006 `Interlocked.Increment(ref Next)`");
        }

        [Fact]
        public void Reading_an_instance_field_that_other_iterations_update_atomically_is_flagged()
        {
            // 'this' in a loop is an object the effect model cannot trace, so the read and the update have no common
            // place key; they still name one field. Serial: out[i] = i; parallel: whatever the count is at the time.
            string source = Usings + @"
public sealed partial class Counter
{
    private int _count;
    [ParallelKernel] public void Stamp(int[] o) { foreach (int i in PRange(o.Length)) { o[i] = _count; Interlocked.Increment(ref _count); } }
    [ParallelKernel] public void Tally(int[] o) { foreach (int i in PRange(o.Length)) if (o[i] > 0) Interlocked.Increment(ref _count); }
}";
            (List<string> flags, _) = Analyze(source);
            Assert.Equal(new[] { "KG1006 `_count`" }, flags); // Stamp's read; Tally only updates, and stays parallel
            Assert.Equal(1, InMemory.Analyze(source).Count(d => d.Id == "KG3001"));
        }

        [Fact]
        public void A_ThreadStatic_field_read_in_the_loop_is_flagged()
        {
            // Each thread has its own: the serial loop reads the caller's value, chunks on worker threads their own (0).
            Flagged("[ThreadStatic] static int t_scale;\n[ParallelKernel] public static void E(int[] a) { foreach (int i in PRange(a.Length)) a[i] = i * t_scale; }",
                "KG1007 `t_scale`");
            Flagged("[ThreadStatic] static float[]? t_buffer;\nstatic float Get(int i) => t_buffer![i];\n[ParallelKernel] public static void E(float[] a) { foreach (int i in PRange(a.Length)) a[i] = Get(i); }",
                "KG1007 `Get(i)`");
        }

        [Fact]
        public void A_property_whose_accessors_have_bodies_is_a_call_even_with_a_backing_field()
        {
            // C# 14's 'field': the getter initializes lazily, or counts its reads. Neither is a plain field read.
            string types = @"public sealed partial class Model
{
    public int Reads;
    public float[] Lazy { get => field ??= new float[64]; }
    public float[] Counted { get { Reads++; return field; } set; } = new float[64];
    public float[] Plain { get; set; } = new float[64];
    [ParallelKernel] public void A(float[] o) { foreach (int i in PRange(o.Length)) o[i] = Lazy[i & 63]; }
    [ParallelKernel] public void B(float[] o) { foreach (int i in PRange(o.Length)) o[i] = Counted[i & 63]; }
    [ParallelKernel] public void C(float[] o) { foreach (int i in PRange(o.Length)) o[i] = Plain[i & 63]; }
}";
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Usings + types);
            var flags = diagnostics.Where(d => d.Id == "KG1006").Select(d => d.GetMessage()).ToList();
            Assert.Equal(2, flags.Count);
            Assert.Contains(flags, m => m.Contains("writes property 'Lazy'", StringComparison.Ordinal));
            Assert.Contains(flags, m => m.Contains("writes field 'Reads'", StringComparison.Ordinal));
            Assert.Equal(1, diagnostics.Count(d => d.Id == "KG3001")); // C, a plain auto-property, stays parallel
        }

        [Fact]
        public void Pure_helpers_math_and_static_readonly_tables_stay_parallel()
        {
            string source = Source(@"
static readonly double[] Table = BuildTable();
static double[] BuildTable() { var t = new double[256]; for (int k = 0; k < 256; k++) t[k] = Math.Sqrt(k); return t; }
static double Clamp01(double v) { if (v < 0) return 0; if (v > 1) return 1; return v; }
static double Smooth(double v) { double c = Clamp01(v); double acc = 0; for (int k = 0; k < 3; k++) acc += c * c * (3 - 2 * c); return acc / 3; }
[System.Diagnostics.Contracts.Pure] static double External(double v) => Math.Round(v, 3);
[ParallelKernel] public static void E(double[] x, double[] r) { foreach (int i in PRange(x.Length)) r[i] = Smooth(x[i]) + Table[i & 255] + MathF.Abs((float)x[i]) + External(x[i]); }");
            (List<string> flags, bool parallel) = Analyze(source);
            Assert.Empty(flags);
            Assert.True(parallel);
            Assembly assembly = InMemory.Build(source);
            double[] x = Enumerable.Range(0, 10_007).Select(i => Math.Sin(i) * 1.5).ToArray(), r1 = new double[x.Length], r2 = new double[x.Length];
            InMemory.Call(assembly, "K", "E", x, r1);
            InMemory.Call(assembly, "K", "EParallel", x, r2);
            Assert.Equal(r1, r2);
        }

        [Fact]
        public void Objects_held_in_an_array_are_written_in_parallel_only_when_distinct()
        {
            const string Types = "public sealed class Particle { public double X, V; }\n";
            string source = Source(@"
[ParallelKernel] public static void Step(Particle[] ps, double dt) { foreach (int i in PRange(ps.Length)) ps[i].X += ps[i].V * dt; }
[ParallelKernel] public static void StepAlias(Particle[] ps, double dt) { foreach (int i in PRange(ps.Length)) { var p = ps[i]; p.X += p.V * dt; } }
static void Push(Particle p, double dt) => p.X += p.V * dt;
[ParallelKernel] public static void StepHelper(Particle[] ps, double dt) { foreach (int i in PRange(ps.Length)) Push(ps[i], dt); }", Types);
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)));
            Assert.Equal(3, diagnostics.Count(d => d.Id == "KG3001"));
            Assembly assembly = InMemory.Build(source);
            Type particle = assembly.GetType("Particle")!;
            object Make(double v) { object p = Activator.CreateInstance(particle)!; particle.GetField("V")!.SetValue(p, v); return p; }
            foreach (string kernel in new[] { "Step", "StepAlias", "StepHelper" })
            {
                // Distinct objects: each moves once.
                Array distinct = Array.CreateInstance(particle, 50_001);
                for (int i = 0; i < distinct.Length; i++) distinct.SetValue(Make(i), i);
                InMemory.Call(assembly, "K", kernel + "Parallel", distinct, 0.5);
                for (int i = 0; i < distinct.Length; i++) Assert.Equal(i * 0.5, (double)particle.GetField("X")!.GetValue(distinct.GetValue(i))!);
                // One object in every slot: moves once per slot, as in the serial loop (the launch check sends it there).
                object one = Make(1);
                Array same = Array.CreateInstance(particle, 50_001);
                for (int i = 0; i < same.Length; i++) same.SetValue(one, i);
                InMemory.Call(assembly, "K", kernel + "Parallel", same, 1.0);
                Assert.Equal(50_001.0, (double)particle.GetField("X")!.GetValue(one)!);
            }
        }

        [Fact]
        public void Fields_of_objects_in_an_array_are_told_apart_and_a_neighbour_read_through_a_local_is_a_race()
        {
            const string Types = "public sealed class Body { public double X, Ax; }\n";
            // n-body: each iteration writes its own Ax and reads every X: different fields, no conflict.
            Assert.True(Analyze(Source("[ParallelKernel] public static void E(Body[] b) { foreach (int i in PRange(b.Length)) { Body self = b[i]; double a = 0; for (int j = 0; j < b.Length; j++) { Body o = b[j]; a += o.X - self.X; } self.Ax = a; } }", Types)).Parallel);
            // The neighbour's X, read through a local, is what the next iteration writes.
            Flagged("[ParallelKernel] public static void E(Body[] b) { foreach (int i in PRange(b.Length - 1)) { Body next = b[i + 1]; b[i].X = next.X + 1; } }", "KG1001 `next.X`", Types);
            // A row read through a local, written by the next iteration.
            Flagged("[ParallelKernel] public static void E(double[][] rows) { foreach (int i in PRange(rows.Length - 1)) { var below = rows[i + 1]; rows[i][0] = below[0]; } }", "KG1001 `below[0]`");
        }

        [Fact]
        public void Rows_created_by_the_iteration_need_no_check_and_helpers_may_fill_a_row()
        {
            string source = Source(@"
[ParallelKernel] public static void Fresh(double[][] rows, int m) { foreach (int i in PRange(rows.Length)) { rows[i] = new double[m]; for (int j = 0; j < m; j++) rows[i][j] = i + j; } }
static void Add(double[] row, double k) { for (int j = 0; j < row.Length; j++) row[j] += k; }
[ParallelKernel] public static void AddToRows(double[][] rows) { foreach (int i in PRange(rows.Length)) Add(rows[i], 2); }
[ParallelKernel] public static void FillRows(double[][] rows) { foreach (int i in PRange(rows.Length)) Array.Fill(rows[i], (double)i); }");
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)));
            Assert.Equal(3, diagnostics.Count(d => d.Id == "KG3001"));
            string generated = string.Join("\n", InMemory.Generate(InMemory.Compile(source)).Run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(generated, "RowsDistinct\\(rows\\)").Count); // not for Fresh
            Assembly assembly = InMemory.Build(source);
            double[] row = { 1, 2, 3 };
            double[][] big = Enumerable.Repeat(row, 40_000).ToArray();
            InMemory.Call(assembly, "K", "AddToRowsParallel", new object[] { big });
            Assert.Equal(new[] { 80_001.0, 80_002, 80_003 }, row); // the same row updated once per slot: the serial path
            double[][] a = new double[10_001][], b = new double[10_001][];
            InMemory.Call(assembly, "K", "Fresh", a, 7);
            InMemory.Call(assembly, "K", "FreshParallel", b, 7);
            Assert.Equal(a, b);
        }

        [Fact]
        public void Unary_minus_not_and_complement_only_read()
        {
            // An element under -, ! or ~ was once counted as written: a false KG1001, and a[i] listed as written.
            string source = Source(@"
[ParallelKernel] public static void E(double[] a, double[] r, bool[] f, bool[] g, int[] m, int[] n) { foreach (int i in PRange(1, a.Length - 1)) { r[i] = -a[i] + a[i + 1]; g[i] = !f[i] && f[i + 1]; n[i] = ~m[i] ^ m[i + 1]; } }");
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)));
            string report = diagnostics.Single(d => d.Id == "KG3001").GetMessage();
            Assert.Contains("writes r[i], g[i], n[i];", report);
        }
    }
}
