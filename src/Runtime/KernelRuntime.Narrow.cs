using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static KernelGen.KernelRuntime.WidenTables;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Vector loads and stores of byte, sbyte, short and ushort elements for loops whose lanes are ints: C# computes
        // with these types as ints (a byte operand is widened first, a (byte) cast keeps the low bits), so the lanes hold
        // exactly the ints the scalar code computes. A load takes one element per lane, `stride` elements apart (3: the
        // red, green or blue of packed RGB pixels), zero- or sign-extended as the element type converts to int; a store
        // keeps the low bits of each lane, as an unchecked cast does. Every load reads only the elements its lanes name
        // (never past the last one, which may be the array's last element), so the vector loop's bounds guard covers it.
        // Generic in the element type so the generated code reads the same for all four; the JIT compiles each
        // instantiation separately and drops the branches of the other types.

        /// <summary>Lanes k = 0..3 from <c>src[index + stride·k]</c>, converted to int as C# converts the element type.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> WidenLoad128<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            ref T at = ref Unsafe.Add(ref src, index);
            if (stride == 1)
            {
                if (typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte))
                {
                    var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.As<T, byte>(ref at))).AsByte();
                    if (typeof(T) == typeof(byte))
                        return Sse41.IsSupported ? Sse41.ConvertToVector128Int32(bytes) : Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32();
                    return Sse41.IsSupported ? Sse41.ConvertToVector128Int32(bytes.AsSByte()) : Vector128.WidenLower(Vector128.WidenLower(bytes.AsSByte()));
                }
                var halves = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<T, byte>(ref at)));
                return typeof(T) == typeof(short) ? Vector128.WidenLower(halves.AsInt16()) : Vector128.WidenLower(halves.AsUInt16()).AsInt32();
            }
            return Vector128.Create(Element(ref at, 0), Element(ref at, stride), Element(ref at, 2 * stride), Element(ref at, 3 * stride));
        }

        /// <summary>Lanes k = 0..7 from <c>src[index + stride·k]</c>, converted to int as C# converts the element type.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> WidenLoad256<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            ref T at = ref Unsafe.Add(ref src, index);
            ref byte raw = ref Unsafe.As<T, byte>(ref at);
            bool bytes = typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte);
            if (stride == 1)
            {
                if (bytes)
                {
                    var eight = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref raw));
                    if (Avx2.IsSupported)
                        return typeof(T) == typeof(byte) ? Avx2.ConvertToVector256Int32(eight.AsByte()) : Avx2.ConvertToVector256Int32(eight.AsSByte());
                }
                else
                {
                    var sixteen = Vector128.LoadUnsafe(ref raw);
                    if (Avx2.IsSupported)
                        return typeof(T) == typeof(short) ? Avx2.ConvertToVector256Int32(sixteen.AsInt16()) : Avx2.ConvertToVector256Int32(sixteen.AsUInt16());
                }
                return Vector256.Create(WidenLoad128(ref at, 0, 1), WidenLoad128(ref at, 4, 1));
            }
            if (Ssse3.IsSupported)
            {
                // Packed pixels and interleaved channels: each half of the lanes comes from one load that ends at or
                // before the last element, its bytes put in place (and the rest zeroed) by one shuffle.
                if (bytes && stride == 3)
                    return Extend<T>(Vector256.Create(
                        Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw), Vector128.Create(0, 128, 128, 128, 3, 128, 128, 128, 6, 128, 128, 128, 9, 128, 128, 128)),
                        Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 6), Vector128.Create(6, 128, 128, 128, 9, 128, 128, 128, 12, 128, 128, 128, 15, 128, 128, 128))).AsInt32());
                if (bytes && stride == 4)
                    return Extend<T>(Vector256.Create(
                        Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw), Vector128.Create(0, 128, 128, 128, 4, 128, 128, 128, 8, 128, 128, 128, 12, 128, 128, 128)),
                        Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 13), Vector128.Create(3, 128, 128, 128, 7, 128, 128, 128, 11, 128, 128, 128, 15, 128, 128, 128))).AsInt32());
                if (bytes && stride == 2)
                    return Extend<T>(Vector256.Create(
                        Ssse3.Shuffle(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref raw)).AsByte(), Vector128.Create(0, 128, 128, 128, 2, 128, 128, 128, 4, 128, 128, 128, 6, 128, 128, 128)),
                        Ssse3.Shuffle(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref raw, 7))).AsByte(), Vector128.Create(1, 128, 128, 128, 3, 128, 128, 128, 5, 128, 128, 128, 7, 128, 128, 128))).AsInt32());
                if (!bytes && stride == 2)
                    return Extend<T>(Vector256.Create(
                        Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw), Vector128.Create(0, 1, 128, 128, 4, 5, 128, 128, 8, 9, 128, 128, 12, 13, 128, 128)),
                        Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 14), Vector128.Create(2, 3, 128, 128, 6, 7, 128, 128, 10, 11, 128, 128, 14, 15, 128, 128))).AsInt32());
            }
            return Vector256.Create(
                Element(ref at, 0), Element(ref at, stride), Element(ref at, 2 * stride), Element(ref at, 3 * stride),
                Element(ref at, 4 * stride), Element(ref at, 5 * stride), Element(ref at, 6 * stride), Element(ref at, 7 * stride));
        }

        /// <summary>Lanes k = 0..15 from <c>src[index + stride·k]</c>, converted to int as C# converts the element type.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> WidenLoad512<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            if (stride == 1 && Avx512F.IsSupported)
            {
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
                if (typeof(T) == typeof(byte)) return Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref raw));
                if (typeof(T) == typeof(sbyte)) return Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref raw).AsSByte());
                if (typeof(T) == typeof(short)) return Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref raw).AsInt16());
                if (typeof(T) == typeof(ushort)) return Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref raw).AsUInt16());
            }
            if (stride is 2 or 3 or 4 && (typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte)) && Avx512Vbmi.VL.IsSupported)
            {
                // Interleaved pairs, packed RGB or BGRA into int lanes: the 16 bytes stride·k apart (the last at
                // 15·stride: 30, 45 or 60) with one two-table byte permute of two loads, the first at 0 and the second
                // ending at the last lane's byte (16-byte loads for stride 2, 32-byte ones at 15·stride - 31 for 3 and
                // 4), then one extension (vpmovzxbd), instead of four loads, four shuffles, two extensions.
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
                Vector128<byte> picked = stride == 2
                    ? Avx512Vbmi.VL.PermuteVar16x8x2(Vector128.LoadUnsafe(ref raw), s_stride2IntLanes, Vector128.LoadUnsafe(ref raw, 15))
                    : Avx512Vbmi.VL.PermuteVar32x8x2(Vector256.LoadUnsafe(ref raw), stride == 3 ? s_stride3IntLanes : s_stride4IntLanes,
                        Vector256.LoadUnsafe(ref raw, (nuint)(15 * stride - 31))).GetLower();
                return typeof(T) == typeof(byte) ? Avx512F.ConvertToVector512Int32(picked) : Avx512F.ConvertToVector512Int32(picked.AsSByte());
            }
            if (stride is 2 or 3 or 4 && (typeof(T) == typeof(short) || typeof(T) == typeof(ushort)) && Avx512BW.VL.IsSupported)
            {
                // Interleaved 16-bit channels (stereo PCM, complex pairs): the same with a word permute (vpermt2w) of
                // 32-byte loads at shorts 0 and 15 for stride 2 (the last lane's short is 30), 64-byte ones at 0 and
                // 15·stride - 31 for 3 and 4; then one extension (vpmovsxwd / vpmovzxwd).
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
                Vector256<short> picked = stride == 2
                    ? Avx512BW.VL.PermuteVar16x16x2(Vector256.LoadUnsafe(ref raw).AsInt16(), s_stride2ShortIntLanes, Vector256.LoadUnsafe(ref raw, 30).AsInt16())
                    : Avx512BW.PermuteVar32x16x2(Vector512.LoadUnsafe(ref raw).AsInt16(), stride == 3 ? s_stride3ShortIntLanes : s_stride4ShortIntLanes,
                        Vector512.LoadUnsafe(ref raw, (nuint)(2 * (15 * stride - 31))).AsInt16()).GetLower();
                return typeof(T) == typeof(short) ? Avx512F.ConvertToVector512Int32(picked) : Avx512F.ConvertToVector512Int32(picked.AsUInt16());
            }
            // The upper half inserted into the lower's register: Vector512.Create(lower, upper) became two inserts into
            // a zeroed register the JIT hoists out of the loop, a chain from one step to the next.
            return WidenLoad256(ref src, index, stride).ToVector512Unsafe().WithUpper(WidenLoad256(ref src, index + (nuint)(8 * stride), stride));
        }

        // Built on first use of a widening strided load, not with the runtime (see ByteGroupTables).
        internal static partial class WidenTables
        {
            /// <summary>vpermt2b indices for <see cref="WidenLoad512"/>'s byte strides 2 (16-byte tables), 3 and 4 (32-byte ones) (<see cref="StridedLanes"/>).</summary>
            internal static readonly Vector128<byte> s_stride2IntLanes = Vector128.Create(StridedLanes(2, 16, 16));
            internal static readonly Vector256<byte> s_stride3IntLanes = Vector256.Create(StridedLanes(3, 16, 32)), s_stride4IntLanes = Vector256.Create(StridedLanes(4, 16, 32));

            /// <summary>vpermt2w indices for <see cref="WidenLoad512"/>'s 16-bit strides 2 (16-short tables), 3 and 4 (32-short ones).</summary>
            internal static readonly Vector256<short> s_stride2ShortIntLanes = Words256(StridedLanes(2, 16, 16));
            internal static readonly Vector512<short> s_stride3ShortIntLanes = Words512(StridedLanes(3, 16, 32)), s_stride4ShortIntLanes = Words512(StridedLanes(4, 16, 32));
        }

        private static Vector256<short> Words256(byte[] indices) => Vector256.Create(System.Array.ConvertAll(indices, b => (short)b));
        private static Vector512<short> Words512(byte[] indices) => Vector512.Create(System.Array.ConvertAll(indices, b => (short)b));

        /// <summary>
        /// Two-table byte permute indices: lane k (of <paramref name="lanes"/>) takes byte stride·k of two loads of
        /// <paramref name="table"/> bytes, the first at 0 and the second ending at the last lane's byte (at
        /// stride·(lanes - 1) - (table - 1)); indices of the second table are offset by <paramref name="table"/>.
        /// </summary>
        private static byte[] StridedLanes(int stride, int lanes, int table)
        {
            var indices = new byte[table];
            int second = stride * (lanes - 1) - (table - 1);
            for (int k = 0; k < lanes; k++) indices[k] = (byte)(stride * k < table ? stride * k : table + stride * k - second);
            return indices;
        }

        // Loops that also compute doubles or longs hold ints in long lanes (sign-extended): the same elements, widened once more.

        /// <summary>Lanes k = 0..1 from <c>src[index + stride·k]</c>, converted as C# converts the element type to int, in long lanes.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<long> WidenLoadLong128<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            ref T at = ref Unsafe.Add(ref src, index);
            return Vector128.Create((long)Element(ref at, 0), Element(ref at, stride));
        }

        /// <summary>Lanes k = 0..3 from <c>src[index + stride·k]</c>, converted as C# converts the element type to int, in long lanes.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<long> WidenLoadLong256<T>(ref T src, nuint index, int stride) where T : unmanaged =>
            Avx2.IsSupported ? Avx2.ConvertToVector256Int64(WidenLoad128(ref src, index, stride)) : Vector256.WidenLower(WidenLoad128(ref src, index, stride).ToVector256Unsafe());

        /// <summary>Lanes k = 0..7 from <c>src[index + stride·k]</c>, converted as C# converts the element type to int, in long lanes.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<long> WidenLoadLong512<T>(ref T src, nuint index, int stride) where T : unmanaged =>
            Avx512F.IsSupported ? Avx512F.ConvertToVector512Int64(WidenLoad256(ref src, index, stride)) : Vector512.WidenLower(WidenLoad256(ref src, index, stride).ToVector512Unsafe());

        // Int elements in long lanes and float elements in double lanes (loops that also compute longs or doubles): one
        // converting load (vpmovsxdq / vcvtps2pd from memory) where the instruction set has it. The portable
        // WidenLower(Create(half, zero)) form cost 3-10x at 512 bits on Zen 4 (ints squared into longs; a float[] -> double[] map).

        /// <summary>Lanes k = 0..1 from <c>src[index + k]</c>, sign-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<long> LoadIntsAsLongs128(ref int src, nuint index) =>
            Sse41.IsSupported
                ? Sse41.ConvertToVector128Int64(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<int, byte>(ref Unsafe.Add(ref src, index)))).AsInt32())
                : Vector128.WidenLower(Vector128.Create(Vector64.LoadUnsafe(ref src, index), Vector64<int>.Zero));

        /// <summary>Lanes k = 0..3 from <c>src[index + k]</c>, sign-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<long> LoadIntsAsLongs256(ref int src, nuint index) =>
            Avx2.IsSupported
                ? Avx2.ConvertToVector256Int64(Vector128.LoadUnsafe(ref src, index))
                : Vector256.WidenLower(Vector256.Create(Vector128.LoadUnsafe(ref src, index), Vector128<int>.Zero));

        /// <summary>Lanes k = 0..7 from <c>src[index + k]</c>, sign-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<long> LoadIntsAsLongs512(ref int src, nuint index) =>
            Avx512F.IsSupported
                ? Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref src, index))
                : Vector512.WidenLower(Vector512.Create(Vector256.LoadUnsafe(ref src, index), Vector256<int>.Zero));

        // uint elements (a uint array read through its data as ints) zero-extended to long (vpmovzxdq), as C# converts a uint.

        /// <summary>Lanes k = 0..1 from the uint bits <c>src[index + k]</c>, zero-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<long> LoadUintsAsLongs128(ref int src, nuint index) =>
            Sse41.IsSupported
                ? Sse41.ConvertToVector128Int64(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<int, byte>(ref Unsafe.Add(ref src, index)))).AsUInt32())
                : Vector128.WidenLower(Vector128.Create(Vector64.LoadUnsafe(ref Unsafe.As<int, uint>(ref src), index), Vector64<uint>.Zero)).AsInt64();

        /// <summary>Lanes k = 0..3 from the uint bits <c>src[index + k]</c>, zero-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<long> LoadUintsAsLongs256(ref int src, nuint index) =>
            Avx2.IsSupported
                ? Avx2.ConvertToVector256Int64(Vector128.LoadUnsafe(ref Unsafe.As<int, uint>(ref src), index))
                : Vector256.WidenLower(Vector256.Create(Vector128.LoadUnsafe(ref Unsafe.As<int, uint>(ref src), index), Vector128<uint>.Zero)).AsInt64();

        /// <summary>Lanes k = 0..7 from the uint bits <c>src[index + k]</c>, zero-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<long> LoadUintsAsLongs512(ref int src, nuint index) =>
            Avx512F.IsSupported
                ? Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref Unsafe.As<int, uint>(ref src), index))
                : Vector512.WidenLower(Vector512.Create(Vector256.LoadUnsafe(ref Unsafe.As<int, uint>(ref src), index), Vector256<uint>.Zero)).AsInt64();

        /// <summary>Lanes k = 0..1 from <c>src[index + k]</c>, converted to double (exact).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> LoadFloatsAsDoubles128(ref float src, nuint index) =>
            Sse2.IsSupported
                ? Sse2.ConvertToVector128Double(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref src, index)))).AsSingle())
                : Vector128.WidenLower(Vector128.Create(Vector64.LoadUnsafe(ref src, index), Vector64<float>.Zero));

        /// <summary>Lanes k = 0..3 from <c>src[index + k]</c>, converted to double (exact).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> LoadFloatsAsDoubles256(ref float src, nuint index) =>
            Avx.IsSupported
                ? Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref src, index))
                : Vector256.WidenLower(Vector256.Create(Vector128.LoadUnsafe(ref src, index), Vector128<float>.Zero));

        /// <summary>Lanes k = 0..7 from <c>src[index + k]</c>, converted to double (exact).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> LoadFloatsAsDoubles512(ref float src, nuint index) =>
            Avx512F.IsSupported
                ? Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref src, index))
                : Vector512.WidenLower(Vector512.Create(Vector256.LoadUnsafe(ref src, index), Vector256<float>.Zero));

        // Every stride-th float or int (2 to 4: a channel of points or pixels, one side of stereo frames) widened into
        // double or long lanes, exact: the float or int lanes' strided loads (their reads end at the last lane's
        // element), then the widening the unit-stride loads above use.

        /// <summary>Lanes k = 0..1 from <c>src[index + stride·k]</c> (stride 2 to 4), converted to double (exact).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> LoadFloatsAsDoubles128(ref float src, nuint index, int stride)
        {
            ref float at = ref Unsafe.Add(ref src, index);
            return Vector128.Create((double)at, Unsafe.Add(ref at, stride));
        }

        /// <summary>Lanes k = 0..3 from <c>src[index + stride·k]</c> (stride 2 to 4), converted to double (exact).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> LoadFloatsAsDoubles256(ref float src, nuint index, int stride)
        {
            Vector128<float> f = stride == 2 ? LoadEven128(ref src, index) : LoadStrided128(ref src, index, stride);
            return Avx.IsSupported ? Avx.ConvertToVector256Double(f) : Vector256.Create(Vector128.WidenLower(f), Vector128.WidenUpper(f));
        }

        /// <summary>Lanes k = 0..7 from <c>src[index + stride·k]</c> (stride 2 to 4), converted to double (exact).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> LoadFloatsAsDoubles512(ref float src, nuint index, int stride)
        {
            Vector256<float> f = stride == 2 ? LoadEven256(ref src, index) : LoadStrided256(ref src, index, stride);
            return Avx512F.IsSupported ? Avx512F.ConvertToVector512Double(f) : Vector512.Create(Vector256.WidenLower(f), Vector256.WidenUpper(f));
        }

        /// <summary>Lanes k = 0..1 from <c>src[index + stride·k]</c> (stride 2 to 4), sign-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<long> LoadIntsAsLongs128(ref int src, nuint index, int stride)
        {
            ref int at = ref Unsafe.Add(ref src, index);
            return Vector128.Create((long)at, Unsafe.Add(ref at, stride));
        }

        /// <summary>Lanes k = 0..3 from <c>src[index + stride·k]</c> (stride 2 to 4), sign-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<long> LoadIntsAsLongs256(ref int src, nuint index, int stride)
        {
            Vector128<int> v = stride == 2 ? LoadEven128(ref src, index) : LoadStrided128(ref src, index, stride);
            return Avx2.IsSupported ? Avx2.ConvertToVector256Int64(v) : Vector256.Create(Vector128.WidenLower(v), Vector128.WidenUpper(v));
        }

        /// <summary>Lanes k = 0..7 from <c>src[index + stride·k]</c> (stride 2 to 4), sign-extended to long.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<long> LoadIntsAsLongs512(ref int src, nuint index, int stride)
        {
            Vector256<int> v = stride == 2 ? LoadEven256(ref src, index) : LoadStrided256(ref src, index, stride);
            return Avx512F.IsSupported ? Avx512F.ConvertToVector512Int64(v) : Vector512.Create(Vector256.WidenLower(v), Vector256.WidenUpper(v));
        }

        /// <summary>Stores the low bits of lanes 0..3 at <c>dst[index..index+3]</c>, as an unchecked cast to the element type does.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStore128<T>(Vector128<int> value, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            Vector128<short> shorts = Vector128.Narrow(value, value);
            if (typeof(T) == typeof(short) || typeof(T) == typeof(ushort))
                Unsafe.WriteUnaligned(ref raw, shorts.AsUInt64().ToScalar());
            else
                Unsafe.WriteUnaligned(ref raw, Vector128.Narrow(shorts, shorts).AsUInt32().ToScalar());
        }

        /// <summary>Stores the low bits of lanes 0..7 at <c>dst[index..index+7]</c>, as an unchecked cast to the element type does.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStore256<T>(Vector256<int> value, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            Vector128<short> shorts = Vector128.Narrow(value.GetLower(), value.GetUpper());
            if (typeof(T) == typeof(short) || typeof(T) == typeof(ushort))
                shorts.StoreUnsafe(ref Unsafe.As<byte, short>(ref raw));
            else
                Unsafe.WriteUnaligned(ref raw, Vector128.Narrow(shorts, shorts).AsUInt64().ToScalar());
        }

        /// <summary>Stores the low bits of lanes 0..15 at <c>dst[index..index+15]</c>, as an unchecked cast to the element type does.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStore512<T>(Vector512<int> value, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            bool shortElements = typeof(T) == typeof(short) || typeof(T) == typeof(ushort);
            if (Avx512F.IsSupported)
            {
                // One truncating down-conversion (vpmovdw / vpmovdb: the low bits, as the cast keeps them), where the
                // portable narrowing took eight instructions (extracts, two narrowings a half, inserts).
                if (shortElements) Avx512F.ConvertToVector256Int16(value).StoreUnsafe(ref Unsafe.As<byte, short>(ref raw));
                else Avx512F.ConvertToVector128Byte(value).StoreUnsafe(ref raw);
                return;
            }
            Vector256<short> shorts = Vector256.Narrow(value.GetLower(), value.GetUpper());
            if (shortElements)
                shorts.StoreUnsafe(ref Unsafe.As<byte, short>(ref raw));
            else
                Vector128.Narrow(shorts.GetLower(), shorts.GetUpper()).AsByte().StoreUnsafe(ref raw);
        }

        /// <summary>Stores the low bits of long lanes 0..1 (ints, sign-extended) at <c>dst[index..index+1]</c>, as an unchecked cast does.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreLong128<T>(Vector128<long> value, ref T dst, nuint index) where T : unmanaged
        {
            ref T at = ref Unsafe.Add(ref dst, index);
            Store(ref at, (int)value.GetElement(0));
            Store(ref Unsafe.Add(ref at, 1), (int)value.GetElement(1));

            static void Store(ref T e, int v)
            {
                if (typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte)) Unsafe.As<T, byte>(ref e) = (byte)v;
                else Unsafe.As<T, ushort>(ref e) = (ushort)v;
            }
        }

        /// <summary>Stores the low bits of long lanes 0..3 (ints, sign-extended) at <c>dst[index..index+3]</c>, as an unchecked cast does.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreLong256<T>(Vector256<long> value, ref T dst, nuint index) where T : unmanaged =>
            NarrowStore128(Vector256.Narrow(value, value).GetLower(), ref dst, index);

        /// <summary>Stores the low bits of long lanes 0..7 (ints, sign-extended) at <c>dst[index..index+7]</c>, as an unchecked cast does.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreLong512<T>(Vector512<long> value, ref T dst, nuint index) where T : unmanaged =>
            NarrowStore256(Vector512.Narrow(value, value).GetLower(), ref dst, index);

        // Sixteen-bit lanes: where the generator proves that a byte kernel's int values fit 16 bits wherever the
        // exact value matters (shifts right, comparisons) and only wrap-around arithmetic happens elsewhere (+, -, *,
        // <<, &, |, ^ keep the low 16 bits exact), a vector holds twice the lanes. Loads widen byte and sbyte elements
        // to 16 bits (short and ushort load as they are), stores keep the low bits.

        /// <summary>Lanes k = 0..7 from <c>src[index + stride·k]</c> as 16-bit lanes (bytes zero-, sbytes sign-extended).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> WidenLoadShort128<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            ref T at = ref Unsafe.Add(ref src, index);
            ref byte raw = ref Unsafe.As<T, byte>(ref at);
            if (typeof(T) == typeof(short) || typeof(T) == typeof(ushort))
            {
                if (stride == 1) return Vector128.LoadUnsafe(ref raw).AsInt16();
            }
            else if (stride == 1)
            {
                var eight = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref raw)).AsByte();
                return typeof(T) == typeof(byte) ? Vector128.WidenLower(eight).AsInt16() : Vector128.WidenLower(eight.AsSByte());
            }
            else if (stride == 3 && Ssse3.IsSupported)
            {
                // 22 bytes: lanes 0..5 from the first 16, lanes 6 and 7 from the 16 ending at the last one.
                var bytes = Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw), Vector128.Create((byte)0, 3, 6, 9, 12, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128))
                    | Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 6), Vector128.Create((byte)128, 128, 128, 128, 128, 128, 12, 15, 128, 128, 128, 128, 128, 128, 128, 128));
                return typeof(T) == typeof(byte) ? Vector128.WidenLower(bytes).AsInt16() : Vector128.WidenLower(bytes.AsSByte());
            }
            return Vector128.Create(
                (short)Element(ref at, 0), (short)Element(ref at, stride), (short)Element(ref at, 2 * stride), (short)Element(ref at, 3 * stride),
                (short)Element(ref at, 4 * stride), (short)Element(ref at, 5 * stride), (short)Element(ref at, 6 * stride), (short)Element(ref at, 7 * stride));
        }

        /// <summary>Lanes k = 0..15 from <c>src[index + stride·k]</c> as 16-bit lanes (bytes zero-, sbytes sign-extended).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> WidenLoadShort256<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
            if (typeof(T) == typeof(short) || typeof(T) == typeof(ushort))
            {
                if (stride == 1) return Vector256.LoadUnsafe(ref raw).AsInt16();
                return Vector256.Create(WidenLoadShort128(ref src, index, stride), WidenLoadShort128(ref src, index + (nuint)(8 * stride), stride));
            }
            Vector128<byte> bytes;
            if (stride == 1) bytes = Vector128.LoadUnsafe(ref raw);
            else if (Ssse3.IsSupported && stride is 2 or 3 or 4)
            {
                // The 16 elements from two to four loads inside their span (31, 46 or 61 bytes), each shuffled into place.
                const byte Z = 128;
                bytes = stride switch
                {
                    2 => Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw), Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, Z, Z, Z, Z, Z, Z, Z, Z))
                        | Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 15), Vector128.Create(Z, Z, Z, Z, Z, Z, Z, Z, 1, 3, 5, 7, 9, 11, 13, 15)),
                    3 => Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw), Vector128.Create((byte)0, 3, 6, 9, 12, 15, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z))
                        | Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 16), Vector128.Create(Z, Z, Z, Z, Z, Z, 2, 5, 8, 11, 14, Z, Z, Z, Z, Z))
                        | Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 30), Vector128.Create(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 3, 6, 9, 12, 15)),
                    _ => Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw), Vector128.Create((byte)0, 4, 8, 12, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z))
                        | Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 16), Vector128.Create(Z, Z, Z, Z, 0, 4, 8, 12, Z, Z, Z, Z, Z, Z, Z, Z))
                        | Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 32), Vector128.Create(Z, Z, Z, Z, Z, Z, Z, Z, 0, 4, 8, 12, Z, Z, Z, Z))
                        | Ssse3.Shuffle(Vector128.LoadUnsafe(ref raw, 45), Vector128.Create(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 3, 7, 11, 15)),
                };
            }
            else return Vector256.Create(WidenLoadShort128(ref src, index, stride), WidenLoadShort128(ref src, index + (nuint)(8 * stride), stride));
            if (Avx2.IsSupported)
                return typeof(T) == typeof(byte) ? Avx2.ConvertToVector256Int16(bytes) : Avx2.ConvertToVector256Int16(bytes.AsSByte());
            return typeof(T) == typeof(byte)
                ? Vector256.Create(Vector128.WidenLower(bytes), Vector128.WidenUpper(bytes)).AsInt16()
                : Vector256.Create(Vector128.WidenLower(bytes.AsSByte()), Vector128.WidenUpper(bytes.AsSByte()));
        }

        /// <summary>Lanes k = 0..31 from <c>src[index + stride·k]</c> as 16-bit lanes.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> WidenLoadShort512<T>(ref T src, nuint index, int stride) where T : unmanaged
        {
            if (stride == 1 && Avx512BW.IsSupported)
            {
                // One load and one extension (vpmovzxbw / vpmovsxbw) for the 32 lanes.
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
                if (typeof(T) == typeof(byte)) return Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref raw));
                if (typeof(T) == typeof(sbyte)) return Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref raw).AsSByte());
                return Vector512.LoadUnsafe(ref raw).AsInt16();
            }
            if (stride is 3 or 4 && (typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte)) && Avx512Vbmi.IsSupported)
            {
                // Packed RGB or BGRA: the 32 bytes stride·k apart (the last at 31·stride: 93 or 124) with one
                // two-table byte permute (vpermt2b) of the loads at 0 and at 31·stride - 63 (so neither reads past the
                // last lane's byte), then one extension: six loads, six shuffles and four ORs a channel less (RgbToGray
                // 4096², one thread: 3.7 -> 2.86 ms). Lane k's byte is in the first table below 64, else in the second.
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
                Vector256<byte> picked = Avx512Vbmi.PermuteVar64x8x2(Vector512.LoadUnsafe(ref raw), stride == 3 ? s_stride3Lanes : s_stride4Lanes,
                    Vector512.LoadUnsafe(ref raw, (nuint)(31 * stride - 63))).GetLower();
                return typeof(T) == typeof(byte) ? Avx512BW.ConvertToVector512Int16(picked) : Avx512BW.ConvertToVector512Int16(picked.AsSByte());
            }
            if (stride == 2 && (typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte)) && Avx512Vbmi.VL.IsSupported)
            {
                // Interleaved byte pairs: the 32-byte loads at 0 and 31 (the last lane's byte is 62), one vpermt2b.
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
                Vector256<byte> picked = Avx512Vbmi.VL.PermuteVar32x8x2(Vector256.LoadUnsafe(ref raw), s_stride2Lanes, Vector256.LoadUnsafe(ref raw, 31));
                return typeof(T) == typeof(byte) ? Avx512BW.ConvertToVector512Int16(picked) : Avx512BW.ConvertToVector512Int16(picked.AsSByte());
            }
            if (stride == 2 && (typeof(T) == typeof(short) || typeof(T) == typeof(ushort)) && Avx512BW.IsSupported)
            {
                // Interleaved 16-bit channels in 16-bit lanes: the 64-byte loads at shorts 0 and 31 (the last lane's
                // short is 62), one vpermt2w.
                ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, index));
                return Avx512BW.PermuteVar32x16x2(Vector512.LoadUnsafe(ref raw).AsInt16(), s_stride2ShortLanes, Vector512.LoadUnsafe(ref raw, 62).AsInt16());
            }
            // (Upper half into the lower's register: see WidenLoad512.)
            return WidenLoadShort256(ref src, index, stride).ToVector512Unsafe().WithUpper(WidenLoadShort256(ref src, index + (nuint)(16 * stride), stride));
        }

        // (WidenTables continued: the 16-bit loads' tables.)
        internal static partial class WidenTables
        {
            /// <summary>vpermt2b indices for <see cref="WidenLoadShort512"/>'s byte strides 2 (32-byte tables), 3 and 4 (64-byte ones) (<see cref="StridedLanes"/>).</summary>
            internal static readonly Vector256<byte> s_stride2Lanes = Vector256.Create(StridedLanes(2, 32, 32));
            internal static readonly Vector512<byte> s_stride3Lanes = Vector512.Create(StridedLanes(3, 32, 64)), s_stride4Lanes = Vector512.Create(StridedLanes(4, 32, 64));

            /// <summary>vpermt2w indices for <see cref="WidenLoadShort512"/>'s 16-bit stride 2 (32-short tables).</summary>
            internal static readonly Vector512<short> s_stride2ShortLanes = Words512(StridedLanes(2, 32, 32));
        }

        /// <summary>Stores the low bits of 16-bit lanes 0..7 at <c>dst[index..index+7]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreShort128<T>(Vector128<short> value, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            if (typeof(T) == typeof(short) || typeof(T) == typeof(ushort)) value.StoreUnsafe(ref Unsafe.As<byte, short>(ref raw));
            else Unsafe.WriteUnaligned(ref raw, Vector128.Narrow(value, value).AsUInt64().ToScalar());
        }

        /// <summary>Stores the low bits of 16-bit lanes 0..15 at <c>dst[index..index+15]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreShort256<T>(Vector256<short> value, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            if (typeof(T) == typeof(short) || typeof(T) == typeof(ushort)) value.StoreUnsafe(ref Unsafe.As<byte, short>(ref raw));
            else if (Avx512BW.VL.IsSupported) Avx512BW.VL.ConvertToVector128SByte(value).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref raw)); // vpmovwb: the low bytes
            else Vector128.Narrow(value.GetLower(), value.GetUpper()).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref raw));
        }

        /// <summary>Stores the low bits of 16-bit lanes 0..31 at <c>dst[index..index+31]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NarrowStoreShort512<T>(Vector512<short> value, ref T dst, nuint index) where T : unmanaged
        {
            ref byte raw = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref dst, index));
            if (typeof(T) == typeof(short) || typeof(T) == typeof(ushort)) value.StoreUnsafe(ref Unsafe.As<byte, short>(ref raw));
            else if (Avx512BW.IsSupported) Avx512BW.ConvertToVector256SByte(value).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref raw)); // vpmovwb: the low bytes
            else Vector256.Narrow(value.GetLower(), value.GetUpper()).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref raw));
        }

        // The high 16 bits of the product of unsigned 16-bit lanes (vpmulhuw), for divisions by a constant in 16-bit
        // lanes: x / d is the high half of x·m shifted right (the generator's Planner.MagicDivisor chooses m).

        /// <summary>Each lane's high 16 bits of <c>(ushort)x · (ushort)m</c>. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> MultiplyHighUnsigned(Vector128<short> x, Vector128<short> m)
        {
            if (Sse2.IsSupported) return Sse2.MultiplyHigh(x.AsUInt16(), m.AsUInt16()).AsInt16();
            var (xl, xh) = Vector128.Widen(x.AsUInt16());
            var (ml, mh) = Vector128.Widen(m.AsUInt16());
            return Vector128.Narrow(Vector128.ShiftRightLogical(xl * ml, 16), Vector128.ShiftRightLogical(xh * mh, 16)).AsInt16();
        }

        /// <summary>Each lane's high 16 bits of <c>(ushort)x · (ushort)m</c>. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> MultiplyHighUnsigned(Vector256<short> x, Vector256<short> m)
        {
            if (Avx2.IsSupported) return Avx2.MultiplyHigh(x.AsUInt16(), m.AsUInt16()).AsInt16();
            return Vector256.Create(MultiplyHighUnsigned(x.GetLower(), m.GetLower()), MultiplyHighUnsigned(x.GetUpper(), m.GetUpper()));
        }

        /// <summary>Each lane's high 16 bits of <c>(ushort)x · (ushort)m</c>. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> MultiplyHighUnsigned(Vector512<short> x, Vector512<short> m)
        {
            if (Avx512BW.IsSupported) return Avx512BW.MultiplyHigh(x.AsUInt16(), m.AsUInt16()).AsInt16();
            return MultiplyHighUnsigned(x.GetLower(), m.GetLower()).ToVector512Unsafe().WithUpper(MultiplyHighUnsigned(x.GetUpper(), m.GetUpper()));
        }

        // The high 32 bits of the signed 64-bit products of int lanes (vpmuldq on the even lanes and on the odd ones
        // shifted down), for divisions of any int by a constant (the generator's Planner.SignedMagic chooses m).

        /// <summary>Each lane's high 32 bits of the 64-bit product <c>(long)x · m</c>. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> MultiplyHighSigned(Vector128<int> x, Vector128<int> m)
        {
            if (Sse41.IsSupported)
            {
                Vector128<long> even = Sse41.Multiply(x, m), odd = Sse41.Multiply(Sse2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Sse2.ShiftRightLogical(m.AsInt64(), 32).AsInt32());
                return Sse2.ShiftRightLogical(even, 32).AsInt32() | (odd.AsInt32() & Vector128.Create(0, -1, 0, -1));
            }
            var (xl, xh) = Vector128.Widen(x);
            var (ml, mh) = Vector128.Widen(m);
            return Vector128.Narrow(Vector128.ShiftRightArithmetic(xl * ml, 32), Vector128.ShiftRightArithmetic(xh * mh, 32));
        }

        /// <summary>Each lane's high 32 bits of the 64-bit product <c>(long)x · m</c>. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> MultiplyHighSigned(Vector256<int> x, Vector256<int> m)
        {
            if (Avx2.IsSupported)
            {
                Vector256<long> even = Avx2.Multiply(x, m), odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(m.AsInt64(), 32).AsInt32());
                return Avx2.ShiftRightLogical(even, 32).AsInt32() | (odd.AsInt32() & Vector256.Create(0, -1, 0, -1, 0, -1, 0, -1));
            }
            return MultiplyHighSigned(x.GetLower(), m.GetLower()).ToVector256Unsafe().WithUpper(MultiplyHighSigned(x.GetUpper(), m.GetUpper()));
        }

        /// <summary>Each lane's high 32 bits of the 64-bit product <c>(long)x · m</c>. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> MultiplyHighSigned(Vector512<int> x, Vector512<int> m)
        {
            if (Avx512F.IsSupported)
            {
                Vector512<long> even = Avx512F.Multiply(x, m), odd = Avx512F.Multiply(Avx512F.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Avx512F.ShiftRightLogical(m.AsInt64(), 32).AsInt32());
                return Avx512F.ShiftRightLogical(even, 32).AsInt32() | (odd.AsInt32() & Vector512.Create(-1L << 32).AsInt32());
            }
            return MultiplyHighSigned(x.GetLower(), m.GetLower()).ToVector512Unsafe().WithUpper(MultiplyHighSigned(x.GetUpper(), m.GetUpper()));
        }

        /// <summary>One element, converted to int as C# converts it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Element<T>(ref T at, int offset) where T : unmanaged
        {
            ref T e = ref Unsafe.Add(ref at, offset);
            if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref e);
            if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref e);
            if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref e);
            return Unsafe.As<T, ushort>(ref e);
        }

        /// <summary>Lanes holding one zero-extended element each, sign-extended where the element type is signed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Extend<T>(Vector256<int> lanes) where T : unmanaged
        {
            if (typeof(T) == typeof(sbyte)) return Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(lanes, 24), 24);
            if (typeof(T) == typeof(short)) return Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(lanes, 16), 16);
            return lanes;
        }
    }
}
