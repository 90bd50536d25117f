import type { PushChannel } from '../../domain/preferences.js';
import type { ChannelAdapter, OutgoingMessage, SendOutcome } from '../channel.js';

/**
 * Development and test stand-in for a real provider: keeps what would have been sent, so a
 * developer (or a test) can look at it, and sends nothing anywhere.
 */
export class RecordingChannel implements ChannelAdapter {
  readonly sent: OutgoingMessage[] = [];

  constructor(
    readonly channel: PushChannel,
    private readonly onSend?: (message: OutgoingMessage) => void,
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    this.sent.push(message);
    this.onSend?.(message);
    return { ok: true };
  }
}
