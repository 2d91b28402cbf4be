/**
 * Run by infra/model-folder.ts in a child process (tsx): loads a model folder with the function's own Predictor,
 * as the function does at init, and prints what it found as JSON, or the problem on stderr with exit code 1.
 * Usage: tsx infra/load-model-folder.ts <folder> <maxLength>
 */
import { Predictor } from "../function/src/model/predictor.js";

async function main(folder: string, maxLength: number): Promise<void> {
  try {
    const { info } = await Predictor.load(folder, { maxLength });
    process.stdout.write(JSON.stringify(info));
  } catch (error) {
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

const [folder = "", maxLength = ""] = process.argv.slice(2);
void main(folder, Number(maxLength));
