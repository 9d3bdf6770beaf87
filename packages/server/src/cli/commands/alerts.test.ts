/**
 * RELIABILITY.md T5.9 on the CLI (ADR 0018): a read refused because its audit row cannot be written exits
 * 69 and prints nothing of the record; the alert is in the data folder's alert file, and `ilos alerts`
 * shows it without opening the database.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { world } from '../../access/test-accountability.js';
import { assignWork } from '../../access/work.js';
import { saveSessionToken } from '../../accounts/cli-session.js';
import { raiseAlert } from '../../alerts/alerts.js';
import { EXIT } from '../exit-codes.js';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

describe('ilos alerts, and exit 69 when the audit trail cannot be written', () => {
  let dataDir = '';
  let sampleDir = '';
  const ilos = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await run([...argv, '--data', dataDir], io);
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  };
  beforeAll(async () => {
    vi.stubEnv('ILOS_ALERT_FILE', '');
    const w = await world('pglite');
    dataDir = w.config.dataDir;
    sampleDir = w.dir;
    try {
      await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-1');
      saveSessionToken(w, w.as.analyst.kind === 'session' ? w.as.analyst.token : '');
      await w.sql.exec(`create function fail_audit() returns trigger language plpgsql as $$
        begin raise exception 'disk full (simulated)'; end $$;
        create trigger audit_fails before insert on audit_log for each row execute function fail_audit();`);
    } finally {
      await w.close();
    }
  }, 120_000);
  afterAll(() => {
    vi.unstubAllEnvs();
    for (const dir of [dataDir, sampleDir]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('exits 69 with no record printed, and ilos alerts shows the alert', async () => {
    expect(await ilos('alerts')).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/^no alerts/) });

    const show = await ilos(
      'records',
      'show',
      '--source',
      'cbp-i94',
      '--id',
      'I94-1',
      '--purpose',
      'DATA_QUALITY_REVIEW',
      '--task',
      'DQ-1',
      '--json',
    );
    expect(show.code).toBe(EXIT.unavailable);
    expect(show.code).toBe(69);
    expect(show.out).toBe(''); // 0 payloads
    expect(show.err).toMatch(/audit trail cannot be written, so no data is served/);

    const lines = readFileSync(join(dataDir, 'alerts.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      code: 'audit_write_failed',
      severity: 'critical',
      message: expect.stringMatching(/disk full \(simulated\)/),
      details: { event: 'record.read', component: 'cli', principal: 'session' },
    });

    const shown = await ilos('alerts');
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.out).toMatch(/CRITICAL audit_write_failed: an audit row could not be written.*disk full/);
    const json = JSON.parse((await ilos('alerts', '--json')).out) as { file: string; alerts: unknown[] };
    expect(json.file).toBe(join(dataDir, 'alerts.log'));
    expect(json.alerts).toEqual([JSON.parse(lines[0]!)]);
  });

  it('still reports on stderr when the alert file cannot be written', () => {
    const said: string[] = [];
    raiseAlert(
      { dataDir: join(dataDir, 'no', 'such', 'folder'), alertFile: undefined },
      { at: '2026-11-29T12:00:00.000Z', code: 'audit_write_failed', message: 'test', details: {} },
      (line) => said.push(line),
    );
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/could not write the alert file/);
    expect(said[1]).toBe('ilos ALERT 2026-11-29T12:00:00.000Z audit_write_failed: test');
  });
});
