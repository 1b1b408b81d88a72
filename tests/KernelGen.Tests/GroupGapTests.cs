using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Groups with gaps (Planner.Gaps, GapsNeverWritten): BGRA code that leaves alpha alone stores three channels of
    /// four. The step still writes whole groups, the gaps with the values they hold, where no iteration of the loop
    /// writes a gap's element: every store into the array is one of the group's, in the step, at subscripts whose
    /// residue modulo 4 (or 2) is the same in every iteration — for rows at a stride, the vector path asks
    /// 'stride % 4 == 0'; modulo 3 (RGB pixels) where the launch checks that no subscript of the loop wraps (and
    /// 'stride % 3 == 0' for rows). Elsewhere the old plan (lane-by-lane stores or the scalar loop). Results are the serial
    /// loop's in every case. Also here: a byte-returning clamp helper (the sepia filter's ClampToByte) computed in
    /// int lanes (Planner.NarrowValue: ?: of narrow values, casts of floats), which kept such bodies scalar.
    /// </summary>
    public class GroupGapTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class Q
            {
                static byte ClampToByte(float v) => v >= 255f ? (byte)255 : v <= 0f ? (byte)0 : (byte)v;

                // hajduakos/PhotoToolsDotNet FilterLib/Filters/Color/SepiaFilter.cs (ProcessPixel: each channel a float
                // weighted sum of R, G, B, clamped to a byte; alpha untouched), on packed BGRA pixels, in our own words.
                [ParallelKernel]
                public static void Sepia(byte[] px)
                {
                    foreach (int p in PRange(px.Length / 4))
                    {
                        int o = 4 * p;
                        byte b = px[o], g = px[o + 1], r = px[o + 2];
                        float rs = .393f * r + .769f * g + .189f * b;
                        float gs = .349f * r + .686f * g + .168f * b;
                        float bs = .272f * r + .534f * g + .131f * b;
                        px[o + 2] = ClampToByte(rs);
                        px[o + 1] = ClampToByte(gs);
                        px[o] = ClampToByte(bs);
                    }
                }

                // The same filter as it runs on a locked bitmap: rows at a stride, pixels on an inner loop.
                [ParallelKernel]
                public static void SepiaRows(byte[] px, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int o = y * stride + 4 * x;
                            byte b = px[o], g = px[o + 1], r = px[o + 2];
                            float rs = .393f * r + .769f * g + .189f * b;
                            float gs = .349f * r + .686f * g + .168f * b;
                            float bs = .272f * r + .534f * g + .131f * b;
                            px[o + 2] = ClampToByte(rs);
                            px[o + 1] = ClampToByte(gs);
                            px[o] = ClampToByte(bs);
                        }
                }

                // hajduakos/PhotoToolsDotNet's PosterizeFilter (MapComponent on B, G, R, alpha kept) over rows at a
                // stride, the channels as a loop of 3: written out (Planner.Unrolled), they are one group with a gap.
                [ParallelKernel]
                public static void Posterize(byte[] px, int width, int height, int stride, float div)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int o = y * stride + 4 * x;
                            for (int c = 0; c < 3; c++)
                                px[o + c] = (byte)MathF.Round(MathF.Round(px[o + c] / div) * div);
                        }
                }

                // The row's first byte in a local of the body, the pixel's in one of the pixel loop (the common LockBits
                // port over a byte[]: int row = y * stride; int p = row + 4 * x): the row local's residue is its
                // definition's, so the same 'stride % 4 == 0' lets the group store run.
                [ParallelKernel]
                public static void GrayRows(byte[] px, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                    {
                        int row = y * stride;
                        for (int x = 0; x < width; x++)
                        {
                            int p = row + 4 * x;
                            byte g = (byte)((px[p] * 29 + px[p + 1] * 150 + px[p + 2] * 77) >> 8);
                            px[p] = g;
                            px[p + 1] = g;
                            px[p + 2] = g;
                        }
                    }
                }

                // The row local moved before the pixel loop: its value is not its declaration's, so its residue is
                // unknown and the gaps are not written back (with stride == 4 * width the last alpha written back would
                // be the next row's first blue, which another thread writes).
                [ParallelKernel]
                public static void MovedRow(byte[] px, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                    {
                        int row = y * stride;
                        row += 1;
                        for (int x = 0; x < width; x++)
                        {
                            int p = row + 4 * x;
                            px[p] = (byte)(255 - px[p]);
                            px[p + 1] = (byte)(255 - px[p + 1]);
                            px[p + 2] = (byte)(255 - px[p + 2]);
                        }
                    }
                }

                // Rows of packed pixels (row = y * width * 4, a multiple of 4 whatever width is): no guard needed.
                [ParallelKernel]
                public static void InvertPacked(byte[] px, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        int row = y * width * 4;
                        for (int x = 0; x < width; x++)
                        {
                            px[row + 4 * x] = (byte)(255 - px[row + 4 * x]);
                            px[row + 4 * x + 2] = (byte)(255 - px[row + 4 * x + 2]);
                        }
                    }
                }

                // Groups stored under a condition (lanes whose condition fails store back what the elements hold): a
                // chroma key clearing whole pixels, an ordered pair, and rows at a stride on an inner loop (the early
                // continue of Domas709/Paint's invert: ContinueTests).
                [ParallelKernel]
                public static void ChromaKey(byte[] bgra, int tolerance)
                {
                    foreach (int p in PRange(bgra.Length / 4))
                    {
                        int i = 4 * p;
                        if (bgra[i + 1] > 200 && bgra[i] < tolerance && bgra[i + 2] < tolerance)
                        {
                            bgra[i] = 0; bgra[i + 1] = 0; bgra[i + 2] = 0; bgra[i + 3] = 0;
                        }
                    }
                }

                [ParallelKernel]
                public static void OrderPairs(float[] pairs)
                {
                    foreach (int k in PRange(pairs.Length / 2))
                    {
                        float a = pairs[2 * k], b = pairs[2 * k + 1];
                        if (a > b) { pairs[2 * k] = b; pairs[2 * k + 1] = a; }
                    }
                }

                [ParallelKernel]
                public static void HalveOpaqueRows(byte[] px, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int o = y * stride + 4 * x;
                            if (px[o + 3] > 128)
                            {
                                px[o] = (byte)(px[o] / 2);
                                px[o + 1] = (byte)(px[o + 1] / 2);
                                px[o + 2] = (byte)(px[o + 2] / 2);
                            }
                        }
                }

                // A group's stores split between the branches: no one mask, so not a group store on lanes.
                [ParallelKernel]
                public static void SplitBranches(byte[] bgra)
                {
                    foreach (int p in PRange(bgra.Length / 4))
                    {
                        int i = 4 * p;
                        if (bgra[i + 3] > 100) { bgra[i] = 1; bgra[i + 1] = 2; }
                        else { bgra[i + 2] = 3; bgra[i + 3] = 4; }
                    }
                }

                // A constant loop written out whose copies store one element each time (the last one stays, as in the
                // serial loop), and one that reads what an earlier copy stored.
                [ParallelKernel]
                public static void Rewrites(float[] a, float[] r, int w, int h)
                {
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            for (int p = 0; p < 3; p++)
                                r[y * w + x] = a[y * w + x] + p * r[y * w + x];
                }

                // Premultiplied alpha (mozilla/shumway examples/filter/asm.js/src/alpha.c, preMultiplyAlpha, with
                // integer arithmetic): alpha read, not stored.
                [ParallelKernel]
                public static void Premultiply(byte[] bgra)
                {
                    foreach (int p in PRange(bgra.Length / 4))
                    {
                        int alpha = bgra[4 * p + 3];
                        bgra[4 * p] = (byte)(bgra[4 * p] * alpha / 255);
                        bgra[4 * p + 1] = (byte)(bgra[4 * p + 1] * alpha / 255);
                        bgra[4 * p + 2] = (byte)(bgra[4 * p + 2] * alpha / 255);
                    }
                }

                // Complex numbers as (re, im) pairs of floats: the real parts scaled, the imaginary ones left alone.
                [ParallelKernel]
                public static void ScaleReal(float[] z, float k)
                {
                    foreach (int i in PRange(z.Length / 2))
                        z[2 * i] = z[2 * i] * k;
                }

                // Each even element from the odd one after it, in place: the gaps are read, never written.
                [ParallelKernel]
                public static void EvenFromOdd(int[] a)
                {
                    foreach (int i in PRange(a.Length / 2))
                        a[2 * i] = a[2 * i + 1] * 3 - i;
                }

                // Alpha set once per row outside the pixel loop: a store outside the step, so no gaps.
                [ParallelKernel]
                public static void RowMarker(byte[] px, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                    {
                        px[y * stride + 3] = 255;
                        for (int x = 0; x < width; x++)
                        {
                            int o = y * stride + 4 * x;
                            px[o] = (byte)(px[o] + 1);
                            px[o + 1] = (byte)(px[o + 1] + 2);
                            px[o + 2] = (byte)(px[o + 2] + 3);
                        }
                    }
                }

                // Alpha stored in a branch of the step: not one of the group's stores, so no gaps.
                [ParallelKernel]
                public static void AlphaInBranch(byte[] px)
                {
                    foreach (int p in PRange(px.Length / 4))
                    {
                        int o = 4 * p;
                        px[o] = (byte)(px[o] + 1);
                        px[o + 1] = (byte)(px[o + 1] + 2);
                        px[o + 2] = (byte)(px[o + 2] + 3);
                        if (px[o] > 200) px[o + 3] = 0;
                    }
                }

                // Three channels of three with one missing: c = 3 does not divide 2^32, so the gaps are written back only
                // where the launch checks that no iteration's subscript wraps (else the chunks run one after another).
                [ParallelKernel]
                public static void RgbNoGreen(byte[] rgb)
                {
                    foreach (int p in PRange(rgb.Length / 3))
                    {
                        rgb[3 * p] = (byte)(255 - rgb[3 * p]);
                        rgb[3 * p + 2] = (byte)(255 - rgb[3 * p + 2]);
                    }
                }

                // KillzXGaming/Switch-Toolbox Switch_Toolbox_Library/Util/ImageUtilty.cs (ConvertBgraToRgba: red and blue
                // swapped through a temporary, in place), on 3-byte pixels as 24-bit BMP loaders do, the pixel count given.
                [ParallelKernel]
                public static void SwapRedBlue(byte[] px, int pixels)
                {
                    foreach (int p in PRange(pixels))
                    {
                        int o = 3 * p;
                        byte t = px[o];
                        px[o] = px[o + 2];
                        px[o + 2] = t;
                    }
                }

                // The same on rows at a stride, pixels on an inner loop (a locked 24bpp bitmap): the launch checks the
                // subscripts at the corners of rows × pixels, and the vector path asks 'stride % 3 == 0'.
                [ParallelKernel]
                public static void SwapRedBlueRows(byte[] px, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int o = y * stride + 3 * x;
                            byte t = px[o];
                            px[o] = px[o + 2];
                            px[o + 2] = t;
                        }
                }

                // The gap's elements written through a second array that may be the same one: gaps all the same, since
                // the vector path runs only where the stored arrays are different ones (its guard); the same array
                // runs the scalar loop in every chunk.
                [ParallelKernel]
                public static void SecondArray(byte[] px, byte[] other)
                {
                    foreach (int p in PRange(px.Length / 4))
                    {
                        int o = 4 * p;
                        px[o] = (byte)(px[o] + 1);
                        px[o + 1] = (byte)(px[o + 1] + 2);
                        px[o + 2] = (byte)(px[o + 2] + 3);
                        other[o + 3] = 9;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "Q"));

        [Theory]
        [InlineData("Sepia")]
        [InlineData("SepiaRows")]
        [InlineData("Posterize")]
        [InlineData("Premultiply")]
        [InlineData("ScaleReal")]
        [InlineData("SecondArray")]
        [InlineData("EvenFromOdd")]
        [InlineData("GrayRows")]
        [InlineData("InvertPacked")]
        [InlineData("RgbNoGreen")]
        [InlineData("SwapRedBlue")]
        [InlineData("SwapRedBlueRows")]
        public void Groups_with_gaps_no_iteration_writes_are_stored_whole(string kernel)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains(kernel is "ScaleReal" or "EvenFromOdd" ? "KernelRuntime.StorePairs" : "KernelRuntime.NarrowStoreGroup", generated);
            Assert.Contains("// a gap of the group, stored back as it is (no iteration writes it)", generated);
            Assert.Contains("which no iteration writes, stored back as they are", generated);
            // Rows at a stride: only where the stride keeps every row's channels at the same residues.
            Assert.Equal(kernel is "SepiaRows" or "Posterize" or "GrayRows", generated.Contains("(unchecked((long)(stride)) & 3) == 0"));
            // Groups of 3: the chunks run apart only where the whole loop's subscripts are ints (checked at the launch).
            Assert.Equal(kernel is "RgbNoGreen" or "SwapRedBlue", generated.Contains(
                "KernelRuntime.IntSubscripts(0, 2, 3 * (global::System.Int128)(__kg_range0.Start), 3 * (global::System.Int128)((__kg_range0.Start + __kg_range0.Count - 1)))", StringComparison.Ordinal));
            Assert.Equal(kernel is "SwapRedBlueRows", generated.Contains("for every y and x (its group's stores then never reach the elements between them)", StringComparison.Ordinal)
                && generated.Contains("(global::System.Int128)(stride) % 3 == 0", StringComparison.Ordinal));
        }

        /// <summary>
        /// A group of 3 whose loop is so long that 3·p wraps (the pixel count far past the array): the check at the launch
        /// fails, so the chunks run in order on one thread and throw where the serial loop throws.
        /// </summary>
        [Fact]
        public void Groups_of_three_run_apart_only_where_no_subscript_wraps()
        {
            // 2^31 / 3 rows of 3 bytes: the last row's subscripts pass int.MaxValue (the array far shorter: it throws).
            Differential.Same(s_built.Value, "Q", "SwapRedBlueRows", new byte[3000], 1, 715_827_883, 3);
            Differential.Same(s_built.Value, "Q", "SwapRedBlue", new byte[3000], 1_500_000_000);
            Differential.Same(s_built.Value, "Q", "SwapRedBlue", new byte[3000], 715_827_883); // 3·p + 2 reaches int.MaxValue + 1
        }

        [Theory]
        [InlineData("ChromaKey")]
        [InlineData("OrderPairs")]
        [InlineData("HalveOpaqueRows")]
        public void Groups_under_a_condition_blend_the_elements_they_do_not_change(string kernel)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains("if/else on lane masks", generated);
            Assert.Contains("// lanes whose condition fails keep the element as it is", generated);
            Assert.Contains(kernel == "OrderPairs" ? "KernelRuntime.StorePairs" : "KernelRuntime.NarrowStoreGroup", generated);
        }

        [Theory]
        [InlineData("MovedRow")]
        [InlineData("RowMarker")]
        [InlineData("AlphaInBranch")]
        public void Gaps_some_store_may_write_are_not_stored(string kernel) =>
            Assert.DoesNotContain("a gap of the group", InMemory.Section(s_generated.Value(kernel)));

        [Fact]
        public void Constant_loops_of_up_to_four_iterations_are_written_out()
        {
            Assert.Contains("//     vector: inner loop 'for (int x = 0; x < w; x++)'", InMemory.Section(s_generated.Value("Rewrites")));
            Assert.Contains("//     vector: inner loop 'for (int x = 0; x < width; x++)'", InMemory.Section(s_generated.Value("Posterize")));
        }

        [Fact]
        public void The_clamp_helper_runs_in_int_lanes()
        {
            // (The three channels' selects, each of two ?: on the float, computed on whole vectors.)
            string generated = InMemory.Section(s_generated.Value("Sepia"));
            Assert.DoesNotContain("lane by lane", generated.Split('\n').First(l => l.Contains("//     vector:")));
            Assert.Contains("ConvertToInt32(", generated);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(17, 3)]
        [InlineData(33, 5)]
        [InlineData(203, 41)]
        public void Results_are_the_serial_loops(int width, int height)
        {
            Assembly assembly = s_built.Value;
            var random = new Random(width * 31 + height);
            byte[] Bytes(int count) { var b = new byte[count]; random.NextBytes(b); return b; }
            int n = width * height;
            byte[] packed = Bytes(4 * n);
            // Saturated and dark channels too: the clamp's both ends.
            for (int k = 0; k < packed.Length; k += 7) packed[k] = (byte)(k % 2 == 0 ? 255 : 0);
            Differential.Same(assembly, "Q", "Sepia", packed);
            Differential.Same(assembly, "Q", "Premultiply", packed);
            Differential.Same(assembly, "Q", "AlphaInBranch", packed);
            Differential.Same(assembly, "Q", "SecondArray", packed, Bytes(4 * n));
            Differential.Same(assembly, "Q", "SecondArray", packed, packed);
            Differential.Same(assembly, "Q", "RgbNoGreen", Bytes(3 * n));
            Differential.Same(assembly, "Q", "SwapRedBlue", Bytes(3 * n + 1), n);
            Differential.Same(assembly, "Q", "SwapRedBlue", Bytes(3 * n), n + 1); // the last pixel's blue past the end
            float[] z = Enumerable.Range(0, 2 * n + 1).Select(k => (float)(random.NextDouble() * 4 - 2)).ToArray();
            Differential.Same(assembly, "Q", "ScaleReal", z, 1.5f);
            float[] floats = Enumerable.Range(0, n).Select(k => (float)(random.NextDouble() * 2 - 1)).ToArray();
            Differential.Same(assembly, "Q", "Rewrites", floats, floats.Reverse().ToArray(), width, height);
            Differential.Same(assembly, "Q", "EvenFromOdd", Enumerable.Range(0, 2 * n + 1).Select(_ => random.Next()).ToArray());
            // Strides: a multiple of 4 (the vector path), padded, 2 past one (the scalar loop), and 4w − 1, where the
            // race analysis lets rows run in parallel but a row's last alpha is the next row's first blue.
            foreach (int stride in new[] { 3 * width, 3 * width + 3, 3 * width + 1 })
                Differential.Same(assembly, "Q", "SwapRedBlueRows", Bytes(stride * height + 2), width, height, stride);
            foreach (int stride in new[] { 4 * width, 4 * width + 12, 4 * width + 2, 4 * width - 1 })
            {
                byte[] rows = Bytes(stride * height + 4);
                Differential.Same(assembly, "Q", "SepiaRows", rows, width, height, stride);
                Differential.Same(assembly, "Q", "RowMarker", rows, width, height, stride);
                Differential.Same(assembly, "Q", "Posterize", rows, width, height, stride, 255f / 3);
                Differential.Same(assembly, "Q", "GrayRows", rows, width, height, stride);
                Differential.Same(assembly, "Q", "MovedRow", rows, width, height, stride);
                Differential.Same(assembly, "Q", "SwapRedBlueRows", rows, width, height, stride);
            }
            Differential.Same(assembly, "Q", "InvertPacked", Bytes(4 * n + 3), width, height);
            // Conditions true for some pixels and not others (alpha 0 every few pixels, greens above 200).
            byte[] keyed = Bytes(4 * n + 2);
            for (int k = 3; k < keyed.Length; k += 12) keyed[k] = 0;
            for (int k = 1; k < keyed.Length; k += 8) keyed[k] = 230;
            Differential.Same(assembly, "Q", "ChromaKey", keyed, 128);
            Differential.Same(assembly, "Q", "SplitBranches", keyed);
            Differential.Same(assembly, "Q", "OrderPairs", Enumerable.Range(0, 2 * n + 1).Select(k => (float)random.Next(-5, 5)).ToArray());
            foreach (int stride in new[] { 4 * width, 4 * width + 2 })
                Differential.Same(assembly, "Q", "HalveOpaqueRows", Bytes(stride * height + 4), width, height, stride);
        }
    }
}
