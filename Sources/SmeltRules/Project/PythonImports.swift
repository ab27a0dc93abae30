/// A light scan of the modules Python source imports, for project rules (which see file
/// text, not trees), and what is known about module and distribution names.
enum PythonImports {
    /// One imported module: its dotted name (absolute imports only) and whether the import
    /// is guarded (inside a `try` whose handlers catch `ImportError`: optional).
    struct Import: Equatable {
        let module: String
        let optional: Bool
    }

    /// The absolute imports of a module's text: `import a.b as c, d` and `from a.b import c`
    /// statements, at any indentation. Strings, comments and bracketed continuation lines
    /// are skipped, so an `import` inside a docstring is not one.
    static func scan(_ text: String) -> [Import] {
        var out: [Import] = []
        // Open `try` statements: their indentation, the imports in them, whether a handler
        // catches import errors, and whether the handlers have started.
        var tries: [(indent: Int, imports: [String], guarded: Bool, inHandlers: Bool)] = []
        func close(_ entry: (indent: Int, imports: [String], guarded: Bool, inHandlers: Bool)) {
            if entry.guarded {
                out += entry.imports.map { Import(module: $0, optional: true) }
            } else if !tries.isEmpty {
                tries[tries.count - 1].imports += entry.imports
            } else {
                out += entry.imports.map { Import(module: $0, optional: false) }
            }
        }
        // The indentation of an open `if TYPE_CHECKING:`: imports under it are for type
        // checkers only.
        var typeChecking: Int?
        for line in logicalLines(text) {
            let statement = line.text
            while let top = tries.last, line.indent <= top.indent {
                if line.indent == top.indent, let clause = handlerClause(statement) {
                    tries[tries.count - 1].inHandlers = true
                    if clause { tries[tries.count - 1].guarded = true }
                    break
                }
                close(tries.removeLast())
            }
            if let indent = typeChecking {
                if line.indent > indent { continue }
                typeChecking = nil
            }
            if statement.hasPrefix("if "), statement.hasSuffix(":"), statement.contains("TYPE_CHECKING") {
                typeChecking = line.indent
                continue
            }
            if statement.hasPrefix("try") && statement.dropFirst(3).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
                tries.append((line.indent, [], false, false))
                continue
            }
            for part in statement.split(separator: ";") {
                let modules = imported(part.drop { $0 == " " || $0 == "\t" })
                if tries.isEmpty {
                    out += modules.map { Import(module: $0, optional: false) }
                } else {
                    tries[tries.count - 1].imports += modules
                }
            }
        }
        while let top = tries.popLast() { close(top) }
        return out
    }

    /// nil when `statement` is not an `except`/`else`/`finally` clause; else whether it is an
    /// `except` that catches import errors (`ImportError`, `ModuleNotFoundError`, a bare
    /// `except:`, `Exception`).
    private static func handlerClause(_ statement: Substring) -> Bool? {
        func keyword(_ word: String) -> Bool {
            guard statement.hasPrefix(word) else { return false }
            let rest = statement.dropFirst(word.count)
            return rest.first.map { $0 == ":" || $0 == " " || $0 == "\t" || $0 == "(" || $0 == "*" } ?? false
        }
        if keyword("else") || keyword("finally") { return false }
        guard keyword("except") else { return nil }
        let rest = statement.dropFirst(6).drop { $0 == " " || $0 == "\t" || $0 == "*" }
        if rest.hasPrefix(":") { return true }
        return rest.contains("ImportError") || rest.contains("ModuleNotFoundError") || rest.contains("Exception")
    }

    /// The modules an `import`/`from … import` statement imports (empty for anything else
    /// and for relative imports).
    static func imported(_ statement: Substring) -> [String] {
        if let rest = afterKeyword("import", statement) {
            var modules: [String] = []
            for item in rest.split(separator: ",") {
                let words = item.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let name = words.first, isDottedName(name),
                      words.count == 1 || (words.count == 3 && words[1] == "as" && isDottedName(words[2])) else { return [] }
                modules.append(String(name))
            }
            return modules
        }
        if let rest = afterKeyword("from", statement) {
            let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 3, words[1] == "import", isDottedName(words[0]) else { return [] }
            return [String(words[0])]
        }
        return []
    }

    private static func afterKeyword(_ keyword: String, _ statement: Substring) -> Substring? {
        guard statement.hasPrefix(keyword) else { return nil }
        let rest = statement.dropFirst(keyword.count)
        guard let next = rest.first, next == " " || next == "\t" else { return nil }
        return rest.drop { $0 == " " || $0 == "\t" }
    }

    /// `a`, `a.b`: identifiers joined by dots (a leading dot, a relative import, is not).
    private static func isDottedName(_ s: Substring) -> Bool {
        guard let first = s.first, first != ".", s.last != "." else { return false }
        var previousDot = false
        for (i, c) in s.enumerated() {
            if c == "." {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            let ok = c == "_" || c.isLetter || (c.isNumber && i > 0)
            if !ok { return false }
        }
        return !first.isNumber
    }

    /// Logical lines of Python text: indentation and text, with strings replaced by `""`,
    /// comments dropped, and bracketed or backslash-continued lines joined.
    static func logicalLines(_ text: String) -> [(indent: Int, text: Substring)] {
        let bytes = Array(text.utf8)
        var lines: [(indent: Int, text: Substring)] = []
        var current: [UInt8] = []
        var indent = 0
        var atLineStart = true
        var depth = 0
        var i = 0
        let n = bytes.count
        func endLine() {
            var end = current.count
            while end > 0, current[end - 1] == 0x20 || current[end - 1] == 0x09 || current[end - 1] == 0x0D { end -= 1 }
            if end > 0 { lines.append((indent, Substring(String(decoding: current[..<end], as: UTF8.self)))) }
            current.removeAll(keepingCapacity: true)
            atLineStart = true
            depth = 0
        }
        while i < n {
            if atLineStart {
                indent = 0
                while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0C {
                    indent = bytes[i] == 0x09 ? (indent / 8 + 1) * 8 : indent + 1
                    i += 1
                }
                atLineStart = false
                continue
            }
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "#"):
                while i < n, bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let triple = i + 2 < n && bytes[i + 1] == c && bytes[i + 2] == c
                i += triple ? 3 : 1
                while i < n {
                    if bytes[i] == 0x5C { i += 2; continue }
                    if !triple, bytes[i] == 0x0A { break }
                    if bytes[i] == c, !triple || (i + 2 < n && bytes[i + 1] == c && bytes[i + 2] == c) {
                        i += triple ? 3 : 1
                        break
                    }
                    i += 1
                }
                current += [0x22, 0x22]
            case 0x5C where i + 1 < n && (bytes[i + 1] == 0x0A || bytes[i + 1] == 0x0D):
                i += bytes[i + 1] == 0x0D && i + 2 < n && bytes[i + 2] == 0x0A ? 3 : 2
                current.append(0x20)
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                current.append(c)
                i += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
                current.append(c)
                i += 1
            case 0x0A:
                i += 1
                if depth > 0 { current.append(0x20) } else { endLine() }
            default:
                current.append(c)
                i += 1
            }
        }
        endLine()
        return lines
    }

    // MARK: names

    /// PEP 503 normalised: lower case, runs of `-`, `_` and `.` as one `-`.
    static func normalise<S: StringProtocol>(_ name: S) -> String {
        var out = ""
        var pendingDash = false
        for c in name.lowercased() {
            if c == "-" || c == "_" || c == "." {
                pendingDash = !out.isEmpty
            } else {
                if pendingDash { out.append("-") }
                pendingDash = false
                out.append(c)
            }
        }
        return out
    }

    /// Whether a top-level module belongs to the standard library of Python 3.9 to 3.13
    /// (modules removed in that span included).
    static func isStandardLibrary(_ top: String) -> Bool {
        top.hasPrefix("_") || standardLibrary.contains(top) || python2Library.contains(top)
    }

    static let standardLibrary: Set<String> = Set("""
        abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii binhex \
        bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys \
        compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses \
        datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl \
        filecmp fileinput fnmatch formatter fractions ftplib functools gc genericpath getopt getpass gettext glob \
        graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress \
        itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap \
        modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator \
        optparse os ossaudiodev parser pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix \
        posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re \
        readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site \
        smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat \
        statistics string stringprep struct subprocess sunau symbol symtable sys sysconfig syslog tabnanny tarfile \
        telnetlib tempfile termios test textwrap this threading time timeit tkinter token tokenize tomllib trace \
        traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings \
        wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
        """.split(separator: " ").map(String.init))

    /// Python 2 standard library modules renamed or removed in Python 3, which compatibility
    /// code still imports (under a version check): not packages to declare.
    static let python2Library: Set<String> = Set("""
        BaseHTTPServer CGIHTTPServer ConfigParser Cookie HTMLParser Queue ScrolledText SimpleHTTPServer \
        SimpleXMLRPCServer SocketServer StringIO Tix Tkinter UserDict UserList UserString __builtin__ anydbm \
        cPickle cStringIO commands cookielib copy_reg dbhash dummy_thread exceptions htmlentitydefs httplib \
        imputil md5 mimetools new popen2 repr rfc822 robotparser sets sha thread tkFileDialog tkMessageBox \
        tkSimpleDialog ttk urllib2 urlparse whichdb xmlrpclib
        """.split(separator: " ").map { String($0.filter { !$0.isWhitespace }) })

    /// Modules of other Python implementations and platforms (Jython's `java` and
    /// `org.python`, IronPython's `clr`, Pyodide's `js`).
    static let platformModules: Set<String> = ["java", "javax", "org", "clr", "js", "pyodide", "pyodide_js"]

    /// Modules that come with the tools that install or run the code, never declared:
    /// packaging tools, and what Colab and Kaggle kernels provide.
    static let providedByTools: Set<String> = ["setuptools", "pkg_resources", "pip", "wheel", "kaggle_secrets",
                                               "kaggle_datasets", "sitecustomize", "usercustomize"]

    /// Distributions that provide an import whose name differs from it (PEP 503 normalised),
    /// conda names included, the PyPI name first. The import name itself always counts too.
    static let distributions: [String: [String]] = [
        "sklearn": ["scikit-learn"], "skimage": ["scikit-image"], "skopt": ["scikit-optimize"],
        "cv2": ["opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless",
                "opencv", "py-opencv", "libopencv"],
        "PIL": ["pillow", "pil"], "yaml": ["pyyaml"], "ruamel": ["ruamel-yaml"], "bs4": ["beautifulsoup4"],
        "torch": ["torch", "pytorch", "pytorch-cpu", "pytorch-gpu"], "torchvision": ["torchvision", "pytorch"],
        "torchaudio": ["torchaudio", "pytorch"],
        "tensorflow": ["tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tensorflow-macos", "tf-nightly", "tensorflow-intel"],
        "keras": ["keras", "tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tensorflow-macos", "tf-nightly", "tf-keras"],
        "tf_keras": ["tf-keras", "tensorflow"],
        "dotenv": ["python-dotenv"], "attr": ["attrs"], "dateutil": ["python-dateutil"],
        "Crypto": ["pycryptodome", "pycrypto"], "Cryptodome": ["pycryptodomex"], "OpenSSL": ["pyopenssl"],
        "jwt": ["pyjwt"], "serial": ["pyserial"], "usb": ["pyusb"], "magic": ["python-magic"],
        "docx": ["python-docx"], "pptx": ["python-pptx"], "fitz": ["pymupdf"], "git": ["gitpython"],
        "MySQLdb": ["mysqlclient"], "psycopg2": ["psycopg2", "psycopg2-binary"], "psycopg": ["psycopg", "psycopg-binary"],
        "zmq": ["pyzmq"], "wx": ["wxpython"], "gi": ["pygobject"], "cairo": ["pycairo"], "Bio": ["biopython"],
        "igraph": ["python-igraph"], "community": ["python-louvain"], "umap": ["umap-learn"],
        "hydra": ["hydra-core"], "absl": ["absl-py"], "mpl_toolkits": ["matplotlib"],
        "pylab": ["matplotlib"], "matplotlib": ["matplotlib", "matplotlib-base"],
        "xgboost": ["xgboost", "py-xgboost", "py-xgboost-gpu"],
        "IPython": ["ipython", "ipykernel", "jupyter", "notebook", "jupyterlab"], "ipywidgets": ["ipywidgets", "jupyter"],
        "botocore": ["botocore", "boto3"], "bson": ["pymongo"], "gridfs": ["pymongo"],
        "Levenshtein": ["python-levenshtein"], "slugify": ["python-slugify"], "multipart": ["python-multipart"],
        "jose": ["python-jose"], "telegram": ["python-telegram-bot"], "discord": ["discord-py"],
        "faiss": ["faiss-cpu", "faiss-gpu"], "lightning": ["lightning", "pytorch-lightning"], "pytorch_lightning": ["pytorch-lightning", "lightning"],
        "win32api": ["pywin32"], "win32con": ["pywin32"], "pythoncom": ["pywin32"], "pywintypes": ["pywin32"],
        "Xlib": ["python-xlib"], "ldap": ["python-ldap"], "nacl": ["pynacl"],
        "googleapiclient": ["google-api-python-client"],
        "sentence_transformers": ["sentence-transformers"], "tflite_runtime": ["tflite-runtime", "tensorflow"],
        "jax": ["jax", "jaxlib"], "osgeo": ["gdal"],
        "pkg_resources": ["setuptools"], "kafka": ["kafka-python"], "dns": ["dnspython"], "markdown": ["markdown"],
        "docopt": ["docopt", "docopt-ng"],
        "imblearn": ["imbalanced-learn"], "railroad": ["railroad-diagrams"], "dask": ["dask", "dask-core"], "google.protobuf": ["protobuf"],
    ]

    /// Namespace packages: `google.cloud.storage` is `google-cloud-storage`; any declared
    /// distribution under the prefix is taken to provide the import.
    static let namespaces: Set<String> = ["google", "azure", "backports", "jaraco", "zope", "sphinxcontrib", "mpl_toolkits"]

    /// The distributions that may provide a module (dotted name), most likely first.
    static func candidateDistributions(_ module: String) -> [String] {
        let parts = module.split(separator: ".", maxSplits: 2)
        let top = String(parts[0])
        let n = normalise(top)
        var out: [String] = []
        if parts.count > 1, let known = distributions[top + "." + parts[1]] { out += known }
        out += distributions[top] ?? []
        out += [n, "python-" + n, "py" + n, "py-" + n, n + "-python", n + "-py", n + "-binary"]
        if parts.count > 1, namespaces.contains(top) { out.insert(normalise(top + "-" + parts[1]), at: 0) }
        return out
    }

    /// Whether a declared distribution provides a module.
    static func isDeclared(_ module: String, in declared: Set<String>) -> Bool {
        if candidateDistributions(module).contains(where: declared.contains) { return true }
        // Namespace packages: any distribution under the prefix may provide the import.
        let top = String(module.prefix { $0 != "." })
        if namespaces.contains(top) {
            let prefix = normalise(top) + "-"
            return declared.contains { $0.hasPrefix(prefix) }
        }
        return false
    }
}
