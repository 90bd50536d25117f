// Checks the conventions of docs/conventions.md on every OpenAPI document (the bundled form
// services load) and validates every example against its schema with Ajv (JSON Schema 2020-12).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { openapiDocumentPath, serviceNames } from '../src/documents.js';
import { servicePrefixes } from '../src/index.js';

type Node = Record<string, any>;
const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** the roles a token may hold: the shared components' `Role` enum */
const knownRoles: string[] = parse(
  readFileSync(new URL('../openapi/shared/components.yaml', import.meta.url), 'utf8'),
).schemas.Role.enum;

const documents = Object.fromEntries(
  serviceNames.map((service) => [
    service,
    parse(readFileSync(openapiDocumentPath(service), 'utf8')) as Node,
  ]),
);

function resolve(document: Node, node: Node): Node {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((parent: Node, key: string) => parent[key], document);
  }
  return current;
}

interface Operation {
  method: string;
  path: string;
  operation: Node;
  parameters: Node[];
}

function operationsOf(document: Node): Operation[] {
  return Object.entries(document.paths as Node).flatMap(([path, item]) =>
    methods
      .filter((method) => item[method])
      .map((method) => ({
        method,
        path,
        operation: item[method],
        parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(
          (parameter: Node) => resolve(document, parameter),
        ),
      })),
  );
}

/** Calls visit on every schema reachable from schema, following $refs once each. */
function walkSchema(document: Node, schema: Node, visit: (s: Node, path: string) => void) {
  const seen = new Set<Node>();
  const walk = (node: Node, path: string) => {
    const resolved = resolve(document, node);
    if (!resolved || typeof resolved !== 'object' || seen.has(resolved)) return;
    seen.add(resolved);
    visit(resolved, path);
    for (const [name, child] of Object.entries(resolved.properties ?? {})) {
      walk(child as Node, `${path}.${name}`);
    }
    if (resolved.items) walk(resolved.items, `${path}[]`);
    if (typeof resolved.additionalProperties === 'object') {
      walk(resolved.additionalProperties, `${path}{}`);
    }
    for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
      (resolved[keyword] ?? []).forEach((child: Node, i: number) =>
        walk(child, `${path}/${keyword}/${i}`),
      );
    }
  };
  walk(schema, '');
}

function typesOf(schema: Node): string[] {
  return [schema.type ?? []].flat();
}

describe.each(serviceNames)('%s OpenAPI document', (service) => {
  const document = documents[service]!;
  const operations = operationsOf(document);

  it('is OpenAPI 3.1 served under its /api prefix', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: servicePrefixes[service] }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(operations.length).toBeGreaterThan(4);
  });

  it('documents the roles of every operation, and public ones are public', () => {
    for (const { method, path, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(Array.isArray(operation['x-roles']), where).toBe(true);
      const roles: string[] = operation['x-roles'];
      for (const role of roles) expect(knownRoles, where).toContain(role);
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      expect(isPublic, `${where}: x-roles empty exactly when public`).toBe(roles.length === 0);
      if (!isPublic) {
        expect(operation.responses['401'], `${where} has 401`).toBeDefined();
        expect(operation.responses['403'], `${where} has 403`).toBeDefined();
        expect(operation.description, where).toMatch(/Roles?:/);
      }
    }
  });

  it('answers every error with application/problem+json', () => {
    for (const { method, path, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        if (Number(status) < 400) continue;
        const content = resolve(document, response as Node).content;
        expect(Object.keys(content), `${method} ${path} ${status}`).toEqual([
          'application/problem+json',
        ]);
        const schema = resolve(document, content['application/problem+json'].schema);
        expect(schema.required).toEqual(['type', 'title', 'status']);
      }
    }
  });

  it('closes request bodies and bounds every request string', () => {
    const requestSchemas = operations.flatMap(({ method, path, operation, parameters }) => [
      ...parameters.map((parameter) => ({
        where: `${method} ${path} ${parameter.in}:${parameter.name}`,
        schema: parameter.schema,
      })),
      ...Object.values((resolve(document, operation.requestBody ?? {}).content ?? {}) as Node).map(
        (media: Node) => ({ where: `${method} ${path} body`, schema: media.schema }),
      ),
    ]);
    for (const { where, schema } of requestSchemas) {
      walkSchema(document, schema, (node, path) => {
        if (node.properties) {
          expect(node.additionalProperties, `${where}${path} is closed`).toBe(false);
        }
        if (typesOf(node).includes('string') && !node.enum && !('const' in node)) {
          expect(node.maxLength, `${where}${path} has maxLength`).toBeTypeOf('number');
        }
      });
    }
  });

  it('pages lists with cursor and limit into { items, nextCursor }', () => {
    const paged = operations.filter(({ parameters }) =>
      parameters.some((p) => p.name === 'cursor'),
    );
    expect(paged.length).toBeGreaterThan(0);
    for (const { method, path, operation, parameters } of paged) {
      expect(
        parameters.map((p) => p.name),
        `${method} ${path}`,
      ).toContain('limit');
      const schema = resolve(
        document,
        resolve(document, operation.responses['200']).content['application/json'].schema,
      );
      expect(schema.required, `${method} ${path}`).toEqual(
        expect.arrayContaining(['items', 'nextCursor']),
      );
    }
  });

  it('validates every example against its schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...document, $id: `https://contracts.shuangchuang.dev/${service}` });
    const validatorFor = (pointer: string) =>
      ajv.compile({ $ref: `https://contracts.shuangchuang.dev/${service}#${pointer}` });
    const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
    let checked = 0;
    const check = (pointer: string, examples: unknown[], where: string) => {
      const validate = validatorFor(pointer);
      for (const example of examples) {
        checked += 1;
        expect(validate(example), `${where}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    };
    const exampleValues = (node: Node): unknown[] => [
      ...('example' in node ? [node.example] : []),
      ...Object.values((node.examples ?? {}) as Node).map(
        (example: Node) => resolve(document, example).value,
      ),
    ];
    const checkMedia = (pointer: string, content: Node, where: string) => {
      for (const [type, media] of Object.entries(content as Node)) {
        const mediaPointer = `${pointer}/content/${escape(type)}`;
        check(`${mediaPointer}/schema`, exampleValues(media as Node), `${where} ${type}`);
      }
    };
    for (const { method, path, operation } of operations) {
      const base = `/paths/${escape(path)}/${method}`;
      for (const [i, parameter] of (operation.parameters ?? []).entries()) {
        if (parameter.$ref) continue;
        check(`${base}/parameters/${i}/schema`, exampleValues(parameter), `${base} param ${i}`);
      }
      if (operation.requestBody && !operation.requestBody.$ref) {
        checkMedia(`${base}/requestBody`, operation.requestBody.content, `${base} request`);
      }
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        if ((response as Node).$ref || !(response as Node).content) continue;
        checkMedia(`${base}/responses/${status}`, (response as Node).content, `${base} ${status}`);
      }
    }
    for (const [name, response] of Object.entries((document.components.responses ?? {}) as Node)) {
      checkMedia(`/components/responses/${name}`, (response as Node).content, `response ${name}`);
    }
    for (const [name, schema] of Object.entries(document.components.schemas as Node)) {
      walkSchema(document, schema as Node, (node, path) => {
        if (!Array.isArray(node.examples)) return;
        // a property's own examples are checked against that property
        const validate = ajv.compile({ ...node, $id: undefined });
        for (const example of node.examples) {
          checked += 1;
          expect(validate(example), `${name}${path} example`).toBe(true);
        }
      });
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('OpenAPI conventions across documents', () => {
  const operation = (service: string, id: string) => {
    const found = operationsOf(documents[service]!).find((o) => o.operation.operationId === id);
    if (!found) throw new Error(`${service} has no ${id}`);
    return found;
  };
  const headerNames = (service: string, id: string) =>
    operation(service, id)
      .parameters.filter((p) => p.in === 'header')
      .map((p) => p.name);

  it('takes Idempotency-Key on the writes clients retry', () => {
    for (const [service, id] of [
      ['application-intake', 'createApplication'],
      ['application-intake', 'submitApplication'],
      ['news-feed', 'createDraft'],
      ['news-feed', 'importDocument'],
      ['notification', 'recordSubscribeAuthorisations'],
    ] as const) {
      expect(headerNames(service, id), id).toContain('Idempotency-Key');
    }
  });

  it('takes If-Match and answers 412 on concurrent edits and 428 without it', () => {
    for (const [service, id] of [
      ['registry', 'updateCarrier'],
      ['registry', 'retireCarrier'],
      ['application-intake', 'updateApplication'],
      ['news-feed', 'editArticle'],
    ] as const) {
      expect(headerNames(service, id), id).toContain('If-Match');
      expect(operation(service, id).operation.responses['412'], id).toBeDefined();
      expect(operation(service, id).operation.responses['428'], id).toBeDefined();
    }
  });

  it('uses the glossary enums from the shared components in every document', () => {
    for (const document of Object.values(documents)) {
      const kinds = document.components.schemas.CarrierKind;
      if (kinds) expect(kinds.enum).toContain('specialized_maker_space');
    }
    expect(documents.registry!.components.schemas.CarrierLevel.enum).toEqual([
      'national',
      'provincial',
      'municipal',
      'county',
    ]);
  });
});
