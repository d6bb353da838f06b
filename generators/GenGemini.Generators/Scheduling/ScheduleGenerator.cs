using System;
using System.Globalization;
using System.Linq;
using GenGemini.Generators.Emitters;
using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Scheduling;

/// <summary>
/// Registers each [Scheduled] method with the app from <c>MapGenerated()</c> (the partial method
/// <c>AddScheduledTasks</c>): its class made once with its constructor's services, its schedule
/// checked at build time (GG0033) and its signature (GG0034).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ScheduleGenerator : IIncrementalGenerator
{
    public const string Attribute = "GenGemini.ScheduledAttribute";

    internal static readonly DiagnosticDescriptor BadSchedule = new("GG0033", "Invalid schedule", "{0}", "GenGemini", DiagnosticSeverity.Error, true, helpLinkUri: "docs/diagnostics/GG0033.md");
    internal static readonly DiagnosticDescriptor BadMethod = new("GG0034", "Scheduled method cannot be called", "{0}", "GenGemini", DiagnosticSeverity.Error, true, helpLinkUri: "docs/diagnostics/GG0034.md");

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider.ForAttributeWithMetadataName(Attribute, static (node, _) => node is MethodDeclarationSyntax, static (ctx, _) => ctx).Collect();
        context.RegisterSourceOutput(methods, static (output, all) =>
        {
            var w = new CodeWriter();
            w.Line();
            var any = false;
            using (w.Block("namespace GenGemini"))
            {
                using (w.Block("internal static partial class GeneratedRouteMapping"))
                {
                    using (w.Block("static partial void AddScheduledTasks(global::GenGemini.GeminiApp app)"))
                    {
                        var instances = new System.Collections.Generic.Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
                        foreach (var item in all)
                        {
                            if (item.TargetSymbol is IMethodSymbol method && Task(output, item, method, instances, w) is true)
                            {
                                any = true;
                            }
                        }
                    }
                }
            }

            if (any)
            {
                output.AddSource("GenGemini.ScheduledTasks.g.cs", w.ToString());
            }
        });
    }

    /// <summary>Writes one task's registration; false (with a diagnostic) when it cannot be.</summary>
    private static bool Task(SourceProductionContext output, GeneratorAttributeSyntaxContext item, IMethodSymbol method, System.Collections.Generic.Dictionary<INamedTypeSymbol, string> instances, CodeWriter w)
    {
        var attribute = item.Attributes[0];
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(output.CancellationToken).GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
        var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value as string);
        named.TryGetValue("Every", out var every);
        named.TryGetValue("Cron", out var cron);
        named.TryGetValue("TimeZone", out var zone);
        var name = method.ContainingType.Name + "." + method.Name;
        if (ScheduleProblem(every, cron, zone) is { } problem)
        {
            output.ReportDiagnostic(Diagnostic.Create(BadSchedule, location, name + ": " + problem));
            return false;
        }

        var returns = method.ReturnType.ToDisplayString();
        var kind = method.ReturnsVoid ? 0 : returns == "System.Threading.Tasks.Task" ? 1 : returns == "System.Threading.Tasks.ValueTask" ? 2 : -1;
        var token = method.Parameters.Length == 1 && method.Parameters[0].Type.ToDisplayString() == "System.Threading.CancellationToken";
        if (kind < 0 || (method.Parameters.Length > 0 && !token) || method.IsGenericMethod || method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected)
        {
            output.ReportDiagnostic(Diagnostic.Create(BadMethod, location,
                name + " must return void, Task or ValueTask, take nothing or a CancellationToken, and not be private or generic"));
            return false;
        }

        var type = method.ContainingType;
        var spec = ClassRules.Describe(type);
        string target;
        if (method.IsStatic)
        {
            target = spec.FullyQualifiedName;
        }
        else if (!instances.TryGetValue(type, out target!))
        {
            if (!spec.CanConstruct)
            {
                output.ReportDiagnostic(Diagnostic.Create(BadMethod, location, name + ": its class has no constructor generated code can call (one public constructor, with services as parameters)"));
                return false;
            }

            target = "scheduled" + instances.Count.ToString(CultureInfo.InvariantCulture);
            instances[type] = target;
            w.Line("var " + target + " = new " + spec.FullyQualifiedName + "(" + string.Join(", ", spec.ConstructorParameters.Select(MappingEmitter.ServiceExpression)) + ");");
        }

        var call = target + "." + method.Name + "(" + (token ? "cancellationToken" : string.Empty) + ")";
        var run = kind switch
        {
            0 => "cancellationToken => { " + call + "; return default; }",
            1 => "cancellationToken => new global::System.Threading.Tasks.ValueTask(" + call + ")",
            _ => "cancellationToken => " + call,
        };
        var schedule = every is not null
            ? "global::System.TimeSpan.FromTicks(" + TimeSpan.Parse(every, CultureInfo.InvariantCulture).Ticks.ToString(CultureInfo.InvariantCulture) + "L)"
            : Literal(cron!) + ", " + (zone is null ? "null" : Literal(zone));
        w.Line("global::GenGemini.SchedulingExtensions.AddScheduledTask(app, new global::GenGemini.ScheduledTask(" + Literal(name) + ", " + schedule + ", " + run + "));");
        return true;
    }

    /// <summary>What is wrong with a schedule, or null: Every a positive TimeSpan, or Cron of five or six valid fields; not both.</summary>
    internal static string? ScheduleProblem(string? every, string? cron, string? zone)
    {
        if ((every is null) == (cron is null))
        {
            return "give Every (a TimeSpan) or Cron (a cron expression), one of them";
        }

        if (every is not null)
        {
            return TimeSpan.TryParse(every, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
                ? (zone is null ? null : "TimeZone applies to Cron only")
                : "Every '" + every + "' is not a positive TimeSpan (\"00:00:30\", \"1.00:00:00\")";
        }

        return CronFields.Problem(cron!) is { } problem ? "Cron '" + cron + "': " + problem : null;
    }
}
