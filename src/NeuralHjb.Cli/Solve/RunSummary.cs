using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralHjb.Cli.Solve;

/// <summary>The JSON line a solve prints with --json and writes to summary.json.</summary>
internal sealed record RunSummary
{
    [JsonPropertyName("problem")]
    public required string Problem { get; init; }

    [JsonPropertyName("method")]
    public required string Method { get; init; }

    [JsonPropertyName("parameters")]
    public IReadOnlyDictionary<string, object> Parameters { get; init; } = new Dictionary<string, object>();

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    [JsonPropertyName("metrics")]
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    [JsonPropertyName("reference")]
    public IReadOnlyDictionary<string, double> Reference { get; init; } = new Dictionary<string, double>();

    [JsonPropertyName("errors")]
    public IReadOnlyDictionary<string, double> Errors { get; init; } = new Dictionary<string, double>();

    private static readonly JsonSerializerOptions Compact = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>One line of JSON (NaN and infinities written as strings, which JSON lacks).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Compact);
}
