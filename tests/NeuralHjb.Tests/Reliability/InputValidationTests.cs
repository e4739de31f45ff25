using System.Reflection;
using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Reference.FiniteDifference;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// A reflection-driven audit of the public API: every options or parameters record (a type with a
/// public parameterless constructor and <c>Validate()</c>) rejects NaN and ±∞ in each of its double
/// properties with an <see cref="ArgumentException"/> naming a parameter, and so does every public
/// constructor with a double parameter when that parameter is NaN (positional records — result rows,
/// ranges — are values checked by their consumers and are left out). New public types are picked up
/// automatically; a constructor the test cannot build valid arguments for fails the audit until it is
/// given a recipe below — so nothing escapes the audit silently.
/// </summary>
public class InputValidationTests
{
    private static readonly Assembly[] Assemblies = [typeof(Trainer).Assembly, typeof(Mlp).Assembly];

    /// <summary>Types whose double constructor parameters are results or plain data, not inputs to check.</summary>
    private static readonly HashSet<string> DataCarriers = new(StringComparer.Ordinal)
    {
        "NeuralHjb.MarketData.MarketBar",            // validated by MarketBarCsv when loaded; a plain record otherwise
        "NeuralHjb.MarketData.IntervalBar",          // produced by IntradaySessions from validated bars
        "NeuralHjb.Training.TrainingProgress",       // a report the trainer produces (its loss may be NaN on divergence)
        "NeuralHjb.Autodiff.GradCheckResult",        // a result
        "NeuralHjb.Reference.AlmgrenChrissFrontierPoint", // a result
        "NeuralHjb.Nn.PreferenceRange",              // a positional record validated where it is used (see below)
        "NeuralHjb.Solvers.Pinn.AdaptiveWeights",    // likewise, validated by PinnOptions.Validate (see below)
        "NeuralHjb.Solvers.Pinn.PinnStageSummary",   // a result
    };

    [Fact]
    public void Adaptive_weights_are_validated_by_the_pinn_options_that_use_them()
    {
        var problem = new GatheralSchied();
        var options = GatheralSchiedPinn.MtPinn(problem, PinnPreset.Quick);
        options = options with { Stages = [options.Stages[0] with { AdaptiveWeights = new AdaptiveWeights(double.NaN, 0.1) }] };
        FluentActions.Invoking(() => options.Validate(problem)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta");
    }

    [Fact]
    public void Preference_ranges_are_validated_by_the_network_that_uses_them()
    {
        var act = () => new MultiPreferenceNet(1, [new PreferenceRange("a", double.NaN, 1)], [4], 1, 1.0, generator: new Philox(1));
        act.Should().Throw<ArgumentException>().WithParameterName("preferences").WithMessage("*finite low < high*");
    }

    public static TheoryData<string> ValidatedRecords()
    {
        var data = new TheoryData<string>();
        foreach (var t in Assemblies.SelectMany(a => a.GetExportedTypes()).Where(IsValidatedRecord).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(t.AssemblyQualifiedName!);
        }

        return data;
    }

    private static bool IsValidatedRecord(Type t) =>
        t is { IsClass: true, IsAbstract: false }
        && t.GetConstructor(Type.EmptyTypes) is not null
        && ValidateMethod(t) is not null
        && DoubleProperties(t).Any();

    /// <summary>The public instance <c>Validate</c> (some take the problem or its horizon and dimension).</summary>
    private static MethodInfo? ValidateMethod(Type t) =>
        t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == "Validate").OrderBy(m => m.GetParameters().Length).FirstOrDefault();

    private static readonly GatheralSchied Problem = new();

    /// <summary>A valid instance: the defaults, or a preset where the defaults need a particular problem.</summary>
    private static object NewRecord(Type t) => t == typeof(PinnOptions) ? GatheralSchiedPinn.MtPinn(Problem, PinnPreset.Quick) with { } : Activator.CreateInstance(t)!;

    private static object?[] ValidateArguments(MethodInfo validate) =>
        validate.GetParameters().Select(p => p.ParameterType == typeof(ControlProblem) ? Problem : p.ParameterType == typeof(double) ? 1.0 : p.ParameterType == typeof(int) ? (object)2 : null).ToArray();

    private static IEnumerable<PropertyInfo> DoubleProperties(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => (p.PropertyType == typeof(double) || p.PropertyType == typeof(double?)) && p.SetMethod is { IsPublic: true });

    [Theory]
    [MemberData(nameof(ValidatedRecords))]
    public void Every_double_property_of_an_options_record_rejects_NaN_and_infinity_by_name(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var validate = ValidateMethod(type)!;
        var args = ValidateArguments(validate);
        validate.Invoke(NewRecord(type), args); // the defaults are valid
        var gaps = new List<string>();
        foreach (var property in DoubleProperties(type))
        {
            foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                var instance = NewRecord(type);
                property.SetValue(instance, bad);
                var e = Catch(() => validate.Invoke(instance, args));
                if (e is not ArgumentException { ParamName.Length: > 0 })
                {
                    gaps.Add($"{property.Name} = {bad}: {(e is null ? "accepted" : e.GetType().Name + " without a parameter name")}");
                }
            }
        }

        gaps.Should().BeEmpty($"{type.Name}.Validate must refuse non-finite values, naming the parameter");
    }

    [Theory]
    [MemberData(nameof(ValidatedRecords))]
    public void Constructors_taking_an_options_record_validate_it(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var consumers = Assemblies.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetConstructors())
            .Where(c => c.GetParameters() is [var first, .. var rest] && first.ParameterType == type && rest.All(p => p.HasDefaultValue))
            .ToList();
        var property = DoubleProperties(type).First();
        foreach (var ctor in consumers)
        {
            var instance = NewRecord(type);
            property.SetValue(instance, double.NaN);
            object?[] args = [instance, .. ctor.GetParameters().Skip(1).Select(p => p.DefaultValue)];
            Catch(() => ctor.Invoke(args)).Should().BeAssignableTo<ArgumentException>($"new {ctor.DeclaringType!.Name}({type.Name} with {property.Name} = NaN) must be refused");
        }
    }

    public static TheoryData<string> ConstructorsWithDoubles()
    {
        var data = new TheoryData<string>();
        foreach (var c in PublicConstructorsWithDoubles())
        {
            data.Add(Describe(c));
        }

        return data;
    }

    /// <summary>
    /// A positional record's primary constructor (PascalCase parameters, a Deconstruct method): a value
    /// such as a result row or a range, checked by whatever consumes it, not an entry point.
    /// </summary>
    private static bool IsPositionalRecord(ConstructorInfo c) =>
        c.DeclaringType!.GetMethod("Deconstruct") is not null
        && c.GetParameters().All(p => p.Name is { Length: > 0 } n && char.IsUpper(n[0]));

    private static IEnumerable<ConstructorInfo> PublicConstructorsWithDoubles() =>
        Assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsAbstract && !DataCarriers.Contains(t.FullName!) && !IsValidatedRecord(t))
            .SelectMany(t => t.GetConstructors())
            .Where(c => !IsPositionalRecord(c))
            .Where(c => c.GetParameters().Any(p => p.ParameterType == typeof(double) || p.ParameterType == typeof(double?)))
            .OrderBy(Describe, StringComparer.Ordinal);

    private static string Describe(ConstructorInfo c) =>
        $"{c.DeclaringType!.FullName}({string.Join(", ", c.GetParameters().Select(p => p.ParameterType.Name + " " + p.Name))})";

    [Theory]
    [MemberData(nameof(ConstructorsWithDoubles))]
    public void Every_public_constructor_rejects_NaN_in_each_double_parameter_by_name(string signature)
    {
        var ctor = PublicConstructorsWithDoubles().Single(c => Describe(c) == signature);
        var parameters = ctor.GetParameters();
        var valid = ValidArguments(ctor);
        Catch(() => ctor.Invoke(valid())).Should().BeNull($"the recipe for {signature} must give valid arguments");
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType != typeof(double) && parameters[i].ParameterType != typeof(double?))
            {
                continue;
            }

            var args = valid();
            args[i] = double.NaN;
            var e = Catch(() => ctor.Invoke(args));
            e.Should().BeAssignableTo<ArgumentException>($"{parameters[i].Name} = NaN must be refused");
            ((ArgumentException)e!).ParamName.Should().Be(parameters[i].Name, "the exception names the parameter");
        }
    }

    /// <summary>Valid arguments: a recipe for the constructor when it needs one, else defaults and simple values by type.</summary>
    private static Func<object?[]> ValidArguments(ConstructorInfo ctor)
    {
        var type = ctor.DeclaringType!;
        var ps = ctor.GetParameters();
        var gs = new GatheralSchied();
        if (type == typeof(ControlProblem))
        {
            return () => ["p", gs.Dynamics, gs.Cost, 1.0, null, null, null, null];
        }

        if (type == typeof(PinnValueNetwork))
        {
            return () => ps.Select(p => p.ParameterType == typeof(StateDomain) ? gs.Domain : p.Name == "hiddenWidths" ? new[] { 4 } : p.Name == "activeCoordinates" ? null : Value(p, type)).ToArray();
        }

        if (type.Name is "ScheduleStrategy" or "ExecutionPath")
        {
            // Inventory fractions from 1 down, one more entry than the per-interval prices.
            return () => ps.Select(p => p.Name is "inventoryFractions" or "inventory" ? new[] { 1.0, 0.5, 0.0 } : Value(p, type)).ToArray();
        }

        if (type.Name == "DirectControlPolicy")
        {
            return () => ps.Select(p => p.Name switch
            {
                "stateIndices" => new[] { 0 },
                "stateRanges" => new[] { (0.0, 1.0) },
                "preferences" => Array.Empty<PreferenceSpec>(),
                "hiddenWidths" => new[] { 4 },
                "controlDimension" => 1,
                _ => Value(p, type),
            }).ToArray();
        }

        if (type == typeof(TerminalValueAnsatz))
        {
            return () => [(Func<Tensor, Tensor>)(x => x), 1.0];
        }

        return () => ps.Select(p => Value(p, type)).ToArray();
    }

    private static object? Value(ParameterInfo p, Type owner)
    {
        var t = p.ParameterType;
        if (t == typeof(double))
        {
            // Values inside every rule seen in the library: probabilities, rates, bounds with low < high.
            return p.Name switch
            {
                "high" or "upper" => 2.0,
                "low" or "lower" => 1.0,
                _ when p.HasDefaultValue && p.DefaultValue is double d && double.IsFinite(d) => d,
                _ => 0.5,
            };
        }

        if (p.HasDefaultValue && (t != typeof(double?) || p.DefaultValue is not null))
        {
            return p.DefaultValue;
        }

        return t switch
        {
            _ when t == typeof(double?) => 0.5,
            _ when t == typeof(int) => p.Name is "steps" ? 10 : 2,
            _ when t == typeof(string) => "x",
            _ when t == typeof(ulong) => 1UL,
            _ when t == typeof(Philox) => new Philox(1),
            _ when t == typeof(IReadOnlyList<Tensor>) => new[] { Tensor.Zeros([2], DType.Float64).RequireGrad() },
            _ when t == typeof(IReadOnlyList<ParameterGroup>) => new[] { new ParameterGroup([Tensor.Zeros([2], DType.Float64).RequireGrad()]) },
            _ when t == typeof(IReadOnlyList<double>) => new[] { 0.5, 0.75 },
            _ when t == typeof(IReadOnlyList<int>) => new[] { 2, 2 },
            _ when t == typeof(IReadOnlyList<PreferenceRange>) => new[] { new PreferenceRange("a", 0, 1) },
            _ when t == typeof(ILearningRateSchedule) => new ConstantSchedule(0.1),
            _ when t == typeof(ControlOptimizer) => (ControlOptimizer)((in ControlContext _) => 0.0),
            _ when t == typeof(double[,]) => new double[,] { { 1, 0 }, { 0, 1 } },
            _ when t == typeof(ValueAnsatz) => new ScaledAnsatz(),
            _ when t.IsEnum => Enum.GetValues(t).GetValue(0),
            _ => throw new InvalidOperationException($"no value for {owner.Name}({t.Name} {p.Name}): add a recipe in ValidArguments"),
        };
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
