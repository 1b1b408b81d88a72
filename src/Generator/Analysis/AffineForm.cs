using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KernelGen.Generator.Analysis
{
    /// <summary>
    /// A polynomial over loop-invariant symbols with integer coefficients: <c>3 + 2·n + n·m</c>. Monomials are keyed by
    /// their sorted symbol names joined with '*'; the constant term has the key "". Used as the coefficients and the
    /// constant part of an <see cref="AffineForm"/>. Degree is capped so products cannot blow up.
    /// </summary>
    internal sealed class Poly : IEquatable<Poly>
    {
        public const int MaxDegree = 3;

        // Sorted by key (ordinal, so the constant term "" comes first), no zero coefficients, never mutated after
        // construction: sums and products merge arrays (the dependence tests build thousands of these per kernel, and a
        // sorted tree per polynomial cost a few percent of the generator's time).
        private readonly KeyValuePair<string, long>[] _terms;

        public Poly() => _terms = Array.Empty<KeyValuePair<string, long>>();
        private Poly(KeyValuePair<string, long>[] terms) => _terms = terms;

        public static Poly Constant(long value) => value == 0 ? new Poly() : new Poly(new[] { new KeyValuePair<string, long>("", value) });
        public static Poly Symbol(string name) => new(new[] { new KeyValuePair<string, long>(name, 1) });

        public IReadOnlyList<KeyValuePair<string, long>> Terms => _terms;
        public bool IsZero => _terms.Length == 0;
        public bool IsConstant => _terms.Length == 0 || (_terms.Length == 1 && _terms[0].Key.Length == 0);
        public long ConstantTerm => _terms.Length > 0 && _terms[0].Key.Length == 0 ? _terms[0].Value : 0;

        /// <summary>Terms in any order, repeats summed, zeros dropped.</summary>
        private static Poly FromTerms(List<KeyValuePair<string, long>> terms)
        {
            terms.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var merged = new List<KeyValuePair<string, long>>(terms.Count);
            foreach (var t in terms)
            {
                if (merged.Count > 0 && merged[merged.Count - 1].Key == t.Key)
                    merged[merged.Count - 1] = new(t.Key, unchecked(merged[merged.Count - 1].Value + t.Value));
                else merged.Add(t);
            }
            merged.RemoveAll(t => t.Value == 0);
            return new Poly(merged.ToArray());
        }

        public Poly Plus(Poly other, long sign = 1)
        {
            if (other._terms.Length == 0) return this;
            if (_terms.Length == 0 && sign == 1) return other;
            var sum = new List<KeyValuePair<string, long>>(_terms.Length + other._terms.Length);
            int a = 0, b = 0;
            while (a < _terms.Length || b < other._terms.Length)
            {
                int order = a == _terms.Length ? 1 : b == other._terms.Length ? -1 : string.CompareOrdinal(_terms[a].Key, other._terms[b].Key);
                if (order < 0) sum.Add(_terms[a++]);
                else if (order > 0) { sum.Add(new(other._terms[b].Key, unchecked(sign * other._terms[b].Value))); b++; }
                else
                {
                    long value = unchecked(_terms[a].Value + sign * other._terms[b].Value);
                    if (value != 0) sum.Add(new(_terms[a].Key, value));
                    a++; b++;
                }
            }
            return new Poly(sum.ToArray());
        }

        public Poly Minus(Poly other) => Plus(other, -1);

        public Poly Scale(long factor)
        {
            if (factor == 1) return this;
            var terms = new List<KeyValuePair<string, long>>(_terms.Length);
            if (factor != 0) foreach (var t in _terms) terms.Add(new(t.Key, unchecked(t.Value * factor)));
            return FromTerms(terms); // a product can wrap to zero
        }

        /// <summary>The product, or null when a monomial would pass <see cref="MaxDegree"/>.</summary>
        public Poly? Times(Poly other)
        {
            var terms = new List<KeyValuePair<string, long>>(_terms.Length * other._terms.Length);
            foreach (var a in _terms)
                foreach (var b in other._terms)
                {
                    string key = MultiplyKeys(a.Key, b.Key);
                    if (Degree(key) > MaxDegree) return null;
                    terms.Add(new(key, unchecked(a.Value * b.Value)));
                }
            return FromTerms(terms);
        }

        /// <summary>Exact division by a constant or a single symbol, or null when some term is not divisible.</summary>
        public Poly? DivideExactly(Poly divisor)
        {
            if (divisor._terms.Length != 1) return null;
            var d = divisor._terms[0];
            var terms = new List<KeyValuePair<string, long>>(_terms.Length);
            foreach (var t in _terms)
            {
                if (t.Value % d.Value != 0 || (d.Value == -1 && t.Value == long.MinValue)) return null;
                string? key = RemoveFactor(t.Key, d.Key);
                if (key is null) return null;
                terms.Add(new(key, t.Value / d.Value));
            }
            return FromTerms(terms);
        }

        /// <summary>The polynomial that multiplies <paramref name="symbol"/>: its terms with a factor of it, that factor taken out.</summary>
        public Poly CoefficientOf(string symbol) => FromTerms(_terms.Where(t => t.Key.Split('*').Contains(symbol))
            .Select(t => new KeyValuePair<string, long>(RemoveFactor(t.Key, symbol)!, t.Value)).ToList());

        private static int Degree(string key) => key.Length == 0 ? 0 : key.Split('*').Length;

        private static string MultiplyKeys(string a, string b)
        {
            if (a.Length == 0) return b;
            if (b.Length == 0) return a;
            var parts = a.Split('*').Concat(b.Split('*')).ToList();
            parts.Sort(StringComparer.Ordinal);
            return string.Join("*", parts);
        }

        private static string? RemoveFactor(string key, string factor)
        {
            if (factor.Length == 0) return key;
            var parts = key.Length == 0 ? new List<string>() : key.Split('*').ToList();
            foreach (string f in factor.Split('*'))
                if (!parts.Remove(f)) return null;
            return string.Join("*", parts);
        }

        public bool Equals(Poly? other)
        {
            if (other is null || _terms.Length != other._terms.Length) return false;
            for (int k = 0; k < _terms.Length; k++)
                if (_terms[k].Key != other._terms[k].Key || _terms[k].Value != other._terms[k].Value) return false;
            return true;
        }
        public override bool Equals(object? obj) => Equals(obj as Poly);
        public override int GetHashCode() => _terms.Length;

        /// <summary>
        /// C# for the polynomial's value: each product of symbols cast to <paramref name="cast"/> (<c>(global::System.Int128)</c>:
        /// exact), a symbol written as <paramref name="values"/> gives it (a counter's extreme value) or as its own name.
        /// </summary>
        public string ToCSharp(IReadOnlyDictionary<string, string> values, string cast)
        {
            var text = new StringBuilder();
            foreach (KeyValuePair<string, long> term in _terms)
            {
                long coefficient = term.Value;
                ulong magnitude = coefficient < 0 ? (ulong)(-(coefficient + 1)) + 1 : (ulong)coefficient;
                if (term.Key.Length == 0)
                {
                    // The constant term (first: its key "" sorts first).
                    if (text.Length == 0) text.Append(cast).Append('(').Append(coefficient).Append(')');
                    else text.Append(coefficient < 0 ? " - " : " + ").Append(magnitude);
                    continue;
                }
                string[] factors = term.Key.Split('*').Select(f => values.TryGetValue(f, out string? v) ? v : f).ToArray();
                string product = cast + "(" + factors[0] + ")" + string.Concat(factors.Skip(1).Select(f => " * (" + f + ")"));
                if (text.Length > 0)
                    text.Append(coefficient < 0 ? " - " : " + ").Append(magnitude == 1 ? product : magnitude + " * " + product);
                else
                    text.Append(coefficient == 1 ? product : coefficient == -1 ? "-" + product : cast + "(" + coefficient + ") * " + product);
            }
            return text.Length == 0 ? cast + "0" : text.ToString();
        }

        public override string ToString()
        {
            if (_terms.Length == 0) return "0";
            var text = new StringBuilder();
            foreach (var t in _terms)
            {
                if (text.Length > 0) text.Append(t.Value < 0 ? " - " : " + ");
                else if (t.Value < 0) text.Append('-');
                // |long.MinValue| does not fit a long: the magnitude as an unsigned number.
                ulong abs = t.Value < 0 ? (ulong)(-(t.Value + 1)) + 1 : (ulong)t.Value;
                if (t.Key.Length == 0) text.Append(abs);
                else text.Append(abs == 1 ? "" : abs + "*").Append(t.Key);
            }
            return text.ToString();
        }
    }

    /// <summary>
    /// An affine subscript: Σ coefficient(v)·v + constant, where v ranges over loop variables (the PRange loop's
    /// normalized iteration number and inner sequential <c>for</c> indices) and the coefficients and the constant are
    /// <see cref="Poly"/>s over loop-invariant symbols (so <c>i * n + j</c> is affine with coefficient n for i).
    /// </summary>
    internal sealed class AffineForm
    {
        public Dictionary<string, Poly> Coefficients { get; } = new(StringComparer.Ordinal);
        public Poly Constant { get; private set; } = new();

        public static AffineForm Of(Poly constant) => new() { Constant = constant };

        public static AffineForm Variable(string name, Poly coefficient, Poly constant)
        {
            var form = new AffineForm { Constant = constant };
            if (!coefficient.IsZero) form.Coefficients[name] = coefficient;
            return form;
        }

        public bool HasVariables => Coefficients.Count > 0;

        public Poly CoefficientOf(string variable) => Coefficients.TryGetValue(variable, out Poly? p) ? p : new Poly();

        public AffineForm Plus(AffineForm other, long sign = 1)
        {
            var form = new AffineForm { Constant = Constant.Plus(other.Constant, sign) };
            foreach (var c in Coefficients) form.Coefficients[c.Key] = c.Value;
            foreach (var c in other.Coefficients)
            {
                Poly sum = form.CoefficientOf(c.Key).Plus(c.Value, sign);
                if (sum.IsZero) form.Coefficients.Remove(c.Key); else form.Coefficients[c.Key] = sum;
            }
            return form;
        }

        /// <summary>Multiplies by a loop-invariant factor; null when the degree cap is passed.</summary>
        public AffineForm? Times(Poly factor)
        {
            Poly? constant = Constant.Times(factor);
            if (constant is null) return null;
            var form = new AffineForm { Constant = constant };
            foreach (var c in Coefficients)
            {
                Poly? p = c.Value.Times(factor);
                if (p is null) return null;
                if (!p.IsZero) form.Coefficients[c.Key] = p;
            }
            return form;
        }

        public AffineForm? DivideExactly(Poly divisor)
        {
            Poly? constant = Constant.DivideExactly(divisor);
            if (constant is null) return null;
            var form = new AffineForm { Constant = constant };
            foreach (var c in Coefficients)
            {
                Poly? p = c.Value.DivideExactly(divisor);
                if (p is null) return null;
                if (!p.IsZero) form.Coefficients[c.Key] = p;
            }
            return form;
        }

        public override string ToString() =>
            string.Join(" + ", Coefficients.Select(c => $"({c.Value})*{c.Key}").Concat(new[] { Constant.ToString() }));
    }

    /// <summary>Inclusive bounds of a loop variable, as loop-invariant polynomials; null when unknown.</summary>
    internal sealed record LoopBounds(Poly? Lower, Poly? Upper);
}
