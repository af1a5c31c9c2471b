;; mixed-versions.wasm: a command component whose imports mix WASI 0.2.x patch
;; versions (two different versions of wasi:cli in one component):
;;   wasi:io/error@0.2.0, wasi:io/streams@0.2.0, wasi:cli/stdout@0.2.0,
;;   wasi:clocks/monotonic-clock@0.2.3, wasi:random/random@0.2.12,
;;   wasi:cli/environment@0.2.6
;; and which exports wasi:cli/run@0.2.0.
;; run(): now(), get-random-u64(), get-arguments(), then writes "mixed ok\n"
;; to stdout with blocking-write-and-flush and returns ok.
(component $C
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))
  ))
  (alias export $io-error "error" (type $error))

  (import "wasi:io/streams@0.2.0" (instance $streams
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

  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer $C $output-stream (type $os0))
    (export "output-stream" (type $os (eq $os0)))
    (type $own-os (own $os))
    (export "get-stdout" (func (result $own-os)))
  ))

  (import "wasi:clocks/monotonic-clock@0.2.3" (instance $clock
    (type $u64 u64)
    (export "instant" (type $instant (eq $u64)))
    (export "now" (func (result $instant)))
  ))

  (import "wasi:random/random@0.2.12" (instance $random
    (export "get-random-u64" (func (result u64)))
  ))

  (import "wasi:cli/environment@0.2.6" (instance $env
    (type $strings (list string))
    (export "get-arguments" (func (result $strings)))
  ))

  ;; Memory and a bump allocator, instantiated first so that the lowerings
  ;; below can refer to them.
  (core module $mem-module
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 4096))
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32)
                                  (param $align i32) (param $size i32) (result i32)
      (local $ptr i32)
      ;; align up
      (local.set $ptr
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $ptr) (local.get $size)))
      ;; grow memory when needed
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
  (core func $now (canon lower (func $clock "now")))
  (core func $get-random-u64 (canon lower (func $random "get-random-u64")))
  (core func $get-arguments
    (canon lower (func $env "get-arguments") (memory $memory) (realloc $realloc)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "blocking-write-and-flush" (func $bwf (param i32 i32 i32 i32)))
    (import "host" "drop-output-stream" (func $drop-os (param i32)))
    (import "host" "now" (func $now (result i64)))
    (import "host" "get-random-u64" (func $get-random-u64 (result i64)))
    (import "host" "get-arguments" (func $get-arguments (param i32)))
    ;; 0..15: return areas; 16: the message
    (data (i32.const 16) "mixed ok\n")
    (func (export "run") (result i32)
      (local $out i32)
      (drop (call $now))
      (drop (call $get-random-u64))
      (call $get-arguments (i32.const 0))
      (local.set $out (call $get-stdout))
      (call $bwf (local.get $out) (i32.const 16) (i32.const 9) (i32.const 8))
      (call $drop-os (local.get $out))
      ;; result<_, stream-error>: discriminant byte at 8
      (i32.load8_u (i32.const 8)))
  )
  (core instance $main-instance (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "host" (instance
      (export "get-stdout" (func $get-stdout))
      (export "blocking-write-and-flush" (func $blocking-write-and-flush))
      (export "drop-output-stream" (func $drop-output-stream))
      (export "now" (func $now))
      (export "get-random-u64" (func $get-random-u64))
      (export "get-arguments" (func $get-arguments))
    ))
  ))

  (func $run (result (result)) (canon lift (core func $main-instance "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
