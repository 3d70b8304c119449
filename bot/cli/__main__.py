"""`python -m bot.cli`: the same as the `attache` entry point."""

import sys

from bot.cli.main import main

sys.exit(main())
