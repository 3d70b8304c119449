"""How commands are written on Discord, read off the command plan: the slash paths and option
names shown in help and hints are the ones `plan_commands` registers, so they cannot drift
apart. Pure: no discord.py.

`/admin sources add url:<url> [kind:<feed|page>]` for a usage; an example written in the
console's form ("sources add https://example.org/feed.xml") becomes
`/admin sources add url:https://example.org/feed.xml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.discord.command_plan import CommandPlan, OptionPlan, TreePlan
from bot.core.registry import ACTION, CommandSpec, Example
from bot.core.syntax import console_usage, example_text

# Choices short enough to show in a placeholder: <feed|page>.
_SHOWN_CHOICES = 4


@dataclass(frozen=True)
class DiscordSyntax:
    plan: TreePlan
    lists_actions: bool = True

    @property
    def free_text(self) -> str:
        # Discord sends the bot slash commands only: a question is asked with /ask.
        return f"To ask a question, use {self.question('…')}"

    def usage(self, spec: CommandSpec, action: str | None = None, *, brief: bool = False) -> str:
        if action is None and spec.actions:
            return " | ".join(self.usage(spec, a.name, brief=brief) for a in spec.actions)
        leaf = self._leaf(spec.name, action)
        if leaf is None:  # not offered on Discord (named in the plan's `skipped`)
            return console_usage(spec, action)
        parts = [f"/{leaf.qualified_name}"]
        for option in leaf.options:
            if option.core_name == ACTION and action is not None:
                parts.append(f"{option.name}:{action}")
            elif option.required:
                parts.append(f"{option.name}:{_placeholder(option)}")
            elif not brief:
                parts.append(f"[{option.name}:{_placeholder(option)}]")
        return " ".join(parts)

    def example(self, example: str | Example) -> str:
        text = example_text(example)
        name, _, rest = text.strip().partition(" ")
        words = rest.split()
        action = self._action(name, words[0].lower()) if words else None
        if action is not None:
            words = words[1:]
        given = dict(example.options) if isinstance(example, Example) else {}
        action = given.pop(ACTION, action)
        leaf = self._leaf(name, action)
        if leaf is None:
            return text
        values = given or _options_from_words(leaf, words)
        if action is not None and not leaf.fixed:
            values = {ACTION: action, **values}
        by_core = {o.core_name: o.name for o in leaf.options}
        shown = [f"{by_core.get(key, key)}:{value}" for key, value in values.items()]
        return " ".join([f"/{leaf.qualified_name}", *shown])

    def question(self, text: str) -> str:
        leaf = self._leaf("ask", None)
        asked = next((o for o in leaf.options if o.required), None) if leaf else None
        if leaf is None or asked is None:
            return text
        return f"/{leaf.qualified_name} {asked.name}:{text}"

    # --- the plan ------------------------------------------------------------------------

    def _leaf(self, spec_name: str, action: str | None) -> CommandPlan | None:
        """The command that runs `spec_name` (with `action`): a public one where there is one
        (the plan lists them first), as anyone can type it."""
        for leaf in self.plan.leaves():
            if leaf.spec_name != spec_name:
                continue
            fixed = dict(leaf.fixed).get(ACTION)
            if action is None or fixed == action or (fixed is None and action in _choices(leaf)):
                return leaf
        return None

    def _action(self, spec_name: str, word: str) -> str | None:
        """`word` when it names one of the spec's actions ("add" in "sources add …")."""
        leaves = [leaf for leaf in self.plan.leaves() if leaf.spec_name == spec_name]
        actions = {dict(leaf.fixed).get(ACTION) for leaf in leaves}
        actions.update(a for leaf in leaves for a in _choices(leaf))
        return word if word in actions else None


def _choices(leaf: CommandPlan) -> tuple[str, ...]:
    return next((o.choices for o in leaf.options if o.core_name == ACTION), ())


def _placeholder(option: OptionPlan) -> str:
    if option.choices and len(option.choices) <= _SHOWN_CHOICES:
        return "<" + "|".join(option.choices) + ">"
    return f"<{option.name}>"


def _options_from_words(leaf: CommandPlan, words: list[str]) -> dict[str, str]:
    """An example's words as the leaf's options: key=value to that option, a word that is
    one of an option's choices ("feed") to it, the other words together to the first
    required option (else the first free-text one)."""
    options = {o.core_name: o for o in leaf.options if o.core_name != ACTION}
    values: dict[str, str] = {}
    rest: list[str] = []
    for word in words:
        key, eq, value = word.partition("=")
        key = key.lower().replace("-", "_")
        if eq and key in options:
            values[key] = value
            continue
        chosen = next(
            (o for o in options.values() if word in o.choices and o.core_name not in values),
            None,
        )
        if chosen is not None:
            values[chosen.core_name] = word
        else:
            rest.append(word)
    if rest:
        free = [o for o in options.values() if o.core_name not in values and not o.choices]
        target = next((o for o in free if o.required), free[0] if free else None)
        if target is not None:
            values = {target.core_name: " ".join(rest), **values}
    return values
