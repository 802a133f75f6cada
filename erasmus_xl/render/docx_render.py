"""Filling the school's own Word templates (docxtpl) safely.

The templates are edited by office staff in Word, so everything here assumes they can be wrong
or hostile: tags are parsed in a Jinja *sandbox* (no way to Python internals, no imports),
data is XML-escaped (`&`, `<`, `>` and quotes in a partner's name must not break the file),
an unknown variable is an error that lists *all* unknown names at once (not a silently empty
cell), and the finished file replaces nothing until it is complete (`atomic_output`).

Optional values: pass them as `None` (or name them in `optional=`) and they print as `—`;
in a template `{{ notes|default_dash }}` also accepts a name the data lacks entirely.
"""
from __future__ import annotations

import html
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.opc.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Undefined, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from erasmus_xl.io.outputs import atomic_output, check_output_path
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.findings import Severity
from erasmus_xl.model.wording import data_node, fill
from erasmus_xl.render import formats
from erasmus_xl.render.layout import fit_document
from erasmus_xl.resources import load_data

# The wheel carries the templates as package data; a source checkout has them in the repository's templates/.
_TEMPLATE_FOLDERS = (Path(__file__).resolve().parents[1] / "templates", Path(__file__).resolve().parents[2] / "templates")


def shipped_template(name: str, lang: str = "lv") -> Path:
    """The shipped templates/<lang>/<name>.docx: the package's copy first, then the repository's."""
    formats.locale_for(lang)
    for base in _TEMPLATE_FOLDERS:
        candidate = base / lang / f"{name}.docx"
        if candidate.is_file():
            return candidate
    return _TEMPLATE_FOLDERS[-1] / lang / f"{name}.docx"


# --------------------------------------------------------------------------------------------
# Messages: data/messages.json, section `template_errors`.
# --------------------------------------------------------------------------------------------


# Jinja's own (English) syntax messages, turned into Latvian where a pattern is known; the words
# are in data/messages.json (`template_wording.syntax`).
_SYNTAX_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"unknown tag '(\w+)'.*innermost block that needs to be closed is '(\w+)'", re.S), "close_block_first"),
    (re.compile(r"unknown tag '(\w+)'"), "unknown_tag"),
    (re.compile(r"innermost block that needs to be closed is '(\w+)'"), "block_not_closed"),
    (re.compile(r"expected token '([^']*)', got '([^']*)'"), "expected_token"),
    (re.compile(r"unexpected '([^']*)'"), "unexpected_char"),
    (re.compile(r"unexpected end of template", re.I), "unexpected_end"),
]


def _wording(path: str, *values: object) -> tuple[str, str]:
    """A (Latvian, English) piece from `template_wording`, its {0}, {1} … filled with `values`."""
    node = data_node(f"template_wording.{path}", "messages")
    return node["lv"].format(*values), node["en"].format(*values)


def _messages() -> dict[str, dict[str, str]]:
    """The wording lives in data/messages.json (`template_errors`)."""
    return load_data("messages")["template_errors"]


def _text(code: str, **params: object) -> tuple[str, str]:
    template = _messages()[code]
    params = {"where": "", "where_en": "", **params}
    return fill(template["lv"], "lv", **params), fill(template["en"], "en", **params)


class TemplateProblem(RegisterError):
    """A Word template that cannot be filled; Latvian `.message`, English `.message_en`.

    A `RegisterError` so that the CLI's one handler (exit 2) catches it too; its wording is the
    "template_errors" of messages.json. `names`: the unknown variables, for the check's list.
    """

    names: list[str]

    def __init__(self, code: str, path: Path | str, **params: Any) -> None:  # noqa: D107
        self.names = list(params.get("name_list", []))
        super().__init__(code, path, **params)

    def words(self, code: str, params: dict[str, Any]) -> tuple[str, str]:
        return _text(code, **params)


# --------------------------------------------------------------------------------------------
# The Jinja environment: sandbox, escaping, Latvian filters, undefined names collected.
# --------------------------------------------------------------------------------------------

_FORBIDDEN_NAMES = frozenset({"os", "sys", "subprocess", "builtins", "importlib", "eval", "exec", "open",
                              "compile", "globals", "locals", "getattr", "setattr", "vars", "self"})
_INTERNAL_ATTRIBUTES = frozenset({"mro", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
                                  "f_globals", "f_locals", "f_builtins", "f_back", "tb_frame", "func_globals",
                                  "func_code", "im_func", "im_self", "environment"})
_OPTIONAL_FILTERS = frozenset({"default", "d", "default_dash"})
_DEFINED_TESTS = frozenset({"defined", "undefined"})
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_SEQUENCE = 100_000
_JINJA_PROBES = frozenset({"jinja_pass_arg", "unsafe_callable", "alters_data"})
"""Attributes Jinja itself looks up on any value: absent, not a user's missing field."""


class _CollectingUndefined(Undefined):
    """StrictUndefined that records every unknown name instead of stopping at the first.

    `render_docx` reports them all together. Sandbox refusals (SecurityError) still raise at once.
    A per-render subclass carries its own `missing` list, so renders never share state.
    """

    __slots__ = ()
    missing: list[str] = []
    hints: dict[str, list[str]] = {}

    def _describe(self) -> str:
        name = self._undefined_name or "?"
        if isinstance(self._undefined_obj, Mapping):
            self.hints.setdefault(name, sorted(str(key) for key in self._undefined_obj)[:15])
        return name

    def _note(self) -> None:
        if self._undefined_exception is not None and issubclass(self._undefined_exception, SecurityError):
            raise self._undefined_exception(self._undefined_message)
        name = self._describe()
        if name not in self.missing:
            self.missing.append(name)

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        self._note()
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail_with_undefined_error
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _fail_with_undefined_error
    __mod__ = __rmod__ = __pos__ = __neg__ = __pow__ = __rpow__ = _fail_with_undefined_error
    __call__ = __lt__ = __le__ = __gt__ = __ge__ = _fail_with_undefined_error

    # jinja2 types Undefined.__int__/__float__ as its (*args) -> Never error raiser; these are real conversions
    def __int__(self) -> int:  # type: ignore[override]
        self._note()
        return 0

    def __float__(self) -> float:  # type: ignore[override]
        self._note()
        return 0.0

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" or name in _JINJA_PROBES:
            raise AttributeError(name)
        return self._chain(f".{name}")

    def __getitem__(self, key: Any) -> Any:
        return self._chain(f"[{key!r}]")

    def _chain(self, suffix: str) -> _CollectingUndefined:
        """`missing.field` stays undefined (so `|default_dash` still works) and names the root."""
        if self._undefined_exception is not None and issubclass(self._undefined_exception, SecurityError):
            self._note()
        return type(self)(name=f"{self._undefined_name}{suffix}", obj=self._undefined_obj)

    def __str__(self) -> str:
        self._note()
        return ""

    def __iter__(self) -> Any:
        self._note()
        return iter(())

    def __len__(self) -> int:
        self._note()
        return 0

    def __bool__(self) -> bool:
        self._note()
        return False

    def __eq__(self, other: object) -> bool:
        self._note()
        return type(self) is type(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return id(type(self))


def _forbidden(name: str) -> bool:
    """Names that only make sense as an attempt to reach Python (modules, builtins, dunders)."""
    return name in _FORBIDDEN_NAMES or name.startswith("_")


class _LimitError(SecurityError):
    """A computation too large for a report (memory exhaustion attempt or a runaway typo)."""


class _ReportSandbox(SandboxedEnvironment):
    """The Jinja sandbox, plus limits on `*` and `**` so a template cannot exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise _LimitError(" / ".join(_wording("limit_exponent", 64)))
            return operator.pow(left, right)
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and len(sequence) * times > _MAX_SEQUENCE:
                raise _LimitError(" / ".join(_wording("limit_repetition", _MAX_SEQUENCE)))
        return operator.mul(left, right)


def _finalize(value: Any) -> Any:
    """Every `{{ … }}` output: None prints as a dash; control characters illegal in XML are dropped."""
    if value is None:
        return formats.DASH
    if isinstance(value, str) and not isinstance(value, Markup):
        return _XML_ILLEGAL.sub("", value)
    return value


def _present(value: Any) -> Any:
    """The value for a filter; an undefined one is recorded (strict) and treated as missing."""
    if isinstance(value, Undefined):
        str(value)
        return None
    return value


def _filters(lang: str) -> dict[str, Callable[..., Any]]:
    """The report filters, bound to the template's language."""

    def guard(function: Callable[..., str]) -> Callable[..., str]:
        def apply(value: Any, *args: Any, **kwargs: Any) -> str:
            value = _present(value)
            return formats.DASH if value is None else function(value, *args, **kwargs)
        apply.__name__ = function.__name__
        return apply

    def money(value: Any, decimals: int = 2, currency: str = "EUR") -> str:
        return formats.format_money(value, lang=lang, decimals=decimals, currency=currency)

    def number(value: Any, decimals: int | None = None) -> str:
        return formats.format_number(value, lang=lang, decimals=decimals)

    def percent(value: Any, decimals: int = 0, ratio: bool = True) -> str:
        return formats.format_percent(value, lang=lang, decimals=decimals, ratio=ratio)

    def date_long(value: Any) -> str:
        return formats.format_date_long(value, lang=lang)

    def date_short(value: Any) -> str:
        return formats.format_date_short(value, lang=lang)

    def date_range(start: Any, end: Any = None, style: str = "short") -> str:
        return formats.format_date_range(start, _present(end), lang=lang, style=style)

    def plural(count: Any, word: str) -> str:
        return formats.format_count(count, word, lang=lang)

    def plural_word(count: Any, word: str) -> str:
        return formats.plural_word(count, word, lang=lang)

    def default_dash(value: Any) -> Any:
        """Optional values: missing, None or empty text print as `—`."""
        if isinstance(value, Undefined) or value is None or (isinstance(value, str) and not value.strip()):
            return formats.DASH
        return value

    guarded = {f.__name__: guard(f) for f in (money, number, percent, date_long, date_short, date_range,
                                               plural, plural_word)}
    return {**guarded, "default_dash": default_dash}


def make_environment(lang: str = "lv") -> SandboxedEnvironment:
    """A fresh sandboxed, autoescaping environment with the report filters for `lang`."""
    formats.locale_for(lang)  # an unknown language fails here, not in the middle of a render
    undefined = type("ReportUndefined", (_CollectingUndefined,), {"__slots__": (), "missing": [], "hints": {}})
    env = _ReportSandbox(autoescape=True, undefined=undefined, finalize=_finalize)
    env.filters.update(_filters(lang))
    env.globals.pop("lipsum", None)
    return env


# --------------------------------------------------------------------------------------------
# Reading the template: parts, paragraphs, tags.
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TemplateIssue:
    """One thing wrong (error) or risky (warning) in a template, located by paragraph."""

    code: str
    severity: Severity  # "error": the template cannot be filled; "warning": risky
    message: str
    message_en: str
    part: str = "body"
    paragraph: int | None = None
    text: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "message_en": self.message_en, "part": self.part, "paragraph": self.paragraph, "text": self.text}


@dataclass
class TemplateCheck:
    """What `check_template` found: unknown variables, split or broken tags, unsafe tags."""

    template: Path
    variables: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)
    issues: list[TemplateIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[TemplateIssue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[TemplateIssue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def split_tags(self) -> list[TemplateIssue]:
        return [issue for issue in self.issues if issue.code == "split_tag"]

    @property
    def ok(self) -> bool:
        """True when the template can be filled with the data it was checked against."""
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        return {"template": str(self.template), "ok": self.ok, "variables": self.variables,
                "unknown": self.unknown, "optional": self.optional,
                "issues": [issue.to_dict() for issue in self.issues]}


@dataclass
class _Paragraph:
    number: int
    text: str
    runs: list[int]  # the run index of every character of `text`


@dataclass
class _Part:
    file: str  # the template's file name, for messages
    kind: str  # body / header / footer
    source: str  # docxtpl-patched XML, one paragraph a line (as docxtpl renders it)
    paragraphs: list[_Paragraph]


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(part: str, paragraph: int | None, text: str) -> tuple[str, str]:
    """` pamattekstā, 5. rindkopā “…”` / ` in the body, paragraph 5 “…”` (leading space included)."""
    lv, en = _wording(f"part.{part if part in ('body', 'header', 'footer') else 'body'}")
    quoted = f" “{_shorten(text)}”" if text.strip() else ""
    if paragraph is None and not quoted:
        return f" {lv}", f" {en}"
    if paragraph is None:
        where_lv, where_en = _wording("paragraph")
    else:
        where_lv, where_en = _wording("paragraph_number", paragraph)
    return f" {lv}{where_lv}{quoted}", f" {en}{where_en}{quoted}"


def _paragraphs(root: Any) -> list[_Paragraph]:
    """Every w:p of a part in document order, with the run that holds each character."""
    w_p, w_r, w_t = qn("w:p"), qn("w:r"), qn("w:t")
    result = []
    for number, paragraph in enumerate(root.iter(w_p), start=1):
        chars: list[str] = []
        runs: list[int] = []
        for run_index, run in enumerate(paragraph.iter(w_r)):
            if next(run.iterancestors(w_p), None) is not paragraph:
                continue  # a run of a paragraph nested in a text box
            for text in run.iter(w_t):
                value = text.text or ""
                chars.append(value)
                runs.extend([run_index] * len(value))
        result.append(_Paragraph(number, "".join(chars), runs))
    return result


def _open_template(path: Path) -> DocxTemplate:
    """A DocxTemplate, or a clear error for a missing or non-Word file."""
    if not path.exists():
        raise RegisterError("not_found", path)
    if not path.is_file():
        raise RegisterError("not_a_file", path)
    template = DocxTemplate(path)
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise TemplateProblem("template_not_docx", path, detail=_shorten(str(exc) or type(exc).__name__, 160)) from None
    return template


def _parts(template: DocxTemplate) -> list[_Part]:
    """Body, headers and footers, each as docxtpl will render it and as Word paragraphs."""
    def patched(xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))

    name = Path(str(template.template_file)).name
    parts = [_Part(name, "body", patched(template.get_xml()), _paragraphs(template.docx.element.body))]
    for kind, uri in (("header", template.HEADER_URI), ("footer", template.FOOTER_URI)):
        for _key, part in template.get_headers_footers(uri):
            parts.append(_Part(name, kind, patched(template.get_part_xml(part)), _paragraphs(parse_xml(part.blob))))
    return parts


def _line_location(part: _Part, lineno: int | None) -> tuple[int | None, str]:
    """The Word paragraph (number, text) behind a line of the patched source."""
    if not lineno:
        return None, ""
    lines = part.source.split("\n")
    line = lines[min(lineno, len(lines)) - 1]
    text = html.unescape(re.sub(r"<[^>]+>", "", line))
    squashed = "".join(text.split())
    for paragraph in part.paragraphs:
        if "".join(paragraph.text.split()) == squashed:
            return paragraph.number, paragraph.text
    return None, text


def _issue(code: str, severity: Severity, part: _Part, number: int | None, text: str, **params: object) -> TemplateIssue:
    where, where_en = _where(part.kind, number, text)
    message, message_en = _text(code, file=part.file, where=where, where_en=where_en, **params)
    return TemplateIssue(code, severity, message, message_en, part.kind, number, _shorten(text))


_TAG_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TAG_TOKEN = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")


def _run_issues(part: _Part) -> list[TemplateIssue]:
    """Tags Word split across runs (warning), or left open / closed without opening (error)."""
    issues = []
    for paragraph in part.paragraphs:
        text, position = paragraph.text, 0
        while (token := _TAG_TOKEN.search(text, position)) is not None:
            start = token.start()
            closer = _TAG_PAIRS.get(token.group())
            if closer is None:
                issues.append(_issue("stray_close", "warning", part, paragraph.number, text, tag=token.group()))
                position = token.end()
                continue
            end = text.find(closer, token.end())
            if end < 0:
                issues.append(_issue("unclosed_tag", "error", part, paragraph.number, text,
                                     tag=_shorten(text[start:], 40)))
                break
            end += len(closer)
            if len(set(paragraph.runs[start:end])) > 1:
                issues.append(_issue("split_tag", "warning", part, paragraph.number, text, tag=text[start:end]))
            position = end
    return issues


_BLOCK_TAGS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "autoescape", "raw", "set", "trans"})


def _opening_line(env: SandboxedEnvironment, source: str, error: TemplateSyntaxError) -> int | None:
    """For "block not closed" errors, the line of the unclosed opening tag, not the template's end."""
    found = re.search(r"innermost block that needs to be closed is '(\w+)'", error.message or "")
    if not found:
        return error.lineno
    stack: list[tuple[str, int]] = []
    try:
        tokens = [token for token in env.lex(source) if token[1] != "whitespace"]
    except TemplateSyntaxError:
        return error.lineno
    for index, (lineno, kind, value) in enumerate(tokens):
        if kind != "name" or index == 0 or tokens[index - 1][1] != "block_begin":
            continue
        if value == "set" and any(token[1] == "operator" and token[2] == "=" for token in
                                  _until_block_end(tokens, index)):
            continue  # `{% set x = … %}` has no end tag
        if value in _BLOCK_TAGS:
            stack.append((value, lineno))
        elif value.startswith("end") and stack and stack[-1][0] == value[3:]:
            stack.pop()
    for name, lineno in reversed(stack):
        if name == found.group(1):
            return lineno
    return error.lineno


def _until_block_end(tokens: list[tuple[int, str, str]], start: int) -> list[tuple[int, str, str]]:
    end = start
    while end < len(tokens) and tokens[end][1] != "block_end":
        end += 1
    return tokens[start:end]


def _translate_syntax(message: str) -> tuple[str, str]:
    for pattern, key in _SYNTAX_PATTERNS:
        found = pattern.search(message)
        if found:
            return _wording(f"syntax.{key}", *found.groups())
    return _wording("syntax.other", message)


def _root_name(node: nodes.Node | None) -> nodes.Name | None:
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        node = node.node
    return node if isinstance(node, nodes.Name) else None


def _unsafe_issues(part: _Part, ast: nodes.Template) -> list[TemplateIssue]:
    """Tags that reach for Python internals or other files: refused before anything runs."""
    issues = []

    def add(code: str, node: nodes.Node, detail: str) -> None:
        number, text = _line_location(part, node.lineno)
        issues.append(_issue(code, "error", part, number, text, detail=detail, detail_en=detail))

    for attribute in ast.find_all(nodes.Getattr):
        if attribute.attr.startswith("_") or attribute.attr in _INTERNAL_ATTRIBUTES:
            add("template_unsafe", attribute, f".{attribute.attr}")
    for item in ast.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str) and item.arg.value.startswith("_"):
            add("template_unsafe", item, f"[{item.arg.value!r}]")
    for name in ast.find_all(nodes.Name):
        if _forbidden(name.name):
            add("template_unsafe", name, name.name)
    for tag in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        add("template_unsupported", tag, type(tag).__name__.lower())
    return issues


@dataclass
class _Parsed:
    issues: list[TemplateIssue]
    variables: dict[str, tuple[_Part, int | None]]  # name → where first read
    optional: set[str]
    guarded_only: set[str]


def _parse(template: DocxTemplate, env: SandboxedEnvironment) -> _Parsed:
    """Parse every part: syntax errors, unsafe tags, run problems and the variables read."""
    parsed = _Parsed([], {}, set(), set())
    counts: dict[str, list[int]] = {}
    for part in _parts(template):
        parsed.issues.extend(_run_issues(part))
        try:
            ast = env.parse(part.source)
        except TemplateSyntaxError as exc:
            number, text = _line_location(part, _opening_line(env, part.source, exc))
            detail, detail_en = _translate_syntax(exc.message or str(exc))
            parsed.issues.append(_issue("template_syntax", "error", part, number, text, detail=detail, detail_en=detail_en))
            continue
        parsed.issues.extend(_unsafe_issues(part, ast))
        undeclared = meta.find_undeclared_variables(ast) - set(env.globals)
        guarded: set[int] = set()
        for node in ast.find_all((nodes.Filter, nodes.Test)):
            root = _root_name(node.node)
            if root is None:
                continue
            if isinstance(node, nodes.Test) and node.name in _DEFINED_TESTS:
                parsed.optional.add(root.name)
            if (isinstance(node, nodes.Filter) and node.name in _OPTIONAL_FILTERS) or isinstance(node, nodes.Test):
                guarded.add(id(root))
        for name in ast.find_all(nodes.Name):
            if name.ctx != "load" or name.name not in undeclared:
                continue
            parsed.variables.setdefault(name.name, (part, name.lineno))
            tally = counts.setdefault(name.name, [0, 0])
            tally[0] += 1
            tally[1] += id(name) in guarded
    parsed.guarded_only = {name for name, (total, guarded_count) in counts.items() if total == guarded_count}
    return parsed


def check_template(template_path: Path | str, available: Iterable[str]) -> TemplateCheck:
    """Lint a template against the names the data provides, before a user's report fails.

    Finds variables the data lacks (optional ones — only used with `|default_dash`, `|default`
    or `is defined` — are listed apart and are no error), tags Word split across runs, tags
    left open, broken tag syntax and tags that try to reach Python internals.
    """
    path = Path(template_path)
    template = _open_template(path)
    env = make_environment()
    parsed = _parse(template, env)
    available = set(available)
    optional = (parsed.optional | parsed.guarded_only) - available
    unknown = sorted(name for name in set(parsed.variables) - available - optional if not _forbidden(name))
    check = TemplateCheck(path, sorted(parsed.variables), unknown, sorted(optional), list(parsed.issues))
    listing = ", ".join(sorted(available)) or "—"
    for name in unknown:
        part, lineno = parsed.variables[name]
        number, text = _line_location(part, lineno)
        check.issues.append(_issue("unknown_variable", "error", part, number, text, name=name, available=listing))
    return check


# --------------------------------------------------------------------------------------------
# Rendering.
# --------------------------------------------------------------------------------------------

ImageSpec = Path | str | tuple[Path | str, float]


def _inline_image(template: DocxTemplate, spec: ImageSpec, width_mm: float) -> InlineImage:
    """An image for the context: a path, or (path, width in millimetres)."""
    if isinstance(spec, tuple):
        spec, width_mm = spec
    path = Path(spec)
    if not path.is_file():
        raise RegisterError("not_found", path)
    return InlineImage(template, str(path), width=Mm(width_mm))


def _names_text(names: list[str], hints: dict[str, list[str]], lv: bool) -> str:
    parts = []
    for name in names:
        hint = hints.get(name)
        if hint:
            parts.append(f"“{name}” ({'pieejamie lauki' if lv else 'available fields'}: {', '.join(hint)})")
        else:
            parts.append(f"“{name}”")
    return ", ".join(parts)


def render_docx(template_path: Path | str, context: Mapping[str, Any], output_path: Path | str, *,
                force: bool = False, images: Mapping[str, ImageSpec] | None = None, lang: str = "lv",
                optional: Iterable[str] = (), image_width_mm: float = 160.0, fit_layout: bool = True) -> Path:
    """Fill a Word template with `context` and write `output_path` atomically.

    images: context name → PNG path (or (path, width_mm)), placed with `{{ name }}` in the template.
    optional: names that may be absent from `context`; they print as `—`.
    fit_layout: size data tables' columns from the filled-in text and keep rows and
    captions on one page (render.layout); off only to see a template's own layout.
    Raises TemplateProblem (a RegisterError) with Latvian and English messages; nothing is
    written unless the whole document rendered.
    """
    template_path, output_path = Path(template_path), Path(output_path)
    check_output_path(output_path, force=force, inputs=(template_path,))
    template = _open_template(template_path)
    env = make_environment(lang)
    for issue in _parse(template, env).issues:
        if issue.code in _BLOCKING:
            raise _problem_from_issue(template_path, issue)
    values: dict[str, Any] = {name: None for name in optional}
    values.update(context)
    for name, spec in (images or {}).items():
        values[name] = _inline_image(template, spec, image_width_mm)
    undefined = env.undefined
    try:
        template.render(values, jinja_env=env, autoescape=True)
    except _LimitError as exc:
        detail, _, detail_en = str(exc).partition(" / ")
        raise TemplateProblem("template_too_large", template_path, detail=detail, detail_en=detail_en) from None
    except SecurityError as exc:
        raise TemplateProblem("template_unsafe", template_path, **_security_detail(str(exc))) from None
    except TemplateSyntaxError as exc:
        detail, detail_en = _translate_syntax(exc.message or str(exc))
        raise TemplateProblem("template_syntax", template_path, detail=detail, detail_en=detail_en) from None
    except (TemplateError, ValueError, TypeError, ArithmeticError, LookupError) as exc:
        detail, _, detail_en = _shorten(str(exc), 300).partition(" / ")  # formats' errors: "lv / en"
        raise TemplateProblem("template_failed", template_path, detail=detail, detail_en=detail_en or detail) from None
    missing: list[str] = list(undefined.missing)  # type: ignore[attr-defined]
    if missing:
        hints: dict[str, list[str]] = undefined.hints  # type: ignore[attr-defined]
        raise TemplateProblem("template_unknown_variables", template_path, name_list=missing,
                              names=_names_text(missing, hints, True), names_en=_names_text(missing, hints, False))
    if fit_layout:
        fit_document(template.docx)
    with atomic_output(output_path, force=force, inputs=(template_path,)) as temporary:
        template.save(temporary)
    return output_path


_BLOCKING = frozenset({"template_syntax", "template_unsafe", "template_unsupported", "unclosed_tag"})


def _security_detail(message: str) -> dict[str, str]:
    """The sandbox's English refusal, with the attribute named for the Latvian text."""
    found = re.search(r"attribute '([^']+)'", message)
    if found:
        lv, en = _wording("attribute", found.group(1))
        return {"detail": lv, "detail_en": en}
    return {"detail": message, "detail_en": message}


def _problem_from_issue(path: Path, issue: TemplateIssue) -> TemplateProblem:
    """Turn a check issue into the exception render_docx raises, keeping its located wording."""
    message, message_en = issue.message, issue.message_en
    if not issue.code.startswith("template_"):  # check wording does not name the file
        message, message_en = _text("template_named", file=path.name, issue=message[:1].lower() + message[1:],
                                    issue_en=message_en[:1].lower() + message_en[1:])
    problem = TemplateProblem.worded(issue.code if issue.code.startswith("template_") else "template_syntax",
                                     path, message, message_en, file=path.name, part=issue.part,
                                     paragraph=issue.paragraph, text=issue.text)
    problem.names = []
    return problem


__all__ = ["TemplateProblem", "TemplateIssue", "TemplateCheck", "make_environment", "check_template", "render_docx"]
