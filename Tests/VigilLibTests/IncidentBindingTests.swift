import XCTest
import VigilEngines
import VigilLib
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// Incidents in the language: an SLO's page alert opens one incident per SLO and label set
/// and resolves it with the alert; `open_incident` deduplicates; `alarm` and `incidents`
/// read what is open; the errors say which.
final class IncidentBindingTests: XCTestCase {
    static let slo = """
        slo checkout_availability {
          service checkout
          objective 99.9%
          good = series("http_requests_total", service: "checkout", code: "200")
          total = series("http_requests_total", service: "checkout")
          alert multiwindow
        }

        """

    /// 1000 requests a minute: clean for 2h, 2% failing (20x) for 1h, clean for 2h.
    static func burn() throws -> SeriesStore {
        var store = SeriesStore()
        try store.add(try SeriesNotation("0+1000x120 120980+980x60 179780+1000x120").series(
            labels: Labels(name: "http_requests_total", ["service": "checkout", "code": "200"])))
        try store.add(try SeriesNotation("0x120 20+20x60 1200x120").series(
            labels: Labels(name: "http_requests_total", ["service": "checkout", "code": "500"])))
        return store
    }

    func session(_ source: String, store: SeriesStore = SeriesStore(), database: VigilDatabase) throws -> VigilSession {
        let session = VigilSession(store: store)
        session.interpreter.output = { _ in }
        session.useIncidentStore { database }
        try session.load(Parser.parse(SourceFile(path: "t.vigil", text: source)).0)
        return session
    }

    func testAFastBurnOpensOneIncidentResolvedWithThePage() throws {
        let database = try VigilDatabase.inMemory()
        let session = try session(Self.slo, store: try Self.burn(), database: database)
        let runner = RuleRunner(session: session, rules: try session.compileRules())
        let changes = try runner.run(from: 0, through: 5 * 3_600_000)
        let page = changes.filter { $0.rule == "checkout_availability page" && ($0.to == .firing || $0.from == .firing) }
        XCTAssertEqual(page.map(\.to), [.firing, .inactive])
        let incidents = try IncidentDesk(database).list(openOnly: false)
        XCTAssertEqual(incidents.count, 1)
        let incident = try XCTUnwrap(incidents.first)
        XCTAssertEqual(incident.title, "checkout_availability: error budget burning fast")
        XCTAssertEqual(incident.service, "checkout")
        XCTAssertEqual(incident.severity, .p2)
        XCTAssertEqual(incident.status, .resolved)
        // 20x for 43.5 of the last 60 minutes is 14.5x: the 1h window passes 14.4x at 2h43m30s.
        XCTAssertEqual(incident.openedAt, page[0].time)
        XCTAssertEqual(incident.openedAt, (2 * 60 + 43) * 60_000 + 30_000)
        XCTAssertEqual(incident.resolvedAt, page[1].time)
        let timeline = try IncidentDesk(database).lifecycle(incident.id).timeline
        XCTAssertEqual(timeline.last?.note, "burn rate back under the page thresholds")
        // Nothing opens for the ticket rule, which fires too.
        XCTAssertTrue(changes.contains { $0.rule == "checkout_availability ticket" && $0.to == .firing })
    }

    func testAStillFiringAlertInASecondRunFindsTheOpenIncident() throws {
        let database = try VigilDatabase.inMemory()
        for _ in 0..<2 {
            let session = try session(Self.slo, store: try Self.burn(), database: database)
            try RuleRunner(session: session, rules: try session.compileRules()).run(from: 170 * 60_000, through: 170 * 60_000)
        }
        XCTAssertEqual(try IncidentDesk(database).list(openOnly: false).map(\.status), [.open])
    }

    func testOneIncidentPerLabelSet() throws {
        let database = try VigilDatabase.inMemory()
        let source = """
            rule "errors" {
              when series("errors", service: "checkout") > 1
              then open_incident("errors high", severity: P1)
              resolve resolve_incident("errors high")
            }
            """
        var store = SeriesStore()
        try store.add(try SeriesNotation("0 5 5 0").series(labels: Labels(name: "errors", ["service": "checkout", "pod": "a"])))
        try store.add(try SeriesNotation("5 5 0 0").series(labels: Labels(name: "errors", ["service": "checkout", "pod": "b"])))
        let session = try session(source, store: store, database: database)
        try RuleRunner(session: session, rules: try session.compileRules()).run(from: 0, through: 3 * 60_000, every: 60_000)
        let incidents = try IncidentDesk(database).list(openOnly: false).sorted { $0.id < $1.id }
        XCTAssertEqual(incidents.map(\.title), [
            "errors high {pod=\"b\", service=\"checkout\"}",
            "errors high {pod=\"a\", service=\"checkout\"}",
        ])
        XCTAssertEqual(incidents.map(\.severity), [.p1, .p1])
        XCTAssertEqual(incidents.map(\.resolvedAt), [2 * 60_000, 3 * 60_000])
    }

    func testAlarmAndIncidentsReadWhatIsOpenForTheEnclosingService() throws {
        let database = try VigilDatabase.inMemory()
        _ = try IncidentDesk(database).open(title: "checkout down", priority: .p1, service: "checkout", at: 60_000)
        var printed: [String] = []
        let session = VigilSession()
        session.interpreter.output = { printed.append($0) }
        session.useIncidentStore { database }
        let (program, errors) = Parser.parse(SourceFile(path: "t.vigil", text: """
            service checkout {
              signal paging = alarm(P1)
            }
            service search {
              signal paging = alarm(P1)
            }
            print(alarm(P1), alarm(P2), checkout.paging, search.paging)
            print(map(incidents(open: true), fn(i) = i.id + " " + i.title + " " + i.service))

            """))
        XCTAssertEqual(errors.map { $0.render() }, [])
        try session.load(program)
        try session.interpreter.evaluating(Evaluation(time: 120)) { try session.interpreter.run() }
        XCTAssertEqual(printed, ["true false true false", "[\"INC-1 checkout down checkout\"]"])
    }

    func testAnIncidentWithNoServiceIsALocatedError() throws {
        let session = try session("""
            rule "r" {
              when true
              then open_incident("something broke")
            }
            """, database: try VigilDatabase.inMemory())
        XCTAssertThrowsError(try RuleRunner(session: session, rules: try session.compileRules()).run(from: 0, through: 0)) { error in
            let e = error as? RuntimeError
            XCTAssertEqual(e?.diagnostic.render().components(separatedBy: "\n").first,
                           "t.vigil:3:8: error: `open_incident` does not know which service the incident is for")
            XCTAssertEqual(e?.hint, "say it: open_incident(\"something broke\", severity: P2, service: \"checkout\"), or put the rule in the service")
        }
    }

    func testOutsideARuleOpeningAnIncidentIsRefused() throws {
        let session = try session("open_incident(\"x\", service: \"checkout\")\n", database: try VigilDatabase.inMemory())
        XCTAssertThrowsError(try session.interpreter.run()) { error in
            XCTAssertTrue((error as? RuntimeError)?.message.hasPrefix("`open_incident` can only run as a rule's `then` or `resolve` action") ?? false,
                          "\(error)")
        }
    }
}
