"""The live preview: ``casebuilder serve CASE`` (server, watcher, page assembly)."""
