namespace NeuralHjb.Optim;

/// <summary>
/// Drives an optimiser's <see cref="Optimizer.LearningRate"/> from a schedule. Construction applies
/// lr(<see cref="CurrentStep"/> = 0); call <see cref="Step"/> after each <see cref="Optimizer.Step()"/> to
/// advance to the next step's rate (PyTorch's <c>optimizer.step(); scheduler.step()</c> order).
/// </summary>
public sealed class LearningRateScheduler
{
    private int _step;

    /// <summary>Attaches <paramref name="schedule"/> to <paramref name="optimizer"/> and applies lr(startStep).</summary>
    /// <param name="optimizer">The optimiser to drive.</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="startStep">The step to start from (non-zero when resuming).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startStep"/> is negative.</exception>
    public LearningRateScheduler(Optimizer optimizer, ILearningRateSchedule schedule, int startStep = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        Optimizer = optimizer;
        Schedule = schedule;
        CurrentStep = startStep;
    }

    /// <summary>The driven optimiser.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The schedule.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>
    /// The step whose rate is applied. Setting it (e.g. to the optimiser's <see cref="Optimizer.StepCount"/>
    /// when resuming) applies that step's rate at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    /// <exception cref="InvalidOperationException">The schedule returned a negative or non-finite rate.</exception>
    public int CurrentStep
    {
        get => _step;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _step = value;
            Apply();
        }
    }

    /// <summary>The rate currently applied.</summary>
    public double CurrentLearningRate => Optimizer.LearningRate;

    /// <summary>Advances one step and applies its rate.</summary>
    /// <exception cref="InvalidOperationException">The schedule returned a negative or non-finite rate.</exception>
    public void Step()
    {
        _step = checked(_step + 1);
        Apply();
    }

    private void Apply()
    {
        var lr = Schedule.LearningRate(_step);
        if (!(lr >= 0) || !double.IsFinite(lr))
        {
            throw new InvalidOperationException($"The schedule {Schedule.GetType().Name} returned the learning rate {lr} at step {_step}.");
        }

        Optimizer.LearningRate = lr;
    }
}
