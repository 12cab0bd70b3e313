/// sock_accept, sock_recv, sock_send, sock_shutdown: a guest cannot be
/// given sockets here, so each is `ENOTSUP` for any open descriptor (and
/// `EBADF` for a closed one) without touching guest memory.
extension WASIHost {
    func sockUnsupported(_ descriptor: UInt32) throws(WASIErrno) {
        _ = try descriptors.entry(descriptor)
        throw .notSupported
    }
}
