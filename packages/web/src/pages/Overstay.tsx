import * as Plot from '@observablehq/plot';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api';
import { columnHelper, DataTable, ErrorNote, PageTitle, Section } from '../components';
import { PlotFigure } from '../plot-figure';

/** The numbers behind a chart, as a table: what a screen reader reads, and what a reader can check. */
type Counts = { label: string; outOfCountry: number; suspectedInCountry: number };
const nc = columnHelper<Counts>();
const countColumns = (header: string) => [
  nc.accessor('label', { header }),
  nc.accessor('outOfCountry', { header: 'Out of country' }),
  nc.accessor('suspectedInCountry', { header: 'Suspected in country' }),
  nc.display({
    id: 'total',
    header: 'Total',
    cell: (i) => i.row.original.outOfCountry + i.row.original.suspectedInCountry,
  }),
];
const COLUMNS = {
  cls: countColumns('Class of admission'),
  country: countColumns('Country'),
  month: countColumns('Month'),
};
const countRows = (counts: Record<string, { outOfCountry: number; suspectedInCountry: number }>) =>
  Object.entries(counts).map(([label, c]) => ({
    label,
    outOfCountry: c.outOfCountry,
    suspectedInCountry: c.suspectedInCountry,
  }));

function Numbers({
  caption,
  header,
  rows,
}: {
  caption: string;
  header: keyof typeof COLUMNS;
  rows: Counts[];
}) {
  return (
    <details>
      <summary>The numbers</summary>
      <DataTable caption={caption} columns={COLUMNS[header]} data={rows} />
    </details>
  );
}

export function Overstay() {
  const [fy, setFy] = useState('');
  const report = useQuery({ queryKey: ['overstay', fy], queryFn: () => api.overstay(fy), retry: false });
  const r = report.data;
  const charts = useMemo(() => {
    if (!r) return null;
    const categories = [
      { category: 'Out of country', count: r.overstays.outOfCountry },
      { category: 'Suspected in country', count: r.overstays.suspectedInCountry },
    ];
    const byClass = Object.entries(r.byClass)
      .flatMap(([cls, c]) => [
        { cls, kind: 'Out of country', count: c.outOfCountry },
        { cls, kind: 'Suspected in country', count: c.suspectedInCountry },
      ])
      .filter((d) => d.count > 0);
    // Countries with the most overstays first (an aggregate, as the DHS report tabulates it), at most 25.
    const countries = Object.entries(r.byCountry)
      .map(([country, c]) => ({ country, total: c.outOfCountry + c.suspectedInCountry, c }))
      .filter((d) => d.total > 0)
      .sort((a, b) => b.total - a.total || a.country.localeCompare(b.country))
      .slice(0, 25);
    const byCountry = countries.flatMap(({ country, c }) => [
      { country, kind: 'Out of country', count: c.outOfCountry },
      { country, kind: 'Suspected in country', count: c.suspectedInCountry },
    ]);
    const byMonth = Object.entries(r.byMonth).flatMap(([month, c]) => [
      { month: new Date(`${month}-01T00:00:00Z`), kind: 'Out of country', count: c.outOfCountry },
      { month: new Date(`${month}-01T00:00:00Z`), kind: 'Suspected in country', count: c.suspectedInCountry },
    ]);
    const color = {
      legend: true,
      domain: ['Out of country', 'Suspected in country'],
      range: ['#1f5fa8', '#b3480b'],
    };
    return {
      categories: {
        width: 600,
        height: 140,
        marginLeft: 160,
        x: { label: 'persons', grid: true },
        y: { label: null },
        color: { ...color, legend: false },
        marks: [Plot.barX(categories, { x: 'count', y: 'category', fill: 'category' }), Plot.ruleX([0])],
      } satisfies Plot.PlotOptions,
      byClass: {
        width: 1100,
        height: 320,
        x: { label: 'class of admission' },
        y: { label: 'persons', grid: true },
        color,
        marks: [Plot.barY(byClass, { x: 'cls', y: 'count', fill: 'kind' }), Plot.ruleY([0])],
      } satisfies Plot.PlotOptions,
      byCountry: {
        width: 1100,
        height: 60 + 22 * countries.length,
        marginLeft: 60,
        x: { label: 'persons', grid: true },
        y: { label: 'country', domain: countries.map((d) => d.country) },
        color,
        marks: [Plot.barX(byCountry, { x: 'count', y: 'country', fill: 'kind' }), Plot.ruleX([0])],
      } satisfies Plot.PlotOptions,
      classRows: countRows(r.byClass),
      countryRows: countRows(r.byCountry)
        .filter((d) => d.outOfCountry + d.suspectedInCountry > 0)
        .sort(
          (a, b) =>
            b.outOfCountry + b.suspectedInCountry - (a.outOfCountry + a.suspectedInCountry) ||
            a.label.localeCompare(b.label),
        ),
      monthRows: countRows(r.byMonth).sort((a, b) => a.label.localeCompare(b.label)),
      countriesShown: countries.length,
      countriesAll: Object.keys(r.byCountry).length,
      byMonth: {
        width: 1100,
        height: 300,
        // Room under the two-line ticks (month, year) for the axis label.
        marginBottom: 56,
        x: { type: 'utc', label: 'month the overstay began', labelOffset: 50 },
        y: { label: 'persons', grid: true },
        color,
        marks: [
          Plot.rectY(byMonth, { x: 'month', interval: 'month', y: 'count', fill: 'kind' }),
          Plot.ruleY([0]),
        ],
      } satisfies Plot.PlotOptions,
    };
  }, [r]);
  return (
    <main>
      <PageTitle>Overstay report</PageTitle>
      <label className="narrow">
        Fiscal year (empty: all)
        <input
          value={fy}
          onChange={(e) => setFy(e.target.value.replace(/\D/g, '').slice(0, 4))}
          inputMode="numeric"
        />
      </label>
      <ErrorNote error={report.error} />
      {r && r.expectedDepartures === 0 && (
        <p role="status">
          As of {r.asOf}: no expected departure{fy === '' ? '' : ` in fiscal year ${fy}`}, so no overstay to
          chart.
        </p>
      )}
      {r && charts && r.expectedDepartures > 0 && (
        <>
          <p>
            As of {r.asOf}: {r.expectedDepartures} expected departures, {r.overstays.total} overstays (rate{' '}
            {(r.rates.total * 100).toFixed(2)}%): {r.overstays.outOfCountry} out of country,{' '}
            {r.overstays.suspectedInCountry} suspected in country.
          </p>
          <Section title="By category">
            <PlotFigure options={charts.categories} label="Overstays by category" />
          </Section>
          <Section title="By class of admission">
            <PlotFigure options={charts.byClass} label="Overstays by class of admission" />
            <Numbers caption="Overstays by class of admission" header="cls" rows={charts.classRows} />
          </Section>
          <Section title="By country of citizenship">
            <p className="hint">
              The {charts.countriesShown} countries with the most overstays, of {charts.countriesAll} with
              expected departures.
            </p>
            <PlotFigure options={charts.byCountry} label="Overstays by country of citizenship" />
            <Numbers
              caption="Overstays by country of citizenship, every country with one"
              header="country"
              rows={charts.countryRows}
            />
          </Section>
          <Section title="Over time">
            <PlotFigure options={charts.byMonth} label="Overstays by the month they began" />
            <Numbers caption="Overstays by the month they began" header="month" rows={charts.monthRows} />
          </Section>
          <Section title="Method">
            <ul>
              {r.methodology.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </Section>
        </>
      )}
    </main>
  );
}
