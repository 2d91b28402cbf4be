import type { Logger } from "@aws-lambda-powertools/logger";
import { powertoolsLogger } from "./dependencies.js";
import type { Settings } from "./settings.js";

/** Structured JSON lines (Powertools), one per request plus init events; CloudWatch indexes their fields. */
export function createLogger(settings: Pick<Settings, "serviceName" | "logLevel">): Logger {
  return new powertoolsLogger.Logger({ serviceName: settings.serviceName, logLevel: settings.logLevel });
}
