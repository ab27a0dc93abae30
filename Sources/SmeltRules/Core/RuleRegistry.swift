/// Every rule smelt has, in code order. A finding's `ruleIndex` indexes this list.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        InvalidFile.self,
        DisplayClutter.self,
        CommentedOutCode.self,
        UnusedImport.self,
        MagicNumber.self,
        DuplicatedCode.self,
        ExposedInternals.self,
        LongFunction.self,
        LongCell.self,
        TooManyParameters.self,
        NonLinearExecution.self,
        UnexecutedCells.self,
        HiddenState.self,
        NotebookTooLong.self,
        ImportsBeyondFirstCell.self,
        MissingTitle.self,
        TooLittleDocumentation.self,
        EmptyCell.self,
        LongCommentBlock.self,
        SyntaxError.self,
        ErrorOutputSaved.self,
        LargeOutputSaved.self,
        InstallFromNotebook.self,
        WorkingDirectoryMagic.self,
        NotebookName.self,
        UnnecessaryIteration.self,
        ModifyingWhileIterating.self,
        NanEquality.self,
        ChainIndexing.self,
        ColumnsAndDtypesNotSet.self,
        EmptyColumnInitialisation.self,
        MergeParametersNotSet.self,
        InplaceApiMisuse.self,
        DataFrameConversion.self,
        MatrixMultiplication.self,
        LegacyRandomApi.self,
        UncontrolledRandomness.self,
        NoTests.self,
        NoCharacterisationTest.self,
        LogicLeftInNotebooks.self,
        DependenciesUnmanaged.self,
        LargeDataFile.self,
        DuplicateNotebookNames.self,
        RepositoryNotVersioned.self,
    ]

    /// Registry index of the rule with this code or slug.
    public static func index(of codeOrSlug: String) -> Int? {
        all.firstIndex { $0.description.code == codeOrSlug.uppercased() || $0.description.slug == codeOrSlug.lowercased() }
    }

    /// Registry index of `invalid-file` (SM000), which the engine reports itself.
    public static let invalidFileIndex = 0
}
