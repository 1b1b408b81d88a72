using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Structs whose instance fields are all one scalar type, back to back (<c>Vector3</c>: X, Y, Z; a
    /// <c>Particle { float X, Y, VX, VY; }</c>; nested ones flattened: <c>{ Vector3 Pos, Vel; }</c> is six floats). An
    /// array of such a struct is an array of that scalar with a stride of the field count, so the loop IR reads
    /// <c>p[i].Y</c> as element <c>3·i + 1</c> of a view of the array (see Lowering.View), and the vectorizer's
    /// strided loads and group stores apply.
    /// <para>
    /// Only layouts the generator can see: structs of this compilation, not generic, declared once (fields in two
    /// parts of a partial struct have no defined order), without <c>StructLayout</c> other than plain Sequential,
    /// <c>FieldOffset</c> or fixed buffers; from other assemblies only <c>System.Numerics</c>' Vector2, Vector3, Vector4
    /// and Quaternion (whose layout is documented). The view itself checks <c>Unsafe.SizeOf</c> at run time too: where
    /// the size is not the field count times the scalar's, the view is empty and the vector loop's bounds guard sends
    /// every iteration to the scalar loop.
    /// </para>
    /// </summary>
    internal static class FlatStructs
    {
        private const int MaxFields = 64;

        /// <summary>The scalar type and the number of scalars of a flat struct; null for any other type.</summary>
        public static (ScalarType Field, int Count)? Layout(ITypeSymbol? type) => Layout(type, 0, out _);

        /// <summary>Why a struct is not flat, for the report (null: it is, or it is no struct).</summary>
        public static string? WhyNot(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } || Layout(type, 0, out string why) is not null) return null;
            return $"{type.Name}'s fields are not read as one scalar type: {why}";
        }

        private static (ScalarType Field, int Count)? Layout(ITypeSymbol? type, int depth, out string why)
        {
            why = "";
            if (depth > 8 || type is not INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRefLikeType: false } s || s.SpecialType != SpecialType.None)
                { why = "not a plain struct"; return null; }
            if (s.IsGenericType) { why = "a generic struct (its layout is the runtime's choice)"; return null; }
            if (!Visible(s, out why)) return null;
            ScalarType? field = null;
            int count = 0;
            foreach (IFieldSymbol f in Fields(s))
            {
                if (f.IsFixedSizeBuffer || f.GetAttributes().Any(a => a.AttributeClass?.Name == "FieldOffsetAttribute"))
                    { why = $"field {f.Name} is a fixed buffer or has a FieldOffset"; return null; }
                (ScalarType Field, int Count)? part = Lowering.TypeOf(f.Type) is ScalarType { Kind: not (ScalarKind.Bool or ScalarKind.Char or ScalarKind.Other) } scalar
                    ? (scalar, 1) : Layout(f.Type, depth + 1, out why);
                if (part is null) { why = $"field {f.Name} ({f.Type.Name}) is {(why.Length > 0 && f.Type.TypeKind == TypeKind.Struct ? why : "no number")}"; return null; }
                if (field is not null && !field.Equals(part.Value.Field)) { why = $"fields of several types ({field.Name}, {part.Value.Field.Name})"; return null; }
                field = part.Value.Field;
                count += part.Value.Count;
                if (count > MaxFields) { why = $"more than {MaxFields} fields"; return null; }
            }
            if (field is null) why = "no instance fields";
            return field is null ? null : (field, count);
        }

        /// <summary>The instance fields in declaration (layout) order, backing fields of auto-properties included.</summary>
        private static IEnumerable<IFieldSymbol> Fields(INamedTypeSymbol s) =>
            s.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

        private static bool Visible(INamedTypeSymbol s, out string why)
        {
            why = "";
            if (s.ContainingNamespace?.ToDisplayString() == "System.Numerics" && s.ContainingAssembly?.Name is "System.Numerics.Vectors" or "System.Runtime" or "System.Private.CoreLib" or "netstandard")
            {
                if (s.Name is "Vector2" or "Vector3" or "Vector4" or "Quaternion") return true;
                why = "a System.Numerics type other than Vector2, Vector3, Vector4 and Quaternion";
                return false;
            }
            if (!s.Locations.All(l => l.IsInSource)) { why = "declared in another assembly (its layout is not visible here)"; return false; }
            if (s.DeclaringSyntaxReferences.Length != 1) { why = "a partial struct (fields in several parts have no defined order)"; return false; }
            foreach (AttributeData a in s.GetAttributes())
            {
                if (a.AttributeClass?.Name == "InlineArrayAttribute") { why = "an inline array"; return false; }
                if (a.AttributeClass?.Name != "StructLayoutAttribute") continue;
                // [StructLayout(LayoutKind.Sequential)] and nothing else (Pack, Size change the layout).
                if (a.NamedArguments.Length > 0 || a.ConstructorArguments.Length != 1 || a.ConstructorArguments[0].Value is not (int)0 and not (short)0)
                    { why = "a StructLayout other than plain Sequential"; return false; }
            }
            return true;
        }

        /// <summary>
        /// Where a field of a flat struct starts (in scalars from the struct's start) and how many scalars it holds; an
        /// auto-property stands for its backing field. Null for anything else.
        /// </summary>
        public static (int Offset, int Count)? Member(ISymbol member)
        {
            IFieldSymbol? field = member switch
            {
                IFieldSymbol f => f,
                IPropertySymbol { IsStatic: false, IsIndexer: false } p => p.ContainingType?.GetMembers().OfType<IFieldSymbol>()
                    .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, p)),
                _ => null,
            };
            if (field is null || field.IsStatic || Layout(field.ContainingType) is null) return null;
            int offset = 0;
            foreach (IFieldSymbol f in Fields(field.ContainingType))
            {
                int size = Lowering.TypeOf(f.Type) is ScalarType ? 1 : Layout(f.Type)!.Value.Count;
                if (SymbolEqualityComparer.Default.Equals(f, field)) return (offset, size);
                offset += size;
            }
            return null;
        }

        /// <summary>The C# member path of scalar <paramref name="k"/> of a flat struct (<c>Pos.Y</c>); null when a field has no name C# can write (a backing field's property then).</summary>
        public static string? Path(ITypeSymbol type, int k)
        {
            if (type is not INamedTypeSymbol s || Layout(s) is null) return null;
            foreach (IFieldSymbol f in Fields(s))
            {
                int size = Lowering.TypeOf(f.Type) is ScalarType ? 1 : Layout(f.Type)!.Value.Count;
                if (k < size)
                {
                    string name = f.AssociatedSymbol is IPropertySymbol p ? p.Name : f.CanBeReferencedByName ? f.Name : "";
                    if (name.Length == 0) return null;
                    if (size == 1) return KernelParser.Escape(name);
                    return Path(f.Type, k) is { } rest ? KernelParser.Escape(name) + "." + rest : null;
                }
                k -= size;
            }
            return null;
        }
    }
}
