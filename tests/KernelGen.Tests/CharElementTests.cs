using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// char arrays (text as char[], grids of characters) on vector lanes: a char is a ushort's bits, widened into int
    /// lanes (zero-extended, as C# promotes a char) and stored back as its low 16 bits, through the array's data read as
    /// ushorts (<c>Unsafe.As&lt;char, ushort&gt;</c>). Before, any char element or local kept the step scalar ("'s[i]' has
    /// type char").
    /// </summary>
    public class CharElementTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class C
            {
                [ParallelKernel]
                public static void Upper(char[] s, char[] o)
                {
                    foreach (int i in PRange(s.Length))
                    {
                        char c = s[i];
                        o[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
                    }
                }

                [ParallelKernel]
                public static void Lower(char[] s)
                {
                    foreach (int i in PRange(s.Length))
                        if (s[i] >= 'A' && s[i] <= 'Z') s[i] = (char)(s[i] + 32);
                }

                // A Caesar shift of the lower-case letters (an integer remainder on the lanes).
                [ParallelKernel]
                public static void Caesar(char[] s, char[] o, int k)
                {
                    foreach (int i in PRange(s.Length))
                    {
                        char c = s[i];
                        o[i] = c >= 'a' && c <= 'z' ? (char)('a' + (c - 'a' + k) % 26) : c;
                    }
                }

                [ParallelKernel]
                public static int Count(char[] s, char target)
                {
                    int n = 0;
                    foreach (int i in PRange(s.Length)) if (s[i] == target) n++;
                    return n;
                }

                [ParallelKernel]
                public static void Codes(char[] s, int[] codes, ushort[] u)
                {
                    foreach (int i in PRange(s.Length))
                    {
                        codes[i] = s[i] * 31 + 7;
                        u[i] = (ushort)(s[i] ^ 0x20);
                    }
                }

                // Conversions between narrow types: the low bits of the int promotion, on the lanes.
                [ParallelKernel]
                public static void Narrow(byte[] b, short[] s, char[] c, sbyte[] q, ushort[] u)
                {
                    foreach (int i in PRange(b.Length))
                    {
                        c[i] = (char)b[i];
                        b[i] = (byte)s[i];
                        q[i] = (sbyte)s[i];
                        u[i] = (ushort)q[i];
                        s[i] = (short)c[i];
                    }
                }

                // Compound updates of char elements stored lane by lane beside byte and sbyte ones (random kernel 1392 of
                // seed 985: the lane's statement was 'q[…] -= (7)', which C# rejects for a char; now '-= (char)(7)').
                [ParallelKernel]
                public static void Shift(byte[] b, sbyte[] r, char[] q)
                {
                    foreach (int i in PRange(q.Length))
                    {
                        q[i] -= (char)7;
                        q[i] += 'a';
                        q[i] = (char)(q[i] ^ b[i]);
                        r[i] = (sbyte)(ushort)b[i];
                        r[i] ^= 7;
                        q[i] <<= 1;
                    }
                }

                // Tabs to spaces in each line of a text, and a character grid's cells flipped.
                [ParallelKernel]
                public static void Lines(char[][] lines, char[,] grid)
                {
                    foreach (int r in PRange(lines.Length))
                    {
                        char[] l = lines[r];
                        for (int j = 0; j < l.Length; j++) if (l[j] == '\t') l[j] = ' ';
                        if (r < grid.GetLength(0))
                            for (int x = 0; x < grid.GetLength(1); x++) grid[r, x] = grid[r, x] == '#' ? '.' : '#';
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        private static char[] Text(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.Next(6) switch
        {
            0 => (char)random.Next('a', 'z' + 1),
            1 => (char)random.Next('A', 'Z' + 1),
            2 => new[] { '\t', ' ', '#', '.', '\0', '\uFFFF', '\u8000', '\u00E9', 'z', '{', '@', '[' }[random.Next(12)],
            3 => (char)random.Next(0x8000, 0x10000), // past short.MaxValue: a char is never negative
            _ => (char)random.Next(0, 0x80),
        }).ToArray();

        [Fact]
        public void Char_elements_on_int_lanes_give_the_serial_text()
        {
            Assembly assembly = s_built.Value;
            var random = new Random(33);
            foreach (int n in new[] { 0, 1, 7, 16, 33, 100, 1001, 20_011 })
            {
                Differential.Same(assembly, "C", "Upper", Text(random, n), new char[n]);
                Differential.Same(assembly, "C", "Lower", Text(random, n));
                foreach (int k in new[] { 3, 25, -1 })
                    Differential.Same(assembly, "C", "Caesar", Text(random, n), new char[n], k);
                foreach (char target in new[] { 'a', '\uFFFF', '\u8000' })
                    Differential.Same(assembly, "C", "Count", Text(random, n), target);
                Differential.Same(assembly, "C", "Codes", Text(random, n), new int[n], new ushort[n]);
                var bytes = new byte[n];
                random.NextBytes(bytes);
                Differential.Same(assembly, "C", "Narrow", bytes, Enumerable.Range(0, n).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray(),
                    Text(random, n), new sbyte[n], new ushort[n]);
                var more = new byte[n];
                random.NextBytes(more);
                Differential.Same(assembly, "C", "Shift", more, new sbyte[n], Text(random, n));
                int rows = 1 + n % 7, cols = n / rows;
                var grid = new char[rows, cols];
                char[] cells = Text(random, rows * cols);
                for (int y = 0; y < rows; y++) for (int x = 0; x < cols; x++) grid[y, x] = cells[y * cols + x];
                Differential.Same(assembly, "C", "Lines", Enumerable.Range(0, rows + 2).Select(r => Text(random, cols + r)).ToArray(), grid);
            }
        }

        [Fact]
        public void The_kernels_get_vector_bodies_and_the_report_says_char()
        {
            Func<string, string> vector = InMemory.VectorLines(Source, "C");
            foreach (string kernel in new[] { "Upper", "Lower", "Caesar", "Count", "Codes", "Lines" })
                Assert.Matches(@"[ /]char(/[a-z]+)? elements in int lanes", vector(kernel));
            Assert.Contains("elements in 16-bit lanes", vector("Narrow")); // (was lane by lane: 'char stores')
            Assert.DoesNotContain("lane by lane", vector("Narrow"));
            Assert.Contains("Unsafe.As<char, ushort>(", InMemory.GeneratedFrom(Source, "C")("Upper"));
        }
    }
}
