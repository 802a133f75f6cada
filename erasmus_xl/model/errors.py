"""The one error that stops a command: the file cannot be read as a register at all (exit 2).

Problems inside cells are not exceptions but `Finding`s, so that one bad cell never hides the rest.
"""
from __future__ import annotations

from pathlib import Path

from erasmus_xl.model.wording import fill
from erasmus_xl.resources import load_data


class RegisterError(Exception):
    """A file-level problem, with a Latvian and an English message naming the file."""

    def __init__(self, code: str, path: Path | str, **params: object) -> None:
        templates = load_data("messages")["file_errors"][code]
        params = {"file": Path(path).name, **params}
        self.code = code
        self.path = Path(path)
        self.params = params
        self.message = fill(templates["lv"], "lv", **params)
        self.message_en = fill(templates["en"], "en", **params)
        super().__init__(self.message)

    def to_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "code": self.code, "message": self.message, "message_en": self.message_en}
