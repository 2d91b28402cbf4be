import type { SystemFigures } from "../measure-config.js";
import { systemColors, systemTitles } from "./colors.js";
import { formatMs, line, logTicks, polyline, svgDocument, text } from "./svg.js";

/**
 * Latency by percentile (the HdrHistogram layout): x is the percentile on a "nines" scale, so the median, p90,
 * p99 and p99.9 sit at equal distances and the tail is as visible as the middle; y is latency on a log scale.
 */
export function latencyChartSvg(figures: readonly SystemFigures[], subtitle: string): string {
  const width = 1000;
  const height = 560;
  const plot = { left: 80, right: 330, top: 70, bottom: 70 };
  const plotWidth = width - plot.left - plot.right;
  const plotHeight = height - plot.top - plot.bottom;
  const maxNines = 3; // p99.9: beyond it 30,000 samples leave too few points to draw a stable curve
  const nines = (q: number): number => Math.min(maxNines, -Math.log10(1 - q));

  const sorted = figures.map((f) => [...f.singleSamplesMs].sort((a, b) => a - b));
  // Each system's fastest sample is its first: no spread of every sample (too many arguments for the stack).
  const minMs = Math.max(0.01, Math.min(...sorted.map((s) => s[0] ?? Infinity)) * 0.8);
  const maxMs = Math.max(...sorted.map((s) => s[Math.floor(s.length * 0.999)] ?? 0)) * 1.5;
  const xOf = (q: number): number => plot.left + (nines(q) / maxNines) * plotWidth;
  const yOf = (ms: number): number =>
    plot.top +
    plotHeight -
    ((Math.log10(ms) - Math.log10(minMs)) / (Math.log10(maxMs) - Math.log10(minMs))) * plotHeight;

  const body: string[] = [];
  body.push(text(plot.left, 32, "Warm single-sentence latency by percentile", { size: 19, weight: "bold" }));
  body.push(text(plot.left, 54, subtitle, { size: 12, fill: "#555" }));

  for (const ms of logTicks(minMs, maxMs)) {
    const y = yOf(ms);
    body.push(line(plot.left, y, plot.left + plotWidth, y, 'stroke="#e3e3e3"'));
    body.push(text(plot.left - 8, y + 4, formatMs(ms), { anchor: "end", size: 12 }));
  }
  for (const [q, label] of [
    [0, "0%"],
    [0.5, "50%"],
    [0.9, "90%"],
    [0.99, "99%"],
    [0.999, "99.9%"],
  ] as const) {
    const x = xOf(q);
    body.push(line(x, plot.top, x, plot.top + plotHeight, 'stroke="#e3e3e3"'));
    body.push(text(x, plot.top + plotHeight + 20, label, { anchor: "middle", size: 12 }));
  }
  body.push(
    line(plot.left, plot.top + plotHeight, plot.left + plotWidth, plot.top + plotHeight, 'stroke="#444"'),
  );
  body.push(line(plot.left, plot.top, plot.left, plot.top + plotHeight, 'stroke="#444"'));
  body.push(text(plot.left + plotWidth / 2, height - 22, "percentile", { anchor: "middle", size: 13 }));
  body.push(
    text(24, plot.top + plotHeight / 2, "latency (ms, log scale)", {
      anchor: "middle",
      size: 13,
      rotate: -90,
    }),
  );

  figures.forEach((f, i) => {
    const samples = sorted[i] ?? [];
    const points: [number, number][] = [];
    const steps = 400;
    for (let step = 0; step <= steps; step++) {
      const q = 1 - 10 ** (-(step / steps) * maxNines); // even spacing on the nines scale
      const value = samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? minMs;
      points.push([xOf(q), yOf(Math.max(minMs, value))]);
    }
    body.push(polyline(points, `stroke="${systemColors[f.system]}" stroke-width="2.5"`));
    const legendY = plot.top + 20 + i * 58;
    const legendX = plot.left + plotWidth + 24;
    body.push(
      line(
        legendX,
        legendY - 4,
        legendX + 26,
        legendY - 4,
        `stroke="${systemColors[f.system]}" stroke-width="4"`,
      ),
    );
    body.push(text(legendX + 34, legendY, systemTitles[f.system], { size: 13, weight: "bold" }));
    body.push(
      text(
        legendX + 34,
        legendY + 18,
        `p50 ${f.single.p50.toFixed(3)} · p90 ${f.single.p90.toFixed(3)} · p99 ${f.single.p99.toFixed(2)} ms`,
        {
          size: 12,
          fill: "#444",
        },
      ),
    );
  });
  return svgDocument(width, height, body);
}
