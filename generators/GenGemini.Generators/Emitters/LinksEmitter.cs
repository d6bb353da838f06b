using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using GenGemini.Generators.Model;
using GenGemini.Generators.Planning;
using GenGemini.Generators.Routing;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Emitters;

/// <summary>Writes each route class's typed <c>Links</c> (GenGemini.Links.g.cs), values percent-encoded.</summary>
internal static class LinksEmitter
{
    public const string HintName = "GenGemini.Links.g.cs";

    public static string Emit(EquatableArray<LinksPlan> plans)
    {
        var w = new CodeWriter();
        foreach (var plan in plans)
        {
            w.Line();
            using (w.OpenType(plan.Class))
            {
                w.Line("/// <summary>Typed links to this class's routes, with values percent-encoded.</summary>");
                w.Line(GeneratedCodeAttribute);
                using (w.Block("public static class Links"))
                {
                    var first = true;
                    foreach (var route in plan.Routes)
                    {
                        if (!first)
                        {
                            w.Line();
                        }

                        first = false;
                        EmitLink(w, route);
                    }
                }
            }
        }

        return w.ToString();
    }

    private static void EmitLink(CodeWriter w, RouteSpec route)
    {
        EmitRelativeLink(w, route, out var arguments, out var parameters);
        if (route.Host is { } host && !host.StartsWith("*.", StringComparison.Ordinal) && !route.IsTitan)
        {
            // Links stay host-relative; this one is for pages on another host.
            w.Line();
            w.Line("/// <summary>Absolute link to <c>" + XmlText(route.Template) + "</c> on " + XmlText(host) + ", for links from another host.</summary>");
            w.Line("public static string " + route.LinkName + "Url(" + string.Join(", ", parameters) + ") => "
                + Literal("gemini://" + host) + " + " + route.LinkName + "(" + string.Join(", ", arguments) + ");");
        }
    }

    private static void EmitRelativeLink(CodeWriter w, RouteSpec route, out List<string> arguments, out List<string> parameters)
    {
        arguments = [];
        parameters = [];
        var body = new List<string>();
        var fixedPart = new StringBuilder();
        for (var i = 0; i < route.Segments.Count; i++)
        {
            var segment = route.Segments[i];
            if (segment.Kind == SegmentKind.Literal)
            {
                fixedPart.Append('/').Append(EncodeLiteral(segment.Text));
                continue;
            }

            var parameter = route.Parameters.First(p => p.Source == ParameterSource.Path && p.SegmentIndex == i);
            var name = "@" + parameter.Name;
            arguments.Add(name);
            if (fixedPart.Length > 0)
            {
                body.Add("link.Append(" + Literal(fixedPart.ToString()) + ");");
                fixedPart.Clear();
            }

            if (segment.Kind == SegmentKind.CatchAll)
            {
                parameters.Add("string " + name + " = \"\"");
                body.Add("link.Append('/').Append(global::GenGemini.Routing.RouteLinks.FormatPath(" + name + "));");
            }
            else if (segment.Optional)
            {
                var type = parameter.TypeName.EndsWith("?", StringComparison.Ordinal) ? parameter.TypeName : parameter.TypeName + "?";
                parameters.Add(type + " " + name + " = null");
                var value = parameter.ParseType == "string" ? name : name + ".Value";
                body.Add("if (" + name + " is not null) link.Append('/').Append(global::GenGemini.Routing.RouteLinks.Format(" + value + "));");
            }
            else
            {
                parameters.Add(parameter.TypeName + " " + name);
                body.Add("link.Append('/').Append(global::GenGemini.Routing.RouteLinks.Format(" + name + "));");
            }
        }

        if (fixedPart.Length > 0)
        {
            body.Add("link.Append(" + Literal(fixedPart.ToString()) + ");");
        }

        if (route.Segments.Count == 0)
        {
            body.Add("link.Append('/');");
        }

        if (route.IsInput)
        {
            parameters.Add("string? query = null");
            arguments.Add("query");
            body.Add("if (query is not null) link.Append('?').Append(global::GenGemini.Routing.RouteLinks.FormatQuery(query));");
        }

        w.Line("/// <summary>Link to <c>" + XmlText(route.Template) + "</c>.</summary>");
        var signature = "public static string " + route.LinkName + "(" + string.Join(", ", parameters) + ")";
        if (parameters.Count == 0)
        {
            // A fixed path: the link is a constant.
            var text = route.Segments.Count == 0 ? "/" : string.Concat(route.Segments.Select(x => "/" + EncodeLiteral(x.Text)));
            w.Line(signature + " => " + Literal(text) + ";");
            return;
        }

        using (w.Block(signature))
        {
            w.Line("var link = new global::System.Text.StringBuilder();");
            foreach (var line in body)
            {
                w.Line(line);
            }

            w.Line("return link.ToString();");
        }
    }

    /// <summary>Percent-encodes a template literal at compile time, as the runtime does for values.</summary>
    private static string EncodeLiteral(string text)
    {
        const string Safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b < 0x80 && Safe.IndexOf((char)b) >= 0)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
