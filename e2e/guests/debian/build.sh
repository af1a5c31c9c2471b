#!/usr/bin/env bash
# Builds e2e/guests/built/debian/: real programs none of us wrote, from Debian's source packages,
# as WASI preview 1 core modules (`npm run guests:debian`; e2e/guests/build.sh keeps them).
#   sqlite3.wasm  SQLite's shell, from the amalgamation made from source package sqlite3
#   bzip2.wasm    bzip2, from source package bzip2
# Needs: a deb-src line for Debian bookworm (see README.md), apt-get, and as for build.sh
# clang + lld + wasi-libc + libclang-rt-dev-wasm32; for SQLite's amalgamation a host cc, make
# and tclsh. The versions are pinned below: a different one fails apt-get source.
set -Eeuo pipefail

SQLITE_VERSION=3.40.1-2+deb12u2
BZIP2_VERSION=1.0.8-5

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$(cd "$HERE/.." && pwd)/built/debian
CC=${CC:-clang}
WASI_CC=("$CC" --target=wasm32-wasi -O2 -s)

die() { echo "debian/build.sh: error: $*" >&2; exit 1; }
trap 'echo "debian/build.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
step() { echo "==> $*"; }
# Runs a command and records it, paths shortened, for built/debian/README.md.
run() {
  printf '%s\n' "$*" | sed -e "s|$TMP|\$TMP|g" -e "s|$HERE/|debian/|g" >> "$TMP/commands"
  "$@"
}

command -v "$CC" >/dev/null || die "$CC not found (apt-get install clang lld wasi-libc libclang-rt-dev-wasm32)"
for tool in apt-get cc make tclsh; do command -v "$tool" >/dev/null || die "$tool not found"; done
apt-cache showsrc sqlite3 2>/dev/null | grep -q "^Version: $SQLITE_VERSION\$" \
  || die "apt-cache showsrc does not know sqlite3 $SQLITE_VERSION: add a deb-src line (see $HERE/README.md) and apt-get update"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/debian-guests.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
mkdir -p "$TMP/out"
# shell.c's assert() messages name their file: name it without the temporary directory, so that
# the output is the same on every build.
WASI_CC+=(-ffile-prefix-map="$TMP/"=)

step "apt-get source sqlite3=$SQLITE_VERSION bzip2=$BZIP2_VERSION"
(cd "$TMP" && run apt-get source -q "sqlite3=$SQLITE_VERSION" "bzip2=$BZIP2_VERSION")
SQLITE_SRC=$(echo "$TMP"/sqlite3-*/) && SQLITE_SRC=${SQLITE_SRC%/}
BZIP2_SRC=$(echo "$TMP"/bzip2-*/)

COMPAT=(-include "$HERE/compat/wasi-compat.h" -I"$HERE/compat")
EMULATED_DEFS=(-D_WASI_EMULATED_GETPID -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS)
EMULATED_LIBS=(-lwasi-emulated-getpid -lwasi-emulated-signal -lwasi-emulated-process-clocks)

step "sqlite3.c + shell.c (the amalgamation, made natively from the Debian tree)"
mkdir "$TMP/sqlite-native"
(cd "$TMP/sqlite-native" && run "$SQLITE_SRC/configure" --disable-tcl > configure.log && run make sqlite3.c shell.c > make.log)

# What wasi-libc cannot give SQLite, each answered at compile time:
#  THREADSAFE=0             no threads in a preview 1 command
#  OMIT_LOAD_EXTENSION      no dlopen
#  OMIT_WAL, MAX_MMAP_SIZE=0  WAL's shared memory index and memory-mapped I/O need mmap of a
#                           file, which WASI has not: journals are rollback journals
#  ENABLE_LOCKING_STYLE=0   no Apple-style locking probes (flock, AFP); which VFS then locks
#                           how is sqlite-wasi.c's choice, "unix-none" (see there)
#  EXTRA_INIT               sqlite-wasi.c's sqlite_wasi_init, run by sqlite3_initialize()
#  OMIT_POPEN               no processes (.once |cmd, .import |cmd)
SQLITE_DEFS=(-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL
  -DSQLITE_MAX_MMAP_SIZE=0 -DSQLITE_ENABLE_LOCKING_STYLE=0 -DSQLITE_OMIT_POPEN=1
  -DSQLITE_EXTRA_INIT=sqlite_wasi_init -include "$HERE/sqlite-wasi.h")
step "sqlite3.wasm"
run "${WASI_CC[@]}" "${COMPAT[@]}" "${EMULATED_DEFS[@]}" "${SQLITE_DEFS[@]}" -I"$TMP/sqlite-native" \
  -o "$TMP/out/sqlite3.wasm" \
  "$TMP/sqlite-native/shell.c" "$TMP/sqlite-native/sqlite3.c" "$HERE/sqlite-wasi.c" "$HERE/compat/compat.c" \
  "${EMULATED_LIBS[@]}"

step "bzip2.wasm"
# The files of Debian's (and upstream's) Makefile for the bzip2 program and libbz2.
(cd "$BZIP2_SRC" && run "${WASI_CC[@]}" "${COMPAT[@]}" "${EMULATED_DEFS[@]}" -D_FILE_OFFSET_BITS=64 \
  -o "$TMP/out/bzip2.wasm" \
  bzip2.c blocksort.c huffman.c crctable.c randtable.c compress.c decompress.c bzlib.c \
  "$HERE/compat/compat.c" "${EMULATED_LIBS[@]}")

chmod 644 "$TMP/out"/*.wasm
{
  echo "# Built by e2e/guests/debian/build.sh (npm run guests:debian): do not edit"
  echo
  echo "Real programs from Debian bookworm's source packages, as WASI preview 1 core modules (see"
  echo "../../debian/README.md for what is added beside their sources, and why)."
  echo
  echo "| file | source package | sha256 |"
  echo "|---|---|---|"
  echo "| sqlite3.wasm | sqlite3 $SQLITE_VERSION | $(sha256sum < "$TMP/out/sqlite3.wasm" | cut -d' ' -f1) |"
  echo "| bzip2.wasm | bzip2 $BZIP2_VERSION | $(sha256sum < "$TMP/out/bzip2.wasm" | cut -d' ' -f1) |"
  echo
  echo "Toolchain: $("$CC" --version | head -1), wasi-libc $(dpkg-query -W -f='${Version}' wasi-libc)."
  echo
  echo "The commands build.sh ran (debian/ = e2e/guests/debian/, \$TMP its temporary directory):"
  echo
  echo '```'
  cat "$TMP/commands"
  echo '```'
} > "$TMP/out/README.md"
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
mv "$TMP/out" "$OUT"
step "done: sqlite3 $SQLITE_VERSION, bzip2 $BZIP2_VERSION"
(cd "$OUT" && ls -l ./*.wasm && sha256sum ./*.wasm)
