using System.Text.RegularExpressions;

namespace NeuralHjb.Tests.Packaging;

/// <summary>The README reaches every guide, results.md every results page, and no relative link is broken.</summary>
public partial class DocsLinkTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void The_readme_links_every_guide_and_results_md_every_results_page()
    {
        var readme = Links(Path.Combine(Root, "README.md"));
        var guides = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md")
            .Concat(Directory.Exists(Path.Combine(Root, "docs", "solvers")) ? Directory.GetFiles(Path.Combine(Root, "docs", "solvers"), "*.md") : []);
        foreach (var guide in guides)
        {
            readme.Should().Contain(Path.GetFullPath(guide), $"README.md should link {Path.GetRelativePath(Root, guide)}");
        }

        var resultsDir = Path.Combine(Root, "docs", "results");
        if (Directory.Exists(resultsDir))
        {
            var results = Links(Path.Combine(Root, "docs", "results.md"));
            foreach (var page in Directory.GetFiles(resultsDir, "*.md"))
            {
                results.Should().Contain(Path.GetFullPath(page), $"docs/results.md should link {Path.GetRelativePath(Root, page)}");
            }
        }
    }

    [Fact]
    public void Every_relative_link_in_the_docs_points_at_a_file()
    {
        var pages = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(Root, "README.md"));
        foreach (var page in pages)
        {
            foreach (var target in Links(page))
            {
                (File.Exists(target) || Directory.Exists(target)).Should().BeTrue($"{Path.GetRelativePath(Root, page)} links {Path.GetRelativePath(Root, target)}");
            }
        }
    }

    /// <summary>Full paths of the relative link targets of a Markdown page (anchors dropped; web and in-page links skipped).</summary>
    private static HashSet<string> Links(string page)
    {
        var dir = Path.GetDirectoryName(page)!;
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in LinkPattern().Matches(File.ReadAllText(page)))
        {
            var target = m.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            links.Add(Path.GetFullPath(Path.Combine(dir, target)));
        }

        return links;
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
