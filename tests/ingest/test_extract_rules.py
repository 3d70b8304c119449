"""Attribution rules of the statement extractor, each on short texts written for these tests."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_statements
from tests.ingest.extract_helpers import find_statement as _find


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # A question mark inside the quotation does not end the attribution's sentence.
        ('He spoke.\n\n"Who pays for the roads?" Anna Kovac asked.', "Who pays", "Anna Kovac"),
        # A short quotation with a lower-case verb is no title: "Neither do I."
        ('"We know the plan," Rob Lanz said. "Neither do I."', "Neither do I", "Rob Lanz"),
        # A reversed mark opening a paragraph opens the quotation.
        (
            "Tom Reid wrote a column.\n\n” … the vote was a rout,” Reid wrote.",
            "the vote was",
            "Tom Reid",
        ),
        # “Curly” quotations nested in a "straight" one do not end it.
        (
            'Eva Lind went on:\n\n"The poll asked: “Do you trust him?” Most said no."',
            "Most said no",
            "Eva Lind",
        ),
        # An -ly adverb between subject and verb.
        (
            'Mayor Ana Ruiz forcefully told reporters that "the tax stays."',
            "the tax stays",
            "Ana Ruiz",
        ),
        # A coordinated verb shares the subject.
        (
            'Jon Bell said he liked the plan but said "the timing is wrong."',
            "the timing is wrong",
            "Jon Bell",
        ),
        # Inverted speaker with a descriptive prefix, and "for" after the name.
        ('"It was wrong," said 9/11 widow Mary Stone.', "It was wrong", "Mary Stone"),
        (
            '"The effect is small," wrote Carl Penn for the Daily Ledger.',
            "effect is small",
            "Carl Penn",
        ),
        # Verbs of singing, chanting and rating attribute quotations too.
        (
            '"Keep your hands in sight," Lola Grey sings to the crowd.',
            "hands in sight",
            "Lola Grey",
        ),
        (
            "The site rated the claim as “false.” Factcheck Weekly rated it “pants on fire.”",
            "pants",
            "Factcheck Weekly",
        ),
        # A bare verb after a plural or collective subject.
        ('Police say they have "adequate resources" for the game.', "adequate resources", "Police"),
        ("Texans often say, ''The sea gives and takes.''", "The sea gives", "Texans"),
        # A possessor's claim noun.
        (
            "The site checked Karl Moor’s claim that there were “thousands of fires” this year.",
            "thousands of fires",
            "Karl Moor",
        ),
        # A statement of a body, and a report that speaks for its author.
        (
            'The Security Council issued a statement calling the test "a clear violation" of law.',
            "a clear violation",
            "Security Council",
        ),
        ('"Growth remains uncertain," the IMF report stated.', "Growth remains", "IMF"),
        # The passive agent.
        ("“Red Roads” was written by Paul Simmer after the strike.", "Red Roads", "Paul Simmer"),
        # "according to" a speech of someone.
        (
            'The aim is to curb "activist" investors, according to a speech Mrs. Dale gave in May.',
            "activist",
            "Dale",
        ),
        # A speech verb of a thing inside the speaker's clause does not take the quotation.
        (
            'Mayor Rui Costa said the museum would tell a story "of hope and of loss."',
            "of hope",
            "Rui Costa",
        ),
    ],
)
def test_quotation_attribution(text: str, fragment: str, speaker: str) -> None:
    s = _find(text, fragment)
    # A quotation inside a reported clause ("said the museum would tell a story “…”") is
    # stored with its clause, as reported speech holding the source's quotation marks.
    assert s.direct or (s.quote != fragment and any(m in s.quote for m in '"“”‘’'))
    assert s.speaker == speaker


def test_quotation_after_a_sentence_about_its_speaker() -> None:
    text = (
        "His old partner, Lawrence Dunn, called him a master of deals. "
        '"He always found a way out."\n\n'
        "On Monday, Sen. Maria Sol made the following comment:\n\n"
        "“Our schools need the money now.”"
    )
    assert _find(text, "always found a way").speaker == "Lawrence Dunn"
    assert _find(text, "schools need the money").speaker == "Maria Sol"


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Acme Watch: Mayor Is Right, ‘Thousands of Potholes’ in Town.\n\nBody text.",
            "Potholes",
            "Acme Watch",
        ),
        (
            "Jane Roe Calls New Tax ‘A Disgrace’.\n\nJane Roe, the governor, spoke on Monday.",
            "A Disgrace",
            "Jane Roe",
        ),
        (
            "Obama Sees ‘Personal Insult’ if Voters Stay Home.\n\nPresident Barack Obama spoke.",
            "Personal Insult",
            "Barack Obama",
        ),
        (
            "Tax Plan ‘Could Work’, Lindsey Graham Says.\n\nSen. Lindsey Graham spoke on Monday.",
            "Could Work",
            "Lindsey Graham",
        ),
    ],
)
def test_headline_quotations(text: str, fragment: str, speaker: str) -> None:
    assert _find(text, fragment).speaker == speaker


def test_title_case_headline_gives_no_name_to_a_verb() -> None:
    text = (
        "Retired Colonel Reveals ‘Demoralizing’ Years.\n\nRetired Col. Sam Ortiz spoke on Monday."
    )
    assert not any(s.speaker == "Reveals" for s in extract_statements(text))


@pytest.mark.parametrize("prefix", ["said on Radio One’s", "told Metro TV’s", "appeared on"])
def test_show_names_are_not_statements(prefix: str) -> None:
    text = f'Senator Jo Park {prefix} "Morning Talk" that she would run.'
    assert not any(s.quote == "Morning Talk" for s in extract_statements(text))


def test_this_was_stated_by_reports_the_sentence_before() -> None:
    text = (
        "Ukraine will rebuild every school destroyed by the war. This was stated by Head of the "
        "Office of the President of Ukraine Andriy Yermak during a meeting with teachers. "
        '"We will start in the spring," he said.\n\n'
        "The roads will be repaired by autumn. The Head of State said this during a visit."
    )
    principal = ("Volodymyr Zelenskyy", "President of Ukraine")
    s = _find(text, "Ukraine will rebuild every school", principal=principal)
    assert s.speaker == "Andriy Yermak" and not s.direct
    assert s.role == "Head of the Office of the President of Ukraine"
    assert _find(text, "We will start", principal=principal).speaker == "Andriy Yermak"
    later = _find(text, "roads will be repaired", principal=principal)
    assert later.speaker == "Volodymyr Zelenskyy" and not later.direct


def test_role_of_an_office_is_a_person_not_the_office() -> None:
    text = (
        "Head of the Office of the President Andriy Yermak met the envoys. The Head of the "
        "President's Office stressed that the talks would go on."
    )
    s = _find(text, "the talks would go on")
    assert s.speaker == "Andriy Yermak"


def test_glued_widget_labels_and_an_opening_label() -> None:
    text = (
        "Vladimir Putin: Mr Shoigu, please report. Defence Minister Sergei Shoigu Shoigu "
        "SergeiDefence Minister: Yes, sir. The work goes to plan.\nVladimir Putin: Good."
    )
    s = _find(text, "The work goes to plan")
    assert s.speaker == "Sergei Shoigu" and s.role == "Defence Minister"
    # "Mr Shoigu, please report." is a cue, not a statement: too short to stand alone.
    assert not any("please report" in s.quote for s in extract_statements(text))
    opening = "President of Russia Vladimir Putin: Friends, I am glad to see you here today."
    s = _find(opening, "I am glad to see you")
    assert s.speaker == "Vladimir Putin"
    assert not s.quote.startswith("President of Russia")


def test_readouts_in_the_third_person() -> None:
    text = (
        "The leaders discussed food security. Having noted that Russia is being unfairly "
        "blamed for the shortages, Vladimir Putin emphasised that supply chains had failed. "
        "The President of Russia noted that exports would continue."
    )
    principal = ("Vladimir Putin", "President of Russia")
    assert _find(text, "Russia is being unfairly", principal=principal).speaker == "Vladimir Putin"
    assert _find(text, "exports would continue", principal=principal).speaker == "Vladimir Putin"


def test_a_message_of_the_office_is_its_principals() -> None:
    text = 'The message reads, in part: "Our two nations are close friends."'
    s = _find(text, "close friends", principal=("Vladimir Putin", "President of Russia"))
    assert s.speaker == "Vladimir Putin" and s.direct


def test_principal_passages_leave_out_narration_about_others() -> None:
    text = (
        '"We are not afraid," Andriy Yermak said. According to him, our partners keep their '
        "word. He also assured us of support for our country."
    )
    found = extract_statements(text, principal=("Volodymyr Zelenskyy", "President of Ukraine"))
    assert not any(s.speaker == "Volodymyr Zelenskyy" for s in found)


def test_role_from_a_description_and_from_the_title() -> None:
    text = (
        "Ivan Sorokin has signalled that Moscow is ready to talk. Vladimir Putin’s top diplomat "
        'invited the West to negotiate. "We are ready," Sorokin said.'
    )
    assert _find(text, "We are ready").role == "Vladimir Putin’s top diplomat"
    body = 'Ivan Sorokin spoke on Monday. "We are ready," Sorokin said.'
    s = _find(body, "We are ready", title="Putin's foreign minister says Russia will talk")
    assert s.role == "Putin's foreign minister"
    assert _find(body, "We are ready").role is None  # without the title nothing says so


def test_speech_title_names_the_speaker_of_first_person_passages() -> None:
    text = "Dear colleagues, I thank you for your support. We will win this war together."
    principal = ("Volodymyr Zelenskyy", "President of Ukraine")
    title = "Speech by Head of the Office of the President Andriy Yermak at the forum"
    assert _find(text, "I thank you", principal=principal).speaker == "Volodymyr Zelenskyy"
    s = _find(text, "I thank you", principal=principal, title=title)
    assert s.speaker == "Andriy Yermak"
    assert s.role == "Head of the Office of the President"


def test_the_offices_narration_about_its_principal_is_no_quote_of_theirs() -> None:
    text = (
        "President of Ukraine Volodymyr Zelenskyy met with the Prime Minister of Freedonia "
        "in Kyiv.\n\n"
        "The President stressed that our state values the support of Freedonia for our "
        "accession to the European Union.\n\n"
        "The President of Freedonia noted that his country stands with Ukraine in every way.\n\n"
        "The Head of the Office of the President added that the talks had gone well.\n\n"
        "I am grateful to our friends. We will win."
    )
    principal = ("Volodymyr Zelenskyy", "President of Ukraine")
    found = extract_statements(text, principal=principal)
    own = [s for s in found if s.speaker == "Volodymyr Zelenskyy"]
    assert not [s for s in own if s.direct and ("met with" in s.quote or "stressed" in s.quote)]
    reported = [s.quote for s in own if not s.direct]
    assert reported == [
        "our state values the support of Freedonia for our accession to the European Union"
    ]
    assert not [s for s in own if "stands with Ukraine" in s.quote or "gone well" in s.quote]
    assert [s.quote for s in own if s.direct] == ["I am grateful to our friends. We will win."]


def test_made_clear_reports_a_clause_and_that_comma_opens_none() -> None:
    # "made clear that" reports what was said as "said that" does; a "that" followed by a
    # comma ("said that, should …, it would …") is left out of the words stored.
    text = (
        "Foreign Minister Helena Dorn met her counterpart on Monday. Minister Dorn made clear "
        "that Velmar would pull its monitors out of any district where they were attacked. "
        "She also said that, should the convoys be stopped again, Velmar would suspend the "
        "transit accord."
    )
    recall = _find(text, "Velmar would pull its monitors")
    assert recall.speaker == "Helena Dorn"
    assert recall.quote.startswith("Velmar would pull")
    close = _find(text, "Velmar would suspend the transit accord")
    assert close.quote.startswith("should the convoys be stopped again")
    assert close.kind == "warning"


def test_asked_someone_to_act_reports_the_request_and_asked_about_reports_none() -> None:
    text = (
        "Foreign Minister Helena Dorn met her counterpart on Monday. She asked Minister "
        "Temerin to ensure that the consulates answer within thirty days. She asked about "
        "the payments owed to the mills. A driver, who asked not to be named, said the queue "
        "was long."
    )
    request = _find(text, "Minister Temerin to ensure")
    assert request.speaker == "Helena Dorn"
    assert request.kind == "demand"
    found = extract_statements(text)
    assert not any("payments owed" in s.quote for s in found)
    assert not any("to be named" in s.quote for s in found)


def test_an_aside_citing_someone_then_the_speakers_own_we_reports_no_one() -> None:
    # "As X said …, we expect that …": the briefer's own words after an aside; "As X
    # observes, they have …" still reports X.
    own = (
        "As Secretary Helena Dorn said in her call yesterday, we expect that the "
        "inquiry will be thorough."
    )
    assert extract_statements(own) == []
    cited = "As Helena Dorn observes, the convoys have been turned back twice."
    assert _find(cited, "the convoys have been turned back").speaker == "Helena Dorn"
