using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Tests.RandomKernels
{
    internal static partial class FuzzRunner
    {
        /// <summary>The share of runs of a narrow kernel that pass one array for two parameters of one element type.</summary>
        public const double NarrowAliasShare = 0.15;

        /// <summary>Trip counts around the vector widths (4, 8, 16 int lanes; 8, 16, 32 short lanes) and their remainders.</summary>
        private static readonly int[] NarrowTrips = { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 100 };

        /// <summary>Every trip count of <see cref="NarrowTrips"/>, one about 1000 and, for some kernels, 100,003 (loops split into chunks).</summary>
        private static List<int> NarrowSizes(Random random, double bigShare)
        {
            var sizes = new List<int>(NarrowTrips) { random.Next(900, 1100) };
            if (random.NextDouble() < bigShare / 2) sizes.Add(100_003);
            return sizes;
        }

        /// <summary>
        /// Inputs of a narrow kernel whose loop should run <paramref name="trips"/> times: 1-D arrays of one length n with
        /// stride·trips + the largest offset ≤ n (plus a few elements sometimes), rows of width w = trips (Rows: n holds a
        /// few rows), <c>byte[,]</c> shapes h × trips; sometimes one array for two parameters of one element type.
        /// </summary>
        private static object?[] InputsNarrow(FuzzKernel kernel, int trips, Random random)
        {
            NarrowInfo info = kernel.Narrow!;
            int w = 1 + random.Next(4);
            int[] lengths;
            int Slack() => random.Next(3) == 0 ? random.Next(0, info.Stride + 2) : 0;
            switch (info.Form)
            {
                case NarrowForm.Rows:
                {
                    int rows = trips == 0 ? 0 : trips > 10_000 ? trips / 317 : trips >= 900 ? random.Next(1, 3) : random.Next(1, 4);
                    w = trips == 0 ? 1 + random.Next(8) : trips > 10_000 ? 317 : trips;
                    lengths = new[] { info.Stride * rows * w + info.MaxOffset + Slack() };
                    break;
                }
                case NarrowForm.Grid:
                {
                    int h = trips == 0 ? random.Next(0, 4) : trips > 10_000 ? trips / 317 : random.Next(1, 4);
                    lengths = new[] { h, trips > 10_000 ? 317 : trips };
                    break;
                }
                default:
                    lengths = new[] { info.Stride * trips + info.MaxOffset + Slack() };
                    break;
            }
            int total = lengths.Aggregate(1, (product, length) => product * length);
            var arrays = new Array[4];
            for (int a = 0; a < 4; a++)
            {
                Elem type = kernel.Arrays[a];
                Array flat = KernelFuzzer.IsNarrow(type) ? NarrowArray(type, total, random)
                    : KernelFuzzer.IsUnsigned(type) ? UnsignedArray(type, total, random) : RandomArray(type, total, random);
                arrays[a] = lengths.Length == 1 ? flat : Reshape(flat, lengths);
            }
            if (random.NextDouble() < NarrowAliasShare)
            {
                var pairs = (from p in Enumerable.Range(0, 4) from q in Enumerable.Range(p + 1, 3 - p)
                             where kernel.Arrays[p] == kernel.Arrays[q] select (p, q)).ToList();
                if (pairs.Count > 0)
                {
                    (int p, int q) = pairs[random.Next(pairs.Count)];
                    arrays[q] = arrays[p];
                }
            }
            // m: a value and a shift count (C# masks it to 0..31; negative and past 31 on purpose).
            int m = new[] { 0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 20, 31, 32, 33, -1 }[random.Next(16)];
            double k = Math.Round(random.NextDouble() * 8 - 4, 3);
            return new object?[] { arrays[0], arrays[1], arrays[2], arrays[3], new long[8], new double[8], w, m, k };
        }

        /// <summary>Values every narrow array should see: 0, 255, −128, 127, short.MinValue, short.MaxValue, 65535, … (cast unchecked to the type).</summary>
        private static readonly int[] NarrowSpecials = { 0, 255, -128, 127, short.MinValue, short.MaxValue, 65535, 1, -1, 128, 256, 32768, 0x7F7F };

        /// <summary>
        /// Elements of a byte/sbyte/short/ushort array: the type's full range, small values (0..15), byte-range values, or
        /// half of them from <see cref="NarrowSpecials"/>; every array gets some specials.
        /// </summary>
        private static Array NarrowArray(Elem type, int n, Random random)
        {
            int mode = random.Next(4);
            var values = new int[n];
            for (int i = 0; i < n; i++)
            {
                bool special = mode == 3 ? random.Next(2) == 0 : random.Next(20) == 0;
                values[i] = special ? NarrowSpecials[random.Next(NarrowSpecials.Length)]
                    : mode == 1 ? random.Next(0, 16)
                    : mode == 2 ? random.Next(0, 256)
                    : random.Next(int.MinValue, int.MaxValue); // the low bits: the type's full range
            }
            return type switch
            {
                Elem.Byte => values.Select(v => unchecked((byte)v)).ToArray(),
                Elem.SByte => values.Select(v => unchecked((sbyte)v)).ToArray(),
                Elem.Short => values.Select(v => unchecked((short)v)).ToArray(),
                Elem.Char => values.Select(v => unchecked((char)v)).ToArray(),
                _ => (Array)values.Select(v => unchecked((ushort)v)).ToArray(),
            };
        }

        /// <summary>Values every uint/ulong array should see: the sign bits of int and long, all ones, 2^16, 2^32 …</summary>
        private static readonly ulong[] UnsignedSpecials =
        {
            0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF, 0x1_0000, 2654435761, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF,
            0x8000_0000_0000_0000, ulong.MaxValue, 0xFFFF_FFFF_0000_0000, 16_777_216, 16_777_217,
        };

        /// <summary>
        /// Elements of a uint or ulong array: full-range bits, small values (0..15), values below 2^24 (exact in a
        /// float), or half of them from <see cref="UnsignedSpecials"/> (a uint array gets their low 32 bits).
        /// </summary>
        private static Array UnsignedArray(Elem type, int n, Random random)
        {
            int mode = random.Next(4);
            var values = new ulong[n];
            for (int i = 0; i < n; i++)
            {
                bool special = mode == 3 ? random.Next(2) == 0 : random.Next(20) == 0;
                values[i] = special ? UnsignedSpecials[random.Next(UnsignedSpecials.Length)]
                    : mode == 1 ? (ulong)random.Next(0, 16)
                    : mode == 2 ? (ulong)random.Next(0, 1 << 24)
                    : unchecked((ulong)random.NextInt64(long.MinValue, long.MaxValue));
            }
            return type == Elem.UInt ? values.Select(v => unchecked((uint)v)).ToArray() : values;
        }

        /// <summary>Counts a narrow kernel's plan: parallel, with a vector loop, its narrow elements in 16-bit or int lanes.</summary>
        private static void CountNarrow(FuzzKernel kernel, int parallel, string? code, FuzzStats stats)
        {
            NarrowInfo info = kernel.Narrow!;
            if (KernelFuzzer.IsUnsigned(kernel.Arrays[0]))
            {
                stats.UnsignedKernels++;
                if (parallel == 0 || code is null) return;
                stats.UnsignedParallelized++;
                if (code.Contains("//     vector: Vector512")) stats.UnsignedVectorized++;
                return;
            }
            if (Array.IndexOf(kernel.Arrays, Elem.Char) >= 0) stats.NarrowChar++;
            int form = (int)info.Form;
            stats.NarrowKernels[form]++;
            if (info.Tame) stats.NarrowTame++;
            if (parallel == 0 || code is null) return;
            stats.NarrowParallelized[form]++;
            if (!code.Contains("//     vector: Vector512") && !code.Contains("//     vector: inner loop")) return;
            stats.NarrowVectorized[form]++;
            if (code.Contains("elements in 16-bit lanes"))
            {
                stats.Narrow16[form]++;
                if (info.Tame) stats.NarrowTame16++;
            }
            else if (code.Contains("elements in int lanes")) stats.NarrowInt[form]++;
            if (code.Contains("strided loads")) stats.NarrowStrided++;
            if (code.Contains("channels rolled")) stats.NarrowRolled++;
        }
    }

    internal sealed partial class FuzzStats
    {
        // Kernels over byte/sbyte/short/ushort arrays (KernelFuzzer.Narrow.cs), by NarrowForm.
        public int[] NarrowKernels = new int[4], NarrowParallelized = new int[4], NarrowVectorized = new int[4], Narrow16 = new int[4], NarrowInt = new int[4];
        public int NarrowTame, NarrowTame16, NarrowStrided, NarrowRolled, NarrowRuns, NarrowAliasedRuns, NarrowThrowing, NarrowChar;
        // Kernels over uint/ulong arrays (KernelFuzzer.Unsigned.cs).
        public int UnsignedKernels, UnsignedParallelized, UnsignedVectorized;

        private void AddNarrow(FuzzStats o)
        {
            for (int f = 0; f < 4; f++)
            {
                NarrowKernels[f] += o.NarrowKernels[f]; NarrowParallelized[f] += o.NarrowParallelized[f]; NarrowVectorized[f] += o.NarrowVectorized[f];
                Narrow16[f] += o.Narrow16[f]; NarrowInt[f] += o.NarrowInt[f];
            }
            NarrowTame += o.NarrowTame; NarrowTame16 += o.NarrowTame16; NarrowStrided += o.NarrowStrided; NarrowRolled += o.NarrowRolled;
            NarrowRuns += o.NarrowRuns; NarrowAliasedRuns += o.NarrowAliasedRuns; NarrowThrowing += o.NarrowThrowing; NarrowChar += o.NarrowChar;
            UnsignedKernels += o.UnsignedKernels; UnsignedParallelized += o.UnsignedParallelized; UnsignedVectorized += o.UnsignedVectorized;
        }

        /// <summary>The narrow kernels in one line: per form, parallelized, with a vector loop, in 16-bit or int lanes.</summary>
        public string NarrowSummary() =>
            $"narrow: {NarrowKernels.Sum()} kernels over byte/sbyte/short/ushort/char arrays ({NarrowTame} tame, {NarrowChar} with a char array); "
            + string.Join("; ", Enum.GetValues<NarrowForm>().Select(f => $"{f} {NarrowKernels[(int)f]}: parallelized {NarrowParallelized[(int)f]}, "
                + $"vector loop {NarrowVectorized[(int)f]} (16-bit lanes {Narrow16[(int)f]}, int lanes {NarrowInt[(int)f]})"))
            + $"; 16-bit lanes in {Narrow16.Sum()} kernels ({NarrowTame16} of them tame), int lanes in {NarrowInt.Sum()}, strided loads in {NarrowStrided}, channels rolled in {NarrowRolled}; "
            + $"{NarrowRuns} runs, {NarrowAliasedRuns} with one array for two parameters, {NarrowThrowing} threw the same exception on both sides; "
            + $"unsigned: {UnsignedKernels} kernels over uint/ulong arrays, parallelized {UnsignedParallelized}, vector loop {UnsignedVectorized}";
    }
}
