// Paths of the contract documents on disk, for services (validators) and tools. Node-only:
// exported as `@shuangchuang/contracts/documents`, never from the client entry.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceNames, type ServiceName } from './services.js';

export { serviceNames, type ServiceName } from './services.js';

// src/ when run from source, dist/src/ when built: walk up to the folder holding asyncapi/.
function findPackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'asyncapi', 'catalog.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@shuangchuang/contracts: package folder not found');
    dir = parent;
  }
  return dir;
}

const packageDir = findPackageDir();

/**
 * Absolute path of a service's OpenAPI document bundled into one file (shared components
 * inlined) at build: what express-openapi-validator and other tools should load.
 */
export function openapiDocumentPath(service: ServiceName): string {
  if (!serviceNames.includes(service)) throw new Error(`unknown service ${String(service)}`);
  return join(packageDir, 'generated', 'openapi', `${service}.yaml`);
}

/** Absolute path of a service's OpenAPI source document (with $refs to openapi/shared/). */
export function openapiSourcePath(service: ServiceName): string {
  if (!serviceNames.includes(service)) throw new Error(`unknown service ${String(service)}`);
  return join(packageDir, 'openapi', `${service}.yaml`);
}

/** Absolute path of the AsyncAPI 3.0 event catalog. */
export function asyncapiCatalogPath(): string {
  return join(packageDir, 'asyncapi', 'catalog.yaml');
}

/** Absolute path of the JSON Schema of an event type's data. */
export function eventSchemaPath(type: string): string {
  if (!/^cn\.shuangchuang\.[a-z-]+\.[a-z-]+\.[a-z-]+\.v\d+$/.test(type)) {
    throw new Error(`not an event type: ${type}`);
  }
  return join(packageDir, 'events', 'schemas', `${type}.json`);
}
