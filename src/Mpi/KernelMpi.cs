using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace KernelGen
{
    /// <summary>
    /// Runs KernelGen kernels over the ranks of an MPI job (Open MPI). In a program started by <c>mpirun</c>, call
    /// <see cref="Start"/> once before the first kernel call: from then on every distributable PRange loop gives each
    /// rank one block of its iterations (run on all of the rank's cores), and every rank leaves the loop with the
    /// whole result (written rows gathered, reductions combined in chunk order). Loops KernelGen cannot split run
    /// whole on every rank (the report says which). Every rank must run the same program on the same inputs (SPMD).
    /// </summary>
    /// <example>
    /// <code>
    /// using var mpi = KernelMpi.Start();
    /// float[] r = Kernels.Scale(data, 2f);   // each rank computes its block; all ranks get all of r
    /// if (mpi.Rank == 0) Console.WriteLine(r[0]);
    /// </code>
    /// </example>
    public static class KernelMpi
    {
        /// <summary>The MPI library KernelGen.Mpi binds to (Open MPI 4 and 5).</summary>
        public const string LibraryName = "libmpi.so.40";

        /// <summary>What to install when the library is missing (Debian and Ubuntu package names).</summary>
        public const string InstallHint = "install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) and start the program with mpirun";

        private static MpiSession? s_session;
        private static readonly object s_gate = new();

        /// <summary>
        /// Initializes MPI (once per process) and binds <see cref="KernelRuntime.Cluster"/> to MPI_COMM_WORLD. Unless
        /// <c>KERNELGEN_NUM_THREADS</c> is set, each rank uses its share of the machine's cores (the processor count over
        /// the ranks on this node). An unhandled exception on any rank then ends the whole job with its message.
        /// </summary>
        /// <exception cref="DllNotFoundException">Open MPI's library is not installed (the message says what to install).</exception>
        public static MpiSession Start()
        {
            lock (s_gate)
            {
                if (s_session is { IsDisposed: false } live)
                    return live;
                s_session = new MpiSession(Native.Open());
                KernelRuntime.BindCluster(s_session);
                if (Environment.GetEnvironmentVariable(KernelRuntime.NumThreadsVariable) is null
                    && int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_LOCAL_SIZE"), out int local) && local > 1)
                    KernelRuntime.MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount / local);
                AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
                return s_session;
            }
        }

        private static void OnUnhandled(object? sender, UnhandledExceptionEventArgs e)
        {
            if (s_session is { IsDisposed: false } session)
                session.Abort($"KernelGen: rank {session.Rank} of {session.Size}: unhandled {e.ExceptionObject}");
        }

        internal static void Ended(MpiSession session)
        {
            lock (s_gate)
            {
                if (KernelRuntime.Cluster == session) KernelRuntime.BindCluster(null);
                AppDomain.CurrentDomain.UnhandledException -= OnUnhandled;
            }
        }
    }

    /// <summary>MPI as KernelGen uses it: MPI_COMM_WORLD's rank and size, in-place gathers, abort. <see cref="Dispose"/> finalizes MPI.</summary>
    public sealed unsafe class MpiSession : IKernelCluster, IDisposable
    {
        private readonly Native.Handles _mpi;
        private readonly object _calls = new(); // MPI runs SERIALIZED: one call at a time
        private int _disposed;

        internal MpiSession(Native.Handles mpi)
        {
            _mpi = mpi;
            int rank, size;
            Native.Check(Native.MPI_Comm_rank(_mpi.World, &rank), "MPI_Comm_rank");
            Native.Check(Native.MPI_Comm_size(_mpi.World, &size), "MPI_Comm_size");
            Rank = rank; Size = size;
        }

        /// <inheritdoc/>
        public int Rank { get; }

        /// <inheritdoc/>
        public int Size { get; }

        internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        /// <summary>Waits until every rank gets here.</summary>
        public void Barrier()
        {
            lock (_calls) Native.Check(Native.MPI_Barrier(_mpi.World), "MPI_Barrier");
        }

        /// <inheritdoc/>
        public void Share(ref byte data, ReadOnlySpan<long> offsets, ReadOnlySpan<long> counts)
        {
            if (offsets.Length != Size || counts.Length != Size)
                throw new ArgumentException($"one offset and one count per rank ({Size}) expected");
            bool small = true;
            for (int r = 0; r < Size; r++)
                small &= offsets[r] + counts[r] <= int.MaxValue;
            lock (_calls)
            {
                fixed (byte* buffer = &data)
                {
                    if (small)
                    {
                        // One in-place gather: MPI_Allgatherv counts and displacements are ints (bytes here).
                        int* sizes = stackalloc int[Size];
                        int* displacements = stackalloc int[Size];
                        for (int r = 0; r < Size; r++) { sizes[r] = (int)counts[r]; displacements[r] = (int)offsets[r]; }
                        Native.Check(Native.MPI_Allgatherv(Native.InPlace, 0, _mpi.Byte, buffer, sizes, displacements, _mpi.Byte, _mpi.World), "MPI_Allgatherv");
                        return;
                    }
                    // Past 2 GiB: each rank broadcasts its part in pieces of 1 GiB.
                    const int Piece = 1 << 30;
                    for (int r = 0; r < Size; r++)
                        for (long done = 0; done < counts[r]; done += Piece)
                            Native.Check(Native.MPI_Bcast(buffer + offsets[r] + done, (int)Math.Min(Piece, counts[r] - done), _mpi.Byte, r, _mpi.World), "MPI_Bcast");
                }
            }
        }

        /// <inheritdoc/>
        public void Abort(string message)
        {
            try
            {
                Console.Out.Flush();
                Console.Error.WriteLine(message);
                Console.Error.Flush();
            }
            finally
            {
                // Without taking the call lock: the rank may be stuck in a collective on another thread.
                Native.MPI_Abort(_mpi.World, 1);
                Environment.Exit(1);
            }
        }

        /// <summary>Unbinds the runtime and finalizes MPI (collective: every rank must call it).</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            KernelMpi.Ended(this);
            lock (_calls)
            {
                int finalized;
                if (Native.MPI_Finalized(&finalized) == 0 && finalized == 0)
                    Native.MPI_Finalize();
            }
        }
    }

    /// <summary>The few MPI functions KernelGen needs, bound with LibraryImport (Native AOT safe) against Open MPI.</summary>
    internal static unsafe partial class Native
    {
        private const string Mpi = "mpi";

        /// <summary>Open MPI's predefined handles: the addresses of its global objects.</summary>
        internal readonly record struct Handles(IntPtr World, IntPtr Byte);

        internal static readonly void* InPlace = (void*)1; // Open MPI's MPI_IN_PLACE

        private static IntPtr s_library;
        private const int RTLD_NOW = 2, RTLD_GLOBAL = 0x100;
        private const int ThreadSerialized = 2; // Open MPI's MPI_THREAD_SERIALIZED

        [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
        private static partial IntPtr DlOpen(string file, int mode);

        [LibraryImport(Mpi)] internal static partial int MPI_Initialized(int* flag);
        [LibraryImport(Mpi)] internal static partial int MPI_Init_thread(int* argc, byte*** argv, int required, int* provided);
        [LibraryImport(Mpi)] internal static partial int MPI_Finalized(int* flag);
        [LibraryImport(Mpi)] internal static partial int MPI_Finalize();
        [LibraryImport(Mpi)] internal static partial int MPI_Comm_rank(IntPtr comm, int* rank);
        [LibraryImport(Mpi)] internal static partial int MPI_Comm_size(IntPtr comm, int* size);
        [LibraryImport(Mpi)] internal static partial int MPI_Barrier(IntPtr comm);
        [LibraryImport(Mpi)] internal static partial int MPI_Abort(IntPtr comm, int errorCode);
        [LibraryImport(Mpi)] internal static partial int MPI_Bcast(void* buffer, int count, IntPtr type, int root, IntPtr comm);
        [LibraryImport(Mpi)]
        internal static partial int MPI_Allgatherv(void* sendBuffer, int sendCount, IntPtr sendType, void* receiveBuffer,
            int* receiveCounts, int* displacements, IntPtr receiveType, IntPtr comm);

        internal static void Check(int code, string call)
        {
            if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error {code}");
        }

        /// <summary>Loads Open MPI (globally, as its plugins expect), initializes it once, and finds its handles.</summary>
        internal static Handles Open()
        {
            if (s_library == IntPtr.Zero)
            {
                (IntPtr library, _, _) = Load(KernelMpi.LibraryName);
                s_library = library;
                NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
            }
            (_, IntPtr world, IntPtr bytes) = Load(KernelMpi.LibraryName);
            int initialized;
            Check(MPI_Initialized(&initialized), "MPI_Initialized");
            if (initialized == 0)
            {
                int provided;
                Check(MPI_Init_thread(null, null, ThreadSerialized, &provided), "MPI_Init_thread");
            }
            return new Handles(world, bytes);
        }

        /// <summary>
        /// Loads <paramref name="name"/> and finds Open MPI's handles in it; throws <see cref="DllNotFoundException"/>,
        /// naming what to install, when it is missing or is not Open MPI. Changes nothing else (tests call it).
        /// </summary>
        internal static (IntPtr Library, IntPtr World, IntPtr Byte) Load(string name)
        {
            IntPtr library = IntPtr.Zero;
            try { library = DlOpen(name, RTLD_NOW | RTLD_GLOBAL); }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
            if (library == IntPtr.Zero && !NativeLibrary.TryLoad(name, out library))
                throw new DllNotFoundException($"KernelGen.Mpi could not load {name} (Open MPI): {KernelMpi.InstallHint}.");
            if (!NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out IntPtr world)
                || !NativeLibrary.TryGetExport(library, "ompi_mpi_byte", out IntPtr bytes))
                throw new DllNotFoundException($"{name} is not Open MPI (no ompi_mpi_comm_world): KernelGen.Mpi binds Open MPI's handles; {KernelMpi.InstallHint}.");
            return (library, world, bytes);
        }

        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
            name == Mpi ? s_library : IntPtr.Zero;
    }
}
