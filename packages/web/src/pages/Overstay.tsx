import * as Plot from '@observablehq/plot';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api';
import { ErrorNote, PageTitle, Section } from '../components';
import { PlotFigure } from '../plot-figure';

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
        marks: [Plot.barX(categories, { x: 'count', y: 'category', fill: '#1f5fa8' }), Plot.ruleX([0])],
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
      countriesShown: countries.length,
      countriesAll: Object.keys(r.byCountry).length,
      byMonth: {
        width: 1100,
        height: 280,
        x: { type: 'utc', label: 'month the overstay began' },
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
      {r && charts && (
        <>
          <p>
            As of {r.asOf}: {r.expectedDepartures} expected departures, {r.overstays.total} overstays (rate{' '}
            {(r.rates.total * 100).toFixed(2)}%).
          </p>
          <Section title="By category">
            <PlotFigure options={charts.categories} label="Overstays by category" />
          </Section>
          <Section title="By class of admission">
            <PlotFigure options={charts.byClass} label="Overstays by class of admission" />
          </Section>
          <Section title="By country of citizenship">
            <p className="hint">
              The {charts.countriesShown} countries with the most overstays, of {charts.countriesAll} with
              expected departures.
            </p>
            <PlotFigure options={charts.byCountry} label="Overstays by country of citizenship" />
          </Section>
          <Section title="Over time">
            <PlotFigure options={charts.byMonth} label="Overstays by the month they began" />
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
