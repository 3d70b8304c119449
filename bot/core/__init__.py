"""The platform-neutral core: types, errors, the command registry and dispatch."""
