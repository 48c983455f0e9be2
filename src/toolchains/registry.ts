import { nodeToolchain } from './node/index.js';
import { pythonToolchain } from './python/index.js';
import type { ToolDefinition, ToolchainDefinition } from './types.js';

/** Every toolchain heal knows, in detection order. Adding one is a folder and a line here. */
export const TOOLCHAINS: readonly ToolchainDefinition[] = [nodeToolchain, pythonToolchain];

/** Every tool by id, for parsing a step's outputs. */
export const TOOLS_BY_ID: ReadonlyMap<string, ToolDefinition> = new Map(
  TOOLCHAINS.flatMap((toolchain) => toolchain.tools.map((tool) => [tool.id, tool] as const)),
);
