/// One round of retention: the deletions still to make, and who waits for the round to end.
struct RetentionPass {
    var steps: [PruneStep]
    var completions: [() -> Void] = []
}
