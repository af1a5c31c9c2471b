#!/usr/bin/env bash
# Rebuilds every guest component of e2e/guests/built/ from e2e/guests/src/, and the C
# commands also as preview 1 core modules (built/core/).
# Needs: clang with the wasm32-wasi target + wasi-libc (Debian: clang, lld,
# wasi-libc), node, and the repository's node_modules (jco 1.35).
# Idempotent: builds into a temporary directory, then replaces built/.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SRC=$HERE/src
OUT=$HERE/built
JCO_JS=$ROOT/node_modules/@bytecodealliance/jco/dist/jco.js
CC=${CC:-clang}
CFLAGS=(--target=wasm32-wasi -O2 -Wall -Wextra -Werror -s)

die() { echo "build.sh: error: $*" >&2; exit 1; }
trap 'echo "build.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

command -v node >/dev/null || die "node not found"
command -v "$CC" >/dev/null || die "$CC not found (apt-get install clang lld wasi-libc)"
[ -f "$JCO_JS" ] || die "jco not found at $JCO_JS (run npm install in $ROOT)"

# jco with the preopen workaround (see src/jco-preload.mjs).
jco() { node --import "$SRC/jco-preload.mjs" "$JCO_JS" "$@"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/guests-build.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
B=$TMP/built
mkdir -p "$B/bad" "$B/core" "$TMP/obj"

step() { echo "==> $*"; }

# C command: src/NAME.c -> built/NAME.wasm (preview1 command adapter).
c_command() {
  local name=$1 wit=${2:-} world=${3:-}
  step "$name.wasm (C command)"
  "$CC" "${CFLAGS[@]}" -o "$TMP/obj/$name.core.wasm" "$SRC/$name.c"
  local core=$TMP/obj/$name.core.wasm
  if [ -n "$wit" ]; then
    jco embed --wit "$wit" -n "$world" "$core" -o "$TMP/obj/$name.embed.wasm"
    core=$TMP/obj/$name.embed.wasm
  fi
  jco new "$core" --wasi-command -o "$B/$name.wasm"
  # The same program as a preview 1 core module (no adapter), for worker/preview1/.
  if [ -z "$wit" ]; then cp "$TMP/obj/$name.core.wasm" "$B/core/$name.wasm"; fi
}

# WAT component: src/NAME.wat -> DEST
wat_component() {
  local name=$1 dest=$2
  step "${dest#"$B"/} (WAT)"
  jco parse "$SRC/$name.wat" -o "$dest"
}

c_command hello
c_command cli
c_command uses-import "$SRC/wit/host.wit" uses-import
c_command fs-ops
c_command fs-bench
c_command dir-ops
c_command fs-edges

step "core/p1-calls.wasm (C, raw preview 1 calls; a core module only)"
"$CC" "${CFLAGS[@]}" -o "$B/core/p1-calls.wasm" "$SRC/p1-calls.c"

step "calc.wasm (C library, hand-written canonical ABI)"
"$CC" "${CFLAGS[@]}" -nostartfiles -Wl,--no-entry -o "$TMP/obj/calc.core.wasm" "$SRC/calc.c"
if node -e 'process.exit(require("fs").readFileSync(process.argv[1]).includes("wasi_snapshot_preview1") ? 0 : 1)' "$TMP/obj/calc.core.wasm"; then
  die "calc.core.wasm unexpectedly imports WASI preview1"
fi
jco embed --wit "$SRC/wit/calc.wit" -n calc-lib "$TMP/obj/calc.core.wasm" -o "$TMP/obj/calc.embed.wasm"
jco new "$TMP/obj/calc.embed.wasm" -o "$B/calc.wasm"

wat_component exit-code "$B/exit-code.wasm"
wat_component mixed-versions "$B/mixed-versions.wasm"
wat_component initial-cwd "$B/initial-cwd.wasm"
wat_component sockets "$B/sockets.wasm"

# wasi:http guests: hand-written canonical ABI against the WASI 0.2.12 WIT that jco ships.
http_wit() { # NAME -> a WIT folder: src/wit/NAME.wit with the WASI packages in deps/
  local dir=$TMP/wit-$1
  mkdir -p "$dir/deps"
  cp "$SRC/wit/$1.wit" "$dir/"
  cp -r "$ROOT/node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12/"* "$dir/deps/"
  echo "$dir"
}
step "http-client.wasm (C command, raw wasi:http; a reactor with its own _start, see the source)"
"$CC" "${CFLAGS[@]}" -mexec-model=reactor -o "$TMP/obj/http-client.core.wasm" "$SRC/http-client.c"
jco embed --wit "$(http_wit http-client)" -n client "$TMP/obj/http-client.core.wasm" -o "$TMP/obj/http-client.embed.wasm"
jco new "$TMP/obj/http-client.embed.wasm" --wasi-command -o "$B/http-client.wasm"
step "http-handler.wasm (C wasi:http/proxy handler for serve(), raw ABI, reactor adapter)"
"$CC" "${CFLAGS[@]}" -mexec-model=reactor -o "$TMP/obj/http-handler.core.wasm" "$SRC/http-handler.c"
jco embed --wit "$(http_wit http-handler)" -n handler "$TMP/obj/http-handler.core.wasm" -o "$TMP/obj/http-handler.embed.wasm"
jco new "$TMP/obj/http-handler.embed.wasm" --wasi-reactor -o "$B/http-handler.wasm"

step "wasi-calls.wasm (C command, every wasi:io/clocks/random/cli function on the raw ABI; a reactor with its own _start)"
"$CC" "${CFLAGS[@]}" -mexec-model=reactor -o "$TMP/obj/wasi-calls.core.wasm" "$SRC/wasi-calls.c"
jco embed --wit "$(http_wit wasi-calls)" -n calls "$TMP/obj/wasi-calls.core.wasm" -o "$TMP/obj/wasi-calls.embed.wasm"
jco new "$TMP/obj/wasi-calls.embed.wasm" --wasi-command -o "$B/wasi-calls.wasm"

step "kv-counter.wasm (C command, raw wasi:keyvalue@0.2.0-draft2 and wasi:config; a reactor with its own _start)"
mkdir -p "$TMP/wit-kv-counter/deps"
cp "$SRC/wit/kv-counter.wit" "$TMP/wit-kv-counter/"
cp -r "$SRC/wit/keyvalue-deps/"* "$TMP/wit-kv-counter/deps/"
"$CC" "${CFLAGS[@]}" -mexec-model=reactor -o "$TMP/obj/kv-counter.core.wasm" "$SRC/kv-counter.c"
jco embed --wit "$TMP/wit-kv-counter" -n counter "$TMP/obj/kv-counter.core.wasm" -o "$TMP/obj/kv-counter.embed.wasm"
jco new "$TMP/obj/kv-counter.embed.wasm" --wasi-command -o "$B/kv-counter.wasm"

step "sqlite-cli.wasm (C command, raw fermyon:spin/sqlite@2.0.0; a reactor with its own _start)"
mkdir -p "$TMP/wit-sqlite-cli/deps"
cp "$SRC/wit/sqlite-cli.wit" "$TMP/wit-sqlite-cli/"
cp -r "$SRC/wit/keyvalue-deps/"* "$TMP/wit-sqlite-cli/deps/"
"$CC" "${CFLAGS[@]}" -mexec-model=reactor -o "$TMP/obj/sqlite-cli.core.wasm" "$SRC/sqlite-cli.c"
jco embed --wit "$TMP/wit-sqlite-cli" -n sqlite-cli "$TMP/obj/sqlite-cli.core.wasm" -o "$TMP/obj/sqlite-cli.embed.wasm"
jco new "$TMP/obj/sqlite-cli.embed.wasm" --wasi-command -o "$B/sqlite-cli.wasm"

step "kv-handler.wasm (C wasi:http/proxy handler over wasi:keyvalue for serve(), raw ABI, reactor adapter)"
KVH=$(http_wit kv-handler)
cp -r "$SRC/wit/keyvalue-deps/keyvalue" "$KVH/deps/"
"$CC" "${CFLAGS[@]}" -mexec-model=reactor -o "$TMP/obj/kv-handler.core.wasm" "$SRC/kv-handler.c"
jco embed --wit "$KVH" -n handler "$TMP/obj/kv-handler.core.wasm" -o "$TMP/obj/kv-handler.embed.wasm"
jco new "$TMP/obj/kv-handler.embed.wasm" --wasi-reactor -o "$B/kv-handler.wasm"

step "spin-app.wasm (C wasi:http/proxy handler over fermyon:spin key-value and variables, raw ABI, reactor adapter)"
SPA=$(http_wit spin-app)
cp -r "$SRC/wit/keyvalue-deps/spin" "$SPA/deps/"
"$CC" "${CFLAGS[@]}" -mexec-model=reactor -o "$TMP/obj/spin-app.core.wasm" "$SRC/spin-app.c"
jco embed --wit "$SPA" -n handler "$TMP/obj/spin-app.core.wasm" -o "$TMP/obj/spin-app.embed.wasm"
jco new "$TMP/obj/spin-app.embed.wasm" --wasi-reactor -o "$B/spin-app.wasm"
# The Spin app of e2e/spin.spec.ts: its manifest and files, and the Wasm its sources name.
mkdir -p "$B/spin-app"
cp "$SRC/spin-app/"* "$B/spin-app/"
cp "$B/spin-app.wasm" "$B/kv-handler.wasm" "$B/spin-app/"

step "js-app.wasm (JavaScript with componentize-js: jco componentize, StarlingMonkey; ~15 MB, a few minutes)"
JSA=$(http_wit js-app)
cp -r "$SRC/wit/keyvalue-deps/keyvalue" "$SRC/wit/keyvalue-deps/spin" "$JSA/deps/"
jco componentize "$SRC/js-app.js" --wit "$JSA" -n handler -o "$TMP/obj/js-app.wasm"
mkdir -p "$B/js-app"
cp "$SRC/js-app/"* "$B/js-app/"
cp "$TMP/obj/js-app.wasm" "$B/js-app/"

step "bad/*"
printf 'this is not a WebAssembly file\n' > "$B/bad/not-wasm.bin"
cp "$TMP/obj/hello.core.wasm" "$B/bad/core-module.wasm"
size=$(wc -c < "$B/hello.wasm")
head -c $((size / 2)) "$B/hello.wasm" > "$B/bad/truncated.wasm"
wat_component missing-import "$B/bad/missing-import.wasm"
wat_component wasi-0.3-import "$B/bad/wasi-0.3-import.wasm"
# Valid components whose import or entry export types do not match the WIT (the import check).
for name in import-wrong-result import-wrong-param import-not-in-wit import-unused run-wrong-type handle-wrong-type; do
  wat_component "$name" "$B/bad/$name.wasm"
done
# A top-level section claiming 4 GiB (the runtime names it), and a corruption deeper in that
# makes the transpiler panic (the runtime names the panic).
node -e 'const fs = require("fs"); const b = fs.readFileSync(process.argv[1]); b.set([0xff, 0xff, 0xff, 0xff, 0x0f], 9); fs.writeFileSync(process.argv[2], b)' \
  "$B/exit-code.wasm" "$B/bad/huge-section.wasm"
node "$HERE/transpiler-trap.mjs" "$B/exit-code.wasm" "$B/bad/transpiler-trap.wasm" 2>/dev/null
# Preview 1 core modules that run() must refuse (WAT core modules: jco parse takes them too).
wat_component core-unknown-import "$B/bad/core-unknown-import.wasm"
wat_component core-thread-spawn "$B/bad/core-thread-spawn.wasm"
wat_component core-no-start "$B/bad/core-no-start.wasm"
wat_component core-uses-import "$B/core/uses-import.wasm"

# Every component must at least decode (jco wit fails on a malformed one).
for f in "$B"/*.wasm "$B/bad/missing-import.wasm" "$B/bad/wasi-0.3-import.wasm" "$B"/bad/import-*.wasm "$B"/bad/*-wrong-type.wasm; do
  jco wit "$f" > /dev/null || die "$f does not decode as a component"
done

chmod 644 "$B"/*.wasm "$B"/bad/* "$B"/core/* "$B"/spin-app/* "$B"/js-app/*
# built/debian/ comes from debian/build.sh (npm run guests:debian, needs deb-src): kept as it is.
if [ -d "$OUT/debian" ]; then cp -r "$OUT/debian" "$B/debian"; fi
rm -rf "$OUT"
mv "$B" "$OUT"
step "done:"
(cd "$OUT" && ls -l ./*.wasm bad/* core/*)
