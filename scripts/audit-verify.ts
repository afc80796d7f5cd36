// `npm run audit:verify`: checks the audit log's hash chain; exits non-zero at the first broken row.
import { connect } from '@/db';
import { verifyAuditChain } from '@/lib/audit';
import { envOrExit } from '@/lib/env';

const url = envOrExit().databaseUrl;
if (!url) {
  console.error('DATABASE_URL is required.');
  process.exit(2);
}
const { sql, db } = connect(url, { max: 1 });
const status = await verifyAuditChain(db, (n) => process.stdout.write(`\r  verified ${n} rows…`));
await sql.end();
process.stdout.write('\n');
if (status.ok) {
  console.log(`audit chain OK: ${status.verified} rows verified${status.lastId ? ` (up to id ${status.lastId})` : ''}`);
} else {
  console.error(
    `audit chain BROKEN at row ${status.brokenAt?.id}: ${status.brokenAt?.reason} (${status.verified} rows verified before it)`,
  );
  process.exit(1);
}
