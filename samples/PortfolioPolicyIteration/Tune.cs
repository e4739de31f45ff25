using NeuralHjb.Solvers.PolicyIteration;

internal static class Tune
{
    private static int? I(string n) => Environment.GetEnvironmentVariable(n) is { } v ? int.Parse(v) : null;
    private static double? D(string n) => Environment.GetEnvironmentVariable(n) is { } v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static PolicyIterationOptions Apply(PolicyIterationOptions o) => o with
    {
        ImprovementSteps = I("IMP") ?? o.ImprovementSteps,
        ControlLearningRate = D("CLR") ?? o.ControlLearningRate,
        InitialEvaluationSteps = I("EVAL0") ?? o.InitialEvaluationSteps,
        EvaluationSteps = I("EVAL") ?? o.EvaluationSteps,
        ValueLearningRate = D("VLR") ?? o.ValueLearningRate,
        BatchSize = I("BATCH") ?? o.BatchSize,
        ValueHiddenWidths = I("VW") is { } w ? [w, w] : o.ValueHiddenWidths,
        ControlHiddenWidths = I("CW") is { } c ? [c, c] : o.ControlHiddenWidths,
        DType = I("F64") == 1 ? NeuralHjb.Tensors.DType.Float64 : o.DType,
    };
}
