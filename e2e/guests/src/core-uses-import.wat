;; core/uses-import.wasm: a preview 1 core module that imports env.twice (i32) -> i32, given by
;; the page through options.imports, and exits with twice(21) through proc_exit: 42.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (call $twice (i32.const 21))))
)
