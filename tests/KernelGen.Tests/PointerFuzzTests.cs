using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Random pointer kernels over rows (a destination and a source bitmap of byte, int or float, rows as windows
    /// <c>T* d = dst + y * stride</c> or subscripted directly, the * form, conditions, reversed reads, in-place updates),
    /// run in parallel on mmap'd memory with unreadable pages on both sides (a vector step touching a byte the loop does
    /// not faults) against the serial method on managed copies: the same bytes, on separate buffers and with the source
    /// being the destination (the launch's checks must then keep the loop serial, or its proof hold). Pixel kernels
    /// (P…) walk pixels of 2, 3 or 4 channels: strided channel reads, groups stored whole or with gaps (alpha left
    /// alone), pixel pointers, a bottom-up source; each buffer ends at the last element the loop touches, so a vector
    /// step past it faults. KERNELGEN_POINTER_FUZZ_KERNELS (default 30 of each) and KERNELGEN_POINTER_FUZZ_SEED set a
    /// longer or another run.
    /// </summary>
    public class PointerFuzzTests
    {
        private static readonly int Kernels = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_POINTER_FUZZ_KERNELS"), out int asked) && asked > 0 ? asked : Harness.Scale.Count(full: 30, local: 16);
        private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_POINTER_FUZZ_SEED"), out int seed) ? seed : 20261205;

        /// <summary>Per pixel kernel: channels a pixel has, and the last channel it touches in dst and in src.</summary>
        private static readonly PixelShape[] Shapes = new PixelShape[Kernels];

        private sealed record PixelShape(int Channels, int DstLast, int SrcLast);

        private static readonly Lazy<(string Source, Assembly Assembly)> Built = new(() =>
        {
            var r = new Random(Seed);
            var text = new StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static unsafe partial class F\n{\n");
            for (int k = 0; k < Kernels; k++) text.Append(Kernel(k, r));
            for (int k = 0; k < Kernels; k++) text.Append(PixelKernel(k, r));
            text.Append("}\n");
            string source = text.ToString();
            return (source, InMemory.Build(source, unsafeCode: true));
        });

        private static string TypeOf(int k) => (k % 3) switch { 0 => "byte", 1 => "int", _ => "float" };

        private static string Kernel(int k, Random r)
        {
            string t = TypeOf(k);
            bool windows = r.Next(2) == 0, star = r.Next(4) == 0;
            string D(string at) => windows ? (star ? $"*(d + {at})" : $"d[{at}]") : $"dst[y * stride + {at}]";
            string S(string at) => windows ? (star ? $"*(s + {at})" : $"s[{at}]") : $"src[y * stride + {at}]";
            string c = t == "float" ? $"{r.Next(1, 5)}.5f" : r.Next(1, 9).ToString();
            string value = r.Next(7) switch
            {
                6 => $"({S("x")} > {c} ? {c} : 1) + ({D("x")} < {c} ? 2 : 0)", // (elements read in conditions only: on the lanes)
                0 => $"{S("x")} + {c}",
                1 => $"{D("x")} * 2 + {S("x")}",
                2 => $"{S("width - 1 - x")}",
                3 => $"x > 0 ? {S("x - 1")} : {S("x")}",
                4 => $"{S("x")} > {c} ? {S("x")} : {D("x")}",
                _ => $"{S("x")} - {D("x")}",
            };
            string statement = r.Next(5) == 0
                ? $"if ({S("x")} < {c}) {D("x")} = ({t})({value});"
                : $"{D("x")} = ({t})({value});";
            string rows = windows ? $"            {t}* d = dst + y * stride;\n            {t}* s = src + y * stride;\n" : "";
            return $$"""
                [ParallelKernel]
                public static void K{{k}}({{t}}* dst, {{t}}* src, int stride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
            {{rows}}            for (int x = 0; x < width; x++)
                            {{statement}}
                    }
                }

                public static void Run{{k}}(bool parallel, nint dst, nint src, int stride, int width, int height)
                {
                    if (parallel) K{{k}}(({{t}}*)dst, ({{t}}*)src, stride, width, height);
                    else { delegate*<{{t}}*, {{t}}*, int, int, int, void> serial = &K{{k}}; serial(({{t}}*)dst, ({{t}}*)src, stride, width, height); }
                }

            """;
        }

        private static string PixelKernel(int k, Random r)
        {
            string t = TypeOf(k);
            int n = r.Next(2, 5); // channels a pixel has
            bool windows = r.Next(3) > 0, pixel = windows && r.Next(2) == 0, star = pixel && r.Next(3) == 0;
            string D(int c) => pixel ? (star ? (c == 0 ? "*p" : $"*(p + {c})") : $"p[{c}]") : windows ? $"d[{n} * x + {c}]" : $"dst[y * dstStride + {n} * x + {c}]";
            string S(int c) => pixel ? (star ? (c == 0 ? "*q" : $"*(q + {c})") : $"q[{c}]") : windows ? $"s[{n} * x + {c}]" : $"src[y * srcStride + {n} * x + {c}]";
            // Channels read (from src, or from dst in place) and stored: all, or all but the last (alpha left alone).
            bool inPlace = r.Next(3) == 0, gaps = n > 2 && r.Next(2) == 0;
            int stored = gaps ? n - 1 : n;
            Func<int, string> from = inPlace ? D : S;
            var body = new StringBuilder();
            for (int c = 0; c < stored; c++) body.Append($"{t} v{c} = {from(c)}; ");
            for (int c = 0; c < stored; c++)
            {
                int o = (c + 1) % stored;
                string value = (t, r.Next(3)) switch
                {
                    ("byte", 0) => $"(byte)(255 - v{c})",
                    ("byte", 1) => $"(byte)((v{c} * 3 + v{o}) >> 2)",
                    ("byte", _) => $"v{o}",
                    ("int", 0) => $"v{c} * 3 - v{o}",
                    ("int", 1) => $"v{o} ^ {r.Next(1, 99)}",
                    ("int", _) => $"v{o}",
                    (_, 0) => $"v{c} * 0.5f + v{o}",
                    (_, 1) => $"v{o} - {r.Next(1, 9)}.25f",
                    _ => $"v{o}",
                };
                body.Append($"{D(c)} = {value}; ");
            }
            Shapes[k] = new PixelShape(n, stored - 1, inPlace ? -1 : stored - 1);
            string rows = windows ? $"            {t}* d = dst + y * dstStride;\n            {t}* s = src + y * srcStride;\n" : "";
            string pixels = pixel ? $"{t}* p = d + {n} * x; {t}* q = s + {n} * x; " : "";
            return $$"""
                [ParallelKernel]
                public static void P{{k}}({{t}}* dst, {{t}}* src, int dstStride, int srcStride, int width, int height)
                {
                    foreach (int y in PRange(height))
                    {
            {{rows}}            for (int x = 0; x < width; x++)
                        {
                            {{pixels}}{{body}}
                        }
                    }
                }

                public static void RunP{{k}}(bool parallel, nint dst, nint src, int dstStride, int srcStride, int width, int height)
                {
                    if (parallel) P{{k}}(({{t}}*)dst, ({{t}}*)src, dstStride, srcStride, width, height);
                    else { delegate*<{{t}}*, {{t}}*, int, int, int, int, void> serial = &P{{k}}; serial(({{t}}*)dst, ({{t}}*)src, dstStride, srcStride, width, height); }
                }

            """;
        }

        [Fact]
        public void Random_pixel_kernels_give_the_serial_bytes_and_touch_nothing_else()
        {
            if (!GuardedMemory.Available) return;
            var random = new Random(Seed + 11);
            int vectorKernels = 0;
            Func<string, string> generated = InMemory.GeneratedFrom(Built.Value.Source, "F", unsafeCode: true);
            for (int k = 0; k < Kernels; k++)
            {
                if (InMemory.Section(generated("P" + k)).Contains("vector: inner loop", StringComparison.Ordinal)) vectorKernels++;
                PixelShape shape = Shapes[k];
                int size = TypeOf(k) == "byte" ? 1 : 4;
                // (Widths of whole vectors too: 8, 16 and 32 lanes end a vector step at the last pixel, by the guard page.)
                foreach (int width in new[] { 1, 15, 16, 17, 32, 33, 64, 70 })
                {
                    const int Height = 4;
                    int dstStride = shape.Channels * width + random.Next(0, 3) * (random.Next(2) == 0 ? 1 : shape.Channels);
                    int srcStride = shape.Channels * width + random.Next(0, 3);
                    bool bottomUp = random.Next(2) == 0;
                    // Each buffer ends at the last element the loop touches (its last row's last pixel's last channel touched).
                    int dstElements = dstStride * (Height - 1) + shape.Channels * (width - 1) + shape.DstLast + 1;
                    int srcElements = shape.SrcLast < 0 ? 1 : srcStride * (Height - 1) + shape.Channels * (width - 1) + shape.SrcLast + 1;
                    byte[] dst = new byte[dstElements * size], src = new byte[srcElements * size];
                    random.NextBytes(dst);
                    random.NextBytes(src);
                    if (TypeOf(k) == "float") { Tame(dst); Tame(src); }
                    // A bottom-up source: its first row last in memory, walked with a negative stride.
                    int srcOffset = bottomUp ? srcStride * (Height - 1) * size : 0, signedStride = bottomUp ? -srcStride : srcStride;
                    foreach (bool same in new[] { false, true })
                    {
                        // (The same buffer: the source is the destination, at its stride.)
                        byte[] expected = dst.ToArray(), expectedSource = same ? expected : src.ToArray();
                        int sourceOffset = same ? 0 : srcOffset, sourceStride = same ? dstStride : signedStride;
                        var pinned = GCHandle.Alloc(expected, GCHandleType.Pinned);
                        var pinnedSource = GCHandle.Alloc(expectedSource, GCHandleType.Pinned);
                        try
                        {
                            InMemory.Call(Built.Value.Assembly, "F", "RunP" + k, false, pinned.AddrOfPinnedObject(), pinnedSource.AddrOfPinnedObject() + sourceOffset, dstStride, sourceStride, width, Height);
                        }
                        finally { pinned.Free(); pinnedSource.Free(); }
                        using var target = new GuardedMemory(dst.Length);
                        using var source = new GuardedMemory(src.Length);
                        Marshal.Copy(dst, 0, target.Data, dst.Length);
                        Marshal.Copy(src, 0, source.Data, src.Length);
                        RuntimeSettings.Reversed(3, () => InMemory.Call(Built.Value.Assembly, "F", "RunP" + k, true, target.Data,
                            same ? target.Data : source.Data + sourceOffset, dstStride, sourceStride, width, Height));
                        byte[] actual = new byte[dst.Length];
                        Marshal.Copy(target.Data, actual, 0, dst.Length);
                        Assert.True(expected.SequenceEqual(actual), $"P{k} ({TypeOf(k)}, width {width}, strides {dstStride}/{sourceStride}, same {same}) differs from the serial method:\n{PixelSource(k)}");
                    }
                }
            }
            int gapped = Enumerable.Range(0, Kernels).Count(k => Shapes[k].DstLast < Shapes[k].Channels - 1);
            Console.WriteLine($"PointerFuzz: {Kernels} pixel kernels (seed {Seed}; {gapped} leave a channel alone), {vectorKernels} on vector lanes");
            Assert.True(vectorKernels >= Kernels / 4, $"{vectorKernels} of {Kernels} pixel kernels run on vector lanes");
        }

        private static string PixelSource(int k)
        {
            string source = Built.Value.Source;
            int start = source.IndexOf($"public static void P{k}(", StringComparison.Ordinal);
            return source.Substring(start, source.IndexOf("public static void RunP", start, StringComparison.Ordinal) - start);
        }

        [Fact]
        public void Random_pointer_kernels_give_the_serial_bytes_and_touch_nothing_else()
        {
            if (!GuardedMemory.Available) return;
            var random = new Random(7);
            int vectorKernels = 0;
            Func<string, string> generated = InMemory.GeneratedFrom(Built.Value.Source, "F", unsafeCode: true);
            for (int k = 0; k < Kernels; k++)
            {
                if (InMemory.Section(generated("K" + k)).Contains("vector: inner loop", StringComparison.Ordinal)) vectorKernels++;
                int size = TypeOf(k) == "byte" ? 1 : 4;
                foreach (int width in new[] { 1, 15, 17, 33, 70 })
                {
                    const int Height = 4;
                    int stride = width + random.Next(0, 3), bytes = stride * Height * size;
                    byte[] dst = new byte[bytes], src = new byte[bytes];
                    random.NextBytes(dst);
                    random.NextBytes(src);
                    if (TypeOf(k) == "float") { Tame(dst); Tame(src); } // small finite floats: no NaN bits to compare
                    foreach (bool same in new[] { false, true })
                    {
                        // Serial on managed copies, parallel on guarded memory; with 'same' the source is the destination.
                        byte[] expected = dst.ToArray(), expectedSource = same ? expected : src.ToArray();
                        var pinned = GCHandle.Alloc(expected, GCHandleType.Pinned);
                        var pinnedSource = GCHandle.Alloc(expectedSource, GCHandleType.Pinned);
                        try
                        {
                            InMemory.Call(Built.Value.Assembly, "F", "Run" + k, false, pinned.AddrOfPinnedObject(), pinnedSource.AddrOfPinnedObject(), stride, width, Height);
                        }
                        finally { pinned.Free(); pinnedSource.Free(); }
                        using var target = new GuardedMemory(bytes);
                        using var source = new GuardedMemory(bytes);
                        Marshal.Copy(dst, 0, target.Data, bytes);
                        Marshal.Copy(src, 0, source.Data, bytes);
                        RuntimeSettings.Reversed(3, () => InMemory.Call(Built.Value.Assembly, "F", "Run" + k, true, target.Data, same ? target.Data : source.Data, stride, width, Height));
                        byte[] actual = new byte[bytes];
                        Marshal.Copy(target.Data, actual, 0, bytes);
                        Assert.True(expected.SequenceEqual(actual), $"K{k} ({TypeOf(k)}, width {width}, stride {stride}, same {same}) differs from the serial method:\n{Built.Value.Source.Split("[ParallelKernel]")[k + 1]}");
                    }
                }
            }
            Console.WriteLine($"PointerFuzz: {Kernels} element kernels (seed {Seed}), {vectorKernels} on vector lanes");
            Assert.True(vectorKernels >= Kernels / 4, $"{vectorKernels} of {Kernels} pointer kernels run on vector lanes");
        }

        /// <summary>Rewrites every 4-byte float as a small integer-valued float (finite, exact in sums and products here).</summary>
        private static void Tame(byte[] bytes)
        {
            for (int at = 0; at + 4 <= bytes.Length; at += 4)
                BitConverter.TryWriteBytes(bytes.AsSpan(at), (float)(bytes[at] % 16));
        }
    }
}
