import { RUN_PY } from './script-run.js';
import { SCREEN_PY } from './script-screen.js';
import { VALUES_PY } from './script-values.js';

/**
 * Builtin characterization for Python, run as
 * `python -c CHARACTERIZE_SCRIPT <request.json> <result.json>` (Python 3.9+, standard library only).
 *
 * The request is `{"version": 1, "targets": [{"id", "module", "function", "file"}]}`: the dotted
 * module to import, the function's name in it and the absolute source path. For each target the
 * script screens the source with `ast`, imports the module, plans at most 8 calls from the type
 * hints, docstring examples and mined constants, runs each call twice (2 s alarm each) and keeps the
 * calls with equal outcomes that a test can write down.
 *
 * The result file (rewritten after every target) is
 * `{"version": 1, "running": id | null, "targets": [{"id", "status": "ok", "is_async", "calls"} |
 * {"id", "status": "skipped", "reason"}]}`, each call being
 * `{"args_src", "imports": [{"module", "name", "stdlib"}], "outcome"}` with outcome
 * `{"kind": "returns", "value_src", "value_kind"}` or `{"kind": "raises", "type", "message"}`.
 * `running` names the target in progress, so a run killed at its deadline says which one hung.
 * Nothing that matters goes to stdout.
 */
export const CHARACTERIZE_SCRIPT = [SCREEN_PY, VALUES_PY, RUN_PY].join('\n\n');
