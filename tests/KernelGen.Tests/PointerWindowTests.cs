using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Pointer windows (race analysis, FindPointerWindows): a locked bitmap's row and pixel pointers
    /// (<c>byte* row = scan0 + y * stride; byte* px = row + 4 * x;</c>) are tested as the <c>scan0[…]</c> accesses they
    /// are, so the loops run in parallel where the rows are apart and give the serial loop's bytes; where the rows may
    /// meet, or the pointer is moved, cast or handed on, the loop stays serial with a diagnostic.
    /// </summary>
    public class PointerWindowTests
    {
        // The LockBits loops of C# imaging code (System.Drawing BitmapData.Scan0 walked row by row, as in AForge.NET's
        // filters and the many "fast bitmap" snippets), in our own words, over byte* parameters.
        private const string Source = """
            using System;
            using System.Linq;
            using KernelGen;
            using static KernelGen.Kernel;

            public static unsafe partial class W
            {
                [ParallelKernel]
                public static void Invert(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                            row[x] = (byte)(255 - row[x]);
                    }
                }

                // A pixel pointer inside the row: BGRA to gray, alpha kept.
                [ParallelKernel]
                public static void Gray(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < width; x++)
                        {
                            byte* px = row + 4 * x;
                            byte g = (byte)((px[0] * 29 + px[1] * 150 + px[2] * 77) >> 8);
                            px[0] = g;
                            px[1] = g;
                            px[2] = g;
                        }
                    }
                }

                // The row taken as the address of its first byte, and a mirror within the row.
                [ParallelKernel]
                public static void Mirror(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = &scan0[y * stride];
                        for (int x = 0; x < width / 2; x++)
                        {
                            byte t = row[x];
                            row[x] = row[width - 1 - x];
                            row[width - 1 - x] = t;
                        }
                    }
                }

                // Rows two bytes apart while each writes four: rows meet. Must stay serial.
                [ParallelKernel]
                public static void Overlapping(byte* scan0, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + 2 * y;
                        for (int x = 0; x < 4; x++)
                            row[x] = (byte)(row[x] + 1);
                    }
                }

                // A moving cursor: not a window (serial).
                [ParallelKernel]
                public static void Cursor(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* p = scan0 + y * stride;
                        for (int x = 0; x < width; x++)
                        {
                            p[0] = (byte)(255 - p[0]);
                            p += 4;
                        }
                    }
                }

                // Through another element type: not a window (serial).
                [ParallelKernel]
                public static void AsInts(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        uint* row = (uint*)(scan0 + y * stride);
                        for (int x = 0; x < width; x++)
                            row[x] = ~row[x];
                    }
                }

                // A 24 bpp source bitmap into a 32 bpp destination: two pointers, apart where the launch finds the bytes
                // each touches apart (either stride may be negative: a bottom-up bitmap).
                [ParallelKernel]
                public static void Copy24To32(byte* src, int srcStride, byte* dst, int dstStride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* s = src + y * srcStride;
                        byte* d = dst + y * dstStride;
                        for (int x = 0; x < width; x++)
                        {
                            d[4 * x] = s[3 * x];
                            d[4 * x + 1] = s[3 * x + 1];
                            d[4 * x + 2] = s[3 * x + 2];
                            d[4 * x + 3] = 255;
                        }
                    }
                }

                // A read through a pointer local KernelGen does not follow (it is moved after it is made): it may read
                // what another iteration writes through dst, so the loop stays serial.
                [ParallelKernel]
                public static void ShiftThroughLocal(byte* src, byte* dst, int n)
                {
                    foreach (int i in PRange(n))
                    {
                        byte* s = src + i;
                        s++;
                        dst[i] = (byte)(*s + 1);
                    }
                }

                public static void Copy(bool parallel, byte[] source, int srcOffset, int srcStride, byte[] target, int dstOffset, int dstStride, int width, int height)
                {
                    fixed (byte* s = source) fixed (byte* d = target)
                    {
                        if (parallel) Copy24To32(s + srcOffset, srcStride, d + dstOffset, dstStride, width, height);
                        else { delegate*<byte*, int, byte*, int, int, int, void> original = &Copy24To32; original(s + srcOffset, srcStride, d + dstOffset, dstStride, width, height); }
                    }
                }

                // A lookup table over a locked bitmap (levels, gamma, curves): an array beside a pointer, apart where the
                // launch finds the bitmap's bytes outside the table's.
                [ParallelKernel]
                public static void Levels(byte* scan0, int stride, int width, int height, byte[] table)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                            row[x] = table[row[x]];
                    }
                }

                private static readonly byte[] s_negative = System.Linq.Enumerable.Range(0, 256).Select(v => (byte)(255 - v)).ToArray();

                [ParallelKernel]
                public static void Negative(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                            row[x] = s_negative[row[x]];
                    }
                }

                // Rows of a jagged table: the pointer may point into a row, which the outer array's bytes do not cover.
                [ParallelKernel]
                public static void JaggedLevels(byte* scan0, int stride, int width, int height, byte[][] tables)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                            row[x] = tables[x & 3][row[x]];
                    }
                }

                // The bitmap's bytes are the table's own (one pinned array): the table changes as the rows are written.
                public static void LevelsIn(bool parallel, byte[] bitmap, byte[] table, int stride, int width, int height)
                {
                    fixed (byte* p = bitmap)
                    {
                        if (parallel) Levels(p, stride, width, height, table);
                        else { delegate*<byte*, int, int, int, byte[], void> original = &Levels; original(p, stride, width, height, table); }
                    }
                }

                public static void NegativeIn(bool parallel, byte[] bitmap, int stride, int width, int height)
                {
                    fixed (byte* p = bitmap)
                    {
                        if (parallel) Negative(p, stride, width, height);
                        else { delegate*<byte*, int, int, int, void> original = &Negative; original(p, stride, width, height); }
                    }
                }

                // NAPS2's pixel access (cyanfish/naps2, NAPS2.Core/Scan/Images/Transforms/UnsafeImageOps.cs, HueShift:
                // row = data + stride * y, pixel = row + x * bytesPerPixel, then *pixel, *(pixel + 1), *(pixel + 2)), here
                // swapping red and blue; in our own words.
                [ParallelKernel]
                public static void SwapRedBlue(byte* data, int stride, int w, int h, int bytesPerPixel)
                {
                    foreach (int y in PRange(h))
                    {
                        byte* row = data + stride * y;
                        for (int x = 0; x < w; x++)
                        {
                            byte* pixel = row + x * bytesPerPixel;
                            byte r = *pixel;
                            byte b = *(pixel + 2);
                            *pixel = b;
                            *(pixel + 2) = r;
                        }
                    }
                }

                // A 24 bpp grayscale through a row pointer with the luminance in double (babak2000ir/Pointers-In-C-,
                // ConvertToGrayScalePointer/ConvertToGrayScalePointer.cs, its serial loop over y), in our own words.
                [ParallelKernel]
                public static void Gray24(byte* ptr, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = ptr + (y * stride);
                        for (int x = 0; x < width; x++)
                        {
                            byte blue = row[x * 3], green = row[x * 3 + 1], red = row[x * 3 + 2];
                            byte gray = (byte)(0.299 * red + 0.587 * green + 0.114 * blue);
                            row[x * 3] = gray;
                            row[x * 3 + 1] = gray;
                            row[x * 3 + 2] = gray;
                        }
                    }
                }

                // Reads through *: apart from the destination where the launch finds them apart.
                [ParallelKernel]
                public static void ShiftDeref(byte* src, byte* dst, int n)
                {
                    foreach (int i in PRange(n))
                        dst[i] = (byte)(*(src + i + 1) + 1);
                }

                public static void Swap(bool parallel, byte[] pixels, int stride, int w, int h, int bpp)
                {
                    fixed (byte* p = pixels)
                    {
                        if (parallel) SwapRedBlue(p, stride, w, h, bpp);
                        else { delegate*<byte*, int, int, int, int, void> original = &SwapRedBlue; original(p, stride, w, h, bpp); }
                    }
                }

                public static void Gray24In(bool parallel, byte[] pixels, int stride, int w, int h)
                {
                    fixed (byte* p = pixels)
                    {
                        if (parallel) Gray24(p, stride, w, h);
                        else { delegate*<byte*, int, int, int, void> original = &Gray24; original(p, stride, w, h); }
                    }
                }

                public static void ShiftIn(bool parallel, byte[] buffer, int dstOffset, int n)
                {
                    fixed (byte* b = buffer)
                    {
                        if (parallel) ShiftDeref(b, b + dstOffset, n);
                        else { delegate*<byte*, byte*, int, void> original = &ShiftDeref; original(b, b + dstOffset, n); }
                    }
                }

                // In place, the destination one byte past the source (the same buffer).
                public static void Shift(bool parallel, byte[] buffer, int n)
                {
                    fixed (byte* b = buffer)
                    {
                        if (parallel) ShiftThroughLocal(b, b + 1, n);
                        else { delegate*<byte*, byte*, int, void> original = &ShiftThroughLocal; original(b, b + 1, n); }
                    }
                }

                // A read under a condition: a vector step would read every lane's element; kept off the lanes.
                [ParallelKernel]
                public static void Threshold(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                            if (x > 0) row[x] = row[x - 1] > 128 ? (byte)255 : (byte)0;
                    }
                }

                // A threshold and a brightness clamp over a locked bitmap: '?:' whose operands every iteration reads (the
                // arms are constants or values already read), so the pointer's elements stay on the lanes.
                [ParallelKernel]
                public static void Binarize(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                            row[x] = row[x] > 100 ? (byte)255 : (byte)0;
                    }
                }

                [ParallelKernel]
                public static void Brighten(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                        {
                            int v = row[x] + 40;
                            row[x] = (byte)(v > 255 ? 255 : v < 0 ? 0 : v);
                        }
                    }
                }

                // An element read in a '?:' arm: read only where the condition holds, so off the lanes.
                [ParallelKernel]
                public static void PickRight(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        byte* right = scan0 + y * stride + 4 * width;
                        for (int x = 0; x < 4 * width; x++)
                            row[x] = row[x] > 100 ? right[0] : row[x];
                    }
                }

                // A grid's rows into a pointer at a stride, the row length the grid's GetLength(1): rows apart where
                // stride >= m.GetLength(1), a launch check that reads the array's length.
                [ParallelKernel]
                public static void GridToPointer(float[,] m, float* p, int stride)
                {
                    foreach (int y in PRange(m.GetLength(0)))
                        for (int x = 0; x < m.GetLength(1); x++)
                            p[y * stride + x] = m[y, x] * 2f + p[y * stride + x];
                }

                public static void GridToArray(bool parallel, float[,] m, float[] target, int stride)
                {
                    fixed (float* p = target)
                    {
                        if (parallel) GridToPointer(m, p, stride);
                        else { delegate*<float[,], float*, int, void> original = &GridToPointer; original(m, p, stride); }
                    }
                }

                // A while loop per byte: its lanes stop at different steps, and a stopped lane's element is one the loop
                // no longer reads (lane masks): kept off the lanes.
                [ParallelKernel]
                public static void Posterize(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                        {
                            int v = row[x];
                            while (v >= 64) v -= 64;
                            row[x] = (byte)(row[x] - v);
                        }
                    }
                }

                // Calls the kernels on a pinned array: the parallel versions (intercepted).
                public static void Run(string kernel, byte[] pixels, int stride, int width, int height)
                {
                    fixed (byte* p = pixels)
                    {
                        switch (kernel)
                        {
                            case "Invert": Invert(p, stride, width, height); break;
                            case "Gray": Gray(p, stride, width, height); break;
                            case "Mirror": Mirror(p, stride, width, height); break;
                            case "Overlapping": Overlapping(p, width, height); break;
                            case "Cursor": Cursor(p, stride, width, height); break;
                            case "AsInts": AsInts(p, stride, width, height); break;
                        }
                    }
                }

                // The same through the * operator: *(p + i) and a pixel window read as *px, *(px + 1).
                [ParallelKernel]
                public static void InvertDeref(byte* scan0, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
                        byte* row = scan0 + y * stride;
                        for (int x = 0; x < 4 * width; x++)
                            *(row + x) = (byte)(255 - *(row + x));
                    }
                }

                // The parallel versions on memory at an address (the guard-page test below).
                public static void RunAt(string kernel, nint at, int stride, int width, int height)
                {
                    byte* p = (byte*)at;
                    switch (kernel)
                    {
                        case "Invert": Invert(p, stride, width, height); break;
                        case "Gray": Gray(p, stride, width, height); break;
                        case "Mirror": Mirror(p, stride, width, height); break;
                        case "Negative": Negative(p, stride, width, height); break;
                        case "Gray24": Gray24(p, stride, width, height); break;
                        case "InvertDeref": InvertDeref(p, stride, width, height); break;
                        case "Posterize": Posterize(p, stride, width, height); break;
                        case "Binarize": Binarize(p, stride, width, height); break;
                        case "Brighten": Brighten(p, stride, width, height); break;
                    }
                }

                public static void CopyAt(nint source, int srcStride, nint target, int dstStride, int width, int height) =>
                    Copy24To32((byte*)source, srcStride, (byte*)target, dstStride, width, height);

                // The serial originals, through function pointers (not intercepted).
                public static void Serial(string kernel, byte[] pixels, int stride, int width, int height)
                {
                    fixed (byte* p = pixels)
                    {
                        delegate*<byte*, int, int, int, void> original = kernel switch
                        {
                            "Invert" => &Invert,
                            "Gray" => &Gray,
                            "Mirror" => &Mirror,
                            "Cursor" => &Cursor,
                            "Negative" => &Negative,
                            "Gray24" => &Gray24,
                            "InvertDeref" => &InvertDeref,
                            "Posterize" => &Posterize,
                            "Binarize" => &Binarize,
                            "Brighten" => &Brighten,
                            _ => &AsInts,
                        };
                        if (kernel == "Overlapping") { delegate*<byte*, int, int, void> o = &Overlapping; o(p, width, height); }
                        else original(p, stride, width, height);
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source, unsafeCode: true));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "W", unsafeCode: true));
        private static readonly Lazy<Diagnostic[]> s_diagnostics = new(() => InMemory.Analyze(Source, unsafeCode: true)
            .Where(d => d.Id.StartsWith("KG1", StringComparison.Ordinal)).ToArray());

        private static Diagnostic[] DiagnosticsIn(string kernel)
        {
            int start = Source.IndexOf($"void {kernel}(", StringComparison.Ordinal);
            int end = Source.IndexOf("[ParallelKernel]", start, StringComparison.Ordinal);
            if (end < 0) end = Source.Length;
            return s_diagnostics.Value.Where(d => d.Location.SourceSpan.Start >= start && d.Location.SourceSpan.Start < end).ToArray();
        }

        [Theory]
        [InlineData("Invert")]
        [InlineData("Gray")]
        [InlineData("Mirror")]
        public void Row_and_pixel_pointers_run_in_parallel_with_the_serial_bytes(string kernel)
        {
            Assert.Empty(DiagnosticsIn(kernel));
            Assert.Contains("parallel: chunks", InMemory.Section(s_generated.Value(kernel)));
            var random = new Random(kernel.Length);
            // Rows padded past their pixels, and rows exactly as wide.
            foreach ((int width, int height, int pad) in new[] { (301, 77, 8), (64, 300, 0), (1, 5, 3) })
            {
                int stride = 4 * width + pad;
                byte[] pixels = new byte[stride * height];
                random.NextBytes(pixels);
                byte[] serial = pixels.ToArray(), parallel = pixels.ToArray();
                InMemory.Call(s_built.Value, "W", "Serial", kernel, serial, stride, width, height);
                RuntimeSettings.With(3, backoff: false, () => InMemory.Call(s_built.Value, "W", "Run", kernel, parallel, stride, width, height));
                Assert.Equal(serial, parallel);
            }
        }

        [Fact]
        public void A_source_and_a_destination_bitmap_run_in_parallel_where_their_bytes_are_apart()
        {
            Assert.Empty(DiagnosticsIn("Copy24To32"));
            Assert.Contains("runs in parallel where the memory dst and src touch does not overlap (checked at the launch", InMemory.Section(s_generated.Value("Copy24To32")));
            var random = new Random(9);
            const int Width = 97, Height = 61;
            int srcStride = 3 * Width + 1, dstStride = 4 * Width;
            byte[] source = new byte[srcStride * Height];
            random.NextBytes(source);
            // Two bitmaps, top-down and bottom-up (the first row last, a negative stride).
            foreach (bool bottomUp in new[] { false, true })
            {
                int srcOffset = bottomUp ? srcStride * (Height - 1) : 0, stride = bottomUp ? -srcStride : srcStride;
                byte[] serial = new byte[dstStride * Height], parallel = new byte[dstStride * Height];
                InMemory.Call(s_built.Value, "W", "Copy", false, source, srcOffset, stride, serial, 0, dstStride, Width, Height);
                RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "W", "Copy", true, source, srcOffset, stride, parallel, 0, dstStride, Width, Height));
                Assert.Equal(serial, parallel);
            }
            // One buffer, the destination rows over the source's further on: the bytes meet, the loop runs serially, in
            // order (the reversed schedule would read rows already written).
            int size = dstStride * Height + srcStride * Height;
            byte[] first = new byte[size], second;
            random.NextBytes(first);
            second = first.ToArray();
            InMemory.Call(s_built.Value, "W", "Copy", false, first, srcStride * 2, srcStride, first, 0, dstStride, Width, Height);
            RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "W", "Copy", true, second, srcStride * 2, srcStride, second, 0, dstStride, Width, Height));
            Assert.Equal(first, second);
        }

        /// <summary>
        /// <paramref name="runner"/>(false, copy, rest…) (the serial original) against <paramref name="runner"/>(true, copy,
        /// rest…) on the reversed schedule (chunks of 3 last first: a dependence KernelGen missed shows on every call).
        /// </summary>
        private static void SameAsSerial(string runner, byte[] start, params object[] rest)
        {
            byte[] serial = start.ToArray(), parallel = start.ToArray();
            InMemory.Call(s_built.Value, "W", runner, new object[] { false, serial }.Concat(rest).ToArray());
            RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "W", runner, new object[] { true, parallel }.Concat(rest).ToArray()));
            Assert.Equal(serial, parallel);
        }

        [Fact]
        public void A_lookup_table_beside_a_locked_bitmap_runs_in_parallel_where_the_bitmap_is_not_the_table()
        {
            Assert.Empty(DiagnosticsIn("Levels"));
            Assert.Empty(DiagnosticsIn("Negative"));
            Assert.Contains("runs in parallel where the memory scan0 touches is not table's (checked at the launch", InMemory.Section(s_generated.Value("Levels")));
            var random = new Random(12);
            const int Width = 70, Height = 40, Stride = 4 * Width + 4;
            byte[] table = Enumerable.Range(0, 256).Select(v => (byte)(v * v / 255)).ToArray();
            byte[] bitmap = new byte[Stride * Height];
            random.NextBytes(bitmap);
            SameAsSerial("LevelsIn", bitmap, table, Stride, Width, Height);
            SameAsSerial("NegativeIn", bitmap, Stride, Width, Height);
            // The bitmap is the table: the launch finds them meeting, the rows run serially, in order.
            byte[] own = Enumerable.Range(0, 1024).Select(v => (byte)(v * 37)).ToArray(), ownParallel = own.ToArray();
            InMemory.Call(s_built.Value, "W", "LevelsIn", false, own, own, 64, 16, 16);
            RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "W", "LevelsIn", true, ownParallel, ownParallel, 64, 16, 16));
            Assert.Equal(own, ownParallel);
            // A mutant without that check: another result, so the comparison above can fail.
            Assembly mutant = InMemory.BuildMutant(Source, "!(global::KernelGen.KernelRuntime.PointerApartFrom(", "!(true || global::KernelGen.KernelRuntime.PointerApartFrom(", unsafeCode: true);
            byte[] mutated = Enumerable.Range(0, 1024).Select(v => (byte)(v * 37)).ToArray();
            RuntimeSettings.Reversed(3, () => InMemory.Call(mutant, "W", "LevelsIn", true, mutated, mutated, 64, 16, 16));
            Assert.NotEqual(own, mutated);
        }

        [Fact]
        public void Pixels_through_the_star_operator_and_ported_bitmap_loops_run_in_parallel_with_the_serial_bytes()
        {
            foreach (string kernel in new[] { "SwapRedBlue", "Gray24", "ShiftDeref" })
            {
                Assert.Empty(DiagnosticsIn(kernel));
                Assert.Contains("parallel: chunks", InMemory.Section(s_generated.Value(kernel)));
            }
            var random = new Random(21);
            foreach (int bpp in new[] { 3, 4 })
            {
                const int W = 53, H = 29;
                int stride = bpp * W + 2;
                byte[] pixels = new byte[stride * H];
                random.NextBytes(pixels);
                SameAsSerial("Swap", pixels, stride, W, H, bpp);
            }
            byte[] image = new byte[(3 * 41 + 1) * 23];
            random.NextBytes(image);
            SameAsSerial("Gray24In", image, 3 * 41 + 1, 41, 23);
            // The destination past the source's end (apart: parallel) and one byte past its start (meeting: serial).
            foreach (int dstOffset in new[] { 2100, 1 })
            {
                SameAsSerial("ShiftIn", Enumerable.Range(0, 4200).Select(i => (byte)(i * 13)).ToArray(), dstOffset, 2000);
            }
        }

        [Fact]
        public void Pointer_elements_run_on_vector_lanes_where_every_lane_reads_what_the_loop_reads()
        {
            foreach (string kernel in new[] { "Invert", "Negative", "InvertDeref", "Gray", "Gray24", "Copy24To32", "Binarize", "Brighten" })
                Assert.Contains("vector: inner loop", InMemory.Section(s_generated.Value(kernel)));
            // Channels of a pixel: strided loads (from the first lane's element to the last one's) and groups stored whole.
            Assert.Contains("strided loads", InMemory.Section(s_generated.Value("Gray24")));
            Assert.Contains("groups of up to 4", InMemory.Section(s_generated.Value("Copy24To32")));
            // Alpha left alone: the group's gap is written back as it is, never past the next pixel the loop writes.
            Assert.Contains("the last iteration on the scalar loop", InMemory.Section(s_generated.Value("Gray")));
            Assert.Contains("if (__kg_xend > __kg_x) __kg_xend--;", s_generated.Value("Gray"));
            Assert.DoesNotContain("__kg_xend--", s_generated.Value("Gray24"));
            // Read under a condition, or on lanes that stop at different steps: scalar.
            Assert.Contains("vector: scalar body", InMemory.Section(s_generated.Value("Threshold")));
            Assert.Contains("a pointer has no bounds", InMemory.Section(s_generated.Value("Posterize")));
            Assert.Contains("is read under a condition", InMemory.Section(s_generated.Value("PickRight")));
        }

        [Theory]
        [InlineData("Invert", 4, 0)]
        [InlineData("Gray", 4, 0)]
        [InlineData("Gray", 4, 1)]
        [InlineData("Mirror", 4, 0)]
        [InlineData("Negative", 4, 0)]
        [InlineData("Gray24", 3, 0)]
        [InlineData("InvertDeref", 4, 0)]
        [InlineData("Posterize", 4, 0)]
        [InlineData("Binarize", 4, 0)]
        [InlineData("Brighten", 4, 0)]
        public void Vector_steps_over_pointers_touch_no_byte_the_loop_does_not(string kernel, int bytesPerPixel, int trimmed)
        {
            if (!GuardedMemory.Available) return;
            var random = new Random(kernel.Length * 7 + bytesPerPixel + trimmed);
            // Widths around every vector width (rows exactly as wide as their pixels: the last row ends at the guard).
            // Trimmed: the buffer ends that many bytes before the last pixel does (Gray never touches the last alpha, so
            // the group store's write-back of the gaps must stop short of it).
            foreach (int width in new[] { 1, 7, 15, 16, 17, 31, 33, 63, 65, 127, 129 })
            {
                const int Height = 5;
                int stride = bytesPerPixel * width, bytes = stride * Height - trimmed;
                byte[] start = new byte[bytes];
                random.NextBytes(start);
                using var memory = new GuardedMemory(bytes);
                System.Runtime.InteropServices.Marshal.Copy(start, 0, memory.Data, bytes);
                byte[] serial = start.ToArray();
                InMemory.Call(s_built.Value, "W", "Serial", kernel, serial, stride, width, Height);
                InMemory.Call(s_built.Value, "W", "RunAt", kernel, memory.Data, stride, width, Height);
                byte[] parallel = new byte[bytes];
                System.Runtime.InteropServices.Marshal.Copy(memory.Data, parallel, 0, bytes);
                Assert.Equal(serial, parallel);
            }
        }

        [Fact]
        public void A_vector_copy_between_guarded_bitmaps_touches_no_byte_past_either()
        {
            if (!GuardedMemory.Available) return;
            var random = new Random(17);
            foreach (int width in new[] { 1, 15, 16, 17, 33, 65, 129 })
            {
                const int Height = 4;
                byte[] pixels = new byte[3 * width * Height];
                random.NextBytes(pixels);
                using var src = new GuardedMemory(pixels.Length);
                using var dst = new GuardedMemory(4 * width * Height);
                System.Runtime.InteropServices.Marshal.Copy(pixels, 0, src.Data, pixels.Length);
                // Top-down, then a bottom-up source (its first row last in memory: a negative stride, so negative element
                // numbers on the vector steps); each against the serial copy of the same bytes.
                foreach (bool bottomUp in new[] { false, true })
                {
                    int offset = bottomUp ? 3 * width * (Height - 1) : 0, stride = bottomUp ? -3 * width : 3 * width;
                    InMemory.Call(s_built.Value, "W", "CopyAt", src.Data + offset, stride, dst.Data, 4 * width, width, Height);
                    byte[] serial = new byte[4 * width * Height], parallel = new byte[serial.Length];
                    InMemory.Call(s_built.Value, "W", "Copy", false, pixels, offset, stride, serial, 0, 4 * width, width, Height);
                    System.Runtime.InteropServices.Marshal.Copy(dst.Data, parallel, 0, parallel.Length);
                    Assert.Equal(serial, parallel);
                }
            }
        }

        [Fact]
        public void A_pointer_written_at_rows_as_long_as_an_arrays_dimension_runs_in_parallel_where_the_stride_keeps_them_apart()
        {
            string report = InMemory.Section(s_generated.Value("GridToPointer"));
            Assert.Contains("note: runs in parallel where stride >= (m?.GetLength(1) ?? 0)", report);
            Assert.Contains("vector: inner loop", report);
            var random = new Random(5);
            foreach ((int rows, int cols, int stride) in new[] { (7, 33, 33), (7, 33, 40), (9, 20, 13), (5, 17, 0), (6, 70, 71) })
            {
                var m = new float[rows, cols];
                for (int y = 0; y < rows; y++) for (int x = 0; x < cols; x++) m[y, x] = random.Next(-50, 50) * 0.25f;
                float[] start = Enumerable.Range(0, stride * (rows - 1) + cols).Select(_ => random.Next(-9, 9) * 0.5f).ToArray();
                float[] serial = start.ToArray(), parallel = start.ToArray();
                InMemory.Call(s_built.Value, "W", "GridToArray", false, m, serial, stride);
                // Rows that overlap (a stride shorter than a row) must run serially, in order: the chunks reversed would show it.
                RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "W", "GridToArray", true, m, parallel, stride));
                Assert.Equal(serial, parallel);
            }
        }

        [Fact]
        public void A_read_through_a_pointer_local_it_does_not_follow_keeps_the_loop_serial()
        {
            Assert.Contains(DiagnosticsIn("ShiftThroughLocal"), d => d.Id == "KG1004");
            SameAsSerial("Shift", Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray(), 2000);
        }

        [Fact]
        public void A_pointer_beside_a_jagged_table_stays_serial()
        {
            Assert.Contains(DiagnosticsIn("JaggedLevels"), d => d.Id == "KG1004" && d.GetMessage().Contains("may point into 'tables'", StringComparison.Ordinal));
        }

        [Theory]
        // (The window is followed: the rows are found to meet, not the pointer found unfollowable.)
        [InlineData("Overlapping", "cannot prove that different iterations write different elements")]
        [InlineData("Cursor", "a reference KernelGen cannot follow")]
        [InlineData("AsInts", "a reference KernelGen cannot follow")]
        public void Rows_that_may_meet_and_pointers_it_cannot_follow_keep_the_loop_serial(string kernel, string why)
        {
            Assert.Contains(DiagnosticsIn(kernel), d => d.Id == "KG1004" && d.GetMessage().Contains(why, StringComparison.Ordinal));
            int width = 40, height = 50, stride = 4 * width;
            byte[] pixels = new byte[stride * height + 8];
            new Random(5).NextBytes(pixels);
            byte[] serial = pixels.ToArray(), parallel = pixels.ToArray();
            InMemory.Call(s_built.Value, "W", "Serial", kernel, serial, stride, width, height);
            InMemory.Call(s_built.Value, "W", "Run", kernel, parallel, stride, width, height);
            Assert.Equal(serial, parallel);
        }
    }
}
