"""A district's own site: the packaged content under its own, `backmap init`, its pages and words, drafts, upgrades."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from backmap_site.commands.init import NewSite, init_site
from backmap_site.reference.content import load_reference
from backmap_site.reference.customization import Customization, read_customization
from backmap_site.reference.layers import ContentLayers
from conftest import ROOT
from sites import BIN, mkdocs_build, page, run

FIXTURE = Path(__file__).parent / "init-site"
"""A site `backmap init` made (0.2.0): every test run builds it, so a change that breaks existing sites fails."""
DESIGN = {
    "title": "Micro-credentials", "summary": "Short, evidence-based recognitions of a skill.", "order": 26,
    "description": "Educators show a skill with evidence and earn a credential.",
    "when_it_fits": "When educators choose what to learn and show it in their classrooms.",
    "environments": ["online"], "factors": [], "attributes": [], "related": ["coaching"],
}
OVERRIDE = """{% extends "base.html" %}
{% block extrahead %}<meta name="district-override" content="yes">{% endblock %}
"""


def _plan(title: str, level: str, parent: str, **fields: object) -> dict:
    return {"title": title, "level": level, "organization": "Maple", "school_year": "2026-27", "parent": parent,
            "summary": f"Summary of {title}.", "steps": {}, **fields}


def make_district(folder: Path, backmap: Path) -> Path:
    """`backmap init`, then what a district adds: nested plans (a draft with gaps, an unlisted one), a page, a design
    and a theme override."""
    done = run([str(backmap), "init", str(folder), "--name", "Maple Valley Schools", "--site-url",
                "https://example.org/maple/", "--repo-url", "https://github.com/maple/plans"], folder.parent)
    assert done.returncode == 0, done.stderr
    [starter] = (folder / "plans").glob("*.yaml")
    plans = {
        "maple-elementary-2026-27": _plan("Maple Elementary 2026-27", "school", starter.stem),
        "grade-4-fractions-2026-27": _plan("Grade 4 fractions", "individual", "maple-elementary-2026-27", steps={
            "student_learning_needs": {"needs": [{"id": "SN1", "statement": "Compare fractions."}]},
            "improvement_goals": [{"id": "G1", "statement": "More students compare fractions.", "measure": "Unit test",
                                   "baseline": "38%", "target": "60%", "due": "2027-05-01", "student_needs": ["SN1"]}],
            "educator_learning_needs": {"needs": [{"id": "EN1", "statement": "Teach with number lines.", "goals": ["G1"]}]},
            "professional_learning": {"activities": [{
                "id": "A1", "title": "Credential in number lines", "designs": ["micro-credentials"], "environment": "online",
                "audience": "Grade 4 teachers", "schedule": "Autumn term", "educator_needs": ["EN1"]}]},
        }),
        "quiet-plan-2026-27": _plan("Quiet plan", "school", starter.stem, visibility="unlisted"),
    }
    for name, data in plans.items():
        folder.joinpath("plans", "schools", f"{name}.yaml").parent.mkdir(parents=True, exist_ok=True)
        folder.joinpath("plans", "schools", f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    (folder / "content" / "designs").mkdir()
    (folder / "content" / "designs" / "micro-credentials.yaml").write_text(yaml.safe_dump(DESIGN, sort_keys=False))
    (folder / "content" / "about.md").write_text("---\ntitle: About our plans\norder: 1\n---\n\n# About our plans\n\n"
                                                 "Maple Valley plans its professional learning with its schools.\n")
    (folder / "content" / "policies").mkdir()
    (folder / "content" / "policies" / "travel.md").write_text("# Travel to conferences\n\nAsk the PL office first.\n")
    (folder / "overrides").mkdir()
    (folder / "overrides" / "main.html").write_text(OVERRIDE)
    config = (folder / "mkdocs.yml").read_text()
    (folder / "mkdocs.yml").write_text(config.replace("  # custom_dir: overrides", "  custom_dir: overrides"))
    return folder


def check_district(site: Path) -> None:
    """What the district's built site must show, and must not."""
    home = page(site, "")
    assert "Maple Valley Schools" in home.title and "Maple Valley Schools publishes its professional learning plans" in home.text
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in site.rglob("*")
                     if path.suffix in (".html", ".json", ".csv", ".xml"))
    assert "fictional" not in text and "More sample plans" not in text
    assert not re.search(r"riverbend|harbor-valley|cascadia", text, re.I), "no demo plan or site"
    assert re.search(r'href="about/"[^>]*>\s*(<[^>]+>\s*)*About our plans', (site / "index.html").read_text()), "in the navigation"
    assert "Maple Valley plans its professional learning" in page(site, "about").text
    nav = (site / "plans" / "index.html").read_text()
    assert 0 < nav.index("About our plans") < nav.index("Travel to conferences"), "ordered by front matter, then title"
    plan = (site / "plans" / "grade-4-fractions-2026-27" / "index.html").read_text()
    assert "../../designs/micro-credentials/" in plan and "Still to plan" in plan
    design = (site / "designs" / "micro-credentials" / "index.html").read_text()
    assert "Grade 4 fractions" in design, "the design links back to the plan"
    quiet = (site / "plans" / "quiet-plan-2026-27" / "index.html").read_text()
    assert '<meta name="robots" content="noindex">' in quiet and 'name="district-override"' in quiet
    assert "quiet-plan" not in (site / "sitemap.xml").read_text()


@pytest.mark.package
def test_a_district_installs_the_wheel_makes_its_site_and_builds_it(tmp_path) -> None:
    dist = tmp_path / "dist"
    wheel = run([str(BIN / "python"), "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)], ROOT, 600)
    assert wheel.returncode == 0, wheel.stderr
    [built] = dist.glob("backmap_site-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c", str(ROOT / "constraints.txt"),
                   f"{built}[zensical]"], tmp_path, 900)
    assert install.returncode == 0, install.stderr
    backmap = venv / "bin" / "backmap"
    version = run([str(backmap), "--version"], tmp_path)
    assert re.search(r"\b0\.2\.0\b", version.stdout)
    district = make_district(tmp_path / "maple", backmap)
    assert not any((district / name).exists() for name in ("backmap_site", "tests", "Makefile", "benchmarks"))
    validate = run([str(backmap), "validate", "--strict", "--format", "github"], district)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "::notice file=plans/schools/grade-4-fractions-2026-27.yaml" in validate.stdout
    for engine, site_dir in (("mkdocs", "site"), ("zensical", "site-zensical")):
        build = run([str(backmap), "build", "--engine", engine, "--check-links", "--site-dir", site_dir], district, 900)
        assert build.returncode == 0, build.stderr
        check_district(district / site_dir)
    workflows = sorted((district / ".github" / "workflows").glob("*.yml"))
    lint = run([str(BIN / "actionlint"), *map(str, workflows)], district)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    for workflow in workflows:
        assert not re.search(r"pytest|\.ci/run|make test", workflow.read_text()), workflow.name
    requirement = (district / "requirements.txt").read_text()
    assert "backmap-site[properdocs,zensical]==0.2.0" in requirement


@pytest.mark.build
def test_the_site_backmap_init_made_at_0_2_0_still_builds(tmp_path) -> None:
    site = shutil.copytree(FIXTURE, tmp_path / "site")
    build = mkdocs_build(site, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    assert "Fixture School District" in page(tmp_path / "out", "").title


@pytest.mark.build
@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_every_engine_builds_a_district_with_its_links_checked(engine, tmp_path) -> None:
    district = make_district(tmp_path / "maple", BIN / "backmap")
    build = run([str(BIN / "backmap"), "build", "--engine", engine, "--check-links"], district, 900)
    assert build.returncode == 0, build.stderr
    check_district(district / "site")


@pytest.mark.build
@pytest.mark.parametrize("shown", [["coverage", "editor"], ["frameworks", "insights", "editor", "concepts"], []])
def test_sections_left_out_leave_no_page_and_no_link(shown, tmp_path) -> None:
    district = make_district(tmp_path / "maple", BIN / "backmap")
    config = (district / "mkdocs.yml").read_text()
    config = config.replace("      # sections: [frameworks, coverage, insights, editor, concepts]", f"      sections: {shown}")
    (district / "mkdocs.yml").write_text(config)
    build = run([str(BIN / "backmap"), "build", "--check-links"], district, 900)
    assert build.returncode == 0, build.stderr
    site = district / "site"
    folders = {"frameworks": ["frameworks"], "coverage": ["coverage"], "insights": ["insights"], "editor": ["editor"],
               "concepts": ["concepts", "environments/online"]}
    for section, names in folders.items():
        for name in names:
            assert (site / name / "index.html").is_file() == (section in shown), name
    design = (site / "designs" / "coaching" / "index.html").read_text()
    assert ("../../environments/" in design) == ("concepts" in shown)
    assert ("editor/" in (site / "plans" / "index.html").read_text()) == ("editor" in shown)
    if "editor" in shown:
        assert ("frameworks/" in (site / "editor" / "data.json").read_text()) == ("frameworks" in shown)


@pytest.mark.build
def test_own_pages_that_take_a_generated_address_or_are_excluded(tmp_path) -> None:
    district = make_district(tmp_path / "maple", BIN / "backmap")
    (district / "content" / "drafts").mkdir()
    (district / "content" / "drafts" / "wip.md").write_text("# Work in progress\n")
    config = (district / "mkdocs.yml").read_text()
    (district / "mkdocs.yml").write_text(config.replace("docs_dir: content\n", "docs_dir: content\nexclude_docs: drafts/\n"))
    for engine in ("mkdocs", "zensical"):
        build = run([str(BIN / "backmap"), "build", "--engine", engine, "--check-links"], district, 900)
        assert build.returncode == 0, build.stderr
        assert not (district / "site" / "drafts").exists() and "Work in progress" not in (district / "site" / "index.html").read_text()
    (district / "content" / "coverage.md").write_text("# Our coverage\n")
    for engine in ("mkdocs", "zensical"):
        build = run([str(BIN / "backmap"), "build", "--engine", engine], district, 900)
        assert build.returncode == 1
        assert "content/coverage.md:1:1: (file): the page has the address of a generated page (coverage/)" in build.stderr
        assert "Traceback" not in build.stderr


@pytest.mark.unit
def test_a_site_file_overrides_the_packaged_one_and_a_new_one_adds(tmp_path) -> None:
    content = tmp_path / "content"
    (content / "designs").mkdir(parents=True)
    (content / "designs" / "micro-credentials.yaml").write_text(yaml.safe_dump(DESIGN))
    step = yaml.safe_load((ROOT / "content" / "steps" / "context.yaml").read_text())
    (content / "steps").mkdir()
    (content / "steps" / "context.yaml").write_text(yaml.safe_dump({**step, "summary": "Our own words."}))
    reference = load_reference(ContentLayers.of_site(content))
    assert "micro-credentials" in reference.designs and len(reference.designs.items) == 26
    assert reference.steps["context"].summary == "Our own words."
    assert reference.steps.sources["context"] == content / "steps" / "context.yaml"
    assert reference.samples.sites == [], "the demo's sample sites are not packaged"


@pytest.mark.unit
def test_a_bad_override_is_told_at_its_own_line(tmp_path) -> None:
    from backmap_site.reference.content import ContentError

    (tmp_path / "designs").mkdir()
    (tmp_path / "designs" / "coaching.yaml").write_text("title: Coaching\nsummary: s\norder: 1\ncolour: red\n")
    with pytest.raises(ContentError) as error:
        load_reference(ContentLayers.of_site(tmp_path))
    assert any(d.file.endswith("designs/coaching.yaml") and d.line == 4 for d in error.value.diagnostics)


@pytest.mark.unit
def test_own_pages_are_ordered_by_front_matter_then_title(tmp_path) -> None:
    (tmp_path / "b.md").write_text("# Beta\n")
    (tmp_path / "a.md").write_text("# Alpha\n")
    (tmp_path / "first.md").write_text("---\norder: 1\n---\n# Zulu\n")
    (tmp_path / "README.md").write_text("# Notes\n")
    (tmp_path / "index.md").write_text("---\ntitle: Our plans\n---\n# Our plans\n\nHello.\n")
    custom = read_customization(tmp_path, "Site")
    assert [p.title for p in custom.pages] == ["Zulu", "Alpha", "Beta"]
    assert custom.home is not None and custom.home.title == "Our plans"
    assert Customization().has_page("page", "editor") and not Customization(sections=frozenset()).has_page("environment", "online")


@pytest.mark.unit
def test_init_writes_nothing_where_a_file_is_in_the_way(tmp_path) -> None:
    (tmp_path / "README.md").write_text("ours")
    with pytest.raises(FileExistsError):
        init_site(tmp_path, NewSite("Maple"))
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"] and (tmp_path / "README.md").read_text() == "ours"


@pytest.mark.unit
def test_init_files_match_the_fixture_but_for_what_changed_on_purpose() -> None:
    """The fixture is what 0.2.0 wrote; a change here is a change for new sites, and the fixture stays as it was."""
    files = NewSite("Fixture School District", "https://example.org/fixture/", "https://github.com/example/fixture",
                    year="2026-27").files()
    assert set(files) == {p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*") if p.is_file()}


@pytest.mark.unit
def test_a_drafts_gaps_are_notes_that_pass_strict(tmp_path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    draft = _plan("Draft", "school", "x", steps={"student_learning_needs": {"needs": [{"id": "SN1", "statement": "s"}]}})
    del draft["parent"]
    (plans / "draft.yaml").write_text(yaml.safe_dump(draft))
    done = run([str(BIN / "backmap"), "validate", "--strict", "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stdout
    [note] = json.loads(done.stdout)
    assert note["severity"] == "note" and "no goal addresses the student need `SN1`" in note["message"]
    (plans / "draft.yaml").write_text(yaml.safe_dump({**draft, "status": "approved"}))
    approved = run([str(BIN / "backmap"), "validate", "--strict", "--format", "json"], tmp_path)
    assert approved.returncode == 1
    assert [p["severity"] for p in json.loads(approved.stdout) if "SN1" in p["message"]] == ["warning"]


@pytest.mark.unit
def test_init_quotes_what_yaml_would_read_otherwise(tmp_path) -> None:
    for name in ("Maple: SD #5", "Yes", "@home", "[Big] District"):
        config = yaml.safe_load(NewSite(name).files()["mkdocs.yml"])
        assert config["site_name"] == name


@pytest.mark.unit
def test_init_writes_nothing_where_a_folder_it_needs_is_a_file(tmp_path) -> None:
    (tmp_path / ".github").write_text("")
    with pytest.raises(FileExistsError):
        init_site(tmp_path, NewSite("Maple"))
    assert [p.name for p in tmp_path.iterdir()] == [".github"]


@pytest.mark.unit
def test_own_pages_read_as_mkdocs_reads_them_or_are_told_at_their_file(tmp_path) -> None:
    from backmap_site.reference.customization import CustomizationError

    (tmp_path / "rule.md").write_text("---\n\nText between rules.\n\n---\n")
    [page] = read_customization(tmp_path, "Site").pages
    assert page.title == "Rule" and "Text between rules." in page.body
    (tmp_path / "latin.md").write_bytes(b"# Caf\xe9\n")
    with pytest.raises(CustomizationError) as error:
        read_customization(tmp_path, "Site")
    assert str(error.value).startswith(f"{tmp_path / 'latin.md'}:1:1:") and "not UTF-8" in str(error.value)


@pytest.mark.unit
def test_packaged_content_is_never_the_sites_own(tmp_path) -> None:
    from backmap_site.reference.layers import is_packaged, packaged_root

    designs = packaged_root() / "designs" / "coaching.yaml"
    assert is_packaged(designs, tmp_path / "content"), "in a district's site, wherever the package is"
    assert not is_packaged(designs, packaged_root()), "the source repository's demo site edits its own content"


@pytest.mark.unit
def test_invalid_plugin_options_are_told_by_every_command(tmp_path) -> None:
    config = (FIXTURE / "mkdocs.yml").read_text().replace("      # sections: [frameworks, coverage, insights, editor, concepts]",
                                                          "      sections: [insight]")
    (tmp_path / "mkdocs.yml").write_text(config)
    done = run([str(BIN / "backmap"), "pages", str(tmp_path / "out")], tmp_path)
    assert done.returncode == 1 and "`sections`" in done.stderr and "insight" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.unit
def test_a_state_site_harvests_its_sources_daily_before_it_builds(tmp_path) -> None:
    state = NewSite("Cascadia OPI", level="state").files()
    deploy = yaml.safe_load(state[".github/workflows/deploy.yml"])
    assert deploy[True]["schedule"] == [{"cron": "23 5 * * *"}]  # `on:` reads as true in YAML 1.1
    steps = [step.get("run") or step.get("uses") for step in deploy["jobs"]["build"]["steps"]]
    assert steps.index("backmap harvest") < steps.index('backmap build --engine "$ENGINE" --check-links')
    assert "actions/cache@v4" in steps, "a source that fails keeps its last good copy from run to run"
    assert yaml.safe_load(state["mkdocs.yml"].replace("!ENV", ""))["plugins"][0]["backmap"] == {"sources": []}
    district = NewSite("Maple SD").files()
    assert "schedule" not in yaml.safe_load(district[".github/workflows/deploy.yml"])[True]
    assert "backmap harvest" not in district[".github/workflows/deploy.yml"]
    (tmp_path / "mkdocs.yml").write_text(state["mkdocs.yml"])
    done = run([str(BIN / "backmap"), "harvest"], tmp_path)
    assert done.returncode == 0 and "names no sources, so there is nothing to harvest" in done.stdout


@pytest.mark.unit
def test_an_invalid_option_is_placed_on_its_line(tmp_path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text((FIXTURE / "mkdocs.yml").read_text().replace("      # submit_email: pl-office@your-district.org",
                                                                   "      submit_email: nobody"))
    done = run([str(BIN / "backmap"), "pages", str(tmp_path / "out")], tmp_path)
    line = next(number for number, text in enumerate(config.read_text().splitlines(), 1) if "submit_email: nobody" in text)
    said = done.stderr + done.stdout
    assert done.returncode != 0 and f"mkdocs.yml:{line}:7: plugins.backmap: the backmap plugin's options are invalid" in said


def _configured(folder: Path, option: str) -> Path:
    """The site `backmap init` made at 0.2.0, with one option of the backmap plugin written in."""
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - backmap:\n", f"  - backmap:\n      {option}\n", 1))
    return config


@pytest.mark.unit
@pytest.mark.parametrize("command", [["validate"], ["schema"], ["pages", "out"], ["harvest"], ["build"],
                                     ["new", "--level", "school", "--title", "Maple"]])
def test_every_command_reads_the_options_as_mkdocs_does_and_names_a_wrong_one_at_its_line(tmp_path, command) -> None:
    config = _configured(tmp_path, "frameworks: spl-2022")  # a string where a list belongs
    done = run([str(BIN / "backmap"), *command], tmp_path)
    line = next(number for number, text in enumerate(config.read_text().splitlines(), 1) if "frameworks: spl-2022" in text)
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert f"mkdocs.yml:{line}:7: plugins.backmap: the backmap plugin's options are invalid: `frameworks`" in said
    assert "unknown framework" not in said and "Traceback" not in said


@pytest.mark.unit
def test_validate_finds_the_plans_and_content_where_the_options_say(tmp_path) -> None:
    _configured(tmp_path, "plans: plan-files\n      content: our-content")
    (tmp_path / "plans").rename(tmp_path / "plan-files")
    (tmp_path / "content").rename(tmp_path / "our-content")
    done = run([str(BIN / "backmap"), "validate", "--strict"], tmp_path)
    assert done.returncode == 0 and done.stderr.strip().endswith("plan file(s) valid"), done.stdout + done.stderr


@pytest.mark.unit
def test_every_option_is_documented_in_the_readme_and_offered_by_init() -> None:
    from backmap_site.engines.options import BackmapConfig, options_table

    assert options_table() in (ROOT / "README.md").read_text()
    offered = NewSite("Maple SD").files()["mkdocs.yml"]
    assert all(re.search(rf"^\s+(# )?{name}:", offered, re.M) for name, _ in BackmapConfig._schema)


@pytest.mark.build
def test_turned_off_the_plugin_makes_no_page_and_the_export_says_why(tmp_path) -> None:
    config = _configured(tmp_path, "enabled: false")
    (tmp_path / "content" / "README.md").unlink()  # the plugin, turned off, no longer keeps these notes out of the pages
    built = mkdocs_build(tmp_path)
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / "site" / "plans").exists() and (tmp_path / "site" / "index.html").is_file()
    done = run([str(BIN / "backmap"), "pages", str(tmp_path / "out")], tmp_path)
    line = next(number for number, text in enumerate(config.read_text().splitlines(), 1) if "enabled: false" in text)
    said = done.stdout + done.stderr
    assert done.returncode == 1 and f"mkdocs.yml:{line}:7: plugins.backmap.enabled: the backmap plugin is turned off" in said
    assert not (tmp_path / "out").exists()
