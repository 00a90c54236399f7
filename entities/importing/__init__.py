"""Import of registry entities from a CSV or XLSX file: one row per entity, all or nothing.

The rule is written once here and used by ``manage.py import_entities`` and by the staff upload page:

1. ``entities.import_files.read_table`` reads the file into a ``Table`` and checks its first row, which names the
   columns (``parse.COLUMNS``).
2. ``entities_import_check`` parses and checks every row with the same validators and model checks as the edit
   form (NIP and REGON with python-stdnum, KRS by format, field lengths, e-mail, website), resolves the legal form
   by code or name, the seat by the 7-digit TERYT code of a gmina, the founding entity by NIP or KRS, and matches
   each row to an existing entity by the registry's one matching rule (``entities.matching``: NIP, KRS number,
   own REGON, or founding entity and name). Nothing is written.
3. ``entities_import`` writes the plan through ``entities.services`` (history user and reason recorded) inside one
   transaction, but only when no row has an error. Two imports adding the same new NIP at once meet at the
   unique constraint: the loser's transaction is rolled back and its plan is made again (the entity now exists,
   so the row becomes an update or stays unchanged); if that keeps failing the caller gets a Polish error.

An empty cell never changes a stored value (clearing a field is done in the edit form); a column that is absent
from the file is left alone too.

Modules: ``parse`` (columns and cells), ``plan`` (the check against the registry), ``apply`` (the writing).
"""

from .apply import ATTEMPTS, IMPORT_LOCK, entities_import
from .parse import (
    ALIASES,
    COLUMN_NAMES,
    COLUMNS,
    IGNORED,
    MAX_ROWS,
    REQUIRED,
    Column,
    ImportFileError,
    RowError,
    Table,
    _date,
    cell_text,
)
from .plan import CREATE, UNCHANGED, UPDATE, Change, ImportReport, RowPlan, entities_import_check

__all__ = [
    "ALIASES", "ATTEMPTS", "COLUMNS", "COLUMN_NAMES", "CREATE", "IGNORED", "IMPORT_LOCK", "MAX_ROWS", "REQUIRED",
    "UNCHANGED", "UPDATE", "Change", "Column", "ImportFileError", "ImportReport", "RowError", "RowPlan", "Table",
    "_date", "cell_text", "entities_import", "entities_import_check",
]
