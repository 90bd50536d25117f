// news-feed's process: validated environment, the service, shutdown on SIGTERM/SIGINT.
import { startService } from '@shuangchuang/service-kit';
import { loadNewsFeedConfig } from './config.js';
import { newsFeedService } from './service.js';

await startService(newsFeedService, { config: loadNewsFeedConfig(), handleSignals: true });
