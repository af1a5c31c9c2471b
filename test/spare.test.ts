// The spare worker (src/spare.ts): started when a session ends, handed to the next session from
// the same worker URL only, replaced for another URL, and never handed out after it failed.
import { expect, test } from '@playwright/test';
import { keepSpare, takeWorker } from '../src/spare.ts';
import { withGlobals } from './globals.ts';

class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  terminated = false;
  constructor(readonly url: string | URL) {
    super();
    FakeWorker.made.push(this);
  }
  terminate() {
    this.terminated = true;
  }
}

test('a session takes the spare of its worker URL, else a new worker; a failed spare is dropped', async () => {
  await withGlobals({ Worker: FakeWorker, location: { href: 'https://site.test/app/' } }, () => {
    const made = FakeWorker.made;
    const first = takeWorker();
    expect(made).toEqual([first]);
    keepSpare();
    expect(made).toHaveLength(2);
    expect(takeWorker()).toBe(made[1]);
    expect(made).toHaveLength(2);

    keepSpare('w.js');
    const other = made[2];
    expect(String(other.url)).toBe('https://site.test/app/w.js');
    expect(takeWorker()).toBe(made[3]); // not the spare of another URL
    expect(takeWorker(new URL('https://site.test/app/w.js'))).toBe(other);

    keepSpare();
    const spare = made[4];
    spare.dispatchEvent(new Event('error'));
    expect(spare.terminated).toBe(true);
    expect(takeWorker()).toBe(made[5]);
    expect(made.filter((w) => w.terminated)).toEqual([spare]);
  });
});
