import DWARF

/// A parsed C expression, gdb style: what `print`, `set var`, `x`, `display`,
/// breakpoint conditions and watchpoints evaluate. Parse once, evaluate as
/// often as the program stops.
public struct Expression: Sendable, CustomStringConvertible {
    /// The text as typed, which is what `display` and `info breakpoints` show.
    public let text: String
    let root: SyntaxNode
    /// A `(name)` could be a cast or a parenthesized variable: parse again with the context's answer.
    let needsContext: Bool

    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = try Parser(text)
        let root = try parser.parse()
        return Expression(text: text, root: root, needsContext: parser.hasAmbiguousCast)
    }

    public var description: String { text }

    /// The tree with every operation parenthesized (`(a + (b * c))`): how the text was read.
    public var structure: String { root.description }

    /// The value: an lvalue (memory or a context location) when the expression
    /// designates an object, so that `&`, assignment and watchpoints work on it.
    public func evaluate(in context: some ExpressionContext) throws(ExpressionError) -> DebugValue {
        try Evaluator(context: context).evaluate(try tree(for: context))
    }

    /// A breakpoint condition: whether the value is non-zero.
    public func evaluateCondition(in context: some ExpressionContext) throws(ExpressionError) -> Bool {
        let evaluator = Evaluator(context: context)
        return try evaluator.truth(of: try evaluator.evaluate(try tree(for: context)))
    }

    /// The address `x` examines: a pointer's value, an array's or a function's
    /// own address, an integer as is (gdb's `value_as_address`).
    public func evaluateAddress(in context: some ExpressionContext) throws(ExpressionError) -> UInt64 {
        let evaluator = Evaluator(context: context)
        return try evaluator.address(of: try evaluator.evaluate(try tree(for: context)))
    }

    private func tree(for context: some ExpressionContext) throws(ExpressionError) -> SyntaxNode {
        guard needsContext else { return root }
        var parser = try Parser(
            text, typeOracle: { name in context.variable(named: name) == nil && context.type(named: name) != nil })
        return try parser.parse()
    }
}
