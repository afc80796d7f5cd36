// The Node.js line Paydeck runs on. The `node` dev dependency puts this line first on the PATH of
// every npm script, so an older system Node (which still runs npm itself) is never the runtime.
export const REQUIRED_NODE_MAJOR = 24;

/** Why `version` (e.g. `v20.20.2`) cannot run Paydeck, or null when it can. */
export function unsupportedNode(version: string = process.version): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= REQUIRED_NODE_MAJOR) return null;
  return `Paydeck needs Node.js ${REQUIRED_NODE_MAJOR} LTS, but this is ${version}: run it through npm (\`npm run …\`, \`npm test\`), which uses the project's own Node from node_modules/.bin, or install Node ${REQUIRED_NODE_MAJOR}.`;
}

/** Entry points: print the runtime in one line, or exit with the reason it is too old. */
export function announceNode(who: string): void {
  const reason = unsupportedNode();
  if (reason) {
    process.stderr.write(`${reason}\n`);
    process.exit(1);
  }
  console.log(`${who} on Node ${process.version}`);
}
