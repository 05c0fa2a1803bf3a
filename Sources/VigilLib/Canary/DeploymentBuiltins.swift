import VigilCheck
import VigilRuntime
import VigilSeries
import VigilStore

/// `deployments(service)` and `last_deployment(service)`: the deployments the store holds,
/// as records `{service, version, previous, status, strategy, started, age}` (`age` a
/// duration up to the evaluation time).
extension CanaryBinding {
    static let deploymentBuiltins: [EngineBuiltin] = [
        EngineBuiltin(builtin("last_deployment", [param("service", .string, .service)], .kind(.deployment), .canary, .canary,
                              "The service's most recent deployment: {service, version, previous, status, strategy, started, age}.",
                              example: "last_deployment(\"checkout\")")) { session in
            let canaries = session.canaries
            return { args, call in
                let service = try serviceName(args[0], call)
                guard let db = try open(canaries, call),
                      let last = try read(call, { try db.deployments.lastDeployment(service: service) }) else { return .nodata }
                return record(last, now: call.now)
            }
        },
        EngineBuiltin(builtin("deployments", [param("service", .string, .service)], .kind(.list), .canary, .canary,
                              "The service's deployments from the store, oldest first, as last_deployment's records.",
                              example: "deployments(\"checkout\")")) { session in
            let canaries = session.canaries
            return { args, call in
                let service = try serviceName(args[0], call)
                guard let db = try open(canaries, call) else { return .list([]) }
                let all = try read(call) { try db.deployments.deployments(service: service) }
                return .list(all.map { record($0, now: call.now) })
            }
        },
    ]

    static func record(_ d: Deployment, now: Double) -> Value {
        let started = Double(d.startedAt) / 1000
        return .record(Record([
            ("service", .string(d.service)), ("version", .string(d.version)),
            ("previous", d.previousVersion.map(Value.string) ?? .none), ("status", .string(d.status.rawValue)),
            ("strategy", .string(d.strategy.rawValue)), ("started", .number(started, .timestamp)),
            ("age", .number(max(0, now - started), .duration)),
        ]))
    }

    static func serviceName(_ v: Value, _ call: BuiltinCall) throws -> String {
        switch v {
        case .string(let s): return s
        case .object(let s as ServiceObject): return s.name
        case .object(let c as CanaryRun): return c.plan.name
        default: throw call.error("expected a service such as \"checkout\", found \(v.described)")
        }
    }

    static func open(_ canaries: CanaryRegistry, _ call: BuiltinCall) throws -> VigilDatabase? {
        do { return try canaries.store() } catch { throw call.error("cannot open the deployment store: \(error)", hint: "give --db PATH or set VIGIL_DB") }
    }

    static func read<T>(_ call: BuiltinCall, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw call.error("cannot read deployments: \(error)") }
    }
}
