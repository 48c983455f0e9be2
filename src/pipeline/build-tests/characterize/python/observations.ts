import { z } from 'zod';

/** How a returned value is asserted: `==`, `pytest.approx`, `is None`, `is True/False`, `math.isnan`, `math.inf`. */
export type ValueKind = 'value' | 'float' | 'none' | 'bool' | 'nan' | 'inf';

/** A name a test imports: `from <module> import <name>`. */
export interface PythonImport {
  module: string;
  name: string;
  /** Part of Python's standard library (isort's first group). */
  isStdlib: boolean;
}

/** What one call did, twice in a row. */
export type ObservedOutcome =
  | { kind: 'returns'; valueSrc: string; valueKind: ValueKind }
  /** `type` is module-qualified unless it is a builtin ("shipping.errors.RateError", "ValueError"). */
  | { kind: 'raises'; type: string; message: string };

/** One stable call of a function, as Python source. */
export interface ObservedCall {
  /** The arguments as written in the call ("\"express\", 21.0, rush=True"). */
  argsSrc: string;
  outcome: ObservedOutcome;
  /** Names the arguments, the value or the exception type need. */
  imports: PythonImport[];
}

/** What the script found for one target. */
export type TargetObservation =
  | { id: string; status: 'ok'; isAsync: boolean; calls: ObservedCall[] }
  | { id: string; status: 'skipped'; reason: string };

/** The script's result file: the targets done so far and the one in progress (null once finished). */
export interface CharacterizeResult {
  targets: TargetObservation[];
  running: string | null;
}

const Import = z.object({ module: z.string(), name: z.string(), stdlib: z.boolean() });
const Outcome = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('returns'),
    value_src: z.string(),
    value_kind: z.enum(['value', 'float', 'none', 'bool', 'nan', 'inf']),
  }),
  z.object({ kind: z.literal('raises'), type: z.string(), message: z.string() }),
]);
const Call = z.object({ args_src: z.string(), outcome: Outcome, imports: z.array(Import) });
const Target = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('ok'), is_async: z.boolean(), calls: z.array(Call) }),
  z.object({ id: z.string(), status: z.literal('skipped'), reason: z.string() }),
]);
const Result = z.object({ version: z.literal(1), targets: z.array(Target), running: z.string().nullable() });

function toCall(call: z.infer<typeof Call>): ObservedCall {
  const { outcome } = call;
  return {
    argsSrc: call.args_src,
    outcome:
      outcome.kind === 'returns'
        ? { kind: 'returns', valueSrc: outcome.value_src, valueKind: outcome.value_kind }
        : { kind: 'raises', type: outcome.type, message: outcome.message },
    imports: call.imports.map((entry) => ({ module: entry.module, name: entry.name, isStdlib: entry.stdlib })),
  };
}

/** Parses the script's result file; null when it is missing or not the script's output. */
export function readCharacterizeResult(text: string | undefined): CharacterizeResult | null {
  if (text === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = Result.safeParse(json);
  if (!parsed.success) return null;
  return {
    running: parsed.data.running,
    targets: parsed.data.targets.map((target) =>
      target.status === 'ok'
        ? { id: target.id, status: 'ok', isAsync: target.is_async, calls: target.calls.map(toCall) }
        : { id: target.id, status: 'skipped', reason: target.reason },
    ),
  };
}
