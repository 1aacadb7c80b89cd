import Foundation

/// Finds the package's executables (`quarryd`, `quarry`, `quarry-index`) in the build folder the tests
/// run from, so end-to-end tests launch exactly what was just built.
package enum BuiltExecutables {
    /// The path of executable `name`.
    ///
    /// Looks in `QUARRY_BIN_DIR` when set, else next to the test bundle: on Linux the test runner is
    /// `.build/debug/<Package>PackageTests.xctest` itself; on macOS the executables sit beside the
    /// `.xctest` bundle.
    package static func path(of name: String) throws -> String {
        let folders = candidateFolders()
        for folder in folders {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError.executableNotFound(name: name, searched: folders)
    }

    private static func candidateFolders() -> [String] {
        var folders: [String] = []
        if let override = ProcessInfo.processInfo.environment["QUARRY_BIN_DIR"], !override.isEmpty {
            folders.append(override)
        }
        var starts = [CommandLine.arguments.first, Bundle.main.executablePath].compactMap { $0 }
        starts += Bundle.allBundles.map(\.bundlePath).filter { $0.hasSuffix(".xctest") }
        for start in starts {
            var url = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            // Walk up out of a macOS bundle (`X.xctest/Contents/MacOS`).
            for _ in 0..<4 {
                if !folders.contains(url.path) { folders.append(url.path) }
                url.deleteLastPathComponent()
            }
        }
        return folders
    }
}
