"""Imported by the settings modules: no Django here."""

import base64
import hashlib


def derived_key(secret_key):
    """A Fernet key derived from SECRET_KEY: the default of the dev, local (make run), test and bench settings only."""
    digest = hashlib.sha256(("zlkm-field-encryption:" + secret_key).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()
