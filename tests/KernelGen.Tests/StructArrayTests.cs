using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Arrays of structs (AoS), the simulation users' main loop: <c>Vector3[]</c> with System.Numerics operators,
    /// <c>Particle[]</c> updated field by field, structs of auto-properties. A struct whose fields are all one scalar type
    /// is read as that scalar with a stride of the field count (a span over the array, <c>FlatStructs</c>), so the
    /// vectorizer's strided loads and group stores apply. They ran with a scalar body ("a call or expression
    /// statement"). Shapes ported from public code (in our own words):
    /// johnfmaner/NBodySimulation (Program.cs: Vector3 position and velocity, r += v * dt),
    /// ThomasMiz/simulations (tp4/ParticleState.cs: a struct of Vector2 auto-properties Position and Velocity),
    /// fkerimk/scythe (Source/Helpers/Particle.cs: Vector2 Position, Velocity, float Size, Life and a byte Color — mixed
    /// field types, no view).
    /// </summary>
    public class StructArrayTests
    {
        private const string Source = """
            using System;
            using System.Numerics;
            using System.Runtime.InteropServices;
            using KernelGen;
            using static KernelGen.Kernel;

            public struct Particle { public float X, Y, VX, VY; }
            // Shaped like imaging libraries' pixel structs (ImageSharp's Rgba32): byte fields and a constructor that assigns
            // each field its parameter; Opaque's constructor computes one field, so it stays a call.
            public struct Rgba { public byte R, G, B, A; public Rgba(byte r, byte g, byte b, byte a) { R = r; G = g; this.B = b; A = a; } }
            public struct Opaque { public byte R, G, B, A; public Opaque(byte r, byte g, byte b) { R = r; G = g; B = b; A = (byte)(r ^ g); } }
            public struct Hsv { public float H { get; set; } public float S { get; set; } public float V { get; set; } }
            public struct Doubled { private float _x; public float Y; public float X { get => _x; set => _x = value * 2; } }
            public struct Body4 { public float X, Y, Z, M; }
            public struct ParticleState { public Vector2 Position { get; set; } public Vector2 Velocity { get; set; } }
            public struct Body { public double X, Y, Z, VX, VY, VZ, Mass; }
            public struct Nested { public Vector3 Pos; public Vector3 Vel; }
            public struct Color32 { public byte R, G, B, A; }
            public struct Mixed { public Vector2 Position, Velocity; public float Size, Life; public Color32 Color; }
            [StructLayout(LayoutKind.Explicit)]
            public struct Swapped { [FieldOffset(4)] public float A; [FieldOffset(0)] public float B; }

            // An instance kernel over its readonly array of structs (the simulation class's shape).
            public sealed partial class Sim
            {
                private readonly Particle[] _p;
                public Sim(Particle[] p) { _p = p; }

                [ParallelKernel]
                public void Step(float dt)
                {
                    foreach (int i in PRange(_p.Length)) { _p[i].VY -= 9.81f * dt; _p[i].Y += _p[i].VY * dt; _p[i].X += _p[i].VX * dt; }
                }
            }

            public static partial class S
            {
                public static void SimRun(Particle[] p, float dt) { Action<float> serial = new Sim(p).Step; serial(dt); }
                public static void SimRunParallel(Particle[] p, float dt) => new Sim(p).Step(dt);

                [ParallelKernel]
                public static void Euler(Vector3[] positions, Vector3[] velocities, Vector3 gravity, float dt)
                {
                    foreach (int i in PRange(positions.Length))
                    {
                        velocities[i] += gravity * dt;
                        positions[i] += velocities[i] * dt;
                        if (positions[i].Y < 0)
                        {
                            positions[i].Y = -positions[i].Y;
                            velocities[i].Y = -velocities[i].Y * 0.9f;
                        }
                    }
                }

                [ParallelKernel]
                public static void Move(Particle[] p, float dt, float floor)
                {
                    foreach (int i in PRange(p.Length))
                    {
                        p[i].VY -= 9.81f * dt;
                        p[i].X += p[i].VX * dt;
                        p[i].Y += p[i].VY * dt;
                        if (p[i].Y < floor) { p[i].Y = floor; p[i].VY = -0.5f * p[i].VY; }
                    }
                }

                [ParallelKernel]
                public static void States(ParticleState[] s, Vector2 accel, float dt)
                {
                    foreach (int i in PRange(s.Length))
                    {
                        s[i].Velocity += accel * dt;
                        s[i].Position += s[i].Velocity * dt;
                    }
                }

                [ParallelKernel]
                public static void Drift(Body[] bodies, double dt)
                {
                    foreach (int i in PRange(bodies.Length))
                    {
                        bodies[i].X += dt * bodies[i].VX;
                        bodies[i].Y += dt * bodies[i].VY;
                        bodies[i].Z += dt * bodies[i].VZ;
                    }
                }

                [ParallelKernel]
                public static void NestedCopy(Nested[] dst, Nested[] src, Vector3 offset)
                {
                    foreach (int i in PRange(dst.Length))
                    {
                        dst[i].Pos = src[i].Pos + offset;
                        dst[i].Vel = src[i].Vel;
                    }
                }

                // N-body accelerations over bodies as x, y, z, mass (the corpus's nbody kernel, AoS): bodies i on
                // the lanes (strided loads), body j the same for every lane (broadcast loads), Vector3 results.
                [ParallelKernel]
                public static void Accelerations(Body4[] b, Vector3[] acc, float eps)
                {
                    foreach (int i in PRange(b.Length))
                    {
                        float ax = 0, ay = 0, az = 0;
                        for (int j = 0; j < b.Length; j++)
                        {
                            float dx = b[j].X - b[i].X, dy = b[j].Y - b[i].Y, dz = b[j].Z - b[i].Z;
                            float inv = 1f / MathF.Sqrt(dx * dx + dy * dy + dz * dz + eps);
                            float s = b[j].M * inv * inv * inv;
                            ax += dx * s; ay += dy * s; az += dz * s;
                        }
                        acc[i] = new Vector3(ax, ay, az);
                    }
                }

                // The same with Vector3 locals in a body with an inner loop (cstein1/ParticleSim's GravityForce: every
                // other particle pulls, |d| + 10 softening, acc -= d * m * mag): the locals' fields are temporaries,
                // PRange iterations on the lanes, the inner loop in order per step.
                [ParallelKernel]
                public static void Gravity(Vector3[] pos, float[] mass, Vector3[] acc)
                {
                    foreach (int i in PRange(pos.Length))
                    {
                        Vector3 pi = pos[i];
                        Vector3 a = Vector3.Zero;
                        for (int j = 0; j < pos.Length; j++)
                        {
                            if (i == j) continue;
                            Vector3 d = pi - pos[j];
                            float dist = MathF.Sqrt(d.X * d.X + d.Y * d.Y + d.Z * d.Z) + 10f;
                            float mag = 1f / (dist * dist * dist);
                            a -= d * mass[j] * mag;
                        }
                        acc[i] = a;
                    }
                }

                // FastMath would let an inner loop sum into a local on vector accumulators, written back by name into the
                // source text: a struct local's field temporaries are not such locals, so the lanes stay PRange iterations.
                [ParallelKernel(FastMath = true)]
                public static void GravityFast(Vector3[] pos, float[] mass, Vector3[] acc)
                {
                    foreach (int i in PRange(pos.Length))
                    {
                        Vector3 a = Vector3.Zero;
                        for (int j = 0; j < pos.Length; j++)
                            a += (pos[j] - pos[i]) * mass[j];
                        acc[i] = a;
                    }
                }

                // A struct local read by an inner loop whose iterations are the lanes: that loop's vector code goes into
                // the source text, which has no field temporaries, so it reads t.X and t.Y as the source does.
                [ParallelKernel]
                public static void Tint(Vector3[] tints, float[] image, int w)
                {
                    foreach (int y in PRange(tints.Length))
                    {
                        Vector3 t = tints[y];
                        for (int x = 0; x < w; x++)
                            image[y * w + x] = image[y * w + x] * t.X + t.Y;
                    }
                }

                // Premultiplied alpha through a struct local and the constructor (byte channels in int lanes, / 255
                // by a multiply and a shift); the same with a constructor that computes a field keeps a scalar body.
                [ParallelKernel]
                public static void Premultiply(Rgba[] px)
                {
                    foreach (int i in PRange(px.Length))
                    {
                        Rgba p = px[i];
                        px[i] = new Rgba((byte)(p.R * p.A / 255), (byte)(p.G * p.A / 255), (byte)(p.B * p.A / 255), p.A);
                    }
                }

                // Object initializers: every named member's value, 0 for the others (alpha left out); auto-properties too.
                // A property whose setter has a body may write anything: Setter keeps a scalar body.
                [ParallelKernel]
                public static void Initialized(Rgba[] px, Hsv[] hsv, float gain)
                {
                    foreach (int i in PRange(px.Length))
                    {
                        px[i] = new Rgba { B = px[i].R, R = px[i].B, G = (byte)(px[i].G >> 1) };
                        hsv[i] = new Hsv { V = hsv[i].V * gain, H = hsv[i].H };
                    }
                }

                [ParallelKernel]
                public static void Setter(Doubled[] d)
                {
                    foreach (int i in PRange(d.Length))
                        d[i] = new Doubled { X = d[i].Y, Y = 1f };
                }

                [ParallelKernel]
                public static void Flatten(Opaque[] px)
                {
                    foreach (int i in PRange(px.Length))
                        px[i] = new Opaque(px[i].B, px[i].G, px[i].R);
                }

                // X stored twice: the fields held in locals; Y, VX and VY are stored back as they were.
                [ParallelKernel]
                public static void Nudge(Particle[] p, float dt)
                {
                    foreach (int i in PRange(p.Length))
                    {
                        p[i].X += dt;
                        p[i].X *= 0.5f;
                    }
                }

                // Each field's value reads the other field of the same element: both go to temporaries first.
                [ParallelKernel]
                public static void SwapXY(Vector2[] v)
                {
                    foreach (int i in PRange(v.Length)) v[i] = new Vector2(v[i].Y, v[i].X);
                }

                [ParallelKernel]
                public static void Scale(Vector4[] colors, Vector4[] weights, float gain)
                {
                    foreach (int i in PRange(colors.Length))
                    {
                        colors[i] *= gain;
                        colors[i] = colors[i] / weights[i] - Vector4.One;
                    }
                }

                [ParallelKernel]
                public static void CopyAll(Particle[] dst, Particle[] src)
                {
                    foreach (int i in PRange(dst.Length)) dst[i] = src[i];
                }

                // A whole struct held in a local: the local's fields are locals, read from the view.
                [ParallelKernel]
                public static void ThroughLocal(Particle[] p, float dt)
                {
                    foreach (int i in PRange(p.Length))
                    {
                        Particle q = p[i];
                        p[i].X = q.X + q.VX * dt;
                    }
                }

                // ref locals of an element: their fields are the element's.
                [ParallelKernel]
                public static void RefParticle(Particle[] p, float dt)
                {
                    foreach (int i in PRange(p.Length)) { ref Particle q = ref p[i]; q.X += q.VX * dt; q.Y += q.VY * dt; }
                }

                [ParallelKernel]
                public static void RefVector(Vector3[] p, Vector3[] v, float dt)
                {
                    foreach (int i in PRange(p.Length)) { ref Vector3 q = ref p[i]; q += v[i] * dt; if (q.Y < 0) q.Y = 0; }
                }

                // Copy, update, write back (the idiom before ref locals): the local's fields are locals of their own.
                [ParallelKernel]
                public static void CopyUpdate(Particle[] ps, float dt, float floor)
                {
                    foreach (int i in PRange(ps.Length))
                    {
                        var p = ps[i];
                        p.VY -= 9.81f * dt;
                        p.X += p.VX * dt;
                        p.Y += p.VY * dt;
                        if (p.Y < floor) { p.Y = floor; p.VY = -0.5f * p.VY; }
                        ps[i] = p;
                    }
                }

                [ParallelKernel]
                public static void VectorLocals(Vector3[] pos, Vector3[] vel, float dt)
                {
                    foreach (int i in PRange(pos.Length))
                    {
                        Vector3 v = vel[i];
                        Vector3 p = pos[i] + v * dt;
                        v = new Vector3(v.Y, v.X, v.Z); // each field reads another: temporaries
                        pos[i] = p;
                        vel[i] = v;
                    }
                }

                // The local passed whole: no field locals, a scalar body.
                [ParallelKernel]
                public static void LocalPassed(Particle[] ps, float[] o)
                {
                    foreach (int i in PRange(ps.Length)) { var p = ps[i]; p.X += 1; o[i] = Sum(p); }
                }

                // A ref local never used: its declaration still reads the element's address (and throws past the end).
                [ParallelKernel]
                public static void RefUnused(Particle[] p, Particle[] other, int shift)
                {
                    foreach (int i in PRange(p.Length)) { ref readonly Particle q = ref other[i + shift]; p[i].X += 1f; }
                }

                // A ref local pointed elsewhere part way: not an alias (opaque), a scalar body.
                [ParallelKernel]
                public static void RefRebound(Particle[] a, Particle[] b)
                {
                    foreach (int i in PRange(a.Length)) { ref Particle q = ref a[i]; q.X = 1f; q = ref b[i]; q.X = 2f; }
                }

                // The ref local passed whole: no view (the element two ways), a scalar body.
                [ParallelKernel]
                public static void RefPassed(Particle[] p, float dt)
                {
                    foreach (int i in PRange(p.Length)) { ref Particle q = ref p[i]; q.X += Sum(q) * dt; }
                }

                // Spans of structs (run through a delegate for the serial reference: a span cannot go through reflection).
                [ParallelKernel]
                public static void SpanStep(Span<Particle> p, ReadOnlySpan<Vector2> push, float dt)
                {
                    foreach (int i in PRange(p.Length)) { p[i].VX += push[i].X * dt; p[i].X += p[i].VX * dt; }
                }

                private delegate void SpanKernel(Span<Particle> p, ReadOnlySpan<Vector2> push, float dt);
                public static void SpanRun(Particle[] p, Vector2[] push, float dt) { SpanKernel serial = SpanStep; serial(p, push, dt); }
                public static void SpanRunParallel(Particle[] p, Vector2[] push, float dt) => SpanStep(p, push, dt);

                // A helper takes the whole struct after a field's store: it must see the store (no view: the array is
                // read two ways, and a group store would still hold X when the helper reads the element).
                private static float Sum(Particle q) => q.X + q.Y;

                [ParallelKernel]
                public static void HelperSeesStore(Particle[] p)
                {
                    foreach (int i in PRange(p.Length))
                    {
                        p[i].X = 1f;
                        p[i].Y = Sum(p[i]);
                    }
                }

                // Mixed field types: no view.
                [ParallelKernel]
                public static void Age(Mixed[] m, float dt)
                {
                    foreach (int i in PRange(m.Length))
                    {
                        m[i].Position += m[i].Velocity * dt;
                        m[i].Life -= dt;
                    }
                }

                // An explicit layout (fields not in declaration order): no view.
                [ParallelKernel]
                public static void Explicit(Swapped[] s, float k)
                {
                    foreach (int i in PRange(s.Length)) s[i].A = s[i].B * k + 1f;
                }

                // Vector3 / float: .NET 10 divides each field (NumericsOperatorTests checks it on the runtime).
                [ParallelKernel]
                public static void DivideByScalar(Vector3[] v, float d)
                {
                    foreach (int i in PRange(v.Length)) v[i] = v[i] / d;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source, unsafeCode: true)); // (spans are pinned: unsafe code)
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "S", unsafeCode: true));

        [Fact]
        public void Arrays_of_flat_structs_take_vector_steps()
        {
            foreach (string kernel in new[] { "Euler", "Move", "States", "SwapXY", "Scale", "CopyAll", "Nudge", "RefParticle", "RefVector", "SpanStep", "Accelerations", "CopyUpdate", "VectorLocals", "ThroughLocal", "DivideByScalar", "Gravity", "GravityFast", "Tint", "Premultiply", "Initialized" })
            {
                string generated = InMemory.Section(s_generated.Value(kernel));
                Assert.DoesNotContain("scalar body", InMemory.VectorLine(generated));
                Assert.DoesNotContain("lane by lane", InMemory.VectorLine(generated));
                Assert.Contains("MemoryMarshal.Cast<", generated);
            }
            string step = InMemory.Section(InMemory.GeneratedFrom(Source, "Sim", unsafeCode: true)("Step"));
            Assert.DoesNotContain("scalar body", InMemory.VectorLine(step));
            Assert.Contains("__kg_flat_this__p", step);
            Assert.Contains("Vector512.Create((float)(t.X))", InMemory.Section(s_generated.Value("Tint")));
            // Each field's value reads the other field: temporaries first.
            Assert.Contains("__kg_field_", InMemory.Section(s_generated.Value("SwapXY")));
            // A field read after its store, fields stored twice: the element's fields as locals, stored whole at the end.
            Assert.Contains("__kg_p_VY", InMemory.Section(s_generated.Value("Move")));
            Assert.Contains("__kg_s_Velocity_X", InMemory.Section(s_generated.Value("States")));
            // A copy stays a copy (rolled channels: consecutive floats), not fields in locals.
            Assert.Contains("channels rolled", InMemory.VectorLine(s_generated.Value("CopyAll")));
            // More than 4 fields: the vector steps have no strided loads that wide (gathered lane by lane: refused).
            foreach (string kernel in new[] { "Drift", "NestedCopy" })
                Assert.Contains("gathered elements", InMemory.VectorLine(s_generated.Value(kernel)));
        }

        [Fact]
        public void Structs_the_view_cannot_model_keep_a_scalar_body()
        {
            foreach (string kernel in new[] { "HelperSeesStore", "RefPassed", "RefRebound", "LocalPassed", "Age", "Explicit", "Flatten", "Setter" })
            {
                string generated = InMemory.Section(s_generated.Value(kernel));
                Assert.DoesNotContain("MemoryMarshal.Cast<", generated);
                Assert.Contains("scalar body", InMemory.VectorLine(generated));
            }
            // The report says why, at the struct or the array.
            Assert.Contains("Mixed's fields are not read as one scalar type: fields of several types (float, byte)", InMemory.VectorLine(s_generated.Value("Age")));
            Assert.Contains("Swapped's fields are not read as one scalar type: a StructLayout other than plain Sequential", InMemory.VectorLine(s_generated.Value("Explicit")));
            Assert.Contains("'p' is also used as whole Particle values", InMemory.VectorLine(s_generated.Value("HelperSeesStore")));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(100)]
        [InlineData(1001)]
        public void Results_are_the_serial_loops(int n)
        {
            var r = new Random(n);
            float F() => (float)(r.NextDouble() * 4 - 2);
            Vector3 V3() => new(F(), F(), F());
            Vector3[] p3 = Enumerable.Range(0, n).Select(_ => V3()).ToArray(), v3 = Enumerable.Range(0, n).Select(_ => V3()).ToArray();
            p3[0] = new Vector3(0f, -0f, float.NaN);
            Differential.Same(s_built.Value, "S", "Euler", p3, v3, new Vector3(0, -9.81f, 0), 0.01f);
            Differential.Same(s_built.Value, "S", "SwapXY", Enumerable.Range(0, n).Select(_ => new Vector2(F(), F())).ToArray());
            Differential.Same(s_built.Value, "S", "DivideByScalar", p3, 3f);
            Vector4 V4() => new(F(), F(), F(), F());
            Differential.Same(s_built.Value, "S", "Scale", Enumerable.Range(0, n).Select(_ => V4()).ToArray(), Enumerable.Range(0, n).Select(_ => V4()).ToArray(), 1.5f);

            // An array of one of the source's structs, every field random (nested structs too).
            object Fill(string type)
            {
                Type t = s_built.Value.GetType(type)!;
                Array a = Array.CreateInstance(t, n);
                for (int k = 0; k < n; k++) a.SetValue(Random(t), k);
                return a;
            }
            object Random(Type t)
            {
                if (t == typeof(float)) return F();
                if (t == typeof(double)) return (double)F();
                if (t == typeof(byte)) return (byte)r.Next(256);
                object s = Activator.CreateInstance(t)!;
                foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)) f.SetValue(s, Random(f.FieldType));
                return s;
            }
            Differential.Same(s_built.Value, "S", "Move", Fill("Particle"), 0.02f, -0.5f);
            Differential.Same(s_built.Value, "S", "States", Fill("ParticleState"), new Vector2(0.5f, -9.81f), 0.02f);
            Differential.Same(s_built.Value, "S", "Drift", Fill("Body"), 0.001);
            Differential.Same(s_built.Value, "S", "NestedCopy", Fill("Nested"), Fill("Nested"), V3());
            Differential.Same(s_built.Value, "S", "CopyAll", Fill("Particle"), Fill("Particle"));
            Differential.Same(s_built.Value, "S", "ThroughLocal", Fill("Particle"), 0.5f);
            Differential.Same(s_built.Value, "S", "Nudge", Fill("Particle"), 0.25f);
            Differential.Same(s_built.Value, "S", "CopyUpdate", Fill("Particle"), 0.02f, -0.5f);
            Differential.Same(s_built.Value, "S", "VectorLocals", p3, v3, 0.5f);
            Differential.Same(s_built.Value, "S", "LocalPassed", Fill("Particle"), new float[n]);
            Differential.Same(s_built.Value, "S", "Accelerations", Fill("Body4"), new Vector3[n], 0.01f);
            Differential.Same(s_built.Value, "S", "Gravity", p3, Enumerable.Range(0, n).Select(_ => F()).ToArray(), new Vector3[n]);
            // (FastMath: the lanes are PRange iterations, each summing in order, so the serial bits too.)
            Differential.Same(s_built.Value, "S", "GravityFast", p3, Enumerable.Range(0, n).Select(_ => F()).ToArray(), new Vector3[n]);
            Differential.Same(s_built.Value, "S", "Premultiply", Fill("Rgba"));
            Differential.Same(s_built.Value, "S", "Flatten", Fill("Opaque"));
            Differential.Same(s_built.Value, "S", "Initialized", Fill("Rgba"), Fill("Hsv"), 1.5f);
            Differential.Same(s_built.Value, "S", "Setter", Fill("Doubled"));
            Differential.Same(s_built.Value, "S", "Tint", p3, Enumerable.Range(0, 5 * n).Select(_ => F()).ToArray(), 5);
            Differential.Same(s_built.Value, "S", "RefParticle", Fill("Particle"), 0.25f);
            Differential.Same(s_built.Value, "S", "SimRun", Fill("Particle"), 0.25f);
            Differential.Same(s_built.Value, "S", "RefVector", p3, v3, 0.5f);
            Differential.Same(s_built.Value, "S", "RefPassed", Fill("Particle"), 0.25f);
            Differential.Same(s_built.Value, "S", "RefRebound", Fill("Particle"), Fill("Particle"));
            Differential.Same(s_built.Value, "S", "SpanRun", Fill("Particle"), Enumerable.Range(0, n).Select(_ => new Vector2(F(), F())).ToArray(), 0.5f);
            Differential.Same(s_built.Value, "S", "HelperSeesStore", Fill("Particle"));
            Differential.Same(s_built.Value, "S", "Age", Fill("Mixed"), 0.1f);
            Differential.Same(s_built.Value, "S", "Explicit", Fill("Swapped"), 2f);
        }

        [Fact]
        public void A_null_or_short_array_throws_like_the_serial_loop()
        {
            Type particles = s_built.Value.GetType("Particle")!;
            Differential.Same(s_built.Value, "S", "RefUnused", Array.CreateInstance(particles, 40), Array.CreateInstance(particles, 40), 0);
            Differential.Same(s_built.Value, "S", "RefUnused", Array.CreateInstance(particles, 40), Array.CreateInstance(particles, 40), 1); // throws at i = 39
            // Every iteration throws: no vector step may run them without the declaration's bounds check.
            foreach (int n in new[] { 16, 64 })
                Differential.Same(s_built.Value, "S", "RefUnused", Array.CreateInstance(particles, n), Array.CreateInstance(particles, n), n);
            Type particle = s_built.Value.GetType("Particle")!;
            Differential.Same(s_built.Value, "S", "CopyAll", Array.CreateInstance(particle, 10), Array.CreateInstance(particle, 5));
            Differential.Same(s_built.Value, "S", "CopyAll", Array.CreateInstance(particle, 10), null!);
            Differential.Same(s_built.Value, "S", "Euler", new Vector3[40], null!, Vector3.One, 1f);
            Differential.Same(s_built.Value, "S", "Euler", new Vector3[40], new Vector3[39], Vector3.One, 1f);
        }
    }
}
