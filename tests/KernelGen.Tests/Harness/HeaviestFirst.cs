using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("KernelGen.Tests.Harness.HeaviestFirst", "KernelGen.Tests")]

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// Starts the longest test classes first. The runner runs two classes at a time on a 2-core machine and each class's
    /// tests one after the other; a long class started late (the vector corpus, about 20 s of work) ran alone at the end
    /// while the other core sat idle. Longest first lets the many short classes fill in beside them. The list is what one
    /// measured run gave (seconds of test time: a trx log's durations per class); a stale list costs time, never a result.
    /// The classes with parallelization disabled (timing, the scheduler, MPI) still run after all others, alone.
    /// </summary>
    public sealed class HeaviestFirst : ITestCollectionOrderer
    {
        private static readonly string[] Heaviest =
        {
            "VectorCorpusTests", "VectorCorpusRunTests", "RaceTests", "RobustnessTests", "StridedRowTests", "PlanCensusTests",
            "RandomKernelTests", "InnerCounterTests", "EffectCorpusTests", "RegionFlowTests", "NumericsOperatorTests",
            "FloatsInDoubleLanesTests", "EffectTests", "IncrementalEditTests",
        };

        private static int Rank(ITestCollection collection)
        {
            for (int k = 0; k < Heaviest.Length; k++)
                if (collection.DisplayName.EndsWith("." + Heaviest[k], StringComparison.Ordinal)) return k;
            return Heaviest.Length;
        }

        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
            testCollections.OrderBy(Rank).ThenBy(c => c.DisplayName, StringComparer.Ordinal);
    }
}
