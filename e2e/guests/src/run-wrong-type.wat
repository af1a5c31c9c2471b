;; bad/run-wrong-type.wasm: exports wasi:cli/run@0.2.0 with run typed as returning u32 (the WIT:
;; result); run returns 7. Refused before it runs.
(component
  (core module $m
    (func (export "run") (result i32)
      (i32.const 7))
  )
  (core instance $i (instantiate $m))
  (func $run (result u32) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
