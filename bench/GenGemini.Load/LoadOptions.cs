using System.Globalization;

namespace GenGemini.Load;

/// <summary>Command-line options of the load generator.</summary>
internal sealed class LoadOptions
{
    public Uri Url { get; private set; } = new("gemini://127.0.0.1:1965/");

    public int Connections { get; private set; } = 16;

    public int Requests { get; private set; } = 5000;

    public int Warmup { get; private set; } = 200;

    public TimeSpan? Duration { get; private set; }

    public bool Resume { get; private set; }

    public int? ServerPid { get; private set; }

    public int IdleConnections { get; private set; }

    public const string Usage = """
        gemini-load: a Gemini load generator (one request per TLS connection, as the protocol demands)

          --url URL            gemini://host:port/path?query to request (default gemini://127.0.0.1:1965/)
          --connections N      concurrent connections (default 16)
          --requests N         requests to measure (default 5000), after --warmup N (default 200)
          --duration SECONDS   measure for this long instead of a request count
          --resume             TLS session resumption: returning clients reuse their session
          --pid PID            the server's process id: report its CPU time per request (from /proc)
          --idle N             open N TLS connections that send nothing, report the server's resident memory, close them
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--url": options.Url = new Uri(Next()); break;
                case "--connections": options.Connections = NextInt(); break;
                case "--requests": options.Requests = NextInt(); break;
                case "--warmup": options.Warmup = NextInt(); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--resume": options.Resume = true; break;
                case "--pid": options.ServerPid = NextInt(); break;
                case "--idle": options.IdleConnections = NextInt(); break;
                case "--help" or "-h": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"unknown option {args[i]}\n\n{Usage}");
            }
        }

        if (options.Url.Scheme != "gemini")
        {
            throw new ArgumentException("--url must be a gemini:// URL");
        }

        return options;
    }
}
