"""The `attache` command line (the console entry point `bot.cli:main`).

main.py runs it; parser.py builds its arguments from the registry; output.py prints replies
and picks the exit status; syntax.py writes hints as typed in a shell; channel.py reads
--channel; ingest.py, progress.py, vectors.py and digest.py are the terminal's own commands.
"""

from bot.cli.main import main
from bot.cli.parser import build_parser

__all__ = ["build_parser", "main"]
