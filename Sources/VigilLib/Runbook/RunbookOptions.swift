import VigilActions

/// What the command line decides for runbooks and the actions they take; a script can
/// change none of it (`--dry-run`, `--yes`, `--allow-exec`).
public struct RunbookOptions {
    /// Plan every action and deliver none.
    public var dryRun = false
    /// `--yes`: every `confirm` and approval is answered yes.
    public var assumeYes = false
    /// Asks a yes/no question on the terminal; nil when there is no terminal (then the answer is no).
    public var ask: ((String) -> Bool)?
    /// The programs `exec` may run (`--allow-exec NAME`, repeatable).
    public var allowedPrograms = AllowedPrograms([])
    /// How long an `exec` may run before it is killed, in seconds.
    public var execTimeout: Double = 60
    /// How `verify … within` waits for its next poll on a live source: sleeps that many
    /// seconds, brings the data up to the wall clock and returns the new evaluation time
    /// (seconds since the epoch). Nil on recorded data: the evaluation time moves on
    /// through the data at once.
    public var waitForNextPoll: ((Double) throws -> Double)?
    /// `vigil watch`: a `verify` that does not hold yet does not wait; the run is parked and
    /// polled again by `resumeRunbooks` while rules go on being evaluated.
    public var verifyInBackground = false

    public init() {}

    /// `--allow-exec` names, resolved through the operator's PATH now.
    public mutating func allowExec(_ names: [String]) { allowedPrograms = AllowedPrograms(names) }
}

/// How a question was answered, as the run reports and records it.
enum Answer {
    case yes(String)
    case no(String)

    var granted: Bool { if case .yes = self { return true } else { return false } }

    var text: String {
        switch self {
        case .yes(let why): "yes (\(why))"
        case .no(let why): "no (\(why))"
        }
    }
}

extension RunbookOptions {
    /// `confirm` and approvals: `--yes`, else the terminal, else no.
    func answer(_ question: String) -> Answer {
        if assumeYes { return .yes("--yes") }
        guard let ask else { return .no("no terminal and no --yes") }
        return ask(question) ? .yes("answered on the terminal") : .no("answered on the terminal")
    }
}
