/** A setting that cannot be used; the function refuses to start rather than run half-configured. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid function settings: ${problems.join("; ")}`);
    this.name = "SettingsError";
  }
}
