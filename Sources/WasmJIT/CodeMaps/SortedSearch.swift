/// The one binary search the code maps' lookups share: they are arrays
/// sorted by an offset, searched by machine or module offset.
extension RandomAccessCollection where Index == Int {
    /// The index of the first element for which `isBefore` is false, or
    /// `endIndex`. Every element `isBefore` holds for must come first.
    public func partitionPoint(where isBefore: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = (low + high) / 2
            if isBefore(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
