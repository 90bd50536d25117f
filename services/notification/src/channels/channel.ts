import type { Notice } from '../domain/notice.js';
import type { PushChannel } from '../domain/preferences.js';

/** One message to one recipient on one channel. */
export interface OutgoingMessage {
  deliveryId: string;
  userId: string;
  /** where it goes: a WeChat openid, a mobile number or an email address */
  address: string;
  notice: Notice;
  /** WeChat subscribe messages only: the template the user authorised */
  templateId?: string;
}

export type SendOutcome =
  | { ok: true }
  | {
      ok: false;
      /** permanent: retrying cannot help (bad address, authorisation used up, refused) */
      permanent: boolean;
      code: string;
      message: string;
    };

/**
 * Every push channel behind one interface. The inbox is not one of them: it is written in the
 * same transaction as the event's handling, always on, and the fallback of every channel.
 */
export interface ChannelAdapter {
  readonly channel: PushChannel;
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

/** The WeChat answer meaning the user's one-time authorisation is used up. */
export const AUTHORISATION_USED_UP = '43101';
