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
            var arguments = BindingRules.ReadScgi(attribute);
            var valid = arguments.Problems().Count == 0; // the analyzers report each problem (GG0014-GG0019, GG0026)
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
            return new ScgiBindingSpec(
                spec,
                arguments.Prefix,
                arguments.Host,
                arguments.Port ?? 0,
                arguments.Socket,
                arguments.Timeout,
                arguments.MaxResponseSize,
                arguments.BufferSize,
                arguments.InheritEnvironment,
                new EquatableArray<ScgiVariableSpec>(variables),
                valid);
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
