// Each test starts its own Azurite and hosts and stops storage on purpose; on a small CI machine they must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
