using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// byte, sbyte, short and ushort arrays on int lanes (issue 12, element types): C# computes with these types as
    /// ints, so the vector loop loads them widened, computes in ints exactly as the scalar code does, and stores the low
    /// bits as the unchecked cast does. Loads may step 2, 3 or 4 elements per lane (interleaved stereo, packed RGB and
    /// BGRA pixels). Every kernel is compared with its serial original, bitwise, at sizes around the vector widths, with
    /// values that overflow the narrow types (the truncation must match).
    /// The shapes follow common imaging and audio code: RGB to gray with integer weights (as in ImageSharp's and
    /// OpenCV's fixed-point conversions), BGRA channel extraction, 16-bit PCM gain and stereo-to-mono mixing (NAudio's
    /// sample providers), thresholding to a mask, and a [1 2 1] row filter on a byte[,] image.
    /// </summary>
    public class NarrowLaneTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class N
            {
                // The benchmark's kernel: packed RGB bytes, one row per PRange iteration, integer weights summing to 256.
                [ParallelKernel]
                public static void RgbToGray(byte[] rgb, byte[] gray, int width, int height)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int p = y * width + x;
                            int r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
                            gray[p] = (byte)((77 * r + 150 * g + 29 * b) >> 8);
                        }
                }

                // BGRA: the alpha channel premultiplies the others; four channels per pixel (stride 4).
                [ParallelKernel]
                public static void Premultiply(byte[] bgra, byte[] blue, int pixels)
                {
                    foreach (int i in PRange(pixels))
                    {
                        int a = bgra[4 * i + 3];
                        blue[i] = (byte)((bgra[4 * i] * a + 127) / 255);
                    }
                }

                [ParallelKernel]
                public static void BlueOfBgra(byte[] bgra, byte[] blue, int pixels)
                {
                    foreach (int i in PRange(pixels))
                        blue[i] = (byte)(bgra[4 * i] ^ (bgra[4 * i + 3] >> 1));
                }

                // 16-bit PCM gain in Q15, the product wrapped to 16 bits as the cast does.
                [ParallelKernel]
                public static void Gain(short[] samples, short[] output, int gainQ15)
                {
                    foreach (int i in PRange(samples.Length))
                        output[i] = (short)((samples[i] * gainQ15) >> 15);
                }

                // Interleaved stereo to mono (stride 2 on shorts).
                [ParallelKernel]
                public static void StereoToMono(short[] stereo, short[] mono)
                {
                    foreach (int i in PRange(mono.Length))
                        mono[i] = (short)((stereo[2 * i] + stereo[2 * i + 1]) >> 1);
                }

                // NAudio's StereoToMonoProvider16 (naudio/NAudio, NAudio.Core/Wave/WaveProviders/StereoToMonoProvider16.cs):
                // each channel times its volume, summed in float, hard-limited to 16 bits; here over arrays.
                [ParallelKernel]
                public static void StereoToMono16(short[] stereo, short[] mono, float leftVolume, float rightVolume)
                {
                    foreach (int i in PRange(mono.Length))
                    {
                        float outSample = stereo[2 * i] * leftVolume + stereo[2 * i + 1] * rightVolume;
                        if (outSample > short.MaxValue) outSample = short.MaxValue;
                        if (outSample < short.MinValue) outSample = short.MinValue;
                        mono[i] = (short)outSample;
                    }
                }

                // Bytes in pairs (stride 2 on bytes): the difference of two channels, signed.
                [ParallelKernel]
                public static void PairDifference(byte[] pairs, sbyte[] diff)
                {
                    foreach (int i in PRange(diff.Length))
                        diff[i] = (sbyte)(pairs[2 * i] - pairs[2 * i + 1]);
                }

                // Thresholding to a 0/255 mask.
                [ParallelKernel]
                public static void Threshold(byte[] src, byte[] mask, int t)
                {
                    foreach (int i in PRange(src.Length))
                        mask[i] = (byte)(src[i] > t ? 255 : 0);
                }

                // Values that overflow the byte: the low 8 bits are kept.
                [ParallelKernel]
                public static void Wrap(byte[] src, byte[] dst)
                {
                    foreach (int i in PRange(src.Length))
                        dst[i] = (byte)(src[i] * 3 + 7 << 1 | src[i] >>> 3);
                }

                // Signed bytes and unsigned shorts: sign- and zero-extension.
                [ParallelKernel]
                public static void Mixed(sbyte[] a, ushort[] b, ushort[] r, short[] s)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        r[i] = (ushort)(a[i] * b[i]);
                        s[i] = (short)(b[i] - a[i] * 300);
                    }
                }

                // Bytes to floats in [0, 1] (ML pre-processing).
                [ParallelKernel]
                public static void Normalize(byte[] src, float[] dst)
                {
                    foreach (int i in PRange(src.Length))
                        dst[i] = src[i] / 255f - 0.5f;
                }

                // A [1 2 1] row filter on a byte[,] image; the border columns are copied.
                [ParallelKernel]
                public static void RowFilter(byte[,] src, byte[,] dst)
                {
                    int h = src.GetLength(0), w = src.GetLength(1);
                    foreach (int y in PRange(h))
                    {
                        dst[y, 0] = src[y, 0];
                        for (int x = 1; x < w - 1; x++)
                            dst[y, x] = (byte)((src[y, x - 1] + 2 * src[y, x] + src[y, x + 1]) >> 2);
                        if (w > 1) dst[y, w - 1] = src[y, w - 1];
                    }
                }

                // 16-bit lanes must not take these: the product passes 65535 before the shift ...
                [ParallelKernel]
                public static void Scale300(byte[] pixels, byte[] scaled)
                {
                    foreach (int i in PRange(pixels.Length))
                        scaled[i] = (byte)((pixels[i] * 300) >> 8);
                }

                // ... but they take a signed comparison (a saturating subtract) and an unsigned one (values up to 51,000).
                [ParallelKernel]
                public static void SubtractSaturate(byte[] a, byte[] b, byte[] r)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        int d = a[i] - b[i];
                        r[i] = (byte)(d < 0 ? 0 : d);
                    }
                }

                [ParallelKernel]
                public static void Bright(byte[] a, byte[] mask)
                {
                    foreach (int i in PRange(a.Length))
                        mask[i] = (byte)(a[i] * 200 > 40000 ? 255 : a[i] >> 1);
                }

                // A threshold in a local constant: its range is known, so 16-bit lanes still compare.
                [ParallelKernel]
                public static void LocalThreshold(byte[] level, byte[] mark)
                {
                    foreach (int i in PRange(level.Length))
                    {
                        int limit = 200;
                        mark[i] = (byte)(level[i] > limit ? 1 : 0);
                    }
                }

                // A copy of bytes, and a constant fill.
                [ParallelKernel]
                public static void CopyAndFill(byte[] src, byte[] dst, byte[] zeros)
                {
                    foreach (int i in PRange(src.Length))
                    {
                        dst[i] = src[i];
                        zeros[i] = 0;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static string Report(string header)
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            return diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage()).Single(m => m.Contains(header, StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("writes gray[p]", "byte elements in 16-bit lanes")]
        [InlineData("writes gray[p]", "strided loads")]
        [InlineData("reads bgra[4 * i], bgra[4 * i + 3]", "strided loads")]
        [InlineData("writes output[i]", "short elements in int lanes")]
        [InlineData("writes mono[i]; shared read-only: stereo, mono; vector", "strided loads")]
        [InlineData("writes diff[i]", "strided loads")]
        [InlineData("writes diff[i]", "16-bit lanes")]
        [InlineData("writes mask[i]; shared read-only: src, mask, t", "byte elements in int lanes")] // t's range is unknown
        [InlineData("writes r[i], s[i]", "ushort/sbyte/short elements in 16-bit lanes")]
        [InlineData("writes mono[i]; shared read-only: stereo, mono, leftVolume, rightVolume; vector: Vector512/Vector256/Vector128<float>", "strided loads")]
        [InlineData("writes dst[i]; shared read-only: src, dst; vector: Vector512/Vector256/Vector128<float>", "byte elements in int lanes")]
        [InlineData("writes dst[y, 0]", "byte elements in 16-bit lanes")]
        [InlineData("writes dst[i], zeros[i]", "byte elements in 16-bit lanes")]
        [InlineData("writes scaled[i]", "byte elements in int lanes")]
        [InlineData("writes mark[i]", "byte elements in 16-bit lanes")]
        [InlineData("writes r[i]; shared read-only: a, b, r", "byte elements in 16-bit lanes")]
        [InlineData("writes mask[i]; shared read-only: a, mask", "byte elements in 16-bit lanes")]
        public void The_report_says_the_loop_runs_on_int_lanes(string header, string feature)
        {
            string report = Report(header);
            Assert.Contains("vector: ", report);
            Assert.DoesNotContain("scalar body", report);
            Assert.Contains(feature, report);
        }

        [Fact]
        public void Integer_division_by_a_constant_runs_on_vectors()
        {
            // 'x / 255' on ints known to lie in [0, 255·255 + 127]: a multiply and a shift (MagicDivisor), on whole vectors.
            string report = Report("reads bgra[4 * i + 3], bgra[4 * i]");
            Assert.DoesNotContain("scalar body", report);
            Assert.DoesNotContain("integer '/'", report);
        }

        [Theory]
        [InlineData(255, 255 * 255 + 127)] // premultiplied alpha: (c·a + 127) / 255
        [InlineData(3, 3 * 255)] // the mean of three channels
        [InlineData(100, 100 * 255)] // percentages of a byte
        [InlineData(7, 4095)]
        public void Magic_divisors_give_the_quotient_for_every_dividend_in_range(int d, int max)
        {
            // The int lanes compute (x·m) >>> s in 32 bits: check exactly that, for every x in [0, max].
            var (m, s) = KernelGen.Generator.Vectorize.Planner.MagicDivisor(d, max) ?? throw new Xunit.Sdk.XunitException($"no multiplier for / {d} up to {max}");
            Assert.True((long)max * m <= int.MaxValue);
            for (int x = 0; x <= max; x++)
                if ((int)((uint)unchecked(x * (int)m) >> s) != x / d)
                    Assert.Fail($"x = {x}: ({x}·{m}) >> {s} is not {x} / {d}");
        }

        [Fact]
        public void Signed_magic_divisors_give_the_truncated_quotient_of_every_int_tried()
        {
            // The int-lane form for dividends of any range: ((mulhs(x, m - 2^32) + x) >> s) - (x >> 31), in 32-bit
            // wrapping arithmetic as the lanes compute it, against C#'s x / d, at the extremes, around multiples of d
            // and at random ints.
            var r = new Random(17);
            var divisors = Enumerable.Range(3, 1000).Where(d => (d & (d - 1)) != 0)
                .Concat(new[] { 1_000_003, (1 << 30) + 1, int.MaxValue, int.MaxValue - 1, 46_341, 641, 6_700_417 });
            foreach (int d in divisors)
            {
                var (m, s) = KernelGen.Generator.Vectorize.Planner.SignedMagic(d) ?? throw new Xunit.Sdk.XunitException($"no multiplier for / {d}");
                int mm = unchecked((int)(m - (1L << 32)));
                int Quotient(int x) => unchecked((((int)((long)x * mm >> 32) + x) >> s) - (x >> 31));
                var xs = new List<int> { 0, 1, -1, int.MinValue, int.MinValue + 1, int.MaxValue, int.MaxValue - 1, d, -d, d - 1, -(d - 1), d + 1, -(d + 1) };
                foreach (long k in new long[] { 2, 3, 1000, int.MaxValue / d, int.MinValue / d })
                    foreach (int delta in new[] { -1, 0, 1 })
                        if (k * d + delta is long v and >= int.MinValue and <= int.MaxValue) { xs.Add((int)v); xs.Add((int)-Math.Max(v, int.MinValue + 1)); }
                for (int i = 0; i < 300; i++) xs.Add(r.Next(int.MinValue, int.MaxValue));
                foreach (int x in xs)
                    if (Quotient(x) != x / d)
                        Assert.Fail($"/ {d}: x = {x} gives {Quotient(x)} with m = {m}, s = {s}, not {x / d}");
            }
            Assert.Null(KernelGen.Generator.Vectorize.Planner.SignedMagic(64)); // powers of two take the shift
        }

        [Fact]
        public void Every_magic_divisor_found_is_exact_and_none_is_claimed_where_the_product_overflows()
        {
            foreach (int d in Enumerable.Range(2, 63).Concat(new[] { 100, 255, 257, 641, 1000, 65_537 }))
                foreach (int max in new[] { d - 1, 4095, 65_535 + 127, 300_000 })
                {
                    if (KernelGen.Generator.Vectorize.Planner.MagicDivisor(d, max) is not { } magic) continue;
                    Assert.True((long)max * magic.M <= int.MaxValue, $"/ {d} up to {max}: {max}·{magic.M} overflows an int");
                    for (int x = 0; x <= max; x++)
                        if ((int)((uint)unchecked(x * (int)magic.M) >> magic.S) != x / d)
                            Assert.Fail($"/ {d} up to {max}: x = {x} gives the wrong quotient with m = {magic.M}, s = {magic.S}");
                }
            // 16-bit lanes: the high half of the unsigned 16-bit product (vpmulhuw), then a shift by s - 16.
            foreach (int d in Enumerable.Range(2, 300).Concat(new[] { 1000, 4097, 32_767 }))
                foreach (int max in new[] { d - 1, 255, 255 * 255 + 127, 65_535 })
                {
                    if (KernelGen.Generator.Vectorize.Planner.MagicDivisor(d, max, high16: true) is not { } magic) continue;
                    Assert.True(magic.M <= ushort.MaxValue && magic.S >= 16, $"/ {d} up to {max}: m = {magic.M}, s = {magic.S}");
                    for (int x = 0; x <= max; x++)
                        if ((int)(((uint)x * (uint)magic.M >> 16) >> (magic.S - 16)) != x / d)
                            Assert.Fail($"/ {d} up to {max} in 16-bit lanes: x = {x} gives the wrong quotient with m = {magic.M}, s = {magic.S}");
                }
            Assert.NotNull(KernelGen.Generator.Vectorize.Planner.MagicDivisor(255, 255 * 255 + 127, high16: true)); // premultiplied alpha
            Assert.Null(KernelGen.Generator.Vectorize.Planner.MagicDivisor(255, 70_000, high16: true)); // past 16 bits
            // Large dividends leave no room for the multiplier: the generator then divides through float or lane by lane
            // (luma's / 1000 of sums up to 255,000 is one: every m small enough leaves too large an error).
            Assert.Null(KernelGen.Generator.Vectorize.Planner.MagicDivisor(1000, 255_000));
            Assert.Null(KernelGen.Generator.Vectorize.Planner.MagicDivisor(7, int.MaxValue));
            Assert.Null(KernelGen.Generator.Vectorize.Planner.MagicDivisor(1, 100));
        }

        private static byte[] Bytes(int n, int seed) { var r = new Random(seed); var a = new byte[n]; r.NextBytes(a); if (n > 2) { a[0] = 0; a[1] = 255; } return a; }
        private static short[] Shorts(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(k => k == 0 ? short.MinValue : k == 1 ? short.MaxValue : (short)r.Next(short.MinValue, short.MaxValue + 1)).ToArray(); }

        private static void Same(string kernel, params object[] args)
        {
            object[] serial = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            object[] parallel = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            InMemory.Call(Built.Value, "N", kernel, serial);
            InMemory.Call(Built.Value, "N", kernel + "Parallel", parallel);
            for (int k = 0; k < args.Length; k++)
            {
                if (serial[k] is float[] fs) Assert.Equal(fs.Select(BitConverter.SingleToInt32Bits), ((float[])parallel[k]).Select(BitConverter.SingleToInt32Bits));
                else if (serial[k] is Array a) Assert.Equal(a.Cast<object>(), ((Array)parallel[k]).Cast<object>());
            }
        }

        public static TheoryData<int> Sizes => new() { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1003 };

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Pixels_match_serial(int n)
        {
            Same("RgbToGray", Bytes(3 * n * 3, n), new byte[n * 3], n, 3);
            Same("RgbToGray", Bytes(3 * n * 3, n + 1), new byte[n * 3], 3, n); // narrow rows, many of them
            Same("Premultiply", Bytes(4 * n, n), new byte[n], n);
            Same("BlueOfBgra", Bytes(4 * n, n), new byte[n], n);
            Same("Threshold", Bytes(n, n), new byte[n], 128);
            Same("Threshold", Bytes(n, n), new byte[n], -1);
            Same("Wrap", Bytes(n, n), new byte[n]);
            Same("Normalize", Bytes(n, n), new float[n]);
            Same("CopyAndFill", Bytes(n, n), new byte[n], Bytes(n, n + 7));
            Same("Scale300", Bytes(n, n), new byte[n]);
            Same("LocalThreshold", Bytes(n, n), new byte[n]);
            Same("SubtractSaturate", Bytes(n, n), Bytes(n, n + 1), new byte[n]);
            Same("Bright", Bytes(n, n), new byte[n]);
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Samples_match_serial(int n)
        {
            Same("Gain", Shorts(n, n), new short[n], 23170);
            Same("Gain", Shorts(n, n), new short[n], -70000); // a gain past 16 bits: the product wraps in int, as in C#
            Same("StereoToMono", Shorts(2 * n, n), new short[n]);
            Same("StereoToMono16", Shorts(2 * n, n), new short[n], 0.5f, 0.5f);
            Same("StereoToMono16", Shorts(2 * n, n + 1), new short[n], 1.5f, 0.9f); // both limits hit
            Same("StereoToMono16", Shorts(2 * n, n + 2), new short[n], float.NaN, 1f); // NaN passes both limits: (short)NaN
            Same("PairDifference", Bytes(2 * n, n), new sbyte[n]);
            var r = new Random(n);
            sbyte[] a = Enumerable.Range(0, n).Select(_ => (sbyte)r.Next(-128, 128)).ToArray();
            ushort[] b = Enumerable.Range(0, n).Select(_ => (ushort)r.Next(0, 65536)).ToArray();
            Same("Mixed", a, b, new ushort[n], new short[n]);
        }

        [Theory]
        [InlineData(1, 1), InlineData(2, 3), InlineData(5, 8), InlineData(7, 9), InlineData(3, 33), InlineData(40, 100)]
        public void A_byte_image_matches_serial(int h, int w)
        {
            var src = new byte[h, w];
            byte[] values = Bytes(h * w, h * 31 + w);
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) src[y, x] = values[y * w + x];
            Same("RowFilter", src, new byte[h, w]);
        }

        [Fact]
        public void A_short_source_throws_like_the_serial_loop()
        {
            // One row, two pixels short: the vector guard fails, the row runs scalar and throws at the first missing pixel,
            // after writing the same pixels as the serial loop.
            byte[] rgb = Bytes(3 * 40 - 6, 1);
            var serial = new byte[40];
            var parallel = new byte[40];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "N", "RgbToGray", rgb, serial, 40, 1));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "N", "RgbToGrayParallel", rgb, parallel, 40, 1));
            Assert.Equal(serial, parallel);
        }
    }
}
