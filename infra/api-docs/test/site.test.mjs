// What the build leaves in dist/: every service's document, served from this origin, and pages
// that load nothing from anywhere else.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceNames } from '@shuangchuang/contracts/documents';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dist = new URL('../dist', import.meta.url).pathname;

describe('the /docs site', () => {
  it.each(serviceNames)('publishes the %s document with its server on this origin', (service) => {
    const document = JSON.parse(readFileSync(join(dist, `openapi/${service}.json`), 'utf8'));
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.servers[0].url).toBe(`/api/${service}`);
    expect(document.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    expect(JSON.stringify(document)).not.toContain('"$ref":"./');
  });

  it('lists all four documents in the API reference', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    for (const service of serviceNames) expect(html).toContain(`./openapi/${service}.json`);
  });

  it.each(['index.html', 'events/index.html'])(
    '%s loads its scripts and styles from /docs',
    (file) => {
      const html = readFileSync(join(dist, file), 'utf8');
      const loaded = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(loaded.length).toBeGreaterThan(0);
      for (const url of loaded) {
        expect(url).not.toMatch(/^(https?:)?\/\//);
        expect(existsSync(join(dist, file, '..', url))).toBe(true);
      }
    },
  );

  it('renders every topic and event of the catalog into the HTML itself', () => {
    const html = readFileSync(join(dist, 'events/index.html'), 'utf8');
    const catalog = parse(readFileSync(join(dist, 'events/catalog.yaml'), 'utf8'));
    for (const channel of Object.values(catalog.channels)) expect(html).toContain(channel.address);
    for (const name of Object.keys(catalog.components.messages)) expect(html).toContain(name);
  });

  it('publishes the catalog as one self-contained document', () => {
    const text = readFileSync(join(dist, 'events/catalog.yaml'), 'utf8');
    const refs = [...text.matchAll(/\$ref: (.+)/g)].map((m) => m[1]);
    for (const ref of refs) expect(ref).toMatch(/^["']#\//);
    expect(parse(text).asyncapi).toBe('3.0.0');
  });
});
