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
    /// being the destination (the launch's checks must then keep the loop serial, or its proof hold).
    /// </summary>
    public class PointerFuzzTests
    {
        private const int Kernels = 30;

        private static readonly Lazy<(string Source, Assembly Assembly)> Built = new(() =>
        {
            var r = new Random(20261205);
            var text = new StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static unsafe partial class F\n{\n");
            for (int k = 0; k < Kernels; k++) text.Append(Kernel(k, r));
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
            string value = r.Next(6) switch
            {
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
