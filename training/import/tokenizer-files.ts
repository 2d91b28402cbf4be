import { writeFileSync } from "node:fs";
import path from "node:path";
import { readModelFile } from "../../function/src/model/model-files.js";
import { parseTokenizer } from "../../function/src/model/tokenizer.js";
import { ImportError } from "./errors";
import { writeJson } from "./json-files";
import type { SourceFolder } from "./source-folder";
import { readSpecialTokens, vocabTokenizer } from "./vocab-tokenizer";

export interface TokenizerFiles {
  /** The padding token's id, for config.json's `pad_token_id` when the source's config.json has none. */
  padId: number | undefined;
  write: (dir: string) => void;
}

/** tokenizer.json and tokenizer_config.json for the new folder: copied, or built from vocab.txt. */
export function tokenizerFiles(source: SourceFolder, log: (line: string) => void): TokenizerFiles {
  const { tokenizer: found } = source;
  if (found.kind === "tokenizer.json") {
    // Checked as the function checks it (bounds, patterns), and the copy written from the bytes that were checked.
    const bytes = readModelFile(source.dir, "tokenizer.json");
    if (bytes === undefined) throw new ImportError(found.file, "not found");
    const tokenizer = parseTokenizer(found.file, bytes);
    log(`tokenizer: ${found.file}, copied`);
    const { pad } = readSpecialTokens("tokenizer_config.json", source.tokenizerConfig ?? {});
    return {
      padId: tokenizer.tokenToId(pad) ?? undefined,
      write: (dir) => {
        writeFileSync(path.join(dir, "tokenizer.json"), bytes);
        if (source.tokenizerConfig !== undefined) {
          writeJson(path.join(dir, "tokenizer_config.json"), source.tokenizerConfig);
        }
      },
    };
  }
  const built = vocabTokenizer(source.dir, source.tokenizerConfig, log);
  built.notices.forEach((notice) => log(`notice: ${notice}`));
  const vocabSize = built.tokenizer.getVocabSize(true);
  const configVocab = source.config?.vocab_size;
  if (typeof configVocab === "number" && vocabSize > configVocab) {
    throw new ImportError(
      found.file,
      `has ${vocabSize} tokens but config.json "vocab_size" is ${configVocab}: this is not the vocabulary the model was trained with`,
    );
  }
  log(`tokenizer: built from ${found.file} (${vocabSize} tokens)`);
  return {
    padId: built.tokenizer.tokenToId(String(built.tokenizerConfig.pad_token)) ?? undefined,
    write: (dir) => {
      built.tokenizer.save(path.join(dir, "tokenizer.json"), true);
      writeJson(path.join(dir, "tokenizer_config.json"), built.tokenizerConfig);
    },
  };
}
