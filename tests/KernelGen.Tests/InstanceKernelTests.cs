using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Instance-method kernels on classes and readonly structs (issue 14): members of 'this' read in the body are shared and read-only;
    /// writes to them go through the effect model and keep the loop serial.
    /// </summary>
    public class InstanceKernelTests
    {
        private const string Source = @"using System;
using KernelGen;
using static KernelGen.Kernel;

public partial class Image
{
    protected readonly float[] _pixels;
    private readonly int _width, _height;
    public float Gain { get; set; } = 2f;
    public int[] Probe;
    public Image(int w, int h)
    {
        _width = w; _height = h; _pixels = new float[w * h]; Probe = new int[w * h];
        for (int i = 0; i < _pixels.Length; i++) _pixels[i] = (i % 97) * 0.5f - 10;
    }
    private float Curve(float v) => v * Gain;
    private T Pass<T>(T v) => v;

    [ParallelKernel(ChunkSize = 100)]
    public void Brighten(float[] dst)
    {
        foreach (int i in PRange(_pixels.Length))
        {
            dst[i] = Curve(_pixels[i]) + this.Gain + Pass<float>(1f);
            Probe[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
        }
    }

    [ParallelKernel(ChunkSize = 100)]
    public void InPlace()
    {
        foreach (int i in PRange(_pixels.Length))
            _pixels[i] = _pixels[i] * Gain;
    }

    [ParallelKernel(ChunkSize = 100)]
    public double Sum()
    {
        double s = 0;
        foreach (int i in PRange(_pixels.Length))
            s += _pixels[i];
        return s;
    }

    // An argmin over the object's pixels: the copied body both reaches 'this' and notes that the chunk took a value.
    [ParallelKernel(ChunkSize = 7)]
    public int Darkest()
    {
        float best = float.PositiveInfinity;
        int bestIndex = -1;
        foreach (int i in PRange(_pixels.Length))
        {
            float v = _pixels[i] * Gain;
            if (v < best) { best = v; bestIndex = i; }
        }
        return bestIndex;
    }

    private int _count;
    public int Count => _count;
    [ParallelKernel]
    public void CountPositive()
    {
        foreach (int i in PRange(_pixels.Length))
            if (_pixels[i] > 0) _count++;
    }

    public float[] Pixels => _pixels;
}

public sealed partial class Derived : Image
{
    public Derived(int w, int h) : base(w, h) { }

    [ParallelKernel(ChunkSize = 100)]
    public void Negate(float[] dst)
    {
        foreach (int i in PRange(_pixels.Length))
            dst[i] = -_pixels[i];
    }
}

public static class Calls
{
    public static (float[], int[]) Brighten(Image img) { var d = new float[img.Pixels.Length]; img.Brighten(d); return (d, img.Probe); }
    public static void InPlace(Image img) => img.InPlace();
    public static double Sum(Image img) => img.Sum();
    public static int Darkest(Image img) => img.Darkest();
    public static int Count(Image img) { img.CountPositive(); return img.Count; }
    public static float[] Negate(Derived img) { var d = new float[img.Pixels.Length]; img.Negate(d); return d; }
}";

        private static object New(Assembly assembly, string type) => Activator.CreateInstance(assembly.GetType(type)!, 37, 29)!;

        private static object Call(Assembly assembly, string method, object img) =>
            assembly.GetType("Calls")!.GetMethod(method)!.Invoke(null, new[] { img })!;

        [Fact]
        public void An_instance_kernel_reads_its_objects_members_in_parallel()
        {
            Assembly assembly = InMemory.Build(Source);
            object img = New(assembly, "Image");
            float[] pixels = (float[])img.GetType().GetProperty("Pixels")!.GetValue(img)!;
            (float[] dst, int[] probe) = ((float[], int[]))Call(assembly, "Brighten", img);
            Assert.All(probe, p => Assert.Equal(1, p));
            Assert.Equal(pixels.Select(p => p * 2f + 2f + 1f), dst);

            float[] before = pixels.ToArray();
            Call(assembly, "InPlace", img);
            Assert.Equal(before.Select(p => p * 2f), pixels);

            double serial = 0;
            foreach (float p in pixels) serial += p;
            Assert.Equal(serial, (double)Call(assembly, "Sum", img), 9);

            int darkest = Array.IndexOf(pixels, pixels.Min()); // the first of equal values, as the serial '<' keeps
            Assert.Equal(darkest, (int)Call(assembly, "Darkest", img));

            object derived = New(assembly, "Derived");
            float[] source = (float[])derived.GetType().GetProperty("Pixels")!.GetValue(derived)!;
            Assert.Equal(source.Select(p => -p), (float[])Call(assembly, "Negate", derived));
        }

        [Fact]
        public void Writing_a_field_of_this_keeps_the_loop_serial_and_says_why()
        {
            var diagnostics = InMemory.Analyze(Source);
            Diagnostic race = Assert.Single(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
            Assert.Equal("KG1006", race.Id);
            Assert.Contains("_count", race.GetMessage());
            Assembly assembly = InMemory.Build(Source);
            object img = New(assembly, "Image");
            int expected = ((float[])img.GetType().GetProperty("Pixels")!.GetValue(img)!).Count(p => p > 0);
            Assert.Equal(expected, (int)Call(assembly, "Count", img));
        }

        [Fact]
        public void An_instance_kernel_reading_readonly_fields_gets_a_vector_body_bitwise_equal_to_serial()
        {
            const string Scaler = @"using KernelGen; using static KernelGen.Kernel;
public sealed partial class Scaler
{
    private readonly float[] _weights;
    private readonly float _bias;
    public Scaler(int n, float bias) { _bias = bias; _weights = new float[n]; for (int i = 0; i < n; i++) _weights[i] = (i % 13) * 0.37f - 2; }

    [ParallelKernel(ChunkSize = 33)]
    public void Apply(float[] x, float[] y, int n)
    {
        foreach (int i in PRange(n))
            y[i] = x[i] * this._weights[i] + _bias;
    }
}";
            (_, GeneratorDriverRunResult run) = InMemory.Generate(InMemory.Compile(Scaler));
            string generated = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("//     vector: Vector512/Vector256/Vector128<float>", generated);
            Assembly assembly = InMemory.Build(Scaler);
            Type type = assembly.GetType("Scaler")!;
            object scaler = Activator.CreateInstance(type, 1003, 0.125f)!;
            float[] x = Enumerable.Range(0, 1003).Select(i => i * 0.01f - 3).ToArray();
            foreach (int n in new[] { 0, 1, 7, 8, 9, 64, 1003 })
            {
                float[] serial = new float[1003], parallel = new float[1003];
                type.GetMethod("Apply")!.Invoke(scaler, new object[] { x, serial, n });
                type.GetMethod("ApplyParallel")!.Invoke(scaler, new object[] { x, parallel, n });
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
        }

        // Ported shape: a Unity particle model's calculator (ParticleModelCalculator.Update, public code found through the
        // code search; the index does not name its repository). The state lives in mutable Vector3[] and float[] fields of
        // the calculator and of the model it holds, swapped between steps; the steps read and write them by the particle
        // index, and copy the new state back into the model.
        private const string Calculator = @"using System.Numerics; using KernelGen; using static KernelGen.Kernel;
public sealed class ParticleModel { public Vector3[] positions, velocities; public float[] masses; }
public sealed partial class Calculator
{
    ParticleModel pm;
    Vector3[] forces, velocities2, positions2;
    float[] massInv;
    float damping = 0.995f;
    volatile float[] gains;
    public float[] Energy { get; private set; }
    public Calculator(int n)
    {
        pm = new ParticleModel { positions = new Vector3[n], velocities = new Vector3[n], masses = new float[n] };
        forces = new Vector3[n]; velocities2 = new Vector3[n]; positions2 = new Vector3[n];
        massInv = new float[n]; gains = new float[n]; Energy = new float[n];
        for (int i = 0; i < n; i++)
        {
            forces[i] = new Vector3(i % 7 - 3, 0.25f * (i % 5), -1f);
            pm.velocities[i] = new Vector3(0.1f * (i % 3), -0.2f, 0.05f * i);
            pm.positions[i] = new Vector3(i, 2f * i, -i);
            pm.masses[i] = 1 + i % 11;
            massInv[i] = 1f / pm.masses[i];
            gains[i] = 1 + 0.001f * i;
        }
    }
    public void Swap() { (forces, positions2) = (positions2, forces); damping *= 0.99f; }
    public float[] State()
    {
        var all = new System.Collections.Generic.List<float>();
        foreach (var a in new[] { pm.velocities, pm.positions, velocities2, positions2, forces }) foreach (var v in a) { all.Add(v.X); all.Add(v.Y); all.Add(v.Z); }
        all.AddRange(massInv); all.AddRange(Energy);
        return all.ToArray();
    }

    [ParallelKernel(ChunkSize = 40)]
    public void Integrate(float dt)
    {
        foreach (int i in PRange(velocities2.Length))
        {
            velocities2[i] = (pm.velocities[i] + forces[i] * dt * massInv[i]) * damping;
            positions2[i] = pm.positions[i] + velocities2[i] * dt;
        }
    }

    [ParallelKernel(ChunkSize = 40)]
    public void Commit()
    {
        foreach (int i in PRange(pm.positions.Length))
        {
            pm.positions[i] = positions2[i];
            pm.velocities[i] = velocities2[i];
            Vector3 v = velocities2[i];
            Energy[i] = 0.5f * pm.masses[i] * (v.X * v.X + v.Y * v.Y + v.Z * v.Z);
        }
    }

    // A volatile field is read afresh at every use, as written: no vector body through it.
    [ParallelKernel(ChunkSize = 40)]
    public void Weigh()
    {
        foreach (int i in PRange(massInv.Length))
            massInv[i] = massInv[i] * gains[i];
    }
}";

        [Fact]
        public void Mutable_array_fields_the_loop_does_not_assign_get_a_vector_body_bitwise_equal_to_serial()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Calculator, "Calculator");
            string integrate = InMemory.VectorLine(generated("Integrate"));
            Assert.Contains("Vector512/Vector256/Vector128<float>", integrate);
            Assert.Contains("arrays of structs as their fields: velocities2 (3 floats an element), pm.velocities (3 floats an element)", integrate);
            Assert.Contains("Vector512/Vector256/Vector128<float>", InMemory.VectorLine(generated("Commit")));
            Assert.Contains("scalar body", InMemory.VectorLine(generated("Weigh")));
            // damping is one value for the loop: its broadcast is made once a chunk; pm.positions is read once a chunk.
            string section = InMemory.Section(generated("Integrate"));
            Assert.Contains("= global::System.Runtime.Intrinsics.Vector256.Create((float)(__kg_this.damping));", section);
            Assert.Contains("var __kg_this_pm_positions = __kg_this.pm?.positions;", section);

            Assembly assembly = InMemory.Build(Calculator);
            Type type = assembly.GetType("Calculator")!;
            foreach (int n in new[] { 1, 7, 100, 1001 })
            {
                object serial = Activator.CreateInstance(type, n)!, parallel = Activator.CreateInstance(type, n)!;
                for (int step = 0; step < 3; step++)
                    foreach (string kernel in new[] { "Integrate", "Commit", "Weigh" })
                    {
                        // Reflection is not intercepted: the method itself is the serial original.
                        object[]? args = kernel == "Integrate" ? new object[] { 0.01f * (step + 1) } : null;
                        type.GetMethod(kernel)!.Invoke(serial, args);
                        type.GetMethod(kernel + "Parallel")!.Invoke(parallel, args);
                        if (kernel == "Commit") { type.GetMethod("Swap")!.Invoke(serial, null); type.GetMethod("Swap")!.Invoke(parallel, null); }
                    }
                float[] expected = (float[])type.GetMethod("State")!.Invoke(serial, null)!;
                float[] actual = (float[])type.GetMethod("State")!.Invoke(parallel, null)!;
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
        }

        [Fact]
        public void Arrays_in_members_of_parameters_are_read_once_a_chunk_and_a_null_object_throws_like_serial()
        {
            const string Source = @"using System; using System.Numerics; using KernelGen; using static KernelGen.Kernel;
public sealed class Image { public float[] Pixels { get; set; } = new float[0]; public Vector2[] Flow = new Vector2[0]; }
public sealed class Options { public float Gain = 1.25f; public int Offset = 3; }
public static partial class Ops
{
    [ParallelKernel(ChunkSize = 16)]
    public static void Scale(Image img, float[] dst, float g)
    {
        foreach (int i in PRange(dst.Length))
        {
            dst[i] = -1;
            dst[i] = img.Pixels[i] * g;
        }
    }

    // Numbers in an object: read once a chunk, the default where the object is null, and then the vector path does not run.
    [ParallelKernel(ChunkSize = 16)]
    public static void Shifted(Options o, float[] x, float[] y)
    {
        foreach (int i in PRange(y.Length))
        {
            y[i] = -1;
            y[i] = x[i + o.Offset] * o.Gain;
        }
    }

    // Two chains end in one member (a.Flow, b.Flow): views are per member, so neither gets one, and the result still agrees.
    [ParallelKernel(ChunkSize = 16)]
    public static void Blend(Image a, Image b, Vector2[] dst)
    {
        foreach (int i in PRange(dst.Length))
            dst[i] = a.Flow[i] * 0.25f + b.Flow[i];
    }
}";
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "Ops");
            Assert.Contains("Vector512/Vector256/Vector128<float>", InMemory.VectorLine(generated("Scale")));
            Assert.Contains("var __kg_img_Pixels = img?.Pixels;", generated("Scale"));
            Assembly assembly = InMemory.Build(Source);
            Type ops = assembly.GetType("Ops")!, image = assembly.GetType("Image")!;
            foreach (int n in new[] { 1, 9, 100, 517 })
            {
                object img = Activator.CreateInstance(image)!;
                image.GetProperty("Pixels")!.SetValue(img, Enumerable.Range(0, n).Select(i => i * 0.37f - 5).ToArray());
                float[] serial = new float[n], parallel = new float[n];
                ops.GetMethod("Scale")!.Invoke(null, new object[] { img, serial, 1.5f });
                ops.GetMethod("ScaleParallel")!.Invoke(null, new object[] { img, parallel, 1.5f });
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));

                object a = Activator.CreateInstance(image)!, b = Activator.CreateInstance(image)!;
                image.GetField("Flow")!.SetValue(a, Enumerable.Range(0, n).Select(i => new Vector2(i, -i)).ToArray());
                image.GetField("Flow")!.SetValue(b, Enumerable.Range(0, n).Select(i => new Vector2(0.5f * i, 3)).ToArray());
                Vector2[] s2 = new Vector2[n], p2 = new Vector2[n];
                ops.GetMethod("Blend")!.Invoke(null, new object[] { a, b, s2 });
                ops.GetMethod("BlendParallel")!.Invoke(null, new object[] { a, b, p2 });
                Assert.Equal(s2, p2);
                ops.GetMethod("BlendParallel")!.Invoke(null, new object[] { a, a, p2 }); // one object as both
                ops.GetMethod("Blend")!.Invoke(null, new object[] { a, a, s2 });
                Assert.Equal(s2, p2);
            }
            // A null image: the serial loop stores -1 in dst[0] and throws; so does the parallel one, in its first chunk.
            float[] s = new float[100], p = new float[100];
            var serialError = Assert.Throws<TargetInvocationException>(() => ops.GetMethod("Scale")!.Invoke(null, new object?[] { null, s, 2f }));
            var parallelError = Assert.Throws<TargetInvocationException>(() => ops.GetMethod("ScaleParallel")!.Invoke(null, new object?[] { null, p, 2f }));
            Assert.IsType<NullReferenceException>(serialError.InnerException);
            Assert.IsType<NullReferenceException>(parallelError.InnerException);
            Assert.Equal(-1f, s[0]);
            Assert.Equal(-1f, p[0]);

            Assert.Contains("Vector512/Vector256/Vector128<float>", InMemory.VectorLine(generated("Shifted")));
            object options = Activator.CreateInstance(assembly.GetType("Options")!)!;
            float[] x = Enumerable.Range(0, 103).Select(i => i * 0.5f - 7).ToArray();
            float[] ys = new float[100], yp = new float[100];
            ops.GetMethod("Shifted")!.Invoke(null, new object[] { options, x, ys });
            ops.GetMethod("ShiftedParallel")!.Invoke(null, new object[] { options, x, yp });
            Assert.Equal(ys.Select(BitConverter.SingleToInt32Bits), yp.Select(BitConverter.SingleToInt32Bits));
            ys = new float[100]; yp = new float[100];
            Assert.IsType<NullReferenceException>(Assert.Throws<TargetInvocationException>(() => ops.GetMethod("Shifted")!.Invoke(null, new object?[] { null, x, ys })).InnerException);
            Assert.IsType<NullReferenceException>(Assert.Throws<TargetInvocationException>(() => ops.GetMethod("ShiftedParallel")!.Invoke(null, new object?[] { null, x, yp })).InnerException);
            Assert.Equal(-1f, ys[0]);
            Assert.Equal(-1f, yp[0]);
        }

        // Ported shapes: johtai/computer-graphics Lab8/Matrix.cs (operator*: result[i, j] += a._data[i, k] * b._data[k, j]
        // over Matrix objects holding double[,] and their sizes in fields) and a row-major matrix class whose mutable
        // fields hold the data and the sizes (csMatrix's Matrix: private double[] data; int rows, columns; the code index
        // does not name its repository), multiplied i-p-j with the sizes in the subscripts.
        private const string Matrices = @"using System; using KernelGen; using static KernelGen.Kernel;
public sealed partial class Matrix
{
    private readonly double[,] _data;
    private readonly int _rows, _cols;
    public Matrix(double[,] data) { _data = data; _rows = data.GetLength(0); _cols = data.GetLength(1); }
    public double[,] Data => _data;

    [ParallelKernel(ChunkSize = 3)]
    public static double[,] Multiply(Matrix a, Matrix b)
    {
        var result = new double[a._rows, b._cols];
        foreach (int i in PRange(a._rows))
            for (int j = 0; j < b._cols; j++)
            {
                result[i, j] = 0;
                for (int k = 0; k < a._cols; k++)
                    result[i, j] += a._data[i, k] * b._data[k, j];
            }
        return result;
    }
}

public sealed partial class Dense
{
    private float[] data;
    private int rows, columns;
    public float Scale { get; set; } = 0.5f;
    public Dense(int r, int c, int seed) { rows = r; columns = c; data = new float[r * c]; for (int i = 0; i < data.Length; i++) data[i] = (i * seed % 17) * 0.25f - 2; }
    public float[] Values => data;

    // Scale · (this × b) into a new array, row by row; the sizes are fields of this and of b.
    [ParallelKernel(ChunkSize = 5)]
    public float[] Times(Dense b)
    {
        var result = new float[rows * b.columns];
        foreach (int i in PRange(rows))
            for (int p = 0; p < columns; p++)
            {
                float x = data[i * columns + p] * Scale;
                for (int j = 0; j < b.columns; j++)
                    result[i * b.columns + j] += x * b.data[p * b.columns + j];
            }
        return result;
    }

    // In place, this += a × b: b may be this, whose rows other iterations write. KG1004, serial.
    [ParallelKernel]
    public void AddProduct(Dense a, Dense b)
    {
        foreach (int i in PRange(rows))
            for (int p = 0; p < a.columns; p++)
                for (int j = 0; j < columns; j++)
                    data[i * columns + j] += a.data[i * a.columns + p] * b.data[p * columns + j];
    }

    // A volatile size is read afresh at every use: not one value for the loop, so no proof from it.
    private volatile int width = 4;
    [ParallelKernel]
    public void Rows() { foreach (int i in PRange(rows)) for (int j = 0; j < width; j++) data[i * width + j] = i; }
}";

        [Fact]
        public void Kernels_with_inner_loops_over_members_get_vector_bodies_bitwise_equal_to_serial()
        {
            var warnings = InMemory.Analyze(Matrices).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.All(warnings, d => Assert.Equal("KG1004", d.Id));
            Assert.Contains(warnings, d => d.GetMessage().Contains("data[i * width + j]", StringComparison.Ordinal));
            Assert.Contains(warnings, d => d.GetMessage().Contains("b.data[p * columns + j]", StringComparison.Ordinal));
            Func<string, string> dense = InMemory.GeneratedFrom(Matrices, "Dense");
            Assert.Contains("inner loop 'for (int j = 0; j < b.columns; j++)'", InMemory.VectorLine(dense("Times")));
            Assembly assembly = InMemory.Build(Matrices);
            Type matrix = assembly.GetType("Matrix")!, type = assembly.GetType("Dense")!;
            foreach ((int n, int m, int q) in new[] { (1, 1, 1), (7, 5, 9), (33, 17, 70) })
            {
                var x = new double[n, m]; var y = new double[m, q];
                for (int i = 0; i < n; i++) for (int k = 0; k < m; k++) x[i, k] = (i * 31 + k * 7) % 13 * 0.1 - 0.6;
                for (int k = 0; k < m; k++) for (int j = 0; j < q; j++) y[k, j] = (k * 5 + j * 11) % 9 * 0.3 - 1.2;
                object a = Activator.CreateInstance(matrix, x)!, b = Activator.CreateInstance(matrix, y)!;
                var serial = (double[,])matrix.GetMethod("Multiply")!.Invoke(null, new[] { a, b })!;
                var parallel = (double[,])matrix.GetMethod("MultiplyParallel")!.Invoke(null, new[] { a, b })!;
                Assert.Equal(serial.Cast<double>().Select(BitConverter.DoubleToInt64Bits), parallel.Cast<double>().Select(BitConverter.DoubleToInt64Bits));

                object left = Activator.CreateInstance(type, n, m, 3)!, right = Activator.CreateInstance(type, m, q, 5)!;
                var expected = (float[])type.GetMethod("Times")!.Invoke(left, new[] { right })!;
                var actual = (float[])type.GetMethod("TimesParallel")!.Invoke(left, new[] { right })!;
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
            // b null: b.columns is read where the serial loop reads it, and throws there (the chunk's copy is the default).
            object some = Activator.CreateInstance(type, 4, 4, 3)!;
            Assert.IsType<NullReferenceException>(Assert.Throws<TargetInvocationException>(() => type.GetMethod("Times")!.Invoke(some, new object?[] { null })).InnerException);
            Assert.IsType<NullReferenceException>(Assert.Throws<TargetInvocationException>(() => type.GetMethod("TimesParallel")!.Invoke(some, new object?[] { null })).InnerException);
        }

        [Fact]
        public void Static_fields_the_loop_does_not_assign_are_one_value_for_the_loop()
        {
            // Game-style static state (a height map and its width in public static fields).
            const string Source = @"using KernelGen; using static KernelGen.Kernel;
public static partial class Terrain
{
    public static float[] Heights = new float[0];
    public static int Width = 1;
    public static float Scale = 1;
    [ParallelKernel(ChunkSize = 3)]
    public static void Scaled(float[] dst, int rows)
    {
        foreach (int y in PRange(rows))
            for (int x = 0; x < Width; x++)
                dst[y * Width + x] = Heights[y * Width + x] * Scale;
    }
}";
            Assert.DoesNotContain(InMemory.Analyze(Source), d => d.Severity >= DiagnosticSeverity.Warning);
            Assert.Contains("inner loop 'for (int x = 0; x < Width; x++)'", InMemory.VectorLine(InMemory.GeneratedFrom(Source, "Terrain")("Scaled")));
            Assembly assembly = InMemory.Build(Source);
            Type terrain = assembly.GetType("Terrain")!;
            foreach ((int rows, int width) in new[] { (1, 1), (5, 17), (40, 61) })
            {
                terrain.GetField("Heights")!.SetValue(null, Enumerable.Range(0, rows * width).Select(i => i * 0.37f - 9).ToArray());
                terrain.GetField("Width")!.SetValue(null, width);
                terrain.GetField("Scale")!.SetValue(null, 1.5f + width);
                float[] serial = new float[rows * width], parallel = new float[rows * width];
                terrain.GetMethod("Scaled")!.Invoke(null, new object[] { serial, rows });
                terrain.GetMethod("ScaledParallel")!.Invoke(null, new object[] { parallel, rows });
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
        }

        [Fact]
        public void Helpers_of_the_kernels_own_type_called_on_this_are_inlined_and_virtual_ones_stay_calls()
        {
            const string Source = @"using KernelGen; using static KernelGen.Kernel;
public class Tone
{
    protected float[] _src, _dst;
    public float Gain { get; set; } = 1.5f;
    protected float _bias = 0.25f;
    public Tone(int n) { _src = new float[n]; _dst = new float[n]; for (int i = 0; i < n; i++) _src[i] = (i % 29) * 0.07f - 0.5f; }
    public float[] Output => _dst;
    private float Curve(float v) => v * Gain + _bias;
    private float Clamp01(float v) { if (v < 0) return 0; if (v > 1) return 1; return v; }
}
public partial class Grade : Tone
{
    public Grade(int n) : base(n) { }
    private float Curve(float v) => v * Gain + _bias;
    private float Clamp01(float v) { if (v < 0) return 0; if (v > 1) return 1; return v; }
    [System.Diagnostics.Contracts.Pure] protected virtual float Shape(float v) => v;

    [ParallelKernel(ChunkSize = 16)]
    public void Apply() { foreach (int i in PRange(_src.Length)) _dst[i] = Clamp01(Curve(_src[i])); }

    // Shape is virtual ([Pure] lets the loop run in parallel): a subclass may replace it, so the call stays a call.
    [ParallelKernel(ChunkSize = 16)]
    public void Shaped() { foreach (int i in PRange(_src.Length)) _dst[i] = Shape(Curve(_src[i])); }
}
public sealed class Harsh : Grade
{
    public Harsh(int n) : base(n) { }
    protected override float Shape(float v) => v * v * 3;
}";
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "Grade");
            Assert.Contains("helpers inlined", InMemory.VectorLine(generated("Apply")));
            Assert.Contains("scalar body", InMemory.VectorLine(generated("Shaped")));
            Assembly assembly = InMemory.Build(Source);
            foreach (string type in new[] { "Grade", "Harsh" })
                foreach (string kernel in new[] { "Apply", "Shaped" })
                    foreach (int n in new[] { 1, 9, 100, 777 })
                    {
                        Type t = assembly.GetType(type)!;
                        object serial = Activator.CreateInstance(t, n)!, parallel = Activator.CreateInstance(t, n)!;
                        t.GetMethod(kernel)!.Invoke(serial, null);
                        t.GetMethod(kernel + "Parallel")!.Invoke(parallel, null);
                        float[] expected = (float[])t.GetProperty("Output")!.GetValue(serial)!, actual = (float[])t.GetProperty("Output")!.GetValue(parallel)!;
                        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
                    }
        }

        [Fact]
        public void Struct_members_of_this_are_read_field_by_field_on_vector_lanes()
        {
            // A simulation class's constants held as struct fields: gravity as a Vector3 field, settings in a struct
            // (a drag and a nested Vector3 wind), an offset in an auto-property.
            const string Source = @"using System.Numerics; using KernelGen; using static KernelGen.Kernel;
public struct Settings { public float Drag; public Vector3 Wind; }
public sealed partial class World
{
    private Vector3[] _pos, _vel;
    private Vector3 _gravity = new(0, -9.81f, 0.5f);
    private Settings _settings = new() { Drag = 0.99f, Wind = new Vector3(1, 0.25f, 0) };
    public Vector3 Offset { get; set; } = new(1, 2, -3);
    public World(int n) { _pos = new Vector3[n]; _vel = new Vector3[n]; for (int i = 0; i < n; i++) { _pos[i] = new Vector3(i, -i, 0.5f * i); _vel[i] = new Vector3(1, i % 3, -2); } }
    public float[] State() { var s = new float[6 * _pos.Length]; for (int i = 0; i < _pos.Length; i++) { s[6 * i] = _pos[i].X; s[6 * i + 1] = _pos[i].Y; s[6 * i + 2] = _pos[i].Z; s[6 * i + 3] = _vel[i].X; s[6 * i + 4] = _vel[i].Y; s[6 * i + 5] = _vel[i].Z; } return s; }

    [ParallelKernel(ChunkSize = 32)]
    public void Step(float dt)
    {
        foreach (int i in PRange(_pos.Length))
        {
            _vel[i] = (_vel[i] + _gravity * dt + _settings.Wind * dt) * _settings.Drag;
            _pos[i] += _vel[i] * dt + Offset;
            _pos[i].Y -= _gravity.Y * 0.5f;
        }
    }
}";
            Assert.Contains("arrays of structs as their fields: _vel (3 floats an element), _pos (3 floats an element)",
                InMemory.VectorLine(InMemory.GeneratedFrom(Source, "World")("Step")));
            Assembly assembly = InMemory.Build(Source);
            Type world = assembly.GetType("World")!;
            foreach (int n in new[] { 1, 7, 100, 1001 })
            {
                object serial = Activator.CreateInstance(world, n)!, parallel = Activator.CreateInstance(world, n)!;
                for (int step = 0; step < 2; step++)
                {
                    world.GetMethod("Step")!.Invoke(serial, new object[] { 0.125f });
                    world.GetMethod("StepParallel")!.Invoke(parallel, new object[] { 0.125f });
                }
                float[] expected = (float[])world.GetMethod("State")!.Invoke(serial, null)!, actual = (float[])world.GetMethod("State")!.Invoke(parallel, null)!;
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
        }

        [Fact]
        public void Integer_fields_in_subscripts_prove_only_what_holds_for_every_value()
        {
            // A field is a symbol of unknown value: Offset may be 1 (a carried dependence), Width may be 0 (one element
            // for every iteration: Scaled runs in parallel only where the launch reads Width >= 1), x <= Width reaches the
            // next row. Only the last loop is independent for every value.
            const string Source = @"using KernelGen; using static KernelGen.Kernel;
public sealed partial class G
{
    private int Offset = 1, Width = 0;
    private float[] _a = new float[100];
    [ParallelKernel] public void Shift() { foreach (int i in PRange(_a.Length - 1)) _a[i] = _a[i + Offset] + 1; }
    [ParallelKernel] public void Scaled() { foreach (int i in PRange(10)) _a[i * Width] = i; }
    [ParallelKernel] public void Over(int rows) { foreach (int y in PRange(rows)) for (int x = 0; x <= Width; x++) _a[y * Width + x] = y; }
    [ParallelKernel] public void Rows(int rows) { foreach (int y in PRange(rows)) for (int x = 0; x < Width; x++) _a[y * Width + x] = y; }
}";
            var flagged = InMemory.Analyze(Source).Where(d => d.Id == "KG1004").Select(d => d.GetMessage()).ToList();
            Assert.Equal(2, flagged.Count);
            Assert.Contains(flagged, m => m.Contains("_a[i + Offset]", StringComparison.Ordinal));
            Assert.Contains(flagged, m => m.Contains("_a[y * Width + x]", StringComparison.Ordinal));
            Assert.Contains("// KernelGen parallel report — G.Rows(", string.Join("\n", InMemory.Generate(InMemory.Compile(Source)).Run.GeneratedTrees.Select(t => t.ToString())));
            Assert.Contains("note: runs in parallel where this.Width >= 1", InMemory.Section(InMemory.GeneratedFrom(Source, "G")("Scaled")));
            // Width 0 (the field's value): every iteration stores _a[0], so the launch keeps the serial order (the last i wins).
            Assembly assembly = InMemory.Build(Source);
            Type g = assembly.GetType("G")!;
            object serial = Activator.CreateInstance(g)!, parallel = Activator.CreateInstance(g)!;
            g.GetMethod("Scaled")!.Invoke(serial, null);
            RuntimeSettings.Reversed(1, () => g.GetMethod("ScaledParallel")!.Invoke(parallel, null));
            FieldInfo a = g.GetField("_a", BindingFlags.NonPublic | BindingFlags.Instance)!;
            Assert.Equal(9f, ((float[])a.GetValue(serial)!)[0]);
            Assert.Equal((float[])a.GetValue(serial)!, (float[])a.GetValue(parallel)!);
        }

        [Fact]
        public void Arrays_in_struct_parameters_are_read_once_a_chunk()
        {
            // A view struct passed by value (pixels and their width), as imaging code passes a locked bitmap's data.
            const string Source = @"using KernelGen; using static KernelGen.Kernel;
public readonly struct ImageView { public readonly float[] Pixels; public readonly int Width; public ImageView(float[] p, int w) { Pixels = p; Width = w; } }
public static partial class Views
{
    [ParallelKernel(ChunkSize = 16)]
    public static void Scale(ImageView view, float[] dst, float g)
    {
        foreach (int i in PRange(dst.Length))
            dst[i] = view.Pixels[i] * g + view.Width;
    }
}";
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "Views");
            Assert.Contains("Vector512/Vector256/Vector128<float>", InMemory.VectorLine(generated("Scale")));
            Assert.Contains("var __kg_view_Pixels = view.Pixels;", generated("Scale"));
            Assembly assembly = InMemory.Build(Source);
            Type views = assembly.GetType("Views")!, view = assembly.GetType("ImageView")!;
            foreach (int n in new[] { 1, 9, 100, 517 })
            {
                object v = Activator.CreateInstance(view, Enumerable.Range(0, n).Select(i => i * 0.37f - 5).ToArray(), 7)!;
                float[] serial = new float[n], parallel = new float[n];
                views.GetMethod("Scale")!.Invoke(null, new object[] { v, serial, 1.5f });
                views.GetMethod("ScaleParallel")!.Invoke(null, new object[] { v, parallel, 1.5f });
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
            // A default view (Pixels null): both throw NullReferenceException.
            object empty = Activator.CreateInstance(view)!;
            Assert.IsType<NullReferenceException>(Assert.Throws<TargetInvocationException>(() => views.GetMethod("Scale")!.Invoke(null, new object[] { empty, new float[50], 1f })).InnerException);
            Assert.IsType<NullReferenceException>(Assert.Throws<TargetInvocationException>(() => views.GetMethod("ScaleParallel")!.Invoke(null, new object[] { empty, new float[50], 1f })).InnerException);
        }

        [Fact]
        public void A_List_the_loop_only_reads_is_read_through_a_span_taken_once_a_chunk()
        {
            // ML pre-processing keeps features in a List<float>; writing the list stays serial (KG1006, its state).
            const string Source = @"using System.Collections.Generic; using KernelGen; using static KernelGen.Kernel;
public static partial class Lists
{
    [ParallelKernel(ChunkSize = 16)]
    public static void Normalize(List<float> xs, float[] dst, float mean, float scale)
    {
        foreach (int i in PRange(dst.Length))
            dst[i] = (xs[i] - mean) * scale + xs.Count;
    }
}";
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "Lists");
            Assert.Contains("Vector512/Vector256/Vector128<float>", InMemory.VectorLine(generated("Normalize")));
            Assert.Contains("CollectionsMarshal.AsSpan(xs);", generated("Normalize"));
            Assembly assembly = InMemory.Build(Source);
            Type lists = assembly.GetType("Lists")!;
            foreach (int n in new[] { 1, 9, 100, 517 })
            {
                var xs = new System.Collections.Generic.List<float>(Enumerable.Range(0, n).Select(i => i * 0.37f - 5));
                float[] serial = new float[n], parallel = new float[n];
                lists.GetMethod("Normalize")!.Invoke(null, new object[] { xs, serial, 1.25f, 0.5f });
                lists.GetMethod("NormalizeParallel")!.Invoke(null, new object[] { xs, parallel, 1.25f, 0.5f });
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
            // A list shorter than dst (capacity beyond Count does not count), and a null list: the serial loop's exceptions.
            var shorter = new System.Collections.Generic.List<float>(200) { 1, 2, 3 };
            foreach (object? list in new object?[] { shorter, null })
            {
                var s = Assert.Throws<TargetInvocationException>(() => lists.GetMethod("Normalize")!.Invoke(null, new object?[] { list, new float[100], 0f, 1f }));
                var p = Assert.Throws<TargetInvocationException>(() => lists.GetMethod("NormalizeParallel")!.Invoke(null, new object?[] { list, new float[100], 0f, 1f }));
                Assert.Equal(s.InnerException!.GetType(), p.InnerException!.GetType());
            }
        }

        [Fact]
        public void A_field_read_in_a_subscript_and_updated_with_Interlocked_keeps_the_loop_serial()
        {
            const string Source = @"using System.Threading; using KernelGen; using static KernelGen.Kernel;
public sealed partial class Slots
{
    private int next;
    [ParallelKernel] public void Take(int[] o) { foreach (int i in PRange(o.Length / 2)) { o[2 * i + next] = i; Interlocked.Increment(ref next); } }
}";
            Assert.Contains(InMemory.Analyze(Source), d => d.Id == "KG1006" && d.Severity == DiagnosticSeverity.Warning);
        }

        [Fact]
        public void A_field_array_that_is_also_a_parameter_runs_serially_and_correctly()
        {
            // Independent unless dst is the object's own array: the launch checks this._data against dst.
            const string Aliasing = @"using KernelGen; using static KernelGen.Kernel;
public sealed partial class Buffer
{
    public float[] Data;
    public Buffer(int n) { Data = new float[n]; }

    [ParallelKernel(ChunkSize = 10)]
    public void ShiftInto(float[] dst)
    {
        foreach (int i in PRange(Data.Length - 1))
            dst[i + 1] = Data[i] + 1;
    }
}
public static class Calls
{
    public static float[] Into(int n) { var b = new Buffer(n); var d = new float[n]; b.ShiftInto(d); return d; }
    public static float[] Self(int n) { var b = new Buffer(n); b.ShiftInto(b.Data); return b.Data; }
}";
            Assert.DoesNotContain(InMemory.Analyze(Aliasing), d => d.Severity >= DiagnosticSeverity.Warning);
            (_, GeneratorDriverRunResult run) = InMemory.Generate(InMemory.Compile(Aliasing));
            Assert.Contains(run.GeneratedTrees, t => t.ToString().Contains("ReferenceEquals(dst, this.Data)", StringComparison.Ordinal)); // checked at the launch
            Assembly assembly = InMemory.Build(Aliasing);
            const int N = 500;
            var into = (float[])assembly.GetType("Calls")!.GetMethod("Into")!.Invoke(null, new object[] { N })!;
            Assert.Equal(new[] { 0f }.Concat(Enumerable.Repeat(1f, N - 1)), into);
            // The same array: the serial loop carries the value along, 0, 1, 2, …; a parallel run would not.
            var self = (float[])assembly.GetType("Calls")!.GetMethod("Self")!.Invoke(null, new object[] { N })!;
            Assert.Equal(Enumerable.Range(0, N).Select(i => (float)i), self);
        }

        [Fact]
        public void A_readonly_struct_instance_kernel_runs_in_parallel()
        {
            const string Struct = @"using KernelGen; using static KernelGen.Kernel;
public readonly partial struct Lut
{
    private readonly float[] _table;
    public Lut(int n) { _table = new float[n]; for (int i = 0; i < n; i++) _table[i] = i * 0.5f; }

    [ParallelKernel(ChunkSize = 50)]
    public void Apply(int[] keys, float[] dst, int[] probe)
    {
        foreach (int i in PRange(keys.Length))
        {
            dst[i] = _table[keys[i]] + this._table[0];
            probe[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
        }
    }
}
public static class Calls
{
    public static int[] Apply(int[] keys, float[] dst) { var lut = new Lut(64); var p = new int[keys.Length]; lut.Apply(keys, dst, p); return p; }
}";
            Assert.DoesNotContain(InMemory.Analyze(Struct), d => d.Severity >= DiagnosticSeverity.Warning);
            Assembly assembly = InMemory.Build(Struct);
            int[] keys = Enumerable.Range(0, 1000).Select(i => i * 7 % 64).ToArray();
            float[] dst = new float[1000];
            var probe = (int[])assembly.GetType("Calls")!.GetMethod("Apply")!.Invoke(null, new object[] { keys, dst })!;
            Assert.All(probe, p => Assert.Equal(1, p));
            Assert.Equal(keys.Select(k => k * 0.5f), dst);
        }

        [Fact]
        public void A_struct_instance_kernel_is_KG2001()
        {
            const string Struct = @"using KernelGen; using static KernelGen.Kernel;
public partial struct Grid
{
    public float[] Cells;
    [ParallelKernel]
    public void Clear() { foreach (int i in PRange(Cells.Length)) Cells[i] = 0; }
}";
            Assert.Equal("KG2001", Assert.Single(InMemory.Analyze(Struct), d => d.Severity >= DiagnosticSeverity.Warning).Id);
        }
    }
}
