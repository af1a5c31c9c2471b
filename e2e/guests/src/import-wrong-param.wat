;; bad/import-wrong-param.wasm: imports wasi:cli/exit@0.2.0 with exit-with-code taking a string
;; (the WIT: u8); run calls it with "hello". Refused before it runs.
(component
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit-with-code" (func (param "status-code" string)))
  ))
  (core module $mem-module
    (memory (export "memory") 1)
    (data (i32.const 16) "hello")
  )
  (core instance $mem-instance (instantiate $mem-module))
  (alias core export $mem-instance "memory" (core memory $memory))
  (core func $exit-with-code (canon lower (func $exit "exit-with-code") (memory $memory)))
  (core module $m
    (import "host" "exit-with-code" (func $exit-with-code (param i32 i32)))
    (func (export "run") (result i32)
      (call $exit-with-code (i32.const 16) (i32.const 5))
      (i32.const 0))
  )
  (core instance $i (instantiate $m
    (with "host" (instance (export "exit-with-code" (func $exit-with-code))))
  ))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
