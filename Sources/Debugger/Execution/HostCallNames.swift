/// Names the host function a guest is stopped in: "module.name" of the
/// import, found from the host record the call went through (each imported
/// function's reference record in the instance's VM context points at it),
/// or else from the call op at the return address.
import WasmCore
import WasmJIT
import WasmRuntime

struct HostCallNames {
    /// Host record address → "module.name".
    private let namesByRecord: [UInt: String]

    init(instance: Instance) {
        let module = instance.module.module
        var names: [String] = []
        for entry in module.imports where entry.descriptor.isFunction {
            names.append("\(entry.module).\(entry.name)")
        }
        let context = instance.vmContextAddress
        let records = context.load(fromByteOffset: Int(VMContextLayout.functions), as: UnsafeRawPointer.self)
        var byRecord: [UInt: String] = [:]
        for (index, name) in names.enumerated() {
            let record = records + index * Int(FunctionReferenceLayout.size)
            let vmContext = record.load(fromByteOffset: Int(FunctionReferenceLayout.vmContext), as: UInt.self)
            if vmContext != 0 && byRecord[vmContext] == nil { byRecord[vmContext] = name }
        }
        namesByRecord = byRecord
    }

    /// The import behind a host call, from its host record, else from the
    /// `call` op at `callOffset` in `module`.
    func name(hostRecord: UInt, callOffset: Int?, module: Module?) -> String? {
        if let name = namesByRecord[hostRecord] { return name }
        guard let callOffset, let module, callOffset < module.bytes.count, module.bytes[callOffset] == 0x10 else {
            return nil
        }
        var index: UInt32 = 0
        var shift: UInt32 = 0
        var position = callOffset + 1
        while position < module.bytes.count && shift < 35 {
            let byte = module.bytes[position]
            position += 1
            index |= UInt32(byte & 0x7f) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        let imports = module.imports.filter(\.descriptor.isFunction)
        return Int(index) < imports.count ? "\(imports[Int(index)].module).\(imports[Int(index)].name)" : nil
    }
}
