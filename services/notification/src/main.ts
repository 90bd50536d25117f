// Composition root: validated config, the running service, graceful shutdown.
import { installGracefulShutdown } from '@shuangchuang/service-kit';
import { loadNotificationConfig } from './config.js';
import { startNotification } from './service.js';

const config = loadNotificationConfig();
const service = await startNotification(config);
installGracefulShutdown({
  server: service.http.server,
  logger: service.logger,
  readiness: service.readiness,
  closers: service.closers,
});
service.logger.info({ port: service.http.port }, 'notification listening');
