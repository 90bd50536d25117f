import {
  clientAddressKey,
  ForbiddenError,
  requestFingerprint,
  ValidationError,
  type AuthUser,
} from '@shuangchuang/service-kit';
import type { Request, Response, Router } from 'express';
import type { ApplicationDocument, CarrierDocument } from '../data-access/models.js';
import type { Actor } from '../domain/actor.js';
import type { DraftContent } from '../domain/application-content.js';
import type { ApplicationStatus } from '../domain/application-lifecycle.js';
import type { GraduationFacts } from '../domain/incubation-clock.js';
import { DEFAULT_INCUBATION_POLICY, type IncubationPolicy } from '../domain/incubation-policy.js';
import type { ScoringCriterion } from '../domain/review-scoring.js';
import type { CodeExchanger } from '../identity/code-exchanger.js';
import { logInFounder } from '../identity/founder-login.js';
import type { FounderSessionService, SessionTokens } from '../identity/founder-sessions.js';
import type { LoginLimits } from '../identity/login-limits.js';
import { deleteFounderAccount, exportFounderData } from '../workflows/founder-data-rights.js';
import type { IntakeContext } from '../workflows/intake-context.js';
import { moveApplication } from '../workflows/move-application.js';
import {
  criteriaOf,
  policyOf,
  precheckForCarrier,
  recordGraduationFacts,
  scoreApplicationAsReviewer,
  watchListFor,
} from '../workflows/review-application.js';
import { createDraft, submitDraft, updateContent } from '../workflows/submit-application.js';
import { canSee } from '../workflows/application-visibility.js';
import { ApplicationNotFoundError } from '../workflows/workflow-errors.js';
import {
  applicationSummary,
  applicationView,
  etagOf,
  isoDate,
  versionFromIfMatch,
} from './application-view.js';
import { toProblem } from './problems.js';

export interface RouteDeps {
  context: IntakeContext;
  exchanger: CodeExchanger;
  sessions: FounderSessionService;
  limits: LoginLimits;
}

const FOUNDER = ['founder'];
const STAFF = ['reviewer', 'intake-admin'];
const ANYONE = [...FOUNDER, ...STAFF];

function actorOf(req: Request, roles: readonly string[]): Actor {
  // The OpenAPI validator has verified the bearer token before any route runs.
  const user = req.user as AuthUser;
  if (!roles.some((role) => user.roles.includes(role))) {
    throw new ForbiddenError(`this requires one of the roles: ${roles.join(', ')}`);
  }
  return { userId: user.id, roles: user.roles, carrierIds: user.carrierIds };
}

function staffOfCarrier(req: Request, carrierId: string, roles: readonly string[]): Actor {
  const actor = actorOf(req, roles);
  if (!actor.carrierIds.includes(carrierId))
    throw new ForbiddenError('you do not serve this carrier');
  return actor;
}

function expectedVersion(req: Request): number {
  const version = versionFromIfMatch(String(req.headers['if-match'] ?? ''));
  if (Number.isNaN(version)) {
    throw new ValidationError('If-Match must be an ETag such as "3"', [
      { path: 'If-Match', message: 'not an ETag' },
    ]);
  }
  return version;
}

function loginResult(session: SessionTokens) {
  return {
    token: session.token,
    tokenType: 'Bearer',
    expiresIn: session.expiresIn,
    refreshToken: session.refreshToken,
    refreshExpiresIn: session.refreshExpiresIn,
    user: { id: session.founderId, roles: ['founder'] },
  };
}

/** Wraps an async route so domain errors become problem+json. */
const handle =
  (route: (req: Request, res: Response) => Promise<void>) =>
  async (req: Request, res: Response) => {
    try {
      await route(req, res);
    } catch (error) {
      throw toProblem(error);
    }
  };

export function mountIntakeRoutes(
  router: Router,
  { context, exchanger, sessions, limits }: RouteDeps,
): void {
  // logins, refreshes and logouts per client address, before any work
  const perClient = limits.perClient?.middleware(
    clientAddressKey,
    'too many login requests from here',
  );
  const limited = perClient ? [perClient] : [];
  const { applications, carriers } = context;

  async function sendApplication(
    res: Response,
    actor: Actor,
    application: ApplicationDocument,
    status = 200,
    /** The carrier when the workflow has just read it: one database round trip fewer. */
    knownCarrier?: CarrierDocument,
  ) {
    // The carrier's policy matters only for an admitted company's incubation clock.
    const [transitions, carrier, policy] = await Promise.all([
      applications.transitionsOf(application._id),
      knownCarrier ?? carriers.find(application.carrierId),
      application.admittedOn ? policyOf(context, application.carrierId) : DEFAULT_INCUBATION_POLICY,
    ]);
    res
      .status(status)
      .setHeader('ETag', etagOf(application))
      .json(applicationView(actor, application, transitions, carrier?.name, policy, context.now()));
  }

  async function visibleApplication(actor: Actor, applicationId: string) {
    const application = await applications.find(applicationId);
    if (!application || !canSee(actor, application))
      throw new ApplicationNotFoundError(applicationId);
    return application;
  }

  router.post(
    '/auth/login',
    ...limited,
    handle(async (req, res) => {
      const login = await logInFounder(
        { exchanger, founders: context.founders, sessions, limits, now: context.now },
        req.body.code,
        clientAddressKey(req),
      );
      res.json(loginResult(login));
    }),
  );

  router.post(
    '/auth/refresh',
    ...limited,
    handle(async (req, res) => {
      res.json(loginResult(await sessions.refresh(req.body.refreshToken, String(req.id))));
    }),
  );

  router.post(
    '/auth/logout',
    ...limited,
    handle(async (req, res) => {
      await sessions.end(req.body.refreshToken, String(req.id));
      res.status(204).end();
    }),
  );

  router.post(
    '/admission-precheck',
    handle(async (req, res) => {
      actorOf(req, ANYONE);
      const { carrierId, creditCode, foundedOn } = req.body as {
        carrierId?: string;
        creditCode?: string;
        foundedOn?: string;
      };
      const company = { creditCode: creditCode ?? null, foundedOn: foundedOn ?? null };
      res.json(await precheckForCarrier(context, carrierId ?? null, company));
    }),
  );

  router.get(
    '/applications',
    handle(async (req, res) => {
      const actor = actorOf(req, ANYONE);
      const limit = Number(req.query.limit ?? 20);
      const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : null;
      const statuses = ([] as string[]).concat(
        (req.query.status as string[] | string | undefined) ?? [],
      );
      const carrierId = typeof req.query.carrierId === 'string' ? req.query.carrierId : undefined;
      const page = actor.roles.includes('founder')
        ? await applications.listForFounder(actor.userId, { carrierId, statuses }, cursor, limit)
        : await applications.listForCarriers(
            actor.carrierIds,
            { carrierId, statuses },
            cursor,
            limit,
          );
      const names = new Map<string, string | undefined>();
      for (const id of new Set(page.items.map((a) => a.carrierId)))
        names.set(id, (await carriers.find(id))?.name);
      res.json({
        items: page.items.map((a) => applicationSummary(actor, a, names.get(a.carrierId))),
        nextCursor: page.nextCursor,
      });
    }),
  );

  router.post(
    '/applications',
    handle(async (req, res) => {
      const actor = actorOf(req, FOUNDER);
      const { carrierId, ...content } = req.body as { carrierId: string } & DraftContent;
      const outcome = await createDraft(
        context,
        actor,
        { carrierId, content },
        {
          key: String(req.headers['idempotency-key']),
          fingerprint: requestFingerprint(['create', req.body]),
        },
      );
      res.setHeader('Location', `${req.baseUrl}/applications/${outcome.application._id}`);
      await sendApplication(res, actor, outcome.application, 201, outcome.carrier);
    }),
  );

  router.get(
    '/applications/:applicationId',
    handle(async (req, res) => {
      const actor = actorOf(req, ANYONE);
      await sendApplication(
        res,
        actor,
        await visibleApplication(actor, String(req.params.applicationId)),
      );
    }),
  );

  router.put(
    '/applications/:applicationId',
    handle(async (req, res) => {
      const actor = actorOf(req, FOUNDER);
      const { carrierId, ...content } = req.body as { carrierId: string } & DraftContent;
      const updated = await updateContent(
        context,
        actor,
        String(req.params.applicationId),
        { carrierId, content },
        expectedVersion(req),
      );
      await sendApplication(res, actor, updated);
    }),
  );

  router.post(
    '/applications/:applicationId/submit',
    handle(async (req, res) => {
      const actor = actorOf(req, FOUNDER);
      const applicationId = String(req.params.applicationId);
      const outcome = await submitDraft(
        context,
        actor,
        applicationId,
        {
          key: String(req.headers['idempotency-key']),
          fingerprint: requestFingerprint(['submit', applicationId]),
        },
        String(req.id),
      );
      await sendApplication(res, actor, outcome.application, 200, outcome.carrier);
    }),
  );

  const founderMove = (to: ApplicationStatus) =>
    handle(async (req, res) => {
      const actor = actorOf(req, FOUNDER);
      const moved = await moveApplication(context, actor, String(req.params.applicationId), {
        to,
        comment: req.body?.comment ?? null,
        requestId: String(req.id),
      });
      await sendApplication(res, actor, moved);
    });
  router.post('/applications/:applicationId/resubmit', founderMove('resubmitted'));
  router.post('/applications/:applicationId/withdraw', founderMove('withdrawn'));

  router.post(
    '/applications/:applicationId/transitions',
    handle(async (req, res) => {
      const actor = actorOf(req, STAFF);
      const body = req.body as { to: ApplicationStatus; comment?: string; interviewAt?: string };
      const moved = await moveApplication(context, actor, String(req.params.applicationId), {
        to: body.to,
        comment: body.comment ?? null,
        interviewAt: body.interviewAt ? new Date(body.interviewAt) : null,
        expectedVersion: req.headers['if-match'] ? expectedVersion(req) : null,
        requestId: String(req.id),
      });
      await sendApplication(res, actor, moved);
    }),
  );

  router.post(
    '/applications/:applicationId/scores',
    handle(async (req, res) => {
      const actor = actorOf(req, STAFF);
      const scored = await scoreApplicationAsReviewer(
        context,
        actor,
        String(req.params.applicationId),
        req.body,
      );
      await sendApplication(res, actor, scored);
    }),
  );

  router.put(
    '/applications/:applicationId/graduation-facts',
    handle(async (req, res) => {
      const actor = actorOf(req, ['intake-admin']);
      const updated = await recordGraduationFacts(
        context,
        actor,
        String(req.params.applicationId),
        req.body as GraduationFacts,
        req.headers['if-match'] ? expectedVersion(req) : null,
      );
      await sendApplication(res, actor, updated);
    }),
  );

  router.get(
    '/carriers/:carrierId/incubation-watch-list',
    handle(async (req, res) => {
      const carrierId = String(req.params.carrierId);
      const actor = staffOfCarrier(req, carrierId, STAFF);
      const list = await watchListFor(context, actor, carrierId);
      const projectNames = new Map<string, string | undefined>();
      for (const a of await applications.admittedAt([carrierId]))
        projectNames.set(a._id, a.content.project?.name);
      const project = (id: string) =>
        projectNames.get(id) ? { projectName: projectNames.get(id) } : {};
      res.json({
        nearLimit: list.nearLimit.map((r) => ({
          applicationId: r.applicationId,
          ...project(r.applicationId),
          admittedOn: isoDate(r.clock.admittedOn),
          endsOn: isoDate(r.clock.endsOn),
          monthsRemaining: r.clock.monthsRemaining,
          overLimit: r.clock.overLimit,
        })),
        qualifying: list.qualifying.map((r) => ({
          applicationId: r.applicationId,
          ...project(r.applicationId),
          conditions: r.conditions,
        })),
      });
    }),
  );

  async function sendPolicy(res: Response, carrierId: string) {
    res.json({
      ...(await policyOf(context, carrierId)),
      criteria: await criteriaOf(context, carrierId),
    });
  }

  router.get(
    '/carriers/:carrierId/intake-policy',
    handle(async (req, res) => sendPolicy(res, String(req.params.carrierId))),
  );

  router.put(
    '/carriers/:carrierId/intake-policy',
    handle(async (req, res) => {
      const carrierId = String(req.params.carrierId);
      staffOfCarrier(req, carrierId, ['intake-admin']);
      const { criteria, ...overrides } = req.body as Partial<IncubationPolicy> & {
        criteria?: ScoringCriterion[];
      };
      const policy = Object.fromEntries(
        Object.entries(overrides).filter(([key]) => key in DEFAULT_INCUBATION_POLICY),
      ) as Partial<IncubationPolicy>;
      await carriers.saveSettings(carrierId, { policy, criteria: criteria ?? null });
      await sendPolicy(res, carrierId);
    }),
  );

  router.get(
    '/me/data-export',
    handle(async (req, res) => {
      const actor = actorOf(req, FOUNDER);
      const data = await exportFounderData(context, actor.userId);
      const views = [];
      for (const a of data.applications) {
        const carrier = await carriers.find(a.carrierId);
        views.push(
          applicationView(
            actor,
            a,
            a.transitions,
            carrier?.name,
            await policyOf(context, a.carrierId),
            context.now(),
          ),
        );
      }
      res.json({
        exportedAt: data.exportedAt.toISOString(),
        userId: actor.userId,
        applications: views,
      });
    }),
  );

  router.delete(
    '/me',
    handle(async (req, res) => {
      const actor = actorOf(req, FOUNDER);
      await deleteFounderAccount(context, actor, String(req.id), sessions);
      res.status(204).end();
    }),
  );
}
