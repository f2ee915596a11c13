"""proxycert never touches the network: by what its source imports, and by what it does.

The first half reads the package's source (the copy that is imported, so under ``make test-all``
the installed wheel's) and fails on any import of a networking module, of a third-party network
client, of a way to run another program, and on any dynamic import, which could hide one.  The
second half makes every socket call raise and then imports the package and its command line and
runs every subcommand, both in this process and in a fresh interpreter.
"""

from __future__ import annotations

import ast
import json
import re
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from tests import certs
from tests.cli_fakes import FakeConsole

import proxycert

PACKAGE = Path(proxycert.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))

# The standard library's networking, and what is built on it.
NETWORK_MODULES = {
    "socket", "_socket", "ssl", "_ssl", "http", "urllib", "asyncio", "selectors", "select",
    "socketserver", "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "xmlrpc",
    "wsgiref", "webbrowser", "multiprocessing.connection", "multiprocessing.managers",
}  # fmt: skip
# Third-party network clients and frameworks.
NETWORK_PACKAGES = {
    "requests", "httpx", "urllib3", "aiohttp", "httplib2", "pycurl", "websocket", "websockets",
    "grpc", "paramiko", "twisted", "tornado", "boto3", "botocore", "dns", "zmq", "treq",
    "certifi", "h11", "h2", "httpcore", "anyio", "trio", "gevent", "eventlet", "requests_toolbelt",
}  # fmt: skip
# Other programs can reach the network (curl, powershell); proxycert has no reason to run any.
PROCESS_MODULES = {"subprocess", "pty", "_posixsubprocess"}
# Imports by name at run time could bring in any of the above, unseen by this walk.
DYNAMIC_IMPORT_MODULES = {"runpy", "pkgutil", "zipimport", "imp"}
BANNED_MODULES = NETWORK_MODULES | NETWORK_PACKAGES | PROCESS_MODULES | DYNAMIC_IMPORT_MODULES
# importlib itself is dynamic import; its metadata and resources submodules only read files.
IMPORTLIB_ALLOWED = {"importlib.metadata", "importlib.resources"}
BANNED_NAMES = {"__import__", "exec", "eval", "compile"}
BANNED_ATTRIBUTES = {
    "__import__",
    "import_module",
    "exec_module",
    "load_module",
    "spec_from_loader",
}
OS_PROCESS_CALLS = re.compile(r"system|popen|fork|forkpty|(posix_)?spawn\w*|exec[lv]p?e?")


def _banned_module(name: str) -> bool:
    parts = name.split(".")
    prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
    if parts[0] == "importlib":
        return not any(name == a or name.startswith(a + ".") for a in IMPORTLIB_ALLOWED)
    return bool(prefixes & BANNED_MODULES)


def violations(source: str, filename: str = "<source>") -> Iterator[str]:
    """Each network import, process launch or dynamic import in *source*, with its line."""
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _banned_module(alias.name):
                    yield f"{where}: import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if (
                    _banned_module(node.module)
                    and not (node.module == "importlib" and full in IMPORTLIB_ALLOWED)
                ) or (node.module in ("os", "builtins") and _banned_os_or_builtin(alias.name)):
                    yield f"{where}: from {node.module} import {alias.name}"
        elif isinstance(node, ast.Name) and node.id in BANNED_NAMES:
            yield f"{where}: {node.id}"
        elif isinstance(node, ast.Attribute):
            if node.attr in BANNED_ATTRIBUTES:
                yield f"{where}: .{node.attr}"
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id == "os"
                and OS_PROCESS_CALLS.fullmatch(node.attr)
            ):
                yield f"{where}: os.{node.attr}"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr")
            and any(
                isinstance(a, ast.Constant) and a.value in BANNED_NAMES | BANNED_ATTRIBUTES
                for a in node.args
            )
        ):
            yield f"{where}: {node.func.id}(..., {node.args[1].value!r})"  # type: ignore[attr-defined]


def _banned_os_or_builtin(name: str) -> bool:
    return (
        name in BANNED_NAMES or name in BANNED_ATTRIBUTES or bool(OS_PROCESS_CALLS.fullmatch(name))
    )


# --- The source --------------------------------------------------------------------------------


def test_the_walk_sees_the_whole_package() -> None:
    names = {path.name for path in SOURCES}
    assert {"__init__.py", "__main__.py", "_commands.py", "_scan.py", "_flags.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_network_process_or_dynamic_import(path: Path) -> None:
    assert list(violations(path.read_text(encoding="utf-8"), path.name)) == []


# The walk itself must see what it looks for; each line is one thing it must report.
@pytest.mark.parametrize(
    "line",
    [
        "import socket",
        "import ssl as _tls",
        "import http.client",
        "import urllib.request",
        "from urllib.parse import urlparse",
        "from http import HTTPStatus",
        "import asyncio",
        "from selectors import DefaultSelector",
        "import xmlrpc.client",
        "import requests",
        "from httpx import Client",
        "import urllib3.poolmanager",
        "from aiohttp import ClientSession",
        "from multiprocessing.connection import Client",
        "import subprocess",
        "os.system('curl example.com')",
        "os.popen('curl example.com')",
        "os.execvp('curl', ['curl'])",
        "os.posix_spawn('/usr/bin/curl', [], {})",
        "from os import system",
        "import importlib",
        "from importlib import import_module",
        "import importlib.util",
        "importlib.import_module('so' + 'cket')",
        "__import__('socket')",
        "builtins.__import__('socket')",
        "getattr(builtins, '__import__')('socket')",
        "from builtins import __import__",
        "exec('import socket')",
        "eval('1')",
        "compile('import socket', '<s>', 'exec')",
        "import runpy",
        "import pkgutil",
        "def f():\n    import socket",
    ],
)
def test_the_walk_finds(line: str) -> None:
    assert list(violations(line)) != []


@pytest.mark.parametrize(
    "line",
    [
        "import os",
        "import os.path",
        "from os import fspath, PathLike",
        "import importlib.metadata",
        "from importlib import metadata",
        "from importlib.resources import files",
        "from . import _errors",
        "from .cli import main",
        "import codecs, io, re, heapq",
        "import ctypes",  # the CLI asks a Windows console for colours with it
        "text.find('socket')",
        "socket_name = 'http'",
        "parser.exit()",
    ],
)
def test_the_walk_lets_pass(line: str) -> None:
    assert list(violations(line)) == []


# --- What the package does -----------------------------------------------------------------

MESSAGE = (
    "There is a problem with the proxy server's security certificate, mail.contoso.com."
    " The security certificate is not from a trusted certifying authority."
    " Outlook is unable to connect to this server. (8)"
)
# A code for each system `decode --from` reads.
CODES_FROM = {
    "outlook": "10",
    "winhttp": "12038",
    "hresult": "0x80072F06",
    "openssl": "62",
    "trust": "20",
}
SOCKET_CALLS = (
    "socket",
    "create_connection",
    "create_server",
    "getaddrinfo",
    "gethostbyname",
    "gethostbyname_ex",
    "gethostbyaddr",
    "getnameinfo",
    "socketpair",
    "fromfd",
)


def _invocations(folder: Path) -> list[tuple[list[str], str | None]]:
    """Every subcommand and option of the CLI, with what standard input holds for each."""
    log = folder / "logs" / "outlook.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    (log.parent / "deeper").mkdir(exist_ok=True)
    log.write_text(f"09:12 ERROR {MESSAGE}\n09:13 INFO retry\n", encoding="utf-8")
    (log.parent / "deeper" / "old.log").write_text(MESSAGE, encoding="utf-16")
    paste = folder / "paste.txt"
    paste.write_text(f"Hi,\n> {MESSAGE}\n> {MESSAGE}\nThanks", encoding="utf-8")
    chain, root = folder / "chain.pem", folder / "root.pem"
    chain.write_bytes(certs.pem(certs.good()[0], certs.intermediate()[0]))
    root.write_bytes(certs.pem(certs.root()[0]))
    check = ["cert", str(chain), "--trust", str(root), "--at", "2026-11-27T12:00Z"]
    return [
        (["--version"], None),
        (["--help"], None),
        (["decode", "10"], None),
        (["decode", "--json", "10", "0x80000018"], None),
        (["decode", "--base", "10", "16"], None),
        *((["decode", "--from", system, code], None) for system, code in CODES_FROM.items()),
        (["parse", str(paste)], None),
        (["parse", "--all", "--json", str(paste)], None),
        (["parse"], MESSAGE),
        (["parse", "-"], MESSAGE),
        (["scan", str(log)], None),
        (["scan", "--json", "-r", "--glob", "*.log", str(log.parent)], None),
        (["scan", "-"], MESSAGE),
        (["flags"], None),
        ([*check, "--proxy", "mail.contoso.com"], None),
        (
            [
                *check,
                "--json",
                "--principal",
                "msstd:mail.contoso.com",
                "--proxy",
                "mail.contoso.com",
            ],
            None,
        ),
    ]


def _subcommands(help_text: str) -> set[str]:
    """The subcommands that ``proxycert --help`` lists under its commands heading."""
    section = help_text.split("commands:", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"^\s{4}([a-z][\w-]*)\s{2,}\S", section, re.MULTILINE))


def _refuse(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError(f"proxycert used the network: socket call with {args!r}")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SOCKET_CALLS:
        if hasattr(socket, name):
            monkeypatch.setattr(socket, name, _refuse)


def _run_in_process(argv: list[str], stdin: str | None) -> tuple[int, str]:
    fake = FakeConsole((stdin or "").encode())
    return fake.run(*argv), fake.out


@pytest.mark.usefixtures("no_network")
def test_every_subcommand_runs_with_sockets_refused(tmp_path: Path) -> None:
    invocations = _invocations(tmp_path)
    status, help_text = _run_in_process(["--help"], None)
    assert status == 0
    assert _subcommands(help_text) == {argv[0] for argv, _ in invocations if argv[0][0] != "-"}
    _, decode_help = _run_in_process(["decode", "--help"], None)
    assert set(re.findall(r"--from \{([\w,]+)\}", decode_help)[0].split(",")) == set(CODES_FROM)
    for argv, stdin in invocations:
        status, out = _run_in_process(argv, stdin)
        assert (argv, status) == (argv, 0)
        assert out.strip(), argv
        if "--json" in argv:
            for line in out.splitlines() if argv[0] == "scan" else [out]:
                json.loads(line)


# Runs in a fresh interpreter: sockets refused before proxycert is first imported.
_FRESH = textwrap.dedent(
    """
    import io, json, socket, sys

    def refuse(*args, **kwargs):
        raise AssertionError("proxycert used the network: socket call with %r" % (args,))

    for name in {calls!r}:
        if hasattr(socket, name):
            setattr(socket, name, refuse)
    assert "proxycert" not in sys.modules
    import proxycert, proxycert.cli

    statuses = []
    for argv, stdin in json.loads(sys.argv[1]):
        paste = io.TextIOWrapper(io.BytesIO((stdin or "").encode()), encoding="utf-8")
        console = proxycert.cli.Console(stdin=paste, stdout=sys.stdout, stderr=sys.stderr)
        statuses.append(proxycert.cli.main(argv, console=console))
    sys.__stdout__.write("\\n" + json.dumps({{"statuses": statuses, "loaded": sorted(sys.modules)}}) + "\\n")
    """
)


# Modules that open connections.  Others of the banned modules above are harmless to load, and
# the standard library and attrs load some of them anyway (pathlib imports urllib.parse; on
# Python 3.9 and 3.10 attrs imports platform, which imports subprocess); the source walk above
# keeps proxycert from importing any of them itself.
CONNECTING_MODULES = {
    "ssl", "_ssl", "http.client", "http.server", "urllib.request", "asyncio", "socketserver",
    "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "xmlrpc.client",
    "xmlrpc.server", "webbrowser", "multiprocessing.connection",
} | NETWORK_PACKAGES  # fmt: skip


def test_a_fresh_interpreter_imports_and_runs_everything_offline(tmp_path: Path) -> None:
    invocations = _invocations(tmp_path)
    result = subprocess.run(  # noqa: S603 - this interpreter, this test's own script
        [sys.executable, "-c", _FRESH.format(calls=SOCKET_CALLS), json.dumps(invocations)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["statuses"] == [0] * len(invocations)
    # Nothing that opens connections was even imported, by proxycert or its dependencies.
    assert set(report["loaded"]) & CONNECTING_MODULES == set()
