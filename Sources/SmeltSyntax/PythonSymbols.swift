/// Node kinds and fields of the Python grammar, looked up once by name.
///
/// Rules compare `node.symbol == Py.call` (a number) instead of comparing strings.
public enum Py {
    private static let lang = Language.python
    private static func s(_ name: String) -> Symbol { lang.symbol(name) }

    public static let module = s("module")
    public static let comment = s("comment")
    public static let error = Symbol(rawValue: UInt16.max)
    public static let block = s("block")

    // statements
    public static let expressionStatement = s("expression_statement")
    public static let assignment = s("assignment")
    public static let augmentedAssignment = s("augmented_assignment")
    public static let functionDefinition = s("function_definition")
    public static let classDefinition = s("class_definition")
    public static let decoratedDefinition = s("decorated_definition")
    public static let decorator = s("decorator")
    public static let importStatement = s("import_statement")
    public static let importFromStatement = s("import_from_statement")
    public static let futureImportStatement = s("future_import_statement")
    public static let aliasedImport = s("aliased_import")
    public static let dottedName = s("dotted_name")
    public static let relativeImport = s("relative_import")
    public static let importPrefix = s("import_prefix")
    public static let wildcardImport = s("wildcard_import")
    public static let ifStatement = s("if_statement")
    public static let elifClause = s("elif_clause")
    public static let elseClause = s("else_clause")
    public static let forStatement = s("for_statement")
    public static let whileStatement = s("while_statement")
    public static let tryStatement = s("try_statement")
    public static let exceptClause = s("except_clause")
    public static let exceptGroupClause = s("except_group_clause")
    public static let finallyClause = s("finally_clause")
    public static let withStatement = s("with_statement")
    public static let withClause = s("with_clause")
    public static let withItem = s("with_item")
    public static let matchStatement = s("match_statement")
    public static let caseClause = s("case_clause")
    public static let returnStatement = s("return_statement")
    public static let raiseStatement = s("raise_statement")
    public static let passStatement = s("pass_statement")
    public static let breakStatement = s("break_statement")
    public static let continueStatement = s("continue_statement")
    public static let deleteStatement = s("delete_statement")
    public static let globalStatement = s("global_statement")
    public static let nonlocalStatement = s("nonlocal_statement")
    public static let assertStatement = s("assert_statement")
    public static let printStatement = s("print_statement")
    public static let execStatement = s("exec_statement")
    public static let typeAliasStatement = s("type_alias_statement")

    // parameters
    public static let parameters = s("parameters")
    public static let lambdaParameters = s("lambda_parameters")
    public static let typedParameter = s("typed_parameter")
    public static let defaultParameter = s("default_parameter")
    public static let typedDefaultParameter = s("typed_default_parameter")
    public static let listSplatPattern = s("list_splat_pattern")
    public static let dictionarySplatPattern = s("dictionary_splat_pattern")
    public static let keywordSeparator = s("keyword_separator")
    public static let positionalSeparator = s("positional_separator")

    // expressions
    public static let identifier = s("identifier")
    public static let call = s("call")
    public static let argumentList = s("argument_list")
    public static let keywordArgument = s("keyword_argument")
    public static let attribute = s("attribute")
    public static let `subscript` = s("subscript")
    public static let slice = s("slice")
    public static let integer = s("integer")
    public static let float = s("float")
    public static let string = s("string")
    public static let concatenatedString = s("concatenated_string")
    public static let `true` = s("true")
    public static let `false` = s("false")
    public static let none = s("none")
    public static let unaryOperator = s("unary_operator")
    public static let binaryOperator = s("binary_operator")
    public static let comparisonOperator = s("comparison_operator")
    public static let booleanOperator = s("boolean_operator")
    public static let notOperator = s("not_operator")
    public static let conditionalExpression = s("conditional_expression")
    public static let lambda = s("lambda")
    public static let namedExpression = s("named_expression")
    public static let parenthesizedExpression = s("parenthesized_expression")
    public static let tuple = s("tuple")
    public static let list = s("list")
    public static let set = s("set")
    public static let dictionary = s("dictionary")
    public static let pair = s("pair")
    public static let listComprehension = s("list_comprehension")
    public static let setComprehension = s("set_comprehension")
    public static let dictionaryComprehension = s("dictionary_comprehension")
    public static let generatorExpression = s("generator_expression")
    public static let forInClause = s("for_in_clause")
    public static let ifClause = s("if_clause")
    public static let patternList = s("pattern_list")
    public static let tuplePattern = s("tuple_pattern")
    public static let listPattern = s("list_pattern")
    public static let asPattern = s("as_pattern")
    public static let asPatternTarget = s("as_pattern_target")
    public static let listSplat = s("list_splat")
    public static let dictionarySplat = s("dictionary_splat")
    public static let await = s("await")
    public static let ellipsis = s("ellipsis")
    public static let type = s("type")
    public static let keywordIdentifier = s("keyword_identifier")
}

/// A set of node kinds with constant-time membership (a table indexed by symbol id).
public struct SymbolSet: Sendable {
    private let table: [Bool]

    public init(_ symbols: [Symbol]) {
        var table = Array(repeating: false, count: Int(symbols.map(\.rawValue).max() ?? 0) + 1)
        for s in symbols { table[Int(s.rawValue)] = true }
        self.table = table
    }

    @inline(__always) public func contains(_ symbol: Symbol) -> Bool {
        let i = Int(symbol.rawValue)
        return i < table.count && table[i]
    }
}

extension Py {
    private static let simpleStatementKinds = [
        expressionStatement, returnStatement, importStatement, importFromStatement, raiseStatement, passStatement,
        assertStatement, deleteStatement, globalStatement, nonlocalStatement, breakStatement, continueStatement,
        printStatement, execStatement, futureImportStatement, typeAliasStatement,
    ]
    private static let compoundStatementKinds = [
        ifStatement, forStatement, whileStatement, tryStatement, withStatement, matchStatement,
        functionDefinition, classDefinition, decoratedDefinition,
    ]
    /// Statements that hold no block.
    public static let simpleStatements = SymbolSet(simpleStatementKinds)
    /// Every statement, simple or compound.
    public static let statements = SymbolSet(simpleStatementKinds + compoundStatementKinds)
    /// Clauses of compound statements.
    public static let clauses = SymbolSet([elifClause, elseClause, exceptClause, exceptGroupClause, finallyClause, caseClause])
}

/// Field ids of the Python grammar.
public enum PyField {
    private static func f(_ name: String) -> Field { Language.python.field(name) }
    public static let name = f("name")
    public static let parameters = f("parameters")
    public static let body = f("body")
    public static let left = f("left")
    public static let right = f("right")
    public static let value = f("value")
    public static let function = f("function")
    public static let arguments = f("arguments")
    public static let object = f("object")
    public static let attribute = f("attribute")
    public static let `subscript` = f("subscript")
    public static let moduleName = f("module_name")
    public static let alias = f("alias")
    public static let argument = f("argument")
    public static let type = f("type")
    public static let returnType = f("return_type")
    public static let `operator` = f("operator")
    public static let condition = f("condition")
    public static let consequence = f("consequence")
    public static let alternative = f("alternative")
    public static let definition = f("definition")
    public static let superclasses = f("superclasses")
    public static let key = f("key")
}
