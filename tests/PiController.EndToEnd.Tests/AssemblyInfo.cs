// Each test starts its own hub and agents; run them one after another so a 2-core machine is not oversubscribed.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
