// `npm run keys:rotate [-- --batch-size=500]`: re-encrypts every registered encrypted column
// (lib/security/encrypted-columns.ts) under the first key of APP_ENCRYPTION_KEYS. Rotation: put the
// new key first, keep the old ones after it, deploy, run this, then drop the old keys.
import { connect } from '@/db';
import { envOrExit } from '@/lib/env';
import { createFieldCipher } from '@/lib/security/crypto';
import { ENCRYPTED_COLUMNS } from '@/lib/security/encrypted-columns';
import { rotateRegisteredColumns } from '@/lib/security/key-rotation';

const env = envOrExit();
if (!env.databaseUrl) {
  console.error('DATABASE_URL is required: set it to the database whose columns should be re-encrypted.');
  process.exit(1);
}
const batchArg = process.argv.find((a) => a.startsWith('--batch-size='));
const batchSize = batchArg ? Number(batchArg.split('=')[1]) : 500;
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
  console.error('--batch-size must be an integer from 1 to 10000.');
  process.exit(1);
}

const { sql } = connect(env.databaseUrl, { max: 4 });
let ok = false;
try {
  ok = await rotateRegisteredColumns(sql, ENCRYPTED_COLUMNS, createFieldCipher(env.encryptionKeys), {
    batchSize,
    print: (line) => console.log(line),
  });
} finally {
  await sql.end({ timeout: 5 });
}
process.exit(ok ? 0 : 1);
