import {
  LoginRefusedError,
  LoginUnavailableError,
  type CodeExchanger,
  type WechatIdentity,
} from './code-exchanger.js';

export interface WechatConfig {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com in production; a local fake in tests. */
  baseUrl: string;
  timeoutMs: number;
}

interface Code2SessionAnswer {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

// errcodes from WeChat's jscode2session documentation that mean "this code will never work".
const REFUSED_ERRCODES = new Set([40029, 40163, 40226]);
// -1 system busy, 45011 rate limit: try again later.
const UNAVAILABLE_ERRCODES = new Set([-1, 45011]);

/**
 * WeChat's auth.code2Session. The session_key is dropped on purpose: we never decrypt user data,
 * so holding it would only be one more secret to protect.
 */
export class WechatCode2Session implements CodeExchanger {
  constructor(private readonly config: WechatConfig) {}

  async exchange(code: string): Promise<WechatIdentity> {
    const url = new URL('/sns/jscode2session', this.config.baseUrl);
    url.searchParams.set('appid', this.config.appId);
    url.searchParams.set('secret', this.config.appSecret);
    url.searchParams.set('js_code', code);
    url.searchParams.set('grant_type', 'authorization_code');
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.config.timeoutMs) });
    } catch (error) {
      throw new LoginUnavailableError(`WeChat code2session unreachable: ${(error as Error).name}`);
    }
    if (!response.ok)
      throw new LoginUnavailableError(`WeChat code2session answered HTTP ${response.status}`);
    // WeChat answers JSON with a text/plain content type, so parse the text ourselves.
    let answer: Code2SessionAnswer;
    try {
      answer = JSON.parse(await response.text()) as Code2SessionAnswer;
    } catch {
      throw new LoginUnavailableError('WeChat code2session answered something that is not JSON');
    }
    const errcode = answer.errcode ?? 0;
    if (errcode !== 0) {
      const message = `WeChat code2session errcode ${errcode}: ${answer.errmsg ?? ''}`.trim();
      if (REFUSED_ERRCODES.has(errcode)) throw new LoginRefusedError(message, errcode);
      if (UNAVAILABLE_ERRCODES.has(errcode)) throw new LoginUnavailableError(message, errcode);
      // An unknown errcode most likely means our app id or secret is wrong: not the founder's fault.
      throw new LoginUnavailableError(message, errcode);
    }
    if (!answer.openid)
      throw new LoginUnavailableError('WeChat code2session answered without an openid');
    return { openId: answer.openid, unionId: answer.unionid ?? null };
  }
}
