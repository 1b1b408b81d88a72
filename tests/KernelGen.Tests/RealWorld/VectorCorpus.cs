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

        };
    }
}
