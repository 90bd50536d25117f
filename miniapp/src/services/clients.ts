// The one request adapter of the mini-program: the generated clients of @shuangchuang/contracts
// over a Taro.request-shaped function. Pages never build a request or a response shape by hand.
import './platform-globals';
import {
  createIntakeClient,
  createNewsFeedClient,
  createNotificationClient,
  createRegistryClient,
  fetchFromRequest,
  type IntakeClient,
  type NewsFeedClient,
  type NotificationClient,
  type RegistryClient,
  type RequestFunction,
  type TokenSource,
} from '@shuangchuang/contracts';

export interface ApiClients {
  registry: RegistryClient;
  newsFeed: NewsFeedClient;
  intake: IntakeClient;
  notification: NotificationClient;
}

export interface ApiClientOptions {
  /** Origin of the gateway; '' in H5 (same origin). */
  baseUrl: string;
  /** Taro.request, or a fake in tests. */
  request: RequestFunction;
  token?: TokenSource;
}

export function createApiClients({ baseUrl, request, token }: ApiClientOptions): ApiClients {
  const options = { baseUrl, fetch: fetchFromRequest(request), ...(token ? { token } : {}) };
  return {
    registry: createRegistryClient(options),
    newsFeed: createNewsFeedClient(options),
    intake: createIntakeClient(options),
    notification: createNotificationClient(options),
  };
}
