using System;

namespace KernelGen
{
    /// <summary>
    /// Marks a static scalar function (<c>static float Worker(float x) =&gt; x * x + 1;</c>) as a map: KernelGen generates,
    /// next to it in the same partial type, overloads that apply it to every element of whole inputs, in parallel chunks
    /// and on SIMD vectors where the function allows (numba's <c>@vectorize(target='parallel')</c>, Python's
    /// <c>Pool.map(worker, data)</c>):
    /// <c>float[] Worker(float[] x)</c>, <c>void Worker(float[] x, float[] result)</c> and, in a project with
    /// <c>AllowUnsafeBlocks</c>, <c>void Worker(ReadOnlySpan&lt;float&gt; x, Span&lt;float&gt; result)</c>. Every
    /// parameter is an input of its own (all of one length: an <see cref="ArgumentException"/> before any work
    /// otherwise) unless it is marked <see cref="BroadcastAttribute"/>, which passes one value to every element. The
    /// function itself stays as written, and the overloads give exactly its results (element by element, bitwise).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class ParallelMapAttribute : Attribute
    {
    }

    /// <summary>
    /// On a parameter of a <see cref="ParallelMapAttribute"/> function: the generated overloads take one value for it,
    /// passed to every element (a scale, a threshold), instead of an input array.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    public sealed class BroadcastAttribute : Attribute
    {
    }
}
