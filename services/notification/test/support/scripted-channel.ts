import type { ChannelAdapter, OutgoingMessage, SendOutcome } from '../../src/channels/channel.js';
import type { PushChannel } from '../../src/domain/preferences.js';

/** An outside provider whose answers the test scripts; records every attempt. */
export class ScriptedChannel implements ChannelAdapter {
  readonly attempts: OutgoingMessage[] = [];
  readonly script: SendOutcome[] = [];

  constructor(readonly channel: PushChannel) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    this.attempts.push(message);
    return this.script.shift() ?? { ok: true };
  }
}
