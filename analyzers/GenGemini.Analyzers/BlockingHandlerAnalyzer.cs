using System.Collections.Immutable;
using System.Linq;
using GenGemini.Generators.Routing;
using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GenGemini.Analyzers;

/// <summary>
/// A synchronous route handler runs on the thread that read its request
/// (HandlerScheduling.Automatic): a call there that blocks (sleeping, waiting for a task, reading a
/// whole file) stalls every connection that thread serves. Warns at the call, for the well-known
/// blocking members; calls inside lambdas and local functions are left alone (they may run later,
/// elsewhere).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingHandlerAnalyzer : DiagnosticAnalyzer
{
    // Type metadata name -> the members of it that block.
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>> Blocking = new (string Type, string[] Members)[]
    {
        ("System.Threading.Thread", ["Sleep"]),
        ("System.Threading.Tasks.Task", ["Wait", "WaitAll", "WaitAny"]),
        ("System.Threading.Tasks.Task`1", ["Result"]),
        ("System.Threading.Tasks.ValueTask`1", ["Result"]),
        ("System.Runtime.CompilerServices.TaskAwaiter", ["GetResult"]),
        ("System.Runtime.CompilerServices.TaskAwaiter`1", ["GetResult"]),
        ("System.Runtime.CompilerServices.ValueTaskAwaiter`1", ["GetResult"]),
        ("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", ["GetResult"]),
        ("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", ["GetResult"]),
        ("System.Threading.SemaphoreSlim", ["Wait"]),
        ("System.Threading.ManualResetEventSlim", ["Wait"]),
        ("System.Threading.WaitHandle", ["WaitOne", "WaitAll", "WaitAny"]),
        ("System.IO.File", ["ReadAllText", "ReadAllBytes", "ReadAllLines", "ReadLines", "WriteAllText", "WriteAllBytes", "WriteAllLines",
            "AppendAllText", "AppendAllLines", "Copy", "Move", "Open", "OpenRead", "OpenText", "OpenWrite", "Create"]),
        ("System.Net.Dns", ["GetHostEntry", "GetHostAddresses"]),
        ("System.Net.Http.HttpClient", ["Send"]),
    }.ToImmutableDictionary(e => e.Type, e => e.Members.ToImmutableHashSet());

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingSynchronousHandler);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(Analyze, OperationKind.Invocation, OperationKind.PropertyReference);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var member = context.Operation switch
        {
            IInvocationOperation invocation => (ISymbol)invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (member?.ContainingType is not { } type || context.ContainingSymbol is not IMethodSymbol handler || !IsSynchronousRoute(handler))
        {
            return;
        }

        var typeName = MetadataName(type.OriginalDefinition);
        if (!Blocking.TryGetValue(typeName, out var members) || !members.Contains(member.Name))
        {
            return;
        }

        for (var parent = context.Operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return; // deferred code: a callback, a query, a Task.Run
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingSynchronousHandler,
            context.Operation.Syntax.GetLocation(),
            handler.Name,
            type.Name + "." + member.Name));
    }

    /// <summary>A method with a route attribute that returns string, Response or nothing (what the generator marks IsSynchronous).</summary>
    private static bool IsSynchronousRoute(IMethodSymbol method) =>
        !method.IsAsync
        && BindingRules.ClassifyReturn(method.ReturnType) is { } kind && BindingRules.IsSynchronous(kind)
        && method.GetAttributes().Any(a => AttributeNames.IsRoute(a.AttributeClass?.ToDisplayString()));

    /// <summary>The name the table above uses: namespace, outer types after '+', arity after '`'.</summary>
    private static string MetadataName(INamedTypeSymbol type) => type.ContainingType is { } outer
        ? MetadataName(outer) + "+" + type.MetadataName
        : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
}
