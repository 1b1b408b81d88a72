using System;
using System.Runtime.InteropServices;
using Xunit;

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// A buffer of a given size between two pages that cannot be read or written (guard pages; Linux: mmap and
    /// mprotect), its last byte just below the upper one: code that touches one byte before or past it faults. The
    /// tests of pointer kernels run their vector steps over such memory.
    /// </summary>
    public sealed class GuardedMemory : IDisposable
    {
        private const int Page = 4096;
        private readonly nint _mapping;
        private readonly nuint _length;

        /// <summary>The buffer's first byte.</summary>
        public nint Data { get; }

        /// <summary>Whether this machine can make one (Linux).</summary>
        public static bool Available => OperatingSystem.IsLinux();

        public GuardedMemory(int bytes)
        {
            int pages = (bytes + Page - 1) / Page + 2;
            _length = (nuint)(pages * Page);
            _mapping = mmap(0, _length, 3 /* read, write */, 0x22 /* private, anonymous */, -1, 0);
            Assert.NotEqual(-1, (long)_mapping);
            Assert.Equal(0, mprotect(_mapping, Page, 0));
            Assert.Equal(0, mprotect(_mapping + (pages - 1) * Page, Page, 0));
            Data = _mapping + (pages - 1) * Page - bytes;
        }

        public void Dispose() => munmap(_mapping, _length);

        [DllImport("libc", SetLastError = true)] private static extern nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);
        [DllImport("libc", SetLastError = true)] private static extern int mprotect(nint address, nuint length, int protection);
        [DllImport("libc", SetLastError = true)] private static extern int munmap(nint address, nuint length);
    }
}
