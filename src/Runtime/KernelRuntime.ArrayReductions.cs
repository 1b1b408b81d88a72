using System;
using System.ComponentModel;

namespace KernelGen
{
    /// <summary>How a loop with array reductions (histograms) updates the arrays (see <c>KernelRuntime.PlanArrayReduction</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public enum ArrayReductionMode
    {
        /// <summary>The chunks run serially, in order, on the calling thread and update the arrays themselves: exactly the serial loop.</summary>
        InPlace = 0,
        /// <summary>Each chunk updates a private copy that starts from the identity; the copies are merged into the arrays in chunk order.</summary>
        Private = 1,
        /// <summary>The chunks run in parallel and update the shared arrays with Interlocked operations (integers: exact).</summary>
        Atomic = 2,
    }

    public static partial class KernelRuntime
    {
        /// <summary>
        /// The cost model of array reductions: picks how a loop that updates arrays of <paramref name="elements"/>
        /// elements in all runs, and may change <paramref name="plan"/> (fewer chunks, or serial).
        /// <list type="number">
        /// <item>Serial plan (small loop, one thread, nested kernel) and not deterministic: <see cref="ArrayReductionMode.InPlace"/>.</item>
        /// <item>Private copies cost about chunks × elements (zeroing and merging) against the loop's work (trip count ×
        /// cost per iteration): when that is at most the work, <see cref="ArrayReductionMode.Private"/> with the plan's chunks; else with
        /// fewer chunks (one per thread; deterministic: a fixed 16) when that fits.</item>
        /// <item>Else, when every update has an Interlocked equivalent (integer sums, or, and) and the plan is parallel:
        /// <see cref="ArrayReductionMode.Atomic"/>.</item>
        /// <item>Else the serial loop (<see cref="ArrayReductionMode.InPlace"/>, plan made serial).</item>
        /// </list>
        /// Deterministic kernels decide from the trip count, array length and chunk plan only, never from the degree
        /// of parallelism, so floating-point results are bitwise the same for any thread count.
        /// </summary>
        /// <param name="plan">The loop's chunk plan; replaced when the mode needs other chunks.</param>
        /// <param name="elements">The total length of the reduced arrays.</param>
        /// <param name="atomics">Whether every update can be an Interlocked operation.</param>
        /// <param name="deterministic">[ParallelKernel(Deterministic = true)].</param>
        /// <param name="inPlace">True when an array may be another array the loop uses (same object): only the serial loop is safe.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static ArrayReductionMode PlanArrayReduction(ref ChunkPlan plan, long elements, bool atomics, bool deterministic, bool inPlace) =>
            PlanArrayReduction(ref plan, elements, atomics, deterministic, inPlace, cost: 1);

        /// <summary>
        /// <see cref="PlanArrayReduction(ref ChunkPlan, long, bool, bool, bool)"/> for a loop whose iterations each do about
        /// <paramref name="cost"/> operations (the generator's cost model; an update of a private copy and its merge cost
        /// about one each): the copies pay off against the loop's work, trips × cost, not its trip count alone (a fused
        /// matrix-vector <c>y[i] += a[j, i] * x[j]</c> over n rows does n operations per iteration on an array of n).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static ArrayReductionMode PlanArrayReduction(ref ChunkPlan plan, long elements, bool atomics, bool deterministic, bool inPlace, long cost)
        {
            if (plan.ChunkCount <= 0)
                return ArrayReductionMode.InPlace;
            // Split over MPI ranks (never when the arrays may alias: that plan is not distributed): each rank's chunks
            // update private copies, and the generated code gathers the ranks' merges (GatherRanks).
            if (plan.Distributed && !inPlace)
                return ArrayReductionMode.Private;
            if (inPlace || !deterministic && !plan.Parallel)
            {
                plan = Serial(plan);
                return ArrayReductionMode.InPlace;
            }
            long trips = plan.TripCount;
            elements = Math.Max(1, elements);
            long work = cost <= 1 ? trips : trips > long.MaxValue / cost ? long.MaxValue : trips * cost;
            if (plan.ChunkCount <= work / elements)
                return ArrayReductionMode.Private;
            long fewer = deterministic ? DeterministicChunks : s_maxDegree;
            if (fewer > 1 && fewer < plan.ChunkCount && fewer <= work / elements)
            {
                long size = (trips - 1) / fewer + 1;
                plan = new ChunkPlan(trips, size, (trips - 1) / size + 1, plan.Parallel);
                return ArrayReductionMode.Private;
            }
            if (atomics && plan.Parallel)
                return ArrayReductionMode.Atomic;
            plan = Serial(plan);
            return ArrayReductionMode.InPlace;
        }

        private static ChunkPlan Serial(in ChunkPlan plan) => new(plan.TripCount, plan.ChunkSize, plan.ChunkCount, parallel: false);

        /// <summary>Private copies longer than this (in elements, all chunks together) are not kept between calls.</summary>
        internal const long MaxKeptCopyElements = 1 << 20;

        /// <summary>
        /// A chunk's private copy of a reduced array, filled with <paramref name="identity"/>: the copy in
        /// <paramref name="slot"/> when one of the right length is there (kept from an earlier call), else a new one.
        /// Used by generated code, with holders from <see cref="RentPartials{T}(long)"/>: steady-state calls allocate nothing.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static T[] PrivateCopy<T>(ref T[]? slot, int length, T identity)
        {
            T[]? copy = slot;
            bool fresh = copy is null || copy.Length != length;
            if (fresh) slot = copy = new T[length];
            // (-0.0 equals 0.0 but is not zero bits: floating-point identities are filled, not cleared.)
            if (!System.Collections.Generic.EqualityComparer<T>.Default.Equals(identity, default!) || typeof(T) == typeof(float) || typeof(T) == typeof(double))
                Array.Fill(copy!, identity);
            else if (!fresh)
                Array.Clear(copy!);
            return copy!;
        }

        /// <summary>
        /// Gives back the holder of a loop's private copies after the merge. The copies stay in it for the next call,
        /// unless together they are large (more than <see cref="MaxKeptCopyElements"/> elements): those are dropped.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void ReturnCopies<T>(T[]?[] copies, long chunks)
        {
            long elements = 0;
            for (long c = 0; c < chunks && c < copies.Length; c++) elements += copies[c]?.LongLength ?? 0;
            if (elements > MaxKeptCopyElements) Array.Clear(copies);
            ReturnPartials(copies);
        }
    }
}
