// Vitest setup for tests that run route handlers and server actions inside a request scope:
// Next.js's server keeps its request stores in the global AsyncLocalStorage it installs at start-up.
import { AsyncLocalStorage } from 'node:async_hooks';

const global = globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage };
global.AsyncLocalStorage ??= AsyncLocalStorage;
