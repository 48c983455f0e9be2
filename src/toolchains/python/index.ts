import type { ToolchainDefinition } from '../types.js';
import { blackTool } from './black.js';
import { describePython, detectPython } from './detect.js';
import { flake8Tool } from './flake8.js';
import { mypyTool } from './mypy.js';
import { pytestTool } from './pytest.js';
import { ruffFormatTool } from './ruff-format.js';
import { ruffTool } from './ruff.js';

/**
 * The Python toolchain: typecheck (mypy) → lint (ruff, flake8) → format check (black, ruff
 * format) → tests (pytest with coverage). Each tool runs only when the project configures it,
 * except pytest, which every Python project gets. There is no install step: heal does not pip
 * install into an interpreter it did not create.
 */
export const pythonToolchain: ToolchainDefinition = {
  id: 'python',
  detect: detectPython,
  describe: describePython,
  tools: [mypyTool, ruffTool, flake8Tool, blackTool, ruffFormatTool, pytestTool],
};

export { chooseInterpreter, interpreterCandidates, parseProbe, probeCommand, PROBE_SCRIPT } from './interpreter.js';
export { isPythonConfigFile, PYTHON_CONFIG_FILES } from './project-config.js';
