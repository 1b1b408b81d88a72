using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KernelGen.Tests.RandomKernels
{
    internal static partial class KernelFuzzer
    {
        /// <summary>
        /// The share of kernels that get side-effect constructs (with effects on); of the vector-friendly kernels only
        /// <see cref="VectorEffectShare"/>, so that most of them keep their vector loop (about 30% of all kernels in all).
        /// </summary>
        public const double EffectShare = 0.4, VectorEffectShare = 0.1;

        /// <summary>
        /// The side-effect constructs (see <see cref="EffectKind"/>). Everything here draws from <c>_fx</c>, never from
        /// the kernel's own stream, and the magnitude twin makes the same draws, so both get the same constructs and
        /// the kernel around them is the text it would be without them. A construct is appended to the body of one
        /// outermost PRange loop (2-D kernels: to the inner loop's body, where an element's subscript is known); its
        /// value goes to an element this iteration already writes, or into a reduction, so that it is observable.
        /// </summary>
        private sealed partial class Builder
        {
            private readonly Random? _fx;
            private readonly List<(EffectKind Kind, int Loop)> _fxPlan = new();
            private readonly List<FuzzEffect> _effects = new();
            private readonly List<FuzzExtra> _extras = new();
            private readonly List<FuzzStatic> _statics = new();
            private readonly StringBuilder _members = new();
            private readonly StringBuilder _factories = new(); // class F{id}: a fresh argument per call for each extra parameter
            private string _fxPrelude = "";   // declarations before the loop that holds a construct
            private string _fxAfter = "";     // stores after the last loop (a counter's final value into ires)
            private int _fxSlot = 4;          // ires[4..6]: reductions use ires[0..2], 'last' ires[7]
            private int _loopOrdinal;
            private int _id;
            private bool _accClass;

            private bool FxChance(double p) => _fx!.NextDouble() < p;
            private T FxPick<T>(params T[] items) => items[_fx!.Next(items.Length)];

            /// <summary>Chooses the kernel's constructs and their loops (once the loop count is known).</summary>
            private void PlanEffects(int id, int loops)
            {
                _id = id;
                // Kernels over rectangular arrays get none (the constructs' sinks and rows are written for 1-D elements).
                if (_fx is null || _rank > 1 || !FxChance(_vector ? VectorEffectShare : EffectShare)) return;
                var kinds = (EffectKind[])Enum.GetValues(typeof(EffectKind));
                // KERNELGEN_FUZZ_EFFECT_KIND=PureHelperBlock (a kind's name): only that kind (hunting mode; unset: all).
                if (Enum.TryParse(Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_EFFECT_KIND"), out EffectKind only)) kinds = new[] { only };
                int count = FxChance(0.2) && kinds.Length > 1 ? 2 : 1;
                while (_fxPlan.Count < count)
                {
                    EffectKind kind = kinds[_fx.Next(kinds.Length)];
                    if (_fxPlan.Any(p => p.Kind == kind)) continue;
                    _fxPlan.Add((kind, _fx.Next(loops)));
                }
            }

            private void FillEffects(Built built)
            {
                built.Effects = _effects;
                built.Extras = _extras;
                built.Statics = _statics;
                var support = new StringBuilder();
                if (_accClass)
                    support.Append($"    public sealed class Acc{_id}\n    {{\n        public double Total;\n        public long Count;\n        public int Scale = 2;\n        public double[] Slots = new double[4];\n    }}\n");
                if (_factories.Length > 0)
                    support.Append($"    public static class F{_id}\n    {{\n").Append(_factories).Append("    }\n");
                built.Support = support.ToString();
            }

            /// <summary>The constructs planned for the current loop, at <paramref name="level"/>, each line marked <c>// fx{n}</c>.</summary>
            private string EffectStatements(int level)
            {
                if (_fxPlan.Count == 0) return "";
                var text = new StringBuilder();
                for (int n = 0; n < _fxPlan.Count; n++)
                {
                    if (_fxPlan[n].Loop != _loopOrdinal) continue;
                    EffectKind kind = _fxPlan[n].Kind;
                    string statements = Construct(kind, n, level);
                    _effects.Add(new FuzzEffect(kind, _loopOrdinal, _unsafeLoop, n));
                    foreach (string line in statements.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        text.Append(line).Append(" // fx").Append(n).Append('\n');
                }
                return text.ToString();
            }

            // ------------------------------------------------------------ values and sinks

            /// <summary>This iteration's element: the subscript every array is read at (and the jagged rows' slot).</summary>
            private string FxIndex => _twoD ? (_colMajor ? "j * w + i" : "i * w + j") : _boundary is not null ? $"i - {_boundary}" : "i";

            private string FxLiteral(Elem t) => t switch
            {
                Elem.Int => FxPick("2", "3", "(-1)", "5", "7"),
                Elem.Long => FxPick("2L", "3L", "(-5L)", "11L"),
                Elem.Float => FxPick("0.5f", "1.5f", "(-2f)", "0.25f"),
                _ => FxPick("0.5", "1.25", "(-2.0)", "3.0", "0.1"),
            };

            private static string Cast(string text, Elem from, Elem to) => from == to ? text : $"({Name(to)})({text})";

            /// <summary>A read of this iteration's element of an array the loop writes nowhere else (never a cross-iteration dependence).</summary>
            private string FxRead(Elem t)
            {
                var readable = Enumerable.Range(0, 4).Where(x => _twoD || !_written.TryGetValue(x, out int at) || at == 0).ToList();
                int index = readable[_fx!.Next(readable.Count)];
                return Cast($"{ArrayNames[index]}[{FxIndex}]", _arrays[index], t);
            }

            private string FxLeaf(Elem t)
            {
                int pick = _fx!.Next(20);
                if (pick < 11) return FxRead(t);
                if (pick < 14) return $"({Name(t)})i";
                if (pick < 16 && !_mIsReduction) return Cast("m", Elem.Int, t);
                if (pick < 18) return Cast("k", Elem.Double, t);
                return FxLiteral(t);
            }

            /// <summary>An expression of type <paramref name="t"/> from this iteration's data (reads, i, m, k, literals).</summary>
            private string FxValue(Elem t)
            {
                if (FxChance(0.5)) return FxLeaf(t);
                string op = t is Elem.Int or Elem.Long ? FxPick("+", "-", "*", "^") : FxPick("+", "-", "*");
                return $"({FxLeaf(t)} {op} {FxLeaf(t)})";
            }

            private string FxCondition() => _fx!.Next(3) switch
            {
                0 => $"{FxValue(Elem.Double)} > {FxLiteral(Elem.Double)}",
                1 => "(i & 1) == 0",
                _ => $"i % {FxPick(3, 5)} == 0",
            };

            /// <summary>
            /// Makes <paramref name="value"/> (of type <paramref name="type"/>) observable without a dependence between
            /// iterations: added into an element this iteration writes anyway, or into one of the kernel's reductions.
            /// </summary>
            private string Sink(int level, string value, Elem type)
            {
                string pad = Indent(level);
                bool toArray = _written.Count > 0 && (_reds.Count == 0 || FxChance(0.6));
                if (toArray)
                {
                    int index = _written.Keys.OrderBy(x => x).ElementAt(_fx!.Next(_written.Count));
                    Elem t = _arrays[index];
                    string subscript;
                    if (_twoD || _boundary is not null) subscript = FxIndex;
                    else
                    {
                        int offset = _written[index];
                        _minOuter = Math.Min(_minOuter, offset); _maxOuter = Math.Max(_maxOuter, offset); // the range stays in bounds
                        subscript = Offset("i", offset, false);
                    }
                    string op = t is Elem.Int or Elem.Long ? FxPick("+=", "-=", "^=") : FxPick("+=", "-=");
                    return $"{pad}{ArrayNames[index]}[{subscript}] {op} {Cast(value, type, t)};\n";
                }
                FuzzReduction red = _reds[_fx!.Next(_reds.Count)];
                string s = red.Name, e = Cast(value, type, red.Type);
                switch (red.Family)
                {
                    case "sum":
                        return _mag && red.FloatSum
                            ? $"{pad}{{ {s} += Math.Abs((double)({e})); {Exact(s)} += (double)({e}); }}\n"
                            : $"{pad}{s} += {e};\n";
                    case "count": return $"{pad}if ({e} > 0) {s}++;\n";
                    case "product": return $"{pad}{s} *= {e};\n";
                    case "min": return $"{pad}{s} = Math.Min({s}, {e});\n";
                    case "max": return $"{pad}{s} = Math.Max({s}, {e});\n";
                    default:
                        string bit = red.Family switch { "and" => "&", "or" => "|", _ => "^" };
                        return $"{pad}{s} {bit}= {e};\n";
                }
            }

            /// <summary>A boxed zero of the field's type (without the (object) the arms would unify to double: reflection needs the exact type).</summary>
            private static object Zero(Elem t) => t switch { Elem.Int => (object)0, Elem.Long => 0L, Elem.Float => 0f, _ => 0.0 };

            private string Access() => FxPick("public ", "internal ", "private ", "");

            private void Member(string text) => _members.Append(text);

            private string Static(string name, Elem type, object initial, string access)
            {
                _statics.Add(new FuzzStatic(name, initial));
                string init = initial switch { 0 or 0L => "", double d when d == 0 => "", _ => " = " + System.Convert.ToString(initial, System.Globalization.CultureInfo.InvariantCulture) };
                Member($"        {access}static {Name(type)} {name}{init};\n");
                return name;
            }

            private int AfterLoops(string name)
            {
                int slot = _fxSlot++;
                _fxAfter += $"            ires[{slot}] = {name};\n";
                return slot;
            }

            private string Extra(string type, string name, string factoryBody, string factoryType, bool byRef = false)
            {
                string factory = "Arg_" + name;
                _extras.Add(new FuzzExtra(type, name, byRef, factory));
                _factories.Append($"        public static {factoryType} {factory}(int n, int seed)\n        {factoryBody}\n");
                return name;
            }

            private void AccClass() => _accClass = true;

            private static string Lines(int level, params string[] lines) => string.Concat(lines.Select(l => Indent(level) + l + "\n"));

            // ------------------------------------------------------------ the constructs

            private string Construct(EffectKind kind, int n, int level)
            {
                string pad = Indent(level);
                string idx = FxIndex;
                switch (kind)
                {
                    case EffectKind.StaticCounter:
                    {
                        Elem t = FxPick(Elem.Long, Elem.Int);
                        string hits = Static($"Hits{n}", t, Zero(t), Access());
                        return pad + FxPick($"{hits}++;", $"++{hits};", $"{hits} += 2;", $"{hits} = {hits} + 1;") + "\n";
                    }
                    case EffectKind.StaticTotal:
                    {
                        Elem t = FxPick(Elem.Double, Elem.Long);
                        string total = Static($"Total{n}", t, Zero(t), Access());
                        return t == Elem.Double && FxChance(0.5)
                            ? $"{pad}{total} = {total} * 0.5 + {FxValue(Elem.Double)};\n"
                            : $"{pad}{total} += {FxValue(t)};\n";
                    }
                    case EffectKind.StaticConditional:
                    {
                        string total = Static($"Total{n}", Elem.Double, 0.0, Access());
                        if (FxChance(0.5)) return $"{pad}if ({FxCondition()}) {total} += {FxValue(Elem.Double)};\n";
                        string hits = Static($"Hits{n}", Elem.Long, 0L, Access());
                        return Lines(level, $"if ({FxCondition()})", "{", $"    {hits}++;", $"    {total} = Math.Max({total}, {FxValue(Elem.Double)});", "}");
                    }
                    case EffectKind.StaticRead:
                    {
                        Elem t = FxPick(Elem.Int, Elem.Double);
                        object initial = t == Elem.Int ? (object)FxPick(2, 3, 5) : FxPick(0.5, 1.5, 3.0);
                        string factor = Static($"Factor{n}", t, initial, Access());
                        if (FxChance(0.5))
                            return Sink(level, $"({FxValue(Elem.Double)}) * {factor}", Elem.Double);
                        Member($"        {Access()}static readonly double[] Table{n} = {{ 0.5, 1.5, -2.0, 3.0 }};\n");
                        return Sink(level, $"Table{n}[(int)(i & 3)] * ({FxValue(Elem.Double)}) + {factor}", Elem.Double);
                    }
                    case EffectKind.HelperArrayAccess:
                    {
                        string access = Access();
                        // A read through an accessor, where the loop may read (as FxRead picks).
                        var readable = Enumerable.Range(0, 4).Where(x => _twoD || !_written.TryGetValue(x, out int at) || at == 0).ToList();
                        int source = readable[_fx!.Next(readable.Count)];
                        string se = Name(_arrays[source]);
                        Member($"        {access}static {se} Get{n}({se}[] v, int at) => v[at];\n");
                        string read = $"Get{n}({ArrayNames[source]}, (int)({FxIndex}))";
                        if (_written.Count == 0 || _twoD || _boundary is not null || FxChance(0.3)) return Sink(level, read, _arrays[source]);
                        // An update through one, at the offset the loop's sinks write that array (its range kept in bounds).
                        int index = _written.Keys.OrderBy(x => x).ElementAt(_fx!.Next(_written.Count));
                        Elem t = _arrays[index];
                        int offset = _written[index];
                        _minOuter = Math.Min(_minOuter, offset); _maxOuter = Math.Max(_maxOuter, offset);
                        Member($"        {access}static void Upd{n}({Name(t)}[] v, int at, {Name(t)} x) {{ v[at] += x; }}\n");
                        return $"{pad}Upd{n}({ArrayNames[index]}, (int)({Offset("i", offset, false)}), {Cast(read, _arrays[source], t)});\n";
                    }
                    case EffectKind.PureHelperExpr:
                    {
                        string access = Access();
                        switch (_fx!.Next(4))
                        {
                            case 0:
                                Member($"        {access}static double Pure{n}(double x, double y) => x * {FxLiteral(Elem.Double)} + y / (1 + Math.Abs(y));\n");
                                return Sink(level, $"Pure{n}({FxValue(Elem.Double)}, {FxValue(Elem.Double)})", Elem.Double);
                            case 1:
                                Member($"        {access}static long Pure{n}(long x, int s) => (x ^ (x >> 3)) * {FxLiteral(Elem.Long)} + s;\n");
                                return Sink(level, $"Pure{n}({FxValue(Elem.Long)}, {FxValue(Elem.Int)})", Elem.Long);
                            case 2:
                                Member($"        {access}static int Pure{n}(int x) => x < 0 ? -x : x + {FxLiteral(Elem.Int)};\n");
                                return Sink(level, $"Pure{n}({FxValue(Elem.Int)})", Elem.Int);
                            default:
                                Member($"        {access}static float Pure{n}(float x) => MathF.Sqrt(Math.Abs(x)) + {FxLiteral(Elem.Float)};\n");
                                return Sink(level, $"Pure{n}({FxValue(Elem.Float)})", Elem.Float);
                        }
                    }
                    case EffectKind.PureHelperBlock:
                    {
                        string access = Access();
                        // (a or b: r and q may still get stores after the construct, an induction variable's.)
                        var unwritten = Enumerable.Range(0, 2).Where(x => !_written.ContainsKey(x)).ToList();
                        if (!_twoD && _boundary is null && unwritten.Count > 0 && FxChance(0.4))
                        {
                            // A helper that loops over a few elements from this iteration's on, its value a local: the
                            // generator copies its statements into the loop IR (Lowering.HoistedHelper).
                            int array = unwritten[_fx!.Next(unwritten.Count)];
                            int count = FxPick(1, 2, 3);
                            _maxOuter = Math.Max(_maxOuter, count - 1);
                            string loop = FxChance(0.5)
                                ? "            for (int t = 0; t < count; t++) s = s * 0.5 + v[from + t];\n"
                                : "            for (int t = count - 1; t >= 0; t--)\n            {\n                double e = v[from + t];\n                if (e > s) s += e; else s = s * 0.25 - e;\n            }\n";
                            // (An int 'from' where the index fits one: i may still be declared long.)
                            Member($"        {access}static double Scan{n}({Name(_arrays[array])}[] v, {(_is64 ? "long" : "int")} from, int count)\n        {{\n"
                                + $"            double s = {FxLiteral(Elem.Double)};\n" + loop + "            return s;\n        }\n");
                            string call = $"Scan{n}({ArrayNames[array]}, {(_is64 ? "i" : "(int)i")}, {count})";
                            // The call alone, after a read that may throw (copied after it), or added into a local.
                            string declared = _fx!.Next(3) switch
                            {
                                0 => $"{pad}double sc{n} = {call};\n",
                                1 => $"{pad}double sc{n} = {FxRead(Elem.Double)} * 0.5 + {call};\n",
                                _ => $"{pad}double sc{n} = {FxLiteral(Elem.Double)};\n{pad}sc{n} += {call};\n",
                            };
                            return declared + Sink(level, $"sc{n}", Elem.Double);
                        }
                        if (FxChance(0.5))
                        {
                            bool inner = FxChance(0.5);
                            if (inner) Member($"        {Access()}static double Inner{n}(double x) => x * x - 1;\n");
                            Member($"        {access}static double Mix{n}(double x, int steps)\n        {{\n"
                                + "            if (steps <= 0) return x;\n"
                                + $"            double acc = {FxLiteral(Elem.Double)};\n"
                                + "            for (int t = 0; t < steps; t++)\n            {\n"
                                + "                acc = acc * 0.5 + x;\n"
                                + "                if (acc > 1e6) return acc;\n            }\n"
                                + $"            return {(inner ? $"acc + Inner{n}(x)" : "acc")};\n        }}\n");
                            string steps = !_mIsReduction && FxChance(0.5) ? "m" : FxPick("0", "2", "3");
                            return Sink(level, $"Mix{n}({FxValue(Elem.Double)}, {steps})", Elem.Double);
                        }
                        Member($"        {access}static long Fold{n}(long x)\n        {{\n"
                            + "            long h = x;\n            int t = 0;\n"
                            + $"            while (t < {FxPick(2, 3)})\n            {{\n"
                            + "                h = h * 31 + t;\n                t++;\n            }\n"
                            + "            if (h == 0) return 1;\n"
                            + "            return h ^ (h >> 7);\n        }\n");
                        return Sink(level, $"Fold{n}({FxValue(Elem.Long)})", Elem.Long);
                    }
                    case EffectKind.PureHelperOut:
                    case EffectKind.HelperOutAndStatic:
                    {
                        string access = Access();
                        string name = kind == EffectKind.PureHelperOut ? $"TrySplit{n}" : $"Split{n}";
                        string write = "";
                        if (kind == EffectKind.HelperOutAndStatic) write = $" {Static($"Splits{n}", Elem.Long, 0L, Access())}++;";
                        Member($"        {access}static bool {name}(long x, out long high) {{ high = x >> 2;{write} return (x & 1) == 0; }}\n");
                        string call = $"{name}({FxValue(Elem.Long)}, out {FxPick("long", "var")} hi{n})";
                        if (FxChance(0.5))
                            return $"{pad}if ({call})\n{pad}{{\n{Sink(level + 1, $"hi{n}", Elem.Long)}{pad}}}\n";
                        return $"{pad}{call};\n{Sink(level, $"hi{n}", Elem.Long)}";
                    }
                    case EffectKind.HelperWritesStatic:
                    {
                        int depth = 1 + _fx!.Next(3);
                        if (FxChance(0.6))
                        {
                            for (int d = 0; d < depth - 1; d++)
                                Member(FxChance(0.5)
                                    ? $"        {Access()}static double Step{n}_{d}(double x) => Step{n}_{d + 1}(x * 0.5) + 1;\n"
                                    : $"        {Access()}static double Step{n}_{d}(double x)\n        {{\n            double y = x - 1;\n            return Step{n}_{d + 1}(y);\n        }}\n");
                            string effect = FxChance(0.5)
                                ? $"{Static($"Calls{n}", Elem.Long, 0L, Access())}++;"
                                : $"{Static($"Sum{n}", Elem.Double, 0.0, Access())} += x;";
                            Member($"        {Access()}static double Step{n}_{depth - 1}(double x)\n        {{\n            {effect}\n            return x * 2;\n        }}\n");
                            string call = $"Step{n}_0({FxValue(Elem.Double)})";
                            return FxChance(0.7) ? Sink(level, call, Elem.Double) : $"{pad}{call};\n";
                        }
                        for (int d = 0; d < depth - 1; d++)
                            Member($"        {Access()}static void Log{n}_{d}(long x) => Log{n}_{d + 1}(x + 1);\n");
                        Member($"        {Access()}static void Log{n}_{depth - 1}(long x) {{ {Static($"Seen{n}", Elem.Long, 0L, Access())} += x; }}\n");
                        return $"{pad}Log{n}_0({FxValue(Elem.Long)});\n";
                    }
                    case EffectKind.DelegateParameter:
                    {
                        bool isLong = FxChance(0.5);
                        Elem t = isLong ? Elem.Long : Elem.Double;
                        string type = isLong ? "Func<long, long>" : "Func<double, double>";
                        string body = FxChance(0.5)
                            ? (isLong ? "=> x => x * 3 + seed % 7;" : "=> x => x * 0.5 + 1;")
                            : "{\n            long calls = 0;\n            return x => x + ++calls;\n        }"; // state of its own: the calls' order shows
                        string f = Extra(type, $"f{n}", body, type);
                        return Sink(level, $"{f}({FxValue(t)})", t);
                    }
                    case EffectKind.DelegateStaticField:
                        if (FxChance(0.5))
                        {
                            Member($"        {Access()}static Func<double, double> Op{n} = x => x * {FxLiteral(Elem.Double)} + 1;\n");
                            return Sink(level, $"Op{n}({FxValue(Elem.Double)})", Elem.Double);
                        }
                        Member($"        {Access()}static Func<long, long> Op{n} = x => x ^ (x >> 2);\n");
                        return Sink(level, $"Op{n}({FxValue(Elem.Long)})", Elem.Long);
                    case EffectKind.DelegateReadonlyField:
                        Member($"        {Access()}static readonly Func<long, long> Op{n} = static x => x ^ (x >> 2);\n");
                        return Sink(level, $"Op{n}({FxValue(Elem.Long)})", Elem.Long);
                    case EffectKind.CapturingLambda:
                    {
                        _fxPrelude += $"            long seen{n} = 0;\n";
                        AfterLoops($"seen{n}");
                        if (FxChance(0.5))
                        {
                            _fxPrelude += $"            Action<long> note{n} = x => seen{n} += x;\n";
                            return $"{pad}note{n}({FxValue(Elem.Long)});\n";
                        }
                        _fxPrelude += $"            Func<long, long> bump{n} = x => ++seen{n} * x;\n";
                        return Sink(level, $"bump{n}({FxValue(Elem.Long)})", Elem.Long);
                    }
                    case EffectKind.LambdaInLoop:
                    {
                        switch (_fx!.Next(3))
                        {
                            case 0: return $"{pad}Func<double, double> sq{n} = x => x * x + {FxLiteral(Elem.Double)};\n" + Sink(level, $"sq{n}({FxValue(Elem.Double)})", Elem.Double);
                            case 1: return $"{pad}Func<double, double> sq{n} = static x => x / (1 + Math.Abs(x));\n" + Sink(level, $"sq{n}({FxValue(Elem.Double)})", Elem.Double);
                            default:
                                return $"{pad}double bias{n} = {FxValue(Elem.Double)};\n{pad}Func<double, double> sq{n} = x => x * 0.5 + bias{n};\n"
                                    + Sink(level, $"sq{n}({FxValue(Elem.Double)})", Elem.Double);
                        }
                    }
                    case EffectKind.ObjectFieldWrite:
                    case EffectKind.ObjectFieldRead:
                    {
                        AccClass();
                        string acc = Extra($"Acc{_id}", $"acc{n}",
                            $"=> new Acc{_id} {{ Scale = 1 + seed % 4, Total = seed % 10, Slots = new double[] {{ 1, seed % 5, -2, 0.5 }} }};", $"Acc{_id}");
                        if (kind == EffectKind.ObjectFieldRead)
                            return FxChance(0.5)
                                ? Sink(level, $"({FxValue(Elem.Double)}) * {acc}.Scale", Elem.Double)
                                : Sink(level, $"{acc}.Slots[(int)(i & 3)] + {FxValue(Elem.Double)}", Elem.Double);
                        return _fx!.Next(4) switch
                        {
                            0 => $"{pad}{acc}.Total += {FxValue(Elem.Double)};\n",
                            1 => $"{pad}{acc}.Count++;\n",
                            2 => $"{pad}if ({FxCondition()}) {acc}.Count += 2;\n",
                            _ => $"{pad}{acc}.Slots[(int)(i & 3)] += {FxValue(Elem.Double)};\n",
                        };
                    }
                    case EffectKind.JaggedDistinctRows:
                    case EffectKind.JaggedSharedRows:
                    case EffectKind.JaggedFreshRow:
                    {
                        Elem t = FxPick(Elem.Double, Elem.Int);
                        string e = Name(t);
                        bool shared = kind == EffectKind.JaggedSharedRows;
                        // n rows (n = a.Length) of 1 to 3 elements. Shared, mostly: slot p holds the row of slot p % d
                        // (d = 1 to 8), so any two chunks that run at the same time update the same rows, in another order
                        // than the serial loop. Otherwise each slot of the second half holds the row of a random slot of
                        // the first (few pairs: a check that samples the rows could miss them; the results rarely show it).
                        string rows = Extra($"{e}[][]", $"rows{n}",
                            "{\n            var random = new Random(seed);\n"
                            + $"            var rows = new {e}[n][];\n"
                            + $"            for (int p = 0; p < n; p++)\n            {{\n                rows[p] = new {e}[1 + random.Next(3)];\n"
                            + $"                for (int c = 0; c < rows[p].Length; c++) rows[p][c] = {(t == Elem.Int ? "random.Next(-100, 100)" : "Math.Round(random.NextDouble() * 8 - 4, 2)")};\n            }}\n"
                            + (shared ? "            if (random.Next(10) < 7)\n            {\n                int d = 1 + random.Next(8);\n                for (int p = d; p < n; p++) rows[p] = rows[p % d];\n            }\n"
                                        + "            else\n                for (int p = n / 2; p < n && n >= 2; p++) rows[p] = rows[random.Next(n / 2)];\n" : "")
                            + "            return rows;\n        }", $"{e}[][]");
                        string row = $"{rows}[{idx}]";
                        // Order-dependent updates (x * 0.5 + v, x * 3 + v): two iterations that share a row give another value in the other order.
                        string Update(string target) => t == Elem.Int ? $"{target} = {target} * 3 + {FxValue(Elem.Int)};" : $"{target} = {target} * 0.5 + {FxValue(Elem.Double)};";
                        if (kind == EffectKind.JaggedFreshRow)
                        {
                            return FxChance(0.5)
                                ? Lines(level, $"{row} = new {e}[2];", $"{row}[0] = {FxValue(t)};", $"{row}[1] = {row}[0] * 2;")
                                : Lines(level, $"var fresh{n} = new {e}[3];", $"for (int c{n} = 0; c{n} < 3; c{n}++) fresh{n}[c{n}] = {FxValue(t)} + c{n};", $"{row} = fresh{n};")
                                  + (FxChance(0.5) ? Sink(level, $"{row}[2]", t) : "");
                        }
                        string text = _fx!.Next(shared ? 3 : 4) switch
                        {
                            0 => Lines(level, Update($"{row}[0]")),
                            1 => Lines(level, $"for (int c{n} = 0; c{n} < {row}.Length; c{n}++)", "    " + Update($"{row}[c{n}]")),
                            2 => Lines(level, $"var row{n} = {row};", Update($"row{n}[row{n}.Length - 1]")),
                            _ => Lines(level, $"{row}[0] += 1;"),
                        };
                        if (FxChance(0.5)) text += Sink(level, $"{row}[0]", t);
                        return text;
                    }
                    case EffectKind.OffsetRows:
                    {
                        // Iteration p sums vals over its own [bnd[2p], bnd[2p + 1]) (rows of 0-5 elements anywhere in
                        // vals, which has 5n + 6; with cols, through a column index as a CSR row does). Some loops move
                        // their own limit as they go, which only a limit read at every test follows.
                        Elem t = FxPick(Elem.Double, Elem.Int);
                        string e = Name(t);
                        string bnd = Extra("int[]", $"bnd{n}",
                            "{\n            var random = new Random(seed);\n            var bnd = new int[2 * n];\n"
                            + "            for (int p = 0; p < n; p++)\n            {\n                bnd[2 * p] = random.Next(0, 5 * n + 1);\n"
                            + "                bnd[2 * p + 1] = bnd[2 * p] + random.Next(0, 6);\n            }\n            return bnd;\n        }", "int[]");
                        string vals = Extra($"{e}[]", $"vals{n}",
                            "{\n            var random = new Random(seed + 1);\n"
                            + $"            var vals = new {e}[5 * n + 6];\n"
                            + $"            for (int p = 0; p < vals.Length; p++) vals[p] = {(t == Elem.Int ? "random.Next(-100, 100)" : "Math.Round(random.NextDouble() * 8 - 4, 2)")};\n"
                            + "            return vals;\n        }", $"{e}[]");
                        string k = $"kr{n}", start = $"{bnd}[2 * ({idx})]" /* not k{n}: the induction variables are k0, k1, … (seed 813) */, limit = $"{bnd}[2 * ({idx}) + 1]";
                        string read = $"{vals}[{k}]";
                        if (FxChance(0.4))
                        {
                            string cols = Extra("int[]", $"cols{n}",
                                "{\n            var random = new Random(seed + 2);\n            var cols = new int[5 * n + 6];\n"
                                + "            for (int p = 0; p < cols.Length; p++) cols[p] = random.Next(0, cols.Length);\n            return cols;\n        }", "int[]");
                            read = $"{vals}[{cols}[{k}]]";
                        }
                        string counter = FxPick("int", "var");
                        var lines = new List<string> { $"{e} acc{n} = 0;" };
                        string test = limit;
                        if (FxChance(0.2))
                        {
                            lines.Add($"int end{n} = {limit};");
                            test = $"end{n}";
                        }
                        lines.Add($"for ({counter} {k} = {start}; {k} < {test}; {k}++)");
                        lines.Add("{");
                        lines.Add($"    acc{n} += {read};");
                        switch (_fx!.Next(4))
                        {
                            case 0: lines.Add($"    if ({read} < 0) {limit} -= 1;"); break; // the row shortens as it is summed
                            case 1: lines.Add($"    if ({k} == {start}) {limit} += 1;"); break; // or grows by one
                            case 2 when test == limit: lines.Add($"    if ({read} > 50) {limit} = {k};"); break; // or ends after its first large value
                        }
                        lines.Add("}");
                        return Lines(level, lines.ToArray()) + Sink(level, $"acc{n}", t);
                    }
                    case EffectKind.InterlockedLocal:
                    {
                        Elem t = FxPick(Elem.Long, Elem.Int);
                        _fxPrelude += $"            {Name(t)} cnt{n} = 0;\n";
                        AfterLoops($"cnt{n}");
                        string interlocked = FxPick("Interlocked", "System.Threading.Interlocked");
                        return _fx!.Next(4) switch
                        {
                            0 => $"{pad}{interlocked}.Increment(ref cnt{n});\n",
                            1 => $"{pad}if ({FxCondition()}) {interlocked}.Increment(ref cnt{n});\n",
                            2 => $"{pad}{interlocked}.Add(ref cnt{n}, {FxValue(t)});\n",
                            _ => $"{pad}{interlocked}.Decrement(ref cnt{n});\n",
                        };
                    }
                    case EffectKind.InterlockedStatic:
                    {
                        string hits = Static($"Hits{n}", Elem.Long, 0L, Access());
                        if (FxChance(0.5)) AfterLoops(hits);
                        return _fx!.Next(3) switch
                        {
                            0 => $"{pad}Interlocked.Increment(ref {hits});\n",
                            1 => $"{pad}if ({FxCondition()}) Interlocked.Add(ref {hits}, 2);\n",
                            _ => $"{pad}Interlocked.Add(ref {hits}, {FxValue(Elem.Long)});\n",
                        };
                    }
                    case EffectKind.InterlockedValueUsed:
                    {
                        string counter;
                        if (FxChance(0.5))
                        {
                            counter = $"ticket{n}";
                            _fxPrelude += $"            long {counter} = 0;\n";
                            AfterLoops(counter);
                        }
                        else counter = Static($"Tickets{n}", Elem.Long, 0L, Access());
                        return $"{pad}long tk{n} = Interlocked.Increment(ref {counter});\n" + Sink(level, $"tk{n}", Elem.Long);
                    }
                    case EffectKind.SharedRandom:
                    {
                        string rng = Extra("Random", $"rng{n}", "=> new Random(seed);", "Random");
                        return FxChance(0.5) ? Sink(level, $"{rng}.Next(100)", Elem.Int) : Sink(level, $"{rng}.NextDouble()", Elem.Double);
                    }
                    case EffectKind.SharedList:
                    {
                        string list = Extra("List<int>", $"list{n}", "=> new List<int>();", "List<int>");
                        return FxChance(0.5) ? $"{pad}{list}.Add((int)i);\n" : $"{pad}if ({FxCondition()}) {list}.Add({FxValue(Elem.Int)});\n";
                    }
                    case EffectKind.LocalList:
                    {
                        return Lines(level, $"var tmp{n} = new List<int>();", $"tmp{n}.Add({FxValue(Elem.Int)});", $"tmp{n}.Add((int)i & 7);")
                            + Sink(level, $"tmp{n}.Count + tmp{n}[0]", Elem.Int);
                    }
                    case EffectKind.RefParameter:
                    {
                        Elem t = FxPick(Elem.Long, Elem.Double);
                        string total = Extra(Name(t), $"total{n}", t == Elem.Long ? "=> seed % 100;" : "=> seed % 100 * 0.5;", Name(t), byRef: true);
                        return FxChance(0.5) ? $"{pad}{total} += {FxValue(t)};\n" : $"{pad}if ({FxCondition()}) {total}++;\n";
                    }
                    default:
                        throw new InvalidOperationException(kind.ToString());
                }
            }
        }
    }
}
