using System.Globalization;
using GenGemini.Generators.Model;
using GenGemini.Generators.Planning;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Emitters;

/// <summary>
/// Writes each [Scgi] class's <c>ScgiBinding</c> (GenGemini.ScgiBindings.g.cs): its configuration as
/// constants, <c>CreateHandler()</c>, and the variables it exports.
/// </summary>
internal static class ScgiBindingEmitter
{
    public const string HintName = "GenGemini.ScgiBindings.g.cs";

    private const string Options = "global::" + Rules.ScgiBindingBuilder.OptionsType;

    public static string Emit(EquatableArray<ScgiBindingSpec> scgi)
    {
        var w = new CodeWriter();
        foreach (var binding in RoutePlanner.ByPrefix(scgi))
        {
            w.Line();
            using (w.OpenType(binding.Class))
            {
                EmitBinding(w, binding);
            }
        }

        return w.ToString();
    }

    private static void EmitBinding(CodeWriter w, ScgiBindingSpec binding)
    {
        var type = binding.Class;
        var needsInstance = RoutePlanner.NeedsInstance(binding);
        if (binding.Variables.Count > 0)
        {
            w.Line("/// <summary>The variables this class sends to its SCGI backend.</summary>");
            using (w.Block("private sealed class ScgiVariables : global::GenGemini.IGatewayVariableSource"))
            {
                if (needsInstance)
                {
                    w.Line("private readonly " + type.FullyQualifiedName + " _instance;");
                    w.Line();
                    w.Line("public ScgiVariables(" + type.FullyQualifiedName + " instance) => _instance = instance;");
                    w.Line();
                }

                using (w.Block("public void WriteVariables(global::GenGemini.GatewayVariableWriter writer)"))
                {
                    foreach (var variable in binding.Variables)
                    {
                        var owner = variable.IsStatic ? type.FullyQualifiedName : "_instance";
                        w.Line("writer.Add(" + Literal(variable.VariableName) + ", " + owner + "." + variable.PropertyName + ");");
                    }
                }
            }

            w.Line();
        }

        w.Line("/// <summary>The SCGI backend bound by [Scgi], with its configuration as constants.</summary>");
        w.Line(GeneratedCodeAttribute);
        using (w.Block("public static class ScgiBinding"))
        {
            w.Line("public const string Prefix = " + Literal(binding.Prefix) + ";");
            if (binding.Socket is not null)
            {
                w.Line("public const string Socket = " + Literal(binding.Socket) + ";");
            }
            else
            {
                w.Line("public const string Host = " + Literal(binding.Host!) + ";");
                w.Line("public const int Port = " + Number(binding.Port) + ";");
            }

            // What the attribute leaves out is the runtime's default, by name: no default is written twice.
            w.Line("public const double TimeoutSeconds = " + (binding.TimeoutSeconds is { } seconds ? seconds.ToString("R", CultureInfo.InvariantCulture) : Options + ".DefaultTimeoutSeconds") + ";");
            w.Line("public const long MaxResponseSize = " + (binding.MaxResponseSize is { } size ? Number(size) : Options + ".DefaultMaxResponseSize") + "; // 0: unlimited, streamed");
            w.Line();
            using (w.Block("public static global::GenGemini.Scgi.ScgiHandler CreateHandler(" + (needsInstance ? type.FullyQualifiedName + " instance" : string.Empty) + ")"))
            {
                var endpoint = binding.Socket is not null
                    ? "global::GenGemini.Scgi.ScgiEndpoint.Unix(Socket)"
                    : "global::GenGemini.Scgi.ScgiEndpoint.Tcp(Host, Port)";
                w.Line("return new global::GenGemini.Scgi.ScgiHandler(" + endpoint + ", new global::GenGemini.Scgi.ScgiOptions");
                w.Line("{");
                w.Indent();
                w.Line("Timeout = global::System.TimeSpan.FromSeconds(TimeoutSeconds),");
                w.Line("MaxResponseSize = MaxResponseSize == 0 ? null : MaxResponseSize,");
                w.Line("BufferSize = " + (binding.BufferSize is { } buffer ? Number(buffer) : Options + ".DefaultBufferSize") + ",");
                w.Line("InheritEnvironment = " + (binding.InheritEnvironment ? "true" : "false") + ",");
                if (binding.Variables.Count > 0)
                {
                    w.Line("VariableSource = new ScgiVariables(" + (needsInstance ? "instance" : string.Empty) + "),");
                }

                w.Outdent();
                w.Line("});");
            }
        }
    }
}
