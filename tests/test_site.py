"""The sample site, built with real MkDocs: every page kind, its links both ways, and the build's rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backmap_site.commands.linkcheck import check_site
from conftest import PLANS
from sites import links_from, page

pytestmark = pytest.mark.build

SLUGS = ["student-learning-needs", "context", "improvement-goals", "educator-learning-needs", "research",
         "professional-learning", "implementation"]


def test_every_internal_link_and_anchor_resolves(sample_site: Path) -> None:
    assert check_site(sample_site, "/backmap-site/") == []


def test_the_url_contract(sample_site: Path, reference, samples) -> None:
    urls = ["", "steps", "standards", "designs", "concepts", "plans", "insights", "coverage", "editor", "contribute",
            *(f"steps/{s}" for s in SLUGS), *(f"standards/{s}" for s in reference.standards.items),
            *(f"designs/{d}" for d in reference.designs.items), *(f"environments/{e}" for e in reference.environments.items),
            *(f"concepts/{c}" for c in ("factors", "attributes", "learning-communities-cycle", "evaluation-levels", "glossary")),
            *(f"plans/{p}" for p, plan in samples.items() if plan.visibility != "private")]
    missing = [url for url in urls if not (sample_site / url / "index.html").is_file()]
    assert missing == []
    assert len(list((sample_site / "designs").glob("*/index.html"))) == 25
    for plan_id in samples:
        assert (sample_site / "plans" / f"{plan_id}.yaml").read_bytes() == next(PLANS.rglob(f"{plan_id}.yaml")).read_bytes()


def test_navigation_holds_sections_not_plans(sample_site: Path, samples) -> None:
    html = (sample_site / "index.html").read_text()
    nav = html[html.index("md-nav--primary"):html.index('<div class="md-content"')]
    assert "plans/" in nav
    assert not any(f"plans/{plan_id}/" in nav for plan_id in samples)


def _navigation(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text()
    return html[html.index('<nav class="md-nav md-nav--primary'):html.index('data-md-type="toc"')]


def test_pages_out_of_the_navigation_share_one_rendering_of_it_and_pages_in_it_mark_themselves(
        sample_site: Path, samples) -> None:
    """The navigation is rendered once for each folder of pages out of it (`theme_nav.py`); its links must still
    lead where the theme's own rendering leads (the link check of the whole site covers that)."""
    first, *others = [f"plans/{plan_id}" for plan_id in samples]
    assert others and all(_navigation(sample_site, url) == _navigation(sample_site, first) for url in others)
    assert "md-nav__link--active" not in _navigation(sample_site, first)
    assert _navigation(sample_site, "designs/coaching") != _navigation(sample_site, first)
    for in_nav in ("plans", "steps"):
        active = re.search(r'md-nav__link--active"[^>]*href="([^"]*)"|href="([^"]*)"[^>]*md-nav__link--active',
                           _navigation(sample_site, in_nav))
        assert active and (active[1] or active[2]) in ("./", "."), in_nav


def test_home_has_the_model_diagram_linking_every_step(sample_site: Path) -> None:
    home = page(sample_site, "")
    svg = [attrs for tag, attrs in home.elements if tag == "svg" and attrs.get("role") == "group"]
    assert len(svg) == 1 and svg[0]["aria-labelledby"] == "bm-diagram-title bm-diagram-desc"
    assert {"bm-diagram-title", "bm-diagram-desc"} <= home.ids()
    steps = [attrs["href"] for tag, attrs in home.elements if tag == "a" and attrs.get("class") == "bm-diagram__step"]
    assert steps == [f"steps/{slug}/" for slug in SLUGS]


def test_plan_page_has_the_seven_steps_in_order_and_every_local_id(sample_site: Path, samples) -> None:
    plan_id = "riverbend-middle-math-2025-26"
    plan = samples[plan_id]
    html = page(sample_site, f"plans/{plan_id}")
    ids_in_order = [attrs["id"] for _, attrs in html.elements if attrs.get("id") in SLUGS]
    assert ids_in_order == SLUGS
    steps = plan.steps
    local = [n.id for n in steps.student_learning_needs.needs] + [g.id for g in steps.improvement_goals] + \
        [n.id for n in steps.educator_learning_needs.needs] + [a.id for a in steps.professional_learning.activities] + \
        [e.id for e in steps.professional_learning.evaluation]
    assert {i.lower() for i in local} <= html.ids()
    levels = [int(attrs["id"].rsplit("-", 1)[1]) for _, attrs in html.elements
              if re.fullmatch(r"professional-learning-level-\d", attrs.get("id") or "")]
    assert levels == sorted({e.level for e in steps.professional_learning.evaluation}, reverse=True)  # 5 down to 1
    assert len(levels) >= 3
    assert "Funding source" in html.text and "Timeline" in html.text


def test_plan_links_to_its_references_and_they_link_back(sample_site: Path, samples) -> None:
    for plan_id, plan in samples.items():
        if plan.visibility != "public":
            continue
        here = f"plans/{plan_id}/"
        out = links_from(sample_site, here)
        for slug in SLUGS:
            if getattr(plan.steps, slug.replace("-", "_")):
                assert f"steps/{slug}/" in out
                assert f"{here}#{slug}" in links_from(sample_site, f"steps/{slug}")
        for activity in plan.steps.professional_learning.activities:
            anchor = f"{here}#{activity.id.lower()}"
            for design in activity.designs:
                assert f"designs/{design}/" in out
                assert anchor in links_from(sample_site, f"designs/{design}")
            assert f"environments/{activity.environment}/" in out
            assert anchor in links_from(sample_site, f"environments/{activity.environment}")
            for standard in activity.standards or []:
                assert f"standards/{standard}/" in out
                assert anchor in links_from(sample_site, f"standards/{standard}")
            for factor in activity.factors or []:
                assert f"concepts/factors/#{factor}" in out
                assert anchor in links_from(sample_site, "concepts/factors")
        for standard in ("data", "outcomes"):
            assert here in {link.split("#")[0] for link in links_from(sample_site, f"standards/{standard}")}
        if plan.parent:
            assert f"plans/{plan.parent}/" in out
            assert here in links_from(sample_site, f"plans/{plan.parent}")


def test_reference_pages_link_each_other(sample_site: Path, reference) -> None:
    for step in reference.steps:
        out = links_from(sample_site, f"steps/{step.id}")
        assert {f"standards/{s}/" for s in step.standards} <= out
        for standard in step.standards:
            assert f"steps/{step.id}/" in links_from(sample_site, f"standards/{standard}")
    for design in reference.designs:
        out = links_from(sample_site, f"designs/{design.id}")
        assert {f"environments/{e}/" for e in design.environments} <= out
        assert {f"concepts/factors/#{f}" for f in design.factors} <= out
        assert {f"designs/{r}/" for r in design.related} <= out
        assert f"designs/{design.id}/" in links_from(sample_site, "concepts/factors")
        for environment in design.environments:
            assert f"designs/{design.id}/" in links_from(sample_site, f"environments/{environment}")


def test_edit_links_point_at_the_source_files(sample_site: Path) -> None:
    repo = "https://github.com/backmap/backmap-site/edit/main/"
    plan = page(sample_site, "plans/riverbend-middle-math-2025-26")
    assert plan.hrefs().count(f"{repo}plans/riverbend/riverbend-middle-math-2025-26.yaml") == 2  # button and body
    assert "../riverbend-middle-math-2025-26.yaml" in plan.hrefs()
    assert f"{repo}content/index.md" in page(sample_site, "").hrefs(), "the home page's own text"
    for packaged in ("designs/lesson-study", "steps/research", "concepts/factors"):  # the package's, not the site's
        assert not [href for href in page(sample_site, packaged).hrefs() if "/edit/" in href], packaged


def test_no_page_loads_anything_from_another_host(sample_site: Path) -> None:
    for path in sample_site.rglob("*.html"):
        text = path.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        assert 'data-md-component="source"' not in text, f"{path}: the repository widget calls the host's API"
