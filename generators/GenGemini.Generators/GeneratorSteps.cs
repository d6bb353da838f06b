namespace GenGemini.Generators;

/// <summary>Names of the tracked pipeline steps; the caching tests assert on them.</summary>
internal static class GeneratorSteps
{
    public const string GeminiRoutes = nameof(GeminiRoutes);
    public const string InputRoutes = nameof(InputRoutes);
    public const string TitanRoutes = nameof(TitanRoutes);
    public const string RouteTable = nameof(RouteTable);
    public const string ScgiBindings = nameof(ScgiBindings);
    public const string RateLimitPolicies = nameof(RateLimitPolicies);
    public const string OrderedRoutes = nameof(OrderedRoutes);
    public const string RouteTablePlan = nameof(RouteTablePlan);
    public const string MappingPlan = nameof(MappingPlan);
    public const string LinksPlan = nameof(LinksPlan);
}
