"""Checks that SQL files are Athena (engine v3, Trino) SQL, so nothing only DuckDB accepts reaches Athena.

Usage: .venv/bin/python scripts/check-athena-sql.py FILE.sql...

The catalog's query.sql files run on Athena in production and on DuckDB locally. DuckDB accepts a
superset of what Trino does, and sqlglot's Athena reader is lenient too: it reads DuckDB functions as
anonymous calls, respells some foreign names (len -> LENGTH, ifnull -> COALESCE, now() ->
CURRENT_TIMESTAMP) and accepts DuckDB syntax (x::int, ILIKE, [1, 2], {'a': 1}). Each of those is
refused here, naming the file. Prints nothing and exits 0 when every file passes; otherwise prints
one `path: message` line per problem and exits 1.
"""

import re
import sys

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError
from sqlglot.tokens import TokenType

DIALECT = "athena"

# Real Trino functions that sqlglot 30 has no expression for, so it reads them as anonymous calls.
# Add a name only after checking it in https://trino.io/docs/current/functions/list.html.
TRINO_FUNCTIONS_SQLGLOT_DOES_NOT_KNOW = {
    "at_timezone",
    "format_datetime",
    "human_readable_seconds",
    "to_iso8601",
    "to_milliseconds",
    "with_timezone",
}

# Real Trino spellings that sqlglot writes back under another Trino name (substring -> SUBSTR).
TRINO_ALIASES_SQLGLOT_RESPELLS = {"ceiling", "mod", "substring"}

# Syntax sqlglot's Athena reader accepts but Trino does not.
DUCKDB_ONLY_TOKENS = {
    TokenType.DCOLON: "'::' casts are DuckDB/PostgreSQL syntax; Trino needs CAST(x AS type)",
    TokenType.ILIKE: "ILIKE is not Trino SQL; use lower(x) LIKE lower(pattern)",
    TokenType.L_BRACE: "'{...}' struct literals are DuckDB syntax; Trino has CAST(ROW(...) AS ROW(...))",
}

# A '[' after one of these subscripts a value (a[1]); anywhere else it opens a DuckDB list literal.
SUBSCRIPTABLE = {TokenType.VAR, TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.ARRAY, TokenType.IDENTIFIER}


def describe_parse_error(error: ParseError) -> str:
    first = error.errors[0] if error.errors else None
    if first is None or first.get("line") is None:
        return " ".join(str(error).split())
    # sqlglot underlines the offending token with terminal escapes; the position says the same in text.
    description = re.sub(r"\x1b\[[0-9;]*m", "", str(first.get("description")))
    return f"line {first['line']}, column {first['col']}: {description}"


def called_names(sql: str) -> set[str]:
    """Lower-cased names written directly before '(' (functions, and keywords such as AS or IN)."""
    tokens = sqlglot.Dialect.get_or_raise(DIALECT).tokenize(sql)
    return {
        token.text.lower()
        for token, following in zip(tokens, tokens[1:])
        if following.token_type == TokenType.L_PAREN
    }


def syntax_problems(sql: str) -> list[str]:
    tokens = sqlglot.Dialect.get_or_raise(DIALECT).tokenize(sql)
    problems = []
    for previous, token in zip([None, *tokens], tokens):
        where = f"line {token.line}"
        if token.token_type in DUCKDB_ONLY_TOKENS:
            problems.append(f"{where}: {DUCKDB_ONLY_TOKENS[token.token_type]}")
        elif token.token_type == TokenType.L_BRACKET and (
            previous is None or previous.token_type not in SUBSCRIPTABLE
        ):
            problems.append(f"{where}: '[...]' list literals are DuckDB syntax; Trino writes ARRAY[...]")
    return problems


def check(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as file:
            sql = file.read()
    except OSError as error:
        return [f"cannot read the file: {error.strerror}"]

    try:
        statements = [statement for statement in sqlglot.parse(sql, read=DIALECT) if statement is not None]
    except ParseError as error:
        return [f"not Athena SQL: {describe_parse_error(error)}"]
    if not statements:
        return ["no SQL statement"]

    problems = syntax_problems(sql)
    regenerated = []
    for statement in statements:
        for call in statement.find_all(exp.Anonymous):
            name = call.name.lower()
            if name not in TRINO_FUNCTIONS_SQLGLOT_DOES_NOT_KNOW:
                problems.append(f"{name}() is not a Trino function (DuckDB-only or misspelt?)")
        try:
            regenerated.append(statement.sql(DIALECT, unsupported_level=ErrorLevel.RAISE))
        except SqlglotError as error:
            problems.append(f"Athena cannot run it: {' '.join(str(error).split())}")

    # A function sqlglot knows from another dialect comes back under its Trino name: the name as
    # written is then not Trino's (len -> LENGTH, arg_max -> MAX_BY, now() -> CURRENT_TIMESTAMP).
    anonymous = {call.name.lower() for statement in statements for call in statement.find_all(exp.Anonymous)}
    respelled = called_names(sql) - called_names(";\n".join(regenerated)) - anonymous
    for name in sorted(respelled - TRINO_ALIASES_SQLGLOT_RESPELLS):
        problems.append(f"{name}() is not Trino's spelling of this function (sqlglot rewrites it for Athena)")
    return problems


def main(paths: list[str]) -> int:
    if not paths:
        print("usage: check-athena-sql.py FILE.sql...", file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        for problem in check(path):
            print(f"{path}: {problem}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
