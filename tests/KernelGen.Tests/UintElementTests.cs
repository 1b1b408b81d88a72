using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// uint arrays (ARGB pixels, hashes, bit sets) on int lanes: an element is its bits in an int lane, loaded and
    /// stored through the array's data read as ints (<c>Unsafe.As&lt;uint, int&gt;</c>). +, −, *, &amp;, |, ^ and &lt;&lt; give
    /// the same bits signed or not, &gt;&gt; shifts logically, comparisons compare the lanes as uints, a division by a
    /// constant of a value known to lie in 0 … int.MaxValue is the int division; a uint element converted to long, ulong
    /// or double in long lanes is loaded zero-extended (vpmovzxdq); other divisions and conversions that depend on the
    /// sign stay lane by lane or keep the loop scalar. Before, any uint element kept the whole step scalar ("gathered
    /// elements"), so an ARGB blend over uint[] had no vector body while the same code over int[] had one.
    /// </summary>
    public class UintElementTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class U
            {
                [ParallelKernel]
                public static void Add(uint[] a, uint[] b, uint[] o)
                {
                    foreach (int i in PRange(o.Length)) o[i] = a[i] + b[i];
                }

                // The 50% blend of two ARGB pixels, channel by channel (as WriteableBitmapEx and imaging samples write it).
                [ParallelKernel]
                public static void Blend(uint[] a, uint[] b, uint[] o)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        uint pa = a[i], pb = b[i];
                        uint r = (((pa >> 16) & 0xFF) + ((pb >> 16) & 0xFF)) >> 1;
                        uint g = (((pa >> 8) & 0xFF) + ((pb >> 8) & 0xFF)) >> 1;
                        uint bl = ((pa & 0xFF) + (pb & 0xFF)) >> 1;
                        o[i] = 0xFF000000u | (r << 16) | (g << 8) | bl;
                    }
                }

                // A multiplicative hash, updated in place.
                [ParallelKernel]
                public static void Hash(uint[] h, uint seed)
                {
                    foreach (int i in PRange(h.Length))
                    {
                        h[i] ^= seed;
                        h[i] *= 2654435761u;
                        h[i] += h[i] >> 15;
                    }
                }

                // Unsigned division and comparison: lane by lane or scalar, never the signed lanes' answer.
                [ParallelKernel]
                public static void DivideAndClamp(uint[] a, uint[] o, uint limit)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        uint q = a[i] / 3u;
                        o[i] = q > limit ? limit : q;
                    }
                }

                // Comparisons of uints, compared as uints on the lanes (past int.MaxValue too).
                [ParallelKernel]
                public static void Clamp(uint[] a, uint[] o, uint t)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        o[i] = a[i] > t ? a[i] : t;
                        if (a[i] >= 0x80000000u) o[i] = ~a[i];
                        if (a[i] == t || a[i] < 16) o[i] += 1;
                    }
                }

                // Divisions of uints known to lie in 0 … int.MaxValue (masked channels, a logical shift): int divisions on the lanes.
                [ParallelKernel]
                public static void Gray(uint[] pixels, byte[] gray, uint[] rem)
                {
                    foreach (int i in PRange(pixels.Length))
                    {
                        uint p = pixels[i];
                        uint sum = (p & 0xFF) + ((p >> 8) & 0xFF) + (p >> 24);
                        gray[i] = (byte)(sum / 3);
                        rem[i] = sum % 7u + (p >> 1) / 5u;
                    }
                }

                // Conversions: to float (the low half: exact), to long (widens: long lanes, where uints do not live).
                [ParallelKernel]
                public static void Convert(uint[] a, float[] f, long[] l)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        f[i] = (a[i] & 0xFFFF) * 0.5f;
                        l[i] = a[i] + 1L;
                    }
                }

                // Rows of a uint[,] image and of a jagged one, shifted right in place.
                [ParallelKernel]
                public static void Rows(uint[,] m, uint[][] jagged)
                {
                    foreach (int y in PRange(m.GetLength(0)))
                    {
                        for (int x = 0; x < m.GetLength(1); x++) m[y, x] = (m[y, x] >> 1) * 3u + 1;
                        uint[] row = jagged[y];
                        for (int x = 0; x < row.Length; x++) row[x] = row[x] >> 1;
                    }
                }

                // Each row's element from the one before it: where o and a are one array (a byte[] cast to sbyte[]) a
                // chain along the row, which vector lanes would read before it is written.
                [ParallelKernel]
                public static void Carry(sbyte[] a, byte[] o, int w)
                {
                    foreach (int y in PRange(o.Length / w))
                        for (int x = 0; x < w - 1; x++)
                            o[y * w + x + 1] = (byte)(a[y * w + x] + 1);
                }

                // uints where longs (or ulongs, doubles) are wanted: zero-extended by the load into long lanes (a total of
                // 32-bit pixels kept in a long, a uint widened before a multiply). A uint sum before the conversion wraps
                // in 32 bits, so it stays with the scalar loop.
                [ParallelKernel]
                public static long Total(uint[] pixels)
                {
                    long total = 0;
                    foreach (int i in PRange(pixels.Length)) total += pixels[i];
                    return total;
                }

                [ParallelKernel]
                public static void Widened(uint[] a, uint[] b, long[] o, double[] d, ulong[] u)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        o[i] = a[i] * 3L - 7;
                        d[i] = b[i] * 0.5 + (double)a[i];
                        u[i] = ((ulong)a[i] << 32) | b[i];
                    }
                }

                [ParallelKernel]
                public static void Wrapped(uint[] a, uint[] b, long[] o)
                {
                    foreach (int i in PRange(o.Length)) o[i] = a[i] + b[i];
                }

                // A uint output and an int input: .NET lets one array be both ((uint[])(object)ints), so they may alias.
                [ParallelKernel]
                public static void FromInts(int[] a, uint[] o)
                {
                    foreach (int i in PRange(o.Length - 1)) o[i] = (uint)a[i + 1] + 7u;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        private static uint[] Uints(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.Next(4) switch
        {
            0 => (uint)random.Next() | 0x80000000u, // past int.MaxValue
            1 => (uint)random.Next(0, 512),
            2 => new[] { 0u, 1u, uint.MaxValue, 0x80000000u, 0x7FFFFFFFu, 0xFF00FF00u }[random.Next(6)],
            _ => (uint)random.Next(),
        }).ToArray();

        [Fact]
        public void Uint_elements_on_int_lanes_give_the_serial_bits()
        {
            Assembly assembly = s_built.Value;
            var random = new Random(32);
            foreach (int n in new[] { 0, 1, 7, 16, 33, 100, 1001, 20_011 })
            {
                Differential.Same(assembly, "U", "Add", Uints(random, n), Uints(random, n), new uint[n]);
                Differential.Same(assembly, "U", "Blend", Uints(random, n), Uints(random, n), new uint[n]);
                Differential.Same(assembly, "U", "Hash", Uints(random, n), 0x9E3779B9u);
                Differential.Same(assembly, "U", "DivideAndClamp", Uints(random, n), new uint[n], 0x40000000u);
                foreach (uint t in new[] { 0u, 7u, 0x7FFFFFFFu, 0x80000000u, 0xC0000000u, uint.MaxValue })
                    Differential.Same(assembly, "U", "Clamp", Uints(random, n), new uint[n], t);
                Differential.Same(assembly, "U", "Convert", Uints(random, n), new float[n], new long[n]);
                Differential.Same(assembly, "U", "Gray", Uints(random, n), new byte[n], new uint[n]);
                int rows = 1 + n % 5, cols = n / rows;
                var m = new uint[rows, cols];
                uint[] flat = Uints(random, rows * cols);
                Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(uint));
                Differential.Same(assembly, "U", "Rows", m, Enumerable.Range(0, rows).Select(r => Uints(random, cols + r)).ToArray());
                Differential.Same(assembly, "U", "FromInts", Uints(random, n).Select(u => unchecked((int)u)).ToArray(), new uint[n]);
                Differential.Same(assembly, "U", "Total", Uints(random, n));
                Differential.Same(assembly, "U", "Widened", Uints(random, n), Uints(random, n), new long[n], new double[n], new ulong[n]);
                Differential.Same(assembly, "U", "Wrapped", Uints(random, n), Uints(random, n), new long[n]);
            }
        }

        [Fact]
        public void Uints_widen_to_longs_by_zero_extension()
        {
            Func<string, string> vector = InMemory.VectorLines(Source, "U");
            Assert.Contains("<long> (widest", vector("Total"));
            Assert.Contains("uints zero-extended into long lanes", vector("Total"));
            Assert.Contains("uints zero-extended into long lanes", vector("Widened"));
            Assert.Contains("scalar body", vector("Wrapped")); // (a[i] + b[i] wraps in 32 bits first)
            // The mutant sign-extends them (as an int is widened): every uint past int.MaxValue comes out negative.
            Assembly mutant = InMemory.BuildMutant(Source, "LoadUintsAsLongs", "LoadIntsAsLongs");
            uint[] high = Enumerable.Range(0, 100).Select(k => 0x8000_0000u + (uint)k).ToArray();
            long expected = high.Sum(x => (long)x);
            Assert.Equal(expected, InMemory.Call(s_built.Value, "U", "TotalParallel", high));
            Assert.NotEqual(expected, InMemory.Call(mutant, "U", "TotalParallel", high));
        }

        [Fact]
        public void The_kernels_get_vector_bodies_where_the_bits_suffice()
        {
            Func<string, string> vector = InMemory.VectorLines(Source, "U");
            foreach (string kernel in new[] { "Add", "Blend", "Hash", "Rows", "Clamp", "Gray" })
                Assert.Contains("Vector512/Vector256/Vector128<int>", vector(kernel));
            Assert.Contains("Unsafe.As<uint, int>(", InMemory.GeneratedFrom(Source, "U")("Add"));
        }

        [Fact]
        public void Arrays_of_one_element_size_passed_as_one_array_keep_the_serial_order()
        {
            // o[i] reads a[i + 1], which iteration i + 1 overwrites when they are one array: serially each read comes
            // before that write; chunks run last first would read it after.
            Assembly assembly = s_built.Value;
            foreach (int n in new[] { 40, 1001 })
            {
                int[] serial = Enumerable.Range(0, n).ToArray(), parallel = Enumerable.Range(0, n).ToArray();
                InMemory.Call(assembly, "U", "FromInts", serial, (uint[])(object)serial);
                RuntimeSettings.Reversed(3, () => InMemory.Call(assembly, "U", "FromIntsParallel", parallel, (uint[])(object)parallel));
                Assert.Equal(serial, parallel);
            }
            foreach (int w in new[] { 3, 40, 129 })
            {
                byte[] serial = Enumerable.Range(0, 5 * w).Select(k => (byte)(k * k % 251)).ToArray(), parallel = serial.ToArray();
                InMemory.Call(assembly, "U", "Carry", (sbyte[])(object)serial, serial, w);
                InMemory.Call(assembly, "U", "CarryParallel", (sbyte[])(object)parallel, parallel, w);
                Assert.Equal(serial, parallel);
            }
            Assert.Contains("vector: inner loop", InMemory.VectorLines(Source, "U")("Carry"));
        }
    }
}
