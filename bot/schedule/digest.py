"""Compose a digest: the period's key statements, by story and by side.

Pure composition, no platform imports: the result is a `Reply` any adapter can render or
a `Poster` can post. What goes in:

- approved statements whose approval time (`reviewed_at`) falls in (since, until];
- never statements stored from a feed's first poll (`announce` is False): they were old news
  when the feed was added;
- only those the channel's filters keep.

How it is chosen (see significance.py and stories.py): the statements are ranked by what
makes them news (office, kind, how widely carried, what is new); words that cannot be read
on their own (a fragment with no sentence to show it in) are left out; the rest are grouped
into stories by shared terms. Each story shows its best statements grouped by side, its
officials only when it has any, never the same words twice; the stories with the best
statements come first. The rest are counted ("and K more").
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.shorten import around, shorten
from bot.core.types import Reply, StatementItem
from bot.schedule import candidates as cand
from bot.schedule import queries
from bot.schedule import stories as st_
from bot.schedule import subscriptions as subs
from bot.schedule.filters import Filters, Matcher
from bot.store import repo
from bot.store.models import Statement, Subscription
from bot.store.views import statement_item
from bot.text.analysis import fold

DIGEST_STORIES = 6
STORY_STATEMENTS = 3
MAX_STORIES = 10
# Where a channel's digest goes: one message (or several, if long), or a headline whose
# stories follow in a thread under it (Slack: the message's thread; Discord: a thread
# started from it, or, in a forum channel, one forum post).
MESSAGE, THREAD = "message", "thread"
FORMS = (MESSAGE, THREAD)
SAME_WORDS = 0.75  # items sharing this share of all their terms say the same: one is shown
DIGEST_TOP = 10  # the newest-N list this digest replaced (compose_newest, benchmarks)
TEXT_LIMIT = 300  # characters of a statement's words shown in a digest
POINT_LIMIT = 160
MAX_SCANNED = 5000  # statements examined per digest; a months-long gap is still bounded
NO_ENTITY = "Other"


@dataclass(frozen=True)
class StoryDigest:
    """One story: its heading (stored text only) and its key statements, grouped by side
    (the side of the best statement first), best first within a side."""

    heading: str
    items: tuple[StatementItem, ...]
    statements: int  # the period's statements in the story, shown or not
    # The heading without the sides it names, for showing before each side's statements.
    topic: str = ""

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.entity or NO_ENTITY for i in self.items))


@dataclass(frozen=True)
class Digest:
    since: datetime | None  # exclusive, aware UTC; None: from the beginning
    until: datetime  # inclusive, aware UTC
    tz: str
    stories: tuple[StoryDigest, ...]
    total: int  # statements in the period, shown or not
    form: str = MESSAGE  # where the channel wants it: MESSAGE or THREAD

    @property
    def items(self) -> tuple[StatementItem, ...]:
        return tuple(i for story in self.stories for i in story.items)

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def since_label(self) -> str:
        return f"since {format_local(self.since, self.tz)}" if self.since else "so far"

    def reply(self, *, preview: bool = False, form: str | None = None) -> Reply:
        """The digest as one reply: each story's statements under the story's heading and
        their side ("1. Heading — Russia"). `form="thread"`: a headline listing the stories,
        each story a reply of its own to post in a thread under it."""
        notices: list[str] = []
        if preview:
            notices.append("Preview only: nothing was posted.")
        if self.empty:
            return Reply(
                title=f"Nothing new {self.since_label}.", notices=tuple(notices), ephemeral=preview
            )
        more = self.total - len(self.items)
        if more:
            notices.insert(0, f"And {more} more; “statements NAME” lists a speaker's statements.")
        count = f"{self.total} new statement{'s' if self.total != 1 else ''}"
        stories = len(self.stories)
        told = f" in {stories} stor{'ies' if stories != 1 else 'y'}" if stories else ""
        title = f"Digest: {count} {self.since_label}{told}"
        if (form or self.form) == THREAD:
            return Reply(
                title=title,
                lines=tuple(
                    f"{n}. {story.heading} ({', '.join(story.sides)})"
                    for n, story in enumerate(self.stories, 1)
                ),
                notices=tuple(notices),
                ephemeral=preview,
                thread=tuple(
                    Reply(
                        title=f"{n}. {story.heading}",
                        items=tuple(
                            dataclasses.replace(item, group=item.entity or NO_ENTITY)
                            for item in story.items
                        ),
                    )
                    for n, story in enumerate(self.stories, 1)
                ),
            )
        return Reply(
            title=title,
            items=tuple(
                dataclasses.replace(item, group=story_group(n, story.topic or story.heading, item))
                for n, story in enumerate(self.stories, 1)
                for item in story.items
            ),
            notices=tuple(notices),
            ephemeral=preview,
        )


def story_group(number: int, heading: str, item: StatementItem) -> str:
    """The heading an item is shown under: its story's, numbered, and its side."""
    return f"{number}. {heading} — {item.entity or NO_ENTITY}"


def format_local(moment: datetime, tz: str) -> str:
    return f"{moment.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M} {tz}"


def _who(matcher: Matcher) -> queries.Who:
    return (matcher.speaker_ids, matcher.entity_ids) if matcher.restricts_who else None


def new_statements(
    session: Session, since: datetime | None, until: datetime, matcher: Matcher
) -> list[Statement]:
    """Statements for a digest of (since, until], newest approval first."""
    ids = queries.period_ids(session, since, until, _who(matcher), MAX_SCANNED)
    return [st for st in repo.statements_by_ids(session, ids) if matcher.matches(st)]


def _newest(
    session: Session, since: datetime | None, until: datetime, matcher: Matcher, top: int
) -> tuple[list[Statement], int]:
    """The `top` newest statements of the period and how many there are in all. Without
    topic words, SQL alone decides which match, so only those shown are loaded."""
    if matcher.topics:
        rows = new_statements(session, since, until, matcher)
        return rows[:top], len(rows)
    total = queries.period_count(session, since, until, _who(matcher), MAX_SCANNED)
    ids = queries.period_ids(session, since, until, _who(matcher), top)
    return repo.statements_by_ids(session, ids), total


def compose(
    session: Session,
    *,
    since: datetime | None,
    until: datetime,
    filters: Filters,
    tz: str = "UTC",
    stories: int = DIGEST_STORIES,
    per_story: int = STORY_STATEMENTS,
    form: str = MESSAGE,
) -> Digest:
    """The period's digest: at most `stories` stories of at most `per_story` statements."""
    matcher = Matcher.build(session, filters)
    ids = queries.period_ids(session, since, until, _who(matcher), MAX_SCANNED)
    found = cand.load(session, ids, matcher)
    pool = cand.first_pass(found)
    cand.add_reports(session, pool)
    cand.add_novelty(session, pool, since)
    cand.score(pool)
    pool.sort(key=lambda c: (-c.score, -c.id))
    chosen = pick_stories(pool, stories, per_story)
    shown = {
        st.id: _short(statement_item(st))
        for st in repo.statements_by_ids(session, [c.id for _, _, cs, _ in chosen for c in cs])
    }
    built = tuple(
        StoryDigest(
            heading, tuple(shown[c.id] for c in members if c.id in shown), size, topic=topic
        )
        for heading, topic, members, size in chosen
    )
    return Digest(since=since, until=until, tz=tz, stories=built, total=len(found), form=form)


def pick_stories(
    ranked: list[cand.Candidate], stories: int, per_story: int
) -> list[tuple[str, str, list[cand.Candidate], int]]:
    """(heading, topic, statements to show, statements in the story) for the best `stories`
    stories of `ranked` (best first). A story whose statements are all by non-officials
    ranks after every story with an official."""
    term_sets = [c.terms for c in ranked]
    weights = st_.idf(term_sets)
    clusters = st_.cluster(term_sets, weights=weights)

    def rank(story: st_.Story) -> tuple[bool, float]:
        members = [ranked[i] for i in story.members]
        best = members[0].score + 0.5 * math.log2(len(members))
        return (not any(c.official for c in members), -best)

    # Stories whose main report is the same news article are one story told in parts.
    merged: list[list[cand.Candidate]] = []
    by_report: dict[int, int] = {}
    for story in sorted(clusters, key=rank):
        members = [ranked[i] for i in story.members]
        main = st_.main_report([c.reports for c in members])
        if main is not None and main.kind != st_.LIVE_BLOG and main.document_id in by_report:
            merged[by_report[main.document_id]].extend(members)
            continue
        if main is not None:
            by_report[main.document_id] = len(merged)
        merged.append(members)
    result: list[tuple[str, str, list[cand.Candidate], int]] = []
    taken: set[str] = set()
    seen: list[cand.Candidate] = []  # shown in a better story: never shown twice
    for members in merged:
        if len(result) == stories:
            break
        members.sort(key=lambda c: (-c.score, -c.id))
        shown = _key_statements(members, per_story, seen)
        if not shown:
            continue
        seen.extend(shown)
        title = st_.title_heading([c.reports for c in members], taken)
        if title:
            heading = topic = title
        else:
            texts = [c.text for c in members] + [r.title or "" for c in members for r in c.reports]
            topic = st_.terms_heading(texts, st_.shared_terms([c.terms for c in members], weights))
            sides = ", ".join(dict.fromkeys(c.entity or NO_ENTITY for c in shown))
            heading = f"{topic} — {sides}"
        taken.add(heading)
        result.append((heading, topic, shown, len(members)))
    return result


def _key_statements(
    members: list[cand.Candidate], per_story: int, seen: Sequence[cand.Candidate] = ()
) -> list[cand.Candidate]:
    """The story's best statements, officials' only when it has any, never the same words
    twice (nor words `seen` in a better story): the best of each side first, then the next
    best; grouped by side for showing."""
    officials = [c for c in members if c.official]
    pool = officials or members
    distinct: list[cand.Candidate] = []
    for c in pool:
        if not any(same_words(c, d) for d in (*seen, *distinct)):
            distinct.append(c)
    side_of = {c.id: c.entity or NO_ENTITY for c in distinct}
    firsts = list({side_of[c.id]: c for c in reversed(distinct)}.values())[::-1]
    picked = sorted(firsts, key=lambda c: -c.score)[:per_story]
    for c in distinct:
        if len(picked) >= per_story:
            break
        if c not in picked:
            picked.append(c)
    side_rank: dict[str, int] = {}
    for c in sorted(picked, key=lambda c: -c.score):
        side_rank.setdefault(side_of[c.id], len(side_rank))
    return sorted(picked, key=lambda c: (side_rank[side_of[c.id]], -c.score))


def same_words(a: cand.Candidate, b: cand.Candidate) -> bool:
    """Two items saying the same words: one holds the other's text, or nearly all their
    terms are shared."""
    x, y = " ".join(fold(a.text).split()), " ".join(fold(b.text).split())
    if x in y or y in x:
        return True
    union = a.own_terms | b.own_terms
    return bool(union) and len(a.own_terms & b.own_terms) / len(union) >= SAME_WORDS


def compose_newest(
    session: Session,
    *,
    since: datetime | None,
    until: datetime,
    filters: Filters,
    tz: str = "UTC",
    top: int = DIGEST_TOP,
) -> tuple[list[StatementItem], int]:
    """The list this digest replaced, kept to measure against (benchmarks/digest_eval.py):
    the `top` newest approvals, shortened, and how many the period holds."""
    rows, total = _newest(session, since, until, Matcher.build(session, filters), top)
    return [_short(statement_item(st)) for st in rows], total


def _short(item: StatementItem) -> StatementItem:
    """The words shortened to TEXT_LIMIT; a quote shown in its sentence keeps its words
    whole and loses words of the sentence around it instead (or, too long itself, is shown
    alone, shortened)."""
    points = tuple(shorten(p, POINT_LIMIT) for p in item.points)
    parts = item.in_sentence
    fitted = parts and around(*parts, lambda *p: sum(map(len, p)) <= TEXT_LIMIT)
    if fitted:
        before, words, after = fitted
        return dataclasses.replace(
            item, sentence=before + words + after, sentence_offset=len(before), points=points
        )
    return dataclasses.replace(
        item,
        text=shorten(item.text, TEXT_LIMIT),
        points=points,
        sentence=None,
        sentence_offset=None,
    )


def window_digest(
    session: Session, sub: Subscription, until: datetime, *, stories: int = DIGEST_STORIES
) -> tuple[datetime | None, Digest]:
    """A channel's digest ending at `until` (`schedule now` on any platform, the scheduler's
    periods): from where its window starts (its last post, else its period before `until`),
    with its filters, story count (else `stories`) and form, in its time zone; and where the
    window started (None: a schedule with no earlier fire, so the window is open at its
    start)."""
    since = subs.window_start(sub, until)
    digest = compose(
        session,
        since=since,
        until=until,
        filters=subs.filters_of(sub),
        tz=sub.timezone,
        stories=sub.stories or stories,
        form=sub.delivery or MESSAGE,
    )
    return since, digest
