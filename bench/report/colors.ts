import type { SystemName } from "../systems/types.js";

/** Colour-blind-safe (Okabe-Ito) colours, one per system, shared by every chart. */
export const systemColors: Record<SystemName, string> = {
  floor: "#000000",
  "floor-tokenizer": "#56B4E9",
  ours: "#0072B2",
  peer: "#D55E00",
  "peer-1thread": "#CC79A7",
  original: "#009E73",
};

export const systemTitles: Record<SystemName, string> = {
  floor: "floor (one session.run)",
  "floor-tokenizer": "floor + tokenizer (tokenizers encode + run)",
  ours: "ours (handler, payload 2.0)",
  peer: "peer (transformers.js, default threads)",
  "peer-1thread": "peer (transformers.js, one thread)",
  original: "original method (pad to 128)",
};
