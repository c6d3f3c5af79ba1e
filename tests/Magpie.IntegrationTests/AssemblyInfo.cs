// Integration tests share two cores with Prosody and, in places, tmux and a second Prosody: running test
// collections side by side made the timing-sensitive fault-injection test fail under load. One at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
