using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace KernelGen
{
    /// <summary>
    /// The processes of a distributed (SPMD) run that KernelGen splits loops over: every rank runs the same program on
    /// the same inputs, and each distributable PRange loop gives each rank one block of its chunks. KernelGen.Mpi binds
    /// one (<c>KernelMpi.Start()</c>); the runtime itself knows nothing of MPI.
    /// </summary>
    public interface IKernelCluster
    {
        /// <summary>This process's number, 0 … <see cref="Size"/> - 1.</summary>
        int Rank { get; }

        /// <summary>The number of processes.</summary>
        int Size { get; }

        /// <summary>
        /// A collective call (every rank calls it, with the same arguments, in the same order): afterwards bytes
        /// [offsets[r], offsets[r] + counts[r]) of <paramref name="data"/> hold rank r's bytes on every rank. This
        /// rank's own part is in place already; the parts never overlap.
        /// </summary>
        void Share(ref byte data, ReadOnlySpan<long> offsets, ReadOnlySpan<long> counts);

        /// <summary>Ends every process of the run with <paramref name="message"/> on this one's standard error; never returns.</summary>
        void Abort(string message);
    }

    // Distributed loops: the plan (one block of chunks per rank, the chunk boundaries those of the undistributed
    // plan when Deterministic, so reductions combine the same partials in the same order for any rank count), running
    // this rank's block, and sharing what the blocks wrote so that every rank leaves the loop with the whole result.
    public static partial class KernelRuntime
    {
        private static IKernelCluster? s_cluster;

        /// <summary>The processes distributable loops are split over; null (the default) runs every loop whole in this process.</summary>
        public static IKernelCluster? Cluster => Volatile.Read(ref s_cluster);

        /// <summary>
        /// Binds (or, with null, unbinds) the processes that distributable loops are split over. Called by KernelGen.Mpi;
        /// a test may bind its own. Every rank must bind the same way before its first kernel call.
        /// </summary>
        public static void BindCluster(IKernelCluster? cluster) => Volatile.Write(ref s_cluster, cluster);

        /// <summary>The rank's block of a loop's chunks, or null when the loop has too few chunks to split (it then runs whole on every rank).</summary>
        private static ChunkPlan? PlanBlock(IKernelCluster cluster, long tripCount, long minChunk, long chunkSize, bool deterministic)
        {
            int ranks = cluster.Size, rank = cluster.Rank, degree = s_maxDegree;
            // Every rank must plan the same chunks, so nothing rank-local (its thread count) may decide them: 16
            // "threads" a rank, four chunks each (deterministic: the fixed split, whatever the ranks).
            int split = deterministic ? DeterministicChunks : (int)Math.Min(int.MaxValue / 4, (long)DeterministicChunks * ranks);
            long chunk = ChooseChunk(tripCount, split, minChunk, chunkSize);
            long chunks = (tripCount - 1) / chunk + 1;
            if (chunks < 2)
                return null;
            long first = BlockStart(chunks, rank, ranks), end = BlockStart(chunks, rank + 1, ranks);
            return new ChunkPlan(tripCount, chunk, chunks, parallel: end - first > 1 && degree > 1, first, end);
        }

        /// <summary>The first chunk of rank <paramref name="rank"/>'s block: the chunks split as evenly as they go.</summary>
        private static long BlockStart(long chunks, int rank, int ranks) => (long)((Int128)chunks * rank / ranks);

        /// <summary>Runs this rank's block; an exception ends the whole run (the other ranks would wait for this one's part forever).</summary>
        private static void RunBlock<TBody>(in ChunkPlan plan, ref TBody body) where TBody : struct, IChunkBody
        {
            try
            {
                if (!plan.Parallel || t_insideKernel > 0 || !TryRunOnPool(in plan, ref body))
                    RunSerial(in plan, ref body);
            }
            catch (Exception e)
            {
                IKernelCluster? cluster = s_cluster;
                string message = $"KernelGen: rank {cluster?.Rank} of {cluster?.Size} failed in a distributed loop: {e.GetType().FullName}: {e.Message}{Environment.NewLine}{e.StackTrace}";
                if (cluster is null) throw;
                cluster.Abort(message);
                throw; // Abort does not return
            }
        }

        /// <summary>
        /// After a distributed loop in which iteration k writes <paramref name="array"/> only in rows
        /// [first + stride·k, first + stride·k + width) of its first dimension (elements, for a one-dimensional array;
        /// <see cref="BandsFit"/> held at the launch, so no two iterations' bands overlap): every rank gets the rows of
        /// the other ranks' blocks. Rows outside the array were not written (the access would have thrown). Used by
        /// generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void ShareRows<T>(in ChunkPlan plan, Array? array, long first, long stride, long width) where T : unmanaged
        {
            IKernelCluster? cluster = s_cluster;
            if (!plan.Distributed || cluster is null || array is null || array.Length == 0)
                return;
            int ranks = cluster.Size;
            long rows = array.GetLength(0);
            long rowBytes = array.LongLength / rows * Unsafe.SizeOf<T>();
            Span<long> offsets = ranks <= 64 ? stackalloc long[ranks] : new long[ranks];
            Span<long> counts = ranks <= 64 ? stackalloc long[ranks] : new long[ranks];
            for (int r = 0; r < ranks; r++)
            {
                (long begin, long end) = Iterations(plan, r, ranks);
                offsets[r] = 0; counts[r] = 0;
                if (begin >= end) continue;
                // The block's hull: its own bands and the gaps between them, which no iteration writes.
                Int128 a = first + stride * (Int128)begin, b = first + stride * (Int128)(end - 1);
                Int128 low = Int128.Max(Int128.Min(a, b), 0), high = Int128.Min(Int128.Max(a, b) + width - 1, rows - 1);
                if (low > high) continue;
                offsets[r] = (long)low * rowBytes;
                counts[r] = (long)(high - low + 1) * rowBytes;
            }
            cluster.Share(ref MemoryMarshal.GetArrayDataReference(array), offsets, counts);
        }

        /// <summary>
        /// Whether the bands [first + stride·k, first + stride·k + width) for k in [0, <paramref name="count"/>) can be
        /// split over ranks: no two overlap (0 &lt; width ≤ |stride|), and all lie in the int range, where a subscript's own
        /// arithmetic is exact. Else the loop runs whole on every rank. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static bool BandsFit(long first, long stride, long width, long count)
        {
            if (width <= 0)
                return false;
            // Every call of a kernel computes this, cluster or not: in long arithmetic where nothing can overflow (an int
            // stride and count, |first| < 2^61: |stride·(count - 1)| < 2^62), 128-bit only beyond. Measured: the 128-bit
            // form took 15-20 ns of a 1,000-element add's 155 ns call.
            return stride is > int.MinValue and <= int.MaxValue && count <= int.MaxValue && first is > -(1L << 61) and < 1L << 61
                ? BandsFit<long>(first, stride, width, count)
                : BandsFit<Int128>(first, stride, width, count);
        }

        private static bool BandsFit<T>(T first, T stride, T width, T count) where T : System.Numerics.IBinaryInteger<T>
        {
            if (width > T.Abs(stride))
                return false;
            T from = first, to = first + stride * T.Max(T.Zero, count - T.One);
            return T.Min(from, to) >= T.CreateTruncating(int.MinValue) && T.Max(from, to) + width - T.One <= T.CreateTruncating(int.MaxValue);
        }

        /// <summary>After a distributed loop: every rank gets the other ranks' per-chunk partials (slot c: chunk c). Used by generated code.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void SharePartials<T>(in ChunkPlan plan, T[] partials) where T : unmanaged
        {
            IKernelCluster? cluster = s_cluster;
            if (!plan.Distributed || cluster is null)
                return;
            int ranks = cluster.Size;
            long size = Unsafe.SizeOf<T>();
            Span<long> offsets = ranks <= 64 ? stackalloc long[ranks] : new long[ranks];
            Span<long> counts = ranks <= 64 ? stackalloc long[ranks] : new long[ranks];
            for (int r = 0; r < ranks; r++)
            {
                long first = BlockStart(plan.ChunkCount, r, ranks), end = BlockStart(plan.ChunkCount, r + 1, ranks);
                offsets[r] = first * size;
                counts[r] = (end - first) * size;
            }
            cluster.Share(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(partials)), offsets, counts);
        }

        /// <summary>
        /// After a distributed loop with an array reduction: every rank's merge of its own chunks' private copies
        /// (<paramref name="mine"/>, from the identity), gathered in rank order into one array of Size × length
        /// elements, which the generated code applies to the reduced array rank by rank. Used by generated code.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static T[] GatherRanks<T>(in ChunkPlan plan, T[] mine) where T : unmanaged
        {
            IKernelCluster? cluster = s_cluster;
            if (!plan.Distributed || cluster is null || mine.Length == 0)
                return mine;
            int ranks = cluster.Size;
            long bytes = mine.LongLength * Unsafe.SizeOf<T>();
            var all = new T[checked(mine.LongLength * ranks)];
            Array.Copy(mine, 0, all, mine.LongLength * cluster.Rank, mine.LongLength);
            Span<long> offsets = ranks <= 64 ? stackalloc long[ranks] : new long[ranks];
            Span<long> counts = ranks <= 64 ? stackalloc long[ranks] : new long[ranks];
            for (int r = 0; r < ranks; r++) { offsets[r] = r * bytes; counts[r] = bytes; }
            cluster.Share(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(all)), offsets, counts);
            return all;
        }

        /// <summary>The normalized iterations [begin, end) of rank <paramref name="rank"/>'s block.</summary>
        private static (long Begin, long End) Iterations(in ChunkPlan plan, int rank, int ranks)
        {
            long first = BlockStart(plan.ChunkCount, rank, ranks), end = BlockStart(plan.ChunkCount, rank + 1, ranks);
            long begin = Math.Min(first * plan.ChunkSize, plan.TripCount);
            return (begin, Math.Min(end * plan.ChunkSize, plan.TripCount));
        }
    }
}
