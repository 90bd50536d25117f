// The production gateway's configuration (infra/nginx/gateway.conf) run by a real nginx: its
// refusals are problem+json (413, 431, 429 with Retry-After and the RateLimit headers, 404, 502).
// Skipped, with the reason printed, where nginx is not installed (Debian: nginx-light).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(
  (path) => spawnSync(path, ['-v']).status === 0,
);
if (!nginx)
  console.log('nginx gateway test skipped: nginx is not installed (apt-get install nginx-light)');

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!nginx)('nginx gateway (infra/nginx/gateway.conf)', () => {
  let base;
  let child;
  let upstream;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{"ok":true}'));
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => upstream.once('listening', resolve));
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'nginx-gateway-'));
    chmodSync(dir, 0o755); // nginx's workers run as another user when the master is root
    mkdirSync(join(dir, 'html'));
    writeFileSync(join(dir, 'html', 'index.html'), '<!doctype html><title>双创</title>');
    // the same file, pointed at a local upstream (registry, news-feed, application-intake) and a
    // closed port (notification) instead of the compose service names
    const closedPort = await freePort();
    const server = readFileSync(new URL('../../nginx/gateway.conf', import.meta.url), 'utf8')
      .replace('listen 8080;', `listen 127.0.0.1:${port};`)
      .replaceAll('/usr/share/nginx/html', join(dir, 'html'))
      .replaceAll(
        /http:\/\/(registry|news-feed|application-intake):8080/g,
        `http://127.0.0.1:${upstream.address().port}`,
      )
      .replace('http://notification:8080', `http://127.0.0.1:${closedPort}`);
    writeFileSync(join(dir, 'gateway.conf'), server);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n` +
        `  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n` +
        `  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n` +
        `  include ${dir}/gateway.conf;\n}\n`,
    );
    child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: 'inherit',
    });
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await fetch(`${base}/`);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  afterAll(async () => {
    child?.kill('SIGQUIT');
    upstream?.close();
  });

  async function problem(response, status, slug) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await response.json();
    expect(body).toMatchObject({ type: `https://errors.shuangchuang.dev/${slug}`, status });
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    return body;
  }

  it('proxies the API and serves the H5 app', async () => {
    expect(await (await fetch(`${base}/api/registry/carriers`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${base}/pages/carrier/index`)).text()).toContain('双创');
  });

  it('answers a body over 2 MiB with 413, oversized headers with 431, unknown and down services with 404 and 502', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) });
    await problem(
      await fetch(`${base}/api/registry/carriers`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'payload-too-large',
    );
    await problem(
      await fetch(`${base}/api/registry/carriers`, {
        headers: { 'x-padding': 'a'.repeat(20_000) },
      }),
      431,
      'header-fields-too-large',
    );
    await problem(await fetch(`${base}/api/nowhere/x`), 404, 'not-found');
    await problem(await fetch(`${base}/api/notification/inbox`), 502, 'bad-gateway');
  });

  it('limits logins per client with 429 problem+json, Retry-After and the RateLimit headers', async () => {
    const statuses = [];
    let refused;
    for (let i = 0; i < 14; i++) {
      const response = await fetch(`${base}/api/application-intake/auth/login`, {
        method: 'POST',
        body: '{}',
      });
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.arrayBuffer();
    }
    // a burst of 10 after the first, then refused
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(11);
    expect(statuses.at(-1)).toBe(429);
    await problem(refused, 429, 'too-many-requests');
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('ratelimit')).toBe('"gateway-auth"; r=0; t=2');
    expect(refused.headers.get('ratelimit-policy')).toBe('"gateway-auth"; q=30; w=60');
    // reads are counted apart
    expect((await fetch(`${base}/api/application-intake/applications`)).status).toBe(200);
  });
});
