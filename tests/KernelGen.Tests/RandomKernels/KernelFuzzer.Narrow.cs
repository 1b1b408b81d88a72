using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KernelGen.Tests.RandomKernels
{
    /// <summary>The loop shapes of the kernels over byte, sbyte, short and ushort arrays (see KernelFuzzer.Narrow.cs).</summary>
    internal enum NarrowForm
    {
        /// <summary><c>foreach (int i in PRange(cnt)) r[i] = (byte)(… a[i + 1] …);</c></summary>
        Flat,
        /// <summary>Reads 2, 3 or 4 elements apart per iteration: <c>a[3 * i + 1]</c> (packed pixels, interleaved channels).</summary>
        Strided,
        /// <summary>Rows of width w: <c>foreach (int y in PRange(rows)) for (int x = 0; x &lt; w; x++) { int p = y * w + x; … }</c>.</summary>
        Rows,
        /// <summary><c>byte[,]</c> images: <c>foreach (int y in PRange(h)) for (int x = 1; x &lt; wd - 1; x++) r[y, x] = …;</c>.</summary>
        Grid,
    }

    /// <summary>
    /// What the runner needs to know of a narrow kernel to size its inputs: the trip count it wants is cnt, and the
    /// kernel computes cnt as (n − MaxOffset) / (Stride [· w]) from the arrays' length n.
    /// </summary>
    internal sealed record NarrowInfo(NarrowForm Form, int Stride, int MaxOffset, bool Tame);

    internal static partial class KernelFuzzer
    {
        /// <summary>With narrow kernels on (the default), the share of kernels over byte, sbyte, short and ushort arrays.</summary>
        public const double NarrowShare = 0.12;

        /// <summary>The element types C# widens to int before computing: byte, sbyte, short, ushort and char.</summary>
        public static bool IsNarrow(Elem e) => e is Elem.Byte or Elem.SByte or Elem.Short or Elem.UShort or Elem.Char;

        /// <summary>
        /// The body of a narrow or unsigned kernel: one to three statements (a declaration, a store to q, a reduction
        /// update or a store to r), then a store to r, sometimes one to q, and the reduction's update.
        /// </summary>
        private static void Statements(Random r, StringBuilder body, bool reduction, Func<string> declare, Func<string> storeQ, Func<string> reduce, Func<string> storeR)
        {
            int statements = r.Next(1, 4);
            for (int s = 0; s < statements; s++)
            {
                int pick = r.Next(10);
                if (pick < 4) body.Append(declare());
                else if (pick < 6) body.Append(storeQ());
                else if (pick < 7 && reduction) body.Append(reduce());
                else body.Append(storeR());
            }
            body.Append(storeR());
            if (r.NextDouble() < 0.5) body.Append(storeQ());
            if (reduction) body.Append(reduce());
        }

        /// <summary>The kernel's attribute line, sometimes with a chunk size or Deterministic; the options chosen.</summary>
        private static List<string> Options(Random r, StringBuilder text)
        {
            var options = new List<string>();
            if (r.NextDouble() < 0.2) options.Add("ChunkSize = " + new[] { 1, 3, 16, 64 }[r.Next(4)]);
            if (r.NextDouble() < 0.15) options.Add("Deterministic = true");
            text.Append(options.Count == 0 ? "        [ParallelKernel]\n" : $"        [ParallelKernel({string.Join(", ", options)})]\n");
            return options;
        }

        /// <summary>
        /// Kernels over byte, sbyte, short and ushort arrays (the vectorizer's int lanes and 16-bit lanes): elements read
        /// widened into int expressions (+ − * &amp; | ^, shifts by constants 0..20 and by the parameter m, comparisons,
        /// ?:, Math.Min/Max, narrowing casts inside expressions), stored through unchecked casts <c>(byte)(…)</c>,
        /// constants that overflow the narrow types, reads 2, 3 or 4 elements apart (<c>a[3 * i + 1]</c>), rows of width
        /// w (<c>a[y * w + x]</c>), <c>byte[,]</c> images with neighbours along x, float results (<c>a[i] / 255f</c>), int
        /// outputs and int reductions. About half are "tame" (byte-range constants, short shifts, no m or index values),
        /// so the 16-bit range proof often holds; the others mostly make it fail. Arrays a and b are only read, r and q
        /// written (at this iteration's element, sometimes read there first). Drawn from a stream of its own: the kernel
        /// is this or the one the seed gave before.
        /// </summary>
        private sealed class NarrowBuilder
        {
            private readonly Random _r;
            private readonly int _seed;
            private readonly Elem[] _arrays = new Elem[4];
            private NarrowForm _form;
            // 0 tame: byte-range constants, short shifts, no m or index values (the 16-bit range proof often holds);
            // 1 sized: tame where the size of a value matters (right shifts, comparisons, min/max), wild constants, m,
            //   indices and left shifts elsewhere (16-bit lanes must keep the low bits of values past 16 bits exact);
            // 2 wild: everywhere (the proof mostly fails).
            private int _mode;
            private int _sized;                    // generating a value whose size matters
            private bool _tame => _mode == 0 || _mode == 1 && _sized > 0;
            private bool _tameKernel => _mode < 2;
            private bool _vec;                     // only what the vectorizer translates (no /, %, ~, inner casts, branch or compound narrow stores)
            private int _strideA = 1, _strideB = 1;
            private int _maxOffset, _minOffset;   // of the reads along the loop (Flat, Strided, Rows' p)
            private int _minX, _maxX, _minY, _maxY; // Grid: neighbours along x and y; Rows: along x (within the row)
            private readonly List<string> _temps = new();
            private bool _reduction;
            private string _family = "sum";
            private int _temp;
            private bool _inlineP; // Rows: the element number written out (y * w + x) instead of the local p
            private int _channels; // Strided: r holds this many interleaved channels per iteration (r[3 * i + j], packed RGB), 0: r[i]
            private bool _grouped; // the channels' stores were emitted (once: a second set would store each element twice)

            public NarrowBuilder(int seed)
            {
                _r = new Random(seed ^ 0x510E527F);
                _seed = seed;
            }

            private bool Chance(double p) => _r.NextDouble() < p;
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];

            // char: text as ushorts (ASCII case and digit arithmetic, UTF-16 code units); the lanes hold it as a ushort's bits.
            private Elem NarrowElem() => _tameKernel ? Pick(Elem.Byte, Elem.Byte, Elem.Byte, Elem.SByte, Elem.Short, Elem.UShort, Elem.Char)
                                               : Pick(Elem.Byte, Elem.Byte, Elem.SByte, Elem.SByte, Elem.Short, Elem.UShort, Elem.Char);

            public FuzzKernel Build(int id)
            {
                _mode = _r.Next(3);
                _vec = Chance(0.65);
                int form = _r.Next(100);
                _form = form < 30 ? NarrowForm.Flat : form < 60 ? NarrowForm.Strided : form < 82 ? NarrowForm.Rows : NarrowForm.Grid;
                _arrays[0] = NarrowElem();
                _arrays[1] = NarrowElem();
                _arrays[2] = NarrowElem();
                if (_tameKernel) // mostly bytes in: 16-bit lanes take byte/sbyte loads at any stride, short/ushort ones only unit-stride
                    for (int a = 0; a < 2; a++) _arrays[a] = Pick(Elem.Byte, Elem.Byte, Elem.Byte, Elem.Byte, Elem.SByte, Elem.UShort);
                int qKind = _r.Next(20);
                _arrays[3] = qKind < (_tameKernel ? 17 : 10) ? NarrowElem() : qKind < 18 ? Elem.Int : Elem.Float; // 16-bit lanes store only narrow elements
                if (_form == NarrowForm.Strided) _strideA = Pick(2, 3, 3, 4);
                if (_form == NarrowForm.Rows && Chance(0.5)) _strideA = Pick(2, 3, 4);
                if (_form != NarrowForm.Grid && Chance(0.15)) _strideB = Pick(2, 3, 4);
                _inlineP = Chance(0.3);
                _channels = _form == NarrowForm.Strided && Chance(0.5) ? Math.Max(_strideA, _strideB) : 0;
                _grouped = false;
                _reduction = Chance(_tameKernel ? 0.05 : 0.2); // 16-bit lanes take no reductions
                if (_reduction) _family = _vec ? Pick("sum", "sum", "count", "min", "max") : Pick("sum", "sum", "count", "min", "max", "xor", "or", "and");
                int rank = _form == NarrowForm.Grid ? 2 : 1;

                // The innermost body first: its subscripts' offsets give the loops' ranges.
                string pad = Indent(_form is NarrowForm.Rows or NarrowForm.Grid ? 5 : 4);
                var body = new StringBuilder();
                if (_form == NarrowForm.Rows && !_inlineP) body.Append($"{pad}int p = {(Chance(0.3) ? "row + x" : "y * w + x")};\n");
                Statements(_r, body, _reduction, () => Declare(pad), () => StoreQ(pad), () => Reduce(pad), () => StoreR(pad));

                var text = new StringBuilder();
                text.Append($"    // kernel {id}, seed {_seed} (narrow: {_form}, {(_mode == 0 ? "tame" : _mode == 1 ? "sized" : "wild")})\n");
                text.Append($"    public static partial class K{id}\n    {{\n");
                List<string> options = Options(_r, text);
                string parameters = ArrayParameters(_arrays, rank) + ", long[] ires, double[] fres, int w, int m, double k";
                text.Append($"        public static void Kern({parameters})\n        {{\n");
                const string p3 = "            ";
                if (_reduction) text.Append($"{p3}int s0 = {ReductionInit()};\n");
                int stride = Math.Max(_strideA, _strideB);
                int maxOffset = Math.Max(0, _maxOffset);
                string LessOffset(string n) => maxOffset == 0 ? n : $"({n} - {maxOffset})";
                switch (_form)
                {
                    case NarrowForm.Flat:
                    case NarrowForm.Strided:
                    {
                        text.Append($"{p3}int n = {Pick("a", "b", "r", "q")}.Length;\n");
                        // cnt iterations keep stride·(cnt − 1) + offset below n for every read (the writes are at i < cnt ≤ n).
                        string count = stride == 1 ? (maxOffset == 0 ? "n" : $"n - {maxOffset}")
                            : maxOffset < stride && Chance(0.7) ? $"n / {stride}" : $"{LessOffset("n")} / {stride}";
                        text.Append($"{p3}int cnt = {count};\n");
                        int lo = _minOffset < 0 ? 1 : 0;
                        string range = lo == 1 ? "PRange(1, cnt)" : Pick("PRange(cnt)", "PRange(cnt)", "PRange(0, cnt)");
                        if (Chance(0.03)) range = lo == 1 ? "PRange(0, cnt)" : "PRange(cnt + 1)"; // one step past on purpose: both sides throw or agree
                        text.Append($"{p3}foreach (int i in {range})\n{p3}{{\n{body}{p3}}}\n");
                        break;
                    }
                    case NarrowForm.Rows:
                    {
                        text.Append($"{p3}int n = {Pick("a", "b", "r", "q")}.Length;\n");
                        string divisor = stride == 1 ? "w" : $"({stride} * w)";
                        text.Append($"{p3}int rows = {LessOffset("n")} / {divisor};\n");
                        int xlo = Math.Max(0, -_minX), xhi = Math.Max(0, _maxX);
                        string xLimit = xhi == 0 ? "w" : $"w - {xhi}";
                        string header = Chance(0.1) ? $"for (int x = {xlo}; x <= {xLimit} - 1; x++)" : $"for (int x = {xlo}; x < {xLimit}; x++)";
                        // One step past on purpose (the last row, or x = w): the serial loop throws only where the element
                        // past the end is read, and a guard hoisted out of the rows must not let the vector loop read it.
                        int past = _r.Next(100);
                        if (past < 3) header = $"for (int x = {xlo}; x <= {xLimit}; x++)";
                        text.Append($"{p3}foreach (int y in PRange({(past is >= 3 and < 6 ? "rows + 1" : "rows")}))\n{p3}{{\n");
                        if (body.ToString().Contains("row + x")) text.Append($"{p3}    int row = y * w;\n");
                        text.Append($"{p3}    {header}\n{p3}    {{\n{body}{p3}    }}\n{p3}}}\n");
                        break;
                    }
                    default:
                    {
                        string arr = Pick("a", "b", "r", "q");
                        text.Append(Chance(0.5) ? $"{p3}int h = {arr}.GetLength(0), wd = {arr}.GetLength(1);\n" : $"{p3}int h = {arr}.GetLength(0);\n{p3}int wd = {arr}.GetLength(1);\n");
                        int ylo = Math.Max(0, -_minY), yhi = Math.Max(0, _maxY), xlo = Math.Max(0, -_minX), xhi = Math.Max(0, _maxX);
                        string yLimit = yhi == 0 ? "h" : $"h - {yhi}", xLimit = xhi == 0 ? "wd" : $"wd - {xhi}";
                        string yRange = ylo == 0 && Chance(0.6) ? $"PRange({yLimit})" : $"PRange({ylo}, {yLimit})";
                        string xTest = $"x < {xLimit}";
                        // One step past on purpose: x = wd (the next row's first element, were the subscripts flattened) or y = h.
                        int past = _r.Next(100);
                        if (past < 4) xTest = $"x <= {xLimit}";
                        else if (past < 6) yRange = $"PRange({ylo}, {yLimit} + 1)";
                        text.Append($"{p3}foreach (int y in {yRange})\n{p3}{{\n{p3}    for (int x = {xlo}; {xTest}; x++)\n{p3}    {{\n{body}{p3}    }}\n{p3}}}\n");
                        break;
                    }
                }
                if (_reduction) text.Append($"{p3}ires[0] = s0;\n");
                text.Append("        }\n    }\n");
                var reductions = _reduction ? new List<FuzzReduction> { new("s0", Elem.Int, _family, 0, false) } : new List<FuzzReduction>();
                return new FuzzKernel
                {
                    Id = id, Seed = _seed, Arrays = (Elem[])_arrays.Clone(), Rank = rank, Reductions = reductions, Loops = 1,
                    Deterministic = options.Any(o => o.StartsWith("Deterministic", StringComparison.Ordinal)),
                    VectorFriendly = true, KernelText = text.ToString(), MagnitudeText = "",
                    Narrow = new NarrowInfo(_form, stride, maxOffset, _tameKernel),
                };
            }

            private static string Indent(int level) => new string(' ', level * 4);

            private string ReductionInit() => _family switch
            {
                "min" => Pick("int.MaxValue", "255", "0"),
                "max" => Pick("int.MinValue", "0", "(-1)"),
                "and" => Pick("-1", "0xFFFF", "0x7F7F"),
                _ => Pick("0", "0", "7"),
            };

            // ---------------------------------------------------------------- statements

            /// <summary>The written element of this iteration: <c>i</c>, <c>p</c> (or <c>y * w + x</c>), or <c>y, x</c>.</summary>
            private string Here => _form switch
            {
                NarrowForm.Flat or NarrowForm.Strided => "i",
                NarrowForm.Rows => _inlineP ? "y * w + x" : "p",
                _ => "y, x",
            };

            private string Declare(string pad)
            {
                string name = "t" + _temp++;
                string value = Int(_tame ? 3 : 4).Text;
                _temps.Add(name);
                return $"{pad}int {name} = {value};\n";
            }

            /// <summary>A store to r (narrow): mostly <c>r[i] = (byte)(int expression);</c>, sometimes other forms the scalar path keeps.</summary>
            private string StoreR(string pad)
            {
                if (_channels == 0) return StoreNarrow(pad, "r", _arrays[2]);
                if (_grouped) return StoreQ(pad);
                // Every channel of the iteration's pixel (BGR order or another), or now and then all but one (alpha left alone).
                _grouped = true;
                var order = Enumerable.Range(0, _channels).ToList();
                if (Chance(0.3)) order.Reverse();
                else if (Chance(0.15)) order = order.OrderBy(_ => _r.Next()).ToList();
                if (Chance(0.1)) order.RemoveAt(_r.Next(order.Count));
                var text = new StringBuilder();
                foreach (int j in order)
                    text.Append($"{pad}r[{_channels} * i{(j == 0 ? "" : " + " + j)}] = {Cast(_arrays[2], Chance(0.2) ? Read() : Int(_tame ? 3 : 4))};\n");
                return text.ToString();
            }

            private string StoreNarrow(string pad, string array, Elem t)
            {
                string target = $"{array}[{Here}]";
                string cast = Name(t);
                int pick = _r.Next(100);
                if (_vec) pick = pick < 85 ? 0 : pick < 95 ? 85 : 99;
                if (pick < 72) return $"{pad}{target} = {Cast(t, Int(_tame ? 3 : 4))};\n";
                if (pick < 78) return Leaf() is { Const: false } leaf ? $"{pad}{target} = ({cast}){leaf.Text};\n" : $"{pad}{target} = {Cast(t, Read())};\n";
                if (pick < 82)
                {
                    // Another narrowing first: (byte)(sbyte)(…) keeps the low 8 bits, (short)(byte)(…) zero-extends them.
                    Elem inner = Pick(Elem.Byte, Elem.SByte, Elem.Short, Elem.UShort);
                    X value = Int(2);
                    // A constant stays one through the inner cast: then the outer one must be unchecked too.
                    return $"{pad}{target} = {(value.Const ? Cast(t, new X(Cast(inner, value), true)) : $"({cast}){Cast(inner, value)}")};\n";
                }
                if (pick < 86) return $"{pad}{target} = {Cast(t, Int(1))};\n";
                if (pick < 90)
                {
                    // A compound assignment: the right side must convert implicitly (a constant in range, or a narrower element).
                    string op = Pick("+=", "-=", "^=", "|=", "&=");
                    string value = Pick("1", "3", "7", "0x0F");
                    return $"{pad}{target} {op} {(t == Elem.Char ? $"(char){value}" : value)};\n"; // (no implicit conversion of an int constant to char)
                }
                if (pick < 94) return $"{pad}if ({Condition(1)}) {target} = {Cast(t, Int(2))};\n";
                if (pick < 97) return $"{pad}{target} = {Cast(t, Int(2))};\n{pad}{target} = {Cast(t, new X($"{target} + {Int(1).Text}", false))};\n";
                return $"{pad}{target} = {Cast(t, new X(_tame ? Pick("0", "128", "255") : Pick("0", "1", "100", "(-1)", "65535"), true))};\n";
            }

            private string StoreQ(string pad)
            {
                Elem t = _arrays[3];
                if (IsNarrow(t)) return StoreNarrow(pad, "q", t);
                string target = $"q[{Here}]";
                if (t == Elem.Int)
                {
                    int pick = _r.Next(10);
                    if (pick < 7) return $"{pad}{target} = {Int(_tame ? 3 : 4).Text};\n";
                    if (pick < 9) return $"{pad}{target} {(_vec ? Pick("+=", "-=") : Pick("+=", "-=", "^=", "|="))} {Int(2).Text};\n";
                    return $"{pad}{target} = {Read().Text};\n";
                }
                // Floats: bytes normalized to [0, 1] (ML pre-processing), centred, scaled.
                return _r.Next(6) switch
                {
                    0 => $"{pad}{target} = {Read().Text} / 255f;\n",
                    1 => $"{pad}{target} = {Read().Text} / 255f - 0.5f;\n",
                    2 => $"{pad}{target} = {Read().Text} * (1f / 255f);\n",
                    3 => $"{pad}{target} = ({Int(2).Text}) * 0.25f;\n",
                    4 => $"{pad}{target} = {Read().Text} - 128f;\n",
                    _ => $"{pad}{target} = (float)({Int(2).Text}) / 255f + {target};\n",
                };
            }

            private string Reduce(string pad) => _family switch
            {
                "sum" => Chance(0.5) ? $"{pad}s0 += {Read().Text};\n" : $"{pad}s0 += {Int(2).Text};\n",
                "count" => $"{pad}if ({Condition(1)}) s0++;\n",
                "min" => $"{pad}s0 = Math.Min(s0, {Int(2).Text});\n",
                "max" => $"{pad}s0 = Math.Max({Int(2).Text}, s0);\n",
                "xor" => $"{pad}s0 ^= {Int(2).Text};\n",
                "or" => $"{pad}s0 |= {Int(2).Text};\n",
                _ => $"{pad}s0 &= {Int(2).Text};\n",
            };

            // ---------------------------------------------------------------- expressions

            /// <summary>An expression's text and whether it is a C# constant (a cast or an overflow of one is a compile error).</summary>
            private readonly record struct X(string Text, bool Const);

            /// <summary><c>(byte)(e)</c>; a constant operand is made unchecked (C# rejects a constant out of range otherwise).</summary>
            private static string Cast(Elem t, X e) => e.Const ? $"unchecked(({Name(t)})({e.Text}))" : $"({Name(t)})({e.Text})";

            /// <summary>Not both constants: a constant expression that overflows is a compile error (C# checks them).</summary>
            private X NotConst(X e) => e.Const ? Read() : e;

            /// <summary>An int expression (narrow elements widened as C# widens them).</summary>
            private X Int(int depth)
            {
                if (depth <= 0 || Chance(0.25)) return Leaf();
                int pick = _r.Next(_vec ? 89 : 100); // the last ones: ~, /, %, casts inside (scalar only)
                string shift = Pick("<<", ">>", ">>", ">>>");
                bool sized = pick is >= 46 and < 64 && shift != "<<" || pick is >= 64 and < 72;
                if (sized) _sized++;
                try { return Operator(pick, shift, depth); }
                finally { if (sized) _sized--; }
            }

            private X Operator(int pick, string shift, int depth)
            {
                X a = Int(depth - 1);
                if (pick < 14) { X b = Int(depth - 1); if (a.Const && b.Const) b = Read(); return new X($"{a.Text} + {Paren(b)}", false); }
                if (pick < 22) { X b = Int(depth - 1); if (a.Const && b.Const) b = Read(); return new X($"{a.Text} - ({b.Text})", false); }
                if (pick < 34)
                {
                    // Products: weights (77 * r + 150 * g), squares, and (wild) products past 16 bits before a shift.
                    X b = Chance(0.6) ? new X(Weight(), true) : Int(depth - 1);
                    if (a.Const && b.Const) a = Read();
                    return Chance(0.5) ? new X($"({a.Text}) * {Paren(b)}", false) : new X($"{Paren(b)} * ({a.Text})", false);
                }
                if (pick < 46)
                {
                    string op = Pick("&", "|", "^");
                    X b = Chance(0.5) ? new X(Mask(), true) : Int(depth - 1);
                    if (a.Const && b.Const) a = Read();
                    return new X($"({a.Text} {op} {b.Text})", false);
                }
                if (pick < 64)
                {
                    a = NotConst(a);
                    string count = !_tame && Chance(0.2) ? "m"
                        : (_tame ? _r.Next(0, 9) : _mode == 1 && shift == "<<" && Chance(0.8) ? _r.Next(0, 16) : _r.Next(0, 21)).ToString();
                    return new X($"({a.Text} {shift} {count})", false);
                }
                if (pick < 72)
                {
                    X b = Chance(0.4) ? new X(Bound(), true) : Int(depth - 1);
                    if (a.Const && b.Const) a = Read();
                    // A constant beside a byte would make Math.Min(byte, byte) and Math.Min(int, int) ambiguous: (int) as users write it.
                    if (b.Const) a = new X($"(int)({a.Text})", false);
                    else if (a.Const) b = new X($"(int)({b.Text})", false);
                    return new X($"{Pick("Math.Min", "Math.Max")}({a.Text}, {b.Text})", false);
                }
                if (pick < 84)
                {
                    X b = Int(depth - 1);
                    // (int) on one side: a byte and an sbyte have no common type (the other side converts to int). A
                    // constant too, where it is a narrowing cast's: unchecked((sbyte)(63)) is an sbyte constant, which C#
                    // converts to byte no more than an sbyte value (seed 996, kernel 27).
                    string yes = a.Const && !a.Text.StartsWith("unchecked((", StringComparison.Ordinal) ? a.Text : $"(int)({a.Text})";
                    return new X($"({Condition(1)} ? {yes} : {b.Text})", a.Const && b.Const); // a constant where the condition is one
                }
                if (pick < 89) { a = NotConst(a); return new X(_vec || Chance(0.7) ? $"-({a.Text})" : $"~({a.Text})", false); }
                if (pick < 94)
                {
                    // A narrowing cast inside the expression (the value widened again where it is used).
                    Elem t = Pick(Elem.Byte, Elem.SByte, Elem.Short, Elem.UShort);
                    return new X(Cast(t, a), a.Const); // unchecked((byte)(300)) is still a constant
                }
                if (pick < 97) { a = NotConst(a); return new X($"({a.Text}) {Pick("/", "%")} {Pick(3, 5, 7, 255)}", false); }
                return a;
            }

            /// <summary>
            /// A right operand in parentheses unless it is one token: <c>c1 + (c2 + x)</c>, <c>(x) * (c2 + y)</c>. Without
            /// them C# would fold c1 + c2 (or c1 * c2) as a constant, which may overflow at compile time (CS0220).
            /// </summary>
            private static string Paren(X e) => e.Text.Contains(' ') || e.Text.StartsWith("-", StringComparison.Ordinal) ? $"({e.Text})" : e.Text;

            private string Weight() => _tame ? Pick("2", "3", "29", "77", "150", "5", "255") : Pick("300", "1000", "257", "65537", "3", "(-7)", "77");
            private string Mask() => _tame ? Pick("0xFF", "0x0F", "0xF0", "127", "1", "0x3F") : Pick("0xFFFF", "0x7FFF", "0x8000", "0x1FF", "(-256)", "0xFF00FF", "0xFF");
            private string Bound() => _tame ? Pick("0", "255", "127", "16", "200") : Pick("-128", "32767", "(-32768)", "65535", "1000", "int.MaxValue");

            private X Leaf()
            {
                int pick = _r.Next(100);
                if (pick < 55) return Read();
                if (pick < 68 && _temps.Count > 0) return new X(_temps[_r.Next(_temps.Count)], false);
                if (pick < 85) return new X(Constant(), true);
                if (!_tame)
                {
                    if (pick < 91) return new X("m", false);
                    if (pick < 95) return new X(Index(), false);
                    return new X(Pick("w", "(m * 1000)", "(m - 3)"), false);
                }
                if (pick < 92) return new X($"({Index()} & {Pick("255", "127", "15")})", false);
                return Read();
            }

            private string Index() => _form switch
            {
                NarrowForm.Flat or NarrowForm.Strided => "i",
                NarrowForm.Rows => Pick("x", "y", _inlineP ? "x" : "p"),
                _ => Pick("x", "y"),
            };

            private string Constant()
            {
                if (_tame && Chance(0.85) || Chance(0.3)) return Pick("0", "1", "2", "3", "7", "8", "15", "16", "63", "100", "127", "128", "200", "255");
                return Pick("256", "300", "1000", "4095", "32767", "32768", "65535", "65536", "70000", "1048576", "(-1)", "(-128)", "(-129)",
                    "(-32768)", "(-32769)", "int.MaxValue", "int.MinValue", "0x7FFFFFFF", "0x12345");
            }

            private string Condition(int depth)
            {
                _sized++;
                try { return Comparison(depth); }
                finally { _sized--; }
            }

            private string Comparison(int depth)
            {
                int pick = _r.Next(10);
                if (depth > 0 && pick == 0) return $"{Condition(depth - 1)} && {Condition(depth - 1)}";
                if (depth > 0 && pick == 1) return $"({Condition(depth - 1)} || {Condition(depth - 1)})";
                if (depth > 0 && pick == 2) return $"!({Condition(depth - 1)})";
                string op = Pick("<", "<=", ">", ">=", "==", "!=");
                X a = Int(1), b = Chance(0.5) ? new X(_tame ? Pick("0", "64", "127", "128", "200", "255") : Pick("0", "(-1)", "255", "256", "32767", "40000", "m"), false) : Int(1);
                return $"{a.Text} {op} {b.Text}";
            }

            /// <summary>An element of a (strided in Strided/Rows forms), b (sometimes strided), or this iteration's r / q.</summary>
            private X Read()
            {
                int pick = _r.Next(100);
                if (pick < 8 && IsNarrow(_arrays[2])) return new X(_channels > 0 ? $"r[{_channels} * i + {_r.Next(_channels)}]" : $"r[{Here}]", false);
                if (pick < 12 && IsNarrow(_arrays[3])) return new X($"q[{Here}]", false);
                if (pick < 16 && _arrays[1] is Elem.Byte or Elem.SByte && _form != NarrowForm.Grid)
                {
                    // b as a 256-entry lookup table (gamma curves, S-boxes): an index of 0 … 255, b of at least ~900 elements.
                    X key = Int(1);
                    return new X(key.Const ? $"b[{Pick("0", "17", "255")}]" : $"b[({key.Text}) & 255]", false);
                }
                bool useA = pick < 60;
                string array = useA ? "a" : "b";
                int stride = useA ? _strideA : _strideB;
                if (_form == NarrowForm.Grid)
                {
                    int dx = Chance(0.6) ? 0 : _r.Next(-1, 2), dy = Chance(0.85) ? 0 : _r.Next(-1, 2);
                    _minX = Math.Min(_minX, dx); _maxX = Math.Max(_maxX, dx); _minY = Math.Min(_minY, dy); _maxY = Math.Max(_maxY, dy);
                    return new X($"{array}[{Offset("y", dy)}, {Offset("x", dx)}]", false);
                }
                string at = _form == NarrowForm.Rows ? (_inlineP ? "(y * w + x)" : "p") : "i";
                if (_form == NarrowForm.Rows && stride == 1 && Chance(0.15))
                {
                    // A neighbour along the row (the x loop's range keeps it inside the row).
                    int dx = Pick(-1, 1);
                    _minX = Math.Min(_minX, dx); _maxX = Math.Max(_maxX, dx);
                    return new X($"{array}[{(_inlineP ? "y * w + x" : "p")} {(dx > 0 ? "+" : "-")} 1]", false);
                }
                int offset = stride == 1
                    ? (Chance(0.6) ? 0 : _form == NarrowForm.Rows ? _r.Next(0, 3) : _r.Next(-1, 3))
                    : _form == NarrowForm.Strided && Chance(0.08) ? -_r.Next(1, stride + 1) // the pixel before (the loop starts at 1)
                    : Chance(0.85) ? _r.Next(0, stride) : _r.Next(stride, stride + 2);
                _maxOffset = Math.Max(_maxOffset, offset);
                _minOffset = Math.Min(_minOffset, offset);
                string bare = at.Trim('(', ')');
                string index = stride == 1 ? Offset(bare, offset)
                    : _r.Next(4) switch
                    {
                        0 => Offset($"{at} * {stride}", offset),
                        1 when offset > 0 => $"{offset} + {stride} * {at}",
                        _ => Offset($"{stride} * {at}", offset),
                    };
                return new X($"{array}[{index}]", false);
            }

            private static string Offset(string var, int offset) => offset == 0 ? var : offset > 0 ? $"{var} + {offset}" : $"{var} - {-offset}";
        }
    }
}
