namespace KernelGen.Generator.Ir
{
    // The loop IR: equatable records, no Roslyn types. The frontend (Frontend/Lowering) builds it from IOperation; the
    // analyses, the vectorizer and the emitter read it. See docs/ir.md for the shape.

    /// <summary>The scalar types the IR computes with; <see cref="Other"/> is anything else (objects, structs, strings).</summary>
    internal enum ScalarKind { Other, Bool, SByte, Byte, Short, UShort, Char, Int, UInt, Long, ULong, NInt, NUInt, Float, Double }

    /// <summary>A type: a scalar, an array of a rank, a span, or something the IR does not look into.</summary>
    internal abstract record IrType
    {
        /// <summary>The C# name (fully qualified for <see cref="OtherType"/>).</summary>
        public abstract string Name { get; }

        public static readonly ScalarType Bool = new(ScalarKind.Bool), Int = new(ScalarKind.Int), Long = new(ScalarKind.Long),
            Float = new(ScalarKind.Float), Double = new(ScalarKind.Double), Byte = new(ScalarKind.Byte);

        public override string ToString() => Name;
    }

    internal sealed record ScalarType(ScalarKind Kind) : IrType
    {
        public override string Name => Kind switch
        {
            ScalarKind.Bool => "bool",
            ScalarKind.SByte => "sbyte",
            ScalarKind.Byte => "byte",
            ScalarKind.Short => "short",
            ScalarKind.UShort => "ushort",
            ScalarKind.Char => "char",
            ScalarKind.Int => "int",
            ScalarKind.UInt => "uint",
            ScalarKind.Long => "long",
            ScalarKind.ULong => "ulong",
            ScalarKind.NInt => "nint",
            ScalarKind.NUInt => "nuint",
            ScalarKind.Float => "float",
            ScalarKind.Double => "double",
            _ => "?",
        };

        public bool IsFloatingPoint => Kind is ScalarKind.Float or ScalarKind.Double;
        public bool IsInteger => Kind is ScalarKind.SByte or ScalarKind.Byte or ScalarKind.Short or ScalarKind.UShort or ScalarKind.Char
            or ScalarKind.Int or ScalarKind.UInt or ScalarKind.Long or ScalarKind.ULong or ScalarKind.NInt or ScalarKind.NUInt;
        public bool IsSigned => Kind is ScalarKind.SByte or ScalarKind.Short or ScalarKind.Int or ScalarKind.Long or ScalarKind.NInt
            or ScalarKind.Float or ScalarKind.Double;

        /// <summary>Size in bytes (0 for bool's lanes: masks take the width of what they compare).</summary>
        public int Size => Kind switch
        {
            ScalarKind.SByte or ScalarKind.Byte or ScalarKind.Bool => 1,
            ScalarKind.Short or ScalarKind.UShort or ScalarKind.Char => 2,
            ScalarKind.Int or ScalarKind.UInt or ScalarKind.Float => 4,
            _ => 8,
        };
    }

    /// <summary>An array type: <c>T[]</c>, <c>T[,]</c> (<paramref name="Rank"/> 2), or a jagged <c>T[][]</c> (an array of arrays).</summary>
    internal sealed record ArrayType(IrType Element, int Rank) : IrType
    {
        public override string Name => Element.Name + "[" + new string(',', Rank - 1) + "]";
    }

    /// <summary>
    /// <c>T*</c>: a pointer the loop reads and writes as <c>p[i]</c>. It has no length: its accesses are not range
    /// checked in the serial loop either, and the race analysis has compared the bytes it touches with every other
    /// pointer's and array's at the launch.
    /// </summary>
    internal sealed record PointerType(IrType Element) : IrType
    {
        public override string Name => Element.Name + "*";
    }

    /// <summary><c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>.</summary>
    internal sealed record SpanType(IrType Element, bool ReadOnly) : IrType
    {
        public override string Name => $"global::System.{(ReadOnly ? "ReadOnlySpan" : "Span")}<{Element.Name}>";
    }

    /// <summary>Any other type, by its fully qualified name; the IR only carries its values around.</summary>
    internal sealed record OtherType(string Display, bool IsReference) : IrType
    {
        public override string Name => Display;
    }
}
