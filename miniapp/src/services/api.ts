// Taro bindings of the services: the clients over Taro.request, the session in Taro storage,
// and the login code from wx.login (weapp) or the development exchanger (H5).
import Taro from '@tarojs/taro';
import type { RequestFunction } from '@shuangchuang/contracts';
import { createApiClients } from './clients';
import {
  clearSession,
  developmentCode,
  login as loginWithCode,
  readSession,
  type KeyValueStorage,
  type Session,
} from './session';

export const storage: KeyValueStorage = {
  get: (key) => {
    const value: unknown = Taro.getStorageSync(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  },
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

const taroRequest: RequestFunction = async (options) => {
  const response = await Taro.request({
    url: options.url,
    method: options.method as keyof Taro.request.Method,
    header: options.header,
    data: options.data,
    responseType: options.responseType,
    dataType: options.dataType,
  });
  return {
    statusCode: response.statusCode,
    header: response.header as Record<string, string>,
    data: response.data,
  };
};

export const api = createApiClients({
  baseUrl: process.env.TARO_APP_API_BASE_URL ?? '',
  request: taroRequest,
  token: () => readSession(storage)?.token,
});

export function currentSession(): Session | null {
  return readSession(storage);
}

export async function login(): Promise<Session> {
  const code =
    process.env.TARO_ENV === 'weapp' ? (await Taro.login()).code : developmentCode(storage);
  return loginWithCode(api.intake, storage, code);
}

export function logout(): void {
  clearSession(storage);
}

/** A session, logging in first when there is none. */
export async function ensureSession(): Promise<Session> {
  return currentSession() ?? login();
}
