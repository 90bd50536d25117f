import type { Request, RequestHandler, Response, Router } from 'express';
import type { AuthUser } from '../auth/jwt-auth.js';
import { expressPathOf, type Operation, type ParameterSchema } from './operations.js';

// Types of a route table, read from the `paths` openapi-typescript generates for a contract.

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;

/** `'GET /carriers'`, `'PUT /carriers/{carrierId}'`…: one key per operation of the contract. */
export type OperationKey<Paths> = {
  [P in keyof Paths & string]: {
    [M in HttpMethod & keyof Paths[P]]: [NonNullable<Paths[P][M]>] extends [never]
      ? never
      : `${Uppercase<M>} ${P}`;
  }[HttpMethod & keyof Paths[P]];
}[keyof Paths & string];

/** The generated operation type behind a route key. */
export type OperationAt<Paths, Key> = Key extends `${infer M} ${infer P}`
  ? P extends keyof Paths
    ? Lowercase<M> extends keyof Paths[P]
      ? NonNullable<Paths[P][Lowercase<M>]>
      : never
    : never
  : never;

type Parameters_<Op, Where extends 'query' | 'header' | 'path'> = Op extends {
  parameters: infer P;
}
  ? P extends { [K in Where]?: infer X }
    ? [X] extends [never]
      ? Record<string, never>
      : [X] extends [undefined]
        ? Record<string, never>
        : NonNullable<X>
    : Record<string, never>
  : Record<string, never>;

type JsonBody<Op> = Op extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : Op extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;

type Responses<Op> = Op extends { responses: infer R } ? R : never;

/** Response headers a handler sets: the contract's, less the index signature and X-Request-Id (the kit's). */
type HandlerHeaders<H> = {
  [K in keyof H as string extends K ? never : K extends 'X-Request-Id' ? never : K]: H[K];
};

type HeadersPart<R> = R extends { headers: infer H }
  ? keyof HandlerHeaders<H> extends never
    ? { headers?: undefined }
    : { headers: HandlerHeaders<H> }
  : { headers?: undefined };

type BodyPart<R> = R extends { content: { 'application/json': infer B } }
  ? { body: B }
  : { body?: undefined };

/** What a handler returns: one of the operation's success statuses with its body and headers. */
export type RouteResponse<Op> = {
  [S in SuccessStatus & keyof Responses<Op>]: { status: S } & BodyPart<Responses<Op>[S]> &
    HeadersPart<Responses<Op>[S]>;
}[SuccessStatus & keyof Responses<Op>];

/** What a handler receives, typed from its operation; validated against the contract already. */
export interface RouteRequest<Op> {
  body: JsonBody<Op>;
  params: Parameters_<Op, 'path'>;
  /** coerced to the contract's types (numbers, booleans, arrays), defaults applied */
  query: Parameters_<Op, 'query'>;
  /** the operation's declared header parameters, spelt as in the contract */
  headers: Parameters_<Op, 'header'>;
  /** the caller; always there for an operation that can answer 401 (a secured one) */
  user: 401 extends keyof Responses<Op> ? AuthUser : AuthUser | undefined;
  requestId: string;
  /** the client's address (behind the gateway, from X-Forwarded-For as `trust proxy` allows) */
  clientAddress: string;
  /** where the API is served, e.g. `/api/registry`, for Location headers */
  baseUrl: string;
}

export type RouteHandler<Op> = (
  request: RouteRequest<Op>,
) => Promise<RouteResponse<Op>> | RouteResponse<Op>;

/**
 * A service's API as a table, route key → handler, one entry for every operation of the
 * contract (the compiler refuses a table that misses one or adds one the contract lacks).
 */
export type RouteTable<Paths> = {
  [K in OperationKey<Paths>]: RouteHandler<OperationAt<Paths, K>>;
};

/** Writes the table's type against the contract's generated `paths` and checks it. */
export function routeTable<Paths>(table: RouteTable<Paths>): RouteTable<Paths> {
  return table;
}

/** What the kit mounts: a table seen without its contract's types. */
export type AnyRouteTable = Record<string, (request: any) => unknown>;

/** Express middleware to run before the handlers of some route keys (rate limits and the like). */
export type RouteGuards = Record<string, RequestHandler[]>;

const ROUTE_KEY = /^(GET|PUT|POST|DELETE|PATCH) (\/\S*)$/;

/**
 * Mounts each handler of the table at its operation: the request's parts are handed over typed
 * (parameters coerced to the contract's types), the answer is sent as the contract describes
 * it. Errors go to the app's one error handler. The table and the document must match exactly.
 */
export function mountRouteTable(
  router: Router,
  table: AnyRouteTable,
  operations: readonly Operation[],
  guards: RouteGuards = {},
): void {
  const byKey = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));
  const missing = [...byKey.keys()].filter((key) => !(key in table));
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(', ')}`);
  const unguardable = Object.keys(guards).filter((key) => !(key in table));
  if (unguardable.length > 0) throw new Error(`guards for no route: ${unguardable.join(', ')}`);
  for (const [key, handler] of Object.entries(table)) {
    const match = ROUTE_KEY.exec(key);
    const operation = byKey.get(key);
    if (!match || !operation) throw new Error(`${key} is not an operation of the contract`);
    const method = operation.method as HttpMethod;
    router[method](
      expressPathOf(operation.path),
      ...(guards[key] ?? []),
      typedHandler(operation, handler),
    );
  }
}

function typedHandler(
  operation: Operation,
  handler: (request: RouteRequest<unknown>) => unknown,
): RequestHandler {
  return async (req: Request, res: Response) => {
    const answer = (await handler({
      body: req.body as never,
      params: coerceAll(req.params, operation.pathParameters) as never,
      query: coerceAll(req.query, operation.query) as never,
      headers: headersOf(req, operation) as never,
      user: req.user as never,
      requestId: String(req.id ?? ''),
      clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      baseUrl: req.baseUrl,
    })) as { status: number; body?: unknown; headers?: Record<string, string> };
    if (answer.headers) res.set(answer.headers);
    res.status(answer.status);
    if (answer.body === undefined) res.end();
    else res.json(answer.body);
  };
}

function headersOf(req: Request, operation: Operation): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { name } of operation.headers.values()) {
    const value = req.get(name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

function coerceAll(
  values: Record<string, unknown>,
  schemas: Map<string, ParameterSchema>,
): Record<string, unknown> {
  const coerced: Record<string, unknown> = {};
  for (const [name, schema] of schemas) {
    const value = values[name] ?? schema.default;
    if (value !== undefined) coerced[name] = coerce(value, schema);
  }
  return coerced;
}

function coerce(value: unknown, schema: ParameterSchema): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('array')) {
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => coerce(item, schema.items ?? {}));
  }
  if (typeof value !== 'string') return value;
  if (types.includes('integer') || types.includes('number')) return Number(value);
  if (types.includes('boolean')) return value === 'true';
  return value;
}
