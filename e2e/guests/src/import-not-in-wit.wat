;; bad/import-not-in-wit.wasm: imports wasi:cli/environment@0.2.0 and wasi:cli/exit@0.2.0 with a
;; function named `constructor`, which neither WIT has (a JS object's `constructor` is a built-in,
;; not a host function); run calls both and returns ok. Refused before it runs.
(component
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "constructor" (func))
  ))
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "constructor" (func))
  ))
  (core func $env-constructor (canon lower (func $env "constructor")))
  (core func $exit-constructor (canon lower (func $exit "constructor")))
  (core module $m
    (import "host" "env" (func $env))
    (import "host" "exit" (func $exit))
    (func (export "run") (result i32)
      (call $env)
      (call $exit)
      (i32.const 0))
  )
  (core instance $i (instantiate $m
    (with "host" (instance
      (export "env" (func $env-constructor))
      (export "exit" (func $exit-constructor))
    ))
  ))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
