print("wasmscope")
