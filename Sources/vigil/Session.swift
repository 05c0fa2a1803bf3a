import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

extension EvalSettings {
    /// A session over the `--db` samples and the `--data` files, loaded all or nothing;
    /// exit 2 on a data error. A command that also writes to the store (a canary records its
    /// deployment) may name a database that does not exist yet: it is created on first write.
    func makeSession(databaseMayBeNew: Bool = false) throws -> VigilSession {
        var store = SeriesStore()
        if let database, database != ":memory:", !(databaseMayBeNew && !FileManager.default.fileExists(atPath: database)) {
            // Reading a database that does not exist would create an empty one and evaluate on nothing.
            guard FileManager.default.fileExists(atPath: database) else {
                printError("vigil: error: no database at \(database) (store data there with `vigil ingest --db \(database) FILE…`)")
                throw ExitCode(2)
            }
            do {
                store = try openDatabase(database).samples.load()
            } catch let exit as ExitCode {
                throw exit
            } catch {
                printError("vigil: error: \(error)")
                throw ExitCode(2)
            }
        }
        for path in dataFiles {
            do {
                try store.ingest(contentsOfFile: path)
            } catch {
                printError("vigil: error: \(error)")
                throw ExitCode(2)
            }
        }
        return VigilSession(options: try runOptions(), store: store)
    }
}
