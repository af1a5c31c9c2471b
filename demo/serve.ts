import type { Plugin } from 'vite';

/** `npm run demo` (the dev server): `/` opens the playground at /demo/. */
export function playgroundAtRoot(): Plugin {
  return {
    name: 'wasi-browser:playground-at-root',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== '/' && !req.url?.startsWith('/?')) return next();
        res.statusCode = 302;
        res.setHeader('Location', `/demo/${req.url.slice(1)}`);
        res.end();
      });
    },
  };
}
