using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GenGemini.Generators.Routing;

/// <summary>How a handler's result becomes a Response.</summary>
internal enum ReturnKind
{
    String,
    Response,
    TaskOfString,
    TaskOfResponse,
    ValueTaskOfString,
    ValueTaskOfResponse,
    Gemtext,
    TaskOfGemtext,
    ValueTaskOfGemtext,
    Void,
    Task,
    ValueTask,
}

/// <summary>Where a handler parameter's value comes from.</summary>
internal enum ParameterSource
{
    Path,
    Request,
    CancellationToken,
    Query,

    /// <summary>A [Titan] route's upload (TitanUpload).</summary>
    Upload,

    /// <summary>Resolved per request from the request's service scope ([FromServices], or a type no other source binds).</summary>
    Services,

    /// <summary>The user of the client certificate ([FromCertificate]), from its ICertificateIdentityStore.</summary>
    Certificate,
}

/// <summary>A method parameter and what binds it; <see cref="SegmentIndex"/> is -1 unless bound from the path.</summary>
internal sealed record BoundParameter(IParameterSymbol Symbol, string TypeName, bool Nullable, ParameterSource? Source, int SegmentIndex);

/// <summary>Why a handler method cannot be called by generated code, whatever its template.</summary>
internal enum HandlerProblem
{
    /// <summary>Private or protected (GG0021).</summary>
    Inaccessible,

    /// <summary>A generic method or a method of a generic type (GG0021).</summary>
    Generic,

    /// <summary>async void (GG0012).</summary>
    AsyncVoid,

    /// <summary>Not string, Response, Task/ValueTask of those, void, Task or ValueTask (GG0011).</summary>
    UnsupportedReturn,
}

internal enum BindingProblemKind
{
    /// <summary>A path parameter whose constraint or kind cannot produce the method parameter's type (GG0007).</summary>
    Incompatible,

    /// <summary>A method parameter that nothing binds (GG0009).</summary>
    UnboundMethodParameter,

    /// <summary>A template parameter without a method parameter (GG0008).</summary>
    UnboundTemplateParameter,
}

internal sealed record BindingProblem(BindingProblemKind Kind, int SegmentIndex, int ParameterIndex, string Message);

/// <summary>How a method binds to its template: parameters, the constraint each segment ends up with, and what is wrong.</summary>
internal sealed record RouteBindingResult(List<BoundParameter> Parameters, string?[] EffectiveConstraints, List<BindingProblem> Problems);

/// <summary>
/// What the generator can bind, in one place that the analyzers link too: supported return
/// and parameter types, and the rules of an [Scgi] configuration.
/// </summary>
internal static class BindingRules
{
    public const string RequestType = "GenGemini.Request";
    public const string ResponseType = "GenGemini.Response";

    public const string GemtextType = "GenGemini.Gemtext";

    /// <summary>A handler that returns without awaiting (string, Response or nothing): it runs where the request was read (HandlerScheduling.Automatic).</summary>
    public static bool IsSynchronous(ReturnKind kind) => kind is ReturnKind.String or ReturnKind.Response or ReturnKind.Gemtext or ReturnKind.Void;

    public static ReturnKind? ClassifyReturn(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Void)
        {
            return ReturnKind.Void;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return ReturnKind.String;
        }

        var display = type.ToDisplayString();
        if (display == ResponseType)
        {
            return ReturnKind.Response;
        }

        if (display == GemtextType)
        {
            return ReturnKind.Gemtext;
        }

        if (display == "System.Threading.Tasks.Task")
        {
            return ReturnKind.Task;
        }

        if (display == "System.Threading.Tasks.ValueTask")
        {
            return ReturnKind.ValueTask;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
        {
            var definition = generic.ConstructedFrom.ToDisplayString();
            var argument = generic.TypeArguments[0];
            var isString = argument.SpecialType == SpecialType.System_String;
            var isResponse = argument.ToDisplayString().TrimEnd('?') == ResponseType;
            var isGemtext = argument.ToDisplayString() == GemtextType;
            if (definition == "System.Threading.Tasks.Task<TResult>")
            {
                return isString ? ReturnKind.TaskOfString : isResponse ? ReturnKind.TaskOfResponse : isGemtext ? ReturnKind.TaskOfGemtext : null;
            }

            if (definition == "System.Threading.Tasks.ValueTask<TResult>")
            {
                return isString ? ReturnKind.ValueTaskOfString : isResponse ? ReturnKind.ValueTaskOfResponse : isGemtext ? ReturnKind.ValueTaskOfGemtext : null;
            }
        }

        return null;
    }

    /// <summary>The name the binder and constraints use: C# keywords for primitives, "System.Guid", or the display name.</summary>
    public static string SimpleTypeName(ITypeSymbol type, out bool nullable)
    {
        nullable = type.NullableAnnotation == NullableAnnotation.Annotated;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapped)
        {
            nullable = true;
            type = wrapped.TypeArguments[0];
        }

        return type.SpecialType switch
        {
            SpecialType.System_String => "string",
            SpecialType.System_Int32 => "int",
            SpecialType.System_Int64 => "long",
            SpecialType.System_Boolean => "bool",
            SpecialType.System_Double => "double",
            SpecialType.System_Single => "float",
            SpecialType.System_Decimal => "decimal",
            _ => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(),
        };
    }


    /// <summary>What keeps generated code from calling <paramref name="method"/>; empty when nothing does.</summary>
    public static List<HandlerProblem> HandlerProblems(IMethodSymbol method)
    {
        var problems = new List<HandlerProblem>();
        if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
        {
            problems.Add(HandlerProblem.Inaccessible);
        }
        else if (method.IsGenericMethod || method.ContainingType.IsGenericType)
        {
            problems.Add(HandlerProblem.Generic);
        }

        if (method.IsAsync && method.ReturnsVoid)
        {
            problems.Add(HandlerProblem.AsyncVoid);
        }
        else if (ClassifyReturn(method.ReturnType) is null)
        {
            problems.Add(HandlerProblem.UnsupportedReturn);
        }

        return problems;
    }

    /// <summary>
    /// Binds <paramref name="method"/>'s parameters to <paramref name="segments"/>: the one place that
    /// decides binding, for the generator (which emits the valid routes) and the analyzers (which
    /// report the problems).
    /// </summary>
    public static RouteBindingResult Bind(IMethodSymbol method, List<Routing.TemplateSegment> segments, bool isInput)
    {
        var parameters = new List<BoundParameter>();
        var problems = new List<BindingProblem>();
        var bound = new HashSet<int>();
        var effective = segments.Select(s => s.Constraint).ToArray();
        var hasQuery = false;
        for (var p = 0; p < method.Parameters.Length; p++)
        {
            var parameter = method.Parameters[p];
            var typeName = SimpleTypeName(parameter.Type, out var nullable);
            var display = parameter.Type.ToDisplayString();
            if (display == RequestType)
            {
                parameters.Add(new BoundParameter(parameter, typeName, false, ParameterSource.Request, -1));
                continue;
            }

            if (display == "GenGemini.TitanUpload")
            {
                parameters.Add(new BoundParameter(parameter, typeName, false, ParameterSource.Upload, -1));
                continue;
            }

            if (display == "System.Threading.CancellationToken")
            {
                parameters.Add(new BoundParameter(parameter, typeName, false, ParameterSource.CancellationToken, -1));
                continue;
            }

            if (HasAttribute(parameter, Rules.AttributeNames.FromCertificate))
            {
                parameters.Add(new BoundParameter(parameter, typeName, nullable, ParameterSource.Certificate, -1));
                continue;
            }

            if (HasAttribute(parameter, Rules.AttributeNames.FromServices))
            {
                parameters.Add(new BoundParameter(parameter, typeName, nullable, ParameterSource.Services, -1));
                continue;
            }

            var index = segments.FindIndex(s => s.Kind != Routing.SegmentKind.Literal && string.Equals(s.Text, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                bound.Add(index);
                var segment = segments[index];
                string? problem = null;
                if (segment.Kind == Routing.SegmentKind.CatchAll)
                {
                    if (typeName != "string")
                    {
                        problem = $"Catch-all parameter '{segment.Text}' binds the rest of the path: '{parameter.Name}' must be a string, not '{typeName}'";
                    }
                }
                else if (segment.Constraint is { } constraint)
                {
                    var allowed = Routing.RouteTemplate.Constraints[constraint];
                    if (!allowed.Contains(typeName))
                    {
                        problem = $"Constraint '{constraint}' on '{segment.Text}' does not fit parameter type '{typeName}' (fits: {string.Join(", ", allowed)})";
                    }
                }
                else
                {
                    effective[index] = Routing.RouteTemplate.ImpliedConstraint(typeName);
                    if (typeName != "string" && effective[index] is null)
                    {
                        problem = $"Parameter '{parameter.Name}' of type '{typeName}' cannot be bound from a path segment: use string, int, long, Guid, bool, double, float or decimal";
                    }
                }

                if (problem is not null)
                {
                    problems.Add(new BindingProblem(BindingProblemKind.Incompatible, index, p, problem));
                }

                parameters.Add(new BoundParameter(parameter, typeName, nullable, ParameterSource.Path, index));
                continue;
            }

            if (isInput && !hasQuery && typeName == "string")
            {
                hasQuery = true;
                parameters.Add(new BoundParameter(parameter, typeName, nullable, ParameterSource.Query, -1));
                continue;
            }

            if (IsServiceType(parameter.Type))
            {
                parameters.Add(new BoundParameter(parameter, typeName, nullable, ParameterSource.Services, -1));
                continue;
            }

            problems.Add(new BindingProblem(BindingProblemKind.UnboundMethodParameter, -1, p, string.Empty));
            parameters.Add(new BoundParameter(parameter, typeName, nullable, null, -1));
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Kind != Routing.SegmentKind.Literal && !bound.Contains(i))
            {
                problems.Add(new BindingProblem(BindingProblemKind.UnboundTemplateParameter, i, -1, string.Empty));
            }
        }

        return new RouteBindingResult(parameters, effective, problems);
    }

    public static bool HasAttribute(ISymbol symbol, string attributeName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

    /// <summary>
    /// Whether a parameter that matches no template segment comes from dependency injection: a
    /// class, interface or struct that is not a value a path or query could carry (a misspelt
    /// <c>string nmae</c> stays an unbound parameter, reported at build time).
    /// </summary>
    public static bool IsServiceType(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return false;
        }

        if (type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Interface or TypeKind.Struct))
        {
            return false;
        }

        return type.ToDisplayString() is not ("System.Guid" or "System.DateTime" or "System.DateTimeOffset" or "System.TimeSpan" or "System.Uri");
    }

    /// <summary>
    /// The constructor generated code calls to make a route class: the only public one, or the one
    /// marked [ActivatorUtilitiesConstructor]. Null with <paramref name="ambiguous"/> set when several
    /// are public and none is marked (GG0023); null alone when there is none to call.
    /// </summary>
    public static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, out bool ambiguous)
    {
        ambiguous = false;
        var callable = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            .ToList();
        if (callable.Count <= 1)
        {
            return callable.FirstOrDefault();
        }

        var marked = callable.Where(c => HasAttribute(c, Rules.AttributeNames.ActivatorConstructor)).ToList();
        if (marked.Count == 1)
        {
            return marked[0];
        }

        ambiguous = true;
        return null;
    }
}
