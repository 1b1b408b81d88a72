using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static KernelGen.KernelRuntime.LaneGroupTables;
using static KernelGen.KernelRuntime.ByteGroupTables;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Interleaved narrow channels (packed RGB, BGRA, stereo 16-bit frames): a loop that stores a[c·p + b + j] for every
        // j < c (c = 2, 3 or 4) of each PRange iteration p. The planner holds the c values in int lanes and writes them
        // here together: lane k of value j goes to dst[index + c·k + j], narrowed to T (byte, sbyte, short or ushort:
        // the low bits, as an unchecked cast keeps them). One interleaving shuffle and c·lanes contiguous elements
        // stored, where lane-by-lane stores were slower than the scalar loop (AForge's LevelsLinear maps on RGB).
        // Only elements of this step's own lanes are written: the vector loop's bounds guard covers all of them.

        // A group of 3 whose gaps are written back (RGB with G left alone) relies on every store's subscript keeping its
        // residue modulo 3, true only where no subscript wraps: the launch checks the exact values of a subscript at the
        // corners of the loop's iteration space (the PRange index's first and last value, an inner counter's bounds) and
        // runs the chunks apart only where each, plus the group's offsets, is an int (Vectorize/Planner: NoWrap).

        /// <summary>Whether <paramref name="a"/> + <paramref name="low"/> and <paramref name="b"/> + <paramref name="high"/> (and each other pair) are ints.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool IntSubscripts(long low, long high, System.Int128 a, System.Int128 b) =>
            System.Int128.Min(a, b) + low >= int.MinValue && System.Int128.Max(a, b) + high <= int.MaxValue;

        /// <inheritdoc cref="IntSubscripts(long, long, System.Int128, System.Int128)"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool IntSubscripts(long low, long high, System.Int128 a, System.Int128 b, System.Int128 c, System.Int128 d) =>
            IntSubscripts(low, high, a, b) && IntSubscripts(low, high, c, d);

        /// <summary>Lane k of <paramref name="v0"/>, <paramref name="v1"/> to <c>dst[index + 2k]</c>, <c>dst[index + 2k + 1]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup128<T>(Vector128<int> v0, Vector128<int> v1, ref T dst, nuint index) where T : unmanaged =>
            Group128(v0, v1, v1, v1, 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup128<T>(Vector128<int> v0, Vector128<int> v1, Vector128<int> v2, ref T dst, nuint index) where T : unmanaged =>
            Group128(v0, v1, v2, v2, 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup128<T>(Vector128<int> v0, Vector128<int> v1, Vector128<int> v2, Vector128<int> v3, ref T dst, nuint index) where T : unmanaged =>
            Group128(v0, v1, v2, v3, 4, ref dst, index);

        /// <summary>Lane k of <paramref name="v0"/>, <paramref name="v1"/> to <c>dst[index + 2k]</c>, <c>dst[index + 2k + 1]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup256<T>(Vector256<int> v0, Vector256<int> v1, ref T dst, nuint index) where T : unmanaged =>
            Group256(v0, v1, v1, v1, 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup256<T>(Vector256<int> v0, Vector256<int> v1, Vector256<int> v2, ref T dst, nuint index) where T : unmanaged =>
            Group256(v0, v1, v2, v2, 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup256<T>(Vector256<int> v0, Vector256<int> v1, Vector256<int> v2, Vector256<int> v3, ref T dst, nuint index) where T : unmanaged =>
            Group256(v0, v1, v2, v3, 4, ref dst, index);

        /// <summary>Lane k of <paramref name="v0"/>, <paramref name="v1"/> to <c>dst[index + 2k]</c>, <c>dst[index + 2k + 1]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup512<T>(Vector512<int> v0, Vector512<int> v1, ref T dst, nuint index) where T : unmanaged =>
            Group512(v0, v1, v1, v1, 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup512<T>(Vector512<int> v0, Vector512<int> v1, Vector512<int> v2, ref T dst, nuint index) where T : unmanaged =>
            Group512(v0, v1, v2, v2, 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bits).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroup512<T>(Vector512<int> v0, Vector512<int> v1, Vector512<int> v2, Vector512<int> v3, ref T dst, nuint index) where T : unmanaged =>
            Group512(v0, v1, v2, v3, 4, ref dst, index);

        // 4 lanes: the values narrowed and laid side by side (bytes: one vector, v0 v1 v2 v3 four bytes each; 16-bit
        // elements: two, v0 v1 and v2 v3), then byte shuffles put lane k of value j at element c·k + j.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Group128<T>(Vector128<int> v0, Vector128<int> v1, Vector128<int> v2, Vector128<int> v3, int c, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            Vector128<short> s01 = Vector128.Narrow(v0, v1), s23 = Vector128.Narrow(v2, v3);
            if (Unsafe.SizeOf<T>() == 1)
            {
                Vector128<byte> all = Vector128.Narrow(s01, s23).AsByte();
                Vector128<byte> bytes = ShuffleBytes(all, c == 2 ? s_group2Bytes : c == 3 ? s_group3Bytes : s_group4Bytes);
                if (c == 4) { bytes.StoreUnsafe(ref raw); return; }
                Unsafe.WriteUnaligned(ref raw, bytes.AsUInt64().ToScalar());
                if (c == 3) Unsafe.WriteUnaligned(ref Unsafe.Add(ref raw, 8), bytes.AsUInt32().GetElement(2));
                return;
            }
            if (c == 2) ShuffleBytes(s01.AsByte(), s_group2Shorts).StoreUnsafe(ref raw);
            else if (c == 3) StoreJoined(s01.AsByte(), s23.AsByte(), 24, s_group3ShortsA0, s_group3ShortsB0, s_group3ShortsA1, s_group3ShortsB1, ref raw);
            else StoreJoined(s01.AsByte(), s23.AsByte(), 32, s_group4ShortsA0, s_group4ShortsB0, s_group4ShortsA1, s_group4ShortsB1, ref raw);
        }

        /// <summary>
        /// The 24 or 32 bytes of a group whose values lie side by side in two 16-byte vectors <paramref name="a"/> and
        /// <paramref name="b"/>: each 16 output bytes one shuffle of each vector, or-ed (the shuffles zero the bytes of the other).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreJoined(Vector128<byte> a, Vector128<byte> b, int bytes, Vector128<byte> a0, Vector128<byte> b0, Vector128<byte> a1, Vector128<byte> b1, ref byte raw)
        {
            (ShuffleBytes(a, a0) | ShuffleBytes(b, b0)).StoreUnsafe(ref raw);
            Vector128<byte> high = ShuffleBytes(a, a1) | ShuffleBytes(b, b1);
            if (bytes == 32) high.StoreUnsafe(ref raw, 16);
            else Unsafe.WriteUnaligned(ref Unsafe.Add(ref raw, 16), high.AsUInt64().ToScalar());
        }

        // 8 lanes: lanes 0..3 and 4..7 as two 4-lane groups (each a contiguous run of 4·c elements).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Group256<T>(Vector256<int> v0, Vector256<int> v1, Vector256<int> v2, Vector256<int> v3, int c, ref T dst, nuint index) where T : unmanaged
        {
            Group128(v0.GetLower(), v1.GetLower(), v2.GetLower(), v3.GetLower(), c, ref dst, index);
            Group128(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), v3.GetUpper(), c, ref dst, index + (nuint)(4 * c));
        }

        // 16 lanes. Bytes with VBMI: each value narrowed by one vpmovdb (16 bytes), the four side by side in one
        // register, one vpermb. 16-bit elements with AVX-512BW: vpmovdw each, then one two-table vpermt2w per 32
        // elements. Else two 8-lane groups.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Group512<T>(Vector512<int> v0, Vector512<int> v1, Vector512<int> v2, Vector512<int> v3, int c, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            if (Unsafe.SizeOf<T>() == 1 && Avx512Vbmi.IsSupported)
            {
                Vector512<byte> all = Vector512.Create(
                    Vector256.Create(Avx512F.ConvertToVector128Byte(v0), Avx512F.ConvertToVector128Byte(v1)),
                    Vector256.Create(Avx512F.ConvertToVector128Byte(v2), Avx512F.ConvertToVector128Byte(v3)));
                Vector512<byte> bytes = Avx512Vbmi.PermuteVar64x8(all, c == 2 ? s_group2Bytes512 : c == 3 ? s_group3Bytes512 : s_group4Bytes512);
                if (c == 4) { bytes.StoreUnsafe(ref raw); return; }
                bytes.GetLower().StoreUnsafe(ref raw);
                if (c == 3) bytes.GetUpper().GetLower().StoreUnsafe(ref raw, 32);
                return;
            }
            if (Unsafe.SizeOf<T>() == 2 && Avx512BW.IsSupported)
            {
                Vector512<short> a = Vector512.Create(Avx512F.ConvertToVector256Int16(v0), Avx512F.ConvertToVector256Int16(v1));
                Vector512<short> b = Vector512.Create(Avx512F.ConvertToVector256Int16(v2), Avx512F.ConvertToVector256Int16(v3));
                ref short shorts = ref Unsafe.As<byte, short>(ref raw);
                Avx512BW.PermuteVar32x16x2(a, c == 2 ? s_group2Shorts512First : c == 3 ? s_group3Shorts512First : s_group4Shorts512First, b).StoreUnsafe(ref shorts);
                if (c == 2) return;
                Vector512<short> rest = Avx512BW.PermuteVar32x16x2(a, c == 3 ? s_group3Shorts512Second : s_group4Shorts512Second, b);
                if (c == 4) rest.StoreUnsafe(ref shorts, 32);
                else rest.GetLower().StoreUnsafe(ref shorts, 32);
                return;
            }
            Group256(v0.GetLower(), v1.GetLower(), v2.GetLower(), v3.GetLower(), c, ref dst, index);
            Group256(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), v3.GetUpper(), c, ref dst, index + (nuint)(8 * c));
        }

        // Long lanes (a loop that also computes in double or long: imaging code's '.299 * red') hold each channel's int
        // value sign-extended: narrowed to int lanes (the low 32 bits, which keep the low 8 or 16), then the int-lane
        // groups above; 2 lanes (Vector128) as plain element stores.

        /// <summary>Lane k of value j (j &lt; 2) to <c>dst[index + 2k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong128<T>(Vector128<long> v0, Vector128<long> v1, ref T dst, nuint index) where T : unmanaged =>
            GroupLong128(v0, v1, v1, v1, 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong128<T>(Vector128<long> v0, Vector128<long> v1, Vector128<long> v2, ref T dst, nuint index) where T : unmanaged =>
            GroupLong128(v0, v1, v2, v2, 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong128<T>(Vector128<long> v0, Vector128<long> v1, Vector128<long> v2, Vector128<long> v3, ref T dst, nuint index) where T : unmanaged =>
            GroupLong128(v0, v1, v2, v3, 4, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 2) to <c>dst[index + 2k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong256<T>(Vector256<long> v0, Vector256<long> v1, ref T dst, nuint index) where T : unmanaged =>
            Group128(Ints(v0), Ints(v1), Ints(v1), Ints(v1), 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong256<T>(Vector256<long> v0, Vector256<long> v1, Vector256<long> v2, ref T dst, nuint index) where T : unmanaged =>
            Group128(Ints(v0), Ints(v1), Ints(v2), Ints(v2), 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong256<T>(Vector256<long> v0, Vector256<long> v1, Vector256<long> v2, Vector256<long> v3, ref T dst, nuint index) where T : unmanaged =>
            Group128(Ints(v0), Ints(v1), Ints(v2), Ints(v3), 4, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 2) to <c>dst[index + 2k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong512<T>(Vector512<long> v0, Vector512<long> v1, ref T dst, nuint index) where T : unmanaged =>
            Group256(Ints(v0), Ints(v1), Ints(v1), Ints(v1), 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong512<T>(Vector512<long> v0, Vector512<long> v1, Vector512<long> v2, ref T dst, nuint index) where T : unmanaged =>
            Group256(Ints(v0), Ints(v1), Ints(v2), Ints(v2), 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bits of the ints in long lanes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupLong512<T>(Vector512<long> v0, Vector512<long> v1, Vector512<long> v2, Vector512<long> v3, ref T dst, nuint index) where T : unmanaged =>
            Group256(Ints(v0), Ints(v1), Ints(v2), Ints(v3), 4, ref dst, index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> Ints(Vector256<long> v) => Vector256.Narrow(v, v).GetLower();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Ints(Vector512<long> v) => Vector512.Narrow(v, v).GetLower();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void GroupLong128<T>(Vector128<long> v0, Vector128<long> v1, Vector128<long> v2, Vector128<long> v3, int c, ref T dst, nuint index) where T : unmanaged
        {
            ref T at = ref Unsafe.Add(ref dst, index);
            for (int k = 0; k < 2; k++)
                for (int j = 0; j < c; j++)
                {
                    int value = (int)(j switch { 0 => v0, 1 => v1, 2 => v2, _ => v3 }).GetElement(k);
                    ref T e = ref Unsafe.Add(ref at, c * k + j);
                    if (Unsafe.SizeOf<T>() == 1) Unsafe.As<T, byte>(ref e) = (byte)value;
                    else Unsafe.As<T, ushort>(ref e) = (ushort)value;
                }
        }

        // 16-bit lanes (loops whose values fit 16 bits run twice the lanes) into byte or sbyte channels.

        /// <summary>Lane k of <paramref name="v0"/>, <paramref name="v1"/> to <c>dst[index + 2k]</c>, <c>dst[index + 2k + 1]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort128<T>(Vector128<short> v0, Vector128<short> v1, ref T dst, nuint index) where T : unmanaged =>
            GroupShort128(v0, v1, v1, v1, 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort128<T>(Vector128<short> v0, Vector128<short> v1, Vector128<short> v2, ref T dst, nuint index) where T : unmanaged =>
            GroupShort128(v0, v1, v2, v2, 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort128<T>(Vector128<short> v0, Vector128<short> v1, Vector128<short> v2, Vector128<short> v3, ref T dst, nuint index) where T : unmanaged =>
            GroupShort128(v0, v1, v2, v3, 4, ref dst, index);

        /// <summary>Lane k of <paramref name="v0"/>, <paramref name="v1"/> to <c>dst[index + 2k]</c>, <c>dst[index + 2k + 1]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort256<T>(Vector256<short> v0, Vector256<short> v1, ref T dst, nuint index) where T : unmanaged =>
            GroupShort256(v0, v1, v1, v1, 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort256<T>(Vector256<short> v0, Vector256<short> v1, Vector256<short> v2, ref T dst, nuint index) where T : unmanaged =>
            GroupShort256(v0, v1, v2, v2, 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort256<T>(Vector256<short> v0, Vector256<short> v1, Vector256<short> v2, Vector256<short> v3, ref T dst, nuint index) where T : unmanaged =>
            GroupShort256(v0, v1, v2, v3, 4, ref dst, index);

        /// <summary>Lane k of <paramref name="v0"/>, <paramref name="v1"/> to <c>dst[index + 2k]</c>, <c>dst[index + 2k + 1]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort512<T>(Vector512<short> v0, Vector512<short> v1, ref T dst, nuint index) where T : unmanaged =>
            GroupShort512(v0, v1, v1, v1, 2, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort512<T>(Vector512<short> v0, Vector512<short> v1, Vector512<short> v2, ref T dst, nuint index) where T : unmanaged =>
            GroupShort512(v0, v1, v2, v2, 3, ref dst, index);

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c> (low bytes).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreGroupShort512<T>(Vector512<short> v0, Vector512<short> v1, Vector512<short> v2, Vector512<short> v3, ref T dst, nuint index) where T : unmanaged =>
            GroupShort512(v0, v1, v2, v3, 4, ref dst, index);

        // 8 lanes: the low bytes of v0 v1 and of v2 v3 side by side (8 each), then the two-vector interleave.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void GroupShort128<T>(Vector128<short> v0, Vector128<short> v1, Vector128<short> v2, Vector128<short> v3, int c, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            Vector128<byte> a = Vector128.Narrow(v0, v1).AsByte(), b = Vector128.Narrow(v2, v3).AsByte();
            if (c == 2) ShuffleBytes(a, s_group2Lanes8).StoreUnsafe(ref raw);
            else if (c == 3) StoreJoined(a, b, 24, s_group3Lanes8A0, s_group3Lanes8B0, s_group3Lanes8A1, s_group3Lanes8B1, ref raw);
            else StoreJoined(a, b, 32, s_group4Lanes8A0, s_group4Lanes8B0, s_group4Lanes8A1, s_group4Lanes8B1, ref raw);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void GroupShort256<T>(Vector256<short> v0, Vector256<short> v1, Vector256<short> v2, Vector256<short> v3, int c, ref T dst, nuint index) where T : unmanaged
        {
            GroupShort128(v0.GetLower(), v1.GetLower(), v2.GetLower(), v3.GetLower(), c, ref dst, index);
            GroupShort128(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), v3.GetUpper(), c, ref dst, index + (nuint)(8 * c));
        }

        // 32 lanes with VBMI: vpmovwb each (32 bytes), v0 v1 and v2 v3 side by side, one two-table vpermt2b per 64 bytes.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void GroupShort512<T>(Vector512<short> v0, Vector512<short> v1, Vector512<short> v2, Vector512<short> v3, int c, ref T dst, nuint index) where T : unmanaged
        {
            if (Avx512Vbmi.IsSupported)
            {
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
                Vector512<byte> a = Vector512.Create(Avx512BW.ConvertToVector256Byte(v0), Avx512BW.ConvertToVector256Byte(v1));
                Vector512<byte> b = Vector512.Create(Avx512BW.ConvertToVector256Byte(v2), Avx512BW.ConvertToVector256Byte(v3));
                Avx512Vbmi.PermuteVar64x8x2(a, c == 2 ? s_group2Lanes32First : c == 3 ? s_group3Lanes32First : s_group4Lanes32First, b).StoreUnsafe(ref raw);
                if (c == 2) return;
                Vector512<byte> rest = Avx512Vbmi.PermuteVar64x8x2(a, c == 3 ? s_group3Lanes32Second : s_group4Lanes32Second, b);
                if (c == 4) rest.StoreUnsafe(ref raw, 64);
                else rest.GetLower().StoreUnsafe(ref raw, 64);
                return;
            }
            GroupShort256(v0.GetLower(), v1.GetLower(), v2.GetLower(), v3.GetLower(), c, ref dst, index);
            GroupShort256(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), v3.GetUpper(), c, ref dst, index + (nuint)(16 * c));
        }

        /// <summary>A byte shuffle in which index 0x80 gives 0 (pshufb; elsewhere Vector128.Shuffle, whose out-of-range indices give 0 too).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<byte> ShuffleBytes(Vector128<byte> value, Vector128<byte> indices) =>
            Ssse3.IsSupported ? Ssse3.Shuffle(value, indices) : Vector128.Shuffle(value, indices);

        /// <summary>
        /// Output bytes <c>16·block .. 16·block + 15</c> of a group of <paramref name="c"/> values of <paramref name="lanes"/>
        /// lanes each, <paramref name="size"/>-byte elements, the values laid side by side in 16-byte vectors: the byte of
        /// vector <paramref name="part"/> each output byte comes from, or 0x80 where it comes from another vector or lies
        /// past the group. Output element e is lane e / c of value e % c.
        /// </summary>
        private static byte[] GroupIndices(int c, int size, int lanes, int block, int part, int vectorBytes = 16)
        {
            var indices = new byte[vectorBytes];
            for (int i = 0; i < vectorBytes; i++)
            {
                int o = block * vectorBytes + i, e = o / size;
                int source = (e % c * lanes + e / c) * size + o % size;
                indices[i] = e < c * lanes && source / vectorBytes == part ? (byte)(source % vectorBytes) : (byte)0x80;
            }
            return indices;
        }

        // Built on first use of a group store, not with the runtime: most kernels use none (start-up cost, measured ~5 ms of JIT at tier 0 for all tables).
        internal static partial class ByteGroupTables
        {
            internal static readonly Vector128<byte> s_group2Bytes = Vector128.Create(GroupIndices(2, 1, 4, 0, 0)),
                s_group3Bytes = Vector128.Create(GroupIndices(3, 1, 4, 0, 0)), s_group4Bytes = Vector128.Create(GroupIndices(4, 1, 4, 0, 0)),
                s_group2Shorts = Vector128.Create(GroupIndices(2, 2, 4, 0, 0)),
                s_group3ShortsA0 = Vector128.Create(GroupIndices(3, 2, 4, 0, 0)), s_group3ShortsB0 = Vector128.Create(GroupIndices(3, 2, 4, 0, 1)),
                s_group3ShortsA1 = Vector128.Create(GroupIndices(3, 2, 4, 1, 0)), s_group3ShortsB1 = Vector128.Create(GroupIndices(3, 2, 4, 1, 1)),
                s_group4ShortsA0 = Vector128.Create(GroupIndices(4, 2, 4, 0, 0)), s_group4ShortsB0 = Vector128.Create(GroupIndices(4, 2, 4, 0, 1)),
                s_group4ShortsA1 = Vector128.Create(GroupIndices(4, 2, 4, 1, 0)), s_group4ShortsB1 = Vector128.Create(GroupIndices(4, 2, 4, 1, 1));

            internal static readonly Vector128<byte> s_group2Lanes8 = Vector128.Create(GroupIndices(2, 1, 8, 0, 0)),
                s_group3Lanes8A0 = Vector128.Create(GroupIndices(3, 1, 8, 0, 0)), s_group3Lanes8B0 = Vector128.Create(GroupIndices(3, 1, 8, 0, 1)),
                s_group3Lanes8A1 = Vector128.Create(GroupIndices(3, 1, 8, 1, 0)), s_group3Lanes8B1 = Vector128.Create(GroupIndices(3, 1, 8, 1, 1)),
                s_group4Lanes8A0 = Vector128.Create(GroupIndices(4, 1, 8, 0, 0)), s_group4Lanes8B0 = Vector128.Create(GroupIndices(4, 1, 8, 0, 1)),
                s_group4Lanes8A1 = Vector128.Create(GroupIndices(4, 1, 8, 1, 0)), s_group4Lanes8B1 = Vector128.Create(GroupIndices(4, 1, 8, 1, 1));

            // vpermt2b over two registers of 64 bytes (index bit 6 picks the second): one 128-entry table, 64 for each output register.
            internal static readonly Vector512<byte> s_group2Lanes32First = Vector512.Create(GroupIndices(2, 1, 32, 0, 0, 128)[..64]),
                s_group3Lanes32First = Vector512.Create(GroupIndices(3, 1, 32, 0, 0, 128)[..64]), s_group3Lanes32Second = Vector512.Create(GroupIndices(3, 1, 32, 0, 0, 128)[64..]),
                s_group4Lanes32First = Vector512.Create(GroupIndices(4, 1, 32, 0, 0, 128)[..64]), s_group4Lanes32Second = Vector512.Create(GroupIndices(4, 1, 32, 0, 0, 128)[64..]);

            // vpermb over the four 16-byte values in one register (one 64-entry table); vpermt2w over two registers of 32
            // elements (index bit 5 picks the second): the same 64 entries counted in elements, 32 for each output register.
            internal static readonly Vector512<byte> s_group2Bytes512 = Vector512.Create(GroupIndices(2, 1, 16, 0, 0, 64)),
                s_group3Bytes512 = Vector512.Create(GroupIndices(3, 1, 16, 0, 0, 64)), s_group4Bytes512 = Vector512.Create(GroupIndices(4, 1, 16, 0, 0, 64));
            internal static readonly Vector512<short> s_group2Shorts512First = Shorts(GroupIndices(2, 1, 16, 0, 0, 64)[..32]),
                s_group3Shorts512First = Shorts(GroupIndices(3, 1, 16, 0, 0, 64)[..32]), s_group3Shorts512Second = Shorts(GroupIndices(3, 1, 16, 0, 0, 64)[32..]),
                s_group4Shorts512First = Shorts(GroupIndices(4, 1, 16, 0, 0, 64)[..32]), s_group4Shorts512Second = Shorts(GroupIndices(4, 1, 16, 0, 0, 64)[32..]);
        }

        private static Vector512<short> Shorts(byte[] indices)
        {
            var elements = new short[32];
            for (int i = 0; i < 32; i++) elements[i] = indices[i] == 0x80 ? (short)0 : indices[i];
            return Vector512.Create(elements);
        }
        // Channels of the lanes' own type at stride 3 or 4 (xyz float triples, RGBA floats, int quads): lane k reads
        // src[index + stride·k] and a group writes lane k of value j at dst[index + c·k + j]. 4-byte elements with
        // AVX-512: whole loads (never past the last lane's element) and two-table permutes (vpermt2d / vpermt2ps);
        // else element by element, as the lanes' own loads and stores (the vector work around them still counts).

        /// <summary>Lane k = <c>src[index + stride·k]</c> (stride 3 or 4).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> LoadStrided128<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            ref T at = ref Unsafe.Add(ref src, index);
            if (Unsafe.SizeOf<T>() == 4)
            {
                ref int i = ref Unsafe.As<T, int>(ref at);
                return Vector128.Create(i, Unsafe.Add(ref i, stride), Unsafe.Add(ref i, 2 * stride), Unsafe.Add(ref i, 3 * stride)).As<int, T>();
            }
            ref long l = ref Unsafe.As<T, long>(ref at);
            return Vector128.Create(l, Unsafe.Add(ref l, stride)).As<long, T>();
        }

        /// <summary>Lane k = <c>src[index + stride·k]</c> (stride 3 or 4).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> LoadStrided256<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            if (stride == 3 && Unsafe.SizeOf<T>() == 4 && Avx2.IsSupported)
            {
                // xyz triples with AVX2: loads at 0, 8 and 14 (the last ending at the last lane's element, 21), each
                // permuted (vpermd) so that its lanes land in place (0-2 from the first, 3-5 the second, 6-7 the third),
                // then two blends, where element by element took eight loads and seven inserts. Measured on this machine
                // with AVX-512 off, one thread, 256K Vector3s: a distance map 1.25x faster, a normalization 1.8x.
                ref int at = ref Unsafe.As<T, int>(ref Unsafe.Add(ref src, index));
                Vector256<int> first = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref at), s_stride3Avx2First);
                Vector256<int> second = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref at, 8), s_stride3Avx2Second);
                Vector256<int> third = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref at, 14), s_stride3Avx2Third);
                return Avx2.Blend(Avx2.Blend(first, second, 0b0011_1000), third, 0b1100_0000).As<int, T>();
            }
            return Vector256.Create(LoadStrided128(ref src, index, stride), LoadStrided128(ref src, index + (nuint)(stride * Vector128<T>.Count), stride));
        }

        /// <summary>Lane k = <c>src[index + stride·k]</c> (stride 3 or 4).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> LoadStrided512<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4 && Avx512F.IsSupported)
            {
                ref int at = ref Unsafe.As<T, int>(ref Unsafe.Add(ref src, index));
                // Loads of 16 at 0, 16, 32 … the last ending at the last lane's element (15·stride).
                Vector512<int> l0 = Vector512.LoadUnsafe(ref at), l1 = Vector512.LoadUnsafe(ref at, 16);
                if (stride == 3)
                {
                    Vector512<int> l2 = Vector512.LoadUnsafe(ref at, 30);
                    return Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(l0, s_stride3First, l1), s_stride3Last, l2).As<int, T>();
                }
                Vector512<int> l2b = Vector512.LoadUnsafe(ref at, 32), l3 = Vector512.LoadUnsafe(ref at, 45);
                return Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(l0, s_stride4Low, l1), s_stride4Join, Avx512F.PermuteVar16x32x2(l2b, s_stride4High, l3)).As<int, T>();
            }
            return Vector512.Create(LoadStrided256(ref src, index, stride), LoadStrided256(ref src, index + (nuint)(stride * Vector256<T>.Count), stride));
        }

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreGroup128<T>(Vector128<T> v0, Vector128<T> v1, Vector128<T> v2, ref T dst, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4 && Sse.IsSupported)
            {
                // a0 b0 c0 a1 | b1 c1 a2 b2 | c2 a3 b3 c3: unpacks of two values, then one two-source shufps per output.
                Vector128<float> a = v0.As<T, float>(), b = v1.As<T, float>(), c = v2.As<T, float>();
                ref float at = ref Unsafe.As<T, float>(ref Unsafe.Add(ref dst, index));
                Sse.Shuffle(Sse.UnpackLow(a, b), Sse.UnpackLow(c, a), 0xC4).StoreUnsafe(ref at);
                Sse.Shuffle(Sse.UnpackLow(b, c), Sse.UnpackHigh(a, b), 0x4E).StoreUnsafe(ref at, 4);
                Sse.Shuffle(Sse.UnpackHigh(c, a), Sse.UnpackHigh(b, c), 0xEC).StoreUnsafe(ref at, 8);
                return;
            }
            for (int k = 0; k < Vector128<T>.Count; k++)
            {
                ref T at = ref Unsafe.Add(ref dst, index + (nuint)(3 * k));
                at = v0.GetElement(k); Unsafe.Add(ref at, 1) = v1.GetElement(k); Unsafe.Add(ref at, 2) = v2.GetElement(k);
            }
        }

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreGroup128<T>(Vector128<T> v0, Vector128<T> v1, Vector128<T> v2, Vector128<T> v3, ref T dst, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4 && Sse2.IsSupported)
            {
                // A 4 x 4 transpose: pairs of lanes (a0 b0 a1 b1 …), then quads (a0 b0 c0 d0 …).
                Vector128<float> t0 = Sse.UnpackLow(v0.As<T, float>(), v1.As<T, float>()), t1 = Sse.UnpackHigh(v0.As<T, float>(), v1.As<T, float>());
                Vector128<float> t2 = Sse.UnpackLow(v2.As<T, float>(), v3.As<T, float>()), t3 = Sse.UnpackHigh(v2.As<T, float>(), v3.As<T, float>());
                ref float at = ref Unsafe.As<T, float>(ref Unsafe.Add(ref dst, index));
                Sse2.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle().StoreUnsafe(ref at);
                Sse2.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle().StoreUnsafe(ref at, 4);
                Sse2.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle().StoreUnsafe(ref at, 8);
                Sse2.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle().StoreUnsafe(ref at, 12);
                return;
            }
            for (int k = 0; k < Vector128<T>.Count; k++)
            {
                ref T at = ref Unsafe.Add(ref dst, index + (nuint)(4 * k));
                at = v0.GetElement(k); Unsafe.Add(ref at, 1) = v1.GetElement(k); Unsafe.Add(ref at, 2) = v2.GetElement(k); Unsafe.Add(ref at, 3) = v3.GetElement(k);
            }
        }

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreGroup256<T>(Vector256<T> v0, Vector256<T> v1, Vector256<T> v2, ref T dst, nuint index) where T : unmanaged
        {
            StoreGroup128(v0.GetLower(), v1.GetLower(), v2.GetLower(), ref dst, index);
            StoreGroup128(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), ref dst, index + (nuint)(3 * Vector128<T>.Count));
        }

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreGroup256<T>(Vector256<T> v0, Vector256<T> v1, Vector256<T> v2, Vector256<T> v3, ref T dst, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4 && Avx.IsSupported)
            {
                // The 4 x 4 transpose in each 128-bit half, then the halves put in lane order.
                Vector256<float> t0 = Avx.UnpackLow(v0.As<T, float>(), v1.As<T, float>()), t1 = Avx.UnpackHigh(v0.As<T, float>(), v1.As<T, float>());
                Vector256<float> t2 = Avx.UnpackLow(v2.As<T, float>(), v3.As<T, float>()), t3 = Avx.UnpackHigh(v2.As<T, float>(), v3.As<T, float>());
                Vector256<float> q0 = Avx.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle(), q1 = Avx.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
                Vector256<float> q2 = Avx.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle(), q3 = Avx.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
                ref float at = ref Unsafe.As<T, float>(ref Unsafe.Add(ref dst, index));
                Avx.Permute2x128(q0, q1, 0x20).StoreUnsafe(ref at);
                Avx.Permute2x128(q2, q3, 0x20).StoreUnsafe(ref at, 8);
                Avx.Permute2x128(q0, q1, 0x31).StoreUnsafe(ref at, 16);
                Avx.Permute2x128(q2, q3, 0x31).StoreUnsafe(ref at, 24);
                return;
            }
            StoreGroup128(v0.GetLower(), v1.GetLower(), v2.GetLower(), v3.GetLower(), ref dst, index);
            StoreGroup128(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), v3.GetUpper(), ref dst, index + (nuint)(4 * Vector128<T>.Count));
        }

        /// <summary>Lane k of value j (j &lt; 3) to <c>dst[index + 3k + j]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreGroup512<T>(Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, ref T dst, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4 && Avx512F.IsSupported)
            {
                // Output vector m: v0 and v1's elements placed first, then v2's.
                Vector512<int> a = v0.As<T, int>(), b = v1.As<T, int>(), c = v2.As<T, int>();
                ref int at = ref Unsafe.As<T, int>(ref Unsafe.Add(ref dst, index));
                Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(a, s_group3Out0Pair, b), s_group3Out0Third, c).StoreUnsafe(ref at);
                Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(a, s_group3Out1Pair, b), s_group3Out1Third, c).StoreUnsafe(ref at, 16);
                Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(a, s_group3Out2Pair, b), s_group3Out2Third, c).StoreUnsafe(ref at, 32);
                return;
            }
            StoreGroup256(v0.GetLower(), v1.GetLower(), v2.GetLower(), ref dst, index);
            StoreGroup256(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), ref dst, index + (nuint)(3 * Vector256<T>.Count));
        }

        /// <summary>Lane k of value j (j &lt; 4) to <c>dst[index + 4k + j]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreGroup512<T>(Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3, ref T dst, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4 && Avx512F.IsSupported)
            {
                // Output vector m holds lanes 4m … 4m + 3 of all four: pairs (v0, v1) and (v2, v3) interleaved, then joined.
                Vector512<int> a = v0.As<T, int>(), b = v1.As<T, int>(), c = v2.As<T, int>(), d = v3.As<T, int>();
                ref int at = ref Unsafe.As<T, int>(ref Unsafe.Add(ref dst, index));
                Vector512<int> ab0 = Avx512F.PermuteVar16x32x2(a, s_pairs4Low, b), ab1 = Avx512F.PermuteVar16x32x2(a, s_pairs4High, b);
                Vector512<int> cd0 = Avx512F.PermuteVar16x32x2(c, s_pairs4Low, d), cd1 = Avx512F.PermuteVar16x32x2(c, s_pairs4High, d);
                Avx512F.PermuteVar16x32x2(ab0, s_quadsLow, cd0).StoreUnsafe(ref at);
                Avx512F.PermuteVar16x32x2(ab0, s_quadsHigh, cd0).StoreUnsafe(ref at, 16);
                Avx512F.PermuteVar16x32x2(ab1, s_quadsLow, cd1).StoreUnsafe(ref at, 32);
                Avx512F.PermuteVar16x32x2(ab1, s_quadsHigh, cd1).StoreUnsafe(ref at, 48);
                return;
            }
            StoreGroup256(v0.GetLower(), v1.GetLower(), v2.GetLower(), v3.GetLower(), ref dst, index);
            StoreGroup256(v0.GetUpper(), v1.GetUpper(), v2.GetUpper(), v3.GetUpper(), ref dst, index + (nuint)(4 * Vector256<T>.Count));
        }

        // Two-table permute indices (0-15: the first table, 16-31: the second) for the 16-lane strided loads and group stores.
        private static Vector512<int> Indices(System.Func<int, int> f) => Vector512.Create(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(System.Linq.Enumerable.Range(0, 16), f)));

        // Stride 3: loads at 0, 16, 30; lanes 0-10 from the first two (elements 0 … 30), then 11-15 from the third.
        // Built on first use (see ByteGroupTables).
        internal static partial class LaneGroupTables
        {
            internal static readonly Vector512<int> s_stride3First = Indices(k => k <= 10 ? 3 * k : 0),
                s_stride3Last = Indices(k => k <= 10 ? k : 16 + 3 * k - 30);
            // Stride 3 with AVX2 (LoadStrided256): lane k is element 3k, in the load at 0 (k < 3), 8 (k < 6) or 14.
            internal static readonly Vector256<int> s_stride3Avx2First = Vector256.Create(0, 3, 6, 0, 0, 0, 0, 0),
                s_stride3Avx2Second = Vector256.Create(0, 0, 0, 1, 4, 7, 0, 0), s_stride3Avx2Third = Vector256.Create(0, 0, 0, 0, 0, 0, 4, 7);
            // Stride 4: loads at 0, 16, 32, 45; lanes 0-7 from the first two, 8-15 from the last two, joined.
            internal static readonly Vector512<int> s_stride4Low = Indices(k => k < 8 ? 4 * k : 0),
                s_stride4High = Indices(k => k >= 8 ? (4 * k < 45 ? 4 * k - 32 : 16 + 4 * k - 45) : 0),
                s_stride4Join = Indices(k => k < 8 ? k : 16 + k);
            // Groups of 3: output element e = 16m + i is lane e / 3 of value e % 3.
            private static Vector512<int> Group3Pair(int m) => Indices(i => ((16 * m + i) % 3) switch { 0 => (16 * m + i) / 3, 1 => 16 + (16 * m + i) / 3, _ => 0 });
            private static Vector512<int> Group3Third(int m) => Indices(i => (16 * m + i) % 3 == 2 ? 16 + (16 * m + i) / 3 : i);
            internal static readonly Vector512<int> s_group3Out0Pair = Group3Pair(0), s_group3Out1Pair = Group3Pair(1), s_group3Out2Pair = Group3Pair(2),
                s_group3Out0Third = Group3Third(0), s_group3Out1Third = Group3Third(1), s_group3Out2Third = Group3Third(2);
            // Groups of 4: (v0, v1) pairs of lanes 0-7 and 8-15, then quads of lanes 4m … 4m + 3 from the two pair vectors.
            internal static readonly Vector512<int> s_pairs4Low = Indices(i => i % 2 == 0 ? i / 2 : 16 + i / 2),
                s_pairs4High = Indices(i => i % 2 == 0 ? 8 + i / 2 : 24 + i / 2),
                s_quadsLow = Indices(i => i % 4 < 2 ? i / 4 * 2 + i % 4 : 16 + i / 4 * 2 + i % 4 - 2),
                s_quadsHigh = Indices(i => i % 4 < 2 ? 8 + i / 4 * 2 + i % 4 : 24 + i / 4 * 2 + i % 4 - 2);
        }
    }
}
