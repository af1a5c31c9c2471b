// Preloaded into jco by build.sh (node --import). jco 1.35 runs wasm-tools
// under @bytecodealliance/preview2-shim 0.26.1 in Node, which has no preopens
// by default, so `jco embed --wit <path>` (and `jco componentize`) fail with
// "failed to get path metadata" / ENOENT. Preopening "/" as "/" fixes that.
import { _addPreopen } from '@bytecodealliance/preview2-shim/filesystem';

_addPreopen('/', '/');
