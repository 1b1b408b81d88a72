using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Tests.RealWorld
{
    /// <summary>
    /// PRange loops shaped like public C# <c>Parallel.For</c> / <c>Parallel.ForEach</c> bodies and numba <c>prange</c>
    /// loops, labelled for the effect model (issue 10): what a loop body touches besides array elements and plain
    /// locals — static fields, fields of objects passed in, helpers that write statics, delegates, jagged rows that may
    /// be the same array, collections, shared <see cref="Random"/>, Interlocked counters, ref parameters.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every kernel was written anew from the shape of the cited loop (what it reads, writes and calls); none is a copy.
    /// Each case is a whole compilation unit: <see cref="Prelude"/>, then a comment citing the source, then a
    /// <c>public static partial class K</c> with one <c>[ParallelKernel] Run</c> method holding exactly one PRange loop,
    /// the helpers and types it uses, and — for benign cases — <c>public static object?[] Args()</c>, which builds
    /// realistic, deterministic inputs (and sets static fields the kernel reads).
    /// </para>
    /// <para>
    /// Racy: some execution order of the iterations changes the result (a field, collection or random stream
    /// written by several iterations, a delegate whose effects cannot be seen, jagged rows that may be the same array,
    /// an Interlocked return value used as a slot). The loop must stay serial with a KG1xxx/KG2xxx diagnostic.
    /// Benign: every order gives the serial result (atomic counters read only after the loop, pure helpers, Math,
    /// reads of tables and objects, objects created inside the iteration, KernelGen reductions). The parallel version
    /// must equal the serial one; <see cref="Case.MustStayParallel"/> ones must also stay parallel (KG3001), because
    /// the effect model must not raise false alarms on them.
    /// </para>
    /// </remarks>
    public static class EffectCorpus
    {
        public enum Label { Racy, Benign }

        /// <param name="Name">Identifier of the case.</param>
        /// <param name="Label">Racy or Benign (see the class remarks).</param>
        /// <param name="Citation">The public code or issue the loop's shape comes from.</param>
        /// <param name="Effect">What the loop body touches besides its own array elements and locals.</param>
        /// <param name="Code">The kernel class (and helper types), without <see cref="Prelude"/>.</param>
        /// <param name="MustStayParallel">Benign and of a kind the effect model must keep parallel (KG3001).</param>
        public sealed record Case(string Name, Label Label, string Citation, string Effect, string Code, bool MustStayParallel = false)
        {
            public bool Racy => Label == Label.Racy;

            /// <summary>The compilation unit: prelude, citation comment above the kernel, code.</summary>
            public string Source => Prelude + "// Source: " + Citation + "\n// Effect: " + Effect + "\n" + Code;
        }

        public const string Prelude = @"using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using KernelGen;
using static KernelGen.Kernel;

";

        public static Case Get(string name) => Cases.Single(c => c.Name == name);

        public static readonly IReadOnlyList<Case> Cases = new[]
        {
            // ───────────────────────────── Racy ─────────────────────────────

            new Case("static_counter_increment", Label.Racy,
                "https://harshitsinghal13.github.io/blogs/concurrency-bug.html (totalSuccess++ in Parallel.ForEach); bernarda22/RAUPJC_DrugaDZ DrugaDz/SestiZadatak/Program.cs",
                "static int field read-modify-written (s_succeeded++) by every iteration whose record succeeds",
                """
                public static partial class K
                {
                    public static int s_succeeded;

                    static bool Process(double record) => record > 0.25 && record < 0.9;

                    [ParallelKernel]
                    public static void Run(double[] records, bool[] ok)
                    {
                        foreach (int i in PRange(records.Length))
                        {
                            ok[i] = Process(records[i]);
                            if (ok[i]) s_succeeded++;
                        }
                    }
                }
                """),

            new Case("static_double_sum_under_lock", Label.Racy,
                "tkostik91/CSharp_Course2 Integral/Program.cs; Shipastic/Specialist ThreadsLaboratories/Lab_6/Program.cs (lock(s) summa += piece)",
                "static double field updated under a lock: the pieces are added in completion order, and floating-point addition is not associative",
                """
                public static partial class K
                {
                    static readonly object s_gate = new object();
                    public static double s_integral;

                    static double Midpoint(double from, double to, int steps)
                    {
                        double width = (to - from) / steps, area = 0;
                        for (int k = 0; k < steps; k++)
                            area += Math.Sin(from + (k + 0.5) * width) * width;
                        return area;
                    }

                    [ParallelKernel]
                    public static void Run(double a, double b, int pieces, int steps)
                    {
                        double w = (b - a) / pieces;
                        foreach (int p in PRange(pieces))
                        {
                            double piece = Midpoint(a + p * w, a + (p + 1) * w, steps);
                            lock (s_gate) s_integral += piece;
                        }
                    }
                }
                """),

            new Case("delegate_integrand_sum", Label.Racy,
                "DonMarat/laba1 WpfApp12132/Classes/Calculatetrap.cs (sum += func(i * h + lower) in Parallel.For)",
                "calls a Func<double, double> passed in: its effects cannot be seen (the local sum itself is a reduction)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static double Run(Func<double, double> f, double lower, double upper, int count)
                    {
                        double h = (upper - lower) / count;
                        double sum = 0;
                        foreach (int i in PRange(count))
                            sum += f(lower + i * h);
                        return h * ((f(lower) + f(upper)) / 2 + sum);
                    }
                }
                """),

            new Case("delegate_pixel_effect", Label.Racy,
                "Skymile/KoloBiometrii-Picture PicturesApp/BitmapExtension_CSharp6.cs (ApplyEffect: ptr[offset] = byteEffect(ptr[offset]) per row in Parallel.For)",
                "calls a Func<byte, byte> passed in for every byte: what the delegate touches cannot be seen",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] pixels, int height, int stride, Func<byte, byte> effect)
                    {
                        foreach (int y in PRange(height))
                        {
                            int start = y * stride;
                            for (int x = 0; x < stride; x++)
                                pixels[start + x] = effect(pixels[start + x]);
                        }
                    }
                }
                """),

            new Case("shared_random_monte_carlo", Label.Racy,
                "https://github.com/numba/numba/issues/4452 (np.random in prange); tsturm/sandstorm Sandstorm/Sandstorm/Sandstorm/ParticleSystem/structs/LinearEmiter.cs (getRandomFloat inside Parallel.For)",
                "every iteration advances one shared, seeded System.Random: which numbers an iteration draws depends on the order (and Random is not thread-safe)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(Random rng, bool[] inside)
                    {
                        foreach (int i in PRange(inside.Length))
                        {
                            double x = rng.NextDouble();
                            double y = rng.NextDouble();
                            inside[i] = x * x + y * y <= 1.0;
                        }
                    }
                }
                """),

            new Case("static_random_in_helper", Label.Racy,
                "kriss3/WinWebAppStockAnalyzer StockAnalyzer.AdvancedTopics/Program.cs (Compute(i) draws from a static Random inside Parallel.For)",
                "the helper Compute writes the state of a static Random; each result depends on how many draws came before it",
                """
                public static partial class K
                {
                    static Random s_random = new Random(1234);

                    static decimal Compute(int value)
                    {
                        int jitter = s_random.Next(10, 50);
                        return value + jitter / 100m;
                    }

                    [ParallelKernel]
                    public static void Run(decimal[] results)
                    {
                        foreach (int i in PRange(results.Length))
                            results[i] = Compute(i);
                    }
                }
                """),

            new Case("list_add_shared", Label.Racy,
                "iz47677/2.-domaca-zadaca TodoItem/ThreadConsole/Program.cs (results.Add(i * i) in Parallel.For, here without its lock); https://github.com/numba/numba/issues/6433",
                "List<int>.Add on one list passed in: List is not thread-safe, and its order would follow completion order",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(List<int> results, int n)
                    {
                        foreach (int i in PRange(n))
                            results.Add(i * i);
                    }
                }
                """),

            new Case("list_add_under_lock", Label.Racy,
                "guligit/RAUPJC-DZ2 MultiThreading/Program.cs (lock (_lock) results.Add(i * i) in Parallel.For)",
                "List<int>.Add under a static lock: no corruption, but the list's order follows completion order",
                """
                public static partial class K
                {
                    static readonly object s_lock = new object();

                    [ParallelKernel]
                    public static void Run(List<int> results, int n)
                    {
                        foreach (int i in PRange(n))
                        {
                            lock (s_lock)
                            {
                                results.Add(i * i);
                            }
                        }
                    }
                }
                """),

            new Case("static_dictionary_word_count", Label.Racy,
                "Quaqmre/txt-read-golang-dotnetcore cSharpTxtRead/Program.cs (static Dictionary totalWords updated per word in Parallel.ForEach, here without its lock)",
                "TryGetValue / indexer set on a static Dictionary<string, int>: concurrent writes corrupt it and lose counts",
                """
                public static partial class K
                {
                    public static Dictionary<string, int> s_totalWords = new Dictionary<string, int>();

                    [ParallelKernel]
                    public static void Run(string[] words)
                    {
                        foreach (int i in PRange(words.Length))
                        {
                            string word = words[i];
                            if (s_totalWords.TryGetValue(word, out int seen))
                                s_totalWords[word] = seen + 1;
                            else
                                s_totalWords[word] = 1;
                        }
                    }
                }
                """),

            new Case("interlocked_slot_compaction", Label.Racy,
                "PowerfulSpace/Test_workshop src/Test_workshop/Test_Abstract/Program.cs (var localCnt = Interlocked.Increment(ref cnt) used as a value); https://github.com/numba/numba/issues/5108 (res_count as the output row)",
                "the value returned by Interlocked.Increment on a static counter picks the output slot: which hit lands in which slot depends on the order",
                """
                public static partial class K
                {
                    public static int s_count;

                    [ParallelKernel]
                    public static void Run(double[] distance, double threshold, int[] hitIndex, double[] hitDistance)
                    {
                        foreach (int i in PRange(distance.Length))
                        {
                            if (distance[i] < threshold)
                            {
                                int slot = Interlocked.Increment(ref s_count) - 1;
                                hitIndex[slot] = i;
                                hitDistance[slot] = distance[i];
                            }
                        }
                    }
                }
                """),

            new Case("ticket_from_static_helper", Label.Racy,
                "shendongnian/code code7/1318771-35503573-0.cs (DoSomething takes myCounter = parallelCounter++ under a lock on a static counter)",
                "a helper hands out tickets from a static counter under a lock; the ticket an iteration gets depends on the order",
                """
                public static partial class K
                {
                    static int s_parallelCounter;
                    static readonly object s_counterLock = new object();

                    static int TakeTicket()
                    {
                        lock (s_counterLock)
                        {
                            return s_parallelCounter++;
                        }
                    }

                    [ParallelKernel]
                    public static void Run(int[] ticketOf)
                    {
                        foreach (int i in PRange(ticketOf.Length))
                            ticketOf[i] = TakeTicket();
                    }
                }
                """),

            new Case("instance_property_increment", Label.Racy,
                "novice81/sample-multi-thread-dotnet SampleMultiThread/JobMultiThreadParallelFor.cs (++Result on an auto-property inside Parallel.For)",
                "++job.Result: an auto-property (instance field) of an object passed in, read-modify-written by every iteration",
                """
                public sealed class Job
                {
                    public long Result { get; set; }
                }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(Job job, int loopCount)
                    {
                        foreach (int i in PRange(loopCount))
                            ++job.Result;
                    }
                }
                """),

            new Case("shared_list_wrapper_method", Label.Racy,
                "tsturm/sandstorm Sandstorm/Sandstorm/Sandstorm/ParticleSystem/structs/LinearEmiter.cs (emit: _sharedlist.addParticle(p) inside Parallel.For)",
                "calls an instance method of a user object passed in that adds to its private List field; each particle is created inside the iteration",
                """
                public sealed class Particle
                {
                    public float X, Y, Vx, Vy, Life;
                }

                public sealed class SharedList
                {
                    private readonly List<Particle> _particles = new List<Particle>();
                    public int Count => _particles.Count;
                    public void AddParticle(Particle p) => _particles.Add(p);
                }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] spawnX, float[] spawnY, SharedList shared)
                    {
                        foreach (int i in PRange(spawnX.Length))
                        {
                            var p = new Particle { X = spawnX[i], Y = spawnY[i], Vy = 0.1f, Life = 1f };
                            shared.AddParticle(p);
                        }
                    }
                }
                """),

            new Case("gauss_rows_below_pivot", Label.Racy,
                "fuz1kort/ITIS1.1-1.2 myrep/Gauss/GaussParallelFor.cs (Parallel.For over pivot rows; each iteration updates every row below it)",
                "iteration j writes the jagged rows k > j through a private reference (var target = matrix[k]) and the vector entries k > j: rows written by many iterations",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[][] matrix, double[] rhs)
                    {
                        int n = matrix.Length, width = matrix[0].Length;
                        foreach (int j in PRange(n))
                        {
                            double[] pivotRow = matrix[j];
                            double scale = 1.0 / pivotRow[j];
                            for (int c = j; c < width; c++) pivotRow[c] *= scale;
                            rhs[j] *= scale;
                            for (int k = j + 1; k < n; k++)
                            {
                                double[] target = matrix[k];
                                double m = target[j];
                                for (int c = j; c < width; c++) target[c] -= m * pivotRow[c];
                                rhs[k] -= m * rhs[j];
                            }
                        }
                    }
                }
                """),

            new Case("jagged_rows_may_alias", Label.Benign,
                "Alebarda410/LifeGame Program.cs (jagged currentGen/nextGen rows, Parallel.For over rows); https://msdn.microsoft.com/en-US/library/system.array.clone(v=vs.110).aspx (Clone of a jagged array is shallow: rows shared)",
                "writes next[i][j] from cur[i - 1] and cur[i + 1]; here next = (double[][])cur.Clone() shares every row with cur, so iteration i writes a row iterations i ± 1 read. Racy as run in parallel; the launch check (KernelRuntime.RowsDistinct / RowsDisjoint) sees the shared rows and runs the serial loop, so the result must equal serial",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[][] cur, double[][] next)
                    {
                        foreach (int i in PRange(1, cur.Length - 1))
                        {
                            for (int j = 0; j < next[i].Length; j++)
                                next[i][j] = 0.5 * (cur[i - 1][j] + cur[i + 1][j]);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(21);
                        var cur = new double[400][];
                        for (int r = 0; r < cur.Length; r++)
                        {
                            cur[r] = new double[64];
                            for (int c = 0; c < 64; c++) cur[r][c] = random.NextDouble();
                        }
                        return new object?[] { cur, (double[][])cur.Clone() };
                    }
                }
                """),

            new Case("kmeans_centroid_sums_jagged", Label.Racy,
                "halidziya/PPCG UncollapsedSampler/Algorithms.h (KmeansTask: shared sums/counts per cluster); https://github.com/numba/numba/issues/3681",
                "sums[labels[i]][d] += x: jagged rows chosen by a label, the same row for many iterations (counts[labels[i]]++ alone would be a histogram)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[][] points, int[] labels, double[][] sums, int[] counts)
                    {
                        foreach (int i in PRange(points.Length))
                        {
                            int c = labels[i];
                            counts[c]++;
                            for (int d = 0; d < points[i].Length; d++)
                                sums[c][d] += points[i][d];
                        }
                    }
                }
                """),

            new Case("ref_helper_updates_static", Label.Racy,
                "arifahmed411/70-483 ThreadLocalVariable/Program.cs (a shared total updated through 'ref total' from a Parallel.For), here through a non-atomic user helper",
                "passes a static field by ref to a helper that does total += x: an unsynchronized read-modify-write of the static through a ref parameter",
                """
                public static partial class K
                {
                    public static long s_total;

                    static void Accumulate(ref long total, long x) => total += x;

                    [ParallelKernel]
                    public static void Run(int[] nums)
                    {
                        foreach (int j in PRange(nums.Length))
                            Accumulate(ref s_total, nums[j]);
                    }
                }
                """),

            new Case("ref_parameter_counter_value", Label.Racy,
                "https://github.com/numba/numba/issues/9829 (array[i] = max_scc + 1; max_scc += 1 inside prange)",
                "a ref parameter of the kernel is incremented and its value stored: labels depend on the order",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(uint[] labels, ref uint nextLabel)
                    {
                        foreach (int i in PRange(labels.Length))
                        {
                            if (labels[i] == uint.MaxValue)
                            {
                                labels[i] = nextLabel + 1;
                                nextLabel++;
                            }
                        }
                    }
                }
                """),

            new Case("stringbuilder_log", Label.Racy,
                "zrxpty/TrainingBrain TrainingBrain/Program.cs (Console.WriteLine per element inside Parallel.ForEach)",
                "appends to one StringBuilder passed in: not thread-safe, and the text follows completion order",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] items, StringBuilder log)
                    {
                        foreach (int i in PRange(items.Length))
                            log.Append(items[i]).Append(';');
                    }
                }
                """),

            new Case("static_property_progress", Label.Racy,
                "https://harshitsinghal13.github.io/blogs/concurrency-bug.html (progress totals written from the parallel workers)",
                "a static auto-property (LastCompleted = i) set by every iteration: the last writer wins",
                """
                public static partial class K
                {
                    public static int LastCompleted { get; private set; } = -1;

                    [ParallelKernel]
                    public static void Run(double[] input, double[] output)
                    {
                        foreach (int i in PRange(input.Length))
                        {
                            output[i] = Math.Sqrt(input[i]);
                            LastCompleted = i;
                        }
                    }
                }
                """),

            new Case("memo_static_dictionary", Label.Racy,
                "github/codeql csharp/ql/src/Concurrency/UnsynchronizedStaticAccess.qhelp (unsynchronized static Dictionary used as a cache)",
                "a helper memoizes in a 'static readonly' Dictionary: the reference is readonly, the dictionary is written by every iteration",
                """
                public static partial class K
                {
                    static readonly Dictionary<long, long> s_cache = new Dictionary<long, long>();

                    static long Steps(long n)
                    {
                        if (n == 1) return 0;
                        if (s_cache.TryGetValue(n, out long known)) return known;
                        long steps = 1 + Steps(n % 2 == 0 ? n / 2 : 3 * n + 1);
                        s_cache[n] = steps;
                        return steps;
                    }

                    [ParallelKernel]
                    public static void Run(long[] steps)
                    {
                        foreach (int i in PRange(1, steps.Length))
                            steps[i] = Steps(i);
                    }
                }
                """),

            // ───────────────────────────── Benign ─────────────────────────────

            new Case("interlocked_prime_count", Label.Benign,
                "Viniciusfernandes01/tips Tips/Program.cs (Parallel.For over numbers; if (IsPrime(n)) Interlocked.Increment(ref result))",
                "Interlocked.Increment on a local counter passed by ref, read only after the loop; a pure static helper",
                """
                public static partial class K
                {
                    static bool IsPrime(long number)
                    {
                        if (number < 2) return false;
                        if (number % 2 == 0) return number == 2;
                        for (long d = 3; d * d <= number; d += 2)
                            if (number % d == 0) return false;
                        return true;
                    }

                    [ParallelKernel]
                    public static long Run(long start, long end)
                    {
                        long result = 0;
                        foreach (long number in PRange(start, end))
                        {
                            if (IsPrime(number))
                                Interlocked.Increment(ref result);
                        }
                        return result;
                    }

                    public static object?[] Args() => new object?[] { 2L, 150_000L };
                }
                """, MustStayParallel: true),

            new Case("interlocked_add_static_total", Label.Benign,
                "wrager/pp5 Lab7/Program.cs (per-block count of points in the circle, then Interlocked.Add(ref includedPoints, threadIncludedPoints))",
                "Interlocked.Add on a static int field, read only after the loop",
                """
                public static partial class K
                {
                    public static int s_includedPoints;

                    [ParallelKernel]
                    public static void Run(double[] xs, double[] ys, int perBlock)
                    {
                        foreach (int block in PRange(xs.Length / perBlock))
                        {
                            int inside = 0;
                            for (int j = block * perBlock; j < (block + 1) * perBlock; j++)
                                if (xs[j] * xs[j] + ys[j] * ys[j] <= 1.0) inside++;
                            Interlocked.Add(ref s_includedPoints, inside);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(11);
                        int n = 64 * 400;
                        var xs = new double[n];
                        var ys = new double[n];
                        for (int k = 0; k < n; k++) { xs[k] = random.NextDouble(); ys[k] = random.NextDouble(); }
                        return new object?[] { xs, ys, 64 };
                    }
                }
                """, MustStayParallel: true),

            new Case("interlocked_histogram_bins", Label.Benign,
                "kiprinel05/PID-Laborator Algorithms/Utilities/Utils.cs (ComputeHistogram: ++histogram[pixel] per row in Parallel.For), made atomic with Interlocked.Increment(ref bins[b]) as image code does",
                "Interlocked.Increment(ref histogram[value]) on elements of an array passed in; counts read only after the loop",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] image, int width, int height, int[] histogram)
                    {
                        foreach (int y in PRange(height))
                        {
                            for (int x = 0; x < width; x++)
                                Interlocked.Increment(ref histogram[image[y * width + x]]);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(3);
                        int width = 320, height = 200;
                        var image = new byte[width * height];
                        random.NextBytes(image);
                        return new object?[] { image, width, height, new int[256] };
                    }
                }
                """, MustStayParallel: true),

            new Case("pure_helper_is_prime", Label.Benign,
                "seangnewman/Threading_in_CSharp PLINQI_Introducton/Program.cs (IsPrime applied to every number in parallel)",
                "calls a pure static helper (loops and Math.Sqrt only) and writes its own element",
                """
                public static partial class K
                {
                    static bool IsPrime(int x)
                    {
                        if (x < 2) return false;
                        if (x % 2 == 0) return x == 2;
                        int boundary = (int)Math.Floor(Math.Sqrt(x));
                        for (int d = 3; d <= boundary; d += 2)
                            if (x % d == 0) return false;
                        return true;
                    }

                    [ParallelKernel]
                    public static void Run(bool[] isPrime)
                    {
                        foreach (int i in PRange(isPrime.Length))
                            isPrime[i] = IsPrime(i);
                    }

                    public static object?[] Args() => new object?[] { new bool[100_000] };
                }
                """, MustStayParallel: true),

            new Case("math_sigmoid_layer", Label.Benign,
                "quangnle/NeuralNet NeuralNet/NNLayer.cs (UpdateOutput: z = bias + sum input[j] * weights[j, i]; output[i] = 1 / (1 + Math.Exp(-z)))",
                "Math.Exp; reads a weight matrix and the input; writes its own output neuron",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] input, double[,] weights, double bias, double[] output)
                    {
                        foreach (int i in PRange(output.Length))
                        {
                            double z = bias;
                            for (int j = 0; j < input.Length; j++)
                                z += input[j] * weights[j, i];
                            output[i] = 1.0 / (1.0 + Math.Exp(-z));
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(5);
                        int inputs = 200, neurons = 300;
                        var input = new double[inputs];
                        var weights = new double[inputs, neurons];
                        for (int j = 0; j < inputs; j++)
                        {
                            input[j] = random.NextDouble() * 2 - 1;
                            for (int i = 0; i < neurons; i++) weights[j, i] = (random.NextDouble() - 0.5) * 0.2;
                        }
                        return new object?[] { input, weights, 0.1, new double[neurons] };
                    }
                }
                """, MustStayParallel: true),

            new Case("static_readonly_gamma_table", Label.Benign,
                "ahotko/ImageProcessing ImageProcessing/ImageProcessing.Gamma.cs (gamma map looked up for every channel byte), the table kept in a static readonly array as imaging libraries do",
                "reads a static readonly byte[] lookup table (built once, never written afterwards)",
                """
                public static partial class K
                {
                    static readonly byte[] s_gamma = BuildGamma(0.5);

                    static byte[] BuildGamma(double gamma)
                    {
                        var table = new byte[256];
                        for (int v = 0; v < 256; v++)
                            table[v] = (byte)Math.Clamp(Math.Round(255.0 * Math.Pow(v / 255.0, 1.0 / gamma)), 0, 255);
                        return table;
                    }

                    [ParallelKernel]
                    public static void Run(byte[] pixels, int height, int stride)
                    {
                        foreach (int y in PRange(height))
                        {
                            int row = y * stride;
                            for (int x = 0; x < stride; x++)
                                pixels[row + x] = s_gamma[pixels[row + x]];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(8);
                        int height = 300, stride = 3 * 400;
                        var pixels = new byte[height * stride];
                        random.NextBytes(pixels);
                        return new object?[] { pixels, height, stride };
                    }
                }
                """, MustStayParallel: true),

            new Case("dictionary_gamma_map_read", Label.Benign,
                "ahotko/ImageProcessing ImageProcessing/ImageProcessing.Gamma.cs (Dictionary<int, byte> _gammaMap built before the pixel loop, only read in it)",
                "reads a Dictionary<int, byte> passed in (indexer get only); concurrent reads of a Dictionary are safe",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[] pixels, Dictionary<int, byte> gammaMap)
                    {
                        foreach (int i in PRange(pixels.Length))
                            pixels[i] = gammaMap[pixels[i]];
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(9);
                        var pixels = new byte[60_000];
                        random.NextBytes(pixels);
                        var map = new Dictionary<int, byte>();
                        for (int v = 0; v < 256; v++) map.Add(v, (byte)Math.Clamp(Math.Round(255.0 * Math.Exp(Math.Log(Math.Max(v, 1) / 255.0) / 0.5)), 0, 255));
                        return new object?[] { pixels, map };
                    }
                }
                """),

            new Case("kmeans_assign_pure_helper", Label.Benign,
                "rikace/Presentations ChooseConcurrenyModel/src/ChooseConcurrenyModel/K-Means.CSharp/KMeansPLinq.cs (getNearestCentroid(centroids, u) for every point in parallel)",
                "calls pure static helpers that only read jagged rows (points[i], every centroid row); writes its own label",
                """
                public static partial class K
                {
                    static double Dist(double[] u, double[] v)
                    {
                        double s = 0;
                        for (int k = 0; k < u.Length; k++) { double d = u[k] - v[k]; s += d * d; }
                        return s;
                    }

                    static int Nearest(double[][] centroids, double[] p)
                    {
                        int best = 0;
                        double bestDistance = Dist(centroids[0], p);
                        for (int c = 1; c < centroids.Length; c++)
                        {
                            double d = Dist(centroids[c], p);
                            if (d < bestDistance) { bestDistance = d; best = c; }
                        }
                        return best;
                    }

                    [ParallelKernel]
                    public static void Run(double[][] points, double[][] centroids, int[] labels)
                    {
                        foreach (int i in PRange(points.Length))
                            labels[i] = Nearest(centroids, points[i]);
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(12);
                        double[][] Rows(int count) { var rows = new double[count][]; for (int r = 0; r < count; r++) { rows[r] = new double[4]; for (int d = 0; d < 4; d++) rows[r][d] = random.NextDouble() * 10; } return rows; }
                        var points = Rows(3000);
                        var centroids = Rows(8);
                        return new object?[] { points, centroids, new int[points.Length] };
                    }
                }
                """, MustStayParallel: true),

            new Case("jagged_matmul_rows_read", Label.Benign,
                "ElenaShob/Example DataRaseParallel/Program.cs (MultiplyParallels: Parallel.For over rows of the product, s += m1[i, r] * m2[r, j]), with jagged inputs",
                "reads rows of two jagged matrices (never written); writes its own row of a flat result",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[][] a, double[][] b, double[] c, int n)
                    {
                        foreach (int i in PRange(n))
                        {
                            for (int j = 0; j < n; j++)
                            {
                                double s = 0;
                                for (int r = 0; r < n; r++)
                                    s += a[i][r] * b[r][j];
                                c[i * n + j] = s;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(13);
                        int n = 120;
                        double[][] M() { var m = new double[n][]; for (int r = 0; r < n; r++) { m[r] = new double[n]; for (int k = 0; k < n; k++) m[r][k] = random.Next(1, 5); } return m; }
                        return new object?[] { M(), M(), new double[n * n], n };
                    }
                }
                """, MustStayParallel: true),

            new Case("game_of_life_jagged", Label.Benign,
                "Alebarda410/LifeGame Program.cs (ParallelLife: Parallel.For over rows of currentGen, writing nextGen[i][j]; torus neighbours)",
                "reads neighbour rows of one jagged array, writes its own row of another (distinct row arrays, as the program builds them)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(byte[][] current, byte[][] next)
                    {
                        int rows = current.Length, cols = current[0].Length;
                        foreach (int i in PRange(rows))
                        {
                            for (int j = 0; j < cols; j++)
                            {
                                int alive = 0;
                                for (int di = -1; di <= 1; di++)
                                    for (int dj = -1; dj <= 1; dj++)
                                        if (di != 0 || dj != 0)
                                            alive += current[(i + di + rows) % rows][(j + dj + cols) % cols];
                                next[i][j] = (byte)(alive == 3 || (alive == 2 && current[i][j] == 1) ? 1 : 0);
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(14);
                        int rows = 120, cols = 90;
                        var current = new byte[rows][];
                        var next = new byte[rows][];
                        for (int r = 0; r < rows; r++)
                        {
                            current[r] = new byte[cols];
                            next[r] = new byte[cols];
                            for (int c = 0; c < cols; c++) current[r][c] = random.Next(1, 11) >= 6 ? (byte)1 : (byte)0;
                        }
                        return new object?[] { current, next };
                    }
                }
                """),

            new Case("random_per_iteration_seeded", Label.Benign,
                "jadenguy/DailyCodingProblemSolutions src/Common/000-020/Solution14.cs (Parallel.For: var randP = new Random(seeds[a]); inCircleCount[a]++)",
                "creates a System.Random inside the iteration from a per-iteration seed and calls its methods; writes its own element",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(int[] seeds, int steps, int[] inCircle)
                    {
                        foreach (int a in PRange(seeds.Length))
                        {
                            var rng = new Random(seeds[a]);
                            for (int s = 0; s < steps; s++)
                            {
                                double x = rng.NextDouble(), y = rng.NextDouble();
                                if (x * x + y * y < 1) inCircle[a]++;
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(15);
                        var seeds = new int[64];
                        for (int k = 0; k < seeds.Length; k++) seeds[k] = random.Next();
                        return new object?[] { seeds, 2000, new int[seeds.Length] };
                    }
                }
                """),

            new Case("nbody_body_objects", Label.Benign,
                "hanabi1224/Programming-Language-Benchmarks bench/algorithm/nbody/8.cs (class Body with public x, y, vx, vy, mass fields), force step parallel over bodies as in Parallel.For(0, bodies.Length, i => bodies[i].CalcForce(bodies[j]))",
                "writes fields (Ax, Ay) of its own Body object, reads position fields of every Body (never written in the loop); distinct objects",
                """
                public sealed class Body
                {
                    public double X, Y, Vx, Vy, Ax, Ay, Mass;
                }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(Body[] bodies, double softening)
                    {
                        foreach (int i in PRange(bodies.Length))
                        {
                            Body self = bodies[i];
                            double ax = 0, ay = 0;
                            for (int j = 0; j < bodies.Length; j++)
                            {
                                if (j == i) continue;
                                Body other = bodies[j];
                                double dx = other.X - self.X, dy = other.Y - self.Y;
                                double d2 = dx * dx + dy * dy + softening;
                                double f = other.Mass / (d2 * Math.Sqrt(d2));
                                ax += dx * f;
                                ay += dy * f;
                            }
                            self.Ax = ax;
                            self.Ay = ay;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(16);
                        var bodies = new Body[400];
                        for (int k = 0; k < bodies.Length; k++)
                            bodies[k] = new Body { X = random.NextDouble() * 100, Y = random.NextDouble() * 100, Vx = random.NextDouble(), Vy = random.NextDouble(), Mass = 1 + random.NextDouble() };
                        return new object?[] { bodies, 0.01 };
                    }
                }
                """),

            new Case("struct_particles_external_forces", Label.Benign,
                "Zeyt8/Gas-Sim Assets/Scripts/Jobs/ExternalForcesJob.cs (IJobParallelFor: particle = Particles[index]; velocity += force.GetAcceleration(particle) * dt; Particles[index] = particle)",
                "copies its own struct element, calls pure methods of readonly structs read from a shared array, stores the element back",
                """
                public struct Particle
                {
                    public double X, Y, Vx, Vy, PredictedX, PredictedY;
                }

                public readonly struct ForceEmitter
                {
                    public readonly double Cx, Cy, Strength;
                    public ForceEmitter(double cx, double cy, double strength) { Cx = cx; Cy = cy; Strength = strength; }
                    public double AccelerationX(double x, double y) => Strength * (Cx - x) / (1 + (Cx - x) * (Cx - x) + (Cy - y) * (Cy - y));
                    public double AccelerationY(double x, double y) => Strength * (Cy - y) / (1 + (Cx - x) * (Cx - x) + (Cy - y) * (Cy - y));
                }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(Particle[] particles, ForceEmitter[] forces, double dt)
                    {
                        foreach (int i in PRange(particles.Length))
                        {
                            Particle p = particles[i];
                            for (int f = 0; f < forces.Length; f++)
                            {
                                p.Vx += forces[f].AccelerationX(p.X, p.Y) * dt;
                                p.Vy += forces[f].AccelerationY(p.X, p.Y) * dt;
                            }
                            p.PredictedX = p.X + p.Vx * dt;
                            p.PredictedY = p.Y + p.Vy * dt;
                            particles[i] = p;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(17);
                        var particles = new Particle[5000];
                        for (int k = 0; k < particles.Length; k++)
                            particles[k] = new Particle { X = random.NextDouble() * 10, Y = random.NextDouble() * 10, Vx = random.NextDouble() - 0.5, Vy = random.NextDouble() - 0.5 };
                        var forces = new[] { new ForceEmitter(2, 2, 1.5), new ForceEmitter(8, 3, -0.5), new ForceEmitter(5, 9, 0.8), new ForceEmitter(1, 7, 0.3) };
                        return new object?[] { particles, forces, 0.01 };
                    }
                }
                """, MustStayParallel: true),

            new Case("concurrent_dictionary_letter_count", Label.Benign,
                "krnets/exercism-csharp parallel-letter-frequency/ParallelLetterFrequency.cs (map.AddOrUpdate(c, 1, (_, i) => i + 1) in Parallel.ForEach over texts)",
                "ConcurrentDictionary.AddOrUpdate with an update lambda declared in the loop: atomic, commutative counts",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(string[] texts, ConcurrentDictionary<char, int> map)
                    {
                        foreach (int t in PRange(texts.Length))
                        {
                            foreach (char ch in texts[t])
                                if (char.IsLetter(ch))
                                    map.AddOrUpdate(char.ToLowerInvariant(ch), 1, (_, old) => old + 1);
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(18);
                        var texts = new string[300];
                        for (int k = 0; k < texts.Length; k++)
                        {
                            var chars = new char[random.Next(20, 80)];
                            for (int c = 0; c < chars.Length; c++) chars[c] = random.Next(6) == 0 ? ' ' : (char)((random.Next(2) == 0 ? 'a' : 'A') + random.Next(26));
                            texts[k] = new string(chars);
                        }
                        return new object?[] { texts, new ConcurrentDictionary<char, int>() };
                    }
                }
                """),

            new Case("concurrent_bag_collect", Label.Benign,
                "hundong2/csharp_study csharstudy/TPL/ParallelEx.cs (results.Add(i) to a ConcurrentBag<int> in Parallel.For)",
                "ConcurrentBag.Add: thread-safe, and a bag is unordered (compared here as a multiset)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(ConcurrentBag<int> results, int n)
                    {
                        foreach (int i in PRange(n))
                            results.Add(i * 37 % 101);
                    }

                    public static object?[] Args() => new object?[] { new ConcurrentBag<int>(), 5000 };
                }
                """),

            new Case("lock_decimal_total", Label.Benign,
                "muratilgun/Parallel-Programming StockAnalyzer/Program.cs (var result = Compute(i); lock (_syncRoot) total += result), with Compute made deterministic",
                "a static decimal field updated under a static lock; the addends have one decimal digit, so decimal addition is exact in any order",
                """
                public static partial class K
                {
                    static readonly object s_syncRoot = new object();
                    public static decimal s_total;

                    static decimal Compute(int value) => value + 0.5m;

                    [ParallelKernel]
                    public static void Run(int n)
                    {
                        foreach (int i in PRange(n))
                        {
                            decimal result = Compute(i);
                            lock (s_syncRoot)
                            {
                                s_total += result;
                            }
                        }
                    }

                    public static object?[] Args() => new object?[] { 10_000 };
                }
                """),

            new Case("instance_settings_read", Label.Benign,
                "ZygoteCode/VoiceSpritz VoiceSpritz/Effects/VoiceSpritzVolumeAmplification.cs (buffer[i] *= _volume); xuan25/BiliLiveDanmaku BiliLiveDanmaku/BiliLiveDanmaku/Speech/Wave/Filters/VolumeFilter.cs (public float Volume)",
                "reads fields of a settings object passed in (never written in the loop); Math.Clamp",
                """
                public sealed class VolumeSettings
                {
                    public float Volume = 1f;
                    public float Clip = 1f;
                }

                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(float[] buffer, VolumeSettings settings)
                    {
                        foreach (int i in PRange(buffer.Length))
                            buffer[i] = Math.Clamp(buffer[i] * settings.Volume, -settings.Clip, settings.Clip);
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(19);
                        var buffer = new float[50_000];
                        for (int k = 0; k < buffer.Length; k++) buffer[k] = (float)(random.NextDouble() * 4 - 2);
                        return new object?[] { buffer, new VolumeSettings { Volume = 0.7f, Clip = 1f } };
                    }
                }
                """, MustStayParallel: true),

            new Case("pure_helper_out_params", Label.Benign,
                "xuan25/BiliLiveDanmaku BiliLiveDanmaku/BiliLiveDanmaku/Speech/Wave/Filters/VolumeFilter.cs (ToShort / FromShort(number, out byte1, out byte2) per 16-bit sample)",
                "pure static helpers, one returning through out parameters into locals declared in the iteration; writes its own two bytes",
                """
                public static partial class K
                {
                    static short ToShort(byte lo, byte hi) => (short)((hi << 8) | lo);

                    static void FromShort(short value, out byte lo, out byte hi)
                    {
                        hi = (byte)(value >> 8);
                        lo = (byte)(value & 255);
                    }

                    [ParallelKernel]
                    public static void Run(byte[] buffer, float volume)
                    {
                        foreach (int k in PRange(buffer.Length / 2))
                        {
                            short v = ToShort(buffer[2 * k], buffer[2 * k + 1]);
                            v = (short)(v * volume);
                            FromShort(v, out byte lo, out byte hi);
                            buffer[2 * k] = lo;
                            buffer[2 * k + 1] = hi;
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(20);
                        var buffer = new byte[40_000];
                        random.NextBytes(buffer);
                        return new object?[] { buffer, 0.6f };
                    }
                }
                """, MustStayParallel: true),

            new Case("static_jagged_fields_own_rows", Label.Benign,
                "GralDispersionModel/GRAMM src/TIMP.cs (Parallel.For over i reading static jagged fields Program.DT_SOL[i][j], Program.FAC[i][j], ... and writing the cells of Program.RADIATION[i][j])",
                "reads static jagged-array fields and writes row i of another static jagged-array field (distinct rows, as the model allocates them)",
                """
                public static partial class K
                {
                    public static double[][] s_solar = Array.Empty<double[]>();
                    public static double[][] s_terrain = Array.Empty<double[]>();
                    public static float[][] s_factor = Array.Empty<float[]>();
                    public static double[][] s_radiation = Array.Empty<double[]>();

                    [ParallelKernel]
                    public static void Run(int ni, int nj)
                    {
                        foreach (int i in PRange(1, ni))
                        {
                            for (int j = 1; j < nj; j++)
                                s_radiation[i][j] = (s_solar[i][j] - s_terrain[i][j]) * s_factor[i][j];
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(21);
                        int ni = 200, nj = 150;
                        double[][] D() { var m = new double[ni][]; for (int r = 0; r < ni; r++) { m[r] = new double[nj]; for (int c = 0; c < nj; c++) m[r][c] = random.NextDouble() * 800; } return m; }
                        s_solar = D();
                        s_terrain = D();
                        s_factor = new float[ni][];
                        for (int r = 0; r < ni; r++) { s_factor[r] = new float[nj]; for (int c = 0; c < nj; c++) s_factor[r][c] = (float)random.NextDouble(); }
                        s_radiation = new double[ni][];
                        for (int r = 0; r < ni; r++) s_radiation[r] = new double[nj];
                        return new object?[] { ni, nj };
                    }
                }
                """),

            new Case("numba_7133_array_accumulate", Label.Benign,
                "https://github.com/numba/numba/issues/7133 (vector[j] += 1; vector[i] += 1 inside prange: numba raced)",
                "two += updates of one shared array, at the inner index and at the loop index: a KernelGen array reduction (per-chunk copies), so any order gives the serial counts",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] vector)
                    {
                        int n = vector.Length;
                        foreach (int i in PRange(n))
                        {
                            for (int j = 0; j < n; j++)
                            {
                                vector[j] += 1;
                                vector[i] += 1;
                            }
                        }
                    }

                    public static object?[] Args() => new object?[] { new double[300] };
                }
                """),

            new Case("numba_3681_accumulate_element", Label.Benign,
                "https://github.com/numba/numba/issues/3681 (y[0, 1] += x[i, j] for i != j inside prange: numba raced)",
                "+= into one constant element of a shared array: a KernelGen array reduction (partial sums regroup: compared with a tolerance)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static void Run(double[] x, int n, double[] y)
                    {
                        foreach (int i in PRange(n))
                        {
                            for (int j = 0; j < n; j++)
                            {
                                if (i == j) continue;
                                y[1] += x[i * n + j];
                            }
                        }
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(22);
                        int n = 200;
                        var x = new double[n * n];
                        for (int k = 0; k < x.Length; k++) x[k] = random.NextDouble() * 2 - 1;
                        return new object?[] { x, n, new double[4] };
                    }
                }
                """),

            new Case("numba_7344_conditional_count", Label.Benign,
                "https://github.com/numba/numba/issues/7344 (s = 1; if cond[i]: s += 1 inside prange gave a thread-dependent result)",
                "conditional += 1 on a local counter that starts at 1: a KernelGen reduction (the initial value must be counted once)",
                """
                public static partial class K
                {
                    [ParallelKernel]
                    public static int Run(int[] a, bool[] cond)
                    {
                        int s = 1;
                        foreach (int i in PRange(a.Length))
                        {
                            if (cond[i])
                                s += 1;
                        }
                        return s;
                    }

                    public static object?[] Args()
                    {
                        var random = new Random(23);
                        var a = new int[10_000];
                        var cond = new bool[a.Length];
                        for (int k = 0; k < a.Length; k++) { a[k] = random.Next(10); cond[k] = random.Next(2) == 1; }
                        return new object?[] { a, cond };
                    }
                }
                """),
        };
    }
}
