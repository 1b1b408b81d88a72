using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using KernelGen.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// Random kernels reading the channels of rectangular arrays (Planner.Channels): <c>img[y, x + dx, c]</c> in an inner
    /// loop over x (T[h, w, C]) or <c>pts[i + di, c]</c> over the PRange index (T[n, C]), c constant, 1 to 4 channels
    /// read, byte/short/int/float/double elements, neighbours at −1/0/+1 with loop ranges that keep them in bounds or, now
    /// and then, step past the end; run on arrays whose channel count is the one read (the vector path) or one or two
    /// more or fewer (the scalar path, or both sides throwing). Serial and parallel (and the reversed schedule) must give
    /// the same elements or the same exception. <c>KERNELGEN_CHANNEL_FUZZ_KERNELS</c> asks for more than the default.
    /// </summary>
    public class ChannelFuzzTests
    {
        // 20 in the local default run (it is near its 3-minute budget), 40 in CI (CI=true).
        private static int DefaultKernels => SlowFactAttribute.Enabled ? 40 : 20;
        private readonly ITestOutputHelper _output;
        public ChannelFuzzTests(ITestOutputHelper output) => _output = output;

        private static readonly string[] Types = { "byte", "short", "int", "float", "double" };

        private sealed record Shape(string Type, int Rank, int Channels, int Pixels = 0);

        private sealed class Builder
        {
            private readonly Random _r;
            public Builder(int seed) => _r = new Random(seed);
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];
            private bool Chance(double p) => _r.NextDouble() < p;

            public string Kernel(int k, out Shape shape)
            {
                string t = Pick(Types);
                int rank = Chance(0.6) ? 3 : 2;
                int channels = _r.Next(2, 5);
                bool floating = t is "float" or "double";
                string acc = floating ? t : Pick("int", "long", "double");
                int terms = _r.Next(1, 5);
                string at = rank == 3 ? "x" : "i";
                var parts = new List<string>();
                int lowest = 0, highest = 0;
                for (int n = 0; n < terms || !parts.Any(p => p.Contains($", {channels - 1}]")); n++)
                {
                    int c = n < terms ? _r.Next(channels) : channels - 1; // (the last channel is read: the count is its index + 1)
                    int d = Chance(0.7) ? 0 : Pick(-1, 1);
                    lowest = Math.Min(lowest, d); highest = Math.Max(highest, d);
                    string offset = d == 0 ? at : d < 0 ? $"{at} - 1" : $"{at} + 1";
                    string element = rank == 3 ? $"src[y, {offset}, {c}]" : $"src[{offset}, {c}]";
                    string coefficient = floating ? Pick("", "0.5 * ", "-2 * ", "3 * ") : Pick("", "2 * ", "-3 * ");
                    parts.Add($"{coefficient}({acc}){element}");
                }
                string expr = string.Join(Pick(" + ", " - "), parts);
                if (acc is "int" or "long" && Chance(0.3)) expr = $"({expr}) >> 1";
                if (floating && Chance(0.2)) expr = $"Math.Abs({expr})";
                // The range keeps the neighbours in bounds, or now and then runs one past the end (both sides throw).
                string from = lowest < 0 ? "1" : "0"; // (a plane read at x - 1 below may start it at 1 too)
                string to = highest > 0 && !Chance(0.3) ? " - 1" : "";
                shape = new Shape(t, rank, channels);
                // Sometimes planes of a rectangular output too (chw[p, y, x], HWC to CHW), some read back: at this x (another
                // plane or the plane itself: other elements or the same one) or at x - 1 (a dependence along x when that
                // plane is stored: the vector path must refuse it).
                var stores = new StringBuilder();
                if (rank == 3 && Chance(0.4))
                {
                    if (Chance(0.5)) from = "1";
                    int[] written = Enumerable.Range(0, 4).OrderBy(_ => _r.Next()).Take(_r.Next(1, 4)).ToArray();
                    foreach (int plane in written)
                    {
                        string value = $"(double)({parts[_r.Next(parts.Count)]})";
                        if (Chance(0.5))
                        {
                            int q = Chance(0.5) ? written[_r.Next(written.Length)] : _r.Next(4);
                            bool back = from == "1" && Chance(0.6);
                            value += $" + planes[{q}, y, {(back ? "x - 1" : "x")}]";
                        }
                        stores.Append($"                planes[{plane}, y, x] = {value};\n");
                    }
                }
                // Sometimes every channel of an HWC output's pixel (hwc[y, x, 0..D-1], in any order, some compound, some reading
                // a channel of the same pixel back, or of the pixel before: a dependence along x), or all but one (a gap: no group).
                int pixels = 0;
                if (rank == 3 && Chance(0.35))
                {
                    pixels = _r.Next(2, 5);
                    if (Chance(0.3)) from = "1";
                    int[] order = Enumerable.Range(0, pixels).OrderBy(_ => _r.Next()).Take(Chance(0.15) ? pixels - 1 : pixels).ToArray();
                    foreach (int channel in order)
                    {
                        string value = $"(double)({parts[_r.Next(parts.Count)]})";
                        if (Chance(0.3)) value += $" + hwc[y, {(from == "1" && Chance(0.4) ? "x - 1" : "x")}, {_r.Next(pixels)}]";
                        stores.Append($"                hwc[y, x, {channel}] {(Chance(0.25) ? "+=" : "=")} {value};\n");
                    }
                }
                shape = shape with { Pixels = pixels };
                string body = rank == 3
                    ? $$"""
                            int h = src.GetLength(0), w = src.GetLength(1);
                            foreach (int y in PRange(h))
                                for (int x = {{from}}; x < w{{to}}; x++)
                                {
                                    dst[y * w + x] = (double)({{expr}});
                    {{stores}}            }
                    """
                    : $$"""
                            int n = src.GetLength(0);
                            foreach (int i in PRange({{from}}, n{{to}}))
                                dst[i] = (double)({{expr}});
                    """;
                return $$"""
                        [ParallelKernel]
                        public static void K{{k}}({{t}}{{(rank == 3 ? "[,,]" : "[,]")}} src, double[] dst, double[,,] planes, double[,,] hwc)
                        {
                    {{body}}
                        }

                    """;
            }
        }

        private static Array Source(Shape shape, int h, int w, int channels, Random r)
        {
            Type element = shape.Type switch { "byte" => typeof(byte), "short" => typeof(short), "int" => typeof(int), "float" => typeof(float), _ => typeof(double) };
            Array a = shape.Rank == 3 ? Array.CreateInstance(element, h, w, channels) : Array.CreateInstance(element, h * w, channels);
            var index = new int[shape.Rank];
            for (int flat = 0; flat < a.Length; flat++)
            {
                int rest = flat;
                for (int d = shape.Rank - 1; d >= 0; d--) { index[d] = rest % a.GetLength(d); rest /= a.GetLength(d); }
                object value = shape.Type switch
                {
                    "byte" => (object)(byte)r.Next(256),
                    "short" => (object)(short)r.Next(short.MinValue, short.MaxValue + 1),
                    "int" => (object)r.Next(-1000, 1000),
                    "float" => (object)(float)(r.Next(-64, 64) * 0.25),
                    _ => (object)(r.NextDouble() * 8 - 4),
                };
                a.SetValue(value, index);
            }
            return a;
        }

        private static double[,,] Planes(int h, int w, Random r)
        {
            var planes = new double[4, h, w];
            for (int p = 0; p < 4; p++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) planes[p, y, x] = r.Next(-20, 20);
            return planes;
        }

        private static double[,,] Pixels(int h, int w, int channels, Random r)
        {
            var pixels = new double[h, w, channels];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int c = 0; c < channels; c++) pixels[y, x, c] = r.Next(-20, 20);
            return pixels;
        }

        [Fact]
        public void Random_channel_kernels_match_serial()
        {
            int count = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_CHANNEL_FUZZ_KERNELS"), out int asked) && asked > 0 ? asked : DefaultKernels;
            var builder = new Builder(20261207);
            var source = new StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class Z\n{\n");
            var shapes = new List<Shape>();
            for (int k = 0; k < count; k++)
            {
                source.Append(builder.Kernel(k, out Shape shape));
                shapes.Add(shape);
            }
            source.Append("}\n");
            Assembly built = InMemory.Build(source.ToString());
            (_, var run) = InMemory.Generate(InMemory.Compile(source.ToString()));
            string generated = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            int vector = generated.Split('\n').Count(l => l.StartsWith("//     vector: ", StringComparison.Ordinal) && l.Contains("strided loads (interleaved channels)"));
            var failures = new List<string>();
            int runs = 0, threw = 0;
            for (int k = 0; k < count; k++)
                foreach ((int h, int w) in new[] { (1, 1), (2, 9), (3, 16), (2, 32), (5, 70) })
                    foreach (int more in new[] { 0, 1, -1 })
                    {
                        var random = new Random(k * 1000 + h * 100 + w + more);
                        int channels = Math.Max(1, shapes[k].Channels + more);
                        object[] args = { Source(shapes[k], h, w, channels, random), new double[h * w], Planes(h, w, random), Pixels(h, w, Math.Max(1, shapes[k].Pixels + Math.Max(more, 0)), random) };
                        runs++;
                        try { Differential.Same(built, "Z", "K" + k, args); }
                        catch (Exception e) when (e is Xunit.Sdk.XunitException) { failures.Add($"K{k} ({shapes[k]}) at {h} x {w} x {channels}: {e.Message.Split('\n')[0]}"); }
                        if (Differential.Throws(built, "Z", "K" + k, args)) threw++;
                    }
            int planes = generated.Split("// KernelGen parallel report").Count(r => r.Contains("planes[") && r.Split('\n').Any(l => l.StartsWith("//     vector: inner loop", StringComparison.Ordinal)));
            int grouped = generated.Split("// KernelGen parallel report").Count(r => r.Contains("hwc[") && r.Split('\n').Any(l => l.StartsWith("//     vector: inner loop", StringComparison.Ordinal) && l.Contains("stored together")));
            string summary = $"{count} kernels, {vector} with channels on vector lanes ({planes} storing planes, {grouped} storing pixels together); {runs} runs ({threw} threw on both sides), {failures.Count} mismatches";
            _output.WriteLine(summary);
            if (Environment.GetEnvironmentVariable("KERNELGEN_CHANNEL_FUZZ_WHY") is not null)
                foreach (string report in generated.Split("// KernelGen parallel report").Where(r => r.Contains("hwc[")))
                    _output.WriteLine(report.Split('\n').FirstOrDefault(l => l.StartsWith("//     vector: ", StringComparison.Ordinal)) ?? "");
            Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(10)) + "\n" + source);
            Assert.True(vector > count / 4 && threw > 0, summary);
        }
    }
}
