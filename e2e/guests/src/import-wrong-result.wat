;; bad/import-wrong-result.wasm: imports wasi:cli/environment@0.2.0 with get-arguments typed as
;; returning u32 (the WIT: list<string>); run calls it and returns ok. Refused before it runs.
(component
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result u32)))
  ))
  (core func $get-arguments (canon lower (func $env "get-arguments")))
  (core module $m
    (import "host" "get-arguments" (func $get-arguments (result i32)))
    (func (export "run") (result i32)
      (drop (call $get-arguments))
      (i32.const 0))
  )
  (core instance $i (instantiate $m
    (with "host" (instance (export "get-arguments" (func $get-arguments))))
  ))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
