"""newsledger's exceptions: one tree, codes and messages in one place.

    NewsledgerError            base; ``code`` (e.g. ``NL101``) and ``exit_code`` (1 = internal)
    ├── InputError             bad input or usage; exit code 2
    │   ├── DecodeError        bytes that are not UTF-8 text
    │   ├── EmptyInputError    nothing to analyse
    │   ├── RecordError        a malformed record in a JSONL file (carries path and line number)
    │   ├── DateError          a publication date that cannot be read
    │   ├── InputNotFoundError a path that does not exist
    │   ├── TooLongError       an article longer than the pipeline takes (MAX_ARTICLE_CHARS)
    │   ├── RejectedError      an article the database refuses (a value it cannot hold); the rest is kept
    │   └── NotFoundError      an id (incident, ...) the ledger does not hold
    ├── StoreError             the database cannot be opened or written; exit code 1
    │   ├── StoreURLError      a --db value that is not a database URL or path; exit code 2
    │   └── NotALedgerError    a database that holds other tables but no newsledger ledger; exit code 2
    ├── ModelError             the spaCy model is missing or broken; exit code 1
    ├── ExtraMissingError      a feature needs an optional extra that is not installed; exit code 2
    └── ClusterError           the Dask scheduler cannot be reached or the job failed on it; exit code 1

Every message is a single line that tells the user what was wrong and where; the CLI prints
``newsledger: error [CODE]: message`` and exits with ``exit_code``. Messages are templates in
:class:`Messages`, so wording is kept in one place.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Messages:
    """Message templates by code. Formatted with keyword arguments."""

    NL101 = "{where}: not UTF-8 text ({reason}); convert it to UTF-8 first"
    NL102 = "{where}: empty input, nothing to analyse"
    NL103 = "{where}: line {line}: {reason}"
    NL104 = "{where}: cannot read date {value!r}; use YYYY-MM-DD"
    NL105 = "{where}: no such file or directory"
    NL106 = "{where}: {reason}"
    NL107 = "{where}: the article is {chars:,} characters long; the limit is {limit:,} (split it into articles)"
    NL108 = "{where}: the ledger refused this article ({reason}); nothing of it was stored"
    NL109 = "no {what} with id {id!r} in the ledger"
    NL201 = "cannot open the ledger at {url}: {reason}"
    NL202 = "{value!r} is not a database URL or file path ({reason})"
    NL203 = "the ledger at {url} could not be written: {reason}"
    NL204 = "{url} is not a newsledger ledger (it holds other tables: {tables}); use a new file or an empty database"
    NL205 = ("the ledger at {url} keeps {component!r} tables that this program did not open it with; open it "
             "with newsledger.link.open_ledger (the CLI and the API do) so that they stay in step")
    NL301 = "the spaCy model {model!r} cannot be loaded ({reason}); reinstall newsledger with pip"
    NL302 = "{feature} needs the optional extra: pip install 'newsledger[{extra}]' ({reason})"
    NL303 = "the Dask job failed on {address}: {reason}"


class NewsledgerError(Exception):
    """Base class of every error newsledger raises on purpose."""

    code: ClassVar[str] = "NL000"
    exit_code: ClassVar[int] = 1
    kind: ClassVar[str] = "error"        # a short name of the problem, for summaries

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        template: str = getattr(Messages, self.code, "{reason}")
        super().__init__(template.format(**fields))

    @property
    def message(self) -> str:
        return str(self.args[0])

    @property
    def detail(self) -> str:
        """The message without the place it opens with (``{where}: ``), for a caller that names the place
        better (a JSONL record's file and line)."""
        template: str = getattr(Messages, self.code, "{reason}")
        return template.removeprefix("{where}: ").format(**self.fields)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable, so that errors cross process and cluster boundaries
        return _rebuild, (type(self), self.fields)


def _rebuild(cls: type[NewsledgerError], fields: dict[str, Any]) -> NewsledgerError:
    return cls(**fields)


class InputError(NewsledgerError):
    code = "NL106"
    exit_code = 2
    kind = "unreadable input"


class DecodeError(InputError):
    code = "NL101"
    kind = "not text in its encoding"


class EmptyInputError(InputError):
    code = "NL102"
    kind = "empty"


class RecordError(InputError):
    code = "NL103"
    kind = "bad JSONL record"


class DateError(InputError):
    code = "NL104"
    kind = "bad date"


class InputNotFoundError(InputError):
    code = "NL105"
    kind = "not found"


class TooLongError(InputError):
    code = "NL107"
    kind = "too long"


class RejectedError(InputError):
    code = "NL108"
    kind = "refused by the database"


class NotFoundError(InputError):
    code = "NL109"
    kind = "not in the ledger"


class StoreError(NewsledgerError):
    code = "NL201"


class StoreWriteError(StoreError):
    code = "NL203"


class StoreURLError(StoreError):
    code = "NL202"
    exit_code = 2


class ComponentMissingError(StoreError):
    code = "NL205"


class NotALedgerError(StoreError):
    code = "NL204"
    exit_code = 2


class ModelError(NewsledgerError):
    code = "NL301"


class ExtraMissingError(NewsledgerError):
    code = "NL302"
    exit_code = 2


class ClusterError(NewsledgerError):
    code = "NL303"
