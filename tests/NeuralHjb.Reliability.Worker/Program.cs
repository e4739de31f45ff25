using System.Globalization;
using NeuralHjb.Reliability.Worker;

// Modes (all output on stdout, flushed line by line so a parent can act on it):
//   train <checkpoint> <steps> <checkpointEvery> <seed> <width> [resume] [hang-at <step>] [ballast <elements>] [dropout <p>]
//       (resume: continue from the checkpoint when it exists, else start afresh)
//       prints "step N" before every optimiser step and "done <digest>" at the end; with hang-at it
//       stops in the middle of that step (after printing) and waits to be killed.
//   ops
//       evaluates the op battery cold, warms the JIT up, evaluates again, prints "changed <op>" for
//       every op whose bits differ and "ops <count>" at the end.
return args.Length > 0 && args[0] == "ops" ? Ops() : args.Length >= 6 && args[0] == "train" ? Train(args[1..]) : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: worker train <checkpoint> <steps> <checkpointEvery> <seed> <width> [resume] [hang-at <step>] | worker ops");
    return 2;
}

static int Train(string[] args)
{
    var setup = new TrainingSetup
    {
        CheckpointPath = args[0],
        Steps = int.Parse(args[1], CultureInfo.InvariantCulture),
        CheckpointEvery = int.Parse(args[2], CultureInfo.InvariantCulture),
        Seed = ulong.Parse(args[3], CultureInfo.InvariantCulture),
        Width = int.Parse(args[4], CultureInfo.InvariantCulture),
    };
    var rest = args[5..].ToList();
    if (rest.IndexOf("ballast") is var b and >= 0)
    {
        setup = setup with { Ballast = int.Parse(rest[b + 1], CultureInfo.InvariantCulture) };
    }

    if (rest.IndexOf("dropout") is var d and >= 0)
    {
        setup = setup with { Dropout = double.Parse(rest[d + 1], CultureInfo.InvariantCulture) };
    }

    var run = new TrainingRun(setup);
    if (rest.Contains("resume") && File.Exists(setup.CheckpointPath))
    {
        run.Trainer.Resume(setup.CheckpointPath);
    }

    var hangAt = rest.IndexOf("hang-at") is var i and >= 0 ? int.Parse(rest[i + 1], CultureInfo.InvariantCulture) : -1;
    var stdout = Console.Out;
    run.Run(onStep: step =>
    {
        stdout.WriteLine("step " + step.ToString(CultureInfo.InvariantCulture));
        stdout.Flush();
        if (step == hangAt)
        {
            Thread.Sleep(Timeout.Infinite);
        }
    });
    stdout.WriteLine("done " + run.Digest());
    return 0;
}

static int Ops()
{
    var cold = OpBattery.Evaluate();

    // Tiered compilation replaces precompiled and quick code with optimised code after ~30 calls and
    // a short delay; a few rounds with pauses let the background compiler finish.
    for (var round = 0; round < 4; round++)
    {
        for (var k = 0; k < 40; k++)
        {
            OpBattery.Evaluate();
        }

        Thread.Sleep(250);
    }

    var warm = OpBattery.Evaluate();
    for (var k = 0; k < cold.Count; k++)
    {
        var a = cold[k].Bits;
        var b = warm[k].Bits;
        var same = a.Length == b.Length;
        for (var j = 0; same && j < a.Length; j++)
        {
            same = BitConverter.DoubleToInt64Bits(a[j]) == BitConverter.DoubleToInt64Bits(b[j]);
        }

        if (!same)
        {
            Console.WriteLine("changed " + cold[k].Name);
        }
    }

    Console.WriteLine("ops " + cold.Count.ToString(CultureInfo.InvariantCulture));
    return 0;
}
