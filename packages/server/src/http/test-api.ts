/**
 * Test support for the HTTP suites: a small store (the accountability samples plus one quarantined line,
 * resolved and derived; one person with two admissions), two removal cases — `mine` assigned to the analyst and the adjudicator, `other`
 * to nobody — the API, and a session cookie per role. Test-only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoDate } from '@ilos/core';
import type { FastifyInstance } from 'fastify';
import { PASSWORD, ROLE_USERS, type World, world } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { testCode } from '../accounts/test-mfa.js';
import { openCase } from '../cases/cases.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, CSV_DEFECTS, goodAdmission, I94_COLUMNS } from '../ingest/test-batch.js';
import { deriveStatuses } from '../persons/derive-status.js';
import { resolveStore } from '../persons/resolve-store.js';
import type { StoreKind } from '../test-support.js';
import { createApi } from './api.js';

export type Role = keyof typeof ROLE_USERS;
export type CaseRef = { id: string; personId: string };
export type ApiWorld = {
  w: World;
  app: FastifyInstance;
  cookie: Record<Role, string>;
  mine: CaseRef;
  other: CaseRef;
  close: () => Promise<void>;
};

export async function apiWorld(kind: StoreKind): Promise<ApiWorld> {
  const w = await world(kind);
  // A second admission of the person of I94-3 (so one person has two linked records) and a bad line.
  const reentry = {
    ...goodAdmission(3),
    sourceRecordId: 'I94-3B',
    i94Number: '10000000103',
    admissionDate: '2025-05-02',
  };
  const more = join(w.dir, 'cbp-i94-more.csv');
  writeFileSync(
    more,
    Buffer.concat([
      Buffer.from(`${I94_COLUMNS.join(',')}\n${admissionLine(reentry)}\n`),
      CSV_DEFECTS[0]!.line(99),
    ]),
  );
  await ingestFile(w, { path: more, sourceId: 'cbp-i94' });
  await resolveStore(w);
  await deriveStatuses(w, w.now().toISOString().slice(0, 10) as IsoDate);
  // Persons still in the United States first: their cases carry deadlines.
  const persons = await w.sql.query<{ person_id: string }>(
    `select person_id from person_status
      order by coalesce((report -> 'removal' -> 'blockers') ? 'NOT_IN_UNITED_STATES', false), person_id limit 2`,
  );
  if (persons.length < 2) throw new Error('the sample store has fewer than two persons');
  const cases = persons.map((p, i) => ({ id: `T-${i + 1}`, personId: p.person_id }));
  for (const c of cases)
    await openCase(w, w.as.supervisor, {
      personId: c.personId,
      reason: 'opened for the HTTP tests',
      id: c.id,
    });
  const [mine, other] = cases as [CaseRef, CaseRef];
  await assignWork(w, w.as.supervisor, ROLE_USERS.adjudicator, `case:${mine.id}`);
  await assignWork(w, w.as.supervisor, ROLE_USERS.analyst, `case:${mine.id}`);
  const app = await createApi(w);
  const cookie = {} as Record<Role, string>;
  for (const role of Object.keys(ROLE_USERS) as Role[]) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: {
        userId: ROLE_USERS[role],
        password: PASSWORD,
        code: await testCode(w, ROLE_USERS[role]),
        bannerAcknowledged: true,
      },
    });
    const value = res.cookies.find((c) => c.name === 'ilos_session')?.value;
    if (value === undefined) throw new Error(`${role} could not log in: ${res.body}`);
    cookie[role] = `ilos_session=${value}`;
  }
  return {
    w,
    app,
    cookie,
    mine,
    other,
    close: async () => {
      await app.close();
      await w.dispose();
    },
  };
}
