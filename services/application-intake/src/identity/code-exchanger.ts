// Turns the code the mini-program got from wx.login into a stable WeChat identity.

export interface WechatIdentity {
  openId: string;
  unionId: string | null;
}

export interface CodeExchanger {
  exchange(code: string): Promise<WechatIdentity>;
}

/** The code was refused (invalid, used, expired, risky user): the founder must log in again. */
export class LoginRefusedError extends Error {
  constructor(
    message: string,
    public readonly wechatErrcode: number | null = null,
  ) {
    super(message);
    this.name = 'LoginRefusedError';
  }
}

/** WeChat could not answer (busy, rate-limited, network): worth retrying later. */
export class LoginUnavailableError extends Error {
  constructor(
    message: string,
    public readonly wechatErrcode: number | null = null,
  ) {
    super(message);
    this.name = 'LoginUnavailableError';
  }
}
