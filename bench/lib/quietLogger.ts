// A LoggerService for the code under measurement: logging to the console would time the terminal,
// so lines are dropped; warnings and errors are kept for the report.
import type { LoggerService } from '@backstage/backend-plugin-api';

export interface QuietLogger extends LoggerService {
  problems: string[];
}

export function quietLogger(): QuietLogger {
  const problems: string[] = [];
  const logger: QuietLogger = {
    problems,
    error: message => void problems.push(`error: ${message}`),
    warn: message => void problems.push(`warn: ${message}`),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}
