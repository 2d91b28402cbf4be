import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { benchDir } from "../paths.js";

/** The part of @resvg/resvg-js used here (a bench dependency: typed here so the root typechecks without it). */
interface ResvgModule {
  Resvg: new (
    svg: string,
    options: { fitTo: { mode: "zoom"; value: number }; font: { loadSystemFonts: boolean } },
  ) => { render(): { asPng(): Buffer } };
}

/** Rasterizes an SVG to PNG at 2× for crisp text; system fonts (DejaVu Sans on Debian) render the labels. */
export function writePng(svg: string, file: string): void {
  const { Resvg } = createRequire(path.join(benchDir, "package.json"))("@resvg/resvg-js") as ResvgModule;
  const png = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
  writeFileSync(file, png);
}
