using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Pairs of elements per lane (stereo frames, complex numbers, RoPE pairs, step-2 loops): lane k reads or writes
        // elements index + 2k (and index + 2k + 1). A load takes every other element with two plain loads that end at
        // the last element its lanes name (never past it: the vector loop's bounds guard covers exactly that) and one
        // constant shuffle of each (a single permute instruction where the hardware has one); a store interleaves two
        // vectors the same way and writes both elements of every pair. Elements of 4 or 8 bytes (float, int, double,
        // long); generic so the generated code reads the same for all, each instantiation compiled on its own.

        /// <summary>Lanes k = 0..(count - 1) from <c>src[index + 2k]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> LoadEven128<T>(ref T src, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                ref int s = ref Unsafe.As<T, int>(ref src);
                var order = Vector128.Create(0, 2, 1, 3);
                return Vector128.ConditionalSelect(Vector128.Create(-1, -1, 0, 0),
                    Vector128.Shuffle(Vector128.LoadUnsafe(ref s, index), order), Vector128.Shuffle(Vector128.LoadUnsafe(ref s, index + 3), order)).As<int, T>();
            }
            ref long l = ref Unsafe.As<T, long>(ref src);
            return Vector128.Create(Unsafe.Add(ref l, index), Unsafe.Add(ref l, index + 2)).As<long, T>();
        }

        /// <summary>Lanes k = 0..(count - 1) from <c>src[index + 2k]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> LoadEven256<T>(ref T src, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                ref int s = ref Unsafe.As<T, int>(ref src);
                var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
                return Vector256.ConditionalSelect(Vector256.Create(-1, -1, -1, -1, 0, 0, 0, 0),
                    Vector256.Shuffle(Vector256.LoadUnsafe(ref s, index), order), Vector256.Shuffle(Vector256.LoadUnsafe(ref s, index + 7), order)).As<int, T>();
            }
            ref long l = ref Unsafe.As<T, long>(ref src);
            var order64 = Vector256.Create(0L, 2, 1, 3);
            return Vector256.ConditionalSelect(Vector256.Create(-1L, -1, 0, 0),
                Vector256.Shuffle(Vector256.LoadUnsafe(ref l, index), order64), Vector256.Shuffle(Vector256.LoadUnsafe(ref l, index + 3), order64)).As<long, T>();
        }

        /// <summary>Lanes k = 0..(count - 1) from <c>src[index + 2k]</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> LoadEven512<T>(ref T src, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                ref int s = ref Unsafe.As<T, int>(ref src);
                var order = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
                return Vector512.ConditionalSelect(Vector512.Create(-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0),
                    Vector512.Shuffle(Vector512.LoadUnsafe(ref s, index), order), Vector512.Shuffle(Vector512.LoadUnsafe(ref s, index + 15), order)).As<int, T>();
            }
            ref long l = ref Unsafe.As<T, long>(ref src);
            var order64 = Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7);
            return Vector512.ConditionalSelect(Vector512.Create(-1L, -1, -1, -1, 0, 0, 0, 0),
                Vector512.Shuffle(Vector512.LoadUnsafe(ref l, index), order64), Vector512.Shuffle(Vector512.LoadUnsafe(ref l, index + 7), order64)).As<long, T>();
        }

        /// <summary><c>dst[index + 2k] = even[k]</c> and <c>dst[index + 2k + 1] = odd[k]</c> for every lane k.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StorePairs128<T>(Vector128<T> even, Vector128<T> odd, ref T dst, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                Vector128<int> e = even.As<T, int>(), o = odd.As<T, int>(), alternate = Vector128.Create(-1, 0, -1, 0);
                ref int d = ref Unsafe.As<T, int>(ref dst);
                Vector128.ConditionalSelect(alternate, Vector128.Shuffle(e, Vector128.Create(0, 0, 1, 1)), Vector128.Shuffle(o, Vector128.Create(0, 0, 1, 1))).StoreUnsafe(ref d, index);
                Vector128.ConditionalSelect(alternate, Vector128.Shuffle(e, Vector128.Create(2, 2, 3, 3)), Vector128.Shuffle(o, Vector128.Create(2, 2, 3, 3))).StoreUnsafe(ref d, index + 4);
                return;
            }
            Vector128<long> e64 = even.As<T, long>(), o64 = odd.As<T, long>();
            ref long d64 = ref Unsafe.As<T, long>(ref dst);
            Vector128.Create(e64.GetElement(0), o64.GetElement(0)).StoreUnsafe(ref d64, index);
            Vector128.Create(e64.GetElement(1), o64.GetElement(1)).StoreUnsafe(ref d64, index + 2);
        }

        /// <summary><c>dst[index + 2k] = even[k]</c> and <c>dst[index + 2k + 1] = odd[k]</c> for every lane k.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StorePairs256<T>(Vector256<T> even, Vector256<T> odd, ref T dst, nuint index) where T : unmanaged
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                Vector256<int> e = even.As<T, int>(), o = odd.As<T, int>(), alternate = Vector256.Create(-1, 0, -1, 0, -1, 0, -1, 0);
                ref int d = ref Unsafe.As<T, int>(ref dst);
                Vector256<int> low = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3), high = Vector256.Create(4, 4, 5, 5, 6, 6, 7, 7);
                Vector256.ConditionalSelect(alternate, Vector256.Shuffle(e, low), Vector256.Shuffle(o, low)).StoreUnsafe(ref d, index);
                Vector256.ConditionalSelect(alternate, Vector256.Shuffle(e, high), Vector256.Shuffle(o, high)).StoreUnsafe(ref d, index + 8);
                return;
            }
            Vector256<long> e64 = even.As<T, long>(), o64 = odd.As<T, long>(), alternate64 = Vector256.Create(-1L, 0, -1, 0);
            ref long d64 = ref Unsafe.As<T, long>(ref dst);
            Vector256<long> low64 = Vector256.Create(0L, 0, 1, 1), high64 = Vector256.Create(2L, 2, 3, 3);
            Vector256.ConditionalSelect(alternate64, Vector256.Shuffle(e64, low64), Vector256.Shuffle(o64, low64)).StoreUnsafe(ref d64, index);
            Vector256.ConditionalSelect(alternate64, Vector256.Shuffle(e64, high64), Vector256.Shuffle(o64, high64)).StoreUnsafe(ref d64, index + 4);
        }

        /// <summary><c>dst[index + 2k] = even[k]</c> and <c>dst[index + 2k + 1] = odd[k]</c> for every lane k.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StorePairs512<T>(Vector512<T> even, Vector512<T> odd, ref T dst, nuint index) where T : unmanaged
        {
            // Two 256-bit halves: each half's pairs are 256 bits of the output.
            StorePairs256(even.GetLower(), odd.GetLower(), ref dst, index);
            StorePairs256(even.GetUpper(), odd.GetUpper(), ref dst, index + (nuint)(2 * Vector256<T>.Count));
        }
    }
}
