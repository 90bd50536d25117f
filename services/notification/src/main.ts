// The notification process: validated environment, the service, shutdown on SIGTERM/SIGINT.
import { startService } from '@shuangchuang/service-kit';
import { loadNotificationConfig } from './config.js';
import { notificationService } from './service.js';

await startService(notificationService, { config: loadNotificationConfig(), handleSignals: true });
