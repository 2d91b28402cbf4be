import path from "node:path";
import { repoRoot } from "../../function/support/paths.js";

const fixturesDir = path.join(repoRoot, "test", "fixtures");

/** The fixtures training/make_fixtures.py writes: one set of weights in three export shapes. */
export const ISSUE_15_FIXTURES = {
  /** As the original pipeline exports: opset 10, output `output`, [batch_size, 128], vocab.txt only. */
  originalExport: path.join(fixturesDir, "original-export"),
  /** No dynamic axis: [1, 128], in a Hugging Face folder. */
  static1x128: path.join(fixturesDir, "model-static-1x128"),
  /** The same weights, batch and sequence dynamic. */
  dynamicTwin: path.join(fixturesDir, "model-dynamic-twin"),
} as const;
