"""Explain a pasted Outlook proxy-certificate error: what it says and what to do.

Copy this script into your own helpdesk tooling.  Run it with a file, or paste the error
into standard input:

    python examples/explain_paste.py examples/pasted-error.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

import proxycert


def explain(text: str) -> str:
    """A short explanation of the first error message in *text*."""
    message = proxycert.parse(text)
    lines = [
        f"Message {int(message.kind)} of KB 923575 ({message.kind.name})",
        f"  proxy server: {message.proxy_server or '(not named)'}",
    ]
    if message.target_site:
        lines.append(f"  target site:  {message.target_site}")
    if message.problems is not None:
        lines.append(f"  error code:   {message.code_text} = 0x{message.code:08X}")
        lines.extend(f"    {flag.name}: {flag.description}" for flag in message.problems.flags)
    lines.extend(f"  note: {note}" for note in message.notes)
    for resolution in message.resolutions:
        lines.append(f"Resolution {int(resolution)}: {resolution.title}")
        lines.extend(f"  {n}. {step}" for n, step in enumerate(resolution.steps, 1))
    return "\n".join(lines)


def main() -> int:
    text = Path(sys.argv[1]).read_text(encoding="utf-8") if len(sys.argv) > 1 else sys.stdin.read()
    try:
        print(explain(text))
    except proxycert.MessageNotFoundError:
        print("No Outlook proxy certificate error found in that text.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
