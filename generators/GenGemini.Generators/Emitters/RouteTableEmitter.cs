using System;
using System.Collections.Generic;
using System.Linq;
using GenGemini.Generators.Model;
using GenGemini.Generators.Planning;
using GenGemini.Generators.Routing;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Emitters;

/// <summary>
/// Writes the route tables (GenGemini.RouteTable.g.cs): an <c>IRouteTable</c> per plan, with its
/// matcher (<see cref="RouteMatchEmitter"/>), its per-route lookups and a binder per route.
/// </summary>
internal static class RouteTableEmitter
{
    public const string HintName = "GenGemini.RouteTable.g.cs";

    private const string ValueTaskOfResponse = "global::System.Threading.Tasks.ValueTask<global::GenGemini.Response>";

    public static string Emit(EquatableArray<RouteTablePlan> tables)
    {
        var w = new CodeWriter();
        foreach (var table in tables)
        {
            w.Line();
            using (w.Block("namespace GenGemini.Generated"))
            {
                EmitTable(w, table);
            }
        }

        return w.ToString();
    }

    /// <summary>The field holding the table's <paramref name="index"/>th route-class instance.</summary>
    private static string InstanceField(int index) => "_instance" + Number(index);

    private static void EmitTable(CodeWriter w, RouteTablePlan table)
    {
        var routes = table.Routes.ToList();
        var classes = table.Classes.ToList();
        w.Line(table.IsTitan
            ? "/// <summary>Every [Titan] upload route of this assembly, in precedence order, matched only for titan:// requests.</summary>"
            : "/// <summary>Every attributed route of this assembly, in precedence order, matched without reflection or allocation.</summary>");
        w.Line(GeneratedCodeAttribute);
        using (w.Block("internal sealed partial class " + table.ClassName + (table.IsTitan ? " : global::GenGemini.ITitanRouteTable" : " : global::GenGemini.IRouteTable")))
        {
            for (var i = 0; i < classes.Count; i++)
            {
                w.Line("private readonly " + classes[i].FullyQualifiedName + " " + InstanceField(i) + ";");
            }

            w.Line();
            using (w.Block("public " + table.ClassName + "(" + string.Join(", ", classes.Select((c, i) => c.FullyQualifiedName + " instance" + Number(i))) + ")"))
            {
                for (var i = 0; i < classes.Count; i++)
                {
                    w.Line(InstanceField(i) + " = instance" + Number(i) + ";");
                }
            }

            w.Line();
            w.Line("/// <summary>The route templates, index by index, in the order they are tried.</summary>");
            using (w.Block("public static global::System.Collections.Generic.IReadOnlyList<string> Templates { get; } = new string[]", "};"))
            {
                foreach (var route in routes)
                {
                    w.Line(Literal(route.Template) + ",");
                }
            }

            w.Line();
            w.Line("public string? GetTemplate(int routeIndex) => Templates[routeIndex];");
            if (routes.Any(r => !r.Crawl))
            {
                w.Line();
                w.Line("/// <summary>The templates of the routes marked Crawl = false (Disallow in robots.txt).</summary>");
                w.Line("public global::System.Collections.Generic.IReadOnlyList<string> NotCrawled { get; } = new string[] { "
                    + string.Join(", ", routes.Where(r => !r.Crawl).Select(r => Literal(r.Template))) + " };");
            }

            w.Line();
            if (routes.Any(r => r.CertificateRequirement is not null))
            {
                EmitIndexSwitch(w, "string? GetCertificateRequirement", routes, r => r.CertificateRequirement is { } c ? Literal(c) : null, "null");
            }

            if (routes.Any(r => r.RateLimitPolicy is not null))
            {
                EmitIndexSwitch(w, "string? GetRateLimitPolicy", routes, r => r.RateLimitPolicy is { } p ? Literal(p) : null, "null");
            }

            // Synchronous handlers run where the request was read (HandlerScheduling.Automatic);
            // not one that waits for an identity store first.
            static bool Synchronous(RouteSpec r) => BindingRules.IsSynchronous(r.ReturnKind) && !r.Parameters.Any(p => p.Source == ParameterSource.Certificate);
            if (routes.Any(Synchronous))
            {
                EmitIndexSwitch(w, "bool IsSynchronous", routes, r => Synchronous(r) ? "true" : null, "false");
            }

            if (table.IsTitan)
            {
                EmitIndexSwitch(w, "long? GetMaxUploadSize", routes, r => r.MaxUploadSize > 0 ? Number(r.MaxUploadSize) + "L" : null, "null");
                EmitIndexSwitch(w, "bool RequiresToken", routes, r => r.RequireToken ? "true" : null, "false");
            }

            RouteMatchEmitter.EmitMatch(w, routes);
            EmitInvoke(w, routes);
            for (var i = 0; i < routes.Count; i++)
            {
                RouteMatchEmitter.EmitIsMatch(w, routes[i], i);
                EmitInvokeRoute(w, routes[i], i, classes);
            }
        }
    }

    /// <summary>A per-route lookup: <c>public T Name(int routeIndex) => routeIndex switch { i => value, ..., _ => fallback };</c>.</summary>
    private static void EmitIndexSwitch(CodeWriter w, string signature, List<RouteSpec> routes, Func<RouteSpec, string?> value, string fallback)
    {
        using (w.Block("public " + signature + "(int routeIndex) => routeIndex switch", "};"))
        {
            for (var i = 0; i < routes.Count; i++)
            {
                if (value(routes[i]) is { } expression)
                {
                    w.Line(Number(i) + " => " + expression + ",");
                }
            }

            w.Line("_ => " + fallback + ",");
        }

        w.Line();
    }

    private static void EmitInvoke(CodeWriter w, List<RouteSpec> routes)
    {
        using (w.Block("public " + ValueTaskOfResponse + " InvokeAsync(int routeIndex, in global::GenGemini.RouteSegments path, global::GenGemini.Request request)"))
        using (w.Block("switch (routeIndex)"))
        {
            for (var i = 0; i < routes.Count; i++)
            {
                w.Line("case " + Number(i) + ": return Invoke" + Number(i) + "(path, request);");
            }

            w.Line("default: throw new global::System.ArgumentOutOfRangeException(nameof(routeIndex));");
        }

        w.Line();
    }

    private static string ParseExpression(string parseType, string at) => RouteTemplate.BindingMethod(parseType) is { } method
        ? "global::GenGemini.Routing.RouteBinding.Parse" + method + "(" + at + ")"
        : at + ".ToString()";

    private static string ServiceExpression(string typeName, bool optional, string provider) =>
        "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions" + (optional ? ".GetService<" : ".GetRequiredService<") + typeName + ">(" + provider + ")";

    /// <summary>Binds route <paramref name="index"/>'s arguments from the path, query, upload and services, then calls its method.</summary>
    private static void EmitInvokeRoute(CodeWriter w, RouteSpec route, int index, List<HandlerClassSpec> classes)
    {
        using (w.Block("private " + ValueTaskOfResponse + " Invoke" + Number(index) + "(in global::GenGemini.RouteSegments path, global::GenGemini.Request request)"))
        {
            if (route.IsInput)
            {
                var factory = route.Sensitive ? "SensitiveInput" : "Input";
                using (w.Block("if (string.IsNullOrEmpty(request.Query))"))
                {
                    w.Line("return new " + ValueTaskOfResponse + "(global::GenGemini.Response." + factory + "(" + Literal(route.Prompt ?? "Input") + "));");
                }

                w.Line();
            }

            var arguments = new List<string>();
            ParameterSpec? identity = null;
            foreach (var parameter in route.Parameters)
            {
                switch (parameter.Source)
                {
                    case ParameterSource.Request:
                        arguments.Add("request");
                        break;
                    case ParameterSource.CancellationToken:
                        arguments.Add("request.RequestAborted");
                        break;
                    case ParameterSource.Query:
                        arguments.Add("request.Query!");
                        break;
                    case ParameterSource.Upload:
                        arguments.Add("request.Upload!");
                        break;
                    case ParameterSource.Services:
                        arguments.Add(ServiceExpression(parameter.TypeName.TrimEnd('?'), parameter.IsNullable, "request.Services"));
                        break;
                    case ParameterSource.Certificate:
                        identity = parameter;
                        arguments.Add(parameter.IsNullable ? "user" : "user!"); // BindAsync answers 61 instead of a null
                        break;
                    case ParameterSource.Path:
                        var segment = route.Segments[parameter.SegmentIndex];
                        var at = "path[" + Number(parameter.SegmentIndex) + "]";
                        var value = segment.Kind == SegmentKind.CatchAll ? "path.Rest(" + Number(parameter.SegmentIndex) + ")"
                            : segment.Optional ? "(path.Count > " + Number(parameter.SegmentIndex) + " ? " + ParseExpression(parameter.ParseType, at) + " : default(" + parameter.TypeName + "))"
                            : ParseExpression(parameter.ParseType, at);
                        var local = "p" + Number(arguments.Count);
                        w.Line(parameter.TypeName + " " + local + " = " + value + ";");
                        arguments.Add(local);
                        break;
                }
            }

            var target = route.IsStatic ? route.Class.FullyQualifiedName : InstanceField(classes.IndexOf(route.Class));
            var call = target + "." + route.MethodName + "(" + string.Join(", ", arguments) + ")";
            if (identity is not null)
            {
                // The user comes from a store, maybe asynchronously: the call moves into a lambda
                // (the path's values are already in locals).
                var user = identity.TypeName.TrimEnd('?');
                var result = route.ReturnKind == ReturnKind.Void
                    ? "{ " + call + "; return new " + ValueTaskOfResponse + "(global::GenGemini.Response.Empty()); }"
                    : "global::GenGemini.Routing.RouteResults.From(" + call + ")";
                var bound = "global::GenGemini.CertificateIdentities.BindAsync<" + user + ">(request, " + (identity.IsNullable ? "true" : "false") + ", user => " + result + ")";
                w.Line(route.Language is { } lang
                    ? "return global::GenGemini.Routing.RouteResults.WithLanguage(" + bound + ", " + Literal(lang) + ");"
                    : "return " + bound + ";");
            }
            else if (route.ReturnKind == ReturnKind.Void)
            {
                w.Line(call + ";");
                w.Line("return new " + ValueTaskOfResponse + "(global::GenGemini.Response.Empty());");
            }
            else
            {
                w.Line(route.Language is { } language
                    ? "return global::GenGemini.Routing.RouteResults.WithLanguage(global::GenGemini.Routing.RouteResults.From(" + call + "), " + Literal(language) + ");"
                    : "return global::GenGemini.Routing.RouteResults.From(" + call + ");");
            }
        }

        w.Line();
    }
}
