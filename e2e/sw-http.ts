// The Service Worker of e2e/serve-sw.spec.ts: relays /hello and /app/ to the page's component, and /spin/ to the Spin app of spin.spec.ts.
import { relay } from '../src/service-worker.ts';

relay({ prefix: ['/hello', '/app/', '/spin/'] });
