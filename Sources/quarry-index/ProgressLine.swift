import Foundation

/// A one-line progress indicator on stderr, shown only on a terminal and at most five times a second.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private var last = Date.distantPast
    private var visible = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ text: String) {
        guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
        last = Date()
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        visible = true
    }

    func clear() {
        guard enabled, visible else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        visible = false
    }
}
