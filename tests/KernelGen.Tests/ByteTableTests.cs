using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// 256-entry byte tables looked up on vectors (Planner.ByteTable, KernelRuntime.LookupByte): <c>t[k]</c> of a
    /// byte/sbyte table the loop does not store, k provably in 0 … 255 (or below 64 or 128: only that much of the table,
    /// base64's alphabet in one register). The vector loop takes it only where the table holds those elements and the
    /// machine has AVX-512 VBMI; results, and exceptions with shorter tables, are the serial loop's either way.
    /// </summary>
    public class ByteTableTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class T
            {
                // A LUT applied in place to a plane of bytes (tp7/masktools, masktools/filters/lut/lut/functions.cpp,
                // lut_c), in our own words.
                [ParallelKernel]
                public static void InPlace(byte[] plane, byte[] lut)
                {
                    foreach (int x in PRange(plane.Length))
                        plane[x] = lut[plane[x]];
                }

                // Per-channel maps of interleaved RGB (AForge.NET's LevelsLinear filter: mapRed, mapGreen, mapBlue), in our own words.
                [ParallelKernel]
                public static void Levels(byte[] rgb, byte[] mapRed, byte[] mapGreen, byte[] mapBlue, byte[] result)
                {
                    foreach (int p in PRange(result.Length / 3))
                    {
                        result[3 * p] = mapRed[rgb[3 * p]];
                        result[3 * p + 1] = mapGreen[rgb[3 * p + 1]];
                        result[3 * p + 2] = mapBlue[rgb[3 * p + 2]];
                    }
                }

                // Signed 8-bit codebook weights by the low byte of an int code, scaled (int lanes).
                [ParallelKernel]
                public static void Codebook(int[] codes, sbyte[] weights, int[] scale, int[] result)
                {
                    foreach (int i in PRange(result.Length))
                        result[i] = weights[codes[i] & 255] * scale[i];
                }

                // Only where the pixel is over a threshold (lanes of a mask); others are cleared.
                [ParallelKernel]
                public static void Above(byte[] src, byte[] lut, byte[] dst, int threshold)
                {
                    foreach (int i in PRange(dst.Length))
                    {
                        if (src[i] > threshold) dst[i] = lut[src[i]];
                        else dst[i] = 0;
                    }
                }

                // A gamma curve in a static readonly table, as imaging code keeps its LUTs (ImageSharp's and
                // AForge's gamma correction filters build one once), in our own words.
                private static readonly byte[] Curve = BuildCurve(2.2);
                private static byte[] BuildCurve(double gamma)
                {
                    var table = new byte[256];
                    for (int k = 0; k < 256; k++) table[k] = (byte)Math.Min(255, (int)(255 * Math.Pow(k / 255.0, 1 / gamma) + 0.5));
                    return table;
                }

                [ParallelKernel]
                public static void Gamma(byte[] src, byte[] dst)
                {
                    foreach (int i in PRange(dst.Length))
                        dst[i] = Curve[src[i]];
                }

                // Base64 of whole 3-byte groups through a 64-entry alphabet (rstudio/httpuv src/base64/base64.cpp,
                // encodeblock), in our own words: every index is below 64, so one vpermb of the alphabet.
                [ParallelKernel]
                public static void Base64(byte[] src, byte[] dst, byte[] alphabet)
                {
                    foreach (int g in PRange(src.Length / 3))
                    {
                        int s = 3 * g, o = 4 * g;
                        int in0 = src[s], in1 = src[s + 1], in2 = src[s + 2];
                        dst[o] = alphabet[in0 >> 2];
                        dst[o + 1] = alphabet[((in0 & 0x03) << 4) | ((in1 & 0xf0) >> 4)];
                        dst[o + 2] = alphabet[((in1 & 0x0f) << 2) | ((in2 & 0xc0) >> 6)];
                        dst[o + 3] = alphabet[in2 & 0x3f];
                    }
                }

                // A 7-bit map (ASCII case folding through a 128-entry table).
                [ParallelKernel]
                public static void Fold(byte[] text, byte[] fold, byte[] result)
                {
                    foreach (int i in PRange(result.Length))
                        result[i] = fold[text[i] & 127];
                }

                // An int index of unknown range: lane by lane, as before.
                [ParallelKernel]
                public static void Unbounded(int[] keys, byte[] lut, int[] dst)
                {
                    foreach (int i in PRange(dst.Length))
                        dst[i] = lut[keys[i]];
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "T"));

        [Theory]
        [InlineData("InPlace", "lut")]
        [InlineData("Codebook", "weights")]
        [InlineData("Above", "lut")]
        [InlineData("Gamma", "Curve")]
        public void A_byte_table_indexed_by_a_byte_is_looked_up_on_vectors_behind_its_guards(string kernel, string table)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains($"KernelRuntime.LookupByte(", generated);
            Assert.Contains($"&& global::KernelGen.KernelRuntime.VectorByteTables", generated);
            Assert.Contains($"&& 255 < {table}.Length", generated);
            Assert.Contains($"256-entry byte tables looked up on vectors ({table}; where the machine has AVX-512 VBMI and the table 256 elements)", generated);
        }

        [Theory]
        [InlineData("Base64", "alphabet", 64)]
        [InlineData("Fold", "fold", 128)]
        public void Indices_below_64_or_128_keep_only_that_much_of_the_table(string kernel, string table, int entries)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains($"KernelRuntime.LookupByte(", generated);
            Assert.Contains($", {table}, {entries})", generated);
            Assert.Contains($"&& {entries - 1} < {table}.Length", generated);
            Assert.Contains($"{entries}-entry byte tables looked up on vectors ({table}; where the machine has AVX-512 VBMI and the table {entries} elements)", generated);
        }

        [Fact]
        public void An_index_of_unknown_range_is_read_lane_by_lane()
        {
            string generated = InMemory.Section(s_generated.Value("Unbounded"));
            Assert.DoesNotContain("LookupByte", generated);
        }

        private static void Same(string kernel, Func<object[]> arguments, int output)
        {
            object[] serial = arguments(), parallel = arguments();
            Exception? expected = Record.Exception(() => InMemory.Call(s_built.Value, "T", kernel, serial));
            Exception? actual = Record.Exception(() => InMemory.Call(s_built.Value, "T", kernel + "Parallel", parallel));
            Assert.Equal(expected?.GetType(), actual?.GetType());
            if (expected is null)
                Assert.Equal((Array)serial[output], (Array)parallel[output]);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(63)]
        [InlineData(1_000)]
        [InlineData(4_099)]
        [InlineData(100_003)]
        public void Results_are_the_serial_loops_at_every_size(int n)
        {
            var random = new Random(n);
            byte[] Bytes(int count) { var b = new byte[count]; random.NextBytes(b); return b; }
            byte[] plane = Bytes(n), lut = Bytes(256), red = Bytes(256), green = Bytes(256), blue = Bytes(256), rgb = Bytes(3 * n);
            sbyte[] weights = Bytes(256).Select(b => (sbyte)b).ToArray();
            int[] codes = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
            int[] scale = Enumerable.Range(0, n).Select(_ => random.Next(-1000, 1000)).ToArray();
            Same("InPlace", () => new object[] { plane.ToArray(), lut }, 0);
            Same("Levels", () => new object[] { rgb, red, green, blue, new byte[3 * n] }, 4);
            Same("Codebook", () => new object[] { codes, weights, scale, new int[n] }, 3);
            Same("Above", () => new object[] { plane, lut, new byte[n], 100 }, 2);
            Same("Gamma", () => new object[] { plane, new byte[n] }, 1);
            Same("Unbounded", () => new object[] { codes.Select(c => c & 255).ToArray(), lut, new int[n] }, 2);
            byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8.ToArray();
            Same("Base64", () => new object[] { plane, new byte[4 * (n / 3)], alphabet }, 1);
            byte[] fold = Bytes(128), shortFold = Bytes(100);
            Same("Fold", () => new object[] { plane, fold, new byte[n] }, 2);
            // Tables shorter than the indices reach: the scalar loop, which throws where the serial one does.
            Same("Base64", () => new object[] { plane, new byte[4 * (n / 3)], alphabet[..40] }, 1);
            Same("Fold", () => new object[] { plane, shortFold, new byte[n] }, 2);
            // The table is the output (the vector loop's alias guard sends it to the scalar loop).
            Same("Above", () => { byte[] both = plane.ToArray(); return new object[] { plane, both, both, 10 }; }, 2);
        }

        [Fact]
        public void A_table_shorter_than_256_runs_the_scalar_loop_and_throws_where_the_serial_loop_does()
        {
            const int N = 10_000;
            var random = new Random(5);
            byte[] small = new byte[100];
            random.NextBytes(small);
            byte[] inRange = Enumerable.Range(0, N).Select(_ => (byte)random.Next(100)).ToArray();
            Same("InPlace", () => new object[] { inRange.ToArray(), small }, 0);
            byte[] outOfRange = inRange.ToArray();
            outOfRange[N - 7] = 200;
            Same("InPlace", () => new object[] { outOfRange.ToArray(), small }, 0);
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "T", "InPlaceParallel", outOfRange.ToArray(), small));
        }

        [Fact]
        public void A_copy_without_the_length_guard_is_caught()
        {
            // The mutant looks any table up on vectors: with 100 entries and an index of 200 it reads past the table
            // instead of throwing.
            Assembly mutant = InMemory.BuildMutant(Source, "&& 255 < lut.Length", "&& 0 < lut.Length");
            byte[] small = new byte[100];
            byte[] plane = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 100)).ToArray();
            plane[5_000] = 200;
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "T", "InPlaceParallel", plane.ToArray(), small));
            Exception? fromMutant = Record.Exception(() => InMemory.Call(mutant, "T", "InPlaceParallel", plane.ToArray(), small));
            if (KernelRuntime.VectorByteTables)
                Assert.Null(fromMutant); // (without VBMI both run the scalar loop)
        }

        [Fact]
        public void The_runtime_lookups_give_each_lane_its_element_at_every_width()
        {
            var random = new Random(9);
            byte[] table = new byte[256];
            random.NextBytes(table);
            sbyte[] signed = table.Select(b => (sbyte)b).ToArray();
            for (int round = 0; round < 50; round++)
            {
                int[] k = Enumerable.Range(0, 16).Select(_ => random.Next(256)).ToArray();
                short[] k16 = Enumerable.Range(0, 32).Select(_ => (short)random.Next(256)).ToArray();
                Assert.Equal(k.Select(i => (int)table[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k), table)));
                Assert.Equal(k.Select(i => (int)signed[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k), signed)));
                Assert.Equal(k[..8].Select(i => (int)table[i]), Lanes(KernelRuntime.LookupByte(Vector256.Create(k[..8]), table)));
                Assert.Equal(k[..8].Select(i => (int)signed[i]), Lanes(KernelRuntime.LookupByte(Vector256.Create(k[..8]), signed)));
                Assert.Equal(k[..4].Select(i => (int)table[i]), Lanes(KernelRuntime.LookupByte(Vector128.Create(k[..4]), table)));
                Assert.Equal(k[..4].Select(i => (int)signed[i]), Lanes(KernelRuntime.LookupByte(Vector128.Create(k[..4]), signed)));
                Assert.Equal(k16.Select(i => (short)table[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k16), table)));
                Assert.Equal(k16.Select(i => (short)signed[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k16), signed)));
                Assert.Equal(k16[..16].Select(i => (short)table[i]), Lanes(KernelRuntime.LookupByte(Vector256.Create(k16[..16]), table)));
                Assert.Equal(k16[..16].Select(i => (short)signed[i]), Lanes(KernelRuntime.LookupByte(Vector256.Create(k16[..16]), signed)));
                Assert.Equal(k16[..8].Select(i => (short)table[i]), Lanes(KernelRuntime.LookupByte(Vector128.Create(k16[..8]), table)));
                Assert.Equal(k16[..8].Select(i => (short)signed[i]), Lanes(KernelRuntime.LookupByte(Vector128.Create(k16[..8]), signed)));
            }
            // The first 64 or 128 entries, for indices below that (a table of exactly that many elements).
            foreach (int entries in new[] { 64, 128 })
            {
                byte[] small = table[..entries];
                sbyte[] smallSigned = signed[..entries];
                for (int round = 0; round < 20; round++)
                {
                    int[] k = Enumerable.Range(0, 16).Select(_ => random.Next(entries)).ToArray();
                    short[] k16 = Enumerable.Range(0, 32).Select(_ => (short)random.Next(entries)).ToArray();
                    Assert.Equal(k.Select(i => (int)small[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k), small, entries)));
                    Assert.Equal(k.Select(i => (int)smallSigned[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k), smallSigned, entries)));
                    Assert.Equal(k[..8].Select(i => (int)small[i]), Lanes(KernelRuntime.LookupByte(Vector256.Create(k[..8]), small, entries)));
                    Assert.Equal(k16.Select(i => (short)small[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k16), small, entries)));
                    Assert.Equal(k16.Select(i => (short)smallSigned[i]), Lanes(KernelRuntime.LookupByte(Vector512.Create(k16), smallSigned, entries)));
                }
            }
            Assert.Equal(Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated, KernelRuntime.VectorByteTables);
        }

        private static T[] Lanes<T>(Vector512<T> v) => Enumerable.Range(0, Vector512<T>.Count).Select(i => v.GetElement(i)).ToArray();
        private static T[] Lanes<T>(Vector256<T> v) => Enumerable.Range(0, Vector256<T>.Count).Select(i => v.GetElement(i)).ToArray();
        private static T[] Lanes<T>(Vector128<T> v) => Enumerable.Range(0, Vector128<T>.Count).Select(i => v.GetElement(i)).ToArray();
    }
}
