#!/usr/bin/env node
// The development gateway: one origin for the mini-program. `/api/<service>/…` goes to that
// service unchanged (services serve under the same prefix); `/docs` is the API reference and event
// catalog (infra/api-docs); everything else is the H5 build.
import express from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { answerClientErrorsWithProblems } from '@shuangchuang/service-kit';
import { gatewayProtection } from './gateway-limits.mjs';

/** `protection`: body limit and rate limits before the API routes (gateway-limits.mjs). */
export function createGateway({ routes, staticDir, docsDir, protection = gatewayProtection() }) {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api', ...protection);
  for (const { name, port, host = '127.0.0.1' } of routes) {
    app.use(
      createProxyMiddleware({
        pathFilter: `/api/${name}`,
        target: `http://${host}:${port}`,
        xfwd: true,
        on: {
          error: (_error, _req, res) => {
            if ('headersSent' in res && !res.headersSent) {
              res.writeHead(502, { 'content-type': 'application/problem+json' });
            }
            res.end(
              JSON.stringify({
                type: 'https://errors.shuangchuang.dev/bad-gateway',
                title: 'Bad Gateway',
                status: 502,
                detail: `the ${name} service is not answering`,
              }),
            );
          },
        },
      }),
    );
  }
  app.use('/api', (req, res) => {
    res
      .status(404)
      .type('application/problem+json')
      .json({
        type: 'https://errors.shuangchuang.dev/not-found',
        title: 'Not Found',
        status: 404,
        detail: `no service is routed at ${req.baseUrl}${req.path}`,
      });
  });
  if (docsDir && existsSync(docsDir)) app.use('/docs', express.static(docsDir));
  if (staticDir && existsSync(staticDir)) {
    app.use(express.static(staticDir));
    // The H5 build uses client-side routes: unknown paths get the app shell.
    app.get('/{*path}', (_req, res) => res.sendFile(join(staticDir, 'index.html')));
  }
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const port = Number(process.env.GATEWAY_PORT ?? 8080);
  const routes = JSON.parse(process.env.GATEWAY_ROUTES ?? '[]');
  const staticDir = process.env.GATEWAY_STATIC_DIR ?? join(here, '../../miniapp/dist/h5');
  const docsDir = process.env.GATEWAY_DOCS_DIR ?? join(here, '../api-docs/dist');
  const server = createGateway({ routes, staticDir, docsDir }).listen(port, '127.0.0.1', () => {
    console.log(`gateway listening on http://127.0.0.1:${port}`);
  });
  answerClientErrorsWithProblems(server);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
