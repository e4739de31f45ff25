using System.Text.Json.Nodes;

namespace NeuralHjb.Cli.Tests;

/// <summary>Shards of a sweep, merged, equal the unsharded sweep (summaries compared without their timings).</summary>
public class SweepShardTests
{
    [Fact]
    public void The_union_of_shards_equals_the_unsharded_run()
    {
        using var dir = new CliRun.TempDir();
        string P(string name) => Path.Combine(dir.Path, name);
        string[] Solve(string name) => ["--", "demo", "--out", P(name)];
        const string grid = "seed=1,2;iterations=10,15";

        CliRun.Invoke(["sweep", "--grid", grid, "--results", P("all.jsonl"), .. Solve("o0")]).Exit.Should().Be(0);
        CliRun.Invoke(["sweep", "--grid", grid, "--shard", "1/2", "--results", P("s1.jsonl"), .. Solve("o1")]).Exit.Should().Be(0);
        CliRun.Invoke(["sweep", "--grid", grid, "--shard", "2/2", "--results", P("s2.jsonl"), .. Solve("o2")]).Exit.Should().Be(0);
        CliRun.Invoke("sweep", "--merge", P("s2.jsonl"), P("s1.jsonl"), "--results", P("merged.jsonl")).Exit.Should().Be(0);

        var unsharded = Normalised(P("all.jsonl"));
        var merged = Normalised(P("merged.jsonl"));
        unsharded.Should().HaveCount(4);
        merged.Should().Equal(unsharded);
        unsharded.Select(l => JsonNode.Parse(l)!["summary"]!["metrics"]!.ToJsonString()).Distinct().Should().HaveCount(4, "each point is a different run");
    }

    /// <summary>The lines ordered by index with "seconds" removed from every summary.</summary>
    private static List<string> Normalised(string path) =>
        File.ReadLines(path)
            .Where(l => l.Length > 0)
            .Select(l =>
            {
                var node = JsonNode.Parse(l)!.AsObject();
                node["exit_code"]!.GetValue<int>().Should().Be(0, l);
                node["summary"]!.AsObject().Remove("seconds");
                return (Index: node["index"]!.GetValue<int>(), Text: node.ToJsonString());
            })
            .OrderBy(p => p.Index)
            .Select(p => p.Text)
            .ToList();
}
