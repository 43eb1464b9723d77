// Runs the wasm checks of anthropic-core: `node wasm/run.mjs <module.wasm>`.
//
// The module is instantiated with plain `WebAssembly.instantiate` and an empty import
// object (no wasm-bindgen, no WASI): it must need nothing from its host. Each export
// returns 0 when all its checks hold, else the number of the first failed check (see
// wasm/src/exchange.rs and wasm/src/stream.rs). Any non-zero code, a trap (a panic in
// Rust) or an import fails the run with exit status 1.
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";

const path = process.argv[2];
if (!path) {
  console.error("usage: node run.mjs <module.wasm>");
  process.exit(2);
}
const { module, instance } = await WebAssembly.instantiate(await readFile(path), {});
const imports = WebAssembly.Module.imports(module);
if (imports.length > 0) {
  console.error("the module needs imports from its host:", imports);
  process.exit(1);
}
const { check_exchange, check_stream } = instance.exports;

const runs = [
  // The host's monotonic clock, as a browser or worker reads it; the origin; a clock that
  // has run for a year.
  ["check_exchange(performance.now())", () => check_exchange(performance.now())],
  ["check_exchange(0)", () => check_exchange(0)],
  ["check_exchange(1 year)", () => check_exchange(365 * 24 * 3600 * 1000)],
  // Pushes of 1, 2, 3, 7, 64 bytes and the whole body at once.
  ...[1, 2, 3, 7, 64, 1 << 20].map((n) => [`check_stream(${n})`, () => check_stream(n)]),
];
let failed = 0;
for (const [name, run] of runs) {
  let code;
  try {
    code = run();
  } catch (error) {
    console.error(`${name}: trapped (a panic in the module): ${error}`);
    failed++;
    continue;
  }
  if (code === 0) {
    console.log(`${name}: ok`);
  } else {
    console.error(`${name}: check ${code} failed`);
    failed++;
  }
}
if (failed > 0) process.exit(1);
