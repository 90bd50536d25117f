// Intake's process: validated environment, the service, shutdown on SIGTERM/SIGINT.
import { startService } from '@shuangchuang/service-kit';
import { loadIntakeConfig } from './config.js';
import { intakeService } from './service.js';

await startService(intakeService, { config: loadIntakeConfig(), handleSignals: true });
