from __future__ import annotations

from pathlib import Path

import pytest

from mailer.adapters.templating import load_templates
from mailer.core.compose import build_context
from mailer.core.model import DeclineSettings
from mailer.core.templates import LANGUAGES
from mailer.errors import ConfigError
from tests.compose_support import IDENTITY, TEMPLATES, make_facts

REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def context(**changes: object) -> dict[str, object]:
    variant = changes.pop("variant", 0)
    return build_context(
        make_facts(**changes),
        identity=IDENTITY,
        settings=DeclineSettings(),
        variant=variant,  # type: ignore[arg-type]
    )


def test_every_language_ships_both_templates_in_both_registers() -> None:
    for language in LANGUAGES:
        for register in ("formal", "informal"):
            for name in ("decline", "followup"):
                assert (REPO_TEMPLATES / language / register / f"{name}.txt.j2").is_file()
        assert (REPO_TEMPLATES / language / "_letter.j2").is_file()
        assert (REPO_TEMPLATES / language / "wording.txt.j2").is_file()


def test_old_layout_user_template_serves_both_registers(tmp_path: Path) -> None:
    # A templates directory written before registers existed: <lang>/<name>.txt.j2.
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "decline.txt.j2").write_text("Alt {{ greeting_name }}.\n", "utf-8")
    templates = load_templates(tmp_path)
    for register in ("formal", "informal"):
        assert templates.render("decline", "de", {**context(), "register": register}) == (
            "Alt Jane.\n"
        )


def test_user_register_template_wins_for_its_register_only(tmp_path: Path) -> None:
    (tmp_path / "fr" / "informal").mkdir(parents=True)
    (tmp_path / "fr" / "informal" / "decline.txt.j2").write_text("Salut {{ greeting_name }} !\n")
    templates = load_templates(tmp_path)
    assert templates.render("decline", "fr", {**context(), "register": "informal"}) == (
        "Salut Jane !\n"
    )
    formal = {**context(), "register": "formal"}
    assert templates.render("decline", "fr", formal) == TEMPLATES.render("decline", "fr", formal)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["decline", "followup"])
@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize("known", [True, False])
def test_each_language_renders(language: str, name: str, variant: int, known: bool) -> None:
    details = {} if known else {"greeting_name": None, "company": None, "role": None}
    text = TEMPLATES.render(name, language, context(variant=variant, **details))
    assert text.strip()
    assert "{{" not in text
    assert "{%" not in text
    assert "None" not in text
    assert "Sam Example" in text
    assert ("Backend Engineer" in text) is known
    assert ("Jane" in text) is known


def test_variants_read_differently() -> None:
    for language in LANGUAGES:
        texts = {TEMPLATES.render("decline", language, context(variant=v)) for v in range(3)}
        assert len(texts) == 3


def test_missing_language_falls_back_to_english() -> None:
    english = TEMPLATES.render("decline", "en", context())
    assert TEMPLATES.render("decline", "it", context()) == english
    assert TEMPLATES.render("decline", "../en", context()) == english


def test_plain_text_is_not_html_escaped() -> None:
    text = TEMPLATES.render("decline", "en", context(company="AT&T <Labs>", variant=0))
    assert "AT&T <Labs>" in text
    assert "&amp;" not in text


def test_user_template_wins_and_missing_files_fall_through(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "decline.txt.j2").write_text(
        "Moin {{ greeting_name }}, danke, aber nein.\n{{ signature }}\n", encoding="utf-8"
    )
    templates = load_templates(tmp_path)
    assert (
        templates.render("decline", "de", context())
        == "Moin Jane, danke, aber nein.\nSam Example\n"
    )
    # Not overridden: the shipped template.
    assert templates.render("followup", "de", context()) == TEMPLATES.render(
        "followup", "de", context()
    )
    assert templates.render("decline", "fr", context()) == TEMPLATES.render(
        "decline", "fr", context()
    )


def test_user_english_override_is_the_fallback_too(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "decline.txt.j2").write_text("Custom.\n", encoding="utf-8")
    assert load_templates(tmp_path).render("decline", "it", context()) == "Custom.\n"


def test_broken_user_templates_are_config_errors(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "decline.txt.j2").write_text("{% if %}\n", encoding="utf-8")
    (tmp_path / "en" / "followup.txt.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    templates = load_templates(tmp_path)
    with pytest.raises(ConfigError, match="line 1"):
        templates.render("decline", "en", context())
    with pytest.raises(ConfigError, match="no_such_value"):
        templates.render("followup", "en", context())
    with pytest.raises(ConfigError, match="not found"):
        templates.render("nonexistent", "en", context())


def test_missing_user_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="templates directory"):
        load_templates(tmp_path / "nope")


@pytest.mark.parametrize("name", ["decline", "followup"])
def test_french_elides_de_before_a_vowel(name: str) -> None:
    vowel = TEMPLATES.render(name, "fr", context(role="Analyste financier", variant=0))
    consonant = TEMPLATES.render(name, "fr", context(role="Chef de projet", variant=0))
    assert "d'Analyste financier" in vowel
    assert "de Analyste" not in vowel
    assert "de Chef de projet" in consonant
