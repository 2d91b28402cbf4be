import { createLogger, type FunctionLogger } from "./logger.js";
import { SettingsError } from "./errors.js";
import { FAILED_INIT_MESSAGES } from "./metric-definitions.js";
import { SETTINGS } from "./setting-definitions.js";
import { readSettings, type Settings } from "./settings.js";

/**
 * The settings and the logger built from them. When the settings are refused, the logger they would have chosen
 * does not exist yet: one with the defaults logs "settings invalid" with each problem (naming its variable), then
 * the error stops init.
 */
export function readSettingsOrLog(environment: Readonly<Record<string, string | undefined>>): {
  settings: Settings;
  logger: FunctionLogger;
} {
  try {
    const settings = readSettings(environment);
    return { settings, logger: createLogger(settings) };
  } catch (error) {
    if (error instanceof SettingsError) {
      const serviceName = (environment.POWERTOOLS_SERVICE_NAME ?? "").trim() || SETTINGS.serviceName.default;
      createLogger({ serviceName, logLevel: "ERROR" }).error(FAILED_INIT_MESSAGES.settings, {
        problems: error.problems,
        error,
      });
    }
    throw error;
  }
}
