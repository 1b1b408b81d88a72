using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Inner loops as image code writes them (RaceAnalysis.FindInnerLoops, OuterValue): an index that steps by the
    /// bytes of a pixel (<c>x = x + bytesPerPixel</c> up to <c>widthInBytes = width * 3</c>), a second variable
    /// advanced in the header with the index (<c>for (int j = 0, offset = i * stride; j &lt; stride; ++j, ++offset)</c>),
    /// and a write of one array next to reads of another at subscripts that meet only where sizes line up (llama2's
    /// attention: a reference check at the launch, not a condition on the sizes). Each was serial (KG1004) or parallel
    /// only where the condition failed for every real input; now parallel, with the serial loop's results whether the
    /// rows are apart or overlap.
    /// </summary>
    public class InnerCounterTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                // Skymile/KoloBiometrii-Picture's BitmapExtension.ApplyEffect (each byte of a row through an effect, the
                // offset advanced with the column), in our own words.
                [ParallelKernel]
                public static void Effect(byte[] pixels, int width, int height)
                {
                    int stride = width * 3;
                    foreach (int i in PRange(height))
                        for (int j = 0, offset = i * stride; j < stride; ++j, ++offset)
                            pixels[offset] = (byte)(255 - pixels[offset]);
                }

                // The same at a stride only the caller knows, three bytes a pixel from one offset.
                [ParallelKernel]
                public static void Swap(byte[] img, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0, o = y * stride; x < width; x++, o += 3)
                        {
                            byte blue = img[o];
                            img[o] = img[o + 2];
                            img[o + 2] = blue;
                        }
                }

                // ahotko/ImageProcessing's AlphaBlend (each pixel toward a color, the column stepping by the bytes of a
                // pixel up to the row's bytes), in our own words.
                static byte Clamp(double value) => value < 0 ? (byte)0 : value > 255 ? (byte)255 : (byte)value;

                [ParallelKernel]
                public static void Blend(byte[] image, int width, int height, int stride, byte r, byte g, byte b, double alpha)
                {
                    const int bytesPerPixel = 3;
                    int widthInBytes = width * bytesPerPixel;
                    foreach (int y in PRange(height))
                    {
                        int line = y * stride;
                        for (int x = 0; x < widthInBytes; x = x + bytesPerPixel)
                        {
                            image[line + x] = Clamp(alpha * (image[line + x] - b) + b);
                            image[line + x + 1] = Clamp(alpha * (image[line + x + 1] - g) + g);
                            image[line + x + 2] = Clamp(alpha * (image[line + x + 2] - r) + r);
                        }
                    }
                }

                // The same channels in each statement: rolled into one loop over the row's bytes (a vector loop, the
                // column restarted after it at 3 times the pixels it did); its guard checks stride >= 3*width again,
                // in the chunk, where the body never reads width.
                [ParallelKernel]
                public static void InvertStep(byte[] image, int width, int height, int stride)
                {
                    const int bytesPerPixel = 3;
                    int widthInBytes = width * bytesPerPixel;
                    foreach (int y in PRange(height))
                    {
                        int line = y * stride;
                        for (int x = 0; x < widthInBytes; x += bytesPerPixel)
                        {
                            image[line + x] = (byte)(255 - image[line + x]);
                            image[line + x + 1] = (byte)(255 - image[line + x + 1]);
                            image[line + x + 2] = (byte)(255 - image[line + x + 2]);
                        }
                    }
                }

                // The offset advanced by a pixel in the header, the channels rolled (the header restarts both).
                [ParallelKernel]
                public static void InvertOffset(byte[] src, byte[] dst, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0, o = y * stride; x < width; x++, o += 3)
                        {
                            dst[o] = (byte)(255 - src[o]);
                            dst[o + 1] = (byte)(255 - src[o + 1]);
                            dst[o + 2] = (byte)(255 - src[o + 2]);
                        }
                }

                // mdymel/superfastblur's boxBlurH_4 (Parallel.For over rows: a running window sum, cursors ti, li, ri
                // advanced through three loops in turn), in our own words.
                [ParallelKernel]
                public static void BlurRows(int[] source, int[] dest, int w, int h, int r)
                {
                    double iar = 1.0 / (r + r + 1);
                    foreach (int i in PRange(h))
                    {
                        int ti = i * w, li = ti, ri = ti + r;
                        int fv = source[ti], lv = source[ti + w - 1];
                        int val = (r + 1) * fv;
                        for (int j = 0; j < r; j++) val += source[ti + j];
                        for (int j = 0; j <= r; j++) { val += source[ri++] - fv; dest[ti++] = (int)Math.Round(val * iar); }
                        for (int j = r + 1; j < w - r; j++) { val += source[ri++] - source[li++]; dest[ti++] = (int)Math.Round(val * iar); }
                        for (int j = w - r; j < w; j++) { val += lv - source[li++]; dest[ti++] = (int)Math.Round(val * iar); }
                    }
                }

                // Its boxBlurT_4 (Parallel.For over columns, the cursors stepping down a column by w).
                [ParallelKernel]
                public static void BlurColumns(int[] source, int[] dest, int w, int h, int r)
                {
                    double iar = 1.0 / (r + r + 1);
                    foreach (int i in PRange(w))
                    {
                        int ti = i, li = ti, ri = ti + r * w;
                        int fv = source[ti], lv = source[ti + w * (h - 1)];
                        int val = (r + 1) * fv;
                        for (int j = 0; j < r; j++) val += source[ti + j * w];
                        for (int j = 0; j <= r; j++) { val += source[ri] - fv; dest[ti] = (int)Math.Round(val * iar); ri += w; ti += w; }
                        for (int j = r + 1; j < h - r; j++) { val += source[ri] - source[li]; dest[ti] = (int)Math.Round(val * iar); li += w; ri += w; ti += w; }
                        for (int j = h - r; j < h; j++) { val += lv - source[li]; dest[ti] = (int)Math.Round(val * iar); li += w; ti += w; }
                    }
                }

                // A limit that need not be a whole number of steps: x + 2 may reach n + 1.
                [ParallelKernel]
                public static void Ragged(byte[] img, int n, int height, int stride)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < n; x += 3)
                            img[y * stride + x + 2] = (byte)(img[y * stride + x] ^ 0x5A);
                }

                // The limit's local names a parameter the method changes after it: its value is not width * 3 at the loop.
                [ParallelKernel]
                public static void Changed(byte[] img, int width, int height, int stride)
                {
                    int bytes = width * 3;
                    width = width + 1;
                    foreach (int y in PRange(height))
                        for (int x = 0; x < bytes; x += 3)
                            img[y * stride + x + 2] = (byte)(img[y * stride + x + 1] + width);
                }

                // karpathy/llama2.c's multi-head attention (run.c: scores into att + h * seq_len, the weighted values into
                // xb + h * head_size), in our own words.
                [ParallelKernel]
                public static void Attention(float[] q, float[] keys, float[] values, float[] att, float[] xb, int heads, int headSize, int pos, int seqLen)
                {
                    int dim = heads * headSize;
                    foreach (int h in PRange(heads))
                    {
                        int qo = h * headSize, ao = h * seqLen;
                        for (int t = 0; t <= pos; t++)
                        {
                            float score = 0f;
                            for (int i = 0; i < headSize; i++)
                                score += q[qo + i] * keys[t * dim + h * headSize + i];
                            att[ao + t] = score / MathF.Sqrt(headSize);
                        }
                        float max = att[ao];
                        for (int t = 1; t <= pos; t++) if (att[ao + t] > max) max = att[ao + t];
                        float sum = 0f;
                        for (int t = 0; t <= pos; t++) { att[ao + t] = MathF.Exp(att[ao + t] - max); sum += att[ao + t]; }
                        for (int t = 0; t <= pos; t++) att[ao + t] /= sum;
                        for (int i = 0; i < headSize; i++) xb[qo + i] = 0f;
                        for (int t = 0; t <= pos; t++)
                            for (int i = 0; i < headSize; i++)
                                xb[qo + i] += att[ao + t] * values[t * dim + h * headSize + i];
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "S"));

        private static string Report(string kernel) => s_generated.Value(kernel).Split("// KernelGen parallel report — ")[1].Split("calls of " + kernel)[0];

        [Fact]
        public void Stepped_and_header_counters_are_parallel_with_the_conditions_the_sizes_need()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099" || d.Id.StartsWith("KG1", StringComparison.Ordinal));
            // stride is width * 3 and j < stride: rows never meet, no condition.
            Assert.DoesNotContain("runs in parallel where", Report("Effect"));
            Assert.Contains("runs in parallel where stride >= 3*width (checked at the launch", Report("Swap"));
            // x steps by 3 up to 3 * width, so x + 2 < 3 * width: the stride needs no byte more than the row's.
            Assert.Contains("runs in parallel where stride >= 3*width (checked at the launch", Report("Blend"));
            Assert.Contains("runs in parallel where stride >= n + 2 (checked at the launch", Report("Ragged"));
            // Vector loops over the header's counter: the byte inverts, stepped and with an offset (rolled channels).
            Assert.Contains("vector: inner loop 'for (int j = 0, offset = i * stride; j < stride; ++j, ++offset)'", Report("Effect"));
            Assert.Contains("vector: inner loop 'for (int x = 0; x < widthInBytes; x += bytesPerPixel)'", Report("InvertStep"));
            Assert.Contains("channels rolled", Report("InvertStep"));
            Assert.Contains("runs in parallel where stride >= 3*width (checked at the launch", Report("InvertStep"));
            Assert.Contains("vector: inner loop 'for (int x = 0, o = y * stride; x < width; x++, o += 3)'", Report("InvertOffset"));
            Assert.Contains("channels rolled", Report("InvertOffset"));
            Assert.Contains("runs in parallel where stride >= bytes + 1 (checked at the launch", Report("Changed"));
            // Cursors through a sequence of loops: the trip counts the later values rest on are conditions.
            Assert.Contains("runs in parallel where w >= 2*r + 1 (checked at the launch", Report("BlurRows"));
            // Of the eight conditions its proofs assumed, the six the other two imply are not checked (nor listed).
            Assert.Equal(new[] { "r >= 0", "w >= 2*r + 1" }, Report("BlurRows").Split('\n').Where(l => l.Contains("runs in parallel where"))
                .Select(l => l.Split("runs in parallel where ")[1].Split(" (checked")[0]).OrderBy(c => c, StringComparer.Ordinal));
            Assert.Contains("runs in parallel where h >= 2*r + 1 (checked at the launch", Report("BlurColumns"));
            // keys/values against xb: a reference check, not a condition on the sizes that fails for every real input.
            string attention = Report("Attention");
            Assert.Contains("runs serially when keys and xb are the same array", attention);
            Assert.Contains("runs in parallel where seqLen >= pos + 1 (checked at the launch", attention);
            Assert.DoesNotContain("dim", string.Join("\n", attention.Split('\n').Where(l => l.Contains("runs in parallel where"))));
        }

        [Theory]
        [InlineData("for (int j = 0, o = y; j < n; j++, o++) a[o] = j;")]                         // rows one element apart
        [InlineData("for (int j = 0, o = y * s; j < n; j++, o++) { a[o] = 1; o++; }")]             // advanced in the body too
        [InlineData("for (int j = 0, o = y * s; j < n; j++, o--) a[o] = a[o - s];")]               // backwards, from the row before
        [InlineData("for (int x = 0; x < n; x = x + 2) a[y * s + x] = a[(y + 1) * s + x];")]      // the next row
        [InlineData("for (int x = 0, o = y * s; x < n; x += 2, o += 3) a[o] = a[o - s];")]         // the row before
        [InlineData("{ int t = y; for (int j = 0; j < n; j++) a[t++] = j; }")]                       // a cursor: rows one element apart
        [InlineData("{ int t = y * s; for (int j = 0; j < n; j++) { if (j > 2) t++; a[t] = j; } }")]   // advanced in some passes only
        [InlineData("{ int t = y * s; for (int j = 0; j < n; j++) { a[t++] = j; if (a[t] > 9) break; } }")] // a loop that may stop early
        [InlineData("{ int t = y * s; for (int j = 0; j < n; j++) a[t++] = j; t -= s + n; for (int j = 0; j < n; j++) a[t++] = -j; }")] // back onto the row before
        [InlineData("{ int t = y * s; for (int j = 0; j < n; j++) for (int q = 0; q < 2; q++) a[t++] = j; }")] // advanced in a nested loop
        [InlineData("{ int t = y * s; for (int j = 0; j < n; j++) a[t++] = j; if (n > 1) t -= s; a[t] = 0; }")] // moved in an if
        [InlineData("for (int x = 0; x < n; x++, a[y * s + x] = 7) a[y * s + x] += 1;")]           // an incrementor's store runs with x = n
        public void Loops_whose_rows_meet_are_still_flagged(string body)
        {
            string source = RaceTests.Kernel("foreach (int y in PRange(1, m)) " + body, "int[] a, int m, int n, int s");
            Assert.Contains(InMemory.Analyze(source), d => d.Id.StartsWith("KG1", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("for (int j = 0, o = y * s; j < n; j++, j++) a[o + j] = j;")]                  // one variable advanced twice, the other never
        [InlineData("for (int j = 0, o = y * s; j < n; j++, o += j) a[o] = j;")]                   // advanced by a variable
        [InlineData("for (int j = 0, o; j < n; j++) { o = y * s + j; a[o] = j; }")]                 // declared without a value
        [InlineData("{ int t = y * s; for (int j = 0; j < n; j++) { a[t] = j; t += a[0]; } }")]    // a cursor advanced by an element
        [InlineData("for (int x = 0; x < n; x = 3 + x) a[y * s + x] = x;")]                         // x = c + x
        public void Headers_it_does_not_count_keep_a_diagnostic_or_a_proof_and_never_fail(string body)
        {
            string source = RaceTests.Kernel("foreach (int y in PRange(1, m)) " + body, "int[] a, int m, int n, int s");
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099");
            // Whatever it concludes, the generated code compiles and agrees with the loop where it runs in parallel.
            InMemory.Build(source);
        }

        private static void Same(string kernel, Func<object[]> arguments, int degree) =>
            RuntimeSettings.With(degree, backoff: false, () => Differential.Same(s_built.Value, "S", kernel, arguments()));

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public void Results_are_the_serial_loops_whether_the_rows_are_apart_or_not(int degree)
        {
            var random = new Random(900 + degree);
            byte[] Bytes(int count) { var b = new byte[count]; random.NextBytes(b); return b; }
            foreach (int width in new[] { 1, 7, 64, 301 })
            {
                const int Height = 97;
                Same("Effect", () => new object[] { Bytes(3 * width * Height), width, Height }, degree);
                // Padded, adjacent, overlapping by a pixel and by a byte, all rows on one.
                foreach (int stride in new[] { 3 * width + 5, 3 * width, 3 * width - 3, 3 * width - 1, 0 })
                {
                    if (stride < 0) continue;
                    byte[] img = Bytes(stride * Height + 3 * width + 2);
                    Same("Swap", () => new object[] { img.ToArray(), width, Height, stride }, degree);
                    Same("InvertStep", () => new object[] { img.ToArray(), width, Height, stride }, degree);
                    Same("InvertOffset", () => new object[] { img, img.ToArray(), width, Height, stride }, degree);
                    // In place (src and dst the same array: the vector loop's aliasing guard sends it to the scalar loop).
                    byte[] serial = img.ToArray(), parallel = img.ToArray();
                    InMemory.Call(s_built.Value, "S", "InvertOffset", serial, serial, width, Height, stride);
                    RuntimeSettings.With(degree, backoff: false, () => InMemory.Call(s_built.Value, "S", "InvertOffsetParallel", parallel, parallel, width, Height, stride));
                    Assert.Equal(serial, parallel);

                    Same("Blend", () => new object[] { img.ToArray(), width, Height, stride, (byte)10, (byte)200, (byte)90, 0.35 }, degree);
                    Same("Ragged", () => new object[] { img.ToArray(), 3 * width - 1, Height, stride }, degree);
                    Same("Changed", () => new object[] { img.ToArray(), width, Height, stride }, degree);
                }
            }
            // Blurs: radii that fit the image, fill it exactly (w = 2r + 1), and do not (the conditions fail: serial).
            foreach ((int w, int h, int r) in new[] { (263, 197, 4), (9, 9, 4), (8, 11, 4), (40, 3, 1), (17, 23, 0), (5, 5, 7) })
            {
                int[] image = Enumerable.Range(0, w * h).Select(_ => random.Next(256)).ToArray();
                Same("BlurRows", () => new object[] { image, new int[w * h], w, h, r }, degree);
                Same("BlurColumns", () => new object[] { image, new int[w * h], w, h, r }, degree);
            }
            // The attention at llama2's sizes, and with a score row shorter than the positions (rows of att overlap).
            foreach ((int heads, int headSize, int seqLen, int pos) in new[] { (6, 48, 64, 40), (4, 16, 8, 8), (3, 8, 5, 2) })
            {
                int dim = heads * headSize;
                float[] Floats(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
                float[] q = Floats(dim), keys = Floats(seqLen * dim + (pos + 1) * dim), values = Floats(keys.Length);
                Same("Attention", () => new object[] { q, keys, values, new float[heads * seqLen + pos + 1], new float[dim], heads, headSize, pos, seqLen }, degree);
            }
        }
    }
}
