import type { SystemName } from "../systems/types.js";

/** Colour-blind-safe (Okabe-Ito) colours, one per system, shared by every chart. */
export const systemColors: Record<SystemName, string> = {
  floor: "#000000",
  ours: "#0072B2",
  peer: "#D55E00",
  original: "#009E73",
};

export const systemTitles: Record<SystemName, string> = {
  floor: "floor (onnxruntime + tokenizers)",
  ours: "ours (handler, payload 2.0)",
  peer: "peer (transformers.js pipeline)",
  original: "original method (pad to 128)",
};
