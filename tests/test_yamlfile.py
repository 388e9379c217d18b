"""The safe YAML subset: marks, refusals, and no surprise conversions."""

from __future__ import annotations

from pathlib import Path

import pytest

from backmap_site.format.yamlfile import MAX_BYTES, Mark, PlainScalar, YamlFileError, load_document

pytestmark = pytest.mark.unit


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "plan.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_document(path)


def refusal(tmp_path: Path, text: str | bytes):
    with pytest.raises(YamlFileError) as info:
        load(tmp_path, text)
    return info.value.diagnostic


def test_marks_point_at_keys_and_values(tmp_path: Path) -> None:
    document = load(tmp_path, "title: A\nsteps:\n  context:\n    school: |\n      text\n")
    assert document.mark(("steps", "context", "school"), key=True) == Mark(4, 5)
    assert document.mark(("steps", "context", "school")) == Mark(4, 13)
    assert document.mark(("steps", "context", "missing")) == Mark(4, 5)


def test_extension_keys_are_checked_but_left_out_of_the_data(tmp_path: Path) -> None:
    assert load(tmp_path, "title: A\nx-note: {a: 1}\n").data == {"title": "A"}
    assert refusal(tmp_path, "x-a: 1\nx-a: 2\n").message.startswith("duplicate key `x-a`")


def test_scalars_stay_text_except_null_and_booleans(tmp_path: Path) -> None:
    data = load(tmp_path, 'a: no\nb: 1.10\nc: "3"\nd: ~\ne: true\nf: 2026-09-01\ng: !!str 5\n').data
    assert data == {"a": "no", "b": "1.10", "c": "3", "d": None, "e": True, "f": "2026-09-01", "g": "5"}
    assert isinstance(data["b"], PlainScalar) and not isinstance(data["c"], PlainScalar)
    assert not isinstance(data["g"], PlainScalar)


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    layers = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    layers += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 40)]
    diagnostic = refusal(tmp_path, "\n".join(layers))
    assert (diagnostic.line, diagnostic.message) == (1, "YAML anchors (&l0) are not allowed")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: *x\n", "YAML aliases (*x) are not allowed"),
        ("? [a]\n: b\n", "a key must be a plain name"),
        ("&k a: b\n", "keys may not carry anchors or tags"),
        ("a: !custom b\n", "YAML tags (!custom) are not allowed"),
        ("a: !!int 5\n", "YAML tags (!!int) are not allowed"),
        ("a: !!binary aGk=\n", "YAML tags (!!binary) are not allowed"),
        ("'just text'\n", "the top of the file must be a mapping of fields"),
        ("# only a comment\n", "the file is empty"),
        ("a: \x07\n", "the file contains the control character U+0007"),
    ],
)
def test_refusals(tmp_path: Path, text: str, message: str) -> None:
    assert refusal(tmp_path, text).message.startswith(message)


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufefftitle: A\n".encode()).data == {"title": "A"}


def test_size_limit(tmp_path: Path) -> None:
    diagnostic = refusal(tmp_path, "a: " + "x" * MAX_BYTES)
    assert diagnostic.message == "the file is larger than 1 MiB"


def test_deep_nesting_is_refused_before_the_parser_recurses(tmp_path: Path) -> None:
    diagnostic = refusal(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000)
    assert diagnostic.message == "the data is nested more than 32 levels deep"
