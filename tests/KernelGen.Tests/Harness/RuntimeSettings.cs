using System;
using System.Threading;

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// Process-wide runtime settings (<see cref="KernelRuntime.MaxDegreeOfParallelism"/>, <see cref="KernelRuntime.AdaptiveBackoff"/>)
    /// for the duration of a call. Tests in parallel collections change them too; each save-set-restore holds one
    /// lock, so two tests never interleave theirs (an interleaving restores the other test's value, and the rest of
    /// the run then works at a degree nobody chose).
    /// </summary>
    internal static class RuntimeSettings
    {
        private static readonly object s_lock = new();

        /// <summary>Runs <paramref name="action"/> at <paramref name="degree"/> threads (0: unchanged), back-off on or off.</summary>
        public static T With<T>(int degree, bool backoff, Func<T> action)
        {
            lock (s_lock)
            {
                int degreeBefore = KernelRuntime.MaxDegreeOfParallelism;
                bool backoffBefore = KernelRuntime.AdaptiveBackoff;
                try
                {
                    if (degree > 0) KernelRuntime.MaxDegreeOfParallelism = degree;
                    KernelRuntime.AdaptiveBackoff = backoff;
                    return action();
                }
                finally
                {
                    KernelRuntime.MaxDegreeOfParallelism = degreeBefore;
                    KernelRuntime.AdaptiveBackoff = backoffBefore;
                }
            }
        }

        /// <inheritdoc cref="With{T}(int, bool, Func{T})"/>
        public static void With(int degree, bool backoff, Action action) => With(degree, backoff, () => { action(); return 0; });

        /// <summary>
        /// Runs <paramref name="action"/> with the reversed schedule on this thread (<see cref="KernelRuntime.ReversedChunkSize"/>):
        /// every kernel it calls runs its chunks of <paramref name="chunk"/> iterations last first, so that a dependence
        /// between iterations left parallel gives another result on every call. Thread-local: no lock.
        /// </summary>
        public static T Reversed<T>(int chunk, Func<T> action)
        {
            int before = KernelRuntime.ReversedChunkSize;
            KernelRuntime.ReversedChunkSize = chunk;
            try { return action(); }
            finally { KernelRuntime.ReversedChunkSize = before; }
        }
    }
}
