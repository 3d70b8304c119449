"""A speaker's side (entity) from the document's own evidence, through the pipeline on both
backends: the country a document names a person with, and the government whose own
publication quotes its officials."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.ingest.inputs import jsonl_document
from bot.ingest.linking import SpeakerLinker
from bot.ingest.names import plausible_new_speaker
from bot.ingest.pipeline import ingest_document
from bot.ingest.sides import DocumentFacts, document_sides, publishing_entity
from bot.ingest.ties import described, owners
from bot.store.models import Entity, Speaker, Statement
from bot.store.search import party_tokens
from bot.store.store import Store
from bot.text.entities import EntityRef, Resolver, SpeakerRef
from bot.text.gazetteer import load_gazetteer

WHITE_HOUSE = "The White House"

STAFF_TITLE = "Statement from NSC Spokesperson Dana Rivera on the Ruritania Talks"
STAFF = """The United States welcomes the resumption of talks between Ruritania and its neighbours.

We urge all parties to respect the ceasefire and to allow humanitarian convoys through.

We will continue to support the people of Ruritania in every way we can."""

JOINT_TITLE = (
    "Remarks by President Biden and President Han Ji-ho of the Republic of Korea in Joint "
    "Press Conference"
)
JOINT_UNNAMED_TITLE = "Remarks by President Biden and President Han Ji-ho in Joint Press Conference"
JOINT = """East Room

2:10 P.M. EDT

PRESIDENT BIDEN: Good afternoon. It is an honor to welcome President Han here today.

Our alliance has never been stronger, and we will stand together against any threat.

PRESIDENT HAN: (As interpreted.) Thank you, Mr. President. Our two countries share a vision.

We will strengthen our deterrence against any provocation from the North.

Q Mr. President, will you send more aid?

PRESIDENT BIDEN: We will keep sending aid for as long as it takes.

END 2:50 P.M. EDT
"""

NEWS = """Australians warned not to travel to the front

Australia’s treasurer, Josh Frydenberg, said citizens who fight abroad could face prosecution.

“Do not go, it is not safe and the legal position is uncertain,” Frydenberg said on Sunday.

“We will not sign anything that gives away our coast,” said Sam Okoro, Nigeria’s finance minister.

Talks with President Amadou Sow of Senegal ended late. “We are ready to mediate,” Sow said.

Mark Ellison, a defence analyst, said: “The government is right to be cautious about volunteers.”
"""

MEETING_TITLE = "Meeting with Minister of Transport Oleg Sidorov"
MEETING = """Vladimir Putin: Mr Sidorov, let us begin with the railways. How is freight?

Oleg Sidorov: Mr President, the freight programme is running ahead of schedule this year.

Vladimir Putin: Good. Rossiya TV correspondent Pavel Zorin has a question for you.

Pavel Zorin: Mr President, viewers ask whether the new lines will reach the northern ports.

Oleg Sidorov: They will reach the northern ports before the first frosts, and we have the funds.
"""
KREMLIN_PRINCIPAL = {"name": "Vladimir Putin", "role": "President of Russia", "country": "Russia"}


def ingest(store: Store, title: str | None, text: str, outlet: str, **fields: object) -> None:
    record = {"id": title or text[:20], "title": title, "text": text, "outlet": outlet, **fields}
    with store.transaction() as session:
        ingest_document(session, store.indexer, jsonl_document(record, "t"), auto_approve=True)


def sides(store: Store) -> dict[str, str | None]:
    """Each speaker's entity name (None without one)."""
    with store.reading() as session:
        return {
            s.name: s.entity.name if s.entity else None for s in session.scalars(select(Speaker))
        }


def test_a_white_house_staffers_titled_statement_is_the_united_states(gazetteer_store) -> None:
    ingest(gazetteer_store, STAFF_TITLE, STAFF, WHITE_HOUSE)
    assert sides(gazetteer_store)["Dana Rivera"] == "United States"
    with gazetteer_store.reading() as session:
        said = session.scalars(select(Statement).join(Speaker).where(Speaker.name == "Dana Rivera"))
        us = session.scalars(select(Entity.id).where(Entity.name == "United States")).one()
        assert {st.entity_id for st in said} == {us}


def test_the_same_statement_from_a_newspaper_gives_no_side(gazetteer_store) -> None:
    ingest(gazetteer_store, STAFF_TITLE, STAFF, "The Daily Courier")
    assert sides(gazetteer_store)["Dana Rivera"] is None


def test_a_visiting_president_takes_his_own_country_not_the_hosts(gazetteer_store) -> None:
    ingest(gazetteer_store, JOINT_TITLE, JOINT, WHITE_HOUSE)
    assert sides(gazetteer_store)["Han Ji-ho"] == "South Korea"


def test_a_second_president_whose_country_is_not_given_stays_without_a_side(
    gazetteer_store,
) -> None:
    ingest(gazetteer_store, JOINT_UNNAMED_TITLE, JOINT, WHITE_HOUSE)
    found = sides(gazetteer_store)
    assert found["Han Ji-ho"] is None  # the host's president is Biden: Han is a guest
    assert found["Joe Biden"] == "United States"


def test_a_news_article_names_people_with_their_countries(gazetteer_store) -> None:
    ingest(gazetteer_store, "Australians warned", NEWS, "The Daily Courier")
    found = sides(gazetteer_store)
    assert found["Josh Frydenberg"] == "Australia"
    assert found["Sam Okoro"] == "Nigeria"  # an apposition after the name
    assert found["Amadou Sow"] == "Senegal"  # "President … of Senegal"
    assert found["Mark Ellison"] is None  # an analyst: no country named


def test_a_governments_minister_takes_its_side_and_a_journalist_none(gazetteer_store) -> None:
    ingest(gazetteer_store, MEETING_TITLE, MEETING, "Kremlin", principal=KREMLIN_PRINCIPAL)
    found = sides(gazetteer_store)
    assert found["Oleg Sidorov"] == "Russia"
    assert found["Pavel Zorin"] is None


def test_earlier_statements_carry_a_side_learnt_later(gazetteer_store) -> None:
    ingest(gazetteer_store, "Talks", "Dana Rivera said: “The ceasefire must hold.”", "Courier")
    assert sides(gazetteer_store)["Dana Rivera"] is None
    ingest(gazetteer_store, STAFF_TITLE, STAFF, WHITE_HOUSE)
    with gazetteer_store.reading() as session:
        speaker = session.scalars(select(Speaker).where(Speaker.name == "Dana Rivera")).one()
        assert speaker.entity is not None and speaker.entity.name == "United States"
        said = session.scalars(select(Statement).where(Statement.speaker_id == speaker.id)).all()
        assert len(said) == 4 and {st.entity_id for st in said} == {speaker.entity_id}
        # The first statement is found as the United States' inside the index as well.
        parties = party_tokens(entity_ids=[speaker.entity_id])
        hits = gazetteer_store.search.search(session, ["ceasefire", "hold"], 5, parties)
        texts = [session.get(Statement, h.statement_id).text for h in hits]
        assert "The ceasefire must hold." in texts


# -- the rules alone, on the gazetteer ------------------------------------------------------


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    gaz = load_gazetteer()
    entities = [
        EntityRef(i, e.key, e.name, e.aliases, e.demonyms) for i, e in enumerate(gaz.entities, 1)
    ]
    ids = {e.key: e.id for e in entities}
    speakers = [
        SpeakerRef(1000 + i, s.name, s.aliases, s.role, ids.get(s.entity or ""))
        for i, s in enumerate(gaz.speakers)
    ]
    return Resolver(entities, speakers, gaz.ambiguous_aliases)


def names(resolver: Resolver, ids: set[int] | int | None) -> set[str]:
    if ids is None:
        return set()
    return {resolver.entities[i].name for i in ({ids} if isinstance(ids, int) else ids)}


@pytest.mark.parametrize(
    ("role", "owner"),
    [
        ("the former US ambassador to Russia", {"United States"}),
        ("special envoy to Ukraine", set()),  # where the office points, not whose it is
        ("Adviser to the Head of the Office of the President of Ukraine", {"Ukraine"}),
        ("German President", {"Germany"}),
        ("Director of the NZ Contemporary China Research Centre", set()),  # a body's name
        ("an expert on northern Europe at the German Institute", set()),
    ],
)
def test_only_an_owner_ties_a_role_to_a_country(resolver, role: str, owner: set[str]) -> None:
    assert names(resolver, owners(resolver, role)) == owner


@pytest.mark.parametrize(
    ("outlet", "country", "publisher"),
    [
        (WHITE_HOUSE, None, {"United States"}),
        ("Kremlin", None, {"Russia"}),
        ("Office of the President of Ukraine", None, {"Ukraine"}),
        ("The Washington Post", None, set()),  # a newspaper named after a place
        ("The Kyiv Independent", None, set()),
        ("Some Office", "Finland", {"Finland"}),  # a press release's own country
    ],
)
def test_a_government_publishes_under_its_own_name(
    resolver, outlet: str, country: str | None, publisher: set[str]
) -> None:
    assert names(resolver, publishing_entity(resolver, outlet, country)) == publisher


@pytest.mark.parametrize(
    ("name", "role", "side"),
    [
        ("Ann Lowe", "Deputy Press Secretary", {"United States"}),
        ("Raj Patel", "Chair of the Council of Economic Advisers", {"United States"}),
        ("Kim Osei", "Prime Minister", set()),  # a leader in another's document: a guest
        ("Lou Grant", "Chairman of the Board of Directors of Acme Minerals", set()),
        ("Tia Moss", "Senator", set()),  # a legislator, not the government
        ("Ben Fry", None, set()),  # nothing says he holds an office
    ],
)
def test_a_governments_own_officials_take_its_side(
    resolver, name: str, role: str | None, side: set[str]
) -> None:
    facts = DocumentFacts(
        text=f"{name}: We will keep our promises to the people.",
        title="Press Briefing by Press Secretary Jen Psaki",
        outlet=WHITE_HOUSE,
        speakers=[(name, role)],
    )
    assert names(resolver, document_sides(resolver, facts).get(name)) == side


def test_a_foreign_minister_beside_the_governments_own_is_a_guest(resolver) -> None:
    facts = DocumentFacts(
        text="Sergei Lavrov: We met today. Ola Berg: We thank our hosts.",
        title="Press conference",
        outlet="Kremlin",
        speakers=[("Sergei Lavrov", "Foreign Minister"), ("Ola Berg", "Foreign Minister")],
    )
    assert "Ola Berg" not in document_sides(resolver, facts)


@pytest.mark.parametrize(
    ("text", "roles", "owner", "elsewhere"),
    [
        (
            "the Australian prime minister, Jo Reid, said",
            ["Australian prime minister"],
            {"Australia"},
            False,
        ),
        # A comma that closes a clause is no apposition: the chancellor is someone else.
        ("After meeting the German chancellor, Jo Reid said", [], set(), False),
        (
            "said Jo Reid, Lithuania’s foreign minister.",
            ["Lithuania’s foreign minister"],
            {"Lithuania"},
            False,
        ),
        # In a list, the phrase after one name runs on to the next person's.
        ("with Jo Reid, Minister of Finance of Ukraine Oleksandr Marchuk, and", [], set(), False),
        # "Director" of the body named after it, not of the government publishing the list.
        ("Jo Reid, Director, Center for Faith and Justice: “We welcome it.”", [], set(), True),
    ],
)
def test_what_a_text_says_next_to_a_name(
    resolver, text: str, roles: list[str], owner: set[str], elsewhere: bool
) -> None:
    found = described(resolver, text, "Jo Reid")
    assert (found.roles, names(resolver, found.entities), found.elsewhere) == (
        roles,
        owner,
        elsewhere,
    )


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("Joan Weber. Dmitri Sokol", False),  # two people's names run across a full stop
        ("Welcome. Tomas Ruiz", False),
        ("George W. Bush", True),  # an initial
        ("Joseph R. Biden Jr.", True),
    ],
)
def test_a_name_runs_over_no_full_stop(name: str, plausible: bool) -> None:
    # A person so named would be given the first person's side by the second's title.
    assert plausible_new_speaker(name) is plausible


def test_a_name_run_over_a_full_stop_is_the_last_person_with_the_last_persons_side(
    resolver, gazetteer_store
) -> None:
    text = "They chose German President Joan Weber. Dmitri Sokol: We are ready to vote today."
    facts = DocumentFacts(text=text, speakers=[("Joan Weber. Dmitri Sokol", "President")])
    assert "Joan Weber. Dmitri Sokol" not in document_sides(resolver, facts)  # not Germany's
    with gazetteer_store.transaction() as session:
        speaker = SpeakerLinker(session).link(session, "Joan Weber. Dmitri Sokol", "President")
        assert speaker is not None and speaker.name == "Dmitri Sokol"
        assert speaker.role is None and speaker.entity_id is None
