import pino, { type DestinationStream, type Level } from 'pino';
import pretty from 'pino-pretty';
import { env } from '@/lib/env';
import { currentLogContext } from './context';
import { redactText } from './redact';

// Structured fields that may hold secrets are removed by path; free text is scrubbed by redactText.
const REDACT_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'authorization',
  'cookie',
  '*.client_secret',
  'client_secret',
];

function destination(): DestinationStream | undefined {
  const e = env();
  // Pretty output only in development, written synchronously on this thread (no transport worker).
  if (e.nodeEnv !== 'development') return undefined;
  return pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/** Builds a logger; tests pass their own stream to read what would be written. */
export function createLogger(stream?: DestinationStream, level?: Level) {
  const e = env();
  return pino(
    {
      level: level ?? e.logLevel,
      base: { service: 'paydeck' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      mixin: () => ({ ...currentLogContext() }),
      // ISO time, not epoch milliseconds: a 13-digit number can look like a card number to the scrubber.
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: redactText },
    },
    stream ?? destination(),
  );
}

type Logger = ReturnType<typeof createLogger>;
const globalForLogger = globalThis as unknown as { paydeckLogger?: Logger };

/**
 * The process-wide logger: JSON in production, pretty in development, quiet in tests. Created on
 * first use, so importing it never reads the environment (entry points validate that first).
 */
export const logger: Logger = new Proxy({} as Logger, {
  get: (_target, prop) => Reflect.get((globalForLogger.paydeckLogger ??= createLogger()), prop),
});
