"""Which pages share one rendering of the theme's navigation (`theme_nav.NavOnce.key`)."""

from __future__ import annotations

from types import SimpleNamespace as Item

import pytest

from backmap_site.engines.theme import NavOnce

pytestmark = pytest.mark.unit

NAV = Item(items=[Item(url=""), Item(url=None, children=[Item(url="steps/"), Item(url="steps/context/")]),
                  Item(url="plans/"), Item(url="guide/setup.html")])


@pytest.mark.parametrize(("url", "key"), [
    ("plans/maple/", "plans/*"),             # a plan page: its neighbours' links are its own
    ("designs/coaching/", "designs/*"),
    ("plans/", None),                        # in the navigation: it marks itself
    ("steps/context/", None),
    ("steps/", None),                        # something in the navigation is below it
    ("guide/other.html", "guide/"),           # without folder URLs, the pages of a folder link alike
    ("guide/setup.html", None),
])
def test_pages_of_one_folder_out_of_the_navigation_share_it(url: str, key: str | None) -> None:
    assert NavOnce(NAV).key(Item(url=url)) == key


def test_a_page_without_an_address_renders_its_own() -> None:
    assert NavOnce(NAV).key(None) is None
