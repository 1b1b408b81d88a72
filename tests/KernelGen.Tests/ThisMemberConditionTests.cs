using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Row-strided loops bounded by an object's own numbers, as imaging and grid classes write them: an instance kernel
    /// reading its fields or auto-properties (<c>Data[y * Stride + 3 * x]</c> with <c>x &lt; Width</c>), a static one its
    /// class's static fields. The rows are apart only where Stride is at least the row's length, so the loop needs a
    /// run-time condition on those members; it was serial (KG1004) because a condition could not name them. The launch
    /// and the chunks now read a member of this through the launch's copy of the reference (<c>__kg_this.Stride</c>) and
    /// a static one by its type's name (RaceAnalysis.MemberValue), and the groups-of-3 launch check reads them the same
    /// way (Planner.LaunchName).
    /// </summary>
    public class ThisMemberConditionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            // A 24 bpp bitmap with public fields, rows Stride bytes apart (red/blue swapped in place); the shape of
            // TomArrow/ColorMatch3D's ByteImage (ByteImage.cs: public imageData, stride, width and height fields).
            public sealed partial class Image
            {
                public int Width, Height, Stride;
                public byte[] Data = Array.Empty<byte>();

                [ParallelKernel(ChunkSize = 3, MinParallelTripCount = 1)]
                public void SwapRedBlue()
                {
                    foreach (int y in PRange(Height))
                    {
                        int row = y * Stride;
                        for (int x = 0; x < Width; x++)
                        {
                            int p = row + 3 * x;
                            byte t = Data[p]; Data[p] = Data[p + 2]; Data[p + 2] = t;
                        }
                    }
                }
            }

            // Auto-properties, one named through 'this.': each row a running count from its first element.
            public sealed partial class Rows
            {
                public int Width { get; set; }
                public int Stride { get; set; }
                public int Count;
                public int[] A = Array.Empty<int>();

                [ParallelKernel(ChunkSize = 3, MinParallelTripCount = 1)]
                public void Chain()
                {
                    foreach (int y in PRange(Count))
                        for (int x = 1; x < Width; x++)
                            A[this.Stride * y + x] = A[this.Stride * y + x - 1] + 1;
                }
            }

            // A grid described by static fields (the order of the updates matters where rows overlap).
            public static partial class Grid
            {
                public static int Cols, Stride;

                [ParallelKernel(ChunkSize = 3, MinParallelTripCount = 1)]
                public static void Relax(float[] a, int rows)
                {
                    foreach (int y in PRange(rows))
                        for (int x = 0; x < Cols; x++)
                            a[y * Stride + x] = a[y * Stride + x] * 0.5f + y;
                }
            }

            // A readonly struct view over a buffer.
            public readonly partial struct View
            {
                private readonly float[] _data;
                private readonly int _stride, _width, _rows;
                public View(float[] data, int stride, int width, int rows) { _data = data; _stride = stride; _width = width; _rows = rows; }

                [ParallelKernel(ChunkSize = 3, MinParallelTripCount = 1)]
                public void Offset(float by)
                {
                    foreach (int y in PRange(_rows))
                        for (int x = 0; x < _width; x++)
                            _data[y * _stride + x] = _data[y * _stride + x] * 0.5f + by * y;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        /// <summary>Packed, padded, overlapping (the condition fails: serial) and zero strides.</summary>
        private static readonly (int Width, int Rows, int Stride)[] Shapes = { (64, 40, 64), (61, 37, 70), (64, 40, 50), (5, 30, 1), (7, 9, 0), (1, 1, 1) };

        /// <summary>The serial method (reflection: never intercepted) and its parallel version on two copies of <paramref name="make"/>'s data.</summary>
        private static void Same(Assembly assembly, Func<object> make, string kernel, Func<object, Array> result, params object[] args)
        {
            foreach (bool reversed in new[] { false, true })
            {
                object serial = make(), parallel = make();
                Type type = serial.GetType();
                type.GetMethod(kernel)!.Invoke(serial, args);
                if (reversed) RuntimeSettings.Reversed(3, () => type.GetMethod(kernel + "Parallel")!.Invoke(parallel, args));
                else type.GetMethod(kernel + "Parallel")!.Invoke(parallel, args);
                Assert.Equal(result(serial), result(parallel));
            }
        }

        [Fact]
        public void Members_of_this_and_static_fields_bound_rows_that_run_in_parallel_with_the_serial_result()
        {
            Assembly assembly = s_built.Value;
            var random = new Random(11);
            foreach ((int width, int rows, int stride) in Shapes)
            {
                byte[] pixels = new byte[Math.Max(0, 3 * stride * (rows - 1) + 3 * width)]; // rows 3 * stride bytes apart
                random.NextBytes(pixels);
                Same(assembly, () =>
                {
                    object image = Activator.CreateInstance(assembly.GetType("Image")!)!;
                    foreach ((string f, object v) in new (string, object)[] { ("Width", width), ("Height", rows), ("Stride", 3 * stride), ("Data", pixels.ToArray()) })
                        image.GetType().GetField(f)!.SetValue(image, v);
                    return image;
                }, "SwapRedBlue", o => (byte[])o.GetType().GetField("Data")!.GetValue(o)!);

                int[] start = Enumerable.Range(0, stride * rows + width).Select(_ => random.Next(100)).ToArray();
                Same(assembly, () =>
                {
                    object chain = Activator.CreateInstance(assembly.GetType("Rows")!)!;
                    chain.GetType().GetProperty("Width")!.SetValue(chain, width);
                    chain.GetType().GetProperty("Stride")!.SetValue(chain, stride);
                    chain.GetType().GetField("Count")!.SetValue(chain, rows);
                    chain.GetType().GetField("A")!.SetValue(chain, start.ToArray());
                    return chain;
                }, "Chain", o => (int[])o.GetType().GetField("A")!.GetValue(o)!);

                float[] cells = Enumerable.Range(0, stride * rows + width).Select(_ => (float)random.NextDouble()).ToArray();
                Type view = assembly.GetType("View")!;
                Same(assembly, () => Activator.CreateInstance(view, cells.ToArray(), stride, width, rows)!, "Offset",
                     o => (float[])view.GetField("_data", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(o)!, 0.25f);

                Type grid = assembly.GetType("Grid")!;
                grid.GetField("Cols")!.SetValue(null, width);
                grid.GetField("Stride")!.SetValue(null, stride);
                float[] serial = cells.ToArray(), parallel = cells.ToArray(), reversed = cells.ToArray();
                InMemory.Call(assembly, "Grid", "Relax", serial, rows);
                InMemory.Call(assembly, "Grid", "RelaxParallel", parallel, rows);
                RuntimeSettings.Reversed(3, () => InMemory.Call(assembly, "Grid", "RelaxParallel", reversed, rows));
                Assert.Equal(serial, parallel);
                Assert.Equal(serial, reversed);
            }
        }

        [Fact]
        public void The_reports_name_the_members_and_the_swap_stores_groups_of_three()
        {
            Func<string, string> image = InMemory.GeneratedFrom(Source, "Image"), rows = InMemory.GeneratedFrom(Source, "Rows");
            Func<string, string> grid = InMemory.GeneratedFrom(Source, "Grid"), view = InMemory.GeneratedFrom(Source, "View");
            string swap = InMemory.Section(image("SwapRedBlue"));
            Assert.Contains("runs in parallel where this.Stride >= 3*this.Width", swap);
            Assert.Contains("groups of up to 3 interleaved elements per lane stored together", swap);
            Assert.Contains("IntSubscripts(", swap);
            Assert.Contains("runs in parallel where this.Stride >= this.Width", InMemory.Section(rows("Chain")));
            Assert.Contains("runs in parallel where Grid.Stride >= Grid.Cols", InMemory.Section(grid("Relax")));
            Assert.Contains("runs in parallel where this._stride >= this._width", InMemory.Section(view("Offset")));
            foreach (string kernel in new[] { swap, grid("Relax"), view("Offset") }) // (Chain's rows are a recurrence: scalar)
                Assert.Contains("vector: inner loop", InMemory.VectorLine(kernel));
        }

        [Fact]
        public void Without_the_condition_overlapping_rows_go_wrong()
        {
            // The launch's condition taken as true: at stride 1 each row runs one element on from the last, and with the
            // chunks run last first a row reads elements the row before has not written yet.
            string chain = InMemory.Section(InMemory.GeneratedFrom(Source, "Rows")("Chain"));
            string condition = chain.Split('\n').First(l => l.Contains("minParallelTrips: (!(", StringComparison.Ordinal));
            condition = condition[(condition.IndexOf("minParallelTrips: (!(", StringComparison.Ordinal) + "minParallelTrips: (!(".Length)..];
            condition = condition[..condition.IndexOf(" > 0)", StringComparison.Ordinal)] + " > 0";
            Assembly mutant = InMemory.BuildMutant(Source, condition, "true");
            Type type = mutant.GetType("Rows")!;
            object serial = Activator.CreateInstance(type)!, parallel = Activator.CreateInstance(type)!;
            foreach (object o in new[] { serial, parallel })
            {
                type.GetProperty("Width")!.SetValue(o, 8);
                type.GetProperty("Stride")!.SetValue(o, 1);
                type.GetField("Count")!.SetValue(o, 60);
                type.GetField("A")!.SetValue(o, new int[70]);
            }
            type.GetMethod("Chain")!.Invoke(serial, null);
            RuntimeSettings.Reversed(3, () => type.GetMethod("ChainParallel")!.Invoke(parallel, null));
            Assert.NotEqual((int[])type.GetField("A")!.GetValue(serial)!, (int[])type.GetField("A")!.GetValue(parallel)!);
        }
    }
}
