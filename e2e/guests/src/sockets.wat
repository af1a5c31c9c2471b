;; sockets.wasm: asks wasi:sockets@0.2.12 for a TCP socket, a UDP socket and a
;; name lookup, and prints one line per call with the error code's name:
;;   "tcp <code>\n" from tcp-create-socket.create-tcp-socket(ipv4)
;;   "udp <code>\n" from udp-create-socket.create-udp-socket(ipv4)
;;   "lookup <code>\n" from ip-name-lookup.resolve-addresses(instance-network(), "example.com")
;; A call that succeeds prints "ok" instead of a code (and its resource is dropped).
;; Exports wasi:cli/run@0.2.12; run returns ok, or err if a write fails.
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

  (import "wasi:sockets/network@0.2.12" (instance $network
    (export "network" (type (sub resource)))
    (type $error-code0 (enum
      "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory"
      "timeout" "concurrency-conflict" "not-in-progress" "would-block" "invalid-state"
      "new-socket-limit" "address-not-bindable" "address-in-use" "remote-unreachable"
      "connection-refused" "connection-reset" "connection-aborted" "datagram-too-large"
      "name-unresolvable" "temporary-resolver-failure" "permanent-resolver-failure"))
    (export "error-code" (type (eq $error-code0)))
    (type $family0 (enum "ipv4" "ipv6"))
    (export "ip-address-family" (type (eq $family0)))
  ))
  (alias export $network "network" (type $network-type))
  (alias export $network "error-code" (type $error-code))
  (alias export $network "ip-address-family" (type $family))

  (import "wasi:sockets/instance-network@0.2.12" (instance $instance-network
    (alias outer $C $network-type (type $net0))
    (export "network" (type $net (eq $net0)))
    (type $own-net (own $net))
    (export "instance-network" (func (result $own-net)))
  ))

  (import "wasi:sockets/tcp@0.2.12" (instance $tcp
    (export "tcp-socket" (type (sub resource)))
  ))
  (alias export $tcp "tcp-socket" (type $tcp-socket))

  (import "wasi:sockets/tcp-create-socket@0.2.12" (instance $tcp-create
    (alias outer $C $error-code (type $ec0))
    (export "error-code" (type $ec (eq $ec0)))
    (alias outer $C $family (type $fam0))
    (export "ip-address-family" (type $fam (eq $fam0)))
    (alias outer $C $tcp-socket (type $sock0))
    (export "tcp-socket" (type $sock (eq $sock0)))
    (type $own-sock (own $sock))
    (type $create-result (result $own-sock (error $ec)))
    (export "create-tcp-socket" (func (param "address-family" $fam) (result $create-result)))
  ))

  (import "wasi:sockets/udp@0.2.12" (instance $udp
    (export "udp-socket" (type (sub resource)))
  ))
  (alias export $udp "udp-socket" (type $udp-socket))

  (import "wasi:sockets/udp-create-socket@0.2.12" (instance $udp-create
    (alias outer $C $error-code (type $ec0))
    (export "error-code" (type $ec (eq $ec0)))
    (alias outer $C $family (type $fam0))
    (export "ip-address-family" (type $fam (eq $fam0)))
    (alias outer $C $udp-socket (type $sock0))
    (export "udp-socket" (type $sock (eq $sock0)))
    (type $own-sock (own $sock))
    (type $create-result (result $own-sock (error $ec)))
    (export "create-udp-socket" (func (param "address-family" $fam) (result $create-result)))
  ))

  (import "wasi:sockets/ip-name-lookup@0.2.12" (instance $lookup
    (alias outer $C $network-type (type $net0))
    (export "network" (type $net (eq $net0)))
    (alias outer $C $error-code (type $ec0))
    (export "error-code" (type $ec (eq $ec0)))
    (export "resolve-address-stream" (type $stream (sub resource)))
    (type $borrow-net (borrow $net))
    (type $own-stream (own $stream))
    (type $resolve-result (result $own-stream (error $ec)))
    (export "resolve-addresses"
      (func (param "network" $borrow-net) (param "name" string) (result $resolve-result)))
  ))
  (alias export $lookup "resolve-address-stream" (type $resolve-address-stream))

  (core module $mem-module
    (memory (export "memory") 1)
  )
  (core instance $mem-instance (instantiate $mem-module))
  (alias core export $mem-instance "memory" (core memory $memory))

  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $blocking-write-and-flush
    (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
      (memory $memory)))
  (core func $drop-output-stream (canon resource.drop $output-stream))
  (core func $instance-network (canon lower (func $instance-network "instance-network")))
  (core func $drop-network (canon resource.drop $network-type))
  (core func $create-tcp-socket
    (canon lower (func $tcp-create "create-tcp-socket") (memory $memory)))
  (core func $drop-tcp-socket (canon resource.drop $tcp-socket))
  (core func $create-udp-socket
    (canon lower (func $udp-create "create-udp-socket") (memory $memory)))
  (core func $drop-udp-socket (canon resource.drop $udp-socket))
  (core func $resolve-addresses
    (canon lower (func $lookup "resolve-addresses") (memory $memory)))
  (core func $drop-resolve-address-stream (canon resource.drop $resolve-address-stream))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "blocking-write-and-flush" (func $bwf (param i32 i32 i32 i32)))
    (import "host" "drop-output-stream" (func $drop-os (param i32)))
    (import "host" "instance-network" (func $instance-network (result i32)))
    (import "host" "drop-network" (func $drop-network (param i32)))
    (import "host" "create-tcp-socket" (func $create-tcp (param i32 i32)))
    (import "host" "drop-tcp-socket" (func $drop-tcp (param i32)))
    (import "host" "create-udp-socket" (func $create-udp (param i32 i32)))
    (import "host" "drop-udp-socket" (func $drop-udp (param i32)))
    (import "host" "resolve-addresses" (func $resolve (param i32 i32 i32 i32)))
    (import "host" "drop-resolve-address-stream" (func $drop-stream (param i32)))

    ;; Memory map:
    ;;   0..7     result<own<_>, error-code> return area: tag byte at 0, payload at 4
    ;;   16..27   write result return area
    ;;   64..     constant strings
    ;;   1024..   the line being built
    ;; Enum case names in case order, each followed by ",".
    (data (i32.const 64)
      "unknown,access-denied,not-supported,invalid-argument,out-of-memory,"
      "timeout,concurrency-conflict,not-in-progress,would-block,invalid-state,"
      "new-socket-limit,address-not-bindable,address-in-use,remote-unreachable,"
      "connection-refused,connection-reset,connection-aborted,datagram-too-large,"
      "name-unresolvable,temporary-resolver-failure,permanent-resolver-failure,")
    (data (i32.const 800) "tcp ")      ;; 4
    (data (i32.const 808) "udp ")      ;; 4
    (data (i32.const 816) "lookup ")   ;; 7
    (data (i32.const 824) "ok,")
    (data (i32.const 832) "example.com") ;; 11
    (global $names i32 (i32.const 64))
    (global $line i32 (i32.const 1024))
    (global $out (mut i32) (i32.const 0))

    ;; Copies the comma-terminated name starting at $src to $dst; returns its length.
    (func $copy-name (param $src i32) (param $dst i32) (result i32)
      (local $n i32)
      (block $end
        (loop $next
          (br_if $end (i32.eq (i32.load8_u (i32.add (local.get $src) (local.get $n))) (i32.const 44)))
          (i32.store8 (i32.add (local.get $dst) (local.get $n))
            (i32.load8_u (i32.add (local.get $src) (local.get $n))))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $n))

    ;; The address of the $case-th name in the table (0-based).
    (func $find-name (param $case i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $names))
      (block $found
        (loop $skip
          (br_if $found (i32.eqz (local.get $case)))
          (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 44))
            (then (local.set $case (i32.sub (local.get $case) (i32.const 1)))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $skip)))
      (local.get $p))

    ;; Writes "<prefix><name of the result at 0>\n"; returns the write's tag (0 = ok).
    (func $report (param $prefix i32) (param $prefix-len i32) (result i32)
      (local $len i32)
      (memory.copy (global.get $line) (local.get $prefix) (local.get $prefix-len))
      (local.set $len (local.get $prefix-len))
      (local.set $len (i32.add (local.get $len)
        (call $copy-name
          (if (result i32) (i32.load8_u (i32.const 0))
            (then (call $find-name (i32.load8_u (i32.const 4))))
            (else (i32.const 824)))
          (i32.add (global.get $line) (local.get $len)))))
      (i32.store8 (i32.add (global.get $line) (local.get $len)) (i32.const 10))
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (call $bwf (global.get $out) (global.get $line) (local.get $len) (i32.const 16))
      (i32.load8_u (i32.const 16)))

    (func (export "run") (result i32)
      (local $net i32)
      (local $failed i32)
      (global.set $out (call $get-stdout))

      ;; ip-address-family: ipv4 = 0
      (call $create-tcp (i32.const 0) (i32.const 0))
      (if (i32.eqz (i32.load8_u (i32.const 0))) (then (call $drop-tcp (i32.load (i32.const 4)))))
      (local.set $failed (i32.or (local.get $failed) (call $report (i32.const 800) (i32.const 4))))

      (call $create-udp (i32.const 0) (i32.const 0))
      (if (i32.eqz (i32.load8_u (i32.const 0))) (then (call $drop-udp (i32.load (i32.const 4)))))
      (local.set $failed (i32.or (local.get $failed) (call $report (i32.const 808) (i32.const 4))))

      (local.set $net (call $instance-network))
      (call $resolve (local.get $net) (i32.const 832) (i32.const 11) (i32.const 0))
      (if (i32.eqz (i32.load8_u (i32.const 0))) (then (call $drop-stream (i32.load (i32.const 4)))))
      (local.set $failed (i32.or (local.get $failed) (call $report (i32.const 816) (i32.const 7))))
      (call $drop-network (local.get $net))

      (call $drop-os (global.get $out))
      (local.get $failed))
  )
  (core instance $main-instance (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "host" (instance
      (export "get-stdout" (func $get-stdout))
      (export "blocking-write-and-flush" (func $blocking-write-and-flush))
      (export "drop-output-stream" (func $drop-output-stream))
      (export "instance-network" (func $instance-network))
      (export "drop-network" (func $drop-network))
      (export "create-tcp-socket" (func $create-tcp-socket))
      (export "drop-tcp-socket" (func $drop-tcp-socket))
      (export "create-udp-socket" (func $create-udp-socket))
      (export "drop-udp-socket" (func $drop-udp-socket))
      (export "resolve-addresses" (func $resolve-addresses))
      (export "drop-resolve-address-stream" (func $drop-resolve-address-stream))
    ))
  ))

  (func $run (result (result)) (canon lift (core func $main-instance "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance))
)
