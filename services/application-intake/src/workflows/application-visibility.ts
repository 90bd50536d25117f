import type { ApplicationDocument } from '../data-access/models.js';
import { isStaff, type Actor } from '../domain/actor.js';

/** A founder sees only their own applications; staff only those of the carriers they serve. */
export function canSee(
  actor: Actor,
  application: Pick<ApplicationDocument, 'founderId' | 'carrierId'>,
): boolean {
  if (actor.roles.includes('founder') && application.founderId === actor.userId) return true;
  return isStaff(actor) && actor.carrierIds.includes(application.carrierId);
}
