import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileBench } from "./compile.js";
import { ensureBenchDependencies } from "./install-deps.js";
import { labelAgreement } from "./label-agreement.js";
import { measureSetting, type SettingFigures } from "./measure-config.js";
import { parseBenchOptions, type BenchOptions } from "./options.js";
import { benchDir, docsDir, functionDir, previousResultsFile, repoRoot, resultsFile } from "./paths.js";
import { describeEnvironment, type BenchEnvironment } from "./report/environment.js";
import { latencyChartSvg } from "./report/latency-chart.js";
import { benchmarksMarkdown } from "./report/markdown.js";
import { writePng } from "./report/png.js";
import { ratiosTable, settingTable, sizingTable, targetsTable } from "./report/tables.js";
import { startChild } from "./spawn-child.js";
import {
  checkTargets,
  computeRatios,
  recommendMemory,
  settingLabel,
  sizingRows,
  type RatioFigure,
} from "./targets.js";

/** Everything one run measured: saved to build/bench-results.json so the report can be rendered again. */
export interface BenchResults {
  command: string;
  options: BenchOptions;
  environment: BenchEnvironment;
  settings: SettingFigures[];
}

async function measure(argv: readonly string[], log: (line: string) => void): Promise<BenchResults> {
  const options = parseBenchOptions(argv);
  const environment = describeEnvironment(repoRoot, options.modelDir);
  log(
    `bench: ${options.quick ? "quick (not quotable)" : "full"} run, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  log("compiling bench children and function/src with tsc ...");
  const compiled = compileBench(options.systems.includes("ours"));
  const locations = {
    modelDir: options.modelDir,
    functionPackageJson: path.join(functionDir, "package.json"),
    benchPackageJson: path.join(benchDir, "package.json"),
    handlerModule: compiled.handlerModule,
  };
  // One discarded process per system first: it pulls model, libraries and node itself into the page cache, as a
  // Lambda worker that already holds the image would have them. Cold init here means a cold process.
  for (const system of options.systems) {
    const child = await startChild({
      childScript: compiled.childScript,
      request: { system, locations, mode: "cold" },
      timeoutMs: 5 * 60_000,
    });
    await child.exited();
  }
  const settings: SettingFigures[] = [];
  const memories: (number | undefined)[] = [
    ...options.memorySizesMb,
    ...(options.unconstrained ? [undefined] : []),
  ];
  try {
    for (const memoryMb of memories) {
      settings.push(await measureSetting({ memoryMb }, options, compiled, locations, log));
    }
  } finally {
    rmSync(compiled.outDir, { recursive: true, force: true });
  }
  environment.loadAfter = os.loadavg();
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
  return { command, options, environment, settings };
}

const readResults = (file: string): BenchResults | undefined =>
  existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as BenchResults) : undefined;

/**
 * `npm run bench`: floor / floor-tokenizer / ours / peer / peer-1thread / original under the CPU quota of each Lambda memory size and unconstrained,
 * the ratios compared with the previous run's, the targets, the memory advice, the report and the chart.
 * `npm run bench -- --render` renders the report again from the last two runs' saved results.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const log = (line: string): void => console.log(line);
  ensureBenchDependencies(log);
  const render = argv.includes("--render");
  let results: BenchResults;
  let previous: BenchResults | undefined;
  if (render) {
    const saved = readResults(resultsFile);
    if (saved === undefined) throw new Error(`nothing to render: ${resultsFile} does not exist`);
    results = saved;
    previous = readResults(previousResultsFile);
    log(`rendering ${path.relative(repoRoot, resultsFile)} from ${results.environment.date}`);
  } else {
    previous = readResults(resultsFile);
    results = await measure(argv, log);
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    if (existsSync(resultsFile)) copyFileSync(resultsFile, previousResultsFile);
    writeFileSync(resultsFile, JSON.stringify(results));
  }
  // Only a run of the same shape is a reproduction of this one.
  const comparable =
    previous !== undefined && previous.options.quick === results.options.quick ? previous : undefined;
  const { options, environment, settings } = results;
  const defaultSetting = settings[0];
  if (defaultSetting === undefined) throw new Error("no setting measured");
  const agreement = labelAgreement(defaultSetting.systems);
  const ratios = computeRatios(settings);
  const previousRatios: RatioFigure[] | undefined = comparable
    ? computeRatios(comparable.settings)
    : undefined;
  const targets = checkTargets(settings, ratios, previousRatios);
  const sizing = sizingRows(settings);
  const recommended = recommendMemory(sizing);

  for (const setting of settings) {
    log(`\n${settingLabel(setting.memoryMb)} (${setting.quotaDescription})`);
    log(settingTable(setting));
  }
  log(`\nratios, this run / previous run${comparable ? ` (${comparable.environment.date})` : " (none)"}:`);
  log(ratiosTable(ratios, previousRatios));
  log("");
  log(targetsTable(targets));
  log(`\nlabel agreement: ${agreement.summary}`);
  log("");
  log(sizingTable(sizing, recommended?.memoryMb));
  log(
    `recommended memorySize for single sentences: ${recommended ? `${recommended.memoryMb} MB` : "none met the rule"}`,
  );

  if (options.writeDocs || render) {
    mkdirSync(docsDir, { recursive: true });
    const chartFile = "benchmarks-latency.png";
    const subtitle =
      `${settingLabel(defaultSetting.memoryMb)} quota · ${options.rounds} rounds × ${options.blockCalls.toLocaleString("en-US")} calls per system · ` +
      `${environment.cpu}, ${environment.cores} cores · Node ${environment.node} · ${environment.date.slice(0, 10)}`;
    writePng(latencyChartSvg(defaultSetting.systems, subtitle), path.join(docsDir, chartFile));
    const markdown = benchmarksMarkdown({
      results,
      previous: comparable,
      ratios,
      previousRatios,
      targets,
      labelAgreement: agreement.summary,
      sizing,
      recommendedMb: recommended?.memoryMb,
      latencyChart: chartFile,
      analysisFile: path.join(benchDir, "report", "analysis.md"),
    });
    writeFileSync(path.join(docsDir, "benchmarks.md"), markdown);
    log(`\nwrote docs/benchmarks.md and docs/${chartFile}`);
  }
  if (!agreement.ok) throw new Error(`systems disagree on labels: ${agreement.summary}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
