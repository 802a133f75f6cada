"""Europass Mobility documents: one per participant, prefilled from the register and checked through
LibreOffice; names, files, escaping, anonymising, left-out rows and existing files."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from conftest import docx_text, flat, load_script, pdf_text

import erasmus_xl
from erasmus_xl import RegisterError
from erasmus_xl.demo import DEMO_TODAY, P_2025, P_2026, demo_data
from erasmus_xl.io.reader import read_register
from erasmus_xl.render.annexes import AnnexError
from erasmus_xl.render.docx_render import check_template
from erasmus_xl.render.europass import europass_context, europass_file_name, europass_participants, write_europass
from erasmus_xl.render.register_template import write_register

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
P = "2025-1-LV01-KA122-VET-000765432"
HOST = 'Müller & Söhne "Küche" <GmbH>'
SETTINGS = {"oid": "E10099999", "contact_email": "projekti@rtehnikums.lv", "methodologist": "Ilze Kalniņa"}


def rows() -> dict[str, list[dict]]:
    base = dict(project_number=P, activity_type="LM-SHORT-VET", receiving_organisation=HOST, country="DE",
                city="Rostock", start_date=dt.date(2025, 9, 1), end_date=dt.date(2025, 9, 26), green_travel=False,
                fewer_opportunities=False, status="completed")
    return {
        "projects": [{"project_number": P, "title": "Virtuves prakse “Rostock” & <Co>", "programme": "erasmus_plus",
                      "role": "coordinator", "start_date": dt.date(2025, 6, 1), "end_date": dt.date(2026, 11, 30),
                      "grant": 50000, "status": "approved"}],
        "mobilities": [
            {**base, "id": "M-1", "participant_type": "learner", "first_name": "Žanete", "last_name": "Čudare-Ķēniņa",
             "education_programme": "Ēdināšanas pakalpojumi (konditors)"},
            {**base, "id": "M/2:x", "participant_type": "learner", "first_name": "Anna Marija",
             "last_name": 'O\'Brien <Šķēle> & "Co"', "education_programme": "Programmēšana"},
            {**base, "id": "M-3", "participant_type": "accompanying", "first_name": "Ģirts", "last_name": "Ūdris"},
            {**base, "id": "M-4", "participant_type": "staff", "activity_type": "SM-JOB-SHDW", "first_name": "Aivars",
             "last_name": "Circenis", "start_date": dt.date(2025, 9, 8), "end_date": dt.date(2025, 9, 12)},
            {**base, "id": "M-5", "participant_type": "learner", "first_name": "Kļūda", "last_name": "Rindā",
             "education_programme": "Programmēšana", "start_date": dt.date(2025, 9, 26),
             "end_date": dt.date(2025, 9, 1)},                                   # an error: end before start
            {**base, "id": "M-6", "participant_type": "learner", "first_name": "Pēteris", "last_name": "Plānotais",
             "education_programme": "Programmēšana", "start_date": dt.date(2026, 3, 2),
             "end_date": dt.date(2026, 3, 20), "status": "confirmed"},
            {**base, "id": "M-7", "participant_type": "learner", "first_name": "Atis", "last_name": "Atcēlis",
             "education_programme": "Programmēšana", "status": "cancelled"},
        ],
        "partners": [{"name": HOST, "country": "DE", "city": "Rostock", "oid": "E10228190", "type": "company",
                      "cooperation_since": 2018}],
    }


TODAY = dt.date(2025, 12, 1)


@pytest.fixture
def register(tmp_path) -> Path:
    return write_register(tmp_path / "registrs.xlsx", rows(), settings=SETTINGS)


def test_participants_completed_learners_and_staff_without_errors(register):
    selection = europass_participants(erasmus_xl.open(register, today=TODAY), project=P)
    assert [m.id for m in selection.mobilities] == ["M-1", "M/2:x", "M-4"]   # no accompanying, cancelled, planned
    assert selection.left_out == [6] and selection.sheet == "Mobilitātes"      # M-5 is Excel row 6
    with_confirmed = europass_participants(erasmus_xl.open(register, today=TODAY), project=P.lower(), include_confirmed=True)
    assert [m.id for m in with_confirmed.mobilities] == ["M-1", "M/2:x", "M-4", "M-6"]


def test_file_names_are_safe_and_keep_diacritics(register):
    selection = europass_participants(erasmus_xl.open(register, today=TODAY), project=P)
    names = [europass_file_name(m) for m in selection.mobilities]
    assert names == ["europass-M-1-Čudare-Ķēniņa.docx", "europass-M2x-OBrien-Šķēle-Co.docx",
                     "europass-M-4-Circenis.docx"]
    assert [europass_file_name(m, anonymise=True) for m in selection.mobilities] == \
        ["europass-M-1.docx", "europass-M2x.docx", "europass-M-4.docx"]


def test_europass_lv_through_libreoffice(register, tmp_path, libreoffice):
    paths = write_europass(erasmus_xl.open(register, today=TODAY), project=P, outdir=tmp_path / "out", issue_date=dt.date(2025, 12, 1))
    assert [p.name for p in paths] == ["europass-M-1-Čudare-Ķēniņa.docx", "europass-M2x-OBrien-Šķēle-Co.docx",
                                       "europass-M-4-Circenis.docx"]
    text = flat(pdf_text(libreoffice(paths[0], "pdf")))
    for expected in [
        "Europass Mobilitātes apliecinājums", "1. Europass Mobilitātes apliecinājuma īpašnieks", "Uzvārds(-i) Čudare-Ķēniņa",
        "Vārds(-i) Žanete", "2. Europass Mobilitātes apliecinājuma izdevējs", "Rēzeknes tehnikums",
        "2025. gada 1. decembris", "3.a Nosūtošais partneris", "Varoņu iela 11a, Rēzekne, Latvija",
        "E10099999", "projekti@rtehnikums.lv", "Ilze Kalniņa", "3.b Uzņemošais partneris", "Rostock, Vācija",
        "E10228190", "uzņēmums", "4. Mobilitātes pieredzes apraksts", "Mācību mobilitāte (prakse) ārvalstīs",
        "Erasmus+ projekts Nr.", "konditors", "33 811 02 1", "01.09.2025.–26.09.2025. (26 dienas)",
        "5.a Mobilitātes laikā apgūtās prasmes un kompetences", "Valodu prasmes un kompetences",
        "Mentora vārds, uzvārds un paraksts", "Apliecinājuma īpašnieka paraksts",
    ]:
        assert expected in text, expected
    assert "Dzimšanas datums" not in text       # the register keeps none
    assert "{{" not in text and "{%" not in text and "None" not in text
    document = flat_docx_text(paths[1])                # & < > " in names: the XML is intact and the text exact
    assert 'O\'Brien <Šķēle> & "Co"' in document and HOST in document
    assert "Virtuves prakse “Rostock” & <Co>" in document
    staff = flat_docx_text(paths[2])
    assert "Darba vērošana" in staff and "08.09.2025.–12.09.2025. (5 dienas)" in staff
    assert "kuras ieguvē notiek mācības —" in staff     # no qualification for staff: a dash


def test_europass_en(register, tmp_path):
    [first, *_] = write_europass(erasmus_xl.open(register, today=TODAY), project=P, outdir=tmp_path, lang="en",
                                 issue_date=dt.date(2025, 12, 1))
    text = flat_docx_text(first)
    for expected in ["Europass Mobility", "1. Holder of the Europass Mobility", "Surname(s) Čudare-Ķēniņa",
                     "Rēzeknes tehnikums (Rezekne Technical School)", "1 December 2025", "Rostock, Germany",
                     "Erasmus+ project No.", "01/09/2025–26/09/2025 (26 days)"]:
        assert expected in text, expected


def test_anonymised_documents_show_initials_only(register, tmp_path):
    paths = write_europass(erasmus_xl.open(register, today=TODAY), project=P, outdir=tmp_path, anonymise=True)
    assert [p.name for p in paths] == ["europass-M-1.docx", "europass-M2x.docx", "europass-M-4.docx"]
    text = flat_docx_text(paths[1])
    assert "Vārds(-i) A. M." in text and "Uzvārds(-i) O." in text and "Brien" not in text
    assert "Čudare" not in flat_docx_text(paths[0])


def test_default_outdir_and_no_overwrite(register):
    paths = write_europass(erasmus_xl.open(register, today=TODAY), project=P)
    folder = register.parent / f"registrs-europass-{P}"
    assert all(p.parent == folder for p in paths) and len(paths) == 3
    paths[0].write_bytes(b"signed by the mentor")
    with pytest.raises(RegisterError) as caught:
        write_europass(erasmus_xl.open(register, today=TODAY), project=P)
    assert caught.value.code == "output_exists"
    assert paths[0].read_bytes() == b"signed by the mentor"
    assert write_europass(erasmus_xl.open(register, today=TODAY), project=P, force=True) == paths
    assert paths[0].read_bytes() != b"signed by the mentor"


def test_birth_date_only_when_the_workbook_has_it(register, tmp_path):
    workbook = openpyxl.load_workbook(register)
    sheet = workbook["Mobilitātes"]
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column, value="Dzimšanas datums")
    sheet.cell(row=2, column=column, value=dt.datetime(2007, 4, 3))
    workbook.save(register)
    book = erasmus_xl.open(register, today=TODAY)
    loaded = book.register
    first = next(m for m in loaded.mobilities if m.id == "M-1")
    assert europass_context(loaded, first)["holder"]["birth_date"] == "03.04.2007."
    assert europass_context(loaded, first, anonymise=True)["holder"]["birth_date"] is None
    [path, *_] = write_europass(book, project=P, outdir=tmp_path)
    assert "Dzimšanas datums 03.04.2007." in flat_docx_text(path)


def test_missing_optional_values_print_a_dash(tmp_path):
    data = rows()
    data["partners"] = []
    path = write_register(tmp_path / "r.xlsx", data)       # default settings: no OID, no e-mail
    [first, *_] = write_europass(erasmus_xl.open(path, today=TODAY), project=P, outdir=tmp_path / "o")
    text = flat_docx_text(first)
    assert "OID —" in text and "E-pasts —" in text and "Veids —" in text


def test_no_participants_is_a_clear_error(register, tmp_path):
    with pytest.raises(AnnexError) as caught:
        write_europass(erasmus_xl.open(register, today=TODAY), project="2024-1-LV01-KA122-VET-000000001")
    assert caught.value.code == "no_participants" and "“notikusi”" in caught.value.message
    data = rows()
    data["mobilities"] = [m for m in data["mobilities"] if m["id"] == "M-5"]
    path = write_register(tmp_path / "bad.xlsx", data)
    with pytest.raises(AnnexError) as caught:
        write_europass(erasmus_xl.open(path, today=TODAY), project=P)
    assert "Rindas ar kļūdām izlaistas: 2." in caught.value.message
    assert "Rows left out because of errors: 2." in caught.value.message_en
    with pytest.raises(AnnexError):
        write_europass(erasmus_xl.open(register, today=TODAY), project="  ")


def test_demo_project_counts(tmp_path):
    data = demo_data()
    path = write_register(tmp_path / "demo.xlsx", data)
    completed = [m for m in data["mobilities"] if m["project_number"] == P_2025 and m["status"] == "completed"
                 and m["participant_type"] != "accompanying"]
    paths = write_europass(erasmus_xl.open(path, today=DEMO_TODAY), project=P_2025, outdir=tmp_path / "e")
    assert len(paths) == len(completed) and len({p.name for p in paths}) == len(paths)
    confirmed = [m for m in data["mobilities"] if m["project_number"] == P_2026 and m["status"] in ("completed", "confirmed")
                 and m["participant_type"] != "accompanying"]
    assert len(europass_participants(erasmus_xl.open(path, today=DEMO_TODAY), project=P_2026, include_confirmed=True).mobilities) \
        == len(confirmed)


def test_committed_template_matches_the_generator(tmp_path):
    for path in load_script("make_templates").build_templates(["europass_mobility"], tmp_path):
        committed = TEMPLATES / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), f"run python scripts/make_templates.py ({committed})"


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_template_is_clean(register, lang):
    loaded = read_register(register)
    context = europass_context(loaded, loaded.mobilities[0], lang=lang)
    check = check_template(TEMPLATES / lang / "europass_mobility.docx", set(context))
    assert check.ok and check.issues == [], [i.message for i in check.issues]


def flat_docx_text(path: Path) -> str:
    return flat(docx_text(path))
