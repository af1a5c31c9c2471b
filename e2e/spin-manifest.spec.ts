// A Spin manifest's errors, through serve() in the page. They do not depend on the tier: this
// spec runs in the jspi project only (playwright.config.ts).
import { expect, test } from './fixtures.ts';

test('a malformed manifest, an unsupported trigger and a manifest option conflict are clear errors', async ({ harness, bridge }) => {
  const errors = await harness.evaluate(async (bridge) => {
    const wasi = (window as any).wasi;
    const attempt = async (manifest: string | URL, options: object = {}) => {
      try {
        const source = manifest instanceof URL ? manifest : new TextEncoder().encode(manifest);
        const server = await wasi.serve(source, { bridge, ...options });
        await server.close();
        return 'served';
      } catch (e: any) {
        return `${e.name}: ${e.message}`;
      }
    };
    const good = 'spin_manifest_version = 2\n[application]\nname = "x"\n[[trigger.http]]\nroute = "/..."\ncomponent = "a"\n[component.a]\nsource = "/guests/http-handler.wasm"\n';
    return {
      malformed: await attempt('spin_manifest_version = 2\n[application\nname = "x"\n'),
      redis: await attempt(good + '[[trigger.redis]]\nchannel = "c"\ncomponent = "a"\n'),
      build: await attempt(good + '[component.a.build]\ncommand = "make"\n'),
      conflict: await attempt(good, { keyValueStores: ['default'] }),
      missing: await attempt(good.replace('http-handler.wasm', 'nope.wasm')),
      noManifest: await attempt(new URL('/guests/nope/spin.toml', location.href)),
      // A good manifest given as bytes, its paths relative to the page, serves.
      good: await attempt(good),
    };
  }, bridge);
  expect(errors.malformed).toMatch(/^Error: spin\.toml: not valid TOML: .*\(line 2, column \d+\)$/);
  expect(errors.redis).toBe('Error: spin.toml: trigger type "redis" ([[trigger.redis]]) is not supported: only [[trigger.http]] is served');
  expect(errors.build).toContain('Error: spin.toml: `component.a.build` is not supported');
  expect(errors.conflict).toBe('TypeError: the keyValueStores option cannot be given with a Spin manifest: the manifest\'s components say it');
  expect(errors.missing).toMatch(/^Error: could not fetch component\.a's source from .*\/guests\/nope\.wasm: HTTP 404$/);
  expect(errors.noManifest).toMatch(/^Error: could not fetch the Spin manifest from .*\/guests\/nope\/spin\.toml: HTTP 404$/);
  expect(errors.good).toBe('served');
});
