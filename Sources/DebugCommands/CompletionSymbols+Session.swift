/// Where completion's names come from in a session: the module's functions,
/// source files and globals (fixed for the session, so gathered once), and
/// the variables of the selected frame (new at every stop).
import Debugger

extension CompletionSymbols {
    /// Functions, source files and globals; no locals.
    public init(sessionWideNamesOf session: DebugSession) {
        let symbolizer = session.codeMap.symbolizer
        let functions = session.module.compiledModule.functions.map { symbolizer.functionName($0.functionIndex) }
        let files = (session.debugInfo?.sourceFiles ?? []).map { path in
            path.split(separator: "/").last.map(String.init) ?? path
        }
        let globals = (session.debugInfo?.globalVariables ?? []).map(\.name).filter { !$0.isEmpty }
        self.init(
            functions: Array(Set(functions)).sorted(), sourceFiles: Array(Set(files)).sorted(),
            globals: Array(Set(globals)).sorted())
    }

    /// The selected frame's parameters and locals, when the program is stopped.
    public static func localNames(in session: DebugSession) -> [String] {
        guard session.state.isStopped, let frame = session.selectedFrame else { return [] }
        return [true, false].flatMap { parameters in
            ((try? session.variables(of: frame, parameters: parameters)) ?? []).map(\.variable.name)
        }
    }
}
