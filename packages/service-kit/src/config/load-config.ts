import type { z } from 'zod';

export interface LoadConfigOptions {
  /** injectable for tests; the process exits for real otherwise */
  exit?: (code: number) => void;
  writeError?: (line: string) => void;
}

/** Thrown after `exit` when the injected exit returns (tests), so callers never see a half-valid config. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`config error: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once at start-up. On the first bad or missing variable it
 * prints one line, `config error: <VAR> <reason>`, and exits with 1.
 */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
  {
    exit = (code) => process.exit(code),
    writeError = (line) => process.stderr.write(line + '\n'),
  }: LoadConfigOptions = {},
): z.output<Schema> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0]!;
  const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
  const missing = issue.code === 'invalid_type' && env[variable] === undefined;
  const error = new ConfigError(variable, missing ? 'is required but missing' : describe(issue));
  writeError(error.message);
  exit(1);
  throw error;
}

function describe(issue: z.core.$ZodIssue): string {
  // zod's "Invalid input: expected number, received NaN" reads better without its prefix
  return issue.message.replace(/^Invalid input: /, '').replace(/\s+/g, ' ');
}
