// Shared between the per-file setup and tests: what console.error received in this test.
export const consoleErrorState: { calls: unknown[][]; expected: boolean } = { calls: [], expected: false };

/** Declares that this test expects console.error output; returns the calls seen so far. */
export function expectConsoleError(): unknown[][] {
  consoleErrorState.expected = true;
  return consoleErrorState.calls;
}
