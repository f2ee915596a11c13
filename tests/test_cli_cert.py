"""``proxycert cert``: the subcommand in-process on a fake console, and without the extra."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from tests import certs as c
from tests.certs import PROXY, refuse_sockets  # noqa: F401 - autouse: no socket in any run
from tests.cli_fakes import FakeConsole, Ticks, run

MESSAGE_10 = (
    "There is a problem with the proxy server's security certificate, mail.contoso.com."
    " The name on the security certificate is invalid or does not match the name of the target"
    " site. Outlook is unable to connect to this server. (10)"
)
PASSWORD = "s3cret"  # noqa: S105 - the test .pfx file's


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, str]:
    """Files of the test PKI, by role."""
    files = {
        "root": c.pem(c.root()[0]),
        "chain": c.pem(c.good()[0], c.intermediate()[0]),
        "leaf": c.der(c.good()[0]),
        "ca": c.pem(c.intermediate()[0]),
        "expired": c.pem(
            c.make("webmail.fabrikam.com", c.intermediate(), dns=["webmail.fabrikam.com"],
                   key_name="leaf", not_after=c.AT - c.YEAR / 2, not_before=c.AT - c.YEAR)[0],
            c.intermediate()[0],
        ),
        "pfx": c.pfx(*c.good(), [c.intermediate()[0]], PASSWORD.encode()),
        "ticket": MESSAGE_10.encode(),
        "nothing": b"no message here",
        "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "password": f"{PASSWORD}\n".encode(),
        "empty": b"",
    }  # fmt: skip
    paths = {}
    for role, data in files.items():
        path = tmp_path / role
        path.write_bytes(data)
        paths[role] = str(path)
    return paths


AT = ["--at", "2026-11-27T12:00Z"]


def test_a_good_chain_exits_0(pki: dict[str, str]) -> None:
    status, out, err = run("cert", pki["chain"], "--proxy", PROXY, "--trust", pki["root"], *AT)
    assert (status, err) == (0, "")
    assert f"{pki['chain']}: mail.contoso.com: predicted 0x00000000 = no problem" in " ".join(
        out.split()
    )


def test_extra_files_are_intermediates(pki: dict[str, str]) -> None:
    assert run("cert", pki["leaf"], "--proxy", PROXY, "--trust", pki["root"], *AT)[0] == 1
    assert (
        run("cert", pki["leaf"], pki["ca"], "--proxy", PROXY, "--trust", pki["root"], *AT)[0] == 0
    )


def test_the_message_is_compared_and_problems_exit_1(pki: dict[str, str]) -> None:
    status, out, _ = run(
        "cert", pki["expired"], "--message", MESSAGE_10, "--trust", pki["root"], *AT
    )
    assert status == 1
    assert "predicted 0x00000030" in out
    assert "message says 0x00000010: consistent with the prediction" in out


def test_message_file_progress_is_cleared_before_the_check_is_shown(pki: dict[str, str]) -> None:
    # A clock that moves on 10 s at each look: the progress line is drawn while reading.
    fake = FakeConsole(stderr_tty=True, clock=Ticks(10.0))
    argv = ["cert", pki["chain"], "--trust", pki["root"], *AT, "--message-file", pki["ticket"]]
    fake.run(*argv)
    assert "\rproxycert: " in fake.err
    # The last thing on the terminal's line is the blank that clears it, not the progress.
    assert fake.err.endswith("\r")


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_message_file(pki: dict[str, str], source: str) -> None:
    argv = ["cert", pki["chain"], "--trust", pki["root"], *AT, "--json"]
    if source == "file":
        status, out, _ = run(*argv, "--message-file", pki["ticket"])
    else:
        status, out, _ = run(*argv, "--message-file", "-", stdin=MESSAGE_10.encode())
    data = json.loads(out)
    # The chain is good, so the message's 0x10 is unexplained: the message disagrees.
    assert status == 1
    assert data["name"]["host"] == PROXY
    assert data["comparison"]["unexplained"] == 0x10
    assert data["exit_status"] == 1
    assert data["checked_at"] == "2026-11-27T12:00:00Z"


def test_a_message_that_disagrees_exits_1(pki: dict[str, str]) -> None:
    status, out, _ = run("cert", pki["chain"], "--message", MESSAGE_10, "--trust", pki["root"], *AT)
    assert status == 1
    assert "message says 0x00000010: NOT consistent with the prediction" in out


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-11-27T12:00:00+09:00", "2026-11-27T03:00:00Z"),
        ("2026-11-27 12:00", "2026-11-27T12:00:00Z"),
        ("2026-11-27T12:00:00z", "2026-11-27T12:00:00Z"),
    ],
)
def test_at(pki: dict[str, str], at: str, expected: str) -> None:
    _, out, _ = run(
        "cert", pki["chain"], "--proxy", PROXY, "--trust", pki["root"], "--at", at, "--json"
    )
    assert json.loads(out)["checked_at"] == expected


def test_passwords(pki: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ["cert", pki["pfx"], "--proxy", PROXY, "--trust", pki["root"], *AT]
    monkeypatch.setenv("PFX_PASSWORD", PASSWORD)
    assert run(*argv, "--password-env", "PFX_PASSWORD")[0] == 0
    assert run(*argv, "--password-file", pki["password"])[0] == 0
    monkeypatch.setattr(getpass, "getpass", lambda prompt, stream: PASSWORD)
    assert run(*argv, "--ask-password")[0] == 0
    status, _, err = run(*argv)
    assert status == 2
    assert "a PKCS#12 (.pfx) file needs its password" in err
    assert err.endswith("give it with --password-env VAR, --password-file PATH or --ask-password\n")
    status, _, err = run(*argv, "--password-file", pki["empty"])
    assert status == 2
    assert "wrong password for the PKCS#12 (.pfx) file" in err
    Path(pki["password"]).write_bytes(b"\xff\n")
    status, _, err = run(*argv, "--password-file", pki["password"])
    assert status == 2
    assert f"cannot read {pki['password']}: 'utf-8' codec can't decode byte 0xff" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--password-env", "PROXYCERT_NO_SUCH_VARIABLE"], "cannot read $PROXYCERT_NO_SUCH_VARIABLE: the variable is not set"),
        (["--password-file", "/nonexistent/pw"], "cannot read /nonexistent/pw: No such file or directory\n"),
        (["--trust", "/nonexistent/roots.pem"], "cannot load certificates from '/nonexistent/roots.pem'"),
        (["--principal", "mail.contoso.com"], "principal must read 'msstd:NAME'"),
        (["--message", "hello"], "no proxy certificate error message found in 'hello'"),
        (["--message-file", "NOTHING"], "no proxy certificate error message found in "),
        (["--message-file", "OLE"], "OLE compound file (a Word, Excel or Outlook file): save it as text"),
        (["--message-file", "/nonexistent/ticket.txt"], "cannot read /nonexistent/ticket.txt"),
    ],
)  # fmt: skip
def test_input_errors_exit_2(pki: dict[str, str], argv: list[str], message: str) -> None:
    argv = [pki[a.lower()] if a in ("NOTHING", "OLE") else a for a in argv]
    # --proxy and the --message options exclude each other.
    proxy = [] if argv[0].startswith("--message") else ["--proxy", PROXY]
    status, out, err = run("cert", pki["chain"], *proxy, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("proxycert: error: ")
    assert message in err


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01T00:00Z", "", "2026-11-27T12:00+25:00"])
def test_a_bad_time_is_a_usage_error_that_names_at(pki: dict[str, str], at: str) -> None:
    status, out, err = run("cert", pki["chain"], "--proxy", PROXY, "--at", at)
    assert (status, out) == (2, "")
    assert err.startswith("usage: proxycert cert ")
    assert f"argument --at: expected an ISO-8601 time such as 2026-11-03T09:12Z, not {at!r}" in err


def test_an_unreadable_certificate_exits_2(pki: dict[str, str]) -> None:
    status, _, err = run("cert", pki["nothing"], "--proxy", PROXY)
    assert status == 2
    assert "expected a certificate in PEM, DER, PKCS#7 or PKCS#12 form" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--proxy", PROXY, "--message", MESSAGE_10],
        ["--password-env", "A", "--ask-password"],
    ],
)
def test_exclusive_options(pki: dict[str, str], argv: list[str]) -> None:
    status, _, err = run("cert", pki["chain"], *argv)
    assert status == 2
    assert "not allowed with argument" in err


def test_help_documents_the_exit_statuses() -> None:
    status, out, _ = run("cert", "--help")
    assert status == 0
    assert 'the cert extra is not installed: pip install "proxycert[cert]"' in out
    assert "--password-env VAR" in out


BLOCKED = (
    c.BLOCK_CRYPTOGRAPHY
    + """
from proxycert.cli import main
raise SystemExit(main(["cert", sys.argv[1], "--proxy", "mail.contoso.com"]))
"""
)


def test_without_the_extra_exit_3_names_the_install_command(pki: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", BLOCKED, pki["chain"]],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 3
    assert result.stderr == (
        'proxycert: error: proxycert.cert needs the "cert" extra: pip install "proxycert[cert]"\n'
    )


def test_without_the_extra_in_process(pki: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail, as a missing cryptography does (see above).
    monkeypatch.setitem(sys.modules, "proxycert.cert", None)
    status, out, err = run("cert", pki["chain"], "--proxy", PROXY)
    assert (status, out) == (3, "")
    assert err.startswith("proxycert: error: ")


def test_a_certificate_pasted_on_standard_input(pki: dict[str, str]) -> None:
    paste = Path(pki["chain"]).read_bytes()
    status, out, _ = run("cert", "-", "--proxy", PROXY, "--trust", pki["root"], *AT, stdin=paste)
    assert status == 0
    assert out.startswith("-: mail.contoso.com: predicted 0x00000000")
    status, out, err = run("cert", "-", "--proxy", PROXY, stdin=b"no \x1b]0;certificate")
    assert (status, out) == (2, "")
    assert err == (
        "proxycert: error: cannot load certificates from <stdin>: expected a certificate in PEM,"
        " DER, PKCS#7 or PKCS#12 form\n"
    )
    status, _, err = run("cert", "-", "--message-file", "-", stdin=paste)
    assert status == 2
    assert "cannot read <stdin>: it cannot hold both the certificate and the message" in err


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["--proxy", "mail\x1b]0;PWNED\x07.contoso.com"], "mail\\x1b]0;pwned\\x07.contoso.com"),
        (["--message", MESSAGE_10.replace(".com.", ".com\u202e.")], "mail.contoso.com\\u202e"),
        (["--proxy", PROXY, "--principal", "msstd:a\x1b[2Jb"], "msstd:a\\x1b[2Jb"),
    ],
)
def test_control_characters_are_escaped_in_human_output(
    pki: dict[str, str], argv: list[str], shown: str
) -> None:
    status, out, _ = run("cert", pki["chain"], *argv, "--trust", pki["root"], *AT)
    assert status == 1
    assert shown in out
    assert "\x1b" not in out
    assert "\u202e" not in out


def test_control_characters_are_exact_in_json(pki: dict[str, str]) -> None:
    proxy = "mail\x1b]0;pwned\x07.contoso.com"
    _, out, _ = run("cert", pki["chain"], "--proxy", proxy, "--json", *AT)
    assert json.loads(out)["name"]["host"] == proxy


def test_asking_for_a_password_with_nothing_to_read(
    pki: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def ended(prompt: str, stream: object) -> str:
        # What getpass does without a terminal: it warns, then reads standard input.
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, stacklevel=1)
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", ended)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status, out, err = run("cert", pki["pfx"], "--proxy", PROXY, "--ask-password")
    assert (status, out) == (2, "")
    assert err == "proxycert: error: cannot read the password: standard input has ended\n"
    assert not caught


def test_a_paste_at_a_terminal_is_asked_for_as_a_certificate(pki: dict[str, str]) -> None:
    paste = Path(pki["chain"]).read_bytes()
    status, _, err = run(
        "cert", "-", "--proxy", PROXY, "--trust", pki["root"], *AT, stdin=paste, stdin_tty=True
    )
    assert status == 0
    assert err == (
        "proxycert: paste the certificate (PEM), then Ctrl-D (Ctrl-Z Enter on Windows)\n"
    )


def test_no_standard_input_to_read_the_certificate_from(pki: dict[str, str]) -> None:
    status, out, err = run("cert", "-", "--proxy", PROXY, stdin=None)
    assert (status, out) == (2, "")
    assert err == "proxycert: error: cannot read <stdin>: standard input is closed\n"


def test_a_new_line_in_the_file_name_is_shown_as_an_escape(
    pki: dict[str, str], tmp_path: Path
) -> None:
    odd = tmp_path / "proxy\nchain.pem"
    odd.write_bytes(Path(pki["chain"]).read_bytes())
    status, out, _ = run("cert", str(odd), "--proxy", PROXY, "--trust", pki["root"], *AT)
    assert status == 0
    assert out.startswith(f"{tmp_path}/proxy\\nchain.pem:")
