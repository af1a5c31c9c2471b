;; bad/core-no-start.wasm: a preview 1 core module without _start (a reactor, exporting only
;; add). run() refuses it naming _start; instantiate() calls add.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
)
