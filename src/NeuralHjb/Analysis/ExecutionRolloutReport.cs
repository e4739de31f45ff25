namespace NeuralHjb.Analysis;

/// <summary>How a learned execution policy did on a rollout grid, against the closed form along the same paths.</summary>
public sealed record ExecutionRolloutReport
{
    /// <summary>Gets the number of paths.</summary>
    public required int Paths { get; init; }

    /// <summary>Gets the terminal tolerance ε of <see cref="ProbabilityTerminalWithinTolerance"/>.</summary>
    public required double TerminalTolerance { get; init; }

    /// <summary>Gets the fraction of paths with |X_T| ≤ ε.</summary>
    public required double ProbabilityTerminalWithinTolerance { get; init; }

    /// <summary>Gets the mean |X_T|.</summary>
    public required double MeanAbsTerminalInventory { get; init; }

    /// <summary>Gets the largest |X_T|.</summary>
    public required double MaxAbsTerminalInventory { get; init; }

    /// <summary>Gets ‖V − V*‖₂/‖V*‖₂ over all paths and steps before the close (NaN when no value function was given).</summary>
    public required double ValueRelativeL2 { get; init; }

    /// <summary>Gets ‖v − v*‖₂/‖v*‖₂ over all paths and steps before the close, v* evaluated at the learned path's states.</summary>
    public required double ControlRelativeL2 { get; init; }

    /// <summary>Gets ‖x − x*‖₂/‖x*‖₂ over all paths and steps, x* the closed-form inventory on the same price path.</summary>
    public required double InventoryRelativeL2 { get; init; }

    /// <summary>Gets X_T of every path (grid order: inventory, then price, then horizon).</summary>
    public required IReadOnlyList<double> TerminalInventories { get; init; }

    /// <summary>The scalar metrics in snake_case (the CLI's JSON "metrics").</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, double> Metrics() => new(StringComparer.Ordinal)
    {
        ["p_abs_terminal_inventory_le_" + Tag(TerminalTolerance)] = ProbabilityTerminalWithinTolerance,
        ["mean_abs_terminal_inventory"] = MeanAbsTerminalInventory,
        ["max_abs_terminal_inventory"] = MaxAbsTerminalInventory,
        ["rollout_paths"] = Paths,
    };

    /// <summary>The errors against the closed form in snake_case (the CLI's JSON "errors").</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, double> Errors() => new(StringComparer.Ordinal)
    {
        ["value_rel_l2"] = ValueRelativeL2,
        ["control_rel_l2"] = ControlRelativeL2,
        ["inventory_rel_l2"] = InventoryRelativeL2,
    };

    private static string Tag(double tolerance) => tolerance.ToString("0.########", System.Globalization.CultureInfo.InvariantCulture).Replace('.', '_');
}
