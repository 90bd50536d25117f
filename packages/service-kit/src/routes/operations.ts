// What the kit reads of each operation in a service's OpenAPI document, once at start-up.

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** A JSON Schema as far as the kit coerces parameters with it. */
export interface ParameterSchema {
  type?: string | string[];
  items?: ParameterSchema;
  default?: unknown;
}

export interface Operation {
  operationId: string;
  /** lower case, as in the document */
  method: (typeof METHODS)[number];
  /** the document's path template, e.g. `/carriers/{carrierId}` */
  path: string;
  /** the roles that may call it (`x-roles`); empty for a public operation */
  roles: string[];
  /** `security: []`: no token needed */
  public: boolean;
  /** header parameters by their lower-case name, with the name the document spells */
  headers: Map<string, { name: string; required: boolean }>;
  query: Map<string, ParameterSchema>;
  pathParameters: Map<string, ParameterSchema>;
}

interface ParameterObject {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: ParameterSchema;
  $ref?: string;
}

type Json = Record<string, unknown>;

/** Follows a local `$ref` (`#/components/...`); the kit reads bundled documents only. */
function resolve<T>(document: Json, value: T | { $ref: string }): T {
  let current: unknown = value;
  for (let depth = 0; depth < 10; depth++) {
    const ref = (current as { $ref?: unknown })?.$ref;
    if (typeof ref !== 'string') return current as T;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, not ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
    if (current === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  throw new Error('$ref chain too deep');
}

/**
 * Every operation of the document, with its roles checked against its security: the contract
 * is the one source of who may call what. A secured operation must list its roles in `x-roles`
 * (and no bearer "scopes", so roles are written once); a public one (`security: []`) lists none.
 */
export function readOperations(document: Json, bearerSchemeNames: string[]): Operation[] {
  const operations: Operation[] = [];
  const rootSecurity = (document.security ?? []) as Record<string, string[]>[];
  for (const [path, rawItem] of Object.entries((document.paths ?? {}) as Json)) {
    const item = resolve<Json>(document, rawItem as Json);
    const shared = ((item.parameters ?? []) as ParameterObject[]).map((p) => resolve(document, p));
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const operationId = String(operation.operationId ?? `${method.toUpperCase()} ${path}`);
      const own = ((operation.parameters ?? []) as ParameterObject[]).map((p) =>
        resolve(document, p),
      );
      // an operation's parameter overrides the path item's one of the same name and place
      const parameters = new Map<string, ParameterObject>();
      for (const parameter of [...shared, ...own]) {
        parameters.set(`${parameter.in}:${parameter.name.toLowerCase()}`, parameter);
      }
      const security = (operation.security ?? rootSecurity) as Record<string, string[]>[];
      const requirements = security.flatMap((requirement) => Object.entries(requirement));
      const isPublic = requirements.length === 0;
      const scopes = requirements.flatMap(([, listed]) => listed);
      const roles = (operation['x-roles'] ?? []) as unknown;
      if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string')) {
        throw new Error(`${operationId}: x-roles must be a list of role names`);
      }
      if (!isPublic && requirements.some(([scheme]) => bearerSchemeNames.includes(scheme))) {
        if (roles.length === 0) {
          throw new Error(`${operationId} needs a bearer token but lists no x-roles`);
        }
        if (scopes.length > 0) {
          throw new Error(
            `${operationId} lists roles as bearer scopes; list them in x-roles only (one source)`,
          );
        }
      }
      if (isPublic && roles.length > 0) {
        throw new Error(`${operationId} is public (security: []) but lists x-roles`);
      }
      const headers = new Map<string, { name: string; required: boolean }>();
      const query = new Map<string, ParameterSchema>();
      const pathParameters = new Map<string, ParameterSchema>();
      for (const parameter of parameters.values()) {
        const schema = parameter.schema ? resolve(document, parameter.schema) : {};
        if (schema.items) schema.items = resolve(document, schema.items);
        if (parameter.in === 'header') {
          headers.set(parameter.name.toLowerCase(), {
            name: parameter.name,
            required: parameter.required === true,
          });
        } else if (parameter.in === 'query') query.set(parameter.name, schema);
        else if (parameter.in === 'path') pathParameters.set(parameter.name, schema);
      }
      operations.push({
        operationId,
        method,
        path,
        roles: roles as string[],
        public: isPublic,
        headers,
        query,
        pathParameters,
      });
    }
  }
  return operations;
}

/** `/carriers/{carrierId}` → `/carriers/:carrierId` */
export function expressPathOf(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}
