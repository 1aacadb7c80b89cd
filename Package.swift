// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Quarry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quarry-index", targets: ["quarry-index"]),
        .executable(name: "quarryd", targets: ["quarryd"]),
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // Wire types and locations shared by every executable; Foundation(Essentials) only.
        .target(name: "QuarryProtocol", swiftSettings: strictSettings),
        // Articles in: reading, decoding, cleaning, metadata, offset maps. Pure Swift.
        .target(name: "QuarryIngest", swiftSettings: strictSettings),
        // Quotes, speakers and entities from clean text. Pure Swift.
        .target(name: "QuarryExtract", dependencies: ["QuarryIngest"], swiftSettings: strictSettings),
        // The query language: parser and FTS5 MATCH compiler. Pure Swift.
        .target(name: "QuarryQuery", swiftSettings: strictSettings),
        // The one SQLite setting Swift cannot make (`sqlite3_config` is variadic).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The SQLite index: schema, migrations, writes, read-only queries. The only GRDB importer.
        .target(
            name: "QuarryIndex",
            dependencies: [
                "QuarryProtocol", "QuarryIngest", "QuarryExtract", "QuarryQuery", "CSQLiteTuning",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // The daemon: NIO socket server, request dispatch, lifecycle.
        .target(
            name: "QuarryServer",
            dependencies: [
                "QuarryProtocol", "QuarryIndex",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strictSettings
        ),
        // The thin client: a plain Unix socket, the protocol, output formats. No GRDB, no NIO.
        .target(name: "QuarryClient", dependencies: ["QuarryProtocol"], swiftSettings: strictSettings),
        .executableTarget(
            name: "quarry-index",
            dependencies: [
                "QuarryIndex", "QuarryIngest", "QuarryExtract", "QuarryProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "quarryd",
            dependencies: [
                "QuarryServer", "QuarryProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "quarry",
            dependencies: [
                "QuarryClient", "QuarryProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings,
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld", "-Xlinker", "-no-pie"], .when(platforms: [.linux])), .linkedLibrary("_FoundationCShims", .when(platforms: [.linux])), .linkedLibrary("swiftSynchronization", .when(platforms: [.linux])), .linkedLibrary("_FoundationCollections", .when(platforms: [.linux]))]
        ),
        // Temp dirs, fixture articles, running the real binaries. No product imports it.
        .target(name: "QuarryTestSupport", dependencies: ["QuarryProtocol"], swiftSettings: strictSettings),
        .testTarget(name: "QuarryIngestTests", dependencies: ["QuarryIngest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuarryExtractTests", dependencies: ["QuarryExtract", "QuarryIngest"]),
        .testTarget(name: "QuarryQueryTests", dependencies: ["QuarryQuery", "QuarryTestSupport"]),
        .testTarget(
            name: "QuarryClientTests", dependencies: ["QuarryClient", "QuarryProtocol", "QuarryTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "QuarryIndexTests",
            dependencies: [
                "QuarryIndex", "QuarryIngest", "QuarryExtract", "QuarryProtocol", "QuarryTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The socket server against a test double of the engine, and the real quarryd process.
        .testTarget(
            name: "QuarryServerTests",
            dependencies: [
                "QuarryServer", "QuarryProtocol", "QuarryTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Crash safety, serving through faults, fuzzing and access checks against the real binaries.
        // Fast by default; scripts/stress runs the long version (QUARRY_STRESS=1).
        .testTarget(
            name: "QuarryReliabilityTests",
            dependencies: ["QuarryProtocol", "QuarryTestSupport", "QuarryQuery"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "QuarryEndToEndTests",
            dependencies: ["QuarryProtocol", "QuarryTestSupport"]
        ),
    ]
)

// Micro-benchmarks of the hot paths (scripts/bench-micro), with ordo-one/benchmark. Only when
// QUARRY_BENCHMARKS is set, so ordinary builds, tests and CI never resolve or build that package.
// They live in this package because the modules they measure use `package` access.
if Context.environment["QUARRY_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "QuarryBenchmarks",
            dependencies: [
                "QuarryIngest", "QuarryExtract", "QuarryQuery", "QuarryProtocol",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/QuarryBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
