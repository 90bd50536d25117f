import type { ChannelAdapter, OutgoingMessage, SendOutcome } from '../channel.js';

/**
 * An SMS provider's HTTP API: `POST {baseUrl}/sms/send` with a bearer API key and
 * `{ mobile, signName, templateCode, params }`; 2xx sent, 4xx refused for good, 5xx try again.
 * Chinese providers (Aliyun, Tencent Cloud) send only pre-approved templates, hence a code and
 * parameters rather than free text.
 */
export class SmsProviderChannel implements ChannelAdapter {
  readonly channel = 'sms' as const;

  constructor(
    private readonly options: {
      baseUrl: string;
      apiKey: string;
      signName: string;
      timeoutMs: number;
    },
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    try {
      const response = await fetch(new URL('/sms/send', this.options.baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.options.apiKey}`,
        },
        body: JSON.stringify({
          mobile: message.address,
          signName: this.options.signName,
          templateCode: message.notice.template,
          params: message.notice.fields,
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (response.ok) return { ok: true };
      const text = (await response.text()).slice(0, 500);
      return {
        ok: false,
        permanent: response.status >= 400 && response.status < 500 && response.status !== 429,
        code: `http-${response.status}`,
        message: text,
      };
    } catch (error) {
      return { ok: false, permanent: false, code: 'network', message: String(error).slice(0, 500) };
    }
  }
}
