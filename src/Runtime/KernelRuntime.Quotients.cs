using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen
{
    public static partial class KernelRuntime
    {
        // Integer division of consecutive lanes by one divisor: a pixel loop's p / w and p % w over a flat index. The
        // lanes hold x0, x0 + 1, …, x0 + n − 1; with |d| ≥ n their quotients are x0 / d and at most one step past it,
        // so one scalar division and a compare replace n divisions (there is no vector integer division). Where that
        // does not hold (a divisor below the lane count, a negative or nearly-overflowing x0, d = int.MinValue), each
        // lane is divided as C# divides. C# truncates toward zero: for x ≥ 0, x / d = sign(d)·(x / |d|), x % d ≥ 0.

        /// <summary>
        /// The first lane's quotient and remainder, and whether the others' quotients are that one or the next in the
        /// divisor's direction (see <see cref="ConsecutiveQuotients(Vector256{int}, Vector256{int})"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool ConsecutiveStart(int x0, int d, int lanes, out int q0, out int r0)
        {
            q0 = x0 / d; // a zero divisor throws here, as the first lane's division would (and every other lane's)
            r0 = x0 - q0 * d;
            return x0 >= 0 && x0 <= int.MaxValue - (lanes - 1) && d != int.MinValue && (d < 0 ? -d : d) >= lanes;
        }

        /// <summary>
        /// <c>x / d</c> in every lane, for lanes <paramref name="x"/> that hold consecutive ints from the first
        /// (x0, x0 + 1, …) and a divisor <paramref name="d"/> the same in every lane: exactly C#'s quotients, and
        /// DivideByZeroException for a zero divisor. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Vector128<int> ConsecutiveQuotients(Vector128<int> x, Vector128<int> d)
        {
            int divisor = d.ToScalar();
            if (!ConsecutiveStart(x.ToScalar(), divisor, Vector128<int>.Count, out int q0, out int r0))
            {
                Vector128<int> q = default;
                for (int k = 0; k < Vector128<int>.Count; k++) Lane(ref q, k) = x.GetElement(k) / divisor;
                return q;
            }
            // Lane k's remainder from x0's is r0 + k: past |d| it wraps once, and the quotient moves one toward d's sign.
            Vector128<int> wraps = Vector128.GreaterThanOrEqual(Vector128.Create(r0) + Vector128<int>.Indices, Vector128.Create(divisor < 0 ? -divisor : divisor));
            return divisor > 0 ? Vector128.Create(q0) - wraps : Vector128.Create(q0) + wraps;
        }

        /// <inheritdoc cref="ConsecutiveQuotients(Vector128{int}, Vector128{int})"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Vector256<int> ConsecutiveQuotients(Vector256<int> x, Vector256<int> d)
        {
            int divisor = d.ToScalar();
            if (!ConsecutiveStart(x.ToScalar(), divisor, Vector256<int>.Count, out int q0, out int r0))
            {
                Vector256<int> q = default;
                for (int k = 0; k < Vector256<int>.Count; k++) Lane(ref q, k) = x.GetElement(k) / divisor;
                return q;
            }
            Vector256<int> wraps = Vector256.GreaterThanOrEqual(Vector256.Create(r0) + Vector256<int>.Indices, Vector256.Create(divisor < 0 ? -divisor : divisor));
            return divisor > 0 ? Vector256.Create(q0) - wraps : Vector256.Create(q0) + wraps;
        }

        /// <inheritdoc cref="ConsecutiveQuotients(Vector128{int}, Vector128{int})"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Vector512<int> ConsecutiveQuotients(Vector512<int> x, Vector512<int> d)
        {
            int divisor = d.ToScalar();
            if (!ConsecutiveStart(x.ToScalar(), divisor, Vector512<int>.Count, out int q0, out int r0))
            {
                Vector512<int> q = default;
                for (int k = 0; k < Vector512<int>.Count; k++) Lane(ref q, k) = x.GetElement(k) / divisor;
                return q;
            }
            Vector512<int> wraps = Vector512.GreaterThanOrEqual(Vector512.Create(r0) + Vector512<int>.Indices, Vector512.Create(divisor < 0 ? -divisor : divisor));
            return divisor > 0 ? Vector512.Create(q0) - wraps : Vector512.Create(q0) + wraps;
        }

        // Ints held in long lanes (a loop that also computes in double or long): the same, on the ints' values.

        /// <inheritdoc cref="ConsecutiveQuotients(Vector128{int}, Vector128{int})"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Vector128<long> ConsecutiveQuotients(Vector128<long> x, Vector128<long> d)
        {
            int divisor = (int)d.ToScalar();
            if (!ConsecutiveStart((int)x.ToScalar(), divisor, Vector128<long>.Count, out int q0, out int r0))
            {
                Vector128<long> q = default;
                for (int k = 0; k < Vector128<long>.Count; k++) Lane(ref q, k) = (int)x.GetElement(k) / divisor;
                return q;
            }
            Vector128<long> wraps = Vector128.GreaterThanOrEqual(Vector128.Create((long)r0) + Vector128<long>.Indices, Vector128.Create((long)(divisor < 0 ? -divisor : divisor)));
            return divisor > 0 ? Vector128.Create((long)q0) - wraps : Vector128.Create((long)q0) + wraps;
        }

        /// <inheritdoc cref="ConsecutiveQuotients(Vector128{int}, Vector128{int})"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Vector256<long> ConsecutiveQuotients(Vector256<long> x, Vector256<long> d)
        {
            int divisor = (int)d.ToScalar();
            if (!ConsecutiveStart((int)x.ToScalar(), divisor, Vector256<long>.Count, out int q0, out int r0))
            {
                Vector256<long> q = default;
                for (int k = 0; k < Vector256<long>.Count; k++) Lane(ref q, k) = (int)x.GetElement(k) / divisor;
                return q;
            }
            Vector256<long> wraps = Vector256.GreaterThanOrEqual(Vector256.Create((long)r0) + Vector256<long>.Indices, Vector256.Create((long)(divisor < 0 ? -divisor : divisor)));
            return divisor > 0 ? Vector256.Create((long)q0) - wraps : Vector256.Create((long)q0) + wraps;
        }

        /// <inheritdoc cref="ConsecutiveQuotients(Vector128{int}, Vector128{int})"/>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Vector512<long> ConsecutiveQuotients(Vector512<long> x, Vector512<long> d)
        {
            int divisor = (int)d.ToScalar();
            if (!ConsecutiveStart((int)x.ToScalar(), divisor, Vector512<long>.Count, out int q0, out int r0))
            {
                Vector512<long> q = default;
                for (int k = 0; k < Vector512<long>.Count; k++) Lane(ref q, k) = (int)x.GetElement(k) / divisor;
                return q;
            }
            Vector512<long> wraps = Vector512.GreaterThanOrEqual(Vector512.Create((long)r0) + Vector512<long>.Indices, Vector512.Create((long)(divisor < 0 ? -divisor : divisor)));
            return divisor > 0 ? Vector512.Create((long)q0) - wraps : Vector512.Create((long)q0) + wraps;
        }
    }
}
