/// The version every executable reports.
public enum QuarryVersion {
    public static let current = "0.1.0"
}
