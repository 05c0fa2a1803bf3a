import XCTest
import VigilCheck
import VigilLib

/// `vigil doc` documents the checker's catalog; every series builtin there must exist at run
/// time, with the catalog's positional parameters accepted by the runtime builtin.
final class SeriesCatalogTests: XCTestCase {
    func testEverySeriesBuiltinInTheCatalogIsRegistered() {
        let session = VigilSession()
        for entry in VigilCheck.Builtin.all where entry.feature == .series && entry.name != "baseline" {
            guard let runtime = session.interpreter.builtin(named: entry.name) else {
                XCTFail("`\(entry.name)` is in the catalog but not registered")
                continue
            }
            XCTAssertGreaterThanOrEqual(runtime.parameters.count, entry.positional.count, entry.signature)
            XCTAssertLessThanOrEqual(runtime.required, entry.minPositional, entry.signature)
            for named in entry.parameters where named.namedOnly {
                XCTAssertTrue(runtime.parameters.contains(named.name), "\(entry.signature): no `\(named.name):` at run time")
            }
        }
    }
}
