"""The quick ways of normalising text give exactly what the general definitions give."""
from __future__ import annotations

import random
import re
import unicodedata

from erasmus_xl.model.text import _FOLDED_RANGES, clean_text, clean_texts, normalize_key, normalize_keys


def _key_by_definition(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", without_marks.casefold()).strip()


def _clean_by_definition(value: str) -> str:
    text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def _samples() -> list[str]:
    """Every character the folding table knows, alone and in random company (other scripts, marks
    in every order, ligatures, odd spaces), and the spellings staff type."""
    known = [chr(code) for low, high in _FOLDED_RANGES for code in range(low, high)]
    others = [chr(code) for code in (*range(0x0370, 0x0530), *range(0x2000, 0x2070), 0x3000, 0xFB01, 0xFF21)]
    rng = random.Random(13)
    pool = known + others
    mixed = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 9))) for _ in range(20_000)]
    return known + others + mixed + ["Sākuma  datums", " Bērziņš\u00a0Jānis ", "İstanbul", "STRASSE Straße", "ǅ", "ﬁle"]


def test_normalize_key_gives_the_key_of_its_definition_for_every_kind_of_character():
    assert [normalize_key(v) for v in _samples()] == [_key_by_definition(v) for v in _samples()]
    assert normalize_key("Ņūķēš  ZAĻAIS-ceļojums") == "nukes zalais celojums"


def test_clean_text_folds_every_unicode_space_as_its_definition_does():
    samples = _samples() + ["a\tb\n\rc\x0b\x0c\x1c\x1d\x1e\x1fd\x85e\u2028f\u3000g", "  ", ""]
    assert [clean_text(v) for v in samples] == [_clean_by_definition(v) for v in samples]
    assert clean_text(" Anna \u00a0 Ozola\u202f") == "Anna Ozola"


def test_cleaning_many_texts_at_once_gives_what_cleaning_each_gives():
    """The reader cleans a whole column in one go (issue 13): spaces at the joins, blank and
    space-only values, marks at a value's start, and a value holding the join character itself."""
    samples = _samples() + ["", " ", "\u00a0", " a ", "\u0301x", "x\u0301", "a\x00b", "\t", "Jānis  "]
    rng = random.Random(7)
    batches = [samples, [], [""], [" "], ["a\x00"], *(rng.sample(samples, rng.randint(1, 40)) for _ in range(500))]
    for batch in batches:
        assert clean_texts(batch) == [clean_text(v) for v in batch], batch


def test_normalising_many_keys_at_once_gives_what_normalising_each_gives():
    """Validation folds a register's names in one go (issue 13): punctuation and spaces at the joins,
    empty and punctuation-only values, other scripts (the general way), a value holding the join."""
    latvian = ["Bērziņa", "  Ozola-Kalniņa ", "O'Brien", "", "--", "Jānis\u00a0", "ŅŪĶĒŠ", "a\x00b", "ﬁle", "Ωmega"]
    rng = random.Random(11)
    batches = [latvian, [], [""], ["-"], _samples()[:3000],
               *(rng.sample(latvian + _samples()[:400], rng.randint(1, 30)) for _ in range(300)),
               *([v for v in rng.sample(latvian, 8) if v.isascii() or "ā" in v] for _ in range(50))]
    for batch in batches:
        assert normalize_keys(batch) == [normalize_key(v) for v in batch], batch
