import { readFileSync } from "node:fs";
import { loadTokenizer, parseTokenizerJson } from "/work/wt/sync-tok/function/src/model/tokenizer.js";
import { generatedSentences } from "/work/wt/sync-tok/test/function/support/unicode-strings.js";
const text = readFileSync("models/tokenizer.json", "utf8");
const words = Object.keys(JSON.parse(text).model.vocab).filter((t: string) => !t.startsWith("#"));
async function main() {
let t0 = performance.now();
const s = generatedSentences(1, 20000, words);
console.log("gen ms", performance.now() - t0, "avg chars", s.reduce((a, x) => a + x.length, 0) / s.length);
const cfg = { labels: ["a", "b"], maxPositionEmbeddings: undefined, vocabSize: undefined, padTokenId: undefined, name: undefined, modelMaxLength: undefined };
const t = loadTokenizer("f", parseTokenizerJson("f", Buffer.from(text)), cfg, { maxLength: 128, padTo: null });
t0 = performance.now();
for (let i = 0; i < s.length; i += 32) t.fast!.encode(s.slice(i, i + 32));
console.log("fast ms", performance.now() - t0);
t0 = performance.now();
for (let i = 0; i < s.length; i += 32) { const e = await t.tokenizer.encodeBatch(s.slice(i, i + 32)); e.map((x) => [x.getIds(), x.getAttentionMask()]); }
console.log("ref ms", performance.now() - t0);
}
void main();
