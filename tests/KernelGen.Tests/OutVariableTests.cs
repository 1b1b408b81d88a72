using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Variables an iteration declares in an expression (<c>out int v</c>, <c>out var n</c>, <c>var (q, r) = …</c>) in a
    /// PRange body written without braces: <c>foreach (int i in PRange(n)) o[i] = map.TryGetValue(k[i], out int v) ? v : -1;</c>
    /// — a dictionary lookup per element, the shape of lookup and parse loops everywhere. The compiler scopes such a
    /// local by the loop's implicit block, outside the body's own operation, so the capture analysis took v for a
    /// variable declared outside the loop, written by every iteration: KG2006 and serial. A declaration reference
    /// inside the body now declares its local there (RegionFlow). An out argument of a variable really declared outside
    /// is still a race (KG1005 where the iteration reads it back).
    /// </summary>
    public class OutVariableTests
    {
        private const string Source = """
            using System;
            using System.Collections.Generic;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class O
            {
                [ParallelKernel]
                public static void Lookup(int[] keys, Dictionary<int, int> map, int[] o)
                {
                    foreach (int i in PRange(keys.Length))
                        o[i] = map.TryGetValue(keys[i], out int v) ? v : -1;
                }

                [ParallelKernel]
                public static void Parse(string[] s, int[] o)
                {
                    foreach (int i in PRange(s.Length))
                        o[i] = int.TryParse(s[i], out var n) ? n * 2 : -7;
                }

                [ParallelKernel]
                public static void Split(int[] a, int[] quotients, int[] remainders)
                {
                    foreach (int i in PRange(a.Length))
                        (quotients[i], remainders[i]) = Math.DivRem(a[i], 7) is var (q, r) ? (q, r) : (0, 0);
                }
            }

            public static partial class Shared
            {
                // v is the method's: every iteration writes it and reads it (KG1005).
                [ParallelKernel]
                public static void Lookup(int[] keys, Dictionary<int, int> map, int[] o)
                {
                    int v;
                    foreach (int i in PRange(keys.Length))
                        o[i] = map.TryGetValue(keys[i], out v) ? v : -1;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Variables_declared_in_an_unbraced_body_are_the_iterations_own()
        {
            foreach (string kernel in new[] { "Lookup", "Parse", "Split" })
                Assert.NotNull(s_built.Value.GetType("O")!.GetMethod(kernel + "Parallel"));
            Assert.Null(s_built.Value.GetType("Shared")!.GetMethod("LookupParallel"));
            var all = InMemory.Analyze(Source, InMemory.ParseOptions).Where(d => d.Id.StartsWith("KG", StringComparison.Ordinal)).ToList();
            // Only the method's own v: every iteration writes it and reads it back (a build error at the read).
            var races = all.Where(d => d.Id is "KG1005" or "KG2006").ToList();
            Assert.True(races.Count == 1 && races[0].Id == "KG1005" && races[0].GetMessage().StartsWith("'v' is shared", StringComparison.Ordinal), string.Join("\n", all));
        }

        [Fact]
        public void Results_are_the_serial_loops()
        {
            var random = new Random(11);
            var map = Enumerable.Range(0, 500).Where(k => k % 3 != 0).ToDictionary(k => k, k => k * k - 3);
            foreach (int n in new[] { 0, 1, 17, 5000 })
            {
                int[] keys = Enumerable.Range(0, n).Select(_ => random.Next(600)).ToArray();
                Differential.Same(s_built.Value, "O", "Lookup", keys, map, new int[n]);
                string[] text = Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? "x" + random.Next(9) : random.Next(-999, 999).ToString()).ToArray();
                Differential.Same(s_built.Value, "O", "Parse", text, new int[n]);
                Differential.Same(s_built.Value, "O", "Split", Enumerable.Range(0, n).Select(_ => random.Next(-100, 100)).ToArray(), new int[n], new int[n]);
            }
        }
    }
}
