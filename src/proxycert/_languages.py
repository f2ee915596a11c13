"""The four messages' wording, as data: one small table per language.

Each table holds the sentences of KB 923575 in one language, and the variants that real text
shows, written in a small template notation that :mod:`proxycert._grammar` turns into a
regular expression:

``{proxy}``, ``{target}``, ``{code}``
    the RPC proxy server name, the target site and the error code;
``[...]``
    an optional part (parts nest);
``~``
    after a name: the name runs to white space, ``(`` or the end of the text, and a sentence
    may end after it (so one final period is the sentence's, not the name's: ``a.b.`` is
    ``a.b``, and ``a.b..`` is the fully qualified ``a.b.``);
``^``
    after a name: the name runs to white space, and the code in parentheses must follow (so
    that the first word of the next line is not taken for a name); a final period stays;
a name without either ends where the text after it in the template starts;
a space
    any number of spaces and line breaks, none included (pastes drop and double them, and
    the normaliser leaves runs of plain spaces as they are); before a name, at most one line
    break, so that a name is never looked for across a blank line;
``'``
    an optional apostrophe (``servers`` for ``server's``).

No name may start with the opening words of a header: a message cut short must not take the
next message's first word for its name.

Adding a language is adding a table, once a verified source for its wording exists.  The
sources of every sentence are cited beside it; no wording here is our own translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ._kb import MessageKind

__all__ = ["ENGLISH", "JAPANESE", "LANGUAGES", "Language"]

# The four kinds by the KB's message numbers, short enough for the tables below to read as
# the KB's list of messages does.
_MESSAGE_1 = MessageKind.CERTIFICATE_PROBLEM
_MESSAGE_2 = MessageKind.NAME_MISMATCH
_MESSAGE_3 = MessageKind.UNTRUSTED_CA
_MESSAGE_4 = MessageKind.TARGET_SITE_MISMATCH


class Language(NamedTuple):
    """The wording of the four messages in one language."""

    #: The language tag reported in ``ErrorMessage.language`` (``"en"``, ``"ja"``).
    tag: str
    #: Literal strings of which every message holds one, each with the words of which one must
    #: stand close to it (to skip unrelated uses).  A fast ``str.find`` looks for each, one pass
    #: over the text at most.
    anchors: Mapping[str, tuple[str, ...]]
    #: The opening sentence: "There is a problem with the proxy server's security certificate".
    headers: tuple[str, ...]
    #: The middle sentence of messages 2, 3 and 4 (message 1 has none).
    bodies: tuple[tuple[MessageKind, str], ...]
    #: "Outlook is unable to connect to this server.", with the kind its wording points to
    #: when the middle of the message was cut (message 4's "connect to the proxy server").
    tails: tuple[tuple[MessageKind, str], ...]
    #: The error code in parentheses.
    codes: tuple[str, ...]
    #: How :meth:`ErrorMessage.render` writes each kind: ``str.format`` fields are
    #: ``comma_proxy`` (``", NAME"``), ``space_proxy`` (``" NAME"``), ``spaced_proxy``
    #: (``" NAME "``, for languages without spaces between words), ``target`` and ``code``;
    #: each is empty when its value is unknown.
    renderings: Mapping[MessageKind, str]
    #: How the code is written inside the parentheses of ``renderings``.
    code_format: Mapping[MessageKind, str]
    #: Kinds whose rendering names the proxy server after the tail, before the code, when
    #: there is a code (``space_proxy``); otherwise it goes in the header.
    tail_proxy_kinds: frozenset[MessageKind] = frozenset()


# KB 923575 (codes.md S-KB) for the templates; messages.md for the Outlook 2013 frame (the proxy
# name after "connect to the proxy server", always followed by the code), the missing-apostrophe
# and glued-word variants.
ENGLISH = Language(
    tag="en",
    # "Certificate" and "certificate" in one pass of str.find.  Text in capitals is found by the
    # "X" of "PROXY": a search for one character runs at the speed of memory, where a second
    # search for a word ("ERTIFICATE") would cost as much as the first.
    anchors={"ertificate": ("roxy", "ROXY"), "X": ("ERTIFICATE",)},
    headers=("There is a problem with the proxy server's security certificate[, {proxy}~][.]",),
    bodies=(
        (
            _MESSAGE_2,
            "The name on the security certificate is invalid or does not match the name of the"
            " site[.]",
        ),
        (
            _MESSAGE_4,
            "The name on the security certificate is invalid or does not match the name of the"
            " target site[ {target}~]",
        ),
        (_MESSAGE_3, "The security certificate is not from a trusted certifying authority[.]"),
    ),
    tails=(
        (_MESSAGE_1, "Outlook is unable to connect to this server[.]"),
        (_MESSAGE_4, "Outlook is unable to connect to the proxy server[ {proxy}^][.]"),
    ),
    codes=("( [Error Code[:] ]{code} )[.]",),
    renderings={
        _MESSAGE_1: "There is a problem with the proxy server's security certificate{comma_proxy}."
        " Outlook is unable to connect to this server.{code}",
        _MESSAGE_2: "There is a problem with the proxy server's security certificate{comma_proxy}."
        " The name on the security certificate is invalid or does not match the name of the"
        " site. Outlook is unable to connect to this server.{code}",
        _MESSAGE_3: "There is a problem with the proxy server's security certificate{comma_proxy}."
        " The security certificate is not from a trusted certifying authority."
        " Outlook is unable to connect to this server.{code}",
        _MESSAGE_4: "There is a problem with the proxy server's security certificate{comma_proxy}."
        " The name on the security certificate is invalid or does not match the name of the"
        " target site {target}. Outlook is unable to connect to the proxy server{space_proxy}"
        "{code}",
    },
    code_format={
        _MESSAGE_1: " ({})",
        _MESSAGE_2: " ({})",
        _MESSAGE_3: " ({})",
        _MESSAGE_4: " (Error Code {})",
    },
    tail_proxy_kinds=frozenset({_MESSAGE_4}),
)

# Microsoft's Japanese translation of KB 923575: the current page (learn.microsoft.com, ja-JP)
# and its older revision (support.microsoft.com/ja-jp/help/923575); the target-site sentence of
# Exchange 2007's Japanese help (technet dd789899, exchg.80), which says 対象のサイト.  The
# stored copies do not settle whether the live pages use full-width spaces or parentheses; the
# normaliser folds both, so either matches.
JAPANESE = Language(
    tag="ja",
    anchors={"プロキシ": ("証明書",)},
    headers=("プロキシ サーバーのセキュリティ証明書[ {proxy}] に[は]問題があります[。]",),
    bodies=(
        (_MESSAGE_2, "セキュリティ証明書の名前が無効であるか、サイトの名前と一致しません[。]"),
        (_MESSAGE_2, "セキュリティ証明書の名前が無効であるか、またはサイト名と一致しません[。]"),
        (_MESSAGE_3, "セキュリティ証明書は、信頼された証明機関からのものではありません[。]"),
        (_MESSAGE_3, "セキュリティ証明書は、信頼された証明機関からの証明書ではありません[。]"),
        (
            _MESSAGE_4,
            "セキュリティ証明書の名前が無効であるか、ターゲット サイト[ {target}] の名前と一致しません[。]",
        ),
        (
            _MESSAGE_4,
            "セキュリティ証明書の名前が無効であるか、または、ターゲット サイトである[ {target}]"
            " のサイト名と一致しません[。]",
        ),
        (
            _MESSAGE_4,
            "セキュリティ証明書の名前が無効か、対象のサイト[ {target}] のセキュリティ証明書の名前と異なります[。]",
        ),
    ),
    tails=(
        (_MESSAGE_1, "Outlook はこのサーバーに接続できません[。]"),
        (_MESSAGE_1, "Outlook は、このサーバーに接続できません[。]"),
        (_MESSAGE_1, "Outlook がサーバーに接続できません[。]"),
        # Message 4's last sentence in the current and the older translation.
        (_MESSAGE_4, "Outlook がプロキシ サーバーに接続できない[。]"),
        (_MESSAGE_4, "Outlook が、プロキシ サーバーに接続できません[。]"),
    ),
    codes=("( [エラー コード ]{code} )[。]",),
    renderings={
        _MESSAGE_1: "プロキシ サーバーのセキュリティ証明書{spaced_proxy}に問題があります。"
        " Outlook はこのサーバーに接続できません。{code}",
        _MESSAGE_2: "プロキシ サーバーのセキュリティ証明書{spaced_proxy}に問題があります。"
        " セキュリティ証明書の名前が無効であるか、サイトの名前と一致しません。"
        " Outlook はこのサーバーに接続できません。{code}",
        _MESSAGE_3: "プロキシ サーバーのセキュリティ証明書{spaced_proxy}に問題があります。"
        " セキュリティ証明書は、信頼された証明機関からのものではありません。"
        " Outlook はこのサーバーに接続できません。{code}",
        _MESSAGE_4: "プロキシ サーバーのセキュリティ証明書{spaced_proxy}に問題があります。"
        " セキュリティ証明書の名前が無効であるか、ターゲット サイト {target} の名前と一致しません。"
        " Outlook がプロキシ サーバーに接続できない{code}",
    },
    code_format={
        _MESSAGE_1: " ({})",
        _MESSAGE_2: " ({})",
        _MESSAGE_3: " ({})",
        _MESSAGE_4: " (エラー コード {})",
    },
)

LANGUAGES: tuple[Language, ...] = (ENGLISH, JAPANESE)
