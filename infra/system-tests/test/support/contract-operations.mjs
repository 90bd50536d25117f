// Every operation of the four OpenAPI contracts as the role matrix needs it: who may call it
// (`x-roles`, `security`, `x-scope`), what it answers, and what a valid request is made of.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  openapiDocumentPath,
  openapiSourcePath,
  serviceNames,
} from '@shuangchuang/contracts/documents';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The roles a token may hold: the `Role` enum of the contracts' shared components. */
export function knownRoles() {
  const sharedPath = new URL('shared/components.yaml', `file://${openapiSourcePath('registry')}`);
  return parse(readFileSync(sharedPath, 'utf8')).schemas.Role.enum;
}

/** Follows local `$ref`s of a bundled document. */
export function resolver(document) {
  return function resolve(node) {
    let current = node;
    for (let depth = 0; current && typeof current.$ref === 'string'; depth++) {
      if (depth > 20) throw new Error(`$ref chain too deep at ${node.$ref}`);
      current = current.$ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((parent, key) => parent?.[key], document);
    }
    return current;
  };
}

/** The operations of every service's bundled contract, in document order. */
export function contractOperations() {
  return serviceNames.flatMap((service) => {
    const document = parse(readFileSync(openapiDocumentPath(service), 'utf8'));
    const resolve = resolver(document);
    const rootSecurity = document.security ?? [];
    return Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => {
        const operation = item[method];
        const parameters = new Map();
        for (const parameter of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
          const resolved = resolve(parameter);
          parameters.set(`${resolved.in}:${resolved.name}`, resolved);
        }
        const media = resolve(operation.requestBody ?? {})?.content?.['application/json'];
        return {
          service,
          prefix: document.servers[0].url,
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          roles: operation['x-roles'] ?? [],
          public: (operation.security ?? rootSecurity).length === 0,
          scope: operation['x-scope'] ?? {},
          statuses: Object.keys(operation.responses).map(Number),
          parameters: [...parameters.values()],
          body: media && {
            required: resolve(operation.requestBody).required === true,
            schema: media.schema,
            example: media.example ?? resolve(Object.values(media.examples ?? {})[0])?.value,
          },
          resolve,
        };
      }),
    );
  });
}
