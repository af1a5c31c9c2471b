;; initial-cwd.wasm: prints the value of wasi:cli/environment@0.2.12
;; `initial-cwd` followed by "\n" on stdout, or "none\n" when it is none.
;; Exports wasi:cli/run@0.2.12; run returns ok (err if the write fails).
(component $C
  (import "wasi:io/error@0.2.12" (instance $io-error
    (export "error" (type (sub resource)))
  ))
  (alias export $io-error "error" (type $error))

  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer $C $error (type $error0))
    (export "error" (type $err (eq $error0)))
    (export "output-stream" (type $os (sub resource)))
    (type $own-err (own $err))
    (type $stream-error0 (variant (case "last-operation-failed" $own-err) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error0)))
    (type $borrow-os (borrow $os))
    (type $bytes (list u8))
    (type $write-result (result (error $stream-error)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" $borrow-os) (param "contents" $bytes) (result $write-result)))
  ))
  (alias export $streams "output-stream" (type $output-stream))

  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer $C $output-stream (type $os0))
    (export "output-stream" (type $os (eq $os0)))
    (type $own-os (own $os))
    (export "get-stdout" (func (result $own-os)))
  ))

  (import "wasi:cli/environment@0.2.12" (instance $env
    (type $opt-string (option string))
    (export "initial-cwd" (func (result $opt-string)))
  ))

  (core module $mem-module
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 4096))
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32)
                                  (param $align i32) (param $size i32) (result i32)
      (local $ptr i32)
      (local.set $ptr
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $ptr) (local.get $size)))
      (block $done
        (loop $grow
          (br_if $done
            (i32.le_u (global.get $next) (i32.mul (memory.size) (i32.const 65536))))
          (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
          (br $grow)))
      (if (local.get $old-size)
        (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old-size))))
      (local.get $ptr))
  )
  (core instance $mem-instance (instantiate $mem-module))
  (alias core export $mem-instance "memory" (core memory $memory))
  (alias core export $mem-instance "cabi_realloc" (core func $realloc))

  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $blocking-write-and-flush
    (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
      (memory $memory)))
  (core func $drop-output-stream (canon resource.drop $output-stream))
  (core func $initial-cwd
    (canon lower (func $env "initial-cwd") (memory $memory) (realloc $realloc)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "blocking-write-and-flush" (func $bwf (param i32 i32 i32 i32)))
    (import "host" "drop-output-stream" (func $drop-os (param i32)))
    (import "host" "initial-cwd" (func $initial-cwd (param i32)))
    ;; 0..11: option<string> return area; 16..23: write result; 32: strings
    (data (i32.const 32) "none\n")
    (data (i32.const 40) "\n")
    (func (export "run") (result i32)
      (local $out i32)
      (call $initial-cwd (i32.const 0))
      (local.set $out (call $get-stdout))
      (if (i32.load8_u (i32.const 0))
        (then
          ;; some(string): ptr at 4, len at 8
          (call $bwf (local.get $out) (i32.load (i32.const 4)) (i32.load (i32.const 8)) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (i32.const 1))))
          (call $bwf (local.get $out) (i32.const 40) (i32.const 1) (i32.const 16)))
        (else
          (call $bwf (local.get $out) (i32.const 32) (i32.const 5) (i32.const 16))))
      (call $drop-os (local.get $out))
      (i32.load8_u (i32.const 16)))
  )
  (core instance $main-instance (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "host" (instance
      (export "get-stdout" (func $get-stdout))
      (export "blocking-write-and-flush" (func $blocking-write-and-flush))
      (export "drop-output-stream" (func $drop-output-stream))
      (export "initial-cwd" (func $initial-cwd))
    ))
  ))

  (func $run (result (result)) (canon lift (core func $main-instance "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance))
)
