using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KernelGen.Tests.RandomKernels
{
    internal static partial class KernelFuzzer
    {
        /// <summary>With narrow kernels on, the share of them over uint or ulong arrays instead (KERNELGEN_FUZZ_UNSIGNED).</summary>
        public const double UnsignedShare = 0.3;

        public static bool IsUnsigned(Elem e) => e is Elem.UInt or Elem.ULong;

        /// <summary>
        /// Kernels over uint and ulong arrays: the vectorizer holds their elements as the bits of ints and longs, where
        /// + − * &amp; | ^ &lt;&lt; and ~ give the same bits, &gt;&gt; must shift logically, and comparisons, min/max,
        /// division and conversions to wider or floating types differ from the signed ones. Shaped like the code users
        /// write with them: per-element hashes (MurmurHash3's fmix32 finalizer, splitmix64, FNV-1a steps, xorshift;
        /// the constants are the published algorithms'), bit masks and fields, packed ARGB pixels (a uint a pixel,
        /// channels taken out with shifts and masks), random floats from hash bits (<c>(h &gt;&gt; 8) * (1f / 16777216f)</c>),
        /// and reductions in the unsigned type. Expressions are typed: every operand of an operator is of the kernel's
        /// unsigned type (C# would otherwise widen uint with int to long, and reject ulong with int), ints enter by an
        /// explicit cast. About two thirds use only what the int/long lanes translate; the rest mix in the operators
        /// the vectorizer refuses (comparisons, ?:, Math.Min/Max, / and %, conversions to long and double, high
        /// halves of products), so that the loop stays scalar or takes another plan, and must still agree.
        /// Arrays a and b are read (at i and constant offsets), r written at i (sometimes read there first), q of the
        /// kernel's type, int, long, float or double written at i.
        /// </summary>
        private sealed class UnsignedBuilder
        {
            private readonly Random _r;
            private readonly int _seed;
            private readonly Elem[] _arrays = new Elem[4];
            private Elem _t;          // UInt or ULong
            private bool _vec;        // only what the int/long lanes translate
            private int _maxOffset, _minOffset;
            private readonly List<string> _temps = new();
            private int _temp;
            private bool _reduction;
            private string _family = "sum";

            public UnsignedBuilder(int seed)
            {
                _r = new Random(seed ^ 0x1F83D9AB);
                _seed = seed;
            }

            private bool Chance(double p) => _r.NextDouble() < p;
            private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];

            private string UName => Name(_t);
            private bool Long => _t == Elem.ULong;
            private string Lit(string digits) => digits + (Long ? "UL" : "u");

            public FuzzKernel Build(int id)
            {
                _t = Chance(0.6) ? Elem.UInt : Elem.ULong;
                if (_t == Elem.UInt && Chance(0.2)) return BuildWidened(id);
                _vec = Chance(0.65);
                _arrays[0] = _arrays[1] = _arrays[2] = _t;
                int qKind = _r.Next(10);
                _arrays[3] = qKind < 4 ? _t : qKind < 6 ? (Long ? Elem.Long : Elem.Int) : qKind < 8 ? Elem.Float : Elem.Double;
                _reduction = Chance(0.3);
                if (_reduction) _family = _vec ? Pick("sum", "xor", "or", "and", "min", "max") : Pick("sum", "xor", "or", "and", "min", "max", "count");

                const string pad = "                ";
                var body = new StringBuilder();
                Statements(_r, body, _reduction, () => Declare(pad), () => StoreQ(pad), () => Reduce(pad), () => StoreR(pad));

                var text = new StringBuilder();
                text.Append($"    // kernel {id}, seed {_seed} (unsigned: {UName}, {(_vec ? "lane operators" : "mixed")})\n");
                text.Append($"    public static partial class K{id}\n    {{\n");
                List<string> options = Options(_r, text);
                string parameters = ArrayParameters(_arrays, 1) + ", long[] ires, double[] fres, int w, int m, double k";
                text.Append($"        public static void Kern({parameters})\n        {{\n");
                const string p3 = "            ";
                if (_reduction) text.Append($"{p3}{(_family == "count" ? "int" : UName)} s0 = {ReductionInit()};\n");
                int maxOffset = Math.Max(0, _maxOffset);
                text.Append($"{p3}int n = {Pick("a", "b", "r", "q")}.Length;\n");
                text.Append($"{p3}int cnt = {(maxOffset == 0 ? "n" : $"n - {maxOffset}")};\n");
                int lo = _minOffset < 0 ? 1 : 0;
                string range = lo == 1 ? "PRange(1, cnt)" : Pick("PRange(cnt)", "PRange(cnt)", "PRange(0, cnt)");
                if (Chance(0.03)) range = lo == 1 ? "PRange(0, cnt)" : "PRange(cnt + 1)"; // one step past on purpose: both sides throw or agree
                text.Append($"{p3}foreach (int i in {range})\n{p3}{{\n{body}{p3}}}\n");
                if (_reduction) text.Append($"{p3}ires[0] = (long)s0;\n");
                text.Append("        }\n    }\n");
                var reductions = _reduction ? new List<FuzzReduction> { new("s0", _family == "count" ? Elem.Int : _t, _family, 0, false) } : new List<FuzzReduction>();
                return new FuzzKernel
                {
                    Id = id, Seed = _seed, Arrays = (Elem[])_arrays.Clone(), Rank = 1, Reductions = reductions, Loops = 1,
                    Deterministic = options.Any(o => o.StartsWith("Deterministic", StringComparison.Ordinal)),
                    VectorFriendly = _vec, KernelText = text.ToString(), MagnitudeText = "",
                    Narrow = new NarrowInfo(NarrowForm.Flat, 1, maxOffset, _vec),
                };
            }

            /// <summary>
            /// uints read straight into long or double arithmetic (<c>q[i] = a[i] * 3L - b[i + 1]</c>, a long total of
            /// uint pixels): the vectorizer's zero-extending loads into long lanes.
            /// </summary>
            private FuzzKernel BuildWidened(int id)
            {
                _arrays[0] = _arrays[1] = _arrays[2] = Elem.UInt;
                _arrays[3] = Chance(0.6) ? Elem.Long : Elem.Double;
                bool isLong = _arrays[3] == Elem.Long;
                _reduction = Chance(0.4);
                string Term() => Chance(0.7) ? Read().Text : isLong ? Pick("(long)m", "7L", "(long)i") : Pick("k", "0.25", "(double)i");
                string Weight() => isLong ? Pick("3L", "(-2L)", "1L", "0x100000000L") : Pick("0.5", "(-1.5)", "2.0");
                const string pad = "                ";
                var body = new StringBuilder();
                for (int s = _r.Next(1, 4); s > 0; s--)
                {
                    int pick = _r.Next(4);
                    string value = pick switch
                    {
                        0 => $"{Term()} * {Weight()} {Pick("+", "-")} {Term()}",
                        1 => $"{Term()} {Pick("+", "-")} {Term()}",
                        2 => isLong ? $"({Read().Text} & 0xFFFFu) * {Read().Text} + {Term()}" : $"(double){Read().Text} * k",
                        _ => isLong ? $"(long){Read().Text} << {_r.Next(0, 33)}" : $"Math.Max({Read().Text} * 0.5, k)",
                    };
                    body.Append($"{pad}q[i] {Pick("=", "=", "+=")} {value};\n");
                }
                if (_reduction) body.Append($"{pad}s0 {Pick("+=", "+=", "-=")} {Read().Text};\n");
                if (Chance(0.3)) body.Append($"{pad}r[i] = {Read().Text};\n"); // (a uint copy: bits, in any lanes)
                var text = new StringBuilder();
                text.Append($"    // kernel {id}, seed {_seed} (unsigned: uint widened to {Name(_arrays[3])})\n");
                text.Append($"    public static partial class K{id}\n    {{\n        [ParallelKernel]\n");
                text.Append($"        public static void Kern({ArrayParameters(_arrays, 1)}, long[] ires, double[] fres, int w, int m, double k)\n        {{\n");
                const string p3 = "            ";
                if (_reduction) text.Append($"{p3}long s0 = {Pick("0", "0", "(long)m")};\n");
                int maxOffset = Math.Max(0, _maxOffset);
                text.Append($"{p3}int n = {Pick("a", "b", "r", "q")}.Length;\n{p3}int cnt = {(maxOffset == 0 ? "n" : $"n - {maxOffset}")};\n");
                text.Append($"{p3}foreach (int i in {(_minOffset < 0 ? "PRange(1, cnt)" : "PRange(cnt)")})\n{p3}{{\n{body}{p3}}}\n");
                if (_reduction) text.Append($"{p3}ires[0] = s0;\n");
                text.Append("        }\n    }\n");
                return new FuzzKernel
                {
                    Id = id, Seed = _seed, Arrays = (Elem[])_arrays.Clone(), Rank = 1, Loops = 1, VectorFriendly = true,
                    Reductions = _reduction ? new List<FuzzReduction> { new("s0", Elem.Long, "sum", 0, false) } : new List<FuzzReduction>(),
                    KernelText = text.ToString(), MagnitudeText = "", Narrow = new NarrowInfo(NarrowForm.Flat, 1, maxOffset, true),
                };
            }

            private string ReductionInit() => _family switch
            {
                "min" => Pick(Long ? "ulong.MaxValue" : "uint.MaxValue", Lit("1000")),
                "max" => Pick("0", Lit("7")),
                "and" => Pick(Long ? "ulong.MaxValue" : "uint.MaxValue", Lit("0xFFFF")),
                "count" => "0",
                _ => Pick("0", "0", Lit("0x9E3779B9")),
            };

            // ---------------------------------------------------------------- statements

            private string Declare(string pad)
            {
                string name = "t" + _temp++;
                var text = new StringBuilder($"{pad}{UName} {name} = {U(3).Text};\n");
                // A hash finalizer mixing the local in place (MurmurHash3's fmix32 / splitmix64's mix, xorshift).
                if (Chance(0.35))
                    foreach (string step in Mixer(name)) text.Append($"{pad}{step}\n");
                _temps.Add(name);
                return text.ToString();
            }

            /// <summary>The published mixing steps of a hash finalizer or xorshift generator, on the local <paramref name="h"/>.</summary>
            private IEnumerable<string> Mixer(string h) => Long
                ? Pick(
                    new[] { $"{h} ^= {h} >> 30;", $"{h} *= 0xBF58476D1CE4E5B9UL;", $"{h} ^= {h} >> 27;", $"{h} *= 0x94D049BB133111EBUL;", $"{h} ^= {h} >> 31;" }, // splitmix64
                    new[] { $"{h} ^= {h} << 13;", $"{h} ^= {h} >> 7;", $"{h} ^= {h} << 17;" },                                                                        // xorshift64
                    new[] { $"{h} = ({h} ^ 0xCBF29CE484222325UL) * 0x100000001B3UL;" })                                                                                 // FNV-1a 64 step
                : Pick(
                    new[] { $"{h} ^= {h} >> 16;", $"{h} *= 0x85EBCA6Bu;", $"{h} ^= {h} >> 13;", $"{h} *= 0xC2B2AE35u;", $"{h} ^= {h} >> 16;" },                       // MurmurHash3 fmix32
                    new[] { $"{h} ^= {h} << 13;", $"{h} ^= {h} >> 17;", $"{h} ^= {h} << 5;" },                                                                        // xorshift32
                    new[] { $"{h} = ({h} ^ 2166136261u) * 16777619u;" });                                                                                               // FNV-1a 32 step

            private string StoreR(string pad)
            {
                const string target = "r[i]";
                int pick = _r.Next(100);
                if (pick < 55) return $"{pad}{target} = {U(3).Text};\n";
                if (pick < 70) return $"{pad}{target} {Pick("+=", "^=", "|=", "&=", "*=", "-=")} {U(2).Text};\n";
                if (pick < 78) return $"{pad}{target} = {target} * {Lit("31")} + {Read().Text};\n"; // a running hash of two arrays (Java-style)
                if (pick < 86 && !_vec) return $"{pad}if ({Condition(1)}) {target} = {U(2).Text};\n";
                if (pick < 92)
                {
                    // Packed ARGB: a channel out, scaled, and back (alpha kept).
                    string p = Read().Text;
                    string c = Pick("16", "8", "0");
                    return Long ? $"{pad}{target} = ({p} & 0xFFFFFFFF00000000UL) | (({p} >> 8) & 0xFFFFFFUL);\n"
                        : $"{pad}{target} = ({p} & 0xFF000000u) | (((({p} >> {c}) & 0xFFu) * {Lit(Pick("3", "5", "255"))} >> 8) << {c}) | ({p} & {Lit(Pick("0xFFFF", "0xFF00", "0x00FF"))});\n";
                }
                return $"{pad}{target} = {Read().Text};\n";
            }

            private string StoreQ(string pad)
            {
                const string target = "q[i]";
                Elem q = _arrays[3];
                if (q == _t) return $"{pad}{target} {Pick("=", "=", "^=")} {U(3).Text};\n";
                X v = NotConst(U(2)); // (a constant's conversion to int is checked at compile time)
                string vp = Paren(v);
                int pick = _r.Next(_vec ? 3 : 6);
                switch (q)
                {
                    case Elem.Int or Elem.Long:
                    {
                        string s = Name(q);
                        return pick switch
                        {
                            0 => $"{pad}{target} = ({s})({v.Text});\n",                          // the bits as the signed type
                            1 => $"{pad}{target} = ({s})({vp} >> {(Long ? 40 : 8)});\n",
                            2 => $"{pad}{target} += ({s})({v.Text});\n",
                            3 => $"{pad}{target} = ({s})({vp} % {Lit("1000")});\n",
                            4 => $"{pad}{target} = {vp} > {Lit("0x7FFFFFFF")} ? -1 : 1;\n",
                            _ => Long ? $"{pad}{target} = (long)({vp} / 3UL);\n" : $"{pad}{target} = (int)({vp} / 3u);\n",
                        };
                    }
                    case Elem.Float:
                        return pick switch
                        {
                            // Random floats in [0, 1) from a hash's high bits (24 of them: exact in a float).
                            0 => $"{pad}{target} = ({vp} >> {(Long ? 40 : 8)}) * (1f / 16777216f);\n",
                            1 => $"{pad}{target} = (float)({vp} & {Lit("0xFFFF")}) - 32768f;\n",
                            2 => $"{pad}{target} = ({vp} & {Lit("0xFF")}) / 255f;\n",
                            3 => $"{pad}{target} = {v.Text};\n",                                    // uint → float, rounded (past 2^24)
                            4 => $"{pad}{target} = (float)({vp} * {Lit("3")});\n",
                            _ => $"{pad}{target} = {vp} * 2.3283064E-10f;\n",
                        };
                    default:
                        return pick switch
                        {
                            0 => $"{pad}{target} = ({vp} >> {(Long ? 11 : 0)}) * {(Long ? "(1.0 / 9007199254740992.0)" : "(1.0 / 4294967296.0)")};\n", // [0, 1): 53 (32) bits
                            1 => $"{pad}{target} = (double)({vp} & {Lit("0xFFFFF")}) * 0.5;\n",
                            2 => $"{pad}{target} += ({vp} & {Lit("0xFF")}) * 0.25;\n",
                            3 => $"{pad}{target} = {v.Text};\n",
                            4 => $"{pad}{target} = (double)({vp} - {Lit("5")}) * k;\n",
                            _ => $"{pad}{target} = Math.Sqrt({v.Text});\n",
                        };
                }
            }

            private string Reduce(string pad) => _family switch
            {
                "sum" => $"{pad}s0 += {U(2).Text};\n",
                "xor" => $"{pad}s0 ^= {U(2).Text};\n",
                "or" => $"{pad}s0 |= {U(2).Text};\n",
                "and" => $"{pad}s0 &= {U(2).Text};\n",
                "min" => $"{pad}s0 = Math.Min(s0, {U(2).Text});\n",
                "max" => $"{pad}s0 = Math.Max({U(2).Text}, s0);\n",
                _ => $"{pad}if ({Condition(1)}) s0++;\n",
            };

            // ---------------------------------------------------------------- expressions

            private readonly record struct X(string Text, bool Const);

            private X NotConst(X e) => e.Const ? Read() : e;

            /// <summary>Parentheses around anything but one token (C# folds c1 + c2 as a constant, which may overflow: CS0220).</summary>
            private static string Paren(X e) => e.Text.Contains(' ') || e.Text.StartsWith("-", StringComparison.Ordinal) ? $"({e.Text})" : e.Text;

            /// <summary>An expression of the kernel's unsigned type.</summary>
            private X U(int depth)
            {
                if (depth <= 0 || Chance(0.25)) return Leaf();
                int pick = _r.Next(_vec ? 62 : 100);
                X a = U(depth - 1);
                if (pick < 12) { X b = U(depth - 1); if (a.Const && b.Const) b = Read(); return new X($"{a.Text} + {Paren(b)}", false); }
                if (pick < 18) { X b = U(depth - 1); if (a.Const && b.Const) b = Read(); return new X($"{Paren(a)} - {Paren(b)}", false); }
                if (pick < 28)
                {
                    // Products: hash multipliers, small weights, squares.
                    X b = Chance(0.6) ? new X(Multiplier(), true) : U(depth - 1);
                    if (a.Const && b.Const) a = Read();
                    return new X($"{Paren(a)} * {Paren(b)}", false);
                }
                if (pick < 40)
                {
                    X b = Chance(0.5) ? new X(Mask(), true) : U(depth - 1);
                    if (a.Const && b.Const) a = Read();
                    return new X($"({a.Text} {Pick("&", "|", "^")} {b.Text})", false);
                }
                if (pick < 54)
                {
                    a = NotConst(a);
                    string shift = Pick("<<", ">>", ">>", ">>>");
                    string count = Chance(0.15) ? "m" : _r.Next(0, Long ? 68 : 36).ToString(); // C# masks the count (to 0..31 / 0..63)
                    return new X($"({a.Text} {shift} {count})", false);
                }
                if (pick < 58) return new X($"~{Paren(a)}", a.Const);
                if (pick < 62)
                {
                    // An int (the index, m, an arithmetic shift of the bits as a signed value) made unsigned.
                    string s = Long ? "long" : "int";
                    return Chance(0.5) ? new X($"({UName})(({s}){Paren(NotConst(a))} >> 1)", false) : new X($"({UName})({Pick("i * 7", "i - m", "m * i + 3")})", false);
                }
                // The operators the lanes refuse (the loop stays scalar or takes another plan).
                if (pick < 70)
                {
                    X b = U(depth - 1);
                    if (a.Const && b.Const) a = Read();
                    return new X($"{Pick("Math.Min", "Math.Max")}({a.Text}, {b.Text})", false);
                }
                if (pick < 80) { X b = U(depth - 1); return new X($"({Condition(1)} ? {a.Text} : {b.Text})", a.Const && b.Const); } // a constant where the condition is one
                if (pick < 86) { a = NotConst(a); return new X($"{Paren(a)} {Pick("/", "%")} {Lit(Pick("3", "7", "10", "255", "65536"))}", false); }
                if (pick < 92)
                {
                    // The high half of a product (a multiply-shift hash, a fixed-point scale).
                    a = NotConst(a);
                    return Long ? new X($"(ulong)(((UInt128){Paren(a)} * {Multiplier()}) >> 64)", false)
                        : new X($"(uint)(((ulong){Paren(a)} * {Multiplier()}) >> 32)", false);
                }
                if (pick < 96)
                {
                    a = NotConst(a);
                    return new X($"System.Numerics.BitOperations.{Pick("RotateLeft", "RotateRight")}({a.Text}, {_r.Next(1, Long ? 64 : 32)})", false);
                }
                // Through a wider or floating type and back.
                a = NotConst(a);
                return Long ? new X($"({UName})(double)({a.Text} >> 11)", false) : new X($"({UName})((long){Paren(a)} * 3 >> 1)", false);
            }

            private string Multiplier() => Long
                ? Pick("0x9E3779B97F4A7C15UL", "0xBF58476D1CE4E5B9UL", "31UL", "3UL", "0x100000001B3UL", "1UL")
                : Pick("0x9E3779B1u", "0x85EBCA6Bu", "16777619u", "31u", "3u", "2654435761u", "1u", "65537u");

            private string Mask() => Long
                ? Pick("0xFFUL", "0xFFFFFFFFUL", "0xFFFFFFFF00000000UL", "0x8000000000000000UL", "0x5555555555555555UL", "1UL")
                : Pick("0xFFu", "0xFF00u", "0xFF000000u", "0x80000000u", "0x7FFFFFFFu", "0x55555555u", "1u", "0x3Fu");

            private X Leaf()
            {
                int pick = _r.Next(100);
                if (pick < 55) return Read();
                if (pick < 68 && _temps.Count > 0) return new X(_temps[_r.Next(_temps.Count)], false);
                if (pick < 85) return new X(Constant(), true);
                if (pick < 92) return new X($"({UName})i", false);
                return new X($"({UName})m", false); // m = −1 gives all ones
            }

            private string Constant() => Long
                ? Pick("0UL", "1UL", "3UL", "7UL", "255UL", "0xFFFFFFFFUL", "0x100000000UL", "0x8000000000000000UL", "ulong.MaxValue", "12345UL", "0x7FFFFFFFFFFFFFFFUL", "uint.MaxValue")
                : Pick("0u", "1u", "3u", "7u", "255u", "0x80000000u", "0xFFFFFFFFu", "0x7FFFFFFFu", "uint.MaxValue", "12345u", "65535u", "65536u");

            private string Condition(int depth)
            {
                int pick = _r.Next(10);
                if (depth > 0 && pick == 0) return $"{Condition(depth - 1)} && {Condition(depth - 1)}";
                if (depth > 0 && pick == 1) return $"({Condition(depth - 1)} || {Condition(depth - 1)})";
                if (pick == 2) return $"({U(1).Text} & {Lit("1")}) == 0"; // a bit test
                X a = U(1), b = Chance(0.5) ? new X(Constant(), true) : U(1);
                return $"{a.Text} {Pick("<", "<=", ">", ">=", "==", "!=")} {b.Text}";
            }

            /// <summary>An element of a or b at i and a constant offset, or this iteration's r / q.</summary>
            private X Read()
            {
                int pick = _r.Next(100);
                if (pick < 10) return new X("r[i]", false);
                if (pick < 15 && _arrays[3] == _t) return new X("q[i]", false);
                string array = pick < 60 ? "a" : "b";
                int offset = Chance(0.6) ? 0 : _r.Next(-1, 3);
                _maxOffset = Math.Max(_maxOffset, offset);
                _minOffset = Math.Min(_minOffset, offset);
                return new X($"{array}[{(offset == 0 ? "i" : offset > 0 ? $"i + {offset}" : "i - 1")}]", false);
            }
        }
    }
}
