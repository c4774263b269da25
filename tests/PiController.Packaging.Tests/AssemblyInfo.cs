// The tests start hubs, unpack packages and build images; one after another keeps a 2-core machine usable.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
