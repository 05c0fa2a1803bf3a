/// Where a receiver's actions go, as declared in a script:
/// `receiver "checkout-oncall" alertmanager("http://127.0.0.1:9093")`.
public enum DeliveryTarget: Equatable, Sendable, CustomStringConvertible {
    /// An Alertmanager: alerts are POSTed to `/api/v2/alerts`.
    case alertmanager(url: String)
    /// A URL that receives the action as a JSON body with an `Idempotency-Key` header.
    case webhook(url: String)

    public var url: String {
        switch self {
        case .alertmanager(let url), .webhook(let url): url
        }
    }

    public var description: String {
        switch self {
        case .alertmanager(let url): "alertmanager(\(url))"
        case .webhook(let url): "webhook(\(url))"
        }
    }
}
