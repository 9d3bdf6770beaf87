import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../context.js';

/**
 * Operator alerts that must not depend on the database (ADR 0018): the database may be what failed.
 * Each alert is one JSON line appended to the alert file (ILOS_ALERT_FILE, else `alerts.log` in the data
 * folder) and one line on stderr. `ilos alerts` prints the file.
 */
export type Alert = {
  at: string;
  /** What happened, from a closed list. */
  code: 'audit_write_failed';
  severity: 'critical';
  message: string;
  /** Context for the operator: who asked for what, never record content. */
  details: Record<string, string | null>;
};

export const alertFile = (config: Pick<Config, 'dataDir' | 'alertFile'>): string =>
  config.alertFile ?? join(config.dataDir, 'alerts.log');

/**
 * Appends the alert to the file and writes it to stderr. Never throws: an alert that cannot be written
 * to the file (a full disk) still reaches stderr, and the caller's own error is what the user sees.
 */
export function raiseAlert(
  config: Pick<Config, 'dataDir' | 'alertFile'>,
  alert: Omit<Alert, 'severity'>,
  stderr: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): void {
  const full: Alert = { ...alert, severity: 'critical' };
  const line = JSON.stringify(full);
  const path = alertFile(config);
  try {
    appendFileSync(path, `${line}\n`, { mode: 0o600 });
  } catch (error) {
    stderr(`ilos ALERT: could not write the alert file ${path}: ${(error as Error).message}`);
  }
  stderr(`ilos ALERT ${full.at} ${full.code}: ${full.message}`);
}

/** The alerts in the file, oldest first; none when it does not exist. A line that is not JSON is kept as text. */
export function readAlerts(
  config: Pick<Config, 'dataDir' | 'alertFile'>,
): (Alert | { unreadable: string })[] {
  const path = alertFile(config);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Alert;
      } catch {
        return { unreadable: line };
      }
    });
}
