public enum SmeltVersion {
    public static let current = "0.1.0"
}
