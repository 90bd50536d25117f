// Who is acting, as the domain sees it: taken from the verified token by the API layer.
export type Role = 'founder' | 'reviewer' | 'intake-admin';

export interface Actor {
  userId: string;
  roles: readonly string[];
  /** Staff only: the carriers they serve. */
  carrierIds: readonly string[];
}

export const isFounder = (actor: Actor): boolean => actor.roles.includes('founder');
export const isStaff = (actor: Actor): boolean =>
  actor.roles.includes('reviewer') || actor.roles.includes('intake-admin');

/** Staff may act on a carrier's applications only when they serve that carrier. */
export function servesCarrier(actor: Actor, carrierId: string): boolean {
  return isStaff(actor) && actor.carrierIds.includes(carrierId);
}
