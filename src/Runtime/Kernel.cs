using System;
using System.ComponentModel;

namespace KernelGen
{
    /// <summary>
    /// The loop primitives of a kernel. Write <c>using static KernelGen.Kernel;</c> and loop with
    /// <c>foreach (int i in PRange(n))</c>.
    /// </summary>
    public static class Kernel
    {
        /// <summary>The indices 0, 1, …, <paramref name="stop"/> − 1. Parallel inside a <see cref="ParallelKernelAttribute"/> method.</summary>
        public static PRangeEnumerable PRange(int stop) => new PRangeEnumerable(0, stop, 1);

        /// <summary>The indices <paramref name="start"/>, …, <paramref name="stop"/> − 1.</summary>
        public static PRangeEnumerable PRange(int start, int stop) => new PRangeEnumerable(start, stop, 1);

        /// <summary>
        /// The indices of <c>for (i = start; step &gt; 0 ? i &lt; stop : i &gt; stop; i += step)</c>. Any non-zero step,
        /// negative too.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
        public static PRangeEnumerable PRange(int start, int stop, int step) => new PRangeEnumerable(start, stop, step);

        /// <summary>The indices 0, 1, …, <paramref name="stop"/> − 1.</summary>
        public static PRangeEnumerable64 PRange(long stop) => new PRangeEnumerable64(0, stop, 1);

        /// <summary>The indices <paramref name="start"/>, …, <paramref name="stop"/> − 1.</summary>
        public static PRangeEnumerable64 PRange(long start, long stop) => new PRangeEnumerable64(start, stop, 1);

        /// <summary>The indices of <c>for (i = start; step &gt; 0 ? i &lt; stop : i &gt; stop; i += step)</c>.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
        public static PRangeEnumerable64 PRange(long start, long stop, long step) => new PRangeEnumerable64(start, stop, step);

        /// <summary>
        /// The number of iterations of <c>for (i = start; step &gt; 0 ? i &lt; stop : i &gt; stop; i += step)</c>,
        /// computed without overflow.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
        public static long TripCount(long start, long stop, long step)
        {
            if (step == 0) ThrowStepZero();
            ulong span, by;
            if (step > 0)
            {
                if (start >= stop) return 0;
                span = unchecked((ulong)stop - (ulong)start);
                by = (ulong)step;
            }
            else
            {
                if (start <= stop) return 0;
                span = unchecked((ulong)start - (ulong)stop);
                by = step == long.MinValue ? 1UL << 63 : (ulong)(-step);
            }
            ulong trips = (span - 1) / by + 1;
            if (trips > long.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(stop), "PRange has more than long.MaxValue iterations.");
            return (long)trips;
        }

        internal static void ThrowStepZero() =>
            throw new ArgumentOutOfRangeException("step", "PRange step must not be zero.");
    }

    /// <summary>
    /// The range returned by <see cref="Kernel.PRange(int, int, int)"/>. Enumerating it serially visits
    /// <see cref="Start"/>, <see cref="Start"/> + <see cref="Step"/>, … while before <see cref="Stop"/>.
    /// </summary>
    public readonly struct PRangeEnumerable
    {
        /// <summary>Creates the range; throws when <paramref name="step"/> is 0.</summary>
        public PRangeEnumerable(int start, int stop, int step)
        {
            if (step == 0) Kernel.ThrowStepZero();
            Start = start; Stop = stop; Step = step;
        }

        public int Start { get; }
        public int Stop { get; }
        public int Step { get; }

        /// <summary>The number of indices in the range.</summary>
        public long Count => Kernel.TripCount(Start, Stop, Step);

        [EditorBrowsable(EditorBrowsableState.Never)]
        public Enumerator GetEnumerator() => new Enumerator(Start, Step, Count);

        /// <summary>Serial enumerator: counts down the trip count, so no index ever overflows.</summary>
        public struct Enumerator
        {
            private readonly int _step;
            private long _remaining;
            private int _next;

            internal Enumerator(int start, int step, long count)
            {
                _step = step; _remaining = count; _next = start; Current = 0;
            }

            public int Current { get; private set; }

            public bool MoveNext()
            {
                if (_remaining <= 0) return false;
                Current = _next;
                _next = unchecked(_next + _step);
                _remaining--;
                return true;
            }
        }
    }

    /// <summary>The 64-bit range returned by <see cref="Kernel.PRange(long, long, long)"/>.</summary>
    public readonly struct PRangeEnumerable64
    {
        /// <summary>Creates the range; throws when <paramref name="step"/> is 0.</summary>
        public PRangeEnumerable64(long start, long stop, long step)
        {
            if (step == 0) Kernel.ThrowStepZero();
            Start = start; Stop = stop; Step = step;
        }

        public long Start { get; }
        public long Stop { get; }
        public long Step { get; }

        /// <summary>The number of indices in the range.</summary>
        public long Count => Kernel.TripCount(Start, Stop, Step);

        [EditorBrowsable(EditorBrowsableState.Never)]
        public Enumerator GetEnumerator() => new Enumerator(Start, Step, Count);

        /// <summary>Serial enumerator: counts down the trip count, so no index ever overflows.</summary>
        public struct Enumerator
        {
            private readonly long _step;
            private long _remaining;
            private long _next;

            internal Enumerator(long start, long step, long count)
            {
                _step = step; _remaining = count; _next = start; Current = 0;
            }

            public long Current { get; private set; }

            public bool MoveNext()
            {
                if (_remaining <= 0) return false;
                Current = _next;
                _next = unchecked(_next + _step);
                _remaining--;
                return true;
            }
        }
    }
}
