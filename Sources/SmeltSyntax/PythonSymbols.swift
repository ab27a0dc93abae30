/// Node kinds and fields of the Python grammar as numbers.
///
/// Rules compare `node.symbol == Py.call` (a number) instead of comparing strings. The
/// numbers belong to the pinned grammar (Grammars/grammars.lock) and are constants so the
/// compiler folds them into every comparison; `PythonSymbolsTests` checks each one against
/// the grammar's own name lookup, so a new grammar version cannot shift them silently.
public enum Py {

    @inlinable public static var module: Symbol { Symbol(rawValue: 108) }  // "module"
    @inlinable public static var comment: Symbol { Symbol(rawValue: 99) }  // "comment"
    @inlinable public static var error: Symbol { Symbol(rawValue: UInt16.max) }
    @inlinable public static var block: Symbol { Symbol(rawValue: 161) }  // "block"

    // statements
    @inlinable public static var expressionStatement: Symbol { Symbol(rawValue: 122) }  // "expression_statement"
    @inlinable public static var assignment: Symbol { Symbol(rawValue: 199) }  // "assignment"
    @inlinable public static var augmentedAssignment: Symbol { Symbol(rawValue: 200) }  // "augmented_assignment"
    @inlinable public static var functionDefinition: Symbol { Symbol(rawValue: 146) }  // "function_definition"
    @inlinable public static var classDefinition: Symbol { Symbol(rawValue: 155) }  // "class_definition"
    @inlinable public static var decoratedDefinition: Symbol { Symbol(rawValue: 159) }  // "decorated_definition"
    @inlinable public static var decorator: Symbol { Symbol(rawValue: 160) }  // "decorator"
    @inlinable public static var importStatement: Symbol { Symbol(rawValue: 111) }  // "import_statement"
    @inlinable public static var importFromStatement: Symbol { Symbol(rawValue: 115) }  // "import_from_statement"
    @inlinable public static var futureImportStatement: Symbol { Symbol(rawValue: 114) }  // "future_import_statement"
    @inlinable public static var aliasedImport: Symbol { Symbol(rawValue: 117) }  // "aliased_import"
    @inlinable public static var dottedName: Symbol { Symbol(rawValue: 163) }  // "dotted_name"
    @inlinable public static var relativeImport: Symbol { Symbol(rawValue: 113) }  // "relative_import"
    @inlinable public static var importPrefix: Symbol { Symbol(rawValue: 112) }  // "import_prefix"
    @inlinable public static var wildcardImport: Symbol { Symbol(rawValue: 118) }  // "wildcard_import"
    @inlinable public static var ifStatement: Symbol { Symbol(rawValue: 131) }  // "if_statement"
    @inlinable public static var elifClause: Symbol { Symbol(rawValue: 132) }  // "elif_clause"
    @inlinable public static var elseClause: Symbol { Symbol(rawValue: 133) }  // "else_clause"
    @inlinable public static var forStatement: Symbol { Symbol(rawValue: 137) }  // "for_statement"
    @inlinable public static var whileStatement: Symbol { Symbol(rawValue: 138) }  // "while_statement"
    @inlinable public static var tryStatement: Symbol { Symbol(rawValue: 139) }  // "try_statement"
    @inlinable public static var exceptClause: Symbol { Symbol(rawValue: 140) }  // "except_clause"
    @inlinable public static var exceptGroupClause: Symbol { Symbol(rawValue: 141) }  // "except_group_clause"
    @inlinable public static var finallyClause: Symbol { Symbol(rawValue: 142) }  // "finally_clause"
    @inlinable public static var withStatement: Symbol { Symbol(rawValue: 143) }  // "with_statement"
    @inlinable public static var withClause: Symbol { Symbol(rawValue: 144) }  // "with_clause"
    @inlinable public static var withItem: Symbol { Symbol(rawValue: 145) }  // "with_item"
    @inlinable public static var matchStatement: Symbol { Symbol(rawValue: 134) }  // "match_statement"
    @inlinable public static var caseClause: Symbol { Symbol(rawValue: 136) }  // "case_clause"
    @inlinable public static var returnStatement: Symbol { Symbol(rawValue: 125) }  // "return_statement"
    @inlinable public static var raiseStatement: Symbol { Symbol(rawValue: 127) }  // "raise_statement"
    @inlinable public static var passStatement: Symbol { Symbol(rawValue: 128) }  // "pass_statement"
    @inlinable public static var breakStatement: Symbol { Symbol(rawValue: 129) }  // "break_statement"
    @inlinable public static var continueStatement: Symbol { Symbol(rawValue: 130) }  // "continue_statement"
    @inlinable public static var deleteStatement: Symbol { Symbol(rawValue: 126) }  // "delete_statement"
    @inlinable public static var globalStatement: Symbol { Symbol(rawValue: 151) }  // "global_statement"
    @inlinable public static var nonlocalStatement: Symbol { Symbol(rawValue: 152) }  // "nonlocal_statement"
    @inlinable public static var assertStatement: Symbol { Symbol(rawValue: 121) }  // "assert_statement"
    @inlinable public static var printStatement: Symbol { Symbol(rawValue: 119) }  // "print_statement"
    @inlinable public static var execStatement: Symbol { Symbol(rawValue: 153) }  // "exec_statement"
    @inlinable public static var typeAliasStatement: Symbol { Symbol(rawValue: 154) }  // "type_alias_statement"

    // parameters
    @inlinable public static var parameters: Symbol { Symbol(rawValue: 147) }  // "parameters"
    @inlinable public static var lambdaParameters: Symbol { Symbol(rawValue: 148) }  // "lambda_parameters"
    @inlinable public static var typedParameter: Symbol { Symbol(rawValue: 208) }  // "typed_parameter"
    @inlinable public static var defaultParameter: Symbol { Symbol(rawValue: 182) }  // "default_parameter"
    @inlinable public static var typedDefaultParameter: Symbol { Symbol(rawValue: 183) }  // "typed_default_parameter"
    @inlinable public static var listSplatPattern: Symbol { Symbol(rawValue: 184) }  // "list_splat_pattern"
    @inlinable public static var dictionarySplatPattern: Symbol { Symbol(rawValue: 185) }  // "dictionary_splat_pattern"
    @inlinable public static var keywordSeparator: Symbol { Symbol(rawValue: 240) }  // "keyword_separator"
    @inlinable public static var positionalSeparator: Symbol { Symbol(rawValue: 239) }  // "positional_separator"

    // expressions
    @inlinable public static var identifier: Symbol { Symbol(rawValue: 1) }  // "identifier"
    @inlinable public static var call: Symbol { Symbol(rawValue: 207) }  // "call"
    @inlinable public static var argumentList: Symbol { Symbol(rawValue: 158) }  // "argument_list"
    @inlinable public static var keywordArgument: Symbol { Symbol(rawValue: 215) }  // "keyword_argument"
    @inlinable public static var attribute: Symbol { Symbol(rawValue: 204) }  // "attribute"
    @inlinable public static var `subscript`: Symbol { Symbol(rawValue: 205) }  // "subscript"
    @inlinable public static var slice: Symbol { Symbol(rawValue: 206) }  // "slice"
    @inlinable public static var integer: Symbol { Symbol(rawValue: 93) }  // "integer"
    @inlinable public static var float: Symbol { Symbol(rawValue: 94) }  // "float"
    @inlinable public static var string: Symbol { Symbol(rawValue: 232) }  // "string"
    @inlinable public static var concatenatedString: Symbol { Symbol(rawValue: 231) }  // "concatenated_string"
    @inlinable public static var `true`: Symbol { Symbol(rawValue: 96) }  // "true"
    @inlinable public static var `false`: Symbol { Symbol(rawValue: 97) }  // "false"
    @inlinable public static var none: Symbol { Symbol(rawValue: 98) }  // "none"
    @inlinable public static var unaryOperator: Symbol { Symbol(rawValue: 193) }  // "unary_operator"
    @inlinable public static var binaryOperator: Symbol { Symbol(rawValue: 192) }  // "binary_operator"
    @inlinable public static var comparisonOperator: Symbol { Symbol(rawValue: 196) }  // "comparison_operator"
    @inlinable public static var booleanOperator: Symbol { Symbol(rawValue: 191) }  // "boolean_operator"
    @inlinable public static var notOperator: Symbol { Symbol(rawValue: 190) }  // "not_operator"
    @inlinable public static var conditionalExpression: Symbol { Symbol(rawValue: 230) }  // "conditional_expression"
    @inlinable public static var lambda: Symbol { Symbol(rawValue: 197) }  // "lambda"
    @inlinable public static var namedExpression: Symbol { Symbol(rawValue: 123) }  // "named_expression"
    @inlinable public static var parenthesizedExpression: Symbol { Symbol(rawValue: 226) }  // "parenthesized_expression"
    @inlinable public static var tuple: Symbol { Symbol(rawValue: 218) }  // "tuple"
    @inlinable public static var list: Symbol { Symbol(rawValue: 216) }  // "list"
    @inlinable public static var set: Symbol { Symbol(rawValue: 217) }  // "set"
    @inlinable public static var dictionary: Symbol { Symbol(rawValue: 219) }  // "dictionary"
    @inlinable public static var pair: Symbol { Symbol(rawValue: 220) }  // "pair"
    @inlinable public static var listComprehension: Symbol { Symbol(rawValue: 221) }  // "list_comprehension"
    @inlinable public static var setComprehension: Symbol { Symbol(rawValue: 223) }  // "set_comprehension"
    @inlinable public static var dictionaryComprehension: Symbol { Symbol(rawValue: 222) }  // "dictionary_comprehension"
    @inlinable public static var generatorExpression: Symbol { Symbol(rawValue: 224) }  // "generator_expression"
    @inlinable public static var forInClause: Symbol { Symbol(rawValue: 228) }  // "for_in_clause"
    @inlinable public static var ifClause: Symbol { Symbol(rawValue: 229) }  // "if_clause"
    @inlinable public static var patternList: Symbol { Symbol(rawValue: 201) }  // "pattern_list"
    @inlinable public static var tuplePattern: Symbol { Symbol(rawValue: 180) }  // "tuple_pattern"
    @inlinable public static var listPattern: Symbol { Symbol(rawValue: 181) }  // "list_pattern"
    @inlinable public static var asPattern: Symbol { Symbol(rawValue: 186) }  // "as_pattern"
    @inlinable public static var asPatternTarget: Symbol { Symbol(rawValue: 273) }  // "as_pattern_target"
    @inlinable public static var listSplat: Symbol { Symbol(rawValue: 149) }  // "list_splat"
    @inlinable public static var dictionarySplat: Symbol { Symbol(rawValue: 150) }  // "dictionary_splat"
    @inlinable public static var await: Symbol { Symbol(rawValue: 238) }  // "await"
    @inlinable public static var ellipsis: Symbol { Symbol(rawValue: 88) }  // "ellipsis"
    @inlinable public static var type: Symbol { Symbol(rawValue: 209) }  // "type"
    @inlinable public static var keywordIdentifier: Symbol { Symbol(rawValue: 0) }  // "keyword_identifier"
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
    @inlinable public static var name: Field { Field(rawValue: 19) }  // "name"
    @inlinable public static var parameters: Field { Field(rawValue: 23) }  // "parameters"
    @inlinable public static var body: Field { Field(rawValue: 6) }  // "body"
    @inlinable public static var left: Field { Field(rawValue: 17) }  // "left"
    @inlinable public static var right: Field { Field(rawValue: 25) }  // "right"
    @inlinable public static var value: Field { Field(rawValue: 32) }  // "value"
    @inlinable public static var function: Field { Field(rawValue: 14) }  // "function"
    @inlinable public static var arguments: Field { Field(rawValue: 4) }  // "arguments"
    @inlinable public static var object: Field { Field(rawValue: 20) }  // "object"
    @inlinable public static var attribute: Field { Field(rawValue: 5) }  // "attribute"
    @inlinable public static var `subscript`: Field { Field(rawValue: 27) }  // "subscript"
    @inlinable public static var moduleName: Field { Field(rawValue: 18) }  // "module_name"
    @inlinable public static var alias: Field { Field(rawValue: 1) }  // "alias"
    @inlinable public static var argument: Field { Field(rawValue: 3) }  // "argument"
    @inlinable public static var type: Field { Field(rawValue: 29) }  // "type"
    @inlinable public static var returnType: Field { Field(rawValue: 24) }  // "return_type"
    @inlinable public static var `operator`: Field { Field(rawValue: 21) }  // "operator"
    @inlinable public static var condition: Field { Field(rawValue: 9) }  // "condition"
    @inlinable public static var consequence: Field { Field(rawValue: 10) }  // "consequence"
    @inlinable public static var alternative: Field { Field(rawValue: 2) }  // "alternative"
    @inlinable public static var definition: Field { Field(rawValue: 11) }  // "definition"
    @inlinable public static var superclasses: Field { Field(rawValue: 28) }  // "superclasses"
    @inlinable public static var key: Field { Field(rawValue: 16) }  // "key"
}
