using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Tests.RealWorld
{
    /// <summary>
    /// The vector corpus (issue 12): PRange loops ported from public C# imaging code (byte[] pixels, strides,
    /// lookup tables), audio code (short[]/float[] PCM, interleaved channels, per-channel filters), ML
    /// pre-processing and inference (normalization, softmax, RoPE, matmul over jagged rows), simulation and linear
    /// algebra (T[,] grids, stencils, N-body, CSR), and numba <c>prange</c> code ported to C#.
    /// </summary>
    /// <remarks>
    /// Every kernel was written anew, in our own words, from the shape of the cited loop, the way a C# developer
    /// would write it (not in a shape tuned to what KernelGen supports): the corpus measures how KernelGen does on
    /// real code. Each case is a whole compilation unit whose first line cites the source (repository and path), then
    /// <see cref="Prelude"/>, then a <c>public static partial class K</c> with one <c>[ParallelKernel] Run</c> method
    /// holding exactly one PRange loop and <c>public static object?[] Args()</c>, which builds deterministic, realistic
    /// inputs sized to exercise chunking and vector tails (10,007 samples, 97×131 images, …).
    /// </remarks>
    public static class VectorCorpus
    {
        /// <param name="Name">Identifier of the case.</param>
        /// <param name="Citation">The public repository and path the loop's shape comes from.</param>
        /// <param name="Code">The kernel class (and helper types), without <see cref="Prelude"/>.</param>
        /// <param name="Tolerance">
        /// 0: the parallel result must equal the serial one bitwise. Otherwise the relative tolerance for float/double
        /// values, for floating-point reductions whose partial sums are combined in another order (documented per case).
        /// </param>
        /// <param name="KnownIssue">
        /// A KernelGen bug this race-free case shows, starting "false race" (a KG1xxx Error on a race-free loop) or
        /// "wrong result" (parallel differs from serial); the tests assert the current behaviour so a fix is noticed.
        /// </param>
        public sealed record Case(string Name, string Citation, string Code, double Tolerance = 0, string? KnownIssue = null)
        {
            /// <summary>The compilation unit: the citation as its first comment, then the prelude and the code.</summary>
            public string Source => "// Source: " + Citation + "\n" + Prelude + Code;
        }

        public const string Prelude = @"using System;
using System.Numerics;
using KernelGen;
using static KernelGen.Kernel;

";

        public static Case Get(string name) => Cases.Single(c => c.Name == name);

        public static readonly IReadOnlyList<Case> Cases = new[]
        {
            // ───────────────────────────── Imaging: byte[] pixels ─────────────────────────────

            new Case("bgr24_to_gray_stride",
                "babak2000ir/Pointers-In-C- ConvertToGrayScalePointer/ConvertToGrayScalePointer.cs (24bpp rows at Stride, luminance 0.299/0.587/0.114)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bgr, int width, int height, int stride, byte[] gray)
                    {
                        foreach (int y in PRange(height))
                        {
                            int row = y * stride;
                            for (int x = 0; x < width; x++)
                            {
                                byte blue = bgr[row + x * 3];
                                byte green = bgr[row + x * 3 + 1];
                                byte red = bgr[row + x * 3 + 2];
                                gray[y * width + x] = (byte)(0.299 * red + 0.587 * green + 0.114 * blue);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        int width = 131, height = 97, stride = (width * 3 + 3) & ~3;
                        var random = new Random(101);
                        var bgr = new byte[stride * height];
                        random.NextBytes(bgr);
                        return new object?[] { bgr, width, height, stride, new byte[width * height] };
                    }
                }
                """),

            new Case("bgr24_to_gray_integer_weights",
                "leonardofalango/Digital-Image-Processing Filters/Filter.cs (ConvertImage: l[0]*11 + l[1]*59 + l[2]*30, one output byte per pixel)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bgr, byte[] gray)
                    {
                        foreach (int p in PRange(gray.Length))
                        {
                            int b = bgr[3 * p], g = bgr[3 * p + 1], r = bgr[3 * p + 2];
                            gray[p] = (byte)((b * 11 + g * 59 + r * 30) / 100);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(102);
                        int pixels = 131 * 97;
                        var bgr = new byte[pixels * 3];
                        random.NextBytes(bgr);
                        return new object?[] { bgr, new byte[pixels] };
                    }
                }
                """),

            new Case("byte_effect_invert_rows",
                "Skymile/KoloBiometrii-Picture PicturesApp/BitmapExtension_CSharp6.cs (ApplyEffect: Parallel.For over rows, each byte of the row through an effect)",
                """
                public static partial class K
                {
                    static byte Invert(byte v) => (byte)(255 - v);

                    [ParallelKernel]
                    public static void Run(byte[] pixels, int width, int height)
                    {
                        int stride = width * 3;
                        foreach (int i in PRange(height))
                        {
                            for (int j = 0, offset = i * stride; j < stride; ++j, ++offset)
                                pixels[offset] = Invert(pixels[offset]);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(103);
                        int width = 131, height = 97;
                        var pixels = new byte[width * height * 3];
                        random.NextBytes(pixels);
                        return new object?[] { pixels, width, height };
                    }
                }
                """),

            new Case("alpha_blend_two_images",
                "mszostok/BlendApp BlendAlgorithm/BlendImage.cs (weighted blend of two BGRA images, alpha byte set to 255)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bottom, byte[] top, float alpha)
                    {
                        float alphaTop = alpha / 255.0f;
                        float alphaBottom = 1.0f - alphaTop;
                        foreach (int p in PRange(bottom.Length / 4))
                        {
                            int j = p * 4;
                            bottom[j] = (byte)(alphaBottom * bottom[j] + alphaTop * top[j]);
                            bottom[j + 1] = (byte)(alphaBottom * bottom[j + 1] + alphaTop * top[j + 1]);
                            bottom[j + 2] = (byte)(alphaBottom * bottom[j + 2] + alphaTop * top[j + 2]);
                            bottom[j + 3] = 255;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(104);
                        var bottom = new byte[131 * 97 * 4];
                        var top = new byte[bottom.Length];
                        random.NextBytes(bottom);
                        random.NextBytes(top);
                        return new object?[] { bottom, top, 77f };
                    }
                }
                """),

            new Case("alpha_blend_color_clamp",
                "ahotko/ImageProcessing ImageProcessing/ImageProcessing.AlphaBlend.cs (blend each pixel toward a color, double math, Clamp helper)",
                """
                public static partial class K
                {
                    static byte Clamp(double value)
                    {
                        if (value < 0) return 0;
                        if (value > 255) return 255;
                        return (byte)value;
                    }

                    [ParallelKernel]
                    public static void Run(byte[] image, int width, int height, int stride, byte r, byte g, byte b, double alphaValue)
                    {
                        const int bytesPerPixel = 3;
                        int widthInBytes = width * bytesPerPixel;
                        foreach (int y in PRange(height))
                        {
                            int line = y * stride;
                            for (int x = 0; x < widthInBytes; x = x + bytesPerPixel)
                            {
                                double nb = alphaValue * (image[line + x] - b) + b;
                                double ng = alphaValue * (image[line + x + 1] - g) + g;
                                double nr = alphaValue * (image[line + x + 2] - r) + r;
                                image[line + x] = Clamp(nb);
                                image[line + x + 1] = Clamp(ng);
                                image[line + x + 2] = Clamp(nr);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(105);
                        int width = 131, height = 97, stride = (width * 3 + 3) & ~3;
                        var image = new byte[stride * height];
                        random.NextBytes(image);
                        return new object?[] { image, width, height, stride, (byte)250, (byte)128, (byte)3, 0.35 };
                    }
                }
                """),

            new Case("gray_2d_array_from_stride",
                "shendongnian/code code3/459469-48110489-0.cs (ImageTo2DByteArray: result[y, x] = mean of the three channels at y * Stride + x * 3)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bytes, int stride, byte[,] result)
                    {
                        int height = result.GetLength(0), width = result.GetLength(1);
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width; ++x)
                            {
                                int offset = y * stride + x * 3;
                                result[y, x] = (byte)((bytes[offset + 0] + bytes[offset + 1] + bytes[offset + 2]) / 3);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(106);
                        int width = 131, height = 97, stride = (width * 3 + 3) & ~3;
                        var bytes = new byte[stride * height];
                        random.NextBytes(bytes);
                        return new object?[] { bytes, stride, new byte[height, width] };
                    }
                }
                """),

            new Case("contrast_lookup_table",
                "Grimhill/Image Image/Contrast.cs (Inlut: convert intensities through a lookup table)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] src, byte[] lut, byte[] dst)
                    {
                        foreach (int i in PRange(src.Length))
                            dst[i] = lut[src[i]];
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(107);
                        var src = new byte[131 * 97];
                        random.NextBytes(src);
                        var lut = new byte[256];
                        for (int v = 0; v < 256; v++) lut[v] = (byte)Math.Round(255.0 * Math.Pow(v / 255.0, 1 / 2.2));
                        return new object?[] { src, lut, new byte[src.Length] };
                    }
                }
                """),

            new Case("gray_histogram",
                "nemochii/NYUST-Image-Processing Image_processing/Image_processing/Histogram_equalization.cs (count pixels per gray level: histogramArray[value]++)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] gray, int[] histogram)
                    {
                        foreach (int i in PRange(gray.Length))
                            histogram[gray[i]]++;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(108);
                        var gray = new byte[131 * 97];
                        for (int i = 0; i < gray.Length; i++) gray[i] = (byte)Math.Min(255, Math.Abs(random.NextDouble() + random.NextDouble() - 1) * 300);
                        return new object?[] { gray, new int[256] };
                    }
                }
                """),

            new Case("histogram_equalization_apply",
                "PRKM/HIstogram WindowsFormsApplication1/Program.cs (map each channel through its cumulative histogram scaled by 255 / pixels)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] rgb, int[] cdfR, int[] cdfG, int[] cdfB, byte[] output)
                    {
                        int pixels = rgb.Length / 3;
                        double scale = 255.0 / pixels;
                        foreach (int p in PRange(pixels))
                        {
                            output[3 * p] = (byte)(cdfR[rgb[3 * p]] * scale);
                            output[3 * p + 1] = (byte)(cdfG[rgb[3 * p + 1]] * scale);
                            output[3 * p + 2] = (byte)(cdfB[rgb[3 * p + 2]] * scale);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(109);
                        var rgb = new byte[131 * 97 * 3];
                        random.NextBytes(rgb);
                        int[] Cdf(int channel)
                        {
                            var cdf = new int[256];
                            for (int i = channel; i < rgb.Length; i += 3) cdf[rgb[i]]++;
                            for (int v = 1; v < 256; v++) cdf[v] += cdf[v - 1];
                            return cdf;
                        }
                        return new object?[] { rgb, Cdf(0), Cdf(1), Cdf(2), new byte[rgb.Length] };
                    }
                }
                """),

            new Case("box_blur_3x3_gray",
                "leonardofalango/Digital-Image-Processing Filters/Filter.cs (ParallelBlur: Parallel.For over rows, mean of the window around each pixel)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] img, byte[] result, int width, int height)
                    {
                        foreach (int y in PRange(1, height - 1))
                        {
                            for (int x = 1; x < width - 1; x++)
                            {
                                int sum = 0;
                                for (int dy = -1; dy <= 1; dy++)
                                    for (int dx = -1; dx <= 1; dx++)
                                        sum += img[(y + dy) * width + x + dx];
                                result[y * width + x] = (byte)(sum / 9);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(110);
                        int width = 131, height = 97;
                        var img = new byte[width * height];
                        random.NextBytes(img);
                        return new object?[] { img, new byte[img.Length], width, height };
                    }
                }
                """),

            new Case("sobel_magnitude_gray",
                "BenceBiricz/Sobel_Edge_Detection README.md (Sobel operator over a grayscale byte image, gradient magnitude clamped to 255)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] input, byte[] output, int width, int height)
                    {
                        foreach (int y in PRange(1, height - 1))
                        {
                            for (int x = 1; x < width - 1; x++)
                            {
                                int i = y * width + x;
                                int gx = -input[i - width - 1] + input[i - width + 1]
                                         - 2 * input[i - 1] + 2 * input[i + 1]
                                         - input[i + width - 1] + input[i + width + 1];
                                int gy = -input[i - width - 1] - 2 * input[i - width] - input[i - width + 1]
                                         + input[i + width - 1] + 2 * input[i + width] + input[i + width + 1];
                                int magnitude = (int)Math.Sqrt(gx * gx + gy * gy);
                                output[i] = (byte)(magnitude > 255 ? 255 : magnitude);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(111);
                        int width = 131, height = 97;
                        var input = new byte[width * height];
                        for (int y = 0; y < height; y++)
                            for (int x = 0; x < width; x++)
                                input[y * width + x] = (byte)((x * 7 + y * 3) % 256 ^ random.Next(16));
                        return new object?[] { input, new byte[input.Length], width, height };
                    }
                }
                """),

            new Case("nv21_to_argb",
                "UWBCapstone/Tango_SpatialImaging Assets/Scripts/NV21Converter.cs (NV21 to RGB: Y plane plus interleaved VU at half resolution, clamped)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] yuv, int width, int height, byte[] argb)
                    {
                        int frameSize = width * height;
                        foreach (int i in PRange(height))
                        {
                            for (int j = 0; j < width; j++)
                            {
                                int y = yuv[i * width + j] & 0xff;
                                int v = yuv[frameSize + (i >> 1) * width + (j & ~1)] & 0xff;
                                int u = yuv[frameSize + (i >> 1) * width + (j & ~1) + 1] & 0xff;
                                y = y < 16 ? 16 : y;
                                int r = (int)(1.164f * (y - 16) + 1.596f * (v - 128));
                                int g = (int)(1.164f * (y - 16) - 0.813f * (v - 128) - 0.391f * (u - 128));
                                int b = (int)(1.164f * (y - 16) + 2.018f * (u - 128));
                                r = r < 0 ? 0 : (r > 255 ? 255 : r);
                                g = g < 0 ? 0 : (g > 255 ? 255 : g);
                                b = b < 0 ? 0 : (b > 255 ? 255 : b);
                                int o = (i * width + j) * 4;
                                argb[o] = 255;
                                argb[o + 1] = (byte)r;
                                argb[o + 2] = (byte)g;
                                argb[o + 3] = (byte)b;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(112);
                        int width = 132, height = 98;
                        var yuv = new byte[width * height * 3 / 2];
                        random.NextBytes(yuv);
                        return new object?[] { yuv, width, height, new byte[width * height * 4] };
                    }
                }
                """),

            new Case("bgra_premultiply_alpha",
                "SixLabors/ImageSharp src/ImageSharp/Common/Helpers/Numerics.cs (Premultiply: color channels scaled by alpha), on BGRA bytes",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bgra)
                    {
                        foreach (int p in PRange(bgra.Length / 4))
                        {
                            int a = bgra[4 * p + 3];
                            bgra[4 * p] = (byte)((bgra[4 * p] * a + 127) / 255);
                            bgra[4 * p + 1] = (byte)((bgra[4 * p + 1] * a + 127) / 255);
                            bgra[4 * p + 2] = (byte)((bgra[4 * p + 2] * a + 127) / 255);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(113);
                        var bgra = new byte[131 * 97 * 4];
                        random.NextBytes(bgra);
                        return new object?[] { bgra };
                    }
                }
                """),

            new Case("sepia_bgra_clamp_helper",
                "hajduakos/PhotoToolsDotNet FilterLib/Filters/Color/SepiaFilter.cs (ProcessPixel: float weighted sums of R, G, B, each clamped to a byte by a helper; alpha left alone), on packed BGRA bytes",
                """
                public static partial class K
                {
                    static byte ClampToByte(float v) => v >= 255f ? (byte)255 : v <= 0f ? (byte)0 : (byte)v;

                    [ParallelKernel]
                    public static void Run(byte[] px)
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

                    public static object?[] Args()
                    {
                        var random = new Random(117);
                        var px = new byte[131 * 97 * 4];
                        random.NextBytes(px);
                        return new object?[] { px };
                    }
                }
                """),

            new Case("sepia_bgra_rows_stride",
                "hajduakos/PhotoToolsDotNet FilterLib/Filters/Color/SepiaFilter.cs (the same filter over a locked bitmap's rows at Stride)",
                """
                public static partial class K
                {
                    static byte ClampToByte(float v) => v >= 255f ? (byte)255 : v <= 0f ? (byte)0 : (byte)v;

                    [ParallelKernel]
                    public static void Run(byte[] px, int width, int height, int stride)
                    {
                        foreach (int y in PRange(height))
                        {
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
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(118);
                        int width = 131, height = 97, stride = 4 * width + 12;
                        var px = new byte[stride * height];
                        random.NextBytes(px);
                        return new object?[] { px, width, height, stride };
                    }
                }
                """),

            new Case("posterize_channel_loop",
                "hajduakos/PhotoToolsDotNet FilterLib/Filters/Color/PosterizeFilter.cs (MapComponent: round(round(c / div) * div) on B, G, R of BGRA rows at a stride, alpha kept; the channels as a loop of 3)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] px, int width, int height, int stride, float div)
                    {
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width; x++)
                            {
                                int o = y * stride + 4 * x;
                                for (int c = 0; c < 3; c++)
                                    px[o + c] = (byte)MathF.Round(MathF.Round(px[o + c] / div) * div);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(119);
                        int width = 131, height = 97, stride = 4 * width + 8;
                        var px = new byte[stride * height];
                        random.NextBytes(px);
                        return new object?[] { px, width, height, stride, 255f / 3 };
                    }
                }
                """),

            new Case("blend_byte_cursor",
                "mszostok/BlendApp BlendAlgorithm/BlendImage.cs (blendToImages: bottom = (1 - w) * bottom + w * top per channel through a byte cursor advanced by ++j, alpha set to 255)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bottom, byte[] top, float alpha)
                    {
                        float wTop = alpha / 255.0F, wBottom = 1.0F - wTop;
                        foreach (int p in PRange(bottom.Length / 4))
                        {
                            int j = p * 4;
                            bottom[j] = (byte)(wBottom * bottom[j] + wTop * top[j]);
                            ++j;
                            bottom[j] = (byte)(wBottom * bottom[j] + wTop * top[j]);
                            ++j;
                            bottom[j] = (byte)(wBottom * bottom[j] + wTop * top[j]);
                            ++j;
                            bottom[j] = 255;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(120);
                        var bottom = new byte[131 * 97 * 4];
                        var top = new byte[bottom.Length];
                        random.NextBytes(bottom);
                        random.NextBytes(top);
                        return new object?[] { bottom, top, 100f };
                    }
                }
                """),

            new Case("invert_skip_transparent",
                "Domas709/Paint WindowsFormsApplication2/Inverting.cs (ApplyInvert: 255 - v for B, G, R of each BGRA pixel), with fully transparent pixels skipped by an early continue",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bgra)
                    {
                        foreach (int p in PRange(bgra.Length / 4))
                        {
                            int i = 4 * p;
                            if (bgra[i + 3] == 0) continue;
                            bgra[i] = (byte)(255 - bgra[i]);
                            bgra[i + 1] = (byte)(255 - bgra[i + 1]);
                            bgra[i + 2] = (byte)(255 - bgra[i + 2]);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(121);
                        var bgra = new byte[131 * 97 * 4];
                        random.NextBytes(bgra);
                        for (int k = 3; k < bgra.Length; k += 12) bgra[k] = 0;
                        return new object?[] { bgra };
                    }
                }
                """),

            new Case("base64_encode_blocks",
                "rstudio/httpuv src/base64/base64.cpp (encodeblock: four 6-bit indices of each 3-byte group through the 64-entry alphabet), every whole group",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] src, byte[] dst, byte[] alphabet)
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

                    public static object?[] Args()
                    {
                        var random = new Random(122);
                        var src = new byte[3 * 4001];
                        random.NextBytes(src);
                        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8.ToArray();
                        return new object?[] { src, new byte[4 * 4001], alphabet };
                    }
                }
                """),

            new Case("stereo_pan_branch",
                "ManagedBass/ManagedBass src/Shared/Effects/DSP/PanDSP.cs (Callback: interleaved stereo floats, pan > 0 attenuates the left sample by 1 - pan, else the right one by 1 + pan)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] stereo, float pan)
                    {
                        foreach (int f in PRange(stereo.Length / 2))
                        {
                            if (pan > 0) stereo[2 * f] *= 1 - pan;
                            else stereo[2 * f + 1] *= 1 + pan;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(123);
                        var stereo = new float[2 * 10_007];
                        for (int k = 0; k < stereo.Length; k++) stereo[k] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { stereo, -0.35f };
                    }
                }
                """),

            new Case("threshold_binarize",
                "MasaDjordjevic/pi-projekat app/SeamCarving/Filters/CoreFilters.cs (per-pixel filters over a locked bitmap), as a threshold to 0/255",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] gray, byte threshold, byte[] mask)
                    {
                        foreach (int i in PRange(gray.Length))
                        {
                            if (gray[i] >= threshold)
                                mask[i] = 255;
                            else
                                mask[i] = 0;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(114);
                        var gray = new byte[131 * 97];
                        random.NextBytes(gray);
                        return new object?[] { gray, (byte)128, new byte[gray.Length] };
                    }
                }
                """),

            new Case("sepia_tone_min",
                "MasaDjordjevic/pi-projekat app/SeamCarving/Filters/CoreFilters.cs (per-pixel color filters on 24bpp data), as the sepia matrix with Math.Min(255, …)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] rgb)
                    {
                        foreach (int p in PRange(rgb.Length / 3))
                        {
                            int i = p * 3;
                            int r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
                            int tr = (int)(0.393 * r + 0.769 * g + 0.189 * b);
                            int tg = (int)(0.349 * r + 0.686 * g + 0.168 * b);
                            int tb = (int)(0.272 * r + 0.534 * g + 0.131 * b);
                            rgb[i] = (byte)Math.Min(255, tr);
                            rgb[i + 1] = (byte)Math.Min(255, tg);
                            rgb[i + 2] = (byte)Math.Min(255, tb);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(115);
                        var rgb = new byte[131 * 97 * 3];
                        random.NextBytes(rgb);
                        return new object?[] { rgb };
                    }
                }
                """),

            // ───────────────────────────── Audio: short[] / float[] PCM ─────────────────────────────

            new Case("float_to_pcm16_clip",
                "maxhack1337/vk_tools src/modules/inject/functions/graffityVoice/audioMessageToMono/floatTo16BitPCM.ts (clip to [-1, 1], scale by 0x8000 below zero and 0x7fff above), ported to C#",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] input, short[] output)
                    {
                        foreach (int i in PRange(input.Length))
                        {
                            float s = Math.Max(-1f, Math.Min(1f, input[i]));
                            output[i] = (short)(s < 0 ? s * 0x8000 : s * 0x7fff);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(201);
                        var input = new float[10_007];
                        for (int i = 0; i < input.Length; i++) input[i] = (float)(Math.Sin(i * 0.013) * 1.3 + (random.NextDouble() - 0.5) * 0.1);
                        return new object?[] { input, new short[input.Length] };
                    }
                }
                """),

            new Case("float_to_pcm16_convert",
                "sotanmochi/AgoraExtension-Unity AgoraVideoSampleProject/Assets/AudioUtilityToolkit/PCMUtility.cs (Convert.ToInt16(pcm[i] * Int16.MaxValue) per sample)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] pcm, short[] output)
                    {
                        foreach (int i in PRange(pcm.Length))
                            output[i] = Convert.ToInt16(pcm[i] * short.MaxValue);
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(202);
                        var pcm = new float[10_007];
                        for (int i = 0; i < pcm.Length; i++) pcm[i] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { pcm, new short[pcm.Length] };
                    }
                }
                """),

            new Case("pcm16_bytes_to_float",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/Pcm16BitToSampleProvider.cs (little-endian 16-bit samples from a byte buffer, / 32768f)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] source, float[] buffer)
                    {
                        foreach (int n in PRange(buffer.Length))
                        {
                            short sample = (short)(source[2 * n] | (source[2 * n + 1] << 8));
                            buffer[n] = sample / 32768f;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(203);
                        var source = new byte[2 * 10_007];
                        random.NextBytes(source);
                        return new object?[] { source, new float[10_007] };
                    }
                }
                """),

            new Case("stereo_to_mono_volumes",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/StereoToMonoSampleProvider.cs (mono[n] = left * LeftVolume + right * RightVolume from interleaved stereo)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] sourceBuffer, float[] buffer, float leftVolume, float rightVolume)
                    {
                        foreach (int n in PRange(buffer.Length))
                        {
                            float left = sourceBuffer[n * 2];
                            float right = sourceBuffer[n * 2 + 1];
                            buffer[n] = left * leftVolume + right * rightVolume;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(204);
                        var stereo = new float[2 * 10_007];
                        for (int i = 0; i < stereo.Length; i++) stereo[i] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { stereo, new float[10_007], 0.5f, 0.5f };
                    }
                }
                """),

            new Case("stereo_to_mono_int16",
                "erikpayerl/Digital-musical-effects-with-DSP audio_loop_dma/src/stereo.c (average of two Int16 channels through an Int32 temp), ported to C# over interleaved short[]",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(short[] interleaved, short[] mono)
                    {
                        foreach (int i in PRange(mono.Length))
                        {
                            int temp = interleaved[2 * i] + interleaved[2 * i + 1];
                            mono[i] = (short)(temp / 2);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(205);
                        var interleaved = new short[2 * 10_007];
                        for (int i = 0; i < interleaved.Length; i++) interleaved[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
                        return new object?[] { interleaved, new short[10_007] };
                    }
                }
                """),

            new Case("mono_to_stereo",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/MonoToStereoSampleProvider.cs (each mono sample written to left and right with their volumes)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] sourceBuffer, float[] buffer, float leftVolume, float rightVolume)
                    {
                        foreach (int n in PRange(sourceBuffer.Length))
                        {
                            int outIndex = n * 2;
                            buffer[outIndex] = sourceBuffer[n] * leftVolume;
                            buffer[outIndex + 1] = sourceBuffer[n] * rightVolume;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(206);
                        var mono = new float[10_007];
                        for (int i = 0; i < mono.Length; i++) mono[i] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { mono, new float[2 * mono.Length], 0.8f, 0.6f };
                    }
                }
                """),

            new Case("volume_in_place",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/VolumeSampleProvider.cs (buffer[n] *= Volume unless the volume is 1)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] buffer, int offset, int count, float volume)
                    {
                        if (volume != 1f)
                        {
                            foreach (int n in PRange(count))
                                buffer[offset + n] *= volume;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(207);
                        var buffer = new float[10_240];
                        for (int i = 0; i < buffer.Length; i++) buffer[i] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { buffer, 117, 10_007, 0.7071f };
                    }
                }
                """),

            new Case("pan_mono_sin_cos",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/PanningSampleProvider.cs (SinPanStrategy: left = cos, right = sin of the pan angle, applied per sample)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] source, float[] buffer, float pan)
                    {
                        float normPan = (-pan + 1) / 2;
                        float leftChannel = (float)Math.Cos(normPan * Math.PI / 2);
                        float rightChannel = (float)Math.Sin(normPan * Math.PI / 2);
                        foreach (int n in PRange(source.Length))
                        {
                            buffer[2 * n] = leftChannel * source[n];
                            buffer[2 * n + 1] = rightChannel * source[n];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(208);
                        var source = new float[10_007];
                        for (int i = 0; i < source.Length; i++) source[i] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { source, new float[2 * source.Length], -0.3f };
                    }
                }
                """),

            new Case("mix_sources_jagged",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/MixingSampleProvider.cs (sum of every input's samples into the output buffer)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[][] sources, float[] output)
                    {
                        foreach (int n in PRange(output.Length))
                        {
                            float sum = 0;
                            for (int s = 0; s < sources.Length; s++)
                                sum += sources[s][n];
                            output[n] = sum;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(209);
                        var sources = new float[5][];
                        for (int s = 0; s < sources.Length; s++)
                        {
                            sources[s] = new float[10_007];
                            for (int i = 0; i < sources[s].Length; i++) sources[s][i] = (float)(random.NextDouble() - 0.5);
                        }
                        return new object?[] { sources, new float[10_007] };
                    }
                }
                """),

            new Case("biquad_per_channel",
                "naudio/NAudio NAudio.Core/Dsp/BiQuadFilter.cs (Transform: direct form I with x1, x2, y1, y2 state), one filter per channel of a float[][]",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[][] channels, double a0, double a1, double a2, double b0, double b1, double b2)
                    {
                        foreach (int c in PRange(channels.Length))
                        {
                            float[] samples = channels[c];
                            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
                            for (int n = 0; n < samples.Length; n++)
                            {
                                double x = samples[n];
                                double y = b0 / a0 * x + b1 / a0 * x1 + b2 / a0 * x2 - a1 / a0 * y1 - a2 / a0 * y2;
                                x2 = x1; x1 = x;
                                y2 = y1; y1 = y;
                                samples[n] = (float)y;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(210);
                        var channels = new float[8][];
                        for (int c = 0; c < channels.Length; c++)
                        {
                            channels[c] = new float[2_003];
                            for (int i = 0; i < channels[c].Length; i++) channels[c][i] = (float)(random.NextDouble() * 2 - 1);
                        }
                        // Low-pass at 1 kHz, 44.1 kHz sample rate, Q 0.707 (RBJ cookbook).
                        double w0 = 2 * Math.PI * 1000 / 44100, alpha = Math.Sin(w0) / (2 * 0.707), cos = Math.Cos(w0);
                        return new object?[] { channels, 1 + alpha, -2 * cos, 1 - alpha, (1 - cos) / 2, 1 - cos, (1 - cos) / 2 };
                    }
                }
                """),

            new Case("fade_in_ramp",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/FadeInOutSampleProvider.cs (FadeIn: each sample scaled by position / fadeSampleCount)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] buffer, int channels, int fadeSamplePosition, int fadeSampleCount)
                    {
                        foreach (int frame in PRange(buffer.Length / channels))
                        {
                            float multiplier = (fadeSamplePosition + frame) / (float)fadeSampleCount;
                            if (multiplier > 1f) multiplier = 1f;
                            for (int ch = 0; ch < channels; ch++)
                                buffer[frame * channels + ch] *= multiplier;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(211);
                        var buffer = new float[2 * 10_007];
                        for (int i = 0; i < buffer.Length; i++) buffer[i] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { buffer, 2, 300, 8_000 };
                    }
                }
                """),

            new Case("peak_meter_max_abs",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/MeteringSampleProvider.cs (maxSamples[channel] = Math.Max(maxSamples[channel], Math.Abs(sample)))",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static float Run(float[] buffer)
                    {
                        float max = 0;
                        foreach (int n in PRange(buffer.Length))
                            max = Math.Max(max, Math.Abs(buffer[n]));
                        return max;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(212);
                        var buffer = new float[10_007];
                        for (int i = 0; i < buffer.Length; i++) buffer[i] = (float)((random.NextDouble() * 2 - 1) * Math.Sin(i * 0.001));
                        return new object?[] { buffer };
                    }
                }
                """),

            new Case("rms_level_short",
                "naudio/NAudio NAudio.Core/Dsp/VoiceActivityDetector.cs (frame energy from the squared samples), over 16-bit PCM; Deterministic so the sum is bitwise",
                """
                public static partial class K
                {
                    [ParallelKernel(Deterministic = true)]
                    public static double Run(short[] pcm)
                    {
                        double sumSquares = 0;
                        foreach (int i in PRange(pcm.Length))
                        {
                            double s = pcm[i] / 32768.0;
                            sumSquares += s * s;
                        }
                        return Math.Sqrt(sumSquares / pcm.Length);
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(213);
                        var pcm = new short[10_007];
                        for (int i = 0; i < pcm.Length; i++) pcm[i] = (short)random.Next(-20_000, 20_000);
                        return new object?[] { pcm };
                    }
                }
                """),

            new Case("noise_gate_threshold",
                "naudio/NAudio NAudio.Core/Dsp/SimpleGate.cs (samples under the threshold are attenuated), as a per-sample hard gate",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] samples, float threshold, float attenuation)
                    {
                        foreach (int i in PRange(samples.Length))
                        {
                            if (Math.Abs(samples[i]) < threshold)
                                samples[i] *= attenuation;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(214);
                        var samples = new float[10_007];
                        for (int i = 0; i < samples.Length; i++) samples[i] = (float)((random.NextDouble() * 2 - 1) * 0.2);
                        return new object?[] { samples, 0.05f, 0.1f };
                    }
                }
                """),

            new Case("pcm24_to_float",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/Pcm24BitToSampleProvider.cs (three little-endian bytes per sample, sign from the top byte, / 8388608f)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] source, float[] buffer)
                    {
                        foreach (int n in PRange(buffer.Length))
                        {
                            int offset = n * 3;
                            buffer[n] = (((sbyte)source[offset + 2] << 16) | (source[offset + 1] << 8) | source[offset]) / 8388608f;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(215);
                        var source = new byte[3 * 10_007];
                        random.NextBytes(source);
                        return new object?[] { source, new float[10_007] };
                    }
                }
                """),

            // ───────────────────────────── ML pre-processing and inference ─────────────────────────────

            new Case("llama2_matmul_rows",
                "karpathy/llama2.c run.c (matmul: W (d,n) @ x (n,) -> xout (d,), one row per OpenMP iteration), ported to C#",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] xout, float[] x, float[] w, int n, int d)
                    {
                        foreach (int i in PRange(d))
                        {
                            float val = 0.0f;
                            for (int j = 0; j < n; j++)
                                val += w[i * n + j] * x[j];
                            xout[i] = val;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(301);
                        int n = 288, d = 771;
                        var w = new float[d * n];
                        var x = new float[n];
                        for (int k = 0; k < w.Length; k++) w[k] = (float)(random.NextDouble() - 0.5);
                        for (int k = 0; k < x.Length; k++) x[k] = (float)(random.NextDouble() - 0.5);
                        return new object?[] { new float[d], x, w, n, d };
                    }
                }
                """),

            new Case("llama2_rmsnorm_sum",
                "karpathy/llama2.c run.c (rmsnorm: sum of squares, then 1/sqrt(ss/size + 1e-5f)); relative tolerance 1e-5 for the float sum in another order",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static float Run(float[] x)
                    {
                        float ss = 0.0f;
                        foreach (int j in PRange(x.Length))
                            ss += x[j] * x[j];
                        ss /= x.Length;
                        ss += 1e-5f;
                        return 1.0f / MathF.Sqrt(ss);
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(302);
                        var x = new float[10_007];
                        for (int k = 0; k < x.Length; k++) x[k] = (float)(random.NextDouble() * 4 - 2);
                        return new object?[] { x };
                    }
                }
                """, Tolerance: 1e-5),

            new Case("llama2_rope_pairs",
                "karpathy/llama2.c run.c (RoPE: rotate each (i, i+1) pair of q by the angle pos * 10000^(-head_dim/head_size))",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] q, int pos, int headSize)
                    {
                        foreach (int i in PRange(0, q.Length, 2))
                        {
                            int headDim = i % headSize;
                            float freq = 1.0f / MathF.Pow(10000.0f, headDim / (float)headSize);
                            float val = pos * freq;
                            float fcr = MathF.Cos(val);
                            float fci = MathF.Sin(val);
                            float v0 = q[i];
                            float v1 = q[i + 1];
                            q[i] = v0 * fcr - v1 * fci;
                            q[i + 1] = v0 * fci + v1 * fcr;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(303);
                        var q = new float[48 * 6 * 36];
                        for (int k = 0; k < q.Length; k++) q[k] = (float)(random.NextDouble() - 0.5);
                        return new object?[] { q, 17, 48 };
                    }
                }
                """),

            new Case("llama2_attention_heads",
                "karpathy/llama2.c run.c (multihead attention: one head per OpenMP iteration, scores into att + h * seq_len, weighted values into xb + h * head_size)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] q, float[] keyCache, float[] valueCache, float[] att, float[] xb, int nHeads, int headSize, int pos, int seqLen)
                    {
                        int dim = nHeads * headSize;
                        foreach (int h in PRange(nHeads))
                        {
                            int qOffset = h * headSize;
                            int attOffset = h * seqLen;
                            for (int t = 0; t <= pos; t++)
                            {
                                float score = 0.0f;
                                for (int i = 0; i < headSize; i++)
                                    score += q[qOffset + i] * keyCache[t * dim + h * headSize + i];
                                att[attOffset + t] = score / MathF.Sqrt(headSize);
                            }
                            float max = att[attOffset];
                            for (int t = 1; t <= pos; t++)
                                if (att[attOffset + t] > max) max = att[attOffset + t];
                            float sum = 0.0f;
                            for (int t = 0; t <= pos; t++)
                            {
                                att[attOffset + t] = MathF.Exp(att[attOffset + t] - max);
                                sum += att[attOffset + t];
                            }
                            for (int t = 0; t <= pos; t++)
                                att[attOffset + t] /= sum;
                            for (int i = 0; i < headSize; i++)
                                xb[qOffset + i] = 0.0f;
                            for (int t = 0; t <= pos; t++)
                            {
                                float a = att[attOffset + t];
                                for (int i = 0; i < headSize; i++)
                                    xb[qOffset + i] += a * valueCache[t * dim + h * headSize + i];
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(304);
                        int nHeads = 6, headSize = 48, seqLen = 64, pos = 40, dim = nHeads * headSize;
                        var q = new float[dim];
                        var keys = new float[seqLen * dim];
                        var values = new float[seqLen * dim];
                        for (int k = 0; k < q.Length; k++) q[k] = (float)(random.NextDouble() - 0.5);
                        for (int k = 0; k < keys.Length; k++) { keys[k] = (float)(random.NextDouble() - 0.5); values[k] = (float)(random.NextDouble() - 0.5); }
                        return new object?[] { q, keys, values, new float[nHeads * seqLen], new float[dim], nHeads, headSize, pos, seqLen };
                    }
                }
                """),

            new Case("llama2_swiglu",
                "karpathy/llama2.c run.c (SwiGLU: silu(x) = x * sigmoid(x), then elementwise times w3(x))",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] hb, float[] hb2)
                    {
                        foreach (int i in PRange(hb.Length))
                        {
                            float val = hb[i];
                            val *= 1.0f / (1.0f + MathF.Exp(-val));
                            val *= hb2[i];
                            hb[i] = val;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(305);
                        var hb = new float[10_007];
                        var hb2 = new float[hb.Length];
                        for (int k = 0; k < hb.Length; k++) { hb[k] = (float)(random.NextDouble() * 8 - 4); hb2[k] = (float)(random.NextDouble() * 2 - 1); }
                        return new object?[] { hb, hb2 };
                    }
                }
                """),

            new Case("softmax_rows_jagged",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/deep_learning/softmax/softmax_numba.py (softmax along the last axis: max, exp, sum, divide), one jagged row per iteration",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[][] logits, float[][] probs)
                    {
                        foreach (int r in PRange(logits.Length))
                        {
                            float[] x = logits[r];
                            float[] y = probs[r];
                            float max = float.NegativeInfinity;
                            for (int j = 0; j < x.Length; j++)
                                max = Math.Max(max, x[j]);
                            float sum = 0;
                            for (int j = 0; j < x.Length; j++)
                            {
                                y[j] = MathF.Exp(x[j] - max);
                                sum += y[j];
                            }
                            for (int j = 0; j < x.Length; j++)
                                y[j] /= sum;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(306);
                        var logits = new float[97][];
                        var probs = new float[97][];
                        for (int r = 0; r < logits.Length; r++)
                        {
                            logits[r] = new float[131];
                            probs[r] = new float[131];
                            for (int j = 0; j < 131; j++) logits[r][j] = (float)(random.NextDouble() * 10 - 5);
                        }
                        return new object?[] { logits, probs };
                    }
                }
                """),

            new Case("layer_norm_rows_2d",
                "dotnet/TorchSharp src/TorchSharp/NN/Normalization/LayerNorm.cs (normalize each row by its mean and variance, then gamma and beta), on a float[,] batch",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[,] x, float[] gamma, float[] beta, float eps, float[,] y)
                    {
                        int rows = x.GetLength(0), cols = x.GetLength(1);
                        foreach (int r in PRange(rows))
                        {
                            float mean = 0;
                            for (int c = 0; c < cols; c++) mean += x[r, c];
                            mean /= cols;
                            float variance = 0;
                            for (int c = 0; c < cols; c++)
                            {
                                float d = x[r, c] - mean;
                                variance += d * d;
                            }
                            variance /= cols;
                            float inv = 1f / MathF.Sqrt(variance + eps);
                            for (int c = 0; c < cols; c++)
                                y[r, c] = (x[r, c] - mean) * inv * gamma[c] + beta[c];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(307);
                        int rows = 97, cols = 131;
                        var x = new float[rows, cols];
                        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) x[r, c] = (float)(random.NextDouble() * 6 - 3 + r * 0.01);
                        var gamma = new float[cols];
                        var beta = new float[cols];
                        for (int c = 0; c < cols; c++) { gamma[c] = 1f + (float)(random.NextDouble() * 0.1); beta[c] = (float)(random.NextDouble() * 0.1); }
                        return new object?[] { x, gamma, beta, 1e-5f, new float[rows, cols] };
                    }
                }
                """),

            new Case("hwc_bytes_to_chw_normalized",
                "dotnet/machinelearning src/Microsoft.ML.ImageAnalytics/ImagePixelExtractor.cs (extract pixels into planar channels, (value - offset) * scale), as the usual mean/std image-net normalization",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] rgb, float[] tensor, int width, int height)
                    {
                        int plane = width * height;
                        foreach (int p in PRange(plane))
                        {
                            tensor[p] = (rgb[p * 3] / 255f - 0.485f) / 0.229f;
                            tensor[plane + p] = (rgb[p * 3 + 1] / 255f - 0.456f) / 0.224f;
                            tensor[2 * plane + p] = (rgb[p * 3 + 2] / 255f - 0.406f) / 0.225f;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(308);
                        int width = 131, height = 97;
                        var rgb = new byte[width * height * 3];
                        random.NextBytes(rgb);
                        return new object?[] { rgb, new float[rgb.Length], width, height };
                    }
                }
                """),

            new Case("kmeans_assign_nearest",
                "olofmogren/multsum SubmodularSummarizationCSharp/ConsoleApplication1/KMeans.cs (assign each item to the cluster with the closest centroid), over float[][] points and centroids",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[][] points, float[][] centroids, int[] assignment)
                    {
                        foreach (int i in PRange(points.Length))
                        {
                            float[] point = points[i];
                            int best = 0;
                            float bestDistance = float.MaxValue;
                            for (int k = 0; k < centroids.Length; k++)
                            {
                                float[] centroid = centroids[k];
                                float distance = 0;
                                for (int d = 0; d < point.Length; d++)
                                {
                                    float diff = point[d] - centroid[d];
                                    distance += diff * diff;
                                }
                                if (distance < bestDistance)
                                {
                                    bestDistance = distance;
                                    best = k;
                                }
                            }
                            assignment[i] = best;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(309);
                        var points = new float[2_003][];
                        for (int i = 0; i < points.Length; i++) { points[i] = new float[13]; for (int d = 0; d < 13; d++) points[i][d] = (float)(random.NextDouble() * 10); }
                        var centroids = new float[7][];
                        for (int k = 0; k < centroids.Length; k++) { centroids[k] = new float[13]; for (int d = 0; d < 13; d++) centroids[k][d] = (float)(random.NextDouble() * 10); }
                        return new object?[] { points, centroids, new int[points.Length] };
                    }
                }
                """),

            new Case("argmax_per_row",
                "mackeprm/Skandium examples/src/main/java/cl/niclabs/skandium/examples/kmeans/lloyd/optimizedversions/util/ExpectationSteps.java (index of the best value, first on ties), as the predicted class per row of scores",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[,] scores, int[] predicted)
                    {
                        int classes = scores.GetLength(1);
                        foreach (int r in PRange(scores.GetLength(0)))
                        {
                            int best = 0;
                            for (int c = 1; c < classes; c++)
                                if (scores[r, c] > scores[r, best]) best = c;
                            predicted[r] = best;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(310);
                        var scores = new double[1_009, 10];
                        for (int r = 0; r < 1_009; r++) for (int c = 0; c < 10; c++) scores[r, c] = Math.Round(random.NextDouble() * 20) / 4;
                        return new object?[] { scores, new int[1_009] };
                    }
                }
                """),

            new Case("rgb_array_to_uint_pixels",
                "swharden/Csharp-Data-Visualization website/content/skiasharp/array-to-image/index.md (ArrayToImage: a byte[rows, cols, 3] image packed into uint RGBA pixels, alpha 255), rows in parallel",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[,,] rgb, uint[] packed)
                    {
                        int width = rgb.GetLength(1);
                        foreach (int y in PRange(rgb.GetLength(0)))
                            for (int x = 0; x < width; x++)
                            {
                                uint r = rgb[y, x, 0], g = rgb[y, x, 1], b = rgb[y, x, 2];
                                packed[y * width + x] = r + (g << 8) + (b << 16) + (255u << 24);
                            }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(311);
                        var rgb = new byte[37, 101, 3];
                        for (int y = 0; y < 37; y++) for (int x = 0; x < 101; x++) for (int c = 0; c < 3; c++) rgb[y, x, c] = (byte)random.Next(256);
                        return new object?[] { rgb, new uint[37 * 101] };
                    }
                }
                """),

            new Case("uint_pixels_to_gray",
                "swharden/Csharp-Data-Visualization website/content/skiasharp/array-to-image/index.md (the RGBA uint pixels of ArrayToImage read back: each channel shifted out and averaged into a gray byte)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(uint[] pixels, byte[] gray)
                    {
                        foreach (int i in PRange(pixels.Length))
                        {
                            uint p = pixels[i];
                            uint sum = (p & 0xFF) + ((p >> 8) & 0xFF) + ((p >> 16) & 0xFF);
                            gray[i] = (byte)(sum / 3);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(312);
                        var pixels = new uint[4_099];
                        for (int i = 0; i < pixels.Length; i++) pixels[i] = (uint)random.Next() | (uint)random.Next(2) << 31;
                        return new object?[] { pixels, new byte[pixels.Length] };
                    }
                }
                """),

            new Case("rot13_char_array",
                "xDecode/Rot13-Encoder Rot13.cs (Encode: each char of the text's char[] as an int, letters moved 13 places within their case, written back), over a text in parallel",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(char[] text)
                    {
                        foreach (int i in PRange(text.Length))
                        {
                            int code = text[i];
                            if (code >= 'a' && code <= 'z') code += code <= 'm' ? 13 : -13;
                            if (code >= 'A' && code <= 'Z') code += code <= 'M' ? 13 : -13;
                            text[i] = (char)code;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(313);
                        var text = new char[5_003];
                        for (int i = 0; i < text.Length; i++) text[i] = (char)(random.Next(3) == 0 ? random.Next(0x20, 0x7F) : random.Next(4) == 0 ? random.Next(0x80, 0x10000) : random.Next('A', 'z' + 1));
                        return new object?[] { text };
                    }
                }
                """),

            new Case("matvec_rectangular_rows",
                "ivry216/dynamical-system-modeling OperationsExtensions.cs (MultiplyByVector: a double[,] times a vector, each result element zeroed then summed into in the inner loop), rows in parallel",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[,] matrix, double[] vector, double[] result)
                    {
                        int rows = matrix.GetLength(0), cols = vector.Length;
                        foreach (int i in PRange(rows))
                        {
                            result[i] = 0;
                            for (int j = 0; j < cols; j++)
                                result[i] += matrix[i, j] * vector[j];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(314);
                        var matrix = new double[203, 37];
                        for (int r = 0; r < 203; r++)
                            for (int c = 0; c < 37; c++) matrix[r, c] = random.NextDouble() * 2 - 1;
                        var vector = new double[37];
                        for (int c = 0; c < 37; c++) vector[c] = random.NextDouble() * 4 - 2;
                        return new object?[] { matrix, vector, new double[203] };
                    }
                }
                """),

            new Case("min_max_scale_features",
                "dotnet/machinelearning src/Microsoft.ML.Data/Transforms/NormalizeColumnDbl.cs (min-max normalizer: (x - min) * scale per feature), on a flat row-major float[] batch",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] data, int features, float[] min, float[] max)
                    {
                        foreach (int i in PRange(data.Length))
                        {
                            int f = i % features;
                            float range = max[f] - min[f];
                            data[i] = range == 0 ? 0 : (data[i] - min[f]) / range;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(311);
                        int features = 7, rows = 1_429;
                        var data = new float[rows * features];
                        for (int k = 0; k < data.Length; k++) data[k] = (float)(random.NextDouble() * (k % features + 1));
                        var min = new float[features];
                        var max = new float[features];
                        for (int f = 0; f < features; f++) { min[f] = 0; max[f] = f == 3 ? 0 : f + 1; }
                        return new object?[] { data, features, min, max };
                    }
                }
                """),

            new Case("relu_leaky_inplace",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/deep_learning/mlp/mlp_numba.py (relu between dense layers), as a leaky ReLU in place",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] activations, float slope)
                    {
                        foreach (int i in PRange(activations.Length))
                        {
                            if (activations[i] < 0)
                                activations[i] *= slope;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(312);
                        var a = new float[10_007];
                        for (int k = 0; k < a.Length; k++) a[k] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { a, 0.01f };
                    }
                }
                """),

            // ───────────────────── Simulation, linear algebra, numba prange ports ─────────────────────

            new Case("black_scholes_call_put",
                "Ksand-R/european_option main_proj/main_proj/V0.cpp (d1, d2 from log/sqrt, normal CDF, call price per option), ported to C# with the polynomial CND helper",
                """
                public static partial class K
                {
                    static double Cnd(double d)
                    {
                        const double A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429;
                        const double RSqrt2Pi = 0.39894228040143267793994605993438;
                        double k = 1.0 / (1.0 + 0.2316419 * Math.Abs(d));
                        double cnd = RSqrt2Pi * Math.Exp(-0.5 * d * d) * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5)))));
                        if (d > 0) cnd = 1.0 - cnd;
                        return cnd;
                    }

                    [ParallelKernel]
                    public static void Run(double[] spot, double[] strike, double[] years, double riskFree, double volatility, double[] call, double[] put)
                    {
                        foreach (int i in PRange(spot.Length))
                        {
                            double sqrtT = Math.Sqrt(years[i]);
                            double d1 = (Math.Log(spot[i] / strike[i]) + (riskFree + 0.5 * volatility * volatility) * years[i]) / (volatility * sqrtT);
                            double d2 = d1 - volatility * sqrtT;
                            double expRT = Math.Exp(-riskFree * years[i]);
                            call[i] = spot[i] * Cnd(d1) - strike[i] * expRT * Cnd(d2);
                            put[i] = strike[i] * expRT * (1.0 - Cnd(d2)) - spot[i] * (1.0 - Cnd(d1));
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(401);
                        int n = 10_007;
                        var spot = new double[n]; var strike = new double[n]; var years = new double[n];
                        for (int i = 0; i < n; i++) { spot[i] = 5 + 25 * random.NextDouble(); strike[i] = 1 + 99 * random.NextDouble(); years[i] = 0.25 + 9.75 * random.NextDouble(); }
                        return new object?[] { spot, strike, years, 0.02, 0.30, new double[n], new double[n] };
                    }
                }
                """),

            new Case("haversine_within_distance",
                "ucyo/geomatch code/src/geomatch/haversine.py (numba prange over points: haversine distance to one location <= distance), ported to C#",
                """
                public static partial class K
                {
                    static double Haversine(double lat1, double lon1, double lat2, double lon2)
                    {
                        const double R = 6371;
                        double phi1 = lat1 * Math.PI / 180;
                        double phi2 = lat2 * Math.PI / 180;
                        double dPhi = (lat2 - lat1) * Math.PI / 180;
                        double dLambda = (lon2 - lon1) * Math.PI / 180;
                        double a = Math.Sin(dPhi / 2) * Math.Sin(dPhi / 2) + Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(dLambda / 2) * Math.Sin(dLambda / 2);
                        double c = 2 * Math.Atan2(Math.Sqrt(a), Math.Sqrt(1 - a));
                        return R * c;
                    }

                    [ParallelKernel]
                    public static void Run(double[] lats, double[] lons, double lat, double lon, double distance, bool[] result)
                    {
                        foreach (int i in PRange(lats.Length))
                            result[i] = Haversine(lats[i], lons[i], lat, lon) <= distance;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(402);
                        int n = 10_007;
                        var lats = new double[n]; var lons = new double[n];
                        for (int i = 0; i < n; i++) { lats[i] = 47 + random.NextDouble() * 8; lons[i] = 5 + random.NextDouble() * 10; }
                        return new object?[] { lats, lons, 49.0, 8.4, 250.0, new bool[n] };
                    }
                }
                """),

            new Case("haversine_distance_km",
                "aschwenker/GPS_Project haversine.py (haversine_np: radians, sin^2, arcsin of sqrt, 6367 km, elementwise over arrays), ported to C#",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] lon1, double[] lat1, double[] lon2, double[] lat2, double[] km)
                    {
                        const double DegToRad = Math.PI / 180.0;
                        foreach (int i in PRange(km.Length))
                        {
                            double dlon = (lon2[i] - lon1[i]) * DegToRad;
                            double dlat = (lat2[i] - lat1[i]) * DegToRad;
                            double a = Math.Pow(Math.Sin(dlat / 2.0), 2) + Math.Cos(lat1[i] * DegToRad) * Math.Cos(lat2[i] * DegToRad) * Math.Pow(Math.Sin(dlon / 2.0), 2);
                            km[i] = 6367 * 2 * Math.Asin(Math.Sqrt(a));
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(403);
                        int n = 10_007;
                        var a = new double[n]; var b = new double[n]; var c = new double[n]; var d = new double[n];
                        for (int i = 0; i < n; i++) { a[i] = random.NextDouble() * 360 - 180; b[i] = random.NextDouble() * 180 - 90; c[i] = random.NextDouble() * 360 - 180; d[i] = random.NextDouble() * 180 - 90; }
                        return new object?[] { a, b, c, d, new double[n] };
                    }
                }
                """),

            new Case("nbody_accelerations_soa",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/nbody/nbody_numba.py (getAcc: pairwise softened gravity, G * dx * inv_r3 @ mass), one body per iteration over SoA arrays",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] x, double[] y, double[] z, double[] mass, double g, double softening, double[] ax, double[] ay, double[] az)
                    {
                        int n = x.Length;
                        foreach (int i in PRange(n))
                        {
                            double sx = 0, sy = 0, sz = 0;
                            for (int j = 0; j < n; j++)
                            {
                                double dx = x[j] - x[i], dy = y[j] - y[i], dz = z[j] - z[i];
                                double r2 = dx * dx + dy * dy + dz * dz + softening * softening;
                                double invR3 = 1.0 / (r2 * Math.Sqrt(r2));
                                sx += g * dx * invR3 * mass[j];
                                sy += g * dy * invR3 * mass[j];
                                sz += g * dz * invR3 * mass[j];
                            }
                            ax[i] = sx; ay[i] = sy; az[i] = sz;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(404);
                        int n = 509;
                        var x = new double[n]; var y = new double[n]; var z = new double[n]; var m = new double[n];
                        for (int i = 0; i < n; i++) { x[i] = random.NextDouble() * 2 - 1; y[i] = random.NextDouble() * 2 - 1; z[i] = random.NextDouble() * 2 - 1; m[i] = 20.0 / n; }
                        return new object?[] { x, y, z, m, 1.0, 0.1, new double[n], new double[n], new double[n] };
                    }
                }
                """),

            new Case("particles_vector3_euler",
                "johnfmaner/NBodySimulation Program.cs (Body with System.Numerics.Vector3 position and velocity, r += v * dt), as an Euler step over Vector3[] particles",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(Vector3[] positions, Vector3[] velocities, Vector3 gravity, float dt)
                    {
                        foreach (int i in PRange(positions.Length))
                        {
                            velocities[i] += gravity * dt;
                            positions[i] += velocities[i] * dt;
                            if (positions[i].Y < 0)
                            {
                                positions[i].Y = -positions[i].Y;
                                velocities[i].Y = -velocities[i].Y * 0.9f;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(405);
                        int n = 10_007;
                        var p = new Vector3[n]; var v = new Vector3[n];
                        for (int i = 0; i < n; i++)
                        {
                            p[i] = new Vector3((float)random.NextDouble(), (float)random.NextDouble() * 0.05f, (float)random.NextDouble());
                            v[i] = new Vector3((float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f);
                        }
                        return new object?[] { p, v, new Vector3(0, -9.81f, 0), 0.01f };
                    }
                }
                """),

            new Case("laplace_2d_jacobi",
                "ENCCS/hpda-python content/exercise/lap2d_numba_jit_cpu.py (unew[i, j] = 0.25 * (four neighbours) over the interior of a 2-D grid), ported to C# double[,]",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[,] u, double[,] unew)
                    {
                        int m = u.GetLength(0), n = u.GetLength(1);
                        foreach (int i in PRange(1, m - 1))
                        {
                            for (int j = 1; j < n - 1; j++)
                                unew[i, j] = 0.25 * (u[i + 1, j] + u[i - 1, j] + u[i, j + 1] + u[i, j - 1]);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(406);
                        var u = new double[97, 131];
                        for (int i = 0; i < 97; i++) for (int j = 0; j < 131; j++) u[i, j] = random.NextDouble();
                        return new object?[] { u, new double[97, 131] };
                    }
                }
                """),

            new Case("jacobi_2d_flat_five_point",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/polybench/jacobi_2d/jacobi_2d_numba.py (B = 0.2 * (A + four neighbours) on the interior), on a flat row-major float[]",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] a, float[] b, int n)
                    {
                        foreach (int i in PRange(1, n - 1))
                        {
                            for (int j = 1; j < n - 1; j++)
                            {
                                int c = i * n + j;
                                b[c] = 0.2f * (a[c] + a[c - 1] + a[c + 1] + a[c + n] + a[c - n]);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(407);
                        int n = 113;
                        var a = new float[n * n];
                        for (int k = 0; k < a.Length; k++) a[k] = (float)random.NextDouble();
                        return new object?[] { a, new float[n * n], n };
                    }
                }
                """),

            new Case("heat_3d_flat_index",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/polybench/heat_3d/heat_3d_numba.py (7-point heat stencil, 0.125 * second differences per axis), with the usual (z * ny + y) * nx + x flat index",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] a, double[] b, int nx, int ny, int nz)
                    {
                        foreach (int z in PRange(1, nz - 1))
                        {
                            for (int y = 1; y < ny - 1; y++)
                            {
                                for (int x = 1; x < nx - 1; x++)
                                {
                                    int c = (z * ny + y) * nx + x;
                                    b[c] = 0.125 * (a[c + nx * ny] - 2.0 * a[c] + a[c - nx * ny])
                                         + 0.125 * (a[c + nx] - 2.0 * a[c] + a[c - nx])
                                         + 0.125 * (a[c + 1] - 2.0 * a[c] + a[c - 1])
                                         + a[c];
                                }
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(408);
                        int nx = 37, ny = 29, nz = 23;
                        var a = new double[nx * ny * nz];
                        for (int k = 0; k < a.Length; k++) a[k] = random.NextDouble();
                        return new object?[] { a, new double[a.Length], nx, ny, nz };
                    }
                }
                """),

            new Case("csr_spmv",
                "SpMV-Opt/spmv src/csr.cpp (CSR sparse matrix-vector product: y[i] = sum over row_ptr[i]..row_ptr[i+1] of val[k] * x[col[k]]), ported to C#",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] rowPtr, int[] colIndex, double[] values, double[] x, double[] y)
                    {
                        foreach (int i in PRange(y.Length))
                        {
                            double sum = 0;
                            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++)
                                sum += values[k] * x[colIndex[k]];
                            y[i] = sum;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(409);
                        int n = 2_003;
                        var rowPtr = new int[n + 1];
                        var cols = new System.Collections.Generic.List<int>();
                        var vals = new System.Collections.Generic.List<double>();
                        for (int i = 0; i < n; i++)
                        {
                            int count = 1 + random.Next(9);
                            for (int k = 0; k < count; k++) { cols.Add(random.Next(n)); vals.Add(random.NextDouble() - 0.5); }
                            rowPtr[i + 1] = cols.Count;
                        }
                        var x = new double[n];
                        for (int i = 0; i < n; i++) x[i] = random.NextDouble();
                        return new object?[] { rowPtr, cols.ToArray(), vals.ToArray(), x, new double[n] };
                    }
                }
                """),

            new Case("gemm_2d_arrays",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/polybench/gemm/gemm_numba.py (C = alpha * A @ B + beta * C), as the i-k-j loop nest over double[,]",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double alpha, double beta, double[,] c, double[,] a, double[,] b)
                    {
                        int ni = c.GetLength(0), nj = c.GetLength(1), nk = a.GetLength(1);
                        foreach (int i in PRange(ni))
                        {
                            for (int j = 0; j < nj; j++)
                                c[i, j] *= beta;
                            for (int k = 0; k < nk; k++)
                            {
                                double aik = alpha * a[i, k];
                                for (int j = 0; j < nj; j++)
                                    c[i, j] += aik * b[k, j];
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(410);
                        int ni = 67, nj = 71, nk = 59;
                        var a = new double[ni, nk]; var b = new double[nk, nj]; var c = new double[ni, nj];
                        for (int i = 0; i < ni; i++) for (int k = 0; k < nk; k++) a[i, k] = random.NextDouble();
                        for (int k = 0; k < nk; k++) for (int j = 0; j < nj; j++) b[k, j] = random.NextDouble();
                        for (int i = 0; i < ni; i++) for (int j = 0; j < nj; j++) c[i, j] = random.NextDouble();
                        return new object?[] { 1.5, 1.2, c, a, b };
                    }
                }
                """),

            new Case("go_fast_tanh_trace",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/go_fast/go_fast_numba.py (numba's front-page example: trace += tanh(a[i, i]) in a prange loop, then a + trace); Deterministic: the same sum for any thread count, within rounding of the serial one",
                """
                public static partial class K
                {
                    [ParallelKernel(Deterministic = true)]
                    public static double Run(double[,] a)
                    {
                        double trace = 0.0;
                        foreach (int i in PRange(a.GetLength(0)))
                            trace += Math.Tanh(a[i, i]);
                        return trace;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(411);
                        var a = new double[1_009, 1_009];
                        for (int i = 0; i < 1_009; i++) a[i, i] = random.NextDouble() * 4 - 2;
                        return new object?[] { a };
                    }
                }
                """, Tolerance: 1e-12),

            new Case("mandelbrot_escape_counts",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/mandelbrot1/mandelbrot1_numba.py (iterate z = z^2 + c until |z| > horizon, count per pixel), one row per iteration",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] counts, int width, int height, double xmin, double xmax, double ymin, double ymax, int maxiter)
                    {
                        foreach (int py in PRange(height))
                        {
                            double ci = ymin + (ymax - ymin) * py / (height - 1);
                            for (int px = 0; px < width; px++)
                            {
                                double cr = xmin + (xmax - xmin) * px / (width - 1);
                                double zr = 0, zi = 0;
                                int n = 0;
                                while (n < maxiter && zr * zr + zi * zi <= 4.0)
                                {
                                    double t = zr * zr - zi * zi + cr;
                                    zi = 2 * zr * zi + ci;
                                    zr = t;
                                    n++;
                                }
                                counts[py * width + px] = n;
                            }
                        }
                    }

                    public static object?[] Args() => new object?[] { new int[131 * 97], 131, 97, -2.25, 0.75, -1.25, 1.25, 200 };
                }
                """),

            new Case("prefix_sum_per_row",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/azimint_naive/azimint_naive_numba.py (per-bin work in a prange loop), as the cumulative sum along each jagged row (integral image rows)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[][] rows)
                    {
                        foreach (int r in PRange(rows.Length))
                        {
                            double[] row = rows[r];
                            for (int j = 1; j < row.Length; j++)
                                row[j] += row[j - 1];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(413);
                        var rows = new double[97][];
                        for (int r = 0; r < rows.Length; r++) { rows[r] = new double[131]; for (int j = 0; j < 131; j++) rows[r][j] = random.NextDouble(); }
                        return new object?[] { rows };
                    }
                }
                """),

            new Case("conv1d_moving_average",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/deep_learning/conv2d_bias/conv2d_numba.py (sliding-window dot product with the kernel), in one dimension over a float signal",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] signal, float[] kernel, float[] output)
                    {
                        int k = kernel.Length;
                        foreach (int i in PRange(output.Length))
                        {
                            float acc = 0;
                            for (int t = 0; t < k; t++)
                                acc += signal[i + t] * kernel[t];
                            output[i] = acc;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(414);
                        var signal = new float[10_007 + 10];
                        for (int i = 0; i < signal.Length; i++) signal[i] = (float)(random.NextDouble() * 2 - 1);
                        var kernel = new float[11];
                        for (int t = 0; t < kernel.Length; t++) kernel[t] = 1f / 11;
                        return new object?[] { signal, kernel, new float[10_007] };
                    }
                }
                """),

            new Case("dot_product_double",
                "jugernaut/Mixbaal TEMPORAL/Numba/numba04.py (prange_test: s += A[i] in a prange loop), as the dot product of two vectors; relative tolerance 1e-12 for the sum in another order",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static double Run(double[] a, double[] b)
                    {
                        double s = 0;
                        foreach (int i in PRange(a.Length))
                            s += a[i] * b[i];
                        return s;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(415);
                        var a = new double[10_007]; var b = new double[10_007];
                        for (int i = 0; i < a.Length; i++) { a[i] = random.NextDouble(); b[i] = random.NextDouble(); }
                        return new object?[] { a, b };
                    }
                }
                """, Tolerance: 1e-12),

            new Case("column_means_2d",
                "michaelpollmann/spatialTreat-example distance.py (numba over a matrix of locations), as per-column means of a double[,] data matrix (one column per iteration)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[,] data, double[] means)
                    {
                        int rows = data.GetLength(0);
                        foreach (int c in PRange(data.GetLength(1)))
                        {
                            double sum = 0;
                            for (int r = 0; r < rows; r++)
                                sum += data[r, c];
                            means[c] = sum / rows;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(416);
                        var data = new double[211, 131];
                        for (int r = 0; r < 211; r++) for (int c = 0; c < 131; c++) data[r, c] = random.NextDouble() * (c + 1);
                        return new object?[] { data, new double[131] };
                    }
                }
                """),

            new Case("saxpy_offset_count",
                "hanabi1224/Programming-Language-Benchmarks bench/algorithm/nbody/8.cs (position += dt * velocity per body), as the array form y[offset + i] += a * x[i]",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float a, float[] x, float[] y, int offset)
                    {
                        foreach (int i in PRange(x.Length))
                            y[offset + i] += a * x[i];
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(417);
                        var x = new float[10_007]; var y = new float[10_100];
                        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
                        for (int i = 0; i < y.Length; i++) y[i] = (float)random.NextDouble();
                        return new object?[] { 0.01f, x, y, 93 };
                    }
                }
                """),

            // ───────────────────── More shapes from issue 12: ushort, bool, uint, induction variables, min/argmin ─────────────────────

            new Case("kinect_raw_depth_to_meters",
                "brenocq/KinectMeshGeneration src/meshGeneration/processRawData.pde (rawDepthToMeters: 1 / (raw * -0.0030711016 + 3.3309495161) below 2047, else 0), over a ushort[] depth frame in C#",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(ushort[] raw, float[] meters)
                    {
                        foreach (int i in PRange(raw.Length))
                        {
                            int depthValue = raw[i];
                            if (depthValue < 2047)
                                meters[i] = (float)(1.0 / (depthValue * -0.0030711016 + 3.3309495161));
                            else
                                meters[i] = 0.0f;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(501);
                        var raw = new ushort[131 * 97];
                        for (int i = 0; i < raw.Length; i++) raw[i] = (ushort)random.Next(300, 2100);
                        return new object?[] { raw, new float[raw.Length] };
                    }
                }
                """),

            new Case("dicom_window_level_ushort",
                "fo-dicom/fo-dicom FO-DICOM.Core/Imaging/LUT/VOILUT.cs (linear VOI window: values below/above the window clamp, inside scaled to the output range), from 16-bit pixels to bytes",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(ushort[] pixels, double windowCenter, double windowWidth, byte[] output)
                    {
                        double low = windowCenter - 0.5 - (windowWidth - 1) / 2;
                        double high = windowCenter - 0.5 + (windowWidth - 1) / 2;
                        foreach (int i in PRange(pixels.Length))
                        {
                            double value = pixels[i];
                            if (value <= low)
                                output[i] = 0;
                            else if (value > high)
                                output[i] = 255;
                            else
                                output[i] = (byte)(((value - (windowCenter - 0.5)) / (windowWidth - 1) + 0.5) * 255);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(502);
                        var pixels = new ushort[131 * 97];
                        for (int i = 0; i < pixels.Length; i++) pixels[i] = (ushort)random.Next(0, 4096);
                        return new object?[] { pixels, 1040.0, 400.0, new byte[pixels.Length] };
                    }
                }
                """),

            new Case("float_to_byte_convert_clamp",
                "JimBobSquarePants/ImageProcessor src/ImageProcessor/Common/Extensions/FloatExtensions.cs (ToByte: Convert.ToByte of the value clamped to 0..255), over a float image",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] values, byte[] bytes)
                    {
                        foreach (int i in PRange(values.Length))
                            bytes[i] = Convert.ToByte(Math.Clamp(values[i], byte.MinValue, byte.MaxValue));
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(503);
                        var values = new float[131 * 97];
                        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 300 - 20);
                        values[5] = 2.5f; values[6] = 3.5f; // ties round to even
                        return new object?[] { values, new byte[values.Length] };
                    }
                }
                """),

            new Case("multiplex_stereo_induction",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/MultiplexingSampleProvider.cs (output samples written at outputIndex, advanced per channel), as interleaving two mono buffers with outIndex++",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] left, float[] right, float[] output)
                    {
                        int outIndex = 0;
                        foreach (int i in PRange(left.Length))
                        {
                            output[outIndex++] = left[i];
                            output[outIndex++] = right[i];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(504);
                        var left = new float[10_007]; var right = new float[10_007];
                        for (int i = 0; i < left.Length; i++) { left[i] = (float)random.NextDouble(); right[i] = (float)random.NextDouble(); }
                        return new object?[] { left, right, new float[2 * left.Length] };
                    }
                }
                """),

            new Case("min_max_select_idiom",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/MeteringSampleProvider.cs (running extremes of the samples), with the conditional-expression idiom min = v < min ? v : min",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static float Run(float[] samples)
                    {
                        float min = float.MaxValue;
                        float max = float.MinValue;
                        foreach (int i in PRange(samples.Length))
                        {
                            float v = samples[i];
                            min = v < min ? v : min;
                            max = v > max ? v : max;
                        }
                        return max - min;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(505);
                        var samples = new float[10_007];
                        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(random.NextDouble() * 2 - 1);
                        return new object?[] { samples };
                    }
                }
                """),

            new Case("argmin_nearest_station",
                "mackeprm/Skandium examples/src/main/java/cl/niclabs/skandium/examples/kmeans/lloyd/optimizedversions/util/ExpectationSteps.java (nearestClusterEuclidean: keep the distance and index of the best so far), as the nearest of many stations to one point",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static int Run(double[] xs, double[] ys, double px, double py)
                    {
                        double best = double.MaxValue;
                        int bestIndex = -1;
                        foreach (int i in PRange(xs.Length))
                        {
                            double dx = xs[i] - px, dy = ys[i] - py;
                            double d = dx * dx + dy * dy;
                            if (d < best)
                            {
                                best = d;
                                bestIndex = i;
                            }
                        }
                        return bestIndex;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(506);
                        var xs = new double[10_007]; var ys = new double[10_007];
                        for (int i = 0; i < xs.Length; i++) { xs[i] = random.Next(1000); ys[i] = random.Next(1000); }
                        return new object?[] { xs, ys, 500.0, 500.0 };
                    }
                }
                """),

            new Case("argmin_index_of_min",
                "MariNaselli/TestConsoleApp TestConsoleApp/ArrayManagementClassLibrary/ArraySorterClassLibrary.cs (FindIndexOfMin: the smallest of array[from..to] found by its index alone, first on ties), with an int index",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static int Run(int[] values, int from, int to)
                    {
                        int indexOfMin = from;
                        foreach (int i in PRange(from + 1, to + 1))
                            if (values[i] < values[indexOfMin]) indexOfMin = i;
                        return indexOfMin;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(2026);
                        var values = new int[100_003];
                        for (int i = 0; i < values.Length; i++) values[i] = random.Next(-500, 500);
                        return new object?[] { values, 17, values.Length - 2 };
                    }
                }
                """),

            new Case("pivot_row_by_abs",
                "Thamed/FEM FEM/Gauss.cs (gauss: partial pivoting picks the largest |AB[i, W[j]]| through the column permutation W, by index alone), as one pivot search over a wide row",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static int Run(double[,] ab, int[] w, int i)
                    {
                        int k = i;
                        foreach (int j in PRange(i + 1, w.Length))
                            if (Math.Abs(ab[i, w[k]]) < Math.Abs(ab[i, w[j]])) k = j;
                        return k;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(2027);
                        var ab = new double[3, 50_000];
                        for (int c = 0; c < 50_000; c++) ab[1, c] = random.Next(-40, 40) / 8.0;
                        int[] w = new int[50_000];
                        for (int c = 0; c < w.Length; c++) w[c] = (c * 7919) % w.Length;
                        return new object?[] { ab, w, 1 };
                    }
                }
                """),

            new Case("hwc_to_chw_normalize",
                "Hyperledge/image-keyword-predictor ImageTagger.Core/ImageProcessor.cs (ImageNet mean/std normalization of RGB pixels into an NCHW tensor for ONNX), over a byte[h, w, 3] image into a float[3, h, w] tensor",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[,,] rgb, float[,,] tensor)
                    {
                        int height = rgb.GetLength(0), width = rgb.GetLength(1);
                        foreach (int y in PRange(height))
                            for (int x = 0; x < width; x++)
                            {
                                tensor[0, y, x] = (rgb[y, x, 0] / 255f - 0.485f) / 0.229f;
                                tensor[1, y, x] = (rgb[y, x, 1] / 255f - 0.456f) / 0.224f;
                                tensor[2, y, x] = (rgb[y, x, 2] / 255f - 0.406f) / 0.225f;
                            }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(2028);
                        var rgb = new byte[61, 97, 3];
                        for (int y = 0; y < 61; y++) for (int x = 0; x < 97; x++) for (int c = 0; c < 3; c++) rgb[y, x, c] = (byte)random.Next(256);
                        return new object?[] { rgb, new float[3, 61, 97] };
                    }
                }
                """),

            new Case("bgr_pixels_to_rgb_planes",
                "InVaeR/UsefullMethods cs_BitmapToArrays.cs (BitmapToByteRGB: each pixel's red, green and blue into the planes of a byte[3, height, width]), from the B, G, R bytes of a Format24bppRgb bitmap held as byte[h, w, 3]",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[,,] bgr, byte[,,] planes)
                    {
                        int height = bgr.GetLength(0), width = bgr.GetLength(1);
                        foreach (int y in PRange(height))
                            for (int x = 0; x < width; x++)
                            {
                                planes[0, y, x] = bgr[y, x, 2];
                                planes[1, y, x] = bgr[y, x, 1];
                                planes[2, y, x] = bgr[y, x, 0];
                            }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(2029);
                        var bgr = new byte[45, 130, 3];
                        for (int y = 0; y < 45; y++) for (int x = 0; x < 130; x++) for (int c = 0; c < 3; c++) bgr[y, x, c] = (byte)random.Next(256);
                        return new object?[] { bgr, new byte[3, 45, 130] };
                    }
                }
                """),

            new Case("matrix_add_rows_absolute",
                "GJDavila/AlgoritmosParalelos cuda/prob1_sum_matriz.cu (MatrizAddKernel_C: one row of C = A + B a thread), as a plain loop over each row's absolute indices, j from i * n to i * n + n (was KG1002, a build error)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] a, float[] b, float[] c, int n)
                    {
                        foreach (int i in PRange(n))
                            for (int j = i * n; j < i * n + n; j++)
                                c[j] = a[j] + b[j];
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(2030);
                        int n = 77;
                        float[] a = new float[n * n], b = new float[n * n];
                        for (int k = 0; k < n * n; k++) { a[k] = (float)random.NextDouble(); b[k] = (float)random.NextDouble(); }
                        return new object?[] { a, b, new float[n * n], n };
                    }
                }
                """),

            new Case("bgra_to_rgba_tuple_swap",
                "KillzXGaming/Switch-Toolbox Switch_Toolbox_Library/Util/ImageUtilty.cs (ConvertBgraToRgba: bytes i and i + 2 of every 4-byte pixel swapped in place), with C# 7's tuple swap for the temporary",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bytes)
                    {
                        foreach (int p in PRange(bytes.Length / 4))
                            (bytes[4 * p], bytes[4 * p + 2]) = (bytes[4 * p + 2], bytes[4 * p]);
                    }

                    public static object?[] Args()
                    {
                        var bytes = new byte[4 * 1031 + 3];
                        new Random(2031).NextBytes(bytes);
                        return new object?[] { bytes };
                    }
                }
                """),

            new Case("newton_poly_foreach_coefficients",
                "PeterWaher/IoTGateway Waher.Script.Fractals NewtonFractal (per pixel, f(z) by Horner's rule with foreach over the polynomial's real coefficients), one step of z − f(z)/f'(z) over points given as re/im arrays",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] re, double[] im, double[] coefficients, double[] derivative)
                    {
                        foreach (int i in PRange(re.Length))
                        {
                            double zr = re[i], zi = im[i];
                            double fr = 0, fi = 0, dr = 0, di = 0;
                            foreach (double c in coefficients)
                            {
                                double t = fr * zr - fi * zi + c;
                                fi = fr * zi + fi * zr;
                                fr = t;
                            }
                            foreach (double c in derivative)
                            {
                                double t = dr * zr - di * zi + c;
                                di = dr * zi + di * zr;
                                dr = t;
                            }
                            double d = dr * dr + di * di;
                            re[i] = zr - (fr * dr + fi * di) / d;
                            im[i] = zi - (fi * dr - fr * di) / d;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(2032);
                        int n = 777;
                        double[] re = new double[n], im = new double[n];
                        for (int k = 0; k < n; k++) { re[k] = random.NextDouble() * 4 - 2; im[k] = random.NextDouble() * 4 - 2; }
                        // z^3 - 1 and its derivative 3z^2, highest power first.
                        return new object?[] { re, im, new double[] { 1, 0, 0, -1 }, new double[] { 3, 0, 0 } };
                    }
                }
                """),

            new Case("white_noise_uint_hash",
                "naudio/NAudio NAudio.Core/Wave/SampleProviders/SignalGenerator.cs (white noise samples scaled by Gain), with a per-sample integer hash instead of a shared Random",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] buffer, uint seed, float gain)
                    {
                        foreach (int i in PRange(buffer.Length))
                        {
                            uint h = seed ^ (uint)i;
                            h ^= h >> 16;
                            h *= 0x7feb352d;
                            h ^= h >> 15;
                            h *= 0x846ca68b;
                            h ^= h >> 16;
                            buffer[i] = gain * ((h & 0xFFFFFF) / 8388608f - 1f);
                        }
                    }

                    public static object?[] Args() => new object?[] { new float[10_007], 12345u, 0.5f };
                }
                """),

            new Case("dense_layer_tanh_jagged",
                "ZiangTian/hpcTask1 code/npbench/benchmarks/deep_learning/mlp/mlp_numba.py (dense layer: x @ W + b, then the activation), one output neuron per iteration over jagged weight rows",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[][] weights, double[] bias, double[] input, double[] output)
                    {
                        foreach (int i in PRange(output.Length))
                        {
                            double[] w = weights[i];
                            double z = bias[i];
                            for (int j = 0; j < input.Length; j++)
                                z += w[j] * input[j];
                            output[i] = Math.Tanh(z);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(508);
                        int outputs = 257, inputs = 131;
                        var weights = new double[outputs][];
                        for (int i = 0; i < outputs; i++) { weights[i] = new double[inputs]; for (int j = 0; j < inputs; j++) weights[i][j] = random.NextDouble() * 0.2 - 0.1; }
                        var bias = new double[outputs]; var input = new double[inputs];
                        for (int i = 0; i < outputs; i++) bias[i] = random.NextDouble() * 0.1;
                        for (int j = 0; j < inputs; j++) input[j] = random.NextDouble();
                        return new object?[] { weights, bias, input, new double[outputs] };
                    }
                }
                """),

            new Case("zero_crossing_count",
                "naudio/NAudio NAudio.Core/Dsp/VoiceActivityDetector.cs (per-frame features of the signal), as the zero-crossing count: sign changes between neighbouring samples",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static int Run(float[] samples)
                    {
                        int crossings = 0;
                        foreach (int i in PRange(1, samples.Length))
                        {
                            if ((samples[i - 1] >= 0) != (samples[i] >= 0))
                                crossings++;
                        }
                        return crossings;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(509);
                        var samples = new float[10_007];
                        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(Math.Sin(i * 0.05) + (random.NextDouble() - 0.5) * 0.3);
                        return new object?[] { samples };
                    }
                }
                """),

            new Case("segmentation_mask_apply",
                "dotnet/machinelearning src/Microsoft.ML.ImageAnalytics/ImagePixelExtractor.cs (per-pixel extraction guarded by flags), as zeroing the pixels outside a bool[] segmentation mask",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] image, bool[] mask, float background)
                    {
                        foreach (int i in PRange(image.Length))
                        {
                            if (!mask[i])
                                image[i] = background;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(510);
                        var image = new float[131 * 97]; var mask = new bool[image.Length];
                        for (int i = 0; i < image.Length; i++) { image[i] = (float)random.NextDouble(); mask[i] = random.Next(3) != 0; }
                        return new object?[] { image, mask, -1f };
                    }
                }
                """),

            new Case("column_means_rows_outer",
                "accord-net/framework Sources/Accord.Statistics/Measures/Measures.cs (Mean of a double[,] along dimension 0: each column's sum over the rows, then divided), rows as the parallel loop",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[,] matrix, double[] means)
                    {
                        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
                        System.Array.Clear(means);
                        foreach (int r in PRange(rows))
                            for (int c = 0; c < cols; c++)
                                means[c] += matrix[r, c];
                        for (int c = 0; c < cols; c++)
                            means[c] /= rows;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(511);
                        var matrix = new double[203, 77];
                        for (int r = 0; r < 203; r++)
                            for (int c = 0; c < 77; c++)
                                matrix[r, c] = random.NextDouble() * 1000 - 500;
                        return new object?[] { matrix, new double[77] };
                    }
                }
                """, Tolerance: 1e-12),

            new Case("vertical_projection_profile",
                "tesseract-ocr/tesseract src/textord/tordmain.cpp (column projection of a binarized page to find gaps between text columns), ported to a byte[,] page with int counts",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[,] page, int[] profile, int ink)
                    {
                        int height = page.GetLength(0), width = page.GetLength(1);
                        foreach (int y in PRange(height))
                            for (int x = 0; x < width; x++)
                                profile[x] += page[y, x] < ink ? 1 : 0;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(512);
                        var page = new byte[157, 211];
                        for (int y = 0; y < 157; y++)
                            for (int x = 0; x < 211; x++)
                                page[y, x] = (byte)(x % 37 < 5 ? 255 : random.Next(256));
                        return new object?[] { page, new int[211], 128 };
                    }
                }
                """),

            // Ported by a helper in stop 42 (each in our own words, cited): shapes the corpus did not have.
            new Case("bgr24_grayscale_in_place",
                "effbdt/Photoshop-App PhotoshopApp/PhotoshopApp/Services/ImageProcessing.cs (Grayscale: 24bpp rows at Stride, p[0] = p[1] = p[2] = (byte)(.299 * red + .587 * green + .114 * blue), in place)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bgr, int width, int height, int stride)
                    {
                        foreach (int y in PRange(height))
                        {
                            int row = y * stride;
                            for (int x = 0; x < width; x++)
                            {
                                int o = row + 3 * x;
                                byte blue = bgr[o], green = bgr[o + 1], red = bgr[o + 2];
                                bgr[o] = bgr[o + 1] = bgr[o + 2] = (byte)(.299 * red + .587 * green + .114 * blue);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(1);
                        int w = 257, h = 193, stride = (w * 3 + 3) & ~3;
                        var px = new byte[stride * h]; r.NextBytes(px);
                        return new object?[] { px, w, h, stride };
                    }
                }
                """),
            new Case("conv3x3_struct_weights",
                "effbdt/Photoshop-App PhotoshopApp/PhotoshopApp/Services/ImageProcessing.cs (Conv3x3: 3x3 kernel held in a ConvMatrix struct, / Factor + Offset, clamped, written one row and one pixel down from the source corner)",
                """
                public static partial class K
                {
                    public struct ConvMatrix
                    {
                        public int TopLeft, TopMid, TopRight, MidLeft, Pixel, MidRight, BottomLeft, BottomMid, BottomRight, Factor, Offset;
                    }

                    [ParallelKernel]
                    public static void Run(byte[] src, byte[] dst, int width, int height, int stride, ConvMatrix m)
                    {
                        foreach (int y in PRange(height - 2))
                        {
                            for (int x = 0; x < width - 2; x++)
                            {
                                int s = y * stride + 3 * x;
                                for (int c = 0; c < 3; c++)
                                {
                                    int sum = src[s + c] * m.TopLeft + src[s + 3 + c] * m.TopMid + src[s + 6 + c] * m.TopRight
                                            + src[s + stride + c] * m.MidLeft + src[s + stride + 3 + c] * m.Pixel + src[s + stride + 6 + c] * m.MidRight
                                            + src[s + 2 * stride + c] * m.BottomLeft + src[s + 2 * stride + 3 + c] * m.BottomMid + src[s + 2 * stride + 6 + c] * m.BottomRight;
                                    int v = sum / m.Factor + m.Offset;
                                    if (v < 0) v = 0;
                                    if (v > 255) v = 255;
                                    dst[s + stride + 3 + c] = (byte)v;
                                }
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(2);
                        int w = 259, h = 197, stride = (w * 3 + 3) & ~3;
                        var src = new byte[stride * h]; r.NextBytes(src);
                        var dst = (byte[])src.Clone();
                        var sharpen = new ConvMatrix { TopLeft = 0, TopMid = -2, TopRight = 0, MidLeft = -2, Pixel = 11, MidRight = -2, BottomLeft = 0, BottomMid = -2, BottomRight = 0, Factor = 3, Offset = 0 };
                        return new object?[] { src, dst, w, h, stride, sharpen };
                    }
                }
                """),
            new Case("sobel_combine_channels",
                "effbdt/Photoshop-App PhotoshopApp/PhotoshopApp/Services/ImageProcessing.cs (SobelEdgeDetector: combine the x and y gradient images, per channel (int)Math.Sqrt(gx*gx + gy*gy) clamped to 255)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] gx, byte[] gy, byte[] dst, int width, int height, int stride)
                    {
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width; x++)
                            {
                                for (int c = 0; c < 3; c++)
                                {
                                    int o = y * stride + 3 * x + c;
                                    int a = gx[o], b = gy[o];
                                    int g = (int)Math.Sqrt(a * a + b * b);
                                    if (g > 255) g = 255;
                                    dst[o] = (byte)g;
                                }
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(3);
                        int w = 255, h = 199, stride = (w * 3 + 3) & ~3;
                        var a = new byte[stride * h]; var b = new byte[stride * h]; r.NextBytes(a); r.NextBytes(b);
                        return new object?[] { a, b, new byte[stride * h], w, h, stride };
                    }
                }
                """),
            new Case("game_of_life_torus_jagged",
                "Alebarda410/LifeGame Program.cs (ParallelLife: Parallel.For over rows of byte[][] on a torus, neighbour counts with early continue, Interlocked count of live cells)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static int Run(byte[][] cur, byte[][] next)
                    {
                        int rows = cur.Length, cols = cur[0].Length;
                        int lastRow = rows - 1, lastCol = cols - 1;
                        int alive = 0;
                        foreach (int i in PRange(rows))
                        {
                            int up = i == 0 ? lastRow : i - 1;
                            int down = i == lastRow ? 0 : i + 1;
                            for (int j = 0; j < cols; j++)
                            {
                                int left, right;
                                if (j == 0) { left = lastCol; right = 1; }
                                else if (j == lastCol) { left = j - 1; right = 0; }
                                else { left = j - 1; right = j + 1; }

                                int n = 0;
                                if (cur[i][j] == 0)
                                {
                                    if (cur[up][left] == 1) n++;
                                    if (cur[up][j] == 1) n++;
                                    if (cur[up][right] == 1) n++;
                                    if (cur[i][left] == 1) n++;
                                    if (cur[i][right] == 1) n++;
                                    if (n > 3) continue;
                                    if (cur[down][left] == 1) n++;
                                    if (cur[down][j] == 1) n++;
                                    if (cur[down][right] == 1) n++;
                                    if (n == 3) next[i][j] = 1;
                                }
                                else
                                {
                                    alive++;
                                    n = cur[up][left] + cur[up][j] + cur[up][right] + cur[i][left] + cur[i][right]
                                      + cur[down][left] + cur[down][j] + cur[down][right];
                                    if (n < 2 || n > 3) next[i][j] = 0;
                                }
                            }
                        }
                        return alive;
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(4);
                        int rows = 301, cols = 517;
                        var cur = new byte[rows][]; var next = new byte[rows][];
                        for (int i = 0; i < rows; i++)
                        {
                            cur[i] = new byte[cols];
                            for (int j = 0; j < cols; j++) cur[i][j] = r.Next(10) < 4 ? (byte)1 : (byte)0;
                            next[i] = (byte[])cur[i].Clone();
                        }
                        return new object?[] { cur, next };
                    }
                }
                """),
            new Case("resample_linear_interpolation",
                "UCRBrainGameCenter/BGC_Tools Audio/LinearInterpolation.cs (Resample: output j reads the input at j * oldRate / newRate, linear blend of samples i0 and i0 + 1)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] input, float[] output, double invRatio)
                    {
                        foreach (int j in PRange(output.Length))
                        {
                            double pos = j * invRatio;
                            int i0 = (int)pos;
                            int i1 = i0 + 1;
                            output[j] = (float)((i1 - pos) * input[i0] + (pos - i0) * input[i1]);
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(5);
                        var input = new float[200_003];
                        for (int i = 0; i < input.Length; i++) input[i] = (float)Math.Sin(i * 0.01) * 0.5f + (float)(r.NextDouble() - 0.5) * 0.1f;
                        double inv = 44100.0 / 48000.0;
                        int outCount = (int)((input.Length - 2) / inv);
                        return new object?[] { input, new float[outCount], inv };
                    }
                }
                """),
            new Case("im2col_zero_padding",
                "pluskid/Mocha.jl benchmarks/native-im2col/im2col.c (im2col: one row of the column buffer per channel * kernel_h * kernel_w, zero outside the padded image; the loop carries a commented omp parallel for)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] img, float[] col, int channels, int height, int width, int kh, int kw, int pad, int stride)
                    {
                        int hc = (height + 2 * pad - kh) / stride + 1;
                        int wc = (width + 2 * pad - kw) / stride + 1;
                        foreach (int c in PRange(channels * kh * kw))
                        {
                            int wOff = c % kw;
                            int hOff = (c / kw) % kh;
                            int cIm = c / (kh * kw);
                            for (int h = 0; h < hc; h++)
                            {
                                for (int w = 0; w < wc; w++)
                                {
                                    int hp = h * stride - pad + hOff;
                                    int wp = w * stride - pad + wOff;
                                    if (hp >= 0 && hp < height && wp >= 0 && wp < width)
                                        col[(c * hc + h) * wc + w] = img[(cIm * height + hp) * width + wp];
                                    else
                                        col[(c * hc + h) * wc + w] = 0;
                                }
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(6);
                        int ch = 16, h = 61, w = 67, k = 3, pad = 1, stride = 1;
                        var img = new float[ch * h * w];
                        for (int i = 0; i < img.Length; i++) img[i] = (float)r.NextDouble();
                        int hc = (h + 2 * pad - k) / stride + 1, wc = (w + 2 * pad - k) / stride + 1;
                        return new object?[] { img, new float[ch * k * k * hc * wc], ch, h, w, k, k, pad, stride };
                    }
                }
                """),
            new Case("deriche_causal_rows",
                "spcl/npbench npbench/benchmarks/polybench/deriche/deriche_numba_n.py (Deriche edge filter, first causal pass: y1[i, j] = a1*x[i, j] + a2*x[i, j-1] + b1*y1[i, j-1] + b2*y1[i, j-2], all rows at once), one row per iteration",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[,] img, float[,] y1, float a1, float a2, float b1, float b2)
                    {
                        int h = img.GetLength(0), w = img.GetLength(1);
                        foreach (int i in PRange(h))
                        {
                            y1[i, 0] = a1 * img[i, 0];
                            y1[i, 1] = a1 * img[i, 1] + a2 * img[i, 0] + b1 * y1[i, 0];
                            for (int j = 2; j < w; j++)
                                y1[i, j] = a1 * img[i, j] + a2 * img[i, j - 1] + b1 * y1[i, j - 1] + b2 * y1[i, j - 2];
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(7);
                        int h = 311, w = 257;
                        var img = new float[h, w];
                        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) img[i, j] = (float)r.NextDouble();
                        float alpha = 0.25f;
                        float e = MathF.Exp(-alpha);
                        float k = (1 - e) * (1 - e) / (1 + 2 * alpha * e - MathF.Exp(-2 * alpha));
                        return new object?[] { img, new float[h, w], k, k * e * (alpha - 1), MathF.Pow(2, -alpha), -MathF.Exp(-2 * alpha) };
                    }
                }
                """),
            new Case("lu_rows_below_pivot",
                "MarceloBristot/Reducao-LU-OpenMPI README.md (LU: for each pivot k, every row i > k gets L[i][k] = M[i][k] / M[k][k] and M[i][j] -= L[i][k] * M[k][j]; rows distributed over MPI processes)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] a, double[] l, int n)
                    {
                        for (int k = 0; k < n - 1; k++)
                        {
                            double pivot = a[k * n + k];
                            foreach (int i in PRange(k + 1, n))
                            {
                                double f = a[i * n + k] / pivot;
                                l[i * n + k] = f;
                                for (int j = k + 1; j < n; j++)
                                    a[i * n + j] -= f * a[k * n + j];
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(8);
                        int n = 211;
                        var a = new double[n * n];
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j < n; j++)
                                a[i * n + j] = r.NextDouble() + (i == j ? n : 0);
                        return new object?[] { a, new double[n * n], n };
                    }
                }
                """),
            new Case("quantize_zeropoint_sbyte",
                "AnaLopezP/Introducci-nCuantizaci-n nose.py (zeropoint_quantize: clip(round(X * scale + zeropoint), -128, 127) to int8), elementwise over a float tensor",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] x, sbyte[] q, float scale, float zeroPoint)
                    {
                        foreach (int i in PRange(x.Length))
                        {
                            float v = MathF.Round(x[i] * scale + zeroPoint);
                            q[i] = (sbyte)Math.Clamp(v, -128f, 127f);
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(9);
                        var x = new float[300_007];
                        for (int i = 0; i < x.Length; i++) x[i] = (float)(r.NextDouble() * 6 - 3);
                        x[10] = 0.5f; x[11] = 1.5f; x[12] = -2.5f; // ties to even
                        float min = -3, max = 3, scale = 255 / (max - min);
                        float zp = MathF.Round(-scale * min - 128);
                        return new object?[] { x, new sbyte[x.Length], scale * 1.1f, zp };
                    }
                }
                """),
            new Case("flip_rows_in_place",
                "Samcho276/Projects Performance-System.Drawing/Console/ImageProcessing/ImageProcessing/Actions/ImgFlip.cs (FlipHorizontal: swap row y with row height - 1 - y for y < height / 2, byte by byte, 4 bytes a pixel, in place)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] px, int width, int height)
                    {
                        int rowBytes = width * 4;
                        foreach (int y in PRange(height / 2))
                        {
                            int top = y * rowBytes;
                            int bottom = (height - 1 - y) * rowBytes;
                            for (int x = 0; x < rowBytes; x++)
                            {
                                byte t = px[top + x];
                                px[top + x] = px[bottom + x];
                                px[bottom + x] = t;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(10);
                        int w = 253, h = 193;
                        var px = new byte[w * h * 4]; r.NextBytes(px);
                        return new object?[] { px, w, h };
                    }
                }
                """),
            new Case("mirror_pixels_in_rows",
                "Samcho276/Projects Performance-System.Drawing/Console/ImageProcessing/ImageProcessing/Actions/ImgFlip.cs (FlipVertical: within each row swap pixel x with pixel width - 1 - x for x < width / 2, four bytes each, in place)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] px, int width, int height)
                    {
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width / 2; x++)
                            {
                                int a = (y * width + x) * 4;
                                int b = (y * width + (width - 1 - x)) * 4;
                                for (int c = 0; c < 4; c++)
                                {
                                    byte t = px[a + c];
                                    px[a + c] = px[b + c];
                                    px[b + c] = t;
                                }
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(11);
                        int w = 251, h = 197;
                        var px = new byte[w * h * 4]; r.NextBytes(px);
                        return new object?[] { px, w, h };
                    }
                }
                """),
            new Case("transpose_square_in_place",
                "abhimishraofficial/DSA-codes Arrays/2DArray/Transpose.java (transposeSquare: in place, swap m[i][j] and m[j][i] for j > i), ported to C# double[,] with rows as the parallel loop",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[,] m)
                    {
                        int n = m.GetLength(0);
                        foreach (int i in PRange(n))
                        {
                            for (int j = i + 1; j < n; j++)
                            {
                                double t = m[i, j];
                                m[i, j] = m[j, i];
                                m[j, i] = t;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(12);
                        int n = 389;
                        var m = new double[n, n];
                        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i, j] = r.NextDouble();
                        return new object?[] { m };
                    }
                }
                """),
            new Case("sph_density_naive",
                "jhelsas/sphalerite SoA/exec/compute_density_3d_SoA_naive_omp-100k.c (compute_density_3d_naive_omp: omp parallel for over particles, rho[ii] += nu[jj] * w_bspline_3d(dist, h) over all jj, accumulated in rho[ii])",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] x, double[] y, double[] z, double[] nu, double[] rho, double h)
                    {
                        foreach (int i in PRange(x.Length))
                        {
                            rho[i] = 0;
                            for (int j = 0; j < x.Length; j++)
                            {
                                double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
                                double dist = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                                rho[i] += nu[j] * WBSpline3D(dist, h);
                            }
                        }
                    }

                    static double WBSpline3D(double r, double h)
                    {
                        double q = r / h;
                        if (q >= 2) return 0;
                        double norm = 1 / (Math.PI * h * h * h);
                        if (q < 1) return norm * (1 - 1.5 * q * q + 0.75 * q * q * q);
                        double t = 2 - q;
                        return norm * 0.25 * t * t * t;
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(13);
                        int n = 3001;
                        double[] x = new double[n], y = new double[n], z = new double[n], nu = new double[n];
                        for (int i = 0; i < n; i++) { x[i] = r.NextDouble(); y[i] = r.NextDouble(); z[i] = r.NextDouble(); nu[i] = 1.0 / n; }
                        return new object?[] { x, y, z, nu, new double[n], 0.05 };
                    }
                }
                """),
            new Case("rgb565_to_rgb888",
                "arduino/ArduinoCore-mbed libraries/Camera/extras/WebSerialCamera/conversion.js (convertRGB565ToRGB888: r = (v >> 11) & 0x1F, g = (v >> 5) & 0x3F, b = v & 0x1F, then << 3, << 2, << 3), ported to C# over a ushort frame",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(ushort[] src, byte[] rgb)
                    {
                        foreach (int i in PRange(src.Length))
                        {
                            int v = src[i];
                            rgb[3 * i] = (byte)(((v >> 11) & 0x1F) << 3);
                            rgb[3 * i + 1] = (byte)(((v >> 5) & 0x3F) << 2);
                            rgb[3 * i + 2] = (byte)((v & 0x1F) << 3);
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(14);
                        var src = new ushort[320 * 241];
                        for (int i = 0; i < src.Length; i++) src[i] = (ushort)r.Next(65536);
                        return new object?[] { src, new byte[3 * src.Length] };
                    }
                }
                """),
            new Case("maxpool_2x2_chw",
                "jttmtv/CNN main.cpp (MaxPoll2d: 2x2 stride-2 max pooling per channel of a CHW float tensor, MAX(a, b) = a < b ? b : a), channels as the parallel loop",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] input, float[] output, int channels, int height, int width)
                    {
                        int oh = height / 2, ow = width / 2;
                        foreach (int c in PRange(channels))
                        {
                            int inBase = c * height * width;
                            int outBase = c * oh * ow;
                            for (int y = 0; y < oh; y++)
                            {
                                for (int x = 0; x < ow; x++)
                                {
                                    int p = inBase + 2 * y * width + 2 * x;
                                    float m = input[p] < input[p + width] ? input[p + width] : input[p];
                                    m = m < input[p + 1] ? input[p + 1] : m;
                                    m = m < input[p + width + 1] ? input[p + width + 1] : m;
                                    output[outBase + y * ow + x] = m;
                                }
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(15);
                        int c = 32, h = 112, w = 114;
                        var input = new float[c * h * w];
                        for (int i = 0; i < input.Length; i++) input[i] = (float)(r.NextDouble() * 2 - 1);
                        return new object?[] { input, new float[c * (h / 2) * (w / 2)], c, h, w };
                    }
                }
                """),
            new Case("floyd_warshall_rows",
                "RicRax/mojo_vs_python python/floyd.py (kernel_floyd_warshall: for each k, path[i][j] = min(path[i][j], path[i][k] + path[k][j]); the i loop is the one OpenMP codes parallelize)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[,] d)
                    {
                        int n = d.GetLength(0);
                        for (int k = 0; k < n; k++)
                        {
                            foreach (int i in PRange(n))
                            {
                                float dik = d[i, k];
                                for (int j = 0; j < n; j++)
                                {
                                    float via = dik + d[k, j];
                                    if (via < d[i, j]) d[i, j] = via;
                                }
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(16);
                        int n = 181;
                        var d = new float[n, n];
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j < n; j++)
                                d[i, j] = i == j ? 0 : (r.Next(5) == 0 ? r.Next(1, 100) : 1e9f);
                        return new object?[] { d };
                    }
                }
                """),
            new Case("transpose_2d_copy",
                "shendongnian/code code6/1121951-29484542-0.cs (Transpose: result[j, i] = matrix[i, j] over a double[,])",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[,] matrix, double[,] result)
                    {
                        int w = matrix.GetLength(0), h = matrix.GetLength(1);
                        foreach (int i in PRange(w))
                            for (int j = 0; j < h; j++)
                                result[j, i] = matrix[i, j];
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(17);
                        int w = 1001, h = 997;
                        var m = new double[w, h];
                        for (int i = 0; i < w; i++) for (int j = 0; j < h; j++) m[i, j] = r.NextDouble();
                        return new object?[] { m, new double[h, w] };
                    }
                }
                """),
            new Case("rgb_histograms_24bpp",
                "andrewkirillov/AForge.NET Sources/Imaging/ImageStatistics.cs (ProcessImage: red, green and blue histograms of a 24bpp image at Stride, r[p[RGB.R]]++ etc.), rows as the parallel loop",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] bgr, int width, int height, int stride, int[] red, int[] green, int[] blue)
                    {
                        foreach (int y in PRange(height))
                        {
                            int o = y * stride;
                            for (int x = 0; x < width; x++, o += 3)
                            {
                                red[bgr[o + 2]]++;
                                green[bgr[o + 1]]++;
                                blue[bgr[o]]++;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(18);
                        int w = 263, h = 211, stride = (w * 3 + 3) & ~3;
                        var px = new byte[stride * h]; r.NextBytes(px);
                        return new object?[] { px, w, h, stride, new int[256], new int[256], new int[256] };
                    }
                }
                """),
            new Case("argb_split_planes",
                "mdymel/superfastblur SuperfastBlur/GaussianBlur.cs (constructor: Parallel.For over the ARGB ints, split into alpha = (int)((source[i] & 0xff000000) >> 24), red, green, blue int planes)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] source, int[] alpha, int[] red, int[] green, int[] blue)
                    {
                        foreach (int i in PRange(source.Length))
                        {
                            alpha[i] = (int)((source[i] & 0xff000000) >> 24);
                            red[i] = (source[i] & 0xff0000) >> 16;
                            green[i] = (source[i] & 0x00ff00) >> 8;
                            blue[i] = source[i] & 0x0000ff;
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(19);
                        int n = 1_000_003;
                        var src = new int[n];
                        for (int i = 0; i < n; i++) src[i] = r.Next(int.MinValue, int.MaxValue);
                        return new object?[] { src, new int[n], new int[n], new int[n], new int[n] };
                    }
                }
                """),
            new Case("argb_clamp_pack",
                "mdymel/superfastblur SuperfastBlur/GaussianBlur.cs (Process: Parallel.For clamping the four blurred planes to 0..255 in place, then dest[i] = (int)((uint)(a << 24) | (uint)(r << 16) | (uint)(g << 8) | (uint)b))",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] a, int[] r, int[] g, int[] b, int[] dest)
                    {
                        foreach (int i in PRange(dest.Length))
                        {
                            if (a[i] > 255) a[i] = 255;
                            if (r[i] > 255) r[i] = 255;
                            if (g[i] > 255) g[i] = 255;
                            if (b[i] > 255) b[i] = 255;
                            if (a[i] < 0) a[i] = 0;
                            if (r[i] < 0) r[i] = 0;
                            if (g[i] < 0) g[i] = 0;
                            if (b[i] < 0) b[i] = 0;
                            dest[i] = (int)((uint)(a[i] << 24) | (uint)(r[i] << 16) | (uint)(g[i] << 8) | (uint)b[i]);
                        }
                    }

                    public static object?[] Args()
                    {
                        var rnd = new Random(20);
                        int n = 1_000_003;
                        int[] P() { var x = new int[n]; for (int i = 0; i < n; i++) x[i] = rnd.Next(-60, 320); return x; }
                        return new object?[] { P(), P(), P(), P(), new int[n] };
                    }
                }
                """),
            new Case("box_blur_rows_cursors",
                "mdymel/superfastblur SuperfastBlur/GaussianBlur.cs (boxBlurH_4: Parallel.For over rows, running window sum val with ti++/ri++/li++ cursors, (int)Math.Round(val * iar); the middle segment subtracts dest[li++] as written there)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] source, int[] dest, int w, int h, int r)
                    {
                        double iar = 1.0 / (r + r + 1);
                        foreach (int i in PRange(h))
                        {
                            int ti = i * w, li = ti, ri = ti + r;
                            int fv = source[ti], lv = source[ti + w - 1];
                            int val = (r + 1) * fv;
                            for (int j = 0; j < r; j++) val += source[ti + j];
                            for (int j = 0; j <= r; j++) { val += source[ri++] - fv; dest[ti++] = (int)Math.Round(val * iar); }
                            for (int j = r + 1; j < w - r; j++) { val += source[ri++] - dest[li++]; dest[ti++] = (int)Math.Round(val * iar); }
                            for (int j = w - r; j < w; j++) { val += lv - source[li++]; dest[ti++] = (int)Math.Round(val * iar); }
                        }
                    }

                    public static object?[] Args()
                    {
                        var rnd = new Random(21);
                        int w = 263, h = 197;
                        var src = new int[w * h];
                        for (int i = 0; i < src.Length; i++) src[i] = rnd.Next(256);
                        return new object?[] { src, new int[w * h], w, h, 4 };
                    }
                }
                """),
            new Case("box_blur_columns_cursors",
                "mdymel/superfastblur SuperfastBlur/GaussianBlur.cs (boxBlurT_4: Parallel.For over columns, the same running sum walking down the column with ti += w, li += w, ri += w)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] source, int[] dest, int w, int h, int r)
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

                    public static object?[] Args()
                    {
                        var rnd = new Random(22);
                        int w = 263, h = 197;
                        var src = new int[w * h];
                        for (int i = 0; i < src.Length; i++) src[i] = rnd.Next(256);
                        return new object?[] { src, new int[w * h], w, h, 4 };
                    }
                }
                """),
            new Case("pcm16_mix_two_streams",
                "pabloko/MongSpeak MongSpeak/pcm.h (mix_pcm_sample_short: shift both samples to unsigned, m = a*b/32768 when either is below the midpoint, else 2*(a+b) - a*b/32768 - 65536; a*b overflows int when both are high), per sample",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(short[] x, short[] y, short[] mixed)
                    {
                        foreach (int i in PRange(mixed.Length))
                        {
                            int a = x[i] + 32768, b = y[i] + 32768, m;
                            if (a < 32768 || b < 32768)
                                m = a * b / 32768;
                            else
                                m = 2 * (a + b) - a * b / 32768 - 65536;
                            if (m == 65536) m = 65535;
                            mixed[i] = (short)(m - 32768);
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(23);
                        int n = 1_000_003;
                        short[] x = new short[n], y = new short[n];
                        for (int i = 0; i < n; i++) { x[i] = (short)r.Next(-32768, 32768); y[i] = (short)r.Next(-32768, 32768); }
                        x[0] = y[0] = short.MaxValue; x[1] = y[1] = short.MinValue; x[2] = short.MaxValue; y[2] = 0;
                        return new object?[] { x, y, new short[n] };
                    }
                }
                """),
            new Case("pcm16_big_endian_mix",
                "oblalex/Sequoia src/sequoia/media/media.c (mix_channels: big-endian 16-bit samples from two byte buffers, (a + b) - a*b/SHRT_MIN when both negative, - a*b/SHRT_MAX when both positive, written back into the first)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] inOutA, byte[] inB)
                    {
                        foreach (int n in PRange(inOutA.Length / 2))
                        {
                            int i = 2 * n;
                            short sa = (short)((inOutA[i] << 8) | inOutA[i + 1]);
                            short sb = (short)((inB[i] << 8) | inB[i + 1]);
                            short sc = (short)(sa < 0 && sb < 0 ? (sa + sb) - (sa * sb) / short.MinValue
                                             : sa > 0 && sb > 0 ? (sa + sb) - (sa * sb) / short.MaxValue
                                             : sa + sb);
                            inOutA[i] = (byte)((sc >> 8) & 0xFF);
                            inOutA[i + 1] = (byte)(sc & 0xFF);
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(24);
                        var a = new byte[2 * 1_000_003]; var b = new byte[a.Length];
                        r.NextBytes(a); r.NextBytes(b);
                        return new object?[] { a, b };
                    }
                }
                """),
            new Case("argb_to_abgr_swap",
                "sonnguyenvnu/icse_20_user_study methods/Method_23994.java (Processing's nativeToJavaARGB, little-endian branch: rb = p & 0x00FF00FF; p = (p & 0xFF00FF00) | (rb << 16) | (rb >> 16)), per pixel over a C# int[] (the 0xFF00FF00 literal is a uint in C#, so the mask is done in long)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] pixels)
                    {
                        foreach (int i in PRange(pixels.Length))
                        {
                            int p = pixels[i];
                            int rb = p & 0x00FF00FF;
                            pixels[i] = (int)((p & 0xFF00FF00) | (rb << 16) | (rb >> 16));
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(25);
                        var px = new int[1_000_003];
                        for (int i = 0; i < px.Length; i++) px[i] = r.Next(int.MinValue, int.MaxValue);
                        return new object?[] { px };
                    }
                }
                """),

            new Case("blas_daxpy_running_index",
                "ziutek/blas daxpy.go (Daxpy: y[yi] += alpha * x[xi] with xi += incX, yi += incY advanced every iteration)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int n, double alpha, double[] x, int incX, double[] y, int incY)
                    {
                        int xi = 0, yi = 0;
                        foreach (int k in PRange(n))
                        {
                            y[yi] += alpha * x[xi];
                            xi += incX;
                            yi += incY;
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(26);
                        int n = 100_003, incX = 3, incY = 2;
                        var x = new double[1 + (n - 1) * incX];
                        var y = new double[1 + (n - 1) * incY];
                        for (int i = 0; i < x.Length; i++) x[i] = r.NextDouble();
                        for (int i = 0; i < y.Length; i++) y[i] = r.NextDouble();
                        return new object?[] { n, 1.25, x, incX, y, incY };
                    }
                }
                """),
            new Case("sobel_abs_sum_min255",
                "andrewkirillov/AForge.NET Sources/Imaging/Filters/Edge Detectors/SobelEdgeDetector.cs (ProcessFilter: |Gx| + |Gy| of the 3x3 neighbourhood with Math.Abs, at most 255), over a byte[] with a stride",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] src, byte[] dst, int width, int height, int stride)
                    {
                        foreach (int y in PRange(1, height - 1))
                        {
                            for (int x = 1; x < width - 1; x++)
                            {
                                int p = y * stride + x;
                                int gy = src[p - stride - 1] + src[p - stride + 1] - src[p + stride - 1] - src[p + stride + 1]
                                         + 2 * (src[p - stride] - src[p + stride]);
                                int gx = src[p - stride + 1] + src[p + stride + 1] - src[p - stride - 1] - src[p + stride - 1]
                                         + 2 * (src[p + 1] - src[p - 1]);
                                dst[p] = (byte)Math.Min(255, Math.Abs(gx) + Math.Abs(gy));
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(27);
                        int width = 203, height = 101, stride = (width + 3) & ~3;
                        var src = new byte[stride * height];
                        r.NextBytes(src);
                        return new object?[] { src, new byte[src.Length], width, height, stride };
                    }
                }
                """),
            new Case("threshold_select_rows",
                "andrewkirillov/AForge.NET Sources/Imaging/Filters/Color Filters/Threshold.cs (ProcessFilter: each byte of a row at or above the threshold to 255, else 0), into a second image, the row's start in a local",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] src, byte[] dst, int width, int height, int stride, int threshold)
                    {
                        foreach (int y in PRange(height))
                        {
                            int row = y * stride;
                            for (int x = 0; x < width; x++)
                                dst[row + x] = src[row + x] >= threshold ? (byte)255 : (byte)0;
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(28);
                        int width = 251, height = 67, stride = (width + 3) & ~3;
                        var src = new byte[stride * height];
                        r.NextBytes(src);
                        return new object?[] { src, new byte[src.Length], width, height, stride, 128 };
                    }
                }
                """),
            new Case("gray_average_step4_rows",
                "trm2418/myIGME-206 ImageApp/Form1.cs (grayscaleExample1: BGRA bytes from LockBits, x stepping by 4 over each row's bytes, the average of B, G, R into three channels, alpha copied)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] source, byte[] target, int widthInBytes, int height)
                    {
                        foreach (int y in PRange(height))
                            for (int x = 0; x < widthInBytes; x += 4)
                            {
                                int index = y * widthInBytes + x;
                                byte average = (byte)((source[index] + source[index + 1] + source[index + 2]) / 3);
                                target[index] = average;
                                target[index + 1] = average;
                                target[index + 2] = average;
                                target[index + 3] = source[index + 3];
                            }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(29);
                        int width = 157, height = 61;
                        var source = new byte[4 * width * height];
                        r.NextBytes(source);
                        return new object?[] { source, new byte[source.Length], 4 * width, height };
                    }
                }
                """),
            new Case("row_range_min_max",
                "vyshnovka/procedural-generation-tool Assets/Scripts/Utils/Extensions.cs (NormalizeArray: min and max of a float[,] height map with 'if (v < min) min = v; if (v > max) max = v;'), as each row's range",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[,] map, float[] lo, float[] hi)
                    {
                        foreach (int y in PRange(map.GetLength(0)))
                        {
                            float min = float.PositiveInfinity, max = float.NegativeInfinity;
                            for (int x = 0; x < map.GetLength(1); x++)
                            {
                                float v = map[y, x];
                                if (v < min) min = v;
                                if (v > max) max = v;
                            }
                            lo[y] = min;
                            hi[y] = max;
                        }
                    }

                    public static object?[] Args()
                    {
                        var r = new Random(30);
                        var map = new float[97, 211];
                        for (int y = 0; y < 97; y++) for (int x = 0; x < 211; x++) map[y, x] = r.Next(7) == 0 ? -0f : (float)Math.Round(r.NextDouble() * 8 - 4, 1);
                        return new object?[] { map, new float[97], new float[97] };
                    }
                }
                """),
            // ───────────────────────────── State held in objects ─────────────────────────────

            new Case("particle_model_members",
                "a public Unity project's ParticleModelCalculator.cs, Update (the code index does not name the repository: velocities2[i] = pm.velocities[i] + forces[i] * dt * massInv[i], positions2[i] = pm.positions[i] + velocities2[i] * dt, where pm is a ParticleModel holding the Vector3[] state)",
                """
                public sealed class ParticleModel { public Vector3[] positions = new Vector3[0], velocities = new Vector3[0]; public float[] masses = new float[0]; }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(ParticleModel pm, Vector3[] forces, float[] massInv, Vector3[] velocities2, Vector3[] positions2, float dt)
                    {
                        foreach (int i in PRange(velocities2.Length))
                        {
                            velocities2[i] = pm.velocities[i] + forces[i] * dt * massInv[i];
                            positions2[i] = pm.positions[i] + velocities2[i] * dt;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(411);
                        int n = 10_007;
                        var pm = new ParticleModel { positions = new Vector3[n], velocities = new Vector3[n], masses = new float[n] };
                        var forces = new Vector3[n]; var massInv = new float[n];
                        for (int i = 0; i < n; i++)
                        {
                            pm.positions[i] = new Vector3((float)random.NextDouble() * 200, (float)random.NextDouble() * 200, (float)random.NextDouble() * 200);
                            pm.velocities[i] = new Vector3((float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f, 0);
                            pm.masses[i] = 1 + (float)random.NextDouble();
                            massInv[i] = 1f / pm.masses[i];
                            forces[i] = new Vector3(5 * (float)Math.Cos(i * 0.01), 0, 0);
                        }
                        return new object?[] { pm, forces, massInv, new Vector3[n], new Vector3[n], 0.02f };
                    }
                }
                """),

            new Case("particle_system_properties",
                "sellep/pasim pasim.net/ParticleSystem.cs (a ParticleSystem with get-only Masses, Positions and Momentums array properties, stepped by r += p / m * dt), as a step into a new positions array",
                """
                public sealed class ParticleSystem
                {
                    public ParticleSystem(int n) { Masses = new float[n]; Positions = new Vector3[n]; Momentums = new Vector3[n]; }
                    public float[] Masses { get; }
                    public Vector3[] Positions { get; }
                    public Vector3[] Momentums { get; }
                }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(ParticleSystem system, Vector3[] next, float dt)
                    {
                        foreach (int i in PRange(next.Length))
                            next[i] = system.Positions[i] + system.Momentums[i] * (dt / system.Masses[i]);
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(412);
                        int n = 10_007;
                        var system = new ParticleSystem(n);
                        for (int i = 0; i < n; i++)
                        {
                            system.Masses[i] = 0.5f + (float)random.NextDouble();
                            system.Positions[i] = new Vector3((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()) * 100;
                            system.Momentums[i] = new Vector3((float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f);
                        }
                        return new object?[] { system, new Vector3[n], 0.01f };
                    }
                }
                """),
            new Case("list_residuals_skip_nan",
                "HugzFnr/ENSC-S8-DataVRiz UnityProject-DataVRiz/Assets/Scripts/StatsHelper.cs (CalculateSD: the squared residuals (f - mean)^2 of a List<float>, NaN values left out), as one residual per value (NaN where the value is NaN)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(System.Collections.Generic.List<float> values, float mean, float[] residuals)
                    {
                        foreach (int i in PRange(values.Count))
                        {
                            float f = values[i];
                            residuals[i] = float.IsNaN(f) ? float.NaN : (f - mean) * (f - mean);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(413);
                        var values = new System.Collections.Generic.List<float>();
                        for (int i = 0; i < 10_007; i++) values.Add(random.Next(9) == 0 ? float.NaN : (float)(random.NextDouble() * 40 - 10));
                        return new object?[] { values, 12.5f, new float[10_007] };
                    }
                }
                """),
            new Case("symplectic_euler_fixed_mask",
                "WeakKnight/JobSystemPhysics Assets/Scripts/Jobs/SymplecticEulerJob.cs (IJobParallelFor: skip fixed points, force = -gradient, v += dt * force / mass, x += v * dt), NativeArrays as arrays",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(bool[] fixes, float[] mass, Vector3[] gradient, Vector3[] position, Vector3[] velocity, float deltaTime)
                    {
                        foreach (int index in PRange(position.Length))
                        {
                            if (fixes[index]) continue;
                            Vector3 force = -gradient[index];
                            velocity[index] = velocity[index] + (deltaTime * force / mass[index]);
                            position[index] = position[index] + (velocity[index] * deltaTime);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(414);
                        int n = 10_007;
                        var fixes = new bool[n]; var mass = new float[n];
                        var gradient = new Vector3[n]; var position = new Vector3[n]; var velocity = new Vector3[n];
                        for (int i = 0; i < n; i++)
                        {
                            fixes[i] = random.Next(6) == 0;
                            mass[i] = 0.2f + (float)random.NextDouble();
                            gradient[i] = new Vector3((float)random.NextDouble() - 0.5f, -9.8f, (float)random.NextDouble() - 0.5f);
                            position[i] = new Vector3(i % 101, i / 101, 0);
                            velocity[i] = new Vector3((float)random.NextDouble(), 0, (float)random.NextDouble());
                        }
                        return new object?[] { fixes, mass, gradient, position, velocity, 1f / 60 };
                    }
                }
                """),
            new Case("sph_density_vector2_kernel",
                "Benedikt-K/Fluid-Simulator SPH_Bachelorprojekt/Simulation/Kernel Function/Kernel.cs (the 2-D cubic spline W(distance): t1 = max(1 - d, 0), t2 = max(2 - d, 0), alpha * (t2^3 - 4 t1^3)), summed over every particle with Vector2.Distance as the density",
                """
                public static partial class K
                {
                    static float W(float distance, float h, float alpha)
                    {
                        float d = distance / h;
                        float t1 = Math.Max(1 - d, 0);
                        float t2 = Math.Max(2 - d, 0);
                        return alpha * ((t2 * t2 * t2) - 4 * (t1 * t1 * t1));
                    }

                    [ParallelKernel]
                    public static void Run(Vector2[] positions, float[] density, float mass, float h)
                    {
                        float alpha = 5 / (14 * MathF.PI * h * h);
                        foreach (int i in PRange(positions.Length))
                        {
                            float rho = 0;
                            for (int j = 0; j < positions.Length; j++)
                                rho += mass * W(Vector2.Distance(positions[i], positions[j]), h, alpha);
                            density[i] = rho;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(415);
                        int n = 1_003;
                        var positions = new Vector2[n];
                        for (int i = 0; i < n; i++) positions[i] = new Vector2((float)random.NextDouble() * 20, (float)random.NextDouble() * 20);
                        return new object?[] { positions, new float[n], 0.04f, 1f };
                    }
                }
                """),
            new Case("hough_sin_cos_maps",
                "andrewkirillov/AForge.NET Sources/Imaging/HoughLineTransformation.cs (StepsPerDegree setter: precompute sinMap[i] = Math.Sin(i * thetaStep) and cosMap[i] = Math.Cos(i * thetaStep) for every angle of the Hough map), with a finer step so that the loop is long",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] sinMap, double[] cosMap, double thetaStep)
                    {
                        foreach (int i in PRange(sinMap.Length))
                        {
                            sinMap[i] = Math.Sin(i * thetaStep);
                            cosMap[i] = Math.Cos(i * thetaStep);
                        }
                    }

                    public static object?[] Args()
                    {
                        int steps = 180 * 64 + 5;
                        return new object?[] { new double[steps], new double[steps], Math.PI / steps };
                    }
                }
                """),
            new Case("pnpoly_points_in_polygon",
                "boxofyellow/Ascii3dEngine Engine/PointInPolygon.cs (Check: W. R. Franklin's PNPOLY on double[] vertex arrays, the previous vertex j carried by 'j = i++'), many test points against one polygon in parallel, the vertex loop in the header form of Franklin's C",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] vx, double[] vy, double[] tx, double[] ty, bool[] inside)
                    {
                        int count = vx.Length;
                        foreach (int p in PRange(tx.Length))
                        {
                            bool result = false;
                            for (int i = 0, j = count - 1; i < count; j = i++)
                            {
                                if (((vy[i] > ty[p]) != (vy[j] > ty[p]))
                                    && (tx[p] < (vx[j] - vx[i]) * (ty[p] - vy[i]) / (vy[j] - vy[i]) + vx[i]))
                                    result = !result;
                            }
                            inside[p] = result;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(416);
                        int m = 29, n = 2_003;
                        double[] vx = new double[m], vy = new double[m], tx = new double[n], ty = new double[n];
                        for (int k = 0; k < m; k++)
                        {
                            double angle = 2 * Math.PI * k / m, radius = 0.4 + 0.5 * random.NextDouble();
                            vx[k] = radius * Math.Cos(angle);
                            vy[k] = radius * Math.Sin(angle);
                        }
                        for (int k = 0; k < n; k++) { tx[k] = random.NextDouble() * 2 - 1; ty[k] = random.NextDouble() * 2 - 1; }
                        return new object?[] { vx, vy, tx, ty, new bool[n] };
                    }
                }
                """),
            new Case("pnpoly_helper_per_point",
                "boxofyellow/Ascii3dEngine Engine/PointInPolygon.cs (Check as written there: the vertex counters declared before a 'for (; i < n; j = i++)' header, in a helper the parallel loop calls once per test point)",
                """
                public static partial class K
                {
                    static bool Check(double[] v0, double[] v1, double t0, double t1)
                    {
                        int count = v0.Length;
                        int i = 0;
                        int j = count - 1;
                        bool result = false;
                        for (; i < count; j = i++)
                        {
                            if (((v1[i] > t1) != (v1[j] > t1)) && (t0 < (v0[j] - v0[i]) * (t1 - v1[i]) / (v1[j] - v1[i]) + v0[i]))
                                result = !result;
                        }
                        return result;
                    }

                    [ParallelKernel]
                    public static void Run(double[] vx, double[] vy, double[] tx, double[] ty, bool[] inside)
                    {
                        foreach (int p in PRange(tx.Length)) inside[p] = Check(vx, vy, tx[p], ty[p]);
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(417);
                        int m = 23, n = 2_003;
                        double[] vx = new double[m], vy = new double[m], tx = new double[n], ty = new double[n];
                        for (int k = 0; k < m; k++)
                        {
                            double angle = 2 * Math.PI * k / m, radius = 0.4 + 0.5 * random.NextDouble();
                            vx[k] = radius * Math.Cos(angle);
                            vy[k] = radius * Math.Sin(angle);
                        }
                        for (int k = 0; k < n; k++) { tx[k] = random.NextDouble() * 2 - 1; ty[k] = random.NextDouble() * 2 - 1; }
                        return new object?[] { vx, vy, tx, ty, new bool[n] };
                    }
                }
                """),
            new Case("sma_days_window",
                "marzxxx90/BloodPlus BloodPlus/Forms/Sample.cs (Get_N_DaysMovingAverage: each average sums frameSize values from its own day on; there a while loop with its own counter, here the for loop it counts)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int frameSize, int[] data, double[] avgPoints)
                    {
                        foreach (int counter in PRange(avgPoints.Length))
                        {
                            double sum = 0;
                            for (int index = counter; index < counter + frameSize; index++) sum = sum + data[index];
                            avgPoints[counter] = sum / frameSize;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(53);
                        int frame = 9, n = 3_001;
                        int[] data = new int[n + frame - 1];
                        for (int k = 0; k < data.Length; k++) data[k] = random.Next(40, 200);
                        return new object?[] { frame, data, new double[n] };
                    }
                }
                """),
            new Case("sma_days_while",
                "marzxxx90/BloodPlus BloodPlus/Forms/Sample.cs (Get_N_DaysMovingAverage as written there: a while loop with its own counter and an index stepped beside it)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int frameSize, int[] data, double[] avgPoints)
                    {
                        foreach (int counter in PRange(avgPoints.Length))
                        {
                            double sum = 0;
                            int innerLoopCounter = 0;
                            int index = counter;
                            while (innerLoopCounter < frameSize)
                            {
                                sum = sum + data[index];
                                innerLoopCounter += 1;
                                index += 1;
                            }
                            avgPoints[counter] = sum / frameSize;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(61);
                        int frame = 7, n = 2_999;
                        int[] data = new int[n + frame - 1];
                        for (int k = 0; k < data.Length; k++) data[k] = random.Next(40, 200);
                        return new object?[] { frame, data, new double[n] };
                    }
                }
                """),
            new Case("sma_trailing_period",
                "Tyoshi14/RxClassLibraryExplanation TestProject/Program.cs (MovingAverage: the total of the period values up to day i, walked down from i)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] values, double[] average, int period)
                    {
                        foreach (int i in PRange(period - 1, values.Length))
                        {
                            double total = 0;
                            for (int x = i; x > (i - period); x--) total += values[x];
                            average[i] = total / period;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(59);
                        int n = 2_500;
                        double[] values = new double[n];
                        for (int k = 0; k < n; k++) values[k] = 10 + random.NextDouble() * 50;
                        return new object?[] { values, new double[n], 3 };
                    }
                }
                """),
            new Case("checksum_bytes_uint",
                "RoyKonzizky/ChatProtocolRoyV2 ChatProtocolRoyV2/ChecksumCalculator/Byte/ChecksumByteArrayCalculator.cs (CalculateChecksum: a uint sum of the message's bytes, wrapping)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static uint Run(byte[] input)
                    {
                        uint sum = 0;
                        foreach (int i in PRange(input.Length)) sum += input[i];
                        return sum;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(67);
                        byte[] input = new byte[40_003];
                        random.NextBytes(input);
                        return new object?[] { input };
                    }
                }
                """),
            new Case("checksum_bytes_ulong",
                "billchetch/Utilities-Library-VS Utilities/CheckSum.cs (SimpleAddition: a ulong sum of the bytes in an unchecked block)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static ulong Run(byte[] data)
                    {
                        ulong sum = 0;
                        unchecked
                        {
                            foreach (int i in PRange(data.Length)) sum += data[i];
                        }
                        return sum;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(71);
                        byte[] data = new byte[30_001];
                        random.NextBytes(data);
                        return new object?[] { data };
                    }
                }
                """),
            new Case("pixel_scanner_flat_index",
                "a C# ray tracer's PixelParallelScanner (namespace RayTracer.Scanners: one Parallel.For over width * height pixels, y = pixel / width, x = pixel - width * y), shading a gradient into a flat buffer (was KG1004: the subscript 'not affine')",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] image, int width, int height)
                    {
                        foreach (int pixel in PRange(width * height))
                        {
                            int y = pixel / width;
                            int x = pixel - width * y;
                            float u = (x + 0.5f) / width, v = (y + 0.5f) / height;
                            image[y * width + x] = u * u + v * (1 - u);
                        }
                    }

                    public static object?[] Args() => new object?[] { new float[131 * 97], 131, 97 };
                }
                """),
            new Case("yuv_to_rgb_cursor_per_pixel",
                "a Flutter camera service's YUV420-to-RGB converter (Dart, BT.601 in integers: r = (298c + 409e + 128) >> 8, clamped, then rgb[o++] = r; rgb[o++] = g; rgb[o++] = b), its output cursor computed per pixel as a parallel C# port must (was KG1004: the cursor declared in the inner loop was not followed)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] rgb, byte[] yPlane, byte[] uPlane, byte[] vPlane, int w, int h)
                    {
                        foreach (int oy in PRange(h))
                        {
                            for (int ox = 0; ox < w; ox++)
                            {
                                int c = yPlane[oy * w + ox] - 16;
                                int d = uPlane[oy * w + ox] - 128;
                                int e = vPlane[oy * w + ox] - 128;
                                int r = (298 * c + 409 * e + 128) >> 8;
                                int g = (298 * c - 100 * d - 208 * e + 128) >> 8;
                                int b = (298 * c + 516 * d + 128) >> 8;
                                if (r < 0) r = 0; else if (r > 255) r = 255;
                                if (g < 0) g = 0; else if (g > 255) g = 255;
                                if (b < 0) b = 0; else if (b > 255) b = 255;
                                int o = (oy * w + ox) * 3;
                                rgb[o++] = (byte)r;
                                rgb[o++] = (byte)g;
                                rgb[o++] = (byte)b;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new System.Random(7);
                        byte[] Plane() { var p = new byte[67 * 29]; random.NextBytes(p); return p; }
                        return new object?[] { new byte[67 * 29 * 3], Plane(), Plane(), Plane(), 67, 29 };
                    }
                }
                """),
            new Case("grayscale_image_indexer_invert",
                "e673/improcbase-cs src/LoadImageCS/Formats/GrayscaleByteImage.cs (a grayscale image class: readonly byte[] rawdata, Width and Height auto-properties, an indexer this[x, y] over rawdata[y * Width + x]), inverted row by row through its indexer as image-processing course code does (was KG1006: the indexer's writes were 'elements of an object KernelGen cannot trace')",
                """
                public class GrayscaleByteImage
                {
                    public int Width { get; private set; }
                    public int Height { get; private set; }
                    public readonly byte[] rawdata;

                    public GrayscaleByteImage(int width, int height, int seed)
                    {
                        Width = width;
                        Height = height;
                        rawdata = new byte[width * height];
                        new System.Random(seed).NextBytes(rawdata);
                    }

                    public byte this[int x, int y]
                    {
                        get { return rawdata[y * Width + x]; }
                        set { rawdata[y * Width + x] = value; }
                    }
                }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(GrayscaleByteImage image)
                    {
                        foreach (int y in PRange(image.Height))
                            for (int x = 0; x < image.Width; x++)
                                image[x, y] = (byte)(255 - image[x, y]);
                    }

                    public static object?[] Args() => new object?[] { new GrayscaleByteImage(71, 43, 5) };
                }
                """),
            new Case("matrix_view_scale_rows_in_place",
                "Trust-Anchor-Group/IdApp IdApp.Cv/Arithmetics/ScalarMultiplication.cs (Matrix<float>.ScalarMultiplication: a view of Width x Height elements from Start, rows Skip apart in Data, each multiplied in place), each row taken as an in-place span and walked with foreach (ref float v …) as a modern C# port writes it (was KG1006: the write through the ref variable was 'memory KernelGen cannot trace')",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] data, int start, int width, int height, int skip, float scalar)
                    {
                        foreach (int y in PRange(height))
                        {
                            foreach (ref float v in data.AsSpan(start + y * (width + skip), width))
                                v *= scalar;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new System.Random(11);
                        int start = 5, width = 53, height = 21, skip = 3;
                        var data = new float[start + height * (width + skip)];
                        for (int k = 0; k < data.Length; k++) data[k] = (float)(random.NextDouble() * 4 - 2);
                        return new object?[] { data, start, width, height, skip, 1.5f };
                    }
                }
                """),
            new Case("filter_taps_clamp_to_edge",
                "alexChurkin/CGColorsAndFilters CGFilters/testcode.cs (MatrixFilter.CalculateNewPixelColor: each tap k in [-radius, radius] reads the pixel at Clamp(x + k, 0, Width - 1), the edge pixel repeated), its horizontal taps as the row pass of a separable filter over a float plane (was a scalar body: each clamped tap a gather, one element per lane)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] plane, float[] result, float[] weights, int width, int height, int radius)
                    {
                        foreach (int y in PRange(height))
                        {
                            int row = y * width;
                            for (int x = 0; x < width; x++)
                            {
                                float acc = 0f;
                                for (int k = -radius; k <= radius; k++)
                                    acc += plane[row + Math.Clamp(x + k, 0, width - 1)] * weights[k + radius];
                                result[row + x] = acc;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(77);
                        int width = 97, height = 23, radius = 3;
                        var plane = new float[width * height];
                        for (int k = 0; k < plane.Length; k++) plane[k] = (float)(random.NextDouble() * 255);
                        var weights = new float[2 * radius + 1];
                        for (int k = 0; k < weights.Length; k++) weights[k] = (float)random.NextDouble() / weights.Length;
                        return new object?[] { plane, new float[width * height], weights, width, height, radius };
                    }
                }
                """),
            new Case("filter_2d_clamped_taps",
                "alexChurkin/CGColorsAndFilters CGFilters/testcode.cs (MatrixFilter.CalculateNewPixelColor: the tap at (k, l) reads the pixel at Clamp(x + k, 0, Width - 1), Clamp(y + l, 0, Height - 1)), both clamps inside the tap loops as written there, on a float plane (was a scalar body: the clamped row is not a polynomial, so every tap was a gather)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] plane, float[] result, float[] taps, int width, int height, int radius)
                    {
                        int side = 2 * radius + 1;
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width; x++)
                            {
                                float acc = 0f;
                                for (int l = -radius; l <= radius; l++)
                                    for (int k = -radius; k <= radius; k++)
                                        acc += plane[Math.Clamp(y + l, 0, height - 1) * width + Math.Clamp(x + k, 0, width - 1)] * taps[(l + radius) * side + k + radius];
                                result[y * width + x] = acc;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(78);
                        int width = 83, height = 19, radius = 2;
                        var plane = new float[width * height];
                        for (int k = 0; k < plane.Length; k++) plane[k] = (float)(random.NextDouble() * 255);
                        var taps = new float[(2 * radius + 1) * (2 * radius + 1)];
                        for (int k = 0; k < taps.Length; k++) taps[k] = (float)random.NextDouble() / taps.Length;
                        return new object?[] { plane, new float[width * height], taps, width, height, radius };
                    }
                }
                """),
            new Case("gaussian_blur_clamped_window",
                "kochamdziekana/GaussianBlur_AsmCs GaussianBlur/Blurers/BlurOne.cs (BlurTarget: for each pixel a window of source pixels at Min(width - 1, Max(0, ix)), Min(height - 1, Max(0, iy)), weighted by exp(-d^2 / 2r^2) with d^2 an int quotient as there, normalized by the weights' sum), the window's bounds moving with the pixel",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] source, int[] destination, int width, int height, int radius)
                    {
                        int reach = (int)(radius * 2.57);
                        foreach (int row in PRange(height))
                        {
                            for (int col = 0; col < width; col++)
                            {
                                double total = 0, weights = 0;
                                for (int sy = row - reach; sy < row + reach + 1; sy++)
                                    for (int sx = col - reach; sx < col + reach + 1; sx++)
                                    {
                                        int cx = Math.Min(width - 1, Math.Max(0, sx));
                                        int cy = Math.Min(height - 1, Math.Max(0, sy));
                                        int d2 = (sx - col) * (sx - col) + (sy - row) * (sy - row);
                                        double weight = Math.Exp(-d2 / (2 * radius * radius)) / (Math.PI * 2 * radius * radius);
                                        total += source[cy * width + cx] * weight;
                                        weights += weight;
                                    }
                                destination[row * width + col] = (int)Math.Round(total / weights);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(79);
                        int width = 41, height = 13;
                        var source = new int[width * height];
                        for (int k = 0; k < source.Length; k++) source[k] = random.Next(256);
                        return new object?[] { source, new int[width * height], width, height, 1 };
                    }
                }
                """),
            new Case("convolution_if_clamped_taps",
                "Kornelos/Computer-Graphics-1 CG1/Convolution.cs (applyKernel: per tap, sourceX = x + matrixX and sourceY = y + matrixY, then four ifs pull each back to the edge, sum += (int)(pixel * kernel[matrixX + 1, matrixY + 1]), the sum cut to 0..255), on a gray byte plane (was a scalar body: the locals the ifs assign were gathers)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] gray, byte[] output, double[,] kernel, int width, int height)
                    {
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width; x++)
                            {
                                int sum = 0;
                                for (int my = -1; my <= 1; my++)
                                    for (int mx = -1; mx <= 1; mx++)
                                    {
                                        int sourceX = x + mx;
                                        int sourceY = y + my;
                                        if (sourceX < 0)
                                            sourceX = 0;
                                        if (sourceX >= width)
                                            sourceX = width - 1;
                                        if (sourceY < 0)
                                            sourceY = 0;
                                        if (sourceY >= height)
                                            sourceY = height - 1;
                                        sum += (int)(gray[sourceY * width + sourceX] * kernel[mx + 1, my + 1]);
                                    }
                                if (sum > 255) sum = 255;
                                if (sum < 0) sum = 0;
                                output[y * width + x] = (byte)sum;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(80);
                        int width = 71, height = 17;
                        var gray = new byte[width * height];
                        random.NextBytes(gray);
                        var kernel = new double[3, 3];
                        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) kernel[i, j] = random.NextDouble() * 0.4 - 0.1;
                        return new object?[] { gray, new byte[width * height], kernel, width, height };
                    }
                }
                """),
            new Case("matrix_filter_clamp_helper",
                "vitaliyvoroshilov/CG_Lab1 CG_Lab1_w_Sean0450/Ingray.cs (CalculateNewPixelColour: for each tap (k, i) of the kernel, idx = Clamp(x + k, 0, Width - 1), idy = Clamp(y + i, 0, Height - 1) through the filter's own Clamp helper, the neighbour weighted by kernel[k + RadiusX, i + RadiusY]), on a float plane with the helper written with early returns (was a scalar body: the inlined helper's '?:' was a gather)",
                """
                public static partial class K
                {
                    static int Clamp(int value, int min, int max)
                    {
                        if (value < min) return min;
                        if (value > max) return max;
                        return value;
                    }

                    [ParallelKernel]
                    public static void Run(float[] plane, float[] result, int[,] kernel, int width, int height)
                    {
                        int radiusX = kernel.GetLength(0) / 2, radiusY = kernel.GetLength(1) / 2;
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width; x++)
                            {
                                float acc = 0f;
                                for (int i = -radiusY; i <= radiusY; i++)
                                    for (int k = -radiusX; k <= radiusX; k++)
                                    {
                                        int idx = Clamp(x + k, 0, width - 1);
                                        int idy = Clamp(y + i, 0, height - 1);
                                        acc += plane[idy * width + idx] * kernel[k + radiusX, i + radiusY];
                                    }
                                result[y * width + x] = (acc + 255f) / 2f;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(81);
                        int width = 59, height = 13;
                        var plane = new float[width * height];
                        for (int n = 0; n < plane.Length; n++) plane[n] = (float)(random.NextDouble() * 255);
                        var kernel = new int[,] { { 0, 1, 0 }, { 1, 0, -1 }, { 0, -1, 0 } };
                        return new object?[] { plane, new float[width * height], kernel, width, height };
                    }
                }
                """),
            new Case("heightmap_smooth_jagged",
                "MR-REX/outside-terrain-tool Scripts/WorkbenchGame/WorldEditor/OutsideTerrainTool/OTT_HeightmapHelper.c (Smooth: each inner cell of a heightmap held as rows of floats gets the mean of its 3x3 neighbourhood, heightmap[i + k][j + l]), in C# over float[][] and written to a second heightmap (the original updates in place, an order-dependent sweep) (was a scalar body: every tap's row was a gather)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[][] heightmap, float[][] smoothed)
                    {
                        int height = heightmap.Length, width = heightmap[0].Length;
                        foreach (int i in PRange(1, height - 1))
                        {
                            float[] target = smoothed[i];
                            for (int j = 1; j < width - 1; j++)
                            {
                                float sum = 0;
                                for (int k = -1; k <= 1; k++)
                                    for (int l = -1; l <= 1; l++)
                                        sum += heightmap[i + k][j + l];
                                target[j] = sum / 9;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(82);
                        int width = 67, height = 15;
                        var map = new float[height][];
                        var smoothed = new float[height][];
                        for (int r = 0; r < height; r++)
                        {
                            map[r] = new float[width];
                            smoothed[r] = new float[width];
                            for (int c = 0; c < width; c++) map[r][c] = (float)random.NextDouble() * 100f;
                        }
                        return new object?[] { map, smoothed };
                    }
                }
                """),
            new Case("encoder_bt_collapsed",
                "karpathy/llm.c train_gpt2.c (encoder_forward: out[b, t, :] = wte[inp[b, t], :] + wpe[t, :]), its b and t loops collapsed by hand into one loop over B * T with b = bt / T, t = bt % T, as C# ports write OpenMP's collapse(2) (was KG1004)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] output, int[] inp, float[] wte, float[] wpe, int B, int T, int C)
                    {
                        foreach (int bt in PRange(B * T))
                        {
                            int b = bt / T, t = bt % T;
                            int outBt = b * T * C + t * C;
                            int ix = inp[b * T + t];
                            int wteIx = ix * C, wpeT = t * C;
                            for (int i = 0; i < C; i++)
                                output[outBt + i] = wte[wteIx + i] + wpe[wpeT + i];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(2032);
                        int B = 3, T = 17, C = 48, V = 61;
                        var inp = new int[B * T];
                        for (int k = 0; k < inp.Length; k++) inp[k] = random.Next(V);
                        var wte = new float[V * C];
                        var wpe = new float[T * C];
                        for (int k = 0; k < wte.Length; k++) wte[k] = (float)random.NextDouble();
                        for (int k = 0; k < wpe.Length; k++) wpe[k] = (float)random.NextDouble();
                        return new object?[] { new float[B * T * C], inp, wte, wpe, B, T, C };
                    }
                }
                """),
        };
    }
}
