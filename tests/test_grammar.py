"""The template notation's compiler: what it refuses."""

from __future__ import annotations

import pytest

from proxycert import MessageKind
from proxycert._grammar import Grammar
from proxycert._languages import ENGLISH, LANGUAGES, Language


def test_unbalanced_template_is_refused() -> None:
    with pytest.raises(ValueError, match="unbalanced brackets in template"):
        Grammar(ENGLISH._replace(headers=("There is [a problem",)))


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.tag)
def test_every_language_renders_every_kind(language: Language) -> None:
    assert set(language.renderings) == set(MessageKind)
    assert set(language.code_format) == set(MessageKind)
    assert {kind for kind, _ in language.bodies} == set(MessageKind) - {MessageKind(1)}


def test_a_partial_reading_that_may_cut_a_message_asks_for_more() -> None:
    # A header with no tail yet, near the end of a reading that stops short: the match runs to
    # the end of the reading, so that the scanner reads further; nothing follows it.
    grammar = Grammar(ENGLISH)
    text = "there is a problem with the proxy server's security certificate, a.example. [snip]"
    assert list(grammar.matches(text)) == []
    assert [(m.start, m.end) for m in grammar.matches(text + " x", partial=True)] == [
        (0, len(text) + 2)
    ]
