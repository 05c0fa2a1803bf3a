import GRDB

/// The tables of events the anomaly engine keeps across sessions: the anomalies it found and
/// the changes (config, feature flags, deployments from elsewhere) ingested to explain them.
enum EventsSchema {
    /// One row per anomaly of one signal's label set and method, keyed by its onset so that a
    /// replay or a second evaluation updates the row instead of adding one. `end_at` is NULL
    /// while it is open; the numbers are the detector's at the peak.
    @Sendable static func createAnomalyEvents(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE anomaly_events (
                id INTEGER PRIMARY KEY,
                subject TEXT NOT NULL,
                labels TEXT NOT NULL,
                shown_labels TEXT NOT NULL,
                service TEXT,
                method TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('spike', 'drop')),
                onset INTEGER NOT NULL,
                peak INTEGER NOT NULL,
                end_at INTEGER,
                value REAL NOT NULL,
                baseline REAL NOT NULL,
                deviation REAL NOT NULL,
                score REAL NOT NULL,
                threshold REAL NOT NULL,
                unit TEXT NOT NULL,
                UNIQUE (subject, labels, method, onset)
            );
            CREATE INDEX anomaly_events_by_onset ON anomaly_events(onset);
            """)
    }

    /// Changes that are not deployments of this store (or are, made by another tool), for
    /// root cause. The same change ingested twice is one row.
    @Sendable static func createChangeEvents(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE change_events (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                service TEXT NOT NULL,
                kind TEXT NOT NULL,
                description TEXT NOT NULL,
                change_id TEXT,
                author TEXT,
                UNIQUE (at, service, kind, description)
            );
            CREATE INDEX change_events_by_time ON change_events(at);
            """)
    }

    /// A deployment ingested as a change event may name its version and the one it replaced.
    @Sendable static func addChangeVersions(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE change_events ADD COLUMN version TEXT;
            ALTER TABLE change_events ADD COLUMN previous_version TEXT;
            """)
    }
}
