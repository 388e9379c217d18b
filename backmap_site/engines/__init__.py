"""The adapters to the engines: the MkDocs plugin (which ProperDocs runs too), the export that Zensical
builds, the theme overrides, the site's search, and the engine table."""
