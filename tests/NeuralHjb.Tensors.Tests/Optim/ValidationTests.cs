using NeuralHjb.Optim;
using static NeuralHjb.Tensors.Tests.Optim.OptimTestHelpers;

namespace NeuralHjb.Tensors.Tests.Optim;

public class ValidationTests
{
    private static Tensor P() => Param(1.0, 2.0);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Learning_rate_must_be_finite_and_positive(double lr)
    {
        FluentActions.Invoking(() => new Adam([P()], learningRate: lr)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => new AdamW([P()], learningRate: lr)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => new Sgd([P()], learningRate: lr)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => new Lbfgs([P()], learningRate: lr)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => new ParameterGroup([P()], learningRate: lr)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Betas_must_lie_in_zero_one(double beta)
    {
        FluentActions.Invoking(() => new Adam([P()], beta1: beta)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta1");
        FluentActions.Invoking(() => new AdamW([P()], beta2: beta)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta2");
    }

    [Fact]
    public void Weight_decay_momentum_and_epsilon_must_be_non_negative()
    {
        FluentActions.Invoking(() => new Adam([P()], weightDecay: -1e-4)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("weightDecay");
        FluentActions.Invoking(() => new AdamW([P()], weightDecay: double.NaN)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("weightDecay");
        FluentActions.Invoking(() => new Sgd([P()], 0.1, weightDecay: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("weightDecay");
        FluentActions.Invoking(() => new ParameterGroup([P()], weightDecay: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("weightDecay");
        FluentActions.Invoking(() => new Sgd([P()], 0.1, momentum: -0.5)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("momentum");
        FluentActions.Invoking(() => new Adam([P()], epsilon: -1e-8)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epsilon");
        FluentActions.Invoking(() => new Sgd([P()], 0.1, momentum: 0, nesterov: true)).Should().Throw<ArgumentException>().WithParameterName("nesterov");
        FluentActions.Invoking(() => new Sgd([P()], 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)).Should().Throw<ArgumentException>().WithParameterName("nesterov");
    }

    [Fact]
    public void Parameter_lists_are_validated()
    {
        FluentActions.Invoking(() => new Adam(Array.Empty<Tensor>())).Should().Throw<ArgumentException>().WithParameterName("parameters").WithMessage("*empty*");
        FluentActions.Invoking(() => new Adam((IReadOnlyList<Tensor>)null!)).Should().Throw<ArgumentNullException>().WithParameterName("parameters");

        var leaf = P();
        var nonLeaf = leaf * 2.0;
        FluentActions.Invoking(() => new Sgd([nonLeaf], 0.1)).Should().Throw<ArgumentException>().WithParameterName("parameters").WithMessage("*not a leaf*");
        FluentActions.Invoking(() => new Sgd([Tensor.FromArray(new[] { 1.0 })], 0.1)).Should().Throw<ArgumentException>().WithParameterName("parameters").WithMessage("*does not require gradients*");
        FluentActions.Invoking(() => new Sgd([leaf, leaf], 0.1)).Should().Throw<ArgumentException>().WithParameterName("parameters").WithMessage("*more than once*");
        var a = P();
        FluentActions.Invoking(() => new Adam([new ParameterGroup([a]), new ParameterGroup([a])])).Should().Throw<ArgumentException>().WithParameterName("groups").WithMessage("*more than once*");
        FluentActions.Invoking(() => new Adam([new ParameterGroup([a]), new ParameterGroup([])])).Should().Throw<ArgumentException>().WithParameterName("groups");
        var view = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, [2, 2]).T.RequireGrad();
        FluentActions.Invoking(() => new Adam([view])).Should().Throw<ArgumentException>().WithMessage("*non-contiguous*");
    }

    [Fact]
    public void Lbfgs_settings_are_validated()
    {
        FluentActions.Invoking(() => new Lbfgs([P()], maxIterations: 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxIterations");
        FluentActions.Invoking(() => new Lbfgs([P()], historySize: 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("historySize");
        FluentActions.Invoking(() => new Lbfgs([P()], toleranceGrad: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("toleranceGrad");
        FluentActions.Invoking(() => new Lbfgs([P()], wolfeC2: 1e-5)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("wolfeC2");
    }

    [Fact]
    public void Learning_rate_setter_allows_zero_but_not_negative_or_nan()
    {
        var opt = new Adam([P()]);
        opt.LearningRate = 0;
        opt.LearningRate.Should().Be(0);
        opt.Invoking(o => o.LearningRate = -1).Should().Throw<ArgumentOutOfRangeException>();
        opt.Invoking(o => o.LearningRate = double.NaN).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Zero_grad_sets_gradients_to_null_and_step_records_no_graph()
    {
        var p = P();
        var opt = new Adam([p]);
        (p * p).Sum().Backward();
        opt.Step();
        p.IsLeaf.Should().BeTrue();
        p.GradFnName.Should().BeNull();
        opt.ZeroGrad();
        p.Grad.Should().BeNull();
    }

    [Fact]
    public void Mismatched_gradient_is_reported()
    {
        var p = P();
        var opt = new Adam([p]);
        p.Grad = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 });
        opt.Invoking(o => o.Step()).Should().Throw<InvalidOperationException>().WithMessage("*shape*");
    }
}
