using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelGen.Tests.RandomKernels
{
    internal static partial class FuzzRunner
    {
        /// <summary>The share of runs of a kernel over rectangular arrays that pass one array for two parameters of one element type.</summary>
        public const double ShapeAliasShare = 0.15;

        /// <summary>
        /// Inputs of a kernel over rectangular arrays: four arrays of one shape (about <paramref name="size"/> elements:
        /// 0 and 1 give a shape with a 0 or a 1 in some dimension), filled by the 1-D value generators in storage order;
        /// sometimes one array for two parameters (a stored array aliasing one the loop reads or also stores).
        /// </summary>
        private static object?[] InputsShaped(FuzzKernel kernel, int size, Random random)
        {
            int[] lengths = Shape(kernel.Rank, size, random);
            int total = lengths.Aggregate(1, (product, length) => product * length);
            var arrays = new Array[4];
            for (int a = 0; a < 4; a++) arrays[a] = Reshape(RandomArray(kernel.Arrays[a], total, random), lengths);
            if (random.NextDouble() < ShapeAliasShare)
            {
                var pairs = (from p in Enumerable.Range(0, 4) from q in Enumerable.Range(p + 1, 3 - p)
                             where kernel.Arrays[p] == kernel.Arrays[q] select (p, q)).ToList();
                if (pairs.Count > 0)
                {
                    (int p, int q) = pairs[random.Next(pairs.Count)];
                    arrays[q] = arrays[p];
                }
            }
            int w = 1 + random.Next(4); // only a scalar here
            int m = random.Next(1, 6);
            double k = Math.Round(random.NextDouble() * 8 - 4, 3);
            return new object?[] { arrays[0], arrays[1], arrays[2], arrays[3], new long[8], new double[8], w, m, k };
        }

        /// <summary>
        /// A shape of about <paramref name="size"/> elements: 0 → some dimension 0, 1 → some dimension 1 (often all),
        /// small → 1 to 8 (3-D: 1 to 5) each, else the last dimension from widths around the vector lengths (vector
        /// body and scalar remainder), the others filling the size.
        /// </summary>
        internal static int[] Shape(int rank, int size, Random random)
        {
            var lengths = new int[rank];
            if (size == 0)
            {
                for (int d = 0; d < rank; d++) lengths[d] = random.Next(0, 5);
                lengths[random.Next(rank)] = 0;
            }
            else if (size == 1)
            {
                bool ones = random.NextDouble() < 0.3;
                for (int d = 0; d < rank; d++) lengths[d] = ones ? 1 : random.Next(1, 6);
                lengths[random.Next(rank)] = 1;
            }
            else if (size < 100)
                for (int d = 0; d < rank; d++) lengths[d] = random.Next(1, rank == 2 ? 9 : 6);
            else
            {
                int[] widths = size > 10_000 ? new[] { 17, 33, 47, 100, 316 } : new[] { 1, 2, 3, 7, 8, 16, 17, 31, 33, 64, 100 };
                lengths[rank - 1] = widths[random.Next(widths.Length)];
                if (rank == 3)
                {
                    int[] heights = size > 10_000 ? new[] { 5, 20, 47 } : new[] { 1, 2, 3, 5, 9 };
                    lengths[1] = heights[random.Next(heights.Length)];
                }
                int rest = lengths.Skip(1).Aggregate(1, (product, length) => product * length);
                lengths[0] = Math.Max(1, size / rest);
            }
            return lengths;
        }

        /// <summary>The elements of a 1-D array of primitives in an array of the given shape, in storage order.</summary>
        private static Array Reshape(Array flat, int[] lengths)
        {
            Array shaped = Array.CreateInstance(flat.GetType().GetElementType()!, lengths);
            Buffer.BlockCopy(flat, 0, shaped, 0, Buffer.ByteLength(flat));
            return shaped;
        }

        /// <summary>The elements of an array of any rank in storage order.</summary>
        private static Span<T> Flat<T>(Array array) =>
            MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

        private static bool SameShape(Array x, Array y)
        {
            if (x.Rank != y.Rank) return false;
            for (int d = 0; d < x.Rank; d++)
                if (x.GetLength(d) != y.GetLength(d)) return false;
            return true;
        }

        /// <summary>The subscripts of the element at flat position <paramref name="at"/>.</summary>
        private static int[] Indices(Array array, int at)
        {
            var indices = new int[array.Rank];
            for (int d = array.Rank - 1; d >= 0; d--)
            {
                int length = array.GetLength(d);
                indices[d] = length == 0 ? 0 : at % length;
                at = length == 0 ? 0 : at / length;
            }
            return indices;
        }

        /// <summary><c>17</c>, or <c>2, 5</c> for a rectangular array.</summary>
        private static string Position(Array array, int at) => array.Rank == 1 ? at.ToString() : string.Join(", ", Indices(array, at));

        /// <summary>For the failure line: the arrays' shape when rectangular, or n.</summary>
        private static string Size(object?[] args) => args[0] is Array { Rank: > 1 } shaped
            ? "shape " + string.Join(" × ", Enumerable.Range(0, shaped.Rank).Select(shaped.GetLength))
            : $"n = {((Array)args[0]!).Length}";

        /// <summary>", r and q the same array" for each pair of array parameters given one array.</summary>
        private static string Aliases(object?[] args)
        {
            string[] names = { "a", "b", "r", "q" };
            return string.Concat(from p in Enumerable.Range(0, 4) from q in Enumerable.Range(p + 1, 3 - p)
                                 where ReferenceEquals(args[p], args[q]) select $", {names[p]} and {names[q]} the same array");
        }
    }
}
