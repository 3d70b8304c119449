"""`ask`: answer a question from approved statements."""

from __future__ import annotations

from dataclasses import replace

from bot.answer.compose import answer_reply
from bot.app.services import Services
from bot.commands.explore import compare, timeline
from bot.commands.routes import route
from bot.core.errors import InvalidInput, NotFound
from bot.core.registry import CommandSpec, Option
from bot.core.types import Command, Reply
from bot.core.validate import MAX_QUESTION_CHARS, clean_question

_ROUTED = {"compare": compare, "timeline": timeline}

# Statements kept per answer: three are shown, the rest are behind "More".
MAX_RANKED = 12


async def ask(command: Command, services: Services) -> Reply:
    question = clean_question(command.option("question") or command.text)
    routed = route(question)
    if routed is not None:
        name, text = routed
        try:
            return await _ROUTED[name](replace(command, name=name, text=text, options={}), services)
        except (NotFound, InvalidInput):
            pass  # not two sides (or one) the store knows: answer it as a question
    with services.store.reading() as session:
        answer = services.answerer.answer(session, question, limit=MAX_RANKED)
        return answer_reply(answer, syntax=command.syntax)


SPECS = [
    CommandSpec(
        name="ask",
        summary="Answer a question with officials' exact, cited words",
        usage="ask QUESTION",
        help=(
            "Answers from approved statements only: every item shows the speaker, their role, "
            "the date and where it was reported. When nothing in the store answers, it says so "
            "and lists whom it does have statements from. A question comparing two sides "
            "(“how do Russia and Ukraine differ on talks?”) gets the compare view; one about "
            "a change (“how has Russia's position on talks changed?”) gets a timeline."
        ),
        handler=ask,
        options=(
            Option(
                "question",
                "What you want to know",
                required=True,
                max_length=MAX_QUESTION_CHARS,
            ),
        ),
        examples=(
            "ask What are Russia's conditions?",
            "ask who called it posturing?",
            "ask compare Russia and Ukraine on neutrality",
        ),
    )
]
