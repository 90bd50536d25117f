import { deleteFounderAccount, exportFounderData } from '../workflows/founder-data-rights.js';
import { actorOf, type IntakeRoutes, type RouteDeps } from './route-context.js';
import { applicationView } from './views.js';

/** A founder's rights over their data (PIPL): export and account deletion. */
export function founderRoutes({
  context,
  sessions,
}: RouteDeps): Pick<IntakeRoutes, 'GET /me/data-export' | 'DELETE /me'> {
  return {
    'GET /me/data-export': async ({ user }) => {
      const actor = actorOf(user);
      const data = await exportFounderData(context, actor.userId);
      const now = context.now();
      return {
        status: 200,
        body: {
          exportedAt: data.exportedAt.toISOString(),
          userId: actor.userId,
          applications: data.applications.map((record) => applicationView(actor, record, now)),
        },
      };
    },

    'DELETE /me': async ({ user, requestId }) => {
      await deleteFounderAccount(context, actorOf(user), requestId, sessions);
      return { status: 204 };
    },
  };
}
