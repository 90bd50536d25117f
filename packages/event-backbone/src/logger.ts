import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';

/** The subset of a pino logger the backbone writes to; pass the service's logger. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Routes kafkajs's own log lines (warnings and errors only) into the service logger. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      const line = { component: 'kafkajs', namespace, ...extra };
      if (level === KafkaLogLevel.ERROR) logger.error(line, message);
      else if (level === KafkaLogLevel.WARN) logger.warn(line, message);
    };
}
