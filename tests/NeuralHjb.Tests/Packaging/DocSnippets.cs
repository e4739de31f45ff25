using System.Text;
using System.Text.RegularExpressions;

namespace NeuralHjb.Tests.Packaging;

/// <summary>
/// Finds the ```csharp blocks of README.md and docs/**/*.md and turns each into a compilation unit:
/// its using directives at the top, its type declarations at namespace level, and its statements in
/// an async method, so docs can show either a program fragment or a type and still be compiled.
/// </summary>
internal static partial class DocSnippets
{
    /// <summary>One block: the Markdown file (relative to the root), the line of its first code line, the code.</summary>
    public sealed record Snippet(string File, int Line, string Code);

    public static List<Snippet> Find(string root)
    {
        var files = new List<string> { Path.Combine(root, "README.md") };
        var docs = Path.Combine(root, "docs");
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }

        var snippets = new List<Snippet>();
        foreach (var file in files.Where(File.Exists))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                var start = i + 1;
                var end = start;
                while (end < lines.Length && lines[end].Trim() != "```")
                {
                    end++;
                }

                snippets.Add(new Snippet(Path.GetRelativePath(root, file).Replace('\\', '/'), start + 1, string.Join('\n', lines[start..end])));
                i = end;
            }
        }

        return snippets;
    }

    public static string ToCompilationUnit(Snippet snippet, int index)
    {
        var lines = snippet.Code.Split('\n');
        var usings = new List<(int Line, string Text)>();
        var types = new List<(int Line, string Text)>();
        var statements = new List<(int Line, string Text)>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (UsingDirective().IsMatch(line))
            {
                usings.Add((i, line));
                i++;
            }
            else if (StartsType(lines, i))
            {
                var end = EndOfDeclaration(lines, i);
                types.Add((i, string.Join('\n', lines[i..(end + 1)])));
                i = end + 1;
            }
            else
            {
                statements.Add((i, line));
                i++;
            }
        }

        var file = snippet.File;
        var text = new StringBuilder();
        text.AppendLine("#pragma warning disable");
        foreach (var (line, code) in usings)
        {
            text.AppendLine($"#line {snippet.Line + line} \"{file}\"").AppendLine(code);
        }

        text.AppendLine("#line default").AppendLine($"namespace DocSnippets.S{index:D3}").AppendLine("{");
        foreach (var (line, code) in types)
        {
            text.AppendLine($"#line {snippet.Line + line} \"{file}\"").AppendLine(code);
        }

        if (statements.Any(s => s.Text.Trim().Length > 0))
        {
            text.AppendLine("#line default").AppendLine("internal static class Snippet").AppendLine("{").AppendLine("public static async System.Threading.Tasks.Task Run()").AppendLine("{");
            var previous = -2;
            foreach (var (line, code) in statements)
            {
                if (line != previous + 1)
                {
                    text.AppendLine($"#line {snippet.Line + line} \"{file}\"");
                }

                text.AppendLine(code);
                previous = line;
            }

            text.AppendLine("#line default").AppendLine("await System.Threading.Tasks.Task.CompletedTask;").AppendLine("}").AppendLine("}");
        }

        return text.AppendLine("}").ToString();
    }

    /// <summary>Whether a type declaration (with attributes before it) starts at column 0 of line <paramref name="i"/>.</summary>
    private static bool StartsType(string[] lines, int i)
    {
        while (i < lines.Length && lines[i].StartsWith('['))
        {
            i++;
        }

        return i < lines.Length && TypeDeclaration().IsMatch(lines[i]);
    }

    /// <summary>The last line of the declaration starting at <paramref name="start"/>: where its braces and parentheses close.</summary>
    private static int EndOfDeclaration(string[] lines, int start)
    {
        var depth = 0;
        var opened = false;
        for (var i = start; i < lines.Length; i++)
        {
            var inString = false;
            var line = lines[i];
            for (var c = 0; c < line.Length; c++)
            {
                var ch = line[c];
                if (ch == '"' && (c == 0 || line[c - 1] != '\\'))
                {
                    inString = !inString;
                }
                else if (!inString && ch == '/' && c + 1 < line.Length && line[c + 1] == '/')
                {
                    break;
                }
                else if (!inString && ch is '{' or '(')
                {
                    depth++;
                    opened |= ch == '{';
                }
                else if (!inString && ch is '}' or ')')
                {
                    depth--;
                }
            }

            // Attribute lines keep depth 0 without opening a body or ending in ';', so they fall through.
            if (depth == 0 && (opened || line.TrimEnd().EndsWith(';')))
            {
                return i;
            }
        }

        return lines.Length - 1;
    }

    [GeneratedRegex(@"^using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[^;]+)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^((public|internal|sealed|abstract|static|partial|readonly|file|unsafe|ref)\s+)*(class|struct|interface|enum|record|delegate)\s")]
    private static partial Regex TypeDeclaration();
}
