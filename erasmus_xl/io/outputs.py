"""Writing output files safely: atomically, never over the input, never over an existing file
unless the user said --force. A half-written report must never replace a good one.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from erasmus_xl.model.errors import RegisterError


def check_output_path(path: Path | str, *, force: bool = False, inputs: tuple[Path | str, ...] = ()) -> Path:
    """Refuse to write over an input file, or over an existing file without force."""
    path = Path(path)
    for source in inputs:
        if Path(source).exists() and path.exists() and path.resolve() == Path(source).resolve():
            raise RegisterError("output_is_input", path)
    if path.exists() and not force:
        raise RegisterError("output_exists", path)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: Path | str, *, force: bool = False, inputs: tuple[Path | str, ...] = ()) -> Iterator[Path]:
    """Yield a temporary path in the target folder; on success it is renamed onto `path`.

    Usage: `with atomic_output(out) as tmp: workbook.save(tmp)`.
    """
    path = check_output_path(path, force=force, inputs=inputs)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RegisterError("cannot_write", path, detail="mape neeksistē / folder does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix + ".tmp", dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        os.chmod(temp, 0o666 & ~_umask())   # mkstemp makes 0600; an output is an ordinary file
        os.replace(temp, path)
    except OSError as exc:
        raise RegisterError("cannot_write", path, detail=exc.strerror or type(exc).__name__) from None
    finally:
        if temp.exists():
            temp.unlink()
