import { createRequire } from "node:module";

/*
 * The floor and the original-method systems must run on the exact onnxruntime-node and tokenizers builds the
 * image ships, i.e. function/node_modules. Root code may not import them (they are not root dependencies), and
 * going through function/src would add the handler's own code to what is supposed to be the floor. So they are
 * resolved with a require anchored at function/package.json. The types below describe only the calls made here;
 * `loadFunctionStack` checks them at run time so a version change fails loudly instead of measuring nonsense.
 */

export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}

export interface OrtModule {
  InferenceSession: { create(path: string, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: "int64", data: BigInt64Array, dims: readonly number[]) => OrtTensor;
}

export interface TokenEncoding {
  getIds(): number[];
  getAttentionMask(): number[];
}

export interface Tokenizer {
  encode(sentence: string): Promise<TokenEncoding>;
  encodeBatch(sentences: string[]): Promise<TokenEncoding[]>;
  setTruncation(maxLength: number): void;
  setPadding(options?: { maxLength?: number; padId?: number; padToken?: string }): void;
}

export interface TokenizersModule {
  Tokenizer: { fromFile(path: string): Tokenizer };
}

export interface FunctionStack {
  ort: OrtModule;
  tokenizers: TokenizersModule;
}

function assertFunction(isFunction: boolean, what: string): void {
  if (!isFunction) throw new Error(`function stack: ${what} is not a function; API changed?`);
}

export function loadFunctionStack(functionPackageJson: string): FunctionStack {
  const requireFromFunction = createRequire(functionPackageJson);
  const ort = requireFromFunction("onnxruntime-node") as OrtModule;
  const tokenizers = requireFromFunction("tokenizers") as TokenizersModule;
  assertFunction(
    typeof ort.InferenceSession?.create === "function",
    "onnxruntime-node InferenceSession.create",
  );
  assertFunction(typeof ort.Tensor === "function", "onnxruntime-node Tensor");
  assertFunction(typeof tokenizers.Tokenizer?.fromFile === "function", "tokenizers Tokenizer.fromFile");
  return { ort, tokenizers };
}
