"""The terminal adapter: plain-text rendering and the `attache chat` loop."""
