import { versionFromIfMatch } from '@shuangchuang/service-kit';
import { moveApplication } from '../workflows/move-application.js';
import { findVisible, listApplications, recordOf } from '../workflows/read-applications.js';
import {
  precheckForCarrier,
  recordGraduationFacts,
  scoreApplicationAsReviewer,
} from '../workflows/review-application.js';
import { createDraft, submitDraft, updateContent } from '../workflows/submit-application.js';
import { actorOf, type IntakeRoutes, type RouteDeps } from './route-context.js';
import { applicationAnswer, applicationSummary, draftRequestOf } from './views.js';

type ApplicationRouteKeys =
  | 'POST /admission-precheck'
  | 'GET /applications'
  | 'POST /applications'
  | 'GET /applications/{applicationId}'
  | 'PUT /applications/{applicationId}'
  | 'POST /applications/{applicationId}/submit'
  | 'POST /applications/{applicationId}/resubmit'
  | 'POST /applications/{applicationId}/withdraw'
  | 'POST /applications/{applicationId}/transitions'
  | 'POST /applications/{applicationId}/scores'
  | 'PUT /applications/{applicationId}/graduation-facts';

/** resubmit and withdraw take the same request */
type CommentedMove = Parameters<IntakeRoutes['POST /applications/{applicationId}/withdraw']>[0];

/** Applications: drafts, submission, the lifecycle moves, scores and graduation facts. */
export function applicationRoutes({
  context,
}: RouteDeps): Pick<IntakeRoutes, ApplicationRouteKeys> {
  /** The answer of a change: the changed application with what its representation shows. */
  const answer = async (
    actor: ReturnType<typeof actorOf>,
    changed: Parameters<typeof recordOf>[1],
  ) => applicationAnswer(actor, await recordOf(context, changed), context.now());

  /** A founder's own move (resubmit, withdraw), with an optional comment. */
  const founderMove =
    (to: 'resubmitted' | 'withdrawn') =>
    async ({ user, params, body, requestId }: CommentedMove) => {
      const actor = actorOf(user);
      const moved = await moveApplication(context, actor, params.applicationId, {
        to,
        comment: body.comment ?? null,
        requestId,
      });
      return answer(actor, moved);
    };

  return {
    'POST /admission-precheck': async ({ body }) => ({
      status: 200,
      body: await precheckForCarrier(context, body.carrierId ?? null, {
        creditCode: body.creditCode ?? null,
        foundedOn: body.foundedOn ?? null,
      }),
    }),

    'GET /applications': async ({ user, query }) => {
      const actor = actorOf(user);
      const page = await listApplications(
        context,
        actor,
        { carrierId: query.carrierId, statuses: query.status ?? [] },
        query.cursor ?? null,
        query.limit ?? 20,
      );
      return {
        status: 200,
        body: {
          items: page.items.map((a) => applicationSummary(actor, a, page.names.get(a.carrierId))),
          nextCursor: page.nextCursor,
        },
      };
    },

    'POST /applications': async ({ user, body, headers, baseUrl }) => {
      const actor = actorOf(user);
      const record = await createDraft(
        context,
        actor,
        draftRequestOf(body),
        headers['Idempotency-Key'],
      );
      const { body: view, headers: etag } = applicationAnswer(actor, record, context.now());
      return {
        status: 201,
        body: view,
        headers: { ...etag, Location: `${baseUrl}/applications/${record.application._id}` },
      };
    },

    'GET /applications/{applicationId}': async ({ user, params }) => {
      const actor = actorOf(user);
      return answer(actor, await findVisible(context, actor, params.applicationId));
    },

    'PUT /applications/{applicationId}': async ({ user, params, headers, body }) => {
      const actor = actorOf(user);
      return answer(
        actor,
        await updateContent(
          context,
          actor,
          params.applicationId,
          draftRequestOf(body),
          versionFromIfMatch(headers['If-Match']),
        ),
      );
    },

    'POST /applications/{applicationId}/submit': async ({ user, params, headers, requestId }) => {
      const actor = actorOf(user);
      const record = await submitDraft(
        context,
        actor,
        params.applicationId,
        headers['Idempotency-Key'],
        requestId,
      );
      return applicationAnswer(actor, record, context.now());
    },

    'POST /applications/{applicationId}/resubmit': founderMove('resubmitted'),

    'POST /applications/{applicationId}/withdraw': founderMove('withdrawn'),

    'POST /applications/{applicationId}/transitions': async ({
      user,
      params,
      headers,
      body,
      requestId,
    }) => {
      const actor = actorOf(user);
      const moved = await moveApplication(context, actor, params.applicationId, {
        to: body.to,
        comment: body.comment ?? null,
        interviewAt: body.interviewAt ? new Date(body.interviewAt) : null,
        expectedVersion: headers['If-Match'] ? versionFromIfMatch(headers['If-Match']) : null,
        requestId,
      });
      return answer(actor, moved);
    },

    'POST /applications/{applicationId}/scores': async ({ user, params, body }) => {
      const actor = actorOf(user);
      return answer(
        actor,
        await scoreApplicationAsReviewer(context, actor, params.applicationId, body),
      );
    },

    'PUT /applications/{applicationId}/graduation-facts': async ({
      user,
      params,
      headers,
      body,
    }) => {
      const actor = actorOf(user);
      return answer(
        actor,
        await recordGraduationFacts(
          context,
          actor,
          params.applicationId,
          body,
          headers['If-Match'] ? versionFromIfMatch(headers['If-Match']) : null,
        ),
      );
    },
  };
}
