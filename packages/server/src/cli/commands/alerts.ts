import { alertFile, readAlerts } from '../../alerts/alerts.js';
import { loadConfig } from '../../context.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Alerts an operator must see even when the database is what failed (ADR 0018): today, an audit row
that could not be written, so a request was refused (503 over HTTP, exit 69 on the CLI). Each is one
JSON line in the alert file ($ILOS_ALERT_FILE, else alerts.log in the data folder), also printed to
stderr when it happens. This command reads the file only; it never opens the database.

Examples:
  ilos alerts
  ilos alerts --json
  ILOS_ALERT_FILE=/var/log/ilos/alerts.log ilos alerts`;

export const alertsCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('alerts')
      .description('operator alerts written without the database (e.g. the audit trail could not be written)')
      .option('--json', 'print JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action((options: { json?: boolean; data?: string }) => {
      const config = loadConfig(options);
      const alerts = readAlerts(config);
      if (options.json) return io.out(JSON.stringify({ file: alertFile(config), alerts }));
      if (alerts.length === 0) return io.out(`no alerts (${alertFile(config)})`);
      for (const alert of alerts) {
        if ('unreadable' in alert) io.out(`(unreadable line) ${alert.unreadable}`);
        else io.out(`${alert.at} ${alert.severity.toUpperCase()} ${alert.code}: ${alert.message}`);
      }
    });
};
