"""Where the site works around its engines, each in one place with a note of when to remove it.

`tests/test_workarounds.py` checks that the behaviour each one works around still exists: when such a test
fails, the engine changed, and the workaround may go. Most live in the theme overrides and the stylesheet:

- `overrides/partials/source.html`: Material's repository widget asks the host's API on every page view.
  Remove when Material can show the repository without a request.
- `overrides/sitemap.xml`: MkDocs' sitemap lists every page, unlisted plans too. Remove when pages can leave it.
- `overrides/partials/actions.html`: a generated page's edit button names its source from the front matter,
  since no engine knows that its Markdown comes from a YAML file. Remove when engines read `edit_url` there.
- `assets/backmap.css` (footer): Material's copyright text falls short of 4.5:1. Remove when it reaches it.
- `search._sort_filters`: Pagefind writes a filter's values in a random order. Remove when it sorts them.

The themes' own search is not worked around but replaced (`search.py`): it sends every page's text to every page.
"""
