using System;
using System.Linq;
using KernelGen.Benchmarks;

if (args.Contains("--launch"))
{
    LaunchProbe.Run(trips: 16, calls: 20000);
    return;
}
