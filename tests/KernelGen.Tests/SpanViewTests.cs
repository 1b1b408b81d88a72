using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Spans of different element types over the same memory (a caller's <c>MemoryMarshal.Cast&lt;float, int&gt;</c>):
    /// the launch and the vector path compare their bytes (<c>MemoryMarshal.AsBytes</c>) where the element types differ.
    /// Before, spans of different element types were taken as never the same memory: a shifted copy between two views
    /// of one buffer ran in parallel; and since uint and char spans run on int lanes, a Span&lt;uint&gt; beside a
    /// ReadOnlySpan&lt;int&gt; gave a vector guard that did not compile (CS0030).
    /// </summary>
    public class SpanViewTests
    {
        private const string Source = """
            using System;
            using System.Runtime.InteropServices;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class V
            {
                public delegate void ShiftFn(Span<int> dst, ReadOnlySpan<float> src);
                public delegate void MixFn(Span<uint> dst, ReadOnlySpan<int> src, Span<char> text, ReadOnlySpan<ushort> codes);

                [ParallelKernel(ChunkSize = 3, MinParallelTripCount = 1)]
                public static void Shift(Span<int> dst, ReadOnlySpan<float> src)
                {
                    foreach (int i in PRange(dst.Length - 1))
                        dst[i] = (int)src[i + 1] + 1;
                }

                [ParallelKernel]
                public static void Mix(Span<uint> dst, ReadOnlySpan<int> src, Span<char> text, ReadOnlySpan<ushort> codes)
                {
                    foreach (int i in PRange(dst.Length))
                    {
                        dst[i] = (uint)src[i] * 3u + 1u;
                        text[i] = (char)(codes[i] + 1);
                    }
                }

                // One buffer through both views: serially (a delegate: not intercepted) and through the intercepted call.
                public static float[] ShiftInPlace(float[] buffer, bool parallel)
                {
                    Span<int> bits = MemoryMarshal.Cast<float, int>(buffer.AsSpan());
                    if (parallel) Shift(bits, buffer);
                    else { ShiftFn serial = Shift; serial(bits, buffer); }
                    return buffer;
                }

                public static (uint[], char[]) MixArrays(int[] src, ushort[] codes, bool parallel)
                {
                    var dst = new uint[src.Length];
                    var text = new char[codes.Length];
                    if (parallel) Mix(dst, src, text, codes);
                    else { MixFn serial = Mix; serial(dst, src, text, codes); }
                    return (dst, text);
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source, unsafeCode: true));

        [Fact]
        public void Views_of_one_buffer_with_other_element_types_keep_the_serial_order()
        {
            foreach (int n in new[] { 2, 40, 1001 })
            {
                float[] Buffer() => Enumerable.Range(0, n).Select(k => (float)(k * 7 % 13)).ToArray();
                var serial = (float[])InMemory.Call(s_built.Value, "V", "ShiftInPlace", Buffer(), false)!;
                var parallel = (float[])RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "V", "ShiftInPlace", Buffer(), true))!;
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
            string shift = InMemory.Section(InMemory.GeneratedFrom(Source, "V", unsafeCode: true)("Shift"));
            Assert.Contains("runs serially when dst and src overlap", shift);
            Assert.Contains("MemoryMarshal.AsBytes((global::System.ReadOnlySpan<float>)src)", shift);
        }

        [Fact]
        public void Uint_and_char_spans_beside_int_and_ushort_ones_compile_and_give_the_serial_results()
        {
            var random = new Random(36);
            foreach (int n in new[] { 0, 1, 17, 1001 })
            {
                int[] src = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
                ushort[] codes = Enumerable.Range(0, n).Select(_ => (ushort)random.Next(0, 65536)).ToArray();
                (uint[] sd, char[] st) = ((uint[], char[]))InMemory.Call(s_built.Value, "V", "MixArrays", src, codes, false)!;
                (uint[] pd, char[] pt) = ((uint[], char[]))InMemory.Call(s_built.Value, "V", "MixArrays", src, codes, true)!;
                Assert.Equal(sd, pd);
                Assert.Equal(st, pt);
            }
            string mix = InMemory.Section(InMemory.GeneratedFrom(Source, "V", unsafeCode: true)("Mix"));
            Assert.Contains("MemoryMarshal.AsBytes((global::System.ReadOnlySpan<uint>)dst)", mix);
        }
    }
}
