;; bad/wasi-0.3-import.wasm: a valid component that imports wasi:random/random at
;; 0.3.0 (a WASI version wasi-browser does not provide; it serves 0.2.x) and exports
;; wasi:cli/run@0.2.12, whose run calls get-random-u64 and returns ok.
(component
  (import "wasi:random/random@0.3.0" (instance $random
    (export "get-random-u64" (func (result u64)))
  ))
  (core func $u64 (canon lower (func $random "get-random-u64")))
  (core module $m
    (import "wasi:random/random@0.3.0" "get-random-u64" (func $u64 (result i64)))
    (func (export "run") (result i32)
      (drop (call $u64))
      (i32.const 0))
  )
  (core instance $i (instantiate $m
    (with "wasi:random/random@0.3.0" (instance (export "get-random-u64" (func $u64))))
  ))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance))
)
