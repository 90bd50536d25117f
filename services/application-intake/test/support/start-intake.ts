import { startService, type Logger, type RunningService } from '@shuangchuang/service-kit';
import type { IntakeConfig } from '../../src/config.js';
import type { IntakeEventMap } from '../../src/events/outgoing/event-types.js';
import { intakeService } from '../../src/service.js';
import type { IntakeContext } from '../../src/workflows/intake-context.js';

export type RunningIntake = RunningService<IntakeEventMap, { context: IntakeContext }>;

/** The service in-process on a loopback port (PORT from the config), as main.ts starts it. */
export function startIntake(
  config: IntakeConfig,
  options: { now?: () => Date; logger?: Logger } = {},
): Promise<RunningIntake> {
  return startService(intakeService, {
    config,
    host: '127.0.0.1',
    ...(options.now && { now: options.now }),
    ...(options.logger && { logger: options.logger }),
  });
}
