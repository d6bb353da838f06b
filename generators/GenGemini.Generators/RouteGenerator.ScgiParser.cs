using System.Collections.Generic;
using System.Text;
using System.Threading;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis;

namespace GenGemini.Generators;

public sealed partial class RouteGenerator
{
    internal static partial class Parser
    {
        public const string ScgiAttribute = "GenGemini.ScgiAttribute";
        public const string ScgiVariableAttribute = "GenGemini.ScgiVariableAttribute";

        public static ScgiBindingSpec? ParseScgi(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return DescribeScgi(type, context.Attributes[0]);
        }

        internal static ScgiBindingSpec DescribeScgi(INamedTypeSymbol type, AttributeData attribute)
        {
            var prefix = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
            string? host = null;
            string? socket = null;
            int? port = null;
            var timeout = 30.0;
            var maxResponseSize = 1024L * 1024;
            var bufferSize = 8192;
            var inherit = false;
            foreach (var argument in attribute.NamedArguments)
            {
                var value = argument.Value.Value;
                switch (argument.Key)
                {
                    case "Host": host = value as string; break;
                    case "Port": port = value as int?; break;
                    case "Socket": socket = value as string; break;
                    case "Timeout": timeout = value is double t ? t : timeout; break;
                    case "MaxResponseSize": maxResponseSize = value is long m ? m : maxResponseSize; break;
                    case "BufferSize": bufferSize = value is int b ? b : bufferSize; break;
                    case "InheritEnvironment": inherit = value is true; break;
                }
            }

            var valid = BindingRules.ScgiProblems(prefix, host, port, socket, timeout, maxResponseSize).Count == 0 && bufferSize >= 512;
            var variables = new List<ScgiVariableSpec>();
            foreach (var member in type.GetMembers())
            {
                if (member is not IPropertySymbol property)
                {
                    continue;
                }

                foreach (var attr in property.GetAttributes())
                {
                    if (attr.AttributeClass?.ToDisplayString() != ScgiVariableAttribute)
                    {
                        continue;
                    }

                    var name = attr.ConstructorArguments.Length > 0 ? attr.ConstructorArguments[0].Value as string : null;
                    valid &= BindingRules.VariableTypes.Contains(BindingRules.SimpleTypeName(property.Type, out _)) && property.GetMethod is not null
                        && property.GetMethod.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Protected);
                    variables.Add(new ScgiVariableSpec(name ?? "GENGEMINI_" + UpperSnake(property.Name), property.Name, property.IsStatic));
                }
            }

            var spec = DescribeClass(type);
            valid &= spec.CanEmitPartial;
            return new ScgiBindingSpec(spec, prefix, host, port ?? 0, socket, timeout, maxResponseSize, bufferSize, inherit, new EquatableArray<ScgiVariableSpec>(variables), valid);
        }

        internal static string UpperSnake(string name)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToUpperInvariant(c));
            }

            return sb.ToString();
        }
    }
}
