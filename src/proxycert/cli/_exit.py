"""The exit statuses of ``proxycert``, as the ``--help`` epilogs and README document them."""

from __future__ import annotations

#: A message was found, or every code was decoded.
FOUND = 0
#: No message was found.
NOT_FOUND = 1
#: A usage error, an invalid or unknown code, or an input that cannot be read.
ERROR = 2
# 128 + the signal number, as a shell reports a program that SIGINT or SIGPIPE ended.
#: Interrupted by Ctrl-C.
INTERRUPTED = 130
#: Standard output was closed early, as ``proxycert scan ... | head`` does.
BROKEN_PIPE = 141

EXIT_STATUS_HELP = f"""\
exit status:
  {FOUND:<3}  a message was found, or every code was decoded
  {NOT_FOUND:<3}  no message was found
  {ERROR:<3}  usage error, invalid or unknown code, or a file that cannot be read
  {INTERRUPTED:<3}  interrupted (Ctrl-C)
  {BROKEN_PIPE:<3}  standard output was closed early (proxycert scan ... | head)"""

# `proxycert cert` answers another question, so its statuses read differently.
#: No problem is predicted, and the message, if any, agrees.
CERT_OK = 0
#: Problems are predicted, or the message disagrees with the prediction.
CERT_PROBLEM = 1
#: The optional ``cert`` extra (cryptography) is not installed.
NO_EXTRA = 3

CERT_EXIT_STATUS_HELP = f"""\
exit status:
  {CERT_OK:<3}  no problem is predicted, and the message (if any) agrees
  {CERT_PROBLEM:<3}  problems are predicted, or the message disagrees
  {ERROR:<3}  usage error, or a certificate, store or message that cannot be read
  {NO_EXTRA:<3}  the cert extra is not installed: pip install "proxycert[cert]"
  {INTERRUPTED:<3}  interrupted (Ctrl-C)"""
