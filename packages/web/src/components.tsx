import * as Plot from '@observablehq/plot';
import {
  type ColumnDef,
  createColumnHelper,
  type RowData,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { type ReactNode, useEffect, useRef } from 'react';
import { ApiError } from './api';

/** One Observable Plot figure, re-rendered when its options change; the SVG gets an accessible name. */
export function PlotFigure({ options, label }: { options: Plot.PlotOptions; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const plot = Plot.plot(options);
    plot.setAttribute('role', 'img');
    plot.setAttribute('aria-label', label);
    ref.current?.replaceChildren(plot);
    return () => plot.remove();
  }, [options, label]);
  return <figure className="plot" ref={ref} />;
}

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

export function ErrorNote({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const text = error instanceof ApiError ? `${error.message} (${error.status})` : String(error);
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
