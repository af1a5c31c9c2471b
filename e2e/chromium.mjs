// Where is a Chromium to test in? The helper lives in cli/chromium.mjs (the CLI ships it);
// this re-export keeps the Playwright config and the benchmark working unchanged.
import { chromiumArgs, findChromium } from '../cli/chromium.mjs';

export { chromiumArgs, findChromium };

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(await findChromium());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
