import GRDB

/// The actions layer's tables: the journal (one row per idempotency key), the alerts held
/// in Alertmanager, the runs, and `vigil watch`'s rule states.
///
/// The journal of migration 4 had no run, no destination and no dead letters, and nothing
/// ever wrote it; it is replaced rather than altered (SQLite cannot change a CHECK).
enum ActionsSchema {
    @Sendable static func create(_ db: Database) throws {
        try db.execute(sql: """
            DROP TABLE action_journal;
            CREATE TABLE action_journal (
                id INTEGER PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                run TEXT NOT NULL,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                destination TEXT NOT NULL,
                origin TEXT NOT NULL,
                action TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('planned', 'pending', 'delivered', 'dead-letter')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                error TEXT
            );
            CREATE INDEX action_journal_by_run ON action_journal(run, id);
            CREATE INDEX action_journal_pending ON action_journal(state, next_attempt_at) WHERE state = 'pending';
            CREATE TABLE active_alerts (
                id TEXT PRIMARY KEY,
                rule TEXT NOT NULL,
                labels TEXT NOT NULL,
                url TEXT NOT NULL,
                action TEXT NOT NULL,
                last_sent_at INTEGER
            );
            CREATE TABLE runs (
                id TEXT PRIMARY KEY,
                command TEXT NOT NULL,
                file TEXT NOT NULL,
                mode TEXT NOT NULL,
                started_at INTEGER NOT NULL
            );
            CREATE TABLE rule_states (
                file TEXT NOT NULL,
                rule TEXT NOT NULL,
                labels TEXT NOT NULL,
                state TEXT NOT NULL,
                active_since INTEGER,
                fired_at INTEGER,
                keep_firing_since INTEGER,
                PRIMARY KEY (file, rule, labels)
            ) WITHOUT ROWID;
            """)
    }

    /// What a program an `exec` ran did, recorded on its own entry after it ran.
    @Sendable static func addExecOutcome(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE action_journal ADD COLUMN outcome TEXT")
    }

    /// A watch reads the silences journaled beside it every evaluation: by kind, not by a
    /// scan of the whole journal.
    @Sendable static func indexByKind(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX action_journal_by_kind ON action_journal(kind, id)")
    }

    /// A notification withdrawn before its group's flush gets a state of its own. SQLite
    /// cannot change a CHECK, so the journal is copied into a table that allows it, with its
    /// ids (the journal's order) and indexes.
    @Sendable static func allowWithdrawn(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE action_journal_new (
                id INTEGER PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                run TEXT NOT NULL,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                destination TEXT NOT NULL,
                origin TEXT NOT NULL,
                action TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('planned', 'pending', 'delivered', 'dead-letter', 'withdrawn')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                error TEXT,
                outcome TEXT
            );
            INSERT INTO action_journal_new (id, idempotency_key, run, kind, target, destination, origin, action, state,
                attempts, next_attempt_at, created_at, updated_at, error, outcome)
            SELECT id, idempotency_key, run, kind, target, destination, origin, action, state,
                attempts, next_attempt_at, created_at, updated_at, error, outcome FROM action_journal;
            DROP TABLE action_journal;
            ALTER TABLE action_journal_new RENAME TO action_journal;
            CREATE INDEX action_journal_by_run ON action_journal(run, id);
            CREATE INDEX action_journal_pending ON action_journal(state, next_attempt_at) WHERE state = 'pending';
            CREATE INDEX action_journal_by_kind ON action_journal(kind, id);
            """)
    }
}
