"""The composition that runs commands: `Core.handle` (dispatch), the Services handlers
receive, channel settings as the core applies them, and the worker pool (bot/layers.py)."""
