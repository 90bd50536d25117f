import { LoginRefusedError, type CodeExchanger, type WechatIdentity } from './code-exchanger.js';

/**
 * Used when no WeChat app is configured (development, H5 preview): the code "dev:<name>" logs in
 * as the development founder <name>. Anything else is refused, so a real wx.login code sent to a
 * misconfigured server fails loudly instead of creating a stray account.
 */
export class DevelopmentExchanger implements CodeExchanger {
  async exchange(code: string): Promise<WechatIdentity> {
    const match = /^dev:([A-Za-z0-9_-]{1,64})$/.exec(code);
    if (!match)
      throw new LoginRefusedError('development login expects a code of the form dev:<name>');
    return { openId: `dev-openid-${match[1]}`, unionId: null };
  }
}
