// Composition root: validated config, the running service, graceful shutdown.
import { installGracefulShutdown } from '@shuangchuang/service-kit';
import { loadIntakeConfig } from './config.js';
import { startApplicationIntake } from './service.js';

const config = loadIntakeConfig();
const service = await startApplicationIntake(config);
installGracefulShutdown({
  server: service.http.server,
  logger: service.logger,
  readiness: service.readiness,
  closers: service.closers,
});
service.logger.info({ port: service.http.port }, 'application-intake listening');
