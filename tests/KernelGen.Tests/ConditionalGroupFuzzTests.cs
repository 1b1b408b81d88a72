using System;
using System.Linq;
using System.Reflection;
using System.Text;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Random pixel kernels over arrays whose channel stores run under a condition (an if around them, an early
    /// continue, an else with its own group, a condition on a channel or on the pixel's number): the group stores on
    /// lane masks (Planner.GroupStore: lanes whose condition fails store back what the elements hold) against the
    /// serial method, with the chunks in order and reversed, on rows packed and at a stride. KERNELGEN_GROUP_FUZZ_KERNELS
    /// and KERNELGEN_GROUP_FUZZ_SEED set a longer or another run.
    /// </summary>
    public class ConditionalGroupFuzzTests
    {
        private static readonly int Kernels = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_GROUP_FUZZ_KERNELS"), out int asked) && asked > 0 ? asked : Harness.Scale.Count(full: 40, local: 20);
        private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_GROUP_FUZZ_SEED"), out int seed) ? seed : 20261206;

        private static readonly Lazy<(string Source, Assembly Assembly)> Built = new(() =>
        {
            var r = new Random(Seed);
            var text = new StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class G\n{\n");
            for (int k = 0; k < Kernels; k++) text.Append(Kernel(k, r));
            text.Append("}\n");
            string source = text.ToString();
            return (source, InMemory.Build(source));
        });

        private static string TypeOf(int k) => (k % 3) switch { 0 => "byte", 1 => "float", _ => "int" };

        private static string Kernel(int k, Random r)
        {
            string t = TypeOf(k);
            int n = r.Next(2, 5);
            bool rows = r.Next(2) == 0;
            int stored = n > 2 && r.Next(2) == 0 ? n - 1 : n; // all channels, or alpha left alone
            string P(int c) => $"px[o + {c}]";
            string Value(int c)
            {
                int o = (c + 1) % stored;
                return (t, r.Next(3)) switch
                {
                    ("byte", 0) => $"(byte)(255 - {P(c)})",
                    ("byte", 1) => $"(byte)(({P(c)} + {P(o)}) >> 1)",
                    ("byte", _) => $"(byte){r.Next(256)}",
                    ("float", 0) => $"{P(c)} * 0.5f + {P(o)}",
                    ("float", 1) => $"-{P(c)}",
                    ("float", _) => $"{r.Next(9)}.25f",
                    (_, 0) => $"{P(c)} * 3 - {P(o)}",
                    (_, 1) => $"{P(o)} ^ {r.Next(1, 99)}",
                    _ => $"{r.Next(-9, 9)}",
                };
            }
            string Group() => string.Concat(Enumerable.Range(0, stored).Select(c => $"{P(c)} = {Value(c)}; "));
            string threshold = t == "float" ? $"{r.Next(-2, 3)}.5f" : r.Next(0, 200).ToString();
            string condition = r.Next(4) switch
            {
                0 => $"{P(r.Next(n))} > {threshold}",
                1 => $"{P(0)} < {P(n - 1)}",
                2 => $"(p & {r.Next(1, 4)}) == 0",
                _ => $"{P(r.Next(n))} != {threshold} && {P(r.Next(n))} <= {P(r.Next(n))}",
            };
            string body = r.Next(3) switch
            {
                0 => $"if ({condition}) {{ {Group()}}}",
                1 => $"if ({condition}) continue; {Group()}",
                _ => $"if ({condition}) {{ {Group()}}} else {{ {Group()}}}",
            };
            string loop = rows
                ? $$"""
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int p = x, o = y * stride + {{n}} * x;
                            {{body}}
                        }
                """
                : $$"""
                    foreach (int p in PRange(width * height))
                    {
                        int o = {{n}} * p;
                        {{body}}
                    }
                """;
            return $$"""
                // {{n}} channels, {{stored}} stored
                [ParallelKernel]
                public static void K{{k}}({{t}}[] px, int width, int height, int stride)
                {
                {{loop}}
                }

            """;
        }

        [Fact]
        public void Random_conditional_groups_match_serial()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Built.Value.Source, "G");
            var random = new Random(Seed + 1);
            int onMasks = 0;
            for (int k = 0; k < Kernels; k++)
            {
                if (generated("K" + k).Contains("// lanes whose condition fails keep the element as it is", StringComparison.Ordinal)) onMasks++;
                string header = Built.Value.Source.Split($"public static void K{k}(")[0];
                int n = int.Parse(header.Substring(header.LastIndexOf("// ", StringComparison.Ordinal) + 3, 1));
                foreach (int width in new[] { 1, 16, 37, 70 })
                {
                    const int Height = 5;
                    // Strides: packed, padded by a pixel and a half (the residue guard then fails: the scalar loop).
                    foreach (int stride in new[] { n * width, n * width + 2 * n, n * width + 2 })
                    {
                        int length = stride * Height + n;
                        object pixels = TypeOf(k) switch
                        {
                            "byte" => Enumerable.Range(0, length).Select(_ => (byte)random.Next(256)).ToArray(),
                            "float" => Enumerable.Range(0, length).Select(_ => random.Next(-8, 8) * 0.5f).ToArray(),
                            _ => (object)Enumerable.Range(0, length).Select(_ => random.Next(-300, 300)).ToArray(),
                        };
                        Differential.Same(Built.Value.Assembly, "G", "K" + k, pixels, width, Height, stride);
                    }
                }
            }
            Console.WriteLine($"ConditionalGroupFuzz: {Kernels} kernels (seed {Seed}), {onMasks} with a group stored on lane masks");
            Assert.True(onMasks >= Kernels / 4, $"{onMasks} of {Kernels} kernels store a group on lane masks");
        }
    }
}
