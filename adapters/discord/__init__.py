"""The Discord adapter: discord.py app commands built from the core registry, Reply -> embeds.

Only `runner.py` and the modules it imports load discord.py; `render`, `command_plan`,
`settings` and `suggest` are pure and testable without a client. Importing this package
itself loads nothing, so `attache serve` pays for discord.py only when it runs Discord.
"""
