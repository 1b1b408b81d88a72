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
        private readonly SortedDictionary<string, long> _terms = new(StringComparer.Ordinal);

        public static Poly Constant(long value) { var p = new Poly(); p.Add("", value); return p; }
        public static Poly Symbol(string name) { var p = new Poly(); p.Add(name, 1); return p; }

        public IEnumerable<KeyValuePair<string, long>> Terms => _terms;
        public bool IsZero => _terms.Count == 0;
        public bool IsConstant => _terms.Count == 0 || (_terms.Count == 1 && _terms.ContainsKey(""));
        public long ConstantTerm => _terms.TryGetValue("", out long v) ? v : 0;

        private void Add(string key, long value)
        {
            if (value == 0) return;
            _terms.TryGetValue(key, out long old);
            long sum = unchecked(old + value);
            if (sum == 0) _terms.Remove(key); else _terms[key] = sum;
        }

        public Poly Plus(Poly other, long sign = 1)
        {
            var p = new Poly();
            foreach (var t in _terms) p.Add(t.Key, t.Value);
            foreach (var t in other._terms) p.Add(t.Key, unchecked(sign * t.Value));
            return p;
        }

        public Poly Minus(Poly other) => Plus(other, -1);

        public Poly Scale(long factor)
        {
            var p = new Poly();
            if (factor != 0) foreach (var t in _terms) p.Add(t.Key, unchecked(t.Value * factor));
            return p;
        }

        /// <summary>The product, or null when a monomial would pass <see cref="MaxDegree"/>.</summary>
        public Poly? Times(Poly other)
        {
            var p = new Poly();
            foreach (var a in _terms)
                foreach (var b in other._terms)
                {
                    string key = MultiplyKeys(a.Key, b.Key);
                    if (Degree(key) > MaxDegree) return null;
                    p.Add(key, unchecked(a.Value * b.Value));
                }
            return p;
        }

        /// <summary>Exact division by a constant or a single symbol, or null when some term is not divisible.</summary>
        public Poly? DivideExactly(Poly divisor)
        {
            if (divisor._terms.Count != 1) return null;
            var d = divisor._terms.First();
            var p = new Poly();
            foreach (var t in _terms)
            {
                if (t.Value % d.Value != 0) return null;
                string? key = RemoveFactor(t.Key, d.Key);
                if (key is null) return null;
                p.Add(key, t.Value / d.Value);
            }
            return p;
        }

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

        public bool Equals(Poly? other) => other is not null && _terms.Count == other._terms.Count && _terms.All(t => other._terms.TryGetValue(t.Key, out long v) && v == t.Value);
        public override bool Equals(object? obj) => Equals(obj as Poly);
        public override int GetHashCode() => _terms.Count;

        public override string ToString()
        {
            if (_terms.Count == 0) return "0";
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
