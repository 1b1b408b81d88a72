using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        /// <summary>
        /// Run-time checks behind loops that write through the elements of an array of references (jagged rows
        /// <c>rows[i][j] = …</c>, objects <c>items[i].X = …</c>): the proof that iterations touch different rows assumes
        /// that different slots hold different objects. Generated code asks, in one expression,
        /// <c>RowsDistinct(w1) &amp;&amp; RowsAlsoDistinct(w2) &amp;&amp; RowsDisjoint(r1) &amp;&amp; RowNotIn(flat1)</c>: the non-null
        /// elements of the written arrays are pairwise distinct (within and across them), none of them is an element of
        /// an array the loop only reads through, and none is an array of the row type the loop uses directly. When not,
        /// the loop takes the serial path. O(elements) with a per-thread table that is reused: no allocation in steady
        /// state. A null array has no rows (the loop then throws where the serial loop does).
        /// </summary>
        /// <returns>False when a row repeats: the parallel proof does not hold.</returns>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsDistinct(object?[]? rows)
        {
            RowSet set = RowSet.ForThisThread();
            set.Begin(rows?.Length ?? 0);
            return set.AddAll(rows);
        }

        /// <summary>After <see cref="RowsDistinct"/>: the rows of one more written array, distinct from all so far.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsAlsoDistinct(object?[]? rows) => RowSet.ForThisThread().AddAll(rows);

        /// <summary>After <see cref="RowsDistinct"/>: no element of <paramref name="rows"/> is a written row.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsDisjoint(object?[]? rows)
        {
            if (rows is null) return true;
            RowSet set = RowSet.ForThisThread();
            foreach (object? row in rows)
                if (row is not null && set.Contains(row)) return false;
            return true;
        }

        /// <summary>After <see cref="RowsDistinct"/>: <paramref name="array"/> is not one of the written rows.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowNotIn(object? array) => array is null || !RowSet.ForThisThread().Contains(array);

        /// <summary>
        /// Ends a chain of row checks: forgets the rows (the table keeps no reference to the caller's data) and
        /// returns <paramref name="distinct"/>.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool RowsChecked(bool distinct)
        {
            RowSet.ForThisThread().Clear();
            return distinct;
        }

        /// <summary>An open-addressing set of object references; empty between checks.</summary>
        private sealed class RowSet
        {
            [ThreadStatic] private static RowSet? t_set;

            private object?[] _items = new object?[64];
            private int[] _used = new int[32];
            private int _count;

            public static RowSet ForThisThread() => t_set ??= new RowSet();

            public void Begin(long expected)
            {
                Clear();
                Reserve(expected);
            }

            public bool AddAll(object?[]? rows)
            {
                if (rows is null) return true;
                Reserve(_count + rows.LongLength);
                foreach (object? row in rows)
                    if (row is not null && !Add(row)) return false;
                return true;
            }

            public void Clear()
            {
                for (int k = 0; k < _count; k++) _items[_used[k]] = null;
                _count = 0;
            }

            /// <summary>At most half full: grows (keeping what is there) before a batch of adds.</summary>
            private void Reserve(long expected)
            {
                long wanted = Math.Max(64, expected * 2);
                if (wanted <= _items.Length || _items.Length >= 1 << 30) return;
                int size = (int)Math.Min(1L << 30, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)wanted));
                object?[] items = _items;
                int[] used = _used;
                int count = _count;
                _items = new object?[size];
                _used = new int[size / 2];
                _count = 0;
                for (int k = 0; k < count; k++) Add(items[used[k]]!);
            }

            /// <summary>Adds <paramref name="item"/>; false when it was there already (or the table is full).</summary>
            private bool Add(object item)
            {
                int mask = _items.Length - 1;
                if (_count >= _used.Length) return false; // more rows than 2^29: the loop runs serially
                for (int slot = RuntimeHelpers.GetHashCode(item) & mask; ; slot = (slot + 1) & mask)
                {
                    object? there = _items[slot];
                    if (there is null)
                    {
                        _items[slot] = item;
                        _used[_count++] = slot;
                        return true;
                    }
                    if (ReferenceEquals(there, item)) return false;
                }
            }

            public bool Contains(object item)
            {
                int mask = _items.Length - 1;
                for (int slot = RuntimeHelpers.GetHashCode(item) & mask; ; slot = (slot + 1) & mask)
                {
                    object? there = _items[slot];
                    if (there is null) return false;
                    if (ReferenceEquals(there, item)) return true;
                }
            }
        }
    }
}
