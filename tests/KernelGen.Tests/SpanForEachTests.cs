using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A row taken as a span and walked with foreach, the way modern C# writes it: <c>Span&lt;float&gt; row =
    /// a.AsSpan(y * w, w); foreach (ref float v in row) v *= k;</c>, or a row summed with <c>foreach (float v in
    /// a.AsSpan(y * w, w))</c> (written here in our own words). Both were KG1004 and serial: a span window was
    /// followed only through <c>row[e]</c> and <c>row.Length</c>, and a writable view used any other way was "written
    /// who knows where". A foreach over a window now reads each of its elements and, where the body assigns its ref
    /// iteration variable (never passed by ref, aliased or its address taken), writes them: the window's accesses, as
    /// for <c>row[e]</c>. A by-value foreach over <c>a.AsSpan(start, length)</c> itself is a window read. In the IR a
    /// foreach over a span or array local is a counted loop (a ref item is the element itself), and it can be an inner
    /// plan's lanes: the scalar remainder restarts at the first element left as <c>for (t = x; t &lt; row.Length; t++)
    /// foreach (ref float v in row.Slice(t, 1)) …</c> (no break may leave it).
    /// </summary>
    public class SpanForEachTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                [ParallelKernel]
                public static void Halve(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        Span<float> row = a.AsSpan(y * w, w);
                        foreach (ref float v in row) v *= 0.5f;
                    }
                }

                // Sums of squares per row, then each row scaled by its norm: a read pass and a write pass over one window.
                [ParallelKernel]
                public static void Normalize(float[] a, float[] norms, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        float t = 0;
                        foreach (float v in a.AsSpan(y * w, w)) t += v * v;
                        norms[y] = MathF.Sqrt(t);
                        Span<float> row = a.AsSpan(y * w, w);
                        if (t > 0)
                            foreach (ref float v in row) v /= norms[y];
                    }
                }

                // Counting through a ref: v++ and compound assignments write the element.
                [ParallelKernel]
                public static void Bump(int[] counts, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        var row = new Span<int>(counts, y * w, w);
                        foreach (ref int c in row) { c++; c += y; }
                    }
                }
            }

            public static partial class T
            {
                // A continue inside: masked lanes, and the scalar remainder's one-element passes end early too.
                [ParallelKernel]
                public static void Roots(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        Span<float> row = a.AsSpan(y * w, w);
                        foreach (ref float v in row)
                        {
                            if (v < 0) continue;
                            v = MathF.Sqrt(v) + y;
                        }
                    }
                }

                // A break leaves the loop: it cannot restart at an element (scalar), and agrees.
                [ParallelKernel]
                public static void UpToNegative(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        Span<float> row = a.AsSpan(y * w, w);
                        foreach (ref float v in row)
                        {
                            if (v < 0) break;
                            v *= 2;
                        }
                    }
                }

                // By value over an array of weights, as the lanes of a row's dot product (reassociated only with FastMath).
                [ParallelKernel(FastMath = true)]
                public static void Dot(float[] x, float[] weights, float[] o, int n)
                {
                    foreach (int i in PRange(n))
                    {
                        float s = 0;
                        int k = 0;
                        foreach (float wt in weights) s += wt * x[i + k++];
                        o[i] = s;
                    }
                }
            }

            public static partial class Races
            {
                // Each row's window reaches into the next row.
                [ParallelKernel]
                public static void Overlap(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        Span<float> row = a.AsSpan(y * w, w + 1);
                        foreach (ref float v in row) v += 1;
                    }
                }

                // Row y reads row y + 1, which iteration y + 1 writes.
                [ParallelKernel]
                public static void ReadsNext(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h - 1))
                    {
                        float s = 0;
                        foreach (float v in a.AsSpan((y + 1) * w, w)) s += v;
                        a[y * w] = s;
                    }
                }

                // The element handed on by ref: where it is written is not followed (not a window).
                [ParallelKernel]
                public static void ByRef(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        Span<float> row = a.AsSpan(y * w, w);
                        foreach (ref float v in row) Twice(ref v);
                    }
                }

                // An alias of the element (ref float u = ref v): not a window either.
                [ParallelKernel]
                public static void Alias(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        Span<float> row = a.AsSpan(y * w, w);
                        foreach (ref float v in row) { ref float u = ref v; u = 1; }
                    }
                }

                private static void Twice(ref float x) => x *= 2;
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Rows_walked_with_foreach_run_in_parallel()
        {
            foreach (string kernel in new[] { "Halve", "Normalize", "Bump" })
                Assert.NotNull(s_built.Value.GetType("S")!.GetMethod(kernel + "Parallel"));
            foreach (string kernel in new[] { "Overlap", "ReadsNext", "ByRef", "Alias" })
                Assert.Null(s_built.Value.GetType("Races")!.GetMethod(kernel + "Parallel"));
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(diagnostics, d => d.Location.GetLineSpan().StartLinePosition.Line < 50);
            // The loops over the window as the vector lanes; the scalar remainder restarts at the first element left.
            Func<string, string> vector = InMemory.VectorLines(Source, "S");
            Assert.Contains("inner loop 'foreach (ref float v in row)'", vector("Halve"));
            Assert.Contains("inner loop 'foreach (ref int c in row)'", vector("Bump"));
            Assert.Contains("/* the elements left, one a pass */ foreach (ref float v in row.Slice(", InMemory.GeneratedFrom(Source, "S")("Halve"));
            Assert.Contains("inner loop 'foreach (ref float v in row)'", InMemory.VectorLines(Source, "T")("Roots"));
            Assert.Contains("'foreach (ref float v in row)': its header cannot restart at a lane", InMemory.VectorLines(Source, "T")("UpToNegative"));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(7, 5)]
        [InlineData(64, 9)]
        [InlineData(129, 33)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w * 3 + h);
            float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            Differential.Same(s_built.Value, "S", "Halve", Floats(w * h), w, h);
            Differential.Same(s_built.Value, "S", "Halve", Floats(w * h - 1), w, h); // the last row's window does not fit: throws
            float[] a = Floats(w * h);
            a[0] = 0;
            Differential.Same(s_built.Value, "S", "Normalize", a, new float[h], w, h);
            Differential.Same(s_built.Value, "S", "Bump", Enumerable.Range(0, w * h).Select(_ => random.Next(-9, 9)).ToArray(), w, h);
            Differential.Same(s_built.Value, "T", "Roots", Floats(w * h), w, h);
            Differential.Same(s_built.Value, "T", "UpToNegative", Floats(w * h), w, h);
            float[] weights = Floats(5);
            Differential.SameWithin(s_built.Value, "T", "Dot", (p, q) => Math.Abs(p - q) <= 1e-4 * (1 + Math.Abs(p)), Floats(w * h + 5), weights, new float[w * h], w * h);
        }
    }
}
