import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileBench } from "./compile.js";
import { labelAgreement } from "./label-agreement.js";
import { measureSizing, type SizingOutcome } from "./measure-sizing.js";
import { measureSystems, type SystemFigures } from "./measure-systems.js";
import { parseBenchOptions, type BenchOptions } from "./options.js";
import { docsDir, functionDir, repoRoot, resultsFile } from "./paths.js";
import { describeEnvironment, type BenchEnvironment } from "./report/environment.js";
import { latencyChartSvg } from "./report/latency-chart.js";
import { benchmarksMarkdown } from "./report/markdown.js";
import { writePng } from "./report/png.js";
import { ratiosTable, sizingTable, systemsTable, targetsTable } from "./report/tables.js";
import { checkTargets, computeRatios, recommendMemory } from "./targets.js";

/** Everything one run measured: saved to build/bench-results.json so the report can be rendered again. */
interface BenchResults {
  command: string;
  options: BenchOptions;
  environment: BenchEnvironment;
  figures: SystemFigures[];
  sizing: SizingOutcome;
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
  const compiled = compileBench(
    options.systems.includes("ours") || (options.sizing && options.sizingSystem === "ours"),
  );
  const locations = {
    modelDir: options.modelDir,
    functionPackageJson: path.join(functionDir, "package.json"),
    handlerModule: compiled.handlerModule,
  };

  const figures = await measureSystems(options, compiled, locations, log);
  const sizing: SizingOutcome = options.sizing
    ? await measureSizing(options.sizingSystem, options, compiled, locations, log)
    : { measured: [], skippedBecause: "skipped with --no-sizing" };
  environment.loadAfter = os.loadavg();
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
  return { command, options, environment, figures, sizing };
}

/**
 * `npm run bench`: floor / ours / peer / original side by side, memory sizing, report and chart.
 * `npm run bench -- --render` renders the report again from the last run's saved results (e.g. after editing
 * bench/report/analysis.md) without measuring anything.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const log = (line: string): void => console.log(line);
  const render = argv.includes("--render");
  let results: BenchResults;
  if (render) {
    results = JSON.parse(readFileSync(resultsFile, "utf8")) as BenchResults;
    log(`rendering ${path.relative(repoRoot, resultsFile)} from ${results.environment.date}`);
  } else {
    results = await measure(argv, log);
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, JSON.stringify(results));
  }
  const { options, environment, figures, sizing } = results;
  const agreement = labelAgreement(figures);
  const ratios = computeRatios(figures);
  const targets = checkTargets(figures, ratios);
  const recommended = recommendMemory(sizing.measured);

  log("");
  log(systemsTable(figures));
  log("");
  log(ratiosTable(ratios));
  log("");
  log(targetsTable(targets));
  log(`\nlabel agreement: ${agreement.summary}`);
  if (sizing.measured.length > 0) {
    log("");
    log(sizingTable(sizing.measured, recommended?.memoryMb));
    log(`recommended memorySize: ${recommended ? `${recommended.memoryMb} MB` : "none met the rule"}`);
  } else log(`memory sizing: ${sizing.skippedBecause ?? "not measured"}`);

  if (options.writeDocs || render) {
    mkdirSync(docsDir, { recursive: true });
    const chartFile = "benchmarks-latency.png";
    const subtitle =
      `${options.timedCalls.toLocaleString("en-US")} calls × ${options.runs} runs per system · ` +
      `${environment.cpu}, ${environment.cores} cores · Node ${environment.node} · ${environment.date.slice(0, 10)}`;
    writePng(latencyChartSvg(figures, subtitle), path.join(docsDir, chartFile));
    const markdown = benchmarksMarkdown({
      options,
      command: results.command,
      environment,
      figures,
      ratios,
      targets,
      labelAgreement: agreement.summary,
      sizing,
      recommendedMb: recommended?.memoryMb,
      latencyChart: chartFile,
      analysisFile: path.join(repoRoot, "bench", "report", "analysis.md"),
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
