/** What the stand-in for a broken onnxruntime-node binding throws (support/broken-binding.ts). */
export const BROKEN_BINDING_MESSAGE = "onnxruntime_binding.node: invalid ELF header (test stand-in)";
