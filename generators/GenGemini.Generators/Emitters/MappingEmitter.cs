using System.Globalization;
using System.Linq;
using GenGemini.Generators.Model;
using GenGemini.Generators.Planning;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Emitters;

/// <summary>Writes <c>app.MapGenerated()</c> (GenGemini.MapGenerated.g.cs): what a <see cref="MappingPlan"/> says, in its order.</summary>
internal static class MappingEmitter
{
    public const string HintName = "GenGemini.MapGenerated.g.cs";

    private const string ServiceProviderExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";

    public static string Emit(MappingPlan plan)
    {
        var w = new CodeWriter();
        var parameters = plan.Parameters.ToList();
        w.Line();
        using (w.Block("namespace GenGemini"))
        {
            w.Line(GeneratedCodeAttribute);
            using (w.Block("internal static partial class GeneratedRouteMapping"))
            {
                w.Line("/// <summary>Registers every attributed route of this assembly. Route classes are made once, their constructors' parameters resolved from the app's services, unless an instance is passed in.</summary>");
                var signature = "public static global::GenGemini.GeminiApp MapGenerated(this global::GenGemini.GeminiApp app"
                    + string.Concat(parameters.Select(p => ", " + p.Class.FullyQualifiedName + "? " + p.Name + " = null")) + ")";
                w.Line("/// <summary>The [Scheduled] methods of this assembly (written by the schedule generator when there are any).</summary>");
                w.Line("static partial void AddScheduledTasks(global::GenGemini.GeminiApp app);");
                w.Line();
                using (w.Block(signature))
                {
                    // A per-request service that is not registered fails here, at start, not on the first request.
                    foreach (var service in plan.RequiredServices)
                    {
                        w.Line("global::GenGemini.Routing.RouteBinding.RequireService(app, typeof(" + service.TypeName + "), " + Literal(service.Handler) + ", " + Literal(service.Parameter) + ");");
                    }

                    foreach (var mount in plan.Mounts)
                    {
                        var argument = mount.Instance is { } index ? InstanceExpression(parameters[index]) : string.Empty;
                        w.Line("app.Mount(" + Literal(mount.Prefix) + ", " + mount.ClassName + ".ScgiBinding.CreateHandler(" + argument + "));");
                    }

                    var tableClasses = parameters.Take(plan.TableClassCount).ToList();
                    if (plan.HasTitan)
                    {
                        // Both tables share the instances: a class with gemini and titan routes is made once.
                        var locals = tableClasses.Select((_, i) => "instance" + Number(i)).ToList();
                        for (var i = 0; i < tableClasses.Count; i++)
                        {
                            w.Line("var " + locals[i] + " = " + InstanceExpression(tableClasses[i]) + ";");
                        }

                        w.Line("app.MapRoutes(new global::GenGemini.Generated." + RoutePlanner.RouteTableClass + "(" + string.Join(", ", locals) + "));");
                        w.Line("app.MapRoutes(new global::GenGemini.Generated." + RoutePlanner.TitanTableClass + "(" + string.Join(", ", locals) + "));");
                    }
                    else
                    {
                        w.Line("app.MapRoutes(new global::GenGemini.Generated." + RoutePlanner.RouteTableClass + "(" + string.Join(", ", tableClasses.Select(InstanceExpression)) + "));");
                    }

                    w.Line("AddScheduledTasks(app);");
                    w.Line("return app;");
                }
            }
        }

        if (plan.Hosts.Count > 0 || plan.Policies.Count > 0)
        {
            // What the route classes declare is part of their table: the app reads it when the table is mapped.
            w.Line();
            using (w.Block("namespace GenGemini.Generated"))
            {
                using (w.Block("internal sealed partial class " + RoutePlanner.RouteTableClass))
                {
                    if (plan.Hosts.Count > 0)
                    {
                        w.Line("/// <summary>The hosts the route classes name ([Gemini(Host = ...)]).</summary>");
                        using (w.Block("public global::System.Collections.Generic.IReadOnlyList<string> Hosts { get; } = new string[]", "};"))
                        {
                            foreach (var host in plan.Hosts)
                            {
                                w.Line(Literal(host) + ",");
                            }
                        }
                    }

                    if (plan.Policies.Count > 0)
                    {
                        w.Line("/// <summary>The rate-limit policies the assembly declares ([assembly: RateLimitPolicy]), with their defaults.</summary>");
                        using (w.Block("public global::System.Collections.Generic.IReadOnlyDictionary<string, global::GenGemini.RateLimitPolicyOptions> RateLimitPolicies { get; } = new global::System.Collections.Generic.Dictionary<string, global::GenGemini.RateLimitPolicyOptions>", "};"))
                        {
                            foreach (var policy in plan.Policies)
                            {
                                w.Line("[" + Literal(policy.Name) + "] = new global::GenGemini.RateLimitPolicyOptions { PermitLimit = " + Number(policy.PermitLimit)
                                    + ", Window = global::System.TimeSpan.FromSeconds(" + policy.WindowSeconds.ToString("R", CultureInfo.InvariantCulture)
                                    + "), Algorithm = (global::GenGemini.RateLimitAlgorithm)" + Number(policy.Algorithm) + " },");
                            }
                        }
                    }
                }
            }
        }

        return w.ToString();
    }

    /// <summary>A constructor argument resolved from the app's services.</summary>
    public static string ServiceExpression(ServiceParameterSpec parameter) =>
        ServiceProviderExtensions + (parameter.Optional ? ".GetService<" : ".GetRequiredService<") + parameter.TypeName + ">(app.Services)";

    /// <summary>The instance a class runs on: the one passed in, else one made once with its constructor's services.</summary>
    private static string InstanceExpression(MapParameter parameter)
    {
        var c = parameter.Class;
        return c.CanConstruct
            ? parameter.Name + " ?? new " + c.FullyQualifiedName + "(" + string.Join(", ", c.ConstructorParameters.Select(ServiceExpression)) + ")"
            : parameter.Name + " ?? throw new global::System.ArgumentNullException(nameof(" + parameter.Name + "), " + Literal(c.FullyQualifiedName.Replace("global::", string.Empty) + " has no parameterless constructor: pass an instance.") + ")";
    }
}
