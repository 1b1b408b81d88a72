using System;
using System.Threading;

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// MPI ranks simulated by threads of this process, for tests that cannot start mpirun for every case (the random
    /// kernels): <see cref="Run"/> calls a kernel on P threads at once, each with its own copy of the inputs, and the
    /// runtime's distributed loops exchange their rows through <see cref="Share"/> as MPI_Allgatherv would (a barrier,
    /// copies from the other ranks' pinned arrays, a barrier). It also checks what MPI cannot: that every rank asks for
    /// the same parts. Threads that are not simulated ranks see a cluster of one (their kernels are never split), so the
    /// binding does not disturb other tests running in this process.
    /// </summary>
    internal sealed unsafe class SimulatedCluster : IKernelCluster
    {
        public static readonly SimulatedCluster Instance = new();
        private static readonly object s_bindLock = new();

        [ThreadStatic] private static int t_rank;
        [ThreadStatic] private static Job? t_job;

        /// <summary>Shares made so far (counted once per collective call, by rank 0).</summary>
        public static long Shares => Interlocked.Read(ref s_shares);
        private static long s_shares;

        public int Rank => t_job is null ? 0 : t_rank;
        public int Size => t_job?.Size ?? 1;

        /// <summary>One simulated job: its ranks' barrier and the buffers they expose during a share.</summary>
        private sealed class Job
        {
            public Job(int size) { Size = size; Barrier = new Barrier(size); Pointers = new IntPtr[size]; Parts = new long[size][]; }
            public readonly int Size;
            public readonly Barrier Barrier;
            public readonly IntPtr[] Pointers;
            public readonly long[][] Parts;
            public readonly CancellationTokenSource Aborted = new();
            public string? AbortMessage;
            public string? Disagreement;
        }

        /// <summary>Thrown on the rank that aborts (and, as OperationCanceledException, on the ranks waiting for it).</summary>
        public sealed class AbortException : Exception
        {
            public AbortException(string message) : base(message) { }
        }

        /// <summary>What one simulated job gave: each rank's result or exception, the abort message, a collective misuse.</summary>
        public sealed record Outcome(object?[] Results, Exception?[] Errors, string? AbortMessage, string? Disagreement);

        /// <summary>Runs <paramref name="rankMain"/>(rank) on <paramref name="size"/> threads as the ranks of one job.</summary>
        public static Outcome Run(int size, Func<int, object?> rankMain)
        {
            lock (s_bindLock)
            {
                if (KernelRuntime.Cluster is null) KernelRuntime.BindCluster(Instance);
            }
            var job = new Job(size);
            var results = new object?[size];
            var errors = new Exception?[size];
            var threads = new Thread[size];
            for (int r = 0; r < size; r++)
            {
                int rank = r;
                threads[r] = new Thread(() =>
                {
                    t_rank = rank; t_job = job;
                    try { results[rank] = rankMain(rank); }
                    catch (Exception e) { errors[rank] = e; }
                    finally { t_job = null; }
                }, maxStackSize: 4 << 20);
                threads[r].Start();
            }
            foreach (Thread thread in threads)
                if (!thread.Join(TimeSpan.FromMinutes(2)))
                {
                    job.Aborted.Cancel();
                    throw new TimeoutException("a simulated rank hung (a collective call that not every rank made?)");
                }
            return new Outcome(results, errors, job.AbortMessage, job.Disagreement);
        }

        public void Share(ref byte data, ReadOnlySpan<long> offsets, ReadOnlySpan<long> counts)
        {
            Job job = t_job ?? throw new InvalidOperationException("Share outside a simulated job");
            int rank = t_rank;
            if (rank == 0) Interlocked.Increment(ref s_shares);
            long[] parts = new long[2 * job.Size];
            offsets.CopyTo(parts);
            counts.CopyTo(parts.AsSpan(job.Size));
            fixed (byte* mine = &data)
            {
                job.Pointers[rank] = (IntPtr)mine;
                job.Parts[rank] = parts;
                job.Barrier.SignalAndWait(job.Aborted.Token);
                // Every rank must describe the same parts (MPI would silently mix them up).
                for (int q = 0; q < job.Size; q++)
                    if (!job.Parts[q].AsSpan().SequenceEqual(parts))
                        job.Disagreement ??= $"rank {rank} shares [{string.Join(", ", parts)}], rank {q} [{string.Join(", ", job.Parts[q])}]";
                for (int q = 0; q < job.Size; q++)
                {
                    if (q == rank || counts[q] == 0) continue;
                    Buffer.MemoryCopy((byte*)job.Pointers[q] + offsets[q], mine + offsets[q], counts[q], counts[q]);
                }
                job.Barrier.SignalAndWait(job.Aborted.Token);
            }
        }

        public void Abort(string message)
        {
            Job? job = t_job;
            if (job is not null)
            {
                job.AbortMessage ??= message;
                job.Aborted.Cancel();
            }
            throw new AbortException(message);
        }
    }
}
