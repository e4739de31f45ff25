using NeuralHjb.Tensors;

namespace NeuralHjb.Optim;

/// <summary>
/// The update loop shared by <see cref="Adam"/> and <see cref="AdamW"/>; they differ only in how
/// weight decay is applied (<see cref="AdamCore.Config.Decoupled"/>).
/// </summary>
public abstract class AdamBase : Optimizer
{
    private readonly AdamCore.Config _config;

    private protected AdamBase(IReadOnlyList<Tensor> parameters, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool amsgrad, bool decoupled)
        : base(parameters, learningRate, weightDecay)
    {
        AdamCore.Validate(beta1, beta2, epsilon);
        _config = new AdamCore.Config(beta1, beta2, epsilon, amsgrad, decoupled);
    }

    private protected AdamBase(IReadOnlyList<ParameterGroup> groups, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool amsgrad, bool decoupled)
        : base(groups, learningRate, weightDecay)
    {
        AdamCore.Validate(beta1, beta2, epsilon);
        _config = new AdamCore.Config(beta1, beta2, epsilon, amsgrad, decoupled);
    }

    /// <summary>β1.</summary>
    public double Beta1 => _config.Beta1;

    /// <summary>β2.</summary>
    public double Beta2 => _config.Beta2;

    /// <summary>ε.</summary>
    public double Epsilon => _config.Epsilon;

    /// <summary>Whether AMSGrad is used.</summary>
    public bool Amsgrad => _config.Amsgrad;

    private protected override string[] BufferNames => _config.Amsgrad ? AdamCore.AmsgradNames : AdamCore.Names;

    /// <inheritdoc />
    public override void Step()
    {
        var ps = Parameters;
        for (var i = 0; i < ps.Count; i++)
        {
            var p = ps[i];
            if (p.Grad is null)
            {
                continue;
            }

            var st = State(i);
            var group = GroupOf(i);
            st.Step++;
            if (p.DType == DType.Float32)
            {
                AdamCore.Update(p, GradientSpan<float>(i, st), st, group.LearningRate, group.WeightDecay, _config);
            }
            else
            {
                AdamCore.Update(p, GradientSpan<double>(i, st), st, group.LearningRate, group.WeightDecay, _config);
            }
        }

        StepCount++;
    }
}
