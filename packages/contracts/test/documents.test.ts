import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asyncapiCatalogPath,
  eventSchemaPath,
  openapiDocumentPath,
  openapiSourcePath,
  serviceNames,
  type ServiceName,
} from '../src/documents.js';
import { eventCatalog } from '../src/index.js';

describe('document paths', () => {
  it('point at the bundled document of each service, free of external $refs', () => {
    for (const service of serviceNames) {
      const bundled = openapiDocumentPath(service);
      expect(isAbsolute(bundled)).toBe(true);
      expect(existsSync(bundled), bundled).toBe(true);
      const text = readFileSync(bundled, 'utf8');
      expect(text).toContain(`url: /api/${service}`);
      expect(text).not.toContain('shared/components.yaml');
      expect(existsSync(openapiSourcePath(service))).toBe(true);
    }
  });

  it('refuse unknown services and malformed event types', () => {
    expect(() => openapiDocumentPath('billing' as ServiceName)).toThrow('unknown service');
    expect(() => eventSchemaPath('../../package')).toThrow('not an event type');
  });

  it('find the catalog and every event schema', () => {
    expect(readFileSync(asyncapiCatalogPath(), 'utf8')).toContain('asyncapi: 3.0.0');
    for (const { type } of eventCatalog) expect(existsSync(eventSchemaPath(type)), type).toBe(true);
  });
});
