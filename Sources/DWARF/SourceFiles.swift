import CDwarf

/// Source file paths, deduplicated across units so that line rows can carry a
/// small index instead of a string each.
struct SourceFileTable {
    private(set) var paths: [String] = []
    private var indexByPath: [String: UInt32] = [:]

    mutating func index(of path: String) -> UInt32 {
        if let index = indexByPath[path] { return index }
        let index = UInt32(paths.count)
        paths.append(path)
        indexByPath[path] = index
        return index
    }
}

enum UnitFileNames {
    /// A unit's file table as full paths, the way llvm-dwarfdump spells them: a relative
    /// name joins its include directory, and a relative directory joins the unit's
    /// compilation directory.
    static func read(_ unit: UnitRecord) -> [String] {
        var die = unit.die.raw
        var files: OpaquePointer?
        var count = 0
        guard dwarf_getsrcfiles(&die, &files, &count) == 0, let files, count < 1 << 20 else { return [] }
        let compilationDirectory = unit.compilationDirectory ?? ""
        return (0..<count).map { index in
            guard let name = dwarf_filesrc(files, index, nil, nil) else { return "" }
            let path = String(cString: name)
            // libdw joins a name to its include directory but leaves a relative
            // directory relative; llvm-dwarfdump and gdb put the unit's directory in front.
            guard !path.hasPrefix("/"), !compilationDirectory.isEmpty, path != "???" else { return path }
            return compilationDirectory + "/" + path
        }
    }
}

/// Path comparisons for `file:line` queries.
enum SourcePath {
    /// Drops `.` components and doubled slashes; `..` stays, since resolving it
    /// would need the file system the program was built on.
    static func normalized(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        let components = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = components.joined(separator: "/")
        return isAbsolute ? "/" + joined : joined
    }

    /// A query names a file when it is its full path, a suffix of it that starts
    /// at a component boundary, or its base name.
    static func matches(query: String, path: String) -> Bool {
        let query = normalized(query)
        let path = normalized(path)
        guard !query.isEmpty else { return false }
        if path == query { return true }
        return path.hasSuffix("/" + query)
    }
}
