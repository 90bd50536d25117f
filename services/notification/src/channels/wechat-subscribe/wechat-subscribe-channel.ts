import {
  AUTHORISATION_USED_UP,
  type ChannelAdapter,
  type OutgoingMessage,
  type SendOutcome,
} from '../channel.js';
import { WechatAccessToken, WechatTokenError } from './wechat-access-token.js';

const TOKEN_INVALID = new Set([40001, 42001]);
/** system busy, API frequency limits: worth another try later */
const TRANSIENT = new Set([-1, 45009, 45011]);

/** WeChat subscribe messages through `cgi-bin/message/subscribe/send`. */
export class WechatSubscribeChannel implements ChannelAdapter {
  readonly channel = 'wechat_subscribe' as const;

  constructor(
    private readonly token: WechatAccessToken,
    private readonly options: { baseUrl: string; timeoutMs: number; miniprogramState?: string },
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    if (!message.templateId) {
      return { ok: false, permanent: true, code: 'no-template', message: 'no template configured' };
    }
    try {
      let token = await this.token.get();
      let answer = await this.post(token, message);
      if (TOKEN_INVALID.has(answer.errcode)) {
        token = await this.token.renew(token);
        answer = await this.post(token, message);
      }
      if (answer.errcode === 0) return { ok: true };
      const code = String(answer.errcode);
      return {
        ok: false,
        permanent: !TRANSIENT.has(answer.errcode) && !TOKEN_INVALID.has(answer.errcode),
        code,
        message:
          code === AUTHORISATION_USED_UP
            ? '用户拒绝接受消息（订阅授权已用完）'
            : answer.errmsg.slice(0, 500),
      };
    } catch (error) {
      if (error instanceof WechatTokenError) {
        return { ok: false, permanent: false, code: `token-${error.code}`, message: error.message };
      }
      return { ok: false, permanent: false, code: 'network', message: String(error).slice(0, 500) };
    }
  }

  private async post(token: string, message: OutgoingMessage) {
    const url = new URL('/cgi-bin/message/subscribe/send', this.options.baseUrl);
    url.searchParams.set('access_token', token);
    const data = Object.fromEntries(
      Object.entries(message.notice.fields).map(([key, value]) => [key, { value }]),
    );
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: message.address,
        template_id: message.templateId,
        page: message.notice.link
          ? `pages/${message.notice.link.page}/index?id=${message.notice.link.id}`
          : 'pages/inbox/index',
        data,
        miniprogram_state: this.options.miniprogramState ?? 'formal',
        lang: 'zh_CN',
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (response.status >= 500) return { errcode: -1, errmsg: `HTTP ${response.status}` };
    const body = (await response.json()) as { errcode?: number; errmsg?: string };
    return { errcode: body.errcode ?? 0, errmsg: body.errmsg ?? '' };
  }
}
