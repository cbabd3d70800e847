"""Personal fields encrypted at rest (Fernet), with a key from the environment.

``FIELD_ENCRYPTION_KEY`` (setting and environment variable) holds one or more
Fernet keys, comma-separated: the first encrypts, every one decrypts, so a key
is rotated by putting the new one first and running
``manage.py rotate_field_encryption`` before dropping the old one. Only the
development, local (``make run``) and test settings derive a default from
``SECRET_KEY``; production has none (system check ``participation.E001``).

The database, and every backup of it, holds only Fernet tokens. Lookups on an
encrypted column are meaningless (each token is salted): look rows up by the
keyed digest (``contact_digest``) instead.
"""

import hashlib
import hmac
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts with version byte 0x80 + timestamp


def configured_keys():
    raw = getattr(settings, "FIELD_ENCRYPTION_KEY", "") or ""
    keys = [key.strip() for key in (raw if isinstance(raw, (list, tuple)) else raw.split(",")) if key.strip()]
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be set (python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')."
        )
    return keys


_cache = {}


def fernet():
    keys = tuple(configured_keys())
    if _cache.get("keys") != keys:
        try:
            _cache["fernet"] = MultiFernet([Fernet(key) for key in keys])
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY is not a valid Fernet key: {error}") from None
        _cache["keys"] = keys
    return _cache["fernet"]


def encrypt(value):
    return fernet().encrypt(value.encode()).decode()


def decrypt(token):
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted field cannot be read with the configured FIELD_ENCRYPTION_KEY (wrong or missing key)."
        ) from None


def rotate(token):
    """The token re-encrypted under the first key."""
    return fernet().rotate(token.encode()).decode()


def normalise_contact(value):
    """Phone numbers and e-mail addresses as compared for duplicates and rate limits."""
    value = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    return "".join(ch for ch in value if not ch.isspace() and ch not in "-()")


def digest(*parts):
    """A keyed HMAC-SHA256 of the normalised parts: lets rows be matched without decrypting them."""
    key = hashlib.sha256(("zlkm-contact-digest:" + configured_keys()[0]).encode()).digest()
    message = "\x1f".join(normalise_contact(part) for part in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python sees the plain text.

    Empty values stay empty (so "not given" and "erased" are visible without the key).
    """

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        if isinstance(value, Ciphertext):
            return str(value)  # a token from a backup: stored as it is
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))

    # Serialisation (dumpdata, hence backups: operations/backup.py) writes a token, never the plain
    # text; loading reads the token back as a Ciphertext, stored unchanged.

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        if not value:
            return value
        return encrypt(str(value))

    def to_python(self, value):
        if isinstance(value, str) and not isinstance(value, Ciphertext) and value.startswith(TOKEN_PREFIX):
            try:
                fernet().decrypt(value.encode())
            except InvalidToken:
                raise ValidationError(
                    "无法用当前的 FIELD_ENCRYPTION_KEY 解密这个加密字段（密钥不对或缺失）。", code="undecryptable"
                ) from None
            return Ciphertext(value)
        return super().to_python(value)


class Ciphertext(str):
    """A Fernet token read from serialised data (a backup being restored)."""
