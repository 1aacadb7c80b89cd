import Foundation

/// A fresh private folder under `/tmp` with a short name (`/tmp/q-XXXXXX`), so socket paths in it stay
/// far below the ~103-byte limit of Unix socket addresses.
package struct TemporaryDirectory: Sendable {
    /// The folder's path, without a trailing slash.
    package let path: String

    /// Creates the folder (mode 0700).
    package init() throws {
        var template = Array("/tmp/q-XXXXXX".utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let made else { throw TestSupportError.cannotCreateTemporaryDirectory(errno: errno) }
        self.path = made
    }

    /// A path inside the folder.
    package func appending(_ name: String) -> String { path + "/" + name }

    /// `FOLDER/s.sock`: a short socket path.
    package var socketPath: String { appending("s.sock") }

    /// Removes the folder and everything in it.
    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with a fresh temporary folder and removes the folder afterwards.
package func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try await body(directory)
}

/// Why a test helper failed.
package enum TestSupportError: Error, CustomStringConvertible, Equatable {
    /// `mkdtemp` failed.
    case cannotCreateTemporaryDirectory(errno: Int32)
    /// A built executable is not next to the test bundle.
    case executableNotFound(name: String, searched: [String])
    /// The daemon exited or stayed silent instead of signalling readiness.
    case daemonNotReady(reason: String, stderr: String)
    /// The daemon did not exit 0 after SIGTERM, or left its socket behind.
    case unclean(reason: String, stderr: String)
    /// A socket call failed.
    case socket(call: String, errno: Int32)
    /// An operation ran over its deadline.
    case timedOut(String)

    package var description: String {
        switch self {
        case .cannotCreateTemporaryDirectory(let code):
            return "cannot create a temporary folder: \(String(cString: strerror(code)))"
        case .executableNotFound(let name, let searched):
            return "\(name) not found; build it first (searched \(searched.joined(separator: ", ")))"
        case .daemonNotReady(let reason, let stderr):
            return "quarryd did not become ready: \(reason)\n--- stderr ---\n\(stderr)"
        case .unclean(let reason, let stderr):
            return "quarryd did not shut down cleanly: \(reason)\n--- stderr ---\n\(stderr)"
        case .socket(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        case .timedOut(let what):
            return "timed out: \(what)"
        }
    }
}
