"""Kept so that existing configurations naming ``briefing.sphinxext`` still load; the extension is
the ``briefing.sphinx`` package."""

from .sphinx import setup

__all__ = ["setup"]
