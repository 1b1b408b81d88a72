using System;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A statement that reads the same element twice reads it once (Vectorize/SharedLoads). Found by the random kernels
    /// (seed 921, kernel 1354): <c>r[i] = (byte)(r[i] + (4095 + (int.MinValue - b[i + 1]) + (b[i + 1] + m)))</c> on
    /// bytes in 16-bit lanes gave r[i] - b[i + 1] + …: .NET 10's JIT, with the runtime's widening load inlined and
    /// optimized, used the second load's register before loading it (the previous step's lanes, or whatever the
    /// register held). With the element read into a local first, the statement has one load and the right value.
    /// </summary>
    public class SharedLoadTests
    {
        private const string Source = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                // The random kernel as generated (q's stores around the statement are part of what the JIT saw).
                [ParallelKernel]
                public static void Cancel(sbyte[] b, byte[] r, sbyte[] q, int m)
                {
                    foreach (int i in PRange(r.Length - 1))
                    {
                        if (!(unchecked((ushort)(15)) <= (-1))) q[i] = unchecked((sbyte)(int.MaxValue));
                        r[i] = (byte)(r[i] + (4095 + (int.MinValue - b[i + 1]) + (b[i + 1] + m)));
                        q[i] = unchecked((sbyte)(16));
                    }
                }

                [ParallelKernel]
                public static void Square(float[] a, float[] o)
                {
                    foreach (int i in PRange(o.Length))
                        o[i] = a[i] * a[i] + a[i];
                }
            }
            """;

        /// <summary>
        /// (In this process the JIT's error does not show, even with the chunks compiled AggressiveOptimization: it did in
        /// the random kernels' run and in a program run with DOTNET_TieredCompilation=0. The shape check below is what
        /// fails without SharedLoads; the values check the statement still computes the serial result.)
        /// </summary>
        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void An_element_a_statement_reads_twice_is_loaded_once_and_the_result_is_the_serial_one()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "S");
            foreach ((string kernel, string load) in new[] { ("Cancel", "WidenLoadShort512(ref __kg_r_b,"), ("Square", "Vector512.LoadUnsafe(ref __kg_r_a,") })
            {
                string text = InMemory.Section(generated(kernel));
                Assert.Contains(load, text);
                Assert.All(text.Split('\n'), line => Assert.True(Regex.Matches(line, Regex.Escape(load)).Count <= 1, line)); // once a statement
                Assert.Contains("var __kg_ld0 = ", text);
            }
            // The values the random kernels failed on (9 elements: one step of 8 lanes), then random ones at several sizes.
            sbyte[] b = { -66, 127, 127, 127, -99, 53, -74, -1, -1 };
            byte[] r = { 142, 33, 139, 1, 117, 166, 93, 232, 156 };
            Differential.Same(s_built.Value, "S", "Cancel", b, r, new sbyte[9], 9);
            var random = new Random(921);
            foreach (int n in new[] { 2, 9, 17, 33, 100, 1001 })
            {
                var bytes = new byte[n];
                random.NextBytes(bytes);
                Differential.Same(s_built.Value, "S", "Cancel", bytes.Select(x => unchecked((sbyte)x)).ToArray(), bytes.Reverse().ToArray(), new sbyte[n], random.Next(-40, 40));
                float[] a = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
                Differential.Same(s_built.Value, "S", "Square", a, new float[n]);
            }
        }
    }
}
