// Each test builds its own namespaces and starts processes; in parallel they would only fight for the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
