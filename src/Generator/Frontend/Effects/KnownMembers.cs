using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend.Effects
{
    /// <summary>What KernelGen knows about a method it cannot look into (another assembly).</summary>
    internal enum KnownCall
    {
        /// <summary>No effect beyond its arguments: writable spans and by-ref arguments it is given, and arrays it is known to fill.</summary>
        Pure,
        /// <summary>An instance method of a stateful BCL type that only reads the receiver (<c>list.Count</c>, <c>dict.TryGetValue</c>).</summary>
        ReadsReceiver,
        /// <summary>An instance method of a stateful BCL type that changes the receiver (<c>list.Add</c>, <c>random.Next</c>).</summary>
        WritesReceiver,
        /// <summary><c>System.Threading.Interlocked</c>: an atomic update of its first (by-ref) argument.</summary>
        Interlocked,
        /// <summary><c>Volatile.Read</c>: a read of its by-ref argument.</summary>
        VolatileRead,
        /// <summary><c>Volatile.Write</c>: a write of its by-ref argument.</summary>
        VolatileWrite,
        /// <summary>Its value depends on the thread that runs the iteration (thread id, thread-local values).</summary>
        ThreadDependent,
        /// <summary>Not known: any effect.</summary>
        Unknown,
    }

    /// <summary>
    /// The list of BCL members whose effects KernelGen knows (see docs/diagnostics/KG1007.md and the README's Safety
    /// section). Everything from another assembly that is not listed has unknown effects.
    /// </summary>
    internal static class KnownMembers
    {
        /// <summary>Types all of whose members are free of side effects (apart from the argument rules in <see cref="EffectWalker"/>).</summary>
        private static readonly HashSet<string> s_pureTypes = new(System.StringComparer.Ordinal)
        {
            "System.Math", "System.MathF", "System.Numerics.BitOperations", "System.Numerics.Vector", "System.Numerics.Vector`1",
            "System.Numerics.Vector2", "System.Numerics.Vector3", "System.Numerics.Vector4", "System.Numerics.Quaternion",
            "System.Numerics.Plane", "System.Numerics.Matrix3x2", "System.Numerics.Matrix4x4", "System.Numerics.Complex",
            "System.Numerics.BigInteger", "System.Runtime.Intrinsics.Vector64", "System.Runtime.Intrinsics.Vector128",
            "System.Runtime.Intrinsics.Vector256", "System.Runtime.Intrinsics.Vector512", "System.Runtime.Intrinsics.Vector64`1",
            "System.Runtime.Intrinsics.Vector128`1", "System.Runtime.Intrinsics.Vector256`1", "System.Runtime.Intrinsics.Vector512`1",
            "System.String", "System.Char", "System.Boolean", "System.Byte", "System.SByte", "System.Int16", "System.UInt16",
            "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.IntPtr", "System.UIntPtr", "System.Single",
            "System.Double", "System.Decimal", "System.Half", "System.Int128", "System.UInt128", "System.Convert", "System.BitConverter",
            "System.Buffers.Binary.BinaryPrimitives", "System.TimeSpan", "System.Index", "System.Range", "System.Nullable`1",
            "System.MemoryExtensions", "System.Span`1", "System.ReadOnlySpan`1", "System.Memory`1", "System.ReadOnlyMemory`1",
            "System.Numerics.Tensors.TensorPrimitives", "System.Array", "System.Buffer", "System.Enum", "System.Guid",
            "System.Diagnostics.Debug", "System.ArgumentException", "System.ArgumentNullException", "System.ArgumentOutOfRangeException",
            "System.ObjectDisposedException", "System.Tuple", "System.ValueTuple", "System.HashCode", "System.GC",
            "System.Diagnostics.Stopwatch", "System.Runtime.CompilerServices.RuntimeHelpers", "System.Object",
            "System.Globalization.CultureInfo", "System.StringComparer", "System.Char",
        };

        /// <summary>Stateful BCL types: instance methods change the receiver unless named in <see cref="s_readers"/>.</summary>
        private static readonly HashSet<string> s_statefulTypes = new(System.StringComparer.Ordinal)
        {
            "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
            "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1", "System.Collections.Generic.SortedSet`1",
            "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedList`2", "System.Collections.Generic.LinkedList`1",
            "System.Collections.Generic.PriorityQueue`2", "System.Text.StringBuilder", "System.Random", "System.Collections.BitArray",
            "System.Collections.Concurrent.ConcurrentBag`1", "System.Collections.Concurrent.ConcurrentQueue`1",
            "System.Collections.Concurrent.ConcurrentStack`1", "System.Collections.Concurrent.ConcurrentDictionary`2",
        };

        private static readonly HashSet<string> s_readers = new(System.StringComparer.Ordinal)
        {
            "get_Count", "get_Item", "get_Capacity", "get_Length", "get_Chars", "get_Keys", "get_Values", "get_Comparer", "get_IsEmpty",
            "get_First", "get_Last", "get_Min", "get_Max", "Contains", "ContainsKey", "ContainsValue", "TryGetValue", "IndexOf",
            "LastIndexOf", "BinarySearch", "Find", "FindIndex", "FindLast", "FindLastIndex", "FindAll", "Exists", "TrueForAll",
            "ToArray", "GetRange", "CopyTo", "ToString", "Peek", "TryPeek", "Equals", "GetHashCode", "GetType", "GetEnumerator",
            "IsSubsetOf", "IsSupersetOf", "IsProperSubsetOf", "IsProperSupersetOf", "Overlaps", "SetEquals", "Get", "EnsureCapacity",
        };

        /// <summary>System.Array / Buffer methods that write their array arguments (all but the source and comparer ones).</summary>
        private static readonly HashSet<string> s_arrayWriters = new(System.StringComparer.Ordinal)
        { "Clear", "Fill", "Copy", "ConstrainedCopy", "Reverse", "Sort", "Resize", "Initialize", "SetValue", "BlockCopy" };

        private static readonly HashSet<string> s_sourceParameters = new(System.StringComparer.Ordinal)
        { "sourceArray", "src", "source", "comparer", "comparison", "match", "value" };

        public static string TypeName(ITypeSymbol? type) =>
            type is null ? "" : type.OriginalDefinition.ContainingNamespace is { IsGlobalNamespace: false } ns
                ? ns.ToDisplayString() + "." + Nested(type.OriginalDefinition) : Nested(type.OriginalDefinition);

        private static string Nested(ITypeSymbol type) =>
            (type.ContainingType is { } outer ? Nested(outer) + "+" : "") + type.MetadataName;

        public static KnownCall Classify(IMethodSymbol method)
        {
            INamedTypeSymbol? type = method.ContainingType;
            string typeName = TypeName(type);
            if (typeName.StartsWith("KernelGen.", System.StringComparison.Ordinal)) return KnownCall.Pure; // KernelGen's own runtime
            if (typeName == "System.Threading.Interlocked") return method.Name == "MemoryBarrier" ? KnownCall.Pure : KnownCall.Interlocked;
            if (typeName == "System.Threading.Volatile") return method.Name == "Read" ? KnownCall.VolatileRead : KnownCall.VolatileWrite;
            if (typeName is "System.Environment" && method.Name == "get_CurrentManagedThreadId"
                || typeName is "System.Threading.Thread" && method.Name is "get_CurrentThread" or "get_ManagedThreadId"
                || typeName is "System.Threading.ThreadLocal`1" or "System.Threading.AsyncLocal`1" or "System.Lazy`1")
                return KnownCall.ThreadDependent;
            if (typeName is "System.Environment" && method.Name.StartsWith("get_", System.StringComparison.Ordinal)
                && method.Name is "get_ProcessorCount" or "get_NewLine" or "get_Is64BitProcess" or "get_TickCount" or "get_TickCount64")
                return KnownCall.Pure;
            // Array methods that write the array they are called on (the static writers get it as an argument).
            if (typeName == "System.Array" && !method.IsStatic && method.Name is "SetValue" or "Initialize")
                return KnownCall.WritesReceiver;
            if (s_pureTypes.Contains(typeName) || typeName.StartsWith("System.ValueTuple`", System.StringComparison.Ordinal)
                || typeName.StartsWith("System.Tuple`", System.StringComparison.Ordinal)
                || typeName.StartsWith("System.Runtime.Intrinsics.X86.", System.StringComparison.Ordinal)
                || typeName.StartsWith("System.Runtime.Intrinsics.Arm.", System.StringComparison.Ordinal))
            {
                // Intrinsic stores write through the pointer they are given: any memory.
                if (typeName.StartsWith("System.Runtime.Intrinsics.", System.StringComparison.Ordinal)
                    && (method.Name.StartsWith("Store", System.StringComparison.Ordinal) || method.Name.StartsWith("MaskStore", System.StringComparison.Ordinal)
                        || method.Name.StartsWith("Scatter", System.StringComparison.Ordinal))
                    && method.Parameters.Any(p => p.Type is IPointerTypeSymbol))
                    return KnownCall.Unknown;
                if (typeName == "System.Buffer" && method.Name == "MemoryCopy") return KnownCall.Unknown;
                return KnownCall.Pure;
            }
            if (method.MethodKind == MethodKind.Constructor && IsException(type))
                return KnownCall.Pure;
            if (typeName == "System.Linq.Enumerable") return KnownCall.Pure; // its callbacks and sources are checked at the call
            if (s_statefulTypes.Contains(typeName))
            {
                if (method.MethodKind == MethodKind.Constructor || method.IsStatic) return KnownCall.Pure;
                if (typeName == "System.Random") return KnownCall.WritesReceiver; // every draw advances the generator
                return s_readers.Contains(method.Name) ? KnownCall.ReadsReceiver : KnownCall.WritesReceiver;
            }
            return KnownCall.Unknown;
        }

        private static bool IsException(INamedTypeSymbol? type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
                if (TypeName(t) == "System.Exception") return type!.ContainingAssembly?.Name is "System.Private.CoreLib" or "System.Runtime" or "mscorlib" or "netstandard";
            return false;
        }

        /// <summary>
        /// The element ranges a call of a System.Array copier or filler touches, by its arguments: <c>Array.Copy(src, si,
        /// dst, di, n)</c> (and ConstrainedCopy) writes dst[di … di + n) and reads src[si … si + n); <c>Array.Fill(a, v, s,
        /// n)</c> and <c>Array.Clear(a, s, n)</c> write a[s … s + n). Empty for any other call, or where an array argument
        /// is not a one-dimensional array (the race analysis then keeps the effect model's answer).
        /// </summary>
        public static IReadOnlyList<(ExpressionSyntax Array, ExpressionSyntax Start, ExpressionSyntax Length, bool Write)> Ranges(SemanticModel model, InvocationExpressionSyntax call)
        {
            var none = System.Array.Empty<(ExpressionSyntax, ExpressionSyntax, ExpressionSyntax, bool)>();
            if (model.GetOperation(call) is not IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_Array, IsStatic: true } method } invocation)
                return none;
            ExpressionSyntax? Argument(string name) => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == name)?.Value is { } value
                && (value is IConversionOperation { Operand: var inner } ? inner : value) is { Type: IArrayTypeSymbol { Rank: 1 } or { SpecialType: SpecialType.System_Int32 } } plain
                ? plain.Syntax as ExpressionSyntax : null;
            var ranges = new List<(ExpressionSyntax, ExpressionSyntax, ExpressionSyntax, bool)>();
            switch (method.Name)
            {
                case "Copy" or "ConstrainedCopy" when method.Parameters.Length == 5 && method.Parameters[1].Type.SpecialType == SpecialType.System_Int32:
                    if (Argument("destinationArray") is not { } dst || Argument("destinationIndex") is not { } di || Argument("length") is not { } n
                        || Argument("sourceArray") is not { } src || Argument("sourceIndex") is not { } si) return none;
                    ranges.Add((dst, di, n, true));
                    ranges.Add((src, si, n, false));
                    break;
                case "Fill" when method.Parameters.Length == 4:
                    if (Argument("array") is not { } filled || Argument("startIndex") is not { } start || Argument("count") is not { } count) return none;
                    ranges.Add((filled, start, count, true));
                    break;
                case "Clear" when method.Parameters.Length == 3:
                    if (Argument("array") is not { } cleared || Argument("index") is not { } index || Argument("length") is not { } length) return none;
                    ranges.Add((cleared, index, length, true));
                    break;
                default:
                    return none;
            }
            return ranges;
        }

        /// <summary>Whether a known method writes the elements of the array it gets for <paramref name="parameter"/>.</summary>
        public static bool WritesArrayArgument(IMethodSymbol method, IParameterSymbol parameter)
        {
            string typeName = TypeName(method.ContainingType);
            if (typeName is "System.Array" or "System.Buffer")
                return s_arrayWriters.Contains(method.Name) && !s_sourceParameters.Contains(parameter.Name);
            if (typeName == "System.Random") return true; // NextBytes, Shuffle, GetItems fill what they are given
            return method.Name is "CopyTo" or "TryCopyTo" or "GetItems" or "Shuffle" or "Fill" or "Clear" && !s_sourceParameters.Contains(parameter.Name);
        }

        /// <summary>Types whose values cannot be changed through a reference (strings, delegates) or are copied (value types).</summary>
        public static bool IsImmutableOrValue(ITypeSymbol? type) =>
            type is not null && (type.IsValueType && !type.IsRefLikeType || type.SpecialType == SpecialType.System_String
                || type.TypeKind == TypeKind.Delegate || type.TypeKind == TypeKind.Enum);

        /// <summary>Types whose ToString/Equals/GetHashCode/CompareTo are the BCL's own (no user code runs when a BCL method calls them).</summary>
        public static bool HasBclBehaviour(ITypeSymbol? type) =>
            type is not null && (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum
                || s_pureTypes.Contains(TypeName(type))
                // (An array's own members are the runtime's; comparing or printing its elements calls theirs.)
                || type is IArrayTypeSymbol array && HasBclBehaviour(array.ElementType));

        /// <summary>Whether <paramref name="method"/> (or its type) is marked <c>[System.Diagnostics.Contracts.Pure]</c>.</summary>
        public static bool IsMarkedPure(IMethodSymbol method)
        {
            static bool Has(ISymbol s) => s.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.Contracts.PureAttribute");
            if (Has(method.OriginalDefinition)) return true;
            if (method.AssociatedSymbol is IPropertySymbol property && Has(property.OriginalDefinition)) return true;
            for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
                if (Has(t.OriginalDefinition)) return true;
            return false;
        }
    }
}
