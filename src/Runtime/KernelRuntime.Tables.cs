using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen
{
    // Lookups in 256-entry byte tables (or 64 and 128: base64's alphabet, 7-bit maps), t[k] with every lane's k in
    // 0 … 255 (a byte element, k & 255, …; below 64 or 128 for the smaller ones): gamma
    // and levels curves, posterize and threshold maps, S-boxes. The generated code calls these only where the vector
    // loop's guard has checked that the table holds at least 256 elements (so no lane can be out of bounds) and that
    // the machine has AVX-512 VBMI (VectorByteTables): there the table sits in four 64-byte registers and two
    // vpermi2b pick each byte of the index vector from the lower and the upper 128 entries (the low 7 bits of each
    // byte select), bit 7 chooses between them; the low byte of each lane is the lane's element (the other bytes
    // looked up their own bits and are cleared or sign-filled). 2^18 bytes through a table, one thread: 19 µs against
    // gcc -O3's 43 µs (scalar) and 142 µs lane by lane. Without VBMI no vector form was faster than the scalar loop
    // (AVX2 vpgatherdd of the 4 bytes ending at t[k]: 110 µs), so the scalar loop runs there; the narrower widths
    // below only finish a VBMI loop's last elements, lane by lane without bounds checks.
    public static partial class KernelRuntime
    {
        /// <summary>Whether the vector loops look 256-entry byte tables up (AVX-512 VBMI; see above). Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool VectorByteTables
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated;
        }

        /// <summary>table[index] in each lane (int lanes; 0 … entries − 1 each, a table of at least <paramref name="entries"/> bytes: 64, 128 or 256; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> LookupByte(Vector512<int> index, byte[] table, int entries = 256) =>
            Avx512Vbmi.IsSupported ? Vector512.BitwiseAnd(Permute(index.AsByte(), ref Data(table), entries).AsInt32(), Vector512.Create(0xFF))
            : Widen512(LookupByte(index.GetLower(), table, entries), LookupByte(index.GetUpper(), table, entries));

        /// <summary>table[index] in each lane, sign-extended (int lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> LookupByte(Vector512<int> index, sbyte[] table, int entries = 256) =>
            Avx512Vbmi.IsSupported ? Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(Permute(index.AsByte(), ref Data(table), entries).AsInt32(), 24), 24)
            : Widen512(LookupByte(index.GetLower(), table, entries), LookupByte(index.GetUpper(), table, entries));

        /// <summary>table[index] in each lane (int lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> LookupByte(Vector256<int> index, byte[] table, int entries = 256) =>
            Vector256.Create(LookupByte(index.GetLower(), table, entries), LookupByte(index.GetUpper(), table, entries));

        /// <summary>table[index] in each lane, sign-extended (int lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> LookupByte(Vector256<int> index, sbyte[] table, int entries = 256) =>
            Vector256.Create(LookupByte(index.GetLower(), table, entries), LookupByte(index.GetUpper(), table, entries));

        /// <summary>table[index] in each lane (int lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> LookupByte(Vector128<int> index, byte[] table, int entries = 256)
        {
            ref byte t = ref Data(table);
            return Vector128.Create((int)Unsafe.Add(ref t, index[0]), Unsafe.Add(ref t, index[1]), Unsafe.Add(ref t, index[2]), Unsafe.Add(ref t, index[3]));
        }

        /// <summary>table[index] in each lane, sign-extended (int lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> LookupByte(Vector128<int> index, sbyte[] table, int entries = 256)
        {
            ref sbyte t = ref MemoryMarshal.GetArrayDataReference(table);
            return Vector128.Create((int)Unsafe.Add(ref t, index[0]), Unsafe.Add(ref t, index[1]), Unsafe.Add(ref t, index[2]), Unsafe.Add(ref t, index[3]));
        }

        /// <summary>table[index] in each lane (16-bit lanes holding ints 0 … 255; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> LookupByte(Vector512<short> index, byte[] table, int entries = 256) =>
            Avx512Vbmi.IsSupported ? Vector512.BitwiseAnd(Permute(index.AsByte(), ref Data(table), entries).AsInt16(), Vector512.Create((short)0xFF))
            : Vector512.Narrow(LookupByte(Vector512.WidenLower(index), table, entries), LookupByte(Vector512.WidenUpper(index), table, entries));

        /// <summary>table[index] in each lane, sign-extended (16-bit lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> LookupByte(Vector512<short> index, sbyte[] table, int entries = 256) =>
            Avx512Vbmi.IsSupported ? Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(Permute(index.AsByte(), ref Data(table), entries).AsInt16(), 8), 8)
            : Vector512.Narrow(LookupByte(Vector512.WidenLower(index), table, entries), LookupByte(Vector512.WidenUpper(index), table, entries));

        /// <summary>table[index] in each lane (16-bit lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> LookupByte(Vector256<short> index, byte[] table, int entries = 256) =>
            Vector256.Narrow(LookupByte(Vector256.WidenLower(index), table, entries), LookupByte(Vector256.WidenUpper(index), table, entries));

        /// <summary>table[index] in each lane, sign-extended (16-bit lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> LookupByte(Vector256<short> index, sbyte[] table, int entries = 256) =>
            Vector256.Narrow(LookupByte(Vector256.WidenLower(index), table, entries), LookupByte(Vector256.WidenUpper(index), table, entries));

        /// <summary>table[index] in each lane (16-bit lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> LookupByte(Vector128<short> index, byte[] table, int entries = 256) =>
            Vector128.Narrow(LookupByte(Vector128.WidenLower(index), table, entries), LookupByte(Vector128.WidenUpper(index), table, entries));

        /// <summary>table[index] in each lane, sign-extended (16-bit lanes; see above).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> LookupByte(Vector128<short> index, sbyte[] table, int entries = 256) =>
            Vector128.Narrow(LookupByte(Vector128.WidenLower(index), table, entries), LookupByte(Vector128.WidenUpper(index), table, entries));

        private static ref byte Data(byte[] table) => ref MemoryMarshal.GetArrayDataReference(table);

        private static ref byte Data(sbyte[] table) => ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetArrayDataReference(table));

        /// <summary>
        /// Each byte b of <paramref name="bytes"/> replaced by table[b] (VBMI; the table's first <paramref name="entries"/>
        /// bytes, 64, 128 or 256, every b below it): one vpermb for 64 entries (base64's alphabet), one vpermi2b for 128.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<byte> Permute(Vector512<byte> bytes, ref byte table, int entries)
        {
            if (entries == 64) return Avx512Vbmi.PermuteVar64x8(Vector512.LoadUnsafe(ref table), bytes);
            if (entries == 128) return Avx512Vbmi.PermuteVar64x8x2(Vector512.LoadUnsafe(ref table), bytes, Vector512.LoadUnsafe(ref table, 64));
            Vector512<byte> lower = Avx512Vbmi.PermuteVar64x8x2(Vector512.LoadUnsafe(ref table), bytes, Vector512.LoadUnsafe(ref table, 64));
            Vector512<byte> upper = Avx512Vbmi.PermuteVar64x8x2(Vector512.LoadUnsafe(ref table, 128), bytes, Vector512.LoadUnsafe(ref table, 192));
            return Vector512.ConditionalSelect(Vector512.LessThan(bytes.AsSByte(), Vector512<sbyte>.Zero).AsByte(), upper, lower);
        }

        private static Vector512<int> Widen512(Vector256<int> lower, Vector256<int> upper) => lower.ToVector512Unsafe().WithUpper(upper);
    }
}
