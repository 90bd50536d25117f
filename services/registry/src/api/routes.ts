// The registry's API: one thin handler per operation of packages/contracts/openapi/registry.yaml.
// Handlers get the request typed from the contract, call a workflow and map its answer.
import type { RegistryApi } from '@shuangchuang/contracts';
import { etagOf, routeTable, versionFromIfMatch, type AuthUser } from '@shuangchuang/service-kit';
import { parseNoticeCsv } from '../import/notice-csv-parser.js';
import { parseNoticeText } from '../import/notice-text-parser.js';
import { importNotice } from '../workflows/import-notice.js';
import {
  awardHonor,
  createCarrier,
  getCarrier,
  listCarrierAudit,
  retireCarrier,
  revokeHonor,
  updateCarrier,
} from '../workflows/maintain-carriers.js';
import type { RegistryContext, WriteContext } from '../workflows/registry-context.js';
import { countCarriers, searchCarriers } from '../workflows/search-carriers.js';
import {
  carrierInputOf,
  carrierView,
  importResultView,
  noticeMetadataOf,
  searchRequestOf,
} from './views.js';

export function registryRoutes(context: RegistryContext) {
  return routeTable<RegistryApi.paths>({
    'GET /carriers': async ({ query }) => ({
      status: 200,
      body: await searchCarriers(context, searchRequestOf(query)),
    }),

    'POST /carriers': async ({ body, user, requestId, baseUrl }) => {
      const carrier = await createCarrier(context, carrierInputOf(body), by(user, requestId));
      return {
        status: 201,
        body: carrierView(carrier),
        headers: { ETag: etagOf(carrier.version), Location: `${baseUrl}/carriers/${carrier.id}` },
      };
    },

    'GET /carriers/{carrierId}': async ({ params }) =>
      carrierAnswer(await getCarrier(context, params.carrierId)),

    'PUT /carriers/{carrierId}': async ({ params, headers, body, user, requestId }) =>
      carrierAnswer(
        await updateCarrier(
          context,
          params.carrierId,
          carrierInputOf(body),
          versionFromIfMatch(headers['If-Match']),
          by(user, requestId),
        ),
      ),

    'POST /carriers/{carrierId}/retire': async ({ params, headers, body, user, requestId }) =>
      carrierAnswer(
        await retireCarrier(
          context,
          params.carrierId,
          versionFromIfMatch(headers['If-Match']),
          body.reason,
          by(user, requestId),
        ),
      ),

    'POST /carriers/{carrierId}/honors': async ({ params, body, user, requestId }) => {
      const { carrier } = await awardHonor(
        context,
        params.carrierId,
        body,
        undefined,
        by(user, requestId),
      );
      return carrierAnswer(carrier);
    },

    'DELETE /carriers/{carrierId}/honors/{honorId}': async ({ params, user, requestId }) =>
      carrierAnswer(
        await revokeHonor(
          context,
          params.carrierId,
          params.honorId,
          undefined,
          by(user, requestId),
        ),
      ),

    'GET /carriers/{carrierId}/audit': async ({ params, query }) => ({
      status: 200,
      body: await listCarrierAudit(context, params.carrierId, {
        ...(query.cursor && { cursor: query.cursor }),
        limit: query.limit ?? 20,
      }),
    }),

    'POST /imports': async ({ body, user, requestId }) => {
      const dryRun = body.dryRun ?? true;
      const parsed =
        body.format === 'csv' ? parseNoticeCsv(body.content) : parseNoticeText(body.content);
      const outcome = await importNotice(
        context,
        parsed,
        noticeMetadataOf(body.notice),
        dryRun,
        by(user, requestId),
      );
      return { status: 200, body: importResultView(dryRun, body.notice.documentNumber, outcome) };
    },

    'GET /statistics': async ({ query }) => ({
      status: 200,
      body: await countCarriers(context, query),
    }),
  });
}

function carrierAnswer(carrier: Parameters<typeof carrierView>[0]) {
  return {
    status: 200 as const,
    body: carrierView(carrier),
    headers: { ETag: etagOf(carrier.version) },
  };
}

function by(user: AuthUser, requestId: string): WriteContext {
  return { actor: { userId: user.id, ...(user.name && { name: user.name }) }, requestId };
}
