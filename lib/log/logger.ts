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
      hooks: { streamWrite: redactText },
    },
    stream ?? destination(),
  );
}

const globalForLogger = globalThis as unknown as { paydeckLogger?: ReturnType<typeof createLogger> };

/** The process-wide logger: JSON in production, pretty in development, silent in tests. */
export const logger = (globalForLogger.paydeckLogger ??= createLogger());
