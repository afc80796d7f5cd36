import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase, ensureDatabase, withDatabase } from '@/scripts/lib/databases';
import { createBoss } from './boss';
import { queues } from './queues';

const name = `paydeck_boss_race_${randomBytes(4).toString('hex')}`;
afterAll(() => dropDatabase(inject('dbServerUrl'), name));

describe('pg-boss start-up', () => {
  it('app instances and workers starting together on a fresh database all come up with every queue', async () => {
    await ensureDatabase(inject('dbServerUrl'), name);
    const url = withDatabase(inject('dbServerUrl'), name);
    const bosses = await Promise.all(Array.from({ length: 6 }, (_, i) => createBoss(url, { worker: i % 2 === 0 })));
    try {
      expect((await bosses[0]!.getQueues()).map((q) => q.name)).toEqual(expect.arrayContaining(Object.keys(queues)));
    } finally {
      await Promise.all(bosses.map((b) => b.stop({ graceful: false, wait: true })));
    }
  });
});
