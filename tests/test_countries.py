"""Countries and organisations: every UN member state from the country package (its names,
official name, capital and demonym), the organisations from data/organisations.json, and
what is never taken for either (capitals that are people's names, everyday words)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from bot.ingest.inputs import text_document
from bot.ingest.linking import SpeakerLinker
from bot.ingest.names import plausible_new_speaker
from bot.ingest.pipeline import ingest_document
from bot.resources import data_dir
from bot.store import repo
from bot.store.models import Entity, Speaker
from bot.store.seed import load_gazetteer_rows
from bot.store.store import Store
from bot.text.entities import EntityRef, Resolver, SpeakerRef
from bot.text.gazetteer import ambiguous_aliases, curated, form, load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def resolver(gaz) -> Resolver:
    entities = [
        EntityRef(i, e.key, e.name, e.aliases, e.demonyms) for i, e in enumerate(gaz.entities, 1)
    ]
    speakers = [SpeakerRef(1000 + i, s.name, s.aliases, s.role) for i, s in enumerate(gaz.speakers)]
    return Resolver(entities, speakers, gaz.ambiguous_aliases)


def entity_keys(resolver: Resolver, text: str) -> list[tuple[str, ...]]:
    return [
        tuple(sorted(resolver.entities[i].key for i in m.target_ids))
        for m in resolver.find(text)
        if m.kind == "entity"
    ]


def un_member_keys() -> list[str]:
    codes = json.loads((data_dir() / "countries.json").read_text(encoding="utf-8"))["un_members"]
    by_iso = {e.iso: e.key for e in curated().entities if e.iso}
    return [by_iso.get(code, code.lower()) for code in codes]


def test_every_un_member_state_is_a_country_entity(gaz) -> None:
    members = un_member_keys()
    assert len(members) == len(set(members)) == 193
    countries = {e.key for e in gaz.entities if e.kind == "country"}
    assert set(members) <= countries
    # The observers, Taiwan and Kosovo besides.
    assert {"vatican", "pse", "twn", "kosovo"} <= countries
    assert len(countries) >= 197


def test_existing_keys_stay(gaz) -> None:
    keys = {e.key for e in gaz.entities}
    assert {"russia", "ukraine", "united-states", "united-kingdom", "nato", "eu", "un"} <= keys
    assert {"vatican", "georgia", "turkey", "kazakhstan", "china"} <= keys


def test_every_country_resolves_by_its_name_aliases_and_demonyms(gaz, resolver) -> None:
    for e in gaz.entities:
        for phrase in (e.name, *e.aliases, *e.demonyms):
            if len(form(phrase)) > 6:
                continue  # longer than any alias the resolver matches
            found = entity_keys(resolver, phrase)
            # The whole phrase is one mention of this entity ("Dominican" is two countries').
            assert found and e.key in found[0], (e.key, phrase, found)


@pytest.mark.parametrize(
    ("key", "common", "official", "demonym"),
    [
        ("russia", "Russia", "Russian Federation", "Russians"),
        ("kor", "South Korea", "Republic of Korea", "South Korean"),
        ("prk", "North Korea", "Democratic People's Republic of Korea", "North Koreans"),
        ("iran", "Iran", "Islamic Republic of Iran", "Iranian"),
        ("jor", "Jordan", "Hashemite Kingdom of Jordan", "Jordanian"),
        ("mex", "Mexico", "United Mexican States", "Mexicans"),
        ("che", "Switzerland", "Swiss Confederation", "Swiss"),
        ("bol", "Bolivia", "Plurinational State of Bolivia", "Bolivian"),
        ("tza", "Tanzania", "United Republic of Tanzania", "Tanzanians"),
        ("swz", "Eswatini", "Kingdom of Eswatini", "Swazi"),
        ("civ", "Ivory Coast", "Republic of Côte d'Ivoire", "Ivorian"),
        ("lao", "Laos", "Lao People's Democratic Republic", "Laotian"),
        ("germany", "Germany", "Federal Republic of Germany", "Germans"),
        ("vnm", "Vietnam", "Socialist Republic of Viet Nam", "Vietnamese"),
        ("nzl", "New Zealand", "New Zealand", "New Zealanders"),
        ("pse", "Palestine", "State of Palestine", "Palestinians"),
        ("vatican", "Holy See", "Vatican City State", "Vatican"),
    ],
)
def test_a_country_by_common_name_official_name_and_demonym(
    resolver, key: str, common: str, official: str, demonym: str
) -> None:
    for text in (f"What did {common} say?", f"The {official} said", f"{demonym} officials"):
        assert entity_keys(resolver, text) == [(key,)], text


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("What did Moscow say?", ["russia"]),
        ("what did moscow say", ["russia"]),  # the gazetteer's own capitals: any case
        ("Kyiv and Kiev", ["ukraine", "ukraine"]),
        ("Washington warned Beijing", ["united-states", "china"]),
        ("Ankara blocked it", ["turkey"]),
        ("Riyadh said", ["sau"]),
        ("Seoul answered Pyongyang", ["kor", "prk"]),
        ("Kinshasa and Brazzaville", ["cod", "cog"]),
        ("Abu Dhabi and New Delhi", ["are", "india"]),
        ("Astana, once Nur-Sultan", ["kazakhstan", "kazakhstan"]),
        ("Paris and Berlin", ["france", "germany"]),
        ("Praia said", ["cpv"]),
        # A capital that names another entity stays that entity's alone.
        ("Brussels decided", ["eu"]),
        ("Jerusalem said", ["israel"]),
    ],
)
def test_capitals_as_metonyms(resolver, text: str, keys: list[str]) -> None:
    assert entity_keys(resolver, text) == [(k,) for k in keys]


@pytest.mark.parametrize(
    "text",
    [
        "Victoria Nuland said sanctions would follow",
        "Kingston upon Thames",
        "Santiago Peña said",
        "Sofia Coppola",
        "Georgetown University",
        "Male soldiers and the male recruits",
        "Island nations and an island",
        "Dominique de Villepin",
        "lima beans in a manila envelope",
        "what did praia say",  # a capital only the package gives: written with its capital
        "paris and london are lower case here",
        "let us know who said it, imo, at a rapid pace, with an au pair",
        "cis and trans people, who voted",
        "the state of the republic",
    ],
)
def test_everyday_words_and_names_are_not_countries(resolver, text: str) -> None:
    assert entity_keys(resolver, text) == []


def test_country_names_that_are_words_still_name_countries(resolver) -> None:
    # Questions are typed in lower case; "turkey" or "chad" in one is the country.
    assert entity_keys(resolver, "what did turkey and chad say") == [("turkey",), ("tcd",)]
    # "Georgia" (also a US state) needs its capital; "the georgia" is a name.
    assert entity_keys(resolver, "what did georgia say") == []
    assert entity_keys(resolver, "What did Georgia say") == [("georgia",)]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("What did the Security Council say?", "un"),
        ("the UN General Assembly voted", "un"),
        ("OSCE monitors", "osce"),
        ("the OSCE said", "osce"),
        ("UNHCR", "unhcr"),
        ("the UN refugee agency", "unhcr"),
        ("the IAEA inspectors", "iaea"),
        ("the UN nuclear watchdog", "iaea"),
        ("WHO warned", "who"),
        ("UNICEF", "unicef"),
        ("G7 leaders", "g7"),
        ("the G-20", "g20"),
        ("CSTO troops", "csto"),
        ("BRICS", "brics"),
        ("the African Union", "au"),
        ("ASEAN", "asean"),
        ("the Council of Europe", "coe"),
        ("the IMF", "imf"),
        ("the World Bank", "world-bank"),
        ("the ICC prosecutor", "icc"),
        ("the International Court of Justice", "icj"),
        ("the European Commission", "eu"),
        ("the European Parliament", "eu"),
        ("Nato", "nato"),
        ("the Red Cross", "icrc"),
    ],
)
def test_organisations_resolve(resolver, text: str, key: str) -> None:
    assert entity_keys(resolver, text) == [(key,)]


def test_no_country_or_organisation_is_a_plausible_new_speaker(gaz) -> None:
    for e in gaz.entities:
        for phrase in (e.name, *e.aliases, *e.demonyms):
            assert not plausible_new_speaker(phrase), (e.key, phrase)
            assert not plausible_new_speaker(f"the {phrase}"), (e.key, phrase)


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        # Country names that are also given names or surnames stay people's names.
        ("Jordan Peterson", True),
        ("Chad Wolf", True),
        ("Jim Jordan", True),
        ("Georgia Gould", True),
        ("Lisa Monaco", True),
        # Capitals that are people's names are no aliases at all.
        ("Victoria Nuland", True),
        ("Santiago Peña", True),
        # A place, a country or a demonym is no person.
        ("Georgia", False),
        ("Jordan", False),
        ("Kabul Airport", False),
        ("Norwegian Storting", False),
        ("Saudi Arabia", False),
        ("Sri Lanka", False),
        ("Kenyan Minister", False),
        ("Moscow Patriarch", False),
    ],
)
def test_plausible_new_speakers_near_country_names(name: str, plausible: bool) -> None:
    assert plausible_new_speaker(name) is plausible


def test_the_store_is_seeded_with_every_country_and_answers_about_them(store: Store) -> None:
    with store.reading() as session:
        rows = repo.all_entities(session)
        keys = {e.key for e in rows}
        assert set(un_member_keys()) <= keys
        refs = [EntityRef(e.id, e.key, e.name, tuple(e.aliases), tuple(e.demonyms)) for e in rows]
        # What answering computes from the rows alone is what the gazetteer built.
        assert ambiguous_aliases(refs) == load_gazetteer().ambiguous_aliases
        before = {e.key: e.id for e in rows}
    with store.transaction() as session:
        load_gazetteer_rows(session)  # seeding again changes no id
    with store.reading() as session:
        assert {e.key: e.id for e in repo.all_entities(session)} == before


def test_reseeding_updates_an_existing_entity_in_place(empty_store: Store) -> None:
    with empty_store.transaction() as session:
        old = repo.upsert_entity(session, "russia", "Russia", "country", ["Moscow"], ["Russian"])
        old_id = old.id
    with empty_store.transaction() as session:
        load_gazetteer_rows(session)
    with empty_store.reading() as session:
        row = session.scalars(select(Entity).where(Entity.key == "russia")).one()
        assert row.id == old_id and "Russian Federation" in row.aliases


def test_a_country_speaking_is_its_institution_and_a_namesake_a_person(store: Store) -> None:
    text = (
        "Georgia said: “We will not join the sanctions.”\n\n"
        "Kenya said: “We reject this annexation.”\n\n"
        "Chad Wolf said: “The border is secure.”"
    )
    with store.transaction() as session:
        ingest_document(session, store.indexer, text_document(text, label="t"))
    with store.reading() as session:
        by_name = {s.name: s for s in session.scalars(select(Speaker))}
        # A country speaking is its government, a speaker of that kind, tied to the country.
        assert by_name["Government of Georgia"].entity.key == "georgia"
        assert by_name["Government of Kenya"].entity.key == "ken"
        assert by_name["Government of Kenya"].kind == "government"
        assert by_name["Chad Wolf"].entity is None and by_name["Chad Wolf"].kind == "person"


def test_a_country_named_with_an_office_is_not_the_speaker(store: Store) -> None:
    with store.transaction() as session:
        linker = SpeakerLinker(session)
        # "... the Parliament of the Czech Republic": the office's holder speaks, unnamed.
        assert linker.link(session, "Czech Republic", role="Parliament") is None
        assert linker.link(session, "Romania", role="President of") is None
        alone = linker.link(session, "Czech Republic")
        assert alone is not None and alone.entity.key == "cze"
        assert linker.link(session, "Czech Republic", role="Parliament") is None


@pytest.mark.slow
def test_answering_does_not_load_the_country_package(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    Store.open(url).close()  # migrated and seeded here; the child only answers
    code = (
        "import sys\n"
        "from bot.answer.engine import Answerer\n"
        "from bot.store.store import Store\n"
        f"store = Store.open({url!r})\n"
        "with store.reading() as session:\n"
        "    answer = Answerer(store).answer(session, 'What did Riyadh say?')\n"
        "print(answer.question.subject_entity_ids, 'countryinfo' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split()[-1] == "False" and "set()" not in out
