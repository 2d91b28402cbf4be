/** package.json's `engines.node`: the one statement of the Node versions the project supports. */
export function enginesNode(): string;
/** Whether `version` ("v24.1.0", "24.1" or "24") is admitted by `range` (`^x.y` / `>=x.y` terms joined by `||`). */
export function admits(version: string, range: string): boolean;
/** The majors `range` names, in order: the ones CI tests. */
export function majors(range: string): number[];
