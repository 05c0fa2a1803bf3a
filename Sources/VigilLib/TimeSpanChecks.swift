import VigilRuntime
import VigilSeries
import VigilSyntax

/// Seconds a program wrote, as milliseconds: beyond `TimeSpan` (`1e300s`) a located error,
/// where a plain conversion would trap.
enum TimeSpanCheck {
    static func milliseconds(_ seconds: Double, file: SourceFile, range: SourceRange) throws -> Milliseconds {
        guard let ms = TimeSpan.milliseconds(seconds) else {
            throw RuntimeError(outOfRange(seconds), hint: TimeSpan.limitText, file: file, range: range)
        }
        return ms
    }

    static func milliseconds(_ seconds: Double, _ call: BuiltinCall) throws -> Milliseconds {
        guard let ms = TimeSpan.milliseconds(seconds) else { throw call.error(outOfRange(seconds), hint: TimeSpan.limitText) }
        return ms
    }

    static func outOfRange(_ seconds: Double) -> String {
        "\(QuantityFormat.duration(seconds)) is out of range"
    }
}
