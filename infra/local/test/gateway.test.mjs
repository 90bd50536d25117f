import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.mjs';

function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(server.address().port)),
  );
}

describe('development gateway', () => {
  let upstream;
  let gateway;
  let base;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ path: req.url, forwardedFor: req.headers['x-forwarded-for'] ?? null }),
      );
    });
    const upstreamPort = await listen(upstream);
    const staticDir = mkdtempSync(join(tmpdir(), 'gateway-h5-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>双创</title>');
    const docsDir = mkdtempSync(join(tmpdir(), 'gateway-docs-'));
    writeFileSync(join(docsDir, 'index.html'), '<!doctype html><title>API reference</title>');
    gateway = createGateway({
      docsDir,
      routes: [
        { name: 'registry', port: upstreamPort },
        { name: 'notification', port: 1 },
      ],
      staticDir,
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => gateway.once('listening', resolve));
    base = `http://127.0.0.1:${gateway.address().port}`;
  });

  afterAll(() => {
    upstream.close();
    gateway.close();
  });

  it('routes /api/<service>/… to the service with the path unchanged', async () => {
    const res = await fetch(`${base}/api/registry/carriers?q=%E9%9D%92%E5%B2%9B`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.path).toBe('/api/registry/carriers?q=%E9%9D%92%E5%B2%9B');
    expect(body.forwardedFor).toContain('127.0.0.1');
  });

  it('answers an unknown service with 404 problem+json', async () => {
    const res = await fetch(`${base}/api/nowhere/x`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).status).toBe(404);
  });

  it('answers a service that is down with 502 problem+json', async () => {
    const res = await fetch(`${base}/api/notification/inbox`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves the API reference at /docs/', async () => {
    const res = await fetch(`${base}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('API reference');
    const bare = await fetch(`${base}/docs`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/docs/');
  });

  it('serves the H5 app shell for client-side routes', async () => {
    const res = await fetch(`${base}/pages/carrier/index?id=1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('双创');
  });
});
