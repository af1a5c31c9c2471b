;; bad/missing-import.wasm: a valid component that imports an interface no
;; host provides (example:missing/thing, func `call: func()`) and exports
;; wasi:cli/run@0.2.12, whose run calls call() and returns ok.
(component
  (import "example:missing/thing" (instance $thing
    (export "call" (func))
  ))
  (core func $call (canon lower (func $thing "call")))
  (core module $m
    (import "host" "call" (func $call))
    (func (export "run") (result i32)
      (call $call)
      (i32.const 0))
  )
  (core instance $i (instantiate $m
    (with "host" (instance (export "call" (func $call))))
  ))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance))
)
