using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Rows one per lane, copied into a tile at the start of a vector step so that the step's inner loops read whole
        // vectors: lane l's element d goes to tile[d * lanes + l]. The tile is an array of this thread's, rented for a
        // chunk's vector path (RentTile/ReturnTile: a kernel called inside a chunk rents another) and grown to what the
        // rows need, up to MaxTileElements; rows of 1000 doubles on 8 lanes take 64 KB, which a stack tile could not
        // hold (the rows ran the scalar loop). Elements of 4 bytes go four rows by four elements at a time through an
        // in-register 4x4 transpose (loads of 16 bytes, shuffles, stores of 16 bytes: half the memory operations of the
        // element-by-element copy); elements of 8 bytes likewise in 32-byte registers (AVX).

        /// <summary>The most elements a tile grows to (32 MB of doubles); longer rows run the scalar loop.</summary>
        internal const int MaxTileElements = 1 << 22;

        /// <summary>A tile for a chunk's vector path: this thread's (reused), or a new one. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static T[] RentTile<T>() where T : unmanaged => TilePool<T>.Rent();

        /// <summary>Gives a tile back to this thread's pool after the chunk's vector path. Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void ReturnTile<T>(T[] tile) where T : unmanaged => TilePool<T>.Return(tile);

        /// <summary>
        /// The rows' common length after copying rows[first + l][d] to tile[d * lanes + l] for every lane l, the tile grown
        /// first where it is too small; -1 (nothing copied, nothing thrown) when rows is null, a row index is out of range,
        /// a row is null, the lengths differ or lanes · length exceeds <see cref="MaxTileElements"/>.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static int TileRows<T>(T[][]? rows, int first, int lanes, ref T[] tile) where T : unmanaged
        {
            if (rows is null || first < 0 || (long)first + lanes > rows.Length || rows[first] is not { } row0) return -1;
            int length = row0.Length;
            for (int l = 1; l < lanes; l++)
                if (rows[first + l] is not { } row || row.Length != length) return -1;
            if (!Fits(ref tile, (long)length * lanes)) return -1;
            FillTile(new JaggedRows<T>(rows, first), lanes, length, ref MemoryMarshal.GetArrayDataReference(tile));
            return length;
        }

        /// <summary>
        /// <see cref="TileRows{T}(T[][], int, int, ref T[])"/> for the rows of a rectangular array: grid[first + l, d]
        /// to tile[d * lanes + l]; returns the rows' length (GetLength(1)), or -1 (nothing copied, nothing thrown) when
        /// the grid is null, not zero-based, a row index is out of range or the rows are too long for a tile.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static int TileRows<T>(T[,]? grid, int first, int lanes, ref T[] tile) where T : unmanaged
        {
            if (grid is null || grid.GetLowerBound(0) != 0 || grid.GetLowerBound(1) != 0 || first < 0 || (long)first + lanes > grid.GetLength(0)) return -1;
            int length = grid.GetLength(1);
            if (!Fits(ref tile, (long)length * lanes)) return -1;
            FillTile(new GridRows<T>(grid, first, length), lanes, length, ref MemoryMarshal.GetArrayDataReference(tile));
            return length;
        }

        /// <summary>
        /// <see cref="TileRows{T}(T[][], int, int, ref T[])"/> for rows laid end to end in one array (a row-major matrix
        /// in a flat array: row r's element d at flat[r * stride + d]): flat[(first + l) * stride + d] to tile[d * lanes + l]
        /// for d &lt; stride; returns the stride, or -1 (nothing copied, nothing thrown) when the array is null, the first
        /// row or the stride is negative, the rows end past the array or they are too long for a tile.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static int TileRows<T>(T[]? flat, int stride, int first, int lanes, ref T[] tile) where T : unmanaged
        {
            if (flat is null || first < 0 || stride < 0 || ((long)first + lanes) * stride > flat.Length) return -1;
            if (!Fits(ref tile, (long)stride * lanes)) return -1;
            FillTile(new FlatRows<T>(flat, first, stride), lanes, stride, ref MemoryMarshal.GetArrayDataReference(tile));
            return stride;
        }

        /// <summary>Grows <paramref name="tile"/> (to a power of two) to hold <paramref name="elements"/>; false past the limit.</summary>
        private static bool Fits<T>(ref T[] tile, long elements)
        {
            if (elements <= tile.Length) return true;
            if (elements > MaxTileElements) return false;
            tile = new T[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)elements)];
            return true;
        }

        /// <summary>Each thread's spare tiles of one element type (a few: lane groups and nested kernels rent more than one).</summary>
        private static class TilePool<T>
        {
            [ThreadStatic] private static T[]?[]? t_spare;
            [ThreadStatic] private static int t_count;

            public static T[] Rent()
            {
                if (t_count > 0)
                {
                    T[] tile = t_spare![--t_count]!;
                    t_spare[t_count] = null;
                    return tile;
                }
                return new T[4096];
            }

            public static void Return(T[] tile)
            {
                t_spare ??= new T[]?[8];
                if (t_count < t_spare.Length) t_spare[t_count++] = tile;
            }
        }

        /// <summary>The rows a tile copies: lane l's first element.</summary>
        private interface ITileRows<T>
        {
            ref T Row(int l);
        }

        private readonly struct JaggedRows<T>(T[][] rows, int first) : ITileRows<T>
        {
            public ref T Row(int l) => ref MemoryMarshal.GetArrayDataReference(rows[first + l]);
        }

        private readonly struct GridRows<T>(T[,] grid, int first, int length) : ITileRows<T>
        {
            public ref T Row(int l) => ref Unsafe.Add(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(grid)), (nint)(first + l) * length);
        }

        private readonly struct FlatRows<T>(T[] flat, int first, int stride) : ITileRows<T>
        {
            public ref T Row(int l) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(flat), (nint)(first + l) * stride);
        }

        /// <summary>Copies row l's element d to tile[d * lanes + l] for l &lt; lanes, d &lt; length (checked by the caller).</summary>
        private static void FillTile<T, TRows>(TRows rows, int lanes, int length, ref T tile) where T : unmanaged where TRows : struct, ITileRows<T>
        {
            int l = 0;
            if (Unsafe.SizeOf<T>() == 4 && Sse.IsSupported || Unsafe.SizeOf<T>() == 8 && Avx.IsSupported)
                for (; l + 4 <= lanes; l += 4)
                {
                    ref T r0 = ref rows.Row(l), r1 = ref rows.Row(l + 1), r2 = ref rows.Row(l + 2), r3 = ref rows.Row(l + 3);
                    int d = 0;
                    for (; d + 4 <= length; d += 4) Transpose4(ref r0, ref r1, ref r2, ref r3, d, ref tile, lanes, l);
                    for (; d < length; d++)
                    {
                        Unsafe.Add(ref tile, d * lanes + l) = Unsafe.Add(ref r0, d);
                        Unsafe.Add(ref tile, d * lanes + l + 1) = Unsafe.Add(ref r1, d);
                        Unsafe.Add(ref tile, d * lanes + l + 2) = Unsafe.Add(ref r2, d);
                        Unsafe.Add(ref tile, d * lanes + l + 3) = Unsafe.Add(ref r3, d);
                    }
                }
            for (; l < lanes; l++)
            {
                ref T row = ref rows.Row(l);
                for (int d = 0; d < length; d++) Unsafe.Add(ref tile, d * lanes + l) = Unsafe.Add(ref row, d);
            }
        }

        /// <summary>
        /// Elements d … d + 3 of four rows into the tile's next four lines, through registers: 4-byte elements as 16-byte
        /// vectors (unpack, then move halves), 8-byte ones as 32-byte vectors (unpack within 128-bit halves, then swap them).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose4<T>(ref T r0, ref T r1, ref T r2, ref T r3, int d, ref T tile, int lanes, int l) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                Vector128<float> a = Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r0), (nuint)d), b = Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r1), (nuint)d);
                Vector128<float> c = Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r2), (nuint)d), e = Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r3), (nuint)d);
                Vector128<float> ab0 = Sse.UnpackLow(a, b), ab1 = Sse.UnpackHigh(a, b), ce0 = Sse.UnpackLow(c, e), ce1 = Sse.UnpackHigh(c, e);
                ref float t = ref Unsafe.As<T, float>(ref tile);
                Sse.MoveLowToHigh(ab0, ce0).StoreUnsafe(ref t, (nuint)(d * lanes + l));
                Sse.MoveHighToLow(ce0, ab0).StoreUnsafe(ref t, (nuint)((d + 1) * lanes + l));
                Sse.MoveLowToHigh(ab1, ce1).StoreUnsafe(ref t, (nuint)((d + 2) * lanes + l));
                Sse.MoveHighToLow(ce1, ab1).StoreUnsafe(ref t, (nuint)((d + 3) * lanes + l));
            }
            else
            {
                Vector256<double> a = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r0), (nuint)d), b = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r1), (nuint)d);
                Vector256<double> c = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r2), (nuint)d), e = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r3), (nuint)d);
                Vector256<double> ab0 = Avx.UnpackLow(a, b), ab1 = Avx.UnpackHigh(a, b), ce0 = Avx.UnpackLow(c, e), ce1 = Avx.UnpackHigh(c, e);
                ref double t = ref Unsafe.As<T, double>(ref tile);
                Avx.Permute2x128(ab0, ce0, 0x20).StoreUnsafe(ref t, (nuint)(d * lanes + l));
                Avx.Permute2x128(ab1, ce1, 0x20).StoreUnsafe(ref t, (nuint)((d + 1) * lanes + l));
                Avx.Permute2x128(ab0, ce0, 0x31).StoreUnsafe(ref t, (nuint)((d + 2) * lanes + l));
                Avx.Permute2x128(ab1, ce1, 0x31).StoreUnsafe(ref t, (nuint)((d + 3) * lanes + l));
            }
        }
    }
}
