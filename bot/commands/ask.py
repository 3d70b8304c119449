"""`ask`: answer a question from approved statements."""

from __future__ import annotations

from bot.answer.compose import answer_reply
from bot.core.registry import CommandSpec, Option
from bot.core.services import Services
from bot.core.types import Command, Reply
from bot.core.validate import clean_question

# Statements kept per answer: three are shown, the rest are behind "More".
MAX_RANKED = 12


async def ask(command: Command, services: Services) -> Reply:
    question = clean_question(command.option("question") or command.text)
    with services.store.reading() as session:
        answer = services.answerer.answer(session, question, limit=MAX_RANKED)
        return answer_reply(answer)


SPECS = [
    CommandSpec(
        name="ask",
        summary="Answer a question with officials' exact, cited words",
        usage="ask QUESTION",
        help=(
            "Answers from approved statements only: every item shows the speaker, their role, "
            "the date and where it was reported. When nothing in the store answers, it says so "
            "and lists whom it does have statements from."
        ),
        handler=ask,
        options=(Option("question", "What you want to know", required=True),),
        examples=("ask What are Russia's conditions?", "ask who called it posturing?"),
    )
]
