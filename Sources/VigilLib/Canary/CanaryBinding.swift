import VigilCheck
import VigilEngines
import VigilSyntax

/// The canary engine's binding: the `canary` block and its settings, its builtins (in
/// CanaryBuiltins.swift and DeploymentBuiltins.swift) and its `vigil run` hook.
struct CanaryBinding: EngineBinding {
    var feature: Feature { .canary }

    static let block = BlockSchema(.canary, feature: .canary, settings: [
        .init("stable", .string, doc: "The version serving traffic now.", example: "\"v1.4.2\""),
        .init("candidate", .string, doc: "The version being released.", example: "\"v1.5.0\""),
        .init("version_label", .string, default: .string("version"), doc: "The label that tells the versions' series apart.",
              example: "\"version\""),
        .init("steps", .percents, default: .percents(CanaryConfiguration.defaultSteps),
              doc: "The candidate's share of traffic at each step.", example: "10% 50% 100%"),
        .init("bake", .duration, default: .duration(seconds: 600), doc: "How long each step holds before it promotes.",
              example: "10m"),
        .init("every", .duration, default: .duration(seconds: 60), doc: "How often the rules and the judge run.", example: "1m"),
        .init("judge", .expression, doc: "A statistical judge of each step, such as mann_whitney(…)."),
        .init("strategy", .word(["canary", "blue_green"]), default: .word(DeliveryStrategy.canary.rawValue),
              doc: "Gradual steps, or blue_green: all traffic at once after a preview."),
        .init("service", .word(nil), doc: "The service whose signals it reads (default: the canary's name)."),
        .init("traffic", .pattern(TrafficTarget.patterns),
              doc: "Where the weights go on a live source: haproxy(…) (its runtime API), webhook(url), or exec(program, args…) of a program --allow-exec allows (an argument may be a secret: env(\"NAME\")).",
              example: "haproxy(\"127.0.0.1:9999\", backend: \"checkout\", stable: \"v1\", candidate: \"v2\")"),
    ])

    var blocks: [BlockSchema] { [Self.block] }
    var builtins: [EngineBuiltin] { Self.canaryBuiltins + Self.deploymentBuiltins }

    /// Runs every declared canary (or only the one named) to its end on a virtual clock.
    func run(in session: VigilSession, _ request: EngineRunRequest) throws -> [EngineOutcome] {
        let canaries = session.canaries
        // `vigil run FILE NAME` names a canary or a runbook; a runbook's run is the runbook binding's.
        if let name = request.only, session.runbookDeclarations.contains(where: { $0.decl.name == name }) { return [] }
        let declared = try request.only.map { [try canaries.declaration(named: $0)] } ?? canaries.declared
        return try declared.map { found in
            let name = found.decl.name ?? ""
            guard let run = try canaries.run(found.decl, file: found.file, simulate: request.simulate, live: request.live) else {
                return EngineOutcome(name: name, failure: "canary \(name) was not run: --dry-run only planned it")
            }
            let status = run.coordinator.status
            return EngineOutcome(name: run.plan.name,
                                 failure: status == .promoted ? nil : "canary \(run.plan.name) was not promoted: \(status)")
        }
    }
}

/// The simulator's binding: the `simulate` block, read by a canary run (SimulationPlan.swift).
struct SimulatorBinding: EngineBinding {
    var feature: Feature { .simulator }

    /// The defaults are the simulator's own (`SimulatorConfiguration`); `duration` has none,
    /// as a run lasts three times its canary's planned steps unless told.
    static let block: BlockSchema = {
        let model = SimulatorConfiguration()
        return BlockSchema(.simulate, feature: .simulator, settings: [
            .init("seed", .number, default: .number(Double(model.seed)), doc: "Seeds the random traffic, so a run repeats.",
                  example: "7"),
            .init("start", .timestamp, default: .number(Double(model.start) / 1000), doc: "When the simulated run starts.",
                  example: "@2025-01-15T14:00:00Z"),
            .init("duration", .duration, doc: "Stops the run here if the canary has not finished.", example: "2h"),
            .init("interval", .duration, default: .duration(seconds: Double(model.scrapeInterval) / 1000),
                  doc: "The spacing of the simulated samples.", example: "15s"),
            .init("traffic", .number, default: .number(model.requestsPerSecond),
                  doc: "Requests per second, both versions together.", example: "100 (requests per second)"),
            .init("preview_traffic", .number, default: .number(model.previewRequestsPerSecond),
                  doc: "Requests per second to the candidate at weight 0 (smoke tests).", example: "5 (requests per second)"),
            .init("error_rate", .percent, default: .number(model.baseErrorRate), doc: "The error rate when no fault applies.",
                  example: "0.1%"),
            .init("latency_median", .duration, default: .duration(seconds: model.latencyMedian),
                  doc: "The median request latency.", example: "100ms"),
            .init("latency_spread", .number, default: .number(model.latencySpread),
                  doc: "σ of log-latency; 0 makes every request take the median.", example: "0.25"),
            .init("fault", .fault, doc: "A fault such as error_rate(5%, at: 2m); may repeat."),
        ])
    }()

    var blocks: [BlockSchema] { [Self.block] }
}
