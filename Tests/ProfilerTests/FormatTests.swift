/// Every output format checked against its definition, on one profiled run
/// of split.wasm: the text reports name the right things; folded lines sum
/// to the sample count; the SVG is well-formed XML with one frame per stack
/// entry; the Firefox Profiler and speedscope files parse, have their
/// required fields, and every index in them points at a row that exists.
import Foundation
import FoundationXML
import Profiler
import Testing

@Suite struct FormatTests {
    private func shared() throws -> (profile: Profile, session: ProfileSession) {
        let (run, session) = try Fixtures.sharedSplitRun.get()
        return (run.profile, session)
    }

    // MARK: - Terminal reports

    @Test func topListsTheBusyFunctionsWithLocations() throws {
        let (profile, _) = try shared()
        let text = TopReport(profile: profile).text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("split.wasm 25000: "))
        let major = try #require(lines.firstIndex { $0.contains("busy_major") })
        let minor = try #require(lines.firstIndex { $0.contains("busy_minor") })
        #expect(major < minor, "busy_major is heavier")
        #expect(lines[major].contains("split.c:"))
    }

    @Test func annotateBreaksTheHotFunctionDownToInstructions() throws {
        let (profile, session) = try shared()
        let text = AnnotateReport(profile: profile, symbolication: session.symbolication, functionLimit: 2).text
        #expect(text.contains("== busy_major (split.wasm"))
        #expect(text.contains("Source lines"))
        #expect(text.contains("HOT: major"), "the hot line's source text")
        #expect(text.contains("Wasm ops"))
        let opRows = text.split(separator: "\n").filter {
            $0.range(of: #"^\s+\d+\.\d%\s+\d+\s+0x[0-9a-f]+\s+(i32|i64|local|br_if|loop)"#, options: .regularExpression) != nil
        }
        #expect(!opRows.isEmpty, "rows of wasm ops with their shares")
        #expect(text.contains("Machine code of the hottest ops"))
        // Instruction rows: a share, an address, the instruction.
        let instructionRows = text.split(separator: "\n").filter {
            $0.range(of: #"^\s+\d+\.\d%\s+0x[0-9a-f]+: \S"#, options: .regularExpression) != nil
        }
        #expect(!instructionRows.isEmpty)
    }

    @Test func treeNestsTheBusyFunctionsUnderMain() throws {
        let (profile, _) = try shared()
        let lines = CallTreeReport(profile: profile).text.split(separator: "\n").map(String.init)
        let main = try #require(lines.firstIndex { $0.hasSuffix(" main") })
        let major = try #require(lines.firstIndex { $0.hasSuffix(" busy_major") })
        func indentation(_ line: String) -> Int {
            let name = line.split(separator: " ", omittingEmptySubsequences: true).last!
            return line.distance(from: line.startIndex, to: line.range(of: " " + name)!.lowerBound)
        }
        #expect(major > main)
        #expect(indentation(lines[major]) == indentation(lines[main]) + 2)
    }

    // MARK: - Folded stacks and SVG

    @Test func foldedLinesSumToTheSampleCount() throws {
        let (profile, _) = try shared()
        let text = FoldedStacks(profile: profile).text
        var sum = 0
        for line in text.split(separator: "\n") {
            let space = try #require(line.lastIndex(of: " "))
            let count = try #require(Int(line[line.index(after: space)...]))
            #expect(count > 0)
            #expect(!line[..<space].isEmpty)
            sum += count
        }
        #expect(sum == profile.totalWeight)
        #expect(text.contains(";main;busy_major "))
    }

    @Test func svgIsWellFormedWithOneFramePerStackEntry() throws {
        let (profile, _) = try shared()
        let svg = FlameGraphSVG(profile: profile).text
        let counter = SVGFrameCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "XML error: \(String(describing: parser.parserError))")
        #expect(counter.rootName == "svg")

        // Stack entries: every distinct prefix of every folded stack, plus the root "all".
        var prefixes: Set<[String]> = []
        for line in FoldedStacks(profile: profile).lines {
            for length in 1...line.stack.count { prefixes.insert(Array(line.stack.prefix(length))) }
        }
        #expect(counter.frames == prefixes.count + 1)
        #expect(counter.titles == counter.frames && counter.rects >= counter.frames)
        #expect(counter.titleTexts.contains { $0.hasPrefix("busy_major (") })
        #expect(counter.hasScript)
    }

    // MARK: - Firefox Profiler

    @Test func firefoxProfileHasTheProcessedFormatsTablesAndValidIndices() throws {
        let (profile, _) = try shared()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(FirefoxProfile(profile: profile).text.utf8)) as? [String: Any])
        let meta = try #require(root["meta"] as? [String: Any])
        #expect(meta["preprocessedProfileVersion"] as? Int == 48)
        #expect((meta["interval"] as? Double ?? 0) > 0)
        #expect((meta["startTime"] as? Double ?? 0) > 1.6e12, "milliseconds since 1970")
        for key in ["processType", "product", "version", "stackwalk", "symbolicated", "markerSchema", "categories"] {
            #expect(meta[key] != nil, "meta.\(key)")
        }
        let categories = try #require(meta["categories"] as? [[String: Any]])
        for category in categories {
            #expect(category["name"] is String && category["color"] is String)
            #expect((category["subcategories"] as? [String])?.first == "Other")
        }
        #expect(root["libs"] is [Any])
        let threads = try #require(root["threads"] as? [[String: Any]])
        #expect(threads.count == 1)
        let thread = threads[0]
        for key in ["name", "pid", "tid", "processType", "processStartupTime", "registerTime", "isMainThread", "pausedRanges"] {
            #expect(thread[key] != nil, "thread.\(key)")
        }
        #expect(thread["pid"] is String)
        let strings = try #require(thread["stringArray"] as? [String])

        func table(_ name: String, _ columns: [String]) throws -> (length: Int, columns: [String: [Any]]) {
            let table = try #require(thread[name] as? [String: Any], "\(name)")
            let length = try #require(table["length"] as? Int, "\(name).length")
            var result: [String: [Any]] = [:]
            for column in columns {
                let values = try #require(table[column] as? [Any], "\(name).\(column)")
                #expect(values.count == length, "\(name).\(column) has \(values.count) rows, length is \(length)")
                result[column] = values
            }
            return (length, result)
        }
        let functions = try table("funcTable", ["name", "isJS", "relevantForJS", "resource", "fileName", "lineNumber", "columnNumber"])
        let frames = try table("frameTable", ["address", "inlineDepth", "category", "subcategory", "func", "nativeSymbol", "innerWindowID", "implementation", "line", "column"])
        let stacks = try table("stackTable", ["frame", "prefix", "category", "subcategory"])
        let samples = try table("samples", ["stack", "time", "weight"])
        _ = try table("markers", ["data", "name", "startTime", "endTime", "phase", "category"])
        _ = try table("resourceTable", ["lib", "name", "host", "type"])
        _ = try table("nativeSymbols", ["libIndex", "address", "name", "functionSize"])

        func index(_ value: Any, below limit: Int, _ what: String) {
            guard let value = value as? Int else {
                Issue.record("\(what): not an integer: \(value)")
                return
            }
            #expect(value >= 0 && value < limit, "\(what) = \(value), limit \(limit)")
        }
        for row in 0..<functions.length {
            index(functions.columns["name"]![row], below: strings.count, "funcTable.name[\(row)]")
            if !(functions.columns["fileName"]![row] is NSNull) {
                index(functions.columns["fileName"]![row], below: strings.count, "funcTable.fileName[\(row)]")
            }
        }
        for row in 0..<frames.length {
            index(frames.columns["func"]![row], below: functions.length, "frameTable.func[\(row)]")
            let category = frames.columns["category"]![row] as! Int
            index(category, below: categories.count, "frameTable.category[\(row)]")
            let subcategories = (categories[category]["subcategories"] as! [String]).count
            index(frames.columns["subcategory"]![row], below: subcategories, "frameTable.subcategory[\(row)]")
        }
        for row in 0..<stacks.length {
            index(stacks.columns["frame"]![row], below: frames.length, "stackTable.frame[\(row)]")
            // A prefix comes before the stacks that extend it.
            if !(stacks.columns["prefix"]![row] is NSNull) {
                index(stacks.columns["prefix"]![row], below: row, "stackTable.prefix[\(row)]")
            }
        }
        var lastTime = -Double.infinity
        var weightSum = 0
        for row in 0..<samples.length {
            index(samples.columns["stack"]![row], below: stacks.length, "samples.stack[\(row)]")
            let time = samples.columns["time"]![row] as! Double
            #expect(time >= lastTime, "sample times in order")
            lastTime = time
            weightSum += samples.columns["weight"]![row] as! Int
        }
        #expect(weightSum == profile.totalWeight)

        // The busy function is there with its file, and its frames with lines.
        let major = try #require((0..<functions.length).first { strings[functions.columns["name"]![$0] as! Int] == "busy_major" })
        let file = try #require(functions.columns["fileName"]![major] as? Int)
        #expect(strings[file].hasSuffix("split.c"))
        #expect((0..<frames.length).contains { frames.columns["func"]![$0] as! Int == major && frames.columns["line"]![$0] is Int })
    }

    // MARK: - speedscope

    @Test func speedscopeFileFollowsTheSchema() throws {
        let (profile, _) = try shared()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(SpeedscopeProfile(profile: profile).text.utf8)) as? [String: Any])
        #expect(root["$schema"] as? String == "https://www.speedscope.app/file-format-schema.json")
        let shared = try #require(root["shared"] as? [String: Any])
        let frames = try #require(shared["frames"] as? [[String: Any]])
        for frame in frames {
            #expect(frame["name"] is String)
            if let file = frame["file"] { #expect(file is String) }
            if let line = frame["line"] { #expect(line is Int) }
        }
        let profiles = try #require(root["profiles"] as? [[String: Any]])
        #expect(profiles.count == 1)
        let sampled = profiles[0]
        #expect(sampled["type"] as? String == "sampled")
        #expect(sampled["name"] is String)
        let units = ["bytes", "microseconds", "milliseconds", "nanoseconds", "none", "seconds"]
        #expect(units.contains(sampled["unit"] as? String ?? ""))
        let start = try #require(sampled["startValue"] as? Double)
        let end = try #require(sampled["endValue"] as? Double)
        #expect(start <= end)
        let samples = try #require(sampled["samples"] as? [[Int]])
        let weights = try #require(sampled["weights"] as? [Double])
        #expect(samples.count == weights.count && samples.count == profile.samples.count)
        #expect(samples.allSatisfy { stack in !stack.isEmpty && stack.allSatisfy { $0 >= 0 && $0 < frames.count } })
        #expect(abs(weights.reduce(0, +) - (end - start)) < 1e-6 * max(1, end))
        if let index = root["activeProfileIndex"] as? Int { #expect(index == 0) }
        // Stacks run from the root down: the busy functions are leaves under main.
        let majorIndex = try #require(frames.firstIndex { $0["name"] as? String == "busy_major" })
        let mainIndex = try #require(frames.firstIndex { $0["name"] as? String == "main" })
        let withMajor = samples.filter { $0.last == majorIndex }
        #expect(!withMajor.isEmpty && withMajor.allSatisfy { $0.contains(mainIndex) && $0.firstIndex(of: mainIndex)! < $0.count - 1 })
    }
}

/// Counts the SVG's frames and checks each has its parts.
private final class SVGFrameCounter: NSObject, XMLParserDelegate {
    var rootName: String?
    var frames = 0
    var titles = 0
    var rects = 0
    var hasScript = false
    var titleTexts: [String] = []
    private var inTitle = false
    private var currentTitle = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if rootName == nil { rootName = name }
        switch name {
        case "g" where attributes["class"] == "frame": frames += 1
        case "title":
            titles += 1
            inTitle = true
            currentTitle = ""
        case "rect": rects += 1
        case "script": hasScript = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { currentTitle += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" {
            inTitle = false
            titleTexts.append(currentTitle)
        }
    }
}
