/**
 * A chart drawn by Observable Plot as SVG. Plot puts a <style> element inside each chart; the
 * page's Content-Security-Policy refuses inline styles, so the chart is drawn detached, that
 * element is removed before the chart joins the page (so nothing is refused and no violation
 * is reported), and the same rules live in styles.css (.app-chart). The figures are always in
 * a table beside the chart: the SVG is a picture of them, labelled for screen readers.
 */
import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "react";

export interface ChartProps {
  /** What the picture shows, read by screen readers in place of the SVG. */
  label: string;
  options: Plot.PlotOptions;
}

export function Chart({ label, options }: ChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = holder.current;
    if (!node) return;
    const width = Math.max(280, Math.min(node.clientWidth || 640, 960));
    const chart = Plot.plot({ width, style: null, ...options, ariaLabel: label, className: "app-chart__plot" });
    for (const style of chart.querySelectorAll("style")) style.remove();
    // The SVG is one labelled picture: Plot's labels on its parts are not allowed on plain groups.
    for (const part of chart.querySelectorAll("[aria-label], [aria-description]")) {
      part.removeAttribute("aria-label");
      part.removeAttribute("aria-description");
    }
    chart.setAttribute("role", "img");
    node.replaceChildren(chart);
    return () => node.replaceChildren();
  }, [label, options]);
  return <div className="app-chart" ref={holder} />;
}
