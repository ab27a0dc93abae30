/// Python's builtin names (3.12), so `print` resolves to the builtin unless rebound.
public enum Builtins {
    public static let names: Set<String> = [
        "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable",
        "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec",
        "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input",
        "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max", "memoryview", "min", "next",
        "object", "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed", "round", "set",
        "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
        "__import__", "__name__", "__file__", "__doc__", "__builtins__", "__spec__", "__loader__", "__package__",
        "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError",
        "NotImplementedError", "NotImplemented", "Ellipsis", "True", "False", "None",
        // IPython's display helpers, present in every notebook kernel.
        "display", "get_ipython",
    ]
}
