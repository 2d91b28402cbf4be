import { registerHooks } from "node:module";
import { BROKEN_BINDING_MESSAGE } from "./broken-binding-message.js";

/*
 * Loaded with `--import` before the function's entry point: `onnxruntime-node` fails to load the way a binding
 * built for another platform does (Node's ERR_DLOPEN_FAILED), for `require` and `import` alike. Never import this file
 * from a test: it would break the test process itself.
 */
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "onnxruntime-node") {
      throw Object.assign(new Error(BROKEN_BINDING_MESSAGE), { code: "ERR_DLOPEN_FAILED" });
    }
    return nextResolve(specifier, context);
  },
});
