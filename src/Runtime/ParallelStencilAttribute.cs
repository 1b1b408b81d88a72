using System;

namespace KernelGen
{
    /// <summary>
    /// Marks a static function of a neighbourhood (<c>static float Blur(Neighbourhood2D&lt;float&gt; a) =&gt; (a[-1, 0] +
    /// a[1, 0] + a[0, -1] + a[0, 1]) / 4;</c>) as a stencil (numba's <c>@stencil</c>): KernelGen generates, next to it in
    /// the same partial type, an overload that computes it at every cell of an input into an output,
    /// <c>void Blur(float[,] input, float[,] output, Border border = Border.Unchanged, float value = default)</c> and, for
    /// images stored flat row by row, <c>void Blur(float[] input, float[] output, int width, Border border = …, float value = …)</c>
    /// (<c>T[]</c> for <see cref="Neighbourhood1D{T}"/>), in parallel rows and on vectors where the function allows.
    /// The offsets must be constants: their extent decides which cells have a whole neighbourhood inside the input; the
    /// others are the border, handled as <see cref="Border"/> says. Every cell equals the function called on its
    /// neighbourhood, bitwise.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class ParallelStencilAttribute : Attribute
    {
    }

    /// <summary>What a stencil does at the cells whose neighbourhood reaches outside the input.</summary>
    public enum Border
    {
        /// <summary>The output keeps what it holds there (numba's default leaves them as the output was).</summary>
        Unchanged,
        /// <summary>Offsets outside the input read a constant (the overload's <c>value</c>).</summary>
        Constant,
        /// <summary>Offsets outside the input read the nearest cell inside (edge replication).</summary>
        Clamp,
        /// <summary>Offsets outside the input wrap around (periodic).</summary>
        Wrap,
    }

    /// <summary>
    /// The cells around one cell of a 1-D input, as a <see cref="ParallelStencilAttribute"/> function reads them:
    /// <c>a[-1]</c>, <c>a[0]</c>, <c>a[1]</c>. Outside the input, <see cref="Border"/> decides what is read.
    /// </summary>
    public readonly struct Neighbourhood1D<T>
    {
        private readonly T[] _data;
        private readonly int _at;
        private readonly Border _border;
        private readonly T _value;

        /// <summary>The neighbourhood of cell <paramref name="at"/> of <paramref name="data"/>.</summary>
        public Neighbourhood1D(T[] data, int at, Border border = Border.Clamp, T value = default!)
        {
            _data = data ?? throw new ArgumentNullException(nameof(data));
            _at = at;
            _border = border;
            _value = value;
        }

        /// <summary>The cell <paramref name="offset"/> away from the centre.</summary>
        public T this[int offset] => Stencils.Read(_data, _at + offset, _border, _value);
    }

    /// <summary>
    /// The cells around one cell of a 2-D input (<c>T[,]</c>, row-major: <c>a[dy, dx]</c>), as a
    /// <see cref="ParallelStencilAttribute"/> function reads them. Outside the input, <see cref="Border"/> decides.
    /// </summary>
    public readonly struct Neighbourhood2D<T>
    {
        private readonly T[,]? _data;
        private readonly T[]? _flat;
        private readonly int _width;
        private readonly int _y, _x;
        private readonly Border _border;
        private readonly T _value;

        /// <summary>The neighbourhood of cell (<paramref name="y"/>, <paramref name="x"/>) of <paramref name="data"/>.</summary>
        public Neighbourhood2D(T[,] data, int y, int x, Border border = Border.Clamp, T value = default!)
        {
            _data = data ?? throw new ArgumentNullException(nameof(data));
            _flat = null;
            _width = 0;
            _y = y;
            _x = x;
            _border = border;
            _value = value;
        }

        /// <summary>
        /// The neighbourhood of cell (<paramref name="y"/>, <paramref name="x"/>) of an image stored flat, row by row,
        /// <paramref name="width"/> cells a row (cell (y, x) at <c>y * width + x</c>; the height is data.Length / width).
        /// </summary>
        public Neighbourhood2D(T[] data, int width, int y, int x, Border border = Border.Clamp, T value = default!)
        {
            _flat = data ?? throw new ArgumentNullException(nameof(data));
            if (width <= 0 || data.Length % width != 0)
                throw new ArgumentException($"The image has {data.Length} cells, not a whole number of rows of {width}.", nameof(width));
            _data = null;
            _width = width;
            _y = y;
            _x = x;
            _border = border;
            _value = value;
        }

        /// <summary>The cell <paramref name="dy"/> rows and <paramref name="dx"/> columns away from the centre.</summary>
        public T this[int dy, int dx] => _data is not null
            ? Stencils.Read(_data, _y + dy, _x + dx, _border, _value)
            : Stencils.Read(_flat!, _width, _y + dy, _x + dx, _border, _value);
    }

    /// <summary>Reads with a border policy (the serial meaning of a stencil at its border cells).</summary>
    public static class Stencils
    {
        /// <summary>Element <paramref name="i"/>, or what <paramref name="border"/> reads there when it is outside.</summary>
        public static T Read<T>(T[] data, int i, Border border, T value)
        {
            int n = data.Length;
            if ((uint)i < (uint)n) return data[i];
            return border switch
            {
                Border.Constant => value,
                Border.Wrap => data[Wrap(i, n)],
                _ => data[Math.Clamp(i, 0, n - 1)], // Clamp (and Unchanged, whose border cells are not computed)
            };
        }

        /// <summary>Element (<paramref name="y"/>, <paramref name="x"/>), or what <paramref name="border"/> reads there when it is outside.</summary>
        public static T Read<T>(T[,] data, int y, int x, Border border, T value)
        {
            int h = data.GetLength(0), w = data.GetLength(1);
            if ((uint)y < (uint)h && (uint)x < (uint)w) return data[y, x];
            return border switch
            {
                Border.Constant => value,
                Border.Wrap => data[Wrap(y, h), Wrap(x, w)],
                _ => data[Math.Clamp(y, 0, h - 1), Math.Clamp(x, 0, w - 1)],
            };
        }

        /// <summary>Cell (<paramref name="y"/>, <paramref name="x"/>) of an image stored flat, <paramref name="width"/> cells a row, or what <paramref name="border"/> reads there when it is outside.</summary>
        public static T Read<T>(T[] data, int width, int y, int x, Border border, T value)
        {
            int h = data.Length / width, w = width;
            if ((uint)y < (uint)h && (uint)x < (uint)w) return data[y * w + x];
            return border switch
            {
                Border.Constant => value,
                Border.Wrap => data[Wrap(y, h) * w + Wrap(x, w)],
                _ => data[Math.Clamp(y, 0, h - 1) * w + Math.Clamp(x, 0, w - 1)],
            };
        }

        private static int Wrap(int i, int n) => ((i % n) + n) % n;
    }
}
