;; bad/import-unused.wasm: imports example:unused/thing (func `call`), which no host provides,
;; and never calls it; run returns ok. Refused by name before it runs, as wasmtime's linker does.
(component
  (import "example:unused/thing" (instance $thing
    (export "call" (func))
  ))
  (core module $m
    (func (export "run") (result i32)
      (i32.const 0))
  )
  (core instance $i (instantiate $m))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
