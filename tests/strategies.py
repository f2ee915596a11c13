"""Hypothesis strategies shared by the tests: names, codes, messages and the ways text is mangled."""

from __future__ import annotations

import html
import textwrap

from hypothesis import strategies as st

from proxycert import ErrorMessage, MessageKind

_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
# Every kind of label a valid DNS name holds: letters, digits first or only, hyphens inside,
# either case, a leading underscore (service names: _srv, _autodiscover), IDN A-labels.
_DNS_LABEL = st.one_of(
    st.from_regex(r"_?[A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?", fullmatch=True),
    st.from_regex(r"xn--[a-z0-9]{1,12}(-[a-z0-9]{1,6})?", fullmatch=True),
)

#: Any valid DNS name, fully qualified (with the root's final dot) or not.
dns_names = st.builds(
    lambda labels, root: ".".join(labels) + root,
    st.lists(_DNS_LABEL, min_size=1, max_size=5),
    st.sampled_from(["", "."]),
)

#: Host names as they stand in real messages: dotted DNS names, single labels, [servername],
#: and every other valid DNS name.
host_names = st.one_of(
    st.lists(_LABEL, min_size=2, max_size=5).map(".".join),
    _LABEL,
    _LABEL.map(lambda label: f"[{label}]"),
    dns_names,
)

u32 = st.integers(min_value=0, max_value=0xFFFFFFFF)

#: A code as it is printed inside the parentheses: bare hex (as Outlook does) or 0x-padded.
code_texts = st.builds(
    lambda value, style: style.format(value),
    u32,
    st.sampled_from(["{:X}", "{:x}", "0x{:08X}", "0x{:08x}"]),
)


@st.composite
def messages(draw: st.DrawFn) -> ErrorMessage:
    """A message of any kind and language, with or without each of its fields."""
    kind = draw(st.sampled_from(MessageKind))
    code_text = draw(st.none() | code_texts)
    return ErrorMessage(
        kind,
        proxy_server=draw(st.none() | host_names),
        target_site=draw(host_names) if kind is MessageKind.TARGET_SITE_MISMATCH else None,
        code=None if code_text is None else int(code_text, 16),
        code_text=code_text,
        language=draw(st.sampled_from(["en", "ja"])),
    )


def _hard_wrap(text: str, width: int, newline: str) -> str:
    return newline.join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def _quote_mail(text: str, width: int, marker: str) -> str:
    # Mail clients wrap at spaces, never inside a host name at its hyphen.
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(marker + line for line in lines)


def _log_lines(text: str, width: int, prefix: str) -> str:
    # A logger that wraps one message over lines, each with the same timestamp and source.
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(prefix + line for line in lines)


def _html(text: str) -> str:
    body = html.escape(text, quote=True).replace("'", "&#39;").replace(". ", ".<br>\n")
    return f"<p><strong>{body}</strong></p>"


#: Ways pasted text is mangled; each takes the rendered message and gives what a user pastes.
manglings = st.one_of(
    st.just(lambda text: text),
    st.builds(
        lambda width, newline: lambda text: _hard_wrap(text, width, newline),
        st.integers(min_value=30, max_value=90),
        st.sampled_from(["\n", "\r\n", "\n  \t"]),
    ),
    # Blank-line paragraphs between sentences (never before a name: a name is not looked for
    # across a blank line).
    st.just(lambda text: text.replace(". ", ".\n\n").replace("。 ", "。\n\n")),
    st.builds(
        lambda width, marker: lambda text: _quote_mail(text, width, marker),
        st.integers(min_value=40, max_value=76),
        st.sampled_from(["> ", ">> ", "> > ", ">", "| ", "> | ", "|"]),
    ),
    st.builds(
        lambda width, prefix: lambda text: _log_lines(text, width, prefix),
        st.integers(min_value=30, max_value=90),
        st.sampled_from(
            ["2026-11-03 09:12:44,123 ERROR [Outlook] ", "[09:12:44] ", "OUTLOOK.EXE: WARN | "]
        ),
    ),
    st.just(_html),
    st.just(lambda text: text.replace("'", "\u2019")),
    st.just(lambda text: f"\u201c{text}\u201d"),
    st.just(lambda text: f'"{text}"'),
    st.just(lambda text: text.replace(" ", "\u00a0")),
    st.just(lambda text: text.replace(" ", "  ")),
    st.just(lambda text: f"**{text}**"),
    st.just(lambda text: f"2026-11-03 09:12:44,123 ERROR [Outlook] {text}"),
)
