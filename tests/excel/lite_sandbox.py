"""Run the xlwings Lite edition as xlwings Lite would, with what Pyodide lacks taken away.

Started by tests/excel/test_lite_pyodide.py in its own process (so nothing here can leak into
other tests): `python lite_sandbox.py WORK_DIR PAYLOAD.json` prints one JSON report.

- xlwings is imported as on xlwings Server / Lite (XLWINGS_ON_SERVER=true): `@script` and
  `@func` are xlwings' real decorators, scripts are found with `custom_scripts_meta` and run with
  `custom_scripts_call` on `xw.Book(json=payload)`, arguments arriving as JSON (dates as text);
- the generated main.py (erasmus_xl.excel.lite_setup) is what gets imported;
- a sys.meta_path finder and an `__import__` guard refuse, to erasmus_xl's own code, the modules
  Pyodide cannot use (processes, process/thread pools, sockets, HTTP, COM), and refuse the
  Windows COM modules to everyone; runtime hooks refuse starting a thread and an audit hook
  refuses processes and sockets, and records every file written.
Third-party libraries may import such modules (Pyodide ships them; they fail only when used).
"""
import builtins
import json
import os
import sys
from pathlib import Path

# What Pyodide has no use for; erasmus_xl's code may not import it.
UNUSABLE = ("subprocess", "multiprocessing", "concurrent", "socket", "ssl", "urllib.request", "http",
            "asyncio.subprocess", "selectors", "xmlrpc", "ftplib", "smtplib", "webbrowser")
# What does not exist in Pyodide at all.
ABSENT = ("win32com", "pythoncom", "pywintypes", "win32api", "win32con", "winreg", "_winapi", "tkinter")
RUNTIME_EVENTS = ("subprocess.Popen", "os.system", "os.fork", "os.forkpty", "os.posix_spawn", "os.exec",
                  "os.spawn", "os.startfile", "socket.connect", "socket.bind", "socket.getaddrinfo",
                  "urllib.Request", "_thread.start_new_thread")
refused: list[dict] = []
written: list[str] = []


def _matches(name: str, names: tuple[str, ...]) -> bool:
    return any(name == n or name.startswith(n + ".") for n in names)


def _importer() -> str:
    """The module whose code asked for the import (importlib's own frames skipped)."""
    frame = sys._getframe(2)
    while frame is not None and (frame.f_code.co_filename.startswith("<frozen") or frame.f_code is guarded_import.__code__
                                 or frame.f_globals.get("__name__", "").startswith("importlib")):
        frame = frame.f_back
    return frame.f_globals.get("__name__", "") if frame is not None else ""


class PyodideFinder:
    """Refuses fresh imports of ABSENT modules, and of UNUSABLE ones asked for by erasmus_xl."""

    def find_spec(self, name, path=None, target=None):
        importer = _importer()
        if _matches(name, ABSENT) or (_matches(name, UNUSABLE) and importer.startswith("erasmus_xl")):
            refused.append({"module": name, "importer": importer})
            raise ImportError(f"{name} is not available in Pyodide (asked for by {importer})")
        return None


_real_import = builtins.__import__


def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    """Modules already loaded (by xlwings, asyncio …) bypass finders: refuse them here too."""
    importer = (globals or {}).get("__name__", "") or ""
    if level == 0 and importer.startswith("erasmus_xl") and _matches(name, UNUSABLE + ABSENT):
        refused.append({"module": name, "importer": importer})
        raise ImportError(f"{name} is not available in Pyodide (asked for by {importer})")
    return _real_import(name, globals, locals, fromlist, level)


def audit(event: str, args: tuple) -> None:
    if event.startswith(RUNTIME_EVENTS):
        refused.append({"event": event})
        raise RuntimeError(f"{event} is not possible in Pyodide")
    if event == "open" and len(args) >= 3:
        path, mode, flags = args[0], args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writing and isinstance(path, (str, bytes, os.PathLike)):
            written.append(os.fsdecode(path))
    elif event in ("os.rename", "os.replace") and len(args) >= 2:
        written.append(os.fsdecode(args[1]))


def no_threads(*args, **kwargs):
    refused.append({"event": "thread"})
    raise RuntimeError("threads cannot be started in Pyodide")


def main() -> None:
    work, payload_file = Path(sys.argv[1]), Path(sys.argv[2])
    os.environ["XLWINGS_ON_SERVER"] = "true"          # xlwings' own @script/@func, as in Lite
    import asyncio

    import xlwings as xw
    from xlwings.server import custom_functions_meta, custom_scripts_call, custom_scripts_meta

    from erasmus_xl.excel.lite_setup import lite_main_py

    payload = json.loads(payload_file.read_text(encoding="utf-8"))
    (work / "editor").mkdir()
    (work / "editor" / "main.py").write_text(lite_main_py(), encoding="utf-8")
    sys.meta_path.insert(0, PyodideFinder())
    builtins.__import__ = guarded_import
    import _thread
    import threading

    _thread.start_new_thread = no_threads
    threading._start_new_thread = no_threads
    sys.addaudithook(audit)
    try:                                   # the guard itself works: erasmus_xl code cannot get subprocess
        exec("import subprocess", {"__name__": "erasmus_xl.probe"})
        guard_works = False
    except ImportError:
        guard_works = refused.pop()["module"] == "subprocess"
    sys.path.insert(0, str(work / "editor"))
    import main  # noqa: the generated main.py, as the Lite editor runs it

    scripts = {entry["function_name"]: entry for entry in custom_scripts_meta(main)}
    arguments = {"gada_parskats": [2025, "lv", "2025-12-01"], "ricibas_plans": [2026, "en", "2025-12-01"],
                 "ka1_pielikums": [json.loads(sys.argv[3]), "lv", "2025-12-01"], "parbaudit": ["2025-12-01"],
                 "raditaji": ["2025-12-01"], "finanses": ["2025-12-01"]}
    runs = {}
    for name in scripts:
        book = xw.Book(json=json.loads(json.dumps(payload)))
        asyncio.run(custom_scripts_call(main, name, typehint_to_value={xw.Book: book}, args=arguments.get(name, [])))
        actions = book.json()["actions"]
        runs[name] = {"funcs": sorted({a["func"] for a in actions}),
                      "alerts": [a["args"] for a in actions if a["func"] == "alert"],
                      "sheets": [a["args"][1] for a in actions if a["func"] == "addSheet"]}
    functions = custom_functions_meta(main)
    report = {
        "scripts": {name: {"name": entry.get("name")} for name, entry in scripts.items()},
        "runs": runs,
        "functions": sorted(f["id"] if isinstance(f, dict) and "id" in f else str(f) for f in functions.get("functions", [])),
        "guard_works": guard_works,
        "refused": refused,
        "written": written,
        "erasmus_modules": sorted(m for m in sys.modules if m.startswith("erasmus_xl")),
        "calamine": "python_calamine" in sys.modules,
    }
    sys.stdout.write("\n@@REPORT@@" + json.dumps(report, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
