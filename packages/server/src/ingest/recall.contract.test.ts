import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IsoDate } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { resolveAndDerive } from '../persons/resolve-store.js';
import { freshContext, storeKinds } from '../test-support.js';
import { ingestFile } from './ingest-file.js';

const AS_OF = '2025-06-30' as IsoDate;
const person = {
  familyName: 'OKAFOR',
  givenName: 'CHIDI',
  dateOfBirth: '1988-02-14',
  nationality: 'NGA',
  passportNumber: 'A07733111',
  passportIssuer: 'NGA',
};
const envelope = (sourceRecordId: string, recordType: string, sourceVersion: number) => ({
  sourceRecordId,
  recordType,
  schemaVersion: '1',
  sourceVersion: String(sourceVersion),
});

/** Writes NDJSON files named after their sources into a folder of their own. */
function files(byName: Record<string, object[]>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-recall-'));
  return Object.entries(byName).map(([name, lines]) => {
    const path = join(dir, `${name}.ndjson`);
    writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    return path;
  });
}

describe.each(storeKinds())('a recalled record (RELIABILITY.md T3.5) on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  const status = async () => {
    const [row] = await ctx.sql.query<{ status: string }>(
      `select s.status from person_status s
         join person_records pr on pr.person_id = s.person_id
        where pr.source_id = 'cbp-i94' and pr.source_record_id = '11122233344'`,
    );
    return row?.status;
  };

  beforeAll(async () => {
    ctx = await freshContext(kind);
    for (const path of files({
      'cbp-i94': [
        {
          ...envelope('11122233344', 'admission', 1),
          ...person,
          i94Number: '11122233344',
          classOfAdmission: 'B2',
          admissionDate: '2022-09-01',
          admitUntil: '2023-02-28',
          portOfEntry: 'JFK',
          mode: 'AIR',
        },
      ],
      'cbp-apis': [
        {
          ...envelope('APIS-9001', 'departure', 1),
          ...person,
          departureDate: '2023-01-15',
          departureSource: 'CBP_APIS_AIR',
          port: 'JFK',
        },
      ],
    }))
      await ingestFile(ctx, { path });
    await resolveAndDerive(ctx, AS_OF);
  });
  afterAll(async () => ctx?.dispose());

  it('stops deriving from a record its source recalls, and keeps every version', async () => {
    expect(await status()).toBe('DEPARTED');

    // The airline manifest named the wrong traveller: the source recalls it (a tombstone, envelope only).
    const [recall] = files({
      'cbp-apis': [{ ...envelope('APIS-9001', 'departure', 2), recalledOn: '2025-03-01' }],
    });
    const receipt = await ingestFile(ctx, { path: recall! });
    expect(receipt).toMatchObject({ versions: 1, quarantined: 0 });
    await resolveAndDerive(ctx, AS_OF);

    expect(await status()).toBe('OVERSTAY');
    const versions = await ctx.sql.query<{ version: number; is_current: boolean; recalled: string | null }>(
      `select version, is_current, payload->>'recalledOn' as recalled from records
        where source_id = 'cbp-apis' and source_record_id = 'APIS-9001' order by version`,
    );
    expect(versions).toEqual([
      { version: 1, is_current: false, recalled: null },
      { version: 2, is_current: true, recalled: '2025-03-01' },
    ]);
  });

  it('holds a recall that arrives before its record (T3.4): the record, when it comes, stays withdrawn', async () => {
    const [early] = files({
      'cbp-apis': [{ ...envelope('APIS-9002', 'departure', 2), recalledOn: '2025-03-02' }],
    });
    const [late] = files({
      'cbp-apis': [
        {
          ...envelope('APIS-9002', 'departure', 1),
          ...person,
          departureDate: '2023-01-20',
          departureSource: 'CBP_APIS_AIR',
          port: 'JFK',
        },
      ],
    });

    await ingestFile(ctx, { path: early! });
    await ingestFile(ctx, { path: late! });
    await resolveAndDerive(ctx, AS_OF);

    const current = await ctx.sql.query<{ version: number; recalled: string | null }>(
      `select version, payload->>'recalledOn' as recalled from records
        where source_id = 'cbp-apis' and source_record_id = 'APIS-9002' and is_current`,
    );
    expect(current).toEqual([{ version: 1, recalled: '2025-03-02' }]);
    expect(await status()).toBe('OVERSTAY');
  });

  it('quarantines a recall whose date is not a date', async () => {
    const [bad] = files({
      'cbp-apis': [{ ...envelope('APIS-9001', 'departure', 3), recalledOn: '2025-02-30' }],
    });

    const receipt = await ingestFile(ctx, { path: bad! });

    expect(receipt.quarantined).toBe(1);
    expect(Object.keys(receipt.reasons)).toEqual([expect.stringMatching(/DATE/)]);
  });
});
