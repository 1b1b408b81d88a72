using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Reductions of uint and ulong locals: checksums (a uint sum of a message's bytes), hashes folded with ^, bit masks
    /// gathered with | and &amp;, unsigned extremes. They ran serially (KG2006: only int, long, float and double locals
    /// were reductions). Their sums and products wrap as the serial loop's do (any order gives the same bits), the
    /// bitwise ones are exact, and the partials' Math.Min/Max pick the unsigned overloads; the identity of &amp; is all
    /// ones (uint.MaxValue: (uint)(-1) is no constant), of min the type's MaxValue, of max 0. Sums and the bitwise folds
    /// (^ | &amp;, of ints and longs too) get vector accumulators, their bits in int (uint) or long (ulong) lanes, and so do
    /// min and max, compared on the lanes as unsigned (vpminud).
    /// </summary>
    public class UnsignedReductionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class U
            {
                [ParallelKernel]
                public static uint Checksum(uint[] a)
                {
                    uint s = 0;
                    foreach (int i in PRange(a.Length)) s += a[i] * 3u + (uint)i;
                    return s;
                }

                [ParallelKernel]
                public static ulong Sum64(ulong[] a)
                {
                    ulong s = 5;
                    foreach (int i in PRange(a.Length)) s += a[i] ^ (a[i] >> 7);
                    return s;
                }

                // MurmurHash3's fmix32 of each element and its index, folded with ^ (order-free, as a set hash).
                [ParallelKernel]
                public static uint XorHash(uint[] a)
                {
                    uint h = 0x9E3779B9u;
                    foreach (int i in PRange(a.Length))
                    {
                        uint k = a[i] ^ (uint)i;
                        k ^= k >> 16; k *= 0x85EBCA6Bu; k ^= k >> 13; k *= 0xC2B2AE35u; k ^= k >> 16;
                        h ^= k;
                    }
                    return h;
                }

                [ParallelKernel]
                public static ulong Masks(ulong[] a, uint[] b, uint[] both)
                {
                    ulong any = 0;
                    uint all = uint.MaxValue;
                    foreach (int i in PRange(b.Length)) { any |= a[i]; all &= b[i] | 0x0F0Fu; }
                    both[0] = all;
                    return any;
                }

                [ParallelKernel]
                public static uint Extremes(uint[] a, ulong[] b, ulong[] high)
                {
                    uint lo = uint.MaxValue;
                    ulong hi = 0;
                    foreach (int i in PRange(a.Length)) { lo = Math.Min(lo, a[i]); hi = Math.Max(hi, b[i]); }
                    high[0] = hi;
                    return lo;
                }

                // Unsigned extremes on vector lanes (one element width: uint in int lanes, ulong in long lanes).
                [ParallelKernel]
                public static uint Smallest(uint[] a)
                {
                    uint lo = uint.MaxValue;
                    foreach (int i in PRange(a.Length)) if (a[i] != 5u) lo = Math.Min(lo, a[i] ^ 0x8000_0000u);
                    return lo;
                }

                [ParallelKernel]
                public static ulong Highest(ulong[] a)
                {
                    ulong hi = 3;
                    foreach (int i in PRange(a.Length)) hi = Math.Max(a[i] >> 1 | a[i] << 63, hi);
                    return hi;
                }

                [ParallelKernel]
                public static ulong Largest(ulong[] a)
                {
                    ulong best = 1;
                    foreach (int i in PRange(a.Length)) if (a[i] > best) best = a[i];
                    return best;
                }

                [ParallelKernel]
                public static uint Product(uint[] a)
                {
                    uint p = 1;
                    foreach (int i in PRange(a.Length)) p *= a[i] | 1u;
                    return p;
                }

                // Bitwise folds of ints and longs on vector accumulators: in a branch (the other lanes keep the
                // identity: zero for | and ^, all ones for &), an int's bits in long lanes, h = h ^ e written out.
                [ParallelKernel]
                public static int Bits(int[] a, long[] b, long[] o, int[] both)
                {
                    int parity = 0, all = -1;
                    long any = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        if (a[i] > 100) all &= a[i];
                        if (b[i] < 0) any |= b[i] >> 3;
                        parity = parity ^ (a[i] * 31);
                        o[i] = b[i] + 1;
                    }
                    both[0] = all;
                    o[0] = any;
                    return parity;
                }

                [ParallelKernel]
                public static int IntBits(int[] a, int[] both)
                {
                    int parity = 0, all = -1, any = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        if ((a[i] & 1) == 0) all &= a[i] | 0x10;
                        else any |= a[i];
                        parity ^= a[i] >> 2;
                    }
                    both[0] = all;
                    both[1] = any;
                    return parity;
                }

                // A uint sum beside long values: the lanes are longs, where a uint's bits have no place (scalar body).
                [ParallelKernel]
                public static uint SumBesideLongs(uint[] a, long[] o)
                {
                    uint s = 0;
                    foreach (int i in PRange(a.Length)) { s += a[i]; o[i] = (long)i * 3; }
                    return s;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "U"));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 8, 17, 100, 1001, 70_001 };

        /// <summary>Values on both sides of the sign bit (signed lanes or a signed merge would order them wrongly).</summary>
        private static uint[] Uints(Random random, int n) =>
            Enumerable.Range(0, n).Select(k => k % 5 == 0 ? 0x8000_0000u + (uint)random.Next(1000) : k % 7 == 0 ? (uint)random.Next(1000) : (uint)random.NextInt64(0, 1L << 32)).ToArray();

        private static ulong[] Ulongs(Random random, int n) =>
            Enumerable.Range(0, n).Select(k => k % 5 == 0 ? (1UL << 63) + (ulong)random.Next(1000) : k % 7 == 0 ? (ulong)random.Next(1000) : (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)).ToArray();

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Unsigned_reductions_match_serial(int n)
        {
            var random = new Random(n + 90);
            uint[] a = Uints(random, n);
            ulong[] b = Ulongs(random, n);
            Differential.Same(s_built.Value, "U", "Checksum", a);
            Differential.Same(s_built.Value, "U", "Sum64", b);
            Differential.Same(s_built.Value, "U", "XorHash", a);
            Differential.Same(s_built.Value, "U", "Masks", b, a, new uint[1]);
            Differential.Same(s_built.Value, "U", "Extremes", a, b, new ulong[1]);
            Differential.Same(s_built.Value, "U", "Largest", b);
            Differential.Same(s_built.Value, "U", "Smallest", a);
            Differential.Same(s_built.Value, "U", "Highest", b);
            Differential.Same(s_built.Value, "U", "Product", a);
            Differential.Same(s_built.Value, "U", "SumBesideLongs", a, new long[n]);
            int[] ints = a.Select(x => unchecked((int)x)).ToArray();
            long[] longs = b.Select(x => unchecked((long)x)).ToArray();
            Differential.Same(s_built.Value, "U", "Bits", ints, longs, new long[n], new int[1]);
            Differential.Same(s_built.Value, "U", "IntBits", ints, new int[2]);
            // Only values above the sign bit: a minimum from a signed identity (int.MaxValue) would win.
            uint[] high = Enumerable.Range(0, n).Select(k => 0x9000_0000u + (uint)k).ToArray();
            Differential.Same(s_built.Value, "U", "Extremes", high, b, new ulong[1]);
        }

        [Fact]
        public void Unsigned_reductions_are_parallel_and_sums_get_vector_accumulators()
        {
            foreach (string kernel in new[] { "Checksum", "Sum64", "XorHash", "Masks", "Extremes", "Largest", "Product", "SumBesideLongs" })
                Assert.Contains("//     parallel: ", s_generated.Value(kernel));
            Assert.Contains("reductions: s (uint sum: +=)", s_generated.Value("Checksum"));
            Assert.Contains("<int> (widest", InMemory.VectorLine(s_generated.Value("Checksum")));
            Assert.Contains("vector accumulators for s (sum)", InMemory.VectorLine(s_generated.Value("Checksum")));
            Assert.Contains("<long> (widest", InMemory.VectorLine(s_generated.Value("Sum64")));
            Assert.Contains("vector accumulators for s (sum)", InMemory.VectorLine(s_generated.Value("Sum64")));
            Assert.Contains("scalar body (uint min reduction 'lo' in long lanes)", InMemory.VectorLine(s_generated.Value("Extremes")));
            Assert.Contains("vector accumulators for lo (min)", InMemory.VectorLine(s_generated.Value("Smallest")));
            Assert.Contains("<int> (widest", InMemory.VectorLine(s_generated.Value("Smallest")));
            Assert.Contains("vector accumulators for hi (max)", InMemory.VectorLine(s_generated.Value("Highest")));
            Assert.Contains("vector accumulators for h (xor)", InMemory.VectorLine(s_generated.Value("XorHash")));
            Assert.Contains("<int> (widest", InMemory.VectorLine(s_generated.Value("XorHash")));
            Assert.Contains("<long> (widest", InMemory.VectorLine(s_generated.Value("Bits")));
            Assert.Contains("vector accumulators for all (and), any (or), parity (xor)", InMemory.VectorLine(s_generated.Value("Bits")));
            Assert.Contains("<int> (widest", InMemory.VectorLine(s_generated.Value("IntBits")));
            Assert.Contains("scalar body (uint sum reduction 's' in long lanes)", InMemory.VectorLine(s_generated.Value("SumBesideLongs")));
        }

        [Fact]
        public void A_signed_identity_is_caught()
        {
            uint[] high = Enumerable.Range(0, 100).Select(k => 0x9000_0000u + (uint)k).ToArray();
            Assert.Equal(0x9000_0000u, InMemory.Call(s_built.Value, "U", "ExtremesParallel", high, new ulong[100], new ulong[1]));
            Assert.Equal(0x9000_0F0Fu, AllOf(s_built.Value, high));
            // The mutant starts each chunk's minimum from int.MaxValue (an int's identity): uints above it never win.
            Assembly mutant = InMemory.BuildMutant(Source, "uint lo = uint.MaxValue; // this chunk's partial", "uint lo = 0x7FFFFFFFu; // this chunk's partial");
            Assert.Equal(0x7FFF_FFFFu, InMemory.Call(mutant, "U", "ExtremesParallel", high, new ulong[100], new ulong[1]));
            // And the &= identity from 0 (all bits clear) instead of all ones.
            Assembly zero = InMemory.BuildMutant(Source, "uint all = uint.MaxValue; // this chunk's partial", "uint all = 0u; // this chunk's partial");
            Assert.Equal(0u, AllOf(zero, high));
        }

        [Fact]
        public void A_signed_compare_of_unsigned_lanes_is_caught()
        {
            // Half the values above the sign bit: compared signed, they would be the smallest.
            uint[] a = Enumerable.Range(0, 1000).Select(k => k % 2 == 0 ? 0x8000_0000u + (uint)k : (uint)k + 10).ToArray();
            uint expected = a.Where(x => x != 5u).Min(x => x ^ 0x8000_0000u);
            Assert.Equal(expected, InMemory.Call(s_built.Value, "U", "SmallestParallel", a));
            Assembly mutant = InMemory.BuildMutant(Source, ".AsUInt32(", ".AsInt32(");
            Assert.NotEqual(expected, InMemory.Call(mutant, "U", "SmallestParallel", a));
        }

        /// <summary>Masks' &amp;= result (its third argument) from the parallel version.</summary>
        private static uint AllOf(Assembly assembly, uint[] b)
        {
            var both = new uint[1];
            InMemory.Call(assembly, "U", "MasksParallel", new ulong[b.Length], b, both);
            return both[0];
        }
    }
}
