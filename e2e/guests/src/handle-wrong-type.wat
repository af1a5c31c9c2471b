;; bad/handle-wrong-type.wasm: imports wasi:http/types@0.2.0's incoming-request and
;; response-outparam and exports wasi:http/incoming-handler@0.2.0 with handle taking them swapped
;; (the WIT: func(request: incoming-request, response-out: response-outparam)): the resources
;; match by identity, so serve() refuses it before any request.
(component
  (import "wasi:http/types@0.2.0" (instance $types
    (export "incoming-request" (type (sub resource)))
    (export "response-outparam" (type (sub resource)))
  ))
  (alias export $types "incoming-request" (type $incoming-request))
  (alias export $types "response-outparam" (type $response-outparam))
  (core module $m
    (func (export "handle") (param i32 i32))
  )
  (core instance $i (instantiate $m))
  (type $own-request (own $incoming-request))
  (type $own-outparam (own $response-outparam))
  (func $handle (param "request" $own-outparam) (param "response-out" $own-request)
    (canon lift (core func $i "handle")))
  (instance $handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $handler))
)
