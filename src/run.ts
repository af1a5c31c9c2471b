import { startSession } from './session.ts';
import type { ComponentSource, RunOptions, RunResult } from './types.ts';

/**
 * Run a `wasi:cli/command` component in a dedicated worker, as `wasmtime run` would:
 * resolves when it exits (also by a trap, exit code 134); rejects at once on bad input.
 */
export async function run(component: ComponentSource, options: RunOptions = {}): Promise<RunResult> {
  const session = await startSession('run', component, options);
  try {
    const outcome = await Promise.race([session.api.run(), session.ended]);
    const { stdout, stderr } = await Promise.race([session.outputs(outcome.chunks), session.ended]);
    return {
      exitCode: outcome.exitCode,
      stdout,
      stderr,
      trap: outcome.trap,
      bridge: session.bridge,
      timings: {
        transpileMs: session.started.transpileMs,
        instantiateMs: session.started.instantiateMs,
        runMs: outcome.runMs,
        cached: session.started.cached,
      },
    };
  } finally {
    await session.finish();
  }
}
