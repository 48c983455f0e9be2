/**
 * Part of the characterization script (see characterize-script.ts): the static screen that rules
 * out functions with side effects or nondeterminism (the function plus the same-module functions it
 * calls, one level), and the constants mined from its body and the module-level names it reads.
 */
export const SCREEN_PY = String.raw`import ast, asyncio, collections.abc, contextlib, copy, dataclasses, datetime, decimal, enum, fractions, importlib
import inspect, io, json, math, os, re, signal, sys, sysconfig, time, tokenize, traceback, types, typing

SIDE_EFFECTS = ("os.", "shutil.", "subprocess.", "socket.", "requests.", "urllib.", "urllib3.", "http.", "httpx.",
                "aiohttp.", "tempfile.", "glob.", "sqlite3.", "smtplib.", "ftplib.", "webbrowser.", "threading.",
                "multiprocessing.", "concurrent.", "signal.", "ctypes.", "pty.", "sys.exit", "sys.stdin", "io.open",
                "builtins.open", "builtins.input", "asyncio.create_subprocess_", "asyncio.open_connection",
                "asyncio.start_server")
PURE = frozenset(("os.path.join", "os.path.basename", "os.path.dirname", "os.path.split", "os.path.splitext",
                  "os.path.splitdrive", "os.path.splitroot", "os.path.normpath", "os.path.normcase", "os.path.isabs",
                  "os.path.commonprefix", "os.path.commonpath", "os.path.sep", "os.sep", "os.linesep", "os.pathsep",
                  "os.curdir", "os.pardir", "os.extsep", "os.fspath", "os.fsencode", "os.fsdecode", "os.PathLike",
                  "time.strptime", "time.struct_time"))
NONDETERMINISTIC = ("random.", "secrets.", "time.", "uuid.uuid1", "uuid.uuid4", "uuid.getnode", "numpy.random.",
                    "os.urandom", "os.getrandom")
MACHINE = ("os.environ", "os.getenv", "os.getcwd", "os.cpu_count", "os.getpid", "platform.", "getpass.", "locale.")
NOW = (".now", ".today", ".utcnow")
BUILTIN_EFFECTS = frozenset(("open", "input", "exit", "quit", "breakpoint"))
FILE_METHODS = frozenset(("write_text", "write_bytes", "read_text", "read_bytes", "mkdir", "makedirs", "unlink", "rmdir",
                          "touch", "symlink_to", "hardlink_to", "chmod", "iterdir", "open", "cwd", "home", "resolve",
                          "absolute", "expanduser", "exists", "is_file", "is_dir", "stat", "glob", "rglob", "samefile"))
INNER_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def read_tree(path, trees):
    if path not in trees:
        with tokenize.open(path) as handle:
            trees[path] = ast.parse(handle.read(), path)
    return trees[path]


def top_level(tree):
    """Statements at module level, looking inside if/try blocks but not into functions or classes."""
    pending, found = list(tree.body), []
    while pending:
        node = pending.pop(0)
        found.append(node)
        if isinstance(node, (ast.If, ast.Try)):
            pending[0:0] = node.body + node.orelse + getattr(node, "finalbody", []) + [
                statement for handler in getattr(node, "handlers", []) for statement in handler.body]
    return found


def find_def(tree, symbol):
    """(function node, None) or (None, why it is not characterized)."""
    head = symbol.split(".")[0]
    match = None
    for node in top_level(tree):
        if getattr(node, "name", None) == head and isinstance(node, INNER_DEFS):
            match = node
    if match is None:
        return None, "no function named " + head + " at the top level of its module"
    if isinstance(match, ast.ClassDef):
        return None, "class methods are not characterized" if "." in symbol else "classes are not characterized"
    if "." in symbol:
        return None, "nested functions are not characterized"
    return match, None


def walk_body(node):
    """Every node of a function, without descending into nested functions, lambdas and classes."""
    pending = list(ast.iter_child_nodes(node))
    while pending:
        child = pending.pop()
        yield child
        if not isinstance(child, INNER_DEFS):
            pending.extend(ast.iter_child_nodes(child))


def import_aliases(tree):
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    aliases[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                joiner = "" if base.endswith(".") or not base else "."
                aliases[alias.asname or alias.name] = base + joiner + alias.name
    return aliases


def bound_names(node):
    names = {arg.arg for arg in ast.walk(node.args) if isinstance(arg, ast.arg)}
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
    return names


def module_names(tree):
    """Names defined at module level by assignments, functions and classes (not imports)."""
    names = set()
    for node in top_level(tree):
        if isinstance(node, INNER_DEFS):
            names.add(node.name)
        for target in getattr(node, "targets", []) + [getattr(node, "target", None)]:
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


def dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    return [node.id] + parts if isinstance(node, ast.Name) else None


def classify(name):
    if name in PURE:
        return None
    if name.endswith(NOW) or name.startswith(NONDETERMINISTIC):
        return "is nondeterministic"
    if name.startswith(MACHINE):
        return "depends on the machine"
    if name.startswith(("os.path.", "glob.", "shutil.", "tempfile.")):
        return "touches files"
    if name.startswith(SIDE_EFFECTS) or name in BUILTIN_EFFECTS:
        return "has side effects"
    return None


def screen_one(node, aliases, shadowed):
    """The first call or name in a function body that rules it out, as (name, why), or None."""
    inner = {id(child.value) for child in ast.walk(node) if isinstance(child, ast.Attribute)}
    called = {id(child.func) for child in ast.walk(node) if isinstance(child, ast.Call)}
    found = []
    for child in ast.walk(node):
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr in FILE_METHODS:
            found.append((child.lineno, child.col_offset, "calls ." + child.func.attr + "()", "touches files"))
        if id(child) in inner or not isinstance(child, (ast.Name, ast.Attribute)):
            continue
        parts = dotted(child)
        if not parts or parts[0] in shadowed and parts[0] not in aliases:
            continue
        name = ".".join([aliases.get(parts[0], parts[0])] + parts[1:])
        why = classify(name)
        if why:
            found.append((child.lineno, child.col_offset, ("calls " if id(child) in called else "uses ") + name, why))
    return min(found)[2:] if found else None


def screen(tree, node):
    """Why the function (or a same-module function it calls) cannot be run safely, or None."""
    aliases, own = import_aliases(tree), module_names(tree)
    shadowed = own | bound_names(node)
    problem = screen_one(node, aliases, shadowed)
    if problem:
        return problem[0] + ", which " + problem[1]
    helpers = {child.name: child for child in top_level(tree) if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))}
    called = sorted((child.lineno, child.col_offset, child.func.id) for child in ast.walk(node)
                    if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in helpers
                    and child.func.id not in shadowed - own and child.func.id != node.name)
    for _, _, name in called:
        problem = screen_one(helpers[name], aliases, own | bound_names(helpers[name]))
        if problem:
            return problem[0] + " (via " + name + "), which " + problem[1]
    return None


def is_generator(node):
    return any(isinstance(child, (ast.Yield, ast.YieldFrom)) for child in walk_body(node))


MAX_MINED_STR = 40


def primitive(value):
    kind = type(value)
    return kind in (int, float) or kind is str and len(value) <= MAX_MINED_STR


def global_values(module, name):
    """Literal values a module-level name holds: a dict's keys, a collection's items, or a scalar."""
    value = getattr(module, name, None)
    if isinstance(value, dict):
        items = list(value)
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, (set, frozenset)):
        items = sorted(value, key=repr)
    else:
        items = [value]
    return [item for item in items if primitive(item)][:12]


def operand_values(node, module, globals_):
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return [node.value - 1, node.value, node.value + 1]
    if isinstance(node, ast.Constant) and primitive(node.value):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [item.value for item in node.elts if isinstance(item, ast.Constant) and primitive(item.value)]
    if isinstance(node, ast.Name) and node.id in globals_:
        return global_values(module, node.id)
    return []


def mine(node, tree, module, params):
    """Constants the function cares about: ({param: values compared with it}, [other literals])."""
    targeted = {name: [] for name in params}
    general = []
    globals_ = module_names(tree)
    skip = set()
    first = node.body[0] if node.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        skip.add(id(first.value))
    body = [child for statement in node.body for child in ast.walk(statement)]
    for child in body:
        if isinstance(child, ast.JoinedStr):
            skip.update(id(part) for part in ast.walk(child))
    ordered = sorted((child for child in body if hasattr(child, "lineno")),
                     key=lambda child: (child.lineno, child.col_offset))
    for child in ordered:
        if isinstance(child, ast.Compare):
            operands = [child.left] + child.comparators
            for operand in operands:
                if isinstance(operand, ast.Name) and operand.id in targeted:
                    for other in operands:
                        if other is not operand:
                            targeted[operand.id].extend(operand_values(other, module, globals_))
        elif isinstance(child, ast.Subscript) and isinstance(child.value, ast.Name) and child.value.id in globals_:
            if isinstance(child.slice, ast.Name) and child.slice.id in targeted:
                targeted[child.slice.id].extend(global_values(module, child.value.id))
        elif (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr == "get"
              and isinstance(child.func.value, ast.Name) and child.func.value.id in globals_ and child.args
              and isinstance(child.args[0], ast.Name) and child.args[0].id in targeted):
            targeted[child.args[0].id].extend(global_values(module, child.func.value.id))
        elif isinstance(child, ast.Constant) and id(child) not in skip and primitive(child.value):
            general.append(child.value)
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id in globals_:
            general.extend(global_values(module, child.id))
    return targeted, general


def doctest_calls(doc, name):
    """Literal calls of the function in its docstring's examples, as (args, kwargs)."""
    calls = []
    for line in (doc or "").splitlines():
        text = line.strip()
        if not text.startswith(">>> "):
            continue
        try:
            call = ast.parse(text[4:], mode="eval").body
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name):
                continue
            if any(keyword.arg is None for keyword in call.keywords):
                continue
            args = [ast.literal_eval(arg) for arg in call.args]
            kwargs = {keyword.arg: ast.literal_eval(keyword.value) for keyword in call.keywords}
        except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
            continue
        calls.append((args, kwargs))
    return calls
`;
