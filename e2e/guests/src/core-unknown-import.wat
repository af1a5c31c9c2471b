;; bad/core-unknown-import.wasm: a preview 1 core module (it exports _start and memory and
;; imports wasi_snapshot_preview1.fd_write) that also imports env.missing, which neither WASI
;; preview 1 nor options.imports provides. Expect an error naming env.missing.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "missing" (func $missing))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $missing))
)
