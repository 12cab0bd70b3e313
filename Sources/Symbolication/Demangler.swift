/// Turns the linkage names clang and rustc put in the name section into what
/// a programmer wrote: `_ZNK8geometry6Circle4areaEv` becomes
/// `geometry::Circle::area() const`. C names pass through unchanged.
import CDemangle
import Glibc

public enum Demangler {
    public static func demangle(_ name: String) -> String {
        // Itanium names start with _Z (or __Z where a platform adds an underscore).
        guard name.hasPrefix("_Z") || name.hasPrefix("__Z") else { return name }
        guard let raw = wsc_demangle(name) else { return name }
        defer { free(raw) }
        return stripRustHash(String(cString: raw))
    }

    /// Rust's legacy mangling is Itanium-shaped and ends in a `::h` plus 16 hex
    /// digits of crate hash, which nobody wants to read in a backtrace.
    private static func stripRustHash(_ name: String) -> String {
        guard let range = name.range(of: "::h", options: .backwards) else { return name }
        let hash = name[range.upperBound...]
        guard hash.count == 16, hash.allSatisfy(\.isHexDigit) else { return name }
        return String(name[..<range.lowerBound])
    }
}
