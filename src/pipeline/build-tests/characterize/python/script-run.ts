/**
 * Part of the characterization script (see characterize-script.ts): plans at most 8 calls per
 * function, runs each twice under a 2 s alarm, keeps the stable ones and writes the result file
 * after every target, so a run killed at its deadline still says where it stopped.
 */
export const RUN_PY = String.raw`MAX_CALLS = 8
CALL_SECONDS = 2.0
TARGET_SECONDS = 8.0
IMPORT_SECONDS = 20.0
MAX_MESSAGE = 2000
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{4,}")
POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
SAVED = {"open": open, "replace": os.replace, "dump": json.dump, "stdout": sys.stdout, "stderr": sys.stderr}


class CallTimeout(BaseException):
    pass


class Sink(io.TextIOBase):
    def write(self, text):
        return len(text)


def on_alarm(signum, frame):
    raise CallTimeout()


@contextlib.contextmanager
def guarded(seconds):
    """Silences the code under test and interrupts it after a deadline (where SIGALRM exists)."""
    alarm = hasattr(signal, "setitimer") and seconds
    with contextlib.redirect_stdout(Sink()), contextlib.redirect_stderr(Sink()):
        if alarm:
            signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)


def last_line(error):
    lines = traceback.format_exception_only(type(error), error)
    return (lines[-1] if lines else type(error).__name__).strip().replace("\n", " ")


def raised_class(kind):
    for cls in kind.__mro__:
        if cls.__module__ == "builtins" or importable(cls):
            return cls
    return None


def observe(func, is_async, args, kwargs):
    """One call: (outcome, imports), "timeout", or None when the outcome cannot be written down."""
    try:
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    except Exception:
        pass
    try:
        with guarded(CALL_SECONDS):
            result = asyncio.run(func(*args, **kwargs)) if is_async else func(*args, **kwargs)
    except CallTimeout:
        return "timeout"
    except (SystemExit, KeyboardInterrupt, GeneratorExit, RecursionError, MemoryError):
        return None
    except Exception as error:
        cls = raised_class(type(error))
        try:
            message = str(error)
        except Exception:
            return None
        if cls is None or ADDRESS.search(message) or len(message) > MAX_MESSAGE:
            return None
        builtin = cls.__module__ == "builtins"
        name = cls.__name__ if builtin else cls.__module__ + "." + cls.__name__
        imports = set() if builtin else {(cls.__module__, cls.__name__)}
        return {"kind": "raises", "type": name, "message": message}, imports
    if inspect.isawaitable(result):
        getattr(result, "close", lambda: None)()
        return None
    if type(result) is float and math.isnan(result):
        return {"kind": "returns", "value_src": 'float("nan")', "value_kind": "nan"}, set()
    if type(result) is float and math.isinf(result):
        return {"kind": "returns", "value_src": "math.inf" if result > 0 else "-math.inf", "value_kind": "inf"}, set()
    imports = set()
    source = render_value(result, imports)
    if source is None:
        return None
    kinds = {type(None): "none", bool: "bool", float: "float"}
    return {"kind": "returns", "value_src": source, "value_kind": kinds.get(type(result), "value")}, imports


def candidates(values, exclude=None):
    """(value, source, imports) for each value that a test can write down, without repeats."""
    found, seen = [], {exclude}
    for value in values:
        imports = set()
        source = render_value(value, imports)
        if source is not None and source not in seen:
            seen.add(source)
            found.append((value, source, imports))
    return found


def literal_call(args, kwargs):
    parts, imports = [], set()
    for key, value in [(None, value) for value in args] + list(kwargs.items()):
        source = render_value(value, imports)
        if source is None:
            return None
        parts.append(source if key is None else key + "=" + source)
    return args, kwargs, ", ".join(parts), imports


def build_call(params, chosen):
    args, kwargs, parts, imports = [], {}, [], set()
    for param in params:
        if param.name in chosen:
            value, source, needed = chosen[param.name]
            imports |= needed
            if param.kind is inspect.Parameter.POSITIONAL_ONLY or (param.kind in POSITIONAL and param.default is EMPTY):
                args.append(value)
                parts.append(source)
            else:
                kwargs[param.name] = value
                parts.append(param.name + "=" + source)
    return args, kwargs, ", ".join(parts), imports


def plan_calls(func, symbol, node, tree, module):
    """([(args, kwargs, args_src, imports)], None) or ([], why the function cannot be called)."""
    signature = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func)
    except Exception:
        hints = {}
    params = [param for param in signature.parameters.values() if param.kind in POSITIONAL + (inspect.Parameter.KEYWORD_ONLY,)]
    targeted, general = mine(node, tree, module, [param.name for param in params])
    calls, seen = [], set()

    def add(args, kwargs, source, imports):
        if source not in seen and len(calls) < MAX_CALLS and len(source) <= MAX_SRC:
            seen.add(source)
            calls.append((args, kwargs, source, imports))

    for args, kwargs in doctest_calls(inspect.getdoc(func), symbol):
        try:
            signature.bind(*args, **kwargs)
        except TypeError:
            continue
        call = literal_call(args, kwargs)
        if call is not None:
            add(*call)
    base, variants = {}, {}
    for param in params:
        hint = hints.get(param.name, param.annotation)
        desc = describe(hint, module) or guess(param.name, param.default, targeted[param.name])
        pool = pool_for(desc, targeted[param.name], general, module)
        if param.default is EMPTY:
            found = candidates(pool)
            if not found:
                return [], "cannot build a value for parameter " + param.name + describe_hint(desc)
            base[param.name], variants[param.name] = found[0], found[1:]
        elif param.kind is not inspect.Parameter.POSITIONAL_ONLY:
            default = render_value(param.default, set())
            variants[param.name] = candidates(pool, exclude=default)
    add(*build_call(params, base))
    for index in range(max((len(found) for found in variants.values()), default=0)):
        for param in params:
            if index < len(variants.get(param.name, [])):
                add(*build_call(params, dict(base, **{param.name: variants[param.name][index]})))
    return calls, None


def describe_hint(desc):
    return " (type " + str(desc[1]) + ")" if desc and desc[0] == "unsupported" else ""


def characterize(target, trees, modules):
    """One target's entry in the result: its kept calls, or why it was skipped."""
    symbol = target["function"]
    try:
        tree = read_tree(target["file"], trees)
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError) as error:
        return {"status": "skipped", "reason": "cannot parse the source: " + last_line(error)}
    node, why = find_def(tree, symbol)
    if why is None and is_generator(node):
        why = "generators are not characterized yet"
    why = why or screen(tree, node)
    if why:
        return {"status": "skipped", "reason": why}
    name = target["module"]
    if name not in modules:
        try:
            with guarded(IMPORT_SECONDS):
                modules[name] = importlib.import_module(name)
        except CallTimeout:
            modules[name] = "importing " + name + " took longer than " + str(int(IMPORT_SECONDS)) + " s"
        except BaseException as error:
            modules[name] = "cannot import " + name + ": " + last_line(error)
    module = modules[name]
    if isinstance(module, str):
        return {"status": "skipped", "reason": module}
    func = getattr(module, symbol, None)
    if not callable(func) or inspect.isclass(func):
        return {"status": "skipped", "reason": name + "." + symbol + " is not a function"}
    if inspect.isgeneratorfunction(func) or inspect.isasyncgenfunction(func):
        return {"status": "skipped", "reason": "generators are not characterized yet"}
    try:
        plan, why = plan_calls(func, symbol, node, tree, module)
    except (ValueError, TypeError) as error:
        plan, why = [], "cannot read the signature: " + last_line(error)
    if why:
        return {"status": "skipped", "reason": why}
    is_async = inspect.iscoroutinefunction(func)
    calls, timeouts, deadline = [], 0, time.monotonic() + TARGET_SECONDS
    for args, kwargs, source, imports in plan:
        if time.monotonic() > deadline:
            break
        first = observe(func, is_async, args, kwargs)
        if first == "timeout":
            timeouts += 1
            if timeouts == 2:
                break
            continue
        if first is None or observe(func, is_async, args, kwargs) != first:
            continue
        needed = sorted(imports | first[1])
        calls.append({"args_src": source, "outcome": first[0],
                      "imports": [{"module": module_, "name": name_, "stdlib": is_stdlib(module_)} for module_, name_ in needed]})
    if not calls:
        why = "its calls ran longer than 2 s" if timeouts else "no call had a stable outcome a test can write down"
        return {"status": "skipped", "reason": why}
    return {"status": "ok", "is_async": is_async, "calls": calls}


def write_result(path, done, running):
    temporary = path + ".tmp"
    with SAVED["open"](temporary, "w", encoding="utf-8") as handle:
        SAVED["dump"]({"version": 1, "targets": done, "running": running}, handle, indent=1, sort_keys=True)
    SAVED["replace"](temporary, path)


def main(request_path, result_path):
    with open(request_path, encoding="utf-8") as handle:
        targets = json.load(handle)["targets"]
    sys.argv = ["-c"]
    trees, modules, done = {}, {}, []
    for target in targets:
        write_result(result_path, done, target["id"])
        try:
            entry = characterize(target, trees, modules)
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            entry = {"status": "skipped", "reason": "characterization failed: " + last_line(error)}
        entry["id"] = target["id"]
        done.append(entry)
        sys.stdout, sys.stderr = SAVED["stdout"], SAVED["stderr"]
    write_result(result_path, done, None)
    # Threads or atexit handlers left behind by the code under test must not keep the run alive.
    os._exit(0)


main(sys.argv[1], sys.argv[2])
`;
