"""The platform-neutral core: types, errors, the command registry, parsing, and review
cards and notices as data. What runs commands (`Core.handle`) is bot.app, a layer up."""
