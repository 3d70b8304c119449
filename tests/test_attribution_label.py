"""How a statement's speaker is labelled: the source's role, cleaned, with the side once."""

from __future__ import annotations

from bot.store.views import attribution_label


def test_a_role_that_names_the_side_by_its_demonym_is_not_given_it_twice() -> None:
    label = attribution_label(
        "Ivan Sorokin", "Ruritanian Foreign Minister", "Ruritania", (), ("Ruritanian",)
    )
    assert label == "Ivan Sorokin, Ruritanian Foreign Minister"


def test_a_role_never_opens_with_punctuation_or_an_article() -> None:
    assert attribution_label("Ivan Sorokin", "- palace spokesman", "Ruritania", (), ()) == (
        "Ivan Sorokin, Ruritania's palace spokesman"
    )
    label = attribution_label("Ana Sousa", "a spokeswoman for the coast guard", "Utopia", (), ())
    assert label == "Ana Sousa, spokeswoman for the coast guard (Utopia)"


def test_a_side_ending_in_s_takes_the_apostrophe_alone() -> None:
    label = attribution_label("Jane Roe", "ambassador", "United States", ("US",), ("American",))
    assert label == "Jane Roe, the United States' ambassador"


def test_a_stored_role_loses_the_dash_and_article_before_it() -> None:
    from bot.ingest.names import clean_role

    assert clean_role("- palace spokesman") == "palace spokesman"
    assert clean_role("a spokesman for the coast guard") == "spokesman for the coast guard"
    assert clean_role("Mr.") is None
