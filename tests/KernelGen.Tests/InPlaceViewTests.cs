using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A foreach whose ref variable walks a view made in place, with no span local: <c>foreach (ref float v in
    /// a.AsSpan(y * w, w)) v *= k;</c> and a jagged row's <c>foreach (ref float v in rows[y].AsSpan()) v *= k;</c> (the
    /// shapes of image and DSP code that scales rows in place; written here in our own words). Both were KG1006 and
    /// serial: the effect model saw a write through a ref variable to "memory it cannot trace". Now the write reaches
    /// the elements of what the view shows, reported at the collection: for an array the race analysis tests the
    /// window a[start + t], 0 ≤ t &lt; length (or reports KG1004 when it is not one), for a jagged row the row is an
    /// element written through (distinct rows checked at the launch). In the IR the view is made once into a variable
    /// of its own, before the vector loop and the restarted scalar loop, exactly where the foreach made it.
    /// </summary>
    public class InPlaceViewTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class V
            {
                [ParallelKernel]
                public static void Scale(float[] a, int w, int h, float k)
                {
                    foreach (int y in PRange(h))
                        foreach (ref float v in a.AsSpan(y * w, w)) v = v * k + y;
                }

                [ParallelKernel]
                public static void ScaleRows(float[][] rows, float k)
                {
                    foreach (int y in PRange(rows.Length))
                    {
                        foreach (ref float v in rows[y].AsSpan())
                        {
                            if (v < 0) continue;
                            v *= k;
                        }
                    }
                }

                // A helper that fills the row it is given through a foreach: the row is what it writes.
                [ParallelKernel]
                public static void FillRows(int[][] rows)
                {
                    foreach (int y in PRange(rows.Length))
                        Fill(rows[y], y);
                }

                private static void Fill(int[] row, int value)
                {
                    foreach (ref int c in row.AsSpan()) c = value;
                }

                // The interior of each row (one element in from either end), shorts as audio frames.
                [ParallelKernel]
                public static void Attenuate(short[] frames, int w, int h)
                {
                    foreach (int y in PRange(h))
                        foreach (ref short s in frames.AsSpan(y * w + 1, w - 2)) s = (short)(s >> 1);
                }
            }

            public static partial class Races
            {
                // Each window reaches into the next one.
                [ParallelKernel]
                public static void Overlap(float[] a, int h)
                {
                    foreach (int y in PRange(h))
                        foreach (ref float v in a.AsSpan(y, 2)) v += 1;
                }

                // Every iteration writes the whole array.
                [ParallelKernel]
                public static void Whole(float[] a, int h)
                {
                    foreach (int y in PRange(h))
                        foreach (ref float v in a.AsSpan()) v += y;
                }

                // A start read from an array: which elements is not known.
                [ParallelKernel]
                public static void Indirect(float[] a, int[] starts, int w)
                {
                    foreach (int y in PRange(starts.Length))
                        foreach (ref float v in a.AsSpan(starts[y], w)) v *= 2;
                }

                // The element handed on by ref.
                [ParallelKernel]
                public static void ByRef(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                        foreach (ref float v in a.AsSpan(y * w, w)) Twice(ref v);
                }

                // A slice of a whole-array span: not a window KernelGen reads (it is reported, not guessed).
                [ParallelKernel]
                public static void Sliced(int[] counts, int w, int h)
                {
                    foreach (int y in PRange(h))
                        foreach (ref int c in counts.AsSpan().Slice(y * w, w)) c += y;
                }

                // A slice of a span over the whole array: windows that overlap, through a span local.
                [ParallelKernel]
                public static void SliceOfWhole(float[] a, int h)
                {
                    foreach (int y in PRange(h))
                    {
                        Span<float> all = a;
                        foreach (ref float v in all.Slice(y, 2)) v += 1;
                    }
                }

                private static void Twice(ref float x) => x *= 2;
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Views_made_in_place_are_windows_or_rows()
        {
            foreach (string kernel in new[] { "Scale", "ScaleRows", "FillRows", "Attenuate" })
                Assert.NotNull(s_built.Value.GetType("V")!.GetMethod(kernel + "Parallel"));
            foreach (string kernel in new[] { "Overlap", "Whole", "Indirect", "ByRef", "Sliced", "SliceOfWhole" })
                Assert.Null(s_built.Value.GetType("Races")!.GetMethod(kernel + "Parallel"));
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(diagnostics, d => d.Location.GetLineSpan().StartLinePosition.Line < 50);
            // Each race is reported at the view (not as memory KernelGen cannot trace; the element handed on by ref is).
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG1006" && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) != "ref v");
            foreach (string view in new[] { "a.AsSpan(y, 2)", "a.AsSpan()", "a.AsSpan(starts[y], w)", "counts.AsSpan().Slice(y * w, w)", "all.Slice(y, 2)" })
                Assert.Contains(diagnostics, d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == view);
            // The view made once before the vector loop; the scalar remainder restarts over it.
            Func<string, string> vector = InMemory.VectorLines(Source, "V");
            Assert.Contains("inner loop 'foreach (ref float v in a.AsSpan(y * w, w))'", vector("Scale"));
            Assert.Contains("inner loop 'foreach (ref float v in rows[y].AsSpan())'", vector("ScaleRows"));
            string scale = InMemory.Section(InMemory.GeneratedFrom(Source, "V")("Scale"));
            Assert.Contains("global::System.Span<float> __kg_view_", scale);
            Assert.Contains("/* the elements left, one a pass */ foreach (ref float v in __kg_view_", scale);
            // The report names what the loop reads and writes, and the rows are even work.
            Assert.Contains("reads a.AsSpan(y * w, w); writes a.AsSpan(y * w, w)", scale);
            Assert.DoesNotContain("uneven iterations", scale);
            Assert.Contains("RowsDistinct(rows)", InMemory.GeneratedFrom(Source, "V")("FillRows"));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(3, 4)]
        [InlineData(37, 5)]
        [InlineData(130, 17)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w * 7 + h);
            float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            Differential.Same(s_built.Value, "V", "Scale", Floats(w * h), w, h, 1.5f);
            Differential.Same(s_built.Value, "V", "Scale", Floats(w * h - 1), w, h, 1.5f); // the last row's view does not fit: throws
            float[][] rows = Enumerable.Range(0, h).Select(y => Floats(w + y % 3)).ToArray();
            Differential.Same(s_built.Value, "V", "ScaleRows", rows, 0.25f);
            if (h > 1)
            {
                rows[h - 1] = rows[0]; // one row twice: the launch finds it and runs the loop serially
                Differential.Same(s_built.Value, "V", "ScaleRows", rows, 0.25f);
                rows[h - 1] = null!; // a null row's span is empty, in both
                Differential.Same(s_built.Value, "V", "ScaleRows", rows, 0.25f);
            }
            Differential.Same(s_built.Value, "V", "FillRows", Enumerable.Range(0, h).Select(y => new int[w + y]).ToArray());
            short[] frames = Enumerable.Range(0, w * h).Select(_ => (short)random.Next(short.MinValue, short.MaxValue)).ToArray();
            Differential.Same(s_built.Value, "V", "Attenuate", frames, w, h); // (w = 1: a negative length, which throws in both)
        }
    }
}
