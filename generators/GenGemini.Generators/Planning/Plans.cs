using GenGemini.Generators.Model;

namespace GenGemini.Generators.Planning;

/// <summary>
/// One route table to emit (the gemini one or the titan one): its routes in precedence order and
/// the route classes whose instances it is made with (the same list for both tables, so a class
/// with gemini and titan routes is made once). Equatable, so an edit elsewhere leaves it cached.
/// </summary>
internal sealed record RouteTablePlan(string ClassName, bool IsTitan, EquatableArray<RouteSpec> Routes, EquatableArray<HandlerClassSpec> Classes);

/// <summary>A parameter of <c>MapGenerated()</c>: an instance of a route or SCGI class the caller may pass in.</summary>
internal sealed record MapParameter(HandlerClassSpec Class, string Name);

/// <summary>A per-request service a handler needs: checked to be registered when <c>MapGenerated()</c> runs.</summary>
internal sealed record RequiredService(string TypeName, string Handler, string Parameter);

/// <summary>An [Scgi] class mounted by <c>MapGenerated()</c>; <see cref="Instance"/> indexes its <see cref="MapParameter"/> when its variables need one.</summary>
internal sealed record ScgiMount(string Prefix, string ClassName, int? Instance);

/// <summary>
/// What <c>MapGenerated()</c> does, in order: serve the hosts route classes name, declare the
/// rate-limit policies, check the services handlers need, mount the SCGI bindings, map the tables.
/// The first <see cref="TableClassCount"/> parameters are the tables' classes.
/// </summary>
internal sealed record MappingPlan(
    EquatableArray<string> Hosts,
    EquatableArray<RateLimitPolicySpec> Policies,
    EquatableArray<RequiredService> RequiredServices,
    EquatableArray<ScgiMount> Mounts,
    EquatableArray<MapParameter> Parameters,
    int TableClassCount,
    bool HasTitan);

/// <summary>The typed links of one route class: its routes, by link name then template.</summary>
internal sealed record LinksPlan(HandlerClassSpec Class, EquatableArray<RouteSpec> Routes);
