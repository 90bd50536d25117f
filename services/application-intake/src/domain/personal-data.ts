import type { DraftContent } from './application-content.js';
import type { TransitionRecord } from './application-lifecycle.js';

// PIPL founder rights: export everything held about a founder; on account deletion keep the
// application's facts for the carrier's statistics but remove everything that identifies a person.

export const ERASED = '[已删除]';

export interface AnonymisableApplication {
  founderId: string;
  content: DraftContent;
  timeline: TransitionRecord[];
}

/** A stable stand-in for a deleted founder, so counts stay right without linking to the person. */
export function erasedFounderId(applicationId: string): string {
  return `erased:${applicationId}`;
}

export function anonymiseApplication<T extends AnonymisableApplication>(
  application: T,
  applicationId: string,
): T {
  const founderId = application.founderId;
  const replacement = erasedFounderId(applicationId);
  // The applicant's contact and the attachments' links are dropped outright; names become ERASED.
  const { applicant: _applicant, attachments: _attachments, ...content } = application.content;
  return {
    ...application,
    founderId: replacement,
    content: {
      ...content,
      ...(content.company
        ? { company: { ...content.company, name: ERASED, creditCode: null } }
        : {}),
      ...(content.team
        ? { team: content.team.map((member) => ({ name: ERASED, role: member.role })) }
        : {}),
      ...(content.project ? { project: { ...content.project, summary: ERASED } } : {}),
    },
    // The founder's own comments may hold personal details; staff comments stay for the record.
    timeline: application.timeline.map((t) =>
      t.actorId === founderId
        ? { ...t, actorId: replacement, comment: t.comment === null ? null : ERASED }
        : t,
    ),
  };
}
