using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Inner-loop limits read once (Frontend/InvariantLimits.cs): <c>for (k = a[r]; k &lt; a[r + 1]; k++)</c> becomes
    /// <c>for (k = a[r], __kg_limit0 = a[r + 1]; k &lt; __kg_limit0; k++)</c> only where nothing in the loop can change
    /// the limit. The loops where something can (the limit's array written, an int[] written as a uint[], the index
    /// variable moved) keep the test as written, and the parallel result equals the serial one; a mutant that reads
    /// those limits once anyway gives another result, so the tests can tell.
    /// </summary>
    [Collection("PrefetchThreshold")] // tests here set KernelRuntime.PrefetchGatherAbove, a process-wide setting
    public class InvariantLimitTests
    {
        // Offsets tables as sparse and ragged-array code writes them (CSR row pointers: MathNet.Numerics'
        // SparseCompressedRowMatrixStorage, SciPy's csr_matvec; 64-bit offsets as in Arrow's large lists), in our own words.
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class L
            {
                [ParallelKernel]
                public static void Offsets(int[] start, double[] values, double[] sums)
                {
                    foreach (int row in PRange(sums.Length))
                    {
                        double sum = 0;
                        for (var k = start[row]; k < start[row + 1]; k++)
                            sum += Math.Sqrt(values[k]);
                        sums[row] = sum;
                    }
                }

                [ParallelKernel]
                public static void LongOffsets(long[] start, float[] values, float[] sums)
                {
                    foreach (int row in PRange(sums.Length))
                    {
                        float sum = 0;
                        for (long k = start[row]; k <= start[row + 1] - 1; k++)
                            sum += values[k];
                        for (long k = start[row]; k < start[row + 1]; k++)
                            sum += values[k] * 0.5f;
                        sums[row] = sum;
                    }
                }

                // Row r owns bounds[2r] and bounds[2r + 1]; a negative value shortens the row while it is summed.
                [ParallelKernel]
                public static void Shrinking(int[] bounds, int[] data, long[] sums)
                {
                    foreach (int row in PRange(sums.Length))
                    {
                        long sum = 0;
                        for (int k = bounds[2 * row]; k < bounds[2 * row + 1]; k++)
                        {
                            sum += data[k];
                            if (data[k] < 0) bounds[2 * row + 1] -= 1;
                        }
                        sums[row] = sum;
                    }
                }

                // The same through a uint[] view of the bounds (the CLR lets an int[] be read as a uint[]).
                [ParallelKernel]
                public static void Reinterpreted(int[] bounds, uint[] alias, int[] data, long[] sums)
                {
                    foreach (int row in PRange(sums.Length))
                    {
                        long sum = 0;
                        for (int k = bounds[2 * row]; k < bounds[2 * row + 1]; k++)
                        {
                            sum += data[k];
                            if (data[k] < 0) alias[2 * row + 1] -= 1u;
                        }
                        sums[row] = sum;
                    }
                }

                // The limit's index moves to the next row's after two iterations.
                [ParallelKernel]
                public static void MovingIndex(int[] ends, int[] data, long[] sums)
                {
                    foreach (int row in PRange(sums.Length))
                    {
                        int j = row;
                        long sum = 0;
                        for (int k = 0; k < ends[j]; k++)
                        {
                            sum += data[k];
                            if (k == 1) j = (row + 1) % ends.Length;
                        }
                        sums[row] = sum;
                    }
                }

                [ParallelKernel]
                public static void Called(int[] start, double[] values, double[] sums)
                {
                    foreach (int row in PRange(sums.Length))
                    {
                        double sum = 0;
                        for (int k = start[row]; k < start[row + 1]; k++)
                            sum += Twice(values[k]);
                        sums[row] = sum;
                    }
                }

                private static double Twice(double v) => 2 * v;

                // One pull step of PageRank over a graph stored as incoming-edge lists (the GAP Benchmark Suite's pr.cc,
                // gapbs/src/pr.cc, PageRankPull: each vertex sums the contributions of its in-neighbours), in our own words.
                [ParallelKernel]
                public static void PageRankPull(int[] inOffsets, int[] inNeighbours, double[] contribution, double[] scores, double damping)
                {
                    double teleport = (1 - damping) / scores.Length;
                    foreach (int v in PRange(scores.Length))
                    {
                        double incoming = 0;
                        for (int e = inOffsets[v]; e < inOffsets[v + 1]; e++)
                            incoming += contribution[inNeighbours[e]];
                        scores[v] = teleport + damping * incoming;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "L"));

        private static string Generated(string kernel) => InMemory.Section(s_generated.Value(kernel));

        [Fact]
        public void A_limit_nothing_in_the_loop_can_change_is_read_once_and_the_report_says_so()
        {
            string offsets = Generated("Offsets");
            // 'var' cannot declare two variables: the counter's type is written out.
            Assert.Contains("for (int k = start[row], __kg_limit0 = start[row + 1]; k < __kg_limit0; k++)", offsets);
            Assert.Contains("//     note: limit: start[row + 1] (inner loop, line 13) read once before the loop: nothing in the loop can change it", offsets);
            string longs = Generated("LongOffsets");
            // 'start[row + 1] - 1' is not an element: left as written. The second loop's long limit is read once.
            Assert.Contains("for (long k = start[row]; k <= start[row + 1] - 1; k++)", longs);
            Assert.Contains("for (long k = start[row], __kg_limit0 = start[row + 1]; k < __kg_limit0; k++)", longs);
        }

        [Theory]
        [InlineData("Shrinking", "bounds[2 * row + 1]")]
        [InlineData("Reinterpreted", "bounds[2 * row + 1]")]
        [InlineData("MovingIndex", "ends[j]")]
        [InlineData("Called", "start[row + 1]")]
        public void A_limit_the_loop_may_change_is_read_by_every_test(string kernel, string limit)
        {
            string generated = Generated(kernel);
            Assert.DoesNotContain("__kg_limit", generated);
            Assert.Contains($"k < {limit};", generated);
        }

        /// <summary>Row starts of 0-12 elements each over <paramref name="length"/> elements.</summary>
        private static int[] Starts(int rows, int seed)
        {
            var random = new Random(seed);
            int[] start = new int[rows + 1];
            for (int r = 0; r < rows; r++) start[r + 1] = start[r] + random.Next(0, 13);
            return start;
        }

        [Fact]
        public void Results_and_exceptions_are_the_serial_loops()
        {
            const int Rows = 5_000;
            int[] start = Starts(Rows, 1);
            var random = new Random(2);
            double[] values = Enumerable.Range(0, start[Rows]).Select(_ => random.NextDouble() * 100).ToArray();
            double[] serial = new double[Rows], parallel = new double[Rows];
            InMemory.Call(s_built.Value, "L", "Offsets", start, values, serial);
            InMemory.Call(s_built.Value, "L", "OffsetsParallel", start, values, parallel);
            Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));

            long[] longStart = start.Select(s => (long)s).ToArray();
            float[] floats = values.Select(v => (float)v).ToArray();
            float[] serialF = new float[Rows], parallelF = new float[Rows];
            InMemory.Call(s_built.Value, "L", "LongOffsets", longStart, floats, serialF);
            InMemory.Call(s_built.Value, "L", "LongOffsetsParallel", longStart, floats, parallelF);
            Assert.Equal(serialF.Select(BitConverter.SingleToInt32Bits), parallelF.Select(BitConverter.SingleToInt32Bits));

            // The limit's read fails (start one short): both throw where the serial loop does.
            int[] shortStart = start[..Rows];
            Assert.IsType<IndexOutOfRangeException>(Record.Exception(() => InMemory.Call(s_built.Value, "L", "Offsets", shortStart, values, new double[Rows])));
            Assert.IsType<IndexOutOfRangeException>(Record.Exception(() => InMemory.Call(s_built.Value, "L", "OffsetsParallel", shortStart, values, new double[Rows])));
            // A limit past the values: the same.
            int[] far = (int[])start.Clone();
            far[Rows] += 3;
            Assert.IsType<IndexOutOfRangeException>(Record.Exception(() => InMemory.Call(s_built.Value, "L", "Offsets", far, values, new double[Rows])));
            Assert.IsType<IndexOutOfRangeException>(Record.Exception(() => InMemory.Call(s_built.Value, "L", "OffsetsParallel", far, values, new double[Rows])));
        }

        [Theory]
        [InlineData(0L)] // the prefetch on for arrays of any size
        [InlineData(long.MaxValue)] // off
        public void A_pagerank_pull_step_reads_its_limit_once_prefetches_and_gives_the_serial_scores(long prefetchAbove)
        {
            string generated = Generated("PageRankPull");
            Assert.Contains("for (int e = inOffsets[v], __kg_limit0 = global::KernelGen.KernelRuntime.PrefetchGathers(contribution, inNeighbours, e, inOffsets[v + 1]); e < __kg_limit0; e++)", generated);
            const int Vertices = 20_000;
            var random = new Random(7);
            int[] offsets = new int[Vertices + 1];
            for (int v = 0; v < Vertices; v++) offsets[v + 1] = offsets[v] + random.Next(0, 2 + v % 40); // uneven in-degrees
            int[] neighbours = Enumerable.Range(0, offsets[Vertices]).Select(_ => random.Next(Vertices)).ToArray();
            double[] contribution = Enumerable.Range(0, Vertices).Select(_ => random.NextDouble() / Vertices).ToArray();
            long before = KernelRuntime.PrefetchGatherAbove;
            try
            {
                KernelRuntime.PrefetchGatherAbove = prefetchAbove;
                double[] serial = new double[Vertices], parallel = new double[Vertices];
                InMemory.Call(s_built.Value, "L", "PageRankPull", offsets, neighbours, contribution, serial, 0.85);
                InMemory.Call(s_built.Value, "L", "PageRankPullParallel", offsets, neighbours, contribution, parallel, 0.85);
                Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));
            }
            finally { KernelRuntime.PrefetchGatherAbove = before; }
        }

        /// <summary>Bounds of rows of 0-12 elements with about a third negative values, and the data.</summary>
        private static (int[] Bounds, int[] Data) ShrinkingRows(int rows)
        {
            int[] start = Starts(rows, 3);
            var random = new Random(4);
            int[] bounds = new int[2 * rows];
            for (int r = 0; r < rows; r++) (bounds[2 * r], bounds[2 * r + 1]) = (start[r], start[r + 1]);
            int[] data = Enumerable.Range(0, start[rows]).Select(_ => random.Next(-50, 100)).ToArray();
            return (bounds, data);
        }

        private static long[] Run(Assembly assembly, string method, int rows, bool alias)
        {
            (int[] bounds, int[] data) = ShrinkingRows(rows);
            long[] sums = new long[rows];
            if (alias)
                InMemory.Call(assembly, "L", method, bounds, (uint[])(object)bounds, data, sums);
            else
                InMemory.Call(assembly, "L", method, bounds, data, sums);
            return sums;
        }

        [Theory]
        [InlineData("Shrinking", false)]
        [InlineData("Reinterpreted", true)]
        public void A_limit_written_in_the_loop_is_followed_as_the_serial_loop_follows_it(string kernel, bool alias)
        {
            const int Rows = 4_000;
            long[] serial = Run(s_built.Value, kernel, Rows, alias);
            Assert.Equal(serial, Run(s_built.Value, kernel + "Parallel", Rows, alias));
            // The mutant reads the limit once: another result, so the comparison above can fail.
            string loop = "for (int k = bounds[2 * row]; k < bounds[2 * row + 1]; k++)";
            Assembly mutant = InMemory.BuildMutant(Source, loop, "for (int k = bounds[2 * row], __kg_x = bounds[2 * row + 1]; k < __kg_x; k++)");
            Assert.NotEqual(serial, Run(mutant, kernel + "Parallel", Rows, alias));
        }

        [Fact]
        public void A_limit_whose_index_moves_is_followed_as_the_serial_loop_follows_it()
        {
            const int Rows = 3_000;
            var random = new Random(5);
            int[] ends = Enumerable.Range(0, Rows).Select(_ => random.Next(0, 40)).ToArray();
            int[] data = Enumerable.Range(0, 40).Select(_ => random.Next(1, 1000)).ToArray();
            long[] serial = new long[Rows], parallel = new long[Rows], mutated = new long[Rows];
            InMemory.Call(s_built.Value, "L", "MovingIndex", ends, data, serial);
            InMemory.Call(s_built.Value, "L", "MovingIndexParallel", ends, data, parallel);
            Assert.Equal(serial, parallel);
            Assembly mutant = InMemory.BuildMutant(Source, "for (int k = 0; k < ends[j]; k++)", "for (int k = 0, __kg_x = ends[j]; k < __kg_x; k++)");
            InMemory.Call(mutant, "L", "MovingIndexParallel", ends, data, mutated);
            Assert.NotEqual(serial, mutated);
        }
    }

    /// <summary>
    /// Random offsets-table loops (a pair of bounds per PRange iteration, as CSR row pointers kept per row): bodies that
    /// read through an index array or not, call Math, and sometimes move their own limit (a write to the bounds, the
    /// limit's index variable moved), write another int array or the output. Each kernel must match its serial original
    /// (bitwise, exceptions included) at several thread counts, with the prefetch forced on; most must read their limit once.
    /// </summary>
    [Collection("PrefetchThreshold")]
    public class InvariantLimitRandomTests
    {
        private static readonly int Kernels = Harness.Scale.Count(full: 40, local: 20);

        private static readonly Lazy<(string Source, Assembly Assembly)> Built = new(() =>
        {
            var r = new Random(20261204);
            var text = new System.Text.StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class O\n{\n");
            for (int k = 0; k < Kernels; k++) text.Append(Kernel(k, r));
            text.Append("}\n");
            string source = text.ToString();
            return (source, InMemory.Build(source));
        });

        private static string TypeOf(int k) => (k % 3) switch { 0 => "double", 1 => "float", _ => "int" };

        private static string Kernel(int k, Random r)
        {
            string t = TypeOf(k);
            string Constant() => t == "int" ? r.Next(-5, 6).ToString() : t == "float" ? $"{r.Next(-8, 9) * 0.25:0.##}f" : $"{r.Next(-8, 9) * 0.125:0.###}";
            string read = r.Next(3) == 0 ? "vals[k]" : "vals[cols[k]]";
            bool moved = r.Next(4) == 0; // the limit's index is a variable the body may move
            string limit = moved ? "bnd[2 * j + 1]" : "bnd[2 * i + 1]";
            string prelude = moved ? "            int j = i;\n" : "";
            if (!moved && r.Next(5) == 0)
            {
                prelude += "            int end = bnd[2 * i + 1];\n";
                limit = "end";
            }
            var body = new System.Text.StringBuilder();
            for (int n = r.Next(1, 4); n > 0; n--)
            {
                switch (r.Next(moved ? 8 : 7))
                {
                    case 0: body.Append($"                if ({read} < {Constant()}) bnd[2 * i + 1] -= 1;\n"); break; // shortens its own row
                    case 1: body.Append("                if (k == bnd[2 * i]) bnd[2 * i + 1] += 1;\n"); break;       // or grows it by one
                    case 2: body.Append("                marks[i] += 1;\n"); break;                                   // an int array written
                    case 3: body.Append($"                outp[i] = outp[i] + {read};\n"); break;
                    case 4: body.Append($"                acc = acc + ({t})Math.Abs({read});\n"); break;
                    case 7: body.Append($"                if ({read} > {Constant()}) j = i + 1 < outp.Length ? i + 1 : i;\n"); break;
                    default: body.Append($"                acc = acc * {Constant()} + {read};\n"); break;
                }
            }
            string counter = r.Next(3) == 0 ? "var" : "int";
            return $$"""
                [ParallelKernel]
                public static void K{{k}}(int[] bnd, int[] cols, {{t}}[] vals, {{t}}[] outp, int[] marks)
                {
                    foreach (int i in PRange(outp.Length))
                    {
                        {{t}} acc = {{Constant()}};
            {{prelude}}            for ({{counter}} k = bnd[2 * i]; k < {{limit}}; k++)
                        {
            {{body}}            }
                        outp[i] = outp[i] + acc;
                    }
                }

            """;
        }

        [Fact]
        public void Most_random_offset_loops_read_their_limit_once()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Built.Value.Source, "O");
            int once = Enumerable.Range(0, Kernels).Count(k => InMemory.Section(generated("K" + k)).Contains("__kg_limit0", StringComparison.Ordinal));
            int moving = Enumerable.Range(0, Kernels).Count(k => InMemory.Section(generated("K" + k)).Contains("k < bnd[2 * ", StringComparison.Ordinal));
            Assert.True(once >= Kernels / 4, $"{once} of {Kernels} read their limit once");
            Assert.True(moving >= Kernels / 4, $"{moving} of {Kernels} read it at every test");
        }

        public static readonly TheoryData<int, int> Cases = new() { { 7, 2 }, { 300, 3 }, { 2000, 8 } };

        [Theory, MemberData(nameof(Cases))]
        public void Random_offset_loops_match_serial(int rows, int threads)
        {
            long before = KernelRuntime.PrefetchGatherAbove;
            try
            {
                KernelRuntime.PrefetchGatherAbove = 0;
                RuntimeSettings.With(threads, backoff: false, () =>
                {
                    var r = new Random(rows * 31 + threads);
                    for (int k = 0; k < Kernels; k++)
                    {
                        Type element = TypeOf(k) switch { "double" => typeof(double), "float" => typeof(float), _ => typeof(int) };
                        int length = 5 * rows + 8;
                        int[] bnd = new int[2 * rows];
                        for (int p = 0; p < rows; p++)
                        {
                            bnd[2 * p] = r.Next(0, 5 * rows + 1);
                            bnd[2 * p + 1] = bnd[2 * p] + r.Next(0, 7);
                        }
                        int[] cols = Enumerable.Range(0, length).Select(_ => r.Next(length)).ToArray();
                        Array vals = Array.CreateInstance(element, length), outp = Array.CreateInstance(element, rows);
                        for (int p = 0; p < length; p++)
                            vals.SetValue(Convert.ChangeType(element == typeof(int) ? r.Next(-20, 20) : Math.Round(r.NextDouble() * 8 - 4, 2), element), p);
                        Differential.Same(Built.Value.Assembly, "O", "K" + k, bnd, cols, vals, outp, new int[rows]);
                        // A row past the values: both sides throw (after the same rows, where the serial loop reaches it).
                        int[] far = (int[])bnd.Clone();
                        far[2 * (rows / 2)] = length + 3;
                        far[2 * (rows / 2) + 1] = length + 5;
                        Differential.Same(Built.Value.Assembly, "O", "K" + k, far, cols, vals, outp, new int[rows]);
                    }
                });
            }
            finally { KernelRuntime.PrefetchGatherAbove = before; }
        }
    }
}
