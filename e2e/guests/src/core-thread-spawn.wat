;; bad/core-thread-spawn.wasm: a preview 1 core module that imports wasi.thread-spawn (WASI
;; threads). Expect an error naming wasi.thread-spawn.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $spawn (i32.const 0))))
)
