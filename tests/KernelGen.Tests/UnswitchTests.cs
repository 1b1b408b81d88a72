using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Loops unswitched on a condition the same in every iteration (VUnswitch): each side of the body's if gets a vector
    /// loop of its own, where per iteration the branch would store to different elements lane by lane. Bitwise against
    /// the serial loop on both sides, with the condition's edge values, and with an object the condition reads null.
    /// </summary>
    public class UnswitchTests
    {
        // ManagedBass/ManagedBass src/Shared/Effects/DSP/PanDSP.cs (Callback): interleaved stereo floats, pan > 0
        // attenuates the left sample by 1 - pan, else the right one by 1 + pan. Written anew; and two shapes around it.
        private const string Source = @"using System; using KernelGen; using static KernelGen.Kernel;
public sealed class Options { public bool Invert; public float Gain = 2; }
public static partial class Pan
{
    [ParallelKernel(ChunkSize = 40)]
    public static void Run(float[] stereo, float pan)
    {
        foreach (int f in PRange(stereo.Length / 2))
        {
            if (pan > 0) stereo[2 * f] *= 1 - pan;
            else stereo[2 * f + 1] *= 1 + pan;
        }
    }

    // The condition reads a member of an object: where the object is null the serial loop throws at the condition.
    [ParallelKernel(ChunkSize = 40)]
    public static void Flip(float[] stereo, Options o)
    {
        foreach (int f in PRange(stereo.Length / 2))
        {
            stereo[2 * f] += 1;
            if (o.Invert) stereo[2 * f + 1] = -stereo[2 * f + 1] * o.Gain;
        }
    }

    // One side has no vector loop (a call per element): the scalar loop runs it.
    [ParallelKernel(ChunkSize = 40)]
    public static void Mixed(float[] stereo, int mode)
    {
        foreach (int f in PRange(stereo.Length / 2))
        {
            if (mode > 1) stereo[2 * f] *= 0.5f;
            else stereo[2 * f + 1] = MathF.Tanh(stereo[2 * f + 1]) + Bias(f);
        }
    }
    private static float Bias(int f) => (f & 3) * 0.125f;
}";

        private static float[] Samples(int frames) => Enumerable.Range(0, 2 * frames).Select(k => (float)Math.Sin(k * 0.37) * (k % 7 == 0 ? -0f + 0.1f : 1)).ToArray();

        private static void Same(Type pan, string kernel, object[] args)
        {
            var serial = (object[])args.Clone();
            var parallel = (object[])args.Clone();
            serial[0] = ((float[])args[0]).Clone();
            parallel[0] = ((float[])args[0]).Clone();
            pan.GetMethod(kernel)!.Invoke(null, serial);
            pan.GetMethod(kernel + "Parallel")!.Invoke(null, parallel);
            Assert.Equal(((float[])serial[0]).Select(BitConverter.SingleToInt32Bits), ((float[])parallel[0]).Select(BitConverter.SingleToInt32Bits));
        }

        [Fact]
        public void A_uniform_branch_gets_a_vector_loop_per_side_bitwise_equal_to_serial()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "Pan");
            string run = InMemory.VectorLine(generated("Run"));
            Assert.Contains("unswitched on `(pan > 0f)`", run);
            Assert.Contains("when false, Vector512/Vector256/Vector128<float>", run);
            Assert.Contains("when false, scalar (", InMemory.VectorLine(generated("Mixed")));
            Assembly assembly = InMemory.Build(Source);
            Type pan = assembly.GetType("Pan")!;
            foreach (int frames in new[] { 1, 7, 100, 1001 })
            {
                foreach (float p in new[] { 0.35f, -0.35f, 0f, -0f, float.NaN })
                    Same(pan, "Run", new object[] { Samples(frames), p });
                foreach (int mode in new[] { 0, 2 })
                    Same(pan, "Mixed", new object[] { Samples(frames), mode });
                foreach (bool invert in new[] { false, true })
                {
                    object o = Activator.CreateInstance(assembly.GetType("Options")!)!;
                    o.GetType().GetField("Invert")!.SetValue(o, invert);
                    Same(pan, "Flip", new object[] { Samples(frames), o });
                }
            }
        }

        [Fact]
        public void A_null_object_in_the_condition_throws_where_the_serial_loop_does()
        {
            Assembly assembly = InMemory.Build(Source);
            Type pan = assembly.GetType("Pan")!;
            float[] serial = Samples(500), parallel = Samples(500);
            var s = Assert.Throws<TargetInvocationException>(() => pan.GetMethod("Flip")!.Invoke(null, new object?[] { serial, null }));
            var p = Assert.Throws<TargetInvocationException>(() => pan.GetMethod("FlipParallel")!.Invoke(null, new object?[] { parallel, null }));
            Assert.IsType<NullReferenceException>(s.InnerException);
            Assert.IsType<NullReferenceException>(p.InnerException);
            // The first iteration's store before the condition happened on both sides.
            Assert.Equal(BitConverter.SingleToInt32Bits(serial[0]), BitConverter.SingleToInt32Bits(parallel[0]));
        }
    }
}
