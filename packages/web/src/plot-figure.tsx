import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/** One Observable Plot figure, re-rendered when its options change; the SVG gets an accessible name. */
export function PlotFigure({ options, label }: { options: Plot.PlotOptions; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const plot = Plot.plot(options);
    plot.setAttribute('role', 'img');
    plot.setAttribute('aria-label', label);
    // Plot names each mark's <g> with aria-label; inside an image those names are not allowed (axe
    // aria-prohibited-attr) and not read anyway: the figure's own label and the tables beside it are.
    for (const el of plot.querySelectorAll('[aria-label]')) el.removeAttribute('aria-label');
    ref.current?.replaceChildren(plot);
    return () => plot.remove();
  }, [options, label]);
  return <figure className="plot" ref={ref} />;
}
