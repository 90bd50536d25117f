// Who hears what. Pure decisions over ids; the handlers look the ids up in the read models.

/** The founder hears every status change of their own application. */
export function founderOfApplication(data: { founderUserId: string }): string[] {
  return [data.founderUserId];
}

/** Reviewers of the carrier hear each submission and each resubmission. */
export function reviewersToTell(
  toStatus: string,
  reviewersOfCarrier: readonly string[],
): readonly string[] {
  return toStatus === 'submitted' || toStatus === 'resubmitted' ? reviewersOfCarrier : [];
}

/** Followers hear about a carrier when it starts accepting applications, not on every update. */
export function startsAccepting(
  previous: { accepting: boolean } | undefined,
  next: { accepting: boolean; status: string },
): boolean {
  return next.accepting && next.status === 'active' && previous?.accepting !== true;
}

/** Each follower of any mentioned carrier, once, whatever the number of carriers they follow. */
export function followersOfMentioned(follows: readonly { userId: string }[]): string[] {
  return [...new Set(follows.map((follow) => follow.userId))];
}
