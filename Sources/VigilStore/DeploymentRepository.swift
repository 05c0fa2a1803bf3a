import GRDB
import VigilSeries

/// Deployments with their stages, traffic changes, rollback events and status history.
public struct DeploymentRepository: Sendable {
    let database: VigilDatabase

    /// Records a new running deployment.
    ///
    /// When `previousVersion` is nil it is taken from the service's latest promoted
    /// deployment, which is the version that was serving until now.
    @discardableResult
    public func create(
        service: String, version: String, strategy: DeploymentStrategy,
        at startedAt: Timestamp, previousVersion: String? = nil
    ) throws -> Deployment {
        guard !service.isEmpty, !version.isEmpty else {
            throw StoreError(.invalidData, "a deployment needs a service and a version (got service \"\(service)\", version \"\(version)\")")
        }
        return try database.writer.write { db in
            let previous = try previousVersion ?? String.fetchOne(db, sql: """
                SELECT version FROM deployments WHERE service = ? AND status = 'promoted'
                ORDER BY started_at DESC, id DESC LIMIT 1
                """, arguments: [service])
            try db.execute(sql: """
                INSERT INTO deployments (service, version, previous_version, strategy, status, started_at)
                VALUES (?, ?, ?, ?, 'running', ?)
                """, arguments: [service, version, previous, strategy.rawValue, startedAt])
            return try Self.fetch(db, id: db.lastInsertedRowID)
        }
    }

    /// Moves a deployment to a new status; finishing statuses also set `finishedAt`.
    /// Throws `invalidTransition` for moves the lifecycle forbids (see `DeploymentStatus.allowedNext`).
    @discardableResult
    public func transition(_ deploymentID: Int64, to status: DeploymentStatus, at time: Timestamp) throws -> Deployment {
        try database.writer.write { db in
            try Self.transition(db, deploymentID, to: status, at: time)
        }
    }

    /// Starts a traffic stage. Stage indices must be new for the deployment.
    @discardableResult
    public func startStage(_ deploymentID: Int64, index: Int, weight: Double, at time: Timestamp) throws -> DeploymentStage {
        guard weight >= 0, weight <= 100 else {
            throw StoreError(.invalidData, "stage \(index) of deployment \(deploymentID): weight \(weight)% is outside 0...100")
        }
        return try database.writer.write { db in
            let deployment = try Self.fetch(db, id: deploymentID)
            guard !deployment.status.isFinished else {
                throw StoreError(.invalidTransition, "deployment \(deploymentID) is \(deployment.status.rawValue); it cannot start stage \(index)")
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM deployment_stages WHERE deployment_id = ? AND stage_index = ?",
                                 arguments: [deploymentID, index]) == true {
                throw StoreError(.invalidTransition, "deployment \(deploymentID) already has a stage \(index)")
            }
            try db.execute(sql: """
                INSERT INTO deployment_stages (deployment_id, stage_index, weight, started_at) VALUES (?, ?, ?, ?)
                """, arguments: [deploymentID, index, weight, time])
            return try Self.fetchStage(db, deploymentID, index: index)
        }
    }

    /// Ends a started stage with an outcome; a stage ends once.
    @discardableResult
    public func endStage(_ deploymentID: Int64, index: Int, outcome: StageOutcome, at time: Timestamp) throws -> DeploymentStage {
        try database.writer.write { db in
            let stage = try Self.fetchStage(db, deploymentID, index: index)
            if let ended = stage.outcome {
                throw StoreError(.invalidTransition, "stage \(index) of deployment \(deploymentID) already ended as \(ended.rawValue)")
            }
            try db.execute(sql: """
                UPDATE deployment_stages SET ended_at = ?, outcome = ? WHERE deployment_id = ? AND stage_index = ?
                """, arguments: [time, outcome.rawValue, deploymentID, index])
            return try Self.fetchStage(db, deploymentID, index: index)
        }
    }

    /// Records a change of traffic weight on the new version.
    @discardableResult
    public func recordTrafficChange(
        _ deploymentID: Int64, from fromWeight: Double, to toWeight: Double, reason: String, at time: Timestamp
    ) throws -> TrafficChange {
        for weight in [fromWeight, toWeight] where !(0...100).contains(weight) {
            throw StoreError(.invalidData, "deployment \(deploymentID): traffic weight \(weight)% is outside 0...100")
        }
        return try database.writer.write { db in
            _ = try Self.fetch(db, id: deploymentID)
            try db.execute(sql: """
                INSERT INTO traffic_changes (deployment_id, at, from_weight, to_weight, reason) VALUES (?, ?, ?, ?, ?)
                """, arguments: [deploymentID, time, fromWeight, toWeight, reason])
            return TrafficChange(deploymentID: deploymentID, at: time, fromWeight: fromWeight, toWeight: toWeight, reason: reason)
        }
    }

    /// Records a rollback rule that fired and, in the same transaction, marks a running or
    /// paused deployment `rolled_back`. Further events on an already rolled-back deployment
    /// are kept (several rules may trip on one tick); promoted or aborted ones refuse them.
    @discardableResult
    public func recordRollback(
        _ deploymentID: Int64, rule: String, observed: [String: Double], reason: String, at time: Timestamp
    ) throws -> RollbackEvent {
        let observedJSON = try RowDecoding.observedJSON(observed)
        return try database.writer.write { db in
            let deployment = try Self.fetch(db, id: deploymentID)
            if deployment.status != .rolledBack {
                _ = try Self.transition(db, deploymentID, to: .rolledBack, at: time)
            }
            try db.execute(sql: """
                INSERT INTO rollback_events (deployment_id, at, rule, observed, reason) VALUES (?, ?, ?, ?, ?)
                """, arguments: [deploymentID, time, rule, observedJSON, reason])
            return RollbackEvent(deploymentID: deploymentID, at: time, rule: rule, observed: observed, reason: reason)
        }
    }

    /// The deployment with this id, if any.
    public func deployment(_ id: Int64) throws -> Deployment? {
        try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM deployments WHERE id = ?", arguments: [id]).map(Self.deployment)
        }
    }

    /// A service's deployments, newest first.
    public func deployments(service: String) throws -> [Deployment] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM deployments WHERE service = ? ORDER BY started_at DESC, id DESC
                """, arguments: [service]).map(Self.deployment)
        }
    }

    /// Every service's deployments that started in `[from, through]`, oldest first: the
    /// changes an anomaly's root cause is looked for among.
    public func deployments(startedFrom from: Timestamp, through: Timestamp) throws -> [Deployment] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM deployments WHERE started_at BETWEEN ? AND ? ORDER BY started_at, id
                """, arguments: [from, through]).map(Self.deployment)
        }
    }

    /// The newest deployment of a service, or nil when it has none.
    public func lastDeployment(service: String) throws -> Deployment? {
        try database.writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM deployments WHERE service = ? ORDER BY started_at DESC, id DESC LIMIT 1
                """, arguments: [service]).map(Self.deployment)
        }
    }

    /// A deployment's stages in index order.
    public func stages(_ deploymentID: Int64) throws -> [DeploymentStage] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM deployment_stages WHERE deployment_id = ? ORDER BY stage_index
                """, arguments: [deploymentID]).map(Self.stage)
        }
    }

    /// A deployment's traffic changes, oldest first.
    public func trafficChanges(_ deploymentID: Int64) throws -> [TrafficChange] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM traffic_changes WHERE deployment_id = ? ORDER BY at, id",
                             arguments: [deploymentID]).map { row in
                TrafficChange(deploymentID: row["deployment_id"], at: row["at"], fromWeight: row["from_weight"],
                              toWeight: row["to_weight"], reason: row["reason"])
            }
        }
    }

    /// A deployment's rollback events, oldest first.
    public func rollbackEvents(_ deploymentID: Int64) throws -> [RollbackEvent] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rollback_events WHERE deployment_id = ? ORDER BY at, id",
                             arguments: [deploymentID]).map { row in
                RollbackEvent(deploymentID: row["deployment_id"], at: row["at"], rule: row["rule"],
                              observed: try RowDecoding.observed(fromJSON: row["observed"]), reason: row["reason"])
            }
        }
    }

    private static func transition(_ db: Database, _ deploymentID: Int64, to status: DeploymentStatus, at time: Timestamp) throws -> Deployment {
        let current = try fetch(db, id: deploymentID)
        guard current.status.allowedNext.contains(status) else {
            throw StoreError(.invalidTransition,
                             "deployment \(deploymentID) of \(current.service) cannot go from \(current.status.rawValue) to \(status.rawValue)")
        }
        try db.execute(sql: "UPDATE deployments SET status = ?, finished_at = ? WHERE id = ?",
                       arguments: [status.rawValue, status.isFinished ? time : nil, deploymentID])
        return try fetch(db, id: deploymentID)
    }

    private static func fetch(_ db: Database, id: Int64) throws -> Deployment {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deployments WHERE id = ?", arguments: [id]) else {
            throw StoreError(.notFound, "no deployment with id \(id)")
        }
        return try deployment(row)
    }

    private static func fetchStage(_ db: Database, _ deploymentID: Int64, index: Int) throws -> DeploymentStage {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deployment_stages WHERE deployment_id = ? AND stage_index = ?",
                                         arguments: [deploymentID, index]) else {
            throw StoreError(.notFound, "deployment \(deploymentID) has no stage \(index)")
        }
        return try stage(row)
    }

    private static func deployment(_ row: Row) throws -> Deployment {
        Deployment(
            id: row["id"], service: row["service"], version: row["version"], previousVersion: row["previous_version"],
            strategy: try RowDecoding.decode(DeploymentStrategy.self, row["strategy"], column: "strategy", table: "deployments"),
            status: try RowDecoding.decode(DeploymentStatus.self, row["status"], column: "status", table: "deployments"),
            startedAt: row["started_at"], finishedAt: row["finished_at"])
    }

    private static func stage(_ row: Row) throws -> DeploymentStage {
        let outcome: String? = row["outcome"]
        return DeploymentStage(
            deploymentID: row["deployment_id"], index: row["stage_index"], weight: row["weight"],
            startedAt: row["started_at"], endedAt: row["ended_at"],
            outcome: try outcome.map { try RowDecoding.decode(StageOutcome.self, $0, column: "outcome", table: "deployment_stages") })
    }
}
