import GRDB

/// The versioned schema. Migrations run in order, once each, and are never edited after
/// release: a change to the schema is a new migration appended here.
///
/// Times are Int64 milliseconds since the Unix epoch, the same unit as sample timestamps,
/// so that replays on a virtual clock store exactly the times they computed.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-series-and-samples", migrate: createSeriesAndSamples)
        migrator.registerMigration("2-deployments", migrate: createDeployments)
        migrator.registerMigration("3-incidents", migrate: createIncidents)
        migrator.registerMigration("4-action-journal-and-audit", migrate: createJournalAndAudit)
        migrator.registerMigration("5-incident-timeline", migrate: createIncidentTimeline)
        migrator.registerMigration("6-actions-layer", migrate: ActionsSchema.create)
        migrator.registerMigration("7-exec-outcome", migrate: ActionsSchema.addExecOutcome)
        migrator.registerMigration("8-journal-by-kind", migrate: ActionsSchema.indexByKind)
        migrator.registerMigration("9-journal-withdrawn", migrate: ActionsSchema.allowWithdrawn)
        migrator.registerMigration("10-anomaly-events", migrate: EventsSchema.createAnomalyEvents)
        migrator.registerMigration("11-change-events", migrate: EventsSchema.createChangeEvents)
        migrator.registerMigration("12-change-versions", migrate: EventsSchema.addChangeVersions)
        return migrator
    }

    /// Samples keep `value` readable as REAL, but SQLite cannot hold NaN (it turns it into
    /// NULL) and writes integral REALs as integers (losing -0.0). For those values the exact
    /// IEEE-754 bits go to `exact_bits`, so stale markers and NaN payloads survive a round trip.
    @Sendable private static func createSeriesAndSamples(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE series (
                id INTEGER PRIMARY KEY,
                fingerprint TEXT NOT NULL UNIQUE,
                metric_name TEXT NOT NULL,
                labels TEXT NOT NULL
            );
            CREATE INDEX series_by_metric_name ON series(metric_name);
            CREATE TABLE samples (
                series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
                ts INTEGER NOT NULL,
                value REAL,
                exact_bits INTEGER,
                PRIMARY KEY (series_id, ts)
            ) WITHOUT ROWID;
            """)
    }

    @Sendable private static func createDeployments(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE deployments (
                id INTEGER PRIMARY KEY,
                service TEXT NOT NULL,
                version TEXT NOT NULL,
                previous_version TEXT,
                strategy TEXT NOT NULL CHECK (strategy IN ('canary', 'blue_green')),
                status TEXT NOT NULL
                    CHECK (status IN ('running', 'paused', 'promoted', 'rolled_back', 'aborted')),
                started_at INTEGER NOT NULL,
                finished_at INTEGER
            );
            CREATE INDEX deployments_by_service ON deployments(service, started_at);
            CREATE TABLE deployment_stages (
                deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                stage_index INTEGER NOT NULL,
                weight REAL NOT NULL CHECK (weight >= 0 AND weight <= 100),
                started_at INTEGER NOT NULL,
                ended_at INTEGER,
                outcome TEXT CHECK (outcome IN ('passed', 'failed', 'inconclusive', 'aborted')),
                PRIMARY KEY (deployment_id, stage_index)
            ) WITHOUT ROWID;
            CREATE TABLE traffic_changes (
                id INTEGER PRIMARY KEY,
                deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                at INTEGER NOT NULL,
                from_weight REAL NOT NULL,
                to_weight REAL NOT NULL,
                reason TEXT NOT NULL
            );
            CREATE INDEX traffic_changes_by_deployment ON traffic_changes(deployment_id, at);
            CREATE TABLE rollback_events (
                id INTEGER PRIMARY KEY,
                deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                at INTEGER NOT NULL,
                rule TEXT NOT NULL,
                observed TEXT NOT NULL,
                reason TEXT NOT NULL
            );
            CREATE INDEX rollback_events_by_deployment ON rollback_events(deployment_id, at);
            """)
    }

    @Sendable private static func createIncidents(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE incidents (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                severity TEXT NOT NULL CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
                service TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
                opened_at INTEGER NOT NULL,
                acknowledged_at INTEGER,
                resolved_at INTEGER
            );
            CREATE INDEX incidents_by_status ON incidents(status, opened_at);
            """)
    }

    /// Incident timelines (escalations, acknowledgements, missed targets, notes) and when the
    /// problem was detected, for MTTD; existing incidents keep their rows with no timeline.
    @Sendable private static func createIncidentTimeline(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE incidents ADD COLUMN detected_at INTEGER;
            CREATE TABLE incident_events (
                id INTEGER PRIMARY KEY,
                incident_id INTEGER NOT NULL REFERENCES incidents(id),
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX incident_events_by_incident ON incident_events(incident_id, at);
            """)
    }

    @Sendable private static func createJournalAndAudit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE action_journal (
                id INTEGER PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('planned', 'delivered', 'failed', 'recorded')),
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                error TEXT
            );
            CREATE INDEX action_journal_by_time ON action_journal(created_at);
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                event TEXT NOT NULL,
                detail TEXT NOT NULL
            );
            CREATE INDEX audit_log_by_time ON audit_log(at);
            """)
    }
}
