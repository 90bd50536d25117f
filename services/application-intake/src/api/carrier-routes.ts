import { intakePolicyOf, setIntakePolicy, watchListFor } from '../workflows/review-application.js';
import { actorOf, type IntakeRoutes, type RouteDeps } from './route-context.js';
import { intakePolicyView, watchListView } from './views.js';

/** A carrier's intake: its policy and criteria, and its incubation watch list. */
export function carrierRoutes({
  context,
}: RouteDeps): Pick<
  IntakeRoutes,
  | 'GET /carriers/{carrierId}/incubation-watch-list'
  | 'GET /carriers/{carrierId}/intake-policy'
  | 'PUT /carriers/{carrierId}/intake-policy'
> {
  return {
    'GET /carriers/{carrierId}/incubation-watch-list': async ({ user, params }) => ({
      status: 200,
      body: watchListView(await watchListFor(context, actorOf(user), params.carrierId)),
    }),

    'GET /carriers/{carrierId}/intake-policy': async ({ params }) => ({
      status: 200,
      body: intakePolicyView(await intakePolicyOf(context, params.carrierId)),
    }),

    'PUT /carriers/{carrierId}/intake-policy': async ({ user, params, body }) => ({
      status: 200,
      body: intakePolicyView(await setIntakePolicy(context, actorOf(user), params.carrierId, body)),
    }),
  };
}
