// A small chart drawn by uPlot, which is loaded only when a chart is first
// shown (import() keeps it out of the first paint's JavaScript). The canvas
// is hidden from screen readers: the same numbers are in a data table
// under it, and the caption says what the chart shows.

import { useEffect, useRef, useState } from "preact/hooks";
import type uPlot from "uplot";
import { translator } from "../i18n";
import { en } from "./Chart.en";
import { zhCN } from "./Chart.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

export interface ChartSeries {
  label: string;
  /** One value per x label; null leaves a gap. */
  values: (number | null)[];
  format: (v: number) => string;
}

let loading: Promise<typeof uPlot> | null = null;
function loadUPlot(): Promise<typeof uPlot> {
  loading ??= import("uplot").then(
    (m) => m.default,
    (err: unknown) => {
      loading = null; // let the next chart try again
      throw err;
    },
  );
  return loading;
}

/** A CSS custom property of the page, for the canvas, which cannot read CSS. */
const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** The second series is dashed as well as coloured: colour alone never tells series apart. */
const DASHES: (number[] | undefined)[] = [undefined, [6, 4]];
const COLOURS = ["--brand", "--warn-text"];

function options(props: ChartProps, width: number, Plot: typeof uPlot): uPlot.Options {
  // The canvas does not follow the page's rem sizes: scale its text and
  // axes with the font size the user chose.
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const font = `${Math.round(rem * 0.8125)}px system-ui, sans-serif`;
  const text = cssVar("--muted");
  const grid = { stroke: "#d5dae0", width: 1 };
  const n = props.labels.length;
  return {
    width,
    height: Math.round(rem * 12),
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: [-0.5, n - 0.5] },
      // From 0, with room above the highest value so that its point is not cut.
      y: { range: (_u, _min, max) => [0, Math.max(props.yMax ?? 0, (max || 1) * 1.15)] },
    },
    axes: [
      {
        font,
        stroke: text,
        grid: { show: false },
        size: rem * 2.5,
        space: rem * 2.5,
        incrs: [1, 2, 5, 7, 10],
        values: (_u, splits) => splits.map((i) => props.labels[i] ?? ""),
      },
      {
        font,
        stroke: text,
        grid,
        size: rem * 3.5,
        space: rem * 2,
        values: (_u, splits) => splits.map((v) => props.series[0]?.format(v) ?? String(v)),
      },
    ],
    series: [
      {},
      ...props.series.map((s, i): uPlot.Series => {
        const colour = cssVar(COLOURS[i % COLOURS.length]!);
        return props.bars
          ? { label: s.label, stroke: colour, fill: colour, width: 0, paths: Plot.paths.bars!({ size: [0.6, rem * 2.5] }), points: { show: false } }
          : { label: s.label, stroke: colour, width: 2, dash: DASHES[i % DASHES.length], points: { show: true, size: rem * 0.5 } };
      }),
    ],
  };
}

export interface ChartProps {
  /** The figure's data-testid. */
  testid: string;
  title: string;
  note: string;
  /** The name of the x values, for the data table's first column. */
  xName: string;
  /** The x values as the axis shows them (short). */
  labels: string[];
  /** The x values as the data table writes them (in full). */
  rowNames: string[];
  series: ChartSeries[];
  bars?: boolean;
  /** The least top of the y axis (100 for scores), so that small values do not look full. */
  yMax?: number;
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let live = true;
    loadUPlot().then(
      (Plot) => {
        if (!live) return;
        const data: uPlot.AlignedData = [props.labels.map((_, i) => i), ...props.series.map((s) => s.values)];
        plot = new Plot(options(props, el.clientWidth, Plot), data, el);
        observer = new ResizeObserver(() => {
          if (plot && plot.width !== el.clientWidth) plot.setSize({ width: el.clientWidth, height: plot.height });
        });
        observer.observe(el);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      observer?.disconnect();
      plot?.destroy();
    };
    // Redrawn when the numbers or the language change; the props are rebuilt on every render.
  }, [JSON.stringify([props.labels, props.series.map((s) => [s.label, s.values])])]);

  return (
    <figure class="chart" data-testid={props.testid}>
      <figcaption>
        <span class="chart__title">{props.title}</span> <span class="muted">{props.note}</span>
      </figcaption>
      {props.series.length > 1 && (
        <ul class="chart__legend" aria-hidden="true">
          {props.series.map((s, i) => (
            <li key={s.label}>
              <span class={`chart__key chart__key--${i}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <div class="chart__plot" ref={box} aria-hidden="true" />
      {failed && <p class="muted">{tr("chart.failed")}</p>}
      <details class="chart__data">
        <summary>{tr("chart.data")}</summary>
        <div class="me-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{props.xName}</th>
                {props.series.map((s) => (
                  <th key={s.label} scope="col" class="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rowNames.map((name, i) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  {props.series.map((s) => {
                    const v = s.values[i];
                    return (
                      <td key={s.label} class="num">
                        {v === null || v === undefined ? tr("chart.none") : s.format(v)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
