using KernelGen;
using static KernelGen.Kernel;

public static partial class Mixed
{
    // One loop writes a shared variable and stays serial (KG2006); the other runs in parallel.
    [ParallelKernel]
    public static long Scale(long[] data, long factor)
    {
        long last = 0;
        foreach (int i in PRange(data.Length))
            last = data[i];

        foreach (long i in PRange(0L, data.LongLength))
        {
            if (data[i] < 0) continue;
            data[i] *= factor;
        }
        return last;
    }
}
