namespace NeuralHjb.Analysis.Plots;

/// <summary>A tick label as drawn: its text at an anchor point, and the box it takes.</summary>
/// <param name="Text">The label.</param>
/// <param name="X">Anchor x.</param>
/// <param name="Baseline">Baseline y.</param>
/// <param name="Anchor">SVG text-anchor: "middle" under the x axis, "end" left of the y axis.</param>
internal readonly record struct TickLabel(string Text, double X, double Baseline, string Anchor)
{
    /// <summary>The box the label takes on screen.</summary>
    public LabelBox Box => LabelBox.OfText(X, Baseline, Text.Length, Anchor);
}
