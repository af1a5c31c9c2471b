;; exit-code.wasm: run() calls wasi:cli/exit@0.2.12 `exit-with-code(42)`.
;; `exit-with-code` is `@unstable(feature = cli-exit-with-code)` in upstream
;; WIT; the component binary carries no feature gate, it is just an import.
(component
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))
  ))
  (core func $exit-with-code (canon lower (func $exit "exit-with-code")))

  (core module $m
    (import "host" "exit-with-code" (func $exit-with-code (param i32)))
    (func (export "run") (result i32)
      (call $exit-with-code (i32.const 42))
      ;; exit-with-code never returns
      unreachable)
  )
  (core instance $i (instantiate $m
    (with "host" (instance (export "exit-with-code" (func $exit-with-code))))
  ))

  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance))
)
