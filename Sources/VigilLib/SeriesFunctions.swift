/// Installs every §4 function over series into a session, sharing one store of per-call-site
/// incremental state, and the `baseline` of signals outside canaries.
enum SeriesFunctions {
    static func install(in session: VigilSession) {
        let sites = session.seriesCallSites
        SeriesRangeBuiltins.install(in: session, sites: sites)
        SeriesAggregation.install(in: session, sites: sites)
        SeriesRatioBuiltin.install(in: session, sites: sites)
        SeriesSmoothingBuiltins.install(in: session, sites: sites)
        SeriesTrendBuiltins.install(in: session)
        VectorMatchingBuiltins.install(in: session)
        session.interpreter.baselineHook = SignalBaseline.hook(for: session.context)
    }
}
