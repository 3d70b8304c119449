"""`attache vectors rebuild|status`: thin wrappers over bot.store.vector_admin."""

from __future__ import annotations

import sys

from bot.app.dispatch import Core
from bot.cli.output import fail_with
from bot.cli.progress import Progress, _duration
from bot.core.errors import AttacheError
from bot.store.vector_admin import rebuild, status


class EmbedProgress(Progress):
    """`attache ingest`'s progress line (a terminal only), counting statements embedded."""

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.update()

    def line(self) -> str:
        parts = [f"{self.done:,}/{self.total or 0:,} statements"]
        elapsed = self._clock() - self._started
        if self.done and elapsed > 0:
            rate = self.done / elapsed
            parts.append(f"{rate:,.0f} statements/s")
            parts.append(f"{_duration(max((self.total or 0) - self.done, 0) / rate)} left")
        return "embedding: " + ", ".join(parts)


def run(core: Core, action: str) -> int:
    try:
        return _rebuild(core) if action == "rebuild" else _status(core)
    except AttacheError as error:
        return fail_with(error)


def _rebuild(core: Core) -> int:
    progress = EmbedProgress(sys.stderr)
    try:
        report = rebuild(core.services.store, progress=progress.advance)
    finally:
        progress.finish()
    print(
        f"embedded {report.statements:,} approved statement{'s' if report.statements != 1 else ''}"
        f" with {report.model} in {report.seconds:.1f} s ({report.rate:,.0f} statements/s): "
        f"{report.written:,} vector{'s' if report.written != 1 else ''} written, "
        f"{report.removed:,} removed"
    )
    return 0


def _status(core: Core) -> int:
    from bot.embed import ENV_VAR

    found = status(core.services.store)
    setting = f"{ENV_VAR}={found.spec}" if found.spec else f"{ENV_VAR} unset: the default"
    if found.model is None:
        print(f"configured model: none ({setting}): answers use words only")
    else:
        print(f"configured model: {found.model} ({setting})")
    print(f"approved statements: {found.approved:,}", end="")
    if found.model is not None:
        print(f"; without a vector of this model: {found.missing:,}", end="")
    print()
    if not found.by_model:
        print("stored vectors: none")
    else:
        print("stored vectors:")
    for model, count in sorted(found.by_model.items(), key=lambda pair: -pair[1]):
        note = "configured" if model == found.model else "not used: another model"
        print(f"  {count:>9,}  {model} ({note})")
    if found.removed:
        print(f"rows recording a removal (no vector): {found.removed:,}")
    if found.model is not None and (found.missing or any(m != found.model for m in found.by_model)):
        print("`attache vectors rebuild` embeds what is missing and replaces other models'")
    return 0
