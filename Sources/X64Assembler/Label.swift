// Labels name code positions that may not be known yet. A label is an index
// into the assembler's label table; each unbound label heads a chain of
// fixups (sites waiting for its offset), patched all at once when it is bound,
// so binding costs O(uses) and emitting a jump allocates nothing new.

/// A position in the code, created by `Assembler.newLabel()` and fixed by `bind(_:)`.
public struct Label: Sendable, Hashable {
    /// The label's index in its assembler; labels of different assemblers must not be mixed.
    public let id: Int

    @inlinable init(id: Int) { self.id = id }
}

/// A site in the code whose value depends on a label's offset:
/// `value = labelOffset - anchor`, stored little-endian in `width` bytes at `position`.
@usableFromInline
struct Fixup: Sendable {
    /// Where the field begins in the code.
    @usableFromInline var position: Int32
    /// The offset the field is relative to (end of the instruction for rel8/rel32).
    @usableFromInline var anchor: Int32
    /// 1 or 4 bytes.
    @usableFromInline var width: UInt8
    /// The next fixup waiting for the same label, or -1.
    @usableFromInline var next: Int32

    @inlinable init(position: Int32, anchor: Int32, width: UInt8, next: Int32) {
        self.position = position
        self.anchor = anchor
        self.width = width
        self.next = next
    }
}

/// What the assembler knows about one label.
@usableFromInline
struct LabelState: Sendable {
    /// The bound offset, or -1 while unbound.
    @usableFromInline var offset: Int32 = -1
    /// The first fixup waiting for this label, or -1.
    @usableFromInline var firstFixup: Int32 = -1

    @inlinable init() {}
}
