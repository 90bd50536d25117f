import type { Client } from 'openapi-fetch';
import type { paths as IntakePaths } from '../../generated/types/application-intake.js';
import type { paths as NewsFeedPaths } from '../../generated/types/news-feed.js';
import type { paths as NotificationPaths } from '../../generated/types/notification.js';
import type { paths as RegistryPaths } from '../../generated/types/registry.js';
import { createServiceClient, type ServiceClientOptions } from './service-client.js';

export {
  identityMiddleware,
  serviceBaseUrl,
  type ServiceClientOptions,
  type TokenSource,
} from './service-client.js';
export { serviceNames, servicePrefixes, type ServiceName } from '../services.js';
export {
  fetchFromRequest,
  type RequestFunction,
  type RequestFunctionOptions,
  type RequestFunctionResult,
} from './fetch-from-request.js';

export type RegistryClient = Client<RegistryPaths>;
export type NewsFeedClient = Client<NewsFeedPaths>;
export type IntakeClient = Client<IntakePaths>;
export type NotificationClient = Client<NotificationPaths>;

export const createRegistryClient = (options: ServiceClientOptions): RegistryClient =>
  createServiceClient<RegistryPaths>('registry', options);

export const createNewsFeedClient = (options: ServiceClientOptions): NewsFeedClient =>
  createServiceClient<NewsFeedPaths>('news-feed', options);

export const createIntakeClient = (options: ServiceClientOptions): IntakeClient =>
  createServiceClient<IntakePaths>('application-intake', options);

export const createNotificationClient = (options: ServiceClientOptions): NotificationClient =>
  createServiceClient<NotificationPaths>('notification', options);
