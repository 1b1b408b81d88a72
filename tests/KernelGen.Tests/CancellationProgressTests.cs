using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;
using static KernelGen.Kernel;

namespace KernelGen.Tests
{
    /// <summary>Kernels with a CancellationToken or an IProgress&lt;T&gt; parameter (compiled with the generator).</summary>
    public static partial class ReliabilityKernels
    {
        [ParallelKernel]
        public static void Mark(double[] output, CancellationToken token, IProgress<long>? progress)
        {
            foreach (int i in PRange(output.Length))
                output[i] = Math.Sqrt(i) + 1;
        }

        [ParallelKernel]
        public static void MarkInt(int[] output, IProgress<int> progress)
        {
            foreach (int i in PRange(output.Length))
                output[i] = i + 1;
        }

        [ParallelKernel]
        public static void MarkFraction(int[] output, IProgress<double> progress)
        {
            foreach (int i in PRange(output.Length))
                output[i] = i + 1;
        }

        /// <summary>Writes r[i] before it reads a[i]: with a null 'a', the serial loop writes r[0] and then throws.</summary>
        [ParallelKernel]
        public static void WriteThenRead(double[] r, double[]? a)
        {
            foreach (int i in PRange(r.Length))
            {
                r[i] = 1;
                r[i] += a![i];
            }
        }
    }

    /// <summary>Cancellation, progress and null arrays: the parallel version stops, reports and fails like users expect.</summary>
    public class CancellationProgressTests
    {
        /// <summary>Reports synchronously, on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
        private sealed class Recorder<T> : IProgress<T>
        {
            private readonly Action<T>? _then;
            public Recorder(Action<T>? then = null) => _then = then;
            public List<T> Reports { get; } = new();
            public void Report(T value)
            {
                lock (Reports) Reports.Add(value);
                _then?.Invoke(value);
            }
        }

        [Fact]
        public void A_cancelled_token_throws_before_any_work()
        {
            var output = new double[100_000];
            using var source = new CancellationTokenSource();
            source.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => ReliabilityKernels.MarkParallel(output, source.Token, null));
            Assert.All(output, v => Assert.Equal(0, v));
        }

        [Fact]
        public void Cancelling_during_the_loop_stops_within_a_chunk_and_throws()
        {
            const int n = 4_000_000;
            var output = new double[n];
            using var source = new CancellationTokenSource();
            // Cancel when the first chunk reports: every chunk that has not started yet must not start.
            var progress = new Recorder<long>(_ => source.Cancel());
            var e = Assert.ThrowsAny<OperationCanceledException>(() => ReliabilityKernels.MarkParallel(output, source.Token, progress));
            Assert.Equal(source.Token, e.CancellationToken);
            int done = output.Count(v => v != 0);
            Assert.True(done > 0 && done < n, $"{done} of {n} iterations ran");
            // Chunks that ran, ran whole: the reported total is exactly what was written.
            Assert.Equal(done, progress.Reports.Max());
        }

        [Fact]
        public void Uncancelled_token_changes_nothing()
        {
            var serial = new double[100_003];
            var parallel = new double[100_003];
            using var source = new CancellationTokenSource();
            Action<double[], CancellationToken, IProgress<long>?> original = ReliabilityKernels.Mark; // a delegate: not intercepted
            original(serial, source.Token, null);
            ReliabilityKernels.MarkParallel(parallel, source.Token, null);
            Assert.Equal(serial, parallel);
        }

        [Theory]
        [InlineData(1), InlineData(1000), InlineData(1_000_003)]
        public void Progress_reports_increasing_totals_ending_at_the_trip_count(int n)
        {
            var progress = new Recorder<long>();
            ReliabilityKernels.MarkParallel(new double[n], CancellationToken.None, progress);
            Assert.NotEmpty(progress.Reports);
            Assert.Equal(progress.Reports.OrderBy(v => v), progress.Reports);       // in increasing order
            Assert.Equal(progress.Reports.Distinct().Count(), progress.Reports.Count); // each chunk once
            Assert.Equal(n, progress.Reports[^1]);
        }

        [Fact]
        public void Progress_as_int_and_as_fraction()
        {
            var counts = new Recorder<int>();
            ReliabilityKernels.MarkIntParallel(new int[500_000], counts);
            Assert.Equal(500_000, counts.Reports[^1]);

            var fractions = new Recorder<double>();
            ReliabilityKernels.MarkFractionParallel(new int[500_000], fractions);
            Assert.Equal(1.0, fractions.Reports[^1]);
            Assert.All(fractions.Reports, f => Assert.InRange(f, 0.0, 1.0));

            var none = new Recorder<double>();
            ReliabilityKernels.MarkFractionParallel(Array.Empty<int>(), none);
            Assert.Empty(none.Reports); // no iterations, nothing to report
        }

        [Fact]
        public void A_null_array_throws_like_the_serial_loop_after_the_same_work()
        {
            const int n = 200_000;
            double[] serial = new double[n], parallel = new double[n];
            Action<double[], double[]?> original = ReliabilityKernels.WriteThenRead;
            Assert.Throws<NullReferenceException>(() => original(serial, null));
            Assert.Throws<NullReferenceException>(() => ReliabilityKernels.WriteThenReadParallel(parallel, null));
            Assert.Equal(serial, parallel); // r[0] written, nothing else: no chunk ran ahead
            Assert.Equal(1, parallel[0]);
        }
    }
}
