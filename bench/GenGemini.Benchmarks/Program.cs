using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(GenGemini.Benchmarks.RouteMatchingBenchmarks).Assembly).Run(args);
