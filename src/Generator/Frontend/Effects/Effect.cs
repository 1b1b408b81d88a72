using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Frontend.Effects
{
    /// <summary>How an effect touches its place.</summary>
    internal enum AccessKind
    {
        Read,
        Write,
        /// <summary>An atomic, commutative update whose result is not used (<c>Interlocked.Add/Increment/Decrement/And/Or</c>): any order gives the same final value.</summary>
        AtomicUpdate,
        /// <summary>An atomic operation whose outcome depends on the order of the iterations (its result is used, or Exchange/CompareExchange).</summary>
        AtomicOrdered,
    }

    /// <summary>What an effect touches.</summary>
    internal enum PlaceKind
    {
        /// <summary>A local or parameter variable itself (in a callee: a by-ref parameter; in a loop: a variable declared outside it).</summary>
        Variable,
        /// <summary>A static field itself (for a field of struct type: any part of it).</summary>
        StaticField,
        /// <summary>The contents of an object (its fields, elements or internal state), identified by <see cref="Effect.Base"/>.</summary>
        Contents,
        /// <summary>A call whose code KernelGen cannot see: any effect at all.</summary>
        UnknownCall,
    }

    /// <summary>Where an object may have come from (one of the possibilities of an <see cref="Origin"/>).</summary>
    internal enum BaseKind
    {
        /// <summary>Created in this iteration (or call): nobody else can reach it.</summary>
        Fresh,
        /// <summary>The object held by a variable: in a loop, one declared outside it (shared); in a callee, a parameter.</summary>
        Root,
        /// <summary>A callee's <c>this</c> (a class instance).</summary>
        This,
        /// <summary>Some element of the array held by <see cref="Base.Symbol"/> (which element is not known).</summary>
        ElementOf,
        /// <summary>The element at one element access in the loop body (<see cref="Base.Syntax"/>): the race analysis knows its subscripts.</summary>
        ElementAt,
        /// <summary>An object reached through a static field or property (<see cref="Base.Symbol"/>).</summary>
        Static,
        /// <summary>Anything: KernelGen cannot trace where the reference came from.</summary>
        Unknown,
    }

    internal readonly struct Base : System.IEquatable<Base>
    {
        public Base(BaseKind kind, ISymbol? symbol = null, SyntaxNode? syntax = null) { Kind = kind; Symbol = symbol; Syntax = syntax; }
        public BaseKind Kind { get; }
        public ISymbol? Symbol { get; }
        public SyntaxNode? Syntax { get; }

        public static readonly Base Fresh = new(BaseKind.Fresh), Unknown = new(BaseKind.Unknown), This = new(BaseKind.This);

        public bool Equals(Base other) => Kind == other.Kind && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol) && Syntax == other.Syntax;
        public override bool Equals(object? obj) => obj is Base other && Equals(other);
        public override int GetHashCode() => ((int)Kind * 397) ^ (Symbol is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(Symbol)) ^ (Syntax?.GetHashCode() ?? 0);
    }

    /// <summary>The objects a reference-typed expression may refer to: a union of <see cref="Base"/>s (flow-insensitive).</summary>
    internal sealed class Origin
    {
        private readonly List<Base> _bases = new(2);
        public IReadOnlyList<Base> Bases => _bases;

        public static Origin Of(Base b) { var o = new Origin(); o._bases.Add(b); return o; }
        public static Origin Fresh => Of(Base.Fresh);
        public static Origin Unknown => Of(Base.Unknown);

        public Origin Add(Origin other)
        {
            foreach (Base b in other._bases) if (!_bases.Contains(b)) _bases.Add(b);
            return this;
        }

        /// <summary>What an object reached from this one (through a field, an element, a property) may be.</summary>
        public Origin Reach()
        {
            var reached = new Origin();
            foreach (Base b in _bases)
            {
                Base r = b.Kind switch
                {
                    // A fresh object's fields may hold anything: only the object itself is private.
                    BaseKind.Fresh => Base.Unknown,
                    // What an element holds may be shared between elements.
                    BaseKind.ElementAt => b.Symbol is null ? Base.Unknown : new Base(BaseKind.ElementOf, b.Symbol),
                    _ => b,
                };
                if (!reached._bases.Contains(r)) reached._bases.Add(r);
            }
            return reached;
        }
    }

    /// <summary>
    /// One memory effect of a PRange body or a callee: what (<see cref="Place"/>, <see cref="Symbol"/>, <see cref="Base"/>,
    /// <see cref="Member"/>), how (<see cref="Access"/>), where in the loop body (<see cref="At"/>) and through which
    /// calls (<see cref="Via"/>).
    /// </summary>
    internal sealed class Effect
    {
        public Effect(AccessKind access, PlaceKind place, ISymbol? symbol, Base @base, string member, SyntaxNode at, string via)
        {
            Access = access; Place = place; Symbol = symbol; Base = @base; Member = member; At = at; Via = via;
        }

        public AccessKind Access { get; }
        public PlaceKind Place { get; }
        /// <summary>The variable (<see cref="PlaceKind.Variable"/>), static field (<see cref="PlaceKind.StaticField"/>) or field of the contents, when known.</summary>
        public ISymbol? Symbol { get; }
        /// <summary>Whose contents (<see cref="PlaceKind.Contents"/>).</summary>
        public Base Base { get; }
        /// <summary>Which part: "field 'X'", "elements", "state", or for an unknown call why it is unknown.</summary>
        public string Member { get; }
        /// <summary>The syntax in the walked body where the effect happens (a call site for effects of callees).</summary>
        public SyntaxNode At { get; }
        /// <summary>The call chain, e.g. "Note → Log" (empty when the body itself has the effect).</summary>
        public string Via { get; }

        public bool IsWrite => Access != AccessKind.Read;

        public Effect Through(SyntaxNode at, string callee) =>
            new(Access, Place, Symbol, Base, Member, at, Via.Length == 0 ? callee : callee + " → " + Via);

        public Effect WithPlace(PlaceKind place, ISymbol? symbol, Base @base, SyntaxNode at, string via) =>
            new(Access, place, symbol, @base, Member, at, via);
    }
}
