import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as prettier from "prettier";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

async function ignored(file: string): Promise<boolean> {
  const info = await prettier.getFileInfo(path.join(REPO_ROOT, file), {
    ignorePath: path.join(REPO_ROOT, ".prettierignore"),
  });
  return info.ignored;
}

describe(".prettierignore", () => {
  it("leaves model folders' JSON as ML tools write it: models/, the fixtures, an imported top-level folder", async () => {
    for (const file of [
      "models/config.json",
      "models/tokenizer.json",
      "test/fixtures/original-export/tokenizer_config.json",
      "my-model/config.json",
      "my-model/tokenizer.json",
      "my-model/tokenizer_config.json",
      "my-model/special_tokens_map.json",
      ".my-model.importing-1a2b/config.json",
    ]) {
      assert.equal(await ignored(file), true, file);
    }
  });

  it("still checks a config.json or tokenizer.json anywhere else", async () => {
    for (const file of ["config.json", "infra/settings/config.json", "function/src/tokenizer.json"]) {
      assert.equal(await ignored(file), false, file);
    }
  });
});
