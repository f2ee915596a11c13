"""How ``proxycert cert`` shows a :class:`~proxycert.cert.CertCheck`: pure functions, data in, text out.

Nothing here prints or needs ``cryptography``: the command line writes what these return.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from ._cert_model import Certainty

if TYPE_CHECKING:
    from ._cert_model import CertCheck, CertInfo, Finding

__all__ = ["exit_status", "human_lines", "json_object"]

# Exit statuses of `proxycert cert`, as its --help epilog documents them.
NO_PROBLEM = 0
PROBLEM = 1
_MIN_WIDTH = 40


def exit_status(check: CertCheck) -> int:
    """0 when no problem is predicted and the message, if any, agrees; 1 otherwise."""
    principal_failed = check.principal is not None and (
        check.principal.evaluated and not check.principal.matched
    )
    disagrees = check.comparison is not None and not check.comparison.consistent
    return PROBLEM if check.flags or principal_failed or disagrees else NO_PROBLEM


def json_object(check: CertCheck) -> dict[str, Any]:
    """The object ``--json`` prints: :meth:`CertCheck.to_dict` and the exit status."""
    return {**check.to_dict(), "exit_status": exit_status(check)}


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, _MIN_WIDTH),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _flag_column(finding: Finding) -> str:
    if finding.flag is None:
        return "--"
    text = f"0x{int(finding.flag):X}"
    # An unverified finding's flag is only possible, never predicted.
    return f"({text})" if finding.certainty is Certainty.UNVERIFIED else text


def _finding_lines(finding: Finding, width: int) -> list[str]:
    column = f"  {_flag_column(finding):<8}"
    text = f"{finding.message} [{finding.certainty.value}]"
    return _wrap(text, width, column, " " * len(column))


def _chain_lines(chain: tuple[CertInfo, ...], width: int) -> list[str]:
    lines = []
    for index, info in enumerate(chain):
        role = "trust store" if info.in_trust_store else "self-signed" if info.self_signed else ""
        head = f"  {index}  {info.subject}" + (f" ({role})" if role else "")
        lines += _wrap(head, width, "", "       ")
        facts = [
            f"valid {info.not_before:%Y-%m-%d %H:%M} to {info.not_after:%Y-%m-%d %H:%M} UTC",
            f"thumbprint {info.thumbprint_sha1}",
        ]
        if index == 0:
            names = info.dns_names if info.dns_names is not None else info.common_names
            kind = "SAN" if info.dns_names is not None else "CN"
            facts.insert(0, f"{kind}: {', '.join(names + info.ip_addresses) or 'none'}")
            if info.eku is not None:
                facts.append(f"EKU: {', '.join(info.eku)}")
        lines += _wrap("; ".join(facts), width, "     ", "     ")
    return lines


def human_lines(check: CertCheck, *, label: str = "", width: int = 80) -> list[str]:
    """The check for a terminal of *width* columns: prediction, findings, chain, message, limits.

    :param label: what was checked (a file name), shown in the first line.
    """
    flags = int(check.flags)
    names = " + ".join(check.flags.names) or "no problem"
    host = check.name.host if check.name is not None else "(no proxy name given)"
    head = f"{label}: " if label else ""
    lines = _wrap(f"{head}{host}: predicted 0x{flags:08X} = {names}", width, "", "  ")
    for finding in check.findings:
        lines += _finding_lines(finding, width)
    if check.name is not None:
        verdict = f"matches {check.name.matched_by}" if check.name.matched else "does not match"
        lines += _wrap(f"name: {check.name.host} {verdict} ({check.name.source})", width, "", "  ")
        for note in check.name.notes:
            lines += _wrap(f"note: {note}", width, "  ", "    ")
    if check.principal is not None:
        principal = check.principal
        if not principal.evaluated:
            verdict = "not evaluated"
        elif principal.matched_cn_rule:
            verdict = "matches"
        elif principal.matched:
            verdict = "matches on Windows Vista and later only"
        else:
            verdict = f"does not match (expected {principal.expected or 'no principal'})"
        lines += _wrap(f"principal: {principal.principal} {verdict}", width, "", "  ")
        for note in principal.notes:
            lines += _wrap(f"note: {note}", width, "  ", "    ")
    lines += _wrap(
        f"chain ({check.chain_end.value}; trust store {check.trust_source}):", width, "", "  "
    )
    lines += _chain_lines(check.chain, width)
    if check.comparison is not None:
        comparison = check.comparison
        verdict = "consistent" if comparison.consistent else "NOT consistent"
        lines += _wrap(
            f"message says 0x{int(comparison.observed):08X}: {verdict} with the prediction",
            width,
            "",
            "  ",
        )
        for explanation in comparison.explanations:
            lines += _wrap(explanation, width, "  ", "    ")
    lines.append("not checked offline:")
    for item in check.not_checked:
        lines += _wrap(item.description, width, "  - ", "    ")
    return lines
