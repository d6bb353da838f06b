using System;
using System.Collections.Generic;
using System.Linq;
using GenGemini.Generators.Emitters;
using Microsoft.CodeAnalysis;

namespace GenGemini.Generators.Templates;

/// <content>Names: looking a name up on the context stack at build time, and what a type is to a section.</content>
internal sealed partial class TemplateCompiler
{
    /// <summary>Finds a name on the context stack (innermost first), then its dotted parts on what it found.</summary>
    private bool Resolve(Node node, Scope scope, out string expression, out ITypeSymbol type)
    {
        var name = node.Token.Text;
        var innermost = scope.Frames[scope.Frames.Count - 1];
        expression = innermost.Expression;
        type = innermost.Type;
        if (name == ".")
        {
            return true;
        }

        var parts = name.Split('.');
        var found = false;
        for (var i = scope.Frames.Count - 1; i >= 0 && !found; i--)
        {
            var frame = scope.Frames[i];
            if (Member(frame.Type, parts[0]) is { } member)
            {
                expression = frame.Expression + "." + Escape(parts[0]);
                type = member;
                found = true;
            }
        }

        if (!found)
        {
            Unknown(node, scope, parts[0], scope.Frames.Select(f => f.Type));
            return false;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            var member = Member(type, parts[i]);
            if (member is null)
            {
                Unknown(node, scope, parts[i], new[] { type });
                return false;
            }

            var access = type.IsReferenceType || IsNullableValue(type) ? "?." : ".";
            expression = "(" + expression + ")" + access + Escape(parts[i]);
            type = access == "?." && member.IsValueType && !IsNullableValue(member) ? Nullable(member) : member;
        }

        return true;
    }

    private ITypeSymbol Nullable(ITypeSymbol valueType) => _compilation.GetSpecialType(SpecialType.System_Nullable_T).Construct(valueType);

    private void Unknown(Node node, Scope scope, string part, IEnumerable<ITypeSymbol> where)
    {
        var types = string.Join(", ", where.Reverse().Select(t => t.ToDisplayString()).Distinct());
        _problems.Add(new FileProblem(scope.File, new TemplateProblem(
            UnknownNameId,
            "'" + part + "' is not a public property or field of " + types,
            node.Token.Position,
            node.Token.Text.Length)));
    }

    /// <summary>The type of a public instance property or field named <paramref name="name"/>, on the type or its bases; null for scalars.</summary>
    private static ITypeSymbol? Member(ITypeSymbol type, string name)
    {
        if (IsScalar(Unwrap(type)) || Unwrap(type).SpecialType == SpecialType.System_String || Unwrap(type).SpecialType == SpecialType.System_Object)
        {
            return null;
        }

        for (var t = Unwrap(type); t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(name))
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false, GetMethod: not null } property:
                        return property.Type;
                    case IFieldSymbol field:
                        return field.Type;
                }
            }
        }

        return null;
    }

    private static ITypeSymbol Unwrap(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static bool IsNullableValue(ITypeSymbol type) => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

    /// <summary>Types a section cannot be over: delegates (Mustache lambdas need runtime templates), tasks, pointers.</summary>
    private static bool IsUnrenderable(ITypeSymbol type)
    {
        if (type.TypeKind is TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer || type.IsRefLikeType)
        {
            return true;
        }

        var name = type.OriginalDefinition.ToDisplayString();
        return name is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>";
    }

    private static bool IsScalar(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Decimal or SpecialType.System_Single
            or SpecialType.System_Double or SpecialType.System_DateTime or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>The item type when <paramref name="type"/> is a list (IEnumerable&lt;T&gt;, or object for a plain IEnumerable), else null.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        foreach (var candidate in new[] { type }.Concat(type.AllInterfaces))
        {
            if (candidate is INamedTypeSymbol { IsGenericType: true } generic
                && generic.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return generic.TypeArguments[0];
            }
        }

        return null;
    }

    private static string TypeName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
        SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier));

    private static string Escape(string identifier) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(identifier) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + identifier : identifier;
}
