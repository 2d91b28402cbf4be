import type { BenchSystem, SystemLocations, SystemName } from "./types.js";

/**
 * Loads a system's module only when asked, so a child process pays (and the cold-init figure counts) the module
 * loading of the system it measures and nothing else.
 */
export async function createSystem(name: SystemName, locations: SystemLocations): Promise<BenchSystem> {
  switch (name) {
    case "floor":
      return (await import("./floor.js")).createFloor(locations, { tokenizer: false });
    case "floor-tokenizer":
      return (await import("./floor.js")).createFloor(locations, { tokenizer: true });
    case "original":
      return (await import("./original.js")).createOriginal(locations);
    case "ours":
      return (await import("./ours.js")).createOurs(locations);
    case "peer":
      return (await import("./peer.js")).createPeer(locations, { threads: "default" });
    case "peer-1thread":
      return (await import("./peer.js")).createPeer(locations, { threads: 1 });
  }
}
