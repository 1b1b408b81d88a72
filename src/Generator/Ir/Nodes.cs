using KernelGen.Generator.Model;

namespace KernelGen.Generator.Ir
{
    /// <summary>What a variable is to the loop.</summary>
    internal enum VarKind
    {
        /// <summary>The PRange loop's index.</summary>
        Index,
        /// <summary>Declared outside the loop and only read in it (the same value in every iteration).</summary>
        Shared,
        /// <summary>Declared in the loop body: each iteration has its own.</summary>
        Private,
        /// <summary>The counter of a counted inner loop (<see cref="For"/>).</summary>
        Counter,
        /// <summary>A value the IR introduced (an inlined helper's parameter, a temporary).</summary>
        Temp,
    }

    /// <summary>A variable; <paramref name="Id"/> tells apart variables of one loop that share a name (shadowing in helpers).</summary>
    /// <param name="Name">The C# name as written (escaped where it is a keyword).</param>
    internal sealed record Var(string Name, IrType Type, VarKind Kind, int Id)
    {
        /// <summary>
        /// The C# that reads this variable's value in the user's source text, where it differs from <see cref="Name"/>:
        /// a field temporary of a struct local (<c>t.X</c> for <c>__kg_t_X</c>), for code spliced into that text.
        /// </summary>
        public string? Source { get; init; }

        public override string ToString() => Name;
    }

    internal enum UnaryOp { Negate, Plus, Not, Complement }

    internal enum BinaryOp { Add, Subtract, Multiply, Divide, Remainder, And, Or, Xor, ShiftLeft, ShiftRight, UnsignedShiftRight }

    internal enum CompareOp { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

    internal static class CompareOps
    {
        /// <summary>The comparison with its operands swapped (a &lt; b is b &gt; a); == and != as they are.</summary>
        public static CompareOp Mirrored(CompareOp op) => op switch
        {
            CompareOp.Less => CompareOp.Greater, CompareOp.Greater => CompareOp.Less,
            CompareOp.LessOrEqual => CompareOp.GreaterOrEqual, CompareOp.GreaterOrEqual => CompareOp.LessOrEqual, _ => op,
        };

        /// <summary>The comparison that holds where <paramref name="op"/> does not (of ints: no NaN).</summary>
        public static CompareOp Negated(CompareOp op) => op switch
        {
            CompareOp.Less => CompareOp.GreaterOrEqual, CompareOp.LessOrEqual => CompareOp.Greater,
            CompareOp.Greater => CompareOp.LessOrEqual, CompareOp.GreaterOrEqual => CompareOp.Less,
            CompareOp.Equal => CompareOp.NotEqual, _ => CompareOp.Equal,
        };
    }

    /// <summary>Math/MathF members the IR knows (pure; each has the same meaning for float and double).</summary>
    internal enum MathFn { Sqrt, Abs, Min, Max, Floor, Ceiling, Truncate, Round, FusedMultiplyAdd, CopySign, Clamp, Exp, Log, Sin, Cos, Tan, Pow, Atan2, Log2, Log10, Cbrt, MaxMagnitude, MinMagnitude, Sign,
        Asin, Acos, Atan, Sinh, Cosh, Tanh, Asinh, Acosh, Atanh,
        /// <summary>System.Numerics' lerp of one field (Vector2/3/4.Lerp): the vector Lerp's rounding, not float.Lerp's.</summary>
        Lerp }

    // ---- expressions -------------------------------------------------------------------------------------------------

    /// <summary>An expression of the IR; every node knows its type (implicit conversions are explicit <see cref="Convert"/>s).</summary>
    internal abstract record Expr(IrType Type);

    /// <summary>A constant (boxed int, long, double, float, bool …; null for a null reference).</summary>
    internal sealed record Const(object? Value, IrType Type) : Expr(Type);

    /// <summary>The value of a variable.</summary>
    internal sealed record Read(Var Variable) : Expr(Variable.Type);

    /// <summary>An element of an array or span: one index per dimension (<c>m[y, x]</c>); a jagged row read is an Element of an Element.</summary>
    internal sealed record Element(Expr Array, EquatableArray<Expr> Indices, IrType Type) : Expr(Type);

    /// <summary><c>a.Length</c> (<paramref name="Dimension"/> -1), <c>a.GetLength(d)</c>, a span's Length.</summary>
    internal sealed record Length(Expr Array, int Dimension, IrType Type) : Expr(Type);

    /// <summary>A unary operator; <paramref name="Checked"/> for a negation in a checked context.</summary>
    internal sealed record Unary(UnaryOp Op, Expr Operand, IrType Type, bool Checked = false) : Expr(Type);

    /// <summary>An arithmetic, bitwise or shift operator on two values of <paramref name="Type"/>; <paramref name="Checked"/> in a checked context.</summary>
    internal sealed record Binary(BinaryOp Op, Expr Left, Expr Right, IrType Type, bool Checked = false) : Expr(Type);

    /// <summary>A comparison of two values of one type (bool).</summary>
    internal sealed record Compare(CompareOp Op, Expr Left, Expr Right) : Expr(IrType.Bool);

    /// <summary><c>&amp;&amp;</c> (<paramref name="And"/>) or <c>||</c>: the right side runs only when needed.</summary>
    internal sealed record Logical(bool And, Expr Left, Expr Right) : Expr(IrType.Bool);

    /// <summary><c>c ? a : b</c>.</summary>
    internal sealed record Select(Expr Condition, Expr WhenTrue, Expr WhenFalse, IrType Type) : Expr(Type);

    /// <summary>A numeric conversion (implicit or a cast), unchecked unless <paramref name="Checked"/>.</summary>
    internal sealed record Convert(Expr Operand, IrType Type, bool Checked) : Expr(Type);

    /// <summary>A call of a known Math/MathF function (<paramref name="Single"/>: MathF).</summary>
    internal sealed record MathCall(MathFn Fn, EquatableArray<Expr> Arguments, bool Single, IrType Type) : Expr(Type);

    /// <summary>
    /// A call of a static helper of this compilation that has no effects at all (it reads and writes nothing but its
    /// by-value parameters and locals; it may still throw), with scalar parameters and result: <paramref name="Method"/>
    /// is its name as C# can call it from the kernel. Helpers of one expression are inlined instead (<see cref="Let"/>).
    /// </summary>
    internal sealed record Call(string Method, EquatableArray<Expr> Arguments, IrType Type) : Expr(Type);

    /// <summary>
    /// <c>let v = value in body</c>: an inlined helper's parameter (computed once, before the body, as the call would).
    /// </summary>
    internal sealed record Let(Var Variable, Expr Value, Expr Body) : Expr(Body.Type);

    /// <summary>
    /// An expression the IR does not model (a call of a method it does not know, a field of an object, a string …),
    /// kept as its C# text. Its effects are in the effect model; <paramref name="Uses"/> lists the variables it reads,
    /// so analyses stay complete.
    /// </summary>
    internal sealed record Opaque(string Text, EquatableArray<Var> Uses, IrType Type, string Why) : Expr(Type);

    // ---- statements --------------------------------------------------------------------------------------------------

    internal abstract record Stmt
    {
        /// <summary>The statement's first line in its file (1-based; 0 when unknown): vector code that may throw maps to it.</summary>
        public int SourceLine { get; init; }
    }

    /// <summary><c>T v = init;</c> (or without an initializer).</summary>
    internal sealed record Declare(Var Variable, Expr? Init) : Stmt;

    /// <summary><c>target = value;</c> where the target is a <see cref="Read"/> (a variable) or an <see cref="Element"/>.</summary>
    internal sealed record Assign(Expr Target, Expr Value) : Stmt;

    /// <summary>
    /// <c>target op= value;</c>, and <c>++</c>/<c>--</c> (Add/Subtract of 1): the target is read once and written
    /// once. <paramref name="Result"/> is the type the operation runs in before it is stored back (int for a byte +=).
    /// </summary>
    internal sealed record Update(Expr Target, BinaryOp Op, Expr Value, IrType Result, bool Checked = false) : Stmt;

    internal sealed record If(Expr Condition, Block Then, Block? Else) : Stmt;

    /// <summary>
    /// A counted inner loop <c>for (int c = start; c &lt; limit; c++)</c> (or <c>c &lt;= limit</c>, <see cref="Inclusive"/>; <paramref name="Limit"/> evaluated before each
    /// step, as in C#; when it is invariant the loop runs limit - start times). <paramref name="Header"/> is its text.
    /// </summary>
    internal sealed record For(Var Counter, Expr Start, Expr Limit, Block Body, string Header, int Line) : Stmt
    {
        /// <summary><c>c &lt;= limit</c> (the limit is the last value, not one past it).</summary>
        public bool Inclusive { get; init; }

        /// <summary>Where the loop and its counter's initializer are in the source (the frontend splices vector code there).</summary>
        public int SpanStart { get; init; } = -1;
        public int InitStart { get; init; } = -1;
        public int InitEnd { get; init; } = -1;

        /// <summary>
        /// The text that replaces the header's [<see cref="InitStart"/>, <see cref="InitEnd"/>) to restart the loop at
        /// iteration {x} of <see cref="Counter"/> (a stepped counter: <c>0 + 3 * ({x})</c>; other variables of the
        /// header: <c>{x}, offset = (i * stride) + …</c>); null: {x} itself.
        /// </summary>
        public string? Resume { get; init; }

        /// <summary>
        /// A statement that must run before the loop restarts at iteration {x}: a cursor the header advances
        /// (<c>o += (({x}) - 0) * 1;</c>, see Lowering.HeaderCursors); null: none.
        /// </summary>
        public string? ResumeBefore { get; init; }

        /// <summary>
        /// A declaration that goes before the vector loop and the restarted loop, which both read it: the view a foreach
        /// makes in place (<c>Span&lt;float&gt; __kg_view_3 = a.AsSpan(y * w, w);</c>, Lowering.ArrayForEach); null: none.
        /// </summary>
        public string? Prelude { get; init; }
    }

    internal sealed record While(Expr Condition, Block Body) : Stmt;

    internal sealed record Block(EquatableArray<Stmt> Statements) : Stmt
    {
        public static readonly Block Empty = new(EquatableArray<Stmt>.Empty);
    }

    /// <summary>An expression evaluated for its effects (a call).</summary>
    internal sealed record Evaluate(Expr Expression) : Stmt;

    /// <summary><c>break;</c> / <c>continue;</c> of the innermost loop inside the PRange body.</summary>
    internal sealed record Jump(bool IsBreak) : Stmt;

    /// <summary>A statement the IR does not model (try, switch, lock, foreach …), kept as text with the variables it reads and writes.</summary>
    internal sealed record OpaqueStmt(string Text, EquatableArray<Var> Uses, EquatableArray<Var> Writes, string Why) : Stmt;

    // ---- the loop ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// One PRange loop: the index runs <c>start, start + step, …</c> while before <c>stop</c>; <paramref name="UnitStep"/>
    /// when the step is the constant 1. <paramref name="Shared"/> are the variables declared outside it that it reads.
    /// </summary>
    internal sealed record LoopIr(Var Index, Expr Start, Expr Stop, Expr Step, bool UnitStep, Block Body, EquatableArray<Var> Shared)
    {
        /// <summary>Arrays of flat structs the body reads and writes field by field, each as a span of the fields' scalar type.</summary>
        public EquatableArray<StructView> Views { get; init; } = EquatableArray<StructView>.Empty;
        /// <summary>Arrays in members of shared objects, each read once a chunk into a local.</summary>
        public EquatableArray<MemberLocal> Members { get; init; } = EquatableArray<MemberLocal>.Empty;
        /// <summary>
        /// Run-time conditions (C#) the vector path needs because the IR spells out what a library call computes on the
        /// machines where the condition holds (System.Numerics dot products: x64's dpps order).
        /// </summary>
        public EquatableArray<string> VectorRequires { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>
    /// <paramref name="Local"/> holds <paramref name="Value"/> (<c>img?.Pixels</c>, <c>b?.columns ?? default</c>): an array or
    /// a number in a member of a shared object that the loop assigns neither, so one value for the whole loop. Where the
    /// object is null, an array's local is null, so every bounds guard fails, and a number's is the default, with the
    /// vector path guarded by <see cref="Holder"/> being not null: the scalar loop runs, throwing where the serial loop would.
    /// </summary>
    internal sealed record MemberLocal(Var Local, string Value, string Source)
    {
        /// <summary>A number's object, which the vector path checks is not null; empty for an array.</summary>
        public string Holder { get; init; } = "";

        public string Declaration() => $"var {Local.Name} = {Value}; // {Source}: the loop assigns neither, so one value for the loop";
    }

    /// <summary>
    /// <paramref name="View"/> (a span of <paramref name="Field"/>) holds the elements of the array <paramref name="Array"/>
    /// of the flat struct <paramref name="Struct"/> (see FlatStructs in the frontend), <paramref name="Count"/> scalars
    /// each: field f of element i is element Count·i + f of the view. The array itself appears nowhere else in the body.
    /// </summary>
    internal sealed record StructView(Var View, string Array, string Struct, ScalarType Field, int Count)
    {
        /// <summary>The array is a span (<c>Span&lt;S&gt;</c>, or read-only: <c>ReadOnlySpan&lt;S&gt;</c>), never null.</summary>
        public bool Span { get; init; }
        public bool ReadOnly { get; init; }

        /// <summary>
        /// The view's declaration: empty (so every bounds guard fails and the scalar loop runs) where the struct's size is
        /// not what its fields add up to, or the array holds more scalars than a span can count.
        /// </summary>
        public string[] Declaration()
        {
            string span = ReadOnly ? "global::System.ReadOnlySpan" : "global::System.Span";
            return new[]
            {
                $"{span}<{Field.Name}> {View.Name} = // {Array} ({(Span ? $"{span}<{Struct}>" : Struct + "[]")}) as {Field.Name}s, {Count} per element",
                $"    global::System.Runtime.CompilerServices.Unsafe.SizeOf<{Struct}>() == {Count * Field.Size} && ({(Span ? "" : $"{Array} is null || ")}{Array}.Length <= {int.MaxValue / Count})",
                $"    ? global::System.Runtime.InteropServices.MemoryMarshal.Cast<{Struct}, {Field.Name}>(({span}<{Struct}>){Array}) : default;",
            };
        }
    }
}
