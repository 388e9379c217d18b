"""Reading and checking files: YAML with marks, the plan format and its schema, problems as diagnostics, and
what a plan's text may become on a page. Nothing here knows of a site."""
