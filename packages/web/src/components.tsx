import type { GateFinding } from '@ilos/core';
import {
  type ColumnDef,
  createColumnHelper,
  type RowData,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { type ReactNode, useEffect, useRef } from 'react';

export const features = tableFeatures({});
export const columnHelper = <Row extends RowData>() => createColumnHelper<typeof features, Row>();

/** A plain, accessible table over TanStack Table 9's core row model. */
export function DataTable<Row extends RowData>({
  columns,
  data,
  caption,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: column value types vary per column
  columns: ColumnDef<typeof features, Row, any>[];
  data: Row[];
  caption: string;
}) {
  const table = useTable({ features, columns, data });
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {header.isPlaceholder ? null : <table.FlexRender header={header} />}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export { ErrorNote } from './error-note';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The page's heading; it takes the focus when the page opens, so keyboard and screen-reader users start there. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Pager({
  offset,
  size,
  more,
  setOffset,
}: {
  offset: number;
  size: number;
  more: boolean;
  setOffset: (offset: number) => void;
}) {
  return (
    <nav aria-label="Pages" className="pager">
      <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - size))}>
        Previous
      </button>
      <button type="button" disabled={!more} onClick={() => setOffset(offset + size)}>
        Next
      </button>
    </nav>
  );
}

/** Gate findings in words, each with its rule, citation and the records behind it. */
export function Findings({ findings, label }: { findings: readonly GateFinding[]; label: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f) => (
        <li key={`${f.code}|${f.text}`} className={f.blocking ? 'blocking' : undefined}>
          <strong>{f.code}</strong> {f.blocking ? '(blocks)' : '(noted)'}: {f.text}{' '}
          <cite>
            {f.rule}; {f.citation}
          </cite>
          {f.recordIds.length > 0 && <span className="hint"> — records {f.recordIds.join(', ')}</span>}
        </li>
      ))}
    </ul>
  );
}
