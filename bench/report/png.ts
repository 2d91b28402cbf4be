import { Resvg } from "@resvg/resvg-js";
import { writeFileSync } from "node:fs";

/** Rasterizes an SVG to PNG at 2× for crisp text; system fonts (DejaVu Sans on Debian) render the labels. */
export function writePng(svg: string, file: string): void {
  const png = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
  writeFileSync(file, png);
}
