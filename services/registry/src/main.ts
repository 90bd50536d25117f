// The registry's process: validated environment, the service, shutdown on SIGTERM/SIGINT.
import { startService } from '@shuangchuang/service-kit';
import { loadRegistryConfig } from './config.js';
import { registryService } from './service.js';

await startService(registryService, { config: loadRegistryConfig(), handleSignals: true });
