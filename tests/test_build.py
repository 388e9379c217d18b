"""Small real sites: visibility, hostile text, failed builds, the second adapter, live reload."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backmap_site.commands.linkcheck import check_site
from hostile import TEMPLATE_SYNTAX, TEXT, hostile_plan
from sites import BIN, Html, designed, links_from, make_project, mkdocs_build, page, plan, run, search_index, serving, snapshot, wait_for

pytestmark = pytest.mark.build


def every_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file() and p.suffix != ".gz")


def test_visibility(tmp_path: Path) -> None:
    project = make_project(tmp_path, {
        "district/open-plan": designed("Open Plan Zebra"),
        "district/quiet-plan": designed("Quiet Plan Walrus", visibility="unlisted", parent="open-plan", level="individual"),
        "district/hidden-plan": designed("Hidden Plan Narwhal", visibility="private", parent="open-plan", level="individual"),
    })
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    site = project / "site"
    assert check_site(site, "/backmap-site/") == []
    quiet = page(site, "plans/quiet-plan")
    assert ("meta", {"name": "robots", "content": "noindex"}) in quiet.elements
    assert "plans/open-plan/" in links_from(site, "plans/quiet-plan")
    for listing in ("plans", "designs/lesson-study", "environments/online", "plans/open-plan", "steps/professional-learning", ""):
        text = page(site, listing).text
        assert "Quiet Plan Walrus" not in text, listing
        assert listing == "" or "Open Plan Zebra" in text, f"{listing} lists the public plan"  # the home page lists none
    search = search_index(site)
    assert "/plans/quiet-plan/" not in search and "/plans/open-plan/" in search
    assert "Quiet Plan Walrus" not in str(search) and "Open Plan Zebra" in search["/plans/open-plan/"]["content"]
    assert "quiet-plan" not in (site / "sitemap.xml").read_text()
    assert "open-plan" in (site / "sitemap.xml").read_text()
    everything = every_text(site)
    assert "Hidden Plan Narwhal" not in everything and "hidden-plan" not in everything
    assert not (site / "plans" / "hidden-plan").exists() and not (site / "plans" / "hidden-plan.yaml").exists()


def test_hostile_text_in_every_field_is_inert(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"hostile": hostile_plan()})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    site = project / "site"
    assert check_site(site, "/backmap-site/") == []
    for path in sorted(site.rglob("*.html")):
        html = Html(path.read_text(encoding="utf-8"))
        for tag, attrs in html.elements:
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            for name in ("href", "src", "action", "data", "formaction"):
                url = (attrs.get(name) or "").strip().lower()
                assert not url.startswith(("javascript:", "data:text")) and "evil.example" not in url, (path, attrs)
            assert tag not in ("iframe", "object", "embed", "style"), (path, tag)
            assert not (tag == "meta" and attrs.get("http-equiv")), (path, attrs)
            if tag == "script" and attrs.get("src"):
                assert attrs["src"].startswith(("../", "assets/", "/backmap-site/assets/")), (path, attrs)
            if tag == "img":
                assert "tracker.example" not in (attrs.get("src") or ""), path
        assert not [script for script in html.scripts if "alert(" in script or "evil" in script], path
        assert "TEMPLATE-RAN" not in html.text.replace(TEMPLATE_SYNTAX, ""), path
    plan_page = page(site, "plans/hostile")
    assert plan_page.text.count(TEMPLATE_SYNTAX) >= 40, "template syntax in every field shows literally"
    assert "<script>alert('script')</script>" in plan_page.title
    assert plan_page.text.count("<script>alert('script')</script>") >= 40
    searched = search_index(site)["/plans/hostile/"]
    assert searched["meta"]["title"] == " ".join(TEXT.split()), "the search holds the words as text; search.js shows them so"


def test_failed_build_leaves_site_and_sources_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good-plan": plan("Good")})
    assert mkdocs_build(project).returncode == 0
    (project / "plans" / "bad-plan.yaml").write_text("title: Bad\nlevel: scool\n")
    before = {name: snapshot(project / name) for name in ("site", "content", "plans")}
    build = run([str(BIN / "mkdocs"), "build", "--strict"], project)
    assert build.returncode == 1
    assert "plans/bad-plan.yaml:2:8: level: `scool` is not one of" in build.stderr
    assert "Traceback" not in build.stderr
    assert {name: snapshot(project / name) for name in before} == before


def test_pages_export_builds_the_same_site_without_the_plugin(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"district/open-plan": designed("Open Plan"),
                                                  "district/quiet-plan": designed("Quiet", visibility="unlisted")})
    assert mkdocs_build(project).returncode == 0
    out = tmp_path / "exported"
    export = run([str(BIN / "backmap"), "pages", str(out)], project)
    assert export.returncode == 0, export.stdout + export.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert "backmap" not in str(config["plugins"]) and config["nav"][0] == {"Home": "index.md"}
    assert (out / "docs" / "SUMMARY.md").read_text().startswith("* [Home](index.md)\n* Steps\n")
    build = mkdocs_build(out)
    assert build.returncode == 0, build.stderr
    ours, theirs = project / "site", out / "site"
    pages = sorted(p.relative_to(ours).as_posix() for p in ours.rglob("index.html"))
    assert pages == sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("index.html"))
    for name in pages:
        url = name.removesuffix("index.html")
        assert links_from(ours, url) == links_from(theirs, url), url
    assert check_site(theirs, "/backmap-site/") == []
    assert "quiet-plan" not in (theirs / "sitemap.xml").read_text()


def test_pages_refuses_to_write_into_the_sources(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    before = snapshot(project / "content")
    assert run([str(BIN / "backmap"), "pages", "content/out"], project).returncode == 2
    assert snapshot(project / "content") == before


def test_serve_rebuilds_when_a_plan_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"live-plan": plan("Before Edit")})
    with serving(project) as (base, _):
        wait_for(base + "plans/live-plan/", "Before Edit")
        path = project / "plans" / "live-plan.yaml"
        path.write_text(path.read_text().replace("Before Edit", "After Edit"))
        wait_for(base + "plans/live-plan/", "After Edit")
    assert not (project / "site").exists(), "serve builds in a temporary folder"


def test_plan_page_shows_the_validator_warnings(tmp_path: Path) -> None:
    gap = designed("Gappy")
    gap["steps"]["student_learning_needs"]["needs"].append({"id": "SN2", "statement": "Forgotten need."})
    project = make_project(tmp_path, {"gappy": gap, "approved-gappy": {**gap, "status": "approved"}})
    strict = run([str(BIN / "mkdocs"), "build", "--strict"], project)
    assert strict.returncode == 1 and "approved-gappy.yaml" in strict.stderr
    (project / "plans" / "approved-gappy.yaml").unlink()
    strict = run([str(BIN / "mkdocs"), "build", "--strict"], project)
    assert strict.returncode == 0, "a draft's gaps never stop the site"
    assert "INFO    -  backmap_site:" in strict.stderr and "note: no goal addresses the student need `SN2`" in strict.stderr
    html = page(project / "site", "plans/gappy")
    assert "alignment" in html.ids() and "Still to plan" in html.text
    assert "no goal addresses the student need SN2 — name it in a goal's student_needs (step 3), or remove it" in html.text
    assert "../../editor/?plan=gappy&path=plans/gappy.yaml&section=improvement_goals" in html.hrefs(), "where the hint says the gap closes"


def test_check_links_keeps_the_old_site_when_a_built_link_is_broken(tmp_path: Path) -> None:
    """MkDocs checks the links written in Markdown; `--check-links` reads the built HTML, raw HTML included."""
    project = make_project(tmp_path, {"open-plan": designed("Open Plan")})
    built = run([str(BIN / "backmap"), "build", "--check-links"], project)
    assert built.returncode == 0, built.stderr
    (project / "content" / "about.md").write_text('# About\n\n<p><a href="../nowhere/">A page that is not there</a></p>\n')
    # Not strict: a page of one's own is not in the navigation, which strict MkDocs refuses.
    assert run([str(BIN / "backmap"), "build", "--no-strict"], project).returncode == 0, "MkDocs does not look at raw HTML"
    before = snapshot(project / "site")
    failed = run([str(BIN / "backmap"), "build", "--no-strict", "--check-links"], project)
    assert failed.returncode == 1
    assert "about/index.html: broken link ../nowhere/" in failed.stderr and "is unchanged" in failed.stderr
    assert snapshot(project / "site") == before


def test_pages_reports_the_validator_notes(tmp_path: Path) -> None:
    gap = designed("Gappy")
    gap["steps"]["student_learning_needs"]["needs"].append({"id": "SN2", "statement": "Forgotten need."})
    project = make_project(tmp_path / "project", {"gappy": gap})
    export = run([str(BIN / "backmap"), "pages", str(tmp_path / "out")], project)
    assert export.returncode == 0
    [note] = [line for line in export.stderr.splitlines() if line.startswith("INFO")]
    assert "gappy.yaml:" in note and "note: no goal addresses the student need `SN2`" in note, "a draft's gaps are notes"
    assert "WARNING" not in export.stderr
