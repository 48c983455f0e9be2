/**
 * Part of the characterization script (see characterize-script.ts): candidate inputs from type hints
 * (or parameter names and defaults), and Python source for values a test can write down, checked by
 * evaluating it back with only the imports it names.
 */
export const VALUES_PY = String.raw`INTS = [0, 1, -1, 42, 10 ** 6]
FLOATS = [0.0, 1.5, -1.0, 1e6]
STRS = ["", "a", "Hello, World", "h\u00e9llo \u2713"]
DECIMALS = [decimal.Decimal("0"), decimal.Decimal("1.50"), decimal.Decimal("-1"), decimal.Decimal("1000000")]
MIXED = [0, "", 1, "a", -1, "Hello, World"]
INT_NAMES = frozenset(("n", "i", "count", "index", "idx", "size", "amount", "cents", "qty", "quantity", "total", "num",
                       "number", "price", "age", "year", "limit", "offset", "width", "height", "length", "depth",
                       "level", "port", "seconds", "minutes", "hours", "days", "step", "start", "stop", "end"))
FLOAT_PREFIXES = ("weight", "ratio", "rate", "factor", "percent", "scale")
STR_NAMES = frozenset(("name", "text", "s", "label", "key", "code", "method", "slug", "path", "word", "title",
                       "message", "msg", "prefix", "suffix", "sep", "string", "url", "email", "line"))
LIST_NAMES = frozenset(("items", "values", "xs", "nums", "numbers", "elements", "seq"))
BOOL_PREFIXES = ("is_", "has_", "should_", "use_", "allow_", "enable")
BOOL_NAMES = frozenset(("flag", "verbose", "strict", "debug", "force", "dry_run", "enabled"))
UNION_TYPE = getattr(types, "UnionType", None)
EMPTY = inspect.Parameter.empty
ABC = collections.abc
LISTS = (list, ABC.Sequence, ABC.MutableSequence, ABC.Iterable, ABC.Collection, ABC.Iterator)
SETS = (set, frozenset, ABC.Set, ABC.MutableSet)
DICTS = (dict, ABC.Mapping, ABC.MutableMapping)


class Unsupported(Exception):
    pass


class UnionOf(ast.NodeTransformer):
    """Rewrites PEP 604 "a | b" as "__union[a, b]" so string annotations evaluate on Python 3.9."""

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if not isinstance(node.op, ast.BitOr):
            return node
        pair = ast.Tuple(elts=[node.left, node.right], ctx=ast.Load())
        return ast.Subscript(value=ast.Name(id="__union", ctx=ast.Load()), slice=pair, ctx=ast.Load())


def eval_hint(text, module):
    namespace = dict(vars(typing))
    namespace.update(vars(module))
    namespace["__union"] = typing.Union
    try:
        tree = ast.fix_missing_locations(UnionOf().visit(ast.parse(text, mode="eval")))
        return eval(compile(tree, "<annotation>", "eval"), namespace)
    except Exception:
        return EMPTY


def importable(cls):
    """True for a top-level class a test can import by name from its module."""
    name, module = getattr(cls, "__qualname__", ""), getattr(cls, "__module__", None)
    if not module or module == "__main__" or "." in name or "<" in name:
        return False
    return getattr(sys.modules.get(module), name, None) is cls


def describe(hint, module, depth=0):
    """A type annotation as a small descriptor tuple, or None when it says nothing usable."""
    if isinstance(hint, str):
        hint = eval_hint(hint, module)
    if hint is EMPTY or hint is typing.Any or hint is object:
        return None
    if hint is None or hint is type(None):
        return ("none",)
    if hint in (int, float, str, bool, bytes, decimal.Decimal):
        return (hint.__name__,)
    if getattr(hint, "__supertype__", None) is not None:
        return describe(hint.__supertype__, module, depth)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is getattr(typing, "Annotated", object()):
        return describe(args[0], module, depth)
    if origin is typing.Literal:
        return ("literal", list(args))
    if origin is typing.Union or (UNION_TYPE is not None and origin is UNION_TYPE):
        return ("union", [describe(arg, module, depth) for arg in args])
    base = origin or hint
    if base is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return ("seq", tuple, describe(args[0], module, depth))
        if args and args != ((),):
            return ("fixed", [describe(arg, module, depth) for arg in args])
        return ("seq", tuple, None)
    if base in LISTS:
        return ("seq", list, describe(args[0], module, depth) if args else None)
    if base in SETS:
        return ("set", frozenset if base is frozenset else set, describe(args[0], module, depth) if args else None)
    if base in DICTS:
        return ("dict",) + tuple(describe(arg, module, depth) for arg in args[:2]) if len(args) == 2 else ("dict", None, None)
    if isinstance(hint, type) and issubclass(hint, enum.Enum) and importable(hint):
        return ("enum", hint)
    is_record = dataclasses.is_dataclass(hint) or (isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"))
    if isinstance(hint, type) and is_record and importable(hint) and depth < 2:
        return ("record", hint)
    return ("unsupported", getattr(hint, "__name__", None) or repr(hint))


def guess(name, default, targeted):
    """A descriptor for an unannotated parameter: from its default, its name, or what it is compared with."""
    if default is not EMPTY and type(default) in (int, float, str, bool, bytes, list, tuple, dict):
        return (type(default).__name__,) if type(default) not in (list, tuple, dict) else (
            ("dict", None, None) if type(default) is dict else ("seq", type(default), None))
    lower = name.lower()
    if lower in BOOL_NAMES or lower.startswith(BOOL_PREFIXES):
        return ("bool",)
    if lower.startswith(FLOAT_PREFIXES):
        return ("float",)
    if lower in INT_NAMES or lower.endswith(("_id", "_count", "_index", "_size", "_num")):
        return ("int",)
    if lower in STR_NAMES or lower.endswith(("_name", "_key", "_code", "_path", "_text", "_label")):
        return ("str",)
    if lower in LIST_NAMES:
        return ("seq", list, ("int",))
    kinds = {type(value) for value in targeted}
    if kinds and kinds <= {int, float}:
        return ("float",) if float in kinds else ("int",)
    if kinds == {str}:
        return ("str",)
    return ("mixed",)


def interleave(pools):
    merged = []
    for index in range(max((len(pool) for pool in pools), default=0)):
        merged.extend(pool[index] for pool in pools if index < len(pool))
    return merged


def pool_for(desc, targeted, general, module, depth=0):
    """Candidate values for a descriptor: mined constants first, then the type's usual suspects."""
    mined = targeted + general
    kind = desc[0] if desc else "mixed"
    if kind == "int":
        return [value for value in mined if type(value) is int] + INTS
    if kind == "float":
        return [float(value) for value in mined if type(value) in (int, float)] + FLOATS
    if kind == "str":
        return [value for value in mined if type(value) is str] + STRS
    if kind == "Decimal":
        return [decimal.Decimal(str(value)) for value in mined if type(value) in (int, float)] + DECIMALS
    if kind == "bool":
        return [True, False]
    if kind == "bytes":
        return [b"", b"a", b"Hello, World"]
    if kind == "none":
        return [None]
    if kind == "literal":
        return list(desc[1])
    if kind == "enum":
        return list(desc[1])[:8]
    if kind == "union":
        pools = [pool_for(member, targeted, general, module, depth) for member in desc[1] if member != ("none",)]
        merged = interleave(pools)
        return merged[:1] + [None] + merged[1:] if ("none",) in desc[1] else merged
    if kind in ("seq", "set"):
        items = [item for item in pool_for(desc[2] or ("int",), [], general, module, depth + 1)]
        if kind == "set":
            items = [item for item in items if getattr(item, "__hash__", None) is not None]
        shapes = [items[:0], items[:1]] + ([items[:3]] if len(items) >= 3 else [])
        return [desc[1](shape) for shape in shapes]
    if kind == "fixed":
        pools = [pool_for(member, [], general, module, depth + 1) if member else [] for member in desc[1]]
        return [tuple(pool[0] for pool in pools)] if all(pools) else []
    if kind == "dict":
        keys = pool_for(desc[1] or ("str",), [], general, module, depth + 1)
        values = pool_for(desc[2] or ("int",), [], general, module, depth + 1)
        return [{}, {keys[0]: values[0]}] if keys and values and keys[0].__hash__ is not None else [{}]
    if kind == "record":
        return record_values(desc[1], module, depth)
    if kind == "unsupported":
        return []
    return [value for value in mined if type(value) in (int, float, str)] + MIXED


def record_values(cls, module, depth):
    """One instance of a dataclass or NamedTuple, built from its required fields' first candidates."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:
        hints = dict(getattr(cls, "__annotations__", {}))
    if dataclasses.is_dataclass(cls):
        fields = [(field.name, field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING)
                  for field in dataclasses.fields(cls) if field.init]
    else:
        defaults = getattr(cls, "_field_defaults", {})
        fields = [(name, name not in defaults) for name in cls._fields]
    kwargs = {}
    for name, required in fields:
        if required:
            desc = describe(hints.get(name, EMPTY), module, depth + 1) or guess(name, EMPTY, [])
            pool = pool_for(desc, [], [], module, depth + 1)
            if not pool:
                return []
            kwargs[name] = pool[0]
    try:
        return [cls(**kwargs)]
    except Exception:
        return []
MAX_SRC = 300
DATES = (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)
STDLIB = getattr(sys, "stdlib_module_names", None)


def str_src(text, prefix=""):
    """repr, in double quotes unless they need more escapes than single quotes (as black writes it)."""
    source = repr(text)[len(prefix):]
    if not source.startswith("'"):
        return prefix + source
    inner, out, kept, index = source[1:-1], [], 0, 0
    while index < len(inner):
        pair = inner[index:index + 2]
        if pair[0] == "\\":
            out.append("'" if pair == "\\'" else pair)
            kept += pair == "\\'"
            index += 2
        else:
            out.append('\\"' if pair[0] == '"' else pair[0])
            index += 1
    return prefix + ('"' + "".join(out) + '"' if inner.count('"') <= kept else source)


def is_stdlib(module):
    top = module.split(".")[0]
    if STDLIB is not None:
        return top in STDLIB
    path = getattr(sys.modules.get(top), "__file__", None)
    if path is None:
        return True
    stdlib = os.path.normcase(os.path.realpath(sysconfig.get_paths()["stdlib"]))
    path = os.path.normcase(os.path.realpath(path))
    return path.startswith(stdlib) and "site-packages" not in path and "dist-packages" not in path


def class_src(cls, imports):
    if not importable(cls):
        raise Unsupported()
    imports.add((cls.__module__, cls.__name__))
    return cls.__name__


def to_src(value, imports, depth=0):
    """Python source that rebuilds a value, adding the (module, name) pairs it needs to imports."""
    kind = type(value)
    if depth > 20:
        raise Unsupported()
    if value is None or kind in (bool, int):
        return repr(value)
    if kind is float:
        if math.isnan(value) or math.isinf(value):
            raise Unsupported()
        return repr(value)
    if kind is str:
        return str_src(value)
    if kind is bytes:
        return str_src(value, "b")
    items = lambda values: [to_src(item, imports, depth + 1) for item in values]
    if kind is list:
        return "[" + ", ".join(items(value)) + "]"
    if kind is tuple:
        return "(" + items(value)[0] + ",)" if len(value) == 1 else "(" + ", ".join(items(value)) + ")"
    if kind is dict:
        pairs = zip(items(value.keys()), items(value.values()))
        return "{" + ", ".join(key + ": " + item for key, item in pairs) + "}"
    if kind in (set, frozenset):
        inner = "{" + ", ".join(sorted(items(value))) + "}" if value else ""
        return (inner if kind is set else "frozenset(" + inner + ")") if value else kind.__name__ + "()"
    if isinstance(value, enum.Enum):
        if getattr(kind, value.name, None) is not value:
            raise Unsupported()
        return class_src(kind, imports) + "." + value.name
    if dataclasses.is_dataclass(value):
        fields = [field.name for field in dataclasses.fields(value) if field.init]
        args = [name + "=" + to_src(getattr(value, name), imports, depth + 1) for name in fields]
        return class_src(kind, imports) + "(" + ", ".join(args) + ")"
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        args = [name + "=" + to_src(getattr(value, name), imports, depth + 1) for name in kind._fields]
        return class_src(kind, imports) + "(" + ", ".join(args) + ")"
    if kind is decimal.Decimal:
        imports.add(("decimal", "Decimal"))
        return "Decimal(" + str_src(str(value)) + ")"
    if kind is fractions.Fraction:
        imports.add(("fractions", "Fraction"))
        return "Fraction(" + str(value.numerator) + ", " + str(value.denominator) + ")"
    if kind in DATES and getattr(value, "tzinfo", None) is None:
        imports.add(("datetime", kind.__name__))
        return repr(value)[len("datetime."):]
    raise Unsupported()


def rebuilds(source, value, imports):
    """True when evaluating the source (with its imports only) gives an equal value of the same type."""
    namespace = {"__builtins__": {"set": set, "frozenset": frozenset}}
    try:
        for module, name in imports:
            namespace[name] = getattr(importlib.import_module(module), name)
        rebuilt = eval(source, namespace)
        return type(rebuilt) is type(value) and bool(rebuilt == value)
    except Exception:
        return False


def render_value(value, imports):
    """(source, imports) for a value a test can write down, or None."""
    needed = set()
    try:
        source = to_src(value, needed)
    except (Unsupported, RecursionError):
        return None
    if len(source) > MAX_SRC or not rebuilds(source, value, needed):
        return None
    imports.update(needed)
    return source
`;
