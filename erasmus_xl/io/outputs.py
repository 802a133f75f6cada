"""Writing output files safely: atomically, never over the input, never over an existing file
unless the user said --force. A half-written report must never replace a good one.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

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


# errno -> the message that says what to do; Windows reports a file open in Word as a sharing
# violation (winerror 32) or access denied (5) when it is replaced.
_WRITE_PROBLEMS = {errno.EACCES: "output_denied", errno.EPERM: "output_denied", errno.EROFS: "output_denied",
                   errno.ETXTBSY: "output_denied", errno.ENOSPC: "output_no_space", errno.EDQUOT: "output_no_space",
                   errno.ENOENT: "output_no_folder", errno.ENOTDIR: "output_no_folder"}


def write_problem(path: Path | str, exc: OSError) -> RegisterError:
    """The user's message for an output that could not be written: which output, which folder,
    and what to do (close it in Word/Excel, choose another folder, free space)."""
    path = Path(path)
    code = _WRITE_PROBLEMS.get(exc.errno or 0, "cannot_write")
    if getattr(exc, "winerror", None) in (5, 32, 33):
        code = "output_denied"
    folder = path.parent if str(path.parent) else Path(".")
    return RegisterError(code, path, folder=str(folder.absolute()), detail=exc.strerror or type(exc).__name__)


def ensure_folder(folder: Path | str) -> Path:
    """Create an output folder (and its parents), or say in one message why it cannot be."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_problem(folder, exc) from None
    return folder


@contextlib.contextmanager
def atomic_output(path: Path | str, *, force: bool = False, inputs: tuple[Path | str, ...] = ()) -> Iterator[Path]:
    """Yield a temporary path in the target folder; on success it is renamed onto `path`.

    Usage: `with atomic_output(out) as tmp: workbook.save(tmp)`. Whatever the OS refuses (a
    read-only folder, the old file open in Word, a full disk) becomes one RegisterError naming
    `path`, never the temporary file's name.
    """
    path = check_output_path(path, force=force, inputs=inputs)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise write_problem(path, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix + ".tmp", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise write_problem(path, exc) from None
    temp = Path(temp_name)
    try:
        yield temp
        os.chmod(temp, 0o666 & ~_umask())   # mkstemp makes 0600; an output is an ordinary file
        os.replace(temp, path)
    except OSError as exc:
        raise write_problem(path, exc) from None
    finally:
        if temp.exists():
            temp.unlink()


def soffice_path() -> str | None:
    """LibreOffice's command, when it is installed (it writes the PDFs)."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def write_pdf(write_docx: Callable[[Path], Path], pdf: Path | str, *, force: bool = False,
              inputs: tuple[Path | str, ...] = ()) -> Path:
    """A PDF of a Word document: `write_docx(path)` writes the .docx into a private folder and
    headless LibreOffice converts it (its own profile, so a running LibreOffice does not interfere)."""
    import shutil
    import subprocess

    pdf = check_output_path(pdf, force=force, inputs=inputs)
    soffice = soffice_path()
    if soffice is None:
        raise RegisterError("pdf_needs_libreoffice", pdf)
    with tempfile.TemporaryDirectory(prefix="erasmus-xl-pdf-") as work_name:
        work = Path(work_name)
        docx = write_docx(work / f"{pdf.stem}.docx")
        try:
            done = subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                                   "--norestore", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                                  capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RegisterError("pdf_failed", pdf, detail=type(exc).__name__) from None
        produced = work / f"{docx.stem}.pdf"
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise RegisterError("pdf_failed", pdf, detail=detail[0][:200])
        with atomic_output(pdf, force=force, inputs=inputs) as temp:
            shutil.copyfile(produced, temp)
    return pdf
