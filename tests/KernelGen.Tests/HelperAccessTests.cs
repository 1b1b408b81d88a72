using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Accessors over flat arrays, the way image and grid code wraps them: <c>static float Get(float[] a, int w, int
    /// x, int y) =&gt; a[y * w + x];</c> and a matching Set (shaped after the GetPixel/SetPixel helpers of small C#
    /// image libraries; written here in our own words). A loop that called them was KG1004 and serial: the effect
    /// model knows only that Set writes some element of the array. The race analysis now takes each element access
    /// of the helper's array parameters as the caller's, its subscript in the caller's terms, and tests it like one
    /// written in the loop; helpers it cannot read that way keep the effect model's answer. The same holds for an
    /// image class's own indexer and setter over a field (<c>img[x, y]</c>, <c>img.Set(x, y, v)</c>, <c>this[x, y]</c>),
    /// where the helper does nothing else: no calls, no writes but those elements and its locals.
    /// </summary>
    public class HelperAccessTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class H
            {
                static float Get(float[] a, int w, int x, int y) => a[y * w + x];
                static void Set(float[] a, int w, int x, int y, float v) => a[y * w + x] = v;
                static void Add(int[] counts, int i, int v) { if (v != 0) counts[i] += v; }

                [ParallelKernel]
                public static void Invert(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            Set(a, w, x, y, 1 - Get(a, w, x, y));
                }

                // Another array read through the accessor, the output written through it: a horizontal difference.
                [ParallelKernel]
                public static void Gradient(float[] src, float[] dst, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 1; x < w; x++)
                            Set(dst, w, x, y, Get(src, w, x, y) - Get(src, w, x - 1, y));
                }

                [ParallelKernel]
                public static void Tally(int[] counts, int[] values)
                {
                    foreach (int i in PRange(values.Length))
                        Add(counts, i, values[i]);
                }
            }

            // An image class with an indexer and a setter over its flat pixels: a loop over its rows, and its own kernels.
            public sealed partial class Img
            {
                public readonly float[] Px;
                public readonly int W, H;
                public Img(float[] px, int w, int h) { Px = px; W = w; H = h; }
                public float this[int x, int y] { get => Px[y * W + x]; set => Px[y * W + x] = value; }
                public void Set(int x, int y, float v) => Px[y * W + x] = v;
                void Put(int x, int y, float v) { Px[y * this.W + x] = v; }
                public float Sum() { float s = 0; foreach (float v in Px) s += v; return s; }

                [ParallelKernel]
                public static void Invert(Img img)
                {
                    foreach (int y in PRange(img.H))
                        for (int x = 0; x < img.W; x++)
                            img.Set(x, y, 1 - img[x, y]);
                }

                [ParallelKernel]
                public void Halve()
                {
                    foreach (int y in PRange(H))
                        for (int x = 0; x < W; x++)
                            Put(x, y, this[x, y] * 0.5f);
                }

                // Within a row only: each row's iteration writes its own row.
                [ParallelKernel]
                public void SmearRight()
                {
                    foreach (int y in PRange(H))
                        for (int x = 0; x + 1 < W; x++)
                            this[x + 1, y] += this[x, y];
                }
            }

            public class Grid
            {
                public readonly float[] Cells;
                public readonly int W;
                public int Writes;
                public Grid(float[] cells, int w) { Cells = cells; W = w; }
                // Overridable: a subclass's indexer could do anything.
                public virtual float this[int x, int y] { get => Cells[y * W + x]; set => Cells[y * W + x] = value; }
                // Counts its calls: a field every iteration updates.
                public void Counted(int x, int y, float v) { Cells[y * W + x] = v; Writes++; }
                // Writes its cell and the same field's cell of another grid (one symbol, two arrays).
                public Grid? Next;
                public void Forward(int x, int y, float v) { Cells[y * W + x] = v; if (Next != null) Next.Cells[y * W + x] = v; }
                // Calls a method: not followed.
                public void Logged(int x, int y, float v) { Cells[y * W + x] = v; Log(v); }
                static void Log(float v) { }
                // Clamped: not affine.
                public void Clamped(int x, int y, float v) => Cells[Math.Clamp(y * W + x, 0, Cells.Length - 1)] = v;
            }

            public static partial class Races
            {
                [ParallelKernel]
                public static void Virtual(Grid g, int h) { foreach (int y in PRange(h)) for (int x = 0; x < g.W; x++) g[x, y] = 1; }

                [ParallelKernel]
                public static void Counted(Grid g, int h) { foreach (int y in PRange(h)) for (int x = 0; x < g.W; x++) g.Counted(x, y, 1); }

                [ParallelKernel]
                public static void Forward(Grid g, int h) { foreach (int y in PRange(h)) for (int x = 0; x < g.W; x++) g.Forward(x, y, 1); }

                [ParallelKernel]
                public static void Logged(Grid g, int h) { foreach (int y in PRange(h)) for (int x = 0; x < g.W; x++) g.Logged(x, y, 1); }

                [ParallelKernel]
                public static void Clamped(Grid g, int h) { foreach (int y in PRange(h)) for (int x = 0; x < g.W; x++) g.Clamped(x, y, 1); }

                // A field array written while a method of another image, which may be the same one, reads all of its
                // array (was parallel, and wrong with src == dst, before this stop: reads through an object were paired
                // with nothing the loop writes).
                [ParallelKernel]
                public static void WithSum(Img src, Img dst)
                {
                    foreach (int i in PRange(dst.Px.Length))
                        dst.Px[i] = src.Sum();
                }

                // The same with the output a parameter, which may be the image's own array.
                [ParallelKernel]
                public static void SumInto(Img src, float[] o)
                {
                    foreach (int i in PRange(o.Length))
                        o[i] = src.Sum() + i;
                }

                // The same field of two images that may be one: not proven apart.
                [ParallelKernel]
                public static void Copy(Img src, Img dst)
                {
                    foreach (int y in PRange(src.H))
                        for (int x = 0; x < src.W; x++)
                            dst[x, y] = src[x + 1, y];
                }

                static float Get(float[] a, int w, int x, int y) => a[y * w + x];
                static void Set(float[] a, int w, int x, int y, float v) => a[y * w + x] = v;
                static void Put(float[] a, int i, float v) => a[i] = v;
                static int Index;
                static void PutAtIndex(float[] a, float v) => a[Index] = v;
                static void Fill(float[] a, int i) { for (int k = 0; k < 4; k++) a[i + k] = k; }
                static void Forward(float[] a, int i) => Put(a, i, 1);

                // Each row moves one element right, reading the element the next row's iteration writes first.
                [ParallelKernel]
                public static void Shift(float[] a, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            Set(a, w, x + 1, y, Get(a, w, x, y));
                }

                // Two iterations write one element.
                [ParallelKernel]
                public static void Halves(float[] a, int n)
                {
                    foreach (int i in PRange(n))
                        Put(a, i / 2, i);
                }

                // Not described (a field's value, a loop of the helper's own, a helper handing the array on): the
                // effect model's answer stands.
                [ParallelKernel]
                public static void AtField(float[] a, int n)
                {
                    foreach (int i in PRange(n))
                        PutAtIndex(a, i);
                }

                [ParallelKernel]
                public static void Loops(float[] a, int n)
                {
                    foreach (int i in PRange(n))
                        Fill(a, 4 * i);
                }

                [ParallelKernel]
                public static void Handed(float[] a, int n)
                {
                    foreach (int i in PRange(n))
                        Forward(a, i);
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Accessor_helpers_are_accesses_of_the_loop()
        {
            foreach (string kernel in new[] { "Invert", "Gradient", "Tally" })
                Assert.NotNull(s_built.Value.GetType("H")!.GetMethod(kernel + "Parallel"));
            Assert.NotNull(s_built.Value.GetType("Img")!.GetMethod("InvertParallel"));
            Assert.NotNull(s_built.Value.GetType("Img")!.GetMethod("HalveParallel"));
            Assert.NotNull(s_built.Value.GetType("Img")!.GetMethod("SmearRightParallel"));
            foreach (string kernel in new[] { "Shift", "Halves", "AtField", "Loops", "Handed", "Virtual", "Counted", "Forward", "Logged", "Clamped", "Copy", "WithSum", "SumInto" })
                Assert.Null(s_built.Value.GetType("Races")!.GetMethod(kernel + "Parallel"));
            var diagnostics = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(diagnostics, d => d.Location.GetLineSpan().StartLinePosition.Line < 50);
            Assert.Contains(diagnostics, d => d.Id == "KG1004" && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == "src.Sum()"
                && d.GetMessage().Contains("an array that may be 'Px'"));
            Assert.Contains(diagnostics, d => d.Id == "KG1004" && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == "src.Sum() + i"
                || d.Id == "KG1004" && d.GetMessage().Contains("an array that may be 'o'"));
            // The report names the helpers' arrays.
            Assert.Contains("reads a (in Set), a (in Get); writes a (in Set)", InMemory.Section(InMemory.GeneratedFrom(Source, "H")("Invert")));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(5, 3)]
        [InlineData(67, 41)]
        public void Results_are_the_serial_loops(int w, int h)
        {
            var random = new Random(w * 5 + h);
            float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            Differential.Same(s_built.Value, "H", "Invert", Floats(w * h), w, h);
            Differential.Same(s_built.Value, "H", "Invert", Floats(w * h - 1), w, h); // the last element is missing: throws
            Differential.Same(s_built.Value, "H", "Gradient", Floats(w * h), new float[w * h], w, h);
            Differential.Same(s_built.Value, "H", "Tally", new int[w * h], Enumerable.Range(0, w * h).Select(_ => random.Next(-3, 4)).ToArray());
            // The image class: its static kernel and its own instance kernels, serial against parallel.
            Type img = s_built.Value.GetType("Img")!;
            foreach (string kernel in new[] { "Invert", "Halve", "SmearRight" })
            {
                float[] pixels = Floats(w * h), serial = (float[])pixels.Clone();
                object parallelImage = Activator.CreateInstance(img, pixels, w, h)!, serialImage = Activator.CreateInstance(img, serial, w, h)!;
                if (kernel == "Invert")
                {
                    img.GetMethod("InvertParallel")!.Invoke(null, new[] { parallelImage });
                    img.GetMethod("Invert")!.Invoke(null, new[] { serialImage });
                }
                else
                {
                    img.GetMethod(kernel + "Parallel")!.Invoke(parallelImage, null);
                    img.GetMethod(kernel)!.Invoke(serialImage, null);
                }
                Assert.Equal(serial, pixels);
            }
        }
    }
}
