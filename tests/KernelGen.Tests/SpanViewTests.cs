using System.Linq;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Spans made inside a PRange body over a shared array view its elements: writes through them, and reads of
    /// elements the loop writes, keep the loop serial (KG1004). Found while checking what MPI ranks must share: before,
    /// <c>new Span&lt;float&gt;(r, 0, 1)</c> counted as a fresh object and <c>ReadOnlySpan&lt;float&gt; s = r;</c> reads
    /// were not paired with the writes of r, so both loops ran in parallel with a race.
    /// </summary>
    public class SpanViewTests
    {
        private const string Header = "using System; using KernelGen; using static KernelGen.Kernel;\npublic static partial class K {\n";

        [Theory]
        [InlineData("{ var s = new Span<float>(r, 0, 1); s[0] = a[i]; }")]          // every iteration writes r[0]
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
    }
}
