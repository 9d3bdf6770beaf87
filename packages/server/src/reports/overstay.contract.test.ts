import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPersons, type TestRecord } from '../cases/test-persons.js';
import type { Context } from '../context.js';
import { freshContext, storeKinds } from '../test-support.js';
import { departureCandidates } from './overstay.js';

const admission = (id: string): TestRecord => ({
  source: 'cbp-i94',
  id,
  type: 'admission',
  fields: { familyName: 'SILVA', givenName: 'ANA', dateOfBirth: '1990-01-01', admissionDate: '2024-01-10' },
});
const departure = (id: string): TestRecord => ({
  source: 'cbp-apis',
  id,
  type: 'departure',
  fields: { familyName: 'SILVA', givenName: 'ANA', dateOfBirth: '1990-01-01', departureDate: '2024-08-01' },
});

describe.each(storeKinds())('unlinked departure candidates on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };

  beforeAll(async () => {
    ctx = await freshContext(kind);
    await seedPersons(ctx, {
      'P-STAYED': [admission('I94-1')],
      // A namesake's trip: the departure sits beside that person's own admission.
      'P-NAMESAKE': [admission('I94-2'), departure('APIS-2')],
      'P-STAYED-TOO': [admission('I94-3')],
      // A departure no admission explains.
      'P-ORPHAN': [departure('APIS-3')],
    });
    await ctx.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('R-1', 'cbp-apis:APIS-2', 'cbp-i94:I94-1', 'doubtful', 'review band', 0.12, 1, '[]'::jsonb),
              ('R-2', 'cbp-apis:APIS-3', 'cbp-i94:I94-3', 'doubtful', 'review band', 0.12, 1, '[]'::jsonb)`,
    );
  });
  afterAll(async () => ctx?.dispose());

  it("counts an orphaned departure in review as a candidate, never another person's accounted trip", async () => {
    expect([...(await departureCandidates(ctx.sql))]).toEqual(['P-STAYED-TOO']);
  });

  it('forgets a candidate once its review is decided', async () => {
    await ctx.sql.query(
      `update review_tasks set state = 'decided', decision = 'different' where task_id = 'R-2'`,
    );

    expect([...(await departureCandidates(ctx.sql))]).toEqual([]);
  });
});
