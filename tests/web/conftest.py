"""Web-app fixtures (defined in webtools so test modules can import the helpers)."""

from webtools import _media, alice, bob, norfolk_peel, rita  # noqa: F401
