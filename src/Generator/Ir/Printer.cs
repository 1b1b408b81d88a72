using System.Globalization;
using System.Linq;
using System.Text;

namespace KernelGen.Generator.Ir
{
    /// <summary>
    /// Writes IR as C#: expressions fully parenthesized, every conversion explicit, checked where the source was, so
    /// the text means exactly what the IR means (the emitter uses it for the scalar parts of vector code). <see cref="Let"/>
    /// has no C# expression form: <see cref="Expression"/> refuses it (the emitter hoists it); <see cref="Dump"/> shows it.
    /// </summary>
    internal static class Printer
    {
        /// <summary>
        /// A variable's name as a part of generated identifiers (<c>__kg_r_…</c>): without a keyword's '@'; a name that
        /// is an expression (a field read as <c>Tables.Gain</c>) becomes letters, digits and '_' plus a hash of the
        /// text, so two such names never meet.
        /// </summary>
        public static string IdentifierPart(string name)
        {
            string bare = name.TrimStart('@');
            if (bare.All(c => char.IsLetterOrDigit(c) || c == '_')) return bare;
            uint hash = 2166136261;
            foreach (char c in bare) hash = (hash ^ c) * 16777619;
            return new string(bare.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray()) + "_" + hash.ToString("x8");
        }

        public static string Literal(object? value, IrType type)
        {
            switch (value)
            {
                case null: return type is ScalarType ? $"default({type.Name})" : "null";
                case bool b: return b ? "true" : "false";
                case int n: return n == int.MinValue ? "int.MinValue" : n < 0 ? $"({n.ToString(CultureInfo.InvariantCulture)})" : n.ToString(CultureInfo.InvariantCulture);
                case long n: return n == long.MinValue ? "long.MinValue" : n < 0 ? $"({n.ToString(CultureInfo.InvariantCulture)}L)" : n.ToString(CultureInfo.InvariantCulture) + "L";
                case uint n: return n.ToString(CultureInfo.InvariantCulture) + "u";
                case ulong n: return n.ToString(CultureInfo.InvariantCulture) + "ul";
                case float f:
                    if (float.IsNaN(f)) return "float.NaN";
                    if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
                    if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
                    if (f == 0 && 1 / f < 0) return "(-0.0f)";
                    return f < 0 ? $"({f.ToString("R", CultureInfo.InvariantCulture)}f)" : f.ToString("R", CultureInfo.InvariantCulture) + "f";
                case double d:
                    if (double.IsNaN(d)) return "double.NaN";
                    if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
                    if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
                    if (d == 0 && 1 / d < 0) return "(-0.0d)";
                    return d < 0 ? $"({d.ToString("R", CultureInfo.InvariantCulture)}d)" : d.ToString("R", CultureInfo.InvariantCulture) + "d";
                case char c: return "'" + Escape(c) + "'";
                case string s: return "\"" + string.Concat(s.Select(Escape)) + "\"";
                default: return $"(({type.Name})({System.Convert.ToString(value, CultureInfo.InvariantCulture)}))";
            }
        }

        /// <summary>A character as it may stand in a C# literal: printable ASCII as is, everything else as \uXXXX.</summary>
        private static string Escape(char c) =>
            c >= ' ' && c <= '~' && c != '\'' && c != '"' && c != '\\' ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);

        public static string Op(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Divide => "/",
            BinaryOp.Remainder => "%",
            BinaryOp.And => "&",
            BinaryOp.Or => "|",
            BinaryOp.Xor => "^",
            BinaryOp.ShiftLeft => "<<",
            BinaryOp.ShiftRight => ">>",
            _ => ">>>",
        };

        public static string Op(CompareOp op) => op switch
        {
            CompareOp.Less => "<",
            CompareOp.LessOrEqual => "<=",
            CompareOp.Greater => ">",
            CompareOp.GreaterOrEqual => ">=",
            CompareOp.Equal => "==",
            _ => "!=",
        };

        public static string MathName(MathCall call) => call.Fn == MathFn.Lerp
            ? "global::KernelGen.KernelRuntime.NumericsLerp" // (float.Lerp rounds otherwise: see NumericsLerp)
            : $"global::System.{(call.Single ? "MathF" : "Math")}.{call.Fn}";

        /// <summary>C# for an expression without <see cref="Let"/>; null when it holds one.</summary>
        public static string? Expression(Expr e)
        {
            var text = new StringBuilder();
            return Write(text, e, dump: false) ? text.ToString() : null;
        }

        /// <summary>A readable form of any expression (Let shown as <c>let v = … in …</c>), for reports and tests.</summary>
        public static string Dump(Expr e)
        {
            var text = new StringBuilder();
            Write(text, e, dump: true);
            return text.ToString();
        }

        private static bool Write(StringBuilder text, Expr e, bool dump)
        {
            switch (e)
            {
                case Const c:
                    text.Append(Literal(c.Value, c.Type));
                    return true;
                case Read r:
                    text.Append(r.Variable.Name);
                    return true;
                case Element el:
                {
                    if (!Write(text, el.Array, dump)) return false;
                    text.Append('[');
                    for (int k = 0; k < el.Indices.Count; k++)
                    {
                        if (k > 0) text.Append(", ");
                        if (!Write(text, el.Indices[k], dump)) return false;
                    }
                    text.Append(']');
                    return true;
                }
                case Length len:
                    if (!Write(text, len.Array, dump)) return false;
                    text.Append(len.Dimension < 0 ? ".Length" : $".GetLength({len.Dimension})");
                    return true;
                case Unary u:
                {
                    string op = u.Op switch { UnaryOp.Negate => "-", UnaryOp.Plus => "+", UnaryOp.Not => "!", _ => "~" };
                    text.Append(u.Checked ? "checked(" : "(").Append(op);
                    if (!Write(text, u.Operand, dump)) return false;
                    text.Append(')');
                    return true;
                }
                case Binary b:
                    text.Append(b.Checked ? "checked(" : "(");
                    if (!Write(text, b.Left, dump)) return false;
                    text.Append(' ').Append(Op(b.Op)).Append(' ');
                    if (!Write(text, b.Right, dump)) return false;
                    text.Append(')');
                    return true;
                case Compare c:
                    text.Append('(');
                    if (!Write(text, c.Left, dump)) return false;
                    text.Append(' ').Append(Op(c.Op)).Append(' ');
                    if (!Write(text, c.Right, dump)) return false;
                    text.Append(')');
                    return true;
                case Logical l:
                    text.Append('(');
                    if (!Write(text, l.Left, dump)) return false;
                    text.Append(l.And ? " && " : " || ");
                    if (!Write(text, l.Right, dump)) return false;
                    text.Append(')');
                    return true;
                case Select s:
                    text.Append('(');
                    if (!Write(text, s.Condition, dump)) return false;
                    text.Append(" ? ");
                    if (!Write(text, s.WhenTrue, dump)) return false;
                    text.Append(" : ");
                    if (!Write(text, s.WhenFalse, dump)) return false;
                    text.Append(')');
                    return true;
                case Convert c:
                    text.Append(c.Checked ? "checked((" : "unchecked((").Append(c.Type.Name).Append(")(");
                    if (!Write(text, c.Operand, dump)) return false;
                    text.Append("))");
                    return true;
                case MathCall m:
                    text.Append(MathName(m)).Append('(');
                    for (int k = 0; k < m.Arguments.Count; k++)
                    {
                        if (k > 0) text.Append(", ");
                        if (!Write(text, m.Arguments[k], dump)) return false;
                    }
                    text.Append(')');
                    return true;
                case Call call:
                    text.Append(call.Method).Append('(');
                    for (int k = 0; k < call.Arguments.Count; k++)
                    {
                        if (k > 0) text.Append(", ");
                        if (!Write(text, call.Arguments[k], dump)) return false;
                    }
                    text.Append(')');
                    return true;
                case Let let:
                    if (!dump) return false;
                    text.Append("(let ").Append(let.Variable.Name).Append(" = ");
                    Write(text, let.Value, dump);
                    text.Append(" in ");
                    Write(text, let.Body, dump);
                    text.Append(')');
                    return true;
                case Opaque o:
                    text.Append('(').Append(o.Text).Append(')');
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A readable dump of statements, one per line, indented by depth.</summary>
        public static string Dump(Stmt statement, int depth = 0)
        {
            var text = new StringBuilder();
            DumpTo(text, statement, depth);
            return text.ToString();
        }

        private static void DumpTo(StringBuilder text, Stmt s, int depth)
        {
            string pad = new(' ', 2 * depth);
            switch (s)
            {
                case Block block:
                    foreach (Stmt inner in block.Statements) DumpTo(text, inner, depth);
                    break;
                case Declare d:
                    text.Append(pad).Append(d.Variable.Type.Name).Append(' ').Append(d.Variable.Name);
                    if (d.Init is not null) text.Append(" = ").Append(Dump(d.Init));
                    text.Append('\n');
                    break;
                case Assign a:
                    text.Append(pad).Append(Dump(a.Target)).Append(" = ").Append(Dump(a.Value)).Append('\n');
                    break;
                case Update u:
                    text.Append(pad).Append(Dump(u.Target)).Append(' ').Append(Op(u.Op)).Append("= ").Append(Dump(u.Value)).Append('\n');
                    break;
                case If f:
                    text.Append(pad).Append("if ").Append(Dump(f.Condition)).Append('\n');
                    DumpTo(text, f.Then, depth + 1);
                    if (f.Else is not null)
                    {
                        text.Append(pad).Append("else\n");
                        DumpTo(text, f.Else, depth + 1);
                    }
                    break;
                case For loop:
                    text.Append(pad).Append("for ").Append(loop.Counter.Name).Append(" in [").Append(Dump(loop.Start)).Append(", ").Append(Dump(loop.Limit)).Append(")\n");
                    DumpTo(text, loop.Body, depth + 1);
                    break;
                case While w:
                    text.Append(pad).Append("while ").Append(Dump(w.Condition)).Append('\n');
                    DumpTo(text, w.Body, depth + 1);
                    break;
                case Evaluate ev:
                    text.Append(pad).Append(Dump(ev.Expression)).Append('\n');
                    break;
                case Jump j:
                    text.Append(pad).Append(j.IsBreak ? "break" : "continue").Append('\n');
                    break;
                case OpaqueStmt o:
                    text.Append(pad).Append("opaque {").Append(o.Why).Append("}: ").Append(o.Text.Replace("\n", " ")).Append('\n');
                    break;
            }
        }

        /// <summary>The whole loop, for tests and debugging.</summary>
        public static string Dump(LoopIr loop) =>
            $"prange {loop.Index.Name} in [{Dump(loop.Start)}, {Dump(loop.Stop)}) step {Dump(loop.Step)}; shared {string.Join(", ", loop.Shared.Select(v => v.Name))}\n" + Dump(loop.Body, 1);
    }
}
