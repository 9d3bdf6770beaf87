import { AppError, allFieldsOf, RECORD_TYPE_NAMES, type RecordType, type Source } from '@ilos/core';
import { optionalPrincipal } from '../../accounts/cli-session.js';
import { loadConfig, withContext } from '../../context.js';
import { addSource, getSource, listSourcesWithReceipts } from '../../registry/sources.js';
import type { CommandModule } from '../command.js';
import { positiveInt, withDataOption } from '../options.js';

const EXAMPLES = `
A source is an agency system that sends records, registered with its legal authority, the record
types it may send (and the fields each may carry) and how long its records are kept.

Examples:
  ilos sources list
  ilos sources show cbp-i94 --json
  ilos sources add --id cbp-i94-test --name "CBP I-94 test feed" \\
      --authority "DHS/CBP-016" --retention-years 75 --types admission
  ilos sources add --id state-visas-lite --name "Visa feed" --authority "STATE-39" \\
      --retention-years 100 --types visa_issuance --fields familyName,givenName,dateOfBirth,visaFoilNumber,visaClass,outcome,decisionDate

Record types: ${RECORD_TYPE_NAMES.join(', ')}`;

export const sourcesCommand: CommandModule = (program, io) => {
  const sources = program
    .command('sources')
    .description('the source registry: who may send which records, under what authority');
  sources.addHelpText('after', EXAMPLES);

  withDataOption(
    sources
      .command('list')
      .description('list registered sources with their latest ingest')
      .option('--json', 'print JSON'),
  ).action(async (options: { json?: boolean; data?: string }) => {
    const rows = await withContext(loadConfig(options), (ctx) => listSourcesWithReceipts(ctx));
    if (options.json) return io.out(JSON.stringify({ sources: rows }));
    for (const row of rows) {
      const types = Object.keys(row.source.recordTypes).join(', ');
      io.out(`${row.source.id.padEnd(16)} ${row.source.authority}`);
      io.out(
        `${''.padEnd(16)} types: ${types} · retention ${row.source.retentionYears} y · ${row.records} records, ${row.quarantined} quarantined`,
      );
    }
  });

  withDataOption(
    sources
      .command('show')
      .description('show one source: authority, record types and fields, receipts')
      .argument('<id>')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: { json?: boolean; data?: string }) => {
    const shown = await withContext(loadConfig(options), (ctx) => getSource(ctx, id));
    if (options.json) return io.out(JSON.stringify(shown));
    const s = shown.source;
    io.out(`${s.id}: ${s.name}\n  authority: ${s.authority}\n  retention: ${s.retentionYears} years`);
    for (const [type, fields] of Object.entries(s.recordTypes))
      io.out(`  ${type}: ${(fields ?? []).join(', ')}`);
    io.out('  receipts:');
    for (const r of shown.receipts.slice(0, 20)) {
      io.out(
        `    ${r.startedAt.toISOString()} ${r.fileName} ${r.state}: ${r.accepted} accepted, ${r.versions} versions, ${r.duplicates} duplicates, ${r.quarantined} quarantined · sha256 ${r.fileSha256.slice(0, 12)}…`,
      );
    }
  });

  withDataOption(
    sources
      .command('add')
      .description('register a source (or replace its registration)')
      .requiredOption('--id <id>', 'short id, also the default for file names: lowercase letters, digits, -')
      .requiredOption('--name <name>', 'what system it is')
      .requiredOption('--authority <citation>', 'statute or SORN that authorises it')
      .requiredOption(
        '--retention-years <n>',
        'how long its records are kept',
        positiveInt('--retention-years'),
      )
      .requiredOption('--types <types>', 'comma-separated record types it may send')
      .option(
        '--fields <fields>',
        'comma-separated fields its records may carry (default: all fields of the types)',
      )
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      id: string;
      name: string;
      authority: string;
      retentionYears: number;
      types: string;
      fields?: string;
      json?: boolean;
      data?: string;
    }) => {
      const source = sourceFrom(options);
      await withContext(loadConfig(options), (ctx) => addSource(ctx, source, optionalPrincipal(ctx)));
      if (options.json) io.out(JSON.stringify({ source }));
      else io.out(`registered ${source.id} (${Object.keys(source.recordTypes).join(', ')})`);
    },
  );
};

function sourceFrom(o: {
  id: string;
  name: string;
  authority: string;
  retentionYears: number;
  types: string;
  fields?: string;
}): Source {
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(o.id))
    throw new AppError('invalid_input', `--id '${o.id}' must be 2–41 lowercase letters, digits or -`);
  const types = o.types.split(',').map((t) => t.trim());
  const recordTypes: Source['recordTypes'] = {};
  for (const type of types) {
    if (!(RECORD_TYPE_NAMES as string[]).includes(type))
      throw new AppError(
        'invalid_input',
        `--types: '${type}' is not a record type (${RECORD_TYPE_NAMES.join(', ')})`,
      );
    const all = allFieldsOf(type as RecordType);
    let fields = all;
    if (o.fields !== undefined) {
      const wanted = o.fields.split(',').map((f) => f.trim());
      for (const f of wanted)
        if (!all.includes(f) && !types.some((t) => allFieldsOf(t as RecordType).includes(f))) {
          throw new AppError('invalid_input', `--fields: '${f}' is not a field of ${types.join(' or ')}`);
        }
      fields = [
        ...new Set([
          'sourceRecordId',
          'recordType',
          'schemaVersion',
          'sourceVersion',
          ...wanted.filter((f) => all.includes(f)),
        ]),
      ];
    }
    recordTypes[type as RecordType] = fields;
  }
  return { id: o.id, name: o.name, authority: o.authority, retentionYears: o.retentionYears, recordTypes };
}
