using System.Threading;
using System.Threading.Tasks;
using KernelGen.Generator.Diagnostics;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>KG2xxx/KG3001 diagnostics: exact IDs and locations, as the IDE shows them.</summary>
    public class DiagnosticTests
    {
        private const string Usings = "using System; using KernelGen; using static KernelGen.Kernel;\n";

        private static Task Verify(string source, bool report = false, bool interceptors = true)
        {
            var test = new Test(interceptors) { TestCode = Usings + source };
            if (!report) test.DisabledDiagnostics.Add("KG3001");
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Parallel_loop_gets_the_report_at_its_foreach() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void Add(float[] a, float[] b, float[] r)
    {
        {|KG3001:foreach|} (int i in PRange(a.Length)) r[i] = a[i] + b[i];
    }
}", report: true);

        [Fact]
        public async Task Report_names_reads_writes_and_shared_variables()
        {
            var diagnostics = InMemory.Analyze(Usings + @"
public static partial class K
{
    [ParallelKernel]
    public static void Add(float[] a, float[] b, float[] r)
    {
        foreach (int i in PRange(a.Length)) r[i] = a[i] + b[i];
    }
}", InMemory.ParseOptions);
            Diagnostic report = Assert.Single(diagnostics);
            Assert.Equal("KG3001", report.Id);
            string message = report.GetMessage();
            Assert.Contains("reads a[i], b[i]", message);
            Assert.Contains("writes r[i]", message);
            Assert.Contains("shared read-only: a, b, r", message);
            await Task.CompletedTask;
        }

        [Fact]
        public Task Instance_kernel_of_a_struct() => Verify(@"
public partial struct K
{
    [ParallelKernel]
    public void {|KG2001:Add|}(float[] a) { foreach (int i in PRange(a.Length)) a[i] = 1; }
}");

        [Fact]
        public Task Type_not_partial() => Verify(@"
public static class K
{
    [ParallelKernel]
    public static void {|KG2002:Add|}(float[] a) { foreach (int i in PRange(a.Length)) a[i] = 1; }
}");

        [Fact]
        public Task Async_kernel() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static async System.Threading.Tasks.Task {|KG2003:Fill|}(int[] a) { await System.Threading.Tasks.Task.Yield(); foreach (int i in PRange(a.Length)) a[i] = 1; }
}");

        // A string with a line break inside it: the generated copy re-indents every line of the body, which would
        // change the string (it did: "negative\n        value" came back with the generated code's indentation).
        [Fact]
        public Task String_spanning_lines() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void {|KG2003:Label|}(int[] a, string[] o)
    {
        foreach (int i in PRange(a.Length))
            o[i] = a[i] < 0 ? @""negative
        value"" : ""ok"";
    }
}");

        [Fact]
        public Task No_PRange_loop() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void {|KG2004:Fill|}(int[] a) { for (int i = 0; i < a.Length; i++) a[i] = 1; }
}");

        [Fact]
        public Task Break_and_return_leave_the_loop() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static int Find(int[] a, int x)
    {
        foreach (int i in PRange(a.Length))
        {
            if (a[i] == x) {|KG2005:return|} i;
            if (a[i] < 0) {|KG2005:break|};
            for (int j = 0; j < 3; j++) { if (j == 1) break; } // breaks an inner loop: fine
            if (a[i] == 0) continue; // fine
        }
        return -1;
    }
}");

        [Fact]
        public Task Shared_variable_written() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static int Last(int[] a)
    {
        int last = 0;
        foreach (int i in PRange(a.Length)) {|KG1005:last|} = a[i];  // read after the loop: whichever iteration wrote last
        return last;
    }
}");

        [Fact]
        public Task Argmax_by_index_alone_beside_a_store_is_a_race_whose_message_says_how_to_keep_the_value() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static int ArgMax(float[] a, float[] o)
    {
        int best = 0;
        foreach (int i in PRange(1, a.Length))
        {
            o[i] = a[i];  // (o may be a: the element at best could change after best took it)
            if (a[i] > a[{|KG1005:best|}]) best = i;
        }
        return best;
    }
}");

        [Fact]
        public void Argmax_by_index_message_gives_the_value_form()
        {
            var diagnostics = InMemory.Analyze(Usings + @"
public static partial class K
{
    [ParallelKernel]
    public static int ArgMin(double[] d, double[] e)
    {
        int at = 0;
        foreach (int i in PRange(d.Length))
        {
            e[i] = -d[i];
            if (d[at] >= d[i]) { at = i; }
        }
        return at;
    }
}", InMemory.ParseOptions);
            Diagnostic race = Assert.Single(diagnostics, d => d.Id == "KG1005");
            Assert.Contains("(in `d[at]`: an argmin/argmax by index; keep the value beside it, `if (atValue >= d[i]) { atValue = d[i]; at = i; }`", race.GetMessage());
            // A read of the variable that is not that idiom gets the plain message.
            diagnostics = InMemory.Analyze(Usings + @"
public static partial class K
{
    [ParallelKernel]
    public static int Last(double[] d, int[] r)
    {
        int at = 0;
        foreach (int i in PRange(d.Length)) { r[i] = at; at = i; }
        return at;
    }
}", InMemory.ParseOptions);
            Assert.DoesNotContain("by index", Assert.Single(diagnostics, d => d.Id == "KG1005").GetMessage());
        }

        [Fact]
        public Task Shared_variable_written_never_read() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void Last(int[] a)
    {
        int last = 0;
        foreach (int i in PRange(a.Length)) {|KG2006:last|} = a[i];
    }
}");

        [Fact]
        public Task Local_function_cannot_be_captured_span_can() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void Fill(Span<int> s, int[] a)
    {
        int Twice(int v) => 2 * v;
        foreach (int i in PRange(a.Length)) a[i] = {|KG2007:Twice|}(s[i]); // the span alone would be pinned (the test compilation allows unsafe code)
    }
}");

        [Fact]
        public Task Span_of_references_cannot_be_captured() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void Upper(Span<string> s, int[] a)
    {
        foreach (int i in PRange(a.Length)) a[i] = {|KG2007:s|}[i].Length;
    }
}");

        [Fact]
        public Task Private_type_is_not_intercepted() => Verify(@"
public static partial class Outer
{
    private static partial class K
    {
        [ParallelKernel]
        public static void {|KG2008:Fill|}(int[] a) { foreach (int i in PRange(a.Length)) a[i] = 1; }
    }
}");

        [Fact]
        public Task Interceptors_not_enabled_is_explained() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void {|KG2008:Fill|}(int[] a) { foreach (int i in PRange(a.Length)) a[i] = 1; }
}", interceptors: false);

        [Fact]
        public Task PRange_in_a_lambda_runs_serially() => Verify(@"
public static partial class K
{
    [ParallelKernel]
    public static void {|KG2004:Fill|}(int[] a)
    {
        Action f = () => { {|KG2009:foreach|} (int i in PRange(a.Length)) a[i] = 1; };
        f();
    }
}");

        private sealed class Test : CSharpAnalyzerTest<KernelAnalyzer, DefaultVerifier>
        {
            private readonly bool _interceptors;

            public Test(bool interceptors)
            {
                _interceptors = interceptors;
                TestReferences.Configure(TestState, this);
            }

            protected override ParseOptions CreateParseOptions() =>
                _interceptors ? InMemory.ParseOptions : InMemory.ParseOptions.WithFeatures(System.Array.Empty<System.Collections.Generic.KeyValuePair<string, string>>());
        }
    }
}
