using NeuralHjb.Io;

namespace NeuralHjb.Training;

/// <summary>The named <see cref="ITrainingState"/>s of one trainer: saved as <c>state.NAME.ENTRY</c>, loaded in two phases.</summary>
internal sealed class TrainingStateSet
{
    /// <summary>The prefix of every state entry in a checkpoint.</summary>
    public const string Prefix = "state.";

    private readonly KeyValuePair<string, ITrainingState>[] _states;
    private readonly bool _rejectUnread = true;

    /// <summary>Checks the names (non-empty, unique, no dots or white space) and keeps the states.</summary>
    /// <exception cref="ArgumentException">A name or state breaks a rule (parameter <c>state</c>).</exception>
    public TrainingStateSet(IReadOnlyList<KeyValuePair<string, ITrainingState>>? state)
    {
        _states = state is null ? [] : [.. state];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in _states)
        {
            // A dot would let one state's entries fall under another's prefix (state "a" would see "a.b.x").
            if (string.IsNullOrEmpty(name) || name.Any(c => c == '.' || char.IsWhiteSpace(c)) || !names.Add(name))
            {
                throw new ArgumentException($"state name '{name}' must be non-empty, unique and free of dots and white space.", nameof(state));
            }

            if (value is null)
            {
                throw new ArgumentException($"state '{name}' is null.", nameof(state));
            }
        }
    }

    /// <summary>
    /// No states, and saved state entries are ignored rather than refused: for the public
    /// <see cref="TrainingCheckpoint.Load"/>, whose caller restores parameters only and never claimed the states.
    /// </summary>
    public static TrainingStateSet IgnoringSaved { get; } = new(null, rejectUnread: false);

    private TrainingStateSet(IReadOnlyList<KeyValuePair<string, ITrainingState>>? state, bool rejectUnread)
        : this(state)
    {
        _rejectUnread = rejectUnread;
    }

    /// <summary>Appends every state's entries to <paramref name="sink"/>.</summary>
    public void Save(List<SafetensorsEntry> sink)
    {
        foreach (var (name, state) in _states)
        {
            state.Save(new TrainingStateWriter(Prefix + name + ".", sink));
        }
    }

    /// <summary>Every state's entries, for an in-memory snapshot.</summary>
    public List<SafetensorsEntry> Capture()
    {
        var entries = new List<SafetensorsEntry>();
        Save(entries);
        return entries;
    }

    /// <summary>
    /// Validates every state against the <c>state.*</c> entries among <paramref name="entries"/>, adding one
    /// problem per failing state and one per entry no state read; returns the action that installs them all.
    /// </summary>
    public Action Prepare(IEnumerable<SafetensorsEntry> entries, List<string> problems)
    {
        var saved = entries.Where(e => e.Name.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var read = new HashSet<string>(StringComparer.Ordinal);
        var installs = new List<Action>(_states.Length);
        var failed = false;
        foreach (var (name, state) in _states)
        {
            try
            {
                installs.Add(state.PrepareLoad(new TrainingStateReader(Prefix + name + ".", saved, read)));
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
                failed = true;
            }
        }

        if (!failed && _rejectUnread)
        {
            foreach (var extra in saved.Keys.Where(k => !read.Contains(k)).Order(StringComparer.Ordinal))
            {
                problems.Add($"unexpected state entry '{extra}'");
            }
        }

        return () =>
        {
            foreach (var install in installs)
            {
                install();
            }
        };
    }

    /// <summary>Restores a snapshot taken by <see cref="Capture"/> (cannot fail for entries this set wrote).</summary>
    public void Restore(IEnumerable<SafetensorsEntry> snapshot)
    {
        var problems = new List<string>();
        var install = Prepare(snapshot, problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"a training state did not accept its own snapshot: {string.Join("; ", problems)}.");
        }

        install();
    }
}
