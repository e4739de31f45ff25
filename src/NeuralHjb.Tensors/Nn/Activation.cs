using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>Pointwise activation functions for <see cref="Mlp"/> and <see cref="ActivationLayer"/>.</summary>
public enum Activation
{
    /// <summary>f(x) = x.</summary>
    Identity,

    /// <summary>f(x) = tanh x: smooth, the usual choice for PINN and value networks (second derivatives exist).</summary>
    Tanh,

    /// <summary>f(x) = max(x, 0).</summary>
    Relu,

    /// <summary>SiLU, also called swish: f(x) = x·σ(x).</summary>
    Silu,

    /// <summary>f(x) = ln(1 + eˣ): a smooth ReLU, positive outputs.</summary>
    Softplus,

    /// <summary>f(x) = σ(x) = 1 / (1 + e⁻ˣ).</summary>
    Sigmoid,
}

/// <summary>Applies <see cref="Activation"/> values to tensors.</summary>
public static class ActivationExtensions
{
    /// <summary>Applies the activation elementwise (differentiable to any order).</summary>
    /// <param name="activation">The activation.</param>
    /// <param name="x">The input.</param>
    /// <returns>f(x); <paramref name="x"/> itself for <see cref="Activation.Identity"/>.</returns>
    public static Tensor Apply(this Activation activation, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return activation switch
        {
            Activation.Identity => x,
            Activation.Tanh => x.Tanh(),
            Activation.Relu => x.Relu(),
            Activation.Silu => x.Silu(),
            Activation.Softplus => x.Softplus(),
            Activation.Sigmoid => x.Sigmoid(),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation."),
        };
    }
}

/// <summary>A parameter-free module applying an <see cref="Activation"/> (for <see cref="Sequential"/>).</summary>
public sealed class ActivationLayer : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="activation">The activation to apply.</param>
    public ActivationLayer(Activation activation)
    {
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation.");
        }

        Activation = activation;
    }

    /// <summary>The activation applied.</summary>
    public Activation Activation { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Activation.Apply(input);
}
