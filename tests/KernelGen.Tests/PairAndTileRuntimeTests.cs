using System;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The runtime helpers behind pairs, row tiles and converting loads, at every vector width and element size whatever this machine
    /// accelerates (generated code calls only the widest accelerated width, so on an AVX-512 machine the 128- and
    /// 256-bit helpers would otherwise run only where CI lands on another CPU): each against the scalar definition.
    /// </summary>
    public class PairAndTileRuntimeTests
    {
        private static T[] Data<T>(int n, Func<int, T> f) => Enumerable.Range(0, n).Select(f).ToArray();

        private static void Pairs<T>(Func<int, T> value) where T : unmanaged
        {
            T[] src = Data(80, value);
            for (int at = 0; at < 3; at++)
            {
                // Every other element from src[at]: lane k is src[at + 2k].
                Assert.Equal(Enumerable.Range(0, Vector128<T>.Count).Select(k => src[at + 2 * k]), Lanes(KernelRuntime.LoadEven128(ref src[0], (nuint)at)));
                Assert.Equal(Enumerable.Range(0, Vector256<T>.Count).Select(k => src[at + 2 * k]), Lanes(KernelRuntime.LoadEven256(ref src[0], (nuint)at)));
                Assert.Equal(Enumerable.Range(0, Vector512<T>.Count).Select(k => src[at + 2 * k]), Lanes(KernelRuntime.LoadEven512(ref src[0], (nuint)at)));

                // Pairs: element at + 2k gets even[k], at + 2k + 1 gets odd[k]; nothing else changes.
                T[] even = Data(16, k => value(100 + k)), odd = Data(16, k => value(200 + k));
                Check(Vector128<T>.Count, dst => KernelRuntime.StorePairs128(Vector128.Create(even.AsSpan(0, Vector128<T>.Count)), Vector128.Create(odd.AsSpan(0, Vector128<T>.Count)), ref dst[0], (nuint)at));
                Check(Vector256<T>.Count, dst => KernelRuntime.StorePairs256(Vector256.Create(even.AsSpan(0, Vector256<T>.Count)), Vector256.Create(odd.AsSpan(0, Vector256<T>.Count)), ref dst[0], (nuint)at));
                Check(Vector512<T>.Count, dst => KernelRuntime.StorePairs512(Vector512.Create(even.AsSpan(0, Vector512<T>.Count)), Vector512.Create(odd.AsSpan(0, Vector512<T>.Count)), ref dst[0], (nuint)at));

                void Check(int lanes, Action<T[]> store)
                {
                    T[] dst = Data(80, k => value(-k));
                    T[] expected = (T[])dst.Clone();
                    for (int k = 0; k < lanes; k++) { expected[at + 2 * k] = even[k]; expected[at + 2 * k + 1] = odd[k]; }
                    store(dst);
                    Assert.Equal(expected, dst);
                }
            }
        }

        private static T[] Lanes<T>(Vector128<T> v) => Enumerable.Range(0, Vector128<T>.Count).Select(k => v.GetElement(k)).ToArray();
        private static T[] Lanes<T>(Vector256<T> v) => Enumerable.Range(0, Vector256<T>.Count).Select(k => v.GetElement(k)).ToArray();
        private static T[] Lanes<T>(Vector512<T> v) => Enumerable.Range(0, Vector512<T>.Count).Select(k => v.GetElement(k)).ToArray();

        [Fact]
        public void Every_other_element_and_pair_stores_match_their_definition_at_every_width()
        {
            Pairs(k => k * 1.5f - 7);
            Pairs(k => k * 3 - 11);
            Pairs(k => k * 0.25 - 3);
            Pairs(k => (long)k * 1_000_000_007L);
        }

        [Fact]
        public void Converting_loads_of_ints_into_longs_and_floats_into_doubles_match_the_scalar_casts_at_every_width()
        {
            // Signs, extremes and the float specials; at = 1 and 3 so no load starts aligned.
            int[] ints = { int.MinValue, -1, 0, 1, int.MaxValue, -46_000, 46_000, 7, -7, 123_456_789, -2, 2, 3, -3, 5, -5, 9, -9, 11, -11 };
            float[] floats = { float.NaN, -0f, 0f, float.Epsilon, -float.MaxValue, float.PositiveInfinity, 1.1f, -2.5f, 1e-39f, 3f, 0.1f, -0.1f, 7.75f, 1e30f, -1e-30f, 5f, 6f, 8f, 9f, 10f };
            foreach (int at in new[] { 0, 1, 3 })
            {
                long[] Longs(int lanes) => ints.Skip(at).Take(lanes).Select(v => (long)v).ToArray();
                Assert.Equal(Longs(2), Lanes(KernelRuntime.LoadIntsAsLongs128(ref ints[0], (nuint)at)));
                Assert.Equal(Longs(4), Lanes(KernelRuntime.LoadIntsAsLongs256(ref ints[0], (nuint)at)));
                Assert.Equal(Longs(8), Lanes(KernelRuntime.LoadIntsAsLongs512(ref ints[0], (nuint)at)));
                long[] Bits(int lanes) => floats.Skip(at).Take(lanes).Select(v => BitConverter.DoubleToInt64Bits(v)).ToArray();
                long[] Got(double[] lanes) => lanes.Select(BitConverter.DoubleToInt64Bits).ToArray();
                Assert.Equal(Bits(2), Got(Lanes(KernelRuntime.LoadFloatsAsDoubles128(ref floats[0], (nuint)at))));
                Assert.Equal(Bits(4), Got(Lanes(KernelRuntime.LoadFloatsAsDoubles256(ref floats[0], (nuint)at))));
                Assert.Equal(Bits(8), Got(Lanes(KernelRuntime.LoadFloatsAsDoubles512(ref floats[0], (nuint)at))));
            }
        }

        [Fact]
        public void Strided_byte_loads_into_16_and_32_bit_lanes_match_the_scalar_reads_at_every_width()
        {
            // Packed RGB and BGRA (strides 3 and 4: the 512-bit form permutes two loads with vpermt2b where AVX-512 VBMI is there): each
            // array ends at the last lane's byte, so a load past it would read outside the array.
            foreach (int stride in new[] { 2, 3, 4 })
                foreach (int at in new[] { 0, 1, 2, 5 })
                {
                    byte[] bytes = Enumerable.Range(0, at + stride * 31 + 1).Select(k => (byte)(k * 37 + 11)).ToArray();
                    sbyte[] signed = bytes.Select(b => unchecked((sbyte)b)).ToArray();
                    short[] Want<T>(T[] src, int lanes, Func<T, short> widen) => Enumerable.Range(0, lanes).Select(k => widen(src[at + stride * k])).ToArray();
                    Assert.Equal(Want(bytes, 32, b => b), Lanes(KernelRuntime.WidenLoadShort512(ref bytes[0], (nuint)at, stride)));
                    Assert.Equal(Want(signed, 32, b => b), Lanes(KernelRuntime.WidenLoadShort512(ref signed[0], (nuint)at, stride)));
                    Assert.Equal(Want(bytes, 16, b => b), Lanes(KernelRuntime.WidenLoadShort256(ref bytes[0], (nuint)at, stride)));
                    Assert.Equal(Want(signed, 16, b => b), Lanes(KernelRuntime.WidenLoadShort256(ref signed[0], (nuint)at, stride)));
                    // Into int lanes (16 at 512 bits: the last lane's byte is 15·stride; the arrays end there too).
                    byte[] ints = bytes.Take(at + stride * 15 + 1).ToArray();
                    sbyte[] signedInts = signed.Take(at + stride * 15 + 1).ToArray();
                    int[] WantInts<T>(T[] src, int lanes, Func<T, int> widen) => Enumerable.Range(0, lanes).Select(k => widen(src[at + stride * k])).ToArray();
                    Assert.Equal(WantInts(ints, 16, b => b), Lanes(KernelRuntime.WidenLoad512(ref ints[0], (nuint)at, stride)));
                    Assert.Equal(WantInts(signedInts, 16, b => b), Lanes(KernelRuntime.WidenLoad512(ref signedInts[0], (nuint)at, stride)));
                    Assert.Equal(WantInts(ints, 8, b => b), Lanes(KernelRuntime.WidenLoad256(ref ints[0], (nuint)at, stride)));
                }
        }

        [Fact]
        public void Strided_16_bit_loads_into_16_and_32_bit_lanes_match_the_scalar_reads_at_every_width()
        {
            // Interleaved channels of shorts (stereo PCM: stride 2; the 512-bit form permutes two loads with vpermt2w where
            // AVX-512 BW is there): each array ends at the last lane's element, as in the byte test above.
            foreach (int stride in new[] { 2, 3, 4 })
                foreach (int at in new[] { 0, 1, 2, 5 })
                {
                    short[] signed = Enumerable.Range(0, at + stride * 15 + 1).Select(k => unchecked((short)(k * 7919 - 30_000))).ToArray();
                    ushort[] unsigned = signed.Select(s => unchecked((ushort)s)).ToArray();
                    signed[at] = short.MinValue; unsigned[at + stride] = ushort.MaxValue;
                    int[] Want<T>(T[] src, int lanes, Func<T, int> widen) => Enumerable.Range(0, lanes).Select(k => widen(src[at + stride * k])).ToArray();
                    Assert.Equal(Want(signed, 16, s => s), Lanes(KernelRuntime.WidenLoad512(ref signed[0], (nuint)at, stride)));
                    Assert.Equal(Want(unsigned, 16, s => s), Lanes(KernelRuntime.WidenLoad512(ref unsigned[0], (nuint)at, stride)));
                    Assert.Equal(Want(signed, 8, s => s), Lanes(KernelRuntime.WidenLoad256(ref signed[0], (nuint)at, stride)));
                    Assert.Equal(Want(unsigned, 4, s => s), Lanes(KernelRuntime.WidenLoad128(ref unsigned[0], (nuint)at, stride)));
                }
            // 16-bit elements in 16-bit lanes, stride 2 (32 lanes: the last lane's element is 62).
            foreach (int at in new[] { 0, 1, 3 })
            {
                short[] signed = Enumerable.Range(0, at + 63).Select(k => unchecked((short)(k * 4099 + 5))).ToArray();
                ushort[] unsigned = signed.Select(s => unchecked((ushort)s)).ToArray();
                Assert.Equal(Enumerable.Range(0, 32).Select(k => signed[at + 2 * k]).ToArray(), Lanes(KernelRuntime.WidenLoadShort512(ref signed[0], (nuint)at, 2)));
                Assert.Equal(Enumerable.Range(0, 32).Select(k => unchecked((short)unsigned[at + 2 * k])).ToArray(), Lanes(KernelRuntime.WidenLoadShort512(ref unsigned[0], (nuint)at, 2)));
            }
        }

        [Fact]
        public void The_high_half_of_unsigned_16_bit_products_matches_the_scalar_product_at_every_width()
        {
            short[] x = { 0, 1, -1, short.MinValue, short.MaxValue, 255, 65152 - 65536, 12_345, -2, 7, 128, 256, 1000, -300, 30_000, 3,
                          9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 };
            foreach (short m in new short[] { unchecked((short)32897), -1, 0, 1, 205, unchecked((short)0x8000) })
            {
                short[] Want(int lanes) => x.Take(lanes).Select(v => unchecked((short)((uint)(ushort)v * (ushort)m >> 16))).ToArray();
                Assert.Equal(Want(8), Lanes(KernelRuntime.MultiplyHighUnsigned(Vector128.Create(x.Take(8).ToArray()), Vector128.Create(m))));
                Assert.Equal(Want(16), Lanes(KernelRuntime.MultiplyHighUnsigned(Vector256.Create(x.Take(16).ToArray()), Vector256.Create(m))));
                Assert.Equal(Want(32), Lanes(KernelRuntime.MultiplyHighUnsigned(Vector512.Create(x), Vector512.Create(m))));
            }
        }

        [Fact]
        public void The_high_half_of_signed_32_bit_products_matches_the_scalar_product_in_every_lane_at_every_width()
        {
            // Each lane its own value (even and odd lanes take different paths: vpmuldq on each, shifted down for the odd).
            int[] x = { 0, 1, -1, int.MinValue, int.MaxValue, 5482, -5482, 1000, -1000, 123_456_789, -987_654_321, 7, -7, 65_536, -65_536, 2 };
            foreach (int m in new[] { -2139062143, 1, -1, int.MinValue, int.MaxValue, 1_374_389_535, 0 })
                foreach (int shift in new[] { 0, 1, 5 })
                {
                    int[] lanes = x.Skip(shift).Concat(x.Take(shift)).ToArray();
                    int[] Want(int count) => lanes.Take(count).Select(v => (int)((long)v * m >> 32)).ToArray();
                    Assert.Equal(Want(4), Lanes(KernelRuntime.MultiplyHighSigned(Vector128.Create(lanes.Take(4).ToArray()), Vector128.Create(m))));
                    Assert.Equal(Want(8), Lanes(KernelRuntime.MultiplyHighSigned(Vector256.Create(lanes.Take(8).ToArray()), Vector256.Create(m))));
                    Assert.Equal(Want(16), Lanes(KernelRuntime.MultiplyHighSigned(Vector512.Create(lanes), Vector512.Create(m))));
                }
        }

        [Fact]
        public void Narrowing_stores_keep_the_low_bits_of_each_lane_and_write_nothing_else()
        {
            // An unchecked cast keeps the low bits: (byte)300 == 44, (short)70000 == 4464, (sbyte)-129 == 127.
            int[] values = { 300, -1, 0, 255, 256, -129, 70_000, int.MinValue, int.MaxValue, 127, 128, -32_769, 65_535, 12_345, -7, 1 << 20 };
            var bytes = new byte[20]; var sbytes = new sbyte[20]; var shorts = new short[20]; var ushorts = new ushort[20];
            KernelRuntime.NarrowStore512(Vector512.Create(values), ref bytes[0], 2);
            KernelRuntime.NarrowStore512(Vector512.Create(values), ref sbytes[0], 2);
            KernelRuntime.NarrowStore512(Vector512.Create(values), ref shorts[0], 2);
            KernelRuntime.NarrowStore512(Vector512.Create(values), ref ushorts[0], 2);
            Assert.Equal(new byte[2].Concat(values.Select(v => unchecked((byte)v))).Concat(new byte[2]), bytes);
            Assert.Equal(new sbyte[2].Concat(values.Select(v => unchecked((sbyte)v))).Concat(new sbyte[2]), sbytes);
            Assert.Equal(new short[2].Concat(values.Select(v => unchecked((short)v))).Concat(new short[2]), shorts);
            Assert.Equal(new ushort[2].Concat(values.Select(v => unchecked((ushort)v))).Concat(new ushort[2]), ushorts);
        }

        private static void Tiles<T>(Func<int, T> value) where T : unmanaged
        {
            foreach (int lanes in new[] { 2, 4, 8, 16 })
                foreach (int length in new[] { 0, 1, 3, 4, 5, 8, 13, 700 })
                {
                    T[][] rows = Data(lanes + 3, r => Data(length, d => value(r * 100 + d)));
                    var tile = new T[1]; // grown by the first copy that needs more
                    int got = KernelRuntime.TileRows(rows, 2, lanes, ref tile);
                    Assert.Equal(length, got);
                    Assert.True(tile.Length >= lanes * length);
                    for (int l = 0; l < lanes; l++)
                        for (int d = 0; d < length; d++)
                            Assert.Equal(rows[2 + l][d], tile[d * lanes + l]);
                    // What stops the vector loop, without throwing: out of range, null rows, uneven rows.
                    Assert.Equal(-1, KernelRuntime.TileRows(rows, 4, lanes, ref tile));
                    Assert.Equal(-1, KernelRuntime.TileRows(rows, -1, lanes, ref tile));
                    Assert.Equal(-1, KernelRuntime.TileRows<T>((T[][]?)null, 0, lanes, ref tile));
                    T[]? kept = rows[3];
                    rows[3] = null!;
                    Assert.Equal(-1, KernelRuntime.TileRows(rows, 2, lanes, ref tile));
                    rows[3] = Data(length + 1, d => value(d));
                    Assert.Equal(-1, KernelRuntime.TileRows(rows, 2, lanes, ref tile));
                    rows[3] = kept;

                    // The rows of a rectangular array: the same tile; out of range, null or not zero-based: -1.
                    var grid = new T[lanes + 3, length];
                    for (int r = 0; r < lanes + 3; r++)
                        for (int d = 0; d < length; d++) grid[r, d] = rows[r][d];
                    Array.Clear(tile);
                    Assert.Equal(length, KernelRuntime.TileRows(grid, 2, lanes, ref tile));
                    for (int l = 0; l < lanes; l++)
                        for (int d = 0; d < length; d++)
                            Assert.Equal(grid[2 + l, d], tile[d * lanes + l]);
                    Assert.Equal(-1, KernelRuntime.TileRows(grid, 4, lanes, ref tile));
                    Assert.Equal(-1, KernelRuntime.TileRows(grid, -1, lanes, ref tile));
                    Assert.Equal(-1, KernelRuntime.TileRows<T>((T[,]?)null, 0, lanes, ref tile));
                    var shifted = (T[,])Array.CreateInstance(typeof(T), new[] { lanes + 3, length }, new[] { 1, 0 });
                    Assert.Equal(-1, KernelRuntime.TileRows(shifted, 2, lanes, ref tile));
                    // The rows a chunk tiles against what it stores to.
                    Assert.True(KernelRuntime.RowsOverlap(rows, (ReadOnlySpan<T>)rows[2 + lanes - 1], 2, 2 + lanes) || length == 0);
                    Assert.False(KernelRuntime.RowsOverlap(rows, (ReadOnlySpan<T>)rows[2 + lanes], 2, 2 + lanes));
                    var gridSpan = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
                        ref System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(grid)), grid.Length);
                    if (length > 0) Assert.True(KernelRuntime.RowsOverlap(grid, gridSpan.Slice((2 + lanes) * length - 1), 2, 2 + lanes));
                    Assert.False(KernelRuntime.RowsOverlap(grid, gridSpan.Slice((2 + lanes) * length), 2, 2 + lanes));
                    Assert.False(KernelRuntime.RowsOverlap(grid, gridSpan.Slice(0, 2 * length), 2, 2 + lanes));
                }
        }

        [Fact]
        public void Row_tiles_past_the_largest_tile_are_refused_and_tiles_are_reused()
        {
            // Two rows of more than half the limit: -1, the tile left as it was.
            int half = KernelRuntime.MaxTileElements / 2 + 1;
            var rows = new[] { new int[half], new int[half] };
            var tile = new int[4];
            Assert.Equal(-1, KernelRuntime.TileRows(rows, 0, 2, ref tile));
            Assert.Equal(4, tile.Length);
            // A returned tile is the next one rented on this thread (grown tiles are kept).
            int[] rented = KernelRuntime.RentTile<int>();
            KernelRuntime.ReturnTile(rented);
            Assert.Same(rented, KernelRuntime.RentTile<int>());
            Assert.NotSame(rented, KernelRuntime.RentTile<int>());
        }

        [Fact]
        public void Row_tiles_hold_each_lanes_row_and_refuse_what_they_cannot_hold()
        {
            Tiles(k => k * 0.5f);
            Tiles(k => k - 50);
            Tiles(k => k * 0.125);
            Tiles(k => (long)k << 33);
        }
    }
}
