// The protocol module stays on FoundationEssentials where it exists so the thin client starts fast.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
