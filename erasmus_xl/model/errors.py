"""The one exception that stops a command: `RegisterError`, with a `code` saying why (exit 2).

A file that cannot be read as a register, a Word template that cannot be filled, an annex with
nothing to list, a city the gazetteer does not know, an output that would overwrite a file: each
is a `RegisterError` (or a subclass that only says where its wording lives), so the CLI, the Excel
buttons and the worksheet functions catch one type and show its Latvian and English message.

Problems inside cells are not exceptions but `Finding`s, so that one bad cell never hides the rest.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from erasmus_xl.model.wording import fill
from erasmus_xl.resources import load_data

_Problem = TypeVar("_Problem", bound="RegisterError")


class RegisterError(Exception):
    """A problem the command cannot go on after: `code`, Latvian `message`, English `message_en`,
    and the file it concerns (`path`, None when no file is involved)."""

    code: str
    path: Path | None
    params: dict[str, Any]
    message: str
    message_en: str

    def __init__(self, code: str, path: Path | str | None = None, **params: Any) -> None:
        params = {"file": Path(path).name, **params} if path is not None else params
        self._settle(code, path, params, *self.words(code, params))

    def words(self, code: str, params: dict[str, Any]) -> tuple[str, str]:
        """(Latvian, English) message of `code`; this class's come from messages.json "file_errors"."""
        templates = load_data("messages")["file_errors"][code]
        return fill(templates["lv"], "lv", **params), fill(templates["en"], "en", **params)

    @classmethod
    def worded(cls: type[_Problem], code: str, path: Path | str | None, message: str, message_en: str,
               **params: Any) -> _Problem:
        """One whose words are already made (a located template issue, a button's own message)."""
        problem = cls.__new__(cls)
        problem._settle(code, path, params, message, message_en)
        return problem

    def _settle(self, code: str, path: Path | str | None, params: dict[str, Any], message: str,
                message_en: str) -> None:
        self.code = code
        self.path = Path(path) if path is not None else None
        self.params = params
        self.message = message
        self.message_en = message_en
        Exception.__init__(self, message)

    def to_dict(self) -> dict[str, Any]:
        data = {"code": self.code, "message": self.message, "message_en": self.message_en}
        return {"file": str(self.path), **data} if self.path is not None else data
