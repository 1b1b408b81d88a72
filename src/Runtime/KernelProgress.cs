using System;
using System.ComponentModel;

namespace KernelGen
{
    /// <summary>
    /// Progress of one parallel loop, for kernels with an <see cref="IProgress{T}"/> parameter: each finished chunk
    /// adds its iterations, and the running total is reported, in increasing order, from the thread that finished
    /// the chunk. <c>IProgress&lt;long&gt;</c> and <c>IProgress&lt;int&gt;</c> receive completed iterations (the last
    /// report equals the loop's trip count); <c>IProgress&lt;double&gt;</c> receives the completed fraction, 0 to 1.
    /// Each PRange loop of a kernel counts from zero. Used by generated code.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class KernelProgress
    {
        private readonly object _gate = new();
        private readonly long _total;
        private readonly IProgress<long>? _iterations;
        private readonly IProgress<int>? _iterations32;
        private readonly IProgress<double>? _fraction;
        private long _done;

        private KernelProgress(long total, IProgress<long>? iterations, IProgress<int>? iterations32, IProgress<double>? fraction)
        {
            _total = total; _iterations = iterations; _iterations32 = iterations32; _fraction = fraction;
        }

        /// <summary>A reporter for a loop of <paramref name="total"/> iterations; null when there is no one to tell.</summary>
        public static KernelProgress? Create(IProgress<long>? progress, long total) =>
            progress is null || total <= 0 ? null : new KernelProgress(total, progress, null, null);

        /// <inheritdoc cref="Create(IProgress{long}?, long)"/>
        public static KernelProgress? Create(IProgress<int>? progress, long total) =>
            progress is null || total <= 0 ? null : new KernelProgress(total, null, progress, null);

        /// <inheritdoc cref="Create(IProgress{long}?, long)"/>
        public static KernelProgress? Create(IProgress<double>? progress, long total) =>
            progress is null || total <= 0 ? null : new KernelProgress(total, null, null, progress);

        /// <summary>Called by a chunk when it has run <paramref name="iterations"/> iterations.</summary>
        public void Completed(long iterations)
        {
            // Under the lock, so that reports arrive in increasing order (once per chunk: cheap).
            lock (_gate)
            {
                _done += iterations;
                if (_iterations is not null) _iterations.Report(_done);
                else if (_iterations32 is not null) _iterations32.Report((int)Math.Min(_done, int.MaxValue));
                else _fraction?.Report(_done >= _total ? 1.0 : (double)_done / _total);
            }
        }
    }
}
