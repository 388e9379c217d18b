"""Frameworks of standards as content: the 2011 and 2022 sets, the crosswalk between them, what plans may cite,
and a third set that exists only here (tests/frameworks/state-x), proving that a state adds its own without code."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from test_browser import visible_plans

from backmap_site.commands.linkcheck import check_site
from backmap_site.commands.pdf import serve
from backmap_site.model.validation import validate_plans
from backmap_site.reference.content import ContentError, load_reference, shown
from conftest import CONTENT
from sites import BIN, designed, links_from, make_project, mkdocs_build, page, run

STATE_X = Path(__file__).parent / "frameworks" / "state-x"
GROUPS_2022 = {
    "Rigorous Content for Each Learner": ["Equity Practices", "Curriculum, Assessment, and Instruction",
                                          "Professional Expertise"],
    "Transformational Processes": ["Equity Drivers", "Evidence", "Learning Designs", "Implementation"],
    "Conditions for Success": ["Equity Foundations", "Culture of Collaborative Inquiry", "Leadership", "Resources"],
}
RENAMED = {"Equity Practices": "Learning Practices", "Equity Drivers": "Learning Drivers",
           "Equity Foundations": "Learning Foundations"}
CROSSWALK = {  # the editorial mapping, written out
    "learning-communities": ["culture-of-collaborative-inquiry"], "data": ["evidence"], "leadership": ["leadership"],
    "resources": ["resources"], "learning-designs": ["learning-designs"], "implementation": ["implementation"],
    "outcomes": ["professional-expertise", "curriculum-assessment-and-instruction"],
}
MKDOCS = Path("mkdocs.yml")


def cites(*standards: str) -> dict:
    plan = designed("Citing school")
    plan["steps"]["professional_learning"]["activities"][0]["standards"] = list(standards)
    return plan


def problems(reference, tmp_path: Path, plan: dict) -> list[str]:
    path = tmp_path / "citing.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    validation = validate_plans([path], reference, parallel=False)
    return [d.message for d in validation.errors]


# The content ------------------------------------------------------------------------------------------------------


@pytest.mark.unit
def test_the_2022_standards_are_eleven_in_three_groups(reference) -> None:
    framework = reference.frameworks["spl-2022"]
    assert {group.title: [s.title for s in standards] for group, standards in framework.groups()} == GROUPS_2022
    assert {s.title: s.renamed.title for s in framework.standards if s.renamed} == RENAMED
    assert (framework.info.year, reference.base.info.year, list(reference.frameworks)) == (2022, 2011, ["spl-2011", "spl-2022"])
    assert list(reference.base.standards.items) == list(reference.standards.items), "2011: today's seven, unchanged"


@pytest.mark.unit
def test_the_crosswalk_reads_both_ways(reference) -> None:
    framework = reference.frameworks["spl-2022"]
    assert {b: framework.successors(b) for b in reference.standards.items} == CROSSWALK
    backwards = {s: [b for b, after in CROSSWALK.items() if s in after] for s in framework.standards.items}
    assert {s: framework.predecessors(s) for s in framework.standards.items} == backwards
    assert [s for s, before in backwards.items() if not before] == ["equity-practices", "equity-drivers", "equity-foundations"]
    assert "editorial mapping" in framework.crosswalk.note and "no official crosswalk" in framework.crosswalk.note


@pytest.mark.unit
def test_plans_cite_any_shown_framework_by_either_name(reference, tmp_path) -> None:
    assert problems(reference, tmp_path, cites("data", "spl-2011/outcomes", "spl-2022/evidence",
                                               "spl-2022/equity-practices", "spl-2022/learning-practices")) == []
    assert problems(reference, tmp_path, cites("spl-2022/evidense")) == [
        "unknown standard `spl-2022/evidense` (did you mean `spl-2022/evidence`?)"]
    assert problems(reference, tmp_path, cites("equity-practices")) == [
        "unknown standard `equity-practices` (did you mean `spl-2022/equity-practices`?)"], "bare ids: the primary's"


@pytest.mark.unit
def test_a_primary_2022_framework_takes_the_bare_ids(reference, tmp_path) -> None:
    primary = shown(reference, MKDOCS, ["spl-2011", "spl-2022"], "spl-2022")
    assert problems(primary, tmp_path, cites("evidence", "learning-drivers", "spl-2011/data")) == []
    assert problems(primary, tmp_path, cites("outcomes", "data")) == [
        "unknown standard `outcomes` (did you mean `spl-2011/outcomes`?)",
        "unknown standard `data` (did you mean `spl-2011/data`?)"], "the same id in the other framework first"


@pytest.mark.unit
def test_a_site_shows_only_the_frameworks_it_names(reference) -> None:
    only_2011 = shown(reference, MKDOCS, ["spl-2011"], None)
    assert list(only_2011.frameworks) == ["spl-2011"] and "spl-2022/evidence" not in only_2011.citations()
    with pytest.raises(ContentError) as unknown:
        shown(reference, MKDOCS, ["spl-2011", "spl-2023"], None)
    assert str(unknown.value.diagnostics[0]).startswith(
        "mkdocs.yml:37:7: plugins.backmap: unknown framework `spl-2023` (did you mean `spl-2022`?)")
    with pytest.raises(ContentError) as not_a_list:
        shown(reference, MKDOCS, "spl-2022", None)  # type: ignore[arg-type]  # as a hand-written mkdocs.yml may say
    assert "`frameworks` is 'spl-2022', not a list of framework ids" in str(not_a_list.value.diagnostics[0])
    with pytest.raises(ContentError) as hidden:
        shown(reference, MKDOCS, ["spl-2011"], "spl-2022")
    assert "the primary framework `spl-2022` is not among the frameworks shown" in str(hidden.value.diagnostics[0])


@pytest.mark.unit
def test_bad_framework_content_is_pointed_at(tmp_path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    bad = content / "frameworks" / "spl-2022"
    (bad / "evidence.yaml").write_text((bad / "evidence.yaml").read_text().replace(
        "group: transformational-processes", "group: transformative-processes"))
    (bad / "crosswalk.yaml").write_text((bad / "crosswalk.yaml").read_text().replace(
        "data: [evidence]", "dat: [evidence, evidance]"))
    with pytest.raises(ContentError) as error:
        load_reference(content)
    found = sorted(str(d).replace(str(content), "content") for d in error.value.diagnostics)
    assert found == [
        "content/frameworks/spl-2022/crosswalk.yaml:10:19: links.dat[1]: unknown standard `evidance` of spl-2022 "
        "(did you mean `evidence`?) — use the ids of the files in content/frameworks/spl-2022",
        "content/frameworks/spl-2022/crosswalk.yaml:10:8: links.dat: unknown standard `dat` of spl-2011 (did you mean "
        "`data`?) — use the ids of content/standards",
        "content/frameworks/spl-2022/evidence.yaml:3:8: group: unknown group `transformative-processes` (did you mean "
        "`transformational-processes`?) — use one of the groups of content/frameworks/spl-2022/framework.yaml: "
        "rigorous-content-for-each-learner, transformational-processes, conditions-for-success",
    ]


@pytest.mark.unit
def test_a_standard_stands_for_itself_in_its_framework_and_its_counterparts_in_the_others(reference) -> None:
    from backmap_site.model.site import expand

    assert expand(reference, ["spl-2022/professional-expertise"]) == ["outcomes", "spl-2022/professional-expertise"]
    assert expand(reference, ["outcomes"]) == [
        "outcomes", "spl-2022/curriculum-assessment-and-instruction", "spl-2022/professional-expertise"]
    assert expand(reference, ["spl-2022/equity-drivers"]) == ["spl-2022/equity-drivers"], "nothing leads to it"


@pytest.mark.unit
@pytest.mark.parametrize(("change", "expected"), [
    (lambda c: [p.unlink() for p in (c / "frameworks" / "spl-2022").glob("*.yaml") if p.name != "framework.yaml"],
     "frameworks/spl-2022/framework.yaml:1:1: (file): the framework has no standards"),
    (lambda c: (c / "frameworks" / "spl-2022" / "evidence.yaml").write_text(
        (c / "frameworks" / "spl-2022" / "evidence.yaml").read_text() + "renamed: {id: learning-practices, title: X}\n"),
     "frameworks/spl-2022/evidence.yaml:12:15: renamed.id: the current name's id `learning-practices` is already a "
     "name of a standard of spl-2022"),
    (lambda c: (c / "standards" / "data.yaml").write_text(
        (c / "standards" / "data.yaml").read_text() + "renamed: {id: outcomes, title: Outcomes}\n"),
     "standards/data.yaml:20:15: renamed.id: the current name's id `outcomes` is already a name of a standard of spl-2011"),
    (lambda c: (c / "standards" / "framework.yaml").unlink() or shutil.copytree(c / "frameworks" / "spl-2022",
                                                                                 c / "frameworks" / "spl-2011"),
     "frameworks/spl-2011:1:1: (file): the framework id `spl-2011` of"),
    (lambda c: (c / "frameworks" / "spl-2022").rename(c / "frameworks" / "State X"),
     "frameworks/State X/framework.yaml:1:1: (file): the folder's name `State X` is not a valid id"),
], ids=["no standards", "renamed twice", "renamed over another", "no base file", "folder name"])
def test_framework_content_mistakes_are_pointed_at(tmp_path, change, expected: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    change(content)
    with pytest.raises(ContentError) as error:
        load_reference(content)
    found = [str(d).replace(f"{content}/", "") for d in error.value.diagnostics]
    assert any(line.startswith(expected) for line in found), found


# The sample site, with both frameworks -----------------------------------------------------------------------------


@pytest.mark.build
def test_each_2022_standard_has_a_page_under_its_group(sample_site: Path, reference) -> None:
    framework = reference.frameworks["spl-2022"]
    listing = page(sample_site, "frameworks/spl-2022").text
    for group, standards in framework.groups():
        assert group.title in listing
        for standard in standards:
            assert (sample_site / "frameworks" / "spl-2022" / standard.id / "index.html").is_file()
            assert f"frameworks/spl-2022/{standard.id}/" in links_from(sample_site, "frameworks/spl-2022")
    for old, new in RENAMED.items():
        standard = next(s for s in framework.standards if s.title == old)
        text = page(sample_site, f"frameworks/spl-2022/{standard.id}").text
        assert f"Now called {new}" in text and f"spl-2022/{standard.renamed.id}" in text


@pytest.mark.build
def test_the_crosswalk_page_and_the_standard_pages_link_both_ways(sample_site: Path) -> None:
    crosswalk = links_from(sample_site, "frameworks")
    for before, after in CROSSWALK.items():
        assert f"standards/{before}/" in crosswalk
        old = links_from(sample_site, f"standards/{before}")
        for standard in after:
            assert f"frameworks/spl-2022/{standard}/" in crosswalk
            assert f"frameworks/spl-2022/{standard}/" in old, (before, standard)
            assert f"standards/{before}/" in links_from(sample_site, f"frameworks/spl-2022/{standard}")
    assert "frameworks/" in links_from(sample_site, "standards")


@pytest.mark.build
def test_steps_show_their_2022_standards_as_derived(sample_site: Path, reference) -> None:
    for step in reference.steps:
        text = page(sample_site, f"steps/{step.id}").text
        derived = sorted({s for b in step.standards for s in CROSSWALK[b]})
        assert "Standards for Professional Learning (2022), through the crosswalk" in text
        assert {link.split("/")[-2] for link in links_from(sample_site, f"steps/{step.id}")
                if link.startswith("frameworks/spl-2022/")} == set(derived), step.id


# A third framework, only in the tests ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def state_site(tmp_path_factory) -> Path:
    """A site with the made-up state's framework added as content, and plans that cite all three sets."""
    project = make_project(tmp_path_factory.mktemp("state"), {
        "citing": {**cites("spl-2022/equity-practices", "state-x/family-engagement", "data"), "subjects": ["Math"]},
        "plain": designed("Plain school"),
    })
    shutil.copytree(STATE_X, project / "content" / "frameworks" / "state-x")
    config = (project / "mkdocs.yml").read_text().replace("frameworks: [spl-2011, spl-2022]",
                                                           "frameworks: [spl-2011, spl-2022, state-x]")
    (project / "mkdocs.yml").write_text(config)
    build = mkdocs_build(project, project / "site")
    assert build.returncode == 0, build.stderr
    return project / "site"


@pytest.mark.build
def test_a_state_adds_its_framework_without_code(state_site: Path) -> None:
    assert check_site(state_site, "/backmap-site/") == []
    assert {p.name for p in (state_site / "frameworks" / "state-x").iterdir() if p.is_dir()} == {
        "collaboration", "evidence-of-impact", "family-partnership"}
    plan = links_from(state_site, "plans/citing")
    assert {"frameworks/spl-2022/equity-practices/", "frameworks/state-x/family-partnership/", "standards/data/"} <= plan
    text = page(state_site, "plans/citing").text
    assert "Equity Practices / Learning Practices (2022 standards)" in text
    assert "Family Partnership / Family Engagement (State X standards)" in text
    assert "frameworks/state-x/collaboration/" in plan and "frameworks/state-x/evidence-of-impact/" in plan, \
        "through the crosswalk: every plan's steps engage the 2011 standards State X continues"
    entries = {p["id"]: p for p in json.loads((state_site / "plans" / "browser.json").read_text())["plans"]}
    assert "state-x/collaboration" in entries["citing"]["standard"], "its steps engage learning communities"
    # Both plans have written the same steps: what tells them apart is what the activity names, and only that.
    assert set(entries["citing"]["standard"]) - set(entries["plain"]["standard"]) == {
        "spl-2022/equity-practices", "state-x/family-partnership"}
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((state_site / "plans.csv").read_text()))}
    assert "family-partnership" in rows["citing"]["standards_state-x"].split("; ")
    assert "equity-practices" in rows["citing"]["standards_spl-2022"].split("; ")
    record = next(p for p in json.loads((state_site / "plans.json").read_text())["plans"] if p["id"] == "citing")
    assert "family-partnership" in record["engages"]["state-x"]
    coverage = page(state_site, "coverage").text
    assert all(name in coverage for name in ("Standards for Professional Learning (2022)",
                                             "State X Professional Learning Standards"))
    assert "state-x" in yaml.safe_load((state_site.parent / "mkdocs.yml").read_text())["plugins"][-1]["backmap"]["frameworks"]


@pytest.mark.browser
def test_the_browser_finds_plans_by_a_standard_of_any_framework(state_site: Path, browser) -> None:
    with serve(state_site) as url:
        context = browser.new_context()
        view = context.new_page()
        for standard in ("state-x/family-partnership", "spl-2022/equity-practices"):
            view.goto(f"{url}plans/?standard={standard}")
            view.wait_for_selector("#bm-filters:not([hidden])")
            assert view.is_checked(f"input[name=standard][value='{standard}']")
            assert visible_plans(view) == {"citing"}, standard
        context.close()


@pytest.mark.build
def test_a_site_with_2022_primary_and_a_framework_without_crosswalk(tmp_path) -> None:
    project = make_project(tmp_path, {"citing": cites("evidence", "learning-drivers", "spl-2011/data")})
    shutil.copytree(STATE_X, project / "content" / "frameworks" / "state-x")
    (project / "content" / "frameworks" / "state-x" / "crosswalk.yaml").unlink()
    config = (project / "mkdocs.yml").read_text().replace("frameworks: [spl-2011, spl-2022]",
                                                          "frameworks: [spl-2011, spl-2022, state-x]")
    (project / "mkdocs.yml").write_text(config.replace("primary_framework: spl-2011", "primary_framework: spl-2022"))
    build = mkdocs_build(project, project / "site")
    assert build.returncode == 0, build.stderr
    site = project / "site"
    assert check_site(site, "/backmap-site/") == []
    assert {"frameworks/spl-2022/evidence/", "frameworks/spl-2022/equity-drivers/", "standards/data/"} <= \
        links_from(site, "plans/citing")
    text = page(site, "plans/citing").text
    assert "Evidence" in text and "Equity Drivers / Learning Drivers" in text and "(2022 standards)" not in text, \
        "the primary framework's standards go unmarked"
    assert "no crosswalk" in page(site, "frameworks/state-x/family-partnership").text
    renamed = page(site, "frameworks/spl-2022/equity-drivers").text
    assert "`equity-drivers` or `learning-drivers`" in renamed or "equity-drivers or learning-drivers" in renamed


@pytest.mark.build
def test_backmap_validate_names_a_framework_the_content_lacks(tmp_path) -> None:
    project = make_project(tmp_path, {"citing": cites("data")})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("frameworks: [spl-2011, spl-2022]", "frameworks: [spl-2011, spl-2023]"))
    result = run([str(BIN / "backmap"), "validate"], project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("mkdocs.yml:37:7: plugins.backmap: unknown framework `spl-2023` (did you mean `spl-2022`?)"), \
        "the line of the option"
    assert "the backmap plugin's options in mkdocs.yml name frameworks the content lacks" in result.stderr
