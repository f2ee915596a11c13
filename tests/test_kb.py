"""MessageKind and Resolution: every kind has its KB template and resolution, every resolution is reachable."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from proxycert import (
    MessageKind,
    ProxyCertError,
    Resolution,
    UnknownMessageKindError,
    resolution_for,
)

# The KB's four messages, verbatim (the file says where from).
KB_SYMPTOMS = Path(__file__).parent / "data" / "kb923575-symptoms.txt"


@pytest.mark.parametrize(
    ("kind", "resolution"),
    [
        (1, Resolution.EXAMINE_CERTIFICATE),
        (2, Resolution.EXAMINE_CERTIFICATE),
        (3, Resolution.INSTALL_TRUSTED_ROOT),
        (4, Resolution.DISABLE_ADD_INS),
    ],
)
def test_kb_ties_each_message_to_a_resolution(kind: int, resolution: Resolution) -> None:
    assert resolution_for(kind) is resolution
    assert resolution_for(MessageKind(kind)) is resolution
    assert MessageKind(kind).resolution is resolution
    assert MessageKind(kind) in resolution.message_kinds


@pytest.mark.parametrize("kind", list(MessageKind))
def test_every_kind_has_a_template(kind: MessageKind) -> None:
    assert kind.template.startswith(
        "There is a problem with the proxy server's security certificate"
    )
    # Messages 1-3 carry the proxy name and the code as %s placeholders; message 4 is the KB's example.
    assert kind.template.count("%s") == (0 if kind is MessageKind.TARGET_SITE_MISMATCH else 2)


@pytest.mark.parametrize("kind", list(MessageKind))
def test_templates_are_the_kb_text(kind: MessageKind) -> None:
    quoted = f"    > {kind.template}\n"
    assert quoted in KB_SYMPTOMS.read_text(encoding="utf-8")


@pytest.mark.parametrize("resolution", list(Resolution))
def test_every_resolution_is_complete_and_reachable(resolution: Resolution) -> None:
    assert resolution.title
    assert resolution.steps
    assert all(step.endswith(".") for step in resolution.steps)
    assert resolution.causes
    assert resolution.message_kinds


def test_causes_cover_the_kb_cause_list_once() -> None:
    causes = [cause for r in Resolution for cause in r.causes]
    assert len(causes) == len(set(causes)) == 5


@pytest.mark.parametrize("kind", [0, 5, -1, 2**40])
def test_unknown_kind(kind: int) -> None:
    with pytest.raises(UnknownMessageKindError) as info:
        resolution_for(kind)
    assert isinstance(info.value, ProxyCertError)
    assert str(info.value) == f"unknown error message kind {kind!r}: expected 1, 2, 3 or 4"
    assert pickle.loads(pickle.dumps(info.value)).kind == kind


@pytest.mark.parametrize("kind", ["1", 1.0, None, True, Resolution.EXAMINE_CERTIFICATE.title])
def test_kind_of_wrong_type(kind: object) -> None:
    with pytest.raises(TypeError, match="kind must be a MessageKind or an int"):
        resolution_for(kind)  # type: ignore[arg-type]


@pytest.mark.parametrize("resolution", list(Resolution))
def test_resolution_to_dict_holds_every_fact(resolution: Resolution) -> None:
    assert resolution.to_dict() == {
        "number": int(resolution),
        "title": resolution.title,
        "steps": list(resolution.steps),
        "causes": list(resolution.causes),
    }
