"""Marking the objects that :mod:`proxycert` exports, where they are defined."""

from __future__ import annotations

from typing import TypeVar

__all__ = ["public"]

_T = TypeVar("_T")


def public(obj: _T) -> _T:
    """Say that *obj* is imported from ``proxycert``, in tracebacks, reprs and pickles.

    Applied where each public class and function is defined, so that the name is right from
    the start, whether or not anyone has looked it up through ``proxycert`` yet.
    """
    obj.__module__ = "proxycert"
    return obj
