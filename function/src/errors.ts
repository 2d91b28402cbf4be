/** A setting that cannot be used; the function refuses to start rather than run half-configured. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid function settings: ${problems.join("; ")}`);
    this.name = "SettingsError";
  }
}

/** A package with a native binding did not load; the function cannot classify anything without it. */
export class NativeModuleError extends Error {
  constructor(
    readonly module: string,
    cause: unknown,
  ) {
    super(
      `${module} could not be loaded (${cause instanceof Error ? cause.message : String(cause)}); ` +
        "its native binding must match this OS, CPU and libc: reinstall function/ with npm ci, or rebuild the image",
      { cause },
    );
    this.name = "NativeModuleError";
  }
}
