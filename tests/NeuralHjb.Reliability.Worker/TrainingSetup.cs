using NeuralHjb.Training;

namespace NeuralHjb.Reliability.Worker;

/// <summary>Everything that determines a <see cref="TrainingRun"/>: equal set-ups train to equal bits.</summary>
public sealed record TrainingSetup
{
    /// <summary>Seed of the initial weights and of every step's data.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Hidden width of the 3-input, 2-hidden-layer, 1-output tanh MLP (float64).</summary>
    public int Width { get; init; } = 16;

    /// <summary>Samples per step.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>Optimiser steps in total.</summary>
    public int Steps { get; init; } = 60;

    /// <summary>Record history every this many steps.</summary>
    public int ReportEvery { get; init; } = 3;

    /// <summary>Checkpoint file, or null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Checkpoint every this many steps (0: only at the end and on cancellation).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Divergence policy.</summary>
    public DivergencePolicy OnDivergence { get; init; } = DivergencePolicy.Stop;

    /// <summary>In-memory snapshot interval for rollbacks.</summary>
    public int SnapshotEvery { get; init; } = 50;

    /// <summary>
    /// Elements of an extra float64 parameter "ballast" that the loss never touches (so it has no gradient
    /// and never changes) but every checkpoint carries: it makes checkpoint writes long compared with
    /// training steps, for the kill-during-write test.
    /// </summary>
    public int Ballast { get; init; }

    /// <summary>
    /// Dropout probability on the network's inputs (0: none). Its mask generator advances from step to step, so
    /// it is training state outside the parameters: the trainer carries its position as the state "dropout".
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>Whether a cosine learning-rate schedule drives the optimiser (else a constant rate).</summary>
    public bool UseSchedule { get; init; } = true;
}
