/** The `servers[0].url` of each service's document: the prefix every route of it lives under. */
export const servicePrefixes = {
  registry: '/api/registry',
  'news-feed': '/api/news-feed',
  'application-intake': '/api/application-intake',
  notification: '/api/notification',
} as const;

export type ServiceName = keyof typeof servicePrefixes;

export const serviceNames = Object.keys(servicePrefixes) as ServiceName[];
