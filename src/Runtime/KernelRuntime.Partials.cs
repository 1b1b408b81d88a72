using System;
using System.ComponentModel;

namespace KernelGen
{
    // Per-chunk partials of reductions without a per-call allocation. A reduction loop needs one slot per chunk
    // (combined in chunk order after the loop, so results do not depend on which thread ran which chunk); the
    // generated code used to allocate that array on every call (32–59 B per call for a float sum). It now rents
    // it from the calling thread's small cache and returns it after combining. The array is taken out of the cache
    // while rented, so a kernel called from inside a chunk on the same thread (or a second reduction of the same
    // type in the loop) gets another array and never overwrites the outer partials. A kernel that throws does not
    // return its array: the next call allocates a fresh one, nothing else changes.
    public static partial class KernelRuntime
    {
        /// <summary>Arrays longer than this are not kept (a chunk count this high comes from a tiny fixed chunk size).</summary>
        internal const int MaxCachedPartials = 4096;

        /// <summary>
        /// An array of at least <paramref name="count"/> elements for per-chunk partials, owned by the caller until
        /// <see cref="ReturnPartials{T}(T[])"/>. Slots are not cleared: every chunk writes its own before it is read.
        /// Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static T[] RentPartials<T>(long count) => PartialsCache<T>.Rent(count);

        /// <summary>Gives back an array from <see cref="RentPartials{T}(long)"/> to the calling thread's cache.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void ReturnPartials<T>(T[] partials) => PartialsCache<T>.Return(partials);

        private static class PartialsCache<T>
        {
            // A few arrays per thread and element type: enough for several reductions of one type in a loop and a
            // level of nesting; beyond that a call allocates (as before).
            private const int Slots = 16;
            [ThreadStatic] private static T[]?[]? t_free;

            public static T[] Rent(long count)
            {
                if (count <= 0)
                    return Array.Empty<T>();
                T[]?[]? free = t_free;
                if (free is not null && count <= MaxCachedPartials)
                {
                    for (int s = 0; s < free.Length; s++)
                    {
                        T[]? candidate = free[s];
                        if (candidate is not null && candidate.Length >= count)
                        {
                            free[s] = null;
                            return candidate;
                        }
                    }
                }
                // Cached arrays grow to a round size so that calls with slightly different chunk counts share them.
                long length = count <= MaxCachedPartials ? Math.Max(16, RoundUpToPowerOf2(count)) : count;
                return new T[length];
            }

            public static void Return(T[] partials)
            {
                if (partials.Length == 0 || partials.Length > MaxCachedPartials)
                    return;
                T[]?[] free = t_free ??= new T[Slots][];
                int empty = -1;
                for (int s = 0; s < free.Length; s++)
                {
                    if (free[s] is null) { empty = s; break; }
                }
                if (empty < 0)
                {
                    // Full: replace the shortest, keep the longer arrays.
                    empty = 0;
                    for (int s = 1; s < free.Length; s++)
                        if (free[s]!.Length < free[empty]!.Length) empty = s;
                    if (free[empty]!.Length >= partials.Length) return;
                }
                free[empty] = partials;
            }

            private static long RoundUpToPowerOf2(long value)
            {
                long p = 1;
                while (p < value) p <<= 1;
                return p;
            }
        }
    }
}
