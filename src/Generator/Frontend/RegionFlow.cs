using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.Frontend
{
    /// <summary>
    /// Which locals and parameters a loop body declares, uses and writes, from its operation tree: what the compiler's
    /// region data flow (<c>SemanticModel.AnalyzeDataFlow</c>) gives as VariablesDeclared, ReadInside and
    /// WrittenInside, without its definite-assignment passes over the whole method (a tenth of the generator's time;
    /// KernelGen needs none of their answers). A write is any place that can change the variable: the target of an
    /// assignment, increment or deconstruction, a ref or out argument, an address taken, a ref alias, a field (or a
    /// property setter) of a struct variable written; never less than the compiler's WrittenInside (a test checks
    /// both on every test kernel), sometimes more (ref aliases), which can only keep a loop serial.
    /// </summary>
    internal sealed class RegionFlow
    {
        /// <summary>Locals declared in the body (and parameters of its lambdas and local functions).</summary>
        public HashSet<ISymbol> Declared { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>Locals and parameters the body reads or writes, in order of first use.</summary>
        public List<ISymbol> Used { get; } = new();

        /// <summary>Locals and parameters the body may write.</summary>
        public HashSet<ISymbol> Written { get; } = new(SymbolEqualityComparer.Default);

        private readonly HashSet<ISymbol> _used = new(SymbolEqualityComparer.Default);

        public static RegionFlow Of(IOperation body)
        {
            var flow = new RegionFlow();
            var stack = new Stack<IOperation>(32);
            stack.Push(body);
            while (stack.Count > 0)
            {
                IOperation operation = stack.Pop();
                flow.Visit(operation);
                foreach (IOperation child in operation.ChildOperations) stack.Push(child);
            }
            // Declared with a value and never read: still a use. In the order the variables are declared (the compiler's).
            foreach (ISymbol written in flow.Written)
                if (flow._used.Add(written)) flow.Used.Add(written);
            SortByDeclaration(flow.Used);
            return flow;
        }

        private void Visit(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    // (out int v, var (a, b) = …: declared here. The operation that scopes it can lie outside the body:
                    // a foreach's embedded statement without braces is scoped by the loop's implicit block.)
                    if (local.IsDeclaration) Declared.Add(local.Local);
                    Use(local.Local, operation);
                    break;
                case IParameterReferenceOperation parameter: Use(parameter.Parameter, operation); break;
                case IVariableDeclaratorOperation declarator:
                    Declared.Add(declarator.Symbol);
                    if (declarator.GetVariableInitializer() is not null) Written.Add(declarator.Symbol);
                    break;
                case IForEachLoopOperation each: foreach (ILocalSymbol local in each.Locals) Written.Add(local); break;
                case ICatchClauseOperation { Locals: var caught }: foreach (ILocalSymbol local in caught) Written.Add(local); break;
                case IAnonymousFunctionOperation lambda: foreach (IParameterSymbol p in lambda.Symbol.Parameters) { Declared.Add(p); Written.Add(p); } break;
                case ILocalFunctionOperation function: foreach (IParameterSymbol p in function.Symbol.Parameters) { Declared.Add(p); Written.Add(p); } break;
                case IDeclarationPatternOperation { DeclaredSymbol: { } declared }: Declared.Add(declared); Written.Add(declared); break;
                case IRecursivePatternOperation { DeclaredSymbol: { } declared }: Declared.Add(declared); Written.Add(declared); break;
                case IListPatternOperation { DeclaredSymbol: { } declared }: Declared.Add(declared); Written.Add(declared); break;
            }
            // Every local is scoped by an operation that lists it: one inside the body is declared inside.
            ImmutableArray<ILocalSymbol> locals = operation switch
            {
                IBlockOperation block => block.Locals,
                ILoopOperation loop => loop.Locals,
                ISwitchOperation @switch => @switch.Locals,
                ISwitchCaseOperation @case => @case.Locals,
                ISwitchExpressionArmOperation arm => arm.Locals,
                IUsingOperation @using => @using.Locals,
                ICatchClauseOperation @catch => @catch.Locals,
                _ => ImmutableArray<ILocalSymbol>.Empty,
            };
            foreach (ILocalSymbol local in locals) Declared.Add(local);
            if (operation is IForLoopOperation forLoop) foreach (ILocalSymbol local in forLoop.ConditionLocals) Declared.Add(local);
        }

        /// <summary>Sorts symbols by where they are declared (each position looked up once: symbol locations are not free).</summary>
        public static void SortByDeclaration(List<ISymbol> symbols)
        {
            if (symbols.Count < 2) return;
            var keyed = new List<(int Position, int Order, ISymbol Symbol)>(symbols.Count);
            for (int k = 0; k < symbols.Count; k++)
            {
                ImmutableArray<Location> locations = symbols[k].Locations;
                keyed.Add((locations.Length > 0 ? locations[0].SourceSpan.Start : int.MaxValue, k, symbols[k]));
            }
            keyed.Sort((a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Order.CompareTo(b.Order));
            for (int k = 0; k < symbols.Count; k++) symbols[k] = keyed[k].Symbol;
        }

        private void Use(ISymbol symbol, IOperation reference)
        {
            if (_used.Add(symbol)) Used.Add(symbol);
            if (IsWritten(reference)) Written.Add(symbol);
        }

        /// <summary>Whether the place a reference names may be written through it.</summary>
        private static bool IsWritten(IOperation reference)
        {
            IOperation current = reference;
            while (current.Parent is { } parent)
            {
                switch (parent)
                {
                    case IAssignmentOperation assignment when assignment.Target == current:
                        return true; // =, op=, ??=, deconstruction
                    case ISimpleAssignmentOperation { IsRef: true } alias when alias.Value == current:
                        return true; // r = ref x: writable through r
                    case IIncrementOrDecrementOperation:
                    case IAddressOfOperation:
                        return true;
                    case IArgumentOperation argument:
                        return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None and not RefKind.RefReadOnly } }:
                        return true; // ref var r = ref x
                    case IDeclarationExpressionOperation:
                        current = parent; // out var x, var (a, b) = …
                        continue;
                    case ITupleOperation:
                        current = parent; // (a, b) = …: a deconstruction target when the tuple is one
                        continue;
                    case IFieldReferenceOperation field when field.Instance == current && current.Type is { IsValueType: true }:
                        current = parent; // s.X = …: writes the struct variable s
                        continue;
                    case IInvocationOperation call when call.Instance == current && current.Type is { IsValueType: true }:
                        // s.M(): a method that may change its struct receiver (not readonly) writes the variable.
                        return !call.TargetMethod.IsReadOnly && !current.Type.IsReadOnly;
                    case IPropertyReferenceOperation property when property.Instance == current && current.Type is { IsValueType: true }
                        && !property.Property.ReturnsByRef && !property.Property.ReturnsByRefReadonly:
                        current = parent; // s.P = … calls a setter on the struct variable s
                        continue;
                    default:
                        return false;
                }
            }
            return false;
        }
    }
}
