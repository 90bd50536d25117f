// Redocly lint rules (`npm run lint`): every operation says who may call it, in the one form the
// service kit enforces and the generated role matrix (infra/system-tests) tests.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The roles a token may hold: the `Role` enum of the shared components. */
export const knownRoles = parse(
  readFileSync(new URL('../openapi/shared/components.yaml', import.meta.url), 'utf8'),
).schemas.Role.enum;

/**
 * `x-scope` keys: what a resource of the operation belongs to, each mapped to the status a caller
 * with an allowed role gets for someone else's resource.
 */
export const scopeKinds = {
  owner: 'the user who created it (a founder their application, a user their message)',
  carrier: "a carrier: staff act only for the carriers in their token's carrierIds",
};
const SCOPE_ANSWERS = [403, 404];

function OperationAuthorization() {
  let rootSecurity = [];
  return {
    Root: {
      enter(root) {
        rootSecurity = root.security ?? [];
      },
    },
    Operation: {
      enter(operation, ctx) {
        const report = (message, at) =>
          ctx.report({ message, location: at ? ctx.location.child(at) : ctx.location });
        const roles = operation['x-roles'];
        const isPublic = (operation.security ?? rootSecurity).length === 0;
        if (!Array.isArray(roles)) {
          report('every operation lists x-roles: the roles that may call it, [] when public');
          return;
        }
        for (const role of roles) {
          if (!knownRoles.includes(role)) {
            report(`unknown role ${role}; known: ${knownRoles.join(', ')}`, 'x-roles');
          }
        }
        if (new Set(roles).size !== roles.length) report('x-roles repeats a role', 'x-roles');
        if (isPublic !== (roles.length === 0)) {
          report(
            isPublic
              ? 'a public operation (security: []) lists no x-roles'
              : 'a secured operation lists its x-roles (public ones say security: [])',
            'x-roles',
          );
        }
        const responses = operation.responses ?? {};
        if (!isPublic) {
          for (const status of ['401', '403']) {
            if (!responses[status]) {
              report(
                `a secured operation declares ${status} (no or bad token / no allowed role)`,
                'responses',
              );
            }
          }
        }
        const scope = operation['x-scope'];
        if (scope === undefined) return;
        if (isPublic) report('a public operation has no x-scope', 'x-scope');
        if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) {
          report(`x-scope maps ${Object.keys(scopeKinds).join(' / ')} to 403 or 404`, 'x-scope');
          return;
        }
        for (const [kind, answer] of Object.entries(scope)) {
          if (!(kind in scopeKinds)) {
            report(
              `unknown x-scope ${kind}; known: ${Object.keys(scopeKinds).join(', ')}`,
              'x-scope',
            );
          }
          if (!SCOPE_ANSWERS.includes(answer)) {
            report(`x-scope ${kind} answers 403 or 404, not ${answer}`, 'x-scope');
          } else if (!responses[String(answer)]) {
            report(
              `x-scope ${kind} answers ${answer}, which the responses do not declare`,
              'x-scope',
            );
          }
        }
      },
    },
  };
}

export default function authorizationPlugin() {
  return {
    id: 'shuangchuang',
    rules: { oas3: { 'operation-authorization': OperationAuthorization } },
  };
}
