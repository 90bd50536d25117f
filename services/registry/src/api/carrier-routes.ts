import { ValidationError, type JwtAuth } from '@shuangchuang/service-kit';
import type { Request, Response, Router } from 'express';
import type {
  CarrierSearch,
  CarrierSearchRequest,
  SearchSort,
} from '../data-access/carrier-search.js';
import type { MongoCarrierStore } from '../data-access/mongo-carrier-store.js';
import type { CarrierRegistry, WriteContext } from '../domain/carrier-registry.js';
import type { Carrier } from '../domain/carrier.js';
import type { CarrierKind, Level } from '../domain/vocabulary.js';
import { carrierView, draftInputOf, etagOf } from './carrier-view.js';
import { toProblem, versionFromIfMatch } from './problems.js';

export const REGISTRY_ADMIN = 'registry-admin';

export interface CarrierRouteDeps {
  registry: CarrierRegistry;
  search: CarrierSearch;
  store: MongoCarrierStore;
  auth: JwtAuth;
}

/** Runs a handler and turns the registry's errors into problem+json. */
export const handle =
  (work: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      throw toProblem(error);
    }
  };

export function writeContext(req: Request): WriteContext {
  const user = req.user!;
  return {
    actor: { userId: user.id, ...(user.name && { name: user.name }) },
    requestId: String(req.id),
  };
}

function sendCarrier(res: Response, carrier: Carrier, status = 200): void {
  res.status(status).setHeader('ETag', etagOf(carrier)).json(carrierView(carrier));
}

export function mountCarrierRoutes(router: Router, deps: CarrierRouteDeps): void {
  const { registry, search, store, auth } = deps;
  const staffOnly = auth.requireRoles(REGISTRY_ADMIN);

  router.get(
    '/carriers',
    handle(async (req, res) => {
      res.json(await search.search(searchRequestOf(req.query)));
    }),
  );

  router.post(
    '/carriers',
    staffOnly,
    handle(async (req, res) => {
      const carrier = await registry.create(draftInputOf(req.body), writeContext(req));
      res.setHeader('Location', `${req.baseUrl}/carriers/${carrier.id}`);
      sendCarrier(res, carrier, 201);
    }),
  );

  router.get(
    '/carriers/:carrierId',
    handle(async (req, res) => {
      sendCarrier(res, await registry.get(String(req.params.carrierId)));
    }),
  );

  router.put(
    '/carriers/:carrierId',
    staffOnly,
    handle(async (req, res) => {
      const carrier = await registry.update(
        String(req.params.carrierId),
        draftInputOf(req.body),
        versionFromIfMatch(req.get('If-Match')),
        writeContext(req),
      );
      sendCarrier(res, carrier);
    }),
  );

  router.post(
    '/carriers/:carrierId/retire',
    staffOnly,
    handle(async (req, res) => {
      const carrier = await registry.retire(
        String(req.params.carrierId),
        versionFromIfMatch(req.get('If-Match')),
        String((req.body as { reason: string }).reason),
        writeContext(req),
      );
      sendCarrier(res, carrier);
    }),
  );

  router.post(
    '/carriers/:carrierId/honors',
    staffOnly,
    handle(async (req, res) => {
      const { carrier } = await registry.awardHonor(
        String(req.params.carrierId),
        req.body,
        versionFromIfMatch(req.get('If-Match')),
        writeContext(req),
      );
      sendCarrier(res, carrier);
    }),
  );

  router.delete(
    '/carriers/:carrierId/honors/:honorId',
    staffOnly,
    handle(async (req, res) => {
      const carrier = await registry.revokeHonor(
        String(req.params.carrierId),
        String(req.params.honorId),
        versionFromIfMatch(req.get('If-Match')),
        writeContext(req),
      );
      sendCarrier(res, carrier);
    }),
  );

  router.get(
    '/carriers/:carrierId/audit',
    staffOnly,
    handle(async (req, res) => {
      const carrierId = String(req.params.carrierId);
      await registry.get(carrierId); // 404 for an unknown carrier rather than an empty trail
      const limit = Number(req.query.limit ?? 20);
      const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
      const entries = await store.listAudit(carrierId, cursor, limit + 1);
      const page = entries.slice(0, limit);
      res.json({
        items: page.map(({ requestId: _requestId, ...entry }) => entry),
        nextCursor: entries.length > limit ? page[page.length - 1]!.id : null,
      });
    }),
  );
}

type Query = Request['query'];

function list(value: Query[string]): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

function single(value: Query[string]): string | undefined {
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
}

function searchRequestOf(query: Query): CarrierSearchRequest {
  const near = single(query.near);
  const [lng, lat] = near ? near.split(',').map(Number) : [];
  if (near && !(Math.abs(lng!) <= 180 && Math.abs(lat!) <= 90)) {
    throw new ValidationError('near is not a point on Earth', [
      { path: 'near', message: 'expected lng,lat with |lng| ≤ 180 and |lat| ≤ 90' },
    ]);
  }
  if (single(query.sort) === 'distance' && !near) {
    throw new ValidationError('sort=distance needs near=lng,lat', [
      { path: 'near', message: 'required when sort is distance' },
    ]);
  }
  const accepting = single(query.accepting);
  return {
    q: single(query.q),
    kinds: list(query.kind) as CarrierKind[] | undefined,
    levels: list(query.level) as Level[] | undefined,
    province: single(query.province),
    city: single(query.city),
    industry: single(query.industry),
    service: single(query.service),
    honor: single(query.honor),
    ...(accepting !== undefined && { accepting: accepting === 'true' }),
    ...(near && { near: { lng: lng!, lat: lat! } }),
    sort: (single(query.sort) ?? 'relevance') as SearchSort,
    cursor: single(query.cursor),
    limit: Number(single(query.limit) ?? 20),
  };
}
