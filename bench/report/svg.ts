/** Minimal SVG building blocks for the bench charts; text is escaped, numbers are rounded for small files. */

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const r = (n: number): string => (Math.round(n * 10) / 10).toString();

export function line(x1: number, y1: number, x2: number, y2: number, style: string): string {
  return `<line x1="${r(x1)}" y1="${r(y1)}" x2="${r(x2)}" y2="${r(y2)}" ${style}/>`;
}

export function polyline(points: readonly (readonly [number, number])[], style: string): string {
  return `<polyline fill="none" points="${points.map(([x, y]) => `${r(x)},${r(y)}`).join(" ")}" ${style}/>`;
}

export function text(
  x: number,
  y: number,
  content: string,
  options: {
    anchor?: "start" | "middle" | "end";
    size?: number;
    weight?: string;
    fill?: string;
    rotate?: number;
  } = {},
): string {
  const transform =
    options.rotate === undefined ? "" : ` transform="rotate(${options.rotate} ${r(x)} ${r(y)})"`;
  return (
    `<text x="${r(x)}" y="${r(y)}" font-size="${options.size ?? 13}" text-anchor="${options.anchor ?? "start"}"` +
    ` font-weight="${options.weight ?? "normal"}" fill="${options.fill ?? "#222"}"${transform}>${escapeXml(content)}</text>`
  );
}

export function svgDocument(width: number, height: number, body: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
    ` font-family="DejaVu Sans, Arial, Helvetica, sans-serif">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${body.join("")}</svg>`
  );
}

/** Ticks 1-2-5 per decade covering [min, max], for log axes. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let exp = Math.floor(Math.log10(min)); exp <= Math.ceil(Math.log10(max)); exp++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** exp;
      if (v >= min && v <= max) ticks.push(v);
    }
  }
  return ticks;
}

export function formatMs(ms: number): string {
  return ms >= 1 ? `${Number(ms.toPrecision(3))}` : ms.toPrecision(1);
}
