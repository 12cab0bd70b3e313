/// The command line of `wasmscope-bench jit`: the decode benchmark's options
/// for the module to compile, plus the workloads' own.
struct JITBenchmarkOptions {
    var corpus: Options
    var programsDirectory = JITToolchain.defaultProgramsDirectory
    var workloadRuns = 3
    var skipWorkloads = false

    init(arguments: [String]) {
        var rest: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--programs": programsDirectory = iterator.next() ?? programsDirectory
            case "--workload-runs": workloadRuns = Int(iterator.next() ?? "") ?? workloadRuns
            case "--skip-workloads": skipWorkloads = true
            default: rest.append(argument)
            }
        }
        // The corpus options keep their meaning and their defaults, apart from fewer runs: a compile takes a while.
        corpus = Options(arguments: ["jit", "--runs", "5"] + rest)
    }
}
