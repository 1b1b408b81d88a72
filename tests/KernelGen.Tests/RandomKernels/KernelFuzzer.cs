using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KernelGen.Tests.RandomKernels
{
    /// <summary>The element types of random kernels.</summary>
    internal enum Elem { Int, Long, Float, Double, Byte, SByte, Short, UShort, Char, UInt, ULong } // the narrow and unsigned ones only in narrow kernels (KernelFuzzer.Narrow.cs, .Unsigned.cs)

    /// <summary>A reduction variable of a random kernel and where the kernel stores its final value.</summary>
    /// <param name="Slot">Index into <c>ires</c> (int, long) or <c>fres</c> (float, double).</param>
    /// <param name="FloatSum">A floating-point sum: compared within tolerance (see FuzzRunner), scaled by the sum of the terms' magnitudes.</param>
    internal sealed record FuzzReduction(string Name, Elem Type, string Family, int Slot, bool FloatSum)
    {
        public bool InFres => Type is Elem.Float or Elem.Double;
    }

    /// <summary>
    /// One random kernel. Every kernel has the same parameters,
    /// <c>(A[] a, B[] b, R[] r, Q[] q, long[] ires, double[] fres, int w, int m, double k)</c>: four arrays of one length
    /// n (for 2-D kernels n = h·w, rows of width w), the reductions' final values in ires/fres, and scalars.
    /// </summary>
    internal sealed class FuzzKernel
    {
        public int Id { get; init; }
        public int Seed { get; init; }
        public string Class => "K" + Id;
        public string MagnitudeClass => "M" + Id;
        public const string Method = "Kern";
        public Elem[] Arrays { get; init; } = Array.Empty<Elem>();
        public bool TwoD { get; init; }
        /// <summary>1: the four arrays are <c>T[]</c>; 2 or 3: they are <c>T[,]</c> (h × w) or <c>T[,,]</c> (d × h × w), all of one shape (see KernelFuzzer.Shapes.cs).</summary>
        public int Rank { get; init; } = 1;
        /// <summary>The returned reduction, or null for a void kernel.</summary>
        public FuzzReduction? Returns { get; init; }
        public IReadOnlyList<FuzzReduction> Reductions { get; init; } = Array.Empty<FuzzReduction>();
        public bool Deterministic { get; init; }
        /// <summary>[ParallelKernel(FastMath = true)]: the extra array fm within the ULP bound (KernelFuzzer's fastMath).</summary>
        public bool FastMath { get; init; }
        /// <summary>
        /// Float and double arrays the generated code updates as array reductions (from its report, FuzzRunner.Prepare):
        /// merged from per-chunk copies in another order than the serial loop's, so compared within rounding, not bitwise.
        /// </summary>
        public HashSet<string> FloatArrayReductions { get; } = new();
        public bool VectorFriendly { get; init; }
        public int Loops { get; init; }
        /// <summary>The kernel class (partial, [ParallelKernel]).</summary>
        public string KernelText { get; init; } = "";
        /// <summary>The same body with every floating-point sum accumulating |term| in double: the tolerance's scale.</summary>
        public string MagnitudeText { get; init; } = "";
        /// <summary>Side-effect constructs (static fields, helpers, delegates, objects, jagged rows, Interlocked …): see <see cref="EffectKind"/>.</summary>
        public IReadOnlyList<FuzzEffect> Effects { get; init; } = Array.Empty<FuzzEffect>();
        /// <summary>Parameters after <c>k</c>, for the effect constructs.</summary>
        public IReadOnlyList<FuzzExtra> Extras { get; init; } = Array.Empty<FuzzExtra>();
        /// <summary>Static fields of the kernel class (and of its magnitude twin) that the runner resets and compares.</summary>
        public IReadOnlyList<FuzzStatic> Statics { get; init; } = Array.Empty<FuzzStatic>();
        /// <summary>A kernel over byte, sbyte, short and ushort arrays (KernelFuzzer.Narrow.cs): its form, for the runner's inputs; null for the others.</summary>
        public NarrowInfo? Narrow { get; init; }
        /// <summary>Types and argument factories the effect constructs need (class <c>F{id}</c>, <c>Acc{id}</c>), outside the kernel class.</summary>
        public string SupportText { get; init; } = "";
        /// <summary>The class of the argument factories.</summary>
        public string SupportClass => "F" + Id;
        public string ReturnType => Returns is null ? "void" : KernelFuzzer.Name(Returns.Type);
        public string Parameters => KernelFuzzer.ArrayParameters(Arrays, Rank) + ", long[] ires, double[] fres, int w, int m, double k"
            + string.Concat(Extras.Select(e => ", " + e.Declaration));
        private string Arguments => "a, b, r, q, ires, fres, w, m, k" + string.Concat(Extras.Select(e => ", " + e.Argument));
        /// <summary>A caller in the same compilation: its call of the kernel is intercepted (redirected to the parallel version).</summary>
        public string CallerText => $"        public static {ReturnType} C{Id}({Parameters}) {(Returns is null ? "{ " : "=> ")}{Class}.{Method}({Arguments});{(Returns is null ? " }" : "")}\n";
    }

    /// <summary>
    /// A YARPGen-style generator of random, well-formed <c>[ParallelKernel]</c> methods (see the tests in
    /// RandomKernelTests). Kernels mix element-wise maps, scalar reductions of every supported family and type,
    /// conditionals, inner sequential loops, constant subscript offsets (the range adjusted to stay in bounds, and
    /// sometimes one step out of bounds on purpose), PRange with 1–3 arguments and steps ±1/2/3, 64-bit ranges, flattened
    /// 2-D shapes and the attribute's options. About a third are "vector friendly" (one element type, the vectorizer's
    /// operators) so the SIMD path is exercised too. The same seed always gives the same kernel.
    /// </summary>
    internal static partial class KernelFuzzer
    {
        /// <summary>Where the magnitude twin stores a floating-point sum's exactly accumulated value: fres[slot + ExactSlot].</summary>
        public const int ExactSlot = 4;

        public static string Name(Elem e) => e switch
        {
            Elem.Int => "int", Elem.Long => "long", Elem.Float => "float", Elem.Byte => "byte", Elem.SByte => "sbyte", Elem.Short => "short", Elem.UShort => "ushort",
            Elem.Char => "char", Elem.UInt => "uint", Elem.ULong => "ulong",
            _ => "double",
        };

        private static readonly string[] ArrayNames = { "a", "b", "r", "q" };

        /// <summary>
        /// The kernel of <paramref name="seed"/>. With <paramref name="effects"/>, about a third of the kernels also get
        /// one or two side-effect constructs (see <see cref="EffectKind"/>), drawn from a random stream of their own: the
        /// rest of the kernel is the same text as without them (CompileTimeTests measures the plain kernels). With
        /// <paramref name="narrow"/> &gt; 0, that share of the kernels are over byte, sbyte, short and ushort arrays instead.
        /// </summary>
        /// <param name="counters">Induction variables and argmin/argmax pairs in some 1-D loops (<c>Counters</c>); off,
        /// a kernel is the text it was before them (the plan census and CompileTimeTests keep comparing the same kernels).</param>
        /// <param name="fastMath">Some vector kernels of float or double store Math.Exp/Log/Sin/Cos of an expression into
        /// an extra array <c>fm</c> (never read), and some of those are [ParallelKernel(FastMath = true)]: fm is then
        /// compared within docs/fastmath.md's ULP bound, everything else bitwise. Drawn from a stream of its own.</param>
        /// <param name="unsigned">The share of the narrow kernels that are over uint or ulong arrays instead (KernelFuzzer.Unsigned.cs).</param>
        public static FuzzKernel Generate(int id, int seed, bool effects = false, bool shapes = false, double narrow = 0, bool counters = false, bool fastMath = false, bool uneven = false, double unsigned = 0)
        {
            // Whether the kernel is over byte/sbyte/short/ushort (or uint/ulong) arrays comes from streams of its own: the others keep their text.
            if (narrow > 0 && new Random(seed ^ 0x6A09E667).NextDouble() < narrow)
                return unsigned > 0 && new Random(seed ^ 0x3C6EF372).NextDouble() < unsigned ? new UnsignedBuilder(seed).Build(id) : new NarrowBuilder(seed).Build(id);
            var kernel = new Builder(seed, magnitude: false, effects, shapes, counters, fastMath, uneven).Build(id);
            var magnitude = new Builder(seed, magnitude: true, effects, shapes, counters, fastMath, uneven).Build(id);
            return new FuzzKernel
            {
                Id = id, Seed = seed, Arrays = kernel.Arrays, TwoD = kernel.TwoD, Rank = kernel.Rank, Returns = kernel.Returns,
                Reductions = kernel.Reductions, Deterministic = kernel.Deterministic, VectorFriendly = kernel.Vector,
                Loops = kernel.LoopCount, KernelText = kernel.Text, MagnitudeText = magnitude.Text,
                Effects = kernel.Effects, Extras = kernel.Extras, Statics = kernel.Statics, SupportText = kernel.Support,
                FastMath = kernel.FastMath,
            };
        }

        /// <summary>One compilation unit holding many kernels, their magnitude twins and a caller class.</summary>
        public static string Batch(IEnumerable<FuzzKernel> kernels)
        {
            var list = kernels.ToList();
            var text = new StringBuilder("using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\nnamespace Fuzz\n{\n");
            foreach (FuzzKernel kernel in list)
            {
                text.Append(kernel.KernelText);
                text.Append(kernel.SupportText);
                if (kernel.Reductions.Any(r => r.FloatSum)) text.Append(kernel.MagnitudeText); // only sums need the tolerance's scale
            }
            // Lookup tables in static readonly fields of another class, read as 'FuzzTables.F[i + 1]' (Counters).
            text.Append("    public static class FuzzTables\n    {\n");
            text.Append("        public static readonly int[] I = new int[200_016];\n        public static readonly long[] L = new long[200_016];\n");
            text.Append("        public static readonly float[] F = new float[200_016];\n        public static readonly double[] D = new double[200_016];\n");
            text.Append("        static FuzzTables() { for (int i = 0; i < I.Length; i++) { I[i] = i % 17 - 8; L[i] = (i % 13) * 1000L - 6000; F[i] = (i % 11) * 0.25f - 1.25f; D[i] = (i % 7) * 0.375 - 1.125; } }\n    }\n");
            text.Append("    public static class Calls\n    {\n");
            foreach (FuzzKernel kernel in list) text.Append(kernel.CallerText);
            text.Append("    }\n}\n");
            return text.ToString();
        }

        /// <summary>A kernel's seed from the run's seed and its number (stable, spread out).</summary>
        public static int SeedOf(int runSeed, int id)
        {
            unchecked
            {
                uint x = (uint)runSeed * 2654435761u ^ (uint)id * 40503u + 0x9E3779B9u;
                x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16;
                return (int)(x & 0x7fffffff);
            }
        }

        private sealed class Built
        {
            public string Text = "";
            public Elem[] Arrays = Array.Empty<Elem>();
            public bool TwoD, Deterministic, Vector, FastMath;
            public int Rank = 1;
            public FuzzReduction? Returns;
            public List<FuzzReduction> Reductions = new();
            public int LoopCount;
            public List<FuzzEffect> Effects = new();
            public List<FuzzExtra> Extras = new();
            public List<FuzzStatic> Statics = new();
            public string Support = "";
        }

        /// <summary>
        /// Builds one kernel. The magnitude twin is built from the same seed with <c>magnitude</c> set: it draws the same
        /// random numbers and differs only in how floating-point sums are written, so both have the same terms.
        /// </summary>
        private sealed partial class Builder
        {
            private Random _r;
            private readonly int _seed;
            /// <summary>
            /// The stream for the counters and argmin pairs (<see cref="Counters"/>): a draw of its own, so that adding
            /// them left every other kernel of a seed as it was (the plan census keeps comparing the same kernels).
            /// </summary>
            private readonly Random? _side;
            /// <summary>The stream of the FastMath store (<see cref="FastStore"/>): its own, so the other kernels keep their text.</summary>
            private readonly Random? _fast;
            /// <summary>
            /// The stream of uneven inner loops (<see cref="InnerFor"/>: a trip count that grows with the index, as a
            /// triangular loop's does): its own, so the other kernels keep their text.
            /// </summary>
            private readonly Random? _uneven;
            /// <summary>The stream of 1-D reads clamped to the array's start or end (with the uneven loops): its own, so the other kernels keep their text.</summary>
            private readonly Random? _edges;
            /// <summary>This kernel stores a transcendental function into the extra array fm (float or double, as _vt).</summary>
            private bool _fastStore;
            /// <summary>Exp calls the FastMath store made (0: one call of any function).</summary>
            private int _fastCalls;
            private string _afterLoops = ""; // the counters' and argmin pairs' final values into ires[3]
            private readonly bool _mag;
            private Elem[] _arrays = new Elem[4];
            private bool _vector, _twoD, _colMajor, _is64;
            private Elem _vt;
            private readonly List<FuzzReduction> _reds = new();
            private readonly List<List<(string Name, Elem Type)>> _scopes = new();
            private int _temps;
            // Per loop: written arrays (index → offset of the PRange variable), offsets used, inner loop variable.
            private readonly Dictionary<int, int> _written = new();
            private int _minOuter, _maxOuter, _minInner, _maxInner;
            private string? _innerVar;      // the inner loop's counter, when it may be used as a value
            private (int From, int Last)? _windowSpan; // inside a window loop: j's offsets from i, first and last
            private bool _windowed;           // this loop has a window loop (its index is an int)
            private bool _inInner2D;         // inside the 2-D inner loop: subscripts use both variables
            private bool _unsafeLoop;        // this loop may break the independence rules (expected serial or proven)
            private readonly HashSet<string> _usedReductions = new();
            private bool _mIsReduction;
            private bool _usesLast;
            private readonly List<(string Name, Elem Type)> _between = new(); // locals declared between loops
            private string _prelude = "";   // a declaration the loop needs before it (outside any wrapping)
            private string? _boundary;       // subscripts are i - this (a range at the ends of int or long)
            private (string Name, Elem Type)? _constant;
            private readonly HashSet<string> _usedNames = new();
            private static readonly string[] Keywords = { "@lock", "@fixed", "@checked", "@event", "@base", "@operator" };
            private static readonly string[] TempKeywords = { "@in", "@is", "@as", "@do", "@if", "@out", "@ref", "@new", "@int", "@var", "@this", "@null" };

            public Builder(int seed, bool magnitude, bool effects, bool shapes = false, bool counters = false, bool fastMath = false, bool uneven = false)
            {
                _r = new Random(seed);
                _uneven = uneven ? new Random(seed ^ 0x510E527F) : null;
                _edges = uneven ? new Random(seed ^ 0x1B05688C) : null;
                _fast = fastMath ? new Random(seed ^ 0x1F83D9AB) : null;
                _side = counters ? new Random(unchecked(seed * 31 + 0x5bd1e995)) : null;
                _seed = seed;
                _mag = magnitude;
                // The effect constructs draw from a stream of their own, so the rest of the kernel stays as it was.
                _fx = effects ? new Random(seed ^ 0x2545F491) : null;
                // So does the choice of rectangular arrays: a kernel not drawn for them is the text it was before them.
                _shape = shapes ? new Random(seed ^ 0x3C6EF372) : null;
            }

            /// <summary>The twin's exactly accumulated sum (the float terms added in double) of a floating-point sum.</summary>
            private static string Exact(string name) => name.TrimStart('@') + "__exact";

            private bool Chance(double p) => _r.NextDouble() < p;
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];
            private Elem AnyElem() => (Elem)_r.Next(4);

            public Built Build(int id)
            {
                var built = new Built();
                if (_shape is not null && _shape.NextDouble() < ShapeShare) _rank = _shape.NextDouble() < ThreeDShare ? 3 : 2;
                built.Rank = _rank;
                _vector = Chance(_rank > 1 ? ShapeVectorShare : 0.35);
                _twoD = _rank == 1 && !_vector && Chance(0.25);
                _colMajor = _twoD && Chance(0.35);
                _vt = AnyElem();
                for (int n = 0; n < 4; n++) _arrays[n] = _vector ? _vt : AnyElem();
                built.Arrays = _arrays; built.TwoD = _twoD; built.Vector = _vector;
                _fastStore = _fast is not null && _vector && _rank == 1 && _vt is Elem.Float or Elem.Double && _fast.NextDouble() < 0.3;

                // Reductions: declared before the loops, stored in ires/fres after them.
                int reductions = Pick(0, 0, 1, 1, 2, 3);
                int iSlot = 0, fSlot = 0;
                for (int n = 0; n < reductions; n++)
                {
                    Elem type = _vector ? _vt : AnyElem();
                    bool isFloat = type is Elem.Float or Elem.Double;
                    string family = _vector ? "sum"
                        : isFloat ? Pick("sum", "sum", "min", "max")
                        : Pick("sum", "sum", "count", "product", "min", "max", "and", "or", "xor");
                    int slot = isFloat ? fSlot++ : iSlot++;
                    // Names: s0…, sometimes a keyword (@lock), sometimes the by-value parameter m itself.
                    string name = Chance(0.12) ? Keywords[n] : "s" + n;
                    if (n == 0 && type == Elem.Int && Chance(0.1)) { name = "m"; _mIsReduction = true; }
                    _reds.Add(new FuzzReduction(name, type, family, slot, isFloat && family == "sum"));
                }
                built.Reductions = _reds;

                bool deterministic = Chance(0.25);
                built.Deterministic = deterministic;
                var options = new List<string>();
                if (Chance(0.25)) options.Add("ChunkSize = " + Pick(1, 2, 3, 7, 16, 61, 256));
                if (Chance(0.1)) options.Add("MinParallelTripCount = " + Pick(2, 100, 5000));
                if (deterministic) options.Add("Deterministic = true");

                if (_reds.Count > 0 && Chance(0.3)) built.Returns = _reds[_r.Next(_reds.Count)];
                string returnType = built.Returns is null || _mag ? "void" : Name(built.Returns.Type);
                string parameters = ArrayParameters(_arrays, _rank) + ", long[] ires, double[] fres, int w, int m, double k";

                var body = new StringBuilder();
                body.Append("            int n = a.Length;\n");
                if (_twoD) body.Append("            int h = n / w;\n");
                if (_rank > 1) body.Append(ShapeLocals());
                if (_vector) body.Append($"            {Name(_vt)} kk = ({Name(_vt)})k;\n");
                if (Chance(0.3))
                {
                    Elem type = _vector ? _vt : AnyElem();
                    _constant = (Chance(0.2) ? "@const" : "C", type);
                    body.Append($"            const {Name(type)} {_constant.Value.Name} = {Literal(type)};\n");
                }
                foreach (FuzzReduction red in _reds)
                {
                    string init = Init(red);
                    if (red.Name == "m") continue; // the parameter: starts from the caller's value
                    body.Append(_mag && red.FloatSum
                        ? $"            double {red.Name} = Math.Abs((double)({init})); double {Exact(red.Name)} = (double)({init});\n"
                        : $"            {Name(red.Type)} {red.Name} = {init};\n");
                }
                if (Chance(0.08))
                    body.Append($"            if (n == 1) return{(built.Returns is not null && !_mag ? " " + built.Returns.Name : "")};\n"); // an early return outside the loops
                int loops = Pick(1, 1, 1, 1, 1, 2, 2, 3);
                built.LoopCount = loops;
                PlanEffects(id, loops);
                for (int l = 0; l < loops; l++)
                {
                    if (l > 0 && Chance(0.3))
                    {
                        // A local declared between the loops (captured by the later ones), or kk changed between them.
                        Elem type = _vector ? _vt : AnyElem();
                        string value = type switch
                        {
                            Elem.Int => "n / 2 + m",
                            Elem.Long => "(long)n * 3 - m",
                            Elem.Float => "(float)k * 0.5f + n",
                            _ => "k + n",
                        };
                        if (_vector && Chance(0.4)) body.Append("            kk = kk + 1;\n");
                        else
                        {
                            body.Append($"            {Name(type)} g{l} = {value};\n");
                            _between.Add(($"g{l}", type));
                        }
                    }
                    _prelude = "";
                    _fxPrelude = "";
                    string loop = Loop(l);
                    int wrap = _r.Next(14);
                    // Sometimes inside a block, an if or an else, after a label or on the line of its if: the generator
                    // cuts the method body around the loop.
                    if (wrap == 0) loop = $"            {{\n{loop}            }}\n";
                    else if (wrap == 1) loop = $"            if (n >= 0)\n            {{\n{loop}            }}\n";
                    else if (wrap == 2) loop = $"            if (w > 0) {loop.TrimStart()}";
                    else if (wrap == 3) loop = $"            if (n < 0) {{ }}\n            else\n{loop}";
                    else if (wrap == 4) loop = $"            L{l}: {loop.TrimStart()}";
                    body.Append(_fxPrelude).Append(_prelude).Append(loop);
                }
                body.Append(_fxAfter).Append(_afterLoops);
                if (_usesLast) body.Append("            ires[7] = last;\n");
                foreach (FuzzReduction red in _reds)
                {
                    body.Append($"            {(red.InFres ? "fres" : "ires")}[{red.Slot}] = {red.Name};\n");
                    if (_mag && red.FloatSum) body.Append($"            fres[{red.Slot + ExactSlot}] = {Exact(red.Name)};\n");
                }
                if (built.Returns is not null && !_mag)
                    body.Append($"            return {built.Returns.Name};\n");

                if (_usesLast) body.Insert(body.ToString().IndexOf('\n') + 1, "            long last = 0;\n");
                // FastMath only where the fm store is its one effect: no inner loops (sums in body locals would be
                // reassociated) and no other Exp/Log/Sin/Cos (their arrays are compared bitwise).
                string all = body.ToString() + _members;
                if (_fastStore && _fast!.NextDouble() < 0.7 && !all.Contains("for (")
                    && System.Text.RegularExpressions.Regex.Matches(all, @"\.(Exp|Log|Sin|Cos|Tan|Asin)\(").Count == Math.Max(1, _fastCalls))
                {
                    options.Add("FastMath = true");
                    built.FastMath = true;
                    int fm = _extras.FindIndex(e => e.Name == "fm");
                    _extras[fm] = _extras[fm] with { Ulps = _vt == Elem.Float ? 1 : _fastCalls > 1 ? 8 : all.Contains(".Tan(") ? 4 : 2 };
                }
                string attribute = options.Count == 0 ? "[ParallelKernel]" : $"[ParallelKernel({string.Join(", ", options)})]";
                parameters += string.Concat(_extras.Select(e => ", " + e.Declaration));
                var text = new StringBuilder();
                if (_mag)
                {
                    text.Append($"    public static class M{id}\n    {{\n");
                    text.Append($"        public static void Kern({parameters})\n        {{\n");
                }
                else
                {
                    text.Append($"    // kernel {id}, seed {_seed}\n");
                    text.Append($"    public static partial class K{id}\n    {{\n");
                    text.Append($"        {attribute}\n");
                    text.Append($"        public static {returnType} Kern({parameters})\n        {{\n");
                }
                text.Append(body);
                text.Append("        }\n").Append(_members).Append("    }\n"); // the effect constructs' static fields and helpers
                built.Text = text.ToString();
                FillEffects(built);
                return built;
            }

            private string Init(FuzzReduction red)
            {
                bool isFloat = red.Type is Elem.Float or Elem.Double;
                string t = Name(red.Type);
                return red.Family switch
                {
                    "sum" or "count" => Chance(0.6) ? "0" : Literal(red.Type),
                    "product" => Pick("1", "3", "(-1)"),
                    "min" => Chance(0.5) ? (isFloat ? $"{t}.PositiveInfinity" : $"{t}.MaxValue") : Literal(red.Type),
                    "max" => Chance(0.5) ? (isFloat ? $"{t}.NegativeInfinity" : $"{t}.MinValue") : Literal(red.Type),
                    "and" => Pick("-1", "0x7F7F", "(-2)"),
                    _ => Pick("0", "5", "0x100"),
                };
            }

            // ---------------------------------------------------------------- loops

            private string Loop(int ordinal)
            {
                _loopOrdinal = ordinal;
                _written.Clear();
                _minOuter = _maxOuter = 0;
                _windowed = false;
                _unsafeLoop = Chance(0.08);
                _is64 = Chance(0.12);
                _scopes.Clear();
                _scopes.Add(new List<(string, Elem)>());
                _usedReductions.Clear();

                // Arrays this loop writes: r and/or q, sometimes a in place. Each at one offset of the PRange variable.
                foreach (int index in new[] { 2, 3, 0 })
                {
                    double p = index == 2 ? 0.8 : index == 3 ? 0.45 : 0.12;
                    if (Chance(p)) _written[index] = _twoD || _rank > 1 || Chance(0.75) ? 0 : _r.Next(-2, 3);
                }
                if (_written.Count == 0 && _reds.Count == 0) _written[2] = 0; // the loop must do something observable
                if (_rank > 1) return LoopShaped();
                bool unitStepOnly = _vector;
                int step = unitStepOnly ? 1 : Pick(1, 1, 1, 2, 3, -1, -2, -3);
                // Sometimes a range at the ends of int or long: the index is far from 0, subscripts are i - lo.
                int boundary = !_vector && !_twoD && Chance(0.1) ? _r.Next(5) : -1;
                _boundary = null;
                if (boundary >= 0)
                {
                    _boundary = "lo" + ordinal;
                    _is64 = boundary >= 3;
                    foreach (int index in _written.Keys.ToList()) _written[index] = 0;
                }
                string body = _twoD ? Body2D() : Body1D();
                if (_fastStore && ordinal == 0 && boundary < 0) body += FastStore();
                if (!_twoD) body += EffectStatements(4);
                if (!_twoD && boundary < 0 && _side is not null) body += Counters(ordinal, Math.Abs(step), body);
                if (boundary >= 0)
                {
                    int s = Math.Abs(step);
                    (string declaration, string boundaryRange) = boundary switch
                    {
                        0 => ($"int {_boundary} = int.MaxValue - n;", $"PRange({_boundary}, int.MaxValue{(s == 1 ? "" : ", " + s)})"),
                        1 => ($"int {_boundary} = int.MinValue;", $"PRange(int.MinValue, int.MinValue + n, {s})"),
                        2 => ($"int {_boundary} = int.MaxValue - n;", $"PRange(int.MaxValue - 1, {_boundary} - 1, {-s})"),
                        3 => ($"long {_boundary} = long.MaxValue - n;", $"PRange({_boundary}, long.MaxValue, {s})"),
                        _ => ($"long {_boundary} = long.MinValue;", $"PRange(long.MinValue, long.MinValue + n)"),
                    };
                    _boundary = null;
                    _prelude = $"            {declaration}\n";
                    return $"            foreach ({(boundary >= 3 ? "long" : "int")} i in {boundaryRange})\n            {{\n{body}            }}\n";
                }
                string var = _is64 ? Pick("long", "var") : Pick("int", "int", "var", "long");
                if (_windowed && var == "long") var = "int"; // (int j = i + 1: an int index)
                bool outOfBounds = Chance(0.05);
                string range = _twoD ? Range(_colMajor ? "w" : "h", step, outOfBounds) : Range("n", step, outOfBounds);
                bool braces = Chance(0.5) || body.Split('\n').Length != 2 || body.TrimStart().StartsWith("for") || body.Contains("if (")
                              || new[] { "int ", "long ", "float ", "double " }.Any(body.TrimStart().StartsWith); // a declaration needs a block
                return braces
                    ? $"            foreach ({var} i in {range})\n            {{\n{body}            }}\n"
                    : $"            foreach ({var} i in {range})\n    {body}";
            }

            /// <summary>
            /// Sometimes, at the end of a 1-D body (top level, so every iteration runs them): an induction variable
            /// declared before the loop that stores into r or q at <c>k++</c> (c times per iteration, c ≤ |step| so
            /// it stays in bounds, or <c>r[k] = …; k += c;</c>, reading k too, c sometimes a local declared before the
            /// loop: <c>k += ks</c>), or an argmin/argmax pair over a value
            /// of the iteration. Their final values go to ires[3]. r or q only where the loop does not store there
            /// otherwise; reads of it elsewhere in the body then test the dependence analysis on the counter.
            /// </summary>
            private string Counters(int ordinal, int step, string body)
            {
                Random main = _r;
                _r = _side!;
                try
                {
                    var text = new StringBuilder();
                    string pad = Indent(4);
                    double roll = _r.NextDouble();
                    int target = !_written.ContainsKey(2) ? 2 : !_written.ContainsKey(3) ? 3 : -1;
                    string? targetName = target == 2 ? "r" : target == 3 ? "q" : null;
                    if (roll < 0.35 && targetName is not null && !ReadsArray(body, targetName))
                    {
                        string k = "k" + ordinal, array = target == 2 ? "r" : "q", type = Name(_arrays[target]);
                        int c = _r.Next(1, step + 1);
                        _prelude += $"            int {k} = 0;\n";
                        if (Chance(0.5))
                            for (int j = 0; j < c; j++) text.Append($"{pad}{array}[{k}++] = ({type})({Expr(_arrays[target], 2)});\n");
                        else
                        {
                            text.Append($"{pad}{array}[{k}] = ({type})(({Expr(_arrays[target], 2)}) + {k});\n");
                            if (ordinal % 2 == 0)
                            {
                                // A step of a local the method never changes (BLAS's ix += incX): c, or by w's parity 0
                                // (c ≤ 2: the launch check then keeps the chunks in order) or c - 1.
                                _prelude += $"            int {k}s = {c} - (w & 1) * {(c <= 2 ? c : 1)};\n";
                                text.Append($"{pad}{k} += {k}s;\n");
                            }
                            else
                                text.Append(c == 1 ? $"{pad}{Pick($"{k}++;", $"++{k};", $"{k} += 1;")}\n" : $"{pad}{k} += {c};\n");
                        }
                        // The stored values must not read the array itself (that would be a real dependence: KG1001).
                        if (ReadsArray(text.ToString().Replace($"{array}[{k}", "#"), array)) { _prelude = System.Text.RegularExpressions.Regex.Replace(_prelude, $"            int {k}s? = [^\n]*\n", ""); return ""; }
                        _afterLoops += $"            ires[3] = ires[3] * 31 + {k};\n";
                    }
                    else if (roll >= 0.45 && roll < 0.6 && _written.Count > 0 && !_unsafeLoop && _boundary is null)
                    {
                        // A lookup table of another class, added into an element this iteration writes anyway.
                        int index = _written.Keys.ElementAt(_r.Next(_written.Count));
                        Elem t = _arrays[index];
                        string table = Pick("FuzzTables.", "global::Fuzz.FuzzTables.") + (t switch { Elem.Int => "I", Elem.Long => "L", Elem.Float => "F", _ => "D" });
                        text.Append($"{pad}{ArrayNames[index]}[{Subscript(_written[index], 0)}] += {table}[{Subscript(_r.Next(0, 3), 0)}];\n");
                    }
                    else if (roll >= 0.6 && roll < 0.8 && _written.Count > 0 && !_unsafeLoop && _boundary is null)
                    {
                        // Work with no vector form, added into an element this iteration writes anyway: Math functions,
                        // a block-bodied helper, a gathered table, an integer division, Convert.ToInt32.
                        int index = _written.Keys.ElementAt(_r.Next(_written.Count));
                        Elem t = _arrays[index];
                        text.Append($"{pad}{ArrayNames[index]}[{Subscript(_written[index], 0)}] += ({Name(t)})({LaneWork(t, ordinal)});\n");
                    }
                    else if (roll < 0.35 ? _r.NextDouble() < 0.1 : roll < 0.45)
                    {
                        string best = "best" + ordinal, at = "at" + ordinal;
                        string op = Pick("<", "<=", ">", ">=");
                        string start = Pick("double.PositiveInfinity", "double.NegativeInfinity", "0.5", "double.NaN");
                        _prelude += $"            double {best} = {start};\n            long {at} = -1;\n";
                        // (A vector-friendly kernel computes in its one type: its expressions may name kk, of that type.)
                        text.Append($"{pad}double v{ordinal} = {Expr(_vector ? _vt : AnyElem(), 2)};\n");
                        text.Append(Chance(0.5)
                            ? $"{pad}if (v{ordinal} {op} {best}) {{ {best} = v{ordinal}; {at} = i; }}\n"
                            : $"{pad}if ({best} {Mirror(op)} v{ordinal}) {{ {at} = i; {best} = v{ordinal}; }}\n");
                        _afterLoops += $"            ires[3] = ires[3] * 31 + {at} * 7 + BitConverter.DoubleToInt64Bits({best});\n";
                    }
                    return text.ToString();
                }
                finally { _r = main; }
            }

            /// <summary>
            /// An expression the vectorizer computes lane by lane (or, for Floor/Round, on exact vector counterparts), in
            /// float for float arrays, else double: transcendental Math/MathF calls, a helper with locals, an if and an early
            /// return (defined in the kernel's class), a gathered lookup table, an int division by a lane value, Convert, and
            /// uint hashes (on int lanes where the kernel's lanes are ints).
            /// </summary>
            private string LaneWork(Elem t, int ordinal)
            {
                bool single = t == Elem.Float;
                string m = single ? "MathF" : "Math", ft = single ? "float" : "double", f = single ? "f" : "";
                string E() => $"({ft})({Expr(single ? Elem.Float : Elem.Double, 2)})"; // (an int kernel's kk is an int)
                switch (_r.Next(12))
                {
                    // uint hashes (their bits in int lanes, >> logical), to int, and masked to float/double.
                    // (unchecked: a constant operand would make them constant expressions, checked at compile time.)
                    case 9: return $"({ft})(int)unchecked((((uint)({Expr(Elem.Int, 2)}) * 2654435761u) ^ ((uint)i >> 3)) >> 5 & 0x3FFFu)";
                    case 10: return $"({ft})unchecked((((uint)({Expr(Elem.Int, 2)}) ^ 0x9E3779B9u) * 0x85EBCA6Bu) & 0xFFFFFu)";
                    case 0: return $"{m}.Exp({m}.Min({E()}, 3{f}))";
                    case 1: return $"{m}.Log(1 + {m}.Abs({E()}))";
                    case 2: return $"{m}.Sin({E()}) * {m}.Cos({E()})";
                    case 3: return $"{m}.Tanh({E()}) - {m}.Asin({m}.Min(1{f}, {m}.Abs({E()})))";
                    case 4: return $"{m}.Pow({m}.Abs({E()}), 1.5{f})";
                    case 5: return $"{m}.Floor({E()}) + {m}.Round({E()})";
                    case 6:
                    {
                        string helper = $"Lane{ordinal}";
                        _members.Append($"        static {ft} {helper}({ft} a, {ft} b)\n        {{\n            {ft} t = a * 0.5{f} + b;\n"
                            + $"            if (t > 2) return t - a;\n            if (a < 0) t = -t;\n            return t * {m}.Atan2(a, 2{f});\n        }}\n");
                        return $"{helper}({E()}, {E()})";
                    }
                    case 7: return $"FuzzTables.{(single ? "F" : "D")}[(int)({m}.Abs({E()}) * 7) % 1000]";
                    case 8: return $"({ft})(({Expr(Elem.Int, 2)}) / (1 + Math.Abs(({Expr(Elem.Int, 2)}) % 5)))";
                    default: return $"Convert.ToInt32({m}.Min({m}.Max({E()}, -1e6{f}), 1e6{f}))";
                }
            }

            /// <summary>
            /// <c>fm[i] = Math.F(expression);</c> (MathF on float lanes), F one of Exp, Log, Sin, Cos, Tan, Asin; fm is an extra
            /// array of _vt no statement reads. The expression is drawn from the FastMath stream.
            /// </summary>
            private string FastStore()
            {
                Random saved = _r;
                _r = _fast!;
                try
                {
                    bool single = _vt == Elem.Float;
                    string ft = single ? "float" : "double", f = single ? "f" : "";
                    Extra(ft + "[]", "fm", $"=> new {ft}[n];", ft + "[]");
                    string scale = Pick("", $" * 0.01{f}", $" * 100", $" + 0.5{f}");
                    string fn = Pick("Exp", "Log", "Sin", "Cos", "Tan", "Asin");
                    if (fn == "Asin") scale = Pick($" * 0.01{f}", $" * 0.001{f}"); // mostly inside [-1, 1]
                    // Two or three Exp calls of the step (double lanes), multiplied: the calls the generator batches
                    // (CallBatches); each within 2 ULP, the product within 8.
                    if (!single && _r.Next(3) == 0)
                    {
                        int calls = _r.Next(2, 4);
                        _fastCalls = calls;
                        string decls = string.Join(", ", Enumerable.Range(0, calls).Select(k => $"fx{k} = Math.Exp((double)({Expr(_vt, 2)}) * 0.01)"));
                        return $"                double {decls};\n                fm[i] = {string.Join(" * ", Enumerable.Range(0, calls).Select(k => "fx" + k))};\n";
                    }
                    return $"                fm[i] = {(single ? "MathF" : "Math")}.{fn}(({ft})({Expr(_vt, 2)}){scale});\n";
                }
                finally { _r = saved; }
            }

            /// <summary>Whether C# text reads or writes <paramref name="array"/>'s elements (the name followed by '[', not part of another name).</summary>
            private static bool ReadsArray(string text, string array) =>
                System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![A-Za-z0-9_]){array}\s*\[");

            private static string Mirror(string op) => op switch { "<" => ">", "<=" => ">=", ">" => "<", _ => "<=" };

            /// <summary>A PRange over [L, N − H) (L, H from the offsets), written one of the ways PRange can be written.</summary>
            private string Range(string count, int step, bool outOfBounds)
            {
                int lo = Math.Max(0, -_minOuter), hiMargin = Math.Max(0, _maxOuter);
                if (outOfBounds)
                {
                    if (lo > 0 && Chance(0.5)) lo--;
                    else hiMargin--;
                }
                string hi = hiMargin == 0 ? count : hiMargin > 0 ? $"{count} - {hiMargin}" : $"{count} + {-hiMargin}";
                string L(string x) => _is64 ? $"(long)({x})" : x;
                if (step == 1)
                {
                    if (lo == 0 && !_is64 && hiMargin == 0 && count == "n" && Chance(0.3)) return "PRange(a.Length)";
                    return _r.Next(3) switch
                    {
                        0 when lo == 0 => $"PRange({L(hi)})",
                        1 => $"PRange({L(lo.ToString())}, {hi}, 1)",
                        _ => $"PRange({L(lo.ToString())}, {hi})",
                    };
                }
                if (step > 0) return $"PRange({L(lo.ToString())}, {hi}, {step})";
                // Descending: from the last index down to the first.
                return $"PRange({L(hi + " - 1")}, {lo - 1}, {step})";
            }

            private void Push() => _scopes.Add(new List<(string, Elem)>());
            private void Pop() => _scopes.RemoveAt(_scopes.Count - 1);
            private IEnumerable<(string Name, Elem Type)> Temps => _scopes.SelectMany(s => s);

            private string Body1D()
            {
                var text = new StringBuilder();
                int statements = _r.Next(1, 6);
                for (int s = 0; s < statements; s++) text.Append(Statement(4, allowBlocks: true));
                if (_written.Count > 0 && Chance(0.7)) text.Append(Store(4));
                return text.ToString();
            }

            /// <summary>Rows (or columns) in parallel, the other dimension in an inner loop: subscripts x[row * w + col].</summary>
            private string Body2D()
            {
                var text = new StringBuilder();
                int pre = _r.Next(0, 3);
                for (int s = 0; s < pre; s++) text.Append(Declare(4));
                // The inner loop's body first: its offsets give its range.
                _minInner = _maxInner = 0;
                _inInner2D = true;
                Push();
                var inner = new StringBuilder();
                int statements = _r.Next(1, 5);
                for (int s = 0; s < statements; s++) inner.Append(Statement(5, allowBlocks: true));
                if (_written.Count > 0) inner.Append(Store(5));
                inner.Append(EffectStatements(5)); // inside the inner loop: an element's subscript needs j
                Pop();
                _inInner2D = false;
                int lo = Math.Max(0, -_minInner), hiMargin = Math.Max(0, _maxInner);
                if (Chance(0.03)) hiMargin--; // one past the end on purpose
                string count = _colMajor ? "h" : "w";
                string hi = hiMargin == 0 ? count : hiMargin > 0 ? $"{count} - {hiMargin}" : $"{count} + {-hiMargin}";
                string header = Chance(0.15) ? $"foreach (int j in PRange({lo}, {hi}))" : $"for (int j = {lo}; j < {hi}; j++)";
                text.Append($"{Indent(4)}{header}\n{Indent(4)}{{\n{inner}{Indent(4)}}}\n");
                // Per-row results: temporaries of the row folded into reductions.
                if (_reds.Count > 0 && Chance(0.5)) text.Append(Reduce(4));
                return text.ToString();
            }

            private static string Indent(int level) => new(' ', level * 4);

            // ---------------------------------------------------------------- statements

            private string Statement(int level, bool allowBlocks)
            {
                int pick = _r.Next(100);
                if (_unsafeLoop && pick < 6) return Shared(level);
                if (pick < 25) return Declare(level);
                if (pick < 50 && _written.Count > 0) return Store(level);
                if (pick < 62 && Temps.Any()) return Update(level);
                if (pick < 78 && _reds.Count > 0) return Reduce(level);
                if (allowBlocks && pick < 88 && !_vector) return If(level);
                if (allowBlocks && pick < 82 && _vector && _rank == 1 && (Temps.Any() || _written.Count > 0)) return Chain(level);
                // (Rectangular vector kernels: mostly not, a loop inside the innermost one keeps it off the vector path.)
                if (allowBlocks && pick < 96 && !_inInner2D && !(_rank > 1 && _vector && Chance(0.75))) return InnerFor(level);
                return Declare(level);
            }

            /// <summary>
            /// A variable declared outside the loop, written by every iteration (unsafe loops only): last-value or
            /// read-after-write use. The loop must stay serial (KG2006/KG1005) or still give the serial value.
            /// </summary>
            private string Shared(int level)
            {
                _usesLast = true;
                string pad = Indent(level);
                // Vector kernels build expressions of their one element type only.
                string Value() => _vector ? $"(long)({Expr(_vt, 2)})" : Expr(Elem.Long, 2);
                return _r.Next(3) switch
                {
                    0 => $"{pad}last = {Value()};\n",
                    1 => $"{pad}last += {Value()};\n{pad}last = last * 3 + 1;\n",
                    _ => _written.Count > 0
                        ? $"{pad}last = {Value()};\n{Indent(level)}{ArrayNames[_written.Keys.First()]}[{(_rank > 1 ? SubscriptShaped(new int[_rank]) : Subscript(_written.Values.First(), 0))}] = ({Name(_arrays[_written.Keys.First()])})last;\n"
                        : $"{pad}last = (long){IndexVar()};\n",
                };
            }

            private string Declare(int level)
            {
                Elem t = _vector ? _vt : AnyElem();
                string name = "t" + _temps++;
                if (Chance(0.08))
                {
                    string keyword = TempKeywords[_r.Next(TempKeywords.Length)];
                    if (_usedNames.Add(keyword)) name = keyword;
                }
                string value = Expr(t, 3);
                _scopes[^1].Add((name, t));
                return $"{Indent(level)}{Name(t)} {name} = {value};\n";
            }

            private string Update(int level)
            {
                var temps = Temps.ToList();
                if (_rank > 1 && _vector && _innermost && Chance(0.85))
                {
                    // Rectangular vector kernels: mostly a temporary of the innermost loop (one declared outside it
                    // and changed in it keeps that loop off the vector path).
                    var inner = _scopes.Skip(_innerScope).SelectMany(s => s).ToList();
                    if (inner.Count > 0) temps = inner;
                }
                (string name, Elem t) = temps[_r.Next(temps.Count)];
                string op = _vector ? Pick("=", "+=", "-=", "*=") : Pick("=", "+=", "-=", "*=");
                return $"{Indent(level)}{name} {op} {Expr(t, 3)};\n";
            }

            private string Store(int level)
            {
                if (_written.Count == 0) return Reduce(level);
                int index = _written.Keys.ElementAt(_r.Next(_written.Count));
                int offset = _written[index];
                if (_unsafeLoop && Chance(0.4)) offset = _r.Next(-2, 3); // may collide with other iterations
                Elem t = _arrays[index];
                string target = $"{ArrayNames[index]}[{(_rank > 1 ? SubscriptShaped(StoreOffsets(offset)) : Subscript(offset, 0))}]";
                bool isFloat = t is Elem.Float or Elem.Double;
                string op = Chance(0.6) ? "=" : isFloat ? Pick("+=", "-=", "*=") : _vector ? Pick("+=", "-=", "*=") : Pick("+=", "-=", "*=", "&=", "|=", "^=");
                return $"{Indent(level)}{target} {op} {Expr(t, 3)};\n";
            }

            private string Reduce(int level)
            {
                FuzzReduction red = _reds[_r.Next(_reds.Count)];
                _usedReductions.Add(red.Name);
                string s = red.Name;
                Elem t = red.Type;
                string pad = Indent(level);
                switch (red.Family)
                {
                    case "sum":
                    {
                        int form = _vector ? _r.Next(2) : _r.Next(6);
                        if (form >= 4)
                        {
                            string inc = Pick("++", "--");
                            bool prefix = Chance(0.5);
                            if (_mag && red.FloatSum) return $"{pad}{{ {s} += 1; {Exact(s)} {inc[0]}= 1; }}\n"; // one statement: the loop body may have no braces
                            return prefix ? $"{pad}{inc}{s};\n" : $"{pad}{s}{inc};\n";
                        }
                        string e = Expr(t, 3);
                        bool assignForm = Chance(0.5); // drawn in both twins alike
                        if (_mag && red.FloatSum) return $"{pad}{{ {s} += Math.Abs((double)({e})); {Exact(s)} {(form == 1 ? "-" : "+")}= (double)({e}); }}\n";
                        return form switch
                        {
                            0 => $"{pad}{s} += {e};\n",
                            1 => assignForm ? $"{pad}{s} = {s} - ({e});\n" : $"{pad}{s} -= {e};\n",
                            2 => $"{pad}{s} = {s} + {e};\n",
                            _ => $"{pad}{s} = ({e}) + {s};\n",
                        };
                    }
                    case "count":
                        return $"{pad}if ({Condition(2)}) {s}++;\n";
                    case "product":
                        return Chance(0.5) ? $"{pad}{s} *= {Expr(t, 2)};\n" : $"{pad}{s} = {s} * ({Expr(t, 2)});\n";
                    case "min":
                    case "max":
                    {
                        string f = red.Family == "min" ? "Math.Min" : "Math.Max";
                        if (t == Elem.Float && Chance(0.3)) f = red.Family == "min" ? "MathF.Min" : "MathF.Max";
                        string e = Expr(t, 3);
                        return Chance(0.5) ? $"{pad}{s} = {f}({s}, {e});\n" : $"{pad}{s} = {f}({e}, {s});\n";
                    }
                    default:
                    {
                        string op = red.Family switch { "and" => "&", "or" => "|", _ => "^" };
                        string e = Expr(t, 3);
                        return Chance(0.5) ? $"{pad}{s} {op}= {e};\n" : $"{pad}{s} = {s} {op} ({e});\n";
                    }
                }
            }

            private string If(int level)
            {
                string pad = Indent(level);
                var text = new StringBuilder($"{pad}if ({Condition(2)})\n{pad}{{\n");
                Push();
                int count = _r.Next(1, 3);
                for (int s = 0; s < count; s++) text.Append(Statement(level + 1, allowBlocks: false));
                Pop();
                text.Append($"{pad}}}\n");
                if (Chance(0.5))
                {
                    text.Append($"{pad}else\n{pad}{{\n");
                    Push();
                    count = _r.Next(1, 3);
                    for (int s = 0; s < count; s++) text.Append(Statement(level + 1, allowBlocks: false));
                    Pop();
                    text.Append($"{pad}}}\n");
                }
                return text.ToString();
            }

            /// <summary>
            /// An if / else if / else chain whose every branch assigns one temporary or stores one element of this
            /// iteration (vector kernels: Vectorize/SelectChains folds such chains into selects when nothing can throw).
            /// </summary>
            private string Chain(int level)
            {
                string pad = Indent(level);
                string target;
                Elem t;
                if (_written.Count > 0 && (!Temps.Any() || Chance(0.5)))
                {
                    int index = _written.Keys.ElementAt(_r.Next(_written.Count));
                    t = _arrays[index];
                    target = $"{ArrayNames[index]}[{Subscript(_written[index], 0)}]";
                }
                else
                {
                    var temps = Temps.ToList();
                    (target, t) = temps[_r.Next(temps.Count)];
                }
                int branches = _r.Next(2, 5);
                bool lastElse = Chance(0.8);
                var text = new StringBuilder();
                for (int b = 0; b < branches; b++)
                {
                    // (Conditions of the kernel's one element type: vector kernels build no other.)
                    string condition = _r.Next(4) == 0 ? $"({IndexVar()} & 1) == 0" : $"{Expr(_vt, 1)} {Pick("<", "<=", ">", ">=", "!=")} {Expr(_vt, 1)}";
                    string head = b == 0 ? $"if ({condition})" : b == branches - 1 && lastElse ? "else" : $"else if ({condition})";
                    text.Append($"{pad}{head} {target} = {Expr(t, 2)};\n");
                }
                return text.ToString();
            }

            /// <summary>
            /// An inner sequential loop of a constant count, or (a quarter of those in 1-D kernels) one more per 4 of the
            /// index, i &amp; 3 (in vector kernels its counter is not used).
            /// </summary>
            private string InnerFor(int level)
            {
                string pad = Indent(level);
                string trips = _r.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (_uneven is not null && _rank == 1 && _uneven.NextDouble() < 0.25) trips += " + (i & 3)";
                string header = $"for (int j = 0; j < {trips}; j++)";
                string prefix = "", tail = ""; // (a while loop's counter declared before it, its step after the body)
                // (Uneven kernels: a third of the 1-D vector kernels' inner loops instead run over a window that moves with i,
                // j from i + from over width elements, which their reads of arrays the loop does not store take as subscript.)
                if (_uneven is not null && _vector && _rank == 1 && !_twoD && !_is64 && _boundary is null && _windowSpan is null && _uneven.NextDouble() < 0.33)
                {
                    int from = _uneven.Next(-3, 2), width = _uneven.Next(0, 5);
                    string start = Offset("i", from, false), last = Offset("i", from + width - 1, false);
                    int form = _uneven.Next(5);
                    header = form switch
                    {
                        0 => $"for (int j = {start}; j <= {last}; j++)",
                        1 => $"for (int j = {start}; j < {(from == 0 ? "i" : "(" + start + ")")} + {width}; j++)",
                        2 => $"for (int j = {start}; j < {Offset("i", from + width, false)}; j++)",
                        3 => $"for (int j = {last}; j >= {start}; j--)", // walked down
                        _ => $"while (j < {Offset("i", from + width, false)})", // a while loop that counts, in a block of its own
                    };
                    if (form == 4) (prefix, tail) = ($"{pad}{{\n{pad}int j = {start};\n", $"{pad}    j++;\n{pad}}}\n");
                    _windowSpan = (from, from + width - 1);
                    _windowed = true;
                }
                string saved = _innerVar!;
                _innerVar = _vector ? null : "j";
                Push();
                var text = new StringBuilder($"{prefix}{pad}{header}\n{pad}{{\n");
                int count = _r.Next(1, 3);
                for (int s = 0; s < count; s++)
                {
                    // Accumulate into a temporary of the iteration, a reduction, or an element of this iteration.
                    int pick = _r.Next(3);
                    if (pick == 0 && Temps.Any()) text.Append(Update(level + 1));
                    else if ((pick == 1 || _written.Count == 0) && _reds.Count > 0) text.Append(Reduce(level + 1));
                    else if (_written.Count > 0) text.Append(Store(level + 1));
                }
                Pop();
                _innerVar = saved;
                _windowSpan = null;
                text.Append(tail.Length > 0 ? tail.Substring(0, tail.IndexOf('\n') + 1) : "");
                text.Append($"{pad}}}\n");
                if (tail.Length > 0) text.Append(tail.Substring(tail.IndexOf('\n') + 1));
                return text.ToString();
            }

            // ---------------------------------------------------------------- expressions

            private string Condition(int depth)
            {
                int pick = _r.Next(10);
                if (depth > 0 && pick == 0) return $"{Condition(depth - 1)} && {Condition(depth - 1)}";
                if (depth > 0 && pick == 1) return $"({Condition(depth - 1)} || {Condition(depth - 1)})";
                if (depth > 0 && pick == 2) return $"!({Condition(depth - 1)})";
                if (pick == 3) return Chance(0.5) ? $"{IndexVar()} % {Pick(2, 3, 5)} == {Pick(0, 1)}" : $"({IndexVar()} & 1) == 0";
                Elem t = AnyElem();
                string op = Pick("<", "<=", ">", ">=", "==", "!=");
                return $"{Expr(t, 1)} {op} {Expr(t, 1)}";
            }

            private string Literal(Elem t) => t switch
            {
                Elem.Int => Signed(_r.Next(-9, 10).ToString()),
                Elem.Long => Signed(_r.Next(-9, 10) + "L"),
                Elem.Float => Signed(Pick("0.5f", "1.5f", "2f", "0.25f", "3f", "-1.5f", "0.1f")),
                _ => Signed(Pick("0.5", "1.25", "2.0", "0.75", "3.0", "-2.5", "0.1")),
            };

            private static string Signed(string text) => text.StartsWith("-") ? $"({text})" : text;

            /// <summary>An expression of type exactly <paramref name="t"/> (vector kernels: only what the vectorizer translates).</summary>
            private string Expr(Elem t, int depth)
            {
                bool isFloat = t is Elem.Float or Elem.Double;
                if (depth <= 0 || Chance(0.3)) return Leaf(t);
                int pick = _r.Next(_vector ? 8 : 16);
                switch (pick)
                {
                    case 0: case 1: return $"{Expr(t, depth - 1)} + {Expr(t, depth - 1)}";
                    case 2: return $"{Expr(t, depth - 1)} - {Expr(t, depth - 1)}";
                    case 3: return $"({Expr(t, depth - 1)}) * ({Expr(t, depth - 1)})";
                    case 4: return $"-({Expr(t, depth - 1)})";
                    case 5 when isFloat: return $"({Expr(t, depth - 1)}) / (1 + Math.Abs({Expr(t, depth - 1)}))";
                    case 6 when isFloat: return t == Elem.Float ? $"MathF.Sqrt(Math.Abs({Expr(t, depth - 1)}))" : $"Math.Sqrt(Math.Abs({Expr(t, depth - 1)}))";
                    case 7 when isFloat: return $"Math.Abs({Expr(t, depth - 1)})";
                    case 5: case 6: case 7: return $"({Expr(t, depth - 1)}) * {Literal(t)}";
                    case 8: return $"{Pick("Math.Min", "Math.Max")}({Expr(t, depth - 1)}, {Expr(t, depth - 1)})";
                    case 9: return $"({Condition(1)} ? {Expr(t, depth - 1)} : {Expr(t, depth - 1)})";
                    case 10 when !isFloat: return $"({Expr(t, depth - 1)} {Pick("&", "|", "^")} {Expr(t, depth - 1)})";
                    case 11 when !isFloat: return $"({Expr(t, depth - 1)} {Pick("<<", ">>")} {_r.Next(0, 4)})";
                    case 12 when !isFloat: return $"({Expr(t, depth - 1)}) {Pick("/", "%")} {Pick(3, 5, 7)}";
                    case 10: case 11: case 12: return $"({Expr(t, depth - 1)}) / {Literal(t)}";
                    case 13:
                    {
                        Elem other = AnyElem();
                        return $"({Name(t)})({Expr(other, depth - 1)})";
                    }
                    case 14 when t == Elem.Int || t == Elem.Long: return $"Math.Abs(({Expr(t, depth - 1)}) % 1000)";
                    default: return Leaf(t);
                }
            }

            private string Leaf(Elem t)
            {
                int pick = _r.Next(100);
                if (pick < 55) return Read(t);
                if (pick < 68)
                {
                    var temps = Temps.Where(x => x.Type == t || !_vector).ToList();
                    if (temps.Count > 0)
                    {
                        (string name, Elem type) = temps[_r.Next(temps.Count)];
                        return type == t ? name : $"({Name(t)}){name}";
                    }
                }
                if (pick < 72 && _constant is { } c) return c.Type == t ? c.Name : $"({Name(t)}){c.Name}";
                if (pick < 75 && _between.Count > 0)
                {
                    (string name, Elem type) = _between[_r.Next(_between.Count)];
                    if (type == t) return name;
                    if (!_vector) return $"({Name(t)}){name}";
                }
                if (pick < 78) return Literal(t);
                if (_vector) return _windowSpan is not null && pick < 82 ? $"({Name(t)})j" : pick < 90 ? "kk" : Read(t);
                if (pick < 84) return $"({Name(t)}){IndexVar()}";
                if (pick < 88 && _innerVar is not null) return $"({Name(t)}){_innerVar}";
                if (pick < 92 && _inInner2D) return $"({Name(t)})j";
                if (pick < 96 && !_mIsReduction) return t == Elem.Int ? "m" : $"({Name(t)})m";
                return t == Elem.Double ? "k" : $"({Name(t)})k";
            }

            /// <summary>A read x[subscript] converted to <paramref name="t"/>, of an array at an offset the loop's rules allow.</summary>
            private string Read(Elem t)
            {
                int index;
                if (_vector) index = _r.Next(4);
                else
                {
                    var same = Enumerable.Range(0, 4).Where(n => _arrays[n] == t).ToList();
                    index = same.Count > 0 && Chance(0.7) ? same[_r.Next(same.Count)] : _r.Next(4);
                }
                if (_rank > 1) return ReadShaped(index, t);
                if (_windowSpan is { } window && !_written.ContainsKey(index) && _uneven!.NextDouble() < 0.6)
                {
                    // Inside a window: at j (its extremes keep the PRange range in bounds).
                    _minOuter = Math.Min(_minOuter, window.From); _maxOuter = Math.Max(_maxOuter, Math.Max(window.From, window.Last));
                    string windowRead = $"{ArrayNames[index]}[j]";
                    // (Sometimes clamped to the array's start, as blurs clamp their window's sources: EdgePeeling splits off
                    // the iterations where it may clamp. From the stream of the 1-D clamps: the main stream stays as it was.)
                    if (_edges is not null && _edges.NextDouble() < 0.3)
                        windowRead = $"{ArrayNames[index]}[{(_edges.Next(2) == 0 ? "Math.Max(j, 0)" : "Math.Max(0, j)")}]";
                    return _arrays[index] == t ? windowRead : $"({Name(t)}){windowRead}";
                }
                int outer, inner = 0;
                if (_written.TryGetValue(index, out int at) && !(_unsafeLoop && Chance(0.5)))
                    outer = at; // a written array is read only where this iteration writes it
                else
                    outer = Chance(0.5) ? 0 : _r.Next(-2, 3);
                if (_twoD)
                {
                    if (_written.ContainsKey(index) && !_unsafeLoop) { outer = 0; inner = 0; }
                    else { outer = Math.Clamp(outer, -1, 1); inner = Chance(0.6) ? 0 : _r.Next(-1, 2); }
                    if (!_inInner2D) return Literal(t); // 2-D subscripts need the inner variable
                }
                string text = $"{ArrayNames[index]}[{Subscript(outer, inner)}]";
                if (_edges is not null && !_twoD && _boundary is null && _edges.NextDouble() < (_written.ContainsKey(index) ? 0.02 : 0.1))
                {
                    // Clamped to the array's start (1-D smoothing; EdgePeeling splits each chunk): i + off for off ≤ 0,
                    // in bounds wherever i is; or to its end through Length (not split: Length is read in the loop).
                    int off = -_edges.Next(3);
                    string shifted = Offset("i", off, false);
                    text = $"{ArrayNames[index]}[{_edges.Next(3) switch { 0 => $"Math.Max({shifted}, 0)", 1 => $"{shifted} < 0 ? 0 : {shifted}", _ => $"Math.Min(i + {-off}, {ArrayNames[index]}.Length - 1)" }}]";
                }
                return _arrays[index] == t ? text : $"({Name(t)}){text}";
            }

            /// <summary>The subscript of the PRange variable at <paramref name="outer"/> (2-D: and the inner one at <paramref name="inner"/>).</summary>
            private string Subscript(int outer, int inner)
            {
                _minOuter = Math.Min(_minOuter, outer); _maxOuter = Math.Max(_maxOuter, outer);
                if (!_twoD) return _boundary is not null ? $"i - {_boundary}" : Offset("i", outer, Chance(0.1));
                _minInner = Math.Min(_minInner, inner); _maxInner = Math.Max(_maxInner, inner);
                string iTerm = Offset("i", outer, false), jTerm = Offset("j", inner, false);
                // Row-major: i is the row; column-major: j is the row.
                string row = _colMajor ? jTerm : iTerm, col = _colMajor ? iTerm : jTerm;
                if (row.Contains(' ')) row = "(" + row + ")";
                if (col.Contains(' ') && Chance(0.5)) col = "(" + col + ")";
                return $"{row} * w + {col}";
            }

            private static string Offset(string var, int offset, bool constantFirst) =>
                offset == 0 ? var
                : constantFirst && offset > 0 ? $"{offset} + {var}"
                : offset > 0 ? $"{var} + {offset}" : $"{var} - {-offset}";
        }
    }
}
