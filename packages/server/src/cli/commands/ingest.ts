import { AppError } from '@ilos/core';
import { loadConfig, refreshStatistics, withContext } from '../../context.js';
import { type IngestSummary, ingestFile } from '../../ingest/ingest-file.js';
import type { CommandModule } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { withDataOption } from '../options.js';
import { progressBar } from '../progress.js';

const EXAMPLES = `
Each record is checked against its source's registration (ilos sources show ID). A bad record is
quarantined with a reason code and its line number, and the batch goes on. Sending the same file
again changes nothing and reports duplicates; a changed record becomes a new version, and the highest
sourceVersion is current whatever the arrival order. A version carrying only its envelope and
recalledOn (YYYY-MM-DD) is a recall: the source withdraws the record, and nothing is derived from it
after the next 'ilos resolve' (a case step stops relying on it at once). Every version is kept.

Examples:
  ilos ingest out/cbp-i94.csv                  source from the file name: cbp-i94
  ilos ingest arrivals.csv --source cbp-i94    name the source
  ilos ingest out/*.csv out/*.ndjson --json    several files; one JSON summary
  ilos ingest data.ndjson --data /srv/ilos     another data folder

--json prints {"accepted":n,"duplicates":n,"versions":n,"quarantined":n,"reasons":{"CODE":n}}
(plus "files": one receipt per file). Exit code 2 when a file was refused.`;

export const ingestCommand: CommandModule = (program, io, setExit) => {
  withDataOption(
    program
      .command('ingest')
      .description('load agency files (CSV or NDJSON) into the store, quarantining bad records')
      .argument('<files...>', 'files to ingest (.csv, .ndjson, .jsonl)')
      .option(
        '--source <id>',
        'the registered source of every file (default: each file name without extension)',
      )
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: { source?: string; json?: boolean; data?: string }) => {
      const summaries = await withContext(loadConfig(options), async (ctx) => {
        const results: IngestSummary[] = [];
        for (const file of files) {
          let progress: ReturnType<typeof progressBar> | undefined;
          const summary = await ingestFile(ctx, {
            path: file,
            sourceId: options.source,
            onProgress: (read, total) => {
              progress ??= progressBar(io, `ingest ${file}`, total);
              progress.update(read);
            },
          }).finally(() => progress?.stop());
          results.push(summary);
          if (!options.json) io.err(describe(summary));
        }
        await refreshStatistics(ctx);
        return results;
      });
      const total = totals(summaries);
      if (options.json) {
        io.out(JSON.stringify({ ...total, files: summaries }));
      } else {
        io.out(
          `ingested ${summaries.length} file(s): ${total.accepted} accepted, ${total.versions} new versions, ${total.duplicates} duplicates, ${total.quarantined} quarantined`,
        );
        for (const [code, n] of Object.entries(total.reasons)) io.out(`  quarantined ${code}: ${n}`);
      }
      if (summaries.some((s) => s.state === 'refused')) setExit(EXIT.invalidInput);
    });
};

function describe(s: IngestSummary): string {
  if (s.state === 'refused') return `${s.file}: REFUSED — ${s.refusal}`;
  if (s.state === 'duplicate') return `${s.file}: already ingested (same content); nothing changed`;
  return `${s.file} → ${s.sourceId}: ${s.accepted} accepted, ${s.versions} versions, ${s.duplicates} duplicates, ${s.quarantined} quarantined`;
}

export function totals(summaries: readonly IngestSummary[]) {
  const reasons: Record<string, number> = {};
  const sum = { accepted: 0, duplicates: 0, versions: 0, quarantined: 0 };
  for (const s of summaries) {
    sum.accepted += s.accepted;
    sum.duplicates += s.duplicates;
    sum.versions += s.versions;
    sum.quarantined += s.quarantined;
    for (const [code, n] of Object.entries(s.reasons)) reasons[code] = (reasons[code] ?? 0) + (n ?? 0);
  }
  if (summaries.length === 0) throw new AppError('invalid_input', 'no files given');
  return { ...sum, reasons };
}
