/// `--format svg`: a flame graph as one self-contained SVG file, in the
/// manner of flamegraph.pl: the root at the bottom, each frame as wide as its
/// share of samples, callees stacked on their callers. Hovering a frame shows
/// its name and counts (an SVG <title>, plus the status line); clicking one
/// zooms to it, clicking the root (or "Reset zoom") zooms out. The script is
/// embedded, so the file works offline in any browser.
///
/// Every distinct stack prefix (a node of the call tree merged by name) is
/// one `<g class="frame">`, plus one for the root, "all".
import Foundation

public struct FlameGraphSVG: Sendable {
    public var profile: Profile
    public var title: String
    public var width: Int

    public init(profile: Profile, title: String? = nil, width: Int = 1200) {
        self.profile = profile
        self.title = title ?? "Flame graph: \(profile.metadata.programName)"
        self.width = width
    }

    private static let frameHeight = 16
    private static let fontSize = 12
    private static let margin = 10
    private static let headerHeight = 44
    private static let footerHeight = 24

    /// A node of the name-merged call tree.
    private final class Node {
        let name: String
        let kind: ProfileFunctionKind?
        var weight = 0
        var children: [String: Node] = [:]
        var order: [String] = []

        init(name: String, kind: ProfileFunctionKind?) {
            self.name = name
            self.kind = kind
        }

        func child(_ name: String, kind: ProfileFunctionKind) -> Node {
            if let existing = children[name] { return existing }
            let node = Node(name: name, kind: kind)
            children[name] = node
            order.append(name)
            return node
        }
    }

    private func buildTree() -> Node {
        let root = Node(name: "all", kind: nil)
        for (stack, weight) in profile.weightByStack() {
            root.weight += weight
            var node = root
            for function in profile.functionPath(ofStack: stack) {
                let profileFunction = profile.functions[function]
                node = node.child(FoldedStacks.frameName(profileFunction), kind: profileFunction.kind)
                node.weight += weight
            }
        }
        return root
    }

    public var text: String {
        let root = buildTree()
        var depth = 0
        func measure(_ node: Node, _ level: Int) {
            depth = max(depth, level)
            for child in node.children.values { measure(child, level + 1) }
        }
        measure(root, 0)
        let height = Self.headerHeight + (depth + 1) * Self.frameHeight + Self.footerHeight + Self.margin
        let graphWidth = Double(width - 2 * Self.margin)
        let total = max(root.weight, 1)

        var frames = ""
        // Frames are laid out children sorted by name, as flamegraph.pl does:
        // the x axis is not time, and sorting merges equal callees visually.
        func emit(_ node: Node, x: Double, level: Int) {
            let frameWidth = graphWidth * Double(node.weight) / Double(total)
            let y = height - Self.footerHeight - Self.margin - (level + 1) * Self.frameHeight
            let percent = Double(node.weight) * 100 / Double(total)
            let samples = node.weight == 1 ? "1 sample" : "\(node.weight) samples"
            let info = "\(node.name) (\(samples), \(String(format: "%.2f", percent))%)"
            frames += "<g class=\"frame\" data-x=\"\(Self.number(x))\" data-w=\"\(Self.number(frameWidth))\">"
            frames += "<title>\(Self.escape(info))</title>"
            frames += "<rect x=\"\(Self.number(x + Double(Self.margin)))\" y=\"\(y)\" width=\"\(Self.number(frameWidth))\" "
            frames += "height=\"\(Self.frameHeight - 1)\" rx=\"2\" ry=\"2\" fill=\"\(Self.color(node))\"/>"
            frames += "<text x=\"\(Self.number(x + Double(Self.margin) + 3))\" y=\"\(y + Self.frameHeight - 4)\">"
            frames += Self.escape(Self.fit(node.name, width: frameWidth)) + "</text></g>\n"
            var childX = x
            for name in node.order.sorted() {
                let child = node.children[name]!
                emit(child, x: childX, level: level + 1)
                childX += graphWidth * Double(child.weight) / Double(total)
            }
        }
        emit(root, x: 0, level: 0)

        return """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" data-graph-width="\(Self.number(graphWidth))" data-margin="\(Self.margin)">
            <style type="text/css">
            text { font-family: monospace; font-size: \(Self.fontSize)px; fill: #000; pointer-events: none; }
            .frame rect { stroke: #fff; stroke-width: 0.5; cursor: pointer; }
            .frame:hover rect { stroke: #000; stroke-width: 1; }
            #title { font-size: 17px; text-anchor: middle; }
            #details, #reset { font-size: 12px; }
            #reset { cursor: pointer; pointer-events: all; fill: #06c; }
            </style>
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="#f8f8f8"/>
            <text id="title" x="\(width / 2)" y="24">\(Self.escape(title))</text>
            <text id="reset" x="\(Self.margin)" y="24" visibility="hidden">Reset zoom</text>
            <text id="details" x="\(Self.margin)" y="\(height - Self.margin)"> </text>
            <g id="frames">
            \(frames)</g>
            <script type="text/ecmascript"><![CDATA[
            \(Self.script)
            ]]></script>
            </svg>

            """
    }

    /// Click to zoom, hover for details. Frames keep their original geometry
    /// in data-x/data-w; zooming maps [x, x + w) of the clicked frame to the
    /// full width, hides frames outside it and widens its ancestors.
    private static let script = """
        (function () {
          var svg = document.documentElement;
          var graphWidth = parseFloat(svg.getAttribute('data-graph-width'));
          var margin = parseFloat(svg.getAttribute('data-margin'));
          var frames = Array.prototype.slice.call(document.querySelectorAll('g.frame'));
          var details = document.getElementById('details');
          var reset = document.getElementById('reset');
          function fit(g, width) {
            var text = g.querySelector('text');
            var name = g.querySelector('title').textContent.replace(/ \\([^()]*\\)$/, '');
            var chars = Math.floor((width - 6) / 7);
            text.textContent = chars < 3 ? '' : (name.length <= chars ? name : name.slice(0, chars - 2) + '..');
          }
          function zoom(target) {
            var zx = parseFloat(target.getAttribute('data-x'));
            var zw = parseFloat(target.getAttribute('data-w'));
            var ty = parseFloat(target.querySelector('rect').getAttribute('y'));
            var scale = graphWidth / zw;
            frames.forEach(function (g) {
              var x = parseFloat(g.getAttribute('data-x'));
              var w = parseFloat(g.getAttribute('data-w'));
              var rect = g.querySelector('rect');
              var text = g.querySelector('text');
              var y = parseFloat(rect.getAttribute('y'));
              var nx, nw;
              if (y > ty && x <= zx + 1e-6 && x + w >= zx + zw - 1e-6) {
                nx = 0; nw = graphWidth;                  // an ancestor: full width
              } else if (x >= zx - 1e-6 && x + w <= zx + zw + 1e-6 && y <= ty) {
                nx = (x - zx) * scale; nw = w * scale;    // inside the zoomed frame
              } else {
                g.style.display = 'none';
                return;
              }
              g.style.display = '';
              rect.setAttribute('x', nx + margin);
              rect.setAttribute('width', nw);
              text.setAttribute('x', nx + margin + 3);
              fit(g, nw);
            });
            reset.setAttribute('visibility', zw < graphWidth - 1e-6 ? 'visible' : 'hidden');
          }
          frames.forEach(function (g) {
            g.addEventListener('click', function () { zoom(g); });
            g.addEventListener('mouseover', function () {
              details.textContent = g.querySelector('title').textContent;
            });
            g.addEventListener('mouseout', function () { details.textContent = ' '; });
          });
          reset.addEventListener('click', function () { zoom(frames[0]); });
        })();
        """

    /// Text that fits a frame of `width` pixels at about 7 pixels a character.
    private static func fit(_ name: String, width: Double) -> String {
        let characters = Int((width - 6) / 7)
        if characters < 3 { return "" }
        if name.count <= characters { return name }
        return String(name.prefix(characters - 2)) + ".."
    }

    /// Warm colors for wasm code (hashed from the name, so a function keeps
    /// its color), yellow for inlined frames, blue for host calls, grey for the rest.
    private static func color(_ node: Node) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in node.name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let vary = Int(hash % 55)
        switch node.kind {
        case .wasm: return "rgb(\(205 + vary % 50),\(90 + vary),\(40 + vary % 20))"
        case .inlined: return "rgb(\(220 + vary % 30),\(190 + vary % 40),\(60 + vary % 30))"
        case .hostImport, .builtin: return "rgb(\(80 + vary % 40),\(140 + vary % 50),\(215 + vary % 30))"
        case .engineStub, .outsideGuest, nil: return "rgb(\(170 + vary % 30),\(170 + vary % 30),\(170 + vary % 30))"
        }
    }

    private static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                // XML 1.0 forbids most control characters, even escaped.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                    scalar.value < 0x20 && scalar != "\t" && scalar != "\n"
                {
                    result += " "
                } else {
                    result.append(character)
                }
            }
        }
        return result
    }
}
