// The CLI commands write to the process-wide Console; tests that capture it must not run side by
// side with tests that run other commands (a stray line would become the "last JSON line").
[assembly: CollectionBehavior(DisableTestParallelization = true)]
