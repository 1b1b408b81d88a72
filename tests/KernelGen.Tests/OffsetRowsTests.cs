using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Range checks made once a chunk for the rows of an offsets table (Frontend/OffsetRows.cs): the inner loop
    /// <c>for (k = a[row]; k &lt; a[row + 1]; k++)</c> reads <c>values[k]</c> and <c>x[col[k]]</c> without checks where
    /// the chunk's check (KernelRuntime.RowsWithin, IndexesBelow) proves them in range, and with every check where it
    /// does not. The results and exceptions are the serial loop's on well-formed tables and on broken ones (a falling
    /// row, a column past x or negative, a row past the values, null arrays); loops the proof cannot cover keep their checks.
    /// </summary>
    [Collection("PrefetchThreshold")] // the kernels prefetch; tests elsewhere set the threshold
    public class OffsetRowsTests
    {
        // CSR y = A·x (SciMark 2's SparseCompRow.matmult, MathNet.Numerics' SparseCompressedRowMatrixStorage multiply),
        // a weighted graph pull with two gathers through one index array (gapbs pr.cc's pull step with edge weights),
        // integer row sums of a ragged array stored flat (Arrow-style list offsets), in our own words.
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class R
            {
                [ParallelKernel]
                public static void Csr(int[] rowPtr, int[] col, double[] values, double[] x, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                            sum += values[k] * x[col[k]];
                        y[row] = sum;
                    }
                }

                [ParallelKernel]
                public static void WeightedPull(int[] offsets, int[] from, float[] weight, float[] rank, float[] degree, float[] next)
                {
                    foreach (int v in PRange(next.Length))
                    {
                        float incoming = 0;
                        for (int e = offsets[v]; e < offsets[v + 1]; e++)
                        {
                            if (degree[from[e]] == 0) continue;
                            incoming += weight[e] * rank[from[e]] / degree[from[e]];
                        }
                        next[v] = 0.15f + 0.85f * incoming;
                    }
                }

                [ParallelKernel]
                public static void RaggedSums(int[] starts, int[] items, long[] sums)
                {
                    foreach (int r in PRange(sums.Length))
                    {
                        long total = 0;
                        for (var k = starts[r]; k < starts[r + 1]; ++k)
                            total += items[k];
                        sums[r] = total;
                    }
                }

                // Integer sums: the inner loop runs on vectors (which keep their own checks), so no copy.
                [ParallelKernel]
                public static void RaggedDot(int[] starts, int[] items, double[] weights, double[] sums)
                {
                    foreach (int r in PRange(sums.Length))
                    {
                        double total = 0;
                        for (int k = starts[r]; k < starts[r + 1]; k++)
                            total += weights[k] * items[k];
                        sums[r] = total;
                    }
                }

                // Not covered: an int array written in the body (it may be the offsets or the columns).
                [ParallelKernel]
                public static void CountsToo(int[] rowPtr, int[] col, double[] values, double[] x, double[] y, int[] counts)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                            sum += values[k] * x[col[k]];
                        y[row] = sum;
                        counts[row] = rowPtr[row + 1] - rowPtr[row];
                    }
                }

                // Not covered: the counter moves in the body (a skipped entry).
                [ParallelKernel]
                public static void Skipping(int[] rowPtr, double[] values, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                        {
                            if (values[k] < 0) k++;
                            else sum += values[k];
                        }
                        y[row] = sum;
                    }
                }

                // Not covered: a call the text does not show.
                [ParallelKernel]
                public static void Called(int[] rowPtr, double[] values, double[] y)
                {
                    foreach (int row in PRange(y.Length))
                    {
                        double sum = 0;
                        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                            sum += Twice(values[k]);
                        y[row] = sum;
                    }
                }

                private static double Twice(double v) => 2 * v;
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "R"));

        private static string Generated(string kernel) => InMemory.Section(s_generated.Value(kernel));

        [Fact]
        public void The_rows_reads_are_checked_once_a_chunk_and_the_report_says_so()
        {
            string csr = Generated("Csr");
            string note = csr.Split('\n').FirstOrDefault(l => l.Contains("note: range checks", StringComparison.Ordinal)) ?? "(none)";
            Assert.Equal("//     note: range checks: values[k], col[k] and x[col[k]] (inner loop, line 13) made once a chunk (when x[col[k]] is not prefetched): rowPtr rises over the chunk's rows and bounds them, and col's entries there index x; where not, the chunk runs with every check", note.TrimEnd());
            Assert.Contains("&& !global::KernelGen.KernelRuntime.PrefetchesGathers(x, col)", csr);
            // The copy runs without the prefetch (taken only where there is none); the loop as written keeps it.
            Assert.Contains("for (int k = rowPtr[row], __kg_limit0 = rowPtr[row + 1]; k < __kg_limit0; k++)", csr);
            Assert.Contains("__kg_limit0 = global::KernelGen.KernelRuntime.PrefetchGathers(x, col, k, rowPtr[row + 1])", csr);
            Assert.Contains("&& global::KernelGen.KernelRuntime.RowsWithin(rowPtr, __kg_first, __kg_last, global::System.Math.Min(values.Length, col.Length))", csr);
            Assert.Contains("&& global::KernelGen.KernelRuntime.IndexesBelow(col, rowPtr[__kg_first], rowPtr[__kg_last], x.Length))", csr);
            Assert.Contains("Unsafe.Add(ref __kg_at_x, global::System.Runtime.CompilerServices.Unsafe.Add(ref __kg_at_col, k))", csr);
            // The loop as written stays, for chunks whose check fails.
            Assert.Contains("sum += values[k] * x[col[k]];", csr);

            string pull = Generated("WeightedPull");
            Assert.Contains("IndexesBelow(from, offsets[__kg_first], offsets[__kg_last], rank.Length)", pull);
            Assert.Contains("IndexesBelow(from, offsets[__kg_first], offsets[__kg_last], degree.Length)", pull);
            Assert.Contains("RowsWithin(offsets, __kg_first, __kg_last, global::System.Math.Min(from.Length, weight.Length))", pull);
            Assert.Contains("RowsWithin(starts, __kg_first, __kg_last, global::System.Math.Min(weights.Length, items.Length))", Generated("RaggedDot"));
            // Where the inner loop runs on vectors, their path stays as it was.
            Assert.DoesNotContain("RowsWithin", Generated("RaggedSums"));
        }

        [Theory]
        [InlineData("CountsToo")]
        [InlineData("Skipping")]
        [InlineData("Called")]
        public void Loops_the_proof_cannot_cover_keep_every_check(string kernel)
        {
            string generated = Generated(kernel);
            Assert.DoesNotContain("RowsWithin", generated);
            Assert.DoesNotContain("range checks:", generated);
        }

        /// <summary>A well-formed table of <paramref name="rows"/> rows of 0-15 entries, columns below <paramref name="columns"/>.</summary>
        private static (int[] RowPtr, int[] Col) Table(int rows, int columns, Random random)
        {
            int[] rowPtr = new int[rows + 1];
            for (int r = 0; r < rows; r++) rowPtr[r + 1] = rowPtr[r] + random.Next(0, 16);
            int[] col = Enumerable.Range(0, rowPtr[rows]).Select(_ => random.Next(columns)).ToArray();
            return (rowPtr, col);
        }

        private static double[] Doubles(int n, Random random) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();

        public static readonly TheoryData<int, int> Sizes = new() { { 1, 2 }, { 300, 3 }, { 20_000, 2 }, { 20_000, 8 } };

        public static readonly TheoryData<int, int, bool> SizesAndPrefetch = new()
        {
            { 1, 2, false }, { 300, 3, false }, { 20_000, 2, false }, { 20_000, 8, false }, { 300, 3, true }, { 20_000, 2, true },
        };

        [Theory, MemberData(nameof(SizesAndPrefetch))]
        public void Well_formed_and_broken_tables_give_the_serial_results_and_exceptions(int rows, int threads, bool prefetch)
        {
            long before = KernelRuntime.PrefetchGatherAbove;
            try
            {
                // The prefetch on for any x (the loop as written runs) or off (the copy without checks runs where it may).
                KernelRuntime.PrefetchGatherAbove = prefetch ? 0 : long.MaxValue;
                SerialResultsAndExceptions(rows, threads);
            }
            finally { KernelRuntime.PrefetchGatherAbove = before; }
        }

        private static void SerialResultsAndExceptions(int rows, int threads)
        {
            RuntimeSettings.With(threads, backoff: false, () =>
            {
                var random = new Random(rows + threads);
                (int[] rowPtr, int[] col) = Table(rows, rows + 5, random);
                double[] values = Doubles(col.Length, random), x = Doubles(rows + 5, random);
                void Same(int[] p, int[] c, double[]? v, double[]? xs) => Differential.Same(s_built.Value, "R", "Csr", p, c, v!, xs!, new double[rows]);
                Same(rowPtr, col, values, x);
                int middle = rows / 2;
                // A falling row with nothing in it (the serial loop skips it): the chunk's check fails, the checked copy runs.
                int[] falling = (int[])rowPtr.Clone();
                falling[middle + 1] = falling[middle] - 1;
                if (middle + 2 <= rows) falling[middle + 1] = Math.Max(0, Math.Min(falling[middle + 1], falling[middle + 2]));
                Same(falling, col, values, x);
                // A row that runs past the values after a fall (the check that the table rises is what catches it).
                int[] past = (int[])rowPtr.Clone();
                past[middle + 1] = col.Length + 7;
                Same(past, col, values, x);
                // A column past x, and a negative one.
                if (col.Length > 0)
                {
                    int[] wide = (int[])col.Clone();
                    wide[col.Length / 2] = x.Length;
                    Same(rowPtr, wide, values, x);
                    int[] negative = (int[])col.Clone();
                    negative[col.Length / 3] = -1;
                    Same(rowPtr, negative, values, x);
                    // Values one short of the last row.
                    Same(rowPtr, col, values[..^1], x);
                }
                // Null arrays: thrown where the serial loop throws (or not at all where it reads none).
                Same(rowPtr, col, null, x);
                Same(rowPtr, col, values, null);
                // A table one short: the last row's limit cannot be read.
                Same(rowPtr[..^1], col, values, x);
            });
        }

        [Fact]
        public void The_copy_without_checks_is_what_runs_on_a_well_formed_table()
        {
            // A mutant whose copy subtracts instead of adds: another result, so the copy is the code that ran.
            const int Rows = 5_000;
            var random = new Random(3);
            (int[] rowPtr, int[] col) = Table(Rows, Rows, random);
            double[] values = Doubles(col.Length, random), x = Doubles(Rows, random);
            double[] serial = new double[Rows], mutated = new double[Rows];
            InMemory.Call(s_built.Value, "R", "Csr", rowPtr, col, values, x, serial);
            Assembly mutant = InMemory.BuildMutant(Source, "sum += global::System.Runtime.CompilerServices.Unsafe.Add(", "sum -= global::System.Runtime.CompilerServices.Unsafe.Add(");
            long before = KernelRuntime.PrefetchGatherAbove;
            try
            {
                KernelRuntime.PrefetchGatherAbove = long.MaxValue;
                InMemory.Call(mutant, "R", "CsrParallel", rowPtr, col, values, x, mutated);
            }
            finally { KernelRuntime.PrefetchGatherAbove = before; }
            Assert.NotEqual(serial, mutated);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Two_gathers_and_integer_rows_give_the_serial_results(int rows, int threads)
        {
            RuntimeSettings.With(threads, backoff: false, () =>
            {
                var random = new Random(7 * rows + threads);
                (int[] offsets, int[] from) = Table(rows, rows, random);
                float[] weight = from.Select(_ => (float)random.NextDouble()).ToArray();
                float[] rank = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble()).ToArray();
                float[] degree = Enumerable.Range(0, rows).Select(_ => (float)random.Next(0, 4)).ToArray();
                Differential.Same(s_built.Value, "R", "WeightedPull", offsets, from, weight, rank, degree, new float[rows]);
                // One degree short: the second gather's check fails in the last rows' chunk.
                Differential.Same(s_built.Value, "R", "WeightedPull", offsets, from, weight, rank, degree[..^1], new float[rows]);
                int[] items = from.Select(f => f - rows / 2).ToArray();
                Differential.Same(s_built.Value, "R", "RaggedSums", offsets, items, new long[rows]);
                Differential.Same(s_built.Value, "R", "RaggedDot", offsets, items, weight.Select(w => (double)w).ToArray(), new double[rows]);
                Differential.Same(s_built.Value, "R", "RaggedDot", offsets, items, weight.Select(w => (double)w).ToArray()[..^1], new double[rows]);
            });
        }

        /// <summary>The helpers against their definitions, on tables around a vector's width with falls and stray entries.</summary>
        [Fact]
        public void RowsWithin_and_IndexesBelow_agree_with_their_definitions()
        {
            var random = new Random(11);
            for (int trial = 0; trial < 4000; trial++)
            {
                int n = random.Next(0, 40);
                int[] table = new int[n];
                for (int i = 1; i < n; i++) table[i] = table[i - 1] + random.Next(0, 4);
                if (n > 0 && random.Next(3) == 0) table[random.Next(n)] += random.Next(-6, 3); // a fall, or below 0
                int first = random.Next(-1, n + 1), last = random.Next(-1, n + 1), length = random.Next(-1, 3 * n + 2);
                bool expected = first >= 0 && first <= last && last < n && table[first] >= 0 && table[last] <= length
                    && Enumerable.Range(first, Math.Max(0, last - first)).All(i => table[i] <= table[i + 1]);
                Assert.Equal(expected, KernelRuntime.RowsWithin(table, first, last, length));

                int from = random.Next(-1, n + 1), to = random.Next(-1, n + 1), bound = random.Next(-1, 3 * n + 2);
                bool below = from == to || from >= 0 && from <= to && to <= n && bound > 0
                    && Enumerable.Range(from, to - from).All(i => table[i] >= 0 && table[i] < bound);
                Assert.Equal(below, KernelRuntime.IndexesBelow(table, from, to, bound));
            }
            Assert.False(KernelRuntime.RowsWithin(null, 0, 0, 5));
            Assert.False(KernelRuntime.IndexesBelow(null, 0, 1, 5));
            Assert.True(KernelRuntime.IndexesBelow(null, 3, 3, 5)); // an empty slice reads nothing
        }
    }
}

namespace KernelGen.Tests
{
    /// <summary>
    /// Random offsets-table loops over rows <c>ptr[i] .. ptr[i + 1]</c>: bodies that read <c>vals[k]</c> and gather
    /// <c>vals[cols[k]]</c> and <c>w[cols[k]]</c>, skip and stop early, and sometimes write an int array (no copy then).
    /// Each must match its serial original (bitwise, exceptions included) on well-formed tables and on broken ones (a
    /// falling row, an entry past the gathered array or negative, values one short), at several thread counts; most
    /// must run their rows from the copy without checks.
    /// </summary>
    [Collection("PrefetchThreshold")]
    public class OffsetRowsRandomTests
    {
        private static readonly int Kernels = Harness.Scale.Count(full: 40, local: 20);

        private static readonly Lazy<(string Source, System.Reflection.Assembly Assembly)> Built = new(() =>
        {
            var r = new Random(20261205);
            var text = new System.Text.StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class Q\n{\n");
            for (int k = 0; k < Kernels; k++) text.Append(Kernel(k, r));
            text.Append("}\n");
            string source = text.ToString();
            return (source, KernelGen.Tests.Harness.InMemory.Build(source));
        });

        private static string TypeOf(int k) => (k % 3) switch { 0 => "double", 1 => "float", _ => "int" };

        private static string Kernel(int k, Random r)
        {
            string t = TypeOf(k);
            string Constant() => t == "int" ? r.Next(-5, 6).ToString() : t == "float" ? $"{r.Next(-8, 9) * 0.25:0.##}f" : $"{r.Next(-8, 9) * 0.125:0.###}";
            string Read() => r.Next(3) switch { 0 => "vals[k]", 1 => "vals[cols[k]]", _ => "w[cols[k]]" };
            var body = new System.Text.StringBuilder();
            for (int n = r.Next(1, 4); n > 0; n--)
            {
                switch (r.Next(8))
                {
                    case 0: body.Append($"                if ({Read()} < {Constant()}) continue;\n"); break;
                    case 1: body.Append($"                if ({Read()} > {Constant()}) break;\n"); break;
                    case 2: body.Append("                marks[i] += 1;\n"); break; // an int array written: the loop keeps its checks
                    case 3: body.Append($"                outp[i] = outp[i] + {Read()};\n"); break;
                    case 4: body.Append($"                acc = acc + ({t})Math.Abs({Read()} - {Read()});\n"); break;
                    default: body.Append($"                acc = acc * {Constant()} + {Read()};\n"); break;
                }
            }
            string counter = r.Next(3) == 0 ? "var" : "int";
            string step = r.Next(3) == 0 ? "++k" : "k++";
            return $$"""
                [ParallelKernel]
                public static void K{{k}}(int[] ptr, int[] cols, {{t}}[] vals, {{t}}[] w, {{t}}[] outp, int[] marks)
                {
                    foreach (int i in PRange(outp.Length))
                    {
                        {{t}} acc = {{Constant()}};
                        for ({{counter}} k = ptr[i]; k < ptr[i + 1]; {{step}})
                        {
            {{body}}            }
                        outp[i] = outp[i] + acc;
                    }
                }

            """;
        }

        [Fact]
        public void Most_random_row_loops_run_from_the_copy_without_checks()
        {
            Func<string, string> generated = KernelGen.Tests.Harness.InMemory.GeneratedFrom(Built.Value.Source, "Q");
            int copied = Enumerable.Range(0, Kernels).Count(k => KernelGen.Tests.Harness.InMemory.Section(generated("K" + k)).Contains("RowsWithin(ptr", StringComparison.Ordinal));
            int written = Enumerable.Range(0, Kernels).Count(k => KernelGen.Tests.Harness.InMemory.Section(generated("K" + k)).Contains("marks[i] += 1", StringComparison.Ordinal));
            Assert.True(copied >= Kernels / 3, $"{copied} of {Kernels} run a copy");
            Assert.True(copied <= Kernels - written, $"{copied} copies, {written} kernels write an int array");
        }

        public static readonly TheoryData<int, int> Cases = new() { { 7, 2 }, { 300, 3 }, { 1500, 8 } };

        [Theory, MemberData(nameof(Cases))]
        public void Random_row_loops_match_serial_on_well_formed_and_broken_tables(int rows, int threads)
        {
            long before = KernelRuntime.PrefetchGatherAbove;
            try
            {
                KernelRuntime.PrefetchGatherAbove = long.MaxValue; // no prefetch: the copies run where their checks hold
                KernelGen.Tests.Harness.RuntimeSettings.With(threads, backoff: false, () =>
                {
                    var r = new Random(rows * 37 + threads);
                    for (int k = 0; k < Kernels; k++)
                    {
                        Type element = TypeOf(k) switch { "double" => typeof(double), "float" => typeof(float), _ => typeof(int) };
                        int[] ptr = new int[rows + 1];
                        for (int p = 0; p < rows; p++) ptr[p + 1] = ptr[p] + r.Next(0, 9);
                        int length = ptr[rows], width = rows + 3;
                        int[] cols = Enumerable.Range(0, length).Select(_ => r.Next(width)).ToArray();
                        Array vals = Values(element, Math.Max(length, width), r), w = Values(element, width, r);
                        void Same(int[] p, int[] c, Array v, Array ws) =>
                            KernelGen.Tests.Harness.Differential.Same(Built.Value.Assembly, "Q", "K" + k, p, c, v, ws, Array.CreateInstance(element, rows), new int[rows]);
                        Same(ptr, cols, vals, w);
                        int middle = rows / 2;
                        int[] falling = (int[])ptr.Clone();
                        falling[middle + 1] = Math.Max(0, falling[middle] - 2);
                        Same(falling, cols, vals, w);
                        if (length == 0) continue;
                        int[] stray = (int[])cols.Clone();
                        stray[r.Next(length)] = r.Next(2) == 0 ? -1 : width + r.Next(3);
                        Same(ptr, stray, vals, w);
                        Array shortVals = Array.CreateInstance(element, length - 1);
                        Array.Copy(vals, shortVals, length - 1);
                        Same(ptr, cols, shortVals, w);
                    }
                });
            }
            finally { KernelRuntime.PrefetchGatherAbove = before; }
        }

        private static Array Values(Type element, int n, Random r)
        {
            Array values = Array.CreateInstance(element, n);
            for (int p = 0; p < n; p++)
                values.SetValue(Convert.ChangeType(element == typeof(int) ? r.Next(-20, 20) : Math.Round(r.NextDouble() * 8 - 4, 2), element), p);
            return values;
        }
    }
}
