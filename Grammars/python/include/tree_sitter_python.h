#include <tree_sitter/api.h>
const TSLanguage *tree_sitter_python(void);
